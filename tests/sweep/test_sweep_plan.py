"""pfsim sweep S.yaml plan, and the plan's refusal by the commands that load it (issue 6).

On the arch truss (configs/arch-truss.yaml), from sweep files in a temporary folder:
1. A grid of 4 loads x 3 fascia moduli (a log range) pointing at the base by absolute path:
   plan exits 0, prints "cases:    12", and writes cases.csv with the format line, the hash, the
   column names and the 12 cases in grid order (first parameter slowest), texts as expected
   (the log range 175..700 in 3 is 175, 350, 700).
2. Reproducible: two plans of the same file give byte-identical cases.csv; two LHS plans with the
   same seed too, and another seed gives different values.
3. Refused before anything is written (exit 1, message "S.yaml:LINE: KEY:", no cases.csv): a bad
   path (materials.fasia.E, with the nearest key), a bad value (a negative E, named by case and
   value), a text for a number, a bad sweep-file key (with the nearest key), a distribution under
   grid, a set: entry the base refuses.
4. Changed inputs: with the base configuration and its mesh copied into the folder, `status`
   after a plan loads it; after the sweep file, the base configuration or the mesh changes,
   `status` (and `run`) refuse with exit 1 and "changed since the plan ... plan` again" -- the
   refusal comes from loading the plan, before the subcommand; a missing plan is refused with the
   same advice; plan again restores.
5. Geometry: a misspelt geometry.<key> on a foot base is refused at plan time by the generator's
   parameter list (foot_mesh.py --list, no mesh made), and geometry on a non-foot base is refused.
   Making the meshes themselves takes minutes per coarse foot: not run here.
6. Command line: an unknown subcommand, a run option given to plan, a bad --cases.
"""
import csv
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import SOURCE, check, finish, pfsim, workdir, write  # noqa: E402

BASE = os.path.abspath(os.path.join(SOURCE, "configs", "arch-truss.yaml"))
W = ["-245", "-343", "-441", "-539"]
E = ["175", "350", "700"]


def read_plan(path):
    with open(path) as f:
        lines = f.read().splitlines()
    head = [l for l in lines if l.startswith("#")]
    rows = list(csv.reader([l for l in lines if not l.startswith("#")]))
    return head, rows


def refused(d, name, text, line, key, words, cmd="plan"):
    """A sweep file that plan must refuse with S.yaml:LINE: KEY: and words, writing nothing."""
    s = write(os.path.join(d, name + ".yaml"), text)
    rc, out, err = pfsim("sweep", s, cmd)
    want = "%s:%d: %s:" % (s, line, key)
    check(rc == 1, "%s: exit %d (expected 1)" % (name, rc))
    check(want in err and all(w in err for w in words),
          "%s: message names %s and %s: %s" % (name, want, words, err.strip()))
    check(not os.path.exists(os.path.join(d, name, "cases.csv")), "%s: no cases.csv written" % name)


