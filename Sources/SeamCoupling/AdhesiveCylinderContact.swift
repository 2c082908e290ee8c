import Foundation
import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// Adhesive contact of a rigid cylinder with an elastic substrate in plane strain, driven by
/// the cylinder's displacement through approach, contact and pull-off.
///
/// The normal traction between the cylinder and each point of the substrate surface is the
/// normal part of a `CohesiveLaw` at the local gap g = |x - c| - R (opening δ = (g, 0, 0)):
/// attractive for g > 0, the law's own repulsive branch (the penalty of an
/// `EffectiveOpeningLaw`) for g < 0. Frictionless: no tangential traction. Its energy
/// Σ_q w_q [φ(g_q) - W] is integrated with a composite Gauss rule on the surface edges of a
/// graded mesh (fine near the contact: the law's range is ~1 Å, the radius 10-100 nm).
///
/// Model: half of the substrate, x ∈ [0, width/2] (symmetry plane x = 0, u_x = 0 there; bottom
/// held), depth `substrateDepth`; the cylinder's axis is at x = 0. All reported forces and
/// energies are for the full body per unit length of the cylinder (the half model's values
/// × 2 / thickness).
///
/// Load path: the lowest point of the cylinder starts `startSeparation` Å above the undeformed
/// surface (indenter displacement d = -startSeparation), moves down in steps (adaptive, with
/// jumps located to `minimumStep`: see `LoadPath`) until the approach target (depth or load) is reached, then back up to `endSeparation` Å above
/// the surface. At each d the substrate is brought to equilibrium by minimising its total
/// energy (Newton on one CHOLMOD analysis, see `ContactEquilibrium`); where the equilibrium the
/// path was following becomes unstable (jump-in on approach, the substrate letting go after
/// pull-off) the minimisation lands in the next stable state, the step is flagged `jump` and
/// the energy it releases is reported as `stepDissipation` (the path is not continued through
/// the unstable branch). Energy bookkeeping per step: W_ext = ∫ P dd (piecewise parabolic) equals
/// ΔU_el + ΔE_adh on a continuous path; `balanceError` accumulates the difference (the jumps).
///
/// Measured sensitivity: the pull-off depends on the repulsive branch as well as on W and the
/// peak; a UBER law with its default penalty G/ℓ² (soft: the contact centre sinks ~0.3ℓ into
/// it) pulls off 2.7% lower than the same law with a 10x stiffer penalty (R = 50 Å, λ ≈ 1).
public struct AdhesiveCylinderContact: Sendable {
    /// What ends the approach.
    public enum ApproachTarget: Sendable, Equatable {
        /// Indenter displacement below the undeformed surface, Å.
        case depth(Double)
        /// Compressive force per unit length, eV/Å^2 (eV/Å per Å).
        case load(Double)
    }

    /// The displacement-controlled path of the cylinder.
    ///
    /// Steps start at `step`, grow by 1.5× after easy steps (≤ 4 Newton iterations, no jump) up
    /// to `maximumStep`, halve where Newton fails, and where a step jumps (jump-in, snap-off)
    /// the step is retried from the last state with half the size until it is no larger than
    /// `minimumStep`: the jump is located to within `minimumStep`, so the most tensile force of
    /// a branch that ends in a snap-off is resolved even with large steps elsewhere.
    public struct LoadPath: Sendable, Equatable {
        /// Initial height of the cylinder's lowest point above the undeformed surface, Å (≥ 0).
        public var startSeparation: Double
        public var approach: ApproachTarget
        /// Final height of the lowest point above the undeformed surface, Å.
        public var endSeparation: Double
        /// Initial indenter displacement per step, Å.
        public var step: Double
        /// Smallest step used to locate a jump, Å.
        public var minimumStep: Double
        /// Largest step, Å.
        public var maximumStep: Double
        public init(startSeparation: Double, approach: ApproachTarget, endSeparation: Double, step: Double,
                    minimumStep: Double? = nil, maximumStep: Double? = nil) throws {
            guard step > 0, startSeparation >= 0, endSeparation >= 0 else {
                throw InputError("contact load path: step must be positive and separations non-negative (got step \(step) Å, start \(startSeparation) Å, end \(endSeparation) Å)")
            }
            if case .depth(let d) = approach, d < -startSeparation || d < -endSeparation {
                throw InputError("contact load path: the approach depth \(d) Å lies above the start (-\(startSeparation) Å) or the end (-\(endSeparation) Å)")
            }
            let smallest = minimumStep ?? step, largest = maximumStep ?? step
            guard smallest > 0, smallest <= step, largest >= step else {
                throw InputError("contact load path: need 0 < minimum step ≤ step ≤ maximum step (got \(smallest), \(step), \(largest) Å)")
            }
            self.startSeparation = startSeparation; self.approach = approach; self.endSeparation = endSeparation; self.step = step
            self.minimumStep = smallest; self.maximumStep = largest
        }
    }

