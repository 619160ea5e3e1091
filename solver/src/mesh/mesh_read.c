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

int pf_mesh_finish(pf_context *ctx, pf_mesh *mesh) {
  mesh->elem_offset[0] = 0;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    mesh->elem_offset[t + 1] = mesh->elem_offset[t] + mesh->blocks[t].count;
  for (int i = 0; i < mesh->n_elsets; i++)
    pf_sort_unique_i64(mesh->elsets[i].elems, &mesh->elsets[i].count);
  for (int i = 0; i < mesh->n_nsets; i++)
    pf_sort_unique_i64(mesh->nsets[i].nodes, &mesh->nsets[i].count);
  return pf_mesh_orient_surfaces(ctx, mesh);
}
