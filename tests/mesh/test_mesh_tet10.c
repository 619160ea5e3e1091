/* tet10 node order on a curved mesh: ring-tet10.msh (a quarter of a thick cylinder, r 10..20,
 * length 4, mid-edge nodes on the curved geometry) read by pfsim must have a positive Jacobian
 * determinant at the four corners and the six mid-edge points of every tet10.
 *
 * Shape functions of the quadratic tetrahedron in VTK order (Zienkiewicz & Taylor, The Finite
 * Element Method vol. 1, 6th ed., sec. 6.5): with barycentric L0 = 1 - xi - eta - zeta, L1 = xi,
 * L2 = eta, L3 = zeta, corners N_i = L_i (2 L_i - 1), mid-edge nodes N = 4 L_i L_j for edges
 * 01 12 20 03 13 23 (nodes 4..9). They are evaluated here, not taken from the fem module.
 *
 * The test can fail: swapping nodes 8 and 9 back to gmsh's order inverts elements (checked
 * below), and the mid-edge nodes of the 'outer' faces must lie on r = 20 (a curved mesh). */
#include <math.h>

#include "mesh_test.h"

#define DIR "meshes/verification/"

/* detJ of a tet10 at reference point xi; x: 10 nodes, VTK order. */
static double tet10_detJ(const double x[10][3], const double xi[3]) {
  const double L[4] = {1.0 - xi[0] - xi[1] - xi[2], xi[0], xi[1], xi[2]};
  static const double dL[4][3] = {{-1, -1, -1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  static const int edge[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  double dN[10][3];
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++) dN[i][k] = (4.0 * L[i] - 1.0) * dL[i][k];
  for (int e = 0; e < 6; e++) {
    const int a = edge[e][0], b = edge[e][1];
    for (int k = 0; k < 3; k++) dN[4 + e][k] = 4.0 * (L[a] * dL[b][k] + L[b] * dL[a][k]);
  }
  double J[3][3] = {{0}};
  for (int n = 0; n < 10; n++)
    for (int i = 0; i < 3; i++)
      for (int k = 0; k < 3; k++) J[i][k] += x[n][i] * dN[n][k];
  const double c0[3] = {J[0][0], J[1][0], J[2][0]}, c1[3] = {J[0][1], J[1][1], J[2][1]},
               c2[3] = {J[0][2], J[1][2], J[2][2]};
  return mt_det3(c0, c1, c2);
}

/* Smallest detJ over corners and mid-edge points of every tet10, nodes 8 and 9 optionally
 * swapped; also the volume (4-point rule, degree 2). */
static double min_detJ(const pf_mesh *m, int swap, double *volume) {
  static const double pts[10][3] = {{0, 0, 0},   {1, 0, 0},  {0, 1, 0},  {0, 0, 1},   {.5, 0, 0},
                                    {.5, .5, 0}, {0, .5, 0}, {0, 0, .5}, {.5, 0, .5}, {0, .5, .5}};
  const double a = 0.5854101966249685, b = 0.1381966011250105;
  const double qp[4][3] = {{b, b, b}, {a, b, b}, {b, a, b}, {b, b, a}};
  const pf_elem_block *blk = &m->blocks[PF_ELEM_TET10];
  double worst = 1e300;
  *volume = 0.0;
  for (int64_t e = 0; e < blk->count; e++) {
    double x[10][3];
    for (int n = 0; n < 10; n++) {
      int k = n;
      if (swap && n >= 8) k = 17 - n;
      memcpy(x[n], m->x + 3 * blk->conn[10 * e + k], sizeof(x[n]));
    }
    for (int p = 0; p < 10; p++) worst = fmin(worst, tet10_detJ(x, pts[p]));
    for (int q = 0; q < 4; q++) *volume += tet10_detJ(x, qp[q]) / 24.0;
  }
  return worst;
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_mesh *m = mt_read(ctx, DIR "ring-tet10.msh");
  if (!m) return pf_test_result("test_mesh_tet10");
  PF_EXPECT(m->blocks[PF_ELEM_TET10].count > 100, "ring-tet10.msh: only %lld tet10",
            (long long)m->blocks[PF_ELEM_TET10].count);
  double volume, swapped_volume;
  const double good = min_detJ(m, 0, &volume);
  PF_EXPECT(good > 0.0, "a tet10 has detJ %g <= 0 at a corner or mid-edge point", good);
  /* pi/4 (20^2 - 10^2) * 4. Quadratic edges through points of the arcs leave a relative error
   * of order (h/R)^4 / 100 ~ 1e-5 for h = 3, R = 10 (measured 1e-6). */
  PF_EXPECT_REL(volume, 300.0 * M_PI, 1e-5);
  const double bad = min_detJ(m, 1, &swapped_volume);
  PF_EXPECT(bad < 0.0, "with gmsh's order for nodes 8 and 9 the mesh should invert (min detJ %g)",
            bad);
  /* Curved: every node of the 'outer' faces on r = 20, of 'inner' on r = 10. */
  const char *names[2] = {"outer", "inner"};
  const double radius[2] = {20.0, 10.0};
  for (int i = 0; i < 2; i++) {
    const int s = pf_mesh_find_surface(m, names[i]);
    PF_EXPECT(s >= 0 && m->surfaces[s].count[PF_FACE_TRI6] > 0, "no tri6 surface '%s'", names[i]);
    if (s < 0) continue;
    double worst = 0.0;
    for (int64_t k = 0; k < 6 * m->surfaces[s].count[PF_FACE_TRI6]; k++) {
      const double *x = m->x + 3 * m->surfaces[s].conn[PF_FACE_TRI6][k];
      worst = fmax(worst, fabs(hypot(x[0], x[1]) - radius[i]));
    }
    PF_EXPECT(worst < 1e-6, "'%s': a face node is %.3g mm off r = %g", names[i], worst, radius[i]);
  }
  printf("ring-tet10: %lld tet10, min detJ %.4g (gmsh order: %.4g), volume %.6f (exact %.6f)\n",
         (long long)m->blocks[PF_ELEM_TET10].count, good, bad, volume, 300.0 * M_PI);
  pf_mesh_destroy(&m);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_tet10");
}
