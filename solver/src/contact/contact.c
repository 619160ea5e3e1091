/*
 * Rigid plane contact at face quadrature points (pf_contact.h).
 *
 * Formulation. The plane's energy is the integral over the surface's reference area of the
 * augmented-Lagrangian penalty potential of the gap, plus the regularised (penalty) Coulomb
 * friction of the tangential slip (Wriggers, Computational Contact Mechanics, 2nd ed. (2006),
 * sec. 5.2 (penalty), 5.3 (augmented Lagrangian, Uzawa updates), 5.2.2 and 6.3 (penalty
 * regularised Coulomb friction with its return map); Laursen, Computational Contact and Impact
 * Mechanics (2002), sec. 5.2). At a quadrature point with reference area dA:
 *   normal traction t_N = <lambda - eps g>,  g = n . (x - p)                 (per reference area)
 *   trial tangential traction t* = -eps_T P (x - u_p - a),  P = I - n (x) n
 *   t_T = t* (stick, |t*| <= mu t_N) or mu t_N t* / |t*| (slip)
 * and the traction on the body is t = t_N n + t_T. The point's internal force is -N_a t dA and the
 * tangent N_a N_b D dA with D = -dt/dx:
 *   D = eps n (x) n                                                       (in contact)
 *     + eps_T P                                                           (stick)
 *     + mu t_N eps_T / |t*| (P - e (x) e) + mu eps e (x) n                (slip, e = t* / |t*|).
 * The last term is the only unsymmetric one. The assembled tangent leaves it out (its symmetric
 * part, mu eps (e (x) n + n (x) e) / 2, would make D indefinite and CHOLMOD fail); the Newton
 * solver applies it by GMRES on CHOLMOD's factor (pf_contact_face_unsym_apply, a rank one per
 * sliding point), or adds it to the full matrix for UMFPACK (`tangent: unsymmetric`).
 * The plane's reference node u_p enters x - u_p with the "shape function" -1, so it takes the
 * reaction of the body on the plane and the coupling blocks.
 *
 * Reference area: the traction is per reference area, so the tangent needs no linearisation of
 * the area, the energy is a plain integral over the reference surface, and equilibrium is exact
 * whatever the area change; the Cauchy pressure reported is t_N dA / da (da the current area at
 * the point), the force over the current area that a plate under the foot measures.
 *
 * The anchor a is kept as an offset from the point's reference position (zero at the start), so
 * the state starts at zero; anchors move only at pf_contact_commit (a converged increment).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contact/contact_impl.h"

static const pf_surface *find_surface(const pf_mesh *mesh, const char *name) {
  const int s = name ? pf_mesh_find_surface(mesh, name) : -1;
  return s >= 0 ? &mesh->surfaces[s] : NULL;
}

int64_t pf_contact_state_size(const pf_mesh *mesh, const pf_model_desc *desc) {
  if (!desc->contact.active) return 0;
  const pf_surface *s = find_surface(mesh, desc->contact.surface);
  if (!s) return 0;
  int64_t n = 0;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++)
    n += s->count[t] * pf_fem_face_rule((pf_face_type)t)->nqp;
  return PF_CONTACT_STATE * n;
}

int64_t pf_contact_n_faces(const pf_contact *c) { return c->n_faces; }
int64_t pf_contact_reference_node(const pf_contact *c) { return c->ref; }
int pf_contact_unsymmetric(const pf_contact *c) { return c->d->unsymmetric && c->mu > 0.0; }
int pf_contact_friction(const pf_contact *c) { return c->mu > 0.0; }

int pf_contact_face_nodes(const pf_contact *c, int64_t f, int64_t *nodes) {
  const int nn = pf_face_nodes((pf_face_type)c->type[f]);
  memcpy(nodes, c->nodes + PF_MAX_FACE_NODES * f, (size_t)nn * sizeof(int64_t));
  if (c->ref < 0) return nn;
  nodes[nn] = c->ref;
  return nn + 1;
}

void pf_contact_destroy(pf_contact **c) {
  if (!c || !*c) return;
  free((*c)->type);
  free((*c)->nodes);
  free((*c)->point0);
  free((*c)->eps);
  free(*c);
  *c = NULL;
}

/* R = (A^T A)^-1 A^T with A [nqp x nn] = N at the points (Gauss-Jordan on the normal matrix). */
static void build_recovery(pf_face_type t, double *R) {
  const pf_face_rule *r = pf_fem_face_rule(t);
  const int nn = r->nnode, nq = r->nqp;
  double M[PF_MAX_FACE_NODES][2 * PF_MAX_FACE_NODES];
  for (int a = 0; a < nn; a++)
    for (int b = 0; b < 2 * nn; b++) {
      double s = 0.0;
      if (b < nn)
        for (int q = 0; q < nq; q++) s += r->N[q][a] * r->N[q][b];
      else
        s = (b - nn == a);
      M[a][b] = s;
    }
  for (int k = 0; k < nn; k++) {
    int piv = k;
    for (int i = k + 1; i < nn; i++)
      if (fabs(M[i][k]) > fabs(M[piv][k])) piv = i;
    for (int j = 0; j < 2 * nn; j++) {
      const double tmp = M[k][j];
      M[k][j] = M[piv][j];
      M[piv][j] = tmp;
    }
    const double inv = 1.0 / M[k][k];
    for (int j = 0; j < 2 * nn; j++) M[k][j] *= inv;
    for (int i = 0; i < nn; i++) {
      if (i == k) continue;
      const double f = M[i][k];
      for (int j = 0; j < 2 * nn; j++) M[i][j] -= f * M[k][j];
    }
  }
  for (int a = 0; a < nn; a++)
    for (int q = 0; q < nq; q++) {
      double s = 0.0;
      for (int b = 0; b < nn; b++) s += M[a][nn + b] * r->N[q][b];
      R[a * nq + q] = s;
    }
}

