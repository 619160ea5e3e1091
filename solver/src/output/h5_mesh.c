/* /mesh of a result file: nodes, element blocks, regions, node/element sets and surfaces. */
#include <stdlib.h>
#include <string.h>

#include "output/h5_internal.h"

/* VTK cell type of each element type (vtkCellType.h), stored for readers that build VTK grids. */
static const int vtk_cell_type[PF_ELEM_NUM_TYPES] = {10, 24, 12, 3};

/* Every connectivity entry must be a node row: a bad one would crash ParaView later. */
static int check_block(pf_context *ctx, const pf_mesh *mesh, int t) {
  const pf_elem_block *b = &mesh->blocks[t];
  const int64_t n = b->count * pf_elem_nodes((pf_elem_type)t);
  PF_CHECK(b->conn && b->ids, ctx, PF_ERR_INTERNAL, "mesh block %s has no connectivity or ids",
           pf_elem_name((pf_elem_type)t));
  for (int64_t k = 0; k < n; k++)
    PF_CHECK(b->conn[k] >= 0 && b->conn[k] < mesh->n_nodes, ctx, PF_ERR_INTERNAL,
             "%s element %lld refers to node row %lld of %lld", pf_elem_name((pf_elem_type)t),
             (long long)(k / pf_elem_nodes((pf_elem_type)t)), (long long)b->conn[k],
             (long long)mesh->n_nodes);
  return PF_OK;
}

/* /mesh/elements/<type>/{connectivity, ids, region} for each type with elements. */
static int write_blocks(pf_context *ctx, hid_t gmesh, const pf_mesh *mesh,
                        const int32_t *elem_region, int deflate) {
  hid_t gel;
  PF_CALL(pf_h5_group(ctx, gmesh, "elements", H5P_DEFAULT, &gel));
  int ierr = PF_OK;
  int32_t *region = NULL;
  for (int t = 0; t < PF_ELEM_NUM_TYPES && !ierr; t++) {
    const pf_elem_block *b = &mesh->blocks[t];
    if (b->count <= 0) continue;
    const char *tname = pf_elem_name((pf_elem_type)t);
    hid_t g;
    PF_CALL_GOTO(ierr, done, check_block(ctx, mesh, t));
    PF_CALL_GOTO(ierr, done, pf_h5_group(ctx, gel, tname, H5P_DEFAULT, &g));
    ierr = pf_h5_write_i64(ctx, g, "connectivity", b->count, pf_elem_nodes((pf_elem_type)t),
                           b->conn, deflate);
    if (!ierr) ierr = pf_h5_write_i64(ctx, g, "ids", b->count, 0, b->ids, deflate);
    if (!ierr) ierr = PF_REALLOC(ctx, b->count, &region);
    if (!ierr) {
      for (int64_t e = 0; e < b->count; e++)
        region[e] = elem_region ? elem_region[mesh->elem_offset[t] + e] : -1;
      ierr = pf_h5_write(ctx, g, "region", H5T_NATIVE_INT32, H5T_STD_I32LE, b->count, 0, region,
                         deflate, NULL);
    }
    if (!ierr) ierr = pf_h5_attr_int64(ctx, g, "global_offset", mesh->elem_offset[t]);
    if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "vtk_cell_type", vtk_cell_type[t]);
    H5Gclose(g);
  }
done:
  free(region);
  H5Gclose(gel);
  return ierr;
}

/* Creates group name under parent and, inside it, one item per set (escaped name, attribute
 * "name" with the original). kind: 0 node sets, 1 element sets, 2 surfaces. */
