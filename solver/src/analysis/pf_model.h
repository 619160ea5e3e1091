/*
 * The model description: what a configuration asks for, checked for types, ranges and required
 * keys by config/, with names (sets, surfaces, regions) not yet resolved against the mesh. Every
 * entry keeps the source location of its YAML so that later errors (a set missing from the mesh)
 * name the user's file, line and key. Physics reads this; it never sees YAML.
 *
 * Ownership: every string and array is allocated with malloc/calloc and freed by
 * pf_model_desc_destroy. A pf_srcloc's file points at desc->config_path (or at a string literal
 * such as "--set"), so it lives as long as the description.
 */
#ifndef PF_MODEL_H
#define PF_MODEL_H

#include "core/pf_core.h"
#include "linalg/pf_linalg.h"
#include "mesh/pf_mesh.h"

typedef enum {
  PF_MAT_LINEAR_ELASTIC = 0, /* isotropic: E, nu, density (finite strain: St Venant-Kirchhoff) */
  PF_MAT_TRUSS = 1,          /* truss: E, area, density; tension_only, prestrain */
  PF_MAT_NEO_HOOKEAN = 2,    /* W = mu/2 (I1bar - 3) + U(J) */
  PF_MAT_MOONEY_RIVLIN = 3,  /* W = C10 (I1bar - 3) + C01 (I2bar - 3) + U(J) */
  PF_MAT_POLYNOMIAL = 4,     /* Abaqus N = 2: sum Cij (I1bar-3)^i (I2bar-3)^j + sum (J-1)^2k / Dk */
  PF_MAT_OGDEN = 5,          /* Abaqus: sum 2 mu_i / alpha_i^2 (l1^a + l2^a + l3^a - 3) + U(J) */
  PF_MAT_FIBRE = 6,          /* matrix (a split isotropic law) + tension-only fibre along a0 */
} pf_material_model;

/* Volumetric energy U(J) of the split hyperelastic laws, with K = kappa or 2 / D1:
 * abaqus: U = (J - 1)^2 / D1 (+ (J - 1)^4 / D2 for the polynomial law), i.e. K/2 (J - 1)^2;
 * log:    U = K/2 (ln J)^2 (the polynomial's D2 term is then not allowed). */
typedef enum { PF_VOL_ABAQUS = 0, PF_VOL_LOG = 1 } pf_volumetric;

/* Element formulation of a region's material: displacement (plain), or the mean-dilatation
 * three-field formulation (Simo-Taylor-Pister 1985; P2/P0 on tet10, Q1/P0 on hex8; tet4 is
 * always displacement). Default: mean_dilatation for split hyperelastic laws, else displacement. */
typedef enum {
  PF_FORM_DEFAULT = 0,
  PF_FORM_DISPLACEMENT = 1,
  PF_FORM_MEAN_DILATATION = 2
} pf_formulation;

/* Fibre laws, as nominal fibre stress T(lambda) for lambda = fibre stretch > 1 (0 below):
 * linear: T = E (lambda - 1); exponential (Natali 2010): the fibre part of
 * sigma = k/(2 alpha) (exp(alpha (lambda^2 - 1)) - 1) lambda^2; toe_linear: a C1 quadratic toe up
 * to toe_strain, then linear with modulus E. */
typedef enum {
  PF_FIBRE_LINEAR = 0,
  PF_FIBRE_EXPONENTIAL = 1,
  PF_FIBRE_TOE_LINEAR = 2
} pf_fibre_law;

typedef struct {
  char *name;
  pf_srcloc loc;
  pf_material_model model;
  double E;       /* MPa, > 0 (linear_elastic, truss) */
  double nu;      /* -1 < nu < 0.5 (linear_elastic) */
  double density; /* t/mm^3, >= 0 (0: massless; gravity then loads nothing) */
  double area;    /* mm^2, > 0 (truss) */
  /* truss at finite strain */
  int tension_only;  /* 1: no force in compression (smooth ramp of width reg_strain) */
  double prestrain;  /* truss or fibre: stretch at zero displacement is 1 + prestrain */
  double reg_strain; /* width of the tension-only ramp (default 1e-4) */
  /* split hyperelastic laws (MPa; D in 1/MPa). 0 where not given. */
  double mu, kappa;               /* neo_hookean (mu), every split law (kappa = 2 / D1) */
  double C10, C01, C20, C11, C02; /* mooney_rivlin (C10, C01), polynomial (all) */
  double D1, D2;                  /* Abaqus compressibility (D1 = 2 / kappa) */
  int n_ogden;                    /* 1..3 */
  double ogden_mu[3], ogden_alpha[3];
  pf_volumetric volumetric;
  pf_formulation formulation;
  /* fibre-reinforced */
  int matrix; /* index into materials of the matrix law (an entry named NAME.matrix) */
  pf_fibre_law fibre_law;
  double fibre_E;          /* linear, toe_linear: MPa */
  double fibre_k;          /* exponential: MPa */
  double fibre_alpha;      /* exponential: - */
  double fibre_toe_strain; /* toe_linear: strain where the toe ends */
} pf_material_desc;

