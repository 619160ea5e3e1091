/*
 * Consistent nodal forces of distributed loads on faces, and face areas.
 *
 * fe_a = int_A N_a (t - p n) dA. With the surface map x(xi, eta), n dA = (x_xi x x_eta) dxi deta,
 * so the pressure part int N_a n dA = int N_a (x_xi x x_eta) dxi deta is a polynomial for every
 * face type and is integrated exactly by the face rules of pf_fem_face_rule:
 *   tri3  degree 1 (3-point rule, degree 2);
 *   tri6  degree 4 even for curved faces (N_a quadratic, x_xi and x_eta linear; 7-point
 *         Dunavant rule of degree 5);
 *   quad4 degree 2 per direction even for warped faces (2x2 Gauss, degree 3 per direction).
 * The traction part carries |x_xi x x_eta|, which is constant on flat triangles and bilinear on
 * flat quads (exact), and not a polynomial on curved tri6 or warped quad4 faces (integrated to the
 * rule's accuracy). Source: Zienkiewicz, Taylor & Zhu, The Finite Element Method: Its Basis and
 * Fundamentals, 7th ed. (2013), surface tractions on mapped elements; Hughes, The Finite Element
 * Method (Dover 2000), ch. 3 (boundary integrals in isoparametric coordinates).
 */
#include <math.h>

#include "fem/pf_fem.h"

/* Tangents x_xi, x_eta at point q of the face rule and their cross product. */
static inline void face_tangents(const pf_face_rule *r, int q, const double *X, double nA[3]) {
  double s[3] = {0.0, 0.0, 0.0}, e[3] = {0.0, 0.0, 0.0};
  for (int a = 0; a < r->nnode; a++) {
    for (int i = 0; i < 3; i++) {
      s[i] += X[3 * a + i] * r->dN[q][a][0];
      e[i] += X[3 * a + i] * r->dN[q][a][1];
    }
  }
  nA[0] = s[1] * e[2] - s[2] * e[1];
  nA[1] = s[2] * e[0] - s[0] * e[2];
  nA[2] = s[0] * e[1] - s[1] * e[0];
}

double pf_fem_face_da(const pf_face_rule *r, int q, const double *X) {
  double nA[3];
  face_tangents(r, q, X, nA);
  return sqrt(nA[0] * nA[0] + nA[1] * nA[1] + nA[2] * nA[2]);
}

/* Consistent nodal forces of pressure p (positive along -n, into the surface) and traction t
 * (force per area) on a face; n is the right-hand normal over the corner order (see the file
 * header for the exactness of each part). [in] type, X [nface*3], p, t [3] (NULL: none);
 * [out] fe [3*nface], overwritten. */
void pf_fem_face_load(pf_face_type type, const double *X, double p, const double t[3], double *fe) {
  const pf_face_rule *r = pf_fem_face_rule(type);
  if (!r) return;
  const double tt[3] = {t ? t[0] : 0.0, t ? t[1] : 0.0, t ? t[2] : 0.0};
  for (int k = 0; k < 3 * r->nnode; k++) fe[k] = 0.0;
  for (int q = 0; q < r->nqp; q++) {
    double nA[3];
    face_tangents(r, q, X, nA);
    const double dA = sqrt(nA[0] * nA[0] + nA[1] * nA[1] + nA[2] * nA[2]);
    double f[3];
    for (int i = 0; i < 3; i++) f[i] = r->w[q] * (tt[i] * dA - p * nA[i]);
    for (int a = 0; a < r->nnode; a++)
      for (int i = 0; i < 3; i++) fe[3 * a + i] += r->N[q][a] * f[i];
  }
}

/* Area of a face, sum_q |x_xi x x_eta| w (exact for flat faces). [in] type, X [nface*3]. */
double pf_fem_face_area(pf_face_type type, const double *X) {
  const pf_face_rule *r = pf_fem_face_rule(type);
  if (!r) return NAN;
  double A = 0.0;
  for (int q = 0; q < r->nqp; q++) A += r->w[q] * pf_fem_face_da(r, q, X);
  return A;
}
