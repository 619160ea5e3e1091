/*
 * One load increment by Newton's method: full Newton (a factorisation per iteration), modified
 * Newton (a factor made near the solution reused, see "Factor reuse" below) or BFGS on top of
 * that factor (Matthies & Strang, IJNME 14 (1979) 1613; Bathe, Finite Element
 * Procedures, sec. 8.4.2), with an energy line search. The symbolic factorisation is done once.
 * The linear solves (the factor, the shift of an indefinite tangent, the skew correction of
 * applied moments, BFGS) are in nl_tangent.c.
 *
 * Convergence (all on the free dofs): ||r|| <= tol_r * F_ref, F_ref the larger of the external
 * forces and the reactions (and of 1e-3 diag(K) L, L the model's size: a residual whose correction
 * is below 1e-11 L counts as round-off when nothing loads the model), and either the estimated next
 * correction ||du|| min(1, r_k / r_k-1)
 * <= tol_u * ||u - u_0|| (the last correction scaled by the last contraction of the residual, the
 * estimate of Abaqus's correction criterion) or |du . r| <= tol_e * |du_0 . r_0| (energy, the
 * reference the larger of the first two iterations': an increment driven by prescribed
 * displacements starts from equilibrium). Failure modes (the driver cuts the increment back): an
 * inadmissible element (J <= 0), a NaN, divergence, too many iterations.
 *
 * The predictor of a prescribed rotation. The first iteration solves the tangent for the
 * prescribed increments: for a body turned by the spin w the free nodes get a linear field, and
 * a node that the solution carries along with the body (by a fraction phi of its motion) moves
 * by phi (dt + w x r), r its lever from the body's reference point: a chord, not an arc. For a
 * large w that stretches the tissue by sqrt(1 + (phi |w|)^2) across the lever (86% for a quarter
 * turn) and nearly incompressible tissue starts Newton far from equilibrium. When one body turns
 * by more than about 0.6 deg in the predictor (a prescribed rotation, or the response to an
 * applied moment), the predictor of each free node is completed to
 * the arc: + (exp(phi w) - I - phi skew(w)) r, with phi = du . g / (g . g), g = dt + w x r, the
 * share of the body's motion in the node's linear predictor (clamped to [0, 1]). The completion is
 * O(|w|^2): small rotations keep the plain predictor. For Rivlin's torsion it gives the exact
 * field (phi = z / L); for tissue carried rigidly by a body, the rigid motion.
 *
 * Factor reuse (modified Newton, BFGS). Far from the solution the tangent changes from iteration
 * to iteration and an old factor costs more iterations than it saves; near it (the factor made at
 * a relative residual <= 1e-3) the tangent is nearly the converged one and an old factor
 * contracts the residual almost as well as a new one. So a factor is renewed at every iteration
 * until one is made near the solution, and that one is kept while each iteration contracts the
 * residual by 10 or better, across increments too: the next increment's predictor (the prescribed
 * step) is solved with it when it was made in the same step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/nl_newton_impl.h"
#include "constraint/pf_rotation.h"

void pf_newton_destroy(pf_newton **nw) {
  if (!nw || !*nw) return;
  pf_newton *w = *nw;
  pf_solver_destroy(&w->solver);
  pf_solver_destroy(&w->lu);
  pf_csr_destroy(&w->K_full);
  free(w->f_int);
  free(w->f_ext);
  free(w->f_node);
  free(w->r);
  free(w->rhs);
  free(w->dc);
  free(w->du);
  free(w->y);
  free(w->load_value);
  free(w->state0);
  free(w->state1);
  free(w->region_min_J);
  free(w->bfgs_v);
  free(w->bfgs_w);
  free(w->r_prev);
  free(w->skew_dof);
  free(w->skew_S);
  free(w->skew_c);
  free(w->skew_Z);
  free(w->skew_M);
  free(w->skew_piv);
  free(w->gm_V);
  free(w->gm_Z);
  free(w->gm_H);
  free(w);
  *nw = NULL;
}

int pf_newton_create(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                     pf_nl_system *sys, pf_newton **nw_out) {
  pf_newton *w = NULL;
  int ierr;
  *nw_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &w));
  w->ctx = ctx;
  w->model = model;
  w->el = el;
  w->sys = sys;
  w->n = sys->n_dofs;
  w->diag_scale = 0.0;
  {
    const pf_mesh *m = model->mesh;
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (int64_t v = 0; v < m->n_nodes; v++)
      for (int i = 0; i < 3; i++) {
        lo[i] = fmin(lo[i], m->x[3 * v + i]);
        hi[i] = fmax(hi[i], m->x[3 * v + i]);
      }
    w->size = m->n_nodes
                  ? sqrt((hi[0] - lo[0]) * (hi[0] - lo[0]) + (hi[1] - lo[1]) * (hi[1] - lo[1]) +
                         (hi[2] - lo[2]) * (hi[2] - lo[2]))
                  : 1.0;
  }
  w->factor_rel = INFINITY;
  w->factor_step = -1;
  const int64_t n = w->n;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->f_int));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->f_ext));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * model->mesh->n_nodes, &w->f_node));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->r));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->rhs));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->dc));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->du));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->y));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n, &w->r_prev));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * model->desc->n_loads, &w->load_value));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, model->desc->n_regions, &w->region_min_J));
  if (model->desc->newton == PF_NEWTON_BFGS) {
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, PF_BFGS_MAX * n, &w->bfgs_v));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, PF_BFGS_MAX * n, &w->bfgs_w));
  }
  PF_CALL_GOTO(ierr, fail, pf_solver_create(ctx, model->desc->linear_solver, &w->solver));
  PF_CALL_GOTO(ierr, fail,
               pf_solver_set_pcg(w->solver, model->desc->solver_tolerance,
                                 model->desc->solver_max_iterations));
  int64_t n_groups = 0;
  for (int64_t q = 0; q < n; q++)
    if (sys->dof_group[q] + 1 > n_groups) n_groups = sys->dof_group[q] + 1;
  PF_CALL_GOTO(ierr, fail, pf_solver_set_groups(w->solver, n_groups, sys->dof_group));
  PF_CALL_GOTO(ierr, fail, pf_solver_analyse(w->solver, sys->K)); /* once for the whole run */
  *nw_out = w;
  return PF_OK;
