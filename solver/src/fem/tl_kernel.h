/*
 * Private helpers of the total-Lagrangian solid kernels (tl_solid.c, tl_results.c): the
 * kinematics of an element at the points of its default rule (reference gradients, F, J, the
 * reference and current volumes of the mean dilatation) and the det F check at the nodes of a
 * tet10. Everything is inline and allocation-free; the kernels instantiate it with constant node
 * and point counts.
 *
 * Source: F = I + Grad u = I + sum_a u_a (x) dN_a/dX (Bonet & Wood, Nonlinear Continuum
 * Mechanics for Finite Element Analysis, 2nd ed. 2008, ch. 3 (kinematics) and ch. 8 (discretized
 * kinematics)); the element's mean dilatation Theta = v / V with v = int J dV (sec. 8.6, mean
 * dilatation method; Simo, Taylor & Pister, CMAME 51 (1985) 177-208), both integrated with the
 * element's default rule.
 */
#ifndef PF_TL_KERNEL_H
#define PF_TL_KERNEL_H

#include <math.h>

#include "fem/pf_fem.h"

#define PF_TL_INLINE static inline __attribute__((always_inline))

/* Kinematics of one element at the points of its rule. */
typedef struct {
  double G[PF_MAX_QP][PF_MAX_NODES][3]; /* dN_a/dX at each point */
  double wd[PF_MAX_QP];                 /* w_q detJ0_q: reference volume of the point */
  double F[PF_MAX_QP][9];               /* deformation gradient, row-major */
  double J[PF_MAX_QP];                  /* det F */
  double V;                             /* reference volume sum_q wd_q */
  double v;                             /* current volume sum_q J_q wd_q */
  double min_J;                         /* min det F over the points (and tet10 nodes) */
} pf_tl_kin;

PF_TL_INLINE double pf_tl_det3(const double *A) {
  return A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) +
         A[2] * (A[3] * A[7] - A[4] * A[6]);
}

/* Ai = A^-1 (row-major) from the cofactors, given det A != 0. */
PF_TL_INLINE void pf_tl_inv3(const double *A, double det, double *Ai) {
  const double s = 1.0 / det;
  Ai[0] = s * (A[4] * A[8] - A[5] * A[7]);
  Ai[1] = s * (A[2] * A[7] - A[1] * A[8]);
  Ai[2] = s * (A[1] * A[5] - A[2] * A[4]);
  Ai[3] = s * (A[5] * A[6] - A[3] * A[8]);
  Ai[4] = s * (A[0] * A[8] - A[2] * A[6]);
  Ai[5] = s * (A[2] * A[3] - A[0] * A[5]);
  Ai[6] = s * (A[3] * A[7] - A[4] * A[6]);
  Ai[7] = s * (A[1] * A[6] - A[0] * A[7]);
  Ai[8] = s * (A[0] * A[4] - A[1] * A[3]);
}

/* The value reported for det F: itself, or 0 when it is not a number (a NaN displacement), so
 * that min_J never carries a NaN and still reads as inadmissible. */
PF_TL_INLINE double pf_tl_reportable(double J) { return J == J ? J : 0.0; }

/*
 * det F at the 4 corners and 6 mid-edge nodes of a tet10, where a curved element folds first.
 * det F = det(dx/dxi) / det(dX/dxi) at each node, with the columns dx/dxi_c = sum_b c_b x_b
 * taken from the tabulated reference derivatives of the quadratic shape functions at the nodes
 * (Zienkiewicz, Taylor & Zhu 7th ed., tetrahedral family; the same formulas as shape.c), stored
 * sparsely: at most 6 non-zero coefficients per column (a corner column is the end tangent
 * -3 x_i - x_j + 4 x_ij of an edge). A node where the reference map itself folds
 * (det dX/dxi <= 0, a mesh-quality error reported by pf_element_quality) is skipped.
 * [in] X [30], u [30]. Returns the minimum (or +INFINITY when every node is skipped).
 */
typedef struct {
  int n;
  signed char b[6];
  signed char c[6];
} pf_tl_column;

