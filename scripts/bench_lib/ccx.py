"""CalculiX 2.20 (Debian calculix-ccx, SPOOLES) on the bench mesh: the deck, the run, the tip
displacement from the .dat file."""
import os

import numpy as np

from . import measure
from . import mesh as M


def version():
    """'2.20' from the Debian package (ccx -v prints it too but exits 1)."""
    try:
        import subprocess
        p = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "calculix-ccx"],
                           capture_output=True, text=True)
        return p.stdout.strip() or "?"
    except OSError:
        return "?"


def write_deck(meshinfo, folder):
    """Writes folder/mesh.inp (nodes, C3D10, sets; cached beside the mesh) and folder/job.inp: the
    material, the clamp (*BOUNDARY, dofs 1-3) and the tip's consistent nodal loads (*CLOAD).
    Returns (number of loaded nodes, total load [3], tip area)."""
    cached = meshinfo["inp"][:-4] + ".ccx.inp"
    deck = M.read_inp(meshinfo["inp"])
    if not os.path.exists(cached):
        M.write_ccx_mesh(deck, cached + ".tmp")
        os.replace(cached + ".tmp", cached)
    faces = M.tip_faces(deck)
    ids, forces, area = M.consistent_loads(deck, faces, M.FORCE_N)
    with open(os.path.join(folder, "job.inp"), "w") as f:
        f.write("** scripts/bench: %g x %g x %g mm cantilever, E %g, nu %g, clamped at x = 0,\n"
                "** %s N on the tip face as consistent nodal loads of a uniform traction\n"
                % (M.LENGTH, M.WIDTH, M.HEIGHT, M.E_MPA, M.NU, list(M.FORCE_N)))
        f.write("*INCLUDE, INPUT=%s\n" % cached)
        f.write("*MATERIAL, NAME=M\n*ELASTIC\n%.17g, %.17g\n" % (M.E_MPA, M.NU))
        f.write("*SOLID SECTION, ELSET=EBLOCK, MATERIAL=M\n")
        f.write("*STEP\n*STATIC, SOLVER=SPOOLES\n*BOUNDARY\nCLAMP, 1, 3\n*CLOAD\n")
        for i, fv in zip(ids, forces):
            for j in range(3):
                if fv[j] != 0.0:
                    f.write("%d, %d, %.17g\n" % (i, j + 1, fv[j]))
        # Displacements and stresses to the .frd, as pfsim writes displacements, stress and
        # strain to its result file; the tip displacements to the .dat for the comparison.
        f.write("*NODE PRINT, NSET=TIP\nU\n*NODE FILE\nU\n*EL FILE\nS\n*END STEP\n")
    return len(ids), forces.sum(axis=0), area, deck


def tip_uz(dat_path):
    """Mean u_z over the TIP node set from *NODE PRINT (the .dat file) and the node count."""
    uz = []
    on = False
    with open(dat_path) as f:
        for line in f:
            if "displacements" in line and "TIP" in line.upper():
                on = True
                continue
            if on:
                p = line.split()
                if len(p) == 4:
                    uz.append(float(p[3]))
                elif p:
                    on = False
    return (float(np.mean(uz)) if uz else float("nan")), len(uz)


def run(meshinfo, folder, threads):
    """Runs ccx in folder with `threads` threads. Returns a dict of measurements."""
    os.makedirs(folder, exist_ok=True)
    for stale in ("job.dat", "job.frd", "job.sta", "job.cvg"):
        p = os.path.join(folder, stale)
        if os.path.exists(p):
            os.remove(p)
    n_loaded, total, area, deck = write_deck(meshinfo, folder)
    env = dict(os.environ)
    env.update({"OMP_NUM_THREADS": str(threads), "CCX_NPROC_EQUATION_SOLVER": str(threads),
                "CCX_NPROC_STIFFNESS": str(threads), "CCX_NPROC_RESULTS": str(threads),
                "NUMBER_OF_CPUS": str(threads)})
    r = measure.run(["ccx", "-i", "job"], folder, env, "ccx")
    uz, n = tip_uz(os.path.join(folder, "job.dat"))
    r.update({"tip_uz": uz, "tip_nodes": n, "loaded_nodes": n_loaded,
              "load_total": [float(v) for v in total], "tip_area": float(area),
              "threads": threads, "unknowns": 3 * len(deck["node_ids"])
              - 3 * len(deck["nsets"]["clamp"])})
    if r["rc"] != 0 or n == 0:
        r["error"] = "ccx failed (exit %d); see %s" % (r["rc"], os.path.join(folder, "ccx.out"))
    return r
