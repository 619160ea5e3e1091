/*
 * Analyses and model checks. An analysis turns a resolved model into solution frames (one per
 * converged increment) handed to a callback; it knows nothing about files.
 */
#ifndef PF_ANALYSIS_H
#define PF_ANALYSIS_H

#include "analysis/pf_model.h"
#include "assembly/pf_assembly.h"
#include "linalg/pf_linalg.h"

/* A solution state: nodal and element results of one converged increment. */
typedef struct {
  int64_t n_nodes;
  double *u;        /* [3 n_nodes] displacement */
  double *reaction; /* [3 n_nodes] reaction force at prescribed dofs, 0 elsewhere */
  int n_bcs;
  double *bc_reaction;    /* [n_bcs * 3] total reaction of each boundary entry (its own dofs) */
  uint8_t *node_used;     /* [n_nodes] 1 if an element uses the node (others carry no result) */
  double *region_min_J;   /* [n_regions] min det F over each region's elements (NaN if none) */
  double *body_force;     /* [n_bodies * 3] resultant of the elements on each body, N */
  double *body_moment;    /* [n_bodies * 3] its moment about the current reference point, N mm */
  pf_element_fields elem; /* element averages of strain and stress, von Mises, min J, truss
                           * forces, element measures */
  struct pf_contact_result_s *contact; /* ground contact results (contact/pf_contact.h), NULL
                                        * without contact */
  pf_solver_stats solver;              /* statistics of the last solve */
  double t_setup;                      /* seconds: dof numbering, colouring, pattern */
  double t_assemble;                   /* seconds: stiffness and loads */
  double t_recover;                    /* seconds: reactions and element results */
} pf_solution;

int pf_solution_create(pf_context *ctx, const pf_model *model, pf_solution **sol);
void pf_solution_destroy(pf_solution **sol);

/* Called once per converged frame; a negative return stops the analysis with that status. */
typedef struct {
  const char *step_name;
  int step_index;
  double load_factor;
  int iterations;
  double wall_s;
} pf_frame_info;
typedef int (*pf_frame_callback)(void *user, const pf_model *model, const pf_solution *sol,
                                 const pf_frame_info *info);

/* Static linear analysis: assemble, factor, solve, recover reactions and element results; calls
 * frame() once. [out] sol (caller destroys). Returns PF_OK, PF_ERR_INPUT (a singular system,
 * explained), PF_ERR_CONVERGENCE (PCG), PF_ERR_INTERRUPTED or the callback's status. */
int pf_analysis_linear(pf_context *ctx, const pf_model *model, pf_frame_callback frame, void *user,
                       pf_solution **sol);

/* Named scalars of a solution: the summary probes of the description plus general metrics
 * (displacement_max_mm, von_mises_max_MPa, min_J, reaction_<name>_<x|y|z>_N per boundary entry).
 * [out] names (caller frees each and the array), values, n. */
int pf_summary_compute(pf_context *ctx, const pf_model *model, const pf_solution *sol,
                       char ***names, double **values, int *n);

/* Checks that solve nothing. Each returns PF_OK or PF_ERR_INPUT with a message naming the element,
 * region or set at fault. */
/* Inverted or degenerate elements (Jacobian determinant <= 0 anywhere); reports the worst
 * quality through min_jac_ratio and min_shape (may be NULL). */
int pf_check_elements(pf_context *ctx, const pf_model *model, double *min_jac_ratio,
                      double *min_shape);
/* Unit mistakes: a model a thousand times too large or small (extent outside 1 mm .. 10 m),
 * moduli that look like Pa (E > 1e6 MPa), densities that look like kg/m^3 (> 1e-3 t/mm^3).
 * With as_error = 0 only warns. */
int pf_check_units(pf_context *ctx, const pf_model *model, int as_error);
/* Parts nothing holds: connected components of the mesh with no constraint, or whose
 * constraints leave a rigid-body motion free (named). */
int pf_check_supports(pf_context *ctx, const pf_model *model, const pf_dofmap *dm);

#endif /* PF_ANALYSIS_H */
