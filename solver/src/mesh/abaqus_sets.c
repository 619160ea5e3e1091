/* Abaqus .inp reader: node sets, element sets and surfaces of every placement, resolved against
 * the placed mesh (ids -> mesh rows and global element numbers; set references; GENERATE ranges;
 * faces S1..S6 from the face tables of pf_elem_face_local).
 *
 * Names: a set of the top level or the assembly keeps its name; a set of a part placed by
 * instance I is "I.<set>", and also "<set>" when no other instance, nor the top level or the
 * assembly, has a set of that kind and name. An element set holding surface elements (CPS6, S3,
 * ...) is also a surface of that name. A set that names itself, directly or not, is an error. */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_abaqus.h"

typedef struct pf_abq_result_s {
  pf_i64vec nodes;                    /* mesh node rows */
  pf_i64vec elems;                    /* global element numbers */
  pf_i64vec faces[PF_FACE_NUM_TYPES]; /* face connectivity, mesh rows */
} pf_abq_result;

static const char *const kind_words[3] = {"node set", "element set", "surface"};

static int append(pf_context *ctx, pf_i64vec *dst, const pf_i64vec *src) {
  PF_CALL(pf_i64vec_reserve(ctx, dst, dst->n + src->n));
  if (src->n) memcpy(dst->a + dst->n, src->a, (size_t)src->n * sizeof(int64_t));
  dst->n += src->n;
  return PF_OK;
}

static int append_all(pf_context *ctx, pf_abq_result *r, const pf_abq_result *s) {
  PF_CALL(append(ctx, &r->nodes, &s->nodes));
  PF_CALL(append(ctx, &r->elems, &s->elems));
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++) PF_CALL(append(ctx, &r->faces[f], &s->faces[f]));
  return PF_OK;
}

/* Element (kind, index) of placement tp -> result. */
static int emit_code(pf_abq *A, int tp, int64_t code, pf_abq_result *r) {
  const pf_abq_place *pl = &A->places[tp];
  const pf_abq_scope *s = &A->scopes[pl->scope];
  const int kind = (int)(code & 7);
  const int64_t i = code >> 3;
  if (kind < PF_ELEM_NUM_TYPES)
    return pf_i64vec_push(A->ctx, &r->elems, A->mesh->elem_offset[kind] + pl->elem_off[kind] + i);
  if (kind == PF_ABQ_SKIPPED) return PF_OK; /* a type pfsim skips (noted when read) */
  const pf_face_type ft = (pf_face_type)(kind - PF_ABQ_FACE);
  const int nn = pf_face_nodes(ft);
  for (int a = 0; a < nn; a++) {
    const int64_t v = s->el_conn[kind].a[i * nn + a];
    int64_t row = pl->node_off + v;
    if (v < 0) /* "instance.node" of an assembly-level surface element */
      PF_CALL(pf_abq_qualified_node(A, s->qref[-v - 1], s->el_pos[kind].a[i], &row));
    PF_CALL(pf_i64vec_push(A->ctx, &r->faces[ft], row));
  }
  return PF_OK;
}

static int emit_node_id(pf_abq *A, int tp, int64_t id, const pf_abq_set *set, int64_t pos,
                        pf_abq_result *r) {
  const pf_abq_place *pl = &A->places[tp];
  const int64_t row = pf_idmap_find(&A->scopes[pl->scope].node_map, id);
  if (row < 0)
    return pf_rd_error(A->rd, pos, "node %lld of %s '%s' is not defined", (long long)id,
                       kind_words[set->kind], set->name);
  return pf_i64vec_push(A->ctx, &r->nodes, pl->node_off + row);
}

static int elem_code(pf_abq *A, int tp, int64_t id, const pf_abq_set *set, int64_t pos,
                     int64_t *code) {
  *code = 0;
  const pf_abq_scope *s = &A->scopes[A->places[tp].scope];
  const int64_t k = pf_idmap_find(&s->elem_map, id);
  if (k < 0)
    return pf_rd_error(A->rd, pos, "element %lld of %s '%s' is not defined", (long long)id,
                       kind_words[set->kind], set->name);
  *code = s->elem_codes.a[k];
  return PF_OK;
}

