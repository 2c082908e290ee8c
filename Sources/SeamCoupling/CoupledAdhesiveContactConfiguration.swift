import SeamCore
import SeamPotential
import SeamFEM

/// How an adhesive contact problem is solved.
public enum ContactSolverMode: String, Sendable, CaseIterable, Codable {
    /// Atoms under the contact, continuum around them (alternating Schwarz).
    case coupled
    /// Every atom of the domain, the same side and bottom bands held.
    case fullAtomistic
}

/// Configuration of `CoupledAdhesiveContact`: a rigid adhesive cylinder (axis along z over the
/// middle of the top surface) approaching and leaving a crystal substrate in plane strain.
///
/// Substrate: `cellsX` x `cellsY` orthogonal crystal cells (rows a ∥ x, b ∥ y, c ∥ z), the
/// top surface the lattice plane y = cellsY b; the atomistic region `atomisticCellsX` x
/// `atomisticCellsY` cells centred in x and reaching the top (a free surface of atoms); a band
/// `padDepth` deep along the left, right and bottom sides is held at u = 0 (mesh nodes in the
/// coupled mode, atoms in the full-atomistic one: the same band). Lengths in Å.
public struct CoupledAdhesiveContactConfiguration: Sendable {
    /// Orthogonal periodic crystal cell, Å, and its Cauchy-Born lattice (same constant,
    /// orientation and origin).
    public var crystal: Structure
    public var lattice: Lattice
    /// Domain size in crystal cells.
    public var cellsX: Int, cellsY: Int
    /// Atomistic region in crystal cells: centred in x, reaching the top.
    public var atomisticCellsX: Int, atomisticCellsY: Int
    /// Mesh squares per crystal cell edge (nodes on atom columns; 2 for fcc with [001] ∥ z).
    public var meshDivisions: Int = 2
    /// Pad depth (coupled) and held band depth (both modes), Å: ≥ r_c for pair potentials.
    public var padDepth: Double
    /// Mesh coarsening ratio away from the atoms (1 = uniform).
    public var coarseningRatio: Double = 1.5
    /// Width (Å) of the band about the atoms whose elements use the Cauchy-Born law; beyond
    /// it the linear law with the Cauchy-Born constants at F = I (`CellSwitchedMaterial`).
    /// nil: Cauchy-Born everywhere. At least `padDepth`.
    public var cauchyBornBand: Double? = 8
    /// Cylinder radius R, Å.
    public var radius: Double
    /// Displacement-controlled path of the cylinder's lowest point (indenter displacement d:
    /// depth below the undeformed surface, negative above it), Å: from d = -startSeparation
    /// down to d = approachDepth in steps of `step`, then back up to d = -endSeparation.
    public var startSeparation: Double
    public var approachDepth: Double
    public var endSeparation: Double
    public var step: Double
    /// Refinements of the retraction about the most tensile step: each re-solves the two
    /// steps about it with a quarter of the previous step (pull-off located to step/4^n).
    public var pullOffRefinements: Int = 2
    /// Whether the law acts on the mesh's top surface outside the atomistic region (the law's
    /// tail). Default true; false only to measure what that term carries (an ablation).
    public var meshSurfaceAdhesion: Bool = true
    /// Gauss sub-intervals per mesh surface edge (two points each).
    public var surfaceSubdivisions: Int = 4
    /// Coupled solver settings (force tolerance eV/Å, iterations).
    public var solver = CouplingSolverOptions()
    /// Full-atomistic relaxation: force tolerance (eV/Å) and L-BFGS iterations.
    public var fullAtomisticForceTolerance: Double = 1e-5
    public var fullAtomisticMaxIterations: Int = 50_000

    public init(crystal: Structure, lattice: Lattice, cellsX: Int, cellsY: Int, atomisticCellsX: Int, atomisticCellsY: Int,
                padDepth: Double, radius: Double, startSeparation: Double, approachDepth: Double, endSeparation: Double, step: Double) {
        self.crystal = crystal; self.lattice = lattice; self.cellsX = cellsX; self.cellsY = cellsY
        self.atomisticCellsX = atomisticCellsX; self.atomisticCellsY = atomisticCellsY; self.padDepth = padDepth
        self.radius = radius; self.startSeparation = startSeparation; self.approachDepth = approachDepth
        self.endSeparation = endSeparation; self.step = step
        solver.forceTolerance = 1e-5
    }

    /// An fcc crystal (lattice constant a, Å) in cube orientation: (010) top surface, [001]
    /// along the cylinder's axis.
    public static func fcc(_ element: Element, latticeConstant a: Double, cellsX: Int, cellsY: Int, atomisticCellsX: Int,
                           atomisticCellsY: Int, padDepth: Double, radius: Double, startSeparation: Double,
                           approachDepth: Double, endSeparation: Double, step: Double) throws -> CoupledAdhesiveContactConfiguration {
        CoupledAdhesiveContactConfiguration(crystal: Crystal.fcc(element, a: a), lattice: try .fcc(latticeConstant: a, element: element),
                                            cellsX: cellsX, cellsY: cellsY, atomisticCellsX: atomisticCellsX,
                                            atomisticCellsY: atomisticCellsY, padDepth: padDepth, radius: radius,
                                            startSeparation: startSeparation, approachDepth: approachDepth,
                                            endSeparation: endSeparation, step: step)
    }

    /// The coupling layout with the open-top region (validates sizes and the path).
    public func layout() throws -> CouplingLayout {
        guard atomisticCellsX >= 2, atomisticCellsY >= 1, atomisticCellsY < cellsY else {
            throw InputError("adhesive contact: the atomistic region needs at least 2 x 1 cells and must leave a bottom band (got \(atomisticCellsX) x \(atomisticCellsY) in \(cellsX) x \(cellsY))")
        }
        guard radius > 0, radius.isFinite else { throw InputError("adhesive contact: the cylinder radius must be positive (got \(radius) Å)") }
        guard step > 0, startSeparation >= 0, endSeparation >= 0, approachDepth > -startSeparation, approachDepth > -endSeparation,
              pullOffRefinements >= 0, surfaceSubdivisions >= 1 else {
            throw InputError("adhesive contact path: need step > 0, separations ≥ 0 and the approach depth below both ends (got step \(step) Å, start \(startSeparation) Å, depth \(approachDepth) Å, end \(endSeparation) Å)")
        }
        if let band = cauchyBornBand, !(band >= padDepth) {
            throw InputError("the Cauchy-Born band (\(band) Å) must be at least the pad depth (\(padDepth) Å)")
        }
        let lx = (cellsX - atomisticCellsX) / 2
        return try CouplingLayout(crystal: crystal, cellsX: cellsX, cellsY: cellsY, atomisticX: lx..<(lx + atomisticCellsX),
                                  atomisticY: (cellsY - atomisticCellsY)..<cellsY, meshDivisions: meshDivisions,
                                  padDepth: padDepth, coarseningRatio: coarseningRatio)
    }
}
