/*
 * Every class of configuration error gives PF_ERR_INPUT (PF_ERR_IO for a missing file) and a
 * message "FILE:LINE: KEY: what (expected)" with the file name, the right line, the key path and,
 * for an unknown key or value, the nearest valid one. Each case writes its own file (the file name
 * is the case name) into the test's working folder.
 */
#include "config_test.h"

/* Three valid lines; cases add from line 4 on. */
#define BASE                                                     \
  "mesh: {file: m.msh}\n"                                        \
  "materials: {steel: {model: linear_elastic, E: 1, nu: 0.3}}\n" \
  "regions: {solid: steel}\n"

typedef struct {
  const char *name; /* file written: NAME.yaml */
  const char *yaml;
  const char *prefix;   /* the message starts with this */
  const char *contains; /* and contains this */
} error_case;

static const error_case cases[] = {
    /* unknown keys, with the nearest valid key at that level */
    {"unknown_key",
     "mesh: {file: m.msh}\nmaterials:\n  steel:\n    model: linear_elastic\n    Ee: 210000\n"
     "    nu: 0.3\nregions: {solid: steel}\n",
     "unknown_key.yaml:5: materials.steel.Ee: unknown key", "(did you mean 'E'?"},
    {"unknown_top", BASE "bondary:\n  - {type: fixed, set: A}\n",
     "unknown_top.yaml:4: bondary: unknown key", "did you mean 'boundary'?"},
    {"unknown_far", BASE "xyz: 1\n",
     "unknown_far.yaml:4: xyz: unknown key (expected one of: title, mesh,", "output)"},
    {"unknown_in_list", BASE "loads:\n  - {type: pressure, surface: s, valeu: 1}\n",
     "unknown_in_list.yaml:5: loads[0].valeu: unknown key", "did you mean 'value'?"},
    /* keys of later versions */
    {"later_key", BASE "body: {mass_kg: 70}\n",
     "later_key.yaml:4: body: body is not supported by this version of pfsim yet", NULL},
    {"later_nested", BASE "steps:\n  - {name: a, tape: [low_dye]}\n",
     "later_nested.yaml:5: steps[0].tape: tape is not supported by this version of pfsim yet",
     NULL},
    {"later_joint_key",
     BASE "couplings: [{name: a, set: A}, {name: b, set: B}]\n"
          "joints: [{name: j, proximal: a, distal: b, axis: [0, 1, 0], max_deg: 30}]\n",
     "later_joint_key.yaml:5: joints[0].max_deg: max_deg is not supported by this version", NULL},
    /* wrong types */
    {"type_list",
     "mesh: {file: m.msh}\nmaterials: {steel: {model: linear_elastic, E: [1, 2], "
     "nu: 0.3}}\nregions: {solid: steel}\n",
     "type_list.yaml:2: materials.steel.E: wrong type: found a list of 2",
     "(expected a number, E > 0, in MPa)"},
    {"type_quoted",
     "mesh: {file: m.msh}\nmaterials:\n  steel:\n    model: linear_elastic\n"
     "    E: '210000'\n    nu: 0.3\nregions: {solid: steel}\n",
     "type_quoted.yaml:5: materials.steel.E: wrong type: found the string '210000'", "a number"},
    {"type_null",
     "mesh: {file: m.msh}\nmaterials:\n  steel:\n    model: linear_elastic\n    E:\n"
     "    nu: 0.3\nregions: {solid: steel}\n",
     "type_null.yaml:5: materials.steel.E: wrong type: found null", NULL},
    {"type_map", "mesh: m.msh\n", "type_map.yaml:1: mesh: wrong type: found the string 'm.msh'",
     "(expected a map with keys file, scale)"},
    {"type_title", BASE "title: {a: 1}\n", "type_title.yaml:4: title: wrong type: found a map",
     "(expected a string)"},
    {"type_count", BASE "loads:\n  - {type: nodal_force, set: A, value: [0, -1]}\n",
     "type_count.yaml:5: loads[0].value: wrong type: found a list of 2",
     "(expected a list of 3 numbers, in N)"},
    {"type_pressure", BASE "loads:\n  - {type: pressure, surface: s, value: [0, 0, 1]}\n",
     "type_pressure.yaml:5: loads[0].value: wrong type: found a list of 3",
     "(expected a number, in MPa)"},
    {"type_item", BASE "loads:\n  - {type: nodal_force, set: A, value: [0, x, 1]}\n",
     "type_item.yaml:5: loads[0].value[1]: 'x' is not a finite decimal number", NULL},
    {"type_list_of", BASE "loads: {type: gravity}\n",
     "type_list_of.yaml:4: loads: wrong type: found a map", "(expected a list of entries)"},
    /* numbers: non-numeric, NaN, inf, trailing characters, overflow, hex; integers */
    {"num_bool", "mesh: {file: m.msh, scale: yes}\n",
     "num_bool.yaml:1: mesh.scale: wrong type: found the boolean 'yes'", NULL},
    {"num_word", "mesh: {file: m.msh, scale: big}\n",
     "num_word.yaml:1: mesh.scale: 'big' is not a finite decimal number",
     "(expected a number, scale > 0)"},
    {"num_nan", "mesh: {file: m.msh, scale: .nan}\n", "num_nan.yaml:1: mesh.scale: '.nan' is not a",
     NULL},
    {"num_nan2", "mesh: {file: m.msh, scale: nan}\n", "num_nan2.yaml:1: mesh.scale: 'nan' is not a",
     NULL},
    {"num_inf", "mesh: {file: m.msh, scale: .inf}\n", "num_inf.yaml:1: mesh.scale: '.inf' is not a",
     NULL},
    {"num_inf2", "mesh: {file: m.msh, scale: inf}\n", "num_inf2.yaml:1: mesh.scale: 'inf' is not a",
     NULL},
    {"num_overflow", "mesh: {file: m.msh, scale: 1e999}\n",
     "num_overflow.yaml:1: mesh.scale: '1e999' is not a finite decimal number", NULL},
    {"num_trailing", "mesh: {file: m.msh, scale: 2mm}\n",
     "num_trailing.yaml:1: mesh.scale: '2mm' is not a finite decimal number", NULL},
    {"num_hex", "mesh: {file: m.msh, scale: 0x10}\n",
     "num_hex.yaml:1: mesh.scale: '0x10' is not a finite decimal number", NULL},
    {"int_fraction", BASE "solver:\n  linear: pcg\n  max_iterations: 1.5\n",
     "int_fraction.yaml:6: solver.max_iterations: '1.5' is not an integer",
     "(expected an integer, max_iterations >= 1)"},
    {"int_exponent", BASE "solver: {max_iterations: 1e4}\n",
     "int_exponent.yaml:4: solver.max_iterations: '1e4' is not an integer", NULL},
    /* ranges */
    {"range_nu",
     "mesh: {file: m.msh}\nmaterials:\n  steel: {model: linear_elastic, E: 1, nu: 0.5}\n"
     "regions: {solid: steel}\n",
     "range_nu.yaml:3: materials.steel.nu: 0.5 is out of range", "-1 < nu < 0.5"},
    {"range_E",
     "mesh: {file: m.msh}\nmaterials:\n  steel: {model: linear_elastic, E: 0, nu: 0.3}\n"
     "regions: {solid: steel}\n",
     "range_E.yaml:3: materials.steel.E: 0 is out of range", "E > 0, in MPa"},
    {"range_density",
     "mesh: {file: m.msh}\nmaterials:\n  steel: {model: linear_elastic, E: 1, "
     "nu: 0.3, density: -1e-9}\nregions: {solid: steel}\n",
     "range_density.yaml:3: materials.steel.density: -1e-9 is out of range", "density >= 0"},
    {"range_tol", BASE "solver: {tolerance: 1}\n",
     "range_tol.yaml:4: solver.tolerance: 1 is out of range", "0 < tolerance < 1"},
    {"range_iter", BASE "solver: {max_iterations: 0}\n",
     "range_iter.yaml:4: solver.max_iterations: 0 is out of range", "max_iterations >= 1"},
    /* missing required keys: at the parent's line */
    {"missing_E",
     "mesh: {file: m.msh}\nmaterials:\n  steel:\n    model: linear_elastic\n"
     "    nu: 0.3\nregions: {solid: steel}\n",
     "missing_E.yaml:3: materials.steel: missing required key 'E'",
     "(required for model: linear_elastic; expected a number, E > 0"},
    {"missing_mesh", "materials: {s: {model: truss, E: 1, area: 1}}\nregions: {r: s}\n",
     "missing_mesh.yaml:1: missing required key 'mesh'", NULL},
    {"missing_file", "title: t\nmesh:\n  scale: 2\n",
     "missing_file.yaml:2: mesh: missing required key 'file'", NULL},
    {"missing_area", "mesh: {file: m.msh}\nmaterials:\n  bar: {model: truss, E: 1}\n",
     "missing_area.yaml:3: materials.bar: missing required key 'area'",
     "required for model: truss"},
    {"missing_set", BASE "loads:\n  - name: W\n    type: nodal_force\n    value: [1, 2, 3]\n",
     "missing_set.yaml:5: loads[0]: missing required key 'set'", "required for type: nodal_force"},
    {"missing_regions", "mesh: {file: m.msh}\nmaterials: {s: {model: truss, E: 1, area: 1}}\n",
     "missing_regions.yaml:1: missing required key 'regions'",
     "(expected a map: what each element set is: a material, a rigid body, or removed)"},
    {"missing_value", BASE "boundary:\n  - {type: rotation, body: bone}\n",
     "missing_value.yaml:5: boundary[0]: missing required key 'value'", "type: rotation"},
    {"missing_probe_name", BASE "summary:\n  - {field: stress, component: xx, stat: max}\n",
     "missing_probe_name.yaml:5: summary[0]: missing required key 'name'", NULL},
    {"empty_regions",
     "mesh: {file: m.msh}\nmaterials: {s: {model: truss, E: 1, area: 1}}\n"
     "regions: {}\n",
     "empty_regions.yaml:3: regions: no entries", NULL},
    /* keys not allowed by their condition */
    {"not_allowed",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: linear_elastic, E: 1, nu: 0.3, "
     "area: 3}\nregions: {r: s}\n",
     "not_allowed.yaml:3: materials.s.area: not allowed for model: linear_elastic",
     "(only for model: truss)"},
    {"nu_truss",
     "mesh: {file: m.msh}\nmaterials:\n  s: {model: truss, E: 1, area: 3,\n"
     "      nu: 0.3}\nregions: {r: s}\n",
     "nu_truss.yaml:4: materials.s.nu: not allowed for model: truss", NULL},
    {"set_on_pressure", BASE "loads:\n  - {type: pressure, surface: s, set: A, value: 1}\n",
     "set_on_pressure.yaml:5: loads[0].set: not allowed for type: pressure",
     "(only for type: nodal_force)"},
    /* enum values */
    {"enum_near", "mesh: {file: m.msh}\nmaterials: {s: {model: linear_elastc, E: 1, nu: 0.3}}\n",
     "enum_near.yaml:2: materials.s.model: unknown value 'linear_elastc'",
     "did you mean 'linear_elastic'? expected one of: linear_elastic, truss"},
    {"enum_far", BASE "solver: {linear: mumps}\n",
     "enum_far.yaml:4: solver.linear: unknown value 'mumps'",
     "(expected one of: cholmod, umfpack, pcg)"},
    {"enum_strain",
     BASE "summary:\n  - {name: a, field: strain, component: von_mises, stat: max}\n",
     "enum_strain.yaml:5: summary[0].component: unknown value 'von_mises' for field: strain", NULL},
    {"enum_vector", BASE "summary:\n  - {name: a, field: displacement, component: xx, stat: max}\n",
     "enum_vector.yaml:5: summary[0].component: unknown value 'xx' for field: displacement",
     "x, y, z, magnitude"},
    {"enum_dof", BASE "boundary:\n  - {type: fixed, set: A, dofs: [x, w]}\n",
     "enum_dof.yaml:5: boundary[0].dofs[1]: unknown value 'w'", "(did you mean"},
    {"dof_twice", BASE "boundary:\n  - {type: fixed, set: A, dofs: [x, x]}\n",
     "dof_twice.yaml:5: boundary[0].dofs[1]: 'x' is listed twice", NULL},
    /* names */
    {"dup_name",
     BASE "loads:\n  - {name: W, type: pressure, surface: s, value: 1}\n"
          "  - {name: W, type: pressure, surface: t, value: 2}\n",
     "dup_name.yaml:6: loads[1].name: duplicate name 'W'", "loads[0] at line 5"},
    {"probe_ident", BASE "summary:\n  - {name: tip uz, field: stress, component: xx, stat: max}\n",
     "probe_ident.yaml:5: summary[0].name: 'tip uz' is not an identifier", NULL},
    /* cross-entry checks */
    {"no_material",
     "mesh: {file: m.msh}\nmaterials: {steel: {model: linear_elastic, E: 1, nu: "
     "0.3}}\nregions:\n  solid: stel\n",
     "no_material.yaml:4: regions.solid: no material named 'stel'", "did you mean 'steel'?"},
    {"no_materials", "mesh: {file: m.msh}\nregions: {solid: steel}\n",
     "no_materials.yaml:2: regions.solid: no material named 'steel'",
     "none defined: add it under materials"},
    {"bc_count", BASE "boundary:\n  - {type: displacement, set: A, dofs: [z], value: [1, 2]}\n",
     "bc_count.yaml:5: boundary[0].value: 2 numbers for 1 listed dof",
     "(expected 3 numbers [x, y, z], or one per listed dof: [z])"},
    /* YAML itself */
    {"duplicate",
     "mesh: {file: m.msh}\nmaterials:\n  steel: {model: linear_elastic, E: 1, nu: 0.3}\n"
     "  steel: {model: truss, E: 1, area: 1}\nregions: {solid: steel}\n",
     "duplicate.yaml:4: materials.steel: duplicate key (first at line 3)", NULL},
    {"syntax",
     "mesh: {file: m.msh}\nmaterials:\n  steel: {model: linear_elastic, E: 1, nu: 0.3\n"
     "regions: {solid: steel}\n",
     "syntax.yaml:4: YAML syntax error: did not find expected ',' or '}'", "at line 3"},
    {"syntax_indent", "mesh:\n  file: m.msh\n scale: 2\n",
     "syntax_indent.yaml:3: YAML syntax error:", NULL},
    {"tab", "mesh:\n\tfile: m.msh\n", "tab.yaml:2: YAML syntax error:", NULL},
    {"anchor",
     "mesh: {file: m.msh}\nmaterials:\n  steel: &s {model: linear_elastic, E: 1, nu: 0.3}\n",
     "anchor.yaml:3: materials.steel: YAML anchors (&s) and aliases are not supported", NULL},
    {"alias", "mesh: {file: m.msh}\nmaterials:\n  steel: *s\n",
     "alias.yaml:3: materials.steel: YAML aliases (*s) are not supported", NULL},
    {"tag", "mesh: {file: m.msh}\nmaterials:\n  s: {model: linear_elastic, E: !!float 1}\n",
     "tag.yaml:3: materials.s.E: YAML tag '!!float' is not supported", NULL},
    {"tag_local", "mesh: !include m.yaml\n",
     "tag_local.yaml:1: mesh: YAML tag '!include' is not supported", NULL},
    {"documents", "mesh: {file: m.msh}\n---\nmesh: {file: n.msh}\n",
     "documents.yaml:2: a second YAML document is not supported", NULL},
    {"complex_key", "? [a, b]\n: 1\n", "complex_key.yaml:1: a map key must be a plain name", NULL},
    {"root_list", "- a\n- b\n", "root_list.yaml:1: the configuration must be a map of keys",
     "(found a list of 2)"},
    {"empty", "", "empty.yaml: the configuration is empty", NULL},
    {"comment_only", "# nothing\n", "comment_only.yaml: the configuration is empty", NULL},
};

