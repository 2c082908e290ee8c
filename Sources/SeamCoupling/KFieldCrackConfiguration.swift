import SeamCore
import SeamPotential
import SeamFEM

/// How a crack problem is solved.
public enum CrackSolverMode: String, Sendable, CaseIterable, Codable {
    /// Atoms in the region, Cauchy-Born continuum outside (alternating Schwarz).
    case coupled
    /// Every atom of the domain, the boundary band (`padDepth` deep) held at the K-field.
    case fullAtomistic
}

/// Configuration of a K-field crack problem (`KFieldCrackProblem`): a rectangular plane-strain
/// domain of an orthogonal crystal cell, an atomistic region about the crack tip, a pre-crack
/// on a cleavage plane y = const running in from the left side, and the anisotropic K-field
/// displacement (of the potential's own Cauchy-Born elastic constants) on the outer boundary.
///
/// Crack frame = crystal frame: propagation along x (cell row a), plane normal y (row b),
/// front z (row c, the periodic out-of-plane direction). Lengths in Å; K in eV/Å^{5/2}
/// (`Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves:)` at the boundaries).
public struct KFieldCrackConfiguration: Sendable {
    /// Orthogonal periodic crystal cell (rows a ∥ x, b ∥ y, c ∥ z), Å.
    public var crystal: Structure
    /// Cauchy-Born lattice of the same crystal (same constant, orientation and origin).
    public var lattice: Lattice
    /// Domain size in crystal cells.
    public var cellsX: Int, cellsY: Int
    /// Atomistic region in crystal cells, centred in the domain (rounded down).
    public var atomisticCellsX: Int, atomisticCellsY: Int
    /// Mesh squares per crystal cell edge (nodes on atom columns; 2 for fcc/diamond with [001] ∥ z).
    public var meshDivisions: Int = 2
    /// Pad depth (coupled) and held boundary band depth (full atomistic), Å: ≥ r_c for pair
    /// potentials, ≥ 2 r_c for many-body ones.
    public var padDepth: Double
    /// Mesh coarsening ratio away from the atoms (1 = uniform).
    public var coarseningRatio: Double = 1
    /// Width (Å) of the band about the atomistic region whose elements use the Cauchy-Born law
    /// (cells whose centroid lies within it); beyond it, the linear law with the Cauchy-Born
    /// constants at F = I (`CellSwitchedMaterial`). nil: Cauchy-Born everywhere. At least
    /// `padDepth` (the pads must sit in Cauchy-Born elements).
    public var cauchyBornBand: Double?
    /// Cleavage plane height y, Å; nil: half-way between the atom layer nearest the domain
    /// centre and the next layer above.
    public var cleavageHeight: Double?
    /// Lattice period of the crack along x (Å): the distance the tip moves in one advance.
    public var advanceSpacing: Double
    /// Initial tip x, Å; nil: region centre + advanceSpacing/4 (between two bond columns for
    /// fcc and diamond cubes).
    public var tipX: Double?
    /// Length behind the tip over which pairs across the plane are not masked (the crack can
    /// heal there), Å; nil: 2 × advanceSpacing.
    public var unmaskedLength: Double?
    /// Bond broken beyond this multiple of its reference length (tip detection).
    public var brokenBondStretch: Double = 1.3
    /// Load schedule of `KFieldCrackProblem.run(progress:)`: K_I per step, eV/Å^{5/2}.
    public var kSchedule: [Double] = []
    /// The same schedule in MPa·m^{1/2} (deck and CLI boundary).
    public var kScheduleMegapascalRootMetre: [Double] {
        get { kSchedule.map { Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: $0) } }
        set { kSchedule = newValue.map { Units.evPerAngstromToTheFiveHalves(fromMegapascalRootMetre: $0) } }
    }
    /// Solver of `run(progress:)`.
    public var mode: CrackSolverMode = .coupled
    /// Coupled solver settings (force tolerance eV/Å, iterations).
    public var solver: CouplingSolverOptions = CouplingSolverOptions()
    /// Full-atomistic relaxation: force tolerance (eV/Å) and L-BFGS iterations.
    public var fullAtomisticForceTolerance: Double = 1e-5
    public var fullAtomisticMaxIterations: Int = 50_000

    public init(crystal: Structure, lattice: Lattice, cellsX: Int, cellsY: Int, atomisticCellsX: Int, atomisticCellsY: Int,
                padDepth: Double, advanceSpacing: Double) {
        self.crystal = crystal; self.lattice = lattice; self.cellsX = cellsX; self.cellsY = cellsY
        self.atomisticCellsX = atomisticCellsX; self.atomisticCellsY = atomisticCellsY
        self.padDepth = padDepth; self.advanceSpacing = advanceSpacing
        solver.forceTolerance = 1e-5
    }

    /// An fcc crystal (lattice constant a, Å) in cube orientation: crack on (010), front along
    /// [001], propagating along [100]; advance spacing a/2 (the crack plane's period along x
    /// with z periodic: (a/2, 0, a/2) is a lattice vector).
    public static func fcc(_ element: Element, latticeConstant a: Double, cellsX: Int, cellsY: Int,
                           atomisticCellsX: Int, atomisticCellsY: Int, padDepth: Double) throws -> KFieldCrackConfiguration {
        KFieldCrackConfiguration(crystal: Crystal.fcc(element, a: a), lattice: try .fcc(latticeConstant: a, element: element),
                                 cellsX: cellsX, cellsY: cellsY, atomisticCellsX: atomisticCellsX, atomisticCellsY: atomisticCellsY,
                                 padDepth: padDepth, advanceSpacing: a / 2)
    }

    /// The coupling layout with the pre-crack (validates the sizes).
    public func layout() throws -> CouplingLayout {
        guard atomisticCellsX >= 2, atomisticCellsY >= 2 else {
            throw InputError("the atomistic region needs at least 2 x 2 cells (got \(atomisticCellsX) x \(atomisticCellsY))")
        }
        guard advanceSpacing > 0, advanceSpacing.isFinite else { throw InputError("advance spacing must be positive (got \(advanceSpacing) Å)") }
        if let band = cauchyBornBand, !(band >= padDepth) {
            throw InputError("the Cauchy-Born band (\(band) Å) must be at least the pad depth (\(padDepth) Å)")
        }
        let lx = (cellsX - atomisticCellsX) / 2, ly = (cellsY - atomisticCellsY) / 2
        let a = crystal.cell[0, 0], b = crystal.cell[1, 1]
        let x0 = Double(lx) * a, x1 = Double(lx + atomisticCellsX) * a
        let yc = Double(ly) * b + 0.5 * Double(atomisticCellsY) * b
        let height = cleavageHeight ?? Self.midLayerHeight(crystal, near: yc)
        let tip = tipX ?? (0.5 * (x0 + x1) + 0.25 * advanceSpacing)
        let masked = tip - (unmaskedLength ?? 2 * advanceSpacing)
        guard tip > x0, tip < x1, masked > x0 else {
            throw InputError("the crack tip x = \(tip) Å and the mask end \(masked) Å must lie inside the atomistic region (\(x0)...\(x1) Å)",
                             suggestion: "enlarge the atomistic region or shorten the unmasked length")
        }
        return try CouplingLayout(crystal: crystal, cellsX: cellsX, cellsY: cellsY, atomisticX: lx..<(lx + atomisticCellsX),
                                  atomisticY: ly..<(ly + atomisticCellsY), meshDivisions: meshDivisions, padDepth: padDepth,
                                  coarseningRatio: coarseningRatio, crack: try CrackCut(height: height, maskedUpTo: masked))
    }

    /// The initial tip position (Å, z = 0).
    public func tipPosition(in layout: CouplingLayout) -> Vec3 {
        let h = layout.hole
        return Vec3(tipX ?? (0.5 * (h.x0 + h.x1) + 0.25 * advanceSpacing), layout.crack!.height, 0)
    }

    /// Half-way between the atom layer nearest y and the next layer above, Å.
    static func midLayerHeight(_ crystal: Structure, near y: Double) -> Double {
        let b = crystal.cell[1, 1]
        var layers = Array(Set(crystal.positions.map { (($0.y / b - ($0.y / b).rounded(.down)) * b * 1e6).rounded() / 1e6 })).sorted()
        layers.append(layers[0] + b)
        let base = (y / b).rounded(.down) * b
        var best = (distance: Double.infinity, mid: y)
        for k in -1...1 {
            for l in 0..<(layers.count - 1) {
                let layer = base + Double(k) * b + layers[l]
                let d = abs(layer - y)
                if d < best.distance { best = (d, layer + 0.5 * (layers[l + 1] - layers[l])) }
            }
        }
        return best.mid
    }
}
