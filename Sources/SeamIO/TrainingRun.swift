import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// Runs the training described by a deck (`TrainingDeck` lists the keys): reads the data,
/// generates or reads the symmetry functions, fits offsets and scaling, trains one model or a
/// committee with Adam, L-BFGS or the extended Kalman filter, checkpoints (and resumes)
/// atomically, and writes n2p2 potential directories with `seam-units.txt`. This is what `seam train DECK` calls.
///
/// - Parameters:
///   - deck: the deck file.
///   - progress: receives human-readable progress lines (RMSEs in meV/atom and meV/Å).
/// - Throws: `InputError` located in the deck or the data files for bad input.
public func runTraining(deck: URL, progress: (String) -> Void) throws {
    let text: String
    do { text = try String(contentsOf: deck, encoding: .utf8) } catch {
        throw InputError("cannot read training deck: \(error.localizedDescription)", at: SourceLocation(source: deck.path))
    }
    let d = try TrainingDeck.parse(text, source: deck.path)
    try TrainingRun(deck: d).run(progress: progress)
}

/// The steps of `runTraining`, built from a parsed deck.
struct TrainingRun {
    let deck: TrainingDeck

    enum Optimizer { case adam, lbfgs, kalman }

    /// The Kalman keys of the deck over n2p2's defaults (those of the published mlearn Si potential).
    func kalmanOptions(_ o: TrainingOptions) throws -> KalmanOptions {
        var k = KalmanOptions()
        k.epochs = o.epochs; k.threads = o.threads; k.checkpointInterval = o.checkpointInterval; k.outputScale = o.outputScale
        k.epsilon = try deck.double("kalman_epsilon", default: k.epsilon)
        k.processNoise = try deck.double("kalman_q0", default: k.processNoise)
        k.processNoiseDecay = try deck.double("kalman_qtau", default: k.processNoiseDecay)
        k.minimumProcessNoise = try deck.double("kalman_qmin", default: k.minimumProcessNoise)
        k.learningRate = try deck.double("kalman_eta", default: k.learningRate)
        k.learningRateGrowth = try deck.double("kalman_etatau", default: k.learningRateGrowth)
        k.maximumLearningRate = try deck.double("kalman_etamax", default: k.maximumLearningRate)
        k.forceWeight = try deck.double("force_weight", default: k.forceWeight)
        k.energyFraction = try deck.double("energy_fraction", default: k.energyFraction)
        k.forceFraction = try deck.double("force_fraction", default: k.forceFraction)
        k.energyErrorThreshold = try deck.double("energy_error_threshold", default: k.energyErrorThreshold)
        k.forceErrorThreshold = try deck.double("force_error_threshold", default: k.forceErrorThreshold)
        k.thresholdTrials = try deck.int("threshold_trials", default: k.thresholdTrials)
        k.totalEnergyObservations = try deck.choice("kalman_energy_observation", ["per_atom": false, "total": true], default: false)
        k.observationEnergyUnit = try deck.choice("kalman_energy_unit", ["ev": 1.0, "hartree": EnergyUnit.hartree.inElectronvolt], default: 1.0)
        k.observationLengthUnit = try deck.choice("kalman_length_unit", ["angstrom": 1.0, "bohr": LengthUnit.bohr.inAngstrom], default: 1.0)
        // Validate here so that a bad value points at the deck.
        do { try KalmanTrainer.validate(k) } catch let e as InputError {
            throw InputError(e.message, at: deck.location("optimizer"), suggestion: e.suggestion)
        }
        return k
    }

    func kalmanStart(_ resume: Bool, _ url: URL?, _ progress: (String) -> Void) throws -> KalmanState? {
        guard resume, let url, FileManager.default.fileExists(atPath: url.path) else { return nil }
        let s = try TrainingFiles.readKalmanCheckpoint(url)
        progress("resuming from \(url.path) after epoch \(s.epoch)")
        return s
    }

