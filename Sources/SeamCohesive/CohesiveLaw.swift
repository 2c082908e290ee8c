import SeamCore

/// Energy per area, traction and tangent of an interface at one opening.
///
/// The opening δ is expressed in the interface's local frame: `x` normal (positive = opening),
/// `y` and `z` the two tangential slips. Units: φ in eV/Å^2, T = ∂φ/∂δ in eV/Å^3,
/// K = ∂T/∂δ in eV/Å^4 (`Units` converts to J/m^2 and GPa at the edges).
public struct CohesiveResponse: Sendable, Equatable {
    /// φ(δ), eV/Å^2 (zero at δ = 0 and the work of separation at full opening).
    public var energy: Double
    /// T = ∂φ/∂δ, eV/Å^3 (normal component positive = the faces attract).
    public var traction: Vec3
    /// K = ∂T/∂δ, eV/Å^4 (symmetric for a potential-based law).
    public var tangent: Mat3
    public init(energy: Double, traction: Vec3, tangent: Mat3) {
        self.energy = energy; self.traction = traction; self.tangent = tangent
    }
}

/// A traction-separation law derived from an interface potential φ(δ): the triple
/// (φ, T, dT/dδ) and the fracture energy. Conformers are reversible (elastic) potentials;
/// irreversibility (damage that does not heal on unloading) is applied by the cohesive
/// element through `effectiveOpening` (see `DamageState`).
///
/// Sign convention: the returned traction T = ∂φ/∂δ is the force per area that resists the
/// opening (it pulls the faces back together when positive normal).
public protocol CohesiveLaw: Sendable {
    /// φ, T and K at opening δ (Å, local frame).
    func response(opening: Vec3) -> CohesiveResponse
    /// Mode-I work of separation G_c = φ(∞ normal) - φ(0), eV/Å^2.
    var workOfSeparation: Double { get }
    /// Largest normal traction under pure mode I, eV/Å^3.
    var peakTraction: Double { get }
    /// Normal opening at the peak traction, Å.
    var peakOpening: Double { get }
    /// Short human-readable name with parameters (for files and reports).
    var summary: String { get }

    // Irreversibility hooks used by cohesive elements. Defaults (below) describe a reversible
    // (elastic) law; `EffectiveOpeningLaw` supplies damage through the largest effective opening.

    /// The scalar history variable that opening δ would commit (0 for reversible laws).
    func historyVariable(opening: Vec3) -> Double
    /// φ, T and K at opening δ given the committed history value.
    func response(opening: Vec3, history: Double) -> CohesiveResponse
    /// A positive semi-definite stiffness (eV/Å^4) for Newton iterations in which the
    /// consistent tangent makes the system indefinite (softening past the peak).
    func secantTangent(opening: Vec3, history: Double) -> Mat3
    /// Recoverable (stored) and dissipated energy per area (eV/Å^2) at δ with the history.
    func energySplit(opening: Vec3, history: Double) -> (stored: Double, dissipated: Double)
}

extension CohesiveLaw {
    public func historyVariable(opening: Vec3) -> Double { 0 }
    public func response(opening: Vec3, history: Double) -> CohesiveResponse { response(opening: opening) }
    /// Reversible law: the diagonal secant T_a/δ_a of each component (clamped at zero; the
    /// tangent's diagonal at δ_a = 0).
    public func secantTangent(opening d: Vec3, history: Double) -> Mat3 {
        let r = response(opening: d)
        var m = Mat3.zero
        for a in 0..<3 {
            let k = abs(d[a]) > 1e-12 * max(peakOpening, 1e-300) ? r.traction[a] / d[a] : r.tangent[a, a]
            m[a, a] = max(k, 0)
        }
        return m
    }
    public func energySplit(opening: Vec3, history: Double) -> (stored: Double, dissipated: Double) {
        (response(opening: opening).energy, 0)
    }
}

extension CohesiveLaw {
    /// Normal traction under pure mode I at opening δ (Å), eV/Å^3.
    public func normalTraction(_ delta: Double) -> Double { response(opening: Vec3(delta, 0, 0)).traction.x }
    /// Energy per area under pure mode I at opening δ (Å), eV/Å^2.
    public func normalEnergy(_ delta: Double) -> Double { response(opening: Vec3(delta, 0, 0)).energy }

    /// ∫_0^L T_n(δ) dδ by composite Gauss-Legendre quadrature (eV/Å^2): the work done to open
    /// the interface to L under pure mode I.
    public func integratedWork(upTo length: Double, intervals: Int = 2000) -> Double {
        let nodes = [-0.906179845938664, -0.538469310105683, 0, 0.538469310105683, 0.906179845938664]
        let weights = [0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189]
        let h = length / Double(intervals)
        var sum = 0.0
        for k in 0..<intervals {
            let mid = (Double(k) + 0.5) * h
            for q in 0..<5 { sum += weights[q] * normalTraction(mid + 0.5 * h * nodes[q]) }
        }
        return 0.5 * h * sum
    }
}

