/*
 * Finite-strain assembly over the unknowns of the kinematics (constraint/pf_kinematics.h):
 * internal forces and consistent tangents of the total-Lagrangian elements, mapped through each
 * node's links to the groups (free nodes, bodies), plus the kinematics' own blocks (joints, body
 * geometric stiffness), and the external loads.
 *
 * The matrix holds every group dof, prescribed or not, so that its pattern (and CHOLMOD's
 * symbolic factorisation) stays the same through every step, whatever is prescribed when: a
 * prescribed dof's row and column are left out of the sums and its diagonal set to a scale, and
 * the effect of a prescribed increment on the free rows moves to the right-hand side.
 *
 * Determinism: elements whose nodes are all free ("plain") are coloured by node and assembled in
 * parallel colour by colour; elements with a body slave or a tied node ("linked") share target
 * groups with many others, so they are evaluated in parallel in fixed chunks and added serially
 * in element order. Every sum therefore has a fixed order, whatever the thread count.
 */
#ifndef PF_NL_ASSEMBLY_H
#define PF_NL_ASSEMBLY_H

#include "analysis/pf_model.h"
#include "assembly/pf_assembly.h"
#include "constraint/pf_kinematics.h"
#include "contact/pf_contact.h"
#include "fem/pf_fem.h"
#include "linalg/pf_linalg.h"
#include "material/pf_material.h"

/* What to compute for each element: its law, formulation and fibre direction. */
typedef struct {
  int64_t n_elems;
  int n_materials;
  pf_material *materials;   /* [n_materials] resolved laws (solids) */
  pf_truss_law *truss;      /* [n_materials] truss laws (truss materials) */
  uint8_t *active;          /* [n_elems] assembled (not in a rigid or removed region) */
  uint8_t *mean_dilatation; /* [n_elems] three-field formulation */
  double *a0;               /* [n_elems * 3] unit fibre direction, NaN where none */
} pf_nl_elements;

/* Resolves the laws and per-element data of a model: materials (pf_material_create), the
 * formulation of each element (mean dilatation by default for split laws on tet10 and hex8),
 * fibre directions from the region's vector, path (tangent of the segment nearest the element's
 * centroid) or mesh data. Errors: a fibre material without a direction, mesh data missing or of
 * the wrong size, mean_dilatation asked for a law that is not split. */
int pf_nl_elements_create(pf_context *ctx, const pf_model *model, pf_nl_elements **el);
void pf_nl_elements_destroy(pf_nl_elements **el);
/* The law callbacks of element g for the kernels. */
void pf_nl_elements_law(const pf_nl_elements *el, const pf_model *model, int64_t g,
                        pf_tl_material *m);

/* The initial Young's modulus of element g's law (from its tangent at F = I), 0 for inactive
 * elements and trusses: the scale of the contact penalty. */
double pf_nl_elements_youngs(const pf_nl_elements *el, const pf_model *model, int64_t g);

/* The system: the pattern over group dofs, the colouring of plain elements, the linked elements,
 * the group of each dof (for the ordering). */
typedef struct {
  pf_csr *K;          /* upper CSR over all group dofs */
  int64_t n_dofs;     /* group dofs */
  int64_t *dof_group; /* [n_dofs] group of each dof */
  int n_colours;
  int64_t *colour_ptr;   /* [n_colours + 1] */
  int64_t *colour_elems; /* plain elements by colour */
  int64_t n_linked;
  int64_t *linked; /* linked elements, ascending */
  /* loads as per-node weights: f_node = w * value + nvec * pressure (see pf_nl_external) */
  int n_loads;
  int64_t *load_ptr; /* [n_loads + 1] into load_node, load_w, load_nvec */
  int64_t *load_node;
  double *load_w;      /* scalar weight of the load's vector value at the node */
  double *load_nvec;   /* [3 per entry] the node's share of -int N n dA (pressure) */
  int *load_body;      /* [n_loads] the body of a body force or moment, -1 for other loads */
  pf_contact *contact; /* the ground contact (owned), NULL without */
} pf_nl_system;

