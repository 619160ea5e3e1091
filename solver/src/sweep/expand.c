/* Expansion of a sweep into cases (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_expand(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan) {
  (void)spec;
  *plan = NULL;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "sweep expansion is not implemented yet");
}

void pf_sweep_plan_destroy(pf_sweep_plan **plan) {
  if (plan) *plan = NULL;
}
