/*
 * Compressed sparse row matrices: life cycle, zeroing, the deterministic matrix-vector product
 * (full and symmetric-upper storage) and the expansion of an upper matrix to full storage.
 *
 * Determinism: every output entry is a sum taken in an order fixed by the matrix alone. The
 * full product sums each row in column order. The upper product adds the transpose part through
 * a partition of the rows into blocks of B = max(PF_CSR_BLOCK, bandwidth) rows (a property of the
 * matrix, independent of the thread count): each block scatters its transpose contributions into
 * a private buffer spanning its rows and its bandwidth, and the buffers are then added to y block
 * by block in increasing block order. With B >= bandwidth the buffers hold at most ~2n entries; a
 * matrix whose bandwidth is close to n (a bad numbering) gets one block, the serial pass.
 */
#include <stdlib.h>
#include <string.h>

#include "linalg/pf_linalg.h"

/* Smallest number of rows per block of the upper product (see the top of this file). */
#define PF_CSR_BLOCK 2048
/* Below this many stored entries an OpenMP region costs more than it saves. */
#define PF_CSR_PAR_MIN 20000

/* Checks a pattern: rowptr monotone from 0, columns in range, sorted and unique in each row,
 * and col >= row when upper. */
static int csr_check_pattern(pf_context *ctx, int64_t n, int upper, const int64_t *rowptr,
                             const int64_t *col) {
  PF_CHECK(n >= 0, ctx, PF_ERR_INTERNAL, "sparse matrix: negative order %lld", (long long)n);
  PF_CHECK(rowptr[0] == 0, ctx, PF_ERR_INTERNAL, "sparse matrix: rowptr[0] = %lld (expected 0)",
           (long long)rowptr[0]);
  for (int64_t i = 0; i < n; i++) {
    PF_CHECK(rowptr[i + 1] >= rowptr[i], ctx, PF_ERR_INTERNAL,
             "sparse matrix: rowptr decreases at row %lld", (long long)i);
    for (int64_t p = rowptr[i]; p < rowptr[i + 1]; p++) {
      const int64_t j = col[p];
      PF_CHECK(j >= (upper ? i : 0) && j < n, ctx, PF_ERR_INTERNAL,
               "sparse matrix: column %lld out of range in row %lld%s", (long long)j, (long long)i,
               upper ? " (upper storage needs col >= row)" : "");
      PF_CHECK(p == rowptr[i] || col[p - 1] < j, ctx, PF_ERR_INTERNAL,
               "sparse matrix: columns of row %lld are not sorted and unique", (long long)i);
    }
  }
  return PF_OK;
}

/* Creates a matrix with a copy of the pattern (checked: sorted, unique, in range) and zero
 * values. [out] A (NULL on failure). Returns PF_OK or PF_ERR_INTERNAL (invalid pattern, out of
 * memory). */
int pf_csr_create(pf_context *ctx, int64_t n, int upper, const int64_t *rowptr, const int64_t *col,
                  pf_csr **A) {
  *A = NULL;
  PF_CALL(csr_check_pattern(ctx, n, upper, rowptr, col));
  const int64_t nnz = rowptr[n];
  pf_csr *M;
  PF_CALL(PF_CALLOC(ctx, 1, &M));
  M->n = n;
  M->upper = upper != 0;
  int ierr;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n + 1, &M->rowptr));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, nnz, &M->col));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, nnz, &M->val));
  memcpy(M->rowptr, rowptr, (size_t)(n + 1) * sizeof(*rowptr));
  if (nnz) memcpy(M->col, col, (size_t)nnz * sizeof(*col));
  *A = M;
  return PF_OK;
fail:
  pf_csr_destroy(&M);
  return ierr;
}

/* Frees a matrix and sets *A to NULL; safe on NULL. */
void pf_csr_destroy(pf_csr **A) {
  if (!A || !*A) return;
  free((*A)->rowptr);
  free((*A)->col);
  free((*A)->val);
  free(*A);
  *A = NULL;
}

