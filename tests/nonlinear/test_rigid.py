"""Rigid bodies and couplings at finite rotation (issue 3).

1. A rigid block (tet10, its own region, `rigid`) with a soft block bonded to it, rotated 90 deg
   about an oblique axis by a prescribed rotation in one increment: every node of the rigid block
   is at c + R (X - c) to 1e-10 mm (R = exp of the rotation vector, c the reference point), and the
   free soft block follows rigidly (nothing loads it) to the Newton tolerance.
2. Rivlin's torsion of a neo-Hookean cylinder (mu = 1, nu = 0.4999, mean dilatation tet10,
   meshed by gmsh with h = 0.75) of radius R = 5 and length L = 10 on the oblique axis
   n = (1,1,1)/sqrt(3), between two kinematic couplings of its end faces (the exact solution
   r = R, theta = Theta + tau Z, z = Z keeps the end faces plane and rotating rigidly, so couplings
   are exact ends): the top twisted by psi L = 90 deg in one increment (max_cutbacks: 0, so a
   cut-back fails the test) with its translation held. Rivlin (1948) for the incompressible
   neo-Hookean solid: torque M = pi mu tau R^4 / 2 and axial force N = -pi mu tau^2 R^4 / 4
   (compressive: the cylinder pushes its ends apart). Asserted within 2%: the body resultants
   along n (moments about the reference point, global axes), with the other components small.
   One increment works because the predictor of a prescribed rotation follows arcs, not chords,
   and an indefinite tangent far from equilibrium is shifted (Levenberg-Marquardt) rather than
   solved as it is (analysis/nl_newton.c, docs/nonlinear.md).
3. The same twist under moment control, in one increment: Rivlin's torque (the one measured in
   2) applied as a moment on the top coupling (rotations free): the rotation about n reaches
   90 deg within 2%, and Newton converges quadratically (observed order >= 1.8). The exact
   linearisation of a body's moment along the multiplicative update has the skew part
   -skew(M)/2, which vanishes when the moment is a reaction (the rotation-controlled twist) but
   not under an applied moment; the Newton solver adds it for moment-loaded bodies by a Woodbury
   correction of the symmetric factor (tests/nonlinear/nl_tangent_fd checks the assembled tangent
   and this skew part against finite differences at 60 deg).
"""
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from pftest import *  # noqa: E402,F401,F403

d = workdir("rigid")
os.chdir(d)


def gmsh(geo, out, h):
    write("m.geo", geo)
    subprocess.run(["gmsh", "m.geo", "-3", "-nt", "1", "-setnumber", "h", str(h), "-format",
                    "msh41", "-o", out], check=True, capture_output=True)


def rotation(v):
    """Rodrigues: the rotation matrix of rotation vector v (radians)."""
    th = float(np.linalg.norm(v))
    k = np.asarray(v) / th
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(th) * K + (1 - math.cos(th)) * K @ K


def last_frame(path):
    f = h5py.File(path, "r")
    return f, f["steps"][sorted(f["steps"])[-1]]


# ---------------------------------------------------------------------------------------------
# 1. A rigid block rotated 90 degrees.
gmsh("""SetFactory("OpenCASCADE");
DefineConstant[ h = 0.5 ];
Box(1) = {0, 0, 0, 2, 2, 2};
Box(2) = {2, 0, 0, 2, 2, 2};
v() = BooleanFragments{ Volume{1}; Delete; }{ Volume{2}; Delete; };
Mesh.MeshSizeMin = h; Mesh.MeshSizeMax = h;
Mesh.ElementOrder = 2; Mesh.SecondOrderLinear = 1; General.NumThreads = 1;
Physical Volume("hard") = {v(0)};
Physical Volume("soft") = {v(1)};
""", "blocks.msh", 0.7)
axis = np.array([1.0, 2.0, 2.0]) / 3.0
rv = 90.0 * axis
write("rigid.yaml", """mesh: {file: blocks.msh}
materials: {tissue: {model: neo_hookean, mu: 1.0, kappa: 10.0}}
regions: {hard: rigid, soft: tissue}
boundary:
  - {name: turn, type: rotation, body: hard, value: [%r, %r, %r]}
  - {name: hold, type: fixed, body: hard, dofs: [x, y, z]}
analysis: {type: static_nonlinear, increments: 1}
""" % tuple(rv))
rc, out, err = pfsim("run", "rigid.yaml", "-o", "rigid.h5")
check(rc == 0, "rigid block rotated 90 deg: exit 0 (%d: %s)" % (rc, err.strip()[-300:]))
if rc == 0:
    f, fr = last_frame("rigid.h5")
    x = f["mesh/nodes"][()]
    u = fr["displacement"][()]
    conn = f["mesh/elements/tet10/connectivity"][()]
    region = f["mesh/elements/tet10/region"][()]
    names = list(f["mesh/regions"].asstr()[()])
    R = rotation(np.radians(rv))
    if conn is not None and region is not None and "hard" in names:
        hard = np.unique(conn[region == names.index("hard")].ravel())
        c = x[hard].mean(axis=0)  # the centroid of the body's nodes (default reference point)
        want = c + (x[hard] - c) @ R.T - x[hard]
        err_h = float(np.abs(u[hard] - want).max())
        check(err_h <= 1e-10, "the rigid block moves rigidly: %.2e mm" % err_h)
        allw = c + (x - c) @ R.T - x
        err_s = float(np.abs(u - allw).max())
        check(err_s <= 1e-6, "the free soft block follows rigidly: %.2e mm" % err_s)
    else:
        check(False, "rigid.h5 has the mesh connectivity and regions (%s)" % list(f["mesh"]))
    f.close()

