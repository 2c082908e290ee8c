// A half-cylinder (lower half of a disk, flat side up) above a substrate block, 2D plane strain.
// Units: Å. Cylinder radius R = 40 Å, initial gap g = 1 Å between its lowest point and the
// substrate surface y = 0; substrate 200 Å wide (x in [-100, 100]) and 60 Å deep.
// The substrate is a structured quadrilateral mesh, the cylinder unstructured triangles,
// so the mesh has two domain cell types. The two bodies share no nodes.
// Physical groups: surfaces "substrate", "cylinder"; curves "substrate_bottom" (fixed),
// "substrate_top" (contact surface), "substrate_sides", "cylinder_top" (loaded flat side),
// "cylinder_surface" (contact arc).
// Generate: gmsh -2 -format msh41 cylinder-contact.geo -o cylinder-contact.msh
R = 40.0;
g = 1.0;
L = 100.0;
H = 60.0;
lcCyl = 4.0;    // element size on the cylinder, Å
nx = 41;        // substrate nodes along x
ny = 13;        // substrate nodes along y

// Substrate
Point(1) = {-L, -H, 0};
Point(2) = {L, -H, 0};
Point(3) = {L, 0, 0};
Point(4) = {-L, 0, 0};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = nx;
Transfinite Curve{2, 4} = ny;
Transfinite Surface{1};
Recombine Surface{1};

// Half-cylinder: centre (0, R + g), arc through the lowest point (0, g)
Point(10) = {0, R + g, 0, lcCyl};
Point(11) = {-R, R + g, 0, lcCyl};
Point(12) = {0, g, 0, lcCyl / 2};
Point(13) = {R, R + g, 0, lcCyl};
Circle(10) = {11, 10, 12};
Circle(11) = {12, 10, 13};
Line(12) = {13, 11};
Curve Loop(2) = {10, 11, 12};
Plane Surface(2) = {2};

Physical Curve("substrate_bottom") = {1};
Physical Curve("substrate_sides") = {2, 4};
Physical Curve("substrate_top") = {3};
Physical Curve("cylinder_surface") = {10, 11};
Physical Curve("cylinder_top") = {12};
Physical Surface("substrate") = {1};
Physical Surface("cylinder") = {2};
