import SeamCore

/// Finite-element cell shapes (node ordering follows Gmsh).
public enum CellType: String, Sendable, CaseIterable, Codable {
    case line2, line3
    case triangle3, triangle6, quadrilateral4
    case tetrahedron4, tetrahedron10, hexahedron8
    /// Nodes per cell.
    public var nodeCount: Int {
        switch self {
        case .line2: 2
        case .line3: 3
        case .triangle3: 3
        case .triangle6: 6
        case .quadrilateral4: 4
        case .tetrahedron4: 4
        case .tetrahedron10: 10
        case .hexahedron8: 8
        }
    }
    /// Topological dimension.
    public var dimension: Int {
        switch self {
        case .line2, .line3: 1
        case .triangle3, .triangle6, .quadrilateral4: 2
        case .tetrahedron4, .tetrahedron10, .hexahedron8: 3
        }
    }
}

/// A block of cells of one type, stored flat: cell c has nodes `connectivity[c*n ..< (c+1)*n]`.
public struct CellBlock: Sendable, Equatable {
    public var type: CellType
    public var connectivity: [Int32]
    /// Physical-group tag of each cell (0 when none).
    public var tags: [Int32]
    public init(type: CellType, connectivity: [Int32], tags: [Int32]? = nil) {
        precondition(connectivity.count % type.nodeCount == 0, "connectivity length not a multiple of \(type.nodeCount)")
        self.type = type; self.connectivity = connectivity
        self.tags = tags ?? [Int32](repeating: 0, count: connectivity.count / type.nodeCount)
    }
    public var count: Int { connectivity.count / type.nodeCount }
    @inlinable public func nodes(of cell: Int) -> ArraySlice<Int32> {
        let n = type.nodeCount
        return connectivity[(cell * n)..<((cell + 1) * n)]
    }
}

/// A mesh: node coordinates (Å, or the problem's length unit; z = 0 in 2D), cell blocks of
/// the domain's dimension, boundary blocks, and named sets from physical groups.
public struct Mesh: Sendable, Equatable {
    /// 2 or 3.
    public var dimension: Int
    public var nodes: [Vec3]
    /// Cells of the domain (dimension == `dimension`).
    public var cells: [CellBlock]
    /// Lower-dimensional cells (edges in 2D, faces in 3D) carrying boundary tags.
    public var boundary: [CellBlock]
    /// Physical-group names by tag.
    public var groupNames: [Int32: String]
    /// Named node sets (e.g. from physical groups or generators: "left", "bottom").
    public var nodeSets: [String: [Int32]]

    public init(dimension: Int, nodes: [Vec3], cells: [CellBlock], boundary: [CellBlock] = [],
                groupNames: [Int32: String] = [:], nodeSets: [String: [Int32]] = [:]) {
        precondition(dimension == 2 || dimension == 3)
        self.dimension = dimension; self.nodes = nodes; self.cells = cells; self.boundary = boundary
        self.groupNames = groupNames; self.nodeSets = nodeSets
    }
    /// Total number of domain cells.
    public var cellCount: Int { cells.reduce(0) { $0 + $1.count } }
}
