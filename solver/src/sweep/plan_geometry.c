/*
 * Geometry parameters at plan time: geometry.<key> are parameters of the foot generator
 * (meshes/foot/foot_mesh.py); it runs once per distinct combination of their values, writing
 * NAME/meshes/geom-NNNN.msh and .model.yaml, and each case gets its mesh (docs/sweeps.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep/plan_impl.h"

/* The Python that runs the generator: $PFSIM_PYTHON, else Debian's /usr/bin/python3 (which has
 * numpy and gmsh from Debian packages; a python3 earlier in PATH, a pyenv one say, may not),
 * else python3 from PATH. */
static const char *python(void) {
  const char *env = getenv("PFSIM_PYTHON");
  if (env && env[0]) return env;
  return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* The foot generator: $PFSIM_FOOT_GENERATOR, else foot_mesh.py beside the base configuration's
 * mesh (meshes/foot/ holds both the committed meshes and their generator). */
int pf_plan_find_generator(pf_context *ctx, const pf_sweep_spec *spec, const pf_model_desc *base,
                           char *buf, size_t size) {
  const pf_sweep_param *g = pf_plan_first_geometry(spec);
  if (!base->foot.active)
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "%s:%d: %s: geometry parameters need a foot as the base configuration "
                    "(%s has no foot:; expected a configuration of a mesh made by "
                    "meshes/foot/foot_mesh.py)",
                    spec->file, g->line, g->path, spec->base);
  const char *env = getenv("PFSIM_FOOT_GENERATOR");
  if (env && env[0]) {
    snprintf(buf, size, "%s", env);
  } else {
    const char *slash = strrchr(base->mesh_file, '/');
    const int dir = slash ? (int)(slash - base->mesh_file) : 1;
    snprintf(buf, size, "%.*s/foot_mesh.py", dir, slash ? base->mesh_file : ".");
  }
  if (access(buf, R_OK) != 0)
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "%s:%d: %s: the foot generator %s cannot be read: %s (expected "
                    "meshes/foot/foot_mesh.py beside the base configuration's mesh, or "
                    "PFSIM_FOOT_GENERATOR set to it)",
                    spec->file, g->line, g->path, buf, strerror(errno));
  return PF_OK;
}

/* ------------------------------------------------------------------------------------------
 * Geometry: the foot generator, once per distinct geometry
 * ------------------------------------------------------------------------------------------ */

/* Runs argv with stdout and stderr to log (or captured into cap when log is NULL). Returns the
 * exit status (-1 when it could not run). */
static int run_program(char *const *argv, const char *log, char *cap, size_t cap_size) {
  int fds[2] = {-1, -1};
  if (!log && pipe(fds) != 0) return -1;
  fflush(NULL);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666) : fds[1];
    if (fd < 0) _exit(127);
    dup2(fd, 1);
    dup2(fd, 2);
    if (!log) close(fds[0]);
    execvp(argv[0], argv);
    _exit(127);
  }
  size_t used = 0;
  if (!log) {
    close(fds[1]);
    ssize_t r;
    char tmp[4096];
    while ((r = read(fds[0], tmp, sizeof(tmp))) > 0 || (r < 0 && errno == EINTR))
      for (ssize_t k = 0; k < r && used + 1 < cap_size; k++) cap[used++] = tmp[k];
    close(fds[0]);
    if (cap_size) cap[used] = '\0';
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The generator's parameters (foot_mesh.py --list: "name value" lines): checks every
 * geometry.<key> is one and every value a number. */
int pf_plan_check_geometry_keys(pf_context *ctx, const pf_sweep_spec *spec, const char *gen) {
  char *argv[] = {(char *)python(), (char *)gen, "--list", NULL};
  char *cap = malloc(16384);
  PF_CHECK(cap, ctx, PF_ERR_INTERNAL, "out of memory");
  const int rc = run_program(argv, NULL, cap, 16384);
  if (rc != 0) {
    const pf_sweep_param *g = pf_plan_first_geometry(spec);
    const int ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                              "%s:%d: %s: the foot generator failed to list its parameters "
                              "(%s %s --list exited %d: %.300s)",
                              spec->file, g->line, g->path, python(), gen, rc, cap);
    free(cap);
    return ierr;
  }
  const char *names[128];
  int n = 0;
  char *save = NULL;
  for (char *line = strtok_r(cap, "\n", &save); line && n < 128;
       line = strtok_r(NULL, "\n", &save)) {
    char *sp = strpbrk(line, " \t");
    if (sp) *sp = '\0';
    if (line[0] && strcmp(line, "side")) names[n++] = line;
  }
  int ierr = PF_OK;
  for (int j = 0; !ierr && j < spec->n_params; j++) {
    const pf_sweep_param *p = &spec->params[j];
    if (!p->geometry) continue;
    const char *key = p->path + 9;
    int known = 0;
    for (int k = 0; k < n; k++) known = known || !strcmp(names[k], key);
    if (known) continue;
    char list[2048];
    pf_join_words(names, n, list, sizeof(list));
    const char *near = pf_nearest(key, names, n);
    pf_srcloc loc = {.file = spec->file, .line = p->line};
    snprintf(loc.key, sizeof(loc.key), "%s", p->path);
    if (near)
      ierr = pf_error_at(ctx, &loc,
                         "unknown foot generator parameter '%s' (did you mean 'geometry.%s'? "
                         "expected one of: %s)",
                         key, near, list);
    else
      ierr = pf_error_at(ctx, &loc, "unknown foot generator parameter '%s' (expected one of: %s)",
                         key, list);
  }
  free(cap);
  return ierr;
}

