/*
 * Rigid bodies: their nodes (a rigid region's elements or a coupling's node set), reference
 * points, the geometric stiffness of their slaves and the resultants of the element forces.
 *
 * Geometric stiffness. A slave at x_s = x_r + exp(skew(w)) d (d = R d_s the current lever) has
 * x_s(w) = x_r + d + w x d + w x (w x d) / 2 + O(w^3). For element forces f = dPi/dx_s the second
 * derivative of Pi(x_s(w)) at w = 0 is G^T K G plus f . d^2 x_s / dw^2, i.e. in the spin block
 *   K_g = sum_s [(d (x) f + f (x) d) / 2 - (d . f) I]
 * (the Hessian of the energy with respect to the spin; symmetric). The exact linearisation of
 * the moment sum d x f along the multiplicative update is sum [d (x) f - (d . f) I], whose skew
 * part -skew(sum d x f) / 2 is minus half the skew matrix of the body's moment: it vanishes at
 * equilibrium of a body loaded by conservative forces (Simo & Vu-Quoc, CMAME 58 (1986) 79,
 * sec. 5; Crisfield vol. 2 (1997) sec. 17.2, the symmetry of the tangent at equilibrium). A
 * tied node whose masters are slaves of the body passes N_a f to each of them.
 */
#include <stdlib.h>
#include <string.h>

#include "constraint/kin_internal.h"
#include "constraint/pf_rotation.h"

/* Marks the nodes of element set `set` (or any set of that name) as belonging to body b. */
static int collect(pf_context *ctx, pf_kinematics *k, int b, int32_t *owner, int64_t *count) {
  const pf_body_desc *bd = &k->desc->bodies[b];
  const pf_mesh *mesh = k->mesh;
  int64_t *nodes = NULL, n = 0;
  const int es = bd->kind == PF_BODY_RIGID_REGION ? pf_mesh_find_elset(mesh, bd->set) : -1;
  if (es >= 0) {
    const pf_elset *set = &mesh->elsets[es];
    int64_t cap = 0;
    for (int64_t i = 0; i < set->count; i++) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(mesh, set->elems[i], &t, &e);
      cap += pf_elem_nodes(t);
    }
    PF_CALL(PF_CALLOC(ctx, cap, &nodes));
    for (int64_t i = 0; i < set->count; i++) {
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(mesh, set->elems[i], &t, &e);
      const int nn = pf_elem_nodes(t);
      for (int a = 0; a < nn; a++) nodes[n++] = mesh->blocks[t].conn[e * nn + a];
    }
  } else {
    PF_CALL(pf_kin_nodes_of(ctx, mesh, bd->set, &bd->loc, &nodes, &n));
  }
  int ierr = PF_OK;
  for (int64_t i = 0; i < n; i++) {
    const int64_t v = nodes[i];
    if (owner[v] == b) continue;
    if (owner[v] >= 0) {
      ierr = pf_error_at(ctx, &bd->loc,
                         "node %lld belongs to bodies '%s' and '%s' (a node can follow one body "
                         "only)",
                         (long long)mesh->node_ids[v], k->desc->bodies[owner[v]].name, bd->name);
      break;
    }
    owner[v] = b;
    (*count)++;
  }
  free(nodes);
  return ierr;
}

