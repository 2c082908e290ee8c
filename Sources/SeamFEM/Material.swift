import SeamCore

/// A fourth-order tensor A_iJkL = ∂P_iJ/∂F_kL (81 components), used as the material tangent.
///
/// Stored flat in row-major order of (i, J, k, L): index ((i*3+J)*3+k)*3+L.
public struct Tensor4: Sendable, Equatable {
    public var components: [Double]
    public init() { components = [Double](repeating: 0, count: 81) }
    public init(components: [Double]) { precondition(components.count == 81); self.components = components }
    @inlinable public static func index(_ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Int { ((i * 3 + j) * 3 + k) * 3 + l }
    @inlinable public subscript(i: Int, j: Int, k: Int, l: Int) -> Double {
        get { components[Tensor4.index(i, j, k, l)] }
        set { components[Tensor4.index(i, j, k, l)] = newValue }
    }
    /// A : B (contraction over the last two indices): (A:B)_iJ = Σ A_iJkL B_kL.
    public func contract(_ b: Mat3) -> Mat3 {
        var out = Mat3.zero
        for i in 0..<3 { for j in 0..<3 {
            var s = 0.0
            for k in 0..<3 { for l in 0..<3 { s += self[i, j, k, l] * b[k, l] } }
            out[i, j] = s
        } }
        return out
    }
    /// Largest absolute component.
    public var maxAbs: Double { components.reduce(0) { max($0, abs($1)) } }
}

/// What a material evaluation should compute.
public struct MaterialRequest: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let energy = MaterialRequest(rawValue: 1)
    public static let stress = MaterialRequest(rawValue: 2)
    public static let tangent = MaterialRequest(rawValue: 4)
    public static let all: MaterialRequest = [.energy, .stress, .tangent]
}

/// Strain-energy density, first Piola-Kirchhoff stress and tangent at one deformation gradient.
public struct MaterialResponse: Sendable {
    /// W(F), energy per reference volume, eV/Å^3.
    public var energyDensity: Double
    /// P = ∂W/∂F, eV/Å^3.
    public var stress: Mat3
    /// A = ∂P/∂F, eV/Å^3.
    public var tangent: Tensor4
    /// False when the material found F outside its stable range (informational, not an
    /// error): e.g. a Cauchy-Born lattice whose acoustic tensor is not positive definite or
    /// whose inner relaxation found no minimum. Materials that do not check leave it true.
    public var stable: Bool = true
    public init(energyDensity: Double = 0, stress: Mat3 = .zero, tangent: Tensor4 = Tensor4()) {
        self.energyDensity = energyDensity; self.stress = stress; self.tangent = tangent
    }
}

/// A hyperelastic (or linear-elastic) material: the energy/stress/tangent triple.
///
/// All materials are written in 3D with F the deformation gradient; plane strain uses
/// F with F_33 = 1 and no out-of-plane shear, and keeps the in-plane 2x2 blocks. Linear
/// materials use the small strain ε = sym(F - I) and return P = C:ε, A = C (geometrically
/// linear). Units: eV/Å^3 internally; GPa only at the edges (`Units`).
public protocol Material: Sendable {
    /// Evaluates W, P and A at F (compute only what is requested).
    func response(at deformationGradient: Mat3, request: MaterialRequest) throws -> MaterialResponse
    /// Mass density in amu/Å^3 (for dynamics and body forces), or nil if unknown.
    var massDensity: Double? { get }
    /// Evaluates the material of cell `cell` of cell block `block`: the hook for materials that
    /// vary by position (e.g. a Cauchy-Born band near atoms and a linear law far from them).
    /// The assembly calls this; the default ignores the cell.
    func response(at deformationGradient: Mat3, block: Int, cell: Int, request: MaterialRequest) throws -> MaterialResponse
}

extension Material {
    public var massDensity: Double? { nil }
    @inlinable public func response(at deformationGradient: Mat3, block: Int, cell: Int, request: MaterialRequest) throws -> MaterialResponse {
        try response(at: deformationGradient, request: request)
    }
}
