/*
 * Sensitivity of one sweep metric to the plan's parameters (docs/sweeps.md, "collect, sensitivity
 * and plots"): main effects from level or bin means, standardised regression coefficients (SRC)
 * with the R^2 of the linear fit, and for a Saltelli plan first-order and total Sobol indices.
 *
 * Every array of pf_sensitivity has plan->n_params entries, in the plan's parameter order. A
 * parameter that is not numeric (a NaN value in a case used) or constant over the cases used has
 * NaN in every measure; so have all measures when fewer than 3 cases are usable or y is constant.
 */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/pf_sweep.h"

/* A (parameter value, metric value) pair, sorted by value for the level and bin means. */
typedef struct {
  double x, y;
} xy_pair;

static int cmp_pair(const void *a, const void *b) {
  const double u = ((const xy_pair *)a)->x, v = ((const xy_pair *)b)->x;
  return (u > v) - (u < v);
}

/* Main effect S_i = Var(E[y | x_i]) / Var(y), estimated by the correlation ratio
 *   eta^2 = sum_g n_g (mean_g - mean)^2 / sum_r (y_r - mean)^2
 * over groups g of cases. The groups are the distinct values of x_i (levels) when there are at
 * most ceil(sqrt(n)) of them, as for a grid parameter; otherwise ceil(sqrt(n)) bins of equal
 * count in the order of x_i (cases with equal x_i are never split between two bins).
 * Bias: in a full grid the level means average the other parameters over all their levels, so
 * eta^2 is the exact main effect of the grid's discrete distribution (and the main effects of an
 * additive model sum to 1). For n independent random cases in G groups the group means carry
 * noise: E[eta^2] ~ S_i + (1 - S_i) (G - 1) / (n - 1) (the between-group sum of squares of the
 * residual has G - 1 degrees of freedom), an upward bias of about 1/sqrt(n) for bins; and a bin
 * averages E[y | x_i] over its width, a downward bias of order 1/G^2 for a smooth E[y | x_i].
 * pairs: n pairs, sorted here. Returns NaN when var(y) is 0. */
static double main_effect(xy_pair *pairs, int n) {
  qsort(pairs, (size_t)n, sizeof(*pairs), cmp_pair);
  double mean = 0.0, sst = 0.0;
  for (int r = 0; r < n; r++) mean += pairs[r].y;
  mean /= n;
  for (int r = 0; r < n; r++) sst += (pairs[r].y - mean) * (pairs[r].y - mean);
  if (!(sst > 0.0)) return NAN;
  int distinct = 1;
  for (int r = 1; r < n; r++) distinct += pairs[r].x != pairs[r - 1].x;
  const int bins = (int)ceil(sqrt((double)n));
  const int levels = distinct <= bins;
  double ssb = 0.0;
  int start = 0;
  for (int b = 0; start < n; b++) {
    int end;
    if (levels) {
      end = start + 1;
      while (end < n && pairs[end].x == pairs[start].x) end++;
    } else {
      end = (int)(((long long)(b + 1) * n) / bins);
      if (end <= start) end = start + 1;
      if (end > n) end = n;
      while (end < n && pairs[end].x == pairs[end - 1].x) end++;
    }
    double m = 0.0;
    for (int r = start; r < end; r++) m += pairs[r].y;
    m /= (end - start);
    ssb += (end - start) * (m - mean) * (m - mean);
    start = end;
  }
  return ssb / sst;
}

/* Mean and population standard deviation of v[rows[r] * stride + col], r < n. */
static void mean_sd(const double *v, int stride, int col, const int *rows, int n, double *mean,
                    double *sd) {
  double m = 0.0, s = 0.0;
  for (int r = 0; r < n; r++) m += v[(size_t)rows[r] * stride + col];
  m /= n;
  for (int r = 0; r < n; r++) {
    const double d = v[(size_t)rows[r] * stride + col] - m;
    s += d * d;
  }
  *mean = m;
  *sd = sqrt(s / n);
}

