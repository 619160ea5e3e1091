/*
 * Model checks that solve nothing: inverted elements, unit mistakes and parts that nothing holds.
 */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_analysis.h"
#include "fem/pf_fem.h"

static const char *region_of(const pf_model *model, int64_t g) {
  int r = model->elem_region[g];
  return r >= 0 ? model->desc->regions[r].set : "?";
}

int pf_check_elements(pf_context *ctx, const pf_model *model, double *min_jac_ratio,
                      double *min_shape) {
  const pf_mesh *mesh = model->mesh;
  double worst_j = 1e300, worst_s = 1e300;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int64_t m = mesh->blocks[t].count;
    if (!m) continue;
    double *jr = NULL, *sh = NULL;
    int ierr = PF_CALLOC(ctx, m, &jr);
    if (!ierr) ierr = PF_CALLOC(ctx, m, &sh);
    if (!ierr) ierr = pf_element_quality(ctx, mesh, (pf_elem_type)t, jr, sh);
    int64_t n_bad = 0, first = -1;
    for (int64_t e = 0; !ierr && e < m; e++) {
      if (jr[e] < worst_j) worst_j = jr[e];
      if (sh[e] < worst_s) worst_s = sh[e];
      if (!(jr[e] > 0.0)) {
        if (first < 0) first = e;
        n_bad++;
      }
    }
    if (!ierr && n_bad) {
      const int64_t g = mesh->elem_offset[t] + first;
      ierr = pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL,
                          "%s: %lld inverted or degenerate %s element(s) (Jacobian determinant "
                          "<= 0), the first is element %lld in region '%s' (ratio %.3g; "
                          "expected > 0)",
                          mesh->source, (long long)n_bad, pf_elem_name((pf_elem_type)t),
                          (long long)mesh->blocks[t].ids[first], region_of(model, g), jr[first]);
    }
    free(jr);
    free(sh);
    if (ierr) return ierr;
  }
  if (min_jac_ratio) *min_jac_ratio = worst_j;
  if (min_shape) *min_shape = worst_s;
  return PF_OK;
}

int pf_check_units(pf_context *ctx, const pf_model *model, int as_error) {
  const pf_model_desc *d = model->desc;
  double bb[6];
  char msg[1024] = "";
  pf_mesh_bbox(model->mesh, bb);
  double extent = fmax(bb[3] - bb[0], fmax(bb[4] - bb[1], bb[5] - bb[2]));
  pf_srcloc loc = d->mesh_loc;
  if (extent < 1.0 || extent > 1e4) {
    snprintf(msg, sizeof(msg),
             "the mesh is %.3g mm across: pfsim works in mm, N, MPa; a model in m or um is 1000x "
             "off (set mesh.scale, e.g. 1000 for a mesh in m; expected an extent of 1 mm to 10 m)",
             extent);
  }
  for (int k = 0; k < d->n_materials && !msg[0]; k++) {
    const pf_material_desc *m = &d->materials[k];
    if (m->E > 1e6) {
      loc = m->loc;
      snprintf(msg, sizeof(msg),
               "material '%s': E = %g MPa is stiffer than any tissue or metal: is it in Pa? "
               "(pfsim uses MPa; expected E <= 1e6)",
               m->name, m->E);
    } else if (m->density > 1e-3) {
      loc = m->loc;
      snprintf(msg, sizeof(msg),
               "material '%s': density = %g t/mm^3 looks like kg/m^3 (1000 kg/m^3 = 1e-9 "
               "t/mm^3; expected <= 1e-3)",
               m->name, m->density);
    }
  }
  if (!msg[0]) return PF_OK;
  if (as_error) return pf_error_at(ctx, &loc, "%s", msg);
  pf_warn(ctx, "%s:%d: %s\n", loc.file ? loc.file : "", loc.line, msg);
  return PF_OK;
}

