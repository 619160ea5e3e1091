/*
 * The contact tangent against central differences of the assembled internal forces (issue 4).
 *
 * A tet10 block (distorted mesh) whose bottom surface zmin is pushed 0.05 mm into a rigid plane
 * z = 0.05 that is carried by a reference node (GREF, a node of its own), with friction 0.3. The
 * state is set so that every branch of the law is active: multipliers on some points (random,
 * some zero: new contacts), anchors at random offsets (some points stick, some slide), the plane's
 * reference node moved, the free nodes perturbed randomly. Nothing is prescribed: every row,
 * the reference node's included, is checked.
 *
 * Both `tangent:` modes assemble the same law (slip limit mu t_N); they differ only in the solver.
 * Checked, for both:
 *  - the symmetric tangent plus the unsymmetric part on the full matrix
 *    (pf_nl_contact_unsymmetric, the UMFPACK path) matches the differences to 1e-6, and the
 *    symmetric part alone does not (> 1e-4), so that the check can fail;
 *  - the symmetric tangent plus the unsymmetric part applied face by face
 *    (pf_nl_contact_unsym_apply, the operator of the GMRES correction on CHOLMOD's factor)
 *    matches the differences to 1e-6 and the full matrix to 1e-12;
 *  - with and without new contacts (points with lambda = 0);
 *  - every point touching the plane (gap 0, lambda 0: t_N = 0, the state at the start of a run)
 *    with its anchor away, so that it slides with a zero limit: the operator equals the full
 *    matrix to 1e-12 (its coupling term mu eps e (x) n is not zero there; the differences are not
 *    compared, they straddle the kink t_N = 0).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_nl_assembly.h"
#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static double urand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return ((*s >> 8) & 0xffffff) / (double)0xffffff * 2.0 - 1.0;
}

static int forces_at(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                     const pf_nl_system *sys, pf_kinematics *kin, const uint8_t *presc,
                     const double *base, const double *delta, double h, double *step, double *f,
                     double *fnode) {
  pf_kin_state_restore(kin, base);
  for (int64_t q = 0; q < sys->n_dofs; q++) step[q] = h * delta[q];
  pf_kin_update(kin, step);
  pf_nl_eval ev = {-1, 0.0, NULL};
  return pf_nl_assemble(ctx, model, el, sys, kin, presc, 1.0, NULL, NULL, f, fnode, NULL, &ev);
}

static void check(const char *config, int exact, int all_multipliers, int touching) {
  const int P = PF_CONTACT_NODE_STATE;
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_loaded ld;
  pf_kinematics *kin = NULL;
  pf_nl_elements *el = NULL;
  pf_nl_system *sys = NULL;
  pf_csr *K_full = NULL;
  printf("%s, %s:\n", exact ? "unsymmetric" : "symmetric",
         touching          ? "every point touching the plane (t_N = 0), sliding"
         : all_multipliers ? "every point with a multiplier"
                           : "some new contacts");
  if (tr_load(ctx, config, 0, NULL, &ld)) {
    PF_EXPECT(0, "config does not load: %s", pf_context_error(ctx));
    pf_context_destroy(&ctx);
    return;
  }
  const pf_model *model = ld.model;
  int rc = pf_kinematics_create(ctx, model, &kin);
  if (!rc) rc = pf_nl_elements_create(ctx, model, &el);
  if (!rc) rc = pf_nl_system_create(ctx, model, kin, el, &sys);
  PF_EXPECT(rc == 0 && sys->contact, "setup: %s", pf_context_error(ctx));
  if (rc || !sys->contact) goto done;
  const int64_t n = sys->n_dofs, nn = ld.mesh->n_nodes;
  double *d = calloc((size_t)n, sizeof(double)), *delta = calloc((size_t)n, sizeof(double));
  double *step = calloc((size_t)n, sizeof(double)), *f0 = calloc((size_t)n, sizeof(double));
  double *fp = calloc((size_t)n, sizeof(double)), *fm = calloc((size_t)n, sizeof(double));
  double *Kd = calloc((size_t)n, sizeof(double)), *Kfd = calloc((size_t)n, sizeof(double));
  double *Cd = calloc((size_t)n, sizeof(double));
  double *fnode = calloc((size_t)(3 * nn), sizeof(double));
  uint8_t *presc = calloc((size_t)n, 1);
  double *base = calloc((size_t)pf_kin_state_size(kin), sizeof(double));
  unsigned seed = 4242u;
  /* the state: a random perturbation, the plane's node moved 0.01 up and sideways */
  for (int64_t g = 0; g < pf_kin_n_groups(kin); g++) {
    const int64_t v = pf_kin_group_node(kin, g), off = pf_kin_group_offset(kin, g);
    if (v < 0) continue;
    for (int i = 0; i < 3; i++) d[off + i] = touching ? 0.0 : 0.01 * urand(&seed);
    if (v == pf_contact_reference_node(sys->contact)) {
      d[off] = touching ? 0.0 : 0.02;
      d[off + 2] = touching ? -0.05 : 0.01; /* touching: the plane at z = 0, on zmin */
    }
  }
  pf_kin_update(kin, d);
  /* multipliers and anchors: lambda in [0, 0.2] (zero on a third of the points unless all),
   * anchor offsets up to 0.3 mm (penalty_scale 10: eps about 100 N/mm^3, eps_T a tenth: trial
   * tractions up to 3 MPa against limits mu t_N of about 1.1 MPa (t_N from the 0.05 mm
   * penetration and lambda): both stick and slip) */
  double *st = pf_kin_extra_state(kin);
  int64_t n_pts = 0;
  pf_contact_state_size(ctx, ld.mesh, model->desc, &n_pts);
  n_pts = (n_pts - PF_CONTACT_GLOBAL_STATE) / P;
  int64_t n_zero = 0;
  for (int64_t p = 0; p < n_pts; p++) {
    const double r = urand(&seed);
    st[P * p] = touching || (!all_multipliers && r < -0.33) ? 0.0 : 0.1 + 0.1 * r;
    n_zero += st[P * p] == 0.0;
    for (int i = 0; i < 3; i++) st[P * p + 1 + i] = (i < 2 ? 0.3 : 0.0) * urand(&seed);
  }
  pf_kin_state_save(kin, base);
  pf_nl_eval ev = {-1, 0.0, NULL};
  rc = pf_nl_assemble(ctx, model, el, sys, kin, presc, 1.0, NULL, NULL, f0, fnode, sys->K, &ev);
  PF_EXPECT(rc == 0, "assembly");
  if (!rc) rc = pf_csr_expand_full(ctx, sys->K, &K_full);
  if (!rc) rc = pf_nl_contact_unsymmetric(ctx, sys, kin, presc, K_full);
  PF_EXPECT(rc == 0, "unsymmetric part: %s", pf_context_error(ctx));
  if (rc) goto free_all;
  pf_contact_result res = {0};
  pf_contact_results(ctx, sys->contact, kin, &res);
  printf("  %lld points (%lld without a multiplier), contact force (%.4g, %.4g, %.4g) N\n",
         (long long)n_pts, (long long)n_zero, res.force[0], res.force[1], res.force[2]);
  pf_contact_result_free(&res);
  const double h = 1e-7;
  for (int trial = 0; trial < 3; trial++) {
    for (int64_t q = 0; q < n; q++) delta[q] = 0.1 * urand(&seed);
    pf_csr_matvec(ctx, sys->K, delta, Kd);
    pf_csr_matvec(ctx, K_full, delta, Kfd);
    int bad = forces_at(ctx, model, el, sys, kin, presc, base, delta, h, step, fp, fnode);
    bad |= forces_at(ctx, model, el, sys, kin, presc, base, delta, -h, step, fm, fnode);
    PF_EXPECT(!bad, "a perturbed state is inadmissible");
    pf_kin_state_restore(kin, base); /* the operator at the state of K */
    const int slips = pf_nl_contact_unsym_apply(sys, kin, presc, delta, Cd);
    double nD = 0.0, e_sym = 0.0, e_full = 0.0, e_op = 0.0, e_opfull = 0.0, nK = 0.0;
    for (int64_t q = 0; q < n; q++) {
      const double D = (fp[q] - fm[q]) / (2.0 * h);
      nD += D * D;
      nK += Kfd[q] * Kfd[q];
      e_sym += (D - Kd[q]) * (D - Kd[q]);
      e_full += (D - Kfd[q]) * (D - Kfd[q]);
      e_op += (D - Kd[q] - Cd[q]) * (D - Kd[q] - Cd[q]);
      e_opfull += (Kfd[q] - Kd[q] - Cd[q]) * (Kfd[q] - Kd[q] - Cd[q]);
    }
    nD = sqrt(nD), e_sym = sqrt(e_sym) / nD, e_full = sqrt(e_full) / nD, e_op = sqrt(e_op) / nD;
    e_opfull = sqrt(e_opfull / nK);
    printf(
        "  direction %d: |D| %.4e, %d sliding points; |D - K d| / |D|: symmetric %.2e, full "
        "%.2e, operator %.2e; |(K_sym + C) d - K_full d| / |K_full d| %.2e\n",
        trial, nD, slips, e_sym, e_full, e_op, e_opfull);
    PF_EXPECT(slips > 0, "no sliding point: the unsymmetric part is not exercised");
    PF_EXPECT(e_opfull < 1e-12, "operator vs the full matrix %.2e (>= 1e-12)", e_opfull);
    if (touching) continue; /* on the kink t_N = 0: differences straddle it */
    PF_EXPECT(e_full < 1e-6, "full tangent vs differences %.2e (>= 1e-6)", e_full);
    PF_EXPECT(e_op < 1e-6, "symmetric tangent + operator vs differences %.2e (>= 1e-6)", e_op);
    PF_EXPECT(e_sym > 1e-4, "the unsymmetric part is invisible (%.2e): cannot fail", e_sym);
  }
