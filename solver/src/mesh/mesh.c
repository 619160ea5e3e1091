/* Mesh life cycle, notes and bounding box. */
#include <stdarg.h>
#include <stdlib.h>

#include "mesh/pf_mesh.h"

int pf_mesh_create(pf_context *ctx, pf_mesh **mesh) {
  PF_CALL(PF_CALLOC(ctx, 1, mesh));
  return PF_OK;
}

void pf_mesh_destroy(pf_mesh **mesh) {
  if (!mesh || !*mesh) return;
  pf_mesh *m = *mesh;
  free(m->source);
  free(m->x);
  free(m->node_ids);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    free(m->blocks[t].conn);
    free(m->blocks[t].ids);
  }
  for (int i = 0; i < m->n_elsets; i++) {
    free(m->elsets[i].name);
    free(m->elsets[i].elems);
  }
  free(m->elsets);
  for (int i = 0; i < m->n_nsets; i++) {
    free(m->nsets[i].name);
    free(m->nsets[i].nodes);
  }
  free(m->nsets);
  for (int i = 0; i < m->n_surfaces; i++) {
    free(m->surfaces[i].name);
    for (int f = 0; f < PF_FACE_NUM_TYPES; f++) {
      free(m->surfaces[i].conn[f]);
      free(m->surfaces[i].parent[f]);
    }
  }
  free(m->surfaces);
  for (int i = 0; i < m->n_elem_data; i++) {
    free(m->elem_data[i].name);
    free(m->elem_data[i].values);
  }
  free(m->elem_data);
  for (int i = 0; i < m->n_notes; i++) free(m->notes[i]);
  free(m->notes);
  free(m);
  *mesh = NULL;
}

int pf_mesh_add_note(pf_context *ctx, pf_mesh *mesh, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  PF_CALL(PF_REALLOC(ctx, mesh->n_notes + 1, &mesh->notes));
  mesh->notes[mesh->n_notes] = NULL;
  PF_CALL(pf_strdup(ctx, buf, &mesh->notes[mesh->n_notes]));
  mesh->n_notes++;
  return PF_OK;
}

void pf_mesh_bbox(const pf_mesh *mesh, double bbox[6]) {
  for (int i = 0; i < 3; i++) {
    bbox[i] = 1e300;
    bbox[3 + i] = -1e300;
  }
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_block *b = &mesh->blocks[t];
    const int64_t n = b->count * pf_elem_nodes((pf_elem_type)t);
    for (int64_t k = 0; k < n; k++) {
      const double *x = mesh->x + 3 * b->conn[k];
      for (int i = 0; i < 3; i++) {
        if (x[i] < bbox[i]) bbox[i] = x[i];
        if (x[i] > bbox[3 + i]) bbox[3 + i] = x[i];
      }
    }
  }
}
