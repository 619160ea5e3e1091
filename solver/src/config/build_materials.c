/* Materials, regions (with their rigid bodies and fibre directions) and kinematic couplings of
 * the model description (pf_build.h). The schema has checked each key alone; this checks what
 * spans keys: the Ogden lists, the volumetric options, names of materials and bodies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_build.h"

#define PF_BUILD_MAX_NAMES 256

/* The keys of a split law (from a material or from the matrix of a fibre material). */
static int split_law(pf_builder *b, const pf_schema *s, const pf_ynode *node, const char *path,
                     pf_material_desc *m) {
  char p[300];
  m->mu = m->model == PF_MAT_NEO_HOOKEAN ? pf_build_number(s, node, "mu") : 0;
  m->C10 = pf_build_number(s, node, "C10");
  m->C01 = pf_build_number(s, node, "C01");
  m->C20 = pf_build_number(s, node, "C20");
  m->C11 = pf_build_number(s, node, "C11");
  m->C02 = pf_build_number(s, node, "C02");
  m->D2 = pf_build_number(s, node, "D2");
  m->volumetric = (pf_volumetric)pf_build_code(s, node, "volumetric");
  if (pf_ynode_find(node, "kappa", NULL)) {
    m->kappa = pf_build_number(s, node, "kappa");
    m->D1 = 2.0 / m->kappa;
  } else {
    m->D1 = pf_build_number(s, node, "D1");
    m->kappa = 2.0 / m->D1;
  }
  if (m->D2 > 0 && m->volumetric != PF_VOL_ABAQUS) {
    snprintf(p, sizeof(p), "%.240s.D2", path);
    return pf_build_error(b, pf_ynode_find(node, "D2", NULL), pf_build_key_line(node, "D2"), p,
                          "D2 is a term of the abaqus volumetric energy (expected volumetric: "
                          "abaqus, or no D2 with volumetric: log)");
  }
  if ((m->model == PF_MAT_MOONEY_RIVLIN || m->model == PF_MAT_POLYNOMIAL) &&
      !(m->C10 + m->C01 > 0)) {
    snprintf(p, sizeof(p), "%.240s.C10", path);
    return pf_build_error(b, pf_ynode_find(node, "C10", NULL), pf_build_key_line(node, "C10"), p,
                          "initial shear modulus 2 (C10 + C01) = %g is not positive (expected "
                          "C10 + C01 > 0)",
                          2 * (m->C10 + m->C01));
  }
  if (m->model == PF_MAT_OGDEN) {
    const pf_ynode *mu = pf_ynode_find(node, "mu", NULL),
                   *alpha = pf_ynode_find(node, "alpha", NULL);
    snprintf(p, sizeof(p), "%.240s.alpha", path);
    if (mu->n != alpha->n)
      return pf_build_error(b, alpha, pf_build_key_line(node, "alpha"), p,
                            "%d exponents for %d moduli (expected one alpha per mu)", alpha->n,
                            mu->n);
    m->n_ogden = mu->n;
    pf_build_numbers(mu, m->ogden_mu, 3);
    pf_build_numbers(alpha, m->ogden_alpha, 3);
    double shear = 0;
    for (int k = 0; k < m->n_ogden; k++) {
      if (m->ogden_alpha[k] == 0)
        return pf_build_error(b, alpha, pf_build_key_line(node, "alpha"), p,
                              "alpha[%d] is 0 (expected non-zero exponents)", k);
      shear += m->ogden_mu[k];
    }
    if (!(shear > 0)) {
      snprintf(p, sizeof(p), "%.240s.mu", path);
      return pf_build_error(b, mu, pf_build_key_line(node, "mu"), p,
                            "shear modulus sum mu_i = %g is not positive (expected sum > 0)",
                            shear);
    }
  }
  return PF_OK;
}

