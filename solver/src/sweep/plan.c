/* The sweep plan: hash, validation, cases.csv (stub). */
#include "sweep/pf_sweep.h"

int pf_sweep_hash(pf_context *ctx, const pf_sweep_spec *spec, uint64_t *hash) {
  (void)spec;
  *hash = 0;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
int pf_sweep_plan_make(pf_context *ctx, const pf_sweep_spec *spec, FILE *out,
                       pf_sweep_plan **plan) {
  (void)spec;
  (void)out;
  if (plan) *plan = NULL;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
int pf_sweep_plan_load(pf_context *ctx, const pf_sweep_spec *spec, pf_sweep_plan **plan) {
  (void)spec;
  *plan = NULL;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
int pf_sweep_case_sets(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                       char (*buf)[PF_SWEEP_SET_MAX], int n_buf) {
  (void)spec, (void)plan, (void)i, (void)buf, (void)n_buf;
  return PF_ERROR(ctx, PF_ERR_INTERNAL, "not implemented yet");
}
void pf_sweep_case_path(const pf_sweep_spec *spec, const pf_sweep_plan *plan, int i,
                        const char *suffix, char *buf, size_t size) {
  (void)spec, (void)plan, (void)i, (void)suffix;
  if (size) buf[0] = '\0';
}
