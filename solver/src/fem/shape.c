/*
 * Shape functions, reference derivatives and the default quadrature rules of the solid and face
 * element types.
 *
 * Thread safety: every rule is a `static const` object whose tabulated values are C constant
 * expressions of literal point coordinates, evaluated by the compiler. The macros below are the
 * single definition of each shape function: the same macro fills the tables and evaluates
 * pf_fem_shape / pf_fem_face_shape at run time, so the two cannot drift apart (tests/fem checks
 * the tables against the run-time functions). There is no lazy initialisation and no mutable
 * state, hence nothing to race on when kernels are called from OpenMP loops.
 *
 * Sources
 * - Tet4, tet10 (barycentric L0 = 1 - r - s - t, L1 = r, L2 = s, L3 = t; corners L_i (2 L_i - 1),
 *   mid-edge ij 4 L_i L_j) and hex8 (1/8 (1 + xi xi_a)(1 + eta eta_a)(1 + zeta zeta_a)):
 *   Zienkiewicz, Taylor & Zhu, The Finite Element Method: Its Basis and Fundamentals, 7th ed.
 *   (2013), chapter "Standard and hierarchical element shape functions" (tetrahedral and brick
 *   families); Hughes, The Finite Element Method (Dover 2000), ch. 3 (isoparametric elements).
 * - Tet10 4-point rule of degree 2: points at barycentrics (b, a, a, a) and permutations,
 *   a = (5 - sqrt 5)/20, b = 1 - 3a, weights 1/24 (Hammer, Marlowe & Stroud, Math. Tables Aids
 *   Comput. 10 (1956) 130-137; listed in Keast, CMAME 55 (1986) 339-348). Tet4 1-point centroid
 *   rule (degree 1).
 * - Hex8 and quad4 Gauss-Legendre 2-point rule per direction, points +-1/sqrt 3 (degree 3 per
 *   direction; Hughes 2000, ch. 3, Gaussian quadrature).
 * - Tri6 7-point rule of degree 5: Dunavant, "High degree efficient symmetrical Gaussian
 *   quadrature rules for the triangle", IJNME 21 (1985) 1129-1148, table for p = 5 (the same
 *   points as Radon 1948 / Stroud T2:5-1): centroid weight 9/40, (alpha_k, beta_k, beta_k) with
 *   beta_1 = (6 - sqrt 15)/21, weight (155 - sqrt 15)/1200 and beta_2 = (6 + sqrt 15)/21,
 *   weight (155 + sqrt 15)/1200, alpha_k = 1 - 2 beta_k (weights for unit area; x 1/2 here).
 * - Tri3 3-point rule of degree 2: points (1/6, 1/6), (2/3, 1/6), (1/6, 2/3), weights 1/6
 *   (Dunavant 1985, table for p = 2).
 */
#include "fem/pf_fem.h"

/* ------------------------------------------------------------------------------------------- */
/* Solid shape functions as constant-expression initialisers                                    */
/* ------------------------------------------------------------------------------------------- */

#define TET4_N(r, s, t) \
  { 1.0 - (r) - (s) - (t), (r), (s), (t) }
