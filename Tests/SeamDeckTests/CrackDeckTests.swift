import Foundation
import Testing
import SeamCore
import SeamDeck

private func column(_ text: String, _ name: String) -> [Double] {
    let rows = text.split(whereSeparator: \.isNewline)
    let header = rows[0].split(separator: ",").map { String($0) }
    guard let j = header.firstIndex(where: { $0 == name || $0.hasPrefix(name + " [") }) else { return [] }
    return rows.dropFirst().map { Double($0.split(separator: ",")[j])! }
}

/// Lattice trapping brackets Griffith: loaded from the inserted crack well below K_G = √(2γE')
/// the crack heals (the tip moves back), well above it advances. K is given in multiples of
/// K_G, which the run computes from the relaxed surface energy of the same potential.
@Test func aCrackDeckHealsBelowAndAdvancesAboveGriffith() throws {
    let dir = try DeckFixtures.temporaryDirectory()
    let d = try Deck.parse(DeckFixtures.crackLJ, source: dir.appendingPathComponent("crack.toml").path)
    let s = try DeckRunner.run(d, options: RunOptions(outputDirectory: dir))
    let out = try String(contentsOf: dir.appendingPathComponent("crack.csv"), encoding: .utf8)
    let ratio = column(out, "K_over_K_G"), advance = column(out, "tip_advance"), k = column(out, "K")
    print("K/K_G \(ratio), tip advance \(advance) Å, K_G = \(s.figure("griffith_K") ?? 0) MPa m^0.5")
    #expect(ratio.count == 2 && abs(ratio[0] - 0.8) < 1e-12 && abs(ratio[1] - 1.3) < 1e-12)
    #expect(advance[0] < 0)
    #expect(advance[1] > 0)
    let kG = try #require(s.figure("griffith_K"))
    #expect(abs(k[1] / kG - 1.3) < 1e-12)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("crack_0001.xyz").path))
}

@Test func aCrackRunStoppedAtARandomStepResumesToTheSameResult() throws {
    let text = DeckFixtures.crackLJ.replacingOccurrences(of: "k_over_griffith = [0.8, 1.3]", with: "k_over_griffith = [0.9, 1.0, 1.1, 1.2]")
    let dir = try DeckFixtures.temporaryDirectory()
    let d = try Deck.parse(text, source: dir.appendingPathComponent("crack.toml").path)
    let whole = dir.appendingPathComponent("whole"), split = dir.appendingPathComponent("split")
    try DeckRunner.run(d, options: RunOptions(outputDirectory: whole))
    var rng = SeededGenerator(seed: 3)
    let stop = Int.random(in: 1..<4, using: &rng)
    #expect(try DeckRunner.run(d, options: RunOptions(outputDirectory: split, stopAfterSteps: stop)).stepsCompleted == stop)
    let resumed = try DeckRunner.run(d, options: RunOptions(outputDirectory: split))
    #expect(resumed.complete && resumed.resumedFromStep == stop)
    let a = try String(contentsOf: whole.appendingPathComponent("crack.csv"), encoding: .utf8)
    let b = try String(contentsOf: split.appendingPathComponent("crack.csv"), encoding: .utf8)
    #expect(a == b)
}
