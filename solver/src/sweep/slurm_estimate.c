/*
 * What a sweep's cases cost, and the job array's shape from it (docs/sweeps.md "SLURM"): memory
 * from pfsim check's estimate, time from the attempts already recorded (else a flops guess), and
 * the chunking that keeps SLURM's per-task cost (about 1 s measured) small against the work.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/pf_api.h"
#include "sweep/slurm_impl.h"

#define PF_SLURM_MAX_CHECKS  16
#define PF_SLURM_MAX_SAMPLES 1000
#define GIB                  1073741824.0
#define MIB                  1048576.0

/* The --set texts of case i as pf_run_options (sets and ptrs: n_buf entries each). */
static int case_options(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                        int i, char (*sets)[PF_SWEEP_SET_MAX], const char **ptrs, int n_buf,
                        pf_run_options *opt) {
  const int n_sets = pf_sweep_case_sets(ctx, spec, plan, i, sets, n_buf);
  PF_CALL(n_sets);
  for (int k = 0; k < n_sets; k++) ptrs[k] = sets[k];
  memset(opt, 0, sizeof *opt);
  opt->config_path = spec->base;
  opt->n_overrides = n_sets;
  opt->overrides = ptrs;
  return PF_OK;
}

/* pf_check of case i: its peak memory (bytes, pfsim check's estimate); with flops also the flops
 * of one factorisation and whether the model is finite strain. */
