import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A small Si active-learning deck: the shipped DFT-trained Si HDNNP is the oracle (in process),
/// a separating (111) bicrystal and a (111) crack tip are the conditions.
private func siliconDeck(run: String, extra: String = "") -> String {
    let potential = SeamBinary.packageRoot.appendingPathComponent("examples/potentials/Si-mlearn-nnp").path
    return """
        oracle_n2p2 = \(potential)
        run_directory = \(run)
        seed_count = 4
        elements = Si
        cutoff = 5.0
        radial_count = 4
        angular_count = 1
        zetas = 1
        hidden_layers = 6
        lower_threshold = 0.05
        upper_threshold = 2.0
        steps_per_iteration = 60
        check_interval = 10
        candidates_per_condition = 2
        max_iterations = 2
        time_step = 1
        initial_epochs = 30
        retrain_epochs = 5
        committee_size = 2
        condition = bicrystal lattice=diamond a=5.468 element=Si in_plane=1,2 half_thickness=4 opening=2.0 temperature=600
        condition = crack lattice=diamond a=5.468 element=Si in_plane=4,1 half_thickness=3 opening=3 temperature=300
        \(extra)
        """
}

private func frames(_ text: String) -> [(header: String, atoms: [[String]])] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
    var out: [(String, [[String]])] = []
    while let first = lines.first, let n = Int(first.trimmingCharacters(in: .whitespaces)) {
        let header = lines.dropFirst().first!
        let atoms = lines.dropFirst(2).prefix(n).map { $0.split(separator: " ").map(String.init) }
        out.append((header, Array(atoms)))
        lines = lines.dropFirst(2 + n)
    }
    return out
}

@Test func seamLearnRunsASiliconDeckLabelsWithTheOracleAndWritesCurveAndLoadableCommittee() throws {
    let dir = try SeamBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let deck = dir.appendingPathComponent("learn.deck")
    try siliconDeck(run: "run").write(to: deck, atomically: true, encoding: .utf8)
    let r = try SeamBinary.run(["learn", deck.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("2 sampling conditions (16, 16 atoms), 4 start structures"), "\(r.stdout)")
    let run = dir.appendingPathComponent("run")
    let data = frames(try String(contentsOf: run.appendingPathComponent("dataset.xyz"), encoding: .utf8))
    // 4 seeds + up to 2 candidates per condition and iteration; every frame labelled once.
    #expect(data.count >= 4 && data.count <= 4 + 2 * 2 * 2)
    let ids = data.map { $0.header.split(separator: " ").first { $0.hasPrefix("al_id=") }! }
    #expect(Set(ids).count == ids.count)
    let curve = try String(contentsOf: run.appendingPathComponent("learning-curve.csv"), encoding: .utf8)
    #expect(curve.split(whereSeparator: \.isNewline).count >= 3, "\(curve)")   // header, the initial fit, at least one retraining
    for f in ["disagreement.csv", "state.json", "committee/member-0/input.nn", "committee/member-1/weights.014.data"] {
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(f).path), "\(f)")
    }
    // The labels are the oracle's: `seam predict` with the oracle potential reproduces the first
    // frame's energy; and the learned committee member loads and predicts the same structure.
    let first = dir.appendingPathComponent("first.xyz")
    let text = try String(contentsOf: run.appendingPathComponent("dataset.xyz"), encoding: .utf8)
    let n = Int(text.split(separator: "\n")[0])!
    try (text.split(separator: "\n", omittingEmptySubsequences: false).prefix(n + 2).joined(separator: "\n") + "\n")
        .write(to: first, atomically: true, encoding: .utf8)
    let potential = SeamBinary.packageRoot.appendingPathComponent("examples/potentials/Si-mlearn-nnp").path
    let p = try SeamBinary.run(["predict", "--potential", potential, first.path, "-o", dir.appendingPathComponent("p.xyz").path])
    #expect(p.status == 0, "\(p.stderr)")
    let labelled = Double(data[0].header.split(separator: " ").first { $0.hasPrefix("energy=") }!.dropFirst(7))!
    let predicted = frames(try String(contentsOf: dir.appendingPathComponent("p.xyz"), encoding: .utf8))[0].header
    let e = Double(predicted.split(separator: " ").first { $0.hasPrefix("energy=") }!.dropFirst(7))!
    #expect(abs(e - labelled) < 1e-8 * abs(e), "\(e) vs \(labelled)")
    let q = try SeamBinary.run(["predict", "--potential", run.appendingPathComponent("committee/member-0").path, first.path,
                                "-o", dir.appendingPathComponent("q.xyz").path])
    #expect(q.status == 0, "\(q.stderr)")
}

