/*
 * Convergence at the expected rates against an exact 3-D solution (method of manufactured
 * solutions). On the unit cube, u* = c sin(pi x) sin(pi y) sin(pi z) vanishes on the boundary;
 * the body force b = -div sigma(u*) = -(lambda + mu) H(phi) c + 3 mu pi^2 phi c (H the Hessian of
 * phi) is integrated with a 64-point rule into the consistent load vector, the six faces are
 * fixed through the configuration, and the library's assembly and CHOLMOD solve the system.
 * The L2 and H1-seminorm errors, integrated with 64 points per element, must fall at the rates
 * of the theory (Ciarlet; Strang & Fix): tet4 and hex8 h^2 and h^1, tet10 h^3 and h^2, within
 * 0.15 on the finest pair.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "assembly/pf_assembly.h"
#include "fem/pf_fem.h"
#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double E = 1000.0, nu = 0.3;
static const double cvec[3] = {1e-2, -0.5e-2, 0.75e-2};

static void exact(const double *x, double u[3], double gu[3][3]) {
  const double p = M_PI, sx = sin(p * x[0]), sy = sin(p * x[1]), sz = sin(p * x[2]);
  const double cx = cos(p * x[0]), cy = cos(p * x[1]), cz = cos(p * x[2]);
  const double phi = sx * sy * sz, g[3] = {p * cx * sy * sz, p * sx * cy * sz, p * sx * sy * cz};
  for (int i = 0; i < 3; i++) {
    u[i] = cvec[i] * phi;
    for (int j = 0; j < 3; j++) gu[i][j] = cvec[i] * g[j];
  }
}

static void body_force(const double *x, double b[3]) {
  const double lam = E * nu / ((1 + nu) * (1 - 2 * nu)), mu = E / (2 * (1 + nu)), p = M_PI;
  const double sx = sin(p * x[0]), sy = sin(p * x[1]), sz = sin(p * x[2]);
  const double cx = cos(p * x[0]), cy = cos(p * x[1]), cz = cos(p * x[2]);
  const double phi = sx * sy * sz;
  const double H[3][3] = {{-p * p * phi, p * p * cx * cy * sz, p * p * cx * sy * cz},
                          {p * p * cx * cy * sz, -p * p * phi, p * p * sx * cy * cz},
                          {p * p * cx * sy * cz, p * p * sx * cy * cz, -p * p * phi}};
  for (int i = 0; i < 3; i++) {
    double Hc = 0;
    for (int j = 0; j < 3; j++) Hc += H[i][j] * cvec[j];
    b[i] = -(lam + mu) * Hc + 3.0 * mu * p * p * phi * cvec[i];
  }
}

/* 4-point Gauss-Legendre on [0,1]. */
static const double gx[4] = {0.0694318442029737, 0.3300094782075719, 0.6699905217924281,
                             0.9305681557970263};
static const double gw[4] = {0.1739274225687269, 0.3260725774312731, 0.3260725774312731,
                             0.1739274225687269};

/* 64-point rule on the reference element: Gauss on the hex, collapsed (Duffy) Gauss on the tet. */
static int rule64(pf_elem_type t, double xi[64][3], double w[64]) {
  int q = 0;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 4; k++, q++) {
        if (t == PF_ELEM_HEX8) {
          xi[q][0] = 2 * gx[i] - 1, xi[q][1] = 2 * gx[j] - 1, xi[q][2] = 2 * gx[k] - 1;
          w[q] = 8 * gw[i] * gw[j] * gw[k];
        } else {
          const double u = gx[i], v = gx[j], s = gx[k];
          xi[q][0] = u, xi[q][1] = v * (1 - u), xi[q][2] = s * (1 - u) * (1 - v);
          w[q] = (1 - u) * (1 - u) * (1 - v) * gw[i] * gw[j] * gw[k];
        }
      }
  return q;
}

