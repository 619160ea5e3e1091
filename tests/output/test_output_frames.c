/*
 * Frame groups of finite-strain runs (docs/results.md, "/steps/NNNN"): bodies, joints, per-region
 * min J and the Newton log are written when given and absent otherwise; every path is read back
 * with the HDF5 C API and compared value by value (exact: the file stores the same doubles), with
 * its shape and type. Also: names are escaped, two items of one name make the frame fail (and the
 * frame is removed), fibre strain keeps its NaN, the frame attributes cutbacks and
 * factorisations, and the XDMF sidecar lists every frame (Time = frame number).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output_test_util.h"

static const double disp[12] = {0, 0, 0, 0.1, 0, 0, 0, 0.2, 0, 0, 0, 0.3};

static void remove_all(const char *base) {
  const char *ext[] = {".h5", ".h5.part", ".xdmf", ".part.xdmf"};
  char p[256];
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof(p), "%s%s", base, ext[i]);
    unlink(p);
  }
}

static pf_output *open_with_mesh(pf_context *ctx, const char *path) {
  pf_output *out = NULL;
  if (pf_output_open(ctx, path, NULL, &out)) return NULL;
  pf_mesh *m = test_tiny_mesh(ctx);
  const char *regions[1] = {"soft"};
  const int32_t reg[1] = {0};
  int ierr = pf_output_write_mesh(out, m, 1, regions, reg);
  pf_mesh_destroy(&m);
  if (ierr) pf_output_close(&out, "failed", "set-up");
  return out;
}

static const pf_output_body bodies[2] = {
    {"calcaneus", {1.5, -2.25, 3.125}, {0.01, 0.02, -0.03}, {10, 20, 30}, {-100, 200.5, 300}},
    {"tibia/cut", {0, 0, -4.5}, {0, 0, 0}, {0.5, 0.25, -350}, {1e-9, -1e9, 7}}};
static const pf_output_joint joints[2] = {
    {"mtp1", {25.5, -1, 0.5}, {0.01, -0.02, 0.03}, {1000, -2000, 3}, {4, 5, -6}},
    {".ankle", {-10, 2, 3}, {0, 0, 0.1}, {1, 2, 3}, {-1, -2, -3}}};
static const char *const region_names[3] = {"soft_tissue", "fascia", "a%b"};
static const double region_min_J[3] = {0.93, 1.0125, 0.5};
static const double newton_res[4] = {1.0, 3e-3, 2e-6, 4e-12};
static const double newton_energy[4] = {12.5, 0.25, 1e-5, 2e-16};
static const int newton_fact[4] = {1, 0, 0, 7}; /* factorisations per iteration, stored as given */

static void expect_vec3(hid_t f, const char *path, const double want[3]) {
  hsize_t dims[2];
  const int rank = h5_dims(f, path, dims);
  PF_EXPECT(rank == 1 && dims[0] == 3, "%s: rank %d, %llu rows (want [3])", path, rank,
            (unsigned long long)dims[0]);
  double *v = h5_read_f64(f, path);
  PF_EXPECT(v && v[0] == want[0] && v[1] == want[1] && v[2] == want[2], "%s: values", path);
  free(v);
}

/* Class and size of dataset path's stored type. */
static void expect_type(hid_t f, const char *path, H5T_class_t cls, size_t size) {
  if (!h5_exists(f, path)) {
    PF_EXPECT(0, "%s missing", path);
    return;
  }
  hid_t d = H5Dopen2(f, path, H5P_DEFAULT), t = H5Dget_type(d);
  PF_EXPECT(H5Tget_class(t) == cls && H5Tget_size(t) == size, "%s: stored type class %d size %zu",
            path, (int)H5Tget_class(t), H5Tget_size(t));
  H5Tclose(t);
  H5Dclose(d);
}

static void expect_name_attr(hid_t f, const char *path, const char *want) {
  char *s = h5_attr_str(f, path, "name");
  PF_EXPECT(s && strcmp(s, want) == 0, "%s: attribute name '%s', want '%s'", path, s ? s : "-",
            want);
  free(s);
}

