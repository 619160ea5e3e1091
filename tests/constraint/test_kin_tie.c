/*
 * Ties (node to face) and body resultants.
 *
 * Ties: extra nodes near face xmax of a box (hex8: quad4 faces; tet10: tri6 faces), tied to
 * surface xmax. Isoparametric faces reproduce linear fields (partition of unity and linear
 * completeness: sum N_a = 1, sum N_a X_a = x(xi)), so for free-node displacements u = A X + b
 * the tied node gets u = A x(xi) + b, x(xi) its projection: for a node on the face exactly
 * A X_s + b (1e-12), for a node at gap g off the flat face A (X_s - g n) + b (1e-12).
 * Links: a tied node's links sum to the interpolation weights (sum over links of G = I).
 * Errors: a node beyond the position tolerance is refused (PF_ERR_INPUT), and so is a node in
 * two bodies.
 *
 * Resultants: a uniform force f on each of the N nodes of a rigid box rotated by R gives
 * F = N f and M = (x_c - x_r) x N f about the reference point (x_c the current centroid), with a
 * given ref_point (1e-12 relative).
 */
#include "constraint/pf_rotation.h"
#include "kin_test_util.h"

static void check_tie(pf_context *ctx, pf_elem_type type) {
  pf_mesh *m = NULL;
  const int nc[3] = {2, 2, 2};
  const double L[3] = {2.0, 1.5, 1.0};
  if (tm_box(ctx, type, nc, L, 0.2, 9, &m)) {
    PF_EXPECT(0, "tm_box");
    return;
  }
  const double gap = 2e-3;
  const double Xs[4][3] = {
      {2.0, 0.3, 0.2}, {2.0, 1.1, 0.77}, {2.0 - gap, 0.71, 0.45}, {2.0, 1.5, 1.0}};
  const int64_t ids[4] = {9001, 9002, 9003, 9004};
  const int64_t first = kt_add_nodes(m, &Xs[0][0], ids, 4);
  const int64_t rows[4] = {first, first + 1, first + 2, first + 3};
  kt_add_nset(m, "tied", rows, 4);
  kt_setup s;
  kt_init(&s, m);
  s.model.n_elems = m->elem_offset[PF_ELEM_NUM_TYPES];
  kt_tie(&s, "glue", "tied", "xmax", 0.01);
  pf_kinematics *kin = NULL;
  int rc = pf_kinematics_create(ctx, &s.model, &kin);
  PF_EXPECT(rc == PF_OK, "pf_kinematics_create: %s", pf_context_error(ctx));
  if (rc) {
    pf_mesh_destroy(&m);
    return;
  }
  for (int k = 0; k < 4; k++) PF_EXPECT(pf_kin_node_group(kin, rows[k]) == -1, "tied: no group");
  const double A[9] = {0.01, -0.02, 0.03, 0.015, 0.005, -0.01, -0.02, 0.025, 0.01};
  const double b[3] = {0.1, -0.2, 0.05};
  const int64_t ng = pf_kin_n_group_dofs(kin);
  double *d = calloc((size_t)ng, sizeof(double));
  for (int64_t v = 0; v < first; v++) {
    const int64_t g = pf_kin_node_group(kin, v);
    PF_EXPECT(g >= 0, "mesh node %lld free", (long long)v);
    double u[3];
    pf_m3_vec(A, m->x + 3 * v, u);
    for (int i = 0; i < 3; i++) d[pf_kin_group_offset(kin, g) + i] = u[i] + b[i];
  }
  pf_kin_update(kin, d);
  const double *u = pf_kin_displacement(kin);
  double err = 0.0, lsum = 0.0;
  for (int k = 0; k < 4; k++) {
    double X[3], want[3];
    memcpy(X, Xs[k], sizeof(X));
    if (k == 2) X[0] += gap; /* its projection on the plane x = 2 */
    pf_m3_vec(A, X, want);
    for (int i = 0; i < 3; i++) err = fmax(err, fabs(u[3 * rows[k] + i] - want[i] - b[i]));
    pf_link links[PF_KIN_MAX_LINKS];
    const int nl = pf_kin_node_links(kin, rows[k], links);
    double G[9] = {0};
    for (int l = 0; l < nl; l++)
      for (int q = 0; q < 9; q++) G[q] += links[l].G[q];
    for (int q = 0; q < 9; q++) lsum = fmax(lsum, fabs(G[q] - (q % 4 == 0)));
  }
  printf("tie on %s faces: linear field error %.3g, links sum - I %.3g\n",
         type == PF_ELEM_HEX8 ? "quad4" : "tri6", err, lsum);
  PF_EXPECT(err <= 1e-12, "tie: linear field reproduced to %.3g", err);
  PF_EXPECT(lsum <= 1e-13, "tie: links sum to I (%.3g)", lsum);
  free(d);
  pf_kinematics_destroy(&kin);

  /* beyond tolerance */
  s.ties[0].tolerance = 1e-3;
  rc = pf_kinematics_create(ctx, &s.model, &kin);
  PF_EXPECT(rc == PF_ERR_INPUT && kin == NULL, "a node 2e-3 off the face, tolerance 1e-3: refused");
  printf("  refused as expected: %s\n", pf_context_error(ctx));
  pf_mesh_destroy(&m);
}

