/* HDF5 helpers of the result writer: error reporting, attributes, datasets, name escaping. */
#include <stdlib.h>
#include <string.h>

#include "output/h5_internal.h"

void pf_h5_quiet_begin(pf_h5_quiet *q) {
  q->func = NULL;
  q->data = NULL;
  H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void pf_h5_quiet_end(const pf_h5_quiet *q) { H5Eset_auto2(H5E_DEFAULT, q->func, q->data); }

/* H5Ewalk2 callback: keeps the first (most specific, walking upward) description. */
static herr_t first_error_desc(unsigned n, const H5E_error2_t *err, void *data) {
  char *buf = (char *)data;
  if (n == 0 && err && err->desc) {
    strncpy(buf, err->desc, 511);
    buf[511] = '\0';
  }
  return 0;
}

int pf_h5_error(pf_context *ctx, int code, const char *what) {
  char detail[512] = "";
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error_desc, detail);
  H5Eclear2(H5E_DEFAULT);
  if (detail[0]) return PF_ERROR(ctx, code, "%s: %s", what, detail);
  return PF_ERROR(ctx, code, "%s", what);
}

/* Opens attribute name on loc for writing with type and space, replacing an existing one. */
static int attr_create(pf_context *ctx, hid_t loc, const char *name, hid_t type, hid_t space,
                       hid_t *attr) {
  char what[320];
  *attr = H5I_INVALID_HID;
  htri_t exists = H5Aexists(loc, name);
  if (exists > 0 && H5Adelete(loc, name) < 0) exists = -1;
  if (exists >= 0) *attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (*attr < 0) {
    snprintf(what, sizeof(what), "cannot write attribute '%s'", name);
    return pf_h5_error(ctx, PF_ERR_IO, what);
  }
  return PF_OK;
}

/* Writes a scalar attribute of file type ftype from memory type mtype. */
static int attr_scalar(pf_context *ctx, hid_t loc, const char *name, hid_t ftype, hid_t mtype,
                       const void *value) {
  hid_t space = H5Screate(H5S_SCALAR), attr;
  if (space < 0) return pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot create a dataspace");
  int ierr = attr_create(ctx, loc, name, ftype, space, &attr);
  H5Sclose(space);
  if (ierr) return ierr;
  if (H5Awrite(attr, mtype, value) < 0) {
    char what[320];
    snprintf(what, sizeof(what), "cannot write attribute '%s'", name);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what);
  }
  H5Aclose(attr);
  return ierr;
}

/* The variable-length UTF-8 string type (caller closes). */
static hid_t vlen_string_type(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  if (t < 0) return t;
  if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
    H5Tclose(t);
    return H5I_INVALID_HID;
  }
  return t;
}

int pf_h5_attr_string(pf_context *ctx, hid_t loc, const char *name, const char *value) {
  hid_t t = vlen_string_type();
  if (t < 0) return pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot create a string type");
  const char *v = value ? value : "";
  int ierr = attr_scalar(ctx, loc, name, t, t, &v);
  H5Tclose(t);
  return ierr;
}

