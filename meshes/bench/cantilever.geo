// 100 x 20 x 20 mm cantilever block for scripts/bench (pfsim vs CalculiX).
// Physical groups: volume "block", surfaces "clamp" (x = 0) and "tip" (x = 100).
// Parameter from the command line: -setnumber h SIZE (uniform element size, mm).
// scripts/bench meshes it with -3 -order 2, Mesh.SecondOrderLinear 1 and General.NumThreads 1.
SetFactory("OpenCASCADE");
DefineConstant[ h = 2.0 ];
Box(1) = {0, 0, 0, 100, 20, 20};
eps = 1e-6;
clamp() = Surface In BoundingBox {-eps, -eps, -eps, eps, 20 + eps, 20 + eps};
tip() = Surface In BoundingBox {100 - eps, -eps, -eps, 100 + eps, 20 + eps, 20 + eps};
Mesh.MeshSizeMin = h;
Mesh.MeshSizeMax = h;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeExtendFromBoundary = 1;
Mesh.ElementOrder = 2;
Mesh.SecondOrderLinear = 1;
General.NumThreads = 1;
Physical Volume("block") = {1};
Physical Surface("clamp") = {clamp()};
Physical Surface("tip") = {tip()};
