/*
 * The model description: what a configuration asks for, checked for types, ranges and required
 * keys by config/, with names (sets, surfaces, regions) not yet resolved against the mesh. Every
 * entry keeps the source location of its YAML so that later errors (a set missing from the mesh)
 * name the user's file, line and key. Physics reads this; it never sees YAML.
 *
 * Ownership: every string and array is allocated with malloc/calloc and freed by
 * pf_model_desc_destroy. A pf_srcloc's file points at desc->config_path (or at a string literal
 * such as "--set"), so it lives as long as the description.
 */
#ifndef PF_MODEL_H
#define PF_MODEL_H

#include "core/pf_core.h"
#include "linalg/pf_linalg.h"
#include "mesh/pf_mesh.h"

typedef enum {
  PF_MAT_LINEAR_ELASTIC = 0, /* isotropic: E, nu, density */
  PF_MAT_TRUSS = 1,          /* linear truss: E, area, density */
} pf_material_model;

typedef struct {
  char *name;
  pf_srcloc loc;
  pf_material_model model;
  double E;       /* MPa, > 0 */
  double nu;      /* -1 < nu < 0.5 (linear_elastic) */
  double density; /* t/mm^3, >= 0 (0: massless; gravity then loads nothing) */
  double area;    /* mm^2, > 0 (truss) */
} pf_material_desc;

/* regions: {SET: MATERIAL}: every element of element set SET gets material. */
typedef struct {
  char *set;
  pf_srcloc loc;
  int material; /* index into materials */
} pf_region_desc;

typedef enum {
  PF_LOAD_NODAL_FORCE = 0,   /* value [3] N on every node of set (Abaqus *CLOAD) */
  PF_LOAD_SURFACE_FORCE = 1, /* total force value [3] N spread over surface by area */
  PF_LOAD_PRESSURE = 2,      /* pressure MPa on surface, positive into the surface */
  PF_LOAD_TRACTION = 3,      /* traction vector value [3] MPa on surface */
  PF_LOAD_GRAVITY = 4,       /* acceleration value [3] mm/s^2 on the density of region (all) */
} pf_load_type;

typedef struct {
  char *name;           /* the entry's name: (or "loads[i]") */
  pf_srcloc loc;        /* of the entry */
  pf_srcloc target_loc; /* of its set/surface/region key */
  pf_load_type type;
  char *target; /* node set, surface or region (gravity; NULL = every element) */
  double value[3];
  double pressure;
} pf_load_desc;

typedef enum {
  PF_BC_FIXED = 0,        /* listed dofs held at zero */
  PF_BC_DISPLACEMENT = 1, /* listed dofs prescribed to value */
} pf_bc_type;

typedef struct {
  char *name; /* the entry's name: (or the set name) */
  pf_srcloc loc;
  pf_srcloc target_loc;
  pf_bc_type type;
  char *set;
  int dofs;        /* bit mask: 1 = x, 2 = y, 4 = z */
  double value[3]; /* prescribed values of the listed components (others 0) */
} pf_bc_desc;

typedef enum {
  PF_FIELD_DISPLACEMENT = 0, /* nodal, vector */
  PF_FIELD_REACTION = 1,     /* nodal, vector */
  PF_FIELD_STRESS = 2,       /* element average, tensor (Cauchy) */
  PF_FIELD_STRAIN = 3,       /* element average, tensor */
} pf_field;

typedef enum { PF_STAT_MEAN = 0, PF_STAT_MIN = 1, PF_STAT_MAX = 2, PF_STAT_SUM = 3 } pf_stat;

/* Components: vectors x=0, y=1, z=2, magnitude=3; tensors xx=0 yy=1 zz=2 xy=3 yz=4 xz=5,
 * von_mises=6 (stress), max_principal=7. */
typedef struct {
  char *name;
  pf_srcloc loc;
  char *set; /* nodes (vector fields) or elements (tensor fields); NULL = all */
  pf_field field;
  int component;
  pf_stat stat;
} pf_probe_desc;

typedef enum { PF_ANALYSIS_STATIC_LINEAR = 0 } pf_analysis_type;
typedef enum { PF_OUTPUT_ALL = 0, PF_OUTPUT_FINAL = 1, PF_OUTPUT_SUMMARY = 2 } pf_output_level;

typedef struct {
  char *config_path; /* as given on the command line */
  char *title;       /* "" if absent */
  char *mesh_file;   /* resolved against the config file's folder */
  pf_srcloc mesh_loc;
  double mesh_scale; /* coordinates are multiplied by this (default 1) */

  int n_materials;
  pf_material_desc *materials;
  int n_regions;
  pf_region_desc *regions;
  int n_loads;
  pf_load_desc *loads;
  int n_bcs;
  pf_bc_desc *bcs;
  int n_probes;
  pf_probe_desc *probes;

  pf_analysis_type analysis;
  pf_solver_kind linear_solver; /* default cholmod */
  double solver_tolerance;      /* PCG relative residual (default 1e-10) */
  int solver_max_iterations;    /* PCG (default 10000) */

  char *output_file; /* output.file resolved against the config's folder; NULL if absent */
  pf_output_level output_level;

  char *resolved_yaml; /* the configuration after --set overrides, as YAML text */
} pf_model_desc;

/* Created by pf_config_load (config/pf_config.h). */
/* Frees a description; safe on NULL. */
void pf_model_desc_destroy(pf_model_desc **desc);

/* The model: a description resolved against a mesh. Every name is looked up, every element has
 * its region and material, every set its node rows. */
typedef struct {
  const pf_mesh *mesh;       /* not owned */
  const pf_model_desc *desc; /* not owned */
  int64_t n_elems;           /* elements of the mesh (global numbering) */
  int32_t *elem_region;      /* [n_elems] index into desc->regions */
  int32_t *elem_material;    /* [n_elems] index into desc->materials */
  double *material_D;        /* [n_materials * 36] elasticity matrices (solids) */
  int64_t **bc_nodes;        /* [n_bcs][bc_count[i]] node rows of each boundary entry */
  int64_t *bc_count;
  int64_t **load_nodes; /* nodal_force: node rows; others NULL */
  int64_t *load_count;
  int *load_surface;    /* surface index for surface loads, -1 otherwise */
  int64_t **load_elems; /* gravity: elements (global numbers) */
  int64_t *load_elem_count;
  int64_t **probe_items; /* probes: node rows (vector fields) or elements (tensor fields) */
  int64_t *probe_count;
} pf_model;

/* Resolves a description against a mesh: regions and materials of every element (each element
 * in exactly one mapped region, of a material that fits its type), node sets, surfaces and
 * element sets of loads, boundary entries and probes. Errors name the config file, line and key.
 * [out] model. Returns PF_OK or PF_ERR_INPUT. */
int pf_model_build(pf_context *ctx, const pf_model_desc *desc, const pf_mesh *mesh,
                   pf_model **model);
void pf_model_destroy(pf_model **model);

#endif /* PF_MODEL_H */
