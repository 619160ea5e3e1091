/*
 * Element results and reports of the total-Lagrangian kernels, and their failure paths.
 *
 * 1. pf_fem_tl_results at a homogeneous finite deformation F = R Q diag(l) Q^T (tet4, tet10
 *    curved, hex8 distorted; displacement and mean dilatation) against closed forms:
 *    - Cauchy stress sigma = F S F^T / J of the full law (mean dilatation: F S_iso F^T / J +
 *      U'(J) I, the same tensor since theta = J), 1e-12 of |sigma|;
 *    - Hencky strain ln V = (R Q) diag(ln l) (R Q)^T, 1e-12 absolute;
 *    - fibre strain |F a0| - 1 and min_J = det F, 1e-12 relative.
 *    And at F = I + 1e-8 G: ln V = 1e-8 sym(G) + O(1e-16), 1e-6 relative (no cancellation).
 * 2. pf_tl_info at a non-homogeneous finite deformation: theta = v / V and volume = V recomputed
 *    from the rule (1e-13), mean dilatation pressure = dU/dJ(theta) (1e-13 of K), displacement
 *    pressure = the volume average of tr(sigma) / 3 (1e-12), energy = V W at homogeneous F.
 * 3. Failure: an inverted element (F = diag(-1, 1, 1)), a law that rejects F, and a NaN
 *    displacement give -1 with fe and Ke set to zero (they are pre-filled with garbage), no NaN
 *    in info and the true min_J (the inverted element: -1; NaN: reported as 0); results likewise.
 */
#include "pf_test.h"
#include "test_tl_util.h"

static const double a0[3] = {0.6, -0.48, 0.64};

/* As tl_random_F (same seed use), also returning B = R Q: F = B diag(l) Q^T. */
static void random_F_basis(const double l[3], unsigned long long *seed, double *F, double *B) {
  double ax[3], Q[9], R[9], Qt[9], D[9] = {l[0], 0, 0, 0, l[1], 0, 0, 0, l[2]}, T[9], U[9];
  for (int i = 0; i < 3; i++) ax[i] = ft_rand(seed);
  tl_rotation(ax, 3.0 * ft_rand(seed), Q);
  for (int i = 0; i < 3; i++) ax[i] = ft_rand(seed);
  tl_rotation(ax, 3.0 * ft_rand(seed), R);
  tl_transpose(Q, Qt);
  tl_matmul(Q, D, T);
  tl_matmul(T, Qt, U);
  tl_matmul(R, U, F);
  tl_matmul(R, Q, B);
}

/* Cauchy stress (tensor Voigt) of a law part at F. */
static void cauchy(const tl_law *L, int part, const double *F, double sig[6]) {
  double S[6], FS[9], Ft[9], s[9];
  tl_stress(L, part, F, a0, S, NULL, NULL);
  const double Sm[9] = {S[0], S[3], S[5], S[3], S[1], S[4], S[5], S[4], S[2]};
  tl_matmul(F, Sm, FS);
  tl_transpose(F, Ft);
  tl_matmul(FS, Ft, s);
  const double J = tl_det(F);
  for (int r = 0; r < 6; r++) sig[r] = s[3 * tl_vi[r] + tl_vj[r]] / J;
}

