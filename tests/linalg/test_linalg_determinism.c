/*
 * Bit-identical solutions for ctx->threads = 1, 2, 3 (memcmp):
 * - PCG on full and on upper storage (always: fixed-order products and reductions);
 * - CHOLMOD with reproducible = 1 (one BLAS thread), with and without the node ordering, on an
 *   elasticity-like matrix whose top separators are dense blocks of several hundred columns (so
 *   that a threaded BLAS would split them);
 * - UMFPACK with reproducible = 1 (12^3 grid).
 * Also: the solvers leave the OpenMP and OpenBLAS thread settings as they found them. Whether the
 * non-reproducible CHOLMOD factor differs between thread counts is printed (not asserted: it
 * depends on the BLAS kernel).
 */
#include <omp.h>

#include "linalg_testlib.h"

int openblas_get_num_threads(void);

static double *solve_threads(pf_context *ctx, pf_solver_kind kind, const pf_csr *A,
                             const int64_t *group, int64_t ng, const double *b, int threads) {
  pf_solver *s;
  double *x = calloc((size_t)A->n, sizeof(double));
  pf_context_set_threads(ctx, threads);
  PF_EXPECT(pf_solver_create(ctx, kind, &s) == PF_OK, "create");
  if (group) pf_solver_set_groups(s, ng, group);
  const int omp_before = omp_get_max_threads(), blas_before = openblas_get_num_threads();
  PF_EXPECT(tl_solve(s, A, b, x) == PF_OK, "%s solve (%d threads): %s", pf_solver_kind_name(kind),
            threads, pf_context_error(ctx));
  PF_EXPECT(omp_get_max_threads() == omp_before && openblas_get_num_threads() == blas_before,
            "thread settings restored (omp %d -> %d, blas %d -> %d)", omp_before,
            omp_get_max_threads(), blas_before, openblas_get_num_threads());
  pf_solver_destroy(&s);
  return x;
}

static void check(pf_context *ctx, const char *what, pf_solver_kind kind, const pf_csr *A,
                  const int64_t *group, int64_t ng, const double *b, int assert_equal) {
  double *x[3];
  for (int t = 0; t < 3; t++) x[t] = solve_threads(ctx, kind, A, group, ng, b, t + 1);
  for (int t = 1; t < 3; t++) {
    const int same = memcmp(x[t], x[0], (size_t)A->n * sizeof(double)) == 0;
    printf("  %-40s threads %d vs 1: %s (rel diff %.2e)\n", what, t + 1,
           same ? "bit-identical" : "different", tl_rel_diff(A->n, x[t], x[0]));
    if (assert_equal) PF_EXPECT(same, "%s bit-identical for %d threads", what, t + 1);
  }
  for (int t = 0; t < 3; t++) free(x[t]);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  int64_t *group, ng;
  pf_csr *U = tl_elasticity(ctx, 16, 16, 16, 1, 1.0, 0, &group, &ng);
  pf_csr *F = tl_elasticity(ctx, 12, 12, 12, 0, 1.0, 0, NULL, NULL); /* UMFPACK: smaller */
  pf_csr *Fs = tl_elasticity(ctx, 10, 10, 10, 0, 1.0, 0, NULL, NULL);
  pf_csr *Us = tl_elasticity(ctx, 10, 10, 10, 1, 1.0, 0, NULL, NULL);
  double *b = tl_random_vector(U->n, 33), *bs = tl_random_vector(Fs->n, 34);
  double *bf = tl_random_vector(F->n, 35);
  printf("elasticity 16^3: n = %lld; 10^3: n = %lld\n", (long long)U->n, (long long)Fs->n);

  pf_context_set_reproducible(ctx, 0);
  check(ctx, "pcg full", PF_SOLVER_PCG, Fs, NULL, 0, bs, 1);
  check(ctx, "pcg upper", PF_SOLVER_PCG, Us, NULL, 0, bs, 1);
  check(ctx, "cholmod (reproducible = 0)", PF_SOLVER_CHOLMOD, U, NULL, 0, b, 0);
  pf_context_set_reproducible(ctx, 1);
  check(ctx, "cholmod metis, reproducible", PF_SOLVER_CHOLMOD, U, NULL, 0, b, 1);
  check(ctx, "cholmod metis-nodes, reproducible", PF_SOLVER_CHOLMOD, U, group, ng, b, 1);
  check(ctx, "umfpack, reproducible", PF_SOLVER_UMFPACK, F, NULL, 0, bf, 1);

  free(b);
  free(bs);
  free(bf);
  free(group);
  pf_csr_destroy(&U);
  pf_csr_destroy(&F);
  pf_csr_destroy(&Fs);
  pf_csr_destroy(&Us);
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_determinism");
}
