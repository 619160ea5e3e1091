/*
 * Finite rotations (constraint/pf_rotation.h).
 *
 * Checks:
 * - exp against an independent formula (unit quaternion), to 1e-15, for angles from 0 to pi;
 * - log(exp(v)) = v for |v| in {0, 1e-12, 1e-8, 1e-5, 0.049, 0.051, 1, 2, 3, pi - 1e-6,
 *   pi - 1e-10} (1e-12 absolute; the quaternion route keeps the axis near pi) and
 *   exp(log(R)) = R at exactly pi (log is then defined up to the sign);
 * - J_l^-1(v): log(exp(e) exp(v)) - v = J_l^-1(v) e + O(e^2) (central differences, 1e-8
 *   relative) on both sides of the series switch (0.5) and near pi;
 * - the derivative of J_l^-1 against central differences of J_l^-1 (1e-8);
 * - pf_rot_log_hessian: symmetric (1e-12 relative: it is a Hessian) and equal to the second
 *   differences of g . log(exp(e) exp(v)) (1e-6 relative).
 */
#include "constraint/pf_rotation.h"
#include "kin_test_util.h"

static void check_exp_log(void) {
  unsigned long long st = 7;
  const double angles[] = {0.0, 1e-12, 1e-8, 1e-5,        0.049,       0.051,
                           1.0, 2.0,   3.0,  M_PI - 1e-6, M_PI - 1e-10};
  const int na = (int)(sizeof(angles) / sizeof(angles[0]));
  double worst_exp = 0.0, worst_log = 0.0;
  for (int k = 0; k < na; k++)
    for (int rep = 0; rep < 5; rep++) {
      double n[3], v[3], R[9], Q[9], w[3];
      kt_rand_unit(&st, n);
      for (int i = 0; i < 3; i++) v[i] = angles[k] * n[i];
      pf_rot_exp(v, R);
      kt_rot(v, Q);
      for (int q = 0; q < 9; q++) worst_exp = fmax(worst_exp, fabs(R[q] - Q[q]));
      pf_rot_log(R, w);
      for (int i = 0; i < 3; i++) worst_log = fmax(worst_log, fabs(w[i] - v[i]));
      /* orthogonality of exp */
      double RtR[9];
      pf_m3_mul_tn(R, R, RtR);
      for (int q = 0; q < 9; q++) PF_EXPECT_NEAR(RtR[q], (q % 4 == 0) ? 1.0 : 0.0, 1e-15);
    }
  printf("exp vs quaternion formula: max error %.3g; log(exp(v)) - v: max %.3g\n", worst_exp,
         worst_log);
  PF_EXPECT(worst_exp <= 1e-15, "exp differs from the quaternion formula by %.3g", worst_exp);
  PF_EXPECT(worst_log <= 1e-12, "log(exp(v)) differs from v by %.3g", worst_log);
  /* exactly pi: exp(log(R)) = R */
  for (int rep = 0; rep < 5; rep++) {
    double n[3], v[3], R[9], R2[9], w[3];
    kt_rand_unit(&st, n);
    for (int i = 0; i < 3; i++) v[i] = M_PI * n[i];
    kt_rot(v, R);
    pf_rot_log(R, w);
    pf_rot_exp(w, R2);
    PF_EXPECT_NEAR(sqrt(pf_v3_dot(w, w)), M_PI, 1e-14);
    for (int q = 0; q < 9; q++) PF_EXPECT_NEAR(R2[q], R[q], 1e-14);
  }
  /* the axes of the coordinate system at pi (the largest-diagonal branches of Spurrier) */
  for (int a = 0; a < 3; a++) {
    double v[3] = {0, 0, 0}, R[9], w[3];
    v[a] = M_PI - 1e-9;
    pf_rot_exp(v, R);
    pf_rot_log(R, w);
    for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(w[i], v[i], 1e-12);
  }
}

/* theta(e) = log(exp(e) exp(v)) */
static void log_left(const double v[3], const double e[3], double th[3]) {
  double A[9], B[9], C[9];
  pf_rot_exp(e, A);
  pf_rot_exp(v, B);
  pf_m3_mul(A, B, C);
  pf_rot_log(C, th);
}

