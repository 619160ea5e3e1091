/*
 * Steps, before the schema sees the tree. An entry of a later step continues the entry of an
 * earlier step with the same name (name:, or for an unnamed boundary condition its set, body or
 * joint): it may leave out the type, the target (set, surface, region, body, joint) and the dofs,
 * which it then takes from the earlier entry as inherited copies (validated and built like the
 * user's keys, never emitted into the resolved YAML). So {name: W, value: [0, 0, -10]} sets a new
 * target for load W, {name: W, release: true} releases it, and {name: push} holds a displacement
 * where the step finds it. The builder (build_steps.c) then checks that a continuing entry keeps
 * the type and target of the entry it continues.
 *
 * The tree is not validated yet: anything of an unexpected shape is left alone for the schema to
 * report.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/pf_config_internal.h"

#define PF_STEPS_MAX_NAMES 64

typedef struct {
  const char *list;           /* "loads" or "boundary" */
  const char *what;           /* "load", "boundary condition" */
  const char *const *targets; /* keys naming what the entry acts on */
  const char *const *extra;   /* more keys a continuing entry takes over when it leaves them out */
} pf_step_list;

static const char *const load_targets[] = {"set", "surface", "region", "body", NULL};
static const char *const bc_targets[] = {"set", "body", "joint", NULL};
static const char *const bc_extra[] = {"dofs", NULL};
static const pf_step_list step_lists[] = {
    {"loads", "load", load_targets, NULL},
    {"boundary", "boundary condition", bc_targets, bc_extra},
};
#define N_STEP_LISTS ((int)(sizeof(step_lists) / sizeof(step_lists[0])))

