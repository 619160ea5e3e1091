/*
 * Rigid plane contact, dual mortar with nodal multipliers (pf_contact.h).
 *
 * Formulation. The surface's displacement basis is transformed so that every node's shape
 * function has a positive integral (quadratic faces: N'_corner = N_corner + a (N_e1 + N_e2), the
 * two mid-edge functions at the corner, N'_edge = (1 - 2a) N_edge, a = 1/5; linear faces
 * unchanged; Popp, Wohlmuth, Gee & Wall, SIAM J Sci Comput 34 (2012) B421, sec. 3). The multiplier
 * field is lambda_h = sum_k lambda_k Psi_k with Psi the basis dual to N' on each face
 * (int_f Psi_k N'_j dA = delta_kj int_f N'_j dA; Wohlmuth, Acta Numerica 20 (2011) 569), so the
 * weak gap of node k, int Psi_k g dA over the surface with g = n . (x - p) linear in x, is
 *   int Psi_k g dA = sum_j (int Psi_k N'_j dA) g'_j = w_k g'_k,   w_k = int N'_k dA (reference)
 * with g'_k = n . (x'_k - p) the gap of the transformed node: x = sum_j N_j x_j = sum_j N'_j x'_j
 * gives x'_corner = x_corner and x'_edge = (x_edge - a (x_c1 + x_c2)) / (1 - 2a). The weights are
 * integrated with the faces' quadrature rule (7 points on a tri6, exact on flat faces); they are
 * positive (tri6: corner 2A/15, mid-edge A/5 per face).
 *
 * The energy is the sum over the contact nodes of w_k times the augmented-Lagrangian penalty
 * potential of g'_k plus the regularised (penalty) Coulomb friction of the transformed node's
 * tangential slip (Wriggers, Computational Contact Mechanics, 2nd ed. (2006), sec. 5.2 (penalty),
 * 5.3 (augmented Lagrangian, Uzawa updates), 5.2.2 and 6.3 (penalty regularised Coulomb friction
 * with its return map); Laursen, Computational Contact and Impact Mechanics (2002), sec. 5.2).
 * At node k:
 *   normal traction t_N = <lambda - eps g>,  g = n . (x' - p)                 (per reference area)
 *   trial tangential traction t* = -eps_T P (x' - u_p - X' - a),  P = I - n (x) n
 *   t_T = t* (stick, |t*| <= mu t_N) or mu t_N t* / |t*| (slip)
 * and the traction is t = t_N n + t_T. With x'_k = sum_j c_j x_j (c = 1 at a corner; 5/3, -1/3,
 * -1/3 on a mid-edge node and its corners) the node's internal force on mesh node j is -c_j w t
 * and the tangent c_i c_j w D with D = -dt/dx':
 *   D = eps n (x) n                                                       (in contact)
 *     + eps_T P                                                           (stick)
 *     + mu t_N eps_T / |t*| (P - e (x) e) + mu eps e (x) n                (slip, e = t* / |t*|).
 * The last term is the only unsymmetric one. The assembled tangent leaves it out (its symmetric
 * part, mu eps (e (x) n + n (x) e) / 2, would make D indefinite and CHOLMOD fail); the Newton
 * solver applies it by GMRES on CHOLMOD's factor (pf_contact_node_unsym_apply, a rank one per
 * sliding node), or adds it to the full matrix for UMFPACK (`tangent: unsymmetric`).
 * The plane's reference node u_p enters x' - u_p with the coefficient -1, so it takes the
 * reaction of the body on the plane and the coupling blocks.
 *
 * One multiplier per node: as many constraints as the displacements can carry (a penalty at the
 * faces' quadrature points has 7 per tri6 face for 6 nodes, and its multipliers scatter). Under a
 * uniform pressure every node carries the same t_N and the nodal forces are the consistent loads
 * (zero at tri6 corners) exactly. A node's force couples only the nodes of one face edge, so the
 * tangent fits the elements' sparsity pattern.
 *
 * Reference area: the traction is per reference area, so the tangent needs no linearisation of
 * the area, and equilibrium is exact whatever the area change; the Cauchy pressure reported is
 * t_N w / w_current (contact_results.c).
 *
 * The anchor a is kept as an offset from the transformed node's reference position (zero at the
 * start), so the state starts at zero; anchors move only at pf_contact_commit (a converged
 * increment).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contact/contact_impl.h"

static const pf_surface *find_surface(const pf_mesh *mesh, const char *name) {
  const int s = name ? pf_mesh_find_surface(mesh, name) : -1;
  return s >= 0 ? &mesh->surfaces[s] : NULL;
}

/* Numbers the nodes of surface s: cn [n_nodes] (-1 off the surface) in the order of first
 * appearance over the faces (tri3, tri6, quad4); returns their count. */
