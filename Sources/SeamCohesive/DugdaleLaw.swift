import SeamCore

/// A smoothed Dugdale (constant-stress) law, for comparisons with the Maugis-Dugdale contact
/// theory: the traction rises over a short opening ε to σ0, stays at σ0, and falls to zero over
/// ε again, with continuous slope everywhere (so Newton sees a C1 traction):
///
///   0 ≤ λ ≤ ε:            t = σ0 (2x - x²),              x = λ/ε
///   ε ≤ λ ≤ h1:           t = σ0
///   h1 ≤ λ ≤ h1 + ε:      t = σ0 (1 - 3y² + 2y³),         y = (λ - h1)/ε
///   λ ≥ h1 + ε:           t = 0
///
/// with h1 = h0 - ε/6, so that the work of separation is exactly W = σ0 h0 (the rise stores
/// ⅔ σ0 ε, the fall ½ σ0 ε). As ε/h0 → 0 it becomes Dugdale's law (σ0 for 0 < λ < h0) with a
/// rigid contact (penalty 2σ0/ε, the rise's initial slope, against interpenetration). Why it
/// exists: Maugis' theory (D. Maugis, J. Colloid Interface Sci. 150, 243 (1992)) assumes this
/// law; a smooth law (UBER, a tabulated law) agrees with it only through an equivalent σ0 and
/// W, so tests of the contact solver against the theory use this one. Units: σ0 eV/Å^3,
/// lengths Å, energies eV/Å^2.
public struct DugdaleLaw: EffectiveOpeningLaw {
    /// Cohesive stress σ0, eV/Å^3.
    public let stress: Double
    /// Range h0 = W/σ0, Å.
    public let range: Double
    /// Rise and fall width ε, Å.
    public let transition: Double
    public let shearWeight: Double
    public let penaltyStiffness: Double

    /// - Parameters: σ0 (eV/Å^3), W (eV/Å^2), transition ε as a fraction of h0 = W/σ0 (0 < ε/h0 ≤ 0.5).
    public init(stress: Double, workOfSeparation: Double, transitionFraction: Double = 0.05, shearWeight: Double = 1) throws {
        guard stress > 0, workOfSeparation > 0, stress.isFinite, workOfSeparation.isFinite else {
            throw InputError("a Dugdale law needs a positive stress and work of separation (got σ0 = \(stress) eV/Å³, W = \(workOfSeparation) eV/Å²)")
        }
        guard transitionFraction > 0, transitionFraction <= 0.5 else {
            throw InputError("the Dugdale law's transition fraction must lie in (0, 0.5] (got \(transitionFraction))")
        }
        self.stress = stress; range = workOfSeparation / stress
        transition = transitionFraction * range
        self.shearWeight = shearWeight
        penaltyStiffness = 2 * stress / transition
    }

    public func scalar(_ lambda: Double) -> (energy: Double, traction: Double, slope: Double) {
        let s = stress, e = transition, h1 = range - e / 6
        if lambda == .infinity || lambda >= h1 + e { return (s * range, 0, 0) }
        if lambda <= e {
            let x = lambda / e
            return (s * e * (x * x - x * x * x / 3), s * (2 * x - x * x), 2 * s / e * (1 - x))
        }
        let rise = 2.0 / 3.0 * s * e
        if lambda <= h1 { return (rise + s * (lambda - e), s, 0) }
        let y = (lambda - h1) / e
        let energy = rise + s * (h1 - e) + s * e * (y - y * y * y + 0.5 * y * y * y * y)
        return (energy, s * (1 - 3 * y * y + 2 * y * y * y), s / e * (-6 * y + 6 * y * y))
    }
    public var workOfSeparation: Double { stress * range }
    public var peakTraction: Double { stress }
    /// The end of the rise (the law reaches σ0 there), Å.
    public var peakOpening: Double { transition }
    public var summary: String { "Dugdale(σ0=\(stress) eV/Å³, h0=\(range) Å, ε=\(transition) Å)" }
}
