import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

/// A small periodic Lennard-Jones system for active-learning tests: 8-atom fcc cells
/// (ε = 0.0104 eV, σ = 2 Å, cutoff 5 Å), sampled at two temperatures and strains.
enum ActiveLearningLJ {
    static let ar = Element(symbol: "Ar")!
    static let potential = try! LennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0, switchWidth: 1.0)
    static let lattice = 2.0.squareRoot() * pow(2.0, 1.0 / 6.0) * 2.0
    static var cell: Structure { Crystal.fcc(ar, a: lattice).replicated(2, 1, 1) }

    static func conditions() throws -> [SamplingCondition] {
        [try SamplingCondition(structure: cell, temperatureKelvin: 40, strain: 0.02),
         try SamplingCondition(structure: cell, temperatureKelvin: 70, strain: -0.02)]
    }

    /// Seeds: the unstrained cell with small random displacements (0.03 Å).
    static func seeds(_ n: Int) -> [Structure] {
        var rng = SeededGenerator(seed: 5)
        return (0..<n).map { _ in
            var s = cell
            for i in 0..<s.count { s.positions[i] += 0.03 * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian()) }
            return s
        }
    }

    /// Held-out configurations from Langevin trajectories with the true LJ forces at each condition.
    static func heldOut(perCondition: Int, seed: UInt64) throws -> [TrainingConfiguration] {
        var rng = SeededGenerator(seed: seed)
        var out: [TrainingConfiguration] = []
        for c in try conditions() {
            var s = c.strainedStructure
            let masses = s.elements.map(\.mass)
            let integrator = try LangevinIntegrator(temperatureKelvin: c.temperatureKelvin, timeStep: 2, friction: 0.02)
            var x = s.positions, v = integrator.thermalVelocities(masses: masses, using: &rng)
            var f = try potential.evaluate(s).forces
            for k in 0..<(perCondition * 25 + 100) {
                try integrator.step(positions: &x, velocities: &v, forces: &f, masses: masses, using: &rng) { p in
                    s.positions = p
                    return try potential.evaluate(s, request: [.energy, .forces]).forces
                }
                if k >= 100 && (k - 100) % 25 == 0 {
                    s.positions = x
                    let r = try potential.evaluate(s)
                    out.append(try TrainingConfiguration(structure: s, energy: r.energy, forces: r.forces))
                }
            }
        }
        return out
    }

    static func definition() throws -> PotentialDefinition {
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 8, radialLower: 1.5, radialGrid: .shifted, angularCount: 0)
        return try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [8],
                                       activations: [.tanh, .identity])
    }

    static func options(iterations: Int) -> ActiveLearningOptions {
        var o = ActiveLearningOptions()
        o.lowerThreshold = 0.01; o.upperThreshold = 0.2
        o.checkInterval = 10; o.stepsPerIteration = 200; o.candidatesPerCondition = 3
        o.maximumIterations = iterations; o.members = 3
        o.initialTraining.epochs = 150; o.initialTraining.batchSize = 2; o.initialTraining.learningRate = 0.01
        o.retraining.epochs = 30; o.retraining.batchSize = 4; o.retraining.learningRate = 0.003
        o.retraining.schedule = .constant
        return o
    }

    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("seam-al-\(name)-\(UUID().uuidString)")
    }
}

/// Counts oracle invocations in a file (one line per completed call: a fingerprint of the
/// positions) and, optionally, "dies" by throwing on call number `throwOnCall` (1-based, counted
/// within this oracle's lifetime) before labelling.
struct CountingOracle: QuantumOracle {
    struct Killed: Error {}
    let inner: PotentialOracle<LennardJones>
    let counter: URL
    var throwOnCall: Int? = nil
    final class Calls: @unchecked Sendable { var n = 0 }
    let calls = Calls()

    func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure> {
        calls.n += 1
        if let k = throwOnCall, calls.n == k { throw Killed() }
        let fingerprint = structure.positions.map { "\($0.x),\($0.y),\($0.z)" }.joined(separator: ";")
        let old = (try? String(contentsOf: counter, encoding: .utf8)) ?? ""
        try (old + fingerprint + "\n").write(to: counter, atomically: true, encoding: .utf8)
        return try inner.label(structure)
    }
}

