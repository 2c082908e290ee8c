import Foundation
import SeamCore
import SeamPotential

/// Descriptor statistics over a training set, per element and symmetry function: minimum,
/// maximum, mean and population standard deviation of the raw descriptor (n2p2's
/// `scaling.data` columns), in the settings' length unit.
public enum ScalingStatistics {
    /// Statistics of the raw descriptors of `structures` under `settings`.
    ///
    /// Elements with no atom in the set get min = max = mean = sigma = 0.
    public static func compute(_ structures: [Structure], settings: N2P2Settings) throws -> ScalingData {
        let calc = try DescriptorCalculator(settings: settings, scaling: nil)
        let counts = settings.symmetryFunctions.map(\.count)
        var lo = counts.map { [Double](repeating: .infinity, count: $0) }
        var hi = counts.map { [Double](repeating: -.infinity, count: $0) }
        var sum = counts.map { [Double](repeating: 0, count: $0) }
        var sum2 = counts.map { [Double](repeating: 0, count: $0) }
        var n = [Int](repeating: 0, count: counts.count)
        for s in structures {
            let d = try calc.compute(s, derivatives: false)
            for i in 0..<d.atomCount {
                let e = Int(d.elementIndices[i])
                n[e] += 1
                for k in 0..<counts[e] {
                    let g = d.values[d.valueOffsets[i] + k]
                    lo[e][k] = min(lo[e][k], g); hi[e][k] = max(hi[e][k], g)
                    sum[e][k] += g; sum2[e][k] += g * g
                }
            }
        }
        return ScalingData(perElement: counts.indices.map { e in
            (0..<counts[e]).map { k in
                guard n[e] > 0 else { return ScalingData.Entry(minimum: 0, maximum: 0, mean: 0, standardDeviation: 0) }
                let mean = sum[e][k] / Double(n[e])
                let variance = max(0, sum2[e][k] / Double(n[e]) - mean * mean)
                return ScalingData.Entry(minimum: lo[e][k], maximum: hi[e][k], mean: mean, standardDeviation: variance.squareRoot())
            }
        })
    }

    /// `scaling.data` text: one line per (element, SF), 1-based indices, min max mean sigma
    /// with 17 significant digits (bit-exact on reading back).
    public static func format(_ scaling: ScalingData) -> String {
        var s = "# Symmetry function scaling data written by Seam training (raw descriptors; lengths in angstrom).\n"
        s += "# element  sf  min  max  mean  sigma\n"
        for (e, entries) in scaling.entries.enumerated() {
            for (k, x) in entries.enumerated() {
                s += "\(e + 1) \(k + 1) \(fmt(x.minimum)) \(fmt(x.maximum)) \(fmt(x.mean)) \(fmt(x.sigma ?? 0))\n"
            }
        }
        return s
    }
}
