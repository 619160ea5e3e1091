// A quarter of a soft-tissue dome for the contact tests (tests/contact/test_contact.py): the cap
// of height H of a sphere of radius Rs centred at (0, 0, Rs), the pole at the origin, the flat top
// at z = H. A point GROUND_REF at (0, 0, -5), not used by any element, carries the ground plane.
// Parameters (-setnumber): Rs, H, hb (element size at the pole), ht (at the top).
// Surfaces: skin (the curved face), top (z = H), xsym (x = 0), ysym (y = 0); volume: pad.
SetFactory("OpenCASCADE");
DefineConstant[ Rs = 20, H = 10, hb = 1.2, ht = 2.5 ];
Sphere(1) = {0, 0, Rs, Rs, -Pi / 2, Asin((H - Rs) / Rs), Pi / 2};
Mesh.ElementOrder = 2; Mesh.SecondOrderLinear = 1; General.NumThreads = 1;
Mesh.MeshSizeFromPoints = 0; Mesh.MeshSizeFromCurvature = 0; Mesh.MeshSizeExtendFromBoundary = 0;
Field[1] = MathEval; Field[1].F = Sprintf("%g + (%g - %g) * z / %g", hb, ht, hb, H);
Background Field = 1;
Point(1001) = {0, 0, -5};
eps = 1e-6;
flat() = Surface In BoundingBox{-eps, -eps, H - eps, Rs + eps, Rs + eps, H + eps};
flat() += Surface In BoundingBox{-eps, -eps, -eps, eps, Rs + eps, H + eps};
flat() += Surface In BoundingBox{-eps, -eps, -eps, Rs + eps, eps, H + eps};
curved() = {};
all() = Surface{:};
For i In {0 : #all() - 1}
  If (all(i) != flat(0) && all(i) != flat(1) && all(i) != flat(2))
    curved() += all(i);
  EndIf
EndFor
Physical Volume("pad") = {1};
Physical Surface("skin") = {curved()};
Physical Surface("top") = {flat(0)};
Physical Surface("xsym") = {flat(1)};
Physical Surface("ysym") = {flat(2)};
Physical Point("GROUND_REF") = {1001};