static int64_t number_nodes(const pf_mesh *mesh, const pf_surface *s, int64_t *cn) {
  int64_t n = 0;
  for (int64_t v = 0; v < mesh->n_nodes; v++) cn[v] = -1;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) {
    const int nn = pf_face_nodes((pf_face_type)t);
    for (int64_t k = 0; k < s->count[t] * nn; k++)
      if (cn[s->conn[t][k]] < 0) cn[s->conn[t][k]] = n++;
  }
  return n;
}

int pf_contact_state_size(pf_context *ctx, const pf_mesh *mesh, const pf_model_desc *desc,
                          int64_t *size) {
  *size = 0;
  if (!desc->contact.active) return PF_OK;
  const pf_surface *s = find_surface(mesh, desc->contact.surface);
  if (!s) return PF_OK; /* reported by pf_contact_create */
  int64_t *cn = NULL;
  PF_CALL(PF_CALLOC(ctx, mesh->n_nodes, &cn));
  *size = PF_CONTACT_STATE * number_nodes(mesh, s, cn) + PF_CONTACT_GLOBAL_STATE;
  free(cn);
  return PF_OK;
}

int64_t pf_contact_n_faces(const pf_contact *c) { return c->n_faces; }
int64_t pf_contact_n_nodes(const pf_contact *c) { return c->n_cnodes; }
int64_t pf_contact_reference_node(const pf_contact *c) { return c->ref; }
int pf_contact_unsymmetric(const pf_contact *c) { return c->d->unsymmetric && c->mu > 0.0; }
int pf_contact_friction(const pf_contact *c) { return c->mu > 0.0; }
void pf_contact_normal(const pf_contact *c, double n[3]) { memcpy(n, c->n, 3 * sizeof(double)); }

int pf_contact_node_rows(const pf_contact *c, int64_t k, int64_t *rows) {
  const int m = c->sten_n[k];
  memcpy(rows, c->sten + 3 * k, (size_t)m * sizeof(int64_t));
  if (c->ref < 0) return m;
  rows[m] = c->ref;
  return m + 1;
}

void pf_contact_destroy(pf_contact **c) {
  if (!c || !*c) return;
  pf_contact *p = *c;
  free(p->type);
  free(p->nodes);
  free(p->fcn);
  free(p->fw);
  free(p->point0);
  free(p->sten_n);
  free(p->sten);
  free(p->coef);
  free(p->w);
  free(p);
  *c = NULL;
}

/* The mid-edge nodes of the quadratic faces: node 3 + e joins corners e and (e + 1) % 3. */
static int edge_of_corner(int corner, int which) { return 3 + (which ? (corner + 2) % 3 : corner); }

void pf_contact_shape(pf_face_type t, int q, double *Np) {
  const pf_face_rule *r = pf_fem_face_rule(t);
  for (int a = 0; a < r->nnode; a++) Np[a] = r->N[q][a];
  if (t != PF_FACE_TRI6) return;
  const double al = PF_CONTACT_ALPHA;
  for (int a = 0; a < 3; a++)
    Np[a] += al * (r->N[q][edge_of_corner(a, 0)] + r->N[q][edge_of_corner(a, 1)]);
  for (int e = 3; e < 6; e++) Np[e] = (1.0 - 2.0 * al) * r->N[q][e];
}

/* The faces of the surface and their contact nodes: stencils (the transformed node of a mid-edge
 * node is its edge's nodes), weights, and the penalty's modulus and area sums. */
