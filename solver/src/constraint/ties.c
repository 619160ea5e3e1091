/*
 * Ties, node to face (Abaqus *TIE with a node-based slave; Abaqus Analysis User's Guide, "Mesh
 * tie constraints", position tolerance and the surface-to-surface vs node-to-surface
 * formulations): every slave node is projected, in the reference configuration, on the nearest
 * face of the master surface (closest point), and follows u_s = sum_a N_a(xi) u_a over that
 * face's nodes. The gap between the node and its projection is kept as it is (no adjustment).
 *
 * Projection: minimise |x(xi) - X_s|^2 over the face, x(xi) = sum_a N_a(xi) X_a, by Gauss-Newton
 * on the face's shape functions (the normal equations [t_k . t_l] dxi = -t_k . (x - X_s),
 * t_k = dx/dxi_k), each iterate projected back on the reference domain (triangle or square):
 * quadratic convergence for a node on the face, linear (rate ~ distance x curvature) off it.
 * Fallback when it does not converge (or the metric is singular): the best point of a lattice
 * over the face, refined by the same iteration. Candidate faces come from a uniform grid over
 * the faces' bounding boxes inflated by the tolerance (a tri6 face's box holds its quadratic
 * Bezier control points, hence the whole curved face: Farin, Curves and Surfaces for CAGD,
 * 5th ed. (2002), the convex hull property of triangular Bezier patches).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constraint/kin_internal.h"
#include "fem/pf_fem.h"

typedef struct {
  int64_t n;
  pf_face_type *type;
  const int64_t **conn;
  double *box; /* [6 n] inflated bounding boxes: lo[3], hi[3] */
  double lo[3], hi[3], h;
  int64_t nc[3];
  int64_t *cell_start, *cell_face;
} face_set;

static void face_set_free(face_set *fs) {
  free(fs->type);
  free(fs->conn);
  free(fs->box);
  free(fs->cell_start);
  free(fs->cell_face);
  memset(fs, 0, sizeof(*fs));
}

static void face_X(const pf_mesh *mesh, pf_face_type type, const int64_t *conn, double *X) {
  const int nn = pf_face_nodes(type);
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) X[3 * a + i] = mesh->x[3 * conn[a] + i];
}

/* ------------------------------------------------------------------------------------------- */
/* Closest point on one face                                                                    */
/* ------------------------------------------------------------------------------------------- */

/* Projects xi on the reference domain (Euclidean, in the parameter plane). */
static void domain_project(pf_face_type type, double xi[2]) {
  if (type == PF_FACE_QUAD4) {
    for (int k = 0; k < 2; k++) xi[k] = xi[k] < -1.0 ? -1.0 : xi[k] > 1.0 ? 1.0 : xi[k];
    return;
  }
  const double a = xi[0], b = xi[1];
  if (a >= 0.0 && b >= 0.0 && a + b <= 1.0) return;
  /* outside the (convex) triangle: the nearest point lies on one of its edges */
  double best[2] = {0.0, 0.0}, bd = INFINITY;
  double cand[3][2];
  cand[0][0] = a < 0.0 ? 0.0 : a > 1.0 ? 1.0 : a, cand[0][1] = 0.0;
  cand[1][0] = 0.0, cand[1][1] = b < 0.0 ? 0.0 : b > 1.0 ? 1.0 : b;
  double s = 0.5 * (a - b + 1.0);
  s = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
  cand[2][0] = s, cand[2][1] = 1.0 - s;
  for (int c = 0; c < 3; c++) {
    const double d = (cand[c][0] - a) * (cand[c][0] - a) + (cand[c][1] - b) * (cand[c][1] - b);
    if (d < bd) bd = d, best[0] = cand[c][0], best[1] = cand[c][1];
  }
  xi[0] = best[0];
  xi[1] = best[1];
}

/* x(xi) and the tangents t1, t2; returns |x - p|^2. */
static double face_point(pf_face_type type, const double *X, const double xi[2], const double p[3],
                         double r[3], double t1[3], double t2[3]) {
  double N[PF_MAX_FACE_NODES], dN[PF_MAX_FACE_NODES][2];
  const int nn = pf_face_nodes(type);
  pf_fem_face_shape(type, xi, N, dN);
  for (int i = 0; i < 3; i++) {
    double x = 0.0, a = 0.0, b = 0.0;
    for (int k = 0; k < nn; k++) {
      x += N[k] * X[3 * k + i];
      a += dN[k][0] * X[3 * k + i];
      b += dN[k][1] * X[3 * k + i];
    }
    r[i] = x - p[i];
    t1[i] = a;
    t2[i] = b;
  }
  return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
}

