/*
 * Sparse kernels: pf_csr life cycle and pattern checks, pf_csr_zero, pf_csr_matvec (full and
 * upper, against a serial reference), pf_csr_expand_full (exact), pf_dot / pf_norm2 (against a
 * long-double reference), and bit-identical results for 1, 2 and 3 threads (full product, upper
 * product on its blocked path and on its serial fallback for a badly numbered matrix,
 * reductions on lengths that are not multiples of the block); a BLAS thread section
 * (pf_blas_threads_begin / end) runs the BLAS on the threads asked and gives back both the BLAS
 * thread count and OpenMP's default team size.
 */
#include <omp.h>

#include "core/pf_blas.h"
#include "linalg_testlib.h"

/* Results of the kernels for one thread count. */
typedef struct {
  double dot, norm;
  double *y_full, *y_upper, *y_shuffled;
} kernel_out;

static void run_kernels(pf_context *ctx, int threads, const pf_csr *F, const pf_csr *U,
                        const pf_csr *S, const double *x, const double *xs, int64_t nv,
                        const double *v, const double *w, kernel_out *out) {
  pf_context_set_threads(ctx, threads);
  out->dot = pf_dot(ctx, nv, v, w);
  out->norm = pf_norm2(ctx, nv, v);
  out->y_full = malloc((size_t)F->n * sizeof(double));
  out->y_upper = malloc((size_t)U->n * sizeof(double));
  out->y_shuffled = malloc((size_t)S->n * sizeof(double));
  PF_EXPECT(pf_csr_matvec(ctx, F, x, out->y_full) == PF_OK, "matvec full");
  PF_EXPECT(pf_csr_matvec(ctx, U, x, out->y_upper) == PF_OK, "matvec upper");
  PF_EXPECT(pf_csr_matvec(ctx, S, xs, out->y_shuffled) == PF_OK, "matvec shuffled upper");
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;

  /* --- pattern checks --- */
  {
    const int64_t rp[] = {0, 2, 3}, col_bad[] = {1, 0, 1}, col_low[] = {0, 1, 0};
    pf_csr *A = NULL;
    PF_EXPECT(pf_csr_create(ctx, 2, 0, rp, col_bad, &A) == PF_ERR_INTERNAL && !A,
              "unsorted row refused");
    PF_EXPECT(pf_csr_create(ctx, 2, 1, rp, col_low, &A) == PF_ERR_INTERNAL && !A,
              "lower entry in upper storage refused");
    const int64_t col_ok[] = {0, 1, 1};
    PF_EXPECT(pf_csr_create(ctx, 2, 1, rp, col_ok, &A) == PF_OK && A, "valid pattern");
    PF_EXPECT(pf_csr_nnz(A) == 3 && A->val[0] == 0.0 && A->val[2] == 0.0, "zero values");
    PF_EXPECT(pf_csr_find(A, 0, 1) == 1 && pf_csr_find(A, 1, 0) == -1, "find");
    pf_csr_destroy(&A);
    PF_EXPECT(A == NULL, "destroy sets NULL");
    pf_csr_destroy(&A); /* safe on NULL */
  }

  /* --- matrices: elasticity grid 12^3 (5000 unknowns, 3 blocks of the upper product), the
   * same with shuffled node numbers (upper product falls back to its serial path) --- */
  int64_t *group = NULL, ng = 0;
  pf_csr *F = tl_elasticity(ctx, 12, 12, 12, 0, 1.0, 0, &group, &ng);
  pf_csr *U = tl_elasticity(ctx, 12, 12, 12, 1, 1.0, 0, NULL, NULL);
  pf_csr *S = tl_elasticity(ctx, 16, 16, 16, 1, 1.0, 1, NULL, NULL);
  const int64_t n = F->n;
  printf("elasticity 12^3: n = %lld, nnz full %lld, upper %lld; shuffled 16^3: n = %lld\n",
         (long long)n, (long long)pf_csr_nnz(F), (long long)pf_csr_nnz(U), (long long)S->n);

  /* expand_full reproduces the full matrix exactly */
  pf_csr *E = NULL;
  PF_EXPECT(pf_csr_expand_full(ctx, U, &E) == PF_OK, "expand_full");
  PF_EXPECT(E->n == n && !E->upper && pf_csr_nnz(E) == pf_csr_nnz(F), "expanded size");
  PF_EXPECT(memcmp(E->rowptr, F->rowptr, (size_t)(n + 1) * 8) == 0 &&
                memcmp(E->col, F->col, (size_t)pf_csr_nnz(F) * 8) == 0 &&
                memcmp(E->val, F->val, (size_t)pf_csr_nnz(F) * 8) == 0,
            "expanded pattern and values equal the assembled full matrix");
  pf_csr_destroy(&E);
  PF_EXPECT(pf_csr_expand_full(ctx, F, &E) == PF_ERR_INTERNAL && !E, "expand of full refused");

  /* products against the serial reference */
  double *x = tl_random_vector(n, 7), *xs = tl_random_vector(S->n, 8);
  double *yref = malloc((size_t)n * 8), *y = malloc((size_t)n * 8);
  tl_matvec_ref(F, x, yref);
  double ynorm = 0.0;
  for (int64_t i = 0; i < n; i++) ynorm = fmax(ynorm, fabs(yref[i]));
  pf_context_set_threads(ctx, 2);
  PF_EXPECT(pf_csr_matvec(ctx, F, x, y) == PF_OK, "matvec");
  double err = 0.0;
  for (int64_t i = 0; i < n; i++) err = fmax(err, fabs(y[i] - yref[i]));
  PF_EXPECT(err == 0.0, "full product equals the serial row sums exactly (max diff %g)", err);
  PF_EXPECT(pf_csr_matvec(ctx, U, x, y) == PF_OK, "matvec upper");
  err = 0.0;
  for (int64_t i = 0; i < n; i++) err = fmax(err, fabs(y[i] - yref[i]));
  /* same sums in another order: rounding only, 1e-14 relative to the largest entry */
  PF_EXPECT(err <= 1e-14 * ynorm * 30, "upper product = full product (max diff %g)", err);
  {
    double *ysref = malloc((size_t)S->n * 8), *ys = malloc((size_t)S->n * 8), e2 = 0.0, m2 = 0.0;
    tl_matvec_ref(S, xs, ysref);
    PF_EXPECT(pf_csr_matvec(ctx, S, xs, ys) == PF_OK, "matvec shuffled");
    for (int64_t i = 0; i < S->n; i++) {
      e2 = fmax(e2, fabs(ys[i] - ysref[i]));
      m2 = fmax(m2, fabs(ysref[i]));
    }
    PF_EXPECT(e2 <= 1e-14 * m2 * 30, "shuffled upper product (max diff %g)", e2);
    free(ysref);
    free(ys);
  }

  /* pf_csr_zero */
  pf_csr *Z = tl_elasticity(ctx, 6, 6, 6, 0, 1.0, 0, NULL, NULL);
  pf_csr_zero(Z, 3);
  int nonzero = 0;
  for (int64_t p = 0; p < pf_csr_nnz(Z); p++) nonzero += Z->val[p] != 0.0;
  PF_EXPECT(nonzero == 0, "pf_csr_zero left %d values", nonzero);
  pf_csr_destroy(&Z);

  /* reductions: a length that is not a multiple of the block, against long double */
  const int64_t nv = 3 * 4096 * 5 + 1234;
  double *v = tl_random_vector(nv, 11), *w = tl_random_vector(nv, 12);
  long double dref = 0.0L, nref = 0.0L;
  for (int64_t i = 0; i < nv; i++) {
    dref += (long double)v[i] * w[i];
    nref += (long double)v[i] * v[i];
  }
  PF_EXPECT_NEAR(pf_dot(ctx, nv, v, w), (double)dref, 1e-12 * sqrt((double)nref));
  PF_EXPECT_REL(pf_norm2(ctx, nv, v), sqrt((double)nref), 1e-14);
  PF_EXPECT(pf_dot(ctx, 0, v, w) == 0.0, "empty dot");

  /* --- determinism: threads 1, 2, 3 --- */
  kernel_out out[3];
  for (int t = 0; t < 3; t++) run_kernels(ctx, t + 1, F, U, S, x, xs, nv, v, w, &out[t]);
  for (int t = 1; t < 3; t++) {
    PF_EXPECT(memcmp(&out[t].dot, &out[0].dot, sizeof(double)) == 0,
              "pf_dot bit-identical for %d threads", t + 1);
    PF_EXPECT(memcmp(&out[t].norm, &out[0].norm, sizeof(double)) == 0,
              "pf_norm2 bit-identical for %d threads", t + 1);
    PF_EXPECT(memcmp(out[t].y_full, out[0].y_full, (size_t)n * 8) == 0,
              "full matvec bit-identical for %d threads", t + 1);
    PF_EXPECT(memcmp(out[t].y_upper, out[0].y_upper, (size_t)n * 8) == 0,
              "upper matvec bit-identical for %d threads", t + 1);
    PF_EXPECT(memcmp(out[t].y_shuffled, out[0].y_shuffled, (size_t)S->n * 8) == 0,
              "shuffled upper matvec bit-identical for %d threads", t + 1);
  }
  for (int t = 0; t < 3; t++) {
    free(out[t].y_full);
    free(out[t].y_upper);
    free(out[t].y_shuffled);
  }

  free(x);
  free(xs);
  free(y);
  free(yref);
  free(v);
  free(w);
  free(group);
  pf_csr_destroy(&F);
  pf_csr_destroy(&U);
  pf_csr_destroy(&S);
  pf_csr_destroy(&E);

  /* --- serial BLAS section --- */
  {
    pf_blas_set_threads(2);
    omp_set_num_threads(3);
    const int blas0 = pf_blas_threads(), omp0 = omp_get_max_threads();
    const pf_blas_saved saved = pf_blas_threads_begin(1);
    PF_EXPECT(pf_blas_threads() == 1, "serial section: one BLAS thread (%d)", pf_blas_threads());
    pf_blas_threads_end(saved);
    PF_EXPECT(pf_blas_threads() == blas0 && omp_get_max_threads() == omp0,
              "serial section: BLAS threads %d -> %d, OpenMP team %d -> %d restored", blas0,
              pf_blas_threads(), omp0, omp_get_max_threads());
  }
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_kernels");
}
