/*
 * Result files: one HDF5 file per run in the layout of DESIGN.md, with an .xdmf sidecar that
 * ParaView opens, and the reader behind `pfsim summary`.
 *
 * Life cycle: pf_output_open creates OUT.h5.part (status "running"); the mesh, each converged
 * frame and the summary are written and flushed as they come; pf_output_close sets status and
 * message and renames OUT.h5.part to OUT.h5 (complete or failed) or keeps the .part
 * (interrupted), then writes OUT.xdmf (OUT.part.xdmf for a kept .part). A killed run leaves only
 * OUT.h5.part, never an OUT.h5. The full layout is documented in docs/results.md.
 * Nothing outside output/ knows HDF5 exists (HDF5 types appear only in output/h5_internal.h).
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
  const char *config_yaml; /* resolved configuration (after --set) */
  const char *title;
  const char *blas_kernel;    /* openblas_get_corename() */
  const char *blas_threading; /* "pthread" | "openmp" | "serial" */
  int threads;
  int reproducible;
  int deflate_level;   /* zlib level of large datasets: 0 = default (1), 1..9, < 0 = uncompressed */
  uint64_t model_hash; /* root attribute model_hash (uint64): the pf_checkpoint model_hash of the
                        * run, checked by pf_output_reopen_checked; 0 = unknown */
} pf_output_meta;

/* A named vector result (reaction of a constrained set; force/moment of a reference node). */
typedef struct {
  const char *name;
  double force[3];
  double moment[3];
  int has_moment;
} pf_output_reaction;

/* A body (reference node) in a frame. */
typedef struct {
  const char *name;
  double translation[3];     /* of the reference point, mm */
  double rotation_vector[3]; /* axis x angle, radians */
  double force[3];           /* N */
  double moment[3];          /* N mm, about the current reference point */
} pf_output_body;

/* A joint in a frame. */
typedef struct {
  const char *name;
  double angle_deg[3]; /* relative rotation about the joint's axes */
  double shift_mm[3];  /* relative translation along them */
  double moment_Nmm[3];
  double force_N[3];
} pf_output_joint;

/* Ground contact in a frame: /steps/NNNN/contact (docs/results.md). */
typedef struct {
  int64_t n_faces, n_points, n_nodes;
  const double *face_pressure;  /* [n_faces] MPa */
  const double *point_pressure; /* [n_points] MPa */
  const double *point_position; /* [n_points * 3] mm */
  const double *node_pressure;  /* [n_nodes] MPa, NaN off the surface */
  double force[3], normal_force, area, cop[3], penetration, pressure_max, gap_tolerance;
  int augmentations;
  int gmres_iterations; /* of the friction tangent's unsymmetric part (symmetric tangent) */
  /* the virtual pressure plate */
  int nx, ny;
  double origin[2], pitch, threshold;
  const double *sensor_pressure; /* [ny * nx] MPa */
  double peak, mean, plate_area, plate_force, plate_cop[2];
  double region_peak[4], region_mean[4], region_force[4], rearfoot_fraction;
  double foot_start, foot_length;
} pf_output_contact;

/* One output frame (a converged increment). Pointers may be NULL when a field is absent; element
 * fields are per element type, rows in block order. */
typedef struct {
  const char *step_name;
  int step_index; /* 0-based index of the step */
  double load_factor;
  int iterations;
  int converged;
  double wall_s;              /* wall time since the run started */
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
  /* bodies (rigid regions, couplings): /steps/NNNN/bodies/<name>/{translation, rotation_vector,
   * force, moment} (force and moment: the reaction the body's constraints and loads carry, in
   * global axes, moment about the current reference point) */
  int n_bodies;
  const pf_output_body *bodies;
  /* joints: /steps/NNNN/joints/<name>/{angle_deg [3], moment_Nmm [3], force_N [3], shift_mm [3]} */
  int n_joints;
  const pf_output_joint *joints;
  /* per region: /steps/NNNN/regions/<name>/min_J (attribute) and the Newton log of the increment:
   * /steps/NNNN/newton/{residual [k], energy [k], factorised [k] (1 when the iteration refactored)}
   */
  int n_regions;
  const char *const *region_names;
  const double *region_min_J; /* [n_regions] */
  int n_newton;
  const double *newton_residual; /* [n_newton] relative residual after each iteration */
  const double *newton_energy;   /* [n_newton] */
  const int *newton_factorised;  /* [n_newton] factorisations made at each iteration */
  /* written as attributes of /steps/NNNN: cutbacks (times the increment was cut back before it
   * converged) and factorisations (the sum of newton_factorised) */
  int cutbacks;
  const pf_output_contact *contact; /* NULL without contact */
} pf_output_frame;

/* Creates path.part beside path and writes the root attributes (status "running"); an existing
 * path is left alone until pf_output_close replaces it.
 * [in] path  OUT.h5; its folder must exist.  [in] meta  root attributes (NULL: defaults).
 * [out] out  the open result file (NULL on failure).
 * Returns PF_OK, or PF_ERR_IO naming the path: folder missing, path.part open in another program
 * (another run writing the same output: refused before anything is truncated), or HDF5 failure. */
int pf_output_open(pf_context *ctx, const char *path, const pf_output_meta *meta, pf_output **out);
/* Writes /mesh: nodes, node_ids, elements/<type>/{connectivity, ids, region}, regions (names),
 * node_sets/<name>, element_sets/<name>, surfaces/<name>/<facetype> (+ <facetype>_parent). Set
 * names are percent-escaped ('/' -> %2F, '%' -> %25, leading '.' -> %2E) and kept verbatim in
 * the attribute "name". elem_region [total elements, global numbering] gives each element's index
 * into region_names (-1: none; NULL: all -1). Once per file, before any frame.
 * Returns PF_OK, PF_ERR_INPUT (two sets of one kind with the same name), PF_ERR_INTERNAL
 * (connectivity outside the nodes) or PF_ERR_IO. */
