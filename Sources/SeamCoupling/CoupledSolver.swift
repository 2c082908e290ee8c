import SeamCore
import SeamNumerics
import SeamPotential
import SeamFEM

/// Settings of the alternating (Schwarz) solution of a coupled problem.
public struct CouplingSolverOptions: Sendable {
    /// Converged when every real atom and every free node carries less than this, eV/Å.
    public var forceTolerance: Double = 1e-6
    /// Alternating iterations allowed.
    public var maxIterations: Int = 100
    /// L-BFGS iterations allowed per atomistic relaxation.
    public var maxRelaxationSteps: Int = 2000
    /// Modified Newton: the stored factor is refreshed when a step reduces ‖r‖ by less than this factor.
    public var refactorizationRatio: Double = 0.25
    /// Newton iterations allowed per continuum solve.
    public var maxNewtonSteps: Int = 50
    /// Aitken Δ² relaxation of the interface displacements passed from the atoms to the
    /// continuum (accelerates the Schwarz iteration, whose error contracts slowly when the pad
    /// overlap is thin compared with the regions); false = plain alternation.
    public var aitkenRelaxation: Bool = true
    /// Anderson acceleration of the interface displacements with this many stored differences
    /// (`AndersonMixer`); replaces Aitken when positive. 0 = Aitken (or plain, see above).
    /// Default 3: measured on the LJ crack at K_G (`seam-bench crack --phases --anderson d`)
    /// alternations 29 → 17 (d = 2), 14 (d = 3) at 64 cells, 19 → 15 (d = 3), 30 (d = 5) at 32.
    public var andersonDepth: Int = 3
    /// Inexact inner solves (Eisenstat-Walker-like forcing): each alternation relaxes the atoms
    /// and the continuum only to `innerToleranceFactor` × the largest real-atom or free-node
    /// force of the previous check, never below 0.2 × `forceTolerance`; 0 = exact inner solves
    /// (every alternation to 0.2 × `forceTolerance`). The final criterion is unchanged.
    /// Why: an exact inner solve against interface values that are still wrong wastes most
    /// of its iterations; the outer iteration only needs the inner error below its own.
    /// Default 0: measured on the LJ crack (`seam-bench crack --phases`, 32 cells) a factor of
    /// 0.2 cut the L-BFGS iterations 388 → 240 but doubled the alternations (19 → 39), each
    /// of which costs a continuum solve and a check, so the solve got slower (1.2 → 1.8 s);
    /// it may pay off where the atoms dominate (an expensive potential, a large region).
    public var innerToleranceFactor: Double = 0
    /// L-BFGS iterations allowed per atomistic relaxation while the inner solves are inexact
    /// (`maxRelaxationSteps` applies to the exact ones).
    public var inexactRelaxationSteps: Int = 50
    /// Anderson safeguard: when the interface residual ‖G(x_k) − x_k‖ grows by more than this
    /// factor over the previous alternation's, the mixer's history is dropped and the plain
    /// step taken (restart); `.infinity` = never. Why: near crack advance the interface map is
    /// not smooth (bonds break or re-form between alternations), and a secant model built on
    /// differences from before such a change extrapolates into other atomistic basins.
    /// Default 1, measured on the LJ crack at 64 cells (`seam-bench crack --phases --phases-k r
    /// --restart-growth g`): alternations 31 → 20 at K_G, 26 → 25 at 1.025 K_G, 29 → 30 at
    /// 1.05 K_G. It does not rescue a crack that runs into the pads (128 cells, region 6,
    /// 1.05 K_G: no convergence with it, a non-positive-definite Cauchy-Born tangent without).
    public var andersonRestartGrowth: Double = 1
    public init() {}
}

