import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamCoupling

/// The anisotropic plane-strain K-field (Sih, Paris and Irwin 1965) against independent checks:
/// the isotropic Williams/Westergaard field, equilibrium and traction-free faces by finite
/// differences, the stress closed forms against C : ∇u, and the J-integral against K²/E'.
@Suite struct AnisotropicKFieldTests {
    /// Argon-like cubic constants (eV/Å^3), Zener ratio 2 C44/(C11 − C12) ≈ 1.7; and a strongly
    /// anisotropic set (ratio 3).
    static let mildCubic = try! LinearElasticCubic(c11: 0.030, c12: 0.017, c44: 0.011)
    static let strongCubic = try! LinearElasticCubic(c11: 0.030, c12: 0.020, c44: 0.015)

    /// Plane-strain stress from the displacement gradient by central differences: σ = C : ε,
    /// ε_zz = 0 (C in the crack frame, rotated by the same angle as the field).
    static func stressFromDisplacement(_ field: AnisotropicKField, _ c: Tensor4, at x: Vec3, kI: Double, kII: Double, h: Double) -> Mat3 {
        var grad = Mat3.zero
        for j in 0..<2 {
            var e = Vec3.zero
            if j == 0 { e.x = h } else { e.y = h }
            let d = (1 / (2 * h)) * (field.displacement(at: x + e, modeI: kI, modeII: kII) - field.displacement(at: x - e, modeI: kI, modeII: kII))
            for i in 0..<2 { grad[i, j] = d[i] }
        }
        var s = Mat3.zero
        for i in 0..<3 { for j in 0..<3 {
            var v = 0.0
            for k in 0..<2 { for l in 0..<2 { v += c[i, j, k, l] * 0.5 * (grad[k, l] + grad[l, k]) } }
            s[i, j] = v
        } }
        return s
    }