int pf_contact_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                      const double *youngs, pf_contact **out) {
  (void)kin;
  *out = NULL;
  const pf_contact_desc *d = &model->desc->contact;
  if (!d->active) return PF_OK;
  const pf_mesh *mesh = model->mesh;
  const pf_surface *s = find_surface(mesh, d->surface);
  if (!s)
    return pf_error_at(ctx, &d->surface_loc, "surface '%s' is not in the mesh %s", d->surface,
                       mesh->source ? mesh->source : "");
  pf_contact *c = NULL;
  int ierr = PF_OK;
  PF_CALL(PF_CALLOC(ctx, 1, &c));
  c->model = model;
  c->mesh = mesh;
  c->d = d;
  c->mu = d->friction;
  c->ref = -1;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) c->n_faces += s->count[t];
  if (!c->n_faces) {
    ierr = pf_error_at(ctx, &d->surface_loc, "surface '%s' has no faces", d->surface);
    goto fail;
  }
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, c->n_faces, &c->type));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, PF_MAX_FACE_NODES * c->n_faces, &c->nodes));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, c->n_faces + 1, &c->point0));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, c->n_faces, &c->eps));
  {
    const double nl = sqrt(d->normal[0] * d->normal[0] + d->normal[1] * d->normal[1] +
                           d->normal[2] * d->normal[2]);
    for (int i = 0; i < 3; i++) {
      c->n[i] = d->normal[i] / nl;
      c->p0[i] = d->point[i];
    }
  }
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) build_recovery((pf_face_type)t, c->recover[t]);
  /* faces, the mean modulus of their elements, area and edge length */
  double E_sum = 0.0, EA_sum = 0.0, A_sum = 0.0, edge_sum = 0.0;
  int64_t edge_n = 0, f = 0;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) {
    const int nn = pf_face_nodes((pf_face_type)t), nc = pf_face_corners((pf_face_type)t);
    const int nq = pf_fem_face_rule((pf_face_type)t)->nqp;
    for (int64_t k = 0; k < s->count[t]; k++, f++) {
      c->type[f] = (uint8_t)t;
      memcpy(c->nodes + PF_MAX_FACE_NODES * f, s->conn[t] + nn * k, (size_t)nn * sizeof(int64_t));
      c->point0[f + 1] = c->point0[f] + nq;
      double X[3 * PF_MAX_FACE_NODES];
      for (int a = 0; a < nn; a++)
        memcpy(X + 3 * a, mesh->x + 3 * s->conn[t][nn * k + a], 3 * sizeof(double));
      const double A = pf_fem_face_area((pf_face_type)t, X);
      for (int a = 0; a < nc; a++) {
        const double *xa = X + 3 * a, *xb = X + 3 * ((a + 1) % nc);
        edge_sum += sqrt((xb[0] - xa[0]) * (xb[0] - xa[0]) + (xb[1] - xa[1]) * (xb[1] - xa[1]) +
                         (xb[2] - xa[2]) * (xb[2] - xa[2]));
        edge_n++;
      }
      const int64_t g = s->parent[t] ? s->parent[t][k] : -1;
      const double E = g >= 0 && youngs ? youngs[g] : 0.0;
      if (E > 0.0) E_sum += E * A, EA_sum += A;
      A_sum += A;
    }
  }
  c->n_points = c->point0[c->n_faces];
  if (!(EA_sum > 0.0)) {
    ierr = pf_error_at(ctx, &d->surface_loc,
                       "surface '%s' bounds no deformable element (the penalty is scaled by the "
                       "material of the faces' elements)",
                       d->surface);
    goto fail;
  }
  /* One penalty for the whole surface: the multipliers then stay samples of one continuous
   * field (the sum of penalty x gap, a continuous quadratic on tri6 faces), so that the 7
   * multipliers of a tri6 face, more than its 6 nodes can carry, cannot drift apart between
   * faces of different penalties: a uniform pressure is represented exactly. */
  const double eps = d->penalty_scale * (E_sum / EA_sum) / sqrt(A_sum / (double)c->n_faces);
  for (f = 0; f < c->n_faces; f++) c->eps[f] = eps;
  c->tol = d->gap_tolerance > 0.0 ? d->gap_tolerance : 1e-3 * edge_sum / (double)edge_n;
  if (d->reference) {
    int64_t *nodes = NULL, count = 0;
    const int rc = pf_mesh_nodes_of(ctx, mesh, d->reference, &nodes, &count);
    if (rc) {
      ierr = pf_error_at(ctx, &d->reference_loc, "%s", pf_context_error(ctx));
      goto fail;
    }
    c->ref = count ? nodes[0] : -1;
    free(nodes);
  }
  *out = c;
  return PF_OK;
