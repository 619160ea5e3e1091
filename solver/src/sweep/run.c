/*
 * pfsim sweep S.yaml run: the worker pool (docs/sweeps.md, "run, status and resume").
 *
 * The parent process only hands out cases and watches: it forks the workers before any thread or
 * OpenMP/OpenBLAS pool exists in it (it does no numerical work, and GNU OpenMP's pool does not
 * survive a fork), sends each worker one case number at a time over the worker's own pipe, and
 * reads their reports from one shared pipe (a report is shorter than PIPE_BUF, so reports of
 * several workers never interleave). Signals reach the parent through a signalfd, SIGCHLD
 * included, so its loop has no handler and no thread: poll() on the report pipe and the signalfd.
 *
 * A worker (run_worker.c) runs each case in-process with pf_run in its own context, under the
 * case's flock()ed lock file, and records the attempt in NNNNN.attempts before it lets the lock
 * go: the files, not the parent, are the record (status.c reads them), so a pool killed at any
 * point leaves a state the next run understands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep/run_impl.h"

/* ---- the parent ------------------------------------------------------------------------------ */

typedef struct {
  pid_t pid; /* 0: no worker in this slot */
  int cmd;   /* the write end of its case pipe (-1: closed, the worker ends) */
  int index; /* the case it runs, -1 when idle */
  double t_start;
} slot;

typedef struct {
  pf_context *ctx;
  const pf_sweep_spec *spec;
  const pf_sweep_plan *plan;
  int retries, reuse, reproducible, threads, n_slots, progress;
  slot *slots;
  int *todo, n_todo, next, finished;
  int *failures; /* per case of the plan: failed attempts so far */
  int report_r, report_w, sigfd;
  sigset_t old_mask;
  /* counts over the range */
  int done, failed, for_good, interrupted, unfinished;
  int *held, n_held; /* cases whose lock another process holds */
  double wall_sum;
  int wall_n;
  double t_start, t_progress;
  int stopping, killed;
  char spawn_error[256];
} pool;

static int cpus_to_share(const pf_sweep_run_options *opt) {
  if (opt->threads > 0) return opt->threads;
  const char *v = getenv("SLURM_CPUS_PER_TASK");
  if (v && *v) {
    char *end;
    long n = strtol(v, &end, 10);
    if (end != v && n >= 1 && n <= 4096) return (int)n;
  }
  /* not OMP_NUM_THREADS: an environment (CI) may export 1 for programs that do not choose */
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 1) return CPU_COUNT(&set);
  return 1;
}

static void format_duration(double s, char *buf, size_t size) {
  const long t = (long)(s + 0.5);
  if (t >= 3600)
    snprintf(buf, size, "%ldh%02ldm", t / 3600, t / 60 % 60);
  else if (t >= 60)
    snprintf(buf, size, "%ldm%02lds", t / 60, t % 60);
  else
    snprintf(buf, size, "%lds", t);
}

/* "sweep: D done, F failed, R remaining, ETA ..." at most every 2 s (final: always). */
static void progress(pool *p, int final) {
  const double now = pf_wtime();
  if (!p->progress || (!final && now - p->t_progress < 2.0)) return;
  p->t_progress = now;
  const int remaining = p->n_todo - p->finished;
  char eta[64] = "";
  if (remaining > 0 && p->wall_n > 0) {
    const int lanes = remaining < p->n_slots ? remaining : p->n_slots;
    format_duration(p->wall_sum / p->wall_n * remaining / lanes, eta + 6, sizeof(eta) - 6);
    memcpy(eta, ", ETA ", 6);
  } else if (remaining > 0) {
    snprintf(eta, sizeof(eta), ", ETA unknown");
  }
  char extra[96] = "";
  if (p->interrupted) snprintf(extra, sizeof(extra), ", %d interrupted", p->interrupted);
  pf_info(p->ctx, "sweep: %d done, %d failed, %d remaining%s%s\n", p->done, p->failed, remaining,
          extra, eta);
}

