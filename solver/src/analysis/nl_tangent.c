/*
 * The linear solves of the Newton solver (nl_newton.c): the factorisation of the tangent, the
 * shift of an indefinite one, the skew correction of bodies loaded by applied moments, and BFGS
 * on top of the factor.
 *
 * A body loaded by an applied moment m. The exact linearisation of a body's moment sum d x f
 * along the multiplicative rotation update is sum [d (x) f - (d . f) I] (constraint/bodies.c);
 * the assembled tangent holds its symmetric part, and the skew part -skew(sum d x f) / 2 equals
 * -skew(m) / 2 at equilibrium (the moments on the body balance). Without it Newton converges
 * linearly under moment control. The correction is a rank-2 block per moment-loaded body, C = E S
 * E^T with E the body's free spin dofs and S = -skew(m) / 2, so the solve keeps the symmetric
 * factor (CHOLMOD) and applies the Sherman-Morrison-Woodbury formula:
 *   (K + E S E^T)^-1 b = y - Z (I + E^T Z)^-1 E^T y,  y = K^-1 b,  Z = K^-1 E S,
 * with Z computed once per factorisation (3 solves per body).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/nl_newton_impl.h"

/* Factorises the tangent: CHOLMOD (the analysed symmetric solver). A tangent that is not
 * positive definite (an iterate far from equilibrium: nearly incompressible tissue under a large
 * prescribed rotation) is shifted, K + sigma |diag K| on the free rows, with sigma from 1e-4 up
 * by tens (starting from a tenth of the increment's last shift) until CHOLMOD accepts it: a
 * Levenberg-Marquardt step, a descent direction of the energy for the line search (Nocedal &
 * Wright, Numerical Optimization, 2nd ed. (2006), sec. 3.4 and 10.3); near the solution the
 * tangent is positive definite again and Newton's rate returns. When sigma = 10 is not enough,
 * UMFPACK LU on the unshifted tangent takes over for the rest of the increment. With the exact
 * friction tangent (contact tangent: unsymmetric) UMFPACK factors the full matrix, its symmetric
 * part plus the contact's unsymmetric rest, at every factorisation. *count returns
 * the factorisations made. PF_ERR_INPUT: singular. */
int pf_newton_factor(pf_newton *w, const uint8_t *prescribed, int *count) {
  pf_context *ctx = w->ctx;
  *count = 0;
  const int exact = w->sys->contact && pf_contact_unsymmetric(w->sys->contact);
  if (!w->use_lu && !exact) {
    pf_csr *K = w->sys->K;
    const int rc = pf_solver_factor(w->solver, K);
    ++*count;
    w->shifted = 0;
    if (rc != PF_ERR_INPUT || w->model->desc->linear_solver != PF_SOLVER_CHOLMOD) return rc;
    pf_error_clear(ctx);
    double *d0 = w->y; /* the diagonal, kept to shift from (y is free here) */
    for (int64_t q = 0; q < w->n; q++) d0[q] = K->val[K->rowptr[q]];
    for (double sig = fmax(1e-4, 0.1 * w->shift); sig <= 10.0; sig *= 10.0) {
      for (int64_t q = 0; q < w->n; q++)
        if (!prescribed[q]) K->val[K->rowptr[q]] = d0[q] + sig * fabs(d0[q]);
      const int rc2 = pf_solver_factor(w->solver, K);
      ++*count;
      if (rc2 == PF_OK) {
        pf_debug(ctx, "  tangent not positive definite: shifted by %.0e |diag|\n", sig);
        w->shift = sig;
        w->shifted = 1;
        return PF_OK;
      }
      if (rc2 != PF_ERR_INPUT) return rc2;
      pf_error_clear(ctx);
    }
    for (int64_t q = 0; q < w->n; q++) K->val[K->rowptr[q]] = d0[q];
    w->use_lu = 1;
    if (!w->warned_lu)
      pf_info(ctx,
              "the tangent is not positive definite at an iterate, even shifted: UMFPACK LU "
              "takes over until the increment converges\n");
    w->warned_lu = 1;
  }
  if (exact) w->use_lu = 1;
  pf_csr_destroy(&w->K_full);
  PF_CALL(pf_csr_expand_full(ctx, w->sys->K, &w->K_full));
  if (exact) /* the friction tangent's unsymmetric part (the symmetric one is in K) */
    PF_CALL(pf_nl_contact_unsymmetric(ctx, w->sys, w->kin, prescribed, w->K_full));
  if (!w->lu) {
    PF_CALL(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &w->lu));
    int64_t n_groups = 0;
    for (int64_t q = 0; q < w->n; q++)
      if (w->sys->dof_group[q] + 1 > n_groups) n_groups = w->sys->dof_group[q] + 1;
    PF_CALL(pf_solver_set_groups(w->lu, n_groups, w->sys->dof_group));
    PF_CALL(pf_solver_analyse(w->lu, w->K_full));
  }
  ++*count;
  w->shifted = 0;
  return pf_solver_factor(w->lu, w->K_full);
}

