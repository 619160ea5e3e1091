/*
 * Reuse across the runs of one context (pf_context_set_reuse; docs/sweeps.md "reuse across
 * cases"): the mesh read from a file and the symbolic factorisation of a pattern are kept and
 * taken again by a later run on the same inputs, and never for other inputs.
 * 1. The store itself: at most PF_REUSE_KEEP objects per kind, the least recently used freed to
 *    make room, a replaced or evicted object freed exactly once, everything freed on clear.
 * 2. A sequence of runs in one context with reuse on (tet10 block, linear; a hex8 block,
 *    neo-Hookean): each run's displacements and reactions are bit-identical to the same run in a
 *    fresh context without reuse, and the store's counters move as they must: the same model and
 *    a changed load reuse the mesh and the symbolic factor; a changed boundary (another pattern)
 *    reuses the mesh only; another mesh file reuses neither; the mesh file rewritten in place
 *    with the same size, inode and modification time is read again (its pattern is reused); an
 *    Abaqus deck with *INCLUDE is never kept; a third mesh evicts the least recently used one.
 *    Linearity checks that the changed load did change the run: u triples with the load (1e-12
 *    of max |u|, rounding).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pf_test.h"
#include "testmesh.h"
#include "testrun.h"

/* ---- 1. the store ---------------------------------------------------------------------------- */

static int destroyed[8];
static void dummy_destroy(void *object) { destroyed[*(int *)object]++; }

static pf_reuse_key key_of(int i) {
  pf_reuse_hash h;
  pf_reuse_hash_init(&h, "test");
  pf_reuse_hash_add(&h, &i, sizeof(i));
  return pf_reuse_hash_key(&h);
}

static void test_store(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  static int ids[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  pf_reuse_counts m, s;
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_MESH, key_of(1)) == NULL, "empty store: a hit");
  pf_reuse_put(ctx, PF_REUSE_MESH, key_of(1), &ids[1], dummy_destroy);
  pf_reuse_put(ctx, PF_REUSE_MESH, key_of(2), &ids[2], dummy_destroy);
  pf_reuse_put(ctx, PF_REUSE_SYMBOLIC, key_of(1), &ids[5], dummy_destroy); /* another kind */
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_MESH, key_of(1)) == &ids[1], "key 1 not found");
  /* key 2 is now the least recently used mesh: a third evicts it, not key 1 */
  pf_reuse_put(ctx, PF_REUSE_MESH, key_of(3), &ids[3], dummy_destroy);
  PF_EXPECT(destroyed[2] == 1 && destroyed[1] == 0, "eviction: destroyed %d %d (expected 1 0)",
            destroyed[2], destroyed[1]);
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_MESH, key_of(2)) == NULL, "evicted key 2 still found");
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_MESH, key_of(3)) == &ids[3], "key 3 not found");
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_SYMBOLIC, key_of(1)) == &ids[5], "other kind evicted");
  PF_EXPECT(pf_reuse_get(ctx, PF_REUSE_SYMBOLIC, key_of(3)) == NULL, "kinds share keys");
  /* replacing key 3 frees the object it held */
  pf_reuse_put(ctx, PF_REUSE_MESH, key_of(3), &ids[4], dummy_destroy);
  PF_EXPECT(destroyed[3] == 1, "replaced object not freed");
  pf_reuse_stats(ctx, PF_REUSE_MESH, &m);
  pf_reuse_stats(ctx, PF_REUSE_SYMBOLIC, &s);
  printf("store: mesh hits %lld misses %lld stored %lld evicted %lld kept %d\n", (long long)m.hits,
         (long long)m.misses, (long long)m.stored, (long long)m.evicted, m.kept);
  PF_EXPECT(m.hits == 2 && m.misses == 2 && m.stored == 4 && m.evicted == 2 && m.kept == 2,
            "mesh counters");
  PF_EXPECT(s.hits == 1 && s.misses == 1 && s.stored == 1 && s.evicted == 0 && s.kept == 1,
            "symbolic counters");
  pf_context_destroy(&ctx); /* frees 1, 4 and 5 */
  for (int i = 1; i <= 5; i++)
    PF_EXPECT(destroyed[i] == 1, "object %d freed %d times (expected once)", i, destroyed[i]);
}

/* ---- 2. runs ------------------------------------------------------------------------------- */

