/*
 * Material laws: resolution of a description entry into a pf_material, dispatch of an evaluation
 * to the law files, the volumetric energy of the split laws, small-strain moduli and the adapters
 * for the element kernels (fem/pf_fem.h). The formulas live in the law files; this file cites the
 * split and the volumetric term only.
 */
#include <math.h>
#include <string.h>

#include "material/material_impl.h"

static const char *model_name(pf_material_model model) {
  switch (model) {
    case PF_MAT_LINEAR_ELASTIC:
      return "linear_elastic";
    case PF_MAT_TRUSS:
      return "truss";
    case PF_MAT_NEO_HOOKEAN:
      return "neo_hookean";
    case PF_MAT_MOONEY_RIVLIN:
      return "mooney_rivlin";
    case PF_MAT_POLYNOMIAL:
      return "polynomial";
    case PF_MAT_OGDEN:
      return "ogden";
    case PF_MAT_FIBRE:
      return "fibre";
  }
  return "unknown";
}

static int is_split_iso(pf_material_model model) {
  return model == PF_MAT_NEO_HOOKEAN || model == PF_MAT_MOONEY_RIVLIN ||
         model == PF_MAT_POLYNOMIAL || model == PF_MAT_OGDEN;
}

#define MERR(d, ...) pf_error_at(ctx, &(d)->loc, __VA_ARGS__)

/* The isochoric law of entry d into m->matrix (d is the law itself or a fibre's matrix). */
static int resolve_iso(pf_context *ctx, const pf_material_desc *d, pf_material *m) {
  const char *name = d->name ? d->name : "?", *mn = model_name(d->model);
  m->matrix.model = d->model;
  switch (d->model) {
    case PF_MAT_NEO_HOOKEAN: {
      if (d->mu < 0.0 || d->C10 < 0.0)
        return MERR(d, "material '%s' (neo_hookean): mu and C10 must be > 0", name);
      if (d->mu > 0.0 && d->C10 > 0.0 && fabs(d->mu - 2.0 * d->C10) > 1e-12 * d->mu)
        return MERR(d,
                    "material '%s' (neo_hookean): mu = %g and C10 = %g disagree (C10 = mu / 2); "
                    "give one of them",
                    name, d->mu, d->C10);
      if (!(d->mu > 0.0) && !(d->C10 > 0.0))
        return MERR(d, "material '%s' (neo_hookean) needs mu (shear modulus, MPa) or C10 = mu/2",
                    name);
      if (d->C01 != 0.0 || d->C20 != 0.0 || d->C11 != 0.0 || d->C02 != 0.0)
        return MERR(d,
                    "material '%s' (neo_hookean) takes mu or C10 only (C01, C20, C11, C02 belong "
                    "to mooney_rivlin and polynomial)",
                    name);
      m->matrix.C10 = d->mu > 0.0 ? 0.5 * d->mu : d->C10;
      return 0;
    }
    case PF_MAT_MOONEY_RIVLIN:
    case PF_MAT_POLYNOMIAL:
      if (d->model == PF_MAT_MOONEY_RIVLIN && (d->C20 != 0.0 || d->C11 != 0.0 || d->C02 != 0.0))
        return MERR(
            d, "material '%s' (mooney_rivlin) takes C10 and C01 (C20, C11, C02: polynomial)", name);
      if (d->mu != 0.0)
        return MERR(d, "material '%s' (%s) is given by C10, C01, ... not mu", name, mn);
      if (!(d->C10 + d->C01 > 0.0))
        return MERR(d,
                    "material '%s' (%s): the initial shear modulus 2 (C10 + C01) = %g must be > 0",
                    name, mn, 2.0 * (d->C10 + d->C01));
      m->matrix.C10 = d->C10;
      m->matrix.C01 = d->C01;
      if (d->model == PF_MAT_POLYNOMIAL) {
        m->matrix.C20 = d->C20;
        m->matrix.C11 = d->C11;
        m->matrix.C02 = d->C02;
      }
      return 0;
    case PF_MAT_OGDEN: {
      if (d->n_ogden < 1 || d->n_ogden > 3)
        return MERR(d, "material '%s' (ogden): %d terms given, expected 1 to 3", name, d->n_ogden);
      double mu0 = 0.0;
      for (int p = 0; p < d->n_ogden; p++) {
        if (!(fabs(d->ogden_alpha[p]) > 0.0) || !isfinite(d->ogden_alpha[p]))
          return MERR(d, "material '%s' (ogden): alpha%d must be non-zero", name, p + 1);
        mu0 += d->ogden_mu[p];
      }
      if (!(mu0 > 0.0))
        return MERR(d,
                    "material '%s' (ogden): the initial shear modulus sum(mu_i) = %g must be > 0 "
                    "(Abaqus convention W = sum 2 mu_i/alpha_i^2 (...); parameters published for "
                    "W = sum mu_i/alpha_i (...) convert as mu_i -> mu_i alpha_i / 2)",
                    name, mu0);
      m->matrix.n_ogden = d->n_ogden;
      for (int p = 0; p < d->n_ogden; p++) {
        m->matrix.ogden_mu[p] = d->ogden_mu[p];
        m->matrix.ogden_alpha[p] = d->ogden_alpha[p];
      }
      return 0;
    }
    default:
      return MERR(d, "material '%s' (%s) is not a split hyperelastic law", name, mn);
  }
}