static void homogeneous(const char *name, pf_elem_type type, double amp, double curved) {
  const tl_law law = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const int nn = pf_elem_nodes(type);
  double X[3 * PF_MAX_NODES], u[PF_MAX_DOF], F[9], B[9];
  ft_distorted(type, amp, curved, 21, X);
  unsigned long long seed = 17;
  const double l[3] = {1.45, 0.62, 1.1};
  random_F_basis(l, &seed, F, B);
  const double c[3] = {0.4, -0.3, 1.0};
  tl_homogeneous_u(nn, X, F, c, u);
  double sig_ex[6], eps_ex[6], Fa[3];
  cauchy(&law, 0, F, sig_ex);
  for (int r = 0; r < 6; r++) {
    double s = 0.0;
    for (int k = 0; k < 3; k++) s += log(l[k]) * B[3 * tl_vi[r] + k] * B[3 * tl_vj[r] + k];
    eps_ex[r] = s;
  }
  for (int i = 0; i < 3; i++)
    Fa[i] = F[3 * i] * a0[0] + F[3 * i + 1] * a0[1] + F[3 * i + 2] * a0[2];
  const double fib_ex = ft_norm(3, Fa) - 1.0, J = tl_det(F), ss = ft_max_abs(6, sig_ex);
  for (int form = 0; form < 2; form++) {
    const pf_tl_material m = tl_material(&law, form, a0);
    double sig[6], eps[6], fib, minJ;
    const int rc = pf_fem_tl_results(type, X, u, &m, sig, eps, &fib, &minJ);
    PF_EXPECT(rc == 0, "%s: results rc %d", name, rc);
    double ds = 0.0, de = 0.0;
    for (int r = 0; r < 6; r++) {
      ds = fmax(ds, fabs(sig[r] - sig_ex[r]));
      de = fmax(de, fabs(eps[r] - eps_ex[r]));
    }
    PF_EXPECT(ds <= 1e-12 * ss, "%s form %d: |sigma - F S F^T / J| / max = %g", name, form,
              ds / ss);
    PF_EXPECT(de <= 1e-12, "%s form %d: |Hencky - ln V| = %g", name, form, de);
    PF_EXPECT_REL(fib, fib_ex, 1e-12);
    PF_EXPECT_REL(minJ, J, 1e-12);
    /* info: theta = J, pressure, energy = V W(F) */
    double fe[PF_MAX_DOF];
    pf_tl_info info;
    PF_EXPECT(pf_fem_tl_solid(type, X, u, &m, fe, NULL, &info) == 0, "%s: solid rc", name);
    double W, S[6];
    tl_stress(&law, 0, F, a0, S, NULL, &W);
    const double p_ex = form && type != PF_ELEM_TET4 ? law.K * (J - 1.0)
                                                     : (sig_ex[0] + sig_ex[1] + sig_ex[2]) / 3.0;
    PF_EXPECT_REL(info.theta, J, 1e-12);
    PF_EXPECT_REL(info.min_J, J, 1e-12);
    PF_EXPECT_REL(info.pressure, p_ex, 1e-12);
    PF_EXPECT_REL(info.energy, info.volume * W, 1e-12);
    PF_EXPECT_REL(info.volume, pf_fem_volume(type, X), 1e-13);
    printf("%-16s %s: sigma %.1e, Hencky %.1e, fibre %.1e, p %.1e\n", name,
           form ? "mean-dil" : "displ   ", ds / ss, de, fabs(fib - fib_ex) / fabs(fib_ex),
           fabs(info.pressure - p_ex) / fabs(p_ex));
  }
  /* Hencky at a tiny strain: 1e-8 sym(G) to 1e-6 relative */
  double G[9], Fs[9], us[PF_MAX_DOF], sig[6], eps[6];
  for (int t = 0; t < 9; t++) G[t] = ft_rand(&seed);
  for (int t = 0; t < 9; t++) Fs[t] = (t % 4 == 0 ? 1.0 : 0.0) + 1e-8 * G[t];
  tl_homogeneous_u(nn, X, Fs, NULL, us);
  const pf_tl_material m = tl_material(&law, 0, a0);
  pf_fem_tl_results(type, X, us, &m, sig, eps, NULL, NULL);
  double de = 0.0, se = 0.0;
  for (int r = 0; r < 6; r++) {
    const double ex = 0.5e-8 * (G[3 * tl_vi[r] + tl_vj[r]] + G[3 * tl_vj[r] + tl_vi[r]]);
    de = fmax(de, fabs(eps[r] - ex));
    se = fmax(se, fabs(ex));
  }
  PF_EXPECT(de <= 1e-6 * se, "%s: small-strain Hencky error %g of %g", name, de, se);
}

