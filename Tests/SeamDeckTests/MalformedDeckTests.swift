import Foundation
import Testing
import SeamCore
import SeamDeck

/// One malformed deck: an edit of a valid base deck, the text of the line the error must point
/// at (its first occurrence after the edit), and words the message must contain (the key).
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var base: String
    var replace: String
    var with: String
    var lineMarker: String
    var mentions: [String]
    /// Which occurrence of the marker (1 = first).
    var occurrence: Int
    var testDescription: String { name }

    init(_ name: String, _ base: String = DeckFixtures.indentation, replace: String, with: String, line: String, occurrence: Int = 1,
         mentions: [String]) {
        self.name = name; self.base = base; self.replace = replace; self.with = with; self.lineMarker = line
        self.occurrence = occurrence; self.mentions = mentions
    }

    var text: String { base.replacingOccurrences(of: replace, with: with) }
}

let ind = DeckFixtures.indentation, lj = DeckFixtures.cohesiveLJ, crack = DeckFixtures.crackLJ, adh = DeckFixtures.adhesive

/// The corpus: syntax errors, unknown keys, missing keys, wrong types, wrong or missing units,
/// out-of-range values and inconsistent combinations.
let malformedDecks: [MalformedCase] = [
    .init("unknown table with a suggestion", replace: "[indenter]", with: "[indentor]", line: "[indentor]", mentions: ["indentor", "indenter"]),
    .init("unknown key with a suggestion", replace: "radius = \"5 nm\"", with: "raduis = \"5 nm\"", line: "raduis", mentions: ["raduis", "radius"]),
    .init("missing key names the table", replace: "radius = \"5 nm\"\n", with: "", line: "[indenter]", mentions: ["radius", "[indenter]"]),
    .init("unit of another dimension", replace: "radius = \"5 nm\"", with: "radius = \"5 GPa\"", line: "radius", mentions: ["radius", "GPa", "length"]),
    .init("unknown unit", replace: "radius = \"5 nm\"", with: "radius = \"5 nmm\"", line: "radius", mentions: ["radius", "nmm"]),
    .init("bare number without a unit", replace: "radius = \"5 nm\"", with: "radius = 50", line: "radius", mentions: ["radius", "no unit"]),
    .init("quantity without its unit", replace: "radius = \"5 nm\"", with: "radius = \"50\"", line: "radius", mentions: ["radius", "no unit"]),
    .init("wrong type: string for a number", replace: "poisson_ratio = 0.28", with: "poisson_ratio = \"0.28\"", line: "poisson_ratio", mentions: ["poisson_ratio", "number"]),
    .init("out of range", replace: "poisson_ratio = 0.28", with: "poisson_ratio = 0.7", line: "poisson_ratio", mentions: ["poisson_ratio", "outside"]),
    .init("negative modulus", replace: "youngs_modulus = \"130 GPa\"", with: "youngs_modulus = \"-130 GPa\"", line: "youngs_modulus", mentions: ["youngs_modulus", "positive"]),
    .init("problem kind typo", replace: "kind = \"indentation\"", with: "kind = \"indentaton\"", line: "indentaton", mentions: ["kind", "indentation"]),
    .init("unknown problem kind", replace: "kind = \"indentation\"", with: "kind = \"fatigue\"", line: "\"fatigue\"",
          mentions: ["kind", "fatigue", "kinds: indentation, cohesive-law, crack, adhesive-contact"]),
    .init("missing '='", replace: "surface = \"top\"", with: "surface \"top\"", line: "surface \"top\"", mentions: ["=", "surface"]),
    .init("unclosed string", replace: "surface = \"top\"", with: "surface = \"top", line: "surface = \"top", mentions: ["string"]),
    .init("duplicate key", replace: "surface = \"top\"", with: "surface = \"top\"\nsurface = \"left\"", line: "surface = \"left\"", mentions: ["surface", "twice"]),
    .init("table defined twice", replace: "[output]", with: "[checkpoint]", line: "[checkpoint]", occurrence: 2, mentions: ["checkpoint", "twice"]),
    .init("bare word value", replace: "shape = \"cylinder\"", with: "shape = cylinder", line: "shape = cylinder", mentions: ["cylinder", "quotes"]),
    .init("date value", replace: "title = \"corpus base\"", with: "title = 2026-11-25", line: "title", mentions: ["date"]),
    .init("multi-line string", replace: "title = \"corpus base\"", with: "title = \"\"\"corpus\"\"\"", line: "title", mentions: ["multi-line"]),
    .init("cells count", replace: "cells = [8, 8]", with: "cells = [8]", line: "cells", mentions: ["cells", "2"]),
    .init("cells not integers", replace: "cells = [8, 8]", with: "cells = [8.5, 8]", line: "cells", mentions: ["cells", "integers"]),
    .init("cell type typo", replace: "cell_type = \"quadrilateral4\"", with: "cell_type = \"quadrilateral\"", line: "cell_type", mentions: ["cell_type", "quadrilateral4"]),
    .init("fixed component", replace: "fix = [\"x\"]", with: "fix = [\"w\"]", line: "fix = [\"w\"]", mentions: ["fix"]),
    .init("boundary without fix", replace: "set = \"left\"\nfix = [\"x\"]", with: "set = \"left\"", line: "[[boundary]]", mentions: ["fix", "boundary"]),
    .init("sphere on a 2D mesh", replace: "shape = \"cylinder\"", with: "shape = \"sphere\"", line: "shape", mentions: ["sphere", "3D"]),
    .init("segment without steps", replace: "{ to = \"1 angstrom\", steps = 2 }", with: "{ to = \"1 angstrom\" }", line: "segments", mentions: ["steps"]),
    .init("zero steps", replace: "steps = 2", with: "steps = 0", line: "segments", mentions: ["steps", "at least 1"]),
    .init("boolean expected", replace: "directory = \"out\"", with: "directory = \"out\"\nvtu = \"yes\"", line: "vtu", mentions: ["vtu", "true or false"]),
    .init("checkpoint interval", replace: "every = 1", with: "every = 0", line: "every", mentions: ["every", "at least 1"]),
    .init("solver tolerance", replace: "[output]", with: "[solver]\ntolerance = 1\n[output]", line: "tolerance", mentions: ["tolerance", "outside"]),
    .init("unit table entry", replace: "[problem]", with: "[units]\nlength = \"furlong\"\n[problem]", line: "furlong", mentions: ["length", "furlong"]),
    .init("section of another kind", replace: "[output]", with: "[interface]\nlattice = \"fcc\"\n[output]", line: "[interface]", mentions: ["interface", "indentation"]),
    .init("center of a cylinder", replace: "center = [\"0 nm\"]", with: "center = [\"0 nm\", \"0 nm\"]", line: "center", mentions: ["center"]),
    .init("unclosed inline table", replace: "{ to = \"1 angstrom\", steps = 2 }]", with: "{ to = \"1 angstrom\", steps = 2 ]", line: "segments", mentions: ["inline table"]),
    .init("file and generator", replace: "generator = \"rectangle\"", with: "generator = \"rectangle\"\nfile = \"a.msh\"", line: "generator", mentions: ["file", "generator"]),
    .init("cauchy-born without a potential", replace: "kind = \"isotropic\"\nyoungs_modulus = \"130 GPa\"\npoisson_ratio = 0.28",
          with: "kind = \"cauchy-born\"\nlattice = \"diamond\"\nlattice_constant = \"5.43 angstrom\"\nelement = \"Si\"", line: "cauchy-born", mentions: ["cauchy-born", "potential"]),
    .init("key of another material kind", replace: "poisson_ratio = 0.28", with: "poisson_ratio = 0.28\nc11 = \"160 GPa\"", line: "c11", mentions: ["c11", "isotropic"]),
    .init("miller count", lj, replace: "miller = [1, 1, 1]", with: "miller = [1, 1]", line: "miller", mentions: ["miller", "3"]),
    .init("openings must start at 0", lj, replace: "openings = { start = \"0 angstrom\", stop", with: "openings = { start = \"0.5 angstrom\", stop",
          line: "openings", mentions: ["openings", "start at 0"]),
    .init("cohesive law without a potential", lj, replace: "[potential]\nlj = { epsilon = \"0.0104 eV\", sigma = \"3.40 angstrom\", cutoff = \"8.5 angstrom\" }\n",
          with: "", line: "kind =", mentions: ["[potential]"]),
    .init("energy given as a length", lj, replace: "epsilon = \"0.0104 eV\"", with: "epsilon = \"0.0104 angstrom\"", line: "lj = {", mentions: ["epsilon", "energy"]),
    .init("unknown element", lj, replace: "element = \"Ar\"", with: "element = \"Xx\"", line: "element", mentions: ["element", "Xx"]),
    .init("two potentials", lj, replace: "[interface]", with: "n2p2 = \"somewhere\"\n[interface]", line: "lj = {", mentions: ["n2p2", "lj"]),
    .init("crack lattice other than fcc", crack, replace: "lattice = \"fcc\"", with: "lattice = \"diamond\"", line: "lattice =",
          mentions: ["lattice", "fcc"]),
    .init("stress intensity without a unit", crack, replace: "k_over_griffith = [0.8, 1.3]", with: "k = [0.01, 0.02]", line: "k = [",
          mentions: ["[load] k", "no unit"]),
    .init("stress intensity in a stress unit", crack, replace: "k_over_griffith = [0.8, 1.3]", with: "k = [\"0.01 GPa\"]", line: "k = [",
          mentions: ["[load] k", "stress intensity"]),
    .init("atomistic region larger than the domain", crack, replace: "atomistic_cells = [6, 6]", with: "atomistic_cells = [20, 6]",
          line: "cells = [16", mentions: ["cells", "atomistic_cells"]),
    .init("crack mode typo", crack, replace: "mode = \"full-atomistic\"", with: "mode = \"full\"", line: "mode =", mentions: ["mode", "full-atomistic"]),
    .init("potential length unit", lj, replace: "lj = { epsilon = \"0.0104 eV\", sigma = \"3.40 angstrom\", cutoff = \"8.5 angstrom\" }",
          with: "n2p2 = \"pot\"\nlength_unit = \"furlong\"", line: "length_unit", mentions: ["length_unit", "furlong", "angstrom or bohr"]),
    .init("two approach targets", adh, replace: "approach_load = \"16 N/m\"", with: "approach_load = \"16 N/m\"\napproach_depth = \"1 angstrom\"",
          line: "[load]", mentions: ["approach_depth", "approach_load"]),
    .init("force per length in a stress unit", adh, replace: "approach_load = \"16 N/m\"", with: "approach_load = \"16 GPa\"",
          line: "approach_load", mentions: ["approach_load", "GPa"]),
    .init("law file and lattice", adh, replace: "law_file = \"si111.law.json\"", with: "law_file = \"si111.law.json\"\nlattice = \"diamond\"",
          line: "lattice =", mentions: ["lattice", "law_file"]),
    .init("derived law without a potential", adh, replace: "law_file = \"si111.law.json\"",
          with: "lattice = \"diamond\"\nlattice_constant = \"5.5 angstrom\"\nelement = \"Si\"\nmiller = [1, 1, 1]", line: "[interface]",
          mentions: ["[potential]", "law_file"]),
    .init("lattice typo", lj, replace: "lattice = \"fcc\"", with: "lattice = \"fc\"", line: "lattice =", mentions: ["lattice", "fcc"]),
]

