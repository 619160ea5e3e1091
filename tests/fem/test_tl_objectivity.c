/*
 * Objectivity (frame indifference) of the total-Lagrangian kernels: W depends on F through
 * C = F^T F only, so for a superposed rigid motion x' = Q x + c (Q a finite rotation)
 * - the internal force rotates, fe'_a = Q fe_a, and the tangent with it, Ke'_ab = Q Ke_ab Q^T;
 * - the energy, min_J, theta and pressure are unchanged;
 * - the element results rotate: sigma' = Q sigma Q^T, Hencky strain' = Q ln V Q^T (1e-12 of the
 *   largest entry), the fibre strain |F a0| - 1 and min_J are unchanged (1e-12);
 * - a pure rigid motion of the reference element (x = Q X + c) gives fe = 0.
 * Tolerances: 1e-12 relative to the largest entry (rotated states), and for the rigid motion
 * |fe| <= 1e-12 (mu + K) V^(2/3) (a unit strain's force on the element's faces). Checked for
 * tet4, tet10 (curved), hex8 (distorted), both formulations, and for the truss.
 */
#include "pf_test.h"
#include "test_tl_util.h"

static void rotate_nodal(int nn, const double *Q, const double *v, double *w) {
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++)
      w[3 * a + i] =
          Q[3 * i] * v[3 * a] + Q[3 * i + 1] * v[3 * a + 1] + Q[3 * i + 2] * v[3 * a + 2];
}

static void solid(const char *name, pf_elem_type type, double amp, double curved, int form) {
  static const double a0[3] = {0.6, -0.48, 0.64};
  const tl_law law = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const pf_tl_material m = tl_material(&law, form, a0);
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  double X[3 * PF_MAX_NODES], u[PF_MAX_DOF], x[PF_MAX_DOF] = {0}, ur[PF_MAX_DOF];
  ft_distorted(type, amp, curved, 77, X);
  unsigned long long seed = 31;
  const double l[3] = {1.3, 0.75, 1.1};
  double F[9], Q[9];
  tl_random_F(l, &seed, F);
  tl_homogeneous_u(nn, X, F, NULL, u);
  for (int k = 0; k < nd; k++) u[k] += 0.05 * ft_rand(&seed);
  const double axis[3] = {0.3, -1.0, 0.6}, c[3] = {4.0, -2.0, 1.5};
  tl_rotation(axis, 2.1, Q);
  for (int k = 0; k < nd; k++) x[k] = X[k] + u[k];
  rotate_nodal(nn, Q, x, ur);
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) ur[3 * a + i] += c[i] - X[3 * a + i];

  double fe[PF_MAX_DOF], Ke[PF_MAX_DOF * PF_MAX_DOF], fr[PF_MAX_DOF], Kr[PF_MAX_DOF * PF_MAX_DOF],
      Qfe[PF_MAX_DOF];
  pf_tl_info i0, i1;
  const int r0 = pf_fem_tl_solid(type, X, u, &m, fe, Ke, &i0);
  const int r1 = pf_fem_tl_solid(type, X, ur, &m, fr, Kr, &i1);
  PF_EXPECT(r0 == 0 && r1 == 0, "%s: rc %d %d", name, r0, r1);
  rotate_nodal(nn, Q, fe, Qfe);
  double df = 0.0, dK = 0.0;
  for (int k = 0; k < nd; k++) df = fmax(df, fabs(fr[k] - Qfe[k]));
  for (int a = 0; a < nn; a++)
    for (int b = 0; b < nn; b++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
          double s = 0.0; /* (Q Ke_ab Q^T)_ij */
          for (int k = 0; k < 3; k++)
            for (int l2 = 0; l2 < 3; l2++)
              s += Q[3 * i + k] * Ke[(3 * a + k) * nd + 3 * b + l2] * Q[3 * j + l2];
          dK = fmax(dK, fabs(Kr[(3 * a + i) * nd + 3 * b + j] - s));
        }
  const double sf = ft_max_abs(nd, fe), sK = ft_max_abs(nd * nd, Ke);
  PF_EXPECT(df <= 1e-12 * sf, "%s: |fe' - Q fe| / max = %g", name, df / sf);
  PF_EXPECT(dK <= 1e-12 * sK, "%s: |Ke' - Q Ke Q^T| / max = %g", name, dK / sK);
  PF_EXPECT_REL(i1.energy, i0.energy, 1e-12);
  PF_EXPECT_REL(i1.min_J, i0.min_J, 1e-12);
  PF_EXPECT_REL(i1.theta, i0.theta, 1e-12);
  PF_EXPECT_REL(i1.pressure, i0.pressure, 1e-11);

  /* results: Cauchy stress and Hencky strain rotate, fibre strain and min_J do not */
  double sg[2][6], ep[2][6], fib[2], mj[2];
  const int q0 = pf_fem_tl_results(type, X, u, &m, sg[0], ep[0], &fib[0], &mj[0]);
  const int q1 = pf_fem_tl_results(type, X, ur, &m, sg[1], ep[1], &fib[1], &mj[1]);
  PF_EXPECT(q0 == 0 && q1 == 0, "%s: results rc %d %d", name, q0, q1);
  double dsig = 0.0, deps = 0.0;
  for (int r = 0; r < 6; r++) {
    double rs = 0.0, re = 0.0; /* (Q T Q^T)_ij for T = sigma, ln V */
    for (int k = 0; k < 3; k++)
      for (int l2 = 0; l2 < 3; l2++) {
        const int v = k == l2 ? k : (k + l2 == 1 ? 3 : (k + l2 == 3 ? 4 : 5));
        const double qq = Q[3 * tl_vi[r] + k] * Q[3 * tl_vj[r] + l2];
        rs += qq * sg[0][v];
        re += qq * ep[0][v];
      }
    dsig = fmax(dsig, fabs(sg[1][r] - rs));
    deps = fmax(deps, fabs(ep[1][r] - re));
  }
  PF_EXPECT(dsig <= 1e-12 * ft_max_abs(6, sg[0]), "%s: |sigma' - Q sigma Q^T| = %g", name, dsig);
  PF_EXPECT(deps <= 1e-12 * ft_max_abs(6, ep[0]), "%s: |lnV' - Q lnV Q^T| = %g", name, deps);
  PF_EXPECT_REL(fib[1], fib[0], 1e-12);
  PF_EXPECT_REL(mj[1], mj[0], 1e-12);
  printf("%-22s results: sigma %.1e, Hencky %.1e\n", name, dsig / ft_max_abs(6, sg[0]),
         deps / ft_max_abs(6, ep[0]));

  /* pure rigid motion of the reference element */
  double urig[PF_MAX_DOF], f0[PF_MAX_DOF];
  pf_tl_info ir;
  rotate_nodal(nn, Q, X, urig);
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) urig[3 * a + i] += c[i] - X[3 * a + i];
  const int r2 = pf_fem_tl_solid(type, X, urig, &m, f0, NULL, &ir);
  const double scale = (law.mu + law.K) * pow(ir.volume, 2.0 / 3.0);
  const double f0max = ft_max_abs(nd, f0);
  PF_EXPECT(r2 == 0 && f0max <= 1e-12 * scale, "%s: rigid motion gives |fe| = %g (scale %g)", name,
            f0max, scale);
  PF_EXPECT(fabs(ir.energy) <= 1e-12 * scale * pow(ir.volume, 1.0 / 3.0), "%s: rigid energy %g",
            name, ir.energy);
  printf("%-22s rotated: fe %.1e Ke %.1e; rigid motion |fe| / scale %.1e\n", name, df / sf, dK / sK,
         f0max / scale);
}

