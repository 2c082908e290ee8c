import SeamCore

/// Shared pieces of the unconstrained minimisers (`FIRE`, `LBFGS`).
///
/// An objective maps a point x (n values, any units) to a value f and its gradient ∂f/∂x.
/// Convergence is on the largest gradient component, max_i |∂f/∂x_i| ≤ `forceTolerance`
/// (for atomic positions in Å with f in eV that is the largest force component, eV/Å).

/// An objective x -> (f, ∂f/∂x). Throwing stops the minimisation with that error.
public typealias MinimizationObjective = ([Double]) throws -> (value: Double, gradient: [Double])

/// One step's state, passed to the progress callback.
public struct MinimizationProgress: Sendable {
    /// Completed iterations (0 = the starting point).
    public var iteration: Int
    /// Objective value.
    public var value: Double
    /// Largest gradient component.
    public var maxForce: Double
    /// Objective evaluations so far.
    public var evaluations: Int

    public init(iteration: Int, value: Double, maxForce: Double, evaluations: Int) {
        self.iteration = iteration; self.value = value; self.maxForce = maxForce; self.evaluations = evaluations
    }
}

/// Outcome of a minimisation.
public struct MinimizationResult: Sendable {
    /// Final point.
    public var x: [Double]
    /// Objective value at `x`.
    public var value: Double
    /// Gradient at `x`.
    public var gradient: [Double]
    /// Largest gradient component at `x`.
    public var maxForce: Double
    /// Iterations taken.
    public var iterations: Int
    /// Objective evaluations (line searches evaluate more than once per iteration).
    public var evaluations: Int
    /// Whether `maxForce` reached the tolerance (false: stopped at the iteration limit).
    public var converged: Bool
    /// Objective value at the start and after every iteration.
    public var valueHistory: [Double]

    public init(x: [Double], value: Double, gradient: [Double], maxForce: Double, iterations: Int,
                evaluations: Int, converged: Bool, valueHistory: [Double]) {
        self.x = x; self.value = value; self.gradient = gradient; self.maxForce = maxForce
        self.iterations = iterations; self.evaluations = evaluations; self.converged = converged
        self.valueHistory = valueHistory
    }
}

/// A minimiser of a smooth objective.
public protocol Minimizer: Sendable {
    /// Convergence threshold on max_i |∂f/∂x_i|.
    var forceTolerance: Double { get }
    /// Iteration limit; reaching it returns a result with `converged == false`.
    var maxIterations: Int { get }
    /// Minimises from `start`. Throws `NumericalError(.notANumber)` when the objective returns
    /// a non-finite value or gradient, and rethrows the objective's errors.
    func minimize(from start: [Double], objective: MinimizationObjective,
                  progress: ((MinimizationProgress) -> Void)?) throws -> MinimizationResult
}

extension Minimizer {
    /// Minimises without a progress callback.
    public func minimize(from start: [Double], objective: MinimizationObjective) throws -> MinimizationResult {
        try minimize(from: start, objective: objective, progress: nil)
    }
}

/// Evaluates the objective, checking the answer: finite, and a gradient of the right length.
@inlinable func checkedEvaluation(_ objective: MinimizationObjective, _ x: [Double], iteration: Int) throws -> (value: Double, gradient: [Double]) {
    let r = try objective(x)
    precondition(r.gradient.count == x.count, "objective returned \(r.gradient.count) gradient components for \(x.count) variables")
    guard r.value.isFinite else {
        throw NumericalError(.notANumber, "objective value is \(r.value) at iteration \(iteration)")
    }
    if let k = r.gradient.firstIndex(where: { !$0.isFinite }) {
        throw NumericalError(.notANumber, "gradient component \(k) is \(r.gradient[k]) at iteration \(iteration)")
    }
    return r
}

@inlinable func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
@inlinable func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}
