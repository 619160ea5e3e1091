/* Never crash, never hang: meshes truncated at many offsets (every offset of the small files and
 * of the $ElementData sections of fibre.msh and fibre-bin.msh) and meshes with a few bytes
 * overwritten (fixed-seed generator) must each give either a valid mesh or PF_ERR_INPUT with a
 * "FILE:LINE: " message and a NULL handle. A valid mesh is checked for rows and element numbers
 * in range, and element data for its components and finite-or-NaN values. Run under
 * AddressSanitizer/UBSan in CI (-DPFSIM_SANITIZE=ON); PFSIM_FUZZ_SCALE=N multiplies the number of
 * cases (and changes the seed) for a longer run by hand. The cut and corrupted files are written
 * to the working directory (the test's build directory under ctest). */
#include <ctype.h>
#include <stdio.h>

#include "mesh_test.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void) { /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ull;
}

static char *load(const char *rel, size_t *size) {
  char path[4096];
  pf_test_path(rel, path, sizeof(path));
  FILE *f = fopen(path, "rb");
  PF_EXPECT(f != NULL, "cannot open %s", path);
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(*size + 1);
  if (fread(data, 1, *size, f) != *size) *size = 0;
  fclose(f);
  return data;
}

/* Every index of a read mesh is in range. */
static int valid(const pf_mesh *m) {
  const int64_t total = m->elem_offset[PF_ELEM_NUM_TYPES];
  for (int64_t i = 0; i < 3 * m->n_nodes; i++)
    if (!isfinite(m->x[i])) return 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    for (int64_t k = 0; k < m->blocks[t].count * pf_elem_nodes((pf_elem_type)t); k++)
      if (m->blocks[t].conn[k] < 0 || m->blocks[t].conn[k] >= m->n_nodes) return 0;
  for (int s = 0; s < m->n_elsets; s++)
    for (int64_t k = 0; k < m->elsets[s].count; k++)
      if (m->elsets[s].elems[k] < 0 || m->elsets[s].elems[k] >= total ||
          (k && m->elsets[s].elems[k] <= m->elsets[s].elems[k - 1]))
        return 0;
  for (int s = 0; s < m->n_nsets; s++)
    for (int64_t k = 0; k < m->nsets[s].count; k++)
      if (m->nsets[s].nodes[k] < 0 || m->nsets[s].nodes[k] >= m->n_nodes ||
          (k && m->nsets[s].nodes[k] <= m->nsets[s].nodes[k - 1]))
        return 0;
  for (int s = 0; s < m->n_surfaces; s++)
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const pf_surface *sf = &m->surfaces[s];
      for (int64_t k = 0; k < sf->count[ft] * pf_face_nodes((pf_face_type)ft); k++)
        if (sf->conn[ft][k] < 0 || sf->conn[ft][k] >= m->n_nodes) return 0;
      for (int64_t f = 0; f < sf->count[ft]; f++)
        if (sf->parent[ft][f] < -1 || sf->parent[ft][f] >= total) return 0;
    }
  for (int i = 0; i < m->n_elem_data; i++) {
    const pf_elem_data *d = &m->elem_data[i];
    if (!d->name || (d->components != 1 && d->components != 3 && d->components != 9) ||
        (total && !d->values))
      return 0;
    for (int64_t k = 0; k < total * d->components; k++)
      if (isinf(d->values[k])) return 0; /* finite, or NaN for no value */
  }
  return 1;
}

static int64_t n_reads, n_valid;

/* Writes data[0..size) to name and reads it. */
static void try_read(pf_context *ctx, const char *name, const char *data, size_t size,
                     const char *what) {
  FILE *f = fopen(name, "wb");
  fwrite(data, 1, size, f);
  fclose(f);
  pf_mesh *m = NULL;
  const int rc = pf_mesh_read(ctx, name, &m);
  n_reads++;
  if (rc == PF_OK) {
    n_valid++;
    PF_EXPECT(m && valid(m), "%s: a mesh with indices out of range", what);
  } else {
    char prefix[512];
    snprintf(prefix, sizeof(prefix), "%s:", name);
    const char *msg = pf_context_error(ctx);
    PF_EXPECT(rc == PF_ERR_INPUT && m == NULL, "%s: status %d (%s)", what, rc, msg);
    PF_EXPECT(!strncmp(msg, prefix, strlen(prefix)) && isdigit((unsigned char)msg[strlen(prefix)]),
              "%s: message without FILE:LINE: %s", what, msg);
  }
  pf_mesh_destroy(&m);
}

