/*
 * The public run/check API's shared steps: loading a configuration with its mesh and model.
 */
#ifndef PF_API_H
#define PF_API_H

#include "analysis/pf_analysis.h"
#include "analysis/pf_nonlinear.h"
#include "analysis/pf_model.h"
#include "mesh/pf_mesh.h"
#include "output/pf_output.h"

/* A configuration loaded with its mesh and resolved model. */
typedef struct {
  pf_model_desc *desc;
  pf_mesh *mesh;
  pf_model *model;
  double t_config; /* seconds to parse the configuration */
  double t_mesh;   /* seconds to read the mesh */
} pf_loaded;

/* Parses the configuration (with overrides), reads and scales the mesh, resolves the model.
 * Returns PF_OK or the first error (ld is then empty). */
int pf_api_load(pf_context *ctx, const pf_run_options *opt, pf_loaded *ld);
void pf_api_unload(pf_loaded *ld);

/* Writes frames as the analysis produces them. */
typedef struct {
  pf_context *ctx;
  pf_output *out;
  pf_output_level level;
  double t_write;
  int frames; /* written so far (including those of a restarted run's earlier part) */
} frame_writer;

/* Writes a frame of sol (reactions, element fields); extra adds the finite-strain parts (bodies,
 * joints, regions, Newton log, fibre strain), or NULL for a linear frame (solver statistics). */
int pf_api_write_frame(frame_writer *w, const pf_model *model, const pf_solution *sol,
                       const pf_frame_info *info, pf_output_frame *extra);
/* Computes and writes /summary for sol. */
int pf_api_write_summary(pf_context *ctx, pf_output *out, const pf_model *model,
                         const pf_solution *sol);

/* Runs a nonlinear analysis into out, writing a frame per increment (as the steps' output levels
 * ask), a checkpoint after each (ckpt_path), and /summary at the end of the summary step.
 * resume continues a run from a checkpoint (NULL for a fresh run). [out] sol: the final state. */
int pf_api_run_nonlinear(pf_context *ctx, const pf_loaded *ld, frame_writer *w,
                         const char *ckpt_path, uint64_t model_hash, const pf_nl_resume *resume,
                         pf_solution **sol);
/* What pfsim check estimates for a run, as its report prints it. */
typedef struct {
  double peak_bytes; /* the matrix, the factor, the work vectors and the resident memory so far */
  double flops;      /* of one factorisation */
  int nonlinear;     /* a finite-strain analysis (many factorisations) */
} pf_check_estimate;
/* pf_check without its report. [out] e. Returns PF_OK or pf_check's error. */
int pf_check_estimate_run(pf_context *ctx, const pf_run_options *opt, pf_check_estimate *e);
/* Hash of the resolved configuration and the mesh file's bytes (restart refuses a changed
 * model). */
int pf_api_model_hash(pf_context *ctx, const pf_loaded *ld, uint64_t *hash);

#endif /* PF_API_H */