/* theta, volume and pressures at a non-homogeneous finite deformation. */
static void info_fields(const char *name, pf_elem_type type, double amp, double curved) {
  const tl_law law = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  const pf_rule *rule = pf_fem_rule(type);
  double X[3 * PF_MAX_NODES], u[PF_MAX_DOF], F[9];
  ft_distorted(type, amp, curved, 23, X);
  unsigned long long seed = 29;
  const double l[3] = {1.3, 0.7, 0.95};
  tl_random_F(l, &seed, F);
  tl_homogeneous_u(nn, X, F, NULL, u);
  for (int k = 0; k < nd; k++) u[k] += 0.05 * ft_rand(&seed);
  /* v, V and the volume average of tr(sigma) / 3 recomputed from the rule */
  double V = 0.0, v = 0.0, trs = 0.0;
  for (int q = 0; q < rule->nqp; q++) {
    double G[PF_MAX_NODES][3], Fq[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, s[6];
    const double wd = rule->w[q] * pf_fem_gradients(rule, q, X, G);
    for (int a = 0; a < nn; a++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Fq[3 * i + j] += u[3 * a + i] * G[a][j];
    cauchy(&law, 0, Fq, s);
    V += wd;
    v += wd * tl_det(Fq);
    trs += wd * (s[0] + s[1] + s[2]) / 3.0;
  }
  for (int form = 0; form < 2; form++) {
    const pf_tl_material m = tl_material(&law, form, a0);
    double fe[PF_MAX_DOF];
    pf_tl_info info;
    PF_EXPECT(pf_fem_tl_solid(type, X, u, &m, fe, NULL, &info) == 0, "%s: rc", name);
    PF_EXPECT_REL(info.volume, V, 1e-13);
    PF_EXPECT_REL(info.theta, v / V, 1e-13);
    const int md = form && type != PF_ELEM_TET4;
    double U, dU, d2U;
    tl_volumetric(&law, info.theta, &U, &dU, &d2U);
    const double p_ex = md ? dU : trs / V;
    PF_EXPECT(fabs(info.pressure - p_ex) <= (md ? 1e-13 * law.K : 1e-12 * fabs(p_ex)),
              "%s form %d: pressure %.17g, expected %.17g", name, form, info.pressure, p_ex);
    printf("%-16s %s: theta %.6f (min_J %.3f), pressure %.6f = %s\n", name,
           form ? "mean-dil" : "displ   ", info.theta, info.min_J, info.pressure,
           md ? "dU/dJ(theta)" : "<tr sigma>/3");
  }
}

static int all_zero(int n, const double *x) {
  for (int k = 0; k < n; k++)
    if (x[k] != 0.0) return 0;
  return 1;
}
static int info_finite(const pf_tl_info *i) {
  return isfinite(i->min_J) && isfinite(i->theta) && isfinite(i->pressure) && isfinite(i->energy) &&
         isfinite(i->volume);
}

static void failures(const char *name, pf_elem_type type) {
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  double X[3 * PF_MAX_NODES], u[PF_MAX_DOF];
  ft_distorted(type, 0.15, 0.0, 25, X);
  const tl_law law = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  tl_law rej = law;
  rej.reject = 1;
  rej.reject_F00 = 1.05; /* rejects the stretch below */
  for (int form = 0; form < 2; form++) {
    for (int c = 0; c < 3; c++) {
      const double Fc[3][9] = {{-1, 0, 0, 0, 1, 0, 0, 0, 1},   /* inverted: det F = -1 */
                               {1.02, 0, 0, 0, 1, 0, 0, 0, 1}, /* rejected by the law */
                               {1.1, 0, 0, 0, 1, 0, 0, 0, 1}}; /* NaN displacement */
      const pf_tl_material m = tl_material(c == 1 ? &rej : &law, form, a0);
      tl_homogeneous_u(nn, X, Fc[c], NULL, u);
      if (c == 2) u[4] = NAN;
      double fe[PF_MAX_DOF], Ke[PF_MAX_DOF * PF_MAX_DOF], sig[6], eps[6], fib, minJ;
      for (int k = 0; k < nd; k++) fe[k] = 7.0;
      for (int k = 0; k < nd * nd; k++) Ke[k] = 7.0;
      pf_tl_info info = {NAN, NAN, NAN, NAN, NAN};
      const int rc = pf_fem_tl_solid(type, X, u, &m, fe, Ke, &info);
      const int rr = pf_fem_tl_results(type, X, u, &m, sig, eps, &fib, &minJ);
      const double J_ex = c == 0 ? -1.0 : c == 1 ? 1.02 : 0.0;
      PF_EXPECT(rc == -1 && rr == -1, "%s form %d case %d: rc %d, results %d", name, form, c, rc,
                rr);
      PF_EXPECT(all_zero(nd, fe) && all_zero(nd * nd, Ke), "%s case %d: fe/Ke not zeroed", name, c);
      PF_EXPECT(info_finite(&info), "%s case %d: NaN in info", name, c);
      PF_EXPECT(all_zero(6, sig) && all_zero(6, eps) && fib == 0.0, "%s case %d: results", name, c);
      if (c < 2) {
        PF_EXPECT_REL(info.min_J, J_ex, 1e-12);
        PF_EXPECT_REL(minJ, J_ex, 1e-12);
      } else {
        PF_EXPECT(info.min_J <= 0.0 && minJ <= 0.0, "%s NaN: min_J %g %g", name, info.min_J, minJ);
      }
    }
  }
  /* a folded tet10: the quadrature points stay positive, a corner node does not: admissible
   * (judged at the points, as Abaqus and CalculiX do) but reported through min_J <= 0 */
  if (type == PF_ELEM_TET10) {
    double Xr[30], uf[30] = {0}, fe[30], Ke[900];
    ft_reference_nodes(PF_ELEM_TET10, Xr);
    /* mid-edge node 01 moved along its edge past the quarter point: det F = 1 - 1.4 (L0 - L1)
     * is negative at corner 0 but positive (>= 0.37) at the 4 quadrature points */
    uf[3 * 4] = -0.35;
    const pf_tl_material m = tl_material(&law, 0, NULL);
    pf_tl_info info;
    const int rc = pf_fem_tl_solid(PF_ELEM_TET10, Xr, uf, &m, fe, Ke, &info);
    PF_EXPECT(rc == 0 && info.min_J <= 0.0, "folded tet10: rc %d min_J %g", rc, info.min_J);
    printf("folded tet10: rc %d, node min_J %.3f\n", rc, info.min_J);
  }
  printf("%-16s failures: inverted, rejected and NaN give -1, zeros, finite info\n", name);
}

int main(void) {
  homogeneous("tet4", PF_ELEM_TET4, 0.2, 0.0);
  homogeneous("tet10 curved", PF_ELEM_TET10, 0.2, 0.06);
  homogeneous("hex8 distorted", PF_ELEM_HEX8, 0.25, 0.0);
  info_fields("tet4", PF_ELEM_TET4, 0.2, 0.0);
  info_fields("tet10 curved", PF_ELEM_TET10, 0.2, 0.06);
  info_fields("hex8 distorted", PF_ELEM_HEX8, 0.25, 0.0);
  failures("tet4", PF_ELEM_TET4);
  failures("tet10", PF_ELEM_TET10);
  failures("hex8", PF_ELEM_HEX8);
  return pf_test_result("test_tl_results");
}
