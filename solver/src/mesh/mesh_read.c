/* Mesh reading: the entry points (format by extension, else by content), the sets of a mesh
 * under construction, and the completion every reader shares. */
#include <stdlib.h>
#include <string.h>

#include "mesh/pf_mesh_io.h"

typedef int (*pf_parse_fn)(pf_reader *rd, pf_mesh *mesh);

/* Loads path, parses it with parse and completes the mesh. On failure *mesh is NULL. */
static int read_with(pf_context *ctx, const char *path, pf_parse_fn parse, pf_mesh **mesh) {
  *mesh = NULL;
  pf_reader rd = {ctx, 0, NULL};
  pf_mesh *m = NULL;
  int ierr;
  PF_CALL_GOTO(ierr, done, pf_mesh_create(ctx, &m));
  PF_CALL_GOTO(ierr, done, pf_strdup(ctx, path, &m->source));
  PF_CALL_GOTO(ierr, done, pf_rd_open(&rd, path, NULL));
  PF_CALL_GOTO(ierr, done, parse(&rd, m));
  int64_t n_elems = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) n_elems += m->blocks[t].count;
  if (n_elems == 0) {
    ierr = pf_rd_error(&rd, PF_POS(0, rd.files[0].size),
                       "the file ends without any tet4, tet10, hex8 or truss2 element (expected "
                       "a 3D mesh)");
    goto done;
  }
  PF_CALL_GOTO(ierr, done, pf_mesh_finish(ctx, m));
  *mesh = m;
  m = NULL;
done:
  pf_rd_free(&rd);
  pf_mesh_destroy(&m);
  return ierr;
}

int pf_mesh_read_gmsh(pf_context *ctx, const char *path, pf_mesh **mesh) {
  return read_with(ctx, path, pf_gmsh_parse, mesh);
}

int pf_mesh_read_abaqus(pf_context *ctx, const char *path, pf_mesh **mesh) {
  return read_with(ctx, path, pf_abaqus_parse, mesh);
}

static int has_extension(const char *path, const char *ext) {
  const size_t n = strlen(path), k = strlen(ext);
  return n > k && pf_strcaseeq(path + n - k, ext);
}

int pf_mesh_read(pf_context *ctx, const char *path, pf_mesh **mesh) {
  *mesh = NULL;
  if (has_extension(path, ".msh")) return pf_mesh_read_gmsh(ctx, path, mesh);
  if (has_extension(path, ".inp")) return pf_mesh_read_abaqus(ctx, path, mesh);
  /* Sniff: gmsh files open with $MeshFormat, Abaqus decks with a '*' keyword or comment line. */
  pf_reader rd = {ctx, 0, NULL};
  PF_CALL(pf_rd_open(&rd, path, NULL));
  const char *p = rd.files[0].data;
  if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3; /* a UTF-8 byte-order mark */
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  const int gmsh = !strncmp(p, "$MeshFormat", 11), abaqus = *p == '*';
  pf_rd_free(&rd);
  if (gmsh) return pf_mesh_read_gmsh(ctx, path, mesh);
  if (abaqus) return pf_mesh_read_abaqus(ctx, path, mesh);
  pf_srcloc loc;
  memset(&loc, 0, sizeof(loc));
  loc.file = path;
  loc.line = 1;
  return pf_error_at(ctx, &loc,
                     "unknown mesh format (expected a gmsh .msh 4.1 file starting with "
                     "$MeshFormat or an Abaqus .inp deck of *KEYWORD lines)");
}

/* Sets under construction. */

int pf_mesh_elset_new(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *elems,
                      int64_t n) {
  PF_CALL(PF_REALLOC(ctx, mesh->n_elsets + 1, &mesh->elsets));
  pf_elset *s = &mesh->elsets[mesh->n_elsets];
  memset(s, 0, sizeof(*s));
  PF_CALL(pf_strdup(ctx, name, &s->name));
  mesh->n_elsets++;
  PF_CALL(PF_CALLOC(ctx, n, &s->elems));
  if (n) memcpy(s->elems, elems, (size_t)n * sizeof(*elems));
  s->count = n;
  return PF_OK;
}

int pf_mesh_elset_add(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *elems,
                      int64_t n) {
  int i = mesh->n_elsets - 1;
  while (i >= 0 && strcmp(mesh->elsets[i].name, name)) i--;
  if (i < 0) return pf_mesh_elset_new(ctx, mesh, name, elems, n);
  pf_elset *s = &mesh->elsets[i];
  PF_CALL(PF_REALLOC(ctx, s->count + n, &s->elems));
  if (n) memcpy(s->elems + s->count, elems, (size_t)n * sizeof(*elems));
  s->count += n;
  return PF_OK;
}

int pf_mesh_nset_new(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *nodes,
                     int64_t n) {
  PF_CALL(PF_REALLOC(ctx, mesh->n_nsets + 1, &mesh->nsets));
  pf_nset *s = &mesh->nsets[mesh->n_nsets];
  memset(s, 0, sizeof(*s));
  PF_CALL(pf_strdup(ctx, name, &s->name));
  mesh->n_nsets++;
  PF_CALL(PF_CALLOC(ctx, n, &s->nodes));
  if (n) memcpy(s->nodes, nodes, (size_t)n * sizeof(*nodes));
  s->count = n;
  return PF_OK;
}

