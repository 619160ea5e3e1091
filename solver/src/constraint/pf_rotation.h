/*
 * Finite rotations for rigid bodies and joints: skew matrices, the exponential map (Rodrigues),
 * its inverse (log), the inverse left Jacobian of SO(3) and its derivatives.
 *
 * Conventions
 * - 3x3 matrices are row-major double[9]; skew(v) x = v x x.
 * - A rotation vector v = theta n (|n| = 1, theta in [0, pi] from pf_rot_log) gives
 *   R = exp(skew(v)) = I + sin(theta)/theta V + (1 - cos(theta))/theta^2 V^2 (Rodrigues;
 *   Simo & Vu-Quoc, CMAME 58 (1986) 79, eq. 2.8; Crisfield, Non-linear Finite Element Analysis of
 *   Solids and Structures, vol. 2 (1997), eq. 16.17).
 * - Spins are spatial (left) increments: R <- exp(skew(w)) R (Cardona & Geradin, IJNME 26 (1988)
 *   2403, "spatial incremental rotation"; Crisfield vol. 2 sec. 16.4).
 * - Left Jacobian: exp(skew(v + dv)) = exp(skew(J_l(v) dv)) exp(skew(v)) + O(dv^2), hence
 *   log(exp(skew(e)) exp(skew(v))) = v + J_l(v)^-1 e + O(e^2), with
 *   J_l^-1(v) = I - V/2 + c(theta) V^2,  c = 1/theta^2 - cot(theta/2) / (2 theta)
 *   (Cardona & Geradin 1988, the inverse of their tangent operator T(v); Barfoot, State
 *   Estimation for Robotics (2017), eq. 7.77-7.78). Singular only at theta = 2 pi.
 */
#ifndef PF_ROTATION_H
#define PF_ROTATION_H

static inline double pf_v3_dot(const double a[3], const double b[3]) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
static inline void pf_v3_cross(const double a[3], const double b[3], double c[3]) {
  const double c0 = a[1] * b[2] - a[2] * b[1], c1 = a[2] * b[0] - a[0] * b[2],
               c2 = a[0] * b[1] - a[1] * b[0];
  c[0] = c0;
  c[1] = c1;
  c[2] = c2;
}
/* y = A x (y may not alias x). */
static inline void pf_m3_vec(const double A[9], const double x[3], double y[3]) {
  for (int i = 0; i < 3; i++) y[i] = A[3 * i] * x[0] + A[3 * i + 1] * x[1] + A[3 * i + 2] * x[2];
}
/* y = A^T x (y may not alias x). */
static inline void pf_m3_tvec(const double A[9], const double x[3], double y[3]) {
  for (int i = 0; i < 3; i++) y[i] = A[i] * x[0] + A[3 + i] * x[1] + A[6 + i] * x[2];
}
/* C = A B, C = A^T B, C = A B^T (C may not alias A or B). */
static inline void pf_m3_mul(const double A[9], const double B[9], double C[9]) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      C[3 * i + j] = A[3 * i] * B[j] + A[3 * i + 1] * B[3 + j] + A[3 * i + 2] * B[6 + j];
}
static inline void pf_m3_mul_tn(const double A[9], const double B[9], double C[9]) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      C[3 * i + j] = A[i] * B[j] + A[3 + i] * B[3 + j] + A[6 + i] * B[6 + j];
}
static inline void pf_m3_mul_nt(const double A[9], const double B[9], double C[9]) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      C[3 * i + j] =
          A[3 * i] * B[3 * j] + A[3 * i + 1] * B[3 * j + 1] + A[3 * i + 2] * B[3 * j + 2];
}
static inline double pf_m3_det(const double A[9]) {
  return A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) +
         A[2] * (A[3] * A[7] - A[4] * A[6]);
}
/* S = skew(v): S x = v x x. */
static inline void pf_rot_skew(const double v[3], double S[9]) {
  S[0] = 0.0;
  S[1] = -v[2];
  S[2] = v[1];
  S[3] = v[2];
  S[4] = 0.0;
  S[5] = -v[0];
  S[6] = -v[1];
  S[7] = v[0];
  S[8] = 0.0;
}

/* R = exp(skew(v)) (Rodrigues' formula; series below theta = 1e-4). [in] v; [out] R. */
void pf_rot_exp(const double v[3], double R[9]);

/* v = log(R): the rotation vector with |v| in [0, pi] (at exactly pi either sign). Through the
 * unit quaternion by Spurrier's algorithm (Spurrier, J. Spacecraft 15 (1978) 255; Simo &
 * Vu-Quoc 1986, box 1; Crisfield vol. 2 sec. 16.10), which stays accurate near 0 and near pi.
 * [in] R (orthogonal, det +1); [out] v. */
void pf_rot_log(const double R[9], double v[3]);

/* The coefficient c(theta) of J_l^-1 and c1 = c'(theta) / theta (Bernoulli series below theta =
 * 0.5). */
void pf_rot_jl_inv_coeffs(double theta, double *c, double *c1);

/* M = J_l^-1(v) (see the file header). */
void pf_rot_jl_inv(const double v[3], double M[9]);

/* D = the derivative of J_l^-1 at v in the direction a:
 * D = -A/2 + c (A V + V A) + c1 (v . a) V^2, A = skew(a), V = skew(v). */
void pf_rot_jl_inv_deriv(const double v[3], const double a[3], double D[9]);

/* The second derivative at e = 0 of g . log(exp(skew(e)) exp(skew(v))) with respect to e:
 * S[k][l] = g . d^2 theta / de_k de_l, computed from d theta/de (e) = J_l^-1(theta(e)) J_l(e):
 * S[k][l] = g . (DJ_l^-1(v)[M e_k] e_l) + (M^T g) . (e_k x e_l) / 2, M = J_l^-1(v).
 * A Hessian, hence symmetric in exact arithmetic (the returned S is not symmetrised so that tests
 * can check it). [in] v, g; [out] S (row-major 3x3). */
void pf_rot_log_hessian(const double v[3], const double g[3], double S[9]);

#endif /* PF_ROTATION_H */
