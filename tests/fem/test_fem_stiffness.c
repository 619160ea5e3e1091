/*
 * Small-strain stiffness of tet4, tet10 (straight and curved) and hex8 on distorted geometries.
 *
 * Checks:
 * - D: the isotropic matrix times the isotropic compliance (1/E, -nu/E, 2(1+nu)/E on engineering
 *   shear) is the identity (round-off, 1e-14);
 * - Ke equals a naive sum_q B^T D B detJ w with explicit 6 x ndof B matrices, for an isotropic
 *   and for a general (anisotropic, fully populated) symmetric D: the optimised kernel must not
 *   change the algebra (round-off, 1e-13 relative to max |Ke|);
 * - Ke is exactly symmetric (the kernel writes each block to both halves);
 * - the six rigid-body modes (3 translations, 3 infinitesimal rotations w x X) give
 *   |Ke u| <= 1e-12 |Ke| |u| (B of a rigid mode vanishes identically);
 * - eigenvalues (LAPACKE_dsyev): exactly six with |lambda| <= 1e-12 lambda_max and all others
 *   > 1e-6 lambda_max (rank ndof - 6: no spurious zero-energy modes with the default rules);
 * - the returned min detJ is positive here and negative for an inverted element.
 */
#include <lapacke.h>

#include "fem_test_util.h"
#include "pf_test.h"

/* Naive reference: explicit B (6 x ndof), Ke += B^T D B detJ w. */
static void naive_stiffness(pf_elem_type type, const double *X, const double D[36], double *Ke) {
  const pf_rule *r = pf_fem_rule(type);
  const int nn = r->nnode, nd = 3 * nn;
  for (int k = 0; k < nd * nd; k++) Ke[k] = 0.0;
  for (int q = 0; q < r->nqp; q++) {
    double g[PF_MAX_NODES][3], B[6][PF_MAX_DOF] = {{0}};
    const double det = pf_fem_gradients(r, q, X, g);
    for (int a = 0; a < nn; a++) {
      B[0][3 * a] = g[a][0];
      B[1][3 * a + 1] = g[a][1];
      B[2][3 * a + 2] = g[a][2];
      B[3][3 * a] = g[a][1];
      B[3][3 * a + 1] = g[a][0];
      B[4][3 * a + 1] = g[a][2];
      B[4][3 * a + 2] = g[a][1];
      B[5][3 * a] = g[a][2];
      B[5][3 * a + 2] = g[a][0];
    }
    for (int i = 0; i < nd; i++)
      for (int j = 0; j < nd; j++) {
        double s = 0.0;
        for (int p = 0; p < 6; p++)
          for (int m = 0; m < 6; m++) s += B[p][i] * D[6 * p + m] * B[m][j];
        Ke[i * nd + j] += s * det * r->w[q];
      }
  }
}

static void check_D(void) {
  const double E = 210.0, nu = 0.3;
  double D[36], S[36] = {0};
  pf_fem_isotropic_D(E, nu, D);
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) S[6 * i + j] = i == j ? 1.0 / E : -nu / E;
    S[7 * (i + 3)] = 2.0 * (1.0 + nu) / E;
  }
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++) {
      double s = 0.0;
      for (int k = 0; k < 6; k++) s += D[6 * i + k] * S[6 * k + j];
      PF_EXPECT_NEAR(s, i == j ? 1.0 : 0.0, 1e-14);
    }
}