fail:
  pf_newton_destroy(&w);
  return ierr;
}

const double *pf_newton_f_int(const pf_newton *nw) { return nw->f_int; }
const double *pf_newton_f_ext(const pf_newton *nw) { return nw->f_ext; }
const double *pf_newton_f_node(const pf_newton *nw) { return nw->f_node; }
const double *pf_newton_region_min_J(const pf_newton *nw) { return nw->region_min_J; }

int pf_newton_gmres_vectors(void) { return 2 * PF_GMRES_MAX + 1; }

void pf_newton_times(const pf_newton *nw, double *t_analyse, double *t_assemble, double *t_factor,
                     double *t_solve) {
  *t_analyse = pf_solver_get_stats(nw->solver)->t_analyse;
  *t_assemble = nw->t_assemble;
  *t_factor = nw->t_factor;
  *t_solve = nw->t_solve;
}

/* Mean diagonal of the free rows: the scale of a prescribed dof's identity row. */
static double free_diag_mean(const pf_csr *K, const uint8_t *prescribed) {
  double s = 0.0;
  int64_t n = 0;
  for (int64_t d = 0; d < K->n; d++) {
    if (prescribed[d]) continue;
    s += fabs(K->val[K->rowptr[d]]); /* upper CSR: the diagonal is each row's first entry */
    n++;
  }
  return n && s > 0.0 ? s / (double)n : 1.0;
}

static double norm_free(const double *v, const uint8_t *presc, int64_t n, int want_presc) {
  double s = 0.0;
  for (int64_t d = 0; d < n; d++)
    if ((presc[d] != 0) == want_presc) s += v[d] * v[d];
  return sqrt(s);
}

/* Assembles at the current state; with K also the right-hand side of the prescribed increments
 * dc. Returns 0, or -1 for an inadmissible element (ev filled). */
static int assemble(pf_newton *w, pf_kinematics *kin, const uint8_t *presc, int with_K,
                    const double *dc, pf_nl_eval *ev) {
  const double t0 = pf_wtime();
  ev->region_min_J = w->region_min_J;
  if (with_K) memset(w->rhs, 0, (size_t)w->n * sizeof(double));
  int rc =
      pf_nl_assemble(w->ctx, w->model, w->el, w->sys, kin, presc, 1.0, dc, with_K ? w->rhs : NULL,
                     w->f_int, w->f_node, with_K ? w->sys->K : NULL, ev);
  w->t_assemble += pf_wtime() - t0;
  if (rc || !with_K) return rc;
  /* prescribed rows: identity scaled like the free diagonal */
  if (w->diag_scale == 0.0) w->diag_scale = free_diag_mean(w->sys->K, presc);
  for (int64_t d = 0; d < w->n; d++)
    if (presc[d]) {
      w->sys->K->val[w->sys->K->rowptr[d]] = w->diag_scale;
      w->rhs[d] = w->diag_scale * (dc ? dc[d] : 0.0);
    }
  return 0;
}

