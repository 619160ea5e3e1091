/*
 * Face loads and areas (tri3, tri6, quad4) and the orientation of the element face tables.
 *
 * Checks:
 * - flat faces in a general orientation: area exact; sum of nodal forces = -p A n + t A (1e-14);
 *   tri3 A/3 per node; flat tri6 zero corner forces and A/3 at each mid-edge node (the integrals
 *   of the quadratic shape functions over a triangle); parallelogram quad4 A/4 per node;
 * - curved tri6 on the parabolic cylinder z = c x^2 (the tri6 map represents it exactly):
 *   int n dA is a polynomial of degree 2 integrated exactly (1e-14); the area integrand
 *   sqrt(1 + 4 c^2 x^2) is smooth, so the degree-5 rule has error O(h^6): one element (c = 0.5,
 *   unit legs) is within 1e-5 (relative) of the closed form and splitting it into four tri6
 *   reduces the error by > 32 (64 in the limit; 158 measured, pre-asymptotic);
 * - curved tri6 on a circular cylinder (mid-nodes on the arc): the isoparametric surface differs
 *   from the cylinder by O(h^3), which leaves an area error that falls by > 12 when h halves (16
 *   in the limit, O(h^4) relative); below 2e-4 for a 0.6 rad patch (1.3e-4 measured);
 * - orientation: for positively oriented reference and distorted tet4, tet10 and hex8, every face
 *   of pf_elem_face_local has int n dA pointing away from the element centroid; the faces close
 *   (sum int n dA = 0); and V = 1/3 sum_faces int x.n dA equals pf_fem_volume (divergence
 *   theorem; all integrals exact), to 1e-13;
 * - tet10 faces list their mid-edge nodes in tri6 order (edges ab, bc, ca of the corner order).
 */
#include "fem_test_util.h"
#include "pf_test.h"

