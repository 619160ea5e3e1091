/*
 * Finite-element kernels: shape functions, quadrature, small-strain element matrices, consistent
 * loads on faces and volumes, and element quality.
 *
 * Conventions
 * - Node order as in mesh/pf_mesh.h (VTK/Abaqus). Element vectors are interleaved by node:
 *   [u0x u0y u0z u1x ...]; element matrices are row-major ndof x ndof with ndof = 3 * nnode.
 * - Voigt order xx yy zz xy yz xz. Inside the kernels strain vectors carry engineering shear
 *   (gamma = 2 eps); the *output* functions return tensor shear (eps_xy), as DESIGN.md stores it.
 * - Kernels never allocate; callers pass workspace of pf_fem_work_size() doubles where asked.
 */
#ifndef PF_FEM_H
#define PF_FEM_H

#include <math.h>

#include "core/pf_core.h"
#include "mesh/pf_mesh.h"

#define PF_MAX_NODES      10 /* nodes of the largest element (tet10) */
#define PF_MAX_QP         8  /* quadrature points of the largest default rule (hex8 2x2x2) */
#define PF_MAX_DOF        (3 * PF_MAX_NODES)
#define PF_MAX_FACE_NODES 6
#define PF_MAX_FACE_QP    7

/* A quadrature rule with the shape functions tabulated at its points. */
typedef struct {
  int nnode;                             /* nodes of the element */
  int nqp;                               /* points */
  double xi[PF_MAX_QP][3];               /* reference coordinates of the points */
  double w[PF_MAX_QP];                   /* weights (sum = reference volume) */
  double N[PF_MAX_QP][PF_MAX_NODES];     /* shape functions at the points */
  double dN[PF_MAX_QP][PF_MAX_NODES][3]; /* reference derivatives dN/dxi */
} pf_rule;

/* The default rule of a solid type: tet4 1 point, tet10 4 points (degree 2), hex8 2x2x2 Gauss.
 * Returns NULL for truss2. The tables are static const objects filled by the compiler (constant
 * expressions of the shape-function formulas): no run-time initialisation, safe from any thread.
 * Point q lies nearest node q (hex8) or corner q (tet10). */
const pf_rule *pf_fem_rule(pf_elem_type type);

/* Shape functions and reference derivatives of a solid type at xi. [out] N[nnode], dN[nnode][3].
 * (truss2: the linear 1-D functions of xi[0] in [-1, 1]; dN[a][1] = dN[a][2] = 0.) */
void pf_fem_shape(pf_elem_type type, const double xi[3], double *N, double (*dN)[3]);

/* A quadrature rule on a face type with its shape functions tabulated (reference triangle
 * xi, eta >= 0, xi + eta <= 1 of area 1/2; reference square [-1, 1]^2 of area 4). */
typedef struct {
  int nnode;                                       /* nodes of the face */
  int nqp;                                         /* points */
  double xi[PF_MAX_FACE_QP][2];                    /* reference coordinates of the points */
  double w[PF_MAX_FACE_QP];                        /* weights (sum = reference area) */
  double N[PF_MAX_FACE_QP][PF_MAX_FACE_NODES];     /* shape functions at the points */
  double dN[PF_MAX_FACE_QP][PF_MAX_FACE_NODES][2]; /* reference derivatives */
} pf_face_rule;

/* The rule used by the face kernels (and meant for contact): tri3 3 points (degree 2), tri6
 * 7 points (degree 5, Dunavant 1985), quad4 2x2 Gauss. Read-only compile-time tables. */
const pf_face_rule *pf_fem_face_rule(pf_face_type type);

/* Shape functions and reference derivatives of a face type at xi. [out] N[nnode], dN[nnode][2].
 * Node order tri3 0-2, tri6 0-2 + mid-edges 01 12 20, quad4 0-3 at (-1,-1) (1,-1) (1,1) (-1,1). */
void pf_fem_face_shape(pf_face_type type, const double xi[2], double *N, double (*dN)[2]);

/* Jacobian of the isoparametric map at a point: J[i][k] = dx_i/dxi_k = sum_a X[3a+i] dN[a][k].
 * [in] nnode, dN [nnode][3] reference derivatives at the point, X [nnode*3]; [out] J (may be
 * NULL). Returns det J. */
double pf_fem_jacobian(int nnode, const double (*dN)[3], const double *X, double J[3][3]);

/* Spatial derivatives at point q of rule: dN_dX[a][i] = dN_a/dX_i, returns detJ (reference ->
 * physical volume ratio; <= 0 for an inverted point). X: [nnode*3] element node coordinates. */
double pf_fem_gradients(const pf_rule *rule, int q, const double *X, double (*dN_dX)[3]);

