/*
 * The reduced tangent of a rigid body against differences of the reduced residual.
 *
 * Model: a hex8 box; the nodes of face xmax form a kinematic coupling (6 dofs), the other nodes
 * are free. Internal forces come from a linear spring field f = K_n u + f0 (K_n symmetric, random,
 * positive definite; f0 constant), so the element-level tangent is K_n exactly. The reduced
 * residual is r = T^T f(x(d)) (T the links), and the claimed tangent T^T K_n T + the body's
 * geometric block sum_s [(d (x) f + f (x) d) / 2 - (d . f) I] (Simo & Vu-Quoc, CMAME 58 (1986)
 * 79, sec. 5; Crisfield vol. 2 (1997) sec. 17.2).
 *
 * Checks at a state rotated 60 deg about an oblique axis (plus translation and random free-node
 * displacements), for a random direction delta, central differences of r along the
 * multiplicative update (h = 1e-5):
 * - with f0 chosen so that the body's moment sum d x f vanishes (equilibrium of the body, where
 *   the symmetric tangent is the consistent one): |dr/de - K delta| / |K delta| < 1e-6;
 * - with random f0 (moment M != 0): the differences equal K delta - M x delta_w / 2 in the spin
 *   rows (the skew part of the consistent linearisation), again < 1e-6; and differ from K delta
 *   by much more (so the first check can fail).
 * - the block's spin part is symmetric (exactly).
 */
#include "constraint/pf_rotation.h"
#include "kin_test_util.h"

typedef struct {
  pf_mesh *m;
  kt_setup s;
  pf_kinematics *kin;
  int64_t nn, ng;
  double *Kn; /* [3nn x 3nn] */
  double *f0; /* [3nn] */
} model;

/* f = K_n u + f0 over all nodes */
static void forces(const model *md, double *f) {
  const double *u = pf_kin_displacement(md->kin);
  const int64_t n = 3 * md->nn;
  for (int64_t i = 0; i < n; i++) {
    double s = md->f0[i];
    for (int64_t j = 0; j < n; j++) s += md->Kn[i * n + j] * u[j];
    f[i] = s;
  }
}

/* r = T^T f */
static void reduced_residual(const model *md, const double *f, double *r) {
  pf_link L[PF_KIN_MAX_LINKS];
  memset(r, 0, (size_t)md->ng * sizeof(double));
  for (int64_t v = 0; v < md->nn; v++) {
    const int nl = pf_kin_node_links(md->kin, v, L);
    for (int l = 0; l < nl; l++) {
      const int64_t off = pf_kin_group_offset(md->kin, L[l].group);
      for (int c = 0; c < L[l].size; c++)
        for (int i = 0; i < 3; i++) r[off + c] += L[l].G[L[l].size * i + c] * f[3 * v + i];
    }
  }
}

/* y = (T^T K_n T + blocks) x */
static void reduced_tangent_apply(const model *md, const double *f, const double *x, double *y) {
  const int64_t n = 3 * md->nn;
  double *tx = calloc((size_t)n, sizeof(double)), *ktx = calloc((size_t)n, sizeof(double));
  pf_link L[PF_KIN_MAX_LINKS];
  for (int64_t v = 0; v < md->nn; v++) { /* T x */
    const int nl = pf_kin_node_links(md->kin, v, L);
    for (int l = 0; l < nl; l++) {
      const int64_t off = pf_kin_group_offset(md->kin, L[l].group);
      for (int i = 0; i < 3; i++)
        for (int c = 0; c < L[l].size; c++) tx[3 * v + i] += L[l].G[L[l].size * i + c] * x[off + c];
    }
  }
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < n; j++) ktx[i] += md->Kn[i * n + j] * tx[j];
  reduced_residual(md, ktx, y); /* T^T (K T x) */
  for (int b = 0; b < pf_kin_n_blocks(md->kin); b++) {
    pf_kin_block blk;
    PF_EXPECT(pf_kin_get_block(md->kin, b, f, &blk) == PF_OK, "block %d", b);
    int64_t pos[12];
    int k = 0;
    for (int g = 0; g < blk.n_groups; g++) {
      const int64_t off = pf_kin_group_offset(md->kin, blk.groups[g]);
      for (int c = 0; c < pf_kin_group_size(md->kin, blk.groups[g]); c++) pos[k++] = off + c;
    }
    for (int i = 0; i < blk.n; i++)
      for (int j = 0; j < blk.n; j++) y[pos[i]] += blk.K[blk.n * i + j] * x[pos[j]];
    double asym = 0.0;
    for (int i = 0; i < blk.n; i++)
      for (int j = 0; j < blk.n; j++)
        asym = fmax(asym, fabs(blk.K[blk.n * i + j] - blk.K[blk.n * j + i]));
    PF_EXPECT(asym == 0.0, "body block asymmetric by %.3g", asym);
  }
  free(tx);
  free(ktx);
}

