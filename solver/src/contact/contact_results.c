/*
 * Ground contact results (pf_contact.h): pressure per point, face and node, force, area, centre of
 * pressure, and the virtual pressure plate with its regions (docs/contact.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contact/contact_impl.h"

const char *const pf_contact_region_names[4] = {"heel", "midfoot", "forefoot", "toes"};

void pf_contact_result_free(pf_contact_result *res) {
  free(res->face_pressure);
  free(res->node_pressure);
  free(res->point_pressure);
  free(res->point_position);
  free(res->sensor_pressure);
  memset(res, 0, sizeof(*res));
}

typedef struct {
  pf_contact_result *res;
  double *tN; /* [n_cnodes] normal traction per reference area */
  double fn_sum, cop[3], tN_max;
} res_data;

static void result_node(void *user, const pf_contact *c, int64_t k, const node_law *L,
                        const double xq[3], const double Xq[3], const double up[3]) {
  (void)Xq, (void)up;
  res_data *r = user;
  pf_contact_result *res = r->res;
  const double w = c->w[k];
  r->tN[k] = L->tN;
  if (L->tN > r->tN_max) r->tN_max = L->tN;
  for (int i = 0; i < 3; i++) res->force[i] += L->t[i] * w;
  if (L->tN > 0.0) {
    if (-L->g > res->penetration) res->penetration = -L->g;
    /* the moment of the nodal forces: sum_j f_j x_j = sum_k w_k t_k x'_k */
    r->fn_sum += L->tN * w;
    for (int i = 0; i < 3; i++) r->cop[i] += L->tN * w * (xq[i] - L->g * c->n[i]);
  }
}

/* The plate's axes in the plane: e1 the axis projected, e2 = n x e1. */
static void plate_axes(const pf_contact *c, double e1[3], double e2[3]) {
  const double *n = c->n;
  double a[3];
  memcpy(a, c->d->plate_axis, sizeof(a));
  for (int attempt = 0; attempt < 3; attempt++) {
    const double an = a[0] * n[0] + a[1] * n[1] + a[2] * n[2];
    double l = 0.0;
    for (int i = 0; i < 3; i++) {
      e1[i] = a[i] - an * n[i];
      l += e1[i] * e1[i];
    }
    if (l > 1e-12) {
      l = sqrt(l);
      for (int i = 0; i < 3; i++) e1[i] /= l;
      break;
    }
    memset(a, 0, sizeof(a)); /* the axis is along n: global x, then y */
    a[attempt] = 1.0;
  }
  e2[0] = n[1] * e1[2] - n[2] * e1[1];
  e2[1] = n[2] * e1[0] - n[0] * e1[2];
  e2[2] = n[0] * e1[1] - n[1] * e1[0];
}

