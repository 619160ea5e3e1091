/*
 * Kinematics of a constrained model: classification of nodes, groups of unknowns, the links of
 * every node to the groups, the state (displacements, body translations and rotations), its
 * multiplicative update, save/restore, and the dispatch of dense blocks (bodies, joints).
 *
 * The update of a rigid body is multiplicative, R <- exp(skew(w)) R, with w the spatial spin of
 * the increment (Simo & Vu-Quoc, CMAME 58 (1986) 79, sec. 4; Cardona & Geradin, IJNME 26 (1988)
 * 2403; Crisfield vol. 2 (1997) sec. 16.4): the rotation stays exactly orthogonal and the
 * parametrisation has no singularity at any angle. A slave follows x_s = x_r + R d_s, so its
 * variation is du_s = dt + w x (R d_s) = [I, -skew(R d_s)] (dt, w), the link G of the slave.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constraint/kin_internal.h"
#include "contact/pf_contact.h"
#include "constraint/pf_rotation.h"

int pf_kin_nodes_of(pf_context *ctx, const pf_mesh *mesh, const char *name, const pf_srcloc *loc,
                    int64_t **nodes, int64_t *count) {
  const int rc = pf_mesh_nodes_of(ctx, mesh, name, nodes, count);
  if (rc == PF_ERR_INPUT) {
    char msg[sizeof(ctx->err_msg)];
    memcpy(msg, ctx->err_msg, sizeof(msg));
    return pf_error_at(ctx, loc, "%s", msg);
  }
  return rc;
}

/* The node that carries the contact plane (contact.ground.reference) is a group of its own: a
 * node of its own set, used by no element, no body and no tie. */
static int mark_plane_reference(pf_context *ctx, pf_kinematics *k) {
  const pf_contact_desc *c = &k->desc->contact;
  if (!c->active || !c->reference) return PF_OK;
  int64_t *nodes = NULL, count = 0;
  PF_CALL(pf_kin_nodes_of(ctx, k->mesh, c->reference, &c->reference_loc, &nodes, &count));
  const int64_t v = count == 1 ? nodes[0] : -1;
  free(nodes);
  if (count != 1)
    return pf_error_at(ctx, &c->reference_loc,
                       "the plane's reference set '%s' has %lld nodes (expected one node)",
                       c->reference, (long long)count);
  if (k->node_kind[v] != PF_KIN_UNUSED)
    return pf_error_at(ctx, &c->reference_loc,
                       "the plane's reference node %lld (set '%s') belongs to %s (expected a node "
                       "of its own, used by no element)",
                       (long long)k->mesh->node_ids[v], c->reference,
                       k->node_kind[v] == PF_KIN_FREE    ? "an element"
                       : k->node_kind[v] == PF_KIN_SLAVE ? "a rigid body"
                                                         : "a tie");
  k->node_kind[v] = PF_KIN_FREE;
  return PF_OK;
}

/* Free nodes: nodes of elements of non-removed regions that are neither slaves nor tied. */
static int mark_free(pf_context *ctx, pf_kinematics *k, const pf_model *model) {
  const pf_mesh *mesh = k->mesh;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int nn = pf_elem_nodes((pf_elem_type)t);
    const pf_elem_block *blk = &mesh->blocks[t];
    for (int64_t e = 0; e < blk->count; e++) {
      const int64_t g = mesh->elem_offset[t] + e;
      if (model->elem_region && g < model->n_elems) {
        const int r = model->elem_region[g];
        if (r >= 0 && r < k->desc->n_regions && k->desc->regions[r].kind == PF_REGION_REMOVED)
          continue;
      }
      for (int a = 0; a < nn; a++) {
        const int64_t v = blk->conn[e * nn + a];
        if (k->node_kind[v] == PF_KIN_UNUSED) k->node_kind[v] = PF_KIN_FREE;
      }
    }
  }
  PF_CALL(mark_plane_reference(ctx, k));
  for (int64_t v = 0; v < k->n_nodes; v++)
    if (k->node_kind[v] == PF_KIN_FREE) k->n_free++;
  PF_CALL(PF_CALLOC(ctx, k->n_free, &k->group_node));
  int64_t g = 0;
  for (int64_t v = 0; v < k->n_nodes; v++)
    if (k->node_kind[v] == PF_KIN_FREE) {
      k->node_index[v] = g;
      k->group_node[g++] = v;
    }
  return PF_OK;
}

