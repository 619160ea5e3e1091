// Soft-tissue dome for scripts/bench --case contact (issue 4): the cap of a sphere of radius
// R = 20 mm, H = 10 mm high (base radius sqrt(H (2R - H)) = 17.3 mm), apex down at the origin,
// flat top face at z = H (held), pressed onto a rigid plane that moves up from z = 0 through the
// reference node GROUND_REF.
// Physical groups: volume "dome", surfaces "top" (z = H, flat) and "sole" (the curved cap: the
// contact surface), point "GROUND_REF" (one node 10 mm below the apex, used by no element; the
// gmsh reader makes a 0D group a node set).
// Parameter from the command line: -setnumber h SIZE (uniform element size, mm).
SetFactory("OpenCASCADE");
DefineConstant[ h = 2.0, R = 20.0, H = 10.0 ];
Sphere(1) = {0, 0, R, R};
Box(2) = {-R - 1, -R - 1, -1, 2 * R + 2, 2 * R + 2, H + 1};
v() = BooleanIntersection{ Volume{1}; Delete; }{ Volume{2}; Delete; };
eps = 1e-6;
top() = Surface In BoundingBox {-R - 1, -R - 1, H - eps, R + 1, R + 1, H + eps};
sole() = Boundary{ Volume{v(0)}; };
sole() -= top();
pref = newp;
Point(pref) = {0, 0, -H};
Mesh.MeshSizeMin = h;
Mesh.MeshSizeMax = h;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeExtendFromBoundary = 1;
Mesh.ElementOrder = 2;
Mesh.SecondOrderLinear = 1;
General.NumThreads = 1;
Physical Volume("dome") = {v(0)};
Physical Surface("top") = {top()};
Physical Surface("sole") = {sole()};
Physical Point("GROUND_REF") = {pref};
