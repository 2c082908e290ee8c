import SeamCore
import SeamPotential
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Cauchy-Born hyperelastic material of any interatomic `Potential` on a `Lattice`.
///
/// The strain-energy density is the energy of the homogeneously deformed periodic cell per
/// reference volume, minimised over the internal shifts s of the basis atoms (inner
/// relaxation, for multi-atom bases such as hcp and diamond):
///
///     W(F) = min_s E(F·cell, F·(X_k + s_k)) / V0                                (eV/Å^3)
///
/// The shifts live in the reference frame, so that they deform with the crystal.
///
/// Stress. Deforming positions and cell by dF changes them by the strain dε = dF F⁻¹ of
/// the current state, and the potential's virial is 𝒲 = -∂E/∂ε there, so
/// dE = -𝒲 : (dF F⁻¹) = -(𝒲 F⁻ᵀ) : dF and
///
///     P = ∂W/∂F = -𝒲 F⁻ᵀ / V0.
///
/// This is ∂E/∂F at fixed s (the virial deforms the shifted atoms too; with shifts added
/// after F it would not be, and an unrelaxed tangent built on it would be wrong by forces
/// times shifts). By the envelope theorem (the forces on the relaxed basis vanish) no
/// relaxation term enters P.
///
/// Tangent. The potential protocol gives no second derivatives, so A_s = ∂P/∂F at fixed
/// internal shifts is a central finite difference of the analytic stress with step
/// `tangentStep` h (dimensionless; default 1e-5: truncation O(h²) ≈ 1e-10 and round-off
/// ≈ 1e-15·Σ|pair terms|/h, together about 1e-9 relative to |A|, as measured in the tests).
/// Inner relaxation is added exactly by the Schur complement
///
///     A = A_s - (1/V0) Gᵀ H⁻¹ G,   g = -∂E/∂s = Fᵀf,   G = ∂g/∂F (at fixed s),   H = -∂g/∂s,
///
/// with G from the same 18 stress evaluations (the forces come with them) and H by central
/// differences of g (step 1e-4 of the atomic length (V0/n)^(1/3)). This needs no
/// nested relaxations and is insensitive to the relaxation tolerance. A is symmetrised
/// (A_iJkL = A_kLiJ holds exactly for a Hessian; the finite-difference asymmetry is of the
/// size of its error).
///
/// Stability is reported, not thrown: `MaterialResponse.stable` is false when F leaves the
/// stated `strainLimit` or the inner relaxation did not converge; and, when the tangent is
/// requested, also when the relaxed basis is no minimum (H not positive definite; the
/// unrelaxed tangent is returned then) or the acoustic tensor Q_ik(n) = A_iJkL n_J n_L is
/// not positive definite for one of 49 sampled directions n (loss of strong ellipticity:
/// the homogeneous state is unstable to long-wavelength modes). Phonon instabilities at
/// shorter wavelengths are not detected (that needs the full dynamical matrix).
///
/// The smallest (primitive) cell is used: the neighbour list includes periodic images, so
/// cells shorter than the cutoff are exact. Cost per response: one energy/virial evaluation
/// (plus Newton iterations with 6(n-1) force evaluations each when relaxing), and 18 more
/// for the tangent; these and the Hessian reuse one neighbour list through
/// `NeighborList.deformed(to:)` (the cell-list build dominates small-cell evaluations:
/// fcc LJ with r_c = 8σ: 27.6 -> 4.0 ms per full response, `seam-bench` materials).
public struct CauchyBornMaterial<P: Potential>: Material {
    public let potential: P
    public let lattice: Lattice
    /// Whether the basis shifts are relaxed (default: when the basis has more than one atom).
    public let relaxesBasis: Bool
    /// Finite-difference step for the tangent (dimensionless, on F).
    public let tangentStep: Double
    /// Inner relaxation stops when every force on the basis is below this, eV/Å.
    public let forceTolerance: Double
    /// Newton iterations allowed for the inner relaxation.
    public let maximumRelaxationSteps: Int
    /// Stated validity range: when set, a response whose Green-Lagrange strain
    /// E = (FᵀF - I)/2 has a component larger than this in magnitude is flagged
    /// `stable = false` (e.g. beyond the strains the potential was trained for).
    public let strainLimit: Double?
    /// Mass density of the lattice, amu/Å^3.
    public var massDensity: Double? { lattice.massDensity }

