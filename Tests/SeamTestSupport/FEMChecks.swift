import SeamCore
import SeamFEM

/// Reusable finite-difference checkers that every `Material` conformer and every assembled
/// elasticity model runs (central differences with an h, h/2, h/4 step scan; the smallest
/// error of the scan is returned, so round-off at tiny steps and truncation at large ones do
/// not mask each other).
public enum FEMChecks {
    /// Largest |P - ∂W/∂F (central FD)| relative to max(|P|, floor) at F.
    public static func materialStressError(_ m: some Material, at f: Mat3, h: Double = 1e-6, floor: Double = 1e-8) throws -> Double {
        let p = try m.response(at: f, request: [.energy, .stress]).stress
        let scale = max(floor, p.maxAbs)
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for i in 0..<3 { for j in 0..<3 {
                var fp = f, fm = f
                fp[i, j] += step; fm[i, j] -= step
                let fd = (try m.response(at: fp, request: .energy).energyDensity - m.response(at: fm, request: .energy).energyDensity) / (2 * step)
                worst = max(worst, abs(fd - p[i, j]) / scale)
            } }
            best = min(best, worst)
        }
        return best
    }

    /// Largest |A_iJkL - ∂P_iJ/∂F_kL (central FD)| relative to max(|A|, floor) at F.
    public static func materialTangentError(_ m: some Material, at f: Mat3, h: Double = 1e-6, floor: Double = 1e-8) throws -> Double {
        let a = try m.response(at: f, request: [.stress, .tangent]).tangent
        let scale = max(floor, a.maxAbs)
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for k in 0..<3 { for l in 0..<3 {
                var fp = f, fm = f
                fp[k, l] += step; fm[k, l] -= step
                let dp = (try m.response(at: fp, request: .stress).stress - m.response(at: fm, request: .stress).stress) / (2 * step)
                for i in 0..<3 { for j in 0..<3 { worst = max(worst, abs(dp[i, j] - a[i, j, k, l]) / scale) } }
            } }
            best = min(best, worst)
        }
        return best
    }

    /// Largest |K_ij - ∂r_i/∂u_j (central FD)| relative to max|K| for the assembled tangent of a
    /// model at the full displacement `u` (free dofs only; `columns` limits the FD columns).
    ///
    /// K comes from `residualAndTangent` (total Lagrangian, material P and A at each
    /// quadrature point); r is the assembled residual f_int - λ f_ext.
    public static func stiffnessError<M: Material>(_ model: ElasticityModel<M>, at u: [Double], loadFactor: Double = 1,
                                                   h: Double = 1e-6, columns: [Int]? = nil) throws -> Double {
        let values = try model.residualAndTangent(u, loadFactor: loadFactor, tangent: true).values!
        let pattern = model.assembly.pattern
        let n = pattern.dimension
        // Dense symmetric K from the stored upper triangle (small test problems only).
        var k = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for p in Int(pattern.columnStarts[j])..<Int(pattern.columnStarts[j + 1]) {
                let i = Int(pattern.rowIndices[p])
                k[i * n + j] = values[p]; k[j * n + i] = values[p]
            }
        }
        let scale = max(1e-300, k.reduce(0) { max($0, abs($1)) })
        // Full dof of each equation.
        var dofOf = [Int](repeating: 0, count: n)
        for (dof, e) in model.dofMap.equation.enumerated() where e >= 0 { dofOf[Int(e)] = dof }
        let cols = columns ?? Array(0..<n)
        var best = Double.infinity
        for step in [h, h / 2, h / 4] {
            var worst = 0.0
            for j in cols {
                var up = u, um = u
                up[dofOf[j]] += step; um[dofOf[j]] -= step
                let rp = try model.residualAndTangent(up, loadFactor: loadFactor, tangent: false).residual
                let rm = try model.residualAndTangent(um, loadFactor: loadFactor, tangent: false).residual
                for i in 0..<n { worst = max(worst, abs((rp[i] - rm[i]) / (2 * step) - k[i * n + j]) / scale) }
            }
            best = min(best, worst)
        }
        return best
    }
}
