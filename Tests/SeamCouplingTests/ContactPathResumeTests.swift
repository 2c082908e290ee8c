import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Resuming the adaptive contact load path from a saved `ContactPathState`.
@Suite struct ContactPathResumeTests {
    private struct Stop: Error {}

    /// The Maugis-Dugdale transition case of `AdhesiveCylinderContactTests` on a coarser mesh
    /// with large steps: step growth, jump location (step halving) and both jumps happen.
    static func problem() throws -> AdhesiveCylinderContact {
        let law = try DugdaleLaw(stress: 0.06, workOfSeparation: 0.05, transitionFraction: 0.05)
        return try AdhesiveCylinderContact(
            radius: 100, substrateWidth: 400, substrateDepth: 200, material: try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3),
            law: law, grading: try ContactMeshGrading(fineSize: 0.5, fineWidth: 16, fineDepth: 8, growth: 1.3),
            loadPath: try .init(startSeparation: 0.9, approach: .depth(-0.5), endSeparation: 3.0, step: 0.2, minimumStep: 0.05, maximumStep: 0.4),
            surfaceSubdivisions: 2)
    }

    static func bits(_ r: AdhesiveCylinderContact.StepRecord) -> [UInt64] {
        [r.indenterDisplacement, r.force, r.contactHalfWidth, r.cohesiveZoneHalfWidth, r.minimumGap, r.elasticEnergy,
         r.adhesiveEnergy, r.externalWork, r.balanceError, r.stepDissipation].map(\.bitPattern)
            + [UInt64(r.index), UInt64(r.iterations), r.jump ? 1 : 0, r.phase == .retract ? 1 : 0]
    }

    /// Runs until `k` steps are accepted, then stops (as a killed run would); returns the state.
    static func stateAfter(_ k: Int, of problem: AdhesiveCylinderContact) throws -> ContactPathState {
        var saved: ContactPathState?
        do {
            _ = try problem.run(resumingFrom: nil) { _, _, state in
                if state.records.count == k { saved = state; throw Stop() }
            }
        } catch is Stop {}
        return try #require(saved)
    }

    @Test("Contact load path: stopped after k steps and resumed from its JSON-round-tripped state, it ends with bitwise the same records")
    func resumedPathIsIdentical() throws {
        let problem = try Self.problem()
        var states: [ContactPathState] = []
        let whole = try problem.run(resumingFrom: nil) { _, _, state in states.append(state) }
        #expect(whole.records.contains { $0.jump && $0.phase == .approach } && whole.records.contains { $0.jump && $0.phase == .retract })
        #expect(states.last!.finished && states.dropLast().allSatisfy { !$0.finished })
        // The adaptive control is exercised: steps grew past and were cut below the initial 0.2 Å.
        let sizes = zip(whole.records, whole.records.dropFirst()).map { abs($1.indenterDisplacement - $0.indenterDisplacement) }
        #expect(sizes.contains { $0 > 0.2 + 1e-9 } && sizes.contains { $0 < 0.2 - 1e-9 })
        // One stop on the approach before the jump-in, one on the retraction just before the
        // snap-off (the jump location and the parabola quadrature look back across the stop).
        let snap = try #require(whole.records.firstIndex { $0.jump && $0.phase == .retract })
        for k in [3, snap] {
            let state = try Self.stateAfter(k, of: problem)
            #expect(state == states[k - 1], "an interrupted run's state differs from the uninterrupted run's after step \(k)")
            let data = try JSONEncoder().encode(state)
            let decoded = try JSONDecoder().decode(ContactPathState.self, from: data)
            #expect(decoded == state)
            var seen: [Int] = []
            let resumed = try problem.run(resumingFrom: decoded) { record, _, _ in seen.append(record.index) }
            #expect(seen == Array(k..<whole.records.count))
            #expect(resumed.records.count == whole.records.count)
            #expect(resumed.records.map(Self.bits) == whole.records.map(Self.bits))
            #expect(resumed.finalDisplacement.map(\.bitPattern) == whole.finalDisplacement.map(\.bitPattern))
            #expect(resumed.pullOffForce.bitPattern == whole.pullOffForce.bitPattern && resumed.separated == whole.separated)
        }
        // Resuming from the final state only assembles the result.
        let done = try problem.run(resumingFrom: states.last!) { _, _, _ in Issue.record("a finished path took another step") }
        #expect(done.records.map(Self.bits) == whole.records.map(Self.bits) && done.pullOffForce == whole.pullOffForce)
    }

    @Test("Meshed-body contact: stopped after k steps and resumed from its JSON-round-tripped state, it ends with bitwise the same records")
    func meshedBodyResumedPathIsIdentical() throws {
        let law = UniversalBindingLaw(workOfSeparation: 0.05, length: 0.5)
        let path = try AdhesiveCylinderContact.LoadPath(startSeparation: 0, approach: .depth(0), endSeparation: 4, step: 0.1, maximumStep: 0.4)
        let problem = try MeshedBodyCohesiveContactTests.blocks(law: law, path: path)
        let whole = try problem.run()
        #expect(whole.records.count > 6)
        let k = whole.records.count / 2
        var saved: ContactPathState?
        do {
            _ = try problem.run(resumingFrom: nil) { _, _, state in
                if state.records.count == k { saved = state; throw Stop() }
            }
        } catch is Stop {}
        let state = try JSONDecoder().decode(ContactPathState.self, from: JSONEncoder().encode(try #require(saved)))
        let resumed = try problem.run(resumingFrom: state) { _, _, _ in }
        #expect(resumed.records.map(Self.bits) == whole.records.map(Self.bits))
        #expect(resumed.finalDisplacement.map(\.bitPattern) == whole.finalDisplacement.map(\.bitPattern))
    }

    @Test("Contact load path: a state of another discretisation is refused with an InputError")
    func foreignStateIsRefused() throws {
        let problem = try Self.problem()
        var state = try Self.stateAfter(2, of: problem)
        state.displacement.removeLast(2)
        #expect(throws: InputError.self) { try problem.run(resumingFrom: state) { _, _, _ in } }
    }
}
