import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// The shipped silicon committee (`examples/potentials/Si-seam-committee`) against the
/// published mlearn n2p2 potential (`examples/potentials/Si-mlearn-nnp`), both evaluated by
/// Seam on mlearn's 25 PBE test configurations (Zuo et al., J. Phys. Chem. A 124, 731 (2020)).
struct SiliconCommitteeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let committeeURL = root.appendingPathComponent("examples/potentials/Si-seam-committee")

    static func testSet() throws -> [TrainingConfiguration] {
        try MlearnData.read(root.appendingPathComponent("examples/training/data/mlearn-Si/test.json"))
    }

    /// One row of ACCURACY.md's error table: `| name | E RMSE | E MAE | F RMSE | F MAE |` in
    /// meV/atom (2 decimals) and meV/Å (1 decimal), as `seam-bench accuracy` prints them.
    static func row(_ name: String, _ e: PredictionErrors) -> String {
        String(format: "| %@ | %.2f | %.2f | %.1f | %.1f |", name, 1000 * e.energyRMSE, 1000 * e.energyMAE, 1000 * e.forceRMSE, 1000 * e.forceMAE)
    }

    /// The page reports what Seam measures: the committee's and the published potential's test
    /// errors (same rows as `seam-bench accuracy` prints), and its verdict against the published
    /// potential ("at or below" / "above") matches the measured comparison.
    @Test func accuracyPageStatesTheMeasuredTestErrorsOfTheCommitteeAndThePublishedPotential() throws {
        let committee = try N2P2PotentialLoader.loadCommittee(directory: Self.committeeURL, threadCount: 2)
        #expect(committee.members.count >= 4)
        let published = try N2P2PotentialLoader.load(directory: Self.root.appendingPathComponent("examples/potentials/Si-mlearn-nnp"), threadCount: 2)
        let test = try Self.testSet()
        let ours = try PredictionErrors.measure(committee, on: test)
        let theirs = try PredictionErrors.measure(published, on: test)
        #expect(ours.configurations == 25 && ours.forceComponents == 3 * 1525)
        let page = try String(contentsOf: Self.committeeURL.appendingPathComponent("ACCURACY.md"), encoding: .utf8)
        #expect(page.contains(Self.row("committee mean (test)", ours)), "ACCURACY.md lacks \(Self.row("committee mean (test)", ours))")
        #expect(page.contains(Self.row("mlearn n2p2 (test)", theirs)), "ACCURACY.md lacks \(Self.row("mlearn n2p2 (test)", theirs))")
        let energyVerdict = ours.energyRMSE <= theirs.energyRMSE ? "at or below" : "**above**"
        let forceVerdict = ours.forceRMSE <= theirs.forceRMSE ? "at or below" : "**above**"
        #expect(page.contains(String(format: "energy RMSE %.2f meV/atom (%@ the", 1000 * ours.energyRMSE, energyVerdict)))
        #expect(page.contains(String(format: "force RMSE %.1f meV/Å (%@ the", 1000 * ours.forceRMSE, forceVerdict)))
    }

    /// The disagreement is an error estimate only if it ranks atoms like the true error does:
    /// Spearman's ρ between the members' force standard deviation and |F_mean - F_DFT| over the
    /// 1525 test atoms must be clearly positive (for uncorrelated data |ρ| < 0.07 at 1%).
    @Test func committeeForceDisagreementRanksAtomsByTheirTrueForceError() throws {
        let committee = try N2P2PotentialLoader.loadCommittee(directory: Self.committeeURL, threadCount: 2)
        var disagreement: [Double] = [], error: [Double] = []
        for c in try Self.testSet() {
            let r = try committee.evaluateCommittee(c.structure, request: [.energy, .forces])
            for i in 0..<c.structure.count {
                let mean = r.mean.forces[i]
                disagreement.append((r.memberForces.reduce(0) { $0 + ($1[i] - mean).normSquared } / Double(r.memberForces.count)).squareRoot())
                error.append((mean - c.forces[i]).norm)
            }
        }
        #expect(disagreement.count == 1525)
        #expect(try #require(Correlation.spearman(disagreement, error)) > 0.3)
    }
}
