#!/usr/bin/env bash
# Regenerates pfsim's verification meshes with Debian's gmsh (4.8.4), one mesher thread so that
# the meshes are reproducible. The binary .msh and the Abaqus deck are converted from the ASCII
# .msh, so all block-tet10 files hold the same mesh (the .inp keeps 14 significant digits).
#   meshes/verification/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")"
g() { gmsh -nt 1 -v 2 "$@"; }

# (a) the 10 x 2 x 2 mm block, tet10
g block.geo -3 -order 2 -format msh41 -o block-tet10.msh
g block-tet10.msh -0 -bin -format msh41 -o block-tet10-bin.msh
g block-tet10.msh -0 -format inp -setnumber Mesh.SaveGroupsOfNodes 1 -o block-tet10.inp
python3 make_part_decks.py block-tet10.inp
# (b) the same block as tet4 and as structured hex8
g block.geo -3 -format msh41 -o block-tet4.msh
g block.geo -3 -setnumber hex 1 -format msh41 -o block-hex8.msh
# (c) a curved tet10 mesh: a quarter of a thick cylinder
g ring.geo -3 -format msh41 -o ring-tet10.msh
ls -l ./*.msh ./*.inp
