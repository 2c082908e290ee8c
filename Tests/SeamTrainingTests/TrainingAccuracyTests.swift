import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

/// End-to-end fits on Lennard-Jones data: accuracy on held-out configurations and committee
/// disagreement away from the training distribution.
@Suite struct TrainingAccuracyTests {
    let ar = Element(symbol: "Ar")!

    /// RMS force error of `p` on `set` relative to the RMS reference force.
    func relativeForceError(_ p: some Potential, _ set: [TrainingConfiguration]) throws -> Double {
        var e2 = 0.0, r2 = 0.0
        for c in set {
            let f = try p.evaluate(c.structure, request: [.energy, .forces]).forces
            for i in 0..<c.structure.count { e2 += (f[i] - c.forces[i]).normSquared; r2 += c.forces[i].normSquared }
        }
        return (e2 / r2).squareRoot()
    }

    @Test func potentialTrainedOnLennardJonesReproducesHeldOutForcesWithinOnePercent() throws {
        let data = try LennardJonesData.configurations(count: 96, latticeRange: 3.05...3.35, displacement: 0.08, seed: 11)
        let heldOut = try LennardJonesData.configurations(count: 16, latticeRange: 3.05...3.35, displacement: 0.08, seed: 99)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 16, radialLower: 1.0, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [12],
                                          activations: [.softplus, .identity])
        let problem = try TrainingProblem(data: DataSplit(data, validationFraction: 0.25, seed: 1), definition: def, threads: 2)
        var o = TrainingOptions()
        o.epochs = 500; o.batchSize = 8; o.learningRate = 0.01; o.schedule = .exponential(decay: 0.993); o.threads = 2
        let r = try Trainer(problem: problem, options: o).run()
        let potential = try TrainedPotential(problem: problem, parameters: r.bestParameters).potential()
        let relative = try relativeForceError(potential, heldOut)
        #expect(relative < 0.01, "held-out force RMSE / RMS force = \(relative)")
        let e = problem.errors(parameters: r.bestParameters, on: problem.validation)
        #expect(e.energyPerAtom < 2e-4, "validation energy RMSE \(e.energyPerAtom) eV/atom")
    }

    @Test func committeeDisagreesMoreOnCompressedConfigurationsThanNearTraining() throws {
        let data = try LennardJonesData.configurations(count: 40, latticeRange: 3.15...3.35, displacement: 0.08, seed: 3)
        let near = try LennardJonesData.configurations(count: 8, latticeRange: 3.15...3.35, displacement: 0.08, seed: 4)
        let far = try LennardJonesData.configurations(count: 8, latticeRange: 2.9...2.95, displacement: 0.08, seed: 5)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 10, radialLower: 1.0, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [8],
                                          activations: [.tanh, .identity])
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: def, threads: 2)
        var o = TrainingOptions()
        o.epochs = 120; o.batchSize = 8; o.learningRate = 0.01; o.schedule = .exponential(decay: 0.99); o.threads = 2
        let members = try CommitteeTraining.train(problem: problem, options: o, members: 4)
        let root = TrainerTests.temporaryDirectory("committee")
        defer { try? FileManager.default.removeItem(at: root) }
        var dirs: [URL] = []
        for (m, p) in members.enumerated() {
            let d = root.appendingPathComponent("member-\(m)")
            try TrainingFiles.write(p, to: d)
            dirs.append(d)
        }
        let committee = try N2P2PotentialLoader.loadCommittee(directories: dirs)
        #expect(committee.members.count == 4)
        #expect(committee.members[0] != committee.members[1])
        func spread(_ set: [TrainingConfiguration]) throws -> (energy: Double, force: Double) {
            var e = 0.0, f = 0.0
            for c in set {
                let r = try committee.evaluateCommittee(c.structure)
                e += r.energySpread / Double(c.structure.count); f += r.maximumForceDisagreement
            }
            return (e / Double(set.count), f / Double(set.count))
        }
        let a = try spread(near), b = try spread(far)
        #expect(b.energy > 3 * a.energy, "energy spread per atom near \(a.energy) eV, far \(b.energy) eV")
        #expect(b.force > 3 * a.force, "force disagreement near \(a.force) eV/Å, far \(b.force) eV/Å")
    }
}
