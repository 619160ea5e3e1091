/*
 * The three solvers on the same SPD problems: an elasticity-like grid matrix (12^3 nodes, 3
 * unknowns per node) and the 7-point Laplacian (16^3). Checks: the direct solvers reach a
 * relative residual below 1e-12 (backward stable: a few hundred ulps for these condition numbers)
 * and agree with each other to 1e-10; PCG reaches its tolerance 1e-10 and agrees with them to
 * cond(A) * 1e-10 (cond < 1e4 here, so 1e-6); statistics are filled in. Symbolic reuse: one
 * analysis, two factorisations with different values of the same pattern, both solutions
 * correct, n_analyse == 1.
 */
#include "linalg_testlib.h"

typedef struct {
  const char *name;
  pf_csr *F, *U; /* full and upper storage of the same matrix */
} problem;

static double *solve_with(pf_context *ctx, pf_solver_kind kind, const pf_csr *A, const double *b,
                          pf_solver_stats *stats, double *mem) {
  pf_solver *s = NULL;
  double *x = calloc((size_t)A->n, sizeof(double));
  PF_EXPECT(pf_solver_create(ctx, kind, &s) == PF_OK, "create %s", pf_solver_kind_name(kind));
  const int rc = tl_solve(s, A, b, x);
  PF_EXPECT(rc == PF_OK, "%s solve: %s", pf_solver_kind_name(kind), pf_context_error(ctx));
  *stats = *pf_solver_get_stats(s);
  *mem = pf_solver_memory_estimate(s);
  pf_solver_destroy(&s);
  PF_EXPECT(s == NULL, "destroy sets NULL");
  return x;
}

static void check_problem(pf_context *ctx, const problem *P) {
  const int64_t n = P->F->n;
  double *b = tl_random_vector(n, 3);
  pf_solver_stats st[4];
  double mem[4];
  double *xc = solve_with(ctx, PF_SOLVER_CHOLMOD, P->U, b, &st[0], &mem[0]);
  double *xcf = solve_with(ctx, PF_SOLVER_CHOLMOD, P->F, b, &st[1], &mem[1]);
  double *xu = solve_with(ctx, PF_SOLVER_UMFPACK, P->F, b, &st[2], &mem[2]);
  double *xp = solve_with(ctx, PF_SOLVER_PCG, P->F, b, &st[3], &mem[3]);
  const char *names[4] = {"cholmod(upper)", "cholmod(full)", "umfpack", "pcg"};
  const double *xs[4] = {xc, xcf, xu, xp};
  printf("%s: n = %lld, nnz(full) = %lld\n", P->name, (long long)n, (long long)pf_csr_nnz(P->F));
  for (int k = 0; k < 4; k++) {
    const double res = tl_rel_residual(P->F, xs[k], b);
    printf(
        "  %-15s %-18s ordering %-6s nnz_L %9lld flops %.3e factor %.2f MiB est %.2f MiB "
        "it %5d res %.2e (reported %.2e) t %.3f+%.3f+%.3f s\n",
        names[k], st[k].backend, st[k].ordering, (long long)st[k].nnz_L, st[k].flops,
        st[k].factor_bytes / 1048576.0, mem[k] / 1048576.0, st[k].iterations, res,
        st[k].rel_residual, st[k].t_analyse, st[k].t_factor, st[k].t_solve);
    PF_EXPECT(st[k].n == n && st[k].n_analyse == 1 && st[k].n_factor == 1 && st[k].n_solve == 1,
              "%s counts", names[k]);
    /* the same quantity summed in another order: equal up to rounding of its terms (1e-15) */
    PF_EXPECT(fabs(st[k].rel_residual - res) <= 1e-3 * res + 1e-15,
              "%s reported residual %.3e matches the reference %.3e", names[k], st[k].rel_residual,
              res);
    PF_EXPECT(mem[k] > 0.0 && mem[k] >= st[k].factor_bytes, "%s memory estimate", names[k]);
    if (k < 3) {
      PF_EXPECT(res < 1e-12, "%s direct residual %.3e < 1e-12", names[k], res);
      PF_EXPECT(
          st[k].iterations == 1 && st[k].nnz_L > 0 && st[k].flops > 0.0 && st[k].factor_bytes > 0.0,
          "%s statistics", names[k]);
      PF_EXPECT(tl_rel_diff(n, xs[k], xc) < 1e-10, "%s agrees with cholmod (%.2e)", names[k],
                tl_rel_diff(n, xs[k], xc));
    } else {
      PF_EXPECT(res <= 1.5e-10, "pcg residual %.3e <= tolerance 1e-10", res);
      PF_EXPECT(st[k].iterations > 1, "pcg iterated");
      PF_EXPECT(tl_rel_diff(n, xp, xc) < 1e-6, "pcg agrees with cholmod (%.2e)",
                tl_rel_diff(n, xp, xc));
    }
  }
  PF_EXPECT(!strcmp(st[0].backend, "cholmod-supernodal") && !strcmp(st[0].ordering, "metis"),
            "cholmod backend/ordering names");
  PF_EXPECT(!strcmp(st[2].backend, "umfpack") && !strcmp(st[3].backend, "pcg-jacobi"),
            "umfpack/pcg backend names");
  PF_EXPECT(st[0].nnz_L == st[1].nnz_L, "cholmod: full storage uses the same upper triangle");
  PF_EXPECT(memcmp(xc, xcf, (size_t)n * 8) == 0, "cholmod: full and upper storage bit-identical");
  free(b);
  free(xc);
  free(xcf);
  free(xu);
  free(xp);
}

