/*
 * The nonlinear static analysis: steps walked with automatic increments. An increment that fails
 * (an inverted element, a NaN, divergence, too many iterations) is cut back by half, up to
 * max_cutbacks times in a row; two easy increments in a row grow the next by `growth`, up to the
 * step's initial increment. Every converged increment is handed to the caller (frames,
 * checkpoints) before the next starts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_nonlinear.h"

static const char *cut_reasons[] = {"",
                                    "an element inverted (det F <= 0)",
                                    "NaN in the residual",
                                    "the iterations diverged",
                                    "too many iterations",
                                    "no progress (the residual did not halve in 4 iterations)"};

/* The solution of the current state: displacements, reactions, element results. */
static int fill_solution(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                         const pf_nl_system *sys, const pf_kinematics *kin, const pf_schedule *sch,
                         const pf_newton *nw, pf_solution *sol) {
  const pf_model_desc *d = model->desc;
  const int64_t nn = model->mesh->n_nodes;
  const double *u = pf_kin_displacement(kin), *f_int = pf_newton_f_int(nw),
               *f_ext = pf_newton_f_ext(nw);
  pf_link links[PF_KIN_MAX_LINKS];
  memcpy(sol->u, u, (size_t)(3 * nn) * sizeof(double));
  memset(sol->reaction, 0, (size_t)(3 * nn) * sizeof(double));
  memset(sol->bc_reaction, 0, (size_t)(3 * d->n_bcs) * sizeof(double));
  for (int64_t v = 0; v < nn; v++) {
    sol->node_used[v] = pf_kin_node_links(kin, v, links) > 0;
    const int64_t g = pf_kin_node_group(kin, v);
    if (g < 0) continue;
    const int64_t off = pf_kin_group_offset(kin, g);
    for (int c = 0; c < 3; c++)
      if (sch->prescribed[off + c]) sol->reaction[3 * v + c] = f_int[off + c] - f_ext[off + c];
  }
  for (int64_t q = 0; q < sch->n_dofs; q++) {
    if (!sch->prescribed[q] || sch->owner[q] < 0) continue;
    const int64_t g = sch->dof_group[q], c = q - pf_kin_group_offset(kin, g);
    if (c < 3) sol->bc_reaction[3 * sch->owner[q] + c] += f_int[q] - f_ext[q];
  }
  memcpy(sol->region_min_J, pf_newton_region_min_J(nw), (size_t)d->n_regions * sizeof(double));
  for (int b = 0; b < d->n_bodies; b++)
    pf_kin_body_resultant(kin, b, pf_newton_f_node(nw), sol->body_force + 3 * b,
                          sol->body_moment + 3 * b);
  if (sys->contact) {
    if (!sol->contact) PF_CALL(PF_CALLOC(ctx, 1, &sol->contact));
    PF_CALL(pf_contact_results(ctx, sys->contact, kin, sol->contact));
  }
  return pf_nl_element_results(ctx, model, el, u, &sol->elem) ? PF_ERR_CONVERGENCE : PF_OK;
}

/* Names the element that failed, for the message. */
static void describe_element(const pf_model *model, int64_t g, char *buf, size_t n) {
  if (g < 0) {
    buf[0] = '\0';
    return;
  }
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  const int r = model->elem_region[g];
  snprintf(buf, n, " (element %lld in region '%s')", (long long)model->mesh->blocks[t].ids[e],
           r >= 0 ? model->desc->regions[r].set : "?");
}

