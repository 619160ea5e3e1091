/*
 * Consistency of the total-Lagrangian kernels by central finite differences.
 *
 * 1. The reference laws of test_tl_util.h: P = F S against dW/dF, and Ct against dS/dE along
 *    random directions (S(F + h dF) - S(F - h dF)) / 2h = Ct sym(F^T dF) (exact for the
 *    quadratic E(F)); 1e-7 relative.
 * 2. Solids (tet4, tet10 straight and curved, hex8 distorted), displacement and mean-dilatation
 *    formulations, neo-Hookean with a fibre term and St Venant-Kirchhoff, at finite deformation:
 *    u = (F - I) X + a random non-homogeneous part, F = R Q diag(l) Q^T with stretches in
 *    [1.3, 1.5], in [0.5, 0.7] and mixed, R, Q random rotations. Checks
 *    - fe_j = dPi_e/du_j (central differences of info.energy): the force is the exact gradient
 *      of the element energy (for mean dilatation: of int W_iso dV + V U(Theta));
 *    - Ke_ij = dfe_i/du_j (central differences of fe): the tangent is consistent;
 *    both to 1e-6 of the largest entry (h = 1e-5 on elements of size ~1: truncation ~1e-10);
 *    - Ke exactly symmetric (it is written as mirrored blocks).
 * 3. Truss: Ke against differences of fe in tension, on the ramp, just below the rest length,
 *    slack (regularised), with prestrain and without tension_only; the force against the closed
 *    form; a slack bar carries at most k EA |eps|; N and dN/dlambda continuous at the ramp ends.
 */
#include "pf_test.h"
#include "test_tl_util.h"

static double worst_fe = 0.0, worst_Ke = 0.0, worst_truss = 0.0;

static void check_law(const char *name, const tl_law *L, int part, const double *a0,
                      unsigned long long seed) {
  const double ls[3] = {1.4, 0.6, 1.15};
  double F[9];
  tl_random_F(ls, &seed, F);
  double S[6], Ct[36], W;
  tl_stress(L, part, F, a0, S, Ct, &W);
  double P[9];
  const double Sm[9] = {S[0], S[3], S[5], S[3], S[1], S[4], S[5], S[4], S[2]};
  tl_matmul(F, Sm, P);
  const double h = 1e-6;
  double err = 0.0, scale = ft_max_abs(9, P);
  for (int t = 0; t < 9; t++) {
    double Fp[9], Fm[9], Wp, Wm, s[6];
    memcpy(Fp, F, sizeof(Fp));
    memcpy(Fm, F, sizeof(Fm));
    Fp[t] += h;
    Fm[t] -= h;
    tl_stress(L, part, Fp, a0, s, NULL, &Wp);
    tl_stress(L, part, Fm, a0, s, NULL, &Wm);
    err = fmax(err, fabs((Wp - Wm) / (2 * h) - P[t]));
  }
  PF_EXPECT(err <= 1e-7 * scale, "%s part %d: |P - dW/dF| = %g (max %g)", name, part, err, scale);
  double errC = 0.0, scaleC = ft_max_abs(36, Ct);
  for (int trial = 0; trial < 6; trial++) {
    double dF[9], Fp[9], Fm[9], sp[6], sm[6], Ft_dF[9], Ft[9];
    for (int t = 0; t < 9; t++) dF[t] = ft_rand(&seed);
    for (int t = 0; t < 9; t++) {
      Fp[t] = F[t] + h * dF[t];
      Fm[t] = F[t] - h * dF[t];
    }
    tl_stress(L, part, Fp, a0, sp, NULL, NULL);
    tl_stress(L, part, Fm, a0, sm, NULL, NULL);
    tl_transpose(F, Ft);
    tl_matmul(Ft, dF, Ft_dF);
    double dE[6]; /* engineering shear */
    for (int r = 0; r < 6; r++) {
      const int p = tl_vi[r], q = tl_vj[r];
      dE[r] = (r < 3 ? 0.5 : 1.0) * (Ft_dF[3 * p + q] + Ft_dF[3 * q + p]);
    }
    for (int r = 0; r < 6; r++) {
      double cd = 0.0;
      for (int c = 0; c < 6; c++) cd += Ct[6 * r + c] * dE[c];
      errC = fmax(errC, fabs((sp[r] - sm[r]) / (2 * h) - cd));
    }
  }
  PF_EXPECT(errC <= 1e-7 * scaleC * 3.0, "%s part %d: |Ct dE - dS| = %g (max %g)", name, part, errC,
            scaleC);
}

