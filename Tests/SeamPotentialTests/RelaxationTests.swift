import Foundation
import Testing
import SeamCore
import SeamNumerics
import SeamPotential

private let argon = Element(symbol: "Ar")!

/// A centred icosahedron of 13 atoms, centre-vertex distance `radius` (σ).
private func icosahedron(radius: Double) throws -> Structure {
    let phi = (1 + 5.0.squareRoot()) / 2
    var v: [Vec3] = [.zero]
    for a in [-1.0, 1.0] { for b in [-phi, phi] {
        v += [Vec3(0, a, b), Vec3(a, b, 0), Vec3(b, 0, a)]
    } }
    let scale = radius / (1 + phi * phi).squareRoot()
    return try Structure(elements: Array(repeating: argon, count: 13), positions: v.map { scale * $0 })
}

private enum Method: String, CaseIterable, Sendable { case fire, lbfgs }

private func minimizer(_ m: Method, tolerance: Double) -> any Minimizer {
    switch m {
    case .fire: FIRE(forceTolerance: tolerance, maxIterations: 5000)
    case .lbfgs: LBFGS(forceTolerance: tolerance, maxIterations: 1000)
    }
}

/// The LJ13 global minimum (Wales & Doye, J. Phys. Chem. A 101, 5111 (1997)): -44.326801 ε.
@Test(arguments: Method.allCases, [UInt64(1), 2, 3])
private func lj13RelaxesToTheIcosahedralGlobalMinimum(_ method: Method, seed: UInt64) throws {
    // All pairs of the cluster lie below r_on = 3σ: this is plain, unswitched LJ.
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 4, switchWidth: 1)
    var s = try icosahedron(radius: 1.12)
    var g = SeededGenerator(seed: seed)
    s.positions = s.positions.map { $0 + 0.08 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
    #expect(try lj.energy(s) > -43)  // a genuinely perturbed start
    var calls = 0
    let r = try Relaxation.relaxPositions(s, potential: lj, minimizer: minimizer(method, tolerance: 1e-6)) { _ in calls += 1 }
    #expect(r.converged && r.maxForce <= 1e-6)
    #expect(abs(r.energy - (-44.326801)) < 1e-6)
    #expect(r.energyHistory.count == calls && r.energyHistory.last == r.energy)
}

/// fcc at zero pressure: exact r_nn = 1.090173 σ, E = -8.610200 ε per atom (lattice sums, see
/// `fccLatticeSumsReproduceThePublishedConstantsAndMinimum`). With r_c = 8σ, width 3σ and the
/// tail correction the model's own minimum differs from the exact one by 6e-7 (r_nn) and 3e-7
/// (E) relative: the g(r) = 1 assumption beyond 5σ. The 1e-5 tolerance covers that, the
/// six-digit rounding of the reference values (≤ 5e-7) and the force tolerance (E error
/// quadratic in the residual force, r_nn error ~ residual stress / bulk modulus ≈ 1e-7).
@Test(arguments: Method.allCases)
private func fccCellRelaxationReachesTheExactLatticeConstantAndEnergy(_ method: Method) throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 8, switchWidth: 3, tailCorrection: true)
    let f = Mat3(rows: Vec3(1.04, 0.02, 0), Vec3(0.02, 0.97, 0.01), Vec3(0, 0.01, 1.03))
    var s = try fccCrystal(nearestNeighbor: 1.09).deformed(by: f)
    var g = SeededGenerator(seed: 17)
    s.positions = s.positions.map { $0 + 0.01 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
    let r = try Relaxation.relaxCell(s, potential: lj, minimizer: minimizer(method, tolerance: 1e-7))
    #expect(r.converged)
    let n = Double(r.structure.count)
    let rnn = pow(2.0.squareRoot() * r.structure.volume / n, 1.0 / 3)
    #expect(abs(rnn / 1.090173 - 1) < 1e-5)
    #expect(abs(r.energy / n / -8.610200 - 1) < 1e-5)
    #expect(r.stress!.maxAbs < 1e-6)
    // The relaxed cell is cubic again (the symmetric strain cannot rotate it).
    let c = r.structure.cell
    #expect(abs(c[0, 1]) + abs(c[0, 2]) + abs(c[1, 2]) < 1e-6 && abs(c[0, 0] - c[2, 2]) < 1e-6)
}

@Test func cellRelaxationUnderPressureBalancesTheStress() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 1, tailCorrection: true)
    let s = try fccCrystal(nearestNeighbor: 1.1)
    let p = 0.5  // ε/σ^3
    let free = try Relaxation.relaxCell(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-8))
    let squeezed = try Relaxation.relaxCell(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-8), pressure: p)
    #expect(squeezed.converged)
    #expect((squeezed.stress! + p * Mat3.identity).maxAbs < 1e-7)
    #expect(squeezed.structure.volume < free.structure.volume)
    // Enthalpy history decreases monotonically with the Wolfe line search.
    #expect(zip(squeezed.energyHistory, squeezed.energyHistory.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 * max(1, abs($0)) })
}

@Test func fixedAtomsStayAndMaskedDimersRelaxIndependently() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 0.5)
    // Two crossing dimers: with the mask each relaxes to 2^(1/6) σ regardless of the other.
    let s = try Structure(elements: Array(repeating: argon, count: 4),
                          positions: [Vec3(0, 0, 0), Vec3(1.3, 0, 0), Vec3(0.6, -0.5, 0.2), Vec3(0.7, 0.6, 0.1)])
    let mask = InteractionMask.isolating(groups: [0, 0, 1, 1])
    let r = try Relaxation.relaxPositions(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-9), fixed: [0, 2], mask: mask)
    #expect(r.structure.positions[0] == s.positions[0] && r.structure.positions[2] == s.positions[2])
    let rmin = pow(2.0, 1.0 / 6)
    #expect(abs((r.structure.positions[1] - r.structure.positions[0]).norm - rmin) < 1e-8)
    #expect(abs((r.structure.positions[3] - r.structure.positions[2]).norm - rmin) < 1e-8)
    #expect(abs(r.energy - (-2)) < 1e-12)
    #expect(throws: InputError.self) { try Relaxation.relaxCell(s, potential: lj, minimizer: FIRE()) }
    #expect(throws: InputError.self) { try Relaxation.relaxPositions(s, potential: lj, minimizer: FIRE(), fixed: [7]) }
}

@Test func reusingTheNeighbourListWithASkinGivesTheSameRelaxation() throws {
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
    var s = try fccCrystal(nearestNeighbor: 1.09, repeats: 2)
    var g = SeededGenerator(seed: 2)
    s.positions = s.positions.map { $0 + 0.04 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
    let rebuilt = try Relaxation.relaxPositions(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-8), neighborSkin: 0)
    let reused = try Relaxation.relaxPositions(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-8), neighborSkin: 0.3)
    #expect(rebuilt.converged && reused.converged)
    #expect(abs(rebuilt.energy - reused.energy) < 1e-10)
    for i in 0..<s.count { #expect((rebuilt.structure.positions[i] - reused.structure.positions[i]).maxAbs < 1e-7) }
}
