/*
 * Patch tests (constant strain) for tet4, tet10 and hex8 on distorted meshes, load-driven: a
 * constant stress sigma is applied as tractions sigma.n on the six faces of a box, the box is held
 * against rigid motion at three corners with the values of the exact field, and the solution must
 * be the exact linear field u = eps x everywhere, with strain eps and stress sigma in every element
 * (to 1e-10, relative). Checks the element kernels, the consistent traction loads, assembly, the
 * solver and reactions (self-equilibrated loads: the supports carry nothing).
 */
#include <math.h>
#include <stdio.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double E = 1000.0, nu = 0.3;
/* sigma in tensor Voigt order xx yy zz xy yz xz */
static const double sig[6] = {1.0, -0.5, 0.3, 0.2, -0.1, 0.15};

static void patch(pf_elem_type type) {
  char mesh_path[64], cfg[64];
  snprintf(mesh_path, sizeof(mesh_path), "patch-%s.inp", pf_elem_name(type));
  snprintf(cfg, sizeof(cfg), "patch-%s.yaml", pf_elem_name(type));
  const int n[3] = {3, 3, 3};
  const double L[3] = {2.0, 1.5, 1.0};
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  tm_box_inp(type, n, L, 0.25, 7, mesh_path);

  const double G = E / (2 * (1 + nu));
  double eps[6]; /* tensor shear */
  eps[0] = (sig[0] - nu * (sig[1] + sig[2])) / E;
  eps[1] = (sig[1] - nu * (sig[0] + sig[2])) / E;
  eps[2] = (sig[2] - nu * (sig[0] + sig[1])) / E;
  eps[3] = sig[3] / (2 * G);
  eps[4] = sig[4] / (2 * G);
  eps[5] = sig[5] / (2 * G);
  /* full tensors */
  const double S[3][3] = {
      {sig[0], sig[3], sig[5]}, {sig[3], sig[1], sig[4]}, {sig[5], sig[4], sig[2]}};
  const double e[3][3] = {
      {eps[0], eps[3], eps[5]}, {eps[3], eps[1], eps[4]}, {eps[5], eps[4], eps[2]}};
  tr_write(cfg,
           "title: patch test %s\n"
           "mesh: {file: %s}\n"
           "materials: {m: {model: linear_elastic, E: %g, nu: %g}}\n"
           "regions: {block: m}\n"
           "loads:\n"
           "  - {type: traction, surface: xmin, value: [%.17g, %.17g, %.17g]}\n"
           "  - {type: traction, surface: xmax, value: [%.17g, %.17g, %.17g]}\n"
           "  - {type: traction, surface: ymin, value: [%.17g, %.17g, %.17g]}\n"
           "  - {type: traction, surface: ymax, value: [%.17g, %.17g, %.17g]}\n"
           "  - {type: traction, surface: zmin, value: [%.17g, %.17g, %.17g]}\n"
           "  - {type: traction, surface: zmax, value: [%.17g, %.17g, %.17g]}\n"
           "boundary:\n"
           "  - {type: fixed, set: corner000}\n"
           "  - {type: displacement, set: corner100, dofs: [y, z], value: [%.17g, %.17g]}\n"
           "  - {type: displacement, set: corner010, dofs: [z], value: [%.17g]}\n",
           pf_elem_name(type), mesh_path, E, nu, -S[0][0], -S[1][0], -S[2][0], S[0][0], S[1][0],
           S[2][0], -S[0][1], -S[1][1], -S[2][1], S[0][1], S[1][1], S[2][1], -S[0][2], -S[1][2],
           -S[2][2], S[0][2], S[1][2], S[2][2], e[1][0] * L[0], e[2][0] * L[0], e[2][1] * L[1]);

  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve(ctx, cfg, 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "%s: solve failed", pf_elem_name(type));
    pf_context_destroy(&ctx);
    return;
  }
  const pf_mesh *m = ld.mesh;
  double umax = 0, err = 0;
  for (int64_t v = 0; v < m->n_nodes; v++)
    for (int i = 0; i < 3; i++) {
      double exact = 0;
      for (int j = 0; j < 3; j++) exact += e[i][j] * m->x[3 * v + j];
      umax = fmax(umax, fabs(exact));
      err = fmax(err, fabs(sol->u[3 * v + i] - exact));
    }
  printf("%-6s displacement max error %.3e (max |u| %.3e)\n", pf_elem_name(type), err, umax);
  PF_EXPECT(err <= 1e-10 * umax, "%s: displacement error %.3e > 1e-10 x %.3e", pf_elem_name(type),
            err, umax);
  double es = 0, ee = 0;
  for (int64_t q = 0; q < m->blocks[type].count; q++)
    for (int k = 0; k < 6; k++) {
      es = fmax(es, fabs(sol->elem.stress[type][6 * q + k] - sig[k]));
      ee = fmax(ee, fabs(sol->elem.strain[type][6 * q + k] - eps[k]));
    }
  printf("%-6s stress max error %.3e, strain max error %.3e\n", pf_elem_name(type), es, ee);
  PF_EXPECT(es <= 1e-10 * 1.0, "%s: stress error %.3e", pf_elem_name(type), es);
  PF_EXPECT(ee <= 1e-10 * (sig[0] / E), "%s: strain error %.3e", pf_elem_name(type), ee);
  for (int c = 0; c < 3; c++)
    for (int i = 0; i < 3; i++)
      PF_EXPECT(fabs(sol->bc_reaction[3 * c + i]) <= 1e-10 * 3.0,
                "%s: support %d carries %.3e (self-equilibrated loads)", pf_elem_name(type), c,
                sol->bc_reaction[3 * c + i]);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  patch(PF_ELEM_TET4);
  patch(PF_ELEM_TET10);
  patch(PF_ELEM_HEX8);
  return pf_test_result("verify_patch");
}
