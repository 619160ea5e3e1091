#!/usr/bin/python3
"""pfsim's parametric foot: bones (rigid segments), soft-tissue envelope, plantar fascia band and
five slips, plantar ligaments (trusses), landmarks; meshed with gmsh (tet10) and written as
foot-<size>.msh with foot-<size>.model.yaml beside it.

    meshes/foot/foot_mesh.py --size coarse [--side left] [--set foot_length_mm=250 ...] [-o DIR]

Frame: x anterior (heel at x = 0, toe tip at x = foot length), z superior (ground z = 0), y the
right-handed third axis: medial for a right foot. A left foot is the right one mirrored (y -> -y,
element orders fixed, joint axes as pseudovectors). docs/foot-model.md describes the model,
its parameters and their sources.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import footmsh  # noqa: E402

# ---- parameters ----------------------------------------------------------------------------

DEFAULTS = {
    "side": "right",
    "foot_length_mm": 260.0,        # 0.152 x stature (1.71 m)
    "arch_height_index": 0.32,      # dorsum height at 50% foot length / truncated length
    "calcaneal_pitch_deg": 19.0,    # normal 18-20 (8-30)
    "mt1_declination_deg": 20.0,    # first metatarsal to the ground
    "heel_pad_mm": 18.0,            # calcaneus to ground, unloaded
    "forefoot_pad_mm": 12.0,        # metatarsal heads to ground, unloaded
    "fascia_thickness_mm": 3.0,     # central band, proximal
    "fascia_width_mm": 22.0,        # central band at the calcaneus
    "tibia_cut_height_mm": 125.0,   # the tibia/fibula stub ends here (tibia_cut)
    "joint_gap_mm": 2.0,            # ankle, subtalar, MTP: bones do not touch
    "cartilage_mm": 1.5,            # midfoot joints: cartilage layer
    "h_soft_mm": 9.0, "h_skin_mm": 7.0, "h_bone_mm": 7.0, "h_cartilage_mm": 3.0,
    "h_fascia_mm": 3.0,
}

SIZES = {
    "coarse": {"h_soft_mm": 18.0, "h_skin_mm": 12.0, "h_bone_mm": 10.0, "h_cartilage_mm": 4.0,
               "h_fascia_mm": 4.0},
    "medium": {"h_soft_mm": 10.0, "h_skin_mm": 6.5, "h_bone_mm": 6.0, "h_cartilage_mm": 2.0,
               "h_fascia_mm": 2.0},
    "fine": {"h_soft_mm": 4.5, "h_skin_mm": 3.0, "h_bone_mm": 4.0, "h_cartilage_mm": 1.0,
             "h_fascia_mm": 1.0},
}

BONES = ["tibia", "talus", "calcaneus", "navicular", "cuboid", "cuneiforms",
         "metatarsal1", "metatarsal2", "metatarsal3", "metatarsal4", "metatarsal5",
         "toe1", "toe2", "toe3", "toe4", "toe5"]
FASCIA = ["fascia_band"] + ["fascia_slip%d" % k for k in range(1, 6)]
LIGAMENTS = ["ligament_long_plantar", "ligament_short_plantar", "ligament_spring"]


def unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


class Capsule:
    """A bone: the set of points within r of the segment a-b."""

    def __init__(self, name, a, b, r):
        self.name, self.a, self.b, self.r = name, np.asarray(a, float), np.asarray(b, float), r

    def axis(self):
        return unit(self.b - self.a)

    def samples(self, n=40):
        t = np.linspace(0, 1, n)[:, None]
        return self.a + t * (self.b - self.a)


def skeleton(p):
    """Bone capsules and joints from the parameters. Lengths are fractions of the skeletal
    length Ls (BMFToolkit Visible Human female, ../shared/notes/gmsh.md); radii fractions of the
    foot length."""
    L = p["foot_length_mm"]
    Ls = 0.93 * L
    g, c = p["joint_gap_mm"], p["cartilage_mm"]
    pitch, dec1 = math.radians(p["calcaneal_pitch_deg"]), math.radians(p["mt1_declination_deg"])
    B = {}
    # calcaneus: posterior sphere heel_pad above ground, axis at the pitch, slightly lateral
    rc = 0.065 * L
    a = np.array([10.0 + rc, -0.015 * L, p["heel_pad_mm"] + rc])
    lc = 0.32 * Ls - 2 * rc
    # the axis' angle in the x-z projection is the pitch (the inferior tangent line of the
    # capsule in that projection is parallel to it)
    d = np.array([math.cos(pitch), -0.12 * math.cos(pitch), math.sin(pitch)])
    B["calcaneus"] = Capsule("calcaneus", a, a + lc * d / np.linalg.norm(d), rc)
    cal = B["calcaneus"]
    # talus: body over the calcaneus (subtalar gap), head anterior-medial-inferior
    rt = 0.054 * L
    tb = cal.a + 0.55 * (cal.b - cal.a) + np.array([0.0, 0.03 * L, 0.0])
    lt = 0.25 * Ls - 2 * rt
    dt = lt * unit([0.82, 0.30, -0.30])
    lo, hi = tb[2], tb[2] + 100.0  # lift the talus until it clears the calcaneus by the gap
    for _ in range(60):
        z = 0.5 * (lo + hi)
        a0 = np.array([tb[0], tb[1], z])
        if _seg_dist(cal.a, cal.b, a0, a0 + dt) < cal.r + rt + g:
            lo = z
        else:
            hi = z
    tb[2] = hi
    B["talus"] = Capsule("talus", tb, tb + dt, rt)
    tal = B["talus"]
    # metatarsals from their heads; MT1 at the truncated foot length (0.73 L), heads
    # forefoot_pad above the ground
    r_mt = [0.033 * L] + [0.021 * L] * 4
    x_mth = np.array([0.73, 0.745, 0.725, 0.695, 0.655]) * L
    y_mth = np.array([0.105, 0.035, -0.03, -0.09, -0.145]) * L
    dec = [dec1] + [math.radians(v) for v in (18.0, 16.0, 14.0, 12.0)]
    len_mt = np.array([0.26, 0.29, 0.29, 0.27, 0.30]) * Ls
    y_base = np.array([0.095, 0.03, -0.025, -0.075, -0.15]) * L
    heads = [np.array([x_mth[k], y_mth[k], p["forefoot_pad_mm"] + r_mt[k]]) for k in range(5)]
    for k in range(5):
        lk = len_mt[k] - 2 * r_mt[k]
        dy = y_base[k] - y_mth[k]
        hx = math.sqrt(max(lk ** 2 * math.cos(dec[k]) ** 2 - dy ** 2, 1.0))
        base = heads[k] + np.array([-hx, dy, lk * math.sin(dec[k])])
        B["metatarsal%d" % (k + 1)] = Capsule("metatarsal%d" % (k + 1), base, heads[k], r_mt[k])
    # cuneiforms: a transverse capsule behind the bases of MT1-3 (cartilage c)
    rcu = 0.032 * L
    m1 = B["metatarsal1"]
    cu_med = m1.a - (m1.r + rcu + c) * m1.axis()
    m2 = B["metatarsal2"]
    cu_lat = m2.a - (m2.r + rcu + c) * m2.axis() + np.array([0.0, -0.02 * L, 0.0])
    B["cuneiforms"] = Capsule("cuneiforms", cu_med, cu_lat, rcu)
    cun = B["cuneiforms"]
    # MT2, MT3: bases against the cuneiforms (pushed onto the cuneiform's surface)
    for k in (1, 2):
        mk = B["metatarsal%d" % (k + 1)]
        for _ in range(3):
            q = _closest_on_segment(cun.a, cun.b, mk.a)
            mk.a = q + (cun.r + mk.r + c) * unit(mk.a - q)
    # navicular between the talus head and the cuneiforms
    u = unit(cun.a + 0.35 * (cun.b - cun.a) - tal.b)
    rn = 0.04 * L
    n0 = tal.b + (tal.r + rn + c) * u
    q = cun.a + 0.35 * (cun.b - cun.a)
    n1 = q - (cun.r + rn + c) * u
    for _ in range(4):
        q = _closest_on_segment(cun.a, cun.b, n1)
        n1 = q + (cun.r + rn + c) * unit(n1 - q)
    if np.dot(n1 - n0, u) < 0:
        raise ValueError("talus head and cuneiforms too close for the navicular")
    B["navicular"] = Capsule("navicular", n0, n1, rn)
    # cuboid anterior to the calcaneus, MT4/5 bases on its anterior sphere
    rcb = 0.04 * L
    e = cal.axis() * np.array([1, 1, 0.3])
    e = unit(e + np.array([0, -0.35, 0]))
    cb0 = cal.b + (cal.r + rcb + c) * e
    lcb = 0.14 * Ls - 2 * rcb
    cb1 = cb0 + lcb * unit([1.0, -0.45, -0.25])
    B["cuboid"] = Capsule("cuboid", cb0, cb1, rcb)
    cub = B["cuboid"]
    for k in (3, 4):
        mk = B["metatarsal%d" % (k + 1)]
        for _ in range(3):
            mk.a = cub.b + (cub.r + mk.r + c) * unit(mk.a - cub.b)
    # toes: capsule from the MTP (gap g) forward; r and lengths per toe
    r_toe = [0.027 * L, 0.017 * L, 0.016 * L, 0.016 * L, 0.016 * L]
    len_toe = np.array([0.22, 0.17, 0.15, 0.13, 0.11]) * Ls
    for k in range(5):
        mk = B["metatarsal%d" % (k + 1)]
        dirt = unit([1.0, 0.1 * (2 - k) * 0.3, -0.05])
        base = mk.b + (mk.r + r_toe[k] + g) * dirt
        tip = base + (len_toe[k] - 2 * r_toe[k]) * dirt
        tip[2] = max(r_toe[k] + 4.0, tip[2])
        B["toe%d" % (k + 1)] = Capsule("toe%d" % (k + 1), base, tip, r_toe[k])
    # tibia/fibula stub: a vertical cylinder over the talus dome (gap g) to the cut height
    rtib = 0.06 * L
    top_talus = tal.a[2] + tal.r
    B["tibia"] = Capsule("tibia", np.array([tal.a[0], tal.a[1], top_talus + g]),
                         np.array([tal.a[0], tal.a[1], p["tibia_cut_height_mm"]]), rtib)
    return B


def _closest_on_segment(a, b, p):
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
    return a + t * (b - a)


def _seg_dist(a1, b1, a2, b2, n=200):
    s = np.linspace(0, 1, n)[:, None]
    P = a1 + s * (b1 - a1)
    d = [np.linalg.norm(_closest_on_segment(a2, b2, q) - q) for q in P]
    return min(d)


def _stack_height(lower, c, r, gap):
    """z of a sphere centre at (c.x, c.y) resting gap above the capsule 'lower'."""
    lo, hi = lower.a[2], lower.a[2] + 200
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        q = np.array([c[0], c[1], mid])
        d = np.linalg.norm(_closest_on_segment(lower.a, lower.b, q) - q)
        if d < lower.r + r + gap:
            lo = mid
        else:
            hi = mid
    return hi


def closest_pair(A, C):
    """Closest points of the axes of two capsules."""
    s = np.linspace(0, 1, 401)[:, None]
    P = A.a + s * (A.b - A.a)
    Q = np.array([_closest_on_segment(C.a, C.b, q) for q in P])
    i = int(np.argmin(np.linalg.norm(P - Q, axis=1)))
    return P[i], Q[i]


def surface_mid(A, C, pa, pb):
    """Midpoint of the gap between two capsules along the line of their closest axis points."""
    u = unit(pb - pa)
    return 0.5 * ((pa + A.r * u) + (pb - C.r * u))


def joints(B, p):
    """The joint table: name, proximal, distal, type, centre, axes (ISB-like: axis 1 the flexion
    axis, dorsiflexion positive by the right-hand rule, for the right foot)."""
    lat = np.array([0.0, -1.0, 0.0])  # right foot: -y is lateral; rotation about it raises the toes

    def frame(a1, along):
        e1 = unit(a1)
        e3 = unit(along - np.dot(along, e1) * e1)
        e2 = np.cross(e3, e1)
        return [list(e1), list(e2), list(e3)]

    J = []

    def add(name, prox, dist, typ, centre, axes):
        J.append({"name": name, "proximal": prox, "distal": dist, "type": typ,
                  "centre": [float(v) for v in centre], "axes": [[float(v) for v in a] for a in axes]})

    tal, cal, tib = B["talus"], B["calcaneus"], B["tibia"]
    # ankle (talocrural): centre at the talar dome's centre, flexion about the mediolateral axis
    add("ankle", "tibia", "talus", "gap", tal.a, frame(lat, np.array([0, 0, 1.0])))
    # subtalar: oblique axis (Inman: 42 deg up from the ground, 23 deg medial to the long axis)
    sub = unit([math.cos(math.radians(42)) * math.cos(math.radians(23)),
                math.cos(math.radians(42)) * math.sin(math.radians(23)), math.sin(math.radians(42))])
    add("subtalar", "talus", "calcaneus", "gap", 0.5 * (tal.a + _closest_on_segment(cal.a, cal.b, tal.a)),
        frame(sub, lat))
    pairs = [("talonavicular", "talus", "navicular"), ("calcaneocuboid", "calcaneus", "cuboid"),
             ("naviculocuneiform", "navicular", "cuneiforms")]
    pairs += [("tmt%d" % k, "cuneiforms", "metatarsal%d" % k) for k in (1, 2, 3)]
    pairs += [("tmt%d" % k, "cuboid", "metatarsal%d" % k) for k in (4, 5)]
    for name, a, b in pairs:
        pa, pb = closest_pair(B[a], B[b])
        add(name, a, b, "cartilage", surface_mid(B[a], B[b], pa, pb), frame(lat, pb - pa))
    for k in range(5):
        m, t = B["metatarsal%d" % (k + 1)], B["toe%d" % (k + 1)]
        add("mtp%d" % (k + 1), m.name, t.name, "gap", m.b, frame(lat, t.b - t.a))
    return J


def clearances(B, J):
    """Smallest surface-to-surface distance of every pair of bones (negative: overlap)."""
    out = {}
    names = list(B)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            A, C = B[a], B[b]
            out[(a, b)] = _seg_dist(A.a, A.b, C.a, C.b) - A.r - C.r
    return out


# ---- geometry (gmsh OCC) -------------------------------------------------------------------

def occ_capsule(occ, C):
    d = C.b - C.a
    cyl = occ.addCylinder(*C.a, *d, C.r)
    s0 = occ.addSphere(*C.a, C.r)
    s1 = occ.addSphere(*C.b, C.r)
    # the spheres' poles (singular points of their parametrisation) onto the axis, inside the
    # cylinder's fused ends, away from any landmark
    u = unit(d)
    ax = np.cross([0.0, 0.0, 1.0], u)
    if np.linalg.norm(ax) > 1e-9:
        ang = math.acos(max(-1.0, min(1.0, u[2])))
        occ.rotate([(3, s0)], *C.a, *ax, ang)
        occ.rotate([(3, s1)], *C.b, *ax, ang)
    out, _ = occ.fuse([(3, cyl)], [(3, s0), (3, s1)])
    return out[0][1]


def occ_cylinder(occ, a, b, r):
    return occ.addCylinder(*a, *(np.asarray(b) - np.asarray(a)), r)


STATIONS = [0.0, 0.015, 0.05, 0.10, 0.16, 0.22, 0.30, 0.38, 0.44, 0.50, 0.56, 0.62, 0.68,
            0.73, 0.78, 0.84, 0.90, 0.95, 0.985, 1.0]


def outline(B, p):
    """Cross-section parameters of the soft-tissue envelope at each station: (x, y_lat, y_med,
    z_bottom_lat, z_bottom_med, z_top, y_crest). The bones set the width and the dorsum (with
    margins), the arch height index the dorsum at half the foot length."""
    L = p["foot_length_mm"]
    xs = np.array(STATIONS) * L
    m_side, m_top = 8.0, 7.0
    n = len(xs)

    def extent(x, bones):
        lo, hi, top = np.inf, -np.inf, -np.inf
        for C in bones:
            for s in C.samples(60):
                dx = abs(x - s[0])
                if dx < C.r:
                    hc = math.sqrt(C.r ** 2 - dx ** 2)
                    lo, hi, top = min(lo, s[1] - hc), max(hi, s[1] + hc), max(top, s[2] + hc)
        return lo, hi, top

    ext, sec = [], []
    for i, x in enumerate(xs):
        # behind the talus the leg (a cylinder) covers the ankle: the heel's dorsum follows the
        # calcaneus
        skip = ("tibia",) if x >= B["talus"].a[0] else ("tibia", "talus")
        bones = [C for nm, C in B.items() if nm not in skip]
        ext.append(extent(x, bones))
        # dilate over the neighbouring stations so the envelope holds the bones between them
        nb = [extent(xs[j], bones) for j in (i - 1, i, i + 1) if 0 <= j < n]
        nb = [e for e in nb if np.isfinite(e[0])]
        if not nb:
            sec.append(None)
            continue
        sec.append([min(e[0] for e in nb) - m_side, max(e[1] for e in nb) + m_side,
                    max(e[2] for e in nb) + m_top])
    # the heel and toe ends: no bone there; shrink the neighbouring section
    for i in range(n):
        if sec[i] is None:
            j = i + 1 if i < n // 2 else i - 1
            while sec[j] is None:
                j = j + 1 if i < n // 2 else j - 1
            lo, hi, top = sec[j]
            c = 0.5 * (lo + hi)
            sec[i] = [c - 0.3 * (hi - lo), c + 0.3 * (hi - lo), top]
    H50 = p["arch_height_index"] * (B["metatarsal1"].b[0])
    out = []
    for i, x in enumerate(xs):
        lo, hi, top = sec[i]
        f = x / L
        if abs(f - 0.5) < 1e-9:
            if H50 < ext[i][2] + 4.0:
                raise ValueError("arch_height_index %.3g puts the dorsum at half the foot length "
                                 "(%.1f mm) less than 4 mm above the bones (%.1f mm): raise it or "
                                 "lower calcaneal_pitch_deg / mt1_declination_deg"
                                 % (p["arch_height_index"], H50, ext[i][2]))
            top = H50
        elif 0.44 <= f <= 0.56:
            top = max(ext[i][2] + 4.0, min(top, H50 + (top - H50) * abs(f - 0.5) / 0.06))
        # plantar surface: 1 mm below the ground (cut to a flat footprint) under the heel, the
        # lateral border and the forefoot; the medial arch rises between 0.2 and 0.7 L
        arch = 0.3 * H50 * math.sin(math.pi * min(max((f - 0.2) / 0.5, 0.0), 1.0)) ** 2
        zb_lat, zb_med = -1.0, -1.0 + arch
        if f < 0.02 or f > 0.99:  # the end caps
            zb_lat = zb_med = 0.35 * top
            top = 0.8 * top
        ycrest = lo + 0.62 * (hi - lo)
        out.append((x, lo, hi, zb_lat, zb_med, top, ycrest))
    return out


def section_wire(occ, s):
    x, yl, ym, zbl, zbm, zt, yc = s
    w = ym - yl
    P = lambda y, z: occ.addPoint(x, y, z)
    q0 = P(yl + 0.2 * w, zbl)
    q1 = P(yl + 0.5 * w, 0.5 * (zbl + zbm) - 0.5)
    q2 = P(ym - 0.2 * w, zbm)
    u = [P(ym, zbm + 0.3 * (zt - zbm)), P(ym - 0.08 * w, zbm + 0.8 * (zt - zbm)), P(yc, zt),
         P(yl + 0.08 * w, zbl + 0.65 * (zt - zbl)), P(yl, zbl + 0.25 * (zt - zbl))]
    c0 = occ.addSpline([q0, q1, q2])
    c1 = occ.addSpline([q2] + u + [q0])
    return occ.addWire([c0, c1])


def build(p, log=print):
    """Builds and meshes the foot (right side); returns the mesh dict and the model description."""
    import gmsh
    t0 = time.time()
    B = skeleton(p)
    J = joints(B, p)
    cl = clearances(B, J)
    jointed = {tuple(sorted((j["proximal"], j["distal"]))) for j in J}
    for (a, b), d in cl.items():
        if (a, b) not in jointed and tuple(sorted((a, b))) not in jointed and d < 2.5:
            raise ValueError("bones %s and %s are %.2f mm apart (expected >= 2.5 mm between bones "
                             "that do not articulate): the parameters are out of the generator's "
                             "range" % (a, b, d))
    gmsh.initialize([])
    gmsh.option.setNumber("General.Terminal", int(os.environ.get("FOOT_GMSH_VERBOSE", "0")))
    gmsh.option.setNumber("General.NumThreads", 1)
    gmsh.model.add("foot")
    occ = gmsh.model.occ
    L = p["foot_length_mm"]
    # bones
    vol = {}
    for n in BONES:
        C = B[n]
        vol[n] = occ_cylinder(occ, C.a, C.b, C.r) if n == "tibia" else occ_capsule(occ, C)
    # joint spaces: a cylinder along the joint line minus both bones; gaps become voids,
    # midfoot joints cartilage
    discs = []
    for j in J:
        A, C = B[j["proximal"]], B[j["distal"]]
        if j["name"] == "ankle":
            pa, pb, rho = C.a, A.a + np.array([0, 0, 1.0]), 0.8 * A.r
        else:
            pa, pb = closest_pair(A, C)
            rho = 0.75 * min(A.r, C.r)
        cyl = occ_cylinder(occ, pa, pb, rho)
        out, _ = occ.cut([(3, cyl)], [(3, vol[A.name]), (3, vol[C.name])], removeTool=False)
        discs.append((j, [t for d, t in out if d == 3]))
    # fascia: band and slips fused, minus the bones (its ends share the bones' surfaces)
    paths, widths, thick = fascia_paths(B, p)
    strips = []
    for k in paths:
        strips += occ_strip(occ, paths[k], widths[k], thick[k])
    fas, _ = occ.fuse([(3, strips[0])], [(3, t) for t in strips[1:]])
    fas, _ = occ.cut(fas, [(3, vol[n]) for n in BONES], removeTool=False)
    # envelope: loft through the sections, the leg, cut to z >= 0 and z <= tibia cut
    secs = outline(B, p)
    wires = [section_wire(occ, s) for s in secs]
    loft = occ.addThruSections(wires, makeSolid=True, makeRuled=False)
    foot = [t for d, t in loft if d == 3]
    tal = B["talus"]
    R_leg = 0.13 * L
    leg = occ.addCylinder(tal.a[0], tal.a[1], 20.0, 0, 0, p["tibia_cut_height_mm"] - 20.0, R_leg)
    env, _ = occ.fuse([(3, t) for t in foot], [(3, leg)])
    box = occ.addBox(-50, -200, 0, L + 100, 400, p["tibia_cut_height_mm"])
    env, _ = occ.intersect(env, [(3, box)])
    occ.synchronize()
    log("geometry: %.1f s" % (time.time() - t0))
    # fragment everything into conforming volumes
    tools = [(3, vol[n]) for n in BONES] + [(3, t) for _, ts in discs for t in ts] + fas
    frag, fmap = occ.fragment(env, tools)
    occ.synchronize()
    log("fragment: %.1f s, %d volumes" % (time.time() - t0, len(frag)))
    # fmap[i]: the pieces of input i (env first, then tools in order)
    n_env = len(env)
    owner = {}
    for i, (d, t) in enumerate(tools):
        for dd, tt in fmap[n_env + i]:
            owner[tt] = i
    region_of = {}
    names = [n for n in BONES] + [("void:" if j["type"] == "gap" else "cartilage:") + j["name"]
                                  for j, ts in discs for _ in ts] + ["fascia"] * len(fas)
    for d, t in frag:
        region_of[t] = names[owner[t]] if t in owner else "soft_tissue"
    for t, nm in region_of.items():
        if nm == "fascia" and occ.getMass(3, t) < 1.0:
            raise ValueError("the fascia has a stray piece of %.3g mm^3" % occ.getMass(3, t))
    # voids out (their faces stay as faces of the bones and soft tissue)
    void_faces = set()
    for t, nm in list(region_of.items()):
        if nm.startswith("void:"):
            void_faces |= {f for _, f in gmsh.model.getBoundary([(3, t)], oriented=False)}
            occ.remove([(3, t)])
            del region_of[t]
    occ.synchronize()
    vols = sorted(region_of)
    outer = {f for _, f in gmsh.model.getBoundary([(3, t) for t in vols], combined=True,
                                                   oriented=False)}
    H = p["tibia_cut_height_mm"]
    skin, sole, tibia_cut = [], [], []
    tib_faces = {f for _, f in gmsh.model.getBoundary([(3, t) for t in vols
                                                       if region_of[t] == "tibia"], oriented=False)}
    arch_max = max(s_[4] for s_ in outline(B, p))
    for f in sorted(outer - void_faces):
        bb = gmsh.model.getBoundingBox(2, f)
        if bb[2] > H - 1e-3:  # top of the stub: tibia cut or the leg's cut tissue
            if f in tib_faces:
                tibia_cut.append(f)
            continue
        skin.append(f)
        if bb[5] < arch_max + 3.0 and bb[0] > 1e-3 and bb[3] < L - 1e-3:
            sole.append(f)
    log("surfaces: %d skin (%d sole), tibia_cut %s" % (len(skin), len(sole), tibia_cut))
    # landmarks: points embedded in the surface they lie on
    nav, tib, tal = B["navicular"], B["tibia"], B["talus"]
    secs = outline(B, p)
    mid = [s_ for s_ in secs if abs(s_[0] - 0.5 * L) < 1e-9][0]
    targets = {
        "dorsum_50": ("skin", [0.5 * L, mid[6], mid[5]]),
        "heel_posterior": ("skin", [0.0, 0.5 * (secs[0][1] + secs[0][2]),
                                    0.5 * (secs[0][3] + secs[0][5])]),
        "navicular_tuberosity": ("navicular", surface_point(nav, [0.0, 0.6, -0.8])),
        "achilles_insertion": ("calcaneus", cal_point(B, [-1.0, 0.0, 0.35])),
        "achilles_origin": ("tibia", [tib.a[0] - tib.r, tib.a[1], H - 15.0]),
    }
    for k in range(5):
        m = B["metatarsal%d" % (k + 1)]
        # plantar point of the head, 5 deg off the sphere's pole (a singular point of its
        # parametrisation), at the head centre's x
        targets["mth%d" % (k + 1)] = ("metatarsal%d" % (k + 1),
                                      m.b + m.r * np.array([0.0, math.sin(0.087), -math.cos(0.087)]))
    # skin landmarks are points embedded in the face they lie on (their nodes are exact);
    # bone landmarks are the nearest node of the bone's surface after meshing (embedding points
    # in OCC sphere faces makes gmsh 4.8's surface mesher fail to converge)
    landmark_pts, bone_lm = {}, {}
    for nm, (where, xyz) in sorted(targets.items()):
        if where != "skin":
            bone_lm[nm] = (where, np.asarray(xyz, dtype=float))
            continue
        best = None
        for f in skin:
            q, uv = gmsh.model.getClosestPoint(2, f, list(map(float, xyz)))
            d = np.linalg.norm(np.array(q) - np.asarray(xyz))
            if d < 1e-3 and (best is None or d < best[0]):
                best = (d, f, q)
        if best is None:
            raise ValueError("landmark %s: no skin face through %s" % (nm, np.round(xyz, 3)))
        d, f, q = best
        pt = occ.addPoint(*q)
        landmark_pts[nm] = (pt, f, np.array(q))
    occ.synchronize()
    for nm, (pt, f, q) in landmark_pts.items():
        gmsh.model.mesh.embed(0, [pt], 2, f)
    # sizes: per bone (at most 0.9 of its radius), fascia and cartilage; the soft tissue grades
    # from the fine surfaces to h_soft
    fld = gmsh.model.mesh.field
    h_s, h_b, h_c, h_f = p["h_soft_mm"], p["h_bone_mm"], p["h_cartilage_mm"], p["h_fascia_mm"]
    fields = []

    def restrict(tags, h):
        fe = fld.add("MathEval")
        fld.setString(fe, "F", repr(float(h)))
        fr = fld.add("Restrict")
        fld.setNumber(fr, "InField", fe)
        faces = sorted({f for _, f in gmsh.model.getBoundary([(3, t) for t in tags], oriented=False)})
        curves = sorted({c for _, c in gmsh.model.getBoundary([(2, f) for f in faces], oriented=False)})
        fld.setNumbers(fr, "RegionsList", tags)
        fld.setNumbers(fr, "FacesList", faces)
        fld.setNumbers(fr, "EdgesList", curves)
        fields.append(fr)
        return faces

    def graded(faces, h):
        fd = fld.add("Distance")
        fld.setNumbers(fd, "FacesList", faces)
        fld.setNumber(fd, "NumPointsPerCurve", 20)
        ft = fld.add("Threshold")
        fld.setNumber(ft, "IField", fd)
        fld.setNumber(ft, "LcMin", h)
        fld.setNumber(ft, "LcMax", h_s)
        fld.setNumber(ft, "DistMin", 0.0)
        fld.setNumber(ft, "DistMax", 0.5 * (h_s - h))
        fld.setNumber(ft, "StopAtDistMax", 1)
        fields.append(ft)

    # each region's size on its volume, faces and curves (a shared face takes the smaller);
    # the soft tissue grades from its faces' sizes (MeshSizeExtendFromBoundary) up to h_soft
    for n in BONES:
        restrict([t for t in vols if region_of[t] == n], min(h_b, 0.9 * B[n].r))
    fine_faces = []
    for kind, h in (("cartilage:", h_c), ("fascia", h_f)):
        fine_faces += restrict([t for t in vols if region_of[t].startswith(kind)], h)
    restrict([t for t in vols if region_of[t] == "soft_tissue"], h_s)
    # one graded field from the fine faces (the fascia and cartilage) out into the soft tissue
    graded(sorted(set(fine_faces)), min(h_c, h_f))
    # the skin finer than the bulk (its coarse facets would cut bones near it: the toes)
    fe = fld.add("MathEval")
    fld.setString(fe, "F", repr(float(p["h_skin_mm"])))
    fr = fld.add("Restrict")
    fld.setNumber(fr, "InField", fe)
    fld.setNumbers(fr, "FacesList", skin)
    fld.setNumbers(fr, "EdgesList", sorted({c for _, c in gmsh.model.getBoundary(
        [(2, f) for f in skin], oriented=False)}))
    fields.append(fr)
    fmin = fld.add("Min")
    fld.setNumbers(fmin, "FieldsList", fields)
    fld.setAsBackgroundMesh(fmin)
    for k, v in (("Mesh.MeshSizeMax", h_s), ("Mesh.MeshSizeFromPoints", 0),
                 ("Mesh.MeshSizeFromCurvature", 0),
                 ("Mesh.MeshSizeExtendFromBoundary", 1),
                 ("Mesh.Algorithm", 5), ("Mesh.Algorithm3D", 1), ("Mesh.ElementOrder", 1),
                 ("Mesh.SecondOrderLinear", 1), ("Mesh.Optimize", 1),
                 ("Mesh.MaxNumThreads1D", 1), ("Mesh.MaxNumThreads2D", 1),
                 ("Mesh.MaxNumThreads3D", 1)):
        gmsh.option.setNumber(k, v)
    t1 = time.time()
    gmsh.model.mesh.generate(3)
    gmsh.model.mesh.optimize("Relocate3D")
    gmsh.model.mesh.setOrder(2)
    log("mesh: %.1f s" % (time.time() - t1))
    mesh = extract(gmsh, vols, region_of, skin, sole, tibia_cut, landmark_pts, bone_lm)
    version = gmsh.option.getString("General.Version")
    gmsh.finalize()
    return B, J, mesh, version


def fascia_paths(B, p):
    """Centre lines of the band and the five slips (polylines, mm), their widths and
    thicknesses. The band starts inside the calcaneus (medial tubercle, plantar) and splits at
    0.58 L; slip k passes 3 mm below the head of metatarsal k and ends inside the base of toe k
    (the parts inside bones are cut away: the fascia's ends share the bones' surfaces)."""
    L = p["foot_length_mm"]
    t, w = p["fascia_thickness_mm"], p["fascia_width_mm"]
    cal = B["calcaneus"]
    O = cal.a + cal.r * unit([0.35, 0.1, -1.0])
    x_s = 0.58 * L
    zs = p["forefoot_pad_mm"] - 3.0 - 1.0 + 1.0
    band = [O + np.array([-1.0, 0, t / 2 - 1.5]),
            O + np.array([0.12 * L, 0.01 * L, -2.0]),
            np.array([0.35 * L, 0.02 * L, 0.5 * (O[2] + zs)]),
            np.array([x_s, 0.0, zs + 1.0])]
    band[1][2] = min(band[1][2], band[0][2] - 1.0)
    widths = {"band": [w, w, 1.15 * w, 1.35 * w]}
    thick = {"band": [t, t, t, 0.8 * t]}
    paths = {"band": band}
    w_s = 1.35 * w
    for k in range(5):
        m, toe = B["metatarsal%d" % (k + 1)], B["toe%d" % (k + 1)]
        # slips start inside the band's end (no face of a slip near a face of the band: such
        # near-coincident faces make slivers)
        y0 = band[-1][1] + w_s * (0.28 - 0.14 * k)
        head = m.b - np.array([0.0, 0.0, m.r + 3.0 + 0.5 * 0.67 * t])
        # the slip ends inside the plantar base of the toe's bone
        ins = toe.a + 0.3 * (toe.b - toe.a) - np.array([0.0, 0.0, toe.r - 0.8])
        start = np.array([x_s - 8.0, y0, zs + 1.0 + 0.02 * t])
        midp = 0.5 * (start + head)
        paths["slip%d" % (k + 1)] = [start, midp, head, ins]
        ws = 0.3 * w if k == 0 else 0.25 * w
        widths["slip%d" % (k + 1)] = [w_s / 7, ws, ws, 0.8 * ws]
        thick["slip%d" % (k + 1)] = [0.5 * t, 0.67 * t, 0.67 * t, 0.67 * t]
    return paths, widths, thick


def occ_strip(occ, P, widths, thick):
    """A solid through rectangular sections along the polyline P (width horizontal)."""
    wires = []
    P = [np.asarray(q, float) for q in P]
    for i, q in enumerate(P):
        T = unit(P[min(i + 1, len(P) - 1)] - P[max(i - 1, 0)])
        W = unit(np.cross([0.0, 0.0, 1.0], T))
        N = np.cross(T, W)
        c = [q + s1 * 0.5 * widths[i] * W + s2 * 0.5 * thick[i] * N
             for s1, s2 in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
        pts = [occ.addPoint(*v) for v in c]
        lines = [occ.addLine(pts[j], pts[(j + 1) % 4]) for j in range(4)]
        wires.append(occ.addWire(lines))
    out = occ.addThruSections(wires, makeSolid=True, makeRuled=False)
    return [t for d, t in out if d == 3]


def surface_point(C, direction):
    """The point of a capsule's surface seen from far away in 'direction' from its middle."""
    q = 0.5 * (C.a + C.b) + 1e3 * unit(direction)
    c = _closest_on_segment(C.a, C.b, q)
    return c + C.r * unit(q - c)


