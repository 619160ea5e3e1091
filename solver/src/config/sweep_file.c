/*
 * The sweep file (DESIGN.md "Sweeps and HPC", docs/sweeps.md "sweep file and plan"): read with
 * the configuration's YAML tree (lines kept), every key checked, problems reported as
 * "S.yaml:LINE: KEY: what is wrong (what was expected)" with the nearest valid key, like the
 * configuration's schema does.
 *
 * Sampling rules: grid and zip take lists and ranges with count or step (zip: one length);
 * lhs and saltelli take distributions (uniform, loguniform, normal with optional bounds) and
 * ranges without count or step, which are drawn uniformly (log-uniformly for scale: log) over
 * [lo, hi]. A list is refused under lhs/saltelli: a Latin hypercube of a few discrete values
 * would not be one, and drawing over [min, max] would run values the user never wrote.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/sweep_file_impl.h"

int pf_sweep_serr(const pf_sreader *r, int line, const char *key, const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc = {.file = r->file, .line = line};
  snprintf(loc.key, sizeof(loc.key), "%s", key ? key : "");
  return pf_error_at(r->ctx, &loc, "%s", what);
}

static const char *const pf_sampling_names[] = {"grid", "zip", "lhs", "saltelli", NULL};
static const char *const pf_top_keys[] = {"base", "name",       "sampling", "samples",
                                          "seed", "retries",    "output",   "geometry_size",
                                          "set",  "parameters", NULL};
static const char *const pf_output_levels[] = {"all", "final", "summary", NULL};
static const char *const pf_geometry_sizes[] = {"coarse", "medium", "fine", NULL};

const char *pf_sweep_sampling_name(pf_sweep_sampling sampling) {
  return sampling >= PF_SWEEP_GRID && sampling <= PF_SWEEP_SALTELLI ? pf_sampling_names[sampling]
                                                                    : "unknown";
}

int pf_sweep_sampling_from_name(const char *text) {
  for (int k = 0; pf_sampling_names[k]; k++)
    if (!strcmp(text, pf_sampling_names[k])) return k;
  return -1;
}

int pf_sweep_count_of(const char *const *list) {
  int n = 0;
  while (list[n]) n++;
  return n;
}

int pf_sweep_text_ok(const char *text) {
  if (!text[0]) return 0;
  for (const char *c = text; *c; c++)
    if ((unsigned char)*c < 0x20) return 0; /* one line of cases.csv per case */
  return 1;
}

/* An unknown key of a map whose valid keys are list: the nearest one, like the schema. */
int pf_sweep_unknown_key(const pf_sreader *r, int line, const char *key, const char *word,
                         const char *const *list) {
  char valid[512];
  pf_join_words(list, -1, valid, sizeof(valid));
  const char *near = pf_nearest(word, list, pf_sweep_count_of(list));
  if (near)
    return pf_sweep_serr(r, line, key, "unknown key (did you mean '%s'? expected one of: %s)", near,
                         valid);
  return pf_sweep_serr(r, line, key, "unknown key (expected one of: %s)", valid);
}

/* The value of key as a non-null scalar; what: what was expected, for the message. */
int pf_sweep_scalar_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                       const char *what, const char **text) {
  if (node->kind != PF_YSCALAR || pf_ynode_is_null(node)) {
    char found[128];
    pf_ynode_describe(node, found, sizeof(found));
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "wrong type: found %s (expected %s)", found, what);
  }
  *text = node->text;
  return PF_OK;
}

int pf_sweep_number_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                       double *value) {
  const char *text = NULL;
  PF_CALL(pf_sweep_scalar_of(r, node, line, key, "a number", &text));
  if (node->quoted || !pf_config_parse_number(text, value))
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "'%s' is not a finite decimal number (expected a number)", text);
  return PF_OK;
}

int pf_sweep_integer_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                        int lo, int hi, int *value) {
  const char *text = NULL;
  PF_CALL(pf_sweep_scalar_of(r, node, line, key, "an integer", &text));
  if (node->quoted || !pf_config_parse_integer(text, value))
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "'%s' is not an integer (expected an integer from %d to %d)", text, lo,
                         hi);
  if (*value < lo || *value > hi)
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "%d is out of range (expected an integer from %d to %d)", *value, lo, hi);
  return PF_OK;
}

