import SeamCore
import SeamPotential

/// A slab cut in two by a plane: the atoms above the cut ("upper") move when the interface
/// opens or slips. Periodic in the two in-plane directions, free along the normal.
public struct InterfaceSlab: Sendable {
    /// The slab (periodic along a and b only), Å.
    public var structure: Structure
    /// Atoms above the cut.
    public var upper: [Bool]
    /// Unit normal of the cut plane, pointing from the lower to the upper part.
    public var normal: Vec3
    /// Height of the cut along `normal`, Å.
    public var cutHeight: Double
    /// In-plane area |a × b|, Å^2.
    public var area: Double { structure.cell.r0.cross(structure.cell.r1).norm }

    /// A slab given as a structure (e.g. read from extended XYZ) with the cut at `cutHeight`
    /// (Å along the normal of the a-b plane). The structure must be periodic along a and b;
    /// it is made free along c. Works for two different bodies (tip and substrate) alike.
    public init(structure s: Structure, cutHeight: Double) throws {
        guard s.periodic[0] && s.periodic[1] else {
            throw InputError("an interface slab must be periodic along the first two cell vectors (the cut plane)")
        }
        let n = s.cell.r0.cross(s.cell.r1).normalized
        let heights = s.positions.map { $0.dot(n) }
        let upper = heights.map { $0 > cutHeight }
        guard upper.contains(true), upper.contains(false) else {
            throw InputError("the cut at \(cutHeight) Å leaves no atoms on one side (heights \(heights.min() ?? 0) to \(heights.max() ?? 0) Å)")
        }
        var free = s
        free.periodic = [true, true, false]
        structure = free; self.upper = upper; normal = n; self.cutHeight = cutHeight
    }

    /// Cleaves an oriented crystal (a, b in the cleavage plane, e.g. from `Crystal.oriented`)
    /// at its widest interlayer gap: the crystal is shifted so that this gap lies at the
    /// cell boundary, repeated along c until each half is at least `halfThickness` Å thick,
    /// repeated `inPlane` times along a and b, and cut in the middle. Outer surfaces and the
    /// cut are then of the same termination, so the work of separation is exactly twice the
    /// surface energy once the halves are thick enough.
    public static func cleaving(_ oriented: Structure, halfThickness: Double, inPlane: (Int, Int) = (1, 1)) throws -> InterfaceSlab {
        guard oriented.isBulk else { throw InputError("cleaving needs a crystal periodic along all three axes") }
        let n = oriented.cell.r0.cross(oriented.cell.r1).normalized
        let period = oriented.cell.r2.dot(n)
        guard period > 0 else { throw InputError("cell vector c must point out of the a-b plane") }
        // Heights modulo the period; the widest gap (periodically).
        let h = oriented.positions.map { p -> Double in let z = p.dot(n).truncatingRemainder(dividingBy: period); return z < 0 ? z + period : z }
        let sorted = h.sorted()
        var bestGap = -1.0, bestTop = 0.0
        for k in 0..<sorted.count {
            let lo = sorted[k], hi = k + 1 < sorted.count ? sorted[k + 1] : sorted[0] + period
            if hi - lo > bestGap + 1e-6 { bestGap = hi - lo; bestTop = hi }
        }
        guard bestGap > 1e-3 else { throw InputError("no interlayer gap found along the normal") }
        // Translate so the gap's upper layer sits at height gap/2 (the gap straddles z = 0),
        // wrapping with the lattice vector c (whose height along the normal is the period).
        let shift = 0.5 * bestGap - bestTop
        var crystal = oriented
        crystal.positions = oriented.positions.map { p in
            let z = p.dot(n) + shift
            return p + shift * n - (z / period).rounded(.down) * oriented.cell.r2
        }
        let repeats = max(2, 2 * Int((halfThickness / period).rounded(.up)))
        let big = crystal.replicated(inPlane.0, inPlane.1, repeats)
        return try InterfaceSlab(structure: big, cutHeight: Double(repeats / 2) * period)
    }

    /// The slab with the upper part displaced rigidly by `displacement` (Å).
    public func displaced(by displacement: Vec3) -> Structure {
        var s = structure
        for i in 0..<s.count where upper[i] { s.positions[i] += displacement }
        return s
    }
}
