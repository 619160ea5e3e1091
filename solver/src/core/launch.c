/*
 * The launch environment: settings read when a library loads (OpenBLAS's kernel, GNU OpenMP's
 * wait policy, glibc's malloc tunables) cannot be changed inside main, so pfsim re-executes
 * itself once with them set (see pf_blas.h for the settings and why). A value the user set is
 * never overridden.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pf_blas.h"
#include "core/pf_core.h"

int pf_launch_thp_mode(void) {
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return 0;
  char line[256] = "";
  int mode = 0;
  if (fgets(line, sizeof(line), f)) {
    if (strstr(line, "[madvise]"))
      mode = 1;
    else if (strstr(line, "[always]"))
      mode = 2;
  }
  fclose(f);
  return mode;
}

int pf_launch_reexec_if_needed(char **argv) {
  if (getenv("PFSIM_REEXEC")) return 0; /* already re-executed, or disabled by the user */
  const char *best = pf_blas_best_kernel(), *current = pf_blas_kernel();
  const int kernel = !getenv("OPENBLAS_CORETYPE") && best && current &&
                     pf_blas_kernel_rank(current) >= 0 &&
                     pf_blas_kernel_rank(current) < pf_blas_kernel_rank(best);
  const int wait = !getenv("OMP_WAIT_POLICY");
  const int huge = !getenv("GLIBC_TUNABLES") && pf_launch_thp_mode() == 1;
  if (!kernel && !wait && !huge) return 0;
  char what[64] = "";
  if (kernel) {
    setenv("OPENBLAS_CORETYPE", best, 1);
    strcat(what, "kernel");
  }
  if (wait) {
    setenv("OMP_WAIT_POLICY", "passive", 1);
    strcat(what, what[0] ? ",wait-policy" : "wait-policy");
  }
  if (huge) {
    setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1);
    strcat(what, what[0] ? ",hugepages" : "hugepages");
  }
  setenv("PFSIM_REEXEC", what, 1);
  execv("/proc/self/exe", argv);
  unsetenv("PFSIM_REEXEC"); /* exec failed (no /proc): carry on as we are */
  return -1;
}
