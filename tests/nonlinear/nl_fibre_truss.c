/*
 * Tension-only members at finite strain (issue 3).
 *
 * Fibre-reinforced block: a unit hex8 cube (2 x 2 x 2 cells) of neo-Hookean matrix with a linear
 * fibre along x (fibre E = 50), on rollers (x = 0, y = 0, z = 0 held in their normal direction),
 * the face x = 1 or y = 1 moved in its normal direction, so that the state is homogeneous
 * uniaxial stress. Asserted against the law at the homogeneous F (lateral stretch from zero
 * lateral stress at the material point), to 1e-6 of the force:
 * - stretched 20% along the fibres: reaction = P_xx of matrix + fibre;
 * - stretched 20% across the fibres, and compressed 20% along them: the fibre is not stretched
 *   and carries nothing, the reaction equals that of the matrix alone (a second model);
 * - fibre prestrain p = 0.05 on a fully held cube: at zero displacement the reaction on x = 1 is
 *   the stated fibre stress (1 + p) E p (Cauchy = PK2 at F = I) times the face area.
 *
 * Slack truss: A (0,0,0) held, B (10,0,0) and C (20,0,0) on the x axis held laterally; A-B a
 * tension-only truss, B-C a linear one (E A = 100 N each). C pushed 5 mm toward A: A-B goes
 * slack, so the solve must stay well posed (only A-B's residual stiffness holds B) and A-B
 * carries at most the regularisation force k E A |eps| (k = 1e-6); C pulled 2 mm: both carry
 * N = E A (0.1 - (1 - k) w / 4) to 1e-9 (w = 1e-4 the ramp width: beyond it the tension-only
 * law is E A (eps - (1 - k) w / 2), fem/pf_fem.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "material/pf_material.h"
#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const char *matrix = "{model: neo_hookean, mu: 0.5, kappa: 5.0}";

/* P_11 or P_22 (dir) of uniaxial stress along dir at stretch lambda for material index k. */
static double uniaxial_P(pf_context *ctx, const pf_loaded *ld, int k, int dir, double lambda,
                         const double a0[3]) {
  pf_material m;
  if (pf_material_create(ctx, ld->desc, k, &m)) return NAN;
  const int o1 = (dir + 1) % 3, o2 = (dir + 2) % 3;
  /* lateral stretches: both zero-stress conditions by Newton on (l1, l2) with FD Jacobian */
  double l[2] = {1.0, 1.0};
  for (int it = 0; it < 60; it++) {
    double S[6], F[9] = {0};
    double g[2] = {0, 0}, Jm[2][2];
    for (int p = -1; p < 2; p++) {
      double lp[2] = {l[0], l[1]};
      if (p >= 0) lp[p] += 1e-7;
      memset(F, 0, sizeof(F));
      F[4 * dir] = lambda, F[4 * o1] = lp[0], F[4 * o2] = lp[1];
      pf_material_eval(&m, PF_PART_FULL, F, a0, S, NULL, NULL);
      if (p < 0)
        g[0] = S[o1], g[1] = S[o2];
      else
        Jm[0][p] = (S[o1] - g[0]) / 1e-7, Jm[1][p] = (S[o2] - g[1]) / 1e-7;
    }
    const double det = Jm[0][0] * Jm[1][1] - Jm[0][1] * Jm[1][0];
    l[0] -= (Jm[1][1] * g[0] - Jm[0][1] * g[1]) / det;
    l[1] -= (-Jm[1][0] * g[0] + Jm[0][0] * g[1]) / det;
  }
  double S[6], F[9] = {0};
  F[4 * dir] = lambda, F[4 * o1] = l[0], F[4 * o2] = l[1];
  pf_material_eval(&m, PF_PART_FULL, F, a0, S, NULL, NULL);
  return lambda * S[dir]; /* P = F S, diagonal */
}

static void fibre_case(const char *name, int dir, double lambda) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const char *face = dir == 0 ? "xmax" : "ymax";
  char cfg[64];
  snprintf(cfg, sizeof(cfg), "fibre_%s.yaml", name);
  tr_write(cfg,
           "mesh: {file: cube.inp}\n"
           "materials:\n"
           "  tissue: {model: fibre, matrix: %s, fibre: {law: linear, E: 50}}\n"
           "  plain: %s\n"
           "regions: {block: {material: tissue, direction: [1, 0, 0]}}\n"
           "boundary:\n"
           "  - {type: fixed, set: xmin, dofs: [x]}\n"
           "  - {type: fixed, set: ymin, dofs: [y]}\n"
           "  - {type: fixed, set: zmin, dofs: [z]}\n"
           "  - {name: pull, type: displacement, set: %s, dofs: [%s], value: [%.17g]}\n"
           "analysis: {type: static_nonlinear, increments: 4}\n",
           matrix, matrix, face, dir == 0 ? "x" : "y", lambda - 1.0);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, cfg, 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "fibre %s: solve failed", name);
    pf_context_destroy(&ctx);
    return;
  }
  const double R = tr_reaction_sum(&ld, sol, face, dir);
  const double a0[3] = {1, 0, 0};
  const double P_full = uniaxial_P(ctx, &ld, 0, dir, lambda, a0);
  const double P_matrix = uniaxial_P(ctx, &ld, 1, dir, lambda, NULL);
  const int fibre_taut = dir == 0 && lambda > 1.0;
  const double expect = fibre_taut ? P_full : P_matrix;
  printf("fibre block, %-22s: reaction %.10f, expected %.10f (matrix alone %.10f), rel %.1e\n",
         name, R, expect, P_matrix, fabs(R - expect) / fabs(expect));
  PF_EXPECT(fabs(R - expect) <= 1e-6 * fabs(expect), "fibre %s: reaction %.10g vs %.10g", name, R,
            expect);
  if (fibre_taut)
    PF_EXPECT(fabs(P_full - P_matrix) > 0.1 * fabs(P_matrix), "the fibre should carry load");
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

