/* Joints (connectors between two bodies) and ties (Abaqus *TIE) of the model description
 * (pf_build.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config/pf_build.h"

#define PF_BUILD_MAX_BODIES 256

static double dot3(const double *a, const double *b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void cross3(const double *a, const double *b, double *c) {
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}

/* v minus its parts along the first k unit rows of axes, normalised; 0 when what is left is
 * shorter than 1e-6 of |v| (v in the span of those rows). */
static int orthonormalise(double *axes, int k, const double *v) {
  double w[3] = {v[0], v[1], v[2]}, len0 = sqrt(dot3(v, v));
  for (int j = 0; j < k; j++) {
    double p = dot3(w, axes + 3 * j);
    for (int c = 0; c < 3; c++) w[c] -= p * axes[3 * j + c];
  }
  double len = sqrt(dot3(w, w));
  if (!(len0 > 0) || !(len > 1e-6 * len0)) return 0;
  for (int c = 0; c < 3; c++) axes[3 * k + c] = w[c] / len;
  return 1;
}

static int find_body(const pf_builder *b, const char *name) {
  for (int i = 0; i < b->d->n_bodies; i++)
    if (!strcmp(b->d->bodies[i].name, name)) return i;
  return -1;
}

static int body_ref(pf_builder *b, const pf_ynode *j, const char *key, const char *path,
                    char **name, int *index) {
  const pf_ynode *node = pf_ynode_find(j, key, NULL);
  char p[300];
  snprintf(p, sizeof(p), "%.240s.%s", path, key);
  *index = find_body(b, node->text);
  if (*index < 0) {
    const char *names[PF_BUILD_MAX_BODIES];
    return pf_build_unknown(b, node, pf_build_key_line(j, key), p, "body", node->text, names,
                            pf_build_body_names(b, names, PF_BUILD_MAX_BODIES),
                            "a body is a region written rigid, or an entry of couplings");
  }
  return pf_strdup(b->ctx, node->text, name);
}

/* One number for the three axes, or one per axis. */
static void stiffness3(const pf_schema *s, const pf_ynode *j, const char *key, double *k) {
  const pf_ynode *node = pf_ynode_find(j, key, NULL);
  if (node && node->kind == PF_YSEQ) {
    pf_build_numbers(node, k, 3);
    return;
  }
  k[0] = k[1] = k[2] = pf_build_number(s, j, key);
}

static int build_frame(pf_builder *b, const pf_ynode *j, const char *path, pf_joint_desc *jd) {
  char p[300];
  const pf_ynode *axis = pf_ynode_find(j, "axis", NULL);
  if (axis) {
    double a[3] = {0, 0, 0};
    pf_build_numbers(axis, a, 3);
    snprintf(p, sizeof(p), "%.240s.axis", path);
    if (!orthonormalise(jd->axes, 0, a))
      return pf_build_error(b, axis, pf_build_key_line(j, "axis"), p,
                            "the zero vector is no axis (expected a non-zero [x, y, z])");
    /* Axis 2: the global axis least aligned with axis 1, made orthogonal to it; axis 3 = 1 x 2.
     * Ties between components go to the first (x before y before z). */
    int least = 0;
    for (int c = 1; c < 3; c++)
      if (fabs(jd->axes[c]) < fabs(jd->axes[least])) least = c;
    double e[3] = {0, 0, 0};
    e[least] = 1;
    orthonormalise(jd->axes, 1, e);
    cross3(jd->axes, jd->axes + 3, jd->axes + 6);
    return PF_OK;
  }
  const pf_ynode *axes = pf_ynode_find(j, "axes", NULL);
  snprintf(p, sizeof(p), "%.240s.axes", path);
  for (int k = 0; k < 3; k++) {
    double v[3] = {0, 0, 0};
    pf_build_numbers(axes->items[k], v, 3);
    if (!orthonormalise(jd->axes, k, v))
      return pf_build_error(b, axes->items[k], axes->items[k]->line, p,
                            "axis %d is zero or in the span of the axes before it (expected "
                            "three independent axes)",
                            k + 1);
  }
  double c[3];
  cross3(jd->axes, jd->axes + 3, c);
  if (dot3(c, jd->axes + 6) < 0)
    return pf_build_error(b, axes, pf_build_key_line(j, "axes"), p,
                          "the axes are left-handed (expected a right-handed frame: axis 3 on "
                          "the side of axis 1 x axis 2)");
  return PF_OK;
}

int pf_build_joints(pf_builder *b) {
  const pf_schema *s = pf_build_element("joints");
  const pf_ynode *list = pf_ynode_find(b->tree->root, "joints", NULL);
  int n = list && list->kind == PF_YSEQ ? list->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n ? n : 1, &b->d->joints));
  for (int i = 0; i < n; i++) {
    const pf_ynode *j = list->items[i];
    pf_joint_desc *jd = &b->d->joints[b->d->n_joints++];
    char path[256];
    snprintf(path, sizeof(path), "joints[%d]", i);
    PF_CALL(pf_strdup(b->ctx, pf_ynode_find(j, "name", NULL)->text, &jd->name));
    pf_build_loc(b, j, j->line, path, &jd->loc);
    PF_CALL(body_ref(b, j, "proximal", path, &jd->proximal, &jd->proximal_body));
    PF_CALL(body_ref(b, j, "distal", path, &jd->distal, &jd->distal_body));
    if (jd->proximal_body == jd->distal_body) {
      char p[300];
      snprintf(p, sizeof(p), "%.240s.distal", path);
      return pf_build_error(b, pf_ynode_find(j, "distal", NULL), pf_build_key_line(j, "distal"), p,
                            "distal is the proximal body %s (expected two different bodies)",
                            jd->distal);
    }
    const pf_ynode *centre = pf_ynode_find(j, "centre", NULL);
    jd->has_centre = centre != NULL;
    pf_build_numbers(centre, jd->centre, 3);
    PF_CALL(build_frame(b, j, path, jd));
    stiffness3(s, j, "translational_stiffness", jd->k_translation);
    stiffness3(s, j, "rotational_stiffness", jd->k_rotation);
  }
  return PF_OK;
}

