/*
 * One parameter's values in a sweep file (docs/sweeps.md "The sweep file"): a list of values as
 * written, a range by count or step (linear or log), or a distribution (uniform, loguniform,
 * normal with optional bounds); which of them a sampling takes is checked here and in
 * sweep_file.c's check_sampling.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/sweep_file_impl.h"

static const char *const pf_param_keys[] = {"range",      "count",  "step",   "scale", "uniform",
                                            "loguniform", "normal", "bounds", NULL};

void pf_sweep_format_number(double v, int max_digits, char *buf, size_t size) {
  if (v == 0) v = 0; /* no "-0" */
  for (int d = 15; d <= max_digits; d++) {
    snprintf(buf, size, "%.*g", d, v);
    if (strtod(buf, NULL) == v) return;
  }
}

/* The standard normal CDF from the complementary error function (C99 erfc). */
static double normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static int set_values(pf_sreader *r, pf_sweep_param *p, int n) {
  p->n_values = n;
  return PF_CALLOC(r->ctx, n, &p->values);
}

/* A list of values as written. */
int pf_sweep_read_list(pf_sreader *r, pf_sweep_param *p, const pf_ynode *list) {
  if (list->n == 0)
    return pf_sweep_serr(r, p->line, p->path, "the list is empty (expected at least one value)");
  if (list->n > PF_SWEEP_MAX_VALUES)
    return pf_sweep_serr(r, p->line, p->path, "%d values (expected at most %d)", list->n,
                         PF_SWEEP_MAX_VALUES);
  p->kind = PF_SWEEP_PARAM_LIST;
  PF_CALL(set_values(r, p, list->n));
  for (int i = 0; i < list->n; i++) {
    const pf_ynode *item = list->items[i];
    const int line = item->line ? item->line : p->line;
    if (item->kind != PF_YSCALAR || pf_ynode_is_null(item)) {
      char found[128];
      pf_ynode_describe(item, found, sizeof(found));
      return pf_sweep_serr(
          r, line, p->path,
          "item %d is %s (expected a number or a text; a list value is written as the "
          "text '[x, z]')",
          i + 1, found);
    }
    if (!pf_sweep_text_ok(item->text))
      return pf_sweep_serr(r, line, p->path,
                           "item %d is empty or holds a line break (expected a number or a text)",
                           i + 1);
    double v;
    if (p->geometry && (item->quoted || !pf_config_parse_number(item->text, &v)))
      return pf_sweep_serr(r, line, p->path,
                           "item %d '%s' is not a number (expected a number: the foot generator's "
                           "parameters are numbers)",
                           i + 1, item->text);
    PF_CALL(pf_strdup(r->ctx, item->text, &p->values[i]));
  }
  return PF_OK;
}

/* {range: [lo, hi], count: n | step: s, scale: linear | log}. Values are rounded to 15
 * significant digits so that 0.1 to 0.5 in 5 gives 0.3, not 0.30000000000000004: the text is
 * what runs, and the value is the text read back. */
