/*
 * Sweep expansion (sweep/expand.c) from sweep files (config/sweep_file.c):
 * - grid: the count is the product of the list lengths, the first parameter varies slowest;
 * - zip: the i-th value of every list;
 * - ranges: count (linear and log) and step give the values their formulas give, ends included;
 * - LHS: in every parameter each of the n strata [s/n, (s+1)/n) of the distribution's CDF holds
 *   exactly one case (McKay, Beckman and Conover 1979), for uniform, log-uniform, normal and
 *   truncated normal; the same seed gives identical texts, another seed different ones;
 * - the normal's sample mean and standard deviation lie within 5 standard errors of the iid
 *   sample (a Latin hypercube of a monotone map has no larger variance: McKay et al. 1979,
 *   Theorem 1), and the AS 241 quantile inverts erfc's CDF to rounding;
 * - Saltelli: N (k + 2) rows A, B, AB_1..AB_k with AB_i equal to A except column i, which is B's;
 * - the case sets and case file names; a few sampling mismatches refused with file:line: key.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/pf_sweep_spec.h"
#include "pf_test.h"
#include "sweep/pf_sweep.h"
#include "testrun.h"

/* Writes a test file (tests/common's writer); a test that cannot write its input stops. */
static void write_file(const char *path, const char *text) {
  if (tr_write(path, "%s", text) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* Writes the sweep file and reads it; NULL (with a failure counted) when it does not read. */
static pf_sweep_spec *spec_ok(pf_context *ctx, const char *name, const char *text) {
  write_file(name, text);
  pf_sweep_spec *spec = NULL;
  const int rc = pf_sweep_spec_read(ctx, name, NULL, &spec);
  PF_EXPECT(rc == PF_OK, "%s: read failed: %s", name, pf_context_error(ctx));
  return rc == PF_OK ? spec : NULL;
}

static pf_sweep_plan *expand_ok(pf_context *ctx, const pf_sweep_spec *spec) {
  pf_sweep_plan *plan = NULL;
  if (!spec) return NULL;
  const int rc = pf_sweep_expand(ctx, spec, &plan);
  PF_EXPECT(rc == PF_OK, "%s: expand failed: %s", spec->file, pf_context_error(ctx));
  return rc == PF_OK ? plan : NULL;
}

static const char *text_at(const pf_sweep_plan *p, int i, int j) {
  return p->text[(size_t)i * p->n_params + j];
}

/* A sweep file that must be refused with "FILE:LINE: KEY:" in its message. */
static void spec_bad(pf_context *ctx, const char *name, const char *text, int line, const char *key,
                     const char *words) {
  write_file(name, text);
  pf_sweep_spec *spec = NULL;
  const int rc = pf_sweep_spec_read(ctx, name, NULL, &spec);
  char want[256];
  snprintf(want, sizeof(want), "%s:%d: %s:", name, line, key);
  const char *msg = pf_context_error(ctx);
  PF_EXPECT(rc == PF_ERR_INPUT && !spec, "%s: expected PF_ERR_INPUT, got %d", name, rc);
  PF_EXPECT(strstr(msg, want) && strstr(msg, words), "%s: message '%s' lacks '%s' or '%s'", name,
            msg, want, words);
  pf_sweep_spec_destroy(&spec);
}

static double normal_cdf(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

/* Each stratum of [0, 1) holds exactly one of the n probabilities u. */
static void expect_strata(const double *u, int n, const char *what) {
  int *hits = calloc((size_t)n, sizeof(int));
  int bad = 0;
  for (int i = 0; i < n; i++) {
    const int s = (int)floor(u[i] * n);
    if (s < 0 || s >= n)
      bad++;
    else
      hits[s]++;
  }
  for (int s = 0; s < n; s++) bad += hits[s] != 1;
  PF_EXPECT(bad == 0, "%s: %d strata not hit exactly once (of %d)", what, bad, n);
  free(hits);
}

static void test_grid(pf_context *ctx) {
  pf_sweep_spec *spec = spec_ok(ctx, "grid.yaml",
                                "base: expand_base.yaml\n"
                                "parameters:\n"
                                "  a: [1, 2, 3]\n"
                                "  b: [x, 'y z']\n"
                                "  c: {range: [0, 1], count: 3}\n");
  pf_sweep_plan *p = expand_ok(ctx, spec);
  if (p) {
    PF_EXPECT(p->n_cases == 18 && p->n_params == 3, "grid: %d cases (expected 3 x 2 x 3 = 18)",
              p->n_cases);
    const char *a[] = {"1", "2", "3"}, *b[] = {"x", "y z"}, *c[] = {"0", "0.5", "1"};
    int wrong = 0;
    for (int i = 0; i < p->n_cases && p->n_cases == 18; i++)
      wrong += strcmp(text_at(p, i, 0), a[i / 6]) || strcmp(text_at(p, i, 1), b[(i / 3) % 2]) ||
               strcmp(text_at(p, i, 2), c[i % 3]);
    PF_EXPECT(wrong == 0, "grid: %d cases out of order (first parameter slowest)", wrong);
    PF_EXPECT(p->value[0] == 1 && isnan(p->value[1]) && p->value[5 * 3 + 2] == 1,
              "grid: values as numbers, NAN for texts");
    /* the case's --set texts: output level, then the parameters */
    char sets[8][PF_SWEEP_SET_MAX];
    const int n = pf_sweep_case_sets(ctx, spec, p, 7, sets, 8);
    PF_EXPECT(n == 4 && !strcmp(sets[0], "output.level=final") && !strcmp(sets[1], "a=2") &&
                  !strcmp(sets[2], "b=x") && !strcmp(sets[3], "c=0.5"),
              "case 7 sets: %d: %s %s %s %s", n, sets[0], sets[1], sets[2], sets[3]);
    PF_EXPECT(pf_sweep_case_sets(ctx, spec, p, 7, sets, 3) == PF_ERR_INPUT,
              "case sets: too small a buffer is refused");
    /* a geometry case also gets its mesh and the model file beside it */
    char *meshes[18] = {0};
    meshes[7] = "/r/grid/meshes/geom-0002.msh";
    p->mesh = meshes;
    const int ng = pf_sweep_case_sets(ctx, spec, p, 7, sets, 8);
    /* the capacity every caller (worker, slurm estimate) sizes its buffer with holds them all */
    const int max = pf_sweep_case_sets_max(spec);
    PF_EXPECT(max <= 8 && pf_sweep_case_sets(ctx, spec, p, 7, sets, max) == ng,
              "geometry case sets fit pf_sweep_case_sets_max (%d for %d sets)", max, ng);
    p->mesh = NULL;
    PF_EXPECT(ng == 6 && !strcmp(sets[4], "mesh.file=/r/grid/meshes/geom-0002.msh") &&
                  !strcmp(sets[5], "foot.model=/r/grid/meshes/geom-0002.model.yaml"),
              "geometry case sets: %d: %s %s", ng, sets[4], sets[5]);
    char path[512];
    pf_sweep_case_path(spec, p, 7, "", path, sizeof(path));
    PF_EXPECT(!strcmp(path, "grid/cases/00007.h5"), "case path: %s", path);
    pf_sweep_case_path(spec, p, 17, ".log", path, sizeof(path));
    PF_EXPECT(!strcmp(path, "grid/cases/00017.log"), "case path: %s", path);
    const int n_cases = p->n_cases;
    p->n_cases = 1234567; /* 7 digits for case numbers up to 1234566 */
    pf_sweep_case_path(spec, p, 7, ".lock", path, sizeof(path));
    p->n_cases = n_cases;
    PF_EXPECT(!strcmp(path, "grid/cases/0000007.lock"), "case path: %s", path);
  }
  pf_sweep_plan_destroy(&p);
  pf_sweep_spec_destroy(&spec);
}

static void test_zip_and_ranges(pf_context *ctx) {
  pf_sweep_spec *spec = spec_ok(ctx, "zip.yaml",
                                "base: expand_base.yaml\n"
                                "sampling: zip\n"
                                "set: [solver.tolerance=1e-9]\n"
                                "output: summary\n"
                                "parameters:\n"
                                "  a: [1, 2, 3, 4, 5]\n"
                                "  lin: {range: [0.1, 0.5], count: 5}\n"
                                "  step: {range: [0, 1], step: 0.25}\n"
                                "  logc: {range: [1, 10000], count: 5, scale: log}\n"
                                "  logs: {range: [2, 40000], step: 10, scale: log}\n");
  pf_sweep_plan *p = expand_ok(ctx, spec);
  if (p) {
    PF_EXPECT(p->n_cases == 5, "zip: %d cases (expected 5)", p->n_cases);
    const char *lin[] = {"0.1", "0.2", "0.3", "0.4", "0.5"};
    const char *step[] = {"0", "0.25", "0.5", "0.75", "1"};
    const double logc[] = {1, 10, 100, 1000, 10000}, logs[] = {2, 20, 200, 2000, 20000};
    for (int i = 0; i < p->n_cases && p->n_cases == 5; i++) {
      PF_EXPECT(p->value[i * 5] == i + 1, "zip case %d: a = %s", i, text_at(p, i, 0));
      PF_EXPECT(!strcmp(text_at(p, i, 1), lin[i]), "linear count: %s (expected %s)",
                text_at(p, i, 1), lin[i]);
      PF_EXPECT(!strcmp(text_at(p, i, 2), step[i]), "linear step: %s (expected %s)",
                text_at(p, i, 2), step[i]);
      PF_EXPECT_REL(p->value[i * 5 + 3], logc[i], 1e-14);
      PF_EXPECT_REL(p->value[i * 5 + 4], logs[i], 1e-14);
    }
    char sets[8][PF_SWEEP_SET_MAX];
    const int n = pf_sweep_case_sets(ctx, spec, p, 2, sets, 8);
    PF_EXPECT(n == 7 && !strcmp(sets[0], "output.level=summary") &&
                  !strcmp(sets[1], "solver.tolerance=1e-9") && !strcmp(sets[2], "a=3") &&
                  !strcmp(sets[3], "lin=0.3"),
              "zip case 2 sets: %d: %s %s %s %s", n, sets[0], sets[1], sets[2], sets[3]);
  }
  pf_sweep_plan_destroy(&p);
  pf_sweep_spec_destroy(&spec);
  /* a step that does not divide the range stops before hi */
  spec = spec_ok(ctx, "step.yaml",
                 "base: expand_base.yaml\nparameters:\n  s: {range: [0, 1], step: 0.3}\n");
  p = expand_ok(ctx, spec);
  if (p)
    PF_EXPECT(p->n_cases == 4 && !strcmp(text_at(p, 3, 0), "0.9"),
              "step 0.3 on [0, 1]: %d values, last %s (expected 4, 0.9)", p->n_cases,
              text_at(p, p->n_cases - 1, 0));
  pf_sweep_plan_destroy(&p);
  pf_sweep_spec_destroy(&spec);
}

/* LHS over k = 4 parameters of four distributions: strata, determinism, seeds. */
static void test_lhs(pf_context *ctx) {
  const int n = 64;
  const char *text =
      "base: expand_base.yaml\n"
      "sampling: lhs\n"
      "samples: 64\n"
      "seed: %s\n"
      "parameters:\n"
      "  u: {uniform: [2, 7]}\n"
      "  lu: {loguniform: [1, 100]}\n"
      "  nrm: {normal: [10, 2]}\n"
      "  tn: {normal: [10, 2], bounds: [9, 16]}\n"
      "  r: {range: [1, 1000], scale: log}\n";
  char buf[1024];
  snprintf(buf, sizeof(buf), text, "12345");
  pf_sweep_spec *spec = spec_ok(ctx, "lhs.yaml", buf);
  pf_sweep_plan *p = expand_ok(ctx, spec), *again = expand_ok(ctx, spec);
  snprintf(buf, sizeof(buf), text, "12346");
  pf_sweep_spec *spec2 = spec_ok(ctx, "lhs2.yaml", buf);
  pf_sweep_plan *other = expand_ok(ctx, spec2);
  if (p && again && other) {
    PF_EXPECT(p->n_cases == n && p->n_params == 5, "lhs: %d cases (expected %d)", p->n_cases, n);
    double u[5][64];
    int inside = 1, same = 1, differ = 0;
    const double za = (9 - 10) / 2.0, zb = (16 - 10) / 2.0;
    for (int i = 0; i < n; i++) {
      const double *x = &p->value[i * 5];
      u[0][i] = (x[0] - 2) / 5;
      u[1][i] = log(x[1]) / log(100);
      u[2][i] = normal_cdf((x[2] - 10) / 2);
      u[3][i] = (normal_cdf((x[3] - 10) / 2) - normal_cdf(za)) / (normal_cdf(zb) - normal_cdf(za));
      u[4][i] = log(x[4]) / log(1000);
      inside = inside && x[3] >= 9 && x[3] <= 16;
      for (int j = 0; j < 5; j++) {
        same = same && !strcmp(text_at(p, i, j), text_at(again, i, j));
        differ += strcmp(text_at(p, i, j), text_at(other, i, j)) != 0;
        /* the text is the value: it reads back to the same double */
        PF_EXPECT(strtod(text_at(p, i, j), NULL) == x[j], "lhs text %s is not its value",
                  text_at(p, i, j));
      }
    }
    expect_strata(u[0], n, "lhs uniform");
    expect_strata(u[1], n, "lhs loguniform");
    expect_strata(u[2], n, "lhs normal");
    expect_strata(u[3], n, "lhs truncated normal");
    expect_strata(u[4], n, "lhs range (log-uniform)");
    PF_EXPECT(inside, "lhs truncated normal: a value outside [9, 16]");
    PF_EXPECT(same, "lhs: the same seed gave different cases");
    PF_EXPECT(differ == 5 * n, "lhs: another seed gave %d equal values of %d", 5 * n - differ,
              5 * n);
  }
  pf_sweep_plan_destroy(&p);
  pf_sweep_plan_destroy(&again);
  pf_sweep_plan_destroy(&other);
  pf_sweep_spec_destroy(&spec);
  pf_sweep_spec_destroy(&spec2);
}

/* The normal through LHS: mean and sd against 5 iid standard errors, sigma / sqrt(n) for the
 * mean and sigma / sqrt(2 (n - 1)) for the sd (normal theory). */
static void test_normal_moments(pf_context *ctx) {
  const int n = 2000;
  const double mu = 10, sigma = 2;
  pf_sweep_spec *spec = spec_ok(ctx, "normal.yaml",
                                "base: expand_base.yaml\nsampling: lhs\nsamples: 2000\n"
                                "parameters:\n  x: {normal: [10, 2]}\n");
  pf_sweep_plan *p = expand_ok(ctx, spec);
  if (p && p->n_cases == n) {
    double m = 0, s = 0;
    for (int i = 0; i < n; i++) m += p->value[i];
    m /= n;
    for (int i = 0; i < n; i++) s += (p->value[i] - m) * (p->value[i] - m);
    s = sqrt(s / (n - 1));
    PF_EXPECT_NEAR(m, mu, 5 * sigma / sqrt(n));
    PF_EXPECT_NEAR(s, sigma, 5 * sigma / sqrt(2.0 * (n - 1)));
  }
  pf_sweep_plan_destroy(&p);
  pf_sweep_spec_destroy(&spec);
  /* AS 241 against erfc: Phi(q(p)) = p in the lower tail, 1 - Phi(q(p)) = 1 - p in the upper
   * (1 - p is exact for p >= 0.5); erfc's rounding is amplified by about z^2 in the far tail */
  double worst = 0;
  for (double e = -300; e <= -0.31; e += 0.37) {
    const double prob = pow(10, e);
    const double z = pf_sweep_normal_quantile(prob);
    worst = fmax(worst, fabs(normal_cdf(z) - prob) / prob / fmax(1, z * z));
    const double up = 1 - prob;
    if (up > 0.5 && up < 1) {
      const double zu = pf_sweep_normal_quantile(up);
      worst =
          fmax(worst, fabs(0.5 * erfc(zu / sqrt(2.0)) - (1 - up)) / (1 - up) / fmax(1, zu * zu));
    }
  }
  PF_EXPECT(worst < 1e-13, "AS 241: Phi(q(p)) deviates from p by %.3g (relative, / z^2)", worst);
  PF_EXPECT_NEAR(pf_sweep_normal_quantile(0.975), 1.959963984540054, 2e-15);
  PF_EXPECT_NEAR(pf_sweep_normal_quantile(0.5), 0, 0);
  PF_EXPECT_NEAR(pf_sweep_normal_quantile(0.15865525393145707), -1, 4e-15);
}

/* Saltelli: rows A, B, AB_1..AB_k (N each); AB_i = A except column i = B's. */
static void test_saltelli(pf_context *ctx) {
  const int N = 16, k = 3;
  pf_sweep_spec *spec = spec_ok(ctx, "saltelli.yaml",
                                "base: expand_base.yaml\nsampling: saltelli\nsamples: 16\n"
                                "seed: 7\nparameters:\n"
                                "  a: {uniform: [0, 1]}\n"
                                "  b: {loguniform: [1, 10]}\n"
                                "  c: {normal: [0, 1]}\n");
  pf_sweep_plan *p = expand_ok(ctx, spec);
  if (p) {
    PF_EXPECT(p->n_cases == N * (k + 2) && p->samples == N,
              "saltelli: %d cases, samples %d (expected %d, %d)", p->n_cases, p->samples,
              N * (k + 2), N);
    int wrong = 0, a_equals_b = 0;
    for (int i = 0; i < k && p->n_cases == N * (k + 2); i++)
      for (int r = 0; r < N; r++)
        for (int j = 0; j < k; j++) {
          const char *want = text_at(p, (j == i ? N : 0) + r, j);
          wrong += strcmp(text_at(p, (2 + i) * N + r, j), want) != 0;
        }
    for (int r = 0; r < N; r++)
      for (int j = 0; j < k; j++) a_equals_b += !strcmp(text_at(p, r, j), text_at(p, N + r, j));
    PF_EXPECT(wrong == 0, "saltelli: %d AB_i entries are not A's (or B's in column i)", wrong);
    PF_EXPECT(a_equals_b == 0, "saltelli: %d entries of A equal B's", a_equals_b);
    /* A and B are each stratified (two halves of one 2k-dimensional Latin hypercube) */
    double u[16];
    for (int blk = 0; blk < 2; blk++) {
      for (int r = 0; r < N; r++) u[r] = p->value[(blk * N + r) * k + 0];
      expect_strata(u, N, blk ? "saltelli B, a" : "saltelli A, a");
      for (int r = 0; r < N; r++) u[r] = normal_cdf(p->value[(blk * N + r) * k + 2]);
      expect_strata(u, N, blk ? "saltelli B, c" : "saltelli A, c");
    }
  }
  pf_sweep_plan_destroy(&p);
  pf_sweep_spec_destroy(&spec);
}

static void test_refused(pf_context *ctx) {
  spec_bad(ctx, "bad1.yaml", "base: expand_base.yaml\nparameters:\n  a: {uniform: [0, 1]}\n", 3,
           "a", "needs sampling lhs or saltelli");
  spec_bad(ctx, "bad2.yaml",
           "base: expand_base.yaml\nsampling: lhs\nsamples: 4\nparameters:\n  a: [1, 2]\n", 5, "a",
           "{uniform: [1, 2]}");
  spec_bad(ctx, "bad3.yaml",
           "base: expand_base.yaml\nsampling: zip\nparameters:\n  a: [1, 2]\n  b: [1, 2, 3]\n", 5,
           "b", "one length");
  spec_bad(ctx, "bad4.yaml",
           "base: expand_base.yaml\nsampling: saltelli\nparameters:\n  a: {uniform: [0, 1]}\n", 2,
           "samples", "missing");
  spec_bad(ctx, "bad5.yaml",
           "base: expand_base.yaml\nparameters:\n  a: {range: [0, 1], cuont: 3}\n", 3, "a.cuont",
           "did you mean 'count'");
  spec_bad(ctx, "bad6.yaml", "base: expand_base.yaml\nparameters:\n  a: [1, 2, 1.0]\n", 3, "a",
           "listed twice");
  spec_bad(ctx, "bad7.yaml",
           "base: expand_base.yaml\nsampling: lhs\nsamples: 4\nparameters:\n"
           "  a: {normal: [0, 1], bounds: [40, 50]}\n",
           5, "a.bounds", "probability");
  spec_bad(ctx, "bad8.yaml", "base: expand_base.yaml\nseed: 3\nparameters:\n  a: [1]\n", 2, "seed",
           "not used by sampling grid");
}

int main(void) {
  pf_context *ctx = NULL;
  if (pf_context_create(&ctx)) return 2;
  write_file("expand_base.yaml", "title: only read by the plan, never by expansion\n");
  test_grid(ctx);
  test_zip_and_ranges(ctx);
  test_lhs(ctx);
  test_normal_moments(ctx);
  test_saltelli(ctx);
  test_refused(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("sweep_expand");
}
