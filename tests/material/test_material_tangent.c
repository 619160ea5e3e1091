/*
 * Consistency of every law of mat_laws.h, for PF_PART_FULL and (split laws) PF_PART_ISOCHORIC:
 * - tangent: Ct against central differences of S with respect to the Voigt Green strain
 *   (engineering shear: a step h in slot 3..5 is C_ij += h), max |Ct - Ct_fd| / max |Ct| < 1e-6,
 *   at general states (random F), the undeformed state F = I (three equal stretches), uniaxial
 *   and equibiaxial states F = R diag(l, t, t) Q^T (two equal stretches: where the spectral
 *   Ogden formulas divide by zero) and a state with two stretches 1e-9 apart;
 * - energy: S against central differences of W (S = dW/dE), same states, < 1e-6 relative;
 * - symmetry of Ct (a hyperelastic tangent has major symmetry), to 1e-12 relative;
 * - objectivity: S, Ct and W unchanged under F -> R F (random rotations), to 1e-12 relative;
 * - linear_elastic (not split) refuses PF_PART_ISOCHORIC (-1), and every law refuses det F <= 0.
 * States where a fibre sits at lambda_f = 1 (the tension-only switch: S is only C0 there for the
 * linear and exponential laws, and Ct only C0 for toe_linear, so central differences are only
 * first-order accurate) are left out of the difference checks and counted.
 * The fibre direction a0 is the first principal direction of the stretch where there is one, so
 * the fibre is stretched in uniaxial tension.
 */
#include "mat_laws.h"

/* Voigt slots xx yy zz xy yz xz */
static const int PF_VI_T[6] = {0, 1, 2, 0, 1, 0}, PF_VJ_T[6] = {0, 1, 2, 1, 2, 2};

static double g_worst_ct = 0.0, g_worst_w = 0.0;
static int g_skipped = 0, g_checked = 0;

/* S, W at C (F = the Cholesky factor of C: the laws are objective). */
static int eval_at_C(const pf_material *m, pf_material_part part, const double C[6],
                     const double a0[3], double S[6], double *W) {
  double F[9];
  mt_F_from_C(C, F);
  return pf_material_eval(m, part, F, a0, S, NULL, W);
}

static void check_state(const mt_law *L, const pf_material *m, pf_material_part part,
                        const double F[9], const double a0[3], const char *what) {
  double S[6], Ct[36], W;
  PF_EXPECT(pf_material_eval(m, part, F, a0, S, Ct, &W) == 0, "%s %s: eval", L->label, what);
  if (L->fibre && fabs(pf_material_fibre_stretch(m, F, a0) - 1.0) < 1e-3) {
    g_skipped++;
    return;
  }
  g_checked++;
  double C[6];
  for (int v = 0; v < 6; v++) {
    const int i = PF_VI_T[v], j = PF_VJ_T[v];
    C[v] = F[i] * F[j] + F[3 + i] * F[3 + j] + F[6 + i] * F[6 + j];
  }
  const double h = 1e-5;
  double Cfd[36], Sfd[6];
  for (int q = 0; q < 6; q++) {
    double Cp[6], Cm[6], Sp[6], Sm[6], Wp, Wm;
    memcpy(Cp, C, sizeof(Cp));
    memcpy(Cm, C, sizeof(Cm));
    const double dC = q < 3 ? 2.0 * h : h; /* dE_qq = h, or d(2 E_ij) = h */
    Cp[q] += dC;
    Cm[q] -= dC;
    PF_EXPECT(eval_at_C(m, part, Cp, a0, Sp, &Wp) == 0, "%s: eval +", L->label);
    PF_EXPECT(eval_at_C(m, part, Cm, a0, Sm, &Wm) == 0, "%s: eval -", L->label);
    for (int p = 0; p < 6; p++) Cfd[6 * p + q] = (Sp[p] - Sm[p]) / (2.0 * h);
    Sfd[q] = (Wp - Wm) / (2.0 * h);
  }
  double dct[36], dsym[36], ds[6];
  for (int k = 0; k < 36; k++) {
    dct[k] = Ct[k] - Cfd[k];
    dsym[k] = Ct[k] - Ct[6 * (k % 6) + k / 6];
  }
  for (int k = 0; k < 6; k++) ds[k] = S[k] - Sfd[k];
  const double sc = mt_max_abs(36, Ct);
  const double ect = mt_max_abs(36, dct) / sc, esym = mt_max_abs(36, dsym) / sc;
  const double ss = fmax(mt_max_abs(6, S), 1e-3 * sc); /* S = 0 at F = I: scale by the modulus */
  const double ew = mt_max_abs(6, ds) / ss;
  if (ect > g_worst_ct) g_worst_ct = ect;
  if (ew > g_worst_w) g_worst_w = ew;
  const char *pn = part == PF_PART_FULL ? "FULL" : "ISOCHORIC";
  PF_EXPECT(ect < 1e-6, "%s %s %s: tangent vs central differences rel err %.3g", L->label, pn, what,
            ect);
  PF_EXPECT(esym < 1e-12, "%s %s %s: tangent not symmetric (%.3g)", L->label, pn, what, esym);
  PF_EXPECT(ew < 1e-6, "%s %s %s: S vs dW/dE rel err %.3g", L->label, pn, what, ew);
}

