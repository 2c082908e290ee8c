import Foundation
import Testing
import SeamCLI

/// The verdict logic, at library level: a shipped `seam` carries no test-only option to
/// perturb its results, so the failing paths are shown here by running the runner on cases
/// whose computed value is off (a real case with a shifted reference, synthetic cases), on a
/// case that throws, and on one that needs data it was not given.
private func synthetic(_ name: String, reference: Double, tolerance: VerificationTolerance, needsData: Bool = false,
                       value: @escaping @Sendable () throws -> Double) -> VerificationCase {
    VerificationCase(name: name, family: .fem, quantity: "a number", reference: .value(reference), source: "test", tolerance: tolerance,
                     needsReferenceData: needsData) { _ in VerificationMeasurement(try value()) }
}

private struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

@Test func aRealCaseFailsWhenItsReferenceIsOffByMoreThanItsTolerance() throws {
    var c = try #require(VerificationCatalogue.cases.first { $0.name == "timoshenko-cantilever" })
    guard case .value(let exact) = c.reference, case .relative(let tol) = c.tolerance else {
        Issue.record("the Timoshenko case has a fixed reference and a relative tolerance"); return
    }
    let runner = VerificationRunner(context: VerificationContext(size: .quick))
    #expect(runner.run(c).verdict == .pass)
    c.reference = .value(exact * (1 + 3 * tol))   // a reference the computation does not reach
    let off = runner.run(c)
    #expect(off.verdict == .fail)
    #expect(abs(off.computed! / exact - 1) < tol)
    #expect(VerificationSummary([off]).exitStatus == 1)
}

@Test func verdictsFollowTheToleranceAndErrorsDoNotStopTheRun() throws {
    let cases = [
        synthetic("inside-absolute", reference: 1, tolerance: .absolute(0.1)) { 1.09 },
        synthetic("outside-absolute", reference: 1, tolerance: .absolute(0.1)) { 1.11 },
        synthetic("inside-relative", reference: -200, tolerance: .relative(0.01)) { -201.9 },
        synthetic("outside-relative", reference: -200, tolerance: .relative(0.01)) { -202.1 },
        synthetic("nan", reference: 0, tolerance: .absolute(1)) { .nan },
        synthetic("throws", reference: 0, tolerance: .absolute(1)) { throw Boom() },
        synthetic("needs-data", reference: 0, tolerance: .absolute(1), needsData: true) { 0 },
        synthetic("after-the-error", reference: 0, tolerance: .absolute(1)) { 0.5 },
    ]
    var seen: [String] = []
    let outcomes = VerificationRunner(context: VerificationContext(size: .quick)).run(cases) { seen.append($0.verificationCase.name) }
    #expect(seen == cases.map(\.name))
    #expect(outcomes.map(\.verdict) == [.pass, .fail, .pass, .fail, .fail, .error("boom"), .notRun("needs --reference-data"), .pass])
    let summary = VerificationSummary(outcomes)
    #expect(summary.passed == 3 && summary.failed == 3 && summary.errors == 1 && summary.notRun == 1)
    #expect(!summary.succeeded && summary.exitStatus == 1)
    #expect(summary.line.contains("VERIFICATION FAILED"))
    // The table row of an error carries its message; the CSV has one row per case.
    #expect(VerificationReport.line(outcomes[5]).contains("error: boom"))
    #expect(VerificationReport.csv(outcomes).split(whereSeparator: \.isNewline).count == cases.count + 1)
    // Only passes and cases not run: success, but the case not run is not counted as passed.
    let clean = VerificationSummary([outcomes[0], outcomes[6]])
    #expect(clean.succeeded && clean.exitStatus == 0 && clean.passed == 1 && clean.notRun == 1)
}
