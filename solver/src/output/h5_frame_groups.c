/*
 * The groups of a frame that are not mesh fields (docs/results.md, "/steps/NNNN"):
 *   bodies/<name>/{translation, rotation_vector, force, moment}        float64 [3] each
 *   joints/<name>/{angle_deg, shift_mm, moment_Nmm, force_N}           float64 [3] each
 *   joints/<name>/stop_engaged                                         int32 [3] (0 for now)
 *   regions/<name>                     (group) attribute min_J float64
 *   newton/{residual, energy}                                          float64 [iterations]
 *   newton/factorised                                                  int32 [iterations]
 *   contact/{pressure [faces], point_pressure [points], point_position [points, 3],
 *            node_pressure [nodes], force [3], cop [3]} with attributes, and
 *   contact/plate/{sensor_pressure [ny, nx], region_peak_MPa, region_mean_MPa,
 *                  region_force_N [4]} with attributes
 * <name> is escaped as every user-chosen name (pf_h5_escape_name) and kept verbatim in the
 * attribute "name" of its group.
 */
#include <stdlib.h>
#include <string.h>

#include "output/h5_internal.h"

/* Opens (creating it when absent) group name under loc. [out] g (caller closes). */
static int open_or_create(pf_context *ctx, hid_t loc, const char *name, hid_t *g) {
  htri_t exists = H5Lexists(loc, name, H5P_DEFAULT);
  if (exists > 0) {
    *g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (*g < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot open a frame group");
    return PF_OK;
  }
  return pf_h5_group(ctx, loc, name, H5P_DEFAULT, g);
}

/* Creates the group of one named item under parent: escaped link name, attribute "name".
 * kinds names the items in messages ("bodies", "joints", "regions"). [out] g (caller closes). */
static int named_group(pf_context *ctx, hid_t parent, const char *kinds, const char *name,
                       hid_t *g) {
  *g = H5I_INVALID_HID;
  if (!name) name = "";
  char *esc = NULL;
  PF_CALL(pf_h5_escape_name(ctx, name, &esc));
  int ierr = PF_OK;
  htri_t dup = H5Lexists(parent, esc, H5P_DEFAULT);
  if (dup < 0)
    ierr = pf_h5_error(ctx, PF_ERR_IO, "cannot look up a frame item");
  else if (dup > 0)
    ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "frame: two %s named '%s'", kinds, name);
  if (!ierr) ierr = pf_h5_group(ctx, parent, esc, H5P_DEFAULT, g);
  if (!ierr) ierr = pf_h5_attr_string(ctx, *g, "name", name);
  if (ierr && *g >= 0) {
    H5Gclose(*g);
    *g = H5I_INVALID_HID;
  }
  free(esc);
  return ierr;
}

/* A float64 [3] dataset (small: contiguous, never compressed). */
static int vec3(pf_context *ctx, hid_t g, const char *name, const double v[3]) {
  return pf_h5_write_f64(ctx, g, name, 3, 0, v, -1);
}

static int write_bodies(pf_context *ctx, hid_t frame, int n, const pf_output_body *b) {
  hid_t gb;
  PF_CALL(open_or_create(ctx, frame, "bodies", &gb));
  int ierr = PF_OK;
  for (int i = 0; i < n && !ierr; i++) {
    hid_t g;
    ierr = named_group(ctx, gb, "bodies", b[i].name, &g);
    if (ierr) break;
    ierr = vec3(ctx, g, "translation", b[i].translation);
    if (!ierr) ierr = vec3(ctx, g, "rotation_vector", b[i].rotation_vector);
    if (!ierr) ierr = vec3(ctx, g, "force", b[i].force);
    if (!ierr) ierr = vec3(ctx, g, "moment", b[i].moment);
    H5Gclose(g);
  }
  H5Gclose(gb);
  return ierr;
}

static int write_joints(pf_context *ctx, hid_t frame, int n, const pf_output_joint *j) {
  /* Joint stops (C1-smooth, augmented Lagrangian) are not modelled yet: no stop is ever engaged.
   * The dataset is written so that readers can rely on it; per joint axis, later -1 at the
   * lower stop, +1 at the upper stop. */
  static const int32_t no_stop[3] = {0, 0, 0};
  hid_t gj;
  PF_CALL(open_or_create(ctx, frame, "joints", &gj));
  int ierr = PF_OK;
  for (int i = 0; i < n && !ierr; i++) {
    hid_t g;
    ierr = named_group(ctx, gj, "joints", j[i].name, &g);
    if (ierr) break;
    ierr = vec3(ctx, g, "angle_deg", j[i].angle_deg);
    if (!ierr) ierr = vec3(ctx, g, "shift_mm", j[i].shift_mm);
    if (!ierr) ierr = vec3(ctx, g, "moment_Nmm", j[i].moment_Nmm);
    if (!ierr) ierr = vec3(ctx, g, "force_N", j[i].force_N);
    if (!ierr)
      ierr = pf_h5_write(ctx, g, "stop_engaged", H5T_NATIVE_INT32, H5T_STD_I32LE, 3, 0, no_stop, -1,
                         NULL);
    H5Gclose(g);
  }
  H5Gclose(gj);
  return ierr;
}

static int write_regions(pf_context *ctx, hid_t frame, int n, const char *const *names,
                         const double *min_J) {
  hid_t gr;
  PF_CALL(open_or_create(ctx, frame, "regions", &gr));
  int ierr = PF_OK;
  for (int i = 0; i < n && !ierr; i++) {
    hid_t g;
    ierr = named_group(ctx, gr, "regions", names[i], &g);
    if (ierr) break;
    ierr = pf_h5_attr_double(ctx, g, "min_J", min_J[i]);
    H5Gclose(g);
  }
  H5Gclose(gr);
  return ierr;
}

