import Foundation
import SeamCore
import SeamNumerics
import SeamPotential

/// Settings of an extended-Kalman-filter fit, n2p2's `updater_type 1`, `kalman_type 0`
/// (defaults: the keys of the published mlearn Si potential, `examples/potentials/Si-mlearn-nnp/input.nn`).
public struct KalmanOptions: Sendable, Hashable {
    public var epochs = 24
    /// ε of the initial covariance P₀ = I/ε (`kalman_epsilon`).
    public var epsilon = 0.01
    /// Initial process noise q₀ (`kalman_q0`), annealed q ← q·exp(−τ_q/U) after every update
    /// (U = updates per epoch: a factor exp(−τ_q) per epoch) while q > q_min.
    public var processNoise = 0.01
    /// τ_q per epoch (`kalman_qtau`).
    public var processNoiseDecay = 2.302
    /// q_min (`kalman_qmin`).
    public var minimumProcessNoise = 1e-6
    /// Initial learning rate η₀ (`kalman_eta`); η ← η·exp(τ_η/U) before every update while η < η_max.
    public var learningRate = 0.01
    /// τ_η per epoch (`kalman_etatau`).
    public var learningRateGrowth = 2.302
    /// η_max (`kalman_etamax`).
    public var maximumLearningRate = 1.0
    /// Force observations and their Jacobians are multiplied by this (`force_weight`).
    public var forceWeight = 10.0
    /// Energy updates per epoch as a fraction of the training configurations (`short_energy_fraction`).
    public var energyFraction = 1.0
    /// Force updates per epoch as a fraction of the training force components (`short_force_fraction`).
    public var forceFraction = 0.02315
    /// Threshold selection (`selection_mode 2`): a candidate is used when its error exceeds
    /// this multiple of the current training RMSE (`short_energy_error_threshold`) ...
    public var energyErrorThreshold = 0.0
    /// ... or, for forces, this multiple (`short_force_error_threshold`);
    public var forceErrorThreshold = 1.0
    /// otherwise the next candidate is tried, up to this many (`rmse_threshold_trials`), and the
    /// largest error among them is used.
    public var thresholdTrials = 3
    /// Observe the total energy E of a configuration (n2p2's current code: error and Jacobian
    /// summed over atoms, so large cells weigh more) instead of the energy per atom E/N.
    public var totalEnergyObservations = false
    /// Energy unit of the observations, in eV (1: eV; 27.211386 for Hartree as in an n2p2 fit in
    /// atomic units). The filter is not invariant under the units of ξ and H (1/η is an absolute
    /// observation variance), so this reproduces a fit made in other units.
    public var observationEnergyUnit = 1.0
    /// Length unit of the observations, in Å (1: Å; 0.529177 for Bohr).
    public var observationLengthUnit = 1.0
    /// Seed of the initial weights and of the per-epoch update order.
    public var seed: UInt64 = 1
    /// Threads for the per-epoch error evaluation (the updates themselves are sequential).
    public var threads = 1
    /// Write a checkpoint every this many epochs (0: only at the end).
    public var checkpointInterval = 0
    /// Print a progress line every this many epochs.
    public var progressInterval = 1
    /// Scale of the initial output-layer weights (`NetworkLayout.initialParameters`).
    public var outputScale = 0.1
    public init() {}
}

/// The outcome of a Kalman fit: the final weights (n2p2 keeps the last epoch's), the state to
/// continue from and the per-epoch errors (`EpochRecord.learningRate` holds η).
public struct KalmanResult: Sendable {
    public var parameters: [Double]
    public var state: KalmanState
    public var history: [EpochRecord]
}

