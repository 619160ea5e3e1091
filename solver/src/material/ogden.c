/*
 * Ogden hyperelasticity (N <= 3) in the Abaqus convention (Abaqus Theory Manual 4.6.1), isochoric
 * part:
 *   W_iso = sum_p 2 mu_p / alpha_p^2 (lb1^alpha_p + lb2^alpha_p + lb3^alpha_p - 3),
 *   lb_a = J^(-1/3) lambda_a (isochoric principal stretches),
 * with U(J) from pf_material_volumetric (material.c). Initial shear modulus mu0 = sum_p mu_p.
 * (Parameters published for W = sum mu_p / alpha_p (...) convert as mu_p <- mu_p alpha_p / 2.)
 *
 * Spectral form (Simo & Taylor, CMAME 85 (1991) 273, section 2; Holzapfel 2000, section 6.6,
 * "elasticity tensor in spectral form"). With x_a = lambda_a^2 the eigenvalues of C and N_a its
 * unit eigenvectors, W is written as a symmetric function of (x1, x2, x3) (J = sqrt(x1 x2 x3)):
 *   S = sum_a S_a N_a(x)N_a,  S_a = 2 dW/dx_a = sum_p k_p (e_a - Sigma/3) / x_a,
 *   k_p = 2 mu_p / alpha_p,  e_a = lb_a^alpha_p,  Sigma = e_1 + e_2 + e_3,
 *   Ct = sum_ab 2 dS_a/dx_b M_a(x)M_b + sum_{a<b} 4 D_ab G_ab(x)G_ab,
 *   M_a = N_a(x)N_a,  G_ab = sym(N_a(x)N_b),  D_ab = (S_b - S_a) / (x_b - x_a),
 *   dS_a/dx_b = k_p [ -alpha_p/6 (e_a + e_b - Sigma/3) / (x_a x_b)
 *                     + delta_ab (beta_p e_a + Sigma/3) / x_a^2 ],  beta_p = alpha_p/2 - 1.
 * Repeated and nearly repeated stretches: D_ab is never formed as a difference quotient of
 * stresses. Since Sigma is symmetric,
 *   D_ab = k_p [ (x_b^beta - x_a^beta)/(x_b - x_a) J^(-alpha/3) + Sigma / (3 x_a x_b) ],
 * and the divided difference of the power is evaluated as
 *   (x_b^beta - x_a^beta)/(x_b - x_a) = x_a^(beta-1) expm1(beta t) / expm1(t),  t = ln(x_b/x_a),
 * a smooth function of t that tends to beta x_a^(beta-1) (the exact limit, Holzapfel's formula
 * for equal stretches) as t -> 0 and loses no digits for any gap (for |t| > 0.05 the plain
 * quotient is as accurate and is used). The tangent is therefore exact to round-off at
 * x_a = x_b and continuous across it, with no perturbation of the stretches (Miehe 1998).
 *
 * Principal values: cyclic Jacobi rotations on the 3x3 C (Golub & Van Loan, Matrix Computations,
 * section 8.5; as in Kopp, Int. J. Mod. Phys. C 19 (2008) 523): eigenvectors orthonormal to
 * round-off also for (nearly) repeated eigenvalues, where closed-form (trigonometric) eigenvalues
 * lose half their digits; inline, no allocation, ~4 sweeps.
 */
#include <float.h>
#include <math.h>

#include "material/material_impl.h"

void pf_mat_eigen_sym3(const double A[6], double lam[3], double V[9]) {
  double a[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      a[i][j] = pf_mat_vget(A, i, j);
      V[3 * i + j] = (i == j);
    }
  static const int P[3] = {0, 0, 1}, Q[3] = {1, 2, 2}, R[3] = {2, 1, 0};
  for (int sweep = 0; sweep < 32; sweep++) {
    int rotated = 0;
    for (int r = 0; r < 3; r++) {
      const int p = P[r], q = Q[r], o = R[r];
      const double apq = a[p][q];
      /* an entry far below round-off of its diagonal is dropped: the eigenvalues then change by
       * O(eps^2) (Kopp 2008 uses the same test) */
      if (fabs(apq) <= 1e-3 * DBL_EPSILON * (fabs(a[p][p]) + fabs(a[q][q]))) {
        a[p][q] = a[q][p] = 0.0;
        continue;
      }
      rotated = 1;
      /* the smaller rotation angle: t = tan(phi), stable for any theta (Rutishauser) */
      const double theta = 0.5 * (a[q][q] - a[p][p]) / apq;
      double t = 1.0 / (fabs(theta) + sqrt(theta * theta + 1.0));
      if (fabs(theta) > 1e150) t = 0.5 / fabs(theta);
      if (theta < 0.0) t = -t;
      const double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
      a[p][p] -= t * apq;
      a[q][q] += t * apq;
      a[p][q] = a[q][p] = 0.0;
      const double aop = a[o][p], aoq = a[o][q];
      a[o][p] = a[p][o] = c * aop - s * aoq;
      a[o][q] = a[q][o] = s * aop + c * aoq;
      for (int k = 0; k < 3; k++) {
        const double vp = V[3 * k + p], vq = V[3 * k + q];
        V[3 * k + p] = c * vp - s * vq;
        V[3 * k + q] = s * vp + c * vq;
      }
    }
    if (!rotated) break;
  }
  for (int i = 0; i < 3; i++) lam[i] = a[i][i];
}

