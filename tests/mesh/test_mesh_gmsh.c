/* gmsh physical groups (tests/mesh/data/groups.msh, written by hand):
 *   0D group 'anchor' -> node set; 1D groups 'cable' and 'cable2' on the same curve -> its two
 *   line2 elements become two trusses (once) in both element sets, and a line2 on a curve of no
 *   group is no truss; 2D group 'bottom' -> quad4
 *   surface (written inward, read outward); unnamed 2D group 31 -> 'physical_31'; 3D group
 *   'cube' -> element set + node set; a tet in no group stays in the mesh (note); line3 elements
 *   are skipped (note) and leave group 'curvy' empty (note); $Periodic is skipped (note); a
 *   parametric node block is read. Also tiny.msh and tiny-bin.msh (ASCII and binary) agree. */
#include "mesh_test.h"

static int has_note(const pf_mesh *m, const char *text) {
  for (int i = 0; i < m->n_notes; i++)
    if (strstr(m->notes[i], text)) return 1;
  return 0;
}

static void expect_nset_size(const pf_mesh *m, const char *name, int64_t n) {
  const int s = pf_mesh_find_nset(m, name);
  PF_EXPECT(s >= 0 && m->nsets[s].count == n, "node set '%s': %lld nodes, expected %lld", name,
            s >= 0 ? (long long)m->nsets[s].count : -1LL, (long long)n);
}

static void check_groups(pf_context *ctx) {
  pf_mesh *m = mt_read(ctx, "tests/mesh/data/groups.msh");
  if (!m) return;
  PF_EXPECT(m->n_nodes == 13, "%lld nodes, expected 13", (long long)m->n_nodes);
  const int64_t r13 = mt_node_row(m, 13);
  PF_EXPECT(r13 >= 0 && m->x[3 * r13] == 0.5 && m->x[3 * r13 + 1] == 1.0,
            "parametric node 13 misread");
  PF_EXPECT(m->blocks[PF_ELEM_HEX8].count == 1 && m->blocks[PF_ELEM_TET4].count == 1 &&
                m->blocks[PF_ELEM_TRUSS2].count == 2 && m->blocks[PF_ELEM_TET10].count == 0,
            "expected 1 hex8, 1 tet4 (in no group) and 2 truss2");
  PF_EXPECT(mt_elem_index(m, PF_ELEM_TRUSS2, 2) >= 0 && mt_elem_index(m, PF_ELEM_TRUSS2, 3) >= 0,
            "trusses keep the line2 tags 2 and 3");
  for (int i = 0; i < 2; i++) {
    const char *name = i ? "cable2" : "cable";
    const int s = pf_mesh_find_elset(m, name);
    PF_EXPECT(s >= 0 && m->elsets[s].count == 2 &&
                  m->elsets[s].elems[0] == m->elem_offset[PF_ELEM_TRUSS2],
              "element set '%s' is not the two trusses", name);
    expect_nset_size(m, name, 3);
  }
  const int cube = pf_mesh_find_elset(m, "cube");
  PF_EXPECT(cube >= 0 && m->elsets[cube].count == 1 &&
                m->elsets[cube].elems[0] == m->elem_offset[PF_ELEM_HEX8],
            "element set 'cube' is not the hex8");
  expect_nset_size(m, "cube", 8);
  expect_nset_size(m, "anchor", 1);
  expect_nset_size(m, "bottom", 4);
  expect_nset_size(m, "physical_31", 3);
  const int b = pf_mesh_find_surface(m, "bottom");
  PF_EXPECT(b >= 0 && m->surfaces[b].count[PF_FACE_QUAD4] == 1, "surface 'bottom' is not 1 quad4");
  if (b >= 0 && m->surfaces[b].count[PF_FACE_QUAD4] == 1) {
    double n[3], c[3];
    mt_face_normal(m, PF_FACE_QUAD4, m->surfaces[b].conn[PF_FACE_QUAD4], n, c);
    PF_EXPECT(n[2] < 0.0 && m->surfaces[b].parent[PF_FACE_QUAD4][0] == m->elem_offset[PF_ELEM_HEX8],
              "'bottom' should point down out of the hex");
  }
  const int p = pf_mesh_find_surface(m, "physical_31");
  PF_EXPECT(p >= 0 && m->surfaces[p].count[PF_FACE_TRI3] == 1 &&
                m->surfaces[p].parent[PF_FACE_TRI3][0] == m->elem_offset[PF_ELEM_TET4],
            "'physical_31' is not one tri3 of the tet");
  PF_EXPECT(pf_mesh_find_elset(m, "curvy") < 0 && pf_mesh_find_nset(m, "curvy") < 0,
            "'curvy' holds only skipped line3: no set expected");
  const char *notes[] = {"skipped section $Periodic", "skipped gmsh line3 elements",
                         "'curvy' (dimension 1, tag 22) holds no element",
                         "1 3D element belongs to no physical group"};
  for (int i = 0; i < 4; i++) PF_EXPECT(has_note(m, notes[i]), "no note \"%s\"", notes[i]);
  pf_mesh_destroy(&m);
}

/* tiny.msh and its binary conversion by gmsh (which reorders node blocks) read the same, by id. */
static void check_binary(pf_context *ctx) {
  pf_mesh *a = mt_read(ctx, "tests/mesh/data/tiny.msh");
  pf_mesh *b = mt_read(ctx, "tests/mesh/data/tiny-bin.msh");
  if (a && b) {
    PF_EXPECT(a->n_nodes == b->n_nodes, "tiny: %lld nodes in ASCII, %lld in binary",
              (long long)a->n_nodes, (long long)b->n_nodes);
    for (int64_t i = 0; i < a->n_nodes; i++) {
      const int64_t j = mt_node_row(b, a->node_ids[i]);
      PF_EXPECT(j >= 0 && !memcmp(a->x + 3 * i, b->x + 3 * j, 3 * sizeof(double)),
                "tiny: node %lld differs", (long long)a->node_ids[i]);
    }
    for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
      const int nn = pf_elem_nodes((pf_elem_type)t);
      PF_EXPECT(a->blocks[t].count == b->blocks[t].count, "tiny: %s counts differ",
                pf_elem_name((pf_elem_type)t));
      for (int64_t e = 0; e < a->blocks[t].count; e++) {
        const int64_t k = mt_elem_index(b, (pf_elem_type)t, a->blocks[t].ids[e]);
        PF_EXPECT(k >= 0, "tiny: element %lld missing in binary", (long long)a->blocks[t].ids[e]);
        for (int n = 0; k >= 0 && n < nn; n++)
          PF_EXPECT(a->node_ids[a->blocks[t].conn[e * nn + n]] ==
                        b->node_ids[b->blocks[t].conn[k * nn + n]],
                    "tiny: element %lld differs", (long long)a->blocks[t].ids[e]);
      }
    }
    PF_EXPECT(
        a->n_elsets == b->n_elsets && a->n_nsets == b->n_nsets && a->n_surfaces == b->n_surfaces,
        "tiny: ASCII and binary sets differ");
    PF_EXPECT(pf_mesh_find_elset(b, "cable") >= 0 && pf_mesh_find_surface(b, "bottom") >= 0,
              "tiny-bin: sets missing");
  }
  pf_mesh_destroy(&a);
  pf_mesh_destroy(&b);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  check_groups(ctx);
  check_binary(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_gmsh");
}
