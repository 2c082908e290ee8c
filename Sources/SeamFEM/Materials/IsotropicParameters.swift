import SeamCore

/// Lamé parameters λ, μ (eV/Å^3) of an isotropic material, validated, with the conversion
/// from Young's modulus and Poisson's ratio.
///
/// Shared by the isotropic hyperelastic materials (`SaintVenantKirchhoff`,
/// `CompressibleNeoHookean`). Both reduce at small strain to the linear isotropic tensor
/// C_ijkl = λ δ_ij δ_kl + μ (δ_ik δ_jl + δ_il δ_jk) returned by `isotropicTensor`.
public struct LameParameters: Sendable, Hashable {
    /// First Lamé parameter λ, eV/Å^3.
    public let lambda: Double
    /// Shear modulus μ, eV/Å^3.
    public let mu: Double

    /// Validates μ > 0 and bulk modulus K = λ + 2μ/3 > 0 (both needed for a stable material).
    public init(lambda: Double, mu: Double) throws {
        guard lambda.isFinite, mu.isFinite else { throw InputError("Lamé parameters must be finite (λ = \(lambda), μ = \(mu))") }
        guard mu > 0 else { throw InputError("shear modulus μ = \(mu) eV/Å^3 must be positive") }
        guard lambda + 2 * mu / 3 > 0 else {
            throw InputError("bulk modulus λ + 2μ/3 = \(lambda + 2 * mu / 3) eV/Å^3 must be positive")
        }
        self.lambda = lambda; self.mu = mu
    }

    /// From Young's modulus E (eV/Å^3) and Poisson's ratio ν in (-1, 1/2):
    /// λ = E ν / ((1 + ν)(1 - 2ν)), μ = E / (2(1 + ν)).
    public init(youngsModulus e: Double, poissonRatio nu: Double) throws {
        guard e > 0, e.isFinite else { throw InputError("Young's modulus E = \(e) eV/Å^3 must be positive") }
        guard nu > -1, nu < 0.5 else {
            throw InputError("Poisson's ratio ν = \(nu) must lie in (-1, 1/2)",
                             suggestion: nu == 0.5 ? "ν = 1/2 is incompressible; use ν = 0.49 or a mixed formulation" : nil)
        }
        try self.init(lambda: e * nu / ((1 + nu) * (1 - 2 * nu)), mu: e / (2 * (1 + nu)))
    }

    /// Young's modulus E = μ(3λ + 2μ)/(λ + μ), eV/Å^3.
    public var youngsModulus: Double { mu * (3 * lambda + 2 * mu) / (lambda + mu) }
    /// Poisson's ratio ν = λ / (2(λ + μ)).
    public var poissonRatio: Double { lambda / (2 * (lambda + mu)) }
    /// Bulk modulus K = λ + 2μ/3, eV/Å^3.
    public var bulkModulus: Double { lambda + 2 * mu / 3 }

    /// C_ijkl = λ δ_ij δ_kl + μ (δ_ik δ_jl + δ_il δ_jk), eV/Å^3.
    public var isotropicTensor: Tensor4 {
        var c = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            let dij = i == j ? 1.0 : 0, dkl = k == l ? 1.0 : 0, dik = i == k ? 1.0 : 0
            let djl = j == l ? 1.0 : 0, dil = i == l ? 1.0 : 0, djk = j == k ? 1.0 : 0
            c[i, j, k, l] = lambda * dij * dkl + mu * (dik * djl + dil * djk)
        } } } }
        return c
    }
}
