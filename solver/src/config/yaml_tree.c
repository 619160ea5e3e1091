/* The YAML document tree: built from libyaml's event parser, one node per map, sequence or
 * scalar, each with its line (and each map key with its own line). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config/pf_config_internal.h"

/* Deeper nesting than any configuration needs is refused (libyaml itself has no limit). */
#define PF_YAML_MAX_DEPTH 64

typedef struct {
  pf_context *ctx;
  yaml_parser_t parser;
  const char *file;   /* for messages */
  const char *origin; /* override text (nodes then get line 0), or NULL */
  const char *what;   /* what the document is, for messages ("configuration") */
} pf_yparse;

/* An input error at a line of the parsed text (an override's message has no line). */
static int parse_error(pf_yparse *p, int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int parse_error(pf_yparse *p, int line, const char *path, const char *fmt, ...) {
  char what[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  /* In an override's value, a path inside the value would mislead: the override names it. */
  pf_srcloc loc = {.file = p->origin ? p->origin : p->file, .line = p->origin ? 0 : line};
  snprintf(loc.key, sizeof(loc.key), "%s", path && !p->origin ? path : "");
  return pf_error_at(p->ctx, &loc, "%s", what);
}

/* The line holding byte offset of the file being parsed (0 for an override). */
static int line_of_offset(const pf_yparse *p, size_t offset) {
  FILE *f = p->origin ? NULL : fopen(p->file, "rb");
  if (!f) return 0;
  int line = 1, c;
  for (size_t i = 0; i < offset && (c = fgetc(f)) != EOF; i++) line += c == '\n';
  fclose(f);
  return line;
}

/* libyaml's own message: its problem text, line and context. */
static int syntax_error(pf_yparse *p) {
  const yaml_parser_t *y = &p->parser;
  if (y->error == YAML_MEMORY_ERROR)
    return PF_ERROR(p->ctx, PF_ERR_INTERNAL, "libyaml: out of memory");
  const char *problem = y->problem ? y->problem : "unknown problem";
  if (y->error == YAML_READER_ERROR && !strcmp(problem, "input error")) /* fread failed */
    return PF_ERROR(p->ctx, PF_ERR_IO, "%s: cannot read the %s (is it a file?)",
                    p->origin ? p->origin : p->file, p->what);
  if (y->error == YAML_READER_ERROR) /* bad encoding: the reader knows the byte, not the line */
    return parse_error(p, line_of_offset(p, y->problem_offset), NULL,
                       "the text is not valid UTF-8: %s (at byte %zu; save the file as UTF-8)",
                       problem, y->problem_offset);
  int line = (int)y->problem_mark.line + 1;
  if (y->context)
    return parse_error(p, line, NULL, "YAML syntax error: %s (%s at line %d)", problem, y->context,
                       (int)y->context_mark.line + 1);
  return parse_error(p, line, NULL, "YAML syntax error: %s", problem);
}

static int next_event(pf_yparse *p, yaml_event_t *ev) {
  if (!yaml_parser_parse(&p->parser, ev)) return syntax_error(p);
  return PF_OK;
}

static int event_line(const pf_yparse *p, const yaml_event_t *ev) {
  return p->origin ? 0 : (int)ev->start_mark.line + 1;
}

/* "tag:yaml.org,2002:int" reads better as the "!!int" the user wrote. */
static const char *short_tag(const char *tag, char *buf, size_t size) {
  const char *std = "tag:yaml.org,2002:";
  if (!strncmp(tag, std, strlen(std))) {
    snprintf(buf, size, "!!%s", tag + strlen(std));
    return buf;
  }
  return tag;
}

/* Anchors and tags: only !!str (on a scalar: a string) is understood. [out] is_str. */
static int check_properties(pf_yparse *p, const yaml_event_t *ev, const char *path, int *is_str) {
  const yaml_char_t *anchor = NULL, *tag = NULL;
  if (ev->type == YAML_SCALAR_EVENT) {
    anchor = ev->data.scalar.anchor;
    tag = ev->data.scalar.tag;
  } else if (ev->type == YAML_SEQUENCE_START_EVENT) {
    anchor = ev->data.sequence_start.anchor;
    tag = ev->data.sequence_start.tag;
  } else if (ev->type == YAML_MAPPING_START_EVENT) {
    anchor = ev->data.mapping_start.anchor;
    tag = ev->data.mapping_start.tag;
  }
  *is_str = 0;
  if (anchor)
    return parse_error(p, event_line(p, ev), path,
                       "YAML anchors (&%s) and aliases are not supported (write the value out)",
                       (const char *)anchor);
  if (tag) {
    if (ev->type == YAML_SCALAR_EVENT && !strcmp((const char *)tag, "tag:yaml.org,2002:str")) {
      *is_str = 1;
      return PF_OK;
    }
    char buf[256];
    return parse_error(p, event_line(p, ev), path,
                       "YAML tag '%s' is not supported (write the plain value; only !!str is "
                       "understood)",
                       short_tag((const char *)tag, buf, sizeof(buf)));
  }
  return PF_OK;
}

static int parse_node(pf_yparse *p, yaml_event_t *ev, const char *path, int depth, pf_ynode **out);

/* The pairs of a map whose MAPPING-START was consumed, appended to map. */
static int parse_pairs(pf_yparse *p, pf_ynode *map, const char *path, int depth) {
  for (;;) {
    yaml_event_t ev;
    PF_CALL(next_event(p, &ev));
    if (ev.type == YAML_MAPPING_END_EVENT) {
      yaml_event_delete(&ev);
      return PF_OK;
    }
    int line = event_line(p, &ev), ierr = PF_OK, is_str;
    if (ev.type == YAML_ALIAS_EVENT)
      ierr =
          parse_error(p, line, path, "YAML aliases (*%s) are not supported (write the value out)",
                      (const char *)ev.data.alias.anchor);
    else if (ev.type != YAML_SCALAR_EVENT)
      ierr = parse_error(p, line, path, "a map key must be a plain name, not a %s",
                         ev.type == YAML_MAPPING_START_EVENT ? "map" : "list");
    else
      ierr = check_properties(p, &ev, path, &is_str);
    if (ierr < 0) {
      yaml_event_delete(&ev);
      return ierr;
    }
    char *key = NULL, child_path[256];
    ierr = pf_strdup(p->ctx, (const char *)ev.data.scalar.value, &key);
    yaml_event_delete(&ev);
    PF_CALL(ierr);
    pf_config_path_join(child_path, sizeof(child_path), path, key);
    int first;
    pf_ynode *child = NULL;
    if (pf_ynode_find(map, key, &first) && p->origin)
      ierr = parse_error(p, line, NULL, "duplicate key '%s'", key);
    else if (pf_ynode_find(map, key, &first))
      ierr = parse_error(p, line, child_path, "duplicate key (first at line %d)",
                         map->key_lines[first]);
    if (ierr == PF_OK) ierr = next_event(p, &ev);
    if (ierr == PF_OK) ierr = parse_node(p, &ev, child_path, depth + 1, &child);
    if (ierr == PF_OK) ierr = pf_ynode_append(p->ctx, map, key, line, child);
    free(key);
    PF_CALL(ierr);
  }
}

/* The items of a sequence whose SEQUENCE-START was consumed. */
static int parse_items(pf_yparse *p, pf_ynode *seq, const char *path, int depth) {
  for (;;) {
    yaml_event_t ev;
    PF_CALL(next_event(p, &ev));
    if (ev.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&ev);
      return PF_OK;
    }
    char child_path[256];
    snprintf(child_path, sizeof(child_path), "%s[%d]", path, seq->n);
    pf_ynode *child = NULL;
    PF_CALL(parse_node(p, &ev, child_path, depth + 1, &child));
    PF_CALL(pf_ynode_append(p->ctx, seq, NULL, 0, child));
  }
}

/* One node from its first event ev (consumed: deleted here, also on failure). */
static int parse_node(pf_yparse *p, yaml_event_t *ev, const char *path, int depth, pf_ynode **out) {
  int line = event_line(p, ev), is_str = 0, ierr;
  *out = NULL;
  if (ev->type == YAML_ALIAS_EVENT) {
    ierr = parse_error(p, line, path, "YAML aliases (*%s) are not supported (write the value out)",
                       (const char *)ev->data.alias.anchor);
    yaml_event_delete(ev);
    return ierr;
  }
  if (depth > PF_YAML_MAX_DEPTH) {
    yaml_event_delete(ev);
    return parse_error(p, line, path, "nested more than %d levels deep", PF_YAML_MAX_DEPTH);
  }
  ierr = check_properties(p, ev, path, &is_str);
  if (ierr < 0) {
    yaml_event_delete(ev);
    return ierr;
  }
  pf_ynode *node = NULL;
  if (ev->type == YAML_SCALAR_EVENT) {
    ierr = pf_ynode_create(p->ctx, PF_YSCALAR, (const char *)ev->data.scalar.value, line, p->origin,
                           &node);
    if (ierr == PF_OK) node->quoted = is_str || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    yaml_event_delete(ev);
    if (ierr < 0) return ierr;
  } else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    yaml_event_delete(ev);
    PF_CALL(pf_ynode_create(p->ctx, is_map ? PF_YMAP : PF_YSEQ, NULL, line, p->origin, &node));
    ierr = is_map ? parse_pairs(p, node, path, depth) : parse_items(p, node, path, depth);
    if (ierr < 0) {
      pf_ynode_destroy(&node);
      return ierr;
    }
  } else {
    int type = (int)ev->type;
    yaml_event_delete(ev);
    return PF_ERROR(p->ctx, PF_ERR_INTERNAL, "libyaml: unexpected event %d", type);
  }
  *out = node;
  return PF_OK;
}

