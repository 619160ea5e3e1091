"""Opens pfsim result sidecars with ParaView's own XDMF readers and checks what a user would see.

Run with pvbatch (ParaView 5.11's Python; the shell's python3 may lack vtk):
    pvbatch check_xdmf_paraview.py WRITER FOLDER
WRITER is the write_xdmf_meshes test program; it writes xdmf_good.h5/.xdmf (a curved tet10 thick
cylinder sector plus tet4, hex8 and truss2 blocks, two frames) and xdmf_bad.h5/.xdmf (the same
with tet10 mid-edge nodes 8 and 9 swapped) into FOLDER.

For each of XDMFReader (XDMF 2) and Xdmf3ReaderS, on the good file:
  - time steps are the frame numbers 0, 1; one block per element type (tet4, tet10, hex8, truss2)
    with the VTK cell type and the cell count of /mesh/elements/<type>/connectivity, and the same
    node order (connectivity read back from VTK equals the HDF5 rows);
  - at time 1, displacement (node field) and von_mises, min_J, region, axial_force (cell fields)
    equal the HDF5 datasets read with h5py, exactly;
  - stress and strain have 6 components that ParaView names XX YY ZZ XY YZ XZ, and each named
    component equals the pfsim column of that name (pfsim stores xx yy zz xy yz xz);
  - every tet10 cell has det J > 0 at the nodes and at 64 quadrature points (VTK quadratic-tetra
    shape functions on the points in the order VTK holds them), and the summed volume equals the
    exact sector volume 750 pi mm^3 within 1e-3 (quadratic geometry error of this mesh is ~1e-4).
On the bad file the same checks run and the tet10 volume check must fail (inverted cells): a check
that could not fail would prove nothing.
"""
import os
import subprocess
import sys

import h5py
import numpy as np
from paraview.simple import XDMFReader, Xdmf3ReaderS, Delete
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkCompositeDataSet

TYPES = {"tet4": (10, 4), "tet10": (24, 10), "hex8": (12, 8), "truss2": ((3, 4), 2)}
PFSIM_TENSOR = ["XX", "YY", "ZZ", "XY", "YZ", "XZ"]
EXACT_VOLUME = 0.5 * (np.pi / 2) * (20.0**2 - 10.0**2) * 10.0


class Failures:
    def __init__(self, label, verdict="FAIL"):
        self.label, self.verdict, self.items = label, verdict, []

    def expect(self, cond, what):
        if not cond:
            self.items.append(what)
            print(f"  {self.verdict} [{self.label}] {what}")


def tet10_shape_gradients(p):
    """dN/d(r,s,t) of VTK's quadratic tetra (corners 0-3, mid-edges 01 12 02 03 13 23) at p."""
    r, s, t = p
    L = np.array([1 - r - s - t, r, s, t])
    dL = np.array([[-1, -1, -1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], float)
    g = np.zeros((10, 3))
    for i in range(4):
        g[i] = (4 * L[i] - 1) * dL[i]
    for n, (a, b) in enumerate([(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)]):
        g[4 + n] = 4 * (L[a] * dL[b] + L[b] * dL[a])
    return g


def tet_quadrature(n=4):
    """Collapsed (Duffy) Gauss rule with n^3 points on the unit tetrahedron (exact to 2n-3)."""
    x, w = np.polynomial.legendre.leggauss(n)
    x, w = 0.5 * (x + 1), 0.5 * w
    pts, wts = [], []
    for a, wa in zip(x, w):
        for b, wb in zip(x, w):
            for c, wc in zip(x, w):
                r = a
                s = b * (1 - a)
                t = c * (1 - a) * (1 - b)
                pts.append((r, s, t))
                wts.append(wa * wb * wc * (1 - a) ** 2 * (1 - b))
    return np.array(pts), np.array(wts)


NODES_RST = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (.5, 0, 0), (.5, .5, 0), (0, .5, 0),
             (0, 0, .5), (.5, 0, .5), (0, .5, .5)]


