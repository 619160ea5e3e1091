/*
 * Private to solver/src/linalg: the solver object shared by the dispatch (solver.c) and the
 * backends (solver_cholmod.c, solver_umfpack.c, solver_pcg.c), the node-graph ordering and the
 * BLAS thread guard.
 */
#ifndef PF_LINALG_IMPL_H
#define PF_LINALG_IMPL_H

#include "linalg/pf_linalg.h"

/* What a backend does; solver.c checks the arguments, times the calls, counts them and computes
 * the residual. Each returns PF_OK or a negative status recorded in s->ctx. */
typedef struct {
  int (*analyse)(pf_solver *s, const pf_csr *A); /* symbolic work; sets memory_estimate */
  int (*factor)(pf_solver *s, const pf_csr *A);  /* numeric work (same pattern) */
  int (*solve)(pf_solver *s, const pf_csr *A, const double *b, double *x);
  void (*destroy)(pf_solver *s); /* frees s->data; safe when s->data is NULL */
} pf_solver_ops;

struct pf_solver_s {
  pf_context *ctx;
  pf_solver_kind kind;
  const pf_solver_ops *ops;
  void *data; /* backend state */
  pf_solver_stats stats;
  double memory_estimate; /* bytes, set by the backend's analyse */
  /* PCG controls */
  double pcg_rel_tol;
  int pcg_max_iter;
  /* optional grouping of unknowns (mesh nodes) for the ordering */
  int64_t n_groups;
  const int64_t *group_pending; /* the caller's array, copied by the next analyse */
  int64_t n_group;              /* length of group[] (unknowns) */
  int64_t *group;               /* owned copy, NULL without groups */
  /* the analysed pattern: a factorisation or solve with another pattern is refused */
  int analysed, factored;
  int64_t pat_n, pat_nnz;
  int pat_upper;
  uint64_t pat_hash;
  double *work; /* [pat_n] residual */
};

extern const pf_solver_ops pf_solver_cholmod_ops;
extern const pf_solver_ops pf_solver_umfpack_ops;
extern const pf_solver_ops pf_solver_pcg_ops;

/* Fill-reducing ordering on the group (node) graph: the graph of groups connected by a stored
 * entry of A (either triangle, so that full unsymmetric patterns are symmetrised), ordered by
 * METIS_NodeND with the number of unknowns of each group as vertex weight, then expanded so the
 * unknowns of a group are consecutive (in increasing index).
 * [in] A (full or upper), n_groups, group[A->n] (0 <= group[i] < n_groups)
 * [out] perm[A->n]: perm[k] is the unknown eliminated k-th.
 * Returns PF_OK, PF_ERR_INTERNAL (out of memory, METIS failure, graph too large for METIS's
 * 32-bit indices). */
int pf_linalg_order_groups(pf_context *ctx, const pf_csr *A, int64_t n_groups, const int64_t *group,
                           int64_t *perm);

/* Runs fn(arg) (a CHOLMOD or UMFPACK factorisation or solve) with the BLAS thread count of the
 * context: one when ctx->reproducible, else ctx->threads (capped at OpenMP's thread limit), and
 * every OpenMP team inside fn capped at the same count (CHOLMOD's own loops ask for 4 threads
 * whatever the machine). Restores the OpenBLAS and OpenMP settings it changes (the OpenMP
 * variant of openblas_set_num_threads also calls omp_set_num_threads; dynamic adjustment of team
 * sizes is switched off for the call). Returns what fn returns. */
int pf_linalg_run_blas(const pf_context *ctx, int (*fn)(void *arg), void *arg);

/* Smallest acceptable pivot ratio. CHOLMOD: min over the unknowns of pivot / diagonal entry
 * (L_kk^2 / a_jj, invariant to the units of the unknowns; Nastran reports its inverse as
 * MAXRATIO); UMFPACK: its RCOND, min |U_kk| / max |U_kk| of the row-scaled matrix. A singular
 * matrix factorised in floating point rarely gives an exact zero pivot: its smallest pivot is a
 * rounding error of a few machine epsilons (2.2e-16) that grows with the size (UMFPACK on the
 * singular Neumann Laplacian: 2e-15 for n = 64, 1.2e-14 for n = 512, 1.8e-14 for n = 1000). A
 * usable matrix, even an ill-conditioned one (nearly incompressible tissue: ~1e-4, penalties:
 * ~1e-8), stays orders of magnitude above. This catches a floating part in small and medium
 * models: a large model with a part held by nothing can pass it when all its rounded pivots are
 * positive (then its displacements are huge); the model checks are the reliable place to find
 * unconstrained parts. */
#define PF_LINALG_RCOND_MIN 1e-13

#endif /* PF_LINALG_IMPL_H */
