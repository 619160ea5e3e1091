/* Steps, loads and boundary conditions of the model description (pf_build.h). Without steps:
 * there is one step named "step" holding the top-level loads and boundary. With steps, the
 * entries of every step are laid out one after the other (loads[i].step, bcs[i].step); an entry
 * of a later step with the name of an earlier one continues it: a new target, a hold (a
 * displacement without value), or a release. It must keep the kind and target of the entry it
 * continues (steps.c has already copied what it leaves out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_build.h"

#define PF_BUILD_MAX_NAMES 256

static int curve(pf_builder *b, const pf_ynode *item, const char *path, pf_curve_desc *c) {
  const pf_ynode *node = pf_ynode_find(item, "curve", NULL);
  c->kind = PF_CURVE_LINEAR;
  if (!node) return PF_OK;
  if (node->kind == PF_YSCALAR) {
    c->kind = strcmp(node->text, "step") ? PF_CURVE_LINEAR : PF_CURVE_STEP;
    return PF_OK;
  }
  char p[300];
  snprintf(p, sizeof(p), "%.240s.curve", path);
  c->kind = PF_CURVE_TABLE;
  c->n = node->n;
  PF_CALL(PF_CALLOC(b->ctx, node->n, &c->t));
  PF_CALL(PF_CALLOC(b->ctx, node->n, &c->f));
  for (int k = 0; k < node->n; k++) {
    double tf[2] = {0, 0};
    pf_build_numbers(node->items[k], tf, 2);
    c->t[k] = tf[0];
    c->f[k] = tf[1];
    const pf_ynode *at = node->items[k];
    if (k > 0 && !(c->t[k] > c->t[k - 1]))
      return pf_build_error(b, at, at->line, p,
                            "point %d has t = %g after t = %g (expected t increasing)", k, c->t[k],
                            c->t[k - 1]);
  }
  if (c->t[0] != 0 || c->t[c->n - 1] != 1)
    return pf_build_error(b, node, pf_build_key_line(item, "curve"), p,
                          "t runs from %g to %g (expected the table to start at t = 0 and end "
                          "at t = 1: t is the step fraction)",
                          c->t[0], c->t[c->n - 1]);
  return PF_OK;
}

static int find_body(const pf_builder *b, const char *name) {
  for (int i = 0; i < b->d->n_bodies; i++)
    if (!strcmp(b->d->bodies[i].name, name)) return i;
  return -1;
}

static int check_body(pf_builder *b, const pf_ynode *item, const char *key, const char *path) {
  const pf_ynode *node = pf_ynode_find(item, key, NULL);
  if (find_body(b, node->text) >= 0) return PF_OK;
  const char *names[PF_BUILD_MAX_NAMES];
  char p[300];
  snprintf(p, sizeof(p), "%.240s.%s", path, key);
  return pf_build_unknown(b, node, pf_build_key_line(item, key), p, "body", node->text, names,
                          pf_build_body_names(b, names, PF_BUILD_MAX_NAMES),
                          "a body is a region written rigid, or an entry of couplings");
}

static int cmp_target(const char *a, const char *b) {
  return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

/* The entry this one continues: the last earlier entry of the same name in an earlier step. */
static int continued_load(const pf_model_desc *d, int upto, const pf_load_desc *l) {
  for (int i = upto - 1; i >= 0; i--)
    if (d->loads[i].step < l->step && !strcmp(d->loads[i].name, l->name)) return i;
  return -1;
}

