import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// Training benchmarks on the mlearn Si training set (214 configurations, 12-96 atoms) with the
/// mlearn Si symmetry-function set (27 functions, types 2 and 3, cutoff 5.5 Å, converted from
/// Bohr) and a 27-24-24-1 tanh network: descriptor preparation time, and loss + exact gradient
/// throughput (energy and force terms) in configurations per second on one thread and on all
/// threads; one Adam epoch (batch 8) on all threads; one extended-Kalman-filter epoch (n2p2's
/// settings, 1133 updates) on one thread, as updates and configurations per second.
///
/// With `--si-fit EPOCHS` it also fits a Si model (`siliconFit`; options `--learning-rate`,
/// `--decay`, `--energy-weight`, `--batch`, `--optimizer adam|lbfgs`; with L-BFGS EPOCHS counts
/// full-batch iterations).
///
/// Arguments: `--data DIR` (the shared data folder; default $SEAM_SHARED_DATA or
/// ../shared/data), `--repeats N` (best of N), `--threads N` (the "all threads" count).
func runTrainingBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let repeats = max(1, value("--repeats").flatMap { Int($0) } ?? 3)
    let allThreads = max(1, value("--threads").flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount)
    let dataRoot = URL(fileURLWithPath: value("--data") ?? ProcessInfo.processInfo.environment["SEAM_SHARED_DATA"] ?? "../shared/data")
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    func best(_ body: () throws -> Void) rethrows -> Double {
        var t = Double.infinity
        for _ in 0..<repeats { let t0 = now(); try body(); t = min(t, now() - t0) }
        return t
    }
    do {
        print("# training benchmark: mlearn Si training set, mlearn Si SF set, 24-24 tanh; best of \(repeats); all threads = \(allThreads)")
        let configs = try MlearnData.read(dataRoot.appendingPathComponent("mlearn/Si/training.json"))
        let nnURL = dataRoot.appendingPathComponent("mlearn/Si/nnp/input.nn")
        let source = try N2P2Settings.parse(try String(contentsOf: nnURL, encoding: .utf8), source: nnURL.path)
        let lines = try source.symmetryFunctions.joined().map { try $0.scaledLengths(by: LengthUnit.bohr.inAngstrom).line(elements: source.elements) }
        let def = try PotentialDefinition(elements: source.elements, cutoffKind: source.cutoffKind, symmetryFunctionLines: lines,
                                          scalingMode: .scaleCenter, hiddenLayers: [24, 24], activations: [.tanh, .tanh, .identity])
        let t0 = now()
        let problem = try TrainingProblem(data: DataSplit(training: configs, validation: []), definition: def, threads: allThreads)
        let tPrepare = now() - t0
        let atoms = problem.training.reduce(0) { $0 + $1.atomCount }
        let entries = problem.training.reduce(0) { $0 + $1.descriptors.entryAtoms.count }
        print("# \(problem.training.count) configurations, \(atoms) atoms, \(problem.layout.parameterCount) weights, \(entries) derivative entries")
        print("RESULT train_prepare_descriptors_\(allThreads)_threads \(String(format: "%.3f", tPrepare)) s")
        let w = problem.layout.initialParameters(seed: 1)
        let batch = Array(problem.training.indices)
        for threads in Array(Set([1, allThreads])).sorted() {
            let t = best { _ = problem.lossAndGradient(parameters: w, batch: batch, weights: LossWeights(energy: 1, force: 1), threads: threads) }
            print("RESULT train_loss_gradient_\(threads)_threads \(String(format: "%.1f", Double(batch.count) / t)) configurations/s")
            print("RESULT train_loss_gradient_per_atom_\(threads)_threads \(String(format: "%.2f", t / Double(atoms) * 1e6)) us")
            let te = best { _ = problem.lossAndGradient(parameters: w, batch: batch, weights: LossWeights(energy: 1, force: 0), threads: threads) }
            print("RESULT train_energy_only_gradient_\(threads)_threads \(String(format: "%.1f", Double(batch.count) / te)) configurations/s")
        }
        var o = TrainingOptions()
        o.epochs = 1; o.batchSize = 8; o.threads = allThreads
        let tEpoch = try best { _ = try Trainer(problem: problem, options: o).run() }
        print("RESULT train_adam_epoch_batch8_\(allThreads)_threads \(String(format: "%.3f", tEpoch)) s")
        print("RESULT train_adam_throughput_batch8_\(allThreads)_threads \(String(format: "%.1f", Double(batch.count) / tEpoch)) configurations/s")
        // Extended Kalman filter (n2p2's settings of the published Si potential): one epoch, one thread
        // (the updates are sequential). Each update predicts one configuration, takes one Jacobian row and
        // updates the 1297 x 1297 covariance (dsymv + dsyr). Configurations/s counts configurations
        // visited by updates, beside Adam's and full-batch L-BFGS's (loss + gradient above) configurations/s.
        var k = KalmanOptions()
        k.epochs = 1; k.threads = 1
        let kalman = try KalmanTrainer(problem: problem, options: k)
        let start = kalman.initialState()
        let updates = kalman.energyUpdatesPerEpoch + kalman.forceUpdatesPerEpoch
        let tKalman = try best { _ = try kalman.run(from: start) }
        print("# EKF epoch: \(kalman.energyUpdatesPerEpoch) energy + \(kalman.forceUpdatesPerEpoch) force updates, training-set RMSE evaluation included")
        print("RESULT train_ekf_epoch_1_thread \(String(format: "%.3f", tKalman)) s")
        print("RESULT train_ekf_updates_1_thread \(String(format: "%.0f", Double(updates) / tKalman)) updates/s")
        print("RESULT train_ekf_throughput_1_thread \(String(format: "%.1f", Double(updates) / tKalman)) configurations/s (adam: train_adam_throughput, lbfgs: train_loss_gradient)")
        if let epochs = value("--si-fit").flatMap({ Int($0) }) {
            try siliconFit(configs: configs, definition: def, dataRoot: dataRoot, epochs: epochs, threads: allThreads,
                           energyWeight: value("--energy-weight").flatMap { Double($0) } ?? 100,
                           learningRate: value("--learning-rate").flatMap { Double($0) } ?? 0.002,
                           decay: value("--decay").flatMap { Double($0) } ?? 0.98,
                           batchSize: value("--batch").flatMap { Int($0) } ?? 8, lbfgs: value("--optimizer") == "lbfgs")
        }
    } catch {
        print("# training benchmark failed: \(error)")
    }
}

