/* The model description from a validated tree: defaults from the schema table, paths resolved
 * against the configuration's folder, names, source locations, and the checks that need more
 * than one entry (regions -> materials, displacement values -> listed dofs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_config_internal.h"

/* Probe component codes, as documented in pf_model.h. */
static const char *const vector_components[] = {"x", "y", "z", "magnitude", NULL};
static const char *const tensor_components[] = {
    "xx", "yy", "zz", "xy", "yz", "xz", "von_mises", "max_principal", NULL};

typedef struct {
  pf_context *ctx;
  const pf_ytree *tree;
  pf_model_desc *d;
} pf_builder;

/* Where an entry came from, kept in the description: the file and line, or "--set". */
static void entry_loc(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                      pf_srcloc *loc) {
  int from_override = node && node->origin;
  loc->file = from_override ? "--set" : b->d->config_path;
  loc->line = from_override ? 0 : line;
  size_t n = strlen(path);
  if (n >= sizeof(loc->key)) n = sizeof(loc->key) - 1; /* a long name is cut, not overrun */
  memcpy(loc->key, path, n);
  loc->key[n] = '\0';
}

static const pf_schema *section(const char *key) {
  return pf_schema_find(pf_config_schema(), key, NULL);
}

static double number(const pf_schema *s, const pf_ynode *map, const char *key) {
  const char *text = pf_schema_text(s, map, key);
  double x = 0;
  if (text) pf_config_parse_number(text, &x);
  return x;
}

/* The index of an enum key's value (or its default) in the allowed values: its pf_model.h code. */
static int code(const pf_schema *s, const pf_ynode *map, const char *key) {
  const pf_schema *e = pf_schema_find(s, key, map);
  const char *text = pf_schema_text(s, map, key);
  return e && text ? pf_schema_value_index(e->values, text) : -1;
}

static int key_line(const pf_ynode *map, const char *key) {
  int i;
  return pf_ynode_find(map, key, &i) ? map->key_lines[i] : 0;
}

static void numbers(const pf_ynode *list, double *v, int n) {
  for (int i = 0; i < n && i < list->n; i++) pf_config_parse_number(list->items[i]->text, &v[i]);
}

/* file against the folder of the configuration (absolute paths are kept). [out] out. */
static int resolve_path(pf_context *ctx, const char *config_path, const char *file, char **out) {
  const char *slash = strrchr(config_path, '/');
  if (file[0] == '/' || !slash) return pf_strdup(ctx, file, out);
  size_t dir = (size_t)(slash - config_path) + 1, n = strlen(file);
  PF_CALL(PF_CALLOC(ctx, dir + n + 1, out));
  memcpy(*out, config_path, dir);
  memcpy(*out + dir, file, n + 1);
  return PF_OK;
}

static int build_mesh(pf_builder *b) {
  const pf_schema *s = section("mesh");
  const pf_ynode *mesh = pf_ynode_find(b->tree->root, "mesh", NULL);
  const pf_ynode *file = pf_ynode_find(mesh, "file", NULL);
  PF_CALL(resolve_path(b->ctx, b->d->config_path, file->text, &b->d->mesh_file));
  entry_loc(b, file, key_line(mesh, "file"), "mesh.file", &b->d->mesh_loc);
  b->d->mesh_scale = number(s, mesh, "scale");
  return PF_OK;
}

static int build_materials(pf_builder *b) {
  const pf_schema *s = &section("materials")->children[0];
  const pf_ynode *mats = pf_ynode_find(b->tree->root, "materials", NULL);
  int n = mats && mats->kind == PF_YMAP ? mats->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->materials));
  b->d->n_materials = n;
  for (int i = 0; i < n; i++) {
    pf_material_desc *m = &b->d->materials[i];
    const pf_ynode *node = mats->items[i];
    char path[256];
    snprintf(path, sizeof(path), "materials.%s", mats->keys[i]);
    PF_CALL(pf_strdup(b->ctx, mats->keys[i], &m->name));
    entry_loc(b, node, mats->key_lines[i], path, &m->loc);
    m->model = (pf_material_model)code(s, node, "model");
    m->E = number(s, node, "E");
    m->nu = number(s, node, "nu"); /* 0 where not allowed (truss) */
    m->density = number(s, node, "density");
    m->area = number(s, node, "area");
  }
  return PF_OK;
}

