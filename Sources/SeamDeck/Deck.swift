import SeamCore

/// A validated input deck: plain data in internal units (eV, Å; stress eV/Å^3; energy per area
/// eV/Å^2; penalty eV/Å^4), no physics objects. `Deck.parse(_:source:)` builds it from TOML
/// text; `DeckRunner` turns it into a run.
///
/// Relative paths (potential directories, mesh files, the output directory) are kept as written;
/// the runner resolves them against the deck's folder.
public struct Deck: Sendable, Equatable {
    /// The deck file (as given), used to resolve relative paths and in messages.
    public var source: String
    public var title: String
    public var problem: Problem
    public var potential: PotentialSpec?
    public var solver: SolverSpec
    public var output: OutputSpec
    public var checkpoint: CheckpointSpec
    /// FNV-1a 64-bit hash of the deck text and overrides: a checkpoint resumes only the same deck.
    public var fingerprint: String

    /// The problem kinds a deck can name in `[problem] kind`.
    public enum Kind: String, Sendable, CaseIterable {
        case indentation
        case cohesiveLaw = "cohesive-law"
        case crack
        case adhesiveContact = "adhesive-contact"
    }

    public enum Problem: Sendable, Equatable {
        case indentation(IndentationSpec)
        case cohesiveLaw(CohesiveLawSpec)
        case crack(CrackSpec)
        case adhesiveContact(AdhesiveContactSpec)

        public var kind: Kind {
            switch self {
            case .indentation: .indentation
            case .cohesiveLaw: .cohesiveLaw
            case .crack: .crack
            case .adhesiveContact: .adhesiveContact
            }
        }
    }
}

/// `[potential]`: an n2p2 directory, a committee directory (`member-K` folders) or several n2p2
/// directories (a committee), or Lennard-Jones parameters.
public struct PotentialSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// n2p2 directories (paths as written in the deck).
        case n2p2([String])
        /// ε (eV), σ (Å), cutoff (Å); switched over the last 20% of the cutoff.
        case lennardJones(epsilon: Double, sigma: Double, cutoff: Double)
    }
    public var source: Source
    /// Units of the n2p2 files; override `seam-units.txt` beside the potential.
    public var lengthUnit: LengthUnit?
    public var energyUnit: EnergyUnit?
    public var threads: Int?
    /// Line of the `[potential]` table, for errors found when loading.
    public var line: Int
}

/// `[material]`: the continuum's constitutive law.
public enum MaterialSpec: Sendable, Equatable {
    /// Young's modulus (eV/Å^3), Poisson's ratio.
    case isotropic(youngsModulus: Double, poissonRatio: Double)
    /// Cubic elastic constants in the cube axes, eV/Å^3.
    case cubic(c11: Double, c12: Double, c44: Double)
    /// Cauchy-Born from the deck's potential: lattice kind, lattice constant (Å), element, and the
    /// crystal directions along the model's x, y, z (Miller indices).
    case cauchyBorn(lattice: LatticeKind, latticeConstant: Double, element: String, orientation: [[Int]]?)
}

/// Crystal lattices a deck can build.
public enum LatticeKind: String, Sendable, CaseIterable {
    case fcc, bcc, diamond, hcp, sc
}

/// `[mesh]`: a generated rectangle (2D) or box (3D), or a Gmsh file.
public enum MeshSpec: Sendable, Equatable {
    /// Width (x) and height (y), Å; cells per direction; cell type; grading exponent toward the
    /// top-left corner (the indenter axis), 1 = uniform.
    case rectangle(width: Double, height: Double, cells: [Int], cellType: String, grading: Double)
    /// Size along x, y, z (Å); graded toward the top (z = size) corner at x = y = 0.
    case box(size: [Double], cells: [Int], grading: Double)
    /// A Gmsh `.msh` file (lengths in Å) and its dimension.
    case file(path: String)
}

/// Plane strain, plane stress (with a thickness, Å) or solid.
public enum AnalysisSpec: String, Sendable, CaseIterable {
    case planeStrain = "plane-strain", planeStress = "plane-stress", solid
}

/// A displacement boundary condition: the named node set and the fixed components (0 = x).
public struct FixedBoundary: Sendable, Equatable {
    public var set: String
    public var components: [Int]
    /// Line of the `set` key, for errors found when the mesh is built.
    public var line: Int
}

/// `kind = "indentation"`: a rigid cylinder (2D) or sphere (3D) pushed into an elastic body by
/// displacement control, frictionless penalty contact (`RigidIndenterContact`).
public struct IndentationSpec: Sendable, Equatable {
    public enum Shape: String, Sendable, CaseIterable { case cylinder, sphere }
    public var material: MaterialSpec
    public var mesh: MeshSpec
    public var analysis: AnalysisSpec
    /// Out-of-plane thickness of a 2D model, Å: always 1 (loads and energies are per Å of
    /// cylinder length, as `RigidIndenterContact` computes them).
    public var thickness: Double
    public var boundaries: [FixedBoundary]
    public var shape: Shape
    /// Indenter radius, Å.
    public var radius: Double
    /// Axis position x (2D) or centre x, y (3D), Å.
    public var center: [Double]
    /// Node set of the contact surface, and the line of its key.
    public var surface: String
    public var surfaceLine: Int
    /// Penalty κ, eV/Å^4.
    public var penalty: Double
    /// Depth at the start of the load path (Å; the indenter's lowest point below the surface).
    public var startDepth: Double
    /// Indenter depths (Å) of every load step, in order (approach and retraction).
    public var depths: [Double]
}

