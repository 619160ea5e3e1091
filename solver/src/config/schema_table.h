/*
 * Inside the schema tables (schema_*.c) only: the macros that write table entries, and the
 * element tables one file defines and another uses.
 */
#ifndef PF_SCHEMA_TABLE_H
#define PF_SCHEMA_TABLE_H

#include <stddef.h>

#include "config/pf_config_internal.h"

#define VALUES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CODES(...)  ((const int[]){__VA_ARGS__})
#define LATER(name, what) \
  { .key = name, .kind = PF_SK_LATER, .doc = what }
#define END \
  { .key = NULL }

/* The hyperelastic laws split into an isochoric and a volumetric part. */
#define PF_SPLIT_LAWS "neo_hookean", "mooney_rivlin", "polynomial", "ogden"

extern const pf_schema pf_schema_material_entry[]; /* materials.NAME */
extern const pf_schema pf_schema_region_entry[];   /* regions.SET */
extern const pf_schema pf_schema_load_entry[];     /* loads[i] */
extern const pf_schema pf_schema_bc_entry[];       /* boundary[i] */
extern const char *const pf_schema_bc_names[];     /* what names an unnamed boundary entry */
extern const pf_schema pf_schema_coupling_entry[]; /* couplings[i] */
extern const pf_schema pf_schema_joint_entry[];    /* joints[i] */
extern const pf_schema pf_schema_tie_entry[];      /* ties[i] */
extern const pf_schema pf_schema_contact_keys[];   /* contact */

#endif /* PF_SCHEMA_TABLE_H */