static int build_nodes(pf_context *ctx, pf_contact *c, const pf_surface *s, const double *youngs,
                       double *E_sum, double *EA_sum, double *A_sum, double *edge_sum,
                       int64_t *edge_n) {
  const pf_mesh *mesh = c->mesh;
  const pf_contact_desc *d = c->d;
  int64_t *cn = NULL;
  int ierr = PF_OK;
  PF_CALL(PF_CALLOC(ctx, mesh->n_nodes, &cn));
  c->n_cnodes = number_nodes(mesh, s, cn);
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, c->n_cnodes, &c->sten_n));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * c->n_cnodes, &c->sten));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * c->n_cnodes, &c->coef));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, c->n_cnodes, &c->w));
  const double al = PF_CONTACT_ALPHA;
  int64_t f = 0;
  for (int t = 0; t < PF_FACE_NUM_TYPES; t++) {
    const pf_face_rule *r = pf_fem_face_rule((pf_face_type)t);
    const int nn = r->nnode, nc = pf_face_corners((pf_face_type)t);
    for (int64_t j = 0; j < s->count[t]; j++, f++) {
      const int64_t *fn = s->conn[t] + nn * j;
      c->type[f] = (uint8_t)t;
      memcpy(c->nodes + PF_MAX_FACE_NODES * f, fn, (size_t)nn * sizeof(int64_t));
      c->point0[f + 1] = c->point0[f] + r->nqp;
      double X[3 * PF_MAX_FACE_NODES];
      for (int a = 0; a < nn; a++) memcpy(X + 3 * a, mesh->x + 3 * fn[a], 3 * sizeof(double));
      double A = 0.0;
      for (int q = 0; q < r->nqp; q++) {
        double Np[PF_MAX_FACE_NODES];
        pf_contact_shape((pf_face_type)t, q, Np);
        const double dA = r->w[q] * pf_fem_face_da(r, q, X);
        A += dA;
        for (int a = 0; a < nn; a++) c->fw[PF_MAX_FACE_NODES * f + a] += Np[a] * dA;
      }
      for (int a = 0; a < nn; a++) {
        const int64_t k = cn[fn[a]];
        c->fcn[PF_MAX_FACE_NODES * f + a] = k;
        c->w[k] += c->fw[PF_MAX_FACE_NODES * f + a];
        /* the transformed node: a corner (or a linear face's node) itself, a mid-edge node with
         * its edge's corners; a node must play one part on every face */
        const int mid = t == PF_FACE_TRI6 && a >= 3;
        const int m = mid ? 3 : 1;
        const int64_t nodes[3] = {fn[a], mid ? fn[a - 3] : -1, mid ? fn[(a - 2) % 3] : -1};
        if (!c->sten_n[k]) {
          c->sten_n[k] = (int8_t)m;
          for (int i = 0; i < m; i++) {
            c->sten[3 * k + i] = nodes[i];
            c->coef[3 * k + i] = !mid     ? 1.0
                                 : i == 0 ? 1.0 / (1.0 - 2.0 * al)
                                          : -al / (1.0 - 2.0 * al);
          }
        } else if (c->sten_n[k] != m ||
                   (mid && !((c->sten[3 * k + 1] == nodes[1] && c->sten[3 * k + 2] == nodes[2]) ||
                             (c->sten[3 * k + 1] == nodes[2] && c->sten[3 * k + 2] == nodes[1])))) {
          ierr = pf_error_at(ctx, &d->surface_loc,
                             "surface '%s': node %lld is a mid-edge node of one face and not of "
                             "another (a surface of quadratic faces must be conforming)",
                             d->surface, (long long)(fn[a] + 1));
          goto done;
        }
      }
      for (int a = 0; a < nc; a++) {
        const double *xa = X + 3 * a, *xb = X + 3 * ((a + 1) % nc);
        *edge_sum += sqrt((xb[0] - xa[0]) * (xb[0] - xa[0]) + (xb[1] - xa[1]) * (xb[1] - xa[1]) +
                          (xb[2] - xa[2]) * (xb[2] - xa[2]));
        (*edge_n)++;
      }
      const int64_t g = s->parent[t] ? s->parent[t][j] : -1;
      const double E = g >= 0 && youngs ? youngs[g] : 0.0;
      if (E > 0.0) *E_sum += E * A, *EA_sum += A;
      *A_sum += A;
    }
  }
  for (int64_t k = 0; k < c->n_cnodes; k++)
    if (!(c->w[k] > 0.0)) {
      ierr = pf_error_at(ctx, &d->surface_loc,
                         "surface '%s': node %lld has the contact weight %g (int N' dA over its "
                         "faces, positive on any face that is not badly distorted)",
                         d->surface, (long long)(c->sten[3 * k] + 1), c->w[k]);
      goto done;
    }
