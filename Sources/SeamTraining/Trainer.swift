import Foundation
import SeamCore
import SeamPotential

/// Learning rate as a function of the epoch (0-based).
public enum LearningRateSchedule: Sendable, Hashable {
    case constant
    /// lr = lr0 · decay^epoch.
    case exponential(decay: Double)
    /// lr = lr0 · factor^(epoch / every) (integer division).
    case step(every: Int, factor: Double)

    public func rate(_ initial: Double, epoch: Int) -> Double {
        switch self {
        case .constant: return initial
        case .exponential(let d): return initial * pow(d, Double(epoch))
        case .step(let every, let f): return initial * pow(f, Double(epoch / max(1, every)))
        }
    }
}

/// Settings of an Adam fit (Kingma and Ba, arXiv:1412.6980).
public struct TrainingOptions: Sendable, Hashable {
    public var epochs = 100
    /// Configurations per minibatch.
    public var batchSize = 8
    public var learningRate = 1e-3
    public var schedule = LearningRateSchedule.exponential(decay: 0.99)
    public var weights = LossWeights()
    public var beta1 = 0.9, beta2 = 0.999, adamEpsilon = 1e-8
    /// Stop when the validation score has not improved for this many epochs (nil: never).
    public var patience: Int? = nil
    /// Seed of the initial weights and of the minibatch shuffles.
    public var seed: UInt64 = 1
    /// Threads for gradient evaluation (explicit; results do not depend on scheduling).
    public var threads = 1
    /// Write a checkpoint every this many epochs (0: never).
    public var checkpointInterval = 0
    /// Print a progress line every this many epochs.
    public var progressInterval = 1
    /// Scale of the initial output-layer weights.
    public var outputScale = 0.1
    public init() {}
}

/// Everything needed to continue a fit exactly: weights, Adam moments, the best weights so far
/// and the early-stopping counters. Epochs are reproducible from the seed and the epoch number
/// alone, so no random-generator state is stored.
public struct TrainingState: Sendable, Equatable {
    /// Completed epochs.
    public var epoch: Int
    public var step: Int
    public var parameters: [Double]
    public var firstMoment: [Double]
    public var secondMoment: [Double]
    public var bestParameters: [Double]
    /// Best validation score (loss on the validation set, or training set without one).
    public var bestScore: Double
    public var bestEpoch: Int
    public var epochsWithoutImprovement: Int

    public init(parameters: [Double]) {
        epoch = 0; step = 0; self.parameters = parameters
        firstMoment = [Double](repeating: 0, count: parameters.count); secondMoment = firstMoment
        bestParameters = parameters; bestScore = .infinity; bestEpoch = 0; epochsWithoutImprovement = 0
    }

    /// Checkpoint text: `key value` lines and arrays as `name count` then one %.17g value per
    /// line (bit-exact round trip).
    public func format() -> String {
        var s = "# Seam training checkpoint\nversion 1\n"
        s += "epoch \(epoch)\nstep \(step)\nbest_score \(fmt(bestScore))\nbest_epoch \(bestEpoch)\n"
        s += "epochs_without_improvement \(epochsWithoutImprovement)\n"
        for (name, a) in [("parameters", parameters), ("first_moment", firstMoment), ("second_moment", secondMoment), ("best_parameters", bestParameters)] {
            s += "\(name) \(a.count)\n"
            for x in a { s += fmt(x) + "\n" }
        }
        return s
    }

    /// Parses `format()` output; errors carry the line.
    public static func parse(_ text: String, source: String) throws -> TrainingState {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var n = 0
        var scalars: [String: String] = [:], arrays: [String: [Double]] = [:]
        while n < lines.count {
            let line = lines[n]; n += 1
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let t = line.split(separator: " ").map(String.init)
            let at = SourceLocation(source: source, line: n)
            guard t.count == 2 else { throw InputError("expected 'key value', got '\(line)'", at: at) }
            if ["parameters", "first_moment", "second_moment", "best_parameters"].contains(t[0]) {
                guard let count = Int(t[1]), count >= 0, n + count <= lines.count else { throw InputError("bad array length '\(t[1])'", at: at) }
                var a: [Double] = []
                a.reserveCapacity(count)
                for q in 0..<count {
                    guard let x = Double(lines[n + q]) else { throw InputError("'\(lines[n + q])' is not a number", at: SourceLocation(source: source, line: n + q + 1)) }
                    a.append(x)
                }
                arrays[t[0]] = a; n += count
            } else { scalars[t[0]] = t[1] }
        }
        let at = SourceLocation(source: source)
        func int(_ k: String) throws -> Int { guard let v = scalars[k].flatMap({ Int($0) }) else { throw InputError("missing or bad '\(k)'", at: at) }; return v }
        guard scalars["version"] == "1" else { throw InputError("unknown checkpoint version '\(scalars["version"] ?? "")'", at: at) }
        guard let p = arrays["parameters"], let m = arrays["first_moment"], let v = arrays["second_moment"], let b = arrays["best_parameters"],
              m.count == p.count, v.count == p.count, b.count == p.count else { throw InputError("checkpoint arrays missing or of different lengths", at: at) }
        guard let best = scalars["best_score"].flatMap({ Double($0) }) else { throw InputError("missing or bad 'best_score'", at: at) }
        var s = TrainingState(parameters: p)
        s.epoch = try int("epoch"); s.step = try int("step"); s.firstMoment = m; s.secondMoment = v; s.bestParameters = b
        s.bestScore = best; s.bestEpoch = try int("best_epoch"); s.epochsWithoutImprovement = try int("epochs_without_improvement")
        return s
    }
}

