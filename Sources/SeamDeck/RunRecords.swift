import Foundation
import SeamCore
import SeamCoupling
import SeamIO

/// How `DeckRunner.run` behaves: where outputs go, whether an existing checkpoint is resumed,
/// and a stop after some steps (to test restarts, as if the run had been killed).
public struct RunOptions: Sendable {
    /// Output folder; nil uses the deck's `[output] directory` (relative to the deck's folder).
    public var outputDirectory: URL?
    /// Ignore any checkpoint and start from step 0.
    public var fresh: Bool
    /// Stop after this many steps of this invocation (the checkpoint stays, outputs are partial).
    public var stopAfterSteps: Int?
    /// Receives one line per load step and notes.
    public var progress: @Sendable (String) -> Void

    public init(outputDirectory: URL? = nil, fresh: Bool = false, stopAfterSteps: Int? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.outputDirectory = outputDirectory; self.fresh = fresh; self.stopAfterSteps = stopAfterSteps; self.progress = progress
    }
}

/// One column of the load-path table: name and unit (as written in the CSV header).
public struct LoadPathColumn: Sendable, Equatable, Codable {
    public var name: String
    public var unit: String
    public init(_ name: String, _ unit: String = "") { self.name = name; self.unit = unit }
}

/// One converged load step: the values of the problem's load-path columns.
public struct StepRecord: Sendable, Equatable, Codable {
    public var values: [Double]
    public init(values: [Double]) { self.values = values }
}

/// A headline figure of a run (name, value, unit), written to the summary.
public struct SummaryFigure: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var unit: String
    public init(_ name: String, _ value: Double, _ unit: String) { self.name = name; self.value = value; self.unit = unit }
}

/// The summary of a run (text and JSON): what ran, how far, the headline figures and the files.
public struct RunSummary: Sendable, Equatable, Codable {
    public var deck: String
    public var title: String
    public var kind: String
    public var fingerprint: String
    public var stepsCompleted: Int
    /// Steps of the whole run; -1 while an adaptive load path (adhesive-contact, whose step
    /// count is known only at its end) has been stopped before the end.
    public var stepsTotal: Int
    /// Step the last invocation resumed from (0 = a fresh start).
    public var resumedFromStep: Int
    public var figures: [SummaryFigure]
    public var files: [String]

    public var complete: Bool { stepsCompleted == stepsTotal }

    /// The figure named `name`, if present.
    public func figure(_ name: String) -> Double? { figures.first { $0.name == name }?.value }

    /// Plain-text rendering.
    public var text: String {
        var s = "Seam run summary\n"
        s += "deck: \(deck)\n"
        if !title.isEmpty { s += "title: \(title)\n" }
        s += "kind: \(kind)\nfingerprint: \(fingerprint)\n"
        let total = stepsTotal < 0 ? "an adaptive number" : "\(stepsTotal)"
        s += "steps: \(stepsCompleted) of \(total)\(complete ? "" : " (incomplete: run the deck again to resume)")\n"
        for f in figures { s += String(format: "%@: %.6g %@\n", f.name, f.value, f.unit) }
        s += "files: \(files.joined(separator: ", "))\n"
        return s
    }
}

/// The state saved after converged load steps: enough to continue as if never stopped.
///
/// Numbers of the state vector are stored as IEEE-754 bit patterns so that a resumed run starts
/// from exactly the same values (results identical to an uninterrupted run).
struct Checkpoint: Codable, Equatable {
    var format = "seam-checkpoint 1"
    var fingerprint: String
    var kind: String
    var completedSteps: Int
    var records: [StepRecord]
    var stateBits: [UInt64]
    /// Running totals a problem keeps (e.g. extrapolation warnings), as bit patterns.
    var totalsBits: [UInt64] = []
    /// The adaptive contact load path's driver state (adhesive-contact runs, whose step count
    /// is known only at the end and whose state is more than a vector); absent for other kinds.
    var contactPath: ContactPathState? = nil
    /// The same for the load-controlled and arc-length paths of adhesive-contact runs.
    var continuationPath: ContactContinuationState? = nil

    var state: [Double] { stateBits.map(Double.init(bitPattern:)) }
    var totals: [Double] { totalsBits.map(Double.init(bitPattern:)) }

    static func read(_ url: URL) throws -> Checkpoint? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(Checkpoint.self, from: Data(contentsOf: url))
        } catch {
            throw InputError("checkpoint '\(url.path)' is unreadable: \(error)", at: SourceLocation(source: url.path),
                             suggestion: "run with --fresh to start afresh")
        }
    }

    /// The checkpoint in `directory` to resume `deck` from: nil when there is none or `fresh` is
    /// set. Throws when it was written by another deck (fingerprint or kind differ) or when
    /// `consistent` rejects it (record counts that do not match the deck's problem).
    static func resuming(_ deck: Deck, directory: URL, fresh: Bool, consistent: (Checkpoint) -> Bool) throws -> Checkpoint? {
        let url = DeckRunner.checkpointURL(deck, directory: directory)
        guard !fresh, let ck = try read(url) else { return nil }
        guard ck.fingerprint == deck.fingerprint, ck.kind == deck.problem.kind.rawValue else {
            throw InputError("the checkpoint in \(directory.path) was written by a different deck (fingerprint \(ck.fingerprint), this deck \(deck.fingerprint))",
                             at: SourceLocation(source: deck.source), suggestion: "run with --fresh to start afresh, or choose another [output] directory")
        }
        guard consistent(ck) else {
            throw InputError("checkpoint '\(url.path)' is inconsistent with the deck", at: SourceLocation(source: url.path),
                             suggestion: "run with --fresh to start afresh")
        }
        return ck
    }

    func write(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self), to: url)
    }
}

/// Writes the load-path CSV and SVG and the summary of a run (all atomically).
struct LoadPathWriter {
    let directory: URL
    let prefix: String
    let output: OutputSpec
    let columns: [LoadPathColumn]
    /// Columns plotted in the SVG: x column index and y column indices.
    let plotX: Int
    let plotY: [Int]
    let plotTitle: String

    var csvURL: URL { directory.appendingPathComponent(prefix + ".csv") }
    var svgURL: URL { directory.appendingPathComponent(prefix + ".svg") }

    func write(_ records: [StepRecord]) throws {
        if output.csv {
            var table = CSVTable(columns: [.init("step")] + columns.map { CSVTable.Column($0.name, unit: $0.unit) })
            for (k, r) in records.enumerated() { table.append(numbers: [Double(k + 1)] + r.values) }
            try table.write(to: csvURL)
        }
        if output.svg, records.count >= 1 {
            let x = records.map { $0.values[plotX] }
            let series = plotY.map { j in
                SVGPlot.Series(name: "\(columns[j].name) [\(columns[j].unit)]", x: x, y: records.map { $0.values[j] }, markers: true)
            }
            let plot = SVGPlot(title: plotTitle, xLabel: "\(columns[plotX].name) [\(columns[plotX].unit)]",
                               yLabel: plotY.map { "\(columns[$0].name) [\(columns[$0].unit)]" }.joined(separator: ", "), series: series)
            try plot.write(to: svgURL)
        }
    }

    func writeSummary(_ summary: RunSummary) throws {
        guard output.summary else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n",
                             to: directory.appendingPathComponent(prefix + ".summary.json"))
        try AtomicFile.write(summary.text, to: directory.appendingPathComponent(prefix + ".summary.txt"))
    }
}
