import Testing
import SeamCore
import SeamPotential

/// Regression: an atom whose fractional coordinate is a tiny negative number (-1e-17 after a
/// deformation of a lattice site at 0) wraps to exactly 1.0 in floating point; the list must
/// then count it at 0 in the next cell, or it loses and duplicates images.
@Test func neighbourListCountsTwelveNeighboursForASheared4AtomFccCell() throws {
    let a = 1.1 * 2.0.squareRoot()
    let basis = [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)].map { a * $0 }
    let f = Mat3(rows: Vec3(1, 0.002, 0), Vec3(0, 1, -0.002), Vec3(0.001, 0, 1))
    let s = try Structure(elements: Array(repeating: Element(symbol: "Ar")!, count: 4), positions: basis,
                          cell: Mat3(diagonal: a, a, a), periodic: [true, true, true]).deformed(by: f)
    #expect(s.positions.contains { p in (0..<3).contains { s.fractional(p)[$0] < 0 } })
    let list = NeighborList(structure: s, cutoff: 1.3)
    for i in 0..<4 { #expect(list.range(of: i).count == 12) }
}
