/*
 * pfsim sweep S.yaml collect (docs/sweeps.md, "collect, sensitivity and plots"): one table of
 * every case's parameters, status and /summary metrics (NAME/summary.csv, NAME/summary.h5), the
 * sensitivity of every metric to every numeric parameter (NAME/sensitivity.csv and /sensitivity
 * in summary.h5), and a ranking per metric printed to out. Each file is written to a temporary
 * name in NAME/, synced and renamed, so a reader sees the old table or the new one, never half.
 *
 * summary.h5 is a plain table for Python or MATLAB; it is not a pfsim result file, so the HDF5
 * calls that write it live here rather than in output/ (whose helpers are private to it).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/pf_output.h"
#include "sweep/collect_impl.h"

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void collected_free(collected *c) {
  free(c->state);
  for (int m = 0; m < c->n_metrics; m++) free(c->metrics[m]);
  free(c->metrics);
  free(c->value);
  memset(c, 0, sizeof(*c));
}

/* The column of metric name, added (NaN for every case) when new. [out] col. */
static int metric_column(pf_context *ctx, collected *c, const char *name, int *col) {
  for (int m = 0; m < c->n_metrics; m++)
    if (!strcmp(c->metrics[m], name)) {
      *col = m;
      return PF_OK;
    }
  if (c->n_metrics == c->cap_metrics) {
    const int cap = c->cap_metrics ? 2 * c->cap_metrics : 16;
    double *v = NULL;
    PF_CALL(PF_CALLOC(ctx, (size_t)c->n_cases * cap, &v));
    for (size_t r = 0; r < (size_t)c->n_cases; r++)
      for (int m = 0; m < cap; m++)
        v[r * cap + m] = m < c->n_metrics ? c->value[r * c->cap_metrics + m] : NAN;
    free(c->value);
    c->value = v;
    c->cap_metrics = cap;
    PF_CALL(PF_REALLOC(ctx, cap, &c->metrics));
  }
  PF_CALL(pf_strdup(ctx, name, &c->metrics[c->n_metrics]));
  *col = c->n_metrics++;
  return PF_OK;
}

/* Reads every case: a complete NNNNN.h5 gives status done and its /summary; any other case gets
 * its state from pf_sweep_case_info and NaN metrics. */
