/*
 * The Newton solver's state, shared by nl_newton.c (increments: assembly, predictor, convergence,
 * line search) and nl_tangent.c (the linear solves: factorisation with the shift of an indefinite
 * tangent, the skew correction of applied moments, BFGS). Private to analysis/.
 */
#ifndef PF_NL_NEWTON_IMPL_H
#define PF_NL_NEWTON_IMPL_H

#include <lapacke.h>

#include "analysis/pf_nonlinear.h"

#define PF_BFGS_MAX 12 /* BFGS updates kept before a refactorisation */
/* Modified Newton and BFGS keep a factor made near the solution (relative residual <= ETA) while
 * every iteration contracts the residual by RHO or better; a factor made farther out is renewed
 * at the next iteration (see the top). */
#define PF_REUSE_ETA 1e-3
#define PF_REUSE_RHO 0.1
/* Contact augmentations in one increment, each with max_iterations of its own */
#define PF_MAX_AUGMENTATIONS 10
/* Contact multipliers are updated once the relative residual is below this (inexact Uzawa; after
 * an update, once the residual has fallen by this factor again), and at convergence when the
 * penetration still exceeds the gap tolerance */
#define PF_AUG_ETA 1e-3
/* GMRES for the friction tangent's unsymmetric part (nl_tangent.c): the most iterations; the
 * relative residual asked of it is PF_GMRES_ETA x the relative Newton residual (an inexact Newton
 * method whose forcing term falls with the residual, so the rate stays quadratic: Eisenstat &
 * Walker, SIAM J. Sci. Comput. 17 (1996) 16-32), within [PF_GMRES_TOL_MIN, PF_GMRES_TOL_MAX].
 * A forcing term of the order of the residual keeps the rate quadratic; 1 instead of 1e-2 took
 * 25% fewer GMRES iterations for the same Newton iterations on the friction pads (52 at h 5 mm,
 * 80 at 30k) and 33 instead of 37 on the test's sliding block (2026-11-29, 023e479). */
#define PF_GMRES_MAX     30
#define PF_GMRES_ETA     1.0
#define PF_GMRES_TOL_MIN 1e-12
#define PF_GMRES_TOL_MAX 1e-3

struct pf_newton_s {
  pf_context *ctx;
  const pf_model *model;
  const pf_nl_elements *el;
  pf_nl_system *sys;
  const pf_kinematics *kin; /* the state of the increment being solved */
  pf_solver *solver;
  int64_t n; /* group dofs */
  double *f_int, *f_ext, *f_node, *r, *rhs, *dc, *du, *y, *load_value;
  double *state0, *state1; /* kinematic states: increment start, line-search base */
  double *region_min_J;
  double diag_scale;
  double size; /* the diagonal of the mesh's bounding box */
  int n_bfgs;
  double *bfgs_v, *bfgs_w; /* [PF_BFGS_MAX * n] */
  double *r_prev;
  /* A tangent that stays indefinite even shifted (nl_tangent.c) is factorised by UMFPACK LU on
   * the full matrix for the rest of the increment. */
  pf_solver *lu;
  pf_csr *K_full;
  int use_lu;
  int warned_lu;
  double shift; /* the last shift of an indefinite tangent in this increment */
  int shifted;  /* the factor in place is of a shifted tangent */
  /* the factor in place: the relative residual where it was made (INFINITY: none usable for a
   * new increment) and the step it belongs to */
  double factor_rel;
  int factor_step;
  /* The skew correction of moment-loaded bodies (see nl_tangent.c): m columns (3 per body with a
   * moment and a free spin dof), their dofs, S, Z = K^-1 E S [n x m] and the LU of I + E^T Z. */
  int n_skew;
  int64_t *skew_dof;    /* [3 n_bodies] */
  double *skew_S;       /* [3 m] S, 3 x 3 per body (row-major) */
  double *skew_c;       /* [m] */
  double *skew_Z;       /* [n x m] column-major */
  double *skew_M;       /* [m x m] LU factors (column-major) */
  lapack_int *skew_piv; /* [m] */
  /* GMRES with the factor as preconditioner for the friction tangent (nl_tangent.c) */
  double *gm_V; /* [(PF_GMRES_MAX + 1) n] the Krylov basis */
  double *gm_Z; /* [PF_GMRES_MAX n] K^-1 of the basis vectors (the update without a last solve) */
  double *gm_H; /* [(PF_GMRES_MAX + 1) PF_GMRES_MAX] the Hessenberg matrix, column-major */
  /* seconds summed over the run (failed attempts included): assemblies (tangents and the line
   * search's residuals), numerical factorisations (with the skew correction's set-up), solves
   * (GMRES included) */
  double t_assemble, t_factor, t_solve;
};

/* Factorises the tangent sys->K (prescribed: the rows left out of a shift); *count returns the
 * factorisations made. PF_ERR_INPUT: singular. */
int pf_newton_factor(pf_newton *w, const uint8_t *prescribed, int *count);
/* Sets up the skew correction of moment-loaded bodies for the current factor and loads. */
int pf_newton_skew_setup(pf_newton *w, const pf_kinematics *kin, const uint8_t *prescribed);
/* x = (K + E S E^T)^-1 b: the current factor and the skew correction. */
int pf_newton_solve(pf_newton *w, const double *b, double *x);
/* x solves (K + C) x = b by GMRES preconditioned with the factor of K to a relative residual tol,
 * C the unsymmetric part of the friction tangent; *iterations returns the GMRES iterations. */
int pf_newton_solve_friction(pf_newton *w, const uint8_t *prescribed, const double *b, double *x,
                             double tol, int *iterations);
/* x = H b, H the BFGS-updated inverse on top of the current factor. */
int pf_newton_bfgs_solve(pf_newton *w, const double *b, double *x);
/* BFGS update from the step delta, the residuals before and after, the step length s and K delta
 * / s (see nl_tangent.c). */
void pf_newton_bfgs_update(pf_newton *w, const double *delta, const double *r_prev, const double *r,
                           double s, const double *kdelta_over_s);

#endif /* PF_NL_NEWTON_IMPL_H */
