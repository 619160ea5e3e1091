/* Abaqus deck syntax and assemblies.
 * features.inp: lower- and mixed-case keywords and parameters, '**' comments (also indented and
 *   between data lines), blank lines, nested *INCLUDE (relative to the including file), a
 *   keyword line and a C3D10 data line continued after a trailing comma, Fortran D exponents,
 *   GENERATE (also over a range far longer than the ids), sets naming sets, *NSET ELSET=,
 *   *SURFACE on solids (S1..S6, a face named twice kept once) and on surface elements (SNEG),
 *   TYPE=NODE, element aliases (C3D8R, C3D10H, C3D4H, T3D2H) and skipped types (B31, SPRINGA,
 *   MASS) as notes, surface element types (S4R, CPS3, STRI65) as surfaces, other keywords
 *   skipped with one note per keyword.
 * two-instances.inp: a part (the verification block, by *INCLUDE) placed twice, the second
 *   translated; an assembly-level node, trusses and a surface element on instance nodes
 *   ("A.2"), sets with INSTANCE= and instance-qualified names; ids of the second instance and of
 *   the assembly offset by 1000 and 2000; no plain alias for a set two instances have. */
#include <math.h>

#include "mesh_test.h"

static int count_notes(const pf_mesh *m, const char *text) {
  int n = 0;
  for (int i = 0; i < m->n_notes; i++) n += strstr(m->notes[i], text) != NULL;
  return n;
}

/* The ids of a node set are exactly ids[0..n-1] (any order). */
static void expect_nset(const pf_mesh *m, const char *name, const int64_t *ids, int n) {
  const int s = pf_mesh_find_nset(m, name);
  PF_EXPECT(s >= 0 && m->nsets[s].count == n, "node set '%s': %lld nodes, expected %d", name,
            s >= 0 ? (long long)m->nsets[s].count : -1LL, n);
  if (s < 0 || m->nsets[s].count != n) return;
  for (int i = 0; i < n; i++) {
    int found = 0;
    for (int64_t k = 0; k < n; k++) found |= m->node_ids[m->nsets[s].nodes[k]] == ids[i];
    PF_EXPECT(found, "node set '%s' lacks node %lld", name, (long long)ids[i]);
  }
}

static void expect_elset(const pf_mesh *m, const char *name, const int64_t *ids, int n) {
  const int s = pf_mesh_find_elset(m, name);
  PF_EXPECT(s >= 0 && m->elsets[s].count == n, "element set '%s': %lld elements, expected %d", name,
            s >= 0 ? (long long)m->elsets[s].count : -1LL, n);
  if (s < 0 || m->elsets[s].count != n) return;
  for (int i = 0; i < n; i++) {
    int found = 0;
    for (int64_t k = 0; k < n; k++) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(m, m->elsets[s].elems[k], &t, &e);
      found |= m->blocks[t].ids[e] == ids[i];
    }
    PF_EXPECT(found, "element set '%s' lacks element %lld", name, (long long)ids[i]);
  }
}

/* Connectivity of element id of type t, as node ids. */
static void expect_conn(const pf_mesh *m, pf_elem_type t, int64_t id, const int64_t *ids) {
  const int64_t e = mt_elem_index(m, t, id);
  PF_EXPECT(e >= 0, "no %s element %lld", pf_elem_name(t), (long long)id);
  if (e < 0) return;
  const int nn = pf_elem_nodes(t);
  for (int a = 0; a < nn; a++)
    PF_EXPECT(m->node_ids[m->blocks[t].conn[e * nn + a]] == ids[a],
              "%s %lld node %d is %lld, expected %lld", pf_elem_name(t), (long long)id, a,
              (long long)m->node_ids[m->blocks[t].conn[e * nn + a]], (long long)ids[a]);
}

/* Surface `name` has count[t] faces of each face type; returns its index. */
static int expect_surface(const pf_mesh *m, const char *name, int64_t tri3, int64_t tri6,
                          int64_t quad4) {
  const int s = pf_mesh_find_surface(m, name);
  PF_EXPECT(s >= 0, "no surface '%s'", name);
  if (s < 0) return s;
  const int64_t *c = m->surfaces[s].count;
  PF_EXPECT(c[PF_FACE_TRI3] == tri3 && c[PF_FACE_TRI6] == tri6 && c[PF_FACE_QUAD4] == quad4,
            "surface '%s': %lld tri3 %lld tri6 %lld quad4, expected %lld %lld %lld", name,
            (long long)c[0], (long long)c[1], (long long)c[2], (long long)tri3, (long long)tri6,
            (long long)quad4);
  return s;
}

