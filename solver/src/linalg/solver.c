/*
 * The solver interface: argument and pattern checks, timing, counts and the residual of every
 * solve, dispatched to a backend (CHOLMOD, UMFPACK, PCG). Also the thread guard of the library
 * calls (pf_linalg_run_blas).
 */
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/pf_blas.h"
#include "linalg/linalg_impl.h"

/* The name of a solver kind: "cholmod", "umfpack", "pcg" ("unknown" otherwise). */
const char *pf_solver_kind_name(pf_solver_kind kind) {
  switch (kind) {
    case PF_SOLVER_CHOLMOD:
      return "cholmod";
    case PF_SOLVER_UMFPACK:
      return "umfpack";
    case PF_SOLVER_PCG:
      return "pcg";
  }
  return "unknown";
}

/* 1 when the solver prefers the upper triangle of a symmetric matrix (CHOLMOD), else 0. */
int pf_solver_wants_upper(pf_solver_kind kind) { return kind == PF_SOLVER_CHOLMOD; }

int pf_linalg_run_blas(const pf_context *ctx, int (*fn)(void *arg), void *arg) {
  const int dynamic_saved = omp_get_dynamic();
  /* The OpenMP OpenBLAS splits a level-3 call into as many parts as it has threads and the parts
   * spin-wait on each other: if OpenMP runs the team with fewer threads (OMP_THREAD_LIMIT, or
   * dynamic adjustment under load) the call never returns. Ask for no more than OpenMP can give,
   * and switch dynamic adjustment off for the call. */
  int threads = ctx->reproducible ? 1 : ctx->threads;
  const int limit = omp_get_thread_limit();
  if (threads > limit) threads = limit;
  omp_set_dynamic(0);
  const pf_blas_saved saved = pf_blas_threads_begin(threads);
  int rc;
  if (omp_get_level() == 0) {
    /* CHOLMOD's own loops ask for a fixed num_threads(4) (CHOLMOD_OMP_NUM_THREADS at its build):
     * a single host team with this thread limit caps every parallel region inside fn, theirs
     * and OpenBLAS's, at the BLAS thread count. (Inside a parallel region the nested regions are
     * inactive and OpenBLAS runs on one thread anyway.) */
#pragma omp teams num_teams(1) thread_limit(threads)
    rc = fn(arg);
  } else {
    rc = fn(arg);
  }
  pf_blas_threads_end(saved);
  omp_set_dynamic(dynamic_saved);
  return rc;
}

/* Creates a solver. [in] kind; [out] solver (NULL on failure). PCG defaults: rel_tol 1e-10,
 * max_iter 10000. Returns PF_OK or PF_ERR_INTERNAL (unknown kind, out of memory). */
int pf_solver_create(pf_context *ctx, pf_solver_kind kind, pf_solver **solver) {
  *solver = NULL;
  const pf_solver_ops *ops = NULL;
  const char *backend = NULL;
  switch (kind) {
    case PF_SOLVER_CHOLMOD:
      ops = &pf_solver_cholmod_ops;
      backend = "cholmod-supernodal";
      break;
    case PF_SOLVER_UMFPACK:
      ops = &pf_solver_umfpack_ops;
      backend = "umfpack";
      break;
    case PF_SOLVER_PCG:
      ops = &pf_solver_pcg_ops;
      backend = "pcg-jacobi";
      break;
  }
  PF_CHECK(ops, ctx, PF_ERR_INTERNAL, "unknown linear solver kind %d", (int)kind);
  pf_solver *s;
  PF_CALL(PF_CALLOC(ctx, 1, &s));
  s->ctx = ctx;
  s->kind = kind;
  s->ops = ops;
  s->stats.backend = backend;
  s->stats.ordering = "none";
  s->pcg_rel_tol = 1e-10;
  s->pcg_max_iter = 10000;
  *solver = s;
  return PF_OK;
}

/* Frees a solver (and its factor) and sets *solver to NULL; safe on NULL. */
void pf_solver_destroy(pf_solver **solver) {
  if (!solver || !*solver) return;
  pf_solver *s = *solver;
  s->ops->destroy(s);
  free(s->group);
  free(s->work);
  free(s);
  *solver = NULL;
}

/* PCG controls: [in] rel_tol in (0, 1), max_iter >= 1. Ignored by the direct solvers. Returns
 * PF_OK or PF_ERR_INPUT (out of range). */
