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

/* contact.ground.plate: the virtual pressure plate. Presets: see docs/contact.md for the sources
 * of the pitches and thresholds. */
static const pf_schema plate_keys[] = {
    {.key = "preset",
     .kind = PF_SK_ENUM,
     .values = VALUES("emed", "zebris"),
     .dflt = "emed",
     .doc = "clinical plate whose sensor pitch and threshold are the defaults: emed (5 mm, 4 "
            "sensors/cm^2, 10 kPa) or zebris (8.5 mm, about 1.4 sensors/cm^2, 10 kPa)"},
    {.key = "pitch",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .min = 0,
     .unit = "mm",
     .dflt_doc = "the preset's",
     .doc = "sensor side: square sensors on a grid of this pitch"},
    {.key = "threshold",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .unit = "MPa",
     .dflt_doc = "the preset's (0.01)",
     .doc = "a sensor is loaded (counts for contact area and mean pressure) above this pressure"},
    {.key = "axis",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .dflt = "[1, 0, 0]",
     .doc = "the foot's long axis, heel to toe (projected on the plane): plate x and the axis "
            "along which the regions are cut"},
    {.key = "regions",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .dflt = "[0.267, 0.533, 0.8]",
     .doc = "boundaries heel|midfoot, midfoot|forefoot, forefoot|toes as fractions of the "
            "contact surface's length along the axis (default: the footprint without the toes, "
            "0-0.8, in thirds, Cavanagh & Rodgers 1987)"},
    {.key = "rearfoot_split",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT | PF_SF_LT,
     .min = 0,
     .max = 1,
     .dflt = "0.5",
     .doc = "rearfoot|forefoot boundary for the load split, fraction of the length"},
    END};

static const pf_schema ground_keys[] = {
    {.key = "type",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES("rigid_plane"),
     .doc = "a rigid plane"},
    {.key = "surface",
     .kind = PF_SK_STRING,
     .flags = PF_SF_REQUIRED,
     .doc = "the body's surface that meets the plane (the foot model's `sole`)"},
    {.key = "point",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .unit = "mm",
     .dflt = "[0, 0, 0]",
     .doc = "a point of the plane"},
    {.key = "normal",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .dflt = "[0, 0, 1]",
     .doc = "the plane's normal, from the ground into the body (normalised; not zero)"},
    {.key = "friction",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .dflt = "0",
     .doc = "Coulomb friction coefficient (0.6 for the foot on the ground, Cheung 2005; penalty "
            "regularised stick)"},
    {.key = "reference",
     .kind = PF_SK_STRING,
     .dflt_doc = "none: the plane is fixed",
     .doc = "node set of one node, used by no element, that carries the plane (translations): "
            "boundary and nodal_force entries on this set move or load the ground"},
    {.key = "penalty_scale",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .min = 0,
     .dflt = "100",
     .doc = "the penalty is this x E / sqrt(mean face area), E the mean initial Young's modulus "
            "of the faces' elements (also the tangential stick stiffness)"},
    {.key = "gap_tolerance",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .min = 0,
     .unit = "mm",
     .dflt_doc = "1e-3 x the mean edge length of the surface",
     .doc = "largest gap error left at convergence (a penetration, or a pressed node off the "
            "plane): the augmented Lagrangian updates its multipliers until every pressed node "
            "is within it (and within the pressure tolerance's gap)"},
    {.key = "pressure_tolerance",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .dflt = "0.005",
     .doc = "the augmented Lagrangian also refines until the largest gap error of a pressed node "
            "is within this x the peak pressure x h / E (h = sqrt(mean face area), E as for the "
            "penalty): a pressure error of about this fraction of the peak (half the penalty's "
            "own penetration at the default penalty_scale); 0: the gap tolerance alone"},
    {.key = "tangent",
     .kind = PF_SK_ENUM,
     .values = VALUES("symmetric", "unsymmetric"),
     .dflt = "symmetric",
     .doc = "friction tangent solver: symmetric (CHOLMOD factor of the symmetric part, the "
            "unsymmetric coupling of sliding by GMRES on that factor; full Newton) or unsymmetric "
            "(the whole exact tangent factorised by UMFPACK: more time and memory)"},
    {.key = "plate",
     .kind = PF_SK_MAP,
     .children = plate_keys,
     .dflt_doc = "the emed preset",
     .doc = "the virtual pressure plate that reads the contact pressure"},
    END};

const pf_schema pf_schema_contact_keys[] = {{.key = "ground",
                                             .kind = PF_SK_MAP,
                                             .flags = PF_SF_REQUIRED,
                                             .children = ground_keys,
                                             .doc = "contact of a surface with the ground"},
                                            END};