def cal_point(B, direction):
    """A point on the calcaneus' posterior sphere."""
    cal = B["calcaneus"]
    return cal.a + cal.r * unit(direction)


def extract(gmsh, vols, region_of, skin, sole, tibia_cut, landmark_pts, bone_lm):
    tags, coords, _ = gmsh.model.mesh.getNodes()
    order = np.argsort(tags)
    tags = tags[order]
    X = coords.reshape(-1, 3)[order]
    row = np.full(int(tags.max()) + 1, -1, dtype=np.int64)
    row[tags] = np.arange(tags.size)
    # drop nodes no element uses (points of removed entities) later; keep the row map now
    regions, tets, treg = [], [], []
    for t in vols:
        nm = region_of[t]
        nm = "cartilage" if nm.startswith("cartilage:") else nm
        if nm not in regions:
            regions.append(nm)
        et, _, en = gmsh.model.mesh.getElements(3, t)
        for typ, conn in zip(et, en):
            if typ != 11:
                raise RuntimeError("volume %d: element type %d (expected tet10 only)" % (t, typ))
            c = row[np.asarray(conn, dtype=np.int64).reshape(-1, 10)]
            tets.append(c)
            treg.append(np.full(c.shape[0], regions.index(nm)))
    faces, groups = [], []
    for f in sorted(set(skin) | set(tibia_cut)):
        et, _, en = gmsh.model.mesh.getElements(2, f)
        g = (["skin"] if f in skin else []) + (["sole"] if f in sole else []) + \
            (["tibia_cut"] if f in tibia_cut else [])
        for typ, conn in zip(et, en):
            c = row[np.asarray(conn, dtype=np.int64).reshape(-1, 6)]
            faces.append(c)
            groups += [g] * c.shape[0]
    lm = {}
    for nm, (pt, f, q) in landmark_pts.items():
        nt, _, _ = gmsh.model.mesh.getNodes(0, pt)
        lm[nm] = int(row[nt[0]])
    bone_surface = {}
    for bone in BONES:
        bfaces = sorted({f for _, f in gmsh.model.getBoundary(
            [(3, t) for t in vols if region_of[t] == bone], oriented=False)})
        bone_surface[bone] = np.unique(np.concatenate([
            row[np.asarray(gmsh.model.mesh.getElements(2, f)[2][0], dtype=np.int64)]
            for f in bfaces]))
    for nm, (bone, xyz) in bone_lm.items():
        cand = bone_surface[bone]
        lm[nm] = int(cand[np.argmin(np.linalg.norm(X[cand] - xyz, axis=1))])
    # keep the nodes the elements use (the construction curves and points of the sections
    # are meshed too), in their order
    T, F = np.vstack(tets), np.vstack(faces)
    used = np.unique(T)
    new = np.full(X.shape[0], -1, dtype=np.int64)
    new[used] = np.arange(used.size)
    if (new[F] < 0).any() or any(new[v] < 0 for v in lm.values()):
        raise RuntimeError("a surface or landmark node is not a node of any tet10")
    return {"nodes": X[used], "tets": new[T], "tet_region": np.concatenate(treg),
            "regions": regions, "faces": new[F], "face_groups": groups,
            "landmarks": {k: int(new[v]) for k, v in lm.items()},
            "lines": np.zeros((0, 2), dtype=np.int64), "line_region": np.zeros(0, dtype=np.int64),
            "line_regions": [], "fibre": {},
            "bone_surface": {b: new[v] for b, v in bone_surface.items()}}


