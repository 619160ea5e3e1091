/* pfsim sweep S.yaml plan|run|slurm|collect|status (stub: replaced by issue 6's implementation). */
#include "cli/pf_cli.h"

int pf_cmd_sweep(int argc, char **argv) {
  (void)argc, (void)argv;
  return pf_cli_usage("sweep: parameter sweeps are not available in this version of pfsim yet");
}