/// Training with the global extended Kalman filter (Blank and Brown, J. Chemometrics 8, 391
/// (1994); Singraber et al., JCTC 15, 3075 (2019), Sec. 2.4), as n2p2 does it: one scalar
/// observation per update, either the energy per atom of one configuration or one force
/// component, in random interleaved order, candidates chosen by the error threshold.
///
/// For an observation y(w) with reference y_ref (E/N in eV/atom, or E in eV with
/// `totalEnergyObservations`, or F_jα in eV/Å; in `observationEnergyUnit`/`observationLengthUnit`),
/// error ξ = y_ref − y and Jacobian H = ∂y/∂w (both × `forceWeight` for forces):
///   X = P H,  a = Hᵀ X + 1/η,  K = X / a,  w ← w + K ξ,  P ← P − X Xᵀ / a + q I,
/// with η grown before and q decayed after each update (schedules in `KalmanOptions`).
/// P is n × n (n ≈ 1,300 for a 24-24 Si network); its update is one `dsymv` and one `dsyr`
/// (`SymmetricBLAS`), O(n²) per observation: the hot loop, measured in `seam-bench training`.
/// H is a row of the Jacobian from the loss kernel's backpropagation
/// (`TrainingProblem.energyPerAtomJacobian`, `forceJacobian`).
///
/// Hand-written because n2p2's EKF is the optimiser that trained the published Si potential
/// and none of the gradient methods (Adam, L-BFGS) reached its test accuracy here.
public struct KalmanTrainer: Sendable {
    public let problem: TrainingProblem
    public let options: KalmanOptions
    /// Training configurations used (indices into problem.training).
    public let subset: [Int]

    public init(problem: TrainingProblem, options: KalmanOptions, subset: [Int]? = nil) throws {
        try Self.validate(options)
        let s = subset ?? Array(problem.training.indices)
        guard !s.isEmpty, s.allSatisfy({ problem.training.indices.contains($0) }) else { throw InputError("training subset is empty or out of range") }
        self.problem = problem; self.options = options; self.subset = s
    }

    /// Throws `InputError` for options outside their domain.
    @discardableResult
    public static func validate(_ options: KalmanOptions) throws -> KalmanOptions {
        guard options.epochs >= 0, options.epsilon > 0, options.processNoise >= 0, options.minimumProcessNoise >= 0,
              options.learningRate > 0, options.maximumLearningRate > 0, options.forceWeight > 0,
              options.energyFraction >= 0, options.forceFraction >= 0, options.energyFraction + options.forceFraction > 0,
              options.thresholdTrials >= 1, options.threads >= 1,
              options.observationEnergyUnit > 0, options.observationLengthUnit > 0 else {
            throw InputError("Kalman options need epochs >= 0, epsilon, eta, eta max, force weight and units > 0, q >= 0, fractions >= 0 (not both 0), >= 1 trial and >= 1 thread")
        }
        return options
    }

    /// Energy updates per epoch: ⌊fraction · configurations⌋ (at least one when the fraction is positive).
    public var energyUpdatesPerEpoch: Int {
        options.energyFraction == 0 ? 0 : max(1, Int(options.energyFraction * Double(subset.count)))
    }

    /// Force updates per epoch: ⌊fraction · force components⌋ (at least one when the fraction is positive).
    public var forceUpdatesPerEpoch: Int {
        let components = 3 * subset.reduce(0) { $0 + problem.training[$1].atomCount }
        return options.forceFraction == 0 ? 0 : max(1, Int(options.forceFraction * Double(components)))
    }

    var trainingSet: [PreparedConfiguration] {
        subset.count == problem.training.count && subset == Array(problem.training.indices) ? problem.training : subset.map { problem.training[$0] }
    }

    /// The state before the first update (seeded initial weights, P₀ = I/ε, training RMSEs of
    /// the initial weights for the first epoch's threshold selection).
    public func initialState() -> KalmanState {
        var s = KalmanState(parameters: problem.layout.initialParameters(seed: options.seed, outputScale: options.outputScale),
                            epsilon: options.epsilon, processNoise: options.processNoise, learningRate: options.learningRate)
        let e = problem.errors(parameters: s.parameters, on: trainingSet, threads: options.threads)
        s.energyRMSE = e.energyPerAtom; s.forceRMSE = e.force
        return s
    }