int pf_build_materials(pf_builder *b) {
  const pf_schema *s = pf_build_element("materials");
  const pf_schema *matrix_schema = pf_schema_find(s, "matrix", NULL);
  const pf_ynode *mats = pf_ynode_find(b->tree->root, "materials", NULL);
  int n = mats && mats->kind == PF_YMAP ? mats->n : 0, n_fibre = 0;
  for (int i = 0; i < n; i++) n_fibre += pf_build_code(s, mats->items[i], "model") == PF_MAT_FIBRE;
  PF_CALL(PF_CALLOC(b->ctx, n + n_fibre, &b->d->materials));
  b->n_user_materials = n;
  for (int i = 0; i < n; i++) {
    pf_material_desc *m = &b->d->materials[b->d->n_materials++];
    const pf_ynode *node = mats->items[i];
    char path[256];
    snprintf(path, sizeof(path), "materials.%s", mats->keys[i]);
    PF_CALL(pf_strdup(b->ctx, mats->keys[i], &m->name));
    pf_build_loc(b, node, mats->key_lines[i], path, &m->loc);
    if (!strcmp(mats->keys[i], "rigid") || !strcmp(mats->keys[i], "removed"))
      return pf_build_error(b, NULL, mats->key_lines[i], path,
                            "'%s' is a region kind, not a material name (expected another name)",
                            mats->keys[i]);
    m->model = (pf_material_model)pf_build_code(s, node, "model");
    m->E = pf_build_number(s, node, "E");
    m->nu = pf_build_number(s, node, "nu"); /* 0 where not allowed (truss) */
    m->density = pf_build_number(s, node, "density");
    m->area = pf_build_number(s, node, "area");
    m->tension_only = pf_build_bool(s, node, "tension_only");
    m->prestrain = pf_build_number(s, node, "prestrain");
    m->reg_strain = m->model == PF_MAT_TRUSS ? pf_build_number(s, node, "reg_strain") : 0;
    m->matrix = -1;
    m->formulation = pf_ynode_find(node, "formulation", NULL)
                         ? (pf_formulation)pf_build_code(s, node, "formulation")
                         : PF_FORM_DEFAULT;
    if (m->model != PF_MAT_LINEAR_ELASTIC && m->model != PF_MAT_TRUSS && m->model != PF_MAT_FIBRE)
      PF_CALL(split_law(b, s, node, path, m));
    if (m->model != PF_MAT_FIBRE) continue;
    const pf_ynode *fibre = pf_ynode_find(node, "fibre", NULL);
    const pf_schema *fs = pf_schema_find(s, "fibre", NULL);
    m->fibre_law = (pf_fibre_law)pf_build_code(fs, fibre, "law");
    m->fibre_E = pf_build_number(fs, fibre, "E");
    m->fibre_k = pf_build_number(fs, fibre, "k");
    m->fibre_alpha = pf_build_number(fs, fibre, "alpha");
    m->fibre_toe_strain = pf_build_number(fs, fibre, "toe_strain");
    m->prestrain = pf_build_number(fs, fibre, "prestrain");
  }
  /* Second pass: the matrices (kept apart so that the user's materials keep their indices). */
  for (int i = 0; i < n; i++) {
    pf_material_desc *m = &b->d->materials[i];
    if (m->model != PF_MAT_FIBRE) continue;
    const pf_ynode *mx = pf_ynode_find(mats->items[i], "matrix", NULL);
    pf_material_desc *x = &b->d->materials[b->d->n_materials];
    char path[300], name[300];
    snprintf(path, sizeof(path), "materials.%s.matrix", m->name);
    snprintf(name, sizeof(name), "%s.matrix", m->name);
    PF_CALL(pf_strdup(b->ctx, name, &x->name));
    pf_build_loc(b, mx, pf_build_key_line(mats->items[i], "matrix"), path, &x->loc);
    x->model = (pf_material_model)pf_build_code(matrix_schema, mx, "model");
    x->density = m->density;
    x->matrix = -1;
    x->formulation = m->formulation;
    PF_CALL(split_law(b, matrix_schema, mx, path, x));
    m->matrix = b->d->n_materials++;
    /* The fibre material carries its matrix's volumetric data, for a formulation's choice. */
    m->kappa = x->kappa;
    m->D1 = x->D1;
    m->volumetric = x->volumetric;
  }
  return PF_OK;
}

/* Material names for messages (the user's only). */
static int material_names(const pf_builder *b, const char **names) {
  int n = 0;
  for (int i = 0; i < b->n_user_materials && n < PF_BUILD_MAX_NAMES; i++)
    names[n++] = b->d->materials[i].name;
  return n;
}

static int find_material(const pf_builder *b, const char *name) {
  for (int k = 0; k < b->n_user_materials; k++)
    if (!strcmp(b->d->materials[k].name, name)) return k;
  return -1;
}

static int add_body(pf_builder *b, const char *name, const char *set, pf_body_kind kind,
                    const pf_ynode *ref, const pf_srcloc *loc) {
  pf_body_desc *body = &b->d->bodies[b->d->n_bodies++];
  PF_CALL(pf_strdup(b->ctx, name, &body->name));
  PF_CALL(pf_strdup(b->ctx, set, &body->set));
  body->kind = kind;
  body->loc = *loc;
  body->has_ref_point = ref != NULL;
  pf_build_numbers(ref, body->ref_point, 3);
  return PF_OK;
}

