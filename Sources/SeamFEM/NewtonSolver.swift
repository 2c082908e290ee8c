import SeamCore
import SeamNumerics

/// Settings of the load-stepped Newton-Raphson solver.
public struct NewtonOptions: Sendable {
    /// Converged when ‖r‖ ≤ relativeTolerance × max(‖r_0‖, ‖λ f_ext‖) or ‖r‖ ≤ absoluteTolerance (eV/Å).
    public var relativeTolerance: Double = 1e-10
    public var absoluteTolerance: Double = 1e-14
    public var maxIterations: Int = 25
    /// Backtracking halvings of the Newton step (Armijo test on the residual norm).
    public var maxLineSearchSteps: Int = 10
    /// Initial number of equal load increments.
    public var loadSteps: Int = 1
    /// How many times an increment may be halved after a failure before giving up.
    public var maxStepCuts: Int = 8
    /// Fill-reducing ordering of the (single) symbolic analysis; nil = AMD in 2D, METIS in 3D.
    public var ordering: CholeskySolver.Ordering? = nil
    public init() {}
}

/// One converged load increment.
public struct LoadStepRecord: Sendable {
    /// Load factor λ reached (external loads and prescribed displacements scale with λ).
    public var loadFactor: Double
    /// ‖r‖ (free dofs, eV/Å) at each Newton iterate, the last one converged.
    public var residualNorms: [Double]
    /// Accepted line-search factor of each Newton step.
    public var stepLengths: [Double]
}

/// Result of a nonlinear solve.
public struct NonlinearSolution: Sendable {
    /// Full nodal displacement (Å), node-major.
    public var displacement: [Double]
    public var steps: [LoadStepRecord]
    /// Numeric factorisations performed; the symbolic analysis was done exactly once.
    public var factorizations: Int
}

extension ElasticityModel {
    /// Residual r = f_int(u) - λ f_ext on the free dofs and, if requested, the consistent tangent
    /// K = ∂f_int/∂u_free on the assembly pattern (total Lagrangian: P and A = ∂P/∂F of the
    /// material at F = I + ∂u/∂X at each quadrature point; F_33 = 1 in plane strain).
    ///
    /// - Throws: `InputError` for plane stress (finite-strain plane stress is not implemented),
    ///   and whatever the material throws.
    public func residualAndTangent(_ u: [Double], loadFactor: Double, tangent: Bool) throws -> (residual: [Double], values: [Double]?) {
        guard !analysis.isPlaneStress else {
            throw InputError("finite-strain analysis is not available in plane stress", suggestion: "use plane strain, a 3D solid, or the linearised solver")
        }
        precondition(u.count == dofMap.equation.count)
        let d = dimension
        var fint = [Double](repeating: 0, count: u.count)
        var values = tangent ? [Double](repeating: 0, count: assembly.pattern.nonzeroCount) : []
        for (b, block) in mesh.cells.enumerated() {
            let nn = block.type.nodeCount, nd = nn * d
            let pairs = AssemblyPattern.pairCount(localDofs: nd)
            var work = ElementWork(nodes: nn, dimension: d)
            let positions = assembly.positions[b], connectivity = block.connectivity
            for cell in 0..<block.count {
                try integrateCell(block: b, cell: cell, u, tangent: tangent, work: &work)
                for a in 0..<nn {
                    let n = Int(connectivity[cell * nn + a])
                    for i in 0..<d { fint[n * d + i] += work.fe[a * d + i] }
                }
                if tangent {
                    var k = cell * pairs
                    for I in 0..<nd { for J in I..<nd {
                        let pos = positions[k]; k += 1
                        if pos >= 0 { values[Int(pos)] += work.ke[I * nd + J] }
                    } }
                }
            }
        }
        var r = [Double](repeating: 0, count: dofMap.freeCount)
        for k in 0..<fint.count where dofMap.equation[k] >= 0 {
            r[Int(dofMap.equation[k])] = fint[k] - loadFactor * externalForce[k]
        }
        return (r, tangent ? values : nil)
    }

