import Foundation
import Testing
import SeamCore
import SeamDeck
import SeamIO

private func deck(_ text: String, in dir: URL, name: String = "deck.toml", overrides: [String] = []) throws -> Deck {
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return try Deck.parse(text, source: url.path, overrides: overrides)
}

private func csv(_ dir: URL, _ prefix: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(prefix + ".csv"), encoding: .utf8)
}

/// Column `name` of a load-path CSV.
private func column(_ text: String, _ name: String) -> [Double] {
    let rows = text.split(whereSeparator: \.isNewline)
    let header = rows[0].split(separator: ",").map { String($0) }
    guard let j = header.firstIndex(where: { $0 == name || $0.hasPrefix(name + " [") }) else { return [] }
    return rows.dropFirst().map { Double($0.split(separator: ",")[j])! }
}

@Test func quantitiesAreConvertedToInternalUnitsFromTheirOwnUnitsOrTheUnitsTable() throws {
    let d = try Deck.parse(DeckFixtures.indentation, source: "u.toml")
    guard case .indentation(let s) = d.problem, case .isotropic(let e, _) = s.material else { Issue.record("kind"); return }
    #expect(s.radius == 50)                                           // 5 nm
    #expect(abs(e * Units.gigapascalPerEvPerCubicAngstrom - 130) < 1e-12)
    #expect(abs(s.penalty * Units.gigapascalPerEvPerCubicAngstrom - 1000) < 1e-9)
    #expect(s.depths == [0.5, 1.0])
    let bare = DeckFixtures.indentation.replacingOccurrences(of: "[problem]", with: "[units]\nlength = \"nm\"\n[problem]")
        .replacingOccurrences(of: "radius = \"5 nm\"", with: "radius = 5")
    guard case .indentation(let t) = try Deck.parse(bare, source: "u.toml").problem else { Issue.record("kind"); return }
    #expect(t.radius == 50)
    let lj = try Deck.parse(DeckFixtures.cohesiveLJ, source: "lj.toml")
    #expect(lj.potential?.source == .lennardJones(epsilon: 0.0104, sigma: 3.4, cutoff: 8.5))
}