typedef struct {
  int64_t n_nodes;
  double *x, *u, *reaction; /* [3 n_nodes] */
  double t_mesh, t_analyse;
} result;

static void result_free(result *r) {
  free(r->x);
  free(r->u);
  free(r->reaction);
  memset(r, 0, sizeof(*r));
}

static double *copy3(const double *v, int64_t n) {
  double *c = malloc(sizeof(double) * 3 * (size_t)n);
  memcpy(c, v, sizeof(double) * 3 * (size_t)n);
  return c;
}

/* Runs config (one override or none) in ctx; nonlinear by flag. Returns 0 or -1. */
static int run(pf_context *ctx, const char *config, const char *override, int nonlinear,
               result *r) {
  memset(r, 0, sizeof(*r));
  pf_loaded ld;
  pf_solution *sol = NULL;
  const char *ov[1] = {override};
  const int n_ov = override ? 1 : 0;
  if ((nonlinear ? tr_solve_nl : tr_solve)(ctx, config, n_ov, ov, &ld, &sol)) return -1;
  r->n_nodes = ld.mesh->n_nodes;
  r->x = copy3(ld.mesh->x, r->n_nodes);
  r->u = copy3(sol->u, r->n_nodes);
  r->reaction = copy3(sol->reaction, r->n_nodes);
  r->t_mesh = ld.t_mesh;
  r->t_analyse = sol->solver.t_analyse;
  pf_solution_destroy(&sol);
  pf_api_unload(&ld);
  return 0;
}

static int same(const result *a, const result *b) {
  const size_t n = sizeof(double) * 3 * (size_t)a->n_nodes;
  return a->n_nodes == b->n_nodes && !memcmp(a->x, b->x, n) && !memcmp(a->u, b->u, n) &&
         !memcmp(a->reaction, b->reaction, n);
}

static pf_context *new_context(int reuse) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_context_set_reproducible(ctx, 1); /* bit-identical whatever the BLAS threads do */
  pf_context_set_reuse(ctx, reuse);
  return ctx;
}

/* One run in the reuse context R and the same in a fresh context; checks bit-identity and the
 * counter changes (mesh hits, mesh misses, symbolic hits, symbolic misses). [out] out: R's run. */
static void step(pf_context *R, const char *what, const char *config, const char *override,
                 int nonlinear, const int want[4], result *out) {
  pf_reuse_counts m0, s0, m1, s1;
  pf_reuse_stats(R, PF_REUSE_MESH, &m0);
  pf_reuse_stats(R, PF_REUSE_SYMBOLIC, &s0);
  result a, b;
  const int rc = run(R, config, override, nonlinear, &a);
  pf_context *F = new_context(0);
  const int rc_fresh = run(F, config, override, nonlinear, &b);
  pf_reuse_counts fm;
  pf_reuse_stats(F, PF_REUSE_MESH, &fm);
  PF_EXPECT(fm.stored == 0 && fm.misses == 0, "%s: a context without reuse used the store", what);
  pf_context_destroy(&F);
  if (rc || rc_fresh) {
    PF_EXPECT(0, "%s: a run failed", what);
    result_free(&a);
    result_free(&b);
    return;
  }
  pf_reuse_stats(R, PF_REUSE_MESH, &m1);
  pf_reuse_stats(R, PF_REUSE_SYMBOLIC, &s1);
  const int got[4] = {(int)(m1.hits - m0.hits), (int)(m1.misses - m0.misses),
                      (int)(s1.hits - s0.hits), (int)(s1.misses - s0.misses)};
  printf(
      "%-34s mesh hit %d miss %d (kept %d), symbolic hit %d miss %d (kept %d); mesh %.4f s, "
      "analyse %.4f s (fresh: %.4f s, %.4f s); identical %s\n",
      what, got[0], got[1], m1.kept, got[2], got[3], s1.kept, a.t_mesh, a.t_analyse, b.t_mesh,
      b.t_analyse, same(&a, &b) ? "yes" : "NO");
  PF_EXPECT(same(&a, &b), "%s: the run differs from a fresh context's", what);
  PF_EXPECT(!memcmp(got, want, sizeof(got)),
            "%s: counters changed by mesh hit %d miss %d, symbolic hit %d miss %d (expected %d %d "
            "%d %d)",
            what, got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3]);
  PF_EXPECT(m1.kept <= PF_REUSE_KEEP && s1.kept <= PF_REUSE_KEEP, "%s: the store grew to %d, %d",
            what, m1.kept, s1.kept);
  result_free(&b);
  *out = a;
}