    /// Solves f_int(u) = f_ext with Newton-Raphson, a backtracking line search and load
    /// stepping with step cutting; the CHOLMOD symbolic analysis is done once and only the
    /// numeric factorisation is repeated.
    ///
    /// - Throws: `NumericalError` (`.notPositiveDefinite`, `.diverged`, `.noConvergence`) naming
    ///   the load step, the iteration and the residual history when even the smallest allowed
    ///   increment fails (material errors inside a step count as divergence and cut the
    ///   step); `InputError` for unsupported settings (plane stress).
    public func solveNonlinear(options: NewtonOptions = NewtonOptions()) throws -> NonlinearSolution {
        precondition(options.loadSteps >= 1 && options.maxIterations >= 1)
        guard !analysis.isPlaneStress else {
            throw InputError("finite-strain analysis is not available in plane stress", suggestion: "use plane strain, a 3D solid, or the linearised solver")
        }
        let solver = try CholeskySolver(pattern: assembly.pattern, ordering: options.ordering ?? .recommended(spatialDimension: dimension))
        var u = [Double](repeating: 0, count: dofMap.equation.count)
        var lambda = 0.0, increment = 1.0 / Double(options.loadSteps), cuts = 0, stepIndex = 1
        var steps: [LoadStepRecord] = [], factorizations = 0
        let fextNorm = norm(dofMap.restrict(externalForce))
        while lambda < 1 {
            let target = min(1, lambda + increment)
            var trial = u
            for k in 0..<trial.count where dofMap.equation[k] < 0 { trial[k] = target * dofMap.prescribed[k] }
            var history: [Double] = [], lengths: [Double] = []
            do {
                try newtonIterations(&trial, loadFactor: target, solver: solver, options: options, loadNorm: target * fextNorm,
                                     history: &history, lengths: &lengths, factorizations: &factorizations)
                u = trial; lambda = target
                steps.append(LoadStepRecord(loadFactor: target, residualNorms: history, stepLengths: lengths))
                stepIndex += 1
            } catch {
                // Any failure (singular tangent, divergence, a material rejecting its F such as
                // det F <= 0) cuts the increment.
                cuts += 1
                let kind = (error as? NumericalError)?.kind ?? .diverged
                let message = (error as? NumericalError)?.message ?? "material evaluation failed: \(error)"
                let context = "load step \(stepIndex) (λ \(lambda) -> \(target)), Newton iteration \(max(0, history.count - 1)): \(message); residual history \(history.map { Double(Float($0)) })"
                guard cuts <= options.maxStepCuts else {
                    throw NumericalError(kind, context + "; gave up after \(cuts - 1) step cuts")
                }
                increment *= 0.5
            }
        }
        return NonlinearSolution(displacement: u, steps: steps, factorizations: factorizations)
    }

    private func newtonIterations(_ u: inout [Double], loadFactor: Double, solver: CholeskySolver, options: NewtonOptions,
                                  loadNorm: Double, history: inout [Double], lengths: inout [Double], factorizations: inout Int) throws {
        var (r, values) = try residualAndTangent(u, loadFactor: loadFactor, tangent: true)
        var rNorm = norm(r)
        let reference = max(rNorm, loadNorm)
        for _ in 0..<options.maxIterations {
            history.append(rNorm)
            guard rNorm.isFinite else { throw NumericalError(.notANumber, "residual is not finite") }
            if rNorm <= options.relativeTolerance * reference || rNorm <= options.absoluteTolerance { return }
            try solver.factorize(values: values!)
            factorizations += 1
            let delta = try solver.solve(rhs: r.map { -$0 })
            // Backtracking: accept α when ‖r(u + α δ)‖ ≤ (1 - 1e-4 α) ‖r(u)‖.
            var alpha = 1.0, accepted = false
            for _ in 0...options.maxLineSearchSteps {
                var candidate = u
                for k in 0..<u.count where dofMap.equation[k] >= 0 { candidate[k] += alpha * delta[Int(dofMap.equation[k])] }
                if let trial = try? residualAndTangent(candidate, loadFactor: loadFactor, tangent: false), norm(trial.residual) <= (1 - 1e-4 * alpha) * rNorm {
                    u = candidate; accepted = true; break
                }
                alpha *= 0.5
            }
            guard accepted else { throw NumericalError(.diverged, "line search found no decrease of the residual") }
            lengths.append(alpha)
            (r, values) = try residualAndTangent(u, loadFactor: loadFactor, tangent: true)
            rNorm = norm(r)
        }
        history.append(rNorm)
        if rNorm <= options.relativeTolerance * reference || rNorm <= options.absoluteTolerance { return }
        throw NumericalError(.noConvergence, "no convergence in \(options.maxIterations) iterations")
    }
}

private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
