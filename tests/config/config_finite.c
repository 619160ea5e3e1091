/*
 * The finite-strain keys: every key of tests/config/data/finite.yaml lands in its pf_model_desc
 * field; steps semantics (no steps = one step, per-step targets and continuation, holds,
 * releases); defaults; and bad inputs, each an error naming file:line and key.
 */
#include <math.h>

#include "config/pf_config_internal.h"
#include "config_test.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-12 * (1 + fabs((double)(b))))

static void check_finite(const pf_model_desc *d) {
  PF_EXPECT(d->n_materials == 11, "8 materials + 3 hidden matrices, got %d", d->n_materials);
  if (d->n_materials != 11) return;
  const pf_material_desc *m = d->materials;
  PF_EXPECT(m[0].model == PF_MAT_POLYNOMIAL && m[0].C10 == 0.08556 && m[0].C01 == -0.05841 &&
                m[0].C20 == 0.039 && m[0].C11 == -0.02319 && m[0].C02 == 0.00851 &&
                m[0].D1 == 3.65273 && NEAR(m[0].kappa, 2 / 3.65273) && m[0].D2 == 2.0 &&
                m[0].volumetric == PF_VOL_ABAQUS && m[0].density == 1e-9 &&
                m[0].formulation == PF_FORM_DEFAULT,
            "polynomial tissue");
  PF_EXPECT(m[1].model == PF_MAT_NEO_HOOKEAN && m[1].mu == 0.1 && m[1].kappa == 5 &&
                NEAR(m[1].D1, 0.4) && m[1].volumetric == PF_VOL_LOG &&
                m[1].formulation == PF_FORM_DISPLACEMENT,
            "neo-Hookean gel");
  PF_EXPECT(
      m[2].model == PF_MAT_MOONEY_RIVLIN && m[2].C10 == 0.2 && m[2].C01 == 0.05 && m[2].kappa == 10,
      "Mooney-Rivlin skin");
  PF_EXPECT(m[3].model == PF_MAT_OGDEN && m[3].n_ogden == 2 && m[3].ogden_mu[0] == 0.1 &&
                m[3].ogden_mu[1] == 0.02 && m[3].ogden_alpha[0] == 8 && m[3].ogden_alpha[1] == -2 &&
                m[3].D1 == 0.4 && NEAR(m[3].kappa, 5),
            "Ogden fat");
  PF_EXPECT(m[4].model == PF_MAT_FIBRE && m[4].formulation == PF_FORM_MEAN_DILATATION &&
                m[4].fibre_law == PF_FIBRE_EXPONENTIAL && m[4].fibre_k == 2 &&
                m[4].fibre_alpha == 3 && m[4].prestrain == 0.01 && m[4].matrix == 8,
            "fibre fascia (matrix %d)", m[4].matrix);
  PF_EXPECT(!strcmp(m[8].name, "fascia.matrix") && m[8].model == PF_MAT_NEO_HOOKEAN &&
                m[8].mu == 1 && m[8].kappa == 10 && m[8].matrix == -1,
            "fascia.matrix");
  PF_EXPECT(m[5].fibre_law == PF_FIBRE_TOE_LINEAR && m[5].fibre_E == 300 &&
                m[5].fibre_toe_strain == 0.03 && m[5].matrix == 9 &&
                m[9].model == PF_MAT_MOONEY_RIVLIN && m[9].C10 == 0.5 && m[9].D1 == 0.01 &&
                !strcmp(m[9].name, "band.matrix"),
            "toe-linear band and its matrix");
  PF_EXPECT(m[6].fibre_law == PF_FIBRE_LINEAR && m[6].fibre_E == 200 && m[6].prestrain == 0 &&
                m[6].matrix == 10,
            "linear slip");
  PF_EXPECT(m[7].model == PF_MAT_TRUSS && m[7].tension_only && m[7].prestrain == 0.02 &&
                m[7].reg_strain == 0.001 && m[7].area == 18.4,
            "truss ligament");

  PF_EXPECT(d->n_regions == 12, "regions %d", d->n_regions);
  if (d->n_regions != 12) return;
  const pf_region_desc *r = d->regions;
  PF_EXPECT(r[0].kind == PF_REGION_MATERIAL && r[0].material == 0 && r[0].body == -1 &&
                r[0].direction == PF_DIR_NONE,
            "shorthand region");
  PF_EXPECT(r[2].kind == PF_REGION_MATERIAL && r[2].material == 2, "map region");
  PF_EXPECT(r[4].material == 4 && r[4].direction == PF_DIR_VECTOR && r[4].dir[0] == 1 &&
                r[4].dir[1] == 0 && r[4].dir[2] == 0,
            "direction normalised");
  PF_EXPECT(r[5].direction == PF_DIR_PATH && r[5].n_path == 3 && r[5].path[3] == 10 &&
                r[5].path[5] == 5 && r[5].path[6] == 20,
            "path");
  PF_EXPECT(r[6].direction == PF_DIR_MESH_DATA && !strcmp(r[6].dir_data, "fibre_dir"),
            "direction_data");
  PF_EXPECT(r[8].kind == PF_REGION_RIGID && r[8].body == 0 && r[8].material == -1, "rigid");
  PF_EXPECT(r[9].kind == PF_REGION_RIGID && r[9].body == 1, "rigid map");
  PF_EXPECT(r[10].kind == PF_REGION_REMOVED && r[10].material == -1, "removed");
  PF_EXPECT(r[11].kind == PF_REGION_REMOVED && r[11].material == 0, "removed, material kept");

  PF_EXPECT(d->n_bodies == 4, "bodies %d", d->n_bodies);
  if (d->n_bodies != 4) return;
  const pf_body_desc *b = d->bodies;
  PF_EXPECT(!strcmp(b[0].name, "calcaneus") && b[0].kind == PF_BODY_RIGID_REGION &&
                !b[0].has_ref_point && !strcmp(b[1].name, "talus") && b[1].has_ref_point &&
                b[1].ref_point[0] == 1 && b[1].ref_point[2] == 3,
            "rigid bodies");
  PF_EXPECT(!strcmp(b[2].name, "tibia") && b[2].kind == PF_BODY_COUPLING &&
                !strcmp(b[2].set, "tibia_cut") && b[2].has_ref_point && b[2].ref_point[2] == 100 &&
                !strcmp(b[3].name, "toe1") && !b[3].has_ref_point,
            "couplings");

  PF_EXPECT(d->n_joints == 2, "joints %d", d->n_joints);
  if (d->n_joints != 2) return;
  const pf_joint_desc *j = d->joints;
  static const double ankle_axes[9] = {0, 1, 0, 1, 0, 0, 0, 0, -1};
  PF_EXPECT(!strcmp(j[0].name, "ankle") && j[0].proximal_body == 2 && j[0].distal_body == 1 &&
                !strcmp(j[0].proximal, "tibia") && j[0].has_centre && j[0].centre[2] == 80 &&
                !memcmp(j[0].axes, ankle_axes, sizeof(ankle_axes)) &&
                j[0].k_translation[0] == 5000 && j[0].k_translation[2] == 5000 &&
                j[0].k_rotation[0] == 10 && j[0].k_rotation[2] == 30,
            "ankle: axes %g %g %g / %g %g %g / %g %g %g", j[0].axes[0], j[0].axes[1], j[0].axes[2],
            j[0].axes[3], j[0].axes[4], j[0].axes[5], j[0].axes[6], j[0].axes[7], j[0].axes[8]);
  PF_EXPECT(j[1].proximal_body == 1 && j[1].distal_body == 0 && !j[1].has_centre &&
                j[1].axes[0] == 1 && j[1].axes[4] == 1 && j[1].axes[8] == 1 &&
                j[1].k_translation[1] == 2 && j[1].k_rotation[0] == 0,
            "subtalar (defaults: rotational_stiffness 0)");

  PF_EXPECT(d->n_ties == 2 && !strcmp(d->ties[0].name, "skin_tie") &&
                !strcmp(d->ties[0].slave, "skin_inner") &&
                !strcmp(d->ties[0].master, "tissue_outer") && d->ties[0].tolerance == 0.2 &&
                !strcmp(d->ties[1].name, "ties[1]") && d->ties[1].tolerance == 0,
            "ties");

  PF_EXPECT(d->n_steps == 3, "steps %d", d->n_steps);
  if (d->n_steps != 3) return;
  const pf_step_desc *s = d->steps;
  PF_EXPECT(!strcmp(s[0].name, "seat") && s[0].increments == 2 && s[0].max_increments == 4 &&
                s[0].output == PF_OUTPUT_FINAL,
            "seat step");
  PF_EXPECT(s[1].increments == 4 && s[1].max_increments == 50 && s[1].output == PF_OUTPUT_ALL &&
                s[2].increments == 5,
            "step defaults from analysis: %d %d", s[1].increments, s[1].max_increments);

  PF_EXPECT(d->n_loads == 5, "loads %d", d->n_loads);
  if (d->n_loads != 5) return;
  const pf_load_desc *l = d->loads;
  PF_EXPECT(l[0].type == PF_LOAD_BODY_FORCE && !strcmp(l[0].target, "tibia") && l[0].step == 1 &&
                l[0].value[2] == -350 && l[0].curve.kind == PF_CURVE_TABLE && l[0].curve.n == 3 &&
                l[0].curve.t[1] == 0.5 && l[0].curve.f[1] == 0.8,
            "body force with a table curve");
  PF_EXPECT(l[1].type == PF_LOAD_BODY_MOMENT && !strcmp(l[1].target, "talus") &&
                l[1].value[1] == 100 && l[1].curve.kind == PF_CURVE_LINEAR,
            "body moment");
  PF_EXPECT(l[2].type == PF_LOAD_GRAVITY && !l[2].target, "gravity");
  PF_EXPECT(!strcmp(l[3].name, "W") && l[3].step == 2 && l[3].type == PF_LOAD_BODY_FORCE &&
                !strcmp(l[3].target, "tibia") && l[3].value[2] == -700 && !l[3].release,
            "W continued: new target, type and body inherited");
  PF_EXPECT(!strcmp(l[4].name, "M") && l[4].step == 2 && l[4].release &&
                l[4].type == PF_LOAD_BODY_MOMENT && !strcmp(l[4].target, "talus"),
            "M released");

  PF_EXPECT(d->n_bcs == 9, "bcs %d", d->n_bcs);
  if (d->n_bcs != 9) return;
  const pf_bc_desc *c = d->bcs;
  PF_EXPECT(
      !strcmp(c[0].name, "ground") && c[0].type == PF_BC_FIXED && c[0].dofs == 4 && c[0].step == 0,
      "fixed z");
  PF_EXPECT(c[1].type == PF_BC_DISPLACEMENT && !strcmp(c[1].body, "tibia") && !c[1].set &&
                c[1].dofs == 4 && c[1].value[2] == -1.5 && c[1].curve.kind == PF_CURVE_STEP,
            "body displacement");
  PF_EXPECT(!strcmp(c[2].name, "calcaneus") && c[2].type == PF_BC_FIXED && c[2].dofs == 63,
            "body fixed: six dofs");
  PF_EXPECT(!strcmp(c[3].name, "lower") && c[3].type == PF_BC_HOLD && c[3].step == 1 &&
                !strcmp(c[3].body, "tibia") && c[3].dofs == 4,
            "named without value: a hold of the same dofs (type %d dofs %d)", c[3].type, c[3].dofs);
  PF_EXPECT(c[4].type == PF_BC_JOINT_ANGLE && !strcmp(c[4].joint, "ankle") && c[4].value[3] == 10,
            "joint angle");
  PF_EXPECT(c[5].type == PF_BC_ROTATION && !strcmp(c[5].body, "toe1") && c[5].value[4] == 30 &&
                c[5].dofs == 56,
            "rotation");
  PF_EXPECT(c[6].type == PF_BC_JOINT_ANGLE && c[6].step == 2 && c[6].value[3] == 20 &&
                !strcmp(c[6].joint, "ankle"),
            "joint angle: new target");
  PF_EXPECT(c[7].release && c[7].type == PF_BC_ROTATION && !strcmp(c[7].body, "toe1"),
            "rotation released");
  /* a displacement released (a name and release: true, no value; this crashed) */
  PF_EXPECT(c[8].release && c[8].step == 2 && !strcmp(c[8].body, "tibia") && c[8].dofs == 4,
            "displacement released (type %d dofs %d)", c[8].type, c[8].dofs);

  PF_EXPECT(d->analysis == PF_ANALYSIS_STATIC_NONLINEAR && d->max_cutbacks == 5 &&
                d->growth == 1.25 && d->newton == PF_NEWTON_BFGS && d->max_iterations == 30 &&
                d->residual_tolerance == 1e-7 && d->displacement_tolerance == 1e-6 &&
                d->energy_tolerance == 1e-12 && !d->line_search &&
                d->linear_solver == PF_SOLVER_UMFPACK && !strcmp(d->summary_step, "load"),
            "settings");
}

