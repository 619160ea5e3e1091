/*
 * foot: the foot model file (pfsim-foot-model-1) read into the description, and the checks that
 * need the configuration and the model: the side, every bone a region, a connector across every
 * joint that moves. The fixture tests/config/data/foot/ is a tiny fake foot (tiny-foot.geo): bones
 * cuneiforms, metatarsal1 and toe1, a cartilage joint tmt1 and a gap joint mtp1. Every error
 * names the configuration with the line of the foot key (or of the offending entry) and the model
 * file; an error inside the model file names its line and key too. The checks against the mesh
 * (foot/foot_check.c: bone regions, landmark, surface and tendon node sets) are called here as
 * pf_api_load calls them; tests/cli/test_foot_checks.py runs pfsim check and run on the fixture.
 */
#include "config_test.h"
#include "foot/pf_foot.h"
#include "mesh/pf_mesh.h"

/* The fixture's model file, line by line (model.yaml below, and variants of it). */
static const char *model =
    "# a foot model\n"                                                                /* 1 */
    "format: pfsim-foot-model-1\n"                                                    /* 2 */
    "side: right\n"                                                                   /* 3 */
    "parameters: {side: right, foot_length_mm: 30.0, extra: [1, {a: b}]}\n"           /* 4 */
    "bones: [cuneiforms, metatarsal1, toe1]\n"                                        /* 5 */
    "joints:\n"                                                                       /* 6 */
    "  - {name: tmt1, proximal: cuneiforms, distal: metatarsal1, type: cartilage,\n"  /* 7 */
    "     centre: [9, 3, 7], axes: [[0, -1, 0], [1, 0, 0], [0, 0, 1]]}\n"             /* 8 */
    "  - name: mtp1\n"                                                                /* 9 */
    "    proximal: metatarsal1\n"                                                     /* 10 */
    "    distal: toe1\n"                                                              /* 11 */
    "    type: gap\n"                                                                 /* 12 */
    "    centre: [21, 3, 7]\n"                                                        /* 13 */
    "    axes: [[0, -1, 0], [1, 0, 0], [0, 0, 1]]\n"                                  /* 14 */
    "    future_key: {whatever: 1}\n"                                                 /* 15 */
    "landmarks: {mth1: [20, 0, 4], heel_posterior: [0, 0, 0]}\n"                      /* 16 */
    "tendons:\n"                                                                      /* 17 */
    "  - {name: achilles, insertion: achilles_insertion, origin: achilles_origin}\n"; /* 18 */

/* An analysis of the fixture's mesh; the model is the file beside it unless foot.model says. */
static const char *config =
    "title: foot\n"                                                               /* 1 */
    "mesh: {file: %s}\n"                                                          /* 2 */
    "foot: {%s}\n"                                                                /* 3 */
    "materials: {tissue: {model: neo_hookean, mu: 0.1, kappa: 2.0}}\n"            /* 4 */
    "regions:\n"                                                                  /* 5 */
    "  soft_tissue: tissue\n"                                                     /* 6 */
    "  cartilage: tissue\n"                                                       /* 7 */
    "  cuneiforms: rigid\n"                                                       /* 8 */
    "  metatarsal1: rigid\n"                                                      /* 9 */
    "  toe1: %s\n"                                                                /* 10 */
    "joints:\n"                                                                   /* 11 */
    "  - {name: j, proximal: cuneiforms, distal: metatarsal1, axis: [0, 1, 0]}\n" /* 12 */
    "%s"; /* 13: more joints */

static char mesh_path[4096], model_path[4096];

/* Writes config NAME.yaml (foot keys, what toe1 is, more joints) and returns its name. */
static const char *write_config(const char *name, const char *foot, const char *toe1,
                                const char *joints) {
  static char path[256];
  char text[8192];
  snprintf(path, sizeof(path), "%s.yaml", name);
  snprintf(text, sizeof(text), config, mesh_path, foot, toe1, joints);
  cfg_write(path, text);
  return path;
}

