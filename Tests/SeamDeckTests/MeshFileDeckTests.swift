import Foundation
import Testing
import SeamCore
import SeamDeck

/// The plate-with-hole mesh of `meshes/` (Gmsh 4.1, Å; node sets from its physical curves),
/// copied beside a deck that names it by a relative path, indented on its `top` edge.
private func plateDeck(boundarySet: String = "bottom") throws -> (Deck, URL) {
    let dir = try DeckFixtures.temporaryDirectory()
    try FileManager.default.copyItem(at: DeckFixtures.packageRoot.appendingPathComponent("meshes/plate-with-hole.msh"),
                                     to: dir.appendingPathComponent("plate.msh"))
    let text = """
        [problem]
        kind = "indentation"
        [material]
        kind = "isotropic"
        youngs_modulus = "100 GPa"
        poisson_ratio = 0.3
        [mesh]
        file = "plate.msh"
        [[boundary]]
        set = "left"
        fix = ["x"]
        [[boundary]]
        set = "\(boundarySet)"
        fix = ["y"]
        [indenter]
        shape = "cylinder"
        radius = "200 angstrom"
        surface = "top"
        penalty = "2000 GPa/angstrom"
        [load]
        segments = [{ to = "0.4 angstrom", steps = 8 }]
        [output]
        prefix = "plate"

        """
    let url = dir.appendingPathComponent("plate.toml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return (try Deck.parse(text, source: url.path), dir)
}

@Test func aDeckWithAGmshMeshFileRunsAndBalancesTheIndentersWorkWithTheStoredEnergy() throws {
    let (deck, dir) = try plateDeck()
    try DeckRunner.checkResources(deck)
    let s = try DeckRunner.run(deck, options: RunOptions(outputDirectory: dir.appendingPathComponent("out")))
    let work = try #require(s.figure("work_to_maximum_depth"))
    let stored = try #require(s.figure("elastic_energy_at_maximum_depth")) + (try #require(s.figure("penalty_energy_at_maximum_depth")))
    print("plate: work \(work) eV/Å, stored \(stored) eV/Å")
    #expect(work > 0)
    #expect(abs(work / stored - 1) < 0.01)
}

@Test func aNodeSetMissingFromTheMeshFileIsReportedWithItsDeckLineAndTheNearestSet() throws {
    let (deck, _) = try plateDeck(boundarySet: "botom")
    do {
        try DeckRunner.checkResources(deck)
        Issue.record("accepted")
    } catch {
        let e = try #require(error.errors.first)
        #expect(e.location?.line == 13)
        #expect(e.description.contains("'botom' is not a node set"))
        #expect(e.description.contains("did you mean 'bottom'"))
    }
}
