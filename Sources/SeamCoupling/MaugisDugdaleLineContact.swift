import Foundation
import SeamCore

/// Maugis-Dugdale theory of the adhesive line contact: a rigid (or elastic, through E*) cylinder
/// of radius R on an elastic half-plane in plane strain, with a Dugdale adhesive stress σ0 acting
/// wherever the gap h lies in 0 < h < h0 = W/σ0 (W: work of adhesion). The independent
/// reference for `AdhesiveCylinderContact`. (Line-contact version of D. Maugis, J. Colloid
/// Interface Sci. 150, 243 (1992); cf. J. M. Baney, C.-Y. Hui, J. Adhes. Sci. Technol. 11, 393
/// (1997) and K. L. Johnson, J. A. Greenwood, J. Phys. D 41, 155315 (2008).)
///
/// The equations, derived here (superposition of the Hertz pressure of half-width a and the
/// solution, bounded at x = ±a, for the tension σ0 on a < |x| < c with the contact held flat;
/// surface slope u'(x) = -(2/(π E*)) ∫ p(s)/(x - s) ds, K. L. Johnson, Contact Mechanics, eq.
/// 2.25b). With T = sqrt(c² - a²):
///
///   load per unit length (compressive positive)
///     P = π a² E* / (4R) - 2 σ0 T                                                     (1)
///   gap at the end of the Dugdale zone = h0:
///     h0 = [c T - a² ln((c + T)/a)] / (2R)
///        + (4 σ0 / (π E*)) [T ln((c + T)/a) - c ln(c/a)]                                 (2)
///
/// The first term of (2) is the Hertz gap ∫_a^c sqrt(s² - a²)/R ds; the second the opening
/// produced by the adhesive stresses, from u_A'(x) = -(2σ0/(πE*)) ln[(T - b)/(T + b)],
/// b = sqrt(x² - a²). Limits (tests check both): σ0 → ∞ at fixed W gives c → a and
/// P = π a² E*/(4R) - sqrt(2π a E* W), the JKR line contact (M. Barquins, J. Adhes. 26, 1 (1988);
/// energy release rate K²/(2E*) at the edge of a flat punch, K = P/sqrt(π a)), whose
/// load-controlled pull-off is P = -(3/4) (4π E* W² R)^{1/3} at a = (2 W R²/(π E*))^{1/3};
/// σ0 → 0 gives the rigid (DMT-like) limit P = -2 σ0 sqrt(2 R h0) = -2 sqrt(2 R W σ0), which
/// unlike the sphere's 2πRW depends on the range of the adhesion.
///
/// (Chaudhury et al., J. Appl. Phys. 80, 30 (1996), write the JKR cylinder pull-off as
/// (3/4)(π W² R E'/...)^{1/3} with their own modulus convention; with E* = E/(1 - ν²) of a
/// body on a rigid cylinder the form above is the one the energy release rate gives.)
///
/// The transition parameter used here is λ = 2 σ0 (R / (π W E*²))^{1/3} (P_DMT/P_JKR ∝ λ^{1/2};
/// our normalisation, the same form as Maugis' sphere parameter). Units: R, a, c, h0 in Å;
/// E*, σ0 in eV/Å^3; W in eV/Å^2; P in eV/Å per Å of length (eV/Å^2).
public struct MaugisDugdaleLineContact: Sendable, Equatable {
    /// Cylinder radius R, Å.
    public let radius: Double
    /// Plane-strain modulus E* (1/E* = (1-ν1²)/E1 + (1-ν2²)/E2), eV/Å^3.
    public let reducedModulus: Double
    /// Work of adhesion W, eV/Å^2.
    public let workOfAdhesion: Double
    /// Dugdale stress σ0, eV/Å^3.
    public let stress: Double

    public init(radius: Double, reducedModulus: Double, workOfAdhesion: Double, stress: Double) throws {
        for (name, v) in [("radius", radius), ("reduced modulus", reducedModulus), ("work of adhesion", workOfAdhesion), ("Dugdale stress", stress)]
        where !(v > 0 && v.isFinite) {
            throw InputError("Maugis-Dugdale line contact: the \(name) must be positive and finite (got \(v))")
        }
        self.radius = radius; self.reducedModulus = reducedModulus; self.workOfAdhesion = workOfAdhesion; self.stress = stress
    }

