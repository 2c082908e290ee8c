import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// On-the-fly active learning of an HDNNP committee, resumable from disk.
///
/// Each iteration: (1) Langevin trajectories at every `SamplingCondition`, driven by the
/// committee mean, select candidates by the two-threshold disagreement rule
/// (`ActiveLearningSampler`); (2) the candidates go to the oracle one by one, and every result
/// is appended to `dataset.xyz` (or, on failure, to `failures.log`) the moment it arrives;
/// (3) every member is retrained on the whole dataset, from its last weights or from fresh
/// seeded weights (`retrainMode`), with Adam or the extended Kalman filter (`ActiveCommittee.retrained`). The first "iteration" labels the seed structures and
/// fits the committee from scratch.
///
/// Files in `directory`:
/// - `dataset.xyz`: append-only extended XYZ, eV, Å, eV/Å, eV/Å^3; info keys `al_id`,
///   `al_iteration`.
/// - `failures.log`: append-only, `id<TAB>reason` per failed oracle call.
/// - `state.json`: `ActiveLearningState`, rewritten atomically at every phase boundary.
/// - `learning-curve.csv`/`.svg`: oracle calls against held-out error per iteration;
///   `disagreement.csv`/`.svg`: every disagreement check.
///
/// Exactly-once labelling across kills: a candidate is sent to the oracle only if its id is in
/// neither append-only file; the state is saved before labelling starts and after it ends.
/// A kill during an oracle call loses only that unfinished call; a kill anywhere else loses
/// nothing, and sampling and training are deterministic (seeded per iteration, fixed thread
/// count), so a resumed run reproduces the uninterrupted one.
public struct ActiveLearningRun {
    public var directory: URL
    /// The potential to learn: topology, cutoff, scaling mode and candidate symmetry functions (Å).
    public var definition: PotentialDefinition
    public var conditions: [SamplingCondition]
    /// Structures labelled first to fit the initial committee.
    public var seeds: [Structure]
    public var options: ActiveLearningOptions
    /// Labelled configurations for the test error of the learning curve (never trained on).
    public var heldOut: [TrainingConfiguration]

    public init(directory: URL, definition: PotentialDefinition, conditions: [SamplingCondition], seeds: [Structure],
                options: ActiveLearningOptions, heldOut: [TrainingConfiguration] = []) throws {
        try options.validate()
        guard !conditions.isEmpty, !seeds.isEmpty else { throw InputError("active learning needs at least one sampling condition and one seed structure") }
        self.directory = directory; self.definition = definition; self.conditions = conditions; self.seeds = seeds
        self.options = options; self.heldOut = heldOut
    }

    public var datasetURL: URL { directory.appendingPathComponent("dataset.xyz") }
    public var failuresURL: URL { directory.appendingPathComponent("failures.log") }
    public var stateURL: URL { directory.appendingPathComponent("state.json") }

    /// The state on disk, or nil before the first run.
    public func loadState() throws -> ActiveLearningState? {
        guard FileManager.default.fileExists(atPath: stateURL.path) else { return nil }
        let text: String
        do { text = try String(contentsOf: stateURL, encoding: .utf8) } catch {
            throw InputError("cannot read: \(error.localizedDescription)", at: SourceLocation(source: stateURL.path))
        }
        return try ActiveLearningState.parse(text, source: stateURL.path)
    }

    /// The labelled dataset on disk (empty before the first oracle result).
    public func loadDataset() throws -> [ExtendedXYZ.Frame] {
        guard FileManager.default.fileExists(atPath: datasetURL.path) else { return [] }
        return try ExtendedXYZ.read(from: datasetURL)
    }

    /// Ids of failed oracle calls, from `failures.log`.
    public func loadFailedIDs() throws -> [Int] {
        guard FileManager.default.fileExists(atPath: failuresURL.path) else { return [] }
        let text = try String(contentsOf: failuresURL, encoding: .utf8)
        return text.split(separator: "\n").compactMap { Int($0.split(separator: "\t").first ?? "") }
    }