/* Completes the first iteration's predictor du of the free nodes to arcs about the one body that
 * turns by more than 1e-2 rad in it, prescribed or loaded (see the top); kin is the state at the
 * increment's start. */
static void predictor_arcs(const pf_newton *w, const pf_kinematics *kin, const uint8_t *presc,
                           double *du) {
  const pf_model_desc *d = w->model->desc;
  int body = -1;
  for (int b = 0; b < d->n_bodies; b++) {
    const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
    if (sqrt(pf_v3_dot(du + off + 3, du + off + 3)) <= 1e-2) continue;
    if (body >= 0) return; /* several turning bodies: the plain predictor */
    body = b;
  }
  if (body < 0) return;
  const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, body));
  /* the body's predicted motion (prescribed: the solve returns dc on those rows) */
  const double *wv = du + off + 3, *dt = du + off;
  double xr[3];
  pf_kin_body_state(kin, body, xr, NULL, NULL, NULL);
  const double *X = w->model->mesh->x, *u = pf_kin_displacement(kin);
  for (int64_t g = 0; g < pf_kin_n_groups(kin); g++) {
    const int64_t v = pf_kin_group_node(kin, g);
    if (v < 0) continue;
    const int64_t q = pf_kin_group_offset(kin, g);
    if (presc[q] || presc[q + 1] || presc[q + 2]) continue;
    double r[3], wr[3], gv[3];
    for (int i = 0; i < 3; i++) r[i] = X[3 * v + i] + u[3 * v + i] - xr[i];
    pf_v3_cross(wv, r, wr);
    for (int i = 0; i < 3; i++) gv[i] = dt[i] + wr[i];
    const double gg = pf_v3_dot(gv, gv);
    if (!(gg > 1e-24)) continue;
    double phi = pf_v3_dot(du + q, gv) / gg;
    phi = phi < 0.0 ? 0.0 : phi > 1.0 ? 1.0 : phi;
    const double pw[3] = {phi * wv[0], phi * wv[1], phi * wv[2]};
    double E[9], Er[3];
    pf_rot_exp(pw, E);
    pf_m3_vec(E, r, Er);
    for (int i = 0; i < 3; i++) du[q + i] += Er[i] - r[i] - phi * wr[i];
  }
}

/* 1 when the step du moves a prescribed dof (the first iteration of an increment that moves
 * them). */
static int moves_prescribed(const double *du, const uint8_t *presc, int64_t n) {
  for (int64_t q = 0; q < n; q++)
    if (presc[q] && du[q] != 0.0) return 1;
  return 0;
}

/* Residual r = f_int - f_ext at the state base + s du (restores base first). */
static int residual_at(pf_newton *w, pf_kinematics *kin, const uint8_t *presc, const double *base,
                       double s, double *energy_dot) {
  pf_kin_state_restore(kin, base);
  for (int64_t d = 0; d < w->n; d++) w->y[d] = s * w->du[d];
  pf_kin_update(kin, w->y);
  pf_nl_eval ev;
  if (assemble(w, kin, presc, 0, NULL, &ev)) return -1;
  double g = 0.0;
  for (int64_t d = 0; d < w->n; d++) {
    w->r[d] = w->f_int[d] - w->f_ext[d];
    if (!presc[d]) g += w->du[d] * w->r[d];
  }
  *energy_dot = g;
  return 0;
}