/// Laws written as a function of one effective opening λ = sqrt(⟨δn⟩² + β²(δt1² + δt2²)) with
/// a stiff penalty against interpenetration (δn < 0). The cohesive element tracks the largest
/// λ reached for irreversibility (secant unloading).
public protocol EffectiveOpeningLaw: CohesiveLaw {
    /// Weight β of tangential slip in the effective opening (dimensionless).
    var shearWeight: Double { get }
    /// Normal penalty stiffness for δn < 0, eV/Å^4.
    var penaltyStiffness: Double { get }
    /// Scalar law: φ(λ) (eV/Å^2), t(λ) = φ'(λ) (eV/Å^3), t'(λ) (eV/Å^4).
    func scalar(_ lambda: Double) -> (energy: Double, traction: Double, slope: Double)
}

extension EffectiveOpeningLaw {
    public func response(opening d: Vec3) -> CohesiveResponse {
        effectiveResponse(opening: d, maximumOpening: 0)
    }
    public var workOfSeparation: Double { scalar(.infinity).energy }

    /// Response with irreversibility: while λ < λmax (unloading or reloading below the
    /// previous maximum) the law follows the secant t(λmax)/λmax · λ back to the origin
    /// (damage does not heal); on the envelope (λ >= λmax) it follows the law.
    public func effectiveResponse(opening d: Vec3, maximumOpening lambdaMax: Double) -> CohesiveResponse {
        let b2 = shearWeight * shearWeight
        let dn = max(d.x, 0)
        var energy = 0.0, traction = Vec3.zero, tangent = Mat3.zero
        // Penalty against interpenetration (always elastic).
        if d.x < 0 {
            energy += 0.5 * penaltyStiffness * d.x * d.x
            traction.x += penaltyStiffness * d.x
            tangent[0, 0] += penaltyStiffness
        }
        let lambda = (dn * dn + b2 * (d.y * d.y + d.z * d.z)).squareRoot()
        // ∂λ/∂δ = w/λ with w = (dn, β² δt1, β² δt2).
        let w = Vec3(dn, b2 * d.y, b2 * d.z)
        // At δn = 0 the opening-side derivative is used (the tangent a Newton step from the
        // closed state needs: with diag.x = 0 the first iterate would see no normal stiffness).
        let diag = Vec3(d.x >= 0 ? 1 : 0, b2, b2)
        if lambda < lambdaMax {
            // Secant unloading: φ = ½ k λ², t = k λ, with k = t(λmax)/λmax.
            let s = scalar(lambdaMax)
            let k = s.traction / lambdaMax
            energy += 0.5 * k * lambda * lambda  // relative to the unloaded state
            traction += k * w
            for a in 0..<3 { tangent[a, a] += k * diag[a] }
            return CohesiveResponse(energy: energy, traction: traction, tangent: tangent)
        }
        let s = scalar(lambda)
        energy += s.energy
        if lambda > 1e-300 {
            // T = t(λ) w/λ; K = t'(λ) w⊗w/λ² + t(λ)/λ (diag - w⊗w/λ²).
            let ww = w.outer(w)
            let l2 = lambda * lambda
            traction += (s.traction / lambda) * w
            tangent += (s.slope / l2) * ww
            tangent += (s.traction / lambda) * (Mat3(diagonal: diag.x, diag.y, diag.z) - (1 / l2) * ww)
        } else {
            // At λ = 0 the law is linear with slope t'(0).
            for a in 0..<3 { tangent[a, a] += s.slope * diag[a] }
        }
        return CohesiveResponse(energy: energy, traction: traction, tangent: tangent)
    }

    public func historyVariable(opening d: Vec3) -> Double { effectiveOpening(d) }
    public func response(opening d: Vec3, history: Double) -> CohesiveResponse {
        effectiveResponse(opening: d, maximumOpening: history)
    }
    /// The secant t(λ*)/λ* diag(⟨δn ≥ 0⟩, β², β²) (+ penalty for δn < 0), λ* = max(λ, λmax).
    public func secantTangent(opening d: Vec3, history lambdaMax: Double) -> Mat3 {
        let b2 = shearWeight * shearWeight
        let lambdaStar = max(effectiveOpening(d), lambdaMax)
        let s = scalar(lambdaStar)
        let k = lambdaStar > 1e-300 ? s.traction / lambdaStar : s.slope
        var m = Mat3(diagonal: d.x >= 0 ? k : 0, k * b2, k * b2)
        if d.x < 0 { m[0, 0] += penaltyStiffness }
        return m
    }
    /// Stored: the secant energy ½ t(λ*)/λ* λ² (+ penalty); dissipated: φ(λ*) - ½ t(λ*) λ*.
    public func energySplit(opening d: Vec3, history lambdaMax: Double) -> (stored: Double, dissipated: Double) {
        let lambda = effectiveOpening(d)
        let lambdaStar = max(lambda, lambdaMax)
        var stored = d.x < 0 ? 0.5 * penaltyStiffness * d.x * d.x : 0
        guard lambdaStar > 0 else { return (stored, 0) }
        let s = scalar(lambdaStar)
        stored += 0.5 * s.traction / lambdaStar * lambda * lambda
        return (stored, s.energy - 0.5 * s.traction * lambdaStar)
    }

    /// Effective opening λ of δ.
    public func effectiveOpening(_ d: Vec3) -> Double {
        let dn = max(d.x, 0)
        return (dn * dn + shearWeight * shearWeight * (d.y * d.y + d.z * d.z)).squareRoot()
    }
}
