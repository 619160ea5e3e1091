/*
 * Small-strain kernels of the solid elements (tet4, tet10, hex8): Jacobian and spatial shape
 * function gradients, the isotropic elasticity matrix, the stiffness B^T D B, element-average
 * strain and stress, consistent body forces and the volume.
 *
 * Source: the displacement formulation of linear elastostatics, k^e = int B^T D B dV and
 * f^e = int N^T b dV evaluated by quadrature in isoparametric coordinates: Hughes, The Finite
 * Element Method (Dover 2000), ch. 2 (elastostatics, B and D matrices) and ch. 3 (isoparametric
 * elements, numerical integration); Zienkiewicz, Taylor & Zhu, The Finite Element Method: Its
 * Basis and Fundamentals, 7th ed. (2013), chapters on elasticity and on mapped elements. The Voigt
 * order is pfsim's (xx yy zz xy yz xz, engineering shear inside the kernels); Hughes orders the
 * shear rows 23 13 12, which permutes rows and columns of D and B consistently and changes nothing.
 *
 * Every function here is reentrant: no allocation, no static scratch, only stack arrays bounded
 * by PF_MAX_NODES and PF_MAX_QP.
 */
#include <math.h>

#include "fem/pf_fem.h"

#define PF_INLINE static inline __attribute__((always_inline))

/* J[i][k] = sum_a X[3a+i] dN[a][k]; returns det J. */
PF_INLINE double jacobian(int nn, const double (*dN)[3], const double *X, double J[3][3]) {
  for (int i = 0; i < 3; i++)
    for (int k = 0; k < 3; k++) J[i][k] = 0.0;
  for (int a = 0; a < nn; a++) {
    const double x = X[3 * a], y = X[3 * a + 1], z = X[3 * a + 2];
    for (int k = 0; k < 3; k++) {
      J[0][k] += x * dN[a][k];
      J[1][k] += y * dN[a][k];
      J[2][k] += z * dN[a][k];
    }
  }
  return J[0][0] * (J[1][1] * J[2][2] - J[1][2] * J[2][1]) -
         J[0][1] * (J[1][0] * J[2][2] - J[1][2] * J[2][0]) +
         J[0][2] * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);
}

/* dN_dX[a][i] = sum_k dN[a][k] (J^-1)[k][i]; returns det J. A singular J gives zero gradients
 * (and det 0) instead of infinities, so callers see the bad element through the returned det. */
PF_INLINE double gradients(int nn, const double (*dN)[3], const double *X, double (*g)[3]) {
  double J[3][3];
  const double det = jacobian(nn, dN, X, J);
  const double s = det != 0.0 ? 1.0 / det : 0.0;
  /* Inverse by cofactors: Jinv[k][i] = cof(J)[i][k] / det. */
  double Ji[3][3];
  Ji[0][0] = s * (J[1][1] * J[2][2] - J[1][2] * J[2][1]);
  Ji[0][1] = s * (J[0][2] * J[2][1] - J[0][1] * J[2][2]);
  Ji[0][2] = s * (J[0][1] * J[1][2] - J[0][2] * J[1][1]);
  Ji[1][0] = s * (J[1][2] * J[2][0] - J[1][0] * J[2][2]);
  Ji[1][1] = s * (J[0][0] * J[2][2] - J[0][2] * J[2][0]);
  Ji[1][2] = s * (J[0][2] * J[1][0] - J[0][0] * J[1][2]);
  Ji[2][0] = s * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);
  Ji[2][1] = s * (J[0][1] * J[2][0] - J[0][0] * J[2][1]);
  Ji[2][2] = s * (J[0][0] * J[1][1] - J[0][1] * J[1][0]);
  for (int a = 0; a < nn; a++) {
    const double d0 = dN[a][0], d1 = dN[a][1], d2 = dN[a][2];
    for (int i = 0; i < 3; i++) g[a][i] = d0 * Ji[0][i] + d1 * Ji[1][i] + d2 * Ji[2][i];
  }
  return det;
}

/* Jacobian of the isoparametric map at a point (pf_fem.h). */
double pf_fem_jacobian(int nnode, const double (*dN)[3], const double *X, double J[3][3]) {
  double Jl[3][3];
  const double det = jacobian(nnode, dN, X, Jl);
  if (J)
    for (int i = 0; i < 3; i++)
      for (int k = 0; k < 3; k++) J[i][k] = Jl[i][k];
  return det;
}

/* Spatial gradients at point q of rule (pf_fem.h): dN/dX = dN/dxi J^-1 (chain rule; Hughes
 * 2000, ch. 3). [in] rule, q, X [nnode*3]; [out] dN_dX [nnode][3]. Returns det J. */
double pf_fem_gradients(const pf_rule *rule, int q, const double *X, double (*dN_dX)[3]) {
  return gradients(rule->nnode, (const double(*)[3])rule->dN[q], X, dN_dX);
}

