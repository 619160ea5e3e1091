/*
 * Private to the gmsh .msh 4.1 reader (gmsh.c: sections, element types and elements;
 * gmsh_ascii.c and gmsh_binary.c: the two encodings of $Entities, $Nodes, $Elements and the
 * entries of $ElementData; gmsh_groups.c: physical groups -> sets and surfaces; gmsh_data.c:
 * $ElementData headers and views -> mesh->elem_data).
 * Format: gmsh reference manual, section "MSH file format" (version 4.1).
 */
#ifndef PF_GMSH_H
#define PF_GMSH_H

#include "mesh/pf_mesh_io.h"

/* What pfsim makes of a gmsh element type. Solids use their pf_elem_type (0..2). */
enum {
  PF_GK_FACE = 4,                              /* + pf_face_type: tri3, tri6, quad4 */
  PF_GK_LINE = PF_GK_FACE + PF_FACE_NUM_TYPES, /* line2: a truss inside a 1D physical group */
  PF_GK_POINT,                                 /* point: a node set inside a 0D physical group */
  PF_GK_SKIP,       /* a known lower-dimensional type pfsim does not use */
  PF_GK_UNSUPPORTED /* a 3D type pfsim has no element for: an error */
};

typedef struct {
  int type;  /* gmsh element type number */
  int nodes; /* nodes per element */
  int dim;
  int kind; /* PF_GK_* or a pf_elem_type */
  const char *name;
} pf_gmsh_type;

/* The table entry of a gmsh element type, NULL for a type number gmsh 4.8 does not define. */
const pf_gmsh_type *pf_gmsh_type_info(int type);

/* One element block of $Elements (one entity, one type). */
typedef struct {
  int dim, tag, kind;
  int64_t start, count; /* range in the store of its kind */
  int64_t truss_start;  /* line blocks: index of its first truss in the truss block, -1 */
  int64_t pos;
} pf_gmsh_block;

/* An entity of $Entities and its physical tags phys.a[first .. first + n_phys - 1]. */
typedef struct {
  int tag;
  int n_phys;
  int64_t first;
} pf_gmsh_entity;

/* One $ElementData section as read. Its entries are g->view_tags.a[first .. first + count - 1]
 * (element tags) and g->view_values.a[first_value ..] (components per entry); they are mapped to
 * pfsim's elements once the mesh is built (pf_gmsh_build_data). */
typedef struct {
  char *name; /* the first string tag */
  double time;
  int64_t step;
  int components; /* 1, 3 or 9 */
  int64_t count;  /* entries */
  int64_t first, first_value;
  int64_t pos; /* where the section starts */
  int next;    /* the next section of this name, -1 if none */
  int tail;    /* in the first section of a name: the last section of the name */
} pf_gmsh_view;

typedef struct {
  pf_reader *rd;
  pf_mesh *mesh;
  const char *data; /* file 0, NUL-terminated */
  size_t size, cur;
  int64_t tok_pos; /* position of the last token read */
  int binary;
  const char *section; /* the section being read and where it starts, for messages */
  int64_t section_pos;
  /* $PhysicalNames */
  int n_names;
  int *name_dim, *name_tag;
  char **names;
  /* $Entities: per dimension, sorted by tag after the section */
  int have_entities;
  int64_t n_ent[4];
  pf_gmsh_entity *ent[4];
  pf_i64vec phys;
  /* $Nodes */
  int have_nodes;
  pf_i64vec node_ids, node_pos; /* while $Nodes is read: tags and where they are */
  pf_dvec x;
  pf_idmap node_map;
  /* $Elements: solids by type (node rows, VTK order), faces, lines and points (node rows) */
  int have_elements;
  pf_i64vec ids[PF_ELEM_NUM_TYPES], conn[PF_ELEM_NUM_TYPES];
  pf_i64vec faces[PF_FACE_NUM_TYPES], lines, points;
  pf_i64vec line_ids;            /* tags of the line2 elements (ids of the trusses made of them) */
  pf_i64vec elem_tags, elem_pos; /* every element read, to find repeated tags */
  int64_t n_blocks, cap_blocks;
  pf_gmsh_block *blocks;
  unsigned char noted[128]; /* gmsh types already noted as skipped */
  pf_idmap elem_map;        /* after $Elements: every element tag -> its index in file order */
  int64_t n_elem_tags;
  /* $ElementData */
  int n_views, cap_views;
  pf_gmsh_view *views;
  pf_namemap view_first; /* view name -> its first section */
  pf_i64vec view_tags;
  pf_dvec view_values;
  int64_t *seen, *seen_pos; /* [n_elem_tags]: the view (index + 1) that last gave the element a
                               value, and where (to find a tag repeated within a section) */
} pf_gmsh;

