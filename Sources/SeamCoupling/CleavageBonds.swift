import SeamCore
import SeamPotential

/// The nearest-neighbour bonds across a cleavage plane inside the atomistic region, grouped in
/// columns by the x of their midpoints: the broken-bond criterion that locates a crack tip.
///
/// A bond (i above, j below the plane) is a pair whose reference distance is within 5% of the
/// shortest distance across the plane (minimum image along the periodic z). A column is *open*
/// when the mean length of its bonds exceeds `brokenStretch` times their reference length; the
/// tip is the x of the last column of the open run that starts at the region's left edge
/// (x0 when the first column is closed). Units: Å.
public struct CleavageBonds: Sendable {
    /// Bond pairs (atom above, atom below) with their reference lengths (Å).
    public let pairs: [(above: Int, below: Int, length: Double)]
    /// Column x positions (Å, ascending) and the bonds of each column (indices into `pairs`).
    public let columns: [Double]
    public let members: [[Int]]
    /// Bond counted broken beyond this multiple of its reference length.
    public let brokenStretch: Double
    /// Out-of-plane period (minimum image along z), Å.
    public let period: Double
    /// Left edge of the region (tip reported when no column is open), Å.
    public let leftEdge: Double

    /// - Parameters:
    ///   - reference: reference positions, Å; `candidates`: atoms to consider (e.g. real atoms).
    ///   - xRange, yBand: the region (x) and the half-height of the band about the plane (Å)
    ///     holding the atoms considered.
    public init(reference: [Vec3], candidates: [Int], crack: CrackCut, xRange: ClosedRange<Double>,
                yBand: Double, period: Double, brokenStretch: Double) throws {
        guard brokenStretch > 1 else { throw InputError("the broken-bond stretch must exceed 1 (got \(brokenStretch))") }
        let near = candidates.filter { abs(reference[$0].y - crack.height) < yBand && xRange.contains(reference[$0].x) }
        let above = near.filter { crack.isAbove(reference[$0]) }, below = near.filter { !crack.isAbove(reference[$0]) }
        func distance(_ a: Vec3, _ b: Vec3) -> Double {
            var d = a - b
            d.z -= period * (d.z / period).rounded()
            return d.norm
        }
        var shortest = Double.infinity
        for i in above { for j in below { shortest = min(shortest, distance(reference[i], reference[j])) } }
        guard shortest.isFinite else { throw InputError("no atoms on both sides of the crack plane y = \(crack.height) Å in the region") }
        var pairs: [(above: Int, below: Int, length: Double)] = []
        var keys: [Double] = []
        for i in above { for j in below {
            let d = distance(reference[i], reference[j])
            if d < 1.05 * shortest {
                pairs.append((i, j, d))
                keys.append(((0.5 * (reference[i].x + reference[j].x)) * 1e6).rounded() / 1e6)
            }
        } }
        let columns = Array(Set(keys)).sorted()
        var members = [[Int]](repeating: [], count: columns.count)
        for (b, key) in keys.enumerated() { members[columns.firstIndex(of: key)!].append(b) }
        self.pairs = pairs; self.columns = columns; self.members = members
        self.brokenStretch = brokenStretch; self.period = period; self.leftEdge = xRange.lowerBound
    }

    /// Mean stretch (current/reference length) of every column's bonds.
    public func columnStretch(_ positions: [Vec3]) -> [Double] {
        members.map { bonds in
            bonds.reduce(0.0) { sum, b in
                var d = positions[pairs[b].above] - positions[pairs[b].below]
                d.z -= period * (d.z / period).rounded()
                return sum + d.norm / pairs[b].length
            } / Double(bonds.count)
        }
    }

    /// Tip x (Å) and the number of broken bonds at `positions`.
    public func tip(_ positions: [Vec3]) -> (x: Double, brokenBonds: Int) {
        let stretch = columnStretch(positions)
        var tip = leftEdge
        for (k, s) in stretch.enumerated() { if s > brokenStretch { tip = columns[k] } else { break } }
        var broken = 0
        for p in pairs {
            var d = positions[p.above] - positions[p.below]
            d.z -= period * (d.z / period).rounded()
            if d.norm > brokenStretch * p.length { broken += 1 }
        }
        return (tip, broken)
    }
}
