import Foundation
import SeamCore
import SeamPotential

/// One structure of an n2p2 `input.data` file with its reference labels.
///
/// Units are the file's (n2p2 files carry none): positions and cell in its length unit,
/// energy in its energy unit, forces in energy/length. Convert with `Structure.scaledLengths(by:)`.
public struct N2P2Configuration: Sendable {
    /// Atoms and cell; periodic along all axes when the block has three `lattice` lines.
    public var structure: Structure
    public var comment: String
    /// `set=train` / `set=test` from the `begin` line, if given.
    public var set: String?
    /// Reference total energy (`energy`), if given.
    public var energy: Double?
    /// Reference total charge (`charge`), if given.
    public var charge: Double?
    /// Reference charge per atom (column 5).
    public var charges: [Double]
    /// Reference force per atom (columns 7-9).
    public var forces: [Vec3]
    /// Line of the `begin` keyword.
    public var line: Int

    public init(structure: Structure, comment: String = "", set: String? = nil, energy: Double? = nil, charge: Double? = nil,
                charges: [Double]? = nil, forces: [Vec3]? = nil, line: Int = 0) {
        self.structure = structure; self.comment = comment; self.set = set; self.energy = energy; self.charge = charge
        self.charges = charges ?? [Double](repeating: 0, count: structure.count)
        self.forces = forces ?? [Vec3](repeating: .zero, count: structure.count)
        self.line = line
    }
}

