import SeamCore

/// Everything the contact load-path driver (`AdhesiveCylinderContact.run`,
/// `MeshedBodyCohesiveContact.run`) carries from one accepted step to the next, captured after
/// each accepted step: handing it back to `run(resumingFrom:progress:)` continues the path
/// exactly where it was, so that a run stopped after step k and resumed ends with the same
/// records, bit for bit, as one that was never stopped (the continuation is a deterministic
/// function of this state and the problem).
///
/// It holds the converged displacement, the state before it (the secant predictor
/// extrapolates from the two), the records so far (the work quadrature and the jump test look
/// back two steps; the pull-off is taken over all of them), and the adaptive step control:
/// phase, control value, current step, outstanding step cuts, the next trial value and the
/// largest energy seen (the jump test's round-off allowance).
///
/// Codable: every number is stored as its IEEE-754 bit pattern, so a JSON round trip is exact
/// (including non-finite values, which plain JSON numbers cannot carry).
public struct ContactPathState: Sendable, Equatable {
    /// Nodal displacement of the model at the last accepted step, Å (full dofs).
    public var displacement: [Double]
    /// The displacement (Å) and indenter displacement (Å) of the accepted state before it: the
    /// secant predictor's other point (nil after the first step).
    public var previous: (displacement: [Double], indenterDisplacement: Double)?
    /// The accepted steps so far, in order (never empty).
    public var records: [AdhesiveCylinderContact.StepRecord]
    /// Approach or retraction for the next step.
    public var phase: AdhesiveCylinderContact.Phase
    /// Indenter displacement of the last accepted step, Å.
    public var indenterDisplacement: Double
    /// Step size for the next step, Å.
    public var step: Double
    /// Step halvings (after solver failures) not yet undone by step doubling.
    public var cuts: Int
    /// Indenter displacement the next step will try, Å.
    public var trial: Double
    /// Largest |U_el| + |E_adh| + |W_ext| met so far (eV/Å): the jump test's round-off scale.
    public var energyScale: Double
    /// The path has reached its end separation: resuming only assembles the result.
    public var finished: Bool

    public init(displacement: [Double], previous: (displacement: [Double], indenterDisplacement: Double)?,
                records: [AdhesiveCylinderContact.StepRecord], phase: AdhesiveCylinderContact.Phase, indenterDisplacement: Double,
                step: Double, cuts: Int, trial: Double, energyScale: Double, finished: Bool) {
        self.displacement = displacement; self.previous = previous; self.records = records; self.phase = phase
        self.indenterDisplacement = indenterDisplacement; self.step = step; self.cuts = cuts; self.trial = trial
        self.energyScale = energyScale; self.finished = finished
    }

    public static func == (a: ContactPathState, b: ContactPathState) -> Bool {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        return bits(a.displacement) == bits(b.displacement)
            && a.previous.map { bits($0.displacement) } == b.previous.map { bits($0.displacement) }
            && a.previous?.indenterDisplacement.bitPattern == b.previous?.indenterDisplacement.bitPattern
            && a.records.map { EncodedRecord($0) } == b.records.map { EncodedRecord($0) }
            && a.phase == b.phase && a.indenterDisplacement.bitPattern == b.indenterDisplacement.bitPattern
            && a.step.bitPattern == b.step.bitPattern && a.cuts == b.cuts && a.trial.bitPattern == b.trial.bitPattern
            && a.energyScale.bitPattern == b.energyScale.bitPattern && a.finished == b.finished
    }
}

extension ContactPathState: Codable {
    private enum CodingKeys: String, CodingKey {
        case displacement, previousDisplacement, previousIndenterDisplacement, records, phase, indenterDisplacement
        case step, cuts, trial, energyScale, finished
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func real(_ key: CodingKeys) throws -> Double { Double(bitPattern: try c.decode(UInt64.self, forKey: key)) }
        displacement = try c.decode([UInt64].self, forKey: .displacement).map(Double.init(bitPattern:))
        if let p = try c.decodeIfPresent([UInt64].self, forKey: .previousDisplacement) {
            previous = (p.map(Double.init(bitPattern:)), try real(.previousIndenterDisplacement))
        } else {
            previous = nil
        }
        records = try c.decode([EncodedRecord].self, forKey: .records).map { try $0.record }
        phase = try c.decode(AdhesiveCylinderContact.Phase.self, forKey: .phase)
        indenterDisplacement = try real(.indenterDisplacement)
        step = try real(.step)
        cuts = try c.decode(Int.self, forKey: .cuts)
        trial = try real(.trial)
        energyScale = try real(.energyScale)
        finished = try c.decode(Bool.self, forKey: .finished)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(displacement.map(\.bitPattern), forKey: .displacement)
        if let previous {
            try c.encode(previous.displacement.map(\.bitPattern), forKey: .previousDisplacement)
            try c.encode(previous.indenterDisplacement.bitPattern, forKey: .previousIndenterDisplacement)
        }
        try c.encode(records.map { EncodedRecord($0) }, forKey: .records)
        try c.encode(phase, forKey: .phase)
        try c.encode(indenterDisplacement.bitPattern, forKey: .indenterDisplacement)
        try c.encode(step.bitPattern, forKey: .step)
        try c.encode(cuts, forKey: .cuts)
        try c.encode(trial.bitPattern, forKey: .trial)
        try c.encode(energyScale.bitPattern, forKey: .energyScale)
        try c.encode(finished, forKey: .finished)
    }
}

/// A `StepRecord` with its reals as bit patterns (exact JSON round trip, bitwise comparison):
/// the ten reals in field order: indenter displacement, force, contact and cohesive-zone
/// half-widths, minimum gap, elastic and adhesive energies, external work, balance error, step
/// dissipation.
private struct EncodedRecord: Codable, Equatable {
    var index: Int
    var phase: AdhesiveCylinderContact.Phase
    var reals: [UInt64]
    var jump: Bool
    var iterations: Int

    init(_ r: AdhesiveCylinderContact.StepRecord) {
        index = r.index; phase = r.phase; jump = r.jump; iterations = r.iterations
        reals = [r.indenterDisplacement, r.force, r.contactHalfWidth, r.cohesiveZoneHalfWidth, r.minimumGap,
                 r.elasticEnergy, r.adhesiveEnergy, r.externalWork, r.balanceError, r.stepDissipation].map(\.bitPattern)
    }

    var record: AdhesiveCylinderContact.StepRecord {
        get throws {
            guard reals.count == 10 else {
                throw InputError("contact path state: a step record has \(reals.count) numbers, expected 10")
            }
            let x = reals.map(Double.init(bitPattern:))
            return .init(index: index, phase: phase, indenterDisplacement: x[0], force: x[1], contactHalfWidth: x[2],
                         cohesiveZoneHalfWidth: x[3], minimumGap: x[4], elasticEnergy: x[5], adhesiveEnergy: x[6],
                         externalWork: x[7], balanceError: x[8], stepDissipation: x[9], jump: jump, iterations: iterations)
        }
    }
}
