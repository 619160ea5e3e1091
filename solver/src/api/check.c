/*
 * pf_check: everything a run does before it solves — parse, load, resolve, check elements, units
 * and supports, number the unknowns, build the pattern and analyse it — and a report with the
 * memory the run will need.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_analysis.h"
#include "analysis/pf_nonlinear.h"
#include "api/pf_api.h"

static const char *material_model_name(pf_material_model m) {
  static const char *const names[] = {"linear_elastic", "truss", "neo_hookean", "mooney_rivlin",
                                      "polynomial",     "ogden", "fibre"};
  return m >= 0 && m < (int)(sizeof(names) / sizeof(names[0])) ? names[m] : "?";
}

static void report_model(const pf_loaded *ld, FILE *out) {
  const pf_model_desc *d = ld->desc;
  const pf_mesh *mesh = ld->mesh;
  fprintf(out, "config:   %s%s%s%s\n", d->config_path, d->title && d->title[0] ? " (" : "",
          d->title ? d->title : "", d->title && d->title[0] ? ")" : "");
  fprintf(out, "mesh:     %s: %lld nodes", d->mesh_file, (long long)mesh->n_nodes);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    if (mesh->blocks[t].count)
      fprintf(out, ", %lld %s", (long long)mesh->blocks[t].count, pf_elem_name((pf_elem_type)t));
  fprintf(out, "\n");
  double bb[6];
  pf_mesh_bbox(mesh, bb);
  fprintf(out, "extent:   %.4g x %.4g x %.4g mm\n", bb[3] - bb[0], bb[4] - bb[1], bb[5] - bb[2]);
  for (int r = 0; r < d->n_regions; r++) {
    int64_t n = 0;
    for (int64_t g = 0; g < ld->model->n_elems; g++) n += ld->model->elem_region[g] == r;
    if (d->regions[r].kind != PF_REGION_MATERIAL) {
      fprintf(out, "region:   %-20s %8lld elements  %s\n", d->regions[r].set, (long long)n,
              d->regions[r].kind == PF_REGION_RIGID ? "rigid body" : "removed");
      continue;
    }
    const pf_material_desc *m = &d->materials[d->regions[r].material];
    if (m->model == PF_MAT_LINEAR_ELASTIC || m->model == PF_MAT_TRUSS)
      fprintf(out, "region:   %-20s %8lld elements  %s (%s, E %g MPa)\n", d->regions[r].set,
              (long long)n, m->name, material_model_name(m->model), m->E);
    else
      fprintf(out, "region:   %-20s %8lld elements  %s (%s)\n", d->regions[r].set, (long long)n,
              m->name, material_model_name(m->model));
  }
  if (d->foot.active) {
    int moving = 0;
    for (int j = 0; j < d->foot.n_joints; j++)
      moving += d->foot.joints[j].type == PF_FOOT_JOINT_GAP;
    fprintf(out, "foot:     %s, model %s: %d bones, %d joints (%d moving), %d landmarks\n",
            d->foot.side == PF_FOOT_LEFT ? "left" : "right", d->foot.model_file, d->foot.n_bones,
            d->foot.n_joints, moving, d->foot.n_landmarks);
  }
  for (int c = 0; c < d->n_bcs; c++)
    if (d->bcs[c].set)
      fprintf(out, "boundary: %-20s %8lld nodes  set %s\n", d->bcs[c].name,
              (long long)ld->model->bc_count[c], d->bcs[c].set);
    else
      fprintf(out, "boundary: %-20s %s %s\n", d->bcs[c].name, d->bcs[c].body ? "body" : "joint",
              d->bcs[c].body    ? d->bcs[c].body
              : d->bcs[c].joint ? d->bcs[c].joint
                                : "(released)");
  for (int i = 0; i < d->n_loads; i++)
    fprintf(out, "load:     %-20s on %s\n", d->loads[i].name,
            d->loads[i].target ? d->loads[i].target : "every element");
}

/* The solver, memory and verdict lines of the report, after pf_solver_analyse; vectors: bytes of
 * the analysis' work vectors. [out] e (may be NULL): the estimated peak in bytes and the flops. */
static void report_solver(FILE *out, const pf_solver *solver, const pf_csr *K, double vectors,
                          pf_check_estimate *e) {
  const pf_solver_stats *st = pf_solver_get_stats(solver);
  const double matrix = (double)pf_csr_nnz(K) * 16.0 + (double)(K->n + 1) * 8.0;
  const double factor = pf_solver_memory_estimate(solver);
  fprintf(out, "solver:   %s (%s ordering), nnz(L) %lld, %.3g Gflop per factorisation\n",
          st->backend, st->ordering, (long long)st->nnz_L, st->flops * 1e-9);
  fprintf(out,
          "memory:   matrix %.1f MiB, factor %.1f MiB, vectors %.1f MiB; estimated peak "
          "%.2f GiB\n",
          matrix / 1048576.0, factor / 1048576.0, vectors / 1048576.0,
          (matrix + factor + vectors + (double)pf_peak_rss_bytes()) / 1073741824.0);
  fprintf(out, "check:    ok\n");
  if (e) {
    e->peak_bytes = matrix + factor + vectors + (double)pf_peak_rss_bytes();
    e->flops = st->flops;
  }
}

/* Finite strain: the kinematics (bodies, ties, joints), the per-element laws, the system over
 * group dofs, every step's schedule (boundary entries on nodes that follow a body are refused),
 * and the symbolic factorisation the run will reuse, for its memory estimate. */
