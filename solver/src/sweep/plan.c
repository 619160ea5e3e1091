/*
 * The sweep plan: every case validated against the base configuration before anything runs, the
 * geometry meshes made once per distinct geometry (plan_geometry.c), the case table written to
 * NAME/cases.csv (plan_file.c, which also reads it back for run, status, collect and slurm, which
 * refuse a plan that no longer matches its inputs), the hash, and the plan's report.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/pf_api.h"
#include "config/pf_config.h"
#include "sweep/plan_impl.h"

/* the --set texts of one case: output level, set:, parameters, mesh and foot model */
#define PF_PLAN_MAX_SETS 4096
/* cases printed by plan */
#define PF_PLAN_SHOW 5

/* ------------------------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------------------------ */

int pf_plan_path(pf_context *ctx, const pf_sweep_spec *spec, const char *rel, char *buf,
                 size_t size) {
  const int n = snprintf(buf, size, "%s/%s", spec->out_dir, rel);
  PF_CHECK(n > 0 && (size_t)n < size, ctx, PF_ERR_INPUT, "%s: the path %s/%s is too long",
           spec->file, spec->out_dir, rel);
  return PF_OK;
}

/* mkdir -p. */
int pf_plan_make_dirs(pf_context *ctx, const char *path) {
  char buf[4096];
  PF_CHECK(strlen(path) < sizeof(buf), ctx, PF_ERR_IO, "%s: path too long", path);
  snprintf(buf, sizeof(buf), "%s", path);
  for (char *c = buf + 1; *c; c++) {
    if (*c != '/') continue;
    *c = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return PF_ERROR(ctx, PF_ERR_IO, "cannot create the folder %s: %s", buf, strerror(errno));
    *c = '/';
  }
  if (mkdir(buf, 0777) != 0 && errno != EEXIST)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot create the folder %s: %s", buf, strerror(errno));
  return PF_OK;
}

/* An absolute path for path (relative to the working folder), without touching the disk. */
int pf_plan_absolute(pf_context *ctx, const char *path, char *buf, size_t size) {
  if (path[0] == '/') {
    PF_CHECK(strlen(path) < size, ctx, PF_ERR_INPUT, "%s: path too long", path);
    snprintf(buf, size, "%s", path);
    return PF_OK;
  }
  char cwd[4096];
  PF_CHECK(getcwd(cwd, sizeof(cwd)), ctx, PF_ERR_IO, "cannot get the working folder: %s",
           strerror(errno));
  const char *rel = path;
  while (rel[0] == '.' && rel[1] == '/') rel += 2;
  const int n = snprintf(buf, size, "%s/%s", cwd, strcmp(rel, ".") ? rel : "");
  PF_CHECK(n > 0 && (size_t)n < size, ctx, PF_ERR_INPUT, "%s: path too long", path);
  return PF_OK;
}

static uint64_t hash_text(uint64_t h, const char *text) {
  const uint64_t n = strlen(text);
  h = pf_hash64(h, &n, sizeof(n));
  return pf_hash64(h, text, n);
}

/* Hashes a file's size and bytes (the size separates one file from the next). */
int pf_plan_hash_file(pf_context *ctx, uint64_t *h, const char *path, const char *what) {
  FILE *f = fopen(path, "rb");
  PF_CHECK(f, ctx, PF_ERR_IO, "cannot read %s %s: %s", what, path, strerror(errno));
  struct stat st;
  uint64_t size = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : 0;
  *h = pf_hash64(*h, &size, sizeof(size));
  static const size_t chunk = 1 << 16;
  unsigned char *buf = malloc(chunk);
  if (!buf) {
    fclose(f);
    return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
  }
  size_t n;
  while ((n = fread(buf, 1, chunk, f)) > 0) *h = pf_hash64(*h, buf, n);
  const int bad = ferror(f);
  free(buf);
  fclose(f);
  PF_CHECK(!bad, ctx, PF_ERR_IO, "cannot read %s %s", what, path);
  return PF_OK;
}

int pf_plan_has_geometry(const pf_sweep_spec *spec) {
  for (int j = 0; j < spec->n_params; j++)
    if (spec->params[j].geometry) return 1;
  return 0;
}

