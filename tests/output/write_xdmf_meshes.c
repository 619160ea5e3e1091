/*
 * Writes the result files that check_xdmf_paraview.py opens with ParaView's own XDMF readers:
 *   xdmf_good.h5 (+ .xdmf): a thick cylinder sector 10 <= r <= 20 mm, 0 <= theta <= 90 deg,
 *     0 <= z <= 10 mm (volume 750 pi mm^3) in curved tet10 elements (Kuhn split of a (r, theta, z)
 *     grid, every tet positively oriented; mid-edge nodes at the mapped midpoints of the
 *     parametric edges, so those of theta edges lie on the circular arcs), plus tet4, hex8 and
 *     truss2 blocks on the same corner nodes; two frames with distinct values in every field.
 *   xdmf_bad.h5 (+ .xdmf): the same with tet10 mid-edge nodes 8 and 9 swapped in every element
 *     (a wrong node order that ParaView must show as inverted volume).
 *   xdmf_frames.h5 (+ .xdmf): the good mesh with 12 frames (3 steps of 4 increments) written by a
 *     run that was interrupted after 6 frames and restarted from frame 4 (pf_output_reopen).
 * Usage: write_xdmf_meshes [FOLDER]
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output_test_util.h"

enum { NR = 2, NT = 4, NZ = 2 };
#define NC ((NR + 1) * (NT + 1) * (NZ + 1))
static const double R0 = 10.0, R1 = 20.0, THETA = M_PI / 2, H = 10.0;

static int corner(int i, int j, int k) { return (k * (NT + 1) + j) * (NR + 1) + i; }

/* Cartesian point of parametric grid coordinates (i, j, k) (fractional for mid-edges). */
static void map_point(double i, double j, double k, double x[3]) {
  const double r = R0 + (R1 - R0) * i / NR, t = THETA * j / NT;
  x[0] = r * cos(t);
  x[1] = r * sin(t);
  x[2] = H * k / NZ;
}

typedef struct {
  pf_mesh *m;
  int64_t cap;
  int64_t edge_node[NC][NC]; /* mid-edge node of corner pair, -1 if not yet made */
  double grid[NC][3];        /* parametric (i, j, k) of each corner */
} builder;

static int64_t add_node(builder *b, const double x[3]) {
  pf_mesh *m = b->m;
  if (m->n_nodes == b->cap) {
    b->cap *= 2;
    m->x = (double *)realloc(m->x, (size_t)(3 * b->cap) * sizeof(double));
    m->node_ids = (int64_t *)realloc(m->node_ids, (size_t)b->cap * sizeof(int64_t));
  }
  memcpy(m->x + 3 * m->n_nodes, x, 3 * sizeof(double));
  m->node_ids[m->n_nodes] = 1 + m->n_nodes;
  return m->n_nodes++;
}

static int64_t mid_node(builder *b, int a, int c) {
  if (b->edge_node[a][c] < 0) {
    double x[3];
    map_point(0.5 * (b->grid[a][0] + b->grid[c][0]), 0.5 * (b->grid[a][1] + b->grid[c][1]),
              0.5 * (b->grid[a][2] + b->grid[c][2]), x);
    b->edge_node[a][c] = b->edge_node[c][a] = add_node(b, x);
  }
  return b->edge_node[a][c];
}