/* Isotropic linear-elastic matrix D (6x6, row-major, Voigt with engineering shear). */
void pf_fem_isotropic_D(double E, double nu, double D[36]);

/* Small-strain stiffness of a solid element: Ke = sum_q B^T D B detJ w (exactly symmetric).
 * [in] type, X [nnode*3], D [36] (any symmetric 6x6); [out] Ke [ndof*ndof]; returns the minimum
 * detJ over the points (NaN for truss2). */
double pf_fem_solid_stiffness(pf_elem_type type, const double *X, const double D[36], double *Ke);

/* Element-average small strain and stress (tensor shear), and min over the points of
 * J = det(I + grad u). The average is the volume average sum_q eps_q detJ_q w_q / V.
 * [in] u [ndof] element displacements; [out] strain[6], stress[6], min_J (may be NULL). */
void pf_fem_solid_strain_stress(pf_elem_type type, const double *X, const double *u,
                                const double D[36], double strain[6], double stress[6],
                                double *min_J);

/* Consistent nodal forces of a body force b (force per reference volume, N/mm^3):
 * fe_a = sum_q N_a b detJ w. [out] fe [ndof] (overwritten). */
void pf_fem_body_force(pf_elem_type type, const double *X, const double b[3], double *fe);

/* Volume of a solid element (sum of detJ w). */
double pf_fem_volume(pf_elem_type type, const double *X);

/* Truss2: axial stiffness EA/L along the bar. [in] X [6], EA; [out] Ke [36]. */
void pf_fem_truss_stiffness(const double *X, double EA, double *Ke);
/* Truss2 axial strain (u2-u1).e/L and force EA*strain. */
void pf_fem_truss_strain(const double *X, const double *u, double EA, double *strain,
                         double *force);

/* Consistent nodal forces of a distributed load on a face: fe_a = int N_a (t - p n) dA, with n the
 * outward unit normal (right-hand rule over the corner order), p a pressure (positive pushes into
 * the surface) and t a traction vector (force per area). Uses pf_fem_face_rule: the pressure part
 * is exact on every face (curved tri6 and warped quad4 included), the traction part on flat faces;
 * on curved faces it is integrated to the rule's accuracy (7-point degree-5 rule on tri6).
 * [in] X [nface*3], t (NULL: no traction); [out] fe [3*nface] (overwritten). */
void pf_fem_face_load(pf_face_type type, const double *X, double p, const double t[3], double *fe);
/* Area of a face. */
double pf_fem_face_area(pf_face_type type, const double *X);
/* The area element |x_xi x x_eta| of a face at point q of its rule r (dA = w_q x this).
 * [in] X [nface*3]. */
double pf_fem_face_da(const pf_face_rule *r, int q, const double *X);

/* The quality measures of one element (pf_element_quality applies it to a block). hex8 has no
 * straight-sided counterpart: its jac_ratio is min detJ over corner, mid-edge and quadrature points
 * divided by the mean detJ (volume / 8), 1 for a parallelepiped. [in] type, X [nnode*3]; [out]
 * jac_ratio, shape (either may be NULL). */
void pf_fem_elem_quality(pf_elem_type type, const double *X, double *jac_ratio, double *shape);

/* Von Mises equivalent of a symmetric stress in Voigt order with tensor shear. */
static inline double pf_fem_von_mises(const double s[6]) {
  const double a = s[0] - s[1], b = s[1] - s[2], c = s[2] - s[0];
  return sqrt(0.5 * (a * a + b * b + c * c) + 3.0 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]));
}

/* Gathers the coordinates of element e of a block into X [nnode*3]. */
static inline void pf_fem_gather_X(const pf_mesh *mesh, pf_elem_type type, int64_t e, double *X) {
  const int nn = pf_elem_nodes(type);
  const int64_t *c = mesh->blocks[type].conn + e * nn;
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) X[3 * a + i] = mesh->x[3 * c[a] + i];
}

/* ---------------------------------------------------------------------------------------------
 * Finite strain, total Lagrangian (Bonet & Wood, Nonlinear Continuum Mechanics for Finite Element
 * Analysis, 2nd ed., ch. 8-9; mean dilatation: Simo, Taylor & Pister, CMAME 51 (1985) 177).
 * The kernels are independent of the constitutive law: they call it through pf_tl_material.
 * ------------------------------------------------------------------------------------------- */

/* A constitutive law as the element kernels see it (material/pf_material.h provides adapters):
 * stress(law, part, F, a0, S, Ct, W): S [6] (PK2, Voigt), Ct [36] = dS/dE (engineering-shear
 *   Voigt), W energy density; part 0 = the whole law, 1 = the isochoric part with fibres (split
 *   laws only); returns 0, or nonzero when F is not admissible (J <= 0). The kernels pass
 *   Ct = NULL when no tangent is wanted and W = NULL when no energy is (S is always wanted).
 * volumetric(law, J, U, dU, d2U): the volumetric energy of a split law and its derivatives. */