    /// Creates the material; checks that the potential describes the lattice's elements and
    /// that the reference lattice evaluates to a finite energy.
    public init(potential: P, lattice: Lattice, relaxesBasis: Bool? = nil, tangentStep: Double = 1e-5,
                forceTolerance: Double = 1e-10, maximumRelaxationSteps: Int = 50, strainLimit: Double? = nil) throws {
        guard tangentStep > 0, forceTolerance > 0, maximumRelaxationSteps > 0, strainLimit.map({ $0 > 0 }) ?? true else {
            throw InputError("Cauchy-Born tangent step, force tolerance and step count must be positive")
        }
        self.potential = potential; self.lattice = lattice
        self.relaxesBasis = relaxesBasis ?? (lattice.atomCount > 1)
        self.tangentStep = tangentStep; self.forceTolerance = forceTolerance
        self.maximumRelaxationSteps = maximumRelaxationSteps
        self.strainLimit = strainLimit
        let reference = try lattice.structure(deformedBy: Mat3.identity)
        try potential.checkElements(reference)
        let r = try potential.evaluate(reference, request: .energy)
        guard r.energy.isFinite else {
            throw InputError("the potential gives a non-finite energy (\(r.energy) eV) for the reference \(lattice.kind) lattice")
        }
    }

    /// The outcome of the inner relaxation at one F.
    public struct InnerRelaxation: Sendable {
        /// Shift s_k of each basis atom in the reference frame, Å (atom k sits at F(X_k + s_k);
        /// the first atom is fixed at zero).
        public var shifts: [Vec3]
        /// Energy of the deformed cell, eV.
        public var energy: Double
        /// Largest force on a basis atom after relaxation, eV/Å.
        public var maximumForce: Double
        /// Newton iterations taken.
        public var steps: Int
        /// Whether the force tolerance was reached.
        public var converged: Bool
    }

