/*
 * UMFPACK backend: unsymmetric multifrontal LU (umfpack_dl_*) for tangents that are not
 * symmetric positive definite (friction, follower loads). The full CSR arrays are passed as they
 * are: read as compressed columns they are A^T, so the solve asks UMFPACK for the transposed
 * system (UMFPACK_At), which is A x = b for the CSR matrix, unsymmetric or not.
 *
 * Symbolic analysis once per pattern (with groups: the node ordering as the initial column
 * order), numeric factorisation per factor, solves with preallocated workspace (wsolve).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <umfpack.h>

#include "linalg/linalg_impl.h"

typedef struct {
  double control[UMFPACK_CONTROL];
  double info[UMFPACK_INFO];
  void *symbolic, *numeric;
  SuiteSparse_long *wi; /* [n] solve workspace */
  double *w;            /* [5n] solve workspace (iterative refinement) */
} umf_data;

static void umf_destroy(pf_solver *s) {
  umf_data *d = s->data;
  if (!d) return;
  umfpack_dl_free_numeric(&d->numeric);
  umfpack_dl_free_symbolic(&d->symbolic);
  free(d->wi);
  free(d->w);
  free(d);
  s->data = NULL;
}

/* Records a failed UMFPACK call (negative status) as a pfsim error. */
static int umf_error(pf_context *ctx, SuiteSparse_long status, const char *what) {
  const char *why;
  switch (status) {
    case UMFPACK_ERROR_out_of_memory:
      why = "out of memory";
      break;
    case UMFPACK_ERROR_invalid_matrix:
      why = "invalid matrix";
      break;
    case UMFPACK_ERROR_different_pattern:
      why = "the pattern changed";
      break;
    case UMFPACK_ERROR_invalid_Symbolic_object:
      why = "invalid symbolic object";
      break;
    case UMFPACK_ERROR_invalid_Numeric_object:
      why = "invalid numeric object";
      break;
    case UMFPACK_ERROR_ordering_failed:
      why = "the ordering failed";
      break;
    case UMFPACK_ERROR_internal_error:
      why = "internal error";
      break;
    default:
      why = "error";
      break;
  }
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "UMFPACK %s failed: %s (status %ld)", what, why,
                  (long)status);
}

static const char *umf_ordering_name(const double *info) {
  const int strategy = (int)info[UMFPACK_STRATEGY_USED];
  switch ((int)info[UMFPACK_ORDERING_USED]) {
    case UMFPACK_ORDERING_AMD:
      return strategy == UMFPACK_STRATEGY_SYMMETRIC ? "amd" : "colamd";
    case UMFPACK_ORDERING_METIS:
      return "metis";
    case UMFPACK_ORDERING_NONE:
      return "none";
    case UMFPACK_ORDERING_GIVEN:
      return "given";
  }
  return "umfpack";
}

static int umf_analyse(pf_solver *s, const pf_csr *A) {
  pf_context *ctx = s->ctx;
  umf_data *d = s->data;
  if (!d) {
    PF_CALL(PF_CALLOC(ctx, 1, &d));
    s->data = d;
    umfpack_dl_defaults(d->control);
    d->control[UMFPACK_PRL] = 0; /* no printing */
  }
  umfpack_dl_free_numeric(&d->numeric);
  umfpack_dl_free_symbolic(&d->symbolic);
  free(d->wi);
  free(d->w);
  d->wi = NULL;
  d->w = NULL;
  const int64_t n = A->n;
  PF_CALL(PF_CALLOC(ctx, n, &d->wi));
  PF_CALL(PF_CALLOC(ctx, 5 * n, &d->w));
  SuiteSparse_long status;
  if (s->group) {
    int64_t *perm;
    PF_CALL(PF_CALLOC(ctx, n, &perm));
    const int rc = pf_linalg_order_groups(ctx, A, s->n_groups, s->group, perm);
    if (rc < 0) {
      free(perm);
      return rc;
    }
    status = umfpack_dl_qsymbolic(n, n, A->rowptr, A->col, A->val, perm, &d->symbolic, d->control,
                                  d->info);
    free(perm);
  } else {
    status =
        umfpack_dl_symbolic(n, n, A->rowptr, A->col, A->val, &d->symbolic, d->control, d->info);
  }
  if (status < 0) return umf_error(ctx, status, "symbolic analysis");
  s->stats.ordering = s->group ? "metis-nodes" : umf_ordering_name(d->info);
  const double unit = d->info[UMFPACK_SIZE_OF_UNIT];
  s->stats.nnz_L = (int64_t)(d->info[UMFPACK_LNZ_ESTIMATE] + d->info[UMFPACK_UNZ_ESTIMATE]);
  s->stats.flops = d->info[UMFPACK_FLOPS_ESTIMATE];
  s->stats.factor_bytes = d->info[UMFPACK_NUMERIC_SIZE_ESTIMATE] * unit;
  s->memory_estimate = d->info[UMFPACK_PEAK_MEMORY_ESTIMATE] * unit + 6.0 * 8.0 * (double)n;
  return PF_OK;
}

