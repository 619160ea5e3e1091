/*
 * The SLURM writer's plumbing: filling the embedded templates, quoting for the shell, and running
 * SLURM's commands (sbatch, scontrol) without a shell so that no path is ever reinterpreted.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep/slurm_impl.h"

static int is_key_char(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }

/* The length of a placeholder "@KEY@" starting at p (0 when p does not start one). */
static size_t placeholder_len(const char *p) {
  if (p[0] != '@') return 0;
  size_t n = 1;
  while (is_key_char(p[n])) n++;
  return n > 1 && p[n] == '@' ? n + 1 : 0;
}

static const pf_slurm_subst *find_subst(const pf_slurm_subst *subst, int n, const char *key,
                                        size_t len) {
  for (int i = 0; i < n; i++)
    if (strlen(subst[i].key) == len && !strncmp(subst[i].key, key, len)) return &subst[i];
  return NULL;
}

int pf_slurm_fill(pf_context *ctx, const char *name, const char *tmpl, const pf_slurm_subst *subst,
                  int n_subst, FILE *out) {
  const char *line = tmpl;
  while (*line) {
    const char *end = strchr(line, '\n');
    const size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
    /* first pass: is every placeholder known, and does one drop the line? */
    int drop = 0;
    for (size_t k = 0; k < len; k++) {
      const size_t n = placeholder_len(line + k);
      if (!n) continue;
      const pf_slurm_subst *s = find_subst(subst, n_subst, line + k + 1, n - 2);
      if (!s)
        return PF_ERROR(ctx, PF_ERR_INTERNAL, "%s template: unknown placeholder %.*s", name, (int)n,
                        line + k);
      if (!s->value) drop = 1;
      k += n - 1;
    }
    for (size_t k = 0; !drop && k < len; k++) {
      const size_t n = placeholder_len(line + k);
      if (n) {
        fputs(find_subst(subst, n_subst, line + k + 1, n - 2)->value, out);
        k += n - 1;
      } else {
        fputc(line[k], out);
      }
    }
    line += len;
  }
  PF_CHECK(!ferror(out), ctx, PF_ERR_IO, "%s: write failed: %s", name, strerror(errno));
  return PF_OK;
}

int pf_slurm_shell_quote(pf_context *ctx, const char *s, char *buf, size_t size) {
  size_t o = 0;
  PF_CHECK(size > 2, ctx, PF_ERR_INTERNAL, "shell quote: buffer too small");
  buf[o++] = '\'';
  for (const char *p = s; *p; p++) {
    const char *piece = *p == '\'' ? "'\\''" : NULL;
    const size_t n = piece ? 4 : 1;
    PF_CHECK(o + n + 2 <= size, ctx, PF_ERR_INPUT, "path too long for the job script: %s", s);
    if (piece)
      memcpy(buf + o, piece, n);
    else
      buf[o] = *p;
    o += n;
  }
  buf[o++] = '\'';
  buf[o] = '\0';
  return PF_OK;
}

int pf_slurm_which(const char *exe, char *buf, size_t size) {
  const char *path = getenv("PATH");
  if (strchr(exe, '/')) {
    snprintf(buf, size, "%s", exe);
    return access(exe, X_OK) == 0;
  }
  if (!path) return 0;
  const char *p = path;
  while (1) {
    const char *colon = strchr(p, ':');
    const size_t len = colon ? (size_t)(colon - p) : strlen(p);
    /* an empty PATH entry means the current folder */
    const int n =
        len ? snprintf(buf, size, "%.*s/%s", (int)len, p, exe) : snprintf(buf, size, "./%s", exe);
    struct stat st;
    if (n > 0 && (size_t)n < size && stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
        access(buf, X_OK) == 0)
      return 1;
    if (!colon) break;
    p = colon + 1;
  }
  buf[0] = '\0';
  return 0;
}

/* Appends what fd has to read into buf (cut at size - 1); returns 0 at end of file. */
static int drain(int fd, char *buf, size_t size, size_t *used) {
  char tmp[4096];
  const ssize_t r = read(fd, tmp, sizeof tmp);
  if (r <= 0) return r < 0 && errno == EINTR ? 1 : 0;
  const size_t room = size - 1 - *used;
  const size_t n = (size_t)r < room ? (size_t)r : room;
  memcpy(buf + *used, tmp, n);
  *used += n;
  buf[*used] = '\0';
  return 1;
}

int pf_slurm_capture(pf_context *ctx, char *const argv[], double timeout_s, char *out,
                     size_t out_size, char *err, size_t err_size, int *exit_status) {
  int po[2], pe[2];
  out[0] = err[0] = '\0';
  *exit_status = -1;
  PF_CHECK(pipe(po) == 0, ctx, PF_ERR_IO, "%s: pipe: %s", argv[0], strerror(errno));
  if (pipe(pe) != 0) {
    close(po[0]), close(po[1]);
    return PF_ERROR(ctx, PF_ERR_IO, "%s: pipe: %s", argv[0], strerror(errno));
  }
  fflush(NULL);
  const pid_t pid = fork();
  if (pid < 0) {
    close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
    return PF_ERROR(ctx, PF_ERR_IO, "%s: fork: %s", argv[0], strerror(errno));
  }
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(po[1], 1);
    dup2(pe[1], 2);
    close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
    /* the parent may ignore or catch signals; the command gets the defaults */
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execvp(argv[0], argv);
    dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(po[1]), close(pe[1]);
  size_t n_out = 0, n_err = 0;
  struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
  int open_fds = 2, timed_out = 0;
  const double t_end = pf_wtime() + timeout_s;
  while (open_fds > 0) {
    int wait_ms = -1;
    if (timeout_s > 0) {
      const double left = t_end - pf_wtime();
      if (left <= 0) {
        /* a command that hangs (a controller that does not answer) is given up */
        kill(pid, SIGKILL);
        timed_out = 1;
        break;
      }
      wait_ms = (int)(left * 1000.0) + 1;
    }
    const int ready = poll(fds, 2, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int k = 0; k < 2; k++) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const int more = k == 0 ? drain(fds[k].fd, out, out_size, &n_out)
                              : drain(fds[k].fd, err, err_size, &n_err);
      if (!more) {
        close(fds[k].fd);
        fds[k].fd = -1;
        open_fds--;
      }
    }
  }
  for (int k = 0; k < 2; k++)
    if (fds[k].fd >= 0) close(fds[k].fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return PF_ERROR(ctx, PF_ERR_IO, "%s: waitpid: %s", argv[0], strerror(errno));
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  PF_CHECK(!timed_out, ctx, PF_ERR_IO, "%s did not answer within %.0f s", argv[0], timeout_s);
  return PF_OK;
}

int pf_slurm_max_array_size(pf_context *ctx) {
  char path[4096], out[65536], err[4096];
  int status;
  if (!pf_slurm_which("scontrol", path, sizeof path)) return 0;
  char *argv[] = {"scontrol", "show", "config", NULL};
  if (pf_slurm_capture(ctx, argv, 10.0, out, sizeof out, err, sizeof err, &status) || status != 0) {
    pf_debug(ctx, "slurm: scontrol show config failed (%s): MaxArraySize 1001 assumed",
             err[0] ? strtok(err, "\n") : pf_context_error(ctx));
    pf_error_clear(ctx);
    return 0;
  }
  /* "MaxArraySize            = 1001" */
  const char *p = strstr(out, "MaxArraySize");
  if (!p) return 0;
  p = strchr(p, '=');
  if (!p) return 0;
  const long v = strtol(p + 1, NULL, 10);
  return v > 1 && v < 100000000 ? (int)v : 0;
}
