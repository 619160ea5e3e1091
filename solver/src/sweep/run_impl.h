/*
 * The worker pool's two halves (private to sweep/run*.c): the parent (run.c) hands out cases
 * and watches, a worker (run_worker.c) runs them. They share the report a worker sends for each
 * case and the handling of a case's lock and attempt files.
 */
#ifndef PF_SWEEP_RUN_IMPL_H
#define PF_SWEEP_RUN_IMPL_H

#include <signal.h>
#include <sys/types.h>

#include "sweep/pf_sweep.h"

/* What a worker says about a case it was given. */
typedef enum {
  PF_REPORT_RAN = 0,         /* pf_run ran: rc is its status */
  PF_REPORT_DONE = 1,        /* already done (by another process since the parent looked) */
  PF_REPORT_LOCKED = 2,      /* another process holds its lock: left to it */
  PF_REPORT_FOR_GOOD = 3,    /* failed more often than the retry limit since the parent looked */
  PF_REPORT_NOT_STARTED = 4, /* the worker was interrupted before it started the case */
} pf_report_kind;

/* One report, written in one write() to the pipe all workers share: its size is below PIPE_BUF,
 * so the reports of two workers never interleave. */
typedef struct {
  int slot, index, kind, rc;
  double wall;
  char message[400];
} pf_case_report;

/* What a worker needs; the parent fills it before the fork. */
typedef struct {
  const pf_sweep_spec *spec;
  const pf_sweep_plan *plan;
  int retries;        /* a failed case is run again while its failures are at most this */
  int reuse;          /* pf_context_set_reuse */
  int reproducible;   /* pf_context_set_reproducible */
  int threads;        /* of the worker's context, and its OMP_NUM_THREADS */
  int slot;           /* its place in the parent's table (echoed in reports) */
  pf_log_level level; /* of the case logs (at least INFO) */
  sigset_t old_mask;  /* the signal mask before the pool started */
  pid_t parent;       /* for PR_SET_PDEATHSIG's race */
} pf_sweep_worker;

/* The worker process: reads case numbers (int) from cmd until end of file or a negative number,
 * runs each under its lock and writes one pf_case_report to report. Never returns (_exit). */
void pf_sweep_worker_main(const pf_sweep_worker *w, int cmd, int report) __attribute__((noreturn));

/* Takes a case's lock file (flock LOCK_EX, non-blocking, retried for ~0.1 s because status
 * probes a lock by taking it for an instant). Returns the locked descriptor (close() releases
 * it), -1 when another process holds it, -2 on error (errno), -3 when the file system has no
 * flock (ENOSYS, EOPNOTSUPP, ENOLCK: the case then runs without a lock). */
int pf_sweep_case_lock(const char *lock_path);

/* Appends "<status> <exit code> <wall s> <message>" (one line) to NNNNN.attempts in one write.
 * Returns PF_OK or PF_ERR_IO. */
int pf_sweep_append_attempt(pf_context *ctx, const char *path, const char *status, int code,
                            double wall, const char *message);

/* Removes what an earlier attempt left beside NNNNN.h5 (.part, .ckpt, sidecars; with also_h5 the
 * NNNNN.h5 and NNNNN.xdmf too) so that the case starts from nothing. */
void pf_sweep_remove_attempt_files(const char *h5, int also_h5);

#endif /* PF_SWEEP_RUN_IMPL_H */
