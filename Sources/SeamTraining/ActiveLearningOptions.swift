import SeamCore
import SeamPotential

/// One thermodynamic condition sampled by active learning: a start structure, a temperature
/// and an isotropic strain of its cell (positions scale with the cell).
public struct SamplingCondition: Sendable {
    /// Unstrained start structure, Å.
    public var structure: Structure
    /// Langevin temperature, K.
    public var temperatureKelvin: Double
    /// Isotropic linear strain ε: cell and positions are multiplied by (1 + ε).
    public var strain: Double

    public init(structure: Structure, temperatureKelvin: Double, strain: Double = 0) throws {
        guard temperatureKelvin >= 0, strain > -0.5 else { throw InputError("sampling condition needs T >= 0 K and strain > -0.5, got \(temperatureKelvin) K, \(strain)") }
        self.structure = structure; self.temperatureKelvin = temperatureKelvin; self.strain = strain
    }

    /// The start structure under the condition's strain.
    public var strainedStructure: Structure { structure.deformed(by: (1 + strain) * Mat3.identity) }
}

/// Settings of on-the-fly active learning with a committee (disagreement thresholds after
/// Schran et al., JCP 153, 104105 (2020); the two-threshold rule as in DP-GEN, Zhang et al.,
/// Comput. Phys. Commun. 253, 107206 (2020)).
public struct ActiveLearningOptions: Sendable {
    /// Candidate threshold on the committee's maximum force disagreement, eV/Å. It is what
    /// saves oracle calls: set it above the disagreement of configurations the committee
    /// already describes, so that those conditions stop asking. Measured for Si against a PBE
    /// teacher (examples/active-learning/si-pbe-teacher): 0.1 eV/Å labelled one configuration
    /// per condition in every iteration (random sampling needed 1.6× the calls), 0.3 eV/Å let
    /// described conditions stop (> 3.4×).
    public var lowerThreshold = 0.05
    /// Roll-back threshold, eV/Å: above it the trajectory returns to its last safe configuration.
    public var upperThreshold = 0.5
    /// Disagreement is checked every this many steps.
    public var checkInterval = 10
    /// Langevin steps per condition and iteration.
    public var stepsPerIteration = 400
    /// At most this many candidates per condition and iteration (the oracle batch is the sum).
    public var candidatesPerCondition = 2
    /// How candidates are chosen among the checks above `lowerThreshold`.
    public enum Selection: String, Sendable, Hashable, CaseIterable {
        /// The first `candidatesPerCondition` checks above the lower threshold; the segment stops
        /// there (cheap sampling; every check above the threshold is labelled).
        case first
        /// The whole segment is run and the `candidatesPerCondition` checks with the largest
        /// disagreement are labelled (DP-GEN-like selection: the other uncertain configurations
        /// are recorded as such and not labelled, so a poorly trained committee does not spend
        /// its oracle calls on the first frames of every trajectory).
        case largest
        /// As `largest`, but over all conditions at once: every condition's segment is run and
        /// the `candidatesPerCondition × conditions` checks of largest disagreement among all
        /// of them are labelled, so the batch goes where the committee is worst (a condition
        /// may get none, or several).
        case largestOverall = "largest_overall"
    }
    public var selection = Selection.first
    /// Iterations (sample, label, retrain) at most; the run also stops when an iteration finds
    /// no candidate.
    public var maximumIterations = 10
    /// Time step, fs, and Langevin friction, 1/fs.
    public var timeStep = 2.0
    public var friction = 0.02
    /// Committee size.
    public var members = 4
    /// Bootstrap resampling per member.
    public var bootstrap = true
    /// Optimiser of a fit inside the loop.
    public enum Optimizer: String, Sendable, Hashable, CaseIterable {
        /// Minibatch Adam (`Trainer`) with the `TrainingOptions` of the fit.
        case adam
        /// n2p2's extended Kalman filter (`KalmanTrainer`) with the `KalmanOptions` of the fit;
        /// a retraining starts from the members' last weights with a fresh covariance P₀ = I/ε.
        case kalman
    }
    /// Options of the first fit (from scratch) and of each retraining (a few epochs) with Adam.
    public var initialTraining = TrainingOptions()
    public var retraining = TrainingOptions()
    /// Optimiser of the first fit and of each retraining.
    public var initialOptimizer = Optimizer.adam
    public var retrainingOptimizer = Optimizer.adam
    /// Kalman-filter options of the first fit and of each retraining (used with `.kalman`;
    /// `epochs` there is the number of filter epochs).
    public var initialKalman = KalmanOptions()
    public var retrainingKalman = KalmanOptions()
    /// Where a retraining starts.
    public enum RetrainMode: String, Sendable, Hashable, CaseIterable {
        /// From the members' last weights (rescaled to the new descriptor statistics), for the
        /// retraining's epochs; with the Kalman filter the covariance is reset to P₀ = I/ε.
        case `continue`
        /// From fresh seeded weights (member m: seed + m, as the first fit), i.e. a full fit on
        /// all data gathered so far with the retraining's epochs and optimiser; offsets and the
        /// symmetry-function set stay those of the first fit. Why: a restarted filter or a few
        /// Adam epochs from the last weights barely move them (the Si GFN1-xTB committee's
        /// held-out error stayed at 0.340 eV/Å over 60 labels), so the curves measured the
        /// training, not the data. Measured there with 100 Kalman epochs on one fixed label
        /// sequence: `continue` with as many epochs was better and smoother (0.358 → 0.284 eV/Å
        /// against 0.358 → 0.344 with a spike to 1.95; example README).
        case refit
    }
    public var retrainMode = RetrainMode.continue
    /// Which epoch of a Kalman-filter fit a member keeps (`ActiveCommittee.bestKalmanEpoch`);
    /// Adam fits keep their own best epoch and ignore this. With `.outOfBag` the members'
    /// resamples are the stable online bootstrap (`ActiveCommittee.resample`).
    public enum EpochSelection: String, Sendable, Hashable, CaseIterable {
        /// Lowest error on the member's own training resample, the start included.
        case training
        /// Lowest error on the configurations its bootstrap resample left out (needs `bootstrap`).
        case outOfBag = "out_of_bag"
    }
    public var epochSelection = EpochSelection.training
    /// Seed of velocities and Langevin noise; iteration k uses a generator derived from (seed, k).
    public var seed: UInt64 = 1

    public init() {}

    /// Throws `InputError` for inconsistent thresholds or counts.
    public func validate() throws {
        guard lowerThreshold > 0, upperThreshold > lowerThreshold else {
            throw InputError("active learning needs 0 < lower threshold < upper threshold (eV/Å), got \(lowerThreshold) and \(upperThreshold)")
        }
        guard checkInterval >= 1, stepsPerIteration >= checkInterval, candidatesPerCondition >= 1, maximumIterations >= 0, members >= 2 else {
            throw InputError("active learning needs check interval >= 1, steps per iteration >= check interval, >= 1 candidate per condition and >= 2 committee members")
        }
        guard epochSelection == .training || bootstrap else {
            throw InputError("out-of-bag epoch selection needs bootstrap resampling (bootstrap = true)")
        }
        if initialOptimizer == .kalman { try KalmanTrainer.validate(initialKalman) }
        if retrainingOptimizer == .kalman { try KalmanTrainer.validate(retrainingKalman) }
    }
}
