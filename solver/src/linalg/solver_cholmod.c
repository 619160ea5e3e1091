/*
 * CHOLMOD backend: supernodal Cholesky (LL^T) through the long-integer interface, one
 * cholmod_common per solver. The upper CSR arrays are wrapped without a copy: read as compressed
 * columns they are the lower triangle (stype = -1), sorted and packed. (A full CSR works too:
 * CHOLMOD ignores the entries above the diagonal of a stype = -1 matrix.)
 *
 * Ordering: with groups, METIS on the group graph expanded to unknowns and passed as the single
 * given ordering (CHOLMOD still postorders it); without, CHOLMOD's own METIS ordering.
 * The symbolic factor is kept and every factorisation reuses it; with ctx->reuse a copy is kept
 * in the context for later runs on the same pattern (keyed by a hash of the pattern and groups).
 *
 * Threads: CHOLMOD's work is in the BLAS (dsyrk, dgemm, dtrsm, dpotrf); its own OpenMP loops
 * write disjoint entries, so only the BLAS thread count can change the result. It is set around
 * factorise and solve (pf_linalg_run_blas): one thread with ctx->reproducible.
 */
#include <cholmod.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/linalg_impl.h"

_Static_assert(sizeof(SuiteSparse_long) == sizeof(int64_t), "CHOLMOD's long must be 64-bit");

typedef struct {
  cholmod_common c;
  int started;
  cholmod_factor *L;
  cholmod_dense *X, *Y, *E; /* solve workspace, reused */
  double lnz, fl;           /* from the analysis */
} chol_data;

/* A CHOLMOD view of the CSR arrays (no copy). */
static cholmod_sparse chol_wrap(const pf_csr *A) {
  cholmod_sparse S;
  memset(&S, 0, sizeof(S));
  S.nrow = S.ncol = (size_t)A->n;
  S.nzmax = (size_t)pf_csr_nnz(A);
  S.p = A->rowptr;
  S.i = A->col;
  S.x = A->val;
  S.stype = -1;
  S.itype = CHOLMOD_LONG;
  S.xtype = CHOLMOD_REAL;
  S.dtype = CHOLMOD_DOUBLE;
  S.sorted = 1;
  S.packed = 1;
  return S;
}

/* Records a CHOLMOD failure (negative Common->status) as a pfsim error. */
static int chol_error(pf_context *ctx, const cholmod_common *c, const char *what) {
  const char *why = "unknown error";
  int code = PF_ERR_INTERNAL;
  switch (c->status) {
    case CHOLMOD_OUT_OF_MEMORY:
      why = "out of memory";
      break;
    case CHOLMOD_TOO_LARGE:
      why = "problem too large (integer overflow)";
      break;
    case CHOLMOD_INVALID:
      why = "invalid input";
      break;
    case CHOLMOD_NOT_INSTALLED:
      why = "method not installed";
      break;
    case CHOLMOD_GPU_PROBLEM:
      why = "GPU failure";
      break;
  }
  return PF_ERROR(ctx, code, "CHOLMOD %s failed: %s (status %d)", what, why, c->status);
}

static int chol_start(pf_solver *s, chol_data *d) {
  cholmod_common *c = &d->c;
  if (!cholmod_l_start(c)) return PF_ERROR(s->ctx, PF_ERR_INTERNAL, "CHOLMOD start failed");
  d->started = 1;
  c->print = 0; /* pfsim never prints below cli/: errors come back as status */
  c->error_handler = NULL;
  c->supernodal = CHOLMOD_SUPERNODAL;
  c->final_asis = 1; /* keep the supernodal LL^T as is */
  c->useGPU = 0;
  c->nmethods = 1;
  c->postorder = 1;
  return PF_OK;
}

static void chol_destroy(pf_solver *s) {
  chol_data *d = s->data;
  if (!d) return;
  if (d->started) {
    cholmod_l_free_factor(&d->L, &d->c);
    cholmod_l_free_dense(&d->X, &d->c);
    cholmod_l_free_dense(&d->Y, &d->c);
    cholmod_l_free_dense(&d->E, &d->c);
    cholmod_l_finish(&d->c);
  }
  free(d);
  s->data = NULL;
}

