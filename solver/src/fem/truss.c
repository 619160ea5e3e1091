/*
 * Truss2 (two-node bar) small-strain kernels: the axial stiffness EA/L along the unit vector e of
 * the bar, Ke = EA/L [[e e^T, -e e^T], [-e e^T, e e^T]], and the axial strain (u2 - u1).e / L.
 * Source: the linear bar element in space, e.g. Cook, Malkus, Plesha & Witt, Concepts and
 * Applications of Finite Element Analysis, 4th ed. (2002), bar and truss elements; Hughes, The
 * Finite Element Method (Dover 2000), ch. 1 (one-dimensional linear element).
 */
#include <math.h>

#include "fem/pf_fem.h"

/* Unit vector of the bar and its length; returns 0 for a zero-length bar. */
static double truss_axis(const double *X, double e[3]) {
  const double d[3] = {X[3] - X[0], X[4] - X[1], X[5] - X[2]};
  const double L = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  for (int i = 0; i < 3; i++) e[i] = L > 0.0 ? d[i] / L : 0.0;
  return L;
}

/* Truss2 stiffness EA/L (e e^T blocks). [in] X [6] end coordinates, EA (N); [out] Ke [36]
 * row-major. A zero-length bar gives Ke = 0 (pf_element_quality reports it). */
void pf_fem_truss_stiffness(const double *X, double EA, double *Ke) {
  double e[3];
  const double L = truss_axis(X, e);
  const double k = L > 0.0 ? EA / L : 0.0;
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) {
      const double v = k * e[i] * e[j];
      Ke[6 * i + j] = v;
      Ke[6 * (i + 3) + j + 3] = v;
      Ke[6 * i + j + 3] = -v;
      Ke[6 * (i + 3) + j] = -v;
    }
  }
}

/* Truss2 axial strain (u2 - u1).e / L and axial force EA * strain (tension positive).
 * [in] X [6], u [6], EA; [out] strain, force (either may be NULL). Zero-length bar: 0, 0. */
void pf_fem_truss_strain(const double *X, const double *u, double EA, double *strain,
                         double *force) {
  double e[3];
  const double L = truss_axis(X, e);
  const double s =
      L > 0.0 ? ((u[3] - u[0]) * e[0] + (u[4] - u[1]) * e[1] + (u[5] - u[2]) * e[2]) / L : 0.0;
  if (strain) *strain = s;
  if (force) *force = EA * s;
}
