/*
 * linear_elastic at finite strain: St Venant-Kirchhoff,
 *   W = lambda/2 (tr E)^2 + mu E:E,  S = lambda tr(E) I + 2 mu E,  Ct = lambda I(x)I + 2 mu II,
 * E = (C - I) / 2, lambda = E nu / ((1 + nu)(1 - 2 nu)), mu = E / (2 (1 + nu)).
 * Holzapfel 2000, eqs. 6.151-6.153; Bonet & Wood 2008, section 6.4.1. Not split into isochoric
 * and volumetric parts (no PF_PART_ISOCHORIC). It reproduces the linear law at small strain and
 * is meant for stiff parts (bone) with small strains but large rotations; it softens and loses
 * stability in strong compression, so it is not a soft-tissue law.
 */
#include "material/material_impl.h"

void pf_mat_svk(const pf_material *m, const pf_mat_kin *k, double S[6], double Ct[36], double *W) {
  const double lambda = m->lambda, mu = m->mu;
  double E[6];
  for (int v = 0; v < 6; v++) E[v] = 0.5 * (k->C[v] - (v < 3));
  const double tr = E[0] + E[1] + E[2];
  if (S)
    for (int v = 0; v < 6; v++) S[v] = 2.0 * mu * E[v] + (v < 3 ? lambda * tr : 0.0);
  if (W) {
    const double EE =
        E[0] * E[0] + E[1] * E[1] + E[2] * E[2] + 2.0 * (E[3] * E[3] + E[4] * E[4] + E[5] * E[5]);
    *W = 0.5 * lambda * tr * tr + mu * EE;
  }
  if (Ct) {
    for (int v = 0; v < 36; v++) Ct[v] = 0.0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) Ct[6 * i + j] = lambda;
      Ct[7 * i] += 2.0 * mu;
    }
    for (int i = 3; i < 6; i++) Ct[7 * i] = mu;
  }
}