/* A configuration without steps: one step "step", defaults filled. */
static void check_defaults(pf_context *ctx) {
  cfg_write("fin_nosteps.yaml",
            "mesh: {file: m.msh}\n"
            "materials: {t: {model: neo_hookean, mu: 1, D1: 0.1}}\n"
            "regions: {all: t}\n"
            "loads: [{name: P, type: pressure, surface: top, value: 0.1}]\n"
            "boundary: [{type: fixed, set: base}, {name: hold, type: displacement, set: side}]\n");
  pf_model_desc *d = cfg_load_ok(ctx, "fin_nosteps.yaml", 0, NULL);
  if (!d) return;
  PF_EXPECT(d->n_steps == 1 && !strcmp(d->steps[0].name, "step") && d->steps[0].increments == 10 &&
                d->steps[0].max_increments == 200 && d->steps[0].output == PF_OUTPUT_ALL,
            "no steps: one step 'step' (%d, inc %d, max %d)", d->n_steps, d->steps[0].increments,
            d->steps[0].max_increments);
  PF_EXPECT(d->loads[0].step == 0 && d->bcs[0].step == 0 && d->bcs[1].type == PF_BC_HOLD &&
                d->bcs[1].dofs == 7,
            "top-level entries in step 0; displacement without value is a hold");
  PF_EXPECT(d->analysis == PF_ANALYSIS_STATIC_NONLINEAR, "hyperelastic: nonlinear by default");
  PF_EXPECT(d->max_cutbacks == 8 && d->growth == 1.5 && d->newton == PF_NEWTON_FULL &&
                d->max_iterations == 25 && d->residual_tolerance == 1e-8 &&
                d->displacement_tolerance == 1e-8 && d->energy_tolerance == 1e-16 &&
                d->line_search == 1 && d->summary_step == NULL,
            "Newton defaults");
  PF_EXPECT(d->materials[0].formulation == PF_FORM_DEFAULT &&
                d->materials[0].volumetric == PF_VOL_ABAQUS && NEAR(d->materials[0].kappa, 20),
            "material defaults");
  pf_model_desc_destroy(&d);

  cfg_write("fin_linear.yaml",
            "mesh: {file: m.msh}\n"
            "materials: {s: {model: linear_elastic, E: 1, nu: 0.3}}\n"
            "regions: {all: s}\n");
  d = cfg_load_ok(ctx, "fin_linear.yaml", 0, NULL);
  if (d)
    PF_EXPECT(d->analysis == PF_ANALYSIS_STATIC_LINEAR && d->steps[0].increments == 1,
              "linear model: static_linear, 1 increment");
  pf_model_desc_destroy(&d);
  /* --set on new keys. */
  const char *ov[] = {"regions.all=removed", "solver.newton=modified", "analysis.max_cutbacks=3"};
  d = cfg_load_ok(ctx, "fin_linear.yaml", 3, ov);
  if (d)
    PF_EXPECT(d->regions[0].kind == PF_REGION_REMOVED && d->newton == PF_NEWTON_MODIFIED &&
                  d->max_cutbacks == 3,
              "overrides of new keys");
  pf_model_desc_destroy(&d);
}

