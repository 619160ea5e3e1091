/*
 * Resolution of description entries (pf_material_create), the volumetric functions, the
 * small-strain moduli and the element-kernel adapters:
 * - every bad combination is refused with PF_ERR_INPUT and a message naming the file, the
 *   material and the offending key;
 * - K = kappa or 2 / D1; neo_hookean mu or C10 = mu / 2 give the same law;
 * - U, U', U'' of both volumetric forms against their formulas (pf_model.h) and U' by central
 *   differences; the abaqus pressure cap 2/D1 = 0.5475 MPa for Cheung's D1 = 3.65273;
 * - pf_material_moduli: Ct at F = I of every split law without fibre equals the isotropic linear
 *   elasticity matrix of (mu0, K0) to 1e-12 relative (small-strain consistency); SVK's to 1e-14;
 * - the _cb adapters give bit-identical results.
 */
#include "mat_laws.h"

static pf_context *g_ctx;

/* Expects entry index of d[0..n) to be refused with a message containing every word. */
static void expect_refused(pf_material_desc *d, int n, int index, const char *w1, const char *w2) {
  pf_material m;
  const int rc = mt_create(g_ctx, d, n, index, &m);
  const char *msg = pf_context_error(g_ctx);
  PF_EXPECT(rc == PF_ERR_INPUT, "%s: expected PF_ERR_INPUT, got %d", d[index].name, rc);
  if (rc != PF_ERR_INPUT) return;
  PF_EXPECT(strstr(msg, "test.yaml") && strstr(msg, d[index].name) && strstr(msg, w1) &&
                (!w2 || strstr(msg, w2)),
            "message '%s' lacks '%s' / '%s'", msg, w1, w2 ? w2 : "");
  printf("refused as expected: %s\n", msg);
}

static void check_errors(void) {
  pf_material_desc d[2];
  d[0] = mt_entry("poly", PF_MAT_POLYNOMIAL);
  mt_cheung(&d[0]);
  d[0].D2 = 1.0, d[0].volumetric = PF_VOL_LOG;
  expect_refused(d, 1, 0, "D2", "log");

  d[0] = mt_entry("nh", PF_MAT_NEO_HOOKEAN);
  d[0].mu = 1.0, d[0].kappa = 10.0, d[0].D1 = 0.3; /* disagrees with 2 / kappa */
  expect_refused(d, 1, 0, "kappa", "D1");

  d[0] = mt_entry("nh", PF_MAT_NEO_HOOKEAN);
  d[0].mu = 1.0;
  expect_refused(d, 1, 0, "bulk modulus", "kappa");

  d[0] = mt_entry("nh", PF_MAT_NEO_HOOKEAN);
  d[0].mu = 1.0, d[0].C10 = 0.4, d[0].kappa = 10.0;
  expect_refused(d, 1, 0, "mu", "C10");

  d[0] = mt_entry("nh", PF_MAT_NEO_HOOKEAN);
  d[0].mu = 1.0, d[0].C01 = 0.1, d[0].kappa = 10.0;
  expect_refused(d, 1, 0, "C01", NULL);

  d[0] = mt_entry("mr", PF_MAT_MOONEY_RIVLIN);
  d[0].C10 = 0.3, d[0].C20 = 0.1, d[0].D1 = 0.1;
  expect_refused(d, 1, 0, "C20", "polynomial");

  d[0] = mt_entry("mr", PF_MAT_MOONEY_RIVLIN);
  d[0].C10 = 0.3, d[0].D1 = 0.1, d[0].D2 = 0.1;
  expect_refused(d, 1, 0, "D2", "polynomial");

  d[0] = mt_entry("mr", PF_MAT_MOONEY_RIVLIN);
  d[0].C10 = -0.3, d[0].C01 = 0.1, d[0].D1 = 0.1;
  expect_refused(d, 1, 0, "shear modulus", NULL);

  d[0] = mt_entry("og", PF_MAT_OGDEN);
  d[0].n_ogden = 4, d[0].kappa = 1.0;
  expect_refused(d, 1, 0, "ogden", "1 to 3");

  d[0] = mt_entry("og", PF_MAT_OGDEN);
  d[0].n_ogden = 1, d[0].ogden_mu[0] = 1.0, d[0].kappa = 1.0;
  expect_refused(d, 1, 0, "alpha1", NULL);

  d[0] = mt_entry("og", PF_MAT_OGDEN);
  d[0].n_ogden = 1, d[0].ogden_mu[0] = -1.0, d[0].ogden_alpha[0] = 2.0, d[0].kappa = 1.0;
  expect_refused(d, 1, 0, "shear modulus", "convention");

  d[0] = mt_entry("le", PF_MAT_LINEAR_ELASTIC);
  d[0].E = 1.0, d[0].nu = 0.5;
  expect_refused(d, 1, 0, "nu", NULL);

  d[0] = mt_entry("tr", PF_MAT_TRUSS);
  d[0].E = 1.0;
  expect_refused(d, 1, 0, "truss", NULL);

  /* fibre materials */
  d[0] = mt_entry("f.matrix", PF_MAT_LINEAR_ELASTIC);
  d[0].E = 1.0, d[0].nu = 0.3;
  d[1] = mt_entry("f", PF_MAT_FIBRE);
  d[1].matrix = 0, d[1].fibre_law = PF_FIBRE_LINEAR, d[1].fibre_E = 100.0;
  expect_refused(d, 2, 1, "matrix", "linear_elastic");

  d[0] = mt_entry("f.matrix", PF_MAT_NEO_HOOKEAN);
  d[0].mu = 1.0, d[0].kappa = 10.0;
  d[1].matrix = -1;
  expect_refused(d, 2, 1, "matrix", NULL);

  d[1].matrix = 0, d[1].fibre_E = 0.0;
  expect_refused(d, 2, 1, "E > 0", NULL);

  d[1].fibre_law = PF_FIBRE_TOE_LINEAR, d[1].fibre_E = 100.0;
  expect_refused(d, 2, 1, "toe_strain", NULL);

  d[1].fibre_law = PF_FIBRE_EXPONENTIAL, d[1].fibre_k = 10.0;
  expect_refused(d, 2, 1, "alpha", NULL);

  d[1].fibre_law = PF_FIBRE_LINEAR, d[1].prestrain = -1.0;
  expect_refused(d, 2, 1, "prestrain", NULL);

  /* and a good one is accepted, the fibre taking the matrix's bulk modulus */
  d[1].prestrain = 0.0;
  pf_material m;
  PF_EXPECT(mt_create(g_ctx, d, 2, 1, &m) == 0 && m.K == 10.0 && m.split == 1, "fibre material: %s",
            pf_context_error(g_ctx));
}