int pf_h5_attr_double(pf_context *ctx, hid_t loc, const char *name, double value) {
  return attr_scalar(ctx, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int pf_h5_attr_int32(pf_context *ctx, hid_t loc, const char *name, int32_t value) {
  return attr_scalar(ctx, loc, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

int pf_h5_attr_int64(pf_context *ctx, hid_t loc, const char *name, int64_t value) {
  return attr_scalar(ctx, loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

int pf_h5_attr_uint64(pf_context *ctx, hid_t loc, const char *name, uint64_t value) {
  return attr_scalar(ctx, loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

int pf_h5_group(pf_context *ctx, hid_t loc, const char *name, hid_t gcpl, hid_t *group) {
  *group = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
  if (*group < 0) {
    char what[320];
    snprintf(what, sizeof(what), "cannot create group '%s'", name);
    return pf_h5_error(ctx, PF_ERR_IO, what);
  }
  return PF_OK;
}

/* Chunk rows for a dataset of rows x row_bytes: about 1 MiB per chunk (the default chunk cache
 * holds one), at most 65536 rows, never more than the dataset. */
static hsize_t chunk_rows(int64_t rows, size_t row_bytes) {
  int64_t r = (int64_t)((1 << 20) / (row_bytes ? row_bytes : 1));
  if (r > 65536) r = 65536;
  if (r > rows) r = rows;
  if (r < 1) r = 1;
  return (hsize_t)r;
}

int pf_h5_write(pf_context *ctx, hid_t loc, const char *name, hid_t mem_type, hid_t file_type,
                int64_t rows, int64_t cols, const void *data, int deflate, hid_t *dset) {
  char what[320];
  if (dset) *dset = H5I_INVALID_HID;
  const int rank = cols > 0 ? 2 : 1;
  hsize_t dims[2] = {(hsize_t)rows, (hsize_t)(cols > 0 ? cols : 1)};
  const size_t row_bytes = H5Tget_size(file_type) * (size_t)dims[1];
  hid_t space = H5Screate_simple(rank, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  hid_t d = H5I_INVALID_HID;
  int ierr = PF_OK;
  if (space < 0 || dcpl < 0) {
    ierr = pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot create a dataspace");
    goto done;
  }
  if (deflate > 0 && rows > 0 && (size_t)rows * row_bytes >= PF_H5_CHUNK_MIN_BYTES) {
    hsize_t chunk[2] = {chunk_rows(rows, row_bytes), dims[1]};
    int ok = H5Pset_chunk(dcpl, rank, chunk) >= 0;
    /* Shuffle groups the bytes of equal significance, which is what lets deflate compress
     * doubles and small integers; level 1 keeps writing near disk speed. */
    if (ok && H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0) ok = H5Pset_shuffle(dcpl) >= 0;
    if (ok && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0)
      ok = H5Pset_deflate(dcpl, (unsigned)(deflate > 9 ? 9 : deflate)) >= 0;
    if (!ok) {
      ierr = pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot set dataset chunking");
      goto done;
    }
  }
  d = H5Dcreate2(loc, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (d < 0) {
    snprintf(what, sizeof(what), "cannot create dataset '%s'", name);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what);
    goto done;
  }
  if (rows > 0 && H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    snprintf(what, sizeof(what), "cannot write dataset '%s'", name);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what);
  }
done:
  if (space >= 0) H5Sclose(space);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (d >= 0) {
    if (dset && !ierr)
      *dset = d;
    else
      H5Dclose(d);
  }
  return ierr;
}

int pf_h5_write_strings(pf_context *ctx, hid_t loc, const char *name, int n,
                        const char *const *strings) {
  const char **v = NULL;
  PF_CALL(PF_CALLOC(ctx, n, &v));
  for (int i = 0; i < n; i++) v[i] = (strings && strings[i]) ? strings[i] : "";
  hid_t t = vlen_string_type();
  int ierr = t < 0 ? pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot create a string type")
                   : pf_h5_write(ctx, loc, name, t, t, n, 0, v, -1, NULL);
  if (t >= 0) H5Tclose(t);
  free(v);
  return ierr;
}

int pf_h5_escape_name(pf_context *ctx, const char *name, char **escaped) {
  static const char hex[] = "0123456789ABCDEF";
  const size_t n = strlen(name);
  PF_CALL(PF_CALLOC(ctx, 3 * n + 4, escaped));
  char *o = *escaped;
  if (n == 0) {
    memcpy(o, "%00", 4);
    return PF_OK;
  }
  for (size_t i = 0; i < n; i++) {
    const unsigned char c = (unsigned char)name[i];
    if (c == '%' || c == '/' || (i == 0 && c == '.')) {
      *o++ = '%';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
    } else {
      *o++ = (char)c;
    }
  }
  *o = '\0';
  return PF_OK;
}
