import SeamCore

/// Every error found in a deck, each with its file and line; thrown by `Deck.parse`.
public struct DeckErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    public init(_ errors: [InputError]) { self.errors = errors }
    public var description: String {
        errors.map(\.description).joined(separator: "\n") + "\n\(errors.count) error\(errors.count == 1 ? "" : "s") in the deck"
    }
}

/// What a deck reader carries while it walks the tables: the source name, the unit defaults of
/// the `[units]` table and the errors found so far (all are reported at once).
struct DeckContext {
    var source: String
    var defaultUnits: [Dimension: (name: String, factor: Double)] = [:]
    /// Line of `[problem] kind`, where errors about tables the kind needs point.
    var kindLine = 1
    var errors: [InputError] = []

    mutating func error(_ message: String, line: Int, suggestion: String? = nil) {
        errors.append(InputError(message, at: SourceLocation(source: source, line: line > 0 ? line : nil), suggestion: suggestion))
    }
}

/// A view of one TOML table that reads typed, unit-checked values by key, records errors with
/// the key's line, and rejects keys the schema does not know (with a "did you mean").
struct DeckSection {
    let table: TOMLTable
    /// How the table is named in messages, e.g. "[indenter]" or "[load] segments[2]".
    let name: String

    /// Opens `table`, reporting every key not in `allowed`.
    init(_ table: TOMLTable, name: String, allowed: [String], context: inout DeckContext) {
        self.table = table; self.name = name
        for entry in table.entries where !allowed.contains(entry.key) {
            let hint = closestMatch(entry.key, in: allowed).map { "did you mean '\($0)'?" }
                ?? "known keys: \(allowed.joined(separator: ", "))"
            context.error("unknown key '\(entry.key)' in \(name)", line: entry.line, suggestion: hint)
        }
    }

    func has(_ key: String) -> Bool { table[key] != nil }
    func line(_ key: String) -> Int { table.entry(key)?.line ?? table.line }

    func missing(_ key: String, _ what: String, _ c: inout DeckContext) {
        if isRoot {
            // A table the problem kind needs: point at the kind that needs it.
            c.error("missing table [\(key)] (needed by this [problem] kind)", line: c.kindLine)
        } else {
            c.error("missing key '\(key)' (\(what)) in \(name)", line: table.line)
        }
    }

    /// Whether this is the deck's top level.
    var isRoot: Bool { name == "the deck" }

    /// How a sub-table is named in messages: "[key]" at the top level, else "[parent] key".
    func childName(_ key: String) -> String { isRoot ? "[\(key)]" : "\(name) \(key)" }

    func typeError(_ key: String, expected: String, got v: TOMLValue, _ c: inout DeckContext) {
        c.error("\(name) \(key) must be \(expected), not \(v.typeName)", line: v.line)
    }

    func string(_ key: String, _ what: String, required: Bool, _ c: inout DeckContext) -> String? {
        guard let v = table[key] else { if required { missing(key, what, &c) }; return nil }
        guard case .string(let s) = v.kind else { typeError(key, expected: "a string (\(what))", got: v, &c); return nil }
        return s
    }

    func bool(_ key: String, default d: Bool, _ c: inout DeckContext) -> Bool {
        guard let v = table[key] else { return d }
        guard case .boolean(let b) = v.kind else { typeError(key, expected: "true or false", got: v, &c); return d }
        return b
    }

    /// A dimensionless number (integer or float) in `range`.
    func number(_ key: String, _ what: String, required: Bool, default d: Double? = nil,
                in range: ClosedRange<Double>? = nil, _ c: inout DeckContext) -> Double? {
        guard let v = table[key] else { if required { missing(key, what, &c) }; return d }
        let x: Double
        switch v.kind {
        case .integer(let i): x = Double(i)
        case .float(let f): x = f
        default: typeError(key, expected: "a number (\(what))", got: v, &c); return nil
        }
        return checkRange(key, x, range, line: v.line, &c)
    }

    func integer(_ key: String, _ what: String, required: Bool, default d: Int? = nil, minimum: Int = Int.min,
                 _ c: inout DeckContext) -> Int? {
        guard let v = table[key] else { if required { missing(key, what, &c) }; return d }
        guard case .integer(let i) = v.kind else { typeError(key, expected: "an integer (\(what))", got: v, &c); return nil }
        guard i >= minimum else { c.error("\(name) \(key) = \(i) must be at least \(minimum)", line: v.line); return nil }
        return i
    }

    func checkRange(_ key: String, _ x: Double, _ range: ClosedRange<Double>?, line: Int, _ c: inout DeckContext) -> Double? {
        guard x.isFinite else { c.error("\(name) \(key) must be finite", line: line); return nil }
        if let range, !range.contains(x) {
            c.error("\(name) \(key) = \(x) is outside [\(range.lowerBound), \(range.upperBound)]", line: line); return nil
        }
        return x
    }

    /// A quantity with a unit, converted to internal units; `positive` rejects x <= 0.
    func quantity(_ key: String, _ dimension: Dimension, required: Bool, default d: Double? = nil,
                  positive: Bool = false, _ c: inout DeckContext) -> Double? {
        guard let v = table[key] else { if required { missing(key, dimension.label, &c) }; return d }
        guard let x = DeckSection.quantity(v, dimension, what: "\(name) \(key)", &c) else { return nil }
        if positive && !(x > 0) { c.error("\(name) \(key) must be positive", line: v.line); return nil }
        return x
    }