typedef struct {
  int (*stress)(const void *law, int part, const double F[9], const double a0[3], double S[6],
                double Ct[36], double *W);
  void (*volumetric)(const void *law, double J, double *U, double *dU, double *d2U);
  const void *law;
  int mean_dilatation; /* 1: three-field mean dilatation (tet10, hex8; tet4 ignores it) */
  const double *a0;    /* unit fibre direction in the reference configuration, or NULL */
} pf_tl_material;

/* What an element reports besides force and tangent. */
typedef struct {
  double min_J;    /* min of det F over the quadrature points (tet10: and its 4 corner and 6
                    * mid-edge nodes); 0 stands for a det F that is not a number */
  double theta;    /* mean dilatation v / V (the element's current over reference volume, both
                    * integrated with the element's rule), in both formulations */
  double pressure; /* hydrostatic Cauchy stress, positive in tension (Bonet & Wood's p):
                    * mean dilatation dU/dJ(theta); else the reference-volume average of
                    * tr(sigma) / 3 */
  double energy;   /* stored energy, N mm (mean dilatation: int W_iso dV + V U(theta)) */
  double volume;   /* reference volume, mm^3 */
} pf_tl_info;

/* Internal force fe [ndof] = int B(u)^T S dV and consistent tangent Ke [ndof*ndof] (material +
 * geometric; with mean dilatation the condensed, symmetric three-field form) of a solid element
 * with reference coordinates X and displacements u. Ke may be NULL (residual only); info may be
 * NULL. Returns 0, or -1 when det F <= 0 at some quadrature point (a tet10 node with det F <= 0
 * is reported in min_J, not rejected), the law rejects F or
 * returns a non-finite stress, or the reference map is inverted at a point (the caller cuts the
 * increment back); fe and Ke are then zero and info holds the true min_J, no NaN anywhere.
 * PF_ERR_INTERNAL for a non-solid type or mean_dilatation without m->volumetric (a caller bug).
 * Thread-safe, no allocation. Formulation and derivation: tl_solid.c. */
int pf_fem_tl_solid(pf_elem_type type, const double *X, const double *u, const pf_tl_material *m,
                    double *fe, double *Ke, pf_tl_info *info);

/* Element averages for output: Cauchy stress sigma [6] and logarithmic (Hencky) strain [6]
 * (tensor shear; volume averages over the reference element), the mean kinematic fibre strain
 * |F a0| - 1 (NaN without a0; the law's prestrain p is not applied: lambda_f - 1 =
 * (1 + p)(fibre_strain + 1) - 1), min det F as in pf_tl_info. fibre_strain and min_J may be
 * NULL. Returns 0 or -1 (inadmissible F: outputs zero, min_J the true minimum); PF_ERR_INTERNAL
 * as pf_fem_tl_solid. */
int pf_fem_tl_results(pf_elem_type type, const double *X, const double *u, const pf_tl_material *m,
                      double sigma[6], double strain[6], double *fibre_strain, double *min_J);

/* A truss at finite strain: axial force N(lambda) with lambda = (1 + prestrain) l / L, linear
 * N = EA (lambda - 1) in tension; tension_only: as lambda decreases to 1 the force goes smoothly
 * to 0 (a C1 quadratic ramp over reg_strain) and a residual stiffness reg_stiffness * EA keeps the
 * system regular (a slack bar carries at most that regularisation force). Precisely, with
 * eps = lambda - 1, w = reg_strain, k = reg_stiffness: N = EA [(1 - k) r(eps) + k eps] where r
 * smooths max(eps, 0) over 0 < eps < w: r = 0 for eps <= 0, eps^2 / (2 w) on the ramp,
 * eps - w / 2 beyond it. So N = k EA eps for lambda <= 1 (0 at the rest length) and
 * N = EA (eps - (1 - k) w / 2) for eps >= w (tl_truss.c). */
typedef struct {
  double EA;        /* N */
  double prestrain; /* stretch 1 + prestrain at zero displacement */
  int tension_only;
  double reg_strain;    /* ramp width (e.g. 1e-4) */
  double reg_stiffness; /* fraction of EA kept in compression (e.g. 1e-6) */
} pf_truss_law;

/* Truss internal force fe [6], tangent Ke [36] (material + geometric; may be NULL), axial force N
 * and stretch lambda (may be NULL). Returns 0, or -1 for a bar of zero current length. */
int pf_fem_tl_truss(const double *X, const double *u, const pf_truss_law *law, double *fe,
                    double *Ke, double *N, double *lambda);

#endif /* PF_FEM_H */