static const char *mtp1 =
    "  - {name: mtp1, proximal: metatarsal1, distal: toe1, axis: [0, 1, 0]}\n";

/* model with the first occurrence of from replaced by to, written to path. */
static void write_model(const char *path, const char *from, const char *to) {
  const char *at = strstr(model, from);
  if (!at) {
    fprintf(stderr, "config_foot: '%s' is not in the model text\n", from);
    exit(2);
  }
  char text[8192];
  snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - model), model, to, at + strlen(from));
  cfg_write(path, text);
}

static void check_valid(pf_context *ctx) {
  /* The fixture's own configuration: the model beside the mesh, side given. */
  char path[4096];
  pf_test_path("tests/config/data/foot/tiny-foot.yaml", path, sizeof(path));
  pf_model_desc *d = cfg_load_ok(ctx, path, 0, NULL);
  if (d) {
    const pf_foot_desc *f = &d->foot;
    PF_EXPECT(f->active && f->side == PF_FOOT_RIGHT, "foot active, right");
    PF_EXPECT(cfg_streq(f->model_file, model_path), "model file '%s', expected '%s'", f->model_file,
              model_path);
    CFG_EXPECT_LOC(f->loc, path, 4, "");
    PF_EXPECT(f->n_bones == 3 && !strcmp(f->bones[0].name, "cuneiforms") &&
                  !strcmp(f->bones[2].name, "toe1"),
              "3 bones");
    PF_EXPECT(f->n_joints == 2, "2 joints, got %d", f->n_joints);
    if (f->n_joints == 2) {
      const pf_foot_joint *j = &f->joints[1];
      PF_EXPECT(!strcmp(f->joints[0].name, "tmt1") && f->joints[0].type == PF_FOOT_JOINT_CARTILAGE,
                "tmt1 is cartilage");
      PF_EXPECT(!strcmp(j->name, "mtp1") && j->type == PF_FOOT_JOINT_GAP &&
                    !strcmp(j->proximal, "metatarsal1") && !strcmp(j->distal, "toe1"),
                "mtp1 is a gap from metatarsal1 to toe1");
      PF_EXPECT(j->centre[0] == 21 && j->centre[1] == 3 && j->centre[2] == 7, "mtp1 centre");
      PF_EXPECT(j->axes[1] == -1 && j->axes[3] == 1 && j->axes[8] == 1, "mtp1 axes");
      CFG_EXPECT_LOC(j->loc, model_path, 12, "joints[1]");
    }
    PF_EXPECT(f->n_landmarks == 2 && !strcmp(f->landmarks[0].name, "mth1") &&
                  !strcmp(f->landmarks[1].name, "heel_posterior"),
              "2 landmarks");
    PF_EXPECT(f->n_tendons == 1 && !strcmp(f->tendons[0].insertion, "achilles_insertion") &&
                  !strcmp(f->tendons[0].origin, "achilles_origin"),
              "the achilles tendon");
  }
  pf_model_desc_destroy(&d);

  /* The default side is the model's; keys the reader does not know are ignored (model.yaml has
   * parameters with nested lists and maps, and a future_key in a joint). A connector given
   * distal first bridges the gap too. */
  cfg_write("model.yaml", model);
  const char *rev = "  - {name: m, proximal: toe1, distal: metatarsal1, axis: [0, 1, 0]}\n";
  d = cfg_load_ok(ctx, write_config("reversed", "model: model.yaml", "rigid", rev), 0, NULL);
  PF_EXPECT(d && d->foot.side == PF_FOOT_RIGHT && cfg_streq(d->foot.model_file, "model.yaml") &&
                d->foot.n_joints == 2 && d->foot.joints[1].loc.line == 9,
            "foot.model, the model's side, mtp1 at line 9");
  pf_model_desc_destroy(&d);
  /* Without a connector, a removed or deformable toe is not checked. */
  d = cfg_load_ok(ctx, write_config("removed", "model: model.yaml", "removed", ""), 0, NULL);
  pf_model_desc_destroy(&d);
  d = cfg_load_ok(ctx, write_config("deformable", "model: model.yaml", "tissue", ""), 0, NULL);
  pf_model_desc_destroy(&d);
  /* Without foot: nothing is read. */
  cfg_write("nofoot.yaml",
            "mesh: {file: m.msh}\nmaterials: {s: {model: linear_elastic, E: 1, "
            "nu: 0.3}}\nregions: {a: s}\n");
  d = cfg_load_ok(ctx, "nofoot.yaml", 0, NULL);
  PF_EXPECT(d && !d->foot.active && !d->foot.model_file, "no foot: inactive");
  pf_model_desc_destroy(&d);
}

