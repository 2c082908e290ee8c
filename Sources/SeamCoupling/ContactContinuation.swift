import SeamCore

/// Settings, records and results of the load-controlled and arc-length paths of
/// `AdhesiveCylinderContact` and `MeshedBodyCohesiveContact` (`traceArcLength`,
/// `followLoadControl`; for the meshed body d is the grip's displacement and P its reaction).
public enum ContactContinuation {
    /// Crisfield's spherical arc length on (u, d): each step solves
    /// ‖u - u_n‖² + ψ² (d - d_n)² = Δs² (u the half model's free dofs, Å; d the indenter
    /// displacement, Å; ψ = `indenterWeight`) together with the substrate's equilibrium, so that
    /// the path passes the turning points of d (jump-in, snap-off) and of P (pull-off) and
    /// follows the unstable branches between them. The predictor goes along the path tangent
    /// (du/dd, 1), oriented to keep the direction of the last step (reversed once at the approach
    /// target). Δs adapts: × clamp(sqrt(target / iterations), ½, 2) after a step, ½ after a
    /// failed one (no convergence, no real root, or a converged increment more than 45° off the
    /// predictor), within [minimumStep, maximumStep]. The approach ends at the load path's
    /// approach target and the retraction at d = -endSeparation, both landed on exactly.
    public struct ArcLengthSettings: Sendable, Equatable {
        /// Initial arc-length step Δs, Å.
        public var step: Double
        public var minimumStep: Double
        public var maximumStep: Double
        /// ψ, the weight of the indenter displacement in the constraint (dimensionless); larger
        /// values make d count more against the substrate's displacement field.
        public var indenterWeight: Double
        /// Newton iterations per step the step adaptation aims at.
        public var targetIterations: Int
        /// Accepted steps before the path gives up.
        public var maximumSteps: Int
        public init(step: Double, minimumStep: Double? = nil, maximumStep: Double? = nil, indenterWeight: Double = 1,
                    targetIterations: Int = 4, maximumSteps: Int = 5000) throws {
            let smallest = minimumStep ?? step / 1024, largest = maximumStep ?? step * 8
            guard step > 0, smallest > 0, smallest <= step, largest >= step, step.isFinite, largest.isFinite else {
                throw InputError("arc-length path: need 0 < minimum step ≤ step ≤ maximum step (got \(smallest), \(step), \(largest) Å)")
            }
            guard indenterWeight > 0, indenterWeight.isFinite, targetIterations >= 1, maximumSteps >= 1 else {
                throw InputError("arc-length path: the indenter weight, target iterations and step limit must be positive")
            }
            self.step = step; self.minimumStep = smallest; self.maximumStep = largest
            self.indenterWeight = indenterWeight; self.targetIterations = targetIterations; self.maximumSteps = maximumSteps
        }
    }

    /// Load control: the cylinder is brought under displacement control (the load path's start
    /// and step) to a compressive force, then the force P is prescribed and stepped toward
    /// tension by `step`; a step that finds no equilibrium stable under load control is halved,
    /// and when the step falls below `minimumStep` the limit point (pull-off) is bracketed.
    /// Forces per unit length of the full body, eV/Å^2.
    public struct LoadControlSettings: Sendable, Equatable {
        /// Compressive force at which load control starts (> 0), eV/Å^2.
        public var initialLoad: Double
        /// Force decrement per step, eV/Å^2.
        public var step: Double
        /// The limit is bracketed to this force step, eV/Å^2.
        public var minimumStep: Double
        public init(initialLoad: Double, step: Double, minimumStep: Double? = nil) throws {
            let smallest = minimumStep ?? step / 1024
            guard initialLoad > 0, initialLoad.isFinite, step > 0, step.isFinite, smallest > 0, smallest <= step else {
                throw InputError("load control: need a positive initial (compressive) load and 0 < minimum step ≤ step (got \(initialLoad), \(step), \(smallest) eV/Å^2)")
            }
            self.initialLoad = initialLoad; self.step = step; self.minimumStep = smallest
        }
    }