int pf_kinematics_create(pf_context *ctx, const pf_model *model, pf_kinematics **kin) {
  *kin = NULL;
  PF_CHECK(model && model->mesh && model->desc, ctx, PF_ERR_INTERNAL,
           "pf_kinematics_create: model without mesh or description");
  pf_kinematics *k = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &k));
  k->mesh = model->mesh;
  k->desc = model->desc;
  k->n_nodes = model->mesh->n_nodes;
  int ierr;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k->n_nodes, &k->node_kind));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k->n_nodes, &k->node_index));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * k->n_nodes, &k->u));
  for (int64_t v = 0; v < k->n_nodes; v++) k->node_index[v] = -1;
  PF_CALL_GOTO(ierr, fail, pf_kin_bodies_build(ctx, k));
  PF_CALL_GOTO(ierr, fail, pf_kin_ties_build(ctx, k));
  PF_CALL_GOTO(ierr, fail, mark_free(ctx, k, model));
  PF_CALL_GOTO(ierr, fail, pf_kin_ties_finish(ctx, k));
  PF_CALL_GOTO(ierr, fail, pf_kin_joints_build(ctx, k));
  PF_CALL_GOTO(ierr, fail, pf_contact_state_size(ctx, k->mesh, k->desc, &k->n_extra));
  if (k->n_extra) PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, k->n_extra, &k->extra));
  pf_kin_refresh(k);
  *kin = k;
  return PF_OK;
fail:
  pf_kinematics_destroy(&k);
  return ierr;
}

void pf_kinematics_destroy(pf_kinematics **kin) {
  if (!kin || !*kin) return;
  pf_kinematics *k = *kin;
  free(k->node_kind);
  free(k->node_index);
  free(k->u);
  free(k->group_node);
  free(k->body_X);
  free(k->body_t);
  free(k->body_R);
  free(k->body_slave_start);
  free(k->slave_node);
  free(k->slave_body);
  free(k->slave_d0);
  free(k->slave_rd);
  free(k->body_tx_start);
  free(k->body_tx_tied);
  free(k->body_tx_slave);
  free(k->body_tx_w);
  free(k->tied_node);
  free(k->tied_tie);
  free(k->tied_nm);
  free(k->tied_master);
  free(k->tied_w);
  free(k->joints);
  free(k->extra);
  free(k);
  *kin = NULL;
}

/* ------------------------------------------------------------------------------------------- */
/* Groups and links                                                                             */
/* ------------------------------------------------------------------------------------------- */

int64_t pf_kin_n_groups(const pf_kinematics *kin) { return kin->n_free + kin->n_bodies; }
int64_t pf_kin_n_group_dofs(const pf_kinematics *kin) {
  return 3 * kin->n_free + 6 * (int64_t)kin->n_bodies;
}
int pf_kin_group_size(const pf_kinematics *kin, int64_t group) {
  return group < kin->n_free ? 3 : 6;
}
int64_t pf_kin_group_offset(const pf_kinematics *kin, int64_t group) {
  return group < kin->n_free ? 3 * group : 3 * kin->n_free + 6 * (group - kin->n_free);
}
int64_t pf_kin_node_group(const pf_kinematics *kin, int64_t node) {
  return kin->node_kind[node] == PF_KIN_FREE ? kin->node_index[node] : -1;
}
int64_t pf_kin_body_group(const pf_kinematics *kin, int body) { return kin->n_free + body; }
int64_t pf_kin_group_node(const pf_kinematics *kin, int64_t group) {
  return group < kin->n_free ? kin->group_node[group] : -1;
}

