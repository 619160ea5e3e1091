/*
 * Benchmark of the element kernels (ctest label bench; not a test: it asserts nothing but a
 * finite checksum). Prints a table: microseconds per element for each kernel on one thread, and
 * the wall time of a tet10 stiffness pass over 230k elements (the element count of a 1M-unknown
 * tet10 mesh) on 1 and 2 OpenMP threads, as an assembly loop would call it (without scatter).
 * Usage: bench_fem_kernels [n_elements]
 */
#include <omp.h>
#include <stdlib.h>

#include "fem_test_util.h"
#include "pf_test.h"

static double now(void) { return omp_get_wtime(); }

static void cpu_name(char *buf, size_t n) {
  snprintf(buf, n, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof(line), f))
    if (!strncmp(line, "model name", 10)) {
      const char *c = strchr(line, ':');
      if (c) snprintf(buf, n, "%s", c + 2);
      buf[strcspn(buf, "\n")] = 0;
      break;
    }
  fclose(f);
}

typedef enum { K_STIFF, K_STRAIN, K_BODY } kernel;

/* Runs a kernel over ne elements stored in X (nn nodes each), threads; returns seconds. */
static double run(kernel k, pf_elem_type type, int64_t ne, const double *X, const double *D,
                  int threads, double *checksum) {
  const int nn = pf_elem_nodes(type), nd = 3 * nn;
  double sum = 0.0;
  const double t0 = now();
#pragma omp parallel for schedule(static) num_threads(threads) reduction(+ : sum)
  for (int64_t e = 0; e < ne; e++) {
    double Ke[PF_MAX_DOF * PF_MAX_DOF], u[PF_MAX_DOF], s[6], sg[6], j;
    const double *Xe = X + (size_t)e * 3 * nn;
    switch (k) {
      case K_STIFF:
        pf_fem_solid_stiffness(type, Xe, D, Ke);
        sum += Ke[(e % nd) * nd + (e * 7) % nd];
        break;
      case K_STRAIN:
        for (int a = 0; a < nd; a++) u[a] = 1e-3 * Xe[a];
        pf_fem_solid_strain_stress(type, Xe, u, D, s, sg, &j);
        sum += s[0] + sg[3] + j;
        break;
      case K_BODY: {
        const double b[3] = {0, 0, -1};
        pf_fem_body_force(type, Xe, b, Ke);
        sum += Ke[e % nd];
        break;
      }
    }
  }
  *checksum += sum;
  return now() - t0;
}

int main(int argc, char **argv) {
  const int64_t ne = argc > 1 ? atoll(argv[1]) : 230000;
  char cpu[256];
  cpu_name(cpu, sizeof(cpu));
  printf("bench_fem_kernels: %lld elements per type; CPU %s; %d cores available\n", (long long)ne,
         cpu, omp_get_num_procs());
  double D[36];
  pf_fem_isotropic_D(210.0, 0.3, D);
  const pf_elem_type types[3] = {PF_ELEM_TET4, PF_ELEM_TET10, PF_ELEM_HEX8};
  const char *kn[3] = {"stiffness", "strain_stress", "body_force"};
  double checksum = 0.0;
  printf("%-8s %-14s %12s %12s %12s\n", "type", "kernel", "us/elem 1t", "total 1t s", "total 2t s");
  for (int t = 0; t < 3; t++) {
    const int nn = pf_elem_nodes(types[t]);
    double *X = malloc(sizeof(double) * 3 * nn * (size_t)ne);
    for (int64_t e = 0; e < ne; e++)
      ft_distorted(types[t], 0.2, types[t] == PF_ELEM_TET10 ? 0.03 : 0.0, (unsigned long long)e + 1,
                   X + (size_t)e * 3 * nn);
    for (int k = 0; k < 3; k++) {
      run((kernel)k, types[t], ne < 2000 ? ne : 2000, X, D, 1, &checksum); /* warm-up */
      double t1 = INFINITY, t2 = INFINITY;
      for (int rep = 0; rep < 3; rep++) {
        t1 = fmin(t1, run((kernel)k, types[t], ne, X, D, 1, &checksum));
        t2 = fmin(t2, run((kernel)k, types[t], ne, X, D, 2, &checksum));
      }
      printf("%-8s %-14s %12.3f %12.4f %12.4f\n", pf_elem_name(types[t]), kn[k], 1e6 * t1 / ne, t1,
             t2);
    }
    free(X);
  }
  /* face loads */
  {
    double Xf[18], fe[18];
    const double tr[3] = {0.1, 0.2, 0.3};
    unsigned long long seed = 5;
    for (int k = 0; k < 18; k++) Xf[k] = ft_rand(&seed);
    const pf_face_type fts[3] = {PF_FACE_TRI3, PF_FACE_TRI6, PF_FACE_QUAD4};
    for (int f = 0; f < 3; f++) {
      const int64_t n = 1000000;
      const double t0 = now();
      for (int64_t i = 0; i < n; i++) {
        Xf[i % 18] += 1e-12;
        pf_fem_face_load(fts[f], Xf, 0.5, tr, fe);
        checksum += fe[i % (3 * pf_face_nodes(fts[f]))];
      }
      const double dt = now() - t0;
      printf("%-8s %-14s %12.3f\n", pf_face_name(fts[f]), "face_load", 1e6 * dt / n);
    }
  }
  PF_EXPECT(isfinite(checksum), "checksum");
  return pf_test_result("bench_fem_kernels");
}
