"""The ground-contact benchmark of scripts/bench (--case contact, issue 4): what contact with a
rigid plane costs against the same compression without contact.

Two models, both of Cheung et al.'s (2005) heel-pad tissue (bench_lib/pad.py, mean dilatation
tet10, full Newton unless --methods says otherwise, 10 increments):

pad   The pad case's 40 x 40 x 20 mm block (meshes/bench/pad.geo), its top face moved 6 mm down
      (30% compression) with no lateral motion, in three variants of its bottom face:
        bonded     held in x, y and z (the pad case: the baseline, no contact);
        plane mu0  resting on a rigid plane z = 0, frictionless;
        plane mu0.6  the same plane with Coulomb friction 0.6 (the foot default): the bottom can
                   stick.
      The top face, prescribed in x, y and z, already removes every rigid motion that the
      frictionless plane leaves (translations in x and y, rotation about z), so the plane variants
      need no further boundary condition: the bottom is free to spread on the plane. The contact
      surface is `lower_skin`, the bottom and the four sides: with friction the bottom sticks, the
      sides bulge and roll onto the plane (with the bottom alone in contact, the sides' lower
      edges went 1.3 mm through the plane at load 0.83 and the run stalled there).
dome  A spherical cap (meshes/bench/dome.geo: sphere radius 20 mm, 10 mm high, apex down at the
      origin), its flat top face held, pressed 6 mm onto the plane (60% of its height) by moving
      the plane through its reference node: `reference: GROUND_REF`, a gmsh 0D physical group on
      a separate point (one node, used by no element), with `{type: displacement, set:
      GROUND_REF, value: [0, 0, 6]}`; the plane's point starts at the apex. Friction 0.6 (the
      issue's model); with --dome-variants also frictionless (mu0) and with other contact keys.
      There is no contact-free version of this load: its table reports the counters and the force
      balance (contact normal force, reaction at the held top, reaction at GROUND_REF).

Counters per run: from the result file, per frame (/steps/NNNN attrs iterations, augmentations,
cutbacks, wall_s; contact attr gmres_iterations; /steps/NNNN/contact attrs normal_force_N, penetration_max_mm,
gap_tolerance_mm) and the root totals (increments, newton_iterations, factorisations; the seconds
spent in assembly, numerical factorisation and solves, time_assemble_s, time_factor_s and
time_solve_s, summed over every Newton iteration, cut-back attempts included); from pfsim's
log, the iterations spent in attempts that were cut back (the root totals count only converged
increments) and the factorisations of every increment. The frame attribute `factorisations`
counts one more than the solver made per converged increment in full Newton (it counts the last
assembly, where Newton stops without factorising; the root total and the log agree with a count of
CHOLMOD calls under gdb), so the log's count is used and the frame sum is kept as
`frame_factorisations`.

Each run is limited to --run-limit seconds (default 600): pfsim is stopped with SIGTERM (it stops
at a safe point and keeps its .part, status `interrupted`), and the run is reported with the
load factor it reached."""
import os
import re

import h5py

from . import measure
from . import pad as PAD
from . import mesh as M

DOME_GEO = os.path.join(M.ROOT, "meshes", "bench", "dome.geo")
DOME_SIZES = {"7k": 3.0, "20k": 2.0}   # 6 705 and 18 714 unknowns (with the reference node)
DOME_PRESS = 6.0
FRICTION = 0.6
RUN_LIMIT_S = 600.0

PAD_VARIANTS = {
    "bonded": None,
    "plane-mu0": 0.0,
    "plane-mu0.6": FRICTION,
}
# dome variants: name -> contact.ground keys added to the model
DOME_VARIANTS = {
    "mu0.6": {"friction": FRICTION},
    "mu0": {"friction": 0.0},
    "mu0.6-p100": {"friction": FRICTION, "penalty_scale": 100},
    "mu0.6-unsym": {"friction": FRICTION, "tangent": "unsymmetric"},
}

