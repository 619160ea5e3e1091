/*
 * Volumetric locking: Lame's thick-walled cylinder (a = 10, b = 20, plane strain, quarter ring of
 * curved tet10 with symmetry planes) of a nearly incompressible compressible neo-Hookean solid
 * (nu = 0.4999 at small strain), in both formulations.
 *
 * 1. Small strain (internal pressure p = 1e-3 mu, a dead load): the linear closed form
 *    (Timoshenko & Goodier, Theory of Elasticity, sec. 28)
 *      u_r(r) = (1 + nu) p a^2 / (E (b^2 - a^2)) ((1 - 2 nu) r + b^2 / r),
 *    and a constant mean Cauchy stress (sigma_rr + sigma_tt + sigma_zz) / 3 = 2 (1 + nu) A / 3,
 *    A = p a^2 / (b^2 - a^2). Asserted: mean dilatation within 1% in u_r and an L2 pressure error
 *    below 3%; plain tet10 with an L2 pressure error above 50% (the test can fail both ways).
 *    The pressure is the element's independent pressure dU/dJ(theta) for mean dilatation and
 *    tr(sigma) / 3 at each quadrature point for the displacement formulation.
 * 2. Finite strain: a dead pressure P0 = 0.35 mu on the inner surface (force per reference area
 *    along the reference normal, so the Cauchy pressure on the current surface is P0 a / r_a)
 *    inflates the ring to r_a of about 1.4 a. The incompressible plane-strain neo-Hookean
 *    solution maps R to r = sqrt(R^2 + r_a^2 - a^2); equilibrium (sigma_tt - sigma_rr = mu
 *    (lambda^2 - lambda^-2), lambda = r / R) gives sigma_rr(r) = -P + mu int_{r_a}^{r} (lambda^2 -
 *    lambda^-2) / s ds with P = P0 a / r_a, which fixes r_a (sigma_rr(r_b) = 0), and the mean
 *    stress sigma_rr + mu ((lambda_r^2 + lambda_t^2 + 1) / 3 - lambda_r^2) (sigma = -p I + mu b).
 *    Asserted: r(R) within 1% and the L2 pressure error below 3% with mean dilatation; the
 *    displacement tet10's L2 pressure error above 20% (measured: 1.1% against 37%; the pressure
 *    is larger here than at small strain, so the same checkerboard is a smaller fraction of it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_nonlinear.h"
#include "fem/pf_fem.h"
#include "material/pf_material.h"
#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

static const double a = 10.0, b = 20.0, H = 4.0, mu = 1.0, nu0 = 0.4999;

static double kappa(void) { return 2.0 * mu * (1.0 + nu0) / (3.0 * (1.0 - 2.0 * nu0)); }

/* tr(sigma) / 3 at a point of a tet10 with displacements u and gradients dN: tr(F S F^T) / (3 J)
 * = S : C / (3 J). */
static double point_pressure(const pf_material *mat, const double *u, double (*dN)[3]) {
  double F[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, S[6], C[6] = {0};
  for (int k = 0; k < 10; k++)
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) F[3 * i + j] += u[3 * k + i] * dN[k][j];
  pf_material_eval(mat, PF_PART_FULL, F, NULL, S, NULL, NULL);
  const double J = F[0] * (F[4] * F[8] - F[5] * F[7]) - F[1] * (F[3] * F[8] - F[5] * F[6]) +
                   F[2] * (F[3] * F[7] - F[4] * F[6]);
  const int vi[6] = {0, 1, 2, 0, 1, 0}, vj[6] = {0, 1, 2, 1, 2, 2};
  for (int s = 0; s < 6; s++)
    for (int k = 0; k < 3; k++) C[s] += F[3 * k + vi[s]] * F[3 * k + vj[s]];
  const double SC =
      S[0] * C[0] + S[1] * C[1] + S[2] * C[2] + 2.0 * (S[3] * C[3] + S[4] * C[4] + S[5] * C[5]);
  return SC / (3.0 * J);
}

/* The exact pressure at a point of current position x. */
typedef double (*exact_pressure)(const double x[3], const void *user);

/* L2 error (relative) of the pressure against exact over the tet10 elements: the element's
 * pressure dU/dJ(theta) with mean dilatation, tr(sigma) / 3 at each quadrature point otherwise,
 * compared at the point's current position. */