/* Hands the next case to slot s, or closes its pipe when there is none (the worker then ends). */
static void dispatch(pool *p, int s) {
  slot *w = &p->slots[s];
  if (w->cmd < 0) return;
  if (!p->stopping && p->next < p->n_todo) {
    const int i = p->todo[p->next];
    if (write(w->cmd, &i, sizeof(i)) == (ssize_t)sizeof(i)) {
      p->next++;
      w->index = i;
      w->t_start = pf_wtime();
      return;
    }
    /* the worker is gone: the reaper replaces it and the case goes to the next worker */
  }
  close(w->cmd);
  w->cmd = -1;
}

static int spawn(pool *p, int s) {
  int cmd[2];
  PF_CHECK(pipe2(cmd, O_CLOEXEC) == 0, p->ctx, PF_ERR_INTERNAL, "cannot create a pipe: %s",
           strerror(errno));
  fflush(NULL);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(cmd[0]);
    close(cmd[1]);
    return PF_ERROR(p->ctx, PF_ERR_INTERNAL, "cannot start a worker process: %s", strerror(errno));
  }
  if (pid == 0) {
    close(cmd[1]);
    close(p->report_r);
    close(p->sigfd);
    for (int k = 0; k < p->n_slots; k++)
      if (p->slots[k].cmd >= 0) close(p->slots[k].cmd);
    pf_sweep_worker w = {p->spec,
                         p->plan,
                         p->retries,
                         p->reuse,
                         p->reproducible,
                         p->threads,
                         s,
                         p->ctx->log_level > PF_LOG_INFO ? p->ctx->log_level : PF_LOG_INFO,
                         p->old_mask,
                         parent};
    pf_sweep_worker_main(&w, cmd[0], p->report_w);
  }
  close(cmd[0]);
  p->slots[s] = (slot){pid, cmd[1], -1, 0.0};
  return PF_OK;
}

static void take_report(pool *p, const pf_case_report *r) {
  if (r->slot < 0 || r->slot >= p->n_slots || p->slots[r->slot].index != r->index) return;
  p->slots[r->slot].index = -1;
  p->finished++;
  const int i = r->index;
  switch (r->kind) {
    case PF_REPORT_RAN:
      if (r->rc == PF_OK) {
        p->done++;
      } else if (r->rc == PF_ERR_INTERRUPTED) {
        p->interrupted++;
      } else {
        p->failed++;
        p->for_good += ++p->failures[i] > p->retries;
        pf_warn(p->ctx, "sweep: case %d failed: %s\n", i, r->message);
      }
      if (r->rc != PF_ERR_INTERRUPTED) {
        p->wall_sum += r->wall;
        p->wall_n++;
      }
      break;
    case PF_REPORT_DONE:
      p->done++;
      break;
    case PF_REPORT_LOCKED:
      p->held[p->n_held++] = i;
      break;
    case PF_REPORT_FOR_GOOD:
      p->failed++;
      p->for_good++;
      break;
    default:
      p->interrupted++;
      break;
  }
  const int worker_ends =
      (r->kind == PF_REPORT_RAN && r->rc == PF_ERR_INTERRUPTED) || r->kind == PF_REPORT_NOT_STARTED;
  if (worker_ends) {
    close(p->slots[r->slot].cmd);
    p->slots[r->slot].cmd = -1;
  } else {
    dispatch(p, r->slot);
  }
  progress(p, 0);
}

static void drain_reports(pool *p) {
  pf_case_report r;
  while (read(p->report_r, &r, sizeof(r)) == (ssize_t)sizeof(r)) take_report(p, &r);
}

/* A worker died with case i: record the failure in the case's files (under its lock, so that
 * nothing another process started meanwhile is touched) and remove its partial result. */