static void check_groups(hid_t f) {
  char p[128];
  const char *esc_b[2] = {"calcaneus", "tibia%2Fcut"};
  for (int i = 0; i < 2; i++) {
    snprintf(p, sizeof(p), "/steps/0000/bodies/%s", esc_b[i]);
    expect_name_attr(f, p, bodies[i].name);
    snprintf(p, sizeof(p), "/steps/0000/bodies/%s/translation", esc_b[i]);
    expect_vec3(f, p, bodies[i].translation);
    expect_type(f, p, H5T_FLOAT, 8);
    snprintf(p, sizeof(p), "/steps/0000/bodies/%s/rotation_vector", esc_b[i]);
    expect_vec3(f, p, bodies[i].rotation_vector);
    snprintf(p, sizeof(p), "/steps/0000/bodies/%s/force", esc_b[i]);
    expect_vec3(f, p, bodies[i].force);
    snprintf(p, sizeof(p), "/steps/0000/bodies/%s/moment", esc_b[i]);
    expect_vec3(f, p, bodies[i].moment);
  }
  const char *esc_j[2] = {"mtp1", "%2Eankle"};
  const double zero_stop[3] = {0, 0, 0};
  for (int i = 0; i < 2; i++) {
    snprintf(p, sizeof(p), "/steps/0000/joints/%s", esc_j[i]);
    expect_name_attr(f, p, joints[i].name);
    snprintf(p, sizeof(p), "/steps/0000/joints/%s/angle_deg", esc_j[i]);
    expect_vec3(f, p, joints[i].angle_deg);
    snprintf(p, sizeof(p), "/steps/0000/joints/%s/shift_mm", esc_j[i]);
    expect_vec3(f, p, joints[i].shift_mm);
    snprintf(p, sizeof(p), "/steps/0000/joints/%s/moment_Nmm", esc_j[i]);
    expect_vec3(f, p, joints[i].moment_Nmm);
    snprintf(p, sizeof(p), "/steps/0000/joints/%s/force_N", esc_j[i]);
    expect_vec3(f, p, joints[i].force_N);
    snprintf(p, sizeof(p), "/steps/0000/joints/%s/stop_engaged", esc_j[i]);
    expect_vec3(f, p, zero_stop);
    expect_type(f, p, H5T_INTEGER, 4);
  }
  const char *esc_r[3] = {"soft_tissue", "fascia", "a%25b"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof(p), "/steps/0000/regions/%s", esc_r[i]);
    expect_name_attr(f, p, region_names[i]);
    PF_EXPECT(h5_attr_num(f, p, "min_J") == region_min_J[i], "%s: min_J %g", p,
              h5_attr_num(f, p, "min_J"));
  }
  hsize_t dims[2];
  const char *nf[3] = {"residual", "energy", "factorised"};
  for (int k = 0; k < 3; k++) {
    snprintf(p, sizeof(p), "/steps/0000/newton/%s", nf[k]);
    PF_EXPECT(h5_dims(f, p, dims) == 1 && dims[0] == 4, "%s: shape [4]", p);
  }
  expect_type(f, "/steps/0000/newton/residual", H5T_FLOAT, 8);
  expect_type(f, "/steps/0000/newton/factorised", H5T_INTEGER, 4);
  double *r = h5_read_f64(f, "/steps/0000/newton/residual");
  double *e = h5_read_f64(f, "/steps/0000/newton/energy");
  int64_t *fa = h5_read_i64(f, "/steps/0000/newton/factorised");
  for (int i = 0; i < 4 && r && e && fa; i++) {
    PF_EXPECT(r[i] == newton_res[i] && e[i] == newton_energy[i], "newton row %d", i);
    PF_EXPECT(fa[i] == newton_fact[i], "newton factorised[%d] = %lld", i, (long long)fa[i]);
  }
  PF_EXPECT(r && e && fa, "newton datasets read");
  free(r);
  free(e);
  free(fa);
  /* frame 1 has none of them; frame 2 only a Newton log without energy */
  const char *absent[] = {"/steps/0001/bodies",  "/steps/0001/joints",        "/steps/0001/regions",
                          "/steps/0001/newton",  "/steps/0002/newton/energy", "/steps/0002/bodies",
                          "/steps/0003/anything"};
  for (size_t k = 0; k < sizeof(absent) / sizeof(absent[0]); k++)
    PF_EXPECT(!h5_exists(f, absent[k]), "%s must be absent", absent[k]);
  PF_EXPECT(h5_dims(f, "/steps/0002/newton/residual", dims) == 1 && dims[0] == 2,
            "frame 2: residual [2]");
  double *fib = h5_read_f64(f, "/steps/0002/elements/tet4/fibre_strain");
  PF_EXPECT(fib && isnan(fib[0]), "fibre strain NaN kept");
  free(fib);
}