void pf_mat_ogden_iso(const pf_material *m, const pf_mat_kin *k, double S[6], double Ct[36],
                      double *W) {
  double x[3], V[9];
  pf_mat_eigen_sym3(k->C, x, V);
  const double lnJ = log(k->J);
  double lx[3];
  for (int a = 0; a < 3; a++) lx[a] = log(x[a]);

  double Sa[3] = {0, 0, 0}, dS[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, D[3] = {0, 0, 0};
  static const int PA[3] = {0, 0, 1}, PB[3] = {1, 2, 2};
  for (int p = 0; p < m->matrix.n_ogden; p++) {
    const double mu = m->matrix.ogden_mu[p], al = m->matrix.ogden_alpha[p];
    const double kp = 2.0 * mu / al, beta = 0.5 * al - 1.0;
    double e[3];
    for (int a = 0; a < 3; a++) e[a] = exp(al * (0.5 * lx[a] - lnJ / 3.0)); /* lb_a^alpha */
    const double sum = e[0] + e[1] + e[2], s3 = sum / 3.0;
    if (W) *W += 2.0 * mu / (al * al) * (sum - 3.0);
    for (int a = 0; a < 3; a++) Sa[a] += kp * (e[a] - s3) / x[a];
    if (!Ct) continue;
    for (int a = 0; a < 3; a++) {
      for (int b = a; b < 3; b++) {
        double v = -kp * al / 6.0 * (e[a] + e[b] - s3) / (x[a] * x[b]);
        if (a == b) v += kp * (beta * e[a] + s3) / (x[a] * x[a]);
        dS[a][b] += v;
        if (b != a) dS[b][a] += v;
      }
    }
    for (int r = 0; r < 3; r++) {
      const int a = PA[r], b = PB[r];
      const double t = lx[b] - lx[a];
      double dd; /* (x_b^beta - x_a^beta) / (x_b - x_a), times J^(-alpha/3) */
      if (fabs(t) > 0.05)
        dd = (e[b] / x[b] - e[a] / x[a]) / (x[b] - x[a]);
      else
        dd = e[a] / (x[a] * x[a]) * (t == 0.0 ? beta : expm1(beta * t) / expm1(t));
      D[r] += kp * (dd + s3 / (x[a] * x[b]));
    }
  }

  /* M_a = N_a (x) N_a and G_ab = sym(N_a (x) N_b) in Voigt form (tensor components) */
  double M[3][6];
  for (int a = 0; a < 3; a++)
    for (int v = 0; v < 6; v++) M[a][v] = V[3 * PF_VI[v] + a] * V[3 * PF_VJ[v] + a];
  for (int v = 0; v < 6; v++) S[v] += Sa[0] * M[0][v] + Sa[1] * M[1][v] + Sa[2] * M[2][v];
  if (!Ct) return;
  double Qm[3][6];
  for (int a = 0; a < 3; a++)
    for (int v = 0; v < 6; v++)
      Qm[a][v] = 2.0 * (dS[a][0] * M[0][v] + dS[a][1] * M[1][v] + dS[a][2] * M[2][v]);
  double G[3][6];
  for (int r = 0; r < 3; r++) {
    const int a = PA[r], b = PB[r];
    for (int v = 0; v < 6; v++) {
      const int i = PF_VI[v], j = PF_VJ[v];
      G[r][v] = 0.5 * (V[3 * i + a] * V[3 * j + b] + V[3 * i + b] * V[3 * j + a]);
    }
  }
  for (int i = 0; i < 6; i++) {
    const double g0 = 4.0 * D[0] * G[0][i], g1 = 4.0 * D[1] * G[1][i], g2 = 4.0 * D[2] * G[2][i];
    for (int j = i; j < 6; j++) {
      const double v = M[0][i] * Qm[0][j] + M[1][i] * Qm[1][j] + M[2][i] * Qm[2][j] + g0 * G[0][j] +
                       g1 * G[1][j] + g2 * G[2][j];
      Ct[6 * i + j] += v;
      if (j != i) Ct[6 * j + i] += v;
    }
  }
}
