import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// The patch test of the coupling: under a uniform deformation no real atom and no free node
/// carries a force (no ghost forces), for a pair potential and for the HDNNP.
@Suite struct CouplingPatchTests {
    @Test("Lennard-Jones: uniform stretch and shear give no force on real atoms or free nodes",
          arguments: [("stretch", Fixtures.stretch), ("shear", Fixtures.shear)])
    func lennardJonesPatchTest(name: String, f: Mat3) throws {
        let problem = try Fixtures.argonProblem(f)
        #expect(problem.realAtoms.count > 20 && problem.padAtoms.count > 50, "\(problem.realAtoms.count) real, \(problem.padAtoms.count) pads")
        let forces = try problem.forces(problem.uniformState(f))
        #expect(forces.maximumAtomForce < 1e-8, "\(name): largest real-atom force \(forces.maximumAtomForce) eV/Å")
        #expect(forces.maximumNodeForce < 1e-8, "\(name): largest free-node force \(forces.maximumNodeForce) eV/Å")
        print("patch \(name) LJ: atoms \(forces.maximumAtomForce) nodes \(forces.maximumNodeForce) eV/Å")
        // The uniform state is consistent: re-placing pads and slaving the interface changes nothing.
        let state = try problem.uniformState(f)
        let again = try problem.consistent(state)
        let moved = zip(state.positions, again.positions).map { ($0 - $1).norm }.max() ?? 0
        #expect(moved < 1e-12)
    }

    @Test("Lennard-Jones: the patch test holds on a mesh coarsened away from the atoms (ratio 1.6)")
    func coarsenedMeshPatchTest() throws {
        let problem = try Fixtures.argonProblem(Fixtures.shear, cells: 20, coarseningRatio: 1.6)
        let uniform = try Fixtures.argonProblem(Fixtures.shear, cells: 20)
        #expect(problem.model.mesh.cellCount < uniform.model.mesh.cellCount / 2,
                "\(problem.model.mesh.cellCount) vs \(uniform.model.mesh.cellCount) triangles")
        let forces = try problem.forces(problem.uniformState(Fixtures.shear))
        #expect(forces.maximumAtomForce < 1e-8 && forces.maximumNodeForce < 1e-8,
                "atoms \(forces.maximumAtomForce), nodes \(forces.maximumNodeForce) eV/Å")
    }

    @Test("Energy bookkeeping under uniform strain: real atoms carry the Cauchy-Born energy per atom, the continuum W(F) times its volume")
    func energyTermsAgreeWithCauchyBorn() throws {
        let f = Fixtures.shear
        let problem = try Fixtures.argonProblem(f)
        let forces = try problem.forces(problem.uniformState(f))
        let w = try problem.model.material.response(at: f, request: .energy).energyDensity
        let a = Fixtures.argonLattice, atomVolume = a * a * a / 4
        let perAtom = forces.atomisticEnergy / Double(problem.realAtoms.count)
        #expect(abs(perAtom - w * atomVolume) < 1e-10 * abs(w * atomVolume), "\(perAtom) vs \(w * atomVolume) eV")
        let h = problem.layout.hole
        let volume = (36 * a * a - (h.x1 - h.x0) * (h.y1 - h.y0)) * problem.layout.thickness
        #expect(abs(forces.continuumEnergy - w * volume) < 1e-10 * abs(w * volume))
    }

    @Test("Lennard-Jones: pads shallower than the cutoff leave ghost forces on real atoms")
    func shallowPadsFail() throws {
        let problem = try Fixtures.argonProblem(Fixtures.stretch, padDepth: 3.0)
        let forces = try problem.forces(problem.uniformState(Fixtures.stretch))
        #expect(forces.maximumAtomForce > 1e-3, "largest real-atom force \(forces.maximumAtomForce) eV/Å")
        print("shallow pads ghost force \(forces.maximumAtomForce) eV/Å")
    }

    @Test("A plain energy-based coupling (real-atom energies + continuum) has large ghost forces under uniform strain")
    func energyBasedCouplingHasGhostForces() throws {
        let f = Fixtures.stretch
        let problem = try Fixtures.argonProblem(f)
        let state = try problem.uniformState(f)
        let real = Set(problem.realAtoms), interfaceAtoms = Set(problem.interfaceColumns.joined())
        // E(x) = Σ_{i real} E_i (pads present) + continuum; the continuum does not depend on
        // atoms off the interface columns, so the ghost force there is -∂/∂x of the first sum.
        func atomisticEnergy(_ positions: [Vec3]) throws -> Double {
            var s = problem.reference
            s.positions = positions
            let r = try problem.potential.evaluate(s, request: [.energy, .atomEnergies])
            return real.reduce(0) { $0 + r.atomEnergies[$1] }
        }
        let h = problem.layout.hole
        let nearInterface = problem.realAtoms.filter { !interfaceAtoms.contains($0) && problem.reference.positions[$0].x < h.x0 + 3 }
        #expect(!nearInterface.isEmpty)
        let step = 1e-4
        var largest = 0.0
        for i in nearInterface.prefix(4) {
            var plus = state.positions, minus = state.positions
            plus[i].x += step; minus[i].x -= step
            let ghost = -(try atomisticEnergy(plus) - atomisticEnergy(minus)) / (2 * step)
            largest = max(largest, abs(ghost))
        }
        #expect(largest > 1e-3, "largest energy-based ghost force \(largest) eV/Å")
        print("energy-based ghost force \(largest) eV/Å")
        // The force-based coupling on the same state: zero.
        #expect(try problem.forces(state).maximumAtomForce < 1e-8)
    }
}
