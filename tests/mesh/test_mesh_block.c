/* The 10 x 2 x 2 mm verification block read five ways gives one mesh:
 *   block-tet10.msh (gmsh ASCII 4.1) is the reference;
 *   block-tet10-bin.msh (binary), block-tet10.inp (gmsh's Abaqus export), block-tet10-part.inp
 *   (*PART, *INSTANCE) and block-tet10-part-rot.inp (translated + rotated instance) must give the
 *   same nodes by id (coordinates to 1e-12, the rotated deck after the inverse transform; the
 *   .inp keeps 14 digits, so 1e-12 also bounds the export's rounding), the same elements by id
 *   (connectivity compared by node ids) and the same sets and surfaces.
 * Also: straight-sided tet10 mid-edge nodes lie at the midpoints of their edges in VTK order
 * (the gmsh -> VTK tet10 mapping), the tet4 and hex8 blocks have volume 40 and positive
 * elements, and the surfaces have the areas of the block's faces. */
#include <math.h>

#include "mesh_test.h"

#define DIR "meshes/verification/"

/* The instance transform of block-tet10-part-rot.inp (make_part_decks.py): x -> R(x + t) about
 * the axis a -> b by ANGLE degrees. Undone here: x = a + R^-1 (y - a) - t. */
static const double T[3] = {1.5, -2.0, 3.0}, A[3] = {1.0, 2.0, 0.5}, B[3] = {2.0, 3.0, 4.5};
static const double ANGLE = 30.0;

static void unplace(const double y[3], double x[3]) {
  double n[3], v[3], nxv[3];
  mt_sub(B, A, n);
  const double len = sqrt(mt_dot(n, n));
  for (int i = 0; i < 3; i++) n[i] /= len;
  mt_sub(y, A, v);
  const double th = -ANGLE * M_PI / 180.0, c = cos(th), s = sin(th), nv = mt_dot(n, v);
  mt_cross(n, v, nxv);
  for (int i = 0; i < 3; i++) x[i] = A[i] + v[i] * c + nxv[i] * s + n[i] * nv * (1 - c) - T[i];
}

static int cmp_i64(const void *a, const void *b) {
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Node ids of a node set, sorted. */
static int64_t *nset_ids(const pf_mesh *m, const char *name, int64_t *n) {
  const int s = pf_mesh_find_nset(m, name);
  PF_EXPECT(s >= 0, "%s: node set '%s' missing", m->source, name);
  if (s < 0) return NULL;
  *n = m->nsets[s].count;
  int64_t *ids = malloc((size_t)(*n + 1) * sizeof(*ids));
  for (int64_t i = 0; i < *n; i++) ids[i] = m->node_ids[m->nsets[s].nodes[i]];
  qsort(ids, (size_t)*n, sizeof(*ids), cmp_i64);
  return ids;
}

/* Element ids of an element set, sorted. */
static int64_t *elset_ids(const pf_mesh *m, const char *name, int64_t *n) {
  const int s = pf_mesh_find_elset(m, name);
  PF_EXPECT(s >= 0, "%s: element set '%s' missing", m->source, name);
  if (s < 0) return NULL;
  *n = m->elsets[s].count;
  int64_t *ids = malloc((size_t)(*n + 1) * sizeof(*ids));
  for (int64_t i = 0; i < *n; i++) {
    pf_elem_type t;
    int64_t e;
    pf_mesh_elem_locate(m, m->elsets[s].elems[i], &t, &e);
    ids[i] = m->blocks[t].ids[e];
  }
  qsort(ids, (size_t)*n, sizeof(*ids), cmp_i64);
  return ids;
}

/* Faces of a surface as node ids, each turned to start at its smallest corner id (orientation
 * kept, tri6 mid-nodes turned with it), then sorted: 6 ids per face (tri3 padded with 0). */
static int cmp_face(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  for (int k = 0; k < 6; k++)
    if (x[k] != y[k]) return (x[k] > y[k]) - (x[k] < y[k]);
  return 0;
}
static int64_t *surface_faces(const pf_mesh *m, const char *name, int64_t *n) {
  const int s = pf_mesh_find_surface(m, name);
  PF_EXPECT(s >= 0, "%s: surface '%s' missing", m->source, name);
  if (s < 0) return NULL;
  const pf_surface *sf = &m->surfaces[s];
  *n = sf->count[0] + sf->count[1] + sf->count[2];
  int64_t *out = calloc((size_t)(*n + 1) * 6, sizeof(*out)), k = 0;
  for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
    const int nn = pf_face_nodes((pf_face_type)ft), nc = pf_face_corners((pf_face_type)ft);
    for (int64_t f = 0; f < sf->count[ft]; f++, k++) {
      const int64_t *c = sf->conn[ft] + f * nn;
      int r = 0;
      for (int i = 1; i < nc; i++)
        if (m->node_ids[c[i]] < m->node_ids[c[r]]) r = i;
      for (int i = 0; i < nc; i++) {
        out[6 * k + i] = m->node_ids[c[(i + r) % nc]];
        if (nn == 6) out[6 * k + 3 + i] = m->node_ids[c[3 + (i + r) % nc]];
      }
    }
  }
  qsort(out, (size_t)*n, 6 * sizeof(*out), cmp_face);
  return out;
}

