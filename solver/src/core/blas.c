/*
 * OpenBLAS provenance and kernel selection.
 *
 * Debian's OpenBLAS 0.3.21 does not know recent CPUs and falls back to an older kernel (Haswell
 * or even Prescott: DGEMM 15 GFLOP/s per core instead of 79 with SkylakeX, platform.md). The
 * kernel is chosen when the library loads, from OPENBLAS_CORETYPE, so setting it inside main does
 * nothing: pfsim re-executes itself with OPENBLAS_CORETYPE set to the best kernel this CPU
 * supports (core/launch.c). A value the user set is never overridden.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pf_core.h"
#include "core/pf_blas.h"

/* OpenBLAS extensions (cblas.h declares them, but pfsim does not need the CBLAS header). */
char *openblas_get_corename(void);
char *openblas_get_config(void);
int openblas_get_parallel(void);
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);

const char *pf_blas_kernel(void) { return openblas_get_corename(); }
const char *pf_blas_config(void) { return openblas_get_config(); }

const char *pf_blas_threading(void) {
  switch (openblas_get_parallel()) {
    case 0:
      return "serial";
    case 1:
      return "pthread";
    case 2:
      return "openmp";
    default:
      return "unknown";
  }
}

void pf_blas_set_threads(int n) { openblas_set_num_threads(n < 1 ? 1 : n); }
int pf_blas_threads(void) { return openblas_get_num_threads(); }

pf_blas_saved pf_blas_threads_begin(int n) {
  /* the OpenMP OpenBLAS's openblas_set_num_threads also sets OpenMP's default team size */
  const pf_blas_saved s = {openblas_get_num_threads(), omp_get_max_threads()};
  openblas_set_num_threads(n < 1 ? 1 : n);
  return s;
}

void pf_blas_threads_end(pf_blas_saved s) {
  openblas_set_num_threads(s.blas);
  omp_set_num_threads(s.omp);
}

/* Generations of x86-64 kernels that matter here; equal ranks are equivalent code paths (Zen uses
 * the Haswell kernels in 0.3.21). Unknown names rank -1 and are never replaced. */
int pf_blas_kernel_rank(const char *name) {
  static const struct {
    const char *name;
    int rank;
  } table[] = {{"prescott", 0},      {"atom", 0},        {"core2", 1},     {"penryn", 1},
               {"dunnington", 1},    {"barcelona", 1},   {"nehalem", 2},   {"bulldozer", 2},
               {"piledriver", 2},    {"steamroller", 2}, {"excavator", 2}, {"sandybridge", 3},
               {"haswell", 4},       {"zen", 4},         {"skylakex", 5},  {"cooperlake", 6},
               {"sapphirerapids", 7}};
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
    if (!strcasecmp(name, table[i].name)) return table[i].rank;
  return -1;
}

const char *pf_blas_best_kernel(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512cd"))
    return __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
  if (__builtin_cpu_supports("avx")) return "Sandybridge";
  if (__builtin_cpu_supports("sse4.2")) return "Nehalem";
#endif
  return NULL;
}
