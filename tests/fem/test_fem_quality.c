/*
 * Element quality (pf_fem_elem_quality, pf_element_quality).
 *
 * Checks:
 * - mean ratio (Liu & Joe 1994) of the regular tetrahedron is 1, of its mirror image -1; a tet
 *   flattened to height h has eta -> 0 like V^(2/3), so eta(h) / eta(h/8) -> 8^(2/3) = 4;
 * - jac_ratio of a straight (affine) tet10 is 1 (det J constant, round-off 1e-12); moving the
 *   mid-edge node of edge 01 to the fraction s of the edge gives det J = 3 - 4 s at corner 1
 *   (closed form from the tet10 shape functions): s = 0.7 keeps 0 < jac_ratio <= 0.2, s = 0.8 gives
 *   jac_ratio <= -0.2; a mid-edge node pushed across the element inverts it (jac_ratio <= 0); an
 *   element folded only at an edge midpoint (det J -0.70 there, >= 0.69 at corners and
 *   quadrature points) is caught by the mid-edge samples;
 * - hex8: a box has scaled Jacobian 1 and jac_ratio 1; a parallelepiped sheared by s has scaled
 *   Jacobian 1/sqrt(1 + s^2) and jac_ratio 1; a corner pushed through the opposite corner inverts
 *   it (both negative);
 * - truss2: 1 for a positive length, 0 for zero length;
 * - pf_element_quality over a block equals the per-element kernel and is bit-identical for 1 and 2
 *   threads; invalid arguments are reported.
 */
#include <stdlib.h>

#include "assembly/pf_assembly.h"
#include "fem_test_util.h"
#include "pf_test.h"

static double q_jr(pf_elem_type t, const double *X) {
  double jr, sh;
  pf_fem_elem_quality(t, X, &jr, &sh);
  return jr;
}
static double q_sh(pf_elem_type t, const double *X) {
  double jr, sh;
  pf_fem_elem_quality(t, X, &jr, &sh);
  return sh;
}

static void check_tets(void) {
  double X[30] = {1, 1, 1, -1, 1, -1, 1, -1, -1, -1, -1, 1};
  PF_EXPECT_NEAR(q_sh(PF_ELEM_TET4, X), 1.0, 1e-14);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_TET4, X), 1.0, 0.0);
  for (int i = 0; i < 3; i++) { /* mirror: swap corners 1 and 2 */
    const double t = X[3 + i];
    X[3 + i] = X[6 + i];
    X[6 + i] = t;
  }
  PF_EXPECT_NEAR(q_sh(PF_ELEM_TET4, X), -1.0, 1e-14);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_TET4, X), -1.0, 0.0);

  /* flattening */
  double eta[2];
  for (int k = 0; k < 2; k++) {
    const double h = k == 0 ? 1e-6 : 1e-6 / 8;
    const double Y[12] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0.3, 0.3, h};
    eta[k] = q_sh(PF_ELEM_TET4, Y);
  }
  PF_EXPECT(eta[0] > 0.0 && eta[0] < 1e-3, "flat tet mean ratio %g", eta[0]); /* 1.4e-4 */
  PF_EXPECT_REL(eta[0] / eta[1], 4.0, 1e-3);

  /* tet10: straight, then curved */
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 70, X);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_TET10, X), 1.0, 1e-12);
  PF_EXPECT_REL(q_sh(PF_ELEM_TET10, X), q_sh(PF_ELEM_TET4, X), 1e-15);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.05, 71, X);
  const double jc = q_jr(PF_ELEM_TET10, X);
  PF_EXPECT(jc > 0.0 && fabs(jc - 1.0) > 1e-6, "curved tet10 jac_ratio %g", jc);

  ft_reference_nodes(PF_ELEM_TET10, X);
  X[3 * 4] = 0.7; /* node 4 (edge 01) at s = 0.7 */
  const double j7 = q_jr(PF_ELEM_TET10, X);
  PF_EXPECT(j7 > 0.0 && j7 <= 0.2 + 1e-14, "tet10 s = 0.7: jac_ratio %g", j7);
  X[3 * 4] = 0.8;
  PF_EXPECT(q_jr(PF_ELEM_TET10, X) <= -0.2 + 1e-14, "tet10 s = 0.8: jac_ratio %g",
            q_jr(PF_ELEM_TET10, X));
  ft_reference_nodes(PF_ELEM_TET10, X);
  X[3 * 4] = 0.5; /* node 4 pushed across the element, beyond the opposite edge 23 */
  X[3 * 4 + 1] = 0.7;
  X[3 * 4 + 2] = 0.7;
  PF_EXPECT(q_jr(PF_ELEM_TET10, X) <= 0.0, "tet10 with node 4 pushed across: jac_ratio %g",
            q_jr(PF_ELEM_TET10, X));
  /* Folded only between the samples at corners and quadrature points (det J >= 1.0 and 0.69
   * there, found by a search over mid-node positions): only the mid-edge samples see the
   * negative det J (-0.70 at the midpoint of an edge). */
  ft_reference_nodes(PF_ELEM_TET10, X);
  const double n7[3] = {-0.4, 0.0, 0.0}, n4[3] = {0.4, -0.45, 0.35};
  memcpy(X + 3 * 7, n7, sizeof(n7));
  memcpy(X + 3 * 4, n4, sizeof(n4));
  PF_EXPECT(q_jr(PF_ELEM_TET10, X) <= -0.7 + 1e-12, "tet10 folded at a mid-edge: jac_ratio %g",
            q_jr(PF_ELEM_TET10, X));
}

