/*
 * The data behind pf_kinematics (private to constraint/): node classification, bodies and their
 * slaves, tied nodes and joints. See pf_kinematics.h for the model.
 *
 * Node kinds: every mesh node is unused (no element of a non-removed region, no body, no tie),
 * free (a group of 3 dofs), a body slave, or tied. node_index holds the group (free), the slave
 * number (slave) or the tied-node number (tied). Groups: free nodes in node order
 * (0 .. n_free-1), then the bodies (n_free + b).
 */
#ifndef PF_KIN_INTERNAL_H
#define PF_KIN_INTERNAL_H

#include "constraint/pf_kinematics.h"

enum { PF_KIN_UNUSED = 0, PF_KIN_FREE = 1, PF_KIN_SLAVE = 2, PF_KIN_TIED = 3 };

#define PF_KIN_MAX_MASTERS 8 /* nodes of the largest master face (tri6: 6) */

typedef struct {
  int p, d;      /* proximal and distal bodies */
  double c0[3];  /* centre (reference) */
  double A0[9];  /* the frame: columns are the axes (reference, global), A0 = axes^T */
  double sgn;    /* det A0 (+1 right-handed; -1 a mirrored frame, see joints.c) */
  double r_p[3]; /* reference levers c0 - X_p, c0 - X_d */
  double r_d[3];
  double kt[3], kr[3]; /* stiffness along / about the axes */
  int driven;
  double target; /* driven angle about axis 1 (rad) */
  double lambda; /* multiplier (N mm) */
  double eps;    /* penalty (N mm / rad) */
  double g_prev; /* |theta_1 - target| at the previous augmentation (< 0: none yet) */
} pf_kin_joint;

struct pf_kinematics_s {
  const pf_mesh *mesh;
  const pf_model_desc *desc;
  int64_t n_nodes;
  int8_t *node_kind;   /* [n_nodes] PF_KIN_* */
  int64_t *node_index; /* [n_nodes] group / slave / tied number, -1 when unused */
  double *u;           /* [3 n_nodes] displacements */

  int64_t n_free;
  int64_t *group_node; /* [n_free] */

  int n_bodies;
  double *body_X;            /* [3 nb] reference point (reference configuration) */
  double *body_t;            /* [3 nb] translation of the reference point */
  double *body_R;            /* [9 nb] rotation */
  int64_t *body_slave_start; /* [nb + 1] slaves of body b: body_slave_start[b] .. [b + 1] - 1 */
  int64_t n_slaves;
  int64_t *slave_node; /* [n_slaves] */
  int32_t *slave_body; /* [n_slaves] */
  double *slave_d0;    /* [3 n_slaves] reference levers X_s - X_r */
  double *slave_rd;    /* [3 n_slaves] current levers R d0 (cached by pf_kin_update) */
  /* Tied nodes whose masters are slaves of body b (their forces act on b through the tie):
   * entries body_tx_start[b] .. [b + 1] - 1 of (tied node number, slave number, weight). */
  int64_t *body_tx_start;
  int64_t *body_tx_tied;
  int64_t *body_tx_slave;
  double *body_tx_w;

  int64_t n_tied;
  int64_t *tied_node;   /* [n_tied] */
  int32_t *tied_tie;    /* [n_tied] index into desc->ties */
  int8_t *tied_nm;      /* [n_tied] masters */
  int64_t *tied_master; /* [PF_KIN_MAX_MASTERS n_tied] */
  double *tied_w;       /* [PF_KIN_MAX_MASTERS n_tied] weights N_a(xi) */

  int n_joints;
  pf_kin_joint *joints;

  /* extra state owned for other modules (contact multipliers and anchors), saved and restored
   * with the rest */
  int64_t n_extra;
  double *extra;
};

/* Builders called by pf_kinematics_create in this order (each returns PF_OK or an error). */
int pf_kin_bodies_build(pf_context *ctx, pf_kinematics *kin);
int pf_kin_ties_build(pf_context *ctx, pf_kinematics *kin);
int pf_kin_ties_finish(pf_context *ctx, pf_kinematics *kin); /* after free nodes are known */
int pf_kin_joints_build(pf_context *ctx, pf_kinematics *kin);

/* Error at a config entry for a failed mesh look-up (the mesh module's message, relocated). */
int pf_kin_nodes_of(pf_context *ctx, const pf_mesh *mesh, const char *name, const pf_srcloc *loc,
                    int64_t **nodes, int64_t *count);

/* Refreshes the cached levers R d0 and the displacements of slaves and tied nodes. */
void pf_kin_refresh(pf_kinematics *kin);

/* Body geometric block and joint block (pf_kin_block dispatches to these). */
void pf_kin_body_block(const pf_kinematics *kin, int body, const double *f_node,
                       pf_kin_block *block);
void pf_kin_joint_block(const pf_kinematics *kin, int joint, pf_kin_block *block);

#endif /* PF_KIN_INTERNAL_H */
