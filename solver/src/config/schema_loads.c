/*
 * Schema of loads and boundary conditions (see schema_table.c for what the table is). The same
 * entries serve the top-level lists (a configuration without steps) and the lists of each step.
 */
#include "config/schema_table.h"

static const pf_schema curve_point[] = {{.key = "[i]",
                                         .kind = PF_SK_NUMBERS,
                                         .min_count = 2,
                                         .max_count = 2,
                                         .doc = "a point [t, f]: step fraction t and factor f"},
                                        END};

static const pf_schema curve_table[] = {{.key = "curve",
                                         .kind = PF_SK_LIST,
                                         .min_count = 2,
                                         .children = curve_point,
                                         .doc = "a table of [t, f] points"},
                                        END};

#define CURVE_KEY                                                                               \
  {                                                                                             \
    .key = "curve", .kind = PF_SK_ENUM, .values = VALUES("linear", "step"), .alt = curve_table, \
    .dflt = "linear",                                                                           \
    .doc =                                                                                      \
        "how the entry goes from its value at the step start to its target: linear in the "     \
        "step fraction t, step (the target from the first increment on), or a table [[t, f], "  \
        "...] with t from 0 to 1, increasing (f linear between the points)"                     \
  }

#define RELEASE_KEY                                                                          \
  {                                                                                          \
    .key = "release", .kind = PF_SK_BOOL, .dflt = "false",                                   \
    .doc =                                                                                   \
        "true: the entry of the same name from an earlier step goes to zero (a load) or is " \
        "removed (a boundary condition, its dofs free) in this step; give only name (and "   \
        "curve)"                                                                             \
  }

static const pf_schema load_keys[] = {
    {.key = "name",
     .kind = PF_SK_STRING,
     .flags = PF_SF_UNIQUE,
     .dflt_doc = "`loads[i]`",
     .doc = "name of the load; addresses it in --set loads.NAME.value, and continues it in a "
            "later step"},
    {.key = "type",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES("nodal_force", "surface_force", "pressure", "traction", "gravity", "force",
                      "moment"),
     .dflt_doc = "in a later step: that of the earlier entry of the same name",
     .doc = "kind of load (force and moment act on a body's reference node)"},
    {.key = "set",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("nodal_force"),
     .doc = "node set loaded (every node of the set gets value)"},
    {.key = "surface",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("surface_force", "pressure", "traction"),
     .doc = "surface loaded"},
    {.key = "region",
     .kind = PF_SK_STRING,
     .when_key = "type",
     .when_values = VALUES("gravity"),
     .dflt_doc = "every element",
     .doc = "element set whose mass is loaded"},
    {.key = "body",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("force", "moment"),
     .doc = "body loaded at its reference node: a rigid region's set or a coupling's name"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("nodal_force"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "N",
     .doc = "force [x, y, z] on every node of the set (Abaqus *CLOAD)"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("surface_force"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "N",
     .doc = "total force [x, y, z] spread over the surface by area"},
    {.key = "value",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("pressure"),
     .unless = "release",
     .unit = "MPa",
     .doc = "pressure, positive into the surface"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("traction"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "MPa",
     .doc = "traction vector [x, y, z] on the surface"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("gravity"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "mm/s^2",
     .doc = "acceleration [x, y, z] acting on the density (standard gravity: [0, 0, -9810])"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("force"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "N",
     .doc = "force [x, y, z] on the body's reference node (global axes)"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("moment"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "N mm",
     .doc = "moment [x, y, z] on the body's reference node (global axes)"},
    CURVE_KEY,
    RELEASE_KEY,
    END};

const pf_schema pf_schema_load_entry[] = {
    {.key = "[i]", .kind = PF_SK_MAP, .children = load_keys, .doc = "a load"}, END};

const char *const pf_schema_bc_names[] = {"set", "body", "joint", NULL};

static const pf_schema bc_keys[] = {
    {.key = "name",
     .kind = PF_SK_STRING,
     .flags = PF_SF_UNIQUE,
     .dflt_doc = "the set, body or joint name",
     .doc = "name of the condition; addresses it in --set boundary.NAME.dofs, and continues it "
            "in a later step"},
    {.key = "type",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES("fixed", "displacement", "rotation", "joint_angle"),
     .codes = CODES(PF_BC_FIXED, PF_BC_DISPLACEMENT, PF_BC_ROTATION, PF_BC_JOINT_ANGLE),
     .dflt_doc = "in a later step: that of the earlier entry of the same name",
     .doc = "fixed: the listed dofs are held at 0; displacement: prescribed to value (held where "
            "the step finds them without value); rotation: a body's rotation vector; "
            "joint_angle: a joint driven to an angle about its axis 1"},
    {.key = "set",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("fixed", "displacement"),
     .one_of = "body",
     .doc = "node set constrained"},
    {.key = "body",
     .kind = PF_SK_STRING,
     .when_key = "type",
     .when_values = VALUES("fixed", "displacement"),
     .doc = "body constrained at its reference node (a rigid region's set or a coupling's name)"},
    {.key = "body",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("rotation"),
     .doc = "body rotated about its reference point"},
    {.key = "joint",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("joint_angle"),
     .doc = "joint driven (a name under joints)"},
    {.key = "dofs",
     .kind = PF_SK_ENUMS,
     .when_key = "type",
     .when_values = VALUES("fixed", "displacement"),
     .values = VALUES("x", "y", "z", "rx", "ry", "rz"),
     .min_count = 1,
     .max_count = 6,
     .dflt_doc = "`[x, y, z]`; on a body with fixed or a hold: all six",
     .doc = "the components constrained: displacements, and on a body also its rotations (rx, "
            "ry, rz: with fixed or a hold only)"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .when_key = "type",
     .when_values = VALUES("displacement"),
     .min_count = 1,
     .max_count = 3,
     .unit = "mm",
     .dflt_doc = "none: a hold (the listed dofs stay where the step finds them)",
     .doc = "3 numbers [x, y, z] (the listed components are taken), or one number per listed dof, "
            "in the order of dofs"},
    {.key = "value",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("rotation"),
     .unless = "release",
     .min_count = 3,
     .max_count = 3,
     .unit = "deg",
     .doc = "rotation vector [x, y, z] (axis times angle, global axes) from the reference "
            "orientation"},
    {.key = "value",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED,
     .when_key = "type",
     .when_values = VALUES("joint_angle"),
     .unless = "release",
     .unit = "deg",
     .doc = "angle of the distal body about the joint's axis 1, from the reference configuration"},
    CURVE_KEY,
    RELEASE_KEY,
    END};

const pf_schema pf_schema_bc_entry[] = {
    {.key = "[i]", .kind = PF_SK_MAP, .children = bc_keys, .doc = "a boundary condition"}, END};
