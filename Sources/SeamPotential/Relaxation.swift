import SeamCore
import SeamNumerics

/// Energy minimisation of a structure under any `Potential`: atomic positions only, or
/// positions together with the periodic cell at a target pressure.
///
/// Cell relaxation (fully periodic structures) minimises the enthalpy
///
///     H(u, ε) = E(F u_i, F C_0) + p V(F),   F = I + ε,  ε symmetric (6 strain components),
///
/// over reference-frame positions u_i = s_i C_0 (the fractional coordinates s_i scaled by the
/// starting cell C_0, so their gradient keeps units of eV/Å) and the strain ε, with p in eV/Å^3.
/// Positions move affinely with the cell while u is fixed. Gradients, from the virial
/// W = -∂E/∂ε (`PotentialResult.virial`):
///
///     ∂H/∂u_i = -F^T f_i,    ∂H/∂F = (p V I - W) F^{-T}
///
/// At a stationary point W = p V I, i.e. the Cauchy stress σ = -W/V equals -p I. The strain
/// variables are scaled by `cellFactor` (default: the number of atoms, as ASE's UnitCellFilter
/// does), so their "forces" are ∂H/∂ε / cellFactor, eV per atom; the force tolerance then bounds
/// the stress residual by tolerance·cellFactor/V. Rotations are excluded (ε symmetric).
///
/// Convergence is on the largest component of the gradient (eV/Å for positions). Fixed atoms
/// keep their (reference-frame) positions; a mask is passed to the neighbour list.
public enum Relaxation {
    /// Outcome of a relaxation.
    public struct Result: Sendable {
        /// Relaxed structure.
        public var structure: Structure
        /// Potential energy E, eV (without the p V term).
        public var energy: Double
        /// Minimised objective (E, or the enthalpy E + pV for cell relaxations), eV, per iteration.
        public var energyHistory: [Double]
        /// Largest gradient component at the end (eV/Å; scaled strain components included).
        public var maxForce: Double
        public var iterations: Int
        public var converged: Bool
        /// Cauchy stress σ = -W/V (eV/Å^3, ASE sign) at the end, for periodic structures.
        public var stress: Mat3?
    }

    /// Relaxes atomic positions at a fixed cell.
    /// - Parameters:
    ///   - fixed: indices of atoms that do not move.
    ///   - mask: interaction mask passed to every evaluation.
    ///   - neighborSkin: extra neighbour-list radius (Å); the list is rebuilt only when an atom
    ///     has moved more than half of it since the last build (0: rebuild at every evaluation).
    public static func relaxPositions(_ structure: Structure, potential: some Potential, minimizer: some Minimizer,
                                      fixed: Set<Int> = [], mask: InteractionMask? = nil, neighborSkin: Double = 0.3,
                                      progress: ((MinimizationProgress) -> Void)? = nil) throws -> Result {
        precondition(neighborSkin >= 0, "neighbour skin must be non-negative")
        try potential.checkElements(structure)
        try checkFixed(fixed, structure)
        let free = (0..<structure.count).filter { !fixed.contains($0) }
        func place(_ x: [Double]) -> Structure {
            var s = structure
            for (k, i) in free.enumerated() { s.positions[i] = Vec3(x[3 * k], x[3 * k + 1], x[3 * k + 2]) }
            return s
        }
        let start = free.flatMap { [structure.positions[$0].x, structure.positions[$0].y, structure.positions[$0].z] }
        var list: NeighborList?
        let r = try minimizer.minimize(from: start, objective: { x in
            let s = place(x)
            if list?.isValid(for: s) == true {
                list!.refresh(positions: s.positions)  // in place: no copy of the entry arrays
            } else {
                list = NeighborList(structure: s, cutoff: potential.cutoff, skin: neighborSkin, mask: mask)
            }
            let res = try potential.evaluate(s, neighbors: list!, request: [.energy, .forces])
            try res.checkFinite()
            return (res.energy, free.flatMap { [-res.forces[$0].x, -res.forces[$0].y, -res.forces[$0].z] })
        }, progress: progress)
        let final = place(r.x)
        var stress: Mat3?
        if final.isBulk { stress = try potential.evaluate(final, mask: mask, request: [.energy, .virial]).stress(volume: final.volume) }
        return Result(structure: final, energy: r.value, energyHistory: r.valueHistory, maxForce: r.maxForce,
                      iterations: r.iterations, converged: r.converged, stress: stress)
    }