/// Error figures after one epoch.
public struct EpochRecord: Sendable, Hashable {
    public var epoch: Int
    public var learningRate: Double
    /// Training-set errors (computed on progress epochs, or every epoch without validation).
    public var training: ErrorFigures?
    public var validation: ErrorFigures?
    /// Score used for early stopping (validation loss, or training loss without validation).
    public var score: Double
}

/// The outcome of a fit: the best weights (by the early-stopping score), the final state and
/// the per-epoch error history.
public struct TrainingResult: Sendable {
    public var bestParameters: [Double]
    public var state: TrainingState
    public var history: [EpochRecord]
    public var stoppedEarly: Bool
}

/// Minibatch Adam on the energy and force loss of a `TrainingProblem`, with a learning-rate
/// schedule, early stopping on the validation score, threaded gradients and checkpoints.
public struct Trainer: Sendable {
    public let problem: TrainingProblem
    public let options: TrainingOptions
    /// Training configurations used (indices into problem.training; repeats allowed, e.g. a bootstrap).
    public let subset: [Int]

    public init(problem: TrainingProblem, options: TrainingOptions, subset: [Int]? = nil) throws {
        guard options.epochs >= 0, options.batchSize >= 1, options.learningRate > 0, options.threads >= 1 else {
            throw InputError("training options need epochs >= 0, batch size >= 1, a positive learning rate and >= 1 thread")
        }
        let s = subset ?? Array(problem.training.indices)
        guard !s.isEmpty, s.allSatisfy({ problem.training.indices.contains($0) }) else { throw InputError("training subset is empty or out of range") }
        self.problem = problem; self.options = options; self.subset = s
    }

    /// The state before the first epoch (seeded initial weights).
    public func initialState() -> TrainingState {
        TrainingState(parameters: problem.layout.initialParameters(seed: options.seed, outputScale: options.outputScale))
    }

    func score(_ f: ErrorFigures) -> Double {
        options.weights.energy * f.energyPerAtom * f.energyPerAtom + options.weights.force * f.force * f.force
    }

    /// Runs epochs from `state` (or from the initial state) up to `options.epochs`.
    ///
    /// - Parameters:
    ///   - progress: receives one line per `progressInterval` epochs with train and validation
    ///     RMSEs in meV/atom and meV/Å.
    ///   - checkpoint: called with the state every `checkpointInterval` epochs and at the end
    ///     (the caller writes it atomically).
    public func run(from start: TrainingState? = nil, progress: (String) -> Void = { _ in },
                    checkpoint: (TrainingState) throws -> Void = { _ in }) throws -> TrainingResult {
        var state = start ?? initialState()
        guard state.parameters.count == problem.layout.parameterCount else {
            throw InputError("checkpoint has \(state.parameters.count) parameters, the potential \(problem.layout.parameterCount)")
        }
        var history: [EpochRecord] = []
        var stopped = false
        let np = state.parameters.count
        let b1 = options.beta1, b2 = options.beta2, eps = options.adamEpsilon
        while state.epoch < options.epochs {
            let epoch = state.epoch
            let lr = options.schedule.rate(options.learningRate, epoch: epoch)
            var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch + 1))
            var order = subset
            order.shuffle(using: &rng)
            var start = 0
            while start < order.count {
                let batch = Array(order[start..<min(order.count, start + options.batchSize)])
                start += options.batchSize
                let g = problem.lossAndGradient(parameters: state.parameters, batch: batch, weights: options.weights, threads: options.threads).gradient
                state.step += 1
                let c1 = 1 - pow(b1, Double(state.step)), c2 = 1 - pow(b2, Double(state.step))
                for q in 0..<np {
                    let m = b1 * state.firstMoment[q] + (1 - b1) * g[q]
                    let v = b2 * state.secondMoment[q] + (1 - b2) * g[q] * g[q]
                    state.firstMoment[q] = m; state.secondMoment[q] = v
                    state.parameters[q] -= lr * (m / c1) / ((v / c2).squareRoot() + eps)
                }
            }
            state.epoch += 1
            let report = state.epoch % max(1, options.progressInterval) == 0 || state.epoch == options.epochs
            let val = problem.validation.isEmpty ? nil : problem.errors(parameters: state.parameters, on: problem.validation, threads: options.threads)
            let train = report || val == nil
                ? problem.errors(parameters: state.parameters, on: subset.count == problem.training.count ? problem.training : subset.map { problem.training[$0] }, threads: options.threads)
                : nil
            let sc = score(val ?? train!)
            var mark = ""
            if sc < state.bestScore {
                state.bestScore = sc; state.bestParameters = state.parameters; state.bestEpoch = state.epoch; state.epochsWithoutImprovement = 0; mark = " *"
            } else {
                state.epochsWithoutImprovement += 1
            }
            history.append(EpochRecord(epoch: state.epoch, learningRate: lr, training: train, validation: val, score: sc))
            if report, let train {
                var line = String(format: "epoch %4d/%d  lr %.2e  train E %8.3f meV/atom  F %8.2f meV/Å", state.epoch, options.epochs, lr,
                                  1000 * train.energyPerAtom, 1000 * train.force)
                if let val { line += String(format: "  |  validation E %8.3f meV/atom  F %8.2f meV/Å", 1000 * val.energyPerAtom, 1000 * val.force) }
                progress(line + mark)
            }
            if let patience = options.patience, state.epochsWithoutImprovement >= patience {
                stopped = true
                progress("early stop after epoch \(state.epoch): no improvement for \(patience) epochs; best epoch \(state.bestEpoch)")
            }
            if stopped || state.epoch == options.epochs || (options.checkpointInterval > 0 && state.epoch % options.checkpointInterval == 0) {
                try checkpoint(state)
            }
            if stopped { break }
        }
        return TrainingResult(bestParameters: state.bestParameters, state: state, history: history, stoppedEarly: stopped)
    }
}
