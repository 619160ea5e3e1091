/*
 * Helpers of the total-Lagrangian kernel tests: small reference laws with analytic S, Ct and W
 * (independent of material/, which another module implements), deformation gradients, finite
 * differences.
 *
 * Laws (callbacks with the signatures of pf_tl_material):
 * - compressible neo-Hookean, split: W = mu/2 (I1bar - 3) + K/2 (J - 1)^2 (Bonet & Wood 2nd ed.,
 *   ch. 5, nearly incompressible neo-Hookean; Holzapfel 2000, ch. 6), with
 *     S_iso  = mu J^-2/3 (I - I1/3 C^-1),
 *     Ct_iso = 2 mu J^-2/3 [I1/3 I_Cinv - 1/3 (I (x) C^-1 + C^-1 (x) I) + I1/9 C^-1 (x) C^-1],
 *     S_vol  = J U' C^-1,  Ct_vol = J (U' + J U'') C^-1 (x) C^-1 - 2 J U' I_Cinv,
 *   I_Cinv_IJKL = 1/2 (Cinv_IK Cinv_JL + Cinv_IL Cinv_JK); optionally a fibre term
 *   W_f = kf/4 (I4 - 1)^2, I4 = a0.C a0, S_f = kf (I4 - 1) a0 (x) a0, Ct_f = 2 kf (a0 (x) a0)^2,
 *   part of the isochoric part with the full F (as pf_material.h specifies);
 * - St Venant-Kirchhoff: S = lambda tr(E) I + 2 mu E, Ct = the isotropic D, W = lambda/2 tr(E)^2
 *   + mu E:E (not split: part is ignored).
 * test_tl_tangent (check_law) checks each against finite differences of W and S.
 */
#ifndef TEST_TL_UTIL_H
#define TEST_TL_UTIL_H

#include "fem_test_util.h"

typedef enum { TL_NEO = 0, TL_SVK = 1 } tl_law_kind;

typedef struct {
  tl_law_kind kind;
  double mu, K; /* neo-Hookean: shear and bulk moduli; SVK: mu and K = lambda + 2/3 mu */
  double kf;    /* fibre stiffness (neo-Hookean; 0: none) */
  int reject;   /* test hook: reject every F with F[0] < reject_F00 */
  double reject_F00;
} tl_law;

static const int tl_vi[6] = {0, 1, 2, 0, 1, 0}, tl_vj[6] = {0, 1, 2, 1, 2, 2};

static inline void tl_matmul(const double *A, const double *B, double *C) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      C[3 * i + j] = A[3 * i] * B[j] + A[3 * i + 1] * B[3 + j] + A[3 * i + 2] * B[6 + j];
}
static inline void tl_transpose(const double *A, double *T) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) T[3 * j + i] = A[3 * i + j];
}
static inline double tl_det(const double *A) { return ft_det3((const double(*)[3])A); }
static inline void tl_inverse(const double *A, double *Ai) {
  const double d = tl_det(A);
  Ai[0] = (A[4] * A[8] - A[5] * A[7]) / d;
  Ai[1] = (A[2] * A[7] - A[1] * A[8]) / d;
  Ai[2] = (A[1] * A[5] - A[2] * A[4]) / d;
  Ai[3] = (A[5] * A[6] - A[3] * A[8]) / d;
  Ai[4] = (A[0] * A[8] - A[2] * A[6]) / d;
  Ai[5] = (A[2] * A[3] - A[0] * A[5]) / d;
  Ai[6] = (A[3] * A[7] - A[4] * A[6]) / d;
  Ai[7] = (A[1] * A[6] - A[0] * A[7]) / d;
  Ai[8] = (A[0] * A[4] - A[1] * A[3]) / d;
}

static inline void tl_volumetric(const void *law, double J, double *U, double *dU, double *d2U) {
  const tl_law *L = (const tl_law *)law;
  if (U) *U = 0.5 * L->K * (J - 1.0) * (J - 1.0);
  if (dU) *dU = L->K * (J - 1.0);
  if (d2U) *d2U = L->K;
}

