/* The model description: destruction (config/ creates it). */
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_model.h"

static void free_curve(pf_curve_desc *c) {
  free(c->t);
  free(c->f);
}

void pf_foot_desc_clear(pf_foot_desc *foot) {
  for (int i = 0; i < foot->n_bones; i++) free(foot->bones[i].name);
  for (int i = 0; i < foot->n_landmarks; i++) free(foot->landmarks[i].name);
  for (int i = 0; i < foot->n_joints; i++) {
    free(foot->joints[i].name);
    free(foot->joints[i].proximal);
    free(foot->joints[i].distal);
  }
  for (int i = 0; i < foot->n_tendons; i++) {
    free(foot->tendons[i].name);
    free(foot->tendons[i].insertion);
    free(foot->tendons[i].origin);
  }
  free(foot->bones);
  free(foot->landmarks);
  free(foot->joints);
  free(foot->tendons);
  free(foot->model_file);
  memset(foot, 0, sizeof(*foot));
}

void pf_model_desc_destroy(pf_model_desc **desc) {
  if (!desc || !*desc) return;
  pf_model_desc *d = *desc;
  free(d->contact.surface);
  free(d->contact.reference);
  for (int i = 0; i < d->n_materials; i++) free(d->materials[i].name);
  for (int i = 0; i < d->n_regions; i++) {
    free(d->regions[i].set);
    free(d->regions[i].path);
    free(d->regions[i].dir_data);
  }
  for (int i = 0; i < d->n_loads; i++) {
    free(d->loads[i].name);
    free(d->loads[i].target);
    free_curve(&d->loads[i].curve);
  }
  for (int i = 0; i < d->n_bcs; i++) {
    free(d->bcs[i].name);
    free(d->bcs[i].set);
    free(d->bcs[i].body);
    free(d->bcs[i].joint);
    free_curve(&d->bcs[i].curve);
  }
  for (int i = 0; i < d->n_probes; i++) {
    free(d->probes[i].name);
    free(d->probes[i].set);
  }
  for (int i = 0; i < d->n_bodies; i++) {
    free(d->bodies[i].name);
    free(d->bodies[i].set);
  }
  for (int i = 0; i < d->n_joints; i++) {
    free(d->joints[i].name);
    free(d->joints[i].proximal);
    free(d->joints[i].distal);
  }
  for (int i = 0; i < d->n_ties; i++) {
    free(d->ties[i].name);
    free(d->ties[i].slave);
    free(d->ties[i].master);
  }
  for (int i = 0; i < d->n_steps; i++) free(d->steps[i].name);
  pf_foot_desc_clear(&d->foot);
  free(d->materials);
  free(d->regions);
  free(d->loads);
  free(d->bcs);
  free(d->probes);
  free(d->bodies);
  free(d->joints);
  free(d->ties);
  free(d->steps);
  free(d->config_path);
  free(d->title);
  free(d->mesh_file);
  free(d->output_file);
  free(d->summary_step);
  free(d->resolved_yaml);
  free(d);
  *desc = NULL;
}
