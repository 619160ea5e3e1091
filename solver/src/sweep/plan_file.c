/*
 * NAME/cases.csv, the plan on disk (format in sweep/pf_sweep.h and docs/sweeps.md): written
 * atomically by plan, read back exactly by the commands that run, check or collect the cases,
 * which refuse a plan whose hash differs from the current inputs' or that does not exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sweep/plan_impl.h"

/* ------------------------------------------------------------------------------------------
 * cases.csv
 * ------------------------------------------------------------------------------------------ */

/* A CSV field: quoted when it holds a comma, a quote or outer spaces. */
static void put_field(FILE *f, const char *text) {
  const size_t n = strlen(text);
  const int quote = strpbrk(text, ",\"") || (n && (text[0] == ' ' || text[n - 1] == ' '));
  if (!quote) {
    fputs(text, f);
    return;
  }
  fputc('"', f);
  for (const char *c = text; *c; c++) {
    if (*c == '"') fputc('"', f);
    fputc(*c, f);
  }
  fputc('"', f);
}

/* The mesh column: the case's mesh relative to NAME/ (meshes/geom-NNNN.msh). */
const char *pf_plan_mesh_rel(const char *mesh) {
  const char *last = strrchr(mesh, '/');
  const char *m = last;
  while (m && m > mesh && m[-1] != '/') m--; /* the start of the folder before the file */
  return m && m > mesh ? m : mesh;
}

