import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Two meshed elastic bodies held together by a cohesive law across non-matching interface meshes.
@Suite struct MeshedBodyCohesiveContactTests {
    static let material = try! LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3)

    /// Lower block 7 cells across, upper block 10 (non-matching), 10 Å wide, touching at y = 0.
    static func blocks(law: any CohesiveLaw, path: AdhesiveCylinderContact.LoadPath, stiff: Bool = true) throws -> MeshedBodyCohesiveContact {
        let lower = try StructuredMesh.rectangle(cellsX: 7, cellsY: 3, width: 10, height: 3, origin: Vec3(0, -3, 0), cellType: .quadrilateral4)
        let upper = try StructuredMesh.rectangle(cellsX: 10, cellsY: 3, width: 10, height: 3, origin: .zero, cellType: .quadrilateral4)
        let material = try LinearElasticIsotropic(youngsModulus: stiff ? 10 : 1, poissonRatio: 0.3)
        return try MeshedBodyCohesiveContact(lower: lower, upper: upper, material: material, law: law, loadPath: path, symmetric: false)
    }

    @Test("Meshed bodies: pulling two flat blocks with non-matching interface meshes apart takes the law's W × area within 1%")
    func flatBlocksSeparationWork() throws {
        let law = UniversalBindingLaw(workOfSeparation: 0.05, length: 0.5)
        let path = try AdhesiveCylinderContact.LoadPath(startSeparation: 0, approach: .depth(0), endSeparation: 9, step: 0.05)
        let result = try Self.blocks(law: law, path: path).run()
        let expected = law.workOfSeparation * 10  // per unit length: W × width
        let last = result.records.last!
        print("flat blocks: work \(last.externalWork) eV/Å vs W A = \(expected), peak tension \(-result.pullOffForce) vs σ A = \(law.peakTraction * 10), jumps \(result.records.filter(\.jump).count)")
        #expect(abs(last.externalWork / expected - 1) < 0.01)
        #expect(!result.records.contains { $0.jump })
        // Uniform separation: the peak tension is the law's peak traction × area.
        #expect(abs(-result.pullOffForce / (law.peakTraction * 10) - 1) < 0.01)
        #expect(abs(last.balanceError) < 1e-3 * expected)
    }

    @Test("Meshed bodies: the interface gradient and Hessian are the derivatives of its energy (central differences)")
    func interfaceDerivativesMatchFiniteDifferences() throws {
        let law = UniversalBindingLaw(workOfSeparation: 0.05, length: 0.5)
        let path = try AdhesiveCylinderContact.LoadPath(startSeparation: 0, approach: .depth(0), endSeparation: 1, step: 0.1)
        let problem = try Self.blocks(law: law, path: path)
        let mesh = problem.combinedMesh()
        var u = [Double](repeating: 0, count: 2 * mesh.nodes.count)
        for (n, x) in mesh.nodes.enumerated() {
            u[2 * n] = 0.2 * sin(0.9 * x.x + 0.5 * x.y)
            u[2 * n + 1] = 0.3 * cos(0.6 * x.x) * (x.y > 0 ? 1 : -0.5) + (x.y > 0 ? 0.2 : 0)
        }
        let at = try problem.interfaceEvaluation(displacement: u)
        let dofs = (0..<u.count).filter { at.equation[$0] >= 0 && at.gradient[$0] != 0 }
        #expect(dofs.count > 20)
        let h = 1e-5
        var worstG = 0.0, worstH = 0.0, scaleG = 0.0, scaleH = 0.0
        for k in dofs {
            var up = u, down = u
            up[k] += h; down[k] -= h
            let ep = try problem.interfaceEvaluation(displacement: up), em = try problem.interfaceEvaluation(displacement: down)
            worstG = max(worstG, abs((ep.energy - em.energy) / (2 * h) - at.gradient[k])); scaleG = max(scaleG, abs(at.gradient[k]))
            for j in dofs {
                let fd = (ep.gradient[j] - em.gradient[j]) / (2 * h)
                let (r, c) = (Int(at.equation[j]), Int(at.equation[k]))
                let p = at.pattern.position(row: min(r, c), column: max(r, c))
                let exact = p.map { at.hessian[$0] } ?? 0
                worstH = max(worstH, abs(fd - exact)); scaleH = max(scaleH, abs(exact))
            }
        }
        print("meshed interface FD: gradient \(worstG) of \(scaleG), Hessian \(worstH) of \(scaleH)")
        #expect(worstG < 1e-7 * scaleG)
        #expect(worstH < 1e-6 * scaleH)
    }

    @Test("Meshed bodies: an elastic cylinder's pull-off from an elastic substrate matches Maugis-Dugdale with the combined E* within 5%")
    func elasticCylinderPullOff() throws {
        let radius = 100.0
        let grading = try ContactMeshGrading(fineSize: 0.5, fineWidth: 15, fineDepth: 6, growth: 1.3)
        let substrate = try grading.rectangle(width: 300, depth: 300)
        let cylinder = try MeshedBodyCohesiveContact.cylinderBody(radius: radius, width: 60, height: 80, grading: grading)
        let law = try DugdaleLaw(stress: 0.06, workOfSeparation: 0.05, transitionFraction: 0.05)
        let problem = try MeshedBodyCohesiveContact(
            lower: substrate, upper: cylinder, material: Self.material, law: law,
            loadPath: try .init(startSeparation: 0.85, approach: .depth(-0.7), endSeparation: 3.6, step: 0.15), symmetric: true)
        let start = Date()
        let result = try problem.run()
        let md = try problem.maugisDugdaleReference(radius: radius)
        let reference = md.pullOff().load
        print("elastic cylinder: pull-off \(result.pullOffForce) vs MD \(reference) (λ \(md.transitionParameter)); \(Date().timeIntervalSince(start)) s")
        #expect(abs(result.pullOffForce / reference - 1) < 0.05)
    }
}