done:
  free(cn);
  return ierr;
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
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, PF_MAX_FACE_NODES * c->n_faces, &c->fcn));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, PF_MAX_FACE_NODES * c->n_faces, &c->fw));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, c->n_faces + 1, &c->point0));
  {
    const double nl = sqrt(d->normal[0] * d->normal[0] + d->normal[1] * d->normal[1] +
                           d->normal[2] * d->normal[2]);
    for (int i = 0; i < 3; i++) {
      c->n[i] = d->normal[i] / nl;
      c->p0[i] = d->point[i];
    }
  }
  double E_sum = 0.0, EA_sum = 0.0, A_sum = 0.0, edge_sum = 0.0;
  int64_t edge_n = 0;
  PF_CALL_GOTO(ierr, fail,
               build_nodes(ctx, c, s, youngs, &E_sum, &EA_sum, &A_sum, &edge_sum, &edge_n));
  c->n_points = c->point0[c->n_faces];
  if (!(EA_sum > 0.0)) {
    ierr = pf_error_at(ctx, &d->surface_loc,
                       "surface '%s' bounds no deformable element (the penalty is scaled by the "
                       "material of the faces' elements)",
                       d->surface);
    goto fail;
  }
  /* one penalty for the whole surface, scaled by the material and the mesh */
  c->h = sqrt(A_sum / (double)c->n_faces);
  c->h_by_E = c->h / (E_sum / EA_sum);
  c->eps = d->penalty_scale / c->h_by_E;
  c->eps_scale = 1.0;
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

/* Contact node k: its rows' coefficients cf [m] (the plane's reference node last with -1, m =
 * pf_contact_node_rows), the transformed node's current and reference positions and the plane's
 * displacement; returns m. */
static int node_at(const pf_contact *c, const pf_kinematics *kin, int64_t k, double *cf,
                   double xq[3], double Xq[3], double up[3]) {
  const double *u = pf_kin_displacement(kin);
  const int m = c->sten_n[k];
  for (int i = 0; i < 3; i++) xq[i] = Xq[i] = 0.0;
  for (int a = 0; a < m; a++) {
    const int64_t v = c->sten[3 * k + a];
    cf[a] = c->coef[3 * k + a];
    for (int i = 0; i < 3; i++) {
      Xq[i] += cf[a] * c->mesh->x[3 * v + i];
      xq[i] += cf[a] * (c->mesh->x[3 * v + i] + u[3 * v + i]);
    }
  }
  for (int i = 0; i < 3; i++) up[i] = c->ref >= 0 ? u[3 * c->ref + i] : 0.0;
  if (c->ref < 0) return m;
  cf[m] = -1.0;
  return m + 1;
}

/* The penalty in use: the full one, or its start fraction (pf_contact_predict). */
static double penalty(const pf_contact *c) { return c->eps * c->eps_scale; }

/* The gap of a transformed node at xq, the plane displaced by up. */
static double gap(const pf_contact *c, const double xq[3], const double up[3]) {
  double g = 0.0;
  for (int i = 0; i < 3; i++) g += c->n[i] * (xq[i] - c->p0[i] - up[i]);
  return g;
}

/* The law at one contact node (see the top) for its state st (lambda, anchor) and transformed
 * node's positions xq (current), Xq (reference): fills L, and the symmetric tangent D_s and the
 * unsymmetric rest D_u [3 x 3] (per unit weight) when they are not NULL. */
