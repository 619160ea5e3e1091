/* pfsim --version: version, git hash, build options, BLAS kernel and threading variant. */
#include <cholmod.h>
#include <hdf5.h>
#include <metis.h>
#include <stdlib.h>
#include <string.h>
#include <umfpack.h>
#include <yaml.h>

#include "cli/pf_cli.h"
#include "core/pf_blas.h"
#include "core/pf_core.h"
#include "pf_buildinfo.h"

/* Who chose an environment setting: the user, or pfsim's re-execution. */
static const char *origin(const char *var, const char *reexec_reason) {
  const char *r = getenv("PFSIM_REEXEC");
  if (!getenv(var)) return "unset";
  return r && strstr(r, reexec_reason) ? "set by pfsim" : "set by the user";
}

int pf_cmd_version(int argc, char **argv) {
  (void)argc;
  (void)argv;
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 4;
  unsigned h5maj, h5min, h5rel;
  H5get_libversion(&h5maj, &h5min, &h5rel);
  const char *core = getenv("OPENBLAS_CORETYPE");
  const char *wait = getenv("OMP_WAIT_POLICY");
  printf("pfsim %s (git %s)\n", pf_version(), pf_git_hash());
  printf("build: %s, %s, flags '%s'\n", PF_BUILD_TYPE, PF_BUILD_COMPILER, PF_BUILD_FLAGS);
  printf("blas: OpenBLAS kernel %s, threading %s (best for this CPU: %s)\n", pf_blas_kernel(),
         pf_blas_threading(), pf_blas_best_kernel() ? pf_blas_best_kernel() : "unknown");
  printf("blas config: %s\n", pf_blas_config());
  printf("OPENBLAS_CORETYPE: %s (%s)\n", core ? core : "-", origin("OPENBLAS_CORETYPE", "kernel"));
  printf("OMP_WAIT_POLICY: %s (%s)\n", wait ? wait : "-", origin("OMP_WAIT_POLICY", "wait-policy"));
  const char *tun = getenv("GLIBC_TUNABLES");
  static const char *thp[3] = {"off or unknown", "madvise", "always"};
  printf("GLIBC_TUNABLES: %s (%s); transparent huge pages: %s\n", tun ? tun : "-",
         origin("GLIBC_TUNABLES", "hugepages"), thp[pf_launch_thp_mode()]);
  printf("threads: %d\n", pf_context_threads(ctx));
  printf(
      "libraries: CHOLMOD %d.%d.%d, UMFPACK %d.%d.%d, METIS %d.%d.%d, HDF5 %u.%u.%u, "
      "libyaml %s\n",
      CHOLMOD_MAIN_VERSION, CHOLMOD_SUB_VERSION, CHOLMOD_SUBSUB_VERSION, UMFPACK_MAIN_VERSION,
      UMFPACK_SUB_VERSION, UMFPACK_SUBSUB_VERSION, METIS_VER_MAJOR, METIS_VER_MINOR,
      METIS_VER_SUBMINOR, h5maj, h5min, h5rel, yaml_get_version_string());
  pf_context_destroy(&ctx);
  return 0;
}