/* Projected Gauss-Newton from xi; returns 1 when the step fell below 1e-14. */
static int gauss_newton(pf_face_type type, const double *X, const double p[3], double xi[2]) {
  for (int it = 0; it < 60; it++) {
    double r[3], t1[3], t2[3];
    face_point(type, X, xi, p, r, t1, t2);
    const double a = t1[0] * t1[0] + t1[1] * t1[1] + t1[2] * t1[2];
    const double b = t1[0] * t2[0] + t1[1] * t2[1] + t1[2] * t2[2];
    const double c = t2[0] * t2[0] + t2[1] * t2[1] + t2[2] * t2[2];
    const double g0 = t1[0] * r[0] + t1[1] * r[1] + t1[2] * r[2];
    const double g1 = t2[0] * r[0] + t2[1] * r[1] + t2[2] * r[2];
    const double det = a * c - b * b;
    if (!(det > 1e-14 * (a * c))) return 0;
    const double old[2] = {xi[0], xi[1]};
    xi[0] -= (c * g0 - b * g1) / det;
    xi[1] -= (a * g1 - b * g0) / det;
    domain_project(type, xi);
    const double step = fabs(xi[0] - old[0]) + fabs(xi[1] - old[1]);
    if (!(step == step)) return 0; /* NaN */
    if (step < 1e-14) return 1;
  }
  return 0;
}

/* Closest point of face (type, X) to p: [out] xi; returns the squared distance. */
static double face_closest(pf_face_type type, const double *X, const double p[3], double xi[2]) {
  const int quad = type == PF_FACE_QUAD4;
  double r[3], t1[3], t2[3];
  xi[0] = xi[1] = quad ? 0.0 : 1.0 / 3.0;
  const int ok = gauss_newton(type, X, p, xi);
  double d2 = face_point(type, X, xi, p, r, t1, t2);
  if (ok) return d2;
  /* fallback: the best lattice point, refined */
  const int m = 10;
  double best[2] = {xi[0], xi[1]}, bd = d2;
  for (int i = 0; i <= m; i++)
    for (int j = 0; j <= m; j++) {
      if (!quad && i + j > m) continue;
      const double z[2] = {quad ? -1.0 + 2.0 * i / m : (double)i / m,
                           quad ? -1.0 + 2.0 * j / m : (double)j / m};
      const double d = face_point(type, X, z, p, r, t1, t2);
      if (d < bd) bd = d, best[0] = z[0], best[1] = z[1];
    }
  double z[2] = {best[0], best[1]};
  gauss_newton(type, X, p, z);
  const double dz = face_point(type, X, z, p, r, t1, t2);
  if (dz < bd) bd = dz, best[0] = z[0], best[1] = z[1];
  xi[0] = best[0];
  xi[1] = best[1];
  return bd;
}

/* ------------------------------------------------------------------------------------------- */
/* The faces of a master surface and their search grid                                         */
/* ------------------------------------------------------------------------------------------- */

static int faces_build(pf_context *ctx, const pf_mesh *mesh, const pf_surface *s, double *mean_edge,
                       face_set *fs) {
  memset(fs, 0, sizeof(*fs));
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) fs->n += s->count[t];
  PF_CALL(PF_CALLOC(ctx, fs->n, &fs->type));
  PF_CALL(PF_CALLOC(ctx, fs->n, &fs->conn));
  PF_CALL(PF_CALLOC(ctx, 6 * fs->n, &fs->box));
  double sum = 0.0;
  int64_t edges = 0, f = 0;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) {
    const int nn = pf_face_nodes((pf_face_type)t), nc = pf_face_corners((pf_face_type)t);
    for (int64_t q = 0; q < s->count[t]; q++, f++) {
      fs->type[f] = (pf_face_type)t;
      fs->conn[f] = s->conn[t] + q * nn;
      double X[3 * PF_MAX_FACE_NODES];
      face_X(mesh, (pf_face_type)t, fs->conn[f], X);
      for (int a = 0; a < nc; a++) {
        const double *x0 = X + 3 * a, *x1 = X + 3 * ((a + 1) % nc);
        sum += sqrt((x1[0] - x0[0]) * (x1[0] - x0[0]) + (x1[1] - x0[1]) * (x1[1] - x0[1]) +
                    (x1[2] - x0[2]) * (x1[2] - x0[2]));
        edges++;
      }
      double *box = fs->box + 6 * f;
      for (int i = 0; i < 3; i++) box[i] = INFINITY, box[3 + i] = -INFINITY;
      for (int a = 0; a < nn; a++) {
        double c[3];
        for (int i = 0; i < 3; i++) c[i] = X[3 * a + i];
        if (t == PF_FACE_TRI6 && a >= 3) { /* Bezier control point 2 m - (x_i + x_j) / 2 */
          const int i0 = a - 3, i1 = (a - 2) % 3;
          for (int i = 0; i < 3; i++) c[i] = 2.0 * c[i] - 0.5 * (X[3 * i0 + i] + X[3 * i1 + i]);
        }
        for (int i = 0; i < 3; i++) {
          if (c[i] < box[i]) box[i] = c[i];
          if (c[i] > box[3 + i]) box[3 + i] = c[i];
        }
      }
    }
  }
  *mean_edge = edges ? sum / (double)edges : 0.0;
  return PF_OK;
}

