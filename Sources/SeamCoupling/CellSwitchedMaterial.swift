import Foundation
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
///
/// The near responses are memoised per cell: a cell whose F is bitwise the one of its last
/// evaluation (and asks for no more than was computed then) gets the stored response. Why: the
/// alternating Schwarz solve evaluates the continuum residual several times per alternation
/// (before and after each Newton step, and in the convergence check), and between those only
/// the cells next to the re-slaved interface nodes change; the Cauchy-Born evaluations of the
/// others were pure repetition (measured, `seam-bench crack --phases`). The result is bitwise
/// the same as without the memo; copies of the material share it (a lock serialises access).
public struct CellSwitchedMaterial<Near: Material, Far: Material>: Material {
    public let near: Near
    public let far: Far
    /// Per cell of block 0: true = near material.
    public let usesNear: [Bool]
    /// W_near(I) − W_far(I), eV/Å^3, added to the far energy density so that both laws count
    /// energy from the same zero (a Cauchy-Born W is the absolute energy per volume of the
    /// crystal, cohesive energy included; a linear law starts at 0).
    public let farEnergyOffset: Double
    /// Last near response of each cell (see the type's notes).
    let memo: ResponseMemo

    public init(near: Near, far: Far, usesNear: [Bool]) throws {
        self.near = near; self.far = far; self.usesNear = usesNear
        memo = ResponseMemo(cells: usesNear.count)
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
        guard block == 0, cell >= 0, cell < usesNear.count else { return try near.response(at: f, request: request) }
        if let r = memo.lookup(cell: cell, f: f, request: request) { return r }
        let r = try near.response(at: f, request: request)
        memo.store(cell: cell, f: f, request: request, response: r)
        return r
    }
}

/// Per-cell store of the last (F, request, response) of a material; lock-protected so that
/// copies of the owning value type may share it across tasks.
final class ResponseMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(f: Mat3, request: MaterialRequest, response: MaterialResponse)?]

    init(cells: Int) { entries = Array(repeating: nil, count: cells) }

    /// The stored response when F is bitwise the stored one and the stored request covers `request`.
    func lookup(cell: Int, f: Mat3, request: MaterialRequest) -> MaterialResponse? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[cell], e.request.isSuperset(of: request), e.f == f else { return nil }
        return e.response
    }

    func store(cell: Int, f: Mat3, request: MaterialRequest, response: MaterialResponse) {
        lock.lock(); defer { lock.unlock() }
        entries[cell] = (f, request, response)
    }
}

extension CellSwitchedMaterial: BasisShiftProviding where Near: BasisShiftProviding {
    public var lattice: Lattice { near.lattice }
    public func basisShifts(at f: Mat3) throws -> [Vec3] { try near.basisShifts(at: f) }
}