int pf_kin_bodies_build(pf_context *ctx, pf_kinematics *k) {
  const int nb = k->desc->n_bodies;
  const pf_mesh *mesh = k->mesh;
  k->n_bodies = nb;
  PF_CALL(PF_CALLOC(ctx, 3 * nb, &k->body_X));
  PF_CALL(PF_CALLOC(ctx, 3 * nb, &k->body_t));
  PF_CALL(PF_CALLOC(ctx, 9 * nb, &k->body_R));
  PF_CALL(PF_CALLOC(ctx, nb + 1, &k->body_slave_start));
  PF_CALL(PF_CALLOC(ctx, nb + 1, &k->body_tx_start));
  int32_t *owner = NULL;
  int64_t *count = NULL;
  int ierr;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, k->n_nodes, &owner));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nb + 1, &count));
  for (int64_t v = 0; v < k->n_nodes; v++) owner[v] = -1;
  for (int b = 0; b < nb; b++) {
    PF_CALL_GOTO(ierr, done, collect(ctx, k, b, owner, &count[b]));
    if (count[b] == 0) {
      ierr = pf_error_at(ctx, &k->desc->bodies[b].loc, "body '%s' has no node (set '%s' is empty)",
                         k->desc->bodies[b].name, k->desc->bodies[b].set);
      goto done;
    }
  }
  for (int b = 0; b < nb; b++) k->body_slave_start[b + 1] = k->body_slave_start[b] + count[b];
  k->n_slaves = k->body_slave_start[nb];
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, k->n_slaves, &k->slave_node));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, k->n_slaves, &k->slave_body));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * k->n_slaves, &k->slave_d0));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * k->n_slaves, &k->slave_rd));
  for (int b = 0; b < nb; b++) count[b] = k->body_slave_start[b]; /* fill positions */
  for (int64_t v = 0; v < k->n_nodes; v++) {
    const int b = owner[v];
    if (b < 0) continue;
    const int64_t s = count[b]++;
    k->slave_node[s] = v;
    k->slave_body[s] = b;
    k->node_kind[v] = PF_KIN_SLAVE;
    k->node_index[v] = s;
  }
  for (int b = 0; b < nb; b++) {
    const pf_body_desc *bd = &k->desc->bodies[b];
    double *Xr = k->body_X + 3 * b;
    const int64_t s0 = k->body_slave_start[b], s1 = k->body_slave_start[b + 1];
    if (bd->has_ref_point) {
      memcpy(Xr, bd->ref_point, sizeof(bd->ref_point));
    } else {
      double c[3] = {0.0, 0.0, 0.0};
      for (int64_t s = s0; s < s1; s++)
        for (int i = 0; i < 3; i++) c[i] += mesh->x[3 * k->slave_node[s] + i];
      for (int i = 0; i < 3; i++) Xr[i] = c[i] / (double)(s1 - s0);
    }
    for (int64_t s = s0; s < s1; s++)
      for (int i = 0; i < 3; i++)
        k->slave_d0[3 * s + i] = mesh->x[3 * k->slave_node[s] + i] - Xr[i];
    double *R = k->body_R + 9 * b;
    R[0] = R[4] = R[8] = 1.0;
  }
  ierr = PF_OK;
done:
  free(owner);
  free(count);
  return ierr;
}

/* Effective force on slave s of body b: the element force at its node plus what tied nodes
 * pass to it (entry x of the body's tie list). */
static inline void slave_force(const pf_kinematics *k, int64_t s, const double *f_node,
                               double f[3]) {
  const int64_t v = k->slave_node[s];
  for (int i = 0; i < 3; i++) f[i] = f_node[3 * v + i];
}

static inline void tx_force(const pf_kinematics *k, int64_t x, const double *f_node, double f[3]) {
  const int64_t v = k->tied_node[k->body_tx_tied[x]];
  const double w = k->body_tx_w[x];
  for (int i = 0; i < 3; i++) f[i] = w * f_node[3 * v + i];
}

/* K += sym(d (x) f) - (d . f) I */
static inline void add_geometric(double K[9], const double d[3], const double f[3]) {
  const double df = pf_v3_dot(d, f);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) K[3 * i + j] += 0.5 * (d[i] * f[j] + f[i] * d[j]);
  K[0] -= df;
  K[4] -= df;
  K[8] -= df;
}

void pf_kin_body_block(const pf_kinematics *kin, int body, const double *f_node,
                       pf_kin_block *block) {
  memset(block, 0, sizeof(*block));
  block->n_groups = 1;
  block->groups[0] = pf_kin_body_group(kin, body);
  block->n = 6;
  if (!f_node) return;
  double Kw[9] = {0};
  for (int64_t s = kin->body_slave_start[body]; s < kin->body_slave_start[body + 1]; s++) {
    double f[3];
    slave_force(kin, s, f_node, f);
    add_geometric(Kw, kin->slave_rd + 3 * s, f);
  }
  for (int64_t x = kin->body_tx_start[body]; x < kin->body_tx_start[body + 1]; x++) {
    double f[3];
    tx_force(kin, x, f_node, f);
    add_geometric(Kw, kin->slave_rd + 3 * kin->body_tx_slave[x], f);
  }
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) block->K[6 * (3 + i) + 3 + j] = Kw[3 * i + j];
}

void pf_kin_body_resultant(const pf_kinematics *kin, int body, const double *f_node,
                           double force[3], double moment[3]) {
  double F[3] = {0.0, 0.0, 0.0}, M[3] = {0.0, 0.0, 0.0};
  for (int64_t s = kin->body_slave_start[body]; s < kin->body_slave_start[body + 1]; s++) {
    double f[3], m[3];
    slave_force(kin, s, f_node, f);
    pf_v3_cross(kin->slave_rd + 3 * s, f, m);
    for (int i = 0; i < 3; i++) F[i] += f[i], M[i] += m[i];
  }
  for (int64_t x = kin->body_tx_start[body]; x < kin->body_tx_start[body + 1]; x++) {
    double f[3], m[3];
    tx_force(kin, x, f_node, f);
    pf_v3_cross(kin->slave_rd + 3 * kin->body_tx_slave[x], f, m);
    for (int i = 0; i < 3; i++) F[i] += f[i], M[i] += m[i];
  }
  memcpy(force, F, sizeof(F));
  memcpy(moment, M, sizeof(M));
}
