/*
 * Sensitivity measures of sweep/sensitivity.c against closed forms:
 * - a linear model y = sum c_i x_i: SRC_i = c_i sd(x_i) / sd(y) of the sample, R^2 = 1 (to
 *   round-off), for any sample of the x;
 * - a full grid: the main effects of an additive model are Var(g_i) / sum_j Var(g_j) over the
 *   levels and sum to 1; a pure interaction x1 x2 on symmetric levels has main effects 0;
 * - the Ishigami function (a = 7, b = 0.1, x_i ~ U(-pi, pi); Ishigami and Homma 1990; indices
 *   in Saltelli et al. 2010 and Sobol' and Levitan 1999): Sobol indices from a Saltelli plan
 *   within 4 standard errors, the standard error measured from independent replicate samples;
 * - a failed Saltelli case drops its sample row from every block.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_test.h"
#include "sweep/pf_sweep.h"

/* splitmix64 (Steele, Lea and Flood 2014): the test's own seeded generator. */
static uint64_t next_u64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static double uniform(uint64_t *state, double lo, double hi) {
  return lo + (hi - lo) * ((double)(next_u64(state) >> 11) * 0x1.0p-53);
}

static void plan_init(pf_sweep_plan *p, pf_sweep_sampling sampling, int n, int k, int samples) {
  memset(p, 0, sizeof(*p));
  p->sampling = sampling;
  p->n_cases = n;
  p->n_params = k;
  p->samples = samples;
  p->value = calloc((size_t)n * k, sizeof(double));
}

static double ishigami(const double *x) {
  const double a = 7.0, b = 0.1;
  return sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0]);
}

/* A Saltelli plan of N samples for the Ishigami function (A, B, AB_1..AB_3) and its y. */
static void ishigami_plan(uint64_t seed, int N, pf_sweep_plan *p, double **y) {
  const int k = 3;
  plan_init(p, PF_SWEEP_SALTELLI, N * (k + 2), k, N);
  *y = calloc((size_t)p->n_cases, sizeof(double));
  uint64_t st = seed;
  for (int r = 0; r < N; r++)
    for (int j = 0; j < k; j++) {
      p->value[(size_t)r * k + j] = uniform(&st, -M_PI, M_PI);       /* A */
      p->value[(size_t)(N + r) * k + j] = uniform(&st, -M_PI, M_PI); /* B */
    }
  for (int i = 0; i < k; i++)
    for (int r = 0; r < N; r++)
      for (int j = 0; j < k; j++)
        p->value[((size_t)(2 + i) * N + r) * k + j] =
            p->value[(size_t)((j == i ? N : 0) + r) * k + j];
  for (int r = 0; r < p->n_cases; r++) (*y)[r] = ishigami(&p->value[(size_t)r * k]);
}

static void sample_sd(const double *v, int n, int stride, double *sd) {
  double m = 0.0, s = 0.0;
  for (int r = 0; r < n; r++) m += v[(size_t)r * stride];
  m /= n;
  for (int r = 0; r < n; r++) s += (v[(size_t)r * stride] - m) * (v[(size_t)r * stride] - m);
  *sd = sqrt(s / n);
}

