/*
 * Deterministic parallel reductions. The vector is cut into blocks of PF_REDUCE_BLOCK entries
 * (a constant, not a function of the thread count); each block is summed in a fixed order by
 * whichever thread owns it, and the block sums are added in block order. The result is
 * therefore bit-identical for any number of threads.
 */
#include <math.h>

#include "linalg/pf_linalg.h"

#define PF_REDUCE_BLOCK 4096
/* Block sums held on the stack per pass; longer vectors take several passes (still in order). */
#define PF_REDUCE_PASS 512

/* Sum of x[i] y[i] over one block with four interleaved partial sums (lets the compiler keep
 * four independent chains; the order is fixed). */
static double block_dot(const double *x, const double *y, int64_t m) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int64_t i = 0;
  for (; i + 4 <= m; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < m; i++) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

/* x^T y, bit-identical for any ctx->threads. [in] n, x, y. */
double pf_dot(const pf_context *ctx, int64_t n, const double *x, const double *y) {
  double partial[PF_REDUCE_PASS];
  double total = 0.0;
  const int64_t nb = (n + PF_REDUCE_BLOCK - 1) / PF_REDUCE_BLOCK;
  for (int64_t b0 = 0; b0 < nb; b0 += PF_REDUCE_PASS) {
    const int64_t b1 = b0 + PF_REDUCE_PASS < nb ? b0 + PF_REDUCE_PASS : nb;
#pragma omp parallel for num_threads(ctx->threads) schedule(static) if (b1 - b0 > 1)
    for (int64_t b = b0; b < b1; b++) {
      const int64_t lo = b * PF_REDUCE_BLOCK;
      const int64_t m = lo + PF_REDUCE_BLOCK < n ? PF_REDUCE_BLOCK : n - lo;
      partial[b - b0] = block_dot(x + lo, y + lo, m);
    }
    for (int64_t b = b0; b < b1; b++) total += partial[b - b0];
  }
  return total;
}

/* ||x||_2 = sqrt(x^T x) with the same blocking as pf_dot. */
double pf_norm2(const pf_context *ctx, int64_t n, const double *x) {
  return sqrt(pf_dot(ctx, n, x, x));
}
