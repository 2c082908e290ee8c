import Foundation
import SeamCore
import SeamPotential

/// The state of one Langevin trajectory: current and last safe configuration (positions Å,
/// velocities Å/fs, flattened x y z per atom) and its step count.
public struct SamplingWalker: Sendable, Codable, Equatable {
    public var positions: [Double]
    public var velocities: [Double]
    public var safePositions: [Double]
    public var safeVelocities: [Double]
    public var steps: Int
    public init(positions: [Vec3], velocities: [Vec3]) {
        self.positions = positions.flatMap { [$0.x, $0.y, $0.z] }
        self.velocities = velocities.flatMap { [$0.x, $0.y, $0.z] }
        safePositions = self.positions; safeVelocities = self.velocities; steps = 0
    }
    /// x y z triples -> vectors.
    public static func vectors(_ a: [Double]) -> [Vec3] { stride(from: 0, to: a.count, by: 3).map { Vec3(a[$0], a[$0 + 1], a[$0 + 2]) } }
    /// Vectors -> x y z triples.
    public static func flat(_ v: [Vec3]) -> [Double] { v.flatMap { [$0.x, $0.y, $0.z] } }
}

/// A configuration selected for labelling.
public struct Candidate: Sendable, Codable, Equatable {
    /// Unique over the whole run; stored with the label in the dataset (`al_id`).
    public var id: Int
    public var condition: Int
    public var iteration: Int
    /// Walker step at which it was taken.
    public var step: Int
    /// Positions, Å, flattened; the cell is the condition's strained cell.
    public var positions: [Double]
    /// Committee disagreement at selection, eV/Å.
    public var disagreement: Double
    public init(id: Int, condition: Int, iteration: Int, step: Int, positions: [Double], disagreement: Double) {
        self.id = id; self.condition = condition; self.iteration = iteration; self.step = step
        self.positions = positions; self.disagreement = disagreement
    }
}

/// One disagreement check of the trace.
public struct DisagreementRecord: Sendable, Codable, Equatable {
    /// `uncertain`: above the lower threshold but not selected (`ActiveLearningOptions.Selection.largest`).
    public enum Event: Int, Sendable, Codable { case safe = 0, candidate = 1, rollback = 2, uncertain = 3 }
    public var iteration: Int
    public var condition: Int
    public var step: Int
    /// Maximum force disagreement, eV/Å.
    public var disagreement: Double
    public var event: Event
}

/// Runs committee-driven Langevin segments and picks candidates by the two-threshold rule.
public enum ActiveLearningSampler {
    /// A fresh walker at the condition's strained start structure with thermal velocities.
    public static func startWalker(_ condition: SamplingCondition, options: ActiveLearningOptions, using rng: inout SeededGenerator) throws -> SamplingWalker {
        let s = condition.strainedStructure
        let integrator = try LangevinIntegrator(temperatureKelvin: condition.temperatureKelvin, timeStep: options.timeStep, friction: options.friction)
        return SamplingWalker(positions: s.positions, velocities: integrator.thermalVelocities(masses: s.elements.map(\.mass), using: &rng))
    }

