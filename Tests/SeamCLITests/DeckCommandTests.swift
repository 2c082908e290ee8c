import Foundation
import Testing

/// `seam check` on a malformed deck exits 1 and prints every error as file:line.
@Test func seamCheckReportsEveryErrorOfADeckWithItsLineAndFails() throws {
    let dir = try SeamBinary.temporaryDirectory()
    let deck = dir.appendingPathComponent("bad.toml")
    let text = """
        [problem]
        kind = "indentation"
        [material]
        kind = "isotropic"
        youngs_modulus = "130 GPa"
        poisson_ratio = 0.28
        [mesh]
        generator = "rectangle"
        width = "10 nm"
        height = "10 GPa"
        cells = [8, 8]
        [[boundary]]
        set = "bottom"
        fix = ["y"]
        [indenter]
        shape = "cylinder"
        raduis = "5 nm"
        penalty = "1000 GPa/angstrom"
        [load]
        segments = [{ to = "1 angstrom", steps = 2 }]

        """
    try text.write(to: deck, atomically: true, encoding: .utf8)
    let r = try SeamBinary.run(["check", deck.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad.toml:10: error: [mesh] height: 'GPa' is a unit of a stress"), "\(r.stderr)")
    #expect(r.stderr.contains("bad.toml:17: error: unknown key 'raduis' in [indenter] (did you mean 'radius'?)"), "\(r.stderr)")
    #expect(r.stderr.contains("bad.toml:15: error: missing key 'radius'"), "\(r.stderr)")
}

@Test func seamCheckAcceptsEveryExampleDeck() throws {
    for deck in ["examples/indentation/deck.toml", "examples/cohesive-si/deck.toml", "examples/crack/deck.toml", "examples/adhesive-contact/deck.toml"] {
        let r = try SeamBinary.run(["check", deck])
        #expect(r.status == 0, "\(deck): \(r.stderr)")
        #expect(r.stdout.contains("valid"))
    }
}

/// Every example deck runs end to end with small settings (`--set`), writing its outputs.
@Test func everyExampleDeckRunsEndToEndWithSmallSettings() throws {
    let cases: [(deck: String, set: [String], prefix: String, files: [String], figure: String)] = [
        ("examples/indentation/deck.toml", ["mesh.cells = [12, 12]", "load.segments = [{ to = \"1 angstrom\", steps = 2 }, { to = \"0 angstrom\", steps = 1 }]"],
         "indentation", ["indentation.csv", "indentation.svg", "indentation.pvd", "indentation_0002.vtu", "indentation.summary.json"],
         "hertz_contact_radius_at_maximum_depth"),
        ("examples/cohesive-si/deck.toml", ["load.openings = [\"0 angstrom\", \"0.6 angstrom\", \"6 angstrom\"]"],
         "si111", ["si111.csv", "si111.svg", "si111.law.json", "si111_0002.xyz", "si111.summary.txt"], "work_of_separation"),
        ("examples/crack/deck.toml", ["domain.cells = [12, 12]", "domain.atomistic_cells = [4, 4]", "load.k_over_griffith = [1.0, 1.3]"],
         "crack", ["crack.csv", "crack.svg", "crack_0001.xyz", "crack.summary.json"], "griffith_K"),
    ]
    for c in cases {
        let out = try SeamBinary.temporaryDirectory()
        let r = try SeamBinary.run(["run", c.deck, "-o", out.path] + c.set.flatMap { ["--set", $0] })
        #expect(r.status == 0, "\(c.deck): \(r.stderr)")
        #expect(r.stdout.contains("step 1/"))
        #expect(r.stdout.contains(c.figure))
        for f in c.files { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(c.deck): \(f) missing") }
    }
}

/// The real binary is killed (SIGKILL) during a run, after its first checkpoint; running the
/// same deck again resumes from the checkpoint and ends with the same load-path CSV as a run
/// that was never interrupted.
@Test func aKilledRunResumesFromItsCheckpointToTheSameResult() throws {
    let dir = try SeamBinary.temporaryDirectory()
    let deck = dir.appendingPathComponent("deck.toml")
    let text = try String(contentsOf: SeamBinary.packageRoot.appendingPathComponent("examples/indentation/deck.toml"), encoding: .utf8)
        .replacingOccurrences(of: "cells = [120, 120]", with: "cells = [10, 10]")
        .replacingOccurrences(of: "{ to = \"2 angstrom\", steps = 16 }", with: "{ to = \"2 angstrom\", steps = 40 }")
        .replacingOccurrences(of: "{ to = \"0 angstrom\", steps = 8 }", with: "{ to = \"0 angstrom\", steps = 40 }")
        .replacingOccurrences(of: "prefix = \"indentation\"", with: "prefix = \"indentation\"\nvtu = false")
    #expect(text.contains("steps = 40 }"))
    try text.write(to: deck, atomically: true, encoding: .utf8)
    let whole = dir.appendingPathComponent("whole"), killed = dir.appendingPathComponent("killed")
    #expect(try SeamBinary.run(["run", deck.path, "-o", whole.path, "--quiet"]).status == 0)

    let p = Process()
    p.executableURL = SeamBinary.executable
    p.arguments = ["run", deck.path, "-o", killed.path, "--quiet"]
    p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
    try p.run()
    let checkpoint = killed.appendingPathComponent("indentation.checkpoint.json")
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpoint.path) && Date() < deadline && p.isRunning { usleep(2000) }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal, "the run finished before it could be killed")

    let resumed = try SeamBinary.run(["run", deck.path, "-o", killed.path])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("resuming from the checkpoint after step"))
    let a = try String(contentsOf: whole.appendingPathComponent("indentation.csv"), encoding: .utf8)
    let b = try String(contentsOf: killed.appendingPathComponent("indentation.csv"), encoding: .utf8)
    #expect(a == b)
    #expect(a.split(whereSeparator: \.isNewline).count == 81)
}

