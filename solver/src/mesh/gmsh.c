/* gmsh .msh 4.1 reader: tokens, $MeshFormat, the section loop, element types and elements.
 * Format: gmsh reference manual, "MSH file format" (version 4.1), and "Node ordering". */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_gmsh.h"

/* gmsh 4.8 element types ("Node ordering" in the manual). tet10 is a solid; every other 3D type
 * is an error; lower-dimensional types other than point, line2, tri3, tri6, quad4 are skipped. */
static const pf_gmsh_type gmsh_types[] = {
    {1, 2, 1, PF_GK_LINE, "line2"},
    {2, 3, 2, PF_GK_FACE + PF_FACE_TRI3, "tri3"},
    {3, 4, 2, PF_GK_FACE + PF_FACE_QUAD4, "quad4"},
    {4, 4, 3, PF_ELEM_TET4, "tet4"},
    {5, 8, 3, PF_ELEM_HEX8, "hex8"},
    {6, 6, 3, PF_GK_UNSUPPORTED, "prism6"},
    {7, 5, 3, PF_GK_UNSUPPORTED, "pyramid5"},
    {8, 3, 1, PF_GK_SKIP, "line3"},
    {9, 6, 2, PF_GK_FACE + PF_FACE_TRI6, "tri6"},
    {10, 9, 2, PF_GK_SKIP, "quad9"},
    {11, 10, 3, PF_ELEM_TET10, "tet10"},
    {12, 27, 3, PF_GK_UNSUPPORTED, "hex27"},
    {13, 18, 3, PF_GK_UNSUPPORTED, "prism18"},
    {14, 14, 3, PF_GK_UNSUPPORTED, "pyramid14"},
    {15, 1, 0, PF_GK_POINT, "point"},
    {16, 8, 2, PF_GK_SKIP, "quad8"},
    {17, 20, 3, PF_GK_UNSUPPORTED, "hex20"},
    {18, 15, 3, PF_GK_UNSUPPORTED, "prism15"},
    {19, 13, 3, PF_GK_UNSUPPORTED, "pyramid13"},
    {20, 9, 2, PF_GK_SKIP, "tri9"},
    {21, 10, 2, PF_GK_SKIP, "tri10"},
    {22, 12, 2, PF_GK_SKIP, "tri12"},
    {23, 15, 2, PF_GK_SKIP, "tri15"},
    {24, 15, 2, PF_GK_SKIP, "tri15i"},
    {25, 21, 2, PF_GK_SKIP, "tri21"},
    {26, 4, 1, PF_GK_SKIP, "line4"},
    {27, 5, 1, PF_GK_SKIP, "line5"},
    {28, 6, 1, PF_GK_SKIP, "line6"},
    {29, 20, 3, PF_GK_UNSUPPORTED, "tet20"},
    {30, 35, 3, PF_GK_UNSUPPORTED, "tet35"},
    {31, 56, 3, PF_GK_UNSUPPORTED, "tet56"},
    {92, 64, 3, PF_GK_UNSUPPORTED, "hex64"},
    {93, 125, 3, PF_GK_UNSUPPORTED, "hex125"},
};

const pf_gmsh_type *pf_gmsh_type_info(int type) {
  for (size_t i = 0; i < sizeof(gmsh_types) / sizeof(gmsh_types[0]); i++)
    if (gmsh_types[i].type == type) return &gmsh_types[i];
  return NULL;
}

/* Tokens. */

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int pf_gmsh_eof(pf_gmsh *g, const char *what) {
  const int64_t end = PF_POS(0, g->size);
  if (g->section)
    return pf_rd_error(g->rd, end,
                       "end of file inside the $%s section that starts at line %lld: expected %s "
                       "(the file is truncated)",
                       g->section, (long long)pf_rd_line(g->rd, g->section_pos), what);
  return pf_rd_error(g->rd, end, "end of file: expected %s (the file is truncated)", what);
}

