/* gmsh .msh 4.1 reader: physical groups -> element sets, node sets and surfaces.
 *   3D group: element set named after the group + node set of its elements' nodes
 *   2D group: surface of its tri3/tri6/quad4 faces + node set
 *   1D group: its line2 elements become truss2 elements in an element set + node set
 *   0D group: node set of its points
 * Unnamed groups are called "physical_<tag>". Without any physical group every 3D element goes
 * into the element set "all" and lower-dimensional elements are ignored. */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_gmsh.h"

/* Does block b belong to physical group (dim, tag)? */
static int in_group(const pf_gmsh *g, const pf_gmsh_block *b, int dim, int64_t tag) {
  if (b->dim != dim) return 0;
  int64_t first;
  int n;
  pf_gmsh_entity_phys(g, b->dim, b->tag, &first, &n);
  for (int i = 0; i < n; i++)
    if (g->phys.a[first + i] == tag) return 1;
  return 0;
}

static int block_has_group(const pf_gmsh *g, const pf_gmsh_block *b) {
  int64_t first;
  int n;
  pf_gmsh_entity_phys(g, b->dim, b->tag, &first, &n);
  return n > 0;
}

static void group_name(const pf_gmsh *g, int dim, int64_t tag, char *name, size_t size) {
  for (int i = 0; i < g->n_names; i++)
    if (g->name_dim[i] == dim && g->name_tag[i] == tag) {
      snprintf(name, size, "%s", g->names[i]);
      return;
    }
  snprintf(name, size, "physical_%lld", (long long)tag);
}

static int cmp_group(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  if (x[0] != y[0]) return (x[0] < y[0]) - (x[0] > y[0]); /* 3D first */
  return (x[1] > y[1]) - (x[1] < y[1]);
}

/* One physical group: its elements, faces or points -> sets of mesh. */
static int build_group(pf_gmsh *g, int dim, int64_t tag, unsigned char *mark, pf_i64vec *elems,
                       pf_i64vec *rows) {
  pf_context *ctx = g->rd->ctx;
  pf_mesh *m = g->mesh;
  char name[512];
  group_name(g, dim, tag, name, sizeof(name));
  elems->n = 0;
  rows->n = 0;
  for (int64_t k = 0; k < g->n_blocks; k++) {
    const pf_gmsh_block *b = &g->blocks[k];
    if (!in_group(g, b, dim, tag)) continue;
    if (dim == 3 && b->kind < PF_ELEM_NUM_TYPES) {
      const int nn = pf_elem_nodes((pf_elem_type)b->kind);
      const pf_elem_block *eb = &m->blocks[b->kind];
      for (int64_t i = 0; i < b->count; i++) {
        PF_CALL(pf_i64vec_push(ctx, elems, m->elem_offset[b->kind] + b->start + i));
        for (int a = 0; a < nn; a++)
          PF_CALL(pf_i64vec_push(ctx, rows, eb->conn[(b->start + i) * nn + a]));
      }
    } else if (dim == 2 && b->kind >= PF_GK_FACE && b->kind < PF_GK_LINE) {
      const pf_face_type ft = (pf_face_type)(b->kind - PF_GK_FACE);
      const int nn = pf_face_nodes(ft);
      const int64_t *conn = g->faces[ft].a + b->start * nn;
      PF_CALL(pf_mesh_surface_add(ctx, m, name, ft, conn, b->count));
      for (int64_t i = 0; i < b->count * nn; i++) PF_CALL(pf_i64vec_push(ctx, rows, conn[i]));
    } else if (dim == 1 && b->kind == PF_GK_LINE) {
      const pf_elem_block *eb = &m->blocks[PF_ELEM_TRUSS2];
      for (int64_t i = 0; i < b->count; i++) {
        PF_CALL(pf_i64vec_push(ctx, elems, m->elem_offset[PF_ELEM_TRUSS2] + b->truss_start + i));
        for (int a = 0; a < 2; a++)
          PF_CALL(pf_i64vec_push(ctx, rows, eb->conn[(b->truss_start + i) * 2 + a]));
      }
    } else if (dim == 0 && b->kind == PF_GK_POINT) {
      for (int64_t i = 0; i < b->count; i++)
        PF_CALL(pf_i64vec_push(ctx, rows, g->points.a[b->start + i]));
    }
  }
  if (rows->n == 0)
    return pf_mesh_add_note(ctx, m,
                            "physical group '%s' (dimension %d, tag %lld) holds no element pfsim "
                            "uses; no set was made for it",
                            name, dim, (long long)tag);
  if (elems->n) PF_CALL(pf_mesh_elset_add(ctx, m, name, elems->a, elems->n));
  int64_t *nodes = NULL, count = 0;
  PF_CALL(pf_mesh_unique_nodes(ctx, m->n_nodes, rows->a, rows->n, mark, &nodes, &count));
  const int ierr = pf_mesh_nset_add(ctx, m, name, nodes, count);
  free(nodes);
  return ierr;
}

