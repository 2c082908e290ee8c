import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Analytic forces and virial against central differences of the energy, on every shipped
/// potential, including cells shorter than the cutoff (an atom sees its own images).
/// FD checks subsample atoms so that debug runs stay short.
struct HDNNPForceTests {
    struct ForceCase: Sendable, CustomStringConvertible {
        var fixture: HDNNPFixtures.Case
        var file: String
        var atoms: [Int]
        var description: String { "\(fixture.potential)/\(file)" }
    }
    static let cases = [
        ForceCase(fixture: HDNNPFixtures.water, file: "input.data.h2o_1_selfimage", atoms: [0, 1, 2]),
        ForceCase(fixture: HDNNPFixtures.water, file: "input.data.h2o_16_smallcell", atoms: [0, 7, 29]),
        ForceCase(fixture: HDNNPFixtures.cu2s, file: "input.data.cu2s_144", atoms: [100]),
        ForceCase(fixture: HDNNPFixtures.dmabn, file: "input.data.dmabn_21", atoms: [0, 9, 12, 20]),
    ]

    @Test("analytic forces equal minus the finite-difference energy gradient (relative 1e-6)", arguments: cases)
    func forcesMatchFiniteDifferences(_ c: ForceCase) throws {
        let p = try HDNNPFixtures.potential(c.fixture)
        let s = try HDNNPFixtures.structure(c.fixture, c.file)
        let err = try PotentialChecks.forceError(p, s, atoms: c.atoms, h: 1e-4)
        print("force FD \(c): relative error \(err)")
        #expect(err < 1e-6)
    }

    @Test("the virial equals minus the finite-strain derivative of the energy", arguments: [cases[0], cases[1], cases[2]])
    func virialMatchesFiniteStrain(_ c: ForceCase) throws {
        let p = try HDNNPFixtures.potential(c.fixture)
        let s = try HDNNPFixtures.structure(c.fixture, c.file)
        let err = try PotentialChecks.virialError(p, s, h: 1e-5)
        print("virial FD \(c): relative error \(err)")
        #expect(err < 1e-6)
    }

    /// Silicon (the project's default potential): a periodic DFT cell and a non-periodic
    /// cluster cut from it.
    static func siliconStructures() throws -> (bulk: Structure, cluster: Structure) {
        let bulk = try MlearnEntry.read(ReferenceData.url("mlearn/Si/test.json"))[9].structure.wrapped()
        let centre = 0.5 * (bulk.cell.r0 + bulk.cell.r1 + bulk.cell.r2)
        let keep = bulk.positions.indices.filter { (bulk.positions[$0] - centre).norm < 6.0 }
        let cluster = try Structure(elements: keep.map { bulk.elements[$0] }, positions: keep.map { bulk.positions[$0] })
        return (bulk, cluster)
    }

    @Test("silicon forces and virial match finite differences, periodic and as a cluster")
    func siliconForces() throws {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.silicon)
        let (bulk, cluster) = try Self.siliconStructures()
        #expect(cluster.count >= 15)
        let eb = try PotentialChecks.forceError(p, bulk, atoms: [0, 31])
        let ec = try PotentialChecks.forceError(p, cluster, atoms: [0, cluster.count / 2, cluster.count - 1])
        let ev = try PotentialChecks.virialError(p, bulk)
        print("silicon: bulk force \(eb), cluster force \(ec), virial \(ev)")
        #expect(eb < 1e-6)
        #expect(ec < 1e-6)
        #expect(ev < 1e-6)
    }

    @Test("forces sum to zero, the virial is symmetric, and a skinned list or one thread change nothing")
    func momentumAndVirialSymmetry() throws {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.water)
        let s = try HDNNPFixtures.structure(HDNNPFixtures.water, "input.data.h2o_16_smallcell")
        let r = try p.evaluate(s)
        let total = r.forces.reduce(Vec3.zero, +)
        let fmax = r.forces.map(\.maxAbs).max()!
        #expect(total.maxAbs < 1e-12 * Double(s.count) * fmax)
        #expect((r.virial - r.virial.transposed).maxAbs < 1e-10 * r.virial.maxAbs)
        // Per-atom energies sum to the total.
        #expect(abs(r.atomEnergies.reduce(0, +) - r.energy) < 1e-9 * abs(r.energy))
        // A neighbour list with a skin (entries beyond the cutoff) and one thread give the same result.
        var single = p
        single.threadCount = 1
        let skinned = try single.evaluate(s, neighbors: NeighborList(structure: s, cutoff: p.cutoff, skin: 1.5), request: .all)
        #expect(abs(skinned.energy - r.energy) < 1e-12 * abs(r.energy))
        for i in 0..<s.count { #expect((skinned.forces[i] - r.forces[i]).maxAbs < 1e-12 * fmax) }
        #expect((skinned.virial - r.virial).maxAbs < 1e-11 * r.virial.maxAbs)
    }

    @Test("energy and forces are invariant under rotation, translation and permutation")
    func invariances() throws {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.dmabn)
        let s = try HDNNPFixtures.structure(HDNNPFixtures.dmabn, "input.data.dmabn_21")
        let e = try PotentialChecks.invarianceErrors(p, s)
        let fmax = try p.evaluate(s).forces.map(\.maxAbs).max()!
        print("invariance DMABN: \(e), fmax \(fmax)")
        #expect(e.rotation < 1e-9 * max(1, fmax))
        #expect(e.translation < 1e-9 * max(1, fmax))
        #expect(e.permutation < 1e-9 * max(1, fmax))
        let ps = try HDNNPFixtures.potential(HDNNPFixtures.silicon)
        let (bulk, _) = try Self.siliconStructures()
        let es = try PotentialChecks.invarianceErrors(ps, bulk)
        print("invariance Si bulk: \(es)")
        #expect(es.rotation < 1e-8 && es.translation < 1e-8 && es.permutation < 1e-8)
    }
}
