/*
 * Joints: the block of a joint is the gradient and Hessian of pf_kin_joint_energy with respect
 * to the group dofs (t, spin) of its two bodies, in the chart R = exp(skew(w)) R0 of the
 * multiplicative update; state save/restore.
 *
 * Model: two tet4 elements, each a rigid region (bodies prox and dist), one joint with a random
 * centre and frame, springs along/about all three axes, at a general state (both bodies
 * translated and rotated, relative rotation ~1 rad about an oblique axis).
 * Checks, for a right-handed and a mirrored (det -1) frame, undriven and driven (target angle,
 * penalty 40 N mm/rad, multiplier from one pf_kin_augment):
 * - gradient: central differences of the energy along each dof (h = 1e-6) vs block f,
 *   max error / max |f| < 1e-6;
 * - Hessian: second differences E(+i+j) - E(+i-j) - E(-i+j) + E(-i-j) over 4 h^2 (h = 1e-4)
 *   vs block K, max error / max |K| < 1e-6; K symmetric to 1e-12 relative;
 * - angle[0] of pf_kin_joint_state for a pure rotation about axis 1 equals that angle (1e-12);
 * - save, perturb and augment, restore: the saved state, displacements and energy come back
 *   bit-identical.
 */
#include "kin_test_util.h"

static void apply(pf_kinematics *kin, const double *state, const double *d) {
  pf_kin_state_restore(kin, state);
  pf_kin_update(kin, d);
}

