/*
 * Joints: connectors between two bodies (proximal p, distal d) with a centre c0 and a frame A0
 * (columns a_1 a_2 a_3, the axes, given in the reference configuration) fixed in the proximal
 * body. Energy based, so that the tangent is the Hessian of a potential (symmetric).
 *
 * Joint coordinates (the convention of this module):
 * - angles: theta = log(R_rel), R_rel = (R_p A0)^T (R_d A0), the rotation vector of the distal
 *   frame relative to the proximal one, in components along the proximal frame's axes (radians;
 *   zero in the reference configuration). theta_1 is the angle about axis 1 (the hinge axis, the
 *   driven one). For a mirrored (left-handed) frame, det A0 = -1, theta = -A0^T log(R_p^T R_d):
 *   angles follow the mirrored sense, so a left foot reads like a right one.
 *   The rotation vector is a joint coordinate system in the sense of the ISB recommendation only
 *   for rotations about one axis; for combined rotations its components are not Grood-Suntay
 *   (Cardan) angles (Grood & Suntay, J Biomech Eng 105 (1983) 136; Wu et al., J Biomech 35
 *   (2002) 543). For |theta| up to ~60 deg they differ by second-order terms.
 * - shift: s = (R_p A0)^T (c_d - c_p), c_p = x_p + R_p (c0 - X_p), c_d = x_d + R_d (c0 - X_d):
 *   the separation of the centre carried by each body, along the proximal axes (mm).
 * Energy: V = 1/2 sum k_r,i theta_i^2 + 1/2 sum k_t,i s_i^2, plus for a driven joint
 * lambda g + eps/2 g^2 with g = theta_1 - target (augmented Lagrangian: Bertsekas, Constrained
 * Optimization and Lagrange Multiplier Methods (1982), ch. 2; Wriggers, Computational Contact
 * Mechanics, 2nd ed. (2006), sec. 6.3.3 for the multiplier update lambda <- lambda + eps g).
 *
 * Forces and tangent are the gradient and Hessian of V with respect to the increments
 * (u_p, w_p, u_d, w_d) with R <- exp(skew(w)) R, at w = 0:
 * - rotation: R_rel(w) = exp(skew(delta)) R_rel with delta = sgn E^T Delta, E = R_p A0,
 *   exp(skew(Delta)) = exp(-skew(w_p)) exp(skew(w_d)), Delta = w_d - w_p - w_p x w_d / 2 + O(3)
 *   (Baker-Campbell-Hausdorff); theta(delta) = log(exp(skew(delta)) exp(skew(theta))) has
 *   d theta / d delta = J_l^-1(theta) (pf_rotation.h) and second derivative from
 *   pf_rot_log_hessian. With g_theta = dV/dtheta, H_theta = d2V/dtheta2, M = J_l^-1(theta):
 *     m = sgn E M^T g_theta (the moment conjugate to w_d; -m on w_p),
 *     H_delta = M^T H_theta M + sym(S(g_theta)),  P = E H_delta E^T,
 *     K_pp = K_dd = P,  K_pd = -P + skew(m)/2,  K_dp = -P - skew(m)/2.
 * - translation: z(w) = exp(-skew(w_p)) (c_d - c_p)(w), s = E^T z, V_t = 1/2 z^T K_g z with
 *   K_g = E diag(k_t) E^T constant; F = K_g z; J = dz/d(u_p, w_p, u_d, w_d) =
 *   [-I, skew(a_p), I, -skew(rho_d)], a_p = c_d - x_p, rho_d = c_d - x_d; Hessian J^T K_g J plus
 *   F . d2z from the second-order terms of z (written out in joint_eval).
 * The consistent linearisation along the multiplicative update differs from this Hessian by
 * -skew(f_w)/2 in each body's spin block (f_w the spin force of the block); summed over every
 * contribution to a body it vanishes at equilibrium under conservative loads (Simo & Vu-Quoc,
 * CMAME 58 (1986) 79, sec. 5). The Hessian is exact and symmetric; no symmetrisation is applied
 * beyond sym(S), which is symmetric in exact arithmetic (round-off only).
 */
#include <math.h>
#include <string.h>

#include "constraint/kin_internal.h"
#include "constraint/pf_rotation.h"

/* Default penalty of a driven joint: 1e3 x its stiffest rotational spring, at least 1e6 N mm/rad
 * (about 1e2-1e3 x the rotational stiffness of the soft tissue around a foot joint); raised x10
 * by pf_kin_augment when an augmentation reduces the violation by less than 4. */
#define PF_KIN_EPS_FLOOR 1e6
#define PF_KIN_EPS_MAX   1e10 /* no automatic rise beyond this (N mm / rad) */

