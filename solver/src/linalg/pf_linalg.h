/*
 * Sparse matrices and the linear solvers behind one interface: CHOLMOD (supernodal Cholesky,
 * METIS ordering on the node graph), UMFPACK (unsymmetric LU) and OpenMP CG with a Jacobi
 * preconditioner (verification).
 *
 * A solver is created once per pattern; pf_solver_analyse does the symbolic work (ordering,
 * symbolic factorisation) and is reused by every later factorisation with the same pattern.
 */
#ifndef PF_LINALG_H
#define PF_LINALG_H

#include <stdint.h>

#include "core/pf_core.h"

/* Compressed sparse row matrix, square. With upper = 1 only entries with col >= row are stored
 * (a symmetric matrix by its upper triangle: the same arrays read as CSC are its lower triangle);
 * with upper = 0 every entry is stored. Columns are sorted and unique within a row. */
typedef struct {
  int64_t n;
  int upper;
  int64_t *rowptr; /* [n+1] */
  int64_t *col;    /* [nnz] */
  double *val;     /* [nnz] */
} pf_csr;

/* Creates a matrix from a pattern (rowptr, col are copied) with zero values. */
int pf_csr_create(pf_context *ctx, int64_t n, int upper, const int64_t *rowptr, const int64_t *col,
                  pf_csr **A);
void pf_csr_destroy(pf_csr **A);
static inline int64_t pf_csr_nnz(const pf_csr *A) { return A->rowptr[A->n]; }
/* Sets every value to zero (OpenMP). */
void pf_csr_zero(pf_csr *A, int threads);
/* Position of entry (i, j) in col/val, or -1 (binary search within the row). */
static inline int64_t pf_csr_find(const pf_csr *A, int64_t i, int64_t j) {
  int64_t lo = A->rowptr[i], hi = A->rowptr[i + 1] - 1;
  while (lo <= hi) {
    int64_t mid = lo + ((hi - lo) >> 1);
    if (A->col[mid] == j) return mid;
    if (A->col[mid] < j)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}
/* y = A x (a symmetric upper matrix is applied as the full matrix). Deterministic: the result is
 * bit-identical for any thread count. */
int pf_csr_matvec(pf_context *ctx, const pf_csr *A, const double *x, double *y);
/* The full matrix of a symmetric upper matrix. [out] full (upper = 0). */
int pf_csr_expand_full(pf_context *ctx, const pf_csr *A, pf_csr **full);

/* Deterministic parallel reductions (fixed blocking independent of the thread count). */
double pf_dot(const pf_context *ctx, int64_t n, const double *x, const double *y);
double pf_norm2(const pf_context *ctx, int64_t n, const double *x);

typedef enum { PF_SOLVER_CHOLMOD = 0, PF_SOLVER_UMFPACK = 1, PF_SOLVER_PCG = 2 } pf_solver_kind;
const char *pf_solver_kind_name(pf_solver_kind kind); /* "cholmod", "umfpack", "pcg" */
/* Storage a solver wants: 1 for the upper triangle (CHOLMOD), 0 for the full matrix. */
int pf_solver_wants_upper(pf_solver_kind kind);

/* Statistics of the last analyse / factor / solve, and running totals. */
typedef struct {
  const char *backend;  /* "cholmod-supernodal", "umfpack", "pcg-jacobi" */
  const char *ordering; /* "metis-nodes", "amd", "none" ... */
  int64_t n;            /* unknowns */
  int64_t nnz_A;        /* stored entries of A */
  double t_analyse;     /* seconds, last analyse */
  double t_factor;      /* seconds, last factorisation */
  double t_solve;       /* seconds, last solve (incl. iterations for PCG) */
  int64_t nnz_L;        /* entries of the factor (L for CHOLMOD, L+U for UMFPACK); 0 for PCG */
  double flops;         /* floating-point operations of the last factorisation */
  double factor_bytes;  /* memory of the factor (bytes) */
  int iterations;       /* PCG iterations of the last solve (1 for direct solvers) */
  double rel_residual;  /* ||b - A x|| / ||b|| of the last solve */
  int n_analyse, n_factor, n_solve; /* counts since creation */
} pf_solver_stats;

typedef struct pf_solver_s pf_solver;

/* Creates a solver of a kind. PCG stops at rel_tol (relative residual) or max_iter. */
int pf_solver_create(pf_context *ctx, pf_solver_kind kind, pf_solver **solver);
void pf_solver_destroy(pf_solver **solver);
int pf_solver_set_pcg(pf_solver *solver, double rel_tol, int max_iter);
/* Optional: groups of unknowns (the node of each unknown, group[i] in 0..n_groups-1) so that the
 * fill-reducing ordering is computed by METIS on the smaller group graph and expanded. group has
 * one entry per unknown of the matrix given to the next pf_solver_analyse, which checks and copies
 * it: it must stay valid until then. Used by CHOLMOD and UMFPACK (ordering "metis-nodes"). */
int pf_solver_set_groups(pf_solver *solver, int64_t n_groups, const int64_t *group);
/* Symbolic analysis of A's pattern (ordering, symbolic factor). Done once per pattern. */
int pf_solver_analyse(pf_solver *solver, const pf_csr *A);
/* Numeric factorisation of A (same pattern as analysed). PF_ERR_INPUT when A is not positive
 * definite (CHOLMOD) or singular (UMFPACK), with the failing column in the message. */
int pf_solver_factor(pf_solver *solver, const pf_csr *A);
/* Solves A x = b with the current factor (PCG: iterates on A). Computes the relative residual.
 * PF_ERR_CONVERGENCE when PCG does not reach its tolerance. */
int pf_solver_solve(pf_solver *solver, const pf_csr *A, const double *b, double *x);
const pf_solver_stats *pf_solver_get_stats(const pf_solver *solver);
/* Memory estimate (bytes) of the factor after pf_solver_analyse (CHOLMOD: from the symbolic
 * factor; UMFPACK: from its symbolic estimate; PCG: the work vectors). */
double pf_solver_memory_estimate(const pf_solver *solver);

#endif /* PF_LINALG_H */
