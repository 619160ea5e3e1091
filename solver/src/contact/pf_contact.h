/*
 * Ground contact (issue 4): a rigid plane against a surface of the body, integrated at the
 * faces' quadrature points, penalty with augmented-Lagrangian refinement, and regularised Coulomb
 * friction; and the results a clinician reads from it (pressure per face and node, force, area,
 * centre of pressure, a virtual pressure plate with regional peaks).
 *
 * Why quadrature points and not nodes: under a uniform pressure the consistent nodal loads of a
 * tri6 face are zero at the corners (and negative on a quad8), so a node-to-plane penalty lets
 * the corners sink and gives checkerboard pressures on tet10 meshes. Here the gap is measured at
 * each point of the face's rule (7 on a tri6, 3 on a tri3, 4 on a quad4) and the traction
 * integrated with the face's shape functions: a uniform gap gives a uniform pressure, exactly.
 *
 * The law at a point with reference area dA (see contact.c for the derivation and sources):
 *   gap g = n . (x - p), x the point's current position, p the plane's point (moving with the
 *   plane's reference node, if any), n the plane's unit normal;
 *   normal traction t_N = max(0, lambda - eps g) (per reference area), lambda the multiplier of
 *   the last augmentation, eps the face's penalty;
 *   tangential: elastic slip s = P (x - a), P = I - n n, a the anchor (the stick point); trial
 *   t_T = -eps_T s (eps_T = eps / 10); stick when |t_T| <= mu t_N, else slip t_T = mu t_N t_T /
 * |t_T|. Augmentation after Newton has converged: lambda <- t_N at every point; done when the
 * largest penetration is within the gap tolerance. The anchors move only when an increment
 * converges (pf_contact_commit), so that friction is path dependent as Coulomb's law is.
 *
 * State (multipliers, anchors) lives in the kinematics' extra state (pf_kin_extra_state) so that
 * cut-backs and checkpoints save and restore it with the displacements.
 */
#ifndef PF_CONTACT_H
#define PF_CONTACT_H

#include "analysis/pf_model.h"
#include "constraint/pf_kinematics.h"
#include "contact/pf_plate.h"

#define PF_CONTACT_MAX_NODES 7 /* a tri6 face and the plane's reference node */
/* The extra kinematic state per point: lambda, the anchor offset [3] */
#define PF_CONTACT_POINT_STATE 4

typedef struct pf_contact_s pf_contact;

/* The number of doubles of extra kinematic state the contact of a model needs (0 without
 * contact): PF_CONTACT_POINT_STATE per quadrature point of the surface. */
int64_t pf_contact_state_size(const pf_mesh *mesh, const pf_model_desc *desc);

/* Builds the contact of a model (*c = NULL when the model has none): the faces of the surface,
 * their penalty (scale x E / sqrt(A), E the initial Young's modulus of the face's element from
 * youngs [n_elems], or their mean where a face has no element), the gap tolerance, and the
 * anchors at the faces' points. Errors (PF_ERR_INPUT at the config entry): the surface missing or
 * empty, the reference set missing or not one node. */
int pf_contact_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                      const double *youngs, pf_contact **c);
void pf_contact_destroy(pf_contact **c);

int64_t pf_contact_n_faces(const pf_contact *c);
/* The node rows of face f (and the plane's reference node last when it moves): returns their
 * number; nodes [PF_CONTACT_MAX_NODES]. */
int pf_contact_face_nodes(const pf_contact *c, int64_t f, int64_t *nodes);
/* The plane's reference node, or -1. */
int64_t pf_contact_reference_node(const pf_contact *c);
/* 1 when the exact (unsymmetric) friction tangent is asked for. */
int pf_contact_unsymmetric(const pf_contact *c);

/* Face f at the state of kin: the internal force fe [3 k] (k = pf_contact_face_nodes) and, when
 * K_sym is not NULL, the symmetric tangent K_sym [3k x 3k] and, when K_uns is not NULL, the
 * remaining unsymmetric part of the exact tangent K_uns [3k x 3k] (row-major). Thread-safe. */
void pf_contact_face_eval(const pf_contact *c, const pf_kinematics *kin, int64_t f, double *fe,
                          double *K_sym, double *K_uns);

/* ye = K_uns xe for face f at the state of kin without forming K_uns (each sliding point adds
 * the rank-one mu eps e (x) n): xe, ye [3k] (k = pf_contact_face_nodes). Returns the number of
 * sliding points (0: ye = 0). Thread-safe. */
int pf_contact_face_unsym_apply(const pf_contact *c, const pf_kinematics *kin, int64_t f,
                                const double *xe, double *ye);
/* 1 when the surface has friction (the tangent has an unsymmetric part). */
int pf_contact_friction(const pf_contact *c);

/* After Newton has converged: the largest penetration; when it exceeds the tolerance the
 * multipliers are updated (lambda <- t_N) and 0 is returned (iterate again), else 1. */
int pf_contact_augment(pf_contact *c, pf_kinematics *kin);
/* An increment converged: anchors move to the points' stick positions. */
void pf_contact_commit(pf_contact *c, pf_kinematics *kin);

/* Results of a converged state. */
typedef struct pf_contact_result_s {
  int64_t n_faces;
  double *face_pressure; /* [n_faces] mean Cauchy pressure of each face (normal force / current
                          * area), MPa, faces in the order of the surface (tri3, tri6, quad4) */
  double *node_pressure; /* [n_nodes] pressure recovered at the nodes of the surface (the
                          * area-weighted mean over the faces that share the node of each face's
                          * least-squares fit of its point values; clamped at 0); NaN elsewhere */
  int64_t n_points;
  double *point_pressure; /* [n_points] Cauchy pressure at every face point (faces in order) */
  double *point_position; /* [n_points * 3] current position of the points */
  double force[3];        /* resultant force of the plane on the body, N */
  double normal_force;    /* its component along n, N */
  double area;            /* current area of the surface where the pressure is positive, mm^2 */
  double cop[3];          /* centre of pressure (current), mm */
  double penetration;     /* largest penetration, mm */
  double pressure_max;    /* largest Cauchy pressure at a point, MPa */
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
