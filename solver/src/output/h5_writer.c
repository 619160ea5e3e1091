/*
 * The life cycle of a result file: OUT.h5.part created with status "running", root attributes,
 * /summary, and the close that sets the final status, renames the .part over OUT.h5 and writes the
 * XDMF sidecar. The mesh and the frames are written by h5_mesh.c and h5_frame.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output/h5_internal.h"

/* The folder part of path ("." when there is none). [out] dir (caller frees). */
static int folder_of(pf_context *ctx, const char *path, char **dir) {
  const char *slash = strrchr(path, '/');
  if (!slash) return pf_strdup(ctx, ".", dir);
  if (slash == path) return pf_strdup(ctx, "/", dir);
  const size_t n = (size_t)(slash - path);
  PF_CALL(PF_CALLOC(ctx, n + 1, dir));
  memcpy(*dir, path, n);
  return PF_OK;
}

/* The sidecar of a result file: OUT.h5 -> OUT.xdmf (a name not ending in .h5 gets .xdmf
 * appended); with part != 0, OUT.part.xdmf (the sidecar of a kept OUT.h5.part). */
static int sidecar_path(pf_context *ctx, const char *path, int part, char **xdmf) {
  size_t n = strlen(path);
  if (n > 3 && strcmp(path + n - 3, ".h5") == 0) n -= 3;
  const char *ext = part ? ".part.xdmf" : ".xdmf";
  PF_CALL(PF_CALLOC(ctx, n + strlen(ext) + 1, xdmf));
  memcpy(*xdmf, path, n);
  strcpy(*xdmf + n, ext);
  return PF_OK;
}

/* fsync of a file or folder by name (durability of the data before the rename, and of the
 * rename itself). Failure to sync a folder is not an error (some file systems refuse). */
static int sync_path(pf_context *ctx, const char *path, int is_dir) {
  int fd = open(path, is_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) {
    if (is_dir) return PF_OK;
    return PF_ERROR(ctx, PF_ERR_IO, "cannot open '%s' to sync it: %s", path, strerror(errno));
  }
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0 && !is_dir)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot sync '%s' to disk: %s", path, strerror(err));
  return PF_OK;
}

/* Refuses to touch a .part that another process (or another handle) has open: H5Fcreate with
 * H5F_ACC_TRUNC truncates an existing file before it finds HDF5's lock on it, which would destroy
 * a running job's results. HDF5 locks with flock() on Linux, so a non-blocking flock() here sees
 * the same lock without modifying the file. flock() locks belong to the open file description:
 * the kernel drops them when the holder dies, so the .part of a killed run is not "in use". */
int pf_h5_check_not_in_use(pf_context *ctx, const char *part_path, const char *verb,
                           const char *hint) {
  int fd = open(part_path, O_RDONLY);
  if (fd < 0) return PF_OK; /* absent (or unreadable: HDF5 reports it) */
  int rc = flock(fd, LOCK_EX | LOCK_NB);
  int err = errno;
  close(fd); /* also releases the probe lock */
  if (rc != 0 && (err == EWOULDBLOCK || err == EAGAIN))
    return PF_ERROR(ctx, PF_ERR_IO,
                    "cannot %s '%s': it is open in another program (another pfsim run writing "
                    "the same output, or a viewer); %s",
                    verb, part_path, hint);
  return PF_OK;
}

hid_t pf_h5_fapl(pf_context *ctx) {
  /* Object formats of HDF5 1.8 (readable by every HDF5 >= 1.8: ParaView, MATLAB, h5py). */
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0 || H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0) {
    if (fapl >= 0) H5Pclose(fapl);
    pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot set up HDF5 file access");
    return H5I_INVALID_HID;
  }
  return fapl;
}

void pf_output_free_(pf_output *out) {
  if (!out) return;
  if (out->file >= 0) H5Fclose(out->file);
  free(out->path);
  free(out->part_path);
  free(out->frames);
  free(out);
}

