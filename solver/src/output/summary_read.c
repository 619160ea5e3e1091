/* The reader behind `pfsim summary`: status, message and /summary of a result file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output/h5_internal.h"

/* Reads the scalar string attribute name of loc (variable-length or fixed-length).
 * [out] value (caller frees). PF_ERR_INPUT when it is absent or not a string. */
static int read_string_attr(pf_context *ctx, hid_t loc, const char *path, const char *name,
                            char **value) {
  *value = NULL;
  PF_CHECK(H5Aexists(loc, name) > 0, ctx, PF_ERR_INPUT,
           "'%s' is not a pfsim result file (no '%s' attribute at the root)", path, name);
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  hid_t ft = a >= 0 ? H5Aget_type(a) : H5I_INVALID_HID;
  hid_t sp = a >= 0 ? H5Aget_space(a) : H5I_INVALID_HID;
  hid_t mt = H5I_INVALID_HID;
  int ierr = PF_OK;
  if (ft < 0 || sp < 0) {
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot read a root attribute");
    goto done;
  }
  if (H5Tget_class(ft) != H5T_STRING || H5Sget_simple_extent_npoints(sp) != 1) {
    ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                    "'%s' is not a pfsim result file (root attribute '%s' is not a string)", path,
                    name);
    goto done;
  }
  /* HDF5 converts strings only within one character set: read in the file's. */
  mt = H5Tcopy(H5T_C_S1);
  if (mt < 0 || H5Tset_cset(mt, H5Tget_cset(ft)) < 0) {
    ierr = pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot create a string type");
    goto done;
  }
  if (H5Tis_variable_str(ft) > 0) {
    char *s = NULL;
    if (H5Tset_size(mt, H5T_VARIABLE) < 0 || H5Aread(a, mt, &s) < 0) {
      ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot read a root attribute");
      goto done;
    }
    ierr = pf_strdup(ctx, s ? s : "", value);
    H5free_memory(s);
  } else {
    const size_t n = H5Tget_size(ft);
    PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n + 1, value));
    if (H5Tset_size(mt, n + 1) < 0 || H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0 ||
        H5Aread(a, mt, *value) < 0) {
      PF_FREE(value);
      ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot read a root attribute");
    }
  }
done:
  if (mt >= 0) H5Tclose(mt);
  if (sp >= 0) H5Sclose(sp);
  if (ft >= 0) H5Tclose(ft);
  if (a >= 0) H5Aclose(a);
  return ierr;
}

typedef struct {
  pf_context *ctx;
  pf_summary *s;
  int ierr;
} summary_visit;

/* H5Aiterate2 callback: appends every numeric scalar attribute of /summary. */
static herr_t summary_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data) {
  (void)info;
  summary_visit *v = (summary_visit *)data;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) {
    v->ierr = pf_h5_error(v->ctx, PF_ERR_IO, "cannot read /summary");
    return -1;
  }
  hid_t ft = H5Aget_type(a), sp = H5Aget_space(a);
  const H5T_class_t cls = H5Tget_class(ft);
  double value = 0.0;
  int keep = (cls == H5T_FLOAT || cls == H5T_INTEGER) && H5Sget_simple_extent_npoints(sp) == 1;
  if (keep && H5Aread(a, H5T_NATIVE_DOUBLE, &value) < 0) {
    v->ierr = pf_h5_error(v->ctx, PF_ERR_IO, "cannot read /summary");
  }
  H5Sclose(sp);
  H5Tclose(ft);
  H5Aclose(a);
  if (v->ierr || !keep) return v->ierr ? -1 : 0;
  pf_summary *s = v->s;
  if ((v->ierr = PF_REALLOC(v->ctx, s->n + 1, &s->names)) ||
      (v->ierr = PF_REALLOC(v->ctx, s->n + 1, &s->values)))
    return -1;
  s->names[s->n] = NULL;
  if ((v->ierr = pf_strdup(v->ctx, name, &s->names[s->n]))) return -1;
  s->values[s->n++] = value;
  return 0;
}

