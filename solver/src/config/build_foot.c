/* foot: the foot model file the configuration names (or the one beside the mesh), read into the
 * description, and the checks that need the configuration and the model but not the mesh: the
 * side, every bone a region, a connector across every joint that moves (pf_build.h). The checks
 * against the mesh (bone regions, landmark node sets) are in foot/foot_check.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/pf_build.h"

static const char *const side_names[] = {"right", "left"};

/* The node for an error at the foot key: a map's own line is that of its first key, so errors
 * give the key's line, and the node only when it came from an override (which it then names). */
static const pf_ynode *at_key(const pf_ynode *foot) { return foot && foot->origin ? foot : NULL; }

/* foot.model resolved against the configuration's folder, else the mesh file with .model.yaml in
 * place of its extension (appended when it has none). */
static int model_path(pf_builder *b, const pf_ynode *foot, char **out) {
  const pf_ynode *model = pf_ynode_find(foot, "model", NULL);
  if (model) return pf_build_path(b->ctx, b->d->config_path, model->text, out);
  const char *mesh = b->d->mesh_file, *slash = strrchr(mesh, '/'), *dot = strrchr(mesh, '.');
  size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - mesh) : strlen(mesh);
  const char *ext = ".model.yaml";
  PF_CALL(PF_CALLOC(b->ctx, stem + strlen(ext) + 1, out));
  memcpy(*out, mesh, stem);
  memcpy(*out + stem, ext, strlen(ext) + 1);
  return PF_OK;
}

/* Reads the model file; its errors ("MODEL:LINE: KEY: what") are prefixed with the place of the
 * foot key: "CONFIG:LINE: foot model MODEL:LINE: KEY: what". */
static int read_model(pf_builder *b, const pf_ynode *foot, int line) {
  pf_foot_desc *f = &b->d->foot;
  const pf_ynode *model = pf_ynode_find(foot, "model", NULL);
  if (access(f->model_file, R_OK) != 0) {
    const int given = model != NULL;
    return pf_build_error(b, given ? model : at_key(foot),
                          given ? pf_build_key_line(foot, "model") : line,
                          given ? "foot.model" : "foot",
                          "cannot read the foot model '%s': %s (expected the .model.yaml file "
                          "the foot mesh generator writes beside the mesh%s)",
                          f->model_file, strerror(errno), given ? "" : ", or foot.model: FILE");
  }
  const int rc = pf_foot_model_read(b->ctx, f);
  if (rc == PF_OK || rc == PF_ERR_INTERNAL) return rc;
  pf_srcloc at;
  pf_config_err_loc(b->tree, at_key(foot), line, "", &at);
  if (at.line > 0)
    pf_error_prefix(b->ctx, "%s:%d: foot model ", at.file, at.line);
  else
    pf_error_prefix(b->ctx, "%s: foot model ", at.file);
  return rc;
}

static const pf_region_desc *find_region(const pf_model_desc *d, const char *set) {
  for (int r = 0; r < d->n_regions; r++)
    if (!strcmp(d->regions[r].set, set)) return &d->regions[r];
  return NULL;
}

/* foot.side, when given, is the model's side. */
static int check_side(pf_builder *b, const pf_ynode *foot) {
  const pf_foot_desc *f = &b->d->foot;
  const pf_ynode *side = pf_ynode_find(foot, "side", NULL);
  if (!side) return PF_OK;
  const int want = pf_build_code(pf_build_section("foot"), foot, "side");
  if (want == (int)f->side) return PF_OK;
  return pf_build_error(b, side, pf_build_key_line(foot, "side"), "foot.side",
                        "%s, but the foot model %s (and its mesh) is of a %s foot (expected "
                        "side: %s with this mesh, or the mesh of a %s foot with its model: "
                        "meshes/foot/foot_mesh.py --side %s writes them)",
                        side_names[want], f->model_file, side_names[f->side], side_names[f->side],
                        side_names[want], side_names[want]);
}

/* Every bone of the model is a region of the configuration (rigid, a material or removed). */
static int check_bones(pf_builder *b, const pf_ynode *foot, int line) {
  const pf_foot_desc *f = &b->d->foot;
  char missing[1024] = "";
  size_t used = 0;
  int n_missing = 0;
  const pf_foot_item *first = NULL;
  for (int i = 0; i < f->n_bones; i++) {
    if (find_region(b->d, f->bones[i].name)) continue;
    if (!first) first = &f->bones[i];
    if (used < sizeof(missing))
      used += (size_t)snprintf(missing + used, sizeof(missing) - used, "%s%s",
                               n_missing ? ", " : "", f->bones[i].name);
    n_missing++;
  }
  if (!n_missing) return PF_OK;
  if (n_missing == 1)
    return pf_build_error(b, at_key(foot), line, "",
                          "foot model %s: bone '%s' (line %d of the model) is not in regions: "
                          "(expected regions: {%s: rigid}, a material for a deformable bone, or "
                          "removed)",
                          f->model_file, first->name, first->loc.line, first->name);
  return pf_build_error(b, at_key(foot), line, "",
                        "foot model %s: %d bones are not in regions: %s (expected each in "
                        "regions: as rigid, a material for a deformable bone, or removed)",
                        f->model_file, n_missing, missing);
}

/* Every joint that moves (type gap) between two rigid bones is bridged by a connector: an entry
 * of joints: between its two bones, in either order. */
static int check_connectors(pf_builder *b, const pf_ynode *foot, int line) {
  const pf_model_desc *d = b->d;
  const pf_foot_desc *f = &d->foot;
  for (int i = 0; i < f->n_joints; i++) {
    const pf_foot_joint *j = &f->joints[i];
    if (j->type != PF_FOOT_JOINT_GAP) continue;
    const pf_region_desc *p = find_region(d, j->proximal), *q = find_region(d, j->distal);
    if (!p || !q || p->kind != PF_REGION_RIGID || q->kind != PF_REGION_RIGID) continue;
    int bridged = 0;
    for (int k = 0; k < d->n_joints && !bridged; k++) {
      const pf_joint_desc *c = &d->joints[k];
      bridged = (!strcmp(c->proximal, j->proximal) && !strcmp(c->distal, j->distal)) ||
                (!strcmp(c->proximal, j->distal) && !strcmp(c->distal, j->proximal));
    }
    if (!bridged)
      return pf_build_error(b, at_key(foot), line, "",
                            "foot model %s: joint '%s' (%s - %s) moves (a gap in the mesh) but "
                            "no connector joins its bones: bone '%s' is held by nothing at that "
                            "joint (expected a joints: entry with proximal: %s, distal: %s)",
                            f->model_file, j->name, j->proximal, j->distal, j->distal, j->proximal,
                            j->distal);
  }
  return PF_OK;
}

int pf_build_foot(pf_builder *b) {
  const pf_ynode *root = b->tree->root;
  const pf_ynode *foot = pf_ynode_find(root, "foot", NULL);
  if (!foot) return PF_OK;
  pf_foot_desc *f = &b->d->foot;
  const int line = pf_build_key_line(root, "foot");
  f->active = 1;
  pf_build_loc(b, foot, line, "", &f->loc);
  PF_CALL(model_path(b, foot, &f->model_file));
  PF_CALL(read_model(b, foot, line));
  PF_CALL(check_side(b, foot));
  PF_CALL(check_bones(b, foot, line));
  PF_CALL(check_connectors(b, foot, line));
  return PF_OK;
}