/* Sets every stored value to zero with up to threads OpenMP threads. */
void pf_csr_zero(pf_csr *A, int threads) {
  const int64_t nnz = pf_csr_nnz(A);
  const int64_t chunk = 65536, nchunks = (nnz + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (nchunks > 1)
  for (int64_t c = 0; c < nchunks; c++) {
    const int64_t lo = c * chunk, hi = lo + chunk < nnz ? lo + chunk : nnz;
    memset(A->val + lo, 0, (size_t)(hi - lo) * sizeof(double));
  }
}

/* y = A x, every row summed in column order. */
static void matvec_full(const pf_context *ctx, const pf_csr *A, const double *x, double *y) {
  const int64_t n = A->n;
  const int64_t *rp = A->rowptr, *ci = A->col;
  const double *v = A->val;
#pragma omp parallel for num_threads(ctx->threads) \
    schedule(static) if (pf_csr_nnz(A) > PF_CSR_PAR_MIN)
  for (int64_t i = 0; i < n; i++) {
    double s = 0.0;
    for (int64_t p = rp[i]; p < rp[i + 1]; p++) s += v[p] * x[ci[p]];
    y[i] = s;
  }
}

/* y = (U + U^T - D) x in one serial pass: y_i is the sum of the transpose contributions of
 * rows k < i (in increasing k) plus the row sum of row i (in column order). */
static void matvec_upper_serial(const pf_csr *A, const double *x, double *y) {
  const int64_t n = A->n;
  const int64_t *rp = A->rowptr, *ci = A->col;
  const double *v = A->val;
  memset(y, 0, (size_t)n * sizeof(double));
  for (int64_t i = 0; i < n; i++) {
    const double xi = x[i];
    double s = 0.0;
    for (int64_t p = rp[i]; p < rp[i + 1]; p++) {
      const int64_t j = ci[p];
      s += v[p] * x[j];
      if (j > i) y[j] += v[p] * xi;
    }
    y[i] += s;
  }
}

/* Blocked upper product with nb blocks of B rows. Block b holds rows [r0_b, r0_b + B); its
 * transpose contributions go to columns in [r0_b, hi_b] (hi_b: its largest column, at most
 * r0_b + 2B), collected in buf + off[b]. Returns PF_OK or PF_ERR_INTERNAL (out of memory). */
static int matvec_upper_blocked(pf_context *ctx, const pf_csr *A, int64_t B, const double *x,
                                double *y) {
  const int64_t n = A->n, nb = (n + B - 1) / B;
  const int64_t *rp = A->rowptr, *ci = A->col;
  const double *v = A->val;
  int64_t *off = NULL, *hi = NULL;
  double *buf = NULL;
  int ierr;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nb + 1, &off));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nb, &hi));
  for (int64_t b = 0; b < nb; b++) {
    const int64_t r0 = b * B, r1 = r0 + B < n ? r0 + B : n;
    int64_t h = r0;
    for (int64_t i = r0; i < r1; i++)
      if (rp[i + 1] > rp[i] && ci[rp[i + 1] - 1] > h) h = ci[rp[i + 1] - 1];
    hi[b] = h;
    off[b + 1] = off[b] + (h - r0 + 1);
  }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, off[nb], &buf));
#pragma omp parallel num_threads(ctx->threads)
  {
#pragma omp for schedule(dynamic, 1)
    for (int64_t b = 0; b < nb; b++) {
      const int64_t r0 = b * B, r1 = r0 + B < n ? r0 + B : n;
      double *t = buf + off[b] - r0; /* t[j] for j in [r0, hi[b]] */
      for (int64_t i = r0; i < r1; i++) {
        const double xi = x[i];
        double s = 0.0;
        for (int64_t p = rp[i]; p < rp[i + 1]; p++) {
          const int64_t j = ci[p];
          s += v[p] * x[j];
          if (j > i) t[j] += v[p] * xi;
        }
        y[i] = s;
      }
    }
    /* Output block c receives the buffers of blocks b <= c that reach it, in increasing b. */
#pragma omp for schedule(dynamic, 1)
    for (int64_t c = 0; c < nb; c++) {
      const int64_t r0 = c * B, r1 = r0 + B < n ? r0 + B : n;
      for (int64_t b = c >= 2 ? c - 2 : 0; b <= c; b++) {
        if (hi[b] < r0) continue;
        const double *t = buf + off[b] - b * B;
        const int64_t end = hi[b] + 1 < r1 ? hi[b] + 1 : r1;
        for (int64_t j = r0; j < end; j++) y[j] += t[j];
      }
    }
  }
  ierr = PF_OK;
