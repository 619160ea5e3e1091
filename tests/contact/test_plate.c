/*
 * The virtual pressure plate against a known field (issue 4).
 *
 * A quadratic pressure p(x, y) = c0 + c1 x + c2 y + c3 x^2 + c4 x y + c5 y^2 on the rectangle
 * [1.3, 27.7] x [2.1, 31.9] mm, meshed by straight tri6 triangles on a perturbed grid (diagonals
 * and orientation chosen at random), each carrying the field's values at its corners and edge
 * midpoints (tri6 interpolation is then exact), is read by a plate of 5 x 7 sensors of pitch 5 mm
 * from the origin (so the field runs off the plate at x = 25). Expected, from the field's exact
 * integral over each sensor's part of the rectangle (monomials integrated in closed form):
 * - every sensor's force to 1e-12 of the largest, and the total;
 * - the peak and mean sensor pressure, the contact area above a threshold, and the centre of
 *   pressure (force-weighted sensor centres) from those exact forces, to 1e-12;
 * - a mesh with another random layout gives the same readings (the reading does not depend on how
 *   the faces fall on the sensors).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "contact/pf_plate.h"
#include "pf_test.h"

static const double C[6] = {0.08, 0.003, 0.002, 1.5e-4, -4e-5, 6e-5}; /* MPa, per mm ... */

static double field(double x, double y) {
  return C[0] + C[1] * x + C[2] * y + C[3] * x * x + C[4] * x * y + C[5] * y * y;
}

/* integral of the field over [xa, xb] x [ya, yb] */
static double exact_rect(double xa, double xb, double ya, double yb) {
  if (xb <= xa || yb <= ya) return 0.0;
  const double X1 = xb - xa, Y1 = yb - ya;
  const double X2 = (xb * xb - xa * xa) / 2, Y2 = (yb * yb - ya * ya) / 2;
  const double X3 = (xb * xb * xb - xa * xa * xa) / 3, Y3 = (yb * yb * yb - ya * ya * ya) / 3;
  return C[0] * X1 * Y1 + C[1] * X2 * Y1 + C[2] * X1 * Y2 + C[3] * X3 * Y1 + C[4] * X2 * Y2 +
         C[5] * X1 * Y3;
}

static unsigned seed_state;
static double urand(void) {
  seed_state = seed_state * 1103515245u + 12345u;
  return ((seed_state >> 8) & 0xffffff) / (double)0xffffff;
}

/* reads the field meshed by m x n cells (layout from seed) */
static void read_plate(const pf_plate *pl, int m, int n, unsigned seed, double *force) {
  const double X0 = 1.3, X1 = 27.7, Y0 = 2.1, Y1 = 31.9;
  const double hx = (X1 - X0) / m, hy = (Y1 - Y0) / n;
  double *gx = malloc(sizeof(double) * (m + 1) * (n + 1) * 2);
  seed_state = seed;
  for (int j = 0; j <= n; j++)
    for (int i = 0; i <= m; i++) {
      double *g = gx + 2 * (i + (m + 1) * j);
      g[0] = X0 + i * hx + (i > 0 && i < m ? (urand() - 0.5) * 0.6 * hx : 0.0);
      g[1] = Y0 + j * hy + (j > 0 && j < n ? (urand() - 0.5) * 0.6 * hy : 0.0);
    }
  for (int k = 0; k < pl->nx * pl->ny; k++) force[k] = 0.0;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < m; i++) {
      const double *c[4] = {gx + 2 * (i + (m + 1) * j), gx + 2 * (i + 1 + (m + 1) * j),
                            gx + 2 * (i + 1 + (m + 1) * (j + 1)), gx + 2 * (i + (m + 1) * (j + 1))};
      const int diag = urand() < 0.5;
      const int tris[2][2][3] = {{{0, 1, 2}, {0, 2, 3}}, {{0, 1, 3}, {1, 2, 3}}};
      for (int t = 0; t < 2; t++) {
        int v[3] = {tris[diag][t][0], tris[diag][t][1], tris[diag][t][2]};
        if (urand() < 0.5) { /* clockwise */
          const int s = v[1];
          v[1] = v[2], v[2] = s;
        }
        double xy[6], p[6];
        for (int a = 0; a < 3; a++) {
          xy[2 * a] = c[v[a]][0], xy[2 * a + 1] = c[v[a]][1];
          p[a] = field(xy[2 * a], xy[2 * a + 1]);
        }
        for (int a = 0; a < 3; a++) { /* midsides 01, 12, 20 */
          const int b = (a + 1) % 3;
          p[3 + a] = field(0.5 * (xy[2 * a] + xy[2 * b]), 0.5 * (xy[2 * a + 1] + xy[2 * b + 1]));
        }
        pf_plate_add_tri6(pl, xy, p, force);
      }
    }
  free(gx);
}