/* K, K2 and the volumetric form from entry d (or from fallback when d gives no bulk modulus). */
static int resolve_volumetric(pf_context *ctx, const pf_material_desc *d,
                              const pf_material_desc *fallback, pf_material *m) {
  const pf_material_desc *src = d;
  if (!(d->kappa > 0.0) && !(d->D1 > 0.0) && fallback &&
      (fallback->kappa > 0.0 || fallback->D1 > 0.0))
    src = fallback;
  const char *name = src->name ? src->name : "?";
  if (src->kappa < 0.0 || src->D1 < 0.0 || src->D2 < 0.0)
    return MERR(src, "material '%s': kappa, D1 and D2 must be > 0", name);
  /* The configuration fills both from the one given; they must agree. */
  if (src->kappa > 0.0 && src->D1 > 0.0 && fabs(src->kappa * src->D1 - 2.0) > 1e-12)
    return MERR(src, "material '%s': give kappa or D1 (= 2 / kappa), not both", name);
  if (!(src->kappa > 0.0) && !(src->D1 > 0.0))
    return MERR(src,
                "material '%s' needs a bulk modulus: kappa (MPa) or D1 = 2 / kappa (1/MPa; "
                "D1 = 0, incompressible, is not supported)",
                name);
  if (src->volumetric != PF_VOL_ABAQUS && src->volumetric != PF_VOL_LOG)
    return MERR(src, "material '%s': volumetric must be abaqus or log", name);
  m->volumetric = src->volumetric;
  m->K = src->kappa > 0.0 ? src->kappa : 2.0 / src->D1;
  m->K2 = 0.0;
  if (src->D2 > 0.0) {
    if (m->matrix.model != PF_MAT_POLYNOMIAL)
      return MERR(src, "material '%s': D2 is a polynomial-law parameter", name);
    if (m->volumetric == PF_VOL_LOG)
      return MERR(src,
                  "material '%s': D2 is not allowed with volumetric: log (U = K/2 (ln J)^2); use "
                  "volumetric: abaqus",
                  name);
    m->K2 = 2.0 / src->D2;
  }
  return 0;
}

/*
 * Resolves materials[index] of desc into m (see pf_material.h). K = kappa or 2 / D1 (exactly one
 * given; a fibre material takes them from its matrix entry, or from its own entry when the matrix
 * gives none); neo_hookean takes mu or C10 = mu / 2. m->matrix holds the isochoric law of every
 * split law (the law itself, or a fibre's matrix). [in] ctx, desc, index; [out] m. Returns 0, or
 * PF_ERR_INPUT at the entry's source location (a truss entry, which is not a solid law, is one).
 */
