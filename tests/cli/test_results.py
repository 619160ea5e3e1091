"""The result file: every path of DESIGN.md's layout with the right shape and type, and the .xdmf
sidecar opened by ParaView's own reader (pvbatch) with the right cell count, field values equal
to the HDF5, and positive volume for every cell of a curved tet10 mesh (a wrong tet10 node order
would invert cells)."""
import math
import os
import subprocess

from pftest import *

d = workdir("results")
os.chdir(d)
a, b, H = 10.0, 20.0, 4.0
testmesh("ring", "tet10", [3, 8, 1], [a, b, 90, H], "ring.inp")
write("ring.yaml", """title: Lame ring
mesh: {file: ring.inp}
materials: {m: {model: linear_elastic, E: 1000, nu: 0.3}}
regions: {block: m}
loads: [{name: p, type: pressure, surface: inner, value: 1.0}]
boundary:
  - {name: sym_y, type: fixed, set: sym_y, dofs: [y]}
  - {name: sym_x, type: fixed, set: sym_x, dofs: [x]}
  - {name: ends, type: fixed, set: zmin, dofs: [z]}
  - {name: top, type: fixed, set: zmax, dofs: [z]}
summary:
  - {name: inner_ur, set: inner, field: displacement, component: magnitude, stat: mean}
""")
rc, out, err = pfsim("run", "ring.yaml", "-o", "ring.h5")
check(rc == 0, "ring runs (%s)" % err.strip())
check(not os.path.exists("ring.h5.part"), "no .part left after a complete run")

with h5py.File("ring.h5", "r") as f:
    at = f.attrs
    for key in ("pfsim_version", "git_hash", "created_utc", "units", "status", "message",
                "config_yaml", "blas_kernel", "blas_threading", "threads"):
        check(key in at, "root attribute " + key)
    check(at["status"] in ("complete", b"complete"), "status complete")
    check(at["units"] in ("mm N MPa s", b"mm N MPa s"), "units mm N MPa s")
    n = f["mesh/nodes"].shape[0]
    check(f["mesh/nodes"].shape == (n, 3) and f["mesh/nodes"].dtype == np.float64, "/mesh/nodes [n,3] float64")
    check(f["mesh/node_ids"].shape == (n,) and f["mesh/node_ids"].dtype == np.int64, "/mesh/node_ids [n] int64")
    conn = f["mesh/elements/tet10/connectivity"]
    m = conn.shape[0]
    check(conn.shape == (m, 10) and conn.dtype == np.int64, "tet10 connectivity [m,10] int64")
    check(f["mesh/elements/tet10/ids"].shape == (m,), "tet10 ids [m]")
    check(f["mesh/elements/tet10/region"].shape == (m,) and f["mesh/elements/tet10/region"].dtype == np.int32,
          "tet10 region [m] int32")
    check(conn[()].min() >= 0 and conn[()].max() < n, "connectivity holds 0-based node rows")
    check("regions" in f["mesh"], "/mesh/regions")
    check("inner" in f["mesh/node_sets"], "/mesh/node_sets/inner")
    check("inner" in f["mesh/surfaces"], "/mesh/surfaces/inner")
    s = f["steps/0000"]
    for key in ("step_name", "step_index", "load_factor", "iterations", "converged", "wall_s"):
        check(key in s.attrs, "frame attribute " + key)
    check(s["displacement"].shape == (n, 3), "displacement [n,3]")
    for name in ("sym_y", "sym_x", "ends", "top"):
        check(s["reactions/" + name].shape == (3,), "reactions/%s [3]" % name)
    e = s["elements/tet10"]
    check(e["strain"].shape == (m, 6) and e["stress"].shape == (m, 6), "strain, stress [m,6]")
    check(e["von_mises"].shape == (m,) and e["min_J"].shape == (m,), "von_mises, min_J [m]")
    check("inner_ur" in f["summary"].attrs, "/summary holds the probe")
    # equilibrium: the symmetry planes carry the pressure's resultant p (b... a) H
    ry = s["reactions/sym_y"][()][1]
    check(abs(abs(ry) - 1.0 * a * H) <= 1e-8 * a * H, "sym_y reaction %.9f equals p a H" % ry)
    u = s["displacement"][()]
    vm = e["von_mises"][()]
    node_probe = int(np.argmax(np.linalg.norm(u, axis=1)))

script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xdmf_check.py")
p = subprocess.run(["pvbatch", script, os.path.abspath("ring.xdmf"), str(m), str(n), str(node_probe),
                    repr(float(u[node_probe, 0])), repr(float(vm[0])),
                    repr(math.pi / 4 * (b * b - a * a) * H)], capture_output=True, text=True)
print(p.stdout, p.stderr)
check(p.returncode == 0, "ParaView reads the sidecar: counts, values, positive volumes")
finish("cli_results")