int pf_gmsh_word(pf_gmsh *g, const char **tok, size_t *len, int64_t *pos, const char *what) {
  *tok = g->data + g->size;
  *len = 0;
  *pos = PF_POS(0, g->size);
  while (g->cur < g->size && is_blank(g->data[g->cur])) g->cur++;
  if (g->cur >= g->size) return pf_gmsh_eof(g, what);
  const size_t start = g->cur;
  while (g->cur < g->size && !is_blank(g->data[g->cur]) && g->data[g->cur] != '\0') g->cur++;
  if (g->cur == start) /* a NUL byte in a text part */
    return pf_rd_error(g->rd, PF_POS(0, start), "unexpected binary data: expected %s", what);
  *tok = g->data + start;
  *len = g->cur - start;
  *pos = PF_POS(0, start);
  g->tok_pos = *pos;
  return PF_OK;
}

/* The error for a token that is not what was expected. */
static int bad_token(pf_gmsh *g, const char *tok, size_t len, int64_t pos, const char *what) {
  const int shown = len > 40 ? 40 : (int)len;
  if (tok[0] == '$')
    return pf_rd_error(g->rd, pos,
                       "expected %s, found '%.*s' (the section holds fewer entries than it "
                       "declares)",
                       what, shown, tok);
  return pf_rd_error(g->rd, pos, "expected %s, found '%.*s%s'", what, shown, tok,
                     len > 40 ? "..." : "");
}

int pf_gmsh_int(pf_gmsh *g, int64_t *v, int64_t lo, int64_t hi, const char *what) {
  *v = 0;
  const char *tok;
  size_t len;
  int64_t pos;
  PF_CALL(pf_gmsh_word(g, &tok, &len, &pos, what));
  char *end;
  errno = 0;
  const long long x = strtoll(tok, &end, 10);
  if (end != tok + len || errno) return bad_token(g, tok, len, pos, what);
  if (x < lo || x > hi)
    return pf_rd_error(g->rd, pos, "%s %lld is out of range (expected %lld to %lld)", what, x,
                       (long long)lo, (long long)hi);
  *v = x;
  return PF_OK;
}

int pf_gmsh_real(pf_gmsh *g, double *v, const char *what) {
  *v = 0.0;
  const char *tok;
  size_t len;
  int64_t pos;
  PF_CALL(pf_gmsh_word(g, &tok, &len, &pos, what));
  char *end;
  const double x = strtod(tok, &end);
  if (end != tok + len || !(x - x == 0.0)) return bad_token(g, tok, len, pos, what);
  *v = x;
  return PF_OK;
}

/* Reads the $End line of the current section. */
static int expect_end(pf_gmsh *g) {
  char want[64], what[80];
  snprintf(want, sizeof(want), "$End%s", g->section);
  snprintf(what, sizeof(what), "%s", want);
  const char *tok;
  size_t len;
  int64_t pos;
  PF_CALL(pf_gmsh_word(g, &tok, &len, &pos, what));
  if (len != strlen(want) || memcmp(tok, want, len)) return bad_token(g, tok, len, pos, what);
  return PF_OK;
}

/* Skips a section pfsim does not read: to the line "$EndName" (binary sections too). */
static int skip_section(pf_gmsh *g, const char *name, size_t len) {
  char end[80];
  if (len > sizeof(end) - 6)
    return pf_rd_error(g->rd, g->section_pos,
                       "a section name of %zu characters (expected at most %zu)", len,
                       sizeof(end) - 6);
  const int n = snprintf(end, sizeof(end), "\n$End%.*s", (int)len, name);
  const char *p = g->data + g->cur;
  for (;;) {
    p = memmem(p, (size_t)(g->data + g->size - p), end, (size_t)n);
    if (!p) return pf_gmsh_eof(g, end + 1);
    const char *after = p + n;
    if (after >= g->data + g->size || is_blank(*after)) break;
    p = after;
  }
  g->cur = (size_t)(p + n - g->data);
  return PF_OK;
}

/* $MeshFormat: "4.1 file-type data-size", and in binary files the int 1 that shows the
 * endianness. */