# ---- fascia regions, fibres, ligaments -----------------------------------------------------

def smooth_path(P, n=60):
    """Catmull-Rom interpolation through the path's points (n points per segment)."""
    P = [np.asarray(q, float) for q in P]
    Q = [2 * P[0] - P[1]] + P + [2 * P[-1] - P[-2]]
    out = []
    for i in range(1, len(Q) - 2):
        p0, p1, p2, p3 = Q[i - 1], Q[i], Q[i + 1], Q[i + 2]
        for t in np.linspace(0, 1, n, endpoint=False):
            out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                              + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    out.append(P[-1])
    return np.array(out)


def add_ground_ref(mesh, p):
    """A node used by no element, 20 mm below the ground under the midfoot: the reference node
    that carries the ground plane (contact.ground.reference: ground_ref)."""
    x = np.array([[0.4 * p["foot_length_mm"], 0.0, -20.0]])
    mesh["nodes"] = np.vstack([mesh["nodes"], x])
    mesh["landmarks"]["ground_ref"] = mesh["nodes"].shape[0] - 1


def polyline_distance(P, X):
    """Distance of each point of X to the polyline P, and the index of the segment's first point
    where it is nearest."""
    d = np.full(X.shape[0], np.inf)
    seg = np.zeros(X.shape[0], dtype=np.int64)
    for i, (a, b) in enumerate(zip(P[:-1], P[1:])):
        t = np.clip(((X - a) @ (b - a)) / ((b - a) @ (b - a)), 0.0, 1.0)
        di = np.linalg.norm(X - (a + t[:, None] * (b - a)), axis=1)
        better = di < d
        d[better], seg[better] = di[better], i
    return d, seg


