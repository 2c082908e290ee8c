import Foundation
import SeamCore
import SeamPotential

/// Extended XYZ (ASE, OVITO, QUIP/libAtoms): parser and writer.
///
/// Each frame is an atom-count line, a comment line of `key=value` pairs and one line per atom
/// whose columns the `Properties` key declares as `name:type:width` triples (type S string,
/// R real, I integer, L logical). Recognised keys:
/// - `Lattice="ax ay az bx by bz cx cy cz"`: cell rows, Å. Without it the frame is a cluster.
/// - `pbc="T T F"`: periodicity; defaults to all true when a lattice is given (ASE's rule).
/// - `Properties=species:S:1:pos:R:3[...]`: species may be replaced by `Z:I:1` (atomic numbers);
///   `pos` (Å) is required; `forces` (or `force`, OVITO) R:3 in eV/Å fill `Frame.forces`;
///   every other column is kept in `Frame.atomProperties` (e.g. `energies:R:1`, `extrapolation:I:1`).
/// - `energy=` (eV) and `stress=` (eV/Å^3, ASE's sign: σ = -W/V, tension positive) as 9 values
///   (row-major 3x3, what ASE writes) or 6 Voigt values (xx yy zz yz xz xy).
/// - Any other key is kept verbatim as a string in `Frame.info`; a bare key means `T`.
///
/// Units are ASE's: Å, eV, eV/Å, eV/Å^3; the format itself carries none.
public enum ExtendedXYZ {
    /// A per-atom column that Seam does not interpret.
    public struct AtomProperty: Sendable, Equatable {
        public enum Values: Sendable, Equatable {
            case real([Double]), integer([Int]), string([String]), logical([Bool])
            var typeCode: String {
                switch self { case .real: "R"; case .integer: "I"; case .string: "S"; case .logical: "L" }
            }
        }
        /// Column name as in `Properties`.
        public var name: String
        /// Values per atom (1 for scalars, 3 for vectors).
        public var width: Int
        /// Row-major values: atom i's components are `width*i ..< width*(i+1)`.
        public var values: Values
        public init(name: String, width: Int, values: Values) { self.name = name; self.width = width; self.values = values }
    }

    /// One configuration with its annotations.
    public struct Frame: Sendable, Equatable {
        public var structure: Structure
        /// Total energy, eV.
        public var energy: Double?
        /// Cauchy stress, eV/Å^3 (ASE sign: σ = -W/V).
        public var stress: Mat3?
        /// Forces, eV/Å, one per atom.
        public var forces: [Vec3]?
        /// Other per-atom columns, in file order.
        public var atomProperties: [AtomProperty]
        /// Other comment-line keys, values verbatim (quotes removed).
        public var info: [String: String]
        public init(structure: Structure, energy: Double? = nil, stress: Mat3? = nil, forces: [Vec3]? = nil,
                    atomProperties: [AtomProperty] = [], info: [String: String] = [:]) {
            self.structure = structure; self.energy = energy; self.stress = stress; self.forces = forces
            self.atomProperties = atomProperties; self.info = info
        }
        /// The extra column called `name`, if present.
        public func property(_ name: String) -> AtomProperty? { atomProperties.first { $0.name == name } }
    }

    // MARK: Files (the only place this format touches the file system)

