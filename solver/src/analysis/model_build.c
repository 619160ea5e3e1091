/*
 * Resolving a model description against a mesh: regions -> element materials, sets of boundary
 * entries, loads and probes -> node rows, surfaces and element lists.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_model.h"
#include "fem/pf_fem.h"

/* Error for a name that is not among the mesh's element sets, with the nearest one. */
static int missing_elset(pf_context *ctx, const pf_srcloc *loc, const pf_mesh *mesh,
                         const char *name) {
  const char **names = malloc((size_t)(mesh->n_elsets + 1) * sizeof(*names));
  if (!names) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  for (int i = 0; i < mesh->n_elsets; i++) names[i] = mesh->elsets[i].name;
  const char *near = pf_nearest(name, names, mesh->n_elsets);
  char avail[512] = "";
  for (int i = 0; i < mesh->n_elsets && strlen(avail) < 400; i++) {
    strcat(avail, i ? ", " : "");
    strncat(avail, names[i], 100);
  }
  free(names);
  if (near)
    return pf_error_at(ctx, loc, "no element set named '%s' in %s (did you mean '%s'?)", name,
                       mesh->source, near);
  return pf_error_at(ctx, loc, "no element set named '%s' in %s (element sets: %s)", name,
                     mesh->source, mesh->n_elsets ? avail : "none");
}

/* Elements of a region name: an element set of the mesh. */
static int elems_of(pf_context *ctx, const pf_mesh *mesh, const char *name, const pf_srcloc *loc,
                    const pf_elset **set) {
  int k = pf_mesh_find_elset(mesh, name);
  if (k < 0) return missing_elset(ctx, loc, mesh, name);
  *set = &mesh->elsets[k];
  return PF_OK;
}

/* Node rows of a named set; errors carry the config location. */
static int nodes_of(pf_context *ctx, const pf_mesh *mesh, const char *name, const pf_srcloc *loc,
                    int64_t **nodes, int64_t *count) {
  int rc = pf_mesh_nodes_of(ctx, mesh, name, nodes, count);
  if (rc == PF_ERR_INPUT) {
    char msg[sizeof(ctx->err_msg)];
    memcpy(msg, ctx->err_msg, sizeof(msg));
    return pf_error_at(ctx, loc, "%s", msg);
  }
  return rc;
}

static int resolve_regions(pf_context *ctx, pf_model *m) {
  const pf_model_desc *d = m->desc;
  const pf_mesh *mesh = m->mesh;
  for (int64_t g = 0; g < m->n_elems; g++) m->elem_region[g] = m->elem_material[g] = -1;
  for (int r = 0; r < d->n_regions; r++) {
    const pf_elset *set = NULL;
    PF_CALL(elems_of(ctx, mesh, d->regions[r].set, &d->regions[r].loc, &set));
    const int has_material = d->regions[r].kind == PF_REGION_MATERIAL;
    const pf_material_desc *mat = has_material ? &d->materials[d->regions[r].material] : NULL;
    for (int64_t k = 0; k < set->count; k++) {
      int64_t g = set->elems[k], e;
      pf_elem_type type;
      pf_mesh_elem_locate(mesh, g, &type, &e);
      if (m->elem_region[g] >= 0 && m->elem_region[g] != r)
        return pf_error_at(ctx, &d->regions[r].loc,
                           "element %lld is in both regions '%s' and '%s' (each element needs "
                           "exactly one material)",
                           (long long)mesh->blocks[type].ids[e], d->regions[m->elem_region[g]].set,
                           d->regions[r].set);
      int is_truss = type == PF_ELEM_TRUSS2;
      if (mat && is_truss != (mat->model == PF_MAT_TRUSS))
        return pf_error_at(ctx, &d->regions[r].loc,
                           "region '%s' holds %s elements but material '%s' is %s (expected a "
                           "%s material)",
                           d->regions[r].set, pf_elem_name(type), mat->name,
                           mat->model == PF_MAT_TRUSS ? "a truss" : "a solid",
                           is_truss ? "truss" : "solid (linear_elastic)");
      m->elem_region[g] = r;
      m->elem_material[g] = has_material ? d->regions[r].material : -1;
    }
  }
  for (int64_t g = 0; g < m->n_elems; g++) {
    if (m->elem_region[g] >= 0) continue;
    int64_t e;
    pf_elem_type type;
    pf_mesh_elem_locate(mesh, g, &type, &e);
    const char *in = NULL;
    for (int s = 0; s < mesh->n_elsets && !in; s++) {
      const pf_elset *set = &mesh->elsets[s];
      if (bsearch(&g, set->elems, (size_t)set->count, sizeof(int64_t), pf_cmp_i64)) in = set->name;
    }
    pf_srcloc loc = {d->config_path, d->n_regions ? d->regions[0].loc.line : 0, "regions"};
    return pf_error_at(ctx, &loc,
                       "%s element %lld%s%s%s has no material (map its element set to a "
                       "material in regions:)",
                       pf_elem_name(type), (long long)mesh->blocks[type].ids[e],
                       in ? " (element set '" : "", in ? in : "", in ? "')" : "");
  }
  return PF_OK;
}