/* The pivot (column of the matrix given to UMFPACK, i.e. the unknown) with the smallest |U_kk|.
 * Returns PF_OK, or an error when the factor cannot be read. */
static int umf_min_pivot(pf_solver *s, umf_data *d, int64_t *unknown) {
  const int64_t n = s->pat_n;
  SuiteSparse_long *Q = NULL, do_recip;
  double *D = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(s->ctx, n, &Q));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(s->ctx, n, &D));
  const SuiteSparse_long st = umfpack_dl_get_numeric(NULL, NULL, NULL, NULL, NULL, NULL, NULL, Q, D,
                                                     &do_recip, NULL, d->numeric);
  if (st < 0) {
    ierr = umf_error(s->ctx, st, "reading the factor");
    goto done;
  }
  int64_t kmin = 0;
  for (int64_t k = 1; k < n; k++)
    if (fabs(D[k]) < fabs(D[kmin])) kmin = k;
  *unknown = Q[kmin];
done:
  free(Q);
  free(D);
  return ierr;
}

/* Arguments and result of the library calls run under pf_linalg_run_blas. */
typedef struct {
  umf_data *d;
  const pf_csr *A;
  const double *b;
  double *x;
  SuiteSparse_long status;
} umf_call;

static int umf_call_numeric(void *arg) {
  umf_call *a = arg;
  umf_data *d = a->d;
  a->status = umfpack_dl_numeric(a->A->rowptr, a->A->col, a->A->val, d->symbolic, &d->numeric,
                                 d->control, d->info);
  return 0;
}

static int umf_call_solve(void *arg) {
  umf_call *a = arg;
  umf_data *d = a->d;
  /* CSR read as CSC is A^T: solving its transpose system solves A x = b. */
  a->status = umfpack_dl_wsolve(UMFPACK_At, a->A->rowptr, a->A->col, a->A->val, a->x, a->b,
                                d->numeric, d->control, d->info, d->wi, d->w);
  return 0;
}

static int umf_factor(pf_solver *s, const pf_csr *A) {
  pf_context *ctx = s->ctx;
  umf_data *d = s->data;
  umfpack_dl_free_numeric(&d->numeric);
  umf_call call = {d, A, NULL, NULL, 0};
  pf_linalg_run_blas(ctx, umf_call_numeric, &call);
  const SuiteSparse_long status = call.status;
  if (status < 0) return umf_error(ctx, status, "numeric factorisation");
  const double unit = d->info[UMFPACK_SIZE_OF_UNIT];
  s->stats.nnz_L = (int64_t)(d->info[UMFPACK_LNZ] + d->info[UMFPACK_UNZ]);
  s->stats.flops = d->info[UMFPACK_FLOPS];
  s->stats.factor_bytes = d->info[UMFPACK_NUMERIC_SIZE] * unit;
  const double rcond = d->info[UMFPACK_RCOND];
  if (status == UMFPACK_WARNING_singular_matrix || !(rcond >= PF_LINALG_RCOND_MIN)) {
    int64_t k = 0;
    PF_CALL(umf_min_pivot(s, d, &k));
    char group[64] = "";
    if (s->group) snprintf(group, sizeof(group), ", group %lld", (long long)s->group[k]);
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "the tangent matrix is singular (%s at unknown %lld%s): a part is not held "
                    "by any constraint, or a material is invalid",
                    status == UMFPACK_WARNING_singular_matrix ? "zero pivot" : "tiny pivot",
                    (long long)k, group);
  }
  return PF_OK;
}

static int umf_solve(pf_solver *s, const pf_csr *A, const double *b, double *x) {
  umf_call call = {s->data, A, b, x, 0};
  pf_linalg_run_blas(s->ctx, umf_call_solve, &call);
  const SuiteSparse_long status = call.status;
  if (status < 0) return umf_error(s->ctx, status, "solve");
  s->stats.iterations = 1;
  return PF_OK;
}

const pf_solver_ops pf_solver_umfpack_ops = {umf_analyse, umf_factor, umf_solve, umf_destroy};