/* G = s [I, -skew(r)] (3 x 6, row-major) of a body slave with current lever r, scaled by s. */
static inline void body_link(int64_t group, double s, const double r[3], pf_link *l) {
  double *G = l->G;
  l->group = group;
  l->size = 6;
  G[0] = s, G[1] = 0.0, G[2] = 0.0, G[3] = 0.0, G[4] = s * r[2], G[5] = -s * r[1];
  G[6] = 0.0, G[7] = s, G[8] = 0.0, G[9] = -s * r[2], G[10] = 0.0, G[11] = s * r[0];
  G[12] = 0.0, G[13] = 0.0, G[14] = s, G[15] = s * r[1], G[16] = -s * r[0], G[17] = 0.0;
}

static inline void node_link(int64_t group, double s, pf_link *l) {
  double *G = l->G;
  l->group = group;
  l->size = 3;
  G[0] = s, G[1] = 0.0, G[2] = 0.0;
  G[3] = 0.0, G[4] = s, G[5] = 0.0;
  G[6] = 0.0, G[7] = 0.0, G[8] = s;
}

/* A tied node: u_s = sum_a N_a u_a, each master's link scaled by N_a; masters on one body share
 * one link (sum_a N_a [I, -skew(r_a)] = [sum N_a I, -skew(sum N_a r_a)]). */
static int tied_links(const pf_kinematics *kin, int64_t t, pf_link *links) {
  const int nm = kin->tied_nm[t];
  const int64_t *mast = kin->tied_master + PF_KIN_MAX_MASTERS * t;
  const double *w = kin->tied_w + PF_KIN_MAX_MASTERS * t;
  int n = 0;
  int64_t body_of_link[PF_KIN_MAX_LINKS];
  double wsum[PF_KIN_MAX_LINKS], rsum[PF_KIN_MAX_LINKS][3];
  for (int a = 0; a < nm; a++) {
    const int64_t v = mast[a];
    if (kin->node_kind[v] == PF_KIN_FREE) {
      node_link(kin->node_index[v], w[a], &links[n]);
      body_of_link[n++] = -1;
      continue;
    }
    const int64_t s = kin->node_index[v]; /* a body slave (checked at creation) */
    const int64_t b = kin->slave_body[s];
    const double *r = kin->slave_rd + 3 * s;
    int l = 0;
    while (l < n && body_of_link[l] != b) l++;
    if (l == n) {
      body_of_link[n] = b;
      wsum[n] = 0.0;
      rsum[n][0] = rsum[n][1] = rsum[n][2] = 0.0;
      n++;
    }
    wsum[l] += w[a];
    for (int i = 0; i < 3; i++) rsum[l][i] += w[a] * r[i];
  }
  for (int l = 0; l < n; l++) {
    if (body_of_link[l] < 0) continue;
    /* G = [wsum I, -skew(rsum)]: body_link with s = 1 writes [I, -skew(r)]; fix the I part */
    body_link(kin->n_free + body_of_link[l], 1.0, rsum[l], &links[l]);
    links[l].G[0] = links[l].G[7] = links[l].G[14] = wsum[l];
  }
  return n;
}

int pf_kin_node_links(const pf_kinematics *kin, int64_t node, pf_link links[PF_KIN_MAX_LINKS]) {
  const int kind = kin->node_kind[node];
  if (kind == PF_KIN_FREE) { /* the fast path: millions of calls per assembly */
    node_link(kin->node_index[node], 1.0, &links[0]);
    return 1;
  }
  if (kind == PF_KIN_SLAVE) {
    const int64_t s = kin->node_index[node];
    body_link(kin->n_free + kin->slave_body[s], 1.0, kin->slave_rd + 3 * s, &links[0]);
    return 1;
  }
  if (kind == PF_KIN_TIED) return tied_links(kin, kin->node_index[node], links);
  return 0;
}

