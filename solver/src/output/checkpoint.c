/*
 * Restart checkpoints: a small binary file beside the result file, replaced atomically after
 * every converged increment (docs/results.md, "Restart"). Format version 1, all fields in the
 * byte order of the machine that wrote it (checked by the endianness marker):
 *
 *   offset  size       field
 *        0     8       magic "PFSIMCKP"
 *        8     4       uint32 format version (1)
 *       12     4       uint32 endianness marker 0x01020304
 *       16     8       uint64 model_hash
 *       24     4       int32  step_index
 *       28     4       int32  n_frames
 *       32     8       double step_time
 *       40     8       double increment
 *       48     8       int64  n_state
 *       56     8 n     double state[n_state]
 *   56 + 8 n   8       uint64 checksum: pf_hash64(PF_HASH64_INIT, bytes 0 .. 56 + 8 n - 1)
 *
 * The file is 64 + 8 n bytes. Writing goes to PATH.tmp in the same folder, which is synced and
 * then renamed over PATH (rename is atomic within a file system), and the folder is synced: at
 * any moment PATH is the previous whole checkpoint or the new whole one, never a mixture, even
 * if the process is killed mid-write (tests/output/test_output_checkpoint.c).
 * Nothing here knows HDF5.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/pf_output.h"

#define CKPT_MAGIC   "PFSIMCKP"
#define CKPT_VERSION 1u
#define CKPT_ENDIAN  0x01020304u
#define CKPT_HEADER  56
#define CKPT_TRAILER 8

/* Writes all n bytes (retrying short writes and EINTR). Returns 0 or an errno value. */
static int write_all(int fd, const void *buf, size_t n) {
  const char *p = (const char *)buf;
  while (n > 0) {
    /* at most 1 GiB per call: Linux writes at most 0x7ffff000 bytes at once anyway */
    const size_t chunk = n < ((size_t)1 << 30) ? n : ((size_t)1 << 30);
    const ssize_t w = write(fd, p, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (w == 0) return EIO;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads exactly n bytes. Returns 0, an errno value, or -1 at a premature end of file. */
static int read_all(int fd, void *buf, size_t n) {
  char *p = (char *)buf;
  while (n > 0) {
    const size_t chunk = n < ((size_t)1 << 30) ? n : ((size_t)1 << 30);
    const ssize_t r = read(fd, p, chunk);
    if (r < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (r == 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

/* fsync of the folder that holds path: makes the rename itself durable. Some file systems
 * refuse to sync a folder; that is not an error. */
static void sync_folder(const char *path) {
  const char *slash = strrchr(path, '/');
  char dir[4096];
  if (!slash)
    strcpy(dir, ".");
  else if (slash == path)
    strcpy(dir, "/");
  else
    snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
  const int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);
  close(fd);
}

static void encode_header(const pf_checkpoint *c, unsigned char h[CKPT_HEADER]) {
  const uint32_t version = CKPT_VERSION, endian = CKPT_ENDIAN;
  const int32_t step_index = c->step_index, n_frames = c->n_frames;
  memcpy(h, CKPT_MAGIC, 8);
  memcpy(h + 8, &version, 4);
  memcpy(h + 12, &endian, 4);
  memcpy(h + 16, &c->model_hash, 8);
  memcpy(h + 24, &step_index, 4);
  memcpy(h + 28, &n_frames, 4);
  memcpy(h + 32, &c->step_time, 8);
  memcpy(h + 40, &c->increment, 8);
  memcpy(h + 48, &c->n_state, 8);
}

int pf_checkpoint_write(pf_context *ctx, const char *path, const pf_checkpoint *ckpt) {
  PF_CHECK(path && path[0] && ckpt, ctx, PF_ERR_INTERNAL, "checkpoint: no path or no data");
  PF_CHECK(ckpt->n_state >= 0 && (ckpt->n_state == 0 || ckpt->state), ctx, PF_ERR_INTERNAL,
           "checkpoint: %lld state values without data", (long long)ckpt->n_state);
  PF_CHECK(strlen(path) < 4000, ctx, PF_ERR_IO, "checkpoint path too long: '%.100s...'", path);
  char tmp[4100];
  snprintf(tmp, sizeof(tmp), "%s.tmp", path);

  unsigned char header[CKPT_HEADER];
  encode_header(ckpt, header);
  uint64_t sum = pf_hash64(PF_HASH64_INIT, header, sizeof(header));
  const size_t state_bytes = (size_t)ckpt->n_state * sizeof(double);
  if (state_bytes) sum = pf_hash64(sum, ckpt->state, state_bytes);

  /* O_TRUNC: a PATH.tmp left by a write that was killed is simply overwritten. */
  const int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot write checkpoint '%s': %s", tmp, strerror(errno));
  int err = write_all(fd, header, sizeof(header));
  if (!err && state_bytes) err = write_all(fd, ckpt->state, state_bytes);
  if (!err) err = write_all(fd, &sum, sizeof(sum));
  /* the data must be on disk before the rename makes it the checkpoint */
  if (!err && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (err) {
    unlink(tmp);
    return PF_ERROR(ctx, PF_ERR_IO, "cannot write checkpoint '%s': %s", tmp, strerror(err));
  }
  if (rename(tmp, path) != 0) {
    err = errno;
    unlink(tmp);
    return PF_ERROR(ctx, PF_ERR_IO, "cannot rename checkpoint '%s' to '%s': %s", tmp, path,
                    strerror(err));
  }
  sync_folder(path);
  return PF_OK;
}

static int corrupt(pf_context *ctx, const char *path, const char *why) {
  return PF_ERROR(ctx, PF_ERR_INPUT, "'%s' is truncated or corrupt (%s): not a usable checkpoint",
                  path, why);
}

/* Validates the header against the file size. [out] n_state. */
static int check_header(pf_context *ctx, const char *path, const unsigned char *h, size_t got,
                        int64_t file_size, int64_t *n_state) {
  if (got < 8 || memcmp(h, CKPT_MAGIC, 8) != 0) {
    /* a file shorter than the magic that starts like it is a truncated checkpoint */
    if (got < 8 && memcmp(h, CKPT_MAGIC, got) == 0) return corrupt(ctx, path, "no header");
    return PF_ERROR(ctx, PF_ERR_INPUT, "'%s' is not a pfsim checkpoint (wrong magic)", path);
  }
  if (got < CKPT_HEADER) return corrupt(ctx, path, "header cut short");
  uint32_t version, endian;
  memcpy(&version, h + 8, 4);
  memcpy(&endian, h + 12, 4);
  if (endian == 0x04030201u)
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "'%s' was written on a machine of the other byte order: not a usable "
                    "checkpoint here",
                    path);
  if (endian != CKPT_ENDIAN) return corrupt(ctx, path, "bad endianness marker");
  if (version != CKPT_VERSION)
    return PF_ERROR(ctx, PF_ERR_INPUT,
                    "'%s' is a pfsim checkpoint of format version %u; this pfsim reads version %u",
                    path, version, CKPT_VERSION);
  memcpy(n_state, h + 48, 8);
  const int64_t max_n = (INT64_MAX - CKPT_HEADER - CKPT_TRAILER) / 8;
  if (*n_state < 0 || *n_state > max_n) return corrupt(ctx, path, "bad state size");
  const int64_t want = CKPT_HEADER + 8 * *n_state + CKPT_TRAILER;
  if (file_size != want) {
    char why[128];
    snprintf(why, sizeof(why), "%lld bytes, the header announces %lld", (long long)file_size,
             (long long)want);
    return corrupt(ctx, path, why);
  }
  return PF_OK;
}

int pf_checkpoint_read(pf_context *ctx, const char *path, pf_checkpoint *ckpt) {
  PF_CHECK(path && path[0] && ckpt, ctx, PF_ERR_INTERNAL, "checkpoint: no path or no output");
  memset(ckpt, 0, sizeof(*ckpt));
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return PF_ERROR(ctx, PF_ERR_IO, "cannot read checkpoint '%s': %s", path, strerror(errno));
  struct stat st;
  int ierr = PF_OK, err;
  double *state = NULL;
  unsigned char h[CKPT_HEADER] = {0};
  int64_t n_state = 0;
  if (fstat(fd, &st) != 0) {
    ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot read checkpoint '%s': %s", path, strerror(errno));
    goto done;
  }
  if (!S_ISREG(st.st_mode)) {
    ierr = PF_ERROR(ctx, PF_ERR_IO, "cannot read checkpoint '%s': not a regular file", path);
    goto done;
  }
  const size_t got = st.st_size < CKPT_HEADER ? (size_t)st.st_size : CKPT_HEADER;
  if ((err = read_all(fd, h, got)) != 0) {
    ierr = err < 0
               ? corrupt(ctx, path, "shorter than its size")
               : PF_ERROR(ctx, PF_ERR_IO, "cannot read checkpoint '%s': %s", path, strerror(err));
    goto done;
  }
  PF_CALL_GOTO(ierr, done, check_header(ctx, path, h, got, (int64_t)st.st_size, &n_state));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n_state, &state));
  uint64_t stored = 0, sum = pf_hash64(PF_HASH64_INIT, h, sizeof(h));
  err = read_all(fd, state, (size_t)n_state * sizeof(double));
  if (!err) err = read_all(fd, &stored, sizeof(stored));
  if (err) {
    ierr = err < 0
               ? corrupt(ctx, path, "shorter than its size")
               : PF_ERROR(ctx, PF_ERR_IO, "cannot read checkpoint '%s': %s", path, strerror(err));
    goto done;
  }
  if (n_state) sum = pf_hash64(sum, state, (size_t)n_state * sizeof(double));
  if (sum != stored) {
    ierr = corrupt(ctx, path, "checksum mismatch");
    goto done;
  }
  int32_t step_index, n_frames;
  memcpy(&ckpt->model_hash, h + 16, 8);
  memcpy(&step_index, h + 24, 4);
  memcpy(&n_frames, h + 28, 4);
  memcpy(&ckpt->step_time, h + 32, 8);
  memcpy(&ckpt->increment, h + 40, 8);
  ckpt->step_index = step_index;
  ckpt->n_frames = n_frames;
  ckpt->n_state = n_state;
  ckpt->state = state;
  state = NULL;
done:
  free(state);
  close(fd);
  return ierr;
}

void pf_checkpoint_free(pf_checkpoint *ckpt) {
  if (!ckpt) return;
  free(ckpt->state);
  ckpt->state = NULL;
  ckpt->n_state = 0;
}
