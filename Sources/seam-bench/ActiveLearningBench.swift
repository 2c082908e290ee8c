import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// Active learning against random sampling on a periodic Lennard-Jones system (16-atom fcc
/// cells, ε = 0.0104 eV, σ = 2 Å, cutoff 5 Å; Langevin at 30, 60 and 90 K with strains of
/// 0 and ±3 %), both with the LJ oracle and the same training protocol (seed fit, then batches
/// with a few retraining epochs from the last weights).
///
/// - Active learning: `ActiveLearningRun`; its learning curve gives oracle calls against the
///   committee-mean RMS force error on a held-out set (true-LJ Langevin frames at the same
///   conditions).
/// - Random sampling: every configuration the active-learning sampler checked (the same
///   trajectories) forms a pool; batches of the same size are drawn from it uniformly at random
///   and labelled, with identical retraining, until the held-out error reaches the active
///   learner's final error (or the pool or call limit is exhausted).
/// Reported: calls needed by each to reach that error and their ratio (goal: active learning
/// needs at most a third as many). Options: `--quick` (fewer iterations), `--seed=N`,
/// `--lower=`/`--upper=` thresholds (eV/Å), `--candidates=` per condition and iteration.
/// `--silicon` runs the GFN1-xTB silicon comparison instead (`runSiliconActiveLearningBenchmark`).
func runActiveLearningBenchmarks(arguments: [String]) {
    /// `--flag=value` (main passes only arguments starting with "-" to each area).
    func value(_ flag: String) -> String? {
        arguments.first { $0.hasPrefix(flag + "=") }.map { String($0.dropFirst(flag.count + 1)) }
    }
    if arguments.contains("--silicon") { runSiliconActiveLearningBenchmark(arguments: arguments); return }
    let quick = arguments.contains("--quick")
    let seed = value("--seed").flatMap { UInt64($0) } ?? 1
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let ar = Element(symbol: "Ar")!
        let lj = try LennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0, switchWidth: 1.0)
        let oracle = PotentialOracle(potential: lj)
        let a = 2.0.squareRoot() * pow(2.0, 1.0 / 6.0) * 2.0
        let cell = Crystal.fcc(ar, a: a).replicated(2, 2, 1)
        var conditions: [SamplingCondition] = []
        for (t, e) in [(30.0, 0.0), (60.0, 0.03), (90.0, -0.03)] { conditions.append(try SamplingCondition(structure: cell, temperatureKelvin: t, strain: e)) }
        var rng = SeededGenerator(seed: 1000 + seed)
        let seeds: [Structure] = (0..<4).map { _ in
            var s = cell
            for i in 0..<s.count { s.positions[i] += 0.03 * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian()) }
            return s
        }
        // Held-out set: true-LJ Langevin frames at each condition.
        var heldOut: [TrainingConfiguration] = []
        for c in conditions {
            var s = c.strainedStructure
            let masses = s.elements.map(\.mass)
            let md = try LangevinIntegrator(temperatureKelvin: c.temperatureKelvin, timeStep: 2, friction: 0.02)
            var x = s.positions, v = md.thermalVelocities(masses: masses, using: &rng), f = try lj.evaluate(s).forces
            for k in 0..<1100 {
                try md.step(positions: &x, velocities: &v, forces: &f, masses: masses, using: &rng) { p in
                    s.positions = p; return try lj.evaluate(s, request: [.energy, .forces]).forces
                }
                if k >= 100 && k % 50 == 0 {
                    s.positions = x
                    let r = try lj.evaluate(s)
                    heldOut.append(try TrainingConfiguration(structure: s, energy: r.energy, forces: r.forces))
                }
            }
        }
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 8, radialLower: 1.5, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [8],
                                          activations: [.tanh, .identity])
        var o = ActiveLearningOptions()
        o.lowerThreshold = value("--lower").flatMap { Double($0) } ?? 0.01
        o.upperThreshold = value("--upper").flatMap { Double($0) } ?? 0.3
        o.checkInterval = 10; o.stepsPerIteration = 500; o.candidatesPerCondition = value("--candidates").flatMap { Int($0) } ?? 2
        o.maximumIterations = quick ? 6 : 12; o.members = 4; o.seed = seed
        o.initialTraining.epochs = 200; o.initialTraining.batchSize = 2; o.initialTraining.learningRate = 0.01
        o.retraining.epochs = 40; o.retraining.batchSize = 4; o.retraining.learningRate = 0.003; o.retraining.schedule = .constant
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-al-bench-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        print("# active learning vs random sampling: LJ fcc 16 atoms, 3 conditions, \(heldOut.count) held-out frames, committee of \(o.members), seed \(seed)")
        let run = try ActiveLearningRun(directory: dir, definition: def, conditions: conditions, seeds: seeds, options: o, heldOut: heldOut)
        guard let (state, pool, curve, target, alCalls, tAL) = try activeLearningCurve(run, oracle: oracle) else { print("# no learning curve"); return }
        print("# AL finished (\(state.finishReason ?? "")) in \(String(format: "%.1f", tAL)) s; pool of \(pool.count) sampled configurations")
        print("RESULT al_initial_force_rmse \(String(format: "%.5f", curve.first!.1)) eV/A  # committee on \(seeds.count) seeds")
        print("RESULT al_final_force_rmse \(String(format: "%.5f", target)) eV/A")
        print("RESULT al_oracle_calls \(alCalls) calls  # to reach the final error, seeds included")

        // Random sampling from the same trajectories, same protocol.
        let batch = o.candidatesPerCondition * conditions.count
        let random = try randomSamplingBaseline(seeds: seeds, pool: pool, oracle: oracle, definition: def, options: o, heldOut: heldOut,
                                                batch: batch, target: target, maximumCalls: 3 * alCalls + 4 * batch, shuffleSeed: 77 + seed,
                                                log: { print("#   \($0)") })
        printRandomComparison(reached: random.reached, spent: random.spent, best: random.best, target: target, alCalls: alCalls,
                              callsName: "random_oracle_calls", ratioName: "random_over_al_calls", errorFormat: "%.5f")
    } catch {
        print("# active-learning benchmark failed: \(error)")
    }
}
