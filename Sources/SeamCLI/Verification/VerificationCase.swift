import Foundation

/// The families of reference cases `seam verify` runs (one per physics module).
public enum VerificationFamily: String, CaseIterable, Sendable {
    case fem, potential, cohesive, coupling
}

/// Problem size of a verification run: `quick` is what the test suite runs (the whole quick
/// run stays under about a minute on one core in release), `full` the tests' own sizes or finer.
public enum VerificationSize: String, Sendable { case quick, full }

/// How far a computed value may lie from its reference.
public enum VerificationTolerance: Sendable, Equatable, CustomStringConvertible {
    /// |computed - reference| ≤ bound (in the case's unit).
    case absolute(Double)
    /// |computed - reference| ≤ bound × |reference|.
    case relative(Double)

    /// Whether `computed` is within the tolerance of `reference`; NaN and infinities never are.
    public func accepts(_ computed: Double, reference: Double) -> Bool {
        guard computed.isFinite, reference.isFinite else { return false }
        switch self {
        case .absolute(let bound): return abs(computed - reference) <= bound
        case .relative(let bound): return abs(computed - reference) <= bound * abs(reference)
        }
    }

    public var description: String {
        switch self {
        case .absolute(let b): return "± " + String(format: "%g", b)
        case .relative(let b): return "± " + String(format: "%g", 100 * b) + " %"
        }
    }
}

/// What the run of a case needs besides its size.
public struct VerificationContext: Sendable {
    public var size: VerificationSize
    /// The default potential (n2p2 directory, units declared in `seam-units.txt`).
    public var potentialDirectory: URL
    /// The shared reference data folder (`shared/data`), if given: cases that read it run only then.
    public var referenceData: URL?

    public init(size: VerificationSize = .quick, potentialDirectory: URL = URL(fileURLWithPath: "examples/potentials/Si-mlearn-nnp"),
                referenceData: URL? = nil) {
        self.size = size; self.potentialDirectory = potentialDirectory; self.referenceData = referenceData
    }

    /// `quick` or `full`, by the run's size.
    public func pick<T>(quick: T, full: T) -> T { size == .quick ? quick : full }
}

/// A computed value, and its reference where that is computed in the same run (a direct
/// lattice sum, 2γ from slab and bulk energies); otherwise the case's fixed reference applies.
public struct VerificationMeasurement: Sendable {
    public var value: Double
    public var reference: Double?
    /// A short note printed beside the verdict (sizes, secondary figures).
    public var note: String
    public init(_ value: Double, reference: Double? = nil, note: String = "") {
        self.value = value; self.reference = reference; self.note = note
    }
}

/// The reference a case is compared with.
public enum VerificationReference: Sendable {
    /// A number known before the run (closed form with the case's parameters, published value).
    case value(Double)
    /// A number the case computes independently in the same run (described here for `--list`).
    case computed(String)
}

/// One reference case: a physical quantity Seam computes through its public library API,
/// the reference it must reproduce, where that reference comes from, and the tolerance.
///
/// Cases are data: the runner (`VerificationRunner`) times them, compares, and reports; one
/// case's error does not stop the others.
public struct VerificationCase: Sendable {
    public var name: String
    public var family: VerificationFamily
    /// What is computed, with its unit (e.g. "tip deflection u_y(L, 0), in").
    public var quantity: String
    public var reference: VerificationReference
    /// Where the reference comes from (paper, book and equation, or the independent method).
    public var source: String
    public var tolerance: VerificationTolerance
    /// Cases that read the shared reference data run only with `--reference-data DIR`.
    public var needsReferenceData: Bool
    public var compute: @Sendable (VerificationContext) throws -> VerificationMeasurement

    public init(name: String, family: VerificationFamily, quantity: String, reference: VerificationReference, source: String,
                tolerance: VerificationTolerance, needsReferenceData: Bool = false,
                compute: @escaping @Sendable (VerificationContext) throws -> VerificationMeasurement) {
        self.name = name; self.family = family; self.quantity = quantity; self.reference = reference; self.source = source
        self.tolerance = tolerance; self.needsReferenceData = needsReferenceData; self.compute = compute
    }

    /// The reference as printed by `--list` and in the table before the run.
    public var referenceText: String {
        switch reference {
        case .value(let v): return VerificationFormat.number(v)
        case .computed(let how): return "computed: \(how)"
        }
    }
}

/// Number formatting shared by the table, the list and the CSV file.
public enum VerificationFormat {
    /// Seven significant digits; plain decimals between 1e-3 and 1e6, otherwise exponent form.
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if !x.isFinite { return "\(x)" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e6 {
            var s = String(format: "%.7g", x)
            if s.contains("e") { s = String(format: "%.6f", x) }
            return s
        }
        return String(format: "%.4e", x)
    }

    /// A computed or reference value with enough digits to show its difference at the
    /// tolerance: absolute bound t gives one decimal beyond t's; relative bound r gives three
    /// significant digits beyond r's (at most 15 significant digits either way).
    public static func value(_ x: Double, tolerance: VerificationTolerance) -> String {
        if x == 0 || !x.isFinite { return number(x) }
        let a = abs(x)
        switch tolerance {
        case .absolute(let t):
            guard a >= 1e-3, a < 1e9, t > 0 else { return String(format: "%.3e", x) }
            let decimals = max(0, Int((-log10(t)).rounded(.up)) + 1)
            let significant = decimals + Int(log10(a).rounded(.down)) + 1
            return significant > 15 ? String(format: "%.14e", x) : String(format: "%.\(decimals)f", x)
        case .relative(let r):
            let digits = min(15, max(4, Int((-log10(max(r, 1e-15))).rounded(.up)) + 3))
            return String(format: "%.\(digits)g", x)
        }
    }
}
