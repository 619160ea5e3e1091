/*
 * A case's state from its files (pf_sweep.h describes the layout) and `pfsim sweep S.yaml status`.
 *
 * The files are the only record: a run, a requeued SLURM task, another `run` on the same folder or
 * `status` all read the same truth, whatever killed whoever wrote them. The order of the tests
 * below is the order in which a case's files can come to exist:
 *   lock held by another process          running
 *   NNNNN.h5 with status complete         done
 *   NNNNN.h5.part: interrupted            interrupted (SIGTERM; .ckpt beside it when nonlinear)
 *                  failed                 failed (a finite-strain run keeps its .part)
 *                  running or unreadable  incomplete (the writer was killed)
 *   NNNNN.h5 with status failed           failed
 *   NNNNN.h5 unreadable                   incomplete
 *   none of them, last attempt failed     failed (the input was refused before a result file
 *                                         existed, or the worker died and its files were removed)
 *   none of them                          missing
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "output/pf_output.h"
#include "sweep/pf_sweep.h"

/* The status of a result file, or NULL when it cannot be read (a .part cut short by a kill).
 * [out] status "complete" | "failed" | "running" | "interrupted" (caller frees), message. */
static char *file_status(pf_context *ctx, const char *path, char *message, size_t size) {
  pf_summary *s = NULL;
  char *status = NULL;
  if (pf_summary_read(ctx, path, &s) == PF_OK) {
    status = s->status;
    s->status = NULL;
    if (message) snprintf(message, size, "%s", s->message ? s->message : "");
  } else {
    pf_error_clear(ctx); /* an unreadable file is a state here, not an error */
  }
  pf_summary_destroy(&s);
  return status;
}

/* Reads NNNNN.attempts: one line per finished attempt, "<status> <exit code> <wall s> <message>".
 * [out] info->attempts, info->failures, info->reason (the last failure's message), *last_failed
 * (1 when the last line is a failure). A missing file is no attempt. */
static void read_attempts(const char *path, pf_case_info *info, int *last_failed) {
  *last_failed = 0;
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[2048];
  while (fgets(line, sizeof(line), f)) {
    const size_t n = strlen(line);
    if (n && line[n - 1] != '\n' && !feof(f)) {
      /* a longer line than ours: skip its rest, the status word is what counts */
      int c;
      while ((c = fgetc(f)) != EOF && c != '\n') {
      }
    }
    line[strcspn(line, "\r\n")] = '\0';
    char status[32];
    int code = 0, used = 0;
    double wall = 0.0;
    if (sscanf(line, "%31s %d %lf %n", status, &code, &wall, &used) < 3) continue;
    info->attempts++;
    *last_failed = !strcmp(status, "failed");
    if (*last_failed) {
      info->failures++;
      snprintf(info->reason, sizeof(info->reason), "%s", line + used);
    }
  }
  fclose(f);
}

/* 1 when another open file description holds the case's lock (a live worker), else 0. The probe
 * takes the lock for an instant when it is free: a worker that tries at that moment tries again
 * (run.c), so status never makes a worker skip its case. */
static int lock_held(const char *path) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0; /* no lock file: never run */
  int held = 0;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0)
    held = errno == EWOULDBLOCK;
  else
    flock(fd, LOCK_UN);
  close(fd);
  return held;
}

