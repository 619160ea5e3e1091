/* Error reporting and exit codes shared by the subcommands. */
#include <stdarg.h>
#include <stdio.h>

#include "cli/pf_cli.h"
#include "core/pf_core.h"

int pf_cli_exit_code(int rc) {
  if (rc >= 0) return 0;
  if (rc < PF_ERR_INTERRUPTED) return 4;
  return -rc;
}

int pf_cli_fail(const pf_context *ctx, int rc) {
  if (rc == PF_ERR_INTERNAL && ctx->err_src_file)
    fprintf(stderr, "pfsim: internal error: %s (at %s:%d in %s)\n", ctx->err_msg, ctx->err_src_file,
            ctx->err_src_line, ctx->err_src_func);
  else
    fprintf(stderr, "pfsim: %s\n", ctx->err_msg[0] ? ctx->err_msg : "failed");
  return pf_cli_exit_code(rc);
}

int pf_cli_usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("pfsim: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\n", stderr);
  va_end(ap);
  return 1;
}