static inline int64_t cell_of(const face_set *fs, int i, double x) {
  int64_t c = (int64_t)floor((x - fs->lo[i]) / fs->h);
  return c < 0 ? 0 : c >= fs->nc[i] ? fs->nc[i] - 1 : c;
}

static int grid_build(pf_context *ctx, face_set *fs, double tol) {
  double size = 0.0;
  for (int i = 0; i < 3; i++) fs->lo[i] = INFINITY, fs->hi[i] = -INFINITY;
  for (int64_t f = 0; f < fs->n; f++) {
    double *box = fs->box + 6 * f, ext = 0.0;
    for (int i = 0; i < 3; i++) {
      box[i] -= tol;
      box[3 + i] += tol;
      if (box[i] < fs->lo[i]) fs->lo[i] = box[i];
      if (box[3 + i] > fs->hi[i]) fs->hi[i] = box[3 + i];
      if (box[3 + i] - box[i] > ext) ext = box[3 + i] - box[i];
    }
    size += ext;
  }
  double h = size / (double)fs->n, span = 0.0;
  for (int i = 0; i < 3; i++)
    if (fs->hi[i] - fs->lo[i] > span) span = fs->hi[i] - fs->lo[i];
  if (!(h > 1e-9 * span)) h = span > 0.0 ? span : 1.0;
  for (;;) {
    int64_t total = 1;
    for (int i = 0; i < 3; i++) {
      fs->nc[i] = (int64_t)floor((fs->hi[i] - fs->lo[i]) / h) + 1;
      total *= fs->nc[i];
    }
    if (total <= 8 * fs->n + 64) break;
    h *= 1.5;
  }
  fs->h = h;
  const int64_t ncell = fs->nc[0] * fs->nc[1] * fs->nc[2];
  PF_CALL(PF_CALLOC(ctx, ncell + 1, &fs->cell_start));
  for (int pass = 0; pass < 2; pass++) {
    for (int64_t f = 0; f < fs->n; f++) {
      const double *box = fs->box + 6 * f;
      int64_t c0[3], c1[3];
      for (int i = 0; i < 3; i++)
        c0[i] = cell_of(fs, i, box[i]), c1[i] = cell_of(fs, i, box[3 + i]);
      for (int64_t z = c0[2]; z <= c1[2]; z++)
        for (int64_t y = c0[1]; y <= c1[1]; y++)
          for (int64_t x = c0[0]; x <= c1[0]; x++) {
            const int64_t c = (z * fs->nc[1] + y) * fs->nc[0] + x;
            if (pass == 0)
              fs->cell_start[c + 1]++;
            else
              fs->cell_face[fs->cell_start[c]++] = f;
          }
    }
    if (pass == 0) {
      for (int64_t c = 0; c < ncell; c++) fs->cell_start[c + 1] += fs->cell_start[c];
      PF_CALL(PF_CALLOC(ctx, fs->cell_start[ncell], &fs->cell_face));
    } else { /* the fill advanced every start to the next cell's: shift back */
      for (int64_t c = ncell; c > 0; c--) fs->cell_start[c] = fs->cell_start[c - 1];
      fs->cell_start[0] = 0;
    }
  }
  return PF_OK;
}

/* The nearest face to p among the candidates of its cell: [out] face (-1: none within the
 * inflated boxes), xi; returns the distance. */
