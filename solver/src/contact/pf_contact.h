/*
 * Ground contact (issue 4): a rigid plane against a surface of the body, a dual mortar
 * formulation with nodal multipliers, penalty with augmented-Lagrangian refinement, and
 * regularised Coulomb friction; and the results a clinician reads from it (pressure per face,
 * node and face point, force, area, centre of pressure, a virtual pressure plate with regional
 * peaks).
 *
 * Why not node-to-plane: under a uniform pressure the consistent nodal loads of a tri6 face are
 * zero at the corners, so a node-to-plane penalty lets the corners sink and gives checkerboard
 * pressures on tet10 meshes. Why not a penalty at the faces' quadrature points (the first version):
 * a tri6 face has 7 points for 6 nodes, so the point multipliers are not determined by the
 * displacements; they scattered by +6% about a Hertz field and made Uzawa converge slowly where the
 * body is pinched. Here (contact.c; Popp, Gee & Wall, Int J Numer Meth Eng 79 (2009) 1354; Popp,
 * Wohlmuth, Gee & Wall, SIAM J Sci Comput 34 (2012) B421; Wohlmuth, Acta Numerica 20 (2011) 569):
 * the surface's displacement basis is transformed so that every node's shape function has a
 * positive integral (tri6: N'_corner = N_corner + (N_edge1 + N_edge2) / 5, N'_edge = 3/5 N_edge),
 * the multiplier is interpolated with the basis dual to it, and the weak gap of node k,
 * int Psi_k g dA over the faces' quadrature points (7 on a tri6), is then w_k g_k with
 * w_k = int N'_k dA > 0 and g_k the gap of the transformed node x'_k (a corner: x_k; a mid-edge
 * node: (5 x_e - x_c1 - x_c2) / 3). One multiplier per node, as many constraints as the
 * displacements can carry; a uniform pressure gives the consistent nodal loads exactly.
 *
 * The law at contact node k (see contact.c for the derivation and sources):
 *   gap g = n . (x' - p), x' the transformed node's current position, p the plane's point (moving
 *   with the plane's reference node, if any), n the plane's unit normal;
 *   normal traction t_N = max(0, lambda - eps g) (per reference area), lambda the multiplier of
 *   the last augmentation, eps the surface's penalty;
 *   tangential: elastic slip s = P (x' - a), P = I - n n, a the anchor (the stick point); trial
 *   t_T = -eps_T s (eps_T = eps / 10); stick when |t_T| <= mu t_N, else slip t_T = mu t_N t_T /
 *   |t_T|; the node's force is w_k t, shared among the transformed node's mesh nodes.
 * Augmentation after Newton has converged: lambda <- t_N at every node; done when the largest
 * penetration is within the gap tolerance. The anchors move only when an increment converges
 * (pf_contact_commit), so that friction is path dependent as Coulomb's law is.
 *
 * State (multipliers, anchors) lives in the kinematics' extra state (pf_kin_extra_state) so that
 * cut-backs and checkpoints save and restore it with the displacements.
 */
#ifndef PF_CONTACT_H
#define PF_CONTACT_H

#include "analysis/pf_model.h"
#include "constraint/pf_kinematics.h"
#include "contact/pf_plate.h"

/* The mesh nodes of one contact node's force: its transformed node (a mid-edge node and the
 * edge's corners) and the plane's reference node */
#define PF_CONTACT_MAX_ROWS 4
/* The extra kinematic state per contact node: lambda, the anchor offset [3], the pressure t_N of
 * the converged state before the last (the predictor's); then 3 for the surface: the step, time
 * and increment of the last converged state */
#define PF_CONTACT_NODE_STATE   5
#define PF_CONTACT_GLOBAL_STATE 3

typedef struct pf_contact_s pf_contact;

/* *size = the number of doubles of extra kinematic state the contact of a model needs (0 without
 * contact): PF_CONTACT_NODE_STATE per node of the surface and PF_CONTACT_GLOBAL_STATE. */
int pf_contact_state_size(pf_context *ctx, const pf_mesh *mesh, const pf_model_desc *desc,
                          int64_t *size);

/* Builds the contact of a model (*c = NULL when the model has none): the faces and nodes of the
 * surface, the nodes' weights and transformed nodes, the penalty (scale x E / sqrt(mean face
 * area), E the area-weighted mean initial Young's modulus of the faces' elements from youngs
 * [n_elems]) and the gap tolerance. Errors (PF_ERR_INPUT at the config entry): the surface
 * missing or empty, bounding no deformable element, a node without a positive weight (a face too
 * distorted), the reference set missing or not one node. */
int pf_contact_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                      const double *youngs, pf_contact **c);
void pf_contact_destroy(pf_contact **c);

int64_t pf_contact_n_faces(const pf_contact *c);
/* The contact nodes (the nodes of the surface), the entries of the assembly. */
int64_t pf_contact_n_nodes(const pf_contact *c);
/* The mesh node rows of contact node k's force (its transformed node, and the plane's reference
 * node last when it moves): returns their number; rows [PF_CONTACT_MAX_ROWS]. */
int pf_contact_node_rows(const pf_contact *c, int64_t k, int64_t *rows);
/* The plane's reference node, or -1. */
int64_t pf_contact_reference_node(const pf_contact *c);
/* 1 when the exact (unsymmetric) friction tangent is asked for. */
int pf_contact_unsymmetric(const pf_contact *c);