/* A region naming no material: suggest the nearest material. */
static int unknown_material(pf_builder *b, const pf_ynode *value, int line, const char *path) {
  pf_srcloc loc;
  pf_config_err_loc(b->tree, value, value->line ? value->line : line, path, &loc);
  if (!strcmp(value->text, "rigid") || !strcmp(value->text, "removed"))
    return pf_error_at(b->ctx, &loc,
                       "%s regions are not supported by this version of pfsim yet (expected the "
                       "name of a material defined under materials)",
                       value->text);
  const char *names[64];
  char list[1024];
  size_t used = 0;
  int n = b->d->n_materials < 64 ? b->d->n_materials : 64;
  list[0] = '\0';
  for (int i = 0; i < n; i++) {
    names[i] = b->d->materials[i].name;
    if (used < sizeof(list))
      used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", names[i]);
  }
  const char *near = pf_nearest(value->text, names, n);
  if (near)
    return pf_error_at(b->ctx, &loc, "no material named '%s' (did you mean '%s'? defined: %s)",
                       value->text, near, list);
  if (n)
    return pf_error_at(b->ctx, &loc, "no material named '%s' (expected one of: %s)", value->text,
                       list);
  return pf_error_at(b->ctx, &loc,
                     "no material named '%s' (no materials are defined: add it under materials)",
                     value->text);
}

static int build_regions(pf_builder *b) {
  const pf_ynode *regions = pf_ynode_find(b->tree->root, "regions", NULL);
  int n = regions->n;
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->regions));
  b->d->n_regions = n;
  for (int i = 0; i < n; i++) {
    pf_region_desc *r = &b->d->regions[i];
    const pf_ynode *value = regions->items[i];
    char path[256];
    snprintf(path, sizeof(path), "regions.%s", regions->keys[i]);
    PF_CALL(pf_strdup(b->ctx, regions->keys[i], &r->set));
    entry_loc(b, value, regions->key_lines[i], path, &r->loc);
    r->material = -1;
    for (int k = 0; k < b->d->n_materials; k++)
      if (!strcmp(b->d->materials[k].name, value->text)) r->material = k;
    if (r->material < 0) return unknown_material(b, value, regions->key_lines[i], path);
  }
  return PF_OK;
}

static int build_loads(pf_builder *b) {
  const pf_schema *s = &section("loads")->children[0];
  const pf_ynode *loads = pf_ynode_find(b->tree->root, "loads", NULL);
  int n = loads && loads->kind == PF_YSEQ ? loads->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->loads));
  b->d->n_loads = n;
  for (int i = 0; i < n; i++) {
    pf_load_desc *l = &b->d->loads[i];
    const pf_ynode *item = loads->items[i];
    char path[256], target_path[300];
    snprintf(path, sizeof(path), "loads[%d]", i);
    const pf_ynode *name = pf_ynode_find(item, "name", NULL);
    PF_CALL(pf_strdup(b->ctx, name ? name->text : path, &l->name));
    entry_loc(b, item, item->line, path, &l->loc);
    l->type = (pf_load_type)code(s, item, "type");
    const char *target_key = l->type == PF_LOAD_NODAL_FORCE ? "set"
                             : l->type == PF_LOAD_GRAVITY   ? "region"
                                                            : "surface";
    const pf_ynode *target = pf_ynode_find(item, target_key, NULL);
    snprintf(target_path, sizeof(target_path), "%s.%s", path, target_key);
    if (target) {
      PF_CALL(pf_strdup(b->ctx, target->text, &l->target));
      entry_loc(b, target, key_line(item, target_key), target_path, &l->target_loc);
    } else {
      l->target_loc = l->loc; /* gravity on every element */
    }
    const pf_ynode *value = pf_ynode_find(item, "value", NULL);
    if (l->type == PF_LOAD_PRESSURE)
      l->pressure = number(s, item, "value");
    else
      numbers(value, l->value, 3);
  }
  return PF_OK;
}