/* Face nodes at o + xi e1 + eta e2 for reference face coordinates (xi, eta). */
static void flat_face(pf_face_type type, const double o[3], const double e1[3], const double e2[3],
                      double *X) {
  static const double tri[6][2] = {{0, 0}, {1, 0}, {0, 1}, {0.5, 0}, {0.5, 0.5}, {0, 0.5}};
  static const double quad[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  const int nn = pf_face_nodes(type);
  for (int a = 0; a < nn; a++) {
    const double *r = type == PF_FACE_QUAD4 ? quad[a] : tri[a];
    for (int i = 0; i < 3; i++) X[3 * a + i] = o[i] + r[0] * e1[i] + r[1] * e2[i];
  }
}

static void cross(const double a[3], const double b[3], double c[3]) {
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}

static void check_flat(void) {
  const double o[3] = {1.0, -2.0, 0.5}, e1[3] = {2.0, 0.5, -0.3}, e2[3] = {0.4, 1.5, 0.8};
  const double p = 0.7, t[3] = {0.2, -0.4, 1.1};
  double c[3], n[3];
  cross(e1, e2, c);
  const double area_par = ft_norm(3, c);
  for (int i = 0; i < 3; i++) n[i] = c[i] / area_par;
  const pf_face_type types[3] = {PF_FACE_TRI3, PF_FACE_TRI6, PF_FACE_QUAD4};
  for (int k = 0; k < 3; k++) {
    const pf_face_type ft = types[k];
    const int nn = pf_face_nodes(ft);
    double X[18], fp[18], ftr[18];
    flat_face(ft, o, e1, e2, X);
    const double A = ft == PF_FACE_QUAD4 ? area_par : 0.5 * area_par;
    PF_EXPECT_REL(pf_fem_face_area(ft, X), A, 1e-14);
    pf_fem_face_load(ft, X, p, NULL, fp);
    pf_fem_face_load(ft, X, 0.0, t, ftr);
    for (int i = 0; i < 3; i++) {
      double sp = 0.0, st = 0.0;
      for (int a = 0; a < nn; a++) {
        sp += fp[3 * a + i];
        st += ftr[3 * a + i];
      }
      PF_EXPECT(fabs(sp + p * A * n[i]) <= 1e-14 * p * A, "%s: pressure sum[%d] %.17g vs %.17g",
                pf_face_name(ft), i, sp, -p * A * n[i]);
      PF_EXPECT(fabs(st - t[i] * A) <= 1e-14 * A * ft_norm(3, t), "%s: traction sum[%d]",
                pf_face_name(ft), i);
      for (int a = 0; a < nn; a++) {
        double share = 0.25; /* quad4 parallelogram */
        if (ft == PF_FACE_TRI3) share = 1.0 / 3.0;
        if (ft == PF_FACE_TRI6) share = a < 3 ? 0.0 : 1.0 / 3.0;
        PF_EXPECT_NEAR(fp[3 * a + i], -share * p * A * n[i], 1e-14 * p * A);
        PF_EXPECT_NEAR(ftr[3 * a + i], share * t[i] * A, 1e-14 * A * ft_norm(3, t));
      }
    }
  }
  /* A flat, non-parallelogram quad4: total force -p A n with A = |d1 x d2| / 2. */
  double X[12];
  flat_face(PF_FACE_QUAD4, o, e1, e2, X);
  for (int i = 0; i < 3; i++) X[6 + i] += 0.6 * e1[i] + 0.3 * e2[i];
  double d1[3], d2[3], dc[3], fe[12];
  for (int i = 0; i < 3; i++) {
    d1[i] = X[6 + i] - X[i];
    d2[i] = X[9 + i] - X[3 + i];
  }
  cross(d1, d2, dc);
  const double A = 0.5 * ft_norm(3, dc);
  PF_EXPECT_REL(pf_fem_face_area(PF_FACE_QUAD4, X), A, 1e-14);
  pf_fem_face_load(PF_FACE_QUAD4, X, p, t, fe);
  for (int i = 0; i < 3; i++) {
    const double s = fe[i] + fe[3 + i] + fe[6 + i] + fe[9 + i];
    PF_EXPECT_NEAR(s, -p * A * n[i] + t[i] * A, 1e-14 * A * 2.0);
  }
}

/* tri6 on z = c x^2 over the parameter triangle with corners P0, P1, P2 (x, y). */
static void parabolic_tri6(double c, const double P[3][2], double *X) {
  const int mid[3][2] = {{0, 1}, {1, 2}, {2, 0}};
  for (int a = 0; a < 6; a++) {
    double x, y;
    if (a < 3) {
      x = P[a][0];
      y = P[a][1];
    } else {
      x = 0.5 * (P[mid[a - 3][0]][0] + P[mid[a - 3][1]][0]);
      y = 0.5 * (P[mid[a - 3][0]][1] + P[mid[a - 3][1]][1]);
    }
    X[3 * a] = x;
    X[3 * a + 1] = y;
    X[3 * a + 2] = c * x * x;
  }
}

static void check_curved(void) {
  /* Parabolic cylinder. */
  const double c = 0.5, k = 2.0 * c;
  const double exact =
      0.5 * sqrt(1 + k * k) + asinh(k) / (2 * k) - (pow(1 + k * k, 1.5) - 1.0) / (3 * k * k);
  const double P[3][2] = {{0, 0}, {1, 0}, {0, 1}};
  double X[18], fe[18];
  parabolic_tri6(c, P, X);
  const double e1 = fabs(pf_fem_face_area(PF_FACE_TRI6, X) - exact);
  pf_fem_face_load(PF_FACE_TRI6, X, 1.0, NULL, fe);
  const double nA[3] = {-c / 3.0, 0.0, 0.5}; /* int (x_xi x x_eta) over the triangle */
  for (int i = 0; i < 3; i++) {
    double s = 0.0;
    for (int a = 0; a < 6; a++) s += fe[3 * a + i];
    PF_EXPECT_NEAR(s, -nA[i], 1e-14);
  }
  /* Four sub-triangles (corner ones and the middle one, counter-clockwise). */
  const double m01[2] = {0.5, 0}, m12[2] = {0.5, 0.5}, m20[2] = {0, 0.5};
  const double sub[4][3][2] = {{{0, 0}, {0.5, 0}, {0, 0.5}},
                               {{0.5, 0}, {1, 0}, {0.5, 0.5}},
                               {{0, 0.5}, {0.5, 0.5}, {0, 1}},
                               {{m01[0], m01[1]}, {m12[0], m12[1]}, {m20[0], m20[1]}}};
  double a4 = 0.0;
  for (int s = 0; s < 4; s++) {
    parabolic_tri6(c, sub[s], X);
    a4 += pf_fem_face_area(PF_FACE_TRI6, X);
  }
  const double e4 = fabs(a4 - exact);
  printf("parabolic tri6 area: exact %.15f, error 1 elem %.3e, 4 elems %.3e (ratio %.1f)\n", exact,
         e1, e4, e1 / e4);
  PF_EXPECT(e1 <= 1e-5 * exact, "parabolic tri6 area error %g", e1);
  PF_EXPECT(e1 / e4 > 32.0, "parabolic tri6 area: error ratio %g, expected ~64 (O(h^6))", e1 / e4);

  /* Circular cylinder x = R sin(th), z = R cos(th), y; patch th in [0, T], y in [0, H]
   * (parameter triangle (0,0) (T,0) (0,H)); exact area R T H / 2 (developable). */
  const double R = 10.0;
  double err[2];
  for (int lvl = 0; lvl < 2; lvl++) {
    const double T = 0.6 / (1 << lvl), H = 8.0 / (1 << lvl);
    const double Q[6][2] = {{0, 0}, {T, 0}, {0, H}, {T / 2, 0}, {T / 2, H / 2}, {0, H / 2}};
    for (int a = 0; a < 6; a++) {
      X[3 * a] = R * sin(Q[a][0]);
      X[3 * a + 1] = Q[a][1];
      X[3 * a + 2] = R * cos(Q[a][0]);
    }
    const double ex = 0.5 * R * T * H;
    err[lvl] = fabs(pf_fem_face_area(PF_FACE_TRI6, X) - ex) / ex;
    /* Outward (right-hand) normal of this corner order points to +r: check with pressure. */
    pf_fem_face_load(PF_FACE_TRI6, X, -1.0, NULL, fe);
    double s[3] = {0, 0, 0};
    for (int a = 0; a < 6; a++)
      for (int i = 0; i < 3; i++) s[i] += fe[3 * a + i];
    const double rdir[3] = {sin(T / 3), 0.0, cos(T / 3)};
    PF_EXPECT(s[0] * rdir[0] + s[2] * rdir[2] > 0.99 * ex, "cylinder tri6 normal");
  }
  printf("cylinder tri6 area: relative error %.3e, halved %.3e (ratio %.1f)\n", err[0], err[1],
         err[0] / err[1]);
  PF_EXPECT(err[0] <= 2e-4, "cylinder tri6 area error %g", err[0]);
  PF_EXPECT(err[0] / err[1] > 12.0, "cylinder tri6 area: ratio %g, expected ~16 (O(h^4))",
            err[0] / err[1]);
}

static void check_orientation(pf_elem_type type, const double *X, int curved) {
  const int nn = pf_elem_nodes(type);
  double xc[3] = {0, 0, 0};
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) xc[i] += X[3 * a + i] / nn;
  double total[3] = {0, 0, 0}, vol3 = 0.0, area = 0.0;
  for (int f = 0; f < pf_elem_num_faces(type); f++) {
    const pf_face_type ft = pf_elem_face_type(type, f);
    const int *loc = pf_elem_face_local(type, f);
    const int nf = pf_face_nodes(ft);
    double Xf[18], g[18], fcen[3] = {0, 0, 0}, s[3] = {0, 0, 0};
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) {
        Xf[3 * a + i] = X[3 * loc[a] + i];
        fcen[i] += Xf[3 * a + i] / nf;
      }
    pf_fem_face_load(ft, Xf, -1.0, NULL, g); /* g_a = int N_a n dA */
    for (int a = 0; a < nf; a++)
      for (int i = 0; i < 3; i++) {
        s[i] += g[3 * a + i];
        vol3 += Xf[3 * a + i] * g[3 * a + i];
      }
    const double out =
        (fcen[0] - xc[0]) * s[0] + (fcen[1] - xc[1]) * s[1] + (fcen[2] - xc[2]) * s[2];
    PF_EXPECT(out > 0.0, "%s face %d: normal points into the element", pf_elem_name(type), f);
    for (int i = 0; i < 3; i++) total[i] += s[i];
    area += pf_fem_face_area(ft, Xf);
    if (type == PF_ELEM_TET10)
      for (int e = 0; e < 3; e++) {
        const int a = loc[e], b = loc[(e + 1) % 3], m = loc[3 + e];
        PF_EXPECT((m - 4) >= 0 && (m - 4) < 6 &&
                      ((ft_tet10_edge[m - 4][0] == a && ft_tet10_edge[m - 4][1] == b) ||
                       (ft_tet10_edge[m - 4][0] == b && ft_tet10_edge[m - 4][1] == a)),
                  "tet10 face %d: node %d is not the mid-edge node of %d-%d", f, m, a, b);
      }
  }
  for (int i = 0; i < 3; i++)
    PF_EXPECT(fabs(total[i]) <= 1e-14 * area, "%s: faces do not close (%g)", pf_elem_name(type),
              total[i]);
  if (!curved) PF_EXPECT_REL(vol3 / 3.0, pf_fem_volume(type, X), 1e-13);
}

int main(void) {
  check_flat();
  check_curved();
  const pf_elem_type types[3] = {PF_ELEM_TET4, PF_ELEM_TET10, PF_ELEM_HEX8};
  for (int t = 0; t < 3; t++) {
    double X[30];
    ft_reference_nodes(types[t], X);
    check_orientation(types[t], X, 0);
    ft_distorted(types[t], 0.2, 0.0, 50 + t, X);
    check_orientation(types[t], X, 0);
    if (types[t] == PF_ELEM_TET10) {
      ft_distorted(types[t], 0.2, 0.07, 60, X);
      check_orientation(types[t], X, 1);
    }
  }
  return pf_test_result("test_fem_face");
}
