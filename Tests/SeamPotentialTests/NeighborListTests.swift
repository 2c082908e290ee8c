import Testing
import SeamCore
import SeamPotential

/// Brute-force reference: every image of every atom within the cutoff, by direct loops.
private func bruteForce(_ s: Structure, cutoff r: Double) -> [[String]] {
    let h = s.cellHeights
    var range = [0, 0, 0]
    for a in 0..<3 where s.periodic[a] { range[a] = Int((r / h[a]).rounded(.up)) + 1 }
    var out = [[String]](repeating: [], count: s.count)
    for i in 0..<s.count {
        for j in 0..<s.count {
            for n0 in -range[0]...range[0] { for n1 in -range[1]...range[1] { for n2 in -range[2]...range[2] {
                if i == j && n0 == 0 && n1 == 0 && n2 == 0 { continue }
                let shift = Double(n0) * s.cell.r0 + Double(n1) * s.cell.r1 + Double(n2) * s.cell.r2
                let v = s.positions[j] + shift - s.positions[i]
                if v.norm <= r { out[i].append(key(j, v)) }
            } } }
        }
        out[i].sort()
    }
    return out
}

private func key(_ j: Int, _ v: Vec3) -> String {
    func r(_ x: Double) -> Int { Int((x * 1e6).rounded()) }
    return "\(j):\(r(v.x)),\(r(v.y)),\(r(v.z))"
}

private func randomStructure(_ g: inout SeededGenerator, atoms: Int, cellScale: Double, periodic: [Bool]) throws -> Structure {
    let a = Vec3(cellScale * (0.8 + 0.4 * g.uniform()), 0, 0)
    let b = Vec3(cellScale * (0.4 * g.uniform() - 0.2), cellScale * (0.8 + 0.4 * g.uniform()), 0)
    let c = Vec3(cellScale * (0.4 * g.uniform() - 0.2), cellScale * (0.4 * g.uniform() - 0.2), cellScale * (0.8 + 0.4 * g.uniform()))
    let cell = Mat3(rows: a, b, c)
    var pos: [Vec3] = []
    for _ in 0..<atoms {
        // Some atoms outside the cell on purpose: the list must wrap them.
        let f = Vec3(1.6 * g.uniform() - 0.3, 1.6 * g.uniform() - 0.3, 1.6 * g.uniform() - 0.3)
        pos.append(f * cell)
    }
    return try Structure(elements: Array(repeating: Element(symbol: "Si")!, count: atoms), positions: pos, cell: cell, periodic: periodic)
}

@Test(arguments: [
    ([true, true, true], 6.0), ([true, true, true], 2.5), ([true, false, true], 3.0),
    ([false, false, false], 4.0), ([true, true, false], 1.7), ([true, true, true], 12.0),
])
func neighbourListMatchesBruteForce(periodic: [Bool], cellScale: Double) throws {
    var g = SeededGenerator(seed: 42 + UInt64(cellScale * 10))
    for trial in 0..<4 {
        let s = try randomStructure(&g, atoms: 3 + 5 * trial, cellScale: cellScale, periodic: periodic)
        let cutoff = 3.7
        let list = NeighborList(structure: s, cutoff: cutoff)
        let reference = bruteForce(s, cutoff: cutoff)
        for i in 0..<s.count {
            let got = list.range(of: i).map { key(Int(list.neighbors[$0]), list.vectors[$0]) }.sorted()
            #expect(got == reference[i], "atom \(i), trial \(trial), periodic \(periodic), cell \(cellScale)")
        }
    }
}

@Test func maskRemovesPairsBetweenIsolatedGroups() throws {
    var g = SeededGenerator(seed: 7)
    let s = try randomStructure(&g, atoms: 20, cellScale: 6, periodic: [true, true, true])
    let groups = (0..<20).map { $0 % 2 }
    let list = NeighborList(structure: s, cutoff: 3.5, mask: .isolating(groups: groups))
    for i in 0..<s.count { for e in list.range(of: i) { #expect(groups[Int(list.neighbors[e])] == groups[i]) } }
    #expect(list.entryCount > 0)
}

@Test func skinListStaysValidAndRefreshes() throws {
    var g = SeededGenerator(seed: 9)
    var s = try randomStructure(&g, atoms: 12, cellScale: 7, periodic: [true, true, true])
    var list = NeighborList(structure: s, cutoff: 3.0, skin: 0.6)
    for i in 0..<s.count { s.positions[i] += Vec3(0.1, -0.1, 0.05) * g.uniform() }
    #expect(list.isValid(for: s))
    list.refresh(positions: s.positions)
    let fresh = bruteForce(s, cutoff: 3.0)
    for i in 0..<s.count {
        let got = list.range(of: i).filter { list.distances[$0] <= 3.0 }.map { key(Int(list.neighbors[$0]), list.vectors[$0]) }.sorted()
        #expect(got == fresh[i])
    }
    s.positions[0] += Vec3(0.5, 0, 0)
    #expect(!list.isValid(for: s))
}
