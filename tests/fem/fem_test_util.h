/*
 * Helpers shared by the fem tests: reference node positions, deterministic distorted geometries
 * and small dense algebra.
 */
#ifndef FEM_TEST_UTIL_H
#define FEM_TEST_UTIL_H

#include <math.h>
#include <string.h>

#include "fem/pf_fem.h"

/* Deterministic pseudo-random numbers in [-1, 1] (64-bit LCG, Knuth MMIX constants). */
static inline double ft_rand(unsigned long long *state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*state >> 11) / (double)(1ULL << 53) * 2.0 - 1.0;
}

/* Tet10 mid-edge nodes 4..9: edges 01 12 20 03 13 23. */
static const int ft_tet10_edge[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};

/* Reference node coordinates of a solid type. */
static inline void ft_reference_nodes(pf_elem_type type, double *X) {
  static const double tet[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  static const double hex[8][3] = {{-1, -1, -1}, {1, -1, -1}, {1, 1, -1}, {-1, 1, -1},
                                   {-1, -1, 1},  {1, -1, 1},  {1, 1, 1},  {-1, 1, 1}};
  switch (type) {
    case PF_ELEM_TET4:
    case PF_ELEM_TET10:
      memcpy(X, tet, sizeof(tet));
      if (type == PF_ELEM_TET10)
        for (int k = 0; k < 6; k++)
          for (int i = 0; i < 3; i++)
            X[3 * (4 + k) + i] = 0.5 * (tet[ft_tet10_edge[k][0]][i] + tet[ft_tet10_edge[k][1]][i]);
      break;
    case PF_ELEM_HEX8:
      memcpy(X, hex, sizeof(hex));
      break;
    default:
      break;
  }
}

/* A general affine map x -> A x + c, det A = 1.36775 > 0 (non-symmetric, skewed). */
static const double ft_A[3][3] = {{1.2, 0.3, -0.2}, {0.1, 0.9, 0.25}, {-0.15, 0.2, 1.4}};
static const double ft_c[3] = {3.0, -2.0, 7.5};

static inline double ft_det3(const double A[3][3]) {
  return A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) -
         A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0]) +
         A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]);
}

static inline void ft_affine(int nn, double *X) {
  for (int a = 0; a < nn; a++) {
    double y[3];
    for (int i = 0; i < 3; i++)
      y[i] =
          ft_A[i][0] * X[3 * a] + ft_A[i][1] * X[3 * a + 1] + ft_A[i][2] * X[3 * a + 2] + ft_c[i];
    memcpy(X + 3 * a, y, sizeof(y));
  }
}

/* Distorted geometry of a solid type: reference nodes, corners perturbed by up to `amp` (in
 * reference units), tet10 mid-edge nodes at the midpoints (curved = 0) or moved by up to
 * `curved` off them, then the affine map. */
static inline void ft_distorted(pf_elem_type type, double amp, double curved,
                                unsigned long long seed, double *X) {
  ft_reference_nodes(type, X);
  const int nn = pf_elem_nodes(type);
  const int nc = type == PF_ELEM_HEX8 ? 8 : 4;
  for (int a = 0; a < nc; a++)
    for (int i = 0; i < 3; i++) X[3 * a + i] += amp * ft_rand(&seed);
  if (type == PF_ELEM_TET10)
    for (int k = 0; k < 6; k++)
      for (int i = 0; i < 3; i++)
        X[3 * (4 + k) + i] =
            0.5 * (X[3 * ft_tet10_edge[k][0] + i] + X[3 * ft_tet10_edge[k][1] + i]) +
            curved * ft_rand(&seed);
  ft_affine(nn, X);
}

/* y = K x for a row-major n x n matrix. */
static inline void ft_matvec(int n, const double *K, const double *x, double *y) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += K[i * n + j] * x[j];
    y[i] = s;
  }
}

static inline double ft_norm(int n, const double *x) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return sqrt(s);
}

static inline double ft_max_abs(int n, const double *x) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(x[i]));
  return m;
}

#endif /* FEM_TEST_UTIL_H */
