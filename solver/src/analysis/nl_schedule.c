/*
 * Steps and load curves: which entries act in a step, where they start and where they go.
 *
 * Rules (DESIGN.md, issue 3): what is active persists at its end value into later steps; a step
 * value is an absolute target ramped from the value at the step start along the entry's curve;
 * an entry of a later step with the same name takes over; release: true ends an entry (a load
 * goes to zero over the step, a boundary entry frees its dofs at the step start); fixed and a
 * displacement entry without value hold their dofs where the step found them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pf_nonlinear.h"

#define DEG (M_PI / 180.0)

double pf_curve_eval(const pf_curve_desc *c, double t) {
  if (t <= 0.0) return 0.0;
  if (t >= 1.0 && c->kind != PF_CURVE_TABLE) return 1.0;
  switch (c->kind) {
    case PF_CURVE_LINEAR:
      return t;
    case PF_CURVE_STEP:
      return 1.0;
    case PF_CURVE_TABLE:
      if (c->n <= 0) return t;
      if (t <= c->t[0]) return c->n > 1 && c->t[0] > 0.0 ? c->f[0] * t / c->t[0] : c->f[0];
      for (int k = 1; k < c->n; k++)
        if (t <= c->t[k]) {
          const double s = (t - c->t[k - 1]) / (c->t[k] - c->t[k - 1]);
          return c->f[k - 1] + s * (c->f[k] - c->f[k - 1]);
        }
      return c->f[c->n - 1];
  }
  return t;
}

void pf_schedule_destroy(pf_schedule **sch) {
  if (!sch || !*sch) return;
  pf_schedule *s = *sch;
  free(s->load_live);
  free(s->load_start);
  free(s->load_target);
  free(s->prescribed);
  free(s->owner);
  free(s->c_start);
  free(s->c_target);
  free(s->is_rotation);
  free(s->body_rotation);
  free(s->rot_start);
  free(s->rot_target);
  free(s->joint_entry);
  free(s->joint_start);
  free(s->joint_target);
  free(s->group_body);
  free(s);
  *sch = NULL;
}

int pf_schedule_create(pf_context *ctx, const pf_model *model, const pf_kinematics *kin,
                       const int64_t *dof_group, int64_t n_dofs, pf_schedule **sch_out) {
  const pf_model_desc *d = model->desc;
  pf_schedule *s = NULL;
  int ierr;
  *sch_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &s));
  s->model = model;
  s->n_dofs = n_dofs;
  s->step = -1;
  s->dof_group = dof_group;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, pf_kin_n_groups(kin), &s->group_body));
  for (int64_t g = 0; g < pf_kin_n_groups(kin); g++) s->group_body[g] = -1;
  for (int b = 0; b < d->n_bodies; b++) s->group_body[pf_kin_body_group(kin, b)] = b;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_loads, &s->load_live));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * d->n_loads, &s->load_start));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * d->n_loads, &s->load_target));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_dofs, &s->prescribed));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_dofs, &s->owner));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_dofs, &s->c_start));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_dofs, &s->c_target));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_dofs, &s->is_rotation));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_bodies, &s->body_rotation));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * d->n_bodies, &s->rot_start));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, 3 * d->n_bodies, &s->rot_target));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_joints, &s->joint_entry));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_joints, &s->joint_start));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, d->n_joints, &s->joint_target));
  *sch_out = s;
  return PF_OK;
fail:
  pf_schedule_destroy(&s);
  return ierr;
}

/* The entry of the same name that entry i takes over from (the latest earlier one), or -1. */
static int load_predecessor(const pf_model_desc *d, int i) {
  for (int k = i - 1; k >= 0; k--)
    if (!strcmp(d->loads[k].name, d->loads[i].name) && d->loads[k].step < d->loads[i].step)
      return k;
  return -1;
}

/* The entry live for loads[i]'s name at step k: the last one with step <= k. */
static int load_live_at(const pf_model_desc *d, int i, int k) {
  int live = -1;
  for (int j = 0; j < d->n_loads; j++)
    if (d->loads[j].step <= k && !strcmp(d->loads[j].name, d->loads[i].name)) live = j;
  return live;
}

static int bc_live_at(const pf_model_desc *d, int i, int k) {
  int live = -1;
  for (int j = 0; j < d->n_bcs; j++)
    if (d->bcs[j].step <= k && !strcmp(d->bcs[j].name, d->bcs[i].name)) live = j;
  return live;
}

static int find_body(const pf_model_desc *d, const char *name) {
  for (int b = 0; b < d->n_bodies; b++)
    if (!strcmp(d->bodies[b].name, name)) return b;
  return -1;
}