    /// Relaxes positions and cell of a fully periodic structure at external pressure
    /// `pressure` (eV/Å^3; use `Units.evPerCubicAngstrom(fromGigapascal:)` for GPa).
    public static func relaxCell(_ structure: Structure, potential: some Potential, minimizer: some Minimizer,
                                 pressure: Double = 0, fixed: Set<Int> = [], mask: InteractionMask? = nil,
                                 cellFactor: Double? = nil,
                                 progress: ((MinimizationProgress) -> Void)? = nil) throws -> Result {
        guard structure.isBulk else {
            throw InputError("cell relaxation needs a structure periodic along all three axes",
                             suggestion: "relax positions only, or make the structure fully periodic")
        }
        guard pressure.isFinite else { throw InputError("target pressure is \(pressure)") }
        try potential.checkElements(structure)
        try checkFixed(fixed, structure)
        let scale = cellFactor ?? Double(max(1, structure.count))
        precondition(scale > 0, "cellFactor must be positive")
        let free = (0..<structure.count).filter { !fixed.contains($0) }
        let n3 = 3 * free.count
        // Strain components: (0,0) (1,1) (2,2) (1,2) (0,2) (0,1).
        let pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
        func deformation(_ x: [Double]) -> Mat3 {
            var f = Mat3.identity
            for (k, (a, b)) in pairs.enumerated() {
                let e = x[n3 + k] / scale
                f[a, b] += e
                if a != b { f[b, a] += e }
            }
            return f
        }
        func place(_ x: [Double]) -> Structure {
            var u = structure
            for (k, i) in free.enumerated() { u.positions[i] = Vec3(x[3 * k], x[3 * k + 1], x[3 * k + 2]) }
            return u.deformed(by: deformation(x))
        }
        let start = free.flatMap { [structure.positions[$0].x, structure.positions[$0].y, structure.positions[$0].z] }
            + [Double](repeating: 0, count: 6)
        let r = try minimizer.minimize(from: start, objective: { x in
            let f = deformation(x)
            guard f.determinant > 0 else {
                throw NumericalError(.diverged, "cell relaxation inverted the cell (det F = \(f.determinant))")
            }
            let s = place(x)
            let res = try potential.evaluate(s, mask: mask, request: [.energy, .forces, .virial])
            try res.checkFinite()
            let volume = s.volume
            var g = [Double](repeating: 0, count: n3 + 6)
            let ft = f.transposed
            for (k, i) in free.enumerated() {
                let d = -(ft * res.forces[i])
                g[3 * k] = d.x; g[3 * k + 1] = d.y; g[3 * k + 2] = d.z
            }
            let dh = (pressure * volume * Mat3.identity - res.virial) * f.inverse.transposed
            for (k, (a, b)) in pairs.enumerated() {
                g[n3 + k] = (a == b ? dh[a, a] : dh[a, b] + dh[b, a]) / scale
            }
            return (res.energy + pressure * volume, g)
        }, progress: progress)
        let final = place(r.x)
        let res = try potential.evaluate(final, mask: mask, request: [.energy, .virial])
        return Result(structure: final, energy: res.energy, energyHistory: r.valueHistory, maxForce: r.maxForce,
                      iterations: r.iterations, converged: r.converged, stress: res.stress(volume: final.volume))
    }

    private static func checkFixed(_ fixed: Set<Int>, _ s: Structure) throws {
        if let bad = fixed.first(where: { $0 < 0 || $0 >= s.count }) {
            throw InputError("fixed atom index \(bad) is outside 0..<\(s.count)")
        }
    }
}
