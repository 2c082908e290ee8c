import SeamCore

/// Everything the load-controlled and arc-length paths of `AdhesiveCylinderContact` and
/// `MeshedBodyCohesiveContact` (d: the grip's displacement) carry from
/// one accepted step to the next (the sibling of `ContactPathState` for those paths): handing it
/// back to `traceArcLength(_:resumingFrom:progress:)` or `followLoadControl(_:resumingFrom:progress:)`
/// continues the path so that it ends with the same records, bit for bit, as a run that never
/// stopped (each step is a deterministic function of this state and the problem).
///
/// It holds the converged state (u, d) with its path tangent du/dd and indenter stiffness (the
/// predictor), the state before it (the predictor's orientation), the records, and the step
/// control. Codable with every real stored as its IEEE-754 bit pattern (exact through JSON).
public struct ContactContinuationState: Sendable, Equatable {
    /// Which path the state belongs to.
    public enum Control: String, Sendable, Codable { case load, arcLength = "arc-length" }
    public var control: Control
    /// Nodal displacement at the last accepted state (full dofs, Å).
    public var displacement: [Double]
    /// Indenter displacement at the last accepted state, Å.
    public var indenterDisplacement: Double
    /// du/dd there (full dofs) and dF/dd of the half model (eV/Å^2).
    public var tangent: [Double]
    public var stiffness: Double
    /// The accepted state before it (nil at the first).
    public var previous: (displacement: [Double], indenterDisplacement: Double)?
    public var records: [ContactContinuation.Record]
    public var phase: AdhesiveCylinderContact.Phase
    /// Arc-length step (Å) or force step (eV/Å^2) for the next step.
    public var step: Double
    /// The next step reverses the direction of travel (the approach target was just reached).
    public var reversing: Bool
    public var rejectedSteps: Int
    public var finished: Bool
    /// Δs of the constraint the last accepted arc-length step satisfied (0 for a step that
    /// landed on a phase's end, and under load control), Å.
    public var lastArcStep: Double = 0

    public init(control: Control, displacement: [Double], indenterDisplacement: Double, tangent: [Double], stiffness: Double,
                previous: (displacement: [Double], indenterDisplacement: Double)?, records: [ContactContinuation.Record],
                phase: AdhesiveCylinderContact.Phase, step: Double, reversing: Bool, rejectedSteps: Int, finished: Bool) {
        self.control = control; self.displacement = displacement; self.indenterDisplacement = indenterDisplacement
        self.tangent = tangent; self.stiffness = stiffness; self.previous = previous; self.records = records; self.phase = phase
        self.step = step; self.reversing = reversing; self.rejectedSteps = rejectedSteps; self.finished = finished
    }

    public static func == (a: Self, b: Self) -> Bool {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        return a.control == b.control && bits(a.displacement) == bits(b.displacement)
            && a.indenterDisplacement.bitPattern == b.indenterDisplacement.bitPattern
            && bits(a.tangent) == bits(b.tangent) && a.stiffness.bitPattern == b.stiffness.bitPattern
            && a.previous.map { bits($0.displacement) } == b.previous.map { bits($0.displacement) }
            && a.previous?.indenterDisplacement.bitPattern == b.previous?.indenterDisplacement.bitPattern
            && a.records.map(EncodedContinuationRecord.init) == b.records.map(EncodedContinuationRecord.init)
            && a.phase == b.phase && a.step.bitPattern == b.step.bitPattern && a.reversing == b.reversing
            && a.rejectedSteps == b.rejectedSteps && a.finished == b.finished && a.lastArcStep.bitPattern == b.lastArcStep.bitPattern
    }
}

