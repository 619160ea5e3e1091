/* Look-ups of element sets, node sets, surfaces and element data by name, and the nodes a name
 * stands for. */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh.h"

/* Exact name first, then case-insensitive (the first in order). */
#define PF_FIND_BY_NAME(array, count, name)                  \
  do {                                                       \
    if (!(name)) return -1;                                  \
    for (int i_ = 0; i_ < (count); i_++)                     \
      if (!strcmp((array)[i_].name, (name))) return i_;      \
    for (int i_ = 0; i_ < (count); i_++)                     \
      if (pf_strcaseeq((array)[i_].name, (name))) return i_; \
    return -1;                                               \
  } while (0)

int pf_mesh_find_elset(const pf_mesh *mesh, const char *name) {
  PF_FIND_BY_NAME(mesh->elsets, mesh->n_elsets, name);
}

int pf_mesh_find_nset(const pf_mesh *mesh, const char *name) {
  PF_FIND_BY_NAME(mesh->nsets, mesh->n_nsets, name);
}

int pf_mesh_find_surface(const pf_mesh *mesh, const char *name) {
  PF_FIND_BY_NAME(mesh->surfaces, mesh->n_surfaces, name);
}

int pf_mesh_find_elem_data(const pf_mesh *mesh, const char *name) {
  PF_FIND_BY_NAME(mesh->elem_data, mesh->n_elem_data, name);
}

/* Marks rows[0..n-1] in mark and counts the newly marked. */
static int64_t mark_rows(unsigned char *mark, const int64_t *rows, int64_t n) {
  int64_t added = 0;
  for (int64_t i = 0; i < n; i++)
    if (!mark[rows[i]]) {
      mark[rows[i]] = 1;
      added++;
    }
  return added;
}

/* The error for an unknown name: the nearest name, or a few of the names there are. */
static int unknown_name(pf_context *ctx, const pf_mesh *mesh, const char *name) {
  const int n = mesh->n_nsets + mesh->n_surfaces + mesh->n_elsets;
  const char **names = NULL;
  PF_CALL(PF_CALLOC(ctx, n, &names));
  int k = 0;
  for (int i = 0; i < mesh->n_nsets; i++) names[k++] = mesh->nsets[i].name;
  for (int i = 0; i < mesh->n_surfaces; i++) names[k++] = mesh->surfaces[i].name;
  for (int i = 0; i < mesh->n_elsets; i++) names[k++] = mesh->elsets[i].name;
  const char *near = pf_nearest(name, names, n);
  char hint[512];
  if (near) {
    snprintf(hint, sizeof(hint), "did you mean '%s'?", near);
  } else if (n == 0) {
    snprintf(hint, sizeof(hint), "the mesh defines no sets");
  } else {
    size_t len = (size_t)snprintf(hint, sizeof(hint), "available:");
    int shown = 0;
    for (int i = 0; i < n && shown < 8; i++) {
      int seen = 0; /* a name may be a node set and an element set at once */
      for (int j = 0; j < i && !seen; j++) seen = !strcmp(names[i], names[j]);
      if (seen) continue;
      if (len < sizeof(hint))
        len +=
            (size_t)snprintf(hint + len, sizeof(hint) - len, "%s '%s'", shown ? "," : "", names[i]);
      shown++;
    }
    if (shown == 8 && len < sizeof(hint)) snprintf(hint + len, sizeof(hint) - len, ", ...");
  }
  free(names);
  return PF_ERROR(ctx, PF_ERR_INPUT, "no node set, surface or element set named '%s' in %s (%s)",
                  name, mesh->source ? mesh->source : "the mesh", hint);
}

int pf_mesh_nodes_of(pf_context *ctx, const pf_mesh *mesh, const char *name, int64_t **nodes,
                     int64_t *count) {
  *nodes = NULL;
  *count = 0;
  const int ns = pf_mesh_find_nset(mesh, name);
  if (ns >= 0) {
    const pf_nset *s = &mesh->nsets[ns];
    PF_CALL(PF_CALLOC(ctx, s->count, nodes));
    if (s->count) memcpy(*nodes, s->nodes, (size_t)s->count * sizeof(**nodes));
    *count = s->count;
    return PF_OK;
  }
  const int sf = pf_mesh_find_surface(mesh, name);
  const int es = sf >= 0 ? -1 : pf_mesh_find_elset(mesh, name);
  if (sf < 0 && es < 0) return unknown_name(ctx, mesh, name ? name : "");
  unsigned char *mark = NULL;
  PF_CALL(PF_CALLOC(ctx, mesh->n_nodes, &mark));
  int64_t n = 0;
  if (sf >= 0) {
    const pf_surface *s = &mesh->surfaces[sf];
    for (int t = 0; t < PF_FACE_NUM_TYPES; t++)
      n += mark_rows(mark, s->conn[t], s->count[t] * pf_face_nodes((pf_face_type)t));
  } else {
    const pf_elset *s = &mesh->elsets[es];
    for (int64_t i = 0; i < s->count; i++) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(mesh, s->elems[i], &t, &e);
      const int nn = pf_elem_nodes(t);
      n += mark_rows(mark, mesh->blocks[t].conn + e * nn, nn);
    }
  }
  int ierr = PF_CALLOC(ctx, n, nodes);
  if (!ierr) {
    int64_t k = 0;
    for (int64_t r = 0; r < mesh->n_nodes; r++)
      if (mark[r]) (*nodes)[k++] = r;
    *count = n;
  }
  free(mark);
  return ierr;
}
