import ArgumentParser
import Foundation
import SeamCore
import SeamIO

/// `seam verify`: run the reference cases and print each computed value beside its reference.
///
/// A thin layer over `VerificationCatalogue` and `VerificationRunner`: selection, a table on
/// standard output (progress goes there line by line as cases finish), a summary line, an
/// optional CSV file, and the exit status (1 if any case failed or errored).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the reference cases (finite elements, potentials, cohesive laws and fracture, coupling and contact) against closed forms and published values.",
        discussion: """
            Each case computes one quantity through the library and compares it with its reference \
            (closed form, published value, or an independent computation in the same run) under a \
            stated absolute (±x) or relative (±x %) tolerance. The table lists case, computed value, \
            reference, tolerance, verdict (PASS, FAIL, ERROR, NOT RUN) and time. The exit status is \
            non-zero if any case fails or errors. The n2p2 parity cases read the shared reference \
            data and run only with --reference-data DIR. The quick sizes take about 10 s of CPU \
            in release; --full uses the test suite's sizes or finer (a few minutes). Run it from \
            the source folder or name the default potential with --potential. \
            Example: seam verify --family fem
            """)

    @Flag(help: "Run the full-size problems (slower) instead of the quick ones.") var full = false
    @Option(name: .customLong("case"), help: "Run only the case with this name (see --list).") var caseName: String?
    @Option(help: "Run only one family: fem, potential, cohesive, coupling.") var family: String?
    @Flag(help: "List the cases with their references, sources and tolerances, and exit.") var list = false
    @Option(help: "Shared reference data folder (shared/data) for the n2p2 parity cases.") var referenceData: String?
    @Option(help: "Write the results as CSV to this file.") var csv: String?
    @Option(help: "The default potential (n2p2 folder with seam-units.txt).") var potential: String = "examples/potentials/Si-mlearn-nnp"

    func run() throws {
        let cases: [VerificationCase]
        do { cases = try VerificationCatalogue.select(name: caseName, family: family) } catch let e as VerificationSelectionError {
            throw ValidationError(e.description)
        }
        if list {
            emit(VerificationReport.listing(cases) + "\(cases.count) cases")
            return
        }
        var dataURL: URL?
        if let referenceData {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: referenceData, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--reference-data '\(referenceData)' is not a folder")
            }
            dataURL = URL(fileURLWithPath: referenceData)
        }
        let context = VerificationContext(size: full ? .full : .quick, potentialDirectory: URL(fileURLWithPath: potential), referenceData: dataURL)
        emit("seam verify: \(cases.count) cases, \(context.size.rawValue) size")
        emit(VerificationReport.header())
        let outcomes = VerificationRunner(context: context).run(cases) { outcome in
            emit(VerificationReport.line(outcome))
        }
        let summary = VerificationSummary(outcomes)
        emit(summary.line)
        if let csv {
            try AtomicFile.write(VerificationReport.csv(outcomes), to: URL(fileURLWithPath: csv))
            emit("wrote \(csv)")
        }
        if !summary.succeeded { throw ExitCode(summary.exitStatus) }
    }
}

/// Writes a line to standard output unbuffered, so that each case's row appears when it finishes.
private func emit(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