/* Writes the root attributes of a new file. */
static int write_root_attrs(pf_output *out, const pf_output_meta *meta) {
  pf_context *ctx = out->ctx;
  const hid_t f = out->file;
  pf_output_meta empty = {0};
  if (!meta) meta = &empty;
  char created[32];
  time_t now = time(NULL);
  struct tm tm_utc;
  gmtime_r(&now, &tm_utc);
  strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
  PF_CALL(pf_h5_attr_string(ctx, f, "pfsim_version",
                            meta->pfsim_version ? meta->pfsim_version : pf_version()));
  PF_CALL(pf_h5_attr_string(ctx, f, "git_hash", meta->git_hash ? meta->git_hash : pf_git_hash()));
  PF_CALL(pf_h5_attr_int32(ctx, f, "layout_version", PF_H5_LAYOUT_VERSION));
  PF_CALL(pf_h5_attr_string(ctx, f, "created_utc", created));
  PF_CALL(pf_h5_attr_string(ctx, f, "units", "mm N MPa s"));
  PF_CALL(pf_h5_attr_string(ctx, f, "status", "running"));
  PF_CALL(pf_h5_attr_string(ctx, f, "message", ""));
  PF_CALL(pf_h5_attr_string(ctx, f, "title", meta->title));
  PF_CALL(pf_h5_attr_string(ctx, f, "config_path", meta->config_path));
  PF_CALL(pf_h5_attr_string(ctx, f, "config_yaml", meta->config_yaml));
  PF_CALL(pf_h5_attr_string(ctx, f, "blas_kernel", meta->blas_kernel));
  PF_CALL(pf_h5_attr_string(ctx, f, "blas_threading", meta->blas_threading));
  PF_CALL(pf_h5_attr_int32(ctx, f, "threads", meta->threads));
  PF_CALL(pf_h5_attr_int32(ctx, f, "reproducible", meta->reproducible));
  /* kept so that a restarted run (pf_output_reopen) compresses its frames alike */
  PF_CALL(pf_h5_attr_int32(ctx, f, "deflate_level", out->deflate));
  PF_CALL(pf_h5_attr_int32(ctx, f, "restarts", 0)); /* counted by pf_output_reopen */
  /* the model the frames belong to: a restart from another model's checkpoint is refused */
  PF_CALL(pf_h5_attr_uint64(ctx, f, "model_hash", meta->model_hash));
  return PF_OK;
}

static int output_open(pf_context *ctx, const char *path, const pf_output_meta *meta,
                       pf_output **out) {
  PF_CHECK(path && path[0], ctx, PF_ERR_INPUT, "no output file name given");
  char *dir = NULL;
  PF_CALL(folder_of(ctx, path, &dir));
  struct stat st;
  int dir_ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
  int err = errno;
  if (!dir_ok) {
    int rc = PF_ERROR(ctx, PF_ERR_IO, "cannot write '%s': folder '%s' %s", path, dir,
                      err == ENOENT ? "does not exist" : "is not a folder");
    free(dir);
    return rc;
  }
  free(dir);
  PF_CHECK(stat(path, &st) != 0 || !S_ISDIR(st.st_mode), ctx, PF_ERR_IO,
           "cannot write '%s': it is a folder", path);

  pf_output *o = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &o));
  o->ctx = ctx;
  o->file = H5I_INVALID_HID;
  const int level = meta ? meta->deflate_level : 0;
  o->deflate = level < 0 ? -1 : level == 0 ? PF_H5_DEFLATE_LEVEL : level > 9 ? 9 : level;
  int ierr = pf_strdup(ctx, path, &o->path);
  if (!ierr) ierr = PF_CALLOC(ctx, strlen(path) + 6, &o->part_path);
  if (ierr) goto fail;
  snprintf(o->part_path, strlen(path) + 6, "%s.part", path);

  PF_CALL_GOTO(
      ierr, fail,
      pf_h5_check_not_in_use(ctx, o->part_path, "create result file", "choose another -o"));
  hid_t fapl = pf_h5_fapl(ctx);
  if (fapl < 0) {
    ierr = ctx->err_code;
    goto fail;
  }
  o->file = H5Fcreate(o->part_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (o->file < 0) {
    char what[4200];
    snprintf(what, sizeof(what), "cannot create result file '%s'", o->part_path);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what); /* before any other call clears HDF5's stack */
    H5Pclose(fapl);
    if (strstr(ctx->err_msg, "unable to lock file")) { /* flock unsupported (NFS, Lustre) */
      const size_t n = strlen(ctx->err_msg);
      snprintf(ctx->err_msg + n, sizeof(ctx->err_msg) - n,
               " (on a file system without file locks set HDF5_USE_FILE_LOCKING=FALSE; see "
               "docs/results.md)");
    }
    goto fail;
  }
  H5Pclose(fapl);
  PF_CALL_GOTO(ierr, fail, write_root_attrs(o, meta));
  if (H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot flush the result file");
    goto fail;
  }
  *out = o;
  return PF_OK;