static int read_format(pf_gmsh *g) {
  const char *tok;
  size_t len;
  int64_t pos;
  PF_CALL(pf_gmsh_word(g, &tok, &len, &pos, "$MeshFormat"));
  if (len != 11 || memcmp(tok, "$MeshFormat", 11))
    return pf_rd_error(g->rd, pos, "expected $MeshFormat (a gmsh .msh file), found '%.*s'",
                       len > 40 ? 40 : (int)len, tok);
  g->section = "MeshFormat";
  g->section_pos = pos;
  PF_CALL(pf_gmsh_word(g, &tok, &len, &pos, "the format version 4.1"));
  if (len != 3 || memcmp(tok, "4.1", 3))
    return pf_rd_error(g->rd, pos,
                       "gmsh format version %.*s is not supported (expected 4.1: save with "
                       "'gmsh -format msh41' or Mesh.MshFileVersion = 4.1)",
                       len > 20 ? 20 : (int)len, tok);
  int64_t file_type, data_size;
  PF_CALL(pf_gmsh_int(g, &file_type, 0, 1, "the file type (0 ASCII, 1 binary)"));
  g->binary = (int)file_type;
  const size_t size_at = g->cur;
  PF_CALL(pf_gmsh_int(g, &data_size, 0, 64, "the data size 8"));
  if (data_size != 8)
    return pf_rd_error(g->rd, PF_POS(0, size_at),
                       "data size %lld is not supported (expected 8: 64-bit size_t)",
                       (long long)data_size);
  if (g->binary) {
    while (g->cur < g->size && g->data[g->cur] != '\n') g->cur++;
    g->cur++;
    int one;
    if (g->cur + sizeof(one) > g->size) return pf_gmsh_eof(g, "the binary integer 1");
    memcpy(&one, g->data + g->cur, sizeof(one));
    if (one != 1)
      return pf_rd_error(g->rd, PF_POS(0, g->cur),
                         "the binary integer 1 reads as %d: the file was written on a machine "
                         "with the other byte order (expected the same endianness)",
                         one);
    g->cur += sizeof(one);
  }
  return expect_end(g);
}

int pf_gmsh_parse(pf_reader *rd, pf_mesh *mesh) {
  pf_gmsh g;
  memset(&g, 0, sizeof(g));
  g.rd = rd;
  g.mesh = mesh;
  g.data = rd->files[0].data;
  g.size = rd->files[0].size;
  int ierr;
  PF_CALL_GOTO(ierr, done, read_format(&g));
  for (;;) {
    g.section = NULL;
    while (g.cur < g.size && is_blank(g.data[g.cur])) g.cur++;
    if (g.cur >= g.size) break;
    const char *tok;
    size_t len;
    int64_t pos;
    PF_CALL_GOTO(ierr, done, pf_gmsh_word(&g, &tok, &len, &pos, "a section"));
    if (tok[0] != '$' || len < 2 || (len >= 4 && !memcmp(tok, "$End", 4))) {
      ierr = pf_rd_error(rd, pos, "expected a section such as $Nodes, found '%.*s'",
                         len > 40 ? 40 : (int)len, tok);
      goto done;
    }
    const char *name = tok + 1;
    const size_t n = len - 1;
    g.section_pos = pos;
    /* Binary data starts on the line after the section name. */
    while (g.cur < g.size && g.data[g.cur] != '\n') g.cur++;
    if (g.cur < g.size) g.cur++;
#define PF_IS(s) (n == sizeof(s) - 1 && !memcmp(name, s, n))
    if (PF_IS("PhysicalNames")) {
      g.section = "PhysicalNames";
      PF_CALL_GOTO(ierr, done, pf_gmsh_ascii_physical_names(&g));
    } else if (PF_IS("Entities")) {
      g.section = "Entities";
      if (g.have_entities) {
        ierr = pf_rd_error(rd, pos, "a second $Entities section (expected one)");
        goto done;
      }
      PF_CALL_GOTO(ierr, done, g.binary ? pf_gmsh_binary_entities(&g) : pf_gmsh_ascii_entities(&g));
      pf_gmsh_entities_done(&g);
    } else if (PF_IS("Nodes")) {
      g.section = "Nodes";
      if (g.have_nodes) {
        ierr = pf_rd_error(rd, pos, "a second $Nodes section (expected one)");
        goto done;
      }
      PF_CALL_GOTO(ierr, done, g.binary ? pf_gmsh_binary_nodes(&g) : pf_gmsh_ascii_nodes(&g));
      PF_CALL_GOTO(ierr, done, pf_gmsh_nodes_done(&g));
    } else if (PF_IS("Elements")) {
      g.section = "Elements";
      if (g.have_elements || !g.have_nodes) {
        ierr = pf_rd_error(rd, pos, "%s",
                           g.have_elements ? "a second $Elements section (expected one)"
                                           : "$Elements before $Nodes (expected $Nodes first)");
        goto done;
      }
      PF_CALL_GOTO(ierr, done, g.binary ? pf_gmsh_binary_elements(&g) : pf_gmsh_ascii_elements(&g));
      PF_CALL_GOTO(ierr, done, pf_gmsh_elements_done(&g));
    } else if (PF_IS("ElementData")) {
      g.section = "ElementData";
      if (!g.have_elements) {
        ierr = pf_rd_error(rd, pos, "$ElementData before $Elements (expected $Elements first)");
        goto done;
      }
      PF_CALL_GOTO(ierr, done, pf_gmsh_element_data(&g));
    } else if (PF_IS("PartitionedEntities")) {
      ierr = pf_rd_error(rd, pos,
                         "partitioned meshes are not supported (expected a mesh saved without "
                         "partitions)");
      goto done;
    } else {
      PF_CALL_GOTO(ierr, done, skip_section(&g, name, n));
      PF_CALL_GOTO(
          ierr, done,
          pf_mesh_add_note(rd->ctx, mesh, "skipped section $%.*s at %s:%lld", n > 40 ? 40 : (int)n,
                           name, rd->files[0].path, (long long)pf_rd_line(rd, pos)));
      continue;
    }
#undef PF_IS
    PF_CALL_GOTO(ierr, done, expect_end(&g));
  }
  g.section = NULL;
  if (!g.have_nodes || !g.have_elements) {
    ierr = pf_rd_error(rd, PF_POS(0, g.size), "no $%s section (expected $Nodes and $Elements)",
                       g.have_nodes ? "Elements" : "Nodes");
    goto done;
  }
  PF_CALL_GOTO(ierr, done, pf_gmsh_build(&g));
  ierr = pf_gmsh_build_data(&g);
done:
  for (int i = 0; i < g.n_names; i++) free(g.names[i]);
  free(g.names);
  free(g.name_dim);
  free(g.name_tag);
  for (int d = 0; d < 4; d++) free(g.ent[d]);
  pf_i64vec_free(&g.phys);
  pf_i64vec_free(&g.node_ids);
  pf_i64vec_free(&g.node_pos);
  pf_dvec_free(&g.x);
  pf_idmap_free(&g.node_map);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    pf_i64vec_free(&g.ids[t]);
    pf_i64vec_free(&g.conn[t]);
  }
  for (int f = 0; f < PF_FACE_NUM_TYPES; f++) pf_i64vec_free(&g.faces[f]);
  pf_i64vec_free(&g.lines);
  pf_i64vec_free(&g.line_ids);
  pf_i64vec_free(&g.points);
  pf_i64vec_free(&g.elem_tags);
  pf_i64vec_free(&g.elem_pos);
  free(g.blocks);
  pf_idmap_free(&g.elem_map);
  pf_gmsh_views_free(&g);
  return ierr;
}