static void check_element(const char *name, pf_elem_type type, const double *X, const double *D) {
  const int nd = 3 * pf_elem_nodes(type);
  double Ke[PF_MAX_DOF * PF_MAX_DOF], Kr[PF_MAX_DOF * PF_MAX_DOF];
  const double min_det = pf_fem_solid_stiffness(type, X, D, Ke);
  PF_EXPECT(min_det > 0.0, "%s: min detJ %g should be positive", name, min_det);
  naive_stiffness(type, X, D, Kr);
  const double kmax = ft_max_abs(nd * nd, Kr);
  double diff = 0.0, asym = 0.0;
  for (int i = 0; i < nd; i++)
    for (int j = 0; j < nd; j++) {
      diff = fmax(diff, fabs(Ke[i * nd + j] - Kr[i * nd + j]));
      asym = fmax(asym, fabs(Ke[i * nd + j] - Ke[j * nd + i]));
    }
  PF_EXPECT(diff <= 1e-13 * kmax, "%s: Ke differs from naive B^T D B by %g (max %g)", name, diff,
            kmax);
  PF_EXPECT(asym == 0.0, "%s: Ke not exactly symmetric (%g)", name, asym);

  /* Rigid-body modes. */
  const double knorm = ft_norm(nd * nd, Ke);
  for (int m = 0; m < 6; m++) {
    double u[PF_MAX_DOF], f[PF_MAX_DOF];
    for (int a = 0; a < nd / 3; a++) {
      const double *x = X + 3 * a;
      double w[3] = {0, 0, 0};
      if (m < 3) {
        u[3 * a] = u[3 * a + 1] = u[3 * a + 2] = 0.0;
        u[3 * a + m] = 1.0;
      } else {
        w[m - 3] = 1.0;
        u[3 * a] = w[1] * x[2] - w[2] * x[1];
        u[3 * a + 1] = w[2] * x[0] - w[0] * x[2];
        u[3 * a + 2] = w[0] * x[1] - w[1] * x[0];
      }
    }
    ft_matvec(nd, Ke, u, f);
    const double rel = ft_norm(nd, f) / (knorm * ft_norm(nd, u));
    PF_EXPECT(rel <= 1e-12, "%s: rigid mode %d: |Ke u| / (|Ke| |u|) = %g", name, m, rel);
  }

  /* Spectrum: six zeros, the rest clearly positive. */
  double A[PF_MAX_DOF * PF_MAX_DOF], lam[PF_MAX_DOF];
  memcpy(A, Ke, sizeof(double) * nd * nd);
  const lapack_int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', nd, A, nd, lam);
  PF_EXPECT(info == 0, "%s: dsyev info %d", name, (int)info);
  const double lmax = lam[nd - 1];
  int nzero = 0;
  double min_pos = INFINITY;
  for (int i = 0; i < nd; i++) {
    if (fabs(lam[i]) <= 1e-12 * lmax)
      nzero++;
    else
      min_pos = fmin(min_pos, lam[i]);
  }
  PF_EXPECT(nzero == 6, "%s: %d zero eigenvalues, expected 6", name, nzero);
  PF_EXPECT(min_pos > 1e-6 * lmax, "%s: smallest non-zero eigenvalue %g (max %g)", name, min_pos,
            lmax);
  printf("%-22s ndof %2d  zero modes %d  lambda_min+/lambda_max %.3e\n", name, nd, nzero,
         min_pos / lmax);
}

int main(void) {
  check_D();
  double Diso[36], Dani[36];
  pf_fem_isotropic_D(210.0, 0.3, Diso);
  /* A general SPD D: Diso + L L^T with a dense L. */
  unsigned long long seed = 7;
  double L[36];
  for (int k = 0; k < 36; k++) L[k] = 20.0 * ft_rand(&seed);
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++) {
      double s = 0.0;
      for (int k = 0; k < 6; k++) s += L[6 * i + k] * L[6 * j + k];
      Dani[6 * i + j] = Diso[6 * i + j] + s;
    }

  double X[3 * PF_MAX_NODES];
  const double *Ds[2] = {Diso, Dani};
  const char *dn[2] = {"iso", "aniso"};
  for (int d = 0; d < 2; d++) {
    char name[64];
    ft_distorted(PF_ELEM_TET4, 0.2, 0.0, 1 + d, X);
    snprintf(name, sizeof(name), "tet4 %s", dn[d]);
    check_element(name, PF_ELEM_TET4, X, Ds[d]);
    ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 3 + d, X);
    snprintf(name, sizeof(name), "tet10 straight %s", dn[d]);
    check_element(name, PF_ELEM_TET10, X, Ds[d]);
    ft_distorted(PF_ELEM_TET10, 0.2, 0.06, 5 + d, X);
    snprintf(name, sizeof(name), "tet10 curved %s", dn[d]);
    check_element(name, PF_ELEM_TET10, X, Ds[d]);
    ft_distorted(PF_ELEM_HEX8, 0.3, 0.0, 9 + d, X);
    snprintf(name, sizeof(name), "hex8 %s", dn[d]);
    check_element(name, PF_ELEM_HEX8, X, Ds[d]);
  }

  /* Inverted element: swapping two corners flips the orientation. */
  ft_distorted(PF_ELEM_TET4, 0.2, 0.0, 1, X);
  for (int i = 0; i < 3; i++) {
    const double t = X[3 + i];
    X[3 + i] = X[6 + i];
    X[6 + i] = t;
  }
  double Ke[144];
  PF_EXPECT(pf_fem_solid_stiffness(PF_ELEM_TET4, X, Diso, Ke) < 0.0,
            "inverted tet4 must report a negative detJ");
  PF_EXPECT(isnan(pf_fem_solid_stiffness(PF_ELEM_TRUSS2, X, Diso, Ke)), "truss2 is not a solid");
  return pf_test_result("test_fem_stiffness");
}
