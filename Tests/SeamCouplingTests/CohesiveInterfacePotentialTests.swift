import Testing
import SeamCore
import SeamPotential
import SeamCohesive
import SeamFEM
import SeamCoupling
import SeamTestSupport

@Suite struct CohesiveInterfacePotentialTests {
    @Test("Cohesive interface potential: forces and virial are the derivatives of its energy (masked LJ slab, opened and perturbed)")
    func derivativesMatchFiniteDifferences() throws {
        let lj = try Fixtures.lennardJones()
        let slab = try InterfaceSlab.cleaving(Crystal.fcc(Fixtures.argon, a: Fixtures.argonLattice), halfThickness: 5)
        let law = try LawDerivation(potential: lj, slab: slab)
            .rigid(.opening, separations: stride(from: 0.0, through: 9.0, by: 0.1).map { $0 }).tabulated()
        let separation = try InterfaceSeparation(slab: slab, potential: lj, law: law, isolated: true, gripThickness: nil)
        var s = slab.displaced(by: Vec3(0.15, -0.1, 0.9))
        var rng = SeededGenerator(seed: 7)
        for i in s.positions.indices { s.positions[i] += Vec3(0.05 * (rng.uniform() - 0.5), 0.05 * (rng.uniform() - 0.5), 0.05 * (rng.uniform() - 0.5)) }
        let p = separation.potential
        #expect(p.cohesiveEnergy(s) > 0.1 * law.workOfSeparation * slab.area)
        let forceError = try PotentialChecks.forceError(p, s, mask: separation.mask)
        let virialError = try PotentialChecks.virialError(p, s, mask: separation.mask)
        #expect(forceError < 1e-6, "force error \(forceError)")
        #expect(virialError < 1e-6, "virial error \(virialError)")
    }

    @Test("Bad coupling layouts are input errors that name the problem")
    func badLayoutsThrow() throws {
        let fcc = Crystal.fcc(Fixtures.argon, a: Fixtures.argonLattice)
        // Pads reaching beyond the mesh.
        #expect(throws: InputError.self) {
            try CouplingLayout(crystal: fcc, cellsX: 4, cellsY: 4, atomisticX: 1..<3, atomisticY: 1..<3, padDepth: 8)
        }
        // A vacancy on the interface.
        #expect(throws: InputError.self) {
            try CouplingLayout(crystal: fcc, cellsX: 6, cellsY: 6, atomisticX: 2..<4, atomisticY: 2..<4, padDepth: 8,
                               removedSites: [Vec3(2 * Fixtures.argonLattice, 3 * Fixtures.argonLattice, 0)])
        }
        // Mesh nodes off the atom columns (spacing a/3 on a lattice of a/2 columns).
        let layout = try CouplingLayout(crystal: fcc, cellsX: 6, cellsY: 6, atomisticX: 2..<4, atomisticY: 2..<4,
                                        meshDivisions: 3, padDepth: 8)
        let lj = try Fixtures.lennardJones()
        let material = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: Fixtures.argonLattice, element: Fixtures.argon))
        let error = #expect(throws: InputError.self) {
            try CoupledProblem(layout: layout, potential: lj, material: material, dirichlet: Fixtures.uniformBoundary(.identity))
        }
        #expect(error?.message.contains("no atom column") == true)
    }
}
