/*
 * Helpers of the output tests: building a pf_mesh by hand and reading a result file back with the
 * HDF5 C API (independently of the writer's own helpers).
 */
#ifndef PF_OUTPUT_TEST_UTIL_H
#define PF_OUTPUT_TEST_UTIL_H

#include <hdf5.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mesh/pf_mesh.h"
#include "output/pf_output.h"
#include "pf_test.h"

/* malloc'ed copy of n int64 values (pf_mesh_destroy frees with free). */
static inline int64_t *test_i64(int64_t n, const int64_t *v) {
  int64_t *p = (int64_t *)malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
  if (n > 0) memcpy(p, v, (size_t)n * sizeof(int64_t));
  return p;
}

static inline char *test_str(const char *s) {
  char *p = (char *)malloc(strlen(s) + 1);
  strcpy(p, s);
  return p;
}

/* Sets block t from conn (count x nodes) with ids first_id, first_id + 1, ... and recomputes
 * elem_offset. */
static inline void test_set_block(pf_mesh *m, pf_elem_type t, int64_t count, const int64_t *conn,
                                  int64_t first_id) {
  free(m->blocks[t].conn);
  free(m->blocks[t].ids);
  m->blocks[t].count = count;
  m->blocks[t].conn = test_i64(count * pf_elem_nodes(t), conn);
  m->blocks[t].ids = (int64_t *)malloc((size_t)(count > 0 ? count : 1) * sizeof(int64_t));
  for (int64_t e = 0; e < count; e++) m->blocks[t].ids[e] = first_id + e;
  m->elem_offset[0] = 0;
  for (int k = 0; k < PF_ELEM_NUM_TYPES; k++)
    m->elem_offset[k + 1] = m->elem_offset[k] + m->blocks[k].count;
}

static inline void test_add_nset(pf_mesh *m, const char *name, int64_t n, const int64_t *nodes) {
  m->nsets = (pf_nset *)realloc(m->nsets, (size_t)(m->n_nsets + 1) * sizeof(pf_nset));
  pf_nset *s = &m->nsets[m->n_nsets++];
  s->name = test_str(name);
  s->count = n;
  s->nodes = test_i64(n, nodes);
}

static inline void test_add_elset(pf_mesh *m, const char *name, int64_t n, const int64_t *el) {
  m->elsets = (pf_elset *)realloc(m->elsets, (size_t)(m->n_elsets + 1) * sizeof(pf_elset));
  pf_elset *s = &m->elsets[m->n_elsets++];
  s->name = test_str(name);
  s->count = n;
  s->elems = test_i64(n, el);
}

/* Adds an empty surface and returns it (fill with test_surface_faces). */
static inline pf_surface *test_add_surface(pf_mesh *m, const char *name) {
  m->surfaces =
      (pf_surface *)realloc(m->surfaces, (size_t)(m->n_surfaces + 1) * sizeof(pf_surface));
  pf_surface *s = &m->surfaces[m->n_surfaces++];
  memset(s, 0, sizeof(*s));
  s->name = test_str(name);
  return s;
}

static inline void test_surface_faces(pf_surface *s, pf_face_type f, int64_t n, const int64_t *conn,
                                      const int64_t *parent) {
  s->count[f] = n;
  s->conn[f] = test_i64(n * pf_face_nodes(f), conn);
  s->parent[f] = parent ? test_i64(n, parent) : NULL;
}

/* ---- reading back with the HDF5 C API ---- */

static inline int h5_exists(hid_t f, const char *path) {
  /* H5Lexists needs every intermediate group to exist: walk the path. */
  char buf[512];
  snprintf(buf, sizeof(buf), "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (H5Lexists(f, buf, H5P_DEFAULT) <= 0) return 0;
    *p = '/';
  }
  return H5Lexists(f, buf, H5P_DEFAULT) > 0;
}

/* Dimensions of dataset path (rank returned, -1 when absent). */
static inline int h5_dims(hid_t f, const char *path, hsize_t dims[2]) {
  dims[0] = dims[1] = 0;
  if (!h5_exists(f, path)) return -1;
  hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
  hid_t s = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(s);
  H5Sget_simple_extent_dims(s, dims, NULL);
  H5Sclose(s);
  H5Dclose(d);
  return rank;
}

/* Whole dataset as doubles / int64 (malloc'ed; NULL when absent). */
static inline void *h5_read(hid_t f, const char *path, hid_t mem_type, size_t elem_size) {
  hsize_t dims[2];
  int rank = h5_dims(f, path, dims);
  if (rank < 0) return NULL;
  size_t n = (size_t)dims[0] * (rank == 2 ? (size_t)dims[1] : 1);
  void *buf = malloc((n ? n : 1) * elem_size);
  hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
  if (n && H5Dread(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
    free(buf);
    buf = NULL;
  }
  H5Dclose(d);
  return buf;
}
static inline double *h5_read_f64(hid_t f, const char *path) {
  return (double *)h5_read(f, path, H5T_NATIVE_DOUBLE, sizeof(double));
}
static inline int64_t *h5_read_i64(hid_t f, const char *path) {
  return (int64_t *)h5_read(f, path, H5T_NATIVE_INT64, sizeof(int64_t));
}

/* String attribute name of object path (variable length), malloc'ed; NULL when absent. */
static inline char *h5_attr_str(hid_t f, const char *path, const char *name) {
  if (strcmp(path, "/") != 0 && !h5_exists(f, path)) return NULL;
  if (H5Aexists_by_name(f, path, name, H5P_DEFAULT) <= 0) return NULL;
  hid_t a = H5Aopen_by_name(f, path, name, H5P_DEFAULT, H5P_DEFAULT);
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  char *s = NULL, *out = NULL;
  if (H5Aread(a, t, &s) >= 0 && s) {
    out = test_str(s);
    H5free_memory(s);
  }
  H5Tclose(t);
  H5Aclose(a);
  return out;
}

/* Numeric attribute as double; NAN when absent. */
static inline double h5_attr_num(hid_t f, const char *path, const char *name) {
  if (strcmp(path, "/") != 0 && !h5_exists(f, path)) return NAN;
  if (H5Aexists_by_name(f, path, name, H5P_DEFAULT) <= 0) return NAN;
  double v = NAN;
  hid_t a = H5Aopen_by_name(f, path, name, H5P_DEFAULT, H5P_DEFAULT);
  H5Aread(a, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(a);
  return v;
}

static inline int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Whole text file (malloc'ed, NUL-terminated); NULL when absent. */
static inline char *read_text(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *s = (char *)malloc((size_t)n + 1);
  size_t got = fread(s, 1, (size_t)n, fp);
  s[got] = '\0';
  fclose(fp);
  return s;
}

/* A one-element tet4 mesh on nodes 0..3 (enough for status tests). */
static inline pf_mesh *test_tiny_mesh(pf_context *ctx) {
  pf_mesh *m = NULL;
  pf_mesh_create(ctx, &m);
  static const double x[12] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  static const int64_t ids[4] = {1, 2, 3, 4}, conn[4] = {0, 1, 2, 3};
  m->n_nodes = 4;
  m->x = (double *)malloc(sizeof(x));
  memcpy(m->x, x, sizeof(x));
  m->node_ids = test_i64(4, ids);
  test_set_block(m, PF_ELEM_TET4, 1, conn, 1);
  return m;
}

#endif /* PF_OUTPUT_TEST_UTIL_H */