int pf_material_create(pf_context *ctx, const pf_model_desc *desc, int index, pf_material *m) {
  PF_CHECK(desc && m && index >= 0 && index < desc->n_materials, ctx, PF_ERR_INTERNAL,
           "pf_material_create: material index %d out of range", index);
  const pf_material_desc *d = &desc->materials[index];
  const char *name = d->name ? d->name : "?";
  memset(m, 0, sizeof(*m));
  m->model = d->model;
  switch (d->model) {
    case PF_MAT_LINEAR_ELASTIC:
      if (!(d->E > 0.0) || !(d->nu > -1.0 && d->nu < 0.5))
        return MERR(d, "material '%s' (linear_elastic): needs E > 0 and -1 < nu < 0.5", name);
      m->E = d->E;
      m->nu = d->nu;
      m->lambda = d->E * d->nu / ((1.0 + d->nu) * (1.0 - 2.0 * d->nu));
      m->mu = d->E / (2.0 * (1.0 + d->nu));
      return 0;
    case PF_MAT_TRUSS:
      return MERR(d,
                  "material '%s' (truss) is a bar law (2-node truss elements), not a solid "
                  "constitutive law",
                  name);
    case PF_MAT_NEO_HOOKEAN:
    case PF_MAT_MOONEY_RIVLIN:
    case PF_MAT_POLYNOMIAL:
    case PF_MAT_OGDEN:
      m->split = 1;
      PF_CALL(resolve_iso(ctx, d, m));
      PF_CALL(resolve_volumetric(ctx, d, NULL, m));
      break;
    case PF_MAT_FIBRE: {
      m->split = 1;
      if (d->matrix < 0 || d->matrix >= desc->n_materials || d->matrix == index)
        return MERR(d,
                    "material '%s' (fibre) needs a matrix law (matrix: {model: neo_hookean | "
                    "mooney_rivlin | polynomial | ogden, ...}); got matrix index %d",
                    name, d->matrix);
      const pf_material_desc *md = &desc->materials[d->matrix];
      if (!is_split_iso(md->model))
        return MERR(d,
                    "material '%s' (fibre): the matrix must be neo_hookean, mooney_rivlin, "
                    "polynomial or ogden (a split law), not %s",
                    name, model_name(md->model));
      PF_CALL(resolve_iso(ctx, md, m));
      PF_CALL(resolve_volumetric(ctx, md, d, m));
      if (!(d->prestrain > -1.0))
        return MERR(d, "material '%s' (fibre): prestrain must be > -1", name);
      m->fibre_law = d->fibre_law;
      m->fibre_prestrain = d->prestrain;
      switch (d->fibre_law) {
        case PF_FIBRE_LINEAR:
        case PF_FIBRE_TOE_LINEAR:
          if (!(d->fibre_E > 0.0))
            return MERR(d, "material '%s' (fibre): the fibre needs E > 0 (MPa)", name);
          if (d->fibre_law == PF_FIBRE_TOE_LINEAR && !(d->fibre_toe_strain > 0.0))
            return MERR(d, "material '%s' (fibre): toe_linear needs toe_strain > 0", name);
          m->fibre_E = d->fibre_E;
          m->fibre_toe_strain = d->fibre_toe_strain;
          break;
        case PF_FIBRE_EXPONENTIAL:
          if (!(d->fibre_k > 0.0) || !(d->fibre_alpha > 0.0))
            return MERR(d, "material '%s' (fibre): exponential needs k > 0 (MPa) and alpha > 0",
                        name);
          m->fibre_k = d->fibre_k;
          m->fibre_alpha = d->fibre_alpha;
          break;
        default:
          return MERR(d, "material '%s' (fibre): unknown fibre law %d", name, (int)d->fibre_law);
      }
      break;
    }
    default:
      return MERR(d, "material '%s': unknown model %d", name, (int)d->model);
  }
  /* the isochoric coefficients are also visible at the top level (reports, summaries) */
  m->C10 = m->matrix.C10;
  m->C01 = m->matrix.C01;
  m->C20 = m->matrix.C20;
  m->C11 = m->matrix.C11;
  m->C02 = m->matrix.C02;
  m->n_ogden = m->matrix.n_ogden;
  for (int p = 0; p < 3; p++) {
    m->ogden_mu[p] = m->matrix.ogden_mu[p];
    m->ogden_alpha[p] = m->matrix.ogden_alpha[p];
  }
  pf_material_moduli(m, &m->mu, NULL);
  return 0;
}

