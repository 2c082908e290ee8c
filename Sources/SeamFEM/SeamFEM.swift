/// Finite-element continuum: reference elements, quadrature, structured meshes, dof map,
/// assembly into compressed-column form, materials, Newton, post-processing.
///
/// Design notes.
/// - Pieces are separate, deal.II-style: `ReferenceElement`/`ShapeTable` (reference cell),
///   `QuadratureRule`, `CellGeometry` (per-cell physical gradients and measures, inverted-cell
///   detection), `DofMap` (equation numbers, Dirichlet elimination), `AssemblyPattern` (CSC
///   pattern of the reduced matrix plus per-cell value positions), `ElasticityModel` (the
///   discretised problem, generic over `Material`), `NewtonSolver` (an extension of it).
/// - The matrix pattern and each cell's positions in it are computed once; assembly is then
///   a scatter-add into the value array that CHOLMOD refactorises (symbolic analysis reused
///   across Newton iterations and load steps). Dirichlet conditions are eliminated: the reduced
///   matrix stays SPD and prescribed values move to the right-hand side.
/// - Total Lagrangian: at each quadrature point F = I + ∂u/∂X (F_33 = 1 in plane strain) and
///   the material gives P and A = ∂P/∂F; linear(ised) problems use A at F = I, condensed on
///   σ_33 = 0 for plane stress. Finite-strain plane stress is left out (rejected with an
///   `InputError`).
/// - Units: lengths Å, stress and moduli eV/Å^3, forces eV/Å, tractions eV/Å^3, body forces
///   eV/Å^4; 2D forces are per `thickness` Å.
public enum SeamFEMModule {}
