/*
 * --set overrides: list entries by index and by name (name:, or the set of an unnamed boundary
 * condition), scalars and flow collections, keys created and then validated, the last override
 * winning, where the description says each entry came from, and every kind of bad override
 * (malformed, bad path, bad value) with a message that names the override.
 */
#include "config_test.h"

static const char *base =
    "title: base\n"                                                       /* 1 */
    "mesh: {file: m.msh}\n"                                               /* 2 */
    "materials:\n"                                                        /* 3 */
    "  steel: {model: linear_elastic, E: 210000, nu: 0.3}\n"              /* 4 */
    "regions: {solid: steel}\n"                                           /* 5 */
    "loads:\n"                                                            /* 6 */
    "  - {name: W, type: nodal_force, set: TIP, value: [0, 0, -1]}\n"     /* 7 */
    "  - {type: pressure, surface: top, value: 0.1}\n"                    /* 8 */
    "boundary:\n"                                                         /* 9 */
    "  - {type: fixed, set: CLAMP}\n"                                     /* 10 */
    "  - {name: pull, type: displacement, set: TIP, value: [0, 0, -1]}\n" /* 11 */
    "output:\n";                                                          /* 12: null */

static void check_good(pf_context *ctx) {
  const char *ov[] = {
      "loads.W.value[2]=-5",       /* by name, then index */
      "loads[1].value=0.25",       /* by index */
      "materials.steel.E=2e5",     /* named map */
      "boundary.CLAMP.dofs=[x,z]", /* unnamed entry by its set; a flow list */
      "boundary.pull.value[0]=3",  /* named entry */
      "materials.rubber={model: linear_elastic, E: 5, nu: 0.45}", /* new entry: a flow map */
      "regions.pad=rubber",                                       /* new key */
      "output.file=res/out.h5",                                   /* "output:" had no value */
      "solver.linear=umfpack",                                    /* a missing section is created */
      "title=Run #3: 70 kg", /* verbatim, not a YAML comment or map */
      "mesh.scale=2",
      " mesh.scale = 3 ", /* the last one wins; spaces around are trimmed */
  };
  int n = (int)(sizeof(ov) / sizeof(ov[0]));
  cfg_write("ov_base.yaml", base);
  pf_model_desc *d = cfg_load_ok(ctx, "ov_base.yaml", n, ov);
  if (!d) return;
  PF_EXPECT(d->n_loads == 2 && d->loads[0].value[2] == -5 && d->loads[0].value[1] == 0,
            "loads.W.value[2]=-5");
  PF_EXPECT(d->n_loads == 2 && d->loads[1].pressure == 0.25, "loads[1].value=0.25");
  PF_EXPECT(d->n_materials == 2 && d->materials[0].E == 2e5, "materials.steel.E=2e5");
  PF_EXPECT(d->n_bcs == 2 && d->bcs[0].dofs == 5, "boundary.CLAMP.dofs=[x,z]: dofs %d",
            d->n_bcs ? d->bcs[0].dofs : -1);
  PF_EXPECT(d->n_bcs == 2 && d->bcs[1].value[0] == 3 && d->bcs[1].value[2] == -1,
            "boundary.pull.value[0]=3");
  PF_EXPECT(d->n_materials == 2 && !strcmp(d->materials[1].name, "rubber") &&
                d->materials[1].nu == 0.45 && d->materials[1].E == 5,
            "a material created by --set");
  PF_EXPECT(d->n_regions == 2 && !strcmp(d->regions[1].set, "pad") && d->regions[1].material == 1,
            "regions.pad=rubber");
  PF_EXPECT(d->output_file && !strcmp(d->output_file, "res/out.h5"), "output.file %s",
            d->output_file ? d->output_file : "(null)");
  PF_EXPECT(d->linear_solver == PF_SOLVER_UMFPACK, "solver.linear=umfpack");
  PF_EXPECT(!strcmp(d->title, "Run #3: 70 kg"), "title '%s'", d->title);
  PF_EXPECT(d->mesh_scale == 3, "the last override wins: scale %g", d->mesh_scale);
  /* Entries keep the file's location; entries made by --set say so. */
  if (d->n_materials == 2 && d->n_regions == 2 && d->n_loads == 2) {
    CFG_EXPECT_LOC(d->materials[0].loc, "ov_base.yaml", 4, "materials.steel");
    CFG_EXPECT_LOC(d->loads[0].loc, "ov_base.yaml", 7, "loads[0]");
    CFG_EXPECT_LOC(d->materials[1].loc, "--set", 0, "materials.rubber");
    CFG_EXPECT_LOC(d->regions[1].loc, "--set", 0, "regions.pad");
  }
  PF_EXPECT(strstr(d->resolved_yaml, "E: 2e5") && strstr(d->resolved_yaml, "dofs: [x, z]") &&
                strstr(d->resolved_yaml, "value: [0, 0, -5]") &&
                strstr(d->resolved_yaml, "pad: rubber") &&
                strstr(d->resolved_yaml, "title: 'Run #3: 70 kg'") &&
                !strstr(d->resolved_yaml, "title: base"),
            "resolved YAML holds the overrides:\n%s", d->resolved_yaml);
  pf_model_desc_destroy(&d);

  /* Quoted values are YAML strings: the quotes go. */
  const char *quoted[] = {"title='quoted: yes'", "loads.W.name=\"w 2\""};
  d = cfg_load_ok(ctx, "ov_base.yaml", 2, quoted);
  if (d) {
    PF_EXPECT(!strcmp(d->title, "quoted: yes"), "title '%s'", d->title);
    PF_EXPECT(!strcmp(d->loads[0].name, "w 2"), "name '%s'", d->loads[0].name);
  }
  pf_model_desc_destroy(&d);
}

