import Testing
import SeamCore
import SeamPotential

@Test func deformedListEqualsARebuiltListForASmallDeformation() throws {
    // A 3-atom triclinic cell shorter than the cutoff (many periodic images).
    let cell = Mat3([2.1, 0, 0, 0.4, 1.9, 0, -0.3, 0.5, 2.3])
    let s = try Structure(elements: [Element(symbol: "Si")!, Element(symbol: "Si")!, Element(symbol: "O")!],
                          positions: [Vec3(0, 0, 0), Vec3(0.9, 0.7, 1.1), Vec3(1.5, 0.2, 0.4)], cell: cell,
                          periodic: [true, true, true])
    let cutoff = 4.0, skin = 0.05
    let list = NeighborList(structure: s, cutoff: cutoff, skin: skin)
    var moved = s.deformed(by: Mat3.identity + 1e-3 * Mat3([1, 0.3, -0.2, 0.1, -0.5, 0.4, 0.2, 0.1, 0.7]))
    moved.positions[1] += Vec3(2e-3, -1e-3, 1e-3)
    let reused = list.deformed(to: moved)
    let rebuilt = NeighborList(structure: moved, cutoff: cutoff, skin: skin)
    for i in 0..<s.count {
        // Same pairs inside the cutoff, with the same vectors.
        func inside(_ l: NeighborList) -> [String] {
            l.range(of: i).filter { l.distances[$0] < cutoff }.map { e -> String in
                let v = l.vectors[e]
                return "\(l.neighbors[e]):\(Int((v.x * 1e6).rounded())),\(Int((v.y * 1e6).rounded())),\(Int((v.z * 1e6).rounded()))"
            }.sorted()
        }
        #expect(inside(reused) == inside(rebuilt))
        #expect(!inside(reused).isEmpty)
        for e in reused.range(of: i) {
            let v = moved.positions[Int(reused.neighbors[e])] + reused.shifts[e] - moved.positions[i]
            #expect((v - reused.vectors[e]).maxAbs < 1e-12 && abs(v.norm - reused.distances[e]) < 1e-12)
        }
    }
}