static int case_state(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                      int probe_lock, pf_case_info *info) {
  memset(info, 0, sizeof(*info));
  PF_CHECK(plan && i >= 0 && i < plan->n_cases, ctx, PF_ERR_INTERNAL, "case %d is not in the plan",
           i);
  char h5[4096], part[4200], path[4200];
  pf_sweep_case_path(spec, plan, i, "", h5, sizeof(h5));
  PF_CHECK(h5[0], ctx, PF_ERR_INTERNAL, "no path for case %d", i);
  snprintf(part, sizeof(part), "%s.part", h5);
  int last_failed;
  pf_sweep_case_path(spec, plan, i, ".attempts", path, sizeof(path));
  read_attempts(path, info, &last_failed);
  pf_sweep_case_path(spec, plan, i, ".lock", path, sizeof(path));
  if (probe_lock && lock_held(path)) {
    info->state = PF_CASE_RUNNING;
    return PF_OK;
  }
  char message[sizeof(info->reason)] = "";
  char *final = access(h5, F_OK) == 0 ? file_status(ctx, h5, message, sizeof(message)) : NULL;
  if (final && !strcmp(final, "complete")) {
    info->state = PF_CASE_DONE;
  } else if (access(part, F_OK) == 0) {
    char *st = file_status(ctx, part, message, sizeof(message));
    if (st && !strcmp(st, "interrupted"))
      info->state = PF_CASE_INTERRUPTED;
    else if (st && !strcmp(st, "failed"))
      info->state = PF_CASE_FAILED;
    else
      info->state = PF_CASE_INCOMPLETE;
    free(st);
  } else if (final && !strcmp(final, "failed")) {
    info->state = PF_CASE_FAILED;
  } else if (access(h5, F_OK) == 0) {
    info->state = PF_CASE_INCOMPLETE; /* unreadable, or a status no writer leaves */
  } else {
    info->state = last_failed ? PF_CASE_FAILED : PF_CASE_MISSING;
  }
  /* the reason of a failed case: the attempts file's line (it also records a worker's death);
   * the result file's message for a case failed outside a sweep worker */
  if (info->state == PF_CASE_FAILED && !last_failed)
    snprintf(info->reason, sizeof(info->reason), "%s", message);
  free(final);
  return PF_OK;
}

int pf_sweep_case_info(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       pf_case_info *info) {
  return case_state(ctx, spec, plan, i, 1, info);
}

const char *pf_sweep_state_name(pf_case_state s) {
  switch (s) {
    case PF_CASE_DONE:
      return "done";
    case PF_CASE_FAILED:
      return "failed";
    case PF_CASE_INTERRUPTED:
      return "interrupted";
    case PF_CASE_INCOMPLETE:
      return "incomplete";
    case PF_CASE_RUNNING:
      return "running";
    default:
      return "missing";
  }
}

int pf_sweep_case_files(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                        int i, pf_case_info *info) {
  return case_state(ctx, spec, plan, i, 0, info);
}

int pf_sweep_status(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                    FILE *out, int counts[6]) {
  int n[6] = {0}, for_good = 0;
  pf_case_info *info = NULL;
  PF_CALL(PF_CALLOC(ctx, plan->n_cases, &info));
  for (int i = 0; i < plan->n_cases; i++) {
    int rc = pf_sweep_case_info(ctx, spec, plan, i, &info[i]);
    if (rc) {
      free(info);
      return rc;
    }
    n[info[i].state]++;
    for_good += info[i].state == PF_CASE_FAILED && info[i].failures > spec->retries;
  }
  if (counts) memcpy(counts, n, sizeof(n));
  if (out) {
    fprintf(out, "sweep %s: %d cases in %s\n", spec->name, plan->n_cases, spec->out_dir);
    fprintf(out, "  done         %6d\n", n[PF_CASE_DONE]);
    fprintf(out, "  failed       %6d", n[PF_CASE_FAILED]);
    if (n[PF_CASE_FAILED])
      fprintf(out, "  (%d failed for good after %d retr%s, %d to be retried by the next run)",
              for_good, spec->retries, spec->retries == 1 ? "y" : "ies",
              n[PF_CASE_FAILED] - for_good);
    fprintf(out, "\n");
    fprintf(out, "  interrupted  %6d%s\n", n[PF_CASE_INTERRUPTED],
            n[PF_CASE_INTERRUPTED] ? "  (stopped by a signal: the next run continues them)" : "");
    fprintf(out, "  incomplete   %6d%s\n", n[PF_CASE_INCOMPLETE],
            n[PF_CASE_INCOMPLETE] ? "  (their run was killed: the next run continues them)" : "");
    fprintf(out, "  missing      %6d\n", n[PF_CASE_MISSING]);
    fprintf(out, "  running      %6d\n", n[PF_CASE_RUNNING]);
    if (n[PF_CASE_FAILED]) {
      char path[4200];
      fprintf(out, "failed cases:\n");
      for (int i = 0; i < plan->n_cases; i++) {
        if (info[i].state != PF_CASE_FAILED) continue;
        pf_sweep_case_path(spec, plan, i, ".log", path, sizeof(path));
        fprintf(out, "  case %d (%d attempt%s, %s): %s\n    log: %s\n", i, info[i].attempts,
                info[i].attempts == 1 ? "" : "s",
                info[i].failures > spec->retries ? "failed for good" : "will be retried",
                info[i].reason[0] ? info[i].reason : "(no message)", path);
      }
    }
  }
  free(info);
  return PF_OK;
}
