/*
 * Per-element data of a finite-strain model: laws, formulations, fibre directions.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_nl_assembly.h"

/* Default ramp width and residual stiffness of tension-only trusses (fem/pf_fem.h). */
#define PF_TRUSS_REG_STIFFNESS 1e-6

void pf_nl_elements_destroy(pf_nl_elements **el) {
  if (!el || !*el) return;
  free((*el)->materials);
  free((*el)->truss);
  free((*el)->active);
  free((*el)->mean_dilatation);
  free((*el)->a0);
  free(*el);
  *el = NULL;
}

/* Unit tangent of the segment of a polyline nearest to point c (the first segment's direction
 * sets the sense of every other, so fibres along a path point the same way). */
static void path_tangent(const double *path, int n, const double c[3], double t[3]) {
  double best = INFINITY;
  for (int s = 0; s + 1 < n; s++) {
    const double *a = path + 3 * s, *b = path + 3 * (s + 1);
    double ab[3], ac[3], L2 = 0.0, proj = 0.0;
    for (int i = 0; i < 3; i++) {
      ab[i] = b[i] - a[i];
      ac[i] = c[i] - a[i];
      L2 += ab[i] * ab[i];
      proj += ab[i] * ac[i];
    }
    if (L2 <= 0.0) continue;
    double u = proj / L2;
    u = u < 0.0 ? 0.0 : u > 1.0 ? 1.0 : u;
    double d2 = 0.0;
    for (int i = 0; i < 3; i++) {
      const double di = ac[i] - u * ab[i];
      d2 += di * di;
    }
    if (d2 < best) {
      best = d2;
      const double L = sqrt(L2);
      for (int i = 0; i < 3; i++) t[i] = ab[i] / L;
    }
  }
}

static void centroid(const pf_mesh *mesh, int64_t g, double c[3]) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(mesh, g, &t, &e);
  const int nn = t == PF_ELEM_TET10 ? 4 : pf_elem_nodes(t); /* corners */
  const int64_t *conn = mesh->blocks[t].conn + e * pf_elem_nodes(t);
  c[0] = c[1] = c[2] = 0.0;
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) c[i] += mesh->x[3 * conn[a] + i] / nn;
}

/* Fibre directions of the elements of region r. */
static int region_directions(pf_context *ctx, const pf_model *model, int r, pf_nl_elements *el) {
  const pf_region_desc *R = &model->desc->regions[r];
  const pf_mesh *mesh = model->mesh;
  int data = -1;
  if (R->direction == PF_DIR_MESH_DATA) {
    data = pf_mesh_find_elem_data(mesh, R->dir_data);
    if (data < 0)
      return pf_error_at(ctx, &R->loc, "region '%s': the mesh %s has no element data '%s'", R->set,
                         mesh->source, R->dir_data);
    if (mesh->elem_data[data].components != 3)
      return pf_error_at(ctx, &R->loc,
                         "region '%s': element data '%s' has %d components (expected 3: a "
                         "direction)",
                         R->set, R->dir_data, mesh->elem_data[data].components);
  }
  for (int64_t g = 0; g < el->n_elems; g++) {
    if (model->elem_region[g] != r) continue;
    double d[3] = {NAN, NAN, NAN};
    if (R->direction == PF_DIR_VECTOR) {
      memcpy(d, R->dir, sizeof(d));
    } else if (R->direction == PF_DIR_PATH) {
      double c[3];
      centroid(mesh, g, c);
      path_tangent(R->path, R->n_path, c, d);
    } else if (R->direction == PF_DIR_MESH_DATA) {
      memcpy(d, mesh->elem_data[data].values + 3 * g, sizeof(d));
    }
    const double n = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (!(n > 0.0) || !isfinite(n)) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(mesh, g, &t, &e);
      return pf_error_at(ctx, &R->loc,
                         "region '%s': element %lld has no fibre direction (expected a "
                         "non-zero direction from direction:, path: or direction_data:)",
                         R->set, (long long)mesh->blocks[t].ids[e]);
    }
    for (int i = 0; i < 3; i++) el->a0[3 * g + i] = d[i] / n;
  }
  return PF_OK;
}

