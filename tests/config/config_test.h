/*
 * Helpers shared by the configuration tests: writing a config into the test's working folder,
 * expecting an error with a given message, and comparing two model descriptions field by field.
 */
#ifndef PF_CONFIG_TEST_H
#define PF_CONFIG_TEST_H

#include <string.h>

#include "config/pf_config.h"
#include "pf_test.h"

/* Writes text to path (in the working folder ctest runs the test in). */
static inline void cfg_write(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
}

/* Loads path with overrides and expects failure with code, a message that starts with prefix and
 * contains contains (either may be NULL), and no description. */
#define CFG_EXPECT_ERROR(ctx, path, n_ov, ov, code, prefix, contains) \
  cfg_expect_error_(__FILE__, __LINE__, ctx, path, n_ov, ov, code, prefix, contains)
static inline void cfg_expect_error_(const char *file, int line, pf_context *ctx, const char *path,
                                     int n_ov, const char *const *ov, int code, const char *prefix,
                                     const char *contains) {
  pf_model_desc *desc = NULL;
  pf_error_clear(ctx);
  int ierr = pf_config_load(ctx, path, n_ov, ov, &desc);
  const char *msg = pf_context_error(ctx);
  int ok = ierr == code && pf_context_error_code(ctx) == code && desc == NULL &&
           (!prefix || !strncmp(msg, prefix, strlen(prefix))) &&
           (!contains || strstr(msg, contains));
  if (!ok) {
    pf_test_failures++;
    fprintf(stderr,
            "FAIL %s:%d: %s: got status %d, message\n  \"%s\"\n  expected status %d, "
            "prefix \"%s\", containing \"%s\"\n",
            file, line, path, ierr, msg, code, prefix ? prefix : "", contains ? contains : "");
  } else {
    printf("ok: %s\n", msg);
  }
  pf_model_desc_destroy(&desc);
}

/* Loads text written to path; fails the test (and returns NULL) if that does not work. */
static inline pf_model_desc *cfg_load_ok(pf_context *ctx, const char *path, int n_ov,
                                         const char *const *ov) {
  pf_model_desc *desc = NULL;
  pf_error_clear(ctx);
  int ierr = pf_config_load(ctx, path, n_ov, ov, &desc);
  PF_EXPECT(ierr == PF_OK && desc, "loading %s failed (%d): %s", path, ierr, pf_context_error(ctx));
  return ierr == PF_OK ? desc : NULL;
}

