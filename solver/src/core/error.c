/* Error recording, checked allocation and logging. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/pf_core.h"

int pf_error_set(pf_context *ctx, int code, const char *src_file, int src_line, const char *func,
                 const char *fmt, ...) {
  if (!ctx) return code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->err_msg, sizeof(ctx->err_msg), fmt, ap);
  va_end(ap);
  ctx->err_code = code;
  ctx->err_src_file = src_file;
  ctx->err_src_line = src_line;
  ctx->err_src_func = func;
  return code;
}

int pf_error_at(pf_context *ctx, const pf_srcloc *loc, const char *fmt, ...) {
  char what[3072];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  const char *file = (loc && loc->file) ? loc->file : "<input>";
  if (loc && loc->line > 0 && loc->key[0])
    return pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL, "%s:%d: %s: %s", file, loc->line,
                        loc->key, what);
  if (loc && loc->line > 0)
    return pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL, "%s:%d: %s", file, loc->line, what);
  if (loc && loc->key[0])
    return pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL, "%s: %s: %s", file, loc->key, what);
  return pf_error_set(ctx, PF_ERR_INPUT, NULL, 0, NULL, "%s: %s", file, what);
}

void pf_error_prefix(pf_context *ctx, const char *fmt, ...) {
  char prefix[1024], old[sizeof(ctx->err_msg)];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof(prefix), fmt, ap);
  va_end(ap);
  memcpy(old, ctx->err_msg, sizeof(old));
  size_t np = strlen(prefix), no = strlen(old);
  if (np > sizeof(ctx->err_msg) - 1) np = sizeof(ctx->err_msg) - 1;
  if (no > sizeof(ctx->err_msg) - 1 - np) no = sizeof(ctx->err_msg) - 1 - np;
  memcpy(ctx->err_msg, prefix, np);
  memcpy(ctx->err_msg + np, old, no);
  ctx->err_msg[np + no] = '\0';
}

void pf_error_clear(pf_context *ctx) {
  ctx->err_code = 0;
  ctx->err_msg[0] = '\0';
  ctx->err_src_file = NULL;
  ctx->err_src_line = 0;
  ctx->err_src_func = NULL;
}

int pf_calloc_(pf_context *ctx, size_t count, size_t size, void *ptr, const char *src_file,
               int src_line, const char *func) {
  void **p = (void **)ptr;
  if (count == 0) count = 1; /* a unique pointer keeps free() and NULL checks uniform */
  if (size && count > SIZE_MAX / size) {
    *p = NULL;
    return pf_error_set(ctx, PF_ERR_INTERNAL, src_file, src_line, func,
                        "allocation of %zu x %zu bytes overflows", count, size);
  }
  *p = calloc(count, size);
  if (!*p)
    return pf_error_set(ctx, PF_ERR_INTERNAL, src_file, src_line, func,
                        "out of memory allocating %.1f MiB", (double)count * size / 1048576.0);
  return PF_OK;
}

int pf_realloc_(pf_context *ctx, size_t count, size_t size, void *ptr, const char *src_file,
                int src_line, const char *func) {
  void **p = (void **)ptr;
  if (count == 0) count = 1;
  if (size && count > SIZE_MAX / size)
    return pf_error_set(ctx, PF_ERR_INTERNAL, src_file, src_line, func,
                        "allocation of %zu x %zu bytes overflows", count, size);
  void *q = realloc(*p, count * size);
  if (!q)
    return pf_error_set(ctx, PF_ERR_INTERNAL, src_file, src_line, func,
                        "out of memory allocating %.1f MiB", (double)count * size / 1048576.0);
  *p = q;
  return PF_OK;
}

void pf_free_(void *ptr) {
  void **p = (void **)ptr;
  if (!p) return;
  free(*p);
  *p = NULL;
}

int pf_strdup(pf_context *ctx, const char *s, char **out) {
  *out = NULL;
  if (!s) return PF_OK;
  size_t n = strlen(s) + 1;
  PF_CALL(PF_CALLOC(ctx, n, out));
  memcpy(*out, s, n);
  return PF_OK;
}

void pf_log(const pf_context *ctx, pf_log_level level, const char *fmt, ...) {
  if (!ctx || level > ctx->log_level || !ctx->log) return;
  va_list ap;
  va_start(ap, fmt);
  if (level == PF_LOG_WARN) fputs("pfsim: warning: ", ctx->log);
  vfprintf(ctx->log, fmt, ap);
  va_end(ap);
  fflush(ctx->log);
}