static double nearest_face(const pf_mesh *mesh, const face_set *fs, const double p[3],
                           int64_t *face, double xi[2]) {
  *face = -1;
  double best = INFINITY;
  for (int i = 0; i < 3; i++)
    if (!(p[i] >= fs->lo[i] && p[i] <= fs->hi[i])) return best;
  const int64_t c =
      (cell_of(fs, 2, p[2]) * fs->nc[1] + cell_of(fs, 1, p[1])) * fs->nc[0] + cell_of(fs, 0, p[0]);
  for (int64_t k = fs->cell_start[c]; k < fs->cell_start[c + 1]; k++) {
    const int64_t f = fs->cell_face[k];
    const double *box = fs->box + 6 * f;
    if (p[0] < box[0] || p[1] < box[1] || p[2] < box[2] || p[0] > box[3] || p[1] > box[4] ||
        p[2] > box[5])
      continue;
    double X[3 * PF_MAX_FACE_NODES], z[2];
    face_X(mesh, fs->type[f], fs->conn[f], X);
    const double d = sqrt(face_closest(fs->type[f], X, p, z));
    if (d < best) best = d, *face = f, xi[0] = z[0], xi[1] = z[1];
  }
  return best;
}

/* Distance from p to the nearest face of the whole set (error messages only). */
static double distance_all(const pf_mesh *mesh, const face_set *fs, const double p[3]) {
  double best = INFINITY;
  for (int64_t f = 0; f < fs->n; f++) {
    double X[3 * PF_MAX_FACE_NODES], z[2];
    face_X(mesh, fs->type[f], fs->conn[f], X);
    const double d = sqrt(face_closest(fs->type[f], X, p, z));
    if (d < best) best = d;
  }
  return best;
}

/* ------------------------------------------------------------------------------------------- */
/* Building the tied nodes                                                                      */
/* ------------------------------------------------------------------------------------------- */