static double norm(int64_t n, const double *a) {
  double s = 0.0;
  for (int64_t i = 0; i < n; i++) s += a[i] * a[i];
  return sqrt(s);
}

static void run(pf_context *ctx, int equilibrated) {
  model md;
  memset(&md, 0, sizeof(md));
  const int nc[3] = {2, 2, 2};
  const double L[3] = {2.0, 1.5, 1.0};
  if (tm_box(ctx, PF_ELEM_HEX8, nc, L, 0.2, 5, &md.m)) {
    PF_EXPECT(0, "tm_box");
    return;
  }
  kt_init(&md.s, md.m);
  const int b = kt_coupling(&md.s, "plate", "xmax", NULL);
  int rc = pf_kinematics_create(ctx, &md.s.model, &md.kin);
  PF_EXPECT(rc == PF_OK, "pf_kinematics_create: %s", pf_context_error(ctx));
  if (rc) return;
  md.nn = md.m->n_nodes;
  md.ng = pf_kin_n_group_dofs(md.kin);
  PF_EXPECT(pf_kin_n_groups(md.kin) == md.nn - 9 + 1, "groups: free nodes + one body");
  const int64_t n = 3 * md.nn;
  md.Kn = calloc((size_t)(n * n), sizeof(double));
  md.f0 = calloc((size_t)n, sizeof(double));
  unsigned long long st = 2024 + (unsigned long long)equilibrated;
  /* K_n = B^T B / n + 10 I (symmetric positive definite, entries O(1)-O(10)) */
  double *B = malloc((size_t)(n * n) * sizeof(double));
  for (int64_t i = 0; i < n * n; i++) B[i] = kt_rand(&st);
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < n; j++) {
      double s = (i == j) ? 10.0 : 0.0;
      for (int64_t k = 0; k < n; k++) s += B[k * n + i] * B[k * n + j] / (double)n;
      md.Kn[i * n + j] = s;
    }
  free(B);
  for (int64_t i = 0; i < n; i++) md.f0[i] = 5.0 * kt_rand(&st);

  /* the state: body rotated 60 deg about an oblique axis and translated, free nodes moved */
  double *d = calloc((size_t)md.ng, sizeof(double));
  for (int64_t g = 0; g < md.ng; g++) d[g] = 0.1 * kt_rand(&st);
  const double axis[3] = {2.0 / 3.0, -1.0 / 3.0, 2.0 / 3.0}, t[3] = {0.2, -0.3, 0.25};
  double psi[3];
  for (int i = 0; i < 3; i++) psi[i] = M_PI / 3.0 * axis[i];
  kt_body_to(md.kin, b, t, psi, d);
  pf_kin_update(md.kin, d);
  double rv[3];
  pf_kin_body_state(md.kin, b, NULL, NULL, NULL, rv);
  PF_EXPECT_NEAR(sqrt(pf_v3_dot(rv, rv)), M_PI / 3.0, 1e-14);

  double *f = malloc((size_t)n * sizeof(double));
  double F[3], M[3];
  forces(&md, f);
  pf_kin_body_resultant(md.kin, b, f, F, M);
  if (equilibrated) { /* f0_s += c x d_s with sum_s d_s x (c x d_s) = -M */
    double J[9] = {0}, c[3];
    double arms[9][3];
    int ns = 0;
    double xr[3];
    pf_kin_body_state(md.kin, b, xr, NULL, NULL, NULL);
    const double *u = pf_kin_displacement(md.kin);
    for (int64_t v = 0; v < md.nn; v++) {
      if (pf_kin_node_group(md.kin, v) >= 0) continue;
      for (int i = 0; i < 3; i++) arms[ns][i] = md.m->x[3 * v + i] + u[3 * v + i] - xr[i];
      const double *r = arms[ns++];
      const double rr = pf_v3_dot(r, r);
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) J[3 * i + j] += (i == j) * rr - r[i] * r[j];
    }
    PF_EXPECT(ns == 9, "nine slaves");
    for (int i = 0; i < 3; i++) c[i] = -M[i];
    kt_solve(3, J, c);
    ns = 0;
    for (int64_t v = 0; v < md.nn; v++) {
      if (pf_kin_node_group(md.kin, v) >= 0) continue;
      double cr[3];
      kt_cross(c, arms[ns++], cr);
      for (int i = 0; i < 3; i++) md.f0[3 * v + i] += cr[i];
    }
    forces(&md, f);
    pf_kin_body_resultant(md.kin, b, f, F, M);
    PF_EXPECT(kt_maxabs(3, M) <= 1e-12, "equilibrated moment %.3g", kt_maxabs(3, M));
  }

  /* tangent times a random direction, and differences of the residual */
  double *delta = malloc((size_t)md.ng * sizeof(double)),
         *Kd = calloc((size_t)md.ng, sizeof(double));
  double *rp = malloc((size_t)md.ng * sizeof(double)), *rm = malloc((size_t)md.ng * sizeof(double));
  double *state = malloc((size_t)pf_kin_state_size(md.kin) * sizeof(double));
  for (int64_t g = 0; g < md.ng; g++) delta[g] = kt_rand(&st);
  reduced_tangent_apply(&md, f, delta, Kd);
  pf_kin_state_save(md.kin, state);
  const double h = 1e-5;
  for (int sgn = -1; sgn <= 1; sgn += 2) {
    for (int64_t g = 0; g < md.ng; g++) d[g] = sgn * h * delta[g];
    pf_kin_update(md.kin, d);
    forces(&md, f);
    reduced_residual(&md, f, sgn > 0 ? rp : rm);
    pf_kin_state_restore(md.kin, state);
  }
  const int64_t wo = pf_kin_group_offset(md.kin, pf_kin_body_group(md.kin, b)) + 3;
  double mxw[3];
  kt_cross(M, delta + wo, mxw);
  double err_sym = 0.0, err_cons = 0.0;
  for (int64_t g = 0; g < md.ng; g++) {
    const double fd = (rp[g] - rm[g]) / (2.0 * h);
    const double corr = (g >= wo && g < wo + 3) ? -0.5 * mxw[g - wo] : 0.0;
    err_sym = fmax(err_sym, fabs(fd - Kd[g]));
    err_cons = fmax(err_cons, fabs(fd - Kd[g] - corr));
  }
  const double scale = kt_maxabs((int)md.ng, Kd);
  err_sym /= scale;
  err_cons /= scale;
  printf(
      "%s body moment |M| %.3g: |dr - K delta| / |K delta| = %.3g; with -M x dw / 2 in the "
      "spin rows: %.3g (|K delta| = %.3g)\n",
      equilibrated ? "equilibrated" : "random forces,", norm(3, M), err_sym, err_cons, scale);
  if (equilibrated) {
    PF_EXPECT(err_sym < 1e-6, "reduced tangent vs differences: %.3g", err_sym);
  } else {
    PF_EXPECT(err_cons < 1e-6, "reduced tangent + skew(M)/2 vs differences: %.3g", err_cons);
    PF_EXPECT(err_sym > 1e-4, "the skew part should be visible off equilibrium (%.3g)", err_sym);
  }
  free(state);
  free(rp);
  free(rm);
  free(Kd);
  free(delta);
  free(f);
  free(d);
  free(md.Kn);
  free(md.f0);
  pf_kinematics_destroy(&md.kin);
  pf_mesh_destroy(&md.m);
}

int main(void) {
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) return 1;
  run(ctx, 1);
  run(ctx, 0);
  pf_context_destroy(&ctx);
  return pf_test_result("test_kin_body_tangent");
}
