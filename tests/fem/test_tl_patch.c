/*
 * Patch tests at finite strain (Irons' patch test for the total-Lagrangian kernels): a homogeneous
 * deformation x = F X + c (F finite: stretches 1.35, 0.7, 1.2 with rotations) applied to
 * - single elements: tet4, tet10 straight and curved, hex8 with planar faces and warped;
 * - small meshes: 2 x 2 x 1 boxes of tet4 (Kuhn), tet10 and hex8 with perturbed interior nodes;
 * in the displacement and the mean-dilatation formulations. Checks
 * - the law is called at every point with F itself (1e-12 relative), hence returns its exact S;
 * - fe = int B^T S dV equals the boundary tractions: fe_a = sum_faces int N_a P N dA with
 *   P = F S constant (divergence theorem; reference faces and normals), computed with
 *   pf_fem_face_load (traction P N on flat faces; on warped hex8 faces P int N_a N dA by the
 *   pressure route, exact there), to 1e-10 of the largest entry. Curved tet10 is excluded from
 *   this part (int G_a dV has degree 3, the rule degree 2), as in test_fem_patch;
 * - mean dilatation: theta = J and pressure = U'(J) (1e-12), the force equal to the
 *   displacement formulation's (1e-12), the energy V W(F) in both (1e-12);
 * - meshes: the assembled force vanishes at interior nodes and equals the assembled face loads
 *   of the six box faces (1e-10 of the largest entry).
 */
#include "mesh/pf_mesh.h"
#include "pf_test.h"
#include "test_tl_util.h"
#include "testmesh.h"

/* A law that records the largest deviation of the F it is given from an expected F. */
typedef struct {
  const tl_law *base;
  double F[9];
  double max_dev;
  int calls;
} rec_law;

static int rec_stress(const void *law, int part, const double F[9], const double a0[3], double S[6],
                      double Ct[36], double *W) {
  rec_law *r = (rec_law *)(uintptr_t)law; /* test-only recorder: the object is not const */
  for (int t = 0; t < 9; t++) r->max_dev = fmax(r->max_dev, fabs(F[t] - r->F[t]));
  r->calls++;
  return tl_stress(r->base, part, F, a0, S, Ct, W);
}
static void rec_volumetric(const void *law, double J, double *U, double *dU, double *d2U) {
  tl_volumetric(((const rec_law *)law)->base, J, U, dU, d2U);
}

static const double a0[3] = {0.6, -0.48, 0.64};
static const double cshift[3] = {0.3, -1.2, 2.5};

static void patch_F(double *F) {
  unsigned long long seed = 5;
  const double l[3] = {1.35, 0.7, 1.2};
  tl_random_F(l, &seed, F);
}

/* P = F S(F) of the full law, as a row-major 3x3. */
static void first_pk(const tl_law *L, const double *F, double *P) {
  double S[6];
  tl_stress(L, 0, F, a0, S, NULL, NULL);
  const double Sm[9] = {S[0], S[3], S[5], S[3], S[1], S[4], S[5], S[4], S[2]};
  tl_matmul(F, Sm, P);
}

/* Unit right-hand normal of a flat face from its corners (as in test_fem_patch). */
static void flat_normal(pf_face_type ft, const double *Xf, double n[3]) {
  double a[3], b[3];
  for (int i = 0; i < 3; i++) {
    a[i] = ft == PF_FACE_QUAD4 ? Xf[6 + i] - Xf[i] : Xf[3 + i] - Xf[i];
    b[i] = ft == PF_FACE_QUAD4 ? Xf[9 + i] - Xf[3 + i] : Xf[6 + i] - Xf[i];
  }
  n[0] = a[1] * b[2] - a[2] * b[1];
  n[1] = a[2] * b[0] - a[0] * b[2];
  n[2] = a[0] * b[1] - a[1] * b[0];
  const double l = ft_norm(3, n);
  for (int i = 0; i < 3; i++) n[i] /= l;
}

/* fb_a = sum_faces int N_a P N dA over the element's faces. warped: the pressure route. */
static void face_forces(pf_elem_type type, const double *X, const double *P, int warped,
                        double *fb) {
  for (int k = 0; k < 3 * pf_elem_nodes(type); k++) fb[k] = 0.0;
  for (int f = 0; f < pf_elem_num_faces(type); f++) {
    const pf_face_type ft = pf_elem_face_type(type, f);
    const int *loc = pf_elem_face_local(type, f);
    const int nf = pf_face_nodes(ft);
    double Xf[3 * PF_MAX_FACE_NODES], g[3 * PF_MAX_FACE_NODES];
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) Xf[3 * a + i] = X[3 * loc[a] + i];
    if (!warped) {
      double n[3], t[3];
      flat_normal(ft, Xf, n);
      for (int i = 0; i < 3; i++)
        t[i] = P[3 * i] * n[0] + P[3 * i + 1] * n[1] + P[3 * i + 2] * n[2];
      pf_fem_face_load(ft, Xf, 0.0, t, g);
    } else {
      double gn[3 * PF_MAX_FACE_NODES];
      pf_fem_face_load(ft, Xf, -1.0, NULL, gn); /* int N_a N dA */
      for (int a = 0; a < nf; a++)
        for (int i = 0; i < 3; i++)
          g[3 * a + i] =
              P[3 * i] * gn[3 * a] + P[3 * i + 1] * gn[3 * a + 1] + P[3 * i + 2] * gn[3 * a + 2];
    }
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) fb[3 * loc[a] + i] += g[3 * a + i];
  }
}

