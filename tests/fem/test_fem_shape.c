/*
 * Shape functions and quadrature rules of tet4, tet10, hex8, tri3, tri6, quad4.
 *
 * Checks (with the theory behind each tolerance):
 * - partition of unity sum_a N_a = 1 and sum_a dN_a = 0, linear completeness sum_a N_a xi_a = xi
 *   (identities of the polynomial bases: round-off only, 1e-14);
 * - Kronecker property N_a(xi_b) = delta_ab (exact up to round-off);
 * - dN against central differences with h = 1e-4: the functions are at most quadratic along any
 *   coordinate line, for which central differences are exact, so only round-off ~ eps/h remains;
 * - the tabulated rules equal the run-time shape functions at their points;
 * - reference measure (sum of weights), exact integration of every monomial up to the rule's
 *   degree (reference integrals a! b! c! / (a+b+c+3)! on the tet, a! b! / (a+b+2)! on the
 *   triangle), and inexactness one degree above (so the degree claim is sharp);
 * - volumes of affine images exact to 1e-14; hex8 volume of a non-affine element equals a 3x3x3
 *   Gauss reference (det J has degree <= 2 per direction, both rules are exact).
 */
#include "fem_test_util.h"
#include "pf_test.h"

static double fact(int n) { return n <= 1 ? 1.0 : n * fact(n - 1); }

/* Sample points inside each reference element (plus the rule points, checked separately). */
static const double tet_pts[5][3] = {
    {0.1, 0.2, 0.3}, {0.25, 0.25, 0.25}, {0.6, 0.1, 0.05}, {0.0, 0.0, 0.0}, {0.3, 0.3, 0.4}};
static const double hex_pts[5][3] = {
    {0.1, -0.2, 0.3}, {0.0, 0.0, 0.0}, {-0.9, 0.7, 0.2}, {1.0, 1.0, -1.0}, {0.5, 0.5, 0.5}};

static void check_solid(pf_elem_type type) {
  const int nn = pf_elem_nodes(type);
  const double(*pts)[3] = type == PF_ELEM_HEX8 ? hex_pts : tet_pts;
  double Xref[3 * PF_MAX_NODES];
  ft_reference_nodes(type, Xref);
  double N[PF_MAX_NODES], dN[PF_MAX_NODES][3];
  for (int p = 0; p < 5; p++) {
    pf_fem_shape(type, pts[p], N, dN);
    double s = 0.0, ds[3] = {0, 0, 0}, x[3] = {0, 0, 0};
    for (int a = 0; a < nn; a++) {
      s += N[a];
      for (int k = 0; k < 3; k++) {
        ds[k] += dN[a][k];
        x[k] += N[a] * Xref[3 * a + k];
      }
    }
    PF_EXPECT_NEAR(s, 1.0, 1e-14);
    for (int k = 0; k < 3; k++) {
      PF_EXPECT_NEAR(ds[k], 0.0, 1e-14);
      PF_EXPECT_NEAR(x[k], pts[p][k], 1e-14);
    }
    /* central differences */
    const double h = 1e-4;
    for (int k = 0; k < 3; k++) {
      double xp[3], xm[3], Np[PF_MAX_NODES], Nm[PF_MAX_NODES], d2[PF_MAX_NODES][3];
      memcpy(xp, pts[p], sizeof(xp));
      memcpy(xm, pts[p], sizeof(xm));
      xp[k] += h;
      xm[k] -= h;
      pf_fem_shape(type, xp, Np, d2);
      pf_fem_shape(type, xm, Nm, d2);
      for (int a = 0; a < nn; a++) PF_EXPECT_NEAR(dN[a][k], (Np[a] - Nm[a]) / (2 * h), 1e-10);
    }
  }
  /* Kronecker */
  for (int b = 0; b < nn; b++) {
    pf_fem_shape(type, Xref + 3 * b, N, dN);
    for (int a = 0; a < nn; a++) PF_EXPECT_NEAR(N[a], a == b ? 1.0 : 0.0, 1e-15);
  }
  /* tables equal the run-time functions */
  const pf_rule *r = pf_fem_rule(type);
  PF_EXPECT(r && r->nnode == nn, "%s rule node count", pf_elem_name(type));
  double wsum = 0.0;
  for (int q = 0; q < r->nqp; q++) {
    pf_fem_shape(type, r->xi[q], N, dN);
    for (int a = 0; a < nn; a++) {
      PF_EXPECT_NEAR(r->N[q][a], N[a], 1e-15);
      for (int k = 0; k < 3; k++) PF_EXPECT_NEAR(r->dN[q][a][k], dN[a][k], 1e-15);
    }
    wsum += r->w[q];
  }
  PF_EXPECT_NEAR(wsum, type == PF_ELEM_HEX8 ? 8.0 : 1.0 / 6.0, 1e-15);
}

