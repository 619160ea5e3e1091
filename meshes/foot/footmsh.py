"""The foot mesh as arrays, and its .msh 4.1 file (written and read back), quality and derived
clinical measures. Used by foot_mesh.py (the generator) and by the foot tests.

Conventions: nodes float64 [n, 3] (mm); tet10 connectivity in gmsh order (corners 0-3, then the
edges 01 12 20 30 32 31), 0-based rows of the node array; tri6 faces likewise (edges 01 12 20);
truss2 lines. A mesh is a dict:
  nodes, tets, tet_region (int, index into regions), regions (names), faces (tri6),
  face_groups (list of lists of surface names per face), lines, line_region (index into
  line_regions), line_regions (names), landmarks {name: node row}, fibre {tet row: [3]}.
"""

import hashlib

import numpy as np

# Reflection y -> -y reverses orientation: swap corners 1 and 2 and the edges that follow.
# gmsh tet10: 4:(0,1) 5:(1,2) 6:(2,0) 7:(3,0) 8:(3,2) 9:(3,1)
TET10_MIRROR = [0, 2, 1, 3, 6, 5, 4, 7, 9, 8]
# tri6: 3:(0,1) 4:(1,2) 5:(2,0)
TRI6_MIRROR = [0, 2, 1, 5, 4, 3]


def mirror(mesh):
    """The left foot of a right one (or back): y -> -y, element orders fixed so that no element
    inverts; fibre directions are vectors (y negated)."""
    m = dict(mesh)
    m["nodes"] = mesh["nodes"] * np.array([1.0, -1.0, 1.0])
    m["tets"] = mesh["tets"][:, TET10_MIRROR]
    m["faces"] = mesh["faces"][:, TRI6_MIRROR]
    m["fibre"] = {e: np.asarray(v) * np.array([1.0, -1.0, 1.0]) for e, v in mesh["fibre"].items()}
    return m


def _fmt(x):
    return repr(float(x))


def write_msh(path, mesh):
    """gmsh .msh 4.1 ASCII. Entities: one volume per region, one curve per ligament region, one
    surface per distinct set of surface groups, one point per landmark. All nodes are in one
    block on volume 1 (elements of any entity may use any node)."""
    regions, line_regions = mesh["regions"], mesh["line_regions"]
    surf_names = sorted({s for g in mesh["face_groups"] for s in g})
    combos = sorted({tuple(sorted(g)) for g in mesh["face_groups"]})
    lm_names = sorted(mesh["landmarks"])
    # physical tags: volumes 1.., surfaces 101.., curves 201.., points 301..
    ptag = {}
    phys = []
    for i, r in enumerate(regions):
        ptag[(3, r)] = 1 + i
        phys.append((3, 1 + i, r))
    for i, s in enumerate(surf_names):
        ptag[(2, s)] = 101 + i
        phys.append((2, 101 + i, s))
    for i, r in enumerate(line_regions):
        ptag[(1, r)] = 201 + i
        phys.append((1, 201 + i, r))
    for i, p in enumerate(lm_names):
        ptag[(0, p)] = 301 + i
        phys.append((0, 301 + i, p))
    X = mesh["nodes"]
    lo, hi = X.min(axis=0), X.max(axis=0)
    bb = " ".join(_fmt(v) for v in list(lo) + list(hi))
    out = []
    w = out.append
    w("$MeshFormat\n4.1 0 8\n$EndMeshFormat\n")
    w("$PhysicalNames\n%d\n" % len(phys))
    for d, t, n in sorted(phys):
        w('%d %d "%s"\n' % (d, t, n))
    w("$EndPhysicalNames\n")
    w("$Entities\n%d %d %d %d\n" % (len(lm_names), len(line_regions), len(combos), len(regions)))
    for i, p in enumerate(lm_names):
        x = X[mesh["landmarks"][p]]
        w("%d %s %s %s 1 %d\n" % (1 + i, _fmt(x[0]), _fmt(x[1]), _fmt(x[2]), ptag[(0, p)]))
    for i, r in enumerate(line_regions):
        w("%d %s 1 %d 0\n" % (1 + i, bb, ptag[(1, r)]))
    for i, c in enumerate(combos):
        w("%d %s %d %s 0\n" % (1 + i, bb, len(c), " ".join(str(ptag[(2, s)]) for s in c)))
    for i, r in enumerate(regions):
        w("%d %s 1 %d 0\n" % (1 + i, bb, ptag[(3, r)]))
    w("$EndEntities\n")
    n = X.shape[0]
    w("$Nodes\n1 %d 1 %d\n3 1 0 %d\n" % (n, n, n))
    w("".join("%d\n" % (k + 1) for k in range(n)))
    w("".join("%s %s %s\n" % (_fmt(a), _fmt(b), _fmt(c)) for a, b, c in X))
    w("$EndNodes\n")
    # element blocks
    blocks = []
    for i, p in enumerate(lm_names):
        blocks.append((0, 1 + i, 15, np.array([[mesh["landmarks"][p]]])))
    for i, r in enumerate(line_regions):
        sel = mesh["line_region"] == i
        if sel.any():
            blocks.append((1, 1 + i, 1, mesh["lines"][sel]))
    fg = [tuple(sorted(g)) for g in mesh["face_groups"]]
    for i, c in enumerate(combos):
        sel = np.array([g == c for g in fg])
        blocks.append((2, 1 + i, 9, mesh["faces"][sel]))
    tet_tag = np.zeros(mesh["tets"].shape[0], dtype=np.int64)
    tag = 1
    for i, r in enumerate(regions):
        sel = np.nonzero(mesh["tet_region"] == i)[0]
        blocks.append((3, 1 + i, 11, mesh["tets"][sel]))
    n_el = sum(b[3].shape[0] for b in blocks)
    w("$Elements\n%d %d 1 %d\n" % (len(blocks), n_el, n_el))
    for d, t, typ, conn in blocks:
        w("%d %d %d %d\n" % (d, t, typ, conn.shape[0]))
        rows = []
        for c in conn:
            rows.append("%d %s\n" % (tag, " ".join(str(int(v) + 1) for v in c)))
            tag += 1
        w("".join(rows))
    w("$EndElements\n")
    # element tags of the tets, in the order written
    tag = 1 + sum(b[3].shape[0] for b in blocks if b[0] < 3)
    for i, r in enumerate(regions):
        sel = np.nonzero(mesh["tet_region"] == i)[0]
        tet_tag[sel] = np.arange(tag, tag + sel.size)
        tag += sel.size
    fib = sorted(mesh["fibre"].items(), key=lambda kv: tet_tag[kv[0]])  # in element tag order
    if fib:
        w('$ElementData\n1\n"fibre_direction"\n1\n0.0\n3\n0\n3\n%d\n' % len(fib))
        w("".join("%d %s %s %s\n" % (tet_tag[e], _fmt(v[0]), _fmt(v[1]), _fmt(v[2]))
                  for e, v in fib))
        w("$EndElementData\n")
    data = "".join(out).encode()
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