/* Rewrites one digit of a perturbed node coordinate of an Abaqus deck in place and puts the
 * modification time back: same path, inode, size and mtime, other content. Returns 0 or -1. */
static int rewrite_same_stat(const char *path) {
  struct stat st0, st1;
  FILE *f = fopen(path, "r+");
  if (!f || stat(path, &st0)) return -1;
  char line[256];
  long at = -1;
  int in_nodes = 0;
  while (at < 0 && fgets(line, sizeof(line), f)) {
    const long end = ftell(f);
    if (line[0] == '*') {
      in_nodes = !strncmp(line, "*NODE", 5);
      continue;
    }
    if (!in_nodes) continue;
    /* a coordinate with at least 6 decimals: change its 5th (a move of < 1e-4) */
    const char *dot = strchr(strchr(line, ',') ? strchr(line, ',') : line, '.');
    if (dot && strspn(dot + 1, "0123456789") >= 6) at = end - (long)strlen(line) + (dot - line) + 5;
  }
  if (at < 0 || fseek(f, at, SEEK_SET)) return fclose(f), -1;
  const int c = fgetc(f);
  fseek(f, at, SEEK_SET);
  fputc(c == '9' ? '0' : c + 1, f);
  if (fclose(f)) return -1;
  const struct timespec times[2] = {st0.st_atim, st0.st_mtim};
  if (utimensat(AT_FDCWD, path, times, 0) || stat(path, &st1)) return -1;
  printf(
      "rewrote %s at byte %ld: size %lld -> %lld, inode %llu -> %llu, mtime %lld.%09ld -> "
      "%lld.%09ld\n",
      path, at, (long long)st0.st_size, (long long)st1.st_size, (unsigned long long)st0.st_ino,
      (unsigned long long)st1.st_ino, (long long)st0.st_mtim.tv_sec, st0.st_mtim.tv_nsec,
      (long long)st1.st_mtim.tv_sec, st1.st_mtim.tv_nsec);
  return st0.st_size == st1.st_size && st0.st_ino == st1.st_ino &&
                 st0.st_mtim.tv_sec == st1.st_mtim.tv_sec &&
                 st0.st_mtim.tv_nsec == st1.st_mtim.tv_nsec
             ? 0
             : -1;
}

static double max_abs(const double *v, int64_t n) {
  double m = 0.0;
  for (int64_t k = 0; k < n; k++) m = fmax(m, fabs(v[k]));
  return m;
}