static double pressure_error(pf_context *ctx, const pf_loaded *ld, const pf_solution *sol,
                             int mixed, exact_pressure exact, const void *user) {
  pf_material mat;
  if (pf_material_create(ctx, ld->desc, 0, &mat)) return NAN;
  const pf_tl_material m = {pf_material_eval_cb, pf_material_volumetric_cb, &mat, mixed, NULL};
  const pf_elem_block *blk = &ld->mesh->blocks[PF_ELEM_TET10];
  const pf_rule *rule = pf_fem_rule(PF_ELEM_TET10);
  double num = 0.0, den = 0.0;
  for (int64_t e = 0; e < blk->count; e++) {
    double X[30], u[30], fe[30];
    pf_fem_gather_X(ld->mesh, PF_ELEM_TET10, e, X);
    for (int k = 0; k < 10; k++)
      for (int i = 0; i < 3; i++) u[3 * k + i] = sol->u[3 * blk->conn[10 * e + k] + i];
    pf_tl_info info;
    if (pf_fem_tl_solid(PF_ELEM_TET10, X, u, &m, fe, NULL, &info)) return NAN;
    for (int q = 0; q < rule->nqp; q++) {
      double dN[10][3], x[3] = {0, 0, 0};
      const double detJ = pf_fem_gradients(rule, q, X, dN);
      for (int k = 0; k < 10; k++)
        for (int i = 0; i < 3; i++) x[i] += rule->N[q][k] * (X[3 * k + i] + u[3 * k + i]);
      const double ph = mixed ? info.pressure : point_pressure(&mat, u, dN);
      const double pe = exact(x, user);
      const double w = rule->w[q] * detJ;
      num += (ph - pe) * (ph - pe) * w;
      den += pe * pe * w;
    }
  }
  return sqrt(num / den);
}

static double constant_pressure(const double x[3], const void *user) {
  (void)x;
  return *(const double *)user;
}

static void small_strain(const char *formulation) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const int mixed = !strcmp(formulation, "mean_dilatation");
  pf_mesh *mesh = NULL;
  const int n[3] = {4, 8, 1};
  tm_ring(ctx, PF_ELEM_TET10, n, a, b, 90.0, H, &mesh);
  tm_write_inp(mesh, "lock_small.inp");
  pf_mesh_destroy(&mesh);
  const double p = 1e-3 * mu;
  tr_write("lock_small.yaml",
           "mesh: {file: lock_small.inp}\n"
           "materials: {m: {model: neo_hookean, mu: %.17g, kappa: %.17g}}\n"
           "regions: {block: {material: m, formulation: %s}}\n"
           "loads: [{type: pressure, surface: inner, value: %.17g}]\n"
           "boundary:\n"
           "  - {type: fixed, set: sym_y, dofs: [y]}\n"
           "  - {type: fixed, set: sym_x, dofs: [x]}\n"
           "  - {type: fixed, set: zmin, dofs: [z]}\n"
           "  - {type: fixed, set: zmax, dofs: [z]}\n"
           "analysis: {type: static_nonlinear, increments: 1}\n",
           mu, kappa(), formulation, p);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, "lock_small.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "small strain %s: solve failed", formulation);
    pf_context_destroy(&ctx);
    return;
  }
  const double E = 2.0 * mu * (1.0 + nu0);
  double worst = 0.0;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    const double *x = ld.mesh->x + 3 * v, *u = sol->u + 3 * v;
    const double r = hypot(x[0], x[1]);
    const double ur = (u[0] * x[0] + u[1] * x[1]) / r;
    const double ex =
        (1 + nu0) * p * a * a / (E * (b * b - a * a)) * ((1 - 2 * nu0) * r + b * b / r);
    worst = fmax(worst, fabs(ur - ex) / ex);
  }
  const double A = p * a * a / (b * b - a * a);
  const double pm = 2.0 * (1.0 + nu0) * A / 3.0;
  const double perr = pressure_error(ctx, &ld, sol, mixed, constant_pressure, &pm);
  printf("small strain, %-16s: u_r error %.3e%%, L2 pressure error %.3e%%\n", formulation,
         100 * worst, 100 * perr);
  if (mixed) {
    PF_EXPECT(worst < 0.01, "mean dilatation: u_r error %.3e", worst);
    PF_EXPECT(perr < 0.03, "mean dilatation: L2 pressure error %.3e", perr);
  } else {
    PF_EXPECT(perr > 0.5, "displacement tet10: L2 pressure error %.3e, expected locking (> 50%%)",
              perr);
  }
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

/* The incompressible plane-strain neo-Hookean ring with inner radius a -> r_a: c = r_a^2 - a^2,
 * R(r) = sqrt(r^2 - c), lambda = r / R; sigma_rr(r) = -P + mu int_{r_a}^{r} (lambda^2 -
 * lambda^-2) / s ds, P the Cauchy pressure on the inner surface (sigma_rr(r_b) = 0). Composite
 * Simpson. */