/* Finite-difference checks of one element state (see the file header). */
static void check_element(const char *name, pf_elem_type type, const double *X, const double *u0,
                          const pf_tl_material *m) {
  const int nd = 3 * pf_elem_nodes(type);
  double fe[PF_MAX_DOF], Ke[PF_MAX_DOF * PF_MAX_DOF], u[PF_MAX_DOF];
  pf_tl_info info;
  int rc = pf_fem_tl_solid(type, X, u0, m, fe, Ke, &info);
  PF_EXPECT(rc == 0, "%s: kernel returned %d (min_J %g)", name, rc, info.min_J);
  if (rc) return;
  const double h = 1e-5;
  double err_f = 0.0, err_K = 0.0, asym = 0.0;
  for (int j = 0; j < nd; j++) {
    double fp[PF_MAX_DOF], fm[PF_MAX_DOF];
    pf_tl_info ip, im;
    memcpy(u, u0, sizeof(double) * nd);
    u[j] = u0[j] + h;
    int r1 = pf_fem_tl_solid(type, X, u, m, fp, NULL, &ip);
    u[j] = u0[j] - h;
    int r2 = pf_fem_tl_solid(type, X, u, m, fm, NULL, &im);
    PF_EXPECT(r1 == 0 && r2 == 0, "%s: perturbed state rejected", name);
    err_f = fmax(err_f, fabs((ip.energy - im.energy) / (2 * h) - fe[j]));
    for (int i = 0; i < nd; i++)
      err_K = fmax(err_K, fabs((fp[i] - fm[i]) / (2 * h) - Ke[i * nd + j]));
    for (int i = 0; i < nd; i++) asym = fmax(asym, fabs(Ke[i * nd + j] - Ke[j * nd + i]));
  }
  const double sf = ft_max_abs(nd, fe), sK = ft_max_abs(nd * nd, Ke);
  PF_EXPECT(err_f <= 1e-6 * sf, "%s: |fe - dPi/du| / max = %.3g", name, err_f / sf);
  PF_EXPECT(err_K <= 1e-6 * sK, "%s: |Ke - dfe/du| / max = %.3g", name, err_K / sK);
  PF_EXPECT(asym == 0.0, "%s: Ke not symmetric (%.3g)", name, asym);
  worst_fe = fmax(worst_fe, err_f / sf);
  worst_Ke = fmax(worst_Ke, err_K / sK);
  printf("%-44s fe %.2e  Ke %.2e  min_J %.3f theta %.3f\n", name, err_f / sf, err_K / sK,
         info.min_J, info.theta);
}

static void solids(void) {
  static const double a0_raw[3] = {0.6, -0.48, 0.64}; /* unit */
  const tl_law neo = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const tl_law svk = {TL_SVK, 1.0, 3.0, 0.0, 0, 0.0};
  const struct {
    const char *name;
    pf_elem_type type;
    double amp, curved;
  } geo[4] = {{"tet4", PF_ELEM_TET4, 0.2, 0.0},
              {"tet10 straight", PF_ELEM_TET10, 0.2, 0.0},
              {"tet10 curved", PF_ELEM_TET10, 0.2, 0.06},
              {"hex8 distorted", PF_ELEM_HEX8, 0.2, 0.0}};
  const double stretch[3][3] = {{1.3, 1.5, 1.4}, {0.5, 0.7, 0.6}, {1.5, 0.6, 1.1}};
  const char *sname[3] = {"tension", "compression", "mixed"};
  for (int g = 0; g < 4; g++) {
    double X[3 * PF_MAX_NODES];
    ft_distorted(geo[g].type, geo[g].amp, geo[g].curved, 100 + g, X);
    const int nd = 3 * pf_elem_nodes(geo[g].type);
    for (int s = 0; s < 3; s++) {
      unsigned long long seed = 1000 + 10 * g + s;
      double F[9], u[PF_MAX_DOF];
      tl_random_F(stretch[s], &seed, F);
      tl_homogeneous_u(nd / 3, X, F, NULL, u);
      for (int k = 0; k < nd; k++) u[k] += 0.04 * ft_rand(&seed);
      char name[96];
      for (int form = 0; form < 2; form++) {
        const pf_tl_material m = tl_material(&neo, form, a0_raw);
        snprintf(name, sizeof(name), "%s %s neo+fibre %s", geo[g].name, sname[s],
                 form ? "mean-dil" : "displ");
        check_element(name, geo[g].type, X, u, &m);
      }
      const pf_tl_material ms = tl_material(&svk, 0, NULL);
      snprintf(name, sizeof(name), "%s %s svk displ", geo[g].name, sname[s]);
      check_element(name, geo[g].type, X, u, &ms);
    }
  }
}

