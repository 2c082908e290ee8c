import Foundation
import Testing
import SeamCLI
import SeamTestSupport

/// `seam verify` run as the real binary: every quick case passes and is printed beside its
/// reference. One test per family keeps each run short and lets them run side by side.
@Test(arguments: VerificationFamily.allCases)
func verifyQuickRunPassesEveryCaseOfTheFamilyAndPrintsItsReference(family: VerificationFamily) throws {
    let cases = VerificationCatalogue.cases.filter { $0.family == family }
    #expect(!cases.isEmpty)
    let tmp = try SeamBinary.temporaryDirectory()
    let csv = tmp.appendingPathComponent("verify.csv")
    let r = try SeamBinary.run(["verify", "--family", family.rawValue, "--reference-data", ReferenceData.root.path, "--csv", csv.path])
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").map(String.init)
    for c in cases {
        let row = try #require(rows.first { $0.hasPrefix(c.name + " ") }, "no row for \(c.name)")
        #expect(row.contains("PASS"), "\(row)")
        #expect(row.contains(c.tolerance.description), "\(row)")
        if case .value(let reference) = c.reference {
            #expect(row.contains(VerificationFormat.value(reference, tolerance: c.tolerance)), "\(row) lacks its reference \(reference)")
        }
    }
    #expect(r.stdout.contains("\(cases.count) passed, 0 failed, 0 errors, 0 not run"), "\(r.stdout)")
    // The CSV file: a header and one row per case, each with its source.
    let text = try String(contentsOf: csv, encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline)
    #expect(lines.first?.hasPrefix("case,family,quantity,computed,reference,tolerance,verdict,time [s],source") == true)
    #expect(lines.count == cases.count + 1)
    for c in cases { #expect(text.contains(c.name + ",\(family.rawValue),")) }
}

@Test func verifyWithoutReferenceDataListsTheParityCasesAsNotRunAndStillSucceeds() throws {
    let r = try SeamBinary.run(["verify", "--family", "potential"])
    #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
    let parity = VerificationCatalogue.cases.filter(\.needsReferenceData)
    #expect(parity.count == 3)
    for c in parity {
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(c.name + " ") && $0.contains("NOT RUN (needs --reference-data)") })
    }
    let others = VerificationCatalogue.cases.filter { $0.family == .potential && !$0.needsReferenceData }.count
    #expect(r.stdout.contains("\(others) passed, 0 failed, 0 errors, \(parity.count) not run"), "\(r.stdout)")
}

@Test func verifyListShowsEveryCaseWithItsReferenceSourceAndTolerance() throws {
    let r = try SeamBinary.run(["verify", "--list"])
    #expect(r.status == 0, "\(r.stderr)")
    let all = VerificationCatalogue.cases
    #expect(all.count >= 25)
    #expect(Set(all.map(\.name)).count == all.count, "case names are unique")
    for c in all {
        #expect(r.stdout.contains("  \(c.name)"))
        #expect(r.stdout.contains("reference \(c.referenceText)  (\(c.source))"), "\(c.name)")
        #expect(r.stdout.contains("tolerance \(c.tolerance)"))
    }
    #expect(r.stdout.hasSuffix("\(all.count) cases\n"))
    for family in ["fem", "potential", "cohesive", "coupling"] { #expect(r.stdout.contains("[\(family)]")) }
}

@Test func verifyRejectsUnknownCaseAndFamilyNamesAndSuggestsNearOnes() throws {
    let r = try SeamBinary.run(["verify", "--case", "no-such-case"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("unknown case 'no-such-case'") && r.stderr.contains("--list"), "\(r.stderr)")
    let near = try SeamBinary.run(["verify", "--case", "kirsch"])
    #expect(near.status != 0)
    #expect(near.stderr.contains("did you mean kirsch-hole-scf"), "\(near.stderr)")
    let family = try SeamBinary.run(["verify", "--family", "acoustics"])
    #expect(family.status != 0)
    #expect(family.stderr.contains("unknown family 'acoustics'") && family.stderr.contains("fem, potential, cohesive, coupling"), "\(family.stderr)")
    let data = try SeamBinary.run(["verify", "--reference-data", "/nonexistent/data"])
    #expect(data.status != 0 && data.stderr.contains("is not a folder"), "\(data.stderr)")
}

@Test func verifyRunsOneCaseByName() throws {
    let r = try SeamBinary.run(["verify", "--case", "timoshenko-cantilever"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("1 passed, 0 failed, 0 errors, 0 not run (of 1)"))
    #expect(!r.stdout.contains("kirsch"))
}

@Test func verifyReportsACaseThatThrowsAndExitsNonZeroWhileTheOthersStillRun() throws {
    // Outside the source folder the default potential is missing: its cases error, LJ13 still passes.
    let r = try SeamBinary.run(["verify", "--family", "potential"], in: try SeamBinary.temporaryDirectory())
    #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
    let rows = r.stdout.split(separator: "\n")
    for name in ["hdnnp-si-forces-fd", "hdnnp-si-virial-fd"] {
        #expect(rows.contains { $0.hasPrefix(name + " ") && $0.contains("ERROR") }, "\(r.stdout)")
    }
    #expect(r.stdout.contains("no n2p2 potential (input.nn)") && r.stdout.contains("--potential DIR"))
    #expect(rows.contains { $0.hasPrefix("lj13-global-minimum ") && $0.contains("PASS") })
    #expect(r.stdout.contains("1 passed, 0 failed, 2 errors, 3 not run") && r.stdout.contains("VERIFICATION FAILED"), "\(r.stdout)")
}