static void check_config_errors(pf_context *ctx) {
  char want[8192];
  /* a moving joint without a connector: the whole message */
  const char *path = write_config("noconn", "side: right", "rigid", "");
  CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT, NULL, NULL);
  snprintf(want, sizeof(want),
           "noconn.yaml:3: foot model %s: joint 'mtp1' (metatarsal1 - toe1) moves (a gap in the "
           "mesh) but no connector joins its bones: bone 'toe1' is held by nothing at that joint "
           "(expected a joints: entry with proximal: metatarsal1, distal: toe1)",
           model_path);
  PF_EXPECT(!strcmp(pf_context_error(ctx), want), "message\n  %s\nexpected\n  %s",
            pf_context_error(ctx), want);
  /* a connector between other bodies does not count */
  path = write_config("otherconn", "", "rigid",
                      "  - {name: k, proximal: cuneiforms, distal: toe1, axis: [0, 1, 0]}\n");
  CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT, "otherconn.yaml:3: foot model ",
                   "joint 'mtp1' (metatarsal1 - toe1) moves");
  /* the other side; the foot key in block style: the line of foot.side */
  cfg_write("left.yaml",
            "mesh: {file: m.msh}\nmaterials: {s: {model: linear_elastic, E: 1, nu: "
            "0.3}}\nregions: {a: s}\nfoot:\n  model: model.yaml\n  side: left\n");
  CFG_EXPECT_ERROR(ctx, "left.yaml", 0, NULL, PF_ERR_INPUT,
                   "left.yaml:6: foot.side: left, but the foot model model.yaml (and its mesh) is "
                   "of a right foot (expected side: right with this mesh, or the mesh of a left "
                   "foot",
                   "--side left");
  /* ... also from --set, which the message names */
  const char *ov[] = {"foot.side=left"};
  CFG_EXPECT_ERROR(ctx, write_config("ovside", "model: model.yaml", "rigid", mtp1), 1, ov,
                   PF_ERR_INPUT, "--set foot.side=left: foot.side: left, but the foot model", NULL);
  /* a bone that is not a region, at the line of the block foot key */
  cfg_write("nobone.yaml",
            "mesh: {file: m.msh}\nmaterials: {s: {model: linear_elastic, E: 1, nu: "
            "0.3}}\nregions: {cuneiforms: rigid, metatarsal1: s}\nfoot:\n"
            "  model: model.yaml\n");
  CFG_EXPECT_ERROR(ctx, "nobone.yaml", 0, NULL, PF_ERR_INPUT,
                   "nobone.yaml:4: foot model model.yaml: bone 'toe1' (line 5 of the model) is not "
                   "in regions: (expected regions: {toe1: rigid}",
                   NULL);
  cfg_write("nobones.yaml",
            "mesh: {file: m.msh}\nmaterials: {s: {model: linear_elastic, E: 1, "
            "nu: 0.3}}\nregions: {cuneiforms: rigid}\nfoot: {model: model.yaml}\n");
  CFG_EXPECT_ERROR(ctx, "nobones.yaml", 0, NULL, PF_ERR_INPUT,
                   "nobones.yaml:4: foot model model.yaml: 2 bones are not in regions: "
                   "metatarsal1, toe1",
                   NULL);
  /* no model file: given, or the default beside the mesh (.msh or .inp replaced) */
  CFG_EXPECT_ERROR(ctx, write_config("nomodel", "model: nosuch.yaml", "rigid", mtp1), 0, NULL,
                   PF_ERR_INPUT,
                   "nomodel.yaml:3: foot.model: cannot read the foot model 'nosuch.yaml': No such "
                   "file",
                   NULL);
  cfg_write("nodefault.yaml", "mesh: {file: sub/foot-x.inp}\nfoot:\nregions: {a: rigid}\n");
  CFG_EXPECT_ERROR(ctx, "nodefault.yaml", 0, NULL, PF_ERR_INPUT,
                   "nodefault.yaml:2: foot: cannot read the foot model 'sub/foot-x.model.yaml'",
                   "or foot.model: FILE)");
  cfg_write("noext.yaml", "mesh: {file: foot.d/mesh}\nfoot: {}\nregions: {a: rigid}\n");
  CFG_EXPECT_ERROR(ctx, "noext.yaml", 0, NULL, PF_ERR_INPUT, NULL,
                   "cannot read the foot model 'foot.d/mesh.model.yaml'");
  /* schema: foot.side is right or left, foot has no other keys */
  CFG_EXPECT_ERROR(ctx, write_config("badside", "side: both", "rigid", mtp1), 0, NULL, PF_ERR_INPUT,
                   "badside.yaml:3: foot.side: unknown value 'both'", NULL);
  CFG_EXPECT_ERROR(ctx, write_config("sied", "sied: left", "rigid", mtp1), 0, NULL, PF_ERR_INPUT,
                   "sied.yaml:3: foot.sied: unknown key (did you mean 'side'?", NULL);
}