static int find_body(const pf_model_desc *d, int index, const char *name) {
  if (index >= 0 && index < d->n_bodies) return index;
  for (int b = 0; name && b < d->n_bodies; b++)
    if (d->bodies[b].name && strcmp(d->bodies[b].name, name) == 0) return b;
  return -1;
}

int pf_kin_joints_build(pf_context *ctx, pf_kinematics *k) {
  const pf_model_desc *d = k->desc;
  k->n_joints = d->n_joints;
  PF_CALL(PF_CALLOC(ctx, d->n_joints, &k->joints));
  for (int j = 0; j < d->n_joints; j++) {
    const pf_joint_desc *jd = &d->joints[j];
    pf_kin_joint *J = &k->joints[j];
    J->p = find_body(d, jd->proximal_body, jd->proximal);
    J->d = find_body(d, jd->distal_body, jd->distal);
    if (J->p < 0 || J->d < 0)
      return pf_error_at(
          ctx, &jd->loc,
          "joint '%s': unknown %s body '%s' (expected a body: a "
          "rigid region or a coupling)",
          jd->name, J->p < 0 ? "proximal" : "distal",
          J->p < 0 ? (jd->proximal ? jd->proximal : "") : (jd->distal ? jd->distal : ""));
    if (J->p == J->d)
      return pf_error_at(ctx, &jd->loc,
                         "joint '%s': proximal and distal are the same body '%s' "
                         "(expected two different bodies)",
                         jd->name, d->bodies[J->p].name);
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) {
        const double dot = pf_v3_dot(jd->axes + 3 * a, jd->axes + 3 * b);
        if (!(fabs(dot - (a == b)) <= 1e-6))
          return pf_error_at(ctx, &jd->loc,
                             "joint '%s': axes %d and %d have dot product %.6g "
                             "(expected an orthonormal frame)",
                             jd->name, a + 1, b + 1, dot);
      }
    for (int i = 0; i < 3; i++)
      for (int c = 0; c < 3; c++) J->A0[3 * i + c] = jd->axes[3 * c + i];
    J->sgn = pf_m3_det(J->A0) > 0.0 ? 1.0 : -1.0;
    double kmax = 0.0;
    for (int i = 0; i < 3; i++) {
      if (!(jd->k_translation[i] >= 0.0 && jd->k_rotation[i] >= 0.0 &&
            isfinite(jd->k_translation[i]) && isfinite(jd->k_rotation[i])))
        return pf_error_at(ctx, &jd->loc,
                           "joint '%s': stiffness %d is negative or not finite "
                           "(expected >= 0)",
                           jd->name, i + 1);
      J->kt[i] = jd->k_translation[i];
      J->kr[i] = jd->k_rotation[i];
      if (J->kr[i] > kmax) kmax = J->kr[i];
    }
    const double *Xd = k->body_X + 3 * J->d, *Xp = k->body_X + 3 * J->p;
    for (int i = 0; i < 3; i++) {
      J->c0[i] = jd->has_centre ? jd->centre[i] : Xd[i];
      J->r_p[i] = J->c0[i] - Xp[i];
      J->r_d[i] = J->c0[i] - Xd[i];
    }
    J->eps = 1e3 * kmax > PF_KIN_EPS_FLOOR ? 1e3 * kmax : PF_KIN_EPS_FLOOR;
    J->g_prev = -1.0;
  }
  return PF_OK;
}

/* What one evaluation gives besides the block. */
typedef struct {
  double theta[3], s[3];
  double m[3]; /* rotational moment conjugate to w_d (about the distal centre) */
  double F[3]; /* spring force conjugate to u_d */
  double energy;
} joint_out;

static inline void add3(double *K, int r0, int c0, const double M[9], double a) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) K[12 * (r0 + i) + c0 + j] += a * M[3 * i + j];
}

/* M = sym(F (x) a) - (F . a) I */
static inline void geo(const double F[3], const double a[3], double M[9]) {
  const double fa = pf_v3_dot(F, a);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) M[3 * i + j] = 0.5 * (F[i] * a[j] + a[i] * F[j]) - (i == j) * fa;
}

/* Energy, gradient f [12] and Hessian K [144] (either may be NULL) of joint J; blocks in the
 * order u_p (0), w_p (3), u_d (6), w_d (9). */
