import SeamCore

/// A law tabulated from a derivation: openings λ_k (Å, ascending from 0), energies φ_k
/// (eV/Å^2) and tractions t_k = φ'(λ_k) (eV/Å^3) from the analytic forces.
///
/// Between points φ is the cubic Hermite interpolant of (φ_k, t_k), so φ is C1 and the
/// traction continuous and consistent with φ; beyond the last point the interface is fully
/// separated (φ = φ_last, t = 0). Mixed mode through the effective opening (β).
public struct TabulatedLaw: EffectiveOpeningLaw {
    public let openings: [Double]
    public let energies: [Double]
    public let tractions: [Double]
    public let shearWeight: Double
    public let penaltyStiffness: Double

    public init(openings: [Double], energies: [Double], tractions: [Double], shearWeight: Double = 1, penaltyStiffness: Double? = nil) throws {
        guard openings.count >= 3, openings.count == energies.count, openings.count == tractions.count else {
            throw InputError("a tabulated law needs at least 3 points with equal numbers of openings, energies and tractions")
        }
        for k in 1..<openings.count where !(openings[k] > openings[k - 1]) {
            throw InputError("tabulated openings must increase strictly (point \(k): \(openings[k]) after \(openings[k - 1]))")
        }
        guard abs(openings[0]) < 1e-12 else { throw InputError("a tabulated law must start at zero opening, got \(openings[0]) Å") }
        guard (energies + tractions).allSatisfy({ $0.isFinite }) else { throw InputError("tabulated law has non-finite values") }
        // Shift so that φ(0) = 0.
        self.openings = openings; self.energies = energies.map { $0 - energies[0] }; self.tractions = tractions
        self.shearWeight = shearWeight
        let initialSlope = (tractions[1] - tractions[0]) / (openings[1] - openings[0])
        self.penaltyStiffness = penaltyStiffness ?? max(abs(initialSlope), (tractions.max() ?? 1) / openings[1]) * 10
    }

    public func scalar(_ lambda: Double) -> (energy: Double, traction: Double, slope: Double) {
        let n = openings.count
        if lambda >= openings[n - 1] { return (energies[n - 1], 0, 0) }
        // Binary search for the interval.
        var lo = 0, hi = n - 1
        while hi - lo > 1 { let mid = (lo + hi) / 2; if openings[mid] <= lambda { lo = mid } else { hi = mid } }
        let h = openings[hi] - openings[lo]
        let s = (lambda - openings[lo]) / h
        let p0 = energies[lo], p1 = energies[hi], m0 = tractions[lo] * h, m1 = tractions[hi] * h
        let s2 = s * s, s3 = s2 * s
        let e = (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1
        let d1 = (6 * s2 - 6 * s) * p0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * p1 + (3 * s2 - 2 * s) * m1
        let d2 = (12 * s - 6) * p0 + (6 * s - 4) * m0 + (-12 * s + 6) * p1 + (6 * s - 2) * m1
        return (e, d1 / h, d2 / (h * h))
    }
    public var workOfSeparation: Double { energies[energies.count - 1] }
    public var peakTraction: Double { tractions.max() ?? 0 }
    public var peakOpening: Double { openings[tractions.firstIndex(of: peakTraction) ?? 0] }
    public var summary: String { "tabulated(\(openings.count) points, G=\(workOfSeparation) eV/Å²)" }
}