static int build_load(pf_builder *b, const pf_ynode *item, const char *path, int step) {
  const pf_schema *s = pf_build_element("loads");
  pf_model_desc *d = b->d;
  pf_load_desc *l = &d->loads[d->n_loads];
  const pf_ynode *name = pf_ynode_find(item, "name", NULL);
  PF_CALL(pf_strdup(b->ctx, name ? name->text : path, &l->name));
  d->n_loads++;
  pf_build_loc(b, item, item->line, path, &l->loc);
  l->step = step;
  l->type = (pf_load_type)pf_build_code(s, item, "type");
  l->release = pf_build_bool(s, item, "release");
  const char *target_key = l->type == PF_LOAD_NODAL_FORCE ? "set"
                           : l->type == PF_LOAD_GRAVITY   ? "region"
                           : l->type == PF_LOAD_BODY_FORCE || l->type == PF_LOAD_BODY_MOMENT
                               ? "body"
                               : "surface";
  const pf_ynode *target = pf_ynode_find(item, target_key, NULL);
  char target_path[300];
  snprintf(target_path, sizeof(target_path), "%.240s.%s", path, target_key);
  if (target) {
    PF_CALL(pf_strdup(b->ctx, target->text, &l->target));
    pf_build_loc(b, target, pf_build_key_line(item, target_key), target_path, &l->target_loc);
    if (!strcmp(target_key, "body")) PF_CALL(check_body(b, item, "body", path));
  } else {
    l->target_loc = l->loc; /* gravity on every element */
  }
  const pf_ynode *value = pf_ynode_find(item, "value", NULL);
  if (l->type == PF_LOAD_PRESSURE)
    l->pressure = value ? pf_build_number(s, item, "value") : 0;
  else
    pf_build_numbers(value, l->value, 3);
  PF_CALL(curve(b, item, path, &l->curve));
  int e = continued_load(d, d->n_loads - 1, l);
  if (e >= 0 && (d->loads[e].type != l->type || cmp_target(d->loads[e].target, l->target))) {
    const pf_load_desc *o = &d->loads[e];
    return pf_build_error(b, item, item->line, path,
                          "continues load %s of %s but changes its type or target (expected "
                          "the same type and %s %s: give a new load another name)",
                          l->name, o->loc.key, target_key, o->target ? o->target : "(all)");
  }
  return PF_OK;
}

static int continued_bc(const pf_model_desc *d, int upto, const pf_bc_desc *bc) {
  for (int i = upto - 1; i >= 0; i--)
    if (d->bcs[i].step < bc->step && !strcmp(d->bcs[i].name, bc->name)) return i;
  return -1;
}

/* The kind of constraint: a hold continues a displacement and the other way round. */
static int bc_family(pf_bc_type t) { return t == PF_BC_HOLD ? PF_BC_DISPLACEMENT : (int)t; }

/* dofs as a bit mask; value[] placed in the listed components. */
static int bc_dofs_and_value(pf_builder *b, const pf_schema *s, const pf_ynode *item,
                             const char *path, pf_bc_desc *bc) {
  const pf_ynode *dofs = pf_ynode_find(item, "dofs", NULL);
  const char *const *names = pf_schema_find(s, "dofs", item)->values;
  int order[6] = {0, 1, 2}, n_dofs = 3, n_trans = 3;
  int whole_body = bc->body && bc->type != PF_BC_DISPLACEMENT;
  bc->dofs = whole_body ? 63 : 7;
  char p[300];
  snprintf(p, sizeof(p), "%.240s.dofs", path);
  if (dofs) {
    bc->dofs = 0;
    n_dofs = dofs->n;
    n_trans = 0;
    for (int k = 0; k < dofs->n; k++) {
      order[k] = pf_schema_value_index(names, dofs->items[k]->text);
      if (bc->dofs & (1 << order[k]))
        return pf_build_error(b, dofs->items[k], pf_build_key_line(item, "dofs"), p,
                              "%s is listed twice (expected distinct dofs)", names[order[k]]);
      bc->dofs |= 1 << order[k];
      n_trans += order[k] < 3;
    }
    if (n_trans < n_dofs && !bc->body)
      return pf_build_error(b, dofs, pf_build_key_line(item, "dofs"), p,
                            "rotations rx, ry, rz are dofs of a body's reference node (expected "
                            "x, y, z on a node set, or body: instead of set:)");
    if (n_trans < n_dofs && bc->type == PF_BC_DISPLACEMENT)
      return pf_build_error(b, dofs, pf_build_key_line(item, "dofs"), p,
                            "a displacement with value prescribes translations (expected x, y, z; "
                            "turn a body with type: rotation, or hold it by leaving value out)");
  }
  /* a released displacement has no value (it crashed here before 2026-11-29) */
  if (bc->type != PF_BC_DISPLACEMENT || bc->release) return PF_OK;
  const pf_ynode *value = pf_ynode_find(item, "value", NULL);
  double v[3] = {0, 0, 0};
  pf_build_numbers(value, v, 3);
  if (value->n == 3) { /* all components given: take the listed ones */
    for (int c = 0; c < 3; c++) bc->value[c] = (bc->dofs & (1 << c)) ? v[c] : 0.0;
    return PF_OK;
  }
  if (value->n == n_dofs) {
    for (int k = 0; k < n_dofs; k++) bc->value[order[k]] = v[k];
    return PF_OK;
  }
  char listed[64] = "";
  for (int k = 0; k < n_dofs; k++)
    snprintf(listed + strlen(listed), sizeof(listed) - strlen(listed), "%s%s", k ? ", " : "",
             names[order[k]]);
  snprintf(p, sizeof(p), "%.240s.value", path);
  return pf_build_error(b, value, pf_build_key_line(item, "value"), p,
                        "%d number%s for %d listed dof%s (expected 3 numbers [x, y, z], or one "
                        "per listed dof: [%s])",
                        value->n, value->n == 1 ? "" : "s", n_dofs, n_dofs == 1 ? "" : "s", listed);
}

