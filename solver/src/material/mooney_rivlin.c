/*
 * Compressible Mooney-Rivlin, isochoric part:
 *   W_iso = C10 (I1bar - 3) + C01 (I2bar - 3),
 * with U(J) from pf_material_volumetric (material.c). Holzapfel 2000, eq. 6.148 with the
 * Mooney-Rivlin energy of eq. 6.145 written in the isochoric invariants; Abaqus Theory Manual
 * 4.6.1 (polynomial form, N = 1). Initial shear modulus 2 (C10 + C01). Stress and tangent from
 * the generic invariant formulas (invariants.c) with W1 = C10, W2 = C01.
 */
#include "material/material_impl.h"

void pf_mat_mooney_rivlin_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi) {
  const double C10 = m->matrix.C10, C01 = m->matrix.C01;
  psi->W = C10 * (I1b - 3.0) + C01 * (I2b - 3.0);
  psi->W1 = C10;
  psi->W2 = C01;
  psi->W11 = psi->W12 = psi->W22 = 0.0;
}
