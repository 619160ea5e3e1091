/* Validation of a YAML tree against the schema table (schema_table.c): the first problem is
 * reported as "FILE:LINE: KEY: what is wrong (what was expected)". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/pf_config_internal.h"

#define PF_SCHEMA_MAX_KEYS 64

typedef struct {
  pf_context *ctx;
  const pf_ytree *tree;
} pf_validator;

static int verr(const pf_validator *v, const pf_ynode *node, int line, const char *path,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int verr(const pf_validator *v, const pf_ynode *node, int line, const char *path,
                const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc;
  pf_config_err_loc(v->tree, node, line, path, &loc);
  return pf_error_at(v->ctx, &loc, "%s", what);
}

int pf_schema_value_index(const char *const *values, const char *text) {
  for (int i = 0; values && values[i]; i++)
    if (!strcmp(values[i], text)) return i;
  return -1;
}

int pf_schema_code(const pf_schema *schema, const char *text) {
  int i = pf_schema_value_index(schema->values, text);
  return i >= 0 && schema->codes ? schema->codes[i] : i;
}

int pf_schema_shape_fits(const pf_schema *schema, const pf_ynode *node) {
  if (pf_ynode_is_null(node)) return 1;
  switch (schema->kind) {
    case PF_SK_NUMBERS:
    case PF_SK_ENUMS:
    case PF_SK_LIST:
      return node->kind == PF_YSEQ;
    case PF_SK_MAP:
    case PF_SK_NAMED:
      return node->kind == PF_YMAP;
    default:
      return node->kind == PF_YSCALAR;
  }
}

const char *pf_schema_entry_name(const pf_schema *list_schema, const pf_ynode *entry) {
  const pf_ynode *name = pf_ynode_find(entry, "name", NULL);
  for (int i = 0;
       !name && list_schema && list_schema->name_fallbacks && list_schema->name_fallbacks[i]; i++)
    name = pf_ynode_find(entry, list_schema->name_fallbacks[i], NULL);
  return name && name->kind == PF_YSCALAR && !pf_ynode_is_null(name) ? name->text : NULL;
}

/* 1 when sibling key of map is the boolean true. */
static int sibling_true(const pf_ynode *map, const char *key) {
  const pf_ynode *node = key ? pf_ynode_find(map, key, NULL) : NULL;
  int b = 0;
  return node && node->kind == PF_YSCALAR && !node->quoted &&
         pf_config_parse_bool(node->text, &b) && b;
}

int pf_schema_condition_holds(const pf_schema *schema, const pf_ynode *map) {
  if (!schema->when_key) return 1;
  const pf_ynode *node = pf_ynode_find(map, schema->when_key, NULL);
  return node && node->kind == PF_YSCALAR &&
         pf_schema_value_index(schema->when_values, node->text) >= 0;
}

const pf_schema *pf_schema_find(const pf_schema *schema, const char *key, const pf_ynode *map) {
  if (!schema || schema->kind != PF_SK_MAP) return NULL;
  for (const pf_schema *e = schema->children; e->key; e++)
    if (!strcmp(e->key, key) && (!map || pf_schema_condition_holds(e, map))) return e;
  return NULL;
}

const char *pf_schema_text(const pf_schema *schema, const pf_ynode *map, const char *key) {
  const pf_ynode *node = pf_ynode_find(map, key, NULL);
  if (node && node->kind == PF_YSCALAR) return node->text;
  const pf_schema *e = pf_schema_find(schema, key, map);
  return e ? e->dflt : NULL;
}

void pf_schema_range(const pf_schema *s, char *buf, size_t size) {
  const char *lo = (s->flags & PF_SF_GT) ? "<" : (s->flags & PF_SF_GE) ? "<=" : NULL;
  const char *hi = (s->flags & PF_SF_LT) ? "<" : (s->flags & PF_SF_LE) ? "<=" : NULL;
  if (lo && hi)
    snprintf(buf, size, "%g %s %s %s %g", s->min, lo, s->key, hi, s->max);
  else if (lo)
    snprintf(buf, size, "%s %s %g", s->key, (s->flags & PF_SF_GT) ? ">" : ">=", s->min);
  else if (hi)
    snprintf(buf, size, "%s %s %g", s->key, hi, s->max);
  else
    buf[0] = '\0';
}

/* The distinct keys of a MAP schema a user may write (not those of later versions; given map,
 * only those whose condition holds there): names (NULL-terminated) and list "a, b, c".
 * Returns how many. */
