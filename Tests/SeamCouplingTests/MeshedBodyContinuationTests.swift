import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Load control and arc-length continuation of an elastic cylinder body gripped at its top and
/// brought onto an elastic substrate through a cohesive law (`MeshedBodyCohesiveContact`):
/// the grip's displacement d is the load parameter, through jump-in, pull-off and snap-off.
@Suite struct MeshedBodyContinuationTests {
    /// A small symmetric half model: a cylinder body of radius 20 Å (8 Å half-width, 10 Å high)
    /// held at its base, its apex up at the origin, and a 40 x 20 Å flat block above it, gripped
    /// at its top and brought down (the flat face is the master surface of the interface, so
    /// the gap is smooth where points slide across its nodes); 0.5 Å cells at the contact, one
    /// soft isotropic material (E = 1.5 eV/Å^3), a universal binding law (W = 0.05 eV/Å^2,
    /// l = 0.15 Å: σ_peak = W/(e l) = 0.123 eV/Å^3), short-ranged enough against the bodies'
    /// compliance for jump-in and snap-off. Apart by 3 Å (20 l) at the start.
    static func problem(material: any Material = try! LinearElasticIsotropic(youngsModulus: 1.5, poissonRatio: 0.3), length: Double = 0.15, width: Double = 8) throws -> MeshedBodyCohesiveContact {
        let grading = try ContactMeshGrading(fineSize: 0.5, fineWidth: 6, fineDepth: 3, growth: 1.4)
        let radius = 20.0
        let cylinder = try grading.rectangle(width: width, depth: 10) { x in -(radius - (radius * radius - x * x).squareRoot()) }
        // A flat block with its fine cells toward its lower face (a cylinder body of radius 10⁷
        // Å: flat to 10⁻⁴ Å over its 40 Å).
        let block = try MeshedBodyCohesiveContact.cylinderBody(radius: 1e7, width: 40, height: 20, grading: grading)
        let law = UniversalBindingLaw(workOfSeparation: 0.05, length: length)
        return try MeshedBodyCohesiveContact(
            lower: cylinder, upper: block, material: material, law: law,
            loadPath: try .init(startSeparation: 3, approach: .depth(0.2), endSeparation: 3, step: 0.1, minimumStep: 0.02, maximumStep: 0.2),
            symmetric: true)
    }

    static let settings = try! ContactContinuation.ArcLengthSettings(step: 0.5, minimumStep: 1e-4, maximumStep: 4, indenterWeight: 20)

    struct Traced: Sendable {
        var result: ContactContinuation.ArcLengthResult
        var displacements: [[Double]]
        var states: [ContactContinuationState]
        var seconds: Double
    }

    static let traced: Result<Traced, any Error> = Result {
        let start = Date()
        var displacements: [[Double]] = [], states: [ContactContinuationState] = []
        let result = try problem().traceArcLength(settings) { _, u, state in displacements.append(u); states.append(state) }
        return Traced(result: result, displacements: displacements, states: states, seconds: Date().timeIntervalSince(start))
    }