static void record_death(pool *p, int i, int wstatus, double wall) {
  char message[128], path[4200], h5[4096];
  int code;
  if (WIFSIGNALED(wstatus)) {
    code = 128 + WTERMSIG(wstatus);
    snprintf(message, sizeof(message), "worker died (signal %d)", WTERMSIG(wstatus));
  } else {
    code = WEXITSTATUS(wstatus);
    snprintf(message, sizeof(message), "worker exited with status %d", code);
  }
  pf_sweep_case_path(p->spec, p->plan, i, ".lock", path, sizeof(path));
  const int lock = pf_sweep_case_lock(path);
  if (lock == -1 || lock == -2) return; /* another process has it now: its files are its own */
  pf_case_info info;
  const int rc = pf_sweep_case_files(p->ctx, p->spec, p->plan, i, &info);
  if (!rc && info.state == PF_CASE_DONE) {
    p->done++; /* it died after the case was written: the case is done */
  } else {
    pf_sweep_case_path(p->spec, p->plan, i, "", h5, sizeof(h5));
    pf_sweep_remove_attempt_files(h5, 1);
    pf_sweep_case_path(p->spec, p->plan, i, ".attempts", path, sizeof(path));
    if (pf_sweep_append_attempt(p->ctx, path, "failed", code, wall, message))
      pf_warn(p->ctx, "%s\n", pf_context_error(p->ctx));
    pf_error_clear(p->ctx);
    p->failed++;
    p->for_good += ++p->failures[i] > p->retries;
    pf_warn(p->ctx, "sweep: case %d failed: %s\n", i, message);
  }
  if (lock >= 0) close(lock);
}

/* Reaps the workers that ended; replaces them while cases remain. Returns the live workers. */
static int reap(pool *p) {
  int alive = 0;
  for (int s = 0; s < p->n_slots; s++) {
    slot *w = &p->slots[s];
    if (!w->pid) continue;
    int wstatus;
    if (waitpid(w->pid, &wstatus, WNOHANG) != w->pid) {
      alive++;
      continue;
    }
    drain_reports(p); /* what it wrote before it ended is in the pipe now */
    if (w->cmd >= 0) close(w->cmd);
    const int i = w->index;
    const double wall = pf_wtime() - w->t_start;
    *w = (slot){0, -1, -1, 0.0};
    if (i >= 0 && !p->killed) {
      p->finished++;
      record_death(p, i, wstatus, wall);
      progress(p, 0);
    }
    if (!p->stopping && p->next < p->n_todo) {
      if (spawn(p, s) == PF_OK) {
        dispatch(p, s);
        alive++;
      } else {
        /* keep the reason for the verdict if no worker is left for the remaining cases */
        snprintf(p->spawn_error, sizeof(p->spawn_error), "%s", pf_context_error(p->ctx));
        pf_error_clear(p->ctx);
      }
    }
  }
  return alive;
}

/* SIGTERM/SIGINT: the first stops the pool (forwarded to the workers, whose cases stop at their
 * next safe point; no new case starts); a second one kills the workers at once. */