static int build_bc(pf_builder *b, const pf_schema *list_schema, const pf_ynode *item,
                    const char *path, int step) {
  const pf_schema *s = pf_build_element("boundary");
  pf_model_desc *d = b->d;
  pf_bc_desc *bc = &d->bcs[d->n_bcs];
  PF_CALL(pf_strdup(b->ctx, pf_schema_entry_name(list_schema, item), &bc->name));
  d->n_bcs++;
  pf_build_loc(b, item, item->line, path, &bc->loc);
  bc->step = step;
  bc->type = (pf_bc_type)pf_build_code(s, item, "type");
  bc->release = pf_build_bool(s, item, "release");
  if (bc->type == PF_BC_DISPLACEMENT && !pf_ynode_find(item, "value", NULL) && !bc->release)
    bc->type = PF_BC_HOLD;
  const char *target_key = pf_ynode_find(item, "set", NULL)    ? "set"
                           : pf_ynode_find(item, "body", NULL) ? "body"
                                                               : "joint";
  const pf_ynode *target = pf_ynode_find(item, target_key, NULL);
  char p[300];
  snprintf(p, sizeof(p), "%.240s.%s", path, target_key);
  pf_build_loc(b, target, pf_build_key_line(item, target_key), p, &bc->target_loc);
  if (!strcmp(target_key, "set")) {
    PF_CALL(pf_strdup(b->ctx, target->text, &bc->set));
  } else if (!strcmp(target_key, "body")) {
    PF_CALL(check_body(b, item, "body", path));
    PF_CALL(pf_strdup(b->ctx, target->text, &bc->body));
  } else {
    int found = -1;
    const char *names[PF_BUILD_MAX_NAMES];
    int n = 0;
    for (int j = 0; j < d->n_joints; j++) {
      if (!strcmp(d->joints[j].name, target->text)) found = j;
      if (n < PF_BUILD_MAX_NAMES) names[n++] = d->joints[j].name;
    }
    if (found < 0)
      return pf_build_unknown(b, target, pf_build_key_line(item, "joint"), p, "joint", target->text,
                              names, n, "add it under joints");
    PF_CALL(pf_strdup(b->ctx, target->text, &bc->joint));
  }
  if (bc->type == PF_BC_ROTATION) {
    bc->dofs = 56;
    pf_build_numbers(pf_ynode_find(item, "value", NULL), bc->value + 3, 3);
  } else if (bc->type == PF_BC_JOINT_ANGLE) {
    bc->value[3] = pf_build_number(s, item, "value");
  } else {
    PF_CALL(bc_dofs_and_value(b, s, item, path, bc));
  }
  PF_CALL(curve(b, item, path, &bc->curve));
  int e = continued_bc(d, d->n_bcs - 1, bc);
  if (e >= 0) {
    const pf_bc_desc *o = &d->bcs[e];
    if (bc_family(o->type) != bc_family(bc->type) || cmp_target(o->set, bc->set) ||
        cmp_target(o->body, bc->body) || cmp_target(o->joint, bc->joint))
      return pf_build_error(b, item, item->line, path,
                            "continues boundary condition %s of %s but changes its type or "
                            "target (expected the same type and target: give a new condition "
                            "another name)",
                            bc->name, o->loc.key);
  }
  return PF_OK;
}

/* Builds the loads and boundary lists of one step (or of the top level without steps). */
static int step_lists(pf_builder *b, const pf_ynode *holder, const char *prefix, int step) {
  const pf_ynode *loads = pf_ynode_find(holder, "loads", NULL);
  const pf_ynode *bcs = pf_ynode_find(holder, "boundary", NULL);
  const pf_schema *bc_list = pf_build_section("boundary");
  char path[256];
  for (int j = 0; loads && loads->kind == PF_YSEQ && j < loads->n; j++) {
    snprintf(path, sizeof(path), "%.220sloads[%d]", prefix, j);
    PF_CALL(build_load(b, loads->items[j], path, step));
  }
  for (int j = 0; bcs && bcs->kind == PF_YSEQ && j < bcs->n; j++) {
    snprintf(path, sizeof(path), "%.220sboundary[%d]", prefix, j);
    PF_CALL(build_bc(b, bc_list, bcs->items[j], path, step));
  }
  return PF_OK;
}

