/* pfsim run / pfsim check: option parsing, signals, and the summary printed after a run. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/pf_cli.h"
#include "core/pf_core.h"
#include "output/pf_output.h"

/* Signals. SIGTERM (a scheduler's preemption) and SIGINT stop a run at the next safe point: the
 * result file is closed as "interrupted" and pfsim exits 5. They are blocked in every thread
 * (main blocks them before any thread starts; threads inherit the mask) and taken by one
 * thread with sigwait, so no library's own handler (METIS installs some) ever runs on them. A
 * second signal ends the process at once. */
static pf_context *interrupt_target;
static pthread_mutex_t interrupt_lock = PTHREAD_MUTEX_INITIALIZER;
static sigset_t stop_signals;

static void *signal_thread(void *arg) {
  (void)arg;
  for (int count = 0;;) {
    int sig;
    if (sigwait(&stop_signals, &sig) != 0) continue;
    if (++count > 1) _exit(128 + sig);
    pthread_mutex_lock(&interrupt_lock);
    if (interrupt_target) pf_context_interrupt(interrupt_target);
    pthread_mutex_unlock(&interrupt_lock);
  }
  return NULL;
}

/* Handler for a signal that reaches a thread which did not block it (threads a library started
 * before main, e.g. a pthread OpenBLAS pool): the same effect as the signal thread. */
static void on_signal(int sig) {
  (void)sig;
  if (interrupt_target) pf_context_interrupt(interrupt_target);
}

void pf_cli_block_signals(void) {
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
}

static void watch_signals(pf_context *ctx) {
  interrupt_target = ctx;
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &attr, signal_thread, NULL);
  pthread_attr_destroy(&attr);
}

typedef struct {
  pf_run_options run;
  const char *overrides[256];
  int threads;
  int reproducible;
  pf_log_level log_level;
} cli_options;

/* Parses the options shared by run and check; returns 0 or an exit code. */
static int parse(int argc, char **argv, int is_run, cli_options *o) {
  memset(o, 0, sizeof(*o));
  o->log_level = PF_LOG_INFO;
  o->run.overrides = o->overrides;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
#define TAKE_VALUE(opt)                                          \
  do {                                                           \
    size_t l_ = strlen(opt);                                     \
    if (!strncmp(a, opt "=", l_ + 1))                            \
      val = a + l_ + 1;                                          \
    else if (i + 1 < argc)                                       \
      val = argv[++i];                                           \
    else                                                         \
      return pf_cli_usage("%s %s: missing value", argv[0], opt); \
  } while (0)
    if (!strcmp(a, "--set") || !strncmp(a, "--set=", 6)) {
      TAKE_VALUE("--set");
      if (o->run.n_overrides == 256) return pf_cli_usage("%s: more than 256 --set", argv[0]);
      if (!strchr(val, '=')) return pf_cli_usage("--set %s: expected key.path=value", val);
      o->overrides[o->run.n_overrides++] = val;
    } else if (!strcmp(a, "--threads") || !strncmp(a, "--threads=", 10)) {
      TAKE_VALUE("--threads");
      char *end;
      long n = strtol(val, &end, 10);
      if (*end || n < 1 || n > 4096)
        return pf_cli_usage("--threads %s: expected an integer from 1 to 4096", val);
      o->threads = (int)n;
    } else if (is_run &&
               (!strcmp(a, "-o") || !strcmp(a, "--output") || !strncmp(a, "--output=", 9))) {
      if (!strcmp(a, "-o")) {
        if (i + 1 >= argc) return pf_cli_usage("run -o: missing value");
        val = argv[++i];
      } else {
        TAKE_VALUE("--output");
      }
      o->run.output_path = val;
    } else if (is_run && (!strcmp(a, "--restart") || !strncmp(a, "--restart=", 10))) {
      TAKE_VALUE("--restart");
      o->run.restart_path = val;
    } else if (!strcmp(a, "--reproducible")) {
      o->reproducible = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      o->log_level = PF_LOG_WARN;
    } else if (!strcmp(a, "--progress")) {
      o->log_level = PF_LOG_INFO;
    } else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
      o->log_level = PF_LOG_DEBUG;
    } else if (a[0] == '-' && a[1]) {
      return pf_cli_usage("%s: unknown option '%s' (see pfsim --help)", argv[0], a);
    } else if (!o->run.config_path) {
      o->run.config_path = a;
    } else {
      return pf_cli_usage("%s: more than one configuration given ('%s' and '%s')", argv[0],
                          o->run.config_path, a);
    }
#undef TAKE_VALUE
  }
  if (!o->run.config_path) return pf_cli_usage("%s: no configuration file given", argv[0]);
  return 0;
}

static int make_context(const cli_options *o, pf_context **ctx) {
  if (pf_context_create(ctx)) {
    fprintf(stderr, "pfsim: out of memory\n");
    return 4;
  }
  if (o->threads) pf_context_set_threads(*ctx, o->threads);
  pf_context_set_reproducible(*ctx, o->reproducible);
  pf_context_set_log_level(*ctx, o->log_level);
  return 0;
}

int pf_cmd_run(int argc, char **argv) {
  cli_options o;
  int code = parse(argc, argv, 1, &o);
  if (code) return code;
  pf_context *ctx;
  if ((code = make_context(&o, &ctx))) return code;
  char out_path[4096] = "";
  o.run.output_used = out_path;
  o.run.output_used_size = sizeof(out_path);

  watch_signals(ctx);
  int rc = pf_run(ctx, &o.run);
  if (rc) {
    code = pf_cli_fail(ctx, rc);
    if (out_path[0]) {
      /* an interrupted run, and a failed finite-strain run, keep OUT.h5.part (for --restart) */
      char part[4200];
      snprintf(part, sizeof(part), "%s.part", out_path);
      const int kept = access(part, F_OK) == 0;
      fprintf(stderr, "pfsim: results so far are in %s%s\n", kept ? part : out_path,
              kept ? " (continue it with --restart)" : "");
    }
  } else if (o.log_level >= PF_LOG_INFO) {
    pf_summary *s = NULL;
    rc = pf_summary_read(ctx, out_path, &s);
    if (!rc)
      pf_cli_print_summary(s, out_path, 0, stdout);
    else
      code = pf_cli_fail(ctx, rc);
    pf_summary_destroy(&s);
  }
  pthread_mutex_lock(&interrupt_lock);
  interrupt_target = NULL;
  pthread_mutex_unlock(&interrupt_lock);
  pf_context_destroy(&ctx);
  return code;
}

int pf_cmd_check(int argc, char **argv) {
  cli_options o;
  int code = parse(argc, argv, 0, &o);
  if (code) return code;
  pf_context *ctx;
  if ((code = make_context(&o, &ctx))) return code;
  int rc = pf_check(ctx, &o.run, stdout);
  code = rc ? pf_cli_fail(ctx, rc) : 0;
  pf_context_destroy(&ctx);
  return code;
}
