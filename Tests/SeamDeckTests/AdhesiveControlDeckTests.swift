import Foundation
import Testing
import SeamCore
import SeamDeck

/// `[load] control` of adhesive-contact decks: parsing with located errors, and a
/// load-controlled run stopped and resumed from its checkpoint.
@Suite struct AdhesiveControlDeckTests {
    static func parse(_ load: String) throws -> Deck {
        let text = DeckFixtures.adhesive.replacingOccurrences(of: "step = \"0.5 angstrom\"\n", with: "step = \"0.5 angstrom\"\n" + load)
        return try Deck.parse(text, source: "deck.toml")
    }

    static func errorText(_ load: String) -> String {
        do { _ = try parse(load); return "" } catch { return "\(error)" }
    }

    @Test("Adhesive-contact deck: control defaults to displacement; load and arc-length controls carry their steps in internal units")
    func controlsParse() throws {
        guard case .adhesiveContact(let plain) = try Self.parse("").problem else { Issue.record("not an adhesive-contact deck"); return }
        #expect(plain.control == .displacement)
        guard case .adhesiveContact(let load) = try Self.parse("control = \"load\"\ninitial_load = \"10 N/m\"\nload_step = \"2 N/m\"\n").problem,
              case .load(let initial, let step, let minimum) = load.control else { Issue.record("no load control"); return }
        let jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom
        #expect(abs(initial * jm2 - 10) < 1e-12 && abs(step * jm2 - 2) < 1e-12 && minimum == nil)
        guard case .adhesiveContact(let arc) = try Self.parse("control = \"arc-length\"\narc_step = \"0.1 nm\"\nindenter_weight = 20\n").problem,
              case .arcLength(let s, _, _, let weight) = arc.control else { Issue.record("no arc-length control"); return }
        #expect(abs(s - 1) < 1e-12 && weight == 20)
    }

    @Test("Adhesive-contact deck: a misspelt control, a key of another control and a missing step are errors at their lines")
    func badControlsAreLocated() {
        let misspelt = Self.errorText("control = \"arclength\"\n")
        #expect(misspelt.contains("control") && misspelt.contains("arc-length") && misspelt.contains("23"))
        let foreign = Self.errorText("control = \"load\"\ninitial_load = \"10 N/m\"\nload_step = \"2 N/m\"\narc_step = \"1 angstrom\"\n")
        #expect(foreign.contains("arc_step") && foreign.contains("26"))
        let missing = Self.errorText("control = \"arc-length\"\n")
        #expect(missing.contains("arc_step"))
    }
}

/// The adhesive-contact example under load control with the small settings of the restart test
/// (Si(111) law derived from the default potential, coarse mesh), stopped after one state and
/// resumed from the checkpoint, ends with the CSV and figures of an uninterrupted run.
@Test func aLoadControlledAdhesiveContactRunResumesToTheSameResult() throws {
    let url = DeckFixtures.packageRoot.appendingPathComponent("examples/adhesive-contact/deck.toml")
    let sets = ["mesh.fine_size = \"1 angstrom\"", "substrate.width = \"40 nm\"", "substrate.depth = \"20 nm\"", "load.step = \"1 angstrom\"",
                "load.end_separation = \"6 angstrom\"", "interface.openings = { start = \"0 angstrom\", stop = \"8 angstrom\", step = \"0.2 angstrom\" }",
                "load.control = \"load\"", "load.initial_load = \"5 N/m\"", "load.load_step = \"12 N/m\"", "load.minimum_load_step = \"0.5 N/m\""]
    let d = try Deck.parse(try String(contentsOf: url, encoding: .utf8), source: url.path, overrides: sets)
    let dir = try DeckFixtures.temporaryDirectory()
    let whole = dir.appendingPathComponent("whole"), split = dir.appendingPathComponent("split")
    let uninterrupted = try DeckRunner.run(d, options: RunOptions(outputDirectory: whole))
    #expect(uninterrupted.complete && uninterrupted.stepsCompleted > 2)
    let pull = try #require(uninterrupted.figure("pull_off_force")), md = try #require(uninterrupted.figure("maugis_dugdale_pull_off_force"))
    print("load-controlled deck: \(uninterrupted.stepsCompleted) states, pull-off \(pull) N/m, Maugis-Dugdale \(md) N/m")
    #expect(pull > 0.9 * md && pull < 1.05 * md)
    let partial = try DeckRunner.run(d, options: RunOptions(outputDirectory: split, stopAfterSteps: 2))
    #expect(!partial.complete && partial.stepsCompleted == 2)
    let resumed = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
    #expect(resumed.complete && resumed.resumedFromStep == 2 && resumed.figures == uninterrupted.figures)
    let csv = { (dir: URL) in try String(contentsOf: dir.appendingPathComponent("adhesion.csv"), encoding: .utf8) }
    #expect(try csv(whole) == csv(split))
}
