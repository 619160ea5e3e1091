"""The foot-model checks of `pfsim check` and `pfsim run` (config key foot:, docs/config.md), on
the tiny fake foot of tests/config/data/foot (tiny-foot.geo: bones cuneiforms, metatarsal1 and
toe1 on a soft-tissue slab, a cartilage joint tmt1 and a gap joint mtp1, landmarks mth1 and
heel_posterior, the achilles insertion and origin, surfaces sole and tibia_cut).

A valid analysis (bones rigid, a connector across mtp1) passes check and runs. Each broken one
exits 1 before anything is solved, with a message naming the configuration and the line of its
foot key and the model file (and, for an error in the model file, its line and key), and leaves
no result file: no connector across the moving joint, the other side, a landmark, surface set or
bone the mesh does not have, a landmark set of more than one node, a broken model file.
"""
import os

from pftest import *  # noqa: F401,F403

FIXTURE = os.path.join(SOURCE, "tests", "config", "data", "foot")
MESH = os.path.join(FIXTURE, "tiny-foot.msh")
MODEL = os.path.join(FIXTURE, "tiny-foot.model.yaml")

d = workdir("foot_checks")
os.chdir(d)
good = open(os.path.join(FIXTURE, "tiny-foot.yaml")).read().replace("tiny-foot.msh", MESH)
model = open(MODEL).read()
FOOT_LINE = 4  # the line of foot: in tiny-foot.yaml
check(good.splitlines()[FOOT_LINE - 1].startswith("foot:"), "tiny-foot.yaml has foot: at line 4")


def expect_ok(name, text):
    path = write(name + ".yaml", text)
    rc, out, err = pfsim("check", path)
    check(rc == 0 and "check:    ok" in out and "foot:     right, model" in out,
          "%s: check passes (rc %d: %s)" % (name, rc, err.strip()[-400:]))
    rc, out, err = pfsim("run", path, "-o", name + ".h5", "--quiet")
    check(rc == 0 and os.path.exists(name + ".h5"), "%s: run passes (rc %d: %s)"
          % (name, rc, err.strip()[-400:]))


def expect_error(name, text, needles, cmds=("check", "run")):
    """check and run exit 1 with every needle in the message, and write no result."""
    path = write(name + ".yaml", text)
    for cmd in cmds:
        rc, out, err = pfsim(cmd, path, "-o", name + ".h5") if cmd == "run" else pfsim(cmd, path)
        ok = rc == 1 and all(n in err for n in needles)
        check(ok, "%s %s: exit 1 and %s (got rc %d, stderr: %s)" % (cmd, name, needles, rc,
                                                                   err.strip()))
        check("Traceback" not in err and "Segmentation" not in err, name + ": no crash")
    check(not any(f.startswith(name + ".h5") for f in os.listdir(".")), name + ": no result file")


# the valid analysis; the same with the connector written distal first; without foot: no checks
expect_ok("valid", good)
reversed_ = good.replace("proximal: metatarsal1, distal: toe1", "proximal: toe1, distal: metatarsal1")
check(reversed_ != good, "the connector can be reversed")
rc, out, err = pfsim("check", write("reversed.yaml", reversed_))
check(rc == 0 and "check:    ok" in out, "reversed: check passes (rc %d: %s)" % (rc, err.strip()))
nofoot = good.replace("foot: {side: right}\n", "")
rc, out, err = pfsim("check", write("nofoot.yaml", nofoot))
check(rc == 0 and "foot:" not in out, "without foot: no foot checks (rc %d: %s)" % (rc, err.strip()))

# a. the other side
expect_error("left", good.replace("foot: {side: right}", "foot: {side: left}"),
             ["left.yaml:%d: foot.side: left" % FOOT_LINE, MODEL, "is of a right foot",
              "--side left"], cmds=("check",))

# d. no connector across the moving joint mtp1
noconn = "\n".join(l for l in good.splitlines() if "name: mtp1" not in l) + "\n"
expect_error("noconn", noconn,
             ["noconn.yaml:%d: foot model %s: joint 'mtp1' (metatarsal1 - toe1) moves (a gap in "
              "the mesh) but no connector joins its bones: bone 'toe1' is held by nothing at that "
              "joint (expected a joints: entry with proximal: metatarsal1, distal: toe1)"
              % (FOOT_LINE, MODEL)])
# ... not checked when toe1 is removed (or deformable)
removed = noconn.replace("toe1: rigid", "toe1: removed").replace(
    "  - {name: lift, type: rotation, body: toe1, value: [0, -5, 0]}\n", "")
rc, out, err = pfsim("check", write("removed.yaml", removed))
check(rc == 0, "toe1 removed: mtp1 is not checked (rc %d: %s)" % (rc, err.strip()))

# c. a landmark the mesh does not have (a model that lists dorsum_50)
write("extra.model.yaml", model.replace("heel_posterior: [0, 0, 0]}",
                                        "heel_posterior: [0, 0, 0], dorsum_50: [10, 3, 10]}"))
expect_error("nolandmark", good.replace("foot: {side: right}", "foot: {model: extra.model.yaml}"),
             ["nolandmark.yaml:%d: foot model extra.model.yaml: landmark node set 'dorsum_50' "
              "(line 13 of the model) is not in the mesh %s" % (FOOT_LINE, MESH)])
# ... a landmark of more than one node
write("many.model.yaml", model.replace("heel_posterior: [0, 0, 0]}",
                                       "heel_posterior: [0, 0, 0], tibia_cut: [4, 3, 10]}"))
expect_error("manynodes", good.replace("foot: {side: right}", "foot: {model: many.model.yaml}"),
             ["manynodes.yaml:%d: foot model many.model.yaml: landmark node set 'tibia_cut'"
              % FOOT_LINE, "has 16 nodes", "(expected one)"], cmds=("check",))
# (tests/config/config_foot.c checks the other mesh checks: tendon sets, sole and tibia_cut,
# bones that are not regions of the mesh)

# a broken model file: named with its line and key after the configuration's foot line
write("bad.model.yaml", model.replace("format: pfsim-foot-model-1", "format: pfsim-foot-model-0"))
expect_error("badmodel", good.replace("foot: {side: right}", "foot: {model: bad.model.yaml}"),
             ["badmodel.yaml:%d: foot model bad.model.yaml:3: format: 'pfsim-foot-model-0' is not "
              "a foot model format this version of pfsim reads (expected pfsim-foot-model-1)"
              % FOOT_LINE])

finish("cli_foot_checks")
