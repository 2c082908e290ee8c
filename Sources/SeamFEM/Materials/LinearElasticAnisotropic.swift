import SeamCore

/// Linear elasticity (small strain) with a general stiffness C_ijkl: W = ½ ε:C:ε,
/// ε = sym(F − I), P = C:ε, A = C. Geometrically linear like `LinearElasticCubic`, for crystals
/// in any orientation (e.g. a potential's own Cauchy-Born constants rotated into a crack frame).
///
/// The tensor is symmetrised over the minor and major symmetries on construction (a
/// Cauchy-Born tangent at a slightly stressed reference carries a small antisymmetric part).
/// Moduli in eV/Å^3.
public struct LinearElasticAnisotropic: Material, Equatable {
    /// C_ijkl, eV/Å^3 (fully symmetric).
    public let stiffness: Tensor4
    public let massDensity: Double?

    /// - Throws: `InputError` when C has non-finite components.
    public init(stiffness c: Tensor4, massDensity: Double? = nil) throws {
        guard c.components.allSatisfy({ $0.isFinite }) else { throw InputError("stiffness has non-finite components") }
        var s = Tensor4()
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            s[i, j, k, l] = (c[i, j, k, l] + c[j, i, k, l] + c[i, j, l, k] + c[j, i, l, k]
                             + c[k, l, i, j] + c[l, k, i, j] + c[k, l, j, i] + c[l, k, j, i]) / 8
        } } } }
        stiffness = s; self.massDensity = massDensity
    }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        let eps = (f - .identity).symmetric
        let sigma = stiffness.contract(eps)
        var r = MaterialResponse()
        if request.contains(.energy) { r.energyDensity = 0.5 * sigma.contract(eps) }
        if request.contains(.stress) { r.stress = sigma }
        if request.contains(.tangent) { r.tangent = stiffness }
        return r
    }
}