@Test func theCorpusHoldsAtLeastThirtyMalformedDecks() {
    #expect(malformedDecks.count >= 30)
}

@Test func theBaseDecksOfTheCorpusAreValid() throws {
    #expect(throws: Never.self) { try Deck.parse(DeckFixtures.indentation, source: "base.toml") }
    #expect(throws: Never.self) { try Deck.parse(DeckFixtures.cohesiveLJ, source: "base.toml") }
    #expect(throws: Never.self) { try Deck.parse(DeckFixtures.crackLJ, source: "base.toml") }
    #expect(throws: Never.self) { try Deck.parse(DeckFixtures.adhesive, source: "base.toml") }
}

@Test(arguments: malformedDecks)
func everyMalformedDeckGivesAnErrorNamingTheKeyAndItsLine(_ c: MalformedCase) throws {
    #expect(c.base.contains(c.replace), "the edit must apply")
    let text = c.text
    let line = try #require(DeckFixtures.line(of: c.lineMarker, in: text, occurrence: c.occurrence))
    do {
        _ = try Deck.parse(text, source: "bad.toml")
        Issue.record("\(c.name): the malformed deck was accepted")
    } catch {
        let hit = error.errors.first { $0.location?.line == line && $0.location?.source == "bad.toml" }
        #expect(hit != nil, "\(c.name): no error at line \(line): \(error)")
        if let hit {
            let text = hit.description
            for word in c.mentions { #expect(text.contains(word), "\(c.name): '\(word)' missing in: \(text)") }
        }
    }
}

@Test func allErrorsOfADeckAreReportedAtOnceInLineOrder() throws {
    let text = DeckFixtures.indentation
        .replacingOccurrences(of: "poisson_ratio = 0.28", with: "poisson_ratio = 2")
        .replacingOccurrences(of: "radius = \"5 nm\"", with: "radius = \"5 GPa\"")
        .replacingOccurrences(of: "every = 1", with: "evry = 1")
    do {
        _ = try Deck.parse(text, source: "three.toml")
        Issue.record("accepted")
    } catch {
        let lines = error.errors.compactMap { $0.location?.line }
        #expect(error.errors.count == 3)
        #expect(lines == [DeckFixtures.line(of: "poisson_ratio", in: text), DeckFixtures.line(of: "radius", in: text),
                          DeckFixtures.line(of: "evry", in: text)].compactMap { $0 })
        #expect(error.description.contains("did you mean 'every'"))
    }
}