int pf_sweep_enum_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                     const char *const *values, int *index) {
  const char *text = NULL;
  char valid[256];
  pf_join_words(values, -1, valid, sizeof(valid));
  char what[300];
  snprintf(what, sizeof(what), "one of: %s", valid);
  PF_CALL(pf_sweep_scalar_of(r, node, line, key, what, &text));
  *index = pf_schema_value_index(values, text);
  if (*index >= 0) return PF_OK;
  const char *near = pf_nearest(text, values, pf_sweep_count_of(values));
  if (near)
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "unknown value '%s' (did you mean '%s'? expected one of: %s)", text, near,
                         valid);
  return pf_sweep_serr(r, node->line ? node->line : line, key,
                       "unknown value '%s' (expected one of: %s)", text, valid);
}

/* [a, b]: two numbers. */
int pf_sweep_pair_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                     const char *what, double *a, double *b) {
  if (node->kind != PF_YSEQ || node->n != 2) {
    char found[128];
    pf_ynode_describe(node, found, sizeof(found));
    return pf_sweep_serr(r, node->line ? node->line : line, key,
                         "wrong type: found %s (expected %s)", found, what);
  }
  PF_CALL(pf_sweep_number_of(r, node->items[0], line, key, a));
  return pf_sweep_number_of(r, node->items[1], line, key, b);
}

/* The parameter path: a --set key path ("loads.W.value[2]") or geometry.<key>. The config checks
 * the path itself when the plan validates the cases. */
static int read_param_path(pf_sreader *r, pf_sweep_param *p, const char *path) {
  for (const char *c = path; *c; c++)
    if (isspace((unsigned char)*c) || *c == '=' || *c == ',' || *c == '"')
      return pf_sweep_serr(r, p->line, path,
                           "a parameter path cannot hold '%c' (expected a --set key path such as "
                           "materials.fascia.E or loads.W.value[2], or geometry.<key>)",
                           *c == '\t' ? ' ' : *c);
  if (!strncmp(path, "geometry.", 9)) {
    const char *k = path + 9;
    int ok = isalpha((unsigned char)k[0]) || k[0] == '_';
    for (const char *c = k; ok && *c; c++) ok = isalnum((unsigned char)*c) || *c == '_';
    if (!ok)
      return pf_sweep_serr(r, p->line, path,
                           "expected geometry.<key> with <key> a parameter of the foot generator "
                           "(meshes/foot/foot_mesh.py --list)");
    if (!strcmp(k, "side"))
      return pf_sweep_serr(
          r, p->line, path,
          "the side is the base configuration's foot.side, not a geometry parameter "
          "(expected a numeric parameter of meshes/foot/foot_mesh.py --list)");
    p->geometry = 1;
  }
  return pf_strdup(r->ctx, path, &p->path);
}

static int read_parameters(pf_sreader *r, const pf_ynode *map, int line) {
  pf_sweep_spec *s = r->spec;
  if (map->kind != PF_YMAP || map->n == 0) {
    char found[128];
    pf_ynode_describe(map, found, sizeof(found));
    return pf_sweep_serr(
        r, map->line ? map->line : line, "parameters",
        "found %s (expected a map of parameter paths, each with a list of values, a range "
        "or a distribution)",
        found);
  }
  if (map->n > PF_SWEEP_MAX_PARAMS)
    return pf_sweep_serr(r, line, "parameters", "%d parameters (expected at most %d)", map->n,
                         PF_SWEEP_MAX_PARAMS);
  PF_CALL(PF_CALLOC(r->ctx, map->n, &s->params));
  for (int i = 0; i < map->n; i++) {
    pf_sweep_param *p = &s->params[i];
    s->n_params = i + 1;
    p->line = map->key_lines[i];
    PF_CALL(read_param_path(r, p, map->keys[i]));
    const pf_ynode *v = map->items[i];
    if (v->kind == PF_YSEQ) {
      PF_CALL(pf_sweep_read_list(r, p, v));
    } else if (v->kind == PF_YMAP) {
      PF_CALL(pf_sweep_read_param_map(r, p, v));
    } else {
      char found[128];
      pf_ynode_describe(v, found, sizeof(found));
      return pf_sweep_serr(r, p->line, p->path,
                           "found %s (expected a list of values, {range: [lo, hi], count: n} or a "
                           "distribution; a value every case shares belongs in set:)",
                           found);
    }
  }
  return PF_OK;
}