    /// Runs epochs from `state` (or from the initial state) up to `options.epochs`.
    ///
    /// - Parameters:
    ///   - progress: one line per `progressInterval` epochs: η, q, training (and validation)
    ///     RMSEs in meV/atom and meV/Å.
    ///   - checkpoint: called with the state every `checkpointInterval` epochs and at the end
    ///     (the caller writes it atomically).
    public func run(from start: KalmanState? = nil, progress: (String) -> Void = { _ in },
                    checkpoint: (KalmanState) throws -> Void = { _ in }) throws -> KalmanResult {
        var state = start ?? initialState()
        let np = problem.layout.parameterCount
        guard state.parameters.count == np, state.covariance.count == np * np else {
            throw InputError("Kalman checkpoint has \(state.parameters.count) parameters, the potential \(np)")
        }
        let layout = problem.layout
        let training = problem.training
        let nE = energyUpdatesPerEpoch, nF = forceUpdatesPerEpoch
        let perEpoch = Double(nE + nF)
        let qFactor = exp(-options.processNoiseDecay / perEpoch), etaFactor = exp(options.learningRateGrowth / perEpoch)
        let energyScale = 1 / options.observationEnergyUnit
        let forceScale = options.forceWeight * options.observationLengthUnit / options.observationEnergyUnit
        // Force candidates: (configuration, component) packed as configuration << 32 | component.
        var forceCandidates: [Int] = []
        for c in subset { for q in 0..<(3 * training[c].atomCount) { forceCandidates.append(c << 32 | q) } }
        let ws = GradientWorkspace(layout: layout)
        let maxAtoms = subset.map { training[$0].atomCount }.max()!
        var h = [Double](repeating: 0, count: np), x = [Double](repeating: 0, count: np)
        var direction = [Double](repeating: 0, count: 3 * maxAtoms)
        var history: [EpochRecord] = []
        while state.epoch < options.epochs {
            let epoch = state.epoch
            let t0 = DispatchTime.now().uptimeNanoseconds
            var rng = SeededGenerator(seed: (options.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch + 1)) ^ 0x4B41_4C4D_414E_0001)
            var energyOrder = subset
            energyOrder.shuffle(using: &rng)
            var forceOrder = forceCandidates
            forceOrder.shuffle(using: &rng)
            var kinds = [Bool](repeating: true, count: nE) + [Bool](repeating: false, count: nF)
            kinds.shuffle(using: &rng)
            var energyPosition = 0, forcePosition = 0
            let eRMSE = state.energyRMSE, fRMSE = state.forceRMSE
            var eta = state.learningRate, noise = state.processNoise, updates = state.updates
            state.parameters.withUnsafeMutableBufferPointer { wb in
            state.covariance.withUnsafeMutableBufferPointer { pb in
            h.withUnsafeMutableBufferPointer { hb in
            x.withUnsafeMutableBufferPointer { xb in
            direction.withUnsafeMutableBufferPointer { vb in
                let w = wb.baseAddress!, pm = pb.baseAddress!, hp = hb.baseAddress!, xp = xb.baseAddress!, v = vb.baseAddress!
                for isEnergy in kinds {
                    // 1. Select the observation (threshold selection) and form ξ and H.
                    var xi = 0.0
                    if isEnergy {
                        var chosen = -1, best = -1, bestFraction = -Double.infinity
                        for _ in 0..<options.thresholdTrials {
                            let c = energyOrder[energyPosition % energyOrder.count]; energyPosition += 1
                            let conf = training[c]
                            let e = GradientKernel.predict(conf, layout, UnsafePointer(w), ws, forces: false)
                            let fraction = abs(conf.targetEnergy - e) / Double(conf.atomCount) / eRMSE
                            if !(fraction <= options.energyErrorThreshold) { chosen = c; break }
                            if fraction > bestFraction { bestFraction = fraction; best = c }
                        }
                        let conf = training[chosen >= 0 ? chosen : best]
                        let e = TrainingProblem.energyRow(conf, layout, UnsafePointer(w), hp, ws)
                        let perObservation = options.totalEnergyObservations ? energyScale * Double(conf.atomCount) : energyScale
                        xi = (conf.targetEnergy - e) / Double(conf.atomCount) * perObservation
                        if perObservation != 1 { for k in 0..<np { hp[k] *= perObservation } }
                    } else {
                        var chosen = -1, best = -1, bestFraction = -Double.infinity, last = -1
                        for _ in 0..<options.thresholdTrials {
                            let candidate = forceOrder[forcePosition % forceOrder.count]; forcePosition += 1
                            let conf = training[candidate >> 32], q = candidate & 0xFFFF_FFFF
                            if last < 0 || (last >> 32) != (candidate >> 32) {
                                _ = GradientKernel.predict(conf, layout, UnsafePointer(w), ws, forces: true)
                            }
                            last = candidate
                            let fraction = abs(conf.referenceForces[q] - ws.forces[q]) / fRMSE
                            if !(fraction <= options.forceErrorThreshold) { chosen = candidate; break }
                            if fraction > bestFraction { bestFraction = fraction; best = candidate }
                        }
                        let pick = chosen >= 0 ? chosen : best
                        let conf = training[pick >> 32], q = pick & 0xFFFF_FFFF
                        if (last >> 32) != (pick >> 32) { _ = GradientKernel.predict(conf, layout, UnsafePointer(w), ws, forces: true) }
                        xi = (conf.referenceForces[q] - ws.forces[q]) * forceScale
                        TrainingProblem.forceRow(conf, layout, UnsafePointer(w), component: q, direction: v, hp, ws)
                        for k in 0..<np { hp[k] *= forceScale }
                    }
                    // 2. Kalman update (n2p2's KalmanFilter::update, standard type).
                    SymmetricBLAS.multiply(UnsafePointer(pm), dimension: np, UnsafePointer(hp), into: xp)
                    var a = 0.0
                    for k in 0..<np { a += hp[k] * xp[k] }
                    if eta < options.maximumLearningRate { eta *= etaFactor }
                    a += 1 / eta
                    let gain = xi / a
                    for k in 0..<np { w[k] += xp[k] * gain }
                    SymmetricBLAS.rankOneUpdate(pm, dimension: np, alpha: -1 / a, UnsafePointer(xp))
                    for k in 0..<np { pm[k * np + k] += noise }
                    if noise > options.minimumProcessNoise { noise *= qFactor }
                    updates += 1
                }
            } } } } }
            state.learningRate = eta; state.processNoise = noise; state.updates = updates
            state.epoch += 1
            let train = problem.errors(parameters: state.parameters, on: trainingSet, threads: options.threads)
            state.energyRMSE = train.energyPerAtom; state.forceRMSE = train.force
            let val = problem.validation.isEmpty ? nil : problem.errors(parameters: state.parameters, on: problem.validation, threads: options.threads)
            let score = (val ?? train).energyPerAtom * (val ?? train).energyPerAtom + (val ?? train).force * (val ?? train).force
            history.append(EpochRecord(epoch: state.epoch, learningRate: state.learningRate, training: train, validation: val, score: score))
            if state.epoch % max(1, options.progressInterval) == 0 || state.epoch == options.epochs {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
                var line = String(format: "EKF epoch %4d/%d  %d updates (%d E, %d F) in %.1f s  eta %.2e  q %.2e  train E %8.3f meV/atom  F %8.2f meV/Å",
                                  state.epoch, options.epochs, nE + nF, nE, nF, seconds, state.learningRate, state.processNoise,
                                  1000 * train.energyPerAtom, 1000 * train.force)
                if let val { line += String(format: "  |  validation E %8.3f meV/atom  F %8.2f meV/Å", 1000 * val.energyPerAtom, 1000 * val.force) }
                progress(line)
            }
            if state.epoch == options.epochs || (options.checkpointInterval > 0 && state.epoch % options.checkpointInterval == 0) {
                try checkpoint(state)
            }
        }
        return KalmanResult(parameters: state.parameters, state: state, history: history)
    }
}
