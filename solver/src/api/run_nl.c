/*
 * Running a nonlinear analysis: frames per increment with bodies, joints, per-region min J and
 * the Newton log; a checkpoint after every converged increment; /summary at the end of the
 * summary step; counts of increments, iterations and factorisations for the result file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/pf_api.h"
#include "contact/pf_contact.h"

typedef struct {
  frame_writer *w;
  const pf_loaded *ld;
  const char *ckpt_path;
  uint64_t hash;
  int summary_step;
  double *state;
  int increments, iterations, factorisations;
  double rate_min;
} nl_run;

int pf_api_model_hash(pf_context *ctx, const pf_loaded *ld, uint64_t *hash) {
  uint64_t h = PF_HASH64_INIT;
  const char *yaml = ld->desc->resolved_yaml ? ld->desc->resolved_yaml : "";
  h = pf_hash64(h, yaml, strlen(yaml));
  FILE *f = fopen(ld->desc->mesh_file, "rb");
  if (!f) return PF_ERROR(ctx, PF_ERR_IO, "cannot read %s to hash it", ld->desc->mesh_file);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) h = pf_hash64(h, buf, n);
  fclose(f);
  *hash = h;
  return PF_OK;
}

/* The contact results of a solution as the output module takes them. */
static void output_contact(const pf_model *model, const pf_contact_result *r,
                           const pf_increment_report *rep, pf_output_contact *o) {
  const pf_contact_desc *cd = &model->desc->contact;
  memset(o, 0, sizeof(*o));
  o->n_faces = r->n_faces;
  o->n_points = r->n_points;
  o->n_nodes = model->mesh->n_nodes;
  o->face_pressure = r->face_pressure;
  o->point_pressure = r->point_pressure;
  o->point_position = r->point_position;
  o->node_pressure = r->node_pressure;
  memcpy(o->force, r->force, sizeof(o->force));
  memcpy(o->cop, r->cop, sizeof(o->cop));
  o->normal_force = r->normal_force;
  o->area = r->area;
  o->penetration = r->penetration;
  o->pressure_max = r->pressure_max;
  o->gap_tolerance = r->gap_tolerance;
  o->augmentations = rep->augmentations;
  o->gmres_iterations = rep->krylov;
  o->nx = r->plate.nx;
  o->ny = r->plate.ny;
  memcpy(o->origin, r->plate.origin, sizeof(o->origin));
  o->pitch = r->plate.pitch;
  o->threshold = cd->plate_threshold;
  o->sensor_pressure = r->sensor_pressure;
  o->peak = r->stats.peak;
  o->mean = r->stats.mean;
  o->plate_area = r->stats.area;
  o->plate_force = r->stats.force;
  memcpy(o->plate_cop, r->stats.cop, sizeof(o->plate_cop));
  memcpy(o->region_peak, r->region_peak, sizeof(o->region_peak));
  memcpy(o->region_mean, r->region_mean, sizeof(o->region_mean));
  memcpy(o->region_force, r->region_force, sizeof(o->region_force));
  o->rearfoot_fraction = r->rearfoot_fraction;
  o->foot_start = r->foot_start;
  o->foot_length = r->foot_length;
}

