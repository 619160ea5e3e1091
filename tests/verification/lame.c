/*
 * Lame's thick-walled cylinder under internal pressure p, plane strain (ends held in z): the
 * radial displacement is (Timoshenko & Goodier, Theory of Elasticity, sec. 28)
 *   u_r(r) = (1 + nu) p a^2 / (E (b^2 - a^2)) ((1 - 2 nu) r + b^2 / r).
 * A quarter ring (a = 10, b = 20) of curved tet10 with symmetry planes, loaded by a pressure on
 * the inner surface through the configuration; every node's radial displacement must be within
 * 0.5% of the closed form and the hoop displacement negligible.
 */
#include <math.h>
#include <stdio.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double a = 10.0, b = 20.0, p = 1.0, E = 1000.0;

static double ur_exact(double r, double nu) {
  return (1 + nu) * p * a * a / (E * (b * b - a * a)) * ((1 - 2 * nu) * r + b * b / r);
}

static void lame(pf_elem_type t, const int n[3], double nu, double tol) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_mesh *mesh = NULL;
  tm_ring(ctx, t, n, a, b, 90.0, 4.0, &mesh);
  tm_write_inp(mesh, "lame.inp");
  pf_mesh_destroy(&mesh);
  tr_write("lame.yaml",
           "mesh: {file: lame.inp}\n"
           "materials: {m: {model: linear_elastic, E: %g, nu: %g}}\n"
           "regions: {block: m}\n"
           "loads: [{type: pressure, surface: inner, value: %g}]\n"
           "boundary:\n"
           "  - {type: fixed, set: sym_y, dofs: [y]}\n"
           "  - {type: fixed, set: sym_x, dofs: [x]}\n"
           "  - {type: fixed, set: zmin, dofs: [z]}\n"
           "  - {type: fixed, set: zmax, dofs: [z]}\n",
           E, nu, p);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve(ctx, "lame.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "solve failed");
    return;
  }
  double worst = 0, hoop = 0;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    const double *x = ld.mesh->x + 3 * v, *u = sol->u + 3 * v;
    const double r = hypot(x[0], x[1]);
    const double ur = (u[0] * x[0] + u[1] * x[1]) / r, ut = (-u[0] * x[1] + u[1] * x[0]) / r;
    const double ex = ur_exact(r, nu);
    worst = fmax(worst, fabs(ur - ex) / ex);
    hoop = fmax(hoop, fabs(ut) / ex);
  }
  printf("%-6s nu=%.2f: max relative error of u_r %.3e%%, max |u_theta|/u_r %.2e\n",
         pf_elem_name(t), nu, 100 * worst, hoop);
  PF_EXPECT(worst < tol, "%s u_r error %.3e%% >= %.3g%%", pf_elem_name(t), 100 * worst, 100 * tol);
  PF_EXPECT(hoop < tol, "%s hoop displacement %.3e", pf_elem_name(t), hoop);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  const int n[3] = {4, 12, 1};
  lame(PF_ELEM_TET10, n, 0.3, 0.005);
  lame(PF_ELEM_TET10, n, 0.45, 0.005);
  return pf_test_result("verify_lame");
}