static void check_features(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/features.inp");
  if (!m) return;
  PF_EXPECT(m->n_nodes == 20, "%lld nodes, expected 20 (8 + 10 + 2 from nested includes)",
            (long long)m->n_nodes);
  PF_EXPECT(mt_node_row(m, 31) >= 0, "node 31 of inc/deeper/more.inc missing");
  const int64_t r8 = mt_node_row(m, 8);
  PF_EXPECT(r8 >= 0 && m->x[3 * r8] == 0.0 && m->x[3 * r8 + 1] == 1.0 && m->x[3 * r8 + 2] == 1.0,
            "node 8 (D exponents) is not (0, 1, 1)");
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    PF_EXPECT(m->blocks[t].count == 1, "%lld %s, expected 1", (long long)m->blocks[t].count,
              pf_elem_name((pf_elem_type)t));
  expect_conn(m, PF_ELEM_HEX8, 1, (const int64_t[]){1, 2, 3, 4, 5, 6, 7, 8});
  expect_conn(m, PF_ELEM_TET10, 2, (const int64_t[]){11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
  expect_conn(m, PF_ELEM_TET4, 3, (const int64_t[]){11, 12, 13, 14});
  expect_conn(m, PF_ELEM_TRUSS2, 4, (const int64_t[]){1, 7});
  expect_elset(m, "CUBE", (const int64_t[]){1}, 1);
  expect_elset(m, "Tet", (const int64_t[]){2, 3}, 2); /* "Tet" and "tet" are one set */
  expect_elset(m, "solids", (const int64_t[]){1, 2, 3}, 3);
  expect_elset(m, "every_other", (const int64_t[]){1, 3}, 2); /* GENERATE 1, 9, 2 */
  expect_elset(m, "with_skipped", (const int64_t[]){1}, 1);
  expect_elset(m, "Beams", NULL, 0);
  expect_nset(m, "Cube", (const int64_t[]){1, 2, 3, 4, 5, 6, 7, 8}, 8);
  expect_nset(m, "Bottom", (const int64_t[]){1, 2, 3, 4}, 4);
  expect_nset(m, "corners", (const int64_t[]){1, 2, 3, 4}, 4);
  expect_nset(m, "Both", (const int64_t[]){1, 2, 3, 4, 5}, 5);
  /* GENERATE over a range far longer than the ids: the odd ids that exist. */
  expect_nset(m, "odd_far", (const int64_t[]){1, 3, 5, 7, 11, 13, 15, 17, 19, 31}, 10);
  expect_nset(m, "nodal", (const int64_t[]){1, 2, 3, 4}, 4);
  expect_nset(m, "of_cable", (const int64_t[]){1, 7}, 2);
  expect_surface(m, "skin", 0, 0, 1);
  const int s3 = expect_surface(m, "skin3", 1, 0, 0), s3n = expect_surface(m, "skin3_neg", 1, 0, 0);
  if (s3 >= 0 && s3n >= 0) {
    /* Face 9 (CPS3 on nodes 1 2 3) bounds no solid: kept as read, +z, and reversed by SNEG. */
    double n[3], c[3], nn[3];
    mt_face_normal(m, PF_FACE_TRI3, m->surfaces[s3].conn[PF_FACE_TRI3], n, c);
    mt_face_normal(m, PF_FACE_TRI3, m->surfaces[s3n].conn[PF_FACE_TRI3], nn, c);
    PF_EXPECT(n[2] > 0.0 && nn[2] < 0.0, "skin3 should face +z and skin3_neg (SNEG) -z");
  }
  expect_surface(m, "skin6", 0, 1, 0);
  expect_surface(m, "skin_neg", 0, 0, 1);
  expect_surface(m, "every_other", 1, 0, 0); /* face element 9 of the GENERATE range */
  const int cube = expect_surface(m, "cube_faces", 0, 0, 2);
  if (cube >= 0 && m->surfaces[cube].count[PF_FACE_QUAD4] == 2) {
    /* S1 is the bottom (z = 0, normal -z), S2 the top (z = 1, +z). */
    for (int f = 0; f < 2; f++) {
      double n[3], c[3];
      mt_face_normal(m, PF_FACE_QUAD4, m->surfaces[cube].conn[PF_FACE_QUAD4] + 4 * f, n, c);
      PF_EXPECT(fabs(c[2] - f) < 1e-15 && n[2] * (f ? 1 : -1) > 0, "cube face S%d is wrong", f + 1);
    }
  }
  expect_surface(m, "twice", 0, 0, 1); /* "CUBE, S1" and "1, S1" name one face */
  const int tet = expect_surface(m, "tet_faces", 1, 1, 0);
  if (tet >= 0 && m->surfaces[tet].count[PF_FACE_TRI6] == 1) {
    /* S3 of the tet10 = local nodes 1 2 3 + mid-nodes 5 9 8 = ids 12 13 14 16 20 19. */
    const int64_t *c = m->surfaces[tet].conn[PF_FACE_TRI6], want[6] = {12, 13, 14, 16, 20, 19};
    for (int a = 0; a < 6; a++)
      PF_EXPECT(m->node_ids[c[a]] == want[a], "tet_faces tri6 node %d is %lld, expected %lld", a,
                (long long)m->node_ids[c[a]], (long long)want[a]);
  }
  const char *notes[] = {"C3D8R elements", "C3D10H elements", "c3d4h elements", "T3D2H elements",
                         "skipped B31", "no beam elements", "skipped SPRINGA", "skipped MASS",
                         "S4R elements", "STRI65 elements", "TYPE=NODE", "skipped *MATERIAL",
                         "skipped *SOLID SECTION", "surface 'twice': 1 repeated face removed",
                         /* the CPS3 face and the GENERATE'd face element touch no solid */
                         "surface 'skin3': 1 face bounds no solid element",
                         "surface 'skin3_neg': 1 face bounds no solid element",
                         "surface 'every_other': 1 face bounds no solid element",
                         /* the tet10 and the tet4 share their corners */
                         "surface 'skin6': 1 face lies between two solid elements",
                         "surface 'tet_faces': 2 faces lie between two solid elements"};
  for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
    PF_EXPECT(count_notes(m, notes[i]) == 1, "%d notes with \"%s\", expected 1",
              count_notes(m, notes[i]), notes[i]);
  PF_EXPECT(count_notes(m, "**") == 0, "a comment line was taken for a keyword");
  PF_EXPECT(count_notes(m, "skipped *STEP") == 1, "*STEP twice, noted %d times (expected once)",
            count_notes(m, "skipped *STEP"));
  pf_mesh_destroy(&m);
}

static void check_instances(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/two-instances.inp");
  if (!m) return;
  PF_EXPECT(m->n_nodes == 2 * 579 + 1, "%lld nodes, expected 1159", (long long)m->n_nodes);
  PF_EXPECT(m->blocks[PF_ELEM_TET10].count == 2 * 254 && m->blocks[PF_ELEM_TRUSS2].count == 2,
            "%lld tet10 and %lld truss2, expected 508 and 2",
            (long long)m->blocks[PF_ELEM_TET10].count, (long long)m->blocks[PF_ELEM_TRUSS2].count);
  /* Ids: instance A keeps them, B adds 1000, the assembly 2000 (stride above the largest id). */
  double worst = 0.0;
  for (int64_t id = 1; id <= 579; id++) {
    const int64_t a = mt_node_row(m, id), b = mt_node_row(m, 1000 + id);
    PF_EXPECT(a >= 0 && b >= 0, "node %lld or %lld missing", (long long)id, 1000LL + id);
    if (a < 0 || b < 0) break;
    const double d[3] = {0.0, 20.0, 0.0};
    for (int k = 0; k < 3; k++) worst = fmax(worst, fabs(m->x[3 * b + k] - m->x[3 * a + k] - d[k]));
  }
  PF_EXPECT_NEAR(worst, 0.0, 1e-14);
  PF_EXPECT(mt_elem_index(m, PF_ELEM_TET10, 76) >= 0 && mt_elem_index(m, PF_ELEM_TET10, 1329) >= 0,
            "tet10 ids 76 (A) and 1329 (B) missing");
  const int64_t rp = mt_node_row(m, 2001);
  PF_EXPECT(rp >= 0 && fabs(m->x[3 * rp + 1] - 10.0) < 1e-15, "assembly node 2001 missing");
  expect_conn(m, PF_ELEM_TRUSS2, 2001, (const int64_t[]){2, 1002});
  expect_conn(m, PF_ELEM_TRUSS2, 2002, (const int64_t[]){2001, 1001});
  expect_elset(m, "link", (const int64_t[]){2001, 2002}, 2);
  /* An assembly-level surface element on instance nodes. */
  const int plate = expect_surface(m, "plate", 1, 0, 0);
  if (plate >= 0 && m->surfaces[plate].count[PF_FACE_TRI3] == 1) {
    const int64_t *c = m->surfaces[plate].conn[PF_FACE_TRI3];
    PF_EXPECT(m->node_ids[c[0]] == 1 && m->node_ids[c[1]] == 2 && m->node_ids[c[2]] == 1003,
              "plate is not nodes A.1 A.2 B.3");
  }
  expect_nset(m, "corners", (const int64_t[]){2, 1002}, 2);
  expect_elset(m, "first_tets",
               (const int64_t[]){1076, 1077, 1078, 1079, 1080, 1081, 1082, 1083, 1084, 1085}, 10);
  const int tips = pf_mesh_find_nset(m, "tips");
  PF_EXPECT(tips >= 0 && m->nsets[tips].count == 74, "node set 'tips' is not 2 x 37 nodes");
  PF_EXPECT(pf_mesh_find_nset(m, "A.clamp") >= 0 && pf_mesh_find_nset(m, "B.clamp") >= 0,
            "instance sets A.clamp / B.clamp missing");
  PF_EXPECT(pf_mesh_find_nset(m, "clamp") < 0 && pf_mesh_find_surface(m, "clamp") < 0,
            "'clamp' is in both instances: no plain alias expected");
  const int tops = expect_surface(m, "both_tops", 0, 2 * 46, 0);
  for (int64_t f = 0; tops >= 0 && f < m->surfaces[tops].count[PF_FACE_TRI6]; f++) {
    double n[3], c[3];
    mt_face_normal(m, PF_FACE_TRI6, m->surfaces[tops].conn[PF_FACE_TRI6] + 6 * f, n, c);
    PF_EXPECT(n[2] > 0.0 && fabs(c[2] - 2.0) < 1e-12, "both_tops face %lld is not up at z = 2",
              (long long)f);
  }
  pf_mesh_destroy(&m);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  check_features(ctx);
  check_instances(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_abaqus");
}