static void joint_eval(const pf_kinematics *k, const pf_kin_joint *J, double *f, double *K,
                       joint_out *o) {
  enum { UP = 0, WP = 3, UD = 6, WD = 9 };
  const double *Rp = k->body_R + 9 * J->p, *Rd = k->body_R + 9 * J->d;
  double E[9], Fd[9], Rrel[9];
  pf_m3_mul(Rp, J->A0, E);
  pf_m3_mul(Rd, J->A0, Fd);
  pf_m3_mul_tn(E, Fd, Rrel);
  memset(o, 0, sizeof(*o));
  if (f) memset(f, 0, 12 * sizeof(double));
  if (K) memset(K, 0, 144 * sizeof(double));

  /* rotation: V_r(theta), gradient g_theta, Hessian H_theta (diagonal + drive) */
  double *th = o->theta, gth[3], Hth[9] = {0};
  pf_rot_log(Rrel, th);
  for (int i = 0; i < 3; i++) {
    o->energy += 0.5 * J->kr[i] * th[i] * th[i];
    gth[i] = J->kr[i] * th[i];
    Hth[4 * i] = J->kr[i];
  }
  if (J->driven) {
    const double g = th[0] - J->target;
    o->energy += J->lambda * g + 0.5 * J->eps * g * g;
    gth[0] += J->lambda + J->eps * g;
    Hth[0] += J->eps;
  }
  double M[9], h[3], Eh[9];
  pf_rot_jl_inv(th, M);
  pf_m3_tvec(M, gth, h);
  for (int q = 0; q < 9; q++) Eh[q] = J->sgn * E[q];
  pf_m3_vec(Eh, h, o->m);

  /* translation */
  const double *tp = k->body_t + 3 * J->p, *td = k->body_t + 3 * J->d;
  double xp[3], xd[3], rho_p[3], rho_d[3], dc[3], a_p[3], ks[3], cd[3];
  pf_m3_vec(Rp, J->r_p, rho_p);
  pf_m3_vec(Rd, J->r_d, rho_d);
  for (int i = 0; i < 3; i++) {
    xp[i] = k->body_X[3 * J->p + i] + tp[i];
    xd[i] = k->body_X[3 * J->d + i] + td[i];
    cd[i] = xd[i] + rho_d[i];
    dc[i] = cd[i] - (xp[i] + rho_p[i]);
    a_p[i] = cd[i] - xp[i];
  }
  pf_m3_tvec(E, dc, o->s);
  for (int i = 0; i < 3; i++) {
    ks[i] = J->kt[i] * o->s[i];
    o->energy += 0.5 * ks[i] * o->s[i];
  }
  pf_m3_vec(E, ks, o->F);
  const double *F = o->F, *m = o->m;

  if (f) {
    double mp[3], md[3];
    pf_v3_cross(a_p, F, mp);
    pf_v3_cross(rho_d, F, md);
    for (int i = 0; i < 3; i++) {
      f[UP + i] = -F[i];
      f[UD + i] = F[i];
      f[WP + i] = -mp[i] - m[i];
      f[WD + i] = md[i] + m[i];
    }
  }
  if (!K) return;

  /* rotation block: P = E_hat H_delta E_hat^T, H_delta = M^T H_theta M + sym(S) */
  double S[9], T1[9], Hd[9], T2[9], P[9], Sm[9];
  pf_rot_log_hessian(th, gth, S);
  pf_m3_mul(Hth, M, T1);
  pf_m3_mul_tn(M, T1, Hd);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) Hd[3 * i + j] += 0.5 * (S[3 * i + j] + S[3 * j + i]);
  pf_m3_mul(Eh, Hd, T2);
  pf_m3_mul_nt(T2, Eh, P);
  pf_rot_skew(m, Sm);
  add3(K, WP, WP, P, 1.0);
  add3(K, WD, WD, P, 1.0);
  add3(K, WP, WD, P, -1.0);
  add3(K, WD, WP, P, -1.0);
  add3(K, WP, WD, Sm, 0.5);
  add3(K, WD, WP, Sm, -0.5);

  /* translation: J^T K_g J with J = [-I, skew(a_p), I, -skew(rho_d)] */
  double Kg[9], T3[9], D[9] = {0};
  for (int i = 0; i < 3; i++) D[4 * i] = J->kt[i];
  pf_m3_mul(E, D, T3);
  pf_m3_mul_nt(T3, E, Kg);
  double Jb[4][9], I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  for (int q = 0; q < 9; q++) Jb[0][q] = -I3[q];
  pf_rot_skew(a_p, Jb[1]);
  memcpy(Jb[2], I3, sizeof(I3));
  pf_rot_skew(rho_d, Jb[3]);
  for (int q = 0; q < 9; q++) Jb[3][q] = -Jb[3][q];
  for (int A = 0; A < 4; A++) {
    double KJ[9];
    pf_m3_mul(Kg, Jb[A], KJ);
    for (int B = 0; B < 4; B++) {
      double JKJ[9];
      pf_m3_mul_tn(Jb[B], KJ, JKJ); /* J_B^T K_g J_A: block (B, A) */
      add3(K, 3 * B, 3 * A, JKJ, 1.0);
    }
  }
  /* F . d2z: z's second-order part is w_d x (w_d x rho_d)/2 + w_p x (w_p x a_p)/2
   * - w_p x (u_d - u_p) - w_p x (w_d x rho_d) */
  double G[9], SF[9], C[9];
  geo(F, rho_d, G);
  add3(K, WD, WD, G, 1.0);
  geo(F, a_p, G);
  add3(K, WP, WP, G, 1.0);
  pf_rot_skew(F, SF);
  add3(K, UD, WP, SF, -1.0);
  add3(K, WP, UD, SF, 1.0);
  add3(K, UP, WP, SF, 1.0);
  add3(K, WP, UP, SF, -1.0);
  const double fr = pf_v3_dot(F, rho_d);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) C[3 * i + j] = -rho_d[i] * F[j] + (i == j) * fr;
  add3(K, WP, WD, C, 1.0); /* w_p^T (-rho_d (x) F + (F . rho_d) I) w_d */
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) C[3 * i + j] = -F[i] * rho_d[j] + (i == j) * fr;
  add3(K, WD, WP, C, 1.0);
}

