/*
 * Ground contact, private to contact/: the contact's data, the law at a point and the loop over
 * the points, shared by contact.c (law, forces, tangent, augmentation) and contact_results.c
 * (pressures, force, area, centre of pressure, the pressure plate).
 */
#ifndef PF_CONTACT_IMPL_H
#define PF_CONTACT_IMPL_H

#include "contact/pf_contact.h"
#include "fem/pf_fem.h"

#define PF_CONTACT_STATE PF_CONTACT_POINT_STATE
#ifndef PF_CONTACT_EPS_T
#define PF_CONTACT_EPS_T 0.1
#endif

struct pf_contact_s {
  const pf_model *model;
  const pf_mesh *mesh;
  const pf_contact_desc *d;
  int64_t n_faces, n_points;
  uint8_t *type;   /* [n_faces] pf_face_type */
  int64_t *nodes;  /* [n_faces * PF_MAX_FACE_NODES] */
  int64_t *point0; /* [n_faces + 1] first point of each face */
  double *eps;     /* [n_faces] penalty, N / mm^3 */
  double n[3], p0[3];
  double mu;
  int64_t ref; /* the plane's reference node, -1 */
  double tol;
  /* least-squares recovery of nodal values from point values, per face type: R [nnode x nqp] */
  double recover[PF_FACE_NUM_TYPES][PF_MAX_FACE_NODES * PF_MAX_FACE_QP];
};

/* The law at one point (contact.c): the normal traction t_N (0: open), the gap g, the traction t
 * on the body and its tangential part t_T; active: in contact (or touching); slip: sliding, in
 * the direction e. */
typedef struct {
  double tN, g, t[3], tT[3], e[3];
  int active, slip;
} point_law;

/* Calls fn for every point with its law evaluated at the state of kin. */
typedef void (*point_fn)(void *user, const pf_contact *c, int64_t f, int q, int64_t pt,
                         const point_law *L, const double xq[3], const double Xq[3],
                         const double up[3], double dA, double da);
void pf_contact_each_point(const pf_contact *c, const pf_kinematics *kin, point_fn fn, void *user);

#endif /* PF_CONTACT_IMPL_H */
