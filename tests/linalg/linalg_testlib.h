/*
 * Test matrices for the linalg tests: an elasticity-like block matrix on a grid (3 unknowns per
 * node, 27-point node coupling, one face clamped, some nodes with one unknown constrained away),
 * the 7-point Laplacian, an unsymmetric convection-diffusion matrix, and helpers (triplets to CSR,
 * serial reference product, residual, deterministic random vectors).
 */
#ifndef LINALG_TESTLIB_H
#define LINALG_TESTLIB_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/pf_linalg.h"
#include "pf_test.h"

typedef struct {
  int64_t n, count, cap;
  int64_t *i, *j;
  double *v;
} tl_triplets;

static inline void tl_add(tl_triplets *t, int64_t i, int64_t j, double v) {
  if (t->count == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 1024;
    t->i = realloc(t->i, (size_t)t->cap * sizeof(int64_t));
    t->j = realloc(t->j, (size_t)t->cap * sizeof(int64_t));
    t->v = realloc(t->v, (size_t)t->cap * sizeof(double));
    if (!t->i || !t->j || !t->v) abort();
  }
  t->i[t->count] = i;
  t->j[t->count] = j;
  t->v[t->count] = v;
  t->count++;
}

static inline void tl_free_triplets(tl_triplets *t) {
  free(t->i);
  free(t->j);
  free(t->v);
  memset(t, 0, sizeof(*t));
}

/* Triplets (duplicates summed) to a pf_csr; upper keeps only col >= row. Aborts on failure. */
static inline pf_csr *tl_to_csr(pf_context *ctx, const tl_triplets *t, int upper) {
  const int64_t n = t->n;
  int64_t *rp = calloc((size_t)n + 1, sizeof(int64_t));
  for (int64_t k = 0; k < t->count; k++)
    if (!upper || t->j[k] >= t->i[k]) rp[t->i[k] + 1]++;
  for (int64_t i = 0; i < n; i++) rp[i + 1] += rp[i];
  int64_t *next = malloc((size_t)n * sizeof(int64_t)), *col = malloc((size_t)rp[n] * 8 + 8);
  double *val = malloc((size_t)rp[n] * 8 + 8);
  memcpy(next, rp, (size_t)n * sizeof(int64_t));
  for (int64_t k = 0; k < t->count; k++)
    if (!upper || t->j[k] >= t->i[k]) {
      col[next[t->i[k]]] = t->j[k];
      val[next[t->i[k]]++] = t->v[k];
    }
  /* sort each row (insertion sort: rows are short), sum duplicates, compact */
  int64_t *rp2 = calloc((size_t)n + 1, sizeof(int64_t));
  int64_t w = 0;
  for (int64_t i = 0; i < n; i++) {
    for (int64_t a = rp[i] + 1; a < rp[i + 1]; a++) {
      int64_t c = col[a];
      double v = val[a];
      int64_t b = a - 1;
      while (b >= rp[i] && col[b] > c) {
        col[b + 1] = col[b];
        val[b + 1] = val[b];
        b--;
      }
      col[b + 1] = c;
      val[b + 1] = v;
    }
    for (int64_t a = rp[i]; a < rp[i + 1]; a++) {
      if (w > rp2[i] && col[w - 1] == col[a]) {
        val[w - 1] += val[a];
      } else {
        col[w] = col[a];
        val[w++] = val[a];
      }
    }
    rp2[i + 1] = w;
  }
  pf_csr *A = NULL;
  if (pf_csr_create(ctx, n, upper, rp2, col, &A) < 0) {
    fprintf(stderr, "tl_to_csr: %s\n", pf_context_error(ctx));
    abort();
  }
  memcpy(A->val, val, (size_t)w * sizeof(double));
  free(rp);
  free(rp2);
  free(next);
  free(col);
  free(val);
  return A;
}

/* Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, top 53 bits). */
static inline double tl_rand(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(*state >> 11) * (1.0 / 9007199254740992.0);
}

static inline double *tl_random_vector(int64_t n, uint64_t seed) {
  double *x = malloc((size_t)n * sizeof(double) + 8);
  for (int64_t i = 0; i < n; i++) x[i] = 2.0 * tl_rand(&seed) - 1.0;
  return x;
}

