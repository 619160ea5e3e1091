/*
 * Anatomy-aware parts of a foot analysis. So far: the checks of a foot model (the description of
 * a foot mesh, config's foot:) against the mesh it describes.
 */
#ifndef PF_FOOT_H
#define PF_FOOT_H

#include "analysis/pf_model.h"
#include "mesh/pf_mesh.h"

/* Checks that mesh is the mesh desc->foot describes: every bone is an element region of it;
 * every landmark is a node set of one node; tibia_cut, sole and every tendon's insertion and
 * origin are node sets. Does nothing without foot: (desc->foot.active 0).
 * [in] desc  the description (its foot read from the model file)
 * [in] mesh  the mesh of desc
 * Returns PF_OK, or PF_ERR_INPUT with "CONFIG:LINE: foot model MODEL: what (expected)", LINE
 * being the line of the foot key. */
int pf_foot_check_mesh(pf_context *ctx, const pf_model_desc *desc, const pf_mesh *mesh);

#endif /* PF_FOOT_H */
