import SeamCore
import SeamPotential

/// Reference labels of one structure from a quantum-mechanical (or any reference) calculation.
public struct OracleLabel: Sendable, Equatable {
    /// Total energy, eV.
    public var energy: Double
    /// Force on every atom, eV/Å.
    public var forces: [Vec3]
    /// Cauchy stress, eV/Å^3 (ASE sign: σ = -W/V, tension positive); nil for clusters or when
    /// the oracle does not compute it.
    public var stress: Mat3?

    public init(energy: Double, forces: [Vec3], stress: Mat3? = nil) {
        self.energy = energy; self.forces = forces; self.stress = stress
    }
}

/// Why an oracle could not label a structure. Every case is recoverable: the active-learning
/// loop logs it and skips the configuration.
public struct OracleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The calculation ran longer than the limit and was killed (limit in s).
        case timeout(seconds: Double)
        /// The program exited with a non-zero status (or was killed by a signal).
        case exitStatus(Int32)
        /// The program ran but its output is not a usable labelled structure.
        case unparsableOutput
        /// The electronic structure (SCF) did not converge.
        case scfNotConverged
        /// The program could not be started (missing executable, no permission).
        case launch
        /// The labels are unusable (wrong atom count, non-finite values).
        case invalidLabels
    }
    public var kind: Kind
    /// Human-readable detail (e.g. the tail of the program's standard error).
    public var message: String

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public var description: String {
        let k: String
        switch kind {
        case .timeout(let s): k = "timeout after \(s) s"
        case .exitStatus(let c): k = "exit status \(c)"
        case .unparsableOutput: k = "unparsable output"
        case .scfNotConverged: k = "SCF not converged"
        case .launch: k = "could not launch"
        case .invalidLabels: k = "invalid labels"
        }
        return message.isEmpty ? k : "\(k): \(message)"
    }
}

/// A source of reference labels (energy, forces, stress) for structures: DFT, tight binding,
/// or a cheap analytic potential standing in for them in tests.
///
/// Two kinds of failure, deliberately separate:
/// - the return value `.failure(OracleFailure)` says *this structure* could not be labelled
///   (timeout, SCF failure, garbage output); callers log it and skip the structure;
/// - a thrown error says the labelling *process* must stop (cancellation, a full disk); the
///   active-learning loop propagates it and can be resumed from its state on disk.
public protocol QuantumOracle {
    /// Labels `structure` (positions and cell in Å).
    func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure>
}

extension OracleLabel {
    /// Checks the labels against `structure`: one finite force per atom and a finite energy.
    public func validated(for structure: Structure) -> Result<OracleLabel, OracleFailure> {
        guard forces.count == structure.count else {
            return .failure(OracleFailure(.invalidLabels, "\(forces.count) forces for \(structure.count) atoms"))
        }
        guard energy.isFinite, forces.allSatisfy(\.isFinite) else {
            return .failure(OracleFailure(.invalidLabels, "non-finite energy or forces"))
        }
        return .success(self)
    }
}

/// An oracle backed by an in-process `Potential` (e.g. `LennardJones`): exact, instantaneous
/// labels for tests and benchmarks of the active-learning machinery. Stress is returned for
/// structures periodic in all three directions (σ = -W/V, eV/Å^3).
public struct PotentialOracle<P: Potential>: QuantumOracle, Sendable {
    public let potential: P
    public init(potential: P) { self.potential = potential }

    public func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure> {
        let r: PotentialResult
        do { r = try potential.evaluate(structure, request: [.energy, .forces, .virial]) } catch {
            return .failure(OracleFailure(.invalidLabels, "\(error)"))
        }
        let stress = structure.isBulk ? r.stress(volume: structure.volume) : nil
        return OracleLabel(energy: r.energy, forces: r.forces, stress: stress).validated(for: structure)
    }
}
