import SeamCore

/// One atom-centred symmetry function of an n2p2 potential, as written in `input.nn`
/// (`symfunction_short S type ...`; n2p2-format.md section 4).
///
/// Lengths are in the potential's file length unit (not yet normalised); angles in degrees.
/// Element fields hold element indices in the potential's Z-sorted element order.
public struct SymmetryFunction: Sendable, Hashable, CustomStringConvertible {
    /// n2p2 type number: 2, 3, 9, 12, 13, 20, 21, 22, 23, 24 or 25.
    public var type: Int
    /// Index of the central element.
    public var centralElement: Int
    /// First neighbour element index (nil for the all-element types 12, 13, 23-25).
    public var element1: Int?
    /// Second neighbour element index (angular element-resolved types 3, 9, 21, 22); index(e1) <= index(e2).
    public var element2: Int?
    /// Gaussian width eta (1/length^2), types 2, 3, 9, 12, 13.
    public var eta: Double = 0
    /// Gaussian shift rs (length), types 2, 3, 9, 12, 13.
    public var rs: Double = 0
    /// Angular sign lambda (types 3, 9, 13).
    public var lambda: Double = 0
    /// Angular exponent zeta (types 3, 9, 13).
    public var zeta: Double = 0
    /// Cutoff radius rc (length).
    public var cutoff: Double
    /// Lower radial window edge rl (length), types 20-25.
    public var radialLow: Double = 0
    /// Angular window (degrees), types 21, 22, 24, 25.
    public var angleLow: Double = 0
    public var angleHigh: Double = 0
    /// Compact-window subtype (`p1`..`p4`, `e`, optionally with a trailing `a`), types 20-25.
    public var subtype: String = ""
    /// Where the line was read (file:line), for error messages.
    public var location: SourceLocation?

    public var isRadial: Bool { [2, 12, 20, 23].contains(type) }
    public var isCompact: Bool { type >= 20 }
    /// Whether the type weights neighbours by atomic number and covers all elements.
    public var isWeighted: Bool { [12, 13, 23, 24, 25].contains(type) }

    public var description: String {
        "SF type \(type) center \(centralElement) e1 \(element1.map(String.init) ?? "-") e2 \(element2.map(String.init) ?? "-") eta \(eta) rs \(rs) lambda \(lambda) zeta \(zeta) rc \(cutoff) rl \(radialLow) angles \(angleLow)..\(angleHigh) \(subtype)"
    }

    /// Parses the value part of a `symfunction_short` line: "S type ...".
    ///
    /// - Parameters:
    ///   - value: the text after the keyword.
    ///   - elements: the potential's elements in Z order.
    ///   - location: file and line, for errors.
    public static func parse(_ value: String, elements: [Element], at location: SourceLocation) throws -> SymmetryFunction {
        let t = value.split(separator: " ").map(String.init)
        func elementIndex(_ s: String) throws -> Int {
            let e = try Element.parse(s, at: location)
            guard let i = elements.firstIndex(of: e) else {
                throw InputError("symmetry function uses element \(s), which is not in 'elements'", at: location)
            }
            return i
        }
        func number(_ k: Int, _ name: String) throws -> Double {
            guard k < t.count, let v = Double(t[k]), v.isFinite else {
                throw InputError("symmetry function: expected a number for \(name) in field \(k + 1) of '\(value)'", at: location)
            }
            return v
        }
        func needCount(_ n: Int, _ optional: Int = 0) throws {
            guard t.count >= n && t.count <= n + optional else {
                throw InputError("symmetry function of type \(t[1]) needs \(n - 2)\(optional > 0 ? " to \(n - 2 + optional)" : "") parameters after the type, got \(t.count - 2): '\(value)'", at: location)
            }
        }
        guard t.count >= 2 else { throw InputError("symmetry function line too short: '\(value)'", at: location) }
        let center = try elementIndex(t[0])
        guard let type = Int(t[1]) else { throw InputError("symmetry function type '\(t[1])' is not an integer", at: location) }
        var sf = SymmetryFunction(type: type, centralElement: center, cutoff: 0, location: location)
        switch type {
        case 2:
            try needCount(6)
            sf.element1 = try elementIndex(t[2]); sf.eta = try number(3, "eta"); sf.rs = try number(4, "rs"); sf.cutoff = try number(5, "rc")
        case 3, 9:
            try needCount(8, 1)
            var a = try elementIndex(t[2]), b = try elementIndex(t[3])
            if a > b { swap(&a, &b) }
            sf.element1 = a; sf.element2 = b
            sf.eta = try number(4, "eta"); sf.lambda = try number(5, "lambda"); sf.zeta = try number(6, "zeta"); sf.cutoff = try number(7, "rc")
            if t.count == 9 { sf.rs = try number(8, "rs") }
        case 12:
            try needCount(5)
            sf.eta = try number(2, "eta"); sf.rs = try number(3, "rs"); sf.cutoff = try number(4, "rc")
        case 13:
            try needCount(7)
            sf.eta = try number(2, "eta"); sf.rs = try number(3, "rs"); sf.lambda = try number(4, "lambda")
            sf.zeta = try number(5, "zeta"); sf.cutoff = try number(6, "rc")
        case 20:
            try needCount(6)
            sf.element1 = try elementIndex(t[2]); sf.radialLow = try number(3, "rl"); sf.cutoff = try number(4, "rc"); sf.subtype = t[5]
        case 21, 22:
            try needCount(9)
            var a = try elementIndex(t[2]), b = try elementIndex(t[3])
            if a > b { swap(&a, &b) }
            sf.element1 = a; sf.element2 = b
            sf.radialLow = try number(4, "rl"); sf.cutoff = try number(5, "rc")
            sf.angleLow = try number(6, "angle left"); sf.angleHigh = try number(7, "angle right"); sf.subtype = t[8]
        case 23:
            try needCount(5)
            sf.radialLow = try number(2, "rl"); sf.cutoff = try number(3, "rc"); sf.subtype = t[4]
        case 24, 25:
            try needCount(7)
            sf.radialLow = try number(2, "rl"); sf.cutoff = try number(3, "rc")
            sf.angleLow = try number(4, "angle left"); sf.angleHigh = try number(5, "angle right"); sf.subtype = t[6]
        default:
            throw InputError("symmetry function type \(type) is not supported", at: location,
                             suggestion: "n2p2 predicts with types 2, 3, 9, 12, 13 and 20-25")
        }
        try sf.validate()
        return sf
    }

