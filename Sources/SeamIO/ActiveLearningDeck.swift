import Foundation
import SeamCore
import SeamPotential
import SeamCohesive
import SeamTraining

/// An active-learning deck: the `key = value` format of `TrainingDeck` (paths relative to the
/// deck; `#` comments) plus one `condition = KIND key=value ...` line per sampling condition.
/// What `seam learn DECK` runs (`ActiveLearningJob`).
///
/// Keys (defaults in brackets; units Å, eV, K, fs):
/// - oracle, exactly one of: `oracle` (a program and its arguments, run once per structure
///   under the contract of `ExternalProgramOracle`; a program path containing "/" is relative
///   to the deck) with `oracle_timeout` [600 s] and `oracle_input` [path|stdin];
///   `oracle_lj` = ε σ cutoff (eV, Å, Å; Lennard-Jones in process, switched to zero over the
///   last min(1 Å, cutoff/5)); `oracle_n2p2` = DIR (an
///   n2p2 potential in process, units from its seam-units.txt).
/// - `label_cache` [none]: extended XYZ of labels already computed (replayed, new ones appended;
///   `LabelCache`).
/// - start data: `seeds` (extended XYZ structures) or `seed_count` [12] random configurations,
///   the conditions' start structures in turn with Gaussian displacements of
///   `seed_displacement` [0.1 Å] per component.
/// - `held_out_data` [none]: labelled extended XYZ for the learning curve (never trained on).
/// - `run_directory` (required): where `ActiveLearningRun` keeps its files; rerunning resumes.
/// - potential: `elements` (required) and the symmetry-function and network keys of
///   `TrainingDeck` (`cutoff`, `radial_count`, ..., `hidden_layers`, `activation`, `scaling`).
/// - loop: `lower_threshold` [0.05], `upper_threshold` [0.5] (eV/Å), `check_interval` [10],
///   `steps_per_iteration` [400], `candidates_per_condition` [2], `selection` [first|largest|largest_overall:
///   `ActiveLearningOptions.Selection`], `max_iterations` [10],
///   `time_step` [2 fs], `friction` [0.02 1/fs], `committee_size` [4], `bootstrap` [true],
///   `seed` [1].
/// - training: `initial_epochs` [200], `initial_batch_size` [4], `initial_learning_rate`
///   [0.01], `retrain_epochs` [40], `retrain_batch_size` [4], `retrain_learning_rate` [0.003],
///   `energy_weight` [1], `force_weight` [1], `threads` [1; results do not depend on it].
///   `initial_optimizer` and `retrain_optimizer` [adam|kalman: n2p2's extended Kalman filter,
///   `KalmanTrainer` with n2p2's defaults (`KalmanOptions`); then `initial_epochs` [30] and
///   `retrain_epochs` [10] count filter epochs, `force_weight` [10] weighs its force
///   observations, and the batch sizes and learning rates are not used; each retraining
///   starts from the last weights with a fresh covariance P₀ = I/ε, ε = `retrain_kalman_epsilon`
///   [0.01, n2p2's start value; larger values keep the weights closer to what earlier batches taught];
///   `kalman_energy_observation` [per_atom|total: the filter observes E/N or E, as in `TrainingDeck`]];
///   `retrain_mode` [continue|refit: each retraining continues from the last weights, or fits
///   every member afresh from seeded weights on all data so far (`ActiveLearningOptions.RetrainMode`);
///   give `retrain_epochs` enough epochs to converge then]; `epoch_selection` [training|out_of_bag:
///   a Kalman fit keeps its epoch of lowest error on the member's training resample, or on the
///   configurations its bootstrap resample left out (`ActiveLearningOptions.EpochSelection`)].
///
/// Condition kinds (all take `temperature` in K, required, and `strain` [0], an isotropic strain
/// of the start cell; crystals take `lattice` [diamond|fcc|bcc|sc], `a` (Å) and `element`):
/// - `bulk`: the conventional cell repeated `repeat` [1,1,1] times, stretched by `uniaxial`
///   [0] along z (a strain, fixed cell).
/// - `bicrystal`: the crystal oriented with `miller` [1,1,1] normal to z, cleaved at its widest
///   interlayer gap (`InterfaceSlab.cleaving`, halves of `half_thickness` [6 Å], `in_plane`
///   [1,1] repeats) and opened by `opening` [0 Å], periodic in 3D (`FractureCells.openedBicrystal`).
/// - `crack`: the same slab with a through crack of `fraction` [0.5] of the cell along a,
///   centre opening `opening` (Å), `vacuum` [8 Å] (`FractureCells.crackedSlab`).
/// - `file`: the first frame of `path` (extended XYZ).
/// fcc and diamond slabs are built from the primitive cell (smallest in-plane period).
public struct ActiveLearningDeck: Sendable {
    /// Where labels come from.
    public enum OracleSpec: Sendable, Equatable {
        case program(executable: String, arguments: [String], timeout: Double, standardInput: Bool)
        case lennardJones(epsilon: Double, sigma: Double, cutoff: Double)
        case n2p2(directory: URL)
    }

