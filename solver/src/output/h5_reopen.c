/*
 * Reopening OUT.h5.part to continue a run (`pfsim run --restart`): the mesh and the frames that
 * the checkpoint vouches for are kept, later frames (the increment the run was computing, perhaps
 * half written when it was killed) are deleted, the status goes back to "running", and new frames
 * are numbered on from there. What the XDMF sidecar needs of the kept frames is read back from
 * the file.
 *
 * A deleted frame leaves its space unused inside the file (HDF5 1.10 does not keep free-space
 * information across file closes by default): the file is larger than its content by at most
 * the frames deleted; `h5repack OUT.h5 packed.h5` reclaims it. See docs/results.md, "Restart".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>

#include "output/h5_internal.h"

/* Field datasets of elements/<type> and their bits (as h5_frame.c writes them). */
static const struct {
  const char *name;
  unsigned bit;
} element_fields[] = {{"strain", PF_FIELD_STRAIN},
                      {"stress", PF_FIELD_STRESS},
                      {"von_mises", PF_FIELD_VON_MISES},
                      {"min_J", PF_FIELD_MIN_J},
                      {"fibre_strain", PF_FIELD_FIBRE_STRAIN},
                      {"axial_force", PF_FIELD_AXIAL_FORCE}};

/* A numeric scalar attribute of loc as double; fallback when absent or unreadable. */
static double attr_number(hid_t loc, const char *name, double fallback) {
  if (H5Aexists(loc, name) <= 0) return fallback;
  double v = fallback;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0 || H5Aread(a, H5T_NATIVE_DOUBLE, &v) < 0) v = fallback;
  if (a >= 0) H5Aclose(a);
  H5Eclear2(H5E_DEFAULT);
  return v;
}

/* Rows of dataset path under loc (-1 when absent or unreadable). */
static int64_t dataset_rows(hid_t loc, const char *path) {
  hid_t d = H5Dopen2(loc, path, H5P_DEFAULT);
  if (d < 0) {
    H5Eclear2(H5E_DEFAULT);
    return -1;
  }
  hsize_t dims[2] = {0, 0};
  hid_t s = H5Dget_space(d);
  const int rank = s >= 0 ? H5Sget_simple_extent_dims(s, dims, NULL) : -1;
  if (s >= 0) H5Sclose(s);
  H5Dclose(d);
  return rank >= 1 ? (int64_t)dims[0] : -1;
}

/* 1 when the link path (every group on the way included) exists under loc. */
static int has_path(hid_t loc, const char *path) {
  char buf[256];
  snprintf(buf, sizeof(buf), "%s", path);
  for (char *p = buf; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (H5Lexists(loc, buf, H5P_DEFAULT) <= 0) return 0;
    *p = '/';
  }
  return H5Lexists(loc, buf, H5P_DEFAULT) > 0;
}

/* n_nodes and the element counts from /mesh (has_mesh stays 0 without one). */
static int read_mesh_info(pf_output *o) {
  if (H5Lexists(o->file, "mesh", H5P_DEFAULT) <= 0) return PF_OK;
  o->n_nodes = dataset_rows(o->file, "mesh/nodes");
  PF_CHECK(o->n_nodes >= 0, o->ctx, PF_ERR_INPUT,
           "'%s': /mesh has no readable nodes (the run was killed while writing its mesh?)",
           o->part_path);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    char path[96];
    snprintf(path, sizeof(path), "mesh/elements/%s/connectivity", pf_elem_name((pf_elem_type)t));
    const int64_t m = has_path(o->file, path) ? dataset_rows(o->file, path) : 0;
    o->elem_count[t] = m > 0 ? m : 0;
  }
  o->has_mesh = 1;
  return PF_OK;
}

/* What the sidecar needs of frame g (an open /steps/NNNN). */
static void read_frame_info(const pf_output *o, hid_t g, pf_output_frame_info *info) {
  memset(info, 0, sizeof(*info));
  info->has_displacement = H5Lexists(g, "displacement", H5P_DEFAULT) > 0;
  info->has_contact_pressure = H5Lexists(g, "contact", H5P_DEFAULT) > 0 &&
                               H5Lexists(g, "contact/node_pressure", H5P_DEFAULT) > 0;
  info->step_index = (int)attr_number(g, "step_index", 0.0);
  info->load_factor = attr_number(g, "load_factor", 0.0);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    if (o->elem_count[t] <= 0) continue;
    char path[64];
    snprintf(path, sizeof(path), "elements/%s", pf_elem_name((pf_elem_type)t));
    if (!has_path(g, path)) continue;
    for (size_t k = 0; k < sizeof(element_fields) / sizeof(element_fields[0]); k++) {
      char field[96];
      snprintf(field, sizeof(field), "%s/%s", path, element_fields[k].name);
      if (H5Lexists(g, field, H5P_DEFAULT) > 0) info->fields[t] |= element_fields[k].bit;
    }
  }
  H5Eclear2(H5E_DEFAULT);
}

