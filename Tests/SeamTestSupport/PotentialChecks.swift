import SeamCore
import SeamPotential

/// Reusable physics checkers that every `Potential` conformer runs.
public enum PotentialChecks {
    /// Largest relative difference between analytic forces and minus the central finite
    /// difference of the energy, over the given atoms (all by default), relative to the
    /// largest force component (floored at `floor` eV/Å). The step `h` (Å) is scanned over
    /// h, h/2, h/4 and the smallest error is returned (central differences: O(h^2)).
    public static func forceError(_ p: some Potential, _ s: Structure, atoms: [Int]? = nil,
                                  h: Double = 1e-4, mask: InteractionMask? = nil, floor: Double = 1e-3) throws -> Double {
        let analytic = try p.evaluate(s, mask: mask, request: [.energy, .forces]).forces
        let scale = max(floor, analytic.reduce(0) { max($0, $1.maxAbs) })
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for i in atoms ?? Array(0..<s.count) {
                for a in 0..<3 {
                    var plus = s, minus = s
                    plus.positions[i][a] += step; minus.positions[i][a] -= step
                    let fd = -(try p.energy(plus, mask: mask) - p.energy(minus, mask: mask)) / (2 * step)
                    worst = max(worst, abs(fd - analytic[i][a]) / scale)
                }
            }
            best = min(best, worst)
        }
        return best
    }

    /// Largest difference between the analytic virial W = -∂E/∂ε and a central finite
    /// difference over the strain components ε_ab (positions and cell deformed by I + ε),
    /// relative to max(|W|, floor) eV.
    public static func virialError(_ p: some Potential, _ s: Structure, h: Double = 1e-5,
                                   mask: InteractionMask? = nil, floor: Double = 1e-3) throws -> Double {
        let w = try p.evaluate(s, mask: mask, request: [.energy, .virial]).virial
        let scale = max(floor, w.maxAbs)
        var worst = 0.0
        for a in 0..<3 { for b in 0..<3 {
            var ep = Mat3.identity, em = Mat3.identity
            ep[a, b] += h; em[a, b] -= h
            let fd = -(try p.energy(s.deformed(by: ep), mask: mask) - p.energy(s.deformed(by: em), mask: mask)) / (2 * h)
            worst = max(worst, abs(fd - w[a, b]) / scale)
        } }
        return worst
    }

    /// A proper rotation matrix from axis-angle (radians).
    public static func rotation(axis: Vec3, angle: Double) -> Mat3 {
        let u = axis.normalized, c = cos(angle), s = sin(angle), t = 1 - c
        return Mat3(rows:
            Vec3(t * u.x * u.x + c, t * u.x * u.y - s * u.z, t * u.x * u.z + s * u.y),
            Vec3(t * u.x * u.y + s * u.z, t * u.y * u.y + c, t * u.y * u.z - s * u.x),
            Vec3(t * u.x * u.z - s * u.y, t * u.y * u.z + s * u.x, t * u.z * u.z + c))
    }

    /// Differences in energy (eV) and forces (eV/Å, after rotating back) under a rigid rotation,
    /// a translation and a permutation of atoms.
    public static func invarianceErrors(_ p: some Potential, _ s: Structure, seed: UInt64 = 1) throws
        -> (rotation: Double, translation: Double, permutation: Double) {
        let base = try p.evaluate(s, request: [.energy, .forces])
        let r = rotation(axis: Vec3(0.3, -0.5, 0.8), angle: 0.7)
        let rotated = try p.evaluate(s.deformed(by: r), request: [.energy, .forces])
        var rotErr = abs(rotated.energy - base.energy)
        for i in 0..<s.count { rotErr = max(rotErr, (r.transposed * rotated.forces[i] - base.forces[i]).maxAbs) }
        var moved = s
        moved.positions = s.positions.map { $0 + Vec3(0.37, -1.21, 2.05) }
        let translated = try p.evaluate(moved, request: [.energy, .forces])
        var trErr = abs(translated.energy - base.energy)
        for i in 0..<s.count { trErr = max(trErr, (translated.forces[i] - base.forces[i]).maxAbs) }
        var g = SeededGenerator(seed: seed)
        var order = Array(0..<s.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        var permuted = s
        permuted.positions = order.map { s.positions[$0] }
        permuted.elements = order.map { s.elements[$0] }
        let pr = try p.evaluate(permuted, request: [.energy, .forces])
        var pErr = abs(pr.energy - base.energy)
        for (k, i) in order.enumerated() { pErr = max(pErr, (pr.forces[k] - base.forces[i]).maxAbs) }
        return (rotErr, trErr, pErr)
    }
}
#if canImport(Glibc)
import Glibc
#endif
