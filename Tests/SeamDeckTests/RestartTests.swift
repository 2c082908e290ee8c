import Foundation
import Testing
import SeamCore
import SeamDeck

/// Runs `text` once uninterrupted and once stopped after a random number of steps (as if killed
/// there) and resumed; returns (uninterrupted, resumed) output folders and the stop step.
private func interruptedAndUninterrupted(_ text: String, prefix: String, steps: Int, seed: UInt64) throws -> (URL, URL, Int, RunSummary) {
    let dir = try DeckFixtures.temporaryDirectory()
    let url = dir.appendingPathComponent("deck.toml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let d = try Deck.parse(text, source: url.path)
    let whole = dir.appendingPathComponent("whole"), split = dir.appendingPathComponent("split")
    try DeckRunner.run(d, options: RunOptions(outputDirectory: whole))
    var rng = SeededGenerator(seed: seed)
    let stop = Int.random(in: 1..<steps, using: &rng)
    let partial = try DeckRunner.run(d, options: RunOptions(outputDirectory: split, stopAfterSteps: stop))
    #expect(!partial.complete)
    #expect(partial.stepsCompleted == stop)
    let resumed = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
    return (whole, split, stop, resumed)
}

private func read(_ dir: URL, _ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }

@Test func anIndentationRunStoppedAtARandomStepResumesToTheSameResult() throws {
    let text = DeckFixtures.indentation.replacingOccurrences(of: "segments = [{ to = \"1 angstrom\", steps = 2 }]",
                                                             with: "segments = [{ to = \"1 angstrom\", steps = 5 }, { to = \"0.2 angstrom\", steps = 3 }]")
    let (whole, split, stop, resumed) = try interruptedAndUninterrupted(text, prefix: "deck", steps: 8, seed: 11)
    #expect(resumed.complete)
    #expect(resumed.resumedFromStep == stop)
    #expect(try read(whole, "deck.csv") == read(split, "deck.csv"))
    #expect(try read(whole, "deck_0007.vtu") == read(split, "deck_0007.vtu"))
    #expect(try read(whole, "deck.pvd") == read(split, "deck.pvd"))
}

@Test func aCohesiveLawRunStoppedAtARandomStepResumesToTheSameResult() throws {
    let (whole, split, stop, resumed) = try interruptedAndUninterrupted(DeckFixtures.cohesiveLJ, prefix: "lj111", steps: 13, seed: 5)
    #expect(resumed.complete && resumed.resumedFromStep == stop)
    #expect(try read(whole, "lj111.csv") == read(split, "lj111.csv"))
    #expect(try read(whole, "lj111.law.json") == read(split, "lj111.law.json"))
}

@Test func aCheckpointOfAnotherDeckIsRefusedAndFreshStartsOver() throws {
    let dir = try DeckFixtures.temporaryDirectory()
    let a = try Deck.parse(DeckFixtures.cohesiveLJ, source: dir.appendingPathComponent("a.toml").path)
    let changed = DeckFixtures.cohesiveLJ.replacingOccurrences(of: "5.26 angstrom", with: "5.30 angstrom")
    let b = try Deck.parse(changed, source: dir.appendingPathComponent("a.toml").path)
    #expect(a.fingerprint != b.fingerprint)
    try DeckRunner.run(a, options: RunOptions(outputDirectory: dir, stopAfterSteps: 3))
    #expect(throws: InputError.self) { try DeckRunner.run(b, options: RunOptions(outputDirectory: dir)) }
    let fresh = try DeckRunner.run(b, options: RunOptions(outputDirectory: dir, fresh: true))
    #expect(fresh.complete && fresh.resumedFromStep == 0)
}

/// The adhesive-contact example with the small settings of its CLI test (Si(111) law derived
/// from the default potential, coarse mesh; 1 Å steps here, 18 steps with the jump-in at the
/// start and the snap-off) stopped at a seeded random step resumes from the checkpoint to the
/// same CSV, VTU series and figures as an uninterrupted run.
@Test func anAdhesiveContactRunStoppedAtARandomStepResumesToTheSameResult() throws {
    let url = DeckFixtures.packageRoot.appendingPathComponent("examples/adhesive-contact/deck.toml")
    let sets = ["mesh.fine_size = \"1 angstrom\"", "substrate.width = \"40 nm\"", "substrate.depth = \"20 nm\"", "load.step = \"1 angstrom\"",
                "load.end_separation = \"9 angstrom\"", "interface.openings = { start = \"0 angstrom\", stop = \"8 angstrom\", step = \"0.2 angstrom\" }"]
    let d = try Deck.parse(try String(contentsOf: url, encoding: .utf8), source: url.path, overrides: sets)
    let dir = try DeckFixtures.temporaryDirectory()
    let whole = dir.appendingPathComponent("whole"), split = dir.appendingPathComponent("split")
    let uninterrupted = try DeckRunner.run(d, options: RunOptions(outputDirectory: whole))
    #expect(uninterrupted.complete && uninterrupted.stepsCompleted > 3)
    var rng = SeededGenerator(seed: 7)
    let stop = Int.random(in: 1..<uninterrupted.stepsCompleted, using: &rng)
    let partial = try DeckRunner.run(d, options: RunOptions(outputDirectory: split, stopAfterSteps: stop))
    #expect(!partial.complete && partial.stepsCompleted == stop && partial.stepsTotal == -1)
    #expect(FileManager.default.fileExists(atPath: DeckRunner.checkpointURL(d, directory: split).path))
    let resumed = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
    #expect(resumed.complete && resumed.resumedFromStep == stop && resumed.stepsCompleted == uninterrupted.stepsCompleted)
    #expect(resumed.figures == uninterrupted.figures)
    #expect(try read(whole, "adhesion.csv") == read(split, "adhesion.csv"))
    #expect(try read(whole, "adhesion.pvd") == read(split, "adhesion.pvd"))
    let last = String(format: "adhesion_%04d.vtu", uninterrupted.stepsCompleted - 1)
    #expect(try read(whole, last) == read(split, last))
    // A rerun after the end takes no step and rewrites the same outputs.
    let again = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
    #expect(again.resumedFromStep == uninterrupted.stepsCompleted && again.figures == uninterrupted.figures)
    #expect(try read(whole, "adhesion.csv") == read(split, "adhesion.csv"))
}