/// Outcome of a coupled solve.
public struct CoupledSolution: Sendable {
    /// The converged forces, state and energy terms.
    public var final: CoupledForces
    /// Alternating iterations taken.
    public var iterations: Int
    /// Largest real-atom force after each iteration (pads re-placed), eV/Å.
    public var atomForceHistory: [Double]
    /// Numeric CHOLMOD factorisations (one symbolic analysis in all).
    public var factorizations: Int
    /// Continuum Newton steps in all (solves with the stored factor).
    public var continuumSolves: Int
    /// Cells next to the atomistic region whose Cauchy-Born tangent lost stability.
    public var unstableCells: [Int]
    /// L-BFGS iterations in all (atomistic relaxations of every alternation).
    public var relaxationSteps: Int = 0
    /// Wall time of the phases, s: atomistic relaxations, continuum solves (residuals,
    /// tangents, factorisations), and the convergence checks (pads placed, all forces).
    public var atomisticSeconds: Double = 0
    public var continuumSeconds: Double = 0
    public var checkSeconds: Double = 0
    /// Part of `continuumSeconds` spent on tangents and factorisations, s.
    public var tangentSeconds: Double = 0
    /// Anderson restarts (`CouplingSolverOptions.andersonRestartGrowth`).
    public var andersonRestarts: Int = 0
    /// True when the continuum next to the atoms left the Cauchy-Born stable range.
    public var leftStableRange: Bool { !unstableCells.isEmpty }
}