static int find_joint(const pf_model_desc *d, const char *name) {
  for (int j = 0; j < d->n_joints; j++)
    if (!strcmp(d->joints[j].name, name)) return j;
  return -1;
}

/* Loads: the live entry of every name, its start (the end value of the entry it took over
 * from) and target. */
static void begin_loads(pf_schedule *s, int k) {
  const pf_model_desc *d = s->model->desc;
  for (int i = 0; i < d->n_loads; i++) {
    s->load_live[i] = load_live_at(d, i, k) == i;
    const pf_load_desc *L = &d->loads[i];
    double *st = s->load_start + 3 * i, *tg = s->load_target + 3 * i;
    const double v[3] = {L->type == PF_LOAD_PRESSURE ? L->pressure : L->value[0],
                         L->type == PF_LOAD_PRESSURE ? 0.0 : L->value[1],
                         L->type == PF_LOAD_PRESSURE ? 0.0 : L->value[2]};
    for (int c = 0; c < 3; c++) tg[c] = L->release ? 0.0 : v[c];
    const int p = load_predecessor(d, i);
    if (L->step < k) {
      for (int c = 0; c < 3; c++) st[c] = tg[c]; /* reached in an earlier step */
    } else if (p >= 0) {
      const pf_load_desc *P = &d->loads[p];
      for (int c = 0; c < 3; c++)
        st[c] = P->release ? 0.0
                           : (P->type == PF_LOAD_PRESSURE ? (c ? 0.0 : P->pressure) : P->value[c]);
      if (L->release) { /* a released entry goes to zero from where its name stood */
        for (int c = 0; c < 3; c++) tg[c] = 0.0;
      }
    } else {
      for (int c = 0; c < 3; c++) st[c] = 0.0;
    }
  }
}

/* Marks the dofs of a node-set entry; hold = 1 keeps the dofs where they are. */
static int begin_node_bc(pf_context *ctx, pf_schedule *s, const pf_kinematics *kin, int i, int k) {
  const pf_model *model = s->model;
  const pf_bc_desc *bc = &model->desc->bcs[i];
  const double *u = pf_kin_displacement(kin);
  const int hold = bc->type == PF_BC_FIXED || bc->type == PF_BC_HOLD;
  int64_t used = 0;
  uint8_t *in_set = NULL; /* made when a tied node is met */
  for (int64_t q = 0; q < model->bc_count[i]; q++) {
    const int64_t v = model->bc_nodes[i][q];
    const int64_t g = pf_kin_node_group(kin, v);
    pf_link links[PF_KIN_MAX_LINKS];
    if (g < 0) {
      const int nl = pf_kin_node_links(kin, v, links);
      if (nl == 0) continue; /* no element uses the node */
      /* a tied node whose masters (those it depends on) are all in the set: the condition on
       * the masters holds it too (the weights sum to one), as on the edge of a tied face */
      int implied = 1;
      if (!in_set) {
        PF_CALL(PF_CALLOC(ctx, model->mesh->n_nodes, &in_set));
        for (int64_t r = 0; r < model->bc_count[i]; r++) in_set[model->bc_nodes[i][r]] = 1;
      }
      for (int l = 0; l < nl && implied; l++) {
        const int64_t m = pf_kin_group_node(kin, links[l].group);
        if (links[l].size != 3 || m < 0)
          implied = 0; /* a body: constrain the body */
        else if (fabs(links[l].G[0]) > 1e-12 && !in_set[m])
          implied = 0;
      }
      if (implied) continue;
      free(in_set);
      return pf_error_at(ctx, &bc->target_loc,
                         "boundary '%s': node %lld of set '%s' moves with a rigid body or a tie "
                         "whose masters are not in the set (constrain the body, or the masters)",
                         bc->name, (long long)model->mesh->node_ids[v], bc->set);
    }
    used++;
    const int64_t off = pf_kin_group_offset(kin, g);
    for (int c = 0; c < 3; c++) {
      if (!(bc->dofs & (1 << c))) continue;
      const int64_t dof = off + c;
      s->prescribed[dof] = 1;
      s->owner[dof] = i;
      /* fixed in the first step holds zero; later it holds where the step found the node */
      s->c_start[dof] = u[3 * v + c];
      if (bc->step == k) /* persisting entries keep the target they reached (see begin) */
        s->c_target[dof] =
            hold ? (bc->type == PF_BC_FIXED && k == 0 ? 0.0 : u[3 * v + c]) : bc->value[c];
    }
  }
  free(in_set);
  if (!used)
    return pf_error_at(ctx, &bc->target_loc,
                       "boundary '%s': set '%s' has no node used by any element", bc->name,
                       bc->set);
  return PF_OK;
}

