/*
 * pf_testmesh: writes a structured verification mesh as an Abaqus deck (tests only).
 *   pf_testmesh box  tet4|tet10|hex8 N0 N1 N2 L0 L1 L2 PERTURB OUT.inp
 *   pf_testmesh ring tet4|tet10|hex8 N0 N1 N2 A B ANGLE_DEG H OUT.inp
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testmesh.h"

int main(int argc, char **argv) {
  if (argc != 11) {
    fprintf(stderr, "usage: pf_testmesh box|ring TYPE N0 N1 N2 P1 P2 P3 P4 OUT.inp\n");
    return 1;
  }
  pf_elem_type t = !strcmp(argv[2], "tet4")    ? PF_ELEM_TET4
                   : !strcmp(argv[2], "tet10") ? PF_ELEM_TET10
                   : !strcmp(argv[2], "hex8")  ? PF_ELEM_HEX8
                                               : PF_ELEM_NUM_TYPES;
  if (t == PF_ELEM_NUM_TYPES) return fprintf(stderr, "unknown type %s\n", argv[2]), 1;
  const int n[3] = {atoi(argv[3]), atoi(argv[4]), atoi(argv[5])};
  const double p[4] = {atof(argv[6]), atof(argv[7]), atof(argv[8]), atof(argv[9])};
  pf_context *ctx;
  pf_mesh *mesh = NULL;
  pf_context_create(&ctx);
  int rc;
  if (!strcmp(argv[1], "box"))
    rc = tm_box(ctx, t, n, p, p[3], 1, &mesh);
  else
    rc = tm_ring(ctx, t, n, p[0], p[1], p[2], p[3], &mesh);
  if (!rc) rc = tm_write_inp(mesh, argv[10]);
  pf_mesh_destroy(&mesh);
  pf_context_destroy(&ctx);
  if (rc) fprintf(stderr, "pf_testmesh: failed\n");
  return rc ? 1 : 0;
}