static inline int tl_stress(const void *law, int part, const double F[9], const double a0[3],
                            double S[6], double Ct[36], double *W) {
  const tl_law *L = (const tl_law *)law;
  const double J = tl_det(F);
  if (!(J > 0.0)) return -1;
  if (L->reject && F[0] < L->reject_F00) return -1;
  double Ft[9], C[9];
  tl_transpose(F, Ft);
  tl_matmul(Ft, F, C);
  double s[6] = {0}, ct[36] = {0}, w = 0.0;
  if (L->kind == TL_SVK) {
    const double lam = L->K - 2.0 / 3.0 * L->mu;
    double E[6];
    for (int r = 0; r < 6; r++) E[r] = 0.5 * (C[3 * tl_vi[r] + tl_vj[r]] - (r < 3 ? 1.0 : 0.0));
    const double tr = E[0] + E[1] + E[2];
    for (int r = 0; r < 6; r++) s[r] = (r < 3 ? lam * tr : 0.0) + 2.0 * L->mu * E[r];
    w = 0.5 * lam * tr * tr + L->mu * (E[0] * E[0] + E[1] * E[1] + E[2] * E[2] +
                                       2.0 * (E[3] * E[3] + E[4] * E[4] + E[5] * E[5]));
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) ct[6 * r + c] = lam;
      ct[7 * r] += 2.0 * L->mu;
      ct[7 * (r + 3)] = L->mu;
    }
  } else {
    double Ci[9];
    tl_inverse(C, Ci);
    const double I1 = C[0] + C[4] + C[8], J23 = pow(J, -2.0 / 3.0), mu = L->mu;
    double ci[6], id[6];
    for (int r = 0; r < 6; r++) {
      ci[r] = Ci[3 * tl_vi[r] + tl_vj[r]];
      id[r] = r < 3 ? 1.0 : 0.0;
    }
    w = 0.5 * mu * (J23 * I1 - 3.0);
    for (int r = 0; r < 6; r++) s[r] = mu * J23 * (id[r] - I1 / 3.0 * ci[r]);
    double ICi[36]; /* I_Cinv in Voigt (tensor components) */
    for (int r = 0; r < 6; r++)
      for (int c = 0; c < 6; c++) {
        const int p = tl_vi[r], q = tl_vj[r], s2 = tl_vi[c], t = tl_vj[c];
        ICi[6 * r + c] = 0.5 * (Ci[3 * p + s2] * Ci[3 * q + t] + Ci[3 * p + t] * Ci[3 * q + s2]);
      }
    for (int r = 0; r < 6; r++)
      for (int c = 0; c < 6; c++)
        ct[6 * r + c] = 2.0 * mu * J23 *
                        (I1 / 3.0 * ICi[6 * r + c] - (id[r] * ci[c] + ci[r] * id[c]) / 3.0 +
                         I1 / 9.0 * ci[r] * ci[c]);
    if (a0 && L->kf != 0.0) {
      double A[6];
      for (int r = 0; r < 6; r++) A[r] = a0[tl_vi[r]] * a0[tl_vj[r]];
      double I4 = 0.0;
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) I4 += a0[i] * C[3 * i + j] * a0[j];
      w += 0.25 * L->kf * (I4 - 1.0) * (I4 - 1.0);
      for (int r = 0; r < 6; r++) {
        s[r] += L->kf * (I4 - 1.0) * A[r];
        for (int c = 0; c < 6; c++) ct[6 * r + c] += 2.0 * L->kf * A[r] * A[c];
      }
    }
    if (part == 0) {
      double U, dU, d2U;
      tl_volumetric(law, J, &U, &dU, &d2U);
      w += U;
      for (int r = 0; r < 6; r++) {
        s[r] += J * dU * ci[r];
        for (int c = 0; c < 6; c++)
          ct[6 * r + c] += J * (dU + J * d2U) * ci[r] * ci[c] - 2.0 * J * dU * ICi[6 * r + c];
      }
    }
  }
  for (int r = 0; r < 6; r++) S[r] = s[r];
  if (Ct)
    for (int r = 0; r < 36; r++) Ct[r] = ct[r];
  if (W) *W = w;
  return 0;
}

/* A pf_tl_material over a tl_law. */
static inline pf_tl_material tl_material(const tl_law *law, int mean_dilatation, const double *a0) {
  pf_tl_material m = {tl_stress, tl_volumetric, law, mean_dilatation, a0};
  return m;
}

/* Rotation by angle about a unit axis (Rodrigues). */
static inline void tl_rotation(const double axis[3], double angle, double *R) {
  const double n = ft_norm(3, axis), x = axis[0] / n, y = axis[1] / n, z = axis[2] / n;
  const double c = cos(angle), s = sin(angle), t = 1.0 - c;
  const double r[9] = {t * x * x + c,     t * x * y - s * z, t * x * z + s * y,
                       t * x * y + s * z, t * y * y + c,     t * y * z - s * x,
                       t * x * z - s * y, t * y * z + s * x, t * z * z + c};
  memcpy(R, r, sizeof(r));
}

/* F = R Q diag(l) Q^T with random rotations R, Q and stretches l (given). */
static inline void tl_random_F(const double l[3], unsigned long long *seed, double *F) {
  double ax[3], Q[9], R[9], Qt[9], D[9] = {l[0], 0, 0, 0, l[1], 0, 0, 0, l[2]}, T[9], U[9];
  for (int i = 0; i < 3; i++) ax[i] = ft_rand(seed);
  tl_rotation(ax, 3.0 * ft_rand(seed), Q);
  for (int i = 0; i < 3; i++) ax[i] = ft_rand(seed);
  tl_rotation(ax, 3.0 * ft_rand(seed), R);
  tl_transpose(Q, Qt);
  tl_matmul(Q, D, T);
  tl_matmul(T, Qt, U);
  tl_matmul(R, U, F);
}

/* u_a = (F - I) X_a + c for nn nodes (a homogeneous deformation x = F X + c). */
static inline void tl_homogeneous_u(int nn, const double *X, const double *F, const double c[3],
                                    double *u) {
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) {
      const double *x = X + 3 * a;
      u[3 * a + i] =
          F[3 * i] * x[0] + F[3 * i + 1] * x[1] + F[3 * i + 2] * x[2] - x[i] + (c ? c[i] : 0.0);
    }
}

#endif /* TEST_TL_UTIL_H */
