/*
 * The laws every material test runs through: one parameter set per law and volumetric option,
 * the published sets of literature.md (Cheung's polynomial soft tissue, Natali's fascia, an Ogden
 * skin), and fibre materials over each matrix family and fibre law, with and without prestrain.
 */
#ifndef MAT_LAWS_H
#define MAT_LAWS_H

#include "mat_test_util.h"

typedef struct {
  const char *label;
  pf_material_desc d[2]; /* d[index]: the law; a fibre material's matrix is d[0] */
  int n, index;
  int fibre;
} mt_law;

enum { MT_NLAWS = 15 };

/* Cheung et al. 2005 encapsulated soft tissue (literature.md a.2): polynomial N = 2. */
static inline void mt_cheung(pf_material_desc *d) {
  d->C10 = 0.08556;
  d->C01 = -0.05841;
  d->C20 = 0.03900;
  d->C11 = -0.02319;
  d->C02 = 0.00851;
  d->D1 = 3.65273;
}

static inline mt_law mt_single(const char *label, pf_material_desc d) {
  mt_law L;
  memset(&L, 0, sizeof(L));
  L.label = label;
  L.d[0] = d;
  L.n = 1;
  return L;
}

static inline mt_law mt_fibre(const char *label, pf_material_desc matrix, pf_fibre_law law,
                              double E_or_k, double alpha_or_toe, double prestrain) {
  mt_law L;
  memset(&L, 0, sizeof(L));
  L.label = label;
  L.d[0] = matrix;
  L.d[1] = mt_entry("fibre", PF_MAT_FIBRE);
  L.d[1].matrix = 0;
  L.d[1].fibre_law = law;
  L.d[1].prestrain = prestrain;
  if (law == PF_FIBRE_EXPONENTIAL) {
    L.d[1].fibre_k = E_or_k;
    L.d[1].fibre_alpha = alpha_or_toe;
  } else {
    L.d[1].fibre_E = E_or_k;
    L.d[1].fibre_toe_strain = alpha_or_toe;
  }
  L.n = 2;
  L.index = 1;
  L.fibre = 1;
  return L;
}

static inline void mt_law_table(mt_law L[MT_NLAWS]) {
  pf_material_desc d;
  int n = 0;
  d = mt_entry("svk", PF_MAT_LINEAR_ELASTIC);
  d.E = 10.0, d.nu = 0.3;
  L[n++] = mt_single("linear_elastic (SVK)", d);

  d = mt_entry("nh", PF_MAT_NEO_HOOKEAN);
  d.mu = 1.0, d.kappa = 20.0;
  L[n++] = mt_single("neo_hookean abaqus", d);

  d = mt_entry("nh_log", PF_MAT_NEO_HOOKEAN);
  d.C10 = 0.5, d.D1 = 0.1, d.volumetric = PF_VOL_LOG;
  L[n++] = mt_single("neo_hookean (C10, D1) log", d);

  d = mt_entry("mr", PF_MAT_MOONEY_RIVLIN);
  d.C10 = 0.3, d.C01 = 0.1, d.D1 = 0.1;
  L[n++] = mt_single("mooney_rivlin abaqus", d);

  d = mt_entry("cheung", PF_MAT_POLYNOMIAL);
  mt_cheung(&d);
  L[n++] = mt_single("polynomial Cheung abaqus", d);

  d.volumetric = PF_VOL_LOG;
  L[n++] = mt_single("polynomial Cheung log", d);

  d = mt_entry("poly_d2", PF_MAT_POLYNOMIAL);
  d.C10 = 0.3, d.C01 = 0.05, d.C20 = 0.02, d.C11 = -0.01, d.C02 = 0.005, d.D1 = 0.1, d.D2 = 0.5;
  L[n++] = mt_single("polynomial with D2 abaqus", d);

  d = mt_entry("skin", PF_MAT_OGDEN);
  d.n_ogden = 1, d.ogden_mu[0] = 0.122, d.ogden_alpha[0] = 18.0, d.kappa = 5.0;
  L[n++] = mt_single("ogden N=1 alpha 18 abaqus", d);

  d = mt_entry("ogden3", PF_MAT_OGDEN);
  d.n_ogden = 3, d.kappa = 10.0, d.volumetric = PF_VOL_LOG;
  d.ogden_mu[0] = 0.4, d.ogden_alpha[0] = 1.3;
  d.ogden_mu[1] = 0.002, d.ogden_alpha[1] = 5.0;
  d.ogden_mu[2] = -0.01, d.ogden_alpha[2] = -2.0;
  L[n++] = mt_single("ogden N=3 log", d);

  d = mt_entry("ogden2", PF_MAT_OGDEN);
  d.n_ogden = 1, d.ogden_mu[0] = 1.0, d.ogden_alpha[0] = 2.0, d.kappa = 20.0;
  L[n++] = mt_single("ogden N=1 alpha 2 (= neo_hookean)", d);

  pf_material_desc nh = mt_entry("natali.matrix", PF_MAT_NEO_HOOKEAN);
  nh.mu = 14.449, nh.kappa = 500.0;
  L[n++] = mt_fibre("fibre exponential (Natali) on neo_hookean", nh, PF_FIBRE_EXPONENTIAL, 254.02,
                    10.397, 0.0);

  pf_material_desc mr = mt_entry("mr.matrix", PF_MAT_MOONEY_RIVLIN);
  mr.C10 = 0.3, mr.C01 = 0.1, mr.D1 = 0.1;
  L[n++] = mt_fibre("fibre linear prestrain 0.02 on mooney_rivlin", mr, PF_FIBRE_LINEAR, 350.0, 0.0,
                    0.02);

  pf_material_desc og = mt_entry("og.matrix", PF_MAT_OGDEN);
  og.n_ogden = 2, og.kappa = 10.0;
  og.ogden_mu[0] = 0.5, og.ogden_alpha[0] = 3.0;
  og.ogden_mu[1] = 0.1, og.ogden_alpha[1] = -4.0;
  L[n++] = mt_fibre("fibre toe_linear prestrain 0.01 on ogden N=2", og, PF_FIBRE_TOE_LINEAR, 72.0,
                    0.03, 0.01);

  pf_material_desc ch = mt_entry("cheung.matrix", PF_MAT_POLYNOMIAL);
  mt_cheung(&ch);
  L[n++] = mt_fibre("fibre exponential prestrain -0.01 on polynomial", ch, PF_FIBRE_EXPONENTIAL,
                    20.0, 5.0, -0.01);

  pf_material_desc nl = mt_entry("nhlog.matrix", PF_MAT_NEO_HOOKEAN);
  nl.mu = 1.0, nl.kappa = 50.0, nl.volumetric = PF_VOL_LOG;
  L[n++] =
      mt_fibre("fibre toe_linear on neo_hookean log", nl, PF_FIBRE_TOE_LINEAR, 40.0, 0.05, 0.0);
}

/* Creates law L into m; returns its status. */
static inline int mt_law_create(pf_context *ctx, mt_law *L, pf_material *m) {
  return mt_create(ctx, L->d, L->n, L->index, m);
}

#endif /* MAT_LAWS_H */