int pf_sweep_file_open(pf_context *ctx, const char *path, char *tmp, size_t size, FILE **f) {
  snprintf(tmp, size, "%s.tmp-%ld", path, (long)getpid());
  *f = fopen(tmp, "w");
  PF_CHECK(*f, ctx, PF_ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
  return PF_OK;
}

int pf_sweep_file_commit(pf_context *ctx, FILE *f, const char *tmp, const char *path, int mode,
                         int rc) {
  int bad = 0, err = 0;
  if (rc) {
    if (f) fclose(f);
  } else if (f) {
    bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    err = errno;
    bad |= fclose(f) != 0;
  } else {
    const int fd = open(tmp, O_RDONLY); /* written and closed by another library (HDF5) */
    bad = fd < 0 || fsync(fd) != 0;
    err = errno;
    if (fd >= 0) close(fd);
  }
  if (!rc && !bad && mode) {
    bad = chmod(tmp, (mode_t)mode) != 0;
    err = errno;
  }
  if (!rc && (bad || rename(tmp, path) != 0))
    rc = PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': %s", path, strerror(bad ? err : errno));
  if (rc) unlink(tmp);
  return rc;
}

int pf_plan_write(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan) {
  char path[4096], tmp[4200];
  PF_CALL(pf_plan_path(ctx, spec, "cases.csv", path, sizeof(path)));
  PF_CALL(pf_plan_make_dirs(ctx, spec->out_dir));
  FILE *f;
  PF_CALL(pf_sweep_file_open(ctx, path, tmp, sizeof(tmp), &f));
  fprintf(f, "# %s\n# hash: %016llx\n# sampling: %s\n# samples: %d\n# seed: %llu\n# cases: %d\n",
          PF_PLAN_FORMAT, (unsigned long long)plan->hash, pf_sweep_sampling_name(plan->sampling),
          plan->samples, (unsigned long long)plan->seed, plan->n_cases);
  fprintf(f, "# sweep file: %s\n", spec->file);
  fputs("case", f);
  for (int j = 0; j < plan->n_params; j++) {
    fputc(',', f);
    put_field(f, plan->names[j]);
  }
  if (plan->mesh) fputs(",mesh", f);
  fputc('\n', f);
  for (int i = 0; i < plan->n_cases; i++) {
    fprintf(f, "%d", i);
    for (int j = 0; j < plan->n_params; j++) {
      fputc(',', f);
      put_field(f, plan->text[(size_t)i * plan->n_params + j]);
    }
    if (plan->mesh) {
      fputc(',', f);
      put_field(f, pf_plan_mesh_rel(plan->mesh[i]));
    }
    fputc('\n', f);
  }
  return pf_sweep_file_commit(ctx, f, tmp, path, 0, PF_OK);
}

/* Splits a CSV line into fields in place (quotes removed, doubled quotes undone). Returns the
 * count, or -1 on a malformed quote. */
static int split_csv(char *line, char **fields, int max) {
  int n = 0;
  char *r = line, *w = line;
  for (;;) {
    if (n == max) return -1;
    fields[n++] = w;
    if (*r == '"') {
      r++;
      for (;;) {
        if (!*r) return -1;
        if (*r == '"' && r[1] == '"') {
          *w++ = '"';
          r += 2;
        } else if (*r == '"') {
          r++;
          break;
        } else {
          *w++ = *r++;
        }
      }
      if (*r && *r != ',') return -1;
    } else {
      while (*r && *r != ',') *w++ = *r++;
    }
    const int end = !*r;
    *w++ = '\0';
    if (end) return n;
    r++;
  }
}

typedef struct {
  pf_context *ctx;
  const pf_sweep_spec *spec;
  const char *path; /* cases.csv */
  int line;
} pf_plan_reader;

static int plan_error(const pf_plan_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int plan_error(const pf_plan_reader *r, const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  return PF_ERROR(r->ctx, PF_ERR_INPUT,
                  "%s:%d: %s (the plan is damaged: run `pfsim sweep %s plan` again)", r->path,
                  r->line, what, r->spec->file);
}

/* One line without its newline into *buf (grown); 0 at the end of the file. */
static int read_line(pf_context *ctx, FILE *f, char **buf, size_t *cap, int *got) {
  size_t n = 0;
  int c;
  *got = 0;
  while ((c = fgetc(f)) != EOF) {
    *got = 1;
    if (c == '\n') break;
    if (n + 2 > *cap) {
      const size_t want = *cap ? 2 * *cap : 1024;
      char *p = realloc(*buf, want);
      PF_CHECK(p, ctx, PF_ERR_INTERNAL, "out of memory");
      *buf = p;
      *cap = want;
    }
    (*buf)[n++] = (char)c;
  }
  if (*got) (*buf)[n] = '\0';
  return PF_OK;
}

static double text_value(const char *text) {
  char *end;
  const double v = strtod(text, &end);
  return end != text && !*end && isfinite(v) ? v : NAN;
}

static int parse_plan(pf_plan_reader *r, FILE *f, uint64_t hash_now, pf_sweep_plan *plan) {
  pf_context *ctx = r->ctx;
  const pf_sweep_spec *spec = r->spec;
  char *line = NULL, **fields = NULL;
  size_t cap = 0;
  int got, ierr = PF_OK, n_cases = -1, samples = -1, sampling = -1, have_hash = 0;
  unsigned long long hash = 0, seed = 0;
  const int want_fields = spec->n_params + 1 + (pf_plan_has_geometry(spec) ? 1 : 0);
  PF_CALL(PF_CALLOC(ctx, want_fields + 1, &fields));
  /* header: '#' lines, then the column names */
  for (;;) {
    r->line++;
    PF_CALL_GOTO(ierr, done, read_line(ctx, f, &line, &cap, &got));
    if (!got) {
      ierr = plan_error(r, "the file ends before the column names");
      goto done;
    }
    if (line[0] != '#') break;
    char text[256];
    if (r->line == 1 && strcmp(line, "# " PF_PLAN_FORMAT)) {
      ierr = plan_error(r, "not a sweep plan (expected '# %s')", PF_PLAN_FORMAT);
      goto done;
    }
    if (sscanf(line, "# hash: %llx", &hash) == 1) have_hash = 1;
    if (sscanf(line, "# sampling: %255s", text) == 1) sampling = pf_sweep_sampling_from_name(text);
    sscanf(line, "# samples: %d", &samples);
    sscanf(line, "# seed: %llu", &seed);
    sscanf(line, "# cases: %d", &n_cases);
  }
  if (!have_hash || sampling < 0 || samples < 0 || n_cases < 1) {
    ierr = plan_error(r, "the header lacks the hash, sampling, samples or cases line");
    goto done;
  }
  if ((uint64_t)hash != hash_now) {
    ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                    "%s: the sweep file, the base configuration or the mesh changed since the "
                    "plan (hash %016llx, now %016llx): run `pfsim sweep %s plan` again",
                    spec->file, hash, (unsigned long long)hash_now, spec->file);
    goto done;
  }
  const int nf = split_csv(line, fields, want_fields + 1);
  int match = nf == want_fields && !strcmp(fields[0], "case");
  for (int j = 0; match && j < spec->n_params; j++)
    match = !strcmp(fields[j + 1], spec->params[j].path);
  if (match && pf_plan_has_geometry(spec)) match = !strcmp(fields[want_fields - 1], "mesh");
  if (!match || sampling != (int)spec->sampling) {
    ierr = plan_error(r, "the columns do not match the sweep file's parameters");
    goto done;
  }
  plan->n_cases = n_cases;
  plan->n_params = spec->n_params;
  plan->sampling = (pf_sweep_sampling)sampling;
  plan->samples = samples;
  plan->seed = (uint64_t)seed;
  plan->hash = (uint64_t)hash;
  const size_t cells = (size_t)n_cases * spec->n_params;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, spec->n_params, &plan->names));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, cells, &plan->text));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, cells, &plan->value));
  for (int j = 0; j < spec->n_params; j++)
    PF_CALL_GOTO(ierr, done, pf_strdup(ctx, spec->params[j].path, &plan->names[j]));
  char abs_dir[4096];
  if (pf_plan_has_geometry(spec)) {
    PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_cases, &plan->mesh));
    PF_CALL_GOTO(ierr, done, pf_plan_absolute(ctx, spec->out_dir, abs_dir, sizeof(abs_dir)));
  }
  for (int i = 0; i < n_cases; i++) {
    r->line++;
    PF_CALL_GOTO(ierr, done, read_line(ctx, f, &line, &cap, &got));
    if (!got) {
      ierr = plan_error(r, "the file ends at case %d of %d", i, n_cases);
      goto done;
    }
    char *end;
    if (split_csv(line, fields, want_fields + 1) != want_fields ||
        strtol(fields[0], &end, 10) != i || *end) {
      ierr = plan_error(r, "expected case %d with %d values", i, want_fields - 1);
      goto done;
    }
    for (int j = 0; j < spec->n_params; j++) {
      const size_t c = (size_t)i * spec->n_params + j;
      PF_CALL_GOTO(ierr, done, pf_strdup(ctx, fields[j + 1], &plan->text[c]));
      plan->value[c] = text_value(fields[j + 1]);
    }
    if (plan->mesh) {
      const size_t n = strlen(abs_dir) + strlen(fields[want_fields - 1]) + 2;
      PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &plan->mesh[i]));
      snprintf(plan->mesh[i], n, "%s/%s", abs_dir, fields[want_fields - 1]);
    }
  }
  r->line++;
  PF_CALL_GOTO(ierr, done, read_line(ctx, f, &line, &cap, &got));
  if (got) ierr = plan_error(r, "more rows than the %d cases of the header", n_cases);
done:
  free(line);
  free(fields);
  return ierr;
}

int pf_sweep_plan_load(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan) {
  *plan = NULL;
  char path[4096];
  PF_CALL(pf_plan_path(ctx, spec, "cases.csv", path, sizeof(path)));
  FILE *f = fopen(path, "r");
  if (!f && errno == ENOENT)
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "%s: no plan (%s does not exist): run `pfsim sweep %s plan` first", spec->file,
                    path, spec->file);
  PF_CHECK(f, ctx, PF_ERR_IO, "%s: cannot read the plan %s: %s", spec->file, path, strerror(errno));
  uint64_t hash_now;
  int ierr = pf_sweep_hash(ctx, spec, &hash_now);
  pf_sweep_plan *p = NULL;
  if (!ierr) ierr = PF_CALLOC(ctx, 1, &p);
  if (!ierr) {
    pf_plan_reader r = {.ctx = ctx, .spec = spec, .path = path};
    ierr = parse_plan(&r, f, hash_now, p);
  }
  fclose(f);
  if (ierr < 0) pf_sweep_plan_destroy(&p);
  *plan = p;
  return ierr;
}
