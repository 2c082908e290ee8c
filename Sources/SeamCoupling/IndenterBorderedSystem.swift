import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// The load parameter d of a bordered (u, d) system and how the problem depends on it: the
/// "load pattern" that makes one continuation code serve the rigid cylinder (d moves the
/// indenter inside the interface energy) and the meshed body (d moves prescribed grip dofs,
/// u_c = d g).
protocol BorderedLoad {
    associatedtype Term: InterfaceTerm
    /// The interface term with the load at d.
    func term(at d: Double) -> Term
    /// Sets the constrained dofs that d prescribes (u_c = d g); nothing for a rigid indenter.
    func impose(_ d: Double, on u: inout [Double])
    /// Sets du/dd at the constrained dofs (g); nothing for a rigid indenter.
    func imposeRate(on tangent: inout [Double])
    /// With Π = U_el + E (eV, the model's thickness): ∂²Π/∂u∂d per full dof (eV/Å^2, zero at
    /// constrained dofs), ∂²Π/∂d² (eV/Å^2) and the conjugate force ∂Π/∂d (eV/Å) at (u, d).
    func derivatives<M: Material>(model: ElasticityModel<M>, term: Term, u: [Double], d: Double) throws
        -> (mixed: [Double], curvature: Double, force: Double)
}

/// A rigid cylinder at indenter displacement d: only the interface energy depends on d.
struct RigidIndenterLoad<L: CohesiveLaw>: BorderedLoad {
    var adhesion: RigidCylinderAdhesion<L>
    func term(at d: Double) -> RigidCylinderAdhesion<L> { var t = adhesion; t.depth = d; return t }
    func impose(_ d: Double, on u: inout [Double]) {}
    func imposeRate(on tangent: inout [Double]) {}
    func derivatives<M: Material>(model: ElasticityModel<M>, term: RigidCylinderAdhesion<L>, u: [Double], d: Double) throws
        -> (mixed: [Double], curvature: Double, force: Double) {
        term.indenterDerivatives(u, equation: model.dofMap.equation)
    }
}

/// A rigid grip moving a set of prescribed dofs by u_c = d g: only the elastic energy depends
/// on d, through the gripped cells (`ElasticityModel.loadPatternDerivatives`):
/// ∂Π/∂d = gᵀ f_int (the grip's reaction), ∂²Π/∂u_f∂d = K_fc g, ∂²Π/∂d² = gᵀ K_cc g.
/// The interface must not touch gripped nodes (checked where the load is built).
struct GripLoad<T: InterfaceTerm>: BorderedLoad {
    var interface: T
    /// g per full dof (Å per Å of d), zero at free dofs.
    var pattern: [Double]
    func term(at d: Double) -> T { interface }
    func impose(_ d: Double, on u: inout [Double]) {
        for k in 0..<u.count where pattern[k] != 0 { u[k] = d * pattern[k] }
    }
    func imposeRate(on tangent: inout [Double]) {
        for k in 0..<tangent.count where pattern[k] != 0 { tangent[k] = pattern[k] }
    }
    func derivatives<M: Material>(model: ElasticityModel<M>, term: T, u: [Double], d: Double) throws
        -> (mixed: [Double], curvature: Double, force: Double) {
        let e = try model.loadPatternDerivatives(u, pattern: pattern)
        var mixed = e.coupling
        let eq = model.dofMap.equation
        for k in 0..<mixed.count where eq[k] < 0 { mixed[k] = 0 }
        return (mixed, e.stiffness, e.force)
    }
}

/// The equilibrium of an elastic model with a load parameter d as a further unknown: the
/// bordered Newton system shared by load control and arc-length continuation, for any
/// `BorderedLoad` (the rigid cylinder's position, or a grip's displacement).
///
/// Unknowns (u, d): u the free dofs (Å), d the load parameter (Å). Equilibrium
/// r(u, d) = ∂Π/∂u = 0 with Π = U_el + E; the conjugate force f(u, d) = ∂Π/∂d (eV/Å).
/// One more equation closes the system:
/// - indenter:   d = d*                                   (displacement control),
/// - load:       f(u, d) = P* (half model)                (load control: Π = U + E - P* d),
/// - arc:        ‖u - u_n‖² + ψ² (d - d_n)² = Δs²         (Crisfield's spherical arc length).
/// Each Newton iteration factorises K = ∂r/∂u (LDLᵀ on the model's one symbolic analysis: K is
/// indefinite on the branch between the jump-in and snap-off turning points, where Cholesky
/// fails) and makes two solves, K a = -r and K b = -k_d (k_d = ∂²Π/∂u∂d: for the grip K_fc g, for the cylinder ∂²E/∂u∂d), so that
/// δu = a + δd b; the constraint gives δd: under load control
/// δd = (P* - f - k_dᵀ a) / (k_dd + k_dᵀ b), on the arc the root of a quadratic (Crisfield 1981,
/// Comput. Struct. 13, 55) that keeps the increment closest in direction to the previous one.
///
/// At a converged state the factor gives the stability: the number of negative eigenvalues of K
/// (stable under displacement control iff 0) and the indenter stiffness
/// s = dP/dd = k_dd - k_dᵀ K⁻¹ k_d (the Schur complement of the bordered matrix
/// [[K, k_d], [k_dᵀ, k_dd]], whose determinant is det K · s; stable under load control iff K is
/// positive definite and s > 0), and the path tangent du/dd = b.
///
/// Newton here has no line search (the constraint row makes Π no longer a merit function); a
/// step that does not converge within `maxIterations` is cut by the path drivers, so the limit
/// is kept small (quadratic convergence needs 3-6 iterations from the tangent predictor).
struct IndenterBorderedSystem<M: Material, Load: BorderedLoad> {
    let model: ElasticityModel<M>
    let solver: CholeskySolver
    var load: Load
    let tolerance: Double
    let maxIterations: Int
    /// A force (eV/Å) the residual norm is compared with.
    let forceScale: Double
    let equation: [Int32]
    let freeCount: Int