/* Isotropic linear elasticity in Voigt form with engineering shear: lambda = E nu / ((1 + nu)
 * (1 - 2 nu)), mu = E / (2 (1 + nu)); D = lambda m m^T + mu diag(2, 2, 2, 1, 1, 1) (Hughes 2000,
 * ch. 2, isotropic elasticity). [in] E (MPa), nu (< 0.5); [out] D [36] row-major. */
void pf_fem_isotropic_D(double E, double nu, double D[36]) {
  const double lambda = E * nu / ((1.0 + nu) * (1.0 - 2.0 * nu));
  const double mu = E / (2.0 * (1.0 + nu));
  for (int k = 0; k < 36; k++) D[k] = 0.0;
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) D[6 * i + j] = lambda;
    D[7 * i] = lambda + 2.0 * mu;
    D[7 * (i + 3)] = mu;
  }
}

/*
 * Ke = sum_q B_q^T D B_q detJ_q w_q, with the structure of B exploited. For node b the 6x3 block
 * B_b has 9 non-zeros (rows xx yy zz xy yz xz; columns x y z):
 *   col x = (bx, 0, 0, by, 0, bz), col y = (0, by, 0, bx, bz, 0), col z = (0, 0, bz, 0, by, bx).
 * Per point, DB_b = (w detJ D) B_b is formed once for every node (54 multiply-adds per node);
 * then each 3x3 block K_ab = sum_q B_a^T DB_b costs 27 multiply-adds per point. Only the blocks
 * b >= a are computed (K is symmetric) and each is written once to both halves, so Ke is exactly
 * symmetric. tet10: 4 x (540 + 55 x 27) = 8100 multiply-adds per element.
 */
PF_INLINE double stiffness_impl(const pf_rule *rule, const int nn, const int nq, const double *X,
                                const double D[36], double *Ke) {
  const int nd = 3 * nn;
  double DB[PF_MAX_QP][PF_MAX_NODES][3][6]; /* DB[q][b][j][r] = (w detJ D B_b)[r][j] */
  double g[PF_MAX_QP][PF_MAX_NODES][3];
  double min_det = INFINITY;
  for (int q = 0; q < nq; q++) {
    const double det = gradients(nn, (const double(*)[3])rule->dN[q], X, g[q]);
    if (det < min_det) min_det = det;
    const double wd = rule->w[q] * det;
    double Dw[36];
    for (int k = 0; k < 36; k++) Dw[k] = wd * D[k];
    for (int b = 0; b < nn; b++) {
      const double bx = g[q][b][0], by = g[q][b][1], bz = g[q][b][2];
      for (int r = 0; r < 6; r++) {
        const double *Dr = Dw + 6 * r;
        DB[q][b][0][r] = Dr[0] * bx + Dr[3] * by + Dr[5] * bz;
        DB[q][b][1][r] = Dr[1] * by + Dr[3] * bx + Dr[4] * bz;
        DB[q][b][2][r] = Dr[2] * bz + Dr[4] * by + Dr[5] * bx;
      }
    }
  }
  for (int a = 0; a < nn; a++) {
    for (int b = a; b < nn; b++) {
      double k[3][3] = {{0.0}};
      for (int q = 0; q < nq; q++) {
        const double ax = g[q][a][0], ay = g[q][a][1], az = g[q][a][2];
        for (int j = 0; j < 3; j++) {
          const double *c = DB[q][b][j];
          k[0][j] += ax * c[0] + ay * c[3] + az * c[5];
          k[1][j] += ay * c[1] + ax * c[3] + az * c[4];
          k[2][j] += az * c[2] + ay * c[4] + ax * c[5];
        }
      }
      double *row = Ke + (3 * a) * nd + 3 * b;
      if (a == b) { /* symmetric diagonal block: mirror the upper triangle */
        k[1][0] = k[0][1];
        k[2][0] = k[0][2];
        k[2][1] = k[1][2];
      }
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) row[i * nd + j] = k[i][j];
      if (a != b) {
        double *col = Ke + (3 * b) * nd + 3 * a;
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) col[j * nd + i] = k[i][j];
      }
    }
  }
  return min_det;
}

/* Small-strain stiffness Ke = sum_q B^T D B detJ w (see stiffness_impl and the file header).
 * [in] type (tet4, tet10, hex8), X [nnode*3], D [36]; [out] Ke [ndof*ndof] row-major, fully
 * written. Returns min detJ over the points (<= 0: inverted element; Ke is then still formed
 * with the signed detJ and must not be used). Truss2/invalid types: returns NaN, Ke untouched. */
double pf_fem_solid_stiffness(pf_elem_type type, const double *X, const double D[36], double *Ke) {
  /* Constant node and point counts let the compiler unroll and vectorise each type. */
  switch (type) {
    case PF_ELEM_TET4:
      return stiffness_impl(pf_fem_rule(type), 4, 1, X, D, Ke);
    case PF_ELEM_TET10:
      return stiffness_impl(pf_fem_rule(type), 10, 4, X, D, Ke);
    case PF_ELEM_HEX8:
      return stiffness_impl(pf_fem_rule(type), 8, 8, X, D, Ke);
    default:
      return NAN;
  }
}

