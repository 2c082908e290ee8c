import Foundation
import SeamCore
import SeamFEM

/// The near-tip field of a straight crack in an anisotropic linear-elastic solid under plane
/// strain (Sih, Paris and Irwin, Int. J. Fract. Mech. 1, 189 (1965); Lekhnitskii's complex
/// potentials; equivalent to Stroh's formalism for in-plane modes).
///
/// Crack frame: the crack lies on y = 0 along the negative x axis, the tip at the origin, the
/// front along z. The solid must have x3 = z normal to a plane of material symmetry (in-plane
/// and anti-plane deformations decouple: b14 = b15 = b24 = b25 = b46 = b56 = 0), which covers
/// cubic crystals with the front along ⟨001⟩ in any rotation about it and every orthotropic
/// solid in its axes.
///
/// With the reduced (plane-strain) compliances b_ij = s_ij − s_i3 s_j3 / s_33 (Voigt order
/// xx, yy, zz, yz, xz, xy; engineering shear strains), the roots μ of
/// b11 μ⁴ − 2 b16 μ³ + (2 b12 + b66) μ² − 2 b26 μ + b22 = 0 with Im μ > 0 give (r, θ polar
/// about the tip, z_k = cos θ + μ_k sin θ, principal square root, branch cut = crack faces):
///
///   mode I:  u_x = K_I √(2r/π) Re[(μ1 p2 √z2 − μ2 p1 √z1)/(μ1 − μ2)],
///            u_y = K_I √(2r/π) Re[(μ1 q2 √z2 − μ2 q1 √z1)/(μ1 − μ2)],
///   mode II: u_x = K_II √(2r/π) Re[(p2 √z2 − p1 √z1)/(μ1 − μ2)],
///            u_y = K_II √(2r/π) Re[(q2 √z2 − q1 √z1)/(μ1 − μ2)],
///
/// p_k = b11 μ_k² + b12 − b16 μ_k, q_k = b12 μ_k + b22/μ_k − b26, and the energy release rate
/// G = −½ K_I Im[K_I b22 (μ1+μ2)/(μ1μ2) + K_II b22/(μ1μ2)] + ½ K_II Im[K_II b11 (μ1+μ2) + K_I b11 μ1μ2].
/// For orthotropic symmetry this reduces to G_I = K_I² √(b11 b22/2) √(√(b22/b11) + (2b12+b66)/(2b11)).
///
/// Isotropic solids have the double root μ = i, where the expressions above are 0/0; the
/// roots are then split symmetrically (μ ± h, h = 1e-5 i): the field is a symmetric analytic
/// function of (μ1, μ2), so the split changes it by O(h²) ≈ 1e-10 relative.
///
/// Units: K in eV/Å^{5/2} (`Units` converts to MPa·m^{1/2}), lengths Å, moduli and stresses eV/Å^3,
/// G in eV/Å^2.
public struct AnisotropicKField: Sendable {
    /// Reduced plane-strain compliances (Å^3/eV) in Voigt indices 1 = xx, 2 = yy, 6 = xy.
    public let b11: Double, b12: Double, b16: Double, b22: Double, b26: Double, b66: Double
    /// Full compliance s_3j (Å^3/eV, j = 1, 2, 6 then s_33) used for σ_zz under plane strain.
    let s31: Double, s32: Double, s36: Double, s33: Double
    /// Roots μ1, μ2 of the characteristic equation with positive imaginary part (as used).
    public let mu1: Complex, mu2: Complex

