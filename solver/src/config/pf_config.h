/*
 * Configuration: a YAML file (plus --set overrides) -> a checked model description. The keys, their
 * types, units, defaults and ranges are listed in docs/config.md (generated from the schema table
 * in config/schema_table.c).
 */
#ifndef PF_CONFIG_H
#define PF_CONFIG_H

#include "analysis/pf_model.h"
#include "core/pf_core.h"

/* Reads a configuration file, applies --set overrides in order, validates everything against the
 * schema and fills a model description (defaults included, paths resolved against the folder of
 * the configuration file, resolved_yaml = the configuration after overrides).
 * [in]  ctx          context (errors are recorded here)
 * [in]  path         the YAML file, as given on the command line (kept as desc->config_path)
 * [in]  n_overrides  number of --set entries (0 for none)
 * [in]  overrides    "key.path=value" strings (loads.W.value[2]=-5, materials.steel.E=2e5,
 *                    'boundary.CLAMP.dofs=[x,z]'); may be NULL when n_overrides is 0
 * [out] desc         the description (free with pf_model_desc_destroy); NULL on failure
 * Returns PF_OK; PF_ERR_IO when the file cannot be read; PF_ERR_INPUT for any problem in the
 * file or an override, with the message "FILE:LINE: KEY: what is wrong (what was expected)" (an
 * override's message starts with "--set key.path=value:"); PF_ERR_INTERNAL on allocation failure.
 * Nothing is leaked on failure. */
int pf_config_load(pf_context *ctx, const char *path, int n_overrides, const char *const *overrides,
                   pf_model_desc **desc);

#endif /* PF_CONFIG_H */