int pf_mesh_nset_add(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *nodes,
                     int64_t n) {
  int i = mesh->n_nsets - 1;
  while (i >= 0 && strcmp(mesh->nsets[i].name, name)) i--;
  if (i < 0) return pf_mesh_nset_new(ctx, mesh, name, nodes, n);
  pf_nset *s = &mesh->nsets[i];
  PF_CALL(PF_REALLOC(ctx, s->count + n, &s->nodes));
  if (n) memcpy(s->nodes + s->count, nodes, (size_t)n * sizeof(*nodes));
  s->count += n;
  return PF_OK;
}

int pf_mesh_surface_new(pf_context *ctx, pf_mesh *mesh, const char *name, int *index) {
  PF_CALL(PF_REALLOC(ctx, mesh->n_surfaces + 1, &mesh->surfaces));
  pf_surface *s = &mesh->surfaces[mesh->n_surfaces];
  memset(s, 0, sizeof(*s));
  PF_CALL(pf_strdup(ctx, name, &s->name));
  *index = mesh->n_surfaces++;
  return PF_OK;
}

int pf_mesh_surface_append(pf_context *ctx, pf_surface *s, pf_face_type type, const int64_t *conn,
                           int64_t n_faces) {
  const int k = pf_face_nodes(type);
  PF_CALL(PF_REALLOC(ctx, (s->count[type] + n_faces) * k, &s->conn[type]));
  if (n_faces)
    memcpy(s->conn[type] + s->count[type] * k, conn, (size_t)(n_faces * k) * sizeof(*conn));
  s->count[type] += n_faces;
  return PF_OK;
}

int pf_mesh_surface_add(pf_context *ctx, pf_mesh *mesh, const char *name, pf_face_type type,
                        const int64_t *conn, int64_t n_faces) {
  int i = mesh->n_surfaces - 1;
  while (i >= 0 && strcmp(mesh->surfaces[i].name, name)) i--;
  if (i < 0) PF_CALL(pf_mesh_surface_new(ctx, mesh, name, &i));
  return pf_mesh_surface_append(ctx, &mesh->surfaces[i], type, conn, n_faces);
}

static int cmp_face_key(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  for (int k = 0; k < 5; k++)
    if (x[k] != y[k]) return (x[k] > y[k]) - (x[k] < y[k]);
  return 0;
}

/* Removes the faces of type ft that repeat the corners of an earlier face of the surface (a
 * face named twice, as by "ELSET, S1" and "element, S1"); returns how many went. */
static int unique_faces(pf_context *ctx, pf_surface *s, pf_face_type ft, int64_t *removed) {
  const int64_t n = s->count[ft];
  const int nn = pf_face_nodes(ft), nc = pf_face_corners(ft);
  *removed = 0;
  if (n < 2) return PF_OK;
  int64_t *key = NULL; /* [n][5]: corners sorted (padded with -1), then the face index */
  PF_CALL(PF_CALLOC(ctx, 5 * n, &key));
  for (int64_t f = 0; f < n; f++) {
    int64_t *k = key + 5 * f;
    for (int a = 0; a < 4; a++) k[a] = a < nc ? s->conn[ft][f * nn + a] : -1;
    for (int a = 1; a < 4; a++) /* insertion sort of 4 */
      for (int b = a; b > 0 && k[b - 1] > k[b]; b--) {
        const int64_t t = k[b];
        k[b] = k[b - 1];
        k[b - 1] = t;
      }
    k[4] = f;
  }
  qsort(key, (size_t)n, 5 * sizeof(int64_t), cmp_face_key);
  unsigned char *drop = NULL;
  int ierr = PF_CALLOC(ctx, n, &drop);
  if (!ierr) {
    for (int64_t i = 1; i < n; i++)
      if (!memcmp(key + 5 * i, key + 5 * (i - 1), 4 * sizeof(int64_t))) drop[key[5 * i + 4]] = 1;
    int64_t m = 0;
    for (int64_t f = 0; f < n; f++) {
      if (drop[f]) continue;
      if (m != f) memmove(s->conn[ft] + m * nn, s->conn[ft] + f * nn, (size_t)nn * sizeof(int64_t));
      m++;
    }
    *removed = n - m;
    s->count[ft] = m;
  }
  free(drop);
  free(key);
  return ierr;
}

int pf_mesh_finish(pf_context *ctx, pf_mesh *mesh) {
  for (int i = 0; i < mesh->n_surfaces; i++) {
    int64_t removed = 0;
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      int64_t r;
      PF_CALL(unique_faces(ctx, &mesh->surfaces[i], (pf_face_type)ft, &r));
      removed += r;
    }
    if (removed)
      PF_CALL(pf_mesh_add_note(ctx, mesh, "surface '%s': %lld repeated face%s removed",
                               mesh->surfaces[i].name, (long long)removed,
                               removed == 1 ? "" : "s"));
  }
  mesh->elem_offset[0] = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    mesh->elem_offset[t + 1] = mesh->elem_offset[t] + mesh->blocks[t].count;
  for (int i = 0; i < mesh->n_elsets; i++)
    pf_sort_unique_i64(mesh->elsets[i].elems, &mesh->elsets[i].count);
  for (int i = 0; i < mesh->n_nsets; i++)
    pf_sort_unique_i64(mesh->nsets[i].nodes, &mesh->nsets[i].count);
  return pf_mesh_orient_surfaces(ctx, mesh);
}
