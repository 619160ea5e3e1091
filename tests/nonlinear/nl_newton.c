/*
 * Newton's convergence on a large-deformation case: a tet10 block (2 x 2 x 1, 4 x 4 x 2 cells) of
 * compressible neo-Hookean tissue bonded between plates and compressed 30% and sheared 20% of its
 * height in 4 increments (bonded: fixed base, top moved). From the Newton log of every increment:
 * - full Newton: the observed order log(r_k+1 / r_k) / log(r_k / r_k-1) over the last three
 *   decreasing residuals above round-off (1e-12) is >= 1.8 in every increment (quadratic
 *   convergence of the consistent tangent);
 * - modified Newton and BFGS reach the same solution with fewer factorisations
 *   than iterations;
 * - the three methods agree on the reaction and a probe displacement to 1e-6.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

typedef struct {
  int increments, iterations, factorisations, unconverged;
  double min_rate;
} tally;

static int on_increment(void *user, const pf_model *model, const pf_kinematics *kin,
                        const pf_solution *sol, const pf_frame_info *info, int write_frame,
                        const pf_increment_report *rep, double step_time, double next_increment) {
  (void)model, (void)kin, (void)sol, (void)info, (void)write_frame, (void)step_time,
      (void)next_increment;
  tally *t = user;
  t->increments++;
  t->iterations += rep->iterations;
  t->factorisations += rep->factorisations;
  if (!rep->converged) t->unconverged++;
  /* observed order near the solution (computed by the solver from its log: the last three
   * decreasing residuals above the round-off floor) */
  if (rep->rate > 0.0 && rep->rate < t->min_rate) t->min_rate = rep->rate;
  printf("  increment %d: %d iterations, %d factorisations, residuals", t->increments,
         rep->iterations, rep->factorisations);
  for (int k = 0; k < rep->n_log; k++) printf(" %.2e", rep->log_residual[k]);
  printf("\n");
  return 0;
}

static int run(const char *method, tally *t, double *reaction, double *u_probe) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  char override[64];
  snprintf(override, sizeof(override), "solver.newton=%s", method);
  const char *ov[1] = {override};
  pf_loaded ld;
  memset(t, 0, sizeof(*t));
  t->min_rate = INFINITY;
  pf_nl_callbacks cb = {on_increment, t};
  pf_solution *sol = NULL;
  printf("%s Newton:\n", method);
  int rc = tr_load(ctx, "newton.yaml", 1, ov, &ld);
  if (!rc) rc = pf_analysis_nonlinear(ctx, ld.model, NULL, &cb, &sol);
  if (rc) {
    printf("  failed: %s\n", pf_context_error(ctx));
    pf_context_destroy(&ctx);
    return -1;
  }
  *reaction = tr_reaction_sum(&ld, sol, "zmax", 2);
  /* a probe: the displacement of the node nearest the centre */
  double best = INFINITY;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    const double *X = ld.mesh->x + 3 * v;
    const double d = hypot(hypot(X[0] - 1.0, X[1] - 1.0), X[2] - 0.5);
    if (d < best) {
      best = d;
      for (int c = 0; c < 3; c++) u_probe[c] = sol->u[3 * v + c];
    }
  }
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
  return 0;
}

int main(void) {
  const int n[3] = {4, 4, 2};
  const double Lb[3] = {2, 2, 1};
  tm_box_inp(PF_ELEM_TET10, n, Lb, 0.2, 7, "newton.inp");
  tr_write("newton.yaml",
           "mesh: {file: newton.inp}\n"
           "materials: {m: {model: neo_hookean, mu: 0.1, kappa: 2.0}}\n"
           "regions: {block: m}\n"
           "boundary:\n"
           "  - {type: fixed, set: zmin}\n"
           "  - {type: displacement, set: zmax, value: [0.2, 0, -0.3]}\n"
           "analysis: {type: static_nonlinear, increments: 4}\n");
  const char *methods[3] = {"full", "modified", "bfgs"};
  double R[3] = {0, 0, 0}, u[3][3];
  tally t[3];
  for (int m = 0; m < 3; m++) {
    if (run(methods[m], &t[m], &R[m], u[m])) {
      PF_EXPECT(0, "%s Newton failed", methods[m]);
      continue;
    }
    printf(
        "  %s: %d increments, %d iterations, %d factorisations, reaction %.10g, min observed "
        "order %.2f\n",
        methods[m], t[m].increments, t[m].iterations, t[m].factorisations, R[m], t[m].min_rate);
  }
  PF_EXPECT(t[0].min_rate >= 1.8, "full Newton: observed order %.2f < 1.8", t[0].min_rate);
  for (int m = 1; m < 3; m++) {
    PF_EXPECT(t[m].factorisations < t[m].iterations, "%s: %d factorisations for %d iterations",
              methods[m], t[m].factorisations, t[m].iterations);
    PF_EXPECT(fabs(R[m] - R[0]) <= 1e-6 * fabs(R[0]), "%s: reaction %.10g vs full %.10g",
              methods[m], R[m], R[0]);
    for (int c = 0; c < 3; c++)
      PF_EXPECT(fabs(u[m][c] - u[0][c]) <= 1e-6 * (fabs(u[0][c]) + 1e-3),
                "%s: probe u[%d] %.10g vs %.10g", methods[m], c, u[m][c], u[0][c]);
  }
  return pf_test_result("nl_newton");
}
