/*
 * Kinematics of a model with constraints: rigid bodies (rigid regions and kinematic couplings),
 * ties, and joints between bodies. It owns the state of the structure (nodal displacements and
 * each body's translation and rotation) and maps the motion of every node to the unknowns.
 *
 * Unknowns come in groups: every free node (a node used by an element, neither a body's slave nor
 * tied) is a group of 3 dofs (ux uy uz); every body is a group of 6 dofs (translation of its
 * reference point tx ty tz, and an incremental rotation (spin) wx wy wz in global axes). A slave
 * node follows its links: du_node = sum over links of G (3 x size) * d(group dofs).
 * - Rigid slave of body b: x_s = x_r + R d_s with d_s = X_s - X_r (reference lever), so
 *   G = [I, -skew(R d_s)]; R is updated multiplicatively, R <- exp(skew(w)) R (Rodrigues).
 * - Tied node (node to face): u_s = sum_a N_a(xi) u_a over the master face's nodes, xi its
 *   closest-point projection in the reference configuration; masters may be free nodes or
 *   rigid slaves (the links compose), not tied nodes themselves.
 *
 * The group dofs are numbered group by group: group g holds dofs offset[g] .. offset[g] + size - 1
 * of the "group vector" (length n_group_dofs). Assembly maps element matrices through the links
 * (K_groups = G^T K_nodes G) and adds the blocks this module provides (joints, and the bodies'
 * geometric stiffness sum over slaves of [(d (x) f + f (x) d) / 2 - (d . f) I] in the spin block,
 * with f the internal force at the slave and d = R d_s).
 *
 * Joints (connectors) join two bodies at a centre with a frame of three axes fixed in the proximal
 * body: translational and rotational springs (energy based, symmetric tangent), and optionally a
 * driven rotation about axis 1 held by an augmented Lagrangian (penalty + multiplier updates).
 */
#ifndef PF_KINEMATICS_H
#define PF_KINEMATICS_H

#include <stdint.h>

#include "analysis/pf_model.h"

/* Links of one node (a tied node on a tri6 face with rigid masters). */
#define PF_KIN_MAX_LINKS 16

/* One link of a node to a group: du_node = G * d(group), G row-major 3 x group size (3 or 6). */
typedef struct {
  int64_t group;
  int size; /* 3 or 6 */
  double G[18];
} pf_link;

/* A dense contribution on one or two groups (joints, body geometric terms): the tangent K
 * (n x n, row-major, n = sum of the group sizes, groups in order) and the internal force f [n]
 * (added to the residual r = f_int - f_ext). */
typedef struct {
  int n_groups;
  int64_t groups[2];
  int n;
  double K[144];
  double f[12];
} pf_kin_block;

typedef struct pf_kinematics_s pf_kinematics;

/* Builds the kinematics of a resolved model: bodies (desc->bodies: the nodes of a rigid region's
 * elements or a coupling's node set; reference point given or the centroid of the body's nodes),
 * ties (closest-point projection of each slave node on the master surface, within tolerance),
 * joints (frames, centres). Errors (PF_ERR_INPUT, naming the config entry): a node in two bodies,
 * a tied node outside the tolerance or also a slave, a body with no node, a joint between unknown
 * or identical bodies. The state starts at zero displacement, R = I. */
int pf_kinematics_create(pf_context *ctx, const pf_model *model, pf_kinematics **kin);
void pf_kinematics_destroy(pf_kinematics **kin);

/* Groups and their dofs. */
int64_t pf_kin_n_groups(const pf_kinematics *kin);
int64_t pf_kin_n_group_dofs(const pf_kinematics *kin);
int pf_kin_group_size(const pf_kinematics *kin, int64_t group);
int64_t pf_kin_group_offset(const pf_kinematics *kin, int64_t group);
/* The group of a free node (-1 for a slave, tied or unused node). */
int64_t pf_kin_node_group(const pf_kinematics *kin, int64_t node);
/* The group of body b (index into desc->bodies). */
int64_t pf_kin_body_group(const pf_kinematics *kin, int body);
/* The node behind a node group (-1 for a body group). */
int64_t pf_kin_group_node(const pf_kinematics *kin, int64_t group);
/* The links of node v at the current state: returns their number (0 for an unused node); a free
 * node has one link to its own group with G = I. */
int pf_kin_node_links(const pf_kinematics *kin, int64_t node, pf_link links[PF_KIN_MAX_LINKS]);
/* Through a node's links (links [nl] from pf_kin_node_links): u = sum G x[group] (the node's
 * motion for a vector x of group dofs), and y[group] += G^T f (a nodal force into group dofs). */
void pf_kin_links_gather(const pf_kinematics *kin, const pf_link *links, int nl, const double *x,
                         double u[3]);
void pf_kin_links_scatter(const pf_kinematics *kin, const pf_link *links, int nl, const double f[3],
                          double *y);

/* The current nodal displacements [3 n_nodes] (slaves and tied nodes follow; unused nodes 0). */
const double *pf_kin_displacement(const pf_kinematics *kin);
/* A body's reference point (current), translation, rotation matrix R (row-major) and rotation
 * vector (axis times angle, radians). Any output may be NULL. */
