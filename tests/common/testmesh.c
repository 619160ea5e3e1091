/* Structured verification meshes for tests (see testmesh.h). */
#include "testmesh.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*tm_map)(const double p[3], const void *data, double x[3]);

typedef struct {
  double L[3];
} box_data;
typedef struct {
  double a, b, angle, H;
} ring_data;

static void map_box(const double p[3], const void *data, double x[3]) {
  const box_data *d = data;
  for (int i = 0; i < 3; i++) x[i] = p[i] * d->L[i];
}

static void map_ring(const double p[3], const void *data, double x[3]) {
  const ring_data *d = data;
  const double r = d->a + (d->b - d->a) * p[0], t = d->angle * p[1];
  x[0] = r * cos(t);
  x[1] = r * sin(t);
  x[2] = d->H * p[2];
}

/* Deterministic uniform numbers in [-1, 1] (a 64-bit LCG; tests need no quality beyond that). */
static double lcg(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(*s >> 11) / (double)(1ull << 53) * 2.0 - 1.0;
}

static int add_nset(pf_mesh *m, const char *name, const int64_t *nodes, int64_t n) {
  m->nsets = realloc(m->nsets, (size_t)(m->n_nsets + 1) * sizeof(*m->nsets));
  pf_nset *s = &m->nsets[m->n_nsets++];
  s->name = strdup(name);
  s->count = n;
  s->nodes = malloc((size_t)(n ? n : 1) * sizeof(int64_t));
  memcpy(s->nodes, nodes, (size_t)n * sizeof(int64_t));
  return 0;
}

