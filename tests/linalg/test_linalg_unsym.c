/*
 * UMFPACK solves A x = b for an unsymmetric CSR matrix, not A^T x = b (the CSR arrays read as
 * compressed columns are A^T). A 3x3 system with a known solution, then upwind
 * convection-diffusion (16^3, wind 5: a(i,i-1) = -6, a(i,i+1) = -1): the residual of A x = b is
 * below 1e-12 while x is far from solving A^T x = b.
 */
#include "linalg_testlib.h"

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  pf_context_set_threads(ctx, 2);
  pf_solver *s;

  /* A = [4 1 0; 2 5 1; 0 3 6], x = (1, 2, 3) -> b = (6, 15, 24); A^T x = b has another solution */
  {
    const int64_t rp[] = {0, 2, 5, 7}, ci[] = {0, 1, 0, 1, 2, 1, 2};
    const double v[] = {4, 1, 2, 5, 1, 3, 6};
    pf_csr *A;
    PF_EXPECT(pf_csr_create(ctx, 3, 0, rp, ci, &A) == PF_OK, "3x3");
    memcpy(A->val, v, sizeof(v));
    const double b[3] = {6, 15, 24};
    double x[3];
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, A, b, x) == PF_OK, "solve: %s", pf_context_error(ctx));
    printf("3x3: x = (%.17g, %.17g, %.17g)\n", x[0], x[1], x[2]);
    PF_EXPECT_NEAR(x[0], 1.0, 1e-14);
    PF_EXPECT_NEAR(x[1], 2.0, 1e-14);
    PF_EXPECT_NEAR(x[2], 3.0, 1e-14);
    pf_solver_destroy(&s);
    pf_csr_destroy(&A);
  }

  /* convection-diffusion */
  {
    pf_csr *A = tl_convdiff(ctx, 16, 16, 16, 5.0);
    const int64_t n = A->n;
    double *b = tl_random_vector(n, 17), *x = calloc((size_t)n, 8), *y = calloc((size_t)n, 8);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, A, b, x) == PF_OK, "solve: %s", pf_context_error(ctx));
    const double res = tl_rel_residual(A, x, b);
    /* residual of the transposed system A^T x = b */
    for (int64_t i = 0; i < n; i++) y[i] = 0.0;
    for (int64_t i = 0; i < n; i++)
      for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++) y[A->col[p]] += A->val[p] * x[i];
    double rr = 0.0, bb = 0.0;
    for (int64_t i = 0; i < n; i++) {
      rr += (b[i] - y[i]) * (b[i] - y[i]);
      bb += b[i] * b[i];
    }
    const pf_solver_stats *st = pf_solver_get_stats(s);
    printf(
        "convection-diffusion 16^3: ordering %s, nnz_L+U %lld, residual A x = b %.2e "
        "(reported %.2e), A^T x = b %.2e\n",
        st->ordering, (long long)st->nnz_L, res, st->rel_residual, sqrt(rr / bb));
    PF_EXPECT(res < 1e-12, "A x = b residual %.2e", res);
    PF_EXPECT(sqrt(rr / bb) > 1e-2, "x does not solve A^T x = b (residual %.2e)", sqrt(rr / bb));
    pf_solver_destroy(&s);
    pf_csr_destroy(&A);
    free(b);
    free(x);
    free(y);
  }
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_unsym");
}
