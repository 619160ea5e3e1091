/*
 * Node-graph ordering ("metis-nodes"): METIS on the graph of mesh nodes, expanded to their
 * unknowns, against CHOLMOD's own METIS ordering of the unknown graph, on an elasticity-like
 * matrix with shuffled node numbers (16^3 nodes, one face clamped, some nodes with two unknowns).
 * Both are nested dissections of the same geometry, so their fill must be comparable: nnz(L) of
 * the node ordering within a factor 1.5 of METIS on unknowns (both printed). The solution must
 * be correct (residual < 1e-12) and agree with the plain METIS solution. UMFPACK accepts the
 * same ordering (12^3 grid). Invalid groups are refused.
 */
#include "linalg_testlib.h"

static double *run(pf_context *ctx, pf_solver_kind kind, const pf_csr *A, const int64_t *group,
                   int64_t n_groups, const double *b, pf_solver_stats *st) {
  pf_solver *s;
  double *x = calloc((size_t)A->n, sizeof(double));
  PF_EXPECT(pf_solver_create(ctx, kind, &s) == PF_OK, "create");
  if (group) PF_EXPECT(pf_solver_set_groups(s, n_groups, group) == PF_OK, "set_groups");
  PF_EXPECT(tl_solve(s, A, b, x) == PF_OK, "solve: %s", pf_context_error(ctx));
  *st = *pf_solver_get_stats(s);
  pf_solver_destroy(&s);
  return x;
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  pf_context_set_threads(ctx, 2);
  int64_t *group, ng;
  pf_csr *U = tl_elasticity(ctx, 16, 16, 16, 1, 1.0, 1, &group, &ng);
  int64_t *group12, ng12; /* UMFPACK on a smaller grid: its LU costs ~6x CHOLMOD's flops */
  pf_csr *F = tl_elasticity(ctx, 12, 12, 12, 0, 1.0, 1, &group12, &ng12);
  const int64_t n = U->n;
  double *b = tl_random_vector(n, 21);

  pf_solver_stats sn, sm, su;
  double *xn = run(ctx, PF_SOLVER_CHOLMOD, U, group, ng, b, &sn);
  double *xm = run(ctx, PF_SOLVER_CHOLMOD, U, NULL, 0, b, &sm);
  printf("elasticity 16^3 shuffled: n = %lld unknowns, %lld nodes\n", (long long)n, (long long)ng);
  printf("  %-12s nnz_L %9lld flops %.3e analyse %.3f s factor %.3f s\n", sn.ordering,
         (long long)sn.nnz_L, sn.flops, sn.t_analyse, sn.t_factor);
  printf("  %-12s nnz_L %9lld flops %.3e analyse %.3f s factor %.3f s\n", sm.ordering,
         (long long)sm.nnz_L, sm.flops, sm.t_analyse, sm.t_factor);
  PF_EXPECT(!strcmp(sn.ordering, "metis-nodes") && !strcmp(sm.ordering, "metis"),
            "ordering names %s / %s", sn.ordering, sm.ordering);
  const double ratio = (double)sn.nnz_L / (double)sm.nnz_L;
  printf("  nnz_L ratio metis-nodes / metis = %.3f\n", ratio);
  PF_EXPECT(ratio < 1.5, "node ordering fill within 1.5x of METIS on unknowns (%.3f)", ratio);
  const double rn = tl_rel_residual(U, xn, b);
  PF_EXPECT(rn < 1e-12, "metis-nodes residual %.3e", rn);
  PF_EXPECT(tl_rel_diff(n, xn, xm) < 1e-10, "metis-nodes and metis solutions agree (%.2e)",
            tl_rel_diff(n, xn, xm));

  /* UMFPACK with the same groups */
  double *bu = tl_random_vector(F->n, 22);
  double *xu = run(ctx, PF_SOLVER_UMFPACK, F, group12, ng12, bu, &su);
  printf("  umfpack %-12s nnz_L+U %9lld flops %.3e\n", su.ordering, (long long)su.nnz_L, su.flops);
  PF_EXPECT(!strcmp(su.ordering, "metis-nodes"), "umfpack ordering %s", su.ordering);
  PF_EXPECT(tl_rel_residual(F, xu, bu) < 1e-12, "umfpack metis-nodes residual %.3e",
            tl_rel_residual(F, xu, bu));

  /* invalid groups: out of range, and a matrix of another size */
  pf_solver *s;
  PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &s) == PF_OK, "create");
  group[n / 2] = ng;
  PF_EXPECT(pf_solver_set_groups(s, ng, group) == PF_OK, "set_groups");
  PF_EXPECT(pf_solver_analyse(s, U) == PF_ERR_INTERNAL, "group out of range refused");
  printf("  refused: %s\n", pf_context_error(ctx));
  PF_EXPECT(pf_solver_set_groups(s, 0, group) == PF_ERR_INTERNAL, "zero groups refused");
  pf_solver_destroy(&s);

  free(b);
  free(xn);
  free(xm);
  free(xu);
  free(bu);
  free(group);
  free(group12);
  pf_csr_destroy(&U);
  pf_csr_destroy(&F);
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_ordering");
}