/// Fits a Si model on the mlearn training set (10% held out for early stopping) and reports
/// energy and force RMSEs on the mlearn test (and training) set next to the published n2p2 potential
/// (`mlearn/Si/nnp`, Bohr and Hartree) evaluated by Seam.
func siliconFit(configs: [TrainingConfiguration], definition: PotentialDefinition, dataRoot: URL, epochs: Int, threads: Int,
                energyWeight: Double, learningRate: Double, decay: Double, batchSize: Int, lbfgs: Bool) throws {
    let test = try MlearnData.read(dataRoot.appendingPathComponent("mlearn/Si/test.json"))
    let problem = try TrainingProblem(data: DataSplit(configs, validationFraction: 0.1, seed: 1), definition: definition, threads: threads)
    var o = TrainingOptions()
    o.epochs = epochs; o.batchSize = batchSize; o.learningRate = learningRate; o.schedule = .exponential(decay: decay)
    o.weights = LossWeights(energy: energyWeight, force: 1); o.threads = threads; o.progressInterval = max(1, epochs / 20)
    o.patience = max(20, epochs / 5)
    let t0 = Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    let bestParameters: [Double]
    if lbfgs {
        var l = LBFGSTrainer(problem: problem)
        l.weights = o.weights; l.iterations = epochs; l.threads = threads; l.progressInterval = max(1, epochs / 20)
        bestParameters = l.run(from: problem.layout.initialParameters(seed: o.seed, outputScale: o.outputScale), progress: { print("# " + $0) }).parameters
    } else {
        bestParameters = try Trainer(problem: problem, options: o).run(progress: { print("# " + $0) }).bestParameters
    }
    let t = Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 - t0
    print("RESULT si_fit_time_\(epochs)_\(lbfgs ? "lbfgs_iterations" : "adam_epochs") \(String(format: "%.1f", t)) s")
    let ours = try TrainedPotential(problem: problem, parameters: bestParameters).potential(threadCount: threads)
    let published = try N2P2PotentialLoader.load(directory: dataRoot.appendingPathComponent("mlearn/Si/nnp"), lengthUnit: .bohr,
                                                 energyUnit: .hartree, threadCount: threads)
    for (name, p) in [("seam_trained", ours as any Potential), ("mlearn_n2p2", published as any Potential)] {
      for (setName, set) in [("test", test), ("training", configs)] {
        var e2 = 0.0, f2 = 0.0, comps = 0
        for c in set {
            let res = try p.evaluate(c.structure, request: [.energy, .forces])
            let de = (res.energy - c.energy) / Double(c.structure.count)
            e2 += de * de
            for i in 0..<c.structure.count { f2 += (res.forces[i] - c.forces[i]).normSquared; comps += 3 }
        }
        print("RESULT si_\(setName)_energy_rmse_\(name) \(String(format: "%.2f", 1000 * (e2 / Double(set.count)).squareRoot())) meV/atom")
        print("RESULT si_\(setName)_force_rmse_\(name) \(String(format: "%.1f", 1000 * (f2 / Double(comps)).squareRoot())) meV/Å")
      }
    }
}