static int check_case(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                      int flops, pf_slurm_estimate *est) {
  const int n_buf = pf_sweep_case_sets_max(spec);
  char(*sets)[PF_SWEEP_SET_MAX] = NULL;
  const char **ptrs = NULL;
  pf_run_options opt;
  pf_check_estimate e;
  int rc;
  PF_CALL(PF_CALLOC(ctx, n_buf, &sets));
  PF_CALL_GOTO(rc, done, PF_CALLOC(ctx, n_buf, &ptrs));
  PF_CALL_GOTO(rc, done, case_options(ctx, spec, plan, i, sets, ptrs, n_buf, &opt));
  PF_CALL_GOTO(rc, done, pf_check_estimate_run(ctx, &opt, &e));
  if (e.peak_bytes > est->peak_bytes) est->peak_bytes = e.peak_bytes;
  est->checked++;
  if (flops) {
    if (e.flops * 1e-9 > est->gflop) est->gflop = e.flops * 1e-9;
    if (e.nonlinear) est->nonlinear = 1;
  }
done:
  if (rc) pf_error_prefix(ctx, "slurm: the estimates of case %d: ", i);
  PF_FREE(&ptrs);
  PF_FREE(&sets);
  return rc;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median wall time of the complete attempts recorded so far ("<status> <exit code> <wall s>
 * <message>" per line of NNNNN.attempts), over at most PF_SLURM_MAX_SAMPLES of them. */
static int measured_seconds(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                            double *median, int *count) {
  double *t = NULL;
  int n = 0;
  *count = 0;
  PF_CALL(PF_CALLOC(ctx, PF_SLURM_MAX_SAMPLES, &t));
  for (int i = 0; i < plan->n_cases && n < PF_SLURM_MAX_SAMPLES; i++) {
    char path[4096], line[1024], status[64];
    pf_sweep_case_path(spec, plan, i, ".attempts", path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    while (n < PF_SLURM_MAX_SAMPLES && fgets(line, sizeof line, f)) {
      int code;
      double wall;
      if (sscanf(line, "%63s %d %lf", status, &code, &wall) == 3 && code == 0 &&
          (!strcmp(status, "complete") || !strcmp(status, "done")) && wall >= 0)
        t[n++] = wall;
    }
    fclose(f);
  }
  if (n) {
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    *median = n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
  }
  *count = n;
  PF_FREE(&t);
  return PF_OK;
}

int pf_slurm_estimate_cases(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                            pf_slurm_estimate *est) {
  memset(est, 0, sizeof *est);
  PF_CHECK(plan->n_cases > 0, ctx, PF_ERR_INPUT, "%s: the plan has no cases", spec->file);
  double median = 0;
  PF_CALL(measured_seconds(ctx, spec, plan, &median, &est->measured));
  /* the loader's progress lines are not the slurm command's */
  const pf_log_level level = ctx->log_level;
  if (ctx->log_level > PF_LOG_WARN) ctx->log_level = PF_LOG_WARN;
  /* case 0, then the first case of each other geometry: the mesh sets the memory */
  int checked[PF_SLURM_MAX_CHECKS];
  int n_checked = 0, rc = PF_OK;
  for (int i = 0; !rc && i < plan->n_cases && n_checked < PF_SLURM_MAX_CHECKS; i++) {
    int seen = 0;
    for (int k = 0; k < n_checked && !seen; k++)
      seen = !plan->mesh || (plan->mesh[checked[k]] && plan->mesh[i] &&
                             !strcmp(plan->mesh[checked[k]], plan->mesh[i]));
    if (seen) continue;
    rc = check_case(ctx, spec, plan, i, !est->measured, est);
    checked[n_checked++] = i;
  }
  ctx->log_level = level;
  PF_CALL(rc);
  if (est->measured) {
    est->case_seconds = median;
  } else {
    /* a guess before anything ran: 2 s to load, assemble and write, and the factorisations at a
     * pessimistic 2 Gflop/s on one thread; a finite-strain case about 100 of them (20
     * increments of about 5 Newton iterations) */
    est->case_seconds = 2.0 + est->gflop / 2.0 * (est->nonlinear ? 100.0 : 1.0);
  }
  if (est->case_seconds < 0.01) est->case_seconds = 0.01;
  return PF_OK;
}

void pf_slurm_layout_make(int n_cases, int max_array_size, int cpus, int workers,
                          int cases_per_task, const pf_slurm_estimate *est, pf_slurm_layout *lay) {
  memset(lay, 0, sizeof *lay);
  if (cpus < 1) cpus = 1;
  /* Slurm's default MaxArraySize is 1001 (indices 0..1000); one below it leaves room */
  lay->max_tasks = max_array_size > 1 ? max_array_size - 1 : 1000;
  /* one-thread workers are faster on small models (two measured 28% faster than one two-thread
   * run); a large model's factorisation uses the threads and its memory is paid per worker */
  if (workers > 0)
    lay->workers = workers;
  else
    lay->workers = est->peak_bytes < 2.0 * GIB ? cpus : 1;
  if (lay->workers > cpus) lay->workers = cpus;
  long k;
  if (cases_per_task > 0) {
    k = cases_per_task;
    lay->cases_per_task_given = 1;
  } else {
    /* each worker's share of a task at least PF_SLURM_MIN_TASK_S: the scheduler's ~1 s per
     * task is then under 2% */
    const long per_worker = (long)ceil(PF_SLURM_MIN_TASK_S / est->case_seconds);
    k = (long)lay->workers * (per_worker > 1 ? per_worker : 1);
  }
  const long min_k = (n_cases + lay->max_tasks - 1) / lay->max_tasks;
  if (k < min_k) k = min_k;
  if (k > n_cases) k = n_cases;
  if (k < 1) k = 1;
  lay->cases_per_task = (int)k;
  lay->tasks = (int)((n_cases + k - 1) / k);
  if (lay->workers > lay->cases_per_task) lay->workers = lay->cases_per_task;
  const long rounds = (lay->cases_per_task + lay->workers - 1) / lay->workers;
  lay->task_seconds = (double)rounds * est->case_seconds;
  /* memory: each worker holds one case; 1.5 x the check's peak, and 256 MiB for the runner */
  const double mem = lay->workers * 1.5 * est->peak_bytes / MIB + 256.0;
  lay->mem_mb = (long)ceil(mem / 256.0) * 256;
  /* time: twice the estimate, plus the 120 s between --signal's TERM and the kill */
  double t = 2.0 * lay->task_seconds + 120.0;
  if (t < 600.0) t = 600.0;
  lay->time_limit_s = (long)ceil(t / 60.0) * 60;
}

void pf_slurm_format_time(long s, char *buf, size_t size) {
  const long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
  if (d)
    snprintf(buf, size, "%ld-%02ld:%02ld:%02ld", d, h, m, sec);
  else
    snprintf(buf, size, "%02ld:%02ld:%02ld", h, m, sec);
}

long pf_slurm_parse_time(const char *text) {
  long v[4];
  int n = 0;
  long days = 0;
  const char *p = text;
  const char *dash = strchr(text, '-');
  if (!*text) return -1;
  for (const char *q = text; *q; q++)
    if (!strchr("0123456789:-", *q)) return -1;
  if (dash) {
    char *end;
    days = strtol(text, &end, 10);
    if (end != dash || end == text) return -1;
    p = dash + 1;
  }
  while (*p && n < 4) {
    char *end;
    v[n++] = strtol(p, &end, 10);
    if (end == p) return -1;
    p = end;
    if (*p == ':')
      p++;
    else if (*p)
      return -1;
  }
  if (*p || n == 0 || n > 3) return -1;
  if (dash) /* D-H, D-H:M, D-H:M:S */
    return days * 86400 + v[0] * 3600 + (n > 1 ? v[1] * 60 : 0) + (n > 2 ? v[2] : 0);
  if (n == 1) return v[0] * 60;          /* M */
  if (n == 2) return v[0] * 60 + v[1];   /* M:S */
  return v[0] * 3600 + v[1] * 60 + v[2]; /* H:M:S */
}
