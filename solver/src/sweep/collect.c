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
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/pf_output.h"
#include "sweep/pf_sweep.h"

#define PF_COLLECT_RELIABLE_R2 0.7 /* below it the linear fit (and its SRCs) is unreliable */

static const char *state_name(pf_case_state s) {
  switch (s) {
    case PF_CASE_DONE:
      return "done";
    case PF_CASE_FAILED:
      return "failed";
    case PF_CASE_INTERRUPTED:
      return "interrupted";
    case PF_CASE_INCOMPLETE:
      return "incomplete";
    case PF_CASE_RUNNING:
      return "running";
    default:
      return "missing";
  }
}

static const char *sampling_name(pf_sweep_sampling s) {
  switch (s) {
    case PF_SWEEP_GRID:
      return "grid";
    case PF_SWEEP_ZIP:
      return "zip";
    case PF_SWEEP_LHS:
      return "lhs";
    case PF_SWEEP_SALTELLI:
      return "saltelli";
  }
  return "unknown";
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The cases read: state per case and the union of the metric names in first-seen order, with
 * every case's value (NaN where a case has none). */
typedef struct {
  int n_cases, n_done;
  pf_case_state *state;
  int n_metrics;
  char **metrics;
  double *value; /* n_cases x cap_metrics */
  int cap_metrics;
} collected;

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

/* Opens path.tmp-PID for writing. [out] tmp (the name), f. */
static int atomic_open(pf_context *ctx, const char *path, char *tmp, size_t size, FILE **f) {
  snprintf(tmp, size, "%s.tmp-%ld", path, (long)getpid());
  *f = fopen(tmp, "w");
  PF_CHECK(*f, ctx, PF_ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
  return PF_OK;
}

/* fsync(path) through a new descriptor (after HDF5 closed it). */
static int sync_path(const char *path) {
  const int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  const int rc = fsync(fd);
  close(fd);
  return rc;
}

/* Closes f (flushed and synced) and renames tmp over path; removes tmp on failure. */
static int atomic_close(pf_context *ctx, FILE *f, const char *tmp, const char *path) {
  int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
  const int err = errno;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path) != 0) {
    const int e = bad ? err : errno;
    unlink(tmp);
    return PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': %s", path, strerror(e));
  }
  return PF_OK;
}

static int write_summary_csv(pf_context *ctx, const char *path, const pf_sweep_plan *plan,
                             const collected *c) {
  char tmp[4200];
  FILE *f;
  PF_CALL(atomic_open(ctx, path, tmp, sizeof(tmp), &f));
  fputs("case", f);
  for (int j = 0; j < plan->n_params; j++) fputc(',', f), csv_text(f, plan->names[j]);
  fputs(",status", f);
  for (int m = 0; m < c->n_metrics; m++) fputc(',', f), csv_text(f, c->metrics[m]);
  fputc('\n', f);
  for (int i = 0; i < plan->n_cases; i++) {
    fprintf(f, "%d", i);
    for (int j = 0; j < plan->n_params; j++)
      fputc(',', f), csv_text(f, plan->text[(size_t)i * plan->n_params + j]);
    fprintf(f, ",%s", state_name(c->state[i]));
    for (int m = 0; m < c->n_metrics; m++)
      fputc(',', f), csv_number(f, c->value[(size_t)i * c->cap_metrics + m]);
    fputc('\n', f);
  }
  return atomic_close(ctx, f, tmp, path);
}

/* ------------------------------------------------------------------------------------------ */
/* Sensitivity of every metric                                                                 */

typedef struct {
  int n_metrics, n_params;
  int *numeric;      /* n_params: a number in every case of the plan */
  pf_sensitivity *s; /* n_metrics */
  int *rank;         /* n_metrics x n_params: 1 = most influential, 0 = not ranked */
  int *order;        /* n_metrics x n_params: parameters by rank (ranked first, then plan order) */
  const char **key;  /* n_metrics: what the ranking used */
  double *y;         /* scratch: one metric over the cases */
} sensitivities;

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
  PF_CALL(atomic_open(ctx, path, tmp, sizeof(tmp), &f));
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
  return atomic_close(ctx, f, tmp, path);
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
/* summary.h5                                                                                  */

/* An HDF5 writer that records the first failure and then does nothing more. */
typedef struct {
  pf_context *ctx;
  const char *path;
  int ierr;
} h5w;

static herr_t first_error_desc(unsigned n, const H5E_error2_t *err, void *data) {
  if (n == 0 && err && err->desc) snprintf((char *)data, 256, "%s", err->desc);
  return 0;
}

