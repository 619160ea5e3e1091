/* pfsim sweep collect: summary.h5 (the table of every case, the sensitivities) and the names
 * and file helpers collect.c shares. */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep/collect_impl.h"

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

int pf_collect_write_h5(pf_context *ctx, const char *path, const pf_sweep_spec *spec,
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
    h5w_attr_string(&w, f, "sampling", pf_sweep_sampling_name(plan->sampling));
    h5w_attr_i64(&w, f, "samples", plan->samples);
    h5w_attr_u64(&w, f, "seed", plan->seed);
    h5w_attr_i64(&w, f, "n_cases", n);
    h5w_attr_i64(&w, f, "n_done", c->n_done);
    h5w_attr_string(&w, f, "pfsim_git_hash", pf_git_hash());

    for (int i = 0; i < n; i++) cases[i] = i;
    h5w_i32(&w, f, "cases", n, cases);
    for (int i = 0; i < n; i++) text[i] = pf_sweep_state_name(c->state[i]);
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
  return pf_sweep_file_commit(ctx, NULL, tmp, path, 0, w.ierr);
}
