/* /steps/NNNN of a result file: one converged increment, flushed as soon as it is written. */
#include <stdlib.h>
#include <string.h>

#include "output/h5_internal.h"

/* /steps/NNNN/solver: every field of pf_solver_stats as an attribute. */
static int write_solver(pf_context *ctx, hid_t frame, const pf_solver_stats *s) {
  hid_t g;
  PF_CALL(pf_h5_group(ctx, frame, "solver", H5P_DEFAULT, &g));
  int ierr = pf_h5_attr_string(ctx, g, "backend", s->backend);
  if (!ierr) ierr = pf_h5_attr_string(ctx, g, "ordering", s->ordering);
  if (!ierr) ierr = pf_h5_attr_int64(ctx, g, "n", s->n);
  if (!ierr) ierr = pf_h5_attr_int64(ctx, g, "nnz_A", s->nnz_A);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "t_analyse", s->t_analyse);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "t_factor", s->t_factor);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "t_solve", s->t_solve);
  if (!ierr) ierr = pf_h5_attr_int64(ctx, g, "nnz_L", s->nnz_L);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "flops", s->flops);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "factor_bytes", s->factor_bytes);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "iterations", s->iterations);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "rel_residual", s->rel_residual);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "n_analyse", s->n_analyse);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "n_factor", s->n_factor);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "n_solve", s->n_solve);
  H5Gclose(g);
  return ierr;
}

/* /steps/NNNN/reactions/<name> [3] force, /steps/NNNN/reaction_moments/<name> [3] moment (only
 * for entries with has_moment). Each dataset carries the original name as attribute "name". */
static int write_reactions(pf_context *ctx, hid_t frame, int n, const pf_output_reaction *r) {
  hid_t gf, gm = H5I_INVALID_HID;
  int any_moment = 0;
  for (int i = 0; i < n; i++) any_moment |= r[i].has_moment;
  PF_CALL(pf_h5_group(ctx, frame, "reactions", H5P_DEFAULT, &gf));
  int ierr = any_moment ? pf_h5_group(ctx, frame, "reaction_moments", H5P_DEFAULT, &gm) : PF_OK;
  char *esc = NULL;
  for (int i = 0; i < n && !ierr; i++) {
    const char *name = r[i].name ? r[i].name : "";
    hid_t d;
    PF_CALL_GOTO(ierr, done, pf_h5_escape_name(ctx, name, &esc));
    if (H5Lexists(gf, esc, H5P_DEFAULT) > 0) {
      ierr = PF_ERROR(ctx, PF_ERR_INTERNAL, "two reactions named '%s'", name);
      goto done;
    }
    PF_CALL_GOTO(
        ierr, done,
        pf_h5_write(ctx, gf, esc, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 3, 0, r[i].force, -1, &d));
    ierr = pf_h5_attr_string(ctx, d, "name", name);
    H5Dclose(d);
    if (!ierr && r[i].has_moment) {
      ierr =
          pf_h5_write(ctx, gm, esc, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, 3, 0, r[i].moment, -1, &d);
      if (!ierr) {
        ierr = pf_h5_attr_string(ctx, d, "name", name);
        H5Dclose(d);
      }
    }
    PF_FREE(&esc);
  }
done:
  free(esc);
  if (gm >= 0) H5Gclose(gm);
  H5Gclose(gf);
  return ierr;
}

/* /steps/NNNN/elements/<type>/... for the fields given; records them in info. */
static int write_element_fields(pf_output *out, hid_t frame, const pf_output_frame *fr,
                                pf_output_frame_info *info) {
  pf_context *ctx = out->ctx;
  hid_t gel = H5I_INVALID_HID;
  int ierr = PF_OK;
  for (int t = 0; t < PF_ELEM_NUM_TYPES && !ierr; t++) {
    const int64_t m = out->elem_count[t];
    const struct {
      const char *name;
      const double *data;
      int cols;
      unsigned bit;
    } fields[] = {{"strain", fr->strain[t], 6, PF_FIELD_STRAIN},
                  {"stress", fr->stress[t], 6, PF_FIELD_STRESS},
                  {"von_mises", fr->von_mises[t], 0, PF_FIELD_VON_MISES},
                  {"min_J", fr->min_J[t], 0, PF_FIELD_MIN_J},
                  {"fibre_strain", fr->fibre_strain[t], 0, PF_FIELD_FIBRE_STRAIN},
                  {"axial_force", fr->axial_force[t], 0, PF_FIELD_AXIAL_FORCE}};
    const int nf = (int)(sizeof(fields) / sizeof(fields[0]));
    int any = 0;
    for (int k = 0; k < nf; k++) any |= fields[k].data != NULL;
    if (m <= 0 || !any) continue;
    if (gel < 0) PF_CALL_GOTO(ierr, done, pf_h5_group(ctx, frame, "elements", H5P_DEFAULT, &gel));
    hid_t g;
    PF_CALL_GOTO(ierr, done, pf_h5_group(ctx, gel, pf_elem_name((pf_elem_type)t), H5P_DEFAULT, &g));
    for (int k = 0; k < nf && !ierr; k++) {
      if (!fields[k].data) continue;
      ierr =
          pf_h5_write_f64(ctx, g, fields[k].name, m, fields[k].cols, fields[k].data, out->deflate);
      if (!ierr) info->fields[t] |= fields[k].bit;
    }
    H5Gclose(g);
  }
done:
  if (gel >= 0) H5Gclose(gel);
  return ierr;
}

