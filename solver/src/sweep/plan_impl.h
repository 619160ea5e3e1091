/*
 * Inside the sweep plan (plan.c: cases, validation, hash, report; plan_geometry.c: the foot
 * generator at plan time; plan_file.c: NAME/cases.csv). Only these three include this.
 */
#ifndef PF_SWEEP_PLAN_IMPL_H
#define PF_SWEEP_PLAN_IMPL_H

#include "analysis/pf_model.h"
#include "sweep/pf_sweep.h"

/* The first line of cases.csv, also the start of the hash (a new format changes every hash). */
#define PF_PLAN_FORMAT "pfsim-sweep-plan-1"

/* plan.c ------------------------------------------------------------------------------------ */
/* buf = NAME/rel (spec->out_dir); PF_ERR_INPUT when it does not fit. */
int pf_plan_path(pf_context *ctx, const pf_sweep_spec *spec, const char *rel, char *buf,
                 size_t size);
/* mkdir -p path. PF_ERR_IO on failure. */
int pf_plan_make_dirs(pf_context *ctx, const char *path);
/* An absolute path for path (relative to the working folder), without touching the disk. */
int pf_plan_absolute(pf_context *ctx, const char *path, char *buf, size_t size);
/* Hashes a file's size and bytes into *h (pf_hash64); what names it in the PF_ERR_IO message. */
int pf_plan_hash_file(pf_context *ctx, uint64_t *h, const char *path, const char *what);
/* 1 when some parameter is geometry.<key>; the first such parameter (NULL when none). */
int pf_plan_has_geometry(const pf_sweep_spec *spec);
const pf_sweep_param *pf_plan_first_geometry(const pf_sweep_spec *spec);

/* plan_geometry.c --------------------------------------------------------------------------- */
/* The foot generator for a geometry sweep on base (which must be a foot): buf = its path.
 * PF_ERR_INPUT naming the first geometry parameter's line when there is none. */
int pf_plan_find_generator(pf_context *ctx, const pf_sweep_spec *spec, const pf_model_desc *base,
                           char *buf, size_t size);
/* Checks every geometry.<key> against the generator's --list (nearest key on a misspelling). */
int pf_plan_check_geometry_keys(pf_context *ctx, const pf_sweep_spec *spec, const char *gen);
/* Makes NAME/meshes/geom-NNNN.msh per distinct geometry (reusing those made before with the same
 * generator and arguments) and sets plan->mesh. [out] made, reused: counts; progress to out. */
int pf_plan_make_geometries(pf_context *ctx, const pf_sweep_spec *spec, const pf_model_desc *base,
                            pf_sweep_plan *plan, FILE *out, int *made, int *reused);

/* plan_file.c ------------------------------------------------------------------------------- */
/* Writes NAME/cases.csv atomically (temporary file, fsync, rename). */
int pf_plan_write(pf_context *ctx, const pf_sweep_spec *spec, const pf_sweep_plan *plan);
/* A geometry case's mesh as cases.csv names it: relative to NAME/ (meshes/geom-NNNN.msh). */
const char *pf_plan_mesh_rel(const char *mesh);

#endif /* PF_SWEEP_PLAN_IMPL_H */
