import SeamCore
import SeamNumerics
import SeamPotential

/// The full-atomistic version of a coupled problem (for comparison and cost ratios): all atoms
/// of the domain, the boundary band (`padDepth` deep) held at a prescribed displacement field,
/// the rest relaxed with L-BFGS. Units: Å, eV.
public struct FullAtomisticReference<P: Potential>: Sendable {
    public let potential: P
    public let layout: CouplingLayout
    public let reference: Structure
    public let roles: [AtomRole]

    public init(layout: CouplingLayout, potential: P) throws {
        self.layout = layout; self.potential = potential
        (reference, roles) = try layout.fullAtomistic()
        try potential.checkElements(reference)
    }

    /// Relaxed structure with every atom started at X + u(X) and the boundary band held there.
    public func solve(boundaryDisplacement u: (Vec3) -> Vec3, forceTolerance: Double = 1e-6,
                      maxIterations: Int = 20_000) throws -> Relaxation.Result {
        var s = reference
        s.positions = reference.positions.map { $0 + u($0) }
        let fixed = Set(roles.indices.filter { roles[$0] == .pad })
        return try Relaxation.relaxPositions(s, potential: potential,
                                             minimizer: LBFGS(forceTolerance: forceTolerance, maxIterations: maxIterations),
                                             fixed: fixed, neighborSkin: 0.5)
    }
}