/* Standardised regression coefficients: least squares of the standardised y on the standardised
 * numeric parameters (columns cols, kk of them), by LAPACK's rank-revealing QR (dgelsy; k is
 * small, n x k is dense). SRC_j = b_j = c_j sd(x_j) / sd(y) for the fitted slopes c_j; R^2 =
 * 1 - RSS / TSS. A rank-deficient fit (collinear parameters, as in a zip sampling) leaves the
 * SRCs NaN (not identifiable) but still gives R^2 of the minimum-norm fit. */
static int regression(pf_context *ctx, const pf_sweep_plan *plan, const double *y, const int *rows,
                      int n, const int *cols, int kk, pf_sensitivity *s) {
  if (kk == 0 || n <= kk + 1) return PF_OK;
  double *X = NULL, *Xc = NULL, *b = NULL;
  lapack_int *jpvt = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, (size_t)n * kk, &X));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, (size_t)n * kk, &Xc));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &b));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, kk, &jpvt));
  double ym, ysd;
  mean_sd(y, 1, 0, rows, n, &ym, &ysd);
  if (!(ysd > 0.0)) goto done;
  for (int c = 0; c < kk; c++) {
    double xm, xsd;
    mean_sd(plan->value, plan->n_params, cols[c], rows, n, &xm, &xsd);
    for (int r = 0; r < n; r++)
      X[(size_t)c * n + r] = (plan->value[(size_t)rows[r] * plan->n_params + cols[c]] - xm) / xsd;
  }
  for (int r = 0; r < n; r++) b[r] = (y[rows[r]] - ym) / ysd;
  memcpy(Xc, X, sizeof(double) * (size_t)n * kk);
  lapack_int rank = 0;
  const lapack_int info =
      LAPACKE_dgelsy(LAPACK_COL_MAJOR, n, kk, 1, Xc, n, b, n, jpvt, 1e-10, &rank);
  if (info != 0) {
    ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "sensitivity: least squares failed (dgelsy info %d)",
                    (int)info);
    goto done;
  }
  /* R^2 from the residual of the standardised fit (TSS = n for standardised y). */
  double rss = 0.0;
  for (int r = 0; r < n; r++) {
    double fit = 0.0;
    for (int c = 0; c < kk; c++) fit += X[(size_t)c * n + r] * b[c];
    const double yr = (y[rows[r]] - ym) / ysd;
    rss += (yr - fit) * (yr - fit);
  }
  s->r2 = 1.0 - rss / n;
  if (rank == kk)
    for (int c = 0; c < kk; c++) s->src[cols[c]] = b[c];
done:
  free(X);
  free(Xc);
  free(b);
  free(jpvt);
  return ierr;
}

/* Sobol indices from a Saltelli plan: blocks A (rows 0..N-1), B (N..2N-1) and AB_i (A with
 * column i from B, rows (2 + i) N ..), over the usable sample rows use[0..m-1] (a row whose A, B
 * or any AB_i case has no value is dropped from every block, since each estimator pairs the
 * blocks row by row).
 *   First order, Saltelli et al. 2010 (Comput Phys Commun 181:259-270, Table 2 (b)):
 *     V_i = 1/N sum_j f(B)_j (f(AB_i)_j - f(A)_j)
 *   Total, Jansen 1999 (Saltelli et al. 2010, Table 2 (f)):
 *     VT_i = 1/(2N) sum_j (f(A)_j - f(AB_i)_j)^2
 * both over V(Y), estimated from the A and B rows together. y is centred on the mean of the A and
 * B rows first: the indices of y - f0 are those of y, and the first-order estimator's variance
 * grows with f0^2 (Saltelli 2010, sect. 3). */
static void sobol(const pf_sweep_plan *plan, const double *y, const int *use, int m,
                  pf_sensitivity *s) {
  const int N = plan->samples, k = plan->n_params;
  double f0 = 0.0, v = 0.0;
  for (int r = 0; r < m; r++) f0 += y[use[r]] + y[N + use[r]];
  f0 /= 2.0 * m;
  for (int r = 0; r < m; r++) {
    const double a = y[use[r]] - f0, b = y[N + use[r]] - f0;
    v += a * a + b * b;
  }
  v /= 2.0 * m;
  for (int i = 0; i < k; i++) {
    if (!(v > 0.0)) {
      s->sobol_first[i] = s->sobol_total[i] = NAN;
      continue;
    }
    double vi = 0.0, vt = 0.0;
    for (int r = 0; r < m; r++) {
      const double a = y[use[r]] - f0, b = y[N + use[r]] - f0;
      const double ab = y[(size_t)(2 + i) * N + use[r]] - f0;
      vi += b * (ab - a);
      vt += (a - ab) * (a - ab);
    }
    s->sobol_first[i] = vi / m / v;
    s->sobol_total[i] = vt / (2.0 * m) / v;
  }
}