/* Builds the groups once the elements are in the mesh. */
static int build_sets(pf_gmsh *g, pf_i64vec *groups, pf_i64vec *elems, pf_i64vec *rows,
                      unsigned char **mark) {
  pf_context *ctx = g->rd->ctx;
  pf_mesh *m = g->mesh;
  for (int d = 0; d < 4; d++)
    for (int64_t i = 0; i < g->n_ent[d]; i++) {
      const pf_gmsh_entity *e = &g->ent[d][i];
      for (int k = 0; k < e->n_phys; k++) {
        PF_CALL(pf_i64vec_push(ctx, groups, d));
        PF_CALL(pf_i64vec_push(ctx, groups, g->phys.a[e->first + k]));
      }
    }
  const int64_t n_groups = groups->n / 2;
  if (n_groups > 1) qsort(groups->a, (size_t)n_groups, 2 * sizeof(int64_t), cmp_group);
  PF_CALL(PF_CALLOC(ctx, m->n_nodes, mark));
  int64_t done = 0;
  for (int64_t k = 0; k < n_groups; k++) {
    const int64_t *grp = groups->a + 2 * k;
    if (k > 0 && grp[0] == grp[-2] && grp[1] == grp[-1]) continue;
    PF_CALL(build_group(g, (int)grp[0], grp[1], *mark, elems, rows));
    done++;
  }
  const int64_t n_solid = m->elem_offset[PF_ELEM_TRUSS2];
  if (done == 0) {
    /* No physical group: every 3D element is the model (gmsh's own convention). */
    PF_CALL(pf_i64vec_reserve(ctx, elems, n_solid));
    for (int64_t e = 0; e < n_solid; e++) elems->a[e] = e;
    elems->n = n_solid;
    PF_CALL(pf_mesh_elset_add(ctx, m, "all", elems->a, elems->n));
    int64_t lower = 0;
    for (int64_t k = 0; k < g->n_blocks; k++)
      if (g->blocks[k].kind >= PF_GK_FACE) lower += g->blocks[k].count;
    return pf_mesh_add_note(ctx, m,
                            "%s has no physical groups: its %lld 3D elements form the element "
                            "set 'all' and its %lld lower-dimensional elements are ignored",
                            g->rd->files[0].path, (long long)n_solid, (long long)lower);
  }
  int64_t loose = 0;
  for (int64_t k = 0; k < g->n_blocks; k++) {
    const pf_gmsh_block *b = &g->blocks[k];
    if (b->kind < PF_ELEM_NUM_TYPES && !block_has_group(g, b)) loose += b->count;
  }
  if (loose)
    PF_CALL(pf_mesh_add_note(ctx, m,
                             "%lld 3D element%s to no physical group: in the mesh but in no "
                             "element set",
                             (long long)loose, loose == 1 ? " belongs" : "s belong"));
  return PF_OK;
}

int pf_gmsh_build(pf_gmsh *g) {
  pf_context *ctx = g->rd->ctx;
  pf_mesh *m = g->mesh;
  /* line2 elements of 1D physical groups become trusses (once, even in several groups). */
  pf_i64vec *tids = &g->ids[PF_ELEM_TRUSS2], *tconn = &g->conn[PF_ELEM_TRUSS2];
  for (int64_t k = 0; k < g->n_blocks; k++) {
    pf_gmsh_block *b = &g->blocks[k];
    if (b->kind != PF_GK_LINE || b->dim != 1 || !block_has_group(g, b)) continue;
    b->truss_start = tids->n;
    for (int64_t i = 0; i < b->count; i++) {
      PF_CALL(pf_i64vec_push(ctx, tids, g->line_ids.a[b->start + i]));
      PF_CALL(pf_i64vec_push(ctx, tconn, g->lines.a[2 * (b->start + i)]));
      PF_CALL(pf_i64vec_push(ctx, tconn, g->lines.a[2 * (b->start + i) + 1]));
    }
  }
  /* The elements move into the mesh; global numbers follow the type order. */
  m->elem_offset[0] = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    m->blocks[t].count = g->ids[t].n;
    m->blocks[t].ids = g->ids[t].a;
    m->blocks[t].conn = g->conn[t].a;
    memset(&g->ids[t], 0, sizeof(g->ids[t]));
    memset(&g->conn[t], 0, sizeof(g->conn[t]));
    m->elem_offset[t + 1] = m->elem_offset[t] + m->blocks[t].count;
  }
  pf_i64vec groups = {0, 0, NULL}, elems = {0, 0, NULL}, rows = {0, 0, NULL};
  unsigned char *mark = NULL;
  const int ierr = build_sets(g, &groups, &elems, &rows, &mark);
  pf_i64vec_free(&groups);
  pf_i64vec_free(&elems);
  pf_i64vec_free(&rows);
  free(mark);
  return ierr;
}
