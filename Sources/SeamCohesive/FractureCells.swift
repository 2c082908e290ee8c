import Foundation
import SeamCore
import SeamPotential

/// Small periodic cells of separating interfaces and crack tips, built from an
/// `InterfaceSlab`: start structures for sampling fracture configurations (active learning,
/// held-out sets) with any code that wants cells periodic in all three directions (plane-wave
/// DFT, periodic tight binding such as tblite).
///
/// Hand-written: the geometry is a few lines on top of `InterfaceSlab`, but it fixes *which*
/// separation is the control. In `openedBicrystal` the opening is set by the cell (a fixed-cell
/// trajectory cannot close it, only redistribute it as strain), which is the displacement-
/// controlled path of a relaxed cohesive law; in `crackedSlab` a crack of given length and
/// opening sits between free outer surfaces.
public enum FractureCells {
    /// The slab as a bicrystal periodic in all three directions, with the cut opened by
    /// `opening` (Å, along the slab normal): the upper part moves by `opening`·n and the cell
    /// vector c grows by `opening`·n, so the periodic boundary (the slab's outer surfaces,
    /// which `InterfaceSlab.cleaving` makes bulk-like when joined) stays bonded and the cut is
    /// the only gap. With `opening` = 0 it is the perfect crystal; the energy change on opening
    /// equals φ(δ)·A of the rigid cohesive law of the same cut (`LawDerivation.rigid`) once
    /// the halves are thicker than the interaction range.
    public static func openedBicrystal(_ slab: InterfaceSlab, opening: Double) -> Structure {
        precondition(opening.isFinite, "opening must be finite")
        var s = slab.displaced(by: opening * slab.normal)
        s.cell = Mat3(rows: s.cell.r0, s.cell.r1, s.cell.r2 + opening * slab.normal)
        s.periodic = [true, true, true]
        return s
    }

    /// A slab with a through crack along the cut, periodic along the crack front (cell vector
    /// b) and along a, so that each cell holds one crack of length `crackedFraction`·|a| with two
    /// tips; free surfaces above and below, separated from their periodic images by `vacuum` Å
    /// (the cell is periodic in all three directions).
    ///
    /// The opening profile follows the near-tip field of linear elastic fracture mechanics,
    /// crack opening ∝ √r (Irwin; Anderson, *Fracture Mechanics*, 3rd ed., eq. 2.53): an atom at
    /// distance d (fraction of |a|) from the crack centre is moved along ±n by
    /// ½·`opening`·w(d), w(d) = √(max(0, f/2 - d)/(f/2)), upper part up and lower part down, so
    /// the cut opens by `opening` at the centre and closes at the tips d = f/2.
    ///
    /// - Parameters:
    ///   - opening: crack opening at the centre, Å (≥ 0).
    ///   - crackedFraction: crack length as a fraction f of |a|, 0 < f < 1.
    ///   - vacuum: gap between the outer surfaces and their periodic images, Å (> 0).
    public static func crackedSlab(_ slab: InterfaceSlab, opening: Double, crackedFraction: Double, vacuum: Double) throws -> Structure {
        guard opening >= 0, opening.isFinite else { throw InputError("crack opening must be >= 0 Å, got \(opening)") }
        guard crackedFraction > 0, crackedFraction < 1 else { throw InputError("cracked fraction must lie in (0, 1), got \(crackedFraction)") }
        guard vacuum > 0, vacuum.isFinite else { throw InputError("vacuum must be > 0 Å, got \(vacuum)") }
        var s = slab.structure
        let n = slab.normal
        for i in 0..<s.count {
            let sa = s.fractional(s.positions[i]).x
            let w = crackOpeningWeight(distance: abs(sa - sa.rounded()), crackedFraction: crackedFraction)
            s.positions[i] += (slab.upper[i] ? 0.5 : -0.5) * opening * w * n
        }
        let heights = s.positions.map { $0.dot(n) }
        let low = heights.min()!, span = heights.max()! - low
        let shift = 0.5 * vacuum - low
        s.positions = s.positions.map { $0 + shift * n }
        // c: along the normal, so the vacuum is exactly `vacuum` (a and b lie in the plane).
        s.cell = Mat3(rows: s.cell.r0, s.cell.r1, (span + vacuum) * n)
        s.periodic = [true, true, true]
        return s
    }

    /// w(d) = √(max(0, f/2 - d)/(f/2)): the crack-opening weight at distance d (fraction of
    /// the cell along a) from the crack centre, for a crack of length f (fraction).
    public static func crackOpeningWeight(distance d: Double, crackedFraction f: Double) -> Double {
        (max(0, 0.5 * f - d) / (0.5 * f)).squareRoot()
    }
}
