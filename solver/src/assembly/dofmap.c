/* Degree-of-freedom numbering and boundary conditions. */
#include <stdlib.h>
#include <string.h>

#include "assembly/pf_assembly.h"

static const char *dof_name(int i) { return i == 0 ? "x" : i == 1 ? "y" : "z"; }

int pf_dofmap_build(pf_context *ctx, const pf_model *model, pf_dofmap **dm_out) {
  const pf_mesh *mesh = model->mesh;
  const pf_model_desc *desc = model->desc;
  pf_dofmap *dm = NULL;
  int ierr;
  *dm_out = NULL;
  PF_CALL(PF_CALLOC(ctx, 1, &dm));
  dm->n_nodes = mesh->n_nodes;
  dm->n_dofs = 3 * mesh->n_nodes;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, dm->n_dofs, &dm->eq));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, dm->n_dofs, &dm->owner));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, dm->n_dofs, &dm->prescribed));
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, dm->n_nodes, &dm->used));

  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++) {
    const pf_elem_block *b = &mesh->blocks[t];
    const int64_t n = b->count * pf_elem_nodes((pf_elem_type)t);
    for (int64_t k = 0; k < n; k++) dm->used[b->conn[k]] = 1;
  }
  for (int64_t i = 0; i < dm->n_dofs; i++) dm->owner[i] = -1;

  for (int c = 0; c < desc->n_bcs; c++) {
    const pf_bc_desc *bc = &desc->bcs[c];
    int64_t unused = 0;
    for (int64_t k = 0; k < model->bc_count[c]; k++) {
      int64_t node = model->bc_nodes[c][k];
      if (!dm->used[node]) {
        unused++;
        continue;
      }
      for (int i = 0; i < 3; i++) {
        if (!(bc->dofs & (1 << i))) continue;
        int64_t d = 3 * node + i;
        double v = bc->type == PF_BC_DISPLACEMENT ? bc->value[i] : 0.0;
        if (dm->owner[d] >= 0 && dm->prescribed[d] != v) {
          const pf_bc_desc *other = &desc->bcs[dm->owner[d]];
          ierr = pf_error_at(ctx, &bc->loc,
                             "boundary '%s' prescribes %s = %g at node %lld, which boundary '%s' "
                             "(line %d) already prescribes as %g",
                             bc->name, dof_name(i), v, (long long)mesh->node_ids[node], other->name,
                             other->loc.line, dm->prescribed[d]);
          goto fail;
        }
        if (dm->owner[d] < 0) {
          dm->owner[d] = c;
          dm->prescribed[d] = v;
        }
      }
    }
    if (unused == model->bc_count[c]) {
      ierr = pf_error_at(ctx, &bc->target_loc,
                         "set '%s' of boundary '%s' has no node used by any element", bc->set,
                         bc->name);
      goto fail;
    }
    if (unused)
      pf_warn(ctx, "boundary '%s': %lld node(s) of set '%s' belong to no element; ignored\n",
              bc->name, (long long)unused, bc->set);
  }

  int64_t n_eq = 0;
  for (int64_t node = 0; node < dm->n_nodes; node++) {
    if (dm->used[node]) dm->n_used++;
    for (int i = 0; i < 3; i++) {
      int64_t d = 3 * node + i;
      if (dm->used[node] && dm->owner[d] < 0)
        dm->eq[d] = n_eq++;
      else
        dm->eq[d] = -1;
      if (dm->used[node] && dm->owner[d] >= 0) dm->n_constrained++;
    }
  }
  dm->n_eq = n_eq;
  PF_CALL_GOTO(ierr, fail, PF_CALLOC(ctx, n_eq, &dm->eq_node));
  for (int64_t d = 0; d < dm->n_dofs; d++)
    if (dm->eq[d] >= 0) dm->eq_node[dm->eq[d]] = d / 3;
  *dm_out = dm;
  return PF_OK;
fail:
  pf_dofmap_destroy(&dm);
  return ierr;
}

void pf_dofmap_destroy(pf_dofmap **dm) {
  if (!dm || !*dm) return;
  free((*dm)->eq);
  free((*dm)->owner);
  free((*dm)->prescribed);
  free((*dm)->used);
  free((*dm)->eq_node);
  free(*dm);
  *dm = NULL;
}
