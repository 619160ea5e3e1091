// A tiny fake foot for the foot-model checks (tests/config/config_foot.c, tests/cli/test_foot.py):
// three bones in a row along x on a soft-tissue slab, a cartilage layer between cuneiforms and
// metatarsal1 (a midfoot joint) and a 2 mm gap between metatarsal1 and toe1 (mtp1, a joint that
// moves), with the surfaces and landmark node sets a foot mesh has. Regenerate with
//   gmsh tiny-foot.geo -3 -nt 1 -format msh41 -o tiny-foot.msh
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 30, 6, 4};   // soft_tissue
Box(2) = {0, 0, 4, 8, 6, 6};    // cuneiforms
Box(3) = {8, 0, 4, 2, 6, 6};    // cartilage
Box(4) = {10, 0, 4, 10, 6, 6};  // metatarsal1
Box(5) = {22, 0, 4, 8, 6, 6};   // toe1 (x 20..22 is the mtp1 gap)
v() = BooleanFragments{ Volume{1}; Delete; }{ Volume{2, 3, 4, 5}; Delete; };
e = 1e-3;
Physical Volume("soft_tissue") = Volume In BoundingBox{-e, -e, -e, 30 + e, 6 + e, 4 + e};
Physical Volume("cuneiforms") = Volume In BoundingBox{-e, -e, 4 - e, 8 + e, 6 + e, 10 + e};
Physical Volume("cartilage") = Volume In BoundingBox{8 - e, -e, 4 - e, 10 + e, 6 + e, 10 + e};
Physical Volume("metatarsal1") = Volume In BoundingBox{10 - e, -e, 4 - e, 20 + e, 6 + e, 10 + e};
Physical Volume("toe1") = Volume In BoundingBox{22 - e, -e, 4 - e, 30 + e, 6 + e, 10 + e};
Physical Surface("sole") = Surface In BoundingBox{-e, -e, -e, 30 + e, 6 + e, e};
Physical Surface("tibia_cut") = Surface In BoundingBox{-e, -e, 10 - e, 8 + e, 6 + e, 10 + e};
Physical Point("mth1") = Point In BoundingBox{20 - e, -e, 4 - e, 20 + e, e, 4 + e};
Physical Point("heel_posterior") = Point In BoundingBox{-e, -e, -e, e, e, e};
Physical Point("achilles_insertion") = Point In BoundingBox{-e, -e, 4 - e, e, e, 4 + e};
Physical Point("achilles_origin") = Point In BoundingBox{-e, 6 - e, 10 - e, e, 6 + e, 10 + e};
Mesh.MeshSizeMin = 3;
Mesh.MeshSizeMax = 3;
Mesh.ElementOrder = 1;
General.NumThreads = 1;
