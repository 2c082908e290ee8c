import SeamCore

/// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4/7.5) with a
/// strong-Wolfe line search (`WolfeLineSearch`).
///
/// The inverse Hessian is the two-loop recursion over the last `memory` pairs
/// s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k with H_0 = (s·y / y·y) I. A pair with s·y ≤ 0 is
/// not stored; a direction that is not downhill resets the memory (steepest descent). The first
/// trial step is scaled so that no component moves more than `maxStep`.
public struct LBFGS: Minimizer {
    public var forceTolerance: Double
    public var maxIterations: Int
    /// Number of (s, y) pairs kept.
    public var memory: Int
    /// Largest move of one component in a trial step (x units).
    public var maxStep: Double
    public var lineSearch: WolfeLineSearch

    public init(forceTolerance: Double = 1e-4, maxIterations: Int = 1000, memory: Int = 10, maxStep: Double = 0.2,
                lineSearch: WolfeLineSearch = WolfeLineSearch()) {
        precondition(forceTolerance > 0 && maxIterations >= 0 && memory >= 1 && maxStep > 0, "L-BFGS needs positive settings")
        self.forceTolerance = forceTolerance; self.maxIterations = maxIterations; self.memory = memory
        self.maxStep = maxStep; self.lineSearch = lineSearch
    }

    public func minimize(from start: [Double], objective: MinimizationObjective,
                         progress: ((MinimizationProgress) -> Void)?) throws -> MinimizationResult {
        let n = start.count
        var x = start
        var (f, g) = try checkedEvaluation(objective, x, iteration: 0)
        var evaluations = 1
        var history = [f]
        var sList: [[Double]] = [], yList: [[Double]] = [], rho: [Double] = []
        var iteration = 0
        var fmax = maxAbs(g)
        var failures = 0
        progress?(MinimizationProgress(iteration: 0, value: f, maxForce: fmax, evaluations: evaluations))
        while fmax > forceTolerance && iteration < maxIterations {
            // Two-loop recursion: d = -H g.
            var q = g
            var a = [Double](repeating: 0, count: sList.count)
            for k in stride(from: sList.count - 1, through: 0, by: -1) {
                a[k] = rho[k] * dot(sList[k], q)
                for i in 0..<n { q[i] -= a[k] * yList[k][i] }
            }
            if let s = sList.last, let y = yList.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in 0..<n { q[i] *= gamma }
            }
            for k in 0..<sList.count {
                let b = rho[k] * dot(yList[k], q)
                for i in 0..<n { q[i] += (a[k] - b) * sList[k][i] }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) {
                sList.removeAll(); yList.removeAll(); rho.removeAll()
                d = g.map { -$0 }; slope = dot(g, d)
            }
            let biggest = maxAbs(d)
            let initial = biggest > maxStep ? maxStep / biggest : 1
            let step = try lineSearch.search(objective, x: x, value: f, gradient: g, direction: d,
                                             initialStep: initial, iteration: iteration + 1)
            evaluations += step.evaluations
            guard step.satisfiesWolfe || (step.stepLength > 0 && step.value < f) else {
                // No decrease found: forget the curvature history and retry once along -g.
                failures += 1
                if failures > 2 || sList.isEmpty { break }
                sList.removeAll(); yList.removeAll(); rho.removeAll()
                continue
            }
            failures = 0
            var s = [Double](repeating: 0, count: n), y = s
            for i in 0..<n { s[i] = step.x[i] - x[i]; y[i] = step.gradient[i] - g[i] }
            let sy = dot(s, y)
            if sy > 1e-300 {
                if sList.count == memory { sList.removeFirst(); yList.removeFirst(); rho.removeFirst() }
                sList.append(s); yList.append(y); rho.append(1 / sy)
            }
            x = step.x; f = step.value; g = step.gradient
            iteration += 1
            fmax = maxAbs(g)
            history.append(f)
            progress?(MinimizationProgress(iteration: iteration, value: f, maxForce: fmax, evaluations: evaluations))
        }
        return MinimizationResult(x: x, value: f, gradient: g, maxForce: fmax, iterations: iteration,
                                  evaluations: evaluations, converged: fmax <= forceTolerance, valueHistory: history)
    }
}

