/*
 * Inside the description builder (build_*.c) only: the builder's state and the helpers every
 * part uses. The parts run in the order of pf_config_build_desc (build_desc.c): each may use what
 * the earlier ones filled (regions look up materials, joints bodies, the settings choose the
 * analysis type from materials, bodies and joints, steps take their increment defaults from it
 * and look up bodies and joints).
 */
#ifndef PF_BUILD_H
#define PF_BUILD_H

#include "config/pf_config_internal.h"

typedef struct {
  pf_context *ctx;
  const pf_ytree *tree;
  pf_model_desc *d;
  int n_user_materials; /* materials[0 .. n_user_materials - 1] are the user's, in file order;
                         * the hidden matrices of fibre materials (NAME.matrix) follow */
} pf_builder;

/* Where an entry came from, kept in the description: the file and line, or "--set". */
void pf_build_loc(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                  pf_srcloc *loc);
/* An input error at node (its line, else line) and path: "FILE:LINE: PATH: what". */
int pf_build_error(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "no WHAT named 'NAME' (did you mean 'X'? defined: a, b)", or (none defined: HINT). */
int pf_build_unknown(const pf_builder *b, const pf_ynode *node, int line, const char *path,
                     const char *what, const char *name, const char *const *names, int n,
                     const char *hint);

/* The schema of a top-level section ("mesh", "analysis"). */
const pf_schema *pf_build_section(const char *key);
/* The element schema of a top-level NAMED or LIST section ("materials", "loads"). */
const pf_schema *pf_build_element(const char *key);
/* A number: the value of key in map, else the schema default, else 0. */
double pf_build_number(const pf_schema *s, const pf_ynode *map, const char *key);
/* An integer: the value of key in map, else the schema default, else dflt. */
int pf_build_integer(const pf_schema *s, const pf_ynode *map, const char *key, int dflt);
/* A boolean: the value of key in map, else the schema default, else 0. */
int pf_build_bool(const pf_schema *s, const pf_ynode *map, const char *key);
/* The pf_model.h code of an enum key's value (or its default); -1 when neither. */
int pf_build_code(const pf_schema *s, const pf_ynode *map, const char *key);
/* The line of key in map (0 if absent). */
int pf_build_key_line(const pf_ynode *map, const char *key);
/* Up to n numbers of a list into v. */
void pf_build_numbers(const pf_ynode *list, double *v, int n);
/* 1 when key was written by the user (present and not inherited from an earlier step). */
int pf_build_own(const pf_ynode *map, const char *key);
/* file resolved against the folder of the configuration (absolute paths are kept). */
int pf_build_path(pf_context *ctx, const char *config_path, const char *file, char **out);

/* The parts, in order. */
int pf_build_materials(pf_builder *b);
int pf_build_regions(pf_builder *b); /* regions, their rigid bodies, and the couplings */
int pf_build_joints(pf_builder *b);
int pf_build_ties(pf_builder *b);
int pf_build_contact(pf_builder *b);  /* contact.ground */
int pf_build_settings(pf_builder *b); /* analysis, solver, Newton, output */
int pf_build_steps(pf_builder *b);    /* steps (or the single step), loads, boundary,
                                       * output.summary_step */
int pf_build_foot(pf_builder *b);     /* foot: the model file, and its checks against regions and
                                       * joints (last: it uses both) */

/* Names for messages: the bodies, joints or steps of the description. [out] names (at most
 * max). Returns how many. */
int pf_build_body_names(const pf_builder *b, const char **names, int max);

#endif /* PF_BUILD_H */