/* Elasticity-like grid matrix: nodes on an nx*ny*nz grid, each pair of nodes in a 27-point
 * neighbourhood joined by a "spring" block B = k d d^T + mu I (d the unit direction, k varying
 * by edge, scaled by stiffness), assembled as +B, +B on the diagonal blocks and -B off the
 * diagonal (a block graph Laplacian, positive semi-definite). The nodes with ix = 0 are clamped
 * (no unknowns), the nodes with ix = nx-1 and iy = 0 lose their z unknown: the rest is SPD.
 * Node numbering is shuffled when shuffle != 0 (then the unknowns of a node stay consecutive).
 * [out] group[n] (the node of each unknown, if not NULL; caller frees), n_groups. */
static inline pf_csr *tl_elasticity(pf_context *ctx, int nx, int ny, int nz, int upper,
                                    double stiffness, int shuffle, int64_t **group,
                                    int64_t *n_groups) {
  const int64_t nn = (int64_t)nx * ny * nz;
  int64_t *order = malloc((size_t)nn * sizeof(int64_t)); /* grid node -> node number */
  for (int64_t a = 0; a < nn; a++) order[a] = a;
  if (shuffle) {
    uint64_t st = 12345;
    for (int64_t a = nn - 1; a > 0; a--) {
      int64_t b = (int64_t)(tl_rand(&st) * (double)(a + 1));
      int64_t t = order[a];
      order[a] = order[b];
      order[b] = t;
    }
  }
  /* unknown numbers: node by node in node-number order */
  int64_t *by_number = malloc((size_t)nn * sizeof(int64_t)); /* node number -> grid node */
  for (int64_t a = 0; a < nn; a++) by_number[order[a]] = a;
  int64_t *dof = malloc((size_t)nn * 3 * sizeof(int64_t));
  int64_t n = 0;
  for (int64_t m = 0; m < nn; m++) {
    const int64_t a = by_number[m];
    const int ix = (int)(a % nx), iy = (int)((a / nx) % ny);
    for (int c = 0; c < 3; c++) {
      const int constrained = ix == 0 || (ix == nx - 1 && iy == 0 && c == 2);
      dof[3 * a + c] = constrained ? -1 : n++;
    }
  }
  if (group) {
    *group = malloc((size_t)n * sizeof(int64_t) + 8);
    for (int64_t a = 0; a < nn; a++)
      for (int c = 0; c < 3; c++)
        if (dof[3 * a + c] >= 0) (*group)[dof[3 * a + c]] = order[a];
    *n_groups = nn;
  }
  tl_triplets t = {.n = n};
  for (int64_t a = 0; a < nn; a++) {
    const int ix = (int)(a % nx), iy = (int)((a / nx) % ny), iz = (int)(a / ((int64_t)nx * ny));
    for (int dz = -1; dz <= 1; dz++)
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          const int jx = ix + dx, jy = iy + dy, jz = iz + dz;
          if (jx < 0 || jy < 0 || jz < 0 || jx >= nx || jy >= ny || jz >= nz) continue;
          const int64_t b = jx + (int64_t)nx * (jy + (int64_t)ny * jz);
          if (b <= a) continue; /* each pair once */
          const double len = sqrt((double)(dx * dx + dy * dy + dz * dz));
          const double d[3] = {dx / len, dy / len, dz / len};
          const double k = stiffness * (1.0 + 0.5 * sin(0.37 * (double)(a + 3 * b))) / len;
          const double mu = 0.05 * stiffness;
          for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) {
              const double B = k * d[r] * d[c] + (r == c ? mu : 0.0);
              const int64_t ar = dof[3 * a + r], ac = dof[3 * a + c];
              const int64_t br = dof[3 * b + r], bc = dof[3 * b + c];
              if (ar >= 0 && ac >= 0) tl_add(&t, ar, ac, B);
              if (br >= 0 && bc >= 0) tl_add(&t, br, bc, B);
              if (ar >= 0 && bc >= 0) tl_add(&t, ar, bc, -B);
              if (br >= 0 && ac >= 0) tl_add(&t, br, ac, -B);
            }
        }
  }
  pf_csr *A = tl_to_csr(ctx, &t, upper);
  tl_free_triplets(&t);
  free(order);
  free(by_number);
  free(dof);
  return A;
}

