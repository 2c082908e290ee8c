import Foundation
import SeamCore

/// Clusters nodes of a structured mesh toward a point: along each axis the logical coordinate
/// t ∈ [0, 1] becomes t0 ± |t - t0|^exponent scaled to its side of t0, where t0 is the point's
/// logical coordinate (exponent > 1 refines near the point; 1 is uniform).
public struct Grading: Sendable, Equatable {
    /// Point the mesh is refined toward, in the mesh's coordinates (before `map`).
    public var point: Vec3
    /// Strength per axis (> 0): 1 = uniform along that axis, 2 = quadratic clustering, ...
    public var exponents: Vec3
    /// The same clustering exponent along every axis.
    public init(toward point: Vec3, exponent: Double) {
        self.init(toward: point, exponents: Vec3(exponent, exponent, exponent))
    }
    /// A clustering exponent per axis (1 leaves that axis uniform).
    public init(toward point: Vec3, exponents: Vec3) {
        precondition(exponents.x > 0 && exponents.y > 0 && exponents.z > 0)
        self.point = point; self.exponents = exponents
    }
    func apply(_ t: Double, t0: Double, axis: Int) -> Double {
        let exponent = exponents[axis]
        if t >= t0 {
            let span = 1 - t0
            return span <= 0 ? t : t0 + span * pow((t - t0) / span, exponent)
        }
        return t0 <= 0 ? t : t0 - t0 * pow((t0 - t) / t0, exponent)
    }
}

/// Structured meshes of rectangles and boxes (a deal.II `GridGenerator` in miniature), for
/// tests, benchmarks and simple decks.
///
/// Named node sets and boundary blocks: "left"/"right" at x min/max, "bottom"/"top" at y
/// min/max, and in 3D "back"/"front" at z min/max. Boundary blocks carry tags 1...6 in that
/// order, with `groupNames` filled. Optional `distortion` moves interior vertices randomly by up
/// to that fraction of the local cell size (mid-edge nodes stay at edge midpoints, so quadratic
/// cells keep straight edges); `map` is applied last to all nodes (e.g. polar coordinates).
public enum StructuredMesh {
    public static let sideNames = ["left", "right", "bottom", "top", "back", "front"]

