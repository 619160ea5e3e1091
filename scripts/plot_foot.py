#!/usr/bin/python3
"""Pictures of a foot mesh (meshes/foot/foot_mesh.py's .msh): a medial view of the bones, fascia
and ligaments inside the skin outline, a plantar view of the fascia band and slips with the
landmarks, and a 3D view of the skin mesh.

    scripts/plot_foot.py meshes/foot/foot-coarse.msh -o docs/img/foot-coarse
writes PREFIX-side.png, PREFIX-plantar.png and PREFIX-3d.png.
"""
import argparse
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "meshes", "foot"))
import footmsh  # noqa: E402
from foot_mesh import BONES, FASCIA  # noqa: E402


def boundary_tris(tets):
    """Corner triangles of the faces that belong to one tet only."""
    f = np.vstack([tets[:, [0, 1, 2]], tets[:, [0, 1, 3]], tets[:, [0, 2, 3]], tets[:, [1, 2, 3]]])
    key = np.sort(f, axis=1)
    _, idx, cnt = np.unique(key, axis=0, return_index=True, return_counts=True)
    return f[idx[cnt == 1]]


def region_tris(m, name):
    return boundary_tris(m["tets"][m["tet_region"] == m["regions"].index(name)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mesh")
    ap.add_argument("-o", "--prefix", default=None)
    a = ap.parse_args()
    prefix = a.prefix or os.path.splitext(a.mesh)[0]
    m = footmsh.read_msh(a.mesh)
    X = m["nodes"]
    cmap = plt.get_cmap("tab20")
    skin = m["faces"][[("skin" in g) for g in m["face_groups"]]][:, :3]
    lm = m["landmarks"]

    # medial side view (x-z), seen from +y for a right foot
    fig, ax = plt.subplots(figsize=(11, 5.5))
    P = X[np.unique(skin)]
    ax.scatter(P[:, 0], P[:, 2], s=0.3, c="0.8", label="skin nodes")
    for i, b in enumerate(BONES):
        t = region_tris(m, b)
        Q = X[np.unique(t)]
        ax.scatter(Q[:, 0], Q[:, 2], s=0.6, color=cmap(i % 20), label=b if i < 16 else None)
    for k, f in enumerate(FASCIA):
        Q = X[np.unique(region_tris(m, f))]
        ax.scatter(Q[:, 0], Q[:, 2], s=0.8, color="crimson" if k == 0 else "darkorange")
    for a_, b_ in m["lines"]:
        ax.plot(X[[a_, b_], 0], X[[a_, b_], 2], "k-", lw=1.5)
    for n, v in lm.items():
        ax.plot(X[v, 0], X[v, 2], "k^", ms=5)
        ax.annotate(n, (X[v, 0], X[v, 2]), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_aspect("equal")
    ax.set_xlabel("x (mm, anterior)")
    ax.set_ylabel("z (mm, superior)")
    ax.set_title("%s: bones (colours), fascia band (red) and slips (orange), ligaments (black), "
                 "landmarks" % os.path.basename(a.mesh), fontsize=9)
    ax.legend(fontsize=6, ncol=2, loc="upper right", markerscale=8)
    fig.tight_layout()
    fig.savefig(prefix + "-side.png", dpi=130)
    plt.close(fig)

    # plantar view (x-y from below)
    fig, ax = plt.subplots(figsize=(11, 5))
    sole = m["faces"][[("sole" in g) for g in m["face_groups"]]][:, :3]
    ax.triplot(X[:, 0], X[:, 1], skin, color="0.85", lw=0.3)
    ax.triplot(X[:, 0], X[:, 1], sole, color="0.55", lw=0.4)
    for k, f in enumerate(FASCIA):
        t = region_tris(m, f)
        ax.triplot(X[:, 0], X[:, 1], t, color=cmap(2 * k % 20), lw=0.4)
        c = X[np.unique(t)].mean(axis=0)
        ax.annotate(f, (c[0], c[1]), fontsize=8, color=cmap(2 * k % 20))
    for n, v in lm.items():
        if n.startswith("mth") or n in ("heel_posterior", "navicular_tuberosity", "dorsum_50"):
            ax.plot(X[v, 0], X[v, 1], "k^", ms=5)
            ax.annotate(n, (X[v, 0], X[v, 1]), fontsize=7, xytext=(3, -9),
                        textcoords="offset points")
    ax.set_aspect("equal")
    ax.set_xlabel("x (mm, anterior)")
    ax.set_ylabel("y (mm, medial for a right foot)")
    ax.set_title("%s from below: skin (light), sole (grey), fascia band and slips"
                 % os.path.basename(a.mesh), fontsize=9)
    fig.tight_layout()
    fig.savefig(prefix + "-plantar.png", dpi=130)
    plt.close(fig)

    # 3D: the skin mesh, semi-transparent, with the bones
    fig = plt.figure(figsize=(10, 6))
    ax = fig.add_subplot(projection="3d")
    ax.add_collection3d(Poly3DCollection(X[skin], facecolor=(0.95, 0.8, 0.7, 0.15),
                                         edgecolor=(0.4, 0.3, 0.3, 0.25), lw=0.2))
    for i, b in enumerate(BONES):
        ax.add_collection3d(Poly3DCollection(X[region_tris(m, b)], facecolor=cmap(i % 20),
                                             edgecolor="none", alpha=0.9))
    for f in FASCIA:
        ax.add_collection3d(Poly3DCollection(X[region_tris(m, f)], facecolor="crimson",
                                             edgecolor="none", alpha=0.9))
    lo, hi = X.min(axis=0), X.max(axis=0)
    c, r = 0.5 * (lo + hi), 0.5 * (hi - lo).max()
    ax.set_xlim(c[0] - r, c[0] + r)
    ax.set_ylim(c[1] - r, c[1] + r)
    ax.set_zlim(max(c[2] - r, -5), c[2] + r)
    ax.view_init(elev=20, azim=-60)
    ax.set_box_aspect((1, 1, 1))
    ax.set_title("%s: %d nodes, %d tet10" % (os.path.basename(a.mesh), X.shape[0],
                                            m["tets"].shape[0]), fontsize=9)
    fig.tight_layout()
    fig.savefig(prefix + "-3d.png", dpi=130)
    plt.close(fig)
    print("wrote %s-side.png, -plantar.png, -3d.png" % prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