/* GENERATE first, last, step: the ids of the range that exist (missing ids are skipped). */
static int emit_range(pf_abq *A, int tp, const pf_abq_set *set, const pf_abq_item *it,
                      pf_abq_result *r) {
  const pf_abq_place *pl = &A->places[tp];
  const pf_abq_scope *s = &A->scopes[pl->scope];
  const int nodes = set->kind == PF_ABQ_NSET;
  const pf_idmap *map = nodes ? &s->node_map : &s->elem_map;
  const pf_i64vec *ids = nodes ? &s->node_ids : &s->elem_all_ids;
  const int64_t count = (it->b - it->a) / it->c + 1;
  /* Walk the range, or for a range much longer than the set of ids, walk the ids. */
  if (count <= 2 * ids->n + 1024) {
    for (int64_t k = 0; k < count; k++) {
      const int64_t j = pf_idmap_find(map, it->a + k * it->c);
      if (j < 0) continue;
      if (nodes)
        PF_CALL(pf_i64vec_push(A->ctx, &r->nodes, pl->node_off + j));
      else
        PF_CALL(emit_code(A, tp, s->elem_codes.a[j], r));
    }
  } else {
    for (int64_t j = 0; j < ids->n; j++) {
      const int64_t id = ids->a[j];
      if (id < it->a || id > it->b || (id - it->a) % it->c) continue;
      if (nodes)
        PF_CALL(pf_i64vec_push(A->ctx, &r->nodes, pl->node_off + j));
      else
        PF_CALL(emit_code(A, tp, s->elem_codes.a[j], r));
    }
  }
  return PF_OK;
}

static int resolve(pf_abq *A, int p, int index, pf_abq_result **out);

/* Set `name` of kind in placement p, or "instance.set" / "instance.id" from the top level or the
 * assembly: *tq, and *index (-1 for an id, then in *qid). */
static int find_set(pf_abq *A, int p, int kind, const char *name, const pf_abq_set *from,
                    int64_t pos, int *tq, int *index, int64_t *qid) {
  const pf_abq_scope *s = &A->scopes[A->places[p].scope];
  *tq = p;
  *qid = 0;
  *index = pf_namemap_get(&s->set_map[kind], name);
  if (*index >= 0) return PF_OK;
  const char *dot = strchr(name, '.');
  if (dot && A->places[p].inst < 0) {
    char inst[512];
    snprintf(inst, sizeof(inst), "%.*s", (int)(dot - name), name);
    const int q = pf_abq_place_of_instance(A, inst);
    if (q >= 0) {
      pf_abq_field f = {dot + 1, (int)strlen(dot + 1)};
      *tq = q;
      if (pf_abq_is_int(&f)) return pf_abq_int(A->rd, &f, pos, 1, "an id", qid);
      *index = pf_namemap_get(&A->scopes[A->places[q].scope].set_map[kind], dot + 1);
      if (*index >= 0) return PF_OK;
      s = &A->scopes[A->places[q].scope];
      name = dot + 1;
    }
  }
  const char **names = NULL;
  int n = 0;
  PF_CALL(PF_CALLOC(A->ctx, s->n_sets, &names));
  for (int i = 0; i < s->n_sets; i++)
    if (s->sets[i].kind == kind) names[n++] = s->sets[i].name;
  const char *near = pf_nearest(name, names, n);
  char hint[600] = "";
  if (near) snprintf(hint, sizeof(hint), " (did you mean '%s'?)", near);
  free(names);
  return pf_rd_error(A->rd, pos, "%s '%s': no %s named '%s'%s", kind_words[from->kind], from->name,
                     kind_words[kind], name, hint);
}

/* Reverses a face, keeping its first corner and its mid-edge nodes on their edges. */
static void flip_face(pf_face_type ft, int64_t *f) {
  int64_t t;
  if (ft == PF_FACE_QUAD4) {
    t = f[1], f[1] = f[3], f[3] = t;
    return;
  }
  t = f[1], f[1] = f[2], f[2] = t;
  if (ft == PF_FACE_TRI6) t = f[3], f[3] = f[5], f[5] = t;
}

/* Face `label` (1..6: S1..S6) of global solid element g -> r. */
static int solid_face(pf_abq *A, int64_t g, int label, const pf_abq_set *set, int64_t pos,
                      pf_abq_result *r) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(A->mesh, g, &t, &e);
  const int64_t id = A->mesh->blocks[t].ids[e];
  const int nf = pf_elem_num_faces(t);
  if (nf == 0)
    return pf_rd_error(A->rd, pos, "surface '%s': element %lld is a %s and has no faces", set->name,
                       (long long)id, pf_elem_name(t));
  if (label < 1 || label > nf)
    return pf_rd_error(A->rd, pos, "surface '%s': %s for element %lld (a %s; expected S1 to S%d)",
                       set->name,
                       label == 0  ? "no face identifier"
                       : label > 6 ? "SPOS/SNEG"
                                   : "a face it does not have",
                       (long long)id, pf_elem_name(t), nf);
  const pf_face_type ft = pf_elem_face_type(t, label - 1);
  const int *local = pf_elem_face_local(t, label - 1), nn = pf_elem_nodes(t);
  for (int a = 0; a < pf_face_nodes(ft); a++)
    PF_CALL(pf_i64vec_push(A->ctx, &r->faces[ft], A->mesh->blocks[t].conn[e * nn + local[a]]));
  return PF_OK;
}

