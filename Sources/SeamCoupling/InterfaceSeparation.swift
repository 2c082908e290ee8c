import SeamCore
import SeamNumerics
import SeamPotential
import SeamCohesive

/// Quasi-static separation of two atomistic bodies whose adhesion is carried by a cohesive
/// law: the two halves of an `InterfaceSlab`, isolated by an `InteractionMask` (or not, to show
/// the double counting), with the law between their facing surface layers.
///
/// The outer `gripThickness` Å of each body is held; the upper grip is moved along the normal
/// in steps and all other atoms are relaxed (L-BFGS) at every step, continuing from the last.
/// With `gripThickness` nil the bodies are rigid: the whole upper body is the grip.
///
/// Caveat, measured: with a law derived from the same potential, the interface is exactly as
/// strong as any lattice plane of a body (and the law acts on the facing layers only, which a
/// relaxed body lets go of more easily than a whole half-crystal), so relaxed bodies may break
/// internally instead of at the interface; the work then reflects that plane, not the mask.
/// Rigid bodies isolate the accounting question (is the adhesion counted once or twice?).
/// Energy bookkeeping per step: atomistic energy (with the mask), continuum (zero: no
/// finite elements here), cohesive A φ(δ), and the external work W = ∫ F dΔ done on the upper
/// grip (trapezoid rule over the steps), where F = -Σ_grip f_i·n is the force the grip exerts.
/// On a continuous equilibrium path W = ΔE_atoms + ΔE_cohesive; a mechanical instability
/// (snap-back of a compliant body) shows up as a positive `balanceError`. Units: eV, Å.
public struct InterfaceSeparation<P: Potential, L: CohesiveLaw>: Sendable {
    public let slab: InterfaceSlab
    public let potential: CohesiveInterfacePotential<P, L>
    /// The isolating mask (nil when the bodies also interact atomistically).
    public let mask: InteractionMask?
    /// Held atoms: lower and upper grips.
    public let lowerGrip: [Int], upperGrip: [Int]

    /// - Parameters:
    ///   - isolated: apply the isolating mask (true) or let the bodies' atoms interact too.
    ///   - layerTolerance: atoms within this height (Å) of a body's facing surface form its layer.
    public init(slab: InterfaceSlab, potential: P, law: L, isolated: Bool = true,
                gripThickness: Double?, layerTolerance: Double = 0.3) throws {
        try potential.checkElements(slab.structure)
        let n = slab.normal
        let h = slab.structure.positions.map { $0.dot(n) }
        let lower = h.indices.filter { !slab.upper[$0] }, upper = h.indices.filter { slab.upper[$0] }
        let lowerTop = lower.map { h[$0] }.max()!, upperBottom = upper.map { h[$0] }.min()!
        let lo = h.min()!, hi = h.max()!
        let lowerLayer = lower.filter { h[$0] > lowerTop - layerTolerance }
        let upperLayer = upper.filter { h[$0] < upperBottom + layerTolerance }
        if let gripThickness {
            lowerGrip = lower.filter { h[$0] < lo + gripThickness }
            upperGrip = upper.filter { h[$0] > hi - gripThickness }
        } else {
            lowerGrip = lower; upperGrip = upper
        }
        let gripsValid = !lowerGrip.isEmpty && !upperGrip.isEmpty &&
            Set(lowerGrip).isDisjoint(with: lowerLayer) && Set(upperGrip).isDisjoint(with: upperLayer)
        guard gripThickness == nil || gripsValid else {
            throw InputError("grip thickness \(gripThickness ?? 0) Å must hold some atoms of each body without reaching its facing surface layer",
                             suggestion: "use thicker bodies or thinner grips")
        }
        self.slab = slab
        self.potential = try CohesiveInterfacePotential(base: potential, law: law, area: slab.area, normal: n,
                                                        lowerLayer: lowerLayer, upperLayer: upperLayer, reference: slab.structure)
        mask = isolated ? InteractionMask.isolating(groups: slab.upper.map { $0 ? 1 : 0 }) : nil
    }

    /// One quasi-static step.
    public struct Step: Sendable {
        /// Grip displacement Δ, Å.
        public var gripDisplacement: Double
        /// Opening of the cohesive law (normal component), Å.
        public var opening: Double
        /// Force the grip exerts on the upper body along the normal, eV/Å.
        public var gripForce: Double
        /// Energy of the atoms (with the mask), eV; continuum energy is zero here.
        public var atomisticEnergy: Double
        public var continuumEnergy: Double
        /// A φ(δ), eV.
        public var cohesiveEnergy: Double
        /// ∫ F dΔ so far, eV.
        public var externalWork: Double
        /// W - (ΔE_atoms + ΔE_continuum + ΔE_cohesive) since the first step, eV.
        public var balanceError: Double
    }

    /// Runs the separation over the grip displacements `displacements` (Å, ascending, from 0).
    public func run(displacements: [Double], forceTolerance: Double = 1e-5) throws -> [Step] {
        guard displacements.first == 0, zip(displacements, displacements.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw InputError("grip displacements must start at 0 and increase")
        }
        let fixed = Set(lowerGrip + upperGrip)
        var current = slab.structure
        var steps: [Step] = []
        var previous = 0.0
        for delta in displacements {
            for i in upperGrip { current.positions[i] += (delta - previous) * slab.normal }
            previous = delta
            if fixed.count < current.count {
                current = try Relaxation.relaxPositions(current, potential: potential,
                                                        minimizer: LBFGS(forceTolerance: forceTolerance, maxIterations: 5000),
                                                        fixed: fixed, mask: mask, neighborSkin: 0.5).structure
            }
            let full = try potential.evaluate(current, mask: mask, request: [.energy, .forces])
            let cohesive = potential.cohesiveEnergy(current)
            let force = -upperGrip.reduce(0.0) { $0 + full.forces[$1].dot(slab.normal) }
            var work = 0.0
            if let last = steps.last { work = last.externalWork + 0.5 * (last.gripForce + force) * (delta - last.gripDisplacement) }
            let atoms = full.energy - cohesive
            var step = Step(gripDisplacement: delta, opening: potential.opening(current).x, gripForce: force,
                            atomisticEnergy: atoms, continuumEnergy: 0, cohesiveEnergy: cohesive, externalWork: work, balanceError: 0)
            if let first = steps.first {
                step.balanceError = work - (atoms - first.atomisticEnergy) - (cohesive - first.cohesiveEnergy)
            }
            steps.append(step)
        }
        return steps
    }
}