/* A whole stream holding one document. [out] root (NULL for an empty stream). */
static int parse_stream(pf_yparse *p, pf_ynode **root) {
  yaml_event_t ev;
  *root = NULL;
  PF_CALL(next_event(p, &ev)); /* STREAM-START */
  yaml_event_delete(&ev);
  PF_CALL(next_event(p, &ev));
  if (ev.type == YAML_STREAM_END_EVENT) {
    yaml_event_delete(&ev);
    return PF_OK;
  }
  yaml_event_delete(&ev); /* DOCUMENT-START */
  PF_CALL(next_event(p, &ev));
  PF_CALL(parse_node(p, &ev, "", 0, root));
  int ierr;
  PF_CALL_GOTO(ierr, fail, next_event(p, &ev)); /* DOCUMENT-END */
  yaml_event_delete(&ev);
  PF_CALL_GOTO(ierr, fail, next_event(p, &ev));
  if (ev.type == YAML_DOCUMENT_START_EVENT) {
    ierr = parse_error(p, event_line(p, &ev), NULL,
                       "a second YAML document is not supported (one %s per file; "
                       "remove the '---')",
                       p->what);
    yaml_event_delete(&ev);
    goto fail;
  }
  yaml_event_delete(&ev); /* STREAM-END */
  return PF_OK;
fail:
  pf_ynode_destroy(root);
  return ierr;
}

