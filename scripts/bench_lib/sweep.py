"""The sweep benchmark of scripts/bench (--case sweep, issue 6): sweep throughput in cases per
hour with -j 1 and -j 2, and what reusing the mesh and the symbolic factorisation saves.

Models:
linear  the cantilever benchmark's block (bench_lib/pfsim.py, tet10, 30k unknowns by default,
        --sizes) in a grid over the tip load and Young's modulus (--cases, default 16): every case
        is one assembly, one factorisation and one solve, so the mesh read and the symbolic
        analysis (METIS + CHOLMOD analyse) are a large part of a case.
foot    the coarse foot (configs/foot/check-coarse.yaml: ground raised 1 mm under the sole,
        finite strain, contact) in a grid over the soft tissue's shear modulus (--foot-cases,
        default 4); with --foot only (minutes per case).

Variants: -j 1 (one worker with every CPU) and -j 2 (two workers, floor(cpus / 2) threads each),
each with the reuse on (default) and off (--no-reuse). A variant starts from an empty results
folder (plan, then run); its wall time is the `run` command's, from the first case to the last.
From every case's result file: time_mesh_s, time_analyse_s, time_total_s (the reuse shows as
mesh and analyse times near zero after a worker's first case).
"""
import os
import shutil
import subprocess
import time

import h5py

from . import mesh as M
from . import pfsim as PF

ROOT = M.ROOT
LOADS = [-50.0, -100.0, -150.0, -200.0]
MODULI = [5000.0, 7300.0, 9000.0, 11000.0]
FOOT_MU = [0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.055, 0.06]


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def linear_model(folder, meshinfo, n_cases):
    """The cantilever configuration and a grid sweep of n_cases (a multiple of 4) over it."""
    os.makedirs(folder, exist_ok=True)
    cfg = os.path.join(folder, "cantilever.yaml")
    _write(cfg, PF.CONFIG % {"label": meshinfo["label"], "mesh": meshinfo["msh"], "E": M.E_MPA,
                             "nu": M.NU, "fx": M.FORCE_N[0], "fy": M.FORCE_N[1],
                             "fz": M.FORCE_N[2]})
    n_loads = max(1, n_cases // len(MODULI))
    loads = [LOADS[i % len(LOADS)] * (1 + i // len(LOADS)) for i in range(n_loads)]
    sweep = os.path.join(folder, "sweep.yaml")
    _write(sweep, "# Written by scripts/bench --case sweep (issue 6).\n"
                  "base: cantilever.yaml\nname: results\nsampling: grid\nparameters:\n"
                  "  loads.P.value[2]: [%s]\n  materials.block.E: [%s]\n"
                  % (", ".join(repr(v) for v in loads), ", ".join(repr(v) for v in MODULI)))
    return sweep, n_loads * len(MODULI)


def foot_model(folder, n_cases):
    os.makedirs(folder, exist_ok=True)
    base = os.path.join(ROOT, "configs", "foot", "check-coarse.yaml")
    sweep = os.path.join(folder, "sweep.yaml")
    mus = FOOT_MU[:max(1, min(n_cases, len(FOOT_MU)))]
    _write(sweep, "# Written by scripts/bench --case sweep --foot (issue 6).\n"
                  "base: %s\nname: results\nsampling: grid\nparameters:\n"
                  "  materials.tissue.mu: [%s]\n" % (base, ", ".join(repr(v) for v in mus)))
    return sweep, len(mus)


def _case_times(results):
    out = {"time_mesh_s": [], "time_analyse_s": [], "time_total_s": [], "status": []}
    cases = os.path.join(results, "cases")
    for name in sorted(os.listdir(cases)) if os.path.isdir(cases) else []:
        if not name.endswith(".h5"):
            continue
        with h5py.File(os.path.join(cases, name), "r") as f:
            st = f.attrs.get("status", b"?")
            out["status"].append(st.decode() if isinstance(st, bytes) else str(st))
            for k in ("time_mesh_s", "time_analyse_s", "time_total_s"):
                if k in f.attrs:
                    out[k].append(float(f.attrs[k]))
    return out


def run_variant(binary, sweep, n_cases, workers, threads, reuse, log=print):
    """Plans and runs the sweep from an empty results folder; returns the measurements."""
    folder = os.path.dirname(sweep)
    results = os.path.join(folder, "results")
    shutil.rmtree(results, ignore_errors=True)
    env = dict(os.environ)
    env["OMP_WAIT_POLICY"] = "passive"
    p = subprocess.run([binary, "sweep", sweep, "plan"], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit("bench: sweep plan failed (exit %d): %s" % (p.returncode, p.stderr))
    cmd = [binary, "sweep", sweep, "run", "-j", str(workers), "--threads", str(threads)]
    if not reuse:
        cmd.append("--no-reuse")
    log("  %s" % " ".join(cmd[1:]))
    t = time.monotonic()
    with open(os.path.join(folder, "run-j%d-%s.log" % (workers, "reuse" if reuse else "noreuse")),
              "w") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env)
    wall = time.monotonic() - t
    ct = _case_times(results)
    done = sum(1 for s in ct["status"] if s == "complete")

    def mean(v):
        return sum(v) / len(v) if v else float("nan")

    return {"workers": workers, "threads_per_worker": max(1, threads // workers),
            "reuse": bool(reuse), "cases": n_cases, "done": done, "exit": p.returncode,
            "wall_s": wall, "cases_per_hour": 3600.0 * done / wall if wall > 0 else 0.0,
            "mean_case_s": mean(ct["time_total_s"]), "mean_mesh_s": mean(ct["time_mesh_s"]),
            "mean_analyse_s": mean(ct["time_analyse_s"]),
            "first_mesh_s": ct["time_mesh_s"][0] if ct["time_mesh_s"] else float("nan"),
            "first_analyse_s": ct["time_analyse_s"][0] if ct["time_analyse_s"] else float("nan")}


def table(model, rows):
    head = ("| model | -j | threads/worker | reuse | cases (done) | wall s | cases/h | mean case s "
            "| mean mesh s | mean analyse s |\n|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        lines.append("| %s | %d | %d | %s | %d (%d) | %.1f | %.0f | %.3f | %.3f | %.3f |"
                     % (model, r["workers"], r["threads_per_worker"], "yes" if r["reuse"] else "no",
                        r["cases"], r["done"], r["wall_s"], r["cases_per_hour"], r["mean_case_s"],
                        r["mean_mesh_s"], r["mean_analyse_s"]))
    return head + "\n".join(lines)


def savings(rows):
    """Per worker count: the wall time and the per-case mesh + analyse time saved by the reuse."""
    out = []
    for j in sorted({r["workers"] for r in rows}):
        on = [r for r in rows if r["workers"] == j and r["reuse"]]
        off = [r for r in rows if r["workers"] == j and not r["reuse"]]
        if on and off:
            on, off = on[0], off[0]
            out.append({"workers": j, "wall_saved_s": off["wall_s"] - on["wall_s"],
                        "wall_saved_frac": 1.0 - on["wall_s"] / off["wall_s"],
                        "per_case_saved_s": (off["mean_mesh_s"] + off["mean_analyse_s"])
                        - (on["mean_mesh_s"] + on["mean_analyse_s"])})
    return out
