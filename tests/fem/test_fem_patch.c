/*
 * Single-element patch tests, the tet10 quadratic-field test and consistent body forces.
 *
 * Patch test (Irons; Zienkiewicz, Taylor & Zhu 7th ed., "The patch test"): for u = A x + c the
 * isoparametric element reproduces the field exactly, so
 * - pf_fem_solid_strain_stress returns sym(A) (tensor shear) and D sym(A) to round-off (1e-12
 *   relative), and min_J = det(I + A) — for tet4, tet10 straight and curved, and hex8;
 * - Ke u = int B^T sigma dV = sum over faces int N_a sigma n dA (divergence theorem, sigma
 *   constant). The element sum over pf_elem_face_local faces of pf_fem_face_load with traction
 *   sigma n must equal Ke u to 1e-10 relative: this checks at once that the face tables are outward
 *   and complete and that the face loads are consistent. Flat faces (tet4, straight tet10, a hex8
 *   with planar trapezoid faces) use t = sigma n; a warped hex8 uses the pressure part,
 *   f_a = sigma int N_a n dA (pressure -1), which the face rule integrates exactly
 *   (both sides are integrated exactly for hex8: int dN/dx dV has degree <= 3 per direction).
 *   Curved tet10 is excluded from this part: int dN/dx dV has degree 3 there and the 4-point
 *   rule is of degree 2.
 * Tet10 quadratic field: the gradient of u = c + G x + 1/2 x.Q.x is reproduced exactly at every
 * quadrature point of a straight tet10 (quadratics are in the element space), and the volume
 * average equals sym(G + Q x_centroid) (the strain is linear in x).
 * Element average: for an arbitrary nodal field on a warped hex8 and a straight tet10 the
 * average strain equals (1/V) sum_faces sym(sum_b u_b (x) int N_b n dA) (divergence theorem,
 * every integral exact), which a plain mean over the points would miss on the hex8.
 * Body forces: straight tet10 gives -V/20 at corners and V/5 at mid-edge nodes (exact integrals
 * of the quadratic shape functions), tet4 V/4, parallelepiped hex8 V/8; the total is b V always.
 */
#include "fem_test_util.h"
#include "pf_test.h"

static const double Au[3][3] = {
    {0.012, -0.034, 0.021}, {0.05, -0.018, 0.007}, {-0.026, 0.044, 0.031}};
static const double cu[3] = {0.3, -0.1, 0.25};

static void voigt_to_tensor(const double s[6], double S[3][3]) {
  S[0][0] = s[0];
  S[1][1] = s[1];
  S[2][2] = s[2];
  S[0][1] = S[1][0] = s[3];
  S[1][2] = S[2][1] = s[4];
  S[0][2] = S[2][0] = s[5];
}

/* Unit right-hand normal of a flat face from its corners. */
static void flat_normal(pf_face_type ft, const double *Xf, double n[3]) {
  double a[3], b[3];
  for (int i = 0; i < 3; i++) {
    if (ft == PF_FACE_QUAD4) {
      a[i] = Xf[6 + i] - Xf[i];
      b[i] = Xf[9 + i] - Xf[3 + i];
    } else {
      a[i] = Xf[3 + i] - Xf[i];
      b[i] = Xf[6 + i] - Xf[i];
    }
  }
  n[0] = a[1] * b[2] - a[2] * b[1];
  n[1] = a[2] * b[0] - a[0] * b[2];
  n[2] = a[0] * b[1] - a[1] * b[0];
  const double l = ft_norm(3, n);
  for (int i = 0; i < 3; i++) n[i] /= l;
}