    /// Reads every frame of the file at `url`.
    public static func read(from url: URL) throws -> [Frame] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read extended XYZ file: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try parse(text, source: url.path)
    }

    /// Writes `frames` to `url` atomically.
    public static func write(_ frames: [Frame], to url: URL) throws {
        try AtomicFile.write(frames.map(format).joined(), to: url)
    }

    // MARK: Parsing

    /// Parses all frames in `text`; `source` names it in errors (file:line).
    public static func parse(_ text: String, source: String) throws -> [Frame] {
        // isNewline covers "\n", "\r\n" (one Character in Swift) and "\r".
        var lines: [Substring] = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last == "" { lines.removeLast() }
        var frames: [Frame] = []
        var k = 0
        while k < lines.count {
            if lines[k].allSatisfy(\.isWhitespace) { k += 1; continue }  // blank lines between frames
            let (frame, next) = try parseFrame(lines, at: k, source: source)
            frames.append(frame); k = next
        }
        return frames
    }

    private struct Column { var name: String; var type: Character; var width: Int; var start: Int }

    private static func parseFrame(_ lines: [Substring], at first: Int, source: String) throws -> (Frame, Int) {
        func location(_ index: Int) -> SourceLocation { SourceLocation(source: source, line: index + 1) }
        let countText = lines[first].trimmingCharacters(in: .whitespacesAndNewlines)
        guard let count = Int(countText), count >= 0 else {
            throw InputError("expected the number of atoms, found '\(countText)'", at: location(first),
                             suggestion: "a frame starts with a line holding only the atom count")
        }
        guard first + 1 < lines.count else {
            throw InputError("file ends after the atom count; expected the comment line", at: location(first + 1))
        }
        let commentIndex = first + 1
        let here = location(commentIndex)
        var pairs = try parseKeyValues(String(lines[commentIndex]), at: here)

        // Lattice and periodicity.
        var cell = Mat3.zero, periodic = [false, false, false]
        if let lattice = pairs.removeValue(forKey: "Lattice") {
            let v = try numbers(lattice, key: "Lattice", expected: [9], at: here)
            cell = Mat3(v); periodic = [true, true, true]
        }
        if let pbc = pairs.removeValue(forKey: "pbc") {
            let flags = pbc.split(whereSeparator: \.isWhitespace)
            guard flags.count == 3 else { throw InputError("pbc needs 3 flags, found \(flags.count): '\(pbc)'", at: here) }
            periodic = try flags.map { try logical(String($0), what: "pbc flag", at: here) }
        }
        // Columns.
        let propertiesText = pairs.removeValue(forKey: "Properties") ?? "species:S:1:pos:R:3"
        let parts = propertiesText.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 3 == 0, !parts.isEmpty else {
            throw InputError("Properties must be name:type:width triples, got '\(propertiesText)'", at: here)
        }
        var columns: [Column] = []
        var width = 0
        for t in stride(from: 0, to: parts.count, by: 3) {
            guard let type = parts[t + 1].first, parts[t + 1].count == 1, "SRIL".contains(type) else {
                throw InputError("Properties: column '\(parts[t])' has type '\(parts[t + 1])'", at: here, suggestion: "types are S, R, I or L")
            }
            guard let w = Int(parts[t + 2]), w >= 1 else {
                throw InputError("Properties: column '\(parts[t])' has width '\(parts[t + 2])'", at: here)
            }
            columns.append(Column(name: parts[t], type: type, width: w, start: width)); width += w
        }
        let species = columns.first { $0.name == "species" && $0.type == "S" && $0.width == 1 }
        let atomicNumbers = columns.first { $0.name == "Z" && $0.type == "I" && $0.width == 1 }
        guard let pos = columns.first(where: { $0.name == "pos" && $0.type == "R" && $0.width == 3 }) else {
            throw InputError("Properties has no pos:R:3 column", at: here, suggestion: "Properties=species:S:1:pos:R:3")
        }
        guard species != nil || atomicNumbers != nil else {
            throw InputError("Properties has neither species:S:1 nor Z:I:1", at: here, suggestion: "Properties=species:S:1:pos:R:3")
        }
        let forceColumn = columns.first { ($0.name == "forces" || $0.name == "force") && $0.type == "R" && $0.width == 3 }

        // Atom lines.
        guard commentIndex + count < lines.count else {
            throw InputError("file ends after \(lines.count - commentIndex - 1) of \(count) atom lines", at: location(lines.count))
        }
        var fields = [[Substring]]()
        fields.reserveCapacity(count)
        for i in 0..<count {
            let index = commentIndex + 1 + i
            let f = lines[index].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard f.count == width else {
                throw InputError("atom line has \(f.count) columns, Properties declares \(width) (\(propertiesText))", at: location(index))
            }
            fields.append(f)
        }
        func real(_ i: Int, _ c: Int, _ name: String) throws -> Double {
            let token = fields[i][c]
            guard let v = Double(token), v.isFinite else {
                throw InputError("'\(token)' in column \(c + 1) (\(name)) is not a finite number", at: location(commentIndex + 1 + i))
            }
            return v
        }
        func integer(_ i: Int, _ c: Int, _ name: String) throws -> Int {
            guard let v = Int(fields[i][c]) else {
                throw InputError("'\(fields[i][c])' in column \(c + 1) (\(name)) is not an integer", at: location(commentIndex + 1 + i))
            }
            return v
        }
        var elements: [Element] = [], positions: [Vec3] = []
        for i in 0..<count {
            let at = location(commentIndex + 1 + i)
            if let species {
                let token = String(fields[i][species.start])
                if Element(symbol: token) == nil, let z = Int(token), let e = Element(atomicNumber: z) {
                    throw InputError("unknown element '\(token)'", at: at,
                                     suggestion: "did you mean '\(e.symbol)'? atomic numbers belong in a Z:I:1 column")
                }
                elements.append(try Element.parse(token, at: at))
            } else if let atomicNumbers {
                let z = try integer(i, atomicNumbers.start, "Z")
                guard let e = Element(atomicNumber: z) else { throw InputError("atomic number \(z) is not an element (1...102)", at: at) }
                elements.append(e)
            }
            positions.append(Vec3(try real(i, pos.start, "pos"), try real(i, pos.start + 1, "pos"), try real(i, pos.start + 2, "pos")))
        }
        var forces: [Vec3]?
        if let fc = forceColumn {
            forces = try (0..<count).map { i in
                Vec3(try real(i, fc.start, fc.name), try real(i, fc.start + 1, fc.name), try real(i, fc.start + 2, fc.name))
            }
        }
        var extra: [AtomProperty] = []
        for c in columns where c.name != "pos" && c.name != species?.name && c.name != forceColumn?.name
            && !(species == nil && c.name == atomicNumbers?.name) {
            let cells = (0..<count).flatMap { i in (0..<c.width).map { (i, c.start + $0) } }
            let values: AtomProperty.Values
            switch c.type {
            case "R": values = .real(try cells.map { try real($0.0, $0.1, c.name) })
            case "I": values = .integer(try cells.map { try integer($0.0, $0.1, c.name) })
            case "L": values = .logical(try cells.map { try logical(String(fields[$0.0][$0.1]), what: c.name, at: location(commentIndex + 1 + $0.0)) })
            default: values = .string(cells.map { String(fields[$0.0][$0.1]) })
            }
            extra.append(AtomProperty(name: c.name, width: c.width, values: values))
        }

        var energy: Double?
        if let e = pairs.removeValue(forKey: "energy") {
            guard let v = Double(e.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw InputError("energy '\(e)' is not a finite number", at: here)
            }
            energy = v
        }
        var stress: Mat3?
        if let s = pairs.removeValue(forKey: "stress") {
            let v = try numbers(s, key: "stress", expected: [9, 6], at: here)
            // Voigt order xx yy zz yz xz xy.
            stress = v.count == 9 ? Mat3(v) : Mat3([v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2]])
        }
        let structure: Structure
        do {
            structure = try Structure(elements: elements, positions: positions, cell: cell, periodic: periodic)
        } catch let error as InputError {
            throw InputError(error.message, at: here, suggestion: error.suggestion)
        }
        let frame = Frame(structure: structure, energy: energy, stress: stress, forces: forces, atomProperties: extra, info: pairs)
        return (frame, commentIndex + 1 + count)
    }

    private static func numbers(_ text: String, key: String, expected: [Int], at here: SourceLocation) throws -> [Double] {
        let tokens = text.split(whereSeparator: \.isWhitespace)
        guard expected.contains(tokens.count) else {
            throw InputError("\(key) needs \(expected.map(String.init).joined(separator: " or ")) numbers, found \(tokens.count)", at: here)
        }
        return try tokens.map {
            guard let v = Double($0), v.isFinite else { throw InputError("\(key): '\($0)' is not a finite number", at: here) }
            return v
        }
    }

    private static func logical(_ token: String, what: String, at here: SourceLocation) throws -> Bool {
        switch token {
        case "T", "True", "true", "TRUE", "1": return true
        case "F", "False", "false", "FALSE", "0": return false
        default: throw InputError("\(what) '\(token)' is not a logical value", at: here, suggestion: "use T or F")
        }
    }

    /// Splits a comment line into key=value pairs. Values may be double-quoted (with `\"`
    /// escapes) or wrapped in braces/brackets; a bare key stands for `key=T`.
    static func parseKeyValues(_ line: String, at here: SourceLocation) throws -> [String: String] {
        let c = Array(line)
        var i = 0
        var out: [String: String] = [:]
        func skipSpace() { while i < c.count, c[i].isWhitespace { i += 1 } }
        func readValue() throws -> String {
            guard i < c.count else { return "" }
            if c[i] == "\"" {
                i += 1
                var v = ""
                while i < c.count, c[i] != "\"" {
                    if c[i] == "\\", i + 1 < c.count { i += 1 }
                    v.append(c[i]); i += 1
                }
                guard i < c.count else { throw InputError("unterminated quoted value in the comment line", at: here) }
                i += 1
                return v
            }
            if let close: Character = c[i] == "{" ? "}" : (c[i] == "[" ? "]" : nil) {
                let start = i + 1
                while i < c.count, c[i] != close { i += 1 }
                guard i < c.count else { throw InputError("unterminated '\(c[start - 1])' in the comment line", at: here) }
                i += 1
                return String(c[start..<(i - 1)]).replacingOccurrences(of: ",", with: " ")
            }
            let start = i
            while i < c.count, !c[i].isWhitespace { i += 1 }
            return String(c[start..<i])
        }
        skipSpace()
        while i < c.count {
            let start = i
            while i < c.count, !c[i].isWhitespace, c[i] != "=" { i += 1 }
            let key = String(c[start..<i])
            guard !key.isEmpty else { throw InputError("comment line has a value without a key", at: here) }
            skipSpace()
            if i < c.count, c[i] == "=" {
                i += 1; skipSpace()
                out[key] = try readValue()
            } else {
                out[key] = "T"
            }
            skipSpace()
        }
        return out
    }

    // MARK: Writing

    /// Formats one frame (ASE-compatible; numbers in shortest round-trip form).
    public static func format(_ frame: Frame) -> String {
        let s = frame.structure
        precondition(frame.forces == nil || frame.forces!.count == s.count, "forces must have one entry per atom")
        var header: [String] = []
        if s.isPeriodic || s.cell != .zero {
            let c = s.cell
            header.append("Lattice=\"" + [c.r0, c.r1, c.r2].flatMap { [$0.x, $0.y, $0.z] }.map(number).joined(separator: " ") + "\"")
        }
        var properties = "species:S:1:pos:R:3"
        if frame.forces != nil { properties += ":forces:R:3" }
        for p in frame.atomProperties {
            precondition(valueCount(p.values) == p.width * s.count, "property \(p.name) must have \(p.width) values per atom")
            properties += ":\(p.name):\(p.values.typeCode):\(p.width)"
        }
        header.append("Properties=" + properties)
        if let e = frame.energy { header.append("energy=" + number(e)) }
        if let t = frame.stress {
            header.append("stress=\"" + [t.r0, t.r1, t.r2].flatMap { [$0.x, $0.y, $0.z] }.map(number).joined(separator: " ") + "\"")
        }
        for key in frame.info.keys.sorted() { header.append(key + "=" + quoted(frame.info[key]!)) }
        header.append("pbc=\"" + s.periodic.map { $0 ? "T" : "F" }.joined(separator: " ") + "\"")

        var out = "\(s.count)\n" + header.joined(separator: " ") + "\n"
        for i in 0..<s.count {
            var row = [s.elements[i].symbol, number(s.positions[i].x), number(s.positions[i].y), number(s.positions[i].z)]
            if let f = frame.forces?[i] { row += [number(f.x), number(f.y), number(f.z)] }
            for p in frame.atomProperties {
                let r = p.width * i ..< p.width * (i + 1)
                switch p.values {
                case .real(let v): row += v[r].map(number)
                case .integer(let v): row += v[r].map { String($0) }
                case .string(let v): row += v[r]
                case .logical(let v): row += v[r].map { $0 ? "T" : "F" }
                }
            }
            out += row.joined(separator: " ") + "\n"
        }
        return out
    }

    private static func valueCount(_ v: AtomProperty.Values) -> Int {
        switch v { case .real(let a): a.count; case .integer(let a): a.count; case .string(let a): a.count; case .logical(let a): a.count }
    }

    private static func number(_ x: Double) -> String { x == 0 ? "0.0" : "\(x)" }

    private static func quoted(_ v: String) -> String {
        if !v.isEmpty, !v.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "=" || $0 == "{" || $0 == "[" }) { return v }
        return "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