def main():
    d = workdir("sweep_plan")
    shutil.rmtree(d)
    os.makedirs(d)

    # 1. the grid
    grid = """base: %s
sampling: grid
parameters:
  loads.W.value[2]: [%s]
  materials.fascia.E: {range: [175, 700], count: 3, scale: log}
""" % (BASE, ", ".join(W))
    s = write(os.path.join(d, "grid.yaml"), grid)
    rc, out, err = pfsim("sweep", s, "plan")
    check(rc == 0, "grid plan exits 0 (%d: %s)" % (rc, err.strip()))
    check(re.search(r"^cases: +12 ", out, re.M) is not None, "plan prints the case count 12")
    check("disk:" in out and "memory:" in out, "plan prints disk and memory estimates")
    m = re.search(r"memory: +([0-9.]+) (B|KiB|MiB|GiB) per case", out)
    check(m is not None and float(m.group(1)) > 0, "memory estimate is positive")
    plan = os.path.join(d, "grid", "cases.csv")
    check(os.path.exists(plan), "cases.csv beside the sweep file in grid/ (name = file stem)")
    if os.path.exists(plan):
        head, rows = read_plan(plan)
        check(head[0] == "# pfsim-sweep-plan-1", "format line: %s" % head[0])
        check(any(re.match(r"# hash: [0-9a-f]{16}$", h) for h in head), "hash line")
        check("# cases: 12" in head, "cases line")
        check(rows[0] == ["case", "loads.W.value[2]", "materials.fascia.E"], "columns: %s" % rows[0])
        want = [[str(i), W[i // 3], E[i % 3]] for i in range(12)]
        check(rows[1:] == want, "12 cases in grid order: %s" % rows[1:4])

    # 2. reproducible
    rc, _, _ = pfsim("sweep", s, "plan", "--out", os.path.join(d, "grid-again"), "--quiet")
    same = rc == 0 and open(plan, "rb").read() == open(
        os.path.join(d, "grid-again", "cases.csv"), "rb").read()
    check(same, "two plans of one sweep file give byte-identical cases.csv")
    lhs = """base: %s
sampling: lhs
samples: 20
seed: %d
parameters:
  loads.W.value[2]: {uniform: [-600, -200]}
  materials.fascia.E: {normal: [350, 40], bounds: [200, 500]}
"""
    plans = []
    for name, seed in (("lhs-a", 5), ("lhs-b", 5), ("lhs-c", 6)):
        sf = write(os.path.join(d, name + ".yaml"), lhs % (BASE, seed))
        rc, out, err = pfsim("sweep", sf, "plan", "--out", os.path.join(d, "lhs-%s" % name))
        check(rc == 0 and re.search(r"^cases: +20 ", out, re.M), "%s: plan of 20 cases" % name)
        p = os.path.join(d, "lhs-%s" % name, "cases.csv")
        plans.append(read_plan(p)[1] if os.path.exists(p) else None)
    check(plans[0] is not None and plans[0] == plans[1], "LHS: same seed, same cases")
    check(plans[0] is not None and plans[2] is not None and
          all(a[1:] != c[1:] for a, c in zip(plans[0][1:], plans[2][1:])),
          "LHS: another seed, different values in every case")
    if plans[0]:
        e = [float(r[2]) for r in plans[0][1:]]
        check(all(200 <= v <= 500 for v in e), "LHS: truncated normal within its bounds")

    # 3. refused before anything is written
    refused(d, "badpath", "base: %s\nparameters:\n  loads.W.value[2]: [-300]\n"
            "  materials.fasia.E: [300, 400]\n" % BASE, 4, "materials.fasia.E",
            ["case 0", "did you mean 'materials.fascia'"])
    refused(d, "negative", "base: %s\nparameters:\n  materials.fascia.E: [350, -5]\n" % BASE,
            3, "materials.fascia.E", ["case 1, value -5", "out of range"])
    refused(d, "text", "base: %s\nparameters:\n  loads.W.value[2]: [-300, heavy]\n" % BASE,
            3, "loads.W.value[2]", ["case 1, value heavy", "not a finite decimal number"])
    refused(d, "badkey", "base: %s\nparamters:\n  materials.fascia.E: [350]\n" % BASE,
            2, "paramters", ["did you mean 'parameters'"])
    refused(d, "griddist", "base: %s\nparameters:\n  materials.fascia.E: {uniform: [1, 2]}\n"
            % BASE, 3, "materials.fascia.E", ["needs sampling lhs or saltelli"])
    refused(d, "badset", "base: %s\nset: [materials.fascia.area=-1]\nparameters:\n"
            "  materials.fascia.E: [350]\n" % BASE, 2, "set[0]", ["out of range"])

    # 4. changed inputs refuse the plan
    ch = os.path.join(d, "changes")
    os.makedirs(ch)
    mesh = os.path.join(ch, "arch-truss.inp")
    shutil.copy(os.path.join(SOURCE, "meshes", "verification", "arch-truss.inp"), mesh)
    with open(BASE) as f:
        base_text = f.read()
    base_text = re.sub(r"mesh: \{file: [^}]*\}", "mesh: {file: arch-truss.inp}", base_text)
    base = write(os.path.join(ch, "base.yaml"), base_text)
    sweep = write(os.path.join(ch, "s.yaml"),
                  "base: base.yaml\nparameters:\n  materials.fascia.E: [300, 400]\n")
    rc, out, err = pfsim("sweep", sweep, "status")
    check(rc == 1 and "no plan" in err and "pfsim sweep %s plan" % sweep in err,
          "a missing plan is refused with the advice to plan (%d: %s)" % (rc, err.strip()))
    for what, path, extra in (("the sweep file", sweep, "# a comment\n"),
                              ("the base configuration", base, "# a comment\n"),
                              ("the mesh", mesh, "** a comment\n")):
        rc, out, err = pfsim("sweep", sweep, "plan", "--quiet")
        check(rc == 0, "plan before changing %s" % what)
        rc, out, err = pfsim("sweep", sweep, "status")
        check("changed since the plan" not in err, "status loads an unchanged plan (%s)" % what)
        with open(path, "a") as f:
            f.write(extra)
        for cmd in ("status", "run"):
            rc, out, err = pfsim("sweep", sweep, cmd)
            check(rc == 1 and "changed since the plan" in err and
                  "run `pfsim sweep %s plan` again" % sweep in err,
                  "%s refused after %s changed (%d: %s)" % (cmd, what, rc, err.strip()))
    rc, out, err = pfsim("sweep", sweep, "plan", "--quiet")
    rc, out, err = pfsim("sweep", sweep, "status")
    check("changed since the plan" not in err, "plan again restores")

    # 5. geometry parameters
    foot = os.path.abspath(os.path.join(SOURCE, "configs", "foot", "check-coarse.yaml"))
    refused(d, "geomkey", "base: %s\nparameters:\n  geometry.arch_hieght_index: [0.3, 0.34]\n"
            % foot, 3, "geometry.arch_hieght_index",
            ["unknown foot generator parameter", "did you mean 'geometry.arch_height_index'"])
    check(not os.path.exists(os.path.join(d, "geomkey", "meshes")), "geometry: no mesh made")
    refused(d, "geomtruss", "base: %s\nparameters:\n  geometry.arch_height_index: [0.3]\n"
            % BASE, 3, "geometry.arch_height_index", ["need a foot"])
    refused(d, "geomtext", "base: %s\nparameters:\n  geometry.foot_length_mm: [250, long]\n"
            % foot, 3, "geometry.foot_length_mm", ["not a number"])

    # 6. the command line
    rc, out, err = pfsim("sweep", s, "plna")
    check(rc == 1 and "did you mean 'plan'" in err, "unknown subcommand: %s" % err.strip())
    rc, out, err = pfsim("sweep", s, "plan", "-j", "2")
    check(rc == 1 and "-j is an option of run and slurm" in err, "run option on plan: %s" % err.strip())
    rc, out, err = pfsim("sweep", s, "run", "--cases", "5-2")
    check(rc == 1 and "--cases" in err, "bad --cases: %s" % err.strip())
    rc, out, err = pfsim("sweep", s, "run", "--cases", "0-99")
    check(rc == 1 and "the plan has 12 cases" in err, "--cases past the plan: %s" % err.strip())
    finish("sweep_plan")


main()
