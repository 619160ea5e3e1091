/* Element and face types: node counts, names and the faces of solid elements. */
#include "mesh/pf_mesh.h"

static const int elem_nodes[PF_ELEM_NUM_TYPES] = {4, 10, 8, 2};
static const char *const elem_names[PF_ELEM_NUM_TYPES] = {"tet4", "tet10", "hex8", "truss2"};
static const int face_nodes[PF_FACE_NUM_TYPES] = {3, 6, 4};
static const int face_corners[PF_FACE_NUM_TYPES] = {3, 3, 4};
static const char *const face_names[PF_FACE_NUM_TYPES] = {"tri3", "tri6", "quad4"};

int pf_elem_nodes(pf_elem_type type) { return elem_nodes[type]; }
const char *pf_elem_name(pf_elem_type type) { return elem_names[type]; }
int pf_face_nodes(pf_face_type type) { return face_nodes[type]; }
int pf_face_corners(pf_face_type type) { return face_corners[type]; }
const char *pf_face_name(pf_face_type type) { return face_names[type]; }

/* Faces in Abaqus numbering (S1.. = 0..), each ordered so that the right-hand normal points out
 * of a positively oriented element. Abaqus lists the same node sets with the opposite winding
 * (Abaqus Analysis User's Guide, "Three-dimensional solid element library", face tables); the
 * outward order here is checked by tests/fem. Tet10 faces add their mid-edge nodes in tri6 order
 * (edges ab, bc, ca of the corner order); tet10 mid-edge nodes are 4:01 5:12 6:20 7:03 8:13 9:23.
 */
static const int tet4_faces[4][3] = {{0, 2, 1}, {0, 1, 3}, {1, 2, 3}, {2, 0, 3}};
static const int tet10_faces[4][6] = {
    {0, 2, 1, 6, 5, 4}, {0, 1, 3, 4, 8, 7}, {1, 2, 3, 5, 9, 8}, {2, 0, 3, 6, 7, 9}};
static const int hex8_faces[6][4] = {{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4},
                                     {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}};

int pf_elem_num_faces(pf_elem_type type) {
  switch (type) {
    case PF_ELEM_TET4:
    case PF_ELEM_TET10:
      return 4;
    case PF_ELEM_HEX8:
      return 6;
    default:
      return 0;
  }
}

pf_face_type pf_elem_face_type(pf_elem_type type, int face) {
  (void)face;
  switch (type) {
    case PF_ELEM_TET10:
      return PF_FACE_TRI6;
    case PF_ELEM_HEX8:
      return PF_FACE_QUAD4;
    default:
      return PF_FACE_TRI3;
  }
}

const int *pf_elem_face_local(pf_elem_type type, int face) {
  switch (type) {
    case PF_ELEM_TET4:
      return tet4_faces[face];
    case PF_ELEM_TET10:
      return tet10_faces[face];
    case PF_ELEM_HEX8:
      return hex8_faces[face];
    default:
      return NULL;
  }
}
