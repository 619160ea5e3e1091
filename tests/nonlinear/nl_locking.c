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
 * 2. Finite strain: the inner surface pushed out radially to r = 1.5 a (prescribed per node); the
 *    incompressible plane-strain neo-Hookean solution maps R to r = sqrt(R^2 + (1.5^2 - 1) a^2)
 *    and needs the internal pressure (equilibrium, sigma_tt - sigma_rr = mu (lambda^2 -
 *    lambda^-2), lambda = r / R)
 *      P = mu int_{r_a}^{r_b} (lambda^2 - lambda^-2) / r dr,
 *    whose resultant on the quarter surface is P r_a H along x and along y. Asserted: mean
 *    dilatation within 1% in r(R) at every node and in the resultant; plain tet10 off by more
 *    than 10% in the resultant (locking).
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

/* L2 error of the pressure against the constant p_exact over the tet10 elements. */
static double pressure_error(pf_context *ctx, const pf_loaded *ld, const pf_solution *sol,
                             int mixed, double p_exact) {
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
      double dN[10][3];
      const double detJ = pf_fem_gradients(rule, q, X, dN);
      double ph = info.pressure;
      if (!mixed) {
        double F[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, S[6];
        for (int k = 0; k < 10; k++)
          for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) F[3 * i + j] += u[3 * k + i] * dN[k][j];
        pf_material_eval(&mat, PF_PART_FULL, F, NULL, S, NULL, NULL);
        const double J = F[0] * (F[4] * F[8] - F[5] * F[7]) - F[1] * (F[3] * F[8] - F[5] * F[6]) +
                         F[2] * (F[3] * F[7] - F[4] * F[6]);
        /* tr(sigma) = tr(F S F^T) / J = S : C / J */
        double C[6] = {0};
        const int vi[6] = {0, 1, 2, 0, 1, 0}, vj[6] = {0, 1, 2, 1, 2, 2};
        for (int s = 0; s < 6; s++)
          for (int k = 0; k < 3; k++) C[s] += F[3 * k + vi[s]] * F[3 * k + vj[s]];
        const double SC = S[0] * C[0] + S[1] * C[1] + S[2] * C[2] +
                          2.0 * (S[3] * C[3] + S[4] * C[4] + S[5] * C[5]);
        ph = SC / (3.0 * J);
      }
      const double w = rule->w[q] * detJ;
      num += (ph - p_exact) * (ph - p_exact) * w;
      den += p_exact * p_exact * w;
    }
  }
  return sqrt(num / den);
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
  const double perr = pressure_error(ctx, &ld, sol, mixed, pm);
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

/* P of the incompressible plane-strain neo-Hookean ring with inner radius a -> lambda_a a
 * (composite Simpson over r). */
static double finite_pressure(double lambda_a) {
  const double c = (lambda_a * lambda_a - 1.0) * a * a;
  const double ra = lambda_a * a, rb = sqrt(b * b + c);
  const int n = 2000;
  double s = 0.0;
  for (int k = 0; k <= n; k++) {
    const double r = ra + (rb - ra) * k / n;
    const double l = r / sqrt(r * r - c);
    const double f = (l * l - 1.0 / (l * l)) / r;
    s += f * (k == 0 || k == n ? 1.0 : (k % 2 ? 4.0 : 2.0));
  }
  return mu * s * (rb - ra) / (3.0 * n);
}

