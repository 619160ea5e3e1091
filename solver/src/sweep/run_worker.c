/*
 * A sweep worker (run.c has the parent): a process forked by `pfsim sweep S.yaml run` that runs
 * the cases it is given one at a time, in-process with pf_run, in one context of its own (so the
 * mesh and the symbolic factorisation are reused across its cases).
 *
 * Each case runs under its lock file (flock), so that two `run` invocations or two SLURM tasks
 * never run one case at once, and the attempt is recorded in NNNNN.attempts before the lock is
 * let go: the next holder, and status, see every finished attempt.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "sweep/run_impl.h"

/* A worker at work: what the parent gave it and its own context. */
typedef struct {
  const pf_sweep_worker *w;
  pf_context *ctx; /* threads, reuse cache, the case's log */
  int warned;      /* about a file system without locks */
} worker;

/* O_APPEND and one write: a line is never split by another writer. */
int pf_sweep_append_attempt(pf_context *ctx, const char *path, const char *status, int code,
                            double wall, const char *message) {
  char line[1024];
  int n = snprintf(line, sizeof(line) - 1, "%s %d %.3f %s", status, code, wall,
                   message && message[0] ? message : "-");
  if (n < 0 || n > (int)sizeof(line) - 2) n = (int)sizeof(line) - 2;
  for (int k = 0; k < n; k++)
    if (line[k] == '\n' || line[k] == '\r') line[k] = ' ';
  line[n++] = '\n';
  const int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  const int ok = fd >= 0 && write(fd, line, (size_t)n) == n;
  if (fd >= 0 && close(fd) != 0) return PF_ERROR(ctx, PF_ERR_IO, "cannot write %s", path);
  PF_CHECK(ok, ctx, PF_ERR_IO, "cannot write %s: %s", path, strerror(errno));
  return PF_OK;
}

void pf_sweep_remove_attempt_files(const char *h5, int also_h5) {
  static const char *const beside[] = {".part", ".ckpt", ".ckpt.tmp", ".part.damaged"};
  char path[4300];
  for (size_t k = 0; k < sizeof(beside) / sizeof(beside[0]); k++) {
    snprintf(path, sizeof(path), "%s%s", h5, beside[k]);
    unlink(path);
  }
  const size_t stem = strlen(h5) > 3 ? strlen(h5) - 3 : strlen(h5); /* without ".h5" */
  snprintf(path, sizeof(path), "%.*s.part.xdmf", (int)stem, h5);
  unlink(path);
  if (also_h5) {
    snprintf(path, sizeof(path), "%.*s.xdmf", (int)stem, h5);
    unlink(path);
    unlink(h5);
  }
}

int pf_sweep_case_lock(const char *path) {
  const int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -2;
  for (int attempt = 0; attempt < 5; attempt++) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
    if (errno != EWOULDBLOCK) break;
    const struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  const int err = errno;
  close(fd);
  errno = err;
  if (err == EWOULDBLOCK) return -1;
  /* a file system without flock (Lustre mounted without -o flock, NFSv3 without a lock manager) */
  return err == ENOSYS || err == EOPNOTSUPP || err == ENOLCK ? -3 : -2;
}

