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
