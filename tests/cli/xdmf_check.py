"""Run with pvbatch: opens a pfsim .xdmf with ParaView's XDMF reader and checks it.
args: XDMF n_cells n_points node value_u_x value_von_mises_cell0 expected_volume"""
import sys

from paraview import servermanager as sm
from paraview.simple import CellSize, MergeBlocks, OpenDataFile
from vtkmodules.numpy_interface import dataset_adapter as dsa

path = sys.argv[1]
n_cells, n_points, node = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ux, vm0, volume = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
bad = []
reader = OpenDataFile(path)
reader.UpdatePipeline()
merged = MergeBlocks(Input=reader)
sizes = CellSize(Input=merged)
sizes.UpdatePipeline()
data = dsa.WrapDataObject(sm.Fetch(sizes))
print("cells", data.GetNumberOfCells(), "points", data.GetNumberOfPoints())
if data.GetNumberOfCells() != n_cells:
    bad.append("cell count %d != %d" % (data.GetNumberOfCells(), n_cells))
types = set(data.CellTypes)
if types != {24}:  # VTK_QUADRATIC_TETRA
    bad.append("cell types %s, expected VTK_QUADRATIC_TETRA (24)" % types)
u = data.PointData["displacement"]
if u is None or abs(u[node][0] - ux) > 1e-12 * max(1.0, abs(ux)):
    bad.append("displacement at node %d: %s != %r" % (node, None if u is None else u[node][0], ux))
v = data.CellData["von_mises"]
if v is None or abs(v[0] - vm0) > 1e-12 * max(1.0, abs(vm0)):
    bad.append("von_mises of cell 0: %s != %r" % (None if v is None else v[0], vm0))
vol = data.CellData["Volume"]
print("min cell volume %.6g, total %.6f (expected %.6f)" % (vol.min(), vol.sum(), volume))
if vol.min() <= 0:
    bad.append("%d cells with non-positive volume" % int((vol <= 0).sum()))
# VTK measures a quadratic tetrahedron by its linear subdivision (facets between mid-edge nodes),
# which misses O(h^2) of a curved boundary: 0.2% on this coarse ring
if abs(vol.sum() - volume) > 5e-3 * volume:
    bad.append("total volume %.6f != %.6f" % (vol.sum(), volume))
for b in bad:
    print("FAIL", b)
sys.exit(1 if bad else 0)
