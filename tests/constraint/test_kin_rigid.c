/*
 * Rigid bodies: a block whose every node is a slave of one body (a rigid region).
 *
 * Checks:
 * - groups: one body group of 6 dofs, no node group; every node links to the body with
 *   G = [I, -skew(R d)];
 * - a rotation of 90 deg about an oblique axis through the reference point plus a translation,
 *   in one increment and in 200 increments of varying spins whose product is computed
 *   independently (quaternion formula): every node's x = x_r + R (X - X_r) to 1e-12 and the
 *   distances between nodes preserved to 1e-12 (rigid motion, exact orthogonality of exp);
 * - pf_kin_body_state returns the rotation vector of R (1e-12) and pf_kin_body_increment_to
 *   reaches a target translation and rotation vector (1e-12), from a rotated state, also for a
 *   target rotation of 170 deg;
 * - state save/restore gives back bit-identical displacements;
 * - the body block's spin part is the Hessian of the slaves' energy: for constant nodal forces f
 *   the derivative of the moment sum d x f with respect to the spin (central differences) equals
 *   K_ww - skew(M)/2 (1e-6 relative; M the moment), and K_ww itself when the forces are
 *   self-equilibrated (M = 0); K_ww is symmetric (1e-14); the translation rows are zero;
 * - pf_kin_body_resultant: force sum f and moment sum (x_s - x_r) x f about the current
 *   reference point, with x from the displacements (1e-12 relative), with and without an
 *   explicit ref_point.
 */
#include "kin_test_util.h"

static const double L[3] = {2.0, 1.5, 1.0};

static pf_kinematics *make_block(pf_context *ctx, pf_mesh **mesh, kt_setup *s, const double *ref) {
  const int n[3] = {2, 2, 2};
  if (tm_box(ctx, PF_ELEM_HEX8, n, L, 0.2, 3, mesh)) return NULL;
  kt_init(s, *mesh);
  const int b = kt_rigid(s, "block");
  if (ref) {
    s->bodies[b].has_ref_point = 1;
    memcpy(s->bodies[b].ref_point, ref, 3 * sizeof(double));
  }
  pf_kinematics *kin = NULL;
  int rc = pf_kinematics_create(ctx, &s->model, &kin);
  PF_EXPECT(rc == PF_OK, "pf_kinematics_create: %s", pf_context_error(ctx));
  return kin;
}

/* max over nodes of |X + u - (x_r + R (X - X_r))| and of the change of pairwise distances */
static void rigid_errors(const pf_kinematics *kin, const pf_mesh *m, const double Xr[3],
                         const double t[3], const double R[9], double *pos, double *dist) {
  const double *u = pf_kin_displacement(kin);
  *pos = *dist = 0.0;
  for (int64_t v = 0; v < m->n_nodes; v++) {
    double d[3], x[3];
    for (int i = 0; i < 3; i++) d[i] = m->x[3 * v + i] - Xr[i];
    for (int i = 0; i < 3; i++) {
      x[i] = Xr[i] + t[i] + R[3 * i] * d[0] + R[3 * i + 1] * d[1] + R[3 * i + 2] * d[2];
      *pos = fmax(*pos, fabs(m->x[3 * v + i] + u[3 * v + i] - x[i]));
    }
  }
  for (int64_t a = 0; a < m->n_nodes; a++)
    for (int64_t b = a + 1; b < m->n_nodes; b++) {
      double D0 = 0.0, D1 = 0.0;
      for (int i = 0; i < 3; i++) {
        const double r0 = m->x[3 * b + i] - m->x[3 * a + i];
        const double r1 = r0 + u[3 * b + i] - u[3 * a + i];
        D0 += r0 * r0, D1 += r1 * r1;
      }
      *dist = fmax(*dist, fabs(sqrt(D1) - sqrt(D0)));
    }
}

