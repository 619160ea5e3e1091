/*
 * Large rotation: a slender cantilever (L = 100, h = b = 2, L/h = 50) of St Venant-Kirchhoff
 * material (E = 1000, nu = 0, so that the beam has no Poisson coupling), clamped at x = 0 and
 * loaded at x = L by a dead transverse force P (uniform traction on the end face) with
 * P L^2 / (E I) = 3, bends through about 70 degrees.
 *
 * Reference: Euler's elastica of the inextensible beam, E I theta'' = -P cos(theta) on arc length
 * s in [0, L], theta(0) = 0, theta'(L) = 0 (Bisshopp & Drucker, Q. Appl. Math. 3 (1945) 272),
 * integrated here by RK4 with shooting on theta'(0); the tip position is (int cos theta,
 * int sin theta). Asserted: the end face's mean displacement within 1% of the elastica's tip
 * displacement (both components, relative to its magnitude) with tet10.
 */
#include <math.h>
#include <stdio.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double L = 100.0, h = 2.0, E = 1000.0, load = 3.0;

/* theta'' = -k cos(theta), k = P / EI; returns theta'(L) for theta'(0) = c, and the tip. */
static double shoot(double k, double c, double tip[2]) {
  const int n = 20000;
  const double ds = L / n;
  double th = 0.0, w = c, x = 0.0, y = 0.0;
  for (int i = 0; i < n; i++) {
    /* RK4 on (theta, w, x, y) */
    double k1[4] = {w, -k * cos(th), cos(th), sin(th)};
    double t2 = th + 0.5 * ds * k1[0], w2 = w + 0.5 * ds * k1[1];
    double k2[4] = {w2, -k * cos(t2), cos(t2), sin(t2)};
    double t3 = th + 0.5 * ds * k2[0], w3 = w + 0.5 * ds * k2[1];
    double k3[4] = {w3, -k * cos(t3), cos(t3), sin(t3)};
    double t4 = th + ds * k3[0], w4 = w + ds * k3[1];
    double k4[4] = {w4, -k * cos(t4), cos(t4), sin(t4)};
    th += ds / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    w += ds / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    x += ds / 6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
    y += ds / 6 * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]);
  }
  tip[0] = x;
  tip[1] = y;
  return w;
}

int main(void) {
  const double I = h * h * h * h / 12.0;
  const double P = load * E * I / (L * L);
  const double k = P / (E * I);
  /* bending downward: theta < 0 for a load in -z; solve theta'' = +k cos(theta) as the mirror */
  double lo = 0.0, hi = 10.0 * k * L, tip[2];
  for (int it = 0; it < 200; it++) {
    const double c = 0.5 * (lo + hi);
    if (shoot(k, c, tip) > 0.0)
      hi = c;
    else
      lo = c;
  }
  shoot(k, 0.5 * (lo + hi), tip);
  const double ref[2] = {tip[0] - L, -tip[1]}; /* tip displacement (x, z) */
  printf("elastica: P L^2 / EI = %g, tip displacement (%.6f, %.6f), theta'(0) %.6f\n", load, ref[0],
         ref[1], 0.5 * (lo + hi));

  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const int n[3] = {50, 2, 2};
  const double Lb[3] = {L, h, h};
  tm_box_inp(PF_ELEM_TET10, n, Lb, 0.0, 0, "elastica.inp");
  tr_write("elastica.yaml",
           "mesh: {file: elastica.inp}\n"
           "materials: {m: {model: linear_elastic, E: %.17g, nu: 0}}\n"
           "regions: {block: {material: m, formulation: displacement}}\n"
           "loads: [{type: surface_force, surface: xmax, value: [0, 0, %.17g]}]\n"
           "boundary: [{type: fixed, set: xmin}]\n"
           "analysis: {type: static_nonlinear, increments: 10}\n",
           E, -P);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, "elastica.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "solve failed");
    return pf_test_result("nl_elastica");
  }
  const int s = pf_mesh_find_nset(ld.mesh, "xmax");
  double u[3] = {0, 0, 0};
  for (int64_t q = 0; q < ld.mesh->nsets[s].count; q++)
    for (int c = 0; c < 3; c++) u[c] += sol->u[3 * ld.mesh->nsets[s].nodes[q] + c];
  for (int c = 0; c < 3; c++) u[c] /= (double)ld.mesh->nsets[s].count;
  const double mag = hypot(ref[0], ref[1]);
  const double ex = fabs(u[0] - ref[0]) / mag, ez = fabs(u[2] - ref[1]) / mag;
  printf("pfsim tet10 50x2x2: tip displacement (%.6f, %.6f, %.2e), errors %.3e%% %.3e%%\n", u[0],
         u[2], u[1], 100 * ex, 100 * ez);
  PF_EXPECT(ex < 0.01 && ez < 0.01, "tip displacement off the elastica: %.3e %.3e", ex, ez);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
  return pf_test_result("nl_elastica");
}
