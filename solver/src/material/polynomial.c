/*
 * Polynomial hyperelasticity of order N = 2 in the Abaqus convention (Abaqus Theory Manual
 * 4.6.1, "Hyperelastic material behavior"), isochoric part:
 *   W_iso = sum_{i+j<=2} Cij (I1bar - 3)^i (I2bar - 3)^j
 *         = C10 u + C01 v + C20 u^2 + C11 u v + C02 v^2,  u = I1bar - 3, v = I2bar - 3,
 * with U(J) = (J-1)^2/D1 + (J-1)^4/D2 (or K/2 (ln J)^2) from pf_material_volumetric (material.c).
 * Published coefficients (e.g. Cheung et al. 2005, from Lemmon et al. 1997) drop in unchanged.
 * Initial shear modulus 2 (C10 + C01). Derivatives:
 *   W1 = C10 + 2 C20 u + C11 v,  W2 = C01 + C11 u + 2 C02 v,
 *   W11 = 2 C20,  W12 = C11,  W22 = 2 C02,
 * fed to the generic invariant formulas (invariants.c, Holzapfel 2000 eq. 6.168).
 */
#include "material/material_impl.h"

void pf_mat_polynomial_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi) {
  const double C10 = m->matrix.C10, C01 = m->matrix.C01, C20 = m->matrix.C20, C11 = m->matrix.C11,
               C02 = m->matrix.C02;
  const double u = I1b - 3.0, v = I2b - 3.0;
  psi->W = C10 * u + C01 * v + C20 * u * u + C11 * u * v + C02 * v * v;
  psi->W1 = C10 + 2.0 * C20 * u + C11 * v;
  psi->W2 = C01 + C11 * u + 2.0 * C02 * v;
  psi->W11 = 2.0 * C20;
  psi->W12 = C11;
  psi->W22 = 2.0 * C02;
}
