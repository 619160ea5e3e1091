/* Abaqus .inp reader: from scopes to the mesh.
 *
 * A flat deck (no *PART) is one scope, placed as read. With parts, every *INSTANCE places a copy
 * of its part's nodes (translated, then rotated: Abaqus Keywords Reference, *INSTANCE) and
 * elements; the top level and assembly-level nodes (reference points) are placed too. Mesh rows
 * follow that order: top level, instances in deck order, assembly.
 *
 * Ids stay unique with several placements: placement k (0-based, in the order above) adds
 * k * S to every node and element id of its scope, S being the smallest power of ten above every
 * id in the deck. The first placement keeps its ids, so a deck with one instance has the ids of
 * the same mesh written flat; with S = 1000, node 12 of the second instance is 1012.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_abaqus.h"

int pf_abq_prepare(pf_abq *A, pf_abq_scope *s) {
  if (s->prepared) return PF_OK;
  pf_reader *rd = A->rd;
  const char *in = s->kind == PF_ABQ_PART ? " in part '" : "";
  const char *in_end = s->kind == PF_ABQ_PART ? "'" : "";
  const char *part = s->kind == PF_ABQ_PART ? s->name : "";
  int64_t dup, first;
  PF_CALL(pf_idmap_build(A->ctx, s->node_ids.a, s->node_ids.n, &s->node_map, &dup, &first));
  if (dup >= 0)
    return pf_rd_error(
        rd, s->node_pos.a[dup], "node %lld is defined twice%s%s%s (first at %s:%lld)",
        (long long)s->node_ids.a[dup], in, part, in_end, pf_rd_path(rd, s->node_pos.a[first]),
        (long long)pf_rd_line(rd, s->node_pos.a[first]));
  for (int k = 0; k < PF_ABQ_KINDS; k++)
    for (int64_t i = 0; i < s->el_ids[k].n; i++) {
      PF_CALL(pf_i64vec_push(A->ctx, &s->elem_all_ids, s->el_ids[k].a[i]));
      PF_CALL(pf_i64vec_push(A->ctx, &s->elem_codes, (i << 3) | k));
    }
  PF_CALL(pf_idmap_build(A->ctx, s->elem_all_ids.a, s->elem_all_ids.n, &s->elem_map, &dup, &first));
  if (dup >= 0) {
    const int64_t c = s->elem_codes.a[dup], c0 = s->elem_codes.a[first];
    const int64_t pos = s->el_pos[c & 7].a[c >> 3], pos0 = s->el_pos[c0 & 7].a[c0 >> 3];
    return pf_rd_error(rd, pos, "element %lld is defined twice%s%s%s (first at %s:%lld)",
                       (long long)s->elem_all_ids.a[dup], in, part, in_end, pf_rd_path(rd, pos0),
                       (long long)pf_rd_line(rd, pos0));
  }
  for (int k = 0; k < PF_ABQ_SKIPPED; k++) {
    const int nn = (int)(s->el_ids[k].n ? s->el_conn[k].n / s->el_ids[k].n : 0);
    for (int64_t j = 0; j < s->el_conn[k].n; j++) {
      const int64_t id = s->el_conn[k].a[j];
      if (id < 0) continue; /* "instance.node", resolved when placed */
      const int64_t r = pf_idmap_find(&s->node_map, id);
      if (r < 0)
        return pf_rd_error(rd, s->el_pos[k].a[j / nn],
                           "element %lld references node %lld, which is not defined%s%s%s",
                           (long long)s->el_ids[k].a[j / nn], (long long)id, in, part, in_end);
      s->el_conn[k].a[j] = r;
    }
  }
  s->prepared = 1;
  return PF_OK;
}

int pf_abq_place_of_instance(const pf_abq *A, const char *name) {
  const int i = pf_namemap_get(&A->inst_map, name);
  if (i < 0) return -1;
  for (int p = 0; p < A->n_places; p++)
    if (A->places[p].inst == i) return p;
  return -1;
}

/* x -> translated, then rotated about the axis a -> b (Rodrigues' formula). */
static void place_point(const pf_abq_instance *in, const double *x, double *y) {
  for (int i = 0; i < 3; i++) y[i] = x[i] + in->t[i];
  if (!in->rotate) return;
  double n[3] = {in->b[0] - in->a[0], in->b[1] - in->a[1], in->b[2] - in->a[2]};
  const double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  for (int i = 0; i < 3; i++) n[i] /= len;
  const double v[3] = {y[0] - in->a[0], y[1] - in->a[1], y[2] - in->a[2]};
  const double th = in->angle * (M_PI / 180.0), c = cos(th), s = sin(th);
  const double nv = n[0] * v[0] + n[1] * v[1] + n[2] * v[2];
  const double nxv[3] = {n[1] * v[2] - n[2] * v[1], n[2] * v[0] - n[0] * v[2],
                         n[0] * v[1] - n[1] * v[0]};
  for (int i = 0; i < 3; i++) y[i] = in->a[i] + v[i] * c + nxv[i] * s + n[i] * nv * (1.0 - c);
}

