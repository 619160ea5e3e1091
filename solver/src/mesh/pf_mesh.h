/*
 * Mesh data: nodes, element blocks (one per element type), element sets, node sets and surfaces.
 *
 * Conventions
 * - Nodes are rows 0..n_nodes-1 of x (reference coordinates, mm); node_ids keeps the ids of the
 *   input file. Connectivity always holds 0-based node rows, never file ids.
 * - Element node order is the VTK/Abaqus order for every type (readers map gmsh's tet10 order):
 *     tet4:   corners 0-3
 *     tet10:  corners 0-3, then mid-edge nodes of edges 01, 12, 20, 03, 13, 23
 *     hex8:   bottom face 0-3 counter-clockwise seen from above, top face 4-7 above 0-3
 *     truss2: end nodes 0-1
 *     tri3:   corners 0-2;  tri6: corners 0-2, mid-edges 01, 12, 20;  quad4: corners 0-3
 *   A solid element with positive orientation has a positive Jacobian determinant.
 * - Elements are numbered globally: block of type t holds global numbers
 *   elem_offset[t] .. elem_offset[t] + blocks[t].count - 1, in the order PF_ELEM_TET4, TET10,
 *   HEX8, TRUSS2. Element sets store sorted global numbers.
 * - Surface faces have an outward normal (right-hand rule over the corner order) pointing out of
 *   the element they bound (pf_mesh_orient_surfaces).
 */
#ifndef PF_MESH_H
#define PF_MESH_H

#include <stdint.h>

#include "core/pf_core.h"

/* Elements that carry stiffness. */
typedef enum {
  PF_ELEM_TET4 = 0,
  PF_ELEM_TET10 = 1,
  PF_ELEM_HEX8 = 2,
  PF_ELEM_TRUSS2 = 3,
  PF_ELEM_NUM_TYPES = 4
} pf_elem_type;

/* Faces of surfaces (loads, contact). */
typedef enum {
  PF_FACE_TRI3 = 0,
  PF_FACE_TRI6 = 1,
  PF_FACE_QUAD4 = 2,
  PF_FACE_NUM_TYPES = 3
} pf_face_type;

/* Nodes per element / face type, names as used in the HDF5 layout ("tet4", "tet10", "hex8",
 * "truss2"; "tri3", "tri6", "quad4"). */
int pf_elem_nodes(pf_elem_type type);
const char *pf_elem_name(pf_elem_type type);
int pf_face_nodes(pf_face_type type);
const char *pf_face_name(pf_face_type type);
/* Number of corner nodes of a face type (3 or 4). */
int pf_face_corners(pf_face_type type);

/* Faces of solid element types in VTK/Abaqus numbering: face f of type t has
 * pf_elem_face_type(t, f) and local nodes pf_elem_face_local(t, f)[0..k-1], ordered so that the
 * right-hand normal points out of the element. Abaqus S1..S6 are faces 0..5 (tet: S1..S4). */
int pf_elem_num_faces(pf_elem_type type);
pf_face_type pf_elem_face_type(pf_elem_type type, int face);
const int *pf_elem_face_local(pf_elem_type type, int face);

typedef struct {
  int64_t count; /* elements in the block */
  int64_t *conn; /* [count * pf_elem_nodes(type)] 0-based node rows, VTK order */
  int64_t *ids;  /* [count] element ids of the input file */
} pf_elem_block;

typedef struct {
  char *name;
  int64_t count;
  int64_t *elems; /* [count] sorted global element numbers */
} pf_elset;

typedef struct {
  char *name;
  int64_t count;
  int64_t *nodes; /* [count] sorted, unique 0-based node rows */
} pf_nset;

typedef struct {
  char *name;
  int64_t count[PF_FACE_NUM_TYPES];   /* faces per face type */
  int64_t *conn[PF_FACE_NUM_TYPES];   /* [count * pf_face_nodes(type)] 0-based node rows */
  int64_t *parent[PF_FACE_NUM_TYPES]; /* [count] global element the face bounds, -1 if unknown */
} pf_surface;

/* Per-element values read from the mesh file (gmsh $ElementData views by name). Elements the
 * file gives no value get NaN. */
typedef struct {
  char *name;
  int components; /* 1, 3 or 9 */
  double *values; /* [n_elements * components], global element numbering */
} pf_elem_data;

typedef struct pf_mesh_s {
  char *source; /* file the mesh was read from */
  int64_t n_nodes;
  double *x;         /* [n_nodes * 3] reference coordinates */
  int64_t *node_ids; /* [n_nodes] ids of the input file */
  pf_elem_block blocks[PF_ELEM_NUM_TYPES];
  int64_t elem_offset[PF_ELEM_NUM_TYPES + 1]; /* global numbering; [NUM_TYPES] = total */
  int n_elsets;
  pf_elset *elsets;
  int n_nsets;
  pf_nset *nsets;
  int n_surfaces;
  pf_surface *surfaces;
  int n_elem_data; /* per-element data (gmsh $ElementData): e.g. fibre directions */
  pf_elem_data *elem_data;
  int n_notes; /* reader notes (skipped cards, aliases), for mesh-info and logs */
  char **notes;
} pf_mesh;

