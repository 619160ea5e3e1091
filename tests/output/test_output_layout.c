/*
 * Result-file layout (DESIGN.md "Result file", docs/results.md): a synthetic model with tet4,
 * tet10, hex8 and truss2 blocks, sets with awkward names, two frames and a summary is written, then
 * every path is read back with the HDF5 C API and compared value by value (exact: the file stores
 * the same doubles). Also checks storage (chunked + shuffle + deflate for large datasets,
 * contiguous for small ones), the sidecar, pf_summary_read and the error paths.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output_test_util.h"

#define N_NODES 20000 /* large enough for /mesh/nodes to be chunked */

static const int64_t counts[PF_ELEM_NUM_TYPES] = {2, 1, 1, 3};

static double disp_value(int frame, int64_t i, int c) { return 0.25 * frame + 1e-3 * i + c; }
static double elem_value(int frame, int t, int64_t e, int c) {
  return 1000.0 * frame + 100.0 * t + 10.0 * e + c + 0.5;
}

static pf_mesh *build_mesh(pf_context *ctx) {
  pf_mesh *m = NULL;
  pf_mesh_create(ctx, &m);
  m->n_nodes = N_NODES;
  m->x = (double *)malloc(3 * N_NODES * sizeof(double));
  m->node_ids = (int64_t *)malloc(N_NODES * sizeof(int64_t));
  for (int64_t i = 0; i < N_NODES; i++) {
    for (int c = 0; c < 3; c++) m->x[3 * i + c] = 0.001 * i * (c + 1);
    m->node_ids[i] = 1000 + 7 * i;
  }
  const int64_t tet4[8] = {0, 1, 2, 3, 1, 2, 3, 4};
  const int64_t tet10[10] = {0, 1, 2, 3, 10, 11, 12, 13, 14, 15};
  const int64_t hex8[8] = {20, 21, 22, 23, 24, 25, 26, 27};
  const int64_t truss[6] = {0, 30, 30, 31, 31, N_NODES - 1};
  test_set_block(m, PF_ELEM_TET4, counts[0], tet4, 101);
  test_set_block(m, PF_ELEM_TET10, counts[1], tet10, 201);
  test_set_block(m, PF_ELEM_HEX8, counts[2], hex8, 301);
  test_set_block(m, PF_ELEM_TRUSS2, counts[3], truss, 401);
  const int64_t clamp[3] = {0, 1, 2}, five[1] = {5};
  test_add_nset(m, "CLAMP", 3, clamp);
  test_add_nset(m, "a/b%c", 1, five);
  test_add_nset(m, ".dot", 0, NULL);
  const int64_t all[7] = {0, 1, 2, 3, 4, 5, 6}, band[1] = {3};
  test_add_elset(m, "all", 7, all);
  test_add_elset(m, "fascia/band", 1, band);
  pf_surface *s = test_add_surface(m, "sole");
  const int64_t tri[6] = {0, 2, 1, 1, 2, 4}, tri_parent[2] = {0, 1};
  const int64_t quad[4] = {20, 23, 22, 21}, quad_parent[1] = {3};
  test_surface_faces(s, PF_FACE_TRI3, 2, tri, tri_parent);
  test_surface_faces(s, PF_FACE_QUAD4, 1, quad, quad_parent);
  s = test_add_surface(m, "top/1");
  const int64_t tri6[6] = {0, 2, 1, 12, 11, 10};
  test_surface_faces(s, PF_FACE_TRI6, 1, tri6, NULL);
  m->source = test_str("synthetic.inp");
  return m;
}

/* Frame data: displacement and every element field (fibre strain only in frame 1). */
typedef struct {
  double *disp;
  double *f6[2][PF_ELEM_NUM_TYPES];
  double *f1[4][PF_ELEM_NUM_TYPES];
} frame_data;

