/*
 * Static linear analysis: K u = f with prescribed displacements eliminated, then reactions and
 * element results.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_analysis.h"
#include "contact/pf_contact.h"
#include "fem/pf_fem.h"

int pf_solution_create(pf_context *ctx, const pf_model *model, pf_solution **sol_out) {
  const pf_mesh *mesh = model->mesh;
  pf_solution *s = NULL;
  int ierr;
  *sol_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &s));
  s->n_nodes = mesh->n_nodes;
  s->n_bcs = model->desc->n_bcs;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * mesh->n_nodes, &s->u));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * mesh->n_nodes, &s->reaction));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * s->n_bcs, &s->bc_reaction));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, model->n_elems, &s->elem.measure));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, mesh->n_nodes, &s->node_used));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, model->desc->n_regions, &s->region_min_J));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * model->desc->n_bodies, &s->body_force));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * model->desc->n_bodies, &s->body_moment));
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int64_t m = mesh->blocks[t].count;
    if (!m) continue;
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 6 * m, &s->elem.strain[t]));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 6 * m, &s->elem.stress[t]));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m, &s->elem.von_mises[t]));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m, &s->elem.min_J[t]));
    if (t == PF_ELEM_TRUSS2) PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m, &s->elem.axial_force[t]));
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, m, &s->elem.fibre_strain[t]));
    for (int64_t e = 0; e < m; e++) s->elem.fibre_strain[t][e] = NAN;
  }
  for (int r = 0; r < model->desc->n_regions; r++) s->region_min_J[r] = NAN;
  *sol_out = s;
  return PF_OK;
fail:
  pf_solution_destroy(&s);
  return ierr;
}

void pf_solution_destroy(pf_solution **sol) {
  if (!sol || !*sol) return;
  pf_solution *s = *sol;
  free(s->u);
  free(s->reaction);
  free(s->bc_reaction);
  free(s->elem.measure);
  free(s->node_used);
  free(s->region_min_J);
  free(s->body_force);
  free(s->body_moment);
  if (s->contact) pf_contact_result_free(s->contact);
  free(s->contact);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    free(s->elem.strain[t]);
    free(s->elem.stress[t]);
    free(s->elem.von_mises[t]);
    free(s->elem.min_J[t]);
    free(s->elem.axial_force[t]);
    free(s->elem.fibre_strain[t]);
  }
  free(s);
  *sol = NULL;
}

/* Reactions: r = f_int - f_ext at prescribed dofs, summed per owning boundary entry. */
static int reactions(pf_context *ctx, const pf_model *model, const pf_dofmap *dm,
                     const pf_colouring *col, const double *f_ext, pf_solution *s) {
  double *f_int = NULL;
  PF_CALL(PF_CALLOC(ctx, dm->n_dofs, &f_int));
  int ierr = pf_internal_force(ctx, model, dm, col, s->u, 1, f_int);
  if (!ierr) {
    memset(s->bc_reaction, 0, 3 * (size_t)s->n_bcs * sizeof(double));
    for (int64_t d = 0; d < dm->n_dofs; d++) {
      if (dm->owner[d] < 0 || !dm->used[d / 3]) {
        s->reaction[d] = 0.0;
        continue;
      }
      s->reaction[d] = f_int[d] - f_ext[d];
      s->bc_reaction[3 * dm->owner[d] + d % 3] += s->reaction[d];
    }
  }
  free(f_int);
  return ierr;
}

/* Adds model context to a factorisation failure. */
static int explain_singular(pf_context *ctx, const pf_model *model, int rc) {
  if (rc != PF_ERR_INPUT) return rc;
  pf_error_prefix(ctx, "%s: the system cannot be solved: ", model->desc->config_path);
  size_t n = strlen(ctx->err_msg);
  snprintf(ctx->err_msg + n, sizeof(ctx->err_msg) - n,
           " (check that every part is held, that trusses are not free to spin about their own "
           "axis, and the material constants; `pfsim check` lists unheld parts)");
  return rc;
}

