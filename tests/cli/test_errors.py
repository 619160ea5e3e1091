"""Bad input gets exit 1 and a message naming the file, the line and the key; never a crash, and
no result file that looks complete."""
import os

from pftest import *

d = workdir("errors")
os.chdir(d)
testmesh("box", "tet10", [4, 2, 2], [10, 2, 2, 0.0], "box.inp")
good = CANTILEVER % {"mesh": "box.inp", "region": "block", "tip": "xmax", "clamp": "xmin"}
write("good.yaml", good)
rc, out, err = pfsim("check", "good.yaml")
check(rc == 0 and "check:    ok" in out, "a valid model passes check (rc %d: %s)" % (rc, err.strip()))


def expect_input_error(name, text, needles, cmd="run", extra=()):
    path = write(name + ".yaml", text)
    rc, out, err = pfsim(cmd, path, *extra)
    ok = rc == 1 and all(n in err for n in needles)
    check(ok, "%s: exit 1 and %s (got rc %d, stderr: %s)" % (name, needles, rc, err.strip()))
    check("Traceback" not in err and "Segmentation" not in err, name + ": no crash")
    check(not os.path.exists(name + ".h5"), name + ": no result file")


lines = good.splitlines()
# an unknown top-level key, with the nearest key suggested
expect_input_error("typo", good.replace("materials:", "materails:"),
                   ["typo.yaml:3:", "materails", "did you mean 'materials'"])
# a wrong type
expect_input_error("wrongtype", good.replace("E: 7300", "E: seven"),
                   ["wrongtype.yaml:3:", "materials.m.E"])
# a value out of range
expect_input_error("range", good.replace("nu: 0.3", "nu: 0.7"), ["range.yaml:3:", "nu"])
# a set the mesh does not have
expect_input_error("missingset", good.replace("set: xmin", "set: xmn"),
                   ["missingset.yaml:6:", "xmn", "did you mean 'xmin'"])
# a surface the mesh does not have
expect_input_error("missingsurf", good.replace("surface: xmax", "surface: tip"),
                   ["missingsurf.yaml:5:", "tip"])
# a mesh file that does not exist
expect_input_error("nomesh", good.replace("box.inp", "nosuch.inp"), ["nomesh.yaml:2:", "nosuch.inp"])
# an override out of range names the --set
rc, out, err = pfsim("run", "good.yaml", "--set", "materials.m.E=-5")
check(rc == 1 and "--set" in err and "materials.m.E" in err, "bad --set: exit 1 naming it (%s)" % err.strip())
rc, out, err = pfsim("run", "good.yaml", "--set", "loads.Q.value[2]=-5")
check(rc == 1 and "'Q'" in err, "--set to an unknown entry name: exit 1 (%s)" % err.strip())
# a part nothing holds: check and run name the region
noclamp = good.split("boundary:")[0] + "summary: []\n"
expect_input_error("unheld", noclamp, ["held by no constraint", "'block'"], cmd="check")
expect_input_error("unheld_run", noclamp, ["held by no constraint", "'block'"], cmd="run")
# partly held: only z fixed leaves in-plane motion free
partly = good.replace("{name: clamp, type: fixed, set: xmin}", "{name: clamp, type: fixed, set: xmin, dofs: [z]}")
expect_input_error("partly", partly, ["translate along x"], cmd="check")
# unit mistakes
expect_input_error("metres", good.replace("{file: box.inp}", "{file: box.inp, scale: 0.001}"),
                   ["mm across", "mesh.scale"], cmd="check")
expect_input_error("pascal", good.replace("E: 7300", "E: 7.3e9"), ["is it in Pa?", "materials"], cmd="check")

# malformed meshes: exit 1 with file and line, from mesh-info and from run
text = open("box.inp").read()
write("truncated.inp", text[: len(text) // 3].rsplit("\n", 1)[0] + "\n*ELEMENT, TYPE=C3D10, ELSET=block\n1, 1, 2\n")
rc, out, err = pfsim("mesh-info", "truncated.inp")
check(rc == 1 and "truncated.inp:" in err, "truncated deck: exit 1 naming the file (%s)" % err.strip())
write("c3d20.inp", "*NODE\n1, 0, 0, 0\n*ELEMENT, TYPE=C3D20, ELSET=x\n1, 1\n")
rc, out, err = pfsim("mesh-info", "c3d20.inp")
check(rc == 1 and "c3d20.inp:3" in err and "C3D20" in err, "unknown solid type: exit 1, line 3 (%s)" % err.strip())
write("dangling.inp", "*NODE\n1, 0, 0, 0\n2, 1, 0, 0\n3, 0, 1, 0\n*ELEMENT, TYPE=C3D4, ELSET=x\n1, 1, 2, 3, 99\n")
rc, out, err = pfsim("mesh-info", "dangling.inp")
check(rc == 1 and "dangling.inp:6" in err and "99" in err, "dangling node: exit 1, line 6 (%s)" % err.strip())
write("badmesh.yaml", good.replace("box.inp", "dangling.inp"))
rc, out, err = pfsim("run", "badmesh.yaml")
check(rc == 1 and "dangling.inp:6" in err, "run on a bad mesh: exit 1 with the mesh line (%s)" % err.strip())
# an inverted element
write("inverted.inp", "*NODE\n1, 0, 0, 0\n2, 0, 1, 0\n3, 1, 0, 0\n4, 0, 0, 1\n"
      "*ELEMENT, TYPE=C3D4, ELSET=block\n1, 1, 2, 3, 4\n*NSET, NSET=base\n1, 2, 3\n")
write("inverted.yaml", "mesh: {file: inverted.inp}\nmaterials: {m: {model: linear_elastic, E: 1, nu: 0.3}}\n"
      "regions: {block: m}\nboundary: [{type: fixed, set: base}]\n")
rc, out, err = pfsim("run", "inverted.yaml")
check(rc == 1 and "inverted" in err and "element 1" in err, "inverted element: exit 1 naming it (%s)" % err.strip())
# usage errors
rc, out, err = pfsim("run")
check(rc == 1 and "no configuration" in err, "run without a config: exit 1")
rc, out, err = pfsim("frobnicate")
check(rc == 1, "unknown command: exit 1")
rc, out, err = pfsim("run", "good.yaml", "--threads", "0")
check(rc == 1 and "--threads" in err, "--threads 0: exit 1")
finish("cli_errors")
