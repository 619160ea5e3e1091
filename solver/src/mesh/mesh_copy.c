/* Deep copy of a mesh: a run that reuses a mesh kept in the context gets its own (it scales the
 * coordinates and may change the mesh). */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh.h"

/* *out = a copy of count items of size bytes at src (NULL when count is 0 or src is NULL). */
static int dup_array(pf_context *ctx, const void *src, int64_t count, size_t size, void *out) {
  void **dst = out;
  *dst = NULL;
  if (!src || count <= 0) return PF_OK;
  PF_CALL(pf_calloc_(ctx, (size_t)count, size, dst, __FILE__, __LINE__, __func__));
  memcpy(*dst, src, (size_t)count * size);
  return PF_OK;
}

/* The copy is built into c, whose counts only grow once the array they count exists, so that
 * pf_mesh_destroy frees a partial copy after a failed allocation. */
static int copy_into(pf_context *ctx, const pf_mesh *m, pf_mesh *c) {
  PF_CALL(pf_strdup(ctx, m->source, &c->source));
  c->n_nodes = m->n_nodes;
  PF_CALL(dup_array(ctx, m->x, 3 * m->n_nodes, sizeof(double), &c->x));
  PF_CALL(dup_array(ctx, m->node_ids, m->n_nodes, sizeof(int64_t), &c->node_ids));
  memcpy(c->elem_offset, m->elem_offset, sizeof(c->elem_offset));
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_block *b = &m->blocks[t];
    c->blocks[t].count = b->count;
    PF_CALL(dup_array(ctx, b->conn, b->count * pf_elem_nodes((pf_elem_type)t), sizeof(int64_t),
                      &c->blocks[t].conn));
    PF_CALL(dup_array(ctx, b->ids, b->count, sizeof(int64_t), &c->blocks[t].ids));
  }
  if (m->n_elsets) PF_CALL(PF_CALLOC(ctx, m->n_elsets, &c->elsets));
  for (; c->n_elsets < m->n_elsets; c->n_elsets++) {
    const pf_elset *s = &m->elsets[c->n_elsets];
    pf_elset *d = &c->elsets[c->n_elsets];
    d->count = s->count;
    PF_CALL(pf_strdup(ctx, s->name, &d->name));
    PF_CALL(dup_array(ctx, s->elems, s->count, sizeof(int64_t), &d->elems));
  }
  if (m->n_nsets) PF_CALL(PF_CALLOC(ctx, m->n_nsets, &c->nsets));
  for (; c->n_nsets < m->n_nsets; c->n_nsets++) {
    const pf_nset *s = &m->nsets[c->n_nsets];
    pf_nset *d = &c->nsets[c->n_nsets];
    d->count = s->count;
    PF_CALL(pf_strdup(ctx, s->name, &d->name));
    PF_CALL(dup_array(ctx, s->nodes, s->count, sizeof(int64_t), &d->nodes));
  }
  if (m->n_surfaces) PF_CALL(PF_CALLOC(ctx, m->n_surfaces, &c->surfaces));
  for (; c->n_surfaces < m->n_surfaces; c->n_surfaces++) {
    const pf_surface *s = &m->surfaces[c->n_surfaces];
    pf_surface *d = &c->surfaces[c->n_surfaces];
    PF_CALL(pf_strdup(ctx, s->name, &d->name));
    for (int f = 0; f < PF_FACE_NUM_TYPES; f++) {
      d->count[f] = s->count[f];
      PF_CALL(dup_array(ctx, s->conn[f], s->count[f] * pf_face_nodes((pf_face_type)f),
                        sizeof(int64_t), &d->conn[f]));
      PF_CALL(dup_array(ctx, s->parent[f], s->count[f], sizeof(int64_t), &d->parent[f]));
    }
  }
  const int64_t n_elements = m->elem_offset[PF_ELEM_NUM_TYPES];
  if (m->n_elem_data) PF_CALL(PF_CALLOC(ctx, m->n_elem_data, &c->elem_data));
  for (; c->n_elem_data < m->n_elem_data; c->n_elem_data++) {
    const pf_elem_data *s = &m->elem_data[c->n_elem_data];
    pf_elem_data *d = &c->elem_data[c->n_elem_data];
    d->components = s->components;
    PF_CALL(pf_strdup(ctx, s->name, &d->name));
    PF_CALL(dup_array(ctx, s->values, n_elements * s->components, sizeof(double), &d->values));
  }
  if (m->n_notes) PF_CALL(PF_CALLOC(ctx, m->n_notes, &c->notes));
  for (; c->n_notes < m->n_notes; c->n_notes++)
    PF_CALL(pf_strdup(ctx, m->notes[c->n_notes], &c->notes[c->n_notes]));
  return PF_OK;
}

int pf_mesh_copy(pf_context *ctx, const pf_mesh *mesh, pf_mesh **copy) {
  *copy = NULL;
  pf_mesh *c;
  PF_CALL(pf_mesh_create(ctx, &c));
  const int rc = copy_into(ctx, mesh, c);
  if (rc < 0) {
    pf_mesh_destroy(&c);
    return rc;
  }
  *copy = c;
  return PF_OK;
}
