/* gmsh .msh 4.1 reader: the binary encoding of $Entities, $Nodes, $Elements and the entries of
 * $ElementData (data size 8: size_t is 8 bytes, int 4, double 8, in the byte order checked in
 * $MeshFormat). Every count is checked against the bytes left before anything is allocated or
 * read. */
#include <stdint.h>
#include <string.h>

#include "mesh/pf_gmsh.h"

static int bin_bytes(pf_gmsh *g, void *out, size_t n, const char *what) {
  if (g->size - g->cur < n) {
    memset(out, 0, n);
    return pf_gmsh_eof(g, what);
  }
  memcpy(out, g->data + g->cur, n);
  g->cur += n;
  return PF_OK;
}

static int bin_size(pf_gmsh *g, int64_t *v, const char *what) {
  *v = 0;
  const int64_t pos = PF_POS(0, g->cur);
  uint64_t u;
  PF_CALL(bin_bytes(g, &u, sizeof(u), what));
  if (u > (uint64_t)INT64_MAX)
    return pf_rd_error(g->rd, pos, "%s %llu is out of range", what, (unsigned long long)u);
  *v = (int64_t)u;
  return PF_OK;
}

static int bin_int(pf_gmsh *g, int *v, const char *what) {
  return bin_bytes(g, v, sizeof(*v), what);
}

static int bin_real(pf_gmsh *g, double *v, const char *what) {
  const int64_t pos = PF_POS(0, g->cur);
  PF_CALL(bin_bytes(g, v, sizeof(*v), what));
  if (!(*v - *v == 0.0)) return pf_rd_error(g->rd, pos, "%s is not a finite number", what);
  return PF_OK;
}

/* Fails unless count items of size bytes each fit in the rest of the file. */
static int bin_room(pf_gmsh *g, int64_t count, int64_t size, int64_t pos, const char *what) {
  if (count > (int64_t)(g->size - g->cur) / size)
    return pf_rd_error(g->rd, pos,
                       "%s: %lld entries declared but the rest of the file holds at most %lld "
                       "(the file is truncated or the count is wrong)",
                       what, (long long)count, (long long)((int64_t)(g->size - g->cur) / size));
  return PF_OK;
}

int pf_gmsh_binary_entities(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  const int64_t header = PF_POS(0, g->cur);
  int64_t count[4];
  for (int d = 0; d < 4; d++) PF_CALL(bin_size(g, &count[d], "an entity count"));
  PF_CALL(pf_gmsh_entities_begin(g, count, 36, header));
  for (int d = 0; d < 4; d++)
    for (int64_t i = 0; i < count[d]; i++) {
      int tag, v;
      double box[6];
      int64_t n_phys, n_bound;
      PF_CALL(bin_int(g, &tag, "an entity tag"));
      PF_CALL(bin_bytes(g, box, sizeof(double) * (d == 0 ? 3 : 6), "entity coordinates"));
      int64_t pos = PF_POS(0, g->cur);
      PF_CALL(bin_size(g, &n_phys, "the number of physical tags"));
      PF_CALL(bin_room(g, n_phys, 4, pos, "physical tags of an entity"));
      for (int64_t k = 0; k < n_phys; k++) {
        PF_CALL(bin_int(g, &v, "a physical tag"));
        PF_CALL(pf_i64vec_push(ctx, &g->phys, v));
      }
      PF_CALL(pf_gmsh_add_entity(g, d, tag, (int)n_phys));
      if (d > 0) {
        pos = PF_POS(0, g->cur);
        PF_CALL(bin_size(g, &n_bound, "the number of bounding entities"));
        PF_CALL(bin_room(g, n_bound, 4, pos, "bounding entities"));
        g->cur += (size_t)n_bound * 4;
      }
    }
  return PF_OK;
}