    /// Approach or retraction.
    public enum Phase: String, Sendable, Codable { case approach, retract }

    /// One converged step of the load path. Forces per unit length of the cylinder (eV/Å^2 =
    /// eV/Å per Å; N/m in `forceNewtonsPerMetre`), energies per unit length (eV/Å).
    public struct StepRecord: Sendable {
        public var index: Int
        public var phase: Phase
        /// Indenter displacement d (Å): depth of the cylinder's lowest point below the
        /// undeformed surface (negative: above it).
        public var indenterDisplacement: Double
        /// Force P the substrate exerts on the cylinder, compressive positive, eV/Å^2.
        public var force: Double
        public var forceNewtonsPerMetre: Double { force * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
        /// Half-width of the zone where the gap is below the law's peak opening (in contact), Å.
        public var contactHalfWidth: Double
        /// Half-width of the zone where the gap is below W/σ_peak (the equivalent Dugdale range), Å.
        public var cohesiveZoneHalfWidth: Double
        /// Smallest gap, Å (negative: interpenetration into the repulsive branch).
        public var minimumGap: Double
        /// Stored elastic energy U_el, eV/Å.
        public var elasticEnergy: Double
        /// Adhesive energy Σ w [φ(g) - W] (0 when separated, -W × contact width in full contact), eV/Å.
        public var adhesiveEnergy: Double
        /// External work done on the system by the cylinder since the start, ∫ P dd, eV/Å.
        public var externalWork: Double
        /// W_ext - ΔU_el - ΔE_adh since the start (energy lost in jumps), eV/Å.
        public var balanceError: Double
        /// The same for this step alone, eV/Å.
        public var stepDissipation: Double
        /// The step left an equilibrium branch that became unstable (jump-in or snap-off).
        public var jump: Bool
        public var iterations: Int
    }

    /// The load path and the final state.
    public struct Result: Sendable {
        public var records: [StepRecord]
        /// Whether the bodies ended apart (no point within the law's peak opening at the last
        /// step): only then is `pullOffForce` a pull-off force rather than the largest tension
        /// reached before the path ended.
        public var separated: Bool
        /// Full nodal displacement (Å) of the half model at the last step.
        public var finalDisplacement: [Double]
        /// Most tensile force along the retraction (eV/Å^2, negative), refined by a parabola
        /// through the extreme step and its neighbours: the pull-off force.
        public var pullOffForce: Double
        public var pullOffForceNewtonsPerMetre: Double { pullOffForce * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
        /// Largest compressive force reached, eV/Å^2.
        public var maximumForce: Double
    }

