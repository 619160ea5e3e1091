/* The sweep worker pool (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_run(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                 const pf_sweep_run_options *opt) {
  (void)spec, (void)plan, (void)opt;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
