/*
 * Parameter sweeps (DESIGN.md "Sweeps and HPC", docs/sweeps.md): the plan (expanded case table,
 * validated, hashed), the case states on disk, the worker pool, the SLURM job-array writer, the
 * collector and the sensitivity measures.
 *
 * On disk, in spec->out_dir (NAME/):
 *   cases.csv            the plan: '#' header lines (pfsim-sweep-plan-1, hash, sampling, samples,
 *                        seed, cases, sweep file), then "case,<path>,..." and one row per case
 *                        with each parameter's --set text (quoted when it holds , or "),
 *                        and for geometry sweeps a last column mesh (meshes/geom-NNNN.msh)
 *   meshes/geom-NNNN.msh (+ .model.yaml) one per distinct geometry, made at plan time
 *   cases/NNNNN.h5       a case's result file (status "complete" = done); NNNNN.h5.part and
 *                        NNNNN.h5.ckpt while running, interrupted or failed (nonlinear)
 *   cases/NNNNN.log      the case's pfsim log (appended per attempt)
 *   cases/NNNNN.attempts one line per finished attempt: "<status> <exit code> <wall s> <message>"
 *   cases/NNNNN.lock     flock()ed while a worker runs the case
 *   summary.h5, summary.csv, sensitivity.csv   from collect
 *   slurm/sweep.sbatch, slurm/collect.sbatch    from slurm
 * Case numbers are 0-based; file names use max(5, digits of n-1) digits.
 */
#ifndef PF_SWEEP_H
#define PF_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include "config/pf_sweep_spec.h"
#include "core/pf_core.h"

/* The expanded case table. */
typedef struct {
  int n_cases;
  int n_params;
  char **names;  /* n_params parameter paths (spec order) */
  char **text;   /* n_cases x n_params (row major): each case's --set value text */
  double *value; /* n_cases x n_params: the value as a number (NAN when not a number) */
  char **mesh;   /* n_cases: the case's geometry mesh (--set mesh.file=...), or NULL for all
                    when the sweep has no geometry parameter */
  pf_sweep_sampling sampling;
  int samples; /* saltelli: N (blocks A, B, AB_1..AB_k of N rows each, in that order) */
  uint64_t seed;
  uint64_t hash; /* sweep file + base configuration + mesh bytes (+ generator for geometry) */
} pf_sweep_plan;

/* Expands the parameters into cases (no validation, no file written); deterministic for a seed.
 * Grid: the first parameter varies slowest. LHS: one stratum per case in every parameter, strata
 * permuted and positioned by a seeded generator, mapped through the parameter's distribution.
 * Saltelli: A and B from a seeded uniform sample (scrambled), AB_i = A with column i from B. */
int pf_sweep_expand(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan);
void pf_sweep_plan_destroy(pf_sweep_plan **plan);
/* The standard normal quantile Phi^-1(p) for 0 < p < 1 (Wichura 1988, AS 241 PPND16; relative
 * accuracy about 1e-16), as LHS and Saltelli map normal parameters. */
double pf_sweep_normal_quantile(double p);

/* The hash of what a plan depends on: the sweep file's bytes, the base configuration's bytes and
 * the bytes of the mesh it names (and of the foot generator when there are geometry parameters). */
int pf_sweep_hash(pf_context *ctx, const pf_sweep_spec *spec, uint64_t *hash);

/* pfsim sweep S.yaml plan: expands, makes the geometry meshes, validates every case (each
 * parameter's --set applied to the base configuration; an error names the sweep file, the
 * parameter's line and key, the case and the value), writes cases.csv and prints the number of
 * cases, the first few, and a disk and memory estimate to out (NULL: nothing printed).
 * [out] plan (may be NULL). */
int pf_sweep_plan_make(pf_context *ctx, const pf_sweep_spec *spec, FILE *out, pf_sweep_plan **plan);
/* Reads cases.csv and refuses (PF_ERR_INPUT) a plan whose hash differs from the current files
 * ("the sweep file changed since the plan: run plan again") or that does not exist. */
int pf_sweep_plan_load(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan);
/* Writes the --set texts of case i (output.level=<the spec's output>, the spec's fixed `set:`
 * entries, then "path=value" for each parameter but geometry.<key>, then mesh.file=... and
 * foot.model=... for a geometry case) into buf (n_buf entries, each
 * PF_SWEEP_SET_MAX bytes). Returns the count or PF_ERR_INPUT when they do not fit. */
#define PF_SWEEP_SET_MAX 1024
int pf_sweep_case_sets(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       char (*buf)[PF_SWEEP_SET_MAX], int n_buf);
/* The most --set texts a case of spec can have (n_buf for pf_sweep_case_sets). */
int pf_sweep_case_sets_max(const pf_sweep_spec *spec);
/* Files written whole or not at all (cases.csv, summary.csv/.h5, sensitivity.csv, the sbatch
 * scripts): pf_sweep_file_open opens PATH.tmp-PID ([out] tmp, f); pf_sweep_file_commit flushes,
 * syncs and closes f (or, with f NULL, syncs the file tmp another library wrote and closed),
 * sets mode when it is not 0, and renames tmp over path. With rc != 0 (a failure while writing)
 * or on any failure of its own it removes tmp and returns the error. */
