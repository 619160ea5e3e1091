/*
 * pfsim sweep S.yaml plan|run|slurm|collect|status [options] (docs/sweeps.md): parses the
 * options, reads the sweep file, and makes the plan (plan) or loads it (the others, which refuse
 * a missing plan or one whose inputs changed) before the subcommand runs.
 */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/pf_cli.h"
#include "config/pf_sweep_spec.h"
#include "core/pf_core.h"
#include "sweep/pf_sweep.h"

typedef enum { SW_PLAN = 0, SW_RUN, SW_SLURM, SW_COLLECT, SW_STATUS, SW_NUM } sweep_cmd;
static const char *const sweep_cmds[SW_NUM] = {"plan", "run", "slurm", "collect", "status"};

typedef struct {
  const char *file;
  sweep_cmd cmd;
  const char *out_dir;
  int quiet;
  pf_sweep_run_options run;
  pf_sweep_slurm_options slurm;
  int cases_given;
  int jobs; /* -j N: run's workers, or slurm's workers per array task (0: not given) */
} sweep_options;

/* An integer option value in [lo, hi]; 0 or the usage exit code. */
static int int_value(const char *opt, const char *val, int lo, int hi, int *out) {
  char *end;
  const long v = strtol(val, &end, 10);
  if (!val[0] || *end || v < lo || v > hi)
    return pf_cli_usage("sweep %s %s: expected an integer from %d to %d", opt, val, lo, hi);
  *out = (int)v;
  return 0;
}

/* --cases A-B or --cases A (inclusive, 0-based). */
static int cases_value(const char *val, int *first, int *last) {
  char *end;
  const long a = strtol(val, &end, 10);
  long b = a;
  if (end != val && *end == '-') {
    const char *s = end + 1;
    b = strtol(s, &end, 10);
    if (end == s) b = -1;
  }
  if (end == val || *end || a < 0 || b < a || b > INT_MAX - 1)
    return pf_cli_usage("sweep --cases %s: expected A-B or A, case numbers from 0 with A <= B",
                        val);
  *first = (int)a;
  *last = (int)b;
  return 0;
}

static int parse(int argc, char **argv, sweep_options *o) {
  memset(o, 0, sizeof(*o));
  o->cmd = SW_NUM;
  o->run.workers = 1;
  o->run.last = -1;
  o->run.retries = -1;
  o->run.reuse = 1;
  o->run.progress = 1;
  o->slurm.cpus = 1;
  const char *positional[2] = {NULL, NULL};
  int n_pos = 0;
  /* options checked against the subcommand once it is known */
  const char *run_opt = NULL, *slurm_opt = NULL, *jobs_opt = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    int code = 0;
#define IS_OPT(name) (!strcmp(a, name) || !strncmp(a, name "=", strlen(name) + 1))
#define TAKE_VALUE(name)                                    \
  do {                                                      \
    const size_t l_ = strlen(name);                         \
    if (!strncmp(a, name "=", l_ + 1))                      \
      val = a + l_ + 1;                                     \
    else if (i + 1 < argc)                                  \
      val = argv[++i];                                      \
    else                                                    \
      return pf_cli_usage("sweep %s: missing value", name); \
  } while (0)
    if (IS_OPT("--out")) {
      TAKE_VALUE("--out");
      o->out_dir = val;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      o->quiet = 1;
      o->run.progress = 0;
    } else if (!strcmp(a, "-j") || IS_OPT("--jobs")) {
      if (!strcmp(a, "-j")) {
        if (i + 1 >= argc) return pf_cli_usage("sweep -j: missing value");
        val = argv[++i];
      } else {
        TAKE_VALUE("--jobs");
      }
      code = int_value("-j", val, 1, 1024, &o->jobs);
      jobs_opt = "-j";
    } else if (IS_OPT("--cases")) {
      TAKE_VALUE("--cases");
      code = cases_value(val, &o->run.first, &o->run.last);
      o->cases_given = 1;
      run_opt = "--cases";
    } else if (IS_OPT("--threads")) {
      TAKE_VALUE("--threads");
      code = int_value("--threads", val, 1, 4096, &o->run.threads);
      run_opt = "--threads";
    } else if (IS_OPT("--retries")) {
      TAKE_VALUE("--retries");
      code = int_value("--retries", val, 0, 100, &o->run.retries);
      run_opt = "--retries";
    } else if (!strcmp(a, "--reproducible")) {
      o->run.reproducible = 1;
      o->slurm.reproducible = 1;
      jobs_opt = jobs_opt ? jobs_opt : "--reproducible";
    } else if (!strcmp(a, "--no-reuse")) {
      o->run.reuse = 0;
      run_opt = "--no-reuse";
    } else if (IS_OPT("--partition")) {
      TAKE_VALUE("--partition");
      o->slurm.partition = val;
      slurm_opt = "--partition";
    } else if (IS_OPT("--time")) {
      TAKE_VALUE("--time");
      o->slurm.time = val;
      slurm_opt = "--time";
    } else if (IS_OPT("--cpus")) {
      TAKE_VALUE("--cpus");
      code = int_value("--cpus", val, 1, 4096, &o->slurm.cpus);
      slurm_opt = "--cpus";
    } else if (IS_OPT("--cases-per-task")) {
      TAKE_VALUE("--cases-per-task");
      code = int_value("--cases-per-task", val, 1, INT_MAX - 1, &o->slurm.cases_per_task);
      slurm_opt = "--cases-per-task";
    } else if (!strcmp(a, "--submit")) {
      o->slurm.submit = 1;
      slurm_opt = "--submit";
    } else if (a[0] == '-' && a[1]) {
      return pf_cli_usage("sweep: unknown option '%s' (see pfsim --help)", a);
    } else if (n_pos < 2) {
      positional[n_pos++] = a;
    } else {
      return pf_cli_usage(
          "sweep: unexpected argument '%s' (expected pfsim sweep S.yaml "
          "plan|run|slurm|collect|status [options])",
          a);
    }
    if (code) return code;
#undef TAKE_VALUE
#undef IS_OPT
  }
  if (n_pos < 2)
    return pf_cli_usage(
        "sweep: expected pfsim sweep S.yaml plan|run|slurm|collect|status "
        "[options]");
  o->file = positional[0];
  for (int k = 0; k < SW_NUM; k++)
    if (!strcmp(positional[1], sweep_cmds[k])) o->cmd = (sweep_cmd)k;
  if (o->cmd == SW_NUM) {
    const char *near = pf_nearest(positional[1], sweep_cmds, SW_NUM);
    if (near)
      return pf_cli_usage(
          "sweep: unknown subcommand '%s' (did you mean '%s'? expected plan, "
          "run, slurm, collect or status)",
          positional[1], near);
    return pf_cli_usage(
        "sweep: unknown subcommand '%s' (expected plan, run, slurm, collect or "
        "status; the sweep file comes first: pfsim sweep S.yaml plan)",
        positional[1]);
  }
  if (run_opt && o->cmd != SW_RUN)
    return pf_cli_usage("sweep %s: %s is an option of run", sweep_cmds[o->cmd], run_opt);
  if (slurm_opt && o->cmd != SW_SLURM)
    return pf_cli_usage("sweep %s: %s is an option of slurm", sweep_cmds[o->cmd], slurm_opt);
  if (jobs_opt && o->cmd != SW_RUN && o->cmd != SW_SLURM)
    return pf_cli_usage("sweep %s: %s is an option of run and slurm", sweep_cmds[o->cmd], jobs_opt);
  if (o->jobs && o->cmd == SW_RUN) o->run.workers = o->jobs;
  if (o->jobs && o->cmd == SW_SLURM) o->slurm.workers = o->jobs;
  return 0;
}

