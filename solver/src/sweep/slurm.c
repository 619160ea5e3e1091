/*
 * pfsim sweep S.yaml slurm: writes NAME/slurm/sweep.sbatch (a job array whose tasks run chunks of
 * cases with `pfsim sweep S.yaml run --cases A-B`) and NAME/slurm/collect.sbatch (status and
 * collect, after the array), from the templates in scripts/slurm/; with submit, sbatch's both.
 * The rules for the chunks, --mem and --time are in slurm_estimate.c and docs/sweeps.md "SLURM".
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep/slurm_impl.h"

#define PATH_BUF 4096

/* #SBATCH lines are read by sbatch, not by a shell: no quoting there, and '%' is a file-name
 * pattern. Paths in them must be plain. */
static int check_sbatch_path(pf_context *ctx, const char *what, const char *path) {
  for (const char *p = path; *p; p++)
    PF_CHECK((unsigned char)*p > ' ' && !strchr("%'\"\\$`", *p), ctx, PF_ERR_INPUT,
             "%s '%s' holds a character SLURM's #SBATCH lines cannot carry (space, quote, %%, $, "
             "backslash or a control character): choose another results folder with --out",
             what, path);
  return PF_OK;
}

/* Text for the scripts' comment lines: control characters shown as '?'. */
static void comment_text(const char *s, char *buf, size_t size) {
  size_t o = 0;
  for (; *s && o + 1 < size; s++) buf[o++] = (unsigned char)*s < ' ' ? '?' : *s;
  buf[o] = '\0';
}

static int check_options(pf_context *ctx, const pf_sweep_slurm_options *opt, long *time_s) {
  PF_CHECK(opt->pfsim && opt->pfsim[0] == '/', ctx, PF_ERR_INTERNAL,
           "slurm: the pfsim executable's absolute path is needed");
  PF_CHECK(opt->cpus >= 1 && opt->cpus <= 4096, ctx, PF_ERR_INPUT,
           "slurm: --cpus %d: expected 1 to 4096 cpus per array task", opt->cpus);
  PF_CHECK(opt->workers >= 0 && opt->workers <= opt->cpus, ctx, PF_ERR_INPUT,
           "slurm: -j %d: expected 1 to --cpus (%d) workers per array task", opt->workers,
           opt->cpus);
  PF_CHECK(opt->cases_per_task >= 0, ctx, PF_ERR_INPUT,
           "slurm: --cases-per-task %d: expected a positive count", opt->cases_per_task);
  if (opt->partition) {
    PF_CHECK(opt->partition[0], ctx, PF_ERR_INPUT, "slurm: --partition: empty name");
    for (const char *p = opt->partition; *p; p++)
      PF_CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                   strchr("_.,-", *p),
               ctx, PF_ERR_INPUT,
               "slurm: --partition '%s': expected a partition name (letters, digits, _ . -) or a "
               "comma-separated list of them",
               opt->partition);
  }
  *time_s = 0;
  if (opt->time) {
    *time_s = pf_slurm_parse_time(opt->time);
    PF_CHECK(*time_s > 0, ctx, PF_ERR_INPUT,
             "slurm: --time '%s': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS "
             "(sbatch --time)",
             opt->time);
  }
  return PF_OK;
}

/* Writes one script from its template, whole or not at all (a half-written script is never left
 * for sbatch), executable. */
static int write_script(pf_context *ctx, const char *path, const char *name, const char *tmpl,
                        const pf_slurm_subst *subst, int n_subst) {
  char tmp[PATH_BUF + 32];
  FILE *f;
  PF_CALL(pf_sweep_file_open(ctx, path, tmp, sizeof tmp, &f));
  const int rc = pf_slurm_fill(ctx, name, tmpl, subst, n_subst, f);
  return pf_sweep_file_commit(ctx, f, tmp, path, 0755, rc);
}

/* Runs sbatch --parsable with args; [out] job: the job id. An sbatch that refuses is an input
 * error carrying sbatch's own message. */