/* Position, Jacobian determinant and spatial shape derivatives at xi. */
static double at_point(pf_elem_type t, const double *X, const double xi[3], double *N,
                       double (*dNdx)[3], double x[3]) {
  const int nn = pf_elem_nodes(t);
  double dN[PF_MAX_NODES][3], J[3][3] = {{0}}, Ji[3][3];
  pf_fem_shape(t, xi, N, dN);
  x[0] = x[1] = x[2] = 0;
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) {
      x[i] += N[a] * X[3 * a + i];
      for (int j = 0; j < 3; j++) J[i][j] += X[3 * a + i] * dN[a][j];
    }
  const double det = J[0][0] * (J[1][1] * J[2][2] - J[1][2] * J[2][1]) -
                     J[0][1] * (J[1][0] * J[2][2] - J[1][2] * J[2][0]) +
                     J[0][2] * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);
  Ji[0][0] = (J[1][1] * J[2][2] - J[1][2] * J[2][1]) / det;
  Ji[0][1] = (J[0][2] * J[2][1] - J[0][1] * J[2][2]) / det;
  Ji[0][2] = (J[0][1] * J[1][2] - J[0][2] * J[1][1]) / det;
  Ji[1][0] = (J[1][2] * J[2][0] - J[1][0] * J[2][2]) / det;
  Ji[1][1] = (J[0][0] * J[2][2] - J[0][2] * J[2][0]) / det;
  Ji[1][2] = (J[0][2] * J[1][0] - J[0][0] * J[1][2]) / det;
  Ji[2][0] = (J[1][0] * J[2][1] - J[1][1] * J[2][0]) / det;
  Ji[2][1] = (J[0][1] * J[2][0] - J[0][0] * J[2][1]) / det;
  Ji[2][2] = (J[0][0] * J[1][1] - J[0][1] * J[1][0]) / det;
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++)
      dNdx[a][i] = dN[a][0] * Ji[0][i] + dN[a][1] * Ji[1][i] + dN[a][2] * Ji[2][i];
  return det;
}

/* Solves on an n^3 mesh; returns the L2 and H1-seminorm errors. */
static int solve(pf_elem_type t, int n, double *eL2, double *eH1) {
  char mesh_path[64], cfg[64];
  snprintf(mesh_path, sizeof(mesh_path), "mms-%s-%d.inp", pf_elem_name(t), n);
  snprintf(cfg, sizeof(cfg), "mms-%s-%d.yaml", pf_elem_name(t), n);
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const int nn3[3] = {n, n, n};
  const double L[3] = {1, 1, 1};
  tm_box_inp(t, nn3, L, 0.0, 0, mesh_path);
  tr_write(cfg,
           "mesh: {file: %s}\nmaterials: {m: {model: linear_elastic, E: %g, nu: %g}}\n"
           "regions: {block: m}\nboundary:\n  - {type: fixed, set: xmin}\n"
           "  - {type: fixed, set: xmax}\n  - {type: fixed, set: ymin}\n"
           "  - {type: fixed, set: ymax}\n  - {type: fixed, set: zmin}\n"
           "  - {type: fixed, set: zmax}\n",
           mesh_path, E, nu);
  pf_run_options opt = {0};
  opt.config_path = cfg;
  pf_loaded ld;
  pf_dofmap *dm = NULL;
  pf_colouring *col = NULL;
  pf_csr *K = NULL;
  pf_solver *solver = NULL;
  int rc = pf_api_load(ctx, &opt, &ld);
  if (!rc) rc = pf_dofmap_build(ctx, ld.model, &dm);
  if (!rc) rc = pf_colouring_build(ctx, ld.mesh, &col);
  if (!rc) rc = pf_pattern_build(ctx, ld.mesh, dm, 1, &K);
  double *f = NULL, *x = NULL, *u = NULL;
  if (!rc) {
    f = calloc((size_t)dm->n_eq, sizeof(double));
    x = calloc((size_t)dm->n_eq, sizeof(double));
    u = calloc((size_t)dm->n_dofs, sizeof(double));
    rc = pf_assemble_stiffness(ctx, ld.model, dm, col, K, f);
  }
  const int nn = pf_elem_nodes(t);
  double xi[64][3], w[64];
  const int nq = rule64(t, xi, w);
  const pf_elem_block *blk = &ld.mesh->blocks[t];
  for (int64_t e = 0; !rc && e < blk->count; e++) {
    double X[3 * PF_MAX_NODES], N[PF_MAX_NODES], dNdx[PF_MAX_NODES][3], xq[3], b[3];
    pf_fem_gather_X(ld.mesh, t, e, X);
    for (int q = 0; q < nq; q++) {
      const double dv = at_point(t, X, xi[q], N, dNdx, xq) * w[q];
      body_force(xq, b);
      for (int a = 0; a < nn; a++)
        for (int i = 0; i < 3; i++) {
          const int64_t r = dm->eq[3 * blk->conn[e * nn + a] + i];
          if (r >= 0) f[r] += N[a] * b[i] * dv;
        }
    }
  }
  if (!rc) rc = pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &solver);
  if (!rc) rc = pf_solver_set_groups(solver, dm->n_nodes, dm->eq_node);
  if (!rc) rc = pf_solver_analyse(solver, K);
  if (!rc) rc = pf_solver_factor(solver, K);
  if (!rc) rc = pf_solver_solve(solver, K, f, x);
  if (rc) {
    fprintf(stderr, "%s n=%d: %s\n", pf_elem_name(t), n, pf_context_error(ctx));
  } else {
    for (int64_t d = 0; d < dm->n_dofs; d++) u[d] = dm->eq[d] >= 0 ? x[dm->eq[d]] : 0.0;
    double l2 = 0, h1 = 0;
    for (int64_t e = 0; e < blk->count; e++) {
      double X[3 * PF_MAX_NODES], N[PF_MAX_NODES], dNdx[PF_MAX_NODES][3], xq[3];
      pf_fem_gather_X(ld.mesh, t, e, X);
      for (int q = 0; q < nq; q++) {
        const double dv = at_point(t, X, xi[q], N, dNdx, xq) * w[q];
        double ue[3], ge[3][3], uh[3] = {0, 0, 0}, gh[3][3] = {{0}};
        exact(xq, ue, ge);
        for (int a = 0; a < nn; a++)
          for (int i = 0; i < 3; i++) {
            const double ua = u[3 * blk->conn[e * nn + a] + i];
            uh[i] += N[a] * ua;
            for (int j = 0; j < 3; j++) gh[i][j] += dNdx[a][j] * ua;
          }
        for (int i = 0; i < 3; i++) {
          l2 += (uh[i] - ue[i]) * (uh[i] - ue[i]) * dv;
          for (int j = 0; j < 3; j++) h1 += (gh[i][j] - ge[i][j]) * (gh[i][j] - ge[i][j]) * dv;
        }
      }
    }
    *eL2 = sqrt(l2);
    *eH1 = sqrt(h1);
  }
  free(f);
  free(x);
  free(u);
  pf_solver_destroy(&solver);
  pf_csr_destroy(&K);
  pf_colouring_destroy(&col);
  pf_dofmap_destroy(&dm);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
  return rc;
}