/* Creates an empty mesh. */
int pf_mesh_create(pf_context *ctx, pf_mesh **mesh);
/* Frees a mesh and sets *mesh to NULL; safe on NULL. */
void pf_mesh_destroy(pf_mesh **mesh);
/* A deep copy of mesh (every array, set, surface, element data and note). [out] copy (NULL on
 * failure). Returns PF_OK or PF_ERR_INTERNAL (out of memory). */
int pf_mesh_copy(pf_context *ctx, const pf_mesh *mesh, pf_mesh **copy);

/* Reads a mesh, choosing the reader by extension (.msh: gmsh 4.1 ASCII or binary; .inp: Abaqus),
 * else by content ("$MeshFormat" or a '*' keyword line). Sets are sorted, surfaces oriented
 * (pf_mesh_orient_surfaces), mesh->source is path, and what was skipped or read as something
 * else is in mesh->notes.
 *   gmsh: a 3D physical group gives an element set and a node set of its name; 2D a surface
 *     (tri3, tri6, quad4) and a node set; 1D the truss2 elements made of its line2 and an element
 *     set and a node set; 0D a node set. Unnamed groups are "physical_<tag>"; without any
 *     physical group all 3D elements form element set "all". tet10 nodes are mapped from gmsh's
 *     order to VTK's (gmsh's nodes 8 and 9 swap). $ElementData sections (1, 3 or 9 components)
 *     become mesh->elem_data, one per view name in file order: of several sections of one name
 *     the last time step is used (noted; sections of that step are merged, a later value
 *     winning); elements without a value get NaN (noted); values of elements pfsim does not
 *     keep (points, faces, lines outside 1D groups, and with physical groups elements gmsh did
 *     not save in $Elements) are ignored (noted); a tag $Elements lacks in a file without
 *     physical groups, or given twice in one section, is an error. $NodeData and
 *     $ElementNodeData are skipped (noted).
 *   Abaqus: *NODE, *ELEMENT (C3D4, C3D10, C3D8, T3D2 and variants; surface element types as
 *     faces), *NSET, *ELSET, *SURFACE (TYPE=ELEMENT with S1..S6, TYPE=NODE as a node set),
 *     *INCLUDE, *PART, *ASSEMBLY, *INSTANCE (translation, then rotation); other keywords are
 *     skipped with a note. An element set of surface elements is also a surface of that name.
 *     Sets of a part placed by instance I are "I.<set>", and also "<set>" when no other instance
 *     (nor the top level or the assembly) has a set of that name. Ids stay unique: the k-th
 *     placed copy (top level, then instances in deck order, then the assembly's own nodes and
 *     elements; k from 0) adds k * 10^d to its node and element ids, 10^d being the smallest
 *     power of ten above every id of the deck; a deck with one instance keeps its ids.
 * [in] path  the file; [out] mesh  the new mesh (NULL on failure).
 * Returns PF_OK, PF_ERR_INPUT (message "FILE:LINE: what is wrong (what was expected)", FILE
 * being the file read, an included one included) or PF_ERR_IO ("cannot open FILE: reason"). */
int pf_mesh_read(pf_context *ctx, const char *path, pf_mesh **mesh);
/* The gmsh and Abaqus readers themselves (same contract, no choice of format). */
int pf_mesh_read_gmsh(pf_context *ctx, const char *path, pf_mesh **mesh);
int pf_mesh_read_abaqus(pf_context *ctx, const char *path, pf_mesh **mesh);

/* Look-ups by name (exact, then case-insensitive): the index in mesh->elsets / nsets /
 * surfaces / elem_data, or -1 if absent. */
int pf_mesh_find_elset(const pf_mesh *mesh, const char *name);
int pf_mesh_find_nset(const pf_mesh *mesh, const char *name);
int pf_mesh_find_surface(const pf_mesh *mesh, const char *name);
int pf_mesh_find_elem_data(const pf_mesh *mesh, const char *name);

/* Global element number -> (type, index in block). */
static inline void pf_mesh_elem_locate(const pf_mesh *mesh, int64_t g, pf_elem_type *type,
                                       int64_t *index) {
  int t = 0;
  while (t < PF_ELEM_NUM_TYPES - 1 && g >= mesh->elem_offset[t + 1]) t++;
  *type = (pf_elem_type)t;
  *index = g - mesh->elem_offset[t];
}

/* The 0-based node rows referenced by any of: a node set, a surface, an element set with this
 * name (searched in that order). [out] nodes (sorted, unique; caller frees), count.
 * Returns PF_OK, or PF_ERR_INPUT when no set has this name (the message lists the nearest name). */
int pf_mesh_nodes_of(pf_context *ctx, const pf_mesh *mesh, const char *name, int64_t **nodes,
                     int64_t *count);

/* Orients every surface face so that its normal points out of the solid element it bounds and
 * fills parent[]. Faces bounding no element, or two, keep their orientation (a note is recorded).
 */
int pf_mesh_orient_surfaces(pf_context *ctx, pf_mesh *mesh);

/* Appends a reader note ("skipped *STEP card at line 40"). */
int pf_mesh_add_note(pf_context *ctx, pf_mesh *mesh, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Bounding box [xmin ymin zmin xmax ymax zmax] of the nodes used by elements. */
void pf_mesh_bbox(const pf_mesh *mesh, double bbox[6]);

#endif /* PF_MESH_H */