static void check_joint(pf_context *ctx, int mirrored, int driven) {
  pf_mesh *m = kt_two_tets(ctx);
  if (!m) {
    PF_EXPECT(0, "mesh");
    return;
  }
  kt_setup s;
  kt_init(&s, m);
  const int p = kt_rigid(&s, "prox"), dd = kt_rigid(&s, "dist");
  unsigned long long st = 31 + 2 * (unsigned long long)mirrored + (unsigned long long)driven;
  double axes[9];
  kt_rand_frame(&st, axes);
  if (mirrored)
    for (int i = 0; i < 3; i++) axes[6 + i] = -axes[6 + i];
  const double centre[3] = {2.4, 0.6, 0.3}, ktr[3] = {30.0, 50.0, 70.0}, kr[3] = {20.0, 35.0, 45.0};
  kt_joint(&s, "ankle", p, dd, centre, axes, ktr, kr);
  pf_kinematics *kin = NULL;
  int rc = pf_kinematics_create(ctx, &s.model, &kin);
  PF_EXPECT(rc == PF_OK, "pf_kinematics_create: %s", pf_context_error(ctx));
  if (rc) {
    pf_mesh_destroy(&m);
    return;
  }
  const int64_t n = pf_kin_n_group_dofs(kin);
  PF_EXPECT(n == 12 && pf_kin_n_blocks(kin) == 3, "two bodies, one joint");

  /* a pure rotation about axis 1 through the centre reads as angle[0] */
  {
    double d[12] = {0}, w[3], Rw[9], a1[3] = {axes[0], axes[1], axes[2]}, ang[3], sh[3];
    for (int i = 0; i < 3; i++) w[i] = 0.7 * a1[i];
    /* distal body about the centre: t = (Rw - I)(X_d - c) */
    double Xd[3], rc_[3], t[3];
    pf_kin_body_state(kin, dd, Xd, NULL, NULL, NULL);
    kt_rot(w, Rw);
    for (int i = 0; i < 3; i++) rc_[i] = Xd[i] - centre[i];
    for (int i = 0; i < 3; i++)
      t[i] = Rw[3 * i] * rc_[0] + Rw[3 * i + 1] * rc_[1] + Rw[3 * i + 2] * rc_[2] - rc_[i];
    kt_body_to(kin, dd, t, w, d);
    pf_kin_update(kin, d);
    pf_kin_joint_state(kin, 0, ang, sh, NULL, NULL);
    const double want = mirrored ? -0.7 : 0.7; /* a mirrored frame reads mirrored senses */
    PF_EXPECT_NEAR(ang[0], want, 1e-12);
    PF_EXPECT(fabs(ang[1]) < 1e-12 && fabs(ang[2]) < 1e-12, "off-axis angles %.3g %.3g", ang[1],
              ang[2]);
    PF_EXPECT(kt_maxabs(3, sh) < 1e-12, "a rotation about the centre has no shift (%.3g)",
              kt_maxabs(3, sh));
  }
  /* a general state */
  double d[12];
  for (int k = 0; k < 12; k++) d[k] = 0.6 * kt_rand(&st);
  pf_kin_update(kin, d);
  if (driven) {
    pf_kin_joint_set_target(kin, 0, 1, 0.3);
    pf_kin_joint_set_penalty(kin, 0, 40.0);
    PF_EXPECT(pf_kin_augment(kin, 1e-9) == 0, "off target: not done");
  }
  double ang[3], sh[3];
  pf_kin_joint_state(kin, 0, ang, sh, NULL, NULL);
  const int64_t ss = pf_kin_state_size(kin);
  double *state = malloc((size_t)ss * sizeof(double));
  pf_kin_state_save(kin, state);
  pf_kin_block blk;
  PF_EXPECT(pf_kin_get_block(kin, 2, NULL, &blk) == PF_OK, "joint block");
  PF_EXPECT(pf_kin_get_block(kin, 3, NULL, &blk) == PF_ERR_INTERNAL, "block out of range");
  PF_EXPECT(pf_kin_get_block(kin, 2, NULL, &blk) == PF_OK, "joint block");
  PF_EXPECT(blk.n == 12 && blk.n_groups == 2, "joint block layout");
  int64_t pos[12];
  for (int g = 0, k = 0; g < 2; g++)
    for (int c = 0; c < 6; c++) pos[k++] = pf_kin_group_offset(kin, blk.groups[g]) + c;

  const double E0 = pf_kin_joint_energy(kin, 0);
  double gerr = 0.0, herr = 0.0, asym = 0.0;
  const double fs = kt_maxabs(12, blk.f), Ks = kt_maxabs(144, blk.K);
  const double hg = 1e-6, hh = 1e-4;
  for (int i = 0; i < 12; i++) {
    double e[12] = {0}, Ep, Em;
    e[pos[i]] = hg;
    apply(kin, state, e);
    Ep = pf_kin_joint_energy(kin, 0);
    e[pos[i]] = -hg;
    apply(kin, state, e);
    Em = pf_kin_joint_energy(kin, 0);
    gerr = fmax(gerr, fabs((Ep - Em) / (2 * hg) - blk.f[i]) / fs);
    for (int j = 0; j < 12; j++) {
      double v[4];
      for (int c = 0; c < 4; c++) {
        double x[12] = {0};
        x[pos[i]] += (c & 1) ? -hh : hh;
        x[pos[j]] += (c & 2) ? -hh : hh;
        apply(kin, state, x);
        v[c] = pf_kin_joint_energy(kin, 0);
      }
      const double fd = (v[0] - v[1] - v[2] + v[3]) / (4 * hh * hh);
      herr = fmax(herr, fabs(fd - blk.K[12 * i + j]) / Ks);
      asym = fmax(asym, fabs(blk.K[12 * i + j] - blk.K[12 * j + i]) / Ks);
    }
  }
  pf_kin_state_restore(kin, state);
  printf(
      "joint (%s frame, %s): angles %.3f %.3f %.3f rad, shift %.3f %.3f %.3f mm, energy %.4g; "
      "gradient error %.3g, Hessian error %.3g, asymmetry %.3g\n",
      mirrored ? "mirrored" : "right-handed", driven ? "driven" : "springs", ang[0], ang[1], ang[2],
      sh[0], sh[1], sh[2], E0, gerr, herr, asym);
  PF_EXPECT(gerr < 1e-6, "joint gradient vs differences of the energy: %.3g", gerr);
  PF_EXPECT(herr < 1e-6, "joint Hessian vs second differences of the energy: %.3g", herr);
  PF_EXPECT(asym < 1e-12, "joint Hessian asymmetric: %.3g", asym);

  /* save / perturb / restore */
  double *u0 = malloc((size_t)(3 * m->n_nodes) * sizeof(double));
  double *state2 = malloc((size_t)ss * sizeof(double));
  memcpy(u0, pf_kin_displacement(kin), (size_t)(3 * m->n_nodes) * sizeof(double));
  for (int k = 0; k < 12; k++) d[k] = 0.3 * kt_rand(&st);
  pf_kin_update(kin, d);
  if (driven) {
    pf_kin_augment(kin, 1e-9);
    pf_kin_augment(kin, 1e-9);
  }
  pf_kin_state_save(kin, state2);
  PF_EXPECT(memcmp(state, state2, (size_t)ss * sizeof(double)) != 0, "the state changed");
  pf_kin_state_restore(kin, state);
  pf_kin_state_save(kin, state2);
  PF_EXPECT(memcmp(state, state2, (size_t)ss * sizeof(double)) == 0, "state round trip");
  PF_EXPECT(memcmp(u0, pf_kin_displacement(kin), (size_t)(3 * m->n_nodes) * sizeof(double)) == 0,
            "displacements round trip");
  const double E1 = pf_kin_joint_energy(kin, 0);
  PF_EXPECT(memcmp(&E0, &E1, sizeof(double)) == 0, "energy round trip %.17g %.17g", E0, E1);
  free(u0);
  free(state2);
  free(state);
  pf_kinematics_destroy(&kin);
  pf_mesh_destroy(&m);
}

int main(void) {
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) return 1;
  for (int mirrored = 0; mirrored < 2; mirrored++)
    for (int driven = 0; driven < 2; driven++) check_joint(ctx, mirrored, driven);
  pf_context_destroy(&ctx);
  return pf_test_result("test_kin_joint");
}