static int scope_has_content(const pf_abq_scope *s) {
  if (s->node_ids.n || s->n_sets) return 1;
  for (int k = 0; k < PF_ABQ_KINDS; k++)
    if (s->el_ids[k].n) return 1;
  return 0;
}

static int add_place(pf_abq *A, int scope, int inst) {
  PF_CALL(PF_REALLOC(A->ctx, A->n_places + 1, &A->places));
  pf_abq_place *p = &A->places[A->n_places++];
  memset(p, 0, sizeof(*p));
  p->scope = scope;
  p->inst = inst;
  const int n = A->scopes[scope].n_sets;
  PF_CALL(PF_CALLOC(A->ctx, n, &p->memo));
  PF_CALL(PF_CALLOC(A->ctx, n, &p->state));
  return PF_OK;
}

/* Which scopes are placed, in which order. */
static int choose_places(pf_abq *A) {
  for (int i = 0; i < A->n_inst; i++) {
    pf_abq_instance *in = &A->inst[i];
    in->scope = pf_namemap_get(&A->part_map, in->part);
    if (in->scope < 0) {
      const char **names = NULL;
      int n = 0;
      PF_CALL(PF_CALLOC(A->ctx, A->n_scopes, &names));
      for (int k = 0; k < A->n_scopes; k++)
        if (A->scopes[k].kind == PF_ABQ_PART) names[n++] = A->scopes[k].name;
      const char *near = pf_nearest(in->part, names, n);
      free(names);
      return pf_rd_error(A->rd, in->pos, "*INSTANCE '%s': no *PART named '%s'%s%s%s", in->name,
                         in->part, near ? " (did you mean '" : "", near ? near : "",
                         near ? "'?)" : "");
    }
  }
  int n_parts = 0, first_part = -1;
  for (int k = 0; k < A->n_scopes; k++)
    if (A->scopes[k].kind == PF_ABQ_PART) {
      int used = 0;
      for (int i = 0; i < A->n_inst && !used; i++) used = A->inst[i].scope == k;
      if (!used && first_part < 0) first_part = k;
      n_parts++;
      if (!used && A->n_inst)
        PF_CALL(pf_mesh_add_note(A->ctx, A->mesh,
                                 "part '%s' is placed by no *INSTANCE; its "
                                 "mesh is not used",
                                 A->scopes[k].name));
    }
  if (A->n_inst == 0 && n_parts > 0 && !scope_has_content(&A->scopes[0]))
    return pf_rd_error(A->rd, A->scopes[first_part].pos,
                       "*PART '%s' is placed by no *INSTANCE (expected an *ASSEMBLY with "
                       "*INSTANCE, NAME=..., PART=%s)",
                       A->scopes[first_part].name, A->scopes[first_part].name);
  if (A->n_inst == 0 || scope_has_content(&A->scopes[0])) PF_CALL(add_place(A, 0, -1));
  for (int i = 0; i < A->n_inst; i++) PF_CALL(add_place(A, A->inst[i].scope, i));
  if (A->assembly >= 0 && scope_has_content(&A->scopes[A->assembly]))
    PF_CALL(add_place(A, A->assembly, -1));
  return PF_OK;
}

/* Id offsets and first rows of every placement. */
static int lay_out(pf_abq *A, int64_t *n_nodes, int64_t n_elems[PF_ELEM_NUM_TYPES]) {
  int64_t max_id = 0;
  for (int p = 0; p < A->n_places; p++) {
    const pf_abq_scope *s = &A->scopes[A->places[p].scope];
    for (int64_t i = 0; i < s->node_ids.n; i++)
      if (s->node_ids.a[i] > max_id) max_id = s->node_ids.a[i];
    for (int64_t i = 0; i < s->elem_all_ids.n; i++)
      if (s->elem_all_ids.a[i] > max_id) max_id = s->elem_all_ids.a[i];
  }
  int64_t stride = 10;
  while (stride <= max_id && stride <= INT64_MAX / 10) stride *= 10;
  if (A->n_places > 1 && (stride <= max_id || (INT64_MAX - max_id) / stride < A->n_places))
    return pf_rd_error(A->rd, A->places[1].inst >= 0 ? A->inst[A->places[1].inst].pos : 0,
                       "ids up to %lld are too large to number %d placed copies apart",
                       (long long)max_id, A->n_places);
  *n_nodes = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) n_elems[t] = 0;
  for (int p = 0; p < A->n_places; p++) {
    pf_abq_place *pl = &A->places[p];
    const pf_abq_scope *s = &A->scopes[pl->scope];
    pl->id_off = A->n_places > 1 ? p * stride : 0;
    pl->node_off = *n_nodes;
    *n_nodes += s->node_ids.n;
    for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
      pl->elem_off[t] = n_elems[t];
      n_elems[t] += s->el_ids[t].n;
    }
  }
  return PF_OK;
}

