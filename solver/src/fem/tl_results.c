/*
 * Element results at finite strain for output (DESIGN.md: Cauchy stress, logarithmic strain,
 * fibre strain lambda_f - 1, min J), as volume averages over the reference element with the
 * default rule: <f> = sum_q f_q wd_q / V.
 *
 * - Cauchy stress sigma = F S F^T / J (the push-forward of S; Bonet & Wood 2nd ed., ch. 4,
 *   stress and equilibrium; Holzapfel, Nonlinear Solid Mechanics, 2000, ch. 3). With mean
 * dilatation S is the isochoric part of the law and the element pressure p = U'(Theta) is added,
 * sigma = F S_iso F^T / J + p I, the stress the mean-dilatation element carries (Simo, Taylor &
 * Pister 1985).
 * - Hencky (logarithmic) strain ln V = 1/2 ln b, b = F F^T = V^2 (left stretch, spectral
 *   decomposition b = sum lambda_k^2 n_k (x) n_k; Bonet & Wood 2nd ed., ch. 3; Holzapfel 2000,
 *   ch. 2): the eigen-decomposition
 *   of b - I = H + H^T + H H^T (H = grad u, formed without cancellation) by LAPACKE_dsyev_work on
 *   a caller-side workspace (no allocation; the symmetric 3x3 is its own column-major form), then
 *   ln V = sum_k 1/2 log1p(e_k) n_k (x) n_k with e_k the eigenvalues of b - I: accurate to
 *   round-off relative to the strain itself, also for strains of 1e-8.
 * - Fibre strain: the kinematic fibre stretch |F a0| - 1 (volume average). The law's prestrain is
 *   not applied here (the kernel does not know the law's parameters); for a fibre law with
 *   prestrain p the output lambda_f - 1 = (1 + p)(fibre_strain + 1) - 1 maps exactly, since the
 *   average is linear in |F a0|.
 */
#include <lapacke.h>
#include <math.h>

#include "fem/tl_kernel.h"

/* ln V [6] (tensor shear) of F = I + H. Returns 0 or -1 (LAPACK failure, not expected). */
static int hencky(const double *F, double eps[6]) {
  double H[9];
  for (int t = 0; t < 9; t++) H[t] = F[t] - (t % 4 == 0 ? 1.0 : 0.0);
  double B[9]; /* b - I = H + H^T + H H^T (symmetric: column-major = row-major) */
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      B[3 * i + j] = H[3 * i + j] + H[3 * j + i] + H[3 * i] * H[3 * j] +
                     H[3 * i + 1] * H[3 * j + 1] + H[3 * i + 2] * H[3 * j + 2];
  double e[3], work[64];
  if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', 3, B, 3, e, work, 64) != 0) return -1;
  double l[3]; /* ln of the principal stretches */
  for (int c = 0; c < 3; c++) l[c] = 0.5 * log1p(e[c]);
  /* Column c of B (column-major) is the unit eigenvector n_c: n_c[i] = B[3c + i]. */
  static const int vi[6] = {0, 1, 2, 0, 1, 0}, vj[6] = {0, 1, 2, 1, 2, 2};
  for (int r = 0; r < 6; r++) {
    double s = 0.0;
    for (int c = 0; c < 3; c++) s += l[c] * B[3 * c + vi[r]] * B[3 * c + vj[r]];
    eps[r] = s;
  }
  return 0;
}

/* Element results (pf_fem.h). [in] type, X [3 nnode], u [3 nnode], m; [out] sigma [6] (tensor
 * Voigt, MPa), strain [6] (Hencky, tensor shear), fibre_strain (|F a0| - 1 averaged; NaN when
 * m->a0 is NULL; may be NULL), min_J (may be NULL). Returns 0; -1 when det F <= 0 somewhere (as
 * pf_fem_tl_solid: points, tet10 nodes) or the law rejects F: sigma and strain are then 0, the
 * fibre strain 0 (NaN without a0) and min_J the true minimum, never NaN. PF_ERR_INTERNAL for a
 * non-solid type or mean dilatation without m->volumetric. */
int pf_fem_tl_results(pf_elem_type type, const double *X, const double *u, const pf_tl_material *m,
                      double sigma[6], double strain[6], double *fibre_strain, double *min_J) {
  const pf_rule *rule = pf_fem_rule(type);
  const int md = m->mean_dilatation && type != PF_ELEM_TET4;
  for (int r = 0; r < 6; r++) sigma[r] = strain[r] = 0.0;
  if (fibre_strain) *fibre_strain = m->a0 ? 0.0 : NAN;
  if (min_J) *min_J = 0.0;
  if (!rule || (md && !m->volumetric)) return PF_ERR_INTERNAL;
  const int nn = rule->nnode, nq = rule->nqp;
  pf_tl_kin k;
  int status = pf_tl_kinematics(rule, nn, nq, type == PF_ELEM_TET10, X, u, &k);
  if (min_J) *min_J = k.min_J;
  if (status) return -1;
  double p = 0.0;
  if (md) {
    double U, d2U;
    m->volumetric(m->law, k.v / k.V, &U, &p, &d2U);
    if (!isfinite(p)) return -1;
  }
  double sig[6] = {0}, eps[6] = {0}, fib = 0.0;
  for (int q = 0; q < nq; q++) {
    const double *F = k.F[q], w = k.wd[q] / k.V, J = k.J[q];
    double S[6];
    if (m->stress(m->law, md, F, m->a0, S, NULL, NULL) != 0) status = -1;
    if (status || !isfinite(S[0] + S[1] + S[2] + S[3] + S[4] + S[5])) {
      status = -1;
      break;
    }
    const double Sm[3][3] = {{S[0], S[3], S[5]}, {S[3], S[1], S[4]}, {S[5], S[4], S[2]}};
    double FS[3][3];
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++)
        FS[i][j] = F[3 * i] * Sm[0][j] + F[3 * i + 1] * Sm[1][j] + F[3 * i + 2] * Sm[2][j];
    static const int vi[6] = {0, 1, 2, 0, 1, 0}, vj[6] = {0, 1, 2, 1, 2, 2};
    for (int r = 0; r < 6; r++) {
      const double *Fj = F + 3 * vj[r];
      const double s = FS[vi[r]][0] * Fj[0] + FS[vi[r]][1] * Fj[1] + FS[vi[r]][2] * Fj[2];
      sig[r] += w * (s / J + (md && r < 3 ? p : 0.0));
    }
    double e[6];
    if (hencky(F, e) != 0) {
      status = -1;
      break;
    }
    for (int r = 0; r < 6; r++) eps[r] += w * e[r];
    if (m->a0) {
      const double *a = m->a0;
      double fa[3];
      for (int i = 0; i < 3; i++)
        fa[i] = F[3 * i] * a[0] + F[3 * i + 1] * a[1] + F[3 * i + 2] * a[2];
      fib += w * (sqrt(fa[0] * fa[0] + fa[1] * fa[1] + fa[2] * fa[2]) - 1.0);
    }
  }
  if (status) return -1;
  for (int r = 0; r < 6; r++) {
    sigma[r] = sig[r];
    strain[r] = eps[r];
  }
  if (fibre_strain && m->a0) *fibre_strain = fib;
  return 0;
}
