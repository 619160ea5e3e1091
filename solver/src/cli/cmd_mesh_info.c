/* pfsim mesh-info MESH: counts, regions (element sets), node sets, surfaces, element data and
 * element quality. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pf_cli.h"
#include "core/pf_core.h"
#include "assembly/pf_assembly.h"
#include "fem/pf_fem.h"
#include "mesh/pf_mesh.h"

/* Quality of one block: worst values, inverted count and a coarse histogram of shape quality. */
static int block_quality(pf_context *ctx, const pf_mesh *mesh, pf_elem_type t) {
  const int64_t m = mesh->blocks[t].count;
  double *jr = NULL, *sh = NULL;
  int rc = PF_CALLOC(ctx, m, &jr);
  if (!rc) rc = PF_CALLOC(ctx, m, &sh);
  if (!rc) rc = pf_element_quality(ctx, mesh, t, jr, sh);
  if (!rc) {
    double jmin = INFINITY, smin = INFINITY, smean = 0.0;
    int64_t inverted = 0, worst = 0, hist[5] = {0};
    for (int64_t e = 0; e < m; e++) {
      if (jr[e] < jmin) jmin = jr[e], worst = e;
      smin = fmin(smin, sh[e]);
      smean += sh[e] / (double)m;
      inverted += !(jr[e] > 0.0);
      int b = (int)(sh[e] * 5.0);
      hist[b < 0 ? 0 : b > 4 ? 4 : b]++;
    }
    printf(
        "  %-7s shape quality min %.3f mean %.3f; Jacobian ratio min %.3f (element %lld); "
        "inverted %lld\n",
        pf_elem_name(t), smin, smean, jmin, (long long)mesh->blocks[t].ids[worst],
        (long long)inverted);
    if (t != PF_ELEM_TRUSS2)
      printf(
          "          shape histogram [0,.2) %lld  [.2,.4) %lld  [.4,.6) %lld  [.6,.8) %lld  "
          "[.8,1] %lld\n",
          (long long)hist[0], (long long)hist[1], (long long)hist[2], (long long)hist[3],
          (long long)hist[4]);
  }
  free(jr);
  free(sh);
  return rc;
}

int pf_cmd_mesh_info(int argc, char **argv) {
  if (argc != 2 || argv[1][0] == '-') return pf_cli_usage("mesh-info: expected one mesh file");
  pf_context *ctx;
  if (pf_context_create(&ctx)) return 4;
  pf_context_set_log_level(ctx, PF_LOG_WARN);
  pf_mesh *mesh = NULL;
  int rc = pf_mesh_read(ctx, argv[1], &mesh);
  if (rc) {
    int code = pf_cli_fail(ctx, rc);
    pf_context_destroy(&ctx);
    return code;
  }
  double bb[6];
  pf_mesh_bbox(mesh, bb);
  printf("mesh: %s\n", mesh->source);
  printf("nodes: %lld\n", (long long)mesh->n_nodes);
  printf("elements: %lld", (long long)mesh->elem_offset[PF_ELEM_NUM_TYPES]);
  for (int t = 0; t < PF_ELEM_NUM_TYPES; t++)
    if (mesh->blocks[t].count)
      printf("  %s %lld", pf_elem_name((pf_elem_type)t), (long long)mesh->blocks[t].count);
  printf("\nbounding box: [%.6g, %.6g] x [%.6g, %.6g] x [%.6g, %.6g] mm\n", bb[0], bb[3], bb[1],
         bb[4], bb[2], bb[5]);
  printf("element sets (regions): %d\n", mesh->n_elsets);
  for (int i = 0; i < mesh->n_elsets; i++)
    printf("  %-24s %lld elements\n", mesh->elsets[i].name, (long long)mesh->elsets[i].count);
  printf("node sets: %d\n", mesh->n_nsets);
  for (int i = 0; i < mesh->n_nsets; i++)
    printf("  %-24s %lld nodes\n", mesh->nsets[i].name, (long long)mesh->nsets[i].count);
  printf("surfaces: %d\n", mesh->n_surfaces);
  for (int i = 0; i < mesh->n_surfaces; i++) {
    printf("  %-24s", mesh->surfaces[i].name);
    for (int f = 0; f < PF_FACE_NUM_TYPES; f++)
      if (mesh->surfaces[i].count[f])
        printf(" %lld %s", (long long)mesh->surfaces[i].count[f], pf_face_name((pf_face_type)f));
    printf("\n");
  }
  printf("element data: %d\n", mesh->n_elem_data);
  for (int i = 0; i < mesh->n_elem_data; i++) {
    const pf_elem_data *d = &mesh->elem_data[i];
    const int64_t n = mesh->elem_offset[PF_ELEM_NUM_TYPES];
    int64_t given = 0; /* elements without a value hold NaN */
    for (int64_t e = 0; e < n; e++) given += !isnan(d->values[e * d->components]);
    printf("  %-24s %d component%s, %lld of %lld elements\n", d->name, d->components,
           d->components == 1 ? "" : "s", (long long)given, (long long)n);
  }
  printf("quality:\n");
  for (int t = 0; t < PF_ELEM_NUM_TYPES && !rc; t++)
    if (mesh->blocks[t].count) rc = block_quality(ctx, mesh, (pf_elem_type)t);
  if (mesh->n_notes) printf("notes:\n");
  for (int i = 0; i < mesh->n_notes; i++) printf("  %s\n", mesh->notes[i]);
  int code = rc ? pf_cli_fail(ctx, rc) : 0;
  pf_mesh_destroy(&mesh);
  pf_context_destroy(&ctx);
  return code;
}