const pf_sweep_param *pf_plan_first_geometry(const pf_sweep_spec *spec) {
  for (int j = 0; j < spec->n_params; j++)
    if (spec->params[j].geometry) return &spec->params[j];
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * The --set texts of a case
 * ------------------------------------------------------------------------------------------ */

static int add_set(pf_context *ctx, char (*buf)[PF_SWEEP_SET_MAX], int n_buf, int *n,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int add_set(pf_context *ctx, char (*buf)[PF_SWEEP_SET_MAX], int n_buf, int *n,
                   const char *fmt, ...) {
  PF_CHECK(*n < n_buf, ctx, PF_ERR_INPUT, "a case needs more than %d --set texts", n_buf);
  va_list ap;
  va_start(ap, fmt);
  const int len = vsnprintf(buf[*n], PF_SWEEP_SET_MAX, fmt, ap);
  va_end(ap);
  PF_CHECK(len >= 0 && len < PF_SWEEP_SET_MAX, ctx, PF_ERR_INPUT,
           "--set %.60s...: longer than %d bytes", buf[*n], PF_SWEEP_SET_MAX - 1);
  (*n)++;
  return PF_OK;
}

/* The sets of case i; with_mesh 0 leaves out the geometry mesh (not made yet). */
static int case_sets(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                     int with_mesh, char (*buf)[PF_SWEEP_SET_MAX], int n_buf) {
  PF_CHECK(i >= 0 && i < plan->n_cases, ctx, PF_ERR_INPUT, "case %d is not in the plan (0-%d)", i,
           plan->n_cases - 1);
  int n = 0;
  /* first, so that it is the sweep's level whatever the base configuration says */
  PF_CALL(add_set(ctx, buf, n_buf, &n, "output.level=%s", spec->output_level));
  for (int k = 0; k < spec->n_fixed; k++)
    PF_CALL(add_set(ctx, buf, n_buf, &n, "%s", spec->fixed[k]));
  for (int j = 0; j < plan->n_params; j++) {
    if (spec->params[j].geometry) continue; /* made into the case's mesh */
    PF_CALL(add_set(ctx, buf, n_buf, &n, "%s=%s", plan->names[j],
                    plan->text[(size_t)i * plan->n_params + j]));
  }
  if (with_mesh && plan->mesh && plan->mesh[i]) {
    const char *m = plan->mesh[i];
    const size_t len = strlen(m);
    PF_CALL(add_set(ctx, buf, n_buf, &n, "mesh.file=%s", m));
    /* the generator writes the model file beside the mesh: X.msh -> X.model.yaml */
    PF_CALL(add_set(ctx, buf, n_buf, &n, "foot.model=%.*s.model.yaml",
                    (int)(len > 4 && !strcmp(m + len - 4, ".msh") ? len - 4 : len), m));
  }
  return n;
}

int pf_sweep_case_sets(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       char (*buf)[PF_SWEEP_SET_MAX], int n_buf) {
  return case_sets(ctx, spec, plan, i, 1, buf, n_buf);
}

int pf_sweep_case_sets_max(const pf_sweep_spec *spec) {
  return 1 + spec->n_fixed + spec->n_params + 2; /* output.level, set:, parameters, mesh + model */
}

void pf_sweep_case_path(const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                        const char *suffix, char *buf, size_t size) {
  int digits = 1;
  for (int n = plan->n_cases - 1; n >= 10; n /= 10) digits++;
  if (digits < 5) digits = 5;
  snprintf(buf, size, "%s/cases/%0*d%s", spec->out_dir, digits, i,
           suffix && suffix[0] ? suffix : ".h5");
}

/* ------------------------------------------------------------------------------------------
 * The base configuration (with set:) and the hash
 * ------------------------------------------------------------------------------------------ */

/* Loads the base configuration with the sweep's fixed sets; an error names the sweep file's
 * line of base: or of the set: entry that caused it. */
/* The --set texts of the base case (output level and set:), as pf_run_options wants them.
 * [out] sets, ptr (n_fixed + 1 entries each; free both), n. */
static int base_sets(pf_context *ctx, const pf_sweep_spec *spec, char (**sets)[PF_SWEEP_SET_MAX],
                     const char ***ptr, int *n) {
  *n = 0;
  int ierr = PF_CALLOC(ctx, spec->n_fixed + 1, sets);
  if (!ierr) ierr = PF_CALLOC(ctx, spec->n_fixed + 1, ptr);
  if (!ierr)
    ierr = add_set(ctx, *sets, spec->n_fixed + 1, n, "output.level=%s", spec->output_level);
  for (int k = 0; !ierr && k < spec->n_fixed; k++)
    ierr = add_set(ctx, *sets, spec->n_fixed + 1, n, "%s", spec->fixed[k]);
  for (int k = 0; !ierr && k < *n; k++) (*ptr)[k] = (*sets)[k];
  return ierr;
}

static int load_base(pf_context *ctx, const pf_sweep_spec *spec, pf_model_desc **desc) {
  char(*sets)[PF_SWEEP_SET_MAX] = NULL;
  const char **ptr = NULL;
  int n = 0, ierr = base_sets(ctx, spec, &sets, &ptr, &n);
  if (!ierr) {
    ierr = pf_config_load(ctx, spec->base, n, ptr, desc);
    if (ierr == PF_ERR_INPUT) {
      int which = -1;
      for (int k = 0; k < spec->n_fixed && which < 0; k++) {
        char prefix[PF_SWEEP_SET_MAX + 16];
        snprintf(prefix, sizeof(prefix), "--set %s:", spec->fixed[k]);
        if (!strncmp(ctx->err_msg, prefix, strlen(prefix))) which = k;
      }
      if (which >= 0)
        pf_error_prefix(ctx, "%s:%d: set[%d]: ", spec->file, spec->fixed_lines[which], which);
      else
        pf_error_prefix(ctx, "%s:%d: base: ", spec->file, spec->base_line);
    } else if (ierr == PF_ERR_IO) {
      pf_error_prefix(ctx, "%s:%d: base: ", spec->file, spec->base_line);
    }
  }
  free(sets);
  free(ptr);
  return ierr;
}

/* hash = sweep file, base configuration, the mesh it names after set: (and its foot model
 * file), the meshes a mesh.file parameter lists, and for geometry sweeps the generator's two
 * files. */
static int hash_with(pf_context *ctx, const pf_sweep_spec *spec, const pf_model_desc *base,
                     uint64_t *hash) {
  uint64_t h = hash_text(PF_HASH64_INIT, PF_PLAN_FORMAT);
  PF_CALL(pf_plan_hash_file(ctx, &h, spec->file, "the sweep file"));
  PF_CALL(pf_plan_hash_file(ctx, &h, spec->base, "the base configuration"));
  PF_CALL(pf_plan_hash_file(ctx, &h, base->mesh_file, "the mesh"));
  if (base->foot.active && base->foot.model_file && access(base->foot.model_file, R_OK) == 0)
    PF_CALL(pf_plan_hash_file(ctx, &h, base->foot.model_file, "the foot model file"));
  for (int j = 0; j < spec->n_params; j++) {
    const pf_sweep_param *p = &spec->params[j];
    if (strcmp(p->path, "mesh.file") || p->kind != PF_SWEEP_PARAM_LIST) continue;
    for (int i = 0; i < p->n_values; i++) {
      char path[4096];
      const char *slash = strrchr(spec->base, '/');
      if (p->values[i][0] == '/' || !slash)
        snprintf(path, sizeof(path), "%s", p->values[i]);
      else
        snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - spec->base), spec->base,
                 p->values[i]);
      PF_CALL(pf_plan_hash_file(ctx, &h, path, "a mesh of mesh.file"));
    }
  }
  if (pf_plan_has_geometry(spec)) {
    char gen[4096], helper[4200];
    PF_CALL(pf_plan_find_generator(ctx, spec, base, gen, sizeof(gen)));
    PF_CALL(pf_plan_hash_file(ctx, &h, gen, "the foot generator"));
    const char *slash = strrchr(gen, '/');
    snprintf(helper, sizeof(helper), "%.*sfootmsh.py", slash ? (int)(slash - gen + 1) : 0, gen);
    if (access(helper, R_OK) == 0)
      PF_CALL(pf_plan_hash_file(ctx, &h, helper, "the foot generator"));
  }
  *hash = h;
  return PF_OK;
}

