import Foundation
import Testing
import SeamCore
import SeamDeck
import SeamFEM
import SeamPotential

/// A `cauchy-born` material built from the deck's potential behaves, at small indentation
/// depth, like the linear cubic material with the Cauchy-Born elastic constants at F = I: the
/// two decks give the same load to within the small-strain nonlinearity. Lennard-Jones fcc at
/// its zero-stress lattice constant (found here by bisection on the Cauchy-Born pressure), so
/// that the body is stress free before contact.
@Test func aCauchyBornIndentationDeckMatchesTheLinearCubicDeckOfItsElasticConstantsAtSmallDepth() throws {
    let lj = try LennardJones(epsilon: 0.0104, sigma: 3.4, cutoff: 8.5, switchWidth: 1.7)
    let ar = try Element.parse("Ar")
    func pressure(_ a: Double) throws -> Double {
        try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: a, element: ar)).response(at: .identity, request: .stress).stress.trace
    }
    var lo = 5.0, hi = 5.6
    #expect(try pressure(lo) * pressure(hi) < 0)
    for _ in 0..<60 { let mid = 0.5 * (lo + hi); if try pressure(mid) * pressure(lo) > 0 { lo = mid } else { hi = mid } }
    let a0 = 0.5 * (lo + hi)
    let c = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: a0, element: ar)).response(at: .identity, request: .tangent).tangent
    let gpa = Units.gigapascalPerEvPerCubicAngstrom
    let (c11, c12, c44) = (c[0, 0, 0, 0] * gpa, c[0, 0, 1, 1] * gpa, c[0, 1, 0, 1] * gpa)
    print("a0 = \(a0) Å, C11 = \(c11), C12 = \(c12), C44 = \(c44) GPa")

    let common = """
        [problem]
        kind = "indentation"
        [mesh]
        generator = "rectangle"
        width = "6 nm"
        height = "6 nm"
        cells = [12, 12]
        grading = 2
        [[boundary]]
        set = "left"
        fix = ["x"]
        [[boundary]]
        set = "bottom"
        fix = ["y"]
        [indenter]
        shape = "cylinder"
        radius = "3 nm"
        penalty = "50 GPa/angstrom"
        [load]
        segments = [{ to = "0.3 angstrom", steps = 2 }]

        """
    let cubic = common + """
        [material]
        kind = "cubic"
        c11 = "\(c11) GPa"
        c12 = "\(c12) GPa"
        c44 = "\(c44) GPa"
        """
    let cb = common + """
        [potential]
        lj = { epsilon = "0.0104 eV", sigma = "3.4 angstrom", cutoff = "8.5 angstrom" }
        [material]
        kind = "cauchy-born"
        lattice = "fcc"
        lattice_constant = "\(a0) angstrom"
        element = "Ar"
        """
    let dir = try DeckFixtures.temporaryDirectory()
    var loads: [Double] = []
    for (name, text) in [("cubic", cubic), ("cb", cb)] {
        let d = try Deck.parse(text, source: dir.appendingPathComponent(name + ".toml").path)
        let s = try DeckRunner.run(d, options: RunOptions(outputDirectory: dir.appendingPathComponent(name)))
        loads.append(try #require(s.figure("load_at_maximum_depth")))
    }
    print("load cubic \(loads[0]), Cauchy-Born \(loads[1]) eV/Å^2")
    #expect(loads[0] > 0)
    #expect(abs(loads[1] / loads[0] - 1) < 0.03)
}
