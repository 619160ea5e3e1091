/*
 * Structured verification meshes for tests, built in memory (no gmsh): boxes and thick-ring
 * sectors as tet4 (six Kuhn tetrahedra per cell), tet10 (mid-edge nodes on the mapped geometry,
 * i.e. curved on the ring) or hex8, with node sets, element set "block" and surfaces on each
 * parametric face. They can be written as Abaqus .inp files for the command-line tests.
 */
#ifndef PF_TESTMESH_H
#define PF_TESTMESH_H

#include "mesh/pf_mesh.h"

/* A box [0,L0] x [0,L1] x [0,L2] with n0 x n1 x n2 cells. Interior nodes are moved by up to
 * perturb x the cell size in each direction (deterministic from seed; tet10 mid-edge nodes stay
 * at the middle of their straight edges). Sets: xmin xmax ymin ymax zmin zmax (node sets and
 * surfaces), corner000 ... corner111 (node sets), element set block. */
int tm_box(pf_context *ctx, pf_elem_type type, const int n[3], const double L[3], double perturb,
           unsigned seed, pf_mesh **mesh);

/* A sector of a thick-walled cylinder: radii a < b, angle (degrees) from the x axis toward the
 * y axis, height H along z; n[0] cells through the wall, n[1] around, n[2] along z. Sets: inner,
 * outer, sym_y (theta = 0, the plane y = 0), sym_x (theta = angle; the plane x = 0 when angle is
 * 90), zmin, zmax (node sets and surfaces), element set block. */
int tm_ring(pf_context *ctx, pf_elem_type type, const int n[3], double a, double b,
            double angle_deg, double H, pf_mesh **mesh);

/* Writes mesh as an Abaqus deck: *NODE, *ELEMENT (solids in ELSET per element set; surfaces as
 * CPS3/CPS6/CPS4 elements in ELSET=<surface>), *NSET. Returns 0 or -1 (I/O error). */
int tm_write_inp(const pf_mesh *mesh, const char *path);

/* tm_box written to path as an Abaqus deck (its own context). Returns 0 or -1 (printed). */
int tm_box_inp(pf_elem_type type, const int n[3], const double L[3], double perturb, unsigned seed,
               const char *path);

#endif /* PF_TESTMESH_H */