/// The main job, small: the adhesive-contact example (Si(111) law derived from the default
/// potential, cubic substrate with the potential's constants, R = 10 nm) on a coarser mesh pulls
/// off within 10% of the Maugis-Dugdale line-contact prediction at the law's peak traction and
/// work of separation (Maugis, J. Colloid Interface Sci. 150, 243 (1992); the 2D form as in
/// SeamCoupling's `MaugisDugdaleLineContact`), with the snap-off flagged as a jump.
@Test func theAdhesiveContactExamplePullsOffNearMaugisDugdaleWithSmallSettings() throws {
    let out = try SeamBinary.temporaryDirectory()
    let sets = ["mesh.fine_size = \"1 angstrom\"", "substrate.width = \"40 nm\"", "substrate.depth = \"20 nm\"", "load.step = \"0.5 angstrom\"",
                "load.end_separation = \"9 angstrom\"", "interface.openings = { start = \"0 angstrom\", stop = \"8 angstrom\", step = \"0.2 angstrom\" }"]
    let r = try SeamBinary.run(["run", "examples/adhesive-contact/deck.toml", "-o", out.path, "-q"] + sets.flatMap { ["--set", $0] })
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("adhesion.summary.json"))) as? [String: Any]
    let figures = (json?["figures"] as? [[String: Any]]) ?? []
    func figure(_ name: String) -> Double? { figures.first { $0["name"] as? String == name }?["value"] as? Double }
    let ratio = try #require(figure("pull_off_over_maugis_dugdale"))
    print("adhesive example (small): pull-off / Maugis-Dugdale = \(ratio), jumps \(figure("jumps") ?? -1)")
    #expect(abs(ratio - 1) < 0.1)
    #expect((figure("jumps") ?? 0) >= 1)
    for f in ["adhesion.csv", "adhesion.svg", "adhesion.pvd", "adhesion_0000.vtu"] {
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
    }
}

/// The adhesive-contact example (small settings, 1 Å steps) killed with SIGKILL after its first
/// checkpoint resumes its adaptive load path from the checkpoint and ends with the same CSV and
/// figures as a run that was never interrupted.
@Test func aKilledAdhesiveContactRunResumesFromItsCheckpointToTheSameResult() throws {
    let dir = try SeamBinary.temporaryDirectory()
    let whole = dir.appendingPathComponent("whole"), killed = dir.appendingPathComponent("killed")
    let sets = ["mesh.fine_size = \"1 angstrom\"", "substrate.width = \"40 nm\"", "substrate.depth = \"20 nm\"", "load.step = \"1 angstrom\"",
                "load.end_separation = \"9 angstrom\"", "interface.openings = { start = \"0 angstrom\", stop = \"8 angstrom\", step = \"0.2 angstrom\" }",
                "output.vtu = false"].flatMap { ["--set", $0] }
    let deck = "examples/adhesive-contact/deck.toml"
    #expect(try SeamBinary.run(["run", deck, "-o", whole.path, "--quiet"] + sets).status == 0)

    let p = Process()
    p.executableURL = SeamBinary.executable
    p.currentDirectoryURL = SeamBinary.packageRoot
    p.arguments = ["run", deck, "-o", killed.path, "--quiet"] + sets
    p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
    try p.run()
    let checkpoint = killed.appendingPathComponent("adhesion.checkpoint.json")
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpoint.path) && Date() < deadline && p.isRunning { usleep(2000) }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal, "the run finished before it could be killed")

    let resumed = try SeamBinary.run(["run", deck, "-o", killed.path] + sets)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("resuming from the checkpoint after step"))
    for f in ["adhesion.csv", "adhesion.summary.txt"] {
        let a = try String(contentsOf: whole.appendingPathComponent(f), encoding: .utf8)
        let b = try String(contentsOf: killed.appendingPathComponent(f), encoding: .utf8)
        // The text summary holds the figures (the resume step is only in the JSON one).
        #expect(a == b, "\(f) differs")
    }
}
