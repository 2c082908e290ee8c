import Foundation
import SeamCohesive
import SeamCore
import SeamIO
import SeamPotential

/// A problem kind as a sequence of load steps: what `DeckRunner` drives, checkpoints and
/// writes. Conformers hold the physics objects built from a deck; `step` must be a pure
/// function of (k, state, totals) so that a resumed run reproduces an uninterrupted one.
protocol SteppedProblem {
    var stepCount: Int { get }
    var columns: [LoadPathColumn] { get }
    /// Load-path plot: x column, y columns, title.
    var plot: (x: Int, y: [Int], title: String) { get }
    /// Number of running totals the problem keeps between steps.
    var totalsCount: Int { get }
    /// Solves load step k from the converged `state` of step k - 1 (empty at k = 0).
    func step(_ k: Int, state: [Double], totals: inout [Double]) throws -> (record: StepRecord, state: [Double], files: StepFiles)
    /// Files written once the steps so far are known (a .pvd series, a law file): their names.
    func finish(records: [StepRecord], totals: [Double], directory: URL, prefix: String, output: OutputSpec) throws -> [String]
    /// Headline figures.
    func figures(records: [StepRecord], totals: [Double]) throws -> [SummaryFigure]
}

/// Per-step outputs a problem writes itself (VTU, extended XYZ): a closure run by the driver
/// with the output folder, prefix and step index; returns the file names.
struct StepFiles {
    var write: (URL, String, Int, OutputSpec) throws -> [String] = { _, _, _, _ in [] }
}

/// Runs decks: builds the problem, drives its load steps with progress lines, writes the
/// outputs after every step (atomically), checkpoints, and resumes from the last checkpoint.
///
/// Restart contract: the checkpoint after step k holds the records of steps 1...k and the
/// converged state; a run of the same deck (same fingerprint) continues at step k + 1 and
/// produces the same results as a run that was never stopped.
public enum DeckRunner {
    /// Folder the deck's relative paths are resolved against.
    public static func baseDirectory(of deck: Deck) -> URL {
        URL(fileURLWithPath: deck.source).deletingLastPathComponent()
    }

