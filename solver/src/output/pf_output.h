/*
 * Result files: one HDF5 file per run in the layout of DESIGN.md, with an .xdmf sidecar that
 * ParaView opens, and the reader behind `pfsim summary`.
 *
 * Life cycle: pf_output_open creates OUT.h5.part (status "running"); the mesh, each converged
 * frame and the summary are written and flushed as they come; pf_output_close sets status and
 * message and renames OUT.h5.part to OUT.h5 (complete or failed) or keeps the .part
 * (interrupted), then writes OUT.xdmf. A killed run leaves only OUT.h5.part, never an OUT.h5.
 * Nothing outside output/ knows HDF5 exists.
 */
#ifndef PF_OUTPUT_H
#define PF_OUTPUT_H

#include <stdint.h>

#include "core/pf_core.h"
#include "linalg/pf_linalg.h"
#include "mesh/pf_mesh.h"

typedef struct pf_output_s pf_output;

/* Root attributes written at open. */
typedef struct {
  const char *pfsim_version;
  const char *git_hash;
  const char *config_path;
  const char *config_yaml;    /* resolved configuration (after --set) */
  const char *title;
  const char *blas_kernel;    /* openblas_get_corename() */
  const char *blas_threading; /* "pthread" | "openmp" | "serial" */
  int threads;
  int reproducible;
} pf_output_meta;

/* A named vector result (reaction of a constrained set; force/moment of a reference node). */
typedef struct {
  const char *name;
  double force[3];
  double moment[3];
  int has_moment;
} pf_output_reaction;

/* One output frame (a converged increment). Pointers may be NULL when a field is absent; element
 * fields are per element type, rows in block order. */
typedef struct {
  const char *step_name;
  int step_index;    /* 0-based index of the step */
  double load_factor;
  int iterations;
  int converged;
  double wall_s;     /* wall time since the run started */
  const double *displacement; /* [n_nodes*3] */
  int n_reactions;
  const pf_output_reaction *reactions;
  const double *strain[PF_ELEM_NUM_TYPES];       /* [m*6] tensor shear */
  const double *stress[PF_ELEM_NUM_TYPES];       /* [m*6] Cauchy */
  const double *von_mises[PF_ELEM_NUM_TYPES];    /* [m] */
  const double *min_J[PF_ELEM_NUM_TYPES];        /* [m] */
  const double *fibre_strain[PF_ELEM_NUM_TYPES]; /* [m], NaN outside fibre regions; optional */
  const double *axial_force[PF_ELEM_NUM_TYPES];  /* [m] truss2 axial force N; optional */
  const pf_solver_stats *solver;                 /* last solve of the frame; optional */
} pf_output_frame;

/* Creates path.part beside path and writes the root attributes (status "running").
 * Returns PF_OK or PF_ERR_IO naming the path. */
int pf_output_open(pf_context *ctx, const char *path, const pf_output_meta *meta,
                   pf_output **out);
/* Writes /mesh: nodes, node_ids, elements/<type>/{connectivity, ids, region}, regions (names),
 * node_sets/<name>, surfaces/<name>/<facetype>. elem_region [total elements, global numbering]
 * gives each element's index into region_names (-1: none). */
int pf_output_write_mesh(pf_output *out, const pf_mesh *mesh, int n_regions,
                         const char *const *region_names, const int32_t *elem_region);
/* Writes /steps/NNNN (NNNN = frames written so far, from 0000) and flushes the file. */
int pf_output_write_frame(pf_output *out, const pf_output_frame *frame);
/* Writes /summary: one double attribute per name. */
int pf_output_write_summary(pf_output *out, int n, const char *const *names,
                            const double *values);
/* Adds a double attribute to the root (timings, peak memory). */
int pf_output_set_attr_double(pf_output *out, const char *name, double value);
/* Adds a string attribute to the root. */
int pf_output_set_attr_string(pf_output *out, const char *name, const char *value);
/* Finishes the file: status "complete" | "failed" | "interrupted" and message; renames the .part
 * to the final name unless interrupted; writes the .xdmf sidecar; frees out and sets it to NULL.
 * Returns PF_OK or PF_ERR_IO. Safe on NULL. */
int pf_output_close(pf_output **out, const char *status, const char *message);

/* The scalar results of a result file (pfsim summary). */
typedef struct {
  char *status;  /* "complete", "failed", "running", "interrupted" */
  char *message;
  int n;
  char **names;
  double *values;
} pf_summary;

/* Reads status, message and /summary of a result file (OUT.h5 or OUT.h5.part).
 * Returns PF_OK, PF_ERR_IO (unreadable) or PF_ERR_INPUT (not a pfsim result file). */
int pf_summary_read(pf_context *ctx, const char *path, pf_summary **summary);
void pf_summary_destroy(pf_summary **summary);

#endif /* PF_OUTPUT_H */
