/*
 * pf_config_load on valid configurations: a complete one (every field of the description, with its
 * source location), the defaults of a minimal one, and paths resolved against the configuration's
 * folder (relative, absolute, and a configuration given without a folder).
 */
#include <stdlib.h>
#include <string.h>

#include "config_test.h"

static void check_full(pf_context *ctx) {
  char path[4096], want[4200];
  pf_test_path("tests/config/data/full.yaml", path, sizeof(path));
  pf_model_desc *d = cfg_load_ok(ctx, path, 0, NULL);
  if (!d) return;
  PF_EXPECT(!strcmp(d->config_path, path), "config_path %s", d->config_path);
  PF_EXPECT(!strcmp(d->title, "Cantilever, every key"), "title '%s'", d->title);
  pf_test_path("tests/config/data/../meshes/beam.msh", want, sizeof(want));
  PF_EXPECT(!strcmp(d->mesh_file, want), "mesh_file %s, expected %s", d->mesh_file, want);
  CFG_EXPECT_LOC(d->mesh_loc, path, 4, "mesh.file");
  PF_EXPECT(d->mesh_scale == 1000.0, "mesh_scale %g", d->mesh_scale);

  PF_EXPECT(d->n_materials == 2, "n_materials %d", d->n_materials);
  if (d->n_materials == 2) {
    const pf_material_desc *s = &d->materials[0], *c = &d->materials[1];
    PF_EXPECT(!strcmp(s->name, "steel") && s->model == PF_MAT_LINEAR_ELASTIC, "steel");
    PF_EXPECT(s->E == 2.1e5 && s->nu == 0.3 && s->density == 7.85e-9 && s->area == 0.0,
              "steel E %g nu %g density %g area %g", s->E, s->nu, s->density, s->area);
    CFG_EXPECT_LOC(s->loc, path, 7, "materials.steel");
    PF_EXPECT(!strcmp(c->name, "cable") && c->model == PF_MAT_TRUSS, "cable");
    PF_EXPECT(c->E == 1.5e5 && c->nu == 0.0 && c->density == 0.0 && c->area == 12.5,
              "cable E %g nu %g density %g area %g", c->E, c->nu, c->density, c->area);
    CFG_EXPECT_LOC(c->loc, path, 12, "materials.cable");
  }
  PF_EXPECT(d->n_regions == 2, "n_regions %d", d->n_regions);
  if (d->n_regions == 2) {
    PF_EXPECT(!strcmp(d->regions[0].set, "solid") && d->regions[0].material == 0, "regions[0]");
    PF_EXPECT(!strcmp(d->regions[1].set, "ties") && d->regions[1].material == 1, "regions[1]");
    CFG_EXPECT_LOC(d->regions[1].loc, path, 18, "regions.ties");
  }

  PF_EXPECT(d->n_loads == 6, "n_loads %d", d->n_loads);
  if (d->n_loads == 6) {
    const pf_load_desc *l = d->loads;
    PF_EXPECT(!strcmp(l[0].name, "W") && l[0].type == PF_LOAD_NODAL_FORCE &&
                  !strcmp(l[0].target, "TIP") && l[0].value[0] == 0 && l[0].value[1] == 0 &&
                  l[0].value[2] == -1.0 && l[0].pressure == 0,
              "loads[0]");
    CFG_EXPECT_LOC(l[0].loc, path, 20, "loads[0]");
    CFG_EXPECT_LOC(l[0].target_loc, path, 20, "loads[0].set");
    PF_EXPECT(!strcmp(l[1].name, "loads[1]") && l[1].type == PF_LOAD_SURFACE_FORCE &&
                  !strcmp(l[1].target, "end") && l[1].value[0] == 10 && l[1].value[2] == 0,
              "loads[1]");
    CFG_EXPECT_LOC(l[1].loc, path, 21, "loads[1]");
    CFG_EXPECT_LOC(l[1].target_loc, path, 22, "loads[1].surface");
    PF_EXPECT(!strcmp(l[2].name, "loads[2]") && l[2].type == PF_LOAD_PRESSURE &&
                  !strcmp(l[2].target, "top") && l[2].pressure == 0.1 && l[2].value[0] == 0 &&
                  l[2].value[1] == 0 && l[2].value[2] == 0,
              "loads[2]");
    PF_EXPECT(!strcmp(l[3].name, "shear") && l[3].type == PF_LOAD_TRACTION &&
                  !strcmp(l[3].target, "side") && l[3].value[1] == 0.5,
              "loads[3]");
    PF_EXPECT(!strcmp(l[4].name, "g") && l[4].type == PF_LOAD_GRAVITY &&
                  !strcmp(l[4].target, "solid") && l[4].value[2] == -9810,
              "loads[4]");
    CFG_EXPECT_LOC(l[4].target_loc, path, 26, "loads[4].region");
    PF_EXPECT(!strcmp(l[5].name, "loads[5]") && l[5].type == PF_LOAD_GRAVITY && !l[5].target &&
                  l[5].value[2] == -9810,
              "loads[5]: gravity on every element");
    CFG_EXPECT_LOC(l[5].target_loc, path, 27, "loads[5]");
  }

  PF_EXPECT(d->n_bcs == 6, "n_bcs %d", d->n_bcs);
  if (d->n_bcs == 6) {
    const pf_bc_desc *b = d->bcs;
    PF_EXPECT(!strcmp(b[0].name, "CLAMP") && b[0].type == PF_BC_FIXED &&
                  !strcmp(b[0].set, "CLAMP") && b[0].dofs == 7 && b[0].value[0] == 0 &&
                  b[0].value[1] == 0 && b[0].value[2] == 0,
              "bcs[0]: name defaults to the set");
    CFG_EXPECT_LOC(b[0].loc, path, 29, "boundary[0]");
    CFG_EXPECT_LOC(b[0].target_loc, path, 29, "boundary[0].set");
    PF_EXPECT(!strcmp(b[1].name, "pull") && b[1].type == PF_BC_DISPLACEMENT && b[1].dofs == 7 &&
                  b[1].value[0] == 0 && b[1].value[1] == 0 && b[1].value[2] == -1.0,
              "bcs[1]: three values, all dofs");
    PF_EXPECT(b[2].dofs == 4 && b[2].value[0] == 0 && b[2].value[1] == 0 && b[2].value[2] == -3.0,
              "bcs[2]: dofs [z], value [-3]: dofs %d value %g %g %g", b[2].dofs, b[2].value[0],
              b[2].value[1], b[2].value[2]);
    PF_EXPECT(b[3].dofs == 5 && b[3].value[0] == 1 && b[3].value[1] == 0 && b[3].value[2] == 2,
              "bcs[3]: dofs [z, x], value [2, 1]: dofs %d value %g %g %g", b[3].dofs, b[3].value[0],
              b[3].value[1], b[3].value[2]);
    PF_EXPECT(b[4].dofs == 6 && b[4].value[0] == 0 && b[4].value[1] == 8 && b[4].value[2] == 9,
              "bcs[4]: dofs [y, z], value [7, 8, 9] (all components): dofs %d value %g %g %g",
              b[4].dofs, b[4].value[0], b[4].value[1], b[4].value[2]);
    PF_EXPECT(!strcmp(b[5].name, "SYM") && b[5].type == PF_BC_FIXED && b[5].dofs == 2, "bcs[5]");
  }

  PF_EXPECT(d->n_probes == 5, "n_probes %d", d->n_probes);
  if (d->n_probes == 5) {
    const pf_probe_desc *p = d->probes;
    PF_EXPECT(!strcmp(p[0].name, "tip_uz") && !strcmp(p[0].set, "TIP") &&
                  p[0].field == PF_FIELD_DISPLACEMENT && p[0].component == 2 &&
                  p[0].stat == PF_STAT_MEAN,
              "probes[0]");
    CFG_EXPECT_LOC(p[0].loc, path, 36, "summary[0]");
    PF_EXPECT(p[1].field == PF_FIELD_REACTION && p[1].component == 3 && p[1].stat == PF_STAT_SUM,
              "probes[1]: magnitude = 3");
    PF_EXPECT(!p[2].set && p[2].field == PF_FIELD_STRESS && p[2].component == 6 &&
                  p[2].stat == PF_STAT_MAX,
              "probes[2]: von_mises = 6, every element");
    PF_EXPECT(p[3].field == PF_FIELD_STRAIN && p[3].component == 7 && p[3].stat == PF_STAT_MIN,
              "probes[3]: strain max_principal = 7 (component %d)", p[3].component);
    PF_EXPECT(p[4].component == 5, "probes[4]: xz = 5");
  }
  PF_EXPECT(d->analysis == PF_ANALYSIS_STATIC_LINEAR, "analysis");
  PF_EXPECT(d->linear_solver == PF_SOLVER_PCG, "linear_solver %d", (int)d->linear_solver);
  PF_EXPECT(d->solver_tolerance == 1e-8, "tolerance %g", d->solver_tolerance);
  PF_EXPECT(d->solver_max_iterations == 500, "max_iterations %d", d->solver_max_iterations);
  pf_test_path("tests/config/data/out/beam.h5", want, sizeof(want));
  PF_EXPECT(d->output_file && !strcmp(d->output_file, want), "output_file %s",
            d->output_file ? d->output_file : "(null)");
  PF_EXPECT(d->output_level == PF_OUTPUT_FINAL, "output_level");
  PF_EXPECT(d->resolved_yaml && strstr(d->resolved_yaml, "title: Cantilever, every key") &&
                strstr(d->resolved_yaml, "value: [0, 0, -1.0]"),
            "resolved_yaml:\n%s", d->resolved_yaml ? d->resolved_yaml : "(null)");
  pf_model_desc_destroy(&d);
  PF_EXPECT(d == NULL, "destroy sets the handle to NULL");
}