int pf_abq_qualified_node(pf_abq *A, const char *ref, int64_t pos, int64_t *row) {
  const char *dot = strchr(ref, '.');
  char inst[512];
  snprintf(inst, sizeof(inst), "%.*s", (int)(dot - ref), ref);
  const int q = pf_abq_place_of_instance(A, inst);
  if (q < 0) return pf_rd_error(A->rd, pos, "node '%s': no instance named '%s'", ref, inst);
  pf_abq_field f = {dot + 1, (int)strlen(dot + 1)};
  int64_t id;
  PF_CALL(pf_abq_int(A->rd, &f, pos, 1, "a node id after the instance name", &id));
  const pf_abq_scope *s = &A->scopes[A->places[q].scope];
  const int64_t r = pf_idmap_find(&s->node_map, id);
  if (r < 0)
    return pf_rd_error(A->rd, pos, "node '%s': instance '%s' has no node %lld", ref, inst,
                       (long long)id);
  *row = A->places[q].node_off + r;
  return PF_OK;
}

/* Copies every placement's nodes and elements into the mesh. */
static int fill_mesh(pf_abq *A, int64_t n_nodes, const int64_t n_elems[PF_ELEM_NUM_TYPES]) {
  pf_mesh *m = A->mesh;
  PF_CALL(PF_CALLOC(A->ctx, 3 * n_nodes, &m->x));
  PF_CALL(PF_CALLOC(A->ctx, n_nodes, &m->node_ids));
  m->n_nodes = n_nodes;
  m->elem_offset[0] = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int nn = pf_elem_nodes((pf_elem_type)t);
    PF_CALL(PF_CALLOC(A->ctx, n_elems[t], &m->blocks[t].ids));
    PF_CALL(PF_CALLOC(A->ctx, n_elems[t] * nn, &m->blocks[t].conn));
    m->blocks[t].count = n_elems[t];
    m->elem_offset[t + 1] = m->elem_offset[t] + n_elems[t];
  }
  for (int p = 0; p < A->n_places; p++) {
    const pf_abq_place *pl = &A->places[p];
    const pf_abq_scope *s = &A->scopes[pl->scope];
    const pf_abq_instance *in = pl->inst >= 0 ? &A->inst[pl->inst] : NULL;
    for (int64_t i = 0; i < s->node_ids.n; i++) {
      const int64_t r = pl->node_off + i;
      m->node_ids[r] = s->node_ids.a[i] + pl->id_off;
      if (in)
        place_point(in, s->x.a + 3 * i, m->x + 3 * r);
      else
        memcpy(m->x + 3 * r, s->x.a + 3 * i, 3 * sizeof(double));
    }
    for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
      const int nn = pf_elem_nodes((pf_elem_type)t);
      pf_elem_block *b = &m->blocks[t];
      for (int64_t e = 0; e < s->el_ids[t].n; e++) {
        const int64_t g = pl->elem_off[t] + e;
        b->ids[g] = s->el_ids[t].a[e] + pl->id_off;
        for (int a = 0; a < nn; a++) {
          const int64_t v = s->el_conn[t].a[e * nn + a];
          if (v >= 0)
            b->conn[g * nn + a] = pl->node_off + v;
          else
            PF_CALL(
                pf_abq_qualified_node(A, s->qref[-v - 1], s->el_pos[t].a[e], &b->conn[g * nn + a]));
        }
      }
    }
  }
  return PF_OK;
}

int pf_abq_build(pf_abq *A) {
  int ierr;
  int64_t n_nodes = 0, n_elems[PF_ELEM_NUM_TYPES] = {0};
  PF_CALL_GOTO(ierr, done, choose_places(A));
  for (int p = 0; p < A->n_places; p++)
    PF_CALL_GOTO(ierr, done, pf_abq_prepare(A, &A->scopes[A->places[p].scope]));
  PF_CALL_GOTO(ierr, done, lay_out(A, &n_nodes, n_elems));
  PF_CALL_GOTO(ierr, done, fill_mesh(A, n_nodes, n_elems));
  PF_CALL_GOTO(ierr, done, pf_abq_build_sets(A));
done:
  pf_abq_free_results(A);
  for (int p = 0; p < A->n_places; p++) {
    free(A->places[p].memo);
    free(A->places[p].state);
  }
  free(A->places);
  A->places = NULL;
  A->n_places = 0;
  return ierr;
}

int pf_abaqus_parse(pf_reader *rd, pf_mesh *mesh) {
  pf_abq A;
  memset(&A, 0, sizeof(A));
  A.rd = rd;
  A.ctx = rd->ctx;
  A.mesh = mesh;
  A.assembly = -1;
  A.in_instance = -1;
  A.part_map.nocase = A.inst_map.nocase = A.noted.nocase = 1;
  A.lx.rd = rd;
  A.lx.depth = 1;
  A.lx.file[0] = 0;
  int root;
  int ierr = pf_abq_scope_new(&A, "", PF_ABQ_ROOT, PF_POS(0, 0), &root);
  if (!ierr) ierr = pf_abq_read_deck(&A);
  if (!ierr) ierr = pf_abq_build(&A);
  pf_abq_free(&A);
  return ierr;
}
