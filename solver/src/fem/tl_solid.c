/*
 * Total-Lagrangian solid kernel (tet4, tet10, hex8) at finite strain: internal force, consistent
 * tangent and element report, in the displacement and the mean-dilatation formulations.
 *
 * Displacement formulation (Bonet & Wood, Nonlinear Continuum Mechanics for Finite Element
 * Analysis, 2nd ed. 2008, ch. 8, discretized equilibrium and its linearization, written in the
 * reference configuration; Wriggers, Nonlinear Finite Element Methods, 2008, ch. 4, total
 * Lagrangian formulation). The element energy Pi_e = int W(F) dV is integrated with the default
 * rule, Pi_e = sum_q wd_q W(F_q) with wd_q = w_q det J0_q. With G_a = dN_a/dX and P = F S,
 *   fe_ai = dPi_e/du_ai = sum_q wd P_iJ G_aJ                         (= int B_NL^T S dV)
 *   Ke_ai,bk = sum_q wd G_aJ A_iJkL G_bL,   A_iJkL = F_iI C_IJKL F_kK + delta_ik S_JL
 * A = dP/dF (the first elasticity tensor; Holzapfel, Nonlinear Solid Mechanics, 2000, ch. 6)
 * holds the material stiffness B_NL^T Ct B_NL and the geometric (initial stress) stiffness
 * (G_a . S G_b) I. C_IJKL = Ct[v(IJ)][v(KL)] with Ct the engineering-shear Voigt tangent.
 *
 * Mean dilatation (Simo, Taylor & Pister, CMAME 51 (1985) 177-208; Bonet & Wood 2nd ed.,
 * sec. 8.6, mean dilatation method). The three-field functional with a dilatation and a pressure
 * constant over the element (P2/P0 for tet10, Q1/P0 for hex8), condensed in the element, is
 *   Pi_e(u) = int W_iso(F) dV + V U(Theta),   Theta = v / V,   v = int J dV,   V = int dV,
 * with W_iso the law's isochoric part (part 1: fibres included, with the full F) and U its
 * volumetric function, all integrals by the element's rule. The condensed pressure is
 * p = U'(Theta) (the hydrostatic Cauchy stress of the element, positive in tension). With
 *   dJ/du_ai = J g_ai,  g_a = F^-T G_a (= dN_a/dx),
 *   d2J/du_ai du_bk = J (g_ai g_bk - g_ak g_bi)       (the derivative of dJ/dF = J F^-T),
 *   dv/du_ai = h_ai = sum_q wd J g_ai,
 * the exact first and second derivatives of Pi_e are
 *   fe_a = sum_q wd [F S_iso G_a + p J g_a]                     (= int B^T (S_iso + p J C^-1) dV)
 *   Ke_ab = K_iso,ab                                            (A above with S_iso, Ct_iso)
 *         + sum_q wd p J (g_a (x) g_b - g_b (x) g_a)            (pressure: geometric + material)
 *         + (U''(Theta) / V) h_a (x) h_b                        (= V U'' dTheta/du (x) dTheta/du)
 * Ke is the Hessian of Pi_e, hence symmetric (CHOLMOD). The pressure term equals Bonet & Wood's
 * initial-stress part p (g_a . g_b) I plus their constitutive part with c_p = p (I (x) I - 2 i);
 * the last term is their dilatational stiffness kappa_bar v (h/v) (x) (h/v) with
 * kappa_bar = Theta U''(Theta). It has rank one per element: however large the bulk modulus, the
 * element adds a single stiff volumetric mode, which is what removes volumetric locking. The
 * pressure part enters the kernel through A: A_iJkL += p J (F^-1_Ji F^-1_Lk - F^-1_Jk F^-1_Li).
 * For homogeneous deformations Theta = J and both formulations give the same force.
 *
 * Cost (tet10, per element): 4 law calls, about 12k multiply-adds; A is formed once per point
 * from Ct (9x9, symmetric), AG_b = A G_b once per node and point, and each of the 55 upper 3x3
 * blocks costs 27 multiply-adds per point, accumulated in registers and written once to both
 * halves (Ke exactly symmetric). No allocation: stack arrays bounded by PF_MAX_NODES/PF_MAX_QP.
 */
#include <math.h>
#include <string.h>

#include "fem/tl_kernel.h"

/* Voigt index of the tensor pair (I, J): xx yy zz xy yz xz. */
static const int voigt[3][3] = {{0, 3, 5}, {3, 1, 4}, {5, 4, 2}};

/* The element's report on failure: the true min_J, zeros (never NaN) elsewhere. */
static void fail_info(const pf_tl_kin *k, pf_tl_info *info) {
  if (!info) return;
  info->min_J = k->min_J;
  info->theta = 0.0;
  info->pressure = 0.0;
  info->energy = 0.0;
  info->volume = k->V == k->V ? k->V : 0.0;
}

