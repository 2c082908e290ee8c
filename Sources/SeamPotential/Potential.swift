import SeamCore

/// What an evaluation should compute (compute only what is asked).
public struct EvaluationRequest: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let energy = EvaluationRequest(rawValue: 1)
    public static let forces = EvaluationRequest(rawValue: 2)
    public static let virial = EvaluationRequest(rawValue: 4)
    public static let atomEnergies = EvaluationRequest(rawValue: 8)
    public static let all: EvaluationRequest = [.energy, .forces, .virial, .atomEnergies]
}

/// One descriptor value outside the range seen in training (n2p2's extrapolation warning).
public struct ExtrapolationWarning: Sendable, Hashable, CustomStringConvertible {
    public var atom: Int
    public var element: Element
    /// Symmetry-function index, 1-based in the potential's sorted order (as n2p2 prints it).
    public var symmetryFunction: Int
    public var value: Double
    public var minimum: Double
    public var maximum: Double
    public init(atom: Int, element: Element, symmetryFunction: Int, value: Double, minimum: Double, maximum: Double) {
        self.atom = atom; self.element = element; self.symmetryFunction = symmetryFunction
        self.value = value; self.minimum = minimum; self.maximum = maximum
    }
    public var description: String {
        "extrapolation: atom \(atom) (\(element)) symmetry function \(symmetryFunction) value \(value) outside [\(minimum), \(maximum)]"
    }
}

/// The result of evaluating a potential on a structure. Units: eV, eV/Å.
public struct PotentialResult: Sendable {
    /// Total energy, eV.
    public var energy: Double
    /// Force on each atom, eV/Å (empty if not requested).
    public var forces: [Vec3]
    /// Virial W = -∂E/∂ε (eV), the derivative with respect to a homogeneous strain ε of
    /// positions and cell; for pair terms W = Σ_pairs r_ij ⊗ f_ij. Cauchy stress σ = -W/V.
    public var virial: Mat3
    /// Per-atom energies, eV (empty if not requested); they sum to `energy`.
    public var atomEnergies: [Double]
    /// Number of extrapolation warnings (descriptor values outside the training range).
    public var extrapolationCount: Int
    /// The first warnings in detail (at most a few hundred are kept).
    public var extrapolationWarnings: [ExtrapolationWarning]

    public init(energy: Double, forces: [Vec3] = [], virial: Mat3 = .zero, atomEnergies: [Double] = [],
                extrapolationCount: Int = 0, extrapolationWarnings: [ExtrapolationWarning] = []) {
        self.energy = energy; self.forces = forces; self.virial = virial; self.atomEnergies = atomEnergies
        self.extrapolationCount = extrapolationCount; self.extrapolationWarnings = extrapolationWarnings
    }

    /// Cauchy stress σ = -W/V in eV/Å^3 (ASE sign: tension positive).
    public func stress(volume: Double) -> Mat3 { -(1.0 / volume) * virial }

    /// Throws if the energy or any force is NaN or infinite, naming the first bad atom.
    public func checkFinite() throws {
        guard energy.isFinite else { throw NumericalError(.notANumber, "energy is \(energy)") }
        if let i = forces.firstIndex(where: { !$0.isFinite }) {
            throw NumericalError(.notANumber, "force on atom \(i) is \(forces[i])")
        }
    }
}

/// An interatomic potential: energy, forces and virial of a structure, in eV and Å.
///
/// Conformers are value types. The `neighbors` list passed in must have been built for the
/// structure's current positions with at least `cutoff` and may carry an `InteractionMask`;
/// masked pairs are absent from it and a conformer must also skip many-body terms that
/// contain a masked pair (`NeighborList.mask`).
public protocol Potential: Sendable {
    /// Interaction range, Å.
    var cutoff: Double { get }
    /// Elements the potential knows, or nil for any.
    var supportedElements: [Element]? { get }
    /// Evaluates the requested quantities.
    func evaluate(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult
}

extension Potential {
    /// Builds a neighbour list (with the given mask) and evaluates everything.
    public func evaluate(_ structure: Structure, mask: InteractionMask? = nil, request: EvaluationRequest = .all) throws -> PotentialResult {
        try checkElements(structure)
        let list = NeighborList(structure: structure, cutoff: cutoff, mask: mask)
        return try evaluate(structure, neighbors: list, request: request)
    }

    /// Energy only, eV.
    public func energy(_ structure: Structure, mask: InteractionMask? = nil) throws -> Double {
        try evaluate(structure, mask: mask, request: .energy).energy
    }

    /// Throws a clear error naming the first atom whose element the potential does not know.
    public func checkElements(_ structure: Structure) throws {
        guard let known = supportedElements else { return }
        let set = Set(known)
        if let i = structure.elements.firstIndex(where: { !set.contains($0) }) {
            throw InputError(
                "atom \(i) is \(structure.elements[i]), which the potential does not describe",
                suggestion: "the potential knows \(known.map(\.symbol).joined(separator: ", "))")
        }
    }
}