int pf_analysis_nonlinear(pf_context *ctx, const pf_model *model, const pf_nl_resume *resume,
                          const pf_nl_callbacks *cb, pf_solution **sol_out) {
  const pf_model_desc *d = model->desc;
  const double t_start = pf_wtime();
  pf_kinematics *kin = NULL;
  pf_nl_elements *el = NULL;
  pf_nl_system *sys = NULL;
  pf_newton *nw = NULL;
  pf_schedule *sch = NULL;
  pf_solution *sol = NULL;
  uint8_t *warned = NULL;
  int ierr;
  *sol_out = NULL;

  double t = pf_wtime();
  PF_CALL_GOTO(ierr, done, pf_kinematics_create(ctx, model, &kin));
  PF_CALL_GOTO(ierr, done, pf_nl_elements_create(ctx, model, &el));
  PF_CALL_GOTO(ierr, done, pf_nl_system_create(ctx, model, kin, el, &sys));
  PF_CALL_GOTO(ierr, done, pf_newton_create(ctx, model, el, sys, &nw));
  PF_CALL_GOTO(ierr, done, pf_schedule_create(ctx, model, kin, sys->dof_group, sys->n_dofs, &sch));
  PF_CALL_GOTO(ierr, done, pf_solution_create(ctx, model, &sol));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, d->n_regions, &warned));
  pf_info(ctx,
          "setup: %lld unknowns in %lld groups (%d bodies), %lld stored entries, %d colours, "
          "%lld linked elements, %.2f s\n",
          (long long)sys->n_dofs, (long long)pf_kin_n_groups(kin), d->n_bodies,
          (long long)pf_csr_nnz(sys->K), sys->n_colours, (long long)sys->n_linked, pf_wtime() - t);

  int first_step = 0;
  double t0 = 0.0, dt_resume = 0.0;
  if (resume) {
    pf_kin_state_restore(kin, resume->kin_state);
    first_step = resume->step;
    t0 = resume->step_time;
    dt_resume = resume->increment;
  }
  const int summary_step = d->summary_step ? -1 : d->n_steps - 1;
  int frames = 0;
  for (int k = first_step; k < d->n_steps; k++) {
    const pf_step_desc *S = &d->steps[k];
    PF_CALL_GOTO(ierr, done, pf_schedule_begin(ctx, sch, kin, k, k == first_step ? t0 : 0.0));
    const double dt_max = 1.0 / (S->increments > 0 ? S->increments : 1);
    double ts = k == first_step ? t0 : 0.0;
    double dt = k == first_step && dt_resume > 0.0 ? dt_resume : dt_max;
    int n_incr = 0, cutbacks = 0, easy = 0;
    while (ts < 1.0 - 1e-12) {
      if (dt > 1.0 - ts) dt = 1.0 - ts;
      pf_increment_report rep;
      const double ti = pf_wtime();
      ierr = pf_newton_increment(ctx, nw, kin, sch, ts + dt, &rep);
      if (ierr) goto done;
      if (!rep.converged) {
        char where[256];
        describe_element(model, rep.bad_element, where, sizeof(where));
        cutbacks++;
        pf_info(ctx,
                "step %d '%s': increment to t = %.4g failed after %d iteration(s): %s%s; "
                "cutting back\n",
                k + 1, S->name, ts + dt, rep.iterations, cut_reasons[rep.cut_reason], where);
        if (cutbacks > d->max_cutbacks || dt * 0.5 < 1e-6 * dt_max) {
          ierr =
              PF_ERROR(ctx, PF_ERR_CONVERGENCE,
                       "step '%s' did not converge at t = %.4g of the step: %s%s, still after "
                       "%d cut-backs to an increment of %.3g (the results up to t = %.4g are "
                       "kept)",
                       S->name, ts + dt, cut_reasons[rep.cut_reason], where, cutbacks - 1, dt, ts);
          goto done;
        }
        dt *= 0.5;
        continue;
      }
      ts += dt;
      n_incr++;
      cutbacks = 0;
      if (n_incr > S->max_increments) {
        ierr = PF_ERROR(ctx, PF_ERR_CONVERGENCE,
                        "step '%s' needed more than max_increments = %d increments (t = %.4g)",
                        S->name, S->max_increments, ts);
        goto done;
      }
      const double *rmj = pf_newton_region_min_J(nw);
      for (int r = 0; r < d->n_regions; r++) {
        const pf_region_desc *R = &d->regions[r];
        if (R->kind != PF_REGION_MATERIAL || warned[r]) continue;
        const pf_material_model mm = d->materials[R->material].model;
        if (mm == PF_MAT_LINEAR_ELASTIC || mm == PF_MAT_TRUSS || !(rmj[r] < 0.5)) continue;
        pf_warn(ctx,
                "region '%s': J = %.3g < 0.5 at step '%s' t = %.3g (soft tissue compressed "
                "to less than half its volume)\n",
                R->set, rmj[r], S->name, ts);
        warned[r] = 1;
      }
      /* the iterations of one Newton solve: those after a contact augmentation belong to a new
       * solve of the same increment */
      easy = rep.solve_iterations <= 5 ? easy + 1 : 0;
      const double next = easy >= 2 ? fmin(dt * d->growth, dt_max) : dt;
      const int last = ts >= 1.0 - 1e-12;
      const int write_frame = S->output == PF_OUTPUT_ALL || last;
      if (write_frame || (last && (k == summary_step || !cb))) {
        PF_CALL_GOTO(ierr, done, fill_solution(ctx, model, el, sys, kin, sch, nw, sol));
      }
      if (cb && cb->increment) {
        pf_frame_info info = {S->name, k, ts, rep.iterations, pf_wtime() - t_start};
        ierr = cb->increment(cb->user, model, kin, sol, &info, write_frame, &rep, last ? 1.0 : ts,
                             next);
        if (ierr) goto done;
        frames += write_frame;
      }
      /* After the callback: when this line shows, the increment is in the result file and the
       * checkpoint. */
      char extra[96] = "";
      if (rep.augmentations || rep.krylov)
        snprintf(extra, sizeof(extra), " (%d contact augmentation(s), %d GMRES iteration(s))",
                 rep.augmentations, rep.krylov);
      pf_info(ctx,
              "step %d '%s' increment %d: t = %.4g (dt %.3g), %d iteration(s)%s, %d "
              "factorisation(s), residual %.2e -> %.2e, %.2f s\n",
              k + 1, S->name, n_incr, ts, dt, rep.iterations, extra, rep.factorisations,
              rep.residual0, rep.residual, pf_wtime() - ti);
      if (pf_interrupted(ctx)) {
        ierr =
            PF_ERROR(ctx, PF_ERR_INTERRUPTED, "interrupted after step '%s' t = %.4g", S->name, ts);
        goto done;
      }
      dt = next;
    }
  }
  (void)frames;
  /* the run's totals (a linear run's sol->solver holds its one analyse, factor and solve) */
  pf_newton_times(nw, &sol->solver.t_analyse, &sol->t_assemble, &sol->solver.t_factor,
                  &sol->solver.t_solve);
  *sol_out = sol;
  sol = NULL;
done:
  pf_solution_destroy(&sol);
  pf_schedule_destroy(&sch);
  pf_newton_destroy(&nw);
  pf_nl_system_destroy(&sys);
  pf_nl_elements_destroy(&el);
  pf_kinematics_destroy(&kin);
  free(warned);
  return ierr;
}