fail:
  pf_contact_destroy(&c);
  return ierr;
}

/* The face's nodes, reference and current coordinates. */
static int gather(const pf_contact *c, const pf_kinematics *kin, int64_t f, double *X, double *x,
                  double up[3]) {
  const pf_face_type t = (pf_face_type)c->type[f];
  const int nn = pf_face_nodes(t);
  const double *u = pf_kin_displacement(kin);
  for (int a = 0; a < nn; a++) {
    const int64_t v = c->nodes[PF_MAX_FACE_NODES * f + a];
    for (int i = 0; i < 3; i++) {
      X[3 * a + i] = c->mesh->x[3 * v + i];
      x[3 * a + i] = X[3 * a + i] + u[3 * v + i];
    }
  }
  for (int i = 0; i < 3; i++) up[i] = c->ref >= 0 ? u[3 * c->ref + i] : 0.0;
  return nn;
}

/* Area element |dx/dxi x dx/deta| at point q. */
static double area_at(const pf_face_rule *r, int q, const double *x) {
  double a[3] = {0, 0, 0}, b[3] = {0, 0, 0};
  for (int k = 0; k < r->nnode; k++)
    for (int i = 0; i < 3; i++) {
      a[i] += r->dN[q][k][0] * x[3 * k + i];
      b[i] += r->dN[q][k][1] * x[3 * k + i];
    }
  const double cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2],
               cz = a[0] * b[1] - a[1] * b[0];
  return sqrt(cx * cx + cy * cy + cz * cz);
}

/* The law at one point (see the top) for the point state st (lambda, anchor): fills L, and the
 * symmetric tangent D_s and the unsymmetric rest D_u [3 x 3] when they are not NULL. */