    @Test("Meshed-body arc length: the path passes jump-in, pull-off and snap-off; every state is an equilibrium (residual ≤ 1e-8) on its arc")
    func statesAreEquilibriaOnTheArc() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let records = t.result.records
        print("meshed arc: \(records.count) states, \(t.result.rejectedSteps) rejected, \(t.seconds) s, pull-off \(t.result.pullOffForce) eV/Å^2")
        for p in t.result.turningPoints { print("  \(p.kind.rawValue) (\(p.phase.rawValue)) d \(p.indenterDisplacement) Å, P \(p.force) eV/Å^2") }
        for phase in [AdhesiveCylinderContact.Phase.approach, .retract] {
            let kinds = Set(t.result.turningPoints.filter { $0.phase == phase }.map(\.kind))
            #expect(kinds.isSuperset(of: [.jumpIn, .snapOff, .pullOff]), "\(phase): \(kinds)")
        }
        let forceScale = problem.law.peakTraction * 0.5 / 8  // σ_peak × the quadrature weight of a 0.5 Å edge (4 × 2 points)
        var worstResidual = 0.0, worstArc = 0.0
        for (k, r) in records.enumerated() {
            let u = t.displacements[k]
            let e = try problem.gripEvaluation(displacement: u, gripDisplacement: r.indenterDisplacement)
            // The state's grip dofs already sit at d g.
            #expect(e.displacement.map(\.bitPattern) == u.map(\.bitPattern))
            let interface = try problem.interfaceEvaluation(displacement: u)
            let gradient = zip(interface.gradient, interface.equation).filter { $0.1 >= 0 }.reduce(0) { $0 + $1.0 * $1.0 }.squareRoot()
            let norm = e.residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
            worstResidual = max(worstResidual, norm / max(forceScale, gradient))
            guard k > 0 else { continue }
            let state = t.states[k]
            if state.reversing || state.finished {
                #expect(r.indenterDisplacement == (state.finished ? -3.0 : 0.2))
                continue
            }
            var squared = pow(Self.settings.indenterWeight * (r.indenterDisplacement - records[k - 1].indenterDisplacement), 2)
            for dof in u.indices where interface.equation[dof] >= 0 { squared += pow(u[dof] - t.displacements[k - 1][dof], 2) }
            worstArc = max(worstArc, abs(squared.squareRoot() / state.lastArcStep - 1))
        }
        print("worst relative residual \(worstResidual), worst arc-constraint error \(worstArc)")
        #expect(worstResidual <= 1e-8)
        #expect(worstArc < 1e-9)
        #expect(records.contains { !$0.stableUnderDisplacementControl } && records.contains { !$0.stableUnderLoadControl && $0.stableUnderDisplacementControl })
    }

    @Test("Meshed-body arc length: its largest tension equals the load-control pull-off (2e-4) and the displacement-control pull-off within its step")
    func pullOffMatchesTheOtherControls() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let load = try problem.followLoadControl(try .init(initialLoad: 0.02, step: 0.05, minimumStep: 1e-5))
        print("meshed load control: \(load.records.count) states, \(load.rejectedSteps) rejected; limit \(load.limitLoad) (last \(load.lastConvergedLoad)); arc \(t.result.pullOffForce)")
        // Measured 4.6e-5 (the limit extrapolated from the last two load-controlled states).
        #expect(abs(load.limitLoad / t.result.pullOffForce - 1) < 2e-4)
        #expect(load.lastConvergedLoad >= t.result.pullOffForce)
        #expect(load.records.allSatisfy { $0.stableUnderLoadControl })
        let displacement = try problem.run()
        // Within the step: the arc's pull-off lies no further from displacement control's than
        // the force change over one displacement step around it.
        let retract = displacement.records.filter { $0.phase == .retract }
        let k = try #require(retract.indices.min { retract[$0].force < retract[$1].force })
        let window = retract[max(k - 1, 0)...min(k + 1, retract.count - 1)].map(\.force)
        let stepChange = window.max()! - window.min()!
        print("displacement control pull-off \(displacement.pullOffForce) (step force change \(stepChange)), arc \(t.result.pullOffForce)")
        // Every displacement-controlled state lies on the traced curve: none is more tensile.
        #expect(retract[k].force >= t.result.pullOffForce * (1 + 1e-9))
        #expect(abs(displacement.pullOffForce - t.result.pullOffForce) <= stepChange)
    }

    @Test("Meshed-body arc length: a closed approach-retract on the traced curve books no energy, displacement control loses energy in its jumps")
    func energyBalance() throws {
        let t = try Self.traced.get()
        let records = t.result.records
        let scale = records.map { abs($0.elasticEnergy) + abs($0.adhesiveEnergy) }.max()!
        let worst = records.map { abs($0.balanceError) }.max()!
        let displacement = try Self.problem().run()
        let lost = displacement.records.last!.balanceError
        print("meshed energy scale \(scale) eV/Å; arc: largest |W - ΔU - ΔE| \(worst), final W_ext \(records.last!.externalWork); displacement control lost \(lost) in \(displacement.records.filter(\.jump).count) jumps")
        #expect(worst < 2e-3 * scale)
        // Back at the start (d = -3 Å, the same state): W_ext = ∮ P dd = 0 to quadrature accuracy.
        #expect(abs(records.last!.externalWork) < 2e-3 * scale)
        #expect(displacement.records.contains { $0.jump })
        #expect(lost > 0.05 * scale && lost > 100 * abs(records.last!.balanceError))
    }

    @Test("Grip bordered system: ∂Π/∂d, K_fc g and gᵀ K g are the derivatives of Π and of its residual (central differences)")
    func borderedTangentMatchesFiniteDifferences() throws {
        let problem = try Self.problem()
        let mesh = problem.combinedMesh()
        var u = [Double](repeating: 0, count: 2 * mesh.nodes.count)
        for (n, x) in mesh.nodes.enumerated() {
            u[2 * n] = 0.05 * sin(0.3 * x.x + 0.2 * x.y) * (x.x == 0 ? 0 : 1)
            u[2 * n + 1] = 0.1 * cos(0.2 * x.x) * exp(-abs(x.y) / 8) + (x.y > 0 ? 0.4 : 0)
        }
        let d = -0.2, h = 1e-5
        let at = try problem.gripEvaluation(displacement: u, gripDisplacement: d)
        let up = try problem.gripEvaluation(displacement: u, gripDisplacement: d + h)
        let down = try problem.gripEvaluation(displacement: u, gripDisplacement: d - h)
        #expect(abs((up.energy - down.energy) / (2 * h) - at.force) < 1e-6 * abs(at.force))
        #expect(abs((up.force - down.force) / (2 * h) - at.stiffness) < 1e-6 * abs(at.stiffness))
        var worst = 0.0, scale = 0.0
        for k in u.indices {
            worst = max(worst, abs((up.residual[k] - down.residual[k]) / (2 * h) - at.coupling[k])); scale = max(scale, abs(at.coupling[k]))
        }
        print("grip FD: force \(at.force), stiffness \(at.stiffness), coupling \(worst) of \(scale)")
        #expect(scale > 0 && worst < 1e-6 * scale)
        // Symmetry of the bordered matrix: ∂f/∂u_k = ∂r_k/∂d at free dofs.
        let free = u.indices.filter { at.coupling[$0] != 0 }.prefix(12)
        #expect(!free.isEmpty)
        for k in free {
            var a = u, b = u
            a[k] += h; b[k] -= h
            let fa = try problem.gripEvaluation(displacement: a, gripDisplacement: d).force, fb = try problem.gripEvaluation(displacement: b, gripDisplacement: d).force
            #expect(abs((fa - fb) / (2 * h) - at.coupling[k]) < 1e-6 * scale)
        }
    }

    @Test("Meshed-body arc length and load control: resumed from a JSON-round-tripped state, the paths end with bitwise the same records")
    func resumedPathsAreIdentical() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let k = t.states.count * 2 / 3
        let saved = try JSONDecoder().decode(ContactContinuationState.self, from: JSONEncoder().encode(t.states[k]))
        #expect(saved == t.states[k])
        let resumed = try problem.traceArcLength(Self.settings, resumingFrom: saved)
        #expect(resumed.records.map(ContactContinuationTests.bits) == t.result.records.map(ContactContinuationTests.bits))
        #expect(resumed.finalDisplacement.map(\.bitPattern) == t.result.finalDisplacement.map(\.bitPattern))
        let settings = try ContactContinuation.LoadControlSettings(initialLoad: 0.02, step: 0.04, minimumStep: 1e-3)
        var states: [ContactContinuationState] = []
        let whole = try problem.followLoadControl(settings) { _, _, state in states.append(state) }
        let again = try problem.followLoadControl(settings, resumingFrom: try JSONDecoder().decode(ContactContinuationState.self, from: JSONEncoder().encode(states[states.count / 2])))
        #expect(again.records.map(ContactContinuationTests.bits) == whole.records.map(ContactContinuationTests.bits))
        #expect(again.limitLoad.bitPattern == whole.limitLoad.bitPattern)
        #expect(throws: InputError.self) { try problem.traceArcLength(Self.settings, resumingFrom: states[1]) }
    }

    @Test("Meshed-body continuation: a grip that touches the contact face is an input error")
    func gripOnTheContactFaceIsRefused() throws {
        var problem = try Self.problem()
        problem.upper.nodeSets["top"] = (0..<Int32(problem.upper.nodes.count)).map { $0 }
        #expect(throws: InputError.self) { try problem.traceArcLength(Self.settings) }
    }
}