static int write_newton(pf_context *ctx, hid_t frame, const pf_output_frame *fr) {
  hid_t g;
  PF_CALL(open_or_create(ctx, frame, "newton", &g));
  const int64_t k = fr->n_newton;
  int ierr = PF_OK;
  if (fr->newton_residual)
    ierr = pf_h5_write_f64(ctx, g, "residual", k, 0, fr->newton_residual, -1);
  if (!ierr && fr->newton_energy)
    ierr = pf_h5_write_f64(ctx, g, "energy", k, 0, fr->newton_energy, -1);
  if (!ierr && fr->newton_factorised) {
    int32_t *f = NULL;
    ierr = PF_CALLOC(ctx, k, &f);
    for (int64_t i = 0; i < k && !ierr; i++) f[i] = fr->newton_factorised[i];
    if (!ierr)
      ierr = pf_h5_write(ctx, g, "factorised", H5T_NATIVE_INT32, H5T_STD_I32LE, k, 0, f, -1, NULL);
    free(f);
  }
  H5Gclose(g);
  return ierr;
}

static int write_contact(pf_context *ctx, hid_t frame, const pf_output_contact *c) {
  static const char *const regions[4] = {"heel", "midfoot", "forefoot", "toes"};
  hid_t g, p = H5I_INVALID_HID;
  PF_CALL(open_or_create(ctx, frame, "contact", &g));
  int ierr = pf_h5_write_f64(ctx, g, "pressure", c->n_faces, 0, c->face_pressure, -1);
  if (!ierr)
    ierr = pf_h5_write_f64(ctx, g, "point_pressure", c->n_points, 0, c->point_pressure, -1);
  if (!ierr)
    ierr = pf_h5_write_f64(ctx, g, "point_position", c->n_points, 3, c->point_position, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, g, "node_pressure", c->n_nodes, 0, c->node_pressure, -1);
  if (!ierr) ierr = vec3(ctx, g, "force", c->force);
  if (!ierr) ierr = vec3(ctx, g, "cop", c->cop);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "normal_force_N", c->normal_force);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "area_mm2", c->area);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "penetration_max_mm", c->penetration);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "pressure_max_MPa", c->pressure_max);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "gap_tolerance_mm", c->gap_tolerance);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "augmentations", c->augmentations);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "gmres_iterations", c->gmres_iterations);
  if (!ierr) ierr = pf_h5_group(ctx, g, "plate", H5P_DEFAULT, &p);
  if (!ierr)
    ierr = pf_h5_write_f64(ctx, p, "sensor_pressure", c->ny, c->nx, c->sensor_pressure, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, p, "origin", 2, 0, c->origin, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, p, "cop", 2, 0, c->plate_cop, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, p, "region_peak_MPa", 4, 0, c->region_peak, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, p, "region_mean_MPa", 4, 0, c->region_mean, -1);
  if (!ierr) ierr = pf_h5_write_f64(ctx, p, "region_force_N", 4, 0, c->region_force, -1);
  if (!ierr) ierr = pf_h5_write_strings(ctx, p, "region_names", 4, regions);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "pitch_mm", c->pitch);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "threshold_MPa", c->threshold);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "peak_MPa", c->peak);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "mean_MPa", c->mean);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "area_mm2", c->plate_area);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "force_N", c->plate_force);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "rearfoot_fraction", c->rearfoot_fraction);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "foot_start_mm", c->foot_start);
  if (!ierr) ierr = pf_h5_attr_double(ctx, p, "foot_length_mm", c->foot_length);
  if (p >= 0) H5Gclose(p);
  H5Gclose(g);
  return ierr;
}

int pf_h5_write_frame_groups(pf_context *ctx, hid_t frame, const pf_output_frame *fr) {
  PF_CHECK(fr->n_bodies >= 0 && (fr->n_bodies == 0 || fr->bodies), ctx, PF_ERR_INTERNAL,
           "frame: %d bodies without data", fr->n_bodies);
  PF_CHECK(fr->n_joints >= 0 && (fr->n_joints == 0 || fr->joints), ctx, PF_ERR_INTERNAL,
           "frame: %d joints without data", fr->n_joints);
  PF_CHECK(fr->n_regions >= 0 && (fr->n_regions == 0 || (fr->region_names && fr->region_min_J)),
           ctx, PF_ERR_INTERNAL, "frame: %d regions without names or min_J", fr->n_regions);
  PF_CHECK(fr->n_newton >= 0 && (fr->n_newton == 0 || fr->newton_residual || fr->newton_energy ||
                                 fr->newton_factorised),
           ctx, PF_ERR_INTERNAL, "frame: %d Newton iterations without data", fr->n_newton);
  if (fr->n_bodies > 0) PF_CALL(write_bodies(ctx, frame, fr->n_bodies, fr->bodies));
  if (fr->n_joints > 0) PF_CALL(write_joints(ctx, frame, fr->n_joints, fr->joints));
  if (fr->n_regions > 0)
    PF_CALL(write_regions(ctx, frame, fr->n_regions, fr->region_names, fr->region_min_J));
  if (fr->n_newton > 0) PF_CALL(write_newton(ctx, frame, fr));
  if (fr->contact) PF_CALL(write_contact(ctx, frame, fr->contact));
  return PF_OK;
}
