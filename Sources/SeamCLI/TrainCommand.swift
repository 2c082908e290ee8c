import ArgumentParser
import Foundation
import SeamIO

/// `seam train DECK`: train an HDNNP (or a committee) on quantum energies and forces.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a Behler-Parrinello potential (or committee) from a training deck; writes n2p2 potential directories.",
        discussion: """
            The deck (key = value lines) names the data (n2p2 input.data or mlearn JSON; eV and Å), \
            the symmetry functions, the networks, the loss weights and the optimiser; see \
            examples/training/. Progress lines give the train/validation errors (meV/atom, meV/Å); \
            the run checkpoints and resumes from its checkpoint when restarted. \
            Example: seam train examples/training/si-mlearn/train.deck
            """)

    @Argument(help: "Training deck.") var deck: String

    func run() throws {
        try runTraining(deck: URL(fileURLWithPath: deck)) { print($0) }
    }
}
