import Testing
import SeamCore
import SeamPotential
import SeamCohesive
#if canImport(Glibc)
import Glibc
#endif

private let argon = Element(symbol: "Ar")!

/// Plain 12-6 pair energy times the quintic switch, written independently of LennardJones.
private func pairEnergy(_ r: Double, cutoff: Double, width: Double) -> Double {
    if r >= cutoff { return 0 }
    let s6 = pow(1 / r, 6)
    let phi = 4 * (s6 * s6 - s6)
    let on = cutoff - width
    if r <= on { return phi }
    let x = (r - on) / width
    return phi * (1 - x * x * x * (10 - 15 * x + 6 * x * x))
}

/// Direct double sum over the atoms of the two half-slabs (all in-plane images): the
/// cross-interface energy per area at rigid opening δ. φ(δ) = [U(δ) - U(0)]/A.
private func crossEnergy(_ slab: InterfaceSlab, opening: Double, cutoff: Double, width: Double) -> Double {
    let s = slab.structure
    let a = s.cell.r0, b = s.cell.r1
    let na = Int((cutoff / s.cellHeights.x).rounded(.up)) + 1, nb = Int((cutoff / s.cellHeights.y).rounded(.up)) + 1
    var u = 0.0
    for i in 0..<s.count where !slab.upper[i] {
        for j in 0..<s.count where slab.upper[j] {
            for p in -na...na { for q in -nb...nb {
                let r = (s.positions[j] + opening * slab.normal + Double(p) * a + Double(q) * b - s.positions[i]).norm
                u += pairEnergy(r, cutoff: cutoff, width: width)
            } }
        }
    }
    return u / slab.area
}

@Test func rigidLJ111LawMatchesDirectLatticeSumAndTwiceTheSurfaceEnergy() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
    let bulk = Crystal.fcc(argon, a: 1.5496)
    let oriented = try Crystal.oriented(bulk, miller: (1, 1, 1))
    let slab = try InterfaceSlab.cleaving(oriented, halfThickness: 6.0)
    let derivation = try LawDerivation(potential: lj, slab: slab)
    let openings = stride(from: 0.0, through: 3.0, by: 0.05).map { $0 }
    let law = try derivation.rigid(.opening, separations: openings)
    let u0 = crossEnergy(slab, opening: 0, cutoff: 2.5, width: 0.5)
    for k in stride(from: 0, to: openings.count, by: 5) {
        let direct = crossEnergy(slab, opening: openings[k], cutoff: 2.5, width: 0.5) - u0
        #expect(abs(law.energies[k] - direct) < 1e-10, "opening \(openings[k])")
    }
    // Work of separation = 2γ (surface energy from slab and bulk energies), within 1%.
    let gamma = try derivation.surfaceEnergy(bulk: oriented)
    #expect(abs(law.workOfSeparation - 2 * gamma) < 0.01 * 2 * gamma)
    // And the direct sum: 2γ = -U(0)/A for a pair potential.
    #expect(abs(2 * gamma + u0) < 1e-8 * abs(u0))
    // Area under the traction equals the work of separation; traction = dφ/dδ.
    let table = try law.tabulated()
    #expect(abs(table.integratedWork(upTo: 3.0) - law.workOfSeparation) < 0.01 * law.workOfSeparation)
    // Simpson on each pair of steps: φ(k+1) - φ(k-1) = ∫ T, consistent to O(Δ^4).
    for k in 1..<(openings.count - 1) {
        let simpson = 0.05 / 3 * (law.tractions[k - 1] + 4 * law.tractions[k] + law.tractions[k + 1])
        #expect(abs(law.energies[k + 1] - law.energies[k - 1] - simpson) < 2e-3 * law.workOfSeparation, "opening \(openings[k])")
    }
}

@Test func tractionFromForcesEqualsFiniteDifferenceOfEnergy() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
    let oriented = try Crystal.oriented(Crystal.fcc(argon, a: 1.5496), miller: (1, 0, 0))
    let slab = try InterfaceSlab.cleaving(oriented, halfThickness: 5.5)
    let derivation = try LawDerivation(potential: lj, slab: slab)
    let h = 1e-5
    for mode in [SeparationMode.opening, .slip(Vec3(1, 0.3, 0))] {
        for delta in [0.1, 0.4, 0.9] {
            let law = try derivation.rigid(mode, separations: [delta - h, delta, delta + h])
            let fd = (law.energies[2] - law.energies[0]) / (2 * h)
            #expect(abs(fd - law.tractions[1]) < 1e-6 * max(1, abs(fd)), "\(mode) at \(delta)")
        }
    }
}

@Test func orientedCellsPreserveDensityAndPutThePlaneInXY() throws {
    let bulk = Crystal.diamond(Element(symbol: "Si")!, a: 5.43)
    for m in [(1, 1, 1), (1, 0, 0), (1, 1, 0), (2, 1, 1)] {
        let o = try Crystal.oriented(bulk, miller: m)
        #expect(abs(Double(o.count) / o.volume - 8 / pow(5.43, 3)) < 1e-9)
        #expect(abs(o.cell.r0.z) < 1e-12 && abs(o.cell.r1.z) < 1e-12 && o.cell.r2.z > 0)
        // The crystal's plane normal is z: the original (hkl) normal maps to z.
        let minDist = try o.checkOverlaps(minimumDistance: 2.3)
        _ = minDist
    }
    #expect(throws: InputError.self) { try Crystal.oriented(bulk, miller: (0, 0, 0)) }
}