static void truss_case(const char *name, const pf_truss_law *law, double target_eps,
                       double N_expect) {
  const double X[6] = {0.5, -1.0, 2.0, 0.5 + 6.0, -1.0 + 3.0, 2.0 - 2.0}; /* L = 7 */
  const double L = 7.0, dir[3] = {6.0 / 7.0, 3.0 / 7.0, -2.0 / 7.0};
  /* end 2 moved to reach lambda = 1 + target_eps, plus a rotation of the bar */
  const double l = (1.0 + target_eps) * L / (1.0 + law->prestrain);
  const double ndir[3] = {dir[0] * 0.8 + 0.6 * dir[1], dir[1] * 0.8 - 0.6 * dir[0], dir[2]};
  const double nn = ft_norm(3, ndir);
  double u0[6] = {0.1, -0.2, 0.05, 0, 0, 0};
  for (int i = 0; i < 3; i++) u0[3 + i] = X[i] + u0[i] + l * ndir[i] / nn - X[3 + i];
  double fe[6], Ke[36], N, lam;
  const int rc = pf_fem_tl_truss(X, u0, law, fe, Ke, &N, &lam);
  PF_EXPECT(rc == 0, "%s: rc %d", name, rc);
  PF_EXPECT_REL(lam, 1.0 + target_eps, 1e-13);
  PF_EXPECT(fabs(N - N_expect) <= 1e-12 * law->EA, "%s: N = %.17g, expected %.17g", name, N,
            N_expect);
  for (int i = 0; i < 3; i++) {
    PF_EXPECT_NEAR(fe[3 + i], N * ndir[i] / nn, 1e-12 * law->EA);
    PF_EXPECT_NEAR(fe[i], -fe[3 + i], 0.0);
  }
  const double h = 1e-7 * L;
  double err = 0.0, asym = 0.0;
  for (int j = 0; j < 6; j++) {
    double u[6], fp[6], fm[6];
    memcpy(u, u0, sizeof(u));
    u[j] += h;
    pf_fem_tl_truss(X, u, law, fp, NULL, NULL, NULL);
    u[j] = u0[j] - h;
    pf_fem_tl_truss(X, u, law, fm, NULL, NULL, NULL);
    for (int i = 0; i < 6; i++) {
      err = fmax(err, fabs((fp[i] - fm[i]) / (2 * h) - Ke[6 * i + j]));
      asym = fmax(asym, fabs(Ke[6 * i + j] - Ke[6 * j + i]));
    }
  }
  const double s = ft_max_abs(36, Ke);
  PF_EXPECT(err <= 1e-6 * s, "%s: |Ke - dfe/du| / max = %.3g", name, err / s);
  PF_EXPECT(asym == 0.0, "%s: Ke not symmetric", name);
  worst_truss = fmax(worst_truss, err / s);
  printf("%-44s Ke %.2e  N %.6g\n", name, err / s, N);
}