static void check_volumetric(void) {
  pf_material_desc d = mt_entry("cheung", PF_MAT_POLYNOMIAL);
  mt_cheung(&d);
  for (int vol = 0; vol < 2; vol++) {
    d.volumetric = vol ? PF_VOL_LOG : PF_VOL_ABAQUS;
    pf_material m;
    PF_EXPECT(mt_create(g_ctx, &d, 1, 0, &m) == 0, "create: %s", pf_context_error(g_ctx));
    PF_EXPECT_REL(m.K, 2.0 / 3.65273, 1e-15);
    for (int i = 0; i < 7; i++) {
      const double J = 0.3 + 0.2 * i, K = 2.0 / 3.65273;
      double U, dU, d2U, Up, Um, dUp, dUm;
      pf_material_volumetric(&m, J, &U, &dU, &d2U);
      const double Uw = vol ? 0.5 * K * log(J) * log(J) : (J - 1.0) * (J - 1.0) / 3.65273;
      PF_EXPECT_NEAR(U, Uw, 1e-15 * K);
      const double h = 1e-6;
      pf_material_volumetric(&m, J + h, &Up, &dUp, NULL);
      pf_material_volumetric(&m, J - h, &Um, &dUm, NULL);
      PF_EXPECT_NEAR(dU, (Up - Um) / (2 * h), 1e-8 * K);
      PF_EXPECT_NEAR(d2U, (dUp - dUm) / (2 * h), 1e-8 * K);
      double Uc, dUc, d2Uc;
      pf_material_volumetric_cb(&m, J, &Uc, &dUc, &d2Uc);
      PF_EXPECT(Uc == U && dUc == dU && d2Uc == d2U, "volumetric_cb differs");
    }
  }
  /* with D2 (polynomial, abaqus): U = (J-1)^2/D1 + (J-1)^4/D2 */
  d = mt_entry("p2", PF_MAT_POLYNOMIAL);
  d.C10 = 0.3, d.D1 = 0.1, d.D2 = 0.5;
  pf_material m;
  mt_create(g_ctx, &d, 1, 0, &m);
  double U;
  pf_material_volumetric(&m, 1.3, &U, NULL, NULL);
  PF_EXPECT_REL(U, 0.09 / 0.1 + 0.0081 / 0.5, 1e-14);
  printf("abaqus volumetric cap for Cheung's D1 = 3.65273: 2/D1 = %.4f MPa\n", 2.0 / 3.65273);
}