int pf_solver_set_pcg(pf_solver *solver, double rel_tol, int max_iter) {
  PF_CHECK(rel_tol > 0.0 && rel_tol < 1.0, solver->ctx, PF_ERR_INPUT,
           "PCG tolerance %g is out of range (expected 0 < tolerance < 1)", rel_tol);
  PF_CHECK(max_iter >= 1, solver->ctx, PF_ERR_INPUT,
           "PCG iteration limit %d is out of range (expected >= 1)", max_iter);
  solver->pcg_rel_tol = rel_tol;
  solver->pcg_max_iter = max_iter;
  return PF_OK;
}

/* Groups of unknowns for the ordering: [in] n_groups >= 1, group[i] in [0, n_groups) for each
 * unknown of the matrix given to the next pf_solver_analyse, which checks and copies it (group
 * must stay valid until then). Returns PF_OK or PF_ERR_INTERNAL. */
int pf_solver_set_groups(pf_solver *solver, int64_t n_groups, const int64_t *group) {
  PF_CHECK(n_groups >= 1 && group, solver->ctx, PF_ERR_INTERNAL,
           "pf_solver_set_groups: %lld groups (expected >= 1 and a group array)",
           (long long)n_groups);
  solver->n_groups = n_groups;
  solver->group_pending = group;
  return PF_OK;
}

/* A hash of the pattern (order, storage, rowptr, col): a later factorisation with another
 * pattern is refused instead of silently producing a wrong factor. */
static uint64_t pattern_hash(const pf_csr *A) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t)A->n ^ ((uint64_t)A->upper << 63);
  const uint64_t m = 0x9e3779b97f4a7c15ull;
  for (int64_t i = 0; i <= A->n; i++) h = (h ^ (uint64_t)A->rowptr[i]) * m;
  const int64_t nnz = pf_csr_nnz(A);
  for (int64_t p = 0; p < nnz; p++) h = (h ^ (uint64_t)A->col[p]) * m;
  return h ^ (h >> 29);
}

static int check_pattern(pf_solver *s, const pf_csr *A, const char *what) {
  PF_CHECK(s->analysed, s->ctx, PF_ERR_INTERNAL, "%s before pf_solver_analyse", what);
  PF_CHECK(A->n == s->pat_n && pf_csr_nnz(A) == s->pat_nnz && A->upper == s->pat_upper &&
               pattern_hash(A) == s->pat_hash,
           s->ctx, PF_ERR_INTERNAL,
           "%s: the matrix pattern differs from the analysed one (n %lld, nnz %lld; analysed n "
           "%lld, nnz %lld)",
           what, (long long)A->n, (long long)pf_csr_nnz(A), (long long)s->pat_n,
           (long long)s->pat_nnz);
  return PF_OK;
}

/* Symbolic analysis of A's pattern (ordering and symbolic factor). [in] A: upper storage for
 * CHOLMOD (full is accepted, its upper triangle is used), full storage for UMFPACK, either for
 * PCG. Returns PF_OK, PF_ERR_INTERNAL (storage, groups, library failure, out of memory). */
int pf_solver_analyse(pf_solver *solver, const pf_csr *A) {
  pf_solver *s = solver;
  pf_context *ctx = s->ctx;
  PF_CHECK(!(s->kind == PF_SOLVER_UMFPACK && A->upper), ctx, PF_ERR_INTERNAL,
           "UMFPACK needs the full matrix (upper storage given)");
  if (s->group_pending) {
    /* the length of group[] is the order of the matrix, known now */
    const int64_t *g = s->group_pending;
    for (int64_t i = 0; i < A->n; i++)
      PF_CHECK(g[i] >= 0 && g[i] < s->n_groups, ctx, PF_ERR_INTERNAL,
               "pf_solver_set_groups: unknown %lld is in group %lld (expected 0 to %lld)",
               (long long)i, (long long)g[i], (long long)s->n_groups - 1);
    free(s->group);
    s->group = NULL;
    PF_CALL(PF_CALLOC(ctx, A->n, &s->group));
    if (A->n) memcpy(s->group, g, (size_t)A->n * sizeof(*g));
    s->n_group = A->n;
    s->group_pending = NULL;
  }
  PF_CHECK(!s->group || s->n_group == A->n, ctx, PF_ERR_INTERNAL,
           "pf_solver_analyse: groups were given for %lld unknowns, the matrix has %lld",
           (long long)s->n_group, (long long)A->n);
  s->analysed = s->factored = 0;
  free(s->work);
  s->work = NULL;
  PF_CALL(PF_CALLOC(ctx, A->n, &s->work));
  /* METIS (GKlib) installs its own SIGTERM and SIGABRT handlers while it orders (they longjmp
   * back into METIS) and can leave them behind, or ours with SA_RESETHAND set, when it returns.
   * Put the process's own handlers back afterwards. (The pfsim command keeps SIGTERM and SIGINT
   * blocked in every thread and takes them with sigwait, so METIS's handlers never run there.) */
  const int sigs[3] = {SIGTERM, SIGINT, SIGABRT};
  struct sigaction saved[3];
  for (int k = 0; k < 3; k++) sigaction(sigs[k], NULL, &saved[k]);
  const double t0 = pf_wtime();
  const int rc = s->ops->analyse(s, A);
  s->stats.t_analyse = pf_wtime() - t0;
  for (int k = 0; k < 3; k++) sigaction(sigs[k], &saved[k], NULL);
  PF_CALL(rc);
  s->stats.n = A->n;
  s->stats.nnz_A = pf_csr_nnz(A);
  s->stats.n_analyse++;
  s->pat_n = A->n;
  s->pat_nnz = pf_csr_nnz(A);
  s->pat_upper = A->upper;
  s->pat_hash = pattern_hash(A);
  s->analysed = 1;
  return PF_OK;
}

