import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

@Suite struct TrainerTests {
    let ar = Element(symbol: "Ar")!

    func smallProblem(count: Int = 12, validation: Double = 0.25) throws -> TrainingProblem {
        let data = try LennardJonesData.configurations(count: count, latticeRange: 3.05...3.35, displacement: 0.08, seed: 21)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 6, radialLower: 1.0, radialGrid: .shifted, angularCount: 1, zetas: [1, 2])
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [6],
                                          activations: [.tanh, .identity])
        return try TrainingProblem(data: DataSplit(data, validationFraction: validation, seed: 5), definition: def, threads: 2)
    }

    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seam-train-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func adamLowersTrainingAndValidationErrors() throws {
        let p = try smallProblem()
        var o = TrainingOptions()
        o.epochs = 40; o.batchSize = 3; o.learningRate = 0.01; o.threads = 2
        var lines: [String] = []
        let r = try Trainer(problem: p, options: o).run(progress: { lines.append($0) })
        #expect(lines.count == 40)
        #expect(lines[0].contains("meV/atom") && lines[0].contains("meV/Å") && lines[0].contains("validation"))
        let first = r.history.first!, last = r.history.last!
        #expect(last.training!.force < 0.5 * first.training!.force)
        #expect(last.validation!.force < first.validation!.force)
    }

    @Test func resumingFromACheckpointReproducesAnUninterruptedRun() throws {
        let p = try smallProblem()
        var o = TrainingOptions()
        o.epochs = 12; o.batchSize = 4; o.learningRate = 0.005; o.threads = 2; o.checkpointInterval = 5
        o.schedule = .step(every: 4, factor: 0.5)
        let full = try Trainer(problem: p, options: o).run()
        // Interrupted run: stop after epoch 5 (the checkpoint), write it, read it, continue.
        let dir = Self.temporaryDirectory("resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("checkpoint.txt")
        var first = o
        first.epochs = 5
        _ = try Trainer(problem: p, options: first).run(checkpoint: { try TrainingFiles.writeCheckpoint($0, to: file) })
        let saved = try TrainingFiles.readCheckpoint(file)
        #expect(saved.epoch == 5)
        let resumed = try Trainer(problem: p, options: o).run(from: saved)
        #expect(resumed.state == full.state)   // bit-identical weights, moments and counters
        #expect(resumed.bestParameters == full.bestParameters)
        #expect(resumed.history.map(\.epoch) == Array(6...12))
    }

    @Test func checkpointTextRoundTripsExactly() throws {
        var s = TrainingState(parameters: [1.0 / 3.0, -2e-300, 12345.678901234567, .pi])
        s.firstMoment = [0.1, 0.2, 0.3, 0.4]; s.secondMoment = [1e-17, 2, 3, 4]; s.epoch = 7; s.step = 70; s.bestScore = 1.0 / 7.0
        #expect(try TrainingState.parse(s.format(), source: "c") == s)
        #expect(throws: InputError.self) { try TrainingState.parse("version 1\nepoch x\n", source: "c") }
    }

    @Test func earlyStoppingHaltsAndKeepsTheBestWeights() throws {
        let p = try smallProblem()
        var o = TrainingOptions()
        o.epochs = 200; o.batchSize = 2; o.learningRate = 0.2; o.patience = 3; o.threads = 2   // too large a step: validation stalls
        let r = try Trainer(problem: p, options: o).run()
        #expect(r.stoppedEarly)
        #expect(r.state.epoch < 200)
        #expect(r.state.epochsWithoutImprovement == 3)
        let best = r.history.min { $0.score < $1.score }!
        #expect(best.epoch == r.state.bestEpoch)
        let e = p.errors(parameters: r.bestParameters, on: p.validation)
        #expect(abs(o.weights.energy * e.energyPerAtom * e.energyPerAtom + o.weights.force * e.force * e.force - best.score) <= 1e-12 * best.score)
    }

    @Test func writtenPotentialReadsBackWithIdenticalWeightsAndPredictions() throws {
        let p = try smallProblem()
        var o = TrainingOptions()
        o.epochs = 5; o.threads = 2
        let r = try Trainer(problem: p, options: o).run()
        let trained = try TrainedPotential(problem: p, parameters: r.bestParameters)
        let dir = Self.temporaryDirectory("write")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrainingFiles.write(trained, to: dir)
        let loaded = try N2P2PotentialLoader.load(directory: dir)
        #expect(loaded.networks == trained.networks)   // every weight bit-identical
        #expect(loaded.scaling == p.scaling)
        #expect(loaded.settings.symmetryFunctions.map { $0.map(\.eta) } == p.settings.symmetryFunctions.map { $0.map(\.eta) })
        #expect(loaded.settings.atomEnergies == p.settings.atomEnergies)
        for c in p.validation + p.training.prefix(3) {
            let s = try LennardJonesData.configurations(count: 12, latticeRange: 3.05...3.35, displacement: 0.08, seed: 21)
                .first { $0.name == c.name }!.structure
            let a = p.predict(parameters: r.bestParameters, c)
            let b = try loaded.evaluate(s)
            #expect(abs(a.energy - b.energy) <= 1e-12 * abs(b.energy))
            let fmax = b.forces.map(\.maxAbs).max()!
            for i in 0..<s.count { #expect((a.forces[i] - b.forces[i]).maxAbs <= 1e-12 * fmax) }
        }
    }

    @Test func fullBatchLBFGSDecreasesTheLossMonotonically() throws {
        let p = try smallProblem()
        var l = LBFGSTrainer(problem: p)
        l.iterations = 30; l.threads = 2
        let start = p.layout.initialParameters(seed: 1)
        let r = l.run(from: start)
        #expect(r.losses.count == 31)
        #expect(zip(r.losses.dropFirst(), r.losses).allSatisfy { $0 <= $1 })   // Armijo: never increases
        #expect(r.losses.last! < 0.05 * r.losses.first!)
        let before = p.errors(parameters: start, on: p.validation), after = p.errors(parameters: r.parameters, on: p.validation)
        #expect(after.force < 0.3 * before.force)
    }
}