def fascia_fibres(mesh, paths):
    """Splits the fascia region into fascia_band and fascia_slip1..5 (each element to the
    nearest centre line) and gives each element the unit tangent of that line at its closest
    point (proximal to distal)."""
    dense = {k: smooth_path(v) for k, v in paths.items()}
    X, T = mesh["nodes"], mesh["tets"]
    i_f = mesh["regions"].index("fascia")
    rows = np.nonzero(mesh["tet_region"] == i_f)[0]
    cen = X[T[rows, :4]].mean(axis=1)
    names = ["band"] + ["slip%d" % k for k in range(1, 6)]
    dist = np.zeros((rows.size, len(names)))
    idx = np.zeros((rows.size, len(names)), dtype=np.int64)
    for j, nm in enumerate(names):
        dist[:, j], idx[:, j] = polyline_distance(dense[nm], cen)
    which = np.argmin(dist, axis=1)
    regions = [r for r in mesh["regions"] if r != "fascia"] + FASCIA
    remap = {i: regions.index(r) for i, r in enumerate(mesh["regions"]) if r != "fascia"}
    tr = np.array([remap.get(int(r), -1) for r in mesh["tet_region"]])
    fibre = {}
    for k, e in enumerate(rows):
        j = which[k]
        tr[e] = regions.index(FASCIA[j])
        D = dense[names[j]]
        i = idx[k, j]
        fibre[int(e)] = unit(D[i + 1] - D[i])
    mesh["regions"], mesh["tet_region"], mesh["fibre"] = regions, tr, fibre
    return {k: dense[k] for k in names}