done:
  free(off);
  free(hi);
  free(buf);
  return ierr;
}

/* y = A x; bit-identical for any thread count (see the top of this file). [in] A, x; [out] y
 * (must not overlap x). Returns PF_OK, or PF_ERR_INTERNAL when the buffers of the upper product
 * cannot be allocated. */
int pf_csr_matvec(pf_context *ctx, const pf_csr *A, const double *x, double *y) {
  if (!A->upper) {
    matvec_full(ctx, A, x, y);
    return PF_OK;
  }
  /* Serial or blocked, and the block size, are decided by the matrix alone, never by the
   * thread count. */
  const int64_t n = A->n;
  int64_t bandwidth = 0;
  for (int64_t i = 0; i < n; i++)
    if (A->rowptr[i + 1] > A->rowptr[i] && A->col[A->rowptr[i + 1] - 1] - i > bandwidth)
      bandwidth = A->col[A->rowptr[i + 1] - 1] - i;
  const int64_t B = bandwidth > PF_CSR_BLOCK ? bandwidth : PF_CSR_BLOCK;
  if (n <= B || pf_csr_nnz(A) <= PF_CSR_PAR_MIN) {
    matvec_upper_serial(A, x, y);
    return PF_OK;
  }
  return matvec_upper_blocked(ctx, A, B, x, y);
}

/* The full matrix of an upper matrix (pattern and values). [out] full (NULL on failure).
 * Returns PF_OK or PF_ERR_INTERNAL (not upper storage, out of memory). */
int pf_csr_expand_full(pf_context *ctx, const pf_csr *A, pf_csr **full) {
  *full = NULL;
  PF_CHECK(A->upper, ctx, PF_ERR_INTERNAL, "pf_csr_expand_full: the matrix is not upper storage");
  const int64_t n = A->n;
  const int64_t *rp = A->rowptr, *ci = A->col;
  pf_csr *F = NULL;
  int64_t *next = NULL;
  int ierr;
  PF_CALL(PF_CALLOC(ctx, 1, &F));
  F->n = n;
  F->upper = 0;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n + 1, &F->rowptr));
  /* Row i of the full matrix: the strict lower entries (column k < i, from row k of U), then
   * row i of U. Counting the lower entries of each row first. */
  for (int64_t k = 0; k < n; k++)
    for (int64_t p = rp[k]; p < rp[k + 1]; p++)
      if (ci[p] > k) F->rowptr[ci[p] + 1]++;
  for (int64_t i = 0; i < n; i++) F->rowptr[i + 1] += F->rowptr[i] + (rp[i + 1] - rp[i]);
  const int64_t nnz = F->rowptr[n];
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, nnz, &F->col));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, nnz, &F->val));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &next));
  for (int64_t i = 0; i < n; i++) next[i] = F->rowptr[i];
  /* Rows k in increasing order append column k to the rows below: sorted by construction. */
  for (int64_t k = 0; k < n; k++)
    for (int64_t p = rp[k]; p < rp[k + 1]; p++) {
      const int64_t j = ci[p];
      if (j > k) {
        F->col[next[j]] = k;
        F->val[next[j]++] = A->val[p];
      }
    }
  for (int64_t i = 0; i < n; i++) {
    const int64_t m = rp[i + 1] - rp[i];
    memcpy(F->col + next[i], ci + rp[i], (size_t)m * sizeof(int64_t));
    memcpy(F->val + next[i], A->val + rp[i], (size_t)m * sizeof(double));
  }
  free(next);
  *full = F;
  return PF_OK;
fail:
  free(next);
  pf_csr_destroy(&F);
  return ierr;
}
