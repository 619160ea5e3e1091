/* The key reference of docs/config.md, generated from the schema table so that the two cannot
 * drift apart (tests/config/config_docs.c compares them and can rewrite the section). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_config_internal.h"

typedef struct {
  char *buf;
  size_t len, cap;
  int failed;
} pf_md;

static void md_add(pf_md *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void md_add(pf_md *m, const char *fmt, ...) {
  if (m->failed) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (m->len + (size_t)n + 1 > m->cap) {
    size_t cap = m->cap ? m->cap : 4096;
    while (m->len + (size_t)n + 1 > cap) cap *= 2;
    char *b = realloc(m->buf, cap);
    if (!b) {
      m->failed = 1;
      return;
    }
    m->buf = b;
    m->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(m->buf + m->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  m->len += (size_t)n;
}

/* Text for a table cell: a '|' would end the cell. */
static void md_text(pf_md *m, const char *text) {
  for (const char *t = text; *t; t++) {
    if (*t == '|')
      md_add(m, "\\|");
    else
      md_add(m, "%c", *t);
  }
}

/* `a`, `b`, `c` */
static void md_values(pf_md *m, const char *const *values) {
  for (int i = 0; values && values[i]; i++) md_add(m, "%s`%s`", i ? ", " : "", values[i]);
}

static const char *type_name(const pf_schema *s, char *buf, size_t size) {
  switch (s->kind) {
    case PF_SK_STRING:
      return (s->flags & PF_SF_IDENT)  ? "identifier"
             : (s->flags & PF_SF_PATH) ? "file path"
                                       : "string";
    case PF_SK_NUMBER:
      return "number";
    case PF_SK_INTEGER:
      return "integer";
    case PF_SK_BOOL:
      return "boolean";
    case PF_SK_ENUM:
      return "one of";
    case PF_SK_NUMBERS:
      if (s->min_count == s->max_count)
        snprintf(buf, size, "list of %d numbers", s->min_count);
      else
        snprintf(buf, size, "list of %d to %d numbers", s->min_count, s->max_count);
      return buf;
    case PF_SK_ENUMS:
      snprintf(buf, size, "list of %d to %d of", s->min_count, s->max_count);
      return buf;
    case PF_SK_MAP:
      return "map";
    case PF_SK_NAMED:
      snprintf(buf, size, "map %s: ...", s->children[0].key);
      return buf;
    case PF_SK_LIST:
      return "list";
    case PF_SK_LATER:
      return "";
  }
  return "";
}

static void md_row(pf_md *m, const pf_schema *s, const char *path) {
  char type[64], alt_type[64], range[128];
  md_add(m, "| `%s` | %s", path, type_name(s, type, sizeof(type)));
  if (s->alt) md_add(m, ", or %s", type_name(s->alt, alt_type, sizeof(alt_type)));
  md_add(m, " | ");
  size_t start = m->len;
  if (s->flags & PF_SF_REQUIRED) md_add(m, "**required**");
  if (s->one_of) md_add(m, " (or `%s`, not both)", s->one_of);
  if (s->when_key) {
    md_add(m, "%s%s: ", (s->flags & PF_SF_REQUIRED) ? " for " : "only for ", s->when_key);
    md_values(m, s->when_values);
    if (s->flags & PF_SF_REQUIRED) md_add(m, "; not allowed otherwise");
  }
  if (s->unless) md_add(m, "; not needed with `%s: true`", s->unless);
  if (s->dflt || s->dflt_doc) md_add(m, "%sdefault ", m->len > start ? "; " : "");
  if (s->dflt)
    md_add(m, s->dflt[0] ? "`%s`" : "`\"%s\"`", s->dflt);
  else if (s->dflt_doc)
    md_add(m, "%s", s->dflt_doc);
  md_add(m, " | ");
  start = m->len;
  pf_schema_range(s, range, sizeof(range));
  if (range[0]) md_add(m, "%s", range);
  if (s->flags & PF_SF_UNIQUE) md_add(m, "%sunique in the list", m->len > start ? "; " : "");
  if ((s->kind == PF_SK_LIST || s->kind == PF_SK_NAMED) && (s->min_count || s->max_count)) {
    md_add(m, "%s", m->len > start ? "; " : "");
    if (s->min_count == s->max_count)
      md_add(m, "%d entries", s->min_count);
    else if (s->max_count)
      md_add(m, "%d to %d entries", s->min_count, s->max_count);
    else
      md_add(m, "at least %d entries", s->min_count);
  }
  md_values(m, s->values);
  if (s->later_values) {
    md_add(m, " (later: ");
    md_values(m, s->later_values);
    md_add(m, ")");
  }
  md_add(m, " | %s | ", s->unit ? s->unit : "");
  md_text(m, s->doc);
  md_add(m, " |\n");
}

/* Rows of every key below schema, depth first in table order. */
static void md_keys(pf_md *m, const pf_schema *schema, const char *path, int later) {
  for (const pf_schema *s = schema->children; s->key; s++) {
    char p[256];
    snprintf(p, sizeof(p), "%s%s%s", path, path[0] ? "." : "", s->key);
    if (s->kind == PF_SK_LATER) {
      if (later) {
        md_add(m, "| `%s` | ", p);
        md_text(m, s->doc);
        md_add(m, " |\n");
      }
      continue;
    }
    if (!later) md_row(m, s, p);
    if (s->flags & PF_SF_BRIEF) continue; /* its entries are documented where they first appear */
    if (s->kind == PF_SK_MAP) md_keys(m, s, p, later);
    if (s->kind != PF_SK_NAMED && s->kind != PF_SK_LIST) continue;
    const pf_schema *e = &s->children[0];
    char ep[300];
    if (s->kind == PF_SK_LIST)
      snprintf(ep, sizeof(ep), "%s%s", p, e->key);
    else
      snprintf(ep, sizeof(ep), "%s.%s", p, e->key);
    if (e->kind != PF_SK_MAP || e->alt) {
      if (!later) md_row(m, e, ep);
    }
    if (e->kind == PF_SK_MAP) md_keys(m, e, ep, later);
  }
}

int pf_config_schema_markdown(pf_context *ctx, char **text) {
  pf_md m = {0};
  md_add(&m, "| Key | Type | Required / default | Range or values | Unit | Meaning |\n");
  md_add(&m, "|---|---|---|---|---|---|\n");
  md_keys(&m, pf_config_schema(), "", 0);
  md_add(&m,
         "\nKeys of later versions are recognised and rejected with \"KEY is not supported by "
         "this version of pfsim yet\" (never silently ignored):\n\n");
  md_add(&m, "| Key | Planned for |\n|---|---|\n");
  md_keys(&m, pf_config_schema(), "", 1);
  if (m.failed) {
    free(m.buf);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory writing the key reference");
  }
  *text = m.buf;
  return PF_OK;
}