MATERIAL = """\
materials:
  tissue: {model: polynomial, C10: %(C10)r, C01: %(C01)r, C20: %(C20)r, C11: %(C11)r,
           C02: %(C02)r, D1: %(D1)r, volumetric: abaqus}
"""

PAD_CONFIG = """\
# Written by scripts/bench --case contact (issue 4): the pad case's block compressed 30%%, its
# bottom %(what)s.
title: bench contact pad %(label)s %(variant)s
mesh: {file: %(mesh)s}
""" + MATERIAL + """\
regions: {pad: {material: tissue, formulation: mean_dilatation}}
boundary:
%(bottom)s  - {name: top, type: displacement, set: top, value: [0, 0, %(dz)r]}
%(contact)sanalysis: {type: static_nonlinear, increments: %(increments)d}
solver: {newton: %(method)s}
output: {level: all}
summary:
  - {name: top_reaction_z, set: top, field: reaction, component: z, stat: sum}
"""

DOME_CONFIG = """\
# Written by scripts/bench --case contact (issue 4): a soft-tissue dome (spherical cap, R 20 mm,
# 10 mm high, apex at the origin) pressed %(press)g mm onto a rigid plane moved by GROUND_REF.
title: bench contact dome %(label)s %(variant)s
mesh: {file: %(mesh)s}
""" + MATERIAL + """\
regions: {dome: {material: tissue, formulation: mean_dilatation}}
boundary:
  - {name: top, type: fixed, set: top}
  - {name: ground, type: displacement, set: GROUND_REF, value: [0, 0, %(press)r]}
contact:
  ground: {type: rigid_plane, surface: sole, point: [0, 0, 0], normal: [0, 0, 1],
           reference: GROUND_REF%(extra)s}
analysis: {type: static_nonlinear, increments: %(increments)d}
solver: {newton: %(method)s}
output: {level: all}
summary:
  - {name: top_reaction_z, set: top, field: reaction, component: z, stat: sum}
"""


def pad_mesh(label, h, folder, log=print):
    return PAD.mesh(label, h, folder, log=log)


def dome_mesh(label, h, folder, log=print):
    return M.mesh(label, h, folder, log=log, geo=DOME_GEO, stem="dome")


def pad_config(meshinfo, variant, method):
    mu = PAD_VARIANTS[variant]
    vals = dict(PAD.CHEUNG)
    vals.update({"label": meshinfo["label"], "variant": variant, "mesh": meshinfo["msh"],
                 "dz": -PAD.STRAIN * PAD.THICKNESS, "increments": PAD.INCREMENTS,
                 "method": method})
    if mu is None:
        vals["what"] = "bonded (held in x, y, z): the baseline without contact"
        vals["bottom"] = "  - {name: bottom, type: fixed, set: bottom}\n"
        vals["contact"] = ""
    else:
        vals["what"] = ("on a rigid plane, friction %g; the top face (x, y, z prescribed) removes "
                        "the rigid motions" % mu)
        vals["bottom"] = ""
        vals["contact"] = ("contact:\n  ground: {type: rigid_plane, surface: lower_skin, point: [0, "
                           "0, 0], normal: [0, 0, 1], friction: %r}\n" % mu)
    return PAD_CONFIG % vals


def dome_config(meshinfo, variant, method):
    vals = dict(PAD.CHEUNG)
    keys = DOME_VARIANTS[variant]
    vals.update({"label": meshinfo["label"], "variant": variant, "mesh": meshinfo["msh"],
                 "press": DOME_PRESS, "increments": PAD.INCREMENTS, "method": method,
                 "extra": "".join(", %s: %s" % (k, v) for k, v in keys.items())})
    return DOME_CONFIG % vals


