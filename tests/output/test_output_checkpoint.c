/*
 * Restart checkpoints (solver/src/output/checkpoint.c, docs/results.md "Restart"):
 * - round trip: every field and the state come back bit for bit (NaN payloads, -0, infinities,
 *   subnormals included), for an empty and a non-empty state; the file is 64 + 8 n bytes and no
 *   PATH.tmp is left;
 * - a file cut at any length, any single flipped bit, appended bytes, another format version,
 *   another byte order and a file that is no checkpoint at all are refused with PF_ERR_INPUT and
 *   a message naming the path; a missing file or folder is PF_ERR_IO;
 * - atomicity: a child process rewrites a 16 MiB checkpoint in a loop and is killed with SIGKILL
 *   at pseudo-random moments; every time, PATH reads back as one whole checkpoint (its state
 *   consistent with its own header), and a PATH.tmp caught half-written is refused.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "output_test_util.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int64_t file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

static unsigned char *read_bytes(const char *path, int64_t *n) {
  *n = file_size(path);
  if (*n < 0) return NULL;
  unsigned char *b = (unsigned char *)malloc((size_t)*n + 1);
  FILE *fp = fopen(path, "rb");
  if (!fp || fread(b, 1, (size_t)*n, fp) != (size_t)*n) *n = -1;
  if (fp) fclose(fp);
  return b;
}

static void write_bytes(const char *path, const unsigned char *b, int64_t n) {
  FILE *fp = fopen(path, "wb");
  if (fp) {
    if (n > 0) fwrite(b, 1, (size_t)n, fp);
    fclose(fp);
  }
}

static void test_round_trip(pf_context *ctx) {
  double special[8] = {-0.0, INFINITY, -INFINITY, 4.9406564584124654e-324, 1.0 / 3.0, 0, 0, 0};
  uint64_t nan_payload = 0x7ff8dead0000beefull, snan = 0xfff0000000000001ull;
  memcpy(&special[5], &nan_payload, 8);
  memcpy(&special[6], &snan, 8);
  special[7] = -1.7976931348623157e308;
  pf_checkpoint c = {.model_hash = 0xfedcba9876543210ull,
                     .step_index = 2,
                     .step_time = 0.375,
                     .increment = 0.0625,
                     .n_frames = 17,
                     .n_state = 8,
                     .state = special};
  unlink("ck_rt.ckpt");
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_rt.ckpt", &c) == PF_OK, "write: %s",
            pf_context_error(ctx));
  PF_EXPECT(file_size("ck_rt.ckpt") == 64 + 8 * 8, "size %lld", (long long)file_size("ck_rt.ckpt"));
  PF_EXPECT(!file_exists("ck_rt.ckpt.tmp"), "no temporary left");
  pf_checkpoint r;
  PF_EXPECT(pf_checkpoint_read(ctx, "ck_rt.ckpt", &r) == PF_OK, "read: %s", pf_context_error(ctx));
  PF_EXPECT(r.model_hash == c.model_hash && r.step_index == 2 && r.step_time == 0.375 &&
                r.increment == 0.0625 && r.n_frames == 17 && r.n_state == 8,
            "fields round trip");
  PF_EXPECT(r.state && memcmp(r.state, special, sizeof(special)) == 0, "state bit-identical");
  pf_checkpoint_free(&r);
  PF_EXPECT(r.state == NULL && r.n_state == 0, "free clears");
  pf_checkpoint_free(&r); /* twice is safe */
  pf_checkpoint_free(NULL);

  /* an empty state, replacing the file */
  pf_checkpoint e = {.model_hash = 1, .step_index = 0, .n_frames = 0, .n_state = 0};
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_rt.ckpt", &e) == PF_OK, "write empty");
  PF_EXPECT(file_size("ck_rt.ckpt") == 64, "empty size");
  PF_EXPECT(
      pf_checkpoint_read(ctx, "ck_rt.ckpt", &r) == PF_OK && r.n_state == 0 && r.model_hash == 1,
      "read empty: %s", pf_context_error(ctx));
  pf_checkpoint_free(&r);

  pf_checkpoint no_data = {.n_state = 3, .state = NULL};
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_rt.ckpt", &no_data) == PF_ERR_INTERNAL,
            "state size without data refused");
}