/* Contact node k at the state of kin: the internal force fe [3 m] (m = pf_contact_node_rows)
 * and, when K_sym is not NULL, the symmetric tangent K_sym [3m x 3m] and, when K_uns is not NULL,
 * the remaining unsymmetric part of the exact tangent K_uns [3m x 3m] (row-major). Thread-safe. */
void pf_contact_node_eval(const pf_contact *c, const pf_kinematics *kin, int64_t k, double *fe,
                          double *K_sym, double *K_uns);

/* ye = K_uns xe for contact node k at the state of kin without forming K_uns (a sliding node
 * adds the rank-one w mu eps e (x) n): xe, ye [3m] (m = pf_contact_node_rows). Returns 1 when the
 * node slides (0: ye = 0). Thread-safe. */
int pf_contact_node_unsym_apply(const pf_contact *c, const pf_kinematics *kin, int64_t k,
                                const double *xe, double *ye);
/* The largest fraction s in (0, 1] of a step with the increments xe [3m] of contact node k's rows
 * (m = pf_contact_node_rows) that leaves the node no deeper through the plane than
 * PF_CONTACT_STEP_DEPTH x the surface's size (1 for a node that the step does not push that deep
 * or that is that deep already). Thread-safe. */
double pf_contact_node_step_limit(const pf_contact *c, const pf_kinematics *kin, int64_t k,
                                  const double *xe);
/* The plane's unit normal n [3] (from the ground into the body). */
void pf_contact_normal(const pf_contact *c, double n[3]);
/* 1 when the surface has friction (the tangent has an unsymmetric part). */
int pf_contact_friction(const pf_contact *c);

/* The nodes in contact (pressed or touching) at the state of kin, returned; *sliding those of
 * them sliding and *min_gap the smallest gap of any contact node (mm, negative: through the
 * plane), each when not NULL. */
int64_t pf_contact_counts(const pf_contact *c, const pf_kinematics *kin, int64_t *sliding,
                          double *min_gap);

/* After Newton has converged: the largest penetration; when it exceeds the tolerance, or the
 * solve ran at the start penalty (see pf_contact_predict), the multipliers are updated (lambda
 * <- t_N), the full penalty is restored and 0 is returned (iterate again), else 1. */
int pf_contact_augment(pf_contact *c, pf_kinematics *kin);
/* At the start of an increment to time t1 of step `step` (kin at the last converged state):
 * every node's multiplier becomes its pressure extrapolated linearly in time from the last two
 * converged states, max(0, t_N + (t1 - t) / (t - t_prev) (t_N - t_N,prev)) (t_N alone at the
 * first increment of a step): an Uzawa update with a predictor, so that only the error of the
 * prediction penetrates. When every predicted multiplier is zero (the first increment of a
 * contact), the increment's first solve runs at PF_CONTACT_START_SCALE x the penalty, until the
 * first update. Call it after saving the state an increment restarts from. */
void pf_contact_predict(pf_contact *c, pf_kinematics *kin, int step, double t1);
/* An increment of step `step` converged at time t1: anchors move to the nodes' stick positions,
 * and the time is kept for the next prediction. */
void pf_contact_commit(pf_contact *c, pf_kinematics *kin, int step, double t1);

/* Results of a converged state. */
typedef struct pf_contact_result_s {
  int64_t n_faces;
  double *face_pressure; /* [n_faces] mean Cauchy pressure of each face (normal force / current
                          * area), MPa, faces in the order of the surface (tri3, tri6, quad4) */
  double *node_pressure; /* [n_nodes] Cauchy pressure of each node of the surface (its normal
                          * force over its current weight int N' da); NaN elsewhere */
  int64_t n_points;
  double *point_pressure; /* [n_points] Cauchy pressure at every face quadrature point (faces in
                           * order): the nodal pressures interpolated, clamped at 0 */
  double *point_position; /* [n_points * 3] current position of the points */
  double force[3];        /* resultant force of the plane on the body, N */
  double normal_force;    /* its component along n, N */
  double area;            /* current weight (area) of the nodes with a positive pressure, mm^2 */
  double cop[3];          /* centre of pressure (current), mm */
  double penetration;     /* largest penetration, mm */
  double pressure_max;    /* largest nodal Cauchy pressure, MPa */
  double gap_tolerance;   /* mm */
  /* the virtual pressure plate (plate coordinates: x along the plate axis, y = n x x, origin at
   * the plane's point) */
  pf_plate plate;
  double *sensor_pressure;        /* [nx ny] MPa, sensor (i, j) at i + nx j */
  pf_plate_stats stats;           /* peak, mean, area above the threshold, centre of pressure */
  double foot_start, foot_length; /* the surface's extent along the plate x (reference), mm */
  double region_peak[4];          /* heel, midfoot, forefoot, toes: peak sensor pressure, MPa */
  double region_mean[4];          /* mean pressure of the loaded sensors of each region, MPa */
  double region_force[4];         /* N */
  double rearfoot_fraction;       /* force behind the split over the total */
} pf_contact_result;

/* Fills res (allocating its arrays on first use) at the state of kin. */
int pf_contact_results(pf_context *ctx, const pf_contact *c, const pf_kinematics *kin,
                       pf_contact_result *res);
void pf_contact_result_free(pf_contact_result *res);

/* Names of the plate regions ("heel", "midfoot", "forefoot", "toes"). */
extern const char *const pf_contact_region_names[4];

#endif /* PF_CONTACT_H */
