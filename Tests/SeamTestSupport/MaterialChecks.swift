import SeamCore
import SeamFEM

/// Reusable checkers that every hyperelastic `Material` conformer runs beside the
/// finite-difference consistency of its energy/stress/tangent triple
/// (`FEMChecks.materialStressError`, `FEMChecks.materialTangentError`): the tangent must have
/// major symmetry (it is a Hessian), and W must be objective.
public enum MaterialChecks {
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