PF_TL_INLINE double pf_tl_tet10_node_min_J(const double *X, const double *u) {
  static const pf_tl_column col[10][3] = {
      {{3, {0, 1, 4}, {-3, -1, 4}}, {3, {0, 2, 6}, {-3, -1, 4}}, {3, {0, 3, 7}, {-3, -1, 4}}},
      {{3, {0, 1, 4}, {1, 3, -4}},
       {4, {0, 2, 4, 5}, {1, -1, -4, 4}},
       {4, {0, 3, 4, 8}, {1, -1, -4, 4}}},
      {{4, {0, 1, 5, 6}, {1, -1, 4, -4}},
       {3, {0, 2, 6}, {1, 3, -4}},
       {4, {0, 3, 6, 9}, {1, -1, -4, 4}}},
      {{4, {0, 1, 7, 8}, {1, -1, -4, 4}},
       {4, {0, 2, 7, 9}, {1, -1, -4, 4}},
       {3, {0, 3, 7}, {1, 3, -4}}},
      {{2, {0, 1}, {-1, 1}},
       {5, {0, 2, 4, 5, 6}, {-1, -1, -2, 2, 2}},
       {5, {0, 3, 4, 7, 8}, {-1, -1, -2, 2, 2}}},
      {{5, {0, 1, 4, 5, 6}, {1, 1, -2, 2, -2}},
       {5, {0, 2, 4, 5, 6}, {1, 1, -2, 2, -2}},
       {6, {0, 3, 4, 6, 8, 9}, {1, -1, -2, -2, 2, 2}}},
      {{5, {0, 1, 4, 5, 6}, {-1, -1, 2, 2, -2}},
       {2, {0, 2}, {-1, 1}},
       {5, {0, 3, 6, 7, 9}, {-1, -1, -2, 2, 2}}},
      {{5, {0, 1, 4, 7, 8}, {-1, -1, 2, -2, 2}},
       {5, {0, 2, 6, 7, 9}, {-1, -1, 2, -2, 2}},
       {2, {0, 3}, {-1, 1}}},
      {{5, {0, 1, 4, 7, 8}, {1, 1, -2, -2, 2}},
       {6, {0, 2, 4, 5, 7, 9}, {1, -1, -2, 2, -2, 2}},
       {5, {0, 3, 4, 7, 8}, {1, 1, -2, -2, 2}}},
      {{6, {0, 1, 5, 6, 7, 8}, {1, -1, 2, -2, -2, 2}},
       {5, {0, 2, 6, 7, 9}, {1, 1, -2, -2, 2}},
       {5, {0, 3, 6, 7, 9}, {1, 1, -2, -2, 2}}},
  };
  double min_J = INFINITY;
  for (int k = 0; k < 10; k++) {
    double JX[9], Jx[9]; /* JX[3i + c] = dX_i/dxi_c, Jx = dx_i/dxi_c (x = X + u) */
    for (int c = 0; c < 3; c++) {
      const pf_tl_column *t = &col[k][c];
      double sx[3] = {0.0, 0.0, 0.0}, su[3] = {0.0, 0.0, 0.0};
      for (int e = 0; e < t->n; e++) {
        const double w = t->c[e];
        const double *Xb = X + 3 * t->b[e], *ub = u + 3 * t->b[e];
        for (int i = 0; i < 3; i++) {
          sx[i] += w * Xb[i];
          su[i] += w * ub[i];
        }
      }
      for (int i = 0; i < 3; i++) {
        JX[3 * i + c] = sx[i];
        Jx[3 * i + c] = sx[i] + su[i];
      }
    }
    const double dX = pf_tl_det3(JX);
    if (!(dX > 0.0)) continue;
    const double J = pf_tl_reportable(pf_tl_det3(Jx) / dX);
    if (J < min_J) min_J = J;
  }
  return min_J;
}

/*
 * Kinematics at the points of rule (nn nodes, nq points) for displacements u: gradients, wd,
 * F, J, V, v and min_J (over the points, and the nodes for a tet10). Every point is visited, so
 * min_J is the true minimum even when the element fails. Returns 0, or -1 when det F <= 0 (or
 * not a number) somewhere, or the reference map is inverted at a point (det J0 <= 0: a mesh
 * error that pf_element_quality reports).
 */
PF_TL_INLINE int pf_tl_kinematics(const pf_rule *rule, const int nn, const int nq, const int tet10,
                                  const double *X, const double *u, pf_tl_kin *k) {
  int status = 0;
  k->V = k->v = 0.0;
  k->min_J = INFINITY;
  for (int q = 0; q < nq; q++) {
    const double det0 = pf_fem_gradients(rule, q, X, k->G[q]);
    if (!(det0 > 0.0)) status = -1;
    double *F = k->F[q];
    F[0] = F[4] = F[8] = 1.0;
    F[1] = F[2] = F[3] = F[5] = F[6] = F[7] = 0.0;
    for (int a = 0; a < nn; a++) {
      const double gx = k->G[q][a][0], gy = k->G[q][a][1], gz = k->G[q][a][2];
      for (int i = 0; i < 3; i++) {
        const double ui = u[3 * a + i];
        F[3 * i] += ui * gx;
        F[3 * i + 1] += ui * gy;
        F[3 * i + 2] += ui * gz;
      }
    }
    const double J = pf_tl_det3(F);
    if (!(J > 0.0)) status = -1;
    k->J[q] = J;
    k->wd[q] = rule->w[q] * det0;
    k->V += k->wd[q];
    k->v += k->wd[q] * J;
    const double Jr = pf_tl_reportable(J);
    if (Jr < k->min_J) k->min_J = Jr;
  }
  if (tet10) {
    const double Jn = pf_tl_tet10_node_min_J(X, u);
    /* Reported, not rejected: a node where det F <= 0 while every quadrature point is admissible
     * is a distorted element (the corner of a bonded edge under compression), which the
     * integration never sees; Abaqus and CalculiX also judge admissibility at the points. */
    if (Jn < k->min_J) k->min_J = Jn;
  }
  return status;
}

#endif /* PF_TL_KERNEL_H */
