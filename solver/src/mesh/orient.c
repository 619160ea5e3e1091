/* Surface orientation: every face is turned so that its right-hand normal points out of the solid
 * element it bounds, found through a node -> element adjacency of the element corners. */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh.h"

/* Corner nodes of the solid types (the first nodes of the connectivity); 0 for trusses. */
static int elem_corners(pf_elem_type t) {
  switch (t) {
    case PF_ELEM_TET4:
    case PF_ELEM_TET10:
      return 4;
    case PF_ELEM_HEX8:
      return 8;
    default:
      return 0;
  }
}

/* Element -> corner adjacency in CSR form: the global elements having node r as a corner are
 * list[start[r] .. start[r+1]-1]. */
static int build_adjacency(pf_context *ctx, const pf_mesh *mesh, int64_t **start, int64_t **list) {
  PF_CALL(PF_CALLOC(ctx, mesh->n_nodes + 1, start));
  int64_t *s = *start;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int nc = elem_corners((pf_elem_type)t), nn = pf_elem_nodes((pf_elem_type)t);
    const pf_elem_block *b = &mesh->blocks[t];
    for (int64_t e = 0; e < b->count; e++)
      for (int a = 0; a < nc; a++) s[b->conn[e * nn + a] + 1]++;
  }
  for (int64_t r = 0; r < mesh->n_nodes; r++) s[r + 1] += s[r];
  PF_CALL(PF_CALLOC(ctx, s[mesh->n_nodes], list));
  int64_t *fill = NULL;
  PF_CALL(PF_CALLOC(ctx, mesh->n_nodes, &fill));
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int nc = elem_corners((pf_elem_type)t), nn = pf_elem_nodes((pf_elem_type)t);
    const pf_elem_block *b = &mesh->blocks[t];
    for (int64_t e = 0; e < b->count; e++)
      for (int a = 0; a < nc; a++) {
        const int64_t r = b->conn[e * nn + a];
        (*list)[s[r] + fill[r]++] = mesh->elem_offset[t] + e;
      }
  }
  free(fill);
  return PF_OK;
}

/* Does local face f of element conn have exactly the corners c[0..nc-1]? If so, *same tells
 * whether the face runs in the same cyclic order as the outward local face (-1: neither). */
static int face_matches(const int64_t *conn, const int *local, int nc, const int64_t *c,
                        int *same) {
  int k0 = -1;
  for (int i = 0; i < nc; i++) {
    int found = 0;
    for (int j = 0; j < nc; j++)
      if (conn[local[j]] == c[i]) {
        found = 1;
        if (i == 0) k0 = j;
      }
    if (!found) return 0;
  }
  if (conn[local[(k0 + 1) % nc]] == c[1])
    *same = 1;
  else if (conn[local[(k0 + nc - 1) % nc]] == c[1])
    *same = 0;
  else
    *same = -1;
  return 1;
}

/* Reverses a face in place, keeping its first corner and its mid-edge nodes on their edges. */
static void flip_face(pf_face_type type, int64_t *f) {
  int64_t tmp;
  switch (type) {
    case PF_FACE_TRI3:
      tmp = f[1], f[1] = f[2], f[2] = tmp;
      break;
    case PF_FACE_TRI6: /* (a b c, ab bc ca) -> (a c b, ac cb ba) */
      tmp = f[1], f[1] = f[2], f[2] = tmp;
      tmp = f[3], f[3] = f[5], f[5] = tmp;
      break;
    case PF_FACE_QUAD4:
      tmp = f[1], f[1] = f[3], f[3] = tmp;
      break;
    default:
      break;
  }
}

int pf_mesh_orient_surfaces(pf_context *ctx, pf_mesh *mesh) {
  if (mesh->n_surfaces == 0) return PF_OK;
  int64_t *start = NULL, *list = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, build_adjacency(ctx, mesh, &start, &list));
  for (int i = 0; i < mesh->n_surfaces; i++) {
    pf_surface *s = &mesh->surfaces[i];
    int64_t orphans = 0, shared = 0, twisted = 0, flipped = 0;
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const int k = pf_face_nodes((pf_face_type)ft), nc = pf_face_corners((pf_face_type)ft);
      if (!s->parent[ft]) PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, s->count[ft], &s->parent[ft]));
      for (int64_t f = 0; f < s->count[ft]; f++) {
        int64_t *c = s->conn[ft] + f * k;
        int64_t parent = -1;
        int matches = 0, same = 0;
        for (int64_t a = start[c[0]]; a < start[c[0] + 1] && matches < 2; a++) {
          pf_elem_type t;
          int64_t e;
          pf_mesh_elem_locate(mesh, list[a], &t, &e);
          const int64_t *conn = mesh->blocks[t].conn + e * pf_elem_nodes(t);
          for (int lf = 0; lf < pf_elem_num_faces(t); lf++) {
            if (pf_face_corners(pf_elem_face_type(t, lf)) != nc) continue;
            int this_same;
            if (face_matches(conn, pf_elem_face_local(t, lf), nc, c, &this_same)) {
              matches++;
              parent = list[a];
              same = this_same;
              break;
            }
          }
        }
        if (matches != 1) {
          s->parent[ft][f] = -1;
          if (matches == 0)
            orphans++;
          else
            shared++;
          continue;
        }
        s->parent[ft][f] = parent;
        if (same < 0) {
          twisted++;
        } else if (!same) {
          flip_face((pf_face_type)ft, c);
          flipped++;
        }
      }
    }
    pf_debug(ctx, "surface '%s': %lld faces flipped to point outward\n", s->name,
             (long long)flipped);
    if (orphans)
      PF_CALL_GOTO(
          ierr, done,
          pf_mesh_add_note(ctx, mesh,
                           "surface '%s': %lld face%s no solid element; kept as "
                           "read",
                           s->name, (long long)orphans, orphans == 1 ? " bounds" : "s bound"));
    if (shared)
      PF_CALL_GOTO(ierr, done,
                   pf_mesh_add_note(ctx, mesh,
                                    "surface '%s': %lld face%s between two solid elements; "
                                    "kept as read",
                                    s->name, (long long)shared, shared == 1 ? " lies" : "s lie"));
    if (twisted)
      PF_CALL_GOTO(ierr, done,
                   pf_mesh_add_note(ctx, mesh,
                                    "surface '%s': %lld quad face%s corners in an order "
                                    "that is not a cycle of their element face; kept as read",
                                    s->name, (long long)twisted,
                                    twisted == 1 ? " lists its" : "s list their"));
  }
done:
  free(start);
  free(list);
  return ierr;
}