typedef struct {
  char *key; /* the case's geometry texts, joined by \x1f */
  int case_index;
} pf_geom_key;

static int cmp_geom_key(const void *a, const void *b) {
  const pf_geom_key *x = a, *y = b;
  const int c = strcmp(x->key, y->key);
  return c ? c : (x->case_index > y->case_index) - (x->case_index < y->case_index);
}

static int cmp_int(const void *a, const void *b) {
  const int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* geom[i] = the number of case i's distinct geometry (0, 1, ... in order of first case). */
static int number_geometries(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                             int *geom, int *n_geom) {
  const int n = plan->n_cases;
  pf_geom_key *keys = NULL;
  int *first = NULL, ierr = PF_CALLOC(ctx, n, &keys);
  if (!ierr) ierr = PF_CALLOC(ctx, n, &first);
  for (int i = 0; !ierr && i < n; i++) {
    size_t len = 1;
    for (int j = 0; j < plan->n_params; j++)
      if (spec->params[j].geometry) len += strlen(plan->text[(size_t)i * plan->n_params + j]) + 1;
    ierr = PF_CALLOC(ctx, len, &keys[i].key);
    for (int j = 0; !ierr && j < plan->n_params; j++)
      if (spec->params[j].geometry) {
        strcat(keys[i].key, plan->text[(size_t)i * plan->n_params + j]);
        strcat(keys[i].key, "\x1f");
      }
    keys[i].case_index = i;
  }
  int groups = 0;
  if (!ierr) {
    qsort(keys, (size_t)n, sizeof(*keys), cmp_geom_key);
    /* the first case of each group (sorted by case within a group) */
    for (int i = 0; i < n; i++)
      if (i == 0 || strcmp(keys[i].key, keys[i - 1].key)) first[groups++] = keys[i].case_index;
    qsort(first, (size_t)groups, sizeof(*first), cmp_int);
    for (int i = 0, g = -1; i < n; i++) {
      if (i == 0 || strcmp(keys[i].key, keys[i - 1].key)) {
        const int *at = bsearch(&keys[i].case_index, first, (size_t)groups, sizeof(int), cmp_int);
        g = (int)(at - first);
      }
      geom[keys[i].case_index] = g;
    }
  }
  for (int i = 0; keys && i < n; i++) free(keys[i].key);
  free(keys);
  free(first);
  *n_geom = groups;
  return ierr;
}

/* The text of a file ("" when it cannot be read). */
static void read_small(const char *path, char *buf, size_t size) {
  buf[0] = '\0';
  FILE *f = fopen(path, "rb");
  if (!f) return;
  const size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

/* The last size - 1 bytes of a file ("" when it cannot be read): where a failing program says
 * why. */
static void read_tail(const char *path, char *buf, size_t size) {
  buf[0] = '\0';
  FILE *f = fopen(path, "rb");
  if (!f) return;
  if (fseek(f, 0, SEEK_END) == 0) {
    const long end = ftell(f);
    if (end > (long)size - 1)
      fseek(f, end - (long)size + 1, SEEK_SET);
    else
      fseek(f, 0, SEEK_SET);
  }
  const size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

/* Makes NAME/meshes/geom-NNNN.msh (+ .model.yaml) for each distinct geometry, skipping one whose
 * .args file shows it was made by the same generator with the same arguments, and gives every
 * case its mesh. [out] made, reused: counts for the report. */
int pf_plan_make_geometries(pf_context *ctx, const pf_sweep_spec *spec, const pf_model_desc *base,
                            pf_sweep_plan *plan, FILE *out, int *made, int *reused) {
  char gen[4096], dir[4096], abs_dir[4096];
  *made = *reused = 0;
  PF_CALL(pf_plan_find_generator(ctx, spec, base, gen, sizeof(gen)));
  uint64_t gen_hash = PF_HASH64_INIT;
  PF_CALL(pf_plan_hash_file(ctx, &gen_hash, gen, "the foot generator"));
  PF_CALL(pf_plan_path(ctx, spec, "meshes", dir, sizeof(dir)));
  PF_CALL(pf_plan_absolute(ctx, dir, abs_dir, sizeof(abs_dir)));
  PF_CALL(pf_plan_make_dirs(ctx, dir));
  int *geom = NULL, n_geom = 0;
  PF_CALL(PF_CALLOC(ctx, plan->n_cases, &geom));
  int ierr = number_geometries(ctx, spec, plan, geom, &n_geom);
  if (!ierr) ierr = PF_CALLOC(ctx, plan->n_cases, &plan->mesh);
  const char *side = base->foot.side == PF_FOOT_LEFT ? "left" : "right";
  for (int g = 0; !ierr && g < n_geom; g++) {
    int i = 0;
    while (geom[i] != g) i++;
    /* argv: python3 GEN --size S --side SIDE --set k=v ... -o DIR --name geom-NNNN */
    char name[32], args[8192], sets[256][160];
    char *argv[2 * 256 + 16];
    int a = 0, n_sets = 0;
    snprintf(name, sizeof(name), "geom-%04d", g);
    argv[a++] = (char *)python();
    argv[a++] = gen;
    argv[a++] = "--size";
    argv[a++] = spec->geometry_size;
    argv[a++] = "--side";
    argv[a++] = (char *)side;
    for (int j = 0; j < plan->n_params && n_sets < 256; j++) {
      if (!spec->params[j].geometry) continue;
      snprintf(sets[n_sets], sizeof(sets[n_sets]), "%s=%s", spec->params[j].path + 9,
               plan->text[(size_t)i * plan->n_params + j]);
      argv[a++] = "--set";
      argv[a++] = sets[n_sets++];
    }
    argv[a++] = "-o";
    argv[a++] = abs_dir;
    argv[a++] = "--name";
    argv[a++] = name;
    argv[a] = NULL;
    size_t used =
        (size_t)snprintf(args, sizeof(args), "generator %016llx\n", (unsigned long long)gen_hash);
    for (int k = 1; k < a && used < sizeof(args); k++)
      if (strcmp(argv[k - 1], "-o"))
        used += (size_t)snprintf(args + used, sizeof(args) - used, "%s\n", argv[k]);
    char msh[4200], model[4200], args_path[4200], log_path[4200], old[8192];
    snprintf(msh, sizeof(msh), "%s/%s.msh", abs_dir, name);
    snprintf(model, sizeof(model), "%s/%s.model.yaml", abs_dir, name);
    snprintf(args_path, sizeof(args_path), "%s/%s.args", abs_dir, name);
    snprintf(log_path, sizeof(log_path), "%s/%s.log", abs_dir, name);
    read_small(args_path, old, sizeof(old));
    if (!strcmp(old, args) && access(msh, R_OK) == 0 && access(model, R_OK) == 0) {
      (*reused)++;
    } else {
      unlink(args_path); /* a mesh without its .args is never taken as made */
      if (out)
        fprintf(out, "geometry: making %s (%d of %d): %s%s\n", name, g + 1, n_geom,
                n_sets ? sets[0] : "", n_sets > 1 ? " ..." : "");
      if (out) fflush(out);
      const int rc = run_program(argv, log_path, NULL, 0);
      if (rc != 0) {
        const pf_sweep_param *p = pf_plan_first_geometry(spec);
        char tail[600];
        read_tail(log_path, tail, sizeof(tail));
        ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                        "%s:%d: %s: case %d: the foot generator failed (exit %d) making %s with "
                        "%s%s (log %s): %s",
                        spec->file, p->line, p->path, i, rc, name, n_sets ? sets[0] : "",
                        n_sets > 1 ? " ..." : "", log_path, tail);
        break;
      }
      FILE *f = fopen(args_path, "w");
      if (!f || fputs(args, f) < 0 || fclose(f) != 0)
        ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot write %s: %s", args_path, strerror(errno));
      (*made)++;
    }
    for (int c = 0; !ierr && c < plan->n_cases; c++)
      if (geom[c] == g) ierr = pf_strdup(ctx, msh, &plan->mesh[c]);
  }
  free(geom);
  return ierr;
}