    /// Builds the field from the stiffness tensor C_ijkl (eV/Å^3) in the crack frame.
    /// - Throws: `InputError` when C is not positive definite or couples in-plane and
    ///   anti-plane deformation (front not normal to a symmetry plane).
    public init(stiffness c: Tensor4) throws {
        let pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
        var voigt = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for a in 0..<6 { for b in 0..<6 {
            voigt[a][b] = c[pairs[a].0, pairs[a].1, pairs[b].0, pairs[b].1]
        } }
        let scale = voigt.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0 else { throw InputError("the stiffness tensor is zero") }
        for a in 0..<6 { for b in 0..<6 where abs(voigt[a][b] - voigt[b][a]) > 1e-8 * scale {
            throw InputError("the stiffness tensor lacks major symmetry (C_\(a + 1)\(b + 1) ≠ C_\(b + 1)\(a + 1))")
        } }
        guard let s = Self.inverse6(voigt) else {
            throw InputError("the stiffness tensor is singular", suggestion: "check the elastic constants")
        }
        // Positive definiteness: all leading minors of C via a Cholesky attempt.
        guard Self.isPositiveDefinite(voigt) else {
            throw InputError("the stiffness tensor is not positive definite (the crystal is elastically unstable)")
        }
        // Indices in s: 0 xx, 1 yy, 2 zz, 3 yz, 4 xz, 5 xy.
        let coupling = [s[0][3], s[0][4], s[1][3], s[1][4], s[5][3], s[5][4], s[2][3], s[2][4]].map(abs).max()!
        let sScale = s.flatMap { $0 }.map(abs).max()!
        guard coupling < 1e-8 * sScale else {
            throw InputError("in-plane and anti-plane deformation are coupled in this orientation (s_14, s_15, … ≠ 0)",
                             suggestion: "orient the crystal so that the crack front (z) is normal to a mirror plane, e.g. a ⟨001⟩ front in a cubic crystal")
        }
        func reduced(_ i: Int, _ j: Int) -> Double { s[i][j] - s[i][2] * s[j][2] / s[2][2] }
        b11 = reduced(0, 0); b12 = reduced(0, 1); b16 = reduced(0, 5)
        b22 = reduced(1, 1); b26 = reduced(1, 5); b66 = reduced(5, 5)
        s31 = s[2][0]; s32 = s[2][1]; s36 = s[2][5]; s33 = s[2][2]
        let roots = Complex.quarticRoots([b22, -2 * b26, 2 * b12 + b66, -2 * b16, b11])
        let upper = roots.filter { $0.im > 0 }.sorted { ($0.im, $0.re) < ($1.im, $1.re) }
        guard upper.count == 2 else {
            throw InputError("the characteristic equation has real roots (not positive definite in plane strain)")
        }
        var m1 = upper[0], m2 = upper[1]
        let split = 1e-5
        if (m1 - m2).magnitude < 10 * split * m1.magnitude {
            let mean = 0.5 * (m1 + m2)
            m1 = mean + Complex(0, split * mean.magnitude); m2 = mean - Complex(0, split * mean.magnitude)
        }
        mu1 = m1; mu2 = m2
    }

