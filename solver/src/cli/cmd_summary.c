/* pfsim summary OUT.h5 [--json]: the scalar results of a run. */
#include <math.h>
#include <string.h>

#include "cli/pf_cli.h"
#include "core/pf_core.h"
#include "output/pf_output.h"

/* Writes s as JSON text: a string with quotes and control characters escaped. */
static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

void pf_cli_print_summary(const pf_summary *s, const char *path, int json, FILE *f) {
  if (json) {
    fprintf(f, "{\n  \"file\": ");
    json_string(f, path);
    fprintf(f, ",\n  \"status\": ");
    json_string(f, s->status);
    fprintf(f, ",\n  \"message\": ");
    json_string(f, s->message);
    fprintf(f, ",\n  \"summary\": {");
    for (int k = 0; k < s->n; k++) {
      fprintf(f, "%s\n    ", k ? "," : "");
      json_string(f, s->names[k]);
      if (isfinite(s->values[k]))
        fprintf(f, ": %.17g", s->values[k]);
      else
        fprintf(f, ": null");
    }
    fprintf(f, "%s}\n}\n", s->n ? "\n  " : "");
    return;
  }
  fprintf(f, "%s: %s%s%s\n", path, s->status, s->message && s->message[0] ? ": " : "",
          s->message ? s->message : "");
  int w = 8;
  for (int k = 0; k < s->n; k++)
    if ((int)strlen(s->names[k]) > w) w = (int)strlen(s->names[k]);
  for (int k = 0; k < s->n; k++) fprintf(f, "  %-*s  %.6g\n", w, s->names[k], s->values[k]);
}

int pf_cmd_summary(int argc, char **argv) {
  const char *path = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json"))
      json = 1;
    else if (argv[i][0] == '-')
      return pf_cli_usage("summary: unknown option '%s'", argv[i]);
    else if (!path)
      path = argv[i];
    else
      return pf_cli_usage("summary: more than one file given");
  }
  if (!path) return pf_cli_usage("summary: no result file given (pfsim summary OUT.h5 [--json])");
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 4;
  pf_summary *s = NULL;
  int rc = pf_summary_read(ctx, path, &s);
  int code = 0;
  if (rc)
    code = pf_cli_fail(ctx, rc);
  else
    pf_cli_print_summary(s, path, json, stdout);
  pf_summary_destroy(&s);
  pf_context_destroy(&ctx);
  return code;
}
