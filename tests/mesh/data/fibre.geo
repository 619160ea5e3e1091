// A 2 x 1 x 1 mm block of 48 tet10 with a 3-component $ElementData view "fibre", written by
// gmsh itself (see make_fibre.sh, which runs this file; tests/mesh/test_mesh_elem_data.c reads it).
// The view is model-based: Plugin(NewView) makes an ElementData view on the mesh and
// Plugin(ModifyComponents) sets it in place to (x, y, z). For ElementData that plugin evaluates
// the expressions at each corner of the element in turn and keeps the last, so the value of a tet
// is the position of its 4th corner (gmsh corner 3, the same in VTK order): the test checks this.
// The view holds values for every element of the model (points, lines, triangles and tets), but
// $Elements only the elements of the physical groups (the tets and the triangles of "bottom").
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 2, 1, 1};
Physical Volume("solid") = {1};
bottom() = Surface In BoundingBox {-1e-6, -1e-6, -1e-6, 2 + 1e-6, 1 + 1e-6, 1e-6};
Physical Surface("bottom") = {bottom()}; // its triangles are faces: their values are ignored
Mesh.MeshSizeMin = 1;
Mesh.MeshSizeMax = 1;
Mesh 3;
SetOrder 2;
Plugin(NewView).NumComp = 3;
Plugin(NewView).Type = "ElementData";
Plugin(NewView).Run;
Plugin(ModifyComponents).View = 0;
Plugin(ModifyComponents).Expression0 = "x";
Plugin(ModifyComponents).Expression1 = "y";
Plugin(ModifyComponents).Expression2 = "z";
Plugin(ModifyComponents).Run;
View[0].Name = "fibre";
Mesh.MshFileVersion = 4.1;
PostProcessing.SaveMesh = 1; // the mesh and the view in one file
Mesh.Binary = 0;
Save View[0] "fibre.msh";
Mesh.Binary = 1;
Save View[0] "fibre-bin.msh";
