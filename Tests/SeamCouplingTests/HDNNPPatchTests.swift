import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// The patch test with the mlearn Si HDNNP (r_c = 5.5 Å, many-body): pads 2 r_c deep give no
/// force on any real atom or free node; pads only r_c deep do not suffice.
@Suite struct HDNNPPatchTests {
    @Test("Si HDNNP: uniform stretch and shear (with Kleinman inner shifts) give no force on real atoms or free nodes")
    func siliconPatchTest() throws {
        let rc = try Fixtures.siliconPotential().cutoff
        for (name, f) in [("stretch", Fixtures.stretch), ("shear", Fixtures.shear)] {
            let problem = try Fixtures.siliconProblem(f, padDepth: 2 * rc)
            let state = try problem.uniformState(f)
            let forces = try problem.forces(state)
            print("patch \(name) Si HDNNP: atoms \(forces.maximumAtomForce) nodes \(forces.maximumNodeForce) eV/Å (\(problem.realAtoms.count) real, \(problem.padAtoms.count) pads)")
            #expect(forces.maximumAtomForce < 1e-8, "\(name): largest real-atom force \(forces.maximumAtomForce) eV/Å")
            #expect(forces.maximumNodeForce < 1e-8, "\(name): largest free-node force \(forces.maximumNodeForce) eV/Å")
        }
    }

    @Test("Si HDNNP: pads one cutoff deep leave ghost forces (many-body range is 2 r_c)")
    func siliconShallowPadsFail() throws {
        let rc = try Fixtures.siliconPotential().cutoff
        let problem = try Fixtures.siliconProblem(Fixtures.stretch, padDepth: rc)
        let forces = try problem.forces(problem.uniformState(Fixtures.stretch))
        print("Si HDNNP pads r_c deep: ghost force \(forces.maximumAtomForce) eV/Å")
        #expect(forces.maximumAtomForce > 1e-3, "largest real-atom force \(forces.maximumAtomForce) eV/Å")
    }

    @Test("Si HDNNP: without the inner (Kleinman) shifts the sheared crystal is not in equilibrium, so the pads need them")
    func siliconShearNeedsInnerShifts() throws {
        let nnp = try Fixtures.siliconPotential()
        let layout = try CouplingLayout(crystal: Crystal.diamond(Fixtures.silicon, a: Fixtures.siliconLattice), cellsX: 8, cellsY: 8,
                                        atomisticX: 3..<5, atomisticY: 3..<5, meshDivisions: 1, padDepth: 2 * nnp.cutoff)
        let unrelaxed = try CauchyBornMaterial(potential: nnp, lattice: .diamond(latticeConstant: Fixtures.siliconLattice, elements: [Fixtures.silicon]),
                                               relaxesBasis: false)
        let problem = try CoupledProblem(layout: layout, potential: nnp, material: unrelaxed, dirichlet: Fixtures.uniformBoundary(Fixtures.shear))
        let forces = try problem.forces(problem.uniformState(Fixtures.shear))
        print("Si HDNNP shear without inner shifts: largest real-atom force \(forces.maximumAtomForce) eV/Å")
        #expect(forces.maximumAtomForce > 1e-3)
    }
}
