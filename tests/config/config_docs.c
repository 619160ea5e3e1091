/*
 * docs/config.md stays in step with the schema: its key reference (between the BEGIN/END KEY
 * REFERENCE markers) must equal the text generated from the schema table, and its example
 * configuration must load. Run with --update to rewrite the reference section in place.
 */
#include <string.h>

#include "config/pf_config_internal.h"
#include "config_test.h"

#define BEGIN_MARK "<!-- BEGIN KEY REFERENCE"
#define END_MARK   "<!-- END KEY REFERENCE -->"

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = calloc((size_t)n + 1, 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) text[0] = '\0';
  fclose(f);
  return text;
}

int main(int argc, char **argv) {
  int update = argc > 1 && !strcmp(argv[1], "--update");
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  char path[4096];
  pf_test_path("docs/config.md", path, sizeof(path));
  char *doc = read_all(path), *generated = NULL;
  PF_EXPECT(doc != NULL, "cannot read %s", path);
  PF_EXPECT(pf_config_schema_markdown(ctx, &generated) == PF_OK, "markdown: %s",
            pf_context_error(ctx));
  char *begin = doc ? strstr(doc, BEGIN_MARK) : NULL, *end = begin ? strstr(begin, END_MARK) : NULL;
  char *body = begin ? strchr(begin, '\n') : NULL;
  PF_EXPECT(body && end && body < end, "%s has no '%s ... -->' line followed by '%s'", path,
            BEGIN_MARK, END_MARK);
  if (body && end && body < end && generated) {
    body++;
    size_t n = (size_t)(end - body);
    int same = n == strlen(generated) && !memcmp(body, generated, n);
    if (!same && update) {
      FILE *f = fopen(path, "wb");
      if (f) {
        fwrite(doc, 1, (size_t)(body - doc), f);
        fputs(generated, f);
        fputs(end, f);
        fclose(f);
        printf("rewrote the key reference in %s\n", path);
      }
    } else {
      PF_EXPECT(same,
                "the key reference in %s differs from the schema; run\n  %s --update\n"
                "(from the build folder) and review the change. Generated:\n%s",
                path, argv[0], generated);
    }
    /* Spot checks that the document names the key paths (independent of the generator). */
    PF_EXPECT(update || (strstr(doc, "`mesh.file`") && strstr(doc, "`materials.NAME.nu`") &&
                         strstr(doc, "`loads[i].value`") && strstr(doc, "`boundary[i].dofs`") &&
                         strstr(doc, "`summary[i].component`") &&
                         strstr(doc, "`solver.max_iterations`") && strstr(doc, "`foot`")),
              "key paths missing from %s", path);
  }

  /* The example configuration (the first ```yaml block) is valid. */
  const char *ex = doc ? strstr(doc, "```yaml\n") : NULL;
  const char *ex_end = ex ? strstr(ex + 8, "```") : NULL;
  PF_EXPECT(ex && ex_end, "%s has no ```yaml example", path);
  if (ex && ex_end) {
    ex += 8;
    char *example = calloc((size_t)(ex_end - ex) + 1, 1);
    memcpy(example, ex, (size_t)(ex_end - ex));
    cfg_write("docs_example.yaml", example);
    free(example);
    pf_model_desc *d = cfg_load_ok(ctx, "docs_example.yaml", 0, NULL);
    PF_EXPECT(d && d->n_materials > 0 && d->n_loads > 0 && d->n_bcs > 0 && d->n_probes > 0,
              "the example has materials, loads, boundary conditions and probes");
    pf_model_desc_destroy(&d);
  }
  free(generated);
  free(doc);
  pf_context_destroy(&ctx);
  return pf_test_result("config_docs");
}
