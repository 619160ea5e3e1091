/*
 * Ground contact, private to contact/: the contact's data, the law at a contact node and the loop
 * over the nodes, shared by contact.c (law, forces, tangent, augmentation) and contact_results.c
 * (pressures, force, area, centre of pressure, the pressure plate).
 */
#ifndef PF_CONTACT_IMPL_H
#define PF_CONTACT_IMPL_H

#include "contact/pf_contact.h"
#include "fem/pf_fem.h"

#define PF_CONTACT_STATE PF_CONTACT_NODE_STATE
#ifndef PF_CONTACT_EPS_T
#define PF_CONTACT_EPS_T 0.1
#endif
/* The penalty of a first Newton solve whose multipliers are all zero (the first increment of a
 * contact), as a fraction of the penalty; the first augmentation restores the full penalty.
 * Measured on the 30k friction pad's first increment: 18 Newton iterations at the full
 * penalty, 8 at 0.3 (docs/contact.md). */
#ifndef PF_CONTACT_START_SCALE
#define PF_CONTACT_START_SCALE 0.3
#endif
/* The deepest a contact node may be pushed through the plane by one Newton step, as a fraction
 * of the surface's size h = sqrt(mean face area): a longer step is shortened (pf_contact_node_
 * step_limit). A node open in the tangent does not resist the step; a plane loaded by a force
 * and touching at one node moved 350 mm in the dome's first step (docs/contact.md). */
#define PF_CONTACT_STEP_DEPTH 0.5
/* The basis transformation of a quadratic face: N'_corner = N_corner + ALPHA (the two edge
 * functions at the corner), N'_edge = (1 - 2 ALPHA) N_edge (Popp et al. 2012, ALPHA = 1/5) */
#define PF_CONTACT_ALPHA 0.2

struct pf_contact_s {
  const pf_model *model;
  const pf_mesh *mesh;
  const pf_contact_desc *d;
  int64_t n_faces, n_points, n_cnodes;
  uint8_t *type;   /* [n_faces] pf_face_type */
  int64_t *nodes;  /* [n_faces * PF_MAX_FACE_NODES] mesh nodes */
  int64_t *fcn;    /* [n_faces * PF_MAX_FACE_NODES] the contact node of each face node */
  double *fw;      /* [n_faces * PF_MAX_FACE_NODES] int_f N'_a dA, reference */
  int64_t *point0; /* [n_faces + 1] first quadrature point of each face (results) */
  /* contact node k: the transformed node x'_k = sum_j coef[3k+j] x(sten[3k+j]), j < sten_n[k]
   * (sten[3k] the node itself); w[k] = int N'_k dA (reference) */
  int8_t *sten_n;
  int64_t *sten;
  double *coef;
  double *w;
  double eps;       /* penalty, N / mm^3 */
  double eps_scale; /* the penalty in use is eps x eps_scale: PF_CONTACT_START_SCALE in a first
                     * solve with no multiplier anywhere, else 1 (pf_contact_predict) */
  double n[3], p0[3];
  double mu;
  int64_t ref;   /* the plane's reference node, -1 */
  double tol;    /* the gap tolerance, mm */
  double h_by_E; /* sqrt(mean face area) / E of the penalty: gap per pressure, mm / MPa */
  double h;      /* sqrt(mean face area), mm */
};

/* The gap tolerance at a state whose largest normal traction is p_max: the gap tolerance, or
 * the pressure tolerance's gap pressure_tolerance x p_max x h / E when it is smaller. */
double pf_contact_tolerance(const pf_contact *c, double p_max);

/* The law at one contact node (contact.c): the normal traction t_N (0: open), the gap g, the
 * traction t on the body and its tangential part t_T; active: in contact (or touching); slip:
 * sliding, in the direction e. */
typedef struct {
  double tN, g, t[3], tT[3], e[3];
  int active, slip;
} node_law;

/* The transformed shape functions N' of face type t at point q of its rule: Np [nnode]. */
void pf_contact_shape(pf_face_type t, int q, double *Np);

/* Calls fn for every contact node k with its law evaluated at the state of kin: xq, Xq the
 * transformed node's current and reference positions, up the plane's displacement. */
typedef void (*node_fn)(void *user, const pf_contact *c, int64_t k, const node_law *L,
                        const double xq[3], const double Xq[3], const double up[3]);
void pf_contact_each_node(const pf_contact *c, const pf_kinematics *kin, node_fn fn, void *user);

#endif /* PF_CONTACT_IMPL_H */
