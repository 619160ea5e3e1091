/*
 * Inside config/: the sweep file's reader (sweep_file.c: the file, its keys, the sampling rules)
 * and the reader of one parameter's values (sweep_param.c: lists, ranges, distributions) share
 * the reader state and the helpers that phrase errors as "S.yaml:LINE: KEY: what (expected)".
 */
#ifndef PF_SWEEP_FILE_IMPL_H
#define PF_SWEEP_FILE_IMPL_H

#include <stddef.h>

#include "config/pf_config_internal.h"
#include "config/pf_sweep_spec.h"

/* Limits that keep a typo (count: 1e9) from filling the disk with a plan. */
#define PF_SWEEP_MAX_VALUES 100000
#define PF_SWEEP_MAX_CASES  10000000
#define PF_SWEEP_MAX_PARAMS 1000
/* A truncated normal must keep at least this much of the normal's probability: below it the
 * bounds are almost certainly a mistake (and the inverse CDF would work in the far tail). */
#define PF_SWEEP_MIN_TRUNC_MASS 1e-9

typedef struct {
  pf_context *ctx;
  const char *file; /* the sweep file, for messages */
  pf_sweep_spec *spec;
} pf_sreader;

/* An error at line of the sweep file, for key (file:line: key: what). Returns PF_ERR_INPUT. */
int pf_sweep_serr(const pf_sreader *r, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The length of a NULL-terminated word list (pf_schema_value_index finds a word in one,
 * pf_join_words lists it). */
int pf_sweep_count_of(const char *const *list);
/* A value text fit for one field of cases.csv: not empty, no control character. */
int pf_sweep_text_ok(const char *text);
/* An unknown key, with the nearest of the valid keys list. */
int pf_sweep_unknown_key(const pf_sreader *r, int line, const char *key, const char *word,
                         const char *const *list);
/* A node's value as a scalar text, a number, an integer in [lo, hi], one of values (its index),
 * or a pair [a, b] of numbers; each an error naming line and key otherwise. */
int pf_sweep_scalar_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                       const char *what, const char **text);
int pf_sweep_number_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                       double *value);
int pf_sweep_integer_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                        int lo, int hi, int *value);
int pf_sweep_enum_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                     const char *const *values, int *index);
int pf_sweep_pair_of(const pf_sreader *r, const pf_ynode *node, int line, const char *key,
                     const char *what, double *a, double *b);

/* One parameter's values: a list ([v0, v1, ...]) or a map (range, a distribution). */
int pf_sweep_read_list(pf_sreader *r, pf_sweep_param *p, const pf_ynode *list);
int pf_sweep_read_param_map(pf_sreader *r, pf_sweep_param *p, const pf_ynode *map);

#endif /* PF_SWEEP_FILE_IMPL_H */
