import SeamCore
import SeamFEM

/// Reusable checkers that every `Material` conformer runs: the energy/stress/tangent triple
/// must be consistent (central finite differences with an h, h/2, h/4 step scan), the tangent
/// must have major symmetry (it is a Hessian), and W must be objective.
public enum MaterialChecks {
    /// Largest |P_iJ - ∂W/∂F_iJ (central FD)| over the 9 components, relative to
    /// max(|P|, floor) eV/Å^3. The smallest error over the steps h, h/2, h/4 is returned.
    public static func materialStressError(_ m: some Material, at f: Mat3, h: Double = 1e-5,
                                           floor: Double = 1e-6) throws -> Double {
        let p = try m.response(at: f, request: [.energy, .stress]).stress
        let scale = max(floor, p.maxAbs)
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for i in 0..<3 { for j in 0..<3 {
                var fp = f, fm = f
                fp[i, j] += step; fm[i, j] -= step
                let wp = try m.response(at: fp, request: .energy).energyDensity
                let wm = try m.response(at: fm, request: .energy).energyDensity
                worst = max(worst, abs((wp - wm) / (2 * step) - p[i, j]) / scale)
            } }
            best = min(best, worst)
        }
        return best
    }

    /// Largest |A_iJkL - ∂P_iJ/∂F_kL (central FD)| relative to max(|A|, floor) eV/Å^3, with
    /// the same step scan as `materialStressError`.
    public static func materialTangentError(_ m: some Material, at f: Mat3, h: Double = 1e-5,
                                            floor: Double = 1e-6) throws -> Double {
        let a = try m.response(at: f, request: .all).tangent
        let scale = max(floor, a.maxAbs)
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for k in 0..<3 { for l in 0..<3 {
                var fp = f, fm = f
                fp[k, l] += step; fm[k, l] -= step
                let pp = try m.response(at: fp, request: .stress).stress
                let pm = try m.response(at: fm, request: .stress).stress
                for i in 0..<3 { for j in 0..<3 {
                    worst = max(worst, abs((pp[i, j] - pm[i, j]) / (2 * step) - a[i, j, k, l]) / scale)
                } }
            } }
            best = min(best, worst)
        }
        return best
    }

    /// max |A_iJkL - A_kLiJ| / max|A| (major symmetry of a hyperelastic tangent).
    public static func tangentSymmetryError(_ m: some Material, at f: Mat3) throws -> Double {
        let a = try m.response(at: f, request: .tangent).tangent
        var worst = 0.0
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            worst = max(worst, abs(a[i, j, k, l] - a[k, l, i, j]))
        } } } }
        return worst / max(a.maxAbs, .leastNormalMagnitude)
    }

    /// Objectivity under a rotation Q: |W(QF) - W(F)| relative to max(|W|, floor), and
    /// max|P(QF) - Q P(F)| relative to max(|P|, floor).
    public static func objectivityErrors(_ m: some Material, at f: Mat3, rotation q: Mat3,
                                         floor: Double = 1e-6) throws -> (energy: Double, stress: Double) {
        let base = try m.response(at: f, request: [.energy, .stress])
        let rotated = try m.response(at: q * f, request: [.energy, .stress])
        let eErr = abs(rotated.energyDensity - base.energyDensity) / max(floor, abs(base.energyDensity))
        let sErr = (rotated.stress - q * base.stress).maxAbs / max(floor, base.stress.maxAbs)
        return (eErr, sErr)
    }
}
