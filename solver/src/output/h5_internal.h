/*
 * Private to output/: the state of an open result file and the small HDF5 helpers the writer, the
 * XDMF sidecar and the summary reader share. Nothing outside output/ includes this header (it is
 * the only place HDF5 types appear).
 */
#ifndef PF_H5_INTERNAL_H
#define PF_H5_INTERNAL_H

#include <hdf5.h>
#include <stdint.h>

#include "output/pf_output.h"

/* Layout version written as the root attribute layout_version; bump when a path changes. */
#define PF_H5_LAYOUT_VERSION 1

/* Element fields a frame holds for one element type (bits), remembered for the XDMF sidecar. */
enum {
  PF_FIELD_STRAIN = 1 << 0,
  PF_FIELD_STRESS = 1 << 1,
  PF_FIELD_VON_MISES = 1 << 2,
  PF_FIELD_MIN_J = 1 << 3,
  PF_FIELD_FIBRE_STRAIN = 1 << 4,
  PF_FIELD_AXIAL_FORCE = 1 << 5
};

/* What the XDMF sidecar needs of a frame: which fields it holds (its Time is the frame number,
 * see xdmf.c), and where it sits in the analysis. */
typedef struct {
  int has_displacement;
  int has_contact_pressure; /* contact/node_pressure (ground contact) */
  unsigned fields[PF_ELEM_NUM_TYPES];
  int step_index;
  double load_factor;
} pf_output_frame_info;

struct pf_output_s {
  pf_context *ctx;
  hid_t file;      /* the open OUT.h5.part (H5I_INVALID_HID once closed) */
  char *path;      /* final name OUT.h5 */
  char *part_path; /* OUT.h5.part */
  int has_mesh;
  int deflate; /* zlib level of large datasets, -1: uncompressed */
  int64_t n_nodes;
  int64_t elem_count[PF_ELEM_NUM_TYPES];
  int n_frames;
  int cap_frames;
  pf_output_frame_info *frames; /* [n_frames] */
  int keep_part_on_failure;     /* pf_output_keep_part_on_failure */
};

/* HDF5's automatic error printing, saved and turned off for the duration of one pfsim call
 * (errors are reported through the context instead) and restored afterwards. */
typedef struct {
  H5E_auto2_t func;
  void *data;
} pf_h5_quiet;
void pf_h5_quiet_begin(pf_h5_quiet *q);
void pf_h5_quiet_end(const pf_h5_quiet *q);

/* Records code and "what: <most specific HDF5 error>" in ctx, clears HDF5's error stack and
 * returns code. */
int pf_h5_error(pf_context *ctx, int code, const char *what);

/* Attributes on loc (file, group or dataset). An existing attribute of the same name is replaced.
 * A NULL string is written as "". Strings are scalar variable-length UTF-8. */
int pf_h5_attr_string(pf_context *ctx, hid_t loc, const char *name, const char *value);
int pf_h5_attr_double(pf_context *ctx, hid_t loc, const char *name, double value);
int pf_h5_attr_int32(pf_context *ctx, hid_t loc, const char *name, int32_t value);
int pf_h5_attr_int64(pf_context *ctx, hid_t loc, const char *name, int64_t value);
int pf_h5_attr_uint64(pf_context *ctx, hid_t loc, const char *name, uint64_t value);

/* Creates group name under loc (gcpl may be H5P_DEFAULT). [out] group (caller closes). */
int pf_h5_group(pf_context *ctx, hid_t loc, const char *name, hid_t gcpl, hid_t *group);

/* Writes dataset name under loc: rows x cols (cols = 0: a 1-D dataset of rows) of mem_type data
 * stored as file_type. With deflate in 1..9, datasets of at least PF_H5_CHUNK_MIN_BYTES are
 * chunked (about 1 MiB per chunk, at most 65536 rows, never more rows than the dataset) with
 * shuffle + deflate at that level; smaller ones, and all with deflate < 0, are contiguous. rows
 * may be 0 (an empty dataset). [out] dset (NULL: closed here). */
#define PF_H5_CHUNK_MIN_BYTES (64 * 1024)
#ifndef PF_H5_DEFLATE_LEVEL
#define PF_H5_DEFLATE_LEVEL 1 /* default: zlib's fastest level (see docs/results.md, timing) */
#endif
int pf_h5_write(pf_context *ctx, hid_t loc, const char *name, hid_t mem_type, hid_t file_type,
                int64_t rows, int64_t cols, const void *data, int deflate, hid_t *dset);
static inline int pf_h5_write_f64(pf_context *ctx, hid_t loc, const char *name, int64_t rows,
                                  int64_t cols, const double *data, int deflate) {
  return pf_h5_write(ctx, loc, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, rows, cols, data, deflate,
                     NULL);
}
static inline int pf_h5_write_i64(pf_context *ctx, hid_t loc, const char *name, int64_t rows,
                                  int64_t cols, const int64_t *data, int deflate) {
  return pf_h5_write(ctx, loc, name, H5T_NATIVE_INT64, H5T_STD_I64LE, rows, cols, data, deflate,
                     NULL);
}
/* A 1-D dataset of n variable-length UTF-8 strings (NULL entries are written as ""). */
int pf_h5_write_strings(pf_context *ctx, hid_t loc, const char *name, int n,
                        const char *const *strings);

/* The HDF5 link name of a user-chosen name (set, surface, reaction): '%' -> "%25", '/' -> "%2F",
 * a leading '.' -> "%2E", the empty name -> "%00" (percent-encoding: urllib.parse.unquote gives
 * the name back). [out] escaped (caller frees). */
int pf_h5_escape_name(pf_context *ctx, const char *name, char **escaped);

/* The groups of a frame beyond the mesh fields: bodies/<name>, joints/<name>, regions/<name>
 * (attribute min_J) and newton/{residual, energy, factorised}, each when the frame has them
 * (h5_frame_groups.c). */
int pf_h5_write_frame_groups(pf_context *ctx, hid_t frame, const pf_output_frame *fr);

/* Refuses (PF_ERR_IO: "cannot <verb> '<part_path>': it is open in another program (...); <hint>")
 * when another process or handle holds part_path open (HDF5's flock, which the kernel releases
 * when the holder dies). A missing file is not an error. */
int pf_h5_check_not_in_use(pf_context *ctx, const char *part_path, const char *verb,
                           const char *hint);
/* Frees an output whose file is closed or open (closes it without setting a status). */
void pf_output_free_(pf_output *out);
/* File access properties of every result file: HDF5 1.8 object formats (caller closes). */
hid_t pf_h5_fapl(pf_context *ctx);

/* The XDMF sidecar of a closed result file: xdmf_path refers to h5_path by its basename. */
int pf_xdmf_write(pf_context *ctx, const pf_output *out, const char *h5_path,
                  const char *xdmf_path);

#endif /* PF_H5_INTERNAL_H */