static int read_cases(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                      collected *c) {
  memset(c, 0, sizeof(*c));
  c->n_cases = plan->n_cases;
  PF_CALL(PF_CALLOC(ctx, plan->n_cases, &c->state));
  for (int i = 0; i < plan->n_cases; i++) {
    char h5[4096];
    pf_sweep_case_path(spec, plan, i, "", h5, sizeof(h5));
    pf_summary *s = NULL;
    if (file_exists(h5) && pf_summary_read(ctx, h5, &s) == PF_OK &&
        !strcmp(s->status, "complete")) {
      c->state[i] = PF_CASE_DONE;
      c->n_done++;
      for (int k = 0; k < s->n; k++) {
        int col;
        int ierr = metric_column(ctx, c, s->names[k], &col);
        if (ierr) {
          pf_summary_destroy(&s);
          return ierr;
        }
        c->value[(size_t)i * c->cap_metrics + col] = s->values[k];
      }
      pf_summary_destroy(&s);
      continue;
    }
    pf_summary_destroy(&s);
    pf_error_clear(ctx);
    pf_case_info info;
    PF_CALL(pf_sweep_case_info(ctx, spec, plan, i, &info));
    /* a "done" case whose complete result could not be read just now is not done */
    c->state[i] = info.state == PF_CASE_DONE ? PF_CASE_FAILED : info.state;
  }
  return PF_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Atomic text files                                                                           */

static void csv_text(FILE *f, const char *s) {
  if (!s) s = "";
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

/* %.17g (round trip) or "nan". */
static void csv_number(FILE *f, double v) {
  if (isnan(v))
    fputs("nan", f);
  else
    fprintf(f, "%.17g", v);
}

static int write_summary_csv(pf_context *ctx, const char *path, const pf_sweep_plan *plan,
                             const collected *c) {
  char tmp[4200];
  FILE *f;
  PF_CALL(pf_sweep_file_open(ctx, path, tmp, sizeof(tmp), &f));
  fputs("case", f);
  for (int j = 0; j < plan->n_params; j++) fputc(',', f), csv_text(f, plan->names[j]);
  fputs(",status", f);
  for (int m = 0; m < c->n_metrics; m++) fputc(',', f), csv_text(f, c->metrics[m]);
  fputc('\n', f);
  for (int i = 0; i < plan->n_cases; i++) {
    fprintf(f, "%d", i);
    for (int j = 0; j < plan->n_params; j++)
      fputc(',', f), csv_text(f, plan->text[(size_t)i * plan->n_params + j]);
    fprintf(f, ",%s", pf_sweep_state_name(c->state[i]));
    for (int m = 0; m < c->n_metrics; m++)
      fputc(',', f), csv_number(f, c->value[(size_t)i * c->cap_metrics + m]);
    fputc('\n', f);
  }
  return pf_sweep_file_commit(ctx, f, tmp, path, 0, PF_OK);
}

/* ------------------------------------------------------------------------------------------ */
/* Sensitivity of every metric                                                                 */
static void sensitivities_free(sensitivities *t) {
  for (int m = 0; t->s && m < t->n_metrics; m++) pf_sensitivity_free(&t->s[m]);
  free(t->numeric);
  free(t->s);
  free(t->rank);
  free(t->order);
  free(t->key);
  free(t->y);
  memset(t, 0, sizeof(*t));
}

/* Ranks the numeric parameters of one metric by key (descending; NaN not ranked). */
static void rank_metric(const sensitivities *t, const pf_sensitivity *s, int saltelli, int *rank,
                        int *order, const char **keyname) {
  const int k = t->n_params;
  int all_src = 1;
  for (int j = 0; j < k; j++)
    if (t->numeric[j] && isfinite(s->main_effect[j]) && !isfinite(s->src[j])) all_src = 0;
  /* Sobol total indices for a Saltelli plan; else |SRC|, unless the regression could not
   * separate the parameters (collinear, as in a zip), where the main effects rank them. */
  *keyname = saltelli ? "total Sobol index" : all_src ? "|SRC|" : "main effect";
  int n = 0;
  for (int j = 0; j < k; j++) {
    rank[j] = 0;
    const double v = saltelli ? s->sobol_total[j] : all_src ? fabs(s->src[j]) : s->main_effect[j];
    if (t->numeric[j] && isfinite(v)) order[n++] = j;
  }
  /* insertion sort by key, ties in plan order (k is small) */
  for (int a = 1; a < n; a++) {
    const int j = order[a];
    const double v = saltelli ? s->sobol_total[j] : all_src ? fabs(s->src[j]) : s->main_effect[j];
    int b = a;
    for (; b > 0; b--) {
      const int i = order[b - 1];
      const double u = saltelli ? s->sobol_total[i] : all_src ? fabs(s->src[i]) : s->main_effect[i];
      if (u >= v) break;
      order[b] = i;
    }
    order[b] = j;
  }
  for (int a = 0; a < n; a++) rank[order[a]] = a + 1;
  for (int j = 0; j < k; j++)
    if (t->numeric[j] && !rank[j]) order[n++] = j;
  for (int j = 0; j < k; j++)
    if (!t->numeric[j]) order[n++] = j;
}

static int compute_sensitivities(pf_context *ctx, const pf_sweep_plan *plan, const collected *c,
                                 sensitivities *t) {
  memset(t, 0, sizeof(*t));
  t->n_metrics = c->n_metrics;
  t->n_params = plan->n_params;
  const int k = plan->n_params;
  PF_CALL(PF_CALLOC(ctx, k, &t->numeric));
  PF_CALL(PF_CALLOC(ctx, c->n_metrics, &t->s));
  PF_CALL(PF_CALLOC(ctx, (size_t)c->n_metrics * k, &t->rank));
  PF_CALL(PF_CALLOC(ctx, (size_t)c->n_metrics * k, &t->order));
  PF_CALL(PF_CALLOC(ctx, c->n_metrics, &t->key));
  PF_CALL(PF_CALLOC(ctx, plan->n_cases, &t->y));
  for (int j = 0; j < k; j++) {
    t->numeric[j] = 1;
    for (int i = 0; i < plan->n_cases && t->numeric[j]; i++)
      t->numeric[j] = isfinite(plan->value[(size_t)i * k + j]);
  }
  for (int m = 0; m < c->n_metrics; m++) {
    /* only done cases count: the others are NaN already */
    for (int i = 0; i < plan->n_cases; i++)
      t->y[i] = c->state[i] == PF_CASE_DONE ? c->value[(size_t)i * c->cap_metrics + m] : NAN;
    PF_CALL(pf_sensitivity_compute(ctx, plan, t->y, &t->s[m]));
    rank_metric(t, &t->s[m], plan->sampling == PF_SWEEP_SALTELLI, &t->rank[(size_t)m * k],
                &t->order[(size_t)m * k], &t->key[m]);
  }
  return PF_OK;
}

static int write_sensitivity_csv(pf_context *ctx, const char *path, const pf_sweep_plan *plan,
                                 const collected *c, const sensitivities *t) {
  char tmp[4200];
  FILE *f;
  PF_CALL(pf_sweep_file_open(ctx, path, tmp, sizeof(tmp), &f));
  fputs("metric,parameter,main_effect,src,r2,reliable,sobol_first,sobol_total,rank,n_used\n", f);
  const int k = plan->n_params;
  for (int m = 0; m < c->n_metrics; m++) {
    const pf_sensitivity *s = &t->s[m];
    for (int a = 0; a < k; a++) {
      const int j = t->order[(size_t)m * k + a];
      if (!t->numeric[j]) continue;
      csv_text(f, c->metrics[m]);
      fputc(',', f), csv_text(f, plan->names[j]);
      fputc(',', f), csv_number(f, s->main_effect[j]);
      fputc(',', f), csv_number(f, s->src[j]);
      fputc(',', f), csv_number(f, s->r2);
      fprintf(f, ",%d,", s->r2 >= PF_COLLECT_RELIABLE_R2);
      csv_number(f, s->sobol_first ? s->sobol_first[j] : NAN);
      fputc(',', f), csv_number(f, s->sobol_total ? s->sobol_total[j] : NAN);
      fprintf(f, ",%d,%d\n", t->rank[(size_t)m * k + j], s->n_used);
    }
  }
  return pf_sweep_file_commit(ctx, f, tmp, path, 0, PF_OK);
}

/* The table printed per metric, ranked. */
static void print_sensitivities(FILE *out, const pf_sweep_plan *plan, const collected *c,
                                const sensitivities *t) {
  const int k = plan->n_params;
  const int saltelli = plan->sampling == PF_SWEEP_SALTELLI;
  int w = 9, n_numeric = 0;
  for (int j = 0; j < k; j++)
    if (t->numeric[j]) {
      n_numeric++;
      if ((int)strlen(plan->names[j]) > w) w = (int)strlen(plan->names[j]);
    }
  if (n_numeric < k) {
    fprintf(out, "not numeric (no sensitivity):");
    for (int j = 0; j < k; j++)
      if (!t->numeric[j]) fprintf(out, " %s", plan->names[j]);
    fprintf(out, "\n");
  }
  if (!n_numeric) return;
  for (int m = 0; m < c->n_metrics; m++) {
    const pf_sensitivity *s = &t->s[m];
    const int *rank = &t->rank[(size_t)m * k], *order = &t->order[(size_t)m * k];
    fprintf(out, "\n%s: ", c->metrics[m]);
    int ranked = 0;
    for (int j = 0; j < k; j++) ranked += rank[j] > 0;
    if (!ranked) {
      if (s->n_used < 3)
        fprintf(out, "no sensitivity (%d cases with a value: fewer than 3)\n", s->n_used);
      else
        fprintf(out, "no sensitivity (constant over the %d cases with a value)\n", s->n_used);
      continue;
    }
    if (saltelli) {
      const int rows = s->n_used / (k + 2);
      fprintf(out, "%d of %d Saltelli sample rows", rows, plan->samples);
      if (rows < plan->samples)
        fprintf(out, " (%d dropped from every block: a case of the row is not done)",
                plan->samples - rows);
    } else {
      fprintf(out, "%d done cases", s->n_used);
    }
    fprintf(out, ", linear fit R^2 = %.3f", s->r2);
    if (!(s->r2 >= PF_COLLECT_RELIABLE_R2))
      fprintf(out, " < %.1f: SRC UNRELIABLE (y is not linear in the parameters)",
              PF_COLLECT_RELIABLE_R2);
    fprintf(out, "; ranked by %s\n", t->key[m]);
    if (plan->sampling != PF_SWEEP_GRID) {
      /* binned main effects of random cases: the noise of G bin means adds about
       * (1 - S)(G - 1)/(n - 1) (sensitivity.c); say where that floor is */
      const int n = saltelli ? 2 * (s->n_used / (k + 2)) : s->n_used;
      const double bins = ceil(sqrt((double)n));
      fprintf(out, "  (main effects from %d cases in %.0f bins: below about %.2f they are noise)\n",
              n, bins, (bins - 1) / (n - 1));
    }
    fprintf(out, "  rank  %-*s  main effect        SRC%s\n", w, "parameter",
            saltelli ? "   Sobol S1   Sobol ST" : "");
    for (int a = 0; a < k; a++) {
      const int j = order[a];
      if (!t->numeric[j]) continue;
      char r[16] = "-";
      if (rank[j]) snprintf(r, sizeof(r), "%d", rank[j]);
      fprintf(out, "  %4s  %-*s  %11.4f %10.4f", r, w, plan->names[j], s->main_effect[j],
              s->src[j]);
      if (saltelli) fprintf(out, " %10.4f %10.4f", s->sobol_first[j], s->sobol_total[j]);
      fprintf(out, "\n");
    }
  }
}

/* ------------------------------------------------------------------------------------------ */

int pf_sweep_collect(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                     FILE *out) {
  collected c;
  sensitivities t;
  memset(&t, 0, sizeof(t));
  int ierr = read_cases(ctx, spec, plan, &c);
  if (!ierr) ierr = compute_sensitivities(ctx, plan, &c, &t);
  char csv[4096], h5[4096], sens[4096];
  snprintf(csv, sizeof(csv), "%s/summary.csv", spec->out_dir);
  snprintf(h5, sizeof(h5), "%s/summary.h5", spec->out_dir);
  snprintf(sens, sizeof(sens), "%s/sensitivity.csv", spec->out_dir);
  if (!ierr) ierr = write_summary_csv(ctx, csv, plan, &c);
  if (!ierr) ierr = write_sensitivity_csv(ctx, sens, plan, &c, &t);
  if (!ierr) ierr = pf_collect_write_h5(ctx, h5, spec, plan, &c, &t);
  if (!ierr && out) {
    int count[6] = {0};
    for (int i = 0; i < plan->n_cases; i++) count[c.state[i]]++;
    fprintf(out, "collect: %d cases: %d done", plan->n_cases, count[PF_CASE_DONE]);
    for (int s = 0; s < 6; s++)
      if (s != PF_CASE_DONE && count[s]) fprintf(out, ", %d %s", count[s], pf_sweep_state_name(s));
    fprintf(out, "; %d metrics\n  %s\n  %s\n  %s\n", c.n_metrics, csv, h5, sens);
    print_sensitivities(out, plan, &c, &t);
  }
  sensitivities_free(&t);
  collected_free(&c);
  return ierr;
}