static int build(pf_context *ctx, pf_elem_type type, const int n[3], tm_map map, const void *data,
                 double perturb, unsigned seed, const char *const face_names[6], int corner_sets,
                 pf_mesh **out) {
  const int64_t R[3] = {2 * n[0] + 1, 2 * n[1] + 1, 2 * n[2] + 1};
  const int64_t nref = R[0] * R[1] * R[2];
  const int nn = pf_elem_nodes(type);
  const int64_t ncell = (int64_t)n[0] * n[1] * n[2];
  const int64_t nelem = type == PF_ELEM_HEX8 ? ncell : 6 * ncell;
  int64_t *conn = malloc((size_t)(nelem * nn) * sizeof(int64_t)); /* refined indices first */
  int64_t *newid = malloc((size_t)nref * sizeof(int64_t));
  if (!conn || !newid) return -1;
#define RIDX(i, j, k) (((int64_t)(k)*R[1] + (j)) * R[0] + (i))
  int64_t e = 0;
  static const int hexv[8][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                                 {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  static const int edges[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  for (int c2 = 0; c2 < n[2]; c2++)
    for (int c1 = 0; c1 < n[1]; c1++)
      for (int c0 = 0; c0 < n[0]; c0++) {
        const int base[3] = {2 * c0, 2 * c1, 2 * c2};
        if (type == PF_ELEM_HEX8) {
          for (int a = 0; a < 8; a++)
            conn[e * 8 + a] =
                RIDX(base[0] + 2 * hexv[a][0], base[1] + 2 * hexv[a][1], base[2] + 2 * hexv[a][2]);
          e++;
          continue;
        }
        for (int p = 0; p < 6; p++) {
          int v[4][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}};
          v[1][perms[p][0]] = 1;
          v[2][perms[p][0]] = 1;
          v[2][perms[p][1]] = 1;
          /* orientation in parameter space: swap 1 and 2 when negative */
          double d1[3], d2[3], d3[3];
          for (int i = 0; i < 3; i++) d1[i] = v[1][i], d2[i] = v[2][i], d3[i] = v[3][i];
          double det = d1[0] * (d2[1] * d3[2] - d2[2] * d3[1]) -
                       d1[1] * (d2[0] * d3[2] - d2[2] * d3[0]) +
                       d1[2] * (d2[0] * d3[1] - d2[1] * d3[0]);
          if (det < 0)
            for (int i = 0; i < 3; i++) {
              int t = v[1][i];
              v[1][i] = v[2][i];
              v[2][i] = t;
            }
          int rc[10][3];
          for (int a = 0; a < 4; a++)
            for (int i = 0; i < 3; i++) rc[a][i] = base[i] + 2 * v[a][i];
          for (int k = 0; k < 6 && type == PF_ELEM_TET10; k++)
            for (int i = 0; i < 3; i++)
              rc[4 + k][i] = (rc[edges[k][0]][i] + rc[edges[k][1]][i]) / 2;
          for (int a = 0; a < nn; a++) conn[e * nn + a] = RIDX(rc[a][0], rc[a][1], rc[a][2]);
          e++;
        }
      }
  /* compact numbering of the refined grid points in use */
  for (int64_t r = 0; r < nref; r++) newid[r] = -1;
  for (int64_t k = 0; k < nelem * nn; k++) newid[conn[k]] = 0;
  int64_t nnodes = 0;
  for (int64_t r = 0; r < nref; r++)
    if (newid[r] >= 0) newid[r] = nnodes++;

  pf_mesh *m;
  if (pf_mesh_create(ctx, &m)) return -1;
  m->source = strdup("testmesh");
  m->n_nodes = nnodes;
  m->x = malloc((size_t)(3 * nnodes) * sizeof(double));
  m->node_ids = malloc((size_t)nnodes * sizeof(int64_t));
  int64_t *refof = malloc((size_t)nnodes * sizeof(int64_t));
  uint64_t state = 0x9E3779B97F4A7C15ull ^ seed;
  for (int64_t r = 0; r < nref; r++) {
    if (newid[r] < 0) continue;
    const int64_t v = newid[r];
    const int64_t ijk[3] = {r % R[0], (r / R[0]) % R[1], r / (R[0] * R[1])};
    double p[3];
    for (int i = 0; i < 3; i++) p[i] = (double)ijk[i] / (double)(R[i] - 1);
    int corner = ijk[0] % 2 == 0 && ijk[1] % 2 == 0 && ijk[2] % 2 == 0;
    int interior = ijk[0] > 0 && ijk[0] < R[0] - 1 && ijk[1] > 0 && ijk[1] < R[1] - 1 &&
                   ijk[2] > 0 && ijk[2] < R[2] - 1;
    if (perturb > 0 && corner && interior)
      for (int i = 0; i < 3; i++) p[i] += perturb * lcg(&state) / (double)n[i];
    map(p, data, m->x + 3 * v);
    m->node_ids[v] = v + 1;
    refof[v] = r;
  }
  for (int64_t k = 0; k < nelem * nn; k++) conn[k] = newid[conn[k]];
  if (perturb > 0 && type == PF_ELEM_TET10) /* straight edges between perturbed corners */
    for (int64_t q = 0; q < nelem; q++)
      for (int k = 0; k < 6; k++)
        for (int i = 0; i < 3; i++)
          m->x[3 * conn[q * 10 + 4 + k] + i] = 0.5 * (m->x[3 * conn[q * 10 + edges[k][0]] + i] +
                                                      m->x[3 * conn[q * 10 + edges[k][1]] + i]);
  m->blocks[type].count = nelem;
  m->blocks[type].conn = conn;
  m->blocks[type].ids = malloc((size_t)nelem * sizeof(int64_t));
  for (int64_t q = 0; q < nelem; q++) m->blocks[type].ids[q] = q + 1;
  for (int t = 0; t <= PF_ELEM_NUM_TYPES; t++) m->elem_offset[t] = t > (int)type ? nelem : 0;

  m->n_elsets = 1;
  m->elsets = calloc(1, sizeof(*m->elsets));
  m->elsets[0].name = strdup("block");
  m->elsets[0].count = nelem;
  m->elsets[0].elems = malloc((size_t)nelem * sizeof(int64_t));
  for (int64_t q = 0; q < nelem; q++) m->elsets[0].elems[q] = q;

  /* node sets and surfaces of the six parametric faces */
  int64_t *buf = malloc((size_t)nnodes * sizeof(int64_t));
  m->surfaces = calloc(6, sizeof(*m->surfaces));
  for (int f = 0; f < 6; f++) {
    const int d = f / 2;
    const int64_t want = (f % 2) ? R[d] - 1 : 0;
    int64_t cnt = 0;
    for (int64_t v = 0; v < nnodes; v++) {
      const int64_t r = refof[v];
      const int64_t ijk[3] = {r % R[0], (r / R[0]) % R[1], r / (R[0] * R[1])};
      if (ijk[d] == want) buf[cnt++] = v;
    }
    add_nset(m, face_names[f], buf, cnt);
    pf_surface *s = &m->surfaces[m->n_surfaces++];
    s->name = strdup(face_names[f]);
    const int nf = pf_elem_num_faces(type);
    const pf_face_type ft = pf_elem_face_type(type, 0);
    const int fn = pf_face_nodes(ft);
    s->conn[ft] = malloc((size_t)(nelem * nf * fn) * sizeof(int64_t));
    s->parent[ft] = malloc((size_t)(nelem * nf) * sizeof(int64_t));
    for (int64_t q = 0; q < nelem; q++)
      for (int k = 0; k < nf; k++) {
        const int *loc = pf_elem_face_local(type, k);
        int on = 1;
        for (int a = 0; a < fn && on; a++) {
          const int64_t r = refof[conn[q * nn + loc[a]]];
          const int64_t ijk[3] = {r % R[0], (r / R[0]) % R[1], r / (R[0] * R[1])};
          on = ijk[d] == want;
        }
        if (!on) continue;
        for (int a = 0; a < fn; a++) s->conn[ft][s->count[ft] * fn + a] = conn[q * nn + loc[a]];
        s->parent[ft][s->count[ft]++] = q;
      }
  }
  if (corner_sets)
    for (int c = 0; c < 8; c++) {
      const int64_t want[3] = {(c & 4) ? R[0] - 1 : 0, (c & 2) ? R[1] - 1 : 0,
                               (c & 1) ? R[2] - 1 : 0};
      int64_t v = newid[RIDX(want[0], want[1], want[2])];
      char name[32];
      snprintf(name, sizeof(name), "corner%d%d%d", (c >> 2) & 1, (c >> 1) & 1, c & 1);
      add_nset(m, name, &v, 1);
    }
#undef RIDX
  free(buf);
  free(refof);
  free(newid);
  *out = m;
  return 0;
}

int tm_box(pf_context *ctx, pf_elem_type type, const int n[3], const double L[3], double perturb,
           unsigned seed, pf_mesh **mesh) {
  static const char *const names[6] = {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"};
  box_data d = {{L[0], L[1], L[2]}};
  return build(ctx, type, n, map_box, &d, perturb, seed, names, 1, mesh);
}

int tm_ring(pf_context *ctx, pf_elem_type type, const int n[3], double a, double b,
            double angle_deg, double H, pf_mesh **mesh) {
  static const char *const names[6] = {"inner", "outer", "sym_y", "sym_x", "zmin", "zmax"};
  ring_data d = {a, b, angle_deg * M_PI / 180.0, H};
  return build(ctx, type, n, map_ring, &d, 0.0, 0, names, 0, mesh);
}

int tm_write_inp(const pf_mesh *m, const char *path) {
  static const char *solid[PF_ELEM_NUM_TYPES] = {"C3D4", "C3D10", "C3D8", "T3D2"};
  static const char *face[PF_FACE_NUM_TYPES] = {"CPS3", "CPS6", "CPS4"};
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "** pfsim test mesh\n*NODE\n");
  for (int64_t v = 0; v < m->n_nodes; v++)
    fprintf(f, "%lld, %.17g, %.17g, %.17g\n", (long long)m->node_ids[v], m->x[3 * v],
            m->x[3 * v + 1], m->x[3 * v + 2]);
  int64_t next_id = 1;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_block *b = &m->blocks[t];
    if (!b->count) continue;
    const int nn = pf_elem_nodes((pf_elem_type)t);
    fprintf(f, "*ELEMENT, TYPE=%s, ELSET=%s\n", solid[t], m->n_elsets ? m->elsets[0].name : "ALL");
    for (int64_t e = 0; e < b->count; e++) {
      fprintf(f, "%lld", (long long)b->ids[e]);
      for (int a = 0; a < nn; a++)
        fprintf(f, ",%s%lld", a == 7 ? "\n" : " ", (long long)m->node_ids[b->conn[e * nn + a]]);
      fprintf(f, "\n");
      if (b->ids[e] >= next_id) next_id = b->ids[e] + 1;
    }
  }
  for (int s = 0; s < m->n_surfaces; s++)
    for (int ft = 0; ft < PF_FACE_NUM_TYPES; ft++) {
      const pf_surface *S = &m->surfaces[s];
      if (!S->count[ft]) continue;
      const int fn = pf_face_nodes((pf_face_type)ft);
      fprintf(f, "*ELEMENT, TYPE=%s, ELSET=%s\n", face[ft], S->name);
      for (int64_t k = 0; k < S->count[ft]; k++) {
        fprintf(f, "%lld", (long long)next_id++);
        for (int a = 0; a < fn; a++)
          fprintf(f, ", %lld", (long long)m->node_ids[S->conn[ft][k * fn + a]]);
        fprintf(f, "\n");
      }
    }
  for (int s = 0; s < m->n_nsets; s++) {
    fprintf(f, "*NSET, NSET=%s\n", m->nsets[s].name);
    for (int64_t k = 0; k < m->nsets[s].count; k++)
      fprintf(f, "%lld%s", (long long)m->node_ids[m->nsets[s].nodes[k]],
              (k % 10 == 9 || k + 1 == m->nsets[s].count) ? "\n" : ", ");
  }
  int rc = ferror(f) ? -1 : 0;
  if (fclose(f)) rc = -1;
  return rc;
}

int tm_box_inp(pf_elem_type type, const int n[3], const double L[3], double perturb, unsigned seed,
               const char *path) {
  pf_context *ctx = NULL;
  pf_mesh *mesh = NULL;
  int rc = pf_context_create(&ctx) ? -1 : 0;
  if (!rc && tm_box(ctx, type, n, L, perturb, seed, &mesh)) {
    fprintf(stderr, "tm_box_inp(%s): %s\n", path, pf_context_error(ctx));
    rc = -1;
  }
  if (!rc && tm_write_inp(mesh, path)) {
    fprintf(stderr, "tm_box_inp: cannot write %s\n", path);
    rc = -1;
  }
  pf_mesh_destroy(&mesh);
  pf_context_destroy(&ctx);
  return rc;
}