int pf_sweep_file_open(pf_context *ctx, const char *path, char *tmp, size_t size, FILE **f);
int pf_sweep_file_commit(pf_context *ctx, FILE *f, const char *tmp, const char *path, int mode,
                         int rc);
/* The path of case i's result file NAME/cases/NNNNN.h5 (and of its siblings: suffix "" for the
 * .h5, ".log", ".attempts", ".lock"). */
void pf_sweep_case_path(const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                        const char *suffix, char *buf, size_t size);

/* A case's state on disk. */
typedef enum {
  PF_CASE_MISSING = 0,     /* nothing yet */
  PF_CASE_DONE = 1,        /* NNNNN.h5 with status complete */
  PF_CASE_FAILED = 2,      /* the last attempt failed (status failed, or the worker died) */
  PF_CASE_INTERRUPTED = 3, /* .part with status interrupted (SIGTERM): continued by --restart */
  PF_CASE_INCOMPLETE = 4,  /* a .part with status running (killed): rerun or restarted */
  PF_CASE_RUNNING = 5      /* its lock is held by a live worker */
} pf_case_state;

typedef struct {
  pf_case_state state;
  int attempts;     /* finished attempts recorded in NNNNN.attempts */
  int failures;     /* of which failed */
  char reason[512]; /* the last failure's message (status failed) */
} pf_case_info;

/* The name of a state as status, collect and summary.h5 write it ("done", "failed", ...). */
const char *pf_sweep_state_name(pf_case_state state);
/* Case i's state, attempts and last failure from its files and its lock. [out] info. */
int pf_sweep_case_info(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       pf_case_info *info);
/* pf_sweep_case_info from the case's files alone, without testing its lock (never
 * PF_CASE_RUNNING): for the worker that holds the lock itself. */
int pf_sweep_case_files(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                        int i, pf_case_info *info);
/* pfsim sweep S.yaml status: done / failed / interrupted / missing counts, the failed cases with
 * their reasons, to out. Returns PF_OK. [out] counts (may be NULL): per pf_case_state. */
int pf_sweep_status(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                    FILE *out, int counts[6]);

typedef struct {
  int workers;      /* -j N (default 1) */
  int threads;      /* total CPUs to share (0: SLURM_CPUS_PER_TASK, else the affinity mask) */
  int first, last;  /* --cases A-B (inclusive; first = 0, last = -1 for all) */
  int retries;      /* -1: the spec's */
  int reuse;        /* reuse the mesh and the symbolic factorisation across cases (default 1) */
  int reproducible; /* --reproducible: factorise on one BLAS thread, so that a case's results do
                       not depend on -j, --threads or the CPUs of a SLURM task (default 0) */
  int progress;     /* print progress lines */
} pf_sweep_run_options;

/* pfsim sweep S.yaml run: forks opt->workers worker processes, each with floor(cpus/N) threads,
 * which take cases one at a time (skipping done ones, continuing interrupted ones with --restart,
 * rerunning killed ones, retrying failed ones up to the retry limit) and run them in-process with
 * one context (mesh and symbolic factorisation reused). Prints done / failed / remaining / ETA to
 * log. SIGTERM/SIGINT: forwarded to the workers, whose cases stop at a safe point as interrupted;
 * returns PF_ERR_INTERRUPTED. Returns PF_OK when every case in range is done, PF_ERR_CONVERGENCE
 * when some failed for good. */
int pf_sweep_run(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                 const pf_sweep_run_options *opt);

typedef struct {
  const char *partition; /* NULL: the cluster's default */
  const char *time;      /* per array task, sbatch --time (NULL: from an estimate) */
  int cpus;              /* --cpus-per-task (default 1) */
  int submit;            /* submit the array and the collect job with sbatch */
  const char *pfsim;     /* the pfsim executable to call (absolute) */
  int workers;           /* -j N: worker processes per array task (0: automatic, docs/sweeps.md) */
  int cases_per_task;    /* --cases-per-task K (0: from the memory and time estimates) */
  int reproducible;      /* the tasks run with --reproducible */
} pf_sweep_slurm_options;

/* pfsim sweep S.yaml slurm: writes NAME/slurm/sweep.sbatch and collect.sbatch (see
 * docs/sweeps.md and scripts/slurm/); with submit runs sbatch for both (collect afterany). */
int pf_sweep_slurm(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                   const pf_sweep_slurm_options *opt, FILE *out);

/* pfsim sweep S.yaml collect: NAME/summary.h5 and NAME/summary.csv (case, every parameter,
 * status, every /summary metric; NAN where a case has no value) and NAME/sensitivity.csv. */
int pf_sweep_collect(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                     FILE *out);

/* Sensitivity of one metric y (n cases; NAN entries are skipped) to k numeric parameters
 * x (n x k, row major). */
typedef struct {
  double *main_effect; /* k: variance of the binned/level means of y over var(y) */
  double *src;         /* k: standardised regression coefficients */
  double r2;           /* of the linear regression (unreliable below 0.7) */
  double *sobol_first; /* k: first-order Sobol indices (Saltelli plans only, else NULL) */
  double *sobol_total; /* k: total Sobol indices */
  int n_used;          /* cases used */
} pf_sensitivity;

int pf_sensitivity_compute(pf_context *ctx, const pf_sweep_plan *plan, const double *y,
                           pf_sensitivity *s);
void pf_sensitivity_free(pf_sensitivity *s);

#endif /* PF_SWEEP_H */