static void finite_strain(const char *formulation, double *rel_force) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  const int mixed = !strcmp(formulation, "mean_dilatation");
  const double lambda_a = 1.5;
  pf_mesh *mesh = NULL;
  const int n[3] = {6, 8, 1};
  tm_ring(ctx, PF_ELEM_TET10, n, a, b, 90.0, H, &mesh);
  FILE *f = fopen("lock_finite.yaml", "w");
  fprintf(f,
          "mesh: {file: lock_finite.inp}\n"
          "materials: {m: {model: neo_hookean, mu: %.17g, kappa: %.17g}}\n"
          "regions: {block: {material: m, formulation: %s}}\n"
          "analysis: {type: static_nonlinear, increments: 5}\n"
          "boundary:\n"
          "  - {type: fixed, set: sym_y, dofs: [y]}\n"
          "  - {type: fixed, set: sym_x, dofs: [x]}\n"
          "  - {type: fixed, set: zmin, dofs: [z]}\n"
          "  - {type: fixed, set: zmax, dofs: [z]}\n",
          mu, kappa(), formulation);
  /* every inner node pushed out radially (x and y only: z stays free or held by zmin/zmax) */
  const int64_t nn = mesh->n_nodes;
  for (int64_t v = 0; v < nn; v++) {
    const double *X = mesh->x + 3 * v;
    const double R = hypot(X[0], X[1]);
    if (fabs(R - a) > 1e-9) continue;
    char name[32];
    snprintf(name, sizeof(name), "i%lld", (long long)mesh->node_ids[v]);
    mesh->nsets = realloc(mesh->nsets, (size_t)(mesh->n_nsets + 1) * sizeof(*mesh->nsets));
    pf_nset *s = &mesh->nsets[mesh->n_nsets++];
    s->name = strdup(name);
    s->count = 1;
    s->nodes = malloc(sizeof(int64_t));
    s->nodes[0] = v;
    /* a node on a symmetry plane gets only its free in-plane component */
    const double ux = (lambda_a - 1.0) * X[0], uy = (lambda_a - 1.0) * X[1];
    if (fabs(X[1]) < 1e-9)
      fprintf(f, "  - {type: displacement, set: %s, dofs: [x], value: [%.17g]}\n", name, ux);
    else if (fabs(X[0]) < 1e-9)
      fprintf(f, "  - {type: displacement, set: %s, dofs: [y], value: [%.17g]}\n", name, uy);
    else
      fprintf(f, "  - {type: displacement, set: %s, dofs: [x, y], value: [%.17g, %.17g]}\n",
              name, ux, uy);
  }
  fclose(f);
  tm_write_inp(mesh, "lock_finite.inp");
  pf_mesh_destroy(&mesh);

  pf_loaded ld;
  pf_solution *sol;
  if (tr_solve_nl(ctx, "lock_finite.yaml", 0, NULL, &ld, &sol)) {
    PF_EXPECT(0, "finite strain %s: solve failed", formulation);
    pf_context_destroy(&ctx);
    return;
  }
  const double c = (lambda_a * lambda_a - 1.0) * a * a;
  double worst = 0.0, Rx = 0.0, Ry = 0.0;
  for (int64_t v = 0; v < ld.mesh->n_nodes; v++) {
    const double *X = ld.mesh->x + 3 * v, *u = sol->u + 3 * v;
    const double R = hypot(X[0], X[1]);
    const double r = hypot(X[0] + u[0], X[1] + u[1]);
    const double ex = sqrt(R * R + c);
    worst = fmax(worst, fabs(r - ex) / (ex - R));
    if (fabs(R - a) < 1e-9) {
      Rx += sol->reaction[3 * v];
      Ry += sol->reaction[3 * v + 1];
    }
  }
  const double P = finite_pressure(lambda_a);
  const double force = P * lambda_a * a * H;
  /* the prescribed inner nodes hold the pressure: the reaction points outward (+x, +y) */
  const double err = fmax(fabs(Rx - force), fabs(Ry - force)) / force;
  *rel_force = err;
  printf("finite strain (r_a = %.2f a), %-16s: max error of r(R) / u %.3e%%, resultant [%.5f %.5f]"
         " vs %.5f (P = %.6f): %.3e%%\n",
         lambda_a, formulation, 100 * worst, Rx, Ry, force, P, 100 * err);
  if (mixed) {
    PF_EXPECT(worst < 0.01, "mean dilatation: r(R) error %.3e", worst);
    PF_EXPECT(err < 0.01, "mean dilatation: resultant error %.3e", err);
  } else {
    PF_EXPECT(err > 0.10, "displacement tet10: resultant error %.3e, expected locking (> 10%%)",
              err);
  }
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  pf_context_destroy(&ctx);
}

int main(void) {
  small_strain("mean_dilatation");
  small_strain("displacement");
  double e_mixed = 0.0, e_plain = 0.0;
  finite_strain("mean_dilatation", &e_mixed);
  finite_strain("displacement", &e_plain);
  return pf_test_result("nl_locking");
}
