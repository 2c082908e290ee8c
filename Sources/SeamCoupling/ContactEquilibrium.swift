import SeamCore
import SeamFEM
import SeamNumerics

/// Which tangent an interface term adds to the Newton matrix.
enum InterfaceTangent {
    /// The exact second derivative of the interface energy.
    case consistent
    /// Its positive semi-definite part (negative law slopes and curvature terms dropped), used
    /// when the consistent matrix is not positive definite (softening, instability).
    case positive
}

/// An interface energy E(u) added to the elastic energy: its value (eV), gradient (eV/Å) into a
/// full-dof vector and Hessian (eV/Å^2) into the values of the model's sparse pattern.
protocol InterfaceTerm {
    func evaluate(_ u: [Double], gradient: inout [Double], tangent: InterfaceTangent?, values: inout [Double], pattern: SparseMatrixPattern, equation: [Int32]) -> Double
}

extension SparseMatrixPattern {
    /// Adds v to entry (i, j) of the symmetric matrix stored as one triangle; constrained
    /// equations (negative) are skipped.
    @inline(__always) func add(_ values: inout [Double], _ i: Int32, _ j: Int32, _ v: Double) {
        guard i >= 0, j >= 0 else { return }
        if let p = position(row: Int(i), column: Int(j)) ?? position(row: Int(j), column: Int(i)) { values[p] += v }
        else { preconditionFailure("interface entry (\(i), \(j)) is not in the sparse pattern") }
    }
}

/// Quasi-static equilibrium of an elastic body with an interface term: minimises
/// Π(u) = U_el(u) + E_interface(u) over the free dofs with Newton's method on one CHOLMOD
/// symbolic analysis. Each iteration factorises the consistent Hessian; where it is not
/// positive definite (a softening interface, a state past an instability) the positive part
/// of the interface Hessian is used instead, which keeps the step a descent direction; a
/// backtracking (Armijo) line search on Π then makes every accepted step lower the energy, so
/// an unstable branch is left for the next stable minimum (a jump) rather than followed.
struct ContactEquilibrium<M: Material> {
    let model: ElasticityModel<M>
    let solver: CholeskySolver
    var tolerance: Double
    var maxIterations: Int

    init(model: ElasticityModel<M>, tolerance: Double, maxIterations: Int) throws {
        self.model = model; self.tolerance = tolerance; self.maxIterations = maxIterations
        solver = try CholeskySolver(pattern: model.assembly.pattern, ordering: .recommended(spatialDimension: model.dimension))
    }

    /// U_el = Σ_q W(F_q) w_q |J_q| t (eV): the stored elastic energy.
    func elasticEnergy(_ u: [Double]) throws -> Double { try model.storedEnergy(u) }

    struct Outcome {
        var displacement: [Double]
        var iterations: Int
        var elasticEnergy: Double
        var interfaceEnergy: Double
        /// Iterations that fell back to the positive part of the interface Hessian.
        var positiveTangentIterations: Int
    }

    /// Minimises Π from `start` (full dofs, prescribed entries already set).
    ///
    /// The line search evaluates the interface energy exactly and the elastic energy through its
    /// quadratic model U(u + α Δ) ≈ U(u) + α r_el·Δ + ½ α² Δ·K_el·Δ (exact for linear materials,
    /// second order otherwise), which saves an assembly per trial; the stored elastic energy is
    /// computed exactly once at convergence.
    /// - Parameter forceScale: a force (eV/Å) the residual norm is compared with.
    func minimize<T: InterfaceTerm>(_ term: T, from start: [Double], forceScale: Double) throws -> Outcome {
        let eq = model.dofMap.equation, pattern = model.assembly.pattern
        var u = start
        var fallbacks = 0
        func interfaceEnergy(_ u: [Double]) -> Double {
            var g = [Double](repeating: 0, count: u.count), v: [Double] = []
            return term.evaluate(u, gradient: &g, tangent: nil, values: &v, pattern: pattern, equation: eq)
        }
        for iteration in 0...maxIterations {
            let (rel, values) = try model.residualAndTangent(u, loadFactor: 0, tangent: true)
            var r = rel
            var kel = values!
            var g = [Double](repeating: 0, count: u.count)
            var kc = [Double](repeating: 0, count: kel.count)
            let e0 = term.evaluate(u, gradient: &g, tangent: .consistent, values: &kc, pattern: pattern, equation: eq)
            var gn = 0.0
            for k in 0..<u.count where eq[k] >= 0 { r[Int(eq[k])] += g[k]; gn += g[k] * g[k] }
            let rn = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if rn <= tolerance * max(forceScale, gn.squareRoot()) {
                return Outcome(displacement: u, iterations: iteration, elasticEnergy: try elasticEnergy(u), interfaceEnergy: e0,
                               positiveTangentIterations: fallbacks)
            }
            guard iteration < maxIterations else { break }
            for k in 0..<kel.count { kel[k] += kc[k] }
            do { try solver.factorize(values: kel) } catch let error as NumericalError where error.kind == .notPositiveDefinite {
                kel = values!
                var kp = [Double](repeating: 0, count: kel.count)
                var dummy = [Double](repeating: 0, count: u.count)
                _ = term.evaluate(u, gradient: &dummy, tangent: .positive, values: &kp, pattern: pattern, equation: eq)
                for k in 0..<kel.count { kel[k] += kp[k] }
                try solver.factorize(values: kel)
                fallbacks += 1
            }
            let du = try solver.solve(rhs: r.map { -$0 })
            let slope = zip(r, du).reduce(0) { $0 + $1.0 * $1.1 }  // dΠ/dα at α = 0 (< 0)
            let linear = zip(rel, du).reduce(0) { $0 + $1.0 * $1.1 }
            let curvature = zip(pattern.multiply(values: values!, du), du).reduce(0) { $0 + $1.0 * $1.1 }
            var alpha = 1.0, accepted = false
            for _ in 0..<40 {
                var trial = u
                for k in 0..<u.count where eq[k] >= 0 { trial[k] += alpha * du[Int(eq[k])] }
                let e = interfaceEnergy(trial)
                let change = alpha * linear + 0.5 * alpha * alpha * curvature + (e - e0)
                let slack = 1e-14 * (abs(e) + abs(e0) + abs(alpha * linear))
                if change <= 1e-4 * alpha * slope + slack { u = trial; accepted = true; break }
                alpha *= 0.5
            }
            guard accepted else {
                throw NumericalError(.noConvergence, "interface equilibrium: the line search found no lower energy (residual \(rn) eV/Å, iteration \(iteration))")
            }
        }
        throw NumericalError(.noConvergence, "interface equilibrium: no convergence in \(maxIterations) Newton iterations")
    }
}
