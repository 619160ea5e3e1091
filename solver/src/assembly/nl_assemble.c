/*
 * Finite-strain assembly: element internal forces and tangents through the kinematics' links
 * into the group system (see pf_nl_assembly.h for the prescribed-dof treatment and determinism).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_nl_assembly.h"

#define PF_NL_CHUNK 128 /* linked elements evaluated in parallel per chunk */

/* Evaluates element g at the current displacements u: fe, Ke (may be NULL), min J, energy.
 * Returns 0 or -1 (inadmissible). */
static int element_eval(const pf_model *model, const pf_nl_elements *el, int64_t g, const double *u,
                        double *fe, double *Ke, double *min_J, double *energy) {
  const pf_mesh *mesh = model->mesh;
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(mesh, g, &t, &e);
  const int nn = pf_elem_nodes(t);
  const int64_t *conn = mesh->blocks[t].conn + e * nn;
  double X[3 * PF_MAX_NODES], ue[PF_MAX_DOF];
  pf_fem_gather_X(mesh, t, e, X);
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < 3; i++) ue[3 * a + i] = u[3 * conn[a] + i];
  if (t == PF_ELEM_TRUSS2) {
    double N, lambda;
    const int rc = pf_fem_tl_truss(X, ue, &el->truss[model->elem_material[g]], fe, Ke, &N, &lambda);
    *min_J = lambda;
    *energy = 0.0;
    return rc;
  }
  pf_tl_material m;
  pf_nl_elements_law(el, model, g, &m);
  pf_tl_info info;
  const int rc = pf_fem_tl_solid(t, X, ue, &m, fe, Ke, &info);
  *min_J = info.min_J;
  *energy = info.energy;
  return rc;
}

/* Adds the dense block B (rows of group ga, columns of group gb; sa x sb row-major) into K
 * (upper CSR: the blocks on and above the diagonal; full: all), leaving out prescribed rows and
 * columns; a prescribed column's effect on a free row goes to rhs as -B dc. */
static void add_block(pf_csr *K, const pf_kinematics *kin, int64_t ga, int64_t gb, const double *B,
                      const uint8_t *prescribed, const double *dc, double *rhs) {
  const int64_t oa = pf_kin_group_offset(kin, ga), ob = pf_kin_group_offset(kin, gb);
  const int sa = pf_kin_group_size(kin, ga), sb = pf_kin_group_size(kin, gb);
  for (int i = 0; i < sa; i++) {
    const int64_t r = oa + i;
    if (prescribed[r]) continue;
    int64_t pos = -1;
    for (int j = 0; j < sb; j++) {
      const int64_t c = ob + j;
      const double v = B[i * sb + j];
      if (prescribed[c]) {
        if (dc && rhs && dc[c] != 0.0) rhs[r] -= v * dc[c];
        continue;
      }
      if (K->upper && c < r) continue;
      pos = pos < 0 ? pf_csr_find(K, r, c) : pos + 1;
      while (K->col[pos] != c) pos++; /* skip prescribed columns between */
      K->val[pos] += v;
    }
  }
}

/* Plain element: every node is its own group with G = I. */
static void scatter_plain(const pf_model *model, const pf_kinematics *kin, int64_t g,
                          const double *fe, const double *Ke, const uint8_t *prescribed,
                          const double *dc, double *rhs, double *f_int, double *f_node, pf_csr *K) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  const int nn = pf_elem_nodes(t), nd = 3 * nn;
  const int64_t *conn = model->mesh->blocks[t].conn + e * nn;
  int64_t grp[PF_MAX_NODES];
  for (int a = 0; a < nn; a++) {
    grp[a] = pf_kin_node_group(kin, conn[a]);
    const int64_t off = pf_kin_group_offset(kin, grp[a]);
    for (int i = 0; i < 3; i++) {
      f_int[off + i] += fe[3 * a + i];
      f_node[3 * conn[a] + i] += fe[3 * a + i];
    }
  }
  if (!K) return;
  double B[9];
  for (int a = 0; a < nn; a++)
    for (int b = 0; b < nn; b++) {
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) B[3 * i + j] = Ke[(3 * a + i) * nd + 3 * b + j];
      add_block(K, kin, grp[a], grp[b], B, prescribed, dc, rhs);
    }
}

/* Nodes [nn] with their force fe [3 nn] and tangent Ke [3nn x 3nn] (either may be NULL): each
 * node's links map its 3 dofs to groups (G^T f, G^T K G blocks). */
