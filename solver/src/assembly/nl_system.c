/*
 * The finite-strain system: the sparsity pattern over the groups of the kinematics, the colouring
 * of plain elements, the linked elements, and the loads as per-node weights.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_assembly.h"
#include "assembly/pf_nl_assembly.h"

void pf_nl_system_destroy(pf_nl_system **sys) {
  if (!sys || !*sys) return;
  pf_nl_system *s = *sys;
  pf_csr_destroy(&s->K);
  free(s->dof_group);
  free(s->colour_ptr);
  free(s->colour_elems);
  free(s->linked);
  free(s->load_ptr);
  free(s->load_node);
  free(s->load_w);
  free(s->load_nvec);
  free(s->load_body);
  pf_contact_destroy(&s->contact);
  free(s);
  *sys = NULL;
}

/* The distinct groups nodes [nn] move with, appended to out (returns the count). */
static int node_groups(const pf_kinematics *kin, const int64_t *nodes, int nn, int64_t *out) {
  int n = 0;
  pf_link links[PF_KIN_MAX_LINKS];
  for (int a = 0; a < nn; a++) {
    const int nl = pf_kin_node_links(kin, nodes[a], links);
    for (int l = 0; l < nl; l++) {
      int seen = 0;
      for (int k = 0; k < n && !seen; k++) seen = out[k] == links[l].group;
      if (!seen) out[n++] = links[l].group;
    }
  }
  return n;
}

/* The distinct groups the nodes of element g move with. */
static int element_groups(const pf_model *model, const pf_kinematics *kin, int64_t g,
                          int64_t *out) {
  pf_elem_type t;
  int64_t e;
  pf_mesh_elem_locate(model->mesh, g, &t, &e);
  const int nn = pf_elem_nodes(t);
  return node_groups(kin, model->mesh->blocks[t].conn + e * nn, nn, out);
}

/* Pattern: cliques of every active element's groups, every kinematics block's groups, and one
 * clique per group (its diagonal block); expanded to dofs, upper triangle. */