static void prestrain_case(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const double E = 50.0, p = 0.05;
  tr_write("fibre_prestrain.yaml",
           "mesh: {file: cube.inp}\n"
           "materials:\n"
           "  tissue: {model: fibre, matrix: %s, fibre: {law: linear, E: %g, prestrain: %g}}\n"
           "regions: {block: {material: tissue, direction: [1, 0, 0]}}\n"
           "boundary:\n"
           "  - {type: fixed, set: xmin}\n"
           "  - {type: fixed, set: xmax}\n"
           "  - {type: fixed, set: ymin}\n"
           "  - {type: fixed, set: ymax}\n"
           "  - {type: fixed, set: zmin}\n"
           "  - {type: fixed, set: zmax}\n"
           "analysis: {type: static_nonlinear, increments: 1}\n",
           matrix, E, p);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, "fibre_prestrain.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "prestrain: solve failed");
    pf_context_destroy(&ctx);
    return;
  }
  /* the nodes of x = 1 not shared with the other held faces carry the whole face's share of the
   * x force; summing over the whole face set counts it once */
  const double R = tr_reaction_sum(&ld, sol, "xmax", 0);
  const double expect = (1.0 + p) * E * p;
  printf("fibre prestrain %.2f: reaction on x = 1 %.10f, stated stress x area %.10f\n", p, R,
         expect);
  PF_EXPECT(fabs(R - expect) <= 1e-8 * expect, "prestrain: %.10g vs %.10g", R, expect);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

static void truss_case(double uC, double *NAB, double *NBC) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  tr_write("truss.inp",
           "*NODE\n1, 0, 0, 0\n2, 10, 0, 0\n3, 20, 0, 0\n"
           "*ELEMENT, TYPE=T3D2, ELSET=AB\n1, 1, 2\n"
           "*ELEMENT, TYPE=T3D2, ELSET=BC\n2, 2, 3\n"
           "*NSET, NSET=A\n1\n*NSET, NSET=B\n2\n*NSET, NSET=C\n3\n");
  tr_write("truss.yaml",
           "mesh: {file: truss.inp}\n"
           "materials:\n"
           "  slack: {model: truss, E: 100, area: 1, tension_only: true}\n"
           "  bar: {model: truss, E: 100, area: 1}\n"
           "regions: {AB: slack, BC: bar}\n"
           "boundary:\n"
           "  - {type: fixed, set: A}\n"
           "  - {type: fixed, set: B, dofs: [y, z]}\n"
           "  - {type: displacement, set: C, value: [%.17g, 0, 0]}\n"
           "analysis: {type: static_nonlinear, increments: 2}\n",
           uC);
  pf_loaded ld;
  pf_solution *sol;
  *NAB = *NBC = NAN;
  if (tr_solve_nl(ctx, "truss.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "truss u_C = %g: solve failed", uC);
    pf_context_destroy(&ctx);
    return;
  }
  const double *N = sol->elem.axial_force[PF_ELEM_TRUSS2];
  *NAB = N[0];
  *NBC = N[1];
  printf("trusses, u_C = %+g: N_AB %.3e, N_BC %.3e, u_B %.6f\n", uC, *NAB, *NBC, sol->u[3]);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  const int n[3] = {2, 2, 2};
  const double Lb[3] = {1, 1, 1};
  tm_box_inp(PF_ELEM_HEX8, n, Lb, 0.0, 0, "cube.inp");

  fibre_case("along_stretched", 0, 1.2);
  fibre_case("across_stretched", 1, 1.2);
  fibre_case("along_compressed", 0, 0.8);
  prestrain_case();

  double nab, nbc;
  truss_case(-5.0, &nab, &nbc);
  const double eps_ab = -0.5; /* B follows C: A-B shortened by 5 mm of 10 */
  PF_EXPECT(isfinite(nab) && fabs(nab) <= 1e-6 * 100.0 * fabs(eps_ab) * (1 + 1e-9),
            "slack truss carries %.3e, more than the regularisation force", nab);
  PF_EXPECT(isfinite(nbc) && fabs(nbc - nab) <= 1e-9, "equilibrium at B: %.3e vs %.3e", nab, nbc);
  truss_case(2.0, &nab, &nbc);
  /* eps_AB + eps_BC = 0.2 and E A eps_BC = E A (eps_AB - (1 - k) w / 2) */
  const double expect = 100.0 * (0.1 - (1 - 1e-6) * 1e-4 / 4);
  PF_EXPECT(fabs(nab - nbc) <= 1e-9 * expect, "taut trusses: %.12g vs %.12g", nab, nbc);
  PF_EXPECT(fabs(nbc - expect) <= 1e-9 * expect, "taut trusses: N %.12g, expected %.12g", nbc,
            expect);
  return pf_test_result("nl_fibre_truss");
}