static void check_defaults(pf_context *ctx) {
  char path[4096], want[4200];
  pf_test_path("tests/config/data/minimal.yaml", path, sizeof(path));
  pf_model_desc *d = cfg_load_ok(ctx, path, 0, NULL);
  if (!d) return;
  PF_EXPECT(d->title && !strcmp(d->title, ""), "title defaults to \"\"");
  pf_test_path("tests/config/data/beam.msh", want, sizeof(want));
  PF_EXPECT(!strcmp(d->mesh_file, want), "mesh_file %s", d->mesh_file);
  PF_EXPECT(d->mesh_scale == 1.0, "mesh.scale defaults to 1");
  PF_EXPECT(d->n_materials == 1 && d->materials[0].density == 0.0, "density defaults to 0");
  PF_EXPECT(d->n_loads == 0 && d->n_probes == 0, "no loads, no probes");
  PF_EXPECT(d->n_bcs == 1 && d->bcs[0].dofs == 7 && !strcmp(d->bcs[0].name, "CLAMP"),
            "dofs default to x, y, z; name to the set");
  PF_EXPECT(d->analysis == PF_ANALYSIS_STATIC_LINEAR, "analysis defaults to static_linear");
  PF_EXPECT(d->linear_solver == PF_SOLVER_CHOLMOD, "solver defaults to cholmod");
  PF_EXPECT(d->solver_tolerance == 1e-10, "tolerance defaults to 1e-10");
  PF_EXPECT(d->solver_max_iterations == 10000, "max_iterations defaults to 10000");
  PF_EXPECT(d->output_file == NULL, "no output.file");
  PF_EXPECT(d->output_level == PF_OUTPUT_ALL, "output.level defaults to all");
  pf_model_desc_destroy(&d);
}