    /// Converts one value (a string with a unit, or a bare number with a `[units]` default).
    static func quantity(_ v: TOMLValue, _ dimension: Dimension, what: String, _ c: inout DeckContext) -> Double? {
        switch v.kind {
        case .integer, .float:
            let x: Double
            if case .integer(let i) = v.kind { x = Double(i) } else if case .float(let f) = v.kind { x = f } else { return nil }
            guard let unit = c.defaultUnits[dimension] else {
                c.error("\(what) = \(x) has no unit: it is \(dimension.label)", line: v.line,
                        suggestion: "write it as \"\(x) \(dimension.units[0].name)\" or declare \(dimension.rawValue) in [units]")
                return nil
            }
            guard x.isFinite else { c.error("\(what) must be finite", line: v.line); return nil }
            return x * unit.factor
        case .string(let s):
            guard let (x, unit) = splitQuantity(s) else {
                c.error("\(what) = \"\(s)\" is not a number with a unit", line: v.line, suggestion: "e.g. \"10 \(dimension.units[0].name)\"")
                return nil
            }
            guard x.isFinite else { c.error("\(what) must be finite", line: v.line); return nil }
            if unit.isEmpty {
                if let d = c.defaultUnits[dimension] { return x * d.factor }
                c.error("\(what) = \"\(s)\" has no unit: it is \(dimension.label)", line: v.line, suggestion: "units: \(dimension.spellings)")
                return nil
            }
            if let f = dimension.factor(of: unit) { return x * f }
            if let other = Dimension.of(unit: unit) {
                c.error("\(what): '\(unit)' is a unit of \(other.label), but \(what) is \(dimension.label)", line: v.line,
                        suggestion: "units: \(dimension.spellings)")
            } else {
                let hint = closestMatch(unit, in: dimension.units.map(\.name)).map { "did you mean '\($0)'? " } ?? ""
                c.error("\(what): unknown unit '\(unit)'", line: v.line, suggestion: "\(hint)units: \(dimension.spellings)")
            }
            return nil
        default:
            c.error("\(what) must be \(dimension.label) with a unit (a string like \"10 \(dimension.units[0].name)\"), not \(v.typeName)", line: v.line)
            return nil
        }
    }

    /// A string from a fixed set (an enum's raw values), with "did you mean".
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool, default d: E? = nil,
                                                   _ c: inout DeckContext) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard let s = string(key, "one of \(names.joined(separator: ", "))", required: required, &c) else { return table[key] == nil ? d : nil }
        if let e = E(rawValue: s) { return e }
        let hint = closestMatch(s, in: names).map { "did you mean '\($0)'? " } ?? ""
        c.error("\(name) \(key) = \"\(s)\" is not one of \(names.joined(separator: ", "))", line: line(key), suggestion: hint.isEmpty ? nil : String(hint.dropLast()))
        return nil
    }

    /// An array of exactly `count` integers (Miller indices, cell counts), or nil with an error.
    func integers(_ key: String, _ what: String, count: ClosedRange<Int>, required: Bool, default d: [Int]? = nil,
                  _ c: inout DeckContext) -> [Int]? {
        guard let v = table[key] else { if required { missing(key, what, &c) }; return d }
        guard case .array(let items) = v.kind else { typeError(key, expected: "an array of integers (\(what))", got: v, &c); return nil }
        var out: [Int] = []
        for item in items {
            guard case .integer(let i) = item.kind else { typeError(key, expected: "an array of integers (\(what))", got: item, &c); return nil }
            out.append(i)
        }
        guard count.contains(out.count) else {
            let n = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            c.error("\(name) \(key) needs \(n) integers (\(what)), got \(out.count)", line: v.line); return nil
        }
        return out
    }

    /// A sub-table (inline or `[a.b]`).
    func section(_ key: String, allowed: [String], required: Bool, _ c: inout DeckContext) -> DeckSection? {
        guard let v = table[key] else { if required { missing(key, "a table", &c) }; return nil }
        guard case .table(let t) = v.kind else { typeError(key, expected: "a table", got: v, &c); return nil }
        return DeckSection(t, name: childName(key), allowed: allowed, context: &c)
    }

    /// An array of tables (`[[a]]` or an inline array of inline tables).
    func sections(_ key: String, allowed: [String], _ c: inout DeckContext) -> [DeckSection] {
        guard let v = table[key] else { return [] }
        guard case .array(let items) = v.kind else { typeError(key, expected: "an array of tables", got: v, &c); return [] }
        var out: [DeckSection] = []
        for (k, item) in items.enumerated() {
            guard case .table(var t) = item.kind else { typeError(key, expected: "an array of tables", got: item, &c); continue }
            if t.line == 0 { t.line = item.line }
            out.append(DeckSection(t, name: "\(childName(key))[\(k + 1)]", allowed: allowed, context: &c))
        }
        return out
    }
}

/// The allowed word nearest to `word` (edit distance at most a third of its length, at least 2).
func closestMatch(_ word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for cand in candidates {
        let d = editDistance(w, Array(cand.lowercased()))
        if d <= max(2, w.count / 3), d < (best?.1 ?? Int.max) { best = (cand, d) }
    }
    return best?.0
}

/// Levenshtein distance.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
