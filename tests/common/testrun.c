/* Running a configuration in-process for verification tests (see testrun.h). */
#include "testrun.h"

#include <stdarg.h>
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

int tr_solve(pf_context *ctx, const char *config, int n_overrides, const char *const *overrides,
             pf_loaded *ld, pf_solution **sol) {
  pf_run_options opt = {0};
  opt.config_path = config;
  opt.n_overrides = n_overrides;
  opt.overrides = overrides;
  *sol = NULL;
  int rc = pf_api_load(ctx, &opt, ld);
  if (!rc) rc = pf_analysis_linear(ctx, ld->model, NULL, NULL, sol);
  if (rc) fprintf(stderr, "tr_solve(%s): %s\n", config, pf_context_error(ctx));
  return rc;
}