    /// Runs (or resumes) until the iteration limit or an iteration without candidates.
    ///
    /// - Parameters:
    ///   - oracle: labels candidates; `.failure` results are logged and skipped; a thrown error
    ///     stops the run with the state on disk intact (resume by calling `run` again).
    ///   - log: progress and failure messages.
    ///   - observe: receives every structure checked by the sampler (not persisted; a resumed
    ///     sampling phase reports its checks again).
    /// - Returns: the final state.
    @discardableResult
    public func run(oracle: some QuantumOracle, log: (String) -> Void = { _ in },
                    observe: (Structure) -> Void = { _ in }) throws -> ActiveLearningState {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var state: ActiveLearningState
        if let s = try loadState() {
            state = s
            log("resuming at iteration \(s.iteration), phase \(s.phase.rawValue)")
        } else {
            let pending = seeds.enumerated().map { k, s in
                Candidate(id: k, condition: conditions.count + k, iteration: 0, step: 0, positions: SamplingWalker.flat(s.positions), disagreement: 0)
            }
            state = ActiveLearningState(seed: options.seed, pending: pending)
            try save(state)
        }
        var labelled = Set(try loadDataset().compactMap { $0.info["al_id"].flatMap { Int($0) } })
        var failed = Set(try loadFailedIDs())
        var sampled = (candidates: 0, rollbacks: 0)
        while state.phase != .finished {
            switch state.phase {
            case .labelling:
                for c in state.pending where !labelled.contains(c.id) && !failed.contains(c.id) {
                    let s = structure(of: c)
                    switch try oracle.label(s) {
                    case .success(let l):
                        var frame = ExtendedXYZ.Frame(structure: s, energy: l.energy, stress: l.stress, forces: l.forces)
                        frame.info = ["al_id": String(c.id), "al_iteration": String(c.iteration)]
                        try AppendOnlyFile.append(ExtendedXYZ.format(frame), to: datasetURL)
                        labelled.insert(c.id)
                    case .failure(let f):
                        let reason = f.description.replacingOccurrences(of: "\n", with: " ")
                        try AppendOnlyFile.append("\(c.id)\t\(reason)\n", to: failuresURL)
                        failed.insert(c.id)
                        log("oracle failed on candidate \(c.id) (iteration \(c.iteration)); skipped: \(reason)")
                    }
                }
                state.pending = []
                state.phase = .training
                try save(state)
            case .training:
                let data = try loadDataset().map { f in
                    try TrainingConfiguration(structure: f.structure, energy: f.energy ?? .nan, forces: f.forces ?? [],
                                              name: "\(datasetURL.lastPathComponent) al_id \(f.info["al_id"] ?? "?")")
                }
                guard !data.isEmpty else { throw InputError("no structure could be labelled; the committee cannot be trained", at: SourceLocation(source: datasetURL.path)) }
                let committee: ActiveCommittee
                if let snap = state.committee {
                    committee = try snap.committee(base: definition).retrained(on: data, options: options)
                } else {
                    committee = try ActiveCommittee.train(data: data, definition: definition, options: options)
                }
                state.committee = CommitteeSnapshot(committee)
                let test = try Self.heldOutErrors(committee.committee(), heldOut)
                let lastTrace = state.trace.filter { $0.iteration == state.iteration }
                state.history.append(ActiveLearningRecord(
                    iteration: state.iteration, oracleCalls: labelled.count + failed.count, failedCalls: failed.count, datasetSize: data.count,
                    testForceRMSE: test?.force, testEnergyRMSE: test?.energy,
                    candidates: lastTrace.filter { $0.event == .candidate }.count, rollbacks: lastTrace.filter { $0.event == .rollback }.count))
                log(String(format: "iteration %d: %d oracle calls (%d failed), %d configurations, held-out force RMSE %@", state.iteration,
                           labelled.count + failed.count, failed.count, data.count, test.map { String(format: "%.4f eV/Å", $0.force) } ?? "-"))
                state.iteration += 1
                if state.iteration > options.maximumIterations { state.phase = .finished; state.finishReason = "iteration limit" } else { state.phase = .sampling }
                try save(state)
                try writeReport(state)
            case .sampling:
                var rng = SeededGenerator(seed: state.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(state.iteration))
                if state.walkers.isEmpty {
                    state.walkers = try conditions.map { try ActiveLearningSampler.startWalker($0, options: options, using: &rng) }
                }
                let committee = try state.committee!.committee(base: definition).committee()
                var candidates: [Candidate] = []
                let firstID = state.nextCandidateID, traceStart = state.trace.count
                var segmentOptions = options
                if options.selection == .largestOverall {
                    // Every check above the lower threshold is a candidate of its segment; the batch is chosen below.
                    segmentOptions.selection = .largest
                    segmentOptions.candidatesPerCondition = options.stepsPerIteration / options.checkInterval + 1
                }
                for (k, condition) in conditions.enumerated() {
                    let r = try ActiveLearningSampler.sample(walker: &state.walkers[k], condition: condition, conditionIndex: k, iteration: state.iteration,
                                                             committee: committee, options: segmentOptions, nextID: &state.nextCandidateID, using: &rng,
                                                             observe: observe)
                    candidates += r.candidates
                    state.trace += r.trace
                }
                if options.selection == .largestOverall {
                    candidates = Self.selectOverall(candidates, count: options.candidatesPerCondition * conditions.count, firstID: firstID,
                                                    trace: &state.trace, traceStart: traceStart)
                    state.nextCandidateID = firstID + candidates.count
                }
                sampled = (candidates.count, state.trace.filter { $0.iteration == state.iteration && $0.event == .rollback }.count)
                log("iteration \(state.iteration): \(sampled.candidates) candidates, \(sampled.rollbacks) roll-backs")
                if candidates.isEmpty {
                    // Without a single safe check the committee is broken, not converged: say so.
                    let safe = state.trace.contains { $0.iteration == state.iteration && $0.event == .safe }
                    state.phase = .finished
                    state.finishReason = safe ? "converged: no candidates in iteration \(state.iteration)"
                        : "stopped: every check of iteration \(state.iteration) was a roll-back (\(sampled.rollbacks)); the committee cannot sample"
                } else {
                    state.pending = candidates; state.phase = .labelling
                }
                try save(state)
                if state.phase == .finished { try writeReport(state) }
            case .finished: break
            }
        }
        return state
    }

