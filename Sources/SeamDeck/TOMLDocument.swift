import SeamCore

/// One TOML value with the line it starts on (1-based).
public struct TOMLValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string(String), integer(Int), float(Double), boolean(Bool), array([TOMLValue]), table(TOMLTable)
    }
    public var kind: Kind
    public var line: Int
    public init(_ kind: Kind, line: Int) { self.kind = kind; self.line = line }

    /// The TOML type name, for error messages.
    public var typeName: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: keys in the order written, each with its value and the line of the key.
public struct TOMLTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: TOMLValue
        /// Line of the key (or of the `[header]` that opened a sub-table).
        public var line: Int
    }
    public private(set) var entries: [Entry] = []
    /// Line of the header that opened the table (0 for the root).
    public var line: Int
    /// Whether the table was written as `[header]` (or `[[header]]`), not only implied by a dotted name.
    var explicitlyDefined = false

    public init(line: Int) { self.line = line }

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }
    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
    public var keys: [String] { entries.map(\.key) }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value } else { entries.append(Entry(key: key, value: value, line: line)) }
    }
}

/// Reads the subset of TOML 1.0 that Seam decks use, keeping the line of every key and value,
/// and collecting all syntax errors of a document (resuming at the next line) instead of
/// stopping at the first.
///
/// Why hand-written: TOMLKit 0.6.0 (toml++) reports only the first syntax error of a document
/// and exposes no source positions of keys or values, so located semantic errors ("key X at line
/// N") would need a second scan of the text anyway; this reader gives both in ~300 lines with
/// no C++ dependency.
///
/// Supported: comments; `[table]`, `[a.b]` and `[[array of tables]]` headers; bare, quoted and
/// dotted keys; basic strings with escapes (`\" \\ \n \t \uXXXX`), literal strings; integers
/// and floats (underscores, exponents, `inf`, `nan`); booleans; arrays (over several lines,
/// trailing comma); inline tables. Not supported (reported as errors): multi-line strings and
/// dates/times.
public enum TOMLReader {
    /// Parses `text` (named `source` in errors). Returns the root table and every syntax error.
    public static func parse(_ text: String, source: String) -> (root: TOMLTable, errors: [InputError]) {
        var p = Parser(bytes: Array(text.utf8), source: source)
        p.document()
        return (p.root, p.errors)
    }
}

private struct SyntaxError: Error { var message: String; var line: Int }

private struct Parser {
    let bytes: [UInt8]
    let source: String
    var i = 0
    var line = 1
    var root = TOMLTable(line: 0)
    var errors: [InputError] = []
    /// Current table path; for arrays of tables, the path element carries the element index.
    var current: [PathElement] = []
    /// Headers seen, for "defined twice".
    var definedHeaders: [String: Int] = [:]

    struct PathElement { var key: String; var index: Int? }

    init(bytes: [UInt8], source: String) { self.bytes = bytes; self.source = source }

    var atEnd: Bool { i >= bytes.count }
    var peek: UInt8 { i < bytes.count ? bytes[i] : 0 }

    mutating func error(_ message: String, line l: Int? = nil) {
        errors.append(InputError(message, at: SourceLocation(source: source, line: l ?? line)))
    }

