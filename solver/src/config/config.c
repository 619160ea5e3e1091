/* pf_config_load: file -> tree -> overrides -> steps completed -> validation -> description. */
#include <stdlib.h>

#include "config/pf_config_internal.h"

int pf_config_load(pf_context *ctx, const char *path, int n_overrides, const char *const *overrides,
                   pf_model_desc **desc) {
  *desc = NULL;
  PF_CHECK(path && path[0], ctx, PF_ERR_INPUT, "no configuration file given");
  PF_CHECK(n_overrides >= 0 && (n_overrides == 0 || overrides), ctx, PF_ERR_INTERNAL,
           "pf_config_load: %d overrides without a list", n_overrides);
  pf_model_desc *d = NULL;
  pf_ytree *tree = NULL;
  int ierr;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 1, &d));
  PF_CALL_GOTO(ierr, done, pf_strdup(ctx, path, &d->config_path));
  PF_CALL_GOTO(ierr, done, pf_ytree_read(ctx, path, &tree));
  for (int i = 0; i < n_overrides; i++)
    PF_CALL_GOTO(ierr, done, pf_config_apply_override(ctx, tree, overrides[i]));
  PF_CALL_GOTO(ierr, done, pf_config_resolve_steps(ctx, tree));
  PF_CALL_GOTO(ierr, done, pf_config_validate(ctx, tree));
  PF_CALL_GOTO(ierr, done, pf_config_build_desc(ctx, tree, d));
  PF_CALL_GOTO(ierr, done, pf_ynode_emit(ctx, tree->root, &d->resolved_yaml));
done:
  pf_ytree_destroy(&tree);
  if (ierr < 0) pf_model_desc_destroy(&d);
  *desc = d;
  return ierr;
}
