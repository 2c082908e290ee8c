import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// A committee shares one descriptor computation; each member must still equal the single
/// potential with its weights.
struct HDNNPCommitteeTests {
    /// Water networks with every weight of member m multiplied by (1 + 0.01 m (-1)^k).
    static func perturbedMembers(_ count: Int) throws -> (N2P2Settings, ScalingData, [[ElementNetwork]]) {
        let dir = ReferenceData.url("n2p2/H2O_RPBE-D3")
        let settings = try N2P2Settings.parse(try String(contentsOf: dir.appendingPathComponent("input.nn"), encoding: .utf8), source: "input.nn")
        let scaling = try ScalingData.parse(try String(contentsOf: dir.appendingPathComponent("scaling.data"), encoding: .utf8),
                                            source: "scaling.data", counts: settings.symmetryFunctions.map(\.count))
        let members = try (0..<count).map { m in
            try settings.elements.indices.map { e -> ElementNetwork in
                let name = String(format: "weights.%03d.data", settings.elements[e].atomicNumber)
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                let values = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }
                let perturbed = values.enumerated().map { k, w in w * (1 + 0.01 * Double(m) * (k % 2 == 0 ? 1 : -1)) }
                return try ElementNetwork(layerSizes: settings.layerSizes[e], activations: settings.activations[e],
                                          normalizeNodes: settings.normalizeNodes, parameters: perturbed)
            }
        }
        return (settings, scaling, members)
    }

    @Test("committee members equal single potentials; mean, spread and force disagreement follow")
    func committeeMatchesMembers() throws {
        let (settings, scaling, members) = try Self.perturbedMembers(3)
        let committee = try Committee(settings: settings, scaling: scaling, members: members, lengthUnit: .bohr, energyUnit: .hartree)
        let s = try HDNNPFixtures.structure(HDNNPFixtures.water, "input.data.h2o_16_smallcell")
        let result = try committee.evaluateCommittee(s)
        var singles: [PotentialResult] = []
        for nets in members {
            let p = try HDNNP(settings: settings, scaling: scaling, networks: nets, lengthUnit: .bohr, energyUnit: .hartree)
            singles.append(try p.evaluate(s))
        }
        for (m, r) in singles.enumerated() {
            #expect(abs(result.memberEnergies[m] - r.energy) <= 1e-12 * abs(r.energy))
            for i in 0..<s.count { #expect((result.memberForces[m][i] - r.forces[i]).maxAbs < 1e-10) }
        }
        let mean = singles.map(\.energy).reduce(0, +) / 3
        #expect(abs(result.mean.energy - mean) <= 1e-12 * abs(mean))
        let spread = (singles.map { ($0.energy - mean) * ($0.energy - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(result.energySpread - spread) <= 1e-6 * spread)
        #expect(spread > 1e-3)
        var disagreement = 0.0
        for a in 0..<3 { for b in 0..<3 { for i in 0..<s.count { disagreement = max(disagreement, (singles[a].forces[i] - singles[b].forces[i]).norm) } } }
        #expect(abs(result.maximumForceDisagreement - disagreement) <= 1e-9 * disagreement)
        for i in 0..<s.count {
            let f = (singles[0].forces[i] + singles[1].forces[i] + singles[2].forces[i]) / 3
            #expect((result.mean.forces[i] - f).maxAbs < 1e-10)
        }
        let w = (singles[0].virial + singles[1].virial + singles[2].virial) / 3
        #expect((result.mean.virial - w).maxAbs < 1e-9 * w.maxAbs)
        // As a Potential the committee gives the mean, and its forces are that mean's gradient.
        #expect(try committee.energy(s) == result.mean.energy)
        #expect(try PotentialChecks.forceError(committee, s, atoms: [3]) < 1e-6)
    }

    @Test("a committee of identical members has zero spread and disagreement")
    func identicalMembersAgree() throws {
        let dir = ReferenceData.url("n2p2/H2O_RPBE-D3")
        let committee = try N2P2PotentialLoader.loadCommittee(directories: [dir, dir], lengthUnit: .bohr, energyUnit: .hartree)
        let single = try N2P2PotentialLoader.load(directory: dir, lengthUnit: .bohr, energyUnit: .hartree)
        let s = try HDNNPFixtures.structure(HDNNPFixtures.water, "input.data.h2o_1_selfimage")
        let r = try committee.evaluateCommittee(s)
        #expect(r.energySpread == 0)
        #expect(r.maximumForceDisagreement == 0)
        #expect(r.mean.energy == (try single.energy(s)))
    }
}