static int check_nonlinear(pf_context *ctx, const pf_loaded *ld, FILE *out, pf_check_estimate *e) {
  pf_kinematics *kin = NULL;
  pf_nl_elements *el = NULL;
  pf_nl_system *sys = NULL;
  pf_schedule *sch = NULL;
  pf_solver *solver = NULL;
  int rc = pf_kinematics_create(ctx, ld->model, &kin);
  if (!rc) rc = pf_nl_elements_create(ctx, ld->model, &el);
  if (!rc) rc = pf_nl_system_create(ctx, ld->model, kin, el, &sys);
  if (!rc) rc = pf_schedule_create(ctx, ld->model, kin, sys->dof_group, sys->n_dofs, &sch);
  for (int k = 0; !rc && k < ld->desc->n_steps; k++) rc = pf_schedule_begin(ctx, sch, kin, k, 0.0);
  /* the solver the run uses: UMFPACK on the full matrix for the exact friction tangent */
  const int exact = !rc && sys->contact && pf_contact_unsymmetric(sys->contact);
  pf_csr *K_full = NULL;
  if (!rc) rc = pf_solver_create(ctx, exact ? PF_SOLVER_UMFPACK : ld->desc->linear_solver, &solver);
  if (!rc && exact) rc = pf_csr_expand_full(ctx, sys->K, &K_full);
  int64_t n_groups = 0;
  for (int64_t q = 0; !rc && q < sys->n_dofs; q++)
    if (sys->dof_group[q] + 1 > n_groups) n_groups = sys->dof_group[q] + 1;
  if (!rc) rc = pf_solver_set_groups(solver, n_groups, sys->dof_group);
  if (!rc) rc = pf_solver_analyse(solver, exact ? K_full : sys->K);
  if (!rc) {
    fprintf(out, "unknowns: %lld in %lld groups (%d bodies), %d step(s)\n", (long long)sys->n_dofs,
            (long long)n_groups, ld->desc->n_bodies, ld->desc->n_steps);
    if (sys->contact)
      fprintf(out, "contact:  %lld faces, %lld nodes of '%s'%s\n",
              (long long)pf_contact_n_faces(sys->contact),
              (long long)pf_contact_n_nodes(sys->contact), ld->desc->contact.surface,
              exact ? ", exact friction tangent: UMFPACK on the full matrix" : "");
    /* friction on CHOLMOD's factor: GMRES's vectors too */
    const int gmres = sys->contact && pf_contact_friction(sys->contact) && !exact;
    const int vectors = 16 + (gmres ? pf_newton_gmres_vectors() : 0);
    report_solver(out, solver, exact ? K_full : sys->K, (double)sys->n_dofs * 8.0 * vectors, e);
  }
  pf_csr_destroy(&K_full);
  pf_solver_destroy(&solver);
  pf_schedule_destroy(&sch);
  pf_nl_system_destroy(&sys);
  pf_nl_elements_destroy(&el);
  pf_kinematics_destroy(&kin);
  return rc;
}

static int check_impl(pf_context *ctx, const pf_run_options *opt, FILE *out, pf_check_estimate *e) {
  pf_loaded ld;
  pf_dofmap *dm = NULL;
  pf_csr *K = NULL;
  pf_solver *solver = NULL;
  double min_jac = 0, min_shape = 0;
  int rc;
  PF_CALL(pf_api_load(ctx, opt, &ld));
  report_model(&ld, out);
  rc = pf_check_elements(ctx, ld.model, &min_jac, &min_shape);
  if (!rc) rc = pf_check_units(ctx, ld.model, 1);
  if (!rc && ld.desc->analysis == PF_ANALYSIS_STATIC_NONLINEAR) {
    if (e) e->nonlinear = 1;
    rc = check_nonlinear(ctx, &ld, out, e);
    pf_api_unload(&ld);
    return rc;
  }
  if (!rc) rc = pf_dofmap_build(ctx, ld.model, &dm);
  if (!rc) rc = pf_check_supports(ctx, ld.model, dm);
  if (rc) goto done;
  fprintf(out, "quality:  min Jacobian ratio %.3g, min shape quality %.3g\n", min_jac, min_shape);
  const pf_solver_kind kind = ld.desc->linear_solver;
  rc = pf_pattern_build(ctx, ld.mesh, dm, pf_solver_wants_upper(kind), &K);
  if (!rc) rc = pf_solver_create(ctx, kind, &solver);
  if (!rc) rc = pf_solver_set_groups(solver, dm->n_nodes, dm->eq_node);
  if (!rc) rc = pf_solver_analyse(solver, K);
  if (rc) goto done;
  fprintf(out, "unknowns: %lld (%lld prescribed)\n", (long long)dm->n_eq,
          (long long)dm->n_constrained);
  report_solver(out, solver, K, (double)dm->n_dofs * 8.0 * 6.0, e);
done:
  pf_solver_destroy(&solver);
  pf_csr_destroy(&K);
  pf_dofmap_destroy(&dm);
  pf_api_unload(&ld);
  return rc;
}

int pf_check(pf_context *ctx, const pf_run_options *opt, FILE *out) {
  return check_impl(ctx, opt, out, NULL);
}

int pf_check_estimate_run(pf_context *ctx, const pf_run_options *opt, pf_check_estimate *e) {
  memset(e, 0, sizeof(*e));
  FILE *sink = fopen("/dev/null", "w"); /* the report is not wanted, only its numbers */
  PF_CHECK(sink, ctx, PF_ERR_IO, "cannot open /dev/null: %s", strerror(errno));
  const int rc = check_impl(ctx, opt, sink, e);
  fclose(sink);
  return rc;
}
