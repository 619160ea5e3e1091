/*
 * Summary scalars of a solution: the probes a configuration asks for, and general metrics that
 * every model has, so that sweeps can collect any model.
 */
#include <ctype.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_analysis.h"
#include "contact/pf_contact.h"
#include "fem/pf_fem.h"

/* Largest principal value of a symmetric tensor in Voigt order (tensor shear). */
static double max_principal(const double s[6]) {
  double A[9] = {s[0], s[3], s[5], s[3], s[1], s[4], s[5], s[4], s[2]}, w[3];
  if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', 3, A, 3, w) != 0) return NAN;
  return w[2];
}

/* Value of one item (node row or global element) of a probe. */
static double probe_item(const pf_model *model, const pf_solution *sol, const pf_probe_desc *p,
                         int64_t item) {
  if (p->field == PF_FIELD_DISPLACEMENT || p->field == PF_FIELD_REACTION) {
    const double *v = (p->field == PF_FIELD_DISPLACEMENT ? sol->u : sol->reaction) + 3 * item;
    if (p->component == 3) return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return v[p->component];
  }
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, item, &t, &e);
  const double *v =
      (p->field == PF_FIELD_STRESS ? sol->elem.stress[t] : sol->elem.strain[t]) + 6 * e;
  if (p->component < 6) return v[p->component];
  if (p->component == 6) return pf_fem_von_mises(v);
  return max_principal(v);
}

/* Nodes that no element uses carry no result; element probes weight the mean by volume. */
static double probe_value(const pf_model *model, const pf_solution *sol, int i) {
  const pf_probe_desc *p = &model->desc->probes[i];
  const int nodal = p->field == PF_FIELD_DISPLACEMENT || p->field == PF_FIELD_REACTION;
  double sum = 0.0, wsum = 0.0, lo = INFINITY, hi = -INFINITY;
  int64_t n = 0;
  for (int64_t k = 0; k < model->probe_count[i]; k++) {
    const int64_t item = model->probe_items[i][k];
    if (nodal && !sol->node_used[item]) continue; /* no element, no result */
    const double w = nodal ? 1.0 : sol->elem.measure[item];
    const double v = probe_item(model, sol, p, item);
    sum += (p->stat == PF_STAT_MEAN ? w : 1.0) * v;
    wsum += w;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    n++;
  }
  if (!n) return NAN;
  switch (p->stat) {
    case PF_STAT_MEAN:
      return wsum > 0 ? sum / wsum : NAN;
    case PF_STAT_MIN:
      return lo;
    case PF_STAT_MAX:
      return hi;
    case PF_STAT_SUM:
      return sum;
  }
  return NAN;
}

/* name with every character outside [A-Za-z0-9_] replaced by '_'. */
static void sanitize(char *s) {
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_') *s = '_';
}

static int add(pf_context *ctx, char ***names, double **values, int *n, const char *name,
               double value) {
  for (int k = 0; k < *n; k++)
    if (!strcmp((*names)[k], name)) return PF_OK; /* a probe of that name wins */
  PF_CALL(PF_REALLOC(ctx, *n + 1, names));
  PF_CALL(PF_REALLOC(ctx, *n + 1, values));
  (*names)[*n] = NULL;
  PF_CALL(pf_strdup(ctx, name, &(*names)[*n]));
  sanitize((*names)[*n]);
  (*values)[*n] = value;
  (*n)++;
  return PF_OK;
}

int pf_summary_compute(pf_context *ctx, const pf_model *model, const pf_solution *sol,
                       char ***names, double **values, int *n) {
  const pf_model_desc *d = model->desc;
  const pf_mesh *mesh = model->mesh;
  *names = NULL;
  *values = NULL;
  *n = 0;
  for (int i = 0; i < d->n_probes; i++)
    PF_CALL(add(ctx, names, values, n, d->probes[i].name, probe_value(model, sol, i)));

  double umax = 0.0, vm = 0.0, minJ = INFINITY;
  for (int64_t v = 0; v < mesh->n_nodes; v++) {
    if (!sol->node_used[v]) continue;
    const double *u = sol->u + 3 * v;
    umax = fmax(umax, sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]));
  }
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    for (int64_t e = 0; e < mesh->blocks[t].count; e++) {
      vm = fmax(vm, sol->elem.von_mises[t][e]);
      minJ = fmin(minJ, sol->elem.min_J[t][e]);
    }
  PF_CALL(add(ctx, names, values, n, "displacement_max_mm", umax));
  PF_CALL(add(ctx, names, values, n, "von_mises_max_MPa", vm));
  PF_CALL(add(ctx, names, values, n, "min_J", minJ));
  /* one reaction per boundary name: an entry of a later step that continues an earlier one
   * (same name) adds to it (only the live entry carries a reaction) */
  for (int c = 0; c < d->n_bcs; c++) {
    int first = 1;
    for (int e = 0; e < c && first; e++) first = strcmp(d->bcs[e].name, d->bcs[c].name) != 0;
    if (!first) continue;
    static const char xyz[] = "xyz";
    for (int i = 0; i < 3; i++) {
      double r = 0.0;
      for (int e = c; e < d->n_bcs; e++)
        if (!strcmp(d->bcs[e].name, d->bcs[c].name)) r += sol->bc_reaction[3 * e + i];
      char name[256];
      snprintf(name, sizeof(name), "reaction_%s_%c_N", d->bcs[c].name, xyz[i]);
      PF_CALL(add(ctx, names, values, n, name, r));
    }
  }
  if (sol->contact) { /* the ground: read from the virtual plate as a clinic reads a foot */
    const pf_contact_result *c = sol->contact;
    PF_CALL(add(ctx, names, values, n, "contact_force_N", c->normal_force));
    PF_CALL(add(ctx, names, values, n, "contact_area_mm2", c->stats.area));
    PF_CALL(add(ctx, names, values, n, "cop_x_mm", c->cop[0]));
    PF_CALL(add(ctx, names, values, n, "cop_y_mm", c->cop[1]));
    PF_CALL(add(ctx, names, values, n, "pressure_peak_kPa", 1e3 * c->stats.peak));
    for (int k = 0; k < 4; k++) {
      char name[64];
      snprintf(name, sizeof(name), "pressure_%s_peak_kPa", pf_contact_region_names[k]);
      PF_CALL(add(ctx, names, values, n, name, 1e3 * c->region_peak[k]));
    }
    PF_CALL(add(ctx, names, values, n, "rearfoot_load_fraction", c->rearfoot_fraction));
  }
  return PF_OK;
}
