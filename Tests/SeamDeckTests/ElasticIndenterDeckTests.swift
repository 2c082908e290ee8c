import Foundation
import Testing
import SeamCore
import SeamCohesive
import SeamDeck

/// `[indenter] body = "elastic"` of adhesive-contact decks: an elastic cylinder body gripped at
/// its top (`MeshedBodyCohesiveContact`) under arc-length control, with located errors and a
/// stopped run resumed from its checkpoint.
@Suite struct ElasticIndenterDeckTests {
    /// A small elastic-body case (R = 20 Å, body 16 x 10 Å, substrate 80 x 20 Å, E = 240 GPa,
    /// a tabulated universal binding law W = 0.05 eV/Å^2, l = 0.15 Å) in a fresh directory
    /// holding its law file; `load` is appended to `[load]`, `indenter` to `[indenter]`.
    static func deck(indenter: String = "body = \"elastic\"\nbody_width = \"16 angstrom\"\nbody_height = \"10 angstrom\"\n",
                     load: String = "control = \"arc-length\"\narc_step = \"0.5 angstrom\"\nminimum_arc_step = \"1e-4 angstrom\"\nmaximum_arc_step = \"4 angstrom\"\nindenter_weight = 20\n") throws -> Deck {
        let directory = try DeckFixtures.temporaryDirectory()
        let truth = UniversalBindingLaw(workOfSeparation: 0.05, length: 0.15)
        let xs = stride(from: 0.0, through: 6.0, by: 0.01).map { $0 }
        let derived = DerivedLaw(mode: "opening", direction: [0, 0, 1], relaxed: false, constraint: "rigid blocks",
                                 openings: xs, energies: xs.map { truth.normalEnergy($0) }, tractions: xs.map { truth.normalTraction($0) }, area: 1)
        try CohesiveLawFile(provenance: .init(potential: "uber", structure: "synthetic"), law: derived).encoded()
            .write(to: directory.appendingPathComponent("uber.law.json"), atomically: true, encoding: .utf8)
        let text = """
            [problem]
            kind = "adhesive-contact"
            [interface]
            law_file = "uber.law.json"
            [material]
            kind = "isotropic"
            youngs_modulus = "240 GPa"
            poisson_ratio = 0.3
            [substrate]
            width = "80 angstrom"
            depth = "20 angstrom"
            [mesh]
            fine_size = "0.5 angstrom"
            fine_width = "6 angstrom"
            fine_depth = "3 angstrom"
            growth = 1.4
            [indenter]
            radius = "20 angstrom"
            \(indenter)[load]
            start_separation = "3 angstrom"
            approach_depth = "0.2 angstrom"
            end_separation = "3 angstrom"
            step = "0.1 angstrom"
            \(load)
            [output]
            vtu = false
            """
        return try Deck.parse(text, source: directory.appendingPathComponent("deck.toml").path)
    }

    @Test("Elastic-indenter deck: the arc-length run passes jump-in, pull-off and snap-off, and a stopped run resumes to the same CSV and figures")
    func arcLengthRunResumes() throws {
        let d = try Self.deck()
        guard case .adhesiveContact(let spec) = d.problem, case .elastic(let width, let height) = spec.indenter else {
            Issue.record("no elastic indenter"); return
        }
        #expect(width == 16 && height == 10)
        let dir = try DeckFixtures.temporaryDirectory()
        let whole = dir.appendingPathComponent("whole"), split = dir.appendingPathComponent("split")
        let summary = try DeckRunner.run(d, options: RunOptions(outputDirectory: whole))
        let pull = try #require(summary.figure("pull_off_force")), md = try #require(summary.figure("maugis_dugdale_pull_off_force"))
        let jumpIn = try #require(summary.figure("jump_in_indenter_displacement")), snapOff = try #require(summary.figure("snap_off_indenter_displacement"))
        print("elastic-indenter deck: \(summary.stepsCompleted) states, pull-off \(pull) N/m (MD \(md)), jump-in d \(jumpIn), snap-off d \(snapOff), balance \(summary.figure("energy_balance_error") ?? .nan)")
        #expect(summary.complete && summary.stepsCompleted > 20)
        #expect(snapOff < jumpIn && (summary.figure("unstable_states") ?? 0) > 0)
        // Maugis-Dugdale with the pair's E* (half of one body's): measured 9.59 vs 9.55 N/m,
        // though the bodies are finite (40 x 20 Å substrate, 8 Å half-width body).
        #expect(abs(pull / md - 1) < 0.1)
        let partial = try DeckRunner.run(d, options: RunOptions(outputDirectory: split, stopAfterSteps: 7))
        #expect(!partial.complete && partial.stepsCompleted == 7)
        let resumed = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
        #expect(resumed.complete && resumed.resumedFromStep == 7 && resumed.figures == summary.figures)
        func csv(_ dir: URL) throws -> String {
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".csv") })
            return try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(try csv(whole) == csv(split))
    }

    @Test("Elastic-indenter deck: body keys with a rigid cylinder, a body wider than the cylinder and a misspelt body are errors at their lines")
    func badBodiesAreLocated() {
        func error(_ indenter: String) -> String {
            do { _ = try Self.deck(indenter: indenter); return "" } catch { return "\(error)" }
        }
        let rigid = error("body_width = \"16 angstrom\"\n")
        #expect(rigid.contains("body_width") && rigid.contains("rigid") && rigid.contains("19"))
        let wide = error("body = \"elastic\"\nbody_width = \"50 angstrom\"\nbody_height = \"10 angstrom\"\n")
        #expect(wide.contains("body_width") && wide.contains("diameter") && wide.contains("20"))
        let low = error("body = \"elastic\"\nbody_width = \"38 angstrom\"\nbody_height = \"5 angstrom\"\n")
        #expect(low.contains("body_height") && low.contains("21"))
        let misspelt = error("body = \"elastc\"\n")
        #expect(misspelt.contains("body") && misspelt.contains("elastic") && misspelt.contains("19"))
        let missing = error("body = \"elastic\"\n")
        #expect(missing.contains("body_width") && missing.contains("body_height"))
    }
}