static void study(pf_elem_type t, const int *ns, int count, double rate_l2, double rate_h1) {
  double l2[4], h1[4];
  for (int k = 0; k < count; k++) {
    if (solve(t, ns[k], &l2[k], &h1[k])) {
      PF_EXPECT(0, "%s n=%d failed", pf_elem_name(t), ns[k]);
      return;
    }
    printf("%-6s n=%2d  L2 error %.4e  H1 error %.4e", pf_elem_name(t), ns[k], l2[k], h1[k]);
    if (k) {
      const double r = log((double)ns[k] / ns[k - 1]);
      printf("  rates %.3f %.3f", log(l2[k - 1] / l2[k]) / r, log(h1[k - 1] / h1[k]) / r);
    }
    printf("\n");
  }
  const double r = log((double)ns[count - 1] / ns[count - 2]);
  const double rl2 = log(l2[count - 2] / l2[count - 1]) / r;
  const double rh1 = log(h1[count - 2] / h1[count - 1]) / r;
  PF_EXPECT(fabs(rl2 - rate_l2) <= 0.15, "%s L2 rate %.3f, expected %.1f", pf_elem_name(t), rl2,
            rate_l2);
  PF_EXPECT(fabs(rh1 - rate_h1) <= 0.15, "%s H1 rate %.3f, expected %.1f", pf_elem_name(t), rh1,
            rate_h1);
}

int main(void) {
  const int n_lin[3] = {4, 8, 16}, n_quad[3] = {2, 4, 8};
  study(PF_ELEM_TET4, n_lin, 3, 2.0, 1.0);
  study(PF_ELEM_HEX8, n_lin, 3, 2.0, 1.0);
  study(PF_ELEM_TET10, n_quad, 3, 3.0, 2.0);
  return pf_test_result("verify_convergence");
}
