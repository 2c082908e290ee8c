import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// The load-control and arc-length drivers shared by `AdhesiveCylinderContact` (d: the rigid
/// cylinder's displacement) and `MeshedBodyCohesiveContact` (d: the grip's displacement): one
/// implementation over the `BorderedLoad` that says how the problem depends on d (see
/// `ContactContinuation` for the algorithms and `IndenterBorderedSystem` for the Newton
/// system). Forces and energies of the model are multiplied by `scale` (half model and
/// thickness → full body per unit length).
struct ContactContinuationDriver<M: Material, Load: BorderedLoad> {
    let system: IndenterBorderedSystem<M, Load>
    let loadPath: AdhesiveCylinderContact.LoadPath
    /// Model → full body per unit length (1/Å).
    let scale: Double
    /// The force (eV/Å) residuals are compared with.
    let forceScale: Double
    /// Tolerance and iteration limit of the energy minimisations that find the first state.
    let tolerance: Double
    let maxIterations: Int
    /// The displacement (full dofs, Å) the first minimisation starts from (the load's own dofs
    /// are set from d).
    let initial: [Double]
    /// Zone sizes and gap at a converged state (its force is not used).
    let measure: ([Double], Double) -> ContactMeasurement

    func validate(_ saved: ContactContinuationState, control: ContactContinuationState.Control, dofs: Int) throws {
        guard saved.control == control else {
            throw InputError("continuation state: saved by a \(saved.control.rawValue) path, resumed as \(control.rawValue)",
                             suggestion: "resume with the control that saved it")
        }
        guard saved.displacement.count == dofs, saved.tangent.count == dofs, saved.previous.map({ $0.displacement.count == dofs }) ?? true else {
            throw InputError("continuation state: its displacement has \(saved.displacement.count) values; this problem has \(dofs) dofs",
                             suggestion: "resume only with a state saved by the same problem")
        }
        guard !saved.records.isEmpty, saved.step > 0 else {
            throw InputError("continuation state: no accepted state or a non-positive step", suggestion: "resume only with a state saved by the path")
        }
    }

    /// The record of a converged state.
    func record(_ c: IndenterBorderedSystem<M, Load>.Converged, index: Int,
                phase: AdhesiveCylinderContact.Phase, arcLength: Double, rates: (Double, Double)) -> ContactContinuation.Record {
        let m = measure(c.u, c.d)
        return .init(index: index, phase: phase, indenterDisplacement: c.d, force: scale * c.force, contactHalfWidth: m.contactHalfWidth,
                     cohesiveZoneHalfWidth: m.cohesiveZoneHalfWidth, minimumGap: m.minimumGap, elasticEnergy: scale * c.elasticEnergy,
                     adhesiveEnergy: scale * c.interfaceEnergy, externalWork: 0, balanceError: 0, arcLength: arcLength,
                     displacementRate: rates.0, forceRate: rates.1, indenterStiffness: scale * c.stiffness,
                     negativeEigenvalues: c.negativeEigenvalues, iterations: c.iterations)
    }