static void truss(void) {
  const pf_truss_law law = {500.0, 0.0, 1, 1e-4, 1e-6};
  const double X[6] = {1, 2, 3, 4, 6, 3}, u[6] = {0.1, 0, -0.2, 0.5, 0.3, 0.1};
  double Q[9], x[6], ur[6], urig[6], fe[6], fr[6], f0[6], Ke[36], Kr[36], N0, N1;
  const double axis[3] = {1, 1, -0.5}, c[3] = {1, -1, 2};
  tl_rotation(axis, -1.2, Q);
  for (int k = 0; k < 6; k++) x[k] = X[k] + u[k];
  rotate_nodal(2, Q, x, ur);
  rotate_nodal(2, Q, X, urig);
  for (int a = 0; a < 2; a++)
    for (int i = 0; i < 3; i++) {
      ur[3 * a + i] += c[i] - X[3 * a + i];
      urig[3 * a + i] += c[i] - X[3 * a + i];
    }
  pf_fem_tl_truss(X, u, &law, fe, Ke, &N0, NULL);
  pf_fem_tl_truss(X, ur, &law, fr, Kr, &N1, NULL);
  double Qfe[6], df = 0.0;
  rotate_nodal(2, Q, fe, Qfe);
  for (int k = 0; k < 6; k++) df = fmax(df, fabs(fr[k] - Qfe[k]));
  PF_EXPECT(df <= 1e-12 * ft_max_abs(6, fe), "truss: |fe' - Q fe| = %g", df);
  PF_EXPECT_REL(N1, N0, 1e-12);
  /* rigid motion: zero force for the linear and the tension-only law (rest length: r = 0) */
  double N2, N3, f1[6];
  const pf_truss_law lin = {500.0, 0.0, 0, 0.0, 0.0};
  pf_fem_tl_truss(X, urig, &lin, f0, NULL, &N2, NULL);
  pf_fem_tl_truss(X, urig, &law, f1, NULL, &N3, NULL);
  PF_EXPECT(ft_max_abs(6, f0) <= 1e-12 * lin.EA, "truss: rigid motion gives |fe| = %g",
            ft_max_abs(6, f0));
  PF_EXPECT(ft_max_abs(6, f1) <= 1e-12 * law.EA, "truss tension-only: rigid motion |fe| = %g",
            ft_max_abs(6, f1));
  printf(
      "truss                  rotated: fe %.1e; rigid motion |fe| / EA %.1e (linear), %.1e "
      "(tension-only)\n",
      df / ft_max_abs(6, fe), ft_max_abs(6, f0) / lin.EA, ft_max_abs(6, f1) / law.EA);
}

int main(void) {
  for (int form = 0; form < 2; form++) {
    const char *fn = form ? "mean-dil" : "displ";
    char name[64];
    snprintf(name, sizeof(name), "tet4 %s", fn);
    solid(name, PF_ELEM_TET4, 0.2, 0.0, form);
    snprintf(name, sizeof(name), "tet10 curved %s", fn);
    solid(name, PF_ELEM_TET10, 0.2, 0.06, form);
    snprintf(name, sizeof(name), "hex8 distorted %s", fn);
    solid(name, PF_ELEM_HEX8, 0.25, 0.0, form);
  }
  truss();
  return pf_test_result("test_tl_objectivity");
}