static int64_t uf_find(int64_t *parent, int64_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

/* The rigid-body motions of a component that its prescribed dofs leave free: the null space of
 * G = sum over prescribed dofs of r r^T, r the dof's row of the six rigid-body modes (three
 * translations, three rotations about the centroid scaled by the component's size). A pure mode
 * is named when it lies mostly in the null space (|P e_k|^2 > 1/2, P the projector on it); a
 * null space of mixed motions is named by the dominant mode of each basis vector. */
static int free_motions(const double G[36], char *what, size_t n) {
  double A[36], w[6];
  memcpy(A, G, sizeof(A));
  if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', 6, A, 6, w) != 0) return 0;
  static const char *mode[6] = {"translate along x", "translate along y", "translate along z",
                                "rotate about x",    "rotate about y",    "rotate about z"};
  int null[6], n_null = 0, named[6] = {0};
  for (int k = 0; k < 6; k++)
    if (w[k] <= 1e-10 * fmax(w[5], 1e-300)) null[n_null++] = k;
  for (int i = 0; i < 6; i++) {
    double p = 0.0;
    for (int v = 0; v < n_null; v++) p += A[6 * i + null[v]] * A[6 * i + null[v]];
    named[i] = p > 0.5;
  }
  int any = 0;
  for (int i = 0; i < 6; i++) any |= named[i];
  for (int v = 0; v < n_null && !any; v++) {
    int best = 0;
    for (int i = 1; i < 6; i++)
      if (fabs(A[6 * i + null[v]]) > fabs(A[6 * best + null[v]])) best = i;
    named[best] = 1;
  }
  what[0] = '\0';
  int n_named = 0;
  for (int i = 0; i < 6 && n_null; i++) {
    if (!named[i]) continue;
    size_t len = strlen(what);
    snprintf(what + len, n - len, "%s%s", n_named++ ? ", " : "", mode[i]);
  }
  return n_null;
}

int pf_check_supports(pf_context *ctx, const pf_model *model, const pf_dofmap *dm) {
  const pf_mesh *mesh = model->mesh;
  const int64_t nn = mesh->n_nodes;
  int64_t *parent = NULL, *comp = NULL, *first_elem = NULL;
  double *acc = NULL; /* per component: node count, coordinate sums (4), then G (36) */
  int ierr = PF_OK;
  PF_CALL(PF_CALLOC(ctx, nn, &parent));
  for (int64_t v = 0; v < nn; v++) parent[v] = v;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int k = pf_elem_nodes((pf_elem_type)t);
    for (int64_t e = 0; e < mesh->blocks[t].count; e++) {
      const int64_t *c = mesh->blocks[t].conn + e * k;
      int64_t r0 = uf_find(parent, c[0]);
      for (int a = 1; a < k; a++) {
        int64_t r = uf_find(parent, c[a]);
        if (r != r0) parent[r] = r0;
      }
    }
  }
  /* Components numbered 0..n_comp-1 in node order. */
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nn, &comp));
  int64_t n_comp = 0;
  for (int64_t v = 0; v < nn; v++) comp[v] = -1;
  for (int64_t v = 0; v < nn; v++) {
    if (!dm->used[v]) continue;
    int64_t r = uf_find(parent, v);
    if (comp[r] < 0) comp[r] = n_comp++;
    comp[v] = comp[r];
  }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_comp * 40, &acc));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_comp, &first_elem));
  for (int64_t v = 0; v < nn; v++) {
    if (comp[v] < 0) continue;
    double *a = acc + 40 * comp[v];
    a[0] += 1.0;
    for (int i = 0; i < 3; i++) a[1 + i] += mesh->x[3 * v + i];
  }
  double bb[6];
  pf_mesh_bbox(mesh, bb);
  const double L = fmax(fmax(bb[3] - bb[0], bb[4] - bb[1]), fmax(bb[5] - bb[2], 1e-300));
  /* Gram matrix of the rigid-body modes at prescribed dofs: row of dof i of a node at offset d
   * from the centroid is translations e_i and rotations (e_k x d)_i. */
  for (int64_t v = 0; v < nn; v++) {
    if (comp[v] < 0) continue;
    double *a = acc + 40 * comp[v], *G = a + 4;
    const double d[3] = {(mesh->x[3 * v] - a[1] / a[0]) / L, (mesh->x[3 * v + 1] - a[2] / a[0]) / L,
                         (mesh->x[3 * v + 2] - a[3] / a[0]) / L};
    const double ek_x_d[3][3] = {{0, -d[2], d[1]}, {d[2], 0, -d[0]}, {-d[1], d[0], 0}};
    for (int i = 0; i < 3; i++) {
      if (dm->owner[3 * v + i] < 0) continue;
      double r[6] = {0, 0, 0, 0, 0, 0};
      r[i] = 1.0;
      for (int k = 0; k < 3; k++) r[3 + k] = ek_x_d[k][i];
      for (int p = 0; p < 6; p++)
        for (int q = 0; q < 6; q++) G[6 * p + q] += r[p] * r[q];
    }
  }
  for (int64_t c = 0; c < n_comp; c++) first_elem[c] = -1;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int k = pf_elem_nodes((pf_elem_type)t);
    for (int64_t e = 0; e < mesh->blocks[t].count; e++) {
      int64_t c = comp[mesh->blocks[t].conn[e * k]];
      if (first_elem[c] < 0) first_elem[c] = mesh->elem_offset[t] + e;
    }
  }
  for (int64_t c = 0; c < n_comp; c++) {
    const double *a = acc + 40 * c, *G = a + 4;
    pf_elem_type t;
    int64_t e;
    pf_mesh_elem_locate(mesh, first_elem[c], &t, &e);
    const char *region = region_of(model, first_elem[c]);
    const long long elem_id = (long long)mesh->blocks[t].ids[e];
    int fixed = 0;
    for (int p = 0; p < 3; p++) fixed |= G[7 * p] > 0.0;
    char what[256];
    if (!fixed) {
      ierr = pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL,
                          "%s: a part of region '%s' (%.0f nodes, with element %lld) is held by "
                          "no constraint: it can move freely (expected every connected part to "
                          "be fixed or prescribed somewhere)",
                          model->desc->config_path, region, a[0], elem_id);
      goto done;
    }
    if (free_motions(G, what, sizeof(what))) {
      ierr = pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL,
                          "%s: a part of region '%s' (%.0f nodes, with element %lld) is not held "
                          "well enough: its constraints let it %s (expected constraints that "
                          "stop all six rigid-body motions)",
                          model->desc->config_path, region, a[0], elem_id, what);
      goto done;
    }
  }
done:
  free(parent);
  free(comp);
  free(first_elem);
  free(acc);
  return ierr;
}