static int count(const pf_ynode *holder, const char *key) {
  const pf_ynode *list = pf_ynode_find(holder, key, NULL);
  return list && list->kind == PF_YSEQ ? list->n : 0;
}

int pf_build_steps(pf_builder *b) {
  pf_model_desc *d = b->d;
  const pf_ynode *root = b->tree->root;
  const pf_ynode *steps = pf_ynode_find(root, "steps", NULL);
  const pf_ynode *an = pf_ynode_find(root, "analysis", NULL);
  const pf_schema *as = pf_build_section("analysis"), *ss = pf_build_element("steps");
  int n = steps && steps->kind == PF_YSEQ ? steps->n : 0;
  int n_loads = count(root, "loads"), n_bcs = count(root, "boundary");
  for (int k = 0; k < n; k++) {
    n_loads += count(steps->items[k], "loads");
    n_bcs += count(steps->items[k], "boundary");
  }
  PF_CALL(PF_CALLOC(b->ctx, n ? n : 1, &d->steps));
  PF_CALL(PF_CALLOC(b->ctx, n_loads ? n_loads : 1, &d->loads));
  PF_CALL(PF_CALLOC(b->ctx, n_bcs ? n_bcs : 1, &d->bcs));
  int linear = d->analysis == PF_ANALYSIS_STATIC_LINEAR;
  int inc0 = pf_build_integer(as, an, "increments", linear ? 1 : 10);
  int max0 = pf_build_integer(as, an, "max_increments", 0);
  if (max0 && max0 < inc0)
    return pf_build_error(b, NULL, pf_build_key_line(an, "max_increments"),
                          "analysis.max_increments",
                          "%d is less than increments %d (expected >= "
                          "increments)",
                          max0, inc0);
  pf_output_level out0 = d->output_level == PF_OUTPUT_ALL ? PF_OUTPUT_ALL : PF_OUTPUT_FINAL;
  for (int k = 0; k < (n ? n : 1); k++) {
    const pf_ynode *st = n ? steps->items[k] : NULL;
    pf_step_desc *sd = &d->steps[d->n_steps++];
    char path[256], prefix[260];
    snprintf(path, sizeof(path), "steps[%d]", k);
    PF_CALL(pf_strdup(b->ctx, st ? pf_ynode_find(st, "name", NULL)->text : "step", &sd->name));
    if (st)
      pf_build_loc(b, st, st->line, path, &sd->loc);
    else
      pf_build_loc(b, NULL, 0, "steps", &sd->loc);
    sd->increments = pf_build_integer(ss, st, "increments", inc0);
    int dflt_max = 20 * sd->increments > 200 ? 20 * sd->increments : 200;
    sd->max_increments = pf_build_integer(ss, st, "max_increments", max0 ? max0 : dflt_max);
    if (sd->max_increments < sd->increments) {
      int own = st && pf_ynode_find(st, "max_increments", NULL);
      char p[300];
      snprintf(p, sizeof(p), own ? "%s.max_increments" : "%s.increments", path);
      return pf_build_error(b, NULL, pf_build_key_line(st, own ? "max_increments" : "increments"),
                            p,
                            "max_increments %d is less than increments %d (expected "
                            "max_increments >= increments)",
                            sd->max_increments, sd->increments);
    }
    sd->output =
        pf_ynode_find(st, "output", NULL) ? (pf_output_level)pf_build_code(ss, st, "output") : out0;
    snprintf(prefix, sizeof(prefix), "%s.", path);
    PF_CALL(step_lists(b, n ? st : root, n ? prefix : "", k));
  }
  /* output.summary_step names a step. */
  const pf_ynode *out = pf_ynode_find(root, "output", NULL);
  const pf_ynode *sum = pf_ynode_find(out, "summary_step", NULL);
  if (sum) {
    const char *names[PF_BUILD_MAX_NAMES];
    int m = 0, found = 0;
    for (int k = 0; k < d->n_steps; k++) {
      found |= !strcmp(d->steps[k].name, sum->text);
      if (m < PF_BUILD_MAX_NAMES) names[m++] = d->steps[k].name;
    }
    if (!found)
      return pf_build_unknown(b, sum, pf_build_key_line(out, "summary_step"), "output.summary_step",
                              "step", sum->text, names, m, "");
    PF_CALL(pf_strdup(b->ctx, sum->text, &d->summary_step));
  }
  return PF_OK;
}