static void check_objectivity(const mt_law *L, const pf_material *m, pf_material_part part,
                              const double F[9], const double a0[3], uint64_t *seed) {
  double R[9], RF[9], S0[6], S1[6], C0[36], C1[36], W0, W1;
  mt_rotation(seed, R);
  mt_mul(R, F, RF);
  pf_material_eval(m, part, F, a0, S0, C0, &W0);
  pf_material_eval(m, part, RF, a0, S1, C1, &W1);
  double dS[6], dC[36];
  for (int k = 0; k < 6; k++) dS[k] = S1[k] - S0[k];
  for (int k = 0; k < 36; k++) dC[k] = C1[k] - C0[k];
  const double e = fmax(mt_max_abs(6, dS) / fmax(mt_max_abs(6, S0), 1e-300),
                        mt_max_abs(36, dC) / mt_max_abs(36, C0));
  PF_EXPECT(e < 1e-12 && fabs(W1 - W0) <= 1e-12 * fabs(W0),
            "%s: not objective (S, Ct rel change %.3g; W %.17g vs %.17g)", L->label, e, W0, W1);
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_ERROR);
  mt_law laws[MT_NLAWS];
  mt_law_table(laws);
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < MT_NLAWS; i++) {
    mt_law *L = &laws[i];
    pf_material m;
    if (mt_law_create(ctx, L, &m) != 0) {
      PF_EXPECT(0, "%s: create failed: %s", L->label, pf_context_error(ctx));
      continue;
    }
    const double before_ct = g_worst_ct, before_w = g_worst_w;
    g_worst_ct = g_worst_w = 0.0;
    for (int part = 0; part < 2; part++) {
      const pf_material_part pp = part ? PF_PART_ISOCHORIC : PF_PART_FULL;
      if (part && !m.split) {
        const double F[9] = {1.1, 0, 0, 0, 1, 0, 0, 0, 1};
        double S[6];
        PF_EXPECT(pf_material_eval(&m, pp, F, NULL, S, NULL, NULL) == -1,
                  "%s: ISOCHORIC of a law that is not split must be refused", L->label);
        continue;
      }
      double F[9], a0[3], Q[9], R[9];
      /* general states */
      for (int s = 0; s < 4; s++) {
        mt_random_F(&seed, L->fibre ? 0.15 : 0.3, F);
        double n = 0.0;
        for (int k = 0; k < 3; k++) {
          a0[k] = mt_rand(&seed);
          n += a0[k] * a0[k];
        }
        for (int k = 0; k < 3; k++) a0[k] /= sqrt(n);
        check_state(L, &m, pp, F, a0, "general");
        check_objectivity(L, &m, pp, F, a0, &seed);
      }
      /* undeformed */
      const double I[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, e1[3] = {1, 0, 0};
      check_state(L, &m, pp, I, e1, "undeformed");
      /* uniaxial, equibiaxial (two equal stretches) and nearly repeated, rotated frames */
      const double st[][3] = {{1.3, 1.0 / sqrt(1.3), 1.0 / sqrt(1.3)},
                              {0.8, 1.0 / sqrt(0.8), 1.0 / sqrt(0.8)},
                              {1.15, 1.15, 1.0 / (1.15 * 1.15)},
                              {1.2, 1.0 + 1e-9, 1.0},
                              {1.1, 1.0, 1.0}};
      const char *names[] = {"uniaxial tension", "uniaxial compression", "equibiaxial",
                             "nearly repeated", "uniaxial (volume change)"};
      for (int s = 0; s < 5; s++) {
        mt_rotation(&seed, Q);
        mt_rotation(&seed, R);
        mt_F_principal(st[s], R, Q, F);
        for (int k = 0; k < 3; k++) a0[k] = Q[3 * k]; /* the first principal direction */
        check_state(L, &m, pp, F, a0, names[s]);
        check_objectivity(L, &m, pp, F, a0, &seed);
      }
    }
    printf("%-48s tangent FD %.1e  S vs dW/dE %.1e\n", L->label, g_worst_ct, g_worst_w);
    g_worst_ct = fmax(g_worst_ct, before_ct);
    g_worst_w = fmax(g_worst_w, before_w);
    /* det F <= 0 is refused */
    const double Fbad[9] = {-1, 0, 0, 0, 1, 0, 0, 0, 1};
    double S[6], Ct[36], W;
    PF_EXPECT(pf_material_eval(&m, PF_PART_FULL, Fbad, NULL, S, Ct, &W) == -1,
              "%s: det F < 0 accepted", L->label);
  }
  printf(
      "all laws: worst tangent error %.2e, worst S vs dW/dE %.2e (%d states checked, %d fibre "
      "states at the kink lambda_f = 1 left out)\n",
      g_worst_ct, g_worst_w, g_checked, g_skipped);
  PF_EXPECT(g_checked > 250, "only %d states checked", g_checked);
  pf_context_destroy(&ctx);
  return pf_test_result("test_material_tangent");
}