LIGAMENT_BUNDLES = {
    # name: [(bone, fraction along the axis, direction from the axis), (bone, ...)] per bundle
    "ligament_long_plantar": [(("calcaneus", 0.55, (0, 0, -1)), ("metatarsal%d" % k, 0.0, (0, 0, -1)))
                              for k in (3, 4, 5)],
    "ligament_short_plantar": [(("calcaneus", 0.9, (0, dy, -1)), ("cuboid", 0.2, (0, dy, -1)))
                               for dy in (-0.3, 0.3)],
    "ligament_spring": [(("calcaneus", f, (0, 1, -0.3)), ("navicular", 0.5, (0, 0.5, -1)))
                        for f in (0.7, 0.85)],
}


def ligaments(mesh, B, bone_surface):
    """Truss2 elements between bone-surface nodes (the nearest to each attachment point)."""
    X = mesh["nodes"]
    lines, lreg = [], []
    for j, nm in enumerate(LIGAMENTS):
        for ends in LIGAMENT_BUNDLES[nm]:
            pair = []
            for bone, f, direction in ends:
                C = B[bone]
                c = C.a + f * (C.b - C.a)
                target = c + C.r * unit(direction)
                cand = bone_surface[bone]
                pair.append(int(cand[np.argmin(np.linalg.norm(X[cand] - target, axis=1))]))
            lines.append(pair)
            lreg.append(j)
    mesh["lines"] = np.array(lines, dtype=np.int64)
    mesh["line_region"] = np.array(lreg, dtype=np.int64)
    mesh["line_regions"] = list(LIGAMENTS)


