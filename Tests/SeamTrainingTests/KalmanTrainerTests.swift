import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

/// The extended Kalman filter: its Jacobian rows against finite differences, one update against
/// the closed-form Kalman formulas, accuracy on Lennard-Jones data and exact resumption.
@Suite struct KalmanTrainerTests {
    let ar = Element(symbol: "Ar")!

    /// Central differences of a scalar prediction with respect to every parameter against the
    /// analytic Jacobian row; returns the largest error relative to the row's largest entry.
    func worstJacobianError(_ p: TrainingProblem, _ w0: [Double], _ row: [Double], _ value: ([Double]) -> Double) -> Double {
        let h = 1e-5
        let scale = row.map(abs).max()!
        var worst = 0.0
        for q in 0..<w0.count {
            var wp = w0, wm = w0
            wp[q] += h; wm[q] -= h
            worst = max(worst, abs((value(wp) - value(wm)) / (2 * h) - row[q]) / scale)
        }
        return worst
    }

    @Test(arguments: [[Activation.tanh, .tanh, .identity], [.softplus, .logistic, .tanh]])
    func energyAndForceJacobiansMatchCentralDifferences(activations: [Activation]) throws {
        let p = try GradientTests.problem(activations: activations)
        let w0 = p.layout.initialParameters(seed: 4, outputScale: 1)
        let c = p.training[1]
        // Energy per atom: the value is the prediction, offsets included.
        let (e, he) = p.energyPerAtomJacobian(parameters: w0, configuration: c)
        #expect(abs(e - p.predict(parameters: w0, c).energy / Double(c.atomCount)) <= 1e-12 * abs(e))
        let errE = worstJacobianError(p, w0, he) { p.predict(parameters: $0, c).energy / Double(c.atomCount) }
        #expect(errE < 1e-7, "energy Jacobian error relative to its largest entry: \(errE)")
        // One force component of each element's atoms (atom 0 is Kr, atom 1 Ar in this data).
        for component in [1, 3 * 1 + 2, 3 * (c.atomCount - 1)] {
            let (f, hf) = p.forceJacobian(parameters: w0, configuration: c, component: component)
            let forceOf = { (w: [Double]) -> Double in let r = p.predict(parameters: w, c).forces[component / 3]; return [r.x, r.y, r.z][component % 3] }
            #expect(abs(f - forceOf(w0)) <= 1e-12 * max(1, abs(f)))
            #expect(hf.map(abs).max()! > 0)
            let errF = worstJacobianError(p, w0, hf, forceOf)
            #expect(errF < 1e-6, "force component \(component): Jacobian error relative to its largest entry: \(errF)")
        }
    }

    @Test func oneUpdateEqualsTheClosedFormKalmanUpdate() throws {
        let p = try GradientTests.problem(activations: [.tanh, .tanh, .identity])
        var o = KalmanOptions()
        o.epochs = 1; o.forceFraction = 0; o.energyFraction = 1; o.seed = 3
        o.epsilon = 0.5; o.learningRate = 0.2; o.learningRateGrowth = 0.7; o.maximumLearningRate = 10; o.processNoise = 0.03
        let trainer = try KalmanTrainer(problem: p, options: o, subset: [2])   // one configuration: one energy update
        #expect(trainer.energyUpdatesPerEpoch == 1 && trainer.forceUpdatesPerEpoch == 0)
        let s0 = trainer.initialState()
        let r = try trainer.run(from: s0)
        #expect(r.state.updates == 1)
        // Closed form, H = ∂(E/N)/∂w from the (finite-difference-checked) Jacobian row:
        // η₁ = η₀ e^{τ_η}, a = Hᵀ P₀ H + 1/η₁, w₁ = w₀ + P₀ H ξ / a, P₁ = P₀ − P₀ H Hᵀ P₀ / a + q₀ I.
        let c = p.training[2]
        let (e, h) = p.energyPerAtomJacobian(parameters: s0.parameters, configuration: c)
        let xi = (c.targetEnergy + c.offsetEnergy) / Double(c.atomCount) - e   // reference minus prediction, eV/atom
        let p0 = 1 / o.epsilon, eta1 = o.learningRate * exp(o.learningRateGrowth)
        let a = p0 * h.reduce(0) { $0 + $1 * $1 } + 1 / eta1
        let n = h.count
        var worstW = 0.0, worstP = 0.0
        for k in 0..<n {
            let expected = s0.parameters[k] + p0 * h[k] * xi / a
            worstW = max(worstW, abs(r.parameters[k] - expected))
        }
        for i in 0..<n {
            for j in 0...i {
                let expected = (i == j ? p0 + o.processNoise : 0) - p0 * h[i] * h[j] * p0 / a
                worstP = max(worstP, abs(r.state.covariance[i * n + j] - expected))
            }
        }
        let step = zip(r.parameters, s0.parameters).map { abs($0 - $1) }.max()!
        #expect(step > 1e-4, "the update moved the weights by \(step)")
        #expect(worstW <= 1e-10 * step, "weights differ from the closed form by \(worstW)")
        #expect(worstP <= 1e-12 * p0, "covariance differs from the closed form by \(worstP)")
        #expect(abs(r.state.learningRate - eta1) <= 1e-15 * eta1)
        #expect(abs(r.state.processNoise - o.processNoise * exp(-o.processNoiseDecay)) <= 1e-15)
    }

