/*
 * Homogeneous deformations against closed-form stress-stretch relations derived from W, at one
 * material point, for every law of mat_laws.h (fibres along e1):
 * - uniaxial tension and compression F = diag(l, t, t), t from sigma_22 = 0 (scalar Newton on the
 *   closed form): sigma_11 = sigma_1(l, t, t) of mat_test_util.h (sigma_i = lambda_i/J
 * dW/dlambda_i) and sigma_22 = sigma_33 = 0, to 1e-8 relative;
 * - equibiaxial F = diag(l, l, t), t from sigma_33 = 0;
 * - simple shear F = I + gamma e1 (x) e2 (J = 1): invariant laws by Rivlin's relations
 *   sigma_12 = 2 gamma (W1 + W2), sigma_11 - sigma_33 = 2 gamma^2 W1,
 *   sigma_22 - sigma_33 = -2 gamma^2 W2, sigma_33 = 2 [(W1 + I1 W2)(1 - I1/3) - W2 (1 - (I1^2 - 2
 *   I2)/3)]; Ogden by its principal stresses at lambda_1,2 = sqrt(1 + gamma^2/4) +- gamma/2
 *   rotated by tan 2 theta = 2 / gamma; St Venant-Kirchhoff from S = lambda tr(E) I + 2 mu E by
 *   hand; a fibre along e2 adds lambda_f T(lambda_f) n (x) n, n = (gamma, 1, 0)/sqrt(1 + gamma^2);
 * - Cheung's polynomial soft tissue (literature.md a.2) in uniaxial compression down to 50%;
 * - the abaqus volumetric cap: under F = s I the pressure is K (1 - J) -> 2/D1 as J -> 0 (log:
 *   -K ln J / J, unbounded).
 */
#include "mat_laws.h"

static int failed_solve = 0;

/* Solves sigma_k(l) = 0 for the free stretch(es) (uniaxial: l[1] = l[2] = t, k = 1; equibiaxial:
 * l[2] = t, k = 2) by Newton with a central-difference slope of the closed form. */
static double solve_lateral(const pf_material_desc *d, const pf_material_desc *f, double l0,
                            int equibiaxial) {
  double t = equibiaxial ? 1.0 / (l0 * l0) : 1.0 / sqrt(l0);
  if (d->model != PF_MAT_LINEAR_ELASTIC) t = pow(t, 0.5); /* compressible laws: halfway */
  const int k = equibiaxial ? 2 : 1;
  for (int it = 0; it < 100; it++) {
    double l[3] = {l0, equibiaxial ? l0 : t, t}, s[3], sp[3], sm[3];
    mt_sigma_principal(d, f, l, s);
    const double h = 1e-7 * t;
    l[1] = equibiaxial ? l0 : t + h, l[2] = t + h;
    mt_sigma_principal(d, f, l, sp);
    l[1] = equibiaxial ? l0 : t - h, l[2] = t - h;
    mt_sigma_principal(d, f, l, sm);
    const double slope = (sp[k] - sm[k]) / (2.0 * h);
    double dt = -s[k] / slope;
    if (t + dt <= 0.2 * t) dt = -0.8 * t;
    t += dt;
    if (fabs(dt) <= 1e-15 * t) return t;
  }
  failed_solve++;
  return t;
}

static void check_homogeneous(const mt_law *L, const pf_material *m, double l0, int equibiaxial,
                              double *worst) {
  const pf_material_desc *d = &L->d[0], *f = L->fibre ? &L->d[1] : NULL;
  const double a0[3] = {1, 0, 0};
  const double t = solve_lateral(d, f, l0, equibiaxial);
  const double l[3] = {l0, equibiaxial ? l0 : t, t};
  double sc[3], F[9] = {0}, S[6], sig[9];
  mt_sigma_principal(d, f, l, sc);
  for (int i = 0; i < 3; i++) F[4 * i] = l[i];
  PF_EXPECT(pf_material_eval(m, PF_PART_FULL, F, L->fibre ? a0 : NULL, S, NULL, NULL) == 0,
            "%s: eval", L->label);
  mt_cauchy(F, S, sig);
  const double ref = fabs(sc[0]);
  const double e1 = fabs(sig[0] - sc[0]) / ref;
  const double e2 = equibiaxial ? fabs(sig[4] - sc[1]) / ref : fabs(sig[4]) / ref;
  const double e3 = fabs(sig[8]) / ref;
  const double eo = (fabs(sig[1]) + fabs(sig[2]) + fabs(sig[5])) / ref;
  const double e = fmax(fmax(e1, e2), fmax(e3, eo));
  if (e > *worst) *worst = e;
  PF_EXPECT(e <= 1e-8,
            "%s %s l = %g (t = %.12g): sigma = [%.12g %.12g %.12g], closed form %.12g "
            "(rel err %.3g)",
            L->label, equibiaxial ? "equibiaxial" : "uniaxial", l0, t, sig[0], sig[4], sig[8],
            sc[0], e);
}

