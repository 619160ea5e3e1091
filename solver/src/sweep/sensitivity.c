/* Sensitivity measures (stub). */
#include <string.h>

#include "sweep/pf_sweep.h"

int pf_sensitivity_compute(pf_context *ctx, const pf_sweep_plan *plan, const double *y,
                           pf_sensitivity *s) {
  (void)plan, (void)y;
  memset(s, 0, sizeof(*s));
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
void pf_sensitivity_free(pf_sensitivity *s) { (void)s; }
