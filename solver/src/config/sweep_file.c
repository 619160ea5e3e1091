/* The sweep file parser (stub: replaced by issue 6's implementation). */
#include <stdlib.h>

#include "config/pf_sweep_spec.h"

int pf_sweep_spec_read(pf_context *ctx, const char *path, const char *out_dir,
                       pf_sweep_spec **spec) {
  (void)path;
  (void)out_dir;
  *spec = NULL;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "sweep files are not implemented yet");
}

void pf_sweep_spec_destroy(pf_sweep_spec **spec) {
  if (spec) *spec = NULL;
}