int pf_newton_increment(pf_context *ctx, pf_newton *w, pf_kinematics *kin, const pf_schedule *sch,
                        double t1, pf_increment_report *rep) {
  const pf_model_desc *d = w->model->desc;
  const uint8_t *presc = sch->prescribed;
  const int64_t n = w->n;
  int ierr = PF_OK;
  memset(rep, 0, sizeof(*rep));
  rep->bad_element = -1;
  if (!w->state0) {
    PF_CALL(PF_CALLOC(ctx, pf_kin_state_size(kin), &w->state0));
    PF_CALL(PF_CALLOC(ctx, pf_kin_state_size(kin), &w->state1));
  }
  pf_kin_state_save(kin, w->state0);
  /* contact: the multipliers start the increment at the pressure extrapolated from the last two
   * converged states (after the save: a cut-back predicts again from the converged state) */
  if (w->sys->contact) pf_contact_predict(w->sys->contact, kin, sch->step, t1);
  w->kin = kin;
  w->use_lu = 0; /* CHOLMOD first in every increment (UMFPACK throughout for the exact friction
                  * tangent) */
  w->shift = 0.0;
  pf_schedule_loads(sch, t1, w->load_value);
  PF_CALL(pf_nl_external(ctx, w->model, w->sys, kin, w->load_value, w->f_ext));
  pf_schedule_prescribed(sch, kin, t1, w->dc);

  double res_hist[3] = {0, 0, 0}, energy0 = 0.0, F_ref = 0.0, du_total = 0.0, rel_ref = 0.0;
  int need_factor = 1, stalls = 0;
  /* the predictor may reuse the factor of the last increment (modified Newton, BFGS) */
  const int reuse0 =
      d->newton != PF_NEWTON_FULL && w->factor_rel <= PF_REUSE_ETA && w->factor_step == sch->step;
  double factor_rel = reuse0 ? w->factor_rel : INFINITY; /* where the factor in use was made */
  w->factor_rel = INFINITY; /* until this increment converges with a factor near its solution */
  double s_prev = 1.0;
  /* a plane loaded by a force: the contact's step limit (below) */
  const int plane_free = w->sys->contact && pf_nl_contact_plane_free(w->sys, kin, presc);
  int it_free = 0; /* the iteration after the last step that the limit shortened */
  w->n_bfgs = 0;
  /* max_iterations per Newton solve: an augmentation of the contact multipliers starts a new one
   * (up to PF_MAX_AUGMENTATIONS of them) */
  int it_limit = d->max_iterations;
  double aug_below = PF_AUG_ETA;
  int aug_reset = 0, it_solve = 0;       /* the iteration where the current solve started */
  double solve_res[5] = {0, 0, 0, 0, 0}; /* the last residuals of the current solve */
  /* friction with the symmetric factor: its unsymmetric part by GMRES (nl_tangent.c) */
  const int friction_gmres = w->sys->contact && pf_contact_friction(w->sys->contact) &&
                             !pf_contact_unsymmetric(w->sys->contact);
  for (int it = 0; it <= it_limit; it++) {
    if (pf_interrupted(ctx)) {
      pf_kin_state_restore(kin, w->state0);
      return PF_ERROR(ctx, PF_ERR_INTERRUPTED, "interrupted");
    }
    const int full = d->newton == PF_NEWTON_FULL;
    const int with_K = it == 0 || full || need_factor || factor_rel > PF_REUSE_ETA;
    const int do_factor = with_K && !(it == 0 && reuse0);
    pf_nl_eval ev;
    if (assemble(w, kin, presc, with_K, it == 0 ? w->dc : NULL, &ev)) {
      rep->cut_reason = 1;
      rep->bad_element = ev.bad_element;
      break;
    }
    for (int64_t q = 0; q < n; q++) w->r[q] = w->f_int[q] - w->f_ext[q];
    const double rn = norm_free(w->r, presc, n, 0);
    if (!isfinite(rn)) {
      rep->cut_reason = 2;
      break;
    }
    const double fe = norm_free(w->f_ext, presc, n, 0), fr = norm_free(w->r, presc, n, 1);
    /* floor: a force whose correction would be 1e-3 of the model's size, so that a model with no
     * load or reaction (a free rigid motion) converges on round-off */
    F_ref = fmax(F_ref, fmax(fmax(fe, fr), 1e-3 * w->diag_scale * w->size));
    const double rel = F_ref > 0.0 ? rn / F_ref : rn;
    if (rep->n_log < 64) {
      rep->log_residual[rep->n_log] = rel;
      rep->log_factorised[rep->n_log] = do_factor;
    }
    if (it == 0) rep->residual0 = rel, rel_ref = rel;
    /* the step: the line search's fraction of the Newton correction that led here */
    pf_debug(ctx, "  newton %d: residual %.3e (|r| %.3e, F_ref %.3e)%s, step %.3g\n", it, rel, rn,
             F_ref, do_factor ? ", factorised" : "", it ? s_prev : 0.0);
    if (w->sys->contact && ctx->log_level >= PF_LOG_DEBUG) {
      int64_t ns;
      const int64_t nc = pf_contact_counts(w->sys->contact, kin, &ns, NULL);
      pf_debug(ctx, "    contact: %lld nodes in contact, %lld sliding\n", (long long)nc,
               (long long)ns);
    }
    if (it == 0 && plane_free) { /* nothing holds a plane loaded by a force that touches nothing */
      double g_min;
      if (!pf_contact_counts(w->sys->contact, kin, NULL, &g_min)) {
        const pf_contact_desc *cd = &d->contact;
        pf_kin_state_restore(kin, w->state0);
        return PF_ERROR(
            ctx, PF_ERR_CONVERGENCE,
            "the ground plane is free along its normal (its reference node '%s', %s:%d) "
            "but touches no node of surface '%s' (the nearest is %.4g mm away), so "
            "nothing holds it: start with the body on the plane, or move the plane by "
            "a displacement until it touches and load it by a force in a later step",
            cd->reference, cd->reference_loc.file ? cd->reference_loc.file : "?",
            cd->reference_loc.line, cd->surface, g_min);
      }
    }
    rep->residual = rel;
    solve_res[(it - it_solve) % 5] = rel;
    res_hist[0] = res_hist[1];
    res_hist[1] = res_hist[2];
    res_hist[2] = rel;
    if (aug_reset) { /* the next early update once this solve has gained PF_AUG_ETA; the
                      * residual after an update is a scale for divergence as the first is */
      aug_below = fmin(PF_AUG_ETA, PF_AUG_ETA * rel);
      rel_ref = fmax(rel_ref, rel);
      aug_reset = 0;
    }
    if (it == 1) rel_ref = fmax(rel_ref, rel);
    if (it > 0) {
      double g = 0.0, dun = 0.0;
      for (int64_t q = 0; q < n; q++)
        if (!presc[q]) {
          g += w->du[q] * w->r_prev[q];
          dun = fmax(dun, fabs(w->du[q]));
        }
      const int res_ok = rel <= d->residual_tolerance || rn == 0.0;
      const double contraction = res_hist[1] > 0.0 ? fmin(1.0, rel / res_hist[1]) : 1.0;
      /* floor: 1e-6 of the model's size, so that an increment in which no free dof moves (a
       * ground plane moved through empty space) converges on round-off (it ended as
       * "diverged" on residuals of 1e-13 before 2026-11-29) */
      const int disp_ok =
          dun * contraction <= d->displacement_tolerance * fmax(du_total, 1e-6 * w->size);
      const int energy_ok = fabs(g) <= d->energy_tolerance * fmax(fabs(energy0), 1e-300);
      int augmented = 0;
      if (res_ok && (disp_ok || energy_ok)) {
        /* augmented Lagrangian: driven joints and contact update their multipliers and iterate
         * again until both are within their tolerances */
        const int joints_ok = pf_kin_augment(kin, 1e-2 * M_PI / 180.0);
        const int contact_ok = !w->sys->contact || pf_contact_augment(w->sys->contact, kin);
        if (!contact_ok && ++rep->augmentations <= PF_MAX_AUGMENTATIONS)
          it_limit = it + d->max_iterations;
        augmented = !(joints_ok && contact_ok);
        if (joints_ok && contact_ok) {
          if (w->sys->contact) pf_contact_commit(w->sys->contact, kin, sch->step, t1);
          rep->converged = 1;
          if (!w->use_lu) { /* CHOLMOD's factor is kept for the next increment's predictor */
            w->factor_rel = factor_rel;
            w->factor_step = sch->step;
          }
          rep->iterations = it;
          if (it - it_solve > rep->solve_iterations) rep->solve_iterations = it - it_solve;
          if (rep->n_log < 64) rep->n_log++;
          break;
        }
      } else if (w->sys->contact && rel <= aug_below && rep->augmentations < PF_MAX_AUGMENTATIONS &&
                 !pf_contact_augment(w->sys->contact, kin)) {
        /* inexact Uzawa: near the solution of the penalty problem its multipliers are updated
         * without converging it further (the update moves the solution by the penetration) */
        rep->augmentations++;
        it_limit = it + d->max_iterations;
        augmented = 1;
      }
      if (augmented) { /* the residual has changed: assemble again before the next solve */
        if (it - it_solve > rep->solve_iterations) rep->solve_iterations = it - it_solve;
        it_solve = it;
        if (rep->n_log < 64) rep->n_log++;
        aug_reset = 1;
        continue;
      }
      /* divergence: the residual grew for three iterations running, or by 1e6 over the larger
       * of the first two (an increment driven by prescribed displacements starts from the last
       * converged residual: its scale is the residual after the prescribed step) */
      /* a step of a plane loaded by a force that the contact's limit shortened is not counted:
       * nodes are still closing. Such a plane touching the body at a few nodes approaches its
       * solution with short steps whose residual grows while the energy falls, and a smaller
       * increment would start the same way (its stiffness there does not depend on the load). */
      stalls = res_hist[1] > 0.0 && rel > res_hist[1] && it_free != it ? stalls + 1 : 0;
      if (stalls >= 3 || rel > 1e6 * rel_ref) {
        rep->cut_reason = 3;
        rep->iterations = it;
        if (rep->n_log < 64) rep->n_log++;
        break;
      }
      /* no progress (full Newton, which converges fast or not at all): from the 8th iteration
       * of a solve, a residual that has not halved over the last 4 iterations; a smaller
       * increment is cheaper than the rest of the iterations (stick/slip zones that keep
       * switching, elements near inversion); counted from the last such shortened step */
      const int k = it - it_solve, k_free = it - (it_free > it_solve ? it_free : it_solve);
      if (full && k_free >= 8 && rel > 0.5 * solve_res[(k - 4) % 5]) {
        rep->cut_reason = 5;
        rep->iterations = it;
        if (rep->n_log < 64) rep->n_log++;
        break;
      }
      if (!full && rel > PF_REUSE_RHO * res_hist[1]) need_factor = 1; /* slow: renew it */
    }
    if (rep->n_log < 64) rep->n_log++;
    if (it == it_limit) {
      rep->cut_reason = 4;
      break;
    }
    if (d->newton == PF_NEWTON_BFGS && !do_factor &&
        it > 1) { /* it 1's step moved prescribed dofs */
      /* R_prev = -r_prev; K_bfgs delta = s_prev R_prev for the step delta = du just taken */
      for (int64_t q = 0; q < n; q++) w->y[q] = presc[q] ? 0.0 : -w->r_prev[q];
      pf_newton_bfgs_update(w, w->du, w->r_prev, w->r, s_prev, w->y);
    }
    /* right-hand side: -r on free rows (+ -K_fc dc on the first iteration), dc on prescribed */
    for (int64_t q = 0; q < n; q++)
      w->rhs[q] = presc[q] ? (with_K ? w->rhs[q] : 0.0) : (with_K ? w->rhs[q] : 0.0) - w->r[q];
    double t0 = pf_wtime();
    if (do_factor) {
      int nf = 0;
      ierr = pf_newton_factor(w, presc, &nf);
      rep->factorisations += nf - 1; /* the shifted retries; the one below counts the last */
      if (it < 64) rep->log_factorised[it] = nf;
      if (ierr == PF_ERR_INPUT) { /* singular tangent: treat as a failed increment */
        pf_error_clear(ctx);
        rep->cut_reason = 3;
        ierr = PF_OK;
        break;
      }
      if (!ierr) ierr = pf_newton_skew_setup(w, kin, presc);
      if (ierr) break;
      rep->factorisations++;
      factor_rel = rel;
      need_factor = 0;
      w->n_bfgs = 0;
    } else if (it == 0) { /* the last increment's factor: the applied moments have moved on */
      ierr = pf_newton_skew_setup(w, kin, presc);
      if (ierr) break;
    }
    w->t_factor += pf_wtime() - t0;
    t0 = pf_wtime();
    if (d->newton == PF_NEWTON_BFGS && w->n_bfgs > 0) {
      ierr = pf_newton_bfgs_solve(w, w->rhs, w->du);
    } else if (friction_gmres && full && !w->shifted) {
      int gi = 0;
      const double tol = fmin(PF_GMRES_TOL_MAX, fmax(PF_GMRES_TOL_MIN, PF_GMRES_ETA * rel));
      ierr = pf_newton_solve_friction(w, presc, w->rhs, w->du, tol, &gi);
      rep->krylov += gi;
    } else {
      ierr = pf_newton_solve(w, w->rhs, w->du);
    }
    w->t_solve += pf_wtime() - t0;
    if (ierr) break;
    if (it == 0) predictor_arcs(w, kin, presc, w->du);
    if (it <= 1) { /* the larger of the first two (see the top) */
      double e = 0.0;
      for (int64_t q = 0; q < n; q++)
        if (!presc[q]) e += w->du[q] * w->r[q];
      energy0 = fmax(fabs(energy0), fabs(e));
    }
    memcpy(w->r_prev, w->r, (size_t)n * sizeof(double));
    /* a plane loaded by a force: a step that would push a contact node through it deeper than
     * the contact allows is shortened to s_max (a node open in the tangent does not resist the
     * step, and such a plane touching a curved body at one node has almost no stiffness); in
     * the first iteration only when no prescribed dof moves, so that a prescribed step is always
     * taken whole. Not for a fixed or driven plane: on the 30k friction pad's folding corners it
     * cost a second cut-back (docs/contact.md). */
    double s_max = 1.0;
    if (plane_free && (it > 0 || !moves_prescribed(w->du, presc, n))) {
      s_max = pf_nl_contact_step_limit(w->sys, kin, w->du);
      if (s_max < 1.0) pf_debug(ctx, "    contact: step limited to %.3g\n", s_max);
    }
    if (s_max < 1.0) it_free = it + 1;
    /* line search on the energy g(s) = du . r(u + s du) (free dofs), from s_max */
    double s = s_max;
    pf_kin_state_save(kin, w->state1);
    if (d->line_search && (it > 0 || s_max < 1.0)) {
      double g0 = 0.0, g1;
      for (int64_t q = 0; q < n; q++)
        if (!presc[q]) g0 += w->du[q] * w->r[q];
      /* a step that inverts an element is halved until it does not (up to 1/64) */
      int bad = residual_at(w, kin, presc, w->state1, s, &g1) != 0;
      for (int h = 0; bad && h < 6; h++) {
        s *= 0.5;
        bad = residual_at(w, kin, presc, w->state1, s, &g1) != 0;
      }
      /* a shortened step whose energy still falls is taken as it is */
      if (!bad && s == s_max && fabs(g1) > 0.8 * fabs(g0) && g0 < 0.0 &&
          (s_max == 1.0 || g1 > 0.0)) {
        double sa = 0.0, ga = g0, sb = s_max, gb = g1;
        for (int ls = 0; ls < 6; ls++) {
          double sn = gb > 0.0 ? sa - ga * (sb - sa) / (gb - ga) : 2.0 * sb;
          if (!(sn > 0.05 * s_max) || sn > 4.0) sn = 0.5 * (sa + sb);
          double gn;
          if (residual_at(w, kin, presc, w->state1, sn, &gn)) {
            sb = sn;
            gb = 1e300;
            continue;
          }
          s = sn;
          if (fabs(gn) <= 0.8 * fabs(g0)) break;
          if (gn < 0.0)
            sa = sn, ga = gn;
          else
            sb = sn, gb = gn;
        }
      }
      pf_kin_state_restore(kin, w->state1);
    }
    for (int64_t q = 0; q < n; q++) w->y[q] = s * w->du[q];
    pf_kin_update(kin, w->y);
    if (s != 1.0)
      for (int64_t q = 0; q < n; q++) w->du[q] *= s;
    double dmax = 0.0;
    for (int64_t q = 0; q < n; q++)
      if (!presc[q]) dmax = fmax(dmax, fabs(w->du[q]));
    du_total = fmax(du_total, dmax);
    s_prev = s;
  }
  if (!rep->converged || ierr) {
    pf_kin_state_restore(kin, w->state0);
    if (!rep->iterations) rep->iterations = it_limit;
  } else {
    /* observed order near the solution: the last three decreasing residuals above the
     * round-off floor (1e-12), the middle one below 1e-2 */
    const int nl = rep->n_log < 64 ? rep->n_log : 64;
    for (int k = nl - 1; k >= 2; k--) {
      const double r0 = rep->log_residual[k - 2], r1 = rep->log_residual[k - 1],
                   r2 = rep->log_residual[k];
      if (r2 > 1e-12 && r1 < 1e-2 && r2 < r1 && r1 < r0) {
        rep->rate = log(r2 / r1) / log(r1 / r0);
        break;
      }
    }
  }
  return ierr;
}