static int current_keys(const pf_schema *s, const pf_ynode *map, const char **names, char *list,
                        size_t size) {
  int n = 0;
  size_t used = 0;
  names[0] = NULL;
  list[0] = '\0';
  for (const pf_schema *c = s->children; c->key && n < PF_SCHEMA_MAX_KEYS; c++) {
    if (c->kind == PF_SK_LATER || (map && !pf_schema_condition_holds(c, map)) ||
        pf_schema_value_index(names, c->key) >= 0)
      continue;
    names[n++] = c->key;
    names[n] = NULL;
    if (used < size)
      used += (size_t)snprintf(list + used, size - used, "%s%s", n > 1 ? ", " : "", c->key);
  }
  return n;
}

static void expected_one(const pf_schema *s, char *buf, size_t size);

void pf_schema_expected(const pf_schema *s, char *buf, size_t size) {
  expected_one(s, buf, size);
  if (!s->alt) return;
  size_t n = strlen(buf);
  if (n + 4 < size) {
    memcpy(buf + n, " or ", 5);
    expected_one(s->alt, buf + n + 4, size - n - 4);
  }
}

static void expected_one(const pf_schema *s, char *buf, size_t size) {
  char range[128], values[512];
  pf_schema_range(s, range, sizeof(range));
  pf_join_words(s->values, -1, values, sizeof(values));
  const char *unit_sep = s->unit ? ", in " : "", *unit = s->unit ? s->unit : "";
  switch (s->kind) {
    case PF_SK_STRING:
      snprintf(buf, size, "%s",
               (s->flags & PF_SF_IDENT)  ? "an identifier [A-Za-z_][A-Za-z0-9_]*"
               : (s->flags & PF_SF_PATH) ? "a file path"
                                         : "a string");
      break;
    case PF_SK_NUMBER:
    case PF_SK_INTEGER:
      snprintf(buf, size, "%s%s%s%s%s", s->kind == PF_SK_NUMBER ? "a number" : "an integer",
               range[0] ? ", " : "", range, unit_sep, unit);
      break;
    case PF_SK_BOOL:
      snprintf(buf, size, "true or false");
      break;
    case PF_SK_ENUM:
      snprintf(buf, size, "one of: %s", values);
      break;
    case PF_SK_NUMBERS:
      if (s->min_count == s->max_count)
        snprintf(buf, size, "a list of %d numbers%s%s", s->min_count, unit_sep, unit);
      else
        snprintf(buf, size, "a list of %d to %d numbers%s%s", s->min_count, s->max_count, unit_sep,
                 unit);
      break;
    case PF_SK_ENUMS:
      snprintf(buf, size, "a list of %d to %d of: %s (each at most once)", s->min_count,
               s->max_count, values);
      break;
    case PF_SK_MAP: {
      const char *names[PF_SCHEMA_MAX_KEYS + 1];
      char list[512];
      current_keys(s, NULL, names, list, sizeof(list));
      snprintf(buf, size, "a map with keys %s", list);
      break;
    }
    case PF_SK_NAMED:
      snprintf(buf, size, "a map: %s", s->doc);
      break;
    case PF_SK_LIST: {
      char count[64] = "", item[256] = "entries";
      if (s->min_count && s->min_count == s->max_count)
        snprintf(count, sizeof(count), "%d ", s->min_count);
      else if (s->min_count && s->max_count)
        snprintf(count, sizeof(count), "%d to %d ", s->min_count, s->max_count);
      else if (s->min_count)
        snprintf(count, sizeof(count), "at least %d ", s->min_count);
      if (s->children[0].kind != PF_SK_MAP) {
        memcpy(item, "items, each ", 13);
        expected_one(&s->children[0], item + 12, sizeof(item) - 12);
      }
      snprintf(buf, size, "a list of %s%s", count, item);
      break;
    }
    case PF_SK_LATER:
      buf[0] = '\0';
      break;
  }
}

static int wrong_type(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                      const char *path) {
  char found[128], expected[640];
  pf_ynode_describe(node, found, sizeof(found));
  pf_schema_expected(s, expected, sizeof(expected));
  return verr(v, node, node->line ? node->line : line, path, "wrong type: found %s (expected %s)",
              found, expected);
}

static int is_identifier(const char *t) {
  if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || *t == '_')) return 0;
  for (t++; *t; t++)
    if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
          *t == '_'))
      return 0;
  return 1;
}