static void check_moduli_and_adapters(void) {
  mt_law laws[MT_NLAWS];
  mt_law_table(laws);
  uint64_t seed = 7;
  for (int i = 0; i < MT_NLAWS; i++) {
    mt_law *L = &laws[i];
    pf_material m;
    if (mt_law_create(g_ctx, L, &m) != 0) {
      PF_EXPECT(0, "%s: create: %s", L->label, pf_context_error(g_ctx));
      continue;
    }
    double mu0, K0;
    pf_material_moduli(&m, &mu0, &K0);
    PF_EXPECT_REL(mu0, mt_mu0(&L->d[0]), 1e-14);
    const double I[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, a0[3] = {0, 1, 0};
    double S[6], Ct[36];
    if (!L->fibre || L->d[1].prestrain <= 0.0) {
      pf_material_eval(&m, PF_PART_FULL, I, L->fibre ? a0 : NULL, S, Ct, NULL);
      const double lam = K0 - 2.0 / 3.0 * mu0;
      double D[36] = {0}, diff[36];
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) D[6 * a + b] = lam;
        D[7 * a] += 2.0 * mu0;
        D[7 * (a + 3)] = mu0;
      }
      for (int k = 0; k < 36; k++) diff[k] = Ct[k] - D[k];
      const double e = mt_max_abs(36, diff) / mt_max_abs(36, D);
      PF_EXPECT(e < 1e-12 && mt_max_abs(6, S) <= 1e-14 * K0,
                "%s: Ct at F = I vs linear (mu0 %g, K0 %g): rel err %.3g", L->label, mu0, K0, e);
    }
    /* adapters */
    double F[9], S1[6], C1[36], W1, S2[6], C2[36], W2;
    mt_random_F(&seed, 0.2, F);
    for (int part = 0; part < 2; part++) {
      const int r1 = pf_material_eval(&m, (pf_material_part)part, F, a0, S1, C1, &W1);
      const int r2 = pf_material_eval_cb(&m, part, F, a0, S2, C2, &W2);
      PF_EXPECT(r1 == r2 && memcmp(S1, S2, sizeof(S1)) == 0 && memcmp(C1, C2, sizeof(C1)) == 0 &&
                    W1 == W2,
                "%s: eval_cb differs from eval", L->label);
    }
    /* PF_PART_ISOCHORIC + U(J) = PF_PART_FULL for split laws */
    if (m.split) {
      double Sf[6], Wf, Si[6], Wi, U;
      pf_material_eval(&m, PF_PART_FULL, F, a0, Sf, NULL, &Wf);
      pf_material_eval(&m, PF_PART_ISOCHORIC, F, a0, Si, NULL, &Wi);
      pf_material_volumetric(&m, mt_det(F), &U, NULL, NULL);
      PF_EXPECT(fabs(Wf - Wi - U) <= 1e-13 * fabs(Wf), "%s: W_full %.17g != W_iso + U %.17g",
                L->label, Wf, Wi + U);
    }
  }
  /* SVK small-strain moduli */
  pf_material_desc d = mt_entry("le", PF_MAT_LINEAR_ELASTIC);
  d.E = 7300.0, d.nu = 0.3;
  pf_material m;
  mt_create(g_ctx, &d, 1, 0, &m);
  double mu0, K0;
  pf_material_moduli(&m, &mu0, &K0);
  PF_EXPECT_REL(mu0, 7300.0 / 2.6, 1e-14);
  PF_EXPECT_REL(K0, 7300.0 / 1.2, 1e-14);
  const double F[9] = {1.01, 0.02, 0, 0, 1, 0, 0, 0, 1}, a0[3] = {1, 0, 0};
  PF_EXPECT_REL(pf_material_fibre_stretch(&m, F, a0), 1.0, 0.0);
}

int main(void) {
  pf_context_create(&g_ctx);
  pf_context_set_log_level(g_ctx, PF_LOG_ERROR);
  check_errors();
  check_volumetric();
  check_moduli_and_adapters();
  pf_context_destroy(&g_ctx);
  return pf_test_result("test_material_create");
}
