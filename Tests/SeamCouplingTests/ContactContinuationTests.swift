import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Load control and arc-length continuation of the rigid adhesive cylinder on an elastic
/// substrate (plane strain), through the jump-in, pull-off and snap-off.
@Suite struct ContactContinuationTests {
    /// Smoothing of the Dugdale law's ends, as a fraction of its range h0 = W/σ0.
    static let transition = 0.1

    /// The Maugis-Dugdale transition case of `ContactPathResumeTests` (R = 100 Å, E* = 1.1 eV/Å^3,
    /// W = 0.05 eV/Å^2, σ0 = 0.06 eV/Å^3: λ ≈ 0.97; 0.5 Å cells, 400 Å wide), started 1.5 Å
    /// above the surface (outside the law's range) so that the approach meets the jump-in.
    static func problem(start: Double = 1.5) throws -> AdhesiveCylinderContact {
        let law = try DugdaleLaw(stress: 0.06, workOfSeparation: 0.05, transitionFraction: transition)
        return try AdhesiveCylinderContact(
            radius: 100, substrateWidth: 400, substrateDepth: 200, material: try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3),
            law: law, grading: try ContactMeshGrading(fineSize: 0.5, fineWidth: 16, fineDepth: 8, growth: 1.3),
            loadPath: try .init(startSeparation: start, approach: .depth(-0.5), endSeparation: 3.0, step: 0.2, minimumStep: 0.05, maximumStep: 0.4),
            surfaceSubdivisions: 4)
    }

    static let settings = try! ContactContinuation.ArcLengthSettings(step: 0.5, minimumStep: 1e-4, maximumStep: 4, indenterWeight: 20)

    /// One arc-length run shared by the tests below (computed once), with the displacement and
    /// path state after every accepted state.
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

    /// Maugis-Dugdale load at a given end of the Dugdale zone c (Å): bisection on the contact
    /// half-width a, c(a) increasing.
    static func maugisDugdaleLoad(_ md: MaugisDugdaleLineContact, zoneEnd c: Double) -> Double {
        var lo = 1e-9 * c, hi = c
        for _ in 0..<100 {
            let mid = (lo * hi).squareRoot()
            if md.state(halfWidth: mid).zoneEnd < c { lo = mid } else { hi = mid }
        }
        return md.state(halfWidth: (lo * hi).squareRoot()).load
    }

    @Test("Arc length: the path passes the jump-in, pull-off and snap-off and follows Maugis-Dugdale's P(a) along the unstable branches")
    func followsMaugisDugdale() throws {
        let t = try Self.traced.get()
        let records = t.result.records
        let md = try Self.problem().maugisDugdaleReference()
        let pull = md.pullOff()
        print("arc: \(records.count) states, \(t.result.rejectedSteps) rejected, \(t.seconds) s; pull-off \(t.result.pullOffForce) vs MD \(pull.load) (λ \(md.transitionParameter))")
        for p in t.result.turningPoints { print("  \(p.kind.rawValue) (\(p.phase.rawValue)) d \(p.indenterDisplacement) Å, P \(p.force) eV/Å^2") }
        // Each leg meets every turning point once: approach jump-in, snap-off, pull-off (in
        // reverse), and the retraction pull-off, snap-off, jump-in.
        for phase in [AdhesiveCylinderContact.Phase.approach, .retract] {
            let kinds = Set(t.result.turningPoints.filter { $0.phase == phase }.map(\.kind))
            #expect(kinds.isSuperset(of: [.jumpIn, .snapOff, .pullOff]), "\(phase): \(kinds)")
        }
        // P against Maugis-Dugdale on the retraction, parametrised by the end of the adhesive
        // zone c (where the gap reaches h0 = W/σ0: the same definition in both, whereas the
        // contact edge a of the smoothed law is blurred over its ramp), stable and unstable
        // states alike, wherever the zone spans more than four cells. Past the loss of contact
        // (a = 0, the branch unstable under displacement control) the Dugdale zone alone carries
        // the load: P = -2 σ0 c exactly (uniform σ0 on |x| < c), the a → 0 limit of MD's (1).
        var worst = 0.0, unstableUnderLoad = 0, unstableUnderDisplacement = 0
        for r in records where r.phase == .retract && r.cohesiveZoneHalfWidth > 2 {
            let reference = r.contactHalfWidth > 0 ? Self.maugisDugdaleLoad(md, zoneEnd: r.cohesiveZoneHalfWidth)
                                                   : -2 * md.stress * r.cohesiveZoneHalfWidth
            worst = max(worst, abs(r.force - reference) / abs(pull.load))
            if !r.stableUnderLoadControl { unstableUnderLoad += 1 }
            if !r.stableUnderDisplacementControl { unstableUnderDisplacement += 1 }
        }
        print("worst |P - P_MD(c)| / |P_pull-off| = \(worst); compared \(unstableUnderLoad) states unstable under load control, \(unstableUnderDisplacement) of them under displacement control")
        // Measured 0.038, at the states located on the snap-off (the law's 10% end ramps, 0.5 Å
        // cells); 0.021 elsewhere.
        #expect(worst < 0.05)
        #expect(unstableUnderLoad >= 5 && unstableUnderDisplacement >= 5)
        // Pull-off: measured FE/MD = 0.985 (cf. 0.988 of the displacement-controlled path on a finer mesh).
        #expect(abs(t.result.pullOffForce / pull.load - 1) < 0.03)
    }

    @Test("Arc length: its largest tension equals the load-control pull-off (0.1%), and its snap-off lies within the step where displacement control jumps")
    func pullOffAndSnapOffMatchTheOtherControls() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let load = try problem.followLoadControl(try .init(initialLoad: 0.05, step: 0.05, minimumStep: 1e-4))
        print("load control: \(load.records.count) states, \(load.rejectedSteps) rejected; limit \(load.limitLoad) at d \(load.limitIndenterDisplacement) (last converged \(load.lastConvergedLoad)); arc \(t.result.pullOffForce)")
        #expect(abs(load.limitLoad / t.result.pullOffForce - 1) < 1e-3)
        #expect(load.lastConvergedLoad >= load.limitLoad && load.lastConvergedLoad - load.limitLoad <= load.bracket)
        #expect(load.records.allSatisfy { $0.stableUnderLoadControl })
        let displacement = try problem.run()
        let k = try #require(displacement.records.firstIndex { $0.jump && $0.phase == .retract })
        let before = displacement.records[k - 1].indenterDisplacement, after = displacement.records[k].indenterDisplacement
        let snap = try #require(t.result.turningPoints.first { $0.kind == .snapOff && $0.phase == .retract })
        print("snap-off: arc d \(snap.indenterDisplacement); displacement control jumps from \(before) to \(after)")
        #expect(snap.indenterDisplacement <= before && snap.indenterDisplacement >= after)
    }

    @Test("Arc length: every state is an equilibrium, each step lies on its arc, and the closed approach-retract path books no dissipation")
    func statesAreEquilibriaOnTheArcWithoutDissipation() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let model = try problem.outputModel()
        let eq = model.dofMap.equation
        let records = t.result.records
        var worstResidual = 0.0, worstArc = 0.0
        for (k, r) in records.enumerated() {
            let u = t.displacements[k]
            var residual = try model.residualAndTangent(u, loadFactor: 0, tangent: false).residual
            let interface = try problem.interfaceEvaluation(displacement: u, indenterDisplacement: r.indenterDisplacement)
            var gradient = 0.0
            for dof in 0..<u.count where eq[dof] >= 0 { residual[Int(eq[dof])] += interface.gradient[dof]; gradient += interface.gradient[dof] * interface.gradient[dof] }
            let norm = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
            worstResidual = max(worstResidual, norm / max(0.06 * 0.5, gradient.squareRoot()))
            guard k > 0 else { continue }
            let state = t.states[k], before = t.states[k - 1]
            if state.reversing || state.finished {
                // The step that ends a phase lands on its target exactly.
                #expect(r.indenterDisplacement == (state.finished ? -3.0 : -0.5))
                continue
            }
            // The Δs used: at most the step in the state before, halved once per rejected
            // attempt (shorter where the step was cut to land at a turning point).
            let used = state.lastArcStep
            #expect(used > 0 && used <= before.step / pow(2, Double(state.rejectedSteps - before.rejectedSteps)) * (1 + 1e-12))
            let du = t.displacements[k].indices.map { t.displacements[k][$0] - t.displacements[k - 1][$0] }
            let dd = r.indenterDisplacement - records[k - 1].indenterDisplacement
            let length = (du.reduce(0) { $0 + $1 * $1 } + pow(Self.settings.indenterWeight * dd, 2)).squareRoot()
            worstArc = max(worstArc, abs(length / used - 1))
        }
        print("worst relative residual \(worstResidual), worst arc-constraint error \(worstArc)")
        #expect(worstResidual < 1e-7)
        #expect(worstArc < 1e-9)
        // Closed path from apart to apart: W_ext = ∮ P dd = ΔU_el + ΔE_adh = 0 to quadrature accuracy.
        let scale = records.map { abs($0.elasticEnergy) + abs($0.adhesiveEnergy) }.max()!
        let worstBalance = records.map { abs($0.balanceError) }.max()!
        print("energy scale \(scale) eV/Å, largest |W_ext - ΔU - ΔE| \(worstBalance), final W_ext \(records.last!.externalWork)")
        #expect(worstBalance < 2e-3 * scale)
        #expect(records.last!.adhesiveEnergy == 0 && abs(records.last!.externalWork) < 2e-3 * scale)
    }

    @Test("Displacement control does not trace the unstable branch: it jumps, with a force drop over half the pull-off and energy lost, where the arc-length path moves continuously")
    func displacementControlJumpsWhereTheArcContinues() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let displacement = try problem.run()
        let records = t.result.records
        let pull = abs(t.result.pullOffForce)
        let scale = records.map { abs($0.elasticEnergy) + abs($0.adhesiveEnergy) }.max()!
        let largestArcDrop = zip(records, records.dropFirst()).map { abs($1.force - $0.force) }.max()!
        let largestDisplacementDrop = zip(displacement.records, displacement.records.dropFirst()).map { abs($1.force - $0.force) }.max()!
        let lost = displacement.records.last!.balanceError
        print("largest force change per step: arc \(largestArcDrop), displacement control \(largestDisplacementDrop); energy lost in jumps \(lost) vs arc balance \(records.last!.balanceError)")
        #expect(largestDisplacementDrop > 0.5 * pull)
        #expect(largestArcDrop < 0.25 * pull)
        #expect(lost > 0.05 * scale)
        #expect(lost > 100 * abs(records.last!.balanceError))
        // The arc's states past the loss of contact that carry more than 10% of the pull-off
        // (the branch unstable under displacement control) are never states of displacement
        // control, which has no separated state with that much tension.
        let unstable = records.filter { !$0.stableUnderDisplacementControl && $0.contactHalfWidth == 0 && $0.force < -0.1 * pull }
        #expect(!unstable.isEmpty)
        #expect(!displacement.records.contains { $0.contactHalfWidth == 0 && $0.force < -0.1 * pull })
    }

    @Test("Arc length and load control: resumed from a JSON-round-tripped state, the paths end with bitwise the same records")
    func resumedPathsAreIdentical() throws {
        let t = try Self.traced.get()
        let problem = try Self.problem()
        let k = t.states.count - 12  // on the separating branch, past the snap-off
        let saved = try JSONDecoder().decode(ContactContinuationState.self, from: JSONEncoder().encode(t.states[k]))
        #expect(saved == t.states[k])
        let resumed = try problem.traceArcLength(Self.settings, resumingFrom: saved)
        #expect(resumed.records.count == t.result.records.count)
        #expect(resumed.records.map(Self.bits) == t.result.records.map(Self.bits))
        #expect(resumed.finalDisplacement.map(\.bitPattern) == t.result.finalDisplacement.map(\.bitPattern))
        #expect(resumed.pullOffForce.bitPattern == t.result.pullOffForce.bitPattern)

        let settings = try ContactContinuation.LoadControlSettings(initialLoad: 0.05, step: 0.1, minimumStep: 1e-3)
        var states: [ContactContinuationState] = []
        let whole = try problem.followLoadControl(settings) { _, _, state in states.append(state) }
        let j = states.count / 2
        let again = try problem.followLoadControl(settings, resumingFrom: try JSONDecoder().decode(ContactContinuationState.self, from: JSONEncoder().encode(states[j])))
        #expect(again.records.map(Self.bits) == whole.records.map(Self.bits))
        #expect(again.limitLoad.bitPattern == whole.limitLoad.bitPattern)
        // A state of the other control is refused.
        #expect(throws: InputError.self) { try problem.traceArcLength(Self.settings, resumingFrom: states[j]) }
    }

    static func bits(_ r: ContactContinuation.Record) -> [UInt64] {
        [r.indenterDisplacement, r.force, r.contactHalfWidth, r.cohesiveZoneHalfWidth, r.minimumGap, r.elasticEnergy, r.adhesiveEnergy,
         r.externalWork, r.balanceError, r.arcLength, r.displacementRate, r.forceRate, r.indenterStiffness].map(\.bitPattern)
            + [UInt64(r.index), UInt64(r.negativeEigenvalues), UInt64(r.iterations), r.phase == .retract ? 1 : 0]
    }

    @Test("Indenter coupling: ∂E/∂d, ∂²E/∂u∂d and ∂²E/∂d² are the derivatives of the interface energy and gradient (central differences)",
          arguments: AdhesiveCylinderContactTests.laws.indices)
    func indenterDerivativesMatchFiniteDifferences(lawIndex: Int) throws {
        let problem = try AdhesiveCylinderContact(
            radius: 20, substrateWidth: 20, substrateDepth: 6, material: AdhesiveCylinderContactTests.material, law: AdhesiveCylinderContactTests.laws[lawIndex],
            grading: try ContactMeshGrading(fineSize: 0.5, fineWidth: 4, fineDepth: 2, growth: 1.5),
            loadPath: try .init(startSeparation: 0.5, approach: .depth(0), endSeparation: 0.5, step: 0.1), surfaceSubdivisions: 2)
        let mesh = try problem.substrateMesh()
        var u = [Double](repeating: 0, count: 2 * mesh.nodes.count)
        for (n, x) in mesh.nodes.enumerated() {
            u[2 * n] = 0.03 * sin(0.7 * x.x + 0.3 * x.y) * (x.x == 0 ? 0 : 1)
            u[2 * n + 1] = 0.2 * cos(0.4 * x.x) * exp(x.y / 3)
        }
        let d = 0.1, h = 1e-5
        let at = try problem.indenterDerivatives(displacement: u, indenterDisplacement: d)
        let up = try problem.interfaceEvaluation(displacement: u, indenterDisplacement: d + h)
        let down = try problem.interfaceEvaluation(displacement: u, indenterDisplacement: d - h)
        let fup = try problem.indenterDerivatives(displacement: u, indenterDisplacement: d + h).force
        let fdown = try problem.indenterDerivatives(displacement: u, indenterDisplacement: d - h).force
        #expect(abs((up.energy - down.energy) / (2 * h) - at.force) < 1e-7 * abs(at.force))
        #expect(abs((fup - fdown) / (2 * h) - at.curvature) < 1e-6 * abs(at.curvature))
        var worst = 0.0, scale = 0.0
        for k in 0..<u.count where up.equation[k] >= 0 {
            worst = max(worst, abs((up.gradient[k] - down.gradient[k]) / (2 * h) - at.mixed[k])); scale = max(scale, abs(at.mixed[k]))
        }
        #expect(scale > 0 && worst < 1e-6 * scale)
    }

    @Test("Continuation settings: non-positive or inconsistent steps are input errors")
    func badSettings() {
        #expect(throws: InputError.self) { try ContactContinuation.ArcLengthSettings(step: 0) }
        #expect(throws: InputError.self) { try ContactContinuation.ArcLengthSettings(step: 1, minimumStep: 2) }
        #expect(throws: InputError.self) { try ContactContinuation.ArcLengthSettings(step: 1, indenterWeight: -1) }
        #expect(throws: InputError.self) { try ContactContinuation.LoadControlSettings(initialLoad: -0.1, step: 0.01) }
        #expect(throws: InputError.self) { try ContactContinuation.LoadControlSettings(initialLoad: 0.1, step: 0.01, minimumStep: 0.1) }
    }
}