int pf_nl_system_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                        const pf_nl_elements *el, pf_nl_system **sys);
void pf_nl_system_destroy(pf_nl_system **sys);

/* Per-evaluation report. */
typedef struct {
  int64_t bad_element;  /* an element whose kernel rejected its state (-1 if none) */
  double energy;        /* stored energy of the elements */
  double *region_min_J; /* [n_regions] min det F per region (optional, may be NULL) */
} pf_nl_eval;

/* Internal forces at the current state of kin: f_int [n_dofs] in group space (elements mapped
 * through the links, plus the kinematics' blocks) and f_node [3 n_nodes] (elements only; the
 * body geometric stiffness needs it). With K != NULL also the tangent: K is zeroed and filled,
 * with the rows and columns of the dofs where prescribed[dof] != 0 left out, their diagonal set
 * to diag_scale, and -K_fc dc added to rhs (rhs may be NULL when dc is NULL).
 * Returns PF_OK, or -1 (with ev->bad_element) when an element's state is inadmissible. */
int pf_nl_assemble(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                   const pf_nl_system *sys, const pf_kinematics *kin, const uint8_t *prescribed,
                   double diag_scale, const double *dc, double *rhs, double *f_int, double *f_node,
                   pf_csr *K, pf_nl_eval *ev);

/* Adds the unsymmetric part of the contact's exact friction tangent to the full matrix K_full
 * (upper = 0, the expansion of the system's pattern), leaving out prescribed rows and columns. */
int pf_nl_contact_unsymmetric(pf_context *ctx, const pf_nl_system *sys, const pf_kinematics *kin,
                              const uint8_t *prescribed, pf_csr *K_full);

/* y = C x, C the unsymmetric part of the contact's friction tangent in group dofs, its
 * prescribed rows zero and its prescribed columns kept (x [n_dofs], y [n_dofs] overwritten),
 * applied face by face without forming it (serial, in face order). Returns the number of sliding
 * points (0: y = 0). */
int pf_nl_contact_unsym_apply(const pf_nl_system *sys, const pf_kinematics *kin,
                              const uint8_t *prescribed, const double *x, double *y);

/* The largest fraction s in (0, 1] of the step du [n_dofs] (group dofs) that pushes no contact
 * node deeper through the plane than the contact allows in one step (pf_contact_node_step_limit);
 * 1 without contact. Serial, in node order. */
double pf_nl_contact_step_limit(const pf_nl_system *sys, const pf_kinematics *kin,
                                const double *du);

/* 1 when the contact's plane has a reference node that is free to move along the plane's normal
 * (prescribed [n_dofs] flags the prescribed group dofs): a plane loaded by a force. */
int pf_nl_contact_plane_free(const pf_nl_system *sys, const pf_kinematics *kin,
                             const uint8_t *prescribed);

/* External forces in group space, f_ext [n_dofs] (overwritten), for the current value of every
 * load entry, load_value [n_loads * 3] (vector loads: the vector; pressure: component 0; 0 for
 * entries not acting now). Loads are dead: surface and volume loads use the reference
 * configuration. Nodal vectors are mapped through the links; body forces and moments go to their
 * body's group. */
int pf_nl_external(pf_context *ctx, const pf_model *model, const pf_nl_system *sys,
                   const pf_kinematics *kin, const double *load_value, double *f_ext);

/* Finite-strain element results at the displacements u [3 n_nodes]: Cauchy stress, Hencky strain,
 * von Mises, min det F, fibre strain (lambda_f - 1) and truss forces, into f (allocated by the
 * caller; f->fibre_strain[t] may be NULL). Inactive elements (rigid, removed) get NaN stress and
 * strain. OpenMP over elements. Returns PF_OK, or -1 for an inadmissible element. */
int pf_nl_element_results(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                          const double *u, pf_element_fields *f);

#endif /* PF_NL_ASSEMBLY_H */