static void scatter_nodes(const pf_kinematics *kin, const int64_t *nodes, int nn, const double *fe,
                          const double *Ke, const uint8_t *prescribed, const double *dc,
                          double *rhs, double *f_int, double *f_node, pf_csr *K) {
  const int nd = 3 * nn;
  pf_link la[PF_KIN_MAX_LINKS], lb[PF_KIN_MAX_LINKS];
  for (int a = 0; a < nn; a++) {
    const int na = pf_kin_node_links(kin, nodes[a], la);
    if (fe) {
      for (int i = 0; i < 3; i++) f_node[3 * nodes[a] + i] += fe[3 * a + i];
      pf_kin_links_scatter(kin, la, na, fe + 3 * a, f_int);
    }
    if (!K || !Ke) continue;
    for (int b = 0; b < nn; b++) {
      const int nb = pf_kin_node_links(kin, nodes[b], lb);
      double Kab[9];
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Kab[3 * i + j] = Ke[(3 * a + i) * nd + 3 * b + j];
      for (int p = 0; p < na; p++)
        for (int q = 0; q < nb; q++) {
          const int sa = la[p].size, sb = lb[q].size;
          double KG[18], B[36];
          for (int i = 0; i < 3; i++) /* KG = Kab Gb (3 x sb) */
            for (int c = 0; c < sb; c++) {
              double s = 0.0;
              for (int k = 0; k < 3; k++) s += Kab[3 * i + k] * lb[q].G[k * sb + c];
              KG[i * sb + c] = s;
            }
          for (int r = 0; r < sa; r++) /* B = Ga^T KG (sa x sb) */
            for (int c = 0; c < sb; c++) {
              double s = 0.0;
              for (int k = 0; k < 3; k++) s += la[p].G[k * sa + r] * KG[k * sb + c];
              B[r * sb + c] = s;
            }
          add_block(K, kin, la[p].group, lb[q].group, B, prescribed, dc, rhs);
        }
    }
  }
}

/* Linked element: through the links of its nodes. */
static void scatter_linked(const pf_model *model, const pf_kinematics *kin, int64_t g,
                           const double *fe, const double *Ke, const uint8_t *prescribed,
                           const double *dc, double *rhs, double *f_int, double *f_node,
                           pf_csr *K) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  const int nn = pf_elem_nodes(t);
  scatter_nodes(kin, model->mesh->blocks[t].conn + e * nn, nn, fe, Ke, prescribed, dc, rhs, f_int,
                f_node, K);
}

#define PF_CONTACT_ND (3 * PF_CONTACT_MAX_ROWS)

/* The contact nodes: evaluated in parallel per chunk, added serially in their order (so the sums
 * have a fixed order for any thread count). unsym: only the unsymmetric part of the exact
 * tangent, into K (a full matrix), no forces. */
static int assemble_contact(pf_context *ctx, const pf_nl_system *sys, const pf_kinematics *kin,
                            const uint8_t *prescribed, const double *dc, double *rhs, double *f_int,
                            double *f_node, pf_csr *K, int unsym) {
  const pf_contact *c = sys->contact;
  const int64_t nf = pf_contact_n_nodes(c), stride = PF_CONTACT_ND * (1 + PF_CONTACT_ND);
  double *buf = malloc((size_t)(PF_NL_CHUNK * stride) * sizeof(double));
  if (!buf) return PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory (contact assembly)");
  for (int64_t c0 = 0; c0 < nf; c0 += PF_NL_CHUNK) {
    const int64_t c1 = c0 + PF_NL_CHUNK < nf ? c0 + PF_NL_CHUNK : nf;
#pragma omp parallel for num_threads(ctx->threads) schedule(static)
    for (int64_t f = c0; f < c1; f++) {
      double *fe = buf + (f - c0) * stride, *Ke = fe + PF_CONTACT_ND;
      pf_contact_node_eval(c, kin, f, fe, K && !unsym ? Ke : NULL, unsym ? Ke : NULL);
    }
    for (int64_t f = c0; f < c1; f++) {
      const double *fe = buf + (f - c0) * stride, *Ke = fe + PF_CONTACT_ND;
      int64_t nodes[PF_CONTACT_MAX_ROWS];
      const int nn = pf_contact_node_rows(c, f, nodes);
      scatter_nodes(kin, nodes, nn, unsym ? NULL : fe, Ke, prescribed, dc, rhs, f_int, f_node, K);
    }
  }
  free(buf);
  return PF_OK;
}

int pf_nl_contact_unsymmetric(pf_context *ctx, const pf_nl_system *sys, const pf_kinematics *kin,
                              const uint8_t *prescribed, pf_csr *K_full) {
  if (!sys->contact) return PF_OK;
  return assemble_contact(ctx, sys, kin, prescribed, NULL, NULL, NULL, NULL, K_full, 1);
}