int pf_sensitivity_compute(pf_context *ctx, const pf_sweep_plan *plan, const double *y,
                           pf_sensitivity *s) {
  memset(s, 0, sizeof(*s));
  s->r2 = NAN;
  const int k = plan->n_params, n = plan->n_cases;
  const int saltelli = plan->sampling == PF_SWEEP_SALTELLI;
  const int N = plan->samples;
  PF_CHECK(!saltelli || (N > 0 && (long long)N * (k + 2) == n), ctx, PF_ERR_INTERNAL,
           "sensitivity: a Saltelli plan of %d cases is not %d samples x (%d parameters + 2)", n, N,
           k);
  int *rows = NULL, *cols = NULL, *use = NULL;
  xy_pair *pairs = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k, &s->main_effect));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k, &s->src));
  if (saltelli) {
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k, &s->sobol_first));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k, &s->sobol_total));
  }
  for (int j = 0; j < k; j++) {
    s->main_effect[j] = s->src[j] = NAN;
    if (saltelli) s->sobol_first[j] = s->sobol_total[j] = NAN;
  }
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &rows));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k, &cols));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &pairs));

  /* The cases used: those with a value; in a Saltelli plan only the sample rows whose every
   * block has one. There the main effects and the regression take the A and B rows of those: 2m
   * independent draws of the inputs (an AB_i row repeats all but one value of an A row, which
   * would make the rows dependent and the main effects' bias larger than documented). */
  int nu = 0, m = 0;
  if (saltelli) {
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, N, &use));
    for (int r = 0; r < N; r++) {
      int ok = 1;
      for (int blk = 0; blk < k + 2 && ok; blk++) ok = isfinite(y[(size_t)blk * N + r]);
      if (ok) use[m++] = r;
    }
    for (int blk = 0; blk < 2; blk++)
      for (int r = 0; r < m; r++) rows[nu++] = blk * N + use[r];
    s->n_used = m * (k + 2);
  } else {
    for (int i = 0; i < n; i++)
      if (isfinite(y[i])) rows[nu++] = i;
    s->n_used = nu;
  }
  if (nu < 3) goto done;

  /* Numeric parameters: a value in every case used, not constant over them. */
  int kk = 0;
  for (int j = 0; j < k; j++) {
    int numeric = 1;
    for (int r = 0; r < nu && numeric; r++)
      numeric = isfinite(plan->value[(size_t)rows[r] * k + j]);
    if (!numeric) continue;
    for (int r = 0; r < nu; r++) {
      pairs[r].x = plan->value[(size_t)rows[r] * k + j];
      pairs[r].y = y[rows[r]];
    }
    double xm, xsd;
    mean_sd(plan->value, k, j, rows, nu, &xm, &xsd);
    if (!(xsd > 0.0)) continue;
    cols[kk++] = j;
    s->main_effect[j] = main_effect(pairs, nu);
  }
  PF_CALL_GOTO(ierr, fail, regression(ctx, plan, y, rows, nu, cols, kk, s));
  if (saltelli && m >= 2) sobol(plan, y, use, m, s);
done:
  free(rows);
  free(cols);
  free(use);
  free(pairs);
  return PF_OK;
fail:
  free(rows);
  free(cols);
  free(use);
  free(pairs);
  pf_sensitivity_free(s);
  return ierr;
}

void pf_sensitivity_free(pf_sensitivity *s) {
  if (!s) return;
  free(s->main_effect);
  free(s->src);
  free(s->sobol_first);
  free(s->sobol_total);
  memset(s, 0, sizeof(*s));
}
