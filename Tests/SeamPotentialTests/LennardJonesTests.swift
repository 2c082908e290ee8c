import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTestSupport

private let argon = Element(symbol: "Ar")!
private let krypton = Element(symbol: "Kr")!

/// Conventional fcc cell (4 atoms) with nearest-neighbour distance `rnn` (σ units), replicated.
func fccCrystal(nearestNeighbor rnn: Double, repeats n: Int = 1, element: Element = Element(symbol: "Ar")!) throws -> Structure {
    let a = rnn * 2.0.squareRoot()
    let basis = [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)].map { a * $0 }
    let s = try Structure(elements: Array(repeating: element, count: 4), positions: basis,
                          cell: Mat3(diagonal: a, a, a), periodic: [true, true, true])
    return s.replicated(n, n, n)
}

/// A random cluster with atoms at least `minimumDistance` apart.
private func randomCluster(_ g: inout SeededGenerator, count: Int, box: Double, minimumDistance: Double = 0.9,
                           elements: [Element] = [Element(symbol: "Ar")!], cell: Mat3 = .zero, periodic: [Bool] = [false, false, false]) throws -> Structure {
    var pos: [Vec3] = []
    while pos.count < count {
        let p = Vec3(box * g.uniform(), box * g.uniform(), box * g.uniform())
        if pos.allSatisfy({ ($0 - p).norm >= minimumDistance }) { pos.append(p) }
    }
    let els = (0..<count).map { elements[$0 % elements.count] }
    return try Structure(elements: els, positions: pos, cell: cell, periodic: periodic)
}

private func unitLJ(cutoff: Double = 2.5, width: Double = 0.5, tail: Bool = false) throws -> LennardJones {
    try LennardJones(epsilon: 1, sigma: 1, cutoff: cutoff, switchWidth: width, tailCorrection: tail)
}

@Test func ljForcesMatchFiniteDifferencesForAClusterAndTwoElements() throws {
    var g = SeededGenerator(seed: 7)
    let cluster = try randomCluster(&g, count: 14, box: 2.6)
    #expect(try PotentialChecks.forceError(unitLJ(), cluster) < 1e-6)
    // Two elements: Lorentz-Berthelot for Ar-Ar and Kr-Kr mixing, an explicit Ar-Kr pair.
    let mixed = try LennardJones(elements: [argon: .init(epsilon: 1, sigma: 1), krypton: .init(epsilon: 1.4, sigma: 1.12)],
                                 pairs: [(krypton, argon, .init(epsilon: 0.7, sigma: 1.3))], cutoff: 2.8, switchWidth: 0.6)
    let binary = try randomCluster(&g, count: 12, box: 2.6, elements: [argon, krypton])
    #expect(try PotentialChecks.forceError(mixed, binary) < 1e-6)
}

@Test(arguments: [false, true])
func ljForcesAndVirialMatchFiniteDifferencesInASmallTriclinicCell(tail: Bool) throws {
    // Cell heights (~1.6-2 σ) shorter than the 2.5 σ cutoff: atoms see their own images.
    let cell = Mat3(rows: Vec3(1.9, 0, 0), Vec3(0.35, 1.8, 0), Vec3(-0.2, 0.3, 2.0))
    var g = SeededGenerator(seed: 11)
    var pos: [Vec3] = []
    while pos.count < 3 {
        let p = Vec3(g.uniform(), g.uniform(), g.uniform()) * cell
        if pos.allSatisfy({ ($0 - p).norm >= 0.9 }) { pos.append(p) }
    }
    let s = try Structure(elements: Array(repeating: argon, count: 3), positions: pos, cell: cell, periodic: [true, true, true])
    let p = try unitLJ(tail: tail)
    #expect(try PotentialChecks.forceError(p, s) < 1e-6)
    #expect(try PotentialChecks.virialError(p, s) < 1e-6)
}