/* The names of every link in group g. [out] n, names (caller frees each and the array). */
static int list_links(pf_context *ctx, hid_t g, int *n, char ***names) {
  *n = 0;
  *names = NULL;
  H5G_info_t gi;
  if (H5Gget_info(g, &gi) < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot list /steps");
  PF_CALL(PF_CALLOC(ctx, gi.nlinks, names));
  for (hsize_t i = 0; i < gi.nlinks; i++) {
    const ssize_t len =
        H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, NULL, 0, H5P_DEFAULT);
    if (len < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot list /steps");
    PF_CALL(PF_CALLOC(ctx, (size_t)len + 1, &(*names)[i]));
    *n = (int)i + 1;
    if (H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, (*names)[i], (size_t)len + 1,
                           H5P_DEFAULT) < 0)
      return pf_h5_error(ctx, PF_ERR_IO, "cannot list /steps");
  }
  return PF_OK;
}

/* The frame number of a link of /steps as pfsim names it ("%04d"), or -1 for any other name. */
static int frame_number(const char *name) {
  char *end = NULL;
  errno = 0;
  const long k = strtol(name, &end, 10);
  if (errno || !end || *end || k < 0 || k > 99999999) return -1;
  char canonical[16];
  snprintf(canonical, sizeof(canonical), "%04ld", k);
  return strcmp(canonical, name) == 0 ? (int)k : -1;
}

/* Keeps frames 0 .. n_frames - 1 of /steps (all must be there), deletes every other link, and
 * rebuilds o->frames. The file is modified only after the check. */