    /// `Selection.largestOverall`: the `count` candidates of largest disagreement among all
    /// conditions (ties: earlier in `candidates`), renumbered from `firstID` in their original
    /// order; the others are traced as `uncertain` (in `trace` from `traceStart` on).
    static func selectOverall(_ candidates: [Candidate], count: Int, firstID: Int,
                              trace: inout [DisagreementRecord], traceStart: Int) -> [Candidate] {
        let kept = Set(candidates.indices.sorted { (candidates[$0].disagreement, -$0) > (candidates[$1].disagreement, -$1) }.prefix(count))
        var selected: [Candidate] = []
        for (k, c) in candidates.enumerated() {
            if kept.contains(k) {
                var c = c
                c.id = firstID + selected.count
                selected.append(c)
            } else if let t = trace[traceStart...].firstIndex(where: { $0.condition == c.condition && $0.step == c.step && $0.event == .candidate }) {
                trace[t].event = .uncertain
            }
        }
        return selected
    }

    func structure(of c: Candidate) -> Structure {
        if c.condition >= conditions.count {
            var s = seeds[c.condition - conditions.count]
            s.positions = SamplingWalker.vectors(c.positions)
            return s
        }
        return ActiveLearningSampler.structure(of: c, conditions: conditions)
    }

    func save(_ state: ActiveLearningState) throws { try AtomicFile.write(try state.json(), to: stateURL) }

    /// Committee-mean RMS errors on `set`: force (eV/Å, over components) and energy per atom (eV/atom).
    public static func heldOutErrors(_ committee: Committee, _ set: [TrainingConfiguration]) throws -> (force: Double, energy: Double)? {
        guard !set.isEmpty else { return nil }
        var f2 = 0.0, e2 = 0.0, n = 0
        for c in set {
            let r = try committee.evaluate(c.structure, request: [.energy, .forces])
            for i in 0..<c.structure.count { f2 += (r.forces[i] - c.forces[i]).normSquared }
            n += 3 * c.structure.count
            let de = (r.energy - c.energy) / Double(c.structure.count)
            e2 += de * de
        }
        return ((f2 / Double(n)).squareRoot(), (e2 / Double(set.count)).squareRoot())
    }

    /// Writes the learning curve and the disagreement trace as CSV and SVG.
    public func writeReport(_ state: ActiveLearningState) throws {
        var curve = CSVTable(columns: [.init("iteration"), .init("oracle_calls"), .init("failed_calls"), .init("dataset_size"),
                                       .init("test_force_rmse", unit: "eV/Å"), .init("test_energy_rmse", unit: "eV/atom"),
                                       .init("candidates"), .init("rollbacks")])
        for h in state.history {
            curve.append([.integer(h.iteration), .integer(h.oracleCalls), .integer(h.failedCalls), .integer(h.datasetSize),
                          .number(h.testForceRMSE ?? .nan), .number(h.testEnergyRMSE ?? .nan), .integer(h.candidates), .integer(h.rollbacks)])
        }
        try curve.write(to: directory.appendingPathComponent("learning-curve.csv"))
        var trace = CSVTable(columns: [.init("check"), .init("iteration"), .init("condition"), .init("step"),
                                       .init("max_force_disagreement", unit: "eV/Å"), .init("event")])
        for (k, t) in state.trace.enumerated() {
            trace.append([.integer(k), .integer(t.iteration), .integer(t.condition), .integer(t.step), .number(t.disagreement),
                          .text(["safe", "candidate", "rollback", "uncertain"][t.event.rawValue])])
        }
        try trace.write(to: directory.appendingPathComponent("disagreement.csv"))
        let withError = state.history.filter { $0.testForceRMSE != nil }
        if !withError.isEmpty {
            try SVGPlot(title: "Active learning: held-out force error", xLabel: "oracle calls", yLabel: "force RMSE (eV/Å)",
                        series: [.init(name: "committee mean", x: withError.map { Double($0.oracleCalls) }, y: withError.map { $0.testForceRMSE! }, markers: true)])
                .write(to: directory.appendingPathComponent("learning-curve.svg"))
        }
        if !state.trace.isEmpty {
            var series: [SVGPlot.Series] = conditions.indices.map { k in
                let idx = state.trace.indices.filter { state.trace[$0].condition == k && state.trace[$0].disagreement >= 0 }
                return .init(name: "condition \(k)", x: idx.map(Double.init), y: idx.map { state.trace[$0].disagreement })
            }
            let n = Double(state.trace.count)
            series.append(.init(name: "lower threshold", x: [0, n], y: [options.lowerThreshold, options.lowerThreshold], dashed: true))
            series.append(.init(name: "upper threshold", x: [0, n], y: [options.upperThreshold, options.upperThreshold], dashed: true))
            try SVGPlot(title: "Committee disagreement", xLabel: "check", yLabel: "max force disagreement (eV/Å)", series: series)
                .write(to: directory.appendingPathComponent("disagreement.svg"))
        }
    }
}