static int begin_body_bc(pf_context *ctx, pf_schedule *s, const pf_kinematics *kin, int i, int k) {
  const pf_model_desc *d = s->model->desc;
  const pf_bc_desc *bc = &d->bcs[i];
  const int b = find_body(d, bc->body);
  if (b < 0) return pf_error_at(ctx, &bc->target_loc, "no body named '%s'", bc->body);
  const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
  double t[3], psi[3];
  pf_kin_body_state(kin, b, NULL, t, NULL, psi);
  const int hold = bc->type == PF_BC_FIXED || bc->type == PF_BC_HOLD;
  for (int c = 0; c < 6; c++) {
    const int rot = c >= 3;
    const int listed = bc->type == PF_BC_ROTATION ? rot : (bc->dofs & (1 << c)) != 0;
    if (!listed) continue;
    const int64_t dof = off + c;
    s->prescribed[dof] = 1;
    s->owner[dof] = i;
    s->is_rotation[dof] = rot;
    if (!rot) {
      s->c_start[dof] = t[c];
      if (bc->step == k)
        s->c_target[dof] = hold ? (bc->type == PF_BC_FIXED && k == 0 ? 0.0 : t[c]) : bc->value[c];
    }
  }
  if (bc->type == PF_BC_ROTATION) {
    s->body_rotation[b] = i;
    for (int c = 0; c < 3; c++) {
      s->rot_start[3 * b + c] = psi[c];
      s->rot_target[3 * b + c] = bc->value[3 + c] * DEG;
    }
  }
  return PF_OK;
}

/* The true start a of one entry's path, from the value v0 begin took at t0: the path passes v0
 * at f0 = f(t0), v0 = a + f0 (b - a) with b the target, so a = (v0 - f0 b) / (1 - f0). Entries
 * of earlier steps have f = 1 throughout and need no start. */
static void resume_start(const pf_schedule *s, int entry, double t0, double *start, double target) {
  const pf_bc_desc *bc = &s->model->desc->bcs[entry];
  const double f0 = bc->step == s->step ? pf_curve_eval(&bc->curve, t0) : 1.0;
  if (f0 < 1.0) *start = (*start - f0 * target) / (1.0 - f0);
}

/* A step begun part way, at t0 (a restart): the values taken at t0 become the start values of the
 * path through them, the path of the uninterrupted run (to round-off). */
static void resume_starts(pf_schedule *s, double t0) {
  const pf_model_desc *d = s->model->desc;
  for (int64_t q = 0; q < s->n_dofs; q++)
    if (s->prescribed[q] && !s->is_rotation[q])
      resume_start(s, s->owner[q], t0, &s->c_start[q], s->c_target[q]);
  for (int b = 0; b < d->n_bodies; b++)
    for (int c = 0; s->body_rotation[b] >= 0 && c < 3; c++)
      resume_start(s, s->body_rotation[b], t0, &s->rot_start[3 * b + c], s->rot_target[3 * b + c]);
  for (int j = 0; j < d->n_joints; j++)
    if (s->joint_entry[j] >= 0)
      resume_start(s, s->joint_entry[j], t0, &s->joint_start[j], s->joint_target[j]);
}