/* Entities. */

int pf_gmsh_entities_begin(pf_gmsh *g, const int64_t count[4], int64_t bytes_min, int64_t pos) {
  const int64_t room = (int64_t)(g->size - g->cur) / bytes_min;
  if (count[0] > room || count[1] > room || count[2] > room || count[3] > room ||
      count[0] + count[1] + count[2] + count[3] > room)
    return pf_rd_error(g->rd, pos,
                       "$Entities declares %lld entities but the rest of the file can hold at "
                       "most %lld (the file is truncated or a count is wrong)",
                       (long long)(count[0] + count[1] + count[2] + count[3]), (long long)room);
  for (int d = 0; d < 4; d++) PF_CALL(PF_CALLOC(g->rd->ctx, count[d], &g->ent[d]));
  return PF_OK;
}

int pf_gmsh_add_entity(pf_gmsh *g, int dim, int tag, int n) {
  pf_gmsh_entity *e = &g->ent[dim][g->n_ent[dim]++];
  e->tag = tag;
  e->n_phys = n;
  e->first = g->phys.n - n;
  return PF_OK;
}

static int cmp_entity(const void *a, const void *b) {
  const pf_gmsh_entity *x = a, *y = b;
  return (x->tag > y->tag) - (x->tag < y->tag);
}

void pf_gmsh_entities_done(pf_gmsh *g) {
  for (int d = 0; d < 4; d++)
    if (g->n_ent[d] > 1) qsort(g->ent[d], (size_t)g->n_ent[d], sizeof(pf_gmsh_entity), cmp_entity);
  g->have_entities = 1;
}