int pf_ytree_read_doc(pf_context *ctx, const char *path, const char *what, const char *keys,
                      pf_ytree **tree) {
  *tree = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return PF_ERROR(ctx, PF_ERR_IO, "%s: cannot open the %s: %s", path, what, strerror(errno));
  pf_yparse p = {.ctx = ctx, .file = path, .what = what};
  if (!yaml_parser_initialize(&p.parser)) {
    fclose(f);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "libyaml: cannot initialise the parser");
  }
  yaml_parser_set_input_file(&p.parser, f);
  pf_ynode *root = NULL;
  int ierr = parse_stream(&p, &root);
  yaml_parser_delete(&p.parser);
  fclose(f);
  if (ierr < 0) return ierr;
  pf_srcloc loc = {.file = path, .line = root ? root->line : 0};
  if (!root)
    return pf_error_at(ctx, &loc, "the %s is empty (expected a map of keys such as %s)", what,
                       keys);
  if (root->kind != PF_YMAP) {
    char found[128];
    pf_ynode_describe(root, found, sizeof(found));
    pf_ynode_destroy(&root);
    return pf_error_at(ctx, &loc, "the %s must be a map of keys (found %s)", what, found);
  }
  ierr = PF_CALLOC(ctx, 1, tree);
  if (ierr == PF_OK) ierr = pf_strdup(ctx, path, &(*tree)->file);
  if (ierr < 0) {
    pf_ynode_destroy(&root);
    pf_ytree_destroy(tree);
    return ierr;
  }
  (*tree)->root = root;
  return PF_OK;
}

int pf_ytree_read(pf_context *ctx, const char *path, pf_ytree **tree) {
  return pf_ytree_read_doc(ctx, path, "configuration", "mesh, materials, regions", tree);
}