def tet10_volume_check(points, conn, f):
    """det J > 0 at nodes and quadrature points of every cell; total volume = exact."""
    qp, qw = tet_quadrature()
    grads_q = [tet10_shape_gradients(p) for p in qp]
    grads_n = [tet10_shape_gradients(p) for p in NODES_RST]
    total, n_bad, worst = 0.0, 0, np.inf
    for cell in conn:
        X = points[cell]
        det_q = np.array([np.linalg.det(X.T @ g) for g in grads_q])
        det_n = np.array([np.linalg.det(X.T @ g) for g in grads_n])
        lo = min(det_q.min(), det_n.min())
        worst = min(worst, lo)
        n_bad += lo <= 0
        total += float(det_q @ qw)
    f.expect(n_bad == 0, f"tet10: {n_bad} of {len(conn)} cells with det J <= 0 (min {worst:.3g})")
    rel = abs(total - EXACT_VOLUME) / EXACT_VOLUME
    f.expect(rel < 1e-3, f"tet10 volume {total:.6g}, exact {EXACT_VOLUME:.6g} (rel {rel:.2e})")
    print(f"  tet10: min det J {worst:.4g}, volume {total:.8g} (exact {EXACT_VOLUME:.8g}, "
          f"rel {rel:.1e})")
    return bool(n_bad == 0 and rel < 1e-3)


def leaves(data, f):
    """{element type: dataset} of a composite reader output. XDMFReader names blocks after the
    grids ("tet10[1]" in a temporal collection); Xdmf3ReaderS leaves pieces unnamed, so those are
    told apart by their VTK cell type (one type per grid)."""
    by_vtk = {10: "tet4", 24: "tet10", 12: "hex8", 3: "truss2", 4: "truss2"}
    out = {}
    it = data.NewIterator()
    it.UnRegister(None)
    it.InitTraversal()
    while not it.IsDoneWithTraversal():
        meta = it.GetCurrentMetaData()
        grid = it.GetCurrentDataObject()
        name = meta.Get(vtkCompositeDataSet.NAME()) if meta and meta.Has(
            vtkCompositeDataSet.NAME()) else None
        if name is not None:
            name = name.split("[")[0]
        elif grid.GetNumberOfCells() > 0:
            name = by_vtk.get(grid.GetCellType(0), f"vtk type {grid.GetCellType(0)}")
        f.expect(name not in out, f"two blocks for {name}")
        out[name] = grid
        it.GoToNextItem()
    return out


def check_file(xdmf, reader_name, verdict="FAIL"):
    f = Failures(f"{os.path.basename(xdmf)} {reader_name}", verdict)
    h5 = h5py.File(xdmf[: -len(".xdmf")] + ".h5", "r")
    reader = XDMFReader(FileNames=[xdmf]) if reader_name == "XDMFReader" else Xdmf3ReaderS(
        FileName=[xdmf])
    reader.UpdatePipelineInformation()
    times = list(reader.TimestepValues)
    f.expect(times == [0.0, 1.0], f"time steps {times}, expected the frame numbers [0, 1]")
    reader.UpdatePipeline(1.0)
    blocks = leaves(reader.GetClientSideObject().GetOutputDataObject(0), f)
    f.expect(sorted(blocks) == sorted(TYPES), f"blocks {sorted(map(str, blocks))}")
    for name, names in [("stress", PFSIM_TENSOR), ("strain", PFSIM_TENSOR)]:
        info = reader.CellData[name]
        got = [info.GetComponentName(k) for k in range(info.GetNumberOfComponents())]
        f.expect(got == names, f"{name}: ParaView components {got}, expected {names}")
    x = h5["mesh/nodes"][...]
    step = h5["steps/0001"]
    volume_ok = None
    for tname, grid in blocks.items():
        if tname not in TYPES:
            continue
        vtk_type, k = TYPES[tname]
        conn_h5 = h5[f"mesh/elements/{tname}/connectivity"][...]
        m = conn_h5.shape[0]
        f.expect(grid.GetNumberOfCells() == m, f"{tname}: {grid.GetNumberOfCells()} cells, h5 {m}")
        types = {grid.GetCellType(c) for c in range(grid.GetNumberOfCells())}
        want = set(vtk_type) if isinstance(vtk_type, tuple) else {vtk_type}
        f.expect(len(types) == 1 and types <= want, f"{tname}: VTK cell types {types}")
        cells = grid.GetCells()
        conn = vtk_to_numpy(cells.GetConnectivityArray()).reshape(-1, k)
        f.expect(np.array_equal(conn, conn_h5), f"{tname}: node order differs from the HDF5 rows")
        pts = vtk_to_numpy(grid.GetPoints().GetData())
        f.expect(np.array_equal(pts, x), f"{tname}: points differ from /mesh/nodes")
        u = vtk_to_numpy(grid.GetPointData().GetArray("displacement"))
        f.expect(np.array_equal(u, step["displacement"][...]), f"{tname}: displacement differs")
        cd = grid.GetCellData()
        el = step[f"elements/{tname}"]
        region = vtk_to_numpy(cd.GetArray("region"))
        f.expect(np.array_equal(region, h5[f"mesh/elements/{tname}/region"][...]),
                 f"{tname}: region differs")
        for field in ["von_mises", "min_J", "axial_force", "stress", "strain"]:
            present = field in el
            arr = cd.GetArray(field)
            f.expect((arr is not None) == present, f"{tname}: {field} shown = {arr is not None}")
            if arr is None or not present:
                continue
            got, want_v = vtk_to_numpy(arr), el[field][...]
            f.expect(got.shape == want_v.shape and np.array_equal(got, want_v),
                     f"{tname}: {field} differs from /steps/0001/elements/{tname}/{field}")
        if tname == "tet10":
            volume_ok = tet10_volume_check(pts, conn, f)
    Delete(reader)
    h5.close()
    return f, volume_ok


