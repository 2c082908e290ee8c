import Foundation
import Testing
import SeamCore
import SeamNumerics

/// The n-dimensional Rosenbrock function Σ 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1).
private func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    var f = 0.0
    var g = [Double](repeating: 0, count: x.count)
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
        g[i] += -400 * a * x[i] - 2 * b
        g[i + 1] += 200 * a
    }
    return (f, g)
}

private let minimizers: [any Minimizer] = [
    LBFGS(forceTolerance: 1e-8, maxIterations: 500),
    FIRE(forceTolerance: 1e-8, maxIterations: 20_000, timeStep: 0.001, maxTimeStep: 0.01),
]

@Test(arguments: minimizers.indices)
func minimizersFindTheRosenbrockMinimum(_ k: Int) throws {
    let start = [-1.2, 1.0, -0.5, 0.8, 1.3]
    var calls = 0
    let r = try minimizers[k].minimize(from: start, objective: { rosenbrock($0) }, progress: { _ in calls += 1 })
    #expect(r.converged)
    #expect(r.maxForce <= 1e-8)
    for v in r.x { #expect(abs(v - 1) < 1e-7) }
    #expect(calls == r.iterations + 1)
    #expect(r.valueHistory.count == r.iterations + 1)
}

@Test func lbfgsConvergesOnAnIllConditionedQuadraticMostlyWithUnitSteps() throws {
    // f = ½ Σ λ_i (x_i - 1)^2, λ from 1 to 1000 (20 values, geometric). SciPy's L-BFGS-B
    // (m = 10) needs 269 iterations and 291 evaluations to reach max|g| ≤ 1e-9 here.
    let lambda = (0..<20).map { pow(1000, Double($0) / 19) }
    let objective: MinimizationObjective = { x in
        var f = 0.0, g = x
        for i in x.indices { let e = x[i] - 1; f += 0.5 * lambda[i] * e * e; g[i] = lambda[i] * e }
        return (f, g)
    }
    let r = try LBFGS(forceTolerance: 1e-9, maxIterations: 600, maxStep: 10).minimize(from: [Double](repeating: 0, count: 20), objective: objective)
    #expect(r.converged)
    #expect(r.iterations < 400)
    #expect(Double(r.evaluations) < 1.3 * Double(r.iterations))
    for v in r.x { #expect(abs(v - 1) < 1e-9) }
}

@Test(arguments: minimizers.indices)
func aNaNInTheObjectiveThrowsNumericalError(_ k: Int) {
    let objective: MinimizationObjective = { x in
        x[0] < 0.5 ? ((x[0] - 3) * (x[0] - 3), [2 * (x[0] - 3)]) : (.nan, [.nan])
    }
    #expect(throws: NumericalError.self) { try minimizers[k].minimize(from: [0], objective: objective) }
}

@Test func theIterationLimitReturnsAnUnconvergedResult() throws {
    let r = try LBFGS(forceTolerance: 1e-12, maxIterations: 3).minimize(from: [-1.2, 1], objective: { rosenbrock($0) })
    #expect(!r.converged && r.iterations == 3)
}