static void fill_frame(int frame, frame_data *d, pf_output_frame *fr) {
  memset(fr, 0, sizeof(*fr));
  d->disp = (double *)malloc(3 * N_NODES * sizeof(double));
  for (int64_t i = 0; i < N_NODES; i++)
    for (int c = 0; c < 3; c++) d->disp[3 * i + c] = disp_value(frame, i, c);
  fr->displacement = d->disp;
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    for (int k = 0; k < 2; k++) {
      d->f6[k][t] = (double *)malloc(6 * counts[t] * sizeof(double));
      for (int64_t e = 0; e < counts[t]; e++)
        for (int c = 0; c < 6; c++) d->f6[k][t][6 * e + c] = elem_value(frame, t, e, c) + k;
    }
    for (int k = 0; k < 4; k++) {
      d->f1[k][t] = (double *)malloc(counts[t] * sizeof(double));
      for (int64_t e = 0; e < counts[t]; e++) d->f1[k][t][e] = elem_value(frame, t, e, 10 + k);
    }
    fr->strain[t] = d->f6[0][t];
    fr->stress[t] = d->f6[1][t];
    fr->von_mises[t] = d->f1[0][t];
    fr->min_J[t] = t == PF_ELEM_TRUSS2 ? NULL : d->f1[1][t];
    fr->fibre_strain[t] = (frame == 1 && t == PF_ELEM_TET10) ? d->f1[2][t] : NULL;
    fr->axial_force[t] = t == PF_ELEM_TRUSS2 ? d->f1[3][t] : NULL;
  }
}

static void free_frame(frame_data *d) {
  free(d->disp);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    for (int k = 0; k < 2; k++) free(d->f6[k][t]);
    for (int k = 0; k < 4; k++) free(d->f1[k][t]);
  }
}

static void expect_str(hid_t f, const char *path, const char *name, const char *want) {
  char *got = h5_attr_str(f, path, name);
  PF_EXPECT(got && strcmp(got, want) == 0, "%s@%s = '%s', expected '%s'", path, name,
            got ? got : "(absent)", want);
  free(got);
}

/* Dataset path has the given dims (rank 1 when d1 < 0). */
static void expect_dims(hid_t f, const char *path, hsize_t d0, long long d1) {
  hsize_t dims[2];
  int rank = h5_dims(f, path, dims);
  PF_EXPECT(rank == (d1 < 0 ? 1 : 2), "%s: rank %d", path, rank);
  PF_EXPECT(dims[0] == d0 && (d1 < 0 || dims[1] == (hsize_t)d1), "%s: dims %llu x %llu", path,
            (unsigned long long)dims[0], (unsigned long long)dims[1]);
}

/* Storage of a dataset: chunked with shuffle + deflate and chunks within the dataset, or
 * contiguous. */
static void expect_storage(hid_t f, const char *path, int chunked) {
  hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
  hid_t p = H5Dget_create_plist(d);
  H5D_layout_t layout = H5Pget_layout(p);
  PF_EXPECT((layout == H5D_CHUNKED) == chunked, "%s: layout %d, expected %s", path, (int)layout,
            chunked ? "chunked" : "contiguous");
  if (layout == H5D_CHUNKED) {
    hsize_t chunk[2] = {0, 0}, dims[2];
    int rank = H5Pget_chunk(p, 2, chunk);
    h5_dims(f, path, dims);
    for (int k = 0; k < rank; k++)
      PF_EXPECT(chunk[k] >= 1 && chunk[k] <= dims[k], "%s: chunk %llu > dim %llu", path,
                (unsigned long long)chunk[k], (unsigned long long)dims[k]);
    unsigned flags;
    PF_EXPECT(H5Pget_filter_by_id2(p, H5Z_FILTER_SHUFFLE, &flags, NULL, NULL, 0, NULL, NULL) >= 0,
              "%s: no shuffle filter", path);
    PF_EXPECT(H5Pget_filter_by_id2(p, H5Z_FILTER_DEFLATE, &flags, NULL, NULL, 0, NULL, NULL) >= 0,
              "%s: no deflate filter", path);
  }
  H5Pclose(p);
  H5Dclose(d);
}