    /// Advances `walker` by up to `options.stepsPerIteration` steps with forces from the
    /// committee mean, checking the maximum force disagreement every `checkInterval` steps:
    /// above `upperThreshold` the walker returns to its last safe configuration and draws new
    /// velocities; above `lowerThreshold` the configuration becomes a candidate; otherwise it is
    /// the new safe configuration. With `Selection.first` it stops early after
    /// `candidatesPerCondition` candidates; with `.largest` it runs all steps and keeps the
    /// `candidatesPerCondition` checks of largest disagreement (the others are traced as
    /// `uncertain`; `.largestOverall` behaves as `.largest` here, and `ActiveLearningRun` picks the
    /// batch over all conditions). A force evaluation that throws (e.g. overlapping atoms) counts as a roll-back.
    ///
    /// - Parameters:
    ///   - nextID: the id the next candidate gets (advanced for each candidate).
    ///   - observe: receives the structure at every check (e.g. to build a random-sampling baseline).
    public static func sample(walker: inout SamplingWalker, condition: SamplingCondition, conditionIndex: Int, iteration: Int,
                              committee: Committee, options: ActiveLearningOptions, nextID: inout Int,
                              using rng: inout SeededGenerator,
                              observe: (Structure) -> Void = { _ in }) throws -> (candidates: [Candidate], trace: [DisagreementRecord]) {
        var structure = condition.strainedStructure
        let masses = structure.elements.map(\.mass)
        let integrator = try LangevinIntegrator(temperatureKelvin: condition.temperatureKelvin, timeStep: options.timeStep, friction: options.friction)
        var x = SamplingWalker.vectors(walker.positions), v = SamplingWalker.vectors(walker.velocities)
        func evaluate(_ p: [Vec3]) throws -> CommitteeResult {
            structure.positions = p
            return try committee.evaluateCommittee(structure, request: [.energy, .forces])
        }
        var last: CommitteeResult? = try? evaluate(x)
        var f = last?.mean.forces ?? [Vec3](repeating: .zero, count: x.count)
        var candidates: [Candidate] = [], trace: [DisagreementRecord] = []
        var failed = last == nil
        for _ in 0..<options.stepsPerIteration {
            if !failed {
                do {
                    try integrator.step(positions: &x, velocities: &v, forces: &f, masses: masses, using: &rng) { p in
                        let r = try evaluate(p)
                        last = r
                        return r.mean.forces
                    }
                } catch { failed = true }
            }
            walker.steps += 1
            guard walker.steps % options.checkInterval == 0 || failed else { continue }
            let d = failed ? Double.infinity : (last?.maximumForceDisagreement ?? .infinity)
            if d.isFinite { structure.positions = x; observe(structure) }
            if d > options.upperThreshold || !d.isFinite {
                trace.append(DisagreementRecord(iteration: iteration, condition: conditionIndex, step: walker.steps, disagreement: d.isFinite ? d : -1, event: .rollback))
                x = SamplingWalker.vectors(walker.safePositions)
                v = integrator.thermalVelocities(masses: masses, using: &rng)
                last = try? evaluate(x)
                failed = last == nil
                f = last?.mean.forces ?? f
                if failed { break }   // even the safe configuration cannot be evaluated
            } else if d > options.lowerThreshold {
                trace.append(DisagreementRecord(iteration: iteration, condition: conditionIndex, step: walker.steps, disagreement: d, event: .candidate))
                candidates.append(Candidate(id: nextID, condition: conditionIndex, iteration: iteration, step: walker.steps,
                                            positions: SamplingWalker.flat(x), disagreement: d))
                if options.selection == .first {
                    nextID += 1
                    if candidates.count >= options.candidatesPerCondition { break }
                }
            } else {
                trace.append(DisagreementRecord(iteration: iteration, condition: conditionIndex, step: walker.steps, disagreement: d, event: .safe))
                walker.safePositions = SamplingWalker.flat(x); walker.safeVelocities = SamplingWalker.flat(v)
            }
        }
        walker.positions = SamplingWalker.flat(x); walker.velocities = SamplingWalker.flat(v)
        if options.selection != .first {
            // Keep the largest disagreements (ties: earlier step), ids in step order.
            let kept = Set(candidates.indices.sorted { (candidates[$0].disagreement, -$0) > (candidates[$1].disagreement, -$1) }
                .prefix(options.candidatesPerCondition))
            var selected: [Candidate] = []
            for (k, c) in candidates.enumerated() {
                if kept.contains(k) {
                    var c = c
                    c.id = nextID; nextID += 1
                    selected.append(c)
                } else if let t = trace.firstIndex(where: { $0.step == c.step && $0.event == .candidate }) {
                    trace[t].event = .uncertain
                }
            }
            candidates = selected
        }
        return (candidates, trace)
    }

    /// The structure of a candidate (the condition's strained cell with the candidate's positions).
    public static func structure(of candidate: Candidate, conditions: [SamplingCondition]) -> Structure {
        var s = conditions[candidate.condition].strainedStructure
        s.positions = SamplingWalker.vectors(candidate.positions)
        return s
    }
}