    func arcLength(settings: ContactContinuation.ArcLengthSettings, resumingFrom saved: ContactContinuationState?,
                                                         progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.ArcLengthResult {
        let eq = system.equation, psi = settings.indenterWeight
        let n = eq.count
        // Unit tangent (ψ-norm) along (du/dd, 1), oriented along `reference` (an increment).
        func unitTangent(_ b: [Double], reference: (u: [Double], d: Double)) -> (u: [Double], d: Double) {
            let length = system.squaredNorm(b, 1, weight: psi).squareRoot()
            var dot = psi * psi * reference.d
            for k in 0..<n where eq[k] >= 0 { dot += b[k] * reference.u[k] }
            let sign: Double = dot < 0 ? -1 : 1
            return (b.map { sign * $0 / length }, sign / length)
        }
        func rates(_ c: IndenterBorderedSystem<M, Load>.Converged, reference: (u: [Double], d: Double)) -> (Double, Double) {
            let t = unitTangent(c.tangent, reference: reference)
            return (t.d, scale * c.stiffness * t.d)
        }
        var state: ContactContinuationState
        if let saved {
            try validate(saved, control: .arcLength, dofs: n)
            state = saved
        } else {
            // The first state by energy minimisation (robust from the undeformed substrate), then
            // the bordered system at that d for its tangent and stability.
            let d0 = -loadPath.startSeparation
            let zero = [Double](repeating: 0, count: n)
            let equilibrium = try ContactEquilibrium(model: system.model, tolerance: tolerance, maxIterations: maxIterations)
            var u = initial
            system.load.impose(d0, on: &u)
            u = try equilibrium.minimize(system.load.term(at: d0), from: u, forceScale: forceScale).displacement
            let c = try system.correct(u: u, d: d0, base: (u, d0), direction: nil, constraint: .indenter(d0))
            let r = record(c, index: 0, phase: .approach, arcLength: 0, rates: rates(c, reference: (zero, 1)))
            state = ContactContinuationState(control: .arcLength, displacement: c.u, indenterDisplacement: c.d, tangent: c.tangent,
                                             stiffness: c.stiffness, previous: nil, records: [r], phase: .approach,
                                             step: settings.step, reversing: false, rejectedSteps: 0, finished: false)
            try progress(r, c.u, state)
        }
        while !state.finished {
            guard state.records.count < settings.maximumSteps else {
                throw InputError("arc-length path: \(settings.maximumSteps) steps without reaching the end of the path",
                                 suggestion: "raise the step or the step limit, or check the approach target")
            }
            let u0 = state.displacement, d0 = state.indenterDisplacement
            var reference: (u: [Double], d: Double) = state.previous.map { p in (u0.indices.map { u0[$0] - p.displacement[$0] }, d0 - p.indenterDisplacement) }
                ?? ([Double](repeating: 0, count: n), 1)
            if state.reversing { reference = (reference.u.map { -$0 }, -reference.d) }
            let t = unitTangent(state.tangent, reference: reference)
            let step = state.step
            let predicted = (u: u0.indices.map { u0[$0] + step * t.u[$0] }, d: d0 + step * t.d)
            var accepted: IndenterBorderedSystem<M, Load>.Converged?
            do {
                let c = try system.correct(u: predicted.u, d: predicted.d, base: (u0, d0), direction: t, constraint: .arc(step: step, weight: psi))
                // The converged increment must stay within 45° of the predictor.
                var dot = psi * psi * (c.d - d0) * t.d
                for k in 0..<n where eq[k] >= 0 { dot += (c.u[k] - u0[k]) * t.u[k] }
                if dot >= 0.7 * step { accepted = c }
            } catch is NumericalError {}
            guard var c = accepted else {
                state.step = step / 2
                state.rejectedSteps += 1
                guard state.step >= settings.minimumStep else {
                    throw NumericalError(.noConvergence, "arc-length path: no step ≥ \(settings.minimumStep) Å converged after d = \(d0) Å (record \(state.records.count - 1))")
                }
                continue
            }
            // Land on the end of the phase exactly where the step crossed it.
            var phaseEnds = false
            let force = scale * c.force
            let target: IndenterBorderedSystem<M, Load>.Constraint?
            switch (state.phase, loadPath.approach) {
            case (.approach, .depth(let depth)) where c.d >= depth: target = .indenter(depth)
            case (.approach, .load(let load)) where force >= load: target = .load(load / scale)
            case (.retract, _) where c.d <= -loadPath.endSeparation: target = .indenter(-loadPath.endSeparation)
            default: target = nil
            }
            if let target {
                let previousForce = state.records.last!.force
                let fraction: Double
                switch target {
                case .indenter(let dt): fraction = (dt - d0) / (c.d - d0)
                case .load(let pt): fraction = (pt * scale - previousForce) / (force - previousForce)
                case .arc: fraction = 1
                }
                let f = min(max(fraction, 0), 1)
                var start = u0.indices.map { u0[$0] + f * (c.u[$0] - u0[$0]) }
                var startD = d0 + f * (c.d - d0)
                if case .indenter(let dt) = target { startD = dt }
                if f == 0 { start = u0 }
                do {
                    c = try system.correct(u: start, d: startD, base: (u0, d0), direction: nil, constraint: target)
                } catch is NumericalError {
                    state.step = step / 2
                    state.rejectedSteps += 1
                    guard state.step >= settings.minimumStep else { throw NumericalError(.noConvergence, "arc-length path: the end of the \(state.phase.rawValue) could not be reached from d = \(d0) Å") }
                    continue
                }
                phaseEnds = true
            }
            var arc = phaseEnds ? 0 : step
            if !phaseEnds, !state.reversing, let last = state.records.last {
                // A turning point of d or P inside the step: shorten the step to land just past
                // it (regula falsi, Illinois, on the rate's sign along the arc), so that the
                // turning point lies at the end of a step and its location is as exact as the
                // path (the stiffness changes sign there; interpolating across a long step
                // misplaces a sharp fold).
                let end = rates(c, reference: (u0.indices.map { c.u[$0] - u0[$0] }, c.d - d0))
                for which in 0..<2 {
                    let r0 = which == 0 ? last.displacementRate : last.forceRate, r1 = which == 0 ? end.0 : end.1
                    guard r0 * r1 < 0 else { continue }
                    var lo = (x: 0.0, rate: r0), hi = (x: step, rate: r1, state: c), side = 0
                    for _ in 0..<8 {
                        let x = (lo.x * hi.rate - hi.x * lo.rate) / (hi.rate - lo.rate)
                        guard x > lo.x, x < hi.x, hi.x - lo.x > 1e-6 * step else { break }
                        guard let trial = try? system.correct(u: u0.indices.map { u0[$0] + x * t.u[$0] }, d: d0 + x * t.d, base: (u0, d0),
                                                              direction: t, constraint: .arc(step: x, weight: psi)) else { break }
                        let rx = rates(trial, reference: (u0.indices.map { trial.u[$0] - u0[$0] }, trial.d - d0))
                        let value = which == 0 ? rx.0 : rx.1
                        if value * r0 > 0 {
                            lo = (x, value); if side == -1 { hi.rate /= 2 }; side = -1
                        } else {
                            hi = (x, value, trial); if side == 1 { lo.rate /= 2 }; side = 1
                        }
                    }
                    c = hi.state; arc = hi.x
                    break
                }
            }
            var increment = (u: u0.indices.map { c.u[$0] - u0[$0] }, d: c.d - d0)
            let h = system.squaredNorm(increment.u, increment.d, weight: psi).squareRoot()
            if h == 0 { increment = (t.u, t.d) }
            let last = state.records.last!
            var r = record(c, index: state.records.count, phase: state.phase, arcLength: last.arcLength + h,
                           rates: rates(c, reference: increment))
            let first = state.records[0]
            r.externalWork = last.externalWork + ContactContinuation.stepWork(last, r, rateSign: state.reversing ? -1 : 1, h: h)
            r.balanceError = r.externalWork - (r.elasticEnergy - first.elasticEnergy) - (r.adhesiveEnergy - first.adhesiveEnergy)
            state.records.append(r)
            state.previous = (u0, d0)
            state.displacement = c.u; state.indenterDisplacement = c.d; state.tangent = c.tangent; state.stiffness = c.stiffness
            state.reversing = false
            state.lastArcStep = arc
            if !phaseEnds {
                let factor = min(max((Double(settings.targetIterations) / Double(max(c.iterations, 1))).squareRoot(), 0.5), 2)
                state.step = min(max(step * factor, settings.minimumStep), settings.maximumStep)
            } else if state.phase == .approach {
                state.phase = .retract
                state.reversing = true
            } else {
                state.finished = true
            }
            try progress(r, c.u, state)
        }
        let located = ContactContinuation.turningPoints(state.records)
        return .init(records: state.records, turningPoints: located.points, pullOffForce: located.pullOff,
                     rejectedSteps: state.rejectedSteps, finalDisplacement: state.displacement)
    }

    func loadControl(settings: ContactContinuation.LoadControlSettings, resumingFrom saved: ContactContinuationState?,
                                                           progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.LoadControlResult {
        let n = system.equation.count, scale = scale
        var state: ContactContinuationState
        if let saved {
            try validate(saved, control: .load, dofs: n)
            state = saved
        } else {
            // Displacement control (energy minimisation, through the jump-in) until the force
            // reaches the initial load, then the bordered solve at that load.
            let equilibrium = try ContactEquilibrium(model: system.model, tolerance: tolerance, maxIterations: maxIterations)
            var u = initial, d = -loadPath.startSeparation, count = 0
            var below = (u: u, d: d)
            func solve(_ d: Double, from start: [Double]) throws -> [Double] {
                var u = start
                system.load.impose(d, on: &u)
                return try equilibrium.minimize(system.load.term(at: d), from: u, forceScale: forceScale).displacement
            }
            // The conjugate force ∂Π/∂d of the model at (u, d), eV/Å.
            func force(_ u: [Double], _ d: Double) throws -> Double {
                try system.load.derivatives(model: system.model, term: system.load.term(at: d), u: u, d: d).force
            }
            while true {
                count += 1
                below = (u, d)
                // A step the minimiser fails (across the jump-in) is halved, up to 8 times, as
                // on the displacement-controlled path.
                var increment = loadPath.step, next: [Double]?
                for cut in 0...8 {
                    do { next = try solve(d + increment, from: u); break } catch let error as NumericalError {
                        if cut == 8 { throw error }
                        increment /= 2
                    }
                }
                d += increment
                u = next!
                if try scale * force(u, d) >= settings.initialLoad { break }
                guard count < 100_000 else {
                    throw InputError("load control: the initial load \(settings.initialLoad) eV/Å^2 was not reached", suggestion: "lower the initial load")
                }
            }
            // Bisection in d on the (stable, increasing) branch down to 10⁻⁶ of the step, then the
            // bordered solve at the load itself.
            var above = (u: u, d: d)
            for _ in 0..<20 {
                let mid = 0.5 * (below.d + above.d)
                guard let um = try? solve(mid, from: above.u) else { break }  // keep the bracket reached
                if try scale * force(um, mid) >= settings.initialLoad { above = (um, mid) } else { below = (um, mid) }
            }
            let c = try system.correct(u: above.u, d: above.d, base: above, direction: nil, constraint: .load(settings.initialLoad / scale))
            guard c.negativeEigenvalues == 0 && c.stiffness > 0 else {
                throw NumericalError(.noConvergence, "load control: the initial state at \(settings.initialLoad) eV/Å^2 is not stable under load control")
            }
            let r = record(c, index: 0, phase: .retract, arcLength: 0, rates: (1 / (scale * c.stiffness), 1))
            state = ContactContinuationState(control: .load, displacement: c.u, indenterDisplacement: c.d, tangent: c.tangent,
                                             stiffness: c.stiffness, previous: nil, records: [r], phase: .retract, step: settings.step,
                                             reversing: false, rejectedSteps: 0, finished: false)
            try progress(r, c.u, state)
        }
        while !state.finished {
            let last = state.records.last!
            let target = last.force - state.step
            // Predictor along the tangent: δd = δF / s, δu = b δd (half model).
            let dd = (target - last.force) / scale / state.stiffness
            let u0 = state.displacement, d0 = state.indenterDisplacement
            let start = u0.indices.map { u0[$0] + dd * state.tangent[$0] }
            var accepted: IndenterBorderedSystem<M, Load>.Converged?
            do {
                let c = try system.correct(u: start, d: d0 + dd, base: (u0, d0), direction: nil, constraint: .load(target / scale))
                if c.negativeEigenvalues == 0 && c.stiffness > 0 && c.d < d0 { accepted = c }
            } catch is NumericalError {}
            guard let c = accepted else {
                state.step /= 2
                state.rejectedSteps += 1
                if state.step < settings.minimumStep { state.finished = true }
                continue
            }
            var r = record(c, index: state.records.count, phase: .retract, arcLength: last.arcLength + abs(target - last.force),
                           rates: (-1 / (scale * c.stiffness), -1))
            // ∫ P dd with the Hermite cubic P(d) (slopes dP/dd at both ends).
            let h = r.indenterDisplacement - last.indenterDisplacement
            r.externalWork = last.externalWork + h * (last.force + r.force) / 2 + h * h * (last.indenterStiffness - r.indenterStiffness) / 12
            let first = state.records[0]
            r.balanceError = r.externalWork - (r.elasticEnergy - first.elasticEnergy) - (r.adhesiveEnergy - first.adhesiveEnergy)
            state.records.append(r)
            state.previous = (u0, d0)
            state.displacement = c.u; state.indenterDisplacement = c.d; state.tangent = c.tangent; state.stiffness = c.stiffness
            try progress(r, c.u, state)
        }
        let records = state.records
        let b = records[records.count - 1]
        var limit = (load: b.force, d: b.indenterDisplacement)
        if records.count >= 2 {
            let a = records[records.count - 2]
            let slope = (b.indenterStiffness - a.indenterStiffness) / (b.indenterDisplacement - a.indenterDisplacement)
            if slope > 0 {
                let dStar = b.indenterDisplacement - b.indenterStiffness / slope
                limit = (b.force + 0.5 * b.indenterStiffness * (dStar - b.indenterDisplacement), dStar)
            }
        }
        return .init(records: records, lastConvergedLoad: b.force, limitLoad: limit.load, limitIndenterDisplacement: limit.d,
                     bracket: 2 * state.step, rejectedSteps: state.rejectedSteps, finalDisplacement: state.displacement)
    }}