static double max_diff(int n, const double *a, const double *b) {
  double d = 0.0;
  for (int k = 0; k < n; k++) d = fmax(d, fabs(a[k] - b[k]));
  return d;
}

/* mode: 0 F only (curved tet10), 1 flat faces, 2 warped faces. */
static void single(const char *name, pf_elem_type type, const double *X, int mode) {
  const tl_law base = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  const int nn = pf_elem_nodes(type), nd = 3 * nn, nq = pf_fem_rule(type)->nqp;
  double F[9], u[PF_MAX_DOF], P[9];
  patch_F(F);
  tl_homogeneous_u(nn, X, F, cshift, u);
  first_pk(&base, F, P);
  const double J = tl_det(F), V = pf_fem_volume(type, X);
  double W, S[6], dU;
  tl_stress(&base, 0, F, a0, S, NULL, &W);
  tl_volumetric(&base, J, NULL, &dU, NULL);
  double fe[2][PF_MAX_DOF];
  for (int form = 0; form < 2; form++) {
    rec_law rec = {&base, {0}, 0.0, 0};
    memcpy(rec.F, F, sizeof(rec.F));
    const pf_tl_material m = {rec_stress, rec_volumetric, &rec, form, a0};
    pf_tl_info info;
    const int rc = pf_fem_tl_solid(type, X, u, &m, fe[form], NULL, &info);
    PF_EXPECT(rc == 0, "%s form %d: rc %d", name, form, rc);
    PF_EXPECT(rec.calls == nq && rec.max_dev <= 1e-12 * ft_max_abs(9, F),
              "%s form %d: law saw F off by %g (%d calls)", name, form, rec.max_dev, rec.calls);
    PF_EXPECT_REL(info.volume, V, 1e-13);
    PF_EXPECT_REL(info.theta, J, 1e-12);
    PF_EXPECT_REL(info.min_J, J, 1e-12);
    PF_EXPECT_REL(info.energy, V * W, 1e-12);
    if (form == 1 && type != PF_ELEM_TET4) PF_EXPECT_REL(info.pressure, dU, 1e-12);
    if (form == 0) { /* tr(sigma)/3 of the full law */
      PF_EXPECT_REL(info.pressure,
                    (P[0] * F[0] + P[1] * F[1] + P[2] * F[2] + P[3] * F[3] + P[4] * F[4] +
                     P[5] * F[5] + P[6] * F[6] + P[7] * F[7] + P[8] * F[8]) /
                        (3.0 * J),
                    1e-12);
    }
  }
  const double s = ft_max_abs(nd, fe[0]);
  const double dmd = max_diff(nd, fe[0], fe[1]);
  PF_EXPECT(dmd <= 1e-12 * s, "%s: mean dilatation vs displacement force %g", name, dmd / s);
  double rel = 0.0;
  if (mode) {
    double fb[PF_MAX_DOF];
    face_forces(type, X, P, mode == 2, fb);
    for (int form = 0; form < 2; form++) {
      const double d = max_diff(nd, fe[form], fb);
      PF_EXPECT(d <= 1e-10 * s, "%s form %d: |fe - face tractions| / max = %g", name, form, d / s);
      rel = fmax(rel, d / s);
    }
  }
  printf("%-22s F exact at every point; MD vs displ %.1e; fe vs int N P N dA %.1e\n", name, dmd / s,
         rel);
}