    /// One `condition = ...` line.
    public struct ConditionSpec: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case bulk, bicrystal, crack, file }
        public var kind: Kind
        /// key=value pairs of the line.
        public var values: [String: String]
        public var location: SourceLocation
    }

    public let deck: TrainingDeck
    public let oracle: OracleSpec
    public let conditions: [ConditionSpec]
    public let definition: PotentialDefinition
    /// The loop's settings; a caller may change them before building an `ActiveLearningJob`
    /// (e.g. `seed`, which also draws the random start structures: `seam-bench active --seeds`).
    public var options: ActiveLearningOptions
    public let runDirectory: URL
    public let seedsFile: URL?
    public let seedCount: Int
    public let seedDisplacement: Double
    public let heldOutFile: URL?
    public let labelCache: URL?

    public static let keys: Set<String> = [
        "oracle", "oracle_timeout", "oracle_input", "oracle_lj", "oracle_n2p2", "label_cache",
        "seeds", "seed_count", "seed_displacement", "held_out_data", "run_directory",
        "elements", "cutoff", "cutoff_type", "radial_count", "radial_lower", "radial_grid", "angular_count", "angular_lower", "zetas",
        "symmetry_functions_from", "symmetry_functions_length_unit", "hidden_layers", "activation", "scaling",
        "lower_threshold", "upper_threshold", "check_interval", "steps_per_iteration", "candidates_per_condition", "max_iterations",
        "time_step", "friction", "committee_size", "bootstrap", "seed", "selection",
        "initial_epochs", "initial_batch_size", "initial_learning_rate", "retrain_epochs", "retrain_batch_size", "retrain_learning_rate",
        "initial_optimizer", "retrain_optimizer", "retrain_mode", "epoch_selection", "retrain_kalman_epsilon", "kalman_energy_observation",
        "energy_weight", "force_weight", "threads",
    ]

    /// Keys each condition kind accepts.
    static let conditionKeys: [ConditionSpec.Kind: Set<String>] = [
        .bulk: ["temperature", "strain", "lattice", "a", "element", "repeat", "uniaxial"],
        .bicrystal: ["temperature", "strain", "lattice", "a", "element", "miller", "half_thickness", "in_plane", "opening"],
        .crack: ["temperature", "strain", "lattice", "a", "element", "miller", "half_thickness", "in_plane", "opening", "fraction", "vacuum"],
        .file: ["temperature", "strain", "path"],
    ]

    /// Parses deck text (`source` names it in errors). Reads no files: symmetry functions from
    /// `symmetry_functions_from` are read when the definition is built, here.
    public static func parse(_ text: String, source: String) throws -> ActiveLearningDeck {
        // `condition` lines are collected in order and blanked, so line numbers stay right.
        var conditions: [ConditionSpec] = []
        var rest: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let h = line.firstIndex(of: "#") { line = line[..<h] }
            let t = line.trimmingCharacters(in: .whitespaces)
            guard let eq = t.firstIndex(of: "="), t[..<eq].trimmingCharacters(in: .whitespaces) == "condition" else { rest.append(String(raw)); continue }
            rest.append("")
            conditions.append(try parseCondition(String(t[t.index(after: eq)...]), at: SourceLocation(source: source, line: n + 1)))
        }
        let deck = try TrainingDeck.parse(rest.joined(separator: "\n"), source: source, allowedKeys: keys)
        guard !conditions.isEmpty else {
            throw InputError("the deck needs at least one 'condition = KIND key=value ...' line", at: SourceLocation(source: source),
                             suggestion: "e.g. condition = bicrystal lattice=diamond a=5.62 element=Si opening=2 temperature=600")
        }
        // Oracle.
        let given = ["oracle", "oracle_lj", "oracle_n2p2"].filter { deck.string($0) != nil }
        guard given.count == 1 else {
            throw InputError(given.isEmpty ? "the deck needs an oracle: 'oracle' (a program), 'oracle_lj' or 'oracle_n2p2'"
                                           : "give one oracle, not \(given.joined(separator: " and "))",
                             at: given.count > 1 ? deck.location(given.max { deck.values[$0]!.line < deck.values[$1]!.line }!) : SourceLocation(source: source))
        }
        let oracle: OracleSpec
        switch given[0] {
        case "oracle":
            var words = deck.list("oracle")!
            let program = words.removeFirst()
            let timeout = try deck.double("oracle_timeout", default: 600)
            guard timeout > 0 else { throw InputError("'oracle_timeout' must be positive (s)", at: deck.location("oracle_timeout")) }
            let stdin = try deck.choice("oracle_input", ["path": false, "stdin": true], default: false)
            oracle = .program(executable: program.contains("/") ? deck.url(program).path : program, arguments: words, timeout: timeout, standardInput: stdin)
        case "oracle_lj":
            let v = try deck.doubles("oracle_lj", default: [])
            guard v.count == 3, v.allSatisfy({ $0 > 0 }) else {
                throw InputError("'oracle_lj' needs ε σ cutoff (eV Å Å), three positive numbers", at: deck.location("oracle_lj"))
            }
            oracle = .lennardJones(epsilon: v[0], sigma: v[1], cutoff: v[2])
        default:
            oracle = .n2p2(directory: deck.url(deck.string("oracle_n2p2")!))
        }
        guard let elementList = deck.list("elements") else {
            throw InputError("the deck needs 'elements' (the species the potential covers)", at: SourceLocation(source: source))
        }
        let elements = try elementList.map { try Element.parse($0, at: deck.location("elements")) }
        let definition = try deck.potentialDefinition(elements: elements)
        var o = ActiveLearningOptions()
        o.lowerThreshold = try deck.double("lower_threshold", default: o.lowerThreshold)
        o.upperThreshold = try deck.double("upper_threshold", default: o.upperThreshold)
        o.checkInterval = try deck.int("check_interval", default: o.checkInterval)
        o.stepsPerIteration = try deck.int("steps_per_iteration", default: o.stepsPerIteration)
        o.candidatesPerCondition = try deck.int("candidates_per_condition", default: o.candidatesPerCondition)
        o.maximumIterations = try deck.int("max_iterations", default: o.maximumIterations)
        o.selection = try deck.choice("selection", ["first": ActiveLearningOptions.Selection.first, "largest": .largest,
                                                     "largest_overall": .largestOverall], default: .first)
        o.timeStep = try deck.double("time_step", default: o.timeStep)
        o.friction = try deck.double("friction", default: o.friction)
        o.members = try deck.int("committee_size", default: o.members)
        o.bootstrap = try deck.bool("bootstrap", default: o.bootstrap)
        o.seed = UInt64(max(0, try deck.int("seed", default: 1)))
        let weights = LossWeights(energy: try deck.double("energy_weight", default: 1), force: try deck.double("force_weight", default: 1))
        let threads = try deck.int("threads", default: 1)
        guard threads >= 1 else { throw InputError("'threads' must be at least 1", at: deck.location("threads")) }
        let optimizers = ["adam": ActiveLearningOptions.Optimizer.adam, "kalman": .kalman]
        o.initialOptimizer = try deck.choice("initial_optimizer", optimizers, default: .adam)
        o.retrainingOptimizer = try deck.choice("retrain_optimizer", optimizers, default: .adam)
        o.initialTraining.epochs = try deck.int("initial_epochs", default: o.initialOptimizer == .kalman ? 30 : 200)
        o.initialTraining.batchSize = try deck.int("initial_batch_size", default: 4)
        o.initialTraining.learningRate = try deck.double("initial_learning_rate", default: 0.01)
        o.epochSelection = try deck.choice("epoch_selection", ["training": ActiveLearningOptions.EpochSelection.training, "out_of_bag": .outOfBag],
                                           default: .training)
        guard o.epochSelection == .training || o.bootstrap else {
            throw InputError("'epoch_selection = out_of_bag' needs bootstrap resampling", at: deck.location("epoch_selection"),
                             suggestion: "set 'bootstrap = true' or 'epoch_selection = training'")
        }
        o.retrainMode = try deck.choice("retrain_mode", ["continue": ActiveLearningOptions.RetrainMode.continue, "refit": .refit], default: .continue)
        o.retraining.epochs = try deck.int("retrain_epochs", default: o.retrainingOptimizer == .kalman ? 10 : 40)
        o.retraining.batchSize = try deck.int("retrain_batch_size", default: 4)
        o.retraining.learningRate = try deck.double("retrain_learning_rate", default: 0.003)
        o.retraining.schedule = .constant
        for k in ["initial_epochs", "initial_batch_size", "retrain_epochs", "retrain_batch_size"] where try deck.int(k, default: 1) < 1 {
            throw InputError("'\(k)' must be at least 1", at: deck.location(k))
        }
        for k in ["initial_learning_rate", "retrain_learning_rate", "time_step"] where try deck.double(k, default: 1) <= 0 {
            throw InputError("'\(k)' must be positive", at: deck.location(k))
        }
        for t in [\ActiveLearningOptions.initialTraining, \.retraining] {
            o[keyPath: t].weights = weights; o[keyPath: t].threads = threads; o[keyPath: t].seed = o.seed
            o[keyPath: t].progressInterval = .max
        }
        o.retrainingKalman.epsilon = try deck.double("retrain_kalman_epsilon", default: o.retrainingKalman.epsilon)
        guard o.retrainingKalman.epsilon > 0 else { throw InputError("'retrain_kalman_epsilon' must be positive", at: deck.location("retrain_kalman_epsilon")) }
        let kalmanForceWeight = try deck.double("force_weight", default: 10)
        guard kalmanForceWeight > 0 else { throw InputError("'force_weight' must be positive", at: deck.location("force_weight")) }
        for (k, epochs) in [(\ActiveLearningOptions.initialKalman, o.initialTraining.epochs), (\.retrainingKalman, o.retraining.epochs)] {
            o[keyPath: k].epochs = epochs; o[keyPath: k].forceWeight = kalmanForceWeight; o[keyPath: k].threads = threads
            o[keyPath: k].seed = o.seed; o[keyPath: k].progressInterval = .max
            o[keyPath: k].totalEnergyObservations = try deck.choice("kalman_energy_observation", ["per_atom": false, "total": true], default: false)
        }
        do { try o.validate() } catch let e as InputError {
            throw InputError(e.message, at: deck.location(deck.string("lower_threshold") != nil ? "lower_threshold" : "check_interval"), suggestion: e.suggestion)
        }
        guard let run = deck.string("run_directory") else { throw InputError("the deck needs 'run_directory'", at: SourceLocation(source: source)) }
        let seedCount = try deck.int("seed_count", default: 12)
        guard seedCount >= 1 else { throw InputError("'seed_count' must be at least 1", at: deck.location("seed_count")) }
        let seedDisplacement = try deck.double("seed_displacement", default: 0.1)
        guard seedDisplacement >= 0 else { throw InputError("'seed_displacement' must be >= 0 Å", at: deck.location("seed_displacement")) }
        return ActiveLearningDeck(deck: deck, oracle: oracle, conditions: conditions, definition: definition, options: o,
                                  runDirectory: deck.url(run), seedsFile: deck.string("seeds").map(deck.url), seedCount: seedCount,
                                  seedDisplacement: seedDisplacement, heldOutFile: deck.string("held_out_data").map(deck.url),
                                  labelCache: deck.string("label_cache").map(deck.url))
    }

    static func parseCondition(_ text: String, at location: SourceLocation) throws -> ConditionSpec {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw InputError("'condition' needs a kind: \(ConditionSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: location) }
        let name = words.removeFirst()
        guard let kind = ConditionSpec.Kind(rawValue: name) else {
            let close = ConditionSpec.Kind.allCases.map(\.rawValue).min { TrainingDeck.distance($0, name) < TrainingDeck.distance($1, name) }!
            throw InputError("unknown condition kind '\(name)'", at: location, suggestion: "did you mean '\(close)'?")
        }
        var values: [String: String] = [:]
        let allowed = conditionKeys[kind]!
        for w in words {
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { throw InputError("expected key=value in the condition, got '\(w)'", at: location) }
            guard allowed.contains(parts[0]) else {
                let close = allowed.min { TrainingDeck.distance($0, parts[0]) < TrainingDeck.distance($1, parts[0]) }!
                throw InputError("'\(parts[0])' is not a key of a \(kind.rawValue) condition", at: location, suggestion: "did you mean '\(close)'?")
            }
            guard values[parts[0]] == nil else { throw InputError("'\(parts[0])' given twice in the condition", at: location) }
            values[parts[0]] = parts[1]
        }
        guard values["temperature"] != nil else { throw InputError("the condition needs temperature=K", at: location) }
        return ConditionSpec(kind: kind, values: values, location: location)
    }
}
