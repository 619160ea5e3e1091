/*
 * Helpers shared by the kinematics tests: descriptions and models built by hand (pf_model_build
 * resolves material regions only), meshes with extra nodes and sets, an independent rotation
 * formula (quaternions) and small dense algebra.
 */
#ifndef KIN_TEST_UTIL_H
#define KIN_TEST_UTIL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constraint/pf_kinematics.h"
#include "pf_test.h"
#include "testmesh.h"

/* Deterministic pseudo-random numbers in [-1, 1] (64-bit LCG, Knuth MMIX constants). */
static inline double kt_rand(unsigned long long *state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*state >> 11) / (double)(1ULL << 53) * 2.0 - 1.0;
}

/* A random unit vector. */
static inline void kt_rand_unit(unsigned long long *st, double n[3]) {
  double r;
  do {
    for (int i = 0; i < 3; i++) n[i] = kt_rand(st);
    r = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  } while (r < 0.1 || r > 1.0);
  for (int i = 0; i < 3; i++) n[i] /= r;
}

/* R = rotation by |v| about v / |v|, through the unit quaternion (cos(t/2), sin(t/2) n):
 * independent of the module's Rodrigues formula. */
static inline void kt_rot(const double v[3], double R[9]) {
  const double t = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  double w = 1.0, x = 0.0, y = 0.0, z = 0.0;
  if (t > 0.0) {
    const double s = sin(0.5 * t) / t;
    w = cos(0.5 * t), x = s * v[0], y = s * v[1], z = s * v[2];
  }
  R[0] = 1 - 2 * (y * y + z * z), R[1] = 2 * (x * y - w * z), R[2] = 2 * (x * z + w * y);
  R[3] = 2 * (x * y + w * z), R[4] = 1 - 2 * (x * x + z * z), R[5] = 2 * (y * z - w * x);
  R[6] = 2 * (x * z - w * y), R[7] = 2 * (y * z + w * x), R[8] = 1 - 2 * (x * x + y * y);
}

static inline void kt_matmul(const double A[9], const double B[9], double C[9]) {
  double T[9];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      T[3 * i + j] = A[3 * i] * B[j] + A[3 * i + 1] * B[3 + j] + A[3 * i + 2] * B[6 + j];
  memcpy(C, T, sizeof(T));
}

static inline void kt_cross(const double a[3], const double b[3], double c[3]) {
  const double c0 = a[1] * b[2] - a[2] * b[1], c1 = a[2] * b[0] - a[0] * b[2],
               c2 = a[0] * b[1] - a[1] * b[0];
  c[0] = c0, c[1] = c1, c[2] = c2;
}

static inline double kt_maxabs(int n, const double *a) {
  double m = 0.0;
  for (int i = 0; i < n; i++)
    if (fabs(a[i]) > m) m = fabs(a[i]);
  return m;
}

/* Solves the dense n x n system A x = b in place (Gaussian elimination, partial pivoting);
 * returns 0, or -1 when singular. A is destroyed, b becomes x. */