static void check_paths(pf_context *ctx) {
  char path[4096], want[4200];
  pf_test_path("tests/config/data/sub/relative.yaml", path, sizeof(path));
  pf_model_desc *d = cfg_load_ok(ctx, path, 0, NULL);
  if (d) {
    pf_test_path("tests/config/data/sub/../../meshes/foot.msh", want, sizeof(want));
    PF_EXPECT(!strcmp(d->mesh_file, want), "mesh_file %s, expected %s", d->mesh_file, want);
    PF_EXPECT(!strcmp(d->output_file, "/tmp/pfsim-abs/out.h5"), "absolute output kept: %s",
              d->output_file);
  }
  pf_model_desc_destroy(&d);

  /* Given without a folder (relative to the working folder): the paths stay as written. */
  cfg_write("plain.yaml",
            "mesh: {file: meshes/m.msh}\nmaterials: {a: {model: truss, E: 1, area: 2}}\n"
            "regions: {r: a}\noutput: {file: r.h5}\n");
  d = cfg_load_ok(ctx, "plain.yaml", 0, NULL);
  if (d) {
    PF_EXPECT(!strcmp(d->mesh_file, "meshes/m.msh"), "mesh_file %s", d->mesh_file);
    PF_EXPECT(!strcmp(d->output_file, "r.h5"), "output_file %s", d->output_file);
  }
  pf_model_desc_destroy(&d);
  const char *abs_mesh[] = {"mesh.file=/data/m.msh"};
  d = cfg_load_ok(ctx, path, 1, abs_mesh);
  if (d) PF_EXPECT(!strcmp(d->mesh_file, "/data/m.msh"), "absolute mesh kept: %s", d->mesh_file);
  pf_model_desc_destroy(&d);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  check_full(ctx);
  check_defaults(ctx);
  check_paths(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("config_load");
}