static pf_mesh *build(pf_context *ctx, int swap89) {
  static builder b;
  memset(&b, 0, sizeof(b));
  memset(b.edge_node, -1, sizeof(b.edge_node));
  pf_mesh_create(ctx, &b.m);
  b.cap = 64;
  b.m->x = (double *)malloc((size_t)(3 * b.cap) * sizeof(double));
  b.m->node_ids = (int64_t *)malloc((size_t)b.cap * sizeof(int64_t));
  for (int k = 0; k <= NZ; k++)
    for (int j = 0; j <= NT; j++)
      for (int i = 0; i <= NR; i++) {
        double x[3];
        const int c = corner(i, j, k);
        b.grid[c][0] = i;
        b.grid[c][1] = j;
        b.grid[c][2] = k;
        map_point(i, j, k, x);
        add_node(&b, x);
      }
  /* Kuhn split: the path (0,0,0) -> +e_p0 -> +e_p1 -> (1,1,1) for each permutation p; its
   * orientation is the sign of p (the map (r, theta, z) -> x has det = r > 0). */
  static const int perm[6][3] = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}};
  static const int local_edges[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  int64_t tet10[6 * NR * NT * NZ][10], tet4[6][4], hex[NR * NT * NZ][8], truss[3][2];
  int nt = 0, nh = 0;
  for (int k = 0; k < NZ; k++)
    for (int j = 0; j < NT; j++)
      for (int i = 0; i < NR; i++) {
        for (int p = 0; p < 6; p++) {
          int v[4][3] = {{i, j, k}};
          for (int s = 1; s < 4; s++) {
            memcpy(v[s], v[s - 1], sizeof(v[s]));
            if (s < 3)
              v[s][perm[p][s - 1]]++;
            else
              v[3][0] = i + 1, v[3][1] = j + 1, v[3][2] = k + 1;
          }
          int c[4];
          for (int s = 0; s < 4; s++) c[s] = corner(v[s][0], v[s][1], v[s][2]);
          if (p >= 3) { /* odd permutation: swap two corners for positive orientation */
            int tmp = c[1];
            c[1] = c[2];
            c[2] = tmp;
          }
          for (int s = 0; s < 4; s++) tet10[nt][s] = c[s];
          for (int e = 0; e < 6; e++)
            tet10[nt][4 + e] = mid_node(&b, c[local_edges[e][0]], c[local_edges[e][1]]);
          if (swap89) {
            int64_t tmp = tet10[nt][8];
            tet10[nt][8] = tet10[nt][9];
            tet10[nt][9] = tmp;
          }
          if (i == 0 && j == 0 && k == 0) memcpy(tet4[p], tet10[nt], sizeof(tet4[p]));
          nt++;
        }
        const int h[8] = {corner(i, j, k),
                          corner(i + 1, j, k),
                          corner(i + 1, j + 1, k),
                          corner(i, j + 1, k),
                          corner(i, j, k + 1),
                          corner(i + 1, j, k + 1),
                          corner(i + 1, j + 1, k + 1),
                          corner(i, j + 1, k + 1)};
        for (int s = 0; s < 8; s++) hex[nh][s] = h[s];
        nh++;
      }
  for (int s = 0; s < 3; s++) {
    truss[s][0] = corner(NR, s, 0);
    truss[s][1] = corner(NR, s, NZ);
  }
  test_set_block(b.m, PF_ELEM_TET4, 6, &tet4[0][0], 1);
  test_set_block(b.m, PF_ELEM_TET10, nt, &tet10[0][0], 101);
  test_set_block(b.m, PF_ELEM_HEX8, nh, &hex[0][0], 1001);
  test_set_block(b.m, PF_ELEM_TRUSS2, 3, &truss[0][0], 2001);
  return b.m;
}

/* Frame `frame` of m: displacement u = (c + 1) 0.01 x + frame + junk, distinct element fields. */
static int write_one_frame(pf_output *out, const pf_mesh *m, int frame, int step_index,
                           double load_factor, double junk) {
  pf_output_frame fr = {
      .step_name = "load", .step_index = step_index, .load_factor = load_factor, .converged = 1};
  double *u = (double *)malloc((size_t)(3 * m->n_nodes) * sizeof(double));
  double *f6[2][PF_ELEM_NUM_TYPES], *f1[3][PF_ELEM_NUM_TYPES];
  for (int64_t i = 0; i < m->n_nodes; i++)
    for (int c = 0; c < 3; c++) u[3 * i + c] = (c + 1) * 0.01 * m->x[3 * i + c] + frame + junk;
  fr.displacement = u;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const int64_t n = m->blocks[t].count;
    for (int k = 0; k < 2; k++) {
      f6[k][t] = (double *)malloc((size_t)(6 * n) * sizeof(double));
      for (int64_t e = 0; e < 6 * n; e++)
        f6[k][t][e] = 1000.0 * frame + 100.0 * k + 10.0 * (double)(e / 6) + (double)(e % 6 + 1);
    }
    for (int k = 0; k < 3; k++) {
      f1[k][t] = (double *)malloc((size_t)n * sizeof(double));
      for (int64_t e = 0; e < n; e++) f1[k][t][e] = 1000.0 * frame + 7.0 * k + 0.5 * e + t;
    }
    fr.stress[t] = f6[0][t];
    fr.strain[t] = f6[1][t];
    fr.von_mises[t] = f1[0][t];
    fr.min_J[t] = t == PF_ELEM_TRUSS2 ? NULL : f1[1][t];
    fr.axial_force[t] = t == PF_ELEM_TRUSS2 ? f1[2][t] : NULL;
  }
  int ierr = pf_output_write_frame(out, &fr);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    for (int k = 0; k < 2; k++) free(f6[k][t]);
    for (int k = 0; k < 3; k++) free(f1[k][t]);
  }
  free(u);
  return ierr;
}

