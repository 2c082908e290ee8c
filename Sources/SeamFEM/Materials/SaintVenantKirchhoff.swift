import SeamCore

/// The Saint Venant-Kirchhoff material: linear isotropic elasticity in the Green-Lagrange
/// strain E = (FᵀF - I)/2.
///
///     W = λ/2 (tr E)² + μ E:E                      (eV/Å^3)
///     S = λ tr(E) I + 2μ E,   P = F S
///     A_iJkL = δ_ik S_JL + F_iM F_kN C_MJNL,   C_MJNL = λ δ_MJ δ_NL + μ(δ_MN δ_JL + δ_ML δ_JN)
///
/// Exact at small strain (A(I) = C); it softens and loses stability in strong compression,
/// which is why `CompressibleNeoHookean` is the default large-strain model. Hand-written:
/// closed-form W, P and A are cheaper and exact compared with differentiating W.
public struct SaintVenantKirchhoff: Material {
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
        guard f.maxAbs.isFinite else { throw NumericalError(.notANumber, "deformation gradient is not finite: \(f)") }
        let lambda = parameters.lambda, mu = parameters.mu
        let e = 0.5 * (f.transposed * f - .identity)
        let trE = e.trace
        var out = MaterialResponse()
        if request.contains(.energy) { out.energyDensity = 0.5 * lambda * trE * trE + mu * e.contract(e) }
        let s = lambda * trE * Mat3.identity + 2 * mu * e
        if request.contains(.stress) { out.stress = f * s }
        if request.contains(.tangent) {
            var a = Tensor4()
            // F_iM F_kN C_MJNL = λ (F_iJ F_kL) + μ (F_iM F_kM δ_JL + F_iL F_kJ)
            let ffT = f * f.transposed
            for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
                var v = lambda * f[i, j] * f[k, l] + mu * f[i, l] * f[k, j]
                if j == l { v += mu * ffT[i, k] }
                if i == k { v += s[j, l] }
                a[i, j, k, l] = v
            } } } }
            out.tangent = a
        }
        return out
    }
}