@Test func ljVirialMatchesFiniteStrainForASlabAndAStrainedCrystalWithTail() throws {
    var g = SeededGenerator(seed: 3)
    let slab = try randomCluster(&g, count: 10, box: 2.4, cell: Mat3(diagonal: 2.4, 2.4, 10), periodic: [true, true, false])
    #expect(try PotentialChecks.virialError(unitLJ(), slab) < 1e-6)
    #expect(try PotentialChecks.forceError(unitLJ(), slab) < 1e-6)
    // Sheared fcc with the tail correction: the tail's virial E_tail·I is checked too.
    let f = Mat3(rows: Vec3(1.02, 0.03, 0), Vec3(0, 0.99, -0.02), Vec3(0.01, 0, 1.01))
    let crystal = try fccCrystal(nearestNeighbor: 1.1).deformed(by: f)
    let tailed = try unitLJ(cutoff: 3, width: 1, tail: true)
    #expect(try PotentialChecks.virialError(tailed, crystal) < 1e-6)
}

@Test func ljIsInvariantUnderRotationTranslationAndPermutation() throws {
    var g = SeededGenerator(seed: 5)
    let cluster = try randomCluster(&g, count: 12, box: 2.5, elements: [argon, krypton])
    let mixed = try LennardJones(elements: [argon: .init(epsilon: 1, sigma: 1), krypton: .init(epsilon: 1.4, sigma: 1.12)],
                                 cutoff: 2.5, switchWidth: 0.5)
    let e = try PotentialChecks.invarianceErrors(mixed, cluster)
    #expect(e.rotation < 1e-11 && e.translation < 1e-11 && e.permutation < 1e-11)
}

@Test func ljPairEnergyAndForceVanishSmoothlyAtTheCutoff() throws {
    let p = try unitLJ(cutoff: 2.5, width: 0.5)
    func dimer(_ r: Double) throws -> (energy: Double, force: Double) {
        let s = try Structure(elements: [argon, argon], positions: [.zero, Vec3(r, 0, 0)])
        let res = try p.evaluate(s)
        return (res.energy, res.forces[1].x)
    }
    // Beyond the cutoff: exactly nothing.
    #expect(try dimer(2.5).energy == 0 && dimer(2.6).force == 0)
    // Approaching r_c: E ~ h^3 and F ~ h^2 (S = 1 - 10x^3 + 15x^4 - 6x^5 near x = 1).
    let h = 1e-3
    let e1 = try dimer(2.5 - h), e2 = try dimer(2.5 - h / 2)
    #expect(abs(e1.energy / e2.energy - 8) < 0.05)
    #expect(abs(e1.force / e2.force - 4) < 0.05)
    // At r_on the switched potential joins plain LJ with a continuous force and force slope.
    let on = 2.0, d = 1e-4
    let plain = 4 * (pow(on, -12) - pow(on, -6))
    #expect(abs(try dimer(on).energy - plain) < 1e-15)
    let below = try dimer(on - d).force, at = try dimer(on).force, above = try dimer(on + d).force
    // Second difference O(d^2·F'''): no kink in the force.
    #expect(abs(above - 2 * at + below) < 1e-6)
}

@Test func maskedGroupsHaveTheSumOfTheirSeparateEnergies() throws {
    var g = SeededGenerator(seed: 9)
    let a = try randomCluster(&g, count: 8, box: 2.2)
    var b = try randomCluster(&g, count: 7, box: 2.2)
    b.positions = b.positions.map { $0 + Vec3(1.4, 0.3, 0.2) }  // interpenetrating: they would interact
    let both = try Structure(elements: a.elements + b.elements, positions: a.positions + b.positions)
    let mask = InteractionMask.isolating(groups: Array(repeating: 0, count: 8) + Array(repeating: 1, count: 7))
    let p = try unitLJ()
    let separate = try p.energy(a) + p.energy(b)
    let masked = try p.evaluate(both, mask: mask)
    #expect(abs(masked.energy - separate) < 1e-10 * abs(separate))
    #expect(abs(try p.energy(both) - separate) > 0.1)  // without the mask they do interact
    #expect(try PotentialChecks.forceError(p, both, mask: mask) < 1e-6)
    #expect(try PotentialChecks.virialError(p, both, mask: mask) < 1e-6)
}

@Test func atomEnergiesSumToTheTotalIncludingTheTail() throws {
    let s = try fccCrystal(nearestNeighbor: 1.12).deformed(by: Mat3(diagonal: 1.01, 0.98, 1))
    let p = try unitLJ(cutoff: 3, width: 1, tail: true)
    let r = try p.evaluate(s)
    #expect(abs(r.atomEnergies.reduce(0, +) - r.energy) < 1e-12 * abs(r.energy))
}