/* Element-average small strain and stress and min det(I + grad u).
 * The average is the volume average (1/V) int eps dV evaluated with the element's rule,
 * sum_q eps_q detJ_q w_q / sum_q detJ_q w_q (exact for tet10 with straight sides and a quadratic
 * displacement field: eps is linear and detJ constant). stress = D * average strain (D is
 * constant over the element, so this is also the average stress). Output shear is tensor shear
 * eps_xy = gamma_xy / 2 (DESIGN.md); stress shear is sigma_xy.
 * [in] type, X [nnode*3], u [ndof], D [36]; [out] strain [6], stress [6], min_J (any may be NULL
 * except strain/stress). A zero total volume falls back to the plain mean over the points. */
void pf_fem_solid_strain_stress(pf_elem_type type, const double *X, const double *u,
                                const double D[36], double strain[6], double stress[6],
                                double *min_J) {
  const pf_rule *rule = pf_fem_rule(type);
  if (!rule) {
    for (int r = 0; r < 6; r++) strain[r] = stress[r] = NAN;
    if (min_J) *min_J = NAN;
    return;
  }
  const int nn = rule->nnode;
  double acc[6] = {0.0}, mean[6] = {0.0}, vol = 0.0, jmin = INFINITY;
  for (int q = 0; q < rule->nqp; q++) {
    double g[PF_MAX_NODES][3];
    const double det = gradients(nn, (const double(*)[3])rule->dN[q], X, g);
    double H[3][3] = {{0.0}}; /* H[i][j] = du_i/dX_j */
    for (int a = 0; a < nn; a++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) H[i][j] += u[3 * a + i] * g[a][j];
    const double e[6] = {H[0][0],           H[1][1],           H[2][2],
                         H[0][1] + H[1][0], H[1][2] + H[2][1], H[0][2] + H[2][0]};
    const double wd = rule->w[q] * det;
    for (int r = 0; r < 6; r++) {
      acc[r] += wd * e[r];
      mean[r] += e[r];
    }
    vol += wd;
    const double F[3][3] = {{1.0 + H[0][0], H[0][1], H[0][2]},
                            {H[1][0], 1.0 + H[1][1], H[1][2]},
                            {H[2][0], H[2][1], 1.0 + H[2][2]}};
    const double J = F[0][0] * (F[1][1] * F[2][2] - F[1][2] * F[2][1]) -
                     F[0][1] * (F[1][0] * F[2][2] - F[1][2] * F[2][0]) +
                     F[0][2] * (F[1][0] * F[2][1] - F[1][1] * F[2][0]);
    if (J < jmin) jmin = J;
  }
  double eps[6];
  for (int r = 0; r < 6; r++) eps[r] = vol != 0.0 ? acc[r] / vol : mean[r] / rule->nqp;
  for (int r = 0; r < 6; r++) {
    double s = 0.0;
    for (int c = 0; c < 6; c++) s += D[6 * r + c] * eps[c];
    stress[r] = s;
  }
  for (int r = 0; r < 3; r++) {
    strain[r] = eps[r];
    strain[r + 3] = 0.5 * eps[r + 3];
  }
  if (min_J) *min_J = jmin;
}

/* Consistent nodal forces of a uniform body force, fe_a = int N_a b dV = sum_q N_a b detJ w
 * (Hughes 2000, ch. 2-3). Exact for tet4, tet10 with straight sides (N_a quadratic, detJ
 * constant) and any hex8 (N_a detJ of degree <= 3 per direction). [out] fe [ndof]. */
void pf_fem_body_force(pf_elem_type type, const double *X, const double b[3], double *fe) {
  const pf_rule *rule = pf_fem_rule(type);
  if (!rule) return;
  const int nn = rule->nnode;
  for (int k = 0; k < 3 * nn; k++) fe[k] = 0.0;
  for (int q = 0; q < rule->nqp; q++) {
    double J[3][3];
    const double wd = rule->w[q] * jacobian(nn, (const double(*)[3])rule->dN[q], X, J);
    for (int a = 0; a < nn; a++) {
      const double s = rule->N[q][a] * wd;
      for (int i = 0; i < 3; i++) fe[3 * a + i] += s * b[i];
    }
  }
}

/* Volume sum_q detJ w (signed: negative for an inverted element). Exact for tet4, straight tet10
 * and every hex8 (det J has degree <= 2 per direction; 2-point Gauss is exact to degree 3). */
double pf_fem_volume(pf_elem_type type, const double *X) {
  const pf_rule *rule = pf_fem_rule(type);
  if (!rule) return NAN;
  double v = 0.0;
  for (int q = 0; q < rule->nqp; q++) {
    double J[3][3];
    v += rule->w[q] * jacobian(rule->nnode, (const double(*)[3])rule->dN[q], X, J);
  }
  return v;
}
