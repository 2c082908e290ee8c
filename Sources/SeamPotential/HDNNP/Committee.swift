import Foundation
import SeamCore

/// What a committee evaluation gives besides the mean: each member's energy and forces and
/// the disagreement measures used for active learning and uncertainty estimates.
public struct CommitteeResult: Sendable {
    /// Committee mean: energy (eV), forces (eV/Å), virial (eV), per-atom energies (eV).
    public var mean: PotentialResult
    /// Energy of each member, eV.
    public var memberEnergies: [Double]
    /// Forces of each member, eV/Å (empty when forces were not requested).
    public var memberForces: [[Vec3]]
    /// Standard deviation of the member energies, sqrt(Σ_m (E_m - Ē)^2 / M), eV.
    public var energySpread: Double
    /// Largest |F_a(i) - F_b(i)| over atoms i and member pairs (a, b), eV/Å (0 without forces).
    public var maximumForceDisagreement: Double
}

/// A committee of HDNNPs (Schran, Brezina and Marsalek, JCP 153, 104105 (2020)): several
/// weight sets on identical symmetry functions and scaling, sharing ONE descriptor
/// computation per evaluation. As a `Potential` it returns the committee mean.
public struct Committee: Potential {
    public let settings: N2P2Settings
    public let scaling: ScalingData
    /// members[m][element index].
    public let members: [[ElementNetwork]]
    public let lengthUnit: LengthUnit
    public let energyUnit: EnergyUnit
    public var threadCount: Int
    let engine: HDNNPEngine

    /// - Parameters:
    ///   - members: one network per element for every member (at least one member).
    public init(settings: N2P2Settings, scaling: ScalingData, members: [[ElementNetwork]],
                lengthUnit: LengthUnit, energyUnit: EnergyUnit, threadCount: Int? = nil) throws {
        guard !members.isEmpty else { throw InputError("a committee needs at least one member") }
        for (m, nets) in members.enumerated() { try HDNNP.validate(nets, settings: settings, context: "committee member \(m): ") }
        self.settings = settings; self.scaling = scaling; self.members = members
        self.lengthUnit = lengthUnit; self.energyUnit = energyUnit
        self.threadCount = max(1, threadCount ?? ProcessInfo.processInfo.activeProcessorCount)
        engine = try HDNNPEngine(settings: settings, scaling: scaling, lengthUnit: lengthUnit, energyUnit: energyUnit)
    }

    public var cutoff: Double { engine.cutoff }
    public var supportedElements: [Element]? { settings.elements }

    /// Mean and per-member results; descriptors are computed once for all members.
    public func evaluateCommittee(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest = .all) throws -> CommitteeResult {
        let out = try engine.run(structure, neighbors: neighbors, request: request, networks: members, threads: threadCount)
        let m = Double(members.count), n = structure.count
        let meanEnergy = out.energies.reduce(0, +) / m
        let spread = (out.energies.reduce(0) { $0 + ($1 - meanEnergy) * ($1 - meanEnergy) } / m).squareRoot()
        var forces: [Vec3] = []
        var disagreement = 0.0
        if !out.forces.isEmpty {
            forces = (0..<n).map { i in out.forces.reduce(Vec3.zero) { $0 + $1[i] } / m }
            for a in 0..<out.forces.count { for b in (a + 1)..<max(out.forces.count, a + 1) {
                for i in 0..<n { disagreement = max(disagreement, (out.forces[a][i] - out.forces[b][i]).norm) }
            } }
        }
        let virial = out.virials.reduce(Mat3.zero, +) / m
        let atomEnergies = out.atomEnergies.isEmpty ? [] : (0..<n).map { i in out.atomEnergies.reduce(0) { $0 + $1[i] } / m }
        let mean = PotentialResult(energy: meanEnergy, forces: forces, virial: virial, atomEnergies: atomEnergies,
                                   extrapolationCount: out.extrapolationCount, extrapolationWarnings: out.extrapolationWarnings)
        return CommitteeResult(mean: mean, memberEnergies: out.energies, memberForces: out.forces,
                               energySpread: spread, maximumForceDisagreement: disagreement)
    }

    /// Builds the neighbour list and evaluates the committee.
    public func evaluateCommittee(_ structure: Structure, mask: InteractionMask? = nil, request: EvaluationRequest = .all) throws -> CommitteeResult {
        try checkElements(structure)
        return try evaluateCommittee(structure, neighbors: NeighborList(structure: structure, cutoff: cutoff, mask: mask), request: request)
    }

    /// The committee mean (Potential conformance).
    public func evaluate(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        try evaluateCommittee(structure, neighbors: neighbors, request: request).mean
    }
}