/* mode: 0 strain only, 1 + forces via traction sigma n (flat faces), 2 + forces via pressure. */
static void patch(const char *name, pf_elem_type type, const double *X, const double *D, int mode) {
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  double u[PF_MAX_DOF];
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++)
      u[3 * a + i] =
          cu[i] + Au[i][0] * X[3 * a] + Au[i][1] * X[3 * a + 1] + Au[i][2] * X[3 * a + 2];
  const double eps_t[6] = {Au[0][0],
                           Au[1][1],
                           Au[2][2],
                           0.5 * (Au[0][1] + Au[1][0]),
                           0.5 * (Au[1][2] + Au[2][1]),
                           0.5 * (Au[0][2] + Au[2][0])};
  const double eps_e[6] = {eps_t[0], eps_t[1], eps_t[2], 2 * eps_t[3], 2 * eps_t[4], 2 * eps_t[5]};
  double sig[6];
  for (int r = 0; r < 6; r++) {
    sig[r] = 0.0;
    for (int c = 0; c < 6; c++) sig[r] += D[6 * r + c] * eps_e[c];
  }
  const double F[3][3] = {{1 + Au[0][0], Au[0][1], Au[0][2]},
                          {Au[1][0], 1 + Au[1][1], Au[1][2]},
                          {Au[2][0], Au[2][1], 1 + Au[2][2]}};
  double strain[6], stress[6], min_J;
  pf_fem_solid_strain_stress(type, X, u, D, strain, stress, &min_J);
  const double emax = ft_max_abs(6, eps_t), smax = ft_max_abs(6, sig);
  for (int r = 0; r < 6; r++) {
    PF_EXPECT(fabs(strain[r] - eps_t[r]) <= 1e-12 * emax, "%s: strain[%d] %.17g vs %.17g", name, r,
              strain[r], eps_t[r]);
    PF_EXPECT(fabs(stress[r] - sig[r]) <= 1e-12 * smax, "%s: stress[%d] %.17g vs %.17g", name, r,
              stress[r], sig[r]);
  }
  PF_EXPECT_REL(min_J, ft_det3(F), 1e-12);
  if (mode == 0) return;

  double Ke[PF_MAX_DOF * PF_MAX_DOF], Ku[PF_MAX_DOF], fb[PF_MAX_DOF] = {0};
  pf_fem_solid_stiffness(type, X, D, Ke);
  ft_matvec(nd, Ke, u, Ku);
  double S[3][3];
  voigt_to_tensor(sig, S);
  for (int f = 0; f < pf_elem_num_faces(type); f++) {
    const pf_face_type ft = pf_elem_face_type(type, f);
    const int *loc = pf_elem_face_local(type, f);
    const int nf = pf_face_nodes(ft);
    double Xf[3 * PF_MAX_FACE_NODES], fe[3 * PF_MAX_FACE_NODES];
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) Xf[3 * a + i] = X[3 * loc[a] + i];
    if (mode == 1) {
      double n[3], t[3];
      flat_normal(ft, Xf, n);
      for (int i = 0; i < 3; i++) t[i] = S[i][0] * n[0] + S[i][1] * n[1] + S[i][2] * n[2];
      pf_fem_face_load(ft, Xf, 0.0, t, fe);
    } else {
      double g[3 * PF_MAX_FACE_NODES];
      pf_fem_face_load(ft, Xf, -1.0, NULL, g); /* g_a = int N_a n dA */
      for (int a = 0; a < nf; a++)
        for (int i = 0; i < 3; i++)
          fe[3 * a + i] = S[i][0] * g[3 * a] + S[i][1] * g[3 * a + 1] + S[i][2] * g[3 * a + 2];
    }
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) fb[3 * loc[a] + i] += fe[3 * a + i];
  }
  const double fscale = ft_max_abs(nd, Ku);
  double diff = 0.0;
  for (int k = 0; k < nd; k++) diff = fmax(diff, fabs(Ku[k] - fb[k]));
  PF_EXPECT(diff <= 1e-10 * fscale, "%s: |Ke u - face loads| = %g (max %g)", name, diff, fscale);
  printf("%-20s strain/stress exact; |Ke u - sum face loads| / max = %.2e\n", name, diff / fscale);
}

