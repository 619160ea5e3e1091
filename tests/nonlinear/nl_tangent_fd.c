/*
 * The assembled finite-strain tangent against central differences of the assembled internal
 * forces, at a state where a body is rotated 60 deg about an oblique axis (issue 3).
 *
 * Models (each loaded from a config, assembled by pf_nl_assemble over the groups of the
 * kinematics: free nodes and 6-dof bodies):
 *  A. tet10, neo-Hookean, mean dilatation (nu 0.49): the top face a kinematic coupling `cap`, the
 *     bottom face a coupling `base`, and a joint between them (translational and rotational
 *     springs on an oblique frame);
 *  B. hex8, fibre-reinforced (neo-Hookean matrix, exponential fibre along an oblique direction),
 *     displacement formulation, the top face a coupling.
 * State: the cap turned 60 deg about (1,1,1)/sqrt(3), the base shifted and turned 5 deg, the
 * free nodes on a smooth twist about the same axis (angle growing with height) plus a random
 * perturbation; nothing is prescribed, so every row is checked.
 *
 * For random directions delta (translations, spins), with the multiplicative update of the
 * bodies: D = (f(x + h delta) - f(x - h delta)) / (2h) against the claimed linearisation
 *   K delta - sum_b m_b x delta_w_b / 2  (in the spin rows of body b, m_b its internal moment:
 *   the rows of f at its spins),
 * the assembled symmetric tangent plus the skew part of the exact linearisation of a body's
 * moment along the multiplicative update (solver/src/constraint/bodies.c; the Newton solver adds
 * it where a body carries an applied moment, analysis/nl_newton.c). Asserted:
 * |D - claimed| / |D| < 1e-6; and |D - K delta| / |D| > 1e-4 (the skew part is there, so the
 * check can fail when it is left out).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_nl_assembly.h"
#include "constraint/pf_rotation.h"
#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static double urand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return ((*s >> 8) & 0xffffff) / (double)0xffffff * 2.0 - 1.0;
}

/* Internal forces at the state base moved by s * delta. */
static int forces_at(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                     const pf_nl_system *sys, pf_kinematics *kin, const uint8_t *presc,
                     const double *base, const double *delta, double s, double *step, double *f_int,
                     double *f_node) {
  pf_kin_state_restore(kin, base);
  for (int64_t q = 0; q < sys->n_dofs; q++) step[q] = s * delta[q];
  pf_kin_update(kin, step);
  pf_nl_eval ev = {-1, 0.0, NULL};
  return pf_nl_assemble(ctx, model, el, sys, kin, presc, 1.0, NULL, NULL, f_int, f_node, NULL, &ev);
}