    @Test func kalmanFilterOnLennardJonesReproducesHeldOutForcesWithinOnePercent() throws {
        // The data and descriptors of TrainingAccuracyTests' Adam fit, trained with the EKF instead.
        let data = try LennardJonesData.configurations(count: 96, latticeRange: 3.05...3.35, displacement: 0.08, seed: 11)
        let heldOut = try LennardJonesData.configurations(count: 16, latticeRange: 3.05...3.35, displacement: 0.08, seed: 99)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 16, radialLower: 1.0, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [12],
                                          activations: [.softplus, .identity])
        let problem = try TrainingProblem(data: DataSplit(data, validationFraction: 0.25, seed: 1), definition: def, threads: 2)
        var o = KalmanOptions()
        o.epochs = 12; o.forceFraction = 0.1; o.threads = 2
        var lines: [String] = []
        let r = try KalmanTrainer(problem: problem, options: o).run(progress: { lines.append($0) })
        #expect(lines.count == 12 && lines[0].contains("meV/Å") && lines[0].contains("validation"))
        let potential = try TrainedPotential(problem: problem, parameters: r.parameters).potential()
        var e2 = 0.0, r2 = 0.0
        for c in heldOut {
            let f = try potential.evaluate(c.structure, request: [.energy, .forces]).forces
            for i in 0..<c.structure.count { e2 += (f[i] - c.forces[i]).normSquared; r2 += c.forces[i].normSquared }
        }
        let relative = (e2 / r2).squareRoot()
        #expect(relative < 0.01, "held-out force RMSE / RMS force = \(relative)")
        let e = problem.errors(parameters: r.parameters, on: problem.validation)
        #expect(e.energyPerAtom < 2e-4, "validation energy RMSE \(e.energyPerAtom) eV/atom")
    }

    @Test func resumingFromACheckpointContinuesIdentically() throws {
        let p = try TrainerTests().smallProblem()
        var o = KalmanOptions()
        o.epochs = 4; o.forceFraction = 0.2; o.threads = 2
        let full = try KalmanTrainer(problem: p, options: o).run()
        let dir = TrainerTests.temporaryDirectory("kalman-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("checkpoint.txt")
        var first = o
        first.epochs = 2
        _ = try KalmanTrainer(problem: p, options: first).run(checkpoint: { try TrainingFiles.writeKalmanCheckpoint($0, to: file) })
        let saved = try TrainingFiles.readKalmanCheckpoint(file)
        #expect(saved.epoch == 2 && saved.updates > 0)
        let resumed = try KalmanTrainer(problem: p, options: o).run(from: saved)
        #expect(resumed.state == full.state)   // weights, covariance, q, η, counters and RMSEs bit-identical
        #expect(resumed.history.map(\.epoch) == [3, 4])
        #expect(throws: InputError.self) { try KalmanState.parse("version 1\nepoch 1\nparameters 2\n0.5\nx\n", source: "c") }
    }

    @Test func kalmanDeckTrainsResumesAndRejectsBadSettings() throws {
        let dir = TrainerTests.temporaryDirectory("kalman-deck")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try LennardJonesData.configurations(count: 10, latticeRange: 3.05...3.35, displacement: 0.08, seed: 8)
        try N2P2Data.write(data.map { N2P2Configuration(structure: $0.structure, energy: $0.energy, forces: $0.forces) },
                           to: dir.appendingPathComponent("input.data"))
        let text = """
        training_data = input.data
        validation_fraction = 0.2
        cutoff = 5.0
        radial_count = 6
        angular_count = 0
        hidden_layers = 6
        optimizer = kalman
        force_fraction = 0.1
        kalman_energy_observation = total
        epochs = 3
        threads = 1
        output = potential
        checkpoint = run/kalman.txt
        checkpoint_interval = 1
        """
        let deck = dir.appendingPathComponent("train.deck")
        try AtomicFile.write(text, to: deck)
        var lines: [String] = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.filter { $0.hasPrefix("EKF epoch") }.count == 3)
        let first = try N2P2PotentialLoader.load(directory: dir.appendingPathComponent("potential"))
        #expect(try TrainingFiles.readKalmanCheckpoint(dir.appendingPathComponent("run/kalman.txt")).epoch == 3)
        // Resuming a finished run trains no further epoch and writes the same weights.
        try AtomicFile.write(text + "\nresume = true\n", to: deck)
        lines = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.contains { $0.contains("resuming") && $0.contains("after epoch 3") })
        #expect(!lines.contains { $0.hasPrefix("EKF epoch") })
        #expect(try N2P2PotentialLoader.load(directory: dir.appendingPathComponent("potential")).networks == first.networks)
        // A bad setting is located in the deck.
        try AtomicFile.write(text + "\nkalman_epsilon = -1\n", to: deck)
        #expect(throws: InputError.self) { try runTraining(deck: deck, progress: { _ in }) }
        try AtomicFile.write(text.replacingOccurrences(of: "optimizer = kalman", with: "optimizer = adam") + "\npolish_iterations = 5\n", to: deck)
        #expect(throws: InputError.self) { try runTraining(deck: deck, progress: { _ in }) }
        // The polish: L-BFGS iterations after the filter, reported and applied.
        try AtomicFile.write(text + "\npolish_iterations = 4\n", to: deck)
        lines = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.contains { $0.contains("then 4 L-BFGS iterations") })
    }
}
