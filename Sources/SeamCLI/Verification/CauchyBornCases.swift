import Foundation
import SeamCore
import SeamFEM
import SeamPotential

/// Cauchy-Born cases: the elastic constants of the 12-6 Lennard-Jones fcc crystal from Seam's
/// `CauchyBornMaterial` (library `LennardJones`, r_c = 8σ, 3σ switch, homogeneous tail
/// correction) against an independent Born lattice sum written here, and the material tangent
/// against finite differences of its stress. Units: ε = 1 eV, σ = 1 Å, so moduli are ε/σ³.
enum CauchyBornCases {
    static var all: [VerificationCase] {
        [constant("C11", 0, 0, 0, 0), constant("C12", 0, 0, 1, 1), constant("C44", 0, 1, 0, 1), tangent]
    }

    static let argon = Element(symbol: "Ar")!

    /// One cubic constant C_ijkl at the zero-pressure lattice constant of each method.
    static func constant(_ label: String, _ i: Int, _ j: Int, _ k: Int, _ l: Int) -> VerificationCase {
        VerificationCase(name: "cauchy-born-lj-\(label.lowercased())", family: .fem,
                         quantity: "\(label) of the LJ fcc crystal at zero pressure from the Cauchy-Born tangent, ε/σ^3",
                         reference: .computed("Born lattice sum of the full 12-6 potential (105.19 for C11, 60.19 for C12 = C44)"),
                         source: "Born & Huang, Dynamical Theory of Crystal Lattices 1954, §11 (lattice sums written here)",
                         tolerance: .relative(1e-3)) { _ in
            let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 8, switchWidth: 3, tailCorrection: true)
            var lo = 1.50, hi = 1.60
            for _ in 0..<40 {
                let mid = 0.5 * (lo + hi)
                let m = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: mid, element: argon))
                if try m.response(at: .identity, request: .stress).stress.trace > 0 { hi = mid } else { lo = mid }
            }
            let a0 = 0.5 * (lo + hi)
            let tangent = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: a0, element: argon))
                .response(at: .identity, request: .tangent).tangent
            let sums = BornLatticeSum.fullLennardJonesFcc()
            return VerificationMeasurement(tangent[i, j, k, l], reference: sums.born[i][j][k][l],
                                           note: String(format: "a0 = %.5f σ (Cauchy-Born), %.5f σ (lattice sum)", a0, sums.latticeConstant))
        }
    }

    /// Largest |A_iJkL - ∂P_iJ/∂F_kL| (central differences, steps h, h/2, h/4; best of the
    /// scan) relative to max|A|, at a general deformation of an LJ fcc crystal.
    static var tangent: VerificationCase {
        VerificationCase(name: "cauchy-born-tangent-fd", family: .fem,
                         quantity: "max relative error of the Cauchy-Born tangent dP/dF vs central differences of P",
                         reference: .value(0), source: "consistency: A = ∂P/∂F (central differences, O(h^2))", tolerance: .absolute(1e-6)) { _ in
            let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 0.5)
            let m = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: 1.56, element: argon))
            let f = Mat3.identity + 0.03 * Mat3([1, 0.4, -0.2, 0.1, -0.6, 0.3, -0.3, 0.2, 0.5])
            let a = try m.response(at: f, request: [.stress, .tangent]).tangent
            let scale = a.maxAbs
            var best = Double.infinity
            for h in [1e-4, 5e-5, 2.5e-5] {
                var worst = 0.0
                for k in 0..<3 { for l in 0..<3 {
                    var fp = f, fm = f
                    fp[k, l] += h; fm[k, l] -= h
                    let dp = (try m.response(at: fp, request: .stress).stress - m.response(at: fm, request: .stress).stress) / (2 * h)
                    for i in 0..<3 { for j in 0..<3 { worst = max(worst, abs(dp[i, j] - a[i, j, k, l]) / scale) } }
                } }
                best = min(best, worst)
            }
            return VerificationMeasurement(best)
        }
    }
}

/// Born lattice sums of the full 12-6 Lennard-Jones potential (ε = σ = 1) on the fcc lattice,
/// independent of Seam's potentials: at lattice constant a, with primitive cell volume Ω,
///
///     S_JL   = (1/2Ω) Σ_R φ'(r) R_J R_L / r                        (stress)
///     C_ijkl = (1/2Ω) Σ_R [φ''(r) - φ'(r)/r] R_i R_j R_k R_l / r²   (Born elastic constants)
///
/// summed over lattice vectors with |R| < 8σ, the rest added as a continuum tail with the
/// isotropic averages ⟨n n⟩ = δ/3 and ⟨n n n n⟩ = (δδ + δδ + δδ)/15. The zero-pressure lattice
/// constant is found by bisection on tr S.
struct BornLatticeSum {
    var latticeConstant: Double
    var stressTrace: Double
    var born: [[[[Double]]]]

    init(latticeConstant a: Double, radius: Double = 8) {
        latticeConstant = a
        let cell = [Vec3(0, a / 2, a / 2), Vec3(a / 2, 0, a / 2), Vec3(a / 2, a / 2, 0)]
        let omega = a * a * a / 4
        var trace = 0.0
        var c = [[[[Double]]]](repeating: [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3), count: 3), count: 3)
        // The fcc layer spacing along each primitive vector's dual is a/√3: enough images.
        let n = Int((radius / (a / 3.0.squareRoot())).rounded(.up))
        for i in -n...n { for j in -n...n { for k in -n...n where (i, j, k) != (0, 0, 0) {
            let r = Double(i) * cell[0] + Double(j) * cell[1] + Double(k) * cell[2]
            let d = r.norm
            guard d < radius else { continue }
            let x2 = 1 / (d * d), x6 = x2 * x2 * x2, x12 = x6 * x6
            let dv = 4 * (-12 * x12 + 6 * x6) / d, d2v = 4 * (156 * x12 - 42 * x6) * x2
            trace += dv * d
            let w = (d2v - dv / d) * x2
            for p in 0..<3 { for q in 0..<3 { for s in 0..<3 { for t in 0..<3 { c[p][q][s][t] += w * r[p] * r[q] * r[s] * r[t] } } } }
        } } }
        // Continuum tail beyond the radius (density 1/Ω, g(r) = 1).
        let r3 = 1 / (radius * radius * radius), r9 = r3 * r3 * r3
        let pressureTail = 16 * Double.pi * (-12.0 / 9 * r9 + 2 * r3) / omega
        let bornTail = 16 * Double.pi * (168.0 / 9 * r9 - 16 * r3) / omega
        trace += pressureTail
        for p in 0..<3 { for q in 0..<3 {
            c[p][p][q][q] += bornTail / 15; c[p][q][p][q] += bornTail / 15; c[p][q][q][p] += bornTail / 15
        } }
        stressTrace = 0.5 / omega * trace
        born = c.map { $0.map { $0.map { $0.map { $0 * 0.5 / omega } } } }
    }

    /// The sums at the zero-pressure fcc lattice constant (bisection on [1.45, 1.65] σ).
    static func fullLennardJonesFcc() -> BornLatticeSum {
        var lo = 1.45, hi = 1.65
        for _ in 0..<45 {
            let mid = 0.5 * (lo + hi)
            if BornLatticeSum(latticeConstant: mid).stressTrace > 0 { hi = mid } else { lo = mid }
        }
        return BornLatticeSum(latticeConstant: 0.5 * (lo + hi))
    }
}