int pf_nl_elements_create(pf_context *ctx, const pf_model *model, pf_nl_elements **el_out) {
  const pf_model_desc *d = model->desc;
  pf_nl_elements *el = NULL;
  int ierr;
  *el_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &el));
  el->n_elems = model->n_elems;
  el->n_materials = d->n_materials;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_materials, &el->materials));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_materials, &el->truss));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, el->n_elems, &el->active));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, el->n_elems, &el->mean_dilatation));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * el->n_elems, &el->a0));
  for (int k = 0; k < d->n_materials; k++) {
    const pf_material_desc *m = &d->materials[k];
    if (m->model == PF_MAT_TRUSS) {
      pf_truss_law *t = &el->truss[k];
      t->EA = m->E * m->area;
      t->prestrain = m->prestrain;
      t->tension_only = m->tension_only;
      t->reg_strain = m->reg_strain > 0.0 ? m->reg_strain : 1e-4;
      t->reg_stiffness = PF_TRUSS_REG_STIFFNESS;
    } else {
      PF_CALL_GOTO(ierr, fail, pf_material_create(ctx, d, k, &el->materials[k]));
    }
  }
  for (int64_t k = 0; k < 3 * el->n_elems; k++) el->a0[k] = NAN;
  for (int64_t g = 0; g < el->n_elems; g++) {
    const int r = model->elem_region[g];
    el->active[g] = r >= 0 && d->regions[r].kind == PF_REGION_MATERIAL;
    if (!el->active[g]) continue;
    const int k = model->elem_material[g];
    const pf_material_desc *m = &d->materials[k];
    pf_elem_type t;
    int64_t e;
    pf_mesh_elem_locate(model->mesh, g, &t, &e);
    if (m->model == PF_MAT_TRUSS) continue;
    const int split = el->materials[k].split;
    const pf_formulation form =
        d->regions[r].formulation != PF_FORM_DEFAULT ? d->regions[r].formulation : m->formulation;
    if (form == PF_FORM_MEAN_DILATATION && !split) {
      const pf_srcloc *loc =
          d->regions[r].formulation != PF_FORM_DEFAULT ? &d->regions[r].loc : &m->loc;
      ierr = pf_error_at(ctx, loc,
                         "region '%s' (material '%s'): mean_dilatation needs a law split into "
                         "isochoric and volumetric parts, W(Cbar) + U(J) (expected formulation: "
                         "displacement)",
                         d->regions[r].set, m->name);
      goto fail;
    }
    const int md = form == PF_FORM_MEAN_DILATATION || (form == PF_FORM_DEFAULT && split);
    el->mean_dilatation[g] = md && (t == PF_ELEM_TET10 || t == PF_ELEM_HEX8);
  }
  for (int r = 0; r < d->n_regions; r++) {
    const pf_region_desc *R = &d->regions[r];
    if (R->kind != PF_REGION_MATERIAL) continue;
    const int fibre = d->materials[R->material].model == PF_MAT_FIBRE;
    if (fibre && R->direction == PF_DIR_NONE) {
      ierr = pf_error_at(ctx, &R->loc,
                         "region '%s' has the fibre material '%s' but no fibre direction "
                         "(expected direction:, path: or direction_data:)",
                         R->set, d->materials[R->material].name);
      goto fail;
    }
    if (fibre) PF_CALL_GOTO(ierr, fail, region_directions(ctx, model, r, el));
  }
  *el_out = el;
  return PF_OK;
fail:
  pf_nl_elements_destroy(&el);
  return ierr;
}

void pf_nl_elements_law(const pf_nl_elements *el, const pf_model *model, int64_t g,
                        pf_tl_material *m) {
  m->stress = pf_material_eval_cb;
  m->volumetric = pf_material_volumetric_cb;
  m->law = &el->materials[model->elem_material[g]];
  m->mean_dilatation = el->mean_dilatation[g];
  m->a0 = isnan(el->a0[3 * g]) ? NULL : el->a0 + 3 * g;
}

double pf_nl_elements_youngs(const pf_nl_elements *el, const pf_model *model, int64_t g) {
  if (g < 0 || g >= el->n_elems || !el->active[g]) return 0.0;
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  if (t == PF_ELEM_TRUSS2) return 0.0;
  pf_tl_material m;
  pf_nl_elements_law(el, model, g, &m);
  const double F[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  double S[6], C[36];
  if (m.stress(m.law, 0, F, m.a0, S, C, NULL)) return 0.0;
  const double lambda = C[1], mu = C[21]; /* C_xxyy and the shear modulus (engineering shear) */
  return lambda + mu > 0.0 && mu > 0.0 ? mu * (3.0 * lambda + 2.0 * mu) / (lambda + mu) : 0.0;
}
