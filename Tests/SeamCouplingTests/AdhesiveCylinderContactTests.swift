import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Rigid adhesive cylinder on an elastic substrate (plane strain) against Maugis-Dugdale.
@Suite struct AdhesiveCylinderContactTests {
    static let radius = 100.0, work = 0.05, stress = 0.06
    static let material = try! LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3)

    static func problem(step: Double = 0.1, fineSize: Double = 0.25) throws -> AdhesiveCylinderContact {
        let law = try DugdaleLaw(stress: stress, workOfSeparation: work, transitionFraction: 0.05)
        return try AdhesiveCylinderContact(
            radius: radius, substrateWidth: 1000, substrateDepth: 500, material: material, law: law,
            grading: try ContactMeshGrading(fineSize: fineSize, fineWidth: 16, fineDepth: 8, growth: 1.25),
            loadPath: try .init(startSeparation: 0.9, approach: .depth(-0.5), endSeparation: 3.0, step: step),
            surfaceSubdivisions: 4)
    }

    /// λ ≈ 0.97 (the Maugis-Dugdale transition regime). Under displacement control the 2D
    /// substrate lets go (snap-off, flagged as a jump) slightly before the load-controlled
    /// minimum of P(a), where the MD curve is flat: measured FE/MD = 0.988 (mesh 0.25 Å and
    /// 0.125 Å, ε/h0 = 0.05 and 0.02, substrate 1000 and 3000 Å all within 0.4% of each other).
    @Test("Adhesive cylinder: pull-off with a Dugdale law matches Maugis-Dugdale within 3%, between DMT and JKR")
    func pullOffMatchesMaugisDugdale() throws {
        let problem = try Self.problem()
        let start = Date()
        let result = try problem.run()
        let md = try problem.maugisDugdaleReference()
        let reference = md.pullOff()
        let jkr = MaugisDugdaleLineContact.jkrPullOff(radius: md.radius, reducedModulus: md.reducedModulus, workOfAdhesion: md.workOfAdhesion)
        let dmt = MaugisDugdaleLineContact.dmtPullOff(radius: md.radius, workOfAdhesion: md.workOfAdhesion, stress: md.stress)
        print("pull-off FE \(result.pullOffForce) vs MD \(reference.load) (a \(reference.halfWidth), c \(reference.zoneEnd)), λ = \(md.transitionParameter), JKR \(jkr), DMT \(dmt); \(Date().timeIntervalSince(start)) s")
        #expect(abs(result.pullOffForce / reference.load - 1) < 0.03)
        // Jump-in on approach and snap-off on retraction are detected, and the energy bookkeeping
        // closes on the continuous parts: every non-jump step balances to 1% of its work scale.
        #expect(result.records.contains { $0.jump && $0.phase == .approach })
        #expect(result.records.contains { $0.jump && $0.phase == .retract })
        #expect(result.records.last!.force == 0)
        for (r0, r1) in zip(result.records, result.records.dropFirst()) where !r1.jump {
            let scale = 0.5 * (abs(r0.force) + abs(r1.force)) * abs(r1.indenterDisplacement - r0.indenterDisplacement)
            #expect(abs(r1.stepDissipation) <= 0.01 * scale + 1e-9)
        }
        // Energy lost in the jumps = the accumulated balance error; the final state is separated.
        let lost = result.records.filter(\.jump).map(\.stepDissipation).reduce(0, +)
        #expect(abs(result.records.last!.balanceError - lost) < 1e-3 * abs(lost))
        #expect(result.records.last!.adhesiveEnergy == 0 && abs(result.records.last!.elasticEnergy) < 1e-12)
        #expect(abs(result.pullOffForce) < abs(jkr) && abs(result.pullOffForce) < abs(dmt))
    }

    /// Any `CohesiveLaw`: UBER (penalty repulsion), Xu-Needleman (its own exponential repulsion)
    /// and the smoothed Dugdale law.
    static let laws: [any CohesiveLaw] = [
        UniversalBindingLaw(workOfSeparation: work, length: 0.3),
        XuNeedlemanLaw(normalStrength: 0.06, normalLength: 0.3, shearStrength: 0.05, shearLength: 0.4),
        try! DugdaleLaw(stress: 0.1, workOfSeparation: work, transitionFraction: 0.3),
    ]

    @Test("Adhesive cylinder: the interface gradient and Hessian are the derivatives of its energy (central differences)",
          arguments: laws.indices)
    func interfaceDerivativesMatchFiniteDifferences(lawIndex: Int) throws {
        let law = Self.laws[lawIndex]
        let problem = try AdhesiveCylinderContact(
            radius: 20, substrateWidth: 20, substrateDepth: 6, material: Self.material, law: law,
            grading: try ContactMeshGrading(fineSize: 0.5, fineWidth: 4, fineDepth: 2, growth: 1.5),
            loadPath: try .init(startSeparation: 0.5, approach: .depth(0), endSeparation: 0.5, step: 0.1), surfaceSubdivisions: 2)
        let mesh = try problem.substrateMesh()
        // A displacement with gaps on both sides of the law's peak and some interpenetration.
        var u = [Double](repeating: 0, count: 2 * mesh.nodes.count)
        for (n, x) in mesh.nodes.enumerated() {
            u[2 * n] = 0.03 * sin(0.7 * x.x + 0.3 * x.y) * (x.x == 0 ? 0 : 1)
            u[2 * n + 1] = 0.2 * cos(0.4 * x.x) * exp(x.y / 3)
        }
        let depth = 0.1
        let at = try problem.interfaceEvaluation(displacement: u, indenterDisplacement: depth)
        let h = 1e-5
        var worstGradient = 0.0, worstHessian = 0.0, scaleG = 0.0, scaleH = 0.0
        let dofs = (0..<u.count).filter { at.equation[$0] >= 0 && at.gradient[$0] != 0 }
        #expect(dofs.count > 10)
        for k in dofs {
            var up = u, down = u
            up[k] += h; down[k] -= h
            let ep = try problem.interfaceEvaluation(displacement: up, indenterDisplacement: depth)
            let em = try problem.interfaceEvaluation(displacement: down, indenterDisplacement: depth)
            worstGradient = max(worstGradient, abs((ep.energy - em.energy) / (2 * h) - at.gradient[k]))
            scaleG = max(scaleG, abs(at.gradient[k]))
            for j in dofs {
                let fd = (ep.gradient[j] - em.gradient[j]) / (2 * h)
                let (r, c) = (Int(at.equation[j]), Int(at.equation[k]))
                let p = at.pattern.position(row: min(r, c), column: max(r, c)) ?? at.pattern.position(row: max(r, c), column: min(r, c))
                let exact = p.map { at.hessian[$0] } ?? 0
                worstHessian = max(worstHessian, abs(fd - exact)); scaleH = max(scaleH, abs(exact))
            }
        }
        print("interface FD (\(law.summary)): gradient error \(worstGradient) of \(scaleG), Hessian error \(worstHessian) of \(scaleH)")
        #expect(worstGradient < 1e-7 * scaleG)
        #expect(worstHessian < 1e-6 * scaleH)
    }

    @Test("Adhesive cylinder: bad configurations are input errors")
    func badInput() throws {
        let law = try DugdaleLaw(stress: Self.stress, workOfSeparation: Self.work)
        let grading = try ContactMeshGrading(fineSize: 0.5, fineWidth: 4, fineDepth: 2)
        let path = try AdhesiveCylinderContact.LoadPath(startSeparation: 1, approach: .depth(0), endSeparation: 1, step: 0.1)
        #expect(throws: InputError.self) {
            try AdhesiveCylinderContact(radius: -1, substrateWidth: 100, substrateDepth: 50, material: Self.material, law: law, grading: grading, loadPath: path)
        }
        #expect(throws: InputError.self) { try AdhesiveCylinderContact.LoadPath(startSeparation: 1, approach: .depth(-2), endSeparation: 1, step: 0.1) }
        #expect(throws: InputError.self) { try AdhesiveCylinderContact.LoadPath(startSeparation: 5, approach: .depth(-3), endSeparation: 1, step: 0.1) }
        #expect(throws: InputError.self) { try AdhesiveCylinderContact.LoadPath(startSeparation: 1, approach: .depth(0), endSeparation: 1, step: 0.1, minimumStep: 0.2) }
        #expect(throws: InputError.self) { try ContactMeshGrading(fineSize: 0.5, fineWidth: 4, fineDepth: 2, growth: 3) }
        #expect(throws: InputError.self) { try DugdaleLaw(stress: 0, workOfSeparation: 1) }
    }

    /// The main job uses a law tabulated from a derivation; the same law analytic and tabulated
    /// (UBER, 0.02 Å spacing, cubic Hermite, the same penalty) must give the same pull-off.
    @Test("Adhesive cylinder: a tabulated law gives the pull-off of the analytic law it tabulates within 0.1% (measured 1e-6), and the bodies separate")
    func tabulatedLawMatchesAnalytic() throws {
        // The same repulsion for both (a tabulated law's default penalty is 10x its initial slope).
        let uber = UniversalBindingLaw(workOfSeparation: Self.work, length: 0.3, penaltyStiffness: 3)
        let openings = stride(from: 0.0, through: 6.0, by: 0.02).map { $0 }
        let tabulated = try TabulatedLaw(openings: openings, energies: openings.map { uber.scalar($0).energy },
                                         tractions: openings.map { uber.scalar($0).traction }, penaltyStiffness: 3)
        var forces: [Double] = []
        for law in [uber as any CohesiveLaw, tabulated] {
            let problem = try AdhesiveCylinderContact(
                radius: 50, substrateWidth: 400, substrateDepth: 200, material: Self.material, law: law,
                grading: try ContactMeshGrading(fineSize: 0.4, fineWidth: 10, fineDepth: 5, growth: 1.3),
                loadPath: try .init(startSeparation: 2, approach: .load(0.2), endSeparation: 6, step: 0.2, minimumStep: 0.05, maximumStep: 0.4),
                surfaceSubdivisions: 2)
            let result = try problem.run()
            #expect(result.separated)
            #expect(result.maximumForce >= 0.2)
            forces.append(result.pullOffForce)
        }
        print("analytic vs tabulated UBER pull-off: \(forces)")
        #expect(abs(forces[1] / forces[0] - 1) < 0.001)
    }
}