/* Contact node f's rows (nodes [m], returned m) and their values xe [3m] of the group vector x. */
static int gather_contact_node(const pf_contact *c, const pf_kinematics *kin, int64_t f,
                               const double *x, int64_t *nodes, double *xe) {
  pf_link links[PF_KIN_MAX_LINKS];
  const int nn = pf_contact_node_rows(c, f, nodes);
  for (int a = 0; a < nn; a++)
    pf_kin_links_gather(kin, links, pf_kin_node_links(kin, nodes[a], links), x, xe + 3 * a);
  return nn;
}

int pf_nl_contact_unsym_apply(const pf_nl_system *sys, const pf_kinematics *kin,
                              const uint8_t *prescribed, const double *x, double *y) {
  memset(y, 0, (size_t)sys->n_dofs * sizeof(double));
  const pf_contact *c = sys->contact;
  if (!c || !pf_contact_friction(c)) return 0;
  int slips = 0;
  const int64_t nf = pf_contact_n_nodes(c);
  pf_link links[PF_KIN_MAX_LINKS];
  for (int64_t f = 0; f < nf; f++) {
    int64_t nodes[PF_CONTACT_MAX_ROWS];
    double xe[PF_CONTACT_ND], ye[PF_CONTACT_ND];
    const int nn = gather_contact_node(c, kin, f, x, nodes, xe);
    const int s = pf_contact_node_unsym_apply(c, kin, f, xe, ye);
    if (!s) continue;
    slips += s;
    for (int a = 0; a < nn; a++)
      pf_kin_links_scatter(kin, links, pf_kin_node_links(kin, nodes[a], links), ye + 3 * a, y);
  }
  for (int64_t q = 0; q < sys->n_dofs; q++) /* prescribed rows left out */
    if (prescribed[q]) y[q] = 0.0;
  return slips;
}

double pf_nl_contact_step_limit(const pf_nl_system *sys, const pf_kinematics *kin,
                                const double *du) {
  const pf_contact *c = sys->contact;
  double s = 1.0;
  if (!c) return s;
  for (int64_t f = 0; f < pf_contact_n_nodes(c); f++) {
    int64_t nodes[PF_CONTACT_MAX_ROWS];
    double xe[PF_CONTACT_ND];
    gather_contact_node(c, kin, f, du, nodes, xe);
    s = fmin(s, pf_contact_node_step_limit(c, kin, f, xe));
  }
  return s;
}

int pf_nl_contact_plane_free(const pf_nl_system *sys, const pf_kinematics *kin,
                             const uint8_t *prescribed) {
  const pf_contact *c = sys->contact;
  const int64_t ref = c ? pf_contact_reference_node(c) : -1;
  if (ref < 0) return 0;
  const int64_t q0 = pf_kin_group_offset(kin, pf_kin_node_group(kin, ref));
  double n[3];
  pf_contact_normal(c, n);
  for (int i = 0; i < 3; i++)
    if (n[i] != 0.0 && !prescribed[q0 + i]) return 1;
  return 0;
}