static int resolve_loads(pf_context *ctx, pf_model *m) {
  const pf_model_desc *d = m->desc;
  for (int i = 0; i < d->n_loads; i++) {
    const pf_load_desc *L = &d->loads[i];
    m->load_surface[i] = -1;
    if (!L->target) continue; /* a release without a target */
    switch (L->type) {
      case PF_LOAD_NODAL_FORCE:
        PF_CALL(nodes_of(ctx, m->mesh, L->target, &L->target_loc, &m->load_nodes[i],
                         &m->load_count[i]));
        break;
      case PF_LOAD_SURFACE_FORCE:
      case PF_LOAD_PRESSURE:
      case PF_LOAD_TRACTION: {
        int s = pf_mesh_find_surface(m->mesh, L->target);
        if (s < 0) {
          const char **names = malloc((size_t)(m->mesh->n_surfaces + 1) * sizeof(*names));
          if (!names) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
          for (int k = 0; k < m->mesh->n_surfaces; k++) names[k] = m->mesh->surfaces[k].name;
          const char *near = pf_nearest(L->target, names, m->mesh->n_surfaces);
          free(names);
          return pf_error_at(ctx, &L->target_loc, "no surface named '%s' in %s%s%s%s", L->target,
                             m->mesh->source, near ? " (did you mean '" : "", near ? near : "",
                             near ? "'?)" : "");
        }
        m->load_surface[i] = s;
        break;
      }
      case PF_LOAD_BODY_FORCE:
      case PF_LOAD_BODY_MOMENT:
        break; /* bodies are resolved by the kinematics (constraint/) */
      case PF_LOAD_GRAVITY:
        if (L->target) {
          const pf_elset *set = NULL;
          PF_CALL(elems_of(ctx, m->mesh, L->target, &L->target_loc, &set));
          PF_CALL(PF_CALLOC(ctx, set->count, &m->load_elems[i]));
          memcpy(m->load_elems[i], set->elems, (size_t)set->count * sizeof(int64_t));
          m->load_elem_count[i] = set->count;
        } else {
          PF_CALL(PF_CALLOC(ctx, m->n_elems, &m->load_elems[i]));
          for (int64_t g = 0; g < m->n_elems; g++) m->load_elems[i][g] = g;
          m->load_elem_count[i] = m->n_elems;
        }
        break;
    }
  }
  return PF_OK;
}

/* contact.ground: its surface is a surface of the mesh, its reference set one node (checked
 * here, before a run opens its result file; the kinematics checks the node is of its own). */
static int resolve_contact(pf_context *ctx, const pf_model *m) {
  const pf_contact_desc *c = &m->desc->contact;
  if (!c->active) return PF_OK;
  if (pf_mesh_find_surface(m->mesh, c->surface) < 0) {
    const int s = pf_mesh_find_nset(m->mesh, c->surface) >= 0;
    return pf_error_at(ctx, &c->surface_loc, "surface '%s' is not in the mesh %s%s", c->surface,
                       m->mesh->source ? m->mesh->source : "",
                       s ? " (a node set of that name is; contact needs faces)" : "");
  }
  if (!c->reference) return PF_OK;
  int64_t *nodes = NULL, count = 0;
  PF_CALL(nodes_of(ctx, m->mesh, c->reference, &c->reference_loc, &nodes, &count));
  free(nodes);
  if (count != 1)
    return pf_error_at(ctx, &c->reference_loc,
                       "the plane's reference set '%s' has %lld nodes (expected one node)",
                       c->reference, (long long)count);
  return PF_OK;
}