static void expect_same_list(const char *what, const char *name, const pf_mesh *m, int64_t *a,
                             int64_t na, int64_t *b, int64_t nb, int width) {
  PF_EXPECT(a && b && na == nb, "%s: %s '%s' has %lld entries, expected %lld", m->source, what,
            name, (long long)nb, (long long)na);
  if (a && b && na == nb)
    PF_EXPECT(!memcmp(a, b, (size_t)(na * width) * sizeof(*a)), "%s: %s '%s' differs", m->source,
              what, name);
  free(a);
  free(b);
}

static void compare(const pf_mesh *ref, const pf_mesh *m, int rotated) {
  PF_EXPECT(m->n_nodes == ref->n_nodes, "%s: %lld nodes, expected %lld", m->source,
            (long long)m->n_nodes, (long long)ref->n_nodes);
  double worst = 0.0;
  int64_t missing = 0;
  for (int64_t i = 0; i < ref->n_nodes; i++) {
    const int64_t j = mt_node_row(m, ref->node_ids[i]);
    if (j < 0) {
      missing++;
      continue;
    }
    double x[3];
    if (rotated)
      unplace(m->x + 3 * j, x);
    else
      memcpy(x, m->x + 3 * j, sizeof(x));
    for (int k = 0; k < 3; k++) worst = fmax(worst, fabs(x[k] - ref->x[3 * i + k]));
  }
  PF_EXPECT(missing == 0, "%s: %lld node ids of the reference missing", m->source,
            (long long)missing);
  PF_EXPECT_NEAR(worst, 0.0, 1e-12);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int nn = pf_elem_nodes((pf_elem_type)t);
    PF_EXPECT(m->blocks[t].count == ref->blocks[t].count, "%s: %lld %s, expected %lld", m->source,
              (long long)m->blocks[t].count, pf_elem_name((pf_elem_type)t),
              (long long)ref->blocks[t].count);
    int64_t bad = 0;
    for (int64_t e = 0; e < ref->blocks[t].count; e++) {
      const int64_t k = mt_elem_index(m, (pf_elem_type)t, ref->blocks[t].ids[e]);
      if (k < 0) {
        bad++;
        continue;
      }
      for (int a = 0; a < nn; a++)
        if (m->node_ids[m->blocks[t].conn[k * nn + a]] !=
            ref->node_ids[ref->blocks[t].conn[e * nn + a]]) {
          bad++;
          break;
        }
    }
    PF_EXPECT(bad == 0, "%s: %lld %s elements differ from the reference", m->source, (long long)bad,
              pf_elem_name((pf_elem_type)t));
  }
  const char *nsets[] = {"block", "clamp", "tip", "top", "corner"};
  for (int i = 0; i < 5; i++) {
    int64_t na = 0, nb = 0, *a = nset_ids(ref, nsets[i], &na), *b = nset_ids(m, nsets[i], &nb);
    expect_same_list("node set", nsets[i], m, a, na, b, nb, 1);
  }
  int64_t na = 0, nb = 0, *a = elset_ids(ref, "block", &na), *b = elset_ids(m, "block", &nb);
  expect_same_list("element set", "block", m, a, na, b, nb, 1);
  const char *surfaces[] = {"clamp", "tip", "top"};
  for (int i = 0; i < 3; i++) {
    a = surface_faces(ref, surfaces[i], &na);
    b = surface_faces(m, surfaces[i], &nb);
    expect_same_list("surface", surfaces[i], m, a, na, b, nb, 6);
  }
}