free_all:
  free(d), free(delta), free(step), free(f0), free(fp), free(fm), free(Kd), free(Kfd), free(Cd);
  free(fnode), free(presc), free(base);
done:
  pf_csr_destroy(&K_full);
  pf_nl_system_destroy(&sys);
  pf_nl_elements_destroy(&el);
  pf_kinematics_destroy(&kin);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  const int n[3] = {3, 3, 2};
  const double L[3] = {2, 2, 1};
  if (tm_box_inp(PF_ELEM_TET10, n, L, 0.15, 7, "cfd.inp")) return 1;
  FILE *f = fopen("cfd.inp", "a"); /* the plane's reference node: a node of its own */
  if (!f) return 1;
  fprintf(f, "*NODE\n99999, 1.0, 1.0, -1.0\n*NSET, NSET=GREF\n99999\n");
  fclose(f);
  for (int exact = 0; exact < 2; exact++) {
    char path[64];
    snprintf(path, sizeof(path), "cfd_%d.yaml", exact);
    tr_write(path,
             "mesh: {file: cfd.inp}\n"
             "materials: {m: {model: neo_hookean, mu: 1.0, kappa: 10.0}}\n"
             "regions: {block: m}\n"
             "contact:\n"
             "  ground: {type: rigid_plane, surface: zmin, point: [0, 0, 0.05],\n"
             "           friction: 0.3, reference: GREF, penalty_scale: 10, tangent: %s}\n"
             "analysis: {type: static_nonlinear}\n",
             exact ? "unsymmetric" : "symmetric");
    check(path, exact, 1, 0);
    check(path, exact, 0, 0);
    check(path, exact, 0, 1);
  }
  return pf_test_result("contact_fd");
}
