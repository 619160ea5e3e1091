#!/usr/bin/python3
"""Pictures of a collected parameter sweep (`pfsim sweep S.yaml collect`): every metric against
every numeric parameter, and the sensitivity ranking of every metric.

    scripts/plot_sweep.py NAME [-o DIR]          (NAME: the sweep's results folder)
    scripts/plot_sweep.py NAME/summary.h5 [-o DIR]

writes into DIR (default NAME/plots), per metric M (file names: M with characters other than
letters, digits, '.', '-' and '_' replaced by '_'):
  M.png               one scatter panel per numeric parameter: M of each done case against the
                      parameter (with the level means joined when the parameter has few levels)
  M-sensitivity.png   the parameters in rank order: main effect and |SRC| (R^2 of the linear fit
                      in the title, flagged UNRELIABLE below 0.7), and the first-order and total
                      Sobol indices for a Saltelli sweep
Exits 1 with a message on a missing file, a file that is not a sweep summary, or a sweep without
done cases. Needs Debian's python3-h5py and python3-matplotlib (Agg backend: no display).
"""
import argparse
import os
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

try:
    import h5py  # noqa: E402
except ImportError:  # pragma: no cover
    sys.exit("plot_sweep.py: needs h5py (Debian: apt-get install python3-h5py)")

PROG = "plot_sweep.py"
FORMAT = "pfsim-sweep-summary-1"


def fail(msg):
    print("%s: %s" % (PROG, msg), file=sys.stderr)
    sys.exit(1)


def strings(ds):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in ds[()]]


def by_name(group):
    """{name: values} of a group of columns (each dataset holds its name in attribute "name";
    the link names are percent-encoded)."""
    out = {}
    for ds in group.values():
        n = ds.attrs["name"]
        out[n.decode() if isinstance(n, bytes) else str(n)] = ds[()]
    return out


def read_summary(path):
    if os.path.isdir(path):
        folder = path
        path = os.path.join(path, "summary.h5")
        if not os.path.exists(path):
            fail("no summary.h5 in '%s': run `pfsim sweep S.yaml collect` first" % folder)
    if not os.path.exists(path):
        fail("cannot read '%s': no such file or folder" % path)
    if not h5py.is_hdf5(path):
        fail("'%s' is not a sweep summary (not an HDF5 file)" % path)
    with h5py.File(path, "r") as f:
        fmt = f.attrs.get("format", b"")
        fmt = fmt.decode() if isinstance(fmt, bytes) else str(fmt)
        if fmt != FORMAT:
            hint = (" (a pfsim result file: draw it with scripts/plot_run.py)"
                    if "pfsim_version" in f.attrs else "")
            fail("'%s' is not a sweep summary (root attribute format is '%s', expected '%s')%s"
                 % (path, fmt, FORMAT, hint))
        s = {"path": path, "sampling": str(f.attrs["sampling"]), "status": strings(f["status"]),
             "params": strings(f["parameter_names"]), "metrics": strings(f["metric_names"])}
        s["x"] = by_name(f["parameters"])
        s["y"] = by_name(f["metrics"])
        g = f["sensitivity"]
        s["sens"] = {k: (strings(g[k]) if g[k].dtype.kind in "OSU" else g[k][()]) for k in g}
    return s


def safe(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def plot_metric(s, m, numeric, done, out):
    y = s["y"][m]
    n = len(numeric)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.8 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, p in zip(axes.flat, numeric):
        x = s["x"][p]
        ok = done & np.isfinite(y)
        ax.scatter(x[ok], y[ok], s=14, alpha=0.75)
        levels = np.unique(x[ok])
        if 1 < len(levels) <= max(2, int(np.ceil(np.sqrt(ok.sum())))):
            means = [y[ok][x[ok] == v].mean() for v in levels]
            ax.plot(levels, means, "o-", color="C3", lw=1.2, ms=4, label="level mean")
            ax.legend(fontsize=7)
        ax.set_xlabel(p, fontsize=9)
        ax.set_ylabel(m, fontsize=9)
        ax.grid(alpha=0.3)
        ax.ticklabel_format(axis="both", style="sci", scilimits=(-3, 4), useOffset=False)
    fig.suptitle("%s: %d done cases of %d (%s)" % (m, int((done & np.isfinite(y)).sum()),
                                                   len(y), s["sampling"]))
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def plot_sensitivity(s, m, out):
    t = s["sens"]
    rows = [i for i, v in enumerate(t["metric"]) if v == m]
    if not rows:
        return False
    rank = t["rank"][rows]
    if not np.any(rank > 0):
        print("%s: no sensitivity (constant, or fewer than 3 done cases): no ranking drawn" % m)
        return False
    rows = [r for _, r in sorted(zip(np.where(rank > 0, rank, 1 << 30), rows))]
    names = [t["parameter"][r] for r in rows]
    bars = [("main effect", t["main_effect"][rows]), ("|SRC|", np.abs(t["src"][rows]))]
    if s["sampling"] == "saltelli":
        bars += [("Sobol S1", t["sobol_first"][rows]), ("Sobol ST", t["sobol_total"][rows])]
    r2 = float(t["r2"][rows[0]])
    fig, ax = plt.subplots(figsize=(1.6 + 0.9 * len(rows) * len(bars) / 2 + 2, 4.2))
    w = 0.8 / len(bars)
    xs = np.arange(len(rows))
    for i, (label, v) in enumerate(bars):
        ax.bar(xs + (i - (len(bars) - 1) / 2) * w, np.nan_to_num(v), w, label=label)
    ax.set_xticks(xs)
    ax.set_xticklabels(["%s\n(rank %s)" % (n, rank_text(t["rank"][r])) for n, r in
                        zip(names, rows)], fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    ax.set_ylabel("index")
    flag = "" if r2 >= 0.7 else "  UNRELIABLE linear fit (R^2 < 0.7)"
    ax.set_title("%s: ranked by %s; R^2 = %.3f%s" % (m, t["ranked_by"][rows[0]], r2, flag),
                 fontsize=10, color="k" if not flag else "C3")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return True


def rank_text(r):
    return str(int(r)) if r > 0 else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("summary", help="the sweep's results folder NAME, or NAME/summary.h5")
    ap.add_argument("-o", "--out-dir", default=None, help="folder of the PNGs (default "
                    "NAME/plots)")
    a = ap.parse_args()
    s = read_summary(a.summary)
    outdir = a.out_dir or os.path.join(os.path.dirname(os.path.abspath(s["path"])), "plots")
    os.makedirs(outdir, exist_ok=True)
    done = np.array([v == "done" for v in s["status"]])
    if not done.any() or not s["metrics"]:
        fail("'%s' has no done cases with metrics: nothing to draw (pfsim sweep S.yaml status "
             "says why)" % s["path"])
    numeric = [p for p in s["params"] if np.all(np.isfinite(s["x"][p]))]
    skipped = [p for p in s["params"] if p not in numeric]
    if skipped:
        print("not numeric, not drawn: %s" % ", ".join(skipped))
    if not numeric:
        fail("'%s' has no numeric parameter to draw the metrics against" % s["path"])
    for m in s["metrics"]:
        out = os.path.join(outdir, safe(m) + ".png")
        plot_metric(s, m, numeric, done, out)
        print("wrote %s" % out)
        out = os.path.join(outdir, safe(m) + "-sensitivity.png")
        if plot_sensitivity(s, m, out):
            print("wrote %s" % out)


if __name__ == "__main__":
    main()