int pf_cmd_sweep(int argc, char **argv) {
  sweep_options o;
  int code = parse(argc, argv, &o);
  if (code) return code;
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) {
    fprintf(stderr, "pfsim: out of memory\n");
    return 4;
  }
  pf_context_set_log_level(ctx, o.quiet ? PF_LOG_WARN : PF_LOG_INFO);
  if (o.cmd == SW_PLAN || o.cmd == SW_STATUS) {
    /* main blocks SIGTERM and SIGINT for the commands that stop at a safe point; plan (whose
     * files appear by rename, or by .args after a mesh is whole) and status (read-only) may just
     * end, and the generator they start must get Ctrl-C too (a mask survives exec) */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
  }
  if (o.run.threads) pf_context_set_threads(ctx, o.run.threads);
  FILE *out = o.quiet ? NULL : stdout;
  pf_sweep_spec *spec = NULL;
  pf_sweep_plan *plan = NULL;
  char exe[PATH_MAX];
  int rc = pf_sweep_spec_read(ctx, o.file, o.out_dir, &spec);
  if (!rc && o.cmd == SW_PLAN) {
    rc = pf_sweep_plan_make(ctx, spec, out, NULL);
  } else if (!rc) {
    rc = pf_sweep_plan_load(ctx, spec, &plan);
    if (!rc && o.cases_given && o.run.last >= plan->n_cases)
      rc = pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL,
                        "sweep run --cases %d-%d: the plan has %d cases (0-%d)", o.run.first,
                        o.run.last, plan->n_cases, plan->n_cases - 1);
    if (rc) {
      /* refused before the subcommand */
    } else if (o.cmd == SW_RUN) {
      rc = pf_sweep_run(ctx, spec, plan, &o.run);
    } else if (o.cmd == SW_SLURM) {
      /* the job script calls this very executable */
      const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
      if (n <= 0) {
        rc = pf_error_set(ctx, PF_ERR_IO, NULL, 0, NULL,
                          "sweep slurm: cannot find the pfsim executable (/proc/self/exe)");
      } else {
        exe[n] = '\0';
        o.slurm.pfsim = exe;
        rc = pf_sweep_slurm(ctx, spec, plan, &o.slurm, stdout);
      }
    } else if (o.cmd == SW_COLLECT) {
      rc = pf_sweep_collect(ctx, spec, plan, stdout);
    } else {
      rc = pf_sweep_status(ctx, spec, plan, stdout, NULL);
    }
  }
  code = rc ? pf_cli_fail(ctx, rc) : 0;
  pf_sweep_plan_destroy(&plan);
  pf_sweep_spec_destroy(&spec);
  pf_context_destroy(&ctx);
  return code;
}
