/* Surfaces: after reading, every face points out of the element it bounds (pf_mesh_orient_surfaces)
 *   ring-tet10: 'outer' away from the axis, 'inner' toward it, 'end_z1' +z, 'end_z0' -z,
 *   'sym_x' -x, 'sym_y' -y; block (tet10 .msh/.inp, tet4, hex8): 'top' +z, 'clamp' -x, 'tip' +x;
 *   every face has a parent holding its corners; faces reversed by hand are turned back, with
 *   tri6 mid-nodes kept on their edges; tiny.msh's 'bottom' is written inward and read outward.
 * Look-ups: pf_mesh_find_* (exact, then case-insensitive) and pf_mesh_nodes_of (node set, then
 * surface, then element set; unknown names name the file and the nearest name). */
#include <math.h>

#include "mesh_test.h"

#define DIR "meshes/verification/"

/* Every face of surface name has n . dir(c) of sign `sign` (dir from the face centroid). */
static void check_normals(const pf_mesh *m, const char *name, void (*dir)(const double *, double *),
                          double sign) {
  const int s = pf_mesh_find_surface(m, name);
  PF_EXPECT(s >= 0, "%s: no surface '%s'", m->source, name);
  if (s < 0) return;
  const pf_surface *sf = &m->surfaces[s];
  int64_t wrong = 0, orphans = 0, faces = 0;
  for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
    const int nn = pf_face_nodes((pf_face_type)ft), nc = pf_face_corners((pf_face_type)ft);
    for (int64_t f = 0; f < sf->count[ft]; f++, faces++) {
      const int64_t *c = sf->conn[ft] + f * nn;
      double n[3], x[3], d[3];
      mt_face_normal(m, (pf_face_type)ft, c, n, x);
      dir(x, d);
      if (!(sign * mt_dot(n, d) > 0.0)) wrong++;
      /* The parent holds every corner of the face. */
      const int64_t g = sf->parent[ft][f];
      if (g < 0) {
        orphans++;
        continue;
      }
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(m, g, &t, &e);
      const int en = pf_elem_nodes(t);
      for (int a = 0; a < nc; a++) {
        int found = 0;
        for (int b = 0; b < en; b++) found |= m->blocks[t].conn[e * en + b] == c[a];
        if (!found) orphans++;
      }
    }
  }
  PF_EXPECT(faces > 0, "%s: '%s' has no faces", m->source, name);
  PF_EXPECT(wrong == 0, "%s: %lld of %lld faces of '%s' point the wrong way", m->source,
            (long long)wrong, (long long)faces, name);
  PF_EXPECT(orphans == 0, "%s: %lld faces of '%s' without a proper parent", m->source,
            (long long)orphans, name);
}

static void radial(const double *x, double *d) { d[0] = x[0], d[1] = x[1], d[2] = 0.0; }
static void plus_x(const double *x, double *d) { (void)x, d[0] = 1, d[1] = 0, d[2] = 0; }
static void plus_y(const double *x, double *d) { (void)x, d[0] = 0, d[1] = 1, d[2] = 0; }
static void plus_z(const double *x, double *d) { (void)x, d[0] = 0, d[1] = 0, d[2] = 1; }

/* Reverses every face of a surface by hand (tri6: corners b<->c, mid-nodes ab<->ca). */
static void reverse_surface(pf_mesh *m, const char *name) {
  const int s = pf_mesh_find_surface(m, name);
  if (s < 0) return;
  pf_surface *sf = &m->surfaces[s];
  for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
    const int nn = pf_face_nodes((pf_face_type)ft), nc = pf_face_corners((pf_face_type)ft);
    for (int64_t f = 0; f < sf->count[ft]; f++) {
      int64_t *c = sf->conn[ft] + f * nn, t = c[1];
      c[1] = c[nc - 1], c[nc - 1] = t;
      if (nn == 6) t = c[3], c[3] = c[5], c[5] = t;
    }
  }
}

/* Straight tri6 faces: mid-nodes 3, 4, 5 at the midpoints of corner edges 01, 12, 20. */
static double tri6_mid_error(const pf_mesh *m, const char *name) {
  const int s = pf_mesh_find_surface(m, name);
  double worst = 0.0;
  for (int64_t f = 0; s >= 0 && f < m->surfaces[s].count[PF_FACE_TRI6]; f++) {
    const int64_t *c = m->surfaces[s].conn[PF_FACE_TRI6] + 6 * f;
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < 3; i++)
        worst = fmax(worst, fabs(m->x[3 * c[3 + k] + i] -
                                 0.5 * (m->x[3 * c[k] + i] + m->x[3 * c[(k + 1) % 3] + i])));
  }
  return worst;
}

