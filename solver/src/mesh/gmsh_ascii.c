/* gmsh .msh 4.1 reader: the ASCII encoding of $PhysicalNames, $Entities, $Nodes, $Elements and
 * the entries of $ElementData.
 * Numbers are read as blank-separated tokens; an element must sit on one line, so that an element
 * with too few or too many nodes is reported on its own line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_gmsh.h"

#define PF_INT32_MAX 2147483647
#define PF_INT64_MAX INT64_MAX

int pf_gmsh_ascii_physical_names(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  int64_t n;
  PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT32_MAX, "the number of physical names"));
  const int64_t header = g->tok_pos;
  if (n > (int64_t)(g->size - g->cur) / 7)
    return pf_rd_error(g->rd, header,
                       "$PhysicalNames declares %lld names, more than the rest of the file holds",
                       (long long)n);
  PF_CALL(PF_CALLOC(ctx, n, &g->names));
  PF_CALL(PF_CALLOC(ctx, n, &g->name_dim));
  PF_CALL(PF_CALLOC(ctx, n, &g->name_tag));
  for (int64_t i = 0; i < n; i++) {
    int64_t dim, tag;
    PF_CALL(pf_gmsh_int(g, &dim, 0, 3, "the dimension of a physical name"));
    PF_CALL(pf_gmsh_int(g, &tag, -PF_INT32_MAX, PF_INT32_MAX, "a physical tag"));
    while (g->cur < g->size && (g->data[g->cur] == ' ' || g->data[g->cur] == '\t')) g->cur++;
    const int64_t pos = PF_POS(0, g->cur);
    if (g->cur >= g->size) return pf_gmsh_eof(g, "a quoted physical name");
    if (g->data[g->cur] != '"')
      return pf_rd_error(g->rd, pos, "expected a quoted physical name after tag %lld",
                         (long long)tag);
    const size_t start = ++g->cur;
    while (g->cur < g->size && g->data[g->cur] != '"' && g->data[g->cur] != '\n') g->cur++;
    if (g->cur >= g->size) return pf_gmsh_eof(g, "the closing quote of a physical name");
    if (g->data[g->cur] != '"')
      return pf_rd_error(g->rd, pos, "the physical name has no closing quote on its line");
    const size_t len = g->cur - start;
    g->cur++;
    PF_CALL(PF_CALLOC(ctx, len + 1, &g->names[i]));
    memcpy(g->names[i], g->data + start, len);
    g->name_dim[i] = (int)dim;
    g->name_tag[i] = (int)tag;
    g->n_names++;
  }
  return PF_OK;
}

int pf_gmsh_ascii_entities(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  int64_t count[4];
  static const char *const what[4] = {"the number of points", "the number of curves",
                                      "the number of surfaces", "the number of volumes"};
  for (int d = 0; d < 4; d++) PF_CALL(pf_gmsh_int(g, &count[d], 0, PF_INT32_MAX, what[d]));
  PF_CALL(pf_gmsh_entities_begin(g, count, 10, g->tok_pos));
  for (int d = 0; d < 4; d++)
    for (int64_t i = 0; i < count[d]; i++) {
      int64_t tag, n_phys, n_bound, v;
      double box;
      PF_CALL(pf_gmsh_int(g, &tag, -PF_INT32_MAX, PF_INT32_MAX, "an entity tag"));
      for (int k = 0; k < (d == 0 ? 3 : 6); k++)
        PF_CALL(pf_gmsh_real(g, &box, "an entity coordinate"));
      PF_CALL(pf_gmsh_int(g, &n_phys, 0, PF_INT32_MAX, "the number of physical tags"));
      for (int64_t k = 0; k < n_phys; k++) {
        PF_CALL(pf_gmsh_int(g, &v, -PF_INT32_MAX, PF_INT32_MAX, "a physical tag"));
        PF_CALL(pf_i64vec_push(ctx, &g->phys, v));
      }
      PF_CALL(pf_gmsh_add_entity(g, d, (int)tag, (int)n_phys));
      if (d > 0) {
        PF_CALL(pf_gmsh_int(g, &n_bound, 0, PF_INT32_MAX, "the number of bounding entities"));
        for (int64_t k = 0; k < n_bound; k++)
          PF_CALL(pf_gmsh_int(g, &v, -PF_INT32_MAX, PF_INT32_MAX, "a bounding entity tag"));
      }
    }
  return PF_OK;
}

int pf_gmsh_ascii_nodes(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  int64_t n_blocks, n_nodes, lo, hi;
  PF_CALL(pf_gmsh_int(g, &n_blocks, 0, PF_INT64_MAX, "the number of node blocks"));
  const int64_t header = g->tok_pos;
  PF_CALL(pf_gmsh_int(g, &n_nodes, 0, PF_INT64_MAX, "the number of nodes"));
  PF_CALL(pf_gmsh_int(g, &lo, 0, PF_INT64_MAX, "the smallest node tag"));
  PF_CALL(pf_gmsh_int(g, &hi, 0, PF_INT64_MAX, "the largest node tag"));
  /* A node takes at least "t\n0 0 0\n". */
  PF_CALL(pf_gmsh_nodes_begin(g, n_nodes, 8, header));
  int64_t total = 0;
  for (int64_t b = 0; b < n_blocks; b++) {
    int64_t dim, tag, parametric, n;
    PF_CALL(pf_gmsh_int(g, &dim, 0, 3, "the dimension of a node block"));
    const int64_t block = g->tok_pos;
    PF_CALL(pf_gmsh_int(g, &tag, -PF_INT32_MAX, PF_INT32_MAX, "an entity tag"));
    PF_CALL(pf_gmsh_int(g, &parametric, 0, 1, "the parametric flag (0 or 1)"));
    PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT64_MAX, "the number of nodes in the block"));
    if (n > n_nodes - total)
      return pf_rd_error(g->rd, block,
                         "the node block holds %lld nodes, more than the %lld that $Nodes "
                         "declares at line %lld",
                         (long long)n, (long long)n_nodes, (long long)pf_rd_line(g->rd, header));
    for (int64_t i = 0; i < n; i++) {
      int64_t tag;
      PF_CALL(pf_gmsh_int(g, &tag, 1, PF_INT64_MAX, "a node tag"));
      PF_CALL(pf_i64vec_push(ctx, &g->node_ids, tag));
      PF_CALL(pf_i64vec_push(ctx, &g->node_pos, g->tok_pos));
    }
    const int extra = parametric ? (int)dim : 0;
    for (int64_t i = 0; i < n; i++) {
      double x, u;
      for (int k = 0; k < 3; k++) {
        PF_CALL(pf_gmsh_real(g, &x, "a node coordinate"));
        PF_CALL(pf_dvec_push(ctx, &g->x, x));
      }
      for (int k = 0; k < extra; k++) PF_CALL(pf_gmsh_real(g, &u, "a parametric coordinate"));
    }
    total += n;
  }
  if (total != n_nodes)
    return pf_rd_error(g->rd, header, "$Nodes declares %lld nodes but its blocks hold %lld",
                       (long long)n_nodes, (long long)total);
  return PF_OK;
}