/* How a region's fibre direction a0 (reference configuration) is given. */
typedef enum {
  PF_DIR_NONE = 0,
  PF_DIR_VECTOR = 1,    /* one vector for the region */
  PF_DIR_PATH = 2,      /* polyline: tangent of the segment nearest to the element centroid */
  PF_DIR_MESH_DATA = 3, /* per-element 3-vectors stored in the mesh (gmsh $ElementData name) */
} pf_direction_kind;

typedef enum {
  PF_REGION_MATERIAL = 0, /* deformable, with a material */
  PF_REGION_RIGID = 1,    /* a rigid body: its nodes follow one reference node */
  PF_REGION_REMOVED = 2,  /* deactivated (e.g. a fascia release): its elements carry nothing */
} pf_region_kind;

/* regions: {SET: MATERIAL | rigid | removed | {material:, direction:|path:|direction_data:,
 * rigid:, ref_point:}}: every element of element set SET gets this. */
typedef struct {
  char *set;
  pf_srcloc loc;
  pf_region_kind kind;
  int material; /* index into materials (kind MATERIAL), else -1 */
  int body;     /* index into bodies (kind RIGID), else -1 */
  pf_direction_kind direction;
  double dir[3];              /* PF_DIR_VECTOR (unit) */
  int n_path;                 /* PF_DIR_PATH: points */
  double *path;               /* [n_path * 3] */
  char *dir_data;             /* PF_DIR_MESH_DATA: name of the element data */
  pf_formulation formulation; /* PF_FORM_DEFAULT: the material's (issue 3: per region) */
} pf_region_desc;

/* A reference node with 6 dofs (3 translations, 3 rotations): a rigid region, or a kinematic
 * coupling of a node set (couplings: [{name, set, ref_point}]). */
typedef enum { PF_BODY_RIGID_REGION = 0, PF_BODY_COUPLING = 1 } pf_body_kind;
typedef struct {
  char *name; /* the region's set name, or the coupling's name */
  pf_srcloc loc;
  pf_body_kind kind;
  char *set; /* element set (rigid region) or node set (coupling) */
  int has_ref_point;
  double ref_point[3]; /* default: the centroid of the body's nodes */
} pf_body_desc;

/* joints: a connector between two bodies: centre, a frame of three axes (rows), stiffness along
 * and about the axes; energy based (symmetric tangent). A prescribed joint angle (boundary type
 * joint_angle) drives it by augmented Lagrangian. */
typedef struct {
  char *name;
  pf_srcloc loc;
  char *proximal, *distal;        /* body names */
  int proximal_body, distal_body; /* indices into bodies (filled by config) */
  int has_centre;
  double centre[3];        /* default: the distal body's reference point */
  double axes[9];          /* orthonormal rows; axis 1 is the hinge axis (from axis: or axes:) */
  double k_translation[3]; /* N/mm along the axes (default 1e6 x the largest E... see docs) */
  double k_rotation[3];    /* N mm / rad about the axes */
} pf_joint_desc;

/* ties: slave nodes (node set or surface nodes) tied to the nearest face of a master surface
 * (Abaqus *TIE, node to face): u_s = sum N_a(xi) u_a, within tolerance of the surface. */
typedef struct {
  char *name;
  pf_srcloc loc;
  char *slave;      /* node set or surface */
  char *master;     /* surface */
  double tolerance; /* mm; default: 5% of the master's mean edge length */
} pf_tie_desc;