/*
 * A = wd (F C F^T-part + delta S [+ p J (Finv Finv - Finv Finv)]) as A[3i + J][3k + L]
 * (see the file header), from Ct [36], S [6] and (mean dilatation) pJ, Finv. Upper triangle
 * computed, then mirrored.
 */
PF_TL_INLINE void elasticity_tensor(const double *F, const double *Ct, const double *S,
                                    const int md, const double pJ, const double *Fi,
                                    const double wd, double A[9][9]) {
  double T[6][9]; /* T[r][3k + L] = sum_K C[r][v(KL)] F_kK */
  for (int r = 0; r < 6; r++) {
    const double *c = Ct + 6 * r;
    for (int kk = 0; kk < 3; kk++) {
      const double *Fk = F + 3 * kk;
      for (int L = 0; L < 3; L++)
        T[r][3 * kk + L] = c[voigt[0][L]] * Fk[0] + c[voigt[1][L]] * Fk[1] + c[voigt[2][L]] * Fk[2];
    }
  }
  for (int iJ = 0; iJ < 9; iJ++) {
    const int i = iJ / 3, J = iJ % 3;
    const double *Fi_row = F + 3 * i;
    const double *T0 = T[voigt[0][J]], *T1 = T[voigt[1][J]], *T2 = T[voigt[2][J]];
    for (int kL = iJ; kL < 9; kL++) {
      const int kk = kL / 3, L = kL % 3;
      double a = Fi_row[0] * T0[kL] + Fi_row[1] * T1[kL] + Fi_row[2] * T2[kL];
      if (i == kk) a += S[voigt[J][L]];
      if (md) a += pJ * (Fi[3 * J + i] * Fi[3 * L + kk] - Fi[3 * J + kk] * Fi[3 * L + i]);
      A[iJ][kL] = A[kL][iJ] = wd * a;
    }
  }
}