int pf_sweep_hash(pf_context *ctx, const pf_sweep_spec *spec, uint64_t *hash) {
  *hash = 0;
  pf_model_desc *base = NULL;
  PF_CALL(load_base(ctx, spec, &base));
  const int ierr = hash_with(ctx, spec, base, hash);
  pf_model_desc_destroy(&base);
  return ierr;
}

/* ------------------------------------------------------------------------------------------
 * Validation of every case
 * ------------------------------------------------------------------------------------------ */

/* Loads the base configuration with case i's sets; an error names the sweep file, the line and
 * key of the parameter whose --set the configuration refused, the case and its value. */
static int validate_case(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                         int i, int with_mesh, char (*sets)[PF_SWEEP_SET_MAX], const char **ptr) {
  const int n = case_sets(ctx, spec, plan, i, with_mesh, sets, PF_PLAN_MAX_SETS);
  if (n < 0) return n;
  for (int k = 0; k < n; k++) ptr[k] = sets[k];
  pf_model_desc *desc = NULL;
  const int ierr = pf_config_load(ctx, spec->base, n, ptr, &desc);
  pf_model_desc_destroy(&desc);
  if (ierr != PF_ERR_INPUT) return ierr;
  char msg[sizeof(ctx->err_msg)];
  snprintf(msg, sizeof(msg), "%s", ctx->err_msg);
  for (int j = 0; j < plan->n_params; j++) {
    const char *text = plan->text[(size_t)i * plan->n_params + j];
    char prefix[PF_SWEEP_SET_MAX + 16];
    snprintf(prefix, sizeof(prefix), "--set %s=%s:", plan->names[j], text);
    if (strncmp(msg, prefix, strlen(prefix))) continue;
    char hint[600];
    const int hinted = pf_sweep_path_hint(spec, plan->names[j], hint, sizeof(hint));
    pf_srcloc loc = {.file = spec->file, .line = spec->params[j].line};
    snprintf(loc.key, sizeof(loc.key), "%s", plan->names[j]);
    return pf_error_at(ctx, &loc, "case %d, value %s: %s%s%s", i, text, msg, hinted ? "; " : "",
                       hinted ? hint : "");
  }
  if (with_mesh && plan->mesh && plan->mesh[i]) {
    const pf_sweep_param *g = pf_plan_first_geometry(spec);
    pf_srcloc loc = {.file = spec->file, .line = g->line};
    snprintf(loc.key, sizeof(loc.key), "%s", g->path);
    return pf_error_at(ctx, &loc, "case %d, geometry mesh %s: %s", i, plan->mesh[i], msg);
  }
  /* not one parameter's doing: name them all */
  char values[1024];
  size_t used = 0;
  values[0] = '\0';
  for (int j = 0; j < plan->n_params && used < sizeof(values); j++)
    used += (size_t)snprintf(values + used, sizeof(values) - used, "%s%s=%s", j ? ", " : "",
                             plan->names[j], plan->text[(size_t)i * plan->n_params + j]);
  pf_srcloc loc = {.file = spec->file};
  return pf_error_at(ctx, &loc, "case %d (%s): %s", i, values, msg);
}