/* Reads path and expects PF_ERR_INPUT with words in the message (and the path). */
static void expect_refused(pf_context *ctx, const char *path, const char *words, const char *what) {
  pf_checkpoint r;
  const int rc = pf_checkpoint_read(ctx, path, &r);
  const char *msg = pf_context_error(ctx);
  PF_EXPECT(rc == PF_ERR_INPUT, "%s: rc %d (%s)", what, rc, msg);
  PF_EXPECT(strstr(msg, words) && strstr(msg, path), "%s: message '%s' (want '%s' and the path)",
            what, msg, words);
  PF_EXPECT(r.state == NULL, "%s: no state handed out", what);
  pf_checkpoint_free(&r);
}

static void test_damaged(pf_context *ctx) {
  double state[10];
  for (int i = 0; i < 10; i++) state[i] = 0.1 * i - 0.3;
  pf_checkpoint c = {.model_hash = 99, .step_index = 1, .n_frames = 3, .n_state = 10};
  c.state = state;
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_good.ckpt", &c) == PF_OK, "write");
  int64_t n = 0;
  unsigned char *good = read_bytes("ck_good.ckpt", &n);
  PF_EXPECT(good && n == 144, "good file of 144 bytes");
  if (!good || n != 144) return;

  int n_bad = 0;
  for (int64_t len = 0; len < n; len++) { /* every truncation */
    write_bytes("ck_cut.ckpt", good, len);
    pf_checkpoint r;
    const int rc = pf_checkpoint_read(ctx, "ck_cut.ckpt", &r);
    if (rc != PF_ERR_INPUT || !strstr(pf_context_error(ctx), "truncated or corrupt")) n_bad++;
    pf_checkpoint_free(&r);
  }
  PF_EXPECT(n_bad == 0, "%d of %lld truncations not reported as truncated or corrupt", n_bad,
            (long long)n);
  expect_refused(ctx, "ck_cut.ckpt", "truncated or corrupt", "cut by one byte");

  n_bad = 0;
  for (int64_t k = 0; k < 8 * n; k++) { /* every single flipped bit */
    unsigned char *b = (unsigned char *)malloc((size_t)n);
    memcpy(b, good, (size_t)n);
    b[k / 8] ^= (unsigned char)(1u << (k % 8));
    write_bytes("ck_flip.ckpt", b, n);
    free(b);
    pf_checkpoint r;
    if (pf_checkpoint_read(ctx, "ck_flip.ckpt", &r) != PF_ERR_INPUT || r.state) n_bad++;
    pf_checkpoint_free(&r);
  }
  PF_EXPECT(n_bad == 0, "%d of %lld single-bit flips accepted", n_bad, (long long)(8 * n));
  /* one flip in the state, one in the checksum: both "truncated or corrupt" */
  unsigned char *b = (unsigned char *)malloc((size_t)n + 8);
  memcpy(b, good, (size_t)n);
  b[100] ^= 4;
  write_bytes("ck_flip.ckpt", b, n);
  expect_refused(ctx, "ck_flip.ckpt", "truncated or corrupt", "flipped state bit");
  memcpy(b, good, (size_t)n);
  b[n - 1] ^= 0x80;
  write_bytes("ck_flip.ckpt", b, n);
  expect_refused(ctx, "ck_flip.ckpt", "truncated or corrupt", "flipped checksum bit");

  memcpy(b, good, (size_t)n); /* appended bytes */
  memset(b + n, 0, 8);
  write_bytes("ck_long.ckpt", b, n + 8);
  expect_refused(ctx, "ck_long.ckpt", "truncated or corrupt", "8 bytes appended");

  /* another format version, with a valid checksum */
  memcpy(b, good, (size_t)n);
  const uint32_t v2 = 2;
  memcpy(b + 8, &v2, 4);
  uint64_t sum = pf_hash64(PF_HASH64_INIT, b, (size_t)n - 8);
  memcpy(b + n - 8, &sum, 8);
  write_bytes("ck_v2.ckpt", b, n);
  expect_refused(ctx, "ck_v2.ckpt", "format version 2", "version 2");

  /* the other byte order */
  memcpy(b, good, (size_t)n);
  const uint32_t swapped = 0x04030201u;
  memcpy(b + 12, &swapped, 4);
  write_bytes("ck_be.ckpt", b, n);
  expect_refused(ctx, "ck_be.ckpt", "other byte order", "byte-swapped marker");
  free(b);

  const char *text = "title: not a checkpoint at all, but long enough to have a header\n";
  write_bytes("ck_text.ckpt", (const unsigned char *)text, (int64_t)strlen(text));
  expect_refused(ctx, "ck_text.ckpt", "not a pfsim checkpoint", "a text file");
  write_bytes("ck_text.ckpt", (const unsigned char *)"PFS", 3);
  expect_refused(ctx, "ck_text.ckpt", "truncated or corrupt", "3 bytes of magic");
  free(good);

  pf_checkpoint r;
  unlink("ck_missing.ckpt");
  PF_EXPECT(pf_checkpoint_read(ctx, "ck_missing.ckpt", &r) == PF_ERR_IO &&
                strstr(pf_context_error(ctx), "ck_missing.ckpt"),
            "missing file: PF_ERR_IO naming it (%s)", pf_context_error(ctx));
  PF_EXPECT(pf_checkpoint_read(ctx, ".", &r) == PF_ERR_IO, "a folder: PF_ERR_IO");
  PF_EXPECT(pf_checkpoint_write(ctx, "no_such_folder/x.ckpt", &c) == PF_ERR_IO &&
                strstr(pf_context_error(ctx), "no_such_folder/x.ckpt.tmp"),
            "missing folder: PF_ERR_IO naming the file (%s)", pf_context_error(ctx));
}

