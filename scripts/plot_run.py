#!/usr/bin/python3
"""Pictures of one pfsim result file: the fascia strain along the band and the plantar pressure
map, when the file holds them, and the /summary metrics.

    scripts/plot_run.py OUT.h5 [-o DIR] [--frame N]

writes into DIR (default: the result file's folder), named after the file's stem:
  STEM-fascia-strain.png  fibre strain (elements/<type>/fibre_strain, lambda_f - 1) of the
                          elements that have one, or else the axial strain of the truss elements
                          of a region whose name holds "fascia", against the distance along the
                          band (the principal axis of their centroids, from its posterior end)
  STEM-pressure.png       the virtual pressure plate (contact/plate/sensor_pressure) and the
                          pressure recovered at the contact surface's nodes (contact/node_pressure)
  STEM-summary.png        the /summary metrics as a bar chart
of the last frame (or --frame N). What the file does not hold is said and skipped. Exits 1 with a
message on a missing file, a file that is not a pfsim result file, or one with nothing to draw.
Needs Debian's python3-h5py and python3-matplotlib (Agg backend: no display).
"""
import argparse
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

try:
    import h5py  # noqa: E402
except ImportError:  # pragma: no cover
    sys.exit("plot_run.py: needs h5py (Debian: apt-get install python3-h5py)")

PROG = "plot_run.py"


def fail(msg):
    print("%s: %s" % (PROG, msg), file=sys.stderr)
    sys.exit(1)


def open_result(path):
    if not os.path.exists(path):
        part = path + ".part"
        hint = (" ('%s' exists: the run is still going, or was killed or interrupted; plot the "
                ".part itself)" % part) if os.path.exists(part) else ""
        fail("cannot read '%s': no such file%s" % (path, hint))
    if os.path.isdir(path):
        fail("'%s' is a folder, not a pfsim result file" % path)
    if not h5py.is_hdf5(path):
        fail("'%s' is not a pfsim result file (not an HDF5 file)" % path)
    try:
        f = h5py.File(path, "r", locking=False)
    except TypeError:  # h5py without the locking argument
        f = h5py.File(path, "r")
    except OSError as e:
        fail("cannot open '%s': %s" % (path, e))
    if "pfsim_version" not in f.attrs or "status" not in f.attrs:
        fail("'%s' is an HDF5 file but not a pfsim result file (no pfsim_version and status "
             "attributes at the root; a sweep's summary.h5 is drawn by scripts/plot_sweep.py)"
             % path)
    return f