@Test func ljRejectsBadParametersUnknownPairsAndTailOnNonBulk() throws {
    #expect(throws: InputError.self) { try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 3) }
    #expect(throws: InputError.self) { try LennardJones(epsilon: 1, sigma: -1, cutoff: 2.5, switchWidth: 0.5) }
    let onlyArgon = try LennardJones(elements: [argon: .init(epsilon: 1, sigma: 1)], cutoff: 2.5, switchWidth: 0.5)
    let pair = try Structure(elements: [argon, krypton], positions: [.zero, Vec3(1.1, 0, 0)])
    #expect(throws: InputError.self) { try onlyArgon.energy(pair) }
    let dimer = try Structure(elements: [argon, argon], positions: [.zero, Vec3(1.1, 0, 0)])
    #expect(throws: InputError.self) { try unitLJ(tail: true).energy(dimer) }
    // The tail assumes every pair interacts: it refuses a mask.
    let crystal = try fccCrystal(nearestNeighbor: 1.1)
    #expect(throws: InputError.self) {
        try unitLJ(tail: true).energy(crystal, mask: .isolating(groups: [0, 0, 1, 1]))
    }
}

/// Lattice sums A_n = Σ_j (r_nn/r_j)^n of fcc by a direct sum over a sphere of radius R r_nn,
/// plus the continuum remainder 4π ρ R^(3-n)/(n-3) (ρ = √2 per r_nn^3).
func fccLatticeSum(_ n: Int, radius: Double = 24) -> Double {
    let m = Int((radius * 2.0.squareRoot()).rounded(.up)) + 1
    var sum = 0.0
    // fcc = integer points (i, j, k) with i+j+k even, in units where r_nn = √2.
    for i in -m...m { for j in -m...m { for k in -m...m where (i + j + k) & 1 == 0 && (i, j, k) != (0, 0, 0) {
        let r = (Double(i * i + j * j + k * k) / 2).squareRoot()
        if r <= radius { sum += pow(r, -Double(n)) }
    } } }
    return sum + 4 * Double.pi * 2.0.squareRoot() * pow(radius, Double(3 - n)) / Double(n - 3)
}

@Test func fccLatticeSumsReproduceThePublishedConstantsAndMinimum() {
    let a12 = fccLatticeSum(12), a6 = fccLatticeSum(6)
    #expect(abs(a12 - 12.13188) < 1e-5)
    #expect(abs(a6 - 14.45392) < 1e-5)
    // E/atom = 2ε[A12 (σ/r)^12 - A6 (σ/r)^6]: minimum at r = (2 A12/A6)^(1/6), E = -A6^2/(2 A12).
    // The quoted -8.610200 ε and -A6²/(2 A12) from these sums (shell remainder ~1e-6) agree to ~2e-7 relative.
    #expect(abs(pow(2 * a12 / a6, 1.0 / 6) - 1.090173) < 1e-6)
    #expect(abs(-a6 * a6 / (2 * a12) - (-8.610200)) < 2e-6 * 8.610200)
}

/// Measured relative errors of E/atom at the exact r_nn (tail on / off): r_c 5σ, width 2σ:
/// 2.5e-5 / 1.8e-2; 6σ, 3σ: 7.8e-6 / 1.3e-2; 8σ, 3σ: 1.9e-7 / 4.1e-3. The residual with the
/// tail is the lattice-vs-continuum difference of φ(1 - S) beyond r_on (g(r) = 1 assumed there).
@Test(arguments: [(5.0, 2.0, 4e-5), (6.0, 3.0, 1.2e-5), (8.0, 3.0, 4e-7)])
func fccEnergyWithTailCorrectionMatchesTheExactLatticeSum(cutoff: Double, width: Double, bound: Double) throws {
    // The exact energy at r_nn from the independent lattice sums.
    let rnn = 1.090173
    let exact = 2 * (fccLatticeSum(12) * pow(rnn, -12) - fccLatticeSum(6) * pow(rnn, -6))
    let crystal = try fccCrystal(nearestNeighbor: rnn)
    let withTail = try unitLJ(cutoff: cutoff, width: width, tail: true).energy(crystal) / 4
    let without = try unitLJ(cutoff: cutoff, width: width, tail: false).energy(crystal) / 4
    #expect(abs(withTail / exact - 1) < bound)
    #expect(abs(without / exact - 1) > 100 * abs(withTail / exact - 1))
}