int main(void) {
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 2;
  int n = (int)(sizeof(cases) / sizeof(cases[0]));
  for (int i = 0; i < n; i++) {
    char path[256];
    snprintf(path, sizeof(path), "%s.yaml", cases[i].name);
    cfg_write(path, cases[i].yaml);
    CFG_EXPECT_ERROR(ctx, path, 0, NULL, PF_ERR_INPUT, cases[i].prefix, cases[i].contains);
  }
  /* A file that cannot be read is an I/O error naming it. */
  CFG_EXPECT_ERROR(ctx, "no_such_dir/missing.yaml", 0, NULL, PF_ERR_IO,
                   "no_such_dir/missing.yaml: cannot open the configuration", NULL);
  /* A folder is not a file; a file that is not UTF-8 is reported at its line. */
  CFG_EXPECT_ERROR(ctx, ".", 0, NULL, PF_ERR_IO, ".: cannot read the configuration", NULL);
  cfg_write("latin1.yaml", "mesh: {file: m.msh}\ntitle: caf\xe9\n");
  CFG_EXPECT_ERROR(ctx, "latin1.yaml", 0, NULL, PF_ERR_INPUT,
                   "latin1.yaml:2: the text is not valid UTF-8", NULL);
  /* Nesting deeper than any configuration needs. */
  char deep[256] = "title: ";
  for (int i = 0; i < 70; i++) strcat(deep, "[");
  for (int i = 0; i < 70; i++) strcat(deep, "]");
  cfg_write("deep.yaml", deep);
  CFG_EXPECT_ERROR(ctx, "deep.yaml", 0, NULL, PF_ERR_INPUT, "deep.yaml:1: title[0][0]",
                   "nested more than 64 levels deep");
  /* !!str makes a string: fine for a name, a wrong type for a number. */
  cfg_write("str_tag.yaml", BASE "title: !!str 12\nmesh2: 1\n");
  CFG_EXPECT_ERROR(ctx, "str_tag.yaml", 0, NULL, PF_ERR_INPUT, "str_tag.yaml:5: mesh2: unknown key",
                   "did you mean 'mesh'?");
  cfg_write("str_number.yaml", "mesh: {file: m.msh, scale: !!str 2}\n");
  CFG_EXPECT_ERROR(ctx, "str_number.yaml", 0, NULL, PF_ERR_INPUT,
                   "str_number.yaml:1: mesh.scale: wrong type: found the string '2'", NULL);
  pf_context_destroy(&ctx);
  return pf_test_result("config_errors");
}
