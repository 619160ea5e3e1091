// A quarter of a thick cylinder for pfsim's tet10 verification (see regenerate.sh): inner radius
// 10 mm, outer radius 20 mm, length 4 mm along z, in the quadrant x >= 0, y >= 0. Meshed with
// second-order tetrahedra whose mid-edge nodes lie on the curved geometry (Mesh.SecondOrderLinear
// = 0), so that the reader's tet10 node order is checked on curved elements.
// Physical groups: volume "ring"; surfaces "inner" (r = 10), "outer" (r = 20), "sym_x" (x = 0),
// "sym_y" (y = 0), "end_z0" (z = 0), "end_z1" (z = 4).
SetFactory("OpenCASCADE");
DefineConstant[ h = 3.0 ];
Cylinder(1) = {0, 0, 0, 0, 0, 4, 20, Pi / 2};
Cylinder(2) = {0, 0, 0, 0, 0, 4, 10, Pi / 2};
BooleanDifference(3) = {Volume{1}; Delete;}{Volume{2}; Delete;};
eps = 1e-6;
inner() = Surface In BoundingBox {-eps, -eps, -eps, 10 + eps, 10 + eps, 4 + eps};
symx() = Surface In BoundingBox {-eps, -eps, -eps, eps, 20 + eps, 4 + eps};
symy() = Surface In BoundingBox {-eps, -eps, -eps, 20 + eps, eps, 4 + eps};
endz0() = Surface In BoundingBox {-eps, -eps, -eps, 20 + eps, 20 + eps, eps};
endz1() = Surface In BoundingBox {-eps, -eps, 4 - eps, 20 + eps, 20 + eps, 4 + eps};
outer() = Surface{:};
outer() -= {inner(), symx(), symy(), endz0(), endz1()};
Mesh.MeshSizeMin = h;
Mesh.MeshSizeMax = h;
Mesh.ElementOrder = 2;
Mesh.SecondOrderLinear = 0;
Physical Volume("ring") = {3};
Physical Surface("inner") = {inner()};
Physical Surface("outer") = {outer()};
Physical Surface("sym_x") = {symx()};
Physical Surface("sym_y") = {symy()};
Physical Surface("end_z0") = {endz0()};
Physical Surface("end_z1") = {endz1()};
