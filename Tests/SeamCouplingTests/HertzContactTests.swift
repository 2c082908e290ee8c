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
    let contact = try RigidIndenterContact(mesh: mesh, nodeSet: "top", radius: radius, centerX: 0, stiffness: 1e3)
    let states = try contact.solve(model, depths: [0.03, 0.06])
    for s in states {
        let load = 2 * s.load  // both halves
        let eStar = e / (1 - nu * nu)
        let hertzA = (4 * load * radius / (Double.pi * eStar)).squareRoot()
        let hertzP0 = 2 * load / (Double.pi * hertzA)
        // Half-width from the second moment of the pressure (a²/4 for the Hertz ellipse).
        var m0 = 0.0, m2 = 0.0
        for (k, node) in contact.nodes.enumerated() {
            guard let p = s.pressures.first(where: { $0.position == mesh.nodes[Int(node)] })?.pressure else { continue }
            m0 += p * contact.tributary[k]; m2 += p * contact.tributary[k] * pow(mesh.nodes[Int(node)].x, 2)
        }
        let a = 2 * (m2 / m0).squareRoot()
        let p0 = s.pressures.first { $0.position.x == 0 }!.pressure
        print("depth \(s.depth): P = \(load), a = \(a) vs Hertz \(hertzA), p0 = \(p0) vs \(hertzP0), iterations \(s.iterations), active \(s.pressures.count)")
        #expect(abs(a / hertzA - 1) < 0.03)
        #expect(abs(p0 / hertzP0 - 1) < 0.03)
    }
}

/// A rigid sphere on an elastic block (quarter model, symmetry planes x = 0 and y = 0) against
/// Hertz: a = (3PR/(4E*))^(1/3), p0 = 3P/(2πa²).
@Test func rigidSphereOnElasticBlockMatchesHertzContactRadiusAndPeakPressure() throws {
    let size = 30.0, radius = 30.0, e = 1.0, nu = 0.3
    let mesh = try StructuredMesh.box(cellsX: 24, cellsY: 24, cellsZ: 24, size: Vec3(size, size, size), cellType: .hexahedron8,
                                      grading: Grading(toward: Vec3(0, 0, size), exponent: 2))
    let model = try ElasticityModel(mesh: mesh, analysis: .solid, material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                    dirichlet: [.fixed("left", components: [0]), .fixed("bottom", components: [1]), .fixed("back", components: [2])])
    let contact = try RigidIndenterContact(mesh: mesh, nodeSet: "front", radius: radius, center: .zero, stiffness: 1e3)
    let s = try #require(try contact.solve(model, depths: [-1e-6, 0.5]).last)
    let load = 4 * s.load  // four quarters
    let eStar = e / (1 - nu * nu)
    let hertzA = pow(3 * load * radius / (4 * eStar), 1.0 / 3)
    let hertzP0 = 3 * load / (2 * Double.pi * hertzA * hertzA)
    // Contact radius from the second moment of the pressure (2a²/5 for the Hertz ellipsoid).
    var m0 = 0.0, m2 = 0.0
    for (k, node) in contact.nodes.enumerated() {
        let x = mesh.nodes[Int(node)]
        guard let p = s.pressures.first(where: { $0.position == x })?.pressure else { continue }
        m0 += p * contact.tributary[k]; m2 += p * contact.tributary[k] * (x.x * x.x + x.y * x.y)
    }
    let a = (2.5 * m2 / m0).squareRoot()
    let p0 = s.pressures.first { $0.position.x == 0 && $0.position.y == 0 }!.pressure
    print("sphere: P = \(load), a = \(a) vs Hertz \(hertzA), p0 = \(p0) vs \(hertzP0), iterations \(s.iterations), active \(s.pressures.count)")
    #expect(abs(a / hertzA - 1) < 0.03)
    #expect(abs(p0 / hertzP0 - 1) < 0.03)
}
