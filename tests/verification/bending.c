/*
 * Pure bending reproduced exactly by tet10 (plain displacement formulation): the 3-D pure-bending
 * field of a prism with curvature kappa (Timoshenko & Goodier, Theory of Elasticity, sec. 102)
 *   u_x = -kappa x z',  u_y = kappa nu y' z',  u_z = kappa/2 (x^2 + nu (z'^2 - y'^2)),
 * y', z' measured from the section centre, has sigma_xx = -E kappa z' and no other stress: the
 * lateral faces are traction free and there is no body force. It is quadratic, so tet10 must
 * reproduce it to round-off on a distorted (straight-edged) mesh when both end faces carry the
 * exact displacements (node by node). Asserted to 1e-10 relative.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double E = 1000.0, nu = 0.3, kappa = 1e-3;
static const double L[3] = {10.0, 2.0, 2.0};

static void exact(const double *x, double u[3]) {
  const double y = x[1] - 0.5 * L[1], z = x[2] - 0.5 * L[2];
  u[0] = -kappa * x[0] * z;
  u[1] = kappa * nu * y * z;
  u[2] = 0.5 * kappa * (x[0] * x[0] + nu * (z * z - y * y));
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_mesh *mesh = NULL;
  const int n[3] = {5, 2, 2};
  tm_box(ctx, PF_ELEM_TET10, n, L, 0.2, 3, &mesh);

  /* one node set per end-face node, each prescribed to the exact field */
  FILE *cfg = fopen("bending.yaml", "w");
  fprintf(cfg,
          "mesh: {file: bending.inp}\n"
          "materials: {m: {model: linear_elastic, E: %g, nu: %g}}\n"
          "regions: {block: m}\nboundary:\n",
          E, nu);
  int n_end = 0;
  for (int s = 0; s < mesh->n_nsets; s++) {
    if (strcmp(mesh->nsets[s].name, "xmin") && strcmp(mesh->nsets[s].name, "xmax")) continue;
    const int64_t count = mesh->nsets[s].count;
    int64_t *nodes = malloc((size_t)count * sizeof(int64_t));
    memcpy(nodes, mesh->nsets[s].nodes, (size_t)count * sizeof(int64_t));
    for (int64_t k = 0; k < count; k++) {
      char name[32];
      snprintf(name, sizeof(name), "n%lld", (long long)mesh->node_ids[nodes[k]]);
      mesh->nsets = realloc(mesh->nsets, (size_t)(mesh->n_nsets + 1) * sizeof(*mesh->nsets));
      pf_nset *ns = &mesh->nsets[mesh->n_nsets++];
      ns->name = strdup(name);
      ns->count = 1;
      ns->nodes = malloc(sizeof(int64_t));
      ns->nodes[0] = nodes[k];
      double u[3];
      exact(mesh->x + 3 * nodes[k], u);
      fprintf(cfg, "  - {type: displacement, set: %s, value: [%.17g, %.17g, %.17g]}\n", name, u[0],
              u[1], u[2]);
      n_end++;
    }
    free(nodes);
  }
  fclose(cfg);
  tm_write_inp(mesh, "bending.inp");
  pf_mesh_destroy(&mesh);
  printf("prescribed %d end-face nodes\n", n_end);

  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve(ctx, "bending.yaml", 0, NULL, &ld, &sol)) return 1;
  double err = 0, umax = 0, serr = 0;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    double u[3];
    exact(ld.mesh->x + 3 * v, u);
    for (int i = 0; i < 3; i++) {
      umax = fmax(umax, fabs(u[i]));
      err = fmax(err, fabs(sol->u[3 * v + i] - u[i]));
    }
  }
  /* element-average stress: sigma_xx = -E kappa z' averaged over the element, others zero */
  for (int64_t q = 0; q < ld.mesh->blocks[PF_ELEM_TET10].count; q++)
    for (int k = 1; k < 6; k++) serr = fmax(serr, fabs(sol->elem.stress[PF_ELEM_TET10][6 * q + k]));
  printf(
      "tet10 pure bending: max displacement error %.3e (max |u| %.3e), max spurious stress "
      "%.3e\n",
      err, umax, serr);
  PF_EXPECT(err <= 1e-10 * umax, "displacement error %.3e > 1e-10 x %.3e", err, umax);
  PF_EXPECT(serr <= 1e-10 * E * kappa, "spurious stress %.3e", serr);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
  return pf_test_result("verify_bending");
}