static void check_face(pf_face_type type) {
  const int nn = pf_face_nodes(type);
  static const double tri[6][2] = {{0, 0}, {1, 0}, {0, 1}, {0.5, 0}, {0.5, 0.5}, {0, 0.5}};
  static const double quad[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  const double(*Xref)[2] = type == PF_FACE_QUAD4 ? quad : tri;
  static const double pts[4][2] = {{0.1, 0.2}, {0.3, 0.3}, {0.6, 0.05}, {0.0, 0.0}};
  double N[PF_MAX_FACE_NODES], dN[PF_MAX_FACE_NODES][2];
  for (int p = 0; p < 4; p++) {
    pf_fem_face_shape(type, pts[p], N, dN);
    double s = 0.0, ds[2] = {0, 0}, x[2] = {0, 0};
    for (int a = 0; a < nn; a++) {
      s += N[a];
      for (int k = 0; k < 2; k++) {
        ds[k] += dN[a][k];
        x[k] += N[a] * Xref[a][k];
      }
    }
    PF_EXPECT_NEAR(s, 1.0, 1e-14);
    for (int k = 0; k < 2; k++) {
      PF_EXPECT_NEAR(ds[k], 0.0, 1e-14);
      PF_EXPECT_NEAR(x[k], pts[p][k], 1e-14);
      const double h = 1e-4;
      double xp[2] = {pts[p][0], pts[p][1]}, xm[2] = {pts[p][0], pts[p][1]};
      double Np[PF_MAX_FACE_NODES], Nm[PF_MAX_FACE_NODES], d2[PF_MAX_FACE_NODES][2];
      xp[k] += h;
      xm[k] -= h;
      pf_fem_face_shape(type, xp, Np, d2);
      pf_fem_face_shape(type, xm, Nm, d2);
      for (int a = 0; a < nn; a++) PF_EXPECT_NEAR(dN[a][k], (Np[a] - Nm[a]) / (2 * h), 1e-10);
    }
  }
  for (int b = 0; b < nn; b++) {
    pf_fem_face_shape(type, Xref[b], N, dN);
    for (int a = 0; a < nn; a++) PF_EXPECT_NEAR(N[a], a == b ? 1.0 : 0.0, 1e-15);
  }
  const pf_face_rule *r = pf_fem_face_rule(type);
  PF_EXPECT(r && r->nnode == nn, "%s face rule node count", pf_face_name(type));
  double wsum = 0.0;
  for (int q = 0; q < r->nqp; q++) {
    pf_fem_face_shape(type, r->xi[q], N, dN);
    for (int a = 0; a < nn; a++) {
      PF_EXPECT_NEAR(r->N[q][a], N[a], 1e-15);
      for (int k = 0; k < 2; k++) PF_EXPECT_NEAR(r->dN[q][a][k], dN[a][k], 1e-15);
    }
    wsum += r->w[q];
  }
  PF_EXPECT_NEAR(wsum, type == PF_FACE_QUAD4 ? 4.0 : 0.5, 1e-15);
}

/* Max error of the rule over tet monomials of total degree == deg. */
static double tet_rule_error(pf_elem_type type, int deg) {
  const pf_rule *r = pf_fem_rule(type);
  double emax = 0.0;
  for (int a = 0; a <= deg; a++)
    for (int b = 0; a + b <= deg; b++) {
      const int c = deg - a - b;
      double s = 0.0;
      for (int q = 0; q < r->nqp; q++)
        s += r->w[q] * pow(r->xi[q][0], a) * pow(r->xi[q][1], b) * pow(r->xi[q][2], c);
      const double exact = fact(a) * fact(b) * fact(c) / fact(a + b + c + 3);
      emax = fmax(emax, fabs(s - exact));
    }
  return emax;
}

/* Max error over triangle monomials of total degree == deg (face rules). */
static double tri_rule_error(pf_face_type type, int deg) {
  const pf_face_rule *r = pf_fem_face_rule(type);
  double emax = 0.0;
  for (int a = 0; a <= deg; a++) {
    const int b = deg - a;
    double s = 0.0;
    for (int q = 0; q < r->nqp; q++) s += r->w[q] * pow(r->xi[q][0], a) * pow(r->xi[q][1], b);
    emax = fmax(emax, fabs(s - fact(a) * fact(b) / fact(a + b + 2)));
  }
  return emax;
}

/* Error of a tensor-product rule on x^a y^b (z^c) over [-1, 1]^d. */
static double cube_int(int a) { return a % 2 ? 0.0 : 2.0 / (a + 1); }

static void check_quadrature(void) {
  /* tet4: degree 1; tet10: degree 2 (and not 3). */
  for (int d = 0; d <= 1; d++) PF_EXPECT_NEAR(tet_rule_error(PF_ELEM_TET4, d), 0.0, 1e-16);
  PF_EXPECT(tet_rule_error(PF_ELEM_TET4, 2) > 1e-3, "tet4 rule should not be exact at degree 2");
  for (int d = 0; d <= 2; d++) PF_EXPECT_NEAR(tet_rule_error(PF_ELEM_TET10, d), 0.0, 1e-16);
  PF_EXPECT(tet_rule_error(PF_ELEM_TET10, 3) > 1e-5, "tet10 rule should not be exact at degree 3");
  /* tri3 degree 2, tri6 degree 5 (Dunavant), and not one more. */
  for (int d = 0; d <= 2; d++) PF_EXPECT_NEAR(tri_rule_error(PF_FACE_TRI3, d), 0.0, 1e-16);
  PF_EXPECT(tri_rule_error(PF_FACE_TRI3, 3) > 1e-4, "tri3 rule should not be exact at degree 3");
  for (int d = 0; d <= 5; d++) PF_EXPECT_NEAR(tri_rule_error(PF_FACE_TRI6, d), 0.0, 1e-16);
  PF_EXPECT(tri_rule_error(PF_FACE_TRI6, 6) > 1e-6, "tri6 rule should not be exact at degree 6");
  /* hex8 / quad4 Gauss 2x2(x2): exact to degree 3 per direction, not 4. */
  const pf_rule *h = pf_fem_rule(PF_ELEM_HEX8);
  const pf_face_rule *f = pf_fem_face_rule(PF_FACE_QUAD4);
  for (int a = 0; a <= 4; a++)
    for (int b = 0; b <= 4; b++)
      for (int c = 0; c <= 4; c++) {
        double s = 0.0;
        for (int q = 0; q < h->nqp; q++)
          s += h->w[q] * pow(h->xi[q][0], a) * pow(h->xi[q][1], b) * pow(h->xi[q][2], c);
        const double exact = cube_int(a) * cube_int(b) * cube_int(c);
        if (a <= 3 && b <= 3 && c <= 3)
          PF_EXPECT_NEAR(s, exact, 1e-15);
        else if (a == 4 && b == 0 && c == 0)
          PF_EXPECT(fabs(s - exact) > 1e-3, "hex8 rule should not integrate xi^4");
      }
  for (int a = 0; a <= 3; a++)
    for (int b = 0; b <= 3; b++) {
      double s = 0.0;
      for (int q = 0; q < f->nqp; q++) s += f->w[q] * pow(f->xi[q][0], a) * pow(f->xi[q][1], b);
      PF_EXPECT_NEAR(s, cube_int(a) * cube_int(b), 1e-15);
    }
}

static void check_volumes(void) {
  const double detA = ft_det3(ft_A);
  const pf_elem_type types[3] = {PF_ELEM_TET4, PF_ELEM_TET10, PF_ELEM_HEX8};
  for (int t = 0; t < 3; t++) {
    double X[3 * PF_MAX_NODES];
    ft_reference_nodes(types[t], X);
    const double vref = types[t] == PF_ELEM_HEX8 ? 8.0 : 1.0 / 6.0;
    PF_EXPECT_REL(pf_fem_volume(types[t], X), vref, 1e-14);
    ft_affine(pf_elem_nodes(types[t]), X);
    PF_EXPECT_REL(pf_fem_volume(types[t], X), vref * detA, 1e-14);
  }
  /* tet10 4-point rule on quadratics over an affine tet: int x_i x_j dV, exact value from the
   * reference monomials through the affine map (x = A xi + c). */
  {
    double X[30];
    ft_reference_nodes(PF_ELEM_TET10, X);
    ft_affine(10, X);
    const pf_rule *r = pf_fem_rule(PF_ELEM_TET10);
    /* f = (x0 - 1)^2 + x1 x2: computed both by the rule in physical space and analytically. */
    double s = 0.0;
    for (int q = 0; q < r->nqp; q++) {
      double dN_dX[10][3], x[3] = {0, 0, 0};
      const double det = pf_fem_gradients(r, q, X, dN_dX);
      for (int a = 0; a < 10; a++)
        for (int i = 0; i < 3; i++) x[i] += r->N[q][a] * X[3 * a + i];
      s += r->w[q] * det * ((x[0] - 1.0) * (x[0] - 1.0) + x[1] * x[2]);
    }
    /* Exact: expand in reference monomials; M[k][l] = int xi_k xi_l, m[k] = int xi_k, m0. */
    const double m0 = 1.0 / 6.0, m1 = 1.0 / 24.0, mkk = 1.0 / 60.0, mkl = 1.0 / 120.0;
    double exact = 0.0;
    /* f = p0^2 + p1 p2 with affine p_i = sum_k A_ik xi_k + c_i (c_0 shifted by -1). */
    const double P[3][4] = {{ft_A[0][0], ft_A[0][1], ft_A[0][2], ft_c[0] - 1.0},
                            {ft_A[1][0], ft_A[1][1], ft_A[1][2], ft_c[1]},
                            {ft_A[2][0], ft_A[2][1], ft_A[2][2], ft_c[2]}};
    const int pairs[2][2] = {{0, 0}, {1, 2}};
    for (int pr = 0; pr < 2; pr++) {
      const double *p = P[pairs[pr][0]], *qv = P[pairs[pr][1]];
      for (int k = 0; k < 4; k++)
        for (int l = 0; l < 4; l++) {
          double m;
          if (k == 3 && l == 3)
            m = m0;
          else if (k == 3 || l == 3)
            m = m1;
          else
            m = k == l ? mkk : mkl;
          exact += p[k] * qv[l] * m;
        }
    }
    exact *= detA;
    PF_EXPECT_REL(s, exact, 1e-14);
  }
  /* hex8, non-affine: 2x2x2 against 3x3x3 Gauss (both exact for det J). */
  {
    double X[24];
    ft_distorted(PF_ELEM_HEX8, 0.25, 0.0, 11, X);
    const double g3[3] = {-sqrt(0.6), 0.0, sqrt(0.6)}, w3[3] = {5.0 / 9, 8.0 / 9, 5.0 / 9};
    double v = 0.0;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++)
        for (int k = 0; k < 3; k++) {
          const double xi[3] = {g3[i], g3[j], g3[k]};
          double N[8], dN[8][3];
          pf_fem_shape(PF_ELEM_HEX8, xi, N, dN);
          v += w3[i] * w3[j] * w3[k] * pf_fem_jacobian(8, (const double(*)[3])dN, X, NULL);
        }
    PF_EXPECT_REL(pf_fem_volume(PF_ELEM_HEX8, X), v, 1e-14);
  }
}

int main(void) {
  check_solid(PF_ELEM_TET4);
  check_solid(PF_ELEM_TET10);
  check_solid(PF_ELEM_HEX8);
  check_face(PF_FACE_TRI3);
  check_face(PF_FACE_TRI6);
  check_face(PF_FACE_QUAD4);
  PF_EXPECT(pf_fem_rule(PF_ELEM_TRUSS2) == NULL, "truss2 has no solid rule");
  check_quadrature();
  check_volumes();
  return pf_test_result("test_fem_shape");
}
