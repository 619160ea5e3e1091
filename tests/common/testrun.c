/* Running a configuration in-process for verification tests (see testrun.h). */
#include "testrun.h"

#include <stdarg.h>
#include <math.h>
#include <stdio.h>

int tr_write(const char *path, const char *fmt, ...) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  return fclose(f) ? -1 : 0;
}

int tr_load(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
            pf_loaded *ld) {
  pf_run_options opt = {0};
  opt.config_path = config;
  opt.n_overrides = n_overrides;
  opt.overrides = overrides;
  int rc = pf_api_load(ctx, &opt, ld);
  if (rc) fprintf(stderr, "tr_load(%s): %s\n", config, pf_context_error(ctx));
  return rc;
}

/* Loads config and runs the linear or the nonlinear analysis. */
static int solve(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
                 int nonlinear, pf_loaded *ld, pf_solution **sol) {
  *sol = NULL;
  PF_CALL(tr_load(ctx, config, n_overrides, overrides, ld));
  int rc = nonlinear ? pf_analysis_nonlinear(ctx, ld->model, NULL, NULL, sol)
                     : pf_analysis_linear(ctx, ld->model, NULL, NULL, sol);
  if (rc)
    fprintf(stderr, "%s(%s): %s\n", nonlinear ? "tr_solve_nl" : "tr_solve", config,
            pf_context_error(ctx));
  return rc;
}

int tr_solve(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
             pf_loaded *ld, pf_solution **sol) {
  return solve(ctx, config, n_overrides, overrides, 0, ld, sol);
}

int tr_solve_nl(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
                pf_loaded *ld, pf_solution **sol) {
  return solve(ctx, config, n_overrides, overrides, 1, ld, sol);
}

double tr_reaction_sum(const pf_loaded *ld, const pf_solution *sol, const char *set, int c) {
  const int k = pf_mesh_find_nset(ld->mesh, set);
  if (k < 0) return NAN;
  double s = 0.0;
  for (int64_t q = 0; q < ld->mesh->nsets[k].count; q++)
    s += sol->reaction[3 * ld->mesh->nsets[k].nodes[q] + c];
  return s;
}