static void check_mesh(hid_t f, const pf_mesh *m) {
  expect_dims(f, "/mesh/nodes", N_NODES, 3);
  expect_storage(f, "/mesh/nodes", 1);
  double *x = h5_read_f64(f, "/mesh/nodes");
  int bad = 0;
  for (int64_t k = 0; x && k < 3 * N_NODES; k++) bad += x[k] != m->x[k];
  PF_EXPECT(x && bad == 0, "/mesh/nodes: %d values differ", bad);
  free(x);
  int64_t *ids = h5_read_i64(f, "/mesh/node_ids");
  bad = 0;
  for (int64_t k = 0; ids && k < N_NODES; k++) bad += ids[k] != m->node_ids[k];
  PF_EXPECT(ids && bad == 0, "/mesh/node_ids: %d values differ", bad);
  free(ids);
  const int32_t want_region[7] = {0, 0, 1, -1, 2, 2, 2};
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    char path[128];
    const char *tn = pf_elem_name((pf_elem_type)t);
    const int k = pf_elem_nodes((pf_elem_type)t);
    snprintf(path, sizeof(path), "/mesh/elements/%s/connectivity", tn);
    expect_dims(f, path, counts[t], k);
    expect_storage(f, path, 0);
    int64_t *conn = h5_read_i64(f, path);
    for (int64_t j = 0; conn && j < counts[t] * k; j++)
      PF_EXPECT(conn[j] == m->blocks[t].conn[j], "%s[%lld]", path, (long long)j);
    free(conn);
    snprintf(path, sizeof(path), "/mesh/elements/%s/ids", tn);
    int64_t *eid = h5_read_i64(f, path);
    expect_dims(f, path, counts[t], -1);
    for (int64_t e = 0; eid && e < counts[t]; e++)
      PF_EXPECT(eid[e] == 101 + 100 * t + e, "%s[%lld] = %lld", path, (long long)e,
                (long long)eid[e]);
    free(eid);
    snprintf(path, sizeof(path), "/mesh/elements/%s/region", tn);
    expect_dims(f, path, counts[t], -1);
    int64_t *reg = h5_read_i64(f, path);
    for (int64_t e = 0; reg && e < counts[t]; e++)
      PF_EXPECT(reg[e] == want_region[m->elem_offset[t] + e], "%s[%lld]", path, (long long)e);
    free(reg);
    snprintf(path, sizeof(path), "/mesh/elements/%s", tn);
    PF_EXPECT(h5_attr_num(f, path, "global_offset") == (double)m->elem_offset[t],
              "%s@global_offset", path);
  }
  /* /mesh/regions: strings, index = region number */
  hid_t d = H5Dopen2(f, "/mesh/regions", H5P_DEFAULT);
  PF_EXPECT(d >= 0, "/mesh/regions missing");
  if (d >= 0) {
    char *names[3] = {0};
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    expect_dims(f, "/mesh/regions", 3, -1);
    PF_EXPECT(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) >= 0, "read /mesh/regions");
    PF_EXPECT(names[0] && strcmp(names[0], "soft_tissue") == 0, "region 0");
    PF_EXPECT(names[2] && strcmp(names[2], "lig/1") == 0, "region 2");
    for (int i = 0; i < 3; i++) H5free_memory(names[i]);
    H5Tclose(t);
    H5Dclose(d);
  }
  /* sets: escaped link names, original name as attribute */
  expect_dims(f, "/mesh/node_sets/CLAMP", 3, -1);
  expect_dims(f, "/mesh/node_sets/a%2Fb%25c", 1, -1);
  expect_str(f, "/mesh/node_sets/a%2Fb%25c", "name", "a/b%c");
  expect_dims(f, "/mesh/node_sets/%2Edot", 0, -1);
  expect_str(f, "/mesh/node_sets/%2Edot", "name", ".dot");
  int64_t *ns = h5_read_i64(f, "/mesh/node_sets/CLAMP");
  PF_EXPECT(ns && ns[0] == 0 && ns[2] == 2, "/mesh/node_sets/CLAMP values");
  free(ns);
  expect_dims(f, "/mesh/element_sets/all", 7, -1);
  int64_t *es = h5_read_i64(f, "/mesh/element_sets/fascia%2Fband");
  PF_EXPECT(es && es[0] == 3, "/mesh/element_sets/fascia%%2Fband = global element 3");
  free(es);
  expect_dims(f, "/mesh/surfaces/sole/tri3", 2, 3);
  expect_dims(f, "/mesh/surfaces/sole/tri3_parent", 2, -1);
  expect_dims(f, "/mesh/surfaces/sole/quad4", 1, 4);
  PF_EXPECT(!h5_exists(f, "/mesh/surfaces/sole/tri6"), "no empty face type");
  expect_dims(f, "/mesh/surfaces/top%2F1/tri6", 1, 6);
  PF_EXPECT(!h5_exists(f, "/mesh/surfaces/top%2F1/tri6_parent"), "no parent when unknown");
  expect_str(f, "/mesh/surfaces/top%2F1", "name", "top/1");
  int64_t *q = h5_read_i64(f, "/mesh/surfaces/sole/quad4");
  PF_EXPECT(q && q[0] == 20 && q[1] == 23 && q[3] == 21, "/mesh/surfaces/sole/quad4 values");
  free(q);
}