static int trim_frames(pf_output *o, int n_frames) {
  pf_context *ctx = o->ctx;
  const char *part = o->part_path;
  if (H5Lexists(o->file, "steps", H5P_DEFAULT) <= 0) {
    PF_CHECK(n_frames == 0, ctx, PF_ERR_INPUT,
             "'%s' holds no frames, but the checkpoint counts %d: not the result file of this "
             "checkpoint",
             part, n_frames);
    return PF_OK;
  }
  PF_CHECK(o->has_mesh || n_frames == 0, ctx, PF_ERR_INPUT, "'%s' has frames but no /mesh", part);
  hid_t steps = H5Gopen2(o->file, "steps", H5P_DEFAULT);
  if (steps < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot open /steps");
  struct {
    int n;
    char **names;
  } l = {0, NULL};
  int *seen = NULL, ierr = PF_CALLOC(ctx, n_frames, &seen);
  if (!ierr) ierr = list_links(ctx, steps, &l.n, &l.names);
  int kept = 0;
  for (int i = 0; i < l.n && !ierr; i++) {
    const int k = frame_number(l.names[i]);
    if (k >= 0 && k < n_frames) seen[k] = 1, kept++;
  }
  if (!ierr && kept < n_frames) {
    int first_missing = 0;
    while (first_missing < n_frames && seen[first_missing]) first_missing++;
    ierr = PF_ERROR(ctx, PF_ERR_INPUT,
                    "'%s' holds %d of the %d frames the checkpoint counts (frame %04d is "
                    "missing): not the result file of this checkpoint",
                    part, kept, n_frames, first_missing);
  }
  for (int i = 0; i < l.n && !ierr; i++) {
    const int k = frame_number(l.names[i]);
    if (k >= 0 && k < n_frames) continue;
    if (H5Ldelete(steps, l.names[i], H5P_DEFAULT) < 0) {
      char what[4300];
      snprintf(what, sizeof(what), "cannot delete the unfinished frame /steps/%s of '%s'",
               l.names[i], part);
      ierr = pf_h5_error(ctx, PF_ERR_IO, what);
    }
  }
  if (!ierr && n_frames > 0) ierr = PF_CALLOC(ctx, n_frames, &o->frames);
  for (int k = 0; k < n_frames && !ierr; k++) {
    char name[16];
    snprintf(name, sizeof(name), "%04d", k);
    hid_t g = H5Gopen2(steps, name, H5P_DEFAULT);
    if (g < 0) {
      char what[4300];
      snprintf(what, sizeof(what), "cannot open frame /steps/%s of '%s'", name, part);
      ierr = pf_h5_error(ctx, PF_ERR_IO, what);
      break;
    }
    read_frame_info(o, g, &o->frames[k]);
    H5Gclose(g);
  }
  if (!ierr) o->n_frames = o->cap_frames = n_frames;
  for (int i = 0; i < l.n; i++) free(l.names[i]);
  free(l.names);
  free(seen);
  H5Gclose(steps);
  return ierr;
}

/* The root attributes that make a pfsim result file (nothing is written here). */
static int check_root(pf_output *o) {
  pf_context *ctx = o->ctx;
  const hid_t f = o->file;
  PF_CHECK(H5Aexists(f, "pfsim_version") > 0 && H5Aexists(f, "status") > 0, ctx, PF_ERR_INPUT,
           "'%s' is an HDF5 file but not a pfsim result file (no 'pfsim_version' or 'status' "
           "attribute at the root)",
           o->part_path);
  const double layout = attr_number(f, "layout_version", 1.0);
  PF_CHECK(layout <= PF_H5_LAYOUT_VERSION, ctx, PF_ERR_INPUT,
           "'%s' was written by a newer pfsim (result layout version %g, this one writes %d)",
           o->part_path, layout, PF_H5_LAYOUT_VERSION);
  const double level = attr_number(f, "deflate_level", PF_H5_DEFLATE_LEVEL);
  o->deflate = level < 0 ? -1 : level > 9 ? 9 : (int)level;
  return PF_OK;
}

/* Refuses a .part written by another model than the checkpoint's (nothing is written here). */
static int check_model_hash(pf_output *o, uint64_t want) {
  pf_context *ctx = o->ctx;
  const hid_t f = o->file;
  uint64_t have = 0;
  int found = 0;
  if (H5Aexists(f, "model_hash") > 0) {
    hid_t a = H5Aopen(f, "model_hash", H5P_DEFAULT);
    found = a >= 0 && H5Aread(a, H5T_NATIVE_UINT64, &have) >= 0;
    if (a >= 0) H5Aclose(a);
  }
  H5Eclear2(H5E_DEFAULT);
  PF_CHECK(found, ctx, PF_ERR_INPUT,
           "cannot restart from '%s': it records no model hash (written by an older pfsim), so "
           "it cannot be matched to the checkpoint (model hash %016llx)",
           o->part_path, (unsigned long long)want);
  PF_CHECK(have == want, ctx, PF_ERR_INPUT,
           "cannot restart from '%s': it was written by another model (model hash %016llx, the "
           "checkpoint's is %016llx); the configuration or the mesh changed since the run started",
           o->part_path, (unsigned long long)have, (unsigned long long)want);
  return PF_OK;
}

/* Status "running" again, and one more restart counted. */
static int mark_running(pf_output *o) {
  pf_context *ctx = o->ctx;
  const hid_t f = o->file;
  const double restarts = attr_number(f, "restarts", 0.0);
  PF_CALL(pf_h5_attr_string(ctx, f, "status", "running"));
  PF_CALL(pf_h5_attr_string(ctx, f, "message", ""));
  PF_CALL(pf_h5_attr_int32(ctx, f, "restarts", (int32_t)restarts + 1));
  return PF_OK;
}

static int output_reopen(pf_context *ctx, const char *part_path, int n_frames,
                         const uint64_t *model_hash, int trial, pf_output **out) {
  PF_CHECK(part_path && part_path[0], ctx, PF_ERR_INPUT, "no result file given to restart");
  PF_CHECK(n_frames >= 0, ctx, PF_ERR_INTERNAL, "reopen: negative frame count %d", n_frames);
  const size_t len = strlen(part_path);
  PF_CHECK(len > 5 && strcmp(part_path + len - 5, ".part") == 0, ctx, PF_ERR_INPUT,
           "'%s' is not the .part of a run (--restart takes OUT.h5.part)", part_path);
  struct stat st;
  if (stat(part_path, &st) != 0)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot reopen '%s': %s", part_path, strerror(errno));
  PF_CHECK(S_ISREG(st.st_mode), ctx, PF_ERR_INPUT, "'%s' is not a pfsim result file", part_path);
  if (H5Fis_hdf5(part_path) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return PF_ERROR(ctx, PF_ERR_INPUT, "'%s' is not a pfsim result file (not an HDF5 file)",
                    part_path);
  }
  PF_CALL(pf_h5_check_not_in_use(ctx, part_path, "reopen result file",
                                 "wait for the run to end, or stop it, before restarting"));

  pf_output *o = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &o));
  o->ctx = ctx;
  o->file = H5I_INVALID_HID;
  int ierr = pf_strdup(ctx, part_path, &o->part_path);
  if (!ierr) ierr = PF_CALLOC(ctx, len - 4, &o->path);
  if (ierr) goto fail;
  memcpy(o->path, part_path, len - 5);

  hid_t fapl = pf_h5_fapl(ctx);
  if (fapl < 0) {
    ierr = ctx->err_code;
    goto fail;
  }
  o->file = H5Fopen(part_path, H5F_ACC_RDWR, fapl);
  H5Pclose(fapl);
  if (o->file < 0) {
    char what[4200];
    snprintf(what, sizeof(what), "cannot reopen result file '%s'", part_path);
    ierr = pf_h5_error(ctx, PF_ERR_IO, what);
    goto fail;
  }
  PF_CALL_GOTO(ierr, fail, check_root(o));
  if (model_hash) PF_CALL_GOTO(ierr, fail, check_model_hash(o, *model_hash));
  PF_CALL_GOTO(ierr, fail, read_mesh_info(o));
  PF_CALL_GOTO(ierr, fail, trim_frames(o, n_frames));    /* checks before it deletes */
  if (!trial) PF_CALL_GOTO(ierr, fail, mark_running(o)); /* the trial (a child) only trims */
  if (H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot flush the result file");
    goto fail;
  }
  *out = o;
  return PF_OK;
