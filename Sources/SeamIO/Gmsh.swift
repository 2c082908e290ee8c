import Foundation
import SeamCore
import SeamFEM

/// Reader for Gmsh `.msh` meshes, ASCII formats 4.1 and 2.2, into a `Mesh`.
///
/// - Domain dimension: that of the highest-dimensional elements (2 or 3); a 2D mesh must lie
///   in the plane z = 0.
/// - Elements of the domain dimension become `cells`, lower-dimensional ones (edges in 2D,
///   faces and edges in 3D) `boundary` blocks; points (type 15) only feed node sets. Each
///   cell carries its physical tag (4.1: the first physical tag of its entity from
///   `$Entities`; 2.2: the first element tag), 0 when it has none.
/// - `$PhysicalNames` give `groupNames`; every physical group of boundary or point elements
///   gives `nodeSets[name]` (sorted node indices; an unnamed group is named by its tag).
/// - Node tags are renumbered 0-based in the order of `$Nodes`.
/// - Supported element types: 1 line2, 8 line3, 2 tri3, 9 tri6, 3 quad4, 4 tet4, 11 tet10,
///   5 hex8, 15 point. Node order stays Gmsh's (as `CellType` documents).
///
/// Errors are `InputError`s located at the offending line. Zero-area triangles and
/// quadrilaterals and zero-volume tetrahedra (corner nodes) are rejected naming the element
/// tag; orientation and distortion are left to the finite-element side. Lengths are whatever the .geo used (Seam's meshes use Å).
///
/// Hand-written: a small, pure `(text, source) -> Mesh` parser with located errors; no Swift
/// package reads .msh.
public enum Gmsh {
    /// Parses a .msh text; `source` names it in errors (e.g. the file path).
    public static func parse(_ text: String, source: String) throws -> Mesh {
        var parser = GmshParser(text: text, source: source)
        return try parser.parse()
    }

    /// Reads and parses a .msh file.
    public static func read(_ url: URL) throws -> Mesh {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError("cannot read mesh file: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try parse(String(decoding: data, as: UTF8.self), source: url.path)
    }

    /// Gmsh element type number -> cell type (nil for points, which carry no cell).
    static func cellType(gmshType t: Int) -> CellType?? {
        switch t {
        case 1: .line2
        case 8: .line3
        case 2: .triangle3
        case 9: .triangle6
        case 3: .quadrilateral4
        case 4: .tetrahedron4
        case 11: .tetrahedron10
        case 5: .hexahedron8
        case 15: .some(nil)
        default: nil
        }
    }
    static let supportedTypes = "1 (line2), 8 (line3), 2 (tri3), 9 (tri6), 3 (quad4), 4 (tet4), 11 (tet10), 5 (hex8), 15 (point)"
}

/// One element as read: Gmsh tag, type (nil = point), physical tags, node tags.
private struct RawElement {
    var tag: Int
    var type: CellType?
    var physical: [Int32]
    var nodes: [Int]
    var line: Int
}

/// A token or line: bytes of the UTF-8 text (indices into the whole text).
private typealias Token = ArraySlice<UInt8>
extension ArraySlice where Element == UInt8 {
    fileprivate var text: String { String(decoding: self, as: UTF8.self) }
}

/// The line cursor and the section parsers (file-private state, one parse).
///
/// Works on UTF-8 bytes with hand-written integer and decimal parsing: splitting Swift
/// `String`s by `Character` cost 3.0 s for a 250k-cell mesh, bytes 0.6 s (`seam-bench` mesh I/O).
private struct GmshParser {
    let bytes: [UInt8]
    let lines: [Token]
    let source: String
    var index = 0
    var version = 0  // 2 or 4
    var groupNames: [Int32: String] = [:]
    /// 4.1 entities: (dim, tag) -> physical tags.
    var entityPhysical: [EntityKey: [Int32]] = [:]
    var nodeIndex: [Int: Int32] = [:]
    var nodes: [Vec3] = []
    var elements: [RawElement] = []

    struct EntityKey: Hashable { var dim: Int; var tag: Int }

    init(text: String, source: String) {
        let b = Array(text.utf8)
        bytes = b
        lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { l in
            l.last == UInt8(ascii: "\r") ? l.dropLast() : l
        }
        self.source = source
    }

    func location(_ line: Int) -> SourceLocation { SourceLocation(source: source, line: line + 1) }
    func error(_ message: String, line: Int, suggestion: String? = nil) -> InputError {
        InputError(message, at: location(line), suggestion: suggestion)
    }