/* The faces of surface elements in s with label none/SPOS (as written) or SNEG (reversed). */
static int element_faces(pf_abq *A, const pf_abq_result *s, int label, const pf_abq_set *set,
                         int64_t pos, pf_abq_result *r) {
  for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
    if (!s->faces[ft].n) continue;
    if (label >= 1 && label <= 6)
      return pf_rd_error(A->rd, pos,
                         "surface '%s': S%d on surface elements (expected SPOS, SNEG "
                         "or no face identifier)",
                         set->name, label);
    const int nn = pf_face_nodes((pf_face_type)ft);
    const int64_t first = r->faces[ft].n;
    PF_CALL(append(A->ctx, &r->faces[ft], &s->faces[ft]));
    if (label == 8)
      for (int64_t k = first; k < r->faces[ft].n; k += nn)
        flip_face((pf_face_type)ft, r->faces[ft].a + k);
  }
  return PF_OK;
}

/* The faces an item of a *SURFACE stands for. */
static int surface_item(pf_abq *A, int tp, const pf_abq_set *set, const pf_abq_item *it,
                        pf_abq_result *r) {
  pf_abq_result *sub = NULL, one;
  memset(&one, 0, sizeof(one));
  int64_t id = it->a;
  int tq = tp, ierr = PF_OK;
  if (it->name) {
    int index;
    PF_CALL(find_set(A, tp, PF_ABQ_ELSET, it->name, set, it->pos, &tq, &index, &id));
    if (index >= 0) PF_CALL(resolve(A, tq, index, &sub));
  }
  if (!sub) { /* one element by id */
    int64_t code;
    PF_CALL(elem_code(A, tq, id, set, it->pos, &code));
    if ((code & 7) == PF_ABQ_SKIPPED)
      return pf_rd_error(A->rd, it->pos, "surface '%s': element %lld is of a type pfsim skips",
                         set->name, (long long)id);
    ierr = emit_code(A, tq, code, &one);
    sub = &one;
  }
  for (int64_t k = 0; !ierr && k < sub->elems.n; k++)
    ierr = solid_face(A, sub->elems.a[k], it->label, set, it->pos, r);
  if (!ierr) ierr = element_faces(A, sub, it->label, set, it->pos, r);
  pf_i64vec_free(&one.elems);
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++) pf_i64vec_free(&one.faces[f]);
  return ierr;
}

/* *NSET, ELSET=: the nodes of the elements (and surface elements) of an element set. */
static int elset_nodes(pf_abq *A, int tp, const pf_abq_set *set, const pf_abq_item *it,
                       pf_abq_result *r) {
  int tq, index;
  int64_t id;
  pf_abq_result *sub;
  PF_CALL(find_set(A, tp, PF_ABQ_ELSET, it->name, set, it->pos, &tq, &index, &id));
  if (index < 0)
    return pf_rd_error(A->rd, it->pos, "%s '%s': expected an element set name, found '%s'",
                       kind_words[set->kind], set->name, it->name);
  PF_CALL(resolve(A, tq, index, &sub));
  for (int64_t k = 0; k < sub->elems.n; k++) {
    pf_elem_type t;
    int64_t e;
    pf_mesh_elem_locate(A->mesh, sub->elems.a[k], &t, &e);
    const int nn = pf_elem_nodes(t);
    for (int a = 0; a < nn; a++)
      PF_CALL(pf_i64vec_push(A->ctx, &r->nodes, A->mesh->blocks[t].conn[e * nn + a]));
  }
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++) PF_CALL(append(A->ctx, &r->nodes, &sub->faces[f]));
  return PF_OK;
}

static int resolve_item(pf_abq *A, int p, const pf_abq_set *set, const pf_abq_item *it,
                        pf_abq_result *r) {
  int tp = p;
  if (it->inst) {
    tp = pf_abq_place_of_instance(A, it->inst);
    if (tp < 0)
      return pf_rd_error(A->rd, it->pos, "INSTANCE=%s: no instance of that name", it->inst);
  }
  switch (it->type) {
    case PF_ABQ_ITEM_IDS:
      for (int64_t k = it->a; k < it->b; k++) {
        const int64_t id = set->ids.a[k];
        if (set->kind == PF_ABQ_NSET) {
          PF_CALL(emit_node_id(A, tp, id, set, it->pos, r));
        } else {
          int64_t code;
          PF_CALL(elem_code(A, tp, id, set, it->pos, &code));
          PF_CALL(emit_code(A, tp, code, r));
        }
      }
      return PF_OK;
    case PF_ABQ_ITEM_RANGE:
      return emit_range(A, tp, set, it, r);
    case PF_ABQ_ITEM_ELSET_NODES:
      return elset_nodes(A, tp, set, it, r);
    case PF_ABQ_ITEM_FACE:
      return surface_item(A, tp, set, it, r);
    default:
      break;
  }
  int tq, index;
  int64_t id;
  PF_CALL(find_set(A, tp, set->kind, it->name, set, it->pos, &tq, &index, &id));
  if (index >= 0) {
    pf_abq_result *sub;
    PF_CALL(resolve(A, tq, index, &sub));
    return append_all(A->ctx, r, sub);
  }
  if (set->kind == PF_ABQ_NSET) return emit_node_id(A, tq, id, set, it->pos, r);
  int64_t code;
  PF_CALL(elem_code(A, tq, id, set, it->pos, &code));
  return emit_code(A, tq, code, r);
}

