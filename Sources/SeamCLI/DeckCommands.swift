import ArgumentParser
import Foundation
import SeamCore
import SeamDeck

/// Reads a deck file and parses it with the `--set` overrides (errors: all of them, located).
func readDeck(_ path: String, overrides: [String]) throws -> Deck {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        throw InputError("cannot read deck '\(path)'", at: SourceLocation(source: path))
    }
    return try Deck.parse(text, source: path, overrides: overrides)
}

/// `seam check DECK`: validates a deck without running it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate an input deck (TOML) without running it; report every error with its line.",
        discussion: """
            Checks the syntax, every key (unknown keys get a "did you mean"), types, units and \
            ranges, then that the potential loads, the mesh builds and its node sets exist. \
            Exit status 0 when the deck is valid. Example: seam check examples/indentation/deck.toml
            """)

    @Argument(help: "The deck file (TOML).") var deck: String
    @Option(name: .customLong("set"), help: ArgumentHelp("Override an entry, TOML syntax: 'mesh.cells = [8, 4]' (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    func run() throws {
        let d = try readDeck(deck, overrides: overrides)
        try DeckRunner.checkResources(d)
        print("\(deck): valid \(d.problem.kind.rawValue) deck (fingerprint \(d.fingerprint))")
    }
}

/// `seam run DECK`: runs a deck, resuming from its checkpoint.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an input deck: progress per load step, checkpoints, VTU/XYZ/CSV/SVG outputs and a summary.",
        discussion: """
            Outputs go to the deck's [output] directory (relative to the deck) or --output. After \
            each converged load step the state is checkpointed; running the same deck again \
            resumes after the last checkpoint (--fresh starts afresh). A checkpoint of a \
            different deck is refused. Example: seam run examples/indentation/deck.toml
            """)

    @Argument(help: "The deck file (TOML).") var deck: String
    @Option(name: .customLong("set"), help: ArgumentHelp("Override an entry, TOML syntax: 'mesh.cells = [8, 4]' (repeatable).", valueName: "key=value"))
    var overrides: [String] = []
    @Option(name: .shortAndLong, help: "Output folder (default: the deck's [output] directory).") var output: String?
    @Flag(help: "Ignore an existing checkpoint and start from the first load step.") var fresh = false
    @Option(help: "Stop after this many load steps, as if killed (for testing restarts).") var stopAfterSteps: Int?
    @Flag(name: .shortAndLong, help: "Print only the summary, not a line per load step.") var quiet = false

    func validate() throws {
        if let n = stopAfterSteps, n < 1 { throw ValidationError("--stop-after-steps needs a positive count") }
    }

    func run() throws {
        let d = try readDeck(deck, overrides: overrides)
        let quiet = self.quiet
        let options = RunOptions(outputDirectory: output.map { URL(fileURLWithPath: $0) }, fresh: fresh, stopAfterSteps: stopAfterSteps,
                                 progress: { line in if !quiet { print(line) } })
        let summary = try DeckRunner.run(d, options: options)
        print(summary.text, terminator: "")
        print("outputs in \(DeckRunner.outputDirectory(d, options: options).path)")
    }
}