static int read_range(pf_sreader *r, pf_sweep_param *p, const pf_ynode *map, int lhs) {
  double lo, hi;
  int iscale = 0;
  const pf_ynode *range = pf_ynode_find(map, "range", NULL);
  const pf_ynode *count = pf_ynode_find(map, "count", NULL);
  const pf_ynode *step = pf_ynode_find(map, "step", NULL);
  const pf_ynode *scale = pf_ynode_find(map, "scale", NULL);
  char key[300];
  snprintf(key, sizeof(key), "%s.range", p->path);
  PF_CALL(pf_sweep_pair_of(r, range, p->line, key, "[lo, hi]: two numbers", &lo, &hi));
  if (!(lo < hi)) return pf_sweep_serr(r, p->line, key, "[%g, %g]: expected lo < hi", lo, hi);
  if (scale) {
    snprintf(key, sizeof(key), "%s.scale", p->path);
    static const char *const scales[] = {"linear", "log", NULL};
    PF_CALL(pf_sweep_enum_of(r, scale, p->line, key, scales, &iscale));
  }
  const int log_scale = iscale == 1;
  if (log_scale && !(lo > 0))
    return pf_sweep_serr(r, p->line, p->path, "scale: log needs 0 < lo (found lo = %g)", lo);
  if (lhs) {
    /* lhs/saltelli draw from the whole interval: a count or step would be ignored */
    if (count || step)
      return pf_sweep_serr(r, p->line, p->path,
                           "%s is not used by %s: cases are drawn from the whole range (expected "
                           "{range: [%g, %g]} alone, or a list with sampling grid)",
                           count ? "count" : "step", pf_sweep_sampling_name(r->spec->sampling), lo,
                           hi);
    p->kind = log_scale ? PF_SWEEP_PARAM_LOGUNIFORM : PF_SWEEP_PARAM_UNIFORM;
    p->a = lo;
    p->b = hi;
    return PF_OK;
  }
  if (!count == !step)
    return pf_sweep_serr(r, p->line, p->path,
                         count ? "count and step cannot be combined (expected one of them)"
                               : "a range needs count: n or step: s (expected one of them)");
  int n;
  double s = 0;
  if (count) {
    snprintf(key, sizeof(key), "%s.count", p->path);
    PF_CALL(pf_sweep_integer_of(r, count, p->line, key, 2, PF_SWEEP_MAX_VALUES, &n));
  } else {
    snprintf(key, sizeof(key), "%s.step", p->path);
    PF_CALL(pf_sweep_number_of(r, step, p->line, key, &s));
    if (log_scale ? !(s > 1) : !(s > 0))
      return pf_sweep_serr(r, step->line ? step->line : p->line, key,
                           log_scale
                               ? "%g is out of range (expected the ratio of successive values, "
                                 "step > 1, with scale: log)"
                               : "%g is out of range (expected step > 0)",
                           s);
    /* the end is included when it lies on the grid within rounding */
    const double k = log_scale ? log(hi / lo) / log(s) : (hi - lo) / s;
    if (k + 1 > PF_SWEEP_MAX_VALUES)
      return pf_sweep_serr(r, p->line, key, "%.0f values (expected at most %d)", floor(k + 1),
                           PF_SWEEP_MAX_VALUES);
    n = (int)floor(k + 1e-9) + 1;
  }
  p->kind = PF_SWEEP_PARAM_RANGE;
  PF_CALL(set_values(r, p, n));
  for (int i = 0; i < n; i++) {
    double v;
    if (count)
      v = i == n - 1  ? hi
          : log_scale ? exp(log(lo) + (log(hi) - log(lo)) * i / (n - 1))
                      : lo + (hi - lo) * i / (n - 1);
    else
      v = log_scale ? lo * pow(s, i) : lo + s * i;
    if (i == 0) v = lo;
    char text[64];
    pf_sweep_format_number(v, 15, text, sizeof(text));
    PF_CALL(pf_strdup(r->ctx, text, &p->values[i]));
  }
  return PF_OK;
}