    /// Cylinder radius R, Å.
    public var radius: Double
    /// Full width of the substrate (the half model spans width/2), Å.
    public var substrateWidth: Double
    /// Substrate depth, Å.
    public var substrateDepth: Double
    public var material: any Material
    /// Law between the cylinder and the substrate surface (normal part used).
    public var law: any CohesiveLaw
    public var grading: ContactMeshGrading
    public var loadPath: LoadPath
    /// Out-of-plane thickness of the plane-strain model, Å (results are per unit length).
    public var thickness: Double
    /// Sub-intervals per surface edge, two Gauss points each.
    public var surfaceSubdivisions: Int
    /// Newton: converged when ‖r‖ ≤ tolerance × the interface force norm.
    public var tolerance: Double
    public var maxIterations: Int

    public init(radius: Double, substrateWidth: Double, substrateDepth: Double, material: any Material, law: any CohesiveLaw,
                grading: ContactMeshGrading, loadPath: LoadPath, thickness: Double = 1, surfaceSubdivisions: Int = 4,
                tolerance: Double = 1e-8, maxIterations: Int = 200) throws {
        guard radius > 0, radius.isFinite else { throw InputError("adhesive contact: the cylinder radius must be positive (got \(radius) Å)") }
        guard substrateWidth > 2 * grading.fineSize, substrateDepth > grading.fineSize else {
            throw InputError("adhesive contact: the substrate (\(substrateWidth) x \(substrateDepth) Å) is smaller than its fine cells")
        }
        guard thickness > 0, surfaceSubdivisions >= 1, tolerance > 0, maxIterations >= 1 else {
            throw InputError("adhesive contact: thickness, surface subdivisions, tolerance and iteration limit must be positive")
        }
        guard law.workOfSeparation > 0, law.peakTraction > 0 else {
            throw InputError("adhesive contact: the law \(law.summary) has no adhesion (work of separation and peak traction must be positive)")
        }
        self.radius = radius; self.substrateWidth = substrateWidth; self.substrateDepth = substrateDepth
        self.material = material; self.law = law; self.grading = grading; self.loadPath = loadPath
        self.thickness = thickness; self.surfaceSubdivisions = surfaceSubdivisions
        self.tolerance = tolerance; self.maxIterations = maxIterations
    }

    /// The half-model substrate mesh: [0, width/2] x [-depth, 0], "top" the contact surface.
    public func substrateMesh() throws -> Mesh {
        try grading.rectangle(width: substrateWidth / 2, depth: substrateDepth)
    }

    /// Symmetry plane (u_x = 0 on "left") and a held base ("bottom").
    public var boundaryConditions: [DirichletCondition] {
        [.fixed("left", components: [0]), .fixed("bottom", components: [0, 1])]
    }

    /// The half-model discretisation with a type-erased material, for output of any step's
    /// displacement (e.g. `FEMResultWriter.write(model:displacement:time:)`).
    public func outputModel() throws -> ElasticityModel<AnyMaterial> {
        try ElasticityModel(mesh: substrateMesh(), analysis: .planeStrain(thickness: thickness), material: AnyMaterial(material),
                            dirichlet: boundaryConditions)
    }

    /// The Maugis-Dugdale reference with the law's equivalent Dugdale parameters
    /// (σ0 = peak traction, W = work of separation, as Maugis does) and the substrate's
    /// plane-strain contact modulus (see `contactModulus(of:)`).
    public func maugisDugdaleReference() throws -> MaugisDugdaleLineContact {
        try MaugisDugdaleLineContact(radius: radius, reducedModulus: try Self.contactModulus(of: material),
                                     workOfAdhesion: law.workOfSeparation, stress: law.peakTraction)
    }

    /// The interface term alone at one state, for checks: energy Σ w [φ(g) - W] (eV, half model,
    /// model thickness), its gradient (eV/Å, per full dof of the half model) and its consistent
    /// Hessian (eV/Å^2) on the half model's sparse pattern (free dofs, one triangle).
    public struct InterfaceEvaluation: Sendable {
        public var energy: Double
        public var gradient: [Double]
        public var hessian: [Double]
        public var pattern: SparseMatrixPattern
        /// Equation number of each full dof (-1: constrained).
        public var equation: [Int32]
    }

