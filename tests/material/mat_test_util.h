/*
 * Helpers for the material tests: materials built from in-memory description entries, small
 * 3x3 algebra, deterministic random deformations and rotations, the Cauchy stress from S, and
 * the closed-form principal Cauchy stresses of every law at a diagonal F, derived from W in
 * principal stretches (sigma_i = lambda_i / J dW/dlambda_i; Ogden, Non-Linear Elastic
 * Deformations, 1984, section 4.3) independently of the implementation's tensor path.
 */
#ifndef MAT_TEST_UTIL_H
#define MAT_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "material/pf_material.h"
#include "pf_test.h"

/* Creates material index of the n entries mats (a description holding only materials). */
static inline int mt_create(pf_context *ctx, pf_material_desc *mats, int n, int index,
                            pf_material *m) {
  pf_model_desc desc;
  memset(&desc, 0, sizeof(desc));
  desc.n_materials = n;
  desc.materials = mats;
  return pf_material_create(ctx, &desc, index, m);
}

/* A description entry with a name and a model; everything else 0 (not given). */
static inline pf_material_desc mt_entry(const char *name, pf_material_model model) {
  pf_material_desc d;
  memset(&d, 0, sizeof(d));
  d.name = (char *)name;
  d.model = model;
  d.loc.file = "test.yaml";
  d.loc.line = 1;
  d.matrix = -1;
  return d;
}

/* xorshift64*: deterministic uniform numbers in [-1, 1). */
static inline double mt_rand(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return (double)((*s * 2685821657736338717ull) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

static inline double mt_det(const double A[9]) {
  return A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) +
         A[2] * (A[3] * A[7] - A[4] * A[6]);
}

/* C = A B (3x3 row-major). */
static inline void mt_mul(const double A[9], const double B[9], double C[9]) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      double s = 0.0;
      for (int k = 0; k < 3; k++) s += A[3 * i + k] * B[3 * k + j];
      C[3 * i + j] = s;
    }
}

/* A random rotation (unit quaternion). */
static inline void mt_rotation(uint64_t *s, double R[9]) {
  double q[4], n = 0.0;
  for (int i = 0; i < 4; i++) {
    q[i] = mt_rand(s);
    n += q[i] * q[i];
  }
  n = sqrt(n);
  const double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
  const double r[9] = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
                       2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                       2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
  memcpy(R, r, sizeof(r));
}

/* A random deformation gradient I + amp * random with det F >= 0.3. */
static inline void mt_random_F(uint64_t *s, double amp, double F[9]) {
  do {
    for (int i = 0; i < 9; i++) F[i] = (i % 4 == 0) + amp * mt_rand(s);
  } while (mt_det(F) < 0.3);
}

/* F = R diag(l) Q^T (principal stretches l, rotations R, Q). */
static inline void mt_F_principal(const double l[3], const double R[9], const double Q[9],
                                  double F[9]) {
  double D[9] = {0}, T[9], Qt[9];
  for (int i = 0; i < 3; i++) D[4 * i] = l[i];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) Qt[3 * i + j] = Q[3 * j + i];
  mt_mul(R, D, T);
  mt_mul(T, Qt, F);
}

/* Full 3x3 from Voigt (xx yy zz xy yz xz) and back. */
static inline void mt_full(const double v[6], double A[9]) {
  const double a[9] = {v[0], v[3], v[5], v[3], v[1], v[4], v[5], v[4], v[2]};
  memcpy(A, a, sizeof(a));
}

/* Cauchy stress sigma = F S F^T / J (full 3x3). */
static inline void mt_cauchy(const double F[9], const double S[6], double sig[9]) {
  double Sf[9], T[9], Ft[9];
  mt_full(S, Sf);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) Ft[3 * i + j] = F[3 * j + i];
  mt_mul(F, Sf, T);
  mt_mul(T, Ft, sig);
  const double J = mt_det(F);
  for (int i = 0; i < 9; i++) sig[i] /= J;
}

/* Upper-triangular F with F^T F = C (Cholesky; C Voigt, positive definite). */
static inline void mt_F_from_C(const double C[6], double F[9]) {
  const double r00 = sqrt(C[0]), r01 = C[3] / r00, r02 = C[5] / r00;
  const double r11 = sqrt(C[1] - r01 * r01), r12 = (C[4] - r01 * r02) / r11;
  const double r22 = sqrt(C[2] - r02 * r02 - r12 * r12);
  const double R[9] = {r00, r01, r02, 0, r11, r12, 0, 0, r22};
  memcpy(F, R, sizeof(R));
}

static inline double mt_max_abs(int n, const double *a) {
  double m = 0.0;
  for (int i = 0; i < n; i++)
    if (fabs(a[i]) > m) m = fabs(a[i]);
  return m;
}

/* ---------------------------------------------------------------------------------------------
 * Closed forms from W in principal stretches (diagonal F = diag(l)); a0 along e1 or NULL.
 * ------------------------------------------------------------------------------------------- */

/* Bulk moduli of an entry as the documentation defines them: K = kappa or 2 / D1, K2 = 2 / D2. */
static inline void mt_bulk(const pf_material_desc *d, double *K, double *K2) {
  *K = d->kappa > 0 ? d->kappa : 2.0 / d->D1;
  *K2 = d->D2 > 0 ? 2.0 / d->D2 : 0.0;
}

