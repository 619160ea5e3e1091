/*
 * Element-by-element results over the whole mesh: stresses and strains, and element quality.
 * Each element writes only its own rows, so the loops are bit-identical for any thread count.
 */
#include <math.h>

#include "assembly/pf_assembly.h"
#include "assembly/pf_nl_assembly.h"
#include "core/pf_blas.h"
#include "fem/pf_fem.h"

/* Truss: the uniaxial state along the bar, expressed in the global frame, sigma = (N/A) e (x) e. */
static void truss_results(const double *X, const double *ue, const pf_material_desc *mat,
                          double eps[6], double sig[6], double *force, double *min_J,
                          double *measure) {
  double strain, d[3], len = 0.0;
  for (int i = 0; i < 3; i++) d[i] = X[3 + i] - X[i], len += d[i] * d[i];
  len = sqrt(len);
  for (int i = 0; i < 3; i++) d[i] /= len;
  pf_fem_truss_strain(X, ue, mat->E * mat->area, &strain, force);
  static const int ij[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {1, 2}, {0, 2}};
  for (int k = 0; k < 6; k++) {
    const double dd = d[ij[k][0]] * d[ij[k][1]];
    eps[k] = strain * dd;
    sig[k] = *force / mat->area * dd;
  }
  *min_J = 1.0 + strain;
  *measure = len * mat->area;
}

int pf_element_results(pf_context *ctx, const pf_model *model, const double *u,
                       pf_element_fields *f) {
  const pf_mesh *mesh = model->mesh;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_type type = (pf_elem_type)t;
    const int nn = pf_elem_nodes(type);
    const int64_t m = mesh->blocks[t].count;
#pragma omp parallel for num_threads(ctx->threads) schedule(static)
    for (int64_t e = 0; e < m; e++) {
      const int64_t g = mesh->elem_offset[t] + e;
      const int64_t *conn = mesh->blocks[t].conn + e * nn;
      const int mat = model->elem_material[g];
      double X[3 * PF_MAX_NODES], ue[PF_MAX_DOF];
      pf_fem_gather_X(mesh, type, e, X);
      for (int a = 0; a < nn; a++)
        for (int i = 0; i < 3; i++) ue[3 * a + i] = u[3 * conn[a] + i];
      double *eps = f->strain[t] + 6 * e, *sig = f->stress[t] + 6 * e;
      if (type == PF_ELEM_TRUSS2) {
        truss_results(X, ue, &model->desc->materials[mat], eps, sig, &f->axial_force[t][e],
                      &f->min_J[t][e], &f->measure[g]);
      } else {
        pf_fem_solid_strain_stress(type, X, ue, model->material_D + 36 * mat, eps, sig,
                                   &f->min_J[t][e]);
        f->measure[g] = pf_fem_volume(type, X);
      }
      f->von_mises[t][e] = pf_fem_von_mises(sig);
    }
  }
  return PF_OK;
}

int pf_element_quality(pf_context *ctx, const pf_mesh *mesh, pf_elem_type type, double *jac_ratio,
                       double *shape) {
  PF_CHECK(mesh, ctx, PF_ERR_INTERNAL, "pf_element_quality: no mesh");
  PF_CHECK((int)type >= 0 && (int)type < PF_ELEM_NUM_TYPES, ctx, PF_ERR_INTERNAL,
           "pf_element_quality: invalid element type %d", (int)type);
  const pf_elem_block *blk = &mesh->blocks[type];
  const int64_t count = blk->count;
  if (count == 0 || (!jac_ratio && !shape)) return PF_OK;
  PF_CHECK(blk->conn && mesh->x, ctx, PF_ERR_INTERNAL,
           "pf_element_quality: %s block without connectivity or coordinates", pf_elem_name(type));
#pragma omp parallel for schedule(static) num_threads(ctx->threads)
  for (int64_t e = 0; e < count; e++) {
    double X[3 * PF_MAX_NODES], jr, sh;
    pf_fem_gather_X(mesh, type, e, X);
    pf_fem_elem_quality(type, X, &jr, &sh);
    if (jac_ratio) jac_ratio[e] = jr;
    if (shape) shape[e] = sh;
  }
  return PF_OK;
}

int pf_nl_element_results(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                          const double *u, pf_element_fields *f) {
  const pf_mesh *mesh = model->mesh;
  int bad = 0;
  const pf_blas_saved blas = pf_blas_threads_begin(1); /* dsyev per element (tl_results.c) */
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_type type = (pf_elem_type)t;
    const int nn = pf_elem_nodes(type);
    const int64_t m = mesh->blocks[t].count;
#pragma omp parallel for num_threads(ctx->threads) schedule(static) reduction(| : bad)
    for (int64_t e = 0; e < m; e++) {
      const int64_t g = mesh->elem_offset[t] + e;
      const int64_t *conn = mesh->blocks[t].conn + e * nn;
      double X[3 * PF_MAX_NODES], ue[PF_MAX_DOF], fibre = NAN, mJ = NAN;
      double *eps = f->strain[t] + 6 * e, *sig = f->stress[t] + 6 * e;
      pf_fem_gather_X(mesh, type, e, X);
      for (int a = 0; a < nn; a++)
        for (int i = 0; i < 3; i++) ue[3 * a + i] = u[3 * conn[a] + i];
      f->measure[g] = type == PF_ELEM_TRUSS2 ? 0.0 : pf_fem_volume(type, X);
      if (!el->active[g]) {
        for (int k = 0; k < 6; k++) eps[k] = sig[k] = NAN;
      } else if (type == PF_ELEM_TRUSS2) {
        const pf_truss_law *law = &el->truss[model->elem_material[g]];
        double N = 0.0, lambda = 1.0, d[3], len = 0.0, fe_bar[6];
        bad |= pf_fem_tl_truss(X, ue, law, fe_bar, NULL, &N, &lambda) != 0;
        for (int i = 0; i < 3; i++) {
          d[i] = X[3 + i] + ue[3 + i] - X[i] - ue[i];
          len += d[i] * d[i];
        }
        len = sqrt(len);
        for (int i = 0; i < 3; i++) d[i] = len > 0.0 ? d[i] / len : 0.0;
        static const int ij[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {1, 2}, {0, 2}};
        const double area = model->desc->materials[model->elem_material[g]].area;
        for (int k = 0; k < 6; k++) {
          const double dd = d[ij[k][0]] * d[ij[k][1]];
          eps[k] = log(lambda) * dd;
          sig[k] = N / area * dd;
        }
        if (f->axial_force[t]) f->axial_force[t][e] = N;
        mJ = lambda;
        f->measure[g] = model->desc->materials[model->elem_material[g]].area *
                        sqrt((X[3] - X[0]) * (X[3] - X[0]) + (X[4] - X[1]) * (X[4] - X[1]) +
                             (X[5] - X[2]) * (X[5] - X[2]));
      } else {
        pf_tl_material mat;
        pf_nl_elements_law(el, model, g, &mat);
        bad |= pf_fem_tl_results(type, X, ue, &mat, sig, eps, &fibre, &mJ) != 0;
      }
      f->min_J[t][e] = mJ;
      if (f->fibre_strain[t]) f->fibre_strain[t][e] = fibre;
      f->von_mises[t][e] = pf_fem_von_mises(sig);
    }
  }
  pf_blas_threads_end(blas);
  return bad ? -1 : PF_OK;
}