/*
 * S, Ct = dS/dE (engineering-shear Voigt) and W of part at F (pf_material.h). Split laws
 * (Holzapfel 2000, section 6.4; Simo & Hughes 1998, section 9.2): W = W_iso(Cbar) [+ fibre, full
 * F] + U(J); the volumetric part (Holzapfel 2000, section 6.6):
 *   S_vol = J U'(J) C^-1,  Ct_vol = J (U' + J U'') C^-1 (x) C^-1 - 2 J U' I_{C^-1}.
 * Returns 0; -1 with S, Ct, W zeroed when det F <= 0 (or not finite), when part is
 * PF_PART_ISOCHORIC for a law that is not split (linear_elastic), or for a truss entry.
 */
int pf_material_eval(const pf_material *m, pf_material_part part, const double F[9],
                     const double a0[3], double S[6], double Ct[36], double *W) {
  pf_mat_kin k;
  if (pf_mat_kinematics(F, &k) < 0 || (part == PF_PART_ISOCHORIC && !m->split) ||
      m->model == PF_MAT_TRUSS) {
    if (S) memset(S, 0, 6 * sizeof(double));
    if (Ct) memset(Ct, 0, 36 * sizeof(double));
    if (W) *W = 0.0;
    return -1;
  }
  if (m->model == PF_MAT_LINEAR_ELASTIC) {
    double Sl[6];
    pf_mat_svk(m, &k, Sl, Ct, W);
    if (S) memcpy(S, Sl, sizeof(Sl));
    return 0;
  }
  double Sl[6] = {0, 0, 0, 0, 0, 0}, Wl = 0.0;
  if (Ct) memset(Ct, 0, 36 * sizeof(double));
  if (m->matrix.model == PF_MAT_OGDEN) {
    pf_mat_ogden_iso(m, &k, Sl, Ct, &Wl);
  } else {
    const double I1b = k.Jm23 * k.I1, I2b = k.Jm23 * k.Jm23 * k.I2;
    pf_mat_psi psi;
    if (m->matrix.model == PF_MAT_NEO_HOOKEAN)
      pf_mat_neo_hookean_psi(m, I1b, I2b, &psi);
    else if (m->matrix.model == PF_MAT_MOONEY_RIVLIN)
      pf_mat_mooney_rivlin_psi(m, I1b, I2b, &psi);
    else
      pf_mat_polynomial_psi(m, I1b, I2b, &psi);
    pf_mat_invariant_stress(&k, &psi, Sl, Ct);
    Wl = psi.W;
  }
  if (m->model == PF_MAT_FIBRE && a0) pf_mat_fibre_add(m, &k, a0, Sl, Ct, &Wl);
  if (part == PF_PART_FULL) {
    double U, dU, d2U;
    pf_material_volumetric(m, k.J, &U, &dU, &d2U);
    const double p = k.J * dU;
    for (int v = 0; v < 6; v++) Sl[v] += p * k.Ci[v];
    Wl += U;
    if (Ct) {
      const double c = k.J * (dU + k.J * d2U);
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) Ct[6 * i + j] += c * k.Ci[i] * k.Ci[j];
      pf_mat_add_sym_product(-2.0 * p, k.Ci, Ct);
    }
  }
  if (S) memcpy(S, Sl, sizeof(Sl));
  if (W) *W = Wl;
  return 0;
}