typedef struct {
  const char *override;
  const char *prefix;
  const char *contains;
} bad_override;

static const bad_override bad[] = {
    /* malformed */
    {"noequals", "--set noequals: no '=' (expected key.path=value)", NULL},
    {"=5", "--set =5: the key path must start with a key", NULL},
    {"[0].x=5", "--set [0].x=5: the key path must start with a key", NULL},
    {"loads..W=1", "--set loads..W=1: empty key in the key path", NULL},
    {"loads.W.=1", "--set loads.W.=1: empty key in the key path", NULL},
    {"loads.W.value[x]=1", "--set loads.W.value[x]=1: bad index in the key path at '[x]'", NULL},
    {"loads.W.value[-1]=1", "--set loads.W.value[-1]=1: bad index", NULL},
    {"loads.W.value[1=1", "--set loads.W.value[1=1: bad index", NULL},
    {"loads[1]x=3", "--set loads[1]x=3: expected '.' or '[' after ']'", NULL},
    /* bad paths */
    {"loads.Q.value=1", "--set loads.Q.value=1: no entry named 'Q' in loads (did you mean 'W'?)",
     NULL},
    {"loads.gravity.value=1", "--set loads.gravity.value=1: no entry named 'gravity' in loads",
     "(entries: 'W')"},
    {"boundary.TIP.dofs=[x]", "--set boundary.TIP.dofs=[x]: no entry named 'TIP' in boundary",
     "(entries: 'CLAMP', 'pull')"},
    {"loads[5].value=1", "--set loads[5].value=1: index [5] is past the end of loads (2 entries)",
     NULL},
    {"loads.W.value[3]=1",
     "--set loads.W.value[3]=1: index [3] is past the end of loads[0].value (3 entries)", NULL},
    {"mesh.file.x=1", "--set mesh.file.x=1: mesh.file is the string 'm.msh', so it has no key 'x'",
     NULL},
    {"materials[0].E=1", "--set materials[0].E=1: materials is a map, not a list", NULL},
    {"summary.tip.stat=max", "--set summary.tip.stat=max: no entry named 'tip' in summary", NULL},
    {"summary[0].stat=max", "--set summary[0].stat=max: index [0] is past the end of summary",
     NULL},
    /* bad values: the schema checks them and the message names the override */
    {"materials.steel.E=-5", "--set materials.steel.E=-5: materials.steel.E: -5 is out of range",
     "E > 0"},
    {"materials.steel.E=abc", "--set materials.steel.E=abc: materials.steel.E: 'abc' is not a",
     NULL},
    {"materials.steel.E=", "--set materials.steel.E=: materials.steel.E: wrong type: found null",
     NULL},
    {"materials.steel.Ee=5", "--set materials.steel.Ee=5: materials.steel.Ee: unknown key",
     "did you mean 'E'?"},
    {"materails.steel.E=1", "--set materails.steel.E=1: materails: unknown key",
     "did you mean 'materials'?"},
    {"materials.rubber.E=1",
     "--set materials.rubber.E=1: materials.rubber: missing required key "
     "'model'",
     NULL},
    {"regions.pad=rubber", "--set regions.pad=rubber: regions.pad: no material named 'rubber'",
     NULL},
    {"boundary.CLAMP.dofs=[x,w]",
     "--set boundary.CLAMP.dofs=[x,w]: boundary[0].dofs[1]: unknown "
     "value 'w'",
     NULL},
    {"boundary.CLAMP.dofs=[x,z", "--set boundary.CLAMP.dofs=[x,z: YAML syntax error:", NULL},
    {"loads.W.value=[1,2]",
     "--set loads.W.value=[1,2]: loads[0].value: wrong type: found a list "
     "of 2",
     NULL},
    {"loads.W.value=[1, &a 2, 3]", "--set loads.W.value=[1, &a 2, 3]: YAML anchors (&a)", NULL},
    {"materials.steel={model: truss, model: truss}",
     "--set materials.steel={model: truss, model: truss}: duplicate key 'model'", NULL},
    {"loads[1]=5", "--set loads[1]=5: loads[1]: wrong type: found the number 5", NULL},
    {"foot.side=middle", "--set foot.side=middle: foot.side: unknown value 'middle'", NULL},
    {"body.mass_kg=70", "--set body.mass_kg=70: body: body is not supported by this version", NULL},
};

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  check_good(ctx);

  /* The message of the design's example, in full. */
  const char *example[] = {"loads.X.value[2]=-5"};
  CFG_EXPECT_ERROR(ctx, "ov_base.yaml", 1, example, PF_ERR_INPUT, NULL, NULL);
  PF_EXPECT(!strcmp(pf_context_error(ctx),
                    "--set loads.X.value[2]=-5: no entry named 'X' in loads (did you mean 'W'?)"),
            "message '%s'", pf_context_error(ctx));

  int n = (int)(sizeof(bad) / sizeof(bad[0]));
  for (int i = 0; i < n; i++)
    CFG_EXPECT_ERROR(ctx, "ov_base.yaml", 1, &bad[i].override, PF_ERR_INPUT, bad[i].prefix,
                     bad[i].contains);

  /* Two unnamed entries on one set: the name is ambiguous, the index is not. */
  cfg_write("ov_twice.yaml",
            "mesh: {file: m.msh}\nmaterials: {s: {model: truss, E: 1, area: 1}}\n"
            "regions: {r: s}\nboundary:\n  - {type: fixed, set: A, dofs: [x]}\n"
            "  - {type: displacement, set: A, dofs: [z], value: [1]}\n");
  const char *twice[] = {"boundary.A.dofs=[y]"};
  CFG_EXPECT_ERROR(ctx, "ov_twice.yaml", 1, twice, PF_ERR_INPUT,
                   "--set boundary.A.dofs=[y]: 2 entries of boundary are named 'A'",
                   "(address one by index: boundary[0])");
  const char *by_index[] = {"boundary[1].value[0]=-2"};
  pf_model_desc *d = cfg_load_ok(ctx, "ov_twice.yaml", 1, by_index);
  if (d) PF_EXPECT(d->bcs[1].value[2] == -2, "boundary[1].value[0]=-2 sets z");
  pf_model_desc_destroy(&d);
  pf_context_destroy(&ctx);
  return pf_test_result("config_override");
}