/* x = K^-1 b with the current factor (the symmetric tangent, without the skew correction). */
static int solve_factor(pf_newton *w, const double *b, double *x) {
  if (w->use_lu) return pf_solver_solve(w->lu, w->K_full, b, x);
  return pf_solver_solve(w->solver, w->sys->K, b, x);
}

/* Sets up the skew correction of the bodies loaded by applied moments (load_value) after a
 * factorisation: S, Z = K^-1 E S and the LU of I + E^T Z. Spin dofs that are prescribed are left
 * out (their rows are identities). */
int pf_newton_skew_setup(pf_newton *w, const pf_kinematics *kin, const uint8_t *presc) {
  pf_context *ctx = w->ctx;
  const pf_model_desc *d = w->model->desc;
  const int nb = d->n_bodies;
  w->n_skew = 0;
  if (!nb) return PF_OK;
  if (!w->skew_dof) {
    PF_CALL(PF_CALLOC(ctx, 3 * nb, &w->skew_dof));
    PF_CALL(PF_CALLOC(ctx, 9 * nb, &w->skew_S));
    PF_CALL(PF_CALLOC(ctx, 3 * nb, &w->skew_c));
    PF_CALL(PF_CALLOC(ctx, 9 * nb * nb, &w->skew_M));
    PF_CALL(PF_CALLOC(ctx, 3 * nb, &w->skew_piv));
  }
  int m = 0;
  for (int b = 0; b < nb; b++) {
    double mom[3] = {0.0, 0.0, 0.0};
    for (int i = 0; i < d->n_loads; i++) {
      const pf_load_desc *L = &d->loads[i];
      if (L->type != PF_LOAD_BODY_MOMENT || w->sys->load_body[i] != b) continue;
      for (int j = 0; j < 3; j++) mom[j] += w->load_value[3 * i + j];
    }
    if (mom[0] == 0.0 && mom[1] == 0.0 && mom[2] == 0.0) continue;
    const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b)) + 3;
    if (presc[off] && presc[off + 1] && presc[off + 2]) continue;
    /* -skew(mom) / 2, rows and columns of prescribed spins zeroed */
    const double S[9] = {0.0,           0.5 * mom[2],  -0.5 * mom[1],
                         -0.5 * mom[2], 0.0,           0.5 * mom[0],
                         0.5 * mom[1],  -0.5 * mom[0], 0.0};
    for (int i = 0; i < 3; i++) {
      w->skew_dof[m + i] = off + i;
      for (int j = 0; j < 3; j++)
        w->skew_S[3 * (m + i) + j] = presc[off + i] || presc[off + j] ? 0.0 : S[3 * i + j];
    }
    m += 3;
  }
  if (!m) return PF_OK;
  const int64_t n = w->n;
  free(w->skew_Z);
  w->skew_Z = NULL;
  PF_CALL(PF_CALLOC(ctx, n * m, &w->skew_Z));
  /* Z = K^-1 E S: column j of E S is sum_i e_{dof i} S_ij over the rows i of j's body */
  for (int j = 0; j < m; j++) {
    const int b0 = 3 * (j / 3);
    memset(w->y, 0, (size_t)n * sizeof(double));
    for (int i = 0; i < 3; i++) w->y[w->skew_dof[b0 + i]] = w->skew_S[3 * (b0 + i) + j - b0];
    PF_CALL(solve_factor(w, w->y, w->skew_Z + (int64_t)j * n));
  }
  /* M = I + E^T Z */
  for (int j = 0; j < m; j++)
    for (int i = 0; i < m; i++)
      w->skew_M[i + m * j] = (i == j) + w->skew_Z[(int64_t)j * n + w->skew_dof[i]];
  const lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, m, m, w->skew_M, m, w->skew_piv);
  PF_CHECK(info == 0, ctx, PF_ERR_INPUT,
           "the tangent corrected for the applied moments is singular (LAPACKE_dgetrf %d)",
           (int)info);
  w->n_skew = m;
  return PF_OK;
}