@Test func severalSyntaxErrorsAreReportedTogether() throws {
    let text = "[problem]\nkind = \"indentation\n[mesh]\nwidth 5\n[load]\nsegments = [1, 2\n"
    do {
        _ = try Deck.parse(text, source: "syntax.toml")
        Issue.record("accepted")
    } catch {
        let lines = Set(error.errors.compactMap { $0.location?.line })
        #expect(lines.isSuperset(of: [2, 4, 6]), "\(error)")
        #expect(error.errors.allSatisfy { $0.location?.line != nil })
    }
}

/// Syntax errors and a misspelt kind do not hide the other errors: the rest of the deck is
/// still checked (as the nearest kind) and everything is reported in one go.
@Test func syntaxErrorsAndAMisspeltKindStillReportTheSchemaErrorsOfTheRest() throws {
    let text = DeckFixtures.indentation
        .replacingOccurrences(of: "kind = \"indentation\"", with: "kind = \"indentaton\"")
        .replacingOccurrences(of: "youngs_modulus = \"130 GPa\"", with: "youngs_modulus = \"130 GPA\"")
        .replacingOccurrences(of: "cell_type = \"quadrilateral4\"", with: "cell_type = \"quadrilateral4")
    do {
        _ = try Deck.parse(text, source: "mixed.toml")
        Issue.record("accepted")
    } catch {
        let lines = error.errors.compactMap { $0.location?.line }
        for marker in ["indentaton", "GPA", "cell_type"] {
            #expect(lines.contains(try #require(DeckFixtures.line(of: marker, in: text))), "\(marker): \(error)")
        }
        #expect(error.description.contains("did you mean 'GPa'"))
    }
}

/// Random single-character deletions, insertions and line swaps of a valid deck never crash the
/// parser: each variant either parses or throws errors that all carry a line.
@Test func randomlyDamagedDecksNeverCrashAndAlwaysLocateTheirErrors() {
    var rng = SeededGenerator(seed: 7)
    let base = Array(DeckFixtures.indentation)
    let alphabet = Array("=[]{}\",.#'\n a1-_")
    var rejected = 0
    for _ in 0..<400 {
        var chars = base
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let k = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: chars.remove(at: k)
            case 1: chars.insert(alphabet.randomElement(using: &rng)!, at: k)
            default: chars[k] = alphabet.randomElement(using: &rng)!
            }
        }
        do { _ = try Deck.parse(String(chars), source: "fuzz.toml") } catch {
            rejected += 1
            #expect(!error.errors.isEmpty)
            #expect(error.errors.allSatisfy { $0.location?.source == "fuzz.toml" })
        }
    }
    // Most damage is detected (the rest hits comments, whitespace or values that stay valid).
    #expect(rejected > 200)
}