static int read_set(pf_sreader *r, const pf_ynode *list, int line) {
  pf_sweep_spec *s = r->spec;
  if (list->kind != PF_YSEQ) {
    char found[128];
    pf_ynode_describe(list, found, sizeof(found));
    return pf_sweep_serr(r, list->line ? list->line : line, "set",
                         "wrong type: found %s (expected a list of key.path=value texts)", found);
  }
  PF_CALL(PF_CALLOC(r->ctx, list->n, &s->fixed));
  PF_CALL(PF_CALLOC(r->ctx, list->n, &s->fixed_lines));
  for (int i = 0; i < list->n; i++) {
    const pf_ynode *item = list->items[i];
    const int l = item->line ? item->line : line;
    char key[32];
    snprintf(key, sizeof(key), "set[%d]", i);
    const char *text = NULL;
    PF_CALL(pf_sweep_scalar_of(r, item, l, key, "a key.path=value text", &text));
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || !pf_sweep_text_ok(text))
      return pf_sweep_serr(r, l, key, "'%s': expected key.path=value (one line)", text);
    PF_CALL(pf_strdup(r->ctx, text, &s->fixed[i]));
    s->fixed_lines[i] = l;
    s->n_fixed = i + 1;
  }
  return PF_OK;
}

/* Checks that need every key: the sampling against the parameters, conflicts with set:. */
static int check_sampling(pf_sreader *r, const pf_ynode *root) {
  pf_sweep_spec *s = r->spec;
  const char *sampling = pf_sampling_names[s->sampling];
  const int lhs = s->sampling == PF_SWEEP_LHS || s->sampling == PF_SWEEP_SALTELLI;
  int il;
  const pf_ynode *node = pf_ynode_find(root, "sampling", &il);
  const int sampling_line = node ? root->key_lines[il] : 1;
  node = pf_ynode_find(root, "samples", &il);
  if (lhs && !node)
    return pf_sweep_serr(
        r, sampling_line, "samples",
        s->sampling == PF_SWEEP_LHS
            ? "missing (expected samples: n, the number of cases of the Latin hypercube)"
            : "missing (expected samples: N, the base sample: saltelli runs N x (k + 2) "
              "cases for k parameters)");
  if (!lhs && node)
    return pf_sweep_serr(
        r, root->key_lines[il], "samples",
        "not used by sampling %s, which runs every %s (expected no samples:, or sampling "
        "lhs or saltelli)",
        sampling, s->sampling == PF_SWEEP_GRID ? "combination" : "i-th value together");
  node = pf_ynode_find(root, "seed", &il);
  if (!lhs && node)
    return pf_sweep_serr(
        r, root->key_lines[il], "seed",
        "not used by sampling %s, which draws nothing (expected no seed:, or sampling "
        "lhs or saltelli)",
        sampling);
  int geometry = 0;
  for (int j = 0; j < s->n_params; j++) geometry += s->params[j].geometry;
  node = pf_ynode_find(root, "geometry_size", &il);
  if (node && !geometry)
    return pf_sweep_serr(
        r, root->key_lines[il], "geometry_size",
        "not used: no parameter is geometry.<key> (expected geometry parameters, or no "
        "geometry_size:)");
  double cases = 1;
  for (int j = 0; j < s->n_params; j++) {
    const pf_sweep_param *p = &s->params[j];
    if (lhs && p->kind == PF_SWEEP_PARAM_LIST) {
      double lo = INFINITY, hi = -INFINITY, v;
      int numeric = 1;
      for (int i = 0; i < p->n_values; i++) {
        numeric = numeric && pf_config_parse_number(p->values[i], &v);
        if (numeric) lo = fmin(lo, v), hi = fmax(hi, v);
      }
      if (numeric && lo < hi)
        return pf_sweep_serr(
            r, p->line, p->path,
            "a list is not sampled by %s, which draws every parameter from a "
            "distribution (expected e.g. {uniform: [%g, %g]}, or sampling grid for "
            "these values)",
            sampling, lo, hi);
      return pf_sweep_serr(
          r, p->line, p->path,
          "a list is not sampled by %s, which draws every parameter from a numeric "
          "distribution (expected {uniform: [a, b]}, {loguniform: [a, b]}, {normal: "
          "[mean, sd]} or {range: [lo, hi]}; a value every case shares belongs in set:)",
          sampling);
    }
    if (s->sampling == PF_SWEEP_GRID) {
      cases *= p->n_values;
      /* a repeated value would run the same case twice */
      for (int a = 0; a < p->n_values; a++)
        for (int b = 0; b < a; b++) {
          double x, y;
          const int same = !strcmp(p->values[a], p->values[b]) ||
                           (pf_config_parse_number(p->values[a], &x) &&
                            pf_config_parse_number(p->values[b], &y) && x == y);
          if (same)
            return pf_sweep_serr(
                r, p->line, p->path,
                "value %s is listed twice (items %d and %d; expected distinct values: a "
                "grid would run the same cases twice)",
                p->values[a], b + 1, a + 1);
        }
    }
    if (s->sampling == PF_SWEEP_ZIP && p->n_values != s->params[0].n_values)
      return pf_sweep_serr(
          r, p->line, p->path,
          "zip needs lists of one length: this one has %d values, %s (line %d) has %d "
          "(expected %d values)",
          p->n_values, s->params[0].path, s->params[0].line, s->params[0].n_values,
          s->params[0].n_values);
  }
  if (s->sampling == PF_SWEEP_ZIP) cases = s->params[0].n_values;
  if (s->sampling == PF_SWEEP_LHS) cases = s->samples;
  if (s->sampling == PF_SWEEP_SALTELLI) cases = (double)s->samples * (s->n_params + 2);
  if (cases > PF_SWEEP_MAX_CASES)
    return pf_sweep_serr(r, pf_ynode_find(root, "parameters", &il) ? root->key_lines[il] : 1,
                         "parameters", "%.0f cases (expected at most %d)", cases,
                         PF_SWEEP_MAX_CASES);
  node = pf_ynode_find(root, "samples", &il);
  if (s->sampling == PF_SWEEP_SALTELLI && s->samples < 2)
    return pf_sweep_serr(r, node ? root->key_lines[il] : sampling_line, "samples",
                         "%d (expected N >= 2 for saltelli's variance estimates)", s->samples);
  /* set: against the parameters and the sweep's own keys */
  for (int i = 0; i < s->n_fixed; i++) {
    const size_t len = (size_t)(strchr(s->fixed[i], '=') - s->fixed[i]);
    char key[32];
    snprintf(key, sizeof(key), "set[%d]", i);
    if (len == 12 && !strncmp(s->fixed[i], "output.level", len))
      return pf_sweep_serr(
          r, s->fixed_lines[i], key,
          "'%s': the cases' output level is the sweep file's output: key (expected "
          "output: %s in the sweep file)",
          s->fixed[i], "all|final|summary");
    if (geometry && ((len == 9 && !strncmp(s->fixed[i], "mesh.file", len)) ||
                     (len == 10 && !strncmp(s->fixed[i], "foot.model", len))))
      return pf_sweep_serr(
          r, s->fixed_lines[i], key,
          "'%s': geometry parameters give each case its own mesh (expected no %.*s in "
          "set:)",
          s->fixed[i], (int)len, s->fixed[i]);
    for (int j = 0; j < s->n_params; j++)
      if (strlen(s->params[j].path) == len && !strncmp(s->fixed[i], s->params[j].path, len))
        return pf_sweep_serr(
            r, s->fixed_lines[i], key,
            "'%s' sets parameter %s (line %d) for every case (expected it in set: or in "
            "parameters:, not both)",
            s->fixed[i], s->params[j].path, s->params[j].line);
  }
  for (int j = 0; j < s->n_params; j++) {
    const char *path = s->params[j].path;
    if (!strcmp(path, "output.level"))
      return pf_sweep_serr(r, s->params[j].line, path,
                           "the output level is the sweep file's output: key (expected output: "
                           "all|final|summary)");
    if (geometry && (!strcmp(path, "mesh.file") || !strcmp(path, "foot.model")))
      return pf_sweep_serr(
          r, s->params[j].line, path,
          "cannot be swept together with geometry parameters, which make each case's "
          "mesh (expected one or the other)");
  }
  return PF_OK;
}