    /// Evaluates the interface term at displacement `u` (full dofs of the half model, Å) with the
    /// cylinder at indenter displacement `indenterDisplacement` (Å).
    public func interfaceEvaluation(displacement u: [Double], indenterDisplacement: Double) throws -> InterfaceEvaluation {
        try evaluateInterface(law: law, u: u, depth: indenterDisplacement)
    }

    private func evaluateInterface<L: CohesiveLaw>(law: L, u: [Double], depth: Double) throws -> InterfaceEvaluation {
        let model = try outputModel()
        guard u.count == model.dofMap.equation.count else {
            throw InputError("displacement has \(u.count) values; the half model has \(model.dofMap.equation.count) dofs")
        }
        let mesh = model.mesh
        let points = SurfacePoint.rule(mesh: mesh, edges: try SurfacePoint.edges(of: mesh, group: "top"), subdivisions: surfaceSubdivisions, thickness: thickness)
        let term = RigidCylinderAdhesion(law: law, radius: radius, surfaceHeight: 0, depth: depth, points: points)
        let pattern = model.assembly.pattern
        var gradient = [Double](repeating: 0, count: u.count), hessian = [Double](repeating: 0, count: pattern.nonzeroCount)
        let energy = term.evaluate(u, gradient: &gradient, tangent: .consistent, values: &hessian, pattern: pattern, equation: model.dofMap.equation)
        return InterfaceEvaluation(energy: energy, gradient: gradient, hessian: hessian, pattern: pattern, equation: model.dofMap.equation)
    }

    /// Runs the load path; `progress` sees every converged step with the half model's full
    /// nodal displacement (Å), e.g. to write output.
    public func run(progress: (StepRecord, _ displacement: [Double]) -> Void = { _, _ in }) throws -> Result {
        try solve(material: material, law: law, resumingFrom: nil) { record, u, _ in progress(record, u) }
    }

    /// Runs the load path from a saved state (nil: from the start). `progress` sees every
    /// accepted step with the displacement and the driver's state after it: save the state
    /// (it is `Codable`, exact through JSON) to resume a stopped run later with identical
    /// results; an error `progress` throws stops the path and is rethrown.
    public func run(resumingFrom state: ContactPathState?,
                    progress: (AdhesiveCylinderContact.StepRecord, _ displacement: [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result {
        try solve(material: material, law: law, resumingFrom: state, progress: progress)
    }

    /// The half-model discretisation shared by the displacement, load and arc-length paths:
    /// the model, the interface term at the start, the half model → full body factor 2/t, the
    /// Newton force scale (eV/Å) and the measurement of a state (u, d).
    struct Discretisation<M: Material, L: CohesiveLaw> {
        var model: ElasticityModel<M>
        var term: RigidCylinderAdhesion<L>
        var scale: Double
        var forceScale: Double
        var measure: ([Double], Double) -> ContactMeasurement
    }

    func discretisation<M: Material, L: CohesiveLaw>(material: M, law: L) throws -> Discretisation<M, L> {
        let mesh = try substrateMesh()
        let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(thickness: thickness), material: material, dirichlet: boundaryConditions)
        let edges = try SurfacePoint.edges(of: mesh, group: "top")
        let points = SurfacePoint.rule(mesh: mesh, edges: edges, subdivisions: surfaceSubdivisions, thickness: thickness)
        let term = RigidCylinderAdhesion(law: law, radius: radius, surfaceHeight: 0, depth: -loadPath.startSeparation, points: points)
        let scale = 2 / thickness  // half model → full body per unit length
        let x = points.map(\.reference.x)
        let order = points.indices.sorted { x[$0] < x[$1] }
        let dugdaleRange = law.workOfSeparation / law.peakTraction
        let peakOpening = law.peakOpening
        return Discretisation(model: model, term: term, scale: scale, forceScale: law.peakTraction * grading.fineSize * thickness,
            measure: { u, d in
                var t = term
                t.depth = d
                let gaps = t.gaps(u)
                return ContactMeasurement(force: scale * t.force(u),
                                          contactHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: peakOpening),
                                          cohesiveZoneHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: dugdaleRange),
                                          minimumGap: gaps.min() ?? .infinity)
            })
    }