/* A region written as a map. */
static int region_map(pf_builder *b, const pf_ynode *v, const char *path, pf_region_desc *r) {
  const pf_schema *s = pf_build_element("regions");
  const pf_ynode *mat = pf_ynode_find(v, "material", NULL);
  char p[300];
  int rigid = pf_build_bool(s, v, "rigid"), removed = pf_build_bool(s, v, "removed");
  const char *dir_keys[] = {"direction", "path", "direction_data"};
  int n_dir = 0, last_dir = -1;
  for (int k = 0; k < 3; k++)
    if (pf_ynode_find(v, dir_keys[k], NULL)) n_dir++, last_dir = k;
  if (rigid && removed) {
    snprintf(p, sizeof(p), "%.240s.removed", path);
    return pf_build_error(b, NULL, pf_build_key_line(v, "removed"), p,
                          "rigid: true and removed: true (expected one of them)");
  }
  if (rigid && mat) {
    snprintf(p, sizeof(p), "%.240s.material", path);
    return pf_build_error(b, mat, pf_build_key_line(v, "material"), p,
                          "a rigid region has no material (expected material or rigid: true, "
                          "not both)");
  }
  if (pf_ynode_find(v, "ref_point", NULL) && !rigid) {
    snprintf(p, sizeof(p), "%.240s.ref_point", path);
    return pf_build_error(b, NULL, pf_build_key_line(v, "ref_point"), p,
                          "ref_point is for a rigid region (expected rigid: true with it)");
  }
  if (!mat && !rigid && !removed)
    return pf_build_error(b, v, v->line, path,
                          "neither material, rigid: true nor removed: true (expected one)");
  if (n_dir > 1) {
    snprintf(p, sizeof(p), "%.240s.%s", path, dir_keys[last_dir]);
    return pf_build_error(b, NULL, pf_build_key_line(v, dir_keys[last_dir]), p,
                          "more than one of direction, path and direction_data (expected one "
                          "fibre direction)");
  }
  r->kind = rigid ? PF_REGION_RIGID : removed ? PF_REGION_REMOVED : PF_REGION_MATERIAL;
  if (pf_ynode_find(v, "formulation", NULL)) {
    if (!mat) {
      snprintf(p, sizeof(p), "%.240s.formulation", path);
      return pf_build_error(b, NULL, pf_build_key_line(v, "formulation"), p,
                            "formulation is for a region with a material (expected material: "
                            "with it)");
    }
    r->formulation = (pf_formulation)pf_build_code(s, v, "formulation");
  }
  if (mat) {
    snprintf(p, sizeof(p), "%.240s.material", path);
    r->material = find_material(b, mat->text);
    if (r->material < 0) {
      const char *names[PF_BUILD_MAX_NAMES];
      return pf_build_unknown(b, mat, pf_build_key_line(v, "material"), p, "material", mat->text,
                              names, material_names(b, names), "add it under materials");
    }
  }
  if (rigid) {
    pf_srcloc loc;
    pf_build_loc(b, v, v->line, path, &loc);
    r->body = b->d->n_bodies;
    PF_CALL(add_body(b, r->set, r->set, PF_BODY_RIGID_REGION, pf_ynode_find(v, "ref_point", NULL),
                     &loc));
  }
  int fibre = r->material >= 0 && b->d->materials[r->material].model == PF_MAT_FIBRE;
  if (n_dir && !fibre) {
    snprintf(p, sizeof(p), "%.240s.%s", path, dir_keys[last_dir]);
    return pf_build_error(b, NULL, pf_build_key_line(v, dir_keys[last_dir]), p,
                          "a fibre direction needs a fibre material (expected material: a "
                          "material of model: fibre, or no %s)",
                          dir_keys[last_dir]);
  }
  if (fibre && r->kind == PF_REGION_MATERIAL && !n_dir)
    return pf_build_error(b, v, v->line, path,
                          "material %s is fibre-reinforced but the region gives no fibre "
                          "direction (expected direction, path or direction_data)",
                          mat->text);
  snprintf(p, sizeof(p), "%.240s.%s", path, last_dir >= 0 ? dir_keys[last_dir] : "");
  if (last_dir == 0) {
    r->direction = PF_DIR_VECTOR;
    pf_build_numbers(pf_ynode_find(v, "direction", NULL), r->dir, 3);
    double len = sqrt(r->dir[0] * r->dir[0] + r->dir[1] * r->dir[1] + r->dir[2] * r->dir[2]);
    if (!(len > 0))
      return pf_build_error(b, NULL, pf_build_key_line(v, "direction"), p,
                            "the zero vector has no direction (expected a non-zero [x, y, z])");
    for (int c = 0; c < 3; c++) r->dir[c] /= len;
  } else if (last_dir == 1) {
    const pf_ynode *pts = pf_ynode_find(v, "path", NULL);
    r->direction = PF_DIR_PATH;
    r->n_path = pts->n;
    PF_CALL(PF_CALLOC(b->ctx, (size_t)pts->n * 3, &r->path));
    for (int k = 0; k < pts->n; k++) pf_build_numbers(pts->items[k], r->path + 3 * k, 3);
    for (int k = 1; k < pts->n; k++) {
      const double *a = r->path + 3 * (k - 1), *c = r->path + 3 * k;
      if (a[0] == c[0] && a[1] == c[1] && a[2] == c[2])
        return pf_build_error(b, pts->items[k], pts->items[k]->line, p,
                              "points %d and %d are the same (expected distinct consecutive "
                              "points: a segment has a direction)",
                              k - 1, k);
    }
  } else if (last_dir == 2) {
    r->direction = PF_DIR_MESH_DATA;
    PF_CALL(pf_strdup(b->ctx, pf_ynode_find(v, "direction_data", NULL)->text, &r->dir_data));
  }
  return PF_OK;
}

