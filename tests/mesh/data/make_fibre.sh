#!/usr/bin/env bash
# Regenerates fibre.msh (gmsh 4.1 ASCII) and fibre-bin.msh (gmsh 4.1 binary): the same tet10 mesh
# with the $ElementData view "fibre", written by Debian's gmsh 4.8.4 from fibre.geo (one mesher
# thread: the output is reproducible byte for byte).
#   tests/mesh/data/make_fibre.sh
set -euo pipefail
cd "$(dirname "$0")"
gmsh -nt 1 -v 2 fibre.geo -parse_and_exit
ls -l fibre.msh fibre-bin.msh
