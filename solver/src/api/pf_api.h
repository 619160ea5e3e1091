/*
 * The public run/check API's shared steps: loading a configuration with its mesh and model.
 */
#ifndef PF_API_H
#define PF_API_H

#include "analysis/pf_model.h"
#include "mesh/pf_mesh.h"

/* A configuration loaded with its mesh and resolved model. */
typedef struct {
  pf_model_desc *desc;
  pf_mesh *mesh;
  pf_model *model;
  double t_config; /* seconds to parse the configuration */
  double t_mesh;   /* seconds to read the mesh */
} pf_loaded;

/* Parses the configuration (with overrides), reads and scales the mesh, resolves the model.
 * Returns PF_OK or the first error (ld is then empty). */
int pf_api_load(pf_context *ctx, const pf_run_options *opt, pf_loaded *ld);
void pf_api_unload(pf_loaded *ld);

#endif /* PF_API_H */