static void law(const pf_contact *c, const double *st, const double xq[3], const double Xq[3],
                const double up[3], node_law *L, double *Ds, double *Du) {
  const double *n = c->n, eps = penalty(c);
  const double g = gap(c, xq, up);
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

void pf_contact_node_eval(const pf_contact *c, const pf_kinematics *kin, int64_t k, double *fe,
                          double *K_sym, double *K_uns) {
  double cf[PF_CONTACT_MAX_ROWS], xq[3], Xq[3], up[3];
  const int m = node_at(c, kin, k, cf, xq, Xq, up), nd = 3 * m;
  const double *state = pf_kin_extra_state_const(kin);
  memset(fe, 0, (size_t)nd * sizeof(double));
  if (K_sym) memset(K_sym, 0, (size_t)(nd * nd) * sizeof(double));
  if (K_uns) memset(K_uns, 0, (size_t)(nd * nd) * sizeof(double));
  node_law L;
  double Ds[9], Du[9];
  law(c, state + PF_CONTACT_STATE * k, xq, Xq, up, &L, K_sym ? Ds : NULL, K_uns ? Du : NULL);
  if (!L.active) return;
  const double w = c->w[k];
  for (int a = 0; a < m; a++)
    for (int i = 0; i < 3; i++) fe[3 * a + i] = -cf[a] * w * L.t[i];
  for (int a = 0; a < m && (K_sym || K_uns); a++)
    for (int b = 0; b < m; b++) {
      const double s = cf[a] * cf[b] * w;
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
          if (K_sym) K_sym[(3 * a + i) * nd + 3 * b + j] = s * Ds[3 * i + j];
          if (K_uns) K_uns[(3 * a + i) * nd + 3 * b + j] = s * Du[3 * i + j];
        }
    }
}

int pf_contact_node_unsym_apply(const pf_contact *c, const pf_kinematics *kin, int64_t k,
                                const double *xe, double *ye) {
  double cf[PF_CONTACT_MAX_ROWS], xq[3], Xq[3], up[3];
  const int m = node_at(c, kin, k, cf, xq, Xq, up);
  memset(ye, 0, (size_t)(3 * m) * sizeof(double));
  if (!(c->mu > 0.0)) return 0;
  node_law L;
  law(c, pf_kin_extra_state_const(kin) + PF_CONTACT_STATE * k, xq, Xq, up, &L, NULL, NULL);
  if (!L.active || !L.slip) return 0;
  /* D_u = mu eps e (x) n: the normal motion of the transformed node, times w mu eps e (e from
   * the law: at a touching node t_N and t_T are 0 but the term is not) */
  double dn = 0.0;
  for (int b = 0; b < m; b++)
    for (int j = 0; j < 3; j++) dn += cf[b] * c->n[j] * xe[3 * b + j];
  const double s = c->mu * penalty(c) * c->w[k] * dn;
  for (int a = 0; a < m; a++)
    for (int i = 0; i < 3; i++) ye[3 * a + i] = cf[a] * s * L.e[i];
  return 1;
}

double pf_contact_node_step_limit(const pf_contact *c, const pf_kinematics *kin, int64_t k,
                                  const double *xe) {
  double cf[PF_CONTACT_MAX_ROWS], xq[3], Xq[3], up[3];
  const int m = node_at(c, kin, k, cf, xq, Xq, up);
  const double g = gap(c, xq, up);
  double dg = 0.0;
  for (int a = 0; a < m; a++)
    for (int i = 0; i < 3; i++) dg += cf[a] * c->n[i] * xe[3 * a + i];
  const double depth = PF_CONTACT_STEP_DEPTH * c->h;
  if (g <= -depth || g + dg >= -depth) return 1.0;
  return (g + depth) / -dg; /* in (0, 1): g > -depth > g + dg */
}

void pf_contact_each_node(const pf_contact *c, const pf_kinematics *kin, node_fn fn, void *user) {
  const double *state = pf_kin_extra_state_const(kin);
  for (int64_t k = 0; k < c->n_cnodes; k++) {
    double cf[PF_CONTACT_MAX_ROWS], xq[3], Xq[3], up[3];
    node_at(c, kin, k, cf, xq, Xq, up);
    node_law L;
    law(c, state + PF_CONTACT_STATE * k, xq, Xq, up, &L, NULL, NULL);
    fn(user, c, k, &L, xq, Xq, up);
  }
}

double pf_contact_tolerance(const pf_contact *c, double p_max) {
  const double tp = c->d->pressure_tolerance * p_max * c->h_by_E;
  return tp > 0.0 && tp < c->tol ? tp : c->tol;
}

typedef struct {
  int64_t in_contact, sliding;
  double g_min;
} count_data;

static void count_node(void *user, const pf_contact *c, int64_t k, const node_law *L,
                       const double xq[3], const double Xq[3], const double up[3]) {
  (void)c, (void)k, (void)xq, (void)Xq, (void)up;
  count_data *n = user;
  n->in_contact += L->active;
  n->sliding += L->active && L->slip;
  n->g_min = fmin(n->g_min, L->g);
}

