/* The model description from a validated tree: the helpers every builder part uses, the mesh,
 * probes and settings, and the order of the parts (pf_build.h). Defaults come from the schema
 * table; paths are resolved against the configuration's folder. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_build.h"

/* Probe component codes, as documented in pf_model.h. */
static const char *const vector_components[] = {"x", "y", "z", "magnitude", NULL};
static const char *const tensor_components[] = {
    "xx", "yy", "zz", "xy", "yz", "xz", "von_mises", "max_principal", NULL};

void pf_build_loc(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                  pf_srcloc *loc) {
  int from_override = node && node->origin;
  loc->file = from_override ? "--set" : b->d->config_path;
  loc->line = from_override ? 0 : line;
  size_t n = strlen(path);
  if (n >= sizeof(loc->key)) n = sizeof(loc->key) - 1; /* a long name is cut, not overrun */
  memcpy(loc->key, path, n);
  loc->key[n] = '\0';
}

int pf_build_error(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                   const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc;
  pf_config_err_loc(b->tree, node, node && node->line ? node->line : line, path, &loc);
  return pf_error_at(b->ctx, &loc, "%s", what);
}

int pf_build_unknown(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                     const char *what, const char *name, const char *const *names, int n,
                     const char *hint) {
  char list[1024];
  pf_join_words(names, n, list, sizeof(list));
  const char *near = pf_nearest(name, names, n);
  if (near)
    return pf_build_error(b, node, line, path, "no %s named '%s' (did you mean '%s'? defined: %s)",
                          what, name, near, list);
  if (n)
    return pf_build_error(b, node, line, path, "no %s named '%s' (expected one of: %s)", what, name,
                          list);
  return pf_build_error(b, node, line, path, "no %s named '%s' (none defined: %s)", what, name,
                        hint);
}

const pf_schema *pf_build_section(const char *key) {
  return pf_schema_find(pf_config_schema(), key, NULL);
}

const pf_schema *pf_build_element(const char *key) { return &pf_build_section(key)->children[0]; }

double pf_build_number(const pf_schema *s, const pf_ynode *map, const char *key) {
  const char *text = pf_schema_text(s, map, key);
  double x = 0;
  if (text) pf_config_parse_number(text, &x);
  return x;
}

int pf_build_integer(const pf_schema *s, const pf_ynode *map, const char *key, int dflt) {
  const char *text = pf_schema_text(s, map, key);
  int k = dflt;
  if (text) pf_config_parse_integer(text, &k);
  return k;
}

int pf_build_bool(const pf_schema *s, const pf_ynode *map, const char *key) {
  const char *text = pf_schema_text(s, map, key);
  int v = 0;
  if (text) pf_config_parse_bool(text, &v);
  return v;
}

int pf_build_code(const pf_schema *s, const pf_ynode *map, const char *key) {
  const pf_schema *e = pf_schema_find(s, key, map);
  const char *text = pf_schema_text(s, map, key);
  return e && text ? pf_schema_code(e, text) : -1;
}

int pf_build_key_line(const pf_ynode *map, const char *key) {
  int i;
  return pf_ynode_find(map, key, &i) ? map->key_lines[i] : 0;
}

void pf_build_numbers(const pf_ynode *list, double *v, int n) {
  for (int i = 0; list && list->kind == PF_YSEQ && i < n && i < list->n; i++)
    pf_config_parse_number(list->items[i]->text, &v[i]);
}

int pf_build_own(const pf_ynode *map, const char *key) {
  const pf_ynode *node = pf_ynode_find(map, key, NULL);
  return node && !node->inherited;
}

int pf_build_path(pf_context *ctx, const char *config_path, const char *file, char **out) {
  const char *slash = strrchr(config_path, '/');
  if (file[0] == '/' || !slash) return pf_strdup(ctx, file, out);
  size_t dir = (size_t)(slash - config_path) + 1, n = strlen(file);
  PF_CALL(PF_CALLOC(ctx, dir + n + 1, out));
  memcpy(*out, config_path, dir);
  memcpy(*out + dir, file, n + 1);
  return PF_OK;
}

int pf_build_body_names(const pf_builder *b, const char **names, int max) {
  int n = 0;
  for (int i = 0; i < b->d->n_bodies && n < max; i++) names[n++] = b->d->bodies[i].name;
  return n;
}

static int build_mesh(pf_builder *b) {
  const pf_schema *s = pf_build_section("mesh");
  const pf_ynode *mesh = pf_ynode_find(b->tree->root, "mesh", NULL);
  const pf_ynode *file = pf_ynode_find(mesh, "file", NULL);
  PF_CALL(pf_build_path(b->ctx, b->d->config_path, file->text, &b->d->mesh_file));
  pf_build_loc(b, file, pf_build_key_line(mesh, "file"), "mesh.file", &b->d->mesh_loc);
  b->d->mesh_scale = pf_build_number(s, mesh, "scale");
  return PF_OK;
}

