/* The foot model file (foot-<size>.model.yaml, format pfsim-foot-model-1) that the foot mesh
 * generator (meshes/foot/foot_mesh.py) writes beside each mesh: the side, the bones (element
 * regions), the joints between them, the landmark node sets and the tendons. It is read with the
 * configuration's YAML tree, so its errors name the model file, the line and the key. Keys this
 * version does not use (parameters, measures, fascia paths, ...) are ignored: the generator may
 * add keys; the keys read here are required and checked. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_config_internal.h"

#define PF_FOOT_FORMAT "pfsim-foot-model-1"

typedef struct {
  pf_context *ctx;
  pf_foot_desc *foot;
} pf_foot_reader;

/* An input error at node (its line, else line) and path of the model file. */
static int model_error(const pf_foot_reader *r, const pf_ynode *node, int line, const char *path,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int model_error(const pf_foot_reader *r, const pf_ynode *node, int line, const char *path,
                       const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc = {.file = r->foot->model_file, .line = node && node->line ? node->line : line};
  snprintf(loc.key, sizeof(loc.key), "%.*s", (int)sizeof(loc.key) - 1, path);
  return pf_error_at(r->ctx, &loc, "%s", what);
}

static void model_loc(const pf_foot_reader *r, int line, const char *path, pf_srcloc *loc) {
  loc->file = r->foot->model_file;
  loc->line = line;
  snprintf(loc->key, sizeof(loc->key), "%.*s", (int)sizeof(loc->key) - 1, path);
}

/* The value of key in map, of kind (a scalar: not null). A missing key is an error when
 * required (*out NULL otherwise); expected says what the value is, for messages. */
static int model_value(const pf_foot_reader *r, const pf_ynode *map, const char *map_path,
                       const char *key, pf_ykind kind, int required, const char *expected,
                       const pf_ynode **out, int *key_line) {
  int i;
  char path[256];
  pf_config_path_join(path, sizeof(path), map_path, key);
  *out = pf_ynode_find(map, key, &i);
  if (!*out) {
    if (!required) return PF_OK;
    return model_error(r, map, map->line, map_path, "missing required key '%s' (expected %s)", key,
                       expected);
  }
  *key_line = map->key_lines[i];
  if ((*out)->kind != kind || (kind == PF_YSCALAR && pf_ynode_is_null(*out))) {
    char found[128];
    pf_ynode_describe(*out, found, sizeof(found));
    return model_error(r, *out, *key_line, path, "wrong type: found %s (expected %s)", found,
                       expected);
  }
  return PF_OK;
}

/* A copy of the scalar text of key in map (required). */
static int model_text(const pf_foot_reader *r, const pf_ynode *map, const char *map_path,
                      const char *key, const char *expected, char **text, int *line) {
  const pf_ynode *node;
  PF_CALL(model_value(r, map, map_path, key, PF_YSCALAR, 1, expected, &node, line));
  return pf_strdup(r->ctx, node->text, text);
}

/* n numbers of a list node (already known to be a list). */
static int model_numbers(const pf_foot_reader *r, const pf_ynode *list, int line, const char *path,
                         int n, double *v) {
  if (list->n != n)
    return model_error(r, list, line, path, "a list of %d (expected %d numbers)", list->n, n);
  for (int k = 0; k < n; k++) {
    const pf_ynode *x = list->items[k];
    if (x->kind != PF_YSCALAR || x->quoted || !pf_config_parse_number(x->text, &v[k])) {
      char found[128];
      pf_ynode_describe(x, found, sizeof(found));
      return model_error(r, x, line, path, "item %d is %s (expected %d numbers)", k + 1, found, n);
    }
  }
  return PF_OK;
}

static int find_item(const pf_foot_item *items, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (!strcmp(items[i].name, name)) return i;
  return -1;
}

/* format and side. */
static int read_header(pf_foot_reader *r, const pf_ynode *root) {
  const pf_ynode *node;
  int line = 0;
  PF_CALL(model_value(r, root, "", "format", PF_YSCALAR, 1, PF_FOOT_FORMAT, &node, &line));
  if (strcmp(node->text, PF_FOOT_FORMAT))
    return model_error(r, node, line, "format",
                       "'%s' is not a foot model format this version of pfsim reads (expected "
                       "%s)",
                       node->text, PF_FOOT_FORMAT);
  PF_CALL(model_value(r, root, "", "side", PF_YSCALAR, 1, "right or left", &node, &line));
  if (!strcmp(node->text, "right"))
    r->foot->side = PF_FOOT_RIGHT;
  else if (!strcmp(node->text, "left"))
    r->foot->side = PF_FOOT_LEFT;
  else
    return model_error(r, node, line, "side", "unknown value '%s' (expected right or left)",
                       node->text);
  return PF_OK;
}

/* bones: the element regions that are bones, unique. */
static int read_bones(pf_foot_reader *r, const pf_ynode *root) {
  const pf_ynode *list;
  int line = 0;
  PF_CALL(
      model_value(r, root, "", "bones", PF_YSEQ, 1, "a list of the bone regions", &list, &line));
  if (!list->n)
    return model_error(r, list, line, "bones",
                       "the list is empty (expected the bone regions of the mesh)");
  PF_CALL(PF_CALLOC(r->ctx, list->n, &r->foot->bones));
  for (int i = 0; i < list->n; i++) {
    const pf_ynode *x = list->items[i];
    char path[64];
    snprintf(path, sizeof(path), "bones[%d]", i);
    if (x->kind != PF_YSCALAR || pf_ynode_is_null(x)) {
      char found[128];
      pf_ynode_describe(x, found, sizeof(found));
      return model_error(r, x, line, path, "wrong type: found %s (expected a region name)", found);
    }
    const int first = find_item(r->foot->bones, r->foot->n_bones, x->text);
    if (first >= 0)
      return model_error(r, x, line, path, "duplicate bone '%s' (bones[%d] has it too)", x->text,
                         first);
    pf_foot_item *b = &r->foot->bones[r->foot->n_bones++];
    PF_CALL(pf_strdup(r->ctx, x->text, &b->name));
    model_loc(r, x->line ? x->line : line, path, &b->loc);
  }
  return PF_OK;
}

/* A bone of a joint (proximal or distal): one of bones. */
static int joint_bone(pf_foot_reader *r, const pf_ynode *j, const char *jpath, const char *key,
                      char **name) {
  int line = 0;
  PF_CALL(model_text(r, j, jpath, key, "a bone", name, &line));
  if (find_item(r->foot->bones, r->foot->n_bones, *name) >= 0) return PF_OK;
  const char *names[256];
  int n = 0;
  for (int i = 0; i < r->foot->n_bones && n < 256; i++) names[n++] = r->foot->bones[i].name;
  const char *near = pf_nearest(*name, names, n);
  char path[256];
  pf_config_path_join(path, sizeof(path), jpath, key);
  return model_error(r, NULL, line, path, "'%s' is not one of the bones%s%s%s", *name,
                     near ? " (did you mean '" : " (expected a bone listed under bones)",
                     near ? near : "", near ? "'?)" : "");
}

/* Axes: three rows of three numbers, orthonormal and right-handed (to 1e-3: the file holds
 * rounded values). A left-handed frame is what a mirror gives when the axes are not mirrored as
 * pseudovectors. */
static int joint_axes(pf_foot_reader *r, const pf_ynode *j, const char *jpath, double *axes) {
  const pf_ynode *list;
  int line = 0;
  char path[256];
  pf_config_path_join(path, sizeof(path), jpath, "axes");
  const char *expected = "three unit axes [[x, y, z], [x, y, z], [x, y, z]]";
  PF_CALL(model_value(r, j, jpath, "axes", PF_YSEQ, 1, expected, &list, &line));
  if (list->n != 3)
    return model_error(r, list, line, path, "a list of %d (expected %s)", list->n, expected);
  for (int k = 0; k < 3; k++) {
    const pf_ynode *row = list->items[k];
    if (row->kind != PF_YSEQ)
      return model_error(r, row, line, path, "axis %d is not a list (expected %s)", k + 1,
                         expected);
    PF_CALL(model_numbers(r, row, line, path, 3, axes + 3 * k));
  }
  for (int a = 0; a < 3; a++)
    for (int b = a; b < 3; b++) {
      const double *u = axes + 3 * a, *v = axes + 3 * b;
      const double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
      if (a == b && fabs(dot - 1.0) > 1e-3)
        return model_error(r, list, line, path, "axis %d has length %.6g (expected unit axes)",
                           a + 1, sqrt(dot));
      if (a != b && fabs(dot) > 1e-3)
        return model_error(r, list, line, path,
                           "axes %d and %d are not orthogonal (expected unit axes at right "
                           "angles)",
                           a + 1, b + 1);
    }
  const double *x = axes, *y = axes + 3, *z = axes + 6;
  const double det = z[0] * (x[1] * y[2] - x[2] * y[1]) + z[1] * (x[2] * y[0] - x[0] * y[2]) +
                     z[2] * (x[0] * y[1] - x[1] * y[0]);
  if (det < 0)
    return model_error(r, list, line, path,
                       "the axes are left-handed (expected a right-handed frame; a mirrored "
                       "foot mirrors its axes as pseudovectors)");
  return PF_OK;
}

/* joints: name, proximal, distal, type, centre, axes. */
static int read_joints(pf_foot_reader *r, const pf_ynode *root) {
  const pf_ynode *list;
  int line = 0;
  PF_CALL(model_value(r, root, "", "joints", PF_YSEQ, 1, "a list of joints", &list, &line));
  PF_CALL(PF_CALLOC(r->ctx, list->n, &r->foot->joints));
  for (int i = 0; i < list->n; i++) {
    const pf_ynode *j = list->items[i], *node;
    char path[64];
    int kline = 0;
    snprintf(path, sizeof(path), "joints[%d]", i);
    if (j->kind != PF_YMAP) {
      char found[128];
      pf_ynode_describe(j, found, sizeof(found));
      return model_error(r, j, line, path,
                         "wrong type: found %s (expected a map with keys name, proximal, "
                         "distal, type, centre, axes)",
                         found);
    }
    pf_foot_joint *jd = &r->foot->joints[r->foot->n_joints++];
    model_loc(r, j->line, path, &jd->loc);
    PF_CALL(model_text(r, j, path, "name", "the joint's name", &jd->name, &kline));
    for (int k = 0; k < r->foot->n_joints - 1; k++)
      if (!strcmp(r->foot->joints[k].name, jd->name))
        return model_error(r, NULL, kline, path,
                           "duplicate joint name '%s' (joints[%d] at line %d has it too)", jd->name,
                           k, r->foot->joints[k].loc.line);
    PF_CALL(joint_bone(r, j, path, "proximal", &jd->proximal));
    PF_CALL(joint_bone(r, j, path, "distal", &jd->distal));
    if (!strcmp(jd->proximal, jd->distal))
      return model_error(r, j, j->line, path,
                         "proximal and distal are both '%s' (expected two different bones)",
                         jd->proximal);
    PF_CALL(model_value(r, j, path, "type", PF_YSCALAR, 1, "gap or cartilage", &node, &kline));
    char p[256];
    pf_config_path_join(p, sizeof(p), path, "type");
    if (!strcmp(node->text, "gap"))
      jd->type = PF_FOOT_JOINT_GAP;
    else if (!strcmp(node->text, "cartilage"))
      jd->type = PF_FOOT_JOINT_CARTILAGE;
    else
      return model_error(r, node, kline, p, "unknown value '%s' (expected gap or cartilage)",
                         node->text);
    PF_CALL(model_value(r, j, path, "centre", PF_YSEQ, 1, "[x, y, z] in mm", &node, &kline));
    pf_config_path_join(p, sizeof(p), path, "centre");
    PF_CALL(model_numbers(r, node, kline, p, 3, jd->centre));
    PF_CALL(joint_axes(r, j, path, jd->axes));
  }
  return PF_OK;
}

/* landmarks: node set name -> its node's coordinates (the coordinates are not used here). */
static int read_landmarks(pf_foot_reader *r, const pf_ynode *root) {
  const pf_ynode *map;
  int line = 0;
  PF_CALL(model_value(r, root, "", "landmarks", PF_YMAP, 1,
                      "a map of landmark node sets to their points", &map, &line));
  PF_CALL(PF_CALLOC(r->ctx, map->n, &r->foot->landmarks));
  for (int i = 0; i < map->n; i++) {
    pf_foot_item *l = &r->foot->landmarks[r->foot->n_landmarks++];
    char path[256];
    pf_config_path_join(path, sizeof(path), "landmarks", map->keys[i]);
    PF_CALL(pf_strdup(r->ctx, map->keys[i], &l->name));
    model_loc(r, map->key_lines[i], path, &l->loc);
  }
  return PF_OK;
}

/* tendons (optional): name, insertion and origin node sets. */
static int read_tendons(pf_foot_reader *r, const pf_ynode *root) {
  const pf_ynode *list;
  int line = 0;
  PF_CALL(model_value(r, root, "", "tendons", PF_YSEQ, 0, "a list of tendons", &list, &line));
  if (!list) return PF_OK;
  PF_CALL(PF_CALLOC(r->ctx, list->n, &r->foot->tendons));
  for (int i = 0; i < list->n; i++) {
    const pf_ynode *t = list->items[i];
    char path[64];
    int kline = 0;
    snprintf(path, sizeof(path), "tendons[%d]", i);
    if (t->kind != PF_YMAP) {
      char found[128];
      pf_ynode_describe(t, found, sizeof(found));
      return model_error(r, t, line, path,
                         "wrong type: found %s (expected a map with keys name, insertion, origin)",
                         found);
    }
    pf_foot_tendon *td = &r->foot->tendons[r->foot->n_tendons++];
    model_loc(r, t->line, path, &td->loc);
    PF_CALL(model_text(r, t, path, "name", "the tendon's name", &td->name, &kline));
    PF_CALL(model_text(r, t, path, "insertion", "a node set", &td->insertion, &kline));
    PF_CALL(model_text(r, t, path, "origin", "a node set", &td->origin, &kline));
  }
  return PF_OK;
}

int pf_foot_model_read(pf_context *ctx, pf_foot_desc *foot) {
  pf_ytree *tree = NULL;
  PF_CALL(
      pf_ytree_read_doc(ctx, foot->model_file, "foot model", "format, side, bones, joints", &tree));
  pf_foot_reader r = {.ctx = ctx, .foot = foot};
  const pf_ynode *root = tree->root;
  int ierr;
  PF_CALL_GOTO(ierr, done, read_header(&r, root));
  PF_CALL_GOTO(ierr, done, read_bones(&r, root));
  PF_CALL_GOTO(ierr, done, read_joints(&r, root));
  PF_CALL_GOTO(ierr, done, read_landmarks(&r, root));
  PF_CALL_GOTO(ierr, done, read_tendons(&r, root));
done:
  pf_ytree_destroy(&tree);
  return ierr;
}
