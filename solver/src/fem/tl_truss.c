/*
 * Truss2 at finite strain (ligaments, fascia cables): axial force from the stretch, internal
 * force and consistent tangent.
 *
 * Kinematics: with d = x2 - x1 (current), l = |d|, n = d / l and L the reference length, the
 * stretch is lambda = (1 + prestrain) l / L (the bar's rest length is L / (1 + prestrain)).
 * Equilibrium: the nodal forces of an axial force N are fe = N [-n, n] (d l / d x2 = n).
 * Tangent (Crisfield, Non-linear Finite Element Analysis of Solids and Structures, vol. 1
 * (1991), ch. 3, the truss element in space): with k = dN/dl = N'(lambda) (1 + prestrain) / L,
 *   K3 = k n (x) n + (N / l) (I - n (x) n),   Ke = [[K3, -K3], [-K3, K3]]
 * (material + geometric parts; symmetric because N depends on l alone).
 *
 * Force law (strain eps = lambda - 1, tension positive):
 * - tension_only = 0: N = EA eps;
 * - tension_only = 1: N = EA [(1 - k_r) r(eps) + k_r eps] with k_r = reg_stiffness and r the
 *   one-sided quadratic (C1) smoothing of max(eps, 0) over 0 < eps < w = reg_strain:
 *     r = 0 (eps <= 0),  eps^2 / (2 w) (0 < eps < w),  eps - w / 2 (eps >= w).
 *   Hence a bar at or below its rest length (lambda <= 1: slack, or a rigid motion) carries only
 *   the regularisation force k_r EA eps (exactly 0 at lambda = 1, so an unloaded model is in
 *   equilibrium), and N = EA (eps - (1 - k_r) w / 2) in tension beyond w: the ramp costs a
 *   constant offset of EA w / 2 (0.5e-4 EA for w = 1e-4). Value and slope are continuous
 *   everywhere; w = 0 gives the sharp switch (C0). The ramp is placed above lambda = 1 rather
 *   than centred on it: a centred quadratic ramp would give the unstretched bar a force EA w / 4.
 */
#include <math.h>
#include <string.h>

#include "fem/pf_fem.h"

/* Axial force N(eps) and dN/deps of the law (file header). */
static void truss_force(const pf_truss_law *law, double eps, double *N, double *dN) {
  const double EA = law->EA;
  if (!law->tension_only) {
    *N = EA * eps;
    *dN = EA;
    return;
  }
  const double w = law->reg_strain, kr = law->reg_stiffness;
  double r, dr;
  if (eps <= 0.0) {
    r = 0.0;
    dr = 0.0;
  } else if (eps < w) {
    r = eps * eps / (2.0 * w);
    dr = eps / w;
  } else {
    r = eps - 0.5 * w;
    dr = 1.0;
  }
  *N = EA * ((1.0 - kr) * r + kr * eps);
  *dN = EA * ((1.0 - kr) * dr + kr);
}

/* Truss at finite strain (pf_fem.h; formulas in the file header). [in] X [6], u [6], law;
 * [out] fe [6], Ke [36] (may be NULL), N, lambda (may be NULL). Returns 0, or -1 for a zero (or
 * non-finite) reference or current length: outputs are then zero, never NaN. */
int pf_fem_tl_truss(const double *X, const double *u, const pf_truss_law *law, double *fe,
                    double *Ke, double *N, double *lambda) {
  memset(fe, 0, 6 * sizeof(double));
  if (Ke) memset(Ke, 0, 36 * sizeof(double));
  if (N) *N = 0.0;
  if (lambda) *lambda = 0.0;
  double D[3], d[3];
  for (int i = 0; i < 3; i++) {
    D[i] = X[3 + i] - X[i];
    d[i] = D[i] + u[3 + i] - u[i];
  }
  const double L = sqrt(D[0] * D[0] + D[1] * D[1] + D[2] * D[2]);
  const double l = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  if (!(L > 0.0) || !(l > 0.0) || !isfinite(l)) return -1;
  const double s = (1.0 + law->prestrain) / L, lam = s * l;
  double Nf, dN;
  truss_force(law, lam - 1.0, &Nf, &dN);
  const double n[3] = {d[0] / l, d[1] / l, d[2] / l};
  for (int i = 0; i < 3; i++) {
    fe[i] = -Nf * n[i];
    fe[3 + i] = Nf * n[i];
  }
  if (N) *N = Nf;
  if (lambda) *lambda = lam;
  if (!Ke) return 0;
  const double km = dN * s, kg = Nf / l;
  for (int i = 0; i < 3; i++)
    for (int j = i; j < 3; j++) { /* upper triangle, mirrored: Ke exactly symmetric */
      const double v = (km - kg) * n[i] * n[j] + (i == j ? kg : 0.0);
      Ke[6 * i + j] = Ke[6 * (i + 3) + j + 3] = Ke[6 * j + i] = Ke[6 * (j + 3) + i + 3] = v;
      Ke[6 * i + j + 3] = Ke[6 * (i + 3) + j] = Ke[6 * j + i + 3] = Ke[6 * (j + 3) + i] = -v;
    }
  return 0;
}