int main(void) {
  const pf_plate pl = {{0.0, 0.0}, 5.0, 5, 7};
  const int ns = pl.nx * pl.ny;
  double exact[35], f1[35], f2[35];
  double f_big = 0.0, total = 0.0;
  for (int j = 0; j < pl.ny; j++)
    for (int i = 0; i < pl.nx; i++) {
      const double x0 = i * 5.0, y0 = j * 5.0;
      exact[i + pl.nx * j] =
          exact_rect(fmax(x0, 1.3), fmin(x0 + 5.0, 27.7), fmax(y0, 2.1), fmin(y0 + 5.0, 31.9));
      f_big = fmax(f_big, exact[i + pl.nx * j]);
      total += exact[i + pl.nx * j];
    }
  read_plate(&pl, 9, 13, 3u, f1);
  read_plate(&pl, 17, 11, 77u, f2);
  double e1 = 0.0, e2 = 0.0, t1 = 0.0;
  for (int k = 0; k < ns; k++) {
    e1 = fmax(e1, fabs(f1[k] - exact[k]));
    e2 = fmax(e2, fabs(f2[k] - f1[k]));
    t1 += f1[k];
  }
  printf(
      "sensor forces: largest %.6f N, worst error %.2e, second layout %.2e; total %.9f N "
      "(exact %.9f)\n",
      f_big, e1 / f_big, e2 / f_big, t1, total);
  PF_EXPECT(e1 <= 1e-12 * f_big, "sensor force error %.2e", e1 / f_big);
  PF_EXPECT(e2 <= 1e-12 * f_big, "another mesh layout reads differently: %.2e", e2 / f_big);
  PF_EXPECT(fabs(t1 - total) <= 1e-12 * total, "total force %.12g vs %.12g", t1, total);

  /* statistics against those of the exact forces, threshold between sensor values */
  const double thr = 0.5 * (exact[0] + exact[1]) / 25.0; /* splits partly covered sensors */
  pf_plate_stats s, se;
  pf_plate_statistics(&pl, f1, thr, &s);
  pf_plate_statistics(&pl, exact, thr, &se);
  double peak = 0.0, fx = 0.0, fy = 0.0;
  int loaded = 0;
  double lf = 0.0;
  for (int j = 0; j < pl.ny; j++)
    for (int i = 0; i < pl.nx; i++) {
      const double f = exact[i + pl.nx * j];
      peak = fmax(peak, f / 25.0);
      fx += f * (i * 5.0 + 2.5);
      fy += f * (j * 5.0 + 2.5);
      if (f / 25.0 > thr) loaded++, lf += f;
    }
  printf("peak %.6f MPa, mean %.6f MPa over %lld sensors (area %.1f mm^2), COP (%.6f, %.6f) mm\n",
         s.peak, s.mean, (long long)s.n_loaded, s.area, s.cop[0], s.cop[1]);
  PF_EXPECT(fabs(s.peak - peak) <= 1e-12 * peak, "peak %.12g vs %.12g", s.peak, peak);
  PF_EXPECT(s.n_loaded == loaded && fabs(s.area - 25.0 * loaded) == 0.0, "loaded %lld vs %d",
            (long long)s.n_loaded, loaded);
  PF_EXPECT(loaded > 0 && loaded < ns, "the threshold splits the sensors (%d of %d)", loaded, ns);
  PF_EXPECT(fabs(s.mean - lf / (25.0 * loaded)) <= 1e-12 * s.mean, "mean %.12g", s.mean);
  PF_EXPECT(
      fabs(s.cop[0] - fx / total) <= 1e-12 * 25.0 && fabs(s.cop[1] - fy / total) <= 1e-12 * 35.0,
      "COP (%.12g, %.12g) vs (%.12g, %.12g)", s.cop[0], s.cop[1], fx / total, fy / total);
  return pf_test_result("test_plate");
}