def as_str(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def frame_group(f, frame):
    if "steps" not in f or not len(f["steps"]):
        return None, None
    names = sorted(f["steps"].keys())
    try:
        name = names[frame]
    except IndexError:
        fail("the file has %d frames; --frame %d does not exist" % (len(names), frame))
    return name, f["steps"][name]


def centroids(f, etype):
    nodes = f["mesh/nodes"][()]
    conn = f["mesh/elements"][etype]["connectivity"][()]
    return nodes[conn].mean(axis=1), nodes, conn


def along_axis(points):
    """Distance of points along their principal axis (oriented towards +x), from the smallest."""
    if len(points) == 1:
        return np.zeros(1)
    c = points - points.mean(axis=0)
    d = np.linalg.svd(c, full_matrices=False)[2][0]
    if d[0] < 0:
        d = -d
    s = c @ d
    return s - s.min()


def fascia_strain(f, fr):
    """(distance, strain, what) of the band, or None."""
    el = fr.get("elements")
    if el is None:
        return None
    pos, val = [], []
    for etype in el:
        if "fibre_strain" in el[etype]:
            v = el[etype]["fibre_strain"][()]
            keep = np.isfinite(v)
            if keep.any():
                pos.append(centroids(f, etype)[0][keep])
                val.append(v[keep])
    if val:
        return np.vstack(pos), np.concatenate(val), "fibre strain (lambda_f - 1)"
    # a truss fascia: axial strain t . eps . t of the elements of a region named *fascia*
    if "truss2" in el and "strain" in el["truss2"] and "mesh/regions" in f:
        regions = [as_str(r) for r in f["mesh/regions"][()]]
        want = [i for i, r in enumerate(regions) if "fascia" in r.lower()]
        region = f["mesh/elements/truss2/region"][()]
        keep = np.isin(region, want)
        if keep.any():
            cen, nodes, conn = centroids(f, "truss2")
            t = nodes[conn[keep, 1]] - nodes[conn[keep, 0]]
            t /= np.linalg.norm(t, axis=1)[:, None]
            e = el["truss2"]["strain"][()][keep]  # xx yy zz xy yz xz, tensor shear
            E = np.zeros((len(e), 3, 3))
            for k, (a, b) in enumerate([(0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (0, 2)]):
                E[:, a, b] = E[:, b, a] = e[:, k]
            axial = np.einsum("ni,nij,nj->n", t, E, t)
            return cen[keep], axial, "axial strain of the truss fascia"
    return None


def plot_strain(f, fr, frname, out):
    got = fascia_strain(f, fr)
    if got is None:
        print("no fascia strain in the file (no fibre_strain dataset, no truss region named "
              "*fascia*): not drawn")
        return None
    cen, strain, what = got
    s = along_axis(cen)
    order = np.argsort(s)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(s[order], strain[order], "o-" if len(s) < 200 else ".", ms=4, color="crimson")
    ax.set_xlabel("distance along the band from its posterior end (mm)")
    ax.set_ylabel(what)
    ax.set_title("%s\n%s, frame %s (%d elements)" % (as_str(f.attrs.get("title", "")), what,
                                                       frname, len(s)), fontsize=10)
    ax.ticklabel_format(axis="y", useOffset=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_pressure(f, fr, frname, out):
    c = fr.get("contact")
    if c is None:
        print("no plantar pressure in the file (no contact group in frame %s): not drawn"
              % frname)
        return None
    panels = []
    if "plate" in c and "sensor_pressure" in c["plate"]:
        panels.append("plate")
    if "node_pressure" in c:
        panels.append("nodes")
    if not panels:
        print("no plantar pressure in the file (no plate or node pressure): not drawn")
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 5.5), squeeze=False)
    for ax, kind in zip(axes[0], panels):
        if kind == "plate":
            pl = c["plate"]
            p = pl["sensor_pressure"][()] * 1000.0  # kPa
            pitch = float(pl.attrs.get("pitch_mm", 1.0))
            o = pl["origin"][()] if "origin" in pl else np.zeros(2)
            ny, nx = p.shape
            im = ax.imshow(np.ma.masked_invalid(p), origin="lower", cmap="inferno",
                           extent=[o[0], o[0] + nx * pitch, o[1], o[1] + ny * pitch])
            fig.colorbar(im, ax=ax, label="sensor pressure (kPa)")
            ax.set_xlabel("plate x (mm)")
            ax.set_ylabel("plate y (mm)")
            ax.set_title("pressure plate: peak %.1f kPa\n%d x %d sensors of %.3g mm"
                         % (np.nanmax(p), nx, ny, pitch), fontsize=10)
        else:
            p = c["node_pressure"][()] * 1000.0
            on = np.isfinite(p)
            X = f["mesh/nodes"][()] + (fr["displacement"][()] if "displacement" in fr else 0.0)
            sc = ax.scatter(X[on, 0], X[on, 1], c=p[on], s=12, cmap="inferno")
            cb = fig.colorbar(sc, ax=ax, label="node pressure (kPa)")
            cb.formatter.set_useOffset(False)
            cb.update_ticks()
            ax.set_aspect("equal")
            ax.set_xlabel("x (mm)")
            ax.set_ylabel("y (mm)")
            ax.set_title("contact surface nodes (deformed)\npeak %.1f kPa" % np.nanmax(p[on]),
                         fontsize=10)
    fig.suptitle("%s, frame %s" % (as_str(f.attrs.get("title", "")), frname))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_summary(f, out):
    if "summary" not in f or not len(f["summary"].attrs):
        print("no /summary in the file: not drawn")
        return None
    names = list(f["summary"].attrs.keys())
    vals = np.array([float(f["summary"].attrs[k]) for k in names])
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.35 * len(names)))
    y = np.arange(len(names))[::-1]
    ax.barh(y, vals, color=["C0" if v >= 0 else "C3" for v in vals])
    for yi, v in zip(y, vals):
        ax.text(v, yi, " %.4g " % v, va="center", ha="left" if v >= 0 else "right", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    ax.axvline(0, color="k", lw=0.5)
    big = np.nanmax(np.abs(vals)) if np.any(np.isfinite(vals)) else 0.0
    if big > 0:
        # metrics of very different sizes: logarithmic beyond 1e-3 of the largest, linear below
        ax.set_xscale("symlog", linthresh=1e-3 * big)
    ax.set_title("%s: /summary (status %s)" % (as_str(f.attrs.get("title", "")),
                                               as_str(f.attrs["status"])))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("result", help="a pfsim result file OUT.h5 (or OUT.h5.part)")
    ap.add_argument("-o", "--out-dir", default=None, help="folder of the PNGs (default: beside "
                    "the result file)")
    ap.add_argument("--frame", type=int, default=-1, help="frame index (default: the last)")
    a = ap.parse_args()
    f = open_result(a.result)
    outdir = a.out_dir or os.path.dirname(os.path.abspath(a.result))
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.basename(a.result)
    for ext in (".part", ".h5"):
        if stem.endswith(ext):
            stem = stem[:-len(ext)]
    frname, fr = frame_group(f, a.frame)
    made = []
    if fr is None:
        print("no frames (/steps) in the file: no fascia strain or pressure map")
    else:
        made.append(plot_strain(f, fr, frname, os.path.join(outdir, stem + "-fascia-strain.png")))
        made.append(plot_pressure(f, fr, frname, os.path.join(outdir, stem + "-pressure.png")))
    made.append(plot_summary(f, os.path.join(outdir, stem + "-summary.png")))
    made = [m for m in made if m]
    if not made:
        fail("nothing to draw in '%s' (no frames and no /summary)" % a.result)
    for m in made:
        print("wrote %s" % m)


if __name__ == "__main__":
    main()
