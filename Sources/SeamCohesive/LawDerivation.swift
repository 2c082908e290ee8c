import SeamCore
import SeamPotential

/// How the two halves of an interface are separated.
public enum SeparationMode: Sendable, Equatable {
    /// Mode I: opening along the normal.
    case opening
    /// Mode II/III: tangential slip along an in-plane direction (normalised internally).
    case slip(Vec3)
}

/// One derived traction-separation curve, with its provenance. Units: openings Å, energies
/// per area eV/Å^2, tractions eV/Å^3.
public struct DerivedLaw: Sendable, Codable, Equatable {
    /// "opening" or "slip".
    public var mode: String
    /// Unit direction of the separation, Cartesian.
    public var direction: [Double]
    /// Whether atoms were relaxed at each step (and the constraint used).
    public var relaxed: Bool
    public var constraint: String
    public var openings: [Double]
    public var energies: [Double]
    public var tractions: [Double]
    /// Interface area, Å^2.
    public var area: Double

    public init(mode: String, direction: [Double], relaxed: Bool, constraint: String,
                openings: [Double], energies: [Double], tractions: [Double], area: Double) {
        self.mode = mode; self.direction = direction; self.relaxed = relaxed; self.constraint = constraint
        self.openings = openings; self.energies = energies; self.tractions = tractions; self.area = area
    }

    /// φ(last) - φ(first), eV/Å^2.
    public var workOfSeparation: Double { (energies.last ?? 0) - (energies.first ?? 0) }
    /// Largest traction, eV/Å^3.
    public var peakTraction: Double { tractions.max() ?? 0 }
    /// Opening at the largest traction, Å.
    public var peakOpening: Double { openings[tractions.firstIndex(of: peakTraction) ?? 0] }
    /// The curve as a law (requires the first opening to be 0).
    public func tabulated(shearWeight: Double = 1) throws -> TabulatedLaw {
        try TabulatedLaw(openings: openings, energies: energies, tractions: tractions, shearWeight: shearWeight)
    }
}

/// Progress of a derivation: step index, opening (Å), φ (eV/Å^2), traction (eV/Å^3).
public typealias DerivationProgress = @Sendable (Int, Double, Double, Double) -> Void

/// Derives traction-separation laws for any `Potential` by separating the two halves of an
/// `InterfaceSlab`: energy per area φ(δ) = [E(δ) - E(0)]/A and the traction from the analytic
/// forces, T(δ) = -(1/A) Σ_{i moved} F_i · d (not by differencing φ).
///
/// Rigid: the upper part moves as a block. Relaxed: the atoms within `gripThickness` of the
/// outer faces are held (rigid grips; the upper grip carries the imposed displacement) and
/// all other atoms are relaxed at every step, starting from the rigidly separated slab (not
/// continuing from the previous step); by the envelope theorem T is then the grip force per area. The relaxed law includes the elastic
/// compliance of the slab between the grips (see the coupling notes on which law to use).
public struct LawDerivation<P: Potential>: Sendable {
    public let potential: P
    public let slab: InterfaceSlab

    public init(potential: P, slab: InterfaceSlab) throws {
        try potential.checkElements(slab.structure)
        self.potential = potential; self.slab = slab
    }

    func direction(_ mode: SeparationMode) -> Vec3 {
        switch mode {
        case .opening: return slab.normal
        case .slip(let d):
            let t = d - d.dot(slab.normal) * slab.normal
            precondition(t.norm > 0, "slip direction must have an in-plane component")
            return t.normalized
        }
    }

    /// Rigid (unrelaxed) law at the given separations (Å; include 0 first for a law).
    public func rigid(_ mode: SeparationMode, separations: [Double], progress: DerivationProgress? = nil) throws -> DerivedLaw {
        let d = direction(mode)
        let e0 = try potential.energy(slab.structure)
        var energies: [Double] = [], tractions: [Double] = []
        for (k, delta) in separations.enumerated() {
            let s = slab.displaced(by: delta * d)
            let r = try potential.evaluate(s, request: [.energy, .forces])
            try r.checkFinite()
            var sum = 0.0
            for i in 0..<s.count where slab.upper[i] { sum += r.forces[i].dot(d) }
            energies.append((r.energy - e0) / slab.area)
            tractions.append(-sum / slab.area)
            progress?(k, delta, energies[k], tractions[k])
        }
        return DerivedLaw(mode: modeName(mode), direction: [d.x, d.y, d.z], relaxed: false, constraint: "rigid blocks",
                          openings: separations, energies: energies, tractions: tractions, area: slab.area)
    }

    /// Relaxed law: grips of `gripThickness` Å at both outer faces are held; everything else
    /// is relaxed by `relax` (structure, held-atom flags) -> relaxed structure at each step.
    public func relaxed(_ mode: SeparationMode, separations: [Double], gripThickness: Double,
                        relax: (Structure, [Bool]) throws -> Structure,
                        progress: DerivationProgress? = nil) throws -> DerivedLaw {
        let d = direction(mode)
        let heights = slab.structure.positions.map { $0.dot(slab.normal) }
        let lo = heights.min() ?? 0, hi = heights.max() ?? 0
        let held = heights.map { $0 < lo + gripThickness || $0 > hi - gripThickness }
        guard held.contains(true), held.contains(false) else {
            throw InputError("grip thickness \(gripThickness) Å holds all or none of the atoms (slab is \(hi - lo) Å thick)")
        }
        let movedGrip = zip(held, slab.upper).map { $0 && $1 }
        let e0 = try potential.energy(try relax(slab.structure, held))
        var energies: [Double] = [], tractions: [Double] = []
        for (k, delta) in separations.enumerated() {
            // Each opening starts from the rigidly separated slab (the gap inserted at the cut)
            // and relaxes with the grips held (Hayes, Ortiz and Carter, Phys. Rev. B 69, 172104
            // (2004)). Continuing from the previous opening instead would follow the homogeneously
            // stretched branch and never localise the opening at the cut.
            let current = try relax(slab.displaced(by: delta * d), held)
            let r = try potential.evaluate(current, request: [.energy, .forces])
            try r.checkFinite()
            var sum = 0.0
            for i in 0..<current.count where movedGrip[i] { sum += r.forces[i].dot(d) }
            energies.append((r.energy - e0) / slab.area)
            tractions.append(-sum / slab.area)
            progress?(k, delta, energies[k], tractions[k])
        }
        return DerivedLaw(mode: modeName(mode), direction: [d.x, d.y, d.z], relaxed: true,
                          constraint: "grips of \(gripThickness) Å at both outer faces held; all other atoms relaxed",
                          openings: separations, energies: energies, tractions: tractions, area: slab.area)
    }

    /// Surface energy of the slab's termination from slab and bulk energies:
    /// γ = (E_slab - N e_bulk) / (2A), eV/Å^2, with e_bulk the energy per atom of `bulk`.
    /// Valid for a single-element slab whose two outer faces have the same termination.
    public func surfaceEnergy(bulk: Structure) throws -> Double {
        let eBulk = try potential.energy(bulk) / Double(bulk.count)
        let eSlab = try potential.energy(slab.structure)
        return (eSlab - Double(slab.structure.count) * eBulk) / (2 * slab.area)
    }

    private func modeName(_ m: SeparationMode) -> String { if case .opening = m { return "opening" } else { return "slip" } }
}
