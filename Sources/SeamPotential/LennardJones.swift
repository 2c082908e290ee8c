import Foundation
import SeamCore

/// The Lennard-Jones 12-6 pair potential with a C2 switching function and an optional
/// homogeneous long-range tail correction: Seam's reference potential.
///
/// Pair energy (eV), r in Å:
///
///     φ(r) = 4ε [(σ/r)^12 - (σ/r)^6]
///     φ_sw(r) = φ(r) S(r),  S(r) = 1 for r ≤ r_on, 0 for r ≥ r_c,
///     S = 1 - 10x^3 + 15x^4 - 6x^5,  x = (r - r_on)/(r_c - r_on),  r_on = r_c - width.
///
/// S, S' and S'' are continuous at r_on and r_c, so energy, force and force derivative are
/// continuous everywhere (no energy or force jump at the cutoff, unlike truncation or
/// shifting). Total energy E = ½ Σ_i Σ_{j≠i, images} φ_sw(r_ij).
///
/// Parameters per element pair: an explicit pair entry wins; otherwise the two elements'
/// own parameters (or `defaultParameters` for an element without its own) are combined by
/// the Lorentz-Berthelot rules ε_ab = √(ε_a ε_b), σ_ab = (σ_a + σ_b)/2.
///
/// Tail correction (bulk only, `tailCorrection: true`): the energy the switched potential
/// omits, for a homogeneous fluid-like environment g(r) = 1 beyond r_on = r_c - width:
///
///     E_tail = (2π/V) Σ_ab N_a N_b I_ab,  I_ab = ∫_0^∞ r² [φ_ab(r) - φ_ab,sw(r)] dr
///
/// which for one element is E_tail = N (ρ/2) ∫ 4π r² [φ - φ_sw] dr with ρ = N/V. Because
/// E_tail ∝ 1/V at fixed composition, its virial is W_tail = -∂E_tail/∂ε = E_tail · I (eV):
/// the strain changes only the volume, V → V det(I + ε). The assumption g(r) = 1 beyond r_on
/// is exact only for a fluid; for a crystal the remaining error is the difference between
/// the lattice sum and the continuum integral of φ(1 - S), which a wide switching region
/// makes small (fcc, r_c = 8σ, width 3σ: 3e-7 relative in the cohesive energy).
///
/// Hand-written rather than generated: it is the reference every checker, minimiser and
/// coupling test runs against, so its derivatives are written out explicitly.
public struct LennardJones: Potential {
    /// ε (eV) and σ (Å) of one element or element pair.
    public struct Parameters: Sendable, Hashable {
        /// Well depth ε, eV.
        public var epsilon: Double
        /// Zero-crossing distance σ, Å.
        public var sigma: Double
        public init(epsilon: Double, sigma: Double) { self.epsilon = epsilon; self.sigma = sigma }
        /// Lorentz-Berthelot combination.
        public func mixed(with o: Parameters) -> Parameters {
            Parameters(epsilon: (epsilon * o.epsilon).squareRoot(), sigma: 0.5 * (sigma + o.sigma))
        }
    }

    /// Outer cutoff r_c, Å.
    public let cutoff: Double
    /// Width of the switching region [r_c - width, r_c], Å.
    public let switchWidth: Double
    /// Whether the homogeneous tail correction is added (fully periodic structures only).
    public let tailCorrection: Bool
    /// Parameters for any element without its own entry (nil: such elements are rejected).
    public let defaultParameters: Parameters?
    /// Per-element parameters, combined by Lorentz-Berthelot.
    public let elementParameters: [Element: Parameters]
    /// Explicit pair parameters (either order), overriding the combination rule.
    public let pairParameters: [ElementPairKey: Parameters]

    /// An unordered element pair used as a dictionary key.
    public struct ElementPairKey: Sendable, Hashable {
        public let first: Element, second: Element
        public init(_ a: Element, _ b: Element) { first = min(a, b); second = max(a, b) }
    }

    /// Single-parameter potential for any element.
    /// - Parameters: epsilon in eV, sigma in Å, cutoff r_c in Å, switchWidth in Å
    ///   (0 < width ≤ r_c).
    public init(epsilon: Double, sigma: Double, cutoff: Double, switchWidth: Double, tailCorrection: Bool = false) throws {
        try self.init(defaultParameters: Parameters(epsilon: epsilon, sigma: sigma), cutoff: cutoff,
                      switchWidth: switchWidth, tailCorrection: tailCorrection)
    }