# ---- the files -----------------------------------------------------------------------------

def _y(v):
    """A YAML flow value (JSON is YAML): no anchors, no aliases."""
    if isinstance(v, np.ndarray):
        v = v.tolist()
    return json.dumps(v)


def model_yaml(path, mesh_name, sha, side, version, p, meas, J, landmarks, paths):
    lines = ["# pfsim foot model, written by meshes/foot/foot_mesh.py with %s; do not edit"
             % mesh_name,
             "format: pfsim-foot-model-1",
             "mesh: %s" % _y(mesh_name),
             "mesh_sha256: %s" % sha,
             "side: %s" % side,
             "gmsh_version: %s" % _y(version),
             "parameters: %s" % _y(p),
             "measures: %s" % _y({k: round(v, 4) for k, v in meas.items()}),
             "bones: %s" % _y(BONES),
             "fascia_regions: %s" % _y(FASCIA),
             "ligament_regions: %s" % _y(LIGAMENTS),
             "joints:"]
    for j in J:
        lines.append("  - %s" % _y({k: (np.round(v, 6).tolist() if k in ("centre", "axes") else v)
                                      for k, v in j.items()}))
    lines.append("landmarks:")
    for k in sorted(landmarks):
        lines.append("  %s: %s" % (k, _y(np.round(landmarks[k], 6))))
    lines.append("tendons:")
    lines.append("  - %s" % _y({"name": "achilles", "insertion": "achilles_insertion",
                                "origin": "achilles_origin"}))
    lines.append("fascia:")
    lines.append("  paths:")
    for k, P in paths.items():
        lines.append("    %s: %s" % (k, _y(np.round(P, 6))))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def mirror_joints(J):
    """Joint table of the mirrored foot: centres y -> -y, axes as pseudovectors a -> [-x, y, -z]
    (a rotation about the mirrored axis is the mirror image of the rotation: dorsiflexion stays
    positive). The three axes of a right-handed frame stay a right-handed frame (det(-M) = 1 for
    the reflection M)."""
    out = []
    for j in J:
        k = dict(j)
        k["centre"] = [j["centre"][0], -j["centre"][1], j["centre"][2]]
        k["axes"] = [[-a[0], a[1], -a[2]] for a in j["axes"]]
        out.append(k)
    return out


