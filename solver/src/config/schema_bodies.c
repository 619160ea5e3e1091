/*
 * Schema of kinematic couplings, joints and ties (see schema_table.c for what the table is).
 */
#include "config/schema_table.h"

static const pf_schema coupling_keys[] = {
    {.key = "name",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED | PF_SF_UNIQUE,
     .doc = "name of the body (unique among bodies: rigid regions are named by their set)"},
    {.key = "set",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "node set that follows the reference node rigidly (finite rotations)"},
    {.key = "ref_point",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .unit = "mm",
     .dflt_doc = "the centroid of the set's nodes",
     .doc = "reference point of the coupling"},
    END};

const pf_schema pf_schema_coupling_entry[] = {
    {.key = "[i]", .kind = PF_SK_MAP, .children = coupling_keys, .doc = "a kinematic coupling"},
    END};

static const pf_schema axes_row[] = {{.key = "[i]",
                                      .kind = PF_SK_NUMBERS,
                                      .min_count = 3,
                                      .max_count = 3,
                                      .doc = "an axis [x, y, z]"},
                                     END};

static const pf_schema stiffness3_translation[] = {{.key = "translational_stiffness",
                                                    .kind = PF_SK_NUMBERS,
                                                    .flags = PF_SF_GE,
                                                    .min = 0,
                                                    .min_count = 3,
                                                    .max_count = 3,
                                                    .unit = "N/mm",
                                                    .doc = "one per axis"},
                                                   END};

static const pf_schema stiffness3_rotation[] = {{.key = "rotational_stiffness",
                                                 .kind = PF_SK_NUMBERS,
                                                 .flags = PF_SF_GE,
                                                 .min = 0,
                                                 .min_count = 3,
                                                 .max_count = 3,
                                                 .unit = "N mm/rad",
                                                 .doc = "one per axis"},
                                                END};

static const pf_schema joint_keys[] = {
    {.key = "name",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED | PF_SF_UNIQUE | PF_SF_IDENT,
     .doc = "name of the joint (results: /steps/NNNN/joints/NAME, joint_NAME_* in /summary)"},
    {.key = "proximal",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "proximal body (the joint's frame is fixed in it)"},
    {.key = "distal",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "distal body (another body than proximal)"},
    {.key = "centre",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .unit = "mm",
     .dflt_doc = "the distal body's reference point",
     .doc = "joint centre in the reference configuration"},
    {.key = "axis",
     .kind = PF_SK_NUMBERS,
     .flags = PF_SF_REQUIRED,
     .one_of = "axes",
     .min_count = 3,
     .max_count = 3,
     .doc = "hinge axis (axis 1, normalised); axes 2 and 3 complete a right-handed frame by the "
            "rule in the details below"},
    {.key = "axes",
     .kind = PF_SK_LIST,
     .min_count = 3,
     .max_count = 3,
     .children = axes_row,
     .doc = "three axes [[x, y, z], [x, y, z], [x, y, z]], axis 1 the hinge: orthonormalised in "
            "order (Gram-Schmidt); must be right-handed and not degenerate"},
    {.key = "translational_stiffness",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .alt = stiffness3_translation,
     .dflt = "1e6",
     .unit = "N/mm",
     .doc = "spring along the three axes (one number for all, or one per axis): stiff by default, "
            "a ball-and-socket centre"},
    {.key = "rotational_stiffness",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .alt = stiffness3_rotation,
     .dflt = "0",
     .unit = "N mm/rad",
     .doc = "spring about the three axes (one number for all, or one per axis): free by default"},
    LATER("min_deg", "range-of-motion stops of joints"),
    LATER("max_deg", "range-of-motion stops of joints"),
    LATER("neutral_deg", "the neutral angle of joints"),
    END};

const pf_schema pf_schema_joint_entry[] = {
    {.key = "[i]", .kind = PF_SK_MAP, .children = joint_keys, .doc = "a joint"}, END};

static const pf_schema tie_keys[] = {
    {.key = "name",
     .kind = PF_SK_STRING,
     .flags = PF_SF_UNIQUE,
     .dflt_doc = "`ties[i]`",
     .doc = "name of the tie"},
    {.key = "slave",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "node set or surface whose nodes are tied (Abaqus *TIE slave)"},
    {.key = "master",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "surface the slave nodes are tied to (node to face)"},
    {.key = "tolerance",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .min = 0,
     .unit = "mm",
     .dflt_doc = "5% of the master's mean edge length",
     .doc = "largest distance of a slave node from the master surface"},
    END};

const pf_schema pf_schema_tie_entry[] = {
    {.key = "[i]", .kind = PF_SK_MAP, .children = tie_keys, .doc = "a tie"}, END};