    /// One converged state of a load-controlled or arc-length path. Forces per unit length of the
    /// full body (eV/Å^2), energies per unit length (eV/Å).
    public struct Record: Sendable {
        public var index: Int
        public var phase: AdhesiveCylinderContact.Phase
        /// Indenter displacement d, Å.
        public var indenterDisplacement: Double
        /// Force on the cylinder, compressive positive, eV/Å^2.
        public var force: Double
        public var forceNewtonsPerMetre: Double { force * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
        public var contactHalfWidth: Double
        public var cohesiveZoneHalfWidth: Double
        public var minimumGap: Double
        public var elasticEnergy: Double
        public var adhesiveEnergy: Double
        /// ∫ P dd along the path since the first state (Hermite cubics in the arc length), eV/Å.
        public var externalWork: Double
        /// W_ext - ΔU_el - ΔE_adh since the first state (≈ 0 on a continuous path), eV/Å.
        public var balanceError: Double
        /// Arc length s since the first state (ψ-norm, Å); for load control the force path.
        public var arcLength: Double
        /// dd/ds and dP/ds along the direction of travel (arc-length paths; for load control
        /// dd/dP and 1).
        public var displacementRate: Double
        public var forceRate: Double
        /// dP/dd along the equilibrium path (the Schur complement of the bordered matrix,
        /// eV/Å^3): negative between the pull-off and the snap-off.
        public var indenterStiffness: Double
        /// Negative eigenvalues of the substrate's stiffness K at fixed d (LDLᵀ inertia).
        public var negativeEigenvalues: Int
        public var iterations: Int
        /// Stable with the cylinder held (displacement control): K positive definite.
        public var stableUnderDisplacementControl: Bool { negativeEigenvalues == 0 }
        /// Stable under a dead load: K positive definite and dP/dd > 0 (det of the bordered matrix > 0).
        public var stableUnderLoadControl: Bool { negativeEigenvalues == 0 && indenterStiffness > 0 }
        /// Sign of the determinant of the bordered matrix [[K, k_d], [k_dᵀ, k_dd]] = det K · s.
        public var borderedDeterminantSign: Int {
            (negativeEigenvalues % 2 == 0 ? 1 : -1) * (indenterStiffness > 0 ? 1 : (indenterStiffness < 0 ? -1 : 0))
        }
    }