void pf_ytree_destroy(pf_ytree **tree) {
  if (!tree || !*tree) return;
  pf_ytree *t = *tree;
  pf_ynode_destroy(&t->root);
  for (int i = 0; i < t->n_origins; i++) free(t->origins[i]);
  free(t->origins);
  free(t->file);
  free(t);
  *tree = NULL;
}

int pf_ytree_add_origin(pf_context *ctx, pf_ytree *tree, const char *text, const char **origin) {
  char *copy;
  PF_CALL(pf_strdup(ctx, text, &copy));
  int ierr = PF_REALLOC(ctx, tree->n_origins + 1, &tree->origins);
  if (ierr < 0) {
    free(copy);
    return ierr;
  }
  tree->origins[tree->n_origins++] = copy;
  *origin = copy;
  return PF_OK;
}

int pf_ynode_parse_value(pf_context *ctx, const char *text, const char *origin, pf_ynode **node) {
  *node = NULL;
  while (*text == ' ' || *text == '\t') text++;
  size_t len = strlen(text);
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
  if (!len || !strchr("[{'\"", text[0])) {
    /* Verbatim: "Run #3: 70 kg" stays one scalar instead of YAML's comment or map. */
    PF_CALL(pf_ynode_create(ctx, PF_YSCALAR, NULL, 0, origin, node));
    free((*node)->text);
    int ierr = PF_CALLOC(ctx, len + 1, &(*node)->text);
    if (ierr < 0) {
      pf_ynode_destroy(node);
      return ierr;
    }
    memcpy((*node)->text, text, len);
    return PF_OK;
  }
  pf_yparse p = {.ctx = ctx, .file = origin, .origin = origin, .what = "configuration"};
  if (!yaml_parser_initialize(&p.parser))
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "libyaml: cannot initialise the parser");
  yaml_parser_set_input_string(&p.parser, (const unsigned char *)text, len);
  int ierr = parse_stream(&p, node);
  yaml_parser_delete(&p.parser);
  return ierr;
}

int pf_ynode_create(pf_context *ctx, pf_ykind kind, const char *text, int line, const char *origin,
                    pf_ynode **node) {
  PF_CALL(PF_CALLOC(ctx, 1, node));
  (*node)->kind = kind;
  (*node)->line = line;
  (*node)->origin = origin;
  if (kind == PF_YSCALAR) {
    int ierr = pf_strdup(ctx, text ? text : "", &(*node)->text);
    if (ierr < 0) {
      pf_ynode_destroy(node);
      return ierr;
    }
  }
  return PF_OK;
}

int pf_ynode_copy(pf_context *ctx, const pf_ynode *node, int line, const char *origin,
                  pf_ynode **copy) {
  PF_CALL(pf_ynode_create(ctx, node->kind, node->text, line, origin, copy));
  (*copy)->quoted = node->quoted;
  (*copy)->inherited = 1;
  for (int i = 0; i < node->n; i++) {
    pf_ynode *child = NULL;
    int ierr = pf_ynode_copy(ctx, node->items[i], line, origin, &child);
    if (ierr == PF_OK) {
      child->inherited = 0; /* only the root of a copy is marked */
      ierr = pf_ynode_append(ctx, *copy, node->kind == PF_YMAP ? node->keys[i] : NULL, line, child);
    }
    if (ierr < 0) {
      pf_ynode_destroy(copy);
      return ierr;
    }
  }
  return PF_OK;
}

void pf_ynode_destroy(pf_ynode **node) {
  if (!node || !*node) return;
  pf_ynode *n = *node;
  for (int i = 0; i < n->n; i++) {
    if (n->keys) free(n->keys[i]);
    pf_ynode_destroy(&n->items[i]);
  }
  free(n->keys);
  free(n->key_lines);
  free(n->items);
  free(n->text);
  free(n);
  *node = NULL;
}

int pf_ynode_append(pf_context *ctx, pf_ynode *parent, const char *key, int key_line,
                    pf_ynode *child) {
  int ierr = PF_OK;
  char *key_copy = NULL;
  if (parent->kind == PF_YMAP) PF_CALL_GOTO(ierr, fail, pf_strdup(ctx, key, &key_copy));
  if (parent->n == parent->cap) {
    int cap = parent->cap ? 2 * parent->cap : 4;
    PF_CALL_GOTO(ierr, fail, PF_REALLOC(ctx, cap, &parent->items));
    if (parent->kind == PF_YMAP) {
      PF_CALL_GOTO(ierr, fail, PF_REALLOC(ctx, cap, &parent->keys));
      PF_CALL_GOTO(ierr, fail, PF_REALLOC(ctx, cap, &parent->key_lines));
    }
    parent->cap = cap;
  }
  if (parent->kind == PF_YMAP) {
    parent->keys[parent->n] = key_copy;
    parent->key_lines[parent->n] = key_line;
  }
  parent->items[parent->n++] = child;
  return PF_OK;
fail:
  free(key_copy);
  pf_ynode_destroy(&child);
  return ierr;
}

