import SeamCore
import SeamFEM
import SeamNumerics

/// What the load-path driver measures at a converged state (full body, per unit length).
struct ContactMeasurement {
    var force: Double
    var contactHalfWidth: Double
    var cohesiveZoneHalfWidth: Double
    var minimumGap: Double
}

/// Half-width of the zone (from x = 0) where `gaps` ≤ `threshold`, linearly interpolated
/// between the last point inside and the next one; `x` the points' reference positions along
/// the surface, sorted ascending through `order`.
func zoneHalfWidth(gaps: [Double], x: [Double], order: [Int], below threshold: Double) -> Double {
    var last = -1
    for (k, i) in order.enumerated() where gaps[i] <= threshold { last = k }
    guard last >= 0 else { return 0 }
    guard last + 1 < order.count else { return x[order[last]] }
    let i = order[last], j = order[last + 1]
    let s = (threshold - gaps[i]) / (gaps[j] - gaps[i])
    return x[i] + min(max(s, 0), 1) * (x[j] - x[i])
}

/// Follows a displacement-controlled approach-retract path (shared by the rigid and the meshed
/// contact problems): steps the control d, solves each state from a secant predictor (not
/// across a jump), halves the step (up to 8 times) where the solver fails, records forces and
/// energies with the external work (parabola through the last three points on a continuing
/// branch, else the trapezoid rule) and the balance W_ext - ΔU_el - ΔE_adh, and
/// flags a step that loses more energy than 10% of its work scale |P| |Δd| (plus 10⁻⁷ of the
/// largest energy so far and `dissipationFloor` (eV/Å), for round-off while the bodies are
/// apart) as a jump (the state left an
/// equilibrium branch that became unstable): a jump to a lower-energy state dissipates
/// (W_ext - ΔΠ > 0), while the quadrature's own error on a continuous path is small (O(Δd⁴)
/// with the parabola) and of either sign.
///
/// - Parameters:
///   - solve: the equilibrium at d from a starting displacement: (u, iterations, U_el, E_adh),
///     energies already per unit length of the full body.
///   - measure: force and zone sizes at a converged state.
///   - initial: the starting displacement at d = -startSeparation.
///   - resumingFrom: a state captured after an accepted step (by `progress`) of the same
///     problem and path: the path continues from it as if it had never stopped; nil starts at
///     d = -startSeparation.
///   - dissipationFloor: energy per unit length (eV/Å) below which no step counts as a jump
///     (callers use 10⁻³ W × the finest cell: far below any real jump, which releases about
///     W × the change of the contact width).
///   - progress: called after each accepted step with its record, the displacement and the
///     driver's full state after it (to checkpoint); an error it throws ends the path and is
///     rethrown.
func traceLoadPath(_ path: AdhesiveCylinderContact.LoadPath, initial: [Double], resumingFrom saved: ContactPathState?,
                   dissipationFloor: Double,
                   solve: (Double, [Double]) throws -> (u: [Double], iterations: Int, elastic: Double, adhesive: Double),
                   measure: ([Double], Double) -> ContactMeasurement,
                   progress: (AdhesiveCylinderContact.StepRecord, [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result {
    typealias Record = AdhesiveCylinderContact.StepRecord
    var u = initial
    var previous: (u: [Double], d: Double)? = nil
    var records: [Record] = []
    var phase = AdhesiveCylinderContact.Phase.approach
    var d = -path.startSeparation, step = path.step, cuts = 0, trial = d
    var energyScale = 0.0
    var finished = false
    if let saved {
        guard saved.displacement.count == initial.count, saved.previous.map({ $0.displacement.count == initial.count }) ?? true else {
            throw InputError("contact path state: its displacement has \(saved.displacement.count) values; this problem has \(initial.count) dofs",
                             suggestion: "resume only with a state saved by the same problem")
        }
        guard !saved.records.isEmpty, saved.step > 0, saved.cuts >= 0 else {
            throw InputError("contact path state: no accepted step or a non-positive step size", suggestion: "resume only with a state saved by `run`")
        }
        u = saved.displacement; previous = saved.previous.map { ($0.displacement, $0.indenterDisplacement) }
        records = saved.records; phase = saved.phase; d = saved.indenterDisplacement; step = saved.step; cuts = saved.cuts
        trial = saved.trial; energyScale = saved.energyScale; finished = saved.finished
    }
    while !finished {
        guard records.count < 20_000 else {
            throw InputError("contact load path: 20,000 steps without reaching the approach target and the end separation", suggestion: "check the approach target (a load the contact can carry) and the step sizes")
        }
        let outcome: (u: [Double], iterations: Int, elastic: Double, adhesive: Double)
        do {
            // Secant predictor from the last two states of a continuous branch.
            var start = u
            if let previous, let last = records.last, !last.jump, abs(last.indenterDisplacement - previous.d) > 0 {
                let s = (trial - d) / (d - previous.d)
                for k in 0..<u.count { start[k] += s * (u[k] - previous.u[k]) }
            }
            outcome = try solve(trial, start)
        } catch let error as NumericalError {
            guard cuts < 8, !records.isEmpty else { throw error }
            cuts += 1; step /= 2
            trial = d + (phase == .approach ? step : -step)
            continue
        }
        let savedPrevious = previous
        previous = (u, d)
        u = outcome.u; d = trial
        let m = measure(u, d)
        var record = Record(index: records.count, phase: phase, indenterDisplacement: d, force: m.force,
                            contactHalfWidth: m.contactHalfWidth, cohesiveZoneHalfWidth: m.cohesiveZoneHalfWidth,
                            minimumGap: m.minimumGap, elasticEnergy: outcome.elastic, adhesiveEnergy: outcome.adhesive,
                            externalWork: 0, balanceError: 0, stepDissipation: 0, jump: false, iterations: outcome.iterations)
        if let last = records.last, let first = records.first {
            let dd = d - last.indenterDisplacement
            var stepWork = 0.5 * (last.force + m.force) * dd
            // On a continuing branch (same direction, the last state not reached by a jump)
            // integrate the parabola through the last three points instead: the trapezoid rule
            // errs by ~10% of a step's work where the force grows exponentially (the law's tail).
            if records.count >= 2, !last.jump {
                let before = records[records.count - 2]
                let h1 = last.indenterDisplacement - before.indenterDisplacement, h2 = dd
                if h1 * h2 > 0 {
                    let (f0, f1, f2) = (before.force, last.force, m.force)
                    let c = ((f2 - f1) / h2 + (f0 - f1) / h1) / (h1 + h2)
                    let b = (f2 - f1) / h2 - c * h2
                    stepWork = f1 * h2 + b * h2 * h2 / 2 + c * h2 * h2 * h2 / 3
                }
            }
            record.externalWork = last.externalWork + stepWork
            record.balanceError = record.externalWork - (outcome.elastic - first.elasticEnergy) - (outcome.adhesive - first.adhesiveEnergy)
            record.stepDissipation = record.balanceError - last.balanceError
            let typical = 0.5 * (abs(last.force) + abs(m.force)) * abs(dd)
            energyScale = max(energyScale, abs(outcome.elastic) + abs(outcome.adhesive) + abs(record.externalWork))
            record.jump = record.stepDissipation > 0.1 * typical + 1e-7 * energyScale + dissipationFloor
            if record.jump && step > path.minimumStep * (1 + 1e-9) {
                // Locate the jump: retry from the last state with half the step.
                u = previous!.u; d = previous!.d; previous = savedPrevious
                step = max(step / 2, path.minimumStep)
                trial = d + (phase == .approach ? step : -step)
                continue
            }
        }
        records.append(record)
        if cuts > 0 { step = min(path.step, 2 * step); cuts -= 1 }
        else if !record.jump && outcome.iterations <= 4 { step = min(1.5 * step, path.maximumStep) }
        if phase == .approach {
            switch path.approach {
            case .depth(let target): if d >= target - 1e-12 { phase = .retract }
            case .load(let target): if m.force >= target { phase = .retract }
            }
        }
        if phase == .retract && d <= -path.endSeparation + 1e-12 && records.count > 1 {
            finished = true
        } else if phase == .approach {
            trial = d + step
            if case .depth(let target) = path.approach { trial = min(trial, target) }
        } else {
            trial = max(d - step, -path.endSeparation)
        }
        try progress(record, u, ContactPathState(displacement: u, previous: previous.map { ($0.u, $0.d) }, records: records, phase: phase,
                                                 indenterDisplacement: d, step: step, cuts: cuts, trial: trial,
                                                 energyScale: energyScale, finished: finished))
    }
    // Pull-off: the most tensile force of the retraction (parabola through the extreme step
    // and its neighbours when all three lie on one continuous branch).
    let retract = records.filter { $0.phase == .retract }
    var pullOff = retract.map(\.force).min() ?? records.map(\.force).min()!
    if let k = retract.firstIndex(where: { $0.force == pullOff }), k > 0, k + 1 < retract.count,
       !retract[k].jump, !retract[k + 1].jump {
        let (x0, x1, x2) = (retract[k - 1].indenterDisplacement, retract[k].indenterDisplacement, retract[k + 1].indenterDisplacement)
        let (f0, f1, f2) = (retract[k - 1].force, retract[k].force, retract[k + 1].force)
        let denom = (x0 - x1) * (x0 - x2) * (x1 - x2)
        let a = (x2 * (f1 - f0) + x1 * (f0 - f2) + x0 * (f2 - f1)) / denom
        let b = (x2 * x2 * (f0 - f1) + x1 * x1 * (f2 - f0) + x0 * x0 * (f1 - f2)) / denom
        let c = f0 - a * x0 * x0 - b * x0
        if a > 0 { let xm = -b / (2 * a); if xm > min(x0, x2) && xm < max(x0, x2) { pullOff = min(pullOff, c - b * b / (4 * a)) } }
    }
    return AdhesiveCylinderContact.Result(records: records, separated: records.last!.contactHalfWidth == 0 && records.last!.minimumGap > 0,
                                          finalDisplacement: u, pullOffForce: pullOff, maximumForce: records.map(\.force).max()!)
}
