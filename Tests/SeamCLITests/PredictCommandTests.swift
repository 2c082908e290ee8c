import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential

private let potentialDir = "examples/potentials/Si-mlearn-nnp"
private let sample = "examples/structures/si-vacancy.xyz"

@Test func predictWritesEnergiesForcesAndStressThatMatchTheLibrary() throws {
    let tmp = try SeamBinary.temporaryDirectory()
    let out = tmp.appendingPathComponent("out.xyz")
    let r = try SeamBinary.run(["predict", "--potential", potentialDir, sample, "-o", out.path])
    #expect(r.status == 0, "\(r.stderr)")
    let frames = try ExtendedXYZ.read(from: out)
    #expect(frames.count == 1)
    let input = try ExtendedXYZ.read(from: SeamBinary.packageRoot.appendingPathComponent(sample))[0].structure
    let potential = try N2P2PotentialLoader.load(directory: SeamBinary.packageRoot.appendingPathComponent(potentialDir))
    let reference = try potential.evaluate(input)
    let f = frames[0]
    #expect(abs(f.energy! - reference.energy) < 1e-9 * abs(reference.energy))
    for i in 0..<input.count { #expect((f.forces![i] - reference.forces[i]).maxAbs < 1e-9) }
    #expect((f.stress! - reference.stress(volume: input.volume)).maxAbs < 1e-12)
    #expect(f.info["extrapolation_warnings"] == "0")
    #expect(r.stdout.contains("extrapolation warnings: 0"))
}

@Test func predictWithoutDeclaredUnitsFailsAndSaysHowToDeclareThem() throws {
    let tmp = try SeamBinary.temporaryDirectory()
    let pot = tmp.appendingPathComponent("pot")
    try FileManager.default.createDirectory(at: pot, withIntermediateDirectories: true)
    for f in ["input.nn", "scaling.data", "weights.014.data"] {
        try FileManager.default.copyItem(at: SeamBinary.packageRoot.appendingPathComponent("\(potentialDir)/\(f)"), to: pot.appendingPathComponent(f))
    }
    let r = try SeamBinary.run(["predict", "--potential", pot.path, sample, "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(r.status != 0)
    #expect(r.stderr.contains("units"))
    #expect(r.stderr.contains("--length-unit"))
    // Declaring them on the command line works.
    let ok = try SeamBinary.run(["predict", "--potential", pot.path, "--length-unit", "bohr", "--energy-unit", "hartree", sample,
                                 "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(ok.status == 0, "\(ok.stderr)")
}

@Test func predictRejectsUnknownElementsAndOverlapsWithTheirLocation() throws {
    let tmp = try SeamBinary.temporaryDirectory()
    let bad = tmp.appendingPathComponent("bad.xyz")
    try "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\nSi 0 0 0\nXx 1 1 1\n".write(to: bad, atomically: true, encoding: .utf8)
    let r = try SeamBinary.run(["predict", "--potential", potentialDir, bad.path, "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(r.status != 0)
    #expect(r.stderr.contains("bad.xyz:4"), "\(r.stderr)")
    let overlap = tmp.appendingPathComponent("overlap.xyz")
    try "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\nSi 0 0 0\nSi 0.1 0 0\n".write(to: overlap, atomically: true, encoding: .utf8)
    let o = try SeamBinary.run(["predict", "--potential", potentialDir, overlap.path, "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(o.status != 0)
    #expect(o.stderr.contains("atoms 0 (Si) and 1 (Si) overlap"), "\(o.stderr)")
    let carbon = tmp.appendingPathComponent("c.xyz")
    try "1\nProperties=species:S:1:pos:R:3\nC 0 0 0\n".write(to: carbon, atomically: true, encoding: .utf8)
    let c = try SeamBinary.run(["predict", "--potential", potentialDir, carbon.path, "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(c.status != 0)
    #expect(c.stderr.contains("atom 0 is C"), "\(c.stderr)")
}

@Test func predictReportsAMalformedPotentialFileWithItsLine() throws {
    let tmp = try SeamBinary.temporaryDirectory()
    let pot = tmp.appendingPathComponent("pot")
    try FileManager.default.copyItem(at: SeamBinary.packageRoot.appendingPathComponent(potentialDir), to: pot)
    let nn = pot.appendingPathComponent("input.nn")
    var lines = try String(contentsOf: nn, encoding: .utf8).components(separatedBy: "\n")
    let k = lines.firstIndex { $0.hasPrefix("symfunction_short") }!
    lines[k] = "symfunction_short Si 2 Si 0.01 notanumber 10.39"
    try lines.joined(separator: "\n").write(to: nn, atomically: true, encoding: .utf8)
    let r = try SeamBinary.run(["predict", "--potential", pot.path, sample, "-o", tmp.appendingPathComponent("o.xyz").path])
    #expect(r.status != 0)
    #expect(r.stderr.contains("input.nn:\(k + 1)"), "\(r.stderr)")
}

@Test func helpExplainsEverySubcommand() throws {
    let r = try SeamBinary.run(["--help"])
    #expect(r.status == 0)
    for word in ["predict", "info"] { #expect(r.stdout.contains(word)) }
    let p = try SeamBinary.run(["predict", "--help"])
    #expect(p.stdout.contains("--length-unit") && p.stdout.contains("eV"))
}

@Test func predictWithACommitteeDirectoryGivesTheMeanAndReportsTheDisagreement() throws {
    let committeeDir = "examples/potentials/Si-seam-committee"
    let tmp = try SeamBinary.temporaryDirectory()
    let out = tmp.appendingPathComponent("out.xyz")
    let r = try SeamBinary.run(["predict", "--potential", committeeDir, sample, "-o", out.path])
    #expect(r.status == 0, "\(r.stderr)")
    let input = try ExtendedXYZ.read(from: SeamBinary.packageRoot.appendingPathComponent(sample))[0].structure
    let committee = try N2P2PotentialLoader.loadCommittee(directory: SeamBinary.packageRoot.appendingPathComponent(committeeDir))
    let reference = try committee.evaluateCommittee(input)
    let f = try ExtendedXYZ.read(from: out)[0]
    #expect(abs(f.energy! - reference.mean.energy) < 1e-9 * abs(reference.mean.energy))
    let disagreement = try #require(f.info["committee_force_disagreement"].flatMap(Double.init))
    #expect(reference.maximumForceDisagreement > 0)
    #expect(abs(disagreement - reference.maximumForceDisagreement) < 1e-9 * reference.maximumForceDisagreement)
    #expect(r.stdout.contains("committee of \(committee.members.count): energy spread"))
}