int pf_output_write_mesh(pf_output *out, const pf_mesh *mesh, int n_regions,
                         const char *const *region_names, const int32_t *elem_region);
/* Writes /steps/NNNN (NNNN = frames written so far, from 0000) and flushes the file: attributes,
 * displacement, reactions/<name> (force) and reaction_moments/<name> (has_moment only),
 * elements/<type>/<field> for the non-NULL fields, solver (attributes; when solver != NULL).
 * A frame that fails half-way is removed. Returns PF_OK, PF_ERR_INTERNAL (no mesh yet) or
 * PF_ERR_IO. */
int pf_output_write_frame(pf_output *out, const pf_output_frame *frame);
/* Writes /summary: one double attribute per name, in this order (creation order is tracked);
 * a name written again is replaced. Flushes the file. */
int pf_output_write_summary(pf_output *out, int n, const char *const *names, const double *values);
/* Adds a double attribute to the root (timings, peak memory). */
int pf_output_set_attr_double(pf_output *out, const char *name, double value);
/* Adds a string attribute to the root. */
int pf_output_set_attr_string(pf_output *out, const char *name, const char *value);
/* Finishes the file: status "complete" | "failed" | "interrupted" and message; renames the .part
 * over the final name (atomically replacing an older OUT.h5) unless interrupted; writes the
 * sidecar OUT.xdmf (or OUT.part.xdmf next to a kept .part) referring to the .h5 by its basename;
 * frees out and sets it to NULL. Safe on NULL. Any other status is recorded as "failed" and
 * returns PF_ERR_INTERNAL. Returns PF_OK, PF_ERR_IO or PF_ERR_INTERNAL. */
int pf_output_close(pf_output **out, const char *status, const char *message);

/* A failed run closed after this keeps its OUT.h5.part (marked failed) instead of becoming
 * OUT.h5, so that `pfsim run --restart OUT.h5.part` can continue it (finite-strain runs with a
 * checkpoint). An interrupted run always keeps its .part. */
void pf_output_keep_part_on_failure(pf_output *out);

/* The scalar results of a result file (pfsim summary). */
typedef struct {
  char *status; /* "complete", "failed", "running", "interrupted" */
  char *message;
  int n;
  char **names;
  double *values;
} pf_summary;

/* Reads status, message and /summary of a result file (OUT.h5 or OUT.h5.part; a .part that a
 * running pfsim holds locked is read without locking). Metrics come in creation order.
 * [out] summary (free with pf_summary_destroy).
 * Returns PF_OK, PF_ERR_IO (missing or unreadable; the message points at OUT.h5.part when only
 * that exists) or PF_ERR_INPUT (not an HDF5 file, or no pfsim status at the root). */
int pf_summary_read(pf_context *ctx, const char *path, pf_summary **summary);
void pf_summary_destroy(pf_summary **summary);

/* ---------------------------------------------------------------------------------------------
 * Restart. After every converged increment the analysis writes a checkpoint beside the result
 * file, atomically (OUT.h5.ckpt.tmp, fsync, rename to OUT.h5.ckpt): what `pfsim run --restart
 * OUT.h5.part` needs to continue from the last converged increment. The checkpoint is removed
 * when the run completes.
 * ------------------------------------------------------------------------------------------- */
typedef struct {
  uint64_t model_hash; /* hash of the resolved configuration and the mesh file (pf_hash64) */
  int step_index;      /* step of the last converged increment */
  double step_time;    /* step fraction reached (0..1] */
  double increment;    /* the step fraction of the next increment */
  int n_frames;        /* frames in the .part that belong to the run so far */
  int64_t n_state;     /* the analysis state: kinematics, multipliers, load start values ... */
  double *state;       /* [n_state] */
} pf_checkpoint;

/* Writes ckpt to path atomically (a temporary file in the same folder, fsync, rename).
 * Returns PF_OK or PF_ERR_IO. */
int pf_checkpoint_write(pf_context *ctx, const char *path, const pf_checkpoint *ckpt);
/* Reads a checkpoint (allocates ckpt->state; pf_checkpoint_free releases it). PF_ERR_IO when
 * unreadable, PF_ERR_INPUT when not a pfsim checkpoint or truncated. */
int pf_checkpoint_read(pf_context *ctx, const char *path, pf_checkpoint *ckpt);
void pf_checkpoint_free(pf_checkpoint *ckpt);

/* Reopens a result file OUT.h5.part to continue it: keeps its mesh and its first n_frames
 * frames, deletes any later (partly written) frame, sets status "running". The final name is
 * the .part's without ".part". The reopen is tried first in a child process, so that a file
 * damaged by a kill in the middle of an HDF5 write cannot crash the caller. Returns PF_OK,
 * PF_ERR_IO (unreadable or damaged) or PF_ERR_INPUT (not a pfsim .part, or fewer frames than
 * n_frames). */
int pf_output_reopen(pf_context *ctx, const char *part_path, int n_frames, pf_output **out);
/* pf_output_reopen for a restart from ckpt: refuses (PF_ERR_INPUT, naming both hashes) when the
 * .part's root attribute model_hash is missing or differs from ckpt->model_hash (the .part was
 * written by another model), then keeps ckpt->n_frames frames. Nothing is modified on refusal. */
int pf_output_reopen_checked(pf_context *ctx, const char *part_path, const pf_checkpoint *ckpt,
                             pf_output **out);

#endif /* PF_OUTPUT_H */
