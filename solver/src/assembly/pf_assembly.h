/*
 * Assembly: degree-of-freedom numbering, the sparse pattern (built once), element colouring and
 * the deterministic OpenMP assembly of stiffness, loads and internal forces.
 *
 * Determinism: elements are greedily coloured so that no two elements of a colour share a node;
 * colours are processed in a fixed order and the elements of a colour in parallel. Each matrix or
 * vector entry therefore receives its contributions in the same order for any thread count, and
 * the assembled system is bit-identical for 1, 2 or 64 threads.
 */
#ifndef PF_ASSEMBLY_H
#define PF_ASSEMBLY_H

#include <stdint.h>

#include "analysis/pf_model.h"
#include "linalg/pf_linalg.h"

/* Degrees of freedom: 3 per node (x, y, z), dof = 3 * node + component. Free dofs of used nodes
 * are numbered 0..n_eq-1 in node order; constrained dofs and dofs of nodes no element uses get
 * no equation. */
typedef struct {
  int64_t n_nodes;
  int64_t n_dofs;        /* 3 * n_nodes */
  int64_t n_eq;          /* free unknowns */
  int64_t *eq;           /* [n_dofs] equation number, -1 if constrained or unused */
  int32_t *owner;        /* [n_dofs] boundary entry that prescribes the dof, -1 otherwise */
  double *prescribed;    /* [n_dofs] prescribed displacement (0 for free dofs) */
  uint8_t *used;         /* [n_nodes] 1 if an element uses the node */
  int64_t *eq_node;      /* [n_eq] node of each equation (groups for the ordering) */
  int64_t n_used;        /* nodes used by elements */
  int64_t n_constrained; /* prescribed dofs of used nodes */
} pf_dofmap;

/* Numbers the dofs of a model: marks used nodes, applies the boundary entries (a dof prescribed
 * twice with different values is an error naming both entries). Returns PF_OK or PF_ERR_INPUT. */
int pf_dofmap_build(pf_context *ctx, const pf_model *model, pf_dofmap **dm);
void pf_dofmap_destroy(pf_dofmap **dm);

/* Elements grouped by colour; no two elements of a colour share a node. */
typedef struct {
  int n_colours;
  int64_t *ptr;   /* [n_colours + 1] */
  int64_t *elems; /* [n_elems] global element numbers, colour by colour, ascending within one */
} pf_colouring;

/* Greedy (first-fit, ascending element order) colouring of all elements of mesh. Deterministic. */
int pf_colouring_build(pf_context *ctx, const pf_mesh *mesh, pf_colouring **col);
/* The same for the elements with only[g] != 0 (only NULL: all elements). */
int pf_colouring_build_masked(pf_context *ctx, const pf_mesh *mesh, const uint8_t *only,
                              pf_colouring **col);
void pf_colouring_destroy(pf_colouring **col);

/* The graph of n vertices in which the vertices of each clique are all joined: clique c holds
 * cvert[cptr[c] .. cptr[c+1]-1]. [out] gptr [n+1], gadj: each vertex's sorted neighbours, itself
 * included (a vertex in no clique has none). Parallel over vertices; deterministic. */
int pf_clique_graph(pf_context *ctx, int64_t n, int64_t n_cliques, const int64_t *cptr,
                    const int64_t *cvert, int64_t **gptr, int64_t **gadj);

/* The sparse pattern of the free equations: entry (i, j) exists when the nodes of i and j share an
 * element. upper = 1 keeps j >= i only (CHOLMOD), 0 the full pattern. Values are zero. */
int pf_pattern_build(pf_context *ctx, const pf_mesh *mesh, const pf_dofmap *dm, int upper,
                     pf_csr **A);

/* Assembles the small-strain stiffness into A (zeroed first) and, when rhs is not NULL, subtracts
 * K_fc u_c (the effect of prescribed displacements) from rhs [n_eq]. OpenMP over colours. */
int pf_assemble_stiffness(pf_context *ctx, const pf_model *model, const pf_dofmap *dm,
                          const pf_colouring *col, pf_csr *A, double *rhs);

/* External nodal forces of every load of the model, f [n_dofs] (overwritten). */
int pf_assemble_loads(pf_context *ctx, const pf_model *model, const pf_dofmap *dm, double *f);

/* Internal forces f_int = sum_e K_e u_e, f [n_dofs] (overwritten), from the full displacement
 * vector u [n_dofs]. With constrained_only, only elements touching a prescribed dof contribute
 * (enough for reactions). */
int pf_internal_force(pf_context *ctx, const pf_model *model, const pf_dofmap *dm,
                      const pf_colouring *col, const double *u, int constrained_only, double *f);

/* Element results over the whole mesh, per element type (rows in block order). */
typedef struct {
  double *strain[PF_ELEM_NUM_TYPES];       /* [m*6] element average, tensor shear */
  double *stress[PF_ELEM_NUM_TYPES];       /* [m*6] element average (Cauchy) */
  double *von_mises[PF_ELEM_NUM_TYPES];    /* [m] */
  double *min_J[PF_ELEM_NUM_TYPES];        /* [m] min over the points of det(I + grad u) */
  double *axial_force[PF_ELEM_NUM_TYPES];  /* [m] truss2 only, N */
  double *fibre_strain[PF_ELEM_NUM_TYPES]; /* [m] lambda_f - 1, NaN outside fibre regions
                                            * (finite strain only; NULL otherwise) */
  double *measure;                         /* [n_elems] volume, or length x area for trusses */
} pf_element_fields;

/* Small-strain element results from the full displacement vector u [n_dofs]: strain, stress and
 * von Mises (trusses: the uniaxial state along the bar in the global frame), min J, axial forces
 * and measures, into the arrays of f (allocated by the caller). OpenMP over elements. */
int pf_element_results(pf_context *ctx, const pf_model *model, const double *u,
                       pf_element_fields *f);

/* Quality of every element of a block (pf_fem_elem_quality): jac_ratio and shape [count], either
 * may be NULL. OpenMP over elements; deterministic. */
int pf_element_quality(pf_context *ctx, const pf_mesh *mesh, pf_elem_type type, double *jac_ratio,
                       double *shape);

#endif /* PF_ASSEMBLY_H */