    /// General form: per-element parameters (Lorentz-Berthelot) and explicit pairs.
    public init(defaultParameters: Parameters? = nil, elements: [Element: Parameters] = [:],
                pairs: [(Element, Element, Parameters)] = [], cutoff: Double, switchWidth: Double,
                tailCorrection: Bool = false) throws {
        guard cutoff.isFinite, cutoff > 0 else { throw InputError("Lennard-Jones cutoff must be positive, got \(cutoff) Å") }
        guard switchWidth > 0, switchWidth <= cutoff else {
            throw InputError("Lennard-Jones switching width must lie in (0, cutoff = \(cutoff) Å], got \(switchWidth) Å")
        }
        var all = elements.map { ($0.key.symbol, $0.value) }
        if let defaultParameters { all.append(("default", defaultParameters)) }
        all += pairs.map { ("\($0.0)-\($0.1)", $0.2) }
        for (name, p) in all where !(p.epsilon >= 0 && p.epsilon.isFinite && p.sigma > 0 && p.sigma.isFinite) {
            throw InputError("Lennard-Jones parameters for \(name) need ε ≥ 0 and σ > 0, got ε = \(p.epsilon) eV, σ = \(p.sigma) Å")
        }
        var table: [ElementPairKey: Parameters] = [:]
        for (a, b, p) in pairs { table[ElementPairKey(a, b)] = p }
        self.defaultParameters = defaultParameters; self.elementParameters = elements; self.pairParameters = table
        self.cutoff = cutoff; self.switchWidth = switchWidth; self.tailCorrection = tailCorrection
    }

    public var supportedElements: [Element]? {
        if defaultParameters != nil { return nil }
        var set = Set(elementParameters.keys)
        for k in pairParameters.keys { set.insert(k.first); set.insert(k.second) }
        return set.sorted()
    }

    /// Parameters of the pair (a, b), or an error naming the pair when none apply.
    public func parameters(_ a: Element, _ b: Element) throws -> Parameters {
        if let p = pairParameters[ElementPairKey(a, b)] { return p }
        guard let pa = elementParameters[a] ?? defaultParameters, let pb = elementParameters[b] ?? defaultParameters else {
            throw InputError("Lennard-Jones has no parameters for the pair \(a)-\(b)",
                             suggestion: "give per-element parameters, an explicit pair or default parameters")
        }
        return pa.mixed(with: pb)
    }

    /// Switching function S(r) and its derivative dS/dr (1/Å).
    @inlinable public func switching(_ r: Double) -> (value: Double, derivative: Double) {
        let on = cutoff - switchWidth
        if r <= on { return (1, 0) }
        if r >= cutoff { return (0, 0) }
        let x = (r - on) / switchWidth, x2 = x * x
        return (1 - x2 * x * (10 - 15 * x + 6 * x2), -30 * x2 * (1 - 2 * x + x2) / switchWidth)
    }

    /// Switched pair energy φ_sw (eV) and dφ_sw/dr (eV/Å).
    @inlinable static func pair(_ r: Double, epsilon: Double, sigma: Double, switching s: (value: Double, derivative: Double))
        -> (energy: Double, derivative: Double) {
        let q = sigma / r, q2 = q * q, q6 = q2 * q2 * q2, q12 = q6 * q6
        let phi = 4 * epsilon * (q12 - q6)
        let dphi = 4 * epsilon * (-12 * q12 + 6 * q6) / r
        return (phi * s.value, dphi * s.value + phi * s.derivative)
    }

    /// I = ∫ r² [φ(r) - φ_sw(r)] dr (eV·Å^3) for one pair: Gauss-Legendre over the switching
    /// region (the integrand is smooth there; 4 x 20 points reach round-off) plus the closed
    /// form 4ε[σ^12/(9 r_c^9) - σ^6/(3 r_c^3)] beyond r_c.
    public func tailIntegral(_ p: Parameters) -> Double {
        let on = cutoff - switchWidth
        var inner = 0.0
        let pieces = 4, h = switchWidth / Double(pieces)
        for k in 0..<pieces {
            let a = on + Double(k) * h
            for (x, w) in zip(GaussLegendre20.nodes, GaussLegendre20.weights) {
                let r = a + 0.5 * h * (x + 1)
                let q6 = pow(p.sigma / r, 6)
                inner += 0.5 * h * w * r * r * 4 * p.epsilon * (q6 * q6 - q6) * (1 - switching(r).value)
            }
        }
        let s3 = pow(p.sigma / cutoff, 3), s9 = s3 * s3 * s3
        let outer = 4 * p.epsilon * p.sigma * p.sigma * p.sigma * (s9 / 9 - s3 / 3)
        return inner + outer
    }

