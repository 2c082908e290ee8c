import Foundation
import Testing
import SeamCohesive
import SeamCore
import SeamIO

@Test func minimizeRelaxesPerturbedLJ13ToTheIcosahedronEnergy() throws {
    // A perturbed 13-atom icosahedron (ε = 1 eV, σ = 1 Å): the global minimum is -44.326801 ε.
    let phi = (1 + 5.0.squareRoot()) / 2
    var pos = [Vec3(0, 0, 0)]
    for a in [-1.0, 1.0] { for b in [-phi, phi] {
        pos.append(Vec3(0, a, b)); pos.append(Vec3(a, b, 0)); pos.append(Vec3(b, 0, a))
    } }
    let scale = 1.1 / (1 + phi * phi).squareRoot()
    var g = SeededGenerator(seed: 5)
    var text = "13\nProperties=species:S:1:pos:R:3\n"
    for p in pos {
        let q = scale * p + Vec3(0.05 * (g.uniform() - 0.5), 0.05 * (g.uniform() - 0.5), 0.05 * (g.uniform() - 0.5))
        text += "Ar \(q.x) \(q.y) \(q.z)\n"
    }
    let tmp = try SeamBinary.temporaryDirectory()
    let input = tmp.appendingPathComponent("lj13.xyz")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let out = tmp.appendingPathComponent("relaxed.xyz")
    let r = try SeamBinary.run(["minimize", "--lj", "1,1,4", "--fmax", "1e-6", input.path, "-o", out.path])
    #expect(r.status == 0, "\(r.stderr)")
    let e = try ExtendedXYZ.read(from: out)[0].energy!
    #expect(abs(e - -44.326801) < 1e-5)
}

@Test func cohesiveWritesALawFileCSVAndPlotWithWorkEqualToTwiceTheSurfaceEnergy() throws {
    let tmp = try SeamBinary.temporaryDirectory()
    let prefix = tmp.appendingPathComponent("ar111").path
    let r = try SeamBinary.run(["cohesive", "--lj", "0.0104,3.4,8.5", "--lattice", "fcc", "-a", "5.26", "--element", "Ar",
                                "--miller", "1,1,1", "--openings", "0:9:0.25", "-o", prefix])
    #expect(r.status == 0, "\(r.stderr)")
    let file = try CohesiveLawFile.decode(try String(contentsOfFile: prefix + ".law.json", encoding: .utf8), source: "law")
    let gamma = try #require(file.surfaceEnergy)
    #expect(abs(file.law.workOfSeparation - 2 * gamma) < 0.01 * 2 * gamma)
    #expect(file.provenance.plane == [1, 1, 1])
    let csv = try String(contentsOfFile: prefix + ".csv", encoding: .utf8)
    #expect(csv.hasPrefix("mode,relaxed,opening [Angstrom],energy_per_area [J/m^2],traction [GPa]"))
    let svg = try String(contentsOfFile: prefix + ".svg", encoding: .utf8)
    #expect(svg.contains("<svg") && svg.contains("opening"))
    #expect(r.stderr.contains("[opening 37/37]"))  // progress line per opening
}

@Test func cohesiveRejectsBadOptionsClearly() throws {
    let bad = try SeamBinary.run(["cohesive", "--lj", "1,1,3", "--lattice", "fcc", "-a", "1.55", "--element", "Ar", "--miller", "1,1"])
    #expect(bad.status != 0 && bad.stderr.contains("--miller"))
    let noSlabCut = try SeamBinary.run(["cohesive", "--lj", "1,1,3", "--slab", "x.xyz"])
    #expect(noSlabCut.status != 0 && noSlabCut.stderr.contains("--cut"))
}

@Test func siliconCohesiveExampleReproducesItsREADMEFigures() throws {
    // examples/cohesive-si: rigid (111) law of the default potential (coarse openings for speed).
    let tmp = try SeamBinary.temporaryDirectory()
    let prefix = tmp.appendingPathComponent("si111").path
    let r = try SeamBinary.run(["cohesive", "--potential", "examples/potentials/Si-mlearn-nnp", "--lattice", "diamond", "-a", "5.5011",
                                "--element", "Si", "--miller", "1,1,1", "--openings", "0:8:0.4", "-o", prefix])
    #expect(r.status == 0, "\(r.stderr)")
    let file = try CohesiveLawFile.decode(try String(contentsOfFile: prefix + ".law.json", encoding: .utf8), source: "law")
    let gammaJ = try #require(file.summary.surfaceEnergyJoulePerSquareMetre)
    #expect(abs(gammaJ - 1.124) < 0.002)                                   // README: γ(111) = 1.124 J/m^2
    #expect(abs(file.summary.workOfSeparationJoulePerSquareMetre - 2.248) < 0.003)
    #expect(abs(file.law.area - 52.415) < 0.001)
}