/* Bytes of the supernodal factor: values (xsize), row indices (ssize), the supernode arrays and
 * Perm/ColCount. */
static double chol_factor_bytes(const cholmod_factor *L) {
  const double w = sizeof(SuiteSparse_long);
  return 8.0 * (double)L->xsize + w * (double)L->ssize + 3.0 * w * ((double)L->nsuper + 1) +
         2.0 * w * (double)L->n;
}

/* ---- the symbolic factor kept across runs (ctx->reuse) ----------------------------------- */

/* A copy of an analysed (symbolic, not yet numeric) factor with what the analysis reported. It
 * has its own cholmod_common: the store frees it without a solver. */
typedef struct {
  cholmod_common c;
  cholmod_factor *L;
  double lnz, fl;
  const char *ordering;
} kept_symbolic;

static void kept_symbolic_destroy(void *object) {
  kept_symbolic *k = object;
  cholmod_l_free_factor(&k->L, &k->c);
  cholmod_l_finish(&k->c);
  free(k);
}

/* The key of a symbolic analysis: everything cholmod_l_analyze_p reads - the order, the storage,
 * the pattern (rowptr, col) and the ordering's input (the groups, or none: CHOLMOD's METIS);
 * the Common parameters are the same for every solver (chol_start). Values are not read. */
static pf_reuse_key symbolic_key(const pf_solver *s, const pf_csr *A) {
  pf_reuse_hash h;
  pf_reuse_hash_init(&h, "pfsim cholmod symbolic 1");
  const int64_t head[4] = {A->n, A->upper, s->group ? s->n_groups : -1, pf_csr_nnz(A)};
  pf_reuse_hash_add(&h, head, sizeof(head));
  pf_reuse_hash_add(&h, A->rowptr, (size_t)(A->n + 1) * sizeof(int64_t));
  pf_reuse_hash_add(&h, A->col, (size_t)pf_csr_nnz(A) * sizeof(int64_t));
  if (s->group) pf_reuse_hash_add(&h, s->group, (size_t)A->n * sizeof(int64_t));
  return pf_reuse_hash_key(&h);
}

/* Keeps a copy of the analysed factor d->L under key. */
static int keep_symbolic(pf_solver *s, chol_data *d, pf_reuse_key key) {
  kept_symbolic *k;
  PF_CALL(PF_CALLOC(s->ctx, 1, &k));
  if (!cholmod_l_start(&k->c)) {
    free(k);
    return PF_ERROR(s->ctx, PF_ERR_INTERNAL, "CHOLMOD start failed");
  }
  k->c.print = 0;
  k->c.error_handler = NULL;
  k->L = cholmod_l_copy_factor(d->L, &k->c);
  if (!k->L) {
    const int rc = chol_error(s->ctx, &k->c, "copy of the symbolic factor");
    kept_symbolic_destroy(k);
    return rc;
  }
  k->lnz = d->lnz;
  k->fl = d->fl;
  k->ordering = s->stats.ordering;
  const double w = sizeof(SuiteSparse_long),
               bytes = w * ((double)k->L->ssize + 3.0 * ((double)k->L->nsuper + 1.0) +
                            2.0 * (double)k->L->n);
  pf_debug(s->ctx, "symbolic factor kept for later runs: %.1f MiB\n", bytes / 1048576.0);
  return pf_reuse_put(s->ctx, PF_REUSE_SYMBOLIC, key, k, kept_symbolic_destroy);
}

/* Statistics and memory estimate of the analysed factor d->L. */
static void analysed(pf_solver *s, chol_data *d, const pf_csr *A) {
  s->stats.nnz_L = (int64_t)d->lnz;
  s->stats.flops = d->fl;
  s->stats.factor_bytes = chol_factor_bytes(d->L);
  /* Factor + numeric workspace (Iwork 2n + 5 nsuper, Flag n, Head n+1, the update matrix C of
   * maxcsize, the two permuted copies of A made by cholmod_factorize) + solve workspace. */
  const double w = sizeof(SuiteSparse_long), n = (double)A->n, nnz = (double)pf_csr_nnz(A);
  const double work = w * (4.0 * n + 5.0 * (double)d->L->nsuper) + 8.0 * (double)d->L->maxcsize +
                      2.0 * (nnz * (8.0 + w) + (n + 1) * w) +
                      8.0 * (3.0 * n + (double)d->L->maxesize);
  s->memory_estimate = s->stats.factor_bytes + work;
}