static int write_frame(pf_output *out, const pf_output_frame *fr) {
  pf_context *ctx = out->ctx;
  PF_CHECK(fr, ctx, PF_ERR_INTERNAL, "no frame given");
  PF_CHECK(out->has_mesh, ctx, PF_ERR_INTERNAL, "a frame was written before the mesh");
  PF_CHECK(fr->n_reactions >= 0 && (fr->n_reactions == 0 || fr->reactions), ctx, PF_ERR_INTERNAL,
           "frame: %d reactions without data", fr->n_reactions);
  if (out->n_frames == out->cap_frames) {
    const int cap = out->cap_frames ? 2 * out->cap_frames : 16;
    PF_CALL(PF_REALLOC(ctx, cap, &out->frames));
    out->cap_frames = cap;
  }
  pf_output_frame_info info = {.step_index = fr->step_index, .load_factor = fr->load_factor};
  hid_t steps;
  htri_t exists = H5Lexists(out->file, "steps", H5P_DEFAULT);
  if (exists > 0)
    steps = H5Gopen2(out->file, "steps", H5P_DEFAULT);
  else
    PF_CALL(pf_h5_group(ctx, out->file, "steps", H5P_DEFAULT, &steps));
  if (steps < 0) return pf_h5_error(ctx, PF_ERR_IO, "cannot open /steps");

  char name[32];
  snprintf(name, sizeof(name), "%04d", out->n_frames);
  hid_t g;
  int ierr = pf_h5_group(ctx, steps, name, H5P_DEFAULT, &g);
  H5Gclose(steps);
  if (ierr) return ierr;
  ierr = pf_h5_attr_string(ctx, g, "step_name", fr->step_name);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "step_index", fr->step_index);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "load_factor", fr->load_factor);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "iterations", fr->iterations);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "converged", fr->converged);
  if (!ierr) ierr = pf_h5_attr_double(ctx, g, "wall_s", fr->wall_s);
  if (!ierr) ierr = pf_h5_attr_int32(ctx, g, "cutbacks", fr->cutbacks);
  if (!ierr && fr->contact)
    ierr = pf_h5_attr_int32(ctx, g, "augmentations", fr->contact->augmentations);
  if (!ierr) {
    int32_t factorisations = 0;
    for (int i = 0; fr->newton_factorised && i < fr->n_newton; i++)
      factorisations += fr->newton_factorised[i];
    ierr = pf_h5_attr_int32(ctx, g, "factorisations", factorisations);
  }
  if (!ierr && fr->displacement) {
    ierr = pf_h5_write_f64(ctx, g, "displacement", out->n_nodes, 3, fr->displacement, out->deflate);
    info.has_displacement = !ierr;
  }
  if (!ierr && fr->n_reactions > 0) ierr = write_reactions(ctx, g, fr->n_reactions, fr->reactions);
  if (!ierr) ierr = write_element_fields(out, g, fr, &info);
  if (!ierr && fr->solver) ierr = write_solver(ctx, g, fr->solver);
  if (!ierr) ierr = pf_h5_write_frame_groups(ctx, g, fr);
  if (!ierr && fr->contact) info.has_contact_pressure = 1;
  H5Gclose(g);
  /* A frame that failed half-way is removed so that /steps holds only whole frames. */
  if (ierr) {
    char path[48];
    snprintf(path, sizeof(path), "steps/%s", name);
    H5Ldelete(out->file, path, H5P_DEFAULT);
    return ierr;
  }
  if (H5Fflush(out->file, H5F_SCOPE_GLOBAL) < 0)
    return pf_h5_error(ctx, PF_ERR_IO, "cannot flush the result file");
  out->frames[out->n_frames++] = info;
  return PF_OK;
}

int pf_output_write_frame(pf_output *out, const pf_output_frame *frame) {
  PF_CHECK(out && out->file >= 0, out ? out->ctx : NULL, PF_ERR_INTERNAL, "output is not open");
  pf_h5_quiet q;
  pf_h5_quiet_begin(&q);
  int ierr = write_frame(out, frame);
  pf_h5_quiet_end(&q);
  return ierr;
}
