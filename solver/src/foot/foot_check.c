/* A foot model against its mesh: the regions and node sets the model names must be in the mesh,
 * so that a mesh and a model file that do not belong together (another size or side, an old
 * mesh) are reported before anything is built on them. */
#include <stdio.h>
#include <string.h>

#include "foot/pf_foot.h"

/* The foot mesh's node sets of its tibia_cut and sole surfaces (the body load holds the one and
 * the ground meets the other), beside the landmarks the model lists. */
static const char *const surface_sets[] = {"tibia_cut", "sole"};

/* An error at the foot key: "CONFIG:LINE: foot model MODEL: what". */
static int foot_error(pf_context *ctx, const pf_foot_desc *f, const char *what) {
  return pf_error_at(ctx, &f->loc, "foot model %s: %s", f->model_file, what);
}

static int check_bones(pf_context *ctx, const pf_foot_desc *f, const pf_mesh *mesh) {
  for (int i = 0; i < f->n_bones; i++) {
    if (pf_mesh_find_elset(mesh, f->bones[i].name) >= 0) continue;
    char what[1024];
    snprintf(what, sizeof(what),
             "bone '%s' (line %d of the model) is not an element region of the mesh %s (expected "
             "the mesh the model was written with)",
             f->bones[i].name, f->bones[i].loc.line, mesh->source);
    return foot_error(ctx, f, what);
  }
  return PF_OK;
}

/* A node set of the model is a node set of the mesh; a landmark one of one node. what: the set
 * as the message names it ("landmark node set 'mth1' (line 12 of the model)"). */
static int check_nset(pf_context *ctx, const pf_foot_desc *f, const pf_mesh *mesh, const char *name,
                      const char *what, int one_node) {
  char msg[1536];
  const int k = pf_mesh_find_nset(mesh, name);
  if (k < 0) {
    snprintf(msg, sizeof(msg),
             "%s is not in the mesh %s (expected a node set of that name; is the mesh the one "
             "the model was written with?)",
             what, mesh->source);
    return foot_error(ctx, f, msg);
  }
  if (one_node && mesh->nsets[k].count != 1) {
    snprintf(msg, sizeof(msg), "%s has %lld nodes in the mesh %s (expected one)", what,
             (long long)mesh->nsets[k].count, mesh->source);
    return foot_error(ctx, f, msg);
  }
  return PF_OK;
}

int pf_foot_check_mesh(pf_context *ctx, const pf_model_desc *desc, const pf_mesh *mesh) {
  const pf_foot_desc *f = &desc->foot;
  if (!f->active) return PF_OK;
  PF_CALL(check_bones(ctx, f, mesh));
  char what[512];
  for (int i = 0; i < f->n_landmarks; i++) {
    const pf_foot_item *l = &f->landmarks[i];
    snprintf(what, sizeof(what), "landmark node set '%s' (line %d of the model)", l->name,
             l->loc.line);
    PF_CALL(check_nset(ctx, f, mesh, l->name, what, 1));
  }
  for (size_t i = 0; i < sizeof(surface_sets) / sizeof(surface_sets[0]); i++) {
    snprintf(what, sizeof(what), "node set '%s' (the nodes of the %s surface every foot mesh has)",
             surface_sets[i], surface_sets[i]);
    PF_CALL(check_nset(ctx, f, mesh, surface_sets[i], what, 0));
  }
  for (int i = 0; i < f->n_tendons; i++) {
    const pf_foot_tendon *t = &f->tendons[i];
    snprintf(what, sizeof(what), "tendon '%s' insertion node set '%s' (line %d of the model)",
             t->name, t->insertion, t->loc.line);
    PF_CALL(check_nset(ctx, f, mesh, t->insertion, what, 0));
    snprintf(what, sizeof(what), "tendon '%s' origin node set '%s' (line %d of the model)", t->name,
             t->origin, t->loc.line);
    PF_CALL(check_nset(ctx, f, mesh, t->origin, what, 0));
  }
  return PF_OK;
}