    /// Resolves a path written in the deck.
    public static func resolve(_ path: String, in deck: Deck) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory(of: deck).appendingPathComponent(path).standardizedFileURL
    }

    /// The output folder of a run.
    public static func outputDirectory(_ deck: Deck, options: RunOptions) -> URL {
        options.outputDirectory ?? resolve(deck.output.directory, in: deck)
    }

    /// Checks what `Deck.parse` cannot: that the potential loads, the mesh builds and its node
    /// sets exist. Throws `DeckErrors` with every problem found.
    public static func checkResources(_ deck: Deck) throws(DeckErrors) {
        var errors: [InputError] = []
        var potential: (any Potential)?
        if let spec = deck.potential {
            do { potential = try loadPotential(spec, deck: deck) } catch { errors.append(locate(error, deck, line: spec.line)) }
        }
        switch deck.problem {
        case .indentation(let spec):
            do { _ = try IndentationSetup.mesh(spec, deck: deck) } catch { errors.append(locate(error, deck, line: 0)) }
        case .cohesiveLaw(let spec):
            if let potential {
                do { _ = try CohesiveLawSetup.slab(spec, cutoff: potential.cutoff) } catch { errors.append(locate(error, deck, line: 0)) }
            }
        case .crack(let spec):
            do { _ = try CrackSetup.configuration(spec).layout() } catch { errors.append(locate(error, deck, line: 0)) }
        case .adhesiveContact(let spec):
            if case .file(let path) = spec.law {
                let url = resolve(path, in: deck)
                do {
                    _ = try CohesiveLawFile.decode(try String(contentsOf: url, encoding: .utf8), source: url.path).cohesiveLaw()
                } catch { errors.append(locate(error, deck, line: 0)) }
            }
        }
        if !errors.isEmpty { throw DeckErrors(errors) }
    }

    static func locate(_ error: any Error, _ deck: Deck, line: Int) -> InputError {
        if let e = error as? InputError, e.location != nil { return e }
        if let e = error as? InputError {
            return InputError(e.message, at: SourceLocation(source: deck.source, line: line > 0 ? line : nil), suggestion: e.suggestion)
        }
        return InputError("\(error)", at: SourceLocation(source: deck.source, line: line > 0 ? line : nil))
    }

    /// Loads the deck's potential (n2p2 directories relative to the deck, or Lennard-Jones).
    public static func loadPotential(_ spec: PotentialSpec, deck: Deck) throws -> any Potential {
        let at = SourceLocation(source: deck.source, line: spec.line)
        switch spec.source {
        case .lennardJones(let e, let s, let rc):
            do { return try LennardJones(epsilon: e, sigma: s, cutoff: rc, switchWidth: 0.2 * rc) } catch let err as InputError {
                throw InputError("[potential] lj: \(err.message)", at: at)
            }
        case .n2p2(let paths):
            let urls = paths.map { resolve($0, in: deck) }
            for (p, u) in zip(paths, urls) where !FileManager.default.fileExists(atPath: u.path) {
                throw InputError("[potential] n2p2 directory '\(p)' does not exist (looked in \(u.path))", at: at)
            }
            if urls.count == 1 {
                return try N2P2PotentialLoader.loadAny(directory: urls[0], lengthUnit: spec.lengthUnit, energyUnit: spec.energyUnit,
                                                       threadCount: spec.threads)
            }
            return try N2P2PotentialLoader.loadCommittee(directories: urls, lengthUnit: spec.lengthUnit, energyUnit: spec.energyUnit,
                                                         threadCount: spec.threads)
        }
    }

    /// Runs (or resumes) a deck. Returns the summary; `complete` is false when stopped early.
    @discardableResult
    public static func run(_ deck: Deck, options: RunOptions = RunOptions()) throws -> RunSummary {
        if let stop = options.stopAfterSteps, stop < 1 {
            throw InputError("stop after steps must be positive (got \(stop))", at: SourceLocation(source: deck.source))
        }
        let directory = outputDirectory(deck, options: options)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch deck.problem {
        case .indentation(let spec):
            return try IndentationSetup.run(spec, deck: deck) { problem in
                try drive(problem, deck: deck, directory: directory, options: options)
            }
        case .cohesiveLaw(let spec):
            guard let pspec = deck.potential else { throw InputError("a cohesive-law deck needs [potential]", at: SourceLocation(source: deck.source)) }
            let potential = try loadPotential(pspec, deck: deck)
            return try CohesiveLawSetup.run(spec, potential: potential, potentialName: potentialName(pspec), deck: deck) { problem in
                try drive(problem, deck: deck, directory: directory, options: options)
            }
        case .adhesiveContact(let spec):
            return try AdhesiveContactSetup.run(spec, deck: deck, directory: directory, options: options)
        case .crack(let spec):
            guard let pspec = deck.potential else { throw InputError("a crack deck needs [potential]", at: SourceLocation(source: deck.source)) }
            let potential = try loadPotential(pspec, deck: deck)
            return try CrackSetup.run(spec, potential: potential) { problem in
                try drive(problem, deck: deck, directory: directory, options: options)
            }
        }
    }

    static func potentialName(_ spec: PotentialSpec) -> String {
        switch spec.source {
        case .n2p2(let p): p.joined(separator: ",")
        case .lennardJones(let e, let s, let rc): "lj:\(e),\(s),\(rc)"
        }
    }

    /// The checkpoint file of a deck's run.
    public static func checkpointURL(_ deck: Deck, directory: URL) -> URL {
        directory.appendingPathComponent(deck.output.prefix + ".checkpoint.json")
    }

    static func drive<P: SteppedProblem>(_ problem: P, deck: Deck, directory: URL, options: RunOptions) throws -> RunSummary {
        let prefix = deck.output.prefix
        let ckURL = checkpointURL(deck, directory: directory)
        var records: [StepRecord] = []
        var state: [Double] = []
        var totals = [Double](repeating: 0, count: problem.totalsCount)
        var start = 0
        if let ck = try Checkpoint.resuming(deck, directory: directory, fresh: options.fresh, consistent: {
            $0.completedSteps <= problem.stepCount && $0.records.count == $0.completedSteps && $0.totalsBits.count == totals.count
        }) {
            records = ck.records; state = ck.state; totals = ck.totals; start = ck.completedSteps
            options.progress("resuming from the checkpoint after step \(start) of \(problem.stepCount)")
        }
        let writer = LoadPathWriter(directory: directory, prefix: prefix, output: deck.output, columns: problem.columns,
                                    plotX: problem.plot.x, plotY: problem.plot.y, plotTitle: problem.plot.title)
        var files = Set<String>()
        var ran = 0
        var k = start
        while k < problem.stepCount {
            if let stop = options.stopAfterSteps, ran >= stop { break }
            let (record, next, stepFiles) = try problem.step(k, state: state, totals: &totals)
            records.append(record); state = next
            for f in try stepFiles.write(directory, prefix, k, deck.output) { files.insert(f) }
            try writer.write(records)
            for f in try problem.finish(records: records, totals: totals, directory: directory, prefix: prefix, output: deck.output) { files.insert(f) }
            k += 1; ran += 1
            if deck.checkpoint.enabled, k % deck.checkpoint.every == 0 || k == problem.stepCount {
                try Checkpoint(fingerprint: deck.fingerprint, kind: deck.problem.kind.rawValue, completedSteps: k, records: records,
                               stateBits: state.map(\.bitPattern), totalsBits: totals.map(\.bitPattern)).write(ckURL)
            }
            let line = zip(problem.columns, record.values).map { c, v in
                String(format: "%@ %.6g%@", c.name, v, c.unit.isEmpty ? "" : " " + c.unit)
            }.joined(separator: "  ")
            options.progress("step \(k)/\(problem.stepCount)  \(line)")
        }
        if start == problem.stepCount {
            options.progress("all \(problem.stepCount) steps were already done; outputs rewritten (use --fresh to start afresh)")
            try writer.write(records)
        }
        if deck.output.csv { files.insert(prefix + ".csv") }
        if deck.output.svg && !records.isEmpty { files.insert(prefix + ".svg") }
        if deck.output.summary { files.insert(prefix + ".summary.json"); files.insert(prefix + ".summary.txt") }
        if start == problem.stepCount {
            for f in try problem.finish(records: records, totals: totals, directory: directory, prefix: prefix, output: deck.output) { files.insert(f) }
        }
        let summary = RunSummary(deck: deck.source, title: deck.title, kind: deck.problem.kind.rawValue, fingerprint: deck.fingerprint,
                                 stepsCompleted: records.count, stepsTotal: problem.stepCount, resumedFromStep: start,
                                 figures: records.isEmpty ? [] : try problem.figures(records: records, totals: totals),
                                 files: files.sorted().filter { !$0.hasPrefix(prefix + "_") || !$0.hasSuffix(".vtu") && !$0.hasSuffix(".xyz") }
                                    + perStepPattern(files, prefix: prefix))
        try writer.writeSummary(summary)
        return summary
    }

    /// Per-step files summarised as a pattern ("PREFIX_*.vtu (N files)").
    static func perStepPattern(_ files: Set<String>, prefix: String) -> [String] {
        var out: [String] = []
        for ext in ["vtu", "xyz"] {
            if files.contains(where: { $0.hasPrefix(prefix + "_") && $0.hasSuffix("." + ext) }) { out.append("\(prefix)_*.\(ext) (one per load step)") }
        }
        return out
    }
}