static void trusses(void) {
  const double EA = 1000.0, w = 1e-3, k = 1e-6;
  pf_truss_law lin = {EA, 0.0, 0, w, k};
  pf_truss_law to = {EA, 0.0, 1, w, k};
  pf_truss_law pre = {EA, 0.05, 1, w, k};
  truss_case("truss linear tension", &lin, 0.2, EA * 0.2);
  truss_case("truss linear compression", &lin, -0.1, -EA * 0.1);
  /* tension-only: N = EA [(1 - k) r + k eps], r = 0 | eps^2 / 2w | eps - w/2 (pf_fem.h) */
  truss_case("truss tension-only tension", &to, 0.2, EA * ((1 - k) * (0.2 - w / 2) + k * 0.2));
  const double e1 = -0.4 * w;
  truss_case("truss just below rest length (slack)", &to, e1, EA * k * e1);
  const double e2 = 0.6 * w;
  truss_case("truss tension within the ramp", &to, e2, EA * ((1 - k) * e2 * e2 / (2 * w) + k * e2));
  truss_case("truss slack (regularised)", &to, -0.1, EA * k * -0.1);
  truss_case("truss prestrain, tension", &pre, 0.03, EA * ((1 - k) * (0.03 - w / 2) + k * 0.03));
  truss_case("truss prestrain, slack", &pre, -0.02, EA * k * -0.02);
  /* prestrain at zero displacement: lambda = 1 + prestrain */
  const double X[6] = {0, 0, 0, 3, 4, 0}, u[6] = {0};
  double fe[6], N, lam;
  pf_fem_tl_truss(X, u, &pre, fe, NULL, &N, &lam);
  PF_EXPECT_REL(lam, 1.05, 1e-15);
  PF_EXPECT_REL(N, EA * ((1 - k) * (0.05 - w / 2) + k * 0.05), 1e-13);
  /* a slack bar (lambda <= 1) carries at most the regularisation force k EA |eps|, and exactly 0
   * at its rest length */
  const double X1[6] = {0, 0, 0, 1, 0, 0};
  double worst_slack = 0.0;
  for (int s = 0; s <= 50; s++) {
    const double eps = -0.9 * s / 50.0, us[6] = {0, 0, 0, eps, 0.0, 0.0};
    double f[6];
    pf_fem_tl_truss(X1, us, &to, f, NULL, &N, NULL);
    worst_slack = fmax(worst_slack, fabs(N) / (k * EA * fmax(-eps, 1e-300)));
    PF_EXPECT(fabs(N) <= k * EA * -eps * (1 + 1e-12) && fabs(f[3]) == fabs(N),
              "slack eps %g: N = %g > k EA |eps| = %g", eps, N, k * EA * -eps);
  }
  PF_EXPECT(worst_slack <= 1.0 + 1e-12, "slack: N / (k EA |eps|) = %g", worst_slack);
  printf("truss slack sweep: max |N| / (k EA |eps|) = %.15f\n", worst_slack);
  /* C1 at the ramp ends eps = 0 and eps = w: value and slope continuous */
  for (int end = 0; end <= 1; end++) {
    double Nm, Np, Km[36], Kp[36], f[6];
    const double um[6] = {0, 0, 0, end * w - 1e-12, 0, 0}, up[6] = {0, 0, 0, end * w + 1e-12, 0, 0};
    pf_fem_tl_truss(X1, um, &to, f, Km, &Nm, NULL);
    pf_fem_tl_truss(X1, up, &to, f, Kp, &Np, NULL);
    PF_EXPECT(fabs(Nm - Np) <= 1e-8 * EA * w, "ramp end %d: N jumps %g", end, Np - Nm);
    PF_EXPECT(fabs(Km[0] - Kp[0]) <= 1e-6 * EA, "ramp end %d: slope jumps %g", end, Kp[0] - Km[0]);
  }
  /* zero current length: -1 and zeros, no NaN */
  const double uc[6] = {0, 0, 0, -3, -4, 0};
  double Kz[36];
  const int rc = pf_fem_tl_truss(X, uc, &to, fe, Kz, &N, &lam);
  PF_EXPECT(rc == -1, "zero-length truss: rc %d", rc);
  PF_EXPECT(fe[0] == 0.0 && fe[5] == 0.0 && Kz[0] == 0.0 && N == 0.0, "zero-length: not zeroed");
}

int main(void) {
  static const double a0[3] = {0.6, -0.48, 0.64};
  const tl_law neo = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const tl_law svk = {TL_SVK, 1.0, 3.0, 0.0, 0, 0.0};
  check_law("neo-Hookean + fibre", &neo, 0, a0, 7);
  check_law("neo-Hookean + fibre", &neo, 1, a0, 8);
  check_law("St Venant-Kirchhoff", &svk, 0, NULL, 9);
  solids();
  trusses();
  printf("worst: fe vs energy %.2e, Ke vs fe %.2e, truss Ke %.2e\n", worst_fe, worst_Ke,
         worst_truss);
  return pf_test_result("test_tl_tangent");
}
