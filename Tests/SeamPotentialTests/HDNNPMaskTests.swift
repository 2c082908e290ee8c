import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// The interaction mask: masked pairs and triplets contribute nothing.
struct HDNNPMaskTests {
    /// Water box split into two groups by the x coordinate of each atom.
    static func splitBox() throws -> (HDNNP, Structure, [Int]) {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.water)
        let s = try HDNNPFixtures.structure(HDNNPFixtures.water, "input.data.h2o_16_smallcell")
        let half = 0.5 * s.cell.r0.x
        return (p, s, s.positions.map { $0.x < half ? 0 : 1 })
    }

    static func subset(_ s: Structure, _ keep: [Int]) throws -> Structure {
        try Structure(elements: keep.map { s.elements[$0] }, positions: keep.map { s.positions[$0] }, cell: s.cell, periodic: s.periodic)
    }

    @Test("with two isolated groups the energy is the sum of each group's energy alone, and forces do not cross")
    func isolatedGroupsAreAdditive() throws {
        let (p, s, groups) = try Self.splitBox()
        let mask = InteractionMask.isolating(groups: groups)
        let masked = try p.evaluate(s, mask: mask)
        let a = groups.indices.filter { groups[$0] == 0 }, b = groups.indices.filter { groups[$0] == 1 }
        #expect(!a.isEmpty && !b.isEmpty)
        let ra = try p.evaluate(try Self.subset(s, a)), rb = try p.evaluate(try Self.subset(s, b))
        #expect(abs(masked.energy - (ra.energy + rb.energy)) < 1e-9 * abs(masked.energy))
        for (k, i) in a.enumerated() { #expect((masked.forces[i] - ra.forces[k]).maxAbs < 1e-9) }
        for (k, i) in b.enumerated() { #expect((masked.forces[i] - rb.forces[k]).maxAbs < 1e-9) }
        // Nothing crosses: moving an atom of group 1 leaves group 0's forces unchanged.
        var moved = s
        moved.positions[b[0]] += Vec3(0.05, -0.03, 0.02)
        let after = try p.evaluate(moved, mask: mask)
        for i in a { #expect(after.forces[i] == masked.forces[i]) }
        // And without the mask the two halves do interact.
        #expect(abs(try p.energy(s) - masked.energy) > 1e-3)
    }

    @Test("with a non-transitive mask (0 and 1 separated, 2 sees both) forces still match finite differences")
    func maskedTripletsAreConsistent() throws {
        let (p, s, groups) = try Self.splitBox()
        var g = groups
        for i in stride(from: 0, to: g.count, by: 3) { g[i] = 2 }  // every O sees both halves
        let mask = InteractionMask(groups: g, separated: [(0, 1)])
        let err = try PotentialChecks.forceError(p, s, atoms: [0, 1, 4], mask: mask)
        print("masked FD error \(err)")
        #expect(err < 1e-6)
        // The mask changes the energy (triplet skipping itself is checked against a textbook
        // evaluation in HDNNPDescriptorTests).
        #expect(abs(try p.energy(s, mask: mask) - p.energy(s)) > 1e-4)
    }
}