static int master_surface(pf_context *ctx, const pf_mesh *mesh, const pf_tie_desc *tie, int *s) {
  *s = pf_mesh_find_surface(mesh, tie->master);
  if (*s >= 0) return PF_OK;
  const char **names = malloc((size_t)(mesh->n_surfaces + 1) * sizeof(*names));
  if (!names) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  for (int k = 0; k < mesh->n_surfaces; k++) names[k] = mesh->surfaces[k].name;
  const char *near = pf_nearest(tie->master, names, mesh->n_surfaces);
  free(names);
  return pf_error_at(ctx, &tie->loc, "tie '%s': no surface named '%s' in %s%s%s%s", tie->name,
                     tie->master, mesh->source ? mesh->source : "the mesh",
                     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

static int tie_one(pf_context *ctx, pf_kinematics *k, int ti, const face_set *fs, double tol,
                   const int64_t *slaves, int64_t ns) {
  const pf_tie_desc *tie = &k->desc->ties[ti];
  const pf_mesh *mesh = k->mesh;
  for (int64_t i = 0; i < ns; i++) {
    const int64_t v = slaves[i];
    const long long id = (long long)mesh->node_ids[v];
    if (k->node_kind[v] == PF_KIN_SLAVE)
      return pf_error_at(ctx, &tie->loc,
                         "tie '%s': slave node %lld is a node of body '%s' (a body's nodes follow "
                         "the body; remove it from the tie or from the body)",
                         tie->name, id, k->desc->bodies[k->slave_body[k->node_index[v]]].name);
    if (k->node_kind[v] == PF_KIN_TIED)
      return pf_error_at(ctx, &tie->loc, "tie '%s': slave node %lld is already tied by tie '%s'",
                         tie->name, id, k->desc->ties[k->tied_tie[k->node_index[v]]].name);
    const double *p = mesh->x + 3 * v;
    int64_t f;
    double xi[2];
    const double d = nearest_face(mesh, fs, p, &f, xi);
    if (f < 0 || d > tol)
      return pf_error_at(ctx, &tie->loc,
                         "tie '%s': slave node %lld is %.4g mm from master surface '%s' (expected "
                         "within the position tolerance %.4g mm)",
                         tie->name, id, f < 0 ? distance_all(mesh, fs, p) : d, tie->master, tol);
    const int64_t t = k->n_tied++;
    const int nn = pf_face_nodes(fs->type[f]);
    double N[PF_MAX_FACE_NODES], dN[PF_MAX_FACE_NODES][2];
    pf_fem_face_shape(fs->type[f], xi, N, dN);
    k->tied_node[t] = v;
    k->tied_tie[t] = ti;
    k->tied_nm[t] = (int8_t)nn;
    for (int a = 0; a < nn; a++) {
      k->tied_master[PF_KIN_MAX_MASTERS * t + a] = fs->conn[f][a];
      k->tied_w[PF_KIN_MAX_MASTERS * t + a] = N[a];
    }
    k->node_kind[v] = PF_KIN_TIED;
    k->node_index[v] = t;
  }
  return PF_OK;
}

int pf_kin_ties_build(pf_context *ctx, pf_kinematics *k) {
  const pf_mesh *mesh = k->mesh;
  for (int ti = 0; ti < k->desc->n_ties; ti++) {
    const pf_tie_desc *tie = &k->desc->ties[ti];
    int s;
    PF_CALL(master_surface(ctx, mesh, tie, &s));
    int64_t *slaves = NULL, ns = 0;
    PF_CALL(pf_kin_nodes_of(ctx, mesh, tie->slave, &tie->loc, &slaves, &ns));
    face_set fs;
    double mean_edge = 0.0;
    int ierr = faces_build(ctx, mesh, &mesh->surfaces[s], &mean_edge, &fs);
    if (!ierr && fs.n == 0)
      ierr = pf_error_at(ctx, &tie->loc, "tie '%s': master surface '%s' has no face", tie->name,
                         tie->master);
    /* default position tolerance: 5% of the master's mean edge length */
    const double tol = tie->tolerance > 0.0 ? tie->tolerance : 0.05 * mean_edge;
    if (!ierr) ierr = grid_build(ctx, &fs, tol);
    const int64_t cap = k->n_tied + ns;
    if (!ierr) ierr = PF_REALLOC(ctx, cap, &k->tied_node);
    if (!ierr) ierr = PF_REALLOC(ctx, cap, &k->tied_tie);
    if (!ierr) ierr = PF_REALLOC(ctx, cap, &k->tied_nm);
    if (!ierr) ierr = PF_REALLOC(ctx, PF_KIN_MAX_MASTERS * cap, &k->tied_master);
    if (!ierr) ierr = PF_REALLOC(ctx, PF_KIN_MAX_MASTERS * cap, &k->tied_w);
    if (!ierr) ierr = tie_one(ctx, k, ti, &fs, tol, slaves, ns);
    face_set_free(&fs);
    free(slaves);
    if (ierr) return ierr;
  }
  return PF_OK;
}

int pf_kin_ties_finish(pf_context *ctx, pf_kinematics *k) {
  const int nb = k->n_bodies;
  /* masters must carry dofs: free nodes or body slaves */
  for (int64_t t = 0; t < k->n_tied; t++) {
    const pf_tie_desc *tie = &k->desc->ties[k->tied_tie[t]];
    for (int a = 0; a < k->tied_nm[t]; a++) {
      const int64_t m = k->tied_master[PF_KIN_MAX_MASTERS * t + a];
      const long long id = (long long)k->mesh->node_ids[m];
      if (k->node_kind[m] == PF_KIN_TIED)
        return pf_error_at(ctx, &tie->loc,
                           "tie '%s': master node %lld is itself a slave of tie '%s' (a tied node "
                           "cannot carry other tied nodes)",
                           tie->name, id, k->desc->ties[k->tied_tie[k->node_index[m]]].name);
      if (k->node_kind[m] == PF_KIN_UNUSED)
        return pf_error_at(ctx, &tie->loc,
                           "tie '%s': master node %lld of surface '%s' belongs to no element nor "
                           "body (it has no stiffness)",
                           tie->name, id, tie->master);
      if (k->node_kind[m] == PF_KIN_SLAVE) k->body_tx_start[k->slave_body[k->node_index[m]] + 1]++;
    }
  }
  for (int b = 0; b < nb; b++) k->body_tx_start[b + 1] += k->body_tx_start[b];
  const int64_t n = k->body_tx_start[nb];
  PF_CALL(PF_CALLOC(ctx, n, &k->body_tx_tied));
  PF_CALL(PF_CALLOC(ctx, n, &k->body_tx_slave));
  PF_CALL(PF_CALLOC(ctx, n, &k->body_tx_w));
  int64_t *pos = NULL;
  PF_CALL(PF_CALLOC(ctx, nb + 1, &pos));
  memcpy(pos, k->body_tx_start, (size_t)nb * sizeof(int64_t));
  for (int64_t t = 0; t < k->n_tied; t++)
    for (int a = 0; a < k->tied_nm[t]; a++) {
      const int64_t m = k->tied_master[PF_KIN_MAX_MASTERS * t + a];
      if (k->node_kind[m] != PF_KIN_SLAVE) continue;
      const int64_t s = k->node_index[m];
      const int64_t x = pos[k->slave_body[s]]++;
      k->body_tx_tied[x] = t;
      k->body_tx_slave[x] = s;
      k->body_tx_w[x] = k->tied_w[PF_KIN_MAX_MASTERS * t + a];
    }
  free(pos);
  return PF_OK;
}
