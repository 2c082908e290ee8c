import ArgumentParser
import Foundation
import SeamCore
import SeamIO

/// `seam learn DECK`: on-the-fly active learning of an HDNNP committee from an oracle.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Active learning from an active-learning deck: sample, label disagreeing configurations with the oracle, retrain.",
        discussion: """
            The deck (key = value lines and one 'condition = KIND ...' line per sampling condition) names \
            the oracle (a program following examples/oracles/README.md, or an in-process potential), the \
            start data, the conditions (bulk, bicrystal opened along the cohesive path, crack, file), the \
            thresholds (eV/Å), the batch size, the retraining and the run folder. Every oracle result is \
            appended to the run folder's dataset.xyz on arrival; running the same deck again after a kill \
            resumes. With --held-out N, instead of learning, N structures per condition are drawn from a \
            Langevin run of --driver (an n2p2 potential) and labelled by the oracle into the deck's \
            held_out_data file. Example: seam learn examples/active-learning/si-gfn1/learn.deck
            """)

    @Argument(help: "Active-learning deck.") var deck: String
    @Option(help: "Write the deck's held_out_data: this many labelled structures per condition (no learning).") var heldOut: Int?
    @Option(help: "n2p2 potential driving the held-out trajectories (with --held-out).") var driver: String?

    func run() throws {
        let job = try ActiveLearningJob(deck: URL(fileURLWithPath: deck))
        guard let n = heldOut else {
            try job.run { print($0) }
            return
        }
        guard n >= 1 else { throw ValidationError("--held-out needs a positive count") }
        guard let driver else { throw ValidationError("--held-out needs --driver DIR (an n2p2 potential driving the trajectories)") }
        guard let target = job.deck.heldOutFile else {
            throw InputError("the deck has no 'held_out_data' file to write", at: SourceLocation(source: deck))
        }
        let potential = try N2P2PotentialLoader.load(directory: URL(fileURLWithPath: driver))
        let structures = try job.heldOutStructures(driver: potential, perCondition: n)
        print("\(structures.count) held-out structures from \(job.conditions.count) conditions; labelling")
        let frames = try ActiveLearningJob.labelled(structures, oracle: try job.oracle()) { print($0) }
        try ExtendedXYZ.write(frames, to: target)
        print("wrote \(frames.count) labelled structures to \(target.path)")
    }
}
