import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCoupling

/// The plane-strain contact modulus E* of `AdhesiveCylinderContact.contactModulus(of:)`.
@Suite struct ContactModulusTests {
    @Test("Contact modulus: isotropic material gives E/(1 - ν²)")
    func isotropic() throws {
        let m = try LinearElasticIsotropic(youngsModulus: 2, poissonRatio: 0.27)
        #expect(abs(try AdhesiveCylinderContact.contactModulus(of: m) / (2 / (1 - 0.27 * 0.27)) - 1) < 1e-12)
    }

    /// Independent check of the orthotropic formula: non-adhesive Hertz line contact on a cubic
    /// substrate (Zener ratio 2C44/(C11 - C12) = 2.5) with the existing penalty contact; the
    /// half-width from the second moment of the pressure must follow a² = 4PR/(πE*).
    @Test("Contact modulus: a rigid cylinder on a cubic substrate follows Hertz with the orthotropic E* within 1% (measured 0.06%)")
    func cubicHertz() throws {
        let material = try LinearElasticCubic(c11: 1.0, c12: 0.5, c44: 0.625)
        let eStar = try AdhesiveCylinderContact.contactModulus(of: material)
        let size = 40.0, radius = 40.0
        let mesh = try StructuredMesh.rectangle(cellsX: 100, cellsY: 100, width: size, height: size, cellType: .quadrilateral4,
                                                grading: Grading(toward: Vec3(0, size, 0), exponent: 2))
        let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: material,
                                        dirichlet: [.fixed("left", components: [0]), .fixed("bottom", components: [1])])
        let contact = try RigidIndenterContact(mesh: mesh, nodeSet: "top", radius: radius, centerX: 0, stiffness: 1e3)
        let s = try #require(try contact.solve(model, depths: [0.06]).last)
        let load = 2 * s.load
        var m0 = 0.0, m2 = 0.0
        for (k, node) in contact.nodes.enumerated() {
            guard let p = s.pressures.first(where: { $0.position == mesh.nodes[Int(node)] })?.pressure else { continue }
            m0 += p * contact.tributary[k]; m2 += p * contact.tributary[k] * pow(mesh.nodes[Int(node)].x, 2)
        }
        let a = 2 * (m2 / m0).squareRoot()
        let hertz = (4 * load * radius / (Double.pi * eStar)).squareRoot()
        // The naive isotropic guess from C11 alone would be off by far more than the tolerance.
        print("cubic Hertz: a = \(a) vs \(hertz) with E* = \(eStar)")
        #expect(abs(a / hertz - 1) < 0.01)
    }
}