static void test_groups(pf_context *ctx) {
  remove_all("fr_groups");
  pf_output *out = open_with_mesh(ctx, "fr_groups.h5");
  PF_EXPECT(out != NULL, "open: %s", pf_context_error(ctx));
  if (!out) return;
  pf_output_frame fr = {.step_name = "standing",
                        .step_index = 0,
                        .load_factor = 0.5,
                        .converged = 1,
                        .displacement = disp,
                        .n_bodies = 2,
                        .bodies = bodies,
                        .n_joints = 2,
                        .joints = joints,
                        .n_regions = 3,
                        .region_names = region_names,
                        .region_min_J = region_min_J,
                        .n_newton = 4,
                        .newton_residual = newton_res,
                        .newton_energy = newton_energy,
                        .newton_factorised = newton_fact,
                        .cutbacks = 2};
  PF_EXPECT(pf_output_write_frame(out, &fr) == PF_OK, "frame 0: %s", pf_context_error(ctx));

  /* two bodies of one name: the frame fails and is removed; the next frame takes its number */
  pf_output_body twice[2] = {bodies[0], bodies[0]};
  pf_output_frame bad = fr;
  bad.bodies = twice;
  bad.load_factor = 0.75;
  PF_EXPECT(pf_output_write_frame(out, &bad) == PF_ERR_INTERNAL, "duplicate body refused");
  PF_EXPECT(strstr(pf_context_error(ctx), "two bodies named 'calcaneus'") != NULL, "message: %s",
            pf_context_error(ctx));
  bad = fr;
  bad.bodies = NULL;
  PF_EXPECT(pf_output_write_frame(out, &bad) == PF_ERR_INTERNAL, "bodies without data refused");

  pf_output_frame plain = {
      .step_name = "standing", .step_index = 0, .load_factor = 1.0, .displacement = disp};
  PF_EXPECT(pf_output_write_frame(out, &plain) == PF_OK, "frame 1: %s", pf_context_error(ctx));
  const double fibre[1] = {NAN};
  pf_output_frame third = {.step_name = "toe_off",
                           .step_index = 1,
                           .load_factor = 0.25,
                           .n_newton = 2,
                           .newton_residual = newton_res,
                           .newton_factorised = newton_fact};
  third.fibre_strain[PF_ELEM_TET4] = fibre;
  PF_EXPECT(pf_output_write_frame(out, &third) == PF_OK, "frame 2: %s", pf_context_error(ctx));
  PF_EXPECT(pf_output_close(&out, "complete", "") == PF_OK, "close: %s", pf_context_error(ctx));

  hid_t f = H5Fopen("fr_groups.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
  PF_EXPECT(f >= 0, "reopen for reading");
  if (f < 0) return;
  check_groups(f);
  PF_EXPECT(h5_attr_num(f, "/steps/0001", "load_factor") == 1.0,
            "the failed frames left no gap: frame 1 is the plain one");
  /* Newton log attributes: cut-backs as given, factorisations the sum of newton_factorised */
  PF_EXPECT(h5_attr_num(f, "/steps/0000", "cutbacks") == 2, "frame 0 cutbacks %g",
            h5_attr_num(f, "/steps/0000", "cutbacks"));
  PF_EXPECT(h5_attr_num(f, "/steps/0000", "factorisations") == 8, "frame 0 factorisations %g",
            h5_attr_num(f, "/steps/0000", "factorisations"));
  PF_EXPECT(h5_attr_num(f, "/steps/0001", "cutbacks") == 0 &&
                h5_attr_num(f, "/steps/0001", "factorisations") == 0,
            "frame 1: no cut-back, no factorisation");
  PF_EXPECT(h5_attr_num(f, "/steps/0002", "factorisations") == 1, "frame 2 factorisations %g",
            h5_attr_num(f, "/steps/0002", "factorisations"));
  H5Fclose(f);

  /* the sidecar lists every frame, Time = frame number */
  char *x = read_text("fr_groups.xdmf");
  PF_EXPECT(x && strstr(x, "<Time Value=\"0\"/>") && strstr(x, "<Time Value=\"1\"/>") &&
                strstr(x, "<Time Value=\"2\"/>") && !strstr(x, "<Time Value=\"3\"/>") &&
                strstr(x, "/steps/0002/displacement") == NULL &&
                strstr(x, "/steps/0001/displacement") != NULL,
            "sidecar lists frames 0, 1, 2 (frame 2 without displacement)");
  free(x);
}

int main(void) {
  pf_context *ctx = NULL;
  pf_context_create(&ctx);
  test_groups(ctx);
  PF_EXPECT(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "HDF5 objects left open: %zd",
            H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL));
  pf_context_destroy(&ctx);
  return pf_test_result("test_output_frames");
}
