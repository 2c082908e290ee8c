import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCoupling

/// Non-adhesive plane-strain contact of a rigid cylinder on an elastic block (half model with a
/// symmetry plane at x = 0) against Hertz: a = sqrt(4PR/(πE*)), p0 = 2P/(πa), E* = E/(1-ν²).
@Test func rigidCylinderOnElasticBlockMatchesHertzHalfWidthAndPeakPressure() throws {
    let size = 40.0, radius = 40.0, e = 1.0, nu = 0.3
    let mesh = try StructuredMesh.rectangle(cellsX: 120, cellsY: 120, width: size, height: size, cellType: .quadrilateral4,
                                            grading: Grading(toward: Vec3(0, size, 0), exponent: 2))
    let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                    dirichlet: [.fixed("left", components: [0]), .fixed("bottom", components: [1])])
    let contact = try RigidCylinderContact(mesh: mesh, nodeSet: "top", radius: radius, centerX: 0, stiffness: 1e3)
    let states = try contact.solve(model, depths: [0.03, 0.06])
    for s in states {
        let load = 2 * s.load  // both halves
        let eStar = e / (1 - nu * nu)
        let hertzA = (4 * load * radius / (Double.pi * eStar)).squareRoot()
        let hertzP0 = 2 * load / (Double.pi * hertzA)
        // Half-width from the second moment of the pressure (a²/4 for the Hertz ellipse).
        var m0 = 0.0, m2 = 0.0
        for (k, node) in contact.nodes.enumerated() {
            guard let p = s.pressures.first(where: { $0.x == mesh.nodes[Int(node)].x })?.pressure else { continue }
            m0 += p * contact.tributary[k]; m2 += p * contact.tributary[k] * pow(mesh.nodes[Int(node)].x, 2)
        }
        let a = 2 * (m2 / m0).squareRoot()
        let p0 = s.pressures.first { $0.x == 0 }!.pressure
        print("depth \(s.depth): P = \(load), a = \(a) vs Hertz \(hertzA), p0 = \(p0) vs \(hertzP0), iterations \(s.iterations), active \(s.pressures.count)")
        #expect(abs(a / hertzA - 1) < 0.03)
        #expect(abs(p0 / hertzP0 - 1) < 0.03)
    }
}