void pf_kin_body_state(const pf_kinematics *kin, int body, double x_ref[3], double translation[3],
                       double R[9], double rotation_vector[3]);

/* Applies an increment d [n_group_dofs] of the group dofs: nodes u += d, bodies t += d_t and
 * R <- exp(skew(d_w)) R; then updates every slave and tied node. */
void pf_kin_update(pf_kinematics *kin, const double *d);

/* The extra state the kinematics keeps for the contact (contact/pf_contact.h: multipliers and
 * anchors at the contact points), pf_contact_state_size doubles, zero at the start; saved and
 * restored with the state. */
double *pf_kin_extra_state(pf_kinematics *kin);
const double *pf_kin_extra_state_const(const pf_kinematics *kin);

/* Saves / restores the whole state (cut-backs, checkpoints): pf_kin_state_size doubles. */
int64_t pf_kin_state_size(const pf_kinematics *kin);
void pf_kin_state_save(const pf_kinematics *kin, double *state);
void pf_kin_state_restore(pf_kinematics *kin, const double *state);

/* The increment d_body [6] (translation, spin) that takes body b from its current state to a
 * target translation t and rotation vector psi (radians) given for all three rotations. */
void pf_kin_body_increment_to(const pf_kinematics *kin, int body, const double t[3],
                              const double psi[3], double d_body[6]);

/* Dense blocks added to the tangent and residual at the current state:
 * - one per body (blocks 0 .. n_bodies-1): the geometric stiffness of its slaves in the spin
 *   block, given the internal force at every node f_node [3 n_nodes] (element contributions
 *   only; NULL gives a zero block); its f is zero (the element forces reach the body through
 *   the links);
 * - one per joint (blocks n_bodies + j): springs and the driven-rotation penalty/multiplier
 *   terms, on the groups (proximal body, distal body).
 * pf_kin_n_blocks returns the number of blocks; pf_kin_get_block fills block i and returns
 * PF_OK (PF_ERR_INTERNAL for i out of range). Thread-safe (reads the state only). */
int pf_kin_n_blocks(const pf_kinematics *kin);
int pf_kin_get_block(const pf_kinematics *kin, int i, const double *f_node, pf_kin_block *block);

/* Driven joints: sets joint j's target angle about its axis 1 (radians) for the coming
 * iterations; pf_kin_augment updates the multipliers after a converged Newton solve and returns
 * 1 when every driven joint is within tol (radians) of its target (else the caller iterates
 * again). pf_kin_joint_state reports a joint's relative rotation angles about its three axes
 * (radians), its relative translation along them, and its moment and force (global axes). */
void pf_kin_joint_set_target(pf_kinematics *kin, int joint, int driven, double angle);
int pf_kin_augment(pf_kinematics *kin, double tol);
void pf_kin_joint_state(const pf_kinematics *kin, int joint, double angle[3], double shift[3],
                        double moment[3], double force[3]);

/* Conventions of the joint coordinates (details and sources in joints.c):
 * - angle = log(R_rel), R_rel = (R_p A)^T (R_d A), A the frame (columns = the axes, fixed in the
 *   proximal body): the rotation-vector components of the distal frame relative to the proximal
 *   one along the proximal axes (zero in the reference configuration). angle[0] is the angle
 *   about axis 1, the driven one. For a left-handed (mirrored) frame the senses are mirrored.
 * - shift = (R_p A)^T (c_d - c_p): the separation of the centre as carried by each body, along
 *   the proximal axes.
 * - moment and force (pf_kin_joint_state) are what the joint exerts on the distal body, in global
 *   axes, the moment about the centre carried by the distal body c_d (springs and drive).
 * Energy: 1/2 sum k_rotation_i angle_i^2 + 1/2 sum k_translation_i shift_i^2, plus for a driven
 * joint lambda g + eps/2 g^2 with g = angle[0] - target. */

/* A joint's current energy (springs and drive), N mm: the potential whose gradient and Hessian
 * are the joint's pf_kin_block (for energy-based line searches and tests). */
double pf_kin_joint_energy(const pf_kinematics *kin, int joint);

/* A joint's current centre (carried by the proximal body) and axes (rows, global). Either output
 * may be NULL. */
void pf_kin_joint_frame(const pf_kinematics *kin, int joint, double centre[3], double axes[9]);

/* Sets the penalty eps (N mm / rad, > 0; other values are ignored) of a driven joint. Default:
 * max(1e3 x the joint's largest k_rotation, 1e6); pf_kin_augment multiplies it by 10 (up to
 * 1e10) when an augmentation reduces |angle[0] - target| by less than a factor 4. A good value
 * is 1e2 - 1e3 x a_1^T K_ww a_1, the distal body's rotational stiffness about axis 1 in the
 * assembled tangent. Part of the saved state (with the multiplier). */
void pf_kin_joint_set_penalty(pf_kinematics *kin, int joint, double eps);

/* The resultant force and moment (about the current reference point, global axes) that the
 * elements exert on body b's slaves, from f_node [3 n_nodes]. */
void pf_kin_body_resultant(const pf_kinematics *kin, int body, const double *f_node,
                           double force[3], double moment[3]);

#endif /* PF_KINEMATICS_H */