/* Numeric factorisation of A (the analysed pattern). Returns PF_OK, PF_ERR_INPUT (not positive
 * definite / singular, with the unknown in the message), PF_ERR_INTERNAL. */
int pf_solver_factor(pf_solver *solver, const pf_csr *A) {
  pf_solver *s = solver;
  PF_CALL(check_pattern(s, A, "pf_solver_factor"));
  s->factored = 0;
  const double t0 = pf_wtime();
  const int rc = s->ops->factor(s, A);
  s->stats.t_factor = pf_wtime() - t0;
  if (rc < 0) return rc;
  s->stats.n_factor++;
  s->factored = 1;
  return PF_OK;
}

/* Solves A x = b with the current factor (PCG: iterates on A) and records ||b - A x|| / ||b||.
 * [in] A (the factorised matrix), b[n]; [out] x[n] (must not overlap b). Returns PF_OK,
 * PF_ERR_CONVERGENCE (PCG), PF_ERR_INPUT (non-finite solution, PCG breakdown),
 * PF_ERR_INTERRUPTED, PF_ERR_INTERNAL. */
int pf_solver_solve(pf_solver *solver, const pf_csr *A, const double *b, double *x) {
  pf_solver *s = solver;
  pf_context *ctx = s->ctx;
  PF_CALL(check_pattern(s, A, "pf_solver_solve"));
  PF_CHECK(s->factored, ctx, PF_ERR_INTERNAL, "pf_solver_solve before pf_solver_factor");
  const int64_t n = A->n;
  const uintptr_t xb = (uintptr_t)x, bb = (uintptr_t)b, len = (uintptr_t)n * sizeof(double);
  PF_CHECK(xb + len <= bb || bb + len <= xb, ctx, PF_ERR_INTERNAL,
           "pf_solver_solve: x and b overlap");
  const double t0 = pf_wtime();
  const int rc = s->ops->solve(s, A, b, x);
  s->stats.t_solve = pf_wtime() - t0;
  if (rc < 0 && rc != PF_ERR_CONVERGENCE) return rc;
  s->stats.n_solve++;
  /* The true residual, whatever the backend reports. */
  double *r = s->work;
  PF_CALL(pf_csr_matvec(ctx, A, x, r));
#pragma omp parallel for num_threads(ctx->threads) schedule(static) if (n > 20000)
  for (int64_t i = 0; i < n; i++) r[i] = b[i] - r[i];
  const double bnorm = pf_norm2(ctx, n, b), rnorm = pf_norm2(ctx, n, r);
  s->stats.rel_residual = bnorm > 0.0 ? rnorm / bnorm : rnorm;
  if (rc < 0) return rc;
  PF_CHECK(isfinite(s->stats.rel_residual), ctx, PF_ERR_INPUT,
           "the solution of the linear system is not finite: the matrix or the right-hand side "
           "holds NaN or Inf values");
  return PF_OK;
}

/* The statistics of the last analyse / factor / solve and the running counts. */
const pf_solver_stats *pf_solver_get_stats(const pf_solver *solver) { return &solver->stats; }

/* Bytes the factorisation will need (0 before pf_solver_analyse). */
double pf_solver_memory_estimate(const pf_solver *solver) {
  return solver->analysed ? solver->memory_estimate : 0.0;
}
