import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// Everything an active-learning run needs to continue after a kill, written atomically as
/// JSON (`state.json`) at every phase boundary. Doubles are written in shortest round-trip
/// form, so a resumed run continues bit for bit.
///
/// What is *not* here lives in append-only files beside it: the labelled dataset
/// (`dataset.xyz`, one frame per successful oracle call, tagged `al_id`) and the failures log
/// (`failures.log`, one `id<TAB>reason` line per failed call). A pending candidate whose id
/// appears in either file has been through the oracle and is never sent again.
public struct ActiveLearningState: Sendable, Codable, Equatable {
    public enum Phase: String, Sendable, Codable { case labelling, training, sampling, finished }

    public var version = 1
    public var phase: Phase
    /// Committee fits completed (1 after the initial fit); the current sampling iteration.
    public var iteration: Int
    /// Seed of the sampling noise; iteration k draws from a generator seeded by (seed, k), so
    /// the generator state at every phase boundary is a function of these two numbers.
    public var seed: UInt64
    public var nextCandidateID: Int
    /// Candidates selected but not yet all through the oracle.
    public var pending: [Candidate]
    /// One walker per sampling condition (empty until the first sampling phase).
    public var walkers: [SamplingWalker]
    public var committee: CommitteeSnapshot?
    public var trace: [DisagreementRecord]
    public var history: [ActiveLearningRecord]
    /// Why the run finished ("converged: no candidates", "iteration limit", "stopped: every check ... was a roll-back").
    public var finishReason: String?

    public init(seed: UInt64, pending: [Candidate]) {
        phase = .labelling; iteration = 0; self.seed = seed; nextCandidateID = pending.count; self.pending = pending
        walkers = []; committee = nil; trace = []; history = []
    }

    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }

    public static func parse(_ text: String, source: String) throws -> ActiveLearningState {
        do {
            let s = try JSONDecoder().decode(ActiveLearningState.self, from: Data(text.utf8))
            guard s.version == 1 else { throw InputError("unknown active-learning state version \(s.version)", at: SourceLocation(source: source)) }
            return s
        } catch let e as InputError { throw e } catch {
            throw InputError("cannot read the active-learning state: \(error)", at: SourceLocation(source: source))
        }
    }
}

/// A committee's weights and the data that give them meaning (see `ActiveCommittee`).
public struct CommitteeSnapshot: Sendable, Codable, Equatable {
    /// `symfunction_short` values kept by the first fit, Å.
    public var symmetryFunctionLines: [String]
    /// Offset energy per element symbol, eV.
    public var atomEnergies: [String: Double]
    /// [element][function] = [min, max, mean, sigma] of the raw descriptors.
    public var scaling: [[[Double]]]
    public var members: [[Double]]

    public init(_ c: ActiveCommittee) {
        symmetryFunctionLines = c.definition.symmetryFunctionLines
        atomEnergies = Dictionary(uniqueKeysWithValues: c.definition.atomEnergies.map { ($0.key.symbol, $0.value) })
        scaling = c.scaling.entries.map { $0.map { [$0.minimum, $0.maximum, $0.mean, $0.sigma ?? 0] } }
        members = c.members
    }

    /// The committee, given the run's base definition (topology, cutoff, scaling mode).
    public func committee(base: PotentialDefinition) throws -> ActiveCommittee {
        var d = base
        d.symmetryFunctionLines = symmetryFunctionLines
        var offsets: [Element: Double] = [:]
        for (symbol, e) in atomEnergies {
            guard let el = Element(symbol: symbol) else { throw InputError("unknown element '\(symbol)' in the active-learning state") }
            offsets[el] = e
        }
        d.atomEnergies = offsets
        let scalingData = ScalingData(perElement: scaling.map { $0.map {
            ScalingData.Entry(minimum: $0[0], maximum: $0[1], mean: $0[2], standardDeviation: $0[3])
        } })
        return ActiveCommittee(definition: d, scaling: scalingData, members: members)
    }
}

/// One row of the learning curve: after the committee fit of `iteration`.
public struct ActiveLearningRecord: Sendable, Codable, Equatable {
    public var iteration: Int
    /// Oracle calls so far (successful + failed).
    public var oracleCalls: Int
    public var failedCalls: Int
    /// Labelled configurations in the dataset.
    public var datasetSize: Int
    /// Committee-mean RMS force error on the held-out set, eV/Å (nil without one).
    public var testForceRMSE: Double?
    /// Committee-mean RMS energy error per atom on the held-out set, eV/atom.
    public var testEnergyRMSE: Double?
    /// Candidates and roll-backs of the sampling phase that preceded this fit.
    public var candidates: Int
    public var rollbacks: Int
}