static int serr(pf_context *ctx, const pf_ytree *tree, const pf_ynode *node, int line,
                const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int serr(pf_context *ctx, const pf_ytree *tree, const pf_ynode *node, int line,
                const char *path, const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc;
  pf_config_err_loc(tree, node, node && node->line ? node->line : line, path, &loc);
  return pf_error_at(ctx, &loc, "%s", what);
}

/* 1 when key of map is the boolean true; *index gets its position. */
static int is_true(const pf_ynode *map, const char *key, int *index) {
  const pf_ynode *node = pf_ynode_find(map, key, index);
  int b = 0;
  return node && node->kind == PF_YSCALAR && !node->quoted &&
         pf_config_parse_bool(node->text, &b) && b;
}

/* The list schema of a step's loads or boundary (for the names of unnamed entries). */
static const pf_schema *list_schema(const char *list) {
  const pf_schema *steps = pf_schema_find(pf_config_schema(), "steps", NULL);
  return pf_schema_find(&steps->children[0], list, NULL);
}

static const pf_ynode *step_list(const pf_ynode *step, const char *list) {
  const pf_ynode *node = pf_ynode_find(step, list, NULL);
  return node && node->kind == PF_YSEQ ? node : NULL;
}

/* The entry of steps before step k that entry name continues: the last one of that name. Two of
 * that name in the same step are ambiguous. *from_step gets its step. */
static int find_earlier(pf_context *ctx, const pf_ytree *tree, const pf_ynode *steps, int k,
                        const pf_step_list *L, const char *name, const pf_ynode *entry,
                        const char *path, const pf_ynode **earlier) {
  const pf_schema *ls = list_schema(L->list);
  *earlier = NULL;
  for (int s = k - 1; s >= 0; s--) {
    const pf_ynode *list = step_list(steps->items[s], L->list);
    int found = -1, count = 0;
    for (int j = 0; list && j < list->n; j++) {
      const char *other = pf_schema_entry_name(ls, list->items[j]);
      if (other && !strcmp(other, name)) {
        found = j;
        count++;
      }
    }
    if (count > 1)
      return serr(ctx, tree, entry, entry->line, path,
                  "continues '%s', but %d entries of steps[%d].%s have that name (expected one: "
                  "give them distinct name: keys)",
                  name, count, s, L->list);
    if (found >= 0) {
      *earlier = list->items[found];
      return PF_OK;
    }
  }
  return PF_OK;
}

/* The names of the entries of steps before k (for "did you mean"). */
static int earlier_names(const pf_ynode *steps, int k, const pf_step_list *L, const char **names) {
  const pf_schema *ls = list_schema(L->list);
  int n = 0;
  for (int s = 0; s < k; s++) {
    const pf_ynode *list = step_list(steps->items[s], L->list);
    for (int j = 0; list && j < list->n && n < PF_STEPS_MAX_NAMES; j++) {
      const char *name = pf_schema_entry_name(ls, list->items[j]);
      if (name) names[n++] = name;
    }
  }
  return n;
}

static int inherit_key(pf_context *ctx, pf_ynode *entry, const pf_ynode *earlier, const char *key) {
  const pf_ynode *value = pf_ynode_find(earlier, key, NULL);
  if (!value || pf_ynode_find(entry, key, NULL)) return PF_OK;
  pf_ynode *copy = NULL;
  PF_CALL(pf_ynode_copy(ctx, value, entry->line, entry->origin, &copy));
  return pf_ynode_append(ctx, entry, key, entry->line, copy);
}

/* Takes the type, the target (when the entry names none) and the extra keys from earlier. */
static int inherit(pf_context *ctx, const pf_step_list *L, pf_ynode *entry,
                   const pf_ynode *earlier) {
  PF_CALL(inherit_key(ctx, entry, earlier, "type"));
  int has_target = 0;
  for (int t = 0; L->targets[t]; t++) has_target |= pf_ynode_find(entry, L->targets[t], NULL) != 0;
  for (int t = 0; !has_target && L->targets[t]; t++)
    PF_CALL(inherit_key(ctx, entry, earlier, L->targets[t]));
  for (int t = 0; L->extra && L->extra[t]; t++)
    PF_CALL(inherit_key(ctx, entry, earlier, L->extra[t]));
  return PF_OK;
}

static int resolve_entry(pf_context *ctx, const pf_ytree *tree, const pf_ynode *steps, int k,
                         const pf_step_list *L, pf_ynode *entry, const char *path) {
  const char *name = pf_schema_entry_name(list_schema(L->list), entry);
  int ri = -1, release = is_true(entry, "release", &ri);
  char rpath[300];
  snprintf(rpath, sizeof(rpath), "%s.release", path);
  if (release && !name)
    return serr(ctx, tree, entry->items[ri], entry->key_lines[ri], rpath,
                "release: true without a name (expected name: the %s of an earlier step to "
                "release)",
                L->what);
  if (!name) return PF_OK;
  const pf_ynode *earlier = NULL;
  PF_CALL(find_earlier(ctx, tree, steps, k, L, name, entry, path, &earlier));
  if (earlier) return inherit(ctx, L, entry, earlier);
  if (!release) return PF_OK;
  const char *names[PF_STEPS_MAX_NAMES];
  int n = earlier_names(steps, k, L, names);
  const char *near = pf_nearest(name, names, n);
  if (near)
    return serr(ctx, tree, entry->items[ri], entry->key_lines[ri], rpath,
                "no earlier step has a %s named '%s' to release (did you mean '%s'?)", L->what,
                name, near);
  return serr(ctx, tree, entry->items[ri], entry->key_lines[ri], rpath,
              "no earlier step has a %s named '%s' to release (expected the name of a %s applied "
              "in an earlier step)",
              L->what, name, L->what);
}

/* Without steps there is one step: nothing earlier to release. */
static int check_single_step(pf_context *ctx, const pf_ytree *tree) {
  for (int l = 0; l < N_STEP_LISTS; l++) {
    const pf_ynode *list = step_list(tree->root, step_lists[l].list);
    for (int j = 0; list && j < list->n; j++) {
      int ri;
      if (!is_true(list->items[j], "release", &ri)) continue;
      char path[256];
      snprintf(path, sizeof(path), "%s[%d].release", step_lists[l].list, j);
      return serr(ctx, tree, list->items[j]->items[ri], list->items[j]->key_lines[ri], path,
                  "release: true needs an earlier step (without steps there is one step; "
                  "expected steps: with the entry in one step and its release in a later one)");
    }
  }
  return PF_OK;
}

int pf_config_resolve_steps(pf_context *ctx, pf_ytree *tree) {
  const pf_ynode *steps = pf_ynode_find(tree->root, "steps", NULL);
  if (!steps || steps->kind != PF_YSEQ || !steps->n) return check_single_step(ctx, tree);
  for (int l = 0; l < N_STEP_LISTS; l++) {
    int i;
    const char *key = step_lists[l].list;
    if (pf_ynode_find(tree->root, key, &i))
      return serr(ctx, tree, tree->root->items[i], tree->root->key_lines[i], key,
                  "with steps, %s belong to a step (expected them under steps[i].%s of the step "
                  "that applies them; top-level %s are for a configuration without steps)",
                  key, key, key);
  }
  for (int k = 0; k < steps->n; k++) {
    for (int l = 0; l < N_STEP_LISTS; l++) {
      const pf_ynode *list = step_list(steps->items[k], step_lists[l].list);
      for (int j = 0; list && j < list->n; j++) {
        if (list->items[j]->kind != PF_YMAP) continue;
        char path[256];
        snprintf(path, sizeof(path), "steps[%d].%s[%d]", k, step_lists[l].list, j);
        PF_CALL(resolve_entry(ctx, tree, steps, k, &step_lists[l], list->items[j], path));
      }
    }
  }
  return PF_OK;
}
