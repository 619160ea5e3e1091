#!/usr/bin/env python3
"""Rewrites a flat Abaqus deck (gmsh's export) as *PART / *ASSEMBLY / *INSTANCE decks.

    make_part_decks.py block-tet10.inp

writes block-tet10-part.inp (one instance, no transform) and block-tet10-part-rot.inp (one
instance translated by TRANSLATION, then rotated by ANGLE degrees about the axis from A to B, as
the Abaqus *INSTANCE data lines specify: translation first, then rotation). The mesh lines are
copied verbatim, so the part decks hold exactly the nodes, elements and sets of the flat deck.
tests/mesh/test_mesh_block.c applies the inverse transform with the same constants.
"""
import sys
from pathlib import Path

TRANSLATION = (1.5, -2.0, 3.0)
A = (1.0, 2.0, 0.5)
B = (2.0, 3.0, 4.5)
ANGLE = 30.0


def mesh_lines(flat):
    """The deck from its first *NODE line on (drops *Heading and its title line)."""
    lines = flat.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip().upper().startswith("*NODE"):
            return lines[i:]
    sys.exit(f"{flat}: no *NODE line")


def write(path, body, instance_data, title):
    out = [
        f"** {path.name}: written by make_part_decks.py from the flat deck; do not edit.",
        "*Heading",
        f" {title}",
        "*Part, name=Block",
        *body,
        "*End Part",
        "**",
        "*Assembly, name=Assembly",
        "*Instance, name=Block-1, part=Block",
        *instance_data,
        "*End Instance",
        "*End Assembly",
    ]
    path.write_text("\n".join(out) + "\n")


def main():
    flat = Path(sys.argv[1])
    body = mesh_lines(flat)
    stem = flat.with_suffix("")
    write(Path(f"{stem}-part.inp"), body, [], "the block as a part placed by one instance")
    fmt = lambda v: ", ".join(repr(float(x)) for x in v)
    write(Path(f"{stem}-part-rot.inp"), body,
          [fmt(TRANSLATION), fmt(A + B + (ANGLE,))],
          "the block as a part, translated then rotated by its instance")


if __name__ == "__main__":
    main()
