/*
 * pfsim: finite-element analysis of plantar fascia strain.
 *
 *   pfsim run CONFIG.yaml [-o OUT.h5] [--set key.path=value ...] [--threads N] [--reproducible]
 *                         [--quiet|--progress]
 *   pfsim check CONFIG.yaml [--set ...]
 *   pfsim summary OUT.h5 [--json]
 *   pfsim sweep SWEEP.yaml plan|run|slurm|collect|status [--out DIR] [--quiet]
 *               run:   [-j N] [--cases A-B] [--threads T] [--retries R] [--no-reuse]
 *                      [--reproducible]
 *               slurm: [--partition P] [--time T] [--cpus C] [-j N] [--cases-per-task K]
 *                      [--reproducible] [--submit]
 *   pfsim mesh-info MESH
 *   pfsim --version
 */
#include <stdio.h>
#include <string.h>

#include "cli/pf_cli.h"
#include "core/pf_blas.h"

static int usage(FILE *f) {
  fprintf(f,
          "usage: pfsim run CONFIG.yaml [-o OUT.h5] [--set key.path=value ...] [--threads N]\n"
          "                 [--reproducible] [--quiet|--progress]\n"
          "       pfsim check CONFIG.yaml [--set key.path=value ...]\n"
          "       pfsim summary OUT.h5 [--json]\n"
          "       pfsim sweep SWEEP.yaml plan|run|slurm|collect|status [--out DIR] [--quiet]\n"
          "             run:   [-j N] [--cases A-B] [--threads T] [--retries R] [--no-reuse]\n"
          "                    [--reproducible]\n"
          "             slurm: [--partition P] [--time T] [--cpus C] [-j N] [--cases-per-task K]\n"
          "                    [--reproducible] [--submit]\n"
          "       pfsim mesh-info MESH.msh|MESH.inp\n"
          "       pfsim --version\n");
  return f == stdout ? 0 : 1;
}

int main(int argc, char **argv) {
  /* OpenBLAS, GNU OpenMP and glibc read their settings when they load: re-execute once with a
   * better BLAS kernel, a passive OpenMP wait policy and huge pages for large blocks, unless the
   * user chose otherwise (returns when nothing is needed). */
  pf_launch_reexec_if_needed(argv);
  pf_cli_block_signals();
  if (argc < 2) return usage(stderr);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version"))
    return pf_cmd_version(argc - 1, argv + 1);
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) return usage(stdout);
  if (!strcmp(cmd, "run")) return pf_cmd_run(argc - 1, argv + 1);
  if (!strcmp(cmd, "check")) return pf_cmd_check(argc - 1, argv + 1);
  if (!strcmp(cmd, "summary")) return pf_cmd_summary(argc - 1, argv + 1);
  if (!strcmp(cmd, "mesh-info")) return pf_cmd_mesh_info(argc - 1, argv + 1);
  if (!strcmp(cmd, "sweep")) return pf_cmd_sweep(argc - 1, argv + 1);
  return pf_cli_usage(
      "unknown command '%s' (expected run, check, summary, sweep, mesh-info or --version)", cmd);
}