static int write_sets(pf_context *ctx, hid_t gmesh, const pf_mesh *mesh, int kind, int deflate) {
  static const char *const group_names[3] = {"node_sets", "element_sets", "surfaces"};
  const int n = kind == 0 ? mesh->n_nsets : kind == 1 ? mesh->n_elsets : mesh->n_surfaces;
  hid_t gsets;
  PF_CALL(pf_h5_group(ctx, gmesh, group_names[kind], H5P_DEFAULT, &gsets));
  int ierr = PF_OK;
  char *esc = NULL;
  for (int i = 0; i < n && !ierr; i++) {
    const char *name = kind == 0   ? mesh->nsets[i].name
                       : kind == 1 ? mesh->elsets[i].name
                                   : mesh->surfaces[i].name;
    PF_CALL_GOTO(ierr, done, pf_h5_escape_name(ctx, name ? name : "", &esc));
    htri_t dup = H5Lexists(gsets, esc, H5P_DEFAULT);
    if (dup < 0) {
      ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot look up a set name");
      goto done;
    }
    if (dup > 0) {
      ierr = PF_ERROR(ctx, PF_ERR_INPUT, "the mesh has two %s named '%s'",
                      kind == 0   ? "node sets"
                      : kind == 1 ? "element sets"
                                  : "surfaces",
                      name ? name : "");
      goto done;
    }
    hid_t item = H5I_INVALID_HID;
    if (kind == 0) {
      ierr = pf_h5_write(ctx, gsets, esc, H5T_NATIVE_INT64, H5T_STD_I64LE, mesh->nsets[i].count, 0,
                         mesh->nsets[i].nodes, deflate, &item);
    } else if (kind == 1) {
      ierr = pf_h5_write(ctx, gsets, esc, H5T_NATIVE_INT64, H5T_STD_I64LE, mesh->elsets[i].count, 0,
                         mesh->elsets[i].elems, deflate, &item);
    } else {
      const pf_surface *s = &mesh->surfaces[i];
      ierr = pf_h5_group(ctx, gsets, esc, H5P_DEFAULT, &item);
      for (int f = 0; f < PF_FACE_NUM_TYPES && !ierr; f++) {
        if (s->count[f] <= 0) continue;
        char pname[32];
        const char *fname = pf_face_name((pf_face_type)f);
        ierr = pf_h5_write_i64(ctx, item, fname, s->count[f], pf_face_nodes((pf_face_type)f),
                               s->conn[f], deflate);
        snprintf(pname, sizeof(pname), "%s_parent", fname);
        if (!ierr && s->parent[f])
          ierr = pf_h5_write_i64(ctx, item, pname, s->count[f], 0, s->parent[f], deflate);
      }
    }
    if (!ierr) ierr = pf_h5_attr_string(ctx, item, "name", name);
    if (item >= 0) H5Oclose(item);
    PF_FREE(&esc);
  }
done:
  free(esc);
  H5Gclose(gsets);
  return ierr;
}

static int write_mesh(pf_output *out, const pf_mesh *mesh, int n_regions,
                      const char *const *region_names, const int32_t *elem_region) {
  pf_context *ctx = out->ctx;
  PF_CHECK(!out->has_mesh, ctx, PF_ERR_INTERNAL, "the mesh was already written");
  PF_CHECK(mesh && mesh->n_nodes >= 0 && (mesh->n_nodes == 0 || (mesh->x && mesh->node_ids)), ctx,
           PF_ERR_INTERNAL, "the mesh has no nodes");
  PF_CHECK(n_regions >= 0, ctx, PF_ERR_INTERNAL, "negative region count");
  hid_t g;
  PF_CALL(pf_h5_group(ctx, out->file, "mesh", H5P_DEFAULT, &g));
  int ierr = pf_h5_write_f64(ctx, g, "nodes", mesh->n_nodes, 3, mesh->x, out->deflate);
  if (!ierr)
    ierr = pf_h5_write_i64(ctx, g, "node_ids", mesh->n_nodes, 0, mesh->node_ids, out->deflate);
  if (!ierr) ierr = write_blocks(ctx, g, mesh, elem_region, out->deflate);
  if (!ierr) ierr = pf_h5_write_strings(ctx, g, "regions", n_regions, region_names);
  for (int kind = 0; kind < 3 && !ierr; kind++) ierr = write_sets(ctx, g, mesh, kind, out->deflate);
  if (!ierr && mesh->source) ierr = pf_h5_attr_string(ctx, g, "source", mesh->source);
  H5Gclose(g);
  if (!ierr && H5Fflush(out->file, H5F_SCOPE_GLOBAL) < 0)
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot flush the result file");
  if (ierr) return ierr;
  out->has_mesh = 1;
  out->n_nodes = mesh->n_nodes;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) out->elem_count[t] = mesh->blocks[t].count;
  return PF_OK;
}

int pf_output_write_mesh(pf_output *out, const pf_mesh *mesh, int n_regions,
                         const char *const *region_names, const int32_t *elem_region) {
  PF_CHECK(out && out->file >= 0, out ? out->ctx : NULL, PF_ERR_INTERNAL, "output is not open");
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = write_mesh(out, mesh, n_regions, region_names, elem_region);
  pf_h5_quiet_end(&q);
  return ierr;
}