#define HEAD "mesh: {file: m.msh}\nmaterials: {s: {model: neo_hookean, mu: 1, kappa: 10}}\n"
/* Lines: 1 mesh, 2 materials, 3 regions, 4.. the rest. */
#define BODIES                            \
  HEAD "regions: {all: s, bone: rigid}\n" \
       "couplings:\n  - {name: tib, set: T}\n"

static const struct {
  const char *name, *yaml, *prefix, *contains;
} bad[] = {
    {"f_unknown_key", HEAD "regions: {all: {material: s, rigdi: true}}\n",
     "f_unknown_key.yaml:3: regions.all.rigdi: unknown key", "did you mean 'rigid'?"},
    {"f_wrong_type", HEAD "regions: {all: s}\nsolver: {line_search: maybe}\n",
     "f_wrong_type.yaml:4: solver.line_search:", "expected true or false"},
    {"f_range", HEAD "regions: {all: s}\nsolver: {residual_tolerance: 2}\n",
     "f_range.yaml:4: solver.residual_tolerance:", "< 1"},
    {"f_range_growth", HEAD "regions: {all: s}\nanalysis: {growth: 0.5}\n",
     "f_range_growth.yaml:4: analysis.growth:", ">= 1"},
    {"f_enum", HEAD "regions: {all: s}\nsolver: {newton: quasi}\n",
     "f_enum.yaml:4: solver.newton:", "full, modified, bfgs"},
    {"f_unknown_material", HEAD "regions: {all: {material: ss}}\n",
     "f_unknown_material.yaml:3: regions.all.material: no material named 'ss'",
     "did you mean 's'?"},
    {"f_reserved_name",
     "mesh: {file: m.msh}\nmaterials:\n  rigid: {model: neo_hookean, mu: 1, kappa: 1}\n"
     "regions: {all: rigid}\n",
     "f_reserved_name.yaml:3: materials.rigid: 'rigid' is a region kind", NULL},
    {"f_kappa_and_D1",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: neo_hookean, mu: 1, kappa: 1, D1: 2}\n",
     "f_kappa_and_D1.yaml:3: materials.s.D1: kappa and D1 are both given", NULL},
    {"f_no_kappa", "mesh: {file: m.msh}\nmaterials:\n  s: {model: neo_hookean, mu: 1}\n",
     "f_no_kappa.yaml:3: materials.s: missing required key 'kappa' or 'D1'", NULL},
    {"f_D2_log",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: polynomial, C10: 1, D1: 1, D2: 1, "
     "volumetric: log}\nregions: {all: s}\n",
     "f_D2_log.yaml:3: materials.s.D2: D2 is a term of the abaqus volumetric energy", NULL},
    {"f_ogden_lengths",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: ogden, mu: [1, 2], alpha: [2], D1: 1}\n"
     "regions: {all: s}\n",
     "f_ogden_lengths.yaml:3: materials.s.alpha: 1 exponents for 2 moduli", NULL},
    {"f_shear",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: mooney_rivlin, C10: 0.1, "
     "C01: -0.2, D1: 1}\nregions: {all: s}\n",
     "f_shear.yaml:3: materials.s.C10: initial shear modulus", "C10 + C01 > 0"},
    {"f_form_linear",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: linear_elastic, E: 1, nu: 0.3,\n"
     "      formulation: mean_dilatation}\n",
     "f_form_linear.yaml:4: materials.s.formulation: not allowed for model: linear_elastic", NULL},
    {"f_matrix_not_split",
     "mesh: {file: m.msh}\nmaterials:\n  f:\n    model: fibre\n"
     "    matrix: {model: linear_elastic}\n",
     "f_matrix_not_split.yaml:5: materials.f.matrix.model: linear_elastic is not allowed here",
     "split into isochoric and volumetric"},
    {"f_fibre_no_dir",
     "mesh: {file: m.msh}\nmaterials:\n  f: {model: fibre, matrix: {model: neo_hookean, mu: 1, "
     "kappa: 1}, fibre: {law: linear, E: 1}}\nregions: {band: f}\n",
     "f_fibre_no_dir.yaml:4: regions.band: material f is fibre-reinforced", "direction"},
    {"f_dir_not_fibre", HEAD "regions: {all: {material: s, direction: [1, 0, 0]}}\n",
     "f_dir_not_fibre.yaml:3: regions.all.direction: a fibre direction needs a fibre material",
     NULL},
    {"f_two_dirs",
     "mesh: {file: m.msh}\nmaterials:\n  f: {model: fibre, matrix: {model: neo_hookean, mu: 1, "
     "kappa: 1}, fibre: {law: linear, E: 1}}\nregions:\n  band: {material: f, direction: [1, 0, "
     "0],\n         direction_data: d}\n",
     "f_two_dirs.yaml:6: regions.band.direction_data: more than one of direction", NULL},
    {"f_zero_dir",
     "mesh: {file: m.msh}\nmaterials:\n  f: {model: fibre, matrix: {model: neo_hookean, mu: 1, "
     "kappa: 1}, fibre: {law: linear, E: 1}}\nregions: {band: {material: f, direction: [0, 0, "
     "0]}}\n",
     "f_zero_dir.yaml:4: regions.band.direction: the zero vector", NULL},
    {"f_rigid_material", HEAD "regions: {bone: {material: s, rigid: true}}\n",
     "f_rigid_material.yaml:3: regions.bone.material: a rigid region has no material", NULL},
    {"f_ref_point", HEAD "regions: {all: {material: s, ref_point: [0, 0, 0]}}\n",
     "f_ref_point.yaml:3: regions.all.ref_point: ref_point is for a rigid region", NULL},
    {"f_body_twice", BODIES "  - {name: bone, set: B}\n",
     "f_body_twice.yaml:6: couplings[1].name: a body named 'bone' already exists", NULL},
    {"f_set_twice", BODIES "  - {name: tib2, set: T}\n",
     "f_set_twice.yaml:6: couplings[1].set: node set T is already coupled by tib",
     "a node follows one body"},
    {"f_joint_body", BODIES "joints: [{name: j, proximal: tib, distal: bonee, axis: [0, 1, 0]}]\n",
     "f_joint_body.yaml:6: joints[0].distal: no body named 'bonee'", "did you mean 'bone'?"},
    {"f_joint_same", BODIES "joints: [{name: j, proximal: tib, distal: tib, axis: [0, 1, 0]}]\n",
     "f_joint_same.yaml:6: joints[0].distal: distal is the proximal body tib", NULL},
    {"f_joint_axis_axes",
     BODIES "joints: [{name: j, proximal: tib, distal: bone, axis: [0, 1, 0],\n"
            "          axes: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}]\n",
     "f_joint_axis_axes.yaml:7: joints[0].axes: axis and axes are both given", NULL},
    {"f_joint_left",
     BODIES "joints: [{name: j, proximal: tib, distal: bone, axes: [[1, 0, 0], [0, 1, 0], [0, "
            "0, -1]]}]\n",
     "f_joint_left.yaml:6: joints[0].axes: the axes are left-handed", NULL},
    {"f_joint_degenerate",
     BODIES "joints: [{name: j, proximal: tib, distal: bone, axes: [[1, 0, 0], [2, 0, 0], [0, "
            "0, 1]]}]\n",
     "f_joint_degenerate.yaml:6: joints[0].axes: axis 2 is zero or in the span", NULL},
    {"f_joint_k",
     BODIES "joints: [{name: j, proximal: tib, distal: bone, axis: [0, 1, 0], "
            "rotational_stiffness: -1}]\n",
     "f_joint_k.yaml:6: joints[0].rotational_stiffness:", ">= 0"},
    {"f_tie_tol", HEAD "regions: {all: s}\nties: [{slave: a, master: b, tolerance: 0}]\n",
     "f_tie_tol.yaml:4: ties[0].tolerance:", "> 0"},
    {"f_tie_same", HEAD "regions: {all: s}\nties: [{slave: a, master: a}]\n",
     "f_tie_same.yaml:4: ties[0].master: master is the slave a", NULL},
    {"f_tie_missing", HEAD "regions: {all: s}\nties: [{slave: a}]\n",
     "f_tie_missing.yaml:4: ties[0]: missing required key 'master'", NULL},
    {"f_steps_and_loads",
     HEAD "regions: {all: s}\nsteps: [{name: a}]\nloads: [{type: gravity, value: [0, 0, 1]}]\n",
     "f_steps_and_loads.yaml:5: loads: with steps, loads belong to a step", NULL},
    {"f_release_no_steps",
     HEAD "regions: {all: s}\nboundary:\n  - {name: x, type: fixed, set: A, release: true}\n",
     "f_release_no_steps.yaml:5: boundary[0].release: release: true needs an earlier step", NULL},
    {"f_release_unknown",
     HEAD "regions: {all: s}\nsteps:\n  - {name: a, boundary: [{name: fix, type: fixed, set: "
          "A}]}\n  - {name: b, boundary: [{name: fx, release: true}]}\n",
     "f_release_unknown.yaml:6: steps[1].boundary[0].release: no earlier step has a boundary "
     "condition named 'fx'",
     "did you mean 'fix'?"},
    {"f_continue_changes",
     HEAD "regions: {all: s}\nsteps:\n  - {name: a, loads: [{name: W, type: nodal_force, set: "
          "A, value: [0, 0, 1]}]}\n  - {name: b, loads: [{name: W, set: B, value: [0, 0, 2]}]}\n",
     "f_continue_changes.yaml:6: steps[1].loads[0]: continues load W", "changes its type or"},
    {"f_step_name", HEAD "regions: {all: s}\nsteps:\n  - {name: a}\n  - {name: a}\n",
     "f_step_name.yaml:6: steps[1].name:", "unique"},
    {"f_step_incs",
     HEAD "regions: {all: s}\nsteps:\n  - {name: a, increments: 10, "
          "max_increments: 5}\n",
     "f_step_incs.yaml:5: steps[0].max_increments: max_increments 5 is less than increments 10",
     NULL},
    {"f_step_zero", HEAD "regions: {all: s}\nsteps:\n  - {name: a, increments: 0}\n",
     "f_step_zero.yaml:5: steps[0].increments:", ">= 1"},
    {"f_no_value_rot", BODIES "boundary: [{type: rotation, body: tib}]\n",
     "f_no_value_rot.yaml:6: boundary[0]: missing required key 'value'", "type: rotation"},
    {"f_bc_unknown_body", BODIES "boundary: [{type: fixed, body: tibb}]\n",
     "f_bc_unknown_body.yaml:6: boundary[0].body: no body named 'tibb'", "did you mean 'tib'?"},
    {"f_bc_set_and_body", BODIES "boundary: [{type: fixed, set: A, body: tib}]\n",
     "f_bc_set_and_body.yaml:6: boundary[0].body: set and body are both given", NULL},
    {"f_bc_rot_on_set", BODIES "boundary: [{type: fixed, set: A, dofs: [x, rz]}]\n",
     "f_bc_rot_on_set.yaml:6: boundary[0].dofs: rotations rx, ry, rz are dofs of a body", NULL},
    {"f_bc_unknown_joint", BODIES "boundary: [{type: joint_angle, joint: knee, value: 5}]\n",
     "f_bc_unknown_joint.yaml:6: boundary[0].joint: no joint named 'knee'", "add it under joints"},
    {"f_load_body", BODIES "loads: [{type: force, body: tbi, value: [0, 0, 1]}]\n",
     "f_load_body.yaml:6: loads[0].body: no body named 'tbi'", "did you mean 'tib'?"},
    {"f_curve_t",
     HEAD "regions: {all: s}\nloads: [{type: gravity, value: [0, 0, 1], curve: [[0, 0], [0.5, "
          "1]]}]\n",
     "f_curve_t.yaml:4: loads[0].curve: t runs from 0 to 0.5", "end at t = 1"},
    {"f_curve_order",
     HEAD "regions: {all: s}\nloads: [{type: gravity, value: [0, 0, 1], curve: [[0, 0], [0.6, "
          "1], [0.4, 1], [1, 1]]}]\n",
     "f_curve_order.yaml:4: loads[0].curve: point 2 has t = 0.4 after t = 0.6", NULL},
    {"f_curve_enum",
     HEAD "regions: {all: s}\nloads: [{type: gravity, value: [0, 0, 1], curve: ramp}]\n",
     "f_curve_enum.yaml:4: loads[0].curve:", "linear, step"},
    {"f_summary_step",
     HEAD "regions: {all: s}\nsteps: [{name: stand}]\noutput: {summary_step: "
          "stnad}\n",
     "f_summary_step.yaml:5: output.summary_step: no step named 'stnad'", "did you mean 'stand'?"},
    {"f_linear_forced", HEAD "regions: {all: s}\nanalysis: {type: static_linear}\n",
     "f_linear_forced.yaml:4: analysis.type: static_linear cannot solve this model",
     "hyperelastic"},
    {"f_set_override_bad", HEAD "regions: {all: s}\n", "--set", NULL},
};

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  char src[4096];
  pf_test_path("tests/config/data/finite.yaml", src, sizeof(src));
  pf_model_desc *d = cfg_load_ok(ctx, src, 0, NULL);
  if (d) check_finite(d);
  pf_model_desc_destroy(&d);
  check_defaults(ctx);

  int n = (int)(sizeof(bad) / sizeof(bad[0]));
  for (int i = 0; i < n; i++) {
    char path[256];
    snprintf(path, sizeof(path), "%s.yaml", bad[i].name);
    cfg_write(path, bad[i].yaml);
    if (!strcmp(bad[i].name, "f_set_override_bad")) {
      const char *ov[] = {"solver.newton=bfsg"};
      CFG_EXPECT_ERROR(ctx, path, 1, ov, PF_ERR_INPUT,
                       "--set solver.newton=bfsg:", "did you mean 'bfgs'?");
      continue;
    }
    CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT, bad[i].prefix, bad[i].contains);
  }
  pf_context_destroy(&ctx);
  return pf_test_result("config_finite");
}