static void test_linear(pf_context *ctx) {
  /* 4 parameters: three uniform on different ranges, one text (NaN values) that must be skipped */
  const int n = 200, k = 4;
  const double c[3] = {2.0, -3.0, 0.5}, lo[3] = {0, 10, -50}, hi[3] = {1, 12, 50};
  pf_sweep_plan p;
  plan_init(&p, PF_SWEEP_LHS, n, k, 0);
  double *y = calloc(n, sizeof(double));
  uint64_t st = 42;
  for (int r = 0; r < n; r++) {
    y[r] = 0.0;
    for (int j = 0; j < 3; j++) {
      p.value[(size_t)r * k + j] = uniform(&st, lo[j], hi[j]);
      y[r] += c[j] * p.value[(size_t)r * k + j];
    }
    p.value[(size_t)r * k + 3] = NAN;
  }
  y[17] = NAN; /* a case without a value is skipped: the closed form uses the others */
  pf_sensitivity s;
  PF_EXPECT(pf_sensitivity_compute(ctx, &p, y, &s) == PF_OK, "compute (linear)");
  PF_EXPECT(s.n_used == n - 1, "n_used %d, expected %d", s.n_used, n - 1);
  /* the sample without case 17 */
  double *v = calloc((size_t)(n - 1) * k, sizeof(double)), *yy = calloc(n - 1, sizeof(double));
  for (int r = 0, q = 0; r < n; r++)
    if (r != 17) {
      memcpy(&v[(size_t)q * k], &p.value[(size_t)r * k], sizeof(double) * k);
      yy[q++] = y[r];
    }
  double sdy;
  sample_sd(yy, n - 1, 1, &sdy);
  for (int j = 0; j < 3; j++) {
    double sdx;
    sample_sd(&v[j], n - 1, k, &sdx);
    PF_EXPECT_NEAR(s.src[j], c[j] * sdx / sdy, 1e-12);
  }
  PF_EXPECT_NEAR(s.r2, 1.0, 1e-12);
  PF_EXPECT(isnan(s.src[3]) && isnan(s.main_effect[3]), "a text parameter has NaN measures");
  PF_EXPECT(s.sobol_first == NULL && s.sobol_total == NULL, "no Sobol indices without Saltelli");
  pf_sensitivity_free(&s);
  free(v), free(yy), free(y), free(p.value);
}

/* Full grid 4 x 3 x 5 (first parameter slowest) of levels lv[j]. */
static const double lv0[4] = {1, 2, 3, 5}, lv1[3] = {-1, 0.5, 2}, lv2[5] = {0, 0.1, 0.4, 0.9, 1};
static void grid_plan(pf_sweep_plan *p) {
  plan_init(p, PF_SWEEP_GRID, 60, 3, 0);
  int r = 0;
  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 3; b++)
      for (int c = 0; c < 5; c++, r++) {
        p->value[(size_t)r * 3 + 0] = lv0[a];
        p->value[(size_t)r * 3 + 1] = lv1[b];
        p->value[(size_t)r * 3 + 2] = lv2[c];
      }
}
static double g0(double x) { return x * x; }
static double g1(double x) { return sin(x); }
static double g2(double x) { return exp(2 * x); }
static double level_var(const double *lv, int m, double (*g)(double)) {
  double mean = 0.0, s = 0.0;
  for (int i = 0; i < m; i++) mean += g(lv[i]);
  mean /= m;
  for (int i = 0; i < m; i++) s += (g(lv[i]) - mean) * (g(lv[i]) - mean);
  return s / m;
}

static void test_grid(pf_context *ctx) {
  pf_sweep_plan p;
  grid_plan(&p);
  double y[60];
  for (int r = 0; r < 60; r++)
    y[r] = g0(p.value[r * 3]) + g1(p.value[r * 3 + 1]) + g2(p.value[r * 3 + 2]);
  pf_sensitivity s;
  PF_EXPECT(pf_sensitivity_compute(ctx, &p, y, &s) == PF_OK, "compute (grid)");
  /* additive model on a full grid: Var(E[y|x_i]) = Var over the levels of g_i, Var(y) = the sum */
  const double v[3] = {level_var(lv0, 4, g0), level_var(lv1, 3, g1), level_var(lv2, 5, g2)};
  const double vt = v[0] + v[1] + v[2];
  double sum = 0.0;
  for (int j = 0; j < 3; j++) {
    PF_EXPECT_NEAR(s.main_effect[j], v[j] / vt, 1e-12);
    sum += s.main_effect[j];
  }
  PF_EXPECT_NEAR(sum, 1.0, 1e-12);
  pf_sensitivity_free(&s);

  /* pure interaction on levels symmetric about 0: E[y | x_i] = 0, no main effect */
  pf_sweep_plan q;
  plan_init(&q, PF_SWEEP_GRID, 9, 2, 0);
  double z[9];
  for (int r = 0; r < 9; r++) {
    q.value[r * 2] = r / 3 - 1.0;
    q.value[r * 2 + 1] = r % 3 - 1.0;
    z[r] = q.value[r * 2] * q.value[r * 2 + 1];
  }
  PF_EXPECT(pf_sensitivity_compute(ctx, &q, z, &s) == PF_OK, "compute (interaction)");
  PF_EXPECT_NEAR(s.main_effect[0], 0.0, 1e-15);
  PF_EXPECT_NEAR(s.main_effect[1], 0.0, 1e-15);
  PF_EXPECT_NEAR(s.r2, 0.0, 1e-12);
  pf_sensitivity_free(&s);

  /* a constant metric has no sensitivity: NaN, not 0 or 1 */
  for (int r = 0; r < 9; r++) z[r] = 3.0;
  PF_EXPECT(pf_sensitivity_compute(ctx, &q, z, &s) == PF_OK, "compute (constant)");
  PF_EXPECT(isnan(s.main_effect[0]) && isnan(s.src[0]) && isnan(s.r2), "constant y gives NaN");
  pf_sensitivity_free(&s);
  free(p.value), free(q.value);
}