int pf_analysis_linear(pf_context *ctx, const pf_model *model, pf_frame_callback frame, void *user,
                       pf_solution **sol_out) {
  const double t0 = pf_wtime();
  const pf_model_desc *desc = model->desc;
  pf_dofmap *dm = NULL;
  pf_colouring *col = NULL;
  pf_csr *K = NULL;
  pf_solver *solver = NULL;
  pf_solution *sol = NULL;
  double *f_ext = NULL, *rhs = NULL, *x = NULL;
  int ierr;
  *sol_out = NULL;

  PF_CALL_GOTO(ierr, done, pf_dofmap_build(ctx, model, &dm));
  double t = pf_wtime();
  PF_CALL_GOTO(ierr, done, pf_colouring_build(ctx, model->mesh, &col));
  PF_CALL_GOTO(
      ierr, done,
      pf_pattern_build(ctx, model->mesh, dm, pf_solver_wants_upper(desc->linear_solver), &K));
  const double t_setup = pf_wtime() - t;
  pf_info(ctx, "setup: %lld unknowns (%lld prescribed), %lld stored entries, %d colours, %.2f s\n",
          (long long)dm->n_eq, (long long)dm->n_constrained, (long long)pf_csr_nnz(K),
          col->n_colours, t_setup);

  PF_CALL_GOTO(ierr, done, pf_solver_create(ctx, desc->linear_solver, &solver));
  PF_CALL_GOTO(ierr, done,
               pf_solver_set_pcg(solver, desc->solver_tolerance, desc->solver_max_iterations));
  PF_CALL_GOTO(ierr, done, pf_solver_set_groups(solver, dm->n_nodes, dm->eq_node));
  PF_CALL_GOTO(ierr, done, pf_solver_analyse(solver, K));
  if (pf_interrupted(ctx)) {
    ierr = PF_ERROR(ctx, PF_ERR_INTERRUPTED, "interrupted");
    goto done;
  }

  t = pf_wtime();
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, dm->n_dofs, &f_ext));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, dm->n_eq, &rhs));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, dm->n_eq, &x));
  PF_CALL_GOTO(ierr, done, pf_assemble_stiffness(ctx, model, dm, col, K, rhs));
  PF_CALL_GOTO(ierr, done, pf_assemble_loads(ctx, model, dm, f_ext));
  for (int64_t d = 0; d < dm->n_dofs; d++)
    if (dm->eq[d] >= 0) rhs[dm->eq[d]] += f_ext[d];
  const double t_assemble = pf_wtime() - t;
  pf_info(ctx, "assemble: %.2f s\n", t_assemble);

  ierr = pf_solver_factor(solver, K);
  if (ierr) {
    ierr = explain_singular(ctx, model, ierr);
    goto done;
  }
  if (pf_interrupted(ctx)) {
    ierr = PF_ERROR(ctx, PF_ERR_INTERRUPTED, "interrupted");
    goto done;
  }
  PF_CALL_GOTO(ierr, done, pf_solver_solve(solver, K, rhs, x));
  const pf_solver_stats *st = pf_solver_get_stats(solver);
  pf_info(ctx,
          "solve (%s, %s): analyse %.2f s, factor %.2f s, solve %.2f s, nnz(L) %lld, %.3g "
          "Gflop, %d iteration(s), relative residual %.2e\n",
          st->backend, st->ordering, st->t_analyse, st->t_factor, st->t_solve, (long long)st->nnz_L,
          st->flops * 1e-9, st->iterations, st->rel_residual);

  t = pf_wtime();
  PF_CALL_GOTO(ierr, done, pf_solution_create(ctx, model, &sol));
  sol->solver = *st;
  sol->t_setup = t_setup;
  sol->t_assemble = t_assemble;
  for (int64_t d = 0; d < dm->n_dofs; d++)
    sol->u[d] = dm->eq[d] >= 0 ? x[dm->eq[d]] : dm->prescribed[d];
  memcpy(sol->node_used, dm->used, (size_t)dm->n_nodes);
  PF_CALL_GOTO(ierr, done, reactions(ctx, model, dm, col, f_ext, sol));
  pf_element_results(ctx, model, sol->u, &sol->elem);
  sol->t_recover = pf_wtime() - t;

  pf_frame_info info = {"linear", 0, 1.0, 1, pf_wtime() - t0};
  if (frame) PF_CALL_GOTO(ierr, done, frame(user, model, sol, &info));
  *sol_out = sol;
  sol = NULL;
done:
  pf_solution_destroy(&sol);
  pf_solver_destroy(&solver);
  pf_csr_destroy(&K);
  pf_colouring_destroy(&col);
  pf_dofmap_destroy(&dm);
  free(f_ext);
  free(rhs);
  free(x);
  return ierr;
}