/* The couplings: bodies made of a node set, after the rigid regions. */
static int build_couplings(pf_builder *b) {
  const pf_ynode *list = pf_ynode_find(b->tree->root, "couplings", NULL);
  for (int i = 0; list && list->kind == PF_YSEQ && i < list->n; i++) {
    const pf_ynode *c = list->items[i];
    const pf_ynode *name = pf_ynode_find(c, "name", NULL), *set = pf_ynode_find(c, "set", NULL);
    char path[256], p[300];
    snprintf(path, sizeof(path), "couplings[%d]", i);
    for (int k = 0; k < b->d->n_bodies; k++) {
      const pf_body_desc *o = &b->d->bodies[k];
      snprintf(p, sizeof(p), "%.240s.name", path);
      if (!strcmp(o->name, name->text))
        return pf_build_error(b, name, pf_build_key_line(c, "name"), p,
                              "a body named '%s' already exists (%s; expected a name unique "
                              "among rigid regions and couplings)",
                              name->text,
                              o->kind == PF_BODY_RIGID_REGION ? "a rigid region" : "a coupling");
      snprintf(p, sizeof(p), "%.240s.set", path);
      if (o->kind == PF_BODY_COUPLING && !strcmp(o->set, set->text))
        return pf_build_error(b, set, pf_build_key_line(c, "set"), p,
                              "node set %s is already coupled by %s (a node follows one body: "
                              "expected another set)",
                              set->text, o->name);
    }
    pf_srcloc loc;
    pf_build_loc(b, c, c->line, path, &loc);
    PF_CALL(add_body(b, name->text, set->text, PF_BODY_COUPLING,
                     pf_ynode_find(c, "ref_point", NULL), &loc));
  }
  return PF_OK;
}

int pf_build_regions(pf_builder *b) {
  const pf_ynode *regions = pf_ynode_find(b->tree->root, "regions", NULL);
  const pf_ynode *couplings = pf_ynode_find(b->tree->root, "couplings", NULL);
  int n = regions->n;
  int n_bodies = n + (couplings && couplings->kind == PF_YSEQ ? couplings->n : 0);
  PF_CALL(PF_CALLOC(b->ctx, n, &b->d->regions));
  PF_CALL(PF_CALLOC(b->ctx, n_bodies ? n_bodies : 1, &b->d->bodies));
  b->d->n_regions = n;
  for (int i = 0; i < n; i++) {
    pf_region_desc *r = &b->d->regions[i];
    const pf_ynode *value = regions->items[i];
    char path[256];
    snprintf(path, sizeof(path), "regions.%s", regions->keys[i]);
    PF_CALL(pf_strdup(b->ctx, regions->keys[i], &r->set));
    pf_build_loc(b, value, regions->key_lines[i], path, &r->loc);
    r->material = -1;
    r->body = -1;
    if (value->kind == PF_YMAP) {
      PF_CALL(region_map(b, value, path, r));
      continue;
    }
    if (!strcmp(value->text, "removed")) {
      r->kind = PF_REGION_REMOVED;
      continue;
    }
    if (!strcmp(value->text, "rigid")) {
      r->kind = PF_REGION_RIGID;
      r->body = b->d->n_bodies;
      PF_CALL(add_body(b, r->set, r->set, PF_BODY_RIGID_REGION, NULL, &r->loc));
      continue;
    }
    r->material = find_material(b, value->text);
    if (r->material < 0) {
      const char *names[PF_BUILD_MAX_NAMES];
      return pf_build_unknown(b, value, regions->key_lines[i], path, "material", value->text, names,
                              material_names(b, names),
                              "add it under materials, or write rigid or removed");
    }
    if (b->d->materials[r->material].model == PF_MAT_FIBRE)
      return pf_build_error(b, value, regions->key_lines[i], path,
                            "material %s is fibre-reinforced but the region gives no fibre "
                            "direction (expected {material: %s, direction: [x, y, z]} or path: "
                            "or direction_data:)",
                            value->text, value->text);
  }
  return build_couplings(b);
}
