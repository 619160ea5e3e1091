/*
 * Schema of materials and regions (see schema_table.c for what the table is). The hyperelastic
 * laws follow the Abaqus conventions, so that published coefficients drop in unchanged (Abaqus
 * Theory Manual 4.6.1 "Hyperelastic material behavior"): W = W_iso(Cbar) + U(J), D1 = 2 / kappa.
 * The enum value lists are in the order of the matching pf_model.h enums (codes where not).
 */
#include "config/schema_table.h"

/* The keys of a split law, shared by a material and by the matrix of a fibre material. */
#define SPLIT_LAW_KEYS                                                                           \
  {.key = "mu",                                                                                  \
   .kind = PF_SK_NUMBER,                                                                         \
   .flags = PF_SF_REQUIRED | PF_SF_GT,                                                           \
   .when_key = "model",                                                                          \
   .when_values = VALUES("neo_hookean"),                                                         \
   .min = 0,                                                                                     \
   .unit = "MPa",                                                                                \
   .doc = "shear modulus: W = mu/2 (I1bar - 3) + U(J) (Abaqus C10 = mu/2)"},                     \
      {.key = "mu",                                                                              \
       .kind = PF_SK_NUMBERS,                                                                    \
       .flags = PF_SF_REQUIRED,                                                                  \
       .when_key = "model",                                                                      \
       .when_values = VALUES("ogden"),                                                           \
       .min_count = 1,                                                                           \
       .max_count = 3,                                                                           \
       .unit = "MPa",                                                                            \
       .doc =                                                                                    \
           "Ogden moduli mu_i (Abaqus form: W = sum 2 mu_i / alpha_i^2 (l1^alpha_i + "           \
           "l2^alpha_i + l3^alpha_i - 3) + U(J), deviatoric stretches; shear modulus sum mu_i "  \
           "> 0)"},                                                                              \
      {.key = "alpha",                                                                           \
       .kind = PF_SK_NUMBERS,                                                                    \
       .flags = PF_SF_REQUIRED,                                                                  \
       .when_key = "model",                                                                      \
       .when_values = VALUES("ogden"),                                                           \
       .min_count = 1,                                                                           \
       .max_count = 3,                                                                           \
       .doc = "Ogden exponents alpha_i, one per mu_i, none 0"},                                  \
      {.key = "C10",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .flags = PF_SF_REQUIRED,                                                                  \
       .when_key = "model",                                                                      \
       .when_values = VALUES("mooney_rivlin", "polynomial"),                                     \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I1bar - 3); shear modulus 2 (C10 + C01) > 0"},                    \
      {.key = "C01",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .flags = PF_SF_REQUIRED,                                                                  \
       .when_key = "model",                                                                      \
       .when_values = VALUES("mooney_rivlin"),                                                   \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I2bar - 3)"},                                                     \
      {.key = "C01",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .when_key = "model",                                                                      \
       .when_values = VALUES("polynomial"),                                                      \
       .dflt = "0",                                                                              \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I2bar - 3)"},                                                     \
      {.key = "C20",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .when_key = "model",                                                                      \
       .when_values = VALUES("polynomial"),                                                      \
       .dflt = "0",                                                                              \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I1bar - 3)^2"},                                                   \
      {.key = "C11",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .when_key = "model",                                                                      \
       .when_values = VALUES("polynomial"),                                                      \
       .dflt = "0",                                                                              \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I1bar - 3)(I2bar - 3)"},                                          \
      {.key = "C02",                                                                             \
       .kind = PF_SK_NUMBER,                                                                     \
       .when_key = "model",                                                                      \
       .when_values = VALUES("polynomial"),                                                      \
       .dflt = "0",                                                                              \
       .unit = "MPa",                                                                            \
       .doc = "coefficient of (I2bar - 3)^2"},                                                   \
      {.key = "kappa",                                                                           \
       .kind = PF_SK_NUMBER,                                                                     \
       .flags = PF_SF_REQUIRED | PF_SF_GT,                                                       \
       .when_key = "model",                                                                      \
       .when_values = VALUES(PF_SPLIT_LAWS),                                                     \
       .one_of = "D1",                                                                           \
       .min = 0,                                                                                 \
       .unit = "MPa",                                                                            \
       .doc = "bulk modulus K of the volumetric term (D1 = 2 / kappa)"},                         \
      {.key = "D1",                                                                              \
       .kind = PF_SK_NUMBER,                                                                     \
       .flags = PF_SF_GT,                                                                        \
       .when_key = "model",                                                                      \
       .when_values = VALUES(PF_SPLIT_LAWS),                                                     \
       .min = 0,                                                                                 \
       .unit = "1/MPa",                                                                          \
       .doc = "Abaqus compressibility: the volumetric term is (J - 1)^2 / D1 (kappa = 2 / D1)"}, \
      {.key = "D2",                                                                              \
       .kind = PF_SK_NUMBER,                                                                     \
       .flags = PF_SF_GT,                                                                        \
       .when_key = "model",                                                                      \
       .when_values = VALUES("polynomial"),                                                      \
       .min = 0,                                                                                 \
       .unit = "1/MPa",                                                                          \
       .dflt_doc = "none (no (J - 1)^4 term)",                                                   \
       .doc = "second Abaqus compressibility: adds (J - 1)^4 / D2 (volumetric: abaqus only)"},   \
  {                                                                                              \
    .key = "volumetric", .kind = PF_SK_ENUM, .when_key = "model",                                \
    .when_values = VALUES(PF_SPLIT_LAWS), .values = VALUES("abaqus", "log"), .dflt = "abaqus",   \
    .doc = "volumetric term U(J): abaqus K/2 (J - 1)^2 (+ (J - 1)^4 / D2), or log K/2 (ln J)^2"  \
  }