void pf_gmsh_entity_phys(const pf_gmsh *g, int dim, int tag, int64_t *first, int *n) {
  *first = 0;
  *n = 0;
  if (dim < 0 || dim > 3) return;
  int64_t lo = 0, hi = g->n_ent[dim] - 1;
  while (lo <= hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    const pf_gmsh_entity *e = &g->ent[dim][mid];
    if (e->tag == tag) {
      *first = e->first;
      *n = e->n_phys;
      return;
    }
    if (e->tag < tag)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
}

/* Nodes. */

int pf_gmsh_nodes_begin(pf_gmsh *g, int64_t n_nodes, int64_t bytes_per_node, int64_t pos) {
  pf_context *ctx = g->rd->ctx;
  (void)pos;
  /* A wrong count must not allocate beyond the file: the parse then stops at its end. */
  const int64_t room = (int64_t)(g->size - g->cur) / bytes_per_node;
  const int64_t n = n_nodes < room ? n_nodes : room;
  PF_CALL(pf_i64vec_reserve(ctx, &g->node_ids, n));
  PF_CALL(pf_i64vec_reserve(ctx, &g->node_pos, n));
  PF_CALL(pf_dvec_reserve(ctx, &g->x, 3 * n));
  return PF_OK;
}

int pf_gmsh_nodes_done(pf_gmsh *g) {
  pf_mesh *m = g->mesh;
  m->n_nodes = g->node_ids.n;
  m->node_ids = g->node_ids.a;
  m->x = g->x.a;
  memset(&g->node_ids, 0, sizeof(g->node_ids));
  memset(&g->x, 0, sizeof(g->x));
  if (!m->node_ids) PF_CALL(PF_CALLOC(g->rd->ctx, 1, &m->node_ids));
  if (!m->x) PF_CALL(PF_CALLOC(g->rd->ctx, 3, &m->x));
  int64_t dup, first;
  PF_CALL(pf_idmap_build(g->rd->ctx, m->node_ids, m->n_nodes, &g->node_map, &dup, &first));
  if (dup >= 0)
    return pf_rd_error(g->rd, g->node_pos.a[dup], "node tag %lld repeats (first at line %lld)",
                       (long long)m->node_ids[dup],
                       (long long)pf_rd_line(g->rd, g->node_pos.a[first]));
  pf_i64vec_free(&g->node_pos);
  g->have_nodes = 1;
  return PF_OK;
}

/* Elements. */

int pf_gmsh_block_begin(pf_gmsh *g, int dim, int tag, int type, int64_t count, int64_t pos,
                        const pf_gmsh_type **info) {
  pf_context *ctx = g->rd->ctx;
  const pf_gmsh_type *t = pf_gmsh_type_info(type);
  *info = t;
  if (!t) {
    if (dim == 3)
      return pf_rd_error(g->rd, pos,
                         "gmsh element type %d is not supported in a volume (expected tet4 (4), "
                         "tet10 (11) or hex8 (5))",
                         type);
    if (g->binary)
      return pf_rd_error(g->rd, pos,
                         "unknown gmsh element type %d (a binary file cannot be read past it; "
                         "expected a type of gmsh 4.8)",
                         type);
    return pf_mesh_add_note(
        ctx, g->mesh, "skipped %lld elements of unknown gmsh type %d at %s:%lld", (long long)count,
        type, g->rd->files[0].path, (long long)pf_rd_line(g->rd, pos));
  }
  if (t->kind == PF_GK_UNSUPPORTED)
    return pf_rd_error(g->rd, pos,
                       "gmsh element type %d (%s) is not supported (expected tet4, tet10 or hex8 "
                       "volume elements)",
                       type, t->name);
  if (t->kind == PF_GK_SKIP && (type >= 128 || !g->noted[type])) {
    if (type < 128) g->noted[type] = 1;
    PF_CALL(pf_mesh_add_note(ctx, g->mesh,
                             "skipped gmsh %s elements (type %d, first at %s:%lld): pfsim reads "
                             "points, line2, tri3, tri6 and quad4 below 3D",
                             t->name, type, g->rd->files[0].path,
                             (long long)pf_rd_line(g->rd, pos)));
  }
  if (g->n_blocks == g->cap_blocks) {
    g->cap_blocks = g->cap_blocks ? 2 * g->cap_blocks : 16;
    PF_CALL(PF_REALLOC(ctx, g->cap_blocks, &g->blocks));
  }
  pf_gmsh_block *b = &g->blocks[g->n_blocks++];
  b->dim = dim;
  b->tag = tag;
  b->kind = t->kind;
  b->count = count;
  b->truss_start = -1;
  b->pos = pos;
  if (t->kind < PF_ELEM_NUM_TYPES)
    b->start = g->ids[t->kind].n;
  else if (t->kind >= PF_GK_FACE && t->kind < PF_GK_LINE)
    b->start = g->faces[t->kind - PF_GK_FACE].n / t->nodes;
  else if (t->kind == PF_GK_LINE)
    b->start = g->lines.n / 2;
  else if (t->kind == PF_GK_POINT)
    b->start = g->points.n;
  else
    b->start = 0;
  /* Reserve the block, but never more than the rest of the file can hold. */
  if (t->kind < PF_ELEM_NUM_TYPES) {
    const int64_t room = (int64_t)(g->size - g->cur) / ((g->binary ? 8 : 2) * (1 + t->nodes));
    const int64_t n = count < room ? count : room;
    PF_CALL(pf_i64vec_reserve(ctx, &g->ids[t->kind], g->ids[t->kind].n + n));
    PF_CALL(pf_i64vec_reserve(ctx, &g->conn[t->kind], g->conn[t->kind].n + n * t->nodes));
  }
  return PF_OK;
}

int pf_gmsh_element(pf_gmsh *g, const pf_gmsh_type *info, int64_t tag, const int64_t *node_tags,
                    int64_t pos) {
  pf_context *ctx = g->rd->ctx;
  PF_CALL(pf_i64vec_push(ctx, &g->elem_tags, tag));
  PF_CALL(pf_i64vec_push(ctx, &g->elem_pos, pos));
  if (info->kind == PF_GK_SKIP) return PF_OK;
  int64_t rows[10];
  for (int a = 0; a < info->nodes; a++) {
    rows[a] = pf_idmap_find(&g->node_map, node_tags[a]);
    if (rows[a] < 0)
      return pf_rd_error(g->rd, pos,
                         "element %lld (%s) references node %lld, which $Nodes does not define",
                         (long long)tag, info->name, (long long)node_tags[a]);
  }
  if (info->kind == PF_ELEM_TET10) {
    /* gmsh numbers the mid-edge nodes of edges 1-3 and 2-3 as 9 and 8 (0-based); VTK and Abaqus
     * use 8 for 1-3 and 9 for 2-3 (gmsh manual, "Node ordering": Tetrahedron10). */
    const int64_t tmp = rows[8];
    rows[8] = rows[9];
    rows[9] = tmp;
  }
  pf_i64vec *conn;
  if (info->kind < PF_ELEM_NUM_TYPES) {
    PF_CALL(pf_i64vec_push(ctx, &g->ids[info->kind], tag));
    conn = &g->conn[info->kind];
  } else if (info->kind < PF_GK_LINE) {
    conn = &g->faces[info->kind - PF_GK_FACE];
  } else if (info->kind == PF_GK_LINE) {
    PF_CALL(pf_i64vec_push(ctx, &g->line_ids, tag));
    conn = &g->lines;
  } else {
    conn = &g->points;
  }
  PF_CALL(pf_i64vec_reserve(ctx, conn, conn->n + info->nodes));
  for (int a = 0; a < info->nodes; a++) conn->a[conn->n++] = rows[a];
  return PF_OK;
}

int pf_gmsh_elements_done(pf_gmsh *g) {
  int64_t dup, first;
  /* The map stays: $ElementData looks its element tags up in it. */
  PF_CALL(pf_idmap_build(g->rd->ctx, g->elem_tags.a, g->elem_tags.n, &g->elem_map, &dup, &first));
  g->n_elem_tags = g->elem_tags.n;
  if (dup >= 0)
    return pf_rd_error(g->rd, g->elem_pos.a[dup], "element tag %lld repeats (first at line %lld)",
                       (long long)g->elem_tags.a[dup],
                       (long long)pf_rd_line(g->rd, g->elem_pos.a[first]));
  pf_i64vec_free(&g->elem_tags);
  pf_i64vec_free(&g->elem_pos);
  g->have_elements = 1;
  return PF_OK;
}
