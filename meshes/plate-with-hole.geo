// Quarter of a square plate with a central circular hole (Kirsch problem), 2D.
// Units: Å. Plate half-width W = 100 Å, hole radius R = 20 Å; symmetry on x = 0 and y = 0.
// Physical groups: surface "plate"; curves "bottom" (y = 0, symmetry), "right" (x = W,
// traction), "top" (y = W), "left" (x = 0, symmetry), "hole" (traction-free arc).
// Generate: gmsh -2 -format msh41 plate-with-hole.geo -o plate-with-hole.msh
W = 100.0;
R = 20.0;
lcFar = 12.0;   // element size far from the hole, Å
lcHole = 3.0;   // element size on the hole, Å

Point(1) = {0, 0, 0, lcHole};
Point(2) = {R, 0, 0, lcHole};
Point(3) = {W, 0, 0, lcFar};
Point(4) = {W, W, 0, lcFar};
Point(5) = {0, W, 0, lcFar};
Point(6) = {0, R, 0, lcHole};

Line(1) = {2, 3};
Line(2) = {3, 4};
Line(3) = {4, 5};
Line(4) = {5, 6};
Circle(5) = {6, 1, 2};

Curve Loop(1) = {1, 2, 3, 4, 5};
Plane Surface(1) = {1};

Physical Curve("bottom") = {1};
Physical Curve("right") = {2};
Physical Curve("top") = {3};
Physical Curve("left") = {4};
Physical Curve("hole") = {5};
Physical Surface("plate") = {1};
