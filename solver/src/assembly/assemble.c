/*
 * Deterministic OpenMP assembly of the small-strain stiffness, the external loads and the internal
 * forces (see pf_assembly.h for why colouring makes the sums bit-identical for any thread count).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_assembly.h"
#include "fem/pf_fem.h"

/* Element matrix of global element g: solids B^T D B, trusses EA/L. */
static void element_stiffness(const pf_model *model, int64_t g, pf_elem_type *type, int *nn,
                              const int64_t **conn, double *Ke) {
  const pf_mesh *mesh = model->mesh;
  int64_t e;
  double X[3 * PF_MAX_NODES];
  pf_mesh_elem_locate(mesh, g, type, &e);
  *nn = pf_elem_nodes(*type);
  *conn = mesh->blocks[*type].conn + e * *nn;
  pf_fem_gather_X(mesh, *type, e, X);
  const int m = model->elem_material[g];
  const pf_material_desc *mat = &model->desc->materials[m];
  if (*type == PF_ELEM_TRUSS2)
    pf_fem_truss_stiffness(X, mat->E * mat->area, Ke);
  else
    pf_fem_solid_stiffness(*type, X, model->material_D + 36 * m, Ke);
}

/* Adds Ke into A: rows of free equations; a node's free equations are consecutive numbers and
 * therefore consecutive columns, so one search per (row, node) finds them all. Prescribed columns
 * move to rhs as -K_fc u_c. */
static void scatter(const pf_dofmap *dm, pf_csr *A, double *rhs, int nn, const int64_t *conn,
                    const double *Ke) {
  const int ndof = 3 * nn;
  for (int a = 0; a < nn; a++) {
    for (int i = 0; i < 3; i++) {
      const int64_t r = dm->eq[3 * conn[a] + i];
      if (r < 0) continue;
      const double *Krow = Ke + (size_t)(3 * a + i) * ndof;
      for (int b = 0; b < nn; b++) {
        const int64_t *eqb = dm->eq + 3 * conn[b];
        int64_t first = -1;
        for (int j = 0; j < 3 && first < 0; j++)
          if (eqb[j] >= 0 && (!A->upper || eqb[j] >= r)) first = eqb[j];
        int64_t pos = first >= 0 ? pf_csr_find(A, r, first) : -1;
        for (int j = 0; j < 3; j++) {
          const int64_t c = eqb[j];
          if (c >= 0) {
            if (!A->upper || c >= r) A->val[pos++] += Krow[3 * b + j];
          } else if (rhs) {
            const double u = dm->prescribed[3 * conn[b] + j];
            if (u != 0.0) rhs[r] -= Krow[3 * b + j] * u;
          }
        }
      }
    }
  }
}

int pf_assemble_stiffness(pf_context *ctx, const pf_model *model, const pf_dofmap *dm,
                          const pf_colouring *col, pf_csr *A, double *rhs) {
  pf_csr_zero(A, ctx->threads);
  for (int k = 0; k < col->n_colours; k++) {
#pragma omp parallel num_threads(ctx->threads)
    {
      double Ke[PF_MAX_DOF * PF_MAX_DOF];
#pragma omp for schedule(static)
      for (int64_t q = col->ptr[k]; q < col->ptr[k + 1]; q++) {
        pf_elem_type type;
        int nn;
        const int64_t *conn;
        element_stiffness(model, col->elems[q], &type, &nn, &conn, Ke);
        scatter(dm, A, rhs, nn, conn, Ke);
      }
    }
  }
  return PF_OK;
}

/* Does element g touch a prescribed dof? */
static int touches_constraint(const pf_model *model, const pf_dofmap *dm, int64_t g) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  const int nn = pf_elem_nodes(t);
  const int64_t *c = model->mesh->blocks[t].conn + e * nn;
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++)
      if (dm->owner[3 * c[a] + i] >= 0) return 1;
  return 0;
}

int pf_internal_force(pf_context *ctx, const pf_model *model, const pf_dofmap *dm,
                      const pf_colouring *col, const double *u, int constrained_only, double *f) {
  memset(f, 0, (size_t)dm->n_dofs * sizeof(double));
  for (int k = 0; k < col->n_colours; k++) {
#pragma omp parallel num_threads(ctx->threads)
    {
      double Ke[PF_MAX_DOF * PF_MAX_DOF];
#pragma omp for schedule(static)
      for (int64_t q = col->ptr[k]; q < col->ptr[k + 1]; q++) {
        const int64_t g = col->elems[q];
        if (constrained_only && !touches_constraint(model, dm, g)) continue;
        pf_elem_type type;
        int nn;
        const int64_t *conn;
        element_stiffness(model, g, &type, &nn, &conn, Ke);
        const int ndof = 3 * nn;
        double ue[PF_MAX_DOF];
        for (int a = 0; a < nn; a++)
          for (int i = 0; i < 3; i++) ue[3 * a + i] = u[3 * conn[a] + i];
        for (int r = 0; r < ndof; r++) {
          double s = 0.0;
          for (int c = 0; c < ndof; c++) s += Ke[(size_t)r * ndof + c] * ue[c];
          f[3 * conn[r / 3] + r % 3] += s;
        }
      }
    }
  }
  return PF_OK;
}