static int on_increment(void *user, const pf_model *model, const pf_kinematics *kin,
                        const pf_solution *sol, const pf_frame_info *info, int write_frame,
                        const pf_increment_report *rep, double step_time, double next_increment) {
  nl_run *run = user;
  frame_writer *w = run->w;
  pf_context *ctx = w->ctx;
  const pf_model_desc *d = model->desc;
  int rc = PF_OK;
  run->increments++;
  run->iterations += rep->iterations;
  run->factorisations += rep->factorisations;
  if (rep->rate > 0.0 && (run->rate_min == 0.0 || rep->rate < run->rate_min))
    run->rate_min = rep->rate;
  if (write_frame) {
    pf_output_body *bodies = calloc((size_t)d->n_bodies + 1, sizeof(*bodies));
    pf_output_joint *joints = calloc((size_t)d->n_joints + 1, sizeof(*joints));
    const char **regions = calloc((size_t)d->n_regions + 1, sizeof(*regions));
    double energy[64];
    if (!bodies || !joints || !regions) rc = PF_ERROR(ctx, PF_ERR_INTERNAL, "out of memory");
    for (int b = 0; !rc && b < d->n_bodies; b++) {
      bodies[b].name = d->bodies[b].name;
      pf_kin_body_state(kin, b, NULL, bodies[b].translation, NULL, bodies[b].rotation_vector);
      memcpy(bodies[b].force, sol->body_force + 3 * b, sizeof(bodies[b].force));
      memcpy(bodies[b].moment, sol->body_moment + 3 * b, sizeof(bodies[b].moment));
    }
    for (int j = 0; !rc && j < d->n_joints; j++) {
      double ang[3];
      joints[j].name = d->joints[j].name;
      pf_kin_joint_state(kin, j, ang, joints[j].shift_mm, joints[j].moment_Nmm, joints[j].force_N);
      for (int c = 0; c < 3; c++) joints[j].angle_deg[c] = ang[c] * 180.0 / M_PI;
    }
    for (int r = 0; !rc && r < d->n_regions; r++) regions[r] = d->regions[r].set;
    for (int k = 0; k < rep->n_log; k++) energy[k] = rep->log_energy[k];
    if (!rc) {
      pf_output_frame extra = {0};
      extra.n_bodies = d->n_bodies;
      extra.bodies = bodies;
      extra.n_joints = d->n_joints;
      extra.joints = joints;
      extra.n_regions = d->n_regions;
      extra.region_names = regions;
      extra.region_min_J = sol->region_min_J;
      extra.n_newton = rep->n_log;
      extra.newton_residual = rep->log_residual;
      extra.newton_energy = energy;
      extra.newton_factorised = rep->log_factorised;
      pf_output_contact contact;
      if (sol->contact) {
        output_contact(model, sol->contact, rep, &contact);
        extra.contact = &contact;
      }
      rc = pf_api_write_frame(w, model, sol, info, &extra);
    }
    free(bodies);
    free(joints);
    free(regions);
  }
  if (!rc && step_time >= 1.0 && info->step_index == run->summary_step)
    rc = pf_api_write_summary(ctx, w->out, model, sol);
  if (!rc) { /* the checkpoint: where a restart continues */
    const int last_of_step = step_time >= 1.0;
    pf_checkpoint ck = {0};
    ck.model_hash = run->hash;
    ck.step_index = last_of_step ? info->step_index + 1 : info->step_index;
    ck.step_time = last_of_step ? 0.0 : step_time;
    ck.increment = next_increment;
    ck.n_frames = w->frames;
    ck.n_state = pf_kin_state_size(kin);
    if (!run->state) PF_CALL(PF_CALLOC(ctx, ck.n_state, &run->state));
    pf_kin_state_save(kin, run->state);
    ck.state = run->state;
    rc = pf_checkpoint_write(ctx, run->ckpt_path, &ck);
  }
  return rc;
}

int pf_api_run_nonlinear(pf_context *ctx, const pf_loaded *ld, frame_writer *w,
                         const char *ckpt_path, uint64_t model_hash, const pf_nl_resume *resume,
                         pf_solution **sol) {
  const pf_model_desc *d = ld->desc;
  nl_run run = {0};
  run.w = w;
  run.ld = ld;
  run.ckpt_path = ckpt_path;
  run.hash = model_hash;
  run.summary_step = d->n_steps - 1;
  for (int k = 0; d->summary_step && k < d->n_steps; k++)
    if (!strcmp(d->steps[k].name, d->summary_step)) run.summary_step = k;
  pf_nl_callbacks cb = {on_increment, &run};
  int rc = pf_analysis_nonlinear(ctx, ld->model, resume, &cb, sol);
  if (!rc) {
    pf_output_set_attr_double(w->out, "increments", run.increments);
    pf_output_set_attr_double(w->out, "newton_iterations", run.iterations);
    pf_output_set_attr_double(w->out, "factorisations", run.factorisations);
    pf_output_set_attr_double(w->out, "convergence_rate_min", run.rate_min);
    pf_info(ctx, "%d increment(s), %d Newton iteration(s), %d factorisation(s)\n", run.increments,
            run.iterations, run.factorisations);
  }
  free(run.state);
  return rc;
}