void pf_kin_links_gather(const pf_kinematics *kin, const pf_link *links, int nl, const double *x,
                         double u[3]) {
  u[0] = u[1] = u[2] = 0.0;
  for (int l = 0; l < nl; l++) {
    const int64_t off = pf_kin_group_offset(kin, links[l].group);
    const int sz = links[l].size;
    for (int r = 0; r < 3; r++)
      for (int c = 0; c < sz; c++) u[r] += links[l].G[r * sz + c] * x[off + c];
  }
}

void pf_kin_links_scatter(const pf_kinematics *kin, const pf_link *links, int nl, const double f[3],
                          double *y) {
  for (int l = 0; l < nl; l++) {
    const int64_t off = pf_kin_group_offset(kin, links[l].group);
    const int sz = links[l].size;
    for (int c = 0; c < sz; c++)
      for (int r = 0; r < 3; r++) y[off + c] += links[l].G[r * sz + c] * f[r];
  }
}

/* ------------------------------------------------------------------------------------------- */
/* State                                                                                        */
/* ------------------------------------------------------------------------------------------- */

const double *pf_kin_displacement(const pf_kinematics *kin) { return kin->u; }

void pf_kin_refresh(pf_kinematics *kin) {
  const double *X = kin->mesh->x;
  for (int b = 0; b < kin->n_bodies; b++) {
    const double *R = kin->body_R + 9 * b, *Xr = kin->body_X + 3 * b, *t = kin->body_t + 3 * b;
    for (int64_t s = kin->body_slave_start[b]; s < kin->body_slave_start[b + 1]; s++) {
      double *rd = kin->slave_rd + 3 * s;
      const int64_t v = kin->slave_node[s];
      pf_m3_vec(R, kin->slave_d0 + 3 * s, rd);
      /* u = x_r + R d - X_s, with x_r = X_r + t; written as t + (R d - d) to keep small
       * displacements accurate (X_r + d = X_s up to rounding) */
      for (int i = 0; i < 3; i++)
        kin->u[3 * v + i] = t[i] + (rd[i] - kin->slave_d0[3 * s + i]) +
                            (Xr[i] + kin->slave_d0[3 * s + i] - X[3 * v + i]);
    }
  }
  for (int64_t t = 0; t < kin->n_tied; t++) {
    const int64_t v = kin->tied_node[t];
    double u[3] = {0.0, 0.0, 0.0};
    for (int a = 0; a < kin->tied_nm[t]; a++) {
      const int64_t m = kin->tied_master[PF_KIN_MAX_MASTERS * t + a];
      const double w = kin->tied_w[PF_KIN_MAX_MASTERS * t + a];
      for (int i = 0; i < 3; i++) u[i] += w * kin->u[3 * m + i];
    }
    for (int i = 0; i < 3; i++) kin->u[3 * v + i] = u[i];
  }
}

void pf_kin_update(pf_kinematics *kin, const double *d) {
  for (int64_t g = 0; g < kin->n_free; g++) {
    const int64_t v = kin->group_node[g];
    for (int i = 0; i < 3; i++) kin->u[3 * v + i] += d[3 * g + i];
  }
  const double *db = d + 3 * kin->n_free;
  for (int b = 0; b < kin->n_bodies; b++) {
    double E[9], Rn[9];
    for (int i = 0; i < 3; i++) kin->body_t[3 * b + i] += db[6 * b + i];
    pf_rot_exp(db + 6 * b + 3, E);
    pf_m3_mul(E, kin->body_R + 9 * b, Rn);
    memcpy(kin->body_R + 9 * b, Rn, sizeof(Rn));
  }
  pf_kin_refresh(kin);
}