/* Load curves over a step: the entry goes from its value at the step start to its target as
 * f(t), t the step fraction in [0, 1]: linear f = t, step f = 1 from the first increment, table
 * f from (t, f) points (linear between them; t from 0 to 1, f(0) = 0, f(1) = 1 not required). */
typedef enum { PF_CURVE_LINEAR = 0, PF_CURVE_STEP = 1, PF_CURVE_TABLE = 2 } pf_curve_kind;
typedef struct {
  pf_curve_kind kind;
  int n;     /* table points */
  double *t; /* [n] */
  double *f; /* [n] */
} pf_curve_desc;

typedef enum {
  PF_LOAD_NODAL_FORCE = 0,   /* value [3] N on every node of set (Abaqus *CLOAD) */
  PF_LOAD_SURFACE_FORCE = 1, /* total force value [3] N spread over surface by area */
  PF_LOAD_PRESSURE = 2,      /* pressure MPa on surface, positive into the surface */
  PF_LOAD_TRACTION = 3,      /* traction vector value [3] MPa on surface */
  PF_LOAD_GRAVITY = 4,       /* acceleration value [3] mm/s^2 on the density of region (all) */
  PF_LOAD_BODY_FORCE = 5,    /* force value [3] N on a body's reference node */
  PF_LOAD_BODY_MOMENT = 6,   /* moment value [3] N mm on a body's reference node (global axes) */
} pf_load_type;

typedef struct {
  char *name;           /* the entry's name: (or "loads[i]") */
  pf_srcloc loc;        /* of the entry */
  pf_srcloc target_loc; /* of its set/surface/region key */
  pf_load_type type;
  char *target; /* node set, surface, region (gravity; NULL = every element) or body */
  double value[3];
  double pressure;
  int step;            /* index of the step whose list holds this entry (0 without steps) */
  pf_curve_desc curve; /* how it reaches its target within the step (default linear) */
  int release;         /* 1: the entry named goes to zero in this step (release: true) */
} pf_load_desc;

typedef enum {
  PF_BC_FIXED = 0,        /* listed dofs held at zero */
  PF_BC_DISPLACEMENT = 1, /* listed dofs prescribed to value */
  PF_BC_HOLD = 2,     /* displacement without value: listed dofs held where the step found them */
  PF_BC_ROTATION = 3, /* a body's rotation vector value[3..5] (degrees; global axes) */
  PF_BC_JOINT_ANGLE = 4, /* a joint driven to angle value[3] (degrees) about its axis 1 */
} pf_bc_type;

typedef struct {
  char *name; /* the entry's name: (or the set name) */
  pf_srcloc loc;
  pf_srcloc target_loc;
  pf_bc_type type;
  char *set;       /* node set; NULL for a body or joint entry */
  char *body;      /* body (fixed, displacement, hold, rotation on its reference node), or NULL */
  char *joint;     /* joint (joint_angle), or NULL */
  int dofs;        /* bit mask: 1 x, 2 y, 4 z; bodies also 8 rx, 16 ry, 32 rz */
  double value[6]; /* prescribed values of the listed components (translations mm, rotations
                    * degrees); others 0 */
  int step;        /* index of the step whose list holds this entry (0 without steps) */
  pf_curve_desc curve; /* how it reaches its target within the step (default linear) */
  int release;         /* 1: the entry named is removed in this step (its dofs become free) */
} pf_bc_desc;

typedef enum {
  PF_FIELD_DISPLACEMENT = 0, /* nodal, vector */
  PF_FIELD_REACTION = 1,     /* nodal, vector */
  PF_FIELD_STRESS = 2,       /* element average, tensor (Cauchy) */
  PF_FIELD_STRAIN = 3,       /* element average, tensor */
} pf_field;

typedef enum { PF_STAT_MEAN = 0, PF_STAT_MIN = 1, PF_STAT_MAX = 2, PF_STAT_SUM = 3 } pf_stat;

/* Components: vectors x=0, y=1, z=2, magnitude=3; tensors xx=0 yy=1 zz=2 xy=3 yz=4 xz=5,
 * von_mises=6 (stress), max_principal=7. */
typedef struct {
  char *name;
  pf_srcloc loc;
  char *set; /* nodes (vector fields) or elements (tensor fields); NULL = all */
  pf_field field;
  int component;
  pf_stat stat;
} pf_probe_desc;