static void check_jacobians(void) {
  unsigned long long st = 11;
  const double angles[] = {1e-3, 0.04, 0.49, 0.51, 0.7, 1.9, 3.0};
  double worst_j = 0.0, worst_d = 0.0, worst_s = 0.0, worst_h = 0.0;
  for (int k = 0; k < 7; k++) {
    double n[3], v[3], M[9], g[3];
    kt_rand_unit(&st, n);
    for (int i = 0; i < 3; i++) v[i] = angles[k] * n[i], g[i] = kt_rand(&st);
    pf_rot_jl_inv(v, M);
    const double h = 1e-6;
    for (int l = 0; l < 3; l++) {
      double ep[3] = {0, 0, 0}, em[3] = {0, 0, 0}, tp[3], tm[3];
      ep[l] = h, em[l] = -h;
      log_left(v, ep, tp);
      log_left(v, em, tm);
      for (int i = 0; i < 3; i++)
        worst_j = fmax(worst_j, fabs((tp[i] - tm[i]) / (2 * h) - M[3 * i + l]));
    }
    /* derivative of J_l^-1 in a random direction */
    double a[3], D[9], vp[3], vm[3], Mp[9], Mm[9];
    for (int i = 0; i < 3; i++) a[i] = kt_rand(&st);
    pf_rot_jl_inv_deriv(v, a, D);
    const double hd = 1e-5;
    for (int i = 0; i < 3; i++) vp[i] = v[i] + hd * a[i], vm[i] = v[i] - hd * a[i];
    pf_rot_jl_inv(vp, Mp);
    pf_rot_jl_inv(vm, Mm);
    for (int q = 0; q < 9; q++) worst_d = fmax(worst_d, fabs((Mp[q] - Mm[q]) / (2 * hd) - D[q]));
    /* Hessian of g . theta(e) */
    double S[9];
    pf_rot_log_hessian(v, g, S);
    const double sc = kt_maxabs(9, S) + 1e-300;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) worst_s = fmax(worst_s, fabs(S[3 * i + j] - S[3 * j + i]) / sc);
    const double hh = 1e-4;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) {
        double val[4];
        for (int c = 0; c < 4; c++) {
          double e[3] = {0, 0, 0}, th[3];
          e[i] += (c & 1) ? -hh : hh;
          e[j] += (c & 2) ? -hh : hh;
          log_left(v, e, th);
          val[c] = pf_v3_dot(g, th);
        }
        const double fd = (val[0] - val[1] - val[2] + val[3]) / (4 * hh * hh);
        worst_h = fmax(worst_h, fabs(fd - S[3 * i + j]) / fmax(sc, 1e-3));
      }
  }
  printf(
      "J_l^-1 vs differences of log: %.3g; its derivative: %.3g; log Hessian asymmetry %.3g, "
      "vs second differences %.3g\n",
      worst_j, worst_d, worst_s, worst_h);
  PF_EXPECT(worst_j <= 1e-8, "J_l^-1 differs from the differences of log by %.3g", worst_j);
  PF_EXPECT(worst_d <= 1e-8, "derivative of J_l^-1 off by %.3g", worst_d);
  PF_EXPECT(worst_s <= 1e-12, "log Hessian asymmetric by %.3g", worst_s);
  PF_EXPECT(worst_h <= 1e-6, "log Hessian differs from second differences by %.3g", worst_h);
  /* the series and the closed form agree at the switch */
  double c_lo, c1_lo, c_hi, c1_hi;
  pf_rot_jl_inv_coeffs(0.5 - 1e-12, &c_lo, &c1_lo);
  pf_rot_jl_inv_coeffs(0.5 + 1e-12, &c_hi, &c1_hi);
  printf("series vs closed form at the switch: c %.3g, c1 %.3g (relative)\n", fabs(c_lo / c_hi - 1),
         fabs(c1_lo / c1_hi - 1));
  PF_EXPECT_REL(c_lo, c_hi, 1e-13);
  PF_EXPECT_REL(c1_lo, c1_hi, 1e-10);
}

int main(void) {
  check_exp_log();
  check_jacobians();
  return pf_test_result("test_kin_rotation");
}