    init(model: ElasticityModel<M>, load: Load, tolerance: Double, maxIterations: Int, forceScale: Double) throws {
        self.model = model; self.load = load; self.tolerance = tolerance; self.maxIterations = maxIterations; self.forceScale = forceScale
        equation = model.dofMap.equation
        freeCount = model.dofMap.freeCount
        solver = try CholeskySolver(pattern: model.assembly.pattern, ordering: .recommended(spatialDimension: model.dimension), form: .ldlt)
    }

    /// The extra equation of the bordered system.
    enum Constraint {
        case indenter(Double)
        /// Target force of the half model (eV/Å, = P × thickness / 2).
        case load(Double)
        /// Arc length Δs (Å) from the base state, d weighted by ψ.
        case arc(step: Double, weight: Double)
    }

    /// A converged state with its stability and tangent.
    struct Converged {
        var u: [Double]
        var d: Double
        var iterations: Int
        /// Half-model force ∂E/∂d, eV/Å.
        var force: Double
        var interfaceEnergy: Double
        var elasticEnergy: Double
        /// du/dd along the equilibrium path (full dofs, zero at constrained ones).
        var tangent: [Double]
        /// s = dF/dd of the half model (eV/Å^2).
        var stiffness: Double
        var negativeEigenvalues: Int
    }

    struct Evaluation {
        var residual: [Double]
        var values: [Double]
        var mixed: [Double]
        var curvature: Double
        var force: Double
        var energy: Double
        var converged: Bool
    }

    /// Residual, tangent and indenter derivatives at (u, d) (restricted to the free equations).
    func evaluate(_ u: [Double], _ d: Double) throws -> Evaluation {
        let t = load.term(at: d)
        let (rel, kel) = try model.residualAndTangent(u, loadFactor: 0, tangent: true)
        var r = rel, values = kel!
        var g = [Double](repeating: 0, count: u.count)
        var kc = [Double](repeating: 0, count: values.count)
        let energy = t.evaluate(u, gradient: &g, tangent: .consistent, values: &kc, pattern: model.assembly.pattern, equation: equation)
        var gn = 0.0
        for k in 0..<u.count where equation[k] >= 0 { r[Int(equation[k])] += g[k]; gn += g[k] * g[k] }
        for k in 0..<values.count { values[k] += kc[k] }
        let (mixedFull, curvature, force) = try load.derivatives(model: model, term: t, u: u, d: d)
        var mixed = [Double](repeating: 0, count: freeCount)
        for k in 0..<u.count where equation[k] >= 0 { mixed[Int(equation[k])] = mixedFull[k] }
        let rn = norm(r)
        guard rn.isFinite else { throw NumericalError(.notANumber, "bordered contact system: the residual is not finite") }
        let scale = max(forceScale, gn.squareRoot())
        return Evaluation(residual: r, values: values, mixed: mixed, curvature: curvature, force: force, energy: energy,
                          converged: rn <= tolerance * scale)
    }

    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Squared ψ-norm of a (full-dof) displacement increment and an indenter increment.
    func squaredNorm(_ du: [Double], _ dd: Double, weight: Double) -> Double {
        var s = weight * weight * dd * dd
        for k in 0..<du.count where equation[k] >= 0 { s += du[k] * du[k] }
        return s
    }

