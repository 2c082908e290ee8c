import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

private let siliconDeck = """
    # a small Si deck
    oracle_lj = 0.0104 2.0 5.0
    run_directory = run
    elements = Si
    cutoff = 5.0
    radial_count = 4
    angular_count = 1
    zetas = 1
    hidden_layers = 6
    lower_threshold = 0.1
    upper_threshold = 1.0
    candidates_per_condition = 3
    max_iterations = 4
    retrain_epochs = 7
    condition = bulk lattice=diamond a=5.62 element=Si repeat=2,1,1 uniaxial=0.1 temperature=600
    condition = bicrystal lattice=diamond a=5.62 element=Si in_plane=2,2 half_thickness=6 opening=2.5 temperature=300
    condition = crack lattice=diamond a=5.62 element=Si in_plane=4,1 half_thickness=4 opening=3 temperature=900
    """

@Test func activeLearningDeckBuildsBulkBicrystalAndCrackConditionsWithTheirGeometry() throws {
    let deck = try ActiveLearningDeck.parse(siliconDeck, source: "/tmp/x/learn.deck")
    #expect(deck.options.lowerThreshold == 0.1 && deck.options.upperThreshold == 1.0)
    #expect(deck.options.candidatesPerCondition == 3 && deck.options.maximumIterations == 4 && deck.options.retraining.epochs == 7)
    #expect(deck.runDirectory.path == "/tmp/x/run")
    #expect(deck.oracle == .lennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0))
    let job = try ActiveLearningJob(deck: deck)
    #expect(job.conditions.map(\.temperatureKelvin) == [600, 300, 900])
    #expect(job.conditions.map(\.structure.count) == [16, 32, 32])
    #expect(job.conditions.allSatisfy { $0.structure.isBulk })
    // Uniaxial: a cell of 2a × a × 1.1a.
    let bulk = job.conditions[0].structure
    #expect(abs(bulk.volume - 2 * 1.1 * pow(5.62, 3)) < 1e-9)
    // Bicrystal: volume = perfect crystal (32 atoms × a³/8) + opening × area of the (111) 2×2 cell.
    let area = 4 * 3.0.squareRoot() / 2 * pow(5.62 / 2.0.squareRoot(), 2)
    #expect(abs(job.conditions[1].structure.volume - (32 * pow(5.62, 3) / 8 + 2.5 * area)) < 1e-6)
    // Start data: 12 perturbed copies of the conditions' structures in turn.
    #expect(job.seeds.count == 12)
    #expect(job.seeds[4].count == job.conditions[1].structure.count)
}

@Test func changingTheDecksSeedRedrawsTheStartStructuresAndKeepsThemReproducible() throws {
    // `seam-bench active --seeds` sets `options.seed` before building the job: the random start
    // structures must follow it (another seed, other displacements; the same seed, the same ones).
    var deck = try ActiveLearningDeck.parse(siliconDeck, source: "/tmp/x/learn.deck")
    let first = try ActiveLearningJob(deck: deck).seeds
    #expect(try ActiveLearningJob(deck: deck).seeds.map(\.positions) == first.map(\.positions))
    deck.options.seed = 2
    let second = try ActiveLearningJob(deck: deck).seeds
    #expect(second.count == first.count)
    let shift = zip(first, second).map { a, b in zip(a.positions, b.positions).map { ($0 - $1).norm }.max()! }.max()!
    #expect(shift > 0.05)  // Gaussian displacements of 0.1 Å per component, drawn anew
}