@Test func relaxedPathWithAnIdleRelaxerReproducesTheRigidEnergies() throws {
    // With a relaxer that changes nothing, the relaxed path must reproduce the rigid energies:
    // a consistency check of the continuation bookkeeping.
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
    let slab = try InterfaceSlab.cleaving(try Crystal.oriented(Crystal.fcc(argon, a: 1.5496), miller: (1, 1, 1)), halfThickness: 6)
    let derivation = try LawDerivation(potential: lj, slab: slab)
    let openings = [0.0, 0.2, 0.5, 1.0, 2.0, 3.0]
    let rigid = try derivation.rigid(.opening, separations: openings)
    let frozen = try derivation.relaxed(.opening, separations: openings, gripThickness: 3, relax: { s, _ in s })
    for k in openings.indices { #expect(abs(rigid.energies[k] - frozen.energies[k]) < 1e-12) }
    #expect(throws: InputError.self) {
        try derivation.relaxed(.opening, separations: openings, gripThickness: 100, relax: { s, _ in s })
    }
}

@Test(arguments: [(1, 1, 1), (1, 1, 0), (2, 1, 1)])
func cleavingTiltedCellsKeepsThePerfectCrystal(miller: (Int, Int, Int)) throws {
    // Oriented diamond cells have c tilted away from the normal; the cleaved slab must still be
    // the perfect crystal (same nearest-neighbour distance, no overlaps), with the cut in a gap.
    let si = Element(symbol: "Si")!
    let oriented = try Crystal.oriented(Crystal.diamond(si, a: 5.43), miller: miller)
    let slab = try InterfaceSlab.cleaving(oriented, halfThickness: 8)
    try slab.structure.checkOverlaps(minimumDistance: 2.3)
    let list = NeighborList(structure: slab.structure, cutoff: 2.4)
    let nn = 5.43 * 3.0.squareRoot() / 4
    for i in 0..<slab.structure.count { for e in list.range(of: i) { #expect(abs(list.distances[e] - nn) < 1e-9) } }
    let heights = slab.structure.positions.map { $0.dot(slab.normal) }
    let below = heights.enumerated().filter { !slab.upper[$0.offset] }.map(\.element).max()!
    let above = heights.enumerated().filter { slab.upper[$0.offset] }.map(\.element).min()!
    #expect(above - below > 0.3)
}

@Test func interfaceLawBetweenTwoDifferentBodiesMatchesTheDirectCrossSum() throws {
    // A slab whose upper part is another element (Kr on Ar): only Ar-Kr pairs cross the cut,
    // with Lorentz-Berthelot parameters ε = sqrt(1 × 1.6), σ = (1 + 1.1)/2.
    let ar = Element(symbol: "Ar")!, kr = Element(symbol: "Kr")!
    let lj = try LennardJones(elements: [ar: .init(epsilon: 1, sigma: 1), kr: .init(epsilon: 1.6, sigma: 1.1)], cutoff: 2.8, switchWidth: 0.5)
    let cleaved = try InterfaceSlab.cleaving(try Crystal.oriented(Crystal.fcc(ar, a: 1.5496), miller: (1, 0, 0)), halfThickness: 6)
    var s = cleaved.structure
    for i in 0..<s.count where cleaved.upper[i] { s.elements[i] = kr }
    let slab = try InterfaceSlab(structure: s, cutHeight: cleaved.cutHeight)
    let law = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: [0, 0.3, 0.8, 1.5, 3.5])
    let eps = (1.6).squareRoot(), sig = 1.05
    func pair(_ r: Double) -> Double {
        if r >= 2.8 { return 0 }
        let s6 = pow(sig / r, 6), phi = 4 * eps * (s6 * s6 - s6)
        if r <= 2.3 { return phi }
        let x = (r - 2.3) / 0.5
        return phi * (1 - x * x * x * (10 - 15 * x + 6 * x * x))
    }
    func cross(_ delta: Double) -> Double {
        var u = 0.0
        let a = s.cell.r0, b = s.cell.r1
        for i in 0..<s.count where !slab.upper[i] { for j in 0..<s.count where slab.upper[j] {
            for p in -3...3 { for q in -3...3 {
                u += pair((s.positions[j] + delta * slab.normal + Double(p) * a + Double(q) * b - s.positions[i]).norm)
            } }
        } }
        return u / slab.area
    }
    let u0 = cross(0)
    for (k, d) in law.openings.enumerated() { #expect(abs(law.energies[k] - (cross(d) - u0)) < 1e-10, "δ = \(d)") }
    // Dupré: the work of adhesion is -U_cross(0)/A (the halves' own energies do not change).
    #expect(abs(law.workOfSeparation + u0) < 1e-10)
}
