"""One mesh read as gmsh ASCII 4.1, gmsh binary 4.1, Abaqus .inp (gmsh's export) and Abaqus
*PART/*INSTANCE/*ASSEMBLY gives the same displacements to 1e-12 (relative) after mapping by node
id. The meshes are committed in meshes/verification (regenerate.sh made them)."""
import os

from pftest import *

d = workdir("readers")
os.chdir(d)
mesh_dir = os.path.join(SOURCE, "meshes", "verification")
write("cant.yaml", CANTILEVER % {"mesh": os.path.join(mesh_dir, "block-tet10.msh"), "region": "block",
                                  "tip": "tip", "clamp": "clamp"})
results = {}
for name in ("block-tet10.msh", "block-tet10-bin.msh", "block-tet10.inp", "block-tet10-part.inp"):
    out = name.replace(".", "_") + ".h5"
    rc, _, err = pfsim("run", "cant.yaml", "-o", out, "--quiet", "--set",
                       "mesh.file=" + os.path.join(mesh_dir, name))
    check(rc == 0, "%s runs (%s)" % (name, err.strip()))
    if rc == 0:
        results[name] = by_id(*displacement(out))
ref_ids, ref_u = results["block-tet10.msh"]
scale = np.abs(ref_u).max()
check(scale > 0, "the reference deflects")
for name, (ids, u) in results.items():
    same_ids = ids.shape == ref_ids.shape and (ids == ref_ids).all()
    check(same_ids, "%s: same node ids" % name)
    if same_ids:
        diff = np.abs(u - ref_u).max() / scale
        print("%-22s max |u - u_ref| / max |u| = %.3e" % (name, diff))
        check(diff <= 1e-12, "%s: displacements equal to 1e-12" % name)
finish("cli_readers")