static void tet10_quadratic(const double *D) {
  double X[30];
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 21, X);
  unsigned long long seed = 99;
  double c[3], G[3][3], Q[3][3][3];
  for (int i = 0; i < 3; i++) {
    c[i] = 0.1 * ft_rand(&seed);
    for (int j = 0; j < 3; j++) G[i][j] = 0.01 * ft_rand(&seed);
    for (int j = 0; j < 3; j++)
      for (int k = j; k < 3; k++) Q[i][j][k] = Q[i][k][j] = 0.01 * ft_rand(&seed);
  }
  double u[30];
  for (int a = 0; a < 10; a++) {
    const double *x = X + 3 * a;
    for (int i = 0; i < 3; i++) {
      double s = c[i];
      for (int j = 0; j < 3; j++) {
        s += G[i][j] * x[j];
        for (int k = 0; k < 3; k++) s += 0.5 * Q[i][j][k] * x[j] * x[k];
      }
      u[3 * a + i] = s;
    }
  }
  const pf_rule *r = pf_fem_rule(PF_ELEM_TET10);
  for (int q = 0; q < r->nqp; q++) {
    double g[10][3], x[3] = {0, 0, 0};
    pf_fem_gradients(r, q, X, g);
    for (int a = 0; a < 10; a++)
      for (int i = 0; i < 3; i++) x[i] += r->N[q][a] * X[3 * a + i];
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) {
        double h = 0.0, ex = G[i][j];
        for (int a = 0; a < 10; a++) h += u[3 * a + i] * g[a][j];
        for (int k = 0; k < 3; k++) ex += Q[i][j][k] * x[k];
        PF_EXPECT(fabs(h - ex) <= 1e-12 * 0.1, "tet10 quadratic: du%d/dx%d at q%d: %.17g vs %.17g",
                  i, j, q, h, ex);
      }
  }
  double xc[3] = {0, 0, 0};
  for (int a = 0; a < 4; a++)
    for (int i = 0; i < 3; i++) xc[i] += 0.25 * X[3 * a + i];
  double H[3][3];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      H[i][j] = G[i][j];
      for (int k = 0; k < 3; k++) H[i][j] += Q[i][j][k] * xc[k];
    }
  const double ex[6] = {H[0][0],
                        H[1][1],
                        H[2][2],
                        0.5 * (H[0][1] + H[1][0]),
                        0.5 * (H[1][2] + H[2][1]),
                        0.5 * (H[0][2] + H[2][0])};
  double strain[6], stress[6];
  pf_fem_solid_strain_stress(PF_ELEM_TET10, X, u, D, strain, stress, NULL);
  const double m = ft_max_abs(6, ex);
  for (int k = 0; k < 6; k++)
    PF_EXPECT(fabs(strain[k] - ex[k]) <= 1e-12 * m,
              "tet10 quadratic: mean strain[%d] %.17g vs %.17g", k, strain[k], ex[k]);
}

/* Element average of grad u for an arbitrary nodal field: (1/V) int grad u dV = (1/V) sum_faces
 * sum_b u_b (x) int N_b n dA (divergence theorem). For hex8 (any shape) and straight tet10 both
 * sides are integrated exactly by the default rules, so the volume-weighted average of the kernel
 * must match to round-off; a plain mean over the points would not on a warped hex8. */
static void average_vs_boundary(const char *name, pf_elem_type type, const double *X,
                                const double *D) {
  const int nn = pf_elem_nodes(type);
  unsigned long long seed = 123;
  double u[PF_MAX_DOF], H[3][3] = {{0}};
  for (int k = 0; k < 3 * nn; k++) u[k] = 0.01 * ft_rand(&seed);
  for (int f = 0; f < pf_elem_num_faces(type); f++) {
    const pf_face_type ft = pf_elem_face_type(type, f);
    const int *loc = pf_elem_face_local(type, f);
    double Xf[3 * PF_MAX_FACE_NODES], g[3 * PF_MAX_FACE_NODES];
    for (int a = 0; a < pf_face_nodes(ft); a++)
      for (int i = 0; i < 3; i++) Xf[3 * a + i] = X[3 * loc[a] + i];
    pf_fem_face_load(ft, Xf, -1.0, NULL, g);
    for (int a = 0; a < pf_face_nodes(ft); a++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) H[i][j] += u[3 * loc[a] + i] * g[3 * a + j];
  }
  const double V = pf_fem_volume(type, X);
  const double ex[6] = {H[0][0] / V,
                        H[1][1] / V,
                        H[2][2] / V,
                        0.5 * (H[0][1] + H[1][0]) / V,
                        0.5 * (H[1][2] + H[2][1]) / V,
                        0.5 * (H[0][2] + H[2][0]) / V};
  double strain[6], stress[6];
  pf_fem_solid_strain_stress(type, X, u, D, strain, stress, NULL);
  const double m = ft_max_abs(6, ex);
  for (int k = 0; k < 6; k++)
    PF_EXPECT(fabs(strain[k] - ex[k]) <= 1e-12 * m, "%s: average strain[%d] %.17g vs %.17g", name,
              k, strain[k], ex[k]);
}