static void check_frame(hid_t f, int frame) {
  char g[64], path[160];
  snprintf(g, sizeof(g), "/steps/%04d", frame);
  expect_str(f, g, "step_name", frame ? "standing" : "unloaded");
  PF_EXPECT(h5_attr_num(f, g, "step_index") == frame, "%s@step_index", g);
  PF_EXPECT(h5_attr_num(f, g, "load_factor") == 0.5 * (frame + 1), "%s@load_factor", g);
  PF_EXPECT(h5_attr_num(f, g, "iterations") == 3 + frame, "%s@iterations", g);
  PF_EXPECT(h5_attr_num(f, g, "converged") == 1, "%s@converged", g);
  PF_EXPECT(h5_attr_num(f, g, "wall_s") == 1.5 + frame, "%s@wall_s", g);
  snprintf(path, sizeof(path), "%s/displacement", g);
  expect_dims(f, path, N_NODES, 3);
  expect_storage(f, path, 1);
  double *u = h5_read_f64(f, path);
  int bad = 0;
  for (int64_t i = 0; u && i < N_NODES; i++)
    for (int c = 0; c < 3; c++) bad += u[3 * i + c] != disp_value(frame, i, c);
  PF_EXPECT(u && bad == 0, "%s: %d values differ", path, bad);
  free(u);
  static const char *const f6[2] = {"strain", "stress"};
  static const char *const f1[4] = {"von_mises", "min_J", "fibre_strain", "axial_force"};
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const char *tn = pf_elem_name((pf_elem_type)t);
    for (int k = 0; k < 2; k++) {
      snprintf(path, sizeof(path), "%s/elements/%s/%s", g, tn, f6[k]);
      expect_dims(f, path, counts[t], 6);
      double *v = h5_read_f64(f, path);
      for (int64_t e = 0; v && e < counts[t]; e++)
        for (int c = 0; c < 6; c++)
          PF_EXPECT_NEAR(v[6 * e + c], elem_value(frame, t, e, c) + k, 0.0);
      free(v);
    }
    for (int k = 0; k < 4; k++) {
      const int present = k == 0 || (k == 1 && t != PF_ELEM_TRUSS2) ||
                          (k == 2 && frame == 1 && t == PF_ELEM_TET10) ||
                          (k == 3 && t == PF_ELEM_TRUSS2);
      snprintf(path, sizeof(path), "%s/elements/%s/%s", g, tn, f1[k]);
      PF_EXPECT(h5_exists(f, path) == present, "%s present = %d", path, !present);
      if (!present) continue;
      expect_dims(f, path, counts[t], -1);
      double *v = h5_read_f64(f, path);
      for (int64_t e = 0; v && e < counts[t]; e++)
        PF_EXPECT_NEAR(v[e], elem_value(frame, t, e, 10 + k), 0.0);
      free(v);
    }
  }
  snprintf(path, sizeof(path), "%s/reactions/CLAMP", g);
  expect_dims(f, path, 3, -1);
  double *r = h5_read_f64(f, path);
  PF_EXPECT(r && r[0] == 1.0 + frame && r[2] == -3.0, "%s values", path);
  free(r);
  snprintf(path, sizeof(path), "%s/reaction_moments/CLAMP", g);
  PF_EXPECT(!h5_exists(f, path), "%s must not exist", path);
  snprintf(path, sizeof(path), "%s/reaction_moments/ref%%2Fnode", g);
  double *mo = h5_read_f64(f, path);
  PF_EXPECT(mo && mo[1] == 20.0 && mo[2] == 30.0, "%s values", path);
  free(mo);
  expect_str(f, path, "name", "ref/node");
  snprintf(path, sizeof(path), "%s/solver", g);
  expect_str(f, path, "backend", "cholmod-supernodal");
  expect_str(f, path, "ordering", "metis-nodes");
  static const char *const num[] = {"n",          "nnz_A",        "t_analyse", "t_factor",
                                    "t_solve",    "nnz_L",        "flops",     "factor_bytes",
                                    "iterations", "rel_residual", "n_analyse", "n_factor",
                                    "n_solve"};
  for (int k = 0; k < 13; k++)
    PF_EXPECT(h5_attr_num(f, path, num[k]) == k + 1, "%s@%s = %g", path, num[k],
              h5_attr_num(f, path, num[k]));
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  const char *path = "out_layout.h5";
  unlink(path);
  pf_mesh *m = build_mesh(ctx);
  /* a large resolved configuration (beyond HDF5's 64 KiB compact attribute limit) */
  char *yaml = (char *)malloc(200001);
  for (int i = 0; i < 200000; i++) yaml[i] = (i % 80 == 79) ? '\n' : (char)('a' + i % 26);
  yaml[200000] = '\0';
  pf_output_meta meta = {.pfsim_version = pf_version(),
                         .git_hash = "0123abc",
                         .config_path = "c.yaml",
                         .config_yaml = yaml,
                         .title = "Layout test",
                         .blas_kernel = "SkylakeX",
                         .blas_threading = "openmp",
                         .threads = 2,
                         .reproducible = 1};
  pf_output *out = NULL;
  PF_EXPECT(pf_output_open(ctx, path, &meta, &out) == PF_OK, "open: %s", pf_context_error(ctx));
  PF_EXPECT(file_exists("out_layout.h5.part") && !file_exists(path), "writes to the .part");
  pf_output_frame early = {0};
  PF_EXPECT(pf_output_write_frame(out, &early) == PF_ERR_INTERNAL, "frame before mesh refused");

  const char *regions[3] = {"soft_tissue", "fascia", "lig/1"};
  const int32_t elem_region[7] = {0, 0, 1, -1, 2, 2, 2};
  PF_EXPECT(pf_output_write_mesh(out, m, 3, regions, elem_region) == PF_OK, "mesh: %s",
            pf_context_error(ctx));
  pf_solver_stats stats = {
      "cholmod-supernodal", "metis-nodes", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  for (int frame = 0; frame < 2; frame++) {
    frame_data d;
    pf_output_frame fr;
    fill_frame(frame, &d, &fr);
    pf_output_reaction reac[2] = {{"CLAMP", {1.0 + frame, 2.0, -3.0}, {0, 0, 0}, 0},
                                  {"ref/node", {0, 0, 0}, {10.0, 20.0, 30.0}, 1}};
    fr.step_name = frame ? "standing" : "unloaded";
    fr.step_index = frame;
    fr.load_factor = 0.5 * (frame + 1);
    fr.iterations = 3 + frame;
    fr.converged = 1;
    fr.wall_s = 1.5 + frame;
    fr.n_reactions = 2;
    fr.reactions = reac;
    fr.solver = &stats;
    PF_EXPECT(pf_output_write_frame(out, &fr) == PF_OK, "frame %d: %s", frame,
              pf_context_error(ctx));
    free_frame(&d);
  }
  const char *names[3] = {"zeta_strain", "alpha_drop_mm", "mid"};
  const double values[3] = {0.031, -4.5, 7.0};
  PF_EXPECT(pf_output_write_summary(out, 3, names, values) == PF_OK, "summary");
  PF_EXPECT(pf_output_set_attr_double(out, "peak_rss_bytes", 12345.0) == PF_OK, "attr double");
  PF_EXPECT(pf_output_set_attr_string(out, "note", "extra") == PF_OK, "attr string");
  PF_EXPECT(pf_output_close(&out, "complete", "done") == PF_OK, "close: %s", pf_context_error(ctx));
  PF_EXPECT(out == NULL, "close sets the handle to NULL");
  PF_EXPECT(file_exists(path) && !file_exists("out_layout.h5.part"), ".part renamed");

  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  PF_EXPECT(f >= 0, "reopen %s", path);
  expect_str(f, "/", "pfsim_version", pf_version());
  expect_str(f, "/", "git_hash", "0123abc");
  expect_str(f, "/", "units", "mm N MPa s");
  expect_str(f, "/", "status", "complete");
  expect_str(f, "/", "message", "done");
  expect_str(f, "/", "config_yaml", yaml);
  expect_str(f, "/", "config_path", "c.yaml");
  expect_str(f, "/", "title", "Layout test");
  expect_str(f, "/", "blas_kernel", "SkylakeX");
  expect_str(f, "/", "blas_threading", "openmp");
  expect_str(f, "/", "note", "extra");
  PF_EXPECT(h5_attr_num(f, "/", "threads") == 2, "threads");
  PF_EXPECT(h5_attr_num(f, "/", "reproducible") == 1, "reproducible");
  PF_EXPECT(h5_attr_num(f, "/", "layout_version") == 1, "layout_version");
  PF_EXPECT(h5_attr_num(f, "/", "peak_rss_bytes") == 12345.0, "peak_rss_bytes");
  char *created = h5_attr_str(f, "/", "created_utc");
  int y, mo, da, hh, mi, ss;
  char z = 0;
  PF_EXPECT(
      created && strlen(created) == 20 &&
          sscanf(created, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &da, &hh, &mi, &ss, &z) == 7 &&
          z == 'Z' && y >= 2024,
      "created_utc '%s' is not ISO 8601 UTC", created ? created : "(absent)");
  free(created);
  check_mesh(f, m);
  check_frame(f, 0);
  check_frame(f, 1);
  PF_EXPECT(!h5_exists(f, "/steps/0002"), "only two frames");
  H5Fclose(f);

  pf_summary *s = NULL;
  PF_EXPECT(pf_summary_read(ctx, path, &s) == PF_OK, "summary read: %s", pf_context_error(ctx));
  if (s) {
    PF_EXPECT(strcmp(s->status, "complete") == 0 && strcmp(s->message, "done") == 0, "status");
    PF_EXPECT(s->n == 3, "3 metrics, got %d", s->n);
    for (int i = 0; i < s->n && i < 3; i++) {
      PF_EXPECT(strcmp(s->names[i], names[i]) == 0, "metric %d is '%s' (creation order)", i,
                s->names[i]);
      PF_EXPECT_NEAR(s->values[i], values[i], 0.0);
    }
  }
  pf_summary_destroy(&s);
  PF_EXPECT(s == NULL, "destroy sets NULL");

  /* the sidecar names the .h5 by its basename */
  char *x = read_text("out_layout.xdmf");
  PF_EXPECT(x != NULL, "out_layout.xdmf written");
  if (x) {
    PF_EXPECT(strstr(x, ">out_layout.h5:/mesh/nodes<") != NULL, "xdmf refers to the basename");
    PF_EXPECT(strstr(x, "<Time Value=\"1\"/>") && !strstr(x, "<Time Value=\"2\"/>"), "2 times");
    PF_EXPECT(strstr(x, "TopologyType=\"Tetrahedron_10\"") && strstr(x, "NodesPerElement=\"2\""),
              "tet10 and truss topologies");
    PF_EXPECT(strstr(x, "/steps/0001/elements/tet10/fibre_strain") &&
                  !strstr(x, "/steps/0000/elements/tet10/fibre_strain"),
              "fibre_strain only where written");
  }
  free(x);

  /* error paths */
  pf_output *bad = NULL;
  PF_EXPECT(pf_output_open(ctx, "no_such_folder/x.h5", &meta, &bad) == PF_ERR_IO && !bad,
            "missing folder is an I/O error");
  PF_EXPECT(strstr(pf_context_error(ctx), "no_such_folder") != NULL, "message names the folder: %s",
            pf_context_error(ctx));
  mkdir("a_folder.h5", 0755);
  PF_EXPECT(pf_output_open(ctx, "a_folder.h5", &meta, &bad) == PF_ERR_IO && !bad,
            "an output name that is a folder is an I/O error");
  FILE *fp = fopen("not_a_result.txt", "w");
  fputs("hello\n", fp);
  fclose(fp);
  PF_EXPECT(pf_summary_read(ctx, "not_a_result.txt", &s) == PF_ERR_INPUT && !s,
            "text file: PF_ERR_INPUT");
  PF_EXPECT(strstr(pf_context_error(ctx), "not a pfsim result") != NULL, "message: %s",
            pf_context_error(ctx));
  hid_t other = H5Fcreate("plain.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(other);
  PF_EXPECT(pf_summary_read(ctx, "plain.h5", &s) == PF_ERR_INPUT, "plain HDF5: PF_ERR_INPUT");
  PF_EXPECT(strstr(pf_context_error(ctx), "not a pfsim result") != NULL, "message: %s",
            pf_context_error(ctx));
  PF_EXPECT(pf_summary_read(ctx, "missing.h5", &s) == PF_ERR_IO, "missing file: PF_ERR_IO");

  /* fixed-length ASCII string attributes and an integer metric (as other tools write them),
   * /summary without creation order: metrics by name */
  other = H5Fcreate("fixed.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const char *fixed[3][2] = {{"pfsim_version", "0.1.0"}, {"status", "complete"}, {"message", ""}};
  for (int i = 0; i < 3; i++) {
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, strlen(fixed[i][1]) + 1);
    hid_t a = H5Acreate2(other, fixed[i][0], t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, fixed[i][1]);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
  }
  hid_t gs = H5Gcreate2(other, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  hid_t sp = H5Screate(H5S_SCALAR);
  const int32_t iv = 5;
  const double dv = 2.5;
  hid_t a = H5Acreate2(gs, "b_count", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_INT32, &iv);
  H5Aclose(a);
  a = H5Acreate2(gs, "a_value", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_DOUBLE, &dv);
  H5Aclose(a);
  H5Sclose(sp);
  H5Gclose(gs);
  H5Fclose(other);
  PF_EXPECT(pf_summary_read(ctx, "fixed.h5", &s) == PF_OK, "fixed strings: %s",
            pf_context_error(ctx));
  if (s) {
    PF_EXPECT(strcmp(s->status, "complete") == 0 && s->message[0] == '\0', "fixed: status");
    PF_EXPECT(s->n == 2 && strcmp(s->names[0], "a_value") == 0 && s->values[0] == 2.5 &&
                  s->values[1] == 5.0,
              "fixed: metrics by name");
  }
  pf_summary_destroy(&s);

  /* deflate_level < 0: large datasets stored contiguous, without filters */
  meta.deflate_level = -1;
  PF_EXPECT(pf_output_open(ctx, "out_plain.h5", &meta, &out) == PF_OK, "open uncompressed");
  PF_EXPECT(pf_output_write_mesh(out, m, 3, regions, elem_region) == PF_OK, "mesh");
  PF_EXPECT(pf_output_close(&out, "complete", "") == PF_OK, "close");
  f = H5Fopen("out_plain.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
  expect_storage(f, "/mesh/nodes", 0);
  H5Fclose(f);

  PF_EXPECT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "HDF5 objects left open: %zd",
            H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL));
  free(yaml);
  pf_mesh_destroy(&m);
  pf_context_destroy(&ctx);
  return pf_test_result("test_output_layout");
}