static int sbatch(pf_context *ctx, const char *dependency, const char *script, char *job,
                  size_t job_size) {
  char out[4096], err[8192], dep[128];
  int status;
  char *argv[5];
  int n = 0;
  argv[n++] = "sbatch";
  argv[n++] = "--parsable";
  if (dependency) {
    snprintf(dep, sizeof dep, "--dependency=afterany:%s", dependency);
    argv[n++] = dep;
  }
  argv[n++] = (char *)script;
  argv[n] = NULL;
  /* no time limit: sbatch retries on its own while the controller is busy */
  PF_CALL(pf_slurm_capture(ctx, argv, 0, out, sizeof out, err, sizeof err, &status));
  size_t len = strlen(err);
  while (len && (err[len - 1] == '\n' || err[len - 1] == ' ')) err[--len] = '\0';
  PF_CHECK(status == 0, ctx, PF_ERR_INPUT, "slurm: sbatch refused %s (exit %d): %s", script, status,
           err[0] ? err : "no message");
  /* --parsable: "JOBID" or "JOBID;CLUSTER" */
  size_t k = 0;
  while (out[k] >= '0' && out[k] <= '9' && k + 1 < job_size) job[k] = out[k], k++;
  job[k] = '\0';
  PF_CHECK(k > 0, ctx, PF_ERR_INPUT, "slurm: sbatch %s printed no job id: '%s' %s", script, out,
           err);
  return PF_OK;
}