_INC = re.compile(r"increment (\d+): t = \S+ \(dt \S+\), (\d+) iteration\(s\)"
                  r"(?: \(\d+ contact augmentation\(s\), \d+ GMRES iteration\(s\)\))?, (\d+) "
                  r"factorisation\(s\)")
_FAIL = re.compile(r"failed after (\d+) iteration\(s\)")


def parse_log(path):
    """pfsim's stderr: converged increments' iterations and factorisations, and the iterations of
    attempts that were cut back."""
    out = {"log_increments": 0, "log_iterations": 0, "log_factorisations": 0,
           "failed_attempts": 0, "failed_iterations": 0}
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return out
    for m in _INC.finditer(text):
        out["log_increments"] += 1
        out["log_iterations"] += int(m.group(2))
        out["log_factorisations"] += int(m.group(3))
    for m in _FAIL.finditer(text):
        out["failed_attempts"] += 1
        out["failed_iterations"] += int(m.group(1))
    m = re.search(r"setup: (\d+) unknowns", text)
    if m:
        out["unknowns"] = int(m.group(1))
    out["log_tail"] = "\n".join(text.strip().splitlines()[-6:])
    return out


def _attr(v):
    if isinstance(v, bytes):
        return v.decode()
    return v.item() if hasattr(v, "item") else v


def read_result(path, r):
    """Counters, forces and the per-frame record of a result file (complete or .part)."""
    with h5py.File(path, "r") as f:
        for k in ("status", "message", "increments", "newton_iterations", "factorisations",
                  "time_total_s", "time_write_s", "time_assemble_s", "time_factor_s",
                  "time_solve_s", "peak_memory_bytes", "git_hash"):
            if k in f.attrs:
                r[k] = _attr(f.attrs[k])
        frames = []
        for name in sorted(f["steps"]):
            g = f["steps"][name]
            a = {k: _attr(v) for k, v in g.attrs.items() if k != "step_name"}
            fr = {"load_factor": a.get("load_factor"), "iterations": a.get("iterations", 0),
                  "factorisations": a.get("factorisations", 0),
                  "augmentations": a.get("augmentations", 0), "cutbacks": a.get("cutbacks", 0),
                  "wall_s": a.get("wall_s")}
            if "reactions" in g:
                fr["reactions"] = {k: [float(x) for x in g["reactions"][k][()]]
                                   for k in g["reactions"]}
            if "contact" in g:
                c = g["contact"].attrs
                fr["contact"] = {k: _attr(c[k]) for k in c}
                if "force" in g["contact"]:
                    fr["contact"]["force"] = [float(x) for x in g["contact"]["force"][()]]
            frames.append(fr)
    r["frames"] = frames
    r["frame_increments"] = len(frames)
    r["frame_iterations"] = sum(fr["iterations"] for fr in frames)
    r["frame_factorisations"] = sum(fr["factorisations"] for fr in frames)
    r["augmentations"] = sum(fr["augmentations"] for fr in frames)
    r["augmentations_max"] = max((fr["augmentations"] for fr in frames), default=0)
    r["gmres_iterations"] = sum(int(fr.get("contact", {}).get("gmres_iterations", 0))
                                for fr in frames)
    r["cutbacks"] = sum(fr["cutbacks"] for fr in frames)
    r["load_factor"] = frames[-1]["load_factor"] if frames else 0.0
    if frames:
        last = frames[-1]
        re_ = last.get("reactions", {})
        if "top" in re_:
            r["top_reaction_z"] = re_["top"][2]
        if "bottom" in re_:
            r["bottom_reaction_z"] = re_["bottom"][2]
        if "ground" in re_:
            r["ground_reaction_z"] = re_["ground"][2]
        c = last.get("contact")
        if c:
            r["contact_normal_force"] = c.get("normal_force_N")
            r["contact_force"] = c.get("force")
            r["penetration_max_mm"] = c.get("penetration_max_mm")
            r["gap_tolerance_mm"] = c.get("gap_tolerance_mm")
            r["contact_area_mm2"] = c.get("area_mm2")
            r["pressure_max_MPa"] = c.get("pressure_max_MPa")
    return r


