/*
 * Benchmark (label bench, not a test of correctness): writing a 1M-unknown result, 330k nodes and
 * 230k tet10, the mesh and two frames (displacement, strain, stress, von Mises, min J, fibre
 * strain), then close (fsync, rename, XDMF sidecar). Prints a table with the machine's name and
 * fails only when the whole write takes more than 10 s (the target is about 2 s).
 * Usage: bench_output [FOLDER [DEFLATE_LEVEL]]   (level 0 = the default, 1; -1 = uncompressed)
 */
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "output_test_util.h"

enum { N_NODES = 330000, N_TET10 = 230000 };

/* CPU seconds of this process (the machine may be shared: wall time alone depends on load). */
static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Deterministic pseudo-random doubles in [0, 1) (the low mantissa bits of FE results are noise). */
static double rnd(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*s >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  const int level = argc > 2 ? atoi(argv[2]) : 0;
  char path[1024];
  snprintf(path, sizeof(path), "%s/bench_output.h5", dir);
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  pf_mesh *m = NULL;
  pf_mesh_create(ctx, &m);
  uint64_t seed = 42;
  m->n_nodes = N_NODES;
  m->x = (double *)malloc(3 * (size_t)N_NODES * sizeof(double));
  m->node_ids = (int64_t *)malloc((size_t)N_NODES * sizeof(int64_t));
  for (int64_t i = 0; i < N_NODES; i++) {
    for (int c = 0; c < 3; c++) m->x[3 * i + c] = 250.0 * rnd(&seed);
    m->node_ids[i] = i + 1;
  }
  int64_t *conn = (int64_t *)malloc(10 * (size_t)N_TET10 * sizeof(int64_t));
  for (int64_t e = 0; e < N_TET10; e++)
    for (int k = 0; k < 10; k++) {
      int64_t n = e * N_NODES / N_TET10 + (int64_t)(40 * rnd(&seed));
      conn[10 * e + k] = n < N_NODES ? n : N_NODES - 1;
    }
  test_set_block(m, PF_ELEM_TET10, N_TET10, conn, 1);
  free(conn);
  int32_t *region = (int32_t *)malloc((size_t)N_TET10 * sizeof(int32_t));
  for (int64_t e = 0; e < N_TET10; e++) region[e] = (int32_t)(e % 7 == 0);
  double *u = (double *)malloc(3 * (size_t)N_NODES * sizeof(double));
  double *f6[2], *f1[3];
  for (int k = 0; k < 2; k++) f6[k] = (double *)malloc(6 * (size_t)N_TET10 * sizeof(double));
  for (int k = 0; k < 3; k++) f1[k] = (double *)malloc((size_t)N_TET10 * sizeof(double));
  for (int64_t i = 0; i < 3 * N_NODES; i++) u[i] = 0.01 * m->x[i] + 1e-6 * rnd(&seed);
  for (int k = 0; k < 2; k++)
    for (int64_t i = 0; i < 6 * N_TET10; i++) f6[k][i] = 0.05 * rnd(&seed);
  for (int k = 0; k < 3; k++)
    for (int64_t i = 0; i < N_TET10; i++) f1[k][i] = k == 2 && i % 7 ? NAN : 1.0 + rnd(&seed);
  const char *regions[2] = {"soft_tissue", "fascia"};

  double t[6], c[6];
  t[0] = pf_wtime();
  c[0] = cpu_s();
  pf_output *out = NULL;
  pf_output_meta meta = {.title = "bench", .threads = 1, .deflate_level = level};
  int ierr = pf_output_open(ctx, path, &meta, &out);
  if (!ierr) ierr = pf_output_write_mesh(out, m, 2, regions, region);
  t[1] = pf_wtime();
  c[1] = cpu_s();
  for (int frame = 0; frame < 2 && !ierr; frame++) {
    pf_output_frame fr = {
        .step_name = "load", .load_factor = frame + 1.0, .converged = 1, .displacement = u};
    fr.strain[PF_ELEM_TET10] = f6[0];
    fr.stress[PF_ELEM_TET10] = f6[1];
    fr.von_mises[PF_ELEM_TET10] = f1[0];
    fr.min_J[PF_ELEM_TET10] = f1[1];
    fr.fibre_strain[PF_ELEM_TET10] = f1[2];
    ierr = pf_output_write_frame(out, &fr);
    t[2 + frame] = pf_wtime();
    c[2 + frame] = cpu_s();
  }
  if (!ierr) ierr = pf_output_close(&out, "complete", "");
  t[4] = pf_wtime();
  c[4] = cpu_s();
  if (ierr) fprintf(stderr, "bench_output: %s\n", pf_context_error(ctx));

  struct stat st;
  stat(path, &st);
  const double raw = 8.0 * (3.0 * N_NODES + N_NODES + 10.0 * N_TET10 + 0.5 * N_TET10 + N_TET10) +
                     2 * 8.0 * (3.0 * N_NODES + 15.0 * N_TET10);
  struct utsname un;
  uname(&un);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  printf("bench_output on %s (%s, %ld CPUs), deflate_level %d, %d nodes, %d tet10\n", un.nodename,
         un.machine, cpus, level, N_NODES, N_TET10);
  double load[3] = {0, 0, 0};
  FILE *fl = fopen("/proc/loadavg", "r");
  if (fl) {
    if (fscanf(fl, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
    fclose(fl);
  }
  printf("load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  printf("| phase                  | wall s  | CPU s   |\n");
  printf("|------------------------|---------|---------|\n");
  const char *phase[4] = {"open + mesh", "frame 0000", "frame 0001", "close (fsync, xdmf)"};
  for (int k = 0; k < 4; k++)
    printf("| %-22s | %7.3f | %7.3f |\n", phase[k], t[k + 1] - t[k], c[k + 1] - c[k]);
  printf("| %-22s | %7.3f | %7.3f |\n", "total", t[4] - t[0], c[4] - c[0]);
  printf("file %.1f MiB for %.1f MiB of data (ratio %.2f)\n", st.st_size / 1048576.0,
         raw / 1048576.0, raw / (double)st.st_size);

  for (int k = 0; k < 2; k++) free(f6[k]);
  for (int k = 0; k < 3; k++) free(f1[k]);
  free(u);
  free(region);
  pf_mesh_destroy(&m);
  pf_context_destroy(&ctx);
  unlink(path);
  snprintf(path, sizeof(path), "%s/bench_output.xdmf", dir);
  unlink(path);
  return ierr || t[4] - t[0] > 10.0;
}