static void body_force(void) {
  const double b[3] = {0.5, -1.0, 2.0};
  double X[3 * PF_MAX_NODES], fe[PF_MAX_DOF];
  /* straight tet10 */
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 31, X);
  double V = pf_fem_volume(PF_ELEM_TET10, X);
  pf_fem_body_force(PF_ELEM_TET10, X, b, fe);
  for (int a = 0; a < 10; a++)
    for (int i = 0; i < 3; i++)
      PF_EXPECT_REL(fe[3 * a + i], (a < 4 ? -0.05 : 0.2) * V * b[i], 1e-13);
  /* tet4 */
  ft_distorted(PF_ELEM_TET4, 0.2, 0.0, 32, X);
  V = pf_fem_volume(PF_ELEM_TET4, X);
  pf_fem_body_force(PF_ELEM_TET4, X, b, fe);
  for (int a = 0; a < 4; a++)
    for (int i = 0; i < 3; i++) PF_EXPECT_REL(fe[3 * a + i], 0.25 * V * b[i], 1e-13);
  /* parallelepiped hex8 */
  ft_reference_nodes(PF_ELEM_HEX8, X);
  ft_affine(8, X);
  V = pf_fem_volume(PF_ELEM_HEX8, X);
  pf_fem_body_force(PF_ELEM_HEX8, X, b, fe);
  for (int a = 0; a < 8; a++)
    for (int i = 0; i < 3; i++) PF_EXPECT_REL(fe[3 * a + i], 0.125 * V * b[i], 1e-13);
  /* totals on distorted hex8 and curved tet10 */
  const pf_elem_type ts[2] = {PF_ELEM_HEX8, PF_ELEM_TET10};
  for (int t = 0; t < 2; t++) {
    ft_distorted(ts[t], 0.25, 0.05, 33 + t, X);
    V = pf_fem_volume(ts[t], X);
    pf_fem_body_force(ts[t], X, b, fe);
    for (int i = 0; i < 3; i++) {
      double s = 0.0;
      for (int a = 0; a < pf_elem_nodes(ts[t]); a++) s += fe[3 * a + i];
      PF_EXPECT_REL(s, V * b[i], 1e-13);
    }
  }
}

int main(void) {
  double D[36];
  pf_fem_isotropic_D(210.0, 0.3, D);
  double X[3 * PF_MAX_NODES];
  ft_distorted(PF_ELEM_TET4, 0.2, 0.0, 41, X);
  patch("tet4", PF_ELEM_TET4, X, D, 1);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 42, X);
  patch("tet10 straight", PF_ELEM_TET10, X, D, 1);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.08, 43, X);
  patch("tet10 curved", PF_ELEM_TET10, X, D, 0);
  /* hex8 frustum: top face scaled by 0.6 (planar trapezoid sides), then the affine map. */
  ft_reference_nodes(PF_ELEM_HEX8, X);
  for (int a = 4; a < 8; a++) {
    X[3 * a] *= 0.6;
    X[3 * a + 1] *= 0.6;
  }
  ft_affine(8, X);
  patch("hex8 planar faces", PF_ELEM_HEX8, X, D, 1);
  ft_distorted(PF_ELEM_HEX8, 0.25, 0.0, 44, X);
  patch("hex8 warped", PF_ELEM_HEX8, X, D, 2);
  average_vs_boundary("hex8 warped", PF_ELEM_HEX8, X, D);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 45, X);
  average_vs_boundary("tet10 straight", PF_ELEM_TET10, X, D);
  tet10_quadratic(D);
  body_force();
  return pf_test_result("test_fem_patch");
}