/* The next integer on the current line; *eol = 1 (and nothing read) at the end of the line. */
static int int_on_line(pf_gmsh *g, int64_t *v, int *eol, const char *what) {
  while (g->cur < g->size &&
         (g->data[g->cur] == ' ' || g->data[g->cur] == '\t' || g->data[g->cur] == '\r'))
    g->cur++;
  *eol = g->cur >= g->size || g->data[g->cur] == '\n';
  if (*eol) return PF_OK;
  return pf_gmsh_int(g, v, 1, PF_INT64_MAX, what);
}

/* Skips the rest of the current line and the newline. */
static void skip_line(pf_gmsh *g) {
  while (g->cur < g->size && g->data[g->cur] != '\n') g->cur++;
  if (g->cur < g->size) g->cur++;
}

int pf_gmsh_ascii_elements(pf_gmsh *g) {
  int64_t n_blocks, n_elems, lo, hi;
  PF_CALL(pf_gmsh_int(g, &n_blocks, 0, PF_INT64_MAX, "the number of element blocks"));
  const int64_t header = g->tok_pos;
  PF_CALL(pf_gmsh_int(g, &n_elems, 0, PF_INT64_MAX, "the number of elements"));
  PF_CALL(pf_gmsh_int(g, &lo, 0, PF_INT64_MAX, "the smallest element tag"));
  PF_CALL(pf_gmsh_int(g, &hi, 0, PF_INT64_MAX, "the largest element tag"));
  int64_t total = 0, nodes[128];
  for (int64_t b = 0; b < n_blocks; b++) {
    int64_t dim, tag, type, n;
    PF_CALL(pf_gmsh_int(g, &dim, 0, 3, "the dimension of an element block"));
    const int64_t block = g->tok_pos;
    PF_CALL(pf_gmsh_int(g, &tag, -PF_INT32_MAX, PF_INT32_MAX, "an entity tag"));
    PF_CALL(pf_gmsh_int(g, &type, 1, PF_INT32_MAX, "an element type"));
    PF_CALL(pf_gmsh_int(g, &n, 0, PF_INT64_MAX, "the number of elements in the block"));
    if (n > n_elems - total)
      return pf_rd_error(g->rd, block,
                         "the element block holds %lld elements, more than the %lld that "
                         "$Elements declares at line %lld",
                         (long long)n, (long long)n_elems, (long long)pf_rd_line(g->rd, header));
    const pf_gmsh_type *info;
    PF_CALL(pf_gmsh_block_begin(g, (int)dim, (int)tag, (int)type, n, block, &info));
    skip_line(g);
    for (int64_t i = 0; i < n; i++) {
      if (!info) { /* an unknown lower-dimensional type: one element per line */
        while (g->cur < g->size && (g->data[g->cur] == ' ' || g->data[g->cur] == '\t' ||
                                    g->data[g->cur] == '\r' || g->data[g->cur] == '\n'))
          g->cur++;
        if (g->cur >= g->size) return pf_gmsh_eof(g, "an element");
        skip_line(g);
        continue;
      }
      int64_t etag;
      PF_CALL(pf_gmsh_int(g, &etag, 1, PF_INT64_MAX, "an element tag"));
      const int64_t pos = g->tok_pos;
      int eol = 0;
      for (int a = 0; a < info->nodes; a++) {
        PF_CALL(int_on_line(g, &nodes[a], &eol, "a node tag"));
        if (eol)
          return pf_rd_error(g->rd, pos, "element %lld has %d nodes (expected %d for %s)",
                             (long long)etag, a, info->nodes, info->name);
      }
      while (g->cur < g->size &&
             (g->data[g->cur] == ' ' || g->data[g->cur] == '\t' || g->data[g->cur] == '\r'))
        g->cur++;
      if (g->cur < g->size && g->data[g->cur] != '\n')
        return pf_rd_error(g->rd, pos, "element %lld has more than %d nodes (expected %d for %s)",
                           (long long)etag, info->nodes, info->nodes, info->name);
      PF_CALL(pf_gmsh_element(g, info, etag, nodes, pos));
    }
    total += n;
  }
  if (total != n_elems)
    return pf_rd_error(g->rd, header, "$Elements declares %lld elements but its blocks hold %lld",
                       (long long)n_elems, (long long)total);
  return PF_OK;
}

