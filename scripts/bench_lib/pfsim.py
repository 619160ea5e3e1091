"""pfsim on the bench mesh: the configuration, the run, and the timings of its result file."""
import os
import subprocess

import h5py

from . import measure
from . import mesh as M

CONFIG = """\
# Written by scripts/bench: the issue's cantilever benchmark (configs/bench/cantilever.yaml).
title: bench cantilever %(label)s
mesh: {file: %(mesh)s}
materials: {block: {model: linear_elastic, E: %(E).17g, nu: %(nu).17g}}
regions: {block: block}
loads: [{name: P, type: surface_force, surface: tip, value: [%(fx)g, %(fy)g, %(fz)g]}]
boundary: [{name: clamp, type: fixed, set: clamp}]
summary:
  - {name: tip_uz, set: tip, field: displacement, component: z, stat: mean}
"""

ATTRS = ["time_config_s", "time_mesh_s", "time_setup_s", "time_assemble_s", "time_analyse_s",
         "time_factor_s", "time_solve_s", "time_recover_s", "time_write_s", "time_total_s",
         "peak_memory_bytes", "unknowns", "blas_kernel", "blas_threading", "threads",
         "status", "message", "git_hash", "pfsim_version"]
SOLVER = ["backend", "ordering", "n", "nnz_A", "nnz_L", "flops", "factor_bytes", "rel_residual"]


def version(binary, env=None):
    p = subprocess.run([binary, "--version"], capture_output=True, text=True, env=env)
    return p.stdout.strip()


def environment(coretype):
    """The environment of a run: 'env' keeps OPENBLAS_CORETYPE as the caller has it, 'auto'
    unsets it (pfsim then picks the kernel itself), any other value sets it."""
    env = dict(os.environ)
    if coretype == "auto":
        env.pop("OPENBLAS_CORETYPE", None)
    elif coretype != "env":
        env["OPENBLAS_CORETYPE"] = coretype
    return env


def run(binary, meshinfo, folder, threads, coretype, output_level="all"):
    """Runs `pfsim run` on the mesh; returns the measurements (root attributes, solver attributes
    of the frame, wall time and peak RSS of the process, tip u_z)."""
    os.makedirs(folder, exist_ok=True)
    cfg = os.path.join(folder, "cantilever.yaml")
    with open(cfg, "w") as f:
        f.write(CONFIG % {"label": meshinfo["label"], "mesh": meshinfo["msh"], "E": M.E_MPA,
                          "nu": M.NU, "fx": M.FORCE_N[0], "fy": M.FORCE_N[1],
                          "fz": M.FORCE_N[2]})
        f.write("output: {level: %s}\n" % output_level)
    out = os.path.join(folder, "out.h5")
    for stale in (out, out + ".part"):
        if os.path.exists(stale):
            os.remove(stale)
    env = environment(coretype)
    r = measure.run([binary, "run", cfg, "-o", out, "--threads", str(threads)], folder, env,
                    "pfsim")
    r["coretype_env"] = env.get("OPENBLAS_CORETYPE", "(unset)")
    r["threads_asked"] = threads
    if r["rc"] != 0 or not os.path.exists(out):
        with open(os.path.join(folder, "pfsim.err")) as f:
            r["error"] = "pfsim failed (exit %d): %s" % (r["rc"], f.read().strip()[-500:])
        return r
    with h5py.File(out, "r") as f:
        for k in ATTRS:
            if k in f.attrs:
                v = f.attrs[k]
                r[k] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item")
                                                                else v)
        frames = sorted(f["steps"]) if "steps" in f else []
        if frames:
            s = f["steps"][frames[-1]]["solver"].attrs
            for k in SOLVER:
                if k in s:
                    v = s[k]
                    r[k] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item")
                                                                    else v)
        r["tip_uz"] = float(f["summary"].attrs["tip_uz"])
        if "mesh/node_sets/tip" in f:
            r["tip_nodes"] = int(f["mesh/node_sets/tip"].shape[0])
    r["file_bytes"] = os.path.getsize(out)
    return r