int pf_contact_results(pf_context *ctx, const pf_contact *c, const pf_kinematics *kin,
                       pf_contact_result *res) {
  const int64_t n_nodes = c->mesh->n_nodes;
  if (!res->face_pressure) {
    PF_CALL(PF_CALLOC(ctx, c->n_faces, &res->face_pressure));
    PF_CALL(PF_CALLOC(ctx, n_nodes, &res->node_pressure));
    PF_CALL(PF_CALLOC(ctx, c->n_points, &res->point_pressure));
    PF_CALL(PF_CALLOC(ctx, 3 * c->n_points, &res->point_position));
  }
  res->n_faces = c->n_faces;
  res->n_points = c->n_points;
  memset(res->force, 0, sizeof(res->force));
  res->area = res->penetration = res->pressure_max = 0.0;
  memset(res->face_pressure, 0, (size_t)c->n_faces * sizeof(double));
  double *tN = NULL, *w_cur = NULL, *p_node = NULL, *sensor_force = NULL;
  int ierr = PF_OK;
  const double *u = pf_kin_displacement(kin);
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, c->n_cnodes, &tN));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, c->n_cnodes, &w_cur));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, c->n_cnodes, &p_node));
  res_data rd = {res, tN, 0.0, {0, 0, 0}, 0.0};
  pf_contact_each_node(c, kin, result_node, &rd);
  res->normal_force = 0.0;
  for (int i = 0; i < 3; i++) res->normal_force += c->n[i] * res->force[i];
  for (int i = 0; i < 3; i++) res->cop[i] = rd.fn_sum > 0.0 ? rd.cop[i] / rd.fn_sum : NAN;
  res->gap_tolerance = pf_contact_tolerance(c, rd.tN_max);
  /* the nodes' current weights int N' da; each face's normal force over its current area */
  for (int64_t f = 0; f < c->n_faces; f++) {
    const pf_face_type t = (pf_face_type)c->type[f];
    const pf_face_rule *r = pf_fem_face_rule(t);
    const int64_t *fn = c->nodes + PF_MAX_FACE_NODES * f, *fk = c->fcn + PF_MAX_FACE_NODES * f;
    double x[3 * PF_MAX_FACE_NODES], da = 0.0, F = 0.0;
    for (int a = 0; a < r->nnode; a++)
      for (int i = 0; i < 3; i++) x[3 * a + i] = c->mesh->x[3 * fn[a] + i] + u[3 * fn[a] + i];
    for (int q = 0; q < r->nqp; q++) {
      double Np[PF_MAX_FACE_NODES];
      pf_contact_shape(t, q, Np);
      const double d = r->w[q] * pf_fem_face_da(r, q, x);
      da += d;
      for (int a = 0; a < r->nnode; a++) w_cur[fk[a]] += Np[a] * d;
    }
    for (int a = 0; a < r->nnode; a++) F += tN[fk[a]] * c->fw[PF_MAX_FACE_NODES * f + a];
    res->face_pressure[f] = da > 0.0 ? F / da : 0.0;
  }
  /* nodes: Cauchy pressure t_N w / w_current; the area is the current weight of the loaded */
  for (int64_t v = 0; v < n_nodes; v++) res->node_pressure[v] = NAN;
  for (int64_t k = 0; k < c->n_cnodes; k++) {
    p_node[k] = w_cur[k] > 0.0 ? tN[k] * c->w[k] / w_cur[k] : 0.0;
    res->node_pressure[c->sten[3 * k]] = p_node[k];
    if (tN[k] > 0.0) res->area += w_cur[k];
    if (p_node[k] > res->pressure_max) res->pressure_max = p_node[k];
  }
  /* face points: the nodal pressures interpolated (clamped at 0) */
  for (int64_t f = 0; f < c->n_faces; f++) {
    const pf_face_rule *r = pf_fem_face_rule((pf_face_type)c->type[f]);
    const int64_t *fn = c->nodes + PF_MAX_FACE_NODES * f, *fk = c->fcn + PF_MAX_FACE_NODES * f;
    for (int q = 0; q < r->nqp; q++) {
      const int64_t pt = c->point0[f] + q;
      double p = 0.0;
      for (int i = 0; i < 3; i++) res->point_position[3 * pt + i] = 0.0;
      for (int a = 0; a < r->nnode; a++) {
        p += r->N[q][a] * p_node[fk[a]];
        for (int i = 0; i < 3; i++)
          res->point_position[3 * pt + i] +=
              r->N[q][a] * (c->mesh->x[3 * fn[a] + i] + u[3 * fn[a] + i]);
      }
      res->point_pressure[pt] = p > 0.0 ? p : 0.0;
    }
  }

  /* the plate: a grid aligned with the plane's point, covering the surface's current footprint */
  const pf_contact_desc *d = c->d;
  double e1[3], e2[3], pc[3];
  plate_axes(c, e1, e2);
  for (int i = 0; i < 3; i++) pc[i] = c->p0[i] + (c->ref >= 0 ? u[3 * c->ref + i] : 0.0);
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, s0 = INFINITY,
         s1 = -INFINITY;
  for (int64_t f = 0; f < c->n_faces; f++) {
    const int nn = pf_face_nodes((pf_face_type)c->type[f]);
    for (int a = 0; a < nn; a++) {
      const int64_t v = c->nodes[PF_MAX_FACE_NODES * f + a];
      double y[2] = {0, 0}, sr = 0.0;
      for (int i = 0; i < 3; i++) {
        const double xi = c->mesh->x[3 * v + i] + u[3 * v + i] - pc[i];
        y[0] += e1[i] * xi;
        y[1] += e2[i] * xi;
        sr += e1[i] * (c->mesh->x[3 * v + i] - c->p0[i]);
      }
      for (int j = 0; j < 2; j++) lo[j] = fmin(lo[j], y[j]), hi[j] = fmax(hi[j], y[j]);
      s0 = fmin(s0, sr);
      s1 = fmax(s1, sr);
    }
  }
  pf_plate *pl = &res->plate;
  const double h = d->plate_pitch;
  const int nx = (int)(floor(hi[0] / h) - floor(lo[0] / h)) + 1,
            ny = (int)(floor(hi[1] / h) - floor(lo[1] / h)) + 1;
  if (!res->sensor_pressure || nx != pl->nx || ny != pl->ny) {
    free(res->sensor_pressure);
    res->sensor_pressure = NULL;
    PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, (int64_t)nx * ny, &res->sensor_pressure));
  }
  pl->origin[0] = floor(lo[0] / h) * h;
  pl->origin[1] = floor(lo[1] / h) * h;
  pl->pitch = h;
  pl->nx = nx;
  pl->ny = ny;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, (int64_t)nx * ny, &sensor_force));
  for (int64_t f = 0; f < c->n_faces; f++) {
    const pf_face_type t = (pf_face_type)c->type[f];
    const int nn = pf_face_nodes(t);
    double pv[PF_MAX_FACE_NODES], y[PF_MAX_FACE_NODES][2];
    int any = 0;
    for (int a = 0; a < nn; a++) {
      pv[a] = p_node[c->fcn[PF_MAX_FACE_NODES * f + a]];
      const int64_t v = c->nodes[PF_MAX_FACE_NODES * f + a];
      y[a][0] = y[a][1] = 0.0;
      for (int i = 0; i < 3; i++) {
        const double xi = c->mesh->x[3 * v + i] + u[3 * v + i] - pc[i];
        y[a][0] += e1[i] * xi;
        y[a][1] += e2[i] * xi;
      }
      any |= pv[a] > 0.0;
    }
    if (!any) continue;
    if (t == PF_FACE_TRI6 || t == PF_FACE_TRI3) {
      const double xy[6] = {y[0][0], y[0][1], y[1][0], y[1][1], y[2][0], y[2][1]};
      double p6[6] = {pv[0], pv[1], pv[2], 0, 0, 0};
      for (int a = 0; a < 3; a++)
        p6[3 + a] = t == PF_FACE_TRI6 ? pv[3 + a] : 0.5 * (pv[a] + pv[(a + 1) % 3]);
      pf_plate_add_tri6(pl, xy, p6, sensor_force);
    } else { /* quad4: two triangles carrying the bilinear field (exact on a parallelogram) */
      const double pm = 0.25 * (pv[0] + pv[1] + pv[2] + pv[3]);
      const int tri[2][3] = {{0, 1, 2}, {0, 2, 3}};
      for (int k = 0; k < 2; k++) {
        const int *T = tri[k];
        const double xy[6] = {y[T[0]][0], y[T[0]][1], y[T[1]][0],
                              y[T[1]][1], y[T[2]][0], y[T[2]][1]};
        const double p6[6] = {pv[T[0]],
                              pv[T[1]],
                              pv[T[2]],
                              k == 0 ? 0.5 * (pv[0] + pv[1]) : pm,
                              k == 0 ? 0.5 * (pv[1] + pv[2]) : 0.5 * (pv[2] + pv[3]),
                              k == 0 ? pm : 0.5 * (pv[3] + pv[0])};
        pf_plate_add_tri6(pl, xy, p6, sensor_force);
      }
    }
  }
  pf_plate_statistics(pl, sensor_force, d->plate_threshold, &res->stats);
  res->foot_start = s0;
  res->foot_length = s1 - s0;
  /* regions along the foot (reference extent of the surface along the plate axis) */
  for (int k = 0; k < 4; k++) res->region_peak[k] = res->region_mean[k] = res->region_force[k] = 0;
  int64_t loaded[4] = {0, 0, 0, 0};
  double rear = 0.0, total = 0.0;
  /* the plate origin in the reference frame's coordinate along e1: pc moved with the plane */
  double shift = 0.0;
  for (int i = 0; i < 3; i++) shift += e1[i] * (pc[i] - c->p0[i]);
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      const double F = sensor_force[i + (int64_t)nx * j], p = F / (h * h);
      res->sensor_pressure[i + (int64_t)nx * j] = p;
      const double xc = pl->origin[0] + (i + 0.5) * h + shift;
      const double frac = res->foot_length > 0.0 ? (xc - s0) / res->foot_length : 0.0;
      const int k = frac < d->regions[0]   ? 0
                    : frac < d->regions[1] ? 1
                    : frac < d->regions[2] ? 2
                                           : 3;
      res->region_force[k] += F;
      if (p > res->region_peak[k]) res->region_peak[k] = p;
      if (p > d->plate_threshold) res->region_mean[k] += p, loaded[k]++;
      total += F;
      if (frac < d->rearfoot_split) rear += F;
    }
  for (int k = 0; k < 4; k++) res->region_mean[k] = loaded[k] ? res->region_mean[k] / loaded[k] : 0;
  res->rearfoot_fraction = total > 0.0 ? rear / total : NAN;
done:
  free(tN);
  free(w_cur);
  free(p_node);
  free(sensor_force);
  return ierr;
}