static const pf_schema matrix_keys[] = {
    {.key = "model",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES(PF_SPLIT_LAWS),
     .codes = CODES(PF_MAT_NEO_HOOKEAN, PF_MAT_MOONEY_RIVLIN, PF_MAT_POLYNOMIAL, PF_MAT_OGDEN),
     .refused = VALUES("linear_elastic", "truss", "fibre"),
     .refused_why = "the matrix of a fibre material is a hyperelastic law split into isochoric "
                    "and volumetric parts",
     .doc = "the isotropic law of the matrix, with its keys as for a material of that model"},
    SPLIT_LAW_KEYS,
    END};

static const pf_schema fibre_keys[] = {
    {.key = "law",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES("linear", "exponential", "toe_linear"),
     .doc =
         "fibre stress T(lambda) for stretch lambda > 1 (none in compression): linear "
         "E (lambda - 1); exponential (Natali 2010) k / (2 alpha) (exp(alpha (lambda^2 - 1)) - "
         "1) lambda^2; toe_linear a C1 quadratic toe up to toe_strain, then linear with slope E"},
    {.key = "E",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "law",
     .when_values = VALUES("linear", "toe_linear"),
     .min = 0,
     .unit = "MPa",
     .doc = "fibre modulus (per unit reference area of the region)"},
    {.key = "k",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "law",
     .when_values = VALUES("exponential"),
     .min = 0,
     .unit = "MPa",
     .doc = "stiffness k of the exponential law"},
    {.key = "alpha",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "law",
     .when_values = VALUES("exponential"),
     .min = 0,
     .doc = "exponent alpha of the exponential law"},
    {.key = "toe_strain",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "law",
     .when_values = VALUES("toe_linear"),
     .min = 0,
     .doc = "fibre strain lambda - 1 where the toe ends and the linear part begins"},
    {.key = "prestrain",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .min = -1,
     .dflt = "0",
     .doc = "fibre stretch in the reference configuration is 1 + prestrain"},
    END};

