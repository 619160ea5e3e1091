/*
 * Private to material/: the pieces the law files share. Not for use outside this folder.
 *
 * Voigt order xx yy zz xy yz xz (PF_VI, PF_VJ give the tensor indices of a Voigt slot). A
 * symmetric 3x3 tensor in Voigt form holds its tensor components; a fourth-order tangent with
 * minor symmetries holds C_ABCD in row (AB), column (CD): with the engineering-shear strain
 * vector this is exactly dS = Ct dE (pf_material.h).
 */
#ifndef PF_MATERIAL_IMPL_H
#define PF_MATERIAL_IMPL_H

#include "material/pf_material.h"

static const int PF_VI[6] = {0, 1, 2, 0, 1, 0};
static const int PF_VJ[6] = {0, 1, 2, 1, 2, 2};

/* Kinematics of a material point, computed once per evaluation. */
typedef struct {
  double C[6];  /* right Cauchy-Green tensor F^T F (Voigt, tensor components) */
  double Ci[6]; /* C^-1 */
  double J;     /* det F > 0 */
  double Jm23;  /* J^(-2/3) */
  double I1, I2;
} pf_mat_kin;

/* Fills k from F; returns -1 (k untouched beyond what was computed) when det F <= 0 or is not
 * finite. */
int pf_mat_kinematics(const double F[9], pf_mat_kin *k);

/* Entry (i, j) of a symmetric 3x3 tensor stored in Voigt form. */
static inline double pf_mat_vget(const double v[6], int i, int j) {
  static const int map[3][3] = {{0, 3, 5}, {3, 1, 4}, {5, 4, 2}};
  return v[map[i][j]];
}

/* Ct += c I_A with (I_A)_ABCD = (A_AC A_BD + A_AD A_BC) / 2 for a symmetric A (Voigt), e.g.
 * -dC^-1/dC for A = C^-1 (Holzapfel 2000, eq. 6.165). */
void pf_mat_add_sym_product(double c, const double A[6], double Ct[36]);

/* Derivatives of an isochoric energy W(I1bar, I2bar): psi = {W, W1, W2, W11, W12, W22}
 * (Wi = dW/dIibar, Wij = d2W/dIibar dIjbar). */
typedef struct {
  double W, W1, W2, W11, W12, W22;
} pf_mat_psi;

/* S += 2 dW/dC and Ct += 4 d2W/dC dC of W(I1bar, I2bar) given its derivatives psi (invariants.c;
 * Holzapfel 2000 section 6.6, written in the basis {I, C, C^-1}). */
void pf_mat_invariant_stress(const pf_mat_kin *k, const pf_mat_psi *psi, double S[6],
                             double Ct[36]);

/* Isochoric energies W(I1bar, I2bar) of the invariant laws (their files), from m->matrix. */
void pf_mat_neo_hookean_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi);
void pf_mat_mooney_rivlin_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi);
void pf_mat_polynomial_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi);

/* Ogden isochoric part (ogden.c) from m->matrix: S += S_iso, Ct += Ct_iso (Ct may be NULL),
 * *W += W_iso. */
void pf_mat_ogden_iso(const pf_material *m, const pf_mat_kin *k, double S[6], double Ct[36],
                      double *W);

/* St Venant-Kirchhoff (linear_elastic.c): S, Ct (may be NULL) and W are set, not added. */
void pf_mat_svk(const pf_material *m, const pf_mat_kin *k, double S[6], double Ct[36], double *W);

/* Fibre law (fibre.c): energy Wf, nominal stress T = dWf/dlambda and dT/dlambda at fibre stretch
 * lambda (all 0 for lambda <= 1). */
void pf_mat_fibre_law(const pf_material *m, double lambda, double *Wf, double *T, double *dT);

/* Adds the fibre's S, Ct (may be NULL) and W for the unit reference direction a0 (fibre.c). */
void pf_mat_fibre_add(const pf_material *m, const pf_mat_kin *k, const double a0[3], double S[6],
                      double Ct[36], double *W);

/* Symmetric 3x3 eigen-decomposition by cyclic Jacobi rotations (ogden.c): A (Voigt) = sum_a
 * lam[a] v_a v_a^T, eigenvector a in column a of V (row-major 3x3), orthonormal to round-off. */
void pf_mat_eigen_sym3(const double A[6], double lam[3], double V[9]);

#endif /* PF_MATERIAL_IMPL_H */
