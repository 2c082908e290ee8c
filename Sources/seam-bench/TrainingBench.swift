import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// Training benchmarks on the mlearn Si training set (214 configurations, 12-96 atoms) with the
/// mlearn Si symmetry-function set (27 functions, types 2 and 3, cutoff 5.5 Å, converted from
/// Bohr) and a 27-24-24-1 tanh network: descriptor preparation time, and loss + exact gradient
/// throughput (energy and force terms) in configurations per second on one thread and on all
/// threads; one Adam epoch (batch 8) on all threads.
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
                                          scalingMode: .scale, hiddenLayers: [24, 24], activations: [.tanh, .tanh, .identity])
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
    } catch {
        print("# training benchmark failed: \(error)")
    }
}
