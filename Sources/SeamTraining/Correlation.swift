/// Correlation coefficients for judging whether an uncertainty estimate (committee
/// disagreement) tracks the true error: Pearson's r on the values and Spearman's ρ, the
/// Pearson r of the ranks (ties get their average rank), which only asks for a monotone
/// relation.
public enum Correlation {
    /// Pearson's r = Σ(x - x̄)(y - ȳ) / sqrt(Σ(x - x̄)^2 Σ(y - ȳ)^2); nil for fewer than two
    /// points or a constant series.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "series of different lengths")
        guard x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Spearman's ρ: Pearson's r of the average ranks.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "series of different lengths")
        return pearson(ranks(x), ranks(y))
    }

    /// Ranks 1...n in ascending order, ties sharing their average rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = average }
            i = j + 1
        }
        return r
    }
}
