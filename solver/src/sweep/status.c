/* Case states on disk and pfsim sweep status (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_case_info(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       pf_case_info *info) {
  (void)spec, (void)plan, (void)i, (void)info;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
int pf_sweep_status(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan,
                    FILE *out, int counts[6]) {
  (void)spec, (void)plan, (void)out, (void)counts;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