/* Mid-edge nodes of straight tet10 edges sit at the midpoint of edges 01 12 20 03 13 23. */
static void check_tet10_midpoints(const pf_mesh *m) {
  static const int edge[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  const pf_elem_block *b = &m->blocks[PF_ELEM_TET10];
  double worst = 0.0;
  for (int64_t e = 0; e < b->count; e++)
    for (int k = 0; k < 6; k++)
      for (int i = 0; i < 3; i++) {
        const int64_t *c = b->conn + 10 * e;
        const double mid = 0.5 * (m->x[3 * c[edge[k][0]] + i] + m->x[3 * c[edge[k][1]] + i]);
        worst = fmax(worst, fabs(m->x[3 * c[4 + k] + i] - mid));
      }
  PF_EXPECT(b->count > 0, "%s: no tet10", m->source);
  PF_EXPECT(worst < 1e-12,
            "%s: a tet10 mid-edge node is %.3g mm off its edge midpoint (node "
            "order)",
            m->source, worst);
}

/* Block geometry: volume 40 with positive elements, face areas, the corner node. */
static void check_block(const pf_mesh *m) {
  double volume = 0.0, smallest = 1e300;
  for (int t = 0; t < PF_ELEM_TRUSS2; t++)
    for (int64_t e = 0; e < m->blocks[t].count; e++) {
      const double v = mt_elem_volume(m, (pf_elem_type)t, e);
      volume += v;
      smallest = fmin(smallest, v);
    }
  PF_EXPECT_REL(volume, 40.0, 1e-12);
  PF_EXPECT(smallest > 0.0, "%s: an element has volume %g", m->source, smallest);
  const char *names[] = {"clamp", "tip", "top"};
  const double areas[] = {4.0, 4.0, 20.0};
  for (int i = 0; i < 3; i++) {
    const int s = pf_mesh_find_surface(m, names[i]);
    PF_EXPECT(s >= 0, "%s: no surface '%s'", m->source, names[i]);
    if (s < 0) continue;
    double area = 0.0;
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++)
      for (int64_t f = 0; f < m->surfaces[s].count[ft]; f++)
        area += mt_face_area(m, (pf_face_type)ft,
                             m->surfaces[s].conn[ft] + f * pf_face_nodes((pf_face_type)ft));
    PF_EXPECT_REL(area, areas[i], 1e-12);
  }
  const int c = pf_mesh_find_nset(m, "corner");
  PF_EXPECT(c >= 0 && m->nsets[c].count == 1, "%s: node set 'corner' is not one node", m->source);
  if (c >= 0 && m->nsets[c].count == 1)
    PF_EXPECT_NEAR(fabs(m->x[3 * m->nsets[c].nodes[0]]) + fabs(m->x[3 * m->nsets[c].nodes[0] + 1]) +
                       fabs(m->x[3 * m->nsets[c].nodes[0] + 2]),
                   0.0, 1e-14);
  const int b = pf_mesh_find_elset(m, "block");
  PF_EXPECT(b >= 0 && m->elsets[b].count == m->elem_offset[PF_ELEM_NUM_TYPES],
            "%s: element set 'block' is not every element", m->source);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_mesh *ref = mt_read(ctx, DIR "block-tet10.msh");
  if (!ref) return pf_test_result("test_mesh_block");
  check_block(ref);
  check_tet10_midpoints(ref);
  const char *variants[] = {DIR "block-tet10-bin.msh", DIR "block-tet10.inp",
                            DIR "block-tet10-part.inp", DIR "block-tet10-part-rot.inp"};
  for (int v = 0; v < 4; v++) {
    pf_mesh *m = mt_read(ctx, variants[v]);
    if (!m) continue;
    compare(ref, m, v == 3);
    if (v < 3) check_tet10_midpoints(m);
    pf_mesh_destroy(&m);
  }
  /* The same block as tet4 and as structured hex8 (10 x 2 x 2 cells). */
  pf_mesh *m = mt_read(ctx, DIR "block-tet4.msh");
  if (m) {
    PF_EXPECT(m->blocks[PF_ELEM_TET4].count > 0 &&
                  m->elem_offset[PF_ELEM_NUM_TYPES] == m->blocks[PF_ELEM_TET4].count,
              "block-tet4.msh: expected only tet4");
    check_block(m);
    pf_mesh_destroy(&m);
  }
  m = mt_read(ctx, DIR "block-hex8.msh");
  if (m) {
    PF_EXPECT(m->blocks[PF_ELEM_HEX8].count == 40 && m->elem_offset[PF_ELEM_NUM_TYPES] == 40,
              "block-hex8.msh: expected 40 hex8");
    PF_EXPECT(m->n_nodes == 11 * 3 * 3, "block-hex8.msh: %lld nodes, expected 99",
              (long long)m->n_nodes);
    check_block(m);
    const int top = pf_mesh_find_surface(m, "top");
    PF_EXPECT(top >= 0 && m->surfaces[top].count[PF_FACE_QUAD4] == 20,
              "block-hex8.msh: 'top' "
              "is not 20 quad4");
    pf_mesh_destroy(&m);
  }
  pf_mesh_destroy(&ref);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_block");
}