/* 7-point Laplacian on an nx*ny*nz grid of interior unknowns (Dirichlet boundary): SPD. */
static inline pf_csr *tl_laplace7(pf_context *ctx, int nx, int ny, int nz, int upper) {
  const int64_t n = (int64_t)nx * ny * nz;
  tl_triplets t = {.n = n};
  for (int64_t a = 0; a < n; a++) {
    const int ix = (int)(a % nx), iy = (int)((a / nx) % ny), iz = (int)(a / ((int64_t)nx * ny));
    tl_add(&t, a, a, 6.0);
    if (ix > 0) tl_add(&t, a, a - 1, -1.0);
    if (ix < nx - 1) tl_add(&t, a, a + 1, -1.0);
    if (iy > 0) tl_add(&t, a, a - nx, -1.0);
    if (iy < ny - 1) tl_add(&t, a, a + nx, -1.0);
    if (iz > 0) tl_add(&t, a, a - (int64_t)nx * ny, -1.0);
    if (iz < nz - 1) tl_add(&t, a, a + (int64_t)nx * ny, -1.0);
  }
  pf_csr *A = tl_to_csr(ctx, &t, upper);
  tl_free_triplets(&t);
  return A;
}

/* Convection-diffusion, first-order upwind with wind w along x (Dirichlet boundary): strongly
 * unsymmetric (a(i, i-1) = -1 - w, a(i, i+1) = -1), nonsingular (an M-matrix). */
static inline pf_csr *tl_convdiff(pf_context *ctx, int nx, int ny, int nz, double w) {
  const int64_t n = (int64_t)nx * ny * nz;
  tl_triplets t = {.n = n};
  for (int64_t a = 0; a < n; a++) {
    const int ix = (int)(a % nx), iy = (int)((a / nx) % ny), iz = (int)(a / ((int64_t)nx * ny));
    tl_add(&t, a, a, 6.0 + w);
    if (ix > 0) tl_add(&t, a, a - 1, -1.0 - w);
    if (ix < nx - 1) tl_add(&t, a, a + 1, -1.0);
    if (iy > 0) tl_add(&t, a, a - nx, -1.0);
    if (iy < ny - 1) tl_add(&t, a, a + nx, -1.0);
    if (iz > 0) tl_add(&t, a, a - (int64_t)nx * ny, -1.0);
    if (iz < nz - 1) tl_add(&t, a, a + (int64_t)nx * ny, -1.0);
  }
  pf_csr *A = tl_to_csr(ctx, &t, 0);
  tl_free_triplets(&t);
  return A;
}

/* Serial reference product y = A x (an upper matrix applied as its full symmetric matrix). */
static inline void tl_matvec_ref(const pf_csr *A, const double *x, double *y) {
  for (int64_t i = 0; i < A->n; i++) y[i] = 0.0;
  for (int64_t i = 0; i < A->n; i++)
    for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++) {
      const int64_t j = A->col[p];
      y[i] += A->val[p] * x[j];
      if (A->upper && j != i) y[j] += A->val[p] * x[i];
    }
}

/* ||b - A x|| / ||b|| with the serial reference product. */
static inline double tl_rel_residual(const pf_csr *A, const double *x, const double *b) {
  double *y = malloc((size_t)A->n * sizeof(double) + 8);
  tl_matvec_ref(A, x, y);
  double rr = 0.0, bb = 0.0;
  for (int64_t i = 0; i < A->n; i++) {
    rr += (b[i] - y[i]) * (b[i] - y[i]);
    bb += b[i] * b[i];
  }
  free(y);
  return sqrt(rr / bb);
}

/* ||x - y|| / ||y|| */
static inline double tl_rel_diff(int64_t n, const double *x, const double *y) {
  double dd = 0.0, yy = 0.0;
  for (int64_t i = 0; i < n; i++) {
    dd += (x[i] - y[i]) * (x[i] - y[i]);
    yy += y[i] * y[i];
  }
  return sqrt(dd / yy);
}

/* Runs analyse + factor + solve; prints the error and returns the status on failure. */
static inline int tl_solve(pf_solver *s, const pf_csr *A, const double *b, double *x) {
  int rc = pf_solver_analyse(s, A);
  if (rc >= 0) rc = pf_solver_factor(s, A);
  if (rc >= 0) rc = pf_solver_solve(s, A, b, x);
  return rc;
}

#endif /* LINALG_TESTLIB_H */