/* A 2 x 2 x 1 box mesh (perturbed interior), assembled. */
static void mesh_patch(pf_elem_type type) {
  const tl_law base = {TL_NEO, 1.0, 10.0, 5.0, 0, 0.0};
  pf_context *ctx;
  pf_context_create(&ctx);
  pf_mesh *mesh = NULL;
  const int n[3] = {2, 2, 2};
  const double L[3] = {2.0, 1.5, 1.0};
  tm_box(ctx, type, n, L, 0.25, 11, &mesh);
  const int64_t nn = mesh->n_nodes;
  double *u = calloc((size_t)(3 * nn), sizeof(double));
  double *f[2] = {calloc((size_t)(3 * nn), sizeof(double)),
                  calloc((size_t)(3 * nn), sizeof(double))};
  double *fb = calloc((size_t)(3 * nn), sizeof(double));
  double F[9], P[9];
  patch_F(F);
  first_pk(&base, F, P);
  tl_homogeneous_u((int)nn, mesh->x, F, cshift, u);
  const pf_elem_block *blk = &mesh->blocks[type];
  const int en = pf_elem_nodes(type);
  int bad = 0;
  for (int form = 0; form < 2; form++) {
    const pf_tl_material m = tl_material(&base, form, a0);
    for (int64_t e = 0; e < blk->count; e++) {
      double X[3 * PF_MAX_NODES], ue[PF_MAX_DOF], fe[PF_MAX_DOF];
      pf_fem_gather_X(mesh, type, e, X);
      const int64_t *c = blk->conn + e * en;
      for (int a = 0; a < en; a++)
        for (int i = 0; i < 3; i++) ue[3 * a + i] = u[3 * c[a] + i];
      if (pf_fem_tl_solid(type, X, ue, &m, fe, NULL, NULL) != 0) bad++;
      for (int a = 0; a < en; a++)
        for (int i = 0; i < 3; i++) f[form][3 * c[a] + i] += fe[3 * a + i];
    }
  }
  PF_EXPECT(bad == 0, "%s mesh: %d elements rejected", pf_elem_name(type), bad);
  static const char *faces[6] = {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"};
  static const double normal[6][3] = {{-1, 0, 0}, {1, 0, 0},  {0, -1, 0},
                                      {0, 1, 0},  {0, 0, -1}, {0, 0, 1}};
  for (int s = 0; s < 6; s++) {
    const int id = pf_mesh_find_surface(mesh, faces[s]);
    PF_EXPECT(id >= 0, "surface %s missing", faces[s]);
    if (id < 0) continue;
    const pf_surface *sf = &mesh->surfaces[id];
    double t[3];
    for (int i = 0; i < 3; i++)
      t[i] = P[3 * i] * normal[s][0] + P[3 * i + 1] * normal[s][1] + P[3 * i + 2] * normal[s][2];
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const int fn = pf_face_nodes((pf_face_type)ft);
      for (int64_t k = 0; k < sf->count[ft]; k++) {
        const int64_t *c = sf->conn[ft] + k * fn;
        double Xf[3 * PF_MAX_FACE_NODES], g[3 * PF_MAX_FACE_NODES];
        for (int a = 0; a < fn; a++)
          for (int i = 0; i < 3; i++) Xf[3 * a + i] = mesh->x[3 * c[a] + i];
        pf_fem_face_load((pf_face_type)ft, Xf, 0.0, t, g);
        for (int a = 0; a < fn; a++)
          for (int i = 0; i < 3; i++) fb[3 * c[a] + i] += g[3 * a + i];
      }
    }
  }
  for (int form = 0; form < 2; form++) {
    const double s = ft_max_abs((int)(3 * nn), f[form]);
    const double d = max_diff((int)(3 * nn), f[form], fb);
    PF_EXPECT(d <= 1e-10 * s, "%s mesh form %d: |f - face loads| / max = %g", pf_elem_name(type),
              form, d / s);
    printf("%-6s mesh (%lld elements) %s: |f - face loads| / max = %.1e\n", pf_elem_name(type),
           (long long)blk->count, form ? "mean-dil" : "displ   ", d / s);
  }
  free(u);
  free(f[0]);
  free(f[1]);
  free(fb);
  pf_mesh_destroy(&mesh);
  pf_context_destroy(&ctx);
}

int main(void) {
  double X[3 * PF_MAX_NODES];
  ft_distorted(PF_ELEM_TET4, 0.2, 0.0, 41, X);
  single("tet4", PF_ELEM_TET4, X, 1);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.0, 42, X);
  single("tet10 straight", PF_ELEM_TET10, X, 1);
  ft_distorted(PF_ELEM_TET10, 0.2, 0.08, 43, X);
  single("tet10 curved", PF_ELEM_TET10, X, 0);
  ft_reference_nodes(PF_ELEM_HEX8, X); /* frustum: planar trapezoid faces */
  for (int a = 4; a < 8; a++) {
    X[3 * a] *= 0.6;
    X[3 * a + 1] *= 0.6;
  }
  ft_affine(8, X);
  single("hex8 planar faces", PF_ELEM_HEX8, X, 1);
  ft_distorted(PF_ELEM_HEX8, 0.25, 0.0, 44, X);
  single("hex8 warped", PF_ELEM_HEX8, X, 2);
  mesh_patch(PF_ELEM_TET4);
  mesh_patch(PF_ELEM_TET10);
  mesh_patch(PF_ELEM_HEX8);
  return pf_test_result("test_tl_patch");
}