static double ring_integral(double c, double r0, double r1) {
  const int n = 2000;
  double s = 0.0;
  for (int k = 0; k <= n; k++) {
    const double r = r0 + (r1 - r0) * k / n;
    const double l = r / sqrt(r * r - c);
    s += (l * l - 1.0 / (l * l)) / r * (k == 0 || k == n ? 1.0 : (k % 2 ? 4.0 : 2.0));
  }
  return mu * s * (r1 - r0) / (3.0 * n);
}

/* Mean Cauchy stress of the closed form at current radius r (c as above, P the inner pressure):
 * sigma = -p_h I + mu b, so tr(sigma) / 3 = sigma_rr + mu ((lr^2 + lt^2 + 1) / 3 - lr^2). */
static double ring_mean_stress(double c, double ra, double P, double r) {
  const double R = sqrt(r * r - c), lt = r / R, lr = R / r;
  const double srr = -P + ring_integral(c, ra, r);
  return srr + mu * ((lr * lr + lt * lt + 1.0) / 3.0 - lr * lr);
}

typedef struct {
  double c, ra, P;
} ring_state;

static double ring_pressure(const double x[3], const void *user) {
  const ring_state *r = user;
  return ring_mean_stress(r->c, r->ra, r->P, hypot(x[0], x[1]));
}

/* Finite strain: a dead pressure P0 (force per reference area, along the reference normal) on
 * the inner surface. By symmetry the traction stays radial, and the Cauchy pressure on the
 * current surface is P0 a / r_a; r_a solves P(r_a) = P0 a / r_a. */
static void finite_strain(const char *formulation) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const int mixed = !strcmp(formulation, "mean_dilatation");
  const double P0 = 0.35 * mu;
  double lo = a, hi = 3.0 * a;
  for (int it = 0; it < 100; it++) {
    const double ra = 0.5 * (lo + hi), c = ra * ra - a * a;
    const double P = ring_integral(c, ra, sqrt(b * b + c));
    if (P > P0 * a / ra)
      hi = ra;
    else
      lo = ra;
  }
  const double ra = 0.5 * (lo + hi), c = ra * ra - a * a, P = P0 * a / ra;
  pf_mesh *mesh = NULL;
  const int n[3] = {6, 12, 1};
  tm_ring(ctx, PF_ELEM_TET10, n, a, b, 90.0, H, &mesh);
  tm_write_inp(mesh, "lock_finite.inp");
  pf_mesh_destroy(&mesh);
  tr_write("lock_finite.yaml",
           "mesh: {file: lock_finite.inp}\n"
           "materials: {m: {model: neo_hookean, mu: %.17g, kappa: %.17g}}\n"
           "regions: {block: {material: m, formulation: %s}}\n"
           "loads: [{type: pressure, surface: inner, value: %.17g}]\n"
           "boundary:\n"
           "  - {type: fixed, set: sym_y, dofs: [y]}\n"
           "  - {type: fixed, set: sym_x, dofs: [x]}\n"
           "  - {type: fixed, set: zmin, dofs: [z]}\n"
           "  - {type: fixed, set: zmax, dofs: [z]}\n"
           "analysis: {type: static_nonlinear, increments: 5}\n",
           mu, kappa(), formulation, P0);
  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, "lock_finite.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "finite strain %s: solve failed", formulation);
    pf_context_destroy(&ctx);
    return;
  }
  /* displacement: r(R) = sqrt(R^2 + c) at every node */
  double worst = 0.0;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    const double *X = ld.mesh->x + 3 * v, *u = sol->u + 3 * v;
    const double R = hypot(X[0], X[1]);
    const double r = hypot(X[0] + u[0], X[1] + u[1]);
    const double ex = sqrt(R * R + c);
    worst = fmax(worst, fabs(r - ex) / (ex - R));
  }
  /* pressure against the closed form at each quadrature point's current radius */
  const ring_state rs = {c, ra, P};
  const double perr = pressure_error(ctx, &ld, sol, mixed, ring_pressure, &rs);
  printf(
      "finite strain (dead pressure %.3g mu, r_a = %.4f a), %-16s: max error of r(R) / u "
      "%.3e%%, L2 pressure error %.3e%%\n",
      P0, ra / a, formulation, 100 * worst, 100 * perr);
  if (mixed) {
    PF_EXPECT(worst < 0.01, "mean dilatation: r(R) error %.3e", worst);
    PF_EXPECT(perr < 0.03, "mean dilatation: L2 pressure error %.3e", perr);
  } else {
    PF_EXPECT(perr > 0.2, "displacement tet10: L2 pressure error %.3e, expected locking (> 20%%)",
              perr);
  }
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  small_strain("mean_dilatation");
  small_strain("displacement");
  finite_strain("mean_dilatation");
  finite_strain("displacement");
  return pf_test_result("nl_locking");
}