/// `kind = "cohesive-law"`: a traction-separation law derived from the potential by separating
/// a cleaved slab (`LawDerivation`), one load step per opening.
public struct CohesiveLawSpec: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case opening, slipA = "slip-a", slipB = "slip-b" }
    public var lattice: LatticeKind
    /// Lattice constant a (and c for hcp), Å.
    public var latticeConstant: Double
    public var cConstant: Double?
    public var element: String
    public var miller: [Int]
    public var repetitions: [Int]
    /// Minimum thickness of each half, Å (nil: 2 × cutoff + 1).
    public var halfThickness: Double?
    public var mode: Mode
    public var relaxed: Bool
    /// Grip thickness (relaxed), Å; force tolerance of the relaxations, eV/Å.
    public var grip: Double
    public var forceTolerance: Double
    /// Openings, Å (the first must be 0 for a law).
    public var openings: [Double]
}

/// `[solver]`: Newton tolerance (relative residual) and iteration limit.
public struct SolverSpec: Sendable, Equatable {
    public var tolerance: Double = 1e-10
    public var maxIterations: Int = 60
    /// Whether the deck has a `[solver]` table (kinds with their own defaults use them otherwise).
    public var given = false
}

/// `[output]`: where results go and which files are written.
public struct OutputSpec: Sendable, Equatable {
    /// Output folder (relative to the deck's folder unless absolute).
    public var directory: String
    public var prefix: String
    public var vtu = true
    public var xyz = true
    public var csv = true
    public var svg = true
    public var summary = true
}

/// `[checkpoint]`: whether and how often (in load steps) the state is saved.
public struct CheckpointSpec: Sendable, Equatable {
    public var enabled = true
    public var every = 1
}

/// `kind = "crack"`: a straight (010)[001] crack in an fcc crystal under the anisotropic
/// plane-strain K-field (`KFieldCrackProblem`), solved coupled (atoms about the tip, Cauchy-Born
/// continuum outside) or fully atomistic; one load step per K, each continuing from the last.
public struct CrackSpec: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case coupled, fullAtomistic = "full-atomistic" }
    public var lattice: LatticeKind
    /// Lattice constant, Å (use the potential's zero-stress value).
    public var latticeConstant: Double
    public var element: String
    /// Domain and atomistic region in crystal cells (x, y).
    public var cells: [Int]
    public var atomisticCells: [Int]
    /// Pad depth (coupled) and held band (full atomistic), Å.
    public var padDepth: Double
    /// Mesh coarsening ratio away from the atoms (1 = uniform).
    public var coarsening: Double
    /// Coupled mode: Cauchy-Born only within this distance of the atoms (Å), the linear law with
    /// the Cauchy-Born constants beyond; nil: Cauchy-Born everywhere.
    public var cauchyBornBand: Double?
    public var mode: Mode
    /// Force tolerance of the relaxations, eV/Å, and iteration limit.
    public var forceTolerance: Double
    public var maxIterations: Int
    /// K of each load step: eV/Å^{5/2}, or multiples of Griffith's K_G when `relativeToGriffith`.
    public var k: [Double]
    public var relativeToGriffith: Bool
}

/// `kind = "adhesive-contact"`: a rigid cylinder approaching an elastic substrate (plane strain,
/// half model) and pulled off again, with a cohesive law between them (`AdhesiveCylinderContact`).
public struct AdhesiveContactSpec: Sendable, Equatable {
    /// The interface law: a law file (path as written) or derived on the fly from the potential
    /// (rigid opening of a cleaved slab).
    public enum Law: Sendable, Equatable {
        case file(String)
        case derived(lattice: LatticeKind, latticeConstant: Double, element: String, miller: [Int], openings: [Double])
    }
    /// Substrate material: isotropic or cubic (eV/Å^3), or cubic with the Cauchy-Born constants of
    /// the potential at F = I for a lattice (cube axes along x, y).
    public enum Substrate: Sendable, Equatable {
        case isotropic(youngsModulus: Double, poissonRatio: Double)
        case cubic(c11: Double, c12: Double, c44: Double)
        case cauchyBornConstants(lattice: LatticeKind, latticeConstant: Double, element: String)
    }
    public var law: Law
    public var material: Substrate
    /// Cylinder radius; full substrate width and depth, Å.
    public var radius: Double
    public var width: Double
    public var depth: Double
    /// Finest cell size, width and depth of the fine zone under the contact (Å), growth ratio.
    public var fineSize: Double
    public var fineWidth: Double
    public var fineDepth: Double
    public var growth: Double
    /// Start and end heights above the surface (Å), approach target (depth Å or load eV/Å^2), step (Å).
    public var startSeparation: Double
    public var approachDepth: Double?
    public var approachLoad: Double?
    public var endSeparation: Double
    public var step: Double
    /// How the path is followed (`[load] control`).
    public enum Control: Sendable, Equatable {
        /// The indenter displacement is stepped (jumps located and booked): the default.
        case displacement
        /// The force is prescribed (eV/Å^2) from `initialLoad` toward tension, to the pull-off.
        case load(initialLoad: Double, step: Double, minimumStep: Double?)
        /// Arc-length continuation on (u, d) through every turning point (Å, ψ dimensionless).
        case arcLength(step: Double, minimumStep: Double?, maximumStep: Double?, indenterWeight: Double)
    }
    public var control: Control = .displacement
    /// The indenter (`[indenter] body`): the rigid cylinder (default) or an elastic cylinder body
    /// of the substrate's material, full width and height in Å, gripped at its top (its grip
    /// displacement is d).
    public enum Indenter: Sendable, Equatable {
        case rigid
        case elastic(width: Double, height: Double)
    }
    public var indenter: Indenter = .rigid
}