static const pf_schema material_keys[] = {
    {.key = "model",
     .kind = PF_SK_ENUM,
     .flags = PF_SF_REQUIRED,
     .values = VALUES("linear_elastic", "truss", PF_SPLIT_LAWS, "fibre"),
     .doc = "constitutive law: isotropic linear elasticity (St Venant-Kirchhoff at finite "
            "strain), truss (2-node bars), compressible neo-Hookean, Mooney-Rivlin, polynomial "
            "N = 2, Ogden N <= 3, or fibre-reinforced (a split matrix law plus a tension-only "
            "fibre)"},
    {.key = "E",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "model",
     .when_values = VALUES("linear_elastic", "truss"),
     .min = 0,
     .unit = "MPa",
     .doc = "Young's modulus"},
    {.key = "nu",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT | PF_SF_LT,
     .when_key = "model",
     .when_values = VALUES("linear_elastic"),
     .min = -1,
     .max = 0.5,
     .doc = "Poisson's ratio"},
    {.key = "density",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GE,
     .min = 0,
     .dflt = "0",
     .unit = "t/mm^3",
     .doc = "mass density (1 g/cm^3 = 1e-9 t/mm^3); 0 means gravity loads nothing"},
    {.key = "area",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_REQUIRED | PF_SF_GT,
     .when_key = "model",
     .when_values = VALUES("truss"),
     .min = 0,
     .unit = "mm^2",
     .doc = "cross-section area of the bars"},
    {.key = "tension_only",
     .kind = PF_SK_BOOL,
     .when_key = "model",
     .when_values = VALUES("truss"),
     .dflt = "false",
     .doc = "no force in compression (a smooth ramp of width reg_strain around zero strain); "
            "needs static_nonlinear"},
    {.key = "prestrain",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .when_key = "model",
     .when_values = VALUES("truss"),
     .min = -1,
     .dflt = "0",
     .doc = "bar stretch at zero displacement is 1 + prestrain (not 0: needs static_nonlinear)"},
    {.key = "reg_strain",
     .kind = PF_SK_NUMBER,
     .flags = PF_SF_GT,
     .when_key = "model",
     .when_values = VALUES("truss"),
     .min = 0,
     .dflt = "1e-4",
     .doc = "width of the tension-only ramp, in strain"},
    SPLIT_LAW_KEYS,
    {.key = "formulation",
     .kind = PF_SK_ENUM,
     .when_key = "model",
     .when_values = VALUES(PF_SPLIT_LAWS, "fibre"),
     .values = VALUES("displacement", "mean_dilatation"),
     .codes = CODES(PF_FORM_DISPLACEMENT, PF_FORM_MEAN_DILATATION),
     .dflt_doc =
         "chosen by the physics: mean_dilatation (tet10, hex8; tet4 is always displacement)",
     .doc = "element formulation of regions of this material: plain displacement, or the "
            "three-field mean dilatation (Simo-Taylor-Pister) that keeps near-incompressible "
            "tissue from locking"},
    {.key = "matrix",
     .kind = PF_SK_MAP,
     .flags = PF_SF_REQUIRED,
     .when_key = "model",
     .when_values = VALUES("fibre"),
     .children = matrix_keys,
     .doc = "the isotropic matrix (a material entry named NAME.matrix of its own)"},
    {.key = "fibre",
     .kind = PF_SK_MAP,
     .flags = PF_SF_REQUIRED,
     .when_key = "model",
     .when_values = VALUES("fibre"),
     .children = fibre_keys,
     .doc = "the tension-only fibre along the region's direction"},
    END};

const pf_schema pf_schema_material_entry[] = {
    {.key = "NAME", .kind = PF_SK_MAP, .children = material_keys, .doc = "a material"}, END};

static const pf_schema path_point[] = {{.key = "[i]",
                                        .kind = PF_SK_NUMBERS,
                                        .min_count = 3,
                                        .max_count = 3,
                                        .unit = "mm",
                                        .doc = "a point [x, y, z] of the path"},
                                       END};

static const pf_schema region_keys[] = {
    {.key = "material",
     .kind = PF_SK_STRING,
     .doc = "the material of the elements (not with rigid: true; kept but unused with removed: "
            "true)"},
    {.key = "direction",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .doc = "fibre direction [x, y, z] of the whole region (normalised; fibre materials)"},
    {.key = "path",
     .kind = PF_SK_LIST,
     .min_count = 2,
     .children = path_point,
     .doc = "fibre direction along a polyline of at least 2 points: the tangent of the segment "
            "nearest to each element's centroid (fibre materials)"},
    {.key = "direction_data",
     .kind = PF_SK_STRING,
     .doc = "fibre direction per element: the name of 3-vector element data in the mesh (gmsh "
            "$ElementData; fibre materials)"},
    {.key = "formulation",
     .kind = PF_SK_ENUM,
     .values = VALUES("displacement", "mean_dilatation"),
     .codes = CODES(PF_FORM_DISPLACEMENT, PF_FORM_MEAN_DILATATION),
     .dflt_doc = "the material's formulation",
     .doc = "element formulation of this region (overrides the material's): plain displacement, "
            "or the three-field mean dilatation; mean_dilatation needs a split law"},
    {.key = "rigid",
     .kind = PF_SK_BOOL,
     .dflt = "false",
     .doc = "the region is a rigid body (named by the set) whose nodes follow one 6-dof "
            "reference node"},
    {.key = "ref_point",
     .kind = PF_SK_NUMBERS,
     .min_count = 3,
     .max_count = 3,
     .unit = "mm",
     .dflt_doc = "the centroid of the body's nodes",
     .doc = "reference point of the rigid body (only with the key rigid)"},
    {.key = "removed",
     .kind = PF_SK_BOOL,
     .dflt = "false",
     .doc = "the region is deactivated: its elements carry nothing (a fascia release)"},
    END};

static const pf_schema region_shorthand[] = {
    {.key = "SET",
     .kind = PF_SK_STRING,
     .doc = "shorthand: MATERIAL (the name of a material), rigid or removed"},
    END};

const pf_schema pf_schema_region_entry[] = {
    {.key = "SET",
     .kind = PF_SK_MAP,
     .children = region_keys,
     .alt = region_shorthand,
     .doc = "element set of the mesh -> MATERIAL, rigid, removed, or a map {material, formulation, "
            "direction | path | direction_data, rigid, ref_point, removed}"},
    END};