int pf_schedule_begin(pf_context *ctx, pf_schedule *s, pf_kinematics *kin, int k, double t0) {
  const pf_model_desc *d = s->model->desc;
  const int first_time = s->step < 0;
  s->step = k;
  begin_loads(s, k);
  /* Values a persisting entry reached stay its targets: remember the previous targets. */
  double *prev_target = NULL;
  uint8_t *prev_presc = NULL;
  int ierr = PF_OK;
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, s->n_dofs, &prev_target));
  PF_CALL_GOTO(ierr, done, PF_CALLOC(ctx, s->n_dofs, &prev_presc));
  if (!first_time) {
    memcpy(prev_target, s->c_target, (size_t)s->n_dofs * sizeof(double));
    memcpy(prev_presc, s->prescribed, (size_t)s->n_dofs);
  }
  memset(s->prescribed, 0, (size_t)s->n_dofs);
  memset(s->is_rotation, 0, (size_t)s->n_dofs);
  for (int64_t q = 0; q < s->n_dofs; q++) s->owner[q] = -1;
  for (int b = 0; b < d->n_bodies; b++) s->body_rotation[b] = -1;
  for (int j = 0; j < d->n_joints; j++) s->joint_entry[j] = -1;
  for (int i = 0; i < d->n_bcs; i++) {
    if (bc_live_at(d, i, k) != i || d->bcs[i].release) continue;
    const pf_bc_desc *bc = &d->bcs[i];
    if (bc->joint) {
      const int j = find_joint(d, bc->joint);
      if (j < 0) {
        ierr = pf_error_at(ctx, &bc->target_loc, "no joint named '%s'", bc->joint);
        goto done;
      }
      s->joint_entry[j] = i;
      double ang[3];
      pf_kin_joint_state(kin, j, ang, NULL, NULL, NULL);
      s->joint_start[j] = bc->step == k ? ang[0] : bc->value[3] * DEG;
      s->joint_target[j] = bc->value[3] * DEG;
    } else if (bc->body) {
      PF_CALL_GOTO(ierr, done, begin_body_bc(ctx, s, kin, i, k));
    } else {
      PF_CALL_GOTO(ierr, done, begin_node_bc(ctx, s, kin, i, k));
    }
  }
  /* A persisting entry keeps the target it reached. */
  for (int64_t q = 0; q < s->n_dofs; q++) {
    if (!s->prescribed[q] || s->is_rotation[q]) continue;
    const int i = s->owner[q];
    if (d->bcs[i].step < k) s->c_target[q] = prev_presc[q] ? prev_target[q] : s->c_start[q];
  }
  for (int j = 0; j < d->n_joints; j++) {
    if (s->joint_entry[j] < 0) pf_kin_joint_set_target(kin, j, 0, 0.0);
  }
  if (t0 > 0.0) resume_starts(s, t0);
done:
  free(prev_target);
  free(prev_presc);
  return ierr;
}

void pf_schedule_loads(const pf_schedule *s, double t, double *load_value) {
  const pf_model_desc *d = s->model->desc;
  for (int i = 0; i < d->n_loads; i++) {
    double *v = load_value + 3 * i;
    if (!s->load_live[i]) {
      v[0] = v[1] = v[2] = 0.0;
      continue;
    }
    const double f = d->loads[i].step == s->step ? pf_curve_eval(&d->loads[i].curve, t) : 1.0;
    for (int c = 0; c < 3; c++)
      v[c] = s->load_start[3 * i + c] + f * (s->load_target[3 * i + c] - s->load_start[3 * i + c]);
  }
}

void pf_schedule_prescribed(const pf_schedule *s, pf_kinematics *kin, double t, double *dc) {
  const pf_model_desc *d = s->model->desc;
  const double *u = pf_kin_displacement(kin);
  memset(dc, 0, (size_t)s->n_dofs * sizeof(double));
  for (int64_t q = 0; q < s->n_dofs; q++) {
    if (!s->prescribed[q] || s->is_rotation[q]) continue;
    const pf_bc_desc *bc = &d->bcs[s->owner[q]];
    const double f = bc->step == s->step ? pf_curve_eval(&bc->curve, t) : 1.0;
    const double target = s->c_start[q] + f * (s->c_target[q] - s->c_start[q]);
    const int64_t g = s->dof_group[q], c = q - pf_kin_group_offset(kin, g);
    const int64_t node = pf_kin_group_node(kin, g);
    double current;
    if (node >= 0) {
      current = u[3 * node + c];
    } else {
      double tr[3];
      pf_kin_body_state(kin, s->group_body[g], NULL, tr, NULL, NULL);
      current = tr[c];
    }
    dc[q] = target - current;
  }
  for (int b = 0; b < d->n_bodies; b++) {
    const int i = s->body_rotation[b];
    if (i < 0) continue;
    const double f = d->bcs[i].step == s->step ? pf_curve_eval(&d->bcs[i].curve, t) : 1.0;
    double psi[3], tr[3], inc[6];
    for (int c = 0; c < 3; c++)
      psi[c] = s->rot_start[3 * b + c] + f * (s->rot_target[3 * b + c] - s->rot_start[3 * b + c]);
    pf_kin_body_state(kin, b, NULL, tr, NULL, NULL);
    pf_kin_body_increment_to(kin, b, tr, psi, inc);
    const int64_t off = pf_kin_group_offset(kin, pf_kin_body_group(kin, b));
    for (int c = 3; c < 6; c++) dc[off + c] = inc[c];
  }
  for (int j = 0; j < d->n_joints; j++) {
    const int i = s->joint_entry[j];
    if (i < 0) continue;
    const double f = d->bcs[i].step == s->step ? pf_curve_eval(&d->bcs[i].curve, t) : 1.0;
    pf_kin_joint_set_target(kin, j, 1,
                            s->joint_start[j] + f * (s->joint_target[j] - s->joint_start[j]));
  }
}
