// A box [0, Lx] x [0, Ly] x [0, Lz] for the contact tests (tests/contact/test_contact.py).
// Parameters (-setnumber): Lx Ly Lz, h (element size), order (1 or 2: tet4 / tet10),
// structured (1: the bottom face meshed as a regular grid of right triangles, equal areas),
// refs (0: none; 1: one point GROUND_REF below the box; 2: also a set TWO_REFS of two points).
// Surfaces: bottom (z = 0), top (z = Lz), xmin, ymin, xmax, ymax; volume: block.
SetFactory("OpenCASCADE");
DefineConstant[ Lx = 2, Ly = 2, Lz = 1, h = 0.3, order = 2, structured = 0, refs = 0 ];
Box(1) = {0, 0, 0, Lx, Ly, Lz};
Mesh.MeshSizeMin = h; Mesh.MeshSizeMax = h;
Mesh.ElementOrder = order; Mesh.SecondOrderLinear = 1; General.NumThreads = 1;
eps = 1e-6;
bot() = Surface In BoundingBox{-eps, -eps, -eps, Lx + eps, Ly + eps, eps};
If (structured)
  cx() = Curve In BoundingBox{-eps, -eps, -eps, Lx + eps, eps, eps};
  cx() += Curve In BoundingBox{-eps, Ly - eps, -eps, Lx + eps, Ly + eps, eps};
  cy() = Curve In BoundingBox{-eps, -eps, -eps, eps, Ly + eps, eps};
  cy() += Curve In BoundingBox{Lx - eps, -eps, -eps, Lx + eps, Ly + eps, eps};
  Transfinite Curve{cx()} = Round(Lx / h) + 1;
  Transfinite Curve{cy()} = Round(Ly / h) + 1;
  Transfinite Surface{bot()};
EndIf
Physical Volume("block") = {1};
Physical Surface("bottom") = {bot()};
Physical Surface("top") = Surface In BoundingBox{-eps, -eps, Lz - eps, Lx + eps, Ly + eps, Lz + eps};
Physical Surface("xmin") = Surface In BoundingBox{-eps, -eps, -eps, eps, Ly + eps, Lz + eps};
Physical Surface("ymin") = Surface In BoundingBox{-eps, -eps, -eps, Lx + eps, eps, Lz + eps};
Physical Surface("xmax") = Surface In BoundingBox{Lx - eps, -eps, -eps, Lx + eps, Ly + eps, Lz + eps};
Physical Surface("ymax") = Surface In BoundingBox{-eps, Ly - eps, -eps, Lx + eps, Ly + eps, Lz + eps};
If (refs >= 1)
  Point(1001) = {Lx / 2, Ly / 2, -1};
  Physical Point("GROUND_REF") = {1001};
EndIf
If (refs >= 2)
  Point(1002) = {Lx / 2, Ly / 2, -2};
  Physical Point("TWO_REFS") = {1001, 1002};
EndIf
