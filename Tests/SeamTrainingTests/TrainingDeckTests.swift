import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

@Suite struct TrainingDeckTests {
    @Test func deckTrainsWritesAndResumesAPotential() throws {
        let dir = TrainerTests.temporaryDirectory("deck")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try LennardJonesData.configurations(count: 12, latticeRange: 3.05...3.35, displacement: 0.08, seed: 8)
        // Store the data in Bohr and Hartree to exercise the unit keys.
        let configs = try data.map { c in
            N2P2Configuration(structure: c.structure.scaledLengths(by: 1 / Units.angstromPerBohr), energy: c.energy / Units.evPerHartree,
                              forces: c.forces.map { $0 * (Units.angstromPerBohr / Units.evPerHartree) })
        }
        try N2P2Data.write(configs, to: dir.appendingPathComponent("input.data"))
        let deckText = """
        # Lennard-Jones argon, small test deck
        training_data = input.data
        data_length_unit = bohr
        data_energy_unit = hartree
        validation_fraction = 0.25
        cutoff = 5.0
        radial_count = 6
        angular_count = 1
        zetas = 1 4
        hidden_layers = 6
        activation = "t"
        epochs = 6
        batch_size = 3
        learning_rate = 0.01
        threads = 2
        output = potential
        checkpoint = run/checkpoint.txt
        checkpoint_interval = 2
        """
        let deck = dir.appendingPathComponent("train.deck")
        try AtomicFile.write(deckText, to: deck)
        var lines: [String] = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.contains { $0.hasPrefix("epoch    6/6") })
        let potential = try N2P2PotentialLoader.load(directory: dir.appendingPathComponent("potential"))
        #expect(potential.settings.elements == [Element(symbol: "Ar")!])
        let state = try TrainingFiles.readCheckpoint(dir.appendingPathComponent("run/checkpoint.txt"))
        #expect(state.epoch == 6)
        // The written potential predicts energies near the (eV) labels: offsets and units are right.
        let e = try potential.energy(data[0].structure)
        #expect(abs(e - data[0].energy) / Double(data[0].structure.count) < 0.02)
        // Resume: more epochs continue from the checkpoint.
        try AtomicFile.write(deckText.replacingOccurrences(of: "epochs = 6", with: "epochs = 8") + "\nresume = true\n", to: deck)
        lines = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.contains { $0.contains("resuming") && $0.contains("after epoch 6") })
        #expect(lines.filter { $0.hasPrefix("epoch") }.count == 2)
        // Full-batch L-BFGS instead of Adam.
        try AtomicFile.write(deckText.replacingOccurrences(of: "output = potential", with: "output = lbfgs") + "\noptimizer = lbfgs\n", to: deck)
        lines = []
        try runTraining(deck: deck, progress: { lines.append($0) })
        #expect(lines.contains { $0.hasPrefix("L-BFGS    6/6") })
        let l = try N2P2PotentialLoader.load(directory: dir.appendingPathComponent("lbfgs"))
        #expect(abs(try l.energy(data[0].structure) - data[0].energy) / Double(data[0].structure.count) < 0.02)
    }

    @Test func unknownKeysAreLocatedWithASuggestion() {
        do {
            _ = try TrainingDeck.parse("epochs = 3\nlearnig_rate = 0.1\n", source: "d.deck")
            Issue.record("no error")
        } catch let e as InputError {
            #expect(e.location == SourceLocation(source: "d.deck", line: 2))
            #expect(e.suggestion?.contains("learning_rate") == true)
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: InputError.self) { try TrainingDeck.parse("epochs = 3\nepochs = 4\n", source: "d") }
        #expect(throws: InputError.self) { try TrainingDeck.parse("epochs 3\n", source: "d") }
    }
}

@Suite struct ExampleDeckTests {
    @Test func exampleTrainingDecksParseAndNameExistingFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/training").standardized
        let decks = try FileManager.default.contentsOfDirectory(atPath: root.path).map { root.appendingPathComponent($0).appendingPathComponent("train.deck") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        #expect(!decks.isEmpty)
        for url in decks {
            let deck = try TrainingDeck.parse(try String(contentsOf: url, encoding: .utf8), source: url.path)
            for key in ["training_data", "symmetry_functions_from"] {
                for path in deck.list(key) ?? [] { #expect(FileManager.default.fileExists(atPath: deck.url(path).path), "\(url.path): \(key) \(path) is missing") }
            }
            #expect(deck.string("output") != nil)
        }
    }
}
