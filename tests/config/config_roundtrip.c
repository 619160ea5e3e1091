/*
 * The resolved YAML (the configuration after overrides, emitted with libyaml) parses back to the
 * same description, and emitting it again gives the same text. Checked on the complete example
 * with overrides, on strings that need quoting (YAML specials, numbers and booleans as names,
 * several lines, UTF-8), and on a minimal configuration.
 */
#include "config_test.h"

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = calloc((size_t)n + 1, 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) text[0] = '\0';
  fclose(f);
  return text;
}

/* Loads path with overrides, writes its resolved YAML to resolved, loads that and compares. */
static void round_trip(pf_context *ctx, const char *path, int n_ov, const char *const *ov,
                       const char *resolved) {
  pf_model_desc *a = cfg_load_ok(ctx, path, n_ov, ov), *b = NULL;
  if (!a) return;
  cfg_write(resolved, a->resolved_yaml);
  b = cfg_load_ok(ctx, resolved, 0, NULL);
  if (b) {
    cfg_expect_same_desc(a, b);
    PF_EXPECT(!strcmp(a->resolved_yaml, b->resolved_yaml),
              "%s: emitting the parsed output again changes it:\n--- first\n%s--- second\n%s", path,
              a->resolved_yaml, b->resolved_yaml);
  } else {
    fprintf(stderr, "resolved YAML of %s:\n%s", path, a->resolved_yaml);
  }
  pf_model_desc_destroy(&a);
  pf_model_desc_destroy(&b);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;

  /* The complete example, copied beside the resolved file so that relative paths agree. */
  char src[4096];
  char *full = read_all(pf_test_path("tests/config/data/full.yaml", src, sizeof(src)));
  PF_EXPECT(full != NULL, "cannot read %s", src);
  if (full) {
    cfg_write("rt_full.yaml", full);
    free(full);
    const char *ov[] = {"loads.W.value[2]=-5",    "materials.cable.area=20",
                        "boundary.pull.dofs=[z]", "materials.extra={model: truss, E: 3, area: 4}",
                        "regions.more=extra",     "title=Run #3: 70 kg, 'quoted' \"double\""};
    round_trip(ctx, "rt_full.yaml", 6, ov, "rt_full_resolved.yaml");
    /* The overrides did change something (so the comparison above compared something). */
    pf_model_desc *a = cfg_load_ok(ctx, "rt_full.yaml", 6, ov);
    if (a) {
      PF_EXPECT(a->loads[0].value[2] == -5 && a->materials[1].area == 20 && a->bcs[1].dofs == 4 &&
                    a->n_materials == 3 && a->n_regions == 3,
                "overrides applied");
      PF_EXPECT(!strcmp(a->title, "Run #3: 70 kg, 'quoted' \"double\""), "title %s", a->title);
    }
    pf_model_desc_destroy(&a);
  }

  /* Strings that need quoting or that YAML would read as something else. */
  cfg_write("rt_strings.yaml",
            "title: |\n"
            "  Two lines: \"quoted\", 'single', # not a comment\n"
            "  and UTF-8: \xc3\xa9\xc3\xa8 \xe2\x80\x94 end\n"
            "mesh: {file: 'my mesh: v2.msh'}\n"
            "materials:\n"
            "  'null': {model: truss, E: 1, area: 2}\n"
            "  my steel: {model: linear_elastic, E: 1.0e+5, nu: -0.25}\n"
            "  \"123\": {model: linear_elastic, E: 7, nu: 0}\n"
            "regions: {'yes': 'null', y: my steel, '2': '123', '- odd [set]': my steel}\n"
            "loads:\n"
            "  - {name: 'true', type: pressure, surface: '{top}', value: -0.0}\n"
            "  - {name: 'W: 1', type: gravity, value: [0, 0, -9810]}\n"
            "boundary:\n"
            "  - {type: fixed, set: '*CLAMP', dofs: [y]}\n"
            "summary:\n"
            "  - {name: _a1, set: '#all', field: stress, component: von_mises, stat: max}\n");
  round_trip(ctx, "rt_strings.yaml", 0, NULL, "rt_strings_resolved.yaml");
  pf_model_desc *s = cfg_load_ok(ctx, "rt_strings.yaml", 0, NULL);
  if (s) {
    PF_EXPECT(!strcmp(s->title,
                      "Two lines: \"quoted\", 'single', # not a comment\nand UTF-8: "
                      "\xc3\xa9\xc3\xa8 \xe2\x80\x94 end\n"),
              "title '%s'", s->title);
    PF_EXPECT(!strcmp(s->materials[0].name, "null") && !strcmp(s->regions[0].set, "yes") &&
                  s->regions[0].material == 0 && !strcmp(s->regions[2].set, "2") &&
                  s->regions[2].material == 2 && !strcmp(s->regions[3].set, "- odd [set]"),
              "names that look like null, booleans and numbers stay names");
    PF_EXPECT(!strcmp(s->loads[0].name, "true") && !strcmp(s->loads[0].target, "{top}") &&
                  !strcmp(s->bcs[0].set, "*CLAMP") && !strcmp(s->probes[0].set, "#all"),
              "names with YAML specials");
  }
  pf_model_desc_destroy(&s);

  /* Every finite-strain key, with overrides of step entries, joints and regions by name. The
   * continuing step entries leave out keys that are taken from the earlier entry: the resolved
   * YAML leaves them out too, and parses back to the same description. */
  char *finite = read_all(pf_test_path("tests/config/data/finite.yaml", src, sizeof(src)));
  PF_EXPECT(finite != NULL, "cannot read %s", src);
  if (finite) {
    cfg_write("rt_finite.yaml", finite);
    free(finite);
    const char *ov[] = {"steps.release.loads.W.value[2]=-800",
                        "joints.ankle.rotational_stiffness=7", "regions.talus.ref_point=[4, 5, 6]",
                        "steps.seat.boundary.lower.curve=[[0, 0], [1, 1]]",
                        "regions.fascia_band.removed=true"};
    round_trip(ctx, "rt_finite.yaml", 5, ov, "rt_finite_resolved.yaml");
    pf_model_desc *a = cfg_load_ok(ctx, "rt_finite.yaml", 5, ov);
    if (a) {
      PF_EXPECT(a->loads[3].value[2] == -800 && a->joints[0].k_rotation[1] == 7 &&
                    a->bodies[1].ref_point[2] == 6 && a->bcs[1].curve.kind == PF_CURVE_TABLE &&
                    a->regions[4].kind == PF_REGION_REMOVED,
                "finite-strain overrides applied");
      int n_force = 0;
      for (const char *at = a->resolved_yaml; (at = strstr(at, "type: force")); at++) n_force++;
      PF_EXPECT(n_force == 1 && strstr(a->resolved_yaml, "-800"),
                "inherited keys are not emitted (type: force %d times):\n%s", n_force,
                a->resolved_yaml);
    }
    pf_model_desc_destroy(&a);
  }

  char minimal[4096];
  char *text = read_all(pf_test_path("tests/config/data/minimal.yaml", minimal, sizeof(minimal)));
  if (text) {
    cfg_write("rt_minimal.yaml", text);
    free(text);
    round_trip(ctx, "rt_minimal.yaml", 0, NULL, "rt_minimal_resolved.yaml");
  }
  pf_context_destroy(&ctx);
  return pf_test_result("config_roundtrip");
}