static int chol_analyse(pf_solver *s, const pf_csr *A) {
  pf_context *ctx = s->ctx;
  chol_data *d = s->data;
  if (!d) {
    PF_CALL(PF_CALLOC(ctx, 1, &d));
    s->data = d;
    PF_CALL(chol_start(s, d));
  }
  cholmod_common *c = &d->c;
  cholmod_l_free_factor(&d->L, c);
  /* The same pattern and ordering input analysed by an earlier run of this context: its
   * symbolic factor, copied (the factorisation fills the copy in). The ordering and the
   * symbolic factor are functions of the key's inputs only, so the run is bit-identical to one
   * that analyses. */
  pf_reuse_key key = {0, 0};
  if (ctx->reuse) {
    const double t0 = pf_wtime();
    key = symbolic_key(s, A);
    const double t_key = pf_wtime() - t0;
    const kept_symbolic *k = pf_reuse_get(ctx, PF_REUSE_SYMBOLIC, key);
    if (k) {
      d->L = cholmod_l_copy_factor(k->L, c);
      if (!d->L) return chol_error(ctx, c, "copy of the symbolic factor");
      pf_debug(ctx, "symbolic factor of an earlier run reused (pattern hash %.3f s, copy %.3f s)\n",
               t_key, pf_wtime() - t0 - t_key);
      d->lnz = k->lnz;
      d->fl = k->fl;
      s->stats.ordering = k->ordering;
      analysed(s, d, A);
      return PF_OK;
    }
  }
  cholmod_sparse S = chol_wrap(A);
  int64_t *perm = NULL;
  if (s->group) {
    PF_CALL(PF_CALLOC(ctx, A->n, &perm));
    const int rc = pf_linalg_order_groups(ctx, A, s->n_groups, s->group, perm);
    if (rc < 0) {
      free(perm);
      return rc;
    }
    c->method[0].ordering = CHOLMOD_GIVEN;
    s->stats.ordering = "metis-nodes";
  } else {
    c->method[0].ordering = CHOLMOD_METIS;
    s->stats.ordering = "metis";
  }
  d->L = cholmod_l_analyze_p(&S, (SuiteSparse_long *)perm, NULL, 0, c);
  free(perm);
  if (!d->L || c->status < CHOLMOD_OK) return chol_error(ctx, c, "analysis");
  PF_CHECK(d->L->is_super, ctx, PF_ERR_INTERNAL, "CHOLMOD analysis: the factor is not supernodal");
  d->lnz = c->lnz;
  d->fl = c->fl;
  analysed(s, d, A);
  return ctx->reuse ? keep_symbolic(s, d, key) : PF_OK;
}

/* The smallest ratio d_k / a_jj over the pivots (d_k = L_kk^2, j = Perm[k] the unknown): the
 * part of an unknown's own stiffness left once the unknowns eliminated before it are accounted
 * for. Near machine epsilon the unknown is a null mode (a floating part) that rounding made
 * positive. Invariant to the scaling of the unknowns (units), unlike min/max of diag(L).
 * [out] unknown: the unknown of the smallest ratio. */
static double chol_min_pivot(const cholmod_factor *L, const pf_csr *A, int64_t *unknown) {
  const SuiteSparse_long *super = L->super, *pi = L->pi, *px = L->px, *Perm = L->Perm;
  const double *Lx = L->x;
  double lo = INFINITY;
  int64_t jmin = 0;
  for (size_t sn = 0; sn < L->nsuper; sn++) {
    const SuiteSparse_long k1 = super[sn], k2 = super[sn + 1], nsrow = pi[sn + 1] - pi[sn];
    for (SuiteSparse_long k = k1; k < k2; k++) {
      const double l = Lx[px[sn] + (k - k1) * nsrow + (k - k1)];
      const int64_t j = Perm ? Perm[k] : k;
      const int64_t p = pf_csr_find(A, j, j);
      const double a = p >= 0 ? A->val[p] : 0.0;
      const double ratio = a > 0.0 ? l * l / a : 0.0;
      if (ratio < lo) {
        lo = ratio;
        jmin = j;
      }
    }
  }
  *unknown = jmin;
  return lo;
}