enum { BIG_N = 1 << 21 }; /* 16 MiB of state */

/* A write that fails midway leaves the previous checkpoint valid and no temporary: the
 * temporary cannot be created (PATH.tmp is a folder; chmod cannot stop root), and the folder
 * of PATH is missing. */
static void test_failed_write_keeps_previous(pf_context *ctx) {
  double s1[3] = {1, 2, 3}, s2[4] = {9, 9, 9, 9};
  pf_checkpoint c1 = {.model_hash = 11, .step_index = 1, .n_frames = 3, .n_state = 3, .state = s1};
  pf_checkpoint c2 = {.model_hash = 11, .step_index = 2, .n_frames = 4, .n_state = 4, .state = s2};
  unlink("ck_fail.ckpt");
  rmdir("ck_fail.ckpt.tmp");
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_fail.ckpt", &c1) == PF_OK, "first write: %s",
            pf_context_error(ctx));
  PF_EXPECT(mkdir("ck_fail.ckpt.tmp", 0755) == 0, "block the temporary with a folder");
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_fail.ckpt", &c2) == PF_ERR_IO, "second write fails");
  PF_EXPECT(strstr(pf_context_error(ctx), "ck_fail.ckpt.tmp") != NULL, "message names it: %s",
            pf_context_error(ctx));
  rmdir("ck_fail.ckpt.tmp");
  pf_checkpoint r;
  PF_EXPECT(pf_checkpoint_read(ctx, "ck_fail.ckpt", &r) == PF_OK, "previous still reads: %s",
            pf_context_error(ctx));
  PF_EXPECT(r.step_index == 1 && r.n_frames == 3 && r.n_state == 3 && r.state &&
                memcmp(r.state, s1, sizeof(s1)) == 0,
            "previous checkpoint intact");
  pf_checkpoint_free(&r);
  PF_EXPECT(pf_checkpoint_write(ctx, "no_such_dir/ck.ckpt", &c2) == PF_ERR_IO,
            "missing folder: PF_ERR_IO");
  unlink("ck_fail.ckpt");
}

static double big_value(int gen, int64_t i) { return 1e7 * gen + (double)i; }

/* Child: writes generations first_gen, first_gen + 1, ... until killed. */
static void writer_child(pf_context *ctx, int first_gen, double *state) {
  for (int gen = first_gen;; gen++) {
    for (int64_t i = 0; i < BIG_N; i++) state[i] = big_value(gen, i);
    pf_checkpoint c = {.model_hash = (uint64_t)gen,
                       .step_index = gen,
                       .n_frames = gen,
                       .step_time = 1.0 / (gen + 1),
                       .n_state = BIG_N,
                       .state = state};
    if (pf_checkpoint_write(ctx, "ck_kill.ckpt", &c) != PF_OK) _exit(2);
  }
}

/* 1 when r is a whole checkpoint whose state matches its own generation. */
static int consistent(const pf_checkpoint *r) {
  const int gen = r->step_index;
  if (r->n_state != BIG_N || r->model_hash != (uint64_t)gen || r->n_frames != gen) return 0;
  if (r->step_time != 1.0 / (gen + 1)) return 0;
  for (int64_t i = 0; i < BIG_N; i++)
    if (r->state[i] != big_value(gen, i)) return 0;
  return 1;
}