fail:
  pf_output_free_(o); /* closes the file; a failed check left it unchanged */
  return ierr;
}

/* A .part whose writer was killed while HDF5 was writing its metadata may be damaged in ways
 * the library does not survive (it can crash reading it). The reopen (checks, trim, mark) is
 * therefore tried first in a child process; only when the child succeeds is the file opened
 * here. A child that fails passes its error back through a pipe; one that crashes makes the file
 * "damaged" (PF_ERR_IO). */
static int reopen_in_child(pf_context *ctx, const char *part_path, int n_frames,
                           const uint64_t *model_hash) {
  int fds[2];
  if (pipe(fds) != 0)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot reopen '%s': pipe: %s", part_path, strerror(errno));
  fflush(NULL);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return PF_ERROR(ctx, PF_ERR_IO, "cannot reopen '%s': fork: %s", part_path, strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    pf_output *o = NULL;
    const int rc = output_reopen(ctx, part_path, n_frames, model_hash, 1, &o);
    if (rc) {
      const int code = rc;
      if (write(fds[1], &code, sizeof(code)) != (ssize_t)sizeof(code) ||
          write(fds[1], ctx->err_msg, strlen(ctx->err_msg)) < 0)
        _exit(3);
      _exit(1);
    }
    pf_output_free_(o);
    _exit(0);
  }
  close(fds[1]);
  int code = 0;
  char msg[sizeof(ctx->err_msg)] = "";
  ssize_t got = read(fds[0], &code, sizeof(code));
  if (got == (ssize_t)sizeof(code)) {
    got = read(fds[0], msg, sizeof(msg) - 1);
    msg[got > 0 ? got : 0] = '\0';
  }
  close(fds[0]);
  int wst = 0;
  while (waitpid(pid, &wst, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(wst) && WEXITSTATUS(wst) == 0) return PF_OK;
  if (WIFEXITED(wst) && WEXITSTATUS(wst) == 1 && code < 0) return PF_ERROR(ctx, code, "%s", msg);
  return PF_ERROR(ctx, PF_ERR_IO,
                  "'%s' is damaged: its run was killed while it was writing a frame, and the file "
                  "cannot be read back (the checkpoint is intact: the run can continue into a new "
                  "result file)",
                  part_path);
}

int pf_output_reopen(pf_context *ctx, const char *part_path, int n_frames, pf_output **out) {
  *out = NULL;
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = reopen_in_child(ctx, part_path, n_frames, NULL);
  if (!ierr) ierr = output_reopen(ctx, part_path, n_frames, NULL, 0, out);
  pf_h5_quiet_end(&q);
  return ierr;
}

int pf_output_reopen_checked(pf_context *ctx, const char *part_path, const pf_checkpoint *ckpt,
                             pf_output **out) {
  *out = NULL;
  PF_CHECK(ckpt, ctx, PF_ERR_INTERNAL, "reopen: no checkpoint given");
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = reopen_in_child(ctx, part_path, ckpt->n_frames, &ckpt->model_hash);
  if (!ierr) ierr = output_reopen(ctx, part_path, ckpt->n_frames, &ckpt->model_hash, 0, out);
  pf_h5_quiet_end(&q);
  return ierr;
}