/// Frictionless, non-adhesive indentation is reversible: the indenter's work ∫P dh equals the
/// stored elastic plus penalty energy (to the trapezoid error of the load path), withdrawing the
/// indenter returns the body to zero energy, and the contact half-width follows Hertz,
/// a = sqrt(4PR/(πE*)) (Johnson, Contact Mechanics, eq. 5.6), through the deck's unit conversions.
@Test func indentationDeckConservesEnergyUnloadsToZeroAndFollowsHertz() throws {
    let dir = try DeckFixtures.temporaryDirectory()
    let text = DeckFixtures.indentation
        .replacingOccurrences(of: "cells = [8, 8]", with: "cells = [40, 40]\ngrading = 2")
        .replacingOccurrences(of: "segments = [{ to = \"1 angstrom\", steps = 2 }]",
                              with: "segments = [{ to = \"1 angstrom\", steps = 10 }, { to = \"0 angstrom\", steps = 5 }]")
    let d = try deck(text, in: dir)
    let summary = try DeckRunner.run(d, options: RunOptions(outputDirectory: dir.appendingPathComponent("out")))
    #expect(summary.complete)
    let out = try csv(dir.appendingPathComponent("out"), "deck")
    let depth = column(out, "depth"), load = column(out, "load"), elastic = column(out, "elastic_energy")
    let penalty = column(out, "penalty_energy"), work = column(out, "work")
    #expect(depth.count == 15)
    for k in 1..<10 { #expect(load[k] > load[k - 1], "load grows with depth") }
    let stored = elastic[9] + penalty[9]
    print("work \(work[9]) stored \(stored) final elastic \(elastic[14])")
    #expect(abs(work[9] / stored - 1) < 0.01)
    #expect(abs(elastic[14]) < 1e-9 * elastic[9])
    let a = try #require(summary.figure("contact_radius_at_maximum_depth"))
    let hertz = try #require(summary.figure("hertz_contact_radius_at_maximum_depth"))
    print("contact radius \(a) Hertz \(hertz)")
    #expect(abs(a / hertz - 1) < 0.05)
    let p0 = try #require(summary.figure("peak_pressure_at_maximum_depth"))
    let hertzP0 = try #require(summary.figure("hertz_peak_pressure_at_maximum_depth"))
    print("peak pressure \(p0) GPa, Hertz \(hertzP0) GPa")
    #expect(abs(p0 / hertzP0 - 1) < 0.05)
}

/// For a clean rigid cleavage the area under the traction equals the energy plateau, and the
/// plateau (openings beyond the cutoff) equals twice the surface energy from slab and bulk
/// energies, γ = (E_slab − N e_bulk)/(2A): an independent closed-form check of the deck path.
@Test func cohesiveLawDeckWorkOfSeparationEqualsTwiceTheSurfaceEnergy() throws {
    let dir = try DeckFixtures.temporaryDirectory()
    let text = DeckFixtures.cohesiveLJ.replacingOccurrences(of: "stop = \"6 angstrom\", step = \"0.5 angstrom\"",
                                                            with: "stop = \"10 angstrom\", step = \"0.25 angstrom\"")
    let d = try deck(text, in: dir)
    let summary = try DeckRunner.run(d, options: RunOptions(outputDirectory: dir))
    let w = try #require(summary.figure("work_of_separation")), twoGamma = try #require(summary.figure("twice_surface_energy"))
    print("W = \(w) J/m^2, 2γ = \(twoGamma) J/m^2")
    #expect(abs(w / twoGamma - 1) < 1e-6)
    // Area under the traction (trapezoid, GPa·Å = 0.1 J/m^2) against φ at the largest opening.
    let out = try csv(dir, "lj111")
    let delta = column(out, "opening"), t = column(out, "traction")
    var area = 0.0
    for k in 1..<delta.count { area += 0.5 * (t[k] + t[k - 1]) * (delta[k] - delta[k - 1]) }
    #expect(abs(0.1 * area / w - 1) < 0.02)
    // The law file the continuum reads is written with the surface energy.
    let law = try String(contentsOf: dir.appendingPathComponent("lj111.law.json"), encoding: .utf8)
    #expect(law.contains("surface"))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lj111_0040.xyz").path))
}

/// The sphere (3D quarter model on a box mesh): the indenter's work balances the stored energy,
/// the model counts as a quarter (symmetry planes x = 0 and y = 0), and the contact radius follows
/// Hertz, a = (3PR/(4E*))^(1/3) (Johnson, Contact Mechanics, eq. 4.22), on a coarse graded mesh.
@Test func aSphereIndentationDeckBalancesEnergyAndFollowsHertzAsAQuarterModel() throws {
    let text = """
        [problem]
        kind = "indentation"
        [material]
        kind = "isotropic"
        youngs_modulus = "100 GPa"
        poisson_ratio = 0.3
        [mesh]
        generator = "box"
        width = "4 nm"
        height = "4 nm"
        depth = "4 nm"
        cells = [12, 12, 12]
        grading = 2
        [[boundary]]
        set = "left"
        fix = ["x"]
        [[boundary]]
        set = "bottom"
        fix = ["y"]
        [[boundary]]
        set = "back"
        fix = ["z"]
        [indenter]
        shape = "sphere"
        radius = "4 nm"
        center = ["0 nm", "0 nm"]
        surface = "front"
        penalty = "500 GPa/angstrom"
        [load]
        segments = [{ to = "0.6 angstrom", steps = 10 }]
        [output]
        vtu = false

        """
    let dir = try DeckFixtures.temporaryDirectory()
    let d = try deck(text, in: dir)
    let s = try DeckRunner.run(d, options: RunOptions(outputDirectory: dir))
    #expect(s.figure("symmetry_copies") == 4)
    let work = try #require(s.figure("work_to_maximum_depth"))
    let stored = try #require(s.figure("elastic_energy_at_maximum_depth")) + (try #require(s.figure("penalty_energy_at_maximum_depth")))
    let a = try #require(s.figure("contact_radius_at_maximum_depth")), hertz = try #require(s.figure("hertz_contact_radius_at_maximum_depth"))
    print("sphere: work \(work) stored \(stored) eV; a = \(a) Å, Hertz \(hertz) Å")
    #expect(abs(work / stored - 1) < 0.02)
    #expect(abs(a / hertz - 1) < 0.1)
}