/* Runs case i under its lock; fills r. */
static void run_case(worker *wk, int i, pf_case_report *r) {
  pf_context *ctx = wk->ctx;
  const pf_sweep_worker *w = wk->w;
  char h5[4096], part[4200], ckpt[4200], path[4200];
  memset(r, 0, sizeof(*r));
  r->slot = w->slot;
  r->index = i;
  pf_sweep_case_path(w->spec, w->plan, i, "", h5, sizeof(h5));
  snprintf(part, sizeof(part), "%s.part", h5);
  snprintf(ckpt, sizeof(ckpt), "%s.ckpt", h5);
  pf_sweep_case_path(w->spec, w->plan, i, ".lock", path, sizeof(path));
  const int lock = pf_sweep_case_lock(path);
  if (lock == -1) {
    r->kind = PF_REPORT_LOCKED;
    return;
  }
  r->kind = PF_REPORT_RAN;
  if (lock == -3 && !wk->warned) {
    fprintf(stderr,
            "pfsim: warning: %s: this file system has no file locks (%s): the cases run without "
            "their lock, so never start two runs on the same cases here (docs/sweeps.md)\n",
            path, strerror(errno));
    wk->warned = 1;
  }
  if (lock == -2) {
    r->rc = PF_ERR_IO;
    snprintf(r->message, sizeof(r->message), "cannot lock %.300s: %s", path, strerror(errno));
    return;
  }
  /* the state again, under the lock: another process may have run it since the parent looked */
  pf_case_info info;
  int rc = pf_sweep_case_files(ctx, w->spec, w->plan, i, &info);
  if (!rc && info.state == PF_CASE_DONE) r->kind = PF_REPORT_DONE;
  if (!rc && info.state == PF_CASE_FAILED && info.failures > w->retries)
    r->kind = PF_REPORT_FOR_GOOD;
  if (!rc && pf_interrupted(ctx)) r->kind = PF_REPORT_NOT_STARTED;
  if (r->kind != PF_REPORT_RAN) {
    if (lock >= 0) close(lock);
    return;
  }
  /* An interrupted or killed finite-strain case continues from its checkpoint (pfsim run
   * --restart); anything else (a linear case is one solve, a failed case is retried whole)
   * starts again from nothing. */
  const int restart = !rc &&
                      (info.state == PF_CASE_INTERRUPTED || info.state == PF_CASE_INCOMPLETE) &&
                      access(ckpt, F_OK) == 0 && access(part, F_OK) == 0;
  if (!restart) pf_sweep_remove_attempt_files(h5, 1);

  const int n_buf = pf_sweep_case_sets_max(w->spec);
  char(*sets)[PF_SWEEP_SET_MAX] = calloc((size_t)n_buf, sizeof(*sets));
  const char **over = calloc((size_t)n_buf, sizeof(*over));
  FILE *log = NULL;
  int n_over = 0;
  if (!rc && (!sets || !over)) rc = PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  if (!rc) {
    const int k = pf_sweep_case_sets(ctx, w->spec, w->plan, i, sets, n_buf);
    if (k < 0)
      rc = k;
    else
      n_over = k;
  }
  for (int k = 0; k < n_over; k++) over[k] = sets[k];
  pf_sweep_case_path(w->spec, w->plan, i, ".log", path, sizeof(path));
  if (!rc) {
    log = fopen(path, "a");
    if (!log) rc = PF_ERROR(ctx, PF_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  }
  const double t0 = pf_wtime();
  if (!rc) {
    const time_t now = time(NULL);
    char when[64];
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&now));
    fprintf(log, "== pfsim sweep: case %d, attempt %d, %s, pid %d, %d thread(s)%s\n", i,
            info.attempts + 1, when, (int)getpid(), pf_context_threads(ctx),
            restart ? ", continued from its checkpoint" : "");
    fflush(log);
    pf_context_set_log(ctx, log);
    pf_run_options ro = {0};
    ro.config_path = w->spec->base;
    ro.output_path = h5;
    ro.n_overrides = n_over;
    ro.overrides = over;
    ro.restart_path = restart ? part : NULL;
    rc = pf_run(ctx, &ro);
  }
  r->rc = rc;
  r->wall = pf_wtime() - t0;
  const char *status = rc == PF_OK                ? "complete"
                       : rc == PF_ERR_INTERRUPTED ? "interrupted"
                                                  : "failed";
  snprintf(r->message, sizeof(r->message), "%s", rc ? pf_context_error(ctx) : "");
  if (log) {
    fprintf(log, "== %s (exit %d, %.2f s)%s%s\n", status, -rc, r->wall, rc ? ": " : "", r->message);
    pf_context_set_log(ctx, NULL);
    fclose(log);
  }
  pf_error_clear(ctx);
  pf_sweep_case_path(w->spec, w->plan, i, ".attempts", path, sizeof(path));
  if (pf_sweep_append_attempt(ctx, path, status, -rc, r->wall, r->message))
    fprintf(stderr, "pfsim: warning: %s\n", pf_context_error(ctx));
  pf_error_clear(ctx);
  free(sets);
  free(over);
  if (lock >= 0) close(lock); /* after the attempt is recorded: the next holder sees it */
}

/* SIGTERM/SIGINT stay blocked in every thread of a worker (inherited from the parent); this
 * thread takes them and asks the running case to stop at its next safe point. */
static void *signal_thread(void *arg) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  for (;;) {
    int sig;
    if (sigwait(&set, &sig) == 0) pf_context_interrupt(arg);
  }
  return NULL;
}

void pf_sweep_worker_main(const pf_sweep_worker *w, int cmd, int report) {
  /* a parent that dies (SIGKILL) leaves no one to hand out cases: stop the case cleanly */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != w->parent) raise(SIGTERM);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (!sigismember(&w->old_mask, SIGCHLD)) pthread_sigmask(SIG_UNBLOCK, &chld, NULL);
  /* OpenMP and OpenBLAS read this when they start: what anything this worker starts sees too */
  char text[16];
  snprintf(text, sizeof(text), "%d", w->threads);
  setenv("OMP_NUM_THREADS", text, 1);
  worker wk = {w, NULL, 0};
  if (pf_context_create(&wk.ctx)) _exit(4);
  pf_context_set_threads(wk.ctx, w->threads);
  /* Bit-identical run to run for the same -j and CPUs (as pfsim run); with --reproducible the
   * factorisation runs on one BLAS thread and a case's results do not depend on -j, --threads or
   * the CPUs of a SLURM task. Not the default: a worker with many threads (few large cases on a
   * 64-core node) would factorise on one of them. */
  pf_context_set_reproducible(wk.ctx, w->reproducible);
  pf_context_set_log_level(wk.ctx, w->level);
  pf_context_set_reuse(wk.ctx, w->reuse);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&t, &attr, signal_thread, wk.ctx) != 0) _exit(4);
  pthread_attr_destroy(&attr);
  for (;;) {
    int i;
    ssize_t n = read(cmd, &i, sizeof(i));
    if (n < 0 && errno == EINTR) continue;
    if (n != (ssize_t)sizeof(i) || i < 0) break;
    pf_case_report r;
    run_case(&wk, i, &r);
    if (write(report, &r, sizeof(r)) != (ssize_t)sizeof(r)) break; /* the parent is gone */
    if (pf_interrupted(wk.ctx)) break;
  }
  _exit(0); /* no atexit handler of the parent's, no second flush of its stdio buffers */
}
