/*
 * Status semantics and crash safety of result files (DESIGN.md "Result file", docs/results.md):
 * - "failed" is renamed to OUT.h5 and carries its message; "interrupted" stays OUT.h5.part;
 * - a run killed with SIGKILL after a flushed frame leaves only OUT.h5.part, which
 *   pf_summary_read reads with status "running" and whose frame is intact;
 * - a .part held open by a running writer in another process is still readable (file locking),
 *   and a second run writing the same file is refused before HDF5 could truncate it;
 * - an existing OUT.h5 is replaced only at close, atomically; a second writer of the same file is
 *   refused without harming the first.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output_test_util.h"

static const double disp[12] = {0, 0, 0, 0.1, 0, 0, 0, 0.2, 0, 0, 0, 0.3};

static void remove_all(const char *base) {
  const char *ext[] = {".h5", ".h5.part", ".xdmf", ".part.xdmf"};
  char p[256];
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof(p), "%s%s", base, ext[i]);
    unlink(p);
  }
}

/* Opens base.h5, writes the tiny mesh and one frame. Returns the open output (NULL on failure). */
static pf_output *start_run(pf_context *ctx, const char *path) {
  pf_output_meta meta = {.title = "status test", .threads = 1};
  pf_output *out = NULL;
  if (pf_output_open(ctx, path, &meta, &out)) return NULL;
  pf_mesh *m = test_tiny_mesh(ctx);
  const char *regions[1] = {"soft"};
  const int32_t reg[1] = {0};
  int ierr = pf_output_write_mesh(out, m, 1, regions, reg);
  pf_mesh_destroy(&m);
  pf_output_frame fr = {
      .step_name = "load", .load_factor = 1.0, .converged = 1, .displacement = disp};
  if (!ierr) ierr = pf_output_write_frame(out, &fr);
  if (ierr) {
    fprintf(stderr, "start_run: %s\n", pf_context_error(ctx));
    pf_output_close(&out, "failed", "test set-up failed");
  }
  return out;
}

static void expect_summary(pf_context *ctx, const char *path, const char *status,
                           const char *message, double value) {
  pf_summary *s = NULL;
  int rc = pf_summary_read(ctx, path, &s);
  PF_EXPECT(rc == PF_OK, "summary of %s: %s", path, pf_context_error(ctx));
  if (!s) return;
  PF_EXPECT(strcmp(s->status, status) == 0, "%s: status '%s', expected '%s'", path, s->status,
            status);
  if (message) PF_EXPECT(strcmp(s->message, message) == 0, "%s: message '%s'", path, s->message);
  if (!isnan(value)) PF_EXPECT(s->n == 1 && s->values[0] == value, "%s: summary value", path);
  pf_summary_destroy(&s);
}

static void test_failed(pf_context *ctx) {
  remove_all("st_failed");
  pf_output *out = start_run(ctx, "st_failed.h5");
  PF_EXPECT(out != NULL, "start failed run");
  PF_EXPECT(pf_output_close(&out, "failed", "increment 3 did not converge") == PF_OK, "close");
  PF_EXPECT(file_exists("st_failed.h5") && !file_exists("st_failed.h5.part"), "failed: renamed");
  PF_EXPECT(file_exists("st_failed.xdmf"), "failed: sidecar written");
  expect_summary(ctx, "st_failed.h5", "failed", "increment 3 did not converge", NAN);
}

static void test_interrupted(pf_context *ctx) {
  remove_all("st_int");
  pf_output *out = start_run(ctx, "st_int.h5");
  PF_EXPECT(out != NULL, "start interrupted run");
  PF_EXPECT(pf_output_close(&out, "interrupted", "SIGTERM") == PF_OK, "close");
  PF_EXPECT(!file_exists("st_int.h5") && file_exists("st_int.h5.part"), "interrupted: .part kept");
  PF_EXPECT(file_exists("st_int.part.xdmf") && !file_exists("st_int.xdmf"),
            "interrupted: sidecar of the .part");
  char *x = read_text("st_int.part.xdmf");
  PF_EXPECT(x && strstr(x, ">st_int.h5.part:/mesh/nodes<"), "sidecar refers to the .part");
  free(x);
  expect_summary(ctx, "st_int.h5.part", "interrupted", "SIGTERM", NAN);
  pf_summary *s = NULL;
  PF_EXPECT(pf_summary_read(ctx, "st_int.h5", &s) == PF_ERR_IO, "no OUT.h5 yet");
  PF_EXPECT(strstr(pf_context_error(ctx), "st_int.h5.part") != NULL,
            "the message points at the .part: %s", pf_context_error(ctx));
}

static void test_killed(pf_context *ctx) {
  remove_all("st_kill");
  pid_t pid = fork();
  if (pid == 0) {
    pf_output *out = start_run(ctx, "st_kill.h5");
    if (out) kill(getpid(), SIGKILL); /* killed after a flushed frame, never closed */
    _exit(3);
  }
  int wst = 0;
  waitpid(pid, &wst, 0);
  PF_EXPECT(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGKILL, "child was killed");
  PF_EXPECT(!file_exists("st_kill.h5") && file_exists("st_kill.h5.part"), "killed: only .part");
  PF_EXPECT(!file_exists("st_kill.xdmf"), "killed: no sidecar");
  expect_summary(ctx, "st_kill.h5.part", "running", "", NAN);
  hid_t f = H5Fopen("st_kill.h5.part", H5F_ACC_RDONLY, H5P_DEFAULT);
  PF_EXPECT(f >= 0, "killed .part opens with HDF5");
  double *u = f >= 0 ? h5_read_f64(f, "/steps/0000/displacement") : NULL;
  PF_EXPECT(u && u[3] == 0.1 && u[11] == 0.3, "killed .part: frame 0000 intact");
  free(u);
  if (f >= 0) H5Fclose(f);
}