    func readData(_ key: String) throws -> [TrainingConfiguration] {
        guard let paths = deck.list(key) else { return [] }
        let lengthUnit = try deck.choice("data_length_unit", ["angstrom": LengthUnit.angstrom, "bohr": .bohr], default: .angstrom)
        let energyUnit = try deck.choice("data_energy_unit", ["ev": EnergyUnit.ev, "hartree": .hartree], default: .ev)
        return try paths.flatMap { p -> [TrainingConfiguration] in
            let url = deck.url(p)
            if url.pathExtension.lowercased() == "json" { return try MlearnData.read(url) }
            return try N2P2Data.trainingConfigurations(try N2P2Data.read(url), source: url.path, lengthUnit: lengthUnit, energyUnit: energyUnit)
        }
    }

    func run(progress: (String) -> Void) throws {
        guard deck.string("training_data") != nil else { throw InputError("the deck needs 'training_data'", at: SourceLocation(source: deck.source)) }
        guard let outputPath = deck.string("output") else { throw InputError("the deck needs 'output' (potential directory)", at: SourceLocation(source: deck.source)) }
        let seed = UInt64(try deck.int("seed", default: 1))
        let all = try readData("training_data")
        let split: DataSplit
        if deck.string("validation_data") != nil {
            split = DataSplit(training: all, validation: try readData("validation_data"))
        } else {
            split = try DataSplit(all, validationFraction: try deck.double("validation_fraction", default: 0.1), seed: seed)
        }
        progress("data: \(split.training.count) training and \(split.validation.count) validation configurations")
        let elements: [Element]
        if let list = deck.list("elements") {
            elements = try list.map { try Element.parse($0, at: deck.location("elements")) }
        } else {
            elements = Array(Set(all.flatMap(\.structure.elements))).sorted()
        }
        let definition = try deck.potentialDefinition(elements: elements)
        var o = TrainingOptions()
        o.seed = seed
        o.epochs = try deck.int("epochs", default: 100)
        o.batchSize = try deck.int("batch_size", default: 8)
        o.learningRate = try deck.double("learning_rate", default: 1e-3)
        let decay = try deck.double("lr_decay", default: 0.99)
        o.schedule = try deck.choice("lr_schedule", ["exponential": LearningRateSchedule.exponential(decay: decay),
                                                     "step": .step(every: try deck.int("lr_step", default: 10), factor: decay),
                                                     "constant": .constant], default: .exponential(decay: decay))
        o.weights = LossWeights(energy: try deck.double("energy_weight", default: 1), force: try deck.double("force_weight", default: 1))
        if deck.string("patience") != nil { o.patience = try deck.int("patience", default: 0) }
        o.threads = try deck.int("threads", default: ProcessInfo.processInfo.activeProcessorCount)
        o.checkpointInterval = try deck.int("checkpoint_interval", default: 10)
        let threads = o.threads
        let problem = try TrainingProblem(data: split, definition: definition, threads: threads)
        progress("symmetry functions: \(problem.settings.symmetryFunctions.map(\.count)) per element (\(problem.droppedSymmetryFunctions.count) constant ones dropped); \(problem.layout.parameterCount) weights")
        progress("atom energies: " + problem.settings.elements.enumerated().map { "\($1) \(problem.settings.atomEnergies[$0]) eV" }.joined(separator: ", "))
        let members = try deck.int("committee_size", default: 1)
        guard members >= 1 else { throw InputError("'committee_size' must be at least 1", at: deck.location("committee_size")) }
        let bootstrap = try deck.bool("bootstrap", default: true) && members > 1
        var subsetFraction: Double? = nil
        if deck.string("subset_fraction") != nil {
            let f = try deck.double("subset_fraction", default: 1)
            guard f > 0 && f <= 1 else { throw InputError("'subset_fraction' must be in (0, 1], got \(f)", at: deck.location("subset_fraction")) }
            guard !bootstrap else { throw InputError("'subset_fraction' needs 'bootstrap = false' (one kind of member resampling)", at: deck.location("subset_fraction")) }
            subsetFraction = f
        }
        let resume = try deck.bool("resume", default: false)
        let output = deck.url(outputPath)
        let optimizer = try deck.choice("optimizer", ["adam": Optimizer.adam, "lbfgs": .lbfgs, "kalman": .kalman], default: .adam)
        let kalman = optimizer == .kalman ? try kalmanOptions(o) : nil
        let polish = try deck.int("polish_iterations", default: 0)
        guard polish >= 0, polish == 0 || kalman != nil else {
            throw InputError("'polish_iterations' must be >= 0 and needs 'optimizer = kalman'", at: deck.location("polish_iterations"))
        }
        let selected = try (deck.list("members") ?? (0..<members).map(String.init)).map { s -> Int in
            guard let m = Int(s), (0..<members).contains(m) else {
                throw InputError("'members': '\(s)' is not a member index 0...\(members - 1)", at: deck.location("members"))
            }
            return m
        }
        for m in selected {
            var om = o
            om.seed = o.seed &+ UInt64(m)
            var subset: [Int]? = nil
            if bootstrap { subset = CommitteeTraining.bootstrapSubset(count: problem.training.count, seed: om.seed) }
            if let fraction = subsetFraction { subset = CommitteeTraining.randomSubset(count: problem.training.count, fraction: fraction, seed: om.seed) }
            let checkpointURL = deck.string("checkpoint").map { c -> URL in
                let u = deck.url(c)
                return members == 1 ? u : u.deletingLastPathComponent().appendingPathComponent("\(u.lastPathComponent)-member-\(m)")
            }
            var start: TrainingState? = nil
            if kalman == nil, resume, let checkpointURL, FileManager.default.fileExists(atPath: checkpointURL.path) {
                start = try TrainingFiles.readCheckpoint(checkpointURL)
                progress("resuming from \(checkpointURL.path) after epoch \(start!.epoch)")
            }
            let prefix = members > 1 ? "member \(m): " : ""
            let bestParameters: [Double]
            var note: String
            if var ko = kalman {
                ko.seed = om.seed
                let result = try KalmanTrainer(problem: problem, options: ko, subset: subset).run(from: try kalmanStart(resume, checkpointURL, progress),
                                                                                                 progress: { progress(prefix + $0) }, checkpoint: { state in
                    if let checkpointURL { try TrainingFiles.writeKalmanCheckpoint(state, to: checkpointURL) }
                })
                note = "extended Kalman filter, \(result.state.epoch) epochs, \(result.state.updates) updates"
                if polish > 0 {
                    // Full-batch L-BFGS from the filter's weights on c_E (ΔE/N)² + (ΔF)², c_E = energy_weight.
                    var l = LBFGSTrainer(problem: problem)
                    l.weights = LossWeights(energy: om.weights.energy, force: 1); l.iterations = polish; l.threads = threads
                    l.progressInterval = max(1, polish / 20); l.subset = subset
                    bestParameters = l.run(from: result.parameters, progress: { progress(prefix + "polish " + $0) }).parameters
                    note += ", then \(polish) L-BFGS iterations"
                } else {
                    bestParameters = result.parameters
                }
            } else if optimizer == .lbfgs {
                // Full batch over the member's bootstrap resample (if any); no checkpoints.
                var l = LBFGSTrainer(problem: problem)
                l.weights = om.weights; l.iterations = om.epochs; l.threads = threads; l.progressInterval = max(1, om.epochs / 50)
                l.subset = subset
                bestParameters = l.run(from: problem.layout.initialParameters(seed: om.seed, outputScale: om.outputScale),
                                       progress: { progress(prefix + $0) }).parameters
                note = "L-BFGS, \(om.epochs) iterations"
            } else {
                let result = try Trainer(problem: problem, options: om, subset: subset).run(from: start, progress: { progress(prefix + $0) }, checkpoint: { state in
                    if let checkpointURL { try TrainingFiles.writeCheckpoint(state, to: checkpointURL) }
                })
                bestParameters = result.bestParameters
                note = "best epoch \(result.state.bestEpoch)"
            }
            let dir = members == 1 ? output : output.appendingPathComponent("member-\(m)")
            try TrainingFiles.write(try TrainedPotential(problem: problem, parameters: bestParameters), to: dir)
            let v = problem.validation.isEmpty ? nil : problem.errors(parameters: bestParameters, on: problem.validation, threads: threads)
            progress(prefix + "wrote \(dir.path) (\(note)" + (v.map { String(format: "; validation E %.3f meV/atom, F %.2f meV/Å", 1000 * $0.energyPerAtom, 1000 * $0.force) } ?? "") + ")")
        }
    }
}

