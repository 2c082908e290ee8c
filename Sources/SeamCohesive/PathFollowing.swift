import SeamCore
import SeamNumerics
import SeamFEM

/// Settings of the path-following solver for cohesive models.
public struct PathFollowingOptions: Sendable {
    /// How a step is parametrised.
    public enum Control: Sendable {
        /// Load-factor (displacement or force) control: λ grows by `increment` per step up to
        /// `maximum`; prescribed displacements and external forces scale with λ. Diverges at
        /// a limit point (a load peak under force control, a snap-back under displacement
        /// control).
        case loadFactor(increment: Double, maximum: Double)
        /// Indirect displacement control, a local arc-length: the load factor λ of the external
        /// forces is an unknown and each step advances the weighted sum η = Σ_k w_k u_k of free
        /// dofs (e.g. a crack-mouth opening, Å) by `increment`, up to `maximum`. Chosen over
        /// Crisfield's cylindrical constraint because a monotonically growing crack opening
        /// follows snap-backs of the load-displacement curve that a global norm misses, and
        /// over the dissipation constraint because that one degenerates with the secant
        /// iteration matrix used past the peak (no dissipation along the secant direction).
        /// Requires zero prescribed displacements (all loading through external forces).
        case opening(weights: [Int: Double], increment: Double, maximum: Double)
    }
    public var control: Control
    /// Stop after this many converged steps.
    public var maximumSteps: Int = 1000
    /// Converged when ‖r‖ ≤ relativeTolerance × force scale or ‖r‖ ≤ absoluteTolerance (eV/Å).
    public var relativeTolerance: Double = 1e-8
    public var absoluteTolerance: Double = 1e-13
    /// Newton iterations with the consistent tangent.
    public var maxIterations: Int = 25
    /// Iterations once the step has switched to the secant matrix (indefinite tangent).
    public var maxSecantIterations: Int = 400
    /// Halvings of a failing step before giving up.
    public var maxStepCuts: Int = 10
    /// Stop once λ falls below this fraction of the largest λ reached (past the peak); nil = never.
    public var stopBelowPeakFraction: Double? = nil
    public var ordering: CholeskySolver.Ordering? = nil
    public init(control: Control) { self.control = control }
}

/// One converged step of a path-following run.
public struct PathStep: Sendable {
    /// Load factor λ.
    public var loadFactor: Double
    /// The controlled quantity: λ under load-factor control, η (Å) under opening control.
    public var controlValue: Double
    /// Iterations (matrix solves) of this step, and how many of them used the secant matrix.
    public var iterations: Int
    public var secantIterations: Int
    /// Bulk strain, recoverable cohesive and dissipated energies (eV).
    public var energies: CohesiveEnergies
    /// External work W = Σ steps ½ (f_prev + f_new) · Δu (trapezoid over all dofs, eV): at
    /// free dofs f = λ f_ext, at constrained ones the reactions.
    public var externalWork: Double
    /// f_int - λ f_ext summed over each named node set (eV/Å): reactions at prescribed sets.
    public var reactions: [String: Vec3]
    public init(loadFactor: Double, controlValue: Double, iterations: Int, secantIterations: Int,
                energies: CohesiveEnergies, externalWork: Double, reactions: [String: Vec3]) {
        self.loadFactor = loadFactor; self.controlValue = controlValue; self.iterations = iterations
        self.secantIterations = secantIterations; self.energies = energies; self.externalWork = externalWork
        self.reactions = reactions
    }
}

/// Result of a path-following run.
public struct PathResult: Sendable {
    public var steps: [PathStep]
    /// Final full nodal displacement (Å) and committed history.
    public var displacement: [Double]
    public var history: [Double]
    /// Numeric factorisations; the symbolic analysis was done once (`analyses` = 1).
    public var factorizations: Int
    /// Factorisations of the consistent tangent that Cholesky rejected as indefinite (each
    /// followed by a secant factorisation, counted in `factorizations`).
    public var rejectedFactorizations: Int
    public var analyses: Int
    public init(steps: [PathStep], displacement: [Double], history: [Double], factorizations: Int,
                rejectedFactorizations: Int, analyses: Int) {
        self.steps = steps; self.displacement = displacement; self.history = history
        self.factorizations = factorizations; self.rejectedFactorizations = rejectedFactorizations; self.analyses = analyses
    }
}