PF_TL_INLINE int tl_solid_impl(const pf_rule *rule, const int nn, const int nq, const int tet10,
                               const int md, const double *X, const double *u,
                               const pf_tl_material *m, double *fe, double *Ke, pf_tl_info *info) {
  const int nd = 3 * nn;
  pf_tl_kin k;
  int status = pf_tl_kinematics(rule, nn, nq, tet10, X, u, &k);

  /* Mean dilatation: Theta, p, U'' and h = dv/du (file header). */
  double theta = 0.0, U = 0.0, p = 0.0, d2U = 0.0;
  double Finv[PF_MAX_QP][9], h[PF_MAX_DOF];
  if (status == 0) {
    theta = k.v / k.V;
    if (md) {
      m->volumetric(m->law, theta, &U, &p, &d2U);
      if (!isfinite(U) || !isfinite(p) || !isfinite(d2U)) status = -1;
      for (int a = 0; a < nd; a++) h[a] = 0.0;
      for (int q = 0; q < nq && status == 0; q++) {
        pf_tl_inv3(k.F[q], k.J[q], Finv[q]);
        const double *Fi = Finv[q], s = k.wd[q] * k.J[q];
        for (int a = 0; a < nn; a++) {
          const double *G = k.G[q][a];
          for (int i = 0; i < 3; i++)
            h[3 * a + i] += s * (Fi[i] * G[0] + Fi[3 + i] * G[1] + Fi[6 + i] * G[2]);
        }
      }
    }
  }

  for (int a = 0; a < nd; a++) fe[a] = 0.0;
  double energy = 0.0, tr_sigma = 0.0;
  double AG[PF_MAX_QP][PF_MAX_NODES][3][9]; /* AG[q][b][J][3i + k] = sum_L A[iJ][kL] G_bL */
  for (int q = 0; q < nq && status == 0; q++) {
    const double *F = k.F[q], wd = k.wd[q], Jq = k.J[q];
    double S[6], Ct[36], W = 0.0;
    if (m->stress(m->law, md, F, m->a0, S, Ke ? Ct : NULL, info ? &W : NULL) != 0) {
      status = -1;
      break;
    }
    if (!isfinite(S[0] + S[1] + S[2] + S[3] + S[4] + S[5] + W)) {
      status = -1;
      break;
    }
    /* P = F S (+ p J F^-T), fe_a += wd P G_a. */
    double P[9];
    for (int i = 0; i < 3; i++) {
      const double *Fr = F + 3 * i;
      for (int J = 0; J < 3; J++)
        P[3 * i + J] = Fr[0] * S[voigt[0][J]] + Fr[1] * S[voigt[1][J]] + Fr[2] * S[voigt[2][J]];
    }
    if (!md) /* tr sigma = F : P / J */
      for (int t = 0; t < 9; t++) tr_sigma += wd * F[t] * P[t] / Jq;
    if (md)
      for (int i = 0; i < 3; i++)
        for (int J = 0; J < 3; J++) P[3 * i + J] += p * Jq * Finv[q][3 * J + i];
    for (int a = 0; a < nn; a++) {
      const double gx = wd * k.G[q][a][0], gy = wd * k.G[q][a][1], gz = wd * k.G[q][a][2];
      for (int i = 0; i < 3; i++)
        fe[3 * a + i] += P[3 * i] * gx + P[3 * i + 1] * gy + P[3 * i + 2] * gz;
    }
    energy += wd * W;
    if (!Ke) continue;
    double A[9][9];
    elasticity_tensor(F, Ct, S, md, p * Jq, md ? Finv[q] : F, wd, A);
    for (int b = 0; b < nn; b++) {
      const double gx = k.G[q][b][0], gy = k.G[q][b][1], gz = k.G[q][b][2];
      for (int J = 0; J < 3; J++)
        for (int i = 0; i < 3; i++) {
          const double *Ar = A[3 * i + J];
          for (int kk = 0; kk < 3; kk++)
            AG[q][b][J][3 * i + kk] = Ar[3 * kk] * gx + Ar[3 * kk + 1] * gy + Ar[3 * kk + 2] * gz;
        }
    }
  }

  if (status != 0) {
    memset(fe, 0, sizeof(double) * (size_t)nd);
    if (Ke) memset(Ke, 0, sizeof(double) * (size_t)(nd * nd));
    fail_info(&k, info);
    return -1;
  }

  if (Ke) {
    const double c1 = md ? d2U / k.V : 0.0;
    for (int a = 0; a < nn; a++) {
      for (int b = a; b < nn; b++) {
        double K[9] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        for (int q = 0; q < nq; q++)
          for (int J = 0; J < 3; J++) {
            const double g = k.G[q][a][J], *c = AG[q][b][J];
            for (int t = 0; t < 9; t++) K[t] += g * c[t];
          }
        if (md)
          for (int i = 0; i < 3; i++)
            for (int kk = 0; kk < 3; kk++) K[3 * i + kk] += c1 * h[3 * a + i] * h[3 * b + kk];
        if (a == b) { /* mirror the upper triangle of a diagonal block: exact symmetry */
          K[3] = K[1];
          K[6] = K[2];
          K[7] = K[5];
        }
        double *row = Ke + (3 * a) * nd + 3 * b, *col = Ke + (3 * b) * nd + 3 * a;
        for (int i = 0; i < 3; i++)
          for (int kk = 0; kk < 3; kk++) row[i * nd + kk] = col[kk * nd + i] = K[3 * i + kk];
      }
    }
  }

  if (info) {
    info->min_J = k.min_J;
    info->theta = theta;
    info->pressure = md ? p : tr_sigma / (3.0 * k.V);
    info->energy = energy + (md ? k.V * U : 0.0);
    info->volume = k.V;
  }
  return 0;
}

/* Internal force and consistent tangent of a solid element at finite strain (pf_fem.h; the
 * formulation in the file header). [in] type (tet4, tet10, hex8), X [3 nnode], u [3 nnode], m;
 * [out] fe [ndof], Ke [ndof^2] (may be NULL), info (may be NULL). Returns 0; -1 when det F <= 0
 * at a point (a tet10 node), the reference map is inverted at a point, or the law rejects F or
 * returns a non-finite stress (fe, Ke zeroed, info->min_J the true minimum, no NaN);
 * PF_ERR_INTERNAL for a type that is not a solid or a mean-dilatation call without m->volumetric.
 */
int pf_fem_tl_solid(pf_elem_type type, const double *X, const double *u, const pf_tl_material *m,
                    double *fe, double *Ke, pf_tl_info *info) {
  const int md = m->mean_dilatation && type != PF_ELEM_TET4;
  if (md && !m->volumetric) return PF_ERR_INTERNAL;
  const pf_rule *rule = pf_fem_rule(type);
  switch (type) {
    case PF_ELEM_TET4:
      return tl_solid_impl(rule, 4, 1, 0, 0, X, u, m, fe, Ke, info);
    case PF_ELEM_TET10:
      return md ? tl_solid_impl(rule, 10, 4, 1, 1, X, u, m, fe, Ke, info)
                : tl_solid_impl(rule, 10, 4, 1, 0, X, u, m, fe, Ke, info);
    case PF_ELEM_HEX8:
      return md ? tl_solid_impl(rule, 8, 8, 0, 1, X, u, m, fe, Ke, info)
                : tl_solid_impl(rule, 8, 8, 0, 0, X, u, m, fe, Ke, info);
    default:
      return PF_ERR_INTERNAL;
  }
}