static int scale = 1;

/* dense_from: a marker (such as "$ElementData"); the file is also cut at every offset from its
 * first occurrence on, whatever the number of truncations. */
static void fuzz(pf_context *ctx, const char *rel, const char *ext, int truncations,
                 int corruptions, const char *dense_from) {
  truncations *= scale;
  corruptions *= scale;
  size_t size = 0;
  char *data = load(rel, &size), name[64], what[600];
  if (!data) return;
  snprintf(name, sizeof(name), "fuzz%s", ext);
  /* Truncated: every offset for small files, else evenly spread offsets plus random ones. */
  const size_t step = size / (size_t)truncations + 1;
  for (size_t k = 0; k < size; k += step) {
    const size_t cut = step > 1 ? k + rng() % step : k;
    snprintf(what, sizeof(what), "%s cut at %zu", rel, cut);
    try_read(ctx, name, data, cut < size ? cut : size - 1, what);
  }
  size_t from = size;
  for (size_t k = 0; dense_from && k + strlen(dense_from) <= size && from == size; k++)
    if (!memcmp(data + k, dense_from, strlen(dense_from))) from = k;
  PF_EXPECT(!dense_from || from < size, "%s: no %s", rel, dense_from);
  for (size_t cut = from; cut < size; cut++) {
    snprintf(what, sizeof(what), "%s cut at %zu", rel, cut);
    try_read(ctx, name, data, cut, what);
  }
  /* Corrupted: 1 to 4 bytes overwritten by random bytes or by digits and separators; with
   * dense_from, every other case only from the marker on. */
  char *copy = malloc(size + 1);
  static const char pick[] = "0123456789-.,* \n$eE";
  for (int i = 0; i < corruptions; i++) {
    memcpy(copy, data, size);
    const int n = 1 + (int)(rng() % 4);
    for (int j = 0; j < n; j++) {
      const size_t lo = dense_from && (i & 1) ? from : 0;
      const size_t at = lo + rng() % (size - lo);
      copy[at] = (rng() & 1) ? (char)(rng() & 0xff) : pick[rng() % (sizeof(pick) - 1)];
    }
    snprintf(what, sizeof(what), "%s corrupted (case %d)", rel, i);
    try_read(ctx, name, copy, size, what);
  }
  free(copy);
  free(data);
}

int main(void) {
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_context_set_log_level(ctx, PF_LOG_ERROR);
  const char *env = getenv("PFSIM_FUZZ_SCALE");
  if (env && atoi(env) > 1) {
    scale = atoi(env);
    rng_state += (uint64_t)scale;
  }
  fuzz(ctx, "tests/mesh/data/tiny.msh", ".msh", 100000, 300, NULL);
  fuzz(ctx, "tests/mesh/data/tiny-bin.msh", ".msh", 100000, 300, NULL);
  fuzz(ctx, "tests/mesh/data/tiny.inp", ".inp", 100000, 300, NULL);
  fuzz(ctx, "tests/mesh/data/elem-data.msh", ".msh", 100000, 300, NULL);
  fuzz(ctx, "tests/mesh/data/fibre.msh", ".msh", 200, 300, "$ElementData");
  fuzz(ctx, "tests/mesh/data/fibre-bin.msh", ".msh", 200, 300, "$ElementData");
  fuzz(ctx, "meshes/verification/block-tet10.msh", ".msh", 200, 100, NULL);
  fuzz(ctx, "meshes/verification/block-tet10-bin.msh", ".msh", 200, 200, NULL);
  fuzz(ctx, "meshes/verification/block-tet10.inp", ".inp", 200, 100, NULL);
  fuzz(ctx, "meshes/verification/block-tet10-part-rot.inp", ".inp", 100, 100, NULL);
  printf("test_mesh_fuzz: %lld reads, %lld valid meshes\n", (long long)n_reads, (long long)n_valid);
  pf_context_destroy(&ctx);
  return pf_test_result("test_mesh_fuzz");
}