typedef struct {
  const char *from, *to; /* the model text with from replaced by to */
  const char *error;     /* the message after "CONFIG:3: foot model bad.yaml:" */
} model_case;

static const model_case model_cases[] = {
    {"pfsim-foot-model-1", "pfsim-foot-model-9",
     "2: format: 'pfsim-foot-model-9' is not a foot model format this version of pfsim reads "
     "(expected pfsim-foot-model-1)"},
    {"format: pfsim-foot-model-1\n", "",
     "2: missing required key 'format' (expected pfsim-foot-model-1)"},
    {"side: right\n", "side: lfet\n", "3: side: unknown value 'lfet' (expected right or left)"},
    {"side: right\n", "side:\n", "3: side: wrong type: found null (no value)"},
    {"bones: [cuneiforms, metatarsal1, toe1]\n", "", "2: missing required key 'bones'"},
    {"bones: [cuneiforms, metatarsal1, toe1]", "bones: [cuneiforms, metatarsal1, cuneiforms]",
     "5: bones[2]: duplicate bone 'cuneiforms' (bones[0] has it too)"},
    {"bones: [cuneiforms, metatarsal1, toe1]", "bones: {a: 1}",
     "5: bones: wrong type: found a map"},
    {"    type: gap\n", "",
     "9: joints[1]: missing required key 'type' (expected gap or cartilage)"},
    {"    type: gap\n", "    type: hinge\n",
     "12: joints[1].type: unknown value 'hinge' (expected gap or cartilage)"},
    {"    distal: toe1\n", "    distal: toe2\n",
     "11: joints[1].distal: 'toe2' is not one of the bones (did you mean 'toe1'?)"},
    {"    distal: toe1\n", "    distal: metatarsal1\n",
     "9: joints[1]: proximal and distal are both 'metatarsal1' (expected two different bones)"},
    {"  - name: mtp1\n", "  - name: tmt1\n",
     "9: joints[1]: duplicate joint name 'tmt1' (joints[0] at line 7 has it too)"},
    {"[21, 3, 7]", "[21, 3]", "13: joints[1].centre: a list of 2 (expected 3 numbers)"},
    {"[21, 3, 7]", "[21, x, 7]", "13: joints[1].centre: item 2 is the string 'x' (expected 3"},
    {"    axes: [[0, -1, 0], [1, 0, 0], [0, 0, 1]]",
     "    axes: [[0, -1, 0], [1, 0, 0], [0, 0, -1]]",
     "14: joints[1].axes: the axes are left-handed (expected a right-handed frame; a mirrored foot "
     "mirrors its axes as pseudovectors)"},
    {"    axes: [[0, -1, 0], [1, 0, 0], [0, 0, 1]]", "    axes: [[0, -2, 0], [1, 0, 0], [0, 0, 1]]",
     "14: joints[1].axes: axis 1 has length 2 (expected unit axes)"},
    {"    axes: [[0, -1, 0], [1, 0, 0], [0, 0, 1]]", "    axes: [[0, -1, 0], [0, 1, 0], [0, 0, 1]]",
     "14: joints[1].axes: axes 1 and 2 are not orthogonal"},
    {"landmarks: {mth1: [20, 0, 4], heel_posterior: [0, 0, 0]}\n", "landmarks: [mth1]\n",
     "16: landmarks: wrong type: found a list of 1 (expected a map of landmark node sets"},
    {"{name: achilles, insertion: achilles_insertion, ", "{name: achilles, ",
     "18: tendons[0]: missing required key 'insertion' (expected a node set)"},
    {"  - {name: tmt1,", "  - {name: tmt1\n",
     "8: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping at line "
     "7)"},
    {"# a foot model\n", "- a list\n",
     "2: YAML syntax error: did not find expected '-' indicator (while parsing a block collection "
     "at line 1)"},
};