static void check_hex(void) {
  double X[24];
  ft_reference_nodes(PF_ELEM_HEX8, X);
  for (int a = 0; a < 8; a++) X[3 * a + 2] *= 3.0; /* a 2 x 2 x 6 box */
  PF_EXPECT_NEAR(q_sh(PF_ELEM_HEX8, X), 1.0, 1e-15);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_HEX8, X), 1.0, 1e-14);
  const double s = 0.75;
  for (int a = 0; a < 8; a++) X[3 * a] += s * X[3 * a + 1]; /* shear x by y */
  PF_EXPECT_NEAR(q_sh(PF_ELEM_HEX8, X), 1.0 / sqrt(1.0 + s * s), 1e-15);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_HEX8, X), 1.0, 1e-14);
  ft_reference_nodes(PF_ELEM_HEX8, X);
  for (int i = 0; i < 3; i++) X[3 * 6 + i] = -0.5; /* node 6 pushed through to near node 0 */
  PF_EXPECT(q_sh(PF_ELEM_HEX8, X) < 0.0, "inverted hex8 scaled Jacobian %g", q_sh(PF_ELEM_HEX8, X));
  PF_EXPECT(q_jr(PF_ELEM_HEX8, X) < 0.0, "inverted hex8 jac_ratio %g", q_jr(PF_ELEM_HEX8, X));
}

static void check_truss(void) {
  const double X[6] = {0, 0, 0, 1, 2, 2}, Z[6] = {1, 1, 1, 1, 1, 1};
  PF_EXPECT_NEAR(q_sh(PF_ELEM_TRUSS2, X), 1.0, 0.0);
  PF_EXPECT_NEAR(q_jr(PF_ELEM_TRUSS2, Z), 0.0, 0.0);
}

static void check_block(void) {
  pf_context *ctx = NULL;
  pf_mesh *mesh = NULL;
  PF_EXPECT(pf_context_create(&ctx) == PF_OK, "context");
  PF_EXPECT(pf_mesh_create(ctx, &mesh) == PF_OK, "mesh");
  const int64_t ne = 3000;
  mesh->n_nodes = 10 * ne;
  mesh->x = malloc(sizeof(double) * 3 * mesh->n_nodes);
  pf_elem_block *b = &mesh->blocks[PF_ELEM_TET10];
  b->count = ne;
  b->conn = malloc(sizeof(int64_t) * 10 * ne);
  b->ids = malloc(sizeof(int64_t) * ne);
  for (int64_t e = 0; e < ne; e++) {
    double X[30];
    ft_distorted(PF_ELEM_TET10, 0.3, 0.12, 1000 + (unsigned long long)e, X);
    for (int k = 0; k < 30; k++) mesh->x[30 * e + k] = X[k] + (double)(e % 17);
    for (int a = 0; a < 10; a++) b->conn[10 * e + a] = 10 * e + a;
    b->ids[e] = e + 1;
  }
  mesh->elem_offset[0] = mesh->elem_offset[1] = 0;
  for (int t = 2; t <= PF_ELEM_NUM_TYPES; t++) mesh->elem_offset[t] = ne;

  double *jr1 = malloc(sizeof(double) * ne), *sh1 = malloc(sizeof(double) * ne);
  double *jr2 = malloc(sizeof(double) * ne), *sh2 = malloc(sizeof(double) * ne);
  pf_context_set_threads(ctx, 1);
  PF_EXPECT(pf_element_quality(ctx, mesh, PF_ELEM_TET10, jr1, sh1) == PF_OK, "quality 1 thread");
  pf_context_set_threads(ctx, 2);
  PF_EXPECT(pf_element_quality(ctx, mesh, PF_ELEM_TET10, jr2, sh2) == PF_OK, "quality 2 threads");
  int same = 1, match = 1, ninv = 0;
  for (int64_t e = 0; e < ne; e++) {
    same &= jr1[e] == jr2[e] && sh1[e] == sh2[e];
    double X[30], jr, sh;
    pf_fem_gather_X(mesh, PF_ELEM_TET10, e, X);
    pf_fem_elem_quality(PF_ELEM_TET10, X, &jr, &sh);
    match &= jr == jr1[e] && sh == sh1[e];
    ninv += jr1[e] <= 0.0;
  }
  PF_EXPECT(same, "pf_element_quality differs between 1 and 2 threads");
  PF_EXPECT(match, "pf_element_quality differs from pf_fem_elem_quality");
  printf("block of %lld curved tet10: %d with jac_ratio <= 0\n", (long long)ne, ninv);
  PF_EXPECT(pf_element_quality(ctx, mesh, PF_ELEM_TET10, NULL, sh2) == PF_OK, "jac_ratio NULL");
  PF_EXPECT(pf_element_quality(ctx, mesh, (pf_elem_type)7, jr1, sh1) == PF_ERR_INTERNAL,
            "invalid type must fail");
  PF_EXPECT(pf_element_quality(ctx, NULL, PF_ELEM_TET10, jr1, sh1) == PF_ERR_INTERNAL,
            "missing mesh must fail");
  free(jr1);
  free(sh1);
  free(jr2);
  free(sh2);
  pf_mesh_destroy(&mesh);
  PF_EXPECT(mesh == NULL, "destroy sets NULL");
  pf_context_destroy(&ctx);
}

int main(void) {
  check_tets();
  check_hex();
  check_truss();
  check_block();
  return pf_test_result("test_fem_quality");
}