    public func evaluate(_ s: Structure, neighbors list: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        precondition(list.cutoff + list.skin >= cutoff, "neighbour list range \(list.cutoff + list.skin) Å is shorter than the LJ cutoff \(cutoff) Å")
        precondition(list.atomCount == s.count, "neighbour list is for \(list.atomCount) atoms, structure has \(s.count)")
        // Compact element types and their pair table.
        let kinds = s.distinctElements
        var typeOf = [Int](repeating: -1, count: 128)
        for (k, e) in kinds.enumerated() { typeOf[e.atomicNumber] = k }
        let nt = kinds.count
        var eps = [Double](repeating: 0, count: nt * nt), sig = eps
        for a in 0..<nt { for b in 0..<nt {
            let p = try parameters(kinds[a], kinds[b])
            eps[a * nt + b] = p.epsilon; sig[a * nt + b] = p.sigma
        } }
        let types = s.elements.map { typeOf[$0.atomicNumber] }

        let wantForces = request.contains(.forces), wantVirial = request.contains(.virial)
        let wantAtoms = request.contains(.atomEnergies)
        var energy = 0.0
        var forces = wantForces ? [Vec3](repeating: .zero, count: s.count) : []
        var atomEnergies = wantAtoms ? [Double](repeating: 0, count: s.count) : []
        var virial = Mat3.zero
        let rc = cutoff
        for i in 0..<s.count {
            let ti = types[i] * nt
            var ei = 0.0
            var fi = Vec3.zero
            for e in list.range(of: i) {
                let r = list.distances[e]
                if r >= rc { continue }
                let k = ti + types[Int(list.neighbors[e])]
                let (phi, dphi) = LennardJones.pair(r, epsilon: eps[k], sigma: sig[k], switching: switching(r))
                ei += 0.5 * phi
                // Entry i -> j: dE/dr_i of this half-pair and its mirror entry j -> i together
                // give F_i = φ'(r) v/r (v = r_j - r_i); F_j comes from j's own entries.
                let v = list.vectors[e]
                if wantForces { fi += (dphi / r) * v }
                if wantVirial { virial -= (0.5 * dphi / r) * v.outer(v) }
            }
            energy += ei
            if wantForces { forces[i] = fi }
            if wantAtoms { atomEnergies[i] = ei }
        }
        if tailCorrection {
            guard s.isBulk else {
                throw InputError("the Lennard-Jones tail correction needs a structure periodic along all three axes",
                                 suggestion: "switch tailCorrection off for slabs, wires and clusters")
            }
            guard list.mask == nil else {
                throw InputError("the Lennard-Jones tail correction assumes every pair interacts; it cannot be combined with an interaction mask")
            }
            var counts = [Double](repeating: 0, count: nt)
            for t in types { counts[t] += 1 }
            let v = s.volume
            // Per-atom share for type a: (2π/V) Σ_b N_b I_ab; summed over atoms gives E_tail.
            var share = [Double](repeating: 0, count: nt)
            for a in 0..<nt { for b in 0..<nt {
                let integral = tailIntegral(Parameters(epsilon: eps[a * nt + b], sigma: sig[a * nt + b]))
                share[a] += 2 * Double.pi / v * counts[b] * integral
            } }
            var tail = 0.0
            for a in 0..<nt { tail += counts[a] * share[a] }
            energy += tail
            if wantVirial { virial += tail * Mat3.identity }
            if wantAtoms { for i in 0..<s.count { atomEnergies[i] += share[types[i]] } }
        }
        return PotentialResult(energy: energy, forces: forces, virial: virial, atomEnergies: atomEnergies)
    }
}

/// 20-point Gauss-Legendre nodes and weights on [-1, 1].
enum GaussLegendre20 {
    static let half: [(Double, Double)] = [
        (0.0765265211334973337546404, 0.1527533871307258506980843),
        (0.2277858511416450780804962, 0.1491729864726037467878287),
        (0.3737060887154195606725482, 0.1420961093183820513292983),
        (0.5108670019508270980043641, 0.1316886384491766268984945),
        (0.6360536807265150254528367, 0.1181945319615184173123774),
        (0.7463319064601507926143051, 0.1019301198172404350367501),
        (0.8391169718222188233945291, 0.0832767415767047487247581),
        (0.9122344282513259058677524, 0.0626720483341090635695065),
        (0.9639719272779137912676661, 0.0406014298003869413310400),
        (0.9931285991850949247861224, 0.0176140071391521183118620),
    ]
    static let nodes: [Double] = half.map { -$0.0 } + half.map { $0.0 }
    static let weights: [Double] = half.map { $0.1 } + half.map { $0.1 }
}