extension CoupledProblem {
    /// Solves for static equilibrium by alternating Schwarz iterations: relax the real atoms
    /// with the pads fixed (L-BFGS), then solve the continuum with the interface nodes slaved to
    /// the atoms (modified Newton on one CHOLMOD analysis, factor reused across iterations),
    /// until every real atom and free node carries less than `forceTolerance`. The interface
    /// values passed to the continuum are Anderson-accelerated (`andersonDepth`, default) or
    /// Aitken-relaxed; the inner solves may be inexact (`innerToleranceFactor`, off by default).
    /// The phase times and L-BFGS count are reported in the solution (`seam-bench crack --phases`).
    ///
    /// - Throws: `NumericalError(.noConvergence)` with the force history when the iterations
    ///   run out; errors of the potential, the material or the factorisation.
    public func solve(from start: CoupledState? = nil, options: CouplingSolverOptions = CouplingSolverOptions()) throws -> CoupledSolution {
        var state = try consistent(start ?? initialState())
        let solver = try CholeskySolver(pattern: model.assembly.pattern, ordering: .amd)
        var factored = false, factorizations = 0, solves = 0
        var history: [Double] = []
        let fixed = Set(padAtoms)
        let tol = options.forceTolerance
        var omega = 1.0, lastResidual: [Double]? = nil
        var anderson = AndersonMixer(depth: max(1, options.andersonDepth))
        var lastInterfaceResidual = 0.0, restarts = 0
        let clock = ContinuousClock()
        var tAtoms = Duration.zero, tContinuum = Duration.zero, tTangent = Duration.zero, tCheck = Duration.zero, lbfgsSteps = 0
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        // Largest real-atom / free-node force of the last check (the outer residual), eV/Å.
        var outer = Double.infinity
        if options.innerToleranceFactor > 0 {
            let f0 = try forces(state, energies: false)
            outer = max(f0.maximumAtomForce, f0.maximumNodeForce)
        }
        for iteration in 1...options.maxIterations {
            let innerTol = max(0.2 * tol, options.innerToleranceFactor * outer)
            let inexact = innerTol > 0.2 * tol
            // 1. Atoms, pads fixed.
            var t0 = clock.now
            var s = reference
            s.positions = state.positions
            let relaxed = try Relaxation.relaxPositions(s, potential: potential,
                                                        minimizer: LBFGS(forceTolerance: innerTol,
                                                                         maxIterations: inexact ? options.inexactRelaxationSteps : options.maxRelaxationSteps),
                                                        fixed: fixed, mask: mask, neighborSkin: 0.5)
            state.positions = relaxed.structure.positions
            lbfgsSteps += relaxed.iterations
            tAtoms += clock.now - t0
            t0 = clock.now
            // 2. Continuum, interface slaved (with Aitken relaxation of the interface values).
            let previous = interfaceValues(state.displacement)
            slaveInterface(&state)
            if options.andersonDepth > 0 {
                // The first alternation is no sample of the interface map (its pads came from the
                // starting field, not from a continuum solved with the interface values): take it
                // as it is. (Fed to the mixer, its zero residual made the next step a stagnation.)
                if iteration > 1 {
                    let g = interfaceValues(state.displacement)
                    let f = zip(g, previous).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                    if iteration > 2, f > options.andersonRestartGrowth * lastInterfaceResidual { anderson.reset(); restarts += 1 }
                    lastInterfaceResidual = f
                    setInterfaceValues(&state.displacement, anderson.next(x: previous, g: g))
                }
            } else if options.aitkenRelaxation {
                let target = interfaceValues(state.displacement)
                let residual = zip(target, previous).map { $0 - $1 }
                if let last = lastResidual {
                    let diff = zip(residual, last).map { $0 - $1 }
                    let dd = diff.reduce(0) { $0 + $1 * $1 }
                    if dd > 0 { omega = -omega * zip(last, diff).reduce(0) { $0 + $1.0 * $1.1 } / dd }
                    omega = min(max(omega, 0.1), 10)
                }
                lastResidual = residual
                setInterfaceValues(&state.displacement, zip(previous, residual).map { $0 + omega * $1 })
            }
            var r = try continuumResidual(state.displacement, tangent: false).residual
            var rNorm = norm(r), steps = 0
            while maxNodal(r) > innerTol {
                guard steps < options.maxNewtonSteps else {
                    throw NumericalError(.noConvergence, "continuum solve did not converge in \(steps) steps (‖r‖ = \(rNorm) eV/Å)")
                }
                if !factored {
                    let tt = clock.now
                    defer { tTangent += clock.now - tt }
                    let values = try continuumResidual(state.displacement, tangent: true).values!
                    try solver.factorize(values: values)
                    factored = true; factorizations += 1
                }
                let delta = try solver.solve(rhs: r.map { -$0 })
                solves += 1; steps += 1
                for k in 0..<state.displacement.count where model.dofMap.equation[k] >= 0 {
                    state.displacement[k] += delta[Int(model.dofMap.equation[k])]
                }
                let next = try continuumResidual(state.displacement, tangent: false).residual
                let nextNorm = norm(next)
                if nextNorm > options.refactorizationRatio * rNorm { factored = false }
                r = next; rNorm = nextNorm
            }
            tContinuum += clock.now - t0
            t0 = clock.now
            // 3. Check with the pads at the new continuum field.
            // The check uses the consistent state (interface exactly slaved to the atoms).
            try placePads(&state)
            var check = state
            slaveInterface(&check)
            var f = try forces(check, energies: false)
            tCheck += clock.now - t0
            history.append(f.maximumAtomForce)
            outer = max(f.maximumAtomForce, f.maximumNodeForce)
            if f.maximumAtomForce < tol && f.maximumNodeForce < tol {
                f = try forces(check)
                var solution = CoupledSolution(final: f, iterations: iteration, atomForceHistory: history, factorizations: factorizations,
                                               continuumSolves: solves, unstableCells: try unstableCellsNearRegion(state.displacement))
                solution.relaxationSteps = lbfgsSteps
                solution.atomisticSeconds = seconds(tAtoms); solution.continuumSeconds = seconds(tContinuum); solution.checkSeconds = seconds(tCheck)
                solution.tangentSeconds = seconds(tTangent)
                solution.andersonRestarts = restarts
                return solution
            }
        }
        throw NumericalError(.noConvergence, "coupled solve did not converge in \(options.maxIterations) iterations; largest atom force per iteration \(history.map { Double(Float($0)) }) eV/Å")
    }

    /// In-plane displacements of the interface nodes, flattened (x, y per node).
    func interfaceValues(_ u: [Double]) -> [Double] { interfaceNodes.flatMap { [u[2 * $0], u[2 * $0 + 1]] } }

    func setInterfaceValues(_ u: inout [Double], _ values: [Double]) {
        for (k, n) in interfaceNodes.enumerated() { u[2 * n] = values[2 * k]; u[2 * n + 1] = values[2 * k + 1] }
    }

    /// Largest Euclidean force per node over the free nodes of a reduced residual, eV/Å.
    func maxNodal(_ r: [Double]) -> Double {
        var m = 0.0
        for n in 0..<model.mesh.nodes.count {
            var s = 0.0
            for c in 0..<2 { let e = model.dofMap.equation[2 * n + c]; if e >= 0 { s += r[Int(e)] * r[Int(e)] } }
            m = max(m, s.squareRoot())
        }
        return m
    }
}

private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
