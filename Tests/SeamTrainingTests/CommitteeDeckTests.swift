import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

@Suite struct CommitteeDeckTests {
    @Test func randomSubsetsHoldDistinctIndicesOfTheRequestedSizeAndDifferBySeed() {
        let a = CommitteeTraining.randomSubset(count: 214, fraction: 0.9, seed: 1)
        #expect(a.count == 193 && Set(a).count == 193 && a.allSatisfy { (0..<214).contains($0) })
        #expect(a == CommitteeTraining.randomSubset(count: 214, fraction: 0.9, seed: 1))
        #expect(a != CommitteeTraining.randomSubset(count: 214, fraction: 0.9, seed: 2))
        #expect(CommitteeTraining.randomSubset(count: 5, fraction: 0.01, seed: 3).count == 1)
    }

    /// Each member depends only on the deck and its index, so a committee trained in two
    /// processes (`members = 0` and `members = 1`) is the committee trained in one.
    @Test func committeeSplitOverTwoRunsWithMembersEqualsOneRunAndLoadsAsADirectory() throws {
        let dir = TrainerTests.temporaryDirectory("committee-deck")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try LennardJonesData.configurations(count: 10, latticeRange: 3.05...3.35, displacement: 0.08, seed: 5)
        try N2P2Data.write(data.map { N2P2Configuration(structure: $0.structure, energy: $0.energy, forces: $0.forces) },
                           to: dir.appendingPathComponent("input.data"))
        func deck(_ output: String, members: String?) throws -> URL {
            let text = """
            training_data = input.data
            validation_fraction = 0
            cutoff = 5.0
            radial_count = 4
            angular_count = 1
            zetas = 1
            hidden_layers = 4
            optimizer = lbfgs
            epochs = 3
            threads = 1
            committee_size = 2
            bootstrap = false
            subset_fraction = 0.7
            output = \(output)
            """ + (members.map { "\nmembers = \($0)\n" } ?? "\n")
            let url = dir.appendingPathComponent("\(output)-\(members ?? "all").deck")
            try AtomicFile.write(text, to: url)
            return url
        }
        try runTraining(deck: try deck("one", members: nil), progress: { _ in })
        try runTraining(deck: try deck("split", members: "1"), progress: { _ in })
        try runTraining(deck: try deck("split", members: "0"), progress: { _ in })
        for m in 0..<2 {
            let a = try String(contentsOf: dir.appendingPathComponent("one/member-\(m)/weights.018.data"), encoding: .utf8)
            let b = try String(contentsOf: dir.appendingPathComponent("split/member-\(m)/weights.018.data"), encoding: .utf8)
            #expect(a == b)
        }
        let committee = try N2P2PotentialLoader.loadCommittee(directory: dir.appendingPathComponent("split"))
        #expect(committee.members.count == 2)
        #expect(try committee.evaluateCommittee(data[0].structure).maximumForceDisagreement > 0)
        // Member indices outside the committee and subsets mixed with a bootstrap are located errors.
        let bad = dir.appendingPathComponent("bad.deck")
        try AtomicFile.write("training_data = input.data\nhidden_layers = 4\noutput = x\ncommittee_size = 2\nmembers = 0 2\n", to: bad)
        #expect { try runTraining(deck: bad, progress: { _ in }) } throws: { ($0 as? InputError)?.location?.line == 5 }
        try AtomicFile.write("training_data = input.data\nhidden_layers = 4\noutput = x\ncommittee_size = 2\nsubset_fraction = 0.5\n", to: bad)
        #expect { try runTraining(deck: bad, progress: { _ in }) } throws: { ($0 as? InputError)?.location?.line == 5 }
        #expect(throws: InputError.self) { try N2P2PotentialLoader.loadCommittee(directory: dir) }
    }
}
