import Testing
import SeamCore
import SeamPotential
import SeamCohesive
import SeamCoupling

/// Two rigid LJ fcc half-crystals, (001) interface: their adhesion comes from the rigid law
/// derived from the same potential. With the isolating mask the work to pull them apart is the law's
/// work of separation; without it, atoms also interact across the interface (double counting).
@Suite struct MaskedInterfaceTests {
    static func setUp(isolated: Bool) throws -> (InterfaceSeparation<LennardJones, TabulatedLaw>, TabulatedLaw, [Double]) {
        let lj = try Fixtures.lennardJones()
        let slab = try InterfaceSlab.cleaving(Crystal.fcc(Fixtures.argon, a: Fixtures.argonLattice), halfThickness: 7)
        let openings = stride(from: 0.0, through: 10.0, by: 0.05).map { $0 }
        let derived = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: openings)
        let law = try derived.tabulated()
        let separation = try InterfaceSeparation(slab: slab, potential: lj, law: law, isolated: isolated, gripThickness: nil)
        let grips = stride(from: 0.0, through: 12.0, by: 0.05).map { $0 }
        return (separation, law, grips)
    }

    @Test("With the mask on, the work to separate the bodies equals the rigid law's work of separation within 2%")
    func maskedSeparationWorkMatchesLaw() throws {
        let (separation, law, grips) = try Self.setUp(isolated: true)
        let steps = try separation.run(displacements: grips)
        let expected = law.workOfSeparation * separation.slab.area
        let work = steps.last!.externalWork
        let worstBalance = steps.map { abs($0.balanceError) }.max()!
        print("masked: W = \(work) eV, law G A = \(expected) eV, ratio \(work / expected), worst balance error \(worstBalance) eV, final opening \(steps.last!.opening) Å")
        #expect(abs(work / expected - 1) < 0.02, "work \(work) eV vs G A = \(expected) eV")
        // Bookkeeping: the final state holds the work as cohesive energy (bodies unloaded).
        #expect(abs(steps.last!.cohesiveEnergy - expected) < 1e-6 * expected)
        #expect(worstBalance < 0.02 * expected)
        // The adhesion energy itself: total energy separated minus in contact (not the work).
        let (first, last) = (steps.first!, steps.last!)
        let adhesion = (last.atomisticEnergy + last.cohesiveEnergy) - (first.atomisticEnergy + first.cohesiveEnergy)
        #expect(abs(adhesion / expected - 1) < 0.02, "adhesion energy \(adhesion) eV vs G A = \(expected) eV")
    }

    @Test("With the mask off as well, the adhesion is counted twice")
    func unmaskedSeparationDoubleCounts() throws {
        let (separation, law, grips) = try Self.setUp(isolated: false)
        let steps = try separation.run(displacements: grips)
        let expected = law.workOfSeparation * separation.slab.area
        let ratio = steps.last!.externalWork / expected
        let (first, last) = (steps.first!, steps.last!)
        let adhesion = (last.atomisticEnergy + last.cohesiveEnergy) - (first.atomisticEnergy + first.cohesiveEnergy)
        print("unmasked: W / (G A) = \(ratio), adhesion energy / (G A) = \(adhesion / expected)")
        #expect(ratio > 1.8 && ratio < 2.2, "ratio \(ratio)")
        #expect(adhesion / expected > 1.8 && adhesion / expected < 2.2)
    }
}

/// The same accounting with the many-body Si HDNNP: the mask must also remove every angular
/// term that contains a pair across the interface.
@Suite struct MaskedHDNNPInterfaceTests {
    @Test("Si HDNNP (001): masked separation work equals the law's within 2%, unmasked is about twice")
    func siliconMaskedAndUnmasked() throws {
        let nnp = try Fixtures.siliconPotential()
        let slab = try InterfaceSlab.cleaving(Crystal.diamond(Fixtures.silicon, a: Fixtures.siliconLattice), halfThickness: 5)
        let law = try LawDerivation(potential: nnp, slab: slab)
            .rigid(.opening, separations: stride(from: 0.0, through: 7.0, by: 0.05).map { $0 }).tabulated()
        let grips = stride(from: 0.0, through: 8.0, by: 0.05).map { $0 }
        let expected = law.workOfSeparation * slab.area
        var ratios: [Double] = []
        for isolated in [true, false] {
            let separation = try InterfaceSeparation(slab: slab, potential: nnp, law: law, isolated: isolated, gripThickness: nil)
            ratios.append(try separation.run(displacements: grips).last!.externalWork / expected)
        }
        print("Si HDNNP: G = \(law.workOfSeparation) eV/Å^2; W/(G A) masked \(ratios[0]), unmasked \(ratios[1])")
        #expect(abs(ratios[0] - 1) < 0.02)
        #expect(ratios[1] > 1.8 && ratios[1] < 2.2)
    }
}