static void check_model_errors(pf_context *ctx) {
  const char *path = write_config("badmodel", "model: bad.yaml", "rigid", mtp1);
  const int n = (int)(sizeof(model_cases) / sizeof(model_cases[0]));
  for (int i = 0; i < n; i++) {
    char prefix[1024];
    write_model("bad.yaml", model_cases[i].from, model_cases[i].to);
    snprintf(prefix, sizeof(prefix), "badmodel.yaml:3: foot model bad.yaml:%s",
             model_cases[i].error);
    CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT, prefix, NULL);
  }
  cfg_write("bad.yaml", "# nothing\n");
  CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT,
                   "badmodel.yaml:3: foot model bad.yaml: the foot model is empty (expected a map "
                   "of keys such as format, side, bones, joints)",
                   NULL);
  /* the model file is named relative to the configuration's folder */
  cfg_write("sub_model.yaml", model);
  const char *ov[] = {"foot.model=sub_model.yaml"};
  pf_model_desc *d = cfg_load_ok(ctx, path, 1, ov);
  PF_EXPECT(d && d->foot.n_bones == 3, "foot.model from --set");
  pf_model_desc_destroy(&d);
}

/* The mesh checks with the model text (from replaced by to; from NULL: unchanged) as
 * NAME.model.yaml, toe1 and more regions as given: passes when want is NULL, else fails with
 * "NAME.yaml:3: foot model NAME.model.yaml: " followed by want. */
static void expect_mesh(pf_context *ctx, const pf_mesh *mesh, const char *name, const char *from,
                        const char *to, const char *toe1, const char *want) {
  char model_file[256], foot[300], full[16384];
  snprintf(model_file, sizeof(model_file), "%s.model.yaml", name);
  snprintf(foot, sizeof(foot), "model: %s", model_file);
  if (from)
    write_model(model_file, from, to);
  else
    cfg_write(model_file, model);
  pf_model_desc *d = cfg_load_ok(ctx, write_config(name, foot, toe1, mtp1), 0, NULL);
  if (!d) return;
  pf_error_clear(ctx);
  const int rc = pf_foot_check_mesh(ctx, d, mesh);
  if (!want) {
    PF_EXPECT(rc == PF_OK, "%s: the mesh checks pass (%s)", name, pf_context_error(ctx));
  } else {
    snprintf(full, sizeof(full), "%s.yaml:3: foot model %s: %s", name, model_file, want);
    PF_EXPECT(rc == PF_ERR_INPUT && !strcmp(pf_context_error(ctx), full),
              "%s: status %d, message\n  %s\nexpected\n  %s", name, rc, pf_context_error(ctx),
              full);
    if (rc == PF_ERR_INPUT) printf("ok: %s\n", pf_context_error(ctx));
  }
  pf_model_desc_destroy(&d);
}