static int build_probes(pf_builder *b) {
  const pf_schema *s = &pf_build_section("summary")->children[0];
  const pf_ynode *probes = pf_ynode_find(b->tree->root, "summary", NULL);
  int n = probes && probes->kind == PF_YSEQ ? probes->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->probes));
  b->d->n_probes = n;
  for (int i = 0; i < n; i++) {
    pf_probe_desc *p = &b->d->probes[i];
    const pf_ynode *item = probes->items[i];
    char path[256];
    snprintf(path, sizeof(path), "summary[%d]", i);
    const pf_ynode *set = pf_ynode_find(item, "set", NULL);
    PF_CALL(pf_strdup(b->ctx, pf_ynode_find(item, "name", NULL)->text, &p->name));
    PF_CALL(pf_strdup(b->ctx, set ? set->text : NULL, &p->set));
    pf_build_loc(b, item, item->line, path, &p->loc);
    p->field = (pf_field)pf_build_code(s, item, "field");
    const char *component = pf_schema_text(s, item, "component");
    p->component = pf_schema_value_index(
        p->field <= PF_FIELD_REACTION ? vector_components : tensor_components, component);
    p->stat = (pf_stat)pf_build_code(s, item, "stat");
  }
  return PF_OK;
}

/* What makes an analysis finite strain: a hyperelastic, fibre or tension-only/prestrained
 * material, a body or a joint. *why gets the first such thing, for messages. */
static int needs_nonlinear(const pf_builder *b, char *why, size_t size) {
  const pf_model_desc *d = b->d;
  for (int i = 0; i < d->n_materials; i++) {
    const pf_material_desc *m = &d->materials[i];
    int used = 0;
    for (int r = 0; r < d->n_regions; r++)
      used |= d->regions[r].kind == PF_REGION_MATERIAL && d->regions[r].material == i;
    if (!used) continue;
    if (m->model != PF_MAT_LINEAR_ELASTIC && m->model != PF_MAT_TRUSS) {
      snprintf(why, size, "material %s is hyperelastic or fibre-reinforced", m->name);
      return 1;
    }
    if (m->model == PF_MAT_TRUSS && (m->tension_only || m->prestrain != 0)) {
      snprintf(why, size, "material %s is tension-only or prestrained", m->name);
      return 1;
    }
  }
  if (d->n_bodies) {
    snprintf(why, size, "body %s rotates finitely", d->bodies[0].name);
    return 1;
  }
  if (d->n_joints) {
    snprintf(why, size, "joint %s rotates finitely", d->joints[0].name);
    return 1;
  }
  if (d->contact.active) {
    snprintf(why, size, "contact.ground is a nonlinear boundary condition");
    return 1;
  }
  return 0;
}

int pf_build_settings(pf_builder *b) {
  const pf_ynode *root = b->tree->root;
  const pf_schema *analysis = pf_build_section("analysis"), *solver = pf_build_section("solver"),
                  *output = pf_build_section("output");
  const pf_ynode *an = pf_ynode_find(root, "analysis", NULL),
                 *sv = pf_ynode_find(root, "solver", NULL),
                 *out = pf_ynode_find(root, "output", NULL);
  pf_model_desc *d = b->d;
  char why[256] = "";
  int nonlinear = needs_nonlinear(b, why, sizeof(why));
  const pf_ynode *steps = pf_ynode_find(root, "steps", NULL);
  if (pf_ynode_find(an, "type", NULL)) {
    d->analysis = (pf_analysis_type)pf_build_code(analysis, an, "type");
    if (d->analysis == PF_ANALYSIS_STATIC_LINEAR && nonlinear)
      return pf_build_error(b, pf_ynode_find(an, "type", NULL), pf_build_key_line(an, "type"),
                            "analysis.type",
                            "static_linear cannot solve this model: %s (expected "
                            "static_nonlinear, or leave analysis.type out)",
                            why);
  } else {
    d->analysis = nonlinear || (steps && steps->kind == PF_YSEQ && steps->n > 1)
                      ? PF_ANALYSIS_STATIC_NONLINEAR
                      : PF_ANALYSIS_STATIC_LINEAR;
  }
  d->max_cutbacks = pf_build_integer(analysis, an, "max_cutbacks", 8);
  d->growth = pf_build_number(analysis, an, "growth");
  d->newton = (pf_newton_kind)pf_build_code(solver, sv, "newton");
  d->max_iterations = pf_build_integer(solver, sv, "newton_iterations", 25);
  d->residual_tolerance = pf_build_number(solver, sv, "residual_tolerance");
  d->displacement_tolerance = pf_build_number(solver, sv, "displacement_tolerance");
  d->energy_tolerance = pf_build_number(solver, sv, "energy_tolerance");
  d->line_search = pf_build_bool(solver, sv, "line_search");
  d->linear_solver = (pf_solver_kind)pf_build_code(solver, sv, "linear");
  d->solver_tolerance = pf_build_number(solver, sv, "tolerance");
  d->solver_max_iterations = pf_build_integer(solver, sv, "max_iterations", 10000);
  const char *file = pf_schema_text(output, out, "file");
  if (file) PF_CALL(pf_build_path(b->ctx, d->config_path, file, &d->output_file));
  d->output_level = (pf_output_level)pf_build_code(output, out, "level");
  return PF_OK;
}

int pf_config_build_desc(pf_context *ctx, const pf_ytree *tree, pf_model_desc *desc) {
  pf_builder b = {.ctx = ctx, .tree = tree, .d = desc};
  PF_CALL(pf_strdup(ctx, pf_schema_text(pf_config_schema(), tree->root, "title"), &desc->title));
  PF_CALL(build_mesh(&b));
  PF_CALL(pf_build_materials(&b));
  PF_CALL(pf_build_regions(&b));
  PF_CALL(pf_build_joints(&b));
  PF_CALL(pf_build_ties(&b));
  PF_CALL(pf_build_contact(&b));
  PF_CALL(pf_build_settings(&b));
  PF_CALL(pf_build_steps(&b));
  PF_CALL(build_probes(&b));
  PF_CALL(pf_build_foot(&b));
  return PF_OK;
}