/* contact.ground: a rigid plane against a surface (contact/pf_contact.h). */
typedef struct {
  int active; /* 1 when contact.ground is given */
  pf_srcloc loc;
  char *surface; /* the body's surface that meets the plane */
  pf_srcloc surface_loc;
  double point[3];  /* a point of the plane (reference configuration), mm */
  double normal[3]; /* unit normal, from the ground into the body */
  double friction;  /* Coulomb coefficient (0: frictionless) */
  char *reference;  /* node set of one node that carries the plane, or NULL (fixed plane) */
  pf_srcloc reference_loc;
  double penalty_scale;      /* penalty = scale x E / sqrt(mean face area) (default 100) */
  double gap_tolerance;      /* mm; 0: 1e-3 x the mean edge length of the surface */
  double pressure_tolerance; /* gap also within this x p_max h / E (0: off) */
  int unsymmetric;           /* friction tangent: 0 symmetric (CHOLMOD), 1 exact (UMFPACK) */
  /* the virtual pressure plate */
  double plate_pitch;     /* mm */
  double plate_threshold; /* MPa: a sensor is loaded above it */
  double plate_axis[3];   /* the foot's long axis (plate x), projected on the plane */
  double regions[3];      /* heel|midfoot, midfoot|forefoot, forefoot|toes (fractions of length) */
  double rearfoot_split;  /* rearfoot/forefoot boundary (fraction of length) */
} pf_contact_desc;

/* foot: the anatomy of a foot mesh, from the model file the foot mesh generator writes beside it
 * (foot-<size>.model.yaml, format pfsim-foot-model-1). The source locations of its entries point
 * into the model file (loc.file = model_file); loc of the description is the configuration's foot
 * key. */
typedef enum { PF_FOOT_RIGHT = 0, PF_FOOT_LEFT = 1 } pf_foot_side;
/* gap: the bones do not touch and nothing in the mesh joins them (ankle, subtalar, MTP): a
 * connector (joints:) must; cartilage: bonded through the cartilage region (midfoot). */
typedef enum { PF_FOOT_JOINT_GAP = 0, PF_FOOT_JOINT_CARTILAGE = 1 } pf_foot_joint_type;

typedef struct {
  char *name; /* a bone (element region) or a landmark (node set of one node) */
  pf_srcloc loc;
} pf_foot_item;

typedef struct {
  char *name;
  pf_srcloc loc;
  char *proximal, *distal; /* bones */
  pf_foot_joint_type type;
  double centre[3]; /* mm, reference configuration */
  double axes[9];   /* rows, right-handed; axis 1 the flexion axis (dorsiflexion positive), fixed
                     * in the proximal bone (ISB / Grood-Suntay) */
} pf_foot_joint;

typedef struct {
  char *name;
  pf_srcloc loc;
  char *insertion, *origin; /* node sets */
} pf_foot_tendon;

typedef struct {
  int active;        /* 1 when the configuration has foot: */
  pf_srcloc loc;     /* of the foot key */
  char *model_file;  /* foot.model, else the mesh file with .model.yaml for its extension;
                      * resolved against the configuration's folder */
  pf_foot_side side; /* of the model (foot.side, when given, is the same) */
  int n_bones;
  pf_foot_item *bones;
  int n_joints;
  pf_foot_joint *joints;
  int n_landmarks;
  pf_foot_item *landmarks;
  int n_tendons;
  pf_foot_tendon *tendons;
} pf_foot_desc;

typedef enum { PF_ANALYSIS_STATIC_LINEAR = 0, PF_ANALYSIS_STATIC_NONLINEAR = 1 } pf_analysis_type;
typedef enum { PF_NEWTON_FULL = 0, PF_NEWTON_MODIFIED = 1, PF_NEWTON_BFGS = 2 } pf_newton_kind;
typedef enum { PF_OUTPUT_ALL = 0, PF_OUTPUT_FINAL = 1, PF_OUTPUT_SUMMARY = 2 } pf_output_level;

/* steps: [{name, increments, max_increments, output, loads: [...], boundary: [...]}]. Without
 * steps: one step named "step" holding the top-level loads and boundary. Entries persist at their
 * end value into later steps; an entry of a later step with the same name sets a new target. */