/* dir of path ("." when it has none) and the stem of its file name. */
static int split_path(pf_context *ctx, const char *path, char **dir, char **stem) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  if (slash) {
    const size_t n = slash == path ? 1 : (size_t)(slash - path);
    PF_CALL(PF_CALLOC(ctx, n + 1, dir));
    memcpy(*dir, path, n);
  } else {
    PF_CALL(pf_strdup(ctx, ".", dir));
  }
  PF_CALL(pf_strdup(ctx, base, stem));
  char *dot = strrchr(*stem, '.');
  if (dot && dot != *stem && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"))) *dot = '\0';
  return PF_OK;
}

static int join_dir(pf_context *ctx, const char *dir, const char *rel, char **out) {
  if (rel[0] == '/' || !strcmp(dir, ".")) return pf_strdup(ctx, rel, out);
  const size_t n = strlen(dir) + strlen(rel) + 2;
  PF_CALL(PF_CALLOC(ctx, n, out));
  snprintf(*out, n, "%s/%s", dir, rel);
  return PF_OK;
}

static int read_spec(pf_sreader *r, const pf_ytree *tree, const char *out_dir) {
  pf_sweep_spec *s = r->spec;
  const pf_ynode *root = tree->root;
  char *stem = NULL;
  int ierr = split_path(r->ctx, r->file, &s->dir, &stem);
  if (ierr < 0) {
    free(stem);
    return ierr;
  }
  s->name = stem;
  for (int i = 0; i < root->n; i++)
    if (pf_schema_value_index(pf_top_keys, root->keys[i]) < 0)
      return pf_sweep_unknown_key(r, root->key_lines[i], root->keys[i], root->keys[i], pf_top_keys);
  s->seed = 1;
  s->retries = 2;
  int idx, line;
  const pf_ynode *node;
  const char *text = NULL;
#define PF_SWEEP_KEY(key) \
  ((node = pf_ynode_find(root, key, &idx)) ? (line = root->key_lines[idx], 1) : 0)
  /* sampling first: what the other keys may hold depends on it */
  if (PF_SWEEP_KEY("sampling")) {
    int k;
    PF_CALL(pf_sweep_enum_of(r, node, line, "sampling", pf_sampling_names, &k));
    s->sampling = (pf_sweep_sampling)k;
  }
  if (!PF_SWEEP_KEY("base"))
    return pf_sweep_serr(
        r, 1, "base",
        "missing required key (expected base: the base configuration, a path relative to "
        "the sweep file's folder)");
  PF_CALL(pf_sweep_scalar_of(r, node, line, "base", "a path to the base configuration", &text));
  s->base_line = line;
  PF_CALL(join_dir(r->ctx, s->dir, text, &s->base));
  FILE *f = fopen(s->base, "rb");
  if (!f)
    return pf_sweep_serr(r, line, "base",
                         "cannot read '%s' (%s): %s (expected the base configuration, a "
                         "path relative to the sweep file's folder)",
                         text, s->base, strerror(errno));
  fclose(f);
  if (PF_SWEEP_KEY("name")) {
    PF_CALL(pf_sweep_scalar_of(r, node, line, "name", "a folder name", &text));
    int ok = strcmp(text, ".") && strcmp(text, "..");
    for (const char *c = text; ok && *c; c++)
      ok = isalnum((unsigned char)*c) || *c == '_' || *c == '-' || *c == '.';
    if (!ok)
      return pf_sweep_serr(r, line, "name",
                           "'%s' is not a folder name (expected letters, digits, '_', '-' and '.')",
                           text);
    free(s->name);
    s->name = NULL;
    PF_CALL(pf_strdup(r->ctx, text, &s->name));
  }
  if (out_dir && out_dir[0])
    PF_CALL(pf_strdup(r->ctx, out_dir, &s->out_dir));
  else
    PF_CALL(join_dir(r->ctx, s->dir, s->name, &s->out_dir));
  if (PF_SWEEP_KEY("samples"))
    PF_CALL(pf_sweep_integer_of(r, node, line, "samples", 1, PF_SWEEP_MAX_CASES, &s->samples));
  if (PF_SWEEP_KEY("seed")) {
    PF_CALL(pf_sweep_scalar_of(r, node, line, "seed", "an integer from 0 to 2^64 - 1", &text));
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(text, &end, 10);
    if (node->quoted || !isdigit((unsigned char)text[0]) || *end || errno)
      return pf_sweep_serr(r, line, "seed",
                           "'%s' is not an integer from 0 to 2^64 - 1 (expected one)", text);
    s->seed = (uint64_t)v;
  }
  if (PF_SWEEP_KEY("retries"))
    PF_CALL(pf_sweep_integer_of(r, node, line, "retries", 0, 100, &s->retries));
  int k = 1;
  if (PF_SWEEP_KEY("output"))
    PF_CALL(pf_sweep_enum_of(r, node, line, "output", pf_output_levels, &k));
  PF_CALL(pf_strdup(r->ctx, pf_output_levels[k], &s->output_level));
  k = 0;
  if (PF_SWEEP_KEY("geometry_size"))
    PF_CALL(pf_sweep_enum_of(r, node, line, "geometry_size", pf_geometry_sizes, &k));
  PF_CALL(pf_strdup(r->ctx, pf_geometry_sizes[k], &s->geometry_size));
  if (PF_SWEEP_KEY("set")) PF_CALL(read_set(r, node, line));
  if (!PF_SWEEP_KEY("parameters"))
    return pf_sweep_serr(
        r, 1, "parameters",
        "missing required key (expected parameters: a map of --set paths, each with a "
        "list, a range or a distribution)");
  PF_CALL(read_parameters(r, node, line));
#undef PF_SWEEP_KEY
  return check_sampling(r, root);
}

