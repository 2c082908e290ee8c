import SeamCore
import SeamFEM

/// A material that is `near` in the flagged cells of block 0 and `far` elsewhere: a
/// Cauchy-Born band next to the atoms and a cheap law (e.g. `LinearElasticAnisotropic` with
/// the potential's own constants) in the far field.
///
/// Why: every Cauchy-Born quadrature point evaluates the potential on a lattice cell (plus 18
/// evaluations for a tangent), which made the continuum the dominant cost of a coupled solve;
/// far from the atoms the strains are small and the linear law with the same C_ij agrees to
/// O(ε²). Near the atoms the Cauchy-Born law keeps the patch test exact (pads and continuum
/// see the same response under any uniform F). The cell-free `response(at:request:)` is the
/// near material's (used for reference tangents at F = I).
public struct CellSwitchedMaterial<Near: Material, Far: Material>: Material {
    public let near: Near
    public let far: Far
    /// Per cell of block 0: true = near material.
    public let usesNear: [Bool]
    /// W_near(I) − W_far(I), eV/Å^3, added to the far energy density so that both laws count
    /// energy from the same zero (a Cauchy-Born W is the absolute energy per volume of the
    /// crystal, cohesive energy included; a linear law starts at 0).
    public let farEnergyOffset: Double

    public init(near: Near, far: Far, usesNear: [Bool]) throws {
        self.near = near; self.far = far; self.usesNear = usesNear
        farEnergyOffset = try near.response(at: .identity, request: .energy).energyDensity
            - far.response(at: .identity, request: .energy).energyDensity
    }

    public var massDensity: Double? { near.massDensity }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        try near.response(at: f, request: request)
    }

    public func response(at f: Mat3, block: Int, cell: Int, request: MaterialRequest) throws -> MaterialResponse {
        if block == 0, cell < usesNear.count, !usesNear[cell] {
            var r = try far.response(at: f, request: request)
            if request.contains(.energy) { r.energyDensity += farEnergyOffset }
            return r
        }
        return try near.response(at: f, request: request)
    }
}

extension CellSwitchedMaterial: BasisShiftProviding where Near: BasisShiftProviding {
    public var lattice: Lattice { near.lattice }
    public func basisShifts(at f: Mat3) throws -> [Vec3] { try near.basisShifts(at: f) }
}