static int build_pattern(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                         const pf_nl_elements *el, pf_nl_system *s) {
  const int64_t n_groups = pf_kin_n_groups(kin);
  const int n_blocks = pf_kin_n_blocks(kin);
  int64_t n_cliques = 0, cap = 0;
  int64_t *cptr = NULL, *cvert = NULL, *gptr = NULL, *gadj = NULL, *rowptr = NULL, *col = NULL;
  double *zeros = NULL;
  int ierr = PF_OK;
  const int64_t n_cnodes = s->contact ? pf_contact_n_nodes(s->contact) : 0;
  const int64_t max_cliques = el->n_elems + n_blocks + n_groups + n_cnodes;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, max_cliques + 1, &cptr));
  cap = 16 * (el->n_elems + n_groups) + 2 * n_blocks + 64;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, cap, &cvert));
  for (int64_t g = 0; g < el->n_elems; g++) {
    if (!el->active[g]) continue;
    if (cptr[n_cliques] + 64 > cap) {
      cap *= 2;
      PF_CALL_GOTO(ierr, done, PF_REALLOC(ctx, cap, &cvert));
    }
    const int n = element_groups(model, kin, g, cvert + cptr[n_cliques]);
    cptr[n_cliques + 1] = cptr[n_cliques] + n;
    n_cliques++;
  }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * model->mesh->n_nodes, &zeros));
  for (int b = 0; b < n_blocks; b++) {
    pf_kin_block blk;
    PF_CALL_GOTO(ierr, done, pf_kin_get_block(kin, b, zeros, &blk));
    if (cptr[n_cliques] + 4 > cap) {
      cap *= 2;
      PF_CALL_GOTO(ierr, done, PF_REALLOC(ctx, cap, &cvert));
    }
    for (int k = 0; k < blk.n_groups; k++) cvert[cptr[n_cliques] + k] = blk.groups[k];
    cptr[n_cliques + 1] = cptr[n_cliques] + blk.n_groups;
    n_cliques++;
  }
  for (int64_t f = 0; f < n_cnodes; f++) { /* contact nodes (with the plane's reference node) */
    if (cptr[n_cliques] + PF_CONTACT_MAX_ROWS * PF_KIN_MAX_LINKS > cap) {
      cap *= 2;
      PF_CALL_GOTO(ierr, done, PF_REALLOC(ctx, cap, &cvert));
    }
    int64_t nodes[PF_CONTACT_MAX_ROWS];
    const int nn = pf_contact_node_rows(s->contact, f, nodes);
    cptr[n_cliques + 1] = cptr[n_cliques] + node_groups(kin, nodes, nn, cvert + cptr[n_cliques]);
    n_cliques++;
  }
  for (int64_t g = 0; g < n_groups; g++) {
    if (cptr[n_cliques] + 1 > cap) {
      cap *= 2;
      PF_CALL_GOTO(ierr, done, PF_REALLOC(ctx, cap, &cvert));
    }
    cvert[cptr[n_cliques]] = g;
    cptr[n_cliques + 1] = cptr[n_cliques] + 1;
    n_cliques++;
  }
  PF_CALL_GOTO(ierr, done, pf_clique_graph(ctx, n_groups, n_cliques, cptr, cvert, &gptr, &gadj));

  /* Groups are numbered with increasing dof offsets, so sorted neighbour groups give sorted
   * columns. */
  s->n_dofs = pf_kin_n_group_dofs(kin);
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, s->n_dofs, &s->dof_group));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, s->n_dofs + 1, &rowptr));
  for (int64_t g = 0; g < n_groups; g++) {
    const int64_t off = pf_kin_group_offset(kin, g);
    const int sz = pf_kin_group_size(kin, g);
    for (int i = 0; i < sz; i++) {
      const int64_t r = off + i;
      s->dof_group[r] = g;
      int64_t cnt = 0;
      for (int64_t k = gptr[g]; k < gptr[g + 1]; k++) {
        const int64_t h = gadj[k], ho = pf_kin_group_offset(kin, h);
        for (int j = 0; j < pf_kin_group_size(kin, h); j++) cnt += ho + j >= r;
      }
      rowptr[r + 1] = cnt;
    }
  }
  for (int64_t r = 0; r < s->n_dofs; r++) rowptr[r + 1] += rowptr[r];
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, rowptr[s->n_dofs], &col));
  for (int64_t g = 0; g < n_groups; g++) {
    const int64_t off = pf_kin_group_offset(kin, g);
    for (int i = 0; i < pf_kin_group_size(kin, g); i++) {
      const int64_t r = off + i;
      int64_t p = rowptr[r];
      for (int64_t k = gptr[g]; k < gptr[g + 1]; k++) {
        const int64_t h = gadj[k], ho = pf_kin_group_offset(kin, h);
        for (int j = 0; j < pf_kin_group_size(kin, h); j++)
          if (ho + j >= r) col[p++] = ho + j;
      }
    }
  }
  PF_CALL_GOTO(ierr, done, pf_csr_create(ctx, s->n_dofs, 1, rowptr, col, &s->K));
done:
  free(cptr);
  free(cvert);
  free(gptr);
  free(gadj);
  free(rowptr);
  free(col);
  free(zeros);
  return ierr;
}

/* Plain elements (every node free) by colour; linked elements in ascending order. */
static int build_colouring(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                           const pf_nl_elements *el, pf_nl_system *s) {
  uint8_t *plain = NULL;
  pf_colouring *col = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, el->n_elems, &plain));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, el->n_elems, &s->linked));
  for (int64_t g = 0; g < el->n_elems; g++) {
    if (!el->active[g]) continue;
    pf_elem_type t;
    int64_t e;
    pf_mesh_elem_locate(model->mesh, g, &t, &e);
    const int nn = pf_elem_nodes(t);
    const int64_t *conn = model->mesh->blocks[t].conn + e * nn;
    int free_nodes = 1;
    for (int a = 0; a < nn && free_nodes; a++) free_nodes = pf_kin_node_group(kin, conn[a]) >= 0;
    if (free_nodes)
      plain[g] = 1;
    else
      s->linked[s->n_linked++] = g;
  }
  PF_CALL_GOTO(ierr, done, pf_colouring_build_masked(ctx, model->mesh, plain, &col));
  s->n_colours = col->n_colours;
  s->colour_ptr = col->ptr;
  s->colour_elems = col->elems;
  col->ptr = col->elems = NULL;
done:
  pf_colouring_destroy(&col);
  free(plain);
  return ierr;
}

/* Per-node weights of every load: f_node = w value + nvec pressure. */
typedef struct {
  int64_t node;
  double w, n[3];
} load_entry;

static int cmp_entry(const void *a, const void *b) {
  const int64_t x = ((const load_entry *)a)->node, y = ((const load_entry *)b)->node;
  return (x > y) - (x < y);
}

