import SeamCore

/// The Fast Inertial Relaxation Engine (Bitzek et al., PRL 97, 170201 (2006)), in the form ASE
/// uses: damped dynamics with unit masses whose velocity is mixed toward the force and reset
/// whenever it points uphill.
///
/// Per step, with F = -∇f and power P = F·v:
///
///     P > 0: v ← (1-α) v + α |v| F/|F|; after `minimumStepsBeforeIncrease` such steps
///            Δt ← min(Δt·1.1, Δt_max), α ← 0.99 α
///     P ≤ 0: v ← 0, Δt ← Δt/2, α ← α_start
///     v ← v + Δt F;  x ← x + Δt v  (each component's move capped at `maxStep`)
///
/// Needs only gradients (the value is recorded, not used), so it also copes with objectives
/// whose value is noisy. Δt is in units of √(x/F); the defaults suit Å and eV/Å and reduced
/// Lennard-Jones units.
public struct FIRE: Minimizer {
    public var forceTolerance: Double
    public var maxIterations: Int
    /// Initial and maximal time step.
    public var timeStep: Double
    public var maxTimeStep: Double
    /// Largest move of one component per step (x units).
    public var maxStep: Double
    /// Initial mixing factor α_start.
    public var initialMixing: Double
    /// Downhill steps before Δt may grow (N_min).
    public var minimumStepsBeforeIncrease: Int

    public init(forceTolerance: Double = 1e-4, maxIterations: Int = 10_000, timeStep: Double = 0.1,
                maxTimeStep: Double = 1.0, maxStep: Double = 0.2, initialMixing: Double = 0.1, minimumStepsBeforeIncrease: Int = 5) {
        precondition(forceTolerance > 0 && maxIterations >= 0 && timeStep > 0 && maxTimeStep >= timeStep && maxStep > 0,
                     "FIRE needs positive tolerance, steps and limits")
        self.forceTolerance = forceTolerance; self.maxIterations = maxIterations; self.timeStep = timeStep
        self.maxTimeStep = maxTimeStep; self.maxStep = maxStep; self.initialMixing = initialMixing
        self.minimumStepsBeforeIncrease = minimumStepsBeforeIncrease
    }

    public func minimize(from start: [Double], objective: MinimizationObjective,
                         progress: ((MinimizationProgress) -> Void)?) throws -> MinimizationResult {
        let n = start.count
        var x = start
        var (f, g) = try checkedEvaluation(objective, x, iteration: 0)
        var evaluations = 1
        var history = [f]
        var v = [Double](repeating: 0, count: n)
        var dt = timeStep, alpha = initialMixing, downhill = 0
        var iteration = 0
        var fmax = maxAbs(g)
        progress?(MinimizationProgress(iteration: 0, value: f, maxForce: fmax, evaluations: evaluations))
        while fmax > forceTolerance && iteration < maxIterations {
            // Force F = -g.
            var power = 0.0, vv = 0.0, ff = 0.0
            for i in 0..<n { power -= g[i] * v[i]; vv += v[i] * v[i]; ff += g[i] * g[i] }
            if power > 0 {
                let scale = alpha * (vv / ff).squareRoot()
                for i in 0..<n { v[i] = (1 - alpha) * v[i] - scale * g[i] }
                if downhill > minimumStepsBeforeIncrease { dt = min(dt * 1.1, maxTimeStep); alpha *= 0.99 }
                downhill += 1
            } else {
                for i in 0..<n { v[i] = 0 }
                dt *= 0.5; alpha = initialMixing; downhill = 0
            }
            var largest = 0.0
            for i in 0..<n { v[i] -= dt * g[i]; largest = max(largest, abs(dt * v[i])) }
            let cap = largest > maxStep ? maxStep / largest : 1
            for i in 0..<n { x[i] += cap * dt * v[i] }
            (f, g) = try checkedEvaluation(objective, x, iteration: iteration + 1)
            evaluations += 1
            iteration += 1
            fmax = maxAbs(g)
            history.append(f)
            progress?(MinimizationProgress(iteration: iteration, value: f, maxForce: fmax, evaluations: evaluations))
        }
        return MinimizationResult(x: x, value: f, gradient: g, maxForce: fmax, iterations: iteration,
                                  evaluations: evaluations, converged: fmax <= forceTolerance, valueHistory: history)
    }
}
