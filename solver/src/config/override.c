/* --set key.path=value: walks maps by key and lists by [index] or by the name of an entry, and
 * puts the value (a YAML scalar or flow collection) there. Missing map keys are created; the
 * schema validates the result like everything else. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_config_internal.h"

#define PF_OVERRIDE_MAX_SEGMENTS 32
#define PF_OVERRIDE_MAX_NAMES    64

typedef struct {
  char name[128]; /* a map key or an entry name; "" for an index */
  int index;      /* [index], or -1 */
} pf_segment;

static int override_error(pf_context *ctx, const char *origin, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int override_error(pf_context *ctx, const char *origin, const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc = {.file = origin};
  return pf_error_at(ctx, &loc, "%s", what);
}

/* "loads.W.value[2]" -> loads, W, value, [2]. */
static int parse_path(pf_context *ctx, const char *origin, const char *path, size_t len,
                      pf_segment *seg, int *n_seg) {
  const char *s = path, *end = path + len;
  int n = 0;
  while (s < end) {
    if (n == PF_OVERRIDE_MAX_SEGMENTS)
      return override_error(ctx, origin, "the key path has more than %d parts",
                            PF_OVERRIDE_MAX_SEGMENTS);
    if (*s == '[') {
      char *stop;
      long index = strtol(s + 1, &stop, 10);
      if (stop == s + 1 || stop >= end || *stop != ']' || index < 0 || index > 1000000000L ||
          s[1] == '-' || s[1] == '+' || s[1] == ' ')
        return override_error(ctx, origin,
                              "bad index in the key path at '%.*s' (expected [N], N >= 0)",
                              (int)(end - s), s);
      seg[n].name[0] = '\0';
      seg[n++].index = (int)index;
      s = stop + 1;
      if (s < end && *s != '.' && *s != '[')
        return override_error(ctx, origin,
                              "expected '.' or '[' after ']' in the key path at '%.*s'",
                              (int)(end - s), s);
      if (s < end && *s == '.') {
        s++;
        if (s == end || *s == '.' || *s == '[')
          return override_error(ctx, origin, "empty key in the key path (expected key.path=value)");
      }
      continue;
    }
    size_t k = strcspn(s, ".[]");
    if (s + k > end) k = (size_t)(end - s);
    if (k == 0 || s[k] == ']')
      return override_error(ctx, origin, "empty key in the key path (expected key.path=value)");
    if (k >= sizeof(seg[n].name))
      return override_error(ctx, origin, "key '%.*s...' is too long", 20, s);
    memcpy(seg[n].name, s, k);
    seg[n].name[k] = '\0';
    seg[n++].index = -1;
    s += k;
    if (s < end && *s == '.') {
      s++;
      if (s == end || *s == '.' || *s == '[')
        return override_error(ctx, origin, "empty key in the key path (expected key.path=value)");
    }
  }
  if (!n || seg[0].index >= 0)
    return override_error(ctx, origin,
                          "the key path must start with a key (expected key.path=value)");
  *n_seg = n;
  return PF_OK;
}

/* The position of the entry named name in a list. */
static int find_entry(pf_context *ctx, const char *origin, const pf_ynode *list,
                      const pf_schema *list_schema, const char *name, const char *path,
                      int *index) {
  const char *names[PF_OVERRIDE_MAX_NAMES];
  int n_names = 0, found = -1, n_found = 0;
  for (int i = 0; list && i < list->n; i++) {
    const char *entry = pf_schema_entry_name(list_schema, list->items[i]);
    if (!entry) continue;
    if (!strcmp(entry, name)) {
      if (found < 0) found = i;
      n_found++;
    }
    if (n_names < PF_OVERRIDE_MAX_NAMES) names[n_names++] = entry;
  }
  if (n_found > 1)
    return override_error(ctx, origin,
                          "%d entries of %s are named '%s' (address one by index: %s[%d])", n_found,
                          path, name, path, found);
  if (found >= 0) {
    *index = found;
    return PF_OK;
  }
  const char *near = pf_nearest(name, names, n_names);
  if (near)
    return override_error(ctx, origin, "no entry named '%s' in %s (did you mean '%s'?)", name, path,
                          near);
  char list_text[1024];
  size_t used = 0;
  list_text[0] = '\0';
  for (int i = 0; i < n_names && used < sizeof(list_text); i++)
    used += (size_t)snprintf(list_text + used, sizeof(list_text) - used, "%s'%s'", i ? ", " : "",
                             names[i]);
  if (n_names)
    return override_error(ctx, origin, "no entry named '%s' in %s (entries: %s)", name, path,
                          list_text);
  return override_error(ctx, origin, "no entry named '%s' in %s (it has no named entries%s)", name,
                        path, list && list->n ? "; address them by index [i]" : "");
}

/* The schema one level down (NULL when the key is unknown: the validator reports it later). */
static const pf_schema *schema_child(const pf_schema *s, const char *key) {
  if (!s) return NULL;
  if (s->kind == PF_SK_NAMED || s->kind == PF_SK_LIST) return &s->children[0];
  return pf_schema_find(s, key, NULL);
}

/* Puts value into the tree at seg[0..n_seg-1]. Takes ownership of value. */
static int put(pf_context *ctx, pf_ytree *tree, const char *origin, const pf_segment *seg,
               int n_seg, pf_ynode *value) {
  pf_ynode *cur = tree->root;
  const pf_schema *schema = pf_config_schema();
  char path[256] = "", found[128];
  int ierr = PF_OK;
  for (int k = 0; k < n_seg; k++) {
    int last = k == n_seg - 1, i = -1;
    int is_list =
        cur->kind == PF_YSEQ || (pf_ynode_is_null(cur) && schema && schema->kind == PF_SK_LIST);
    if (seg[k].index >= 0) {
      if (cur->kind != PF_YSEQ) {
        pf_ynode_describe(cur, found, sizeof(found));
        ierr = override_error(ctx, origin, "%s is %s, not a list (index [%d] does not apply)", path,
                              found, seg[k].index);
        goto fail;
      }
      if (seg[k].index >= cur->n) {
        ierr = override_error(ctx, origin, "index [%d] is past the end of %s (%d entr%s)",
                              seg[k].index, path, cur->n, cur->n == 1 ? "y" : "ies");
        goto fail;
      }
      i = seg[k].index;
    } else if (is_list) {
      PF_CALL_GOTO(ierr, fail,
                   find_entry(ctx, origin, cur->kind == PF_YSEQ ? cur : NULL, schema, seg[k].name,
                              path, &i));
    } else if (cur->kind == PF_YMAP || pf_ynode_is_null(cur)) {
      if (cur->kind != PF_YMAP) { /* "output:" with no value becomes a map */
        free(cur->text);
        cur->text = NULL;
        cur->kind = PF_YMAP;
      }
      if (!pf_ynode_find(cur, seg[k].name, &i)) {
        pf_ynode *child = NULL;
        /* A missing list gets created empty, so that the next part reports what is missing. */
        const pf_schema *cs = schema_child(schema, seg[k].name);
        pf_ykind kind = cs && cs->kind == PF_SK_LIST ? PF_YSEQ : PF_YMAP;
        if (last)
          child = value, value = NULL;
        else
          PF_CALL_GOTO(ierr, fail, pf_ynode_create(ctx, kind, NULL, 0, origin, &child));
        PF_CALL_GOTO(ierr, fail, pf_ynode_append(ctx, cur, seg[k].name, 0, child));
        i = cur->n - 1;
        if (last) return PF_OK;
      }
    } else {
      pf_ynode_describe(cur, found, sizeof(found));
      ierr =
          override_error(ctx, origin, "%s is %s, so it has no key '%s'", path, found, seg[k].name);
      goto fail;
    }
    char next[256];
    if (seg[k].index >= 0 || is_list)
      snprintf(next, sizeof(next), "%.240s[%d]", path, i);
    else
      pf_config_path_join(next, sizeof(next), path, seg[k].name);
    memcpy(path, next, sizeof(path));
    if (last) {
      pf_ynode_destroy(&cur->items[i]);
      cur->items[i] = value;
      return PF_OK;
    }
    cur = cur->items[i];
    schema = schema_child(schema, seg[k].name); /* an index has name "": the list's element */
  }
fail:
  pf_ynode_destroy(&value);
  return ierr;
}

int pf_config_apply_override(pf_context *ctx, pf_ytree *tree, const char *override) {
  size_t n = strlen(override) + 8;
  char *text = malloc(n);
  if (!text) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  snprintf(text, n, "--set %s", override);
  const char *origin;
  int ierr = pf_ytree_add_origin(ctx, tree, text, &origin);
  free(text);
  PF_CALL(ierr);

  const char *eq = strchr(override, '=');
  if (!eq) return override_error(ctx, origin, "no '=' (expected key.path=value)");
  const char *key = override, *key_end = eq;
  while (key < key_end && (*key == ' ' || *key == '\t')) key++;
  while (key_end > key && (key_end[-1] == ' ' || key_end[-1] == '\t')) key_end--;
  pf_segment seg[PF_OVERRIDE_MAX_SEGMENTS];
  int n_seg = 0;
  PF_CALL(parse_path(ctx, origin, key, (size_t)(key_end - key), seg, &n_seg));
  pf_ynode *value = NULL;
  PF_CALL(pf_ynode_parse_value(ctx, eq + 1, origin, &value));
  return put(ctx, tree, origin, seg, n_seg, value);
}