def read_msh(path):
    """Reads a file written by write_msh (not a general .msh reader)."""
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    names = {}
    ent_phys = {}
    mesh = {"landmarks": {}, "fibre": {}}
    tets, tet_reg, faces, face_groups, lines_, line_reg = [], [], [], [], [], []
    tag_row = {}
    while i < len(lines):
        s = lines[i].strip()
        i += 1
        if s == "$PhysicalNames":
            n = int(lines[i]); i += 1
            for _ in range(n):
                d, t, nm = lines[i].split(maxsplit=2); i += 1
                names[(int(d), int(t))] = nm.strip('"')
        elif s == "$Entities":
            counts = [int(v) for v in lines[i].split()]; i += 1
            for d in range(4):
                for _ in range(counts[d]):
                    v = lines[i].split(); i += 1
                    if d == 0:
                        np_ = int(v[4]); ph = [int(x) for x in v[5:5 + np_]]
                    else:
                        np_ = int(v[7]); ph = [int(x) for x in v[8:8 + np_]]
                    ent_phys[(d, int(v[0]))] = [names[(d, p)] for p in ph]
        elif s == "$Nodes":
            nb, n, _, _ = [int(v) for v in lines[i].split()]; i += 1
            X = np.zeros((n, 3))
            for _ in range(nb):
                _, _, _, m = [int(v) for v in lines[i].split()]; i += 1
                tags = [int(lines[i + k]) for k in range(m)]; i += m
                for k in range(m):
                    X[tags[k] - 1] = [float(v) for v in lines[i + k].split()]
                i += m
            mesh["nodes"] = X
        elif s == "$Elements":
            nb = int(lines[i].split()[0]); i += 1
            for _ in range(nb):
                d, t, typ, m = [int(v) for v in lines[i].split()]; i += 1
                grp = ent_phys[(d, t)]
                for k in range(m):
                    v = [int(x) for x in lines[i + k].split()]
                    conn = [x - 1 for x in v[1:]]
                    if typ == 11:
                        tag_row[v[0]] = len(tets)
                        tets.append(conn); tet_reg.append(grp[0])
                    elif typ == 9:
                        faces.append(conn); face_groups.append(grp)
                    elif typ == 1:
                        lines_.append(conn); line_reg.append(grp[0])
                    elif typ == 15:
                        mesh["landmarks"][grp[0]] = conn[0]
                i += m
        elif s == "$ElementData":
            i += 7
            n = int(lines[i]); i += 1
            for k in range(n):
                v = lines[i + k].split()
                mesh["fibre"][tag_row[int(v[0])]] = np.array([float(x) for x in v[1:4]])
            i += n
    regions = sorted(set(tet_reg), key=tet_reg.index)
    mesh["regions"] = regions
    mesh["tets"] = np.array(tets, dtype=np.int64)
    mesh["tet_region"] = np.array([regions.index(r) for r in tet_reg])
    mesh["faces"] = np.array(faces, dtype=np.int64)
    mesh["face_groups"] = face_groups
    lr = sorted(set(line_reg), key=line_reg.index)
    mesh["line_regions"] = lr
    mesh["lines"] = np.array(lines_, dtype=np.int64).reshape(-1, 2)
    mesh["line_region"] = np.array([lr.index(r) for r in line_reg], dtype=np.int64)
    return mesh