int pf_sweep_spec_read(pf_context *ctx, const char *path, const char *out_dir,
                       pf_sweep_spec **spec) {
  *spec = NULL;
  PF_CHECK(path && path[0], ctx, PF_ERR_INPUT, "no sweep file given");
  pf_ytree *tree = NULL;
  PF_CALL(pf_ytree_read_doc(ctx, path, "sweep file", "base, parameters, sampling", &tree));
  pf_sweep_spec *s = NULL;
  int ierr = PF_CALLOC(ctx, 1, &s);
  if (!ierr) ierr = pf_strdup(ctx, path, &s->file);
  if (!ierr) {
    pf_sreader r = {.ctx = ctx, .file = path, .spec = s};
    ierr = read_spec(&r, tree, out_dir);
  }
  pf_ytree_destroy(&tree);
  if (ierr < 0) pf_sweep_spec_destroy(&s);
  *spec = s;
  return ierr;
}

void pf_sweep_spec_destroy(pf_sweep_spec **spec) {
  if (!spec || !*spec) return;
  pf_sweep_spec *s = *spec;
  for (int j = 0; j < s->n_params; j++) {
    for (int i = 0; s->params[j].values && i < s->params[j].n_values; i++)
      free(s->params[j].values[i]);
    free(s->params[j].values);
    free(s->params[j].path);
  }
  free(s->params);
  for (int i = 0; i < s->n_fixed; i++) free(s->fixed[i]);
  free(s->fixed);
  free(s->fixed_lines);
  free(s->file);
  free(s->dir);
  free(s->base);
  free(s->name);
  free(s->out_dir);
  free(s->output_level);
  free(s->geometry_size);
  free(s);
  *spec = NULL;
}