/* x = (K + E S E^T)^-1 b: the current factor and the skew correction of applied moments. */
int pf_newton_solve(pf_newton *w, const double *b, double *x) {
  PF_CALL(solve_factor(w, b, x));
  const int m = w->n_skew;
  if (!m) return PF_OK;
  double *c = w->skew_c;
  for (int i = 0; i < m; i++) c[i] = x[w->skew_dof[i]];
  LAPACKE_dgetrs(LAPACK_COL_MAJOR, 'N', m, 1, w->skew_M, m, w->skew_piv, c, m);
  for (int j = 0; j < m; j++) {
    const double *z = w->skew_Z + (int64_t)j * w->n;
    for (int64_t q = 0; q < w->n; q++) x[q] -= z[q] * c[j];
  }
  return PF_OK;
}

/* Friction: x solves (K + C) x = b, K the factored tangent (its symmetric part, with the skew
 * correction) and C the unsymmetric part of the friction tangent (pf_nl_contact_unsym_apply), by
 * GMRES right-preconditioned with the factor: (I + C K^-1) z = b, x = K^-1 z (Saad, Iterative
 * Methods for Sparse Linear Systems, 2nd ed. (2003), sec. 6.5 and 9.3.2). Started from the
 * symmetric step x0 = K^-1 b, whose residual is -C x0; stopped at a residual of tol |b| or after
 * PF_GMRES_MAX iterations (the best iterate so far: GMRES minimises the residual, so it is no worse
 * than the symmetric step). The preconditioned basis Z = K^-1 V is kept, so the update x0 + Z y
 * needs no last solve: a Newton iteration with j GMRES iterations costs j + 1 solves (the 30k
 * friction pad: 4 per iteration). *iterations returns the iterations (0: no sliding point, the
 * symmetric step is exact). */
int pf_newton_solve_friction(pf_newton *w, const uint8_t *presc, const double *b, double *x,
                             double tol, int *iterations) {
  pf_context *ctx = w->ctx;
  const int64_t n = w->n;
  const int m = PF_GMRES_MAX;
  *iterations = 0;
  PF_CALL(pf_newton_solve(w, b, x));
  if (!w->gm_V) {
    PF_CALL(PF_CALLOC(ctx, (int64_t)(m + 1) * n, &w->gm_V));
    PF_CALL(PF_CALLOC(ctx, (int64_t)m * n, &w->gm_Z));
    PF_CALL(PF_CALLOC(ctx, (m + 1) * m, &w->gm_H));
  }
  double *V = w->gm_V, *Z = w->gm_Z, *H = w->gm_H; /* H column-major (m + 1) x m */
  double cs[PF_GMRES_MAX], sn[PF_GMRES_MAX], g[PF_GMRES_MAX + 1], yv[PF_GMRES_MAX];
  if (!pf_nl_contact_unsym_apply(w->sys, w->kin, presc, x, V)) return PF_OK; /* nothing slides */
  for (int64_t q = 0; q < n; q++) V[q] = -V[q]; /* r0 = b - (K + C) x0 = -C x0 */
  const double bn = pf_norm2(ctx, n, b), beta = pf_norm2(ctx, n, V);
  if (!(beta > tol * bn)) return PF_OK;
  for (int64_t q = 0; q < n; q++) V[q] /= beta;
  memset(g, 0, sizeof(g));
  g[0] = beta;
  int j = 0;
  for (; j < m; j++) {
    double *vj = V + (int64_t)j * n, *vn = V + (int64_t)(j + 1) * n, *h = H + (m + 1) * j;
    double *zj = Z + (int64_t)j * n;
    PF_CALL(pf_newton_solve(w, vj, zj));
    pf_nl_contact_unsym_apply(w->sys, w->kin, presc, zj, vn);
    for (int64_t q = 0; q < n; q++) vn[q] += vj[q]; /* (I + C K^-1) v_j */
    for (int i = 0; i <= j; i++) {                  /* modified Gram-Schmidt */
      const double *vi = V + (int64_t)i * n;
      h[i] = pf_dot(ctx, n, vi, vn);
      for (int64_t q = 0; q < n; q++) vn[q] -= h[i] * vi[q];
    }
    h[j + 1] = pf_norm2(ctx, n, vn);
    if (h[j + 1] > 0.0)
      for (int64_t q = 0; q < n; q++) vn[q] /= h[j + 1];
    for (int i = 0; i < j; i++) { /* the earlier Givens rotations, then this one */
      const double a = cs[i] * h[i] + sn[i] * h[i + 1];
      h[i + 1] = -sn[i] * h[i] + cs[i] * h[i + 1];
      h[i] = a;
    }
    const double r = hypot(h[j], h[j + 1]);
    cs[j] = r > 0.0 ? h[j] / r : 1.0;
    sn[j] = r > 0.0 ? h[j + 1] / r : 0.0;
    h[j] = r;
    h[j + 1] = 0.0;
    g[j + 1] = -sn[j] * g[j];
    g[j] *= cs[j];
    if (fabs(g[j + 1]) <= tol * bn || !(h[j] > 0.0)) {
      j++;
      break;
    }
  }
  *iterations = j;
  for (int i = j - 1; i >= 0; i--) { /* H y = g (upper triangular) */
    double s = g[i];
    for (int k = i + 1; k < j; k++) s -= H[(m + 1) * k + i] * yv[k];
    yv[i] = H[(m + 1) * i + i] != 0.0 ? s / H[(m + 1) * i + i] : 0.0;
  }
  for (int i = 0; i < j; i++) { /* x = x0 + K^-1 V y = x0 + Z y */
    const double *zi = Z + (int64_t)i * n;
    for (int64_t q = 0; q < n; q++) x[q] += yv[i] * zi[q];
  }
  return PF_OK;
}

