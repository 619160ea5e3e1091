"""scripts/bench --case foot-mesh: the foot generator (meshes/foot/foot_mesh.py) timed for each
size: wall time, peak memory of the process, node, element and unknown counts and quality, as it
prints them. The fine mesh (about 1M unknowns) is generated only when asked (--sizes fine)."""
import os
import re
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, "meshes", "foot", "foot_mesh.py")

REPORT = re.compile(r": (\d+) nodes, (\d+) tet10, (\d+) truss2; (\d+) unknowns")
QUALITY = re.compile(r"quality: min gamma ([0-9.e+-]+) \((\d+) below 0.1\)")
STAGES = re.compile(r"^(geometry|fragment|mesh): ([0-9.]+) s", re.M)


def generate(size, outdir, log=print):
    """Runs the generator in a child process; returns one result row."""
    os.makedirs(outdir, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.time()
    p = subprocess.run([sys.executable, GEN, "--size", size, "-o", outdir],
                       capture_output=True, text=True)
    wall = time.time() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode != 0:
        raise SystemExit("bench foot-mesh: %s failed:\n%s" % (size, p.stderr[-2000:]))
    m, q = REPORT.search(p.stdout), QUALITY.search(p.stdout)
    stages = dict(STAGES.findall(p.stdout))
    row = {"size": size, "wall_s": wall, "peak_mib": max(peak, before) / 1024.0,
           "nodes": int(m.group(1)), "tet10": int(m.group(2)), "truss2": int(m.group(3)),
           "unknowns": int(m.group(4)), "min_gamma": float(q.group(1)),
           "below_0_1": int(q.group(2)), "occ_s": float(stages.get("fragment", "nan")),
           "mesh_s": float(stages.get("mesh", "nan")),
           "msh_mib": os.path.getsize(os.path.join(outdir, "foot-%s.msh" % size)) / 2 ** 20}
    log("foot-%s: %d unknowns, %d nodes, %d tet10; %.1f s (OCC %.1f s, meshing %.1f s), peak "
        "%.0f MiB (the largest child so far), file %.1f MiB; min gamma %.3g (%d below 0.1)"
        % (size, row["unknowns"], row["nodes"], row["tet10"], wall, row["occ_s"], row["mesh_s"],
           row["peak_mib"], row["msh_mib"], row["min_gamma"], row["below_0_1"]))
    return row


def table(rows):
    out = ["| size | unknowns | nodes | tet10 | wall | OCC geometry | meshing | peak memory | "
           ".msh | min quality (gamma) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| %s | %d | %d | %d | %.1f s | %.1f s | %.1f s | %.0f MiB | %.1f MiB | %.3f "
                   "(%d below 0.1) |" % (r["size"], r["unknowns"], r["nodes"], r["tet10"],
                                         r["wall_s"], r["occ_s"], r["mesh_s"], r["peak_mib"],
                                         r["msh_mib"], r["min_gamma"], r["below_0_1"]))
    return "\n".join(out)
