/*
 * The SLURM job-array writer's parts (sweep/slurm*.c): the embedded templates, running SLURM's
 * commands, the per-case estimates and the chunking rule. Private to sweep/.
 */
#ifndef PF_SLURM_IMPL_H
#define PF_SLURM_IMPL_H

#include <stddef.h>

#include "sweep/pf_sweep.h"

/* scripts/slurm/sweep.sbatch.in and collect.sbatch.in, embedded at build time (CMakeLists.txt
 * writes them into the generated pf_slurm_templates.c), so pfsim needs no data files. */
extern const char pf_slurm_template_sweep[];
extern const char pf_slurm_template_collect[];

/* A template placeholder @KEY@ (KEY: capital letters and '_') and its text. A NULL value drops
 * every line that holds the placeholder (an optional #SBATCH line such as --partition). */
typedef struct {
  const char *key;
  const char *value;
} pf_slurm_subst;

/* Writes tmpl to out with every placeholder replaced. An unknown placeholder is an internal
 * error (a template and pfsim out of step). [in] name: the template's name for messages.
 * Returns PF_OK, PF_ERR_INTERNAL or PF_ERR_IO (write failed). */
int pf_slurm_fill(pf_context *ctx, const char *name, const char *tmpl, const pf_slurm_subst *subst,
                  int n_subst, FILE *out);

/* Single-quotes s for a POSIX shell ('a'\''b'). Returns PF_OK or PF_ERR_INPUT (too long). */
int pf_slurm_shell_quote(pf_context *ctx, const char *s, char *buf, size_t size);

/* Finds exe on PATH; writes its path to buf and returns 1, or returns 0. */
int pf_slurm_which(const char *exe, char *buf, size_t size);

/* Runs argv (argv[0] searched on PATH) without a shell, stdin from /dev/null; captures stdout and
 * stderr (each cut to its buffer, NUL-terminated). [in] timeout_s: killed (SIGKILL) after this
 * many seconds, 0 for no limit. [out] exit_status: the exit code, or 128 + the signal that ended
 * it. Returns PF_OK when it ran (whatever its exit code), PF_ERR_IO when it could not be started
 * or timed out. */
int pf_slurm_capture(pf_context *ctx, char *const argv[], double timeout_s, char *out,
                     size_t out_size, char *err, size_t err_size, int *exit_status);

/* The cluster's MaxArraySize from `scontrol show config` when scontrol is on PATH and answers;
 * else 0 (unknown). */
int pf_slurm_max_array_size(pf_context *ctx);

/* What one case costs, for --mem, --time and the chunking. */
typedef struct {
  double peak_bytes;   /* a case's peak memory (the largest over the checked geometries) */
  double case_seconds; /* a case's wall time on one thread */
  int measured;        /* case_seconds is the median of this many finished attempts (0: a guess) */
  int checked;         /* cases checked with pf_check for the memory estimate */
  int nonlinear;       /* the base model is finite strain (many factorisations per case) */
  double gflop;        /* flops of one factorisation (Gflop) */
} pf_slurm_estimate;

/* Estimates a case's memory by pf_check on case 0 and on the first case of each other geometry
 * (at most 16 checks), and its time from the attempts already recorded in NAME/cases (median of
 * the complete ones), else from the factorisation's flops (docs/sweeps.md "SLURM" states the
 * rule). Returns PF_OK, or the check's error (a case that cannot be checked cannot run). */
int pf_slurm_estimate_cases(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                            pf_slurm_estimate *est);

/* The job array's shape. */
typedef struct {
  int workers;         /* pfsim sweep run -j per task */
  int cases_per_task;  /* K: task t runs cases t K ... min(n, (t + 1) K) - 1 */
  int tasks;           /* T = ceil(n / K) */
  int max_tasks;       /* the cap used: MaxArraySize - 1, or 1000 */
  double task_seconds; /* estimated wall time of a full task */
  long mem_mb;         /* --mem per task (MiB) */
  long time_limit_s;   /* --time per task (s), when not given */
  int cases_per_task_given;
} pf_slurm_layout;

/* The chunking, memory and time rule (docs/sweeps.md "SLURM"):
 *   workers W = opt workers, else cpus when a case's peak is under 2 GiB (small models run
 *     faster as one-thread workers), else 1;
 *   K = opt cases per task, else max(ceil(n / max_tasks), W ceil(PF_SLURM_MIN_TASK_S / t_case)),
 *     and never more tasks than max_tasks;
 *   --mem = W x 1.5 x peak + 256 MiB, rounded up to 256 MiB;
 *   --time = 2 x ceil(K / W) x t_case + 120 s (the TERM grace), at least 10 min, whole minutes.
 * [in] n_cases, max_array_size (0: unknown, 1001 assumed), cpus, workers and cases_per_task
 * (0: automatic). */
#define PF_SLURM_MIN_TASK_S 60.0
void pf_slurm_layout_make(int n_cases, int max_array_size, int cpus, int workers,
                          int cases_per_task, const pf_slurm_estimate *est, pf_slurm_layout *lay);

/* Formats seconds as sbatch --time text ("HH:MM:SS" or "D-HH:MM:SS"). */
void pf_slurm_format_time(long seconds, char *buf, size_t size);
/* Parses sbatch --time text (M, M:S, H:M:S, D-H, D-H:M, D-H:M:S) to seconds; -1 when invalid. */
long pf_slurm_parse_time(const char *text);

#endif /* PF_SLURM_IMPL_H */