#define TET4_DN                                                             \
  {                                                                         \
    {-1.0, -1.0, -1.0}, {1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, { 0.0, 0.0, 1.0 } \
  }

/* Tet10 in barycentrics; derivatives with respect to (r, s, t) = (L1, L2, L3). */
#define TET10_N(L0, L1, L2, L3)                                                           \
  {                                                                                       \
    (L0) * (2.0 * (L0)-1.0), (L1) * (2.0 * (L1)-1.0), (L2) * (2.0 * (L2)-1.0),            \
        (L3) * (2.0 * (L3)-1.0), 4.0 * (L0) * (L1), 4.0 * (L1) * (L2), 4.0 * (L2) * (L0), \
        4.0 * (L0) * (L3), 4.0 * (L1) * (L3), 4.0 * (L2) * (L3)                           \
  }
#define TET10_DN(L0, L1, L2, L3)                                                          \
  {                                                                                       \
    {1.0 - 4.0 * (L0), 1.0 - 4.0 * (L0), 1.0 - 4.0 * (L0)}, {4.0 * (L1)-1.0, 0.0, 0.0},   \
        {0.0, 4.0 * (L2)-1.0, 0.0}, {0.0, 0.0, 4.0 * (L3)-1.0},                           \
        {4.0 * ((L0) - (L1)), -4.0 * (L1), -4.0 * (L1)}, {4.0 * (L2), 4.0 * (L1), 0.0},   \
        {-4.0 * (L2), 4.0 * ((L0) - (L2)), -4.0 * (L2)},                                  \
        {-4.0 * (L3), -4.0 * (L3), 4.0 * ((L0) - (L3))}, {4.0 * (L3), 0.0, 4.0 * (L1)}, { \
      0.0, 4.0 * (L3), 4.0 * (L2)                                                         \
    }                                                                                     \
  }
/* Tet10 at (r, s, t). */
#define TET10_N_AT(r, s, t)  TET10_N(1.0 - (r) - (s) - (t), (r), (s), (t))
#define TET10_DN_AT(r, s, t) TET10_DN(1.0 - (r) - (s) - (t), (r), (s), (t))

/* Hex8 node a at (sa, sb, sc) in {-1, 1}^3, VTK order. */
#define H8N(sa, sb, sc, x, y, z) \
  (0.125 * (1.0 + (sa) * (x)) * (1.0 + (sb) * (y)) * (1.0 + (sc) * (z)))
#define H8D(sa, sb, sc, x, y, z)                                \
  {                                                             \
    0.125 * (sa) * (1.0 + (sb) * (y)) * (1.0 + (sc) * (z)),     \
        0.125 * (1.0 + (sa) * (x)) * (sb) * (1.0 + (sc) * (z)), \
        0.125 * (1.0 + (sa) * (x)) * (1.0 + (sb) * (y)) * (sc)  \
  }
#define HEX8_N(x, y, z)                                                           \
  {                                                                               \
    H8N(-1, -1, -1, x, y, z), H8N(1, -1, -1, x, y, z), H8N(1, 1, -1, x, y, z),    \
        H8N(-1, 1, -1, x, y, z), H8N(-1, -1, 1, x, y, z), H8N(1, -1, 1, x, y, z), \
        H8N(1, 1, 1, x, y, z), H8N(-1, 1, 1, x, y, z)                             \
  }
#define HEX8_DN(x, y, z)                                                          \
  {                                                                               \
    H8D(-1, -1, -1, x, y, z), H8D(1, -1, -1, x, y, z), H8D(1, 1, -1, x, y, z),    \
        H8D(-1, 1, -1, x, y, z), H8D(-1, -1, 1, x, y, z), H8D(1, -1, 1, x, y, z), \
        H8D(1, 1, 1, x, y, z), H8D(-1, 1, 1, x, y, z)                             \
  }

/* ------------------------------------------------------------------------------------------- */
/* Face shape functions                                                                         */
/* ------------------------------------------------------------------------------------------- */

#define TRI3_N(x, y) \
  { 1.0 - (x) - (y), (x), (y) }
#define TRI3_DN                            \
  {                                        \
    {-1.0, -1.0}, {1.0, 0.0}, { 0.0, 1.0 } \
  }
#define TRI6_N(L0, L1, L2)                                                                        \
  {                                                                                               \
    (L0) * (2.0 * (L0)-1.0), (L1) * (2.0 * (L1)-1.0), (L2) * (2.0 * (L2)-1.0), 4.0 * (L0) * (L1), \
        4.0 * (L1) * (L2), 4.0 * (L2) * (L0)                                                      \
  }
#define TRI6_DN(L0, L1, L2)                                                             \
  {                                                                                     \
    {1.0 - 4.0 * (L0), 1.0 - 4.0 * (L0)}, {4.0 * (L1)-1.0, 0.0}, {0.0, 4.0 * (L2)-1.0}, \
        {4.0 * ((L0) - (L1)), -4.0 * (L1)}, {4.0 * (L2), 4.0 * (L1)}, {                 \
      -4.0 * (L2), 4.0 * ((L0) - (L2))                                                  \
    }                                                                                   \
  }
#define TRI6_N_AT(x, y)   TRI6_N(1.0 - (x) - (y), (x), (y))
#define TRI6_DN_AT(x, y)  TRI6_DN(1.0 - (x) - (y), (x), (y))
#define Q4N(sa, sb, x, y) (0.25 * (1.0 + (sa) * (x)) * (1.0 + (sb) * (y)))
#define Q4D(sa, sb, x, y) \
  { 0.25 * (sa) * (1.0 + (sb) * (y)), 0.25 * (1.0 + (sa) * (x)) * (sb) }
#define QUAD4_N(x, y) \
  { Q4N(-1, -1, x, y), Q4N(1, -1, x, y), Q4N(1, 1, x, y), Q4N(-1, 1, x, y) }
#define QUAD4_DN(x, y) \
  { Q4D(-1, -1, x, y), Q4D(1, -1, x, y), Q4D(1, 1, x, y), Q4D(-1, 1, x, y) }

/* ------------------------------------------------------------------------------------------- */
/* Rule constants (40 significant digits; the compiler rounds them once)                        */
/* ------------------------------------------------------------------------------------------- */

#define TET_A   0.1381966011250105151795413165634361882280 /* (5 - sqrt 5) / 20 */
#define TET_B   (1.0 - 3.0 * TET_A)
#define GAUSS_G 0.5773502691896257645091487805019574556476 /* 1 / sqrt 3 */
#define SQRT15  3.872983346207416885179265399782399600750
#define DUN_B1  ((6.0 - SQRT15) / 21.0)
#define DUN_A1  (1.0 - 2.0 * DUN_B1)
#define DUN_W1  ((155.0 - SQRT15) / 2400.0)
#define DUN_B2  ((6.0 + SQRT15) / 21.0)
#define DUN_A2  (1.0 - 2.0 * DUN_B2)
#define DUN_W2  ((155.0 + SQRT15) / 2400.0)
#define G       GAUSS_G

static const pf_rule rule_tet4 = {
    .nnode = 4,
    .nqp = 1,
    .xi = {{0.25, 0.25, 0.25}},
    .w = {1.0 / 6.0},
    .N = {TET4_N(0.25, 0.25, 0.25)},
    .dN = {TET4_DN},
};

/* Point q has L0 = b for q = 0 and L_q = b for q = 1..3 (nearest corner q). */
static const pf_rule rule_tet10 = {
    .nnode = 10,
    .nqp = 4,
    .xi = {{TET_A, TET_A, TET_A},
           {TET_B, TET_A, TET_A},
           {TET_A, TET_B, TET_A},
           {TET_A, TET_A, TET_B}},
    .w = {1.0 / 24.0, 1.0 / 24.0, 1.0 / 24.0, 1.0 / 24.0},
    .N = {TET10_N(TET_B, TET_A, TET_A, TET_A), TET10_N(TET_A, TET_B, TET_A, TET_A),
          TET10_N(TET_A, TET_A, TET_B, TET_A), TET10_N(TET_A, TET_A, TET_A, TET_B)},
    .dN = {TET10_DN(TET_B, TET_A, TET_A, TET_A), TET10_DN(TET_A, TET_B, TET_A, TET_A),
           TET10_DN(TET_A, TET_A, TET_B, TET_A), TET10_DN(TET_A, TET_A, TET_A, TET_B)},
};

/* Point q lies at G times the reference position of node q (VTK order): nearest node q. */
static const pf_rule rule_hex8 = {
    .nnode = 8,
    .nqp = 8,
    .xi = {{-G, -G, -G},
           {G, -G, -G},
           {G, G, -G},
           {-G, G, -G},
           {-G, -G, G},
           {G, -G, G},
           {G, G, G},
           {-G, G, G}},
    .w = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
    .N = {HEX8_N(-G, -G, -G), HEX8_N(G, -G, -G), HEX8_N(G, G, -G), HEX8_N(-G, G, -G),
          HEX8_N(-G, -G, G), HEX8_N(G, -G, G), HEX8_N(G, G, G), HEX8_N(-G, G, G)},
    .dN = {HEX8_DN(-G, -G, -G), HEX8_DN(G, -G, -G), HEX8_DN(G, G, -G), HEX8_DN(-G, G, -G),
           HEX8_DN(-G, -G, G), HEX8_DN(G, -G, G), HEX8_DN(G, G, G), HEX8_DN(-G, G, G)},
};

static const pf_face_rule face_rule_tri3 = {
    .nnode = 3,
    .nqp = 3,
    .xi = {{1.0 / 6.0, 1.0 / 6.0}, {2.0 / 3.0, 1.0 / 6.0}, {1.0 / 6.0, 2.0 / 3.0}},
    .w = {1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0},
    .N = {TRI3_N(1.0 / 6.0, 1.0 / 6.0), TRI3_N(2.0 / 3.0, 1.0 / 6.0), TRI3_N(1.0 / 6.0, 2.0 / 3.0)},
    .dN = {TRI3_DN, TRI3_DN, TRI3_DN},
};

/* Barycentrics (L0, L1, L2) of the points: centroid, then (A, B, B) and its rotations. */
static const pf_face_rule face_rule_tri6 = {
    .nnode = 6,
    .nqp = 7,
    .xi = {{1.0 / 3.0, 1.0 / 3.0},
           {DUN_B1, DUN_B1},
           {DUN_A1, DUN_B1},
           {DUN_B1, DUN_A1},
           {DUN_B2, DUN_B2},
           {DUN_A2, DUN_B2},
           {DUN_B2, DUN_A2}},
    .w = {9.0 / 80.0, DUN_W1, DUN_W1, DUN_W1, DUN_W2, DUN_W2, DUN_W2},
    .N = {TRI6_N(1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0), TRI6_N(DUN_A1, DUN_B1, DUN_B1),
          TRI6_N(DUN_B1, DUN_A1, DUN_B1), TRI6_N(DUN_B1, DUN_B1, DUN_A1),
          TRI6_N(DUN_A2, DUN_B2, DUN_B2), TRI6_N(DUN_B2, DUN_A2, DUN_B2),
          TRI6_N(DUN_B2, DUN_B2, DUN_A2)},
    .dN = {TRI6_DN(1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0), TRI6_DN(DUN_A1, DUN_B1, DUN_B1),
           TRI6_DN(DUN_B1, DUN_A1, DUN_B1), TRI6_DN(DUN_B1, DUN_B1, DUN_A1),
           TRI6_DN(DUN_A2, DUN_B2, DUN_B2), TRI6_DN(DUN_B2, DUN_A2, DUN_B2),
           TRI6_DN(DUN_B2, DUN_B2, DUN_A2)},
};

static const pf_face_rule face_rule_quad4 = {
    .nnode = 4,
    .nqp = 4,
    .xi = {{-G, -G}, {G, -G}, {G, G}, {-G, G}},
    .w = {1.0, 1.0, 1.0, 1.0},
    .N = {QUAD4_N(-G, -G), QUAD4_N(G, -G), QUAD4_N(G, G), QUAD4_N(-G, G)},
    .dN = {QUAD4_DN(-G, -G), QUAD4_DN(G, -G), QUAD4_DN(G, G), QUAD4_DN(-G, G)},
};

#undef G

/* Default rule of a solid type (see the file header for the sources). Returns a pointer to a
 * static const table (never NULL for tet4, tet10, hex8; NULL for truss2 and invalid types). */
const pf_rule *pf_fem_rule(pf_elem_type type) {
  switch (type) {
    case PF_ELEM_TET4:
      return &rule_tet4;
    case PF_ELEM_TET10:
      return &rule_tet10;
    case PF_ELEM_HEX8:
      return &rule_hex8;
    default:
      return NULL;
  }
}

/* Face rule (see the file header); NULL for an invalid type. */
const pf_face_rule *pf_fem_face_rule(pf_face_type type) {
  switch (type) {
    case PF_FACE_TRI3:
      return &face_rule_tri3;
    case PF_FACE_TRI6:
      return &face_rule_tri6;
    case PF_FACE_QUAD4:
      return &face_rule_quad4;
    default:
      return NULL;
  }
}

/* Shape functions of a solid type at xi (formulas in the file header). Not a hot path: the
 * element kernels read the tabulated rules. */
void pf_fem_shape(pf_elem_type type, const double xi[3], double *N, double (*dN)[3]) {
  const double r = xi[0], s = xi[1], t = xi[2];
  switch (type) {
    case PF_ELEM_TET4: {
      const double n[4] = TET4_N(r, s, t);
      const double d[4][3] = TET4_DN;
      for (int a = 0; a < 4; a++) {
        N[a] = n[a];
        for (int k = 0; k < 3; k++) dN[a][k] = d[a][k];
      }
      break;
    }
    case PF_ELEM_TET10: {
      const double n[10] = TET10_N_AT(r, s, t);
      const double d[10][3] = TET10_DN_AT(r, s, t);
      for (int a = 0; a < 10; a++) {
        N[a] = n[a];
        for (int k = 0; k < 3; k++) dN[a][k] = d[a][k];
      }
      break;
    }
    case PF_ELEM_HEX8: {
      const double n[8] = HEX8_N(r, s, t);
      const double d[8][3] = HEX8_DN(r, s, t);
      for (int a = 0; a < 8; a++) {
        N[a] = n[a];
        for (int k = 0; k < 3; k++) dN[a][k] = d[a][k];
      }
      break;
    }
    case PF_ELEM_TRUSS2:
      N[0] = 0.5 * (1.0 - r);
      N[1] = 0.5 * (1.0 + r);
      dN[0][0] = -0.5;
      dN[1][0] = 0.5;
      dN[0][1] = dN[0][2] = dN[1][1] = dN[1][2] = 0.0;
      break;
    default:
      break;
  }
}

/* Shape functions of a face type at xi (formulas in the file header). */
void pf_fem_face_shape(pf_face_type type, const double xi[2], double *N, double (*dN)[2]) {
  const double x = xi[0], y = xi[1];
  switch (type) {
    case PF_FACE_TRI3: {
      const double n[3] = TRI3_N(x, y);
      const double d[3][2] = TRI3_DN;
      for (int a = 0; a < 3; a++) {
        N[a] = n[a];
        dN[a][0] = d[a][0];
        dN[a][1] = d[a][1];
      }
      break;
    }
    case PF_FACE_TRI6: {
      const double n[6] = TRI6_N_AT(x, y);
      const double d[6][2] = TRI6_DN_AT(x, y);
      for (int a = 0; a < 6; a++) {
        N[a] = n[a];
        dN[a][0] = d[a][0];
        dN[a][1] = d[a][1];
      }
      break;
    }
    case PF_FACE_QUAD4: {
      const double n[4] = QUAD4_N(x, y);
      const double d[4][2] = QUAD4_DN(x, y);
      for (int a = 0; a < 4; a++) {
        N[a] = n[a];
        dN[a][0] = d[a][0];
        dN[a][1] = d[a][1];
      }
      break;
    }
    default:
      break;
  }
}