/* Closed-form Cauchy stress (full 3x3) in simple shear of amount g. */
static void shear_closed(const mt_law *L, double g, double sig[9]) {
  const pf_material_desc *d = &L->d[0];
  memset(sig, 0, 9 * sizeof(double));
  if (d->model == PF_MAT_LINEAR_ELASTIC) {
    const double lam = d->E * d->nu / ((1 + d->nu) * (1 - 2 * d->nu)),
                 mu = d->E / (2 * (1 + d->nu));
    const double S11 = lam * g * g / 2, S22 = lam * g * g / 2 + mu * g * g, S33 = lam * g * g / 2,
                 S12 = mu * g;
    sig[0] = S11 + 2 * g * S12 + g * g * S22;
    sig[1] = sig[3] = S12 + g * S22;
    sig[4] = S22;
    sig[8] = S33;
    return;
  }
  if (d->model == PF_MAT_OGDEN) {
    const double l1 = sqrt(1 + g * g / 4) + g / 2, l[3] = {l1, 1.0 / l1, 1.0};
    double s[3];
    mt_sigma_principal(d, NULL, l, s);
    const double c2 = g / sqrt(g * g + 4.0);
    sig[0] = 0.5 * (s[0] + s[1]) + 0.5 * (s[0] - s[1]) * c2;
    sig[4] = 0.5 * (s[0] + s[1]) - 0.5 * (s[0] - s[1]) * c2;
    sig[1] = sig[3] = (s[0] - s[1]) / (l[0] + l[1]);
    sig[8] = s[2];
  } else {
    const double I1 = 3 + g * g, I2 = 3 + g * g;
    double W1, W2;
    mt_W12(d, I1, I2, &W1, &W2);
    sig[8] = 2 * ((W1 + I1 * W2) * (1 - I1 / 3) - W2 * (1 - (I1 * I1 - 2 * I2) / 3));
    sig[0] = sig[8] + 2 * g * g * W1;
    sig[4] = sig[8] - 2 * g * g * W2;
    sig[1] = sig[3] = 2 * g * (W1 + W2);
  }
  if (L->fibre) {
    const double lf = (1 + L->d[1].prestrain) * sqrt(1 + g * g), n[3] = {g, 1, 0};
    const double c = lf * mt_fibre_T(&L->d[1], lf) / (1 + g * g);
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) sig[3 * i + j] += c * n[i] * n[j];
  }
}

static void check_shear(const mt_law *L, const pf_material *m, double g, double *worst) {
  const double F[9] = {1, g, 0, 0, 1, 0, 0, 0, 1}, a0[3] = {0, 1, 0};
  double S[6], sig[9], sc[9];
  PF_EXPECT(pf_material_eval(m, PF_PART_FULL, F, L->fibre ? a0 : NULL, S, NULL, NULL) == 0,
            "%s: eval", L->label);
  mt_cauchy(F, S, sig);
  shear_closed(L, g, sc);
  double diff[9];
  for (int i = 0; i < 9; i++) diff[i] = sig[i] - sc[i];
  const double e = mt_max_abs(9, diff) / mt_max_abs(9, sc);
  if (e > *worst) *worst = e;
  PF_EXPECT(e <= 1e-8,
            "%s simple shear %g: sigma_12 %.12g (closed %.12g), sigma_11 %.12g "
            "(%.12g), sigma_22 %.12g (%.12g), sigma_33 %.12g (%.12g): rel err %.3g",
            L->label, g, sig[1], sc[1], sig[0], sc[0], sig[4], sc[4], sig[8], sc[8], e);
}

