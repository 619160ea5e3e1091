/*
 * Kinematics of a material point and the stress and tangent of an isotropic energy of the
 * isochoric invariants W(I1bar, I2bar), shared by neo_hookean.c, mooney_rivlin.c, polynomial.c.
 *
 * Reference: G. A. Holzapfel, Nonlinear Solid Mechanics, Wiley 2000, sections 6.4-6.6
 * (eqs. 6.32, 6.90, 6.165-6.168). With I3 = J^2, s = J^(-2/3):
 *   I1bar = s I1,  I2bar = s^2 I2,
 *   a = dI1bar/dC = s (I - I1/3 C^-1),
 *   b = dI2bar/dC = s^2 (I1 I - C - 2/3 I2 C^-1),
 *   S  = 2 (W1 a + W2 b),
 *   Ct = 2 dS/dC = 4 [W11 a(x)a + W12 (a(x)b + b(x)a) + W22 b(x)b + W1 da/dC + W2 db/dC],
 * with dC^-1/dC = -I_{C^-1} ((I_A)_ABCD = (A_AC A_BD + A_AD A_BC) / 2), d I3^(-1/3)/dC =
 * -s/3 C^-1 and
 *   da/dC = -s/3 (I(x)C^-1 + C^-1(x)I) + s I1/9 C^-1(x)C^-1 + s I1/3 I_{C^-1},
 *   db/dC = s^2 [I(x)I - 2/3 I1 (I(x)C^-1 + C^-1(x)I) + 2/3 (C(x)C^-1 + C^-1(x)C)
 *           + 4/9 I2 C^-1(x)C^-1 - II + 2/3 I2 I_{C^-1}].
 * Every rank-one term is a product of two of {I, C, C^-1}, so the tangent is a 3x3 coefficient
 * matrix on that basis plus multiples of I_{C^-1} and of the symmetric identity II: no
 * fourth-order tensor is formed term by term.
 */
#include <math.h>
#include <string.h>

#include "material/material_impl.h"

int pf_mat_kinematics(const double F[9], pf_mat_kin *k) {
  const double J = F[0] * (F[4] * F[8] - F[5] * F[7]) - F[1] * (F[3] * F[8] - F[5] * F[6]) +
                   F[2] * (F[3] * F[7] - F[4] * F[6]);
  if (!(J > 0.0) || !isfinite(J)) return -1;
  double *C = k->C;
  for (int v = 0; v < 6; v++) {
    const int I = PF_VI[v], L = PF_VJ[v];
    C[v] = F[I] * F[L] + F[3 + I] * F[3 + L] + F[6 + I] * F[6 + L];
  }
  k->J = J;
  const double cb = cbrt(J);
  k->Jm23 = 1.0 / (cb * cb);
  k->I1 = C[0] + C[1] + C[2];
  const double a00 = C[1] * C[2] - C[4] * C[4], a11 = C[0] * C[2] - C[5] * C[5],
               a22 = C[0] * C[1] - C[3] * C[3];
  k->I2 = a00 + a11 + a22;
  /* C^-1 = adj(C) / det C with det C = J^2 (from det F: one rounding instead of a cancellation) */
  const double r = 1.0 / (J * J);
  k->Ci[0] = a00 * r;
  k->Ci[1] = a11 * r;
  k->Ci[2] = a22 * r;
  k->Ci[3] = (C[5] * C[4] - C[3] * C[2]) * r;
  k->Ci[4] = (C[3] * C[5] - C[0] * C[4]) * r;
  k->Ci[5] = (C[3] * C[4] - C[5] * C[1]) * r;
  return 0;
}

void pf_mat_add_sym_product(double c, const double A[6], double Ct[36]) {
  if (c == 0.0) return;
  double a[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) a[i][j] = pf_mat_vget(A, i, j);
  const double h = 0.5 * c;
  for (int p = 0; p < 6; p++) {
    const int i = PF_VI[p], j = PF_VJ[p];
    for (int q = p; q < 6; q++) {
      const int k = PF_VI[q], l = PF_VJ[q];
      const double v = h * (a[i][k] * a[j][l] + a[i][l] * a[j][k]);
      Ct[6 * p + q] += v;
      if (q != p) Ct[6 * q + p] += v;
    }
  }
}

void pf_mat_invariant_stress(const pf_mat_kin *k, const pf_mat_psi *psi, double S[6],
                             double Ct[36]) {
  const double s = k->Jm23, s2 = s * s;
  const double I1 = k->I1, I2 = k->I2;
  /* a and b in the basis {I, C, C^-1} */
  const double a[3] = {s, 0.0, -s * I1 / 3.0};
  const double b[3] = {s2 * I1, -s2, -2.0 / 3.0 * s2 * I2};
  const double W1 = psi->W1, W2 = psi->W2;
  if (S) {
    const double c0 = 2.0 * (W1 * a[0] + W2 * b[0]), c1 = 2.0 * (W1 * a[1] + W2 * b[1]),
                 c2 = 2.0 * (W1 * a[2] + W2 * b[2]);
    for (int v = 0; v < 6; v++) S[v] += c0 * (v < 3) + c1 * k->C[v] + c2 * k->Ci[v];
  }
  if (!Ct) return;
  double M[3][3];
  for (int p = 0; p < 3; p++)
    for (int q = 0; q < 3; q++)
      M[p][q] = 4.0 * (psi->W11 * a[p] * a[q] + psi->W12 * (a[p] * b[q] + b[p] * a[q]) +
                       psi->W22 * b[p] * b[q]);
  /* 4 W1 da/dC */
  M[0][2] += 4.0 * W1 * (-s / 3.0);
  M[2][0] += 4.0 * W1 * (-s / 3.0);
  M[2][2] += 4.0 * W1 * (s * I1 / 9.0);
  /* 4 W2 db/dC */
  const double w = 4.0 * W2 * s2;
  M[0][0] += w;
  M[0][2] += w * (-2.0 / 3.0 * I1);
  M[2][0] += w * (-2.0 / 3.0 * I1);
  M[1][2] += w * (2.0 / 3.0);
  M[2][1] += w * (2.0 / 3.0);
  M[2][2] += w * (4.0 / 9.0 * I2);
  const double cIci = 4.0 * (W1 * s * I1 / 3.0 + W2 * s2 * 2.0 / 3.0 * I2);
  const double cII = -w;

  const double *V[3] = {NULL, k->C, k->Ci};
  static const double Id[6] = {1, 1, 1, 0, 0, 0};
  V[0] = Id;
  for (int i = 0; i < 6; i++) {
    double r[3];
    for (int q = 0; q < 3; q++) r[q] = V[0][i] * M[0][q] + V[1][i] * M[1][q] + V[2][i] * M[2][q];
    for (int j = 0; j < 6; j++) Ct[6 * i + j] += r[0] * V[0][j] + r[1] * V[1][j] + r[2] * V[2][j];
  }
  pf_mat_add_sym_product(cIci, k->Ci, Ct);
  if (cII != 0.0) {
    for (int i = 0; i < 3; i++) Ct[7 * i] += cII;
    for (int i = 3; i < 6; i++) Ct[7 * i] += 0.5 * cII;
  }
}