static int validate_cases(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                          int with_mesh) {
  char(*sets)[PF_SWEEP_SET_MAX] = NULL;
  const char **ptr = NULL;
  int ierr = PF_CALLOC(ctx, PF_PLAN_MAX_SETS, &sets);
  if (!ierr) ierr = PF_CALLOC(ctx, PF_PLAN_MAX_SETS, &ptr);
  for (int i = 0; !ierr && i < plan->n_cases; i++) {
    if (with_mesh && !(plan->mesh && plan->mesh[i])) continue;
    ierr = validate_case(ctx, spec, plan, i, with_mesh, sets, ptr);
  }
  free(sets);
  free(ptr);
  return ierr;
}

/* ------------------------------------------------------------------------------------------
 * The report: cases, a few of them, disk and memory estimates
 * ------------------------------------------------------------------------------------------ */

/* Bytes of one case's result file, uncompressed (the writer may deflate large data sets, so this
 * is an upper bound on the data), from the base case's mesh and steps:
 *   file   = 28 KiB of HDF5 structure, attributes, resolved configuration and /summary
 *   mesh   = 32 n + sum_t m_t (8 k_t + 12) + 8 (node-set and element-set entries)
 *            + sum faces (8 k_f + 8)                       (level all or final)
 *   frames = F (24 n + 128 m + 4 KiB)                     (displacement, 6 strain + 6 stress +
 *            von Mises + min J + axial/fibre strain per element, group metadata)
 * n nodes, m elements, k nodes per element; F = 1 for a linear analysis, else one per step at
 * level final and every increment (as configured; cut-backs add more) at level all; F = 0 and
 * no mesh at level summary. The 28 KiB were measured: a 3-node arch truss gives 23 KiB at
 * final, 11 KiB at summary. */
typedef struct {
  double file, mesh, frame;
  int frames;
} pf_disk_estimate;