int pf_sweep_path_hint(const pf_sweep_spec *spec, const char *path, char *buf, size_t size) {
  if (size) buf[0] = '\0';
  pf_context *ctx = NULL;
  if (!spec || !path || pf_context_create(&ctx)) return 0;
  pf_ytree *tree = NULL;
  int found = 0;
  if (pf_ytree_read(ctx, spec->base, &tree) == PF_OK) {
    const pf_ynode *cur = tree->root;
    char done[512] = "";
    const char *s = path;
    while (cur && *s && !found) {
      const size_t k = strcspn(s, ".[");
      char key[128];
      if (k == 0 || k >= sizeof(key)) break;
      memcpy(key, s, k);
      key[k] = '\0';
      if (cur->kind != PF_YMAP) break; /* lists: the override names the entries itself */
      const pf_ynode *next = pf_ynode_find(cur, key, NULL);
      if (!next) {
        const char *near = pf_nearest(key, (const char *const *)cur->keys, cur->n);
        if (near) {
          snprintf(buf, size, "the base configuration has no '%s%s%s' (did you mean '%s%s%s'?)",
                   done, done[0] ? "." : "", key, done, done[0] ? "." : "", near);
          found = 1;
        }
        break;
      }
      const size_t used = strlen(done);
      snprintf(done + used, sizeof(done) - used, "%s%s", used ? "." : "", key);
      cur = next;
      s += k;
      if (*s == '.')
        s++;
      else
        break; /* an index: stop */
    }
  }
  pf_ytree_destroy(&tree);
  pf_context_destroy(&ctx);
  return found;
}