static int add_entry(pf_context *ctx, load_entry **buf, int64_t *n, int64_t *cap, int64_t node,
                     double w, const double nv[3]) {
  if (*n == *cap) {
    *cap = *cap ? 2 * *cap : 1024;
    PF_CALL(PF_REALLOC(ctx, *cap, buf));
  }
  load_entry *e = &(*buf)[(*n)++];
  e->node = node;
  e->w = w;
  for (int i = 0; i < 3; i++) e->n[i] = nv ? nv[i] : 0.0;
  return PF_OK;
}

static int load_weights(pf_context *ctx, const pf_model *model, const pf_nl_elements *el, int i,
                        load_entry **buf, int64_t *n, int64_t *cap) {
  const pf_load_desc *L = &model->desc->loads[i];
  const pf_mesh *mesh = model->mesh;
  if (L->type == PF_LOAD_NODAL_FORCE) {
    for (int64_t k = 0; k < model->load_count[i]; k++)
      PF_CALL(add_entry(ctx, buf, n, cap, model->load_nodes[i][k], 1.0, NULL));
  } else if (L->type == PF_LOAD_SURFACE_FORCE || L->type == PF_LOAD_TRACTION ||
             L->type == PF_LOAD_PRESSURE) {
    const pf_surface *s = &mesh->surfaces[model->load_surface[i]];
    double area = 0.0;
    const int64_t first = *n;
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const int nf = pf_face_nodes((pf_face_type)ft);
      for (int64_t k = 0; k < s->count[ft]; k++) {
        const int64_t *conn = s->conn[ft] + k * nf;
        double X[3 * PF_MAX_FACE_NODES], fw[3 * PF_MAX_FACE_NODES], fp[3 * PF_MAX_FACE_NODES];
        for (int a = 0; a < nf; a++)
          for (int j = 0; j < 3; j++) X[3 * a + j] = mesh->x[3 * conn[a] + j];
        const double ex[3] = {1, 0, 0}, zero[3] = {0, 0, 0};
        pf_fem_face_load((pf_face_type)ft, X, 0.0, ex, fw);   /* int N_a dA in x */
        pf_fem_face_load((pf_face_type)ft, X, 1.0, zero, fp); /* -int N_a n dA */
        area += pf_fem_face_area((pf_face_type)ft, X);
        for (int a = 0; a < nf; a++)
          PF_CALL(add_entry(ctx, buf, n, cap, conn[a], fw[3 * a],
                            L->type == PF_LOAD_PRESSURE ? fp + 3 * a : NULL));
      }
    }
    if (L->type == PF_LOAD_SURFACE_FORCE) {
      if (!(area > 0.0))
        return pf_error_at(ctx, &L->target_loc, "surface '%s' has zero area", L->target);
      for (int64_t k = first; k < *n; k++) (*buf)[k].w /= area;
    }
    if (L->type == PF_LOAD_PRESSURE)
      for (int64_t k = first; k < *n; k++) (*buf)[k].w = 0.0;
  } else if (L->type == PF_LOAD_GRAVITY) {
    for (int64_t k = 0; k < model->load_elem_count[i]; k++) {
      const int64_t g = model->load_elems[i][k];
      if (!el->active[g]) continue;
      const pf_material_desc *mat = &model->desc->materials[model->elem_material[g]];
      if (mat->density == 0.0) continue;
      pf_elem_type t;
      int64_t e;
      pf_mesh_elem_locate(mesh, g, &t, &e);
      const int nn = pf_elem_nodes(t);
      const int64_t *conn = mesh->blocks[t].conn + e * nn;
      double X[3 * PF_MAX_NODES], fe[3 * PF_MAX_NODES];
      pf_fem_gather_X(mesh, t, e, X);
      if (t == PF_ELEM_TRUSS2) {
        const double dx = X[3] - X[0], dy = X[4] - X[1], dz = X[5] - X[2];
        fe[0] = fe[3] = 0.5 * mat->density * mat->area * sqrt(dx * dx + dy * dy + dz * dz);
      } else {
        const double b[3] = {mat->density, 0, 0};
        pf_fem_body_force(t, X, b, fe);
      }
      for (int a = 0; a < nn; a++) PF_CALL(add_entry(ctx, buf, n, cap, conn[a], fe[3 * a], NULL));
    }
  }
  return PF_OK;
}