@Test func seamLearnResumesAfterAKillAndSendsEveryStructureToTheOracleOnce() throws {
    let dir = try SeamBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // A fake oracle: zero forces, zero energy, one line per call in calls.log, 0.2 s per call.
    let oracle = dir.appendingPathComponent("fake-oracle.sh")
    try """
        #!/bin/sh
        echo call >> "\(dir.path)/calls.log"
        sleep 0.2
        awk 'NR==1 {print; next} NR==2 {sub(/Properties=[^ ]*/, "Properties=species:S:1:pos:R:3:forces:R:3"); print $0 " energy=0.0"; next} {print $0, 0, 0, 0}' "$1"
        """.write(to: oracle, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: oracle.path)
    let deck = dir.appendingPathComponent("learn.deck")
    try siliconDeck(run: "run", extra: "seed_count = 8\n").replacingOccurrences(of: "seed_count = 4\n", with: "")
        .replacingOccurrences(of: "oracle_n2p2 = ", with: "oracle = ./fake-oracle.sh\n# ")
        .replacingOccurrences(of: "lower_threshold = 0.05", with: "lower_threshold = 5")
        .replacingOccurrences(of: "upper_threshold = 2.0", with: "upper_threshold = 50")
        .write(to: deck, atomically: true, encoding: .utf8)
    // Start, and kill once 3 labels have arrived (SIGKILL: the process gets no chance to tidy up).
    let p = Process()
    p.executableURL = SeamBinary.executable
    p.arguments = ["learn", deck.path]
    p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
    try p.run()
    let dataset = dir.appendingPathComponent("run/dataset.xyz")
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
        if let t = try? String(contentsOf: dataset, encoding: .utf8), frames(t).count >= 3 { break }
        usleep(20_000)
    }
    kill(p.processIdentifier, SIGKILL)       // a hard kill, as by the OOM killer or a lost node
    p.waitUntilExit()
    let before = frames((try? String(contentsOf: dataset, encoding: .utf8)) ?? "").count
    #expect(before >= 3 && before < 8, "\(before) labels before the kill")
    let r = try SeamBinary.run(["learn", deck.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("resuming at iteration 0"), "\(r.stdout)")
    #expect(!r.stdout.contains("phase finished"), "\(r.stdout)")
    let data = frames(try String(contentsOf: dataset, encoding: .utf8))
    let ids = data.map { $0.header.split(separator: " ").first { $0.hasPrefix("al_id=") }! }
    #expect(Set(ids).count == ids.count)
    // Thresholds far above any disagreement: the run converges after the 8 seeds.
    #expect(data.count == 8)
    let calls = try String(contentsOf: dir.appendingPathComponent("calls.log"), encoding: .utf8).split(separator: "\n").count
    #expect(calls >= 8 && calls <= 9, "\(calls) oracle calls for 8 structures (one may have been cut by the kill)")
}

@Test func seamLearnReportsADeckErrorWithItsLineAndFails() throws {
    let dir = try SeamBinary.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let deck = dir.appendingPathComponent("bad.deck")
    try siliconDeck(run: "run").replacingOccurrences(of: "opening=2.0 temperature", with: "openin=2.0 temperature")
        .write(to: deck, atomically: true, encoding: .utf8)
    let r = try SeamBinary.run(["learn", deck.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad.deck:20"), "\(r.stderr)")
    #expect(r.stderr.contains("did you mean 'opening'?"), "\(r.stderr)")
}