int pf_sweep_slurm(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                   const pf_sweep_slurm_options *opt, FILE *out) {
  long given_time_s = 0;
  PF_CALL(check_options(ctx, opt, &given_time_s));
  PF_CHECK(plan->n_cases > 0, ctx, PF_ERR_INPUT, "%s: the plan has no cases", spec->file);

  /* absolute paths: the jobs run elsewhere, in --chdir */
  char out_dir[PATH_MAX], sweep_file[PATH_MAX], slurm_dir[PATH_MAX + 16];
  PF_CHECK(realpath(spec->out_dir, out_dir), ctx, PF_ERR_IO, "%s: %s (run plan first)",
           spec->out_dir, strerror(errno));
  PF_CHECK(realpath(spec->file, sweep_file), ctx, PF_ERR_IO, "%s: %s", spec->file, strerror(errno));
  PF_CALL(check_sbatch_path(ctx, "the results folder", out_dir));
  snprintf(slurm_dir, sizeof slurm_dir, "%s/slurm", out_dir);
  PF_CHECK(mkdir(slurm_dir, 0777) == 0 || errno == EEXIST, ctx, PF_ERR_IO, "%s: mkdir: %s",
           slurm_dir, strerror(errno));

  /* submitting needs sbatch: say so before any work */
  char sbatch_path[PATH_BUF];
  PF_CHECK(!opt->submit || pf_slurm_which("sbatch", sbatch_path, sizeof sbatch_path), ctx,
           PF_ERR_INPUT,
           "slurm --submit: sbatch is not on PATH (%s): run this on the cluster's login node, or "
           "without --submit and submit %s/sweep.sbatch there",
           getenv("PATH") ? getenv("PATH") : "PATH unset", slurm_dir);

  pf_slurm_estimate est;
  PF_CALL(pf_slurm_estimate_cases(ctx, spec, plan, &est));
  const int max_array = pf_slurm_max_array_size(ctx);
  pf_slurm_layout lay;
  pf_slurm_layout_make(plan->n_cases, max_array, opt->cpus, opt->workers, opt->cases_per_task, &est,
                       &lay);
  if (opt->cases_per_task > 0 && lay.cases_per_task != opt->cases_per_task)
    fprintf(out,
            "note: --cases-per-task %d would make %d tasks, more than the %d the cluster "
            "allows: %d cases per task\n",
            opt->cases_per_task, (plan->n_cases + opt->cases_per_task - 1) / opt->cases_per_task,
            lay.max_tasks, lay.cases_per_task);

  /* the texts the templates take */
  char q_pfsim[PATH_BUF], q_sweep[PATH_BUF], q_out[PATH_BUF], out_option[PATH_BUF + 16],
      out_option_end[PATH_BUF + 16], sweep_text[PATH_BUF], job_name[80], name_text[256];
  PF_CALL(pf_slurm_shell_quote(ctx, opt->pfsim, q_pfsim, sizeof q_pfsim));
  PF_CALL(pf_slurm_shell_quote(ctx, sweep_file, q_sweep, sizeof q_sweep));
  PF_CALL(pf_slurm_shell_quote(ctx, out_dir, q_out, sizeof q_out));
  snprintf(out_option, sizeof out_option, "--out %s ", q_out);
  snprintf(out_option_end, sizeof out_option_end, "--out %s", q_out);
  comment_text(spec->file, sweep_text, sizeof sweep_text);
  comment_text(spec->name ? spec->name : "sweep", name_text, sizeof name_text);
  {
    size_t o = (size_t)snprintf(job_name, sizeof job_name, "pfsim-");
    for (const char *p = spec->name ? spec->name : "sweep"; *p && o + 1 < 64; p++)
      job_name[o++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')
                          ? *p
                          : '_';
    job_name[o] = '\0';
  }
  char n_cases[32], n_tasks[32], per_task[32], workers[32], cpus[32], last_task[32], mem_mb[32],
      time_text[64], collect_mem[32], collect_time[64];
  snprintf(n_cases, sizeof n_cases, "%d", plan->n_cases);
  snprintf(n_tasks, sizeof n_tasks, "%d", lay.tasks);
  snprintf(per_task, sizeof per_task, "%d", lay.cases_per_task);
  snprintf(workers, sizeof workers, "%d", lay.workers);
  snprintf(cpus, sizeof cpus, "%d", opt->cpus);
  snprintf(last_task, sizeof last_task, "%d", lay.tasks - 1);
  snprintf(mem_mb, sizeof mem_mb, "%ld", lay.mem_mb);
  if (opt->time)
    snprintf(time_text, sizeof time_text, "%s", opt->time);
  else
    pf_slurm_format_time(lay.time_limit_s, time_text, sizeof time_text);
  /* collect reads each case's /summary (milliseconds each) and holds one table */
  snprintf(collect_mem, sizeof collect_mem, "%d", 1024);
  pf_slurm_format_time(600 + (long)ceil(0.05 * plan->n_cases / 60.0) * 60, collect_time,
                       sizeof collect_time);

  char mem_note[512], time_note[512], task_note[512];
  snprintf(mem_note, sizeof mem_note,
           "%s x 1.5 x %.0f MiB per case (pfsim check of %d case(s)) + 256 MiB, rounded up to "
           "256 MiB",
           workers, est.peak_bytes / 1048576.0, est.checked);
  if (opt->time)
    snprintf(time_note, sizeof time_note, "given (--time %s); estimated %.0f s per task", opt->time,
             lay.task_seconds);
  else if (est.measured)
    snprintf(time_note, sizeof time_note,
             "2 x %d round(s) x %.3g s per case (median of %d finished attempt(s)) + 120 s, at "
             "least 10 min",
             (lay.cases_per_task + lay.workers - 1) / lay.workers, est.case_seconds, est.measured);
  else
    snprintf(time_note, sizeof time_note,
             "2 x %d round(s) x %.3g s per case (a guess from %.3g Gflop per factorisation: run "
             "a few cases first, `run --cases 0-1`, to measure) + 120 s, at least 10 min",
             (lay.cases_per_task + lay.workers - 1) / lay.workers, est.case_seconds, est.gflop);
  snprintf(task_note, sizeof task_note, "%d case(s) per task (%s), at most %d tasks (%s)",
           lay.cases_per_task,
           lay.cases_per_task_given ? "--cases-per-task"
                                    : "each worker busy >= 60 s: SLURM costs ~1 s per task",
           lay.max_tasks,
           max_array ? "MaxArraySize - 1 from scontrol" : "Slurm's default 1001 - 1");

  const pf_slurm_subst subst[] = {
      {"NAME", name_text},
      {"N_CASES", n_cases},
      {"N_TASKS", n_tasks},
      {"PER_TASK", per_task},
      {"WORKERS", workers},
      {"CPUS", cpus},
      {"SWEEP_FILE_TEXT", sweep_text},
      {"MEM_NOTE", mem_note},
      {"TIME_NOTE", time_note},
      {"TASK_NOTE", task_note},
      {"JOB_NAME", job_name},
      {"LAST_TASK", last_task},
      {"MEM_MB", mem_mb},
      {"TIME", time_text},
      {"PARTITION", opt->partition}, /* NULL: the line is dropped (the cluster's default) */
      {"OUT_DIR_TEXT", out_dir},
      {"SLURM_DIR", slurm_dir},
      {"PFSIM", q_pfsim},
      {"SWEEP_FILE", q_sweep},
      {"OUT_OPTION", out_option},
      {"OUT_OPTION_END", out_option_end},
      {"COLLECT_MEM_MB", collect_mem},
      {"COLLECT_TIME", collect_time},
      {"REPRODUCIBLE", opt->reproducible ? " --reproducible" : ""},
  };
  const int n_subst = (int)(sizeof subst / sizeof subst[0]);
  char sweep_script[PATH_MAX + 64], collect_script[PATH_MAX + 64];
  snprintf(sweep_script, sizeof sweep_script, "%s/sweep.sbatch", slurm_dir);
  snprintf(collect_script, sizeof collect_script, "%s/collect.sbatch", slurm_dir);
  PF_CALL(write_script(ctx, sweep_script, "sweep.sbatch", pf_slurm_template_sweep, subst, n_subst));
  PF_CALL(write_script(ctx, collect_script, "collect.sbatch", pf_slurm_template_collect, subst,
                       n_subst));

  fprintf(out, "wrote %s\n      %s\n", sweep_script, collect_script);
  fprintf(out,
          "array: %d case(s) in %d task(s) of %d (%d worker(s) x %d thread(s)), --cpus-per-task "
          "%d, --mem %ldM, --time %s%s%s\n",
          plan->n_cases, lay.tasks, lay.cases_per_task, lay.workers,
          opt->cpus / lay.workers > 0 ? opt->cpus / lay.workers : 1, opt->cpus, lay.mem_mb,
          time_text, opt->partition ? ", --partition " : "", opt->partition ? opt->partition : "");
  fprintf(out, "estimate: %.0f MiB and %.3g s per case (%s)\n", est.peak_bytes / 1048576.0,
          est.case_seconds,
          est.measured ? "time measured from finished attempts" : "time guessed from the flops");
  if (given_time_s > 0 && given_time_s < 2 * 120)
    fprintf(out,
            "note: --time %s: the TERM signal comes 120 s before the end: a task has %ld s "
            "of work\n",
            opt->time, given_time_s > 120 ? given_time_s - 120 : 0);
  if (given_time_s > 0 && lay.task_seconds + 120 > (double)given_time_s)
    fprintf(out,
            "note: a task is estimated at %.0f s, more than --time %s less the 120 s TERM "
            "grace: tasks will be stopped and must be resubmitted (done cases are kept)\n",
            lay.task_seconds, opt->time);

  if (!opt->submit) {
    fprintf(out, "submit with:\n");
    fprintf(out, "  sbatch --parsable %s                 # prints the array's job id J\n",
            sweep_script);
    fprintf(out, "  sbatch --dependency=afterany:J %s\n", collect_script);
    return PF_OK;
  }
  char array_job[64], collect_job[64];
  PF_CALL(sbatch(ctx, NULL, sweep_script, array_job, sizeof array_job));
  fprintf(out, "array job: %s (%d tasks)\n", array_job, lay.tasks);
  fflush(out);
  const int rc = sbatch(ctx, array_job, collect_script, collect_job, sizeof collect_job);
  if (rc) {
    pf_error_prefix(ctx,
                    "the array job %s is submitted, but its collect job is not (submit it with "
                    "`sbatch --dependency=afterany:%s %s`): ",
                    array_job, array_job, collect_script);
    return rc;
  }
  fprintf(out, "collect job: %s (after the array: afterany:%s)\n", collect_job, array_job);
  return PF_OK;
}