int pf_gmsh_binary_nodes(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  const int64_t header = PF_POS(0, g->cur);
  int64_t n_blocks, n_nodes, lo, hi;
  PF_CALL(bin_size(g, &n_blocks, "the number of node blocks"));
  PF_CALL(bin_size(g, &n_nodes, "the number of nodes"));
  PF_CALL(bin_size(g, &lo, "the smallest node tag"));
  PF_CALL(bin_size(g, &hi, "the largest node tag"));
  PF_CALL(pf_gmsh_nodes_begin(g, n_nodes, 32, header));
  int64_t total = 0;
  for (int64_t b = 0; b < n_blocks; b++) {
    const int64_t block = PF_POS(0, g->cur);
    int dim, tag, parametric;
    int64_t n;
    PF_CALL(bin_int(g, &dim, "the dimension of a node block"));
    PF_CALL(bin_int(g, &tag, "an entity tag"));
    PF_CALL(bin_int(g, &parametric, "the parametric flag"));
    PF_CALL(bin_size(g, &n, "the number of nodes in the block"));
    if (dim < 0 || dim > 3 || parametric < 0 || parametric > 1)
      return pf_rd_error(g->rd, block,
                         "node block of dimension %d with parametric flag %d (expected 0 to 3, "
                         "and 0 or 1)",
                         dim, parametric);
    if (n > n_nodes - total)
      return pf_rd_error(g->rd, block,
                         "the node block holds %lld nodes, more than the %lld that $Nodes "
                         "declares",
                         (long long)n, (long long)n_nodes);
    const int per = 3 + (parametric ? dim : 0);
    PF_CALL(bin_room(g, n, 8 * (1 + per), block, "nodes of a block"));
    for (int64_t i = 0; i < n; i++) {
      const int64_t pos = PF_POS(0, g->cur);
      int64_t t;
      PF_CALL(bin_size(g, &t, "a node tag"));
      if (t < 1) return pf_rd_error(g->rd, pos, "node tag %lld (expected >= 1)", (long long)t);
      PF_CALL(pf_i64vec_push(ctx, &g->node_ids, t));
      PF_CALL(pf_i64vec_push(ctx, &g->node_pos, pos));
    }
    for (int64_t i = 0; i < n; i++) {
      double xu[6];
      for (int k = 0; k < per; k++) PF_CALL(bin_real(g, &xu[k], "a node coordinate"));
      for (int k = 0; k < 3; k++) PF_CALL(pf_dvec_push(ctx, &g->x, xu[k]));
    }
    total += n;
  }
  if (total != n_nodes)
    return pf_rd_error(g->rd, header, "$Nodes declares %lld nodes but its blocks hold %lld",
                       (long long)n_nodes, (long long)total);
  return PF_OK;
}

int pf_gmsh_binary_elements(pf_gmsh *g) {
  const int64_t header = PF_POS(0, g->cur);
  int64_t n_blocks, n_elems, lo, hi;
  PF_CALL(bin_size(g, &n_blocks, "the number of element blocks"));
  PF_CALL(bin_size(g, &n_elems, "the number of elements"));
  PF_CALL(bin_size(g, &lo, "the smallest element tag"));
  PF_CALL(bin_size(g, &hi, "the largest element tag"));
  PF_CALL(bin_room(g, n_elems, 16, header, "$Elements"));
  int64_t total = 0, row[126];
  for (int64_t b = 0; b < n_blocks; b++) {
    const int64_t block = PF_POS(0, g->cur);
    int dim, tag, type;
    int64_t n;
    PF_CALL(bin_int(g, &dim, "the dimension of an element block"));
    PF_CALL(bin_int(g, &tag, "an entity tag"));
    PF_CALL(bin_int(g, &type, "an element type"));
    PF_CALL(bin_size(g, &n, "the number of elements in the block"));
    if (dim < 0 || dim > 3)
      return pf_rd_error(g->rd, block, "element block of dimension %d (expected 0 to 3)", dim);
    if (n > n_elems - total)
      return pf_rd_error(g->rd, block,
                         "the element block holds %lld elements, more than the %lld that "
                         "$Elements declares",
                         (long long)n, (long long)n_elems);
    const pf_gmsh_type *info;
    PF_CALL(pf_gmsh_block_begin(g, dim, tag, type, n, block, &info));
    PF_CALL(bin_room(g, n, 8 * (1 + info->nodes), block, "elements of a block"));
    for (int64_t i = 0; i < n; i++) {
      const int64_t pos = PF_POS(0, g->cur);
      memcpy(row, g->data + g->cur, (size_t)(1 + info->nodes) * 8);
      g->cur += (size_t)(1 + info->nodes) * 8;
      for (int a = 0; a <= info->nodes; a++)
        if (row[a] < 1)
          return pf_rd_error(g->rd, pos, "element %lld: tag %lld (expected >= 1)",
                             (long long)row[0], (long long)row[a]);
      PF_CALL(pf_gmsh_element(g, info, row[0], row + 1, pos));
    }
    total += n;
  }
  if (total != n_elems)
    return pf_rd_error(g->rd, header, "$Elements declares %lld elements but its blocks hold %lld",
                       (long long)n_elems, (long long)total);
  return PF_OK;
}

int pf_gmsh_binary_element_data(pf_gmsh *g, pf_gmsh_view *v) {
  double values[9];
  for (int64_t i = 0; i < v->count; i++) {
    const int64_t pos = PF_POS(0, g->cur);
    int tag;
    PF_CALL(bin_int(g, &tag, "an element tag"));
    if (tag < 1)
      return pf_rd_error(g->rd, pos, "element data '%s': element tag %d (expected >= 1)", v->name,
                         tag);
    for (int c = 0; c < v->components; c++) PF_CALL(bin_real(g, &values[c], "a value"));
    PF_CALL(pf_gmsh_view_entry(g, v, tag, values, pos));
  }
  return PF_OK;
}