/* {uniform: [a, b]}, {loguniform: [a, b]}, {normal: [mean, sd], bounds: [lo, hi]}. */
static int read_distribution(pf_sreader *r, pf_sweep_param *p, const pf_ynode *map,
                             const char *which) {
  char key[300];
  snprintf(key, sizeof(key), "%s.%s", p->path, which);
  const pf_ynode *node = pf_ynode_find(map, which, NULL);
  const pf_sweep_sampling sampling = r->spec->sampling;
  if (sampling != PF_SWEEP_LHS && sampling != PF_SWEEP_SALTELLI)
    return pf_sweep_serr(r, p->line, p->path,
                         "%s needs sampling lhs or saltelli (sampling is %s, which takes a list or "
                         "{range: [lo, hi], count: n})",
                         which, pf_sweep_sampling_name(sampling));
  double a, b;
  if (!strcmp(which, "normal")) {
    PF_CALL(pf_sweep_pair_of(r, node, p->line, key, "[mean, sd]: two numbers", &a, &b));
    if (!(b > 0))
      return pf_sweep_serr(r, p->line, key, "sd = %g (expected [mean, sd] with sd > 0)", b);
    p->kind = PF_SWEEP_PARAM_NORMAL;
    p->a = a;
    p->b = b;
    const pf_ynode *bounds = pf_ynode_find(map, "bounds", NULL);
    if (!bounds) return PF_OK;
    snprintf(key, sizeof(key), "%s.bounds", p->path);
    double lo, hi;
    PF_CALL(pf_sweep_pair_of(r, bounds, p->line, key, "[lo, hi]: two numbers", &lo, &hi));
    if (!(lo < hi)) return pf_sweep_serr(r, p->line, key, "[%g, %g]: expected lo < hi", lo, hi);
    const double za = (lo - a) / b, zb = (hi - a) / b;
    const double mass =
        za > 0 ? normal_cdf(-za) - normal_cdf(-zb) : normal_cdf(zb) - normal_cdf(za);
    if (!(mass >= PF_SWEEP_MIN_TRUNC_MASS))
      return pf_sweep_serr(
          r, p->line, key,
          "[%g, %g] keeps only %.3g of the normal(%g, %g)'s probability (expected bounds "
          "that keep at least %g, near the mean)",
          lo, hi, mass, a, b, PF_SWEEP_MIN_TRUNC_MASS);
    p->kind = PF_SWEEP_PARAM_TRUNCNORMAL;
    p->lo = lo;
    p->hi = hi;
    return PF_OK;
  }
  PF_CALL(pf_sweep_pair_of(r, node, p->line, key, "[a, b]: two numbers", &a, &b));
  if (!(a < b)) return pf_sweep_serr(r, p->line, key, "[%g, %g]: expected a < b", a, b);
  if (!strcmp(which, "loguniform") && !(a > 0))
    return pf_sweep_serr(r, p->line, key, "[%g, %g]: expected 0 < a < b", a, b);
  p->kind = !strcmp(which, "uniform") ? PF_SWEEP_PARAM_UNIFORM : PF_SWEEP_PARAM_LOGUNIFORM;
  p->a = a;
  p->b = b;
  return PF_OK;
}

/* A parameter given as a map: a range or a distribution, with the keys that go with it. */
int pf_sweep_read_param_map(pf_sreader *r, pf_sweep_param *p, const pf_ynode *map) {
  static const char *const kinds[] = {"range", "uniform", "loguniform", "normal", NULL};
  const char *which = NULL;
  for (int i = 0; i < map->n; i++) {
    char key[300];
    snprintf(key, sizeof(key), "%s.%s", p->path, map->keys[i]);
    if (pf_schema_value_index(pf_param_keys, map->keys[i]) < 0)
      return pf_sweep_unknown_key(r, map->key_lines[i], key, map->keys[i], pf_param_keys);
    if (pf_schema_value_index(kinds, map->keys[i]) < 0) continue;
    if (which)
      return pf_sweep_serr(
          r, map->key_lines[i], key,
          "%s and %s cannot be combined (expected one of: range, uniform, loguniform, "
          "normal)",
          which, map->keys[i]);
    which = map->keys[i];
  }
  if (!which)
    return pf_sweep_serr(
        r, p->line, p->path,
        "no values: expected a list, {range: [lo, hi], count: n}, {uniform: [a, b]}, "
        "{loguniform: [a, b]} or {normal: [mean, sd]}");
  /* keys that belong to another form */
  for (int i = 0; i < map->n; i++) {
    const char *k = map->keys[i];
    const int range_key = !strcmp(k, "count") || !strcmp(k, "step") || !strcmp(k, "scale");
    const int bounds_key = !strcmp(k, "bounds");
    if ((range_key && strcmp(which, "range")) || (bounds_key && strcmp(which, "normal"))) {
      char key[300];
      snprintf(key, sizeof(key), "%s.%s", p->path, k);
      return pf_sweep_serr(r, map->key_lines[i], key,
                           "%s is not allowed with %s (it belongs to %s)", k, which,
                           range_key ? "range" : "normal");
    }
  }
  const int lhs = r->spec->sampling == PF_SWEEP_LHS || r->spec->sampling == PF_SWEEP_SALTELLI;
  if (!strcmp(which, "range")) return read_range(r, p, map, lhs);
  return read_distribution(r, p, map, which);
}