    /// Relaxes the basis shifts at F (Newton with a finite-difference Hessian of the forces,
    /// Levenberg shift where it is not positive definite, and a backtracking line search on
    /// the energy). Returns the unrelaxed state when `relaxesBasis` is false.
    public func relaxation(at f: Mat3) throws -> InnerRelaxation {
        try checkDeformation(f)
        let n = lattice.atomCount
        var u = [Vec3](repeating: .zero, count: n)
        var r = try potential.evaluate(lattice.structure(deformedBy: f, shifts: u), request: [.energy, .forces])
        try r.checkFinite()
        var fmax = maxFreeForce(r.forces)
        let ft = f.transposed
        guard relaxesBasis, n > 1 else { return InnerRelaxation(shifts: u, energy: r.energy, maximumForce: fmax, steps: 0, converged: true) }
        let length = atomicLength
        var steps = 0
        while fmax >= forceTolerance && steps < maximumRelaxationSteps {
            steps += 1
            let h = try hessian(f, u, list: neighborList(lattice.structure(deformedBy: f, shifts: u)))
            let g = freeGradient(r.forces, ft)  // = -∂E/∂s
            var tau = 0.0, d: [Double]? = nil
            let diag = (0..<g.count).map { abs(h[$0 * g.count + $0]) }.max() ?? 1
            while d == nil {
                d = choleskySolve(h, g, shift: tau)
                if d == nil { tau = tau == 0 ? 1e-3 * max(diag, 1e-12) : 4 * tau }
            }
            var step = d!
            let big = step.reduce(0) { max($0, abs($1)) }
            if big > 0.2 * length { step = step.map { $0 * 0.2 * length / big } }
            let small = tau == 0 && big < 1e-3 * length
            var alpha = 1.0, accepted = false
            let slope = -zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }  // dE/dα at α = 0
            while alpha > 1e-8 {
                var trial = u
                for k in 1..<n { trial[k] += alpha * Vec3(step[3 * (k - 1)], step[3 * (k - 1) + 1], step[3 * (k - 1) + 2]) }
                let rt = try potential.evaluate(lattice.structure(deformedBy: f, shifts: trial), request: [.energy, .forces])
                // Near the minimum energy differences reach round-off: a small positive-definite
                // Newton step is taken as it is.
                if small || (rt.energy.isFinite && rt.energy <= r.energy + 1e-4 * alpha * slope) {
                    u = trial; r = rt; accepted = true; break
                }
                alpha *= 0.5
            }
            fmax = maxFreeForce(r.forces)
            if !accepted { break }
        }
        return InnerRelaxation(shifts: u, energy: r.energy, maximumForce: fmax, steps: steps, converged: fmax < forceTolerance)
    }

    public func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        if !(relaxesBasis && lattice.atomCount > 1) && !request.contains(.tangent) {
            // No inner relaxation: energy and stress from one evaluation on one neighbour list
            // (halves the cost of the stress-only responses of a residual evaluation).
            try checkDeformation(f)
            let base = try lattice.structure(deformedBy: f, shifts: [Vec3](repeating: .zero, count: lattice.atomCount))
            let wantsStress = request.contains(.stress)
            let r = try potential.evaluate(base, request: wantsStress ? [.energy, .virial] : .energy)
            try r.checkFinite()
            var out = MaterialResponse()
            if let strainLimit, (0.5 * (f.transposed * f - .identity)).maxAbs > strainLimit { out.stable = false }
            out.energyDensity = r.energy / lattice.volume
            if wantsStress { out.stress = firstPiola(virial: r.virial, f) }
            return out
        }
        let relaxed = try relaxation(at: f)
        let v0 = lattice.volume
        var out = MaterialResponse()
        out.stable = relaxed.converged
        if let strainLimit, (0.5 * (f.transposed * f - .identity)).maxAbs > strainLimit { out.stable = false }
        out.energyDensity = relaxed.energy / v0
        guard request.contains(.stress) || request.contains(.tangent) else { return out }
        // One neighbour list (with a skin) serves the stress, the 18 strained evaluations and
        // the Hessian: their atoms move by far less than the skin.
        let base = try lattice.structure(deformedBy: f, shifts: relaxed.shifts)
        let list = neighborList(base)
        let reuse = tangentStep * (potential.cutoff + listSkin) * max(1, f.maxAbs) < 0.25 * listSkin
        func evaluate(_ g: Mat3, _ request: EvaluationRequest) throws -> PotentialResult {
            let s = try lattice.structure(deformedBy: g, shifts: relaxed.shifts)
            return try potential.evaluate(s, neighbors: reuse ? list.deformed(to: s) : neighborList(s), request: request)
        }
        if request.contains(.stress) {
            out.stress = firstPiola(virial: try potential.evaluate(base, neighbors: list, request: [.energy, .virial]).virial, f)
        }
        if request.contains(.tangent) {
            let relax = relaxesBasis && lattice.atomCount > 1
            let m = 3 * (lattice.atomCount - 1)
            var a = [Double](repeating: 0, count: 81)
            var g = [Double](repeating: 0, count: relax ? m * 9 : 0)  // G[row * 9 + (k*3+l)] = ∂g_row/∂F_kl
            let h = tangentStep
            for k in 0..<3 { for l in 0..<3 {
                var fp = f, fm = f
                fp[k, l] += h; fm[k, l] -= h
                let req: EvaluationRequest = relax ? [.virial, .forces] : [.virial]
                let rp = try evaluate(fp, req), rm = try evaluate(fm, req)
                let dp = (1 / (2 * h)) * (firstPiola(virial: rp.virial, fp) - firstPiola(virial: rm.virial, fm))
                for i in 0..<3 { for j in 0..<3 { a[(i * 3 + j) * 9 + k * 3 + l] = dp[i, j] } }
                if relax {
                    let gp = freeGradient(rp.forces, fp.transposed), gm = freeGradient(rm.forces, fm.transposed)
                    for row in 0..<m { g[row * 9 + k * 3 + l] = (gp[row] - gm[row]) / (2 * h) }
                }
            } }
            if relax {
                let hess = try hessian(f, relaxed.shifts, list: list)
                // A -= Gᵀ H⁻¹ G / V0, column by column of G.
                // Without a minimum (H not positive definite) the relaxed tangent does not
                // exist: the unrelaxed one is returned and the state flagged unstable.
                var hinvG = [Double](repeating: 0, count: m * 9)
                var positiveDefinite = true
                for c in 0..<9 {
                    let col = (0..<m).map { g[$0 * 9 + c] }
                    guard let x = choleskySolve(hess, col, shift: 0) else { positiveDefinite = false; break }
                    for row in 0..<m { hinvG[row * 9 + c] = x[row] }
                }
                if !positiveDefinite { out.stable = false } else {
                    for p in 0..<9 { for q in 0..<9 {
                        var s = 0.0
                        for row in 0..<m { s += g[row * 9 + p] * hinvG[row * 9 + q] }
                        a[p * 9 + q] -= s / v0
                    } }
                }
            }
            for p in 0..<9 { for q in (p + 1)..<9 {
                let s = 0.5 * (a[p * 9 + q] + a[q * 9 + p]); a[p * 9 + q] = s; a[q * 9 + p] = s
            } }
            out.tangent = Tensor4(components: a)
            if !Self.stronglyElliptic(out.tangent) { out.stable = false }
        }
        return out
    }

    // MARK: - Pieces

    /// P = -𝒲 F⁻ᵀ / V0 (see the type's documentation).
    func firstPiola(virial w: Mat3, _ f: Mat3) -> Mat3 {
        -(1 / lattice.volume) * (w * f.inverse.transposed)
    }

    /// Neighbour-list skin, Å: 1% of the atomic length.
    var listSkin: Double { 0.01 * atomicLength }

    /// A neighbour list for `s` with the potential's cutoff and `listSkin`.
    func neighborList(_ s: Structure) -> NeighborList { NeighborList(structure: s, cutoff: potential.cutoff, skin: listSkin) }

    /// (V0/n)^(1/3), Å: the length scale for step limits and the Hessian step.
    var atomicLength: Double { cbrt(lattice.volume / Double(lattice.atomCount)) }

    func checkDeformation(_ f: Mat3) throws {
        guard f.maxAbs.isFinite else { throw NumericalError(.notANumber, "deformation gradient is not finite: \(f)") }
        guard f.determinant > 0 else { throw NumericalError(.singular, "det F = \(f.determinant) ≤ 0: the lattice is inverted") }
    }

    /// g = -∂E/∂s = Fᵀ f_k on the free basis atoms (1..<n), flattened.
    func freeGradient(_ forces: [Vec3], _ ft: Mat3) -> [Double] {
        var g: [Double] = []
        g.reserveCapacity(3 * max(0, forces.count - 1))
        for k in 1..<max(1, forces.count) { let v = ft * forces[k]; g.append(v.x); g.append(v.y); g.append(v.z) }
        return g
    }

    func maxFreeForce(_ forces: [Vec3]) -> Double {
        forces.count > 1 ? forces.dropFirst().reduce(0) { max($0, $1.maxAbs) } : 0
    }

    /// H = ∂²E/∂s² (free atoms), central differences of g = Fᵀf, symmetrised; row-major m×m.
    /// `list` was built at (f, u); the displaced structures reuse it (moves of 1e-4 of the
    /// atomic length are far below the skin).
    func hessian(_ f: Mat3, _ u: [Vec3], list: NeighborList) throws -> [Double] {
        let m = 3 * (lattice.atomCount - 1)
        let delta = 1e-4 * atomicLength
        var h = [Double](repeating: 0, count: m * m)
        for c in 0..<m {
            var up = u, um = u
            up[1 + c / 3][c % 3] += delta; um[1 + c / 3][c % 3] -= delta
            let sp = try lattice.structure(deformedBy: f, shifts: up), sm = try lattice.structure(deformedBy: f, shifts: um)
            let gp = freeGradient(try potential.evaluate(sp, neighbors: list.deformed(to: sp), request: .forces).forces, f.transposed)
            let gm = freeGradient(try potential.evaluate(sm, neighbors: list.deformed(to: sm), request: .forces).forces, f.transposed)
            for row in 0..<m { h[row * m + c] = -(gp[row] - gm[row]) / (2 * delta) }
        }
        for p in 0..<m { for q in (p + 1)..<m { let s = 0.5 * (h[p * m + q] + h[q * m + p]); h[p * m + q] = s; h[q * m + p] = s } }
        return h
    }

    /// Solves (H + shift I) x = b by Cholesky; nil when the matrix is not positive definite.
    func choleskySolve(_ h: [Double], _ b: [Double], shift: Double) -> [Double]? {
        let m = b.count
        var l = h
        for i in 0..<m { l[i * m + i] += shift }
        for j in 0..<m {
            var d = l[j * m + j]
            for k in 0..<j { d -= l[j * m + k] * l[j * m + k] }
            guard d > 0 else { return nil }
            let djj = d.squareRoot()
            l[j * m + j] = djj
            for i in (j + 1)..<max(j + 1, m) {
                var s = l[i * m + j]
                for k in 0..<j { s -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = s / djj
            }
        }
        var y = b
        for i in 0..<m { for k in 0..<i { y[i] -= l[i * m + k] * y[k] }; y[i] /= l[i * m + i] }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, m) { y[i] -= l[k * m + i] * y[k] }
            y[i] /= l[i * m + i]
        }
        return y
    }

    /// Whether the acoustic tensor Q_ik(n) = A_iJkL n_J n_L is positive definite for the 49
    /// sampled directions (the 13 cubic ⟨100⟩/⟨110⟩/⟨111⟩ directions and 36 Fibonacci-sphere
    /// points on a hemisphere).
    static func stronglyElliptic(_ a: Tensor4) -> Bool {
        var dirs: [Vec3] = [Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1),
                            Vec3(1, 1, 0), Vec3(1, -1, 0), Vec3(1, 0, 1), Vec3(1, 0, -1), Vec3(0, 1, 1), Vec3(0, 1, -1),
                            Vec3(1, 1, 1), Vec3(1, 1, -1), Vec3(1, -1, 1), Vec3(-1, 1, 1)]
        let count = 36, golden = Double.pi * (3 - 5.0.squareRoot())
        for i in 0..<count {
            let z = 1 - (Double(i) + 0.5) / Double(count)  // upper hemisphere: n and -n give the same Q
            let r = (1 - z * z).squareRoot(), phi = golden * Double(i)
            dirs.append(Vec3(r * cos(phi), r * sin(phi), z))
        }
        let scale = max(a.maxAbs, .leastNormalMagnitude)
        for d in dirs {
            let n = d.normalized
            var q = Mat3.zero
            for i in 0..<3 { for k in 0..<3 {
                var s = 0.0
                for j in 0..<3 { for l in 0..<3 { s += a[i, j, k, l] * n[j] * n[l] } }
                q[i, k] = s
            } }
            // Sylvester's criterion on the symmetric part, relative to |A|.
            let qs = q.symmetric
            let m1 = qs[0, 0], m2 = qs[0, 0] * qs[1, 1] - qs[0, 1] * qs[1, 0], m3 = qs.determinant
            let tol = 1e-12 * scale
            if !(m1 > tol && m2 > tol * scale && m3 > tol * scale * scale) { return false }
        }
        return true
    }
}
