/*
 * Constitutive laws at a material point: the second Piola-Kirchhoff stress S and the material
 * tangent dS/dE from the deformation gradient F, one file per law, each citing its formula.
 *
 * Conventions
 * - F is row-major 3x3 (F[3*i + j] = dx_i/dX_j). Voigt order xx yy zz xy yz xz; S[6] holds the
 *   tensor components; the tangent Ct[36] (row-major 6x6, symmetric) maps the Voigt Green strain
 *   with engineering shear [E11 E22 E33 2E12 2E23 2E13] to S, i.e. dS = Ct dE, as the small-strain
 *   D of fem/pf_fem.h.
 * - Split laws W = W_iso(Cbar) + U(J) (Cbar = J^(-2/3) C) expose the isochoric part alone
 *   (PF_PART_ISOCHORIC, fibres included, with the full F) for the mean-dilatation element, which
 *   evaluates U on the element's mean dilatation instead of the point's J.
 * - Laws never allocate and have no state: they are called from OpenMP loops.
 */
#ifndef PF_MATERIAL_H
#define PF_MATERIAL_H

#include "analysis/pf_model.h"
#include "core/pf_core.h"

/* Which part of a law to evaluate. */
typedef enum {
  PF_PART_FULL = 0,      /* the whole energy */
  PF_PART_ISOCHORIC = 1, /* split laws: W_iso(Cbar) plus the fibre term (full F); no U(J) */
} pf_material_part;

/* A law with its parameters resolved (K from kappa or 2 / D1, defaults filled). Plain data: it
 * may be copied and shared between threads. */
typedef struct pf_material_s {
  pf_material_model model;
  pf_volumetric volumetric;
  int split;                      /* 1 when W = W_iso(Cbar) + U(J) */
  double E, nu, lambda, mu;       /* linear_elastic (St Venant-Kirchhoff at finite strain) */
  double C10, C01, C20, C11, C02; /* neo_hookean (C10 = mu / 2), mooney_rivlin, polynomial */
  double K, K2; /* volumetric: K = 2 / D1 (kappa), K2 = 2 / D2 (polynomial, 0 if none) */
  int n_ogden;
  double ogden_mu[3], ogden_alpha[3];
  /* fibre-reinforced: the matrix law's parameters are copied in matrix_* (a split law) */
  struct {
    pf_material_model model;
    double C10, C01, C20, C11, C02;
    int n_ogden;
    double ogden_mu[3], ogden_alpha[3];
  } matrix;
  pf_fibre_law fibre_law;
  double fibre_E, fibre_k, fibre_alpha, fibre_toe_strain, fibre_prestrain;
} pf_material;

/* Resolves material index of desc into m (the matrix of a fibre material included). Errors
 * (PF_ERR_INPUT at the material's location) for combinations the law cannot take (a log
 * volumetric term with D2, a fibre matrix that is not a split law, ...). */
int pf_material_create(pf_context *ctx, const pf_model_desc *desc, int index, pf_material *m);

/* S [6] and Ct [36] (either may be NULL) and the energy density W (may be NULL) of part at F.
 * a0: the unit fibre direction in the reference configuration (fibre laws; NULL otherwise).
 * Returns 0, or -1 when F is not admissible (J <= 0: the caller cuts the increment back). */
int pf_material_eval(const pf_material *m, pf_material_part part, const double F[9],
                     const double a0[3], double S[6], double Ct[36], double *W);

/* The volumetric function of a split law: U(J), dU/dJ, d2U/dJ2 (any may be NULL). J > 0. */
void pf_material_volumetric(const pf_material *m, double J, double *U, double *dU, double *d2U);

/* Small-strain shear and bulk moduli (for penalty scales, stable increments, reports). */
void pf_material_moduli(const pf_material *m, double *mu0, double *K0);

/* The fibre stretch lambda_f = (1 + prestrain) |F a0| of a fibre law (1 for other laws). */
double pf_material_fibre_stretch(const pf_material *m, const double F[9], const double a0[3]);

/* Adapters with the signatures of the element kernels' law callbacks (fem/pf_fem.h): law is a
 * const pf_material *. */
int pf_material_eval_cb(const void *law, int part, const double F[9], const double a0[3],
                        double S[6], double Ct[36], double *W);
void pf_material_volumetric_cb(const void *law, double J, double *U, double *dU, double *d2U);

#endif /* PF_MATERIAL_H */