/* ASCII tokens (also the text parts of binary files). Each returns PF_ERR_INPUT at the token,
 * or at the end of the file when it is missing, naming `what` was expected. */
int pf_gmsh_word(pf_gmsh *g, const char **tok, size_t *len, int64_t *pos, const char *what);
int pf_gmsh_int(pf_gmsh *g, int64_t *v, int64_t lo, int64_t hi, const char *what);
int pf_gmsh_real(pf_gmsh *g, double *v, const char *what);
/* An error at the end of the file inside the current section. */
int pf_gmsh_eof(pf_gmsh *g, const char *what);

/* Section bodies (the cursor is after the section name; they stop before its $End line). */
int pf_gmsh_ascii_physical_names(pf_gmsh *g);
int pf_gmsh_ascii_entities(pf_gmsh *g);
int pf_gmsh_ascii_nodes(pf_gmsh *g);
int pf_gmsh_ascii_elements(pf_gmsh *g);
int pf_gmsh_binary_entities(pf_gmsh *g);
int pf_gmsh_binary_nodes(pf_gmsh *g);
int pf_gmsh_binary_elements(pf_gmsh *g);
/* $ElementData: the header (both encodings write it as text), then the entries of view v in
 * either encoding; each entry is passed to pf_gmsh_view_entry. */
int pf_gmsh_element_data(pf_gmsh *g);
int pf_gmsh_ascii_element_data(pf_gmsh *g, pf_gmsh_view *v);
int pf_gmsh_binary_element_data(pf_gmsh *g, pf_gmsh_view *v);
/* Adds the entry (tag, values[0 .. v->components - 1]) at pos to view v: PF_ERR_INPUT for a tag
 * repeated within the section, or for a tag $Elements lacks in a file that saves every element. */
int pf_gmsh_view_entry(pf_gmsh *g, pf_gmsh_view *v, int64_t tag, const double *values, int64_t pos);
/* After pf_gmsh_build: the views -> mesh->elem_data (see pf_mesh_read), with notes. */
int pf_gmsh_build_data(pf_gmsh *g);
/* Frees the views of g. */
void pf_gmsh_views_free(pf_gmsh *g);

/* Shared by both encodings. */
/* Physical tags of entity (dim, tag): *first into g->phys.a, *n (0 if the entity is unknown). */
void pf_gmsh_entity_phys(const pf_gmsh *g, int dim, int tag, int64_t *first, int *n);
/* Checks the entity counts against the file size (bytes_min per entity) and allocates them. */
int pf_gmsh_entities_begin(pf_gmsh *g, const int64_t count[4], int64_t bytes_min, int64_t pos);
/* Records entity (dim, tag) whose n physical tags were just pushed onto g->phys. */
int pf_gmsh_add_entity(pf_gmsh *g, int dim, int tag, int n);
/* Sorts the entities by tag (after $Entities). */
void pf_gmsh_entities_done(pf_gmsh *g);
/* Reserves the node arrays g->node_ids, g->node_pos, g->x for n_nodes, but never more than the
 * rest of the file can hold at bytes_per_node; the encodings then push the nodes. */
int pf_gmsh_nodes_begin(pf_gmsh *g, int64_t n_nodes, int64_t bytes_per_node, int64_t pos);
/* Moves the nodes into the mesh and builds the node id map (node_pos locates a repeated tag). */
int pf_gmsh_nodes_done(pf_gmsh *g);
/* Starts an element block of entity (dim, tag) and gmsh type; *info is NULL for a block to
 * skip (an unknown lower-dimensional type in an ASCII file, noted). */
int pf_gmsh_block_begin(pf_gmsh *g, int dim, int tag, int type, int64_t count, int64_t pos,
                        const pf_gmsh_type **info);
/* Adds one element of the current block: node_tags in gmsh order. */
int pf_gmsh_element(pf_gmsh *g, const pf_gmsh_type *info, int64_t tag, const int64_t *node_tags,
                    int64_t pos);
/* Checks element tags for repeats after $Elements. */
int pf_gmsh_elements_done(pf_gmsh *g);
/* Physical groups -> trusses, element sets, node sets and surfaces; moves the elements into the
 * mesh. */
int pf_gmsh_build(pf_gmsh *g);

#endif /* PF_GMSH_H */