static void check_block(pf_context *ctx, const char *rel) {
  pf_mesh *m = mt_read(ctx, rel);
  if (!m) return;
  check_normals(m, "top", plus_z, 1.0);
  check_normals(m, "tip", plus_x, 1.0);
  check_normals(m, "clamp", plus_x, -1.0);
  reverse_surface(m, "top");
  reverse_surface(m, "clamp");
  PF_EXPECT(pf_mesh_orient_surfaces(ctx, m) == PF_OK, "orient: %s", pf_context_error(ctx));
  check_normals(m, "top", plus_z, 1.0);
  check_normals(m, "clamp", plus_x, -1.0);
  PF_EXPECT(tri6_mid_error(m, "top") < 1e-12, "%s: tri6 mid-nodes left their edges", rel);
  pf_mesh_destroy(&m);
}

static void check_lookups(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/features.inp");
  if (!m) return;
  PF_EXPECT(pf_mesh_find_elset(m, "Tet") >= 0, "find_elset exact");
  PF_EXPECT(pf_mesh_find_elset(m, "tET") == pf_mesh_find_elset(m, "Tet"), "find_elset nocase");
  PF_EXPECT(pf_mesh_find_nset(m, "BOTTOM") == pf_mesh_find_nset(m, "Bottom"), "find_nset nocase");
  PF_EXPECT(pf_mesh_find_surface(m, "Skin") == pf_mesh_find_surface(m, "skin"), "find_surface");
  PF_EXPECT(pf_mesh_find_nset(m, "nothing") == -1, "find_nset of an unknown name");
  int64_t *nodes = NULL, n = 0;
  /* A node set. */
  PF_EXPECT(pf_mesh_nodes_of(ctx, m, "Both", &nodes, &n) == PF_OK && n == 5, "nodes_of Both");
  free(nodes);
  /* A surface without a node set of its name: the 4 nodes of the S4R face. */
  PF_EXPECT(pf_mesh_nodes_of(ctx, m, "skin", &nodes, &n) == PF_OK && n == 4, "nodes_of skin");
  for (int64_t i = 0; i < n; i++)
    PF_EXPECT(m->node_ids[nodes[i]] >= 5 && m->node_ids[nodes[i]] <= 8, "skin node id %lld",
              (long long)m->node_ids[nodes[i]]);
  free(nodes);
  /* An element set only: the truss ends 1 and 7, sorted rows. */
  PF_EXPECT(pf_mesh_nodes_of(ctx, m, "cable", &nodes, &n) == PF_OK && n == 2, "nodes_of cable");
  if (n == 2)
    PF_EXPECT(m->node_ids[nodes[0]] == 1 && m->node_ids[nodes[1]] == 7 && nodes[0] < nodes[1],
              "nodes_of cable: ids %lld %lld", (long long)m->node_ids[nodes[0]],
              (long long)m->node_ids[nodes[1]]);
  free(nodes);
  /* Unknown names: the file and the nearest name, or the names there are. */
  char path[4096];
  pf_test_path("tests/mesh/data/features.inp", path, sizeof(path));
  char want[8192];
  PF_EXPECT(pf_mesh_nodes_of(ctx, m, "Bottm", &nodes, &n) == PF_ERR_INPUT, "nodes_of Bottm");
  snprintf(want, sizeof(want),
           "no node set, surface or element set named 'Bottm' in %s (did "
           "you mean 'Bottom'?)",
           path);
  PF_EXPECT(!strcmp(pf_context_error(ctx), want), "message: %s", pf_context_error(ctx));
  PF_EXPECT(pf_mesh_nodes_of(ctx, m, "zzzzzzzzzz", &nodes, &n) == PF_ERR_INPUT, "nodes_of zzz");
  PF_EXPECT(strstr(pf_context_error(ctx), "(available: 'Cube', 'Bottom'") != NULL, "message: %s",
            pf_context_error(ctx));
  pf_mesh_destroy(&m);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_mesh *m = mt_read(ctx, DIR "ring-tet10.msh");
  if (m) {
    check_normals(m, "outer", radial, 1.0);
    check_normals(m, "inner", radial, -1.0);
    check_normals(m, "end_z1", plus_z, 1.0);
    check_normals(m, "end_z0", plus_z, -1.0);
    check_normals(m, "sym_x", plus_x, -1.0);
    check_normals(m, "sym_y", plus_y, -1.0);
    pf_mesh_destroy(&m);
  }
  check_block(ctx, DIR "block-tet10.msh");
  check_block(ctx, DIR "block-tet10.inp");
  check_block(ctx, DIR "block-tet4.msh");
  check_block(ctx, DIR "block-hex8.msh");
  /* tiny.msh writes its face (1 2 3) with normal +z on the bottom of the tet. */
  m = mt_read(ctx, "tests/mesh/data/tiny.msh");
  if (m) {
    check_normals(m, "bottom", plus_z, -1.0);
    pf_mesh_destroy(&m);
  }
  check_lookups(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_surfaces");
}
