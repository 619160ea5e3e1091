/*
 * Expansion of a sweep into its cases: grid, zip, Latin hypercube and Saltelli's A/B/AB_i
 * blocks. Deterministic: the random numbers come from a generator written here with integer
 * arithmetic only, so one seed gives the same draws on every machine (the mapped values then go
 * through libm's log, exp and erfc; the plan records the exact texts, so a plan is reproduced by
 * reading it back, not by expanding again).
 *
 * Generator: xoshiro256** 1.0 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM Trans. Math. Softw. 47(4):36, 2021), its state seeded by four outputs of
 * splitmix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014) from the sweep's seed, as the xoshiro authors recommend.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/pf_sweep.h"

typedef struct {
  uint64_t s[4];
} pf_rng;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static void rng_seed(pf_rng *g, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) g->s[i] = splitmix64(&x);
}

static uint64_t rng_next(pf_rng *g) {
  uint64_t *s = g->s;
  const uint64_t result = rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* A double in the open interval (0, 1): the top 53 bits, centred in their cell, so that an
 * inverse CDF never sees 0 or 1. */
static double rng_open01(pf_rng *g) {
  return ((double)(rng_next(g) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* An integer in [0, n) without modulo bias (rejection of the incomplete last block). */
static uint64_t rng_below(pf_rng *g, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = rng_next(g);
  while (x >= limit);
  return x % n;
}

/* Standard normal quantile: Wichura, "Algorithm AS 241: The percentage points of the normal
 * distribution", Appl. Statist. 37(3):477-484, 1988, PPND16 (relative accuracy about 1e-16). */
static double poly7(const double *c, double x) {
  double y = c[7];
  for (int i = 6; i >= 0; i--) y = y * x + c[i];
  return y;
}

double pf_sweep_normal_quantile(double p) {
  static const double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e2,
                              1.9715909503065514427e3, 1.3731693765509461125e4,
                              4.5921953931549871457e4, 6.7265770927008700853e4,
                              3.3430575583588128105e4, 2.5090809287301226727e3};
  static const double b[8] = {1.0,
                              4.2313330701600911252e1,
                              6.8718700749205790830e2,
                              5.3941960214247511077e3,
                              2.1213794301586595867e4,
                              3.9307895800092710610e4,
                              2.8729085735721942674e4,
                              5.2264952788528545610e3};
  static const double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                              5.76949722146069140550e0,  3.64784832476320460504e0,
                              1.27045825245236838258e0,  2.41780725177450611770e-1,
                              2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static const double d[8] = {1.0,
                              2.05319162663775882187e0,
                              1.67638483018380384940e0,
                              6.89767334985100004550e-1,
                              1.48103976427480074590e-1,
                              1.51986665636164571966e-2,
                              5.47593808499534494600e-4,
                              1.05075007164441684324e-9};
  static const double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                              1.78482653991729133580e0,  2.96560571828504891230e-1,
                              2.65321895265761230930e-2, 1.24266094738807843860e-3,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static const double f[8] = {1.0,
                              5.99832206555887937690e-1,
                              1.36929880922735805310e-1,
                              1.48753612908506148525e-2,
                              7.86869131145613259100e-4,
                              1.84631831751005468180e-5,
                              1.42151175831644588870e-7,
                              2.04426310338993978564e-15};
  if (!(p > 0 && p < 1)) return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
  const double q = p - 0.5;
  if (fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * poly7(a, r) / poly7(b, r);
  }
  double r = sqrt(-log(q < 0 ? p : 1.0 - p));
  double z;
  if (r <= 5.0) {
    r -= 1.6;
    z = poly7(c, r) / poly7(d, r);
  } else {
    r -= 5.0;
    z = poly7(e, r) / poly7(f, r);
  }
  return q < 0 ? -z : z;
}

/* Upper-tail probability 1 - Phi(x), accurate in the tail (C99 erfc). */
static double normal_sf(double x) { return 0.5 * erfc(x / sqrt(2.0)); }

/* A parameter's value at probability u in (0, 1): its inverse CDF. */
static double inverse_cdf(const pf_sweep_param *p, double u) {
  switch (p->kind) {
    case PF_SWEEP_PARAM_UNIFORM:
      return p->a + (p->b - p->a) * u;
    case PF_SWEEP_PARAM_LOGUNIFORM:
      return exp(log(p->a) + (log(p->b) - log(p->a)) * u);
    case PF_SWEEP_PARAM_NORMAL:
      return p->a + p->b * pf_sweep_normal_quantile(u);
    case PF_SWEEP_PARAM_TRUNCNORMAL: {
      /* Phi^-1(Phi(alpha) + u (Phi(beta) - Phi(alpha))), worked in the tail the bounds lie in
       * so that bounds far above the mean keep their digits (1 - Phi would cancel). */
      const double alpha = (p->lo - p->a) / p->b, beta = (p->hi - p->a) / p->b;
      double z;
      if (alpha > 0) {
        const double qa = normal_sf(alpha), qb = normal_sf(beta);
        z = -pf_sweep_normal_quantile(qa - u * (qa - qb));
      } else {
        const double pa = normal_sf(-alpha), pb = normal_sf(-beta);
        z = pf_sweep_normal_quantile(pa + u * (pb - pa));
      }
      const double x = p->a + p->b * z;
      return x < p->lo ? p->lo : x > p->hi ? p->hi : x;
    }
    default:
      return NAN;
  }
}

/* A Latin hypercube of n points in dims dimensions, u[i * dims + d] in (0, 1): in every
 * dimension each stratum [s/n, (s+1)/n) holds exactly one point (McKay, Beckman and Conover,
 * Technometrics 21:239, 1979). Per dimension: a random permutation of the strata (Fisher-Yates),
 * then a random position inside each. */
static int latin_hypercube(pf_context *ctx, int n, int dims, uint64_t seed, double *u) {
  int *perm = NULL;
  PF_CALL(PF_CALLOC(ctx, n, &perm));
  pf_rng g;
  rng_seed(&g, seed);
  for (int d = 0; d < dims; d++) {
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) {
      const int j = (int)rng_below(&g, (uint64_t)i + 1);
      const int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (int i = 0; i < n; i++) {
      double x = (perm[i] + rng_open01(&g)) / n;
      /* (s + v) / n can round up to the next stratum's edge for v next to 1 */
      const double top = (double)(perm[i] + 1) / n;
      if (x >= top) x = nextafter(top, 0.0);
      u[(size_t)i * dims + d] = x;
    }
  }
  free(perm);
  return PF_OK;
}

static int plan_alloc(pf_context *ctx, const pf_sweep_spec *spec, int n_cases,
                      pf_sweep_plan **plan) {
  pf_sweep_plan *p;
  PF_CALL(PF_CALLOC(ctx, 1, &p));
  *plan = p;
  p->n_cases = n_cases;
  p->n_params = spec->n_params;
  p->sampling = spec->sampling;
  p->samples = spec->sampling == PF_SWEEP_SALTELLI ? spec->samples : 0;
  p->seed = spec->seed;
  const size_t cells = (size_t)n_cases * (size_t)spec->n_params;
  PF_CALL(PF_CALLOC(ctx, spec->n_params, &p->names));
  PF_CALL(PF_CALLOC(ctx, cells, &p->text));
  PF_CALL(PF_CALLOC(ctx, cells, &p->value));
  for (int j = 0; j < spec->n_params; j++)
    PF_CALL(pf_strdup(ctx, spec->params[j].path, &p->names[j]));
  return PF_OK;
}

/* The value of a text: a finite decimal number, else NAN. */
static double text_value(const char *text) {
  char *end;
  const double v = strtod(text, &end);
  return end != text && !*end && isfinite(v) ? v : NAN;
}

static int set_text(pf_context *ctx, pf_sweep_plan *p, int i, int j, const char *text) {
  const size_t c = (size_t)i * p->n_params + j;
  PF_CALL(pf_strdup(ctx, text, &p->text[c]));
  p->value[c] = text_value(text);
  return PF_OK;
}

/* A drawn value: the shortest text that reads back as the same double. */
static int set_number(pf_context *ctx, pf_sweep_plan *p, int i, int j, double v) {
  char text[64];
  pf_sweep_format_number(v, 17, text, sizeof(text));
  return set_text(ctx, p, i, j, text);
}

static int expand_grid(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan *p) {
  const int k = spec->n_params;
  for (int i = 0; i < p->n_cases; i++) {
    /* mixed radix, the last parameter the fastest digit */
    int rest = i;
    for (int j = k - 1; j >= 0; j--) {
      const int n = spec->params[j].n_values;
      PF_CALL(set_text(ctx, p, i, j, spec->params[j].values[rest % n]));
      rest /= n;
    }
  }
  return PF_OK;
}

static int expand_zip(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan *p) {
  for (int i = 0; i < p->n_cases; i++)
    for (int j = 0; j < spec->n_params; j++)
      PF_CALL(set_text(ctx, p, i, j, spec->params[j].values[i]));
  return PF_OK;
}

static int expand_lhs(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan *p) {
  const int n = p->n_cases, k = spec->n_params;
  double *u = NULL;
  PF_CALL(PF_CALLOC(ctx, (size_t)n * k, &u));
  int ierr = latin_hypercube(ctx, n, k, spec->seed, u);
  for (int i = 0; !ierr && i < n; i++)
    for (int j = 0; !ierr && j < k; j++)
      ierr = set_number(ctx, p, i, j, inverse_cdf(&spec->params[j], u[(size_t)i * k + j]));
  free(u);
  return ierr;
}

/* Saltelli et al., "Variance based sensitivity analysis of model output. Design and estimator
 * for the total sensitivity index", Comput. Phys. Commun. 181:259-270, 2010, section 3: A and B
 * are the first and last k columns of one N x 2k sample (here a Latin hypercube rather than
 * Sobol' points: the same stratified marginals without direction-number tables); AB_i is A with
 * its column i taken from B. Rows: A, B, AB_1, ..., AB_k, N each. AB_i copies the texts, so its
 * column i is B's to the last digit. */
static int expand_saltelli(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan *p) {
  const int N = spec->samples, k = spec->n_params;
  double *u = NULL;
  PF_CALL(PF_CALLOC(ctx, (size_t)N * 2 * k, &u));
  int ierr = latin_hypercube(ctx, N, 2 * k, spec->seed, u);
  for (int r = 0; !ierr && r < N; r++)
    for (int j = 0; !ierr && j < k; j++) {
      ierr = set_number(ctx, p, r, j, inverse_cdf(&spec->params[j], u[(size_t)r * 2 * k + j]));
      if (!ierr)
        ierr = set_number(ctx, p, N + r, j,
                          inverse_cdf(&spec->params[j], u[(size_t)r * 2 * k + k + j]));
    }
  free(u);
  for (int i = 0; !ierr && i < k; i++)
    for (int r = 0; !ierr && r < N; r++)
      for (int j = 0; !ierr && j < k; j++) {
        const int from = j == i ? N + r : r; /* B's row for column i, else A's */
        ierr = set_text(ctx, p, (2 + i) * N + r, j, p->text[(size_t)from * k + j]);
      }
  return ierr;
}

int pf_sweep_expand(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan) {
  *plan = NULL;
  PF_CHECK(spec && spec->n_params > 0, ctx, PF_ERR_INTERNAL, "pf_sweep_expand: no parameters");
  double n = 1;
  switch (spec->sampling) {
    case PF_SWEEP_GRID:
      for (int j = 0; j < spec->n_params; j++) n *= spec->params[j].n_values;
      break;
    case PF_SWEEP_ZIP:
      n = spec->params[0].n_values;
      break;
    case PF_SWEEP_LHS:
      n = spec->samples;
      break;
    case PF_SWEEP_SALTELLI:
      n = (double)spec->samples * (spec->n_params + 2);
      break;
  }
  PF_CHECK(n >= 1 && n <= 1e8, ctx, PF_ERR_INPUT, "%s: %.0f cases (expected 1 to 10^8)", spec->file,
           n);
  for (int j = 0; j < spec->n_params; j++) {
    const pf_sweep_param *q = &spec->params[j];
    const int listed = q->kind == PF_SWEEP_PARAM_LIST || q->kind == PF_SWEEP_PARAM_RANGE;
    const int drawn = spec->sampling == PF_SWEEP_LHS || spec->sampling == PF_SWEEP_SALTELLI;
    PF_CHECK(listed != drawn, ctx, PF_ERR_INTERNAL,
             "pf_sweep_expand: parameter %s does not fit the sampling", q->path);
    PF_CHECK(spec->sampling != PF_SWEEP_ZIP || q->n_values == (int)n, ctx, PF_ERR_INTERNAL,
             "pf_sweep_expand: zip parameter %s has %d values, not %.0f", q->path, q->n_values, n);
  }
  pf_sweep_plan *p = NULL;
  int ierr = plan_alloc(ctx, spec, (int)n, &p);
  if (!ierr) switch (spec->sampling) {
      case PF_SWEEP_GRID:
        ierr = expand_grid(ctx, spec, p);
        break;
      case PF_SWEEP_ZIP:
        ierr = expand_zip(ctx, spec, p);
        break;
      case PF_SWEEP_LHS:
        ierr = expand_lhs(ctx, spec, p);
        break;
      case PF_SWEEP_SALTELLI:
        ierr = expand_saltelli(ctx, spec, p);
        break;
    }
  if (ierr < 0) pf_sweep_plan_destroy(&p);
  *plan = p;
  return ierr;
}

void pf_sweep_plan_destroy(pf_sweep_plan **plan) {
  if (!plan || !*plan) return;
  pf_sweep_plan *p = *plan;
  const size_t cells = (size_t)p->n_cases * (size_t)p->n_params;
  for (size_t c = 0; p->text && c < cells; c++) free(p->text[c]);
  free(p->text);
  free(p->value);
  for (int j = 0; p->names && j < p->n_params; j++) free(p->names[j]);
  free(p->names);
  for (int i = 0; p->mesh && i < p->n_cases; i++) free(p->mesh[i]);
  free(p->mesh);
  free(p);
  *plan = NULL;
}