void pf_kin_body_state(const pf_kinematics *kin, int body, double x_ref[3], double translation[3],
                       double R[9], double rotation_vector[3]) {
  const double *t = kin->body_t + 3 * body;
  if (x_ref)
    for (int i = 0; i < 3; i++) x_ref[i] = kin->body_X[3 * body + i] + t[i];
  if (translation) memcpy(translation, t, 3 * sizeof(double));
  if (R) memcpy(R, kin->body_R + 9 * body, 9 * sizeof(double));
  if (rotation_vector) pf_rot_log(kin->body_R + 9 * body, rotation_vector);
}

/* Layout: u [3 n_nodes], per body t [3] and R [9], per joint lambda and eps. */
int64_t pf_kin_state_size(const pf_kinematics *kin) {
  return 3 * kin->n_nodes + 12 * (int64_t)kin->n_bodies + 2 * (int64_t)kin->n_joints + kin->n_extra;
}

double *pf_kin_extra_state(pf_kinematics *kin) { return kin->extra; }
const double *pf_kin_extra_state_const(const pf_kinematics *kin) { return kin->extra; }

void pf_kin_state_save(const pf_kinematics *kin, double *state) {
  memcpy(state, kin->u, (size_t)(3 * kin->n_nodes) * sizeof(double));
  double *p = state + 3 * kin->n_nodes;
  for (int b = 0; b < kin->n_bodies; b++, p += 12) {
    memcpy(p, kin->body_t + 3 * b, 3 * sizeof(double));
    memcpy(p + 3, kin->body_R + 9 * b, 9 * sizeof(double));
  }
  for (int j = 0; j < kin->n_joints; j++, p += 2) {
    p[0] = kin->joints[j].lambda;
    p[1] = kin->joints[j].eps;
  }
  if (kin->n_extra) memcpy(p, kin->extra, (size_t)kin->n_extra * sizeof(double));
}

void pf_kin_state_restore(pf_kinematics *kin, const double *state) {
  memcpy(kin->u, state, (size_t)(3 * kin->n_nodes) * sizeof(double));
  const double *p = state + 3 * kin->n_nodes;
  for (int b = 0; b < kin->n_bodies; b++, p += 12) {
    memcpy(kin->body_t + 3 * b, p, 3 * sizeof(double));
    memcpy(kin->body_R + 9 * b, p + 3, 9 * sizeof(double));
  }
  for (int j = 0; j < kin->n_joints; j++, p += 2) {
    kin->joints[j].lambda = p[0];
    kin->joints[j].eps = p[1];
    kin->joints[j].g_prev = -1.0;
  }
  if (kin->n_extra) memcpy(kin->extra, p, (size_t)kin->n_extra * sizeof(double));
  pf_kin_refresh(kin);
}

void pf_kin_body_increment_to(const pf_kinematics *kin, int body, const double t[3],
                              const double psi[3], double d_body[6]) {
  /* exp(skew(w)) R = exp(skew(psi))  =>  w = log(exp(skew(psi)) R^T) */
  double Q[9], QRt[9];
  for (int i = 0; i < 3; i++) d_body[i] = t[i] - kin->body_t[3 * body + i];
  pf_rot_exp(psi, Q);
  pf_m3_mul_nt(Q, kin->body_R + 9 * body, QRt);
  pf_rot_log(QRt, d_body + 3);
}

/* ------------------------------------------------------------------------------------------- */
/* Blocks                                                                                       */
/* ------------------------------------------------------------------------------------------- */

int pf_kin_n_blocks(const pf_kinematics *kin) { return kin->n_bodies + kin->n_joints; }

int pf_kin_get_block(const pf_kinematics *kin, int i, const double *f_node, pf_kin_block *block) {
  if (i < 0 || i >= kin->n_bodies + kin->n_joints) return PF_ERR_INTERNAL;
  if (i < kin->n_bodies)
    pf_kin_body_block(kin, i, f_node, block);
  else
    pf_kin_joint_block(kin, i - kin->n_bodies, block);
  return PF_OK;
}