extension ContactContinuationState: Codable {
    private enum CodingKeys: String, CodingKey {
        case control, displacement, indenterDisplacement, tangent, stiffness, previousDisplacement, previousIndenterDisplacement
        case records, phase, step, reversing, rejectedSteps, finished, lastArcStep
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func real(_ key: CodingKeys) throws -> Double { Double(bitPattern: try c.decode(UInt64.self, forKey: key)) }
        func reals(_ key: CodingKeys) throws -> [Double] { try c.decode([UInt64].self, forKey: key).map(Double.init(bitPattern:)) }
        control = try c.decode(Control.self, forKey: .control)
        displacement = try reals(.displacement)
        indenterDisplacement = try real(.indenterDisplacement)
        tangent = try reals(.tangent)
        stiffness = try real(.stiffness)
        if c.contains(.previousDisplacement) {
            previous = (try reals(.previousDisplacement), try real(.previousIndenterDisplacement))
        } else {
            previous = nil
        }
        records = try c.decode([EncodedContinuationRecord].self, forKey: .records).map { try $0.record }
        phase = try c.decode(AdhesiveCylinderContact.Phase.self, forKey: .phase)
        step = try real(.step)
        reversing = try c.decode(Bool.self, forKey: .reversing)
        rejectedSteps = try c.decode(Int.self, forKey: .rejectedSteps)
        finished = try c.decode(Bool.self, forKey: .finished)
        lastArcStep = try real(.lastArcStep)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(control, forKey: .control)
        try c.encode(displacement.map(\.bitPattern), forKey: .displacement)
        try c.encode(indenterDisplacement.bitPattern, forKey: .indenterDisplacement)
        try c.encode(tangent.map(\.bitPattern), forKey: .tangent)
        try c.encode(stiffness.bitPattern, forKey: .stiffness)
        if let previous {
            try c.encode(previous.displacement.map(\.bitPattern), forKey: .previousDisplacement)
            try c.encode(previous.indenterDisplacement.bitPattern, forKey: .previousIndenterDisplacement)
        }
        try c.encode(records.map(EncodedContinuationRecord.init), forKey: .records)
        try c.encode(phase, forKey: .phase)
        try c.encode(step.bitPattern, forKey: .step)
        try c.encode(reversing, forKey: .reversing)
        try c.encode(rejectedSteps, forKey: .rejectedSteps)
        try c.encode(finished, forKey: .finished)
        try c.encode(lastArcStep.bitPattern, forKey: .lastArcStep)
    }
}

/// A continuation record with its reals as bit patterns, in field order: d, P, contact and
/// cohesive-zone half-widths, minimum gap, U_el, E_adh, W_ext, balance, s, dd/ds, dP/ds, dP/dd.
private struct EncodedContinuationRecord: Codable, Equatable {
    var index: Int
    var phase: AdhesiveCylinderContact.Phase
    var reals: [UInt64]
    var negativeEigenvalues: Int
    var iterations: Int

    init(_ r: ContactContinuation.Record) {
        index = r.index; phase = r.phase; negativeEigenvalues = r.negativeEigenvalues; iterations = r.iterations
        reals = [r.indenterDisplacement, r.force, r.contactHalfWidth, r.cohesiveZoneHalfWidth, r.minimumGap, r.elasticEnergy,
                 r.adhesiveEnergy, r.externalWork, r.balanceError, r.arcLength, r.displacementRate, r.forceRate,
                 r.indenterStiffness].map(\.bitPattern)
    }

    var record: ContactContinuation.Record {
        get throws {
            guard reals.count == 13 else { throw InputError("continuation state: a record has \(reals.count) numbers, expected 13") }
            let x = reals.map(Double.init(bitPattern:))
            return .init(index: index, phase: phase, indenterDisplacement: x[0], force: x[1], contactHalfWidth: x[2],
                         cohesiveZoneHalfWidth: x[3], minimumGap: x[4], elasticEnergy: x[5], adhesiveEnergy: x[6],
                         externalWork: x[7], balanceError: x[8], arcLength: x[9], displacementRate: x[10], forceRate: x[11],
                         indenterStiffness: x[12], negativeEigenvalues: negativeEigenvalues, iterations: iterations)
        }
    }
}