void pf_kin_joint_block(const pf_kinematics *kin, int joint, pf_kin_block *block) {
  const pf_kin_joint *J = &kin->joints[joint];
  joint_out o;
  block->n_groups = 2;
  block->groups[0] = pf_kin_body_group(kin, J->p);
  block->groups[1] = pf_kin_body_group(kin, J->d);
  block->n = 12;
  joint_eval(kin, J, block->f, block->K, &o);
}

double pf_kin_joint_energy(const pf_kinematics *kin, int joint) {
  joint_out o;
  joint_eval(kin, &kin->joints[joint], NULL, NULL, &o);
  return o.energy;
}

void pf_kin_joint_state(const pf_kinematics *kin, int joint, double angle[3], double shift[3],
                        double moment[3], double force[3]) {
  joint_out o;
  joint_eval(kin, &kin->joints[joint], NULL, NULL, &o);
  for (int i = 0; i < 3; i++) {
    if (angle) angle[i] = o.theta[i];
    if (shift) shift[i] = o.s[i];
    if (moment) moment[i] = -o.m[i];
    if (force) force[i] = -o.F[i];
  }
}

void pf_kin_joint_frame(const pf_kinematics *kin, int joint, double centre[3], double axes[9]) {
  const pf_kin_joint *J = &kin->joints[joint];
  const double *R = kin->body_R + 9 * J->p;
  double rho[3], E[9];
  pf_m3_vec(R, J->r_p, rho);
  if (centre)
    for (int i = 0; i < 3; i++)
      centre[i] = kin->body_X[3 * J->p + i] + kin->body_t[3 * J->p + i] + rho[i];
  if (axes) {
    pf_m3_mul(R, J->A0, E);
    for (int a = 0; a < 3; a++)
      for (int i = 0; i < 3; i++) axes[3 * a + i] = E[3 * i + a];
  }
}

void pf_kin_joint_set_target(pf_kinematics *kin, int joint, int driven, double angle) {
  pf_kin_joint *J = &kin->joints[joint];
  J->driven = driven != 0;
  J->target = angle;
  J->g_prev = -1.0;
  if (!J->driven) J->lambda = 0.0;
}

void pf_kin_joint_set_penalty(pf_kinematics *kin, int joint, double eps) {
  if (eps > 0.0) kin->joints[joint].eps = eps;
}

int pf_kin_augment(pf_kinematics *kin, double tol) {
  int done = 1;
  for (int j = 0; j < kin->n_joints; j++) {
    if (!kin->joints[j].driven) continue;
    double th[3];
    pf_kin_joint_state(kin, j, th, NULL, NULL, NULL);
    if (!(fabs(th[0] - kin->joints[j].target) <= tol)) done = 0;
  }
  if (done) return 1;
  for (int j = 0; j < kin->n_joints; j++) {
    pf_kin_joint *J = &kin->joints[j];
    if (!J->driven) continue;
    double th[3];
    pf_kin_joint_state(kin, j, th, NULL, NULL, NULL);
    const double g = th[0] - J->target;
    J->lambda += J->eps * g;
    /* slow progress: the penalty is small against the joint's surroundings */
    if (J->g_prev >= 0.0 && fabs(g) > 0.25 * J->g_prev && J->eps < PF_KIN_EPS_MAX) J->eps *= 10.0;
    J->g_prev = fabs(g);
  }
  return 0;
}