/// A line search for the strong Wolfe conditions (Nocedal & Wright Alg. 3.5 with the zoom of
/// Alg. 3.6, cubic interpolation safeguarded by bisection):
///
///     f(x + a d) ≤ f(x) + c1 a ∇f·d     (sufficient decrease)
///     |∇f(x + a d)·d| ≤ c2 |∇f(x)·d|    (curvature)
///
/// Near a minimum the decrease c1 a ∇f·d drops below the round-off of f; the approximate
/// Wolfe test of Hager & Zhang (SIAM J. Optim. 16, 170 (2005)) then stands in for sufficient
/// decrease: f(x + a d) ≤ f(x) + ε max(1, |f(x)|) and ∇f(x + a d)·d ≤ (1 - 2 c1) |∇f(x)·d|
/// (the slope has shrunk enough that the exact decrease is provably tiny), ε = `valueNoise`.
public struct WolfeLineSearch: Sendable {
    public var sufficientDecrease: Double
    public var curvature: Double
    /// Evaluation limit per search.
    public var maxEvaluations: Int
    /// Relative round-off level of the objective value.
    public var valueNoise: Double

    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 20, valueNoise: Double = 1e-12) {
        precondition(0 < sufficientDecrease && sufficientDecrease < curvature && curvature < 1, "need 0 < c1 < c2 < 1")
        self.sufficientDecrease = sufficientDecrease; self.curvature = curvature
        self.maxEvaluations = maxEvaluations; self.valueNoise = valueNoise
    }

    /// The accepted point (or the best one seen when the limit is reached).
    public struct Step: Sendable {
        public var x: [Double]
        public var value: Double
        public var gradient: [Double]
        public var stepLength: Double
        public var evaluations: Int
        /// False when the evaluation limit was reached: the step is then the lowest point seen
        /// (step length 0 if none was lower than the start).
        public var satisfiesWolfe: Bool
    }

    /// Searches along the downhill direction `d` from `x` (value `f0`, gradient `g0`).
    public func search(_ objective: MinimizationObjective, x: [Double], value f0: Double, gradient g0: [Double],
                       direction d: [Double], initialStep: Double, iteration: Int) throws -> Step {
        let slope0 = dot(g0, d)
        precondition(slope0 < 0, "line search direction must be downhill")
        let c1 = sufficientDecrease, c2 = curvature
        let noise = valueNoise * max(1, abs(f0))
        var evaluations = 0
        var best = Step(x: x, value: f0, gradient: g0, stepLength: 0, evaluations: 0, satisfiesWolfe: false)
        func probe(_ a: Double) throws -> (Step, Double) {
            var trial = x
            for i in trial.indices { trial[i] += a * d[i] }
            let (f, g) = try checkedEvaluation(objective, trial, iteration: iteration)
            evaluations += 1
            let s = Step(x: trial, value: f, gradient: g, stepLength: a, evaluations: 0, satisfiesWolfe: false)
            if f < best.value { best = s }
            return (s, dot(g, d))
        }
        func decreases(_ a: Double, _ f: Double, _ slope: Double) -> Bool {
            f <= f0 + c1 * a * slope0 || (f <= f0 + noise && slope <= (1 - 2 * c1) * -slope0 && abs(slope) <= -c2 * slope0)
        }
        func done(_ s: Step) -> Step { var s = s; s.evaluations = evaluations; s.satisfiesWolfe = true; return s }

        var aPrev = 0.0, fPrev = f0, slopePrev = slope0
        var a = initialStep
        var lo = 0.0, hi = 0.0, fLo = f0, slopeLo = slope0, fHi = 0.0, slopeHi = 0.0
        var zoom = false
        while evaluations < maxEvaluations {
            let (s, slope) = try probe(a)
            if !decreases(a, s.value, slope) || (evaluations > 1 && s.value >= fPrev && s.value > f0 + c1 * a * slope0) {
                lo = aPrev; fLo = fPrev; slopeLo = slopePrev; hi = a; fHi = s.value; slopeHi = slope; zoom = true; break
            }
            if abs(slope) <= -c2 * slope0 { return done(s) }
            if slope >= 0 { lo = a; fLo = s.value; slopeLo = slope; hi = aPrev; fHi = fPrev; slopeHi = slopePrev; zoom = true; break }
            aPrev = a; fPrev = s.value; slopePrev = slope
            a *= 2
        }
        guard zoom else { var b = best; b.evaluations = evaluations; return b }
        while evaluations < maxEvaluations {
            // Cubic interpolation in [lo, hi], safeguarded to the middle 80%.
            let d1 = slopeLo + slopeHi - 3 * (fLo - fHi) / (lo - hi)
            let disc = d1 * d1 - slopeLo * slopeHi
            var trial = 0.5 * (lo + hi)
            if disc >= 0 {
                let d2 = (hi > lo ? 1.0 : -1.0) * disc.squareRoot()
                let c = hi - (hi - lo) * (slopeHi + d2 - d1) / (slopeHi - slopeLo + 2 * d2)
                let left = min(lo, hi), width = abs(hi - lo)
                if c.isFinite && c > left + 0.1 * width && c < left + 0.9 * width { trial = c }
            }
            let (s, slope) = try probe(trial)
            if !decreases(trial, s.value, slope) || s.value >= fLo && s.value > f0 + noise {
                hi = trial; fHi = s.value; slopeHi = slope
            } else {
                if abs(slope) <= -c2 * slope0 { return done(s) }
                if slope * (hi - lo) >= 0 { hi = lo; fHi = fLo; slopeHi = slopeLo }
                lo = trial; fLo = s.value; slopeLo = slope
            }
            if abs(hi - lo) < 1e-16 * max(1, abs(lo)) { break }
        }
        var b = best; b.evaluations = evaluations; return b
    }
}