static int check_scalar(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                        const char *path) {
  if (node->kind != PF_YSCALAR || pf_ynode_is_null(node)) return wrong_type(v, s, node, line, path);
  if (node->line) line = node->line;
  char expected[640];
  pf_schema_expected(s, expected, sizeof(expected));
  if (s->kind == PF_SK_STRING) {
    if ((s->flags & PF_SF_IDENT) && !is_identifier(node->text))
      return verr(v, node, line, path, "'%s' is not an identifier (expected %s)", node->text,
                  expected);
    return PF_OK;
  }
  if (s->kind == PF_SK_BOOL) {
    int b;
    if (node->quoted || !pf_config_parse_bool(node->text, &b))
      return wrong_type(v, s, node, line, path);
    return PF_OK;
  }
  /* Numbers: a quoted "5" is a string in YAML, so it is a wrong type here, as is a boolean. */
  double x;
  int k;
  if (node->quoted || pf_config_parse_bool(node->text, &k))
    return wrong_type(v, s, node, line, path);
  if (s->kind == PF_SK_INTEGER) {
    if (!pf_config_parse_integer(node->text, &k))
      return verr(v, node, line, path, "'%s' is not an integer (expected %s)", node->text,
                  expected);
    x = k;
  } else if (!pf_config_parse_number(node->text, &x)) {
    return verr(v, node, line, path, "'%s' is not a finite decimal number (expected %s)",
                node->text, expected);
  }
  int ok = !((s->flags & PF_SF_GT) && !(x > s->min)) &&
           !((s->flags & PF_SF_GE) && !(x >= s->min)) &&
           !((s->flags & PF_SF_LT) && !(x < s->max)) && !((s->flags & PF_SF_LE) && !(x <= s->max));
  if (!ok)
    return verr(v, node, line, path, "%s is out of range (expected %s)", node->text, expected);
  return PF_OK;
}

/* One value of an ENUM (or an item of ENUMS). parent: the map holding the key, for conditions. */
static int check_enum(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                      const char *path, const pf_ynode *parent) {
  if (node->kind != PF_YSCALAR || pf_ynode_is_null(node)) return wrong_type(v, s, node, line, path);
  if (node->line) line = node->line;
  if (pf_schema_value_index(s->values, node->text) >= 0) return PF_OK;
  char values[512], when[160] = "";
  pf_join_words(s->values, -1, values, sizeof(values));
  if (pf_schema_value_index(s->later_values, node->text) >= 0)
    return verr(v, node, line, path,
                "%s is not supported by this version of pfsim yet (expected one of: %s)",
                node->text, values);
  if (pf_schema_value_index(s->refused, node->text) >= 0)
    return verr(v, node, line, path, "%s is not allowed here: %s (expected one of: %s)", node->text,
                s->refused_why, values);
  const pf_ynode *cond = s->when_key ? pf_ynode_find(parent, s->when_key, NULL) : NULL;
  if (cond && cond->kind == PF_YSCALAR)
    snprintf(when, sizeof(when), " for %s: %s", s->when_key, cond->text);
  int n = 0;
  while (s->values[n]) n++;
  const char *near = pf_nearest(node->text, s->values, n);
  if (near)
    return verr(v, node, line, path,
                "unknown value '%s'%s (did you mean '%s'? expected one of: %s)", node->text, when,
                near, values);
  return verr(v, node, line, path, "unknown value '%s'%s (expected one of: %s)", node->text, when,
              values);
}

static int validate_node(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                         const char *path, const pf_ynode *parent);

/* Names in a list that must be unique (name:). */
static int check_unique(const pf_validator *v, const pf_schema *element, const pf_ynode *list,
                        const char *path) {
  for (const pf_schema *c = element->children; c->key; c++) {
    if (!(c->flags & PF_SF_UNIQUE)) continue;
    for (int i = 0; i < list->n; i++) {
      int ki, kj;
      const pf_ynode *a = pf_ynode_find(list->items[i], c->key, &ki);
      if (!a || a->kind != PF_YSCALAR) continue;
      for (int j = 0; j < i; j++) {
        const pf_ynode *b = pf_ynode_find(list->items[j], c->key, &kj);
        if (!b || b->kind != PF_YSCALAR || strcmp(a->text, b->text)) continue;
        char p[256];
        snprintf(p, sizeof(p), "%s[%d].%s", path, i, c->key);
        return verr(v, a, list->items[i]->key_lines[ki], p,
                    "duplicate %s '%s' (%s[%d] at line %d has it too; expected unique %ss)", c->key,
                    a->text, path, j, list->items[j]->key_lines[kj], c->key);
      }
    }
  }
  return PF_OK;
}