/* BFGS: x = H r with H = A_k^T ... A_1^T K0^-1 A_1 ... A_k, A = I + v w^T (Bathe eq. 8.66). */
int pf_newton_bfgs_solve(pf_newton *w, const double *b, double *x) {
  const int64_t n = w->n;
  memcpy(w->y, b, (size_t)n * sizeof(double));
  for (int k = w->n_bfgs - 1; k >= 0; k--) {
    const double *v = w->bfgs_v + k * n, *ww = w->bfgs_w + k * n;
    const double a = pf_dot(w->ctx, n, ww, w->y);
    for (int64_t d = 0; d < n; d++) w->y[d] += a * v[d];
  }
  PF_CALL(pf_newton_solve(w, w->y, x));
  for (int k = 0; k < w->n_bfgs; k++) {
    const double *v = w->bfgs_v + k * n, *ww = w->bfgs_w + k * n;
    const double a = pf_dot(w->ctx, n, v, x);
    for (int64_t d = 0; d < n; d++) x[d] += a * ww[d];
  }
  return PF_OK;
}

/* BFGS update from the step delta = s du and the residual change gamma = R_prev - R (R =
 * f_ext - f_int = -r); skipped when the update would be ill conditioned (Bathe: c > 1e5). */
void pf_newton_bfgs_update(pf_newton *w, const double *delta, const double *r_prev, const double *r,
                           double s, const double *kdelta_over_s) {
  const int64_t n = w->n;
  if (w->n_bfgs >= PF_BFGS_MAX) return;
  double *v = w->bfgs_v + w->n_bfgs * n, *ww = w->bfgs_w + w->n_bfgs * n;
  double dg = 0.0, dKd = 0.0;
  for (int64_t d = 0; d < n; d++) {
    if (kdelta_over_s[d] == 0.0 && delta[d] == 0.0) continue;
    const double gamma = -r_prev[d] + r[d]; /* R_prev - R with R = -r */
    dg += delta[d] * gamma;
    dKd += delta[d] * s * kdelta_over_s[d]; /* K delta = s R_prev */
  }
  if (!(dg > 0.0) || !(dKd > 0.0)) return;
  const double c = sqrt(dg / dKd);
  if (c > 1e5) return;
  for (int64_t d = 0; d < n; d++) {
    if (kdelta_over_s[d] == 0.0 && delta[d] == 0.0) { /* a prescribed dof */
      v[d] = ww[d] = 0.0;
      continue;
    }
    const double gamma = -r_prev[d] + r[d];
    v[d] = c * s * kdelta_over_s[d] - gamma;
    ww[d] = delta[d] / dg;
  }
  w->n_bfgs++;
}
