import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamTestSupport

/// The general-stiffness linear law used as a crack's far field: the energy/stress/tangent
/// triple by finite differences and the reduction to the cubic law in the cube axes.
@Suite struct AnisotropicMaterialTests {
    /// A cubic C (eV/Å^3) rotated by 0.4 rad about z: a general in-plane anisotropy.
    static func rotatedCubic() throws -> (Tensor4, LinearElasticCubic) {
        let m = try LinearElasticCubic(c11: 0.030, c12: 0.020, c44: 0.015)
        let t = 0.4
        let q = Mat3(rows: Vec3(cos(t), sin(t), 0), Vec3(-sin(t), cos(t), 0), Vec3(0, 0, 1))
        var c = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            var s = 0.0
            for p in 0..<3 { for r in 0..<3 { for u in 0..<3 { for v in 0..<3 {
                s += q[i, p] * q[j, r] * q[k, u] * q[l, v] * m.modulus(p, r, u, v)
            } } } }
            c[i, j, k, l] = s
        } } } }
        return (c, m)
    }
    static let f = Mat3(rows: Vec3(1.03, 0.02, 0), Vec3(-0.05, 0.98, 0), Vec3(0, 0, 1))

    @Test("Linear anisotropic law: consistent triple, and equal to the cubic law in the cube axes")
    func linearAnisotropicMatchesCubic() throws {
        let (c, _) = try Self.rotatedCubic()
        let m = try LinearElasticAnisotropic(stiffness: c)
        #expect(try FEMChecks.materialStressError(m, at: Self.f) < 1e-7)
        #expect(try FEMChecks.materialTangentError(m, at: Self.f) < 1e-7)
        let cubic = try LinearElasticCubic(c11: 0.030, c12: 0.020, c44: 0.015)
        let unrotated = try LinearElasticAnisotropic(stiffness: cubic.response(at: .identity, request: .tangent).tangent)
        let p1 = try unrotated.response(at: Self.f, request: [.energy, .stress]), p2 = try cubic.response(at: Self.f, request: [.energy, .stress])
        #expect((p1.stress - p2.stress).maxAbs < 1e-15 && abs(p1.energyDensity - p2.energyDensity) < 1e-16)
    }
}
