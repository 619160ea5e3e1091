"""Geometry parameters of a sweep: the foot generator at plan time (issue 6). Label foot: it makes
three coarse foot meshes (about 15 s each).

A grid of geometry.arch_height_index [0.30, 0.34] x materials.fascia.fibre.E [300, 400] on the
coarse foot's check configuration (configs/foot/check-coarse.yaml):
- plan makes two meshes (one per distinct geometry, numbered by the first case using it), and
  cases.csv gives cases 0-1 meshes/geom-0000.msh and cases 2-3 meshes/geom-0001.msh;
- each mesh's model file records the generator parameter the case asked for, and the measured
  arch height index rises with it;
- a case's mesh works as the base configuration's mesh: pfsim check passes with its mesh.file and
  foot.model;
- planning again reuses both meshes (none made) and writes the same cases.csv; changing one value
  remakes only that geometry.
"""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import SOURCE, check, finish, pfsim, workdir, write  # noqa: E402

FOOT = os.path.abspath(os.path.join(SOURCE, "configs", "foot", "check-coarse.yaml"))
SWEEP = """base: %s
geometry_size: coarse
parameters:
  geometry.arch_height_index: [0.30, %s]
  materials.fascia.fibre.E: [300, 400]
"""


def model_values(path):
    """parameters and measures of a generator's model file (one JSON value per key line)."""
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"(parameters|measures): (\{.*\})$", line.strip())
            if m:
                out[m.group(1)] = json.loads(m.group(2))
    return out


def main():
    d = workdir("sweep_geometry")
    shutil.rmtree(d)
    os.makedirs(d)
    s = write(os.path.join(d, "geo.yaml"), SWEEP % (FOOT, "0.34"))
    rc, out, err = pfsim("sweep", s, "plan", timeout=600)
    check(rc == 0, "plan exits 0 (%d: %s)" % (rc, err.strip()[-400:]))
    check("(2 made, 0 reused)" in out, "two meshes made: %s" % out)
    plan = os.path.join(d, "geo", "cases.csv")
    rows = []
    if os.path.exists(plan):
        with open(plan) as f:
            rows = [l.rstrip("\n").split(",") for l in f if not l.startswith("#")]
    check(rows and rows[0][-1] == "mesh", "cases.csv has a mesh column")
    want = ["meshes/geom-0000.msh"] * 2 + ["meshes/geom-0001.msh"] * 2
    check([r[-1] for r in rows[1:]] == want, "cases' meshes: %s" % [r[-1] for r in rows[1:]])
    meshes = os.path.join(d, "geo", "meshes")
    measured = []
    for g, aim in ((0, 0.30), (1, 0.34)):
        model = os.path.join(meshes, "geom-%04d.model.yaml" % g)
        ok = os.path.exists(model) and os.path.exists(os.path.join(meshes, "geom-%04d.msh" % g))
        check(ok, "geom-%04d.msh and .model.yaml made" % g)
        if not ok:
            continue
        v = model_values(model)
        check(v.get("parameters", {}).get("arch_height_index") == aim,
              "geom-%04d made with arch_height_index %g: %s" % (g, aim, v.get("parameters")))
        measured.append(v.get("measures", {}).get("arch_height_index", 0))
    check(len(measured) == 2 and measured[1] > measured[0],
          "measured arch height index rises with the parameter: %s" % measured)

    mesh = os.path.join(meshes, "geom-0001.msh")
    rc, out, err = pfsim("check", FOOT, "--set", "output.level=final", "--set",
                         "materials.fascia.fibre.E=400", "--set", "mesh.file=" + mesh, "--set",
                         "foot.model=" + mesh[:-4] + ".model.yaml", timeout=300)
    check(rc == 0 and "check:    ok" in out, "case 3's mesh passes pfsim check (%d: %s)"
          % (rc, err.strip()[-300:]))

    before = open(plan, "rb").read() if os.path.exists(plan) else b""
    rc, out, err = pfsim("sweep", s, "plan", timeout=600)
    check(rc == 0 and "(0 made, 2 reused)" in out, "plan again reuses both meshes: %s" % out)
    check(os.path.exists(plan) and open(plan, "rb").read() == before, "same cases.csv")
    write(s, SWEEP % (FOOT, "0.36"))
    rc, out, err = pfsim("sweep", s, "plan", timeout=600)
    check(rc == 0 and "(1 made, 1 reused)" in out, "a changed geometry is made again alone: %s"
          % out)
    v = model_values(os.path.join(meshes, "geom-0001.model.yaml"))
    check(v.get("parameters", {}).get("arch_height_index") == 0.36, "geom-0001 remade at 0.36")
    finish("sweep_geometry")


main()