    /// The next non-empty line's tokens and its index; throws at end of file.
    mutating func nextTokens(in section: String) throws -> (tokens: [Token], line: Int) {
        while index < lines.count {
            let l = lines[index]; index += 1
            let t = l.split(whereSeparator: { $0 == 32 || $0 == 9 })
            if !t.isEmpty { return (t, index - 1) }
        }
        throw InputError("unexpected end of file inside \(section)", at: SourceLocation(source: source, line: lines.count),
                         suggestion: "the file is truncated or $End\(section.dropFirst()) is missing")
    }

    func int(_ t: Token, _ what: String, line: Int) throws -> Int {
        guard let v = GmshParser.parseInt(t) else { throw error("expected an integer \(what), found '\(t.text)'", line: line) }
        return v
    }
    func double(_ t: Token, _ what: String, line: Int) throws -> Double {
        guard let v = GmshParser.parseDouble(t), v.isFinite else { throw error("expected a number \(what), found '\(t.text)'", line: line) }
        return v
    }

    /// Decimal integer with optional sign; nil on any other byte or overflow.
    static func parseInt(_ t: Token) -> Int? {
        var i = t.startIndex, negative = false
        if i < t.endIndex && (t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+")) { negative = t[i] == UInt8(ascii: "-"); i += 1 }
        guard i < t.endIndex else { return nil }
        var v = 0
        while i < t.endIndex {
            let d = Int(t[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1 && !o2 else { return nil }
            v = a; i += 1
        }
        return negative ? -v : v
    }

    static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// Decimal number. Clinger's fast path (mantissa below 2^53, |exponent| ≤ 22: one
    /// correctly rounded multiplication or division) covers what Gmsh writes; anything else
    /// goes to the standard library's parser, so results are always correctly rounded.
    static func parseDouble(_ t: Token) -> Double? {
        var i = t.startIndex, negative = false
        if i < t.endIndex && (t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+")) { negative = t[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0, any = false
        while i < t.endIndex, t[i] >= 48 && t[i] <= 57 {
            if digits < 19 { mantissa = mantissa * 10 + UInt64(t[i] - 48); if mantissa > 0 { digits += 1 } } else { exponent += 1 }
            any = true; i += 1
        }
        if i < t.endIndex && t[i] == UInt8(ascii: ".") {
            i += 1
            while i < t.endIndex, t[i] >= 48 && t[i] <= 57 {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(t[i] - 48); exponent -= 1; if mantissa > 0 { digits += 1 } }
                any = true; i += 1
            }
        }
        guard any else { return Double(t.text) }
        if i < t.endIndex && (t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E")) {
            guard let e = parseInt(t[(i + 1)...]), abs(e) < 100_000 else { return Double(t.text) }
            exponent += e; i = t.endIndex
        }
        guard i == t.endIndex else { return nil }
        guard mantissa < (1 << 53), digits < 19, abs(exponent) <= 22 else { return Double(t.text) }
        let m = Double(mantissa)
        let v = exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
        return negative ? -v : v
    }

    func need(_ tokens: [Token], _ n: Int, _ what: String, line: Int) throws {
        guard tokens.count >= n else { throw error("\(what): expected \(n) values, found \(tokens.count)", line: line) }
    }

    mutating func expectEnd(_ section: String) throws {
        let (t, line) = try nextTokens(in: section)
        guard t.count == 1, t[0].text == "$End" + section.dropFirst() else {
            throw error("expected $End\(section.dropFirst()), found '\(t.map(\.text).joined(separator: " "))'", line: line,
                        suggestion: "a count in the section header does not match its contents")
        }
    }

    mutating func parse() throws -> Mesh {
        var seen: Set<String> = []
        while index < lines.count {
            let l = lines[index].text.trimmingCharacters(in: .whitespaces)
            let line = index
            index += 1
            if l.isEmpty { continue }
            guard l.hasPrefix("$") else { throw error("expected a section header ($Name), found '\(l.prefix(40))'", line: line) }
            if seen.isEmpty && l != "$MeshFormat" {
                throw error("the file does not start with $MeshFormat (found '\(l.prefix(40))')", line: line,
                            suggestion: "is this a Gmsh .msh file?")
            }
            seen.insert(l)
            switch l {
            case "$MeshFormat": try parseFormat()
            case "$PhysicalNames": try parsePhysicalNames()
            case "$Entities":
                if version == 4 { try parseEntities() } else { try skip(l, from: line) }
            case "$Nodes": version == 4 ? try parseNodes41() : try parseNodes22()
            case "$Elements": version == 4 ? try parseElements41() : try parseElements22()
            default: try skip(l, from: line)
            }
        }
        if seen.isEmpty { throw InputError("empty mesh file", at: SourceLocation(source: source, line: 1)) }
        for s in ["$Nodes", "$Elements"] where !seen.contains(s) {
            throw InputError("missing section \(s)", at: SourceLocation(source: source, line: lines.count))
        }
        return try buildMesh()
    }

    /// Skips an unknown section ($NodeData, $Periodic, ...) up to its $End line.
    mutating func skip(_ header: String, from line: Int) throws {
        let end = "$End" + header.dropFirst()
        while index < lines.count {
            let l = lines[index].text.trimmingCharacters(in: .whitespaces); index += 1
            if l == end { return }
        }
        throw error("section \(header) has no \(end)", line: line)
    }

    mutating func parseFormat() throws {
        let (t, line) = try nextTokens(in: "$MeshFormat")
        try need(t, 3, "$MeshFormat", line: line)
        guard t[1].text == "0" else {
            throw error("binary .msh not supported: save as ASCII", line: line,
                        suggestion: "in Gmsh: File > Export, Mesh - Gmsh MSH, uncheck 'Save in binary format', or run gmsh with -format msh41 and no -bin")
        }
        switch t[0].text {
        case "4.1": version = 4
        case "2.2", "2.1", "2", "2.0": version = 2
        default:
            throw error("unsupported .msh version \(t[0].text)", line: line, suggestion: "save as version 4.1 or 2.2 (gmsh -format msh41)")
        }
        try expectEnd("$MeshFormat")
    }

    mutating func parsePhysicalNames() throws {
        let (t, line) = try nextTokens(in: "$PhysicalNames")
        let n = try int(t[0], "number of physical names", line: line)
        for _ in 0..<max(0, n) {
            let (p, l) = try nextTokens(in: "$PhysicalNames")
            try need(p, 3, "physical name (dim tag \"name\")", line: l)
            let tag = try int(p[1], "physical tag", line: l)
            let raw = bytes[p[2].startIndex..<p[p.count - 1].endIndex].text
            guard raw.count >= 2, raw.first == "\"", raw.last == "\"" else {
                throw error("physical name must be quoted, found \(raw)", line: l)
            }
            groupNames[Int32(tag)] = String(raw.dropFirst().dropLast())
        }
        try expectEnd("$PhysicalNames")
    }

    mutating func parseEntities() throws {
        let (t, line) = try nextTokens(in: "$Entities")
        try need(t, 4, "$Entities counts (points curves surfaces volumes)", line: line)
        let counts = try t.prefix(4).map { try int($0, "entity count", line: line) }
        for dim in 0..<4 {
            for _ in 0..<counts[dim] {
                let (e, l) = try nextTokens(in: "$Entities")
                // point: tag x y z nphys phys...; others: tag minx miny minz maxx maxy maxz nphys phys... nbound bound...
                let physAt = dim == 0 ? 4 : 7
                try need(e, physAt + 1, "entity of dimension \(dim)", line: l)
                let tag = try int(e[0], "entity tag", line: l)
                let np = try int(e[physAt], "number of physical tags", line: l)
                try need(e, physAt + 1 + np, "entity of dimension \(dim) with \(np) physical tags", line: l)
                let phys = try (0..<np).map { Int32(try int(e[physAt + 1 + $0], "physical tag", line: l)) }
                entityPhysical[EntityKey(dim: dim, tag: tag)] = phys.map { abs($0) }
            }
        }
        try expectEnd("$Entities")
    }

    mutating func addNode(tag: Int, _ p: Vec3, line: Int) throws {
        guard nodeIndex[tag] == nil else { throw error("node tag \(tag) appears twice", line: line) }
        nodeIndex[tag] = Int32(nodes.count)
        nodes.append(p)
    }

    mutating func parseNodes41() throws {
        let (t, line) = try nextTokens(in: "$Nodes")
        try need(t, 4, "$Nodes header (blocks nodes minTag maxTag)", line: line)
        let blocks = try int(t[0], "number of node blocks", line: line)
        let total = try int(t[1], "number of nodes", line: line)
        for _ in 0..<blocks {
            let (b, bl) = try nextTokens(in: "$Nodes")
            try need(b, 4, "node block header (dim tag parametric count)", line: bl)
            let dim = try int(b[0], "entity dimension", line: bl)
            let parametric = try int(b[2], "parametric flag", line: bl) != 0
            let count = try int(b[3], "nodes in block", line: bl)
            var tags: [(Int, Int)] = []
            tags.reserveCapacity(count)
            for _ in 0..<count {
                let (n, nl) = try nextTokens(in: "$Nodes")
                guard n.count == 1 else {
                    throw error("expected one node tag per line, found \(n.count) values", line: nl,
                                suggestion: "the block header's node count (\(count)) does not match the block")
                }
                tags.append((try int(n[0], "node tag", line: nl), nl))
            }
            let coordinateCount = 3 + (parametric ? dim : 0)
            for (tag, _) in tags {
                let (c, cl) = try nextTokens(in: "$Nodes")
                guard c.count == coordinateCount else {
                    throw error("node \(tag): expected \(coordinateCount) coordinates, found \(c.count)", line: cl)
                }
                let p = Vec3(try double(c[0], "x", line: cl), try double(c[1], "y", line: cl), try double(c[2], "z", line: cl))
                try addNode(tag: tag, p, line: cl)
            }
        }
        guard nodes.count == total else {
            throw error("$Nodes header announces \(total) nodes but the blocks hold \(nodes.count)", line: line)
        }
        try expectEnd("$Nodes")
    }

    mutating func parseNodes22() throws {
        let (t, line) = try nextTokens(in: "$Nodes")
        let total = try int(t[0], "number of nodes", line: line)
        for _ in 0..<total {
            let (c, cl) = try nextTokens(in: "$Nodes")
            guard c.count == 4 else { throw error("expected 'tag x y z', found \(c.count) values", line: cl,
                                                  suggestion: "the node count \(total) on line \(line + 1) may be wrong") }
            let tag = try int(c[0], "node tag", line: cl)
            try addNode(tag: tag, Vec3(try double(c[1], "x", line: cl), try double(c[2], "y", line: cl), try double(c[3], "z", line: cl)), line: cl)
        }
        try expectEnd("$Nodes")
    }

    func elementType(_ t: Token, line: Int) throws -> CellType? {
        let v = try int(t, "element type", line: line)
        guard let type = Gmsh.cellType(gmshType: v) else {
            throw error("unsupported element type \(v)", line: line, suggestion: "supported: \(Gmsh.supportedTypes)")
        }
        return type
    }

    mutating func parseElements41() throws {
        let (t, line) = try nextTokens(in: "$Elements")
        try need(t, 4, "$Elements header (blocks elements minTag maxTag)", line: line)
        let blocks = try int(t[0], "number of element blocks", line: line)
        let total = try int(t[1], "number of elements", line: line)
        for _ in 0..<blocks {
            let (b, bl) = try nextTokens(in: "$Elements")
            try need(b, 4, "element block header (dim tag type count)", line: bl)
            let dim = try int(b[0], "entity dimension", line: bl)
            let entity = try int(b[1], "entity tag", line: bl)
            let type = try elementType(b[2], line: bl)
            let count = try int(b[3], "elements in block", line: bl)
            let nodeCount = type?.nodeCount ?? 1
            let physical = entityPhysical[EntityKey(dim: dim, tag: entity)] ?? []
            for _ in 0..<count {
                let (e, el) = try nextTokens(in: "$Elements")
                guard e.count == 1 + nodeCount else {
                    throw error("element of type \(b[2].text) needs a tag and \(nodeCount) nodes, found \(e.count) values", line: el)
                }
                let tag = try int(e[0], "element tag", line: el)
                let ns = try e.dropFirst().map { try int($0, "node tag", line: el) }
                elements.append(RawElement(tag: tag, type: type, physical: physical, nodes: ns, line: el))
            }
        }
        guard elements.count == total else {
            throw error("$Elements header announces \(total) elements but the blocks hold \(elements.count)", line: line)
        }
        try expectEnd("$Elements")
    }

    mutating func parseElements22() throws {
        let (t, line) = try nextTokens(in: "$Elements")
        let total = try int(t[0], "number of elements", line: line)
        for _ in 0..<total {
            let (e, el) = try nextTokens(in: "$Elements")
            try need(e, 3, "element (tag type ntags tags... nodes...)", line: el)
            let tag = try int(e[0], "element tag", line: el)
            let type = try elementType(e[1], line: el)
            let ntags = try int(e[2], "number of tags", line: el)
            let nodeCount = type?.nodeCount ?? 1
            guard e.count == 3 + ntags + nodeCount else {
                throw error("element \(tag) of type \(e[1].text) needs \(ntags) tags and \(nodeCount) nodes, found \(e.count - 3) values", line: el)
            }
            let physical: [Int32] = ntags > 0 ? [Int32(try int(e[3], "physical tag", line: el))] : []
            let ns = try e[(3 + ntags)...].map { try int($0, "node tag", line: el) }
            elements.append(RawElement(tag: tag, type: type, physical: physical.filter { $0 != 0 }, nodes: ns, line: el))
        }
        try expectEnd("$Elements")
    }

    func buildMesh() throws -> Mesh {
        let dimension = elements.compactMap { $0.type?.dimension }.max() ?? 0
        guard dimension >= 2 else {
            throw InputError(dimension == 1 ? "the mesh has only line elements: 1D meshes are not supported"
                                            : "the mesh has no 2D or 3D elements",
                             at: SourceLocation(source: source, line: nil),
                             suggestion: "mesh the surfaces (gmsh -2) or volumes (gmsh -3)")
        }
        if dimension == 2, let bad = nodes.firstIndex(where: { $0.z != 0 }) {
            let tag = nodeIndex.first { $0.value == Int32(bad) }!.key
            throw InputError("2D mesh node \(tag) has z = \(nodes[bad].z); plane meshes must lie in z = 0",
                             at: SourceLocation(source: source, line: nil))
        }
        var lo = Vec3(.infinity, .infinity, .infinity), hi = -lo
        for p in nodes { for a in 0..<3 { lo[a] = min(lo[a], p[a]); hi[a] = max(hi[a], p[a]) } }
        let size = max((hi - lo).maxAbs, .leastNormalMagnitude)

        var cellBlocks: [CellType: (conn: [Int32], tags: [Int32])] = [:]
        var boundaryBlocks: [CellType: (conn: [Int32], tags: [Int32])] = [:]
        var sets: [Int32: Set<Int32>] = [:]
        for e in elements {
            let ids = try e.nodes.map { tag -> Int32 in
                guard let i = nodeIndex[tag] else { throw error("element \(e.tag) refers to node \(tag), which $Nodes does not define", line: e.line) }
                return i
            }
            let domain = e.type?.dimension == dimension
            if !domain { for p in e.physical { sets[p, default: []].formUnion(ids) } }
            guard let type = e.type else { continue }
            if domain { try checkNotDegenerate(e, type, ids, size) }
            let tag = e.physical.first ?? 0
            if domain {
                cellBlocks[type, default: ([], [])].conn.append(contentsOf: ids); cellBlocks[type]!.tags.append(tag)
            } else {
                boundaryBlocks[type, default: ([], [])].conn.append(contentsOf: ids); boundaryBlocks[type]!.tags.append(tag)
            }
        }
        let order = CellType.allCases
        let cells = order.compactMap { t in cellBlocks[t].map { CellBlock(type: t, connectivity: $0.conn, tags: $0.tags) } }
        let boundary = order.compactMap { t in boundaryBlocks[t].map { CellBlock(type: t, connectivity: $0.conn, tags: $0.tags) } }
        var nodeSets: [String: [Int32]] = [:]
        for (tag, s) in sets { nodeSets[groupNames[tag] ?? "\(tag)"] = s.sorted() }
        return Mesh(dimension: dimension, nodes: nodes, cells: cells, boundary: boundary, groupNames: groupNames, nodeSets: nodeSets)
    }

    /// Rejects triangles of zero area and tetrahedra of zero volume (corner nodes), relative
    /// to the mesh size.
    func checkNotDegenerate(_ e: RawElement, _ type: CellType, _ ids: [Int32], _ size: Double) throws {
        let x = ids.prefix(4).map { nodes[Int($0)] }
        switch type {
        case .triangle3, .triangle6:
            let area = 0.5 * (x[1] - x[0]).cross(x[2] - x[0]).norm
            if area <= 1e-14 * size * size {
                throw error("triangle \(e.tag) has zero area (collinear corner nodes)", line: e.line)
            }
        case .quadrilateral4:
            // Half the cross product of the diagonals: the area of a planar quadrilateral.
            let area = 0.5 * (x[2] - x[0]).cross(x[3] - x[1]).norm
            if area <= 1e-14 * size * size {
                throw error("quadrilateral \(e.tag) has zero area (degenerate corner nodes)", line: e.line)
            }
        case .tetrahedron4, .tetrahedron10:
            let v = abs((x[1] - x[0]).dot((x[2] - x[0]).cross(x[3] - x[0]))) / 6
            if v <= 1e-14 * size * size * size {
                throw error("tetrahedron \(e.tag) has zero volume (coplanar corner nodes)", line: e.line)
            }
        default: break
        }
    }
}
