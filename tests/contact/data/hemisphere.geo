// A quarter of the lower half of a sphere of radius R centred at (0, 0, R), for the Hertz test
// (tests/contact/test_contact.py): the pole at the origin, the flat cut face at z = R.
// Parameters (-setnumber): R, hf (element size within rf of the pole), rf, hc (size far from it).
// The size grows linearly from hf at distance rf from the pole to hc at distance 4 rf.
// The mid-edge nodes lie on the sphere (Mesh.SecondOrderLinear = 0): Hertz's pressure follows the
// surface's curvature, and on a faceted sphere (mid-edge nodes on the chords, h^2 / (8 R) inside
// it) the curvature sits at the face edges, which made the nodal pressures scatter by 3-4% (std)
// about the closed form on the coarse mesh (corner nodes high, mid-edge nodes low), 2% curved.
// Surfaces: sphere (the curved face), top (z = R), xsym (x = 0), ysym (y = 0); volume: ball.
SetFactory("OpenCASCADE");
DefineConstant[ R = 10, hf = 0.1, rf = 1.5, hc = 2 ];
Sphere(1) = {0, 0, R, R, -Pi / 2, 0, Pi / 2};
Mesh.ElementOrder = 2; Mesh.SecondOrderLinear = 0; General.NumThreads = 1;
Mesh.MeshSizeFromPoints = 0; Mesh.MeshSizeFromCurvature = 0; Mesh.MeshSizeExtendFromBoundary = 0;
Point(100) = {0, 0, 0};
Field[1] = Distance; Field[1].PointsList = {100};
Field[2] = Threshold; Field[2].InField = 1;
Field[2].SizeMin = hf; Field[2].SizeMax = hc; Field[2].DistMin = rf; Field[2].DistMax = 4 * rf;
Background Field = 2;
eps = 1e-6;
Physical Volume("ball") = {1};
Physical Surface("top") = Surface In BoundingBox{-eps, -eps, R - eps, R + eps, R + eps, R + eps};
Physical Surface("xsym") = Surface In BoundingBox{-eps, -eps, -eps, eps, R + eps, R + eps};
Physical Surface("ysym") = Surface In BoundingBox{-eps, -eps, -eps, R + eps, eps, R + eps};
flat() = Surface In BoundingBox{-eps, -eps, R - eps, R + eps, R + eps, R + eps};
flat() += Surface In BoundingBox{-eps, -eps, -eps, eps, R + eps, R + eps};
flat() += Surface In BoundingBox{-eps, -eps, -eps, R + eps, eps, R + eps};
curved() = {};
all() = Surface{:};
For i In {0 : #all() - 1}
  If (all(i) != flat(0) && all(i) != flat(1) && all(i) != flat(2))
    curved() += all(i);
  EndIf
EndFor
Physical Surface("sphere") = {curved()};
