import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// The solver-cost measures (Anderson acceleration, inexact inner solves, memoised and
/// one-evaluation Cauchy-Born responses) change how equilibrium is reached, not where.
@Suite struct SolverAccelerationTests {
    @Test("Anderson, Aitken, inexact-inner and restarted-Anderson alternating solves all reach the homogeneous state under uniform shear")
    func accelerationsReachTheSameState() throws {
        let f = Fixtures.shear
        let problem = try Fixtures.argonProblem(f)
        let exact = try problem.uniformState(f)
        var anderson = CouplingSolverOptions()
        anderson.forceTolerance = 1e-5
        var aitken = anderson
        aitken.andersonDepth = 0
        var inexact = anderson
        inexact.innerToleranceFactor = 0.1
        // Restart threshold 0: the safeguard fires at every alternation (plain steps).
        var restarting = anderson
        restarting.andersonRestartGrowth = 0
        for (name, options) in [("Anderson", anderson), ("Aitken", aitken), ("inexact", inexact), ("restarting", restarting)] {
            let s = try problem.solve(options: options)
            let error = problem.realAtoms.map { (s.final.state.positions[$0] - exact.positions[$0]).norm }.max()!
            if name == "restarting" { #expect(s.andersonRestarts == max(0, s.iterations - 2) && s.andersonRestarts > 0) }
            print("\(name): \(s.iterations) alternations, \(s.relaxationSteps) L-BFGS iterations, atom error \(error) Å")
            #expect(s.final.maximumAtomForce < 1e-5 && s.final.maximumNodeForce < 1e-5, "\(name)")
            // Same bound as the stretch test in CoupledSolverTests (tolerance 1e-5 eV/Å).
            #expect(error < 1e-3, "\(name): largest atom position error \(error) Å")
        }
    }

    @Test("Stress-only Cauchy-Born response (one evaluation) equals the stress of the full response path")
    func stressOnlyPathMatchesFullPath() throws {
        let lj = try Fixtures.lennardJones()
        let cb = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: Fixtures.argonLattice, element: Fixtures.argon))
        let f = Mat3(rows: Vec3(1.02, 0.03, 0), Vec3(-0.01, 0.985, 0), Vec3(0, 0, 1))
        let fast = try cb.response(at: f, request: [.energy, .stress])
        let full = try cb.response(at: f, request: [.energy, .stress, .tangent])
        let scale = full.stress.maxAbs
        #expect(scale > 1e-5)
        // Same lattice sum, other neighbour-list order: agreement to round-off.
        #expect((fast.stress - full.stress).maxAbs <= 1e-10 * scale, "stress differs by \((fast.stress - full.stress).maxAbs) of \(scale) eV/Å^3")
        #expect(abs(fast.energyDensity - full.energyDensity) < 1e-12 * abs(full.energyDensity))
    }

    @Test("Memoised cell responses of CellSwitchedMaterial follow F and the request (never stale)")
    func memoFollowsDeformationAndRequest() throws {
        let lj = try Fixtures.lennardJones()
        let cb = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: Fixtures.argonLattice, element: Fixtures.argon))
        let c = try cb.response(at: .identity, request: .tangent).tangent
        let m = try CellSwitchedMaterial(near: cb, far: try LinearElasticAnisotropic(stiffness: c), usesNear: [true, true])
        let f1 = Mat3(rows: Vec3(1.01, 0.002, 0), Vec3(0, 0.995, 0), Vec3(0, 0, 1))
        let f2 = Mat3(rows: Vec3(1.01, 0.002, 0), Vec3(0, 0.99500001, 0), Vec3(0, 0, 1))
        let sequence: [(Mat3, MaterialRequest)] = [(f1, .stress), (f1, .stress), (f2, .stress), (f1, [.stress, .tangent]), (f1, .stress)]
        for (f, request) in sequence {
            let got = try m.response(at: f, block: 0, cell: 0, request: request)
            let fresh = try cb.response(at: f, request: request)
            #expect(got.stress == fresh.stress)
            if request.contains(.tangent) { #expect(got.tangent == fresh.tangent) }
        }
        // Another cell keeps its own entry.
        let other = try m.response(at: f2, block: 0, cell: 1, request: .stress)
        let freshOther = try cb.response(at: f2, request: .stress)
        #expect(other.stress == freshOther.stress)
    }
}