static void law(const pf_contact *c, double eps, const double *st, const double xq[3],
                const double Xq[3], const double up[3], point_law *L, double *Ds, double *Du) {
  const double *n = c->n;
  double g = 0.0;
  for (int i = 0; i < 3; i++) g += n[i] * (xq[i] - c->p0[i] - up[i]);
  L->g = g;
  L->slip = 0;
  const double tN = st[0] - eps * g;
  memset(L->t, 0, sizeof(L->t));
  memset(L->tT, 0, sizeof(L->tT));
  if (Ds) memset(Ds, 0, 9 * sizeof(double));
  if (Du) memset(Du, 0, 9 * sizeof(double));
  L->tN = tN > 0.0 ? tN : 0.0;
  L->active = tN > 0.0 || (tN == 0.0 && g <= 0.0); /* touching (the start): stiff, no force */
  if (!L->active) return;
  for (int i = 0; i < 3; i++) L->t[i] = tN * n[i];
  if (Ds)
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) Ds[3 * i + j] = eps * n[i] * n[j];
  if (!(c->mu > 0.0)) return;
  const double epsT = PF_CONTACT_EPS_T * eps;
  double s[3], sn = 0.0;
  for (int i = 0; i < 3; i++) s[i] = xq[i] - up[i] - Xq[i] - st[1 + i];
  for (int i = 0; i < 3; i++) sn += n[i] * s[i];
  double tr[3], tm = 0.0;
  for (int i = 0; i < 3; i++) {
    tr[i] = -epsT * (s[i] - sn * n[i]);
    tm += tr[i] * tr[i];
  }
  tm = sqrt(tm);
  const double lim = c->mu * tN; /* Coulomb's limit */
  if (tm <= lim) {               /* stick */
    for (int i = 0; i < 3; i++) L->tT[i] = tr[i];
    if (Ds)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Ds[3 * i + j] += epsT * ((i == j) - n[i] * n[j]);
  } else { /* slip */
    L->slip = 1;
    double *e = L->e;
    for (int i = 0; i < 3; i++) {
      e[i] = tr[i] / tm;
      L->tT[i] = lim * e[i];
    }
    if (Ds)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          Ds[3 * i + j] += lim * epsT / tm * ((i == j) - n[i] * n[j] - e[i] * e[j]);
    if (Du)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Du[3 * i + j] = c->mu * eps * e[i] * n[j];
  }
  for (int i = 0; i < 3; i++) L->t[i] += L->tT[i];
}

/* Point q of face f: the shape values Na [k] (the plane's reference node last with -1, k = nn + 1
 * when the plane moves), and the point's current and reference positions; returns k. */
static int point_at(const pf_contact *c, const pf_face_rule *r, int q, int nn, const double *X,
                    const double *x, double *Na, double xq[3], double Xq[3]) {
  for (int i = 0; i < 3; i++) xq[i] = Xq[i] = 0.0;
  for (int a = 0; a < nn; a++) {
    Na[a] = r->N[q][a];
    for (int i = 0; i < 3; i++) {
      xq[i] += Na[a] * x[3 * a + i];
      Xq[i] += Na[a] * X[3 * a + i];
    }
  }
  if (c->ref < 0) return nn;
  Na[nn] = -1.0;
  return nn + 1;
}

void pf_contact_face_eval(const pf_contact *c, const pf_kinematics *kin, int64_t f, double *fe,
                          double *K_sym, double *K_uns) {
  const pf_face_type t = (pf_face_type)c->type[f];
  const pf_face_rule *r = pf_fem_face_rule(t);
  double X[3 * PF_MAX_FACE_NODES], x[3 * PF_MAX_FACE_NODES], up[3];
  const int nn = gather(c, kin, f, X, x, up);
  const int k = nn + (c->ref >= 0), nd = 3 * k;
  const double *state = pf_kin_extra_state_const(kin);
  memset(fe, 0, (size_t)nd * sizeof(double));
  if (K_sym) memset(K_sym, 0, (size_t)(nd * nd) * sizeof(double));
  if (K_uns) memset(K_uns, 0, (size_t)(nd * nd) * sizeof(double));
  for (int q = 0; q < r->nqp; q++) {
    const int64_t pt = c->point0[f] + q;
    double xq[3], Xq[3], Na[PF_CONTACT_MAX_NODES];
    point_at(c, r, q, nn, X, x, Na, xq, Xq);
    point_law L;
    double Ds[9], Du[9];
    law(c, c->eps[f], state + PF_CONTACT_STATE * pt, xq, Xq, up, &L, K_sym ? Ds : NULL,
        K_uns ? Du : NULL);
    if (!L.active) continue;
    const double dA = r->w[q] * area_at(r, q, X);
    for (int a = 0; a < k; a++)
      for (int i = 0; i < 3; i++) fe[3 * a + i] -= Na[a] * dA * L.t[i];
    for (int a = 0; a < k && (K_sym || K_uns); a++)
      for (int b = 0; b < k; b++) {
        const double w = Na[a] * Na[b] * dA;
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) {
            if (K_sym) K_sym[(3 * a + i) * nd + 3 * b + j] += w * Ds[3 * i + j];
            if (K_uns) K_uns[(3 * a + i) * nd + 3 * b + j] += w * Du[3 * i + j];
          }
      }
  }
}