def run_pfsim(binary, config_text, folder, threads, limit=RUN_LIMIT_S):
    """Writes folder/model.yaml, runs pfsim on it (stopped with SIGTERM after limit s) and
    returns the measurements and counters."""
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    cfg = os.path.join(folder, "model.yaml")
    with open(cfg, "w") as f:
        f.write(config_text)
    out = os.path.join(folder, "out.h5")
    for stale in (out, out + ".part", out + ".ckpt"):
        if os.path.exists(stale):
            os.remove(stale)
    cmd = ["timeout", "-s", "TERM", "-k", "30", "%d" % limit,
           binary, "run", cfg, "-o", out, "--threads", str(threads)]
    r = measure.run(cmd, folder, dict(os.environ), "pfsim")
    r["threads"] = threads
    r["folder"] = folder
    r["limit_s"] = limit
    r.update(parse_log(os.path.join(folder, "pfsim.err")))
    path = out if os.path.exists(out) else out + ".part" if os.path.exists(out + ".part") \
        else None
    if path:
        try:
            read_result(path, r)
        except (OSError, KeyError) as e:
            r["read_error"] = str(e)
    r["timed_out"] = r["rc"] == 124
    # the cost: iterations and factorisations of converged increments (log) plus the iterations
    # (each a factorisation in full Newton) of attempts that were cut back
    r["iterations_all"] = r["log_iterations"] + r["failed_iterations"]
    r["complete"] = r.get("status") == "complete" and r["rc"] == 0
    if not r["complete"]:
        r["error"] = ("%s after %.0f s at load factor %.4g (exit %d)"
                      % ("stopped by the time limit" if r["timed_out"] else "failed",
                         r["wall_s"], r.get("load_factor", 0.0), r["rc"]))
    return r


def run_pad(binary, meshinfo, folder, threads, variant, method="full", limit=RUN_LIMIT_S):
    r = run_pfsim(binary, pad_config(meshinfo, variant, method), folder, threads, limit)
    r.update({"model": "pad", "variant": variant, "method": method, "label": meshinfo["label"],
              "friction": PAD_VARIANTS[variant]})
    return r


def run_dome(binary, meshinfo, folder, threads, variant, method="full", limit=RUN_LIMIT_S):
    r = run_pfsim(binary, dome_config(meshinfo, variant, method), folder, threads, limit)
    r.update({"model": "dome", "variant": variant, "method": method, "label": meshinfo["label"],
              "friction": DOME_VARIANTS[variant].get("friction")})
    if r.get("contact_force") and "top_reaction_z" in r:
        fz = r["contact_force"][2]
        r["balance_top"] = (fz + r["top_reaction_z"]) / abs(fz) if fz else None
        if "ground_reaction_z" in r:
            r["balance_ground"] = (r["ground_reaction_z"] - fz) / abs(fz) if fz else None
    return r


def ratios(runs):
    """Cost of each pad plane run over the bonded run of the same size and method."""
    for r in runs:
        if r["model"] != "pad" or r["variant"] == "bonded":
            continue
        base = next((b for b in runs if b["model"] == "pad" and b["variant"] == "bonded"
                     and b["label"] == r["label"] and b["method"] == r["method"]
                     and b.get("complete")), None)
        if not base or not r.get("complete"):
            continue
        r["ratio_wall"] = r["wall_s"] / base["wall_s"]
        r["ratio_factorisations"] = r["log_factorisations"] / max(base["log_factorisations"], 1)
        r["ratio_iterations"] = r["iterations_all"] / max(base["iterations_all"], 1)


def _f(v, spec):
    if v is None:
        return ""
    return format(v, spec)