extension CohesiveModel {
    /// Follows the equilibrium path from the unloaded state. The CHOLMOD symbolic analysis is
    /// done once; every iteration refactorises numerically. The iteration matrix is the
    /// consistent tangent while it is positive definite; when Cholesky reports it indefinite
    /// (softening) the step continues with the secant matrix (SPD, linear convergence). The
    /// history (largest effective opening per cohesive point) is committed only at converged
    /// steps. Opening control solves the bordered system with two solves on one factor:
    /// K δu_r = -r, K δu_f = f_ext, δλ = -(g + cᵀδu_r)/(cᵀδu_f), δu = δu_r + δλ δu_f.
    ///
    /// - Throws: `NumericalError` when a step fails after `maxStepCuts` halvings (naming the
    ///   step and the residual history); `InputError` for opening control with prescribed
    ///   displacements or weights on constrained dofs.
    @inlinable public func followPath(options: PathFollowingOptions) throws -> PathResult {
        let dofMap = bulk.dofMap, n = dofMap.freeCount
        let solver = try CholeskySolver(pattern: bulk.assembly.pattern, ordering: options.ordering ?? .recommended(spatialDimension: bulk.dimension))
        let fext = dofMap.restrict(bulk.externalForce)
        var c = [Double](repeating: 0, count: n)
        var increment: Double, maximum: Double, opening = false
        switch options.control {
        case .loadFactor(let inc, let max): increment = inc; maximum = max
        case .opening(let weights, let inc, let max):
            opening = true; increment = inc; maximum = max
            guard dofMap.prescribed.allSatisfy({ $0 == 0 }) else {
                throw InputError("opening control needs zero prescribed displacements (load through external forces)")
            }
            for (dof, w) in weights {
                guard dof >= 0, dof < dofMap.equation.count, dofMap.equation[dof] >= 0 else {
                    throw InputError("opening control weight on dof \(dof), which is constrained or out of range")
                }
                c[Int(dofMap.equation[dof])] = w
            }
            guard fext.contains(where: { $0 != 0 }) else { throw InputError("opening control needs external forces to scale") }
        }
        precondition(increment > 0, "the step increment must be positive")
        let nominalIncrement = increment
        var u = [Double](repeating: 0, count: dofMap.equation.count)
        var history = initialHistory
        var lambda = 0.0, control = 0.0, factorizations = 0, rejected = 0, cuts = 0, peak = 0.0
        var steps: [PathStep] = []
        var force = try internalForce(u, history: history), work = 0.0
        var forceScale = 0.0
        let fextNorm = fext.reduce(0) { $0 + $1 * $1 }.squareRoot()
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        while steps.count < options.maximumSteps && control < maximum - 1e-12 * maximum {
            let target = min(maximum, control + increment)
            var trial = u, trialLambda = lambda
            if !opening {
                trialLambda = target
                for k in 0..<trial.count where dofMap.equation[k] < 0 { trial[k] = target * dofMap.prescribed[k] }
            }
            var iterations = 0, secant = 0, converged = false, residuals: [Double] = []
            do {
                var reference = 0.0
                while true {
                    // One assembly gives the residual and the consistent matrix (unused on the
                    // converged iterate). Where Cholesky finds it indefinite, this iteration
                    // uses the secant matrix; the next one tries the consistent tangent again,
                    // so Newton's quadratic convergence returns near a stable solution.
                    let (r, values) = try residual(trial, loadFactor: trialLambda, history: history, tangent: .consistent)
                    let rNorm = norm(r)
                    guard rNorm.isFinite else { throw NumericalError(.notANumber, "residual is not finite") }
                    if iterations == 0 { reference = max(rNorm, forceScale) }
                    // Under opening control λ moves during the iterations: scale with the current load.
                    reference = max(reference, fextNorm * abs(trialLambda))
                    residuals.append(rNorm)
                    var constraint = 0.0
                    if opening {
                        var eta = 0.0
                        for k in 0..<trial.count where dofMap.equation[k] >= 0 { eta += c[Int(dofMap.equation[k])] * trial[k] }
                        constraint = eta - target
                    }
                    if iterations > 0 && (rNorm <= options.relativeTolerance * reference || rNorm <= options.absoluteTolerance)
                        && abs(constraint) <= 1e-10 * max(abs(target), increment) { converged = true; break }
                    if iterations >= (secant > 0 ? options.maxSecantIterations : options.maxIterations) { break }
                    do { try solver.factorize(values: values!); factorizations += 1 } catch let e as NumericalError where e.kind == .notPositiveDefinite {
                        rejected += 1
                        let secantValues = try residual(trial, loadFactor: trialLambda, history: history, tangent: .secant).values!
                        try solver.factorize(values: secantValues); factorizations += 1; secant += 1
                    }
                    iterations += 1
                    var delta: [Double]
                    if opening {
                        let both = try solver.solve(rhs: r.map { -$0 } + fext, count: 2)
                        let du = Array(both[0..<n]), df = Array(both[n..<(2 * n)])
                        var cr = 0.0, cf = 0.0
                        for i in 0..<n { cr += c[i] * du[i]; cf += c[i] * df[i] }
                        guard cf != 0 else { throw NumericalError(.singular, "the controlled opening does not respond to the load") }
                        let dl = -(constraint + cr) / cf
                        delta = du
                        for i in 0..<n { delta[i] += dl * df[i] }
                        trialLambda += dl
                    } else {
                        delta = try solver.solve(rhs: r.map { -$0 })
                    }
                    for k in 0..<trial.count where dofMap.equation[k] >= 0 { trial[k] += delta[Int(dofMap.equation[k])] }
                }
            } catch let error as NumericalError {
                residuals.append(.nan)
                converged = false
                if cuts >= options.maxStepCuts { throw NumericalError(error.kind, "step \(steps.count + 1): \(error.message)") }
            }
            guard converged else {
                cuts += 1
                guard cuts <= options.maxStepCuts else {
                    throw NumericalError(.noConvergence, "step \(steps.count + 1) (control \(control) -> \(target)) did not converge after \(cuts - 1) cuts; residuals \(residuals.suffix(6).map { Double(Float($0)) })")
                }
                increment *= 0.5
                continue
            }
            // Commit.
            let newHistory = updatedHistory(trial, history: history)
            let newForce = try internalForce(trial, history: newHistory)
            for k in 0..<u.count { work += 0.5 * (force[k] + newForce[k]) * (trial[k] - u[k]) }
            u = trial; lambda = trialLambda; control = target; history = newHistory; force = newForce
            forceScale = norm(force)
            peak = max(peak, lambda)
            var reactions: [String: Vec3] = [:]
            let d = bulk.dimension
            for (name, nodes) in bulk.mesh.nodeSets {
                var sum = Vec3.zero
                for node in nodes { for i in 0..<d { sum[i] += force[Int(node) * d + i] - lambda * bulk.externalForce[Int(node) * d + i] } }
                reactions[name] = sum
            }
            steps.append(PathStep(loadFactor: lambda, controlValue: control, iterations: iterations, secantIterations: secant,
                                  energies: try energies(u, history: history), externalWork: work, reactions: reactions))
            if cuts > 0 && iterations <= 6 { increment = min(nominalIncrement, 2 * increment); cuts = max(0, cuts - 1) }
            if let f = options.stopBelowPeakFraction, lambda < f * peak { break }
        }
        return PathResult(steps: steps, displacement: u, history: history, factorizations: factorizations,
                          rejectedFactorizations: rejected, analyses: 1)
    }
}