int pf_contact_face_unsym_apply(const pf_contact *c, const pf_kinematics *kin, int64_t f,
                                const double *xe, double *ye) {
  const pf_face_type t = (pf_face_type)c->type[f];
  const pf_face_rule *r = pf_fem_face_rule(t);
  double X[3 * PF_MAX_FACE_NODES], x[3 * PF_MAX_FACE_NODES], up[3];
  const int nn = gather(c, kin, f, X, x, up);
  const int k = nn + (c->ref >= 0);
  const double *state = pf_kin_extra_state_const(kin);
  int slips = 0;
  memset(ye, 0, (size_t)(3 * k) * sizeof(double));
  if (!(c->mu > 0.0)) return 0;
  for (int q = 0; q < r->nqp; q++) {
    double xq[3], Xq[3], Na[PF_CONTACT_MAX_NODES];
    point_at(c, r, q, nn, X, x, Na, xq, Xq);
    point_law L;
    law(c, c->eps[f], state + PF_CONTACT_STATE * (c->point0[f] + q), xq, Xq, up, &L, NULL, NULL);
    if (!L.active || !L.slip) continue;
    /* D_u = mu eps e (x) n: the normal motion of the point, times mu eps e (e from the law: at a
     * touching point t_N and t_T are 0 but the term is not) */
    double dn = 0.0;
    for (int b = 0; b < k; b++)
      for (int j = 0; j < 3; j++) dn += Na[b] * c->n[j] * xe[3 * b + j];
    const double s = c->mu * c->eps[f] * r->w[q] * area_at(r, q, X) * dn;
    for (int a = 0; a < k; a++)
      for (int i = 0; i < 3; i++) ye[3 * a + i] += Na[a] * s * L.e[i];
    slips++;
  }
  return slips;
}

/* Calls fn for every point with its law evaluated at the state of kin (contact_impl.h). */
void pf_contact_each_point(const pf_contact *c, const pf_kinematics *kin, point_fn fn, void *user) {
  const double *state = pf_kin_extra_state_const(kin);
  for (int64_t f = 0; f < c->n_faces; f++) {
    const pf_face_rule *r = pf_fem_face_rule((pf_face_type)c->type[f]);
    double X[3 * PF_MAX_FACE_NODES], x[3 * PF_MAX_FACE_NODES], up[3];
    const int nn = gather(c, kin, f, X, x, up);
    for (int q = 0; q < r->nqp; q++) {
      const int64_t pt = c->point0[f] + q;
      double xq[3], Xq[3], Na[PF_CONTACT_MAX_NODES];
      point_at(c, r, q, nn, X, x, Na, xq, Xq);
      point_law L;
      law(c, c->eps[f], state + PF_CONTACT_STATE * pt, xq, Xq, up, &L, NULL, NULL);
      fn(user, c, f, q, pt, &L, xq, Xq, up, r->w[q] * area_at(r, q, X), r->w[q] * area_at(r, q, x));
    }
  }
}

typedef struct {
  double pen;
  double *state;
} aug_data;

static void pen_point(void *user, const pf_contact *c, int64_t f, int q, int64_t pt,
                      const point_law *L, const double xq[3], const double Xq[3],
                      const double up[3], double dA, double da) {
  (void)c, (void)f, (void)q, (void)xq, (void)Xq, (void)up, (void)dA, (void)da;
  aug_data *a = user;
  if (L->tN > 0.0 && -L->g > a->pen) a->pen = -L->g;
  if (a->state) a->state[PF_CONTACT_STATE * pt] = L->tN;
}

int pf_contact_augment(pf_contact *c, pf_kinematics *kin) {
  aug_data a = {0.0, NULL};
  pf_contact_each_point(c, kin, pen_point, &a);
  if (a.pen <= c->tol) return 1;
  a.state = pf_kin_extra_state(kin); /* lambda <- t_N at every point */
  pf_contact_each_point(c, kin, pen_point, &a);
  return 0;
}

static void commit_point(void *user, const pf_contact *c, int64_t f, int q, int64_t pt,
                         const point_law *L, const double xq[3], const double Xq[3],
                         const double up[3], double dA, double da) {
  (void)f, (void)q, (void)dA, (void)da;
  double *st = (double *)user + PF_CONTACT_STATE * pt;
  /* the anchor where the elastic slip is -t_T / eps_T: open points follow the point */
  for (int i = 0; i < 3; i++)
    st[1 + i] = xq[i] - up[i] - Xq[i] + L->tT[i] / (PF_CONTACT_EPS_T * c->eps[f]);
}

void pf_contact_commit(pf_contact *c, pf_kinematics *kin) {
  if (c->mu > 0.0) pf_contact_each_point(c, kin, commit_point, pf_kin_extra_state(kin));
}