static void check_motion(pf_context *ctx) {
  pf_mesh *m = NULL;
  kt_setup s;
  pf_kinematics *kin = make_block(ctx, &m, &s, NULL);
  if (!kin) return;
  PF_EXPECT(pf_kin_n_groups(kin) == 1 && pf_kin_n_group_dofs(kin) == 6, "one body group");
  PF_EXPECT(pf_kin_group_size(kin, 0) == 6 && pf_kin_group_node(kin, 0) == -1, "body group");
  double Xr[3];
  pf_kin_body_state(kin, 0, Xr, NULL, NULL, NULL);
  /* the centroid of the nodes */
  double c[3] = {0, 0, 0};
  for (int64_t v = 0; v < m->n_nodes; v++)
    for (int i = 0; i < 3; i++) c[i] += m->x[3 * v + i] / (double)m->n_nodes;
  for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(Xr[i], c[i], 1e-14);
  pf_link links[PF_KIN_MAX_LINKS];
  for (int64_t v = 0; v < m->n_nodes; v++) {
    PF_EXPECT(pf_kin_node_group(kin, v) == -1, "node %lld is a slave", (long long)v);
    const int nl = pf_kin_node_links(kin, v, links);
    PF_EXPECT(nl == 1 && links[0].group == 0 && links[0].size == 6, "slave link");
  }

  const double axis[3] = {1.0 / sqrt(14.0), 2.0 / sqrt(14.0), -3.0 / sqrt(14.0)};
  const double t[3] = {0.3, -1.2, 0.7};
  double w[3], R[9], d[6], pos, dist;
  for (int i = 0; i < 3; i++) w[i] = 0.5 * M_PI * axis[i];
  kt_rot(w, R);
  /* one increment */
  double *state = malloc((size_t)pf_kin_state_size(kin) * sizeof(double));
  pf_kin_state_save(kin, state);
  for (int i = 0; i < 3; i++) d[i] = t[i], d[3 + i] = w[i];
  pf_kin_update(kin, d);
  rigid_errors(kin, m, Xr, t, R, &pos, &dist);
  printf("90 deg about an oblique axis, one increment: position error %.3g, distance change %.3g\n",
         pos, dist);
  PF_EXPECT(pos <= 1e-12, "one increment: position error %.3g", pos);
  PF_EXPECT(dist <= 1e-12, "one increment: distance change %.3g", dist);
  /* links at the rotated state: G = [I, -skew(R d_s)] */
  for (int64_t v = 0; v < m->n_nodes; v++) {
    double ds[3], rd[3];
    for (int i = 0; i < 3; i++) ds[i] = m->x[3 * v + i] - Xr[i];
    for (int i = 0; i < 3; i++)
      rd[i] = R[3 * i] * ds[0] + R[3 * i + 1] * ds[1] + R[3 * i + 2] * ds[2];
    pf_kin_node_links(kin, v, links);
    const double *G = links[0].G;
    PF_EXPECT_NEAR(G[4], rd[2], 1e-12);
    PF_EXPECT_NEAR(G[5], -rd[1], 1e-12);
    PF_EXPECT_NEAR(G[11], rd[0], 1e-12);
    PF_EXPECT_NEAR(G[0], 1.0, 0.0);
  }
  double psi[3];
  pf_kin_body_state(kin, 0, NULL, NULL, NULL, psi);
  for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(psi[i], w[i], 1e-12);

  /* save at the rotated state, move on, restore: bit-identical displacements and rotation */
  double *u_saved = malloc((size_t)(3 * m->n_nodes) * sizeof(double));
  double *state2 = malloc((size_t)pf_kin_state_size(kin) * sizeof(double));
  double R_saved[9], R_now[9];
  memcpy(u_saved, pf_kin_displacement(kin), (size_t)(3 * m->n_nodes) * sizeof(double));
  pf_kin_body_state(kin, 0, NULL, NULL, R_saved, NULL);
  pf_kin_state_save(kin, state2);
  const double d2[6] = {0.1, 0.2, 0.3, -0.4, 0.5, 0.6};
  pf_kin_update(kin, d2);
  PF_EXPECT(
      memcmp(pf_kin_displacement(kin), u_saved, (size_t)(3 * m->n_nodes) * sizeof(double)) != 0,
      "the update moved nothing");
  pf_kin_state_restore(kin, state2);
  pf_kin_body_state(kin, 0, NULL, NULL, R_now, NULL);
  PF_EXPECT(
      memcmp(pf_kin_displacement(kin), u_saved, (size_t)(3 * m->n_nodes) * sizeof(double)) == 0,
      "restore is not bit-identical");
  PF_EXPECT(memcmp(R_now, R_saved, sizeof(R_now)) == 0, "restored rotation differs");
  free(state2);
  pf_kin_state_restore(kin, state); /* back to the reference state */

  /* 200 increments of varying spins: R_total = prod exp(w_k) (left products) */
  unsigned long long st = 5;
  double Rt[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, tt[3] = {0, 0, 0};
  for (int k = 0; k < 200; k++) {
    double wk[3], Rk[9];
    for (int i = 0; i < 3; i++) wk[i] = 0.5 * M_PI / 200.0 * axis[i] + 0.01 * kt_rand(&st);
    for (int i = 0; i < 3; i++) d[i] = 0.01 * kt_rand(&st), d[3 + i] = wk[i];
    for (int i = 0; i < 3; i++) tt[i] += d[i];
    kt_rot(wk, Rk);
    kt_matmul(Rk, Rt, Rt);
    pf_kin_update(kin, d);
  }
  rigid_errors(kin, m, Xr, tt, Rt, &pos, &dist);
  printf("200 increments: position error %.3g, distance change %.3g\n", pos, dist);
  PF_EXPECT(pos <= 1e-12, "many increments: position error %.3g", pos);
  PF_EXPECT(dist <= 1e-12, "many increments: distance change %.3g", dist);

  /* increment to a target, from the current (rotated) state */
  const double targets[2][3] = {{0.4, -0.9, 1.1}, {0.0, 2.9, 0.5}}; /* |psi| 1.48 and 2.97 */
  for (int k = 0; k < 2; k++) {
    const double tgt[3] = {1.0, 2.0, -0.5};
    pf_kin_body_increment_to(kin, 0, tgt, targets[k], d);
    pf_kin_update(kin, d);
    double tr[3], rv[3], Rg[9];
    pf_kin_body_state(kin, 0, NULL, tr, NULL, rv);
    for (int i = 0; i < 3; i++) {
      PF_EXPECT_NEAR(tr[i], tgt[i], 1e-12);
      PF_EXPECT_NEAR(rv[i], targets[k][i], 1e-12);
    }
    kt_rot(targets[k], Rg);
    rigid_errors(kin, m, Xr, tgt, Rg, &pos, &dist);
    PF_EXPECT(pos <= 1e-12, "increment to target: position error %.3g", pos);
  }
  free(u_saved);
  free(state);
  pf_kinematics_destroy(&kin);
  PF_EXPECT(kin == NULL, "destroy sets NULL");
  pf_kinematics_destroy(&kin); /* safe on NULL */
  pf_mesh_destroy(&m);
}

/* moment sum (x_s - x_r) x f from the displacements */
static void moment_sum(const pf_kinematics *kin, const pf_mesh *m, const double *f, double M[3]) {
  double xr[3];
  pf_kin_body_state(kin, 0, xr, NULL, NULL, NULL);
  const double *u = pf_kin_displacement(kin);
  M[0] = M[1] = M[2] = 0.0;
  for (int64_t v = 0; v < m->n_nodes; v++) {
    double r[3], c[3];
    for (int i = 0; i < 3; i++) r[i] = m->x[3 * v + i] + u[3 * v + i] - xr[i];
    kt_cross(r, f + 3 * v, c);
    for (int i = 0; i < 3; i++) M[i] += c[i];
  }
}

static void check_geometric(pf_context *ctx, const double *ref) {
  pf_mesh *m = NULL;
  kt_setup s;
  pf_kinematics *kin = make_block(ctx, &m, &s, ref);
  if (!kin) return;
  unsigned long long st = 99;
  double d[6] = {0.2, -0.1, 0.3, 0.4, -0.8, 0.6};
  pf_kin_update(kin, d); /* a general state */
  const int64_t nn = m->n_nodes;
  double *f = malloc((size_t)(3 * nn) * sizeof(double));
  double *state = malloc((size_t)pf_kin_state_size(kin) * sizeof(double));
  pf_kin_state_save(kin, state);
  for (int64_t k = 0; k < 3 * nn; k++) f[k] = kt_rand(&st);

  for (int equilibrated = 0; equilibrated < 2; equilibrated++) {
    double F[3], M[3], Mref[3];
    if (equilibrated) { /* f_s += c x d_s with (sum |d|^2 I - d d^T) c = -M: zero moment */
      double J[9] = {0}, c[3];
      const double *u = pf_kin_displacement(kin);
      double xr[3];
      pf_kin_body_state(kin, 0, xr, NULL, NULL, NULL);
      pf_kin_body_resultant(kin, 0, f, F, M);
      for (int64_t v = 0; v < nn; v++) {
        double r[3];
        for (int i = 0; i < 3; i++) r[i] = m->x[3 * v + i] + u[3 * v + i] - xr[i];
        const double rr = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) J[3 * i + j] += (i == j) * rr - r[i] * r[j];
      }
      for (int i = 0; i < 3; i++) c[i] = -M[i];
      kt_solve(3, J, c);
      for (int64_t v = 0; v < nn; v++) {
        double r[3], cr[3];
        for (int i = 0; i < 3; i++) r[i] = m->x[3 * v + i] + u[3 * v + i] - xr[i];
        kt_cross(c, r, cr);
        for (int i = 0; i < 3; i++) f[3 * v + i] += cr[i];
      }
    }
    pf_kin_body_resultant(kin, 0, f, F, M);
    moment_sum(kin, m, f, Mref);
    const double Ms = kt_maxabs(3, Mref) + 1e-300;
    for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(M[i], Mref[i], 1e-12 * fmax(Ms, 1.0));
    if (!equilibrated) {
      double Fs[3] = {0, 0, 0};
      for (int64_t v = 0; v < nn; v++)
        for (int i = 0; i < 3; i++) Fs[i] += f[3 * v + i];
      for (int i = 0; i < 3; i++) PF_EXPECT_NEAR(F[i], Fs[i], 1e-12 * kt_maxabs(3, Fs));
    } else {
      PF_EXPECT(kt_maxabs(3, M) <= 1e-12, "equilibrated moment %.3g", kt_maxabs(3, M));
    }
    pf_kin_block blk;
    PF_EXPECT(pf_kin_n_blocks(kin) == 1, "one block per body");
    PF_EXPECT(pf_kin_get_block(kin, 0, f, &blk) == PF_OK, "block");
    PF_EXPECT(blk.n == 6 && blk.n_groups == 1 && blk.groups[0] == 0, "body block layout");
    PF_EXPECT(kt_maxabs(6, blk.f) == 0.0, "body block force");
    double Kw[9], asym = 0.0, fd_err = 0.0;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) Kw[3 * i + j] = blk.K[6 * (3 + i) + 3 + j];
    const double Ks = kt_maxabs(9, Kw);
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) asym = fmax(asym, fabs(Kw[3 * i + j] - Kw[3 * j + i]) / Ks);
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 6; j++)
        PF_EXPECT(blk.K[6 * i + j] == 0.0 && blk.K[6 * j + i] == 0.0, "translation rows");
    /* d(sum d x f)/dw: central differences of the resultant (f held constant) */
    const double h = 1e-5;
    for (int j = 0; j < 3; j++) {
      double Mp[3], Mm[3], Fp[3], dd[6] = {0};
      dd[3 + j] = h;
      pf_kin_update(kin, dd);
      pf_kin_body_resultant(kin, 0, f, Fp, Mp);
      pf_kin_state_restore(kin, state);
      dd[3 + j] = -h;
      pf_kin_update(kin, dd);
      pf_kin_body_resultant(kin, 0, f, Fp, Mm);
      pf_kin_state_restore(kin, state);
      for (int i = 0; i < 3; i++) {
        /* expected: K_ww - skew(M)/2; skew(M)[i][j] = -eps_ijk M_k */
        const double sk = (j == (i + 1) % 3)   ? -M[(i + 2) % 3]
                          : (i == (j + 1) % 3) ? M[(j + 2) % 3]
                                               : 0.0;
        const double want = Kw[3 * i + j] - 0.5 * sk;
        fd_err = fmax(fd_err, fabs((Mp[i] - Mm[i]) / (2 * h) - want) / Ks);
      }
    }
    printf("body geometric term (%s forces%s): asymmetry %.3g, vs differences of the moment %.3g\n",
           equilibrated ? "self-equilibrated" : "random", ref ? ", given ref_point" : "", asym,
           fd_err);
    PF_EXPECT(asym <= 1e-14, "geometric block asymmetric by %.3g", asym);
    PF_EXPECT(fd_err <= 1e-6, "geometric block vs differences: %.3g", fd_err);
  }
  free(state);
  free(f);
  pf_kinematics_destroy(&kin);
  pf_mesh_destroy(&m);
}

int main(void) {
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) return 1;
  check_motion(ctx);
  check_geometric(ctx, NULL);
  const double ref[3] = {-1.0, 0.5, 3.0};
  check_geometric(ctx, ref);
  pf_context_destroy(&ctx);
  return pf_test_result("test_kin_rigid");
}
