import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// The random-sampling side of an active-learning comparison: the committee is fitted on the
/// same start structures as the active learner, then batches of `batch` configurations drawn
/// uniformly at random (seeded) from `pool` (every configuration the active learner's sampler
/// checked: the same trajectories) are labelled and the committee retrained exactly as the
/// active learner retrains (optimiser, epochs, `retrain_mode`), until the held-out force RMSE (eV/Å) reaches `target` or
/// `maximumCalls` labels have been spent.
///
/// - Returns: calls at which `target` was reached (nil if never), the calls spent, the best
///   held-out error seen and the curve (calls, held-out force RMSE).
func randomSamplingBaseline(seeds: [Structure], pool: [Structure], oracle: some QuantumOracle, definition: PotentialDefinition,
                            options o: ActiveLearningOptions, heldOut: [TrainingConfiguration], batch: Int, target: Double,
                            maximumCalls: Int, shuffleSeed: UInt64,
                            log: (String) -> Void) throws -> (reached: Int?, spent: Int, best: Double, curve: [(Int, Double)]) {
    func labelled(_ s: Structure) throws -> TrainingConfiguration? {
        switch try oracle.label(s) {
        case .success(let l): return try TrainingConfiguration(structure: s, energy: l.energy, forces: l.forces)
        case .failure(let f): log("random: oracle failed, skipped (\(f))"); return nil
        }
    }
    var data = try seeds.compactMap(labelled)
    var calls = seeds.count
    var committee = try ActiveCommittee.train(data: data, definition: definition, options: o)
    var curve = [(calls, try ActiveLearningRun.heldOutErrors(committee.committee(), heldOut)!.force)]
    let order = randomOrder(poolSize: pool.count, seed: shuffleSeed)
    var cursor = 0, best = curve[0].1
    while calls < maximumCalls && cursor < order.count {
        for q in order[cursor..<min(order.count, cursor + batch)] {
            if let c = try labelled(pool[q]) { data.append(c) }
            calls += 1
        }
        cursor += batch
        // A refit, and out-of-bag epoch selection, use the active learner's seeds (offset 0, as
        // `ActiveLearningRun`): both sides then start every refit from the same weights, and a
        // member's stable bootstrap resample (hence its out-of-bag set) persists across batches.
        // The other settings keep the per-batch offset of the measurements before these options
        // existed (they replay unchanged).
        let sameSeeds = o.retrainMode == .refit || o.epochSelection == .outOfBag
        committee = try committee.retrained(on: data, options: o, seedOffset: sameSeeds ? 0 : UInt64(calls))
        let e = try ActiveLearningRun.heldOutErrors(committee.committee(), heldOut)!.force
        best = min(best, e)
        curve.append((calls, e))
        log("random: \(calls) calls, held-out force RMSE \(String(format: "%.5f", e)) eV/Å")
        if e <= target { return (calls, calls, best, curve) }
    }
    return (nil, calls, best, curve)
}

/// Prints the `RESULT` lines of a comparison: random sampling's calls to the active learner's
/// final error (`callsName`) and their ratio to the active learner's calls (`ratioName`, goal
/// >= 3); when random sampling never reached the target both are lower bounds ("> spent").
func printRandomComparison(reached: Int?, spent: Int, best: Double, target: Double, alCalls: Int,
                           callsName: String, ratioName: String, errorFormat: String = "%.4f") {
    let calls = reached ?? spent, bound = reached == nil ? ">" : ""
    let note = reached == nil ? "did not reach \(String(format: errorFormat, target)) eV/A (best \(String(format: errorFormat, best)))" : "to reach the AL final error"
    print("RESULT \(callsName) \(bound)\(calls) calls  # \(note)")
    print("RESULT \(ratioName) \(bound)\(String(format: "%.2f", Double(calls) / Double(alCalls))) ratio  # goal >= 3")
}

/// The order in which `randomSamplingBaseline` draws from a pool of `poolSize` (a seeded shuffle).
func randomOrder(poolSize: Int, seed: UInt64) -> [Int] {
    var order = Array(0..<poolSize)
    var prng = SeededGenerator(seed: seed)
    order.shuffle(using: &prng)
    return order
}

/// Pool indices `randomSamplingBaseline` may label with at most `maximumCalls` calls (start
/// structures included), in drawing order.
func randomDraws(poolSize: Int, seed: UInt64, seeds: Int, batch: Int, maximumCalls: Int) -> [Int] {
    let batches = max(0, (maximumCalls - seeds + batch - 1) / batch)
    return Array(randomOrder(poolSize: poolSize, seed: seed).prefix(batches * batch))
}

/// The active learner's side of an AL-vs-random comparison: runs `run` to its end, collecting
/// every configuration its sampler checked (the pool random sampling draws from), and reads its
/// learning curve (oracle calls, held-out force RMSE eV/Å). `target` is the final error and
/// `calls` the first point of the curve that reaches it; nil when the run has no curve.
func activeLearningCurve(_ run: ActiveLearningRun, oracle: some QuantumOracle)
    throws -> (state: ActiveLearningState, pool: [Structure], curve: [(Int, Double)], target: Double, calls: Int, seconds: Double)? {
    var pool: [Structure] = []
    let t0 = Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    let state = try run.run(oracle: oracle, log: { print("#   AL \($0)") }, observe: { pool.append($0) })
    let seconds = Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 - t0
    let curve = state.history.compactMap { h in h.testForceRMSE.map { (h.oracleCalls, $0) } }
    guard let target = curve.last?.1 else { return nil }
    return (state, pool, curve, target, curve.first { $0.1 <= target }!.0, seconds)
}
