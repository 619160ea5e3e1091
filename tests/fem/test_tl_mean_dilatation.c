/*
 * Mean dilatation against the displacement formulation (Simo, Taylor & Pister 1985).
 *
 * 1. Isochoric part: with K = 0 (the law's volumetric part switched off) both formulations
 *    evaluate the same energy int W_iso dV, so fe and Ke agree to round-off (1e-12 relative) at
 *    any finite deformation; tet4 ignores mean_dilatation (identical with K > 0 too).
 * 2. Homogeneous J = 1 states with K > 0: theta = 1, pressure 0 and the same force.
 * 3. Locking: near incompressibility (K / mu = 1e4) the volumetric stiffness of the
 *    mean-dilatation element is the single rank-one term (K / V) h h^T, h = dv/du: Ke has exactly
 *    one eigenvalue of the order of K, against one per independent volumetric constraint for
 *    the displacement element: div u sampled at the quadrature points, i.e. the dimension of
 *    the divergence space of the element, 4 for tet10 (div P2 = P1, 4 points) and 7 for hex8
 *    (div Q1 spans 1, x, y, z, xy, yz, zx, but not xyz; 8 points). Counted with LAPACKE_dsyev
 *    as the eigenvalues above 100 x the largest of the K = 0 tangent. At the reference
 * configuration Ke(K) - Ke(0) must equal (K / V) h h^T with h_a = int dN_a/dX dV (1e-10), whose
 * nonzero eigenvalue is K |h|^2 / V. Checked at the reference state and at a finite isochoric
 *    stretch (J = 1) for tet10 straight and curved and hex8 distorted.
 */
#include <lapacke.h>

#include "pf_test.h"
#include "test_tl_util.h"

static const double a0[3] = {0.6, -0.48, 0.64};

static void isochoric_part(const char *name, pf_elem_type type, double amp, double curved) {
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  double X[3 * PF_MAX_NODES], u[PF_MAX_DOF], F[9];
  ft_distorted(type, amp, curved, 55, X);
  unsigned long long seed = 9;
  const double l[3] = {1.4, 0.65, 1.2};
  tl_random_F(l, &seed, F);
  tl_homogeneous_u(nn, X, F, NULL, u);
  for (int k = 0; k < nd; k++) u[k] += 0.05 * ft_rand(&seed);
  const tl_law iso = {TL_NEO, 1.0, 0.0, 5.0, 0, 0.0};
  double fe[2][PF_MAX_DOF], Ke[2][PF_MAX_DOF * PF_MAX_DOF];
  for (int form = 0; form < 2; form++) {
    const pf_tl_material m = tl_material(&iso, form, a0);
    PF_EXPECT(pf_fem_tl_solid(type, X, u, &m, fe[form], Ke[form], NULL) == 0, "%s: rc", name);
  }
  double df = 0.0, dK = 0.0;
  for (int k = 0; k < nd; k++) df = fmax(df, fabs(fe[0][k] - fe[1][k]));
  for (int k = 0; k < nd * nd; k++) dK = fmax(dK, fabs(Ke[0][k] - Ke[1][k]));
  const double sf = ft_max_abs(nd, fe[0]), sK = ft_max_abs(nd * nd, Ke[0]);
  PF_EXPECT(df <= 1e-12 * sf && dK <= 1e-12 * sK, "%s K = 0: MD vs displ fe %g Ke %g", name,
            df / sf, dK / sK);
  /* tet4 ignores mean_dilatation also with K > 0 */
  if (type == PF_ELEM_TET4) {
    const tl_law full = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
    double f2[2][PF_MAX_DOF];
    for (int form = 0; form < 2; form++) {
      const pf_tl_material m = tl_material(&full, form, a0);
      pf_fem_tl_solid(type, X, u, &m, f2[form], NULL, NULL);
    }
    for (int k = 0; k < nd; k++) PF_EXPECT(f2[0][k] == f2[1][k], "tet4: MD flag not ignored");
  }
  printf("%-16s K = 0: MD vs displ fe %.1e, Ke %.1e\n", name, df / sf, dK / sK);
}

/* Number of eigenvalues of the symmetric n x n K above thresh; max eigenvalue in *lmax. */
static int count_above(int n, const double *K, double thresh, double *lmax) {
  double A[PF_MAX_DOF * PF_MAX_DOF], w[PF_MAX_DOF];
  memcpy(A, K, sizeof(double) * n * n);
  if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', n, A, n, w) != 0) return -1;
  int c = 0;
  for (int i = 0; i < n; i++) c += w[i] > thresh;
  if (lmax) *lmax = w[n - 1];
  return c;
}