    mutating func skipSpaces() { while !atEnd, peek == 0x20 || peek == 0x09 { i += 1 } }
    mutating func skipComment() { if peek == UInt8(ascii: "#") { while !atEnd, peek != 0x0A { i += 1 } } }
    mutating func skipToNextLine() {
        while !atEnd, peek != 0x0A { i += 1 }
        if !atEnd { i += 1; line += 1 }
    }
    /// Skips whitespace, newlines and comments (inside arrays).
    mutating func skipBlank() {
        while !atEnd {
            skipSpaces(); skipComment()
            if peek == 0x0D { i += 1; continue }
            if peek == 0x0A { i += 1; line += 1; continue }
            break
        }
    }
    /// After a statement: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws {
        skipSpaces(); skipComment()
        if peek == 0x0D { i += 1 }
        guard atEnd || peek == 0x0A else { throw SyntaxError(message: "unexpected text '\(restOfLine())' after the value", line: line) }
        if !atEnd { i += 1; line += 1 }
    }
    func restOfLine() -> String {
        var j = i
        while j < bytes.count, bytes[j] != 0x0A { j += 1 }
        return String(decoding: bytes[i..<j], as: UTF8.self).trimmingCharactersInSet()
    }

    mutating func document() {
        while true {
            skipBlank()
            if atEnd { break }
            let startLine = line
            do {
                if peek == UInt8(ascii: "[") { try header() } else { try keyValue() }
            } catch let e as SyntaxError {
                error(e.message, line: e.line)
                _ = startLine
                skipToNextLine()
            } catch {}
        }
    }

    // MARK: Headers and key/value pairs

    mutating func header() throws {
        let l = line
        i += 1
        let isArray = peek == UInt8(ascii: "[")
        if isArray { i += 1 }
        skipSpaces()
        let path = try keyPath()
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw SyntaxError(message: "table header needs a closing ']'", line: l) }
        i += 1
        if isArray {
            guard peek == UInt8(ascii: "]") else { throw SyntaxError(message: "array-of-tables header needs ']]'", line: l) }
            i += 1
        }
        try endOfLine()
        let name = path.joined(separator: ".")
        if isArray {
            current = try appendArrayElement(path, line: l)
        } else {
            if let first = definedHeaders[name] {
                throw SyntaxError(message: "table [\(name)] is defined twice (first at line \(first))", line: l)
            }
            definedHeaders[name] = l
            current = try openTable(path, line: l)
        }
    }

    mutating func keyValue() throws {
        let l = line
        let path = try keyPath()
        skipSpaces()
        guard peek == UInt8(ascii: "=") else {
            throw SyntaxError(message: "expected '=' after key '\(path.joined(separator: "."))'", line: l)
        }
        i += 1
        skipSpaces()
        let value = try parseValue(inline: false)
        try endOfLine()
        try insert(value, at: current, keys: path, line: l)
    }

    mutating func keyPath() throws -> [String] {
        var keys: [String] = []
        while true {
            skipSpaces()
            keys.append(try key())
            skipSpaces()
            if peek == UInt8(ascii: ".") { i += 1; continue }
            return keys
        }
    }

    mutating func key() throws -> String {
        if peek == UInt8(ascii: "\"") { return try basicString() }
        if peek == UInt8(ascii: "'") { return try literalString() }
        let start = i
        while !atEnd, isBareKeyByte(peek) { i += 1 }
        guard i > start else {
            throw SyntaxError(message: atEnd || peek == 0x0A ? "expected a key" : "unexpected character '\(Character(UnicodeScalar(peek)))' where a key should be", line: line)
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    // MARK: Tree building

    /// Resolves a path from the root, creating implicit tables; returns the path with indices.
    mutating func openTable(_ path: [String], line l: Int, explicit: Bool = true) throws -> [PathElement] {
        var resolved: [PathElement] = []
        var table = root
        for (k, key) in path.enumerated() {
            let last = k == path.count - 1
            switch table[key]?.kind {
            case nil:
                var t = TOMLTable(line: l)
                if last && explicit { t.explicitlyDefined = true }
                try modify(resolved) { $0.set(key, TOMLValue(.table(t), line: l), line: l) }
                table = t
                resolved.append(PathElement(key: key, index: nil))
            case .table(let t):
                if last && explicit && t.explicitlyDefined {
                    throw SyntaxError(message: "table [\(path.joined(separator: "."))] is defined twice", line: l)
                }
                table = t
                resolved.append(PathElement(key: key, index: nil))
            case .array(let a) where a.last.map({ if case .table = $0.kind { true } else { false } }) == true && !last:
                if case .table(let t) = a.last!.kind { table = t }
                resolved.append(PathElement(key: key, index: a.count - 1))
            default:
                throw SyntaxError(message: "'\(path.prefix(k + 1).joined(separator: "."))' is already a value, not a table", line: l)
            }
        }
        return resolved
    }

    mutating func appendArrayElement(_ path: [String], line l: Int) throws -> [PathElement] {
        var parent = try openTable(Array(path.dropLast()), line: l, explicit: false)
        let key = path.last!
        var count = 0
        try modify(parent) { t in
            var element = TOMLTable(line: l)
            element.explicitlyDefined = true
            switch t[key]?.kind {
            case nil:
                t.set(key, TOMLValue(.array([TOMLValue(.table(element), line: l)]), line: l), line: l)
                count = 1
            case .array(var a) where a.allSatisfy({ if case .table = $0.kind { true } else { false } }):
                element.line = l
                a.append(TOMLValue(.table(element), line: l))
                count = a.count
                t.set(key, TOMLValue(.array(a), line: t.entry(key)!.line), line: l)
            default:
                throw SyntaxError(message: "'\(path.joined(separator: "."))' is already a value, not an array of tables", line: l)
            }
        }
        parent.append(PathElement(key: key, index: count - 1))
        return parent
    }

    /// Inserts a value under `keys` (dotted keys create implicit sub-tables) in the table at `base`.
    mutating func insert(_ value: TOMLValue, at base: [PathElement], keys: [String], line l: Int) throws {
        var path = base
        for key in keys.dropLast() {
            var next: PathElement?
            try modify(path) { t in
                switch t[key]?.kind {
                case nil: t.set(key, TOMLValue(.table(TOMLTable(line: l)), line: l), line: l)
                case .table: break
                default: throw SyntaxError(message: "'\(key)' is already a value, not a table", line: l)
                }
                next = PathElement(key: key, index: nil)
            }
            path.append(next!)
        }
        let key = keys.last!
        try modify(path) { t in
            if let e = t.entry(key) {
                throw SyntaxError(message: "key '\(keys.joined(separator: "."))' is given twice (first at line \(e.line))", line: l)
            }
            t.set(key, value, line: l)
        }
    }

    /// Applies `change` to the table at `path` (copy-on-write walk down and back up).
    mutating func modify(_ path: [PathElement], _ change: (inout TOMLTable) throws -> Void) throws {
        func walk(_ t: inout TOMLTable, _ rest: ArraySlice<PathElement>) throws {
            guard let head = rest.first else { try change(&t); return }
            guard let entry = t.entry(head.key) else { preconditionFailure("path element '\(head.key)' vanished") }
            var value = entry.value
            switch value.kind {
            case .table(var sub):
                try walk(&sub, rest.dropFirst()); value.kind = .table(sub)
            case .array(var a):
                let k = head.index ?? a.count - 1
                guard case .table(var sub) = a[k].kind else { preconditionFailure("array element is not a table") }
                try walk(&sub, rest.dropFirst()); a[k].kind = .table(sub); value.kind = .array(a)
            default: preconditionFailure("path element '\(head.key)' is not a table")
            }
            t.set(head.key, value, line: entry.line)
        }
        try walk(&root, path[...])
    }

    // MARK: Values

    mutating func parseValue(inline: Bool) throws -> TOMLValue {
        let l = line
        guard !atEnd, peek != 0x0A, peek != UInt8(ascii: "#") else { throw SyntaxError(message: "missing value after '='", line: l) }
        switch peek {
        case UInt8(ascii: "\""):
            if bytes.count > i + 2, bytes[i + 1] == UInt8(ascii: "\""), bytes[i + 2] == UInt8(ascii: "\"") {
                throw SyntaxError(message: "multi-line strings are not supported in decks", line: l)
            }
            return TOMLValue(.string(try basicString()), line: l)
        case UInt8(ascii: "'"):
            return TOMLValue(.string(try literalString()), line: l)
        case UInt8(ascii: "["):
            i += 1
            var items: [TOMLValue] = []
            while true {
                skipBlank()
                guard !atEnd else { throw SyntaxError(message: "array opened at line \(l) is never closed", line: l) }
                if peek == UInt8(ascii: "]") { i += 1; break }
                items.append(try parseValue(inline: true))
                skipBlank()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "]") { i += 1; break }
                if atEnd { throw SyntaxError(message: "array opened at line \(l) is never closed", line: l) }
                throw SyntaxError(message: "expected ',' or ']' in the array opened at line \(l) (found '\(restOfLine())' at line \(line))", line: l)
            }
            return TOMLValue(.array(items), line: l)
        case UInt8(ascii: "{"):
            i += 1
            var table = TOMLTable(line: l)
            table.explicitlyDefined = true
            skipSpaces()
            if peek == UInt8(ascii: "}") { i += 1; return TOMLValue(.table(table), line: l) }
            while true {
                skipSpaces()
                let k = try key()
                skipSpaces()
                guard peek == UInt8(ascii: "=") else { throw SyntaxError(message: "expected '=' after '\(k)' in the inline table", line: line) }
                i += 1; skipSpaces()
                let v = try parseValue(inline: true)
                if table[k] != nil { throw SyntaxError(message: "key '\(k)' is given twice in the inline table", line: l) }
                table.set(k, v, line: l)
                skipSpaces()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "}") { i += 1; break }
                throw SyntaxError(message: "expected ',' or '}' in the inline table (inline tables stay on one line)", line: line)
            }
            return TOMLValue(.table(table), line: l)
        default:
            let start = i
            while !atEnd, !(peek == 0x20 || peek == 0x09 || peek == 0x0A || peek == 0x0D || peek == UInt8(ascii: ",")
                            || peek == UInt8(ascii: "]") || peek == UInt8(ascii: "}") || peek == UInt8(ascii: "#")) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            if word == "true" { return TOMLValue(.boolean(true), line: l) }
            if word == "false" { return TOMLValue(.boolean(false), line: l) }
            if let v = Self.number(word) { return TOMLValue(v, line: l) }
            if word.isEmpty { throw SyntaxError(message: "missing value", line: l) }
            if word.contains(":") || (word.count >= 10 && word.dropFirst(4).first == "-") {
                throw SyntaxError(message: "dates and times are not supported in decks: '\(word)'", line: l)
            }
            throw SyntaxError(message: "'\(word)' is not a value (strings need quotes: \"\(word)\")", line: l)
        }
    }

    static func number(_ word: String) -> TOMLValue.Kind? {
        let w = word
        switch w {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        // Underscores only between digits.
        let chars = Array(w)
        for (k, c) in chars.enumerated() where c == "_" {
            guard k > 0, k < chars.count - 1, chars[k - 1].isNumber, chars[k + 1].isNumber else { return nil }
        }
        let s = w.replacingUnderscores()
        guard let first = s.first, first.isNumber || first == "+" || first == "-" || first == "." else { return nil }
        if s.hasPrefix("0x") || s.hasPrefix("0o") || s.hasPrefix("0b") {
            let radix = s.hasPrefix("0x") ? 16 : s.hasPrefix("0o") ? 8 : 2
            return Int(s.dropFirst(2), radix: radix).map { .integer($0) }
        }
        if s.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" }), let v = Int(s) { return .integer(v) }
        guard s.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let v = Double(s) else { return nil }
        return .float(v)
    }

    mutating func basicString() throws -> String {
        let l = line
        i += 1
        var out: [UInt8] = []
        while true {
            guard !atEnd, peek != 0x0A else { throw SyntaxError(message: "string is not closed on its line", line: l) }
            let b = peek
            i += 1
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                guard !atEnd else { throw SyntaxError(message: "string is not closed", line: l) }
                let e = peek; i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let n = e == UInt8(ascii: "u") ? 4 : 8
                    guard i + n <= bytes.count, let code = UInt32(String(decoding: bytes[i..<(i + n)], as: UTF8.self), radix: 16),
                          let scalar = UnicodeScalar(code) else { throw SyntaxError(message: "bad unicode escape in string", line: l) }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8)); i += n
                default: throw SyntaxError(message: "unknown escape '\\\(Character(UnicodeScalar(e)))' in string", line: l)
                }
                continue
            }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func literalString() throws -> String {
        let l = line
        i += 1
        let start = i
        while !atEnd, peek != UInt8(ascii: "'") {
            guard peek != 0x0A else { throw SyntaxError(message: "string is not closed on its line", line: l) }
            i += 1
        }
        guard !atEnd else { throw SyntaxError(message: "string is not closed", line: l) }
        let s = String(decoding: bytes[start..<i], as: UTF8.self)
        i += 1
        return s
    }
}

private extension String {
    func trimmingCharactersInSet() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