    static func rotatedCubic(_ m: LinearElasticCubic, _ angle: Double) -> Tensor4 {
        let q = Mat3(rows: Vec3(cos(angle), sin(angle), 0), Vec3(-sin(angle), cos(angle), 0), Vec3(0, 0, 1))
        var c = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            var sum = 0.0
            for p in 0..<3 { for r in 0..<3 { for s in 0..<3 { for t in 0..<3 {
                sum += q[i, p] * q[j, r] * q[k, s] * q[l, t] * m.modulus(p, r, s, t)
            } } } }
            c[i, j, k, l] = sum
        } } } }
        return c
    }

    @Test("Isotropic limit reproduces the Williams/Westergaard plane-strain displacement field (modes I and II)")
    func isotropicLimitIsWestergaard() throws {
        let e = 0.8, nu = 0.3
        let iso = try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu)
        let mu = iso.shearModulus, kappa = 3 - 4 * nu
        let c = try iso.response(at: .identity, request: .tangent).tangent
        let field = try AnisotropicKField(stiffness: c)
        let kI = 0.3, kII = 0.2
        var worst = 0.0, scale = 0.0
        for r in [0.5, 2.0, 7.0] {
            for t in stride(from: -0.99 * Double.pi, through: 0.99 * Double.pi, by: 0.11) {
                let x = Vec3(r * cos(t), r * sin(t), 0)
                let f = (r / (2 * Double.pi)).squareRoot() / (2 * mu)
                let (s2, c2) = (sin(t / 2), cos(t / 2))
                // Anderson, Fracture Mechanics, Table 2.2 (plane strain κ = 3 − 4ν).
                let ux = kI * f * c2 * (kappa - 1 + 2 * s2 * s2) + kII * f * s2 * (kappa + 1 + 2 * c2 * c2)
                let uy = kI * f * s2 * (kappa + 1 - 2 * c2 * c2) - kII * f * c2 * (kappa - 1 - 2 * s2 * s2)
                let u = field.displacement(at: x, modeI: kI, modeII: kII)
                worst = max(worst, abs(u.x - ux), abs(u.y - uy))
                scale = max(scale, abs(ux), abs(uy))
            }
        }
        #expect(worst < 1e-7 * scale, "largest deviation \(worst) Å against a field of \(scale) Å")
        // G = K²(1 − ν²)/E for both modes.
        #expect(abs(field.energyReleaseRate(modeI: kI) / (kI * kI * (1 - nu * nu) / e) - 1) < 1e-8)
        #expect(abs(field.energyReleaseRate(modeI: 0, modeII: kII) / (kII * kII * (1 - nu * nu) / e) - 1) < 1e-8)
    }

    @Test("Stress closed forms equal C : grad u; the field is in equilibrium and the crack faces are traction-free",
          arguments: [(0.0, false), (0.0, true), (0.3, true), (Double.pi / 4, true)])
    func equilibriumAndFreeFaces(angle: Double, strong: Bool) throws {
        let m = strong ? Self.strongCubic : Self.mildCubic
        let field = try AnisotropicKField(cubic: m, rotationAboutFront: angle)
        let c = Self.rotatedCubic(m, angle)
        let kI = 0.25, kII = 0.1
        for r in [1.0, 4.0] {
            for t in stride(from: -2.9, through: 2.9, by: 0.37) {
                let x = Vec3(r * cos(t), r * sin(t), 0)
                let s = field.stress(at: x, modeI: kI, modeII: kII)
                let scale = s.maxAbs
                let fromU = Self.stressFromDisplacement(field, c, at: x, kI: kI, kII: kII, h: 1e-4 * r)
                #expect((s - fromU).maxAbs < 1e-6 * scale, "σ closed form vs C:∇u at r=\(r), θ=\(t): \(s) vs \(fromU)")
                // div σ by central differences of the closed-form stress, against σ/r.
                let h = 1e-3 * r
                let dx = (1 / (2 * h)) * (field.stress(at: x + Vec3(h, 0, 0), modeI: kI, modeII: kII) - field.stress(at: x - Vec3(h, 0, 0), modeI: kI, modeII: kII))
                let dy = (1 / (2 * h)) * (field.stress(at: x + Vec3(0, h, 0), modeI: kI, modeII: kII) - field.stress(at: x - Vec3(0, h, 0), modeI: kI, modeII: kII))
                let divX = dx[0, 0] + dy[0, 1], divY = dx[1, 0] + dy[1, 1]
                #expect(max(abs(divX), abs(divY)) < 1e-5 * scale / r, "div σ = (\(divX), \(divY)) at r=\(r), θ=\(t)")
            }
            // Crack faces θ = ±π: σ_yy = σ_xy = 0 (approached from both sides).
            for side in [1.0, -1.0] {
                let t = side * (Double.pi - 1e-9)
                let s = field.stress(at: Vec3(r * cos(t), r * sin(t), 0), modeI: kI, modeII: kII)
                let ahead = field.stress(at: Vec3(r, 0, 0), modeI: kI, modeII: kII).maxAbs
                #expect(max(abs(s[1, 1]), abs(s[0, 1])) < 1e-7 * ahead)
            }
        }
        // Ahead of the tip σ_yy = K_I/√(2πr), σ_xy = K_II/√(2πr) (definition of K).
        let s = field.stress(at: Vec3(3, 0, 0), modeI: kI, modeII: kII)
        #expect(abs(s[1, 1] * (2 * Double.pi * 3).squareRoot() - kI) < 1e-10)
        #expect(abs(s[0, 1] * (2 * Double.pi * 3).squareRoot() - kII) < 1e-10)
    }

    @Test("Mode I energy release rate equals the orthotropic closed form of Sih, Paris and Irwin")
    func orthotropicClosedForm() throws {
        for m in [Self.mildCubic, Self.strongCubic] {
            let f = try AnisotropicKField(cubic: m)
            let g = 1.0 * (f.b11 * f.b22 / 2).squareRoot() * ((f.b22 / f.b11).squareRoot() + (2 * f.b12 + f.b66) / (2 * f.b11)).squareRoot()
            #expect(abs(f.energyReleaseRate(modeI: 1) / g - 1) < 1e-10)
        }
    }

    /// J = ∮ (W n_x − σ_ij n_j ∂u_i/∂x) ds over circles about the tip, with ∂u from central
    /// differences of the displacement field and σ = C : ε (independent of the G formula).
    @Test("J-integral of the displacement field equals the Sih-Paris-Irwin energy release rate, path-independently",
          arguments: [0.0, 0.3])
    func jIntegralEqualsEnergyReleaseRate(angle: Double) throws {
        let m = Self.strongCubic
        let field = try AnisotropicKField(cubic: m, rotationAboutFront: angle)
        let c = Self.rotatedCubic(m, angle)
        for (kI, kII) in [(0.2, 0.0), (0.0, 0.2), (0.2, 0.1)] {
            let g = field.energyReleaseRate(modeI: kI, modeII: kII)
            for r in [2.0, 9.0] {
                let n = 4000, dt = 2 * Double.pi / Double(n)
                var j = 0.0
                for k in 0..<n {
                    let t = -Double.pi + (Double(k) + 0.5) * dt
                    let x = Vec3(r * cos(t), r * sin(t), 0), normal = Vec3(cos(t), sin(t), 0)
                    let h = 1e-5 * r
                    let dudx = (1 / (2 * h)) * (field.displacement(at: x + Vec3(h, 0, 0), modeI: kI, modeII: kII) - field.displacement(at: x - Vec3(h, 0, 0), modeI: kI, modeII: kII))
                    let s = Self.stressFromDisplacement(field, c, at: x, kI: kI, kII: kII, h: h)
                    var eps = Mat3.zero
                    let dudy = (1 / (2 * h)) * (field.displacement(at: x + Vec3(0, h, 0), modeI: kI, modeII: kII) - field.displacement(at: x - Vec3(0, h, 0), modeI: kI, modeII: kII))
                    eps[0, 0] = dudx.x; eps[1, 1] = dudy.y; eps[0, 1] = 0.5 * (dudx.y + dudy.x); eps[1, 0] = eps[0, 1]
                    let w = 0.5 * (s[0, 0] * eps[0, 0] + s[1, 1] * eps[1, 1] + 2 * s[0, 1] * eps[0, 1])
                    let tx = s[0, 0] * normal.x + s[0, 1] * normal.y, ty = s[1, 0] * normal.x + s[1, 1] * normal.y
                    j += (w * normal.x - (tx * dudx.x + ty * dudx.y)) * r * dt
                }
                #expect(abs(j / g - 1) < 1e-4, "J = \(j), G = \(g) eV/Å² (K_I \(kI), K_II \(kII), r \(r) Å)")
            }
        }
    }

    @Test("A front that couples in-plane and anti-plane deformation is rejected")
    func coupledOrientationRejected() throws {
        // Cubic crystal rotated about x by 30°: s_14 ≠ 0.
        let m = Self.strongCubic, a = 0.5
        let q = Mat3(rows: Vec3(1, 0, 0), Vec3(0, cos(a), sin(a)), Vec3(0, -sin(a), cos(a)))
        var c = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            var sum = 0.0
            for p in 0..<3 { for r in 0..<3 { for s in 0..<3 { for t in 0..<3 {
                sum += q[i, p] * q[j, r] * q[k, s] * q[l, t] * m.modulus(p, r, s, t)
            } } } }
            c[i, j, k, l] = sum
        } } } }
        #expect(throws: InputError.self) { try AnisotropicKField(stiffness: c) }
    }
}