/* /summary attributes in creation order (name order for files that did not track it). */
static int read_metrics(pf_context *ctx, hid_t file, pf_summary *s) {
  if (H5Lexists(file, "summary", H5P_DEFAULT) <= 0) return PF_OK;
  hid_t g = H5Gopen2(file, "summary", H5P_DEFAULT);
  if (g < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot open /summary");
  unsigned order_flags = 0;
  hid_t gcpl = H5Gget_create_plist(g);
  if (gcpl >= 0) {
    H5Pget_attr_creation_order(gcpl, &order_flags);
    H5Pclose(gcpl);
  }
  const H5_index_t index =
      (order_flags & H5P_CRT_ORDER_TRACKED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  summary_visit v = {ctx, s, PF_OK};
  hsize_t idx = 0;
  herr_t st = H5Aiterate2(g, index, H5_ITER_INC, &idx, summary_attr, &v);
  if (!v.ierr && st < 0) v.ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot read /summary");
  H5Gclose(g);
  return v.ierr;
}

/* Opens path read-only. A file that a running pfsim holds (HDF5 file locking) is opened again
 * without locking: status and /summary are flushed as they are written. [out] file. */
static int open_read(pf_context *ctx, const char *path, hid_t *file) {
  char what[4200];
  snprintf(what, sizeof(what), "cannot open '%s'", path);
  *file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (*file >= 0) return PF_OK;
  int ierr = pf_h5_error(ctx, PF_ERR_IO, what);
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl >= 0 && H5Pset_file_locking(fapl, 0, 1) >= 0) {
    *file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (*file >= 0) {
      pf_error_clear(ctx);
      ierr = PF_OK;
    }
  }
  if (fapl >= 0) H5Pclose(fapl);
  H5Eclear2(H5E_DEFAULT);
  return ierr;
}

static int summary_read(pf_context *ctx, const char *path, pf_summary **summary) {
  PF_CHECK(path && path[0], ctx, PF_ERR_INPUT, "no result file given");
  struct stat st;
  if (stat(path, &st) != 0) {
    const int err = errno;
    char part[4096];
    snprintf(part, sizeof(part), "%s.part", path);
    if (err == ENOENT && stat(part, &st) == 0)
      return PF_ERROR(ctx, PF_ERR_IO,
                      "cannot read '%s': no such file, but '%s' exists (the run is still going, "
                      "or was killed or interrupted)",
                      path, part);
    return PF_ERROR(ctx, PF_ERR_IO, "cannot read '%s': %s", path, strerror(err));
  }
  PF_CHECK(!S_ISDIR(st.st_mode), ctx, PF_ERR_INPUT, "'%s' is a folder, not a pfsim result file",
           path);
  if (H5Fis_hdf5(path) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return PF_ERROR(ctx, PF_ERR_INPUT, "'%s' is not a pfsim result file (not an HDF5 file)", path);
  }
  hid_t f;
  PF_CALL(open_read(ctx, path, &f));
  pf_summary *s = NULL;
  int ierr = PF_CALLOC(ctx, 1, &s);
  if (!ierr && H5Aexists(f, "pfsim_version") <= 0)
    ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                    "'%s' is an HDF5 file but not a pfsim result file (no 'pfsim_version' "
                    "attribute at the root)",
                    path);
  if (!ierr) ierr = read_string_attr(ctx, f, path, "status", &s->status);
  if (!ierr) ierr = read_string_attr(ctx, f, path, "message", &s->message);
  if (!ierr) ierr = read_metrics(ctx, f, s);
  H5Fclose(f);
  if (ierr) {
    pf_summary_destroy(&s);
    return ierr;
  }
  *summary = s;
  return PF_OK;
}

int pf_summary_read(pf_context *ctx, const char *path, pf_summary **summary) {
  *summary = NULL;
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = summary_read(ctx, path, summary);
  pf_h5_quiet_end(&q);
  return ierr;
}

void pf_summary_destroy(pf_summary **summary) {
  if (!summary || !*summary) return;
  pf_summary *s = *summary;
  free(s->status);
  free(s->message);
  for (int i = 0; i < s->n; i++) free(s->names[i]);
  free(s->names);
  free(s->values);
  free(s);
  *summary = NULL;
}