static void check_resultant(pf_context *ctx) {
  pf_mesh *m = NULL;
  const int nc[3] = {2, 2, 2};
  const double L[3] = {2.0, 1.5, 1.0};
  if (tm_box(ctx, PF_ELEM_HEX8, nc, L, 0.2, 4, &m)) return;
  kt_setup s;
  kt_init(&s, m);
  const int b = kt_rigid(&s, "block");
  const double ref[3] = {-1.0, 0.5, 3.0};
  s.bodies[b].has_ref_point = 1;
  memcpy(s.bodies[b].ref_point, ref, sizeof(ref));
  pf_kinematics *kin = NULL;
  int rc = pf_kinematics_create(ctx, &s.model, &kin);
  PF_EXPECT(rc == PF_OK, "pf_kinematics_create: %s", pf_context_error(ctx));
  if (rc) return;
  const double d[6] = {0.5, -0.2, 0.3, 0.4, 1.0, -0.7};
  pf_kin_update(kin, d);
  const int64_t nn = m->n_nodes;
  const double f[3] = {1.5, -2.0, 0.75};
  double *fn = malloc((size_t)(3 * nn) * sizeof(double)), xc[3] = {0, 0, 0}, xr[3], R[9];
  for (int64_t v = 0; v < nn; v++)
    for (int i = 0; i < 3; i++) fn[3 * v + i] = f[i], xc[i] += m->x[3 * v + i] / (double)nn;
  pf_kin_body_state(kin, b, xr, NULL, R, NULL);
  for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(xr[i], ref[i] + d[i], 1e-14);
  double arm[3], c[3], Nf[3], Mw[3], F[3], M[3];
  for (int i = 0; i < 3; i++) c[i] = xc[i] - ref[i], Nf[i] = (double)nn * f[i];
  pf_m3_vec(R, c, arm); /* x_c - x_r = R (X_c - X_r) */
  pf_v3_cross(arm, Nf, Mw);
  pf_kin_body_resultant(kin, b, fn, F, M);
  for (int i = 0; i < 3; i++) {
    PF_EXPECT_REL(F[i], Nf[i], 1e-13);
    PF_EXPECT_NEAR(M[i], Mw[i], 1e-12 * kt_maxabs(3, Mw));
  }
  printf(
      "resultant of a uniform field: force %.6g %.6g %.6g, moment %.6g %.6g %.6g (closed form "
      "%.6g %.6g %.6g)\n",
      F[0], F[1], F[2], M[0], M[1], M[2], Mw[0], Mw[1], Mw[2]);
  free(fn);
  pf_kinematics_destroy(&kin);
  pf_mesh_destroy(&m);
}

/* A node in two bodies is refused (PF_ERR_INPUT). */
static void check_two_bodies(pf_context *ctx) {
  pf_mesh *m = NULL;
  const int nc[3] = {1, 1, 1};
  const double L[3] = {1.0, 1.0, 1.0};
  if (tm_box(ctx, PF_ELEM_HEX8, nc, L, 0.0, 1, &m)) return;
  kt_setup s;
  kt_init(&s, m);
  kt_coupling(&s, "a", "xmax", NULL);
  kt_coupling(&s, "b", "ymax", NULL); /* shares the edge x = y = 1 */
  pf_kinematics *kin = NULL;
  const int rc = pf_kinematics_create(ctx, &s.model, &kin);
  PF_EXPECT(rc == PF_ERR_INPUT && kin == NULL, "a node in two bodies: refused (rc %d)", rc);
  printf("two bodies sharing nodes, refused as expected: %s\n", pf_context_error(ctx));
  pf_mesh_destroy(&m);
}

int main(void) {
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) return 1;
  check_tie(ctx, PF_ELEM_HEX8);
  check_tie(ctx, PF_ELEM_TET10);
  check_resultant(ctx);
  check_two_bodies(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_kin_tie");
}