/* Same pattern, other values: A2 = A + D, D_ii = 0.3 (1 + i mod 7) (still SPD). */
static void shift_diagonal(pf_csr *A) {
  for (int64_t i = 0; i < A->n; i++) A->val[pf_csr_find(A, i, i)] += 0.3 * (double)(1 + i % 7);
}

static void check_reuse(pf_context *ctx, pf_solver_kind kind, const problem *P) {
  const pf_csr *A0 = pf_solver_wants_upper(kind) ? P->U : P->F;
  const int64_t n = A0->n;
  pf_csr *A;
  PF_EXPECT(pf_csr_create(ctx, n, A0->upper, A0->rowptr, A0->col, &A) == PF_OK, "copy");
  memcpy(A->val, A0->val, (size_t)pf_csr_nnz(A) * sizeof(double));
  double *b = tl_random_vector(n, 5), *x1 = calloc((size_t)n, 8), *x2 = calloc((size_t)n, 8);
  pf_solver *s;
  PF_EXPECT(pf_solver_create(ctx, kind, &s) == PF_OK, "create");
  PF_EXPECT(pf_solver_analyse(s, A) == PF_OK, "analyse: %s", pf_context_error(ctx));
  PF_EXPECT(pf_solver_factor(s, A) == PF_OK, "factor 1: %s", pf_context_error(ctx));
  PF_EXPECT(pf_solver_solve(s, A, b, x1) == PF_OK, "solve 1: %s", pf_context_error(ctx));
  const double r1 = tl_rel_residual(A, x1, b);
  shift_diagonal(A);
  PF_EXPECT(pf_solver_factor(s, A) == PF_OK, "factor 2: %s", pf_context_error(ctx));
  PF_EXPECT(pf_solver_solve(s, A, b, x2) == PF_OK, "solve 2: %s", pf_context_error(ctx));
  const double r2 = tl_rel_residual(A, x2, b);
  const pf_solver_stats *st = pf_solver_get_stats(s);
  const double tol = kind == PF_SOLVER_PCG ? 1.5e-10 : 1e-12;
  printf(
      "  reuse %-8s %s: residuals %.2e, %.2e; n_analyse %d n_factor %d n_solve %d; "
      "solutions differ by %.2e\n",
      pf_solver_kind_name(kind), P->name, r1, r2, st->n_analyse, st->n_factor, st->n_solve,
      tl_rel_diff(n, x1, x2));
  PF_EXPECT(r1 < tol && r2 < tol, "%s reuse residuals %.2e %.2e", pf_solver_kind_name(kind), r1,
            r2);
  PF_EXPECT(st->n_analyse == 1 && st->n_factor == 2 && st->n_solve == 2, "%s reuse counts",
            pf_solver_kind_name(kind));
  PF_EXPECT(tl_rel_diff(n, x1, x2) > 1e-3, "the second factorisation used the new values");
  pf_solver_destroy(&s);
  pf_csr_destroy(&A);
  free(b);
  free(x1);
  free(x2);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  pf_context_set_threads(ctx, 2);
  PF_EXPECT(!strcmp(pf_solver_kind_name(PF_SOLVER_CHOLMOD), "cholmod") &&
                !strcmp(pf_solver_kind_name(PF_SOLVER_UMFPACK), "umfpack") &&
                !strcmp(pf_solver_kind_name(PF_SOLVER_PCG), "pcg"),
            "kind names");
  PF_EXPECT(pf_solver_wants_upper(PF_SOLVER_CHOLMOD) == 1 &&
                pf_solver_wants_upper(PF_SOLVER_UMFPACK) == 0 &&
                pf_solver_wants_upper(PF_SOLVER_PCG) == 0,
            "wants_upper");
  problem P[2] = {
      {"elasticity 12^3", tl_elasticity(ctx, 12, 12, 12, 0, 1.0, 0, NULL, NULL),
       tl_elasticity(ctx, 12, 12, 12, 1, 1.0, 0, NULL, NULL)},
      {"laplace7 16^3", tl_laplace7(ctx, 16, 16, 16, 0), tl_laplace7(ctx, 16, 16, 16, 1)},
  };
  for (int k = 0; k < 2; k++) check_problem(ctx, &P[k]);
  for (int kind = 0; kind < 3; kind++) check_reuse(ctx, (pf_solver_kind)kind, &P[0]);
  for (int k = 0; k < 2; k++) {
    pf_csr_destroy(&P[k].F);
    pf_csr_destroy(&P[k].U);
  }
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_solvers");
}
