import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// A vacancy in the atomistic region under a uniform boundary stretch: the coupled solution
/// against the full-atomistic solution of the same domain whose boundary band (r_c deep) is
/// held at the coupled continuum displacement. Were the coupling exact, the two would agree;
/// the difference is the coupling error (continuum in place of atoms between band and region).
@Suite struct FullAtomisticComparisonTests {
    @Test("Coupled vacancy relaxation agrees with the full-atomistic one near the defect")
    func vacancyMatchesFullAtomistic() throws {
        let f = Fixtures.stretch
        let a = Fixtures.argonLattice
        let lj = try Fixtures.lennardJones()
        let layout = try CouplingLayout(crystal: Crystal.fcc(Fixtures.argon, a: a), cellsX: 6, cellsY: 6,
                                        atomisticX: 2..<4, atomisticY: 2..<4, meshDivisions: 2, padDepth: 8.0,
                                        removedSites: [Vec3(3 * a, 3 * a, 0)])
        let material = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: a, element: Fixtures.argon))
        let problem = try CoupledProblem(layout: layout, potential: lj, material: material, dirichlet: Fixtures.uniformBoundary(f))
        var options = CouplingSolverOptions()
        options.forceTolerance = 1e-5
        let coupled = try problem.solve(from: problem.uniformState(f), options: options)
        let u = coupled.final.state.displacement
        let full = try FullAtomisticReference(layout: layout, potential: lj).solve(boundaryDisplacement: { x in
            problem.interpolatedDisplacement(at: x, u) ?? (f * x - x)
        }, forceTolerance: 1e-6)
        #expect(full.converged)
        var field = 0.0, error = 0.0
        for i in problem.realAtoms {
            let x = problem.reference.positions[i]
            let j = full.structure.positions.indices.first { (f * x - full.structure.positions[$0]).norm < 0.5 }!
            field = max(field, (full.structure.positions[j] - f * x).norm)
            error = max(error, (coupled.final.state.positions[i] - full.structure.positions[j]).norm)
        }
        print("vacancy: defect field \(field) Å, coupled vs full \(error) Å, \(coupled.iterations) iterations, \(coupled.factorizations) factorisations")
        #expect(field > 1e-3)
        #expect(error < 0.01 * field, "coupled vs full-atomistic difference \(error) Å against a defect field of \(field) Å")
    }
}
