import Testing
import SeamCore
import SeamPotential
import SeamFEM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Coordination shell of atom 0: (distance of the nearest neighbours, their count).
func firstShell(_ l: Lattice) throws -> (Double, Int) {
    let s = try l.structure(deformedBy: .identity)
    let list = NeighborList(structure: s, cutoff: 1.2 * cbrtVolume(l))
    let d = list.range(of: 0).map { list.distances[$0] }
    let nearest = d.min()!
    return (nearest, d.filter { $0 < nearest * (1 + 1e-9) }.count)
}
/// (V0/n)^(1/3), Å: larger than every nearest-neighbour distance here.
func cbrtVolume(_ l: Lattice) -> Double { cbrt(l.volume / Double(l.atomCount)) }

@Test func namedLatticesHaveTheirCoordinationAndDensity() throws {
    let si = Element(symbol: "Si")!, na = Element(symbol: "Na")!, cl = Element(symbol: "Cl")!
    let a = 4.0, r2 = 2.0.squareRoot(), r3 = 3.0.squareRoot()
    let cases: [(Lattice, Double, Int, Double)] = [  // lattice, nearest distance, count, atoms per a³
        (try .fcc(latticeConstant: a, element: argon), a / r2, 12, 4),
        (try .bcc(latticeConstant: a, element: argon), a * r3 / 2, 8, 2),
        (try .diamond(latticeConstant: a, elements: [si]), a * r3 / 4, 4, 8),
        (try .rocksalt(latticeConstant: a, elements: (na, cl)), a / 2, 6, 8),
        (try .cesiumChloride(latticeConstant: a, elements: (na, cl)), a * r3 / 2, 8, 2),
        (try .hcp(latticeConstant: a, element: argon), a, 12, r2),  // ideal c/a: same density as fcc with a_fcc = √2 a
    ]
    for (l, d, n, density) in cases {
        let (nearest, count) = try firstShell(l)
        #expect(abs(nearest - d) < 1e-12, "\(l.kind)")
        #expect(count == n, "\(l.kind)")
        #expect(abs(Double(l.atomCount) / l.volume * a * a * a - density) < 1e-12, "\(l.kind)")
    }
}

@Test func latticeConstructorsRejectBadInput() {
    #expect(throws: InputError.self) { try Lattice.fcc(latticeConstant: -1, element: argon) }
    #expect(throws: InputError.self) { try Lattice.diamond(latticeConstant: 5, elements: []) }
    #expect(throws: InputError.self) { try Lattice(cell: Mat3(diagonal: 1, 1, -1), basis: [.zero], elements: [argon]) }
    #expect(throws: InputError.self) { try Lattice(cell: .identity, basis: [.zero, .zero], elements: [argon]) }
    #expect(throws: InputError.self) { try Lattice.fcc(latticeConstant: 1, element: argon).rotated(by: Mat3(diagonal: 1, 1, 2)) }
}

@Test func cauchyBornRejectsElementsThePotentialDoesNotKnow() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 0.5)
    let only = try LennardJones(defaultParameters: nil, elements: [argon: .init(epsilon: 1, sigma: 1)], cutoff: 3, switchWidth: 0.5)
    let cu = try Lattice.fcc(latticeConstant: 1.55, element: Element(symbol: "Cu")!)
    _ = try CauchyBornMaterial(potential: lj, lattice: cu)
    #expect(throws: InputError.self) { try CauchyBornMaterial(potential: only, lattice: cu) }
}
