"""Meshing for scripts/bench: the cantilever block with gmsh, cached by size, and the Abaqus deck
that CalculiX reads.

gmsh writes the mesh once as .msh 4.1 (for pfsim) and exports the same mesh (same node and element
ids) as an Abaqus .inp with node sets (Mesh.SaveGroupsOfNodes = 1). From that export this module
reads the nodes, the C3D10 elements, the node sets "clamp" and "tip" and the tip's tri6 faces
(CPS6 elements of the physical surface "tip"), and writes a clean CalculiX mesh file without the
CPS6 face elements (they would be plane-stress elements without a section in CalculiX).
"""
import hashlib
import json
import os
import subprocess
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEO = os.path.join(ROOT, "meshes", "bench", "cantilever.geo")

# The block and its load (the benchmark).
LENGTH, WIDTH, HEIGHT = 100.0, 20.0, 20.0
VOLUME = LENGTH * WIDTH * HEIGHT
E_MPA, NU = 7300.0, 0.3
FORCE_N = (0.0, 0.0, -100.0)

# Element size per target. gmsh.md's rule unknowns ~ 20 V / h^3 holds for a compact foot; this
# slender block (100 x 20 x 20) has more surface per volume, so the sizes below were calibrated by
# meshing (actual counts in docs/benchmarks.md): unknowns ~ 6.8e5 / h^3 + 1.1e5 / h^2 here.
SIZES = {
    "30k": 3.25,
    "100k": 2.07,
    "300k": 1.41,
    "1M": 0.925,
}


def parse_sizes(text):
    """'30k,100k' -> [(label, h)]; a label not in SIZES may be given as h=VALUE (e.g. h=1.8)."""
    out = []
    for tok in [t.strip() for t in text.split(",") if t.strip()]:
        if tok in SIZES:
            out.append((tok, SIZES[tok]))
        elif tok.lower() in {k.lower(): k for k in SIZES}:
            key = {k.lower(): k for k in SIZES}[tok.lower()]
            out.append((key, SIZES[key]))
        elif tok.startswith("h="):
            h = float(tok[2:])
            out.append(("h%g" % h, h))
        else:
            raise SystemExit("bench: unknown size '%s' (expected one of %s, or h=SIZE)"
                             % (tok, ", ".join(SIZES)))
    return out