    /// Newton on the bordered system from the predicted state (u, d); `base` is the last
    /// converged state (the arc's centre) and `direction` the increment whose direction the arc
    /// root should follow.
    func correct(u start: [Double], d startD: Double, base: (u: [Double], d: Double), direction: (u: [Double], d: Double)?,
                 constraint: Constraint) throws -> Converged {
        var u = start, d = startD
        load.impose(d, on: &u)
        // The last full Newton update and the residual norm before it, for the backtracking.
        var before: (u: [Double], d: Double, norm: Double)?
        var backtracked = false
        for iteration in 0...maxIterations {
            let e = try evaluate(u, d)
            let residualNorm = norm(e.residual)
            var constraintMet = true
            switch constraint {
            case .indenter: break
            case .load(let p):
                constraintMet = abs(e.force - p) <= tolerance * max(forceScale, abs(p))
            case .arc: constraintMet = !backtracked  // enforced exactly by every full update
            }
            if iteration > 0 && e.converged && constraintMet {
                return try finish(u, d, iterations: iteration, evaluation: e)
            }
            guard iteration < maxIterations else { break }
            // Backtracking: a full update that raised the residual norm (after the first two) is
            // halved once. Where a point of a faceted master surface (`SurfaceCohesion`) settles
            // on a node, the residual has a kink at the solution and plain Newton 2-cycles
            // across it; the midpoint breaks the cycle. A halved state is off the arc, so it is
            // never accepted before the next full update puts it back.
            if iteration >= 2, let b = before, residualNorm > b.norm {
                for k in 0..<u.count where equation[k] >= 0 { u[k] = 0.5 * (b.u[k] + u[k]) }
                d = 0.5 * (b.d + d)
                load.impose(d, on: &u)
                before = nil
                backtracked = true
                continue
            }
            before = (u, d, residualNorm)
            backtracked = false
            try solver.factorize(values: e.values)
            let both = try solver.solve(rhs: e.residual.map { -$0 } + e.mixed.map { -$0 }, count: 2)
            let a = Array(both[0..<freeCount]), b = Array(both[freeCount..<(2 * freeCount)])
            var delta = 0.0
            switch constraint {
            case .indenter: delta = 0
            case .load(let p):
                var ka = 0.0, kb = 0.0
                for i in 0..<freeCount { ka += e.mixed[i] * a[i]; kb += e.mixed[i] * b[i] }
                let s = e.curvature + kb
                guard s != 0, s.isFinite else { throw NumericalError(.singular, "load control: the indenter stiffness vanished (a limit point)") }
                delta = (p - e.force - ka) / s
            case .arc(let step, let psi):
                // ‖Δu + a + δ b‖² + ψ² (Δd + δ)² = Δs², Δ = current - base.
                var bb = 0.0, bw = 0.0, ww = 0.0
                for k in 0..<u.count where equation[k] >= 0 {
                    let i = Int(equation[k])
                    let w = u[k] - base.u[k] + a[i]
                    bb += b[i] * b[i]; bw += b[i] * w; ww += w * w
                }
                let dd = d - base.d
                let qa = bb + psi * psi, qb = 2 * (bw + psi * psi * dd), qc = ww + psi * psi * dd * dd - step * step
                let disc = qb * qb - 4 * qa * qc
                guard disc >= 0 else { throw NumericalError(.noConvergence, "arc length: the constraint has no real root (step too large)") }
                let root = disc.squareRoot()
                let q = -0.5 * (qb + (qb >= 0 ? root : -root))
                let roots = q == 0 ? [0.0] : [q / qa, qc / q]
                // Crisfield's choice: the root whose increment makes the smallest angle with the
                // reference direction.
                var best = roots[0], bestDot = -Double.infinity
                for x in roots {
                    var dot = 0.0
                    let ref = direction ?? (u: u.indices.map { u[$0] - base.u[$0] }, d: dd)
                    for k in 0..<u.count where equation[k] >= 0 {
                        let i = Int(equation[k])
                        dot += (u[k] - base.u[k] + a[i] + x * b[i]) * ref.u[k]
                    }
                    dot += psi * psi * (dd + x) * ref.d
                    if dot > bestDot { bestDot = dot; best = x }
                }
                delta = best
            }
            for k in 0..<u.count where equation[k] >= 0 {
                let i = Int(equation[k])
                u[k] += a[i] + delta * b[i]
            }
            d += delta
            load.impose(d, on: &u)
        }
        throw NumericalError(.noConvergence, "bordered contact system: no convergence in \(maxIterations) iterations")
    }

    /// Stability and tangent at a converged state (one more factorisation and solve).
    func finish(_ u: [Double], _ d: Double, iterations: Int, evaluation e: Evaluation) throws -> Converged {
        try solver.factorize(values: e.values)
        let b = try solver.solve(rhs: e.mixed.map { -$0 })
        var kb = 0.0
        for i in 0..<freeCount { kb += e.mixed[i] * b[i] }
        var tangent = [Double](repeating: 0, count: u.count)
        for k in 0..<u.count where equation[k] >= 0 { tangent[k] = b[Int(equation[k])] }
        load.imposeRate(on: &tangent)
        return Converged(u: u, d: d, iterations: iterations, force: e.force, interfaceEnergy: e.energy,
                         elasticEnergy: try model.storedEnergy(u), tangent: tangent, stiffness: e.curvature + kb,
                         negativeEigenvalues: solver.negativeEigenvalueCount)
    }
}