/// Reader and writer of n2p2's `input.data` (n2p2-format.md section 3).
///
/// Periodic structures are remapped into the cell with n2p2's exact arithmetic (fractional
/// coordinates from the explicit inverse, wrap, back to Cartesian), which changes coordinates
/// at the ULP level even for atoms already inside; this keeps descriptors bit-close to n2p2.
public enum N2P2Data {
    /// Parses every structure of an `input.data` text.
    public static func parse(_ text: String, source: String) throws -> [N2P2Configuration] {
        var out: [N2P2Configuration] = []
        var inBlock = false
        var beginLine = 0, comment = "", set: String?, energy: Double?, charge: Double?
        var lattice: [Vec3] = [], elements: [Element] = [], positions: [Vec3] = [], charges: [Double] = [], forces: [Vec3] = []
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let at = SourceLocation(source: source, line: n + 1)
            let t = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let key = t.first else { continue }
            func number(_ k: Int) throws -> Double {
                guard k < t.count, let v = Double(t[k]), v.isFinite else {
                    throw InputError("'\(key)' line: field \(k + 1) is missing or not a number", at: at)
                }
                return v
            }
            if key != "begin" && !inBlock { throw InputError("'\(key)' outside a begin/end block", at: at) }
            switch key {
            case "begin":
                if inBlock { throw InputError("'begin' inside a block (missing 'end'?)", at: at) }
                inBlock = true; beginLine = n + 1; comment = ""; set = nil; energy = nil; charge = nil
                lattice = []; elements = []; positions = []; charges = []; forces = []
                for word in t.dropFirst() {
                    guard word == "set=train" || word == "set=test" else { throw InputError("unknown word '\(word)' after 'begin'", at: at, suggestion: "only set=train or set=test") }
                    set = String(word.dropFirst(4))
                }
            case "comment":
                if let r = raw.range(of: "comment") { comment = raw[r.upperBound...].trimmingCharacters(in: .whitespaces) }
            case "lattice":
                guard lattice.count < 3 else { throw InputError("more than three 'lattice' lines", at: at) }
                lattice.append(Vec3(try number(1), try number(2), try number(3)))
            case "atom":
                guard t.count >= 10 else { throw InputError("'atom' needs x y z element charge n fx fy fz (10 fields), got \(t.count)", at: at) }
                positions.append(Vec3(try number(1), try number(2), try number(3)))
                elements.append(try Element.parse(String(t[4]), at: at))
                charges.append(try number(5))
                forces.append(Vec3(try number(7), try number(8), try number(9)))
            case "energy": energy = try number(1)
            case "charge": charge = try number(1)
            case "end":
                guard lattice.count == 0 || lattice.count == 3 else {
                    throw InputError("a structure needs 0 or 3 'lattice' lines, got \(lattice.count)", at: at)
                }
                let periodic = lattice.count == 3
                if periodic, let q = charge, abs(q) > 10 * Double.ulpOfOne {
                    throw InputError("periodic structure has total charge \(q); n2p2 requires a neutral cell", at: at)
                }
                let cell = periodic ? Mat3(rows: lattice[0], lattice[1], lattice[2]) : .zero
                var s: Structure
                do {
                    s = try Structure(elements: elements, positions: positions, cell: cell, periodic: [periodic, periodic, periodic])
                } catch let e as InputError {
                    throw InputError(e.message, at: SourceLocation(source: source, line: beginLine))
                }
                if periodic { s.positions = s.positions.map { remap($0, cell: cell) } }
                out.append(N2P2Configuration(structure: s, comment: comment, set: set, energy: energy, charge: charge,
                                             charges: charges, forces: forces, line: beginLine))
                inBlock = false
            default:
                throw InputError("unknown keyword '\(key)' in input.data", at: at,
                                 suggestion: "expected begin, comment, lattice, atom, energy, charge or end")
            }
        }
        if inBlock { throw InputError("structure starting at line \(beginLine) has no 'end'", at: SourceLocation(source: source, line: beginLine)) }
        return out
    }

    /// n2p2's remap of a position into the periodic cell (rows = lattice vectors), in its
    /// exact operation order (section 3 of the format notes).
    public static func remap(_ r: Vec3, cell b: Mat3) -> Vec3 {
        let b00 = b.r0.x, b01 = b.r0.y, b02 = b.r0.z
        let b10 = b.r1.x, b11 = b.r1.y, b12 = b.r1.z
        let b20 = b.r2.x, b21 = b.r2.y, b22 = b.r2.z
        let det = b00 * b11 * b22 + b10 * b21 * b02 + b20 * b01 * b12 - b20 * b11 * b02 - b00 * b21 * b12 - b10 * b01 * b22
        let inv = 1 / det
        let i0 = Vec3(b11 * b22 - b21 * b12, b21 * b02 - b01 * b22, b01 * b12 - b11 * b02) * inv
        let i1 = Vec3(b20 * b12 - b10 * b22, b00 * b22 - b20 * b02, b10 * b02 - b00 * b12) * inv
        let i2 = Vec3(b10 * b21 - b20 * b11, b20 * b01 - b00 * b21, b00 * b11 - b10 * b01) * inv
        var f = (r.x * i0 + r.y * i1) + r.z * i2
        for c in 0..<3 {
            var v = f[c]
            if v > 1 { v -= v.rounded(.towardZero) }
            if v < 0 { v += 1 - v.rounded(.towardZero) }
            if v == 1 { v = 0 }
            f[c] = v
        }
        return (f.x * b.r0 + f.y * b.r1) + f.z * b.r2
    }

    /// Formats structures as `input.data` text (%.16E-style numbers, round-trip exact).
    public static func format(_ configurations: [N2P2Configuration]) -> String {
        func num(_ x: Double) -> String { String(format: "%24.16E", x) }
        var s = ""
        for c in configurations {
            s += c.set.map { "begin set=\($0)\n" } ?? "begin\n"
            if !c.comment.isEmpty { s += "comment \(c.comment)\n" }
            if c.structure.isPeriodic {
                for v in [c.structure.cell.r0, c.structure.cell.r1, c.structure.cell.r2] { s += "lattice \(num(v.x)) \(num(v.y)) \(num(v.z))\n" }
            }
            for i in 0..<c.structure.count {
                let r = c.structure.positions[i], f = c.forces[i]
                s += "atom \(num(r.x)) \(num(r.y)) \(num(r.z)) \(c.structure.elements[i].symbol) \(num(c.charges[i])) \(num(0)) \(num(f.x)) \(num(f.y)) \(num(f.z))\n"
            }
            s += "energy \(num(c.energy ?? 0))\n"
            s += "charge \(num(c.charge ?? 0))\n"
            s += "end\n"
        }
        return s
    }

    /// Reads a file.
    public static func read(_ url: URL) throws -> [N2P2Configuration] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read n2p2 data file: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try parse(text, source: url.path)
    }

    /// Writes a file atomically (temporary file, then rename).
    public static func write(_ configurations: [N2P2Configuration], to url: URL) throws {
        try Data(format(configurations).utf8).write(to: url, options: .atomic)
    }
}

extension Structure {
    /// A copy with positions and cell multiplied by `factor` (e.g. Bohr -> Å with
    /// `LengthUnit.bohr.inAngstrom`).
    public func scaledLengths(by factor: Double) -> Structure {
        var s = self
        s.positions = positions.map { $0 * factor }
        s.cell = Mat3(rows: cell.r0 * factor, cell.r1 * factor, cell.r2 * factor)
        return s
    }
}
