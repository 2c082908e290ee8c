import Foundation
import SeamCore
import SeamPotential

/// A committee under active learning: one fixed potential definition (symmetry functions,
/// offsets, topology), the scaling statistics of the data it was last trained on, and every
/// member's flat parameter vector (`NetworkLayout` order).
///
/// Retraining as data arrive keeps the definition (offsets and symmetry-function set are fixed
/// after the first fit, so the parameter vector keeps its meaning) and continues from the
/// members' last weights. The new data change the descriptor scaling x = s + f (G - r); the
/// first-layer weights are transformed so that every member predicts exactly what it did before
/// the rescaling (x_old = α x_new + β with α = f_old/f_new, β = s + f_old (r_new - r_old) - α s,
/// hence W ← α W and b ← b + Σ_j W_j β_j), and training then starts from the same functions.
public struct ActiveCommittee: Sendable {
    /// Definition with fitted offsets and the symmetry functions kept by the first fit.
    public let definition: PotentialDefinition
    public let scaling: ScalingData
    /// Parameter vector of each member.
    public let members: [[Double]]

    public init(definition: PotentialDefinition, scaling: ScalingData, members: [[Double]]) {
        self.definition = definition; self.scaling = scaling; self.members = members
    }

    /// Trains a committee from scratch on `data`: `TrainingProblem` fits the offsets and drops
    /// constant symmetry functions; member m uses seed `options.seed + m` and a bootstrap
    /// resample when `bootstrap` is set (as `CommitteeTraining.train`).
    public static func train(data: [TrainingConfiguration], definition: PotentialDefinition, options: TrainingOptions,
                             members: Int, bootstrap: Bool = true) throws -> ActiveCommittee {
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: definition, threads: options.threads)
        let trained = try CommitteeTraining.train(problem: problem, options: options, members: members, bootstrap: bootstrap)
        return ActiveCommittee(definition: problem.definition, scaling: problem.scaling,
                               members: trained.map { problem.layout.parameters(of: $0.networks) })
    }

    /// Continues training every member on `data` for `options.epochs` epochs from its current
    /// weights (rescaled to the statistics of `data`); member m uses seed `options.seed + m`
    /// and, with `bootstrap`, a resample of `data` drawn with that seed.
    /// With `fromScratch` every member starts instead from fresh weights drawn with its seed
    /// (`ActiveLearningOptions.RetrainMode.refit`).
    public func retrained(on data: [TrainingConfiguration], options: TrainingOptions, bootstrap: Bool = true,
                          fromScratch: Bool = false) throws -> ActiveCommittee {
        try retrained(on: data, threads: options.threads, seed: options.seed, bootstrap: bootstrap) { problem, o, start, subset in
            var o2 = options
            o2.seed = o
            let trainer = try Trainer(problem: problem, options: o2, subset: subset)
            return try trainer.run(from: fromScratch ? trainer.initialState() : TrainingState(parameters: start)).bestParameters
        }
    }

    /// Continues every member on `data` with the extended Kalman filter for `options.epochs`
    /// epochs from its current weights (rescaled to the statistics of `data`), with a fresh
    /// covariance P₀ = I/ε and the schedules of η and q restarted (n2p2 has no retraining; a
    /// reset P lets the new data move the weights as in a first fit while the weights keep
    /// what earlier batches taught). Member m uses seed `options.seed + m` and, with
    /// `bootstrap`, a resample of `data` drawn with that seed; each member keeps its epoch of lowest
    /// training score, the start included (`bestKalmanEpoch`), so a retraining never fits its data worse.
    /// With `fromScratch` every member is fitted from fresh weights drawn with its seed, as in
    /// a first fit (`KalmanTrainer.initialState`; `ActiveLearningOptions.RetrainMode.refit`).
    /// With `outOfBagSelection` the resample is the stable one (`resample`) and the kept epoch
    /// is the one of lowest error on the configurations it left out (`bestKalmanEpoch`); the
    /// member must then keep its seed across retrainings (seed offset 0) for them to stay unseen.
    public func retrained(on data: [TrainingConfiguration], kalman options: KalmanOptions, bootstrap: Bool = true,
                          fromScratch: Bool = false, outOfBagSelection: Bool = false) throws -> ActiveCommittee {
        try retrained(on: data, threads: options.threads, seed: options.seed, bootstrap: bootstrap, stable: outOfBagSelection) { problem, seed, start, subset in
            var o = options
            o.seed = seed
            let validation = outOfBagSelection ? Self.outOfBag(subset, count: problem.training.count) : []
            if fromScratch { return try Self.bestKalmanEpoch(problem: problem, options: o, subset: subset, validation: validation) }
            var state = KalmanState(parameters: start, epsilon: o.epsilon, processNoise: o.processNoise, learningRate: o.learningRate)
            let e = problem.errors(parameters: start, on: (subset ?? Array(problem.training.indices)).map { problem.training[$0] }, threads: o.threads)
            state.energyRMSE = e.energyPerAtom; state.forceRMSE = e.force
            return try Self.bestKalmanEpoch(problem: problem, options: o, subset: subset, from: state, validation: validation)
        }
    }

    /// A member's bootstrap resample: `CommitteeTraining.stableBootstrapSubset` with out-of-bag
    /// selection (its out-of-bag configurations stay unseen across retrainings from the last
    /// weights, so they can judge the start weights too), else `bootstrapSubset`.
    public static func resample(count: Int, seed: UInt64, stable: Bool) -> [Int] {
        stable ? CommitteeTraining.stableBootstrapSubset(count: count, seed: seed) : CommitteeTraining.bootstrapSubset(count: count, seed: seed)
    }

    /// The configurations 0..<count that a bootstrap resample `subset` left out, ascending
    /// (about 37% of them; empty without a resample).
    public static func outOfBag(_ subset: [Int]?, count: Int) -> [Int] {
        guard let subset else { return [] }
        let inBag = Set(subset)
        return (0..<count).filter { !inBag.contains($0) }
    }

    /// Runs the filter epoch by epoch from `state` (default: `KalmanTrainer.initialState`) and
    /// returns the weights of lowest training score (ΔE/N)² + ΔF² (RMSEs in eV/atom and eV/Å),
    /// the start included. Why: the filter has no early stopping and, on the few dozen
    /// configurations of an active-learning loop, an epoch can diverge (the committee's held-out
    /// force error jumped from 0.37 to 1.87 eV/Å in the Si GFN1-xTB run, last epoch kept); the
    /// gradient trainer likewise keeps its best epoch (`TrainingResult.bestParameters`).
    ///
    /// With a non-empty `validation` (indices into `problem.training`, e.g. a bootstrap
    /// resample's out-of-bag configurations) the score is taken on those instead. Why: on the Si
    /// GFN1-xTB data a member kept by its training score carried weights 2-3× larger than its
    /// peers' and predicted 100 eV/Å forces on a held-out 24 %-strained cell without an
    /// extrapolation warning (held-out force RMSE of the committee mean 0.29 → 2.5 eV/Å); the
    /// configurations it did not train on expose such an epoch.
    static func bestKalmanEpoch(problem: TrainingProblem, options: KalmanOptions, subset: [Int]?, from start: KalmanState? = nil,
                                validation: [Int] = []) throws -> [Double] {
        var state = try start ?? KalmanTrainer(problem: problem, options: options, subset: subset).initialState()
        let held = validation.map { problem.training[$0] }
        func score(_ s: KalmanState) -> Double {
            if held.isEmpty { return s.energyRMSE * s.energyRMSE + s.forceRMSE * s.forceRMSE }
            let e = problem.errors(parameters: s.parameters, on: held, threads: options.threads)
            return e.energyPerAtom * e.energyPerAtom + e.force * e.force
        }
        var best = state.parameters, bestScore = score(state)
        while state.epoch < options.epochs {
            var o = options
            o.epochs = state.epoch + 1
            state = try KalmanTrainer(problem: problem, options: o, subset: subset).run(from: state).state
            if score(state) < bestScore || !bestScore.isFinite { best = state.parameters; bestScore = score(state) }
        }
        return best
    }

    /// The shared part of a retraining: the problem on `data` with this committee's definition,
    /// and per member the seed, the bootstrap subset and the rescaled start weights, handed to `fit`.
    /// With `stable` the resample is `CommitteeTraining.stableBootstrapSubset` (out-of-bag selection).
    private func retrained(on data: [TrainingConfiguration], threads: Int, seed: UInt64, bootstrap: Bool, stable: Bool = false,
                           fit: (TrainingProblem, UInt64, [Double], [Int]?) throws -> [Double]) throws -> ActiveCommittee {
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: definition,
                                          fitReferenceEnergies: false, threads: threads)
        guard problem.droppedSymmetryFunctions.isEmpty, problem.layout.parameterCount == members[0].count else {
            throw InputError("retraining changed the symmetry-function set (\(problem.droppedSymmetryFunctions.count) became constant); the committee cannot continue from its weights")
        }
        var out: [[Double]] = []
        for (m, p) in members.enumerated() {
            let s = seed &+ UInt64(m)
            let subset = bootstrap ? Self.resample(count: problem.training.count, seed: s, stable: stable) : nil
            let start = Self.rescaled(p, layout: problem.layout, settings: problem.settings, from: scaling, to: problem.scaling)
            out.append(try fit(problem, s, start, subset))
        }
        return ActiveCommittee(definition: definition, scaling: problem.scaling, members: out)
    }

    /// Trains a committee from scratch on `data` with the extended Kalman filter: as
    /// `train(data:definition:options:members:bootstrap:)` (offsets fitted, constant symmetry
    /// functions dropped), member m with seed `options.seed + m` (initial weights, update order,
    /// bootstrap resample); each member keeps its epoch of lowest training score (`bestKalmanEpoch`).
    /// With `outOfBagSelection` the kept epoch is the one of lowest out-of-bag error.
    public static func train(data: [TrainingConfiguration], definition: PotentialDefinition, kalman options: KalmanOptions,
                             members: Int, bootstrap: Bool = true, outOfBagSelection: Bool = false) throws -> ActiveCommittee {
        guard members >= 1 else { throw InputError("a committee needs at least one member, got \(members)") }
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: definition, threads: options.threads)
        let parameters = try (0..<members).map { m in
            var o = options
            o.seed = options.seed &+ UInt64(m)
            let subset = bootstrap ? resample(count: problem.training.count, seed: o.seed, stable: outOfBagSelection) : nil
            let validation = outOfBagSelection ? outOfBag(subset, count: problem.training.count) : []
            return try bestKalmanEpoch(problem: problem, options: o, subset: subset, validation: validation)
        }
        return ActiveCommittee(definition: problem.definition, scaling: problem.scaling, members: parameters)
    }

    /// The first fit of an active-learning loop with the optimiser `options.initialOptimizer`.
    public static func train(data: [TrainingConfiguration], definition: PotentialDefinition, options: ActiveLearningOptions) throws -> ActiveCommittee {
        switch options.initialOptimizer {
        case .adam: return try train(data: data, definition: definition, options: options.initialTraining, members: options.members, bootstrap: options.bootstrap)
        case .kalman: return try train(data: data, definition: definition, kalman: options.initialKalman, members: options.members, bootstrap: options.bootstrap,
                                       outOfBagSelection: options.epochSelection == .outOfBag)
        }
    }

    /// One retraining of an active-learning loop with `options.retrainingOptimizer`, from the
    /// last weights or from scratch (`options.retrainMode`); the seed of the retraining is the
    /// options' seed plus `seedOffset`.
    public func retrained(on data: [TrainingConfiguration], options: ActiveLearningOptions, seedOffset: UInt64 = 0) throws -> ActiveCommittee {
        switch options.retrainingOptimizer {
        case .adam:
            var o = options.retraining
            o.seed = o.seed &+ seedOffset
            return try retrained(on: data, options: o, bootstrap: options.bootstrap, fromScratch: options.retrainMode == .refit)
        case .kalman:
            var o = options.retrainingKalman
            o.seed = o.seed &+ seedOffset
            return try retrained(on: data, kalman: o, bootstrap: options.bootstrap, fromScratch: options.retrainMode == .refit,
                                 outOfBagSelection: options.epochSelection == .outOfBag)
        }
    }

    /// The committee as a potential (Å, eV) for sampling and disagreement.
    public func committee(threadCount: Int = 1) throws -> Committee {
        let settings = try definition.settings()
        let layout = NetworkLayout(settings: settings)
        return try Committee(settings: settings, scaling: scaling, members: members.map { try layout.elementNetworks($0) },
                             lengthUnit: .angstrom, energyUnit: .ev, threadCount: threadCount)
    }

    /// Per descriptor (shift s, factor f, reference r) of x = s + f (G - r) under `settings`' mode.
    static func affine(_ e: ScalingData.Entry, _ settings: N2P2Settings) -> (Double, Double, Double) {
        let range = settings.scaleMax - settings.scaleMin
        switch settings.scalingMode {
        case .none: return (0, 1, 0)
        case .center: return (0, 1, e.mean)
        case .scale: return (settings.scaleMin, range / (e.maximum - e.minimum), e.minimum)
        case .scaleCenter: return (settings.scaleMin, range / (e.maximum - e.minimum), e.mean)
        case .scaleSigma: return (settings.scaleMin, range / (e.sigma ?? 1), e.mean)
        }
    }

    /// `parameters` with first-layer weights and biases changed so that the networks compute
    /// the same function of the raw descriptors under scaling `new` as they did under `old`.
    public static func rescaled(_ parameters: [Double], layout: NetworkLayout, settings: N2P2Settings,
                                from old: ScalingData, to new: ScalingData) -> [Double] {
        var p = parameters
        for (e, net) in layout.networks.enumerated() {
            let nIn = net.layerSizes[0], nOut = net.layerSizes[1]
            let w = net.offset + net.layerOffsets[0], b = w + nIn * nOut
            for j in 0..<nIn {
                let (s, fo, ro) = affine(old.entries[e][j], settings)
                let (_, fn, rn) = affine(new.entries[e][j], settings)
                let alpha = fo / fn, beta = s + fo * (rn - ro) - alpha * s
                for k in 0..<nOut {
                    let wjk = p[w + j * nOut + k]
                    p[b + k] += wjk * beta
                    p[w + j * nOut + k] = alpha * wjk
                }
            }
        }
        return p
    }
}