int64_t pf_contact_counts(const pf_contact *c, const pf_kinematics *kin, int64_t *sliding,
                          double *min_gap) {
  count_data n = {0, 0, INFINITY};
  pf_contact_each_node(c, kin, count_node, &n);
  if (sliding) *sliding = n.sliding;
  if (min_gap) *min_gap = n.g_min;
  return n.in_contact;
}

typedef struct {
  double pen, p_max;
  double *state;
} aug_data;

static void pen_node(void *user, const pf_contact *c, int64_t k, const node_law *L,
                     const double xq[3], const double Xq[3], const double up[3]) {
  (void)c, (void)xq, (void)Xq, (void)up;
  aug_data *a = user;
  /* a pressed node off the plane (g > 0 with t_N > 0: a multiplier larger than the pressure
   * it has, after the pressure fell) is as far from the solution as one through it */
  if (L->tN > 0.0 && fabs(L->g) > a->pen) a->pen = fabs(L->g);
  if (L->tN > a->p_max) a->p_max = L->tN;
  if (a->state) a->state[PF_CONTACT_STATE * k] = L->tN;
}

int pf_contact_augment(pf_contact *c, pf_kinematics *kin) {
  aug_data a = {0.0, 0.0, NULL};
  pf_contact_each_node(c, kin, pen_node, &a);
  /* converged at the full penalty only: a soft first solve is always followed by an update */
  if (a.pen <= pf_contact_tolerance(c, a.p_max) && c->eps_scale == 1.0) return 1;
  a.state = pf_kin_extra_state(kin); /* lambda <- t_N at every node */
  pf_contact_each_node(c, kin, pen_node, &a);
  c->eps_scale = 1.0; /* the multipliers now carry the pressure */
  return 0;
}

typedef struct {
  double *state, ratio;
  int any; /* a positive multiplier predicted */
} predict_data;

static void predict_node(void *user, const pf_contact *c, int64_t k, const node_law *L,
                         const double xq[3], const double Xq[3], const double up[3]) {
  (void)c, (void)xq, (void)Xq, (void)up;
  predict_data *p = user;
  double *st = p->state + PF_CONTACT_STATE * k;
  const double lam = L->tN + p->ratio * (L->tN - st[4]);
  st[0] = lam > 0.0 ? lam : 0.0;
  st[4] = L->tN;
  p->any |= st[0] > 0.0;
}

void pf_contact_predict(pf_contact *c, pf_kinematics *kin, int step, double t1) {
  double *st = pf_kin_extra_state(kin), *G = st + PF_CONTACT_STATE * c->n_cnodes;
  /* G: the step (+ 1, 0 before the first), time and increment of the last converged state */
  predict_data p = {st, G[0] == step + 1 && G[2] > 0.0 ? (t1 - G[1]) / G[2] : 0.0, 0};
  c->eps_scale = 1.0; /* the law at the converged state (an attempt cut back before its first
                       * update left the start penalty) */
  pf_contact_each_node(c, kin, predict_node, &p);
  /* no multiplier anywhere (the first increment): the penalty alone carries the pressure in the
   * first solve, and a stiff one makes the stick zone's first iterations slow; softer until the
   * first augmentation (a method of multipliers may raise its penalty between updates) */
  c->eps_scale = p.any ? 1.0 : PF_CONTACT_START_SCALE;
}

static void commit_node(void *user, const pf_contact *c, int64_t k, const node_law *L,
                        const double xq[3], const double Xq[3], const double up[3]) {
  double *st = (double *)user + PF_CONTACT_STATE * k;
  /* the anchor where the elastic slip is -t_T / eps_T: open nodes follow the node */
  for (int i = 0; i < 3; i++)
    st[1 + i] = xq[i] - up[i] - Xq[i] + L->tT[i] / (PF_CONTACT_EPS_T * penalty(c));
}

void pf_contact_commit(pf_contact *c, pf_kinematics *kin, int step, double t1) {
  double *st = pf_kin_extra_state(kin), *G = st + PF_CONTACT_STATE * c->n_cnodes;
  G[2] = G[0] == step + 1 ? t1 - G[1] : t1; /* a new step: since its start */
  G[0] = step + 1;
  G[1] = t1;
  if (c->mu > 0.0) pf_contact_each_node(c, kin, commit_node, st);
}
