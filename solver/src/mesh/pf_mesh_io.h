/*
 * Private to the mesh readers (gmsh_*.c, abaqus_*.c, mesh_read.c): the source files of one read
 * and positions in them, growable arrays, id and name maps, and helpers that add sets to a mesh.
 *
 * Positions: a reader loads every file it reads (the mesh file and any *INCLUDE) whole into
 * memory. A position is PF_POS(file index, byte offset); the line of an error is counted from the
 * offset only when the error is reported, so the parsers never count lines.
 */
#ifndef PF_MESH_IO_H
#define PF_MESH_IO_H

#include <stddef.h>
#include <stdint.h>

#include "mesh/pf_mesh.h"

#define PF_POS(file, offset) (((int64_t)(file) << 40) | (int64_t)(offset))
#define PF_POS_FILE(pos)     ((int)((pos) >> 40))
#define PF_POS_OFFSET(pos)   ((size_t)((pos) & (((int64_t)1 << 40) - 1)))

/* One source file, loaded whole and NUL-terminated. */
typedef struct {
  char *path; /* as the user names it: the mesh path, or an include path joined to its folder */
  char *data; /* [size + 1] */
  size_t size;
} pf_rd_file;

/* The files of one read. */
typedef struct {
  pf_context *ctx;
  int n_files;
  pf_rd_file *files;
} pf_reader;

/* Loads path whole. [out] file_index (may be NULL). PF_ERR_IO "cannot open FILE: reason". */
int pf_rd_open(pf_reader *rd, const char *path, int *file_index);
/* Frees every file. */
void pf_rd_free(pf_reader *rd);
/* The 1-based line of a position; the end of a file counts as its last line. */
int64_t pf_rd_line(const pf_reader *rd, int64_t pos);
/* The file path of a position. */
const char *pf_rd_path(const pf_reader *rd, int64_t pos);
/* Records PF_ERR_INPUT "FILE:LINE: message" for a position and returns PF_ERR_INPUT. */
int pf_rd_error(pf_reader *rd, int64_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Growable arrays. */
typedef struct {
  int64_t n, cap;
  int64_t *a;
} pf_i64vec;
typedef struct {
  int64_t n, cap;
  double *a;
} pf_dvec;

/* Makes room for at least n entries in total. */
int pf_i64vec_reserve(pf_context *ctx, pf_i64vec *v, int64_t n);
int pf_dvec_reserve(pf_context *ctx, pf_dvec *v, int64_t n);
static inline int pf_i64vec_push(pf_context *ctx, pf_i64vec *v, int64_t x) {
  if (v->n == v->cap) PF_CALL(pf_i64vec_reserve(ctx, v, v->n + 1));
  v->a[v->n++] = x;
  return PF_OK;
}
static inline int pf_dvec_push(pf_context *ctx, pf_dvec *v, double x) {
  if (v->n == v->cap) PF_CALL(pf_dvec_reserve(ctx, v, v->n + 1));
  v->a[v->n++] = x;
  return PF_OK;
}
void pf_i64vec_free(pf_i64vec *v);
void pf_dvec_free(pf_dvec *v);

/* Sorts a[0..*n-1] ascending and removes repeats (*n shrinks). */
void pf_sort_unique_i64(int64_t *a, int64_t *n);

/* Map from file ids to indices 0..n-1: a direct table when the ids are compact, else sorted
 * (id, index) pairs searched by bisection. */
typedef struct {
  int dense;
  int64_t min, range; /* dense: table[id - min], -1 for absent */
  int64_t n;          /* sorted: pairs[2k] = id, pairs[2k+1] = index, ascending id */
  int64_t *table;
} pf_idmap;

/* Builds the map of ids[0..n-1]. A repeated id is not an error here: *dup is set to the index of
 * its later occurrence and *dup_first to the earlier one (*dup = -1 when every id is unique). */
int pf_idmap_build(pf_context *ctx, const int64_t *ids, int64_t n, pf_idmap *map, int64_t *dup,
                   int64_t *dup_first);
/* The index of id, or -1. */
int64_t pf_idmap_find(const pf_idmap *map, int64_t id);
void pf_idmap_free(pf_idmap *map);

/* Hash map from names to non-negative ints; optionally case-insensitive. Keys are not copied:
 * they must outlive the map. */
typedef struct {
  int nocase;
  int64_t n, cap;
  const char **keys;
  int *vals;
} pf_namemap;

int pf_namemap_put(pf_context *ctx, pf_namemap *map, const char *key, int val);
int pf_namemap_get(const pf_namemap *map, const char *key); /* -1 if absent */
void pf_namemap_free(pf_namemap *map);

/* Sets of a mesh under construction. _add appends to the set of that exact name, creating it if
 * absent; _new always creates (the caller knows the name is new). Members are copied. */
int pf_mesh_elset_add(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *elems,
                      int64_t n);
int pf_mesh_nset_add(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *nodes,
                     int64_t n);
int pf_mesh_surface_add(pf_context *ctx, pf_mesh *mesh, const char *name, pf_face_type type,
                        const int64_t *conn, int64_t n_faces);
int pf_mesh_elset_new(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *elems,
                      int64_t n);
int pf_mesh_nset_new(pf_context *ctx, pf_mesh *mesh, const char *name, const int64_t *nodes,
                     int64_t n);
/* A new empty surface; [out] index. Faces are then added with pf_mesh_surface_append. */
int pf_mesh_surface_new(pf_context *ctx, pf_mesh *mesh, const char *name, int *index);
int pf_mesh_surface_append(pf_context *ctx, pf_surface *s, pf_face_type type, const int64_t *conn,
                           int64_t n_faces);
/* The sorted unique nodes of a list of node rows with repeats, using mark (n_nodes bytes, all 0
 * on entry and on return). [out] nodes (caller frees), count. */
int pf_mesh_unique_nodes(pf_context *ctx, int64_t n_nodes, const int64_t *rows, int64_t n_rows,
                         unsigned char *mark, int64_t **nodes, int64_t *count);

/* Completes a read mesh: element offsets, sorted unique sets, surfaces without repeated faces
 * (noted), surface orientation. */
int pf_mesh_finish(pf_context *ctx, pf_mesh *mesh);

/* Reads the gmsh / Abaqus file already loaded as file 0 of rd into mesh. */
int pf_gmsh_parse(pf_reader *rd, pf_mesh *mesh);
int pf_abaqus_parse(pf_reader *rd, pf_mesh *mesh);

#endif /* PF_MESH_IO_H */