# ---- quality -------------------------------------------------------------------------------

def _tet10_dN(xi, eta, zeta):
    """Derivatives of the gmsh-ordered tet10 shape functions at (xi, eta, zeta): [10, 3]."""
    L = [1 - xi - eta - zeta, xi, eta, zeta]
    dL = np.array([[-1, -1, -1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    d = np.zeros((10, 3))
    for a in range(4):
        d[a] = (4 * L[a] - 1) * dL[a]
    edges = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    for k, (a, b) in enumerate(edges):
        d[4 + k] = 4 * (L[a] * dL[b] + L[b] * dL[a])
    return d


_TET10_NODES = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (.5, 0, 0), (.5, .5, 0), (0, .5, 0),
                (0, 0, .5), (0, .5, .5), (.5, 0, .5)]


def tet10_detj_nodes(X, tets):
    """det J at the 10 nodes of every tet10, normalised by the straight-sided corner value:
    [m, 10] (1 everywhere for a straight-sided element)."""
    x = X[tets]  # [m, 10, 3]
    c = x[:, :4]
    j0 = np.linalg.det(np.stack([c[:, 1] - c[:, 0], c[:, 2] - c[:, 0], c[:, 3] - c[:, 0]], axis=2))
    out = np.zeros((tets.shape[0], 10))
    for k, p in enumerate(_TET10_NODES):
        dN = _tet10_dN(*p)
        J = np.einsum("mai,aj->mij", x, dN)
        out[:, k] = np.linalg.det(J) / np.where(j0 != 0, np.abs(j0), 1.0)
    return out


def tet_gamma(X, tets):
    """Shape quality of the corner tetrahedron: 12 (3 V)^(2/3) / sum of squared edge lengths
    (1 for the regular tetrahedron, 0 for a flat one; the measure gmsh's 'gamma' approximates)."""
    c = X[tets[:, :4]]
    V = np.abs(np.einsum("mi,mi->m", c[:, 1] - c[:, 0],
                         np.cross(c[:, 2] - c[:, 0], c[:, 3] - c[:, 0]))) / 6.0
    s = 0.0
    for a, b in [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]:
        s = s + np.sum((c[:, a] - c[:, b]) ** 2, axis=1)
    return 12.0 * (3.0 * V) ** (2.0 / 3.0) / s


def region_volumes(mesh):
    X, T = mesh["nodes"], mesh["tets"]
    c = X[T[:, :4]]
    V = np.einsum("mi,mi->m", c[:, 1] - c[:, 0],
                  np.cross(c[:, 2] - c[:, 0], c[:, 3] - c[:, 0])) / 6.0
    return {r: float(V[mesh["tet_region"] == i].sum()) for i, r in enumerate(mesh["regions"])}


# ---- derived clinical measures -------------------------------------------------------------

def inferior_tangent_angle(P):
    """Angle (deg) to the ground of a bone's inferior tangent line in the sagittal (x-z)
    projection: the longest edge of the lower convex hull of its nodes (the radiographic
    calcaneal pitch / metatarsal declination line). Positive when the line rises posteriorly
    to anteriorly... returned as the absolute inclination."""
    pts = sorted(set((round(float(x), 9), round(float(z), 9)) for x, z in P[:, [0, 2]]))
    hull = []
    for p in pts:
        while len(hull) >= 2:
            (x1, z1), (x2, z2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - z1) - (z2 - z1) * (p[0] - x1) <= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    best, ang = -1.0, 0.0
    for (x1, z1), (x2, z2) in zip(hull, hull[1:]):
        d = np.hypot(x2 - x1, z2 - z1)
        if d > best:
            best, ang = d, np.degrees(np.arctan2(z2 - z1, x2 - x1))
    return abs(ang)


def region_nodes(mesh, name):
    i = mesh["regions"].index(name)
    return np.unique(mesh["tets"][mesh["tet_region"] == i])


def measures(mesh):
    """Clinical measures computed from the mesh alone (side-independent)."""
    X = mesh["nodes"]
    lm = {k: X[v] for k, v in mesh["landmarks"].items()}
    skin = np.unique(mesh["faces"][[("skin" in g) for g in mesh["face_groups"]]])
    L = float(X[skin, 0].max() - X[skin, 0].min())
    Lt = float(lm["mth1"][0] - lm["heel_posterior"][0])
    return {
        "foot_length_mm": L,
        "truncated_foot_length_mm": Lt,
        "dorsum_height_mm": float(lm["dorsum_50"][2]),
        "arch_height_index": float(lm["dorsum_50"][2] / Lt),
        "navicular_height_mm": float(lm["navicular_tuberosity"][2]),
        "calcaneal_pitch_deg": inferior_tangent_angle(X[region_nodes(mesh, "calcaneus")]),
        "mt1_declination_deg": inferior_tangent_angle(X[region_nodes(mesh, "metatarsal1")]),
        "lowest_sole_z_mm": float(X[np.unique(mesh["faces"][[("sole" in g)
                                                              for g in mesh["face_groups"]]]), 2].min()),
    }