    /// Range of the Dugdale stress h0 = W/σ0, Å.
    public var range: Double { workOfAdhesion / stress }
    /// Transition parameter λ = 2 σ0 (R/(π W E*²))^{1/3} (see the type's notes).
    public var transitionParameter: Double {
        2 * stress * pow(radius / (Double.pi * workOfAdhesion * reducedModulus * reducedModulus), 1.0 / 3)
    }

    /// The gap (Å) at x = c for contact half-width a (equation 2).
    public func gap(halfWidth a: Double, zoneEnd c: Double) -> Double {
        let t = max(c * c - a * a, 0).squareRoot(), r = radius, e = reducedModulus
        let l = log((c + t) / a)
        return (c * t - a * a * l) / (2 * r) + 4 * stress / (Double.pi * e) * (t * l - c * log(c / a))
    }

    /// Load per unit length P (eV/Å^2, compressive positive) and the end of the Dugdale zone c
    /// (Å) at contact half-width a > 0 (Å): solves (2) for c by bisection (the gap grows
    /// monotonically with c), then evaluates (1).
    public func state(halfWidth a: Double) -> (load: Double, zoneEnd: Double) {
        precondition(a > 0, "the contact half-width must be positive")
        let h0 = range
        var lo = a, hi = 2 * a + h0
        while gap(halfWidth: a, zoneEnd: hi) < h0 { hi *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if gap(halfWidth: a, zoneEnd: mid) < h0 { lo = mid } else { hi = mid }
            if hi - lo <= 1e-15 * hi { break }
        }
        let c = 0.5 * (lo + hi)
        return (Double.pi * a * a * reducedModulus / (4 * radius) - 2 * stress * (c * c - a * a).squareRoot(), c)
    }

    /// Pull-off under load control: the minimum of P(a) over a > 0, with its half-width and zone
    /// end. A logarithmic scan over 10^-8..10^4 times the JKR half-width, then golden-section
    /// refinement around the best point.
    public func pullOff() -> (load: Double, halfWidth: Double, zoneEnd: Double) {
        let aJ = Self.jkrPullOffHalfWidth(radius: radius, reducedModulus: reducedModulus, workOfAdhesion: workOfAdhesion)
        var bestK = 0, best = Double.infinity
        let grid = (0...600).map { aJ * pow(10, -8 + 12 * Double($0) / 600) }
        for (k, a) in grid.enumerated() { let p = state(halfWidth: a).load; if p < best { best = p; bestK = k } }
        var lo = log(grid[max(bestK - 1, 0)]), hi = log(grid[min(bestK + 1, grid.count - 1)])
        let g = (5.0.squareRoot() - 1) / 2
        var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
        var f1 = state(halfWidth: exp(x1)).load, f2 = state(halfWidth: exp(x2)).load
        for _ in 0..<100 {
            if f1 < f2 { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = state(halfWidth: exp(x1)).load }
            else { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = state(halfWidth: exp(x2)).load }
        }
        let a = exp(0.5 * (lo + hi))
        let s = state(halfWidth: a)
        return (s.load, a, s.zoneEnd)
    }

    /// JKR line-contact pull-off (load control) P = -(3/4)(4π E* W² R)^{1/3}, eV/Å^2.
    public static func jkrPullOff(radius: Double, reducedModulus: Double, workOfAdhesion: Double) -> Double {
        -0.75 * pow(4 * Double.pi * reducedModulus * workOfAdhesion * workOfAdhesion * radius, 1.0 / 3)
    }
    /// Half-width at the JKR pull-off a = (2 W R²/(π E*))^{1/3}, Å.
    public static func jkrPullOffHalfWidth(radius: Double, reducedModulus: Double, workOfAdhesion: Double) -> Double {
        pow(2 * workOfAdhesion * radius * radius / (Double.pi * reducedModulus), 1.0 / 3)
    }
    /// JKR line-contact load at half-width a: P = π a² E*/(4R) - sqrt(2π a E* W), eV/Å^2.
    public static func jkrLoad(halfWidth a: Double, radius: Double, reducedModulus: Double, workOfAdhesion: Double) -> Double {
        Double.pi * a * a * reducedModulus / (4 * radius) - (2 * Double.pi * a * reducedModulus * workOfAdhesion).squareRoot()
    }
    /// Rigid (DMT-like) limit of the Dugdale line contact P = -2 sqrt(2 R W σ0), eV/Å^2.
    public static func dmtPullOff(radius: Double, workOfAdhesion: Double, stress: Double) -> Double {
        -2 * (2 * radius * workOfAdhesion * stress).squareRoot()
    }
}
