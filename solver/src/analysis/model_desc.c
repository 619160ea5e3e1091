/* The model description: destruction (config/ creates it). */
#include <stdlib.h>

#include "analysis/pf_model.h"

void pf_model_desc_destroy(pf_model_desc **desc) {
  if (!desc || !*desc) return;
  pf_model_desc *d = *desc;
  for (int i = 0; i < d->n_materials; i++) free(d->materials[i].name);
  for (int i = 0; i < d->n_regions; i++) free(d->regions[i].set);
  for (int i = 0; i < d->n_loads; i++) {
    free(d->loads[i].name);
    free(d->loads[i].target);
  }
  for (int i = 0; i < d->n_bcs; i++) {
    free(d->bcs[i].name);
    free(d->bcs[i].set);
  }
  for (int i = 0; i < d->n_probes; i++) {
    free(d->probes[i].name);
    free(d->probes[i].set);
  }
  free(d->materials);
  free(d->regions);
  free(d->loads);
  free(d->bcs);
  free(d->probes);
  free(d->config_path);
  free(d->title);
  free(d->mesh_file);
  free(d->output_file);
  free(d->resolved_yaml);
  free(d);
  *desc = NULL;
}
