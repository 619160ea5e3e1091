/*
 * The nonlinear static analysis: steps and load curves (the schedule), Newton increments, and the
 * driver that walks the steps with automatic increments.
 */
#ifndef PF_NONLINEAR_H
#define PF_NONLINEAR_H

#include "analysis/pf_analysis.h"
#include "assembly/pf_nl_assembly.h"
#include "constraint/pf_kinematics.h"

/* Value of a load curve at step fraction t in [0, 1] (0 at t = 0 for linear and table curves
 * starting at 0; step: 1 for t > 0). */
double pf_curve_eval(const pf_curve_desc *c, double t);

/* The schedule of one step: which load and boundary entries are live, where each starts and
 * where it goes. Entries persist at their end value into later steps; an entry of a later step
 * with the same name takes over from where the earlier one ended; release: true ends it. */
typedef struct {
  const pf_model *model;
  int step;
  int64_t n_dofs;
  uint8_t *load_live;       /* [n_loads] the entry acting now */
  double *load_start;       /* [n_loads * 3] value at the step start */
  double *load_target;      /* [n_loads * 3] value at the step end */
  uint8_t *prescribed;      /* [n_dofs] */
  int32_t *owner;           /* [n_dofs] boundary entry prescribing the dof, -1 */
  double *c_start;          /* [n_dofs] value of a prescribed translation dof at the step start */
  double *c_target;         /* [n_dofs] its value at the step end */
  uint8_t *is_rotation;     /* [n_dofs] a body's spin dof */
  int *body_rotation;       /* [n_bodies] the rotation entry driving body b this step, -1 */
  double *rot_start;        /* [n_bodies * 3] rotation vector at the step start (radians) */
  double *rot_target;       /* [n_bodies * 3] at the step end */
  int *joint_entry;         /* [n_joints] joint_angle entry driving joint j, -1 */
  double *joint_start;      /* [n_joints] radians */
  double *joint_target;     /* [n_joints] radians */
  const int64_t *dof_group; /* [n_dofs] the system's group of each dof */
  int *group_body;          /* [n_groups] body of a body group, -1 */
} pf_schedule;

int pf_schedule_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                       const int64_t *dof_group, int64_t n_dofs, pf_schedule **sch);
void pf_schedule_destroy(pf_schedule **sch);
/* Sets up step k from the current state of kin, the state at fraction t0 of the step (0: its
 * start; > 0: a restart part way, where each prescribed ramp goes on along the path that passes
 * through the current state, the uninterrupted run's to round-off). Errors: a boundary entry on a
 * node that follows a body or a tie (constrain the body), a set with no free node. */
int pf_schedule_begin(pf_context *ctx, pf_schedule *sch, pf_kinematics *kin, int step, double t0);
/* Current value of every load entry at step fraction t: load_value [n_loads * 3]. */
void pf_schedule_loads(const pf_schedule *sch, double t, double *load_value);
/* Increments of the prescribed dofs that take the state of kin to their values at t, into dc
 * [n_dofs] (0 for free dofs); drives the joints' targets to t. */
void pf_schedule_prescribed(const pf_schedule *sch, pf_kinematics *kin, double t, double *dc);

/* How an increment went. */
typedef struct {
  int converged;
  int iterations;
  int solve_iterations; /* the most iterations of one Newton solve (between augmentations) */
  int factorisations;
  int augmentations;          /* contact multiplier updates (each followed by more iterations) */
  int krylov;                 /* GMRES iterations for the friction tangent's unsymmetric part */
  int cut_reason;             /* 0 none; 1 inadmissible element; 2 NaN; 3 divergence; 4 iterations;
                               * 5 no progress */
  int64_t bad_element;        /* reason 1 */
  double residual0, residual; /* relative residual at the first and last iteration */
  double rate;                /* observed convergence order near the solution (0 if unknown) */
  int n_log;
  double log_residual[64], log_energy[64];
  int log_factorised[64];
} pf_increment_report;

/* The Newton solver state kept between increments (matrix, factor, work vectors). */
typedef struct pf_newton_s pf_newton;
int pf_newton_create(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                     pf_nl_system *sys, pf_newton **nw);
void pf_newton_destroy(pf_newton **nw);
/* Solves one increment from the current state of kin to step fraction t1 of the schedule's step.
 * On success kin holds the converged state and f_int/f_ext the final forces; on failure kin is
 * unchanged from the entry state. Returns PF_OK (see rep->converged), PF_ERR_INTERRUPTED, or a
 * hard error. */
int pf_newton_increment(pf_context *ctx, pf_newton *nw, pf_kinematics *kin, const pf_schedule *sch,
                        double t1, pf_increment_report *rep);
/* Forces of the last converged state: internal (group space), external, and nodal internal. */
const double *pf_newton_f_int(const pf_newton *nw);
const double *pf_newton_f_ext(const pf_newton *nw);
const double *pf_newton_f_node(const pf_newton *nw);
const double *pf_newton_region_min_J(const pf_newton *nw);
/* Work vectors (of the system's size) that GMRES adds for friction with the symmetric tangent:
 * its basis and the basis times the factor's inverse. */
int pf_newton_gmres_vectors(void);
/* Seconds spent so far: the symbolic analysis (once), and summed over every Newton iteration
 * (failed attempts included) the assemblies (tangents and the line search's residuals), the
 * numerical factorisations and the solves (GMRES included). */
void pf_newton_times(const pf_newton *nw, double *t_analyse, double *t_assemble, double *t_factor,
                     double *t_solve);

/* Where a restarted run continues (from a checkpoint). */
typedef struct {
  int step;                /* step to continue */
  double step_time;        /* fraction of it reached */
  double increment;        /* the next increment (step fraction) */
  const double *kin_state; /* pf_kin_state_size values */
} pf_nl_resume;

/* Called after every converged increment with the state (frames, checkpoints); write_frame says
 * whether the step's output level asks for this increment. A negative return stops the run. */
typedef struct {
  int (*increment)(void *user, const pf_model *model, const pf_kinematics *kin,
                   const pf_solution *sol, const pf_frame_info *info, int write_frame,
                   const pf_increment_report *rep, double step_time, double next_increment);
  void *user;
} pf_nl_callbacks;

/* The nonlinear static analysis: every step, with automatic increments (cut back on failure,
 * grown after easy increments). sol returns the state at the end of the summary step. */
int pf_analysis_nonlinear(pf_context *ctx, const pf_model *model, const pf_nl_resume *resume,
                          const pf_nl_callbacks *cb, pf_solution **sol);

#endif /* PF_NONLINEAR_H */
