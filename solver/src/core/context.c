/* The context: threads, reproducibility, log sink and the last error. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "core/pf_core.h"

/* Threads: OMP_NUM_THREADS, else SLURM_CPUS_PER_TASK, else the CPUs in the affinity mask. */
static int default_threads(void) {
  const char *names[] = {"OMP_NUM_THREADS", "SLURM_CPUS_PER_TASK"};
  for (int i = 0; i < 2; i++) {
    const char *v = getenv(names[i]);
    if (v && *v) {
      char *end;
      long n = strtol(v, &end, 10); /* OMP_NUM_THREADS may be a list "4,2": take the first */
      if (end != v && n >= 1 && n <= 4096) return (int)n;
    }
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n >= 1) return n;
  }
  return 1;
}

int pf_context_create(pf_context **ctx) {
  *ctx = calloc(1, sizeof(**ctx));
  if (!*ctx) return PF_ERR_INTERNAL;
  (*ctx)->threads = default_threads();
  (*ctx)->log_level = PF_LOG_INFO;
  (*ctx)->log = stderr;
  return PF_OK;
}

void pf_context_destroy(pf_context **ctx) {
  if (!ctx || !*ctx) return;
  pf_reuse_clear(*ctx); /* what reuse kept: meshes, symbolic factors (their own callbacks) */
  free((*ctx)->cache);
  free(*ctx);
  *ctx = NULL;
}

int pf_context_set_threads(pf_context *ctx, int threads) {
  PF_CHECK(threads >= 1 && threads <= 4096, ctx, PF_ERR_INPUT,
           "--threads: %d is out of range (expected 1 to 4096)", threads);
  ctx->threads = threads;
  return PF_OK;
}

int pf_context_threads(const pf_context *ctx) { return ctx->threads; }

int pf_context_set_reproducible(pf_context *ctx, int reproducible) {
  ctx->reproducible = reproducible != 0;
  return PF_OK;
}

int pf_context_set_log_level(pf_context *ctx, pf_log_level level) {
  ctx->log_level = level;
  return PF_OK;
}

int pf_context_set_log(pf_context *ctx, FILE *log) {
  ctx->log = log ? log : stderr;
  return PF_OK;
}

int pf_context_set_reuse(pf_context *ctx, int reuse) {
  ctx->reuse = reuse != 0;
  return PF_OK;
}

const char *pf_context_error(const pf_context *ctx) { return ctx->err_msg; }
int pf_context_error_code(const pf_context *ctx) { return ctx->err_code; }
void pf_context_interrupt(pf_context *ctx) { ctx->interrupted = 1; }
