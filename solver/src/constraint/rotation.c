/*
 * Finite rotations: exponential and logarithm maps of SO(3), the inverse left Jacobian and its
 * derivatives (formulas and sources in pf_rotation.h).
 */
#include <math.h>

#include "constraint/pf_rotation.h"

void pf_rot_exp(const double v[3], double R[9]) {
  const double t2 = pf_v3_dot(v, v), t = sqrt(t2);
  double a, b; /* sin(t)/t and (1 - cos(t))/t^2 = (sin(t/2)/(t/2))^2 / 2 (no cancellation) */
  if (t < 1e-4) {
    a = 1.0 - t2 / 6.0 * (1.0 - t2 / 20.0);
    b = 0.5 - t2 / 24.0 * (1.0 - t2 / 30.0);
  } else {
    a = sin(t) / t;
    const double s = sin(0.5 * t) / (0.5 * t);
    b = 0.5 * s * s;
  }
  double V[9], V2[9];
  pf_rot_skew(v, V);
  pf_m3_mul(V, V, V2);
  for (int k = 0; k < 9; k++) R[k] = a * V[k] + b * V2[k];
  R[0] += 1.0;
  R[4] += 1.0;
  R[8] += 1.0;
}

void pf_rot_log(const double R[9], double v[3]) {
  /* Spurrier: build the quaternion (q0, q) from the largest of tr R, R00, R11, R22. */
  const double tr = R[0] + R[4] + R[8];
  double q0, q[3];
  int i = 0;
  if (R[4] > R[3 * i + i]) i = 1;
  if (R[8] > R[3 * i + i]) i = 2;
  if (tr >= R[3 * i + i]) {
    q0 = 0.5 * sqrt(1.0 + tr);
    const double f = 0.25 / q0;
    q[0] = (R[7] - R[5]) * f;
    q[1] = (R[2] - R[6]) * f;
    q[2] = (R[3] - R[1]) * f;
  } else {
    const int j = (i + 1) % 3, k = (i + 2) % 3;
    q[i] = sqrt(0.5 * R[3 * i + i] + 0.25 * (1.0 - tr));
    const double f = 0.25 / q[i];
    q0 = (R[3 * k + j] - R[3 * j + k]) * f;
    q[j] = (R[3 * j + i] + R[3 * i + j]) * f;
    q[k] = (R[3 * k + i] + R[3 * i + k]) * f;
  }
  if (q0 < 0.0) { /* the same rotation with theta in [0, pi] */
    q0 = -q0;
    for (int m = 0; m < 3; m++) q[m] = -q[m];
  }
  const double s = sqrt(pf_v3_dot(q, q));
  /* theta = 2 atan2(s, q0); v = theta / s q, with the series of 2 atan(x)/x for small s. */
  double f;
  if (s < 1e-6) {
    const double x = s / q0;
    f = 2.0 / q0 * (1.0 - x * x / 3.0);
  } else {
    f = 2.0 * atan2(s, q0) / s;
  }
  for (int m = 0; m < 3; m++) v[m] = f * q[m];
}

void pf_rot_jl_inv_coeffs(double theta, double *c, double *c1) {
  const double t = theta, t2 = t * t;
  if (t < 0.5) {
    /* c = sum_{n>=1} |B_2n| t^(2n-2) / (2n)! (from cot x = 1/x - sum 2^2n |B_2n| x^(2n-1) / (2n)!,
     * Abramowitz & Stegun 4.3.70); terms ratio ~ (t / 2 pi)^2, so 8 terms reach round-off for
     * t < 0.5. The closed form below loses ~720 eps / t^4 in c1 to cancellation, hence the
     * switch at 0.5 (c1 good to ~3e-12 there, c to ~1e-15). */
    static const double cn[8] = {1.0 / 12.0,          1.0 / 720.0,
                                 1.0 / 30240.0,       1.0 / 1209600.0,
                                 1.0 / 47900160.0,    691.0 / 1307674368000.0,
                                 1.0 / 74724249600.0, 3617.0 / 10670622842880000.0};
    double sc = 0.0, sc1 = 0.0;
    for (int n = 7; n >= 0; n--) sc = sc * t2 + cn[n];
    for (int n = 7; n >= 1; n--) sc1 = sc1 * t2 + 2.0 * n * cn[n];
    *c = sc;
    *c1 = sc1;
  } else {
    const double h = 0.5 * t, sh = sin(h), cot = cos(h) / sh;
    *c = 1.0 / t2 - cot / (2.0 * t);
    const double dc = -2.0 / (t2 * t) + cot / (2.0 * t2) + 1.0 / (4.0 * t * sh * sh);
    *c1 = dc / t;
  }
}

void pf_rot_jl_inv(const double v[3], double M[9]) {
  double c, c1, V[9], V2[9];
  pf_rot_jl_inv_coeffs(sqrt(pf_v3_dot(v, v)), &c, &c1);
  pf_rot_skew(v, V);
  pf_m3_mul(V, V, V2);
  for (int k = 0; k < 9; k++) M[k] = -0.5 * V[k] + c * V2[k];
  M[0] += 1.0;
  M[4] += 1.0;
  M[8] += 1.0;
}

void pf_rot_jl_inv_deriv(const double v[3], const double a[3], double D[9]) {
  double c, c1, V[9], A[9], V2[9], AV[9], VA[9];
  pf_rot_jl_inv_coeffs(sqrt(pf_v3_dot(v, v)), &c, &c1);
  pf_rot_skew(v, V);
  pf_rot_skew(a, A);
  pf_m3_mul(V, V, V2);
  pf_m3_mul(A, V, AV);
  pf_m3_mul(V, A, VA);
  const double va = pf_v3_dot(v, a);
  for (int k = 0; k < 9; k++) D[k] = -0.5 * A[k] + c * (AV[k] + VA[k]) + c1 * va * V2[k];
}

void pf_rot_log_hessian(const double v[3], const double g[3], double S[9]) {
  double M[9], h[3];
  pf_rot_jl_inv(v, M);
  pf_m3_tvec(M, g, h);
  for (int k = 0; k < 3; k++) {
    const double e[3] = {M[k], M[3 + k], M[6 + k]}; /* M e_k */
    double D[9], Dtg[3];
    pf_rot_jl_inv_deriv(v, e, D);
    pf_m3_tvec(D, g, Dtg); /* row k: g^T D */
    for (int l = 0; l < 3; l++) {
      /* (e_k x e_l) . h = eps_klm h_m */
      const double kl = (l == (k + 1) % 3)   ? h[(k + 2) % 3]
                        : (k == (l + 1) % 3) ? -h[(l + 2) % 3]
                                             : 0.0;
      S[3 * k + l] = Dtg[l] + 0.5 * kl;
    }
  }
}