pf_ynode *pf_ynode_find(const pf_ynode *map, const char *key, int *index) {
  if (!map || map->kind != PF_YMAP) return NULL;
  for (int i = 0; i < map->n; i++)
    if (!strcmp(map->keys[i], key)) {
      if (index) *index = i;
      return map->items[i];
    }
  return NULL;
}

int pf_ynode_is_null(const pf_ynode *node) {
  if (!node || node->kind != PF_YSCALAR || node->quoted) return 0;
  const char *t = node->text;
  return !t[0] || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") || !strcmp(t, "NULL");
}

void pf_ynode_describe(const pf_ynode *node, char *buf, size_t size) {
  if (node->kind == PF_YMAP) {
    snprintf(buf, size, node->n ? "a map" : "an empty map");
    return;
  }
  if (node->kind == PF_YSEQ) {
    if (node->n)
      snprintf(buf, size, "a list of %d", node->n);
    else
      snprintf(buf, size, "an empty list");
    return;
  }
  if (pf_ynode_is_null(node)) {
    snprintf(buf, size, "null (no value)");
    return;
  }
  double x;
  int b;
  if (!node->quoted && pf_config_parse_number(node->text, &x)) {
    snprintf(buf, size, "the number %.40s", node->text);
    return;
  }
  const char *what =
      !node->quoted && pf_config_parse_bool(node->text, &b) ? "the boolean" : "the string";
  if (strlen(node->text) > 40)
    snprintf(buf, size, "%s '%.37s...'", what, node->text);
  else
    snprintf(buf, size, "%s '%s'", what, node->text);
}

int pf_config_parse_number(const char *text, double *value) {
  const unsigned char *s = (const unsigned char *)text;
  int digits = 0;
  if (*s == '+' || *s == '-') s++;
  while (*s >= '0' && *s <= '9') s++, digits++;
  if (*s == '.') {
    s++;
    while (*s >= '0' && *s <= '9') s++, digits++;
  }
  if (!digits) return 0;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if (!(*s >= '0' && *s <= '9')) return 0;
    while (*s >= '0' && *s <= '9') s++;
  }
  if (*s) return 0; /* trailing characters */
  double v = strtod(text, NULL);
  if (!(v - v == 0.0)) return 0; /* overflow to inf */
  *value = v;
  return 1;
}

int pf_config_parse_integer(const char *text, int *value) {
  const char *s = text;
  if (*s == '+' || *s == '-') s++;
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  errno = 0;
  long v = strtol(text, NULL, 10);
  if (errno == ERANGE || v > 2147483647L || v < -2147483647L - 1) return 0;
  *value = (int)v;
  return 1;
}

int pf_config_parse_bool(const char *text, int *value) {
  static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                   "NO",    "off",   "Off",   "OFF"};
  for (int i = 0; i < 9; i++) {
    if (!strcmp(text, yes[i])) return *value = 1, 1;
    if (!strcmp(text, no[i])) return *value = 0, 1;
  }
  return 0;
}

void pf_config_err_loc(const pf_ytree *tree, const pf_ynode *node, int line, const char *path,
                       pf_srcloc *loc) {
  int from_override = node && node->origin;
  loc->file = from_override ? node->origin : tree->file;
  loc->line = from_override ? 0 : line;
  snprintf(loc->key, sizeof(loc->key), "%s", path ? path : "");
}

void pf_config_path_join(char *buf, size_t size, const char *path, const char *key) {
  size_t np = strlen(path), nk = strlen(key), sep = np ? 1 : 0;
  if (np > size - 1) np = size - 1;
  memcpy(buf, path, np);
  if (sep && np + 1 < size) buf[np++] = '.';
  if (nk > size - 1 - np) nk = size - 1 - np;
  memcpy(buf + np, key, nk);
  buf[np + nk] = '\0';
}