static void estimate_disk(const pf_loaded *ld, pf_disk_estimate *e) {
  const pf_mesh *mesh = ld->mesh;
  const pf_model_desc *d = ld->desc;
  double m = 0, mesh_bytes = 32.0 * (double)mesh->n_nodes;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    m += (double)mesh->blocks[t].count;
    mesh_bytes += (double)mesh->blocks[t].count * (8.0 * pf_elem_nodes((pf_elem_type)t) + 12.0);
  }
  for (int s = 0; s < mesh->n_nsets; s++) mesh_bytes += 8.0 * (double)mesh->nsets[s].count;
  for (int s = 0; s < mesh->n_elsets; s++) mesh_bytes += 8.0 * (double)mesh->elsets[s].count;
  for (int s = 0; s < mesh->n_surfaces; s++)
    for (int t = 0; t < PF_FACE_NUM_TYPES; t++)
      mesh_bytes +=
          (double)mesh->surfaces[s].count[t] * (8.0 * pf_face_nodes((pf_face_type)t) + 8.0);
  e->file = 28.0 * 1024;
  e->mesh = mesh_bytes;
  e->frame = 24.0 * (double)mesh->n_nodes + 128.0 * m + 4096.0;
  e->frames = 1;
  if (d->analysis == PF_ANALYSIS_STATIC_NONLINEAR) {
    e->frames = 0;
    for (int k = 0; k < d->n_steps; k++)
      e->frames += d->steps[k].output == PF_OUTPUT_ALL ? d->steps[k].increments : 1;
  }
  if (d->output_level == PF_OUTPUT_SUMMARY) {
    e->mesh = 0;
    e->frames = 0;
  }
}

static void print_bytes(FILE *out, double b) {
  if (b < 1024)
    fprintf(out, "%.0f B", b);
  else if (b < 1048576.0)
    fprintf(out, "%.1f KiB", b / 1024);
  else if (b < 1073741824.0)
    fprintf(out, "%.1f MiB", b / 1048576.0);
  else
    fprintf(out, "%.2f GiB", b / 1073741824.0);
}

/* The estimates of the base case: disk per case (formula above) and pfsim check's peak. */
static int estimate(pf_context *ctx, const pf_sweep_spec *spec, pf_disk_estimate *disk,
                    double *memory) {
  const char **ptr = NULL;
  char(*sets)[PF_SWEEP_SET_MAX] = NULL;
  int n = 0, ierr = base_sets(ctx, spec, &sets, &ptr, &n);
  pf_run_options opt = {.config_path = spec->base, .n_overrides = n, .overrides = ptr};
  /* the loader's progress lines are not the plan's */
  const pf_log_level level = ctx->log_level;
  if (ctx->log_level > PF_LOG_WARN) ctx->log_level = PF_LOG_WARN;
  pf_loaded ld;
  if (!ierr) ierr = pf_api_load(ctx, &opt, &ld);
  if (!ierr) {
    estimate_disk(&ld, disk);
    pf_api_unload(&ld);
    pf_check_estimate e;
    ierr = pf_check_estimate_run(ctx, &opt, &e);
    *memory = e.peak_bytes;
  }
  ctx->log_level = level;
  if (ierr < 0) pf_error_prefix(ctx, "%s: the base case fails pfsim check: ", spec->file);
  free(sets);
  free(ptr);
  return ierr;
}