static void check_model(const char *name, const char *config, double H) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_loaded ld;
  pf_kinematics *kin = NULL;
  pf_nl_elements *el = NULL;
  pf_nl_system *sys = NULL;
  printf("%s:\n", name);
  if (tr_load(ctx, config, 0, NULL, &ld)) {
    PF_EXPECT(0, "%s: config does not load", name);
    pf_context_destroy(&ctx);
    return;
  }
  const pf_model *model = ld.model;
  int rc = pf_kinematics_create(ctx, model, &kin);
  if (!rc) rc = pf_nl_elements_create(ctx, model, &el);
  if (!rc) rc = pf_nl_system_create(ctx, model, kin, el, &sys);
  PF_EXPECT(rc == 0, "%s: setup: %s", name, pf_context_error(ctx));
  if (rc) goto done;
  const int64_t n = sys->n_dofs, nn = ld.mesh->n_nodes;
  const int nb = model->desc->n_bodies;
  double *d = calloc((size_t)n, sizeof(double)), *delta = calloc((size_t)n, sizeof(double));
  double *step = calloc((size_t)n, sizeof(double)), *f0 = calloc((size_t)n, sizeof(double));
  double *fp = calloc((size_t)n, sizeof(double)), *fm = calloc((size_t)n, sizeof(double));
  double *Kd = calloc((size_t)n, sizeof(double)), *fnode = calloc((size_t)(3 * nn), sizeof(double));
  uint8_t *presc = calloc((size_t)n, 1);
  double *base = calloc((size_t)pf_kin_state_size(kin), sizeof(double));

  /* the state: free nodes on a twist about the axis a through (1, 1, z), angle 60 deg z / H */
  const double a[3] = {1.0 / sqrt(3.0), 1.0 / sqrt(3.0), 1.0 / sqrt(3.0)};
  unsigned seed = 12345u;
  for (int64_t g = 0; g < pf_kin_n_groups(kin); g++) {
    const int64_t v = pf_kin_group_node(kin, g), off = pf_kin_group_offset(kin, g);
    if (v < 0) continue;
    const double *X = ld.mesh->x + 3 * v;
    double w[3], R[9], p[3] = {X[0] - 1.0, X[1] - 1.0, 0.0}, Rp[3];
    for (int i = 0; i < 3; i++) w[i] = (M_PI / 3.0) * (X[2] / H) * a[i];
    pf_rot_exp(w, R);
    pf_m3_vec(R, p, Rp);
    for (int i = 0; i < 3; i++) d[off + i] = Rp[i] - p[i] + 0.02 * urand(&seed);
  }
  for (int b = 0; b < nb; b++) {
    const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
    const int top = !strcmp(model->desc->bodies[b].name, "cap");
    const double ang = top ? M_PI / 3.0 : 5.0 * M_PI / 180.0;
    const double ax[3] = {top ? a[0] : 0.6, top ? a[1] : 0.0, top ? a[2] : 0.8};
    for (int i = 0; i < 3; i++) {
      d[off + i] = top ? 0.0 : 0.03 * (i + 1);
      d[off + 3 + i] = ang * ax[i];
    }
  }
  pf_kin_update(kin, d);
  pf_kin_state_save(kin, base);

  /* the tangent and the forces at the state */
  pf_nl_eval ev = {-1, 0.0, NULL};
  rc = pf_nl_assemble(ctx, model, el, sys, kin, presc, 1.0, NULL, NULL, f0, fnode, sys->K, &ev);
  PF_EXPECT(rc == 0, "%s: assembly at the twisted state (bad element %lld)", name,
            (long long)ev.bad_element);
  if (rc) goto free_all;
  for (int b = 0; b < nb; b++) {
    const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
    printf("  body %s: moment (%.4g, %.4g, %.4g)\n", model->desc->bodies[b].name, f0[off + 3],
           f0[off + 4], f0[off + 5]);
  }
  const double h = 1e-6;
  for (int trial = 0; trial < 3; trial++) {
    for (int64_t q = 0; q < n; q++) delta[q] = 0.1 * urand(&seed);
    pf_csr_matvec(ctx, sys->K, delta, Kd);
    /* the skew part of the bodies' moments */
    double *cl = calloc((size_t)n, sizeof(double));
    memcpy(cl, Kd, (size_t)n * sizeof(double));
    for (int b = 0; b < nb; b++) {
      const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b)) + 3;
      double mxw[3];
      pf_v3_cross(f0 + off, delta + off, mxw);
      for (int i = 0; i < 3; i++) cl[off + i] -= 0.5 * mxw[i];
    }
    int bad = forces_at(ctx, model, el, sys, kin, presc, base, delta, h, step, fp, fnode);
    bad |= forces_at(ctx, model, el, sys, kin, presc, base, delta, -h, step, fm, fnode);
    PF_EXPECT(!bad, "%s: a perturbed state is inadmissible", name);
    double nD = 0.0, e_claim = 0.0, e_sym = 0.0;
    for (int64_t q = 0; q < n; q++) {
      const double D = (fp[q] - fm[q]) / (2.0 * h);
      nD += D * D;
      e_claim += (D - cl[q]) * (D - cl[q]);
      e_sym += (D - Kd[q]) * (D - Kd[q]);
    }
    nD = sqrt(nD), e_claim = sqrt(e_claim) / nD, e_sym = sqrt(e_sym) / nD;
    printf("  direction %d: |D| %.4e, |D - claimed| / |D| %.2e, |D - K delta| / |D| %.2e\n", trial,
           nD, e_claim, e_sym);
    PF_EXPECT(e_claim < 1e-6, "%s: tangent vs differences %.2e (>= 1e-6)", name, e_claim);
    PF_EXPECT(e_sym > 1e-4, "%s: the skew part is invisible (%.2e): the check cannot fail", name,
              e_sym);
    free(cl);
  }
free_all:
  free(d), free(delta), free(step), free(f0), free(fp), free(fm), free(Kd), free(fnode);
  free(presc), free(base);
done:
  pf_nl_system_destroy(&sys);
  pf_nl_elements_destroy(&el);
  pf_kinematics_destroy(&kin);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  const int n[3] = {2, 2, 4};
  const double L[3] = {2, 2, 4};
  tm_box_inp(PF_ELEM_TET10, n, L, 0.2, 11, "fd_tet10.inp");
  tm_box_inp(PF_ELEM_HEX8, n, L, 0.2, 13, "fd_hex8.inp");
  /* mu 1, nu 0.49: kappa = 2 mu (1 + nu) / (3 (1 - 2 nu)) */
  tr_write("fd_a.yaml",
           "mesh: {file: fd_tet10.inp}\n"
           "materials: {m: {model: neo_hookean, mu: 1.0, kappa: 49.667}}\n"
           "regions: {block: {material: m, formulation: mean_dilatation}}\n"
           "couplings:\n"
           "  - {name: base, set: zmin}\n"
           "  - {name: cap, set: zmax}\n"
           "joints:\n"
           "  - {name: j, proximal: base, distal: cap, centre: [1, 1, 2], axis: [0.3, 1, 0.2],\n"
           "     translational_stiffness: [2, 3, 5], rotational_stiffness: [7, 11, 13]}\n"
           "analysis: {type: static_nonlinear}\n");
  tr_write("fd_b.yaml",
           "mesh: {file: fd_hex8.inp}\n"
           "materials:\n"
           "  m: {model: fibre, formulation: displacement,\n"
           "      matrix: {model: neo_hookean, mu: 1.0, kappa: 20.0},\n"
           "      fibre: {law: exponential, k: 5.0, alpha: 2.0}}\n"
           "regions: {block: {material: m, direction: [0.2, 0.3, 1.0]}}\n"
           "couplings:\n"
           "  - {name: cap, set: zmax}\n"
           "analysis: {type: static_nonlinear}\n");
  check_model("A: tet10 mean dilatation, two couplings and a joint", "fd_a.yaml", L[2]);
  check_model("B: hex8 fibre-reinforced, a coupling", "fd_b.yaml", L[2]);
  return pf_test_result("nl_tangent_fd");
}