static void check_mesh(pf_context *ctx) {
  pf_mesh *mesh = NULL, *nocut = NULL;
  PF_EXPECT(pf_mesh_read(ctx, mesh_path, &mesh) == PF_OK, "%s", pf_context_error(ctx));
  if (!mesh) return;
  char want[8192];
  expect_mesh(ctx, mesh, "mesh_ok", NULL, NULL, "rigid", NULL);
  snprintf(want, sizeof(want),
           "landmark node set 'dorsum_50' (line 16 of the model) is not in the mesh %s "
           "(expected a node set of that name; is the mesh the one the model was written with?)",
           mesh_path);
  expect_mesh(ctx, mesh, "mesh_landmark", "heel_posterior: [0, 0, 0]}",
              "heel_posterior: [0, 0, 0], dorsum_50: [1, 2, 3]}", "rigid", want);
  snprintf(want, sizeof(want),
           "landmark node set 'sole' (line 16 of the model) has 36 nodes in the mesh %s "
           "(expected one)",
           mesh_path);
  expect_mesh(ctx, mesh, "mesh_one_node", "heel_posterior: [0, 0, 0]}",
              "heel_posterior: [0, 0, 0], sole: [1, 2, 3]}", "rigid", want);
  snprintf(want, sizeof(want),
           "tendon 'achilles' origin node set 'achilles_top' (line 18 of the model) is not in "
           "the mesh %s (expected a node set of that name; is the mesh the one the model was "
           "written with?)",
           mesh_path);
  expect_mesh(ctx, mesh, "mesh_tendon", "origin: achilles_origin", "origin: achilles_top", "rigid",
              want);
  snprintf(want, sizeof(want),
           "bone 'toe2' (line 5 of the model) is not an element region of the mesh %s "
           "(expected the mesh the model was written with)",
           mesh_path);
  expect_mesh(ctx, mesh, "mesh_bone", "toe1]", "toe1, toe2]", "rigid\n  toe2: rigid", want);

  /* a mesh without the tibia_cut surface (renamed) */
  FILE *in = fopen(mesh_path, "rb"), *out = fopen("nocut.msh", "wb");
  char line[1024];
  while (in && out && fgets(line, sizeof(line), in)) {
    char *at = strstr(line, "\"tibia_cut\"");
    if (at) memcpy(at, "\"tibia_top\"", 11);
    fputs(line, out);
  }
  if (in) fclose(in);
  if (out) fclose(out);
  PF_EXPECT(pf_mesh_read(ctx, "nocut.msh", &nocut) == PF_OK, "%s", pf_context_error(ctx));
  if (nocut)
    expect_mesh(ctx, nocut, "mesh_nocut", NULL, NULL, "rigid",
                "node set 'tibia_cut' (the nodes of the tibia_cut surface every foot mesh has) is "
                "not in the mesh nocut.msh (expected a node set of that name; is the mesh the one "
                "the model was written with?)");
  /* without foot: nothing to check */
  pf_model_desc *d = cfg_load_ok(ctx, "nofoot.yaml", 0, NULL);
  PF_EXPECT(d && pf_foot_check_mesh(ctx, d, nocut ? nocut : mesh) == PF_OK, "no foot: no checks");
  pf_model_desc_destroy(&d);
  pf_mesh_destroy(&nocut);
  pf_mesh_destroy(&mesh);
}

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  pf_test_path("tests/config/data/foot/tiny-foot.msh", mesh_path, sizeof(mesh_path));
  pf_test_path("tests/config/data/foot/tiny-foot.model.yaml", model_path, sizeof(model_path));
  check_valid(ctx);
  check_config_errors(ctx);
  check_model_errors(ctx);
  check_mesh(ctx);
  pf_context_destroy(&ctx);
  return pf_test_result("config_foot");
}