static int resolve_probes(pf_context *ctx, pf_model *m) {
  const pf_model_desc *d = m->desc;
  for (int i = 0; i < d->n_probes; i++) {
    const pf_probe_desc *p = &d->probes[i];
    int nodal = p->field == PF_FIELD_DISPLACEMENT || p->field == PF_FIELD_REACTION;
    if (nodal && p->set) {
      PF_CALL(nodes_of(ctx, m->mesh, p->set, &p->loc, &m->probe_items[i], &m->probe_count[i]));
    } else if (nodal) {
      PF_CALL(PF_CALLOC(ctx, m->mesh->n_nodes, &m->probe_items[i]));
      for (int64_t k = 0; k < m->mesh->n_nodes; k++) m->probe_items[i][k] = k;
      m->probe_count[i] = m->mesh->n_nodes;
    } else if (p->set) {
      const pf_elset *set = NULL;
      PF_CALL(elems_of(ctx, m->mesh, p->set, &p->loc, &set));
      PF_CALL(PF_CALLOC(ctx, set->count, &m->probe_items[i]));
      memcpy(m->probe_items[i], set->elems, (size_t)set->count * sizeof(int64_t));
      m->probe_count[i] = set->count;
    } else {
      PF_CALL(PF_CALLOC(ctx, m->n_elems, &m->probe_items[i]));
      for (int64_t g = 0; g < m->n_elems; g++) m->probe_items[i][g] = g;
      m->probe_count[i] = m->n_elems;
    }
  }
  return PF_OK;
}

int pf_model_build(pf_context *ctx, const pf_model_desc *desc, const pf_mesh *mesh,
                   pf_model **model) {
  int ierr;
  pf_model *m = NULL;
  *model = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &m));
  m->mesh = mesh;
  m->desc = desc;
  m->n_elems = mesh->elem_offset[PF_ELEM_NUM_TYPES];
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m->n_elems, &m->elem_region));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m->n_elems, &m->elem_material));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_materials * 36, &m->material_D));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_bcs, &m->bc_nodes));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_bcs, &m->bc_count));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_loads, &m->load_nodes));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_loads, &m->load_count));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_loads, &m->load_surface));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_loads, &m->load_elems));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_loads, &m->load_elem_count));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_probes, &m->probe_items));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, desc->n_probes, &m->probe_count));

  for (int k = 0; k < desc->n_materials; k++)
    if (desc->materials[k].model == PF_MAT_LINEAR_ELASTIC)
      pf_fem_isotropic_D(desc->materials[k].E, desc->materials[k].nu, m->material_D + 36 * k);
  PF_CALL_GOTO(ierr, fail, resolve_regions(ctx, m));
  for (int i = 0; i < desc->n_bcs; i++) {
    if (!desc->bcs[i].set) continue; /* body and joint entries, releases: no node set */
    PF_CALL_GOTO(ierr, fail,
                 nodes_of(ctx, mesh, desc->bcs[i].set, &desc->bcs[i].target_loc, &m->bc_nodes[i],
                          &m->bc_count[i]));
  }
  PF_CALL_GOTO(ierr, fail, resolve_loads(ctx, m));
  PF_CALL_GOTO(ierr, fail, resolve_probes(ctx, m));
  PF_CALL_GOTO(ierr, fail, resolve_contact(ctx, m));
  *model = m;
  return PF_OK;
fail:
  pf_model_destroy(&m);
  return ierr;
}

void pf_model_destroy(pf_model **model) {
  if (!model || !*model) return;
  pf_model *m = *model;
  const pf_model_desc *d = m->desc;
  for (int i = 0; m->bc_nodes && i < d->n_bcs; i++) free(m->bc_nodes[i]);
  for (int i = 0; m->load_nodes && i < d->n_loads; i++) free(m->load_nodes[i]);
  for (int i = 0; m->load_elems && i < d->n_loads; i++) free(m->load_elems[i]);
  for (int i = 0; m->probe_items && i < d->n_probes; i++) free(m->probe_items[i]);
  free(m->elem_region);
  free(m->elem_material);
  free(m->material_D);
  free(m->bc_nodes);
  free(m->bc_count);
  free(m->load_nodes);
  free(m->load_count);
  free(m->load_surface);
  free(m->load_elems);
  free(m->load_elem_count);
  free(m->probe_items);
  free(m->probe_count);
  free(m);
  *model = NULL;
}
