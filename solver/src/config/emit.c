/* A YAML tree back to text with libyaml's emitter: the resolved configuration stored with every
 * result. Maps are written in block style, lists of scalars in flow style ([0, 0, -1]). */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config/pf_config_internal.h"

typedef struct {
  char *buf;
  size_t len, cap;
} pf_textbuf;

static int write_text(void *data, unsigned char *buffer, size_t size) {
  pf_textbuf *t = data;
  if (t->len + size + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 1024;
    while (t->len + size + 1 > cap) cap *= 2;
    char *b = realloc(t->buf, cap);
    if (!b) return 0;
    t->buf = b;
    t->cap = cap;
  }
  memcpy(t->buf + t->len, buffer, size);
  t->len += size;
  t->buf[t->len] = '\0';
  return 1;
}

/* Emits ev (the emitter takes it over, also on failure). Returns 1 on success. */
static int emit(yaml_emitter_t *e, yaml_event_t *ev) { return yaml_emitter_emit(e, ev); }

static int emit_scalar(yaml_emitter_t *e, const char *text, int quoted) {
  yaml_event_t ev;
  /* An empty plain scalar is null; "~" keeps it null inside a flow list too. */
  if (!quoted && !text[0]) text = "~";
  /* Single quotes where the emitter allows them (else it picks double): the same text always
   * comes out the same, so emitting the parsed output again gives it unchanged. */
  yaml_scalar_style_t style = quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
  return yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)text, (int)strlen(text),
                                      1, 1, style) &&
         emit(e, &ev);
}

/* Keys are names: one that YAML would read as null, a boolean or a number is quoted, so that any
 * YAML reader (PyYAML on the stored configuration) sees the same string. */
static int key_needs_quotes(const char *key) {
  double x;
  int b;
  return !key[0] || !strcmp(key, "~") || !strcmp(key, "null") || !strcmp(key, "Null") ||
         !strcmp(key, "NULL") || pf_config_parse_bool(key, &b) || pf_config_parse_number(key, &x);
}

static int emit_node(yaml_emitter_t *e, const pf_ynode *n) {
  yaml_event_t ev;
  if (n->kind == PF_YSCALAR) return emit_scalar(e, n->text, n->quoted);
  if (n->kind == PF_YSEQ) {
    int flow = 1;
    for (int i = 0; i < n->n; i++) flow = flow && n->items[i]->kind == PF_YSCALAR;
    if (!yaml_sequence_start_event_initialize(
            &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) ||
        !emit(e, &ev))
      return 0;
    for (int i = 0; i < n->n; i++)
      if (!emit_node(e, n->items[i])) return 0;
    return yaml_sequence_end_event_initialize(&ev) && emit(e, &ev);
  }
  if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
      !emit(e, &ev))
    return 0;
  for (int i = 0; i < n->n; i++) {
    if (n->items[i]->inherited) continue; /* taken from an earlier step's entry, not written */
    if (!emit_scalar(e, n->keys[i], key_needs_quotes(n->keys[i])) || !emit_node(e, n->items[i]))
      return 0;
  }
  return yaml_mapping_end_event_initialize(&ev) && emit(e, &ev);
}

int pf_ynode_emit(pf_context *ctx, const pf_ynode *root, char **text) {
  *text = NULL;
  yaml_emitter_t e;
  pf_textbuf t = {0};
  if (!yaml_emitter_initialize(&e))
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "libyaml: cannot initialise the emitter");
  yaml_emitter_set_output(&e, write_text, &t);
  yaml_emitter_set_unicode(&e, 1);
  yaml_emitter_set_indent(&e, 2);
  yaml_emitter_set_width(&e, -1);
  yaml_event_t ev;
  int ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && emit(&e, &ev) &&
           yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && emit(&e, &ev) &&
           emit_node(&e, root) && yaml_document_end_event_initialize(&ev, 1) && emit(&e, &ev) &&
           yaml_stream_end_event_initialize(&ev) && emit(&e, &ev) && yaml_emitter_flush(&e);
  const char *problem = e.problem;
  yaml_emitter_delete(&e);
  if (!ok || !t.buf) {
    free(t.buf);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "libyaml emitter: %s",
                    problem ? problem : "out of memory");
  }
  *text = t.buf;
  return PF_OK;
}
