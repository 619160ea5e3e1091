/*
 * Conjugate gradients with a Jacobi (diagonal) preconditioner, for verification and for
 * problems whose factor would not fit. Bit-identical for any thread count: the matrix-vector
 * product and the reductions have a fixed summation order (csr.c, reduce.c) and the vector
 * updates are element-wise. An upper matrix is expanded to full storage once at analyse (its
 * values are copied at each factor) so that the iterations run on the full product.
 *
 * Reference: Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1
 * (preconditioned conjugate gradient).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/linalg_impl.h"

typedef struct {
  pf_csr *full;          /* full copy of an upper matrix, NULL for a full matrix */
  int64_t *map;          /* [nnz(full)] position of each full entry in the upper matrix */
  double *dinv;          /* [n] 1 / diag(A) */
  double *r, *z, *p, *q; /* [n] work vectors */
} pcg_data;

static void pcg_destroy(pf_solver *s) {
  pcg_data *d = s->data;
  if (!d) return;
  pf_csr_destroy(&d->full);
  free(d->map);
  free(d->dinv);
  free(d->r);
  free(d->z);
  free(d->p);
  free(d->q);
  free(d);
  s->data = NULL;
}

static int pcg_analyse(pf_solver *s, const pf_csr *A) {
  pf_context *ctx = s->ctx;
  pcg_destroy(s);
  pcg_data *d;
  PF_CALL(PF_CALLOC(ctx, 1, &d));
  s->data = d;
  const int64_t n = A->n;
  PF_CALL(PF_CALLOC(ctx, n, &d->dinv));
  PF_CALL(PF_CALLOC(ctx, n, &d->r));
  PF_CALL(PF_CALLOC(ctx, n, &d->z));
  PF_CALL(PF_CALLOC(ctx, n, &d->p));
  PF_CALL(PF_CALLOC(ctx, n, &d->q));
  double bytes = 5.0 * 8.0 * (double)n;
  if (A->upper) {
    /* expand the pattern once; the values of position p in the upper matrix are numbered p + 1
     * so the expansion of the numbers gives the map */
    pf_csr *U;
    PF_CALL(pf_csr_create(ctx, n, 1, A->rowptr, A->col, &U));
    const int64_t nnz = pf_csr_nnz(U);
    for (int64_t p = 0; p < nnz; p++) U->val[p] = (double)(p + 1);
    const int rc = pf_csr_expand_full(ctx, U, &d->full);
    pf_csr_destroy(&U);
    PF_CALL(rc);
    const int64_t nf = pf_csr_nnz(d->full);
    PF_CALL(PF_CALLOC(ctx, nf, &d->map));
    for (int64_t p = 0; p < nf; p++) d->map[p] = (int64_t)d->full->val[p] - 1;
    bytes += 24.0 * (double)nf + 8.0 * (double)(n + 1);
  }
  s->stats.ordering = "none";
  s->stats.nnz_L = 0;
  s->stats.flops = 0.0;
  s->stats.factor_bytes = 0.0;
  s->memory_estimate = bytes;
  return PF_OK;
}

/* "Factorisation": the Jacobi preconditioner (and the values of the full copy). */
static int pcg_factor(pf_solver *s, const pf_csr *A) {
  pf_context *ctx = s->ctx;
  pcg_data *d = s->data;
  const pf_csr *M = A;
  if (d->full) {
    const int64_t nf = pf_csr_nnz(d->full);
    double *fv = d->full->val;
    const double *av = A->val;
    const int64_t *map = d->map;
#pragma omp parallel for num_threads(ctx->threads) schedule(static) if (nf > 20000)
    for (int64_t p = 0; p < nf; p++) fv[p] = av[map[p]];
    M = d->full;
  }
  for (int64_t i = 0; i < M->n; i++) {
    const int64_t p = pf_csr_find(M, i, i);
    const double a = p >= 0 ? M->val[p] : 0.0;
    PF_CHECK(a > 0.0, ctx, PF_ERR_INPUT,
             "the stiffness matrix is not positive definite (diagonal %g at unknown %lld): a "
             "part is not held by any constraint, or a material is invalid",
             a, (long long)i);
    d->dinv[i] = 1.0 / a;
  }
  return PF_OK;
}

static int pcg_solve(pf_solver *s, const pf_csr *A, const double *b, double *x) {
  pf_context *ctx = s->ctx;
  pcg_data *d = s->data;
  const pf_csr *M = d->full ? d->full : A;
  const int64_t n = M->n;
  const int nt = ctx->threads, par = n > 20000;
  double *r = d->r, *z = d->z, *p = d->p, *q = d->q;
  const double *dinv = d->dinv;
  const double tol = s->pcg_rel_tol;

  const double bnorm = pf_norm2(ctx, n, b);
  memset(x, 0, (size_t)n * sizeof(double));
  s->stats.iterations = 0;
  if (bnorm == 0.0) return PF_OK;
#pragma omp parallel for num_threads(nt) schedule(static) if (par)
  for (int64_t i = 0; i < n; i++) {
    r[i] = b[i];
    z[i] = dinv[i] * b[i];
    p[i] = z[i];
  }
  double rz = pf_dot(ctx, n, r, z), rnorm = bnorm;
  int it = 0;
  while (rnorm > tol * bnorm) {
    if (it >= s->pcg_max_iter) {
      s->stats.iterations = it;
      return PF_ERROR(ctx, PF_ERR_CONVERGENCE,
                      "PCG did not converge in %d iterations (relative residual %.3e, tolerance "
                      "%.1e)",
                      it, rnorm / bnorm, tol);
    }
    if (pf_interrupted(ctx)) return PF_ERROR(ctx, PF_ERR_INTERRUPTED, "PCG interrupted");
    PF_CALL(pf_csr_matvec(ctx, M, p, q));
    const double pq = pf_dot(ctx, n, p, q);
    /* A p = q with p^T A p <= 0: A is not positive definite (Saad, Sec. 6.7). */
    PF_CHECK(pq > 0.0, ctx, PF_ERR_INPUT,
             "the stiffness matrix is not positive definite (PCG breakdown p^T A p = %.3e at "
             "iteration %d): a part is not held by any constraint, or a material is invalid",
             pq, it + 1);
    const double alpha = rz / pq;
#pragma omp parallel for num_threads(nt) schedule(static) if (par)
    for (int64_t i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = dinv[i] * r[i];
    }
    const double rz_new = pf_dot(ctx, n, r, z);
    rnorm = pf_norm2(ctx, n, r);
    const double beta = rz_new / rz;
    rz = rz_new;
#pragma omp parallel for num_threads(nt) schedule(static) if (par)
    for (int64_t i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    it++;
    PF_CHECK(isfinite(rnorm), ctx, PF_ERR_INPUT,
             "PCG residual is not finite at iteration %d: the matrix or the right-hand side "
             "holds NaN or Inf values",
             it);
  }
  s->stats.iterations = it;
  return PF_OK;
}

const pf_solver_ops pf_solver_pcg_ops = {pcg_analyse, pcg_factor, pcg_solve, pcg_destroy};