/* Unknown keys (with the nearest valid key) and keys of later versions. */
static int check_keys(const pf_validator *v, const pf_schema *s, const pf_ynode *map,
                      const char *path) {
  for (int i = 0; map && i < map->n; i++) {
    const pf_schema *e = pf_schema_find(s, map->keys[i], NULL);
    char p[256];
    pf_config_path_join(p, sizeof(p), path, map->keys[i]);
    if (e && e->kind == PF_SK_LATER)
      return verr(v, map->items[i], map->key_lines[i], p,
                  "%s is not supported by this version of pfsim yet (planned: %s)", map->keys[i],
                  e->doc);
    if (e) continue;
    const char *valid[PF_SCHEMA_MAX_KEYS + 1];
    char list[1024];
    int n = current_keys(s, map, valid, list, sizeof(list));
    const char *near = pf_nearest(map->keys[i], valid, n);
    if (near)
      return verr(v, map->items[i], map->key_lines[i], p,
                  "unknown key (did you mean '%s'? expected one of: %s)", near, list);
    return verr(v, map->items[i], map->key_lines[i], p, "unknown key (expected one of: %s)", list);
  }
  return PF_OK;
}

static int validate_map(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                        const char *path) {
  const pf_ynode *map = pf_ynode_is_null(node) ? NULL : node;
  PF_CALL(check_keys(v, s, map, path));
  /* In table order, so that a condition's key (model, type, field) is checked before the keys
   * that depend on it. */
  for (const pf_schema *e = s->children; e->key; e++) {
    if (e->kind == PF_SK_LATER || !pf_schema_condition_holds(e, map)) continue;
    int idx;
    const pf_ynode *child = pf_ynode_find(map, e->key, &idx);
    char p[256], expected[640];
    pf_config_path_join(p, sizeof(p), path, e->key);
    int other_idx = -1;
    const pf_ynode *other = e->one_of ? pf_ynode_find(map, e->one_of, &other_idx) : NULL;
    if (child && other) {
      int later = idx > other_idx ? idx : other_idx;
      pf_config_path_join(p, sizeof(p), path, map->keys[later]);
      return verr(v, map->items[later], map->key_lines[later], p,
                  "%s and %s are both given (expected one of them, not both)", e->key, e->one_of);
    }
    if (child) {
      PF_CALL(validate_node(v, e, child, map->key_lines[idx], p, map));
      continue;
    }
    if (!(e->flags & PF_SF_REQUIRED) || other || sibling_true(map, e->unless)) continue;
    pf_schema_expected(e, expected, sizeof(expected));
    if (e->one_of) {
      char with[160] = "";
      const pf_ynode *cond = e->when_key ? pf_ynode_find(map, e->when_key, NULL) : NULL;
      if (cond) snprintf(with, sizeof(with), "required for %s: %s; ", e->when_key, cond->text);
      return verr(v, node, line, path, "missing required key '%s' or '%s' (%sexpected %s)", e->key,
                  e->one_of, with, expected);
    }
    if (e->when_key) {
      const pf_ynode *cond = pf_ynode_find(map, e->when_key, NULL);
      return verr(v, node, line, path,
                  "missing required key '%s' (required for %s: %s; expected %s)", e->key,
                  e->when_key, cond->text, expected);
    }
    return verr(v, node, line, path, "missing required key '%s' (expected %s)", e->key, expected);
  }
  /* Keys whose condition does not hold: "area" of a linear_elastic material. */
  for (int i = 0; map && i < map->n; i++) {
    if (pf_schema_find(s, map->keys[i], map)) continue;
    const pf_schema *first = pf_schema_find(s, map->keys[i], NULL);
    char p[256], allowed[512];
    size_t used = 0;
    allowed[0] = '\0';
    for (const pf_schema *c = s->children; c->key; c++)
      if (!strcmp(c->key, map->keys[i]))
        for (int k = 0; c->when_values[k] && used < sizeof(allowed); k++)
          used += (size_t)snprintf(allowed + used, sizeof(allowed) - used, "%s%s", used ? ", " : "",
                                   c->when_values[k]);
    const pf_ynode *cond = pf_ynode_find(map, first->when_key, NULL);
    pf_config_path_join(p, sizeof(p), path, map->keys[i]);
    if (!cond || cond->kind != PF_YSCALAR)
      return verr(v, map->items[i], map->key_lines[i], p,
                  "not allowed without %s (only for %s: %s)", first->when_key, first->when_key,
                  allowed);
    return verr(v, map->items[i], map->key_lines[i], p, "not allowed for %s: %s (only for %s: %s)",
                first->when_key, cond->text, first->when_key, allowed);
  }
  return PF_OK;
}