/* dU/dJ: abaqus U = (J-1)^2/D1 + (J-1)^4/D2; log U = K/2 (ln J)^2. */
static inline double mt_dU(const pf_material_desc *d, double J) {
  double K, K2;
  mt_bulk(d, &K, &K2);
  if (d->volumetric == PF_VOL_LOG) return K * log(J) / J;
  return K * (J - 1.0) + 2.0 * K2 * pow(J - 1.0, 3.0);
}

/* Nominal fibre stress T(lambda) of the documented laws (0 for lambda <= 1). */
static inline double mt_fibre_T(const pf_material_desc *f, double l) {
  if (l <= 1.0) return 0.0;
  const double e = l - 1.0;
  switch (f->fibre_law) {
    case PF_FIBRE_LINEAR:
      return f->fibre_E * e;
    case PF_FIBRE_EXPONENTIAL:
      return f->fibre_k / (2.0 * f->fibre_alpha) * l * (exp(f->fibre_alpha * (l * l - 1.0)) - 1.0);
    case PF_FIBRE_TOE_LINEAR: {
      const double et = f->fibre_toe_strain;
      return e <= et ? f->fibre_E * e * e / (2.0 * et) : f->fibre_E * (e - et / 2.0);
    }
  }
  return NAN;
}

/* dW/dI1bar, dW/dI2bar of the invariant laws, from W as the documentation states it:
 * neo_hookean mu/2 (I1bar-3); mooney_rivlin C10 (I1bar-3) + C01 (I2bar-3); polynomial
 * sum_{i+j<=2} Cij (I1bar-3)^i (I2bar-3)^j. */
static inline void mt_W12(const pf_material_desc *d, double I1, double I2, double *W1, double *W2) {
  const double u = I1 - 3.0, v = I2 - 3.0;
  *W1 = *W2 = 0.0;
  if (d->model == PF_MAT_NEO_HOOKEAN) *W1 = d->mu > 0 ? d->mu / 2.0 : d->C10;
  if (d->model == PF_MAT_MOONEY_RIVLIN) *W1 = d->C10, *W2 = d->C01;
  if (d->model == PF_MAT_POLYNOMIAL) {
    *W1 = d->C10 + 2.0 * d->C20 * u + d->C11 * v;
    *W2 = d->C01 + d->C11 * u + 2.0 * d->C02 * v;
  }
}

/* Principal Cauchy stresses sig[3] of entry d (a hyperelastic law, or linear_elastic) at
 * F = diag(l); fibre: the fibre entry f along e1 (NULL: none). */
static inline void mt_sigma_principal(const pf_material_desc *d, const pf_material_desc *f,
                                      const double l[3], double sig[3]) {
  const double J = l[0] * l[1] * l[2];
  if (d->model == PF_MAT_LINEAR_ELASTIC) {
    const double lam = d->E * d->nu / ((1 + d->nu) * (1 - 2 * d->nu)),
                 mu = d->E / (2 * (1 + d->nu));
    double E[3], tr = 0.0;
    for (int i = 0; i < 3; i++) tr += (E[i] = 0.5 * (l[i] * l[i] - 1.0));
    for (int i = 0; i < 3; i++) sig[i] = l[i] * l[i] * (lam * tr + 2.0 * mu * E[i]) / J;
    return;
  }
  double lb[3];
  for (int i = 0; i < 3; i++) lb[i] = pow(J, -1.0 / 3.0) * l[i];
  const double dU = mt_dU(d, J);
  if (d->model == PF_MAT_OGDEN) {
    for (int i = 0; i < 3; i++) {
      double s = 0.0;
      for (int p = 0; p < d->n_ogden; p++) {
        const double a = d->ogden_alpha[p], mu = d->ogden_mu[p];
        const double mean = (pow(lb[0], a) + pow(lb[1], a) + pow(lb[2], a)) / 3.0;
        s += 2.0 * mu / a * (pow(lb[i], a) - mean);
      }
      sig[i] = s / J + dU;
    }
  } else {
    const double I1 = lb[0] * lb[0] + lb[1] * lb[1] + lb[2] * lb[2];
    const double I2 = lb[0] * lb[0] * lb[1] * lb[1] + lb[1] * lb[1] * lb[2] * lb[2] +
                      lb[0] * lb[0] * lb[2] * lb[2];
    double W1, W2;
    mt_W12(d, I1, I2, &W1, &W2);
    for (int i = 0; i < 3; i++) {
      const double b = lb[i] * lb[i];
      sig[i] =
          (W1 * (2.0 * b - 2.0 / 3.0 * I1) + W2 * (2.0 * b * (I1 - b) - 4.0 / 3.0 * I2)) / J + dU;
    }
  }
  if (f) {
    const double lf = (1.0 + f->prestrain) * l[0];
    sig[0] += lf * mt_fibre_T(f, lf) / J;
  }
}

/* Initial shear modulus of an entry (for scales). */
static inline double mt_mu0(const pf_material_desc *d) {
  switch (d->model) {
    case PF_MAT_LINEAR_ELASTIC:
      return d->E / (2 * (1 + d->nu));
    case PF_MAT_NEO_HOOKEAN:
      return d->mu > 0 ? d->mu : 2.0 * d->C10;
    case PF_MAT_OGDEN: {
      double s = 0.0;
      for (int p = 0; p < d->n_ogden; p++) s += d->ogden_mu[p];
      return s;
    }
    default:
      return 2.0 * (d->C10 + d->C01);
  }
}

#endif /* MAT_TEST_UTIL_H */
