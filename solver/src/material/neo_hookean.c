/*
 * Compressible neo-Hookean, isochoric part:
 *   W_iso = mu/2 (I1bar - 3) = C10 (I1bar - 3),  C10 = mu / 2,
 * with U(J) from pf_material_volumetric (material.c). Holzapfel 2000, eq. 6.148 (decoupled
 * form); Simo & Hughes, Computational Inelasticity, 1998, eq. 9.2.8. Initial shear modulus mu.
 * Stress and tangent from the generic invariant formulas (invariants.c) with
 * W1 = C10 and all other derivatives 0.
 */
#include "material/material_impl.h"

void pf_mat_neo_hookean_psi(const pf_material *m, double I1b, double I2b, pf_mat_psi *psi) {
  (void)I2b;
  const double C10 = m->matrix.C10;
  psi->W = C10 * (I1b - 3.0);
  psi->W1 = C10;
  psi->W2 = psi->W11 = psi->W12 = psi->W22 = 0.0;
}