static inline int cfg_streq(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Every field of two descriptions except config_path, source locations and resolved_yaml. */
static inline void cfg_expect_same_desc(const pf_model_desc *a, const pf_model_desc *b) {
  PF_EXPECT(cfg_streq(a->title, b->title), "title '%s' vs '%s'", a->title, b->title);
  PF_EXPECT(cfg_streq(a->mesh_file, b->mesh_file), "mesh_file '%s' vs '%s'", a->mesh_file,
            b->mesh_file);
  PF_EXPECT(a->mesh_scale == b->mesh_scale, "mesh_scale");
  PF_EXPECT(a->n_materials == b->n_materials, "n_materials %d vs %d", a->n_materials,
            b->n_materials);
  for (int i = 0; i < a->n_materials && i < b->n_materials; i++) {
    const pf_material_desc *x = &a->materials[i], *y = &b->materials[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && x->model == y->model && x->E == y->E &&
                  x->nu == y->nu && x->density == y->density && x->area == y->area,
              "materials[%d] differ", i);
  }
  PF_EXPECT(a->n_regions == b->n_regions, "n_regions");
  for (int i = 0; i < a->n_regions && i < b->n_regions; i++)
    PF_EXPECT(cfg_streq(a->regions[i].set, b->regions[i].set) &&
                  a->regions[i].material == b->regions[i].material,
              "regions[%d] differ", i);
  PF_EXPECT(a->n_loads == b->n_loads, "n_loads");
  for (int i = 0; i < a->n_loads && i < b->n_loads; i++) {
    const pf_load_desc *x = &a->loads[i], *y = &b->loads[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && x->type == y->type &&
                  cfg_streq(x->target, y->target) && x->value[0] == y->value[0] &&
                  x->value[1] == y->value[1] && x->value[2] == y->value[2] &&
                  x->pressure == y->pressure,
              "loads[%d] differ", i);
  }
  PF_EXPECT(a->n_bcs == b->n_bcs, "n_bcs");
  for (int i = 0; i < a->n_bcs && i < b->n_bcs; i++) {
    const pf_bc_desc *x = &a->bcs[i], *y = &b->bcs[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && x->type == y->type && cfg_streq(x->set, y->set) &&
                  x->dofs == y->dofs && x->value[0] == y->value[0] && x->value[1] == y->value[1] &&
                  x->value[2] == y->value[2],
              "bcs[%d] differ", i);
  }
  PF_EXPECT(a->n_probes == b->n_probes, "n_probes");
  for (int i = 0; i < a->n_probes && i < b->n_probes; i++) {
    const pf_probe_desc *x = &a->probes[i], *y = &b->probes[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && cfg_streq(x->set, y->set) && x->field == y->field &&
                  x->component == y->component && x->stat == y->stat,
              "probes[%d] differ", i);
  }
  for (int i = 0; i < a->n_materials && i < b->n_materials; i++) {
    const pf_material_desc *x = &a->materials[i], *y = &b->materials[i];
    PF_EXPECT(x->tension_only == y->tension_only && x->prestrain == y->prestrain &&
                  x->reg_strain == y->reg_strain && x->mu == y->mu && x->kappa == y->kappa &&
                  x->C10 == y->C10 && x->C01 == y->C01 && x->C20 == y->C20 && x->C11 == y->C11 &&
                  x->C02 == y->C02 && x->D1 == y->D1 && x->D2 == y->D2 &&
                  x->n_ogden == y->n_ogden && x->volumetric == y->volumetric &&
                  x->formulation == y->formulation && x->matrix == y->matrix &&
                  x->fibre_law == y->fibre_law && x->fibre_E == y->fibre_E &&
                  x->fibre_k == y->fibre_k && x->fibre_alpha == y->fibre_alpha &&
                  x->fibre_toe_strain == y->fibre_toe_strain &&
                  !memcmp(x->ogden_mu, y->ogden_mu, sizeof(x->ogden_mu)) &&
                  !memcmp(x->ogden_alpha, y->ogden_alpha, sizeof(x->ogden_alpha)),
              "materials[%d] finite-strain fields differ", i);
  }
  for (int i = 0; i < a->n_regions && i < b->n_regions; i++) {
    const pf_region_desc *x = &a->regions[i], *y = &b->regions[i];
    int same = x->kind == y->kind && x->body == y->body && x->direction == y->direction &&
               !memcmp(x->dir, y->dir, sizeof(x->dir)) && x->n_path == y->n_path &&
               cfg_streq(x->dir_data, y->dir_data) && x->formulation == y->formulation;
    for (int k = 0; same && k < 3 * x->n_path; k++) same = x->path[k] == y->path[k];
    PF_EXPECT(same, "regions[%d] kind/body/direction differ", i);
  }
  PF_EXPECT(a->n_bodies == b->n_bodies, "n_bodies %d vs %d", a->n_bodies, b->n_bodies);
  for (int i = 0; i < a->n_bodies && i < b->n_bodies; i++) {
    const pf_body_desc *x = &a->bodies[i], *y = &b->bodies[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && cfg_streq(x->set, y->set) && x->kind == y->kind &&
                  x->has_ref_point == y->has_ref_point &&
                  !memcmp(x->ref_point, y->ref_point, sizeof(x->ref_point)),
              "bodies[%d] differ", i);
  }
  PF_EXPECT(a->n_joints == b->n_joints, "n_joints");
  for (int i = 0; i < a->n_joints && i < b->n_joints; i++) {
    const pf_joint_desc *x = &a->joints[i], *y = &b->joints[i];
    PF_EXPECT(cfg_streq(x->name, y->name) && x->proximal_body == y->proximal_body &&
                  x->distal_body == y->distal_body && x->has_centre == y->has_centre &&
                  !memcmp(x->centre, y->centre, sizeof(x->centre)) &&
                  !memcmp(x->axes, y->axes, sizeof(x->axes)) &&
                  !memcmp(x->k_translation, y->k_translation, sizeof(x->k_translation)) &&
                  !memcmp(x->k_rotation, y->k_rotation, sizeof(x->k_rotation)),
              "joints[%d] differ", i);
  }
  PF_EXPECT(a->n_ties == b->n_ties, "n_ties");
  for (int i = 0; i < a->n_ties && i < b->n_ties; i++)
    PF_EXPECT(cfg_streq(a->ties[i].name, b->ties[i].name) &&
                  cfg_streq(a->ties[i].slave, b->ties[i].slave) &&
                  cfg_streq(a->ties[i].master, b->ties[i].master) &&
                  a->ties[i].tolerance == b->ties[i].tolerance,
              "ties[%d] differ", i);
  PF_EXPECT(a->n_steps == b->n_steps, "n_steps");
  for (int i = 0; i < a->n_steps && i < b->n_steps; i++)
    PF_EXPECT(cfg_streq(a->steps[i].name, b->steps[i].name) &&
                  a->steps[i].increments == b->steps[i].increments &&
                  a->steps[i].max_increments == b->steps[i].max_increments &&
                  a->steps[i].output == b->steps[i].output,
              "steps[%d] differ", i);
  for (int i = 0; i < a->n_loads && i < b->n_loads; i++) {
    const pf_load_desc *x = &a->loads[i], *y = &b->loads[i];
    PF_EXPECT(x->step == y->step && x->release == y->release && x->curve.kind == y->curve.kind &&
                  x->curve.n == y->curve.n,
              "loads[%d] step/curve/release differ", i);
  }
  for (int i = 0; i < a->n_bcs && i < b->n_bcs; i++) {
    const pf_bc_desc *x = &a->bcs[i], *y = &b->bcs[i];
    PF_EXPECT(x->step == y->step && x->release == y->release && x->curve.kind == y->curve.kind &&
                  cfg_streq(x->body, y->body) && cfg_streq(x->joint, y->joint) &&
                  !memcmp(x->value, y->value, sizeof(x->value)),
              "bcs[%d] step/curve/release/body/joint differ", i);
  }
  PF_EXPECT(a->max_cutbacks == b->max_cutbacks && a->growth == b->growth &&
                a->newton == b->newton && a->max_iterations == b->max_iterations &&
                a->residual_tolerance == b->residual_tolerance &&
                a->displacement_tolerance == b->displacement_tolerance &&
                a->energy_tolerance == b->energy_tolerance && a->line_search == b->line_search &&
                cfg_streq(a->summary_step, b->summary_step),
            "Newton settings differ");
  PF_EXPECT(a->analysis == b->analysis, "analysis");
  PF_EXPECT(a->linear_solver == b->linear_solver, "linear_solver");
  PF_EXPECT(a->solver_tolerance == b->solver_tolerance, "solver_tolerance");
  PF_EXPECT(a->solver_max_iterations == b->solver_max_iterations, "solver_max_iterations");
  PF_EXPECT(cfg_streq(a->output_file, b->output_file), "output_file '%s' vs '%s'",
            a->output_file ? a->output_file : "(null)", b->output_file ? b->output_file : "(null)");
  PF_EXPECT(a->output_level == b->output_level, "output_level");
}

/* A source location: file, line and key. */
#define CFG_EXPECT_LOC(loc, want_file, want_line, want_key)                                   \
  PF_EXPECT(cfg_streq((loc).file, want_file) && (loc).line == (want_line) &&                  \
                !strcmp((loc).key, want_key),                                                 \
            "%s = %s:%d '%s', expected %s:%d '%s'", #loc, (loc).file ? (loc).file : "(null)", \
            (loc).line, (loc).key, want_file, want_line, want_key)

#endif /* PF_CONFIG_TEST_H */