def write_foot(outdir, name, mesh, side, version, p, J, paths, log=print):
    if side == "left":
        mesh = footmsh.mirror(mesh)
        J = mirror_joints(J)
        paths = {k: np.asarray(v) * np.array([1.0, -1.0, 1.0]) for k, v in paths.items()}
    msh = os.path.join(outdir, name + ".msh")
    sha = footmsh.write_msh(msh, mesh)
    meas = footmsh.measures(mesh)
    X = mesh["nodes"]
    lm = {k: X[v] for k, v in mesh["landmarks"].items()}
    model_yaml(os.path.join(outdir, name + ".model.yaml"), name + ".msh", sha, side, version,
               dict(p, side=side), meas, J, lm, paths)
    return msh, meas


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=sorted(SIZES), default="coarse")
    ap.add_argument("--side", choices=["right", "left"], default="right")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a parameter (see --list)")
    ap.add_argument("--list", action="store_true", help="print the parameters and defaults")
    ap.add_argument("-o", "--outdir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--name", help="file name without extension (default foot-SIZE[-left])")
    ap.add_argument("--mirror", metavar="MESH.msh",
                    help="write the other side of an existing foot mesh (needs no gmsh)")
    a = ap.parse_args(argv)
    if a.list:
        for k, v in DEFAULTS.items():
            print("%-24s %s" % (k, v))
        return 0
    p = dict(DEFAULTS)
    p.update(SIZES[a.size])
    for kv in a.set:
        if "=" not in kv or kv.split("=")[0] not in DEFAULTS or kv.split("=")[0] == "side":
            ap.error("--set %s: expected KEY=VALUE with KEY one of %s" % (kv, ", ".join(
                k for k in DEFAULTS if k != "side")))
        k, v = kv.split("=", 1)
        try:
            p[k] = float(v)
        except ValueError:
            ap.error("--set %s: %s is not a number" % (kv, v))
    os.makedirs(a.outdir, exist_ok=True)
    t0 = time.time()
    if a.mirror:
        return mirror_file(a.mirror, a.outdir, a.name)
    try:
        B, J, mesh, version = build(p)
    except ValueError as e:
        print("foot_mesh: %s" % e, file=sys.stderr)
        return 1
    add_ground_ref(mesh, p)
    paths = fascia_fibres(mesh, fascia_paths(B, p)[0])
    ligaments(mesh, B, mesh.pop("bone_surface"))
    name = a.name or "foot-%s%s" % (a.size, "-left" if a.side == "left" else "")
    msh, meas = write_foot(a.outdir, name, mesh, a.side, version, dict(p, size=a.size), J, paths)
    report(msh, mesh, meas, time.time() - t0)
    bad = quality_problems(mesh)
    if bad:
        print("foot_mesh: %s: %s" % (msh, bad), file=sys.stderr)
        return 2
    report_recorded_hash(msh, a.size, a.side, dict(p, size=a.size), version)
    return 0


