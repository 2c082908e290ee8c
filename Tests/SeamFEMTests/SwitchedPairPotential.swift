import SeamCore
import SeamPotential

/// A 12-6 Lennard-Jones pair potential with a C² polynomial switch, written here as the
/// independent test potential for the Cauchy-Born material: unlike the library's
/// `LennardJones` it exposes φ'' for the direct lattice sums, and it is independent code:
///
///     φ(r) = 4ε[(σ/r)¹² - (σ/r)⁶] S(t),   t = (r - r_s)/(r_c - r_s) clamped to [0, 1],
///     S = 1 - 10t³ + 15t⁴ - 6t⁵.
///
/// ε and σ may depend on the element pair (for two-species lattices). Units: ε eV, lengths Å.
struct SwitchedPairPotential: Potential {
    var epsilon: [ElementPair: Double]
    var sigma: [ElementPair: Double]
    var switchStart: Double
    var cutoff: Double
    var supportedElements: [Element]? { nil }

    struct ElementPair: Hashable, Sendable {
        let a: Int, b: Int
        init(_ x: Element, _ y: Element) { a = min(x.atomicNumber, y.atomicNumber); b = max(x.atomicNumber, y.atomicNumber) }
    }

    /// One species with ε = σ = 1 (reduced units: stresses come out in ε/σ³).
    init(switchStart: Double, cutoff: Double, element: Element = Element(symbol: "Ar")!) {
        epsilon = [ElementPair(element, element): 1]; sigma = [ElementPair(element, element): 1]
        self.switchStart = switchStart; self.cutoff = cutoff
    }

    init(epsilon: [ElementPair: Double], sigma: [ElementPair: Double], switchStart: Double, cutoff: Double) {
        self.epsilon = epsilon; self.sigma = sigma; self.switchStart = switchStart; self.cutoff = cutoff
    }

    /// φ, φ' and φ'' at r for a pair (eV, eV/Å, eV/Å²).
    func phi(_ r: Double, _ pair: ElementPair) -> (Double, Double, Double) {
        let e = epsilon[pair]!, s = sigma[pair]!
        let x6 = pow(s / r, 6), x12 = x6 * x6
        let v = 4 * e * (x12 - x6), dv = 4 * e * (-12 * x12 + 6 * x6) / r, d2v = 4 * e * (156 * x12 - 42 * x6) / (r * r)
        if r <= switchStart { return (v, dv, d2v) }
        if r >= cutoff { return (0, 0, 0) }
        let w = cutoff - switchStart, t = (r - switchStart) / w
        let sw = 1 - t * t * t * (10 - 15 * t + 6 * t * t)
        let dsw = -30 * t * t * (1 - t) * (1 - t) / w
        let d2sw = -60 * t * (1 - t) * (1 - 2 * t) / (w * w)
        return (v * sw, dv * sw + v * dsw, d2v * sw + 2 * dv * dsw + v * d2sw)
    }

    func evaluate(_ s: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        var energy = 0.0, virial = Mat3.zero
        var forces = [Vec3](repeating: .zero, count: s.count)
        for i in 0..<s.count {
            for e in neighbors.range(of: i) {
                let r = neighbors.distances[e]
                guard r < cutoff else { continue }
                let j = Int(neighbors.neighbors[e])
                let (v, dv, _) = phi(r, ElementPair(s.elements[i], s.elements[j]))
                let d = neighbors.vectors[e]
                energy += 0.5 * v
                forces[i] += (dv / r) * d
                virial -= (0.5 * dv / r) * d.outer(d)
            }
        }
        return PotentialResult(energy: energy, forces: request.contains(.forces) ? forces : [],
                               virial: request.contains(.virial) ? virial : .zero)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
