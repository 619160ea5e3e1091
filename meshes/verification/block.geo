// 10 x 2 x 2 mm block for pfsim's mesh-reader verification (see regenerate.sh).
// Physical groups: volume "block", surfaces "clamp" (x = 0), "tip" (x = 10), "top" (z = 2),
// point "corner" (the origin). Options from the command line: -setnumber h SIZE (tets),
// -setnumber hex 1 (structured 10 x 2 x 2 hexahedra); -order 2 gives tet10.
SetFactory("OpenCASCADE");
DefineConstant[ h = 1.0, hex = 0 ];
Box(1) = {0, 0, 0, 10, 2, 2};
eps = 1e-6;
clamp() = Surface In BoundingBox {-eps, -eps, -eps, eps, 2 + eps, 2 + eps};
tip() = Surface In BoundingBox {10 - eps, -eps, -eps, 10 + eps, 2 + eps, 2 + eps};
top() = Surface In BoundingBox {-eps, -eps, 2 - eps, 10 + eps, 2 + eps, 2 + eps};
corner() = Point In BoundingBox {-eps, -eps, -eps, eps, eps, eps};
Mesh.MeshSizeMin = h;
Mesh.MeshSizeMax = h;
If (hex)
  // 3 nodes (2 cells) across y and z, 11 nodes (10 cells) along x.
  Transfinite Curve {:} = 3;
  For y In {0 : 2 : 2}
    For z In {0 : 2 : 2}
      cx() = Curve In BoundingBox {-eps, y - eps, z - eps, 10 + eps, y + eps, z + eps};
      Transfinite Curve {cx()} = 11;
    EndFor
  EndFor
  Transfinite Surface {:};
  Recombine Surface {:};
  Transfinite Volume {1};
EndIf
Physical Volume("block") = {1};
Physical Surface("clamp") = {clamp()};
Physical Surface("tip") = {tip()};
Physical Surface("top") = {top()};
Physical Point("corner") = {corner()};
