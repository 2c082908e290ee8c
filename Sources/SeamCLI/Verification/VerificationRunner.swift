import Foundation
import SeamIO

/// The verdict on one case.
public enum VerificationVerdict: Sendable, Equatable {
    case pass
    case fail
    /// The case threw; the message is the error's description.
    case error(String)
    /// The case was not run (it needs `--reference-data`); not counted as passed.
    case notRun(String)

    public var label: String {
        switch self {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .error: return "ERROR"
        case .notRun: return "NOT RUN"
        }
    }
}

/// The outcome of one case: computed value, the reference it was compared with, verdict, time.
public struct VerificationOutcome: Sendable {
    public var verificationCase: VerificationCase
    public var computed: Double?
    public var reference: Double?
    public var verdict: VerificationVerdict
    public var seconds: Double
    public var note: String
}

/// Runs verification cases one after another, catching each case's errors so that the others
/// still run, and renders the table, the summary and the CSV file.
public struct VerificationRunner: Sendable {
    public var context: VerificationContext
    public init(context: VerificationContext) { self.context = context }

    /// Runs one case: compute, compare with the reference under the tolerance, time it.
    public func run(_ c: VerificationCase) -> VerificationOutcome {
        if c.needsReferenceData && context.referenceData == nil {
            return VerificationOutcome(verificationCase: c, computed: nil, reference: Self.fixedReference(c), verdict: .notRun("needs --reference-data"),
                                       seconds: 0, note: "")
        }
        let start = Date()
        do {
            let m = try c.compute(context)
            let seconds = Date().timeIntervalSince(start)
            guard let reference = m.reference ?? Self.fixedReference(c) else {
                return VerificationOutcome(verificationCase: c, computed: m.value, reference: nil,
                                           verdict: .error("the case computed no reference"), seconds: seconds, note: m.note)
            }
            let verdict: VerificationVerdict = c.tolerance.accepts(m.value, reference: reference) ? .pass : .fail
            return VerificationOutcome(verificationCase: c, computed: m.value, reference: reference, verdict: verdict, seconds: seconds, note: m.note)
        } catch {
            return VerificationOutcome(verificationCase: c, computed: nil, reference: Self.fixedReference(c), verdict: .error("\(error)"),
                                       seconds: Date().timeIntervalSince(start), note: "")
        }
    }

    /// Runs the cases in order; `progress` sees each outcome as soon as it is known.
    public func run(_ cases: [VerificationCase], progress: (VerificationOutcome) -> Void = { _ in }) -> [VerificationOutcome] {
        cases.map { c in
            let o = run(c)
            progress(o)
            return o
        }
    }

    static func fixedReference(_ c: VerificationCase) -> Double? {
        if case .value(let v) = c.reference { return v }
        return nil
    }
}

/// Counts of a finished run; the run succeeds when nothing failed or errored.
public struct VerificationSummary: Sendable, Equatable {
    public var passed = 0, failed = 0, errors = 0, notRun = 0
    public var seconds = 0.0

    public init(_ outcomes: [VerificationOutcome]) {
        for o in outcomes {
            seconds += o.seconds
            switch o.verdict {
            case .pass: passed += 1
            case .fail: failed += 1
            case .error: errors += 1
            case .notRun: notRun += 1
            }
        }
    }

    /// True when no case failed or errored (cases not run do not count as passed, nor as failures).
    public var succeeded: Bool { failed == 0 && errors == 0 }
    /// The process exit status of `seam verify`: 0 on success, 1 otherwise.
    public var exitStatus: Int32 { succeeded ? 0 : 1 }

    public var line: String {
        String(format: "%d passed, %d failed, %d errors, %d not run (of %d) in %.1f s", passed, failed, errors, notRun,
               passed + failed + errors + notRun, seconds) + (succeeded ? ": verification passed" : ": VERIFICATION FAILED")
    }
}

/// Text renderings of cases and outcomes.
public enum VerificationReport {
    /// One table row per outcome: case, computed, reference, tolerance, verdict, time.
    public static func header() -> String {
        row("case", "computed", "reference", "tolerance", "verdict", "time")
    }

    public static func line(_ o: VerificationOutcome) -> String {
        var verdict = o.verdict.label
        if case .notRun(let why) = o.verdict { verdict += " (\(why))" }
        let tol = o.verificationCase.tolerance
        var s = row(o.verificationCase.name, o.computed.map { VerificationFormat.value($0, tolerance: tol) } ?? "-",
                    o.reference.map { VerificationFormat.value($0, tolerance: tol) } ?? "-", o.verificationCase.tolerance.description, verdict,
                    String(format: "%.2f s", o.seconds))
        if case .error(let message) = o.verdict { s += "\n    " + (message.hasPrefix("error") ? message : "error: \(message)") }
        if !o.note.isEmpty { s += "\n    \(o.note)" }
        return s
    }

    private static func row(_ name: String, _ computed: String, _ reference: String, _ tol: String, _ verdict: String, _ time: String) -> String {
        pad(name, 30) + " " + pad(computed, 18) + " " + pad(reference, 18) + " " + pad(tol, 12) + " " + pad(verdict, 8) + " " + time
    }

    private static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    /// `--list`: every case with what it computes, its reference, source and tolerance.
    public static func listing(_ cases: [VerificationCase]) -> String {
        var out = ""
        for family in VerificationFamily.allCases {
            let members = cases.filter { $0.family == family }
            guard !members.isEmpty else { continue }
            out += "[\(family.rawValue)]\n"
            for c in members {
                out += "  \(c.name)\(c.needsReferenceData ? "  (needs --reference-data)" : "")\n"
                out += "      computes  \(c.quantity)\n"
                out += "      reference \(c.referenceText)  (\(c.source))\n"
                out += "      tolerance \(c.tolerance)\n"
            }
        }
        return out
    }

    /// The outcomes as CSV (one row per case, with the reference's source).
    public static func csv(_ outcomes: [VerificationOutcome]) -> String {
        var table = CSVTable(columns: [.init("case"), .init("family"), .init("quantity"), .init("computed"), .init("reference"),
                                       .init("tolerance"), .init("verdict"), .init("time", unit: "s"), .init("source")])
        for o in outcomes {
            let c = o.verificationCase
            table.append([.text(c.name), .text(c.family.rawValue), .text(c.quantity), o.computed.map { .number($0) } ?? .text(""),
                          o.reference.map { .number($0) } ?? .text(""), .text(c.tolerance.description), .text(o.verdict.label),
                          .number(o.seconds), .text(c.source)])
        }
        return table.render()
    }
}
