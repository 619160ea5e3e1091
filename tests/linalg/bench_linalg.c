/*
 * Benchmark (label bench, not a test): CHOLMOD analyse + factor on an elasticity-like grid
 * matrix (default 32^3 nodes, ~95k unknowns) with the node ordering ("metis-nodes") and with
 * CHOLMOD's METIS ordering, for the thread counts given; and the matrix-vector products (full,
 * upper, serial reference). Prints a table with the machine, the BLAS kernel and the
 * OpenMP wait policy. Run it under different OPENBLAS_CORETYPE / OMP_WAIT_POLICY settings:
 *   bench_linalg [nodes_per_side [threads ...]]
 */
#include <sys/utsname.h>

#include "linalg_testlib.h"

char *openblas_get_corename(void);
char *openblas_get_config(void);

int main(int argc, char **argv) {
  const int m = argc > 1 ? atoi(argv[1]) : 32;
  int threads[8] = {1, 2}, nt = 2;
  if (argc > 2) {
    nt = 0;
    for (int a = 2; a < argc && nt < 8; a++) threads[nt++] = atoi(argv[a]);
  }
  pf_context *ctx;
  if (pf_context_create(&ctx) < 0) return 1;
  struct utsname u;
  uname(&u);
  const char *wait = getenv("OMP_WAIT_POLICY");
  double load[1] = {0.0};
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%lf", &load[0]) != 1) load[0] = -1.0;
    fclose(f);
  }
  printf("machine %s %s, BLAS %s (%s), OMP_WAIT_POLICY=%s, load average %.2f\n", u.nodename,
         u.machine, openblas_get_corename(), openblas_get_config(), wait ? wait : "(unset)",
         load[0]);
  int64_t *group, ng;
  double t0 = pf_wtime();
  pf_csr *U = tl_elasticity(ctx, m, m, m, 1, 1.0, 0, &group, &ng);
  const int64_t n = U->n;
  printf("elasticity %d^3: n = %lld unknowns, %lld nodes, nnz(upper) = %lld (built in %.1f s)\n", m,
         (long long)n, (long long)ng, (long long)pf_csr_nnz(U), pf_wtime() - t0);
  double *b = tl_random_vector(n, 1), *x = calloc((size_t)n, 8);

  printf("%-12s %7s %10s %10s %9s %9s %8s %9s %10s %s\n", "ordering", "threads", "nnz_L", "flops",
         "analyse_s", "factor_s", "GFLOP/s", "solve_s", "residual", "first_factor_s");
  for (int t = 0; t < nt; t++) {
    pf_context_set_threads(ctx, threads[t]);
    for (int g = 1; g >= 0; g--) {
      pf_solver *s;
      if (pf_solver_create(ctx, PF_SOLVER_CHOLMOD, &s) < 0) return 1;
      if (g) pf_solver_set_groups(s, ng, group);
      int rc = pf_solver_analyse(s, U);
      /* two factorisations: the second is the steady state of a Newton loop */
      if (rc >= 0) rc = pf_solver_factor(s, U);
      const double t_first = pf_solver_get_stats(s)->t_factor;
      if (rc >= 0) rc = pf_solver_factor(s, U);
      if (rc >= 0) rc = pf_solver_solve(s, U, b, x);
      if (rc < 0) {
        fprintf(stderr, "bench: %s\n", pf_context_error(ctx));
        return 1;
      }
      const pf_solver_stats *st = pf_solver_get_stats(s);
      printf("%-12s %7d %10lld %10.3e %9.3f %9.3f %8.1f %9.3f %10.2e %.3f\n", st->ordering,
             threads[t], (long long)st->nnz_L, st->flops, st->t_analyse, st->t_factor,
             st->flops / st->t_factor * 1e-9, st->t_solve, st->rel_residual, t_first);
      if (t == 0)
        printf("%-12s factor %.0f MiB, memory estimate %.0f MiB, peak RSS so far %.0f MiB\n", "",
               st->factor_bytes / 1048576.0, pf_solver_memory_estimate(s) / 1048576.0,
               (double)pf_peak_rss_bytes() / 1048576.0);
      pf_solver_destroy(&s);
    }
  }

  /* products: 20 repetitions each */
  pf_csr *F = NULL;
  pf_csr_expand_full(ctx, U, &F);
  double *y = calloc((size_t)n, 8);
  for (int t = 0; t < nt; t++) {
    pf_context_set_threads(ctx, threads[t]);
    double tf = pf_wtime();
    for (int r = 0; r < 20; r++) pf_csr_matvec(ctx, F, b, y);
    tf = (pf_wtime() - tf) / 20;
    double tu = pf_wtime();
    for (int r = 0; r < 20; r++) pf_csr_matvec(ctx, U, b, y);
    tu = (pf_wtime() - tu) / 20;
    double ts = pf_wtime();
    for (int r = 0; r < 20; r++) tl_matvec_ref(U, b, y);
    ts = (pf_wtime() - ts) / 20;
    printf("matvec threads %d: full %.2f ms, upper %.2f ms, upper serial reference %.2f ms\n",
           threads[t], tf * 1e3, tu * 1e3, ts * 1e3);
  }
  free(y);
  free(b);
  free(x);
  free(group);
  pf_csr_destroy(&U);
  pf_csr_destroy(&F);
  pf_context_destroy(&ctx);
  return 0;
}