def check_frames(xdmf, reader_name):
    """The sidecar of a restarted run (write_xdmf_meshes: 12 frames, the first session's frames 4
    and 5 replaced): every frame is a time step, and frame 5 shows the restart's displacement."""
    f = Failures(f"{os.path.basename(xdmf)} {reader_name}")
    h5 = h5py.File(xdmf[: -len(".xdmf")] + ".h5", "r")
    n = len(h5["steps"])
    f.expect(n == 12, f"{n} frames in /steps, expected 12")
    reader = XDMFReader(FileNames=[xdmf]) if reader_name == "XDMFReader" else Xdmf3ReaderS(
        FileName=[xdmf])
    reader.UpdatePipelineInformation()
    times = list(reader.TimestepValues)
    f.expect(times == [float(k) for k in range(n)], f"time steps {times}, expected 0..{n - 1}")
    reader.UpdatePipeline(5.0)
    blocks = leaves(reader.GetClientSideObject().GetOutputDataObject(0), f)
    want = h5["steps/0005/displacement"][...]
    for tname, grid in blocks.items():
        arr = grid.GetPointData().GetArray("displacement")
        got = vtk_to_numpy(arr) if arr is not None else None
        f.expect(got is not None and got.shape == want.shape and np.array_equal(got, want),
                 f"{tname}: displacement at time 5 differs from /steps/0005/displacement")
    f.expect(float(want.max()) < 500.0, "frame 5 holds the interrupted session's junk")
    Delete(reader)
    h5.close()
    return f


def main():
    writer, folder = sys.argv[1], os.path.abspath(sys.argv[2])
    subprocess.run([writer, folder], check=True)
    failures = 0
    for reader in ["XDMFReader", "Xdmf3ReaderS"]:
        good, vol_good = check_file(os.path.join(folder, "xdmf_good.xdmf"), reader)
        failures += len(good.items)
        print(f"good file, {reader}: {'ok' if not good.items else 'FAILED'}")
        bad, vol_bad = check_file(os.path.join(folder, "xdmf_bad.xdmf"), reader,
                                  "failed (expected for volume checks)")
        others = [w for w in bad.items if "det J" not in w and not w.startswith("tet10 volume")]
        if vol_bad is not False:
            failures += 1
            print(f"FAIL: the swapped tet10 mesh passed the volume check with {reader}")
        else:
            print(f"bad file, {reader}: volume check failed as it must")
        failures += len(others)
        frames = check_frames(os.path.join(folder, "xdmf_frames.xdmf"), reader)
        failures += len(frames.items)
        print(f"restarted file, {reader}: {'ok' if not frames.items else 'FAILED'}")
    print("check_xdmf_paraview:", "all checks passed" if failures == 0 else f"{failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
