/*
 * The virtual pressure plate (pf_plate.h).
 *
 * Each triangle is clipped against every sensor square its bounding box touches
 * (Sutherland & Hodgman, CACM 17 (1974) 32: a convex polygon clipped by the four half-planes of
 * the square), the clipped convex polygon is fanned into triangles, and the quadratic pressure is
 * integrated over each by the edge-midpoint rule, area x (p(m01) + p(m12) + p(m20)) / 3, exact
 * for polynomials of degree 2 (Strang & Fix, An Analysis of the Finite Element Method (1973),
 * sec. 4.3). The pressure at a point comes from its barycentric coordinates in the original
 * triangle and the tri6 shape functions.
 */
#include <math.h>
#include <string.h>

#include "contact/pf_plate.h"

#define PF_PLATE_MAXV 16 /* a triangle clipped by a square has at most 7 vertices */

typedef struct {
  double x0[2];  /* corner 0 */
  double inv[4]; /* the inverse of [x1 - x0, x2 - x0] (2 x 2, row-major) */
  const double *p;
} tri_field;

static double field_at(const tri_field *t, const double x[2]) {
  const double dx = x[0] - t->x0[0], dy = x[1] - t->x0[1];
  const double l1 = t->inv[0] * dx + t->inv[1] * dy, l2 = t->inv[2] * dx + t->inv[3] * dy;
  const double l0 = 1.0 - l1 - l2;
  const double *p = t->p;
  return p[0] * l0 * (2.0 * l0 - 1.0) + p[1] * l1 * (2.0 * l1 - 1.0) +
         p[2] * l2 * (2.0 * l2 - 1.0) + 4.0 * (p[3] * l0 * l1 + p[4] * l1 * l2 + p[5] * l2 * l0);
}

/* Clips polygon v [n] by the half-plane s * (x[axis] - c) >= 0 into out; returns its size. */
static int clip(const double (*v)[2], int n, int axis, double c, double s, double (*out)[2]) {
  int m = 0;
  for (int k = 0; k < n; k++) {
    const double *a = v[k], *b = v[(k + 1) % n];
    const double da = s * (a[axis] - c), db = s * (b[axis] - c);
    if (da >= 0.0) {
      out[m][0] = a[0], out[m][1] = a[1];
      m++;
    }
    if ((da >= 0.0) != (db >= 0.0)) {
      const double t = da / (da - db);
      out[m][0] = a[0] + t * (b[0] - a[0]);
      out[m][1] = a[1] + t * (b[1] - a[1]);
      m++;
    }
  }
  return m;
}

/* The integral of the field over the convex polygon v [n]. */
static double integrate(const tri_field *t, const double (*v)[2], int n) {
  double sum = 0.0;
  for (int k = 1; k + 1 < n; k++) {
    const double *a = v[0], *b = v[k], *c = v[k + 1];
    const double area = 0.5 * fabs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]));
    if (area == 0.0) continue;
    const double m0[2] = {0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1])};
    const double m1[2] = {0.5 * (b[0] + c[0]), 0.5 * (b[1] + c[1])};
    const double m2[2] = {0.5 * (c[0] + a[0]), 0.5 * (c[1] + a[1])};
    sum += area * (field_at(t, m0) + field_at(t, m1) + field_at(t, m2)) / 3.0;
  }
  return sum;
}

void pf_plate_add_tri6(const pf_plate *pl, const double xy[6], const double p[6], double *force) {
  const double a11 = xy[2] - xy[0], a12 = xy[4] - xy[0];
  const double a21 = xy[3] - xy[1], a22 = xy[5] - xy[1];
  const double det = a11 * a22 - a12 * a21;
  if (!(fabs(det) > 0.0) || !(pl->pitch > 0.0)) return; /* degenerate: no area */
  const tri_field t = {{xy[0], xy[1]}, {a22 / det, -a12 / det, -a21 / det, a11 / det}, p};
  double lo[2] = {xy[0], xy[1]}, hi[2] = {xy[0], xy[1]};
  for (int k = 1; k < 3; k++)
    for (int i = 0; i < 2; i++) {
      lo[i] = fmin(lo[i], xy[2 * k + i]);
      hi[i] = fmax(hi[i], xy[2 * k + i]);
    }
  const double h = pl->pitch;
  int i0 = (int)floor((lo[0] - pl->origin[0]) / h), i1 = (int)floor((hi[0] - pl->origin[0]) / h);
  int j0 = (int)floor((lo[1] - pl->origin[1]) / h), j1 = (int)floor((hi[1] - pl->origin[1]) / h);
  i0 = i0 < 0 ? 0 : i0, j0 = j0 < 0 ? 0 : j0;
  i1 = i1 >= pl->nx ? pl->nx - 1 : i1, j1 = j1 >= pl->ny ? pl->ny - 1 : j1;
  for (int j = j0; j <= j1; j++)
    for (int i = i0; i <= i1; i++) {
      const double x0 = pl->origin[0] + i * h, y0 = pl->origin[1] + j * h;
      double a[PF_PLATE_MAXV][2], b[PF_PLATE_MAXV][2];
      memcpy(a, xy, 6 * sizeof(double));
      int n = clip((const double(*)[2])a, 3, 0, x0, 1.0, b);
      n = clip((const double(*)[2])b, n, 0, x0 + h, -1.0, a);
      n = clip((const double(*)[2])a, n, 1, y0, 1.0, b);
      n = clip((const double(*)[2])b, n, 1, y0 + h, -1.0, a);
      if (n >= 3) force[i + (int64_t)pl->nx * j] += integrate(&t, (const double(*)[2])a, n);
    }
}

void pf_plate_statistics(const pf_plate *pl, const double *force, double threshold,
                         pf_plate_stats *st) {
  memset(st, 0, sizeof(*st));
  const double A = pl->pitch * pl->pitch;
  double fx = 0.0, fy = 0.0, loaded_force = 0.0;
  for (int j = 0; j < pl->ny; j++)
    for (int i = 0; i < pl->nx; i++) {
      const double f = force[i + (int64_t)pl->nx * j], pr = f / A;
      st->force += f;
      fx += f * (pl->origin[0] + (i + 0.5) * pl->pitch);
      fy += f * (pl->origin[1] + (j + 0.5) * pl->pitch);
      if (pr > st->peak) st->peak = pr;
      if (pr > threshold) {
        st->n_loaded++;
        loaded_force += f;
      }
    }
  st->area = (double)st->n_loaded * A;
  st->mean = st->n_loaded ? loaded_force / st->area : 0.0;
  if (st->force != 0.0) st->cop[0] = fx / st->force, st->cop[1] = fy / st->force;
}