int pf_build_ties(pf_builder *b) {
  const pf_schema *s = pf_build_element("ties");
  const pf_ynode *list = pf_ynode_find(b->tree->root, "ties", NULL);
  int n = list && list->kind == PF_YSEQ ? list->n : 0;
  PF_CALL(PF_CALLOC(b->ctx, n ? n : 1, &b->d->ties));
  for (int i = 0; i < n; i++) {
    const pf_ynode *t = list->items[i];
    pf_tie_desc *td = &b->d->ties[b->d->n_ties++];
    char path[256];
    snprintf(path, sizeof(path), "ties[%d]", i);
    const pf_ynode *name = pf_ynode_find(t, "name", NULL);
    PF_CALL(pf_strdup(b->ctx, name ? name->text : path, &td->name));
    pf_build_loc(b, t, t->line, path, &td->loc);
    PF_CALL(pf_strdup(b->ctx, pf_ynode_find(t, "slave", NULL)->text, &td->slave));
    PF_CALL(pf_strdup(b->ctx, pf_ynode_find(t, "master", NULL)->text, &td->master));
    if (!strcmp(td->slave, td->master)) {
      char p[300];
      snprintf(p, sizeof(p), "%.240s.master", path);
      const pf_ynode *m = pf_ynode_find(t, "master", NULL);
      return pf_build_error(b, m, pf_build_key_line(t, "master"), p,
                            "master is the slave %s (expected another surface)", td->slave);
    }
    /* 0: not given; the constraint module takes 5% of the master's mean edge length. */
    td->tolerance = pf_build_number(s, t, "tolerance");
  }
  return PF_OK;
}

/* contact.ground. */
int pf_build_contact(pf_builder *b) {
  const pf_ynode *contact = pf_ynode_find(b->tree->root, "contact", NULL);
  const pf_ynode *g = pf_ynode_find(contact, "ground", NULL);
  pf_contact_desc *c = &b->d->contact;
  if (!g) return PF_OK;
  const pf_schema *s = pf_schema_find(pf_build_section("contact"), "ground", NULL);
  const pf_ynode *pl = pf_ynode_find(g, "plate", NULL);
  const pf_schema *ps = pf_schema_find(s, "plate", NULL);
  c->active = 1;
  pf_build_loc(b, g, g->line, "contact.ground", &c->loc);
  const pf_ynode *surf = pf_ynode_find(g, "surface", NULL);
  PF_CALL(pf_strdup(b->ctx, surf->text, &c->surface));
  pf_build_loc(b, surf, pf_build_key_line(g, "surface"), "contact.ground.surface", &c->surface_loc);
  const pf_ynode *ref = pf_ynode_find(g, "reference", NULL);
  if (ref) {
    PF_CALL(pf_strdup(b->ctx, ref->text, &c->reference));
    pf_build_loc(b, ref, pf_build_key_line(g, "reference"), "contact.ground.reference",
                 &c->reference_loc);
  }
  c->normal[2] = 1.0;
  pf_build_numbers(pf_ynode_find(g, "point", NULL), c->point, 3);
  const pf_ynode *normal = pf_ynode_find(g, "normal", NULL);
  pf_build_numbers(normal, c->normal, 3);
  if (!(dot3(c->normal, c->normal) > 1e-24))
    return pf_build_error(b, normal, pf_build_key_line(g, "normal"), "contact.ground.normal",
                          "the normal is zero (expected a direction)");
  c->friction = pf_build_number(s, g, "friction");
  c->penalty_scale = pf_build_number(s, g, "penalty_scale");
  c->gap_tolerance = pf_build_number(s, g, "gap_tolerance"); /* 0: the contact module's default */
  c->pressure_tolerance = pf_build_number(s, g, "pressure_tolerance");
  c->unsymmetric = pf_build_code(s, g, "tangent");
  /* the plate: a preset's pitch and threshold unless given */
  const int preset = pf_build_code(ps, pl, "preset");
  c->plate_pitch = preset == 1 ? 8.5 : 5.0;
  c->plate_threshold = 0.01;
  if (pf_ynode_find(pl, "pitch", NULL)) c->plate_pitch = pf_build_number(ps, pl, "pitch");
  if (pf_ynode_find(pl, "threshold", NULL))
    c->plate_threshold = pf_build_number(ps, pl, "threshold");
  c->plate_axis[0] = 1.0;
  pf_build_numbers(pf_ynode_find(pl, "axis", NULL), c->plate_axis, 3);
  c->regions[0] = 0.8 / 3.0;
  c->regions[1] = 1.6 / 3.0;
  c->regions[2] = 0.8;
  const pf_ynode *regions = pf_ynode_find(pl, "regions", NULL);
  pf_build_numbers(regions, c->regions, 3);
  if (!(c->regions[0] < c->regions[1] && c->regions[1] < c->regions[2]))
    return pf_build_error(b, regions, pf_build_key_line(pl, "regions"),
                          "contact.ground.plate.regions",
                          "the region boundaries are not increasing (expected heel|midfoot < "
                          "midfoot|forefoot < forefoot|toes)");
  c->rearfoot_split = pf_build_number(ps, pl, "rearfoot_split");
  return PF_OK;
}
