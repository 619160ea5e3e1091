/* Mesh readers: source files loaded whole, positions and their lines, input errors, growable
 * arrays and sorting. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mesh/pf_mesh_io.h"

int pf_rd_open(pf_reader *rd, const char *path, int *file_index) {
  pf_context *ctx = rd->ctx;
  struct stat st;
  if (stat(path, &st) != 0)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  if (S_ISDIR(st.st_mode))
    return PF_ERROR(ctx, PF_ERR_IO, "cannot open %s: %s", path, strerror(EISDIR));
  FILE *f = fopen(path, "rb");
  if (!f) return PF_ERROR(ctx, PF_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  /* Read in chunks: the size from stat is only a hint (pipes, files that change). */
  size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, size = 0;
  char *data = NULL;
  int ierr = PF_CALLOC(ctx, cap, &data);
  while (!ierr) {
    if (size + 1 >= cap) {
      cap *= 2;
      ierr = PF_REALLOC(ctx, cap, &data);
      if (ierr) break;
    }
    size_t got = fread(data + size, 1, cap - 1 - size, f);
    size += got;
    if (got == 0) {
      if (ferror(f)) ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot read %s: %s", path, strerror(errno));
      break;
    }
  }
  fclose(f);
  if (!ierr && size >= ((size_t)1 << 40))
    ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot read %s: larger than 1 TiB", path);
  if (!ierr) ierr = PF_REALLOC(ctx, rd->n_files + 1, &rd->files);
  if (ierr) {
    free(data);
    return ierr;
  }
  data[size] = '\0';
  pf_rd_file *file = &rd->files[rd->n_files];
  memset(file, 0, sizeof(*file));
  file->data = data;
  file->size = size;
  ierr = pf_strdup(ctx, path, &file->path);
  if (ierr) {
    free(data);
    return ierr;
  }
  if (file_index) *file_index = rd->n_files;
  rd->n_files++;
  return PF_OK;
}

void pf_rd_free(pf_reader *rd) {
  for (int i = 0; i < rd->n_files; i++) {
    free(rd->files[i].path);
    free(rd->files[i].data);
  }
  free(rd->files);
  rd->files = NULL;
  rd->n_files = 0;
}

int64_t pf_rd_line(const pf_reader *rd, int64_t pos) {
  const int f = PF_POS_FILE(pos);
  if (f < 0 || f >= rd->n_files) return 0;
  const pf_rd_file *file = &rd->files[f];
  size_t off = PF_POS_OFFSET(pos);
  if (off > file->size) off = file->size;
  /* The end of a file that ends with a newline belongs to its last line. */
  if (off == file->size && off > 0 && file->data[off - 1] == '\n') off--;
  int64_t line = 1;
  const char *p = file->data, *end = file->data + off;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    line++;
    p++;
  }
  return line;
}

const char *pf_rd_path(const pf_reader *rd, int64_t pos) {
  const int f = PF_POS_FILE(pos);
  return (f >= 0 && f < rd->n_files) ? rd->files[f].path : "<mesh>";
}

int pf_rd_error(pf_reader *rd, int64_t pos, const char *fmt, ...) {
  char what[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  pf_srcloc loc;
  memset(&loc, 0, sizeof(loc));
  loc.file = pf_rd_path(rd, pos);
  const int64_t line = pf_rd_line(rd, pos);
  loc.line = line > 0x7fffffff ? 0x7fffffff : (int)line;
  return pf_error_at(rd->ctx, &loc, "%s", what);
}

int pf_i64vec_reserve(pf_context *ctx, pf_i64vec *v, int64_t n) {
  if (n <= v->cap) return PF_OK;
  int64_t cap = v->cap < 16 ? 16 : v->cap;
  while (cap < n) cap += cap / 2 + 16;
  PF_CALL(PF_REALLOC(ctx, cap, &v->a));
  v->cap = cap;
  return PF_OK;
}

int pf_dvec_reserve(pf_context *ctx, pf_dvec *v, int64_t n) {
  if (n <= v->cap) return PF_OK;
  int64_t cap = v->cap < 16 ? 16 : v->cap;
  while (cap < n) cap += cap / 2 + 16;
  PF_CALL(PF_REALLOC(ctx, cap, &v->a));
  v->cap = cap;
  return PF_OK;
}

void pf_i64vec_free(pf_i64vec *v) {
  free(v->a);
  memset(v, 0, sizeof(*v));
}

void pf_dvec_free(pf_dvec *v) {
  free(v->a);
  memset(v, 0, sizeof(*v));
}

static int cmp_i64(const void *a, const void *b) {
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

void pf_sort_unique_i64(int64_t *a, int64_t *n) {
  if (*n <= 1) return;
  /* Already sorted and unique is the common case (sets built in order): check first. */
  int64_t k = 1;
  while (k < *n && a[k - 1] < a[k]) k++;
  if (k < *n) qsort(a, (size_t)*n, sizeof(*a), cmp_i64);
  int64_t m = 1;
  for (int64_t i = 1; i < *n; i++)
    if (a[i] != a[m - 1]) a[m++] = a[i];
  *n = m;
}

int pf_mesh_unique_nodes(pf_context *ctx, int64_t n_nodes, const int64_t *rows, int64_t n_rows,
                         unsigned char *mark, int64_t **nodes, int64_t *count) {
  int64_t n = 0;
  for (int64_t i = 0; i < n_rows; i++) {
    if (!mark[rows[i]]) n++;
    mark[rows[i]] = 1;
  }
  *count = n;
  PF_CALL(PF_CALLOC(ctx, n, nodes));
  /* Walking the marks gives the rows sorted; for short lists walk the list and sort instead. */
  if (n > n_nodes / 64) {
    int64_t k = 0;
    for (int64_t r = 0; r < n_nodes; r++)
      if (mark[r]) {
        (*nodes)[k++] = r;
        mark[r] = 0;
      }
  } else {
    int64_t k = 0;
    for (int64_t i = 0; i < n_rows; i++)
      if (mark[rows[i]]) {
        (*nodes)[k++] = rows[i];
        mark[rows[i]] = 0;
      }
    qsort(*nodes, (size_t)n, sizeof(**nodes), cmp_i64);
  }
  return PF_OK;
}
