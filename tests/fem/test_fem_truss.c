/*
 * Truss2 kernels: a bar along e = (2, -1, 2)/3 of length 6.
 *
 * Checks (closed forms of the linear bar, k = EA/L):
 * - Ke = k [[e e^T, -e e^T], [-e e^T, e e^T]] entry by entry (round-off, 1e-14 relative);
 * - an axial stretch delta gives end forces -+ k delta e, strain delta / L, force EA delta / L;
 * - rigid translations and a transverse (rotation-like) displacement give zero force and strain;
 * - the spectrum is {2k, 0 x5} (LAPACKE_dsyev);
 * - a zero-length bar gives zeros, not NaN.
 */
#include <lapacke.h>

#include "fem_test_util.h"
#include "pf_test.h"

int main(void) {
  const double X[6] = {1.0, 2.0, -1.0, 1.0 + 4.0, 2.0 - 2.0, -1.0 + 4.0};
  const double e[3] = {2.0 / 3.0, -1.0 / 3.0, 2.0 / 3.0}, L = 6.0, EA = 4800.0, k = EA / L;
  double Ke[36];
  pf_fem_truss_stiffness(X, EA, Ke);
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          PF_EXPECT_NEAR(Ke[(3 * a + i) * 6 + 3 * b + j], (a == b ? 1 : -1) * k * e[i] * e[j],
                         1e-14 * k);

  const double delta = 0.03;
  double u[6] = {0, 0, 0, delta * e[0], delta * e[1], delta * e[2]}, f[6];
  ft_matvec(6, Ke, u, f);
  for (int i = 0; i < 3; i++) {
    PF_EXPECT_NEAR(f[i], -k * delta * e[i], 1e-13 * k * delta);
    PF_EXPECT_NEAR(f[3 + i], k * delta * e[i], 1e-13 * k * delta);
  }
  double strain, force;
  pf_fem_truss_strain(X, u, EA, &strain, &force);
  PF_EXPECT_REL(strain, delta / L, 1e-14);
  PF_EXPECT_REL(force, EA * delta / L, 1e-14);

  /* translation + transverse displacement of node 2 (perpendicular to e) */
  const double p[3] = {1.0 / 3.0, 2.0 / 3.0, 0.0}; /* p . e = 0 */
  for (int i = 0; i < 3; i++) {
    u[i] = 0.7 * (i + 1);
    u[3 + i] = u[i] + 0.01 * p[i];
  }
  ft_matvec(6, Ke, u, f);
  PF_EXPECT(ft_max_abs(6, f) <= 1e-13 * k, "rigid/transverse motion gives force %g",
            ft_max_abs(6, f));
  pf_fem_truss_strain(X, u, EA, &strain, &force);
  PF_EXPECT_NEAR(strain, 0.0, 1e-16);

  double A[36], lam[6];
  memcpy(A, Ke, sizeof(A));
  PF_EXPECT(LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', 6, A, 6, lam) == 0, "dsyev");
  for (int i = 0; i < 5; i++) PF_EXPECT_NEAR(lam[i], 0.0, 1e-13 * k);
  PF_EXPECT_REL(lam[5], 2.0 * k, 1e-14);

  const double Z[6] = {1, 1, 1, 1, 1, 1};
  pf_fem_truss_stiffness(Z, EA, Ke);
  PF_EXPECT(ft_max_abs(36, Ke) == 0.0, "zero-length bar stiffness");
  pf_fem_truss_strain(Z, u, EA, &strain, &force);
  PF_EXPECT(strain == 0.0 && force == 0.0, "zero-length bar strain");
  return pf_test_result("test_fem_truss");
}