/* Cheung's tissue in uniaxial compression to 50% (both volumetric forms), and the cap. */
static void check_cheung(pf_context *ctx) {
  for (int vol = 0; vol < 2; vol++) {
    pf_material_desc d = mt_entry("cheung", PF_MAT_POLYNOMIAL);
    mt_cheung(&d);
    d.volumetric = vol ? PF_VOL_LOG : PF_VOL_ABAQUS;
    pf_material m;
    PF_EXPECT(mt_create(ctx, &d, 1, 0, &m) == 0, "create: %s", pf_context_error(ctx));
    mt_law L = mt_single(vol ? "Cheung log" : "Cheung abaqus", d);
    double worst = 0.0;
    for (int s = 1; s <= 10; s++) check_homogeneous(&L, &m, 1.0 - 0.05 * s, 0, &worst);
    const double t = solve_lateral(&d, NULL, 0.5, 0), l[3] = {0.5, t, t};
    double sc[3];
    mt_sigma_principal(&d, NULL, l, sc);
    printf(
        "Cheung polynomial (%s) uniaxial compression to 50%%: sigma_11 = %.6g MPa, lateral "
        "stretch %.6f, J = %.4f; worst rel err over 5%%..50%%: %.2e\n",
        vol ? "log" : "abaqus", sc[0], t, 0.5 * t * t, worst);
    PF_EXPECT(sc[0] < 0.0 && t > 1.0, "Cheung compression: sigma %g, lateral %g", sc[0], t);
  }
  /* hydrostatic compression F = s I: the abaqus pressure p = -tr(sigma)/3 = K (1 - J) < 2/D1 */
  pf_material_desc d = mt_entry("cheung", PF_MAT_POLYNOMIAL);
  mt_cheung(&d);
  pf_material ma, ml;
  mt_create(ctx, &d, 1, 0, &ma);
  d.volumetric = PF_VOL_LOG;
  mt_create(ctx, &d, 1, 0, &ml);
  const double cap = 2.0 / 3.65273;
  double pmax = 0.0;
  for (int i = 1; i <= 12; i++) {
    const double J = pow(10.0, -0.5 * i), s = cbrt(J), F[9] = {s, 0, 0, 0, s, 0, 0, 0, s};
    double S[6], sig[9];
    PF_EXPECT(pf_material_eval(&ma, PF_PART_FULL, F, NULL, S, NULL, NULL) == 0, "eval J=%g", J);
    mt_cauchy(F, S, sig);
    const double p = -(sig[0] + sig[4] + sig[8]) / 3.0;
    PF_EXPECT_REL(p, cap * (1.0 - J), 1e-8);
    PF_EXPECT(p < cap, "abaqus pressure %.17g reaches the cap %.17g at J = %g", p, cap, J);
    pmax = fmax(pmax, p);
    PF_EXPECT(pf_material_eval(&ml, PF_PART_FULL, F, NULL, S, NULL, NULL) == 0, "eval J=%g", J);
    mt_cauchy(F, S, sig);
    PF_EXPECT_REL(-(sig[0] + sig[4] + sig[8]) / 3.0, -cap * log(J) / J, 1e-8);
  }
  PF_EXPECT_REL(pmax, cap, 1e-5);
  printf("abaqus volumetric cap: pressure %.8f MPa at J = 1e-6, 2/D1 = %.8f MPa\n", pmax, cap);
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_ERROR);
  mt_law laws[MT_NLAWS];
  mt_law_table(laws);
  for (int i = 0; i < MT_NLAWS; i++) {
    mt_law *L = &laws[i];
    pf_material m;
    if (mt_law_create(ctx, L, &m) != 0) {
      PF_EXPECT(0, "%s: create failed: %s", L->label, pf_context_error(ctx));
      continue;
    }
    const int svk = L->d[0].model == PF_MAT_LINEAR_ELASTIC;
    const double fmaxs = L->fibre ? 1.25 : 1.8, cmin = svk ? 0.75 : 0.5;
    const double uni[] = {1.05, 1.3, fmaxs, 0.95, 0.8, cmin};
    const double bi[] = {1.1, L->fibre ? 1.2 : 1.4, 0.9, svk ? 0.85 : 0.75};
    const double shear[] = {0.1, 0.5, L->fibre ? 0.6 : 1.0};
    double w_uni = 0.0, w_bi = 0.0, w_sh = 0.0;
    for (int k = 0; k < 6; k++) check_homogeneous(L, &m, uni[k], 0, &w_uni);
    for (int k = 0; k < 4; k++) check_homogeneous(L, &m, bi[k], 1, &w_bi);
    for (int k = 0; k < 3; k++) check_shear(L, &m, shear[k], &w_sh);
    printf("%-48s uniaxial %.1e  equibiaxial %.1e  simple shear %.1e\n", L->label, w_uni, w_bi,
           w_sh);
  }
  check_cheung(ctx);
  PF_EXPECT(failed_solve == 0, "%d lateral solves did not converge", failed_solve);
  pf_context_destroy(&ctx);
  return pf_test_result("test_material_closed_form");
}