/* Skips blanks up to the end of the current line. */
static void skip_inline_blanks(pf_gmsh *g) {
  while (g->cur < g->size &&
         (g->data[g->cur] == ' ' || g->data[g->cur] == '\t' || g->data[g->cur] == '\r'))
    g->cur++;
}

int pf_gmsh_ascii_element_data(pf_gmsh *g, pf_gmsh_view *v) {
  double values[9];
  for (int64_t i = 0; i < v->count; i++) {
    int64_t tag;
    PF_CALL(pf_gmsh_int(g, &tag, 1, PF_INT64_MAX, "an element tag"));
    const int64_t pos = g->tok_pos;
    /* An entry sits on one line, so that a missing or extra value is reported on its line. */
    for (int c = 0; c < v->components; c++) {
      skip_inline_blanks(g);
      if (g->cur < g->size && g->data[g->cur] == '\n')
        return pf_rd_error(g->rd, pos,
                           "element data '%s': element %lld has %d value%s (expected %d)", v->name,
                           (long long)tag, c, c == 1 ? "" : "s", v->components);
      PF_CALL(pf_gmsh_real(g, &values[c], "a value"));
    }
    skip_inline_blanks(g);
    if (g->cur < g->size && g->data[g->cur] != '\n')
      return pf_rd_error(
          g->rd, pos, "element data '%s': element %lld has more than %d value%s (expected %d)",
          v->name, (long long)tag, v->components, v->components == 1 ? "" : "s", v->components);
    PF_CALL(pf_gmsh_view_entry(g, v, tag, values, pos));
  }
  return PF_OK;
}