/* Adds element load vector fe of a face or element with nodes conn to f. */
static void add_nodal(double *f, int nn, const int64_t *conn, const double *fe) {
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) f[3 * conn[a] + i] += fe[3 * a + i];
}

/* Consistent loads of one surface load (pressure, traction, or a total force spread by area). */
static int surface_load(pf_context *ctx, const pf_model *model, int i, double *f) {
  const pf_load_desc *L = &model->desc->loads[i];
  const pf_surface *s = &model->mesh->surfaces[model->load_surface[i]];
  double t[3] = {0, 0, 0}, p = 0.0;
  if (L->type == PF_LOAD_PRESSURE)
    p = L->pressure;
  else
    memcpy(t, L->value, sizeof(t));
  if (L->type == PF_LOAD_SURFACE_FORCE) {
    double area = 0.0;
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const int nf = pf_face_nodes((pf_face_type)ft);
      for (int64_t k = 0; k < s->count[ft]; k++) {
        double X[3 * PF_MAX_FACE_NODES];
        for (int a = 0; a < nf; a++)
          for (int j = 0; j < 3; j++)
            X[3 * a + j] = model->mesh->x[3 * s->conn[ft][k * nf + a] + j];
        area += pf_fem_face_area((pf_face_type)ft, X);
      }
    }
    if (!(area > 0.0))
      return pf_error_at(ctx, &L->target_loc, "surface '%s' has zero area", L->target);
    for (int j = 0; j < 3; j++) t[j] /= area;
  }
  for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
    const int nf = pf_face_nodes((pf_face_type)ft);
    for (int64_t k = 0; k < s->count[ft]; k++) {
      const int64_t *conn = s->conn[ft] + k * nf;
      double X[3 * PF_MAX_FACE_NODES], fe[3 * PF_MAX_FACE_NODES];
      for (int a = 0; a < nf; a++)
        for (int j = 0; j < 3; j++) X[3 * a + j] = model->mesh->x[3 * conn[a] + j];
      pf_fem_face_load((pf_face_type)ft, X, p, t, fe);
      add_nodal(f, nf, conn, fe);
    }
  }
  return PF_OK;
}

/* Gravity: body force rho * g on every element of the load's list. Trusses lump half of their
 * weight rho A L g on each end. */
static void gravity_load(const pf_model *model, int i, double *f) {
  const pf_load_desc *L = &model->desc->loads[i];
  const pf_mesh *mesh = model->mesh;
  for (int64_t k = 0; k < model->load_elem_count[i]; k++) {
    const int64_t g = model->load_elems[i][k];
    const pf_material_desc *mat = &model->desc->materials[model->elem_material[g]];
    if (mat->density == 0.0) continue;
    pf_elem_type type;
    int64_t e;
    pf_mesh_elem_locate(mesh, g, &type, &e);
    const int nn = pf_elem_nodes(type);
    const int64_t *conn = mesh->blocks[type].conn + e * nn;
    double X[3 * PF_MAX_NODES], fe[PF_MAX_DOF];
    pf_fem_gather_X(mesh, type, e, X);
    if (type == PF_ELEM_TRUSS2) {
      const double dx = X[3] - X[0], dy = X[4] - X[1], dz = X[5] - X[2];
      const double w = 0.5 * mat->density * mat->area * sqrt(dx * dx + dy * dy + dz * dz);
      for (int j = 0; j < 3; j++) fe[j] = fe[3 + j] = w * L->value[j];
    } else {
      const double b[3] = {mat->density * L->value[0], mat->density * L->value[1],
                           mat->density * L->value[2]};
      pf_fem_body_force(type, X, b, fe);
    }
    add_nodal(f, nn, conn, fe);
  }
}

int pf_assemble_loads(pf_context *ctx, const pf_model *model, const pf_dofmap *dm, double *f) {
  memset(f, 0, (size_t)dm->n_dofs * sizeof(double));
  const pf_model_desc *d = model->desc;
  for (int i = 0; i < d->n_loads; i++) {
    const pf_load_desc *L = &d->loads[i];
    switch (L->type) {
      case PF_LOAD_NODAL_FORCE: {
        int64_t unused = 0;
        for (int64_t k = 0; k < model->load_count[i]; k++) {
          const int64_t v = model->load_nodes[i][k];
          if (!dm->used[v]) {
            unused++;
            continue;
          }
          for (int j = 0; j < 3; j++) f[3 * v + j] += L->value[j];
        }
        if (unused == model->load_count[i])
          return pf_error_at(ctx, &L->target_loc,
                             "set '%s' of load '%s' has no node used by any element", L->target,
                             L->name);
        if (unused)
          pf_warn(ctx, "load '%s': %lld node(s) of set '%s' belong to no element; no force there\n",
                  L->name, (long long)unused, L->target);
        break;
      }
      case PF_LOAD_SURFACE_FORCE:
      case PF_LOAD_PRESSURE:
      case PF_LOAD_TRACTION:
        PF_CALL(surface_load(ctx, model, i, f));
        break;
      case PF_LOAD_GRAVITY:
        gravity_load(model, i, f);
        break;
      case PF_LOAD_BODY_FORCE:
      case PF_LOAD_BODY_MOMENT:
        break; /* on reference nodes: constraint/ */
    }
  }
  return PF_OK;
}
