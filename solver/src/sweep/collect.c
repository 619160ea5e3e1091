/* pfsim sweep collect (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_collect(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                     FILE *out) {
  (void)spec, (void)plan, (void)out;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
