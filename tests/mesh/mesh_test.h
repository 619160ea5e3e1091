/* Helpers shared by the mesh tests: reading a file of the source tree, id look-ups, geometry of
 * faces and elements computed here (not by the fem module). */
#ifndef PF_MESH_TEST_H
#define PF_MESH_TEST_H

#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh.h"
#include "pf_test.h"

/* Reads a mesh of the source tree; a failure counts as a failed check and returns NULL. */
static inline pf_mesh *mt_read(pf_context *ctx, const char *rel) {
  char path[4096];
  pf_test_path(rel, path, sizeof(path));
  pf_mesh *mesh = NULL;
  const int rc = pf_mesh_read(ctx, path, &mesh);
  PF_EXPECT(rc == PF_OK, "reading %s: %s", rel, pf_context_error(ctx));
  return rc == PF_OK ? mesh : NULL;
}

/* Row of node id, -1 if absent. */
static inline int64_t mt_node_row(const pf_mesh *m, int64_t id) {
  for (int64_t i = 0; i < m->n_nodes; i++)
    if (m->node_ids[i] == id) return i;
  return -1;
}

/* Index in block t of element id, -1 if absent. */
static inline int64_t mt_elem_index(const pf_mesh *m, pf_elem_type t, int64_t id) {
  for (int64_t e = 0; e < m->blocks[t].count; e++)
    if (m->blocks[t].ids[e] == id) return e;
  return -1;
}

static inline void mt_sub(const double *a, const double *b, double *c) {
  for (int i = 0; i < 3; i++) c[i] = a[i] - b[i];
}
static inline void mt_cross(const double *a, const double *b, double *c) {
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}
static inline double mt_dot(const double *a, const double *b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
static inline double mt_det3(const double *a, const double *b, const double *c) {
  double n[3];
  mt_cross(b, c, n);
  return mt_dot(a, n);
}

/* Right-hand normal of a face from its corners (|n| = twice the area for triangles, for quads
 * the cross product of the diagonals) and its corner centroid. */
static inline void mt_face_normal(const pf_mesh *m, pf_face_type ft, const int64_t *f, double n[3],
                                  double c[3]) {
  const double *x0 = m->x + 3 * f[0], *x1 = m->x + 3 * f[1], *x2 = m->x + 3 * f[2];
  double a[3], b[3];
  const int nc = pf_face_corners(ft);
  if (nc == 3) {
    mt_sub(x1, x0, a);
    mt_sub(x2, x0, b);
  } else {
    const double *x3 = m->x + 3 * f[3];
    mt_sub(x2, x0, a);
    mt_sub(x3, x1, b);
  }
  mt_cross(a, b, n);
  for (int i = 0; i < 3; i++) {
    c[i] = 0.0;
    for (int k = 0; k < nc; k++) c[i] += m->x[3 * f[k] + i] / nc;
  }
}

/* Area of a straight-sided face from its corners. */
static inline double mt_face_area(const pf_mesh *m, pf_face_type ft, const int64_t *f) {
  double n[3], c[3];
  mt_face_normal(m, ft, f, n, c);
  return 0.5 * sqrt(mt_dot(n, n));
}

/* Volume of the corner tetrahedron of a tet, and of a hex8 with planar faces (six tets about the
 * diagonal 0-6). */
static inline double mt_tet_volume(const double *x0, const double *x1, const double *x2,
                                   const double *x3) {
  double a[3], b[3], c[3];
  mt_sub(x1, x0, a);
  mt_sub(x2, x0, b);
  mt_sub(x3, x0, c);
  return mt_det3(a, b, c) / 6.0;
}
static inline double mt_elem_volume(const pf_mesh *m, pf_elem_type t, int64_t e) {
  const int nn = pf_elem_nodes(t);
  const int64_t *c = m->blocks[t].conn + e * nn;
#define MT_X(k) (m->x + 3 * c[k])
  if (t == PF_ELEM_HEX8) {
    static const int tets[6][4] = {{0, 1, 2, 6}, {0, 2, 3, 6}, {0, 3, 7, 6},
                                   {0, 7, 4, 6}, {0, 4, 5, 6}, {0, 5, 1, 6}};
    double v = 0.0;
    for (int k = 0; k < 6; k++)
      v += mt_tet_volume(MT_X(tets[k][0]), MT_X(tets[k][1]), MT_X(tets[k][2]), MT_X(tets[k][3]));
    return v;
  }
  return mt_tet_volume(MT_X(0), MT_X(1), MT_X(2), MT_X(3));
#undef MT_X
}

/* Does the message start with "file:line: "? */
static inline int mt_has_location(const char *msg, const char *file, int line) {
  char want[4200];
  snprintf(want, sizeof(want), "%s:%d: ", file, line);
  return strncmp(msg, want, strlen(want)) == 0;
}

#endif /* PF_MESH_TEST_H */