@Suite struct ActiveLearningLoopTests {
    @Test func activeLearningWithTheLennardJonesOracleLowersHeldOutForceError() throws {
        let dir = ActiveLearningLJ.temporaryDirectory("improve")
        defer { try? FileManager.default.removeItem(at: dir) }
        let heldOut = try ActiveLearningLJ.heldOut(perCondition: 6, seed: 77)
        let run = try ActiveLearningRun(directory: dir, definition: ActiveLearningLJ.definition(), conditions: ActiveLearningLJ.conditions(),
                                        seeds: ActiveLearningLJ.seeds(4), options: ActiveLearningLJ.options(iterations: 4), heldOut: heldOut)
        var lines: [String] = []
        let state = try run.run(oracle: PotentialOracle(potential: ActiveLearningLJ.potential)) { lines.append($0) }
        let first = try #require(state.history.first?.testForceRMSE), last = try #require(state.history.last?.testForceRMSE)
        #expect(state.history.count >= 2, "\(lines.joined(separator: "\n"))")
        #expect(last < 0.5 * first, "held-out force RMSE \(first) -> \(last) eV/Å\n\(lines.joined(separator: "\n"))")
        // Every oracle result is on disk, and the report files exist.
        #expect(try run.loadDataset().count == state.history.last!.datasetSize)
        let csv = try String(contentsOf: dir.appendingPathComponent("learning-curve.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == state.history.count + 1)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("disagreement.svg").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("learning-curve.svg").path))
    }

    @Test func activeLearningRetrainedWithTheKalmanFilterLowersHeldOutForceError() throws {
        let dir = ActiveLearningLJ.temporaryDirectory("kalman")
        defer { try? FileManager.default.removeItem(at: dir) }
        let heldOut = try ActiveLearningLJ.heldOut(perCondition: 6, seed: 77)
        var o = ActiveLearningLJ.options(iterations: 3)
        o.retrainingOptimizer = .kalman
        o.retrainingKalman.epochs = 6
        let run = try ActiveLearningRun(directory: dir, definition: ActiveLearningLJ.definition(), conditions: ActiveLearningLJ.conditions(),
                                        seeds: ActiveLearningLJ.seeds(4), options: o, heldOut: heldOut)
        var lines: [String] = []
        let state = try run.run(oracle: PotentialOracle(potential: ActiveLearningLJ.potential)) { lines.append($0) }
        #expect(state.phase == .finished)
        let curve = state.history.compactMap(\.testForceRMSE)
        #expect(curve.count >= 3, "\(lines.joined(separator: "\n"))")
        // The first point is the Adam start fit; every later one follows a Kalman retraining.
        #expect(curve.last! < 0.5 * curve.first!, "held-out force RMSE \(curve) eV/Å\n\(lines.joined(separator: "\n"))")
        #expect(try run.loadDataset().count == state.history.last!.datasetSize)
    }

    @Test func refitWithTheFirstFitsEpochsEndsBelowAFewEpochContinuedFilter() throws {
        // The same LJ loop twice: Kalman retrainings that continue from the last weights for a
        // few epochs (the Si example's `retrain_epochs = 10` scaled down), and refits from fresh
        // seeded weights on all data with as many epochs as the first fit.
        let heldOut = try ActiveLearningLJ.heldOut(perCondition: 6, seed: 77)
        func finalError(_ mode: ActiveLearningOptions.RetrainMode, epochs: Int) throws -> (first: Double, last: Double) {
            let dir = ActiveLearningLJ.temporaryDirectory("refit-\(mode.rawValue)")
            defer { try? FileManager.default.removeItem(at: dir) }
            var o = ActiveLearningLJ.options(iterations: 2)
            o.initialOptimizer = .kalman; o.retrainingOptimizer = .kalman
            o.initialKalman.epochs = 12; o.retrainingKalman.epochs = epochs; o.retrainingKalman.epsilon = 1
            o.retrainMode = mode
            let run = try ActiveLearningRun(directory: dir, definition: ActiveLearningLJ.definition(), conditions: ActiveLearningLJ.conditions(),
                                            seeds: ActiveLearningLJ.seeds(4), options: o, heldOut: heldOut)
            let curve = try run.run(oracle: PotentialOracle(potential: ActiveLearningLJ.potential)).history.compactMap(\.testForceRMSE)
            return (curve.first!, curve.last!)
        }
        let continued = try finalError(.continue, epochs: 2), refit = try finalError(.refit, epochs: 12)
        #expect(refit.first == continued.first, "same first fit")
        #expect(refit.last < continued.last, "held-out force RMSE: continue \(continued), refit \(refit) eV/Å")
    }

    @Test func refitDoesNotDependOnTheCommitteeItStartsFrom() throws {
        // A refit starts every member from its seeded fresh weights: two committees fitted on
        // different data refit on the same data to identical members; a continued retraining does not.
        let data = try ActiveLearningLJ.heldOut(perCondition: 4, seed: 5)
        var o = ActiveLearningLJ.options(iterations: 1)
        o.initialOptimizer = .kalman; o.retrainingOptimizer = .kalman
        o.initialKalman.epochs = 3; o.retrainingKalman.epochs = 3
        let definition = try ActiveLearningLJ.definition()
        let a = try ActiveCommittee.train(data: Array(data.prefix(4)), definition: definition, options: o)
        let b = ActiveCommittee(definition: a.definition, scaling: a.scaling, members: a.members.map { $0.map { 0.5 * $0 } })
        #expect(try a.retrained(on: data, options: o).members != b.retrained(on: data, options: o).members)
        o.retrainMode = .refit
        let ra = try a.retrained(on: data, options: o), rb = try b.retrained(on: data, options: o)
        #expect(ra.members == rb.members)
        #expect(ra.members != a.members)
    }

    @Test func outOfBagEpochSelectionKeepsTheEpochOfLowestErrorOnTheLeftOutConfigurations() throws {
        // Replays each member's filter epoch by epoch on its stable bootstrap resample and checks
        // that the kept weights are those of lowest out-of-bag score (ΔE/N)² + ΔF², the start
        // (seeded initial weights) included; 6 configurations and 30 epochs, enough to overfit.
        let data = try ActiveLearningLJ.heldOut(perCondition: 3, seed: 5)
        var o = KalmanOptions()
        o.epochs = 30; o.epsilon = 1; o.seed = 3
        let definition = try ActiveLearningLJ.definition()
        let kept = try ActiveCommittee.train(data: data, definition: definition, kalman: o, members: 3, outOfBagSelection: true)
        let byTraining = try ActiveCommittee.train(data: data, definition: definition, kalman: o, members: 3)
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: definition)
        var lastEpochKept = 0
        for m in 0..<3 {
            var om = o
            om.seed = o.seed &+ UInt64(m)
            let bag = ActiveCommittee.resample(count: data.count, seed: om.seed, stable: true)
            let out = ActiveCommittee.outOfBag(bag, count: data.count)
            #expect(!out.isEmpty && Set(out).isDisjoint(with: bag) && Set(out).union(bag) == Set(0..<data.count))
            func score(_ p: [Double]) -> Double {
                let e = problem.errors(parameters: p, on: out.map { problem.training[$0] })
                return e.energyPerAtom * e.energyPerAtom + e.force * e.force
            }
            var state = try KalmanTrainer(problem: problem, options: om, subset: bag).initialState()
            var best = state.parameters, bestScore = score(state.parameters)
            while state.epoch < o.epochs {
                var oe = om
                oe.epochs = state.epoch + 1
                state = try KalmanTrainer(problem: problem, options: oe, subset: bag).run(from: state).state
                if score(state.parameters) < bestScore { best = state.parameters; bestScore = score(state.parameters) }
            }
            #expect(kept.members[m] == best)
            if best == state.parameters { lastEpochKept += 1 }
        }
        // The selection matters here: some member keeps an earlier epoch than its last.
        #expect(lastEpochKept < 3)
        #expect(kept.members != byTraining.members)
        #expect(ActiveCommittee.outOfBag(nil, count: 5).isEmpty)
    }

    @Test func stableBootstrapResampleKeepsItsPastAsConfigurationsArrive() throws {
        // Configurations 0..<40 are resampled identically whether 40 or 100 exist, and about
        // e⁻¹ of a large set is left out (Poisson(1) multiplicities: 0.368 ± 3σ, σ ≈ 0.011 at 2000).
        for seed: UInt64 in [1, 7] {
            let small = CommitteeTraining.stableBootstrapSubset(count: 40, seed: seed)
            let large = CommitteeTraining.stableBootstrapSubset(count: 100, seed: seed)
            #expect(large.filter { $0 < 40 } == small)
            #expect(CommitteeTraining.stableBootstrapSubset(count: 40, seed: seed + 1) != small)
        }
        let n = 2000
        let out = ActiveCommittee.outOfBag(CommitteeTraining.stableBootstrapSubset(count: n, seed: 3), count: n)
        #expect(abs(Double(out.count) / Double(n) - exp(-1.0)) < 0.033, "\(out.count) of \(n) left out")
    }

    @Test func selectionOverAllConditionsLabelsTheLargestDisagreementsOfTheIteration() throws {
        let dir = ActiveLearningLJ.temporaryDirectory("overall")
        defer { try? FileManager.default.removeItem(at: dir) }
        var o = ActiveLearningLJ.options(iterations: 2)
        o.selection = .largestOverall
        o.candidatesPerCondition = 2
        o.initialTraining.epochs = 40
        let seeds = ActiveLearningLJ.seeds(3)
        let run = try ActiveLearningRun(directory: dir, definition: ActiveLearningLJ.definition(), conditions: ActiveLearningLJ.conditions(),
                                        seeds: seeds, options: o)
        let state = try run.run(oracle: PotentialOracle(potential: ActiveLearningLJ.potential))
        let dataset = try run.loadDataset()
        var checked = 0
        for iteration in 1...2 {
            let trace = state.trace.filter { $0.iteration == iteration }
            let chosen = trace.filter { $0.event == .candidate }.map(\.disagreement)
            let passed = trace.filter { $0.event == .uncertain }.map(\.disagreement)
            guard !chosen.isEmpty else { continue }
            checked += 1
            // A batch of at most 2 × 2 conditions, and no unlabelled check disagrees more than a labelled one.
            #expect(chosen.count == min(4, chosen.count + passed.count))
            #expect(passed.allSatisfy { $0 <= chosen.min()! }, "labelled \(chosen), passed over \(passed.max() ?? 0)")
            #expect(dataset.filter { $0.info["al_iteration"] == String(iteration) }.count == chosen.count)
        }
        #expect(checked >= 1, "no iteration had candidates")
        // Ids stay unique and consecutive across the run.
        let ids = dataset.compactMap { $0.info["al_id"].flatMap { Int($0) } }
        #expect(ids == Array(0..<ids.count))
    }

    @Test func kalmanRetrainingFromTheLastWeightsLowersTheTrainingErrorOnNewData() throws {
        // A committee fitted on 3 configurations, then given 12: the filter's retraining
        // from the last weights must fit the larger set better than the committee did before.
        let data = try ActiveLearningLJ.heldOut(perCondition: 6, seed: 5)
        var o = ActiveLearningLJ.options(iterations: 1)
        o.initialOptimizer = .kalman
        o.initialKalman.epochs = 8
        o.retrainingKalman.epochs = 8
        let start = try ActiveCommittee.train(data: Array(data.prefix(3)), definition: ActiveLearningLJ.definition(), options: o)
        o.retrainingOptimizer = .kalman
        let more = try start.retrained(on: data, options: o)
        let before = try #require(try ActiveLearningRun.heldOutErrors(start.committee(), data))
        let after = try #require(try ActiveLearningRun.heldOutErrors(more.committee(), data))
        #expect(after.force < 0.7 * before.force, "force RMSE \(before.force) -> \(after.force) eV/Å")
        // Same seed, same data: the retraining is deterministic.
        #expect(try start.retrained(on: data, options: o).members == more.members)
    }

    @Test func killedRunResumesWithoutRepeatingOrLosingAnOracleCall() throws {
        let base = ActiveLearningLJ.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let def = try ActiveLearningLJ.definition(), conditions = try ActiveLearningLJ.conditions(), seeds = ActiveLearningLJ.seeds(3)
        let options = ActiveLearningLJ.options(iterations: 2)
        let lj = PotentialOracle(potential: ActiveLearningLJ.potential)
        // Reference: uninterrupted.
        let refRun = try ActiveLearningRun(directory: base.appendingPathComponent("reference"), definition: def, conditions: conditions, seeds: seeds, options: options)
        let refCounter = base.appendingPathComponent("reference-calls.txt")
        try refRun.run(oracle: CountingOracle(inner: lj, counter: refCounter))
        let reference = try refRun.loadDataset()
        #expect(reference.count > seeds.count, "the reference run must label sampled candidates, not only seeds")
        // Killed twice (in the seed batch and in a later batch), resumed each time.
        let run = try ActiveLearningRun(directory: base.appendingPathComponent("killed"), definition: def, conditions: conditions, seeds: seeds, options: options)
        let counter = base.appendingPathComponent("killed-calls.txt")
        #expect(throws: CountingOracle.Killed.self) { try run.run(oracle: CountingOracle(inner: lj, counter: counter, throwOnCall: 3)) }
        #expect(try run.loadDataset().count == 2)
        let killAt = reference.count - 2 - 1   // dies on the second-to-last remaining call
        #expect(throws: CountingOracle.Killed.self) { try run.run(oracle: CountingOracle(inner: lj, counter: counter, throwOnCall: killAt)) }
        try run.run(oracle: CountingOracle(inner: lj, counter: counter))
        let resumed = try run.loadDataset()
        let calls = try String(contentsOf: counter, encoding: .utf8).split(separator: "\n")
        #expect(calls.count == resumed.count, "oracle invocations \(calls.count), labelled configurations \(resumed.count)")
        #expect(Set(calls).count == calls.count, "a configuration was labelled twice")
        let ids = resumed.compactMap { $0.info["al_id"] }
        #expect(Set(ids).count == ids.count)
        // None lost: the same configurations (bit for bit) as the uninterrupted run.
        #expect(resumed.map(\.structure.positions) == reference.map(\.structure.positions))
        #expect(resumed.map(\.energy) == reference.map(\.energy))
        #expect(try run.loadState()?.history == refRun.loadState()?.history)
    }

    @Test func externalOracleFailuresInsideTheLoopAreLoggedAndSkipped() throws {
        let scripts = try ActiveLearningOracleTests.scripts([
            "exit2.sh": "echo 'node failure' >&2; exit 2",
            "hang.sh": "sleep 30",
            "garbage.sh": "echo 'not a frame'",
        ])
        let dir = ActiveLearningLJ.temporaryDirectory("failures")
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: scripts) }
        /// LJ labels, except calls 2, 4 and 5, which go to a failing external program.
        struct FlakyOracle: QuantumOracle {
            let good = PotentialOracle(potential: ActiveLearningLJ.potential)
            let bad: [Int: ExternalProgramOracle]
            final class Calls: @unchecked Sendable { var n = 0 }
            let calls = Calls()
            func label(_ s: Structure) throws -> Result<OracleLabel, OracleFailure> {
                calls.n += 1
                return try (bad[calls.n].map { try $0.label(s) }) ?? good.label(s)
            }
        }
        func external(_ name: String) throws -> ExternalProgramOracle {
            try ActiveLearningOracleTests.oracle(scripts, name, timeout: 0.5)
        }
        let oracle = FlakyOracle(bad: [2: try external("exit2.sh"), 4: try external("hang.sh"), 5: try external("garbage.sh")])
        let run = try ActiveLearningRun(directory: dir, definition: ActiveLearningLJ.definition(), conditions: ActiveLearningLJ.conditions(),
                                        seeds: ActiveLearningLJ.seeds(5), options: ActiveLearningLJ.options(iterations: 1))
        var log: [String] = []
        let state = try run.run(oracle: oracle) { log.append($0) }
        #expect(state.phase == .finished)
        #expect(try run.loadFailedIDs() == [1, 3, 4])
        let failures = try String(contentsOf: run.failuresURL, encoding: .utf8)
        #expect(failures.contains("exit status 2") && failures.contains("node failure"))
        #expect(failures.contains("timeout"))
        #expect(failures.contains("unparsable output"))
        #expect(log.filter { $0.contains("oracle failed") }.count == 3)
        #expect(state.history.first?.failedCalls == 3)
        #expect(state.history.first?.datasetSize == 2)
        #expect(try run.loadDataset().count == oracle.calls.n - 3)
    }
}