fail:
  if (o->file >= 0) {
    H5Fclose(o->file);
    o->file = H5I_INVALID_HID;
    unlink(o->part_path);
  }
  pf_output_free_(o);
  return ierr;
}

int pf_output_open(pf_context *ctx, const char *path, const pf_output_meta *meta, pf_output **out) {
  *out = NULL;
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = output_open(ctx, path, meta, out);
  pf_h5_quiet_end(&q);
  return ierr;
}

int pf_output_set_attr_double(pf_output *out, const char *name, double value) {
  PF_CHECK(out && out->file >= 0, out ? out->ctx : NULL, PF_ERR_INTERNAL, "output is not open");
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = pf_h5_attr_double(out->ctx, out->file, name, value);
  pf_h5_quiet_end(&q);
  return ierr;
}

int pf_output_set_attr_string(pf_output *out, const char *name, const char *value) {
  PF_CHECK(out && out->file >= 0, out ? out->ctx : NULL, PF_ERR_INTERNAL, "output is not open");
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = pf_h5_attr_string(out->ctx, out->file, name, value);
  pf_h5_quiet_end(&q);
  return ierr;
}

static int write_summary(pf_output *out, int n, const char *const *names, const double *values) {
  pf_context *ctx = out->ctx;
  hid_t g = H5I_INVALID_HID;
  int ierr = PF_OK;
  htri_t exists = H5Lexists(out->file, "summary", H5P_DEFAULT);
  if (exists > 0) {
    g = H5Gopen2(out->file, "summary", H5P_DEFAULT);
    if (g < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot open /summary");
  } else {
    /* Attribute creation order is tracked so that readers list the metrics in the order the
     * analysis defined them, not alphabetically. */
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0 ||
        H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
      ierr = pf_h5_error(ctx, PF_ERR_INTERNAL, "cannot set up /summary");
      if (gcpl >= 0) H5Pclose(gcpl);
      return ierr;
    }
    ierr = pf_h5_group(ctx, out->file, "summary", gcpl, &g);
    H5Pclose(gcpl);
    if (ierr) return ierr;
  }
  for (int i = 0; i < n && !ierr; i++) {
    if (!names[i] || !names[i][0]) {
      ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "summary metric %d has no name", i);
      break;
    }
    ierr = pf_h5_attr_double(ctx, g, names[i], values[i]);
  }
  H5Gclose(g);
  if (!ierr && H5Fflush(out->file, H5F_SCOPE_GLOBAL) < 0)
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot flush the result file");
  return ierr;
}

int pf_output_write_summary(pf_output *out, int n, const char *const *names, const double *values) {
  PF_CHECK(out && out->file >= 0, out ? out->ctx : NULL, PF_ERR_INTERNAL, "output is not open");
  PF_CHECK(n >= 0 && (n == 0 || (names && values)), out->ctx, PF_ERR_INTERNAL,
           "summary: %d metrics without names or values", n);
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = write_summary(out, n, names, values);
  pf_h5_quiet_end(&q);
  return ierr;
}

/* Closes the HDF5 file with its final status; keeps the first error in ierr. [out] leaked: HDF5
 * objects that were still open (a bug: with HDF5's default close degree they would keep the file
 * open past H5Fclose); they are closed here so that the file is whole before the rename. */