    /// The field of a cubic crystal (constants in the cube axes) with the crack frame rotated
    /// by `angle` (radians) about z = [001]: x of the crack frame is cos(angle) [100] + sin(angle) [010].
    public init(cubic m: LinearElasticCubic, rotationAboutFront angle: Double = 0) throws {
        let q = Mat3(rows: Vec3(cos(angle), sin(angle), 0), Vec3(-sin(angle), cos(angle), 0), Vec3(0, 0, 1))
        var c = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            var sum = 0.0
            for p in 0..<3 { for r in 0..<3 { for s in 0..<3 { for t in 0..<3 {
                let w = q[i, p] * q[j, r] * q[k, s] * q[l, t]
                if w != 0 { sum += w * m.modulus(p, r, s, t) }
            } } } }
            c[i, j, k, l] = sum
        } } } }
        try self.init(stiffness: c)
    }

    private func p(_ m: Complex) -> Complex { b11 * m * m + Complex(b12, 0) - b16 * m }
    private func q(_ m: Complex) -> Complex { b12 * m + b22 / m - Complex(b26, 0) }

    /// Displacement (Å, in-plane; z component 0) at `offset` from the tip (Å, xy used), for
    /// stress intensity factors K_I and K_II (eV/Å^{5/2}). Rigid-body terms are zero at the tip.
    public func displacement(at offset: Vec3, modeI kI: Double, modeII kII: Double = 0) -> Vec3 {
        let r = (offset.x * offset.x + offset.y * offset.y).squareRoot()
        guard r > 0 else { return .zero }
        let c = offset.x / r, s = offset.y / r
        let z1 = (Complex(c, 0) + s * mu1).squareRoot(), z2 = (Complex(c, 0) + s * mu2).squareRoot()
        let d = mu1 - mu2
        let p1 = p(mu1), p2 = p(mu2), q1 = q(mu1), q2 = q(mu2)
        let pre = (2 * r / Double.pi).squareRoot()
        let uxI = ((mu1 * p2 * z2 - mu2 * p1 * z1) / d).re
        let uyI = ((mu1 * q2 * z2 - mu2 * q1 * z1) / d).re
        let uxII = ((p2 * z2 - p1 * z1) / d).re
        let uyII = ((q2 * z2 - q1 * z1) / d).re
        return Vec3(pre * (kI * uxI + kII * uxII), pre * (kI * uyI + kII * uyII), 0)
    }

    /// Stress (eV/Å^3) at `offset` from the tip: σ_xx, σ_yy, σ_xy from the closed forms of Sih,
    /// Paris and Irwin, σ_zz = −(s31 σ_xx + s32 σ_yy + s36 σ_xy)/s33 (plane strain), σ_xz = σ_yz = 0.
    public func stress(at offset: Vec3, modeI kI: Double, modeII kII: Double = 0) -> Mat3 {
        let r = (offset.x * offset.x + offset.y * offset.y).squareRoot()
        precondition(r > 0, "the stress is singular at the tip")
        let c = offset.x / r, s = offset.y / r
        let w1 = 1 / (Complex(c, 0) + s * mu1).squareRoot(), w2 = 1 / (Complex(c, 0) + s * mu2).squareRoot()
        let d = mu1 - mu2, m12 = mu1 * mu2
        let pre = 1 / (2 * Double.pi * r).squareRoot()
        let sxx = kI * (m12 / d * (mu2 * w2 - mu1 * w1)).re + kII * ((mu2 * mu2 * w2 - mu1 * mu1 * w1) / d).re
        let syy = kI * ((mu1 * w2 - mu2 * w1) / d).re + kII * ((w2 - w1) / d).re
        let sxy = kI * (m12 / d * (w1 - w2)).re + kII * ((mu1 * w1 - mu2 * w2) / d).re
        let szz = -(s31 * sxx + s32 * syy + s36 * sxy) / s33
        return pre * Mat3(rows: Vec3(sxx, sxy, 0), Vec3(sxy, syy, 0), Vec3(0, 0, szz))
    }

    /// Energy release rate G (eV/Å^2) for K_I, K_II (eV/Å^{5/2}), Sih-Paris-Irwin (1965).
    public func energyReleaseRate(modeI kI: Double, modeII kII: Double = 0) -> Double {
        let sum = mu1 + mu2, prod = mu1 * mu2
        let a = kI * (kI * b22 * sum / prod + kII * b22 / prod).im
        let b = kII * (kII * b11 * sum + kI * b11 * prod).im
        return -0.5 * a + 0.5 * b
    }

    /// E' of mode I (eV/Å^3): G = K_I²/E'.
    public var modeIModulus: Double { 1 / energyReleaseRate(modeI: 1) }
    /// E' of mode II (eV/Å^3): G = K_II²/E'.
    public var modeIIModulus: Double { 1 / energyReleaseRate(modeI: 0, modeII: 1) }

    /// Griffith stress intensity K_Ic = √(2γ E'_I) (eV/Å^{5/2}) for the surface energy γ (eV/Å^2)
    /// of the cleavage plane: the K at which G equals the work 2γ of creating two surfaces.
    public func griffithStressIntensity(surfaceEnergy gamma: Double) -> Double { (2 * gamma * modeIModulus).squareRoot() }

    // MARK: - Small dense helpers

    static func inverse6(_ m: [[Double]]) -> [[Double]]? {
        let n = 6
        var a = m, inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[pivot][col]) > 1e-300 else { return nil }
            a.swapAt(col, pivot); inv.swapAt(col, pivot)
            let d = a[col][col]
            for j in 0..<n { a[col][j] /= d; inv[col][j] /= d }
            for i in 0..<n where i != col {
                let f = a[i][col]
                if f != 0 { for j in 0..<n { a[i][j] -= f * a[col][j]; inv[i][j] -= f * inv[col][j] } }
            }
        }
        return inv
    }

    static func isPositiveDefinite(_ m: [[Double]]) -> Bool {
        let n = m.count
        var l = m
        for j in 0..<n {
            var d = l[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            guard d > 0 else { return false }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<n {
                var s = l[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / l[j][j]
            }
        }
        return true
    }
}
