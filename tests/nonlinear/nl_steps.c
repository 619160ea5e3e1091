/*
 * Steps (issue 3): values persist into later steps, a step value is an absolute target ramped
 * from the value at the step start, and what a later step adds acts from where the earlier one
 * left the model.
 * 1. Path independence of elasticity: a hex8 block (neo-Hookean) sheared by its top face in
 *    step 1 (u = [0.4, 0, 0]) and compressed in step 2 (target [0.4, 0, -0.5], x held by the
 *    continued entry) ends where the same target reached in one step ends (1e-7 relative, the
 *    Newton tolerance), while the state after step 1 differs from it.
 * 2. A node fixed in step 2 stays where step 1 moved it: a block pulled by a surface force in
 *    step 1, a corner fixed in step 2 while the force grows; the corner's displacement at the end
 *    equals its displacement at the end of step 1 (1e-12) and is not zero.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

typedef struct {
  int64_t probe;       /* node row */
  double u_step[4][3]; /* probe displacement at the end of each step */
  int64_t n;           /* nodes */
} capture;

static int on_increment(void *user, const pf_model *model, const pf_kinematics *kin,
                        const pf_solution *sol, const pf_frame_info *info, int write_frame,
                        const pf_increment_report *rep, double step_time, double next_increment) {
  (void)model, (void)kin, (void)rep, (void)next_increment;
  capture *c = user;
  if (write_frame && step_time >= 1.0 && info->step_index < 4)
    for (int i = 0; i < 3; i++) c->u_step[info->step_index][i] = sol->u[3 * c->probe + i];
  return 0;
}

/* Runs config with a callback recording the probe node at the end of each step; returns the
 * final displacements in u (3 n). */
static int run(const char *config, const char *probe_set, capture *c, double **u) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_loaded ld;
  pf_solution *sol = NULL;
  memset(c, 0, sizeof(*c));
  int rc = tr_load(ctx, config, 0, NULL, &ld);
  if (!rc) {
    const int s = pf_mesh_find_nset(ld.mesh, probe_set);
    c->probe = ld.mesh->nsets[s].nodes[0];
    c->n = ld.mesh->n_nodes;
    pf_nl_callbacks cb = {on_increment, c};
    rc = pf_analysis_nonlinear(ctx, ld.model, NULL, &cb, &sol);
  }
  if (rc) {
    printf("%s: %s\n", config, pf_context_error(ctx));
    pf_context_destroy(&ctx);
    return -1;
  }
  *u = malloc(sizeof(double) * 3 * (size_t)c->n);
  memcpy(*u, sol->u, sizeof(double) * 3 * (size_t)c->n);
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
  return 0;
}

int main(void) {
  const int n[3] = {3, 3, 3};
  const double Lb[3] = {1, 1, 1};
  tm_box_inp(PF_ELEM_HEX8, n, Lb, 0.1, 3, "steps.inp");

  const char *head =
      "mesh: {file: steps.inp}\n"
      "materials: {m: {model: neo_hookean, mu: 1.0, kappa: 10.0}}\n"
      "regions: {block: m}\n"
      "analysis: {type: static_nonlinear, increments: 4}\n";
  tr_write("one.yaml",
           "%sboundary:\n"
           "  - {name: base, type: fixed, set: zmin}\n"
           "  - {name: top, type: displacement, set: zmax, value: [0.4, 0, -0.5]}\n",
           head);
  tr_write("two.yaml",
           "%ssteps:\n"
           "  - name: shear\n"
           "    boundary:\n"
           "      - {name: base, type: fixed, set: zmin}\n"
           "      - {name: top, type: displacement, set: zmax, value: [0.4, 0, 0]}\n"
           "  - name: compress\n"
           "    boundary:\n"
           "      - {name: top, value: [0.4, 0, -0.5]}\n",
           head);
  capture c1, c2;
  double *u1 = NULL, *u2 = NULL;
  if (run("one.yaml", "corner111", &c1, &u1) || run("two.yaml", "corner111", &c2, &u2)) {
    PF_EXPECT(0, "path independence: a run failed");
  } else {
    double diff = 0.0, umax = 0.0, d1 = 0.0;
    for (int64_t k = 0; k < 3 * c1.n; k++) {
      diff = fmax(diff, fabs(u1[k] - u2[k]));
      umax = fmax(umax, fabs(u1[k]));
    }
    for (int i = 0; i < 3; i++) d1 = fmax(d1, fabs(c2.u_step[0][i] - c1.u_step[0][i]));
    printf(
        "path independence: one step vs two steps, max difference %.3e (of %.3e); after "
        "step 1 the corner differs by %.3e\n",
        diff, umax, d1);
    PF_EXPECT(diff <= 1e-7 * umax, "two steps differ from one: %.3e", diff);
    PF_EXPECT(d1 > 1e-2, "step 1 should not be the final state (%.3e)", d1);
  }
  free(u1);
  free(u2);

  tr_write("hold.yaml",
           "%ssteps:\n"
           "  - name: pull\n"
           "    loads: [{name: F, type: surface_force, surface: xmax, value: [0.5, 0, 0.2]}]\n"
           "    boundary: [{name: base, type: fixed, set: xmin}]\n"
           "  - name: pin_and_pull\n"
           "    loads: [{name: F, value: [1.0, 0, 0.4]}]\n"
           "    boundary: [{name: pin, type: fixed, set: corner111}]\n",
           head);
  capture c3;
  double *u3 = NULL;
  if (run("hold.yaml", "corner111", &c3, &u3)) {
    PF_EXPECT(0, "hold: the run failed");
  } else {
    double d = 0.0, m = 0.0;
    for (int i = 0; i < 3; i++) {
      d = fmax(d, fabs(c3.u_step[1][i] - c3.u_step[0][i]));
      m = fmax(m, fabs(c3.u_step[0][i]));
    }
    printf("a corner fixed in step 2: moved %.6f by step 1, then %.3e in step 2\n", m, d);
    PF_EXPECT(m > 1e-2, "step 1 should move the corner (%.3e)", m);
    PF_EXPECT(d <= 1e-12 * (1.0 + m), "the corner fixed in step 2 moved by %.3e", d);
  }
  free(u3);
  return pf_test_result("nl_steps");
}