static int chol_not_posdef(pf_solver *s, int64_t unknown, const char *how) {
  if (s->group)
    return PF_ERROR(s->ctx, PF_ERR_INPUT,
                    "the stiffness matrix is not positive definite (%s at unknown %lld, group "
                    "%lld): a part is not held by any constraint, or a material is invalid",
                    how, (long long)unknown, (long long)s->group[unknown]);
  return PF_ERROR(s->ctx, PF_ERR_INPUT,
                  "the stiffness matrix is not positive definite (%s at unknown %lld): a part is "
                  "not held by any constraint, or a material is invalid",
                  how, (long long)unknown);
}

/* Arguments of the library calls run under pf_linalg_run_blas. */
typedef struct {
  chol_data *d;
  cholmod_sparse *S;
  cholmod_dense *B;
} chol_call;

static int chol_call_factorize(void *arg) {
  chol_call *a = arg;
  return cholmod_l_factorize(a->S, a->d->L, &a->d->c);
}

static int chol_call_solve(void *arg) {
  chol_call *a = arg;
  chol_data *d = a->d;
  return cholmod_l_solve2(CHOLMOD_A, d->L, a->B, NULL, &d->X, NULL, &d->Y, &d->E, &d->c);
}

static int chol_factor(pf_solver *s, const pf_csr *A) {
  chol_data *d = s->data;
  cholmod_common *c = &d->c;
  cholmod_sparse S = chol_wrap(A);
  chol_call call = {d, &S, NULL};
  const int ok = pf_linalg_run_blas(s->ctx, chol_call_factorize, &call);
  s->stats.nnz_L = (int64_t)d->lnz;
  s->stats.flops = d->fl;
  s->stats.factor_bytes = chol_factor_bytes(d->L);
  if (!ok || c->status < CHOLMOD_OK) return chol_error(s->ctx, c, "factorisation");
  PF_CHECK(d->L->is_super && d->L->xtype == CHOLMOD_REAL, s->ctx, PF_ERR_INTERNAL,
           "CHOLMOD factorisation: unexpected factor type");
  if (c->status == CHOLMOD_NOT_POSDEF || d->L->minor < d->L->n) {
    const SuiteSparse_long *Perm = d->L->Perm;
    const int64_t k = (int64_t)d->L->minor;
    return chol_not_posdef(s, Perm ? Perm[k] : k, "pivot");
  }
  int64_t unknown;
  const double ratio = chol_min_pivot(d->L, A, &unknown);
  if (!(ratio >= PF_LINALG_RCOND_MIN)) {
    char how[64];
    snprintf(how, sizeof(how), "pivot / diagonal %.1e", ratio);
    return chol_not_posdef(s, unknown, how);
  }
  return PF_OK;
}

static int chol_solve(pf_solver *s, const pf_csr *A, const double *b, double *x) {
  (void)A;
  chol_data *d = s->data;
  cholmod_common *c = &d->c;
  cholmod_dense B;
  memset(&B, 0, sizeof(B));
  B.nrow = B.d = B.nzmax = (size_t)s->pat_n;
  B.ncol = 1;
  B.x = (double *)b; /* read only */
  B.xtype = CHOLMOD_REAL;
  B.dtype = CHOLMOD_DOUBLE;
  chol_call call = {d, NULL, &B};
  const int ok = pf_linalg_run_blas(s->ctx, chol_call_solve, &call);
  if (!ok || c->status < CHOLMOD_OK) return chol_error(s->ctx, c, "solve");
  memcpy(x, d->X->x, (size_t)s->pat_n * sizeof(double));
  s->stats.iterations = 1;
  return PF_OK;
}

const pf_solver_ops pf_solver_cholmod_ops = {chol_analyse, chol_factor, chol_solve, chol_destroy};