/* dofs as a bit mask and the listed order; value[] placed in the listed components. */
static int bc_dofs_and_value(pf_builder *b, const pf_schema *s, const pf_ynode *item,
                             const char *path, pf_bc_desc *bc) {
  const pf_ynode *dofs = pf_ynode_find(item, "dofs", NULL);
  const char *const *names = pf_schema_find(s, "dofs", NULL)->values;
  int order[3] = {0, 1, 2}, n_dofs = 3;
  bc->dofs = 7; /* default: all three */
  if (dofs) {
    bc->dofs = 0;
    n_dofs = dofs->n;
    for (int k = 0; k < dofs->n; k++) {
      order[k] = pf_schema_value_index(names, dofs->items[k]->text);
      bc->dofs |= 1 << order[k];
    }
  }
  const pf_ynode *value = pf_ynode_find(item, "value", NULL);
  if (bc->type != PF_BC_DISPLACEMENT) return PF_OK;
  double v[3] = {0, 0, 0};
  numbers(value, v, 3);
  if (value->n == 3) { /* all components given: take the listed ones */
    for (int c = 0; c < 3; c++) bc->value[c] = (bc->dofs & (1 << c)) ? v[c] : 0.0;
    return PF_OK;
  }
  if (value->n == n_dofs) {
    for (int k = 0; k < n_dofs; k++) bc->value[order[k]] = v[k];
    return PF_OK;
  }
  char listed[32] = "", vpath[300];
  for (int k = 0; k < n_dofs; k++)
    snprintf(listed + strlen(listed), sizeof(listed) - strlen(listed), "%s%s", k ? ", " : "",
             names[order[k]]);
  snprintf(vpath, sizeof(vpath), "%s.value", path);
  pf_srcloc loc;
  pf_config_err_loc(b->tree, value, value->line ? value->line : key_line(item, "value"), vpath,
                    &loc);
  return pf_error_at(b->ctx, &loc,
                     "%d number%s for %d listed dof%s (expected 3 numbers [x, y, z], or one per "
                     "listed dof: [%s])",
                     value->n, value->n == 1 ? "" : "s", n_dofs, n_dofs == 1 ? "" : "s", listed);
}

static int build_boundary(pf_builder *b) {
  const pf_schema *s = &section("boundary")->children[0];
  const pf_ynode *bcs = pf_ynode_find(b->tree->root, "boundary", NULL);
  int n = bcs && bcs->kind == PF_YSEQ ? bcs->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->bcs));
  b->d->n_bcs = n;
  for (int i = 0; i < n; i++) {
    pf_bc_desc *bc = &b->d->bcs[i];
    const pf_ynode *item = bcs->items[i];
    char path[256], set_path[300];
    snprintf(path, sizeof(path), "boundary[%d]", i);
    snprintf(set_path, sizeof(set_path), "%s.set", path);
    const pf_ynode *name = pf_ynode_find(item, "name", NULL);
    const pf_ynode *set = pf_ynode_find(item, "set", NULL);
    PF_CALL(pf_strdup(b->ctx, name ? name->text : set->text, &bc->name));
    PF_CALL(pf_strdup(b->ctx, set->text, &bc->set));
    entry_loc(b, item, item->line, path, &bc->loc);
    entry_loc(b, set, key_line(item, "set"), set_path, &bc->target_loc);
    bc->type = (pf_bc_type)code(s, item, "type");
    PF_CALL(bc_dofs_and_value(b, s, item, path, bc));
  }
  return PF_OK;
}

static int build_probes(pf_builder *b) {
  const pf_schema *s = &section("summary")->children[0];
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
    entry_loc(b, item, item->line, path, &p->loc);
    p->field = (pf_field)code(s, item, "field");
    const char *component = pf_schema_text(s, item, "component");
    p->component = pf_schema_value_index(
        p->field <= PF_FIELD_REACTION ? vector_components : tensor_components, component);
    p->stat = (pf_stat)code(s, item, "stat");
  }
  return PF_OK;
}

static int build_settings(pf_builder *b) {
  const pf_ynode *root = b->tree->root;
  const pf_schema *analysis = section("analysis"), *solver = section("solver"),
                  *output = section("output");
  const pf_ynode *an = pf_ynode_find(root, "analysis", NULL),
                 *sv = pf_ynode_find(root, "solver", NULL),
                 *out = pf_ynode_find(root, "output", NULL);
  b->d->analysis = (pf_analysis_type)code(analysis, an, "type");
  b->d->linear_solver = (pf_solver_kind)code(solver, sv, "linear");
  b->d->solver_tolerance = number(solver, sv, "tolerance");
  pf_config_parse_integer(pf_schema_text(solver, sv, "max_iterations"),
                          &b->d->solver_max_iterations);
  const char *file = pf_schema_text(output, out, "file");
  if (file) PF_CALL(resolve_path(b->ctx, b->d->config_path, file, &b->d->output_file));
  b->d->output_level = (pf_output_level)code(output, out, "level");
  return PF_OK;
}

int pf_config_build_desc(pf_context *ctx, const pf_ytree *tree, pf_model_desc *desc) {
  pf_builder b = {.ctx = ctx, .tree = tree, .d = desc};
  PF_CALL(pf_strdup(ctx, pf_schema_text(pf_config_schema(), tree->root, "title"), &desc->title));
  PF_CALL(build_mesh(&b));
  PF_CALL(build_materials(&b));
  PF_CALL(build_regions(&b));
  PF_CALL(build_loads(&b));
  PF_CALL(build_boundary(&b));
  PF_CALL(build_probes(&b));
  PF_CALL(build_settings(&b));
  return PF_OK;
}
