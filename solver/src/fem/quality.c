/*
 * Element quality: Jacobian ratio and shape measures.
 *
 * - jac_ratio: det J sampled at the corner, mid-edge and quadrature points, the minimum divided
 *   by the det J of the straight-sided element on the same corners (tets: the affine tet4 map).
 *   1 for a straight tet10; <= 0 when the map folds (inverted). For hex8, which has no
 *   straight-sided counterpart, the reference is the mean det J (volume / 8). Sampling points
 *   do not bound a cubic det J from below; they are the points that matter for the kernels
 *   (quadrature) and the ones where curved tet10 maps fold first (corners, mid-edges).
 * - tets, shape: mean ratio of the corner tetrahedron
 *     eta = 12 (3 |V|)^(2/3) / sum_{6 edges} l^2  (signed with V),
 *   1 for the regular tetrahedron, -> 0 as it flattens, negative when inverted: Liu & Joe,
 *   "Relationship between tetrahedron shape measures", BIT 34 (1994) 268-287; the same quantity
 *   as Knupp's algebraic mean-ratio metric (Knupp, SIAM J. Sci. Comput. 23 (2001) 193-218).
 * - hex8, shape: minimum over the 8 corners of the scaled Jacobian det(J) / (|J_1| |J_2| |J_3|)
 *   with J_k the columns of J at the corner (the three edge directions; Knupp 2001, scaled
 *   Jacobian / Verdict "hex scaled Jacobian"). 1 for a rectangular box.
 * - truss2: 1 for a positive length, 0 otherwise (both measures).
 */
#include <math.h>

#include "fem/pf_fem.h"

/* Straight-sided reference detJ of a tet: det [x1 - x0, x2 - x0, x3 - x0] (= 6 V). */
static double tet_det(const double *X) {
  double a[3], b[3], c[3];
  for (int i = 0; i < 3; i++) {
    a[i] = X[3 + i] - X[i];
    b[i] = X[6 + i] - X[i];
    c[i] = X[9 + i] - X[i];
  }
  return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
         a[2] * (b[0] * c[1] - b[1] * c[0]);
}

/* Mean ratio of the corner tetrahedron (Liu & Joe 1994), signed. */
static double tet_mean_ratio(const double *X) {
  static const int edge[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  double l2 = 0.0;
  for (int k = 0; k < 6; k++)
    for (int i = 0; i < 3; i++) {
      const double d = X[3 * edge[k][1] + i] - X[3 * edge[k][0] + i];
      l2 += d * d;
    }
  const double v6 = tet_det(X); /* 6 V, so 3 |V| = |v6| / 2 */
  if (l2 <= 0.0) return 0.0;
  const double eta = 12.0 * cbrt(0.25 * v6 * v6) / l2;
  return v6 < 0.0 ? -eta : eta;
}

/* det J of a solid type at reference point xi. */
static double det_at(pf_elem_type type, const double xi[3], const double *X, double J[3][3]) {
  double N[PF_MAX_NODES], dN[PF_MAX_NODES][3];
  pf_fem_shape(type, xi, N, dN);
  return pf_fem_jacobian(pf_elem_nodes(type), (const double(*)[3])dN, X, J);
}

/* Min det J over the corners and mid-edges (given as pairs of corner positions) and the points
 * of the default rule. */
static double min_det(pf_elem_type type, const double (*corner)[3], int ncorner,
                      const int (*edge)[2], int nedge, const double *X) {
  double J[3][3], m = INFINITY;
  for (int k = 0; k < ncorner; k++) m = fmin(m, det_at(type, corner[k], X, J));
  for (int k = 0; k < nedge; k++) {
    double xi[3];
    for (int i = 0; i < 3; i++) xi[i] = 0.5 * (corner[edge[k][0]][i] + corner[edge[k][1]][i]);
    m = fmin(m, det_at(type, xi, X, J));
  }
  const pf_rule *r = pf_fem_rule(type);
  for (int q = 0; q < r->nqp; q++)
    m = fmin(m, pf_fem_jacobian(r->nnode, (const double(*)[3])r->dN[q], X, J));
  return m;
}

/* min / |ref|, with a degenerate reference mapped to 0 (or -1 when some point is inverted). */
static double ratio(double m, double ref) {
  if (ref != 0.0) return m / fabs(ref);
  return m < 0.0 ? -1.0 : 0.0;
}

static const double tet_corner[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
static const int tet_edge[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
static const double hex_corner[8][3] = {{-1, -1, -1}, {1, -1, -1}, {1, 1, -1}, {-1, 1, -1},
                                        {-1, -1, 1},  {1, -1, 1},  {1, 1, 1},  {-1, 1, 1}};
static const int hex_edge[12][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6},
                                    {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

/* Quality of one element (measures and sources in the file header). */
void pf_fem_elem_quality(pf_elem_type type, const double *X, double *jac_ratio, double *shape) {
  double jr = 0.0, sh = 0.0;
  switch (type) {
    case PF_ELEM_TET4:
    case PF_ELEM_TET10: {
      const double s = tet_det(X);
      if (type == PF_ELEM_TET4)
        jr = s > 0.0 ? 1.0 : (s < 0.0 ? -1.0 : 0.0);
      else
        jr = ratio(min_det(type, tet_corner, 4, tet_edge, 6, X), s);
      sh = tet_mean_ratio(X);
      break;
    }
    case PF_ELEM_HEX8: {
      const double vol = pf_fem_volume(type, X);
      jr = ratio(min_det(type, hex_corner, 8, hex_edge, 12, X), vol / 8.0);
      sh = INFINITY;
      for (int k = 0; k < 8; k++) {
        double J[3][3];
        const double d = det_at(type, hex_corner[k], X, J);
        double len = 1.0;
        for (int c = 0; c < 3; c++)
          len *= sqrt(J[0][c] * J[0][c] + J[1][c] * J[1][c] + J[2][c] * J[2][c]);
        sh = fmin(sh, len > 0.0 ? d / len : 0.0);
      }
      break;
    }
    case PF_ELEM_TRUSS2: {
      const double d[3] = {X[3] - X[0], X[4] - X[1], X[5] - X[2]};
      jr = sh = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) > 0.0 ? 1.0 : 0.0;
      break;
    }
    default:
      jr = sh = NAN;
      break;
  }
  if (jac_ratio) *jac_ratio = jr;
  if (shape) *shape = sh;
}

/* Quality of every element of a block (pf_fem.h). Each element writes only its own entries, so
 * the result does not depend on the thread count or schedule.
 * [in] ctx (threads; error), mesh, type; [out] jac_ratio [count], shape [count] (NULL to skip).
 * Returns PF_OK or PF_ERR_INTERNAL for a missing mesh, an invalid type or missing arrays. */