def table_md(runs):
    """One markdown table of every run."""
    head = ["model", "size (unknowns)", "run", "wall s", "assemble / factorise / solve s", "busy",
            "increments (cut-backs)",
            "Newton iterations (per increment; + in cut-back attempts)", "factorisations",
            "augmentations (max per increment)", "GMRES iterations", "top reaction z N", "contact normal force N",
            "penetration / tolerance mm", "cost vs bonded: wall, factorisations"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|" + "---:|" * (len(head) - 3)]
    for r in runs:
        incs = r.get("log_increments", 0)
        run = r["variant"] if r["method"] == "full" else "%s, %s Newton" % (r["variant"],
                                                                           r["method"])
        if not r.get("complete"):
            run += " (**%s**)" % r.get("error", "failed")
        pen = ("%.2e / %.2e" % (r["penetration_max_mm"], r["gap_tolerance_mm"])
               if r.get("penetration_max_mm") is not None else "")
        ratio = ("%.2f, %.2f" % (r["ratio_wall"], r["ratio_factorisations"])
                 if "ratio_wall" in r else "")
        its = "%d (%.1f)" % (r.get("log_iterations", 0), r.get("log_iterations", 0) / max(incs, 1))
        if r.get("failed_iterations"):
            its += " + %d" % r["failed_iterations"]
        lines.append("| " + " | ".join([
            r["model"], "%s (%s)" % (r["label"], r.get("unknowns", "?")), run,
            _f(r.get("wall_s"), ".1f"),
            " / ".join(_f(r.get(k), ".1f") for k in ("time_assemble_s", "time_factor_s",
                                                     "time_solve_s")) if "time_factor_s" in r
            else "",
            _f(r.get("others_cores"), ".1f"),
            "%d (%d)" % (incs, r.get("failed_attempts", 0)), its,
            "%d" % r.get("log_factorisations", 0),
            "%d (%d)" % (r.get("augmentations", 0), r.get("augmentations_max", 0))
            if r.get("contact_normal_force") is not None else "",
            "%d" % r.get("gmres_iterations", 0) if r.get("contact_normal_force") is not None
            else "",
            _f(r.get("top_reaction_z"), ".4f"), _f(r.get("contact_normal_force"), ".4f"), pen,
            ratio]) + " |")
    return "\n".join(lines)


def balance_md(runs):
    """The dome's force balance: the plane's force on the body against the reactions."""
    lines = ["| run | contact force z N | reaction at the held top z N | reaction at GROUND_REF z N "
             "| (contact + top) / contact | (GROUND_REF - contact) / contact |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        if r["model"] != "dome" or not r.get("contact_force"):
            continue
        lines.append("| %s%s | %.5f | %.5f | %s | %s | %s |" % (
            r["variant"], "" if r.get("complete") else " (t = %.4g)" % r["load_factor"],
            r["contact_force"][2], r.get("top_reaction_z", float("nan")),
            _f(r.get("ground_reaction_z"), ".5f"), _f(r.get("balance_top"), ".1e"),
            _f(r.get("balance_ground"), ".1e")))
    return "\n".join(lines)


def line(r):
    s = ("%s %s %-12s %5.1f s wall (busy %.1f), %3d increments (%d cut back), %4d iterations "
         "(+%d in cut-back attempts), %4d factorisations, %3d augmentations, %d GMRES iterations"
         % (r["model"], r["label"], r["variant"], r["wall_s"], r["others_cores"],
            r.get("log_increments", 0), r.get("failed_attempts", 0), r.get("log_iterations", 0),
            r.get("failed_iterations", 0), r.get("log_factorisations", 0),
            r.get("augmentations", 0), r.get("gmres_iterations", 0)))
    if r.get("contact_normal_force") is not None:
        s += ", contact force %.4f N" % r["contact_normal_force"]
    if "top_reaction_z" in r:
        s += ", top reaction z %.4f N" % r["top_reaction_z"]
    if not r.get("complete"):
        s += "  ** %s" % r.get("error")
    return s