/* A writer in another process holds the .part open (and locked) while we read it. */
static void test_read_while_running(pf_context *ctx) {
  remove_all("st_live");
  int up[2], down[2];
  PF_EXPECT(pipe(up) == 0 && pipe(down) == 0, "pipes");
  pid_t pid = fork();
  if (pid == 0) {
    pf_output *out = start_run(ctx, "st_live.h5");
    char c = out ? 'r' : 'x';
    if (write(up[1], &c, 1) != 1 || read(down[0], &c, 1) != 1) _exit(2);
    _exit(pf_output_close(&out, "complete", "ok") == PF_OK ? 0 : 1);
  }
  char c = 0;
  PF_EXPECT(read(up[0], &c, 1) == 1 && c == 'r', "writer started");
  expect_summary(ctx, "st_live.h5.part", "running", "", NAN);
  /* HDF5 would truncate the live .part before seeing its lock: the writer must refuse first */
  pf_output *rival = NULL;
  PF_EXPECT(pf_output_open(ctx, "st_live.h5", NULL, &rival) == PF_ERR_IO && !rival,
            "a second run writing the same file is refused");
  PF_EXPECT(strstr(pf_context_error(ctx), "open in another program") != NULL, "message: %s",
            pf_context_error(ctx));
  PF_EXPECT(write(down[1], "g", 1) == 1, "tell the writer to finish");
  int wst = 0;
  waitpid(pid, &wst, 0);
  PF_EXPECT(WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "writer finished");
  expect_summary(ctx, "st_live.h5", "complete", "ok", NAN);
  hid_t f = H5Fopen("st_live.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
  double *u = f >= 0 ? h5_read_f64(f, "/steps/0000/displacement") : NULL;
  PF_EXPECT(u && u[3] == 0.1 && u[11] == 0.3, "the running writer's frame survived the rival");
  free(u);
  if (f >= 0) H5Fclose(f);
  close(up[0]);
  close(up[1]);
  close(down[0]);
  close(down[1]);
}

static void test_overwrite(pf_context *ctx) {
  remove_all("st_over");
  const char *names[1] = {"v"};
  double v = 1.0;
  pf_output *out = start_run(ctx, "st_over.h5");
  pf_output_write_summary(out, 1, names, &v);
  PF_EXPECT(pf_output_close(&out, "complete", "first") == PF_OK, "first run");

  out = start_run(ctx, "st_over.h5");
  PF_EXPECT(out != NULL, "second run opens");
  expect_summary(ctx, "st_over.h5", "complete", "first", 1.0); /* old file untouched */
  pf_output *rival = NULL;
  PF_EXPECT(pf_output_open(ctx, "st_over.h5", NULL, &rival) == PF_ERR_IO && !rival,
            "a second writer of the same file is refused");
  PF_EXPECT(strstr(pf_context_error(ctx), "st_over.h5.part") != NULL, "message names the file: %s",
            pf_context_error(ctx));
  v = 2.0;
  PF_EXPECT(pf_output_write_summary(out, 1, names, &v) == PF_OK, "first writer still works");
  expect_summary(ctx, "st_over.h5", "complete", "first", 1.0);
  PF_EXPECT(pf_output_close(&out, "complete", "second") == PF_OK, "close second");
  expect_summary(ctx, "st_over.h5", "complete", "second", 2.0);
  PF_EXPECT(!file_exists("st_over.h5.part"), "no .part left");

  /* a run that fails before writing its mesh replaces OUT.h5 and removes the stale sidecar */
  PF_EXPECT(file_exists("st_over.xdmf"), "sidecar of the second run");
  PF_EXPECT(pf_output_open(ctx, "st_over.h5", NULL, &out) == PF_OK, "third run");
  PF_EXPECT(pf_output_close(&out, "failed", "bad configuration") == PF_OK, "close third");
  expect_summary(ctx, "st_over.h5", "failed", "bad configuration", NAN);
  PF_EXPECT(!file_exists("st_over.xdmf"), "stale sidecar removed");

  /* an unknown status never produces a file that looks complete */
  out = start_run(ctx, "st_over.h5");
  PF_EXPECT(pf_output_close(&out, "finished", "x") == PF_ERR_INTERNAL, "unknown status refused");
  expect_summary(ctx, "st_over.h5", "failed", NULL, NAN);
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  test_failed(ctx);
  test_interrupted(ctx);
  test_killed(ctx);
  test_read_while_running(ctx);
  test_overwrite(ctx);
  PF_EXPECT(pf_output_close(NULL, "complete", "") == PF_OK, "close(NULL) is safe");
  PF_EXPECT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "HDF5 objects left open: %zd",
            H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL));
  pf_context_destroy(&ctx);
  return pf_test_result("test_output_status");
}