# ---------------------------------------------------------------------------------------------
# 2. Rivlin's twist of a cylinder on an oblique axis, rotation control.
Rc, Lc, mu, nu = 5.0, 10.0, 1.0, 0.4999
kappa = 2 * mu * (1 + nu) / (3 * (1 - 2 * nu))
n = np.ones(3) / math.sqrt(3.0)
gmsh("""SetFactory("OpenCASCADE");
DefineConstant[ h = 1.0 ];
Cylinder(1) = {0, 0, 0, %r, %r, %r, %r};
Mesh.MeshSizeMin = h; Mesh.MeshSizeMax = h;
Mesh.ElementOrder = 2; Mesh.SecondOrderLinear = 1; General.NumThreads = 1;
s() = Boundary{ Volume{1}; };
Physical Volume("cyl") = {1};
Physical Surface("bottom") = {s(2)};
Physical Surface("top") = {s(1)};
""" % (Lc * n[0], Lc * n[1], Lc * n[2], Rc), "cyl.msh", 0.75)
INCREMENTS = 1
tau = (math.pi / 2) / Lc
M_exact = math.pi * mu * tau * Rc ** 4 / 2
N_exact = math.pi * mu * tau ** 2 * Rc ** 4 / 4  # magnitude; compressive
top_c = Lc * n
CYL = """mesh: {file: cyl.msh}
materials: {tissue: {model: neo_hookean, mu: %r, kappa: %r}}
regions: {cyl: {material: tissue, formulation: mean_dilatation}}
couplings:
  - {name: base, set: bottom, ref_point: [0, 0, 0]}
  - {name: cap, set: top, ref_point: [%r, %r, %r]}
analysis: {type: static_nonlinear, increments: %d, max_cutbacks: 0}
""" % (mu, kappa, top_c[0], top_c[1], top_c[2], INCREMENTS)
write("twist.yaml", CYL + """boundary:
  - {name: base, type: fixed, body: base}
  - {name: cap_xyz, type: fixed, body: cap, dofs: [x, y, z]}
  - {name: turn, type: rotation, body: cap, value: [%r, %r, %r]}
""" % tuple(90.0 * n))


def body(fr, name):
    g = fr["bodies"][name]
    return {k: g[k][()] for k in g}


def newton_order(fr):
    r = list(fr["newton/residual"][()]) if "newton/residual" in fr else []
    for k in range(len(r) - 1, 1, -1):
        if r[k] > 1e-12 and r[k - 1] < 1e-2 and r[k] < r[k - 1] < r[k - 2]:
            return math.log(r[k] / r[k - 1]) / math.log(r[k - 1] / r[k - 2]), r
    return 0.0, r


rc, out, err = pfsim("run", "twist.yaml", "-o", "twist.h5", timeout=900)
check(rc == 0, "Rivlin twist (rotation control), one increment: exit 0 (%d: %s)"
      % (rc, err.strip()[-300:]))
M_meas = M_exact
if rc == 0:
    f, fr = last_frame("twist.h5")
    cap = body(fr, "cap")
    F, M = np.asarray(cap["force"]), np.asarray(cap["moment"])
    Mn, Fn = float(M @ n), float(F @ n)
    M_meas = abs(Mn)
    eM = abs(abs(Mn) - M_exact) / M_exact
    eN = abs(abs(Fn) - N_exact) / N_exact
    print("twist 90 deg: torque %.5f (Rivlin %.5f, %.2f%%), axial force %.5f (Rivlin %.5f, %.2f%%)"
          % (Mn, M_exact, 100 * eM, Fn, N_exact, 100 * eN))
    check(eM <= 0.02, "torque within 2%% of pi mu tau R^4 / 2 (%.2f%%)" % (100 * eM))
    check(eN <= 0.02, "axial force within 2%% of pi mu tau^2 R^4 / 4 (%.2f%%)" % (100 * eN))
    # body force and moment are what the supports apply (the reaction): compressive, as Rivlin's
    # N < 0 (the twisted cylinder would lengthen: the Poynting effect)
    check(Fn < 0, "the cap's axial reaction is compressive (%.4f)" % Fn)
    Mperp = float(np.linalg.norm(M - Mn * n))
    check(Mperp <= 0.02 * M_exact, "no bending moment on the cap (%.2e)" % Mperp)
    f.close()

# ---------------------------------------------------------------------------------------------
# 3. The same twist under moment control.
write("moment.yaml", CYL + """boundary:
  - {name: base, type: fixed, body: base}
  - {name: cap_xyz, type: fixed, body: cap, dofs: [x, y, z]}
loads:
  - {name: torque, type: moment, body: cap, value: [%r, %r, %r]}
""" % tuple(M_meas * n))
rc, out, err = pfsim("run", "moment.yaml", "-o", "moment.h5", timeout=900)
check(rc == 0, "Rivlin twist (moment control): exit 0 (%d: %s)" % (rc, err.strip()[-300:]))
if rc == 0:
    f, fr = last_frame("moment.h5")
    cap = body(fr, "cap")
    rvec = np.asarray(cap["rotation_vector"])
    ang = math.degrees(float(rvec @ n))  # the rotation vector is in radians
    order, log = newton_order(fr)
    print("moment control: rotation about n %.3f deg, Newton residuals %s, order %.2f"
          % (ang, " ".join("%.1e" % v for v in log), order))
    check(abs(ang - 90.0) <= 1.8, "moment control reaches 90 deg within 2%% (%.3f)" % ang)
    check(order >= 1.8, "moment control converges quadratically (observed order %.2f)"
          % order)
    f.close()

finish("nl_rigid")