static void take_signals(pool *p) {
  struct signalfd_siginfo si;
  while (read(p->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
    if (si.ssi_signo != SIGTERM && si.ssi_signo != SIGINT) continue; /* SIGCHLD: reap() */
    const int sig = p->stopping ? SIGKILL : SIGTERM;
    if (!p->stopping)
      pf_warn(p->ctx,
              "sweep: %s: the running cases stop at their next safe point (a second signal "
              "kills them)\n",
              strsignal((int)si.ssi_signo));
    p->killed = p->stopping;
    p->stopping = 1;
    for (int s = 0; s < p->n_slots; s++) {
      if (p->slots[s].pid) kill(p->slots[s].pid, sig);
      if (p->slots[s].cmd >= 0) close(p->slots[s].cmd);
      p->slots[s].cmd = -1;
    }
  }
}

static int verdict(pool *p) {
  if (p->stopping || p->interrupted) {
    return PF_ERROR(p->ctx, PF_ERR_INTERRUPTED,
                    "sweep interrupted: %d done, %d interrupted, %d not started; run again to "
                    "continue (see pfsim sweep %s status)",
                    p->done, p->interrupted, p->n_todo - p->finished + p->n_held, p->spec->file);
  }
  if (p->next < p->n_todo)
    return PF_ERROR(p->ctx, PF_ERR_INTERNAL, "sweep: %d cases were not run: %s",
                    p->n_todo - p->next, p->spawn_error[0] ? p->spawn_error : "no worker left");
  if (p->failed)
    return PF_ERROR(p->ctx, PF_ERR_CONVERGENCE,
                    "sweep: %d case%s failed (%d for good after %d retr%s, %d to be retried by the "
                    "next run): see pfsim sweep %s status",
                    p->failed, p->failed == 1 ? "" : "s", p->for_good, p->retries,
                    p->retries == 1 ? "y" : "ies", p->failed - p->for_good, p->spec->file);
  if (p->unfinished)
    return PF_ERROR(p->ctx, PF_ERR_INTERRUPTED,
                    "sweep: %d case%s left unfinished by another process that ran them (another "
                    "run on %s): run again to continue (see pfsim sweep %s status)",
                    p->unfinished, p->unfinished == 1 ? " was" : "s were", p->spec->out_dir,
                    p->spec->file);
  return PF_OK;
}

/* Cases another process runs (their lock is held, by another `run` on the same folder): waits
 * until it lets them go and counts them by their files, so that a run ends when its whole range
 * is settled (`run && collect` works with two runs sharing the cases). SIGTERM ends the wait. */
static void wait_for_others(pool *p) {
  int announced = 0;
  while (p->n_held > 0 && !p->stopping) {
    int k = 0;
    for (int h = 0; h < p->n_held; h++) {
      const int i = p->held[h];
      pf_case_info info;
      if (pf_sweep_case_info(p->ctx, p->spec, p->plan, i, &info) != PF_OK) {
        pf_error_clear(p->ctx);
        info.state = PF_CASE_MISSING;
      }
      if (info.state == PF_CASE_RUNNING) {
        p->held[k++] = i;
      } else if (info.state == PF_CASE_DONE) {
        p->done++;
      } else if (info.state == PF_CASE_FAILED) {
        p->failed++;
        p->for_good += info.failures > p->retries;
      } else {
        p->unfinished++; /* interrupted, killed or never started by the other process */
      }
    }
    p->n_held = k;
    if (!k) break;
    if (!announced && p->progress)
      pf_info(p->ctx, "sweep: waiting for %d case(s) that another process runs\n", k);
    announced = 1;
    struct pollfd pf = {p->sigfd, POLLIN, 0};
    poll(&pf, 1, 1000);
    take_signals(p);
  }
}

int pf_sweep_run(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                 const pf_sweep_run_options *opt) {
  const int n = plan->n_cases;
  const int first = opt->first, last = opt->last < 0 ? n - 1 : opt->last;
  PF_CHECK(n > 0 && first >= 0 && first <= last && last < n, ctx, PF_ERR_INPUT,
           "--cases %d-%d: out of range (the plan has %d cases, 0 to %d)", first, last, n, n - 1);
  pool p = {0};
  p.ctx = ctx;
  p.spec = spec;
  p.plan = plan;
  p.retries = opt->retries >= 0 ? opt->retries : spec->retries;
  p.reuse = opt->reuse;
  p.reproducible = opt->reproducible;
  p.progress = opt->progress;
  p.report_r = p.report_w = p.sigfd = -1;
  int rc = PF_OK;
  PF_CALL_GOTO(rc, done, PF_CALLOC(ctx, last - first + 1, &p.todo));
  PF_CALL_GOTO(rc, done, PF_CALLOC(ctx, n, &p.failures));
  PF_CALL_GOTO(rc, done, PF_CALLOC(ctx, last - first + 1, &p.held));
  int already_done = 0;
  for (int i = first; i <= last; i++) {
    pf_case_info info;
    PF_CALL_GOTO(rc, done, pf_sweep_case_info(ctx, spec, plan, i, &info));
    p.failures[i] = info.failures;
    if (info.state == PF_CASE_DONE)
      already_done++;
    else if (info.state == PF_CASE_RUNNING)
      p.held[p.n_held++] = i;
    else if (info.state == PF_CASE_FAILED && info.failures > p.retries)
      p.for_good++;
    else
      p.todo[p.n_todo++] = i;
  }
  p.done = already_done;
  p.failed = p.for_good;

  /* NAME/cases/ (plan wrote NAME/) */
  char dir[4096];
  pf_sweep_case_path(spec, plan, first, "", dir, sizeof(dir));
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  if (slash && mkdir(dir, 0755) != 0 && errno != EEXIST) {
    rc = PF_ERROR(ctx, PF_ERR_IO, "cannot create the folder %s: %s", dir, strerror(errno));
    goto done;
  }

  const int cpus = cpus_to_share(opt);
  const int workers = opt->workers > 0 ? opt->workers : 1;
  p.n_slots = workers < p.n_todo ? workers : p.n_todo;
  p.threads = cpus / workers > 1 ? cpus / workers : 1;
  if (workers > cpus)
    pf_warn(ctx, "sweep: %d workers on %d CPUs: they share cores (one thread each)\n", workers,
            cpus);
  if (p.progress)
    pf_info(ctx,
            "sweep %s: cases %d-%d: %d done, %d failed for good, %d running elsewhere, %d to run "
            "on %d worker(s) x %d thread(s)\n",
            spec->name, first, last, already_done, p.for_good, p.n_held, p.n_todo, p.n_slots,
            p.threads);

  /* Signals: SIGTERM/SIGINT (main blocked them already; blocked here too when called from
   * elsewhere) and SIGCHLD are read from a signalfd. A write to the pipe of a worker that died
   * must not kill the parent: SIGPIPE is ignored while the pool runs. */
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGCHLD);
  struct sigaction ignore = {0}, old_pipe;
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old_pipe);
  sigprocmask(SIG_BLOCK, &mask, &p.old_mask);
  int fds[2] = {-1, -1};
  p.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (p.sigfd < 0 || pipe2(fds, O_CLOEXEC) != 0) {
    rc = PF_ERROR(ctx, PF_ERR_INTERNAL, "cannot set up the worker pool: %s", strerror(errno));
    goto restore;
  }
  p.report_r = fds[0];
  p.report_w = fds[1];
  fcntl(p.report_r, F_SETFL, O_NONBLOCK);
  PF_CALL_GOTO(rc, restore, PF_CALLOC(ctx, p.n_slots, &p.slots));
  for (int s = 0; s < p.n_slots; s++) p.slots[s] = (slot){0, -1, -1, 0.0};
  p.t_start = p.t_progress = pf_wtime();
  int started = 0;
  for (int s = 0; s < p.n_slots; s++) {
    if (spawn(&p, s) != PF_OK) break;
    started++;
  }
  if (p.n_slots && !started) {
    rc = pf_context_error_code(ctx);
    goto restore;
  }
  pf_error_clear(ctx);
  for (int s = 0; s < started; s++) dispatch(&p, s);

  double t_heartbeat = pf_wtime();
  while (reap(&p) > 0) {
    struct pollfd pf[2] = {{p.report_r, POLLIN, 0}, {p.sigfd, POLLIN, 0}};
    poll(pf, 2, 1000);
    drain_reports(&p);
    take_signals(&p);
    if (pf_wtime() - t_heartbeat >= 30.0) {
      t_heartbeat = pf_wtime();
      progress(&p, 1);
    }
  }
  drain_reports(&p);
  wait_for_others(&p);
  progress(&p, 1);
  rc = verdict(&p);

restore:
  for (int s = 0; p.slots && s < p.n_slots; s++) { /* only after a failed start */
    if (p.slots[s].pid) {
      kill(p.slots[s].pid, SIGKILL);
      waitpid(p.slots[s].pid, NULL, 0);
    }
  }
  if (p.sigfd >= 0) {
    struct signalfd_siginfo si;
    while (read(p.sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
    }
    close(p.sigfd);
  }
  sigprocmask(SIG_SETMASK, &p.old_mask, NULL);
  sigaction(SIGPIPE, &old_pipe, NULL);
  if (p.report_r >= 0) close(p.report_r);
  if (p.report_w >= 0) close(p.report_w);
done:
  free(p.slots);
  free(p.todo);
  free(p.failures);
  free(p.held);
  return rc;
}