static void test_kill_atomicity(pf_context *ctx) {
  double *state = (double *)malloc((size_t)BIG_N * sizeof(double));
  for (int64_t i = 0; i < BIG_N; i++) state[i] = big_value(0, i);
  pf_checkpoint c0 = {.model_hash = 0, .step_index = 0, .n_frames = 0, .step_time = 1.0};
  c0.n_state = BIG_N;
  c0.state = state;
  unlink("ck_kill.ckpt.tmp");
  double t0 = now_s();
  PF_EXPECT(pf_checkpoint_write(ctx, "ck_kill.ckpt", &c0) == PF_OK, "initial write: %s",
            pf_context_error(ctx));
  const double t_write = now_s() - t0;
  pf_checkpoint r;
  t0 = now_s();
  PF_EXPECT(pf_checkpoint_read(ctx, "ck_kill.ckpt", &r) == PF_OK, "initial read");
  const double t_read = now_s() - t0;
  pf_checkpoint_free(&r);
  printf("checkpoint of 16 MiB: write (with fsync) %.3f s, read + checksum %.3f s\n", t_write,
         t_read);

  /* kill delays spread over about two writes, from a fixed-seed generator; at least 24 rounds,
   * and on until 6 kills have caught a temporary file (at most 300 rounds) */
  uint64_t seed = 12345;
  int rounds = 0, tmp_seen = 0, mid_write = 0, advanced = 0, last_gen = 0;
  for (int round = 0; round < 300 && (round < 24 || tmp_seen < 6); round++, rounds++) {
    const int first_gen = 1000 * (round + 1);
    pid_t pid = fork();
    if (pid == 0) writer_child(ctx, first_gen, state);
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    const double frac = (double)(seed >> 11) / 9007199254740992.0;
    usleep((useconds_t)(1e6 * (0.002 + frac * 2.5 * (t_write + 0.01))));
    kill(pid, SIGKILL);
    int wst = 0;
    waitpid(pid, &wst, 0);
    PF_EXPECT(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGKILL, "round %d: child killed (status %d)",
              round, wst);
    const int rc = pf_checkpoint_read(ctx, "ck_kill.ckpt", &r);
    PF_EXPECT(rc == PF_OK, "round %d: checkpoint unreadable after SIGKILL: %s", round,
              pf_context_error(ctx));
    if (rc == PF_OK) {
      PF_EXPECT(consistent(&r), "round %d: checkpoint of generation %d is not whole", round,
                r.step_index);
      PF_EXPECT(r.step_index == last_gen || r.step_index >= first_gen,
                "round %d: generation %d is neither the previous (%d) nor a new one", round,
                r.step_index, last_gen);
      advanced += r.step_index != last_gen;
      last_gen = r.step_index;
    }
    pf_checkpoint_free(&r);
    const int64_t tmp_size = file_size("ck_kill.ckpt.tmp");
    tmp_seen += tmp_size >= 0; /* killed between creating the temporary and the rename */
    /* a temporary of full size (64 + 8 n bytes) was killed between its fsync and the rename: it
     * is whole and may read back; anything shorter must be refused */
    if (tmp_size >= 0 && tmp_size < 64 + 8 * (int64_t)BIG_N) {
      mid_write++; /* caught half-written: it must never pass for a checkpoint */
      PF_EXPECT(pf_checkpoint_read(ctx, "ck_kill.ckpt.tmp", &r) == PF_ERR_INPUT,
                "round %d: a half-written temporary (%lld bytes) was accepted", round,
                (long long)tmp_size);
      pf_checkpoint_free(&r);
    }
  }
  printf(
      "SIGKILL rounds: %d; killed while the temporary existed: %d (half-written: %d); "
      "checkpoint advanced: %d\n",
      rounds, tmp_seen, mid_write, advanced);
  PF_EXPECT(tmp_seen >= 6,
            "only %d kills landed between writing and renaming: the test did not "
            "exercise atomicity",
            tmp_seen);
  free(state);
  unlink("ck_kill.ckpt");
  unlink("ck_kill.ckpt.tmp");
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  test_round_trip(ctx);
  test_damaged(ctx);
  test_failed_write_keeps_previous(ctx);
  test_kill_atomicity(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("test_output_checkpoint");
}