int pf_nl_assemble(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                   const pf_nl_system *sys, const pf_kinematics *kin, const uint8_t *prescribed,
                   double diag_scale, const double *dc, double *rhs, double *f_int, double *f_node,
                   pf_csr *K, pf_nl_eval *ev) {
  const double *u = pf_kin_displacement(kin);
  const int64_t n_nodes = model->mesh->n_nodes;
  const int nreg = model->desc->n_regions;
  double *minJ = NULL, *energy = NULL, *buf = NULL;
  int ierr = PF_OK;
  memset(f_int, 0, (size_t)sys->n_dofs * sizeof(double));
  memset(f_node, 0, (size_t)(3 * n_nodes) * sizeof(double));
  if (K) pf_csr_zero(K, ctx->threads);
  ev->bad_element = -1;
  ev->energy = 0.0;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, el->n_elems, &minJ));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, el->n_elems, &energy));
  for (int64_t g = 0; g < el->n_elems; g++) minJ[g] = INFINITY;
  int64_t bad = -1;

  /* Plain elements: colour by colour, in parallel. */
  for (int k = 0; k < sys->n_colours; k++) {
#pragma omp parallel num_threads(ctx->threads)
    {
      double fe[PF_MAX_DOF], Ke[PF_MAX_DOF * PF_MAX_DOF];
#pragma omp for schedule(static)
      for (int64_t q = sys->colour_ptr[k]; q < sys->colour_ptr[k + 1]; q++) {
        const int64_t g = sys->colour_elems[q];
        if (element_eval(model, el, g, u, fe, K ? Ke : NULL, &minJ[g], &energy[g])) {
#pragma omp critical(pf_nl_bad)
          if (bad < 0 || g < bad) bad = g;
          continue;
        }
        scatter_plain(model, kin, g, fe, Ke, prescribed, dc, rhs, f_int, f_node, K);
      }
    }
  }
  /* Linked elements: evaluated in parallel per chunk, added serially in element order. */
  const int64_t nd_max = PF_MAX_DOF;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, PF_NL_CHUNK * (nd_max + nd_max * nd_max), &buf));
  for (int64_t c0 = 0; c0 < sys->n_linked; c0 += PF_NL_CHUNK) {
    const int64_t c1 = c0 + PF_NL_CHUNK < sys->n_linked ? c0 + PF_NL_CHUNK : sys->n_linked;
    uint8_t ok[PF_NL_CHUNK];
#pragma omp parallel for num_threads(ctx->threads) schedule(static)
    for (int64_t q = c0; q < c1; q++) {
      const int64_t g = sys->linked[q];
      double *fe = buf + (q - c0) * (nd_max + nd_max * nd_max), *Ke = fe + nd_max;
      ok[q - c0] = element_eval(model, el, g, u, fe, K ? Ke : NULL, &minJ[g], &energy[g]) == 0;
    }
    for (int64_t q = c0; q < c1; q++) {
      const int64_t g = sys->linked[q];
      if (!ok[q - c0]) {
        if (bad < 0 || g < bad) bad = g;
        continue;
      }
      const double *fe = buf + (q - c0) * (nd_max + nd_max * nd_max), *Ke = fe + nd_max;
      scatter_linked(model, kin, g, fe, Ke, prescribed, dc, rhs, f_int, f_node, K);
    }
  }
  if (bad >= 0) {
    ev->bad_element = bad;
    ierr = -1;
    goto done;
  }
  /* The ground contact (its forces on slaves reach the bodies' geometric stiffness). */
  if (sys->contact)
    PF_CALL_GOTO(ierr, done,
                 assemble_contact(ctx, sys, kin, prescribed, dc, rhs, f_int, f_node, K, 0));
  /* The kinematics' blocks: body geometric stiffness (needs f_node), joints. */
  const int n_blocks = pf_kin_n_blocks(kin);
  for (int b = 0; b < n_blocks; b++) {
    pf_kin_block blk;
    PF_CALL_GOTO(ierr, done, pf_kin_get_block(kin, b, f_node, &blk));
    int64_t off_in_block[2] = {0, blk.n_groups > 1 ? pf_kin_group_size(kin, blk.groups[0]) : 0};
    for (int p = 0; p < blk.n_groups; p++) {
      const int64_t off = pf_kin_group_offset(kin, blk.groups[p]);
      for (int i = 0; i < pf_kin_group_size(kin, blk.groups[p]); i++)
        f_int[off + i] += blk.f[off_in_block[p] + i];
    }
    if (!K) continue;
    for (int p = 0; p < blk.n_groups; p++)
      for (int q = 0; q < blk.n_groups; q++) {
        const int sp = pf_kin_group_size(kin, blk.groups[p]);
        const int sq = pf_kin_group_size(kin, blk.groups[q]);
        double B[36];
        for (int i = 0; i < sp; i++)
          for (int j = 0; j < sq; j++)
            B[i * sq + j] = blk.K[(off_in_block[p] + i) * blk.n + off_in_block[q] + j];
        add_block(K, kin, blk.groups[p], blk.groups[q], B, prescribed, dc, rhs);
      }
  }
  if (K) /* prescribed dofs: identity rows scaled like the stiffness */
    for (int64_t d = 0; d < sys->n_dofs; d++) {
      if (!prescribed[d]) continue;
      K->val[pf_csr_find(K, d, d)] = diag_scale;
      if (rhs) rhs[d] = diag_scale * (dc ? dc[d] : 0.0);
    }
  for (int64_t g = 0; g < el->n_elems; g++) ev->energy += energy[g];
  if (ev->region_min_J) {
    for (int r = 0; r < nreg; r++) ev->region_min_J[r] = INFINITY;
    for (int64_t g = 0; g < el->n_elems; g++)
      if (el->active[g] && minJ[g] < ev->region_min_J[model->elem_region[g]])
        ev->region_min_J[model->elem_region[g]] = minJ[g];
  }
done:
  free(minJ);
  free(energy);
  free(buf);
  return ierr;
}
