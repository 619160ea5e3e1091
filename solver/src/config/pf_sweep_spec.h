/*
 * The sweep file (DESIGN.md "Sweeps and HPC", docs/sweeps.md): a base configuration, parameters
 * (any --set path, or geometry.<key> of the foot generator) with their values, ranges or
 * distributions, and a sampling. config/ parses it (it owns YAML and line numbers); sweep/ expands,
 * runs and collects it.
 */
#ifndef PF_SWEEP_SPEC_H
#define PF_SWEEP_SPEC_H

#include <stdint.h>

#include "core/pf_core.h"

typedef enum {
  PF_SWEEP_GRID = 0,    /* every combination; the first parameter varies slowest */
  PF_SWEEP_ZIP = 1,     /* the i-th value of every parameter (lists of one length) */
  PF_SWEEP_LHS = 2,     /* Latin hypercube of `samples` cases (seeded) */
  PF_SWEEP_SALTELLI = 3 /* Saltelli's A, B, AB_i blocks: samples x (k + 2) cases (Sobol) */
} pf_sweep_sampling;

/* The sampling's name as the sweep file and the plan write it ("grid", ...; "unknown" if none), and
 * back (-1 when text is not a sampling). */
const char *pf_sweep_sampling_name(pf_sweep_sampling sampling);
int pf_sweep_sampling_from_name(const char *text);

typedef enum {
  PF_SWEEP_PARAM_LIST = 0,        /* [v0, v1, ...]: values as written (numbers or texts) */
  PF_SWEEP_PARAM_RANGE = 1,       /* {range: [lo, hi], count: n | step: s, scale: linear | log} */
  PF_SWEEP_PARAM_UNIFORM = 2,     /* {uniform: [lo, hi]} */
  PF_SWEEP_PARAM_LOGUNIFORM = 3,  /* {loguniform: [lo, hi]}, 0 < lo < hi */
  PF_SWEEP_PARAM_NORMAL = 4,      /* {normal: [mean, sd]} */
  PF_SWEEP_PARAM_TRUNCNORMAL = 5, /* {normal: [mean, sd], bounds: [lo, hi]} */
} pf_sweep_param_kind;

typedef struct {
  char *path; /* the --set key path ("body.mass_kg", "loads.W.value[2]") or "geometry.<key>" */
  int line;   /* its line in the sweep file */
  pf_sweep_param_kind kind;
  int geometry; /* 1: a foot-generator parameter (geometry.<key>), meshed at plan time */
  /* LIST and RANGE: the discrete values as --set texts (a RANGE's values printed %.15g); a
   * range under lhs/saltelli is read as UNIFORM (scale log: LOGUNIFORM) on [lo, hi] */
  int n_values;
  char **values;
  /* UNIFORM, LOGUNIFORM: [a, b]; NORMAL: a = mean, b = sd; TRUNCNORMAL also lo, hi */
  double a, b, lo, hi;
} pf_sweep_param;

typedef struct {
  char *file;    /* the sweep file, as given */
  char *dir;     /* its folder (paths in the file are relative to it) */
  char *base;    /* the base configuration, resolved against dir */
  int base_line; /* the line of base: in the sweep file */
  char *name;    /* `name:` (default: the sweep file's stem) */
  char *out_dir; /* the results folder: --out DIR, else dir/name */
  pf_sweep_sampling sampling;
  int samples;         /* lhs: cases; saltelli: base samples N (cases N (k + 2)); else 0 */
  uint64_t seed;       /* lhs, saltelli (default 1) */
  int retries;         /* `retries:` a failed case is run again up to this many times (default 2) */
  char *output_level;  /* `output:` the cases' output level (default "final") */
  char *geometry_size; /* `geometry_size:` coarse | medium | fine (default coarse) */
  int n_params;
  pf_sweep_param *params;
  int n_fixed; /* `set:` extra --set texts applied to every case ("solver.tolerance=1e-9") */
  char **fixed;
  int *fixed_lines; /* the line of each set: entry */
} pf_sweep_spec;

/* Reads and checks a sweep file: unknown keys, wrong types, empty lists, bad ranges, a sampling
 * that does not fit the parameters (zip with lists of different lengths, lhs/saltelli without
 * samples or with list parameters...) are errors "FILE:LINE: KEY: what (expected)".
 * [in]  out_dir  --out DIR, or NULL for dir/name
 * [out] spec     the sweep (free with pf_sweep_spec_destroy)
 * Returns PF_OK, PF_ERR_IO (unreadable) or PF_ERR_INPUT. */
int pf_sweep_spec_read(pf_context *ctx, const char *path, const char *out_dir,
                       pf_sweep_spec **spec);
void pf_sweep_spec_destroy(pf_sweep_spec **spec);

/* For an error message about parameter path: when the path leaves the base configuration's tree
 * at a map key that is not there while a near one is ("materials.fasia.E"), writes "the base
 * configuration has no 'materials.fasia' (did you mean 'materials.fascia'?)" to buf and returns
 * 1; else returns 0 (buf ""). Never fails (an unreadable base gives 0). */
int pf_sweep_path_hint(const pf_sweep_spec *spec, const char *path, char *buf, size_t size);

/* The text of a parameter value: the shortest of %.15g ... %.<max_digits>g that reads back as v
 * exactly (max_digits 15: rounded to 15 significant digits, as range values are). */
void pf_sweep_format_number(double v, int max_digits, char *buf, size_t size);

#endif /* PF_SWEEP_SPEC_H */