    /// A `width` x `height` rectangle at `origin` of `cellsX` x `cellsY` squares, each split into
    /// two triangles (`triangle3`, `triangle6`) or kept as a `quadrilateral4`.
    public static func rectangle(cellsX nx: Int, cellsY ny: Int, width: Double, height: Double,
                                 origin: Vec3 = .zero, cellType: CellType = .triangle3,
                                 grading: Grading? = nil, distortion: Double = 0, seed: UInt64 = 1,
                                 map: (@Sendable (Vec3) -> Vec3)? = nil) throws -> Mesh {
        guard nx >= 1, ny >= 1 else { throw InputError("rectangle needs at least one cell per direction (got \(nx) x \(ny))") }
        guard width > 0, height > 0 else { throw InputError("rectangle needs positive width and height (got \(width) x \(height))") }
        let p: Int
        switch cellType {
        case .triangle3, .quadrilateral4: p = 1
        case .triangle6: p = 2
        default: throw InputError("rectangle cannot be meshed with \(cellType.rawValue) cells", suggestion: "use triangle3, triangle6 or quadrilateral4")
        }
        let gx = p * nx + 1, gy = p * ny + 1
        func id(_ i: Int, _ j: Int) -> Int32 { Int32(i + gx * j) }
        let logical = logicalGrid(counts: [nx, ny, 0], order: p, size: Vec3(width, height, 0), origin: origin,
                                  grading: grading, distortion: distortion, seed: seed)
        var conn: [Int32] = []
        for cj in 0..<ny { for ci in 0..<nx {
            let i = p * ci, j = p * cj
            switch cellType {
            case .quadrilateral4:
                conn += [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j + 1)]
            case .triangle3:
                conn += [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j), id(i + 1, j + 1), id(i, j + 1)]
            default:
                for tri in [[(0, 0), (2, 0), (2, 2)], [(0, 0), (2, 2), (0, 2)]] {
                    for (a, b) in tri { conn.append(id(i + a, j + b)) }
                    for (e0, e1) in ReferenceElement.triangle6Edges {
                        conn.append(id(i + (tri[e0].0 + tri[e1].0) / 2, j + (tri[e0].1 + tri[e1].1) / 2))
                    }
                }
            }
        } }
        // Boundary edges, tagged left=1, right=2, bottom=3, top=4.
        let edgeType: CellType = p == 1 ? .line2 : .line3
        var bconn: [Int32] = [], btags: [Int32] = []
        func edge(_ a: (Int, Int), _ b: (Int, Int), tag: Int32) {
            bconn += [id(a.0, a.1), id(b.0, b.1)]
            if p == 2 { bconn.append(id((a.0 + b.0) / 2, (a.1 + b.1) / 2)) }
            btags.append(tag)
        }
        for c in 0..<ny { edge((0, p * c), (0, p * c + p), tag: 1); edge((gx - 1, p * c), (gx - 1, p * c + p), tag: 2) }
        for c in 0..<nx { edge((p * c, 0), (p * c + p, 0), tag: 3); edge((p * c, gy - 1), (p * c + p, gy - 1), tag: 4) }
        var sets: [String: [Int32]] = ["left": [], "right": [], "bottom": [], "top": []]
        for j in 0..<gy { for i in 0..<gx {
            if i == 0 { sets["left"]!.append(id(i, j)) }
            if i == gx - 1 { sets["right"]!.append(id(i, j)) }
            if j == 0 { sets["bottom"]!.append(id(i, j)) }
            if j == gy - 1 { sets["top"]!.append(id(i, j)) }
        } }
        let nodes = map.map { m in logical.map { m($0) } } ?? logical
        return Mesh(dimension: 2, nodes: nodes, cells: [CellBlock(type: cellType, connectivity: conn)],
                    boundary: [CellBlock(type: edgeType, connectivity: bconn, tags: btags)],
                    groupNames: [1: "left", 2: "right", 3: "bottom", 4: "top"], nodeSets: sets)
    }

    /// A box of `cellsX` x `cellsY` x `cellsZ` cubes, each a `hexahedron8` or split into six
    /// tetrahedra (Kuhn split along the main diagonal: `tetrahedron4`, `tetrahedron10`).
    public static func box(cellsX nx: Int, cellsY ny: Int, cellsZ nz: Int, size: Vec3,
                           origin: Vec3 = .zero, cellType: CellType = .hexahedron8,
                           grading: Grading? = nil, distortion: Double = 0, seed: UInt64 = 1,
                           map: (@Sendable (Vec3) -> Vec3)? = nil) throws -> Mesh {
        guard nx >= 1, ny >= 1, nz >= 1 else { throw InputError("box needs at least one cell per direction (got \(nx) x \(ny) x \(nz))") }
        guard size.x > 0, size.y > 0, size.z > 0 else { throw InputError("box needs a positive size (got \(size))") }
        let p: Int
        switch cellType {
        case .tetrahedron4, .hexahedron8: p = 1
        case .tetrahedron10: p = 2
        default: throw InputError("box cannot be meshed with \(cellType.rawValue) cells", suggestion: "use tetrahedron4, tetrahedron10 or hexahedron8")
        }
        let gx = p * nx + 1, gy = p * ny + 1, gz = p * nz + 1
        func id(_ g: (Int, Int, Int)) -> Int32 { Int32(g.0 + gx * (g.1 + gy * g.2)) }
        let logical = logicalGrid(counts: [nx, ny, nz], order: p, size: size, origin: origin,
                                  grading: grading, distortion: distortion, seed: seed)
        // Kuhn simplices of the unit cube: paths 000 -> 111 along each permutation of axes,
        // with odd permutations reordered for positive volume.
        let perms = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]]
        var kuhn: [[(Int, Int, Int)]] = []
        for (n, perm) in perms.enumerated() {
            var v = [(0, 0, 0)], cur = [0, 0, 0]
            for axis in perm { cur[axis] += 1; v.append((cur[0], cur[1], cur[2])) }
            if n >= 3 { v.swapAt(1, 2) }
            kuhn.append(v)
        }
        let hexCorners = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]
        var conn: [Int32] = []
        for ck in 0..<nz { for cj in 0..<ny { for ci in 0..<nx {
            func g(_ c: (Int, Int, Int)) -> (Int, Int, Int) { (p * (ci + c.0), p * (cj + c.1), p * (ck + c.2)) }
            switch cellType {
            case .hexahedron8: for c in hexCorners { conn.append(id(g(c))) }
            default:
                for tet in kuhn {
                    let v = tet.map(g)
                    for x in v { conn.append(id(x)) }
                    if p == 2 {
                        for (a, b) in ReferenceElement.tetrahedron10Edges {
                            conn.append(id(((v[a].0 + v[b].0) / 2, (v[a].1 + v[b].1) / 2, (v[a].2 + v[b].2) / 2)))
                        }
                    }
                }
            }
        } } }
        // Boundary faces, tagged left=1 ... front=6; square faces split along their min-max
        // diagonal, which is how the Kuhn split cuts them.
        let faceType: CellType = cellType == .hexahedron8 ? .quadrilateral4 : (p == 1 ? .triangle3 : .triangle6)
        var bconn: [Int32] = [], btags: [Int32] = []
        let counts = [nx, ny, nz], grid = [gx, gy, gz]
        for axis in 0..<3 {
            let u = (axis + 1) % 3, w = (axis + 2) % 3
            let (a1, a2) = u < w ? (u, w) : (w, u)
            for side in 0..<2 {
                let tag = Int32(2 * axis + side + 1)
                for cb in 0..<counts[a2] { for ca in 0..<counts[a1] {
                    func g(_ da: Int, _ db: Int) -> (Int, Int, Int) {
                        var c = [0, 0, 0]
                        c[axis] = side == 0 ? 0 : grid[axis] - 1
                        c[a1] = p * (ca + da); c[a2] = p * (cb + db)
                        return (c[0], c[1], c[2])
                    }
                    if faceType == .quadrilateral4 {
                        for (da, db) in [(0, 0), (1, 0), (1, 1), (0, 1)] { bconn.append(id(g(da, db))) }
                        btags.append(tag)
                    } else {
                        for tri in [[(0, 0), (1, 0), (1, 1)], [(0, 0), (1, 1), (0, 1)]] {
                            let v = tri.map { g($0.0, $0.1) }
                            for x in v { bconn.append(id(x)) }
                            if p == 2 {
                                for (a, b) in ReferenceElement.triangle6Edges {
                                    bconn.append(id(((v[a].0 + v[b].0) / 2, (v[a].1 + v[b].1) / 2, (v[a].2 + v[b].2) / 2)))
                                }
                            }
                            btags.append(tag)
                        }
                    }
                } }
            }
        }
        var sets: [String: [Int32]] = [:]
        for name in sideNames { sets[name] = [] }
        for k in 0..<gz { for j in 0..<gy { for i in 0..<gx {
            let n = id((i, j, k))
            if i == 0 { sets["left"]!.append(n) }
            if i == gx - 1 { sets["right"]!.append(n) }
            if j == 0 { sets["bottom"]!.append(n) }
            if j == gy - 1 { sets["top"]!.append(n) }
            if k == 0 { sets["back"]!.append(n) }
            if k == gz - 1 { sets["front"]!.append(n) }
        } } }
        var names: [Int32: String] = [:]
        for (t, name) in sideNames.enumerated() { names[Int32(t + 1)] = name }
        let nodes = map.map { m in logical.map { m($0) } } ?? logical
        return Mesh(dimension: 3, nodes: nodes, cells: [CellBlock(type: cellType, connectivity: conn)],
                    boundary: [CellBlock(type: faceType, connectivity: bconn, tags: btags)],
                    groupNames: names, nodeSets: sets)
    }

    /// Node coordinates of a (p*n+1)^d grid: graded, distorted at interior vertices, mid-edge
    /// nodes (any odd grid index) at the midpoint of the vertices around them.
    private static func logicalGrid(counts: [Int], order p: Int, size: Vec3, origin: Vec3,
                                    grading: Grading?, distortion: Double, seed: UInt64) -> [Vec3] {
        let dims = counts[2] == 0 ? 2 : 3
        let g = (0..<3).map { $0 < dims ? p * counts[$0] + 1 : 1 }
        var rng = SeededGenerator(seed: seed)
        // Vertex positions on the coarse grid (logical -> graded -> distorted -> physical).
        let vx = counts[0] + 1, vy = counts[1] + 1, vz = dims == 3 ? counts[2] + 1 : 1
        var vertex = [Vec3](repeating: .zero, count: vx * vy * vz)
        for k in 0..<vz { for j in 0..<vy { for i in 0..<vx {
            var t = Vec3(Double(i) / Double(counts[0]), Double(j) / Double(counts[1]), dims == 3 ? Double(k) / Double(counts[2]) : 0)
            if let grading {
                for a in 0..<dims { t[a] = grading.apply(t[a], t0: min(1, max(0, (grading.point[a] - origin[a]) / size[a])), axis: a) }
            }
            var x = Vec3(origin.x + t.x * size.x, origin.y + t.y * size.y, origin.z + t.z * size.z)
            let interior = i > 0 && i < vx - 1 && j > 0 && j < vy - 1 && (dims == 2 || (k > 0 && k < vz - 1))
            if distortion > 0 && interior {
                for a in 0..<dims { x[a] += distortion * size[a] / Double(counts[a]) * (2 * rng.uniform() - 1) }
            }
            vertex[i + vx * (j + vy * k)] = x
        } } }
        var nodes = [Vec3](repeating: .zero, count: g[0] * g[1] * g[2])
        for k in 0..<g[2] { for j in 0..<g[1] { for i in 0..<g[0] {
            // Average the vertices at the floor/ceil of each odd (mid-edge) grid index.
            let idx = [i, j, k]
            var lows = [Int](repeating: 0, count: 3), highs = [Int](repeating: 0, count: 3)
            for a in 0..<3 { lows[a] = idx[a] / p; highs[a] = (idx[a] + p - 1) / p }
            let lo = vertex[lows[0] + vx * (lows[1] + vy * lows[2])], hi = vertex[highs[0] + vx * (highs[1] + vy * highs[2])]
            nodes[i + g[0] * (j + g[1] * k)] = 0.5 * (lo + hi)
        } } }
        return nodes
    }
}