/*
 * U(J) and its derivatives (pf_model.h, pf_volumetric):
 *   abaqus: U = K/2 (J-1)^2 + K2/2 (J-1)^4  (= (J-1)^2/D1 + (J-1)^4/D2, Abaqus Theory Manual
 *           4.6.1): the pressure -U' = K (1 - J) + ... tends to K = 2/D1 as J -> 0 (with D2 = 0),
 *           a finite cap on hydrostatic compression;
 *   log:    U = K/2 (ln J)^2 (the Hencky-type term; Simo & Hughes, Computational Inelasticity,
 *           1998, ch. 9; Doll & Schweizerhof, J. Appl. Mech. 67 (2000) 17, who compare the
 *           volumetric functions): the pressure -K ln J / J grows without bound as J -> 0.
 * Both have U(1) = U'(1) = 0 and U''(1) = K. Laws that are not split give zeros. J > 0.
 */
void pf_material_volumetric(const pf_material *m, double J, double *U, double *dU, double *d2U) {
  double u = 0.0, du = 0.0, d2u = 0.0;
  if (m->split) {
    if (m->volumetric == PF_VOL_LOG) {
      const double l = log(J);
      u = 0.5 * m->K * l * l;
      du = m->K * l / J;
      d2u = m->K * (1.0 - l) / (J * J);
    } else {
      const double d = J - 1.0, d2 = d * d;
      u = 0.5 * m->K * d2 + 0.5 * m->K2 * d2 * d2;
      du = m->K * d + 2.0 * m->K2 * d2 * d;
      d2u = m->K + 6.0 * m->K2 * d2;
    }
  }
  if (U) *U = u;
  if (dU) *dU = du;
  if (d2U) *d2U = d2u;
}

/*
 * Small-strain shear modulus mu0 and bulk modulus K0: linear_elastic mu, lambda + 2 mu / 3;
 * neo_hookean 2 C10; mooney_rivlin and polynomial 2 (C10 + C01); ogden sum mu_i; fibre: those of
 * its matrix (the fibre adds nothing at zero strain); split laws K0 = K. Either output may be
 * NULL.
 */
void pf_material_moduli(const pf_material *m, double *mu0, double *K0) {
  double mu = 0.0, K = 0.0;
  if (m->model == PF_MAT_LINEAR_ELASTIC) {
    mu = m->E / (2.0 * (1.0 + m->nu));
    K = m->E / (3.0 * (1.0 - 2.0 * m->nu));
  } else if (m->split) {
    if (m->matrix.model == PF_MAT_OGDEN)
      for (int p = 0; p < m->matrix.n_ogden; p++) mu += m->matrix.ogden_mu[p];
    else
      mu = 2.0 * (m->matrix.C10 + m->matrix.C01);
    K = m->K;
  }
  if (mu0) *mu0 = mu;
  if (K0) *K0 = K;
}

/* lambda_f = (1 + prestrain) |F a0| for a fibre material with a direction; 1 otherwise. */
double pf_material_fibre_stretch(const pf_material *m, const double F[9], const double a0[3]) {
  if (m->model != PF_MAT_FIBRE || !a0) return 1.0;
  double n2 = 0.0;
  for (int i = 0; i < 3; i++) {
    const double x = F[3 * i] * a0[0] + F[3 * i + 1] * a0[1] + F[3 * i + 2] * a0[2];
    n2 += x * x;
  }
  return (1.0 + m->fibre_prestrain) * sqrt(n2);
}

/* Adapters for pf_tl_material (fem/pf_fem.h): law is a const pf_material *; part 0 = full,
 * 1 = isochoric. Same returns as pf_material_eval / pf_material_volumetric. */
int pf_material_eval_cb(const void *law, int part, const double F[9], const double a0[3],
                        double S[6], double Ct[36], double *W) {
  return pf_material_eval((const pf_material *)law, part ? PF_PART_ISOCHORIC : PF_PART_FULL, F, a0,
                          S, Ct, W);
}

void pf_material_volumetric_cb(const void *law, double J, double *U, double *dU, double *d2U) {
  pf_material_volumetric((const pf_material *)law, J, U, dU, d2U);
}