static int finish_file(pf_output *out, const char *status, const char *message, ssize_t *leaked) {
  pf_context *ctx = out->ctx;
  int ierr = pf_h5_attr_string(ctx, out->file, "status", status);
  if (!ierr) ierr = pf_h5_attr_string(ctx, out->file, "message", message ? message : "");
  *leaked = H5Fget_obj_count(out->file, H5F_OBJ_ALL | H5F_OBJ_LOCAL) - 1;
  if (*leaked > 0) {
    hid_t ids[64];
    const ssize_t n = H5Fget_obj_ids(out->file, H5F_OBJ_ALL | H5F_OBJ_LOCAL, 64, ids);
    for (ssize_t i = 0; i < n; i++)
      if (ids[i] != out->file) H5Oclose(ids[i]);
  }
  if (H5Fclose(out->file) < 0 && !ierr) {
    char what[4200];
    snprintf(what, sizeof(what), "cannot close result file '%s'", out->part_path);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what);
  }
  out->file = H5I_INVALID_HID;
  return ierr;
}

/* Writes the sidecar through a temporary name so that an existing OUT.xdmf is replaced
 * atomically; removes a stale sidecar when there is no mesh to show. */
static int write_sidecar(pf_output *out, const char *h5_path, const char *xdmf_path) {
  pf_context *ctx = out->ctx;
  if (!out->has_mesh) {
    unlink(xdmf_path);
    return PF_OK;
  }
  const size_t n = strlen(xdmf_path) + 5;
  char *tmp = NULL;
  PF_CALL(PF_CALLOC(ctx, n, &tmp));
  snprintf(tmp, n, "%s.tmp", xdmf_path);
  int ierr = pf_xdmf_write(ctx, out, h5_path, tmp);
  if (!ierr && rename(tmp, xdmf_path) != 0)
    ierr =
        PF_ERROR(ctx, PF_ERR_IO, "cannot rename '%s' to '%s': %s", tmp, xdmf_path, strerror(errno));
  if (ierr) unlink(tmp);
  free(tmp);
  return ierr;
}

static int output_close(pf_output *out, const char *status, const char *message) {
  pf_context *ctx = out->ctx;
  int ierr = PF_OK, bad_status = 0;
  char bad_msg[300];
  if (!status || (strcmp(status, "complete") != 0 && strcmp(status, "failed") != 0 &&
                  strcmp(status, "interrupted") != 0)) {
    /* Never leave a file that looks complete: an unknown status is recorded as a failure. */
    snprintf(bad_msg, sizeof(bad_msg), "internal error: invalid result status '%.200s'",
             status ? status : "(null)");
    status = "failed";
    message = bad_msg;
    bad_status = 1;
  }
  const int keep_part = strcmp(status, "interrupted") == 0 ||
                        (out->keep_part_on_failure && strcmp(status, "failed") == 0);
  ssize_t leaked = 0;
  if (out->file >= 0) ierr = finish_file(out, status, message, &leaked);
  if (ierr) return ierr; /* the .part stays: it may still hold the converged frames */

  char *dir = NULL, *xdmf = NULL, *stale = NULL;
  PF_CALL_GOTO(ierr, done, folder_of(ctx, out->path, &dir));
  PF_CALL_GOTO(ierr, done, sidecar_path(ctx, out->path, keep_part, &xdmf));
  PF_CALL_GOTO(ierr, done, sidecar_path(ctx, out->path, !keep_part, &stale));
  if (!keep_part) {
    PF_CALL_GOTO(ierr, done, sync_path(ctx, out->part_path, 0));
    if (rename(out->part_path, out->path) != 0) {
      ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot rename '%s' to '%s': %s", out->part_path, out->path,
                      strerror(errno));
      goto done;
    }
    sync_path(ctx, dir, 1);
    unlink(stale); /* the sidecar of an earlier interrupted run points at a .part now gone */
  }
  PF_CALL_GOTO(ierr, done, write_sidecar(out, keep_part ? out->part_path : out->path, xdmf));
done:
  free(dir);
  free(xdmf);
  free(stale);
  if (!ierr && bad_status) ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "%s", bad_msg);
  if (!ierr && leaked > 0)
    ierr =
        PF_ERROR(ctx, PF_ERR_INTERNAL, "internal error: %zd HDF5 objects were left open", leaked);
  return ierr;
}

void pf_output_keep_part_on_failure(pf_output *out) {
  if (out) out->keep_part_on_failure = 1;
}

int pf_output_close(pf_output **out, const char *status, const char *message) {
  if (!out || !*out) return PF_OK;
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = output_close(*out, status, message);
  pf_output_free_(*out);
  *out = NULL;
  pf_h5_quiet_end(&q);
  return ierr;
}