    private func solve<M: Material, L: CohesiveLaw>(material: M, law: L, resumingFrom state: ContactPathState?,
                                                     progress: (StepRecord, [Double], ContactPathState) throws -> Void) throws -> Result {
        let setup = try discretisation(material: material, law: law)
        let equilibrium = try ContactEquilibrium(model: setup.model, tolerance: tolerance, maxIterations: maxIterations)
        var term = setup.term
        let scale = setup.scale, forceScale = setup.forceScale
        return try traceLoadPath(loadPath, initial: [Double](repeating: 0, count: setup.model.dofMap.equation.count),
            resumingFrom: state, dissipationFloor: 1e-3 * law.workOfSeparation * grading.fineSize,
            solve: { d, start in
                term.depth = d
                let o = try equilibrium.minimize(term, from: start, forceScale: forceScale)
                return (o.displacement, o.iterations, scale * o.elasticEnergy, scale * o.interfaceEnergy)
            },
            measure: setup.measure, progress: progress)
    }

    /// Plane-strain contact modulus E* of a half-plane y < 0 of `material` (its small-strain
    /// tangent at F = I, eV/Å^3): for an orthotropic material in its axes with reduced
    /// compliances β_ij = s_ij - s_i3 s_j3/s_33 (Voigt 1 = x, 2 = y, 6 = xy),
    ///   1/E* = ½ sqrt(β11 (2 sqrt(β11 β22) + 2 β12 + β66))
    /// (Lekhnitskii's orthotropic half-plane: normal surface displacement -(P/π) β11 (s1 + s2)
    /// ln|x| under a line load P, s1,2 the roots of β11 s⁴ - (2β12 + β66) s² + β22 = 0); for an
    /// isotropic material it is E/(1 - ν²). Other anisotropy is treated as orthotropic (its
    /// shear-extension couplings are ignored).
    public static func contactModulus(of material: any Material) throws -> Double {
        let c = try material.response(at: .identity, request: .tangent).tangent
        // Voigt 6x6 stiffness (1 = xx, 2 = yy, 3 = zz, 4 = yz, 5 = xz, 6 = xy).
        let pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
        var m = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for (p, (i, j)) in pairs.enumerated() { for (q, (k, l)) in pairs.enumerated() { m[p][q] = c[i, j, k, l] } }
        // Invert by Gauss-Jordan with partial pivoting: compliance s (engineering shear strains).
        var a = m, inv = (0..<6).map { r in (0..<6).map { $0 == r ? 1.0 : 0.0 } }
        for col in 0..<6 {
            let piv = (col..<6).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[piv][col]) > 1e-300 else { throw InputError("the material's elastic tangent at F = I is singular") }
            a.swapAt(col, piv); inv.swapAt(col, piv)
            let f = a[col][col]
            for k in 0..<6 { a[col][k] /= f; inv[col][k] /= f }
            for r in 0..<6 where r != col {
                let g = a[r][col]
                if g != 0 { for k in 0..<6 { a[r][k] -= g * a[col][k]; inv[r][k] -= g * inv[col][k] } }
            }
        }
        let s = inv
        let b11 = s[0][0] - s[0][2] * s[0][2] / s[2][2], b22 = s[1][1] - s[1][2] * s[1][2] / s[2][2]
        let b12 = s[0][1] - s[0][2] * s[1][2] / s[2][2], b66 = s[5][5]
        let inner = b11 * (2 * (b11 * b22).squareRoot() + 2 * b12 + b66)
        guard b11 > 0, b22 > 0, inner > 0 else { throw InputError("the material is not stable in plane strain (no positive contact modulus)") }
        return 2 / inner.squareRoot()
    }
}
