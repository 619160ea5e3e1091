/* The SLURM job-array writer (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_slurm(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                   const pf_sweep_slurm_options *opt, FILE *out) {
  (void)spec, (void)plan, (void)opt, (void)out;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