MIN_GAMMA = 0.02  # the stated minimum shape quality of the deformable tet10 (corner tetrahedron)


def quality_problems(mesh):
    """What makes a mesh unusable: a tet10 whose Jacobian determinant is not positive at one of
    its 10 nodes, or a deformable element (not in a bone: bones are rigid bodies by default) whose
    corner tetrahedron has a shape quality below MIN_GAMMA."""
    dj = footmsh.tet10_detj_nodes(mesh["nodes"], mesh["tets"])
    soft = ~np.isin(mesh["tet_region"], [mesh["regions"].index(b) for b in BONES])
    q = footmsh.tet_gamma(mesh["nodes"], mesh["tets"][soft])
    out = []
    if (dj <= 0).any():
        out.append("%d tet10 with det J <= 0 at a node (expected none)" % int((dj <= 0).any(axis=1).sum()))
    if q.min() < MIN_GAMMA:
        out.append("%d deformable tet10 of shape quality below %g (smallest %.3g)"
                   % (int((q < MIN_GAMMA).sum()), MIN_GAMMA, q.min()))
    return "; ".join(out)


def report_recorded_hash(msh, size, side, params, version):
    """Meshes too large to commit (fine) are recorded by hash in foot-SIZE.sha256 beside this
    script: says whether a regenerated mesh with the recorded parameters and gmsh version matches
    it. A different hash is reported, not refused: OCC's Booleans and gmsh's mesher round
    differently on another CPU kind (an Intel Xeon gave a coarse mesh with 0.07% more elements
    than the AMD EPYC that made the records), and the mesh has passed the quality gate."""
    rec = os.path.join(os.path.dirname(os.path.abspath(__file__)), "foot-%s.sha256" % size)
    if not os.path.exists(rec) or side != "right":
        return
    with open(rec) as f:
        want = json.loads(f.read())
    if want["parameters"] != dict(params, side=side):
        print("hash: not checked (parameters differ from the recorded %s)" % os.path.basename(rec))
        return
    import hashlib
    with open(msh, "rb") as f:
        got = hashlib.sha256(f.read()).hexdigest()
    if want["gmsh_version"] != version:
        print("hash: not comparable (recorded with gmsh %s, this is gmsh %s): %s"
              % (want["gmsh_version"], version, got))
        return
    if got != want["sha256"]:
        print("hash: differs: %s has sha256 %s, %s records %s (made on another CPU kind? the "
              "bytes are reproducible on one machine kind only)" % (msh, got, rec, want["sha256"]),
              file=sys.stderr)
        return
    print("hash: matches %s (%s)" % (os.path.basename(rec), got))


def report(msh, mesh, meas, seconds):
    n_free = np.setdiff1d(np.unique(mesh["tets"]), np.unique(
        mesh["tets"][np.isin(mesh["tet_region"], [mesh["regions"].index(b) for b in BONES])]))
    bone = np.isin(mesh["tet_region"], [mesh["regions"].index(b) for b in BONES])
    q = footmsh.tet_gamma(mesh["nodes"], mesh["tets"][~bone])
    qb = footmsh.tet_gamma(mesh["nodes"], mesh["tets"][bone])
    dj = footmsh.tet10_detj_nodes(mesh["nodes"], mesh["tets"])
    print("%s: %d nodes, %d tet10, %d truss2; %d unknowns (3 per node not in a bone, 6 per bone); "
          "%.0f s" % (msh, mesh["nodes"].shape[0], mesh["tets"].shape[0], mesh["lines"].shape[0],
                      3 * n_free.size + 6 * len(BONES), seconds))
    print("quality: min gamma %.3g (%d below 0.1) of the deformable elements, %.3g of the bones'; "
          "min detJ/detJ0 at the 10 nodes %.3g" % (q.min(), int((q < 0.1).sum()), qb.min(), dj.min()))
    print("measures: arch height index %.3f (dorsum %.1f mm over %.1f mm heel to MTH1), navicular "
          "height %.1f mm, calcaneal pitch %.2f deg, MT1 declination %.2f deg, foot length %.1f mm, "
          "lowest sole node z = %.3g mm"
          % (meas["arch_height_index"], meas["dorsum_height_mm"], meas["truncated_foot_length_mm"],
             meas["navicular_height_mm"], meas["calcaneal_pitch_deg"], meas["mt1_declination_deg"],
             meas["foot_length_mm"], meas["lowest_sole_z_mm"]))


def read_model_yaml(path):
    """The values of a model file this script wrote (one JSON value per key line)."""
    out, key, items = {}, None, None
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith(" "):
                k, v = line.split(":", 1)
                key = k.strip()
                v = v.strip()
                out[key] = json.loads(v) if v and v[0] in "[{\"" or v.replace(".", "").isdigit() \
                    else (v if v else None)
            elif line.startswith("  - "):
                out[key] = (out[key] or []) + [json.loads(line[4:])]
            elif line.startswith("    "):
                k, v = line.strip().split(":", 1)
                out[key][sub][k] = json.loads(v)
            else:
                k, v = line.strip().split(":", 1)
                if out[key] is None:
                    out[key] = {}
                v = v.strip()
                if v:
                    out[key][k] = json.loads(v)
                else:
                    sub = k
                    out[key][k] = {}
    return out


def mirror_file(path, outdir, name):
    mesh = footmsh.read_msh(path)
    base = path[:-4]
    mod = read_model_yaml(base + ".model.yaml")
    side = "left" if mod["side"] == "right" else "right"
    if name is None:
        name = os.path.basename(base)
        name = name[:-5] if name.endswith("-left") else name + "-left" if side == "left" else name
    mesh = footmsh.mirror(mesh)
    J = mirror_joints(mod["joints"])
    paths = {k: np.asarray(v) * np.array([1.0, -1.0, 1.0]) for k, v in mod["fascia"]["paths"].items()}
    msh = os.path.join(outdir, name + ".msh")
    sha = footmsh.write_msh(msh, mesh)
    meas = footmsh.measures(mesh)
    X = mesh["nodes"]
    lm = {k: X[v] for k, v in mesh["landmarks"].items()}
    model_yaml(os.path.join(outdir, name + ".model.yaml"), name + ".msh", sha, side,
               mod["gmsh_version"], dict(mod["parameters"], side=side), meas, J, lm, paths)
    report(msh, mesh, meas, 0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
