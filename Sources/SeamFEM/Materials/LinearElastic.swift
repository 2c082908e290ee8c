import SeamCore

/// Isotropic linear elasticity (small strain): W = ½ λ (tr ε)^2 + μ ε:ε with ε = sym(F - I),
/// P = C:ε = λ tr(ε) I + 2 μ ε, A = C_ijkl = λ δ_ij δ_kl + μ (δ_ik δ_jl + δ_il δ_jk).
///
/// Geometrically linear by design (the reference for patch tests, Kirsch and Timoshenko);
/// moduli in eV/Å^3, GPa constructors at the edges.
public struct LinearElasticIsotropic: Material, Equatable {
    /// Young's modulus E (eV/Å^3).
    public let youngsModulus: Double
    /// Poisson's ratio ν (dimensionless, -1 < ν < 1/2).
    public let poissonRatio: Double
    public let massDensity: Double?

    /// - Parameters: E in eV/Å^3, ν, optional mass density in amu/Å^3.
    public init(youngsModulus: Double, poissonRatio: Double, massDensity: Double? = nil) throws {
        guard youngsModulus > 0, youngsModulus.isFinite else { throw InputError("Young's modulus must be positive (got \(youngsModulus))") }
        guard poissonRatio > -1, poissonRatio < 0.5 else { throw InputError("Poisson's ratio must lie in (-1, 0.5) (got \(poissonRatio))") }
        self.youngsModulus = youngsModulus; self.poissonRatio = poissonRatio; self.massDensity = massDensity
    }
    /// E in GPa.
    public init(youngsModulusGPa: Double, poissonRatio: Double, massDensity: Double? = nil) throws {
        try self.init(youngsModulus: Units.evPerCubicAngstrom(fromGigapascal: youngsModulusGPa), poissonRatio: poissonRatio, massDensity: massDensity)
    }
    /// First Lamé parameter λ = E ν / ((1 + ν)(1 - 2ν)) (eV/Å^3).
    public var lambda: Double { youngsModulus * poissonRatio / ((1 + poissonRatio) * (1 - 2 * poissonRatio)) }
    /// Shear modulus μ = E / (2 (1 + ν)) (eV/Å^3).
    public var shearModulus: Double { youngsModulus / (2 * (1 + poissonRatio)) }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        let eps = (f - .identity).symmetric
        let lam = lambda, mu = shearModulus
        var sigma = 2 * mu * eps
        let tr = eps.trace
        for i in 0..<3 { sigma[i, i] += lam * tr }
        var r = MaterialResponse()
        if request.contains(.energy) { r.energyDensity = 0.5 * sigma.contract(eps) }
        if request.contains(.stress) { r.stress = sigma }
        if request.contains(.tangent) {
            var c = Tensor4()
            for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
                c[i, j, k, l] = (i == j && k == l ? lam : 0) + (i == k && j == l ? mu : 0) + (i == l && j == k ? mu : 0)
            } } } }
            r.tangent = c
        }
        return r
    }
}

/// Cubic linear elasticity (small strain) with the cube axes along x, y, z:
/// C_iiii = C11, C_iijj = C12 (i ≠ j), C_ijij = C_ijji = C44 (i ≠ j); P = C:ε, A = C.
///
/// Constants in eV/Å^3 (GPa constructor at the edges); stability requires C11 > |C12|,
/// C11 + 2 C12 > 0, C44 > 0.
public struct LinearElasticCubic: Material, Equatable {
    public let c11: Double
    public let c12: Double
    public let c44: Double
    public let massDensity: Double?

    public init(c11: Double, c12: Double, c44: Double, massDensity: Double? = nil) throws {
        guard c11 > abs(c12), c11 + 2 * c12 > 0, c44 > 0 else {
            throw InputError("cubic constants C11 = \(c11), C12 = \(c12), C44 = \(c44) are not positive definite",
                             suggestion: "need C11 > |C12|, C11 + 2 C12 > 0 and C44 > 0")
        }
        self.c11 = c11; self.c12 = c12; self.c44 = c44; self.massDensity = massDensity
    }
    /// Constants in GPa.
    public init(c11GPa: Double, c12GPa: Double, c44GPa: Double, massDensity: Double? = nil) throws {
        try self.init(c11: Units.evPerCubicAngstrom(fromGigapascal: c11GPa), c12: Units.evPerCubicAngstrom(fromGigapascal: c12GPa),
                      c44: Units.evPerCubicAngstrom(fromGigapascal: c44GPa), massDensity: massDensity)
    }

    /// C_ijkl (eV/Å^3).
    @inlinable public func modulus(_ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Double {
        if i == j && k == l { return i == k ? c11 : c12 }
        if i != j && ((i == k && j == l) || (i == l && j == k)) { return c44 }
        return 0
    }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        let eps = (f - .identity).symmetric
        var sigma = Mat3.zero
        for i in 0..<3 { for j in 0..<3 {
            var s = 0.0
            for k in 0..<3 { for l in 0..<3 { s += modulus(i, j, k, l) * eps[k, l] } }
            sigma[i, j] = s
        } }
        var r = MaterialResponse()
        if request.contains(.energy) { r.energyDensity = 0.5 * sigma.contract(eps) }
        if request.contains(.stress) { r.stress = sigma }
        if request.contains(.tangent) {
            var c = Tensor4()
            for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 { c[i, j, k, l] = modulus(i, j, k, l) } } } }
            r.tangent = c
        }
        return r
    }
}