extension TrainingDeck {
    /// The potential definition of the deck's symmetry-function and network keys (shared by
    /// training and active-learning decks): generated functions (`cutoff`, `radial_*`,
    /// `angular_*`, `zetas`, Å) or those of `symmetry_functions_from`; `cutoff_type`,
    /// `hidden_layers`, `activation`, `scaling`. Errors are located at the offending key.
    public func potentialDefinition(elements: [Element]) throws -> PotentialDefinition {
        // Symmetry functions.
        let lines: [String]
        var sourceCutoff: CutoffKind? = nil
        if let from = string("symmetry_functions_from") {
            let fileURL = url(from)
            let settingsText: String
            do { settingsText = try String(contentsOf: fileURL, encoding: .utf8) } catch {
                throw InputError("cannot read \(fileURL.path): \(error.localizedDescription)", at: location("symmetry_functions_from"))
            }
            let source = try N2P2Settings.parse(settingsText, source: fileURL.path)
            let unit = try choice("symmetry_functions_length_unit", ["angstrom": LengthUnit.angstrom, "bohr": .bohr], default: .angstrom)
            lines = try source.symmetryFunctions.joined().map { try $0.scaledLengths(by: unit.inAngstrom).line(elements: source.elements) }
            sourceCutoff = source.cutoffKind
        } else {
            let radialGrid = try choice("radial_grid", ["shifted": SymmetryFunctionGenerator.RadialGrid.shifted, "centered": .centered, "centred": .centered], default: .shifted)
            let gen = try SymmetryFunctionGenerator(
                cutoff: try double("cutoff", default: 5.5), radialCount: try int("radial_count", default: 8),
                radialLower: try double("radial_lower", default: 1.0), radialGrid: radialGrid,
                angularCount: try int("angular_count", default: 3), angularLower: try double("angular_lower", default: 1.5),
                zetas: try doubles("zetas", default: [1, 2, 4, 16]))
            lines = gen.lines(elements: elements)
        }
        let cutoffNumber = try int("cutoff_type", default: sourceCutoff?.rawValue ?? 6)
        guard let cutoffKind = CutoffKind(rawValue: cutoffNumber) else {
            throw InputError("'cutoff_type' must be an n2p2 cutoff number 0-8, got \(cutoffNumber)", at: location("cutoff_type"))
        }
        let hidden = try (list("hidden_layers") ?? ["16", "16"]).map { s -> Int in
            guard let n = Int(s), n > 0 else { throw InputError("'hidden_layers': '\(s)' is not a positive integer", at: location("hidden_layers")) }
            return n
        }
        let letter = string("activation") ?? "t"
        guard letter.count == 1, let act = Activation(rawValue: letter.first!) else {
            throw InputError("'activation' must be an n2p2 letter (t, s, p or l), got '\(letter)'", at: location("activation"))
        }
        let scaling = try choice("scaling", ["scale_center": ScalingMode.scaleCenter, "scale": .scale, "center": .center,
                                                  "sigma": .scaleSigma, "none": .none], default: .scaleCenter)
        let definition: PotentialDefinition
        do {
            definition = try PotentialDefinition(elements: elements, cutoffKind: cutoffKind, symmetryFunctionLines: lines, scalingMode: scaling,
                                                 hiddenLayers: hidden, activations: hidden.map { _ in act } + [.identity])
        } catch let e as InputError { throw InputError(e.message, at: location("hidden_layers"), suggestion: e.suggestion) }
        return definition
    }
}