    /// Checks parameter ranges (positive cutoff, non-zero lambda, angle windows, known subtype).
    func validate() throws {
        let at = location
        guard cutoff > 0 else { throw InputError("symmetry function cutoff must be positive, got \(cutoff)", at: at) }
        if [3, 9, 13].contains(type) {
            guard lambda != 0 else { throw InputError("symmetry function lambda must be non-zero", at: at) }
            guard zeta >= 1 else { throw InputError("symmetry function zeta must be >= 1, got \(zeta)", at: at) }
        }
        if [2, 3, 9, 12, 13].contains(type) && eta < 0 {
            throw InputError("symmetry function eta must be non-negative, got \(eta)", at: at)
        }
        if isCompact {
            guard radialLow < cutoff else { throw InputError("compact symmetry function needs rl < rc", at: at) }
            guard Self.core(of: subtype) != nil else {
                throw InputError("unknown compact subtype '\(subtype)'", at: at, suggestion: "use p1, p2, p3, p4 or e, optionally followed by 'a'")
            }
            if !isRadial {
                guard angleLow < angleHigh else { throw InputError("angle window needs left < right", at: at) }
                let mid = (angleLow + angleHigh) / 2
                if angleLow < 0 && mid != 0 { throw InputError("a left angle below 0 needs a window centred at 0", at: at) }
                if angleHigh > 180 && mid != 180 { throw InputError("a right angle above 180 needs a window centred at 180", at: at) }
                if angleHigh - angleLow > 360 { throw InputError("angle window wider than 360 degrees", at: at) }
            }
        }
    }

    /// Core kind and asymmetry flag of a compact subtype string.
    static func core(of subtype: String) -> (CoreKind, Bool)? {
        var s = subtype, asym = false
        if s.count > 1 && s.hasSuffix("a") { asym = true; s.removeLast() }
        guard let c = CoreKind(rawValue: s) else { return nil }
        return (c, asym)
    }

    /// n2p2's sort order within an element (section 4): the network input order.
    static func precedes(_ a: SymmetryFunction, _ b: SymmetryFunction) -> Bool {
        if a.type != b.type { return a.type < b.type }
        let e1a = Double(a.element1 ?? -1), e1b = Double(b.element1 ?? -1)
        let e2a = Double(a.element2 ?? -1), e2b = Double(b.element2 ?? -1)
        let keyA: [Double], keyB: [Double]
        switch a.type {
        case 2: keyA = [a.cutoff, a.eta, a.rs, e1a]; keyB = [b.cutoff, b.eta, b.rs, e1b]
        case 3, 9:
            keyA = [a.cutoff, a.eta, a.rs, a.zeta, a.lambda, e1a, e2a]
            keyB = [b.cutoff, b.eta, b.rs, b.zeta, b.lambda, e1b, e2b]
        case 12: keyA = [a.cutoff, a.eta, a.rs]; keyB = [b.cutoff, b.eta, b.rs]
        case 13: keyA = [a.cutoff, a.eta, a.rs, a.zeta, a.lambda]; keyB = [b.cutoff, b.eta, b.rs, b.zeta, b.lambda]
        default:
            if a.subtype != b.subtype { return a.subtype < b.subtype }
            switch a.type {
            case 20: keyA = [e1a, a.cutoff, a.radialLow]; keyB = [e1b, b.cutoff, b.radialLow]
            case 21, 22:
                keyA = [e1a, e2a, a.cutoff, a.radialLow, a.angleLow, a.angleHigh]
                keyB = [e1b, e2b, b.cutoff, b.radialLow, b.angleLow, b.angleHigh]
            case 23: keyA = [a.cutoff, a.radialLow]; keyB = [b.cutoff, b.radialLow]
            default:
                keyA = [a.cutoff, a.radialLow, a.angleLow, a.angleHigh]
                keyB = [b.cutoff, b.radialLow, b.angleLow, b.angleHigh]
            }
        }
        for (x, y) in zip(keyA, keyB) where x != y { return x < y }
        return false
    }
}