static int resolve(pf_abq *A, int p, int index, pf_abq_result **out) {
  pf_abq_place *pl = &A->places[p];
  const pf_abq_set *set = &A->scopes[pl->scope].sets[index];
  *out = pl->memo[index];
  if (pl->state[index] == 2) return PF_OK;
  if (pl->state[index] == 1)
    return pf_rd_error(A->rd, set->pos, "%s '%s' contains itself through the sets it names",
                       kind_words[set->kind], set->name);
  pl->state[index] = 1;
  PF_CALL(PF_CALLOC(A->ctx, 1, &pl->memo[index]));
  pf_abq_result *r = pl->memo[index];
  for (int64_t k = 0; k < set->n_items; k++) PF_CALL(resolve_item(A, p, set, &set->items[k], r));
  pl->state[index] = 2;
  *out = r;
  return PF_OK;
}

/* May the set (kind, name) of instance placement p also go by its plain name? */
static int plain_alias(const pf_abq *A, int p, int kind, const char *name) {
  for (int q = 0; q < A->n_places; q++)
    if (q != p && pf_namemap_get(&A->scopes[A->places[q].scope].set_map[kind], name) >= 0) return 0;
  return 1;
}

static int emit(pf_abq *A, int kind, const char *name, const pf_abq_result *r) {
  pf_context *ctx = A->ctx;
  pf_mesh *m = A->mesh;
  int64_t n_faces = 0;
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++) n_faces += r->faces[f].n;
  if (kind == PF_ABQ_NSET) return pf_mesh_nset_add(ctx, m, name, r->nodes.a, r->nodes.n);
  if (kind == PF_ABQ_ELSET && (r->elems.n || !n_faces))
    PF_CALL(pf_mesh_elset_add(ctx, m, name, r->elems.a, r->elems.n));
  if (kind == PF_ABQ_SURF && !n_faces) return pf_mesh_surface_add(ctx, m, name, 0, NULL, 0);
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++)
    if (r->faces[f].n)
      PF_CALL(pf_mesh_surface_add(ctx, m, name, (pf_face_type)f, r->faces[f].a,
                                  r->faces[f].n / pf_face_nodes((pf_face_type)f)));
  return PF_OK;
}

int pf_abq_build_sets(pf_abq *A) {
  for (int p = 0; p < A->n_places; p++) {
    const pf_abq_place *pl = &A->places[p];
    const pf_abq_scope *s = &A->scopes[pl->scope];
    for (int i = 0; i < s->n_sets; i++) {
      const pf_abq_set *set = &s->sets[i];
      pf_abq_result *r;
      PF_CALL(resolve(A, p, i, &r));
      if (pl->inst < 0) {
        PF_CALL(emit(A, set->kind, set->name, r));
        continue;
      }
      const char *inst = A->inst[pl->inst].name;
      char *full = NULL;
      PF_CALL(PF_CALLOC(A->ctx, strlen(inst) + strlen(set->name) + 2, &full));
      sprintf(full, "%s.%s", inst, set->name);
      int ierr = emit(A, set->kind, full, r);
      free(full);
      PF_CALL(ierr);
      if (plain_alias(A, p, set->kind, set->name)) PF_CALL(emit(A, set->kind, set->name, r));
    }
  }
  return PF_OK;
}

void pf_abq_free_results(pf_abq *A) {
  for (int p = 0; p < A->n_places; p++) {
    const pf_abq_place *pl = &A->places[p];
    for (int i = 0; i < A->scopes[pl->scope].n_sets; i++) {
      pf_abq_result *r = pl->memo ? pl->memo[i] : NULL;
      if (!r) continue;
      pf_i64vec_free(&r->nodes);
      pf_i64vec_free(&r->elems);
      for (int f = 0; f < PF_FACE_NUM_TYPES; f++) pf_i64vec_free(&r->faces[f]);
      free(r);
      pl->memo[i] = NULL;
    }
  }
}