@Test(arguments: [
    ("condition = bicrystal lattice=diamond a=5.62 element=Si openning=2 temperature=300", 2, "did you mean 'opening'?"),
    ("condition = bicrystl lattice=diamond a=5.62 element=Si temperature=300", 2, "did you mean 'bicrystal'?"),
    ("condition = crack lattice=diamond a=5.62 element=Si opening=2", 2, "temperature"),
    ("condition = crack lattice=diamond a=5.62 element=Si opening=2 fraction=1.5 temperature=300", 2, "fraction"),
    ("lower_treshold = 0.1\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "did you mean 'lower_threshold'?"),
    ("oracle = ./x.py\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "give one oracle"),
    ("retrain_optimizer = kalmann\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "adam, kalman"),
    ("initial_optimizer = lbfgs\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "initial_optimizer"),
    ("retrain_optimizer = kalman\nretrain_kalman_epsilon = 0\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 3, "retrain_kalman_epsilon"),
    ("retrain_mode = restart\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "continue, refit"),
    ("bootstrap = false\nepoch_selection = out_of_bag\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 3, "bootstrap"),
    ("epoch_selection = oob\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 2, "out_of_bag, training"),
    ("retrain_optimizer = kalman\nforce_weight = -1\ncondition = bulk lattice=diamond a=5.62 element=Si temperature=300", 3, "force_weight"),
])
func activeLearningDeckErrorsNameTheLine(line: String, expectedLine: Int, fragment: String) throws {
    let text = "oracle_lj = 0.01 2 5\n" + line + "\nrun_directory = r\nelements = Si\n"
    do {
        let deck = try ActiveLearningDeck.parse(text, source: "d.deck")
        _ = try ActiveLearningJob(deck: deck)
        Issue.record("no error for \(line)")
    } catch let e as InputError {
        #expect(e.location?.line == expectedLine, "\(e)")
        #expect("\(e)".contains(fragment), "\(e)")
    }
}

@Test func activeLearningDeckSelectsTheKalmanFilterForTheFirstFitAndTheRetrainings() throws {
    let adam = try ActiveLearningDeck.parse(siliconDeck, source: "/tmp/x/learn.deck").options
    #expect(adam.initialOptimizer == .adam && adam.retrainingOptimizer == .adam)
    let text = siliconDeck + "\nretrain_optimizer = Kalman\ninitial_optimizer = kalman\nforce_weight = 4\nthreads = 2\nseed = 9\n"
        + "retrain_kalman_epsilon = 0.5\nkalman_energy_observation = total\n"
    let o = try ActiveLearningDeck.parse(text, source: "/tmp/x/learn.deck").options
    #expect(o.initialOptimizer == .kalman && o.retrainingOptimizer == .kalman)
    // Epochs: retrain_epochs = 7 from the deck, the initial fit's default for the filter (30).
    #expect(o.retrainingKalman.epochs == 7 && o.initialKalman.epochs == 30)
    #expect(o.retrainingKalman.forceWeight == 4 && o.initialKalman.forceWeight == 4)
    #expect(o.retrainingKalman.threads == 2 && o.retrainingKalman.seed == 9 && o.initialKalman.seed == 9)
    #expect(o.retrainingKalman.epsilon == 0.5 && o.initialKalman.epsilon == 0.01)
    #expect(o.retrainingKalman.totalEnergyObservations && o.initialKalman.totalEnergyObservations)
    // Without force_weight the filter weighs force observations by n2p2's 10.
    let plain = try ActiveLearningDeck.parse("retrain_optimizer = kalman\n" + siliconDeck, source: "d").options
    #expect(plain.retrainingKalman.forceWeight == 10 && plain.retrainingOptimizer == .kalman && plain.initialOptimizer == .adam)
}

@Test func activeLearningDeckRetrainModeDefaultsToContinueAndReadsRefit() throws {
    #expect(try ActiveLearningDeck.parse(siliconDeck, source: "d").options.retrainMode == .continue)
    let o = try ActiveLearningDeck.parse(siliconDeck + "\nretrain_mode = refit\n", source: "d").options
    #expect(o.retrainMode == .refit && o.retraining.epochs == 7 && o.epochSelection == .training)
    #expect(try ActiveLearningDeck.parse(siliconDeck + "\nepoch_selection = out_of_bag\n", source: "d").options.epochSelection == .outOfBag)
}

@Test func activeLearningDeckWithoutConditionsOrOracleIsRejected() throws {
    #expect(throws: InputError.self) { try ActiveLearningDeck.parse("oracle_lj = 0.01 2 5\nrun_directory = r\nelements = Si\n", source: "d") }
    #expect(throws: InputError.self) {
        try ActiveLearningDeck.parse("run_directory = r\nelements = Si\ncondition = bulk lattice=fcc a=4 element=Ar temperature=30\n", source: "d")
    }
}

/// Counts the calls that reach the underlying oracle.
private final class CountingOracle: QuantumOracle {
    let base: PotentialOracle<LennardJones>
    var calls = 0
    init(_ base: PotentialOracle<LennardJones>) { self.base = base }
    func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure> { calls += 1; return try base.label(structure) }
}

@Test func labelCacheReplaysStoredLabelsAndAsksTheOracleOnlyForNewConfigurations() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let ar = Element(symbol: "Ar")!
    let lj = try LennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0, switchWidth: 1.0)
    let s = Crystal.fcc(ar, a: 3.2).replicated(2, 1, 1)
    var t = s
    t.positions[0] += Vec3(0.05, 0, 0)
    let counting = CountingOracle(PotentialOracle(potential: lj))
    let url = dir.appendingPathComponent("labels.xyz")
    let first = CachedOracle(cache: try LabelCache(url: url), base: counting)
    let a = try first.label(s).get(), b = try first.label(t).get(), a2 = try first.label(s).get()
    #expect(counting.calls == 2 && a == a2)
    // A new cache on the same file replays both without a call; a 1e-5 Å move is a new configuration.
    let again = CachedOracle(cache: try LabelCache(url: url), base: counting)
    #expect(again.cache.count == 2)
    #expect(try again.label(t).get() == b)
    #expect(counting.calls == 2)
    var u = t
    u.positions[1] += Vec3(0, 1e-5, 0)
    _ = try again.label(u).get()
    #expect(counting.calls == 3)
    #expect(abs(b.energy - (try lj.energy(t))) < 1e-12)
    // Read-only sources (e.g. a shipped run's dataset) are replayed but never written.
    let other = dir.appendingPathComponent("other.xyz")
    let seeded = CachedOracle(cache: try LabelCache(url: other, sources: [url]), base: counting)
    let replayed = try seeded.label(s).get()
    #expect(seeded.cache.count == 3 && replayed == a && counting.calls == 3)
    #expect(!FileManager.default.fileExists(atPath: other.path))
}

@Test func heldOutStructuresComeFromTheDriverTrajectoryAtEveryCondition() throws {
    let text = """
        oracle_lj = 0.0104 2.0 5.0
        run_directory = run
        elements = Ar
        time_step = 2
        condition = bulk lattice=fcc a=3.2 element=Ar repeat=2,1,1 temperature=40
        condition = bulk lattice=fcc a=3.2 element=Ar repeat=2,1,1 uniaxial=0.05 temperature=80
        """
    let job = try ActiveLearningJob(deck: try ActiveLearningDeck.parse(text, source: "/tmp/d.deck"))
    let lj = try LennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0, switchWidth: 1.0)
    let frames = try job.heldOutStructures(driver: lj, perCondition: 3, spacing: 20)
    #expect(frames.count == 6)
    #expect(frames[0].cell == job.conditions[0].strainedStructure.cell && frames[3].cell == job.conditions[1].strainedStructure.cell)
    // Thermal displacements: mean-square ≈ kT/(m ω²) > 0, but far below the neighbour distance.
    for f in frames {
        let start = frames.firstIndex(of: f)! < 3 ? job.conditions[0].strainedStructure : job.conditions[1].strainedStructure
        let msd = zip(f.positions, start.positions).map { ($0 - $1).normSquared }.reduce(0, +) / Double(f.count)
        #expect(msd > 1e-6 && msd < 0.5, "msd \(msd)")
    }
    let labelled = try ActiveLearningJob.labelled(frames, oracle: try job.oracle()) { _ in }
    #expect(labelled.count == 6)
    #expect(abs(labelled[2].energy! - (try lj.energy(frames[2]))) < 1e-12)
}