    /// A turning point located between two records (Hermite interpolation in the arc length).
    public struct TurningPoint: Sendable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Largest d of the separated branch: where displacement control jumps into contact.
            case jumpIn = "jump-in"
            /// Smallest d of the contact branch: where displacement control snaps off.
            case snapOff = "snap-off"
            /// Most tensile force: the pull-off of load control.
            case pullOff = "pull-off"
            /// A local maximum of the force.
            case loadMaximum = "load maximum"
        }
        public var kind: Kind
        public var phase: AdhesiveCylinderContact.Phase
        public var indenterDisplacement: Double
        /// eV/Å^2
        public var force: Double
        public var arcLength: Double
        /// The record after which it lies.
        public var afterRecord: Int
    }

    /// An arc-length path.
    public struct ArcLengthResult: Sendable {
        public var records: [Record]
        public var turningPoints: [TurningPoint]
        /// Most tensile force of the path (located between records), eV/Å^2.
        public var pullOffForce: Double
        public var pullOffForceNewtonsPerMetre: Double { pullOffForce * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
        /// Steps rejected and retried with half the arc length.
        public var rejectedSteps: Int
        public var finalDisplacement: [Double]
    }

    /// A load-controlled path to its limit point.
    public struct LoadControlResult: Sendable {
        public var records: [Record]
        /// Force of the last converged (stable) state, eV/Å^2.
        public var lastConvergedLoad: Double
        /// The limit point: where dP/dd, extrapolated linearly in d from the last two states,
        /// vanishes (P = P₁ + ½ s₁ (d* - d₁)), eV/Å^2 and Å.
        public var limitLoad: Double
        public var limitLoadNewtonsPerMetre: Double { limitLoad * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
        public var limitIndenterDisplacement: Double
        /// The step that failed last (the limit lies between lastConvergedLoad and
        /// lastConvergedLoad - this), eV/Å^2.
        public var bracket: Double
        public var rejectedSteps: Int
        public var finalDisplacement: [Double]
    }

    /// Cubic Hermite value and derivative at τ ∈ [0, h] from end values and slopes.
    static func hermite(_ p0: Double, _ m0: Double, _ p1: Double, _ m1: Double, h: Double, at x: Double) -> (value: Double, slope: Double) {
        let t = x / h, t2 = t * t, t3 = t2 * t
        let value = (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * h * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * h * m1
        let slope = (6 * t2 - 6 * t) / h * p0 + (3 * t2 - 4 * t + 1) * m0 + (-6 * t2 + 6 * t) / h * p1 + (3 * t2 - 2 * t) * m1
        return (value, slope)
    }

    /// ∫ P dd over one step of length h with P(σ), d(σ) the Hermite cubics (3-point Gauss, exact
    /// for the quintic integrand).
    static func stepWork(_ a: Record, _ b: Record, rateSign: Double, h: Double) -> Double {
        let nodes = [0.5 - 0.5 * (0.6).squareRoot(), 0.5, 0.5 + 0.5 * (0.6).squareRoot()], weights = [5.0 / 18, 8.0 / 18, 5.0 / 18]
        var w = 0.0
        for (x, g) in zip(nodes, weights) {
            let p = hermite(a.force, rateSign * a.forceRate, b.force, b.forceRate, h: h, at: x * h).value
            let dd = hermite(a.indenterDisplacement, rateSign * a.displacementRate, b.indenterDisplacement, b.displacementRate, h: h, at: x * h).slope
            w += g * h * p * dd
        }
        return w
    }

    /// Turning points and the located pull-off force along `records` (intervals within one phase).
    static func turningPoints(_ records: [Record]) -> (points: [TurningPoint], pullOff: Double) {
        var points: [TurningPoint] = []
        var pullOff = records.map(\.force).min() ?? 0
        for (a, b) in zip(records, records.dropFirst()) where a.phase == b.phase {
            let h = b.arcLength - a.arcLength
            guard h > 0 else { continue }
            func locate(_ ra: Double, _ rb: Double) -> Double { h * ra / (ra - rb) }
            if a.displacementRate * b.displacementRate < 0 {
                let x = locate(a.displacementRate, b.displacementRate)
                let d = hermite(a.indenterDisplacement, a.displacementRate, b.indenterDisplacement, b.displacementRate, h: h, at: x).value
                let p = hermite(a.force, a.forceRate, b.force, b.forceRate, h: h, at: x).value
                points.append(TurningPoint(kind: a.displacementRate > 0 ? .jumpIn : .snapOff, phase: a.phase, indenterDisplacement: d,
                                           force: p, arcLength: a.arcLength + x, afterRecord: a.index))
            }
            if a.forceRate * b.forceRate < 0 {
                let x = locate(a.forceRate, b.forceRate)
                let d = hermite(a.indenterDisplacement, a.displacementRate, b.indenterDisplacement, b.displacementRate, h: h, at: x).value
                let p = hermite(a.force, a.forceRate, b.force, b.forceRate, h: h, at: x).value
                let kind: TurningPoint.Kind = a.forceRate < 0 ? .pullOff : .loadMaximum
                if kind == .pullOff { pullOff = min(pullOff, p) }
                points.append(TurningPoint(kind: kind, phase: a.phase, indenterDisplacement: d, force: p,
                                           arcLength: a.arcLength + x, afterRecord: a.index))
            }
        }
        return (points, pullOff)
    }
}