static void locking(const char *name, pf_elem_type type, double amp, double curved) {
  const int nn = pf_elem_nodes(type), nd = 3 * nn, nq = pf_fem_rule(type)->nqp;
  const int n_constraints = type == PF_ELEM_HEX8 ? 7 : 4; /* file header */
  double X[3 * PF_MAX_NODES];
  ft_distorted(type, amp, curved, 66, X);
  const double mu = 1.0, K = 1e4 * mu;
  const tl_law iso = {TL_NEO, mu, 0.0, 0.0, 0, 0.0}, full = {TL_NEO, mu, K, 0.0, 0, 0.0};
  for (int state = 0; state < 2; state++) {
    double u[PF_MAX_DOF] = {0};
    if (state == 1) { /* finite isochoric homogeneous stretch */
      unsigned long long seed = 4;
      const double l[3] = {1.3, 1.0 / (1.3 * 0.9), 0.9};
      double F[9];
      tl_random_F(l, &seed, F);
      tl_homogeneous_u(nn, X, F, NULL, u);
    }
    double K0[PF_MAX_DOF * PF_MAX_DOF], Kf[2][PF_MAX_DOF * PF_MAX_DOF], f[2][PF_MAX_DOF];
    const pf_tl_material m0 = tl_material(&iso, 0, NULL);
    pf_fem_tl_solid(type, X, u, &m0, f[0], K0, NULL);
    double l0 = 0.0;
    count_above(nd, K0, 0.0, &l0);
    int count[2];
    pf_tl_info info[2];
    for (int form = 0; form < 2; form++) {
      const pf_tl_material m = tl_material(&full, form, NULL);
      PF_EXPECT(pf_fem_tl_solid(type, X, u, &m, f[form], Kf[form], &info[form]) == 0, "%s rc",
                name);
      count[form] = count_above(nd, Kf[form], 100.0 * l0, NULL);
    }
    PF_EXPECT(count[1] == 1, "%s state %d: mean dilatation has %d stiff modes (expected 1)", name,
              state, count[1]);
    PF_EXPECT(count[0] == n_constraints,
              "%s state %d: displacement has %d stiff modes (expected %d)", name, state, count[0],
              n_constraints);
    /* J = 1: theta = 1, no pressure, same force */
    PF_EXPECT_NEAR(info[1].theta, 1.0, 1e-13);
    PF_EXPECT(fabs(info[1].pressure) <= 1e-10 * K, "%s: pressure %g at J = 1", name,
              info[1].pressure);
    double df = 0.0;
    for (int k = 0; k < nd; k++) df = fmax(df, fabs(f[0][k] - f[1][k]));
    /* round-off of p = K (J - 1) at J = 1 is K eps: the tolerance scales with K */
    const double V23 = pow(info[0].volume, 2.0 / 3.0);
    PF_EXPECT(df <= 1e-12 * ft_max_abs(nd, f[0]) + 1e-14 * K * V23, "%s: J = 1 force differs by %g",
              name, df);
    double rank1 = 0.0;
    if (state == 0) { /* Ke(K) - Ke(0) = (K / V) h h^T, h_a = int G_a dV */
      const pf_rule *r = pf_fem_rule(type);
      double h[PF_MAX_DOF] = {0}, V = 0.0;
      for (int q = 0; q < nq; q++) {
        double G[PF_MAX_NODES][3];
        const double wd = r->w[q] * pf_fem_gradients(r, q, X, G);
        V += wd;
        for (int a = 0; a < nn; a++)
          for (int i = 0; i < 3; i++) h[3 * a + i] += wd * G[a][i];
      }
      double d = 0.0, s = 0.0;
      for (int i = 0; i < nd; i++)
        for (int j = 0; j < nd; j++) {
          const double ex = K / V * h[i] * h[j];
          d = fmax(d, fabs(Kf[1][i * nd + j] - K0[i * nd + j] - ex));
          s = fmax(s, fabs(ex));
        }
      PF_EXPECT(d <= 1e-10 * s, "%s: Ke(K) - Ke(0) - (K/V) h h^T = %g (max %g)", name, d, s);
      rank1 = d / s;
    }
    printf("%-16s %s: stiff modes MD %d, displacement %d (nqp %d)%s", name,
           state ? "J=1 stretch" : "reference  ", count[1], count[0], nq, state ? "\n" : "; ");
    if (!state) printf("|Ke(K) - Ke(0) - K/V h h^T| / max %.1e\n", rank1);
  }
}

int main(void) {
  isochoric_part("tet4", PF_ELEM_TET4, 0.2, 0.0);
  isochoric_part("tet10 straight", PF_ELEM_TET10, 0.2, 0.0);
  isochoric_part("tet10 curved", PF_ELEM_TET10, 0.2, 0.06);
  isochoric_part("hex8 distorted", PF_ELEM_HEX8, 0.25, 0.0);
  locking("tet10 straight", PF_ELEM_TET10, 0.2, 0.0);
  locking("tet10 curved", PF_ELEM_TET10, 0.2, 0.06);
  locking("hex8 distorted", PF_ELEM_HEX8, 0.25, 0.0);
  return pf_test_result("test_tl_mean_dilatation");
}
