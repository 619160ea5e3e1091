/*
 * Tension-only fibre along the reference direction a0 (unit), added to a split isotropic matrix.
 * The fibre sees the FULL deformation (no isochoric split of I4: with I4bar a fibre-reinforced
 * sphere under pure pressure would deform as if isotropic; Sansour, Eur. J. Mech. A/Solids 27
 * (2008) 28):
 *   I4 = a0 . C a0,  lambda_f = (1 + prestrain) sqrt(I4),  W_f = W_f(lambda_f) (per unit reference
 *   volume), T(lambda) = dW_f/dlambda (nominal fibre stress), T = 0 for lambda_f <= 1.
 * Stress and tangent (chain rule, d lambda_f / dC = lambda_f / (2 I4) A, A = a0 (x) a0; Holzapfel
 * 2000, section 6.7, transversely isotropic materials):
 *   S_f  = 2 dW_f/dC = T lambda_f / I4 A,
 *   Ct_f = 2 dS_f/dC = (T' lambda_f^2 - T lambda_f) / I4^2 A (x) A.
 * The Cauchy stress along the current fibre direction is J^-1 lambda_f T(lambda_f), whatever part
 * of lambda_f is prestrain: at F = I the fibre carries sigma = S = (1+p) T(1+p) A.
 *
 * Laws (lambda > 1; eps = lambda - 1):
 *   linear:      W = E eps^2 / 2,  T = E eps.
 *   exponential: Natali, Pavan & Stecco, Connect. Tissue Res. 51 (2010) 337, whose uniaxial
 *                Cauchy fibre term is sigma_f = k/(2 alpha) (exp(alpha (lambda^2 - 1)) - 1)
 * lambda^2. The energy giving it (sigma_f = lambda dW/dlambda at J = 1) is W = k/(4 alpha^2)
 * (exp(alpha (lambda^2 - 1)) - alpha (lambda^2 - 1) - 1), i.e. without prestrain k/(4 alpha^2)
 * (exp(alpha (I4 - 1)) - alpha (I4 - 1) - 1); T = k/(2 alpha) lambda (exp(alpha (lambda^2 - 1)) -
 * 1); initial slope k. toe_linear:  a quadratic toe up to the toe strain eps_t, then linear with
 * modulus E; T and T' are continuous at eps_t and T' = 0 at eps = 0 (the simplest C1 toe; the
 *                toe-linear idealisation of collagen of Weiss, Maker & Govindjee, CMAME 135
 *                (1996) 107 uses an exponential toe instead):
 *                eps <= eps_t: T = E eps^2 / (2 eps_t),    W = E eps^3 / (6 eps_t),
 *                eps >  eps_t: T = E (eps - eps_t / 2),     W = E eps_t^2/6 + E/2 ((eps -
 * eps_t/2)^2
 *                                                               - eps_t^2/4).
 */
#include <math.h>

#include "material/material_impl.h"

void pf_mat_fibre_law(const pf_material *m, double lambda, double *Wf, double *T, double *dT) {
  *Wf = *T = *dT = 0.0;
  if (!(lambda > 1.0)) return;
  const double eps = lambda - 1.0;
  switch (m->fibre_law) {
    case PF_FIBRE_LINEAR:
      *Wf = 0.5 * m->fibre_E * eps * eps;
      *T = m->fibre_E * eps;
      *dT = m->fibre_E;
      break;
    case PF_FIBRE_EXPONENTIAL: {
      const double k = m->fibre_k, al = m->fibre_alpha;
      const double q = al * eps * (lambda + 1.0); /* alpha (lambda^2 - 1), no cancellation */
      const double g = expm1(q);
      *Wf = k / (4.0 * al * al) * (g - q);
      *T = k / (2.0 * al) * lambda * g;
      *dT = k / (2.0 * al) * g + k * lambda * lambda * (g + 1.0);
      break;
    }
    case PF_FIBRE_TOE_LINEAR: {
      const double E = m->fibre_E, et = m->fibre_toe_strain;
      if (eps <= et) {
        *Wf = E * eps * eps * eps / (6.0 * et);
        *T = 0.5 * E * eps * eps / et;
        *dT = E * eps / et;
      } else {
        const double d = eps - 0.5 * et;
        *Wf = E * et * et / 6.0 + 0.5 * E * (d * d - 0.25 * et * et);
        *T = E * d;
        *dT = E;
      }
      break;
    }
  }
}

void pf_mat_fibre_add(const pf_material *m, const pf_mat_kin *k, const double a0[3], double S[6],
                      double Ct[36], double *W) {
  const double *C = k->C;
  const double Ca[3] = {C[0] * a0[0] + C[3] * a0[1] + C[5] * a0[2],
                        C[3] * a0[0] + C[1] * a0[1] + C[4] * a0[2],
                        C[5] * a0[0] + C[4] * a0[1] + C[2] * a0[2]};
  const double I4 = a0[0] * Ca[0] + a0[1] * Ca[1] + a0[2] * Ca[2];
  const double lam = (1.0 + m->fibre_prestrain) * sqrt(I4);
  if (!(lam > 1.0)) return; /* tension only: nothing in a slack or compressed fibre */
  double Wf, T, dT;
  pf_mat_fibre_law(m, lam, &Wf, &T, &dT);
  double A[6];
  for (int v = 0; v < 6; v++) A[v] = a0[PF_VI[v]] * a0[PF_VJ[v]];
  const double g = T * lam / I4;
  for (int v = 0; v < 6; v++) S[v] += g * A[v];
  if (W) *W += Wf;
  if (!Ct) return;
  const double h = (dT * lam * lam - T * lam) / (I4 * I4);
  for (int i = 0; i < 6; i++) {
    const double hi = h * A[i];
    for (int j = 0; j < 6; j++) Ct[6 * i + j] += hi * A[j];
  }
}
