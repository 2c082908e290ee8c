import SeamCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compressible neo-Hookean material (Ogden's form, as in Bonet & Wood, Nonlinear
/// Continuum Mechanics for FEA, eq. 6.28):
///
///     W = μ/2 (tr(FᵀF) - 3) - μ ln J + λ/2 (ln J)²,   J = det F          (eV/Å^3)
///     P = μ (F - F⁻ᵀ) + λ ln J F⁻ᵀ
///     A_iJkL = μ δ_ik δ_JL + (μ - λ ln J) F⁻¹_Jk F⁻¹_Li + λ F⁻¹_Ji F⁻¹_Lk
///
/// At F = I the tangent is the linear isotropic tensor with the same λ, μ. W → ∞ as J → 0, so
/// the model resists inversion; J ≤ 0 throws a `NumericalError` (an inverted element is a
/// solver event — the Newton line search backs off — not a crash).
public struct CompressibleNeoHookean: Material {
    public let parameters: LameParameters
    public let massDensity: Double?

    /// - Parameters: λ and μ in eV/Å^3; `massDensity` in amu/Å^3.
    public init(lambda: Double, mu: Double, massDensity: Double? = nil) throws {
        parameters = try LameParameters(lambda: lambda, mu: mu); self.massDensity = massDensity
    }
    /// - Parameters: Young's modulus E in eV/Å^3, Poisson's ratio ν; `massDensity` in amu/Å^3.
    public init(youngsModulus: Double, poissonRatio: Double, massDensity: Double? = nil) throws {
        parameters = try LameParameters(youngsModulus: youngsModulus, poissonRatio: poissonRatio)
        self.massDensity = massDensity
    }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        let j = f.determinant
        guard j.isFinite else { throw NumericalError(.notANumber, "deformation gradient is not finite: \(f)") }
        guard j > 0 else { throw NumericalError(.singular, "det F = \(j) ≤ 0: the material is inverted") }
        let lambda = parameters.lambda, mu = parameters.mu
        let logJ = log(j)
        let fInv = f.inverse, fInvT = fInv.transposed
        var out = MaterialResponse()
        if request.contains(.energy) {
            out.energyDensity = 0.5 * mu * (f.contract(f) - 3) - mu * logJ + 0.5 * lambda * logJ * logJ
        }
        if request.contains(.stress) { out.stress = mu * (f - fInvT) + (lambda * logJ) * fInvT }
        if request.contains(.tangent) {
            var a = Tensor4()
            let c1 = mu - lambda * logJ
            for i in 0..<3 { for jj in 0..<3 { for k in 0..<3 { for l in 0..<3 {
                var v = c1 * fInv[jj, k] * fInv[l, i] + lambda * fInv[jj, i] * fInv[l, k]
                if i == k && jj == l { v += mu }
                a[i, jj, k, l] = v
            } } } }
            out.tangent = a
        }
        return out
    }
}
