/* Inside sweep/: what collect.c (the table, the sensitivities, the CSV files) shares with
 * collect_h5.c (summary.h5). */
#ifndef PF_COLLECT_IMPL_H
#define PF_COLLECT_IMPL_H

#include "sweep/pf_sweep.h"

#define PF_COLLECT_RELIABLE_R2 0.7 /* below it the linear fit (and its SRCs) is unreliable */

/* The cases read: state per case and the union of the metric names in first-seen order, with
 * every case's value (NaN where a case has none). */
typedef struct {
  int n_cases, n_done;
  pf_case_state *state;
  int n_metrics;
  char **metrics;
  double *value; /* n_cases x cap_metrics */
  int cap_metrics;
} collected;

typedef struct {
  int n_metrics, n_params;
  int *numeric;      /* n_params: a number in every case of the plan */
  pf_sensitivity *s; /* n_metrics */
  int *rank;         /* n_metrics x n_params: 1 = most influential, 0 = not ranked */
  int *order;        /* n_metrics x n_params: parameters by rank (ranked first, then plan order) */
  const char **key;  /* n_metrics: what the ranking used */
  double *y;         /* scratch: one metric over the cases */
} sensitivities;

/* Writes summary.h5 atomically (tmp + rename): the table of c and the sensitivities t. */
int pf_collect_write_h5(pf_context *ctx, const char *path, const pf_sweep_spec *spec,
                        const pf_sweep_plan *plan, const collected *c, const sensitivities *t);

#endif /* PF_COLLECT_IMPL_H */
