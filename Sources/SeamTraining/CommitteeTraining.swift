import Foundation
import SeamCore
import SeamPotential

/// Trains a committee (Schran, Brezina and Marsalek, JCP 153, 104105 (2020)): members share the
/// symmetry functions and scaling of one `TrainingProblem` (so `Committee` can evaluate them on
/// one descriptor computation) and differ in initial weights, minibatch order and, optionally,
/// a bootstrap resample of the training configurations.
public enum CommitteeTraining {
    /// A resample with replacement of 0..<count (fixed seed).
    public static func bootstrapSubset(count: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: seed ^ 0xB007_5742_0000_0001)
        return (0..<count).map { _ in Int(rng.next() % UInt64(count)) }
    }

    /// A bootstrap resample of 0..<count that stays the same as configurations are appended
    /// (online bootstrap, Oza and Russell, AISTATS 2001): configuration i appears k_i times,
    /// k_i ~ Poisson(1) drawn from a generator seeded by (seed, i) alone, so the first n
    /// configurations are resampled identically whatever count is. Why: a member retrained from
    /// its last weights as data arrive then never trains on its out-of-bag configurations, which
    /// stay a fair validation set for it (`ActiveCommittee.bestKalmanEpoch`). Falls back to every
    /// configuration once when no k_i is positive (tiny sets).
    public static func stableBootstrapSubset(count: Int, seed: UInt64) -> [Int] {
        var out: [Int] = []
        let limit = exp(-1.0)
        for i in 0..<count {
            var rng = SeededGenerator(seed: (seed ^ 0x0B00_75A7_0000_0001) &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            var k = 0, p = rng.uniform()
            while p > limit { k += 1; p *= rng.uniform() }   // Knuth's Poisson(1) sampler
            out += Array(repeating: i, count: k)
        }
        return out.isEmpty ? Array(0..<count) : out
    }

    /// A random subset without replacement of 0..<count holding round(fraction · count) indices
    /// (at least one), in ascending order (fixed seed). Members trained on different subsets
    /// see different data, like a bootstrap, but each sees more distinct configurations
    /// (a bootstrap keeps about 63%).
    public static func randomSubset(count: Int, fraction: Double, seed: UInt64) -> [Int] {
        precondition(fraction > 0 && fraction <= 1, "subset fraction must be in (0, 1]")
        var rng = SeededGenerator(seed: seed ^ 0x5AB5_E700_0000_0001)
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        return order.prefix(max(1, Int((fraction * Double(count)).rounded()))).sorted()
    }

    /// Trains `members` models; member m uses seed `options.seed + m` and, when `bootstrap` is
    /// set, a resample with replacement of the training set drawn with that seed.
    ///
    /// - Parameters:
    ///   - progress: receives each member's progress lines, prefixed with "member m:".
    public static func train(problem: TrainingProblem, options: TrainingOptions, members: Int, bootstrap: Bool = true,
                             progress: (String) -> Void = { _ in }) throws -> [TrainedPotential] {
        guard members >= 1 else { throw InputError("a committee needs at least one member, got \(members)") }
        return try (0..<members).map { m in
            var o = options
            o.seed = options.seed &+ UInt64(m)
            var subset: [Int]? = nil
            if bootstrap { subset = bootstrapSubset(count: problem.training.count, seed: o.seed) }
            let r = try Trainer(problem: problem, options: o, subset: subset).run(progress: { progress("member \(m): \($0)") })
            return try TrainedPotential(problem: problem, parameters: r.bestParameters)
        }
    }
}
