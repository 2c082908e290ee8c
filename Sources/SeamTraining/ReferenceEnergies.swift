import SeamCore

/// Per-element reference ("atom") energies by linear least squares: E_c ≈ Σ_e n_ce ε_e over
/// configurations c, with n_ce the number of atoms of element e.
///
/// Solves the normal equations (AᵀA + λI) ε = Aᵀ E and, only when a pivot falls below 1e-10 tr(AᵀA),
/// again with a ridge λ = 1e-10 tr(AᵀA)/m so that collinear compositions (every configuration with the same stoichiometry) still give
/// the minimum-norm-like solution instead of failing. Hand-written: the system is m x m with m
/// the number of elements (a handful), Gaussian elimination with partial pivoting.
public enum ReferenceEnergies {
    /// ε_e in eV for each element of `elements`.
    public static func fit(_ configurations: [TrainingConfiguration], elements: [Element]) throws -> [Element: Double] {
        let m = elements.count
        guard m > 0, !configurations.isEmpty else { throw InputError("reference energies need elements and at least one configuration") }
        var ata = [Double](repeating: 0, count: m * m), atb = [Double](repeating: 0, count: m)
        for c in configurations {
            var counts = [Double](repeating: 0, count: m)
            for e in c.structure.elements {
                guard let k = elements.firstIndex(of: e) else { throw InputError("configuration '\(c.name)' contains \(e), which is not among the potential's elements") }
                counts[k] += 1
            }
            for a in 0..<m {
                atb[a] += counts[a] * c.energy
                for b in 0..<m { ata[a * m + b] += counts[a] * counts[b] }
            }
        }
        var trace = 0.0
        for a in 0..<m { trace += ata[a * m + a] }
        if let x = solve(ata, atb, m, tiny: 1e-10 * trace) { return Dictionary(uniqueKeysWithValues: zip(elements, x)) }
        // Collinear compositions: a small ridge picks the minimum-norm-like solution.
        var ridged = ata
        for a in 0..<m { ridged[a * m + a] += 1e-10 * trace / Double(m) }
        guard let x = solve(ridged, atb, m, tiny: 0) else { throw NumericalError(.singular, "reference-energy normal equations are singular") }
        return Dictionary(uniqueKeysWithValues: zip(elements, x))
    }

    /// Gaussian elimination with partial pivoting; nil when a pivot is at most `tiny`.
    static func solve(_ matrix: [Double], _ rhs: [Double], _ m: Int, tiny: Double) -> [Double]? {
        var ata = matrix
        var x = rhs
        for col in 0..<m {
            var pivot = col
            for r in col..<m where abs(ata[r * m + col]) > abs(ata[pivot * m + col]) { pivot = r }
            if pivot != col {
                for k in 0..<m { ata.swapAt(col * m + k, pivot * m + k) }
                x.swapAt(col, pivot)
            }
            let d = ata[col * m + col]
            guard abs(d) > tiny else { return nil }
            for r in (col + 1)..<m {
                let f = ata[r * m + col] / d
                if f == 0 { continue }
                for k in col..<m { ata[r * m + k] -= f * ata[col * m + k] }
                x[r] -= f * x[col]
            }
        }
        for col in stride(from: m - 1, through: 0, by: -1) {
            var s = x[col]
            for k in (col + 1)..<m { s -= ata[col * m + k] * x[k] }
            x[col] = s / ata[col * m + col]
        }
        return x
    }
}
