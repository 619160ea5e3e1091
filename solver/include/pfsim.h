/*
 * pfsim: finite-element analysis of plantar fascia strain.
 *
 * The one public header: opaque handles, status codes and the run/query API. Everything else in
 * solver/src is private to libpfsim. Every function that can fail returns an int status
 * (PF_OK = 0, a negative pf_status on failure); the message is then available from
 * pf_context_error().
 */
#ifndef PFSIM_H
#define PFSIM_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. The command-line exit code of a failure is its negation (DESIGN.md). */
typedef enum {
  PF_OK = 0,
  PF_ERR_INPUT = -1,       /* usage or invalid input (config, mesh): exit 1 */
  PF_ERR_CONVERGENCE = -2, /* the analysis did not converge: exit 2 */
  PF_ERR_IO = -3,          /* I/O error: exit 3 */
  PF_ERR_INTERNAL = -4,    /* internal error (bug, out of memory, library failure): exit 4 */
  PF_ERR_INTERRUPTED = -5, /* interrupted by SIGTERM/SIGINT: exit 5 */
} pf_status;

/* Log levels for the progress and message sink (stderr). */
typedef enum {
  PF_LOG_ERROR = 0, /* errors only (--quiet) */
  PF_LOG_WARN = 1,  /* + warnings and notes */
  PF_LOG_INFO = 2,  /* + progress: increments, residuals, times (default) */
  PF_LOG_DEBUG = 3, /* + details for developers */
} pf_log_level;

typedef struct pf_context_s pf_context;

/* Creates a context: threads from the environment (OMP_NUM_THREADS, SLURM_CPUS_PER_TASK, the
 * affinity mask), log level INFO to stderr.
 * [out] ctx  the new context (NULL on failure). Returns PF_OK or PF_ERR_INTERNAL. */
int pf_context_create(pf_context **ctx);
/* Destroys a context and sets *ctx to NULL; safe on NULL. */
void pf_context_destroy(pf_context **ctx);
/* Sets the number of threads (>= 1) for assembly, PCG and BLAS. */
int pf_context_set_threads(pf_context *ctx, int threads);
int pf_context_threads(const pf_context *ctx);
/* With reproducible != 0 the factorisation runs on one BLAS thread so that a whole run is
 * bit-identical for any thread count. */
int pf_context_set_reproducible(pf_context *ctx, int reproducible);
int pf_context_set_log_level(pf_context *ctx, pf_log_level level);
/* Sends messages and progress to log (stderr by default; the caller keeps log open). */
int pf_context_set_log(pf_context *ctx, FILE *log);
/* With reuse != 0 the context keeps what one run computed that the next run on the same inputs
 * can reuse (the mesh read from a file, the symbolic factorisation of a sparsity pattern): a
 * sweep worker runs its cases in one context. Off by default. */
int pf_context_set_reuse(pf_context *ctx, int reuse);
/* The message of the last error ("" if none) and its status code. */
const char *pf_context_error(const pf_context *ctx);
int pf_context_error_code(const pf_context *ctx);
/* Asks a running analysis to stop at the next safe point (async-signal-safe). */
void pf_context_interrupt(pf_context *ctx);

/* Options of one analysis run (pfsim run / pfsim check). */
typedef struct {
  const char *config_path; /* the YAML configuration */
  const char *output_path; /* -o; NULL: output.file from the config, else CONFIG.h5 */
  int n_overrides;         /* --set key.path=value entries */
  const char *const *overrides;
  const char *restart_path; /* --restart OUT.h5.part (NULL: fresh run) */
  char *output_used;        /* optional buffer: pf_run writes the result file's path here */
  size_t output_used_size;
} pf_run_options;

/* Runs an analysis: reads the configuration and mesh, solves, writes OUT.h5 (+ .xdmf).
 * Returns PF_OK, or a negative pf_status; on failure after output started, the result file is kept
 * with status "failed" or "interrupted". */
int pf_run(pf_context *ctx, const pf_run_options *options);

/* Parses, loads and validates without solving; prints the model report and the memory estimate
 * to out. Returns PF_OK or PF_ERR_INPUT with the first problem found. */
int pf_check(pf_context *ctx, const pf_run_options *options, FILE *out);

/* Version string, e.g. "0.1.0". */
const char *pf_version(void);

#ifdef __cplusplus
}
#endif
#endif /* PFSIM_H */