static inline int kt_solve(int n, double *A, double *b) {
  for (int c = 0; c < n; c++) {
    int p = c;
    for (int r = c + 1; r < n; r++)
      if (fabs(A[r * n + c]) > fabs(A[p * n + c])) p = r;
    if (A[p * n + c] == 0.0) return -1;
    if (p != c) {
      for (int k = 0; k < n; k++) {
        double t = A[c * n + k];
        A[c * n + k] = A[p * n + k];
        A[p * n + k] = t;
      }
      double t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
    for (int r = c + 1; r < n; r++) {
      const double f = A[r * n + c] / A[c * n + c];
      for (int k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (int r = n - 1; r >= 0; r--) {
    double s = b[r];
    for (int k = r + 1; k < n; k++) s -= A[r * n + k] * b[k];
    b[r] = s / A[r * n + r];
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------- */
/* Meshes                                                                                       */
/* ------------------------------------------------------------------------------------------- */

/* Appends n nodes (coordinates X [3n], ids) to mesh; returns the row of the first. */
static inline int64_t kt_add_nodes(pf_mesh *m, const double *X, const int64_t *ids, int64_t n) {
  const int64_t first = m->n_nodes;
  m->x = realloc(m->x, (size_t)(3 * (first + n)) * sizeof(double));
  m->node_ids = realloc(m->node_ids, (size_t)(first + n) * sizeof(int64_t));
  memcpy(m->x + 3 * first, X, (size_t)(3 * n) * sizeof(double));
  memcpy(m->node_ids + first, ids, (size_t)n * sizeof(int64_t));
  m->n_nodes += n;
  return first;
}

/* Adds node set `name` (rows need not be sorted; they are sorted here). */
static inline void kt_add_nset(pf_mesh *m, const char *name, const int64_t *rows, int64_t n) {
  m->nsets = realloc(m->nsets, (size_t)(m->n_nsets + 1) * sizeof(*m->nsets));
  pf_nset *s = &m->nsets[m->n_nsets++];
  s->name = strdup(name);
  s->count = n;
  s->nodes = malloc((size_t)(n ? n : 1) * sizeof(int64_t));
  if (n) memcpy(s->nodes, rows, (size_t)n * sizeof(int64_t));
  qsort(s->nodes, (size_t)n, sizeof(int64_t), pf_cmp_i64);
}

/* Adds element set `name` of global element numbers (sorted here). */
static inline void kt_add_elset(pf_mesh *m, const char *name, const int64_t *elems, int64_t n) {
  m->elsets = realloc(m->elsets, (size_t)(m->n_elsets + 1) * sizeof(*m->elsets));
  pf_elset *s = &m->elsets[m->n_elsets++];
  s->name = strdup(name);
  s->count = n;
  s->elems = malloc((size_t)(n ? n : 1) * sizeof(int64_t));
  if (n) memcpy(s->elems, elems, (size_t)n * sizeof(int64_t));
  qsort(s->elems, (size_t)n, sizeof(int64_t), pf_cmp_i64);
}

/* Two separate tet4 elements (8 nodes, ids 1-8): element 0 near the origin (element set "prox"),
 * element 1 near (3, 0.5, 0) (element set "dist"). */
static inline pf_mesh *kt_two_tets(pf_context *ctx) {
  pf_mesh *m = NULL;
  if (pf_mesh_create(ctx, &m)) return NULL;
  static const double X[24] = {0, 0,   0, 2,   0.2, 0,   0.3, 1.8, 0.1, 0.4, 0.5, 1.5,
                               3, 0.5, 0, 4.5, 0.7, 0.2, 3.2, 2.1, 0,   3.4, 0.9, 1.7};
  const int64_t ids[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  m->source = strdup("two-tets");
  kt_add_nodes(m, X, ids, 8);
  pf_elem_block *b = &m->blocks[PF_ELEM_TET4];
  b->count = 2;
  b->conn = malloc(8 * sizeof(int64_t));
  b->ids = malloc(2 * sizeof(int64_t));
  for (int k = 0; k < 8; k++) b->conn[k] = k;
  b->ids[0] = 1, b->ids[1] = 2;
  for (int t = 0; t <= PF_ELEM_NUM_TYPES; t++) m->elem_offset[t] = t > PF_ELEM_TET4 ? 2 : 0;
  const int64_t e0 = 0, e1 = 1;
  kt_add_elset(m, "prox", &e0, 1);
  kt_add_elset(m, "dist", &e1, 1);
  return m;
}

/* ------------------------------------------------------------------------------------------- */
/* Descriptions and models by hand                                                              */
/* ------------------------------------------------------------------------------------------- */

#define KT_MAX 8
typedef struct {
  pf_model_desc desc;
  pf_model model;
  pf_body_desc bodies[KT_MAX];
  pf_joint_desc joints[KT_MAX];
  pf_tie_desc ties[KT_MAX];
  pf_region_desc regions[KT_MAX];
  int32_t *elem_region;
} kt_setup;

/* Starts a setup on mesh: no regions (every element counts as used), no bodies, joints, ties. */
static inline void kt_init(kt_setup *s, const pf_mesh *mesh) {
  memset(s, 0, sizeof(*s));
  s->desc.config_path = (char *)"test.yaml";
  s->desc.bodies = s->bodies;
  s->desc.joints = s->joints;
  s->desc.ties = s->ties;
  s->desc.regions = s->regions;
  s->model.mesh = mesh;
  s->model.desc = &s->desc;
  s->model.n_elems = mesh->elem_offset[PF_ELEM_NUM_TYPES];
}

static inline pf_srcloc kt_loc(const char *key, int line) {
  pf_srcloc l;
  memset(&l, 0, sizeof(l));
  l.file = "test.yaml";
  l.line = line;
  snprintf(l.key, sizeof(l.key), "%s", key);
  return l;
}

/* A rigid region body on element set `set` (and its region entry). */
static inline int kt_rigid(kt_setup *s, const char *set) {
  const int b = s->desc.n_bodies++;
  pf_body_desc *bd = &s->bodies[b];
  bd->name = (char *)set;
  bd->set = (char *)set;
  bd->kind = PF_BODY_RIGID_REGION;
  bd->loc = kt_loc("regions", 10 + b);
  pf_region_desc *r = &s->regions[s->desc.n_regions++];
  r->set = (char *)set;
  r->kind = PF_REGION_RIGID;
  r->material = -1;
  r->body = b;
  r->loc = bd->loc;
  return b;
}

/* A coupling body on node set `set` with an optional reference point. */
static inline int kt_coupling(kt_setup *s, const char *name, const char *set, const double *ref) {
  const int b = s->desc.n_bodies++;
  pf_body_desc *bd = &s->bodies[b];
  bd->name = (char *)name;
  bd->set = (char *)set;
  bd->kind = PF_BODY_COUPLING;
  bd->loc = kt_loc("couplings", 20 + b);
  if (ref) {
    bd->has_ref_point = 1;
    memcpy(bd->ref_point, ref, 3 * sizeof(double));
  }
  return b;
}

static inline int kt_tie(kt_setup *s, const char *name, const char *slave, const char *master,
                         double tol) {
  const int t = s->desc.n_ties++;
  pf_tie_desc *td = &s->ties[t];
  td->name = (char *)name;
  td->slave = (char *)slave;
  td->master = (char *)master;
  td->tolerance = tol;
  td->loc = kt_loc("ties", 30 + t);
  return t;
}

static inline int kt_joint(kt_setup *s, const char *name, int p, int d, const double *centre,
                           const double axes[9], const double kt[3], const double kr[3]) {
  const int j = s->desc.n_joints++;
  pf_joint_desc *jd = &s->joints[j];
  jd->name = (char *)name;
  jd->proximal = s->bodies[p].name;
  jd->distal = s->bodies[d].name;
  jd->proximal_body = p;
  jd->distal_body = d;
  if (centre) {
    jd->has_centre = 1;
    memcpy(jd->centre, centre, 3 * sizeof(double));
  }
  memcpy(jd->axes, axes, 9 * sizeof(double));
  memcpy(jd->k_translation, kt, 3 * sizeof(double));
  memcpy(jd->k_rotation, kr, 3 * sizeof(double));
  jd->loc = kt_loc("joints", 40 + j);
  return j;
}

/* A random right-handed orthonormal frame (rows). */
static inline void kt_rand_frame(unsigned long long *st, double axes[9]) {
  double v[3], R[9];
  for (int i = 0; i < 3; i++) v[i] = 2.0 * kt_rand(st);
  kt_rot(v, R);
  for (int a = 0; a < 3; a++)
    for (int i = 0; i < 3; i++) axes[3 * a + i] = R[3 * i + a];
}

/* The increment vector d [n_group_dofs] that sets body b to (t, psi) from the current state. */
static inline void kt_body_to(pf_kinematics *kin, int b, const double t[3], const double psi[3],
                              double *d) {
  const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
  pf_kin_body_increment_to(kin, b, t, psi, d + off);
}

#endif /* KIN_TEST_UTIL_H */