def _geo_hash(geo=GEO):
    with open(geo, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()[:8]


def _run(cmd, log):
    t = time.monotonic()
    with open(log, "w") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise SystemExit("bench: %s failed (exit %d); see %s" % (cmd[0], p.returncode, log))
    return time.monotonic() - t


def _gmsh_version():
    p = subprocess.run(["gmsh", "--version"], capture_output=True, text=True)
    return (p.stdout + p.stderr).strip()


def mesh(label, h, folder, log=print, geo=GEO, stem="cantilever"):
    """Meshes geo (default the cantilever block) with element size h into folder (cached; the key
    is h and the .geo's hash). Returns a dict: msh, inp, ccx_mesh (paths), mesh_s, export_s,
    nodes, elements, cached."""
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    base = os.path.join(folder, "%s-h%.4g-%s" % (stem, h, _geo_hash(geo)))
    meta_path = base + ".json"
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        meta.update({"label": label, "msh": base + ".msh", "inp": base + ".inp"})
        if all(os.path.exists(meta[k]) for k in ("msh", "inp")):
            meta["cached"] = True
            _link(folder, label, meta, stem)
            return meta
    log("meshing %s: h = %g mm ..." % (label, h))
    msh, inp = base + ".msh", base + ".inp"
    mesh_s = _run(["gmsh", geo, "-setnumber", "h", repr(h), "-3", "-nt", "1",
                   "-format", "msh41", "-o", msh], base + ".gmsh.log")
    export_s = _run(["gmsh", msh, "-0", "-nt", "1", "-format", "inp",
                     "-setnumber", "Mesh.SaveGroupsOfNodes", "1", "-o", inp],
                    base + ".export.log")
    deck = read_inp(inp)
    meta = {"label": label, "h": h, "msh": msh, "inp": inp, "mesh_s": mesh_s,
            "export_s": export_s, "nodes": int(len(deck["node_ids"])),
            "elements": int(deck["n_c3d10"]), "gmsh": _gmsh_version(), "cached": False}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    _link(folder, label, meta, stem)
    log("  %d nodes, %d tet10, meshed in %.1f s (+ %.1f s .inp export)"
        % (meta["nodes"], meta["elements"], mesh_s, export_s))
    return meta


def _link(folder, label, meta, stem="cantilever"):
    """Stable names STEM-LABEL.msh/.inp for the sizes of the table (for configs/bench)."""
    for ext in ("msh", "inp"):
        link = os.path.join(folder, "%s-%s.%s" % (stem, label, ext))
        target = os.path.basename(meta[ext])
        try:
            if os.path.islink(link) and os.readlink(link) == target:
                continue
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(target, link)
        except OSError:
            pass


def _ints(lines):
    vals = []
    for ln in lines:
        vals.extend(int(v) for v in ln.split(",") if v.strip())
    return vals


def read_inp(path):
    """Reads gmsh's Abaqus export: node ids and coordinates, C3D10 lines (kept as text), node sets
    and the CPS6 faces of each element set. Returns a dict."""
    node_ids, coords = [], []
    c3d10 = []
    cps6 = {}          # element id -> 6 node ids
    elsets, nsets = {}, {}
    section, name = None, None
    body = []

    def close():
        if section == "elset":
            elsets[name] = _ints(body)
        elif section == "nset":
            nsets[name] = _ints(body)

    with open(path) as f:
        for line in f:
            if line.startswith("*"):
                close()
                body = []
                head = line.strip()
                low = head.lower().replace(" ", "")
                if low.startswith("**"):
                    section = None
                    continue
                if low.startswith("*node") and not low.startswith("*nodeprint"):
                    section = "node"
                elif low.startswith("*element"):
                    etype = low.split("type=")[1].split(",")[0]
                    section = {"c3d10": "c3d10", "cps6": "cps6"}.get(etype, "other")
                elif low.startswith("*elset"):
                    section, name = "elset", head.split("=")[-1].strip()
                elif low.startswith("*nset"):
                    section, name = "nset", head.split("=")[-1].strip()
                else:
                    section = None
                continue
            if section == "node":
                p = line.split(",")
                node_ids.append(int(p[0]))
                coords.append((float(p[1]), float(p[2]), float(p[3])))
            elif section == "c3d10":
                c3d10.append(line.strip())
            elif section == "cps6":
                v = [int(x) for x in line.split(",") if x.strip()]
                cps6[v[0]] = v[1:7]
            elif section in ("elset", "nset"):
                body.append(line)
        close()
    return {"node_ids": np.array(node_ids, dtype=np.int64), "x": np.array(coords),
            "c3d10": c3d10, "n_c3d10": len(c3d10), "cps6": cps6, "elsets": elsets,
            "nsets": nsets}


def tip_faces(deck, surface="tip"):
    """The tri6 faces (node ids, Abaqus order: corners, then mid-edges 12 23 31) of a surface."""
    return np.array([deck["cps6"][e] for e in deck["elsets"][surface] if e in deck["cps6"]],
                    dtype=np.int64)


def consistent_loads(deck, faces, total_force):
    """Consistent nodal loads of a uniform traction that sums to total_force over the faces.

    On a flat (straight-sided) tri6 the integrals of the shape functions are 0 at the corners and
    area/3 at each mid-edge node. Returns (node ids, forces [k, 3]) sorted by id."""
    row = {int(n): i for i, n in enumerate(deck["node_ids"])}
    x = deck["x"]
    area = np.empty(len(faces))
    for k, f in enumerate(faces):
        a, b, c = (x[row[int(n)]] for n in f[:3])
        area[k] = 0.5 * np.linalg.norm(np.cross(b - a, c - a))
    traction = np.asarray(total_force) / area.sum()
    loads = {}
    for k, f in enumerate(faces):
        for n in f[3:6]:
            loads[int(n)] = loads.get(int(n), 0.0) + area[k] / 3.0
    ids = np.array(sorted(loads), dtype=np.int64)
    forces = np.outer([loads[i] for i in ids], traction)
    return ids, forces, area.sum()


def _write_ids(f, ids, per_line=16):
    ids = list(ids)
    for k in range(0, len(ids), per_line):
        f.write(", ".join(str(i) for i in ids[k:k + per_line]) + "\n")


def write_ccx_mesh(deck, path, sets=("clamp", "tip")):
    """Nodes, the C3D10 elements (ELSET=EBLOCK) and the node sets (default CLAMP and TIP), for
    *INCLUDE."""
    with open(path, "w") as f:
        f.write("*NODE\n")
        for i, (a, b, c) in zip(deck["node_ids"], deck["x"]):
            f.write("%d, %.17g, %.17g, %.17g\n" % (i, a, b, c))
        f.write("*ELEMENT, TYPE=C3D10, ELSET=EBLOCK\n")
        f.write("\n".join(deck["c3d10"]) + "\n")
        for name in sets:
            f.write("*NSET, NSET=%s\n" % name.upper())
            _write_ids(f, deck["nsets"][name])