static void test_runs(void) {
  const int n[3] = {4, 4, 4}, nb[3] = {3, 4, 5}, nh[3] = {3, 3, 3};
  const double L[3] = {1, 1, 1};
  if (tm_box_inp(PF_ELEM_TET10, n, L, 0.1, 11, "reuse-a.inp") ||
      tm_box_inp(PF_ELEM_TET10, nb, L, 0.1, 12, "reuse-b.inp") ||
      tm_box_inp(PF_ELEM_HEX8, nh, L, 0.1, 13, "reuse-n.inp") ||
      tr_write("reuse-inc.inp", "** a deck of one include\n*INCLUDE, INPUT=reuse-a.inp\n")) {
    PF_EXPECT(0, "cannot write the meshes");
    return;
  }
  const char *linear =
      "materials: {m: {model: linear_elastic, E: 1000, nu: 0.3}}\n"
      "regions: {block: m}\n"
      "loads: [{name: W, type: traction, surface: zmax, value: [0, 0, -1.0]}]\n"
      "boundary: [{name: base, type: fixed, set: zmin}]\n";
  /* the scale makes a run that scaled the kept mesh in place visible in the next run */
  tr_write("reuse-a.yaml", "mesh: {file: reuse-a.inp, scale: 2.0}\n%s", linear);
  tr_write("reuse-b.yaml", "mesh: {file: reuse-b.inp}\n%s", linear);
  tr_write("reuse-inc.yaml", "mesh: {file: reuse-inc.inp, scale: 2.0}\n%s", linear);
  tr_write("reuse-n.yaml",
           "mesh: {file: reuse-n.inp}\n"
           "materials: {m: {model: neo_hookean, mu: 1.0, kappa: 10.0}}\n"
           "regions: {block: m}\n"
           "analysis: {type: static_nonlinear, increments: 2}\n"
           "boundary:\n"
           "  - {name: base, type: fixed, set: zmin}\n"
           "  - {name: top, type: displacement, set: zmax, value: [0.1, 0, -0.1]}\n");

  pf_context *R = new_context(1);
  result first, r;
  /* {mesh hits, mesh misses, symbolic hits, symbolic misses} */
  step(R, "first run", "reuse-a.yaml", NULL, 0, (int[]){0, 1, 0, 1}, &first);
  step(R, "same model", "reuse-a.yaml", NULL, 0, (int[]){1, 0, 1, 0}, &r);
  result_free(&r);
  step(R, "load x3 (same pattern)", "reuse-a.yaml", "loads.W.value[2]=-3.0", 0, (int[]){1, 0, 1, 0},
       &r);
  /* linear: tripling the traction triples every displacement, so the run did take the new load */
  if (first.u && r.u) {
    double err = 0.0;
    for (int64_t k = 0; k < 3 * r.n_nodes; k++) err = fmax(err, fabs(r.u[k] - 3.0 * first.u[k]));
    const double scale = max_abs(r.u, 3 * r.n_nodes);
    printf("linearity: max |u(3 W) - 3 u(W)| = %.3e of %.3e\n", err, scale);
    PF_EXPECT(err <= 1e-12 * scale && scale > 0.0, "the changed load was not applied");
  }
  result_free(&r);
  if (rewrite_same_stat("reuse-a.inp")) {
    PF_EXPECT(0, "could not rewrite reuse-a.inp with the same size, inode and mtime");
  } else {
    step(R, "mesh file rewritten in place", "reuse-a.yaml", NULL, 0, (int[]){0, 1, 1, 0}, &r);
    PF_EXPECT(r.u && !same(&r, &first), "the rewritten mesh gave the old result");
    result_free(&r);
  }
  step(R, "other boundary (other pattern)", "reuse-a.yaml", "boundary.base.set=xmin", 0,
       (int[]){1, 0, 0, 1}, &r);
  result_free(&r);
  step(R, "other mesh file", "reuse-b.yaml", NULL, 0, (int[]){0, 1, 0, 1}, &r);
  result_free(&r);
  /* kept now: meshes a (rewritten), b; patterns a-xmin, b: a-zmin was evicted */
  step(R, "first model again", "reuse-a.yaml", NULL, 0, (int[]){1, 0, 0, 1}, &r);
  result_free(&r);
  step(R, "deck with *INCLUDE", "reuse-inc.yaml", NULL, 0, (int[]){0, 0, 1, 0}, &r);
  result_free(&r);
  step(R, "deck with *INCLUDE again", "reuse-inc.yaml", NULL, 0, (int[]){0, 0, 1, 0}, &r);
  result_free(&r);
  step(R, "nonlinear, first", "reuse-n.yaml", NULL, 1, (int[]){0, 1, 0, 1}, &r);
  result_free(&r);
  step(R, "nonlinear, again", "reuse-n.yaml", NULL, 1, (int[]){1, 0, 1, 0}, &r);
  result_free(&r);
  pf_reuse_counts m, s;
  pf_reuse_stats(R, PF_REUSE_MESH, &m);
  pf_reuse_stats(R, PF_REUSE_SYMBOLIC, &s);
  printf(
      "in all: mesh stored %lld evicted %lld kept %d; symbolic stored %lld evicted %lld "
      "kept %d\n",
      (long long)m.stored, (long long)m.evicted, m.kept, (long long)s.stored, (long long)s.evicted,
      s.kept);
  PF_EXPECT(m.stored == 4 && m.evicted == 2 && m.kept == 2, "mesh: stored, evicted, kept");
  PF_EXPECT(s.stored == 5 && s.evicted == 3 && s.kept == 2, "symbolic: stored, evicted, kept");
  result_free(&first);
  pf_context_destroy(&R); /* frees what was kept: the ASan build checks for leaks */
}

int main(void) {
  test_store();
  test_runs();
  return pf_test_result("test_reuse");
}