static void test_ishigami(pf_context *ctx) {
  /* Analytic values (Sobol' and Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
   * V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0, V13 = 8 b^2 pi^8 / 225. */
  const double a = 7.0, b = 0.1, pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
  const double V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double V1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), V2 = a * a / 8;
  const double V13 = 8 * b * b * pi8 / 225;
  const double S[3] = {V1 / V, V2 / V, 0.0}, ST[3] = {(V1 + V13) / V, V2 / V, V13 / V};
  const double quoted_S[3] = {0.3139, 0.4424, 0.0}, quoted_ST[3] = {0.5576, 0.4424, 0.2437};
  for (int j = 0; j < 3; j++) {
    PF_EXPECT_NEAR(S[j], quoted_S[j], 5e-5);
    PF_EXPECT_NEAR(ST[j], quoted_ST[j], 5e-5);
  }

  /* R independent replicate samples of N: the replicates' spread is the estimator's standard
   * error at N; their mean has a standard error sqrt(R) smaller. A correct estimator puts the mean
   * within 4 of those of the analytic value (a false failure ~1e-4 per index for a normal error);
   * the standard error must itself be small enough for the check to mean something. */
  enum { R = 16, N = 2048 };
  double est[4][3][R];
  for (int rep = 0; rep < R; rep++) {
    pf_sweep_plan p;
    double *y;
    ishigami_plan(1000 + rep, N, &p, &y);
    pf_sensitivity s;
    PF_EXPECT(pf_sensitivity_compute(ctx, &p, y, &s) == PF_OK, "compute (Ishigami)");
    PF_EXPECT(s.n_used == 5 * N, "n_used %d", s.n_used);
    for (int j = 0; j < 3; j++) {
      est[0][j][rep] = s.sobol_first[j];
      est[1][j][rep] = s.sobol_total[j];
      est[2][j][rep] = s.main_effect[j];
      est[3][j][rep] = s.src[j];
    }
    pf_sensitivity_free(&s);
    free(y), free(p.value);
  }
  const char *what[3] = {"S", "ST", "main effect"};
  for (int m = 0; m < 3; m++)
    for (int j = 0; j < 3; j++) {
      double mean = 0.0, var = 0.0;
      for (int rep = 0; rep < R; rep++) mean += est[m][j][rep];
      mean /= R;
      for (int rep = 0; rep < R; rep++) var += (est[m][j][rep] - mean) * (est[m][j][rep] - mean);
      const double se = sqrt(var / (R - 1) / R);
      const double exact = m == 1 ? ST[j] : S[j];
      /* The main effect (sensitivity.c) uses the n = 2N A and B rows in G = ceil(sqrt(n))
       * bins: biased up by about (1 - S) (G - 1) / (n - 1) from the noise of the bin means, and
       * down by the variance of E[y | x_i] inside a bin of width w = 2 pi / G, about
       * E[g'^2] w^2 / 12 / V <= 4 S w^2 / 12 for the Ishigami terms (E[y | x1] = c sin x1:
       * E[g'^2] = Var g; E[y | x2] = c sin^2 x2: E[g'^2] = 4 Var g; with Var g = S V). */
      const double n = 2.0 * N, G = ceil(sqrt(n)), w = 2 * M_PI / G;
      const double up = m == 2 ? (1 - exact) * (G - 1) / (n - 1) : 0.0;
      const double down = m == 2 ? 4 * exact * w * w / 12 : 0.0;
      printf(
          "%-11s x%d: %.4f +- %.4f (one sample of N = %d: sd %.4f; exact %.4f, bias +%.4f "
          "-%.4f)\n",
          what[m], j + 1, mean, se, N, se * sqrt(R), exact, up, down);
      PF_EXPECT(se < 0.01, "%s x%d: standard error %.3g too large for the check", what[m], j + 1,
                se);
      PF_EXPECT(mean - up - exact <= 4 * se && exact - (mean - up) <= 4 * se + down,
                "%s x%d = %.4f, expected %.4f (bias +%.4f -%.4f) within 4 standard errors (%.4f)",
                what[m], j + 1, mean, exact, up, down, se);
    }
  /* Ishigami is far from linear: R^2 of the linear fit is low (x2 enters as sin^2, x3 through an
   * even power), so collect flags its SRC ranking as unreliable. */
  pf_sweep_plan p;
  double *y;
  ishigami_plan(7, 256, &p, &y);
  pf_sensitivity s;
  PF_EXPECT(pf_sensitivity_compute(ctx, &p, y, &s) == PF_OK, "compute (Ishigami, R^2)");
  PF_EXPECT(s.r2 < 0.7, "R^2 of the Ishigami function %.3f, expected < 0.7", s.r2);
  pf_sensitivity_free(&s);

  /* A failed case (AB_2 row 5) and a missing one (B row 9): those sample rows go from every
   * block; the indices equal those of the plan without rows 5 and 9. */
  y[(2 + 1) * 256 + 5] = NAN;
  y[256 + 9] = NAN;
  PF_EXPECT(pf_sensitivity_compute(ctx, &p, y, &s) == PF_OK, "compute (failed rows)");
  PF_EXPECT(s.n_used == 5 * 254, "n_used %d, expected %d", s.n_used, 5 * 254);
  pf_sweep_plan q;
  plan_init(&q, PF_SWEEP_SALTELLI, 5 * 254, 3, 254);
  double *z = calloc(5 * 254, sizeof(double));
  for (int blk = 0; blk < 5; blk++)
    for (int r = 0, t = 0; r < 256; r++)
      if (r != 5 && r != 9) {
        memcpy(&q.value[((size_t)blk * 254 + t) * 3], &p.value[((size_t)blk * 256 + r) * 3],
               3 * sizeof(double));
        z[blk * 254 + t++] = y[blk * 256 + r];
      }
  pf_sensitivity u;
  PF_EXPECT(pf_sensitivity_compute(ctx, &q, z, &u) == PF_OK, "compute (reduced plan)");
  for (int j = 0; j < 3; j++) {
    PF_EXPECT_NEAR(s.sobol_first[j], u.sobol_first[j], 1e-12);
    PF_EXPECT_NEAR(s.sobol_total[j], u.sobol_total[j], 1e-12);
    PF_EXPECT_NEAR(s.src[j], u.src[j], 1e-12);
    PF_EXPECT_NEAR(s.main_effect[j], u.main_effect[j], 1e-12);
  }
  pf_sensitivity_free(&s), pf_sensitivity_free(&u);
  free(y), free(z), free(p.value), free(q.value);

  /* a Saltelli plan whose case count is not N (k + 2) is refused */
  plan_init(&q, PF_SWEEP_SALTELLI, 11, 3, 2);
  double w[11] = {0};
  PF_EXPECT(pf_sensitivity_compute(ctx, &q, w, &s) == PF_ERR_INTERNAL, "bad Saltelli plan");
  free(q.value);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 1;
  test_linear(ctx);
  test_grid(ctx);
  test_ishigami(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_sensitivity");
}