static void h5w_fail(h5w *w, const char *what, const char *name) {
  if (w->ierr) return;
  char detail[256] = "";
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error_desc, detail);
  H5Eclear2(H5E_DEFAULT);
  w->ierr = PF_ERROR(w->ctx, PF_ERR_IO, "cannot write '%s': %s '%s'%s%s", w->path, what, name,
                     detail[0] ? ": " : "", detail);
}

/* The HDF5 link name of a parameter path or metric name: '%' -> %25, '/' -> %2F, a leading '.'
 * -> %2E (as the result files' set names; urllib.parse.unquote gives it back). */
static void h5_link_name(const char *name, char *buf, size_t size) {
  size_t o = 0;
  for (size_t i = 0; name[i] && o + 4 < size; i++) {
    const unsigned char ch = (unsigned char)name[i];
    if (ch == '%' || ch == '/' || (i == 0 && ch == '.'))
      o += (size_t)snprintf(buf + o, size - o, "%%%02X", ch);
    else
      buf[o++] = (char)ch;
  }
  buf[o] = '\0';
}

static hid_t vlen_string_type(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
    H5Tclose(t);
    t = H5I_INVALID_HID;
  }
  return t;
}

/* A 1-D dataset of n values of mem_type (strings: const char *[n]). [out] dset (NULL: closed). */
static void h5w_data(h5w *w, hid_t loc, const char *name, hid_t mem_type, hid_t file_type, int n,
                     const void *data, hid_t *dset) {
  if (dset) *dset = H5I_INVALID_HID;
  if (w->ierr) return;
  const hsize_t dims[1] = {(hsize_t)n};
  hid_t sp = H5Screate_simple(1, dims, NULL);
  hid_t d = sp >= 0 ? H5Dcreate2(loc, name, file_type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                    : H5I_INVALID_HID;
  if (d < 0 || (n > 0 && H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
    h5w_fail(w, "dataset", name);
  if (sp >= 0) H5Sclose(sp);
  if (dset && !w->ierr)
    *dset = d;
  else if (d >= 0)
    H5Dclose(d);
}

static void h5w_f64(h5w *w, hid_t loc, const char *name, int n, const double *v, hid_t *dset) {
  h5w_data(w, loc, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, n, v, dset);
}
static void h5w_i32(h5w *w, hid_t loc, const char *name, int n, const int *v) {
  h5w_data(w, loc, name, H5T_NATIVE_INT, H5T_STD_I32LE, n, v, NULL);
}
static void h5w_strings_d(h5w *w, hid_t loc, const char *name, int n, const char *const *v,
                          hid_t *dset) {
  hid_t t = vlen_string_type();
  if (t < 0) h5w_fail(w, "string dataset", name);
  h5w_data(w, loc, name, t, t, n, v, dset);
  if (t >= 0) H5Tclose(t);
}
static void h5w_strings(h5w *w, hid_t loc, const char *name, int n, const char *const *v) {
  h5w_strings_d(w, loc, name, n, v, NULL);
}

static void h5w_attr(h5w *w, hid_t loc, const char *name, hid_t mem_type, hid_t file_type,
                     const void *v) {
  if (w->ierr) return;
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t a =
      sp >= 0 ? H5Acreate2(loc, name, file_type, sp, H5P_DEFAULT, H5P_DEFAULT) : H5I_INVALID_HID;
  if (a < 0 || H5Awrite(a, mem_type, v) < 0) h5w_fail(w, "attribute", name);
  if (a >= 0) H5Aclose(a);
  if (sp >= 0) H5Sclose(sp);
}
static void h5w_attr_string(h5w *w, hid_t loc, const char *name, const char *value) {
  hid_t t = vlen_string_type();
  if (t < 0) h5w_fail(w, "attribute", name);
  const char *v = value ? value : "";
  h5w_attr(w, loc, name, t, t, &v);
  if (t >= 0) H5Tclose(t);
}
static void h5w_attr_i64(h5w *w, hid_t loc, const char *name, int64_t v) {
  h5w_attr(w, loc, name, H5T_NATIVE_INT64, H5T_STD_I64LE, &v);
}
static void h5w_attr_u64(h5w *w, hid_t loc, const char *name, uint64_t v) {
  h5w_attr(w, loc, name, H5T_NATIVE_UINT64, H5T_STD_U64LE, &v);
}

/* A group whose members keep their creation order (h5py lists them in it). */
static hid_t h5w_group(h5w *w, hid_t loc, const char *name) {
  if (w->ierr) return H5I_INVALID_HID;
  hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
  if (gcpl >= 0) H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  hid_t g = gcpl >= 0 ? H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT) : H5I_INVALID_HID;
  if (gcpl >= 0) H5Pclose(gcpl);
  if (g < 0) h5w_fail(w, "group", name);
  return g;
}

/* One named column: dataset <link name> in g (doubles v, or strings text when v is NULL) with
 * its name as attribute "name". */
static void h5w_named(h5w *w, hid_t g, const char *name, int n, const double *v,
                      const char *const *text) {
  char link[1024];
  h5_link_name(name, link, sizeof(link));
  hid_t d;
  if (v)
    h5w_f64(w, g, link, n, v, &d);
  else
    h5w_strings_d(w, g, link, n, text, &d);
  h5w_attr_string(w, d, "name", name);
  if (d >= 0) H5Dclose(d);
}

/* /sensitivity: the rows of sensitivity.csv as columns. */
static void h5w_sensitivity(h5w *w, hid_t file, const pf_sweep_plan *plan, const collected *c,
                            const sensitivities *t) {
  const int k = plan->n_params;
  int rows = 0;
  for (int j = 0; j < k; j++) rows += t->numeric[j];
  rows *= c->n_metrics;
  const char **metric = calloc((size_t)rows + 1, sizeof(*metric));
  const char **param = calloc((size_t)rows + 1, sizeof(*param));
  const char **key = calloc((size_t)rows + 1, sizeof(*key));
  double *col[6];
  int *ival[3];
  int bad = !metric || !param || !key;
  for (int q = 0; q < 6; q++) bad |= !(col[q] = calloc((size_t)rows + 1, sizeof(double)));
  for (int q = 0; q < 3; q++) bad |= !(ival[q] = calloc((size_t)rows + 1, sizeof(int)));
  if (bad && !w->ierr) w->ierr = PF_ERROR(w->ctx, PF_ERR_INTERNAL, "out of memory (collect)");
  for (int m = 0, r = 0; !bad && m < c->n_metrics; m++) {
    const pf_sensitivity *s = &t->s[m];
    for (int a = 0; a < k; a++) {
      const int j = t->order[(size_t)m * k + a];
      if (!t->numeric[j]) continue;
      metric[r] = c->metrics[m];
      param[r] = plan->names[j];
      key[r] = t->key[m];
      col[0][r] = s->main_effect[j];
      col[1][r] = s->src[j];
      col[2][r] = s->r2;
      col[3][r] = s->sobol_first ? s->sobol_first[j] : NAN;
      col[4][r] = s->sobol_total ? s->sobol_total[j] : NAN;
      ival[0][r] = s->r2 >= PF_COLLECT_RELIABLE_R2;
      ival[1][r] = t->rank[(size_t)m * k + j];
      ival[2][r] = s->n_used;
      r++;
    }
  }
  hid_t g = h5w_group(w, file, "sensitivity");
  h5w_strings(w, g, "metric", rows, metric);
  h5w_strings(w, g, "parameter", rows, param);
  h5w_f64(w, g, "main_effect", rows, col[0], NULL);
  h5w_f64(w, g, "src", rows, col[1], NULL);
  h5w_f64(w, g, "r2", rows, col[2], NULL);
  h5w_i32(w, g, "reliable", rows, ival[0]);
  h5w_f64(w, g, "sobol_first", rows, col[3], NULL);
  h5w_f64(w, g, "sobol_total", rows, col[4], NULL);
  h5w_i32(w, g, "rank", rows, ival[1]);
  h5w_i32(w, g, "n_used", rows, ival[2]);
  h5w_strings(w, g, "ranked_by", rows, key);
  h5w_attr(w, g, "reliable_r2", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE,
           &(double){PF_COLLECT_RELIABLE_R2});
  if (g >= 0) H5Gclose(g);
  free(metric);
  free(param);
  free(key);
  for (int q = 0; q < 6; q++) free(col[q]);
  for (int q = 0; q < 3; q++) free(ival[q]);
}

static int write_summary_h5(pf_context *ctx, const char *path, const pf_sweep_spec *spec,
                            const pf_sweep_plan *plan, const collected *c, const sensitivities *t) {
  char tmp[4200];
  snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
  h5w w = {ctx, path, PF_OK};
  const int n = plan->n_cases, k = plan->n_params;
  double *col = NULL;
  const char **text = NULL;
  int *cases = NULL;
  PF_CALL(PF_CALLOC(ctx, n + 1, &col));
  if (PF_CALLOC(ctx, n + 1, &text) || PF_CALLOC(ctx, n + 1, &cases)) {
    free(col), free(text);
    return ctx->err_code;
  }
  H5E_auto2_t efunc = NULL;
  void *edata = NULL;
  H5Eget_auto2(H5E_DEFAULT, &efunc, &edata);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  /* object formats of HDF5 1.8, as the result files (any reader from 1.8 on) */
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  hid_t gcpl = H5Pcreate(H5P_FILE_CREATE);
  if (fapl >= 0) H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18);
  if (gcpl >= 0) H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, gcpl, fapl);
  if (f < 0) h5w_fail(&w, "file", tmp);

  if (f >= 0) {
    h5w_attr_string(&w, f, "format", "pfsim-sweep-summary-1");
    h5w_attr_string(&w, f, "sweep_file", spec->file);
    h5w_attr_string(&w, f, "base", spec->base);
    h5w_attr_string(&w, f, "name", spec->name);
    h5w_attr_u64(&w, f, "plan_hash", plan->hash);
    char hex[32];
    snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)plan->hash);
    h5w_attr_string(&w, f, "plan_hash_hex", hex);
    h5w_attr_string(&w, f, "sampling", sampling_name(plan->sampling));
    h5w_attr_i64(&w, f, "samples", plan->samples);
    h5w_attr_u64(&w, f, "seed", plan->seed);
    h5w_attr_i64(&w, f, "n_cases", n);
    h5w_attr_i64(&w, f, "n_done", c->n_done);
    h5w_attr_string(&w, f, "pfsim_git_hash", pf_git_hash());

    for (int i = 0; i < n; i++) cases[i] = i;
    h5w_i32(&w, f, "cases", n, cases);
    for (int i = 0; i < n; i++) text[i] = state_name(c->state[i]);
    h5w_strings(&w, f, "status", n, text);
    h5w_strings(&w, f, "parameter_names", k, (const char *const *)plan->names);
    h5w_strings(&w, f, "metric_names", c->n_metrics, (const char *const *)c->metrics);

    hid_t gp = h5w_group(&w, f, "parameters");
    hid_t gt = h5w_group(&w, f, "parameter_text");
    for (int j = 0; j < k && !w.ierr; j++) {
      for (int i = 0; i < n; i++) {
        col[i] = plan->value[(size_t)i * k + j];
        text[i] = plan->text[(size_t)i * k + j];
      }
      h5w_named(&w, gp, plan->names[j], n, col, NULL);
      h5w_named(&w, gt, plan->names[j], n, NULL, text);
    }
    if (gp >= 0) H5Gclose(gp);
    if (gt >= 0) H5Gclose(gt);
    hid_t gm = h5w_group(&w, f, "metrics");
    for (int m = 0; m < c->n_metrics && !w.ierr; m++) {
      for (int i = 0; i < n; i++) col[i] = c->value[(size_t)i * c->cap_metrics + m];
      h5w_named(&w, gm, c->metrics[m], n, col, NULL);
    }
    if (gm >= 0) H5Gclose(gm);
    h5w_sensitivity(&w, f, plan, c, t);
    if (H5Fclose(f) < 0) h5w_fail(&w, "file", tmp);
  }
  if (fapl >= 0) H5Pclose(fapl);
  if (gcpl >= 0) H5Pclose(gcpl);
  H5Eset_auto2(H5E_DEFAULT, efunc, edata);
  free(col), free(text), free(cases);
  if (!w.ierr && (sync_path(tmp) != 0 || rename(tmp, path) != 0))
    w.ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
  if (w.ierr) unlink(tmp);
  return w.ierr;
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
  if (!ierr) ierr = write_summary_h5(ctx, h5, spec, plan, &c, &t);
  if (!ierr && out) {
    int count[6] = {0};
    for (int i = 0; i < plan->n_cases; i++) count[c.state[i]]++;
    fprintf(out, "collect: %d cases: %d done", plan->n_cases, count[PF_CASE_DONE]);
    for (int s = 0; s < 6; s++)
      if (s != PF_CASE_DONE && count[s]) fprintf(out, ", %d %s", count[s], state_name(s));
    fprintf(out, "; %d metrics\n  %s\n  %s\n  %s\n", c.n_metrics, csv, h5, sens);
    print_sensitivities(out, plan, &c, &t);
  }
  sensitivities_free(&t);
  collected_free(&c);
  return ierr;
}
