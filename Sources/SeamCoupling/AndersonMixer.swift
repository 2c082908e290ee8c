/// Anderson acceleration (type II, Walker & Ni, SIAM J. Numer. Anal. 49, 1715 (2011)) of a
/// fixed-point iteration x = G(x), here the interface displacements of the alternating
/// Schwarz solve (G: continuum solved with interface x, atoms relaxed, interface re-slaved).
///
/// With f_k = G(x_k) − x_k and the differences ΔF, ΔG of the last `depth` iterates,
/// γ = argmin ‖f_k − ΔF γ‖₂ and x_{k+1} = G(x_k) − ΔG γ. Why over Aitken Δ²: Aitken uses one
/// scalar relaxation for all interface values, which cannot undo a contraction that differs
/// between interface modes (the crack flanks and the ligament relax at different rates);
/// Anderson fits a small secant model in the space of the last few residuals.
/// The least-squares problem is solved by its normal equations with a relative Tikhonov term
/// 1e-10 · tr(ΔFᵀΔF) (the residuals become nearly collinear as the iteration converges).
struct AndersonMixer: Sendable {
    let depth: Int
    private var lastX: [Double]? = nil
    private var lastG: [Double]? = nil
    private var lastF: [Double]? = nil
    private var dF: [[Double]] = []
    private var dG: [[Double]] = []

    init(depth: Int) { precondition(depth >= 1); self.depth = depth }

    /// Forgets the stored differences (the next step is the plain one, x_{k+1} = g_k).
    mutating func reset() { lastX = nil; lastG = nil; lastF = nil; dF = []; dG = [] }

    /// The next iterate from x_k and g_k = G(x_k).
    mutating func next(x: [Double], g: [Double]) -> [Double] {
        let f = zip(g, x).map { $0 - $1 }
        if let lg = lastG, let lf = lastF {
            dF.append(zip(f, lf).map { $0 - $1 }); dG.append(zip(g, lg).map { $0 - $1 })
            if dF.count > depth { dF.removeFirst(); dG.removeFirst() }
        }
        lastX = x; lastG = g; lastF = f
        let m = dF.count
        guard m > 0 else { return g }
        var a = [Double](repeating: 0, count: m * m), b = [Double](repeating: 0, count: m)
        for i in 0..<m {
            b[i] = dot(dF[i], f)
            for j in 0...i { let v = dot(dF[i], dF[j]); a[i * m + j] = v; a[j * m + i] = v }
        }
        let trace = (0..<m).reduce(0.0) { $0 + a[$1 * m + $1] }
        guard trace > 0 else { return g }
        for i in 0..<m { a[i * m + i] += 1e-10 * trace }
        guard let gamma = solveSymmetric(a, b, m) else { return g }
        var out = g
        for (k, c) in gamma.enumerated() { for i in out.indices { out[i] -= c * dG[k][i] } }
        return out
    }

    private func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Gaussian elimination with partial pivoting (m ≤ depth, tiny); nil when singular.
    private func solveSymmetric(_ a: [Double], _ b: [Double], _ m: Int) -> [Double]? {
        var a = a, b = b
        for c in 0..<m {
            var p = c
            for r in (c + 1)..<max(m, c + 1) where abs(a[r * m + c]) > abs(a[p * m + c]) { p = r }
            guard abs(a[p * m + c]) > 0 else { return nil }
            if p != c {
                for k in 0..<m { a.swapAt(c * m + k, p * m + k) }
                b.swapAt(c, p)
            }
            for r in (c + 1)..<max(m, c + 1) {
                let l = a[r * m + c] / a[c * m + c]
                for k in c..<m { a[r * m + k] -= l * a[c * m + k] }
                b[r] -= l * b[c]
            }
        }
        var x = [Double](repeating: 0, count: m)
        for r in stride(from: m - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<max(m, r + 1) { s -= a[r * m + k] * x[k] }
            x[r] = s / a[r * m + r]
        }
        return x.allSatisfy { $0.isFinite } ? x : nil
    }
}