static int validate_node(const pf_validator *v, const pf_schema *s, const pf_ynode *node, int line,
                         const char *path, const pf_ynode *parent) {
  if (s->alt && !pf_schema_shape_fits(s, node) && pf_schema_shape_fits(s->alt, node)) s = s->alt;
  int is_null = pf_ynode_is_null(node);
  char p[256];
  switch (s->kind) {
    case PF_SK_STRING:
    case PF_SK_NUMBER:
    case PF_SK_INTEGER:
    case PF_SK_BOOL:
      return check_scalar(v, s, node, line, path);
    case PF_SK_ENUM:
      return check_enum(v, s, node, line, path, parent);
    case PF_SK_NUMBERS:
    case PF_SK_ENUMS: {
      if (node->kind != PF_YSEQ || node->n < s->min_count || node->n > s->max_count)
        return wrong_type(v, s, node, line, path);
      pf_schema item = {.key = s->key,
                        .kind = PF_SK_NUMBER,
                        .flags = s->flags & (PF_SF_GE | PF_SF_GT | PF_SF_LE | PF_SF_LT),
                        .min = s->min,
                        .max = s->max,
                        .unit = s->unit};
      for (int i = 0; i < node->n; i++) {
        snprintf(p, sizeof(p), "%s[%d]", path, i);
        if (s->kind == PF_SK_NUMBERS) {
          PF_CALL(check_scalar(v, &item, node->items[i], line, p));
          continue;
        }
        PF_CALL(check_enum(v, s, node->items[i], line, p, parent));
        for (int j = 0; j < i; j++)
          if (!strcmp(node->items[j]->text, node->items[i]->text))
            return verr(v, node->items[i], node->items[i]->line ? node->items[i]->line : line, p,
                        "'%s' is listed twice (expected each of %s at most once)",
                        node->items[i]->text, s->key);
      }
      return PF_OK;
    }
    case PF_SK_MAP:
      if (node->kind != PF_YMAP && !is_null) return wrong_type(v, s, node, line, path);
      return validate_map(v, s, node, line, path);
    case PF_SK_NAMED:
    case PF_SK_LIST: {
      int want = s->kind == PF_SK_NAMED ? PF_YMAP : PF_YSEQ;
      if ((int)node->kind != want && !is_null) return wrong_type(v, s, node, line, path);
      int n = is_null ? 0 : node->n;
      if ((s->flags & PF_SF_NONEMPTY) && n == 0)
        return verr(v, node, line, path, "no entries (expected at least one)");
      if ((s->min_count && n < s->min_count) || (s->max_count && n > s->max_count)) {
        char expected[640];
        pf_schema_expected(s, expected, sizeof(expected));
        return verr(v, node, node->line ? node->line : line, path, "%d entr%s (expected %s)", n,
                    n == 1 ? "y" : "ies", expected);
      }
      for (int i = 0; i < n; i++) {
        int item_line = node->kind == PF_YMAP ? node->key_lines[i] : node->items[i]->line;
        if (node->kind == PF_YMAP)
          pf_config_path_join(p, sizeof(p), path, node->keys[i]);
        else
          snprintf(p, sizeof(p), "%s[%d]", path, i);
        PF_CALL(validate_node(v, &s->children[0], node->items[i], item_line, p, node));
      }
      if (s->kind == PF_SK_LIST && n && s->children[0].kind == PF_SK_MAP)
        PF_CALL(check_unique(v, &s->children[0], node, path));
      return PF_OK;
    }
    case PF_SK_LATER:
      break;
  }
  return PF_ERROR(v->ctx, PF_ERR_INTERNAL, "schema: unexpected kind %d at %s", (int)s->kind, path);
}

int pf_config_validate(pf_context *ctx, const pf_ytree *tree) {
  pf_validator v = {.ctx = ctx, .tree = tree};
  return validate_node(&v, pf_config_schema(), tree->root, tree->root->line, "", NULL);
}
