/*
 * Benchmark (label bench): many small frames, as a finite-strain run with hundreds of increments
 * writes them. A 2000-node, 1000-tet4 + 100-truss2 model; each frame has displacement, strain,
 * stress, von Mises, min J, axial force, 5 bodies, 3 joints, 4 regions and an 8-iteration Newton
 * log, and is flushed. Prints the mean time per frame over the first and the last 50 frames (they
 * must be alike: writing must not slow down as /steps grows), the close (status, fsync, rename,
 * XDMF sidecar of every frame) and the file and sidecar sizes. Fails only when the last frames are
 * more than 5x slower than the first ones (quadratic growth), which noise cannot cause.
 * Usage: bench_output_frames [FRAMES [FOLDER]]   (default 200 frames)
 */
#include <stdio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "output_test_util.h"

enum { NN = 2000, NT = 1000, NB = 100 };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long long size_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

int main(int argc, char **argv) {
  const int n_frames = argc > 1 ? atoi(argv[1]) : 200;
  const char *dir = argc > 2 ? argv[2] : ".";
  char path[1024], xdmf[1024];
  snprintf(path, sizeof(path), "%s/bench_frames.h5", dir);
  snprintf(xdmf, sizeof(xdmf), "%s/bench_frames.xdmf", dir);
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  pf_mesh *m = NULL;
  pf_mesh_create(ctx, &m);
  m->n_nodes = NN;
  m->x = (double *)malloc(3 * NN * sizeof(double));
  m->node_ids = (int64_t *)malloc(NN * sizeof(int64_t));
  for (int64_t i = 0; i < NN; i++) {
    for (int c = 0; c < 3; c++) m->x[3 * i + c] = (double)((i * (c + 3)) % 97);
    m->node_ids[i] = i + 1;
  }
  int64_t conn[4 * NT], truss[2 * NB];
  for (int64_t e = 0; e < NT; e++)
    for (int k = 0; k < 4; k++) conn[4 * e + k] = (2 * e + k) % NN;
  for (int64_t e = 0; e < NB; e++) truss[2 * e] = e, truss[2 * e + 1] = e + 1;
  test_set_block(m, PF_ELEM_TET4, NT, conn, 1);
  test_set_block(m, PF_ELEM_TRUSS2, NB, truss, NT + 1);

  pf_output *out = NULL;
  int ierr = pf_output_open(ctx, path, NULL, &out);
  if (!ierr) ierr = pf_output_write_mesh(out, m, 0, NULL, NULL);
  static double u[3 * NN], s6[6 * NT], s1[NT], ax[NB];
  pf_output_body bodies[5] = {{.name = "calcaneus"},
                              {.name = "talus"},
                              {.name = "mt1"},
                              {.name = "toe1"},
                              {.name = "tibia"}};
  pf_output_joint joints[3] = {{.name = "ankle"}, {.name = "mtp1"}, {.name = "midfoot"}};
  const char *regions[4] = {"soft_tissue", "fascia", "ligament", "skin"};
  double rmin[4] = {0.9, 0.95, 1.0, 0.99}, res[8], en[8];
  int fact[8] = {1, 0, 0, 0, 1, 0, 0, 0};
  double t_first = 0, t_last = 0, bucket = 0;
  const double t_start = now_s();
  for (int k = 0; k < n_frames && !ierr; k++) {
    for (int i = 0; i < 3 * NN; i++) u[i] = 1e-3 * k + 1e-7 * i;
    for (int i = 0; i < 6 * NT; i++) s6[i] = 0.01 * k + 1e-6 * i;
    for (int i = 0; i < NT; i++) s1[i] = 1.0 - 1e-5 * i;
    for (int i = 0; i < NB; i++) ax[i] = 10.0 * k + i;
    for (int i = 0; i < 8; i++) res[i] = 1.0 / (1 << (3 * i)), en[i] = res[i] * res[i];
    for (int b = 0; b < 5; b++) bodies[b].translation[2] = -0.01 * k;
    for (int j = 0; j < 3; j++) joints[j].angle_deg[0] = 0.1 * k;
    pf_output_frame fr = {.step_name = "standing",
                          .step_index = k / 100,
                          .load_factor = 0.01 * (k % 100 + 1),
                          .converged = 1,
                          .displacement = u,
                          .n_bodies = 5,
                          .bodies = bodies,
                          .n_joints = 3,
                          .joints = joints,
                          .n_regions = 4,
                          .region_names = regions,
                          .region_min_J = rmin,
                          .n_newton = 8,
                          .newton_residual = res,
                          .newton_energy = en,
                          .newton_factorised = fact};
    fr.strain[PF_ELEM_TET4] = fr.stress[PF_ELEM_TET4] = s6;
    fr.von_mises[PF_ELEM_TET4] = fr.min_J[PF_ELEM_TET4] = s1;
    fr.axial_force[PF_ELEM_TRUSS2] = ax;
    const double t0 = now_s();
    ierr = pf_output_write_frame(out, &fr);
    const double dt = now_s() - t0;
    if (k < 50) t_first += dt;
    if (k >= n_frames - 50) t_last += dt;
    bucket += dt;
    if (getenv("PF_BENCH_BUCKETS") && (k + 1) % 100 == 0) {
      fprintf(stderr, "frames %d-%d: %.2f ms per frame\n", k - 99, k, 10.0 * bucket);
      bucket = 0;
    }
  }
  const double t_frames = now_s() - t_start, t0 = now_s();
  if (!ierr) ierr = pf_output_close(&out, "complete", "");
  const double t_close = now_s() - t0;
  if (ierr) {
    fprintf(stderr, "bench_output_frames: %s\n", pf_context_error(ctx));
    pf_output_close(&out, "failed", "");
    return 1;
  }
  struct utsname un;
  uname(&un);
  const int n50 = n_frames < 50 ? n_frames : 50;
  printf("machine: %s %s, %ld CPUs online\n", un.nodename, un.machine,
         sysconf(_SC_NPROCESSORS_ONLN));
  printf(
      "| frames | all frames | mean, first 50 | mean, last 50 | close + sidecar | .h5 | .xdmf |\n");
  printf("| %d | %.3f s | %.2f ms | %.2f ms | %.3f s | %.1f MiB | %.0f KiB |\n", n_frames, t_frames,
         1e3 * t_first / n50, 1e3 * t_last / n50, t_close, size_of(path) / 1048576.0,
         size_of(xdmf) / 1024.0);
  pf_mesh_destroy(&m);
  pf_context_destroy(&ctx);
  if (t_last > 5.0 * t_first + 0.05) {
    fprintf(stderr, "bench_output_frames: the last frames are %.1fx slower than the first\n",
            t_last / t_first);
    return 1;
  }
  return 0;
}