static int build_loads(pf_context *ctx, const pf_model *model, const pf_nl_elements *el,
                       pf_nl_system *s) {
  const int nl = model->desc->n_loads;
  load_entry *buf = NULL;
  int64_t n = 0, cap = 0;
  int ierr = PF_OK;
  s->n_loads = nl;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nl + 1, &s->load_ptr));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, nl + 1, &s->load_body));
  for (int i = 0; i < nl; i++) {
    const pf_load_desc *L = &model->desc->loads[i];
    s->load_body[i] = -1;
    if (L->type == PF_LOAD_BODY_FORCE || L->type == PF_LOAD_BODY_MOMENT)
      for (int b = 0; b < model->desc->n_bodies && s->load_body[i] < 0; b++)
        if (!strcmp(model->desc->bodies[b].name, L->target)) s->load_body[i] = b;
  }
  for (int i = 0; i < nl; i++) {
    const int64_t first = n;
    PF_CALL_GOTO(ierr, done, load_weights(ctx, model, el, i, &buf, &n, &cap));
    /* merge the entries of one node (faces and elements share nodes), in node order */
    if (n > first) /* a load on a body has no node entries (and buf may still be NULL) */
      qsort(buf + first, (size_t)(n - first), sizeof(load_entry), cmp_entry);
    int64_t m = first;
    for (int64_t k = first; k < n; k++) {
      if (m > first && buf[m - 1].node == buf[k].node) {
        buf[m - 1].w += buf[k].w;
        for (int j = 0; j < 3; j++) buf[m - 1].n[j] += buf[k].n[j];
      } else {
        buf[m++] = buf[k];
      }
    }
    n = m;
    s->load_ptr[i + 1] = n;
  }
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &s->load_node));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, n, &s->load_w));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, 3 * n, &s->load_nvec));
  for (int64_t k = 0; k < n; k++) {
    s->load_node[k] = buf[k].node;
    s->load_w[k] = buf[k].w;
    memcpy(s->load_nvec + 3 * k, buf[k].n, sizeof(buf[k].n));
  }
done:
  free(buf);
  return ierr;
}

int pf_nl_system_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                        const pf_nl_elements *el, pf_nl_system **sys_out) {
  pf_nl_system *s = NULL;
  int ierr;
  *sys_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &s));
  if (model->desc->contact.active) { /* the penalty scales with the faces' elements */
    double *E = NULL;
    PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, el->n_elems, &E));
    for (int64_t g = 0; g < el->n_elems; g++) E[g] = pf_nl_elements_youngs(el, model, g);
    ierr = pf_contact_create(ctx, model, kin, E, &s->contact);
    free(E);
    if (ierr) goto fail;
  }
  PF_CALL_GOTO(ierr, fail, build_pattern(ctx, model, kin, el, s));
  PF_CALL_GOTO(ierr, fail, build_colouring(ctx, model, kin, el, s));
  PF_CALL_GOTO(ierr, fail, build_loads(ctx, model, el, s));
  *sys_out = s;
  return PF_OK;
fail:
  pf_nl_system_destroy(&s);
  return ierr;
}

int pf_nl_external(pf_context *ctx, const pf_model *model, const pf_nl_system *sys,
                   const pf_kinematics *kin, const double *load_value, double *f_ext) {
  (void)ctx;
  memset(f_ext, 0, (size_t)sys->n_dofs * sizeof(double));
  pf_link links[PF_KIN_MAX_LINKS];
  for (int i = 0; i < sys->n_loads; i++) {
    const double *v = load_value + 3 * i;
    if (v[0] == 0.0 && v[1] == 0.0 && v[2] == 0.0) continue;
    const pf_load_desc *L = &model->desc->loads[i];
    if (L->type == PF_LOAD_BODY_FORCE || L->type == PF_LOAD_BODY_MOMENT) {
      const int body = sys->load_body[i];
      if (body < 0) continue;
      const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, body));
      const int shift = L->type == PF_LOAD_BODY_MOMENT ? 3 : 0;
      for (int j = 0; j < 3; j++) f_ext[off + shift + j] += v[j];
      continue;
    }
    for (int64_t k = sys->load_ptr[i]; k < sys->load_ptr[i + 1]; k++) {
      double f[3];
      for (int j = 0; j < 3; j++) f[j] = sys->load_w[k] * v[j] + sys->load_nvec[3 * k + j] * v[0];
      const int nl = pf_kin_node_links(kin, sys->load_node[k], links);
      pf_kin_links_scatter(kin, links, nl, f, f_ext);
    }
  }
  return PF_OK;
}
