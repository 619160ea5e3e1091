/*
 * Failures are reported through the context with the right status, never printed:
 * - CHOLMOD on an indefinite matrix (one negative diagonal entry at unknown k: every leading
 *   principal submatrix without k is positive definite, so the pivot of k is the first to fail)
 *   -> PF_ERR_INPUT naming unknown k (and its group); the same solver then factorises a valid
 *   matrix again;
 * - CHOLMOD and UMFPACK on a singular matrix (pure Neumann Laplacian: constant null space) ->
 *   PF_ERR_INPUT; UMFPACK with an exactly zero row and column -> PF_ERR_INPUT naming it;
 * - PCG with a tiny iteration limit -> PF_ERR_CONVERGENCE with iterations and residual; PCG
 *   breakdown on an indefinite matrix and a non-positive diagonal -> PF_ERR_INPUT;
 * - misuse: another pattern, solve before factor, UMFPACK given upper storage, PCG settings out
 *   of range, a NaN right-hand side -> the documented codes.
 */
#include "linalg_testlib.h"

static int contains(const char *s, const char *sub) { return strstr(s, sub) != NULL; }

/* Laplacian with the diagonal equal to the sum of the off-diagonal magnitudes (singular). */
static pf_csr *neumann_laplace(pf_context *ctx, int m, int upper) {
  pf_csr *F = tl_laplace7(ctx, m, m, m, 0);
  for (int64_t i = 0; i < F->n; i++) {
    double off = 0.0;
    for (int64_t p = F->rowptr[i]; p < F->rowptr[i + 1]; p++)
      if (F->col[p] != i) off -= F->val[p];
    F->val[pf_csr_find(F, i, i)] = off;
  }
  if (!upper) return F;
  pf_csr *U = tl_laplace7(ctx, m, m, m, 1);
  for (int64_t i = 0; i < U->n; i++)
    for (int64_t p = U->rowptr[i]; p < U->rowptr[i + 1]; p++)
      U->val[p] = F->val[pf_csr_find(F, i, U->col[p])];
  pf_csr_destroy(&F);
  return U;
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  pf_context_set_threads(ctx, 2);
  int64_t *group, ng;
  pf_csr *U = tl_elasticity(ctx, 8, 8, 8, 1, 1.0, 0, &group, &ng);
  pf_csr *F = tl_elasticity(ctx, 8, 8, 8, 0, 1.0, 0, NULL, NULL);
  const int64_t n = U->n;
  double *b = tl_random_vector(n, 9), *x = calloc((size_t)n, 8);
  pf_solver *s;

  /* CHOLMOD, indefinite: unknown k gets a negative diagonal */
  {
    const int64_t k = n / 3;
    char want[64];
    const int64_t pk = pf_csr_find(U, k, k);
    const double keep = U->val[pk];
    U->val[pk] = -1.0;
    for (int with_groups = 0; with_groups < 2; with_groups++) {
      PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &s) == PF_OK, "create");
      if (with_groups) pf_solver_set_groups(s, ng, group);
      PF_EXPECT(pf_solver_analyse(s, U) == PF_OK, "analyse");
      PF_EXPECT(pf_solver_factor(s, U) == PF_ERR_INPUT, "indefinite -> PF_ERR_INPUT");
      PF_EXPECT(pf_context_error_code(ctx) == PF_ERR_INPUT, "code recorded in the context");
      const char *msg = pf_context_error(ctx);
      printf("cholmod indefinite: %s\n", msg);
      snprintf(want, sizeof(want), "unknown %lld", (long long)k);
      PF_EXPECT(contains(msg, "not positive definite") && contains(msg, want),
                "message names the unknown (%s)", want);
      if (with_groups) {
        snprintf(want, sizeof(want), "group %lld", (long long)group[k]);
        PF_EXPECT(contains(msg, want), "message names the group (%s)", want);
      }
      PF_EXPECT(pf_solver_solve(s, U, b, x) == PF_ERR_INTERNAL, "no solve after a failed factor");
      /* recovery: the same solver and symbolic factor with valid values */
      U->val[pk] = keep;
      pf_error_clear(ctx);
      PF_EXPECT(pf_solver_factor(s, U) == PF_OK, "refactor after failure: %s",
                pf_context_error(ctx));
      PF_EXPECT(pf_solver_solve(s, U, b, x) == PF_OK, "solve after recovery");
      PF_EXPECT(tl_rel_residual(U, x, b) < 1e-12, "recovered solution residual %.2e",
                tl_rel_residual(U, x, b));
      PF_EXPECT(pf_solver_get_stats(s)->n_analyse == 1, "recovery kept the symbolic factor");
      U->val[pk] = -1.0;
      pf_solver_destroy(&s);
    }
    U->val[pk] = keep;
  }

  /* CHOLMOD and UMFPACK, singular (floating) */
  {
    pf_csr *NU = neumann_laplace(ctx, 8, 1), *NF = neumann_laplace(ctx, 8, 0);
    double *bn = tl_random_vector(NU->n, 4), *xn = calloc((size_t)NU->n, 8);
    pf_error_clear(ctx);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, NU, bn, xn) == PF_ERR_INPUT, "cholmod singular -> PF_ERR_INPUT");
    printf("cholmod singular: %s\n", pf_context_error(ctx));
    PF_EXPECT(contains(pf_context_error(ctx), "not positive definite"), "cholmod message");
    pf_solver_destroy(&s);
    pf_error_clear(ctx);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, NF, bn, xn) == PF_ERR_INPUT, "umfpack singular -> PF_ERR_INPUT");
    printf("umfpack singular: %s\n", pf_context_error(ctx));
    PF_EXPECT(contains(pf_context_error(ctx), "singular"), "umfpack message");
    pf_solver_destroy(&s);
    pf_csr_destroy(&NU);
    pf_csr_destroy(&NF);
    free(bn);
    free(xn);
  }

  /* a nearly dependent pair: unknowns 6 and 7 coupled by [1 1; 1 1+2^-50] in an otherwise
   * diagonal matrix; whichever is eliminated second keeps a pivot of ~1e-15 of its diagonal
   * (positive: no negative pivot), caught by the pivot ratio checks of both direct solvers */
  {
    const int64_t m = 10;
    int64_t rp[11], ci[12], q = 0;
    for (int64_t i = 0; i < m; i++) {
      rp[i] = q;
      if (i == 7) ci[q++] = 6;
      ci[q++] = i;
      if (i == 6) ci[q++] = 7;
    }
    rp[m] = q;
    const double bd[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double xd[10];
    for (int kind = 0; kind < 2; kind++) {
      pf_csr *D;
      PF_EXPECT(pf_csr_create(ctx, m, 0, rp, ci, &D) == PF_OK, "pair");
      for (int64_t i = 0; i < m; i++)
        for (int64_t p = D->rowptr[i]; p < D->rowptr[i + 1]; p++)
          D->val[p] = (i == 6 || i == 7) ? 1.0 : 1.0 + 0.1 * (double)i;
      D->val[pf_csr_find(D, 7, 7)] = 1.0 + ldexp(1.0, -50);
      pf_error_clear(ctx);
      PF_EXPECT(
          pf_solver_create(ctx, kind == 0 ? PF_SOLVER_CHOLMOD : PF_SOLVER_UMFPACK, &s) == PF_OK,
          "create");
      PF_EXPECT(tl_solve(s, D, bd, xd) == PF_ERR_INPUT, "tiny pivot -> PF_ERR_INPUT");
      const char *msg = pf_context_error(ctx);
      printf("%s tiny pivot: %s\n", kind == 0 ? "cholmod" : "umfpack", msg);
      PF_EXPECT(contains(msg, "at unknown 6") || contains(msg, "at unknown 7"),
                "tiny pivot names unknown 6 or 7");
      pf_solver_destroy(&s);
      /* a badly scaled but regular matrix is accepted: diag(1, .., 1e-20, .., 1) */
      pf_csr *G;
      const int64_t rpd[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                    cid[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
      PF_EXPECT(pf_csr_create(ctx, m, 0, rpd, cid, &G) == PF_OK, "diag");
      for (int64_t i = 0; i < m; i++) G->val[i] = i == 3 ? 1e-20 : 1.0;
      PF_EXPECT(
          pf_solver_create(ctx, kind == 0 ? PF_SOLVER_CHOLMOD : PF_SOLVER_UMFPACK, &s) == PF_OK,
          "create");
      PF_EXPECT(tl_solve(s, G, bd, xd) == PF_OK && xd[3] == 1e20,
                "badly scaled diagonal accepted: %s", pf_context_error(ctx));
      pf_solver_destroy(&s);
      pf_csr_destroy(&D);
      pf_csr_destroy(&G);
    }
  }

  /* UMFPACK, an exactly zero row and column k (pattern kept) */
  {
    const int64_t k = 2 * n / 3;
    pf_csr *Z;
    PF_EXPECT(pf_csr_create(ctx, n, 0, F->rowptr, F->col, &Z) == PF_OK, "copy");
    memcpy(Z->val, F->val, (size_t)pf_csr_nnz(F) * 8);
    for (int64_t i = 0; i < n; i++)
      for (int64_t p = Z->rowptr[i]; p < Z->rowptr[i + 1]; p++)
        if (i == k || Z->col[p] == k) Z->val[p] = 0.0;
    pf_error_clear(ctx);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, Z, b, x) == PF_ERR_INPUT, "umfpack zero row -> PF_ERR_INPUT");
    printf("umfpack zero row %lld: %s\n", (long long)k, pf_context_error(ctx));
    char want[64];
    snprintf(want, sizeof(want), "zero pivot at unknown %lld", (long long)k);
    PF_EXPECT(contains(pf_context_error(ctx), want), "umfpack names the unknown (%s)", want);
    pf_solver_destroy(&s);
    pf_csr_destroy(&Z);
  }

  /* PCG: iteration limit, breakdown, non-positive diagonal */
  {
    pf_error_clear(ctx);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_PCG, &s) == PF_OK, "create");
    PF_EXPECT(pf_solver_set_pcg(s, 1e-10, 3) == PF_OK, "set_pcg");
    PF_EXPECT(tl_solve(s, F, b, x) == PF_ERR_CONVERGENCE, "pcg max_iter -> PF_ERR_CONVERGENCE");
    printf("pcg limit: %s\n", pf_context_error(ctx));
    PF_EXPECT(contains(pf_context_error(ctx), "did not converge in 3 iterations") &&
                  contains(pf_context_error(ctx), "relative residual"),
              "pcg message");
    PF_EXPECT(pf_solver_get_stats(s)->iterations == 3, "iterations recorded");
    PF_EXPECT(pf_solver_get_stats(s)->rel_residual > 1e-10, "residual recorded");
    PF_EXPECT(pf_solver_set_pcg(s, 0.0, 10) == PF_ERR_INPUT, "tolerance 0 refused");
    PF_EXPECT(pf_solver_set_pcg(s, 1e-8, 0) == PF_ERR_INPUT, "max_iter 0 refused");
    pf_solver_destroy(&s);

    /* [[1, 2], [2, 1]] (eigenvalues 3, -1), b = (1, -1): p = b, p^T A p = -2 */
    const int64_t rp[] = {0, 2, 4}, ci[] = {0, 1, 0, 1};
    pf_csr *I2;
    PF_EXPECT(pf_csr_create(ctx, 2, 0, rp, ci, &I2) == PF_OK, "2x2");
    I2->val[0] = 1.0, I2->val[1] = 2.0, I2->val[2] = 2.0, I2->val[3] = 1.0;
    const double b2[2] = {1.0, -1.0};
    double x2[2];
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_PCG, &s) == PF_OK, "create");
    PF_EXPECT(tl_solve(s, I2, b2, x2) == PF_ERR_INPUT, "pcg breakdown -> PF_ERR_INPUT");
    printf("pcg breakdown: %s\n", pf_context_error(ctx));
    PF_EXPECT(contains(pf_context_error(ctx), "not positive definite"), "breakdown message");
    I2->val[3] = -1.0;
    PF_EXPECT(pf_solver_factor(s, I2) == PF_ERR_INPUT, "pcg negative diagonal -> PF_ERR_INPUT");
    pf_solver_destroy(&s);
    pf_csr_destroy(&I2);
  }

  /* misuse */
  {
    pf_csr *other = tl_elasticity(ctx, 7, 8, 8, 1, 1.0, 0, NULL, NULL);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &s) == PF_OK, "create");
    PF_EXPECT(pf_solver_factor(s, U) == PF_ERR_INTERNAL, "factor before analyse");
    PF_EXPECT(pf_solver_analyse(s, U) == PF_OK, "analyse");
    PF_EXPECT(pf_solver_solve(s, U, b, x) == PF_ERR_INTERNAL, "solve before factor");
    PF_EXPECT(pf_solver_factor(s, other) == PF_ERR_INTERNAL, "other pattern refused");
    printf("pattern: %s\n", pf_context_error(ctx));
    /* same size, one column moved: caught by the pattern hash */
    pf_csr *moved;
    PF_EXPECT(pf_csr_create(ctx, n, 1, U->rowptr, U->col, &moved) == PF_OK, "copy");
    const int64_t last = moved->rowptr[1] - 1;
    moved->col[last] = moved->col[last] + 1 < n ? moved->col[last] + 1 : moved->col[last];
    if (moved->col[last] != U->col[last])
      PF_EXPECT(pf_solver_factor(s, moved) == PF_ERR_INTERNAL, "moved entry refused");
    PF_EXPECT(pf_solver_factor(s, U) == PF_OK, "factor");
    PF_EXPECT(pf_solver_solve(s, U, b, b) == PF_ERR_INTERNAL, "x overlapping b refused");
    b[5] = NAN;
    PF_EXPECT(pf_solver_solve(s, U, b, x) == PF_ERR_INPUT, "NaN right-hand side -> PF_ERR_INPUT");
    printf("nan: %s\n", pf_context_error(ctx));
    b[5] = 0.5;
    pf_solver_destroy(&s);
    pf_csr_destroy(&other);
    pf_csr_destroy(&moved);
    PF_EXPECT(pf_solver_create(ctx, PF_SOLVER_UMFPACK, &s) == PF_OK, "create");
    PF_EXPECT(pf_solver_analyse(s, U) == PF_ERR_INTERNAL, "umfpack refuses upper storage");
    pf_solver_destroy(&s);
    PF_EXPECT(pf_solver_create(ctx, (pf_solver_kind)7, &s) == PF_ERR_INTERNAL && !s,
              "unknown kind refused");
    pf_solver_destroy(&s); /* safe on NULL */
  }

  free(b);
  free(x);
  free(group);
  pf_csr_destroy(&U);
  pf_csr_destroy(&F);
  pf_context_destroy(&ctx);
  return pf_test_result("test_linalg_errors");
}