static int open_with_mesh(pf_context *ctx, const char *path, pf_mesh *m, pf_output **out) {
  pf_output_meta meta = {.title = "xdmf check", .threads = 1};
  if (pf_output_open(ctx, path, &meta, out)) return 1;
  const int64_t ne = m->elem_offset[PF_ELEM_NUM_TYPES];
  int32_t *region = (int32_t *)malloc((size_t)ne * sizeof(int32_t));
  for (int64_t e = 0; e < ne; e++) region[e] = (int32_t)(e % 3);
  const char *names[3] = {"soft_tissue", "fascia", "bone"};
  int ierr = pf_output_write_mesh(*out, m, 3, names, region);
  free(region);
  return ierr;
}

static int finish(pf_context *ctx, const char *path, pf_output **out, int ierr,
                  const char *status) {
  if (ierr) {
    fprintf(stderr, "%s: %s\n", path, pf_context_error(ctx));
    pf_output_close(out, "failed", pf_context_error(ctx));
    return 1;
  }
  return pf_output_close(out, status, "") != PF_OK;
}

/* Two frames of step 0, at load factors 0.5 and 1 (Time 0.5 and 1). */
static int write_file(pf_context *ctx, const char *path, pf_mesh *m) {
  pf_output *out = NULL;
  int ierr = open_with_mesh(ctx, path, m, &out);
  for (int frame = 0; frame < 2 && !ierr; frame++)
    ierr = write_one_frame(out, m, frame, 0, 0.5 * (frame + 1), 0.0);
  return finish(ctx, path, &out, ierr, "complete");
}

/* A restarted run of FRAMES frames, three steps of four increments (Time 0.25, 0.5, ... 3):
 * the first session writes frames 0-5 and is interrupted; the restart keeps frames 0-3 (frames 4
 * and 5 carry junk: had they survived, their displacement would be off by 1000) and writes 4-11. */
enum { FRAMES = 12 };
static int write_restarted(pf_context *ctx, const char *path, pf_mesh *m) {
  pf_output *out = NULL;
  int ierr = open_with_mesh(ctx, path, m, &out);
  for (int k = 0; k < 6 && !ierr; k++)
    ierr = write_one_frame(out, m, k, k / 4, 0.25 * (k % 4 + 1), k >= 4 ? 1000.0 : 0.0);
  if (finish(ctx, path, &out, ierr, "interrupted")) return 1;
  char part[1100];
  snprintf(part, sizeof(part), "%s.part", path);
  ierr = pf_output_reopen(ctx, part, 4, &out);
  for (int k = 4; k < FRAMES && !ierr; k++)
    ierr = write_one_frame(out, m, k, k / 4, 0.25 * (k % 4 + 1), 0.0);
  return finish(ctx, path, &out, ierr, "complete");
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  char path[1024];
  int bad = 0;
  for (int swap = 0; swap < 2; swap++) {
    pf_mesh *m = build(ctx, swap);
    snprintf(path, sizeof(path), "%s/xdmf_%s.h5", dir, swap ? "bad" : "good");
    bad |= write_file(ctx, path, m);
    printf("%s: %lld nodes, %lld tet10, %lld hex8\n", path, (long long)m->n_nodes,
           (long long)m->blocks[PF_ELEM_TET10].count, (long long)m->blocks[PF_ELEM_HEX8].count);
    if (!swap) {
      snprintf(path, sizeof(path), "%s/xdmf_frames.h5", dir);
      bad |= write_restarted(ctx, path, m);
      printf("%s: %d frames over a restart\n", path, FRAMES);
    }
    pf_mesh_destroy(&m);
  }
  pf_context_destroy(&ctx);
  return bad;
}