typedef struct {
  char *name;
  pf_srcloc loc;
  int increments;         /* initial increments (step fraction 1 / increments each) */
  int max_increments;     /* cap on the increments of the step, cut-backs included */
  pf_output_level output; /* frames of this step: every increment (all) or the last (final) */
} pf_step_desc;

typedef struct {
  char *config_path; /* as given on the command line */
  char *title;       /* "" if absent */
  char *mesh_file;   /* resolved against the config file's folder */
  pf_srcloc mesh_loc;
  double mesh_scale; /* coordinates are multiplied by this (default 1) */

  int n_materials;
  pf_material_desc *materials;
  int n_regions;
  pf_region_desc *regions;
  int n_loads;
  pf_load_desc *loads;
  int n_bcs;
  pf_bc_desc *bcs;
  int n_probes;
  pf_probe_desc *probes;
  int n_bodies;
  pf_body_desc *bodies;
  int n_joints;
  pf_joint_desc *joints;
  int n_ties;
  pf_tie_desc *ties;
  pf_contact_desc contact;
  pf_foot_desc foot;
  int n_steps; /* >= 1 */
  pf_step_desc *steps;

  pf_analysis_type analysis;     /* default: static_nonlinear when the model needs it (hyperelastic,
                                  * fibre or tension-only materials, bodies, joints, several steps) */
  int max_cutbacks;              /* halvings of one increment before the run fails (default 8) */
  double growth;                 /* increment growth after an easy increment (default 1.5) */
  pf_newton_kind newton;         /* default full */
  int max_iterations;            /* Newton iterations per increment (default 25) */
  double residual_tolerance;     /* ||r|| <= tol * max(||f_ext||, ||reactions||) (default 1e-8) */
  double displacement_tolerance; /* ||du|| <= tol * ||u|| (default 1e-8) */
  double energy_tolerance;       /* |du . r| <= tol * |du0 . r0| (default 1e-16) */
  int line_search;               /* default 1 */
  pf_solver_kind linear_solver;  /* default cholmod */
  double solver_tolerance;       /* PCG relative residual (default 1e-10) */
  int solver_max_iterations;     /* PCG (default 10000) */

  char *output_file; /* output.file resolved against the config's folder; NULL if absent */
  pf_output_level output_level;
  char *summary_step; /* output.summary_step: the step whose end fills /summary (NULL: last) */

  char *resolved_yaml; /* the configuration after --set overrides, as YAML text */
} pf_model_desc;

/* Created by pf_config_load (config/pf_config.h). */
/* Frees a description; safe on NULL. */
void pf_model_desc_destroy(pf_model_desc **desc);
/* Frees what a foot description holds and zeroes it (inactive). */
void pf_foot_desc_clear(pf_foot_desc *foot);

/* The model: a description resolved against a mesh. Every name is looked up, every element has
 * its region and material, every set its node rows. */
typedef struct {
  const pf_mesh *mesh;       /* not owned */
  const pf_model_desc *desc; /* not owned */
  int64_t n_elems;           /* elements of the mesh (global numbering) */
  int32_t *elem_region;      /* [n_elems] index into desc->regions */
  int32_t *elem_material;    /* [n_elems] index into desc->materials */
  double *material_D;        /* [n_materials * 36] elasticity matrices (solids) */
  int64_t **bc_nodes;        /* [n_bcs][bc_count[i]] node rows of each boundary entry */
  int64_t *bc_count;
  int64_t **load_nodes; /* nodal_force: node rows; others NULL */
  int64_t *load_count;
  int *load_surface;    /* surface index for surface loads, -1 otherwise */
  int64_t **load_elems; /* gravity: elements (global numbers) */
  int64_t *load_elem_count;
  int64_t **probe_items; /* probes: node rows (vector fields) or elements (tensor fields) */
  int64_t *probe_count;
} pf_model;

/* Resolves a description against a mesh: regions and materials of every element (each element
 * in exactly one mapped region, of a material that fits its type), node sets, surfaces and
 * element sets of loads, boundary entries and probes. Errors name the config file, line and key.
 * [out] model. Returns PF_OK or PF_ERR_INPUT. */
int pf_model_build(pf_context *ctx, const pf_model_desc *desc, const pf_mesh *mesh,
                   pf_model **model);
void pf_model_destroy(pf_model **model);

#endif /* PF_MODEL_H */
