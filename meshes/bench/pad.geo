// 40 x 40 x 20 mm block of heel-pad soft tissue for scripts/bench (finite strain, pfsim vs
// CalculiX): bonded between two rigid plates, the top one pushed down 30% of the thickness.
// Physical groups: volume "pad", surfaces "bottom" (z = 0) and "top" (z = 20).
// Parameter from the command line: -setnumber h SIZE (uniform element size, mm).
SetFactory("OpenCASCADE");
DefineConstant[ h = 2.0 ];
Box(1) = {0, 0, 0, 40, 40, 20};
eps = 1e-6;
bottom() = Surface In BoundingBox {-eps, -eps, -eps, 40 + eps, 40 + eps, eps};
top() = Surface In BoundingBox {-eps, -eps, 20 - eps, 40 + eps, 40 + eps, 20 + eps};
Mesh.MeshSizeMin = h;
Mesh.MeshSizeMax = h;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeExtendFromBoundary = 1;
Mesh.ElementOrder = 2;
Mesh.SecondOrderLinear = 1;
General.NumThreads = 1;
Physical Volume("pad") = {1};
Physical Surface("bottom") = {bottom()};
Physical Surface("top") = {top()};
// The lower skin, the bottom and the four sides (issue 4's contact benchmark): a pad pressed on a
// plane with friction bulges and its sides roll onto the plane, so they belong to the contact
// surface too.
sides() = Abs(Boundary{ Volume{1}; });
sides() -= top();
sides() -= bottom();
Physical Surface("lower_skin") = {bottom(), sides()};