static void print_cases(FILE *out, const pf_sweep_spec *spec, const pf_sweep_plan *plan) {
  const int k = plan->n_params, show = plan->n_cases < PF_PLAN_SHOW ? plan->n_cases : PF_PLAN_SHOW;
  fprintf(out, "cases:    %d", plan->n_cases);
  switch (plan->sampling) {
    case PF_SWEEP_GRID:
      fprintf(out, " (grid: ");
      for (int j = 0; j < k; j++) fprintf(out, "%s%d", j ? " x " : "", spec->params[j].n_values);
      fprintf(out, ")\n");
      break;
    case PF_SWEEP_ZIP:
      fprintf(out, " (zip of %d lists)\n", k);
      break;
    case PF_SWEEP_LHS:
      fprintf(out, " (Latin hypercube, seed %llu)\n", (unsigned long long)plan->seed);
      break;
    case PF_SWEEP_SALTELLI:
      fprintf(out, " (Saltelli: N = %d, k = %d: blocks A, B, AB_1..AB_%d; seed %llu)\n",
              plan->samples, k, k, (unsigned long long)plan->seed);
      break;
  }
  int width[PF_PLAN_SHOW + 1024];
  const int cols = k < 1024 ? k : 1024;
  for (int j = 0; j < cols; j++) {
    width[j] = (int)strlen(plan->names[j]);
    for (int i = 0; i < show; i++) {
      const int w = (int)strlen(plan->text[(size_t)i * k + j]);
      if (w > width[j]) width[j] = w;
    }
    if (width[j] > 40) width[j] = 40;
  }
  /* the last column unpadded: no trailing spaces */
  fprintf(out, "  %6s", "case");
  for (int j = 0; j < cols; j++)
    fprintf(out, "  %-*.*s", j == cols - 1 && !plan->mesh ? 0 : width[j], width[j], plan->names[j]);
  if (plan->mesh) fprintf(out, "  mesh");
  fprintf(out, "\n");
  for (int i = 0; i < show; i++) {
    fprintf(out, "  %6d", i);
    for (int j = 0; j < cols; j++)
      fprintf(out, "  %-*.*s", j == cols - 1 && !plan->mesh ? 0 : width[j], width[j],
              plan->text[(size_t)i * k + j]);
    if (plan->mesh) fprintf(out, "  %s", pf_plan_mesh_rel(plan->mesh[i]));
    fprintf(out, "\n");
  }
  if (plan->n_cases > show) fprintf(out, "  (%d more in cases.csv)\n", plan->n_cases - show);
}

int pf_sweep_plan_make(pf_context *ctx, const pf_sweep_spec *spec, FILE *out,
                       pf_sweep_plan **plan_out) {
  if (plan_out) *plan_out = NULL;
  pf_model_desc *base = NULL;
  pf_sweep_plan *plan = NULL;
  pf_disk_estimate disk = {0};
  double memory = 0;
  int ierr, made = 0, reused = 0;
  const int geometry = pf_plan_has_geometry(spec);
  /* everything is checked before anything is written */
  PF_CALL_GOTO(ierr, done, load_base(ctx, spec, &base));
  PF_CALL_GOTO(ierr, done, pf_sweep_expand(ctx, spec, &plan));
  if (geometry) {
    char gen[4096];
    PF_CALL_GOTO(ierr, done, pf_plan_find_generator(ctx, spec, base, gen, sizeof(gen)));
    PF_CALL_GOTO(ierr, done, pf_plan_check_geometry_keys(ctx, spec, gen));
  }
  PF_CALL_GOTO(ierr, done, validate_cases(ctx, spec, plan, 0));
  PF_CALL_GOTO(ierr, done, hash_with(ctx, spec, base, &plan->hash));
  PF_CALL_GOTO(ierr, done, estimate(ctx, spec, &disk, &memory));
  if (geometry) {
    PF_CALL_GOTO(ierr, done, pf_plan_make_geometries(ctx, spec, base, plan, out, &made, &reused));
    PF_CALL_GOTO(ierr, done, validate_cases(ctx, spec, plan, 1));
  }
  PF_CALL_GOTO(ierr, done, pf_plan_write(ctx, spec, plan));
  if (out) {
    fprintf(out, "plan:     %s -> %s/cases.csv (hash %016llx)\n", spec->file, spec->out_dir,
            (unsigned long long)plan->hash);
    print_cases(out, spec, plan);
    if (geometry)
      fprintf(out, "geometry: %d mesh(es) in %s/meshes (%d made, %d reused), size %s\n",
              made + reused, spec->out_dir, made, reused, spec->geometry_size);
    const double per_case = disk.file + disk.mesh + disk.frames * disk.frame;
    fprintf(out, "disk:     %d x ", plan->n_cases);
    print_bytes(out, per_case);
    fprintf(out, " = ");
    print_bytes(out, per_case * plan->n_cases);
    fprintf(out, " at output level %s (per case: ", spec->output_level);
    print_bytes(out, disk.file);
    fprintf(out, " file + ");
    print_bytes(out, disk.mesh);
    fprintf(out, " mesh + %d frame(s) x ", disk.frames);
    print_bytes(out, disk.frame);
    fprintf(out, "; uncompressed%s)\n", geometry ? ", base mesh" : "");
    fprintf(out, "memory:   ");
    print_bytes(out, memory);
    fprintf(out, " per case (pfsim check's peak for the base case%s); -j N needs N times that\n",
            geometry ? " and mesh" : "");
  }
done:
  pf_model_desc_destroy(&base);
  if (ierr < 0 || !plan_out)
    pf_sweep_plan_destroy(&plan);
  else
    *plan_out = plan;
  return ierr;
}
