import SeamCore
import SeamFEM

/// A mesh cut along an interface, with the cohesive elements that bond the two faces.
public struct SplitMesh: Sendable {
    /// The mesh with duplicated interface nodes (plus-side cells use the copies).
    public var mesh: Mesh
    /// Facet type of the cohesive elements (line2, line3, triangle3, quadrilateral4).
    public var facetType: CellType
    /// Per element: facet nodes on the minus face, then the matching nodes on the plus face,
    /// ordered so that the facet normal points from minus to plus.
    public var cohesiveConnectivity: [Int32]
    /// Copy of each duplicated node: `copies[original] = copy`.
    public var copies: [Int32: Int32]

    /// The cohesive elements' geometry on this mesh.
    public func interface(thickness: Double = 1, integration: CohesiveInterface.Integration = .lobatto) throws -> CohesiveInterface {
        try CohesiveInterface(nodes: mesh.nodes, facetType: facetType, connectivity: cohesiveConnectivity,
                              thickness: thickness, integration: integration)
    }
}

/// Cuts meshes along interfaces for cohesive elements.
///
/// The interface is a named node set; its facets are the cell facets (edges in 2D, faces in
/// 3D) whose nodes all lie in the set. `plusSide(centroid)` says on which side of the
/// interface a cell lies (cells touching the set). Hand-written because the mesh layer has no
/// facet topology: facets are found from the cell types' local facet tables.
public enum InterfaceSplitter {
    /// Local facets of a cell type (node indices) and the facet's cell type.
    static func facets(of type: CellType) -> (type: CellType, nodes: [[Int]])? {
        switch type {
        case .triangle3: (.line2, [[0, 1], [1, 2], [2, 0]])
        case .triangle6: (.line3, [[0, 1, 3], [1, 2, 4], [2, 0, 5]])
        case .quadrilateral4: (.line2, [[0, 1], [1, 2], [2, 3], [3, 0]])
        case .tetrahedron4: (.triangle3, [[0, 1, 2], [0, 1, 3], [1, 2, 3], [0, 2, 3]])
        case .hexahedron8: (.quadrilateral4, [[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]])
        default: nil
        }
    }

    /// Reverses a facet's orientation (flips its normal).
    static func flipped(_ f: [Int32], _ type: CellType) -> [Int32] {
        switch type {
        case .line2: [f[1], f[0]]
        case .line3: [f[1], f[0], f[2]]
        case .triangle3: [f[0], f[2], f[1]]
        default: [f[0], f[3], f[2], f[1]]
        }
    }

    /// Unnormalised facet normal by the `CohesiveInterface` convention.
    static func normal(_ f: [Int32], _ type: CellType, _ x: [Vec3]) -> Vec3 {
        let p = f.map { x[Int($0)] }
        switch type {
        case .line2, .line3: let t = p[1] - p[0]; return Vec3(-t.y, t.x, 0)
        case .triangle3: return (p[1] - p[0]).cross(p[2] - p[0])
        default: return (p[2] - p[0]).cross(p[3] - p[1])
        }
    }

    /// Duplicates the interface nodes and returns the cohesive elements between the faces.
    ///
    /// - Parameters:
    ///   - interface: name of the node set on the interface.
    ///   - plusSide: true for a cell centroid on the plus side (the facet normals point there).
    ///   - keepJoined: nodes not duplicated (e.g. a crack tip or front that must stay closed);
    ///     elements touching them have coincident minus/plus nodes there.
    ///   - bonded: which facets (by centroid) get a cohesive element; the others become free
    ///     crack faces (a pre-crack). Default: all.
    /// - Returns: the split mesh. Node sets containing a duplicated node also list its copy;
    ///   boundary cells on the plus side use the copies.
    /// - Throws: `InputError` for an unknown node set, unsupported cell types, or an interface
    ///   with no facet between a minus and a plus cell.
    public static func split(_ mesh: Mesh, interface: String, plusSide: (Vec3) -> Bool,
                             keepJoined: Set<Int32> = [], bonded: (Vec3) -> Bool = { _ in true }) throws -> SplitMesh {
        guard let set = mesh.nodeSets[interface] else {
            throw InputError("the mesh has no node set \"\(interface)\"", suggestion: "known sets: \(mesh.nodeSets.keys.sorted().joined(separator: ", "))")
        }
        var inSet = [Bool](repeating: false, count: mesh.nodes.count)
        for n in set { inSet[Int(n)] = true }
        var out = mesh
        var facetType: CellType?
        // Facets by sorted node key: the minus-side facet (oriented) and whether a plus cell has it.
        var minusFacets: [[Int32]: (nodes: [Int32], cellCentroid: Vec3)] = [:]
        var plusKeys = Set<[Int32]>()
        var touchesMinus = [Bool](repeating: false, count: mesh.nodes.count), touchesPlus = touchesMinus
        var isPlusCell: [[Bool]] = []
        for block in mesh.cells {
            guard let table = facets(of: block.type) else {
                throw InputError("cannot split \(block.type.rawValue) cells", suggestion: "use triangle3, triangle6, quadrilateral4, tetrahedron4 or hexahedron8")
            }
            if let t = facetType, t != table.type { throw InputError("the interface touches cells with different facet types (\(t.rawValue), \(table.type.rawValue))") }
            var flags = [Bool](repeating: false, count: block.count)
            for c in 0..<block.count {
                let nodes = Array(block.nodes(of: c))
                guard nodes.contains(where: { inSet[Int($0)] }) else { continue }
                facetType = table.type
                let centroid = nodes.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] } / Double(nodes.count)
                let plus = plusSide(centroid)
                flags[c] = plus
                for n in nodes where inSet[Int(n)] { if plus { touchesPlus[Int(n)] = true } else { touchesMinus[Int(n)] = true } }
                for local in table.nodes {
                    let f = local.map { nodes[$0] }
                    guard f.allSatisfy({ inSet[Int($0)] }) else { continue }
                    if plus { plusKeys.insert(f.sorted()) } else { minusFacets[f.sorted()] = (f, centroid) }
                }
            }
            isPlusCell.append(flags)
        }
        guard let type = facetType else { throw InputError("no cell touches the interface node set \"\(interface)\"") }
        // Duplicate nodes shared by both sides.
        var copies: [Int32: Int32] = [:]
        for n in set.sorted() where touchesMinus[Int(n)] && touchesPlus[Int(n)] && !keepJoined.contains(n) {
            copies[n] = Int32(out.nodes.count); out.nodes.append(mesh.nodes[Int(n)])
        }
        for (b, block) in mesh.cells.enumerated() {
            for c in 0..<block.count where isPlusCell[b][c] {
                let nn = block.type.nodeCount
                for a in 0..<nn { if let copy = copies[block.connectivity[c * nn + a]] { out.cells[b].connectivity[c * nn + a] = copy } }
            }
        }
        for (b, block) in mesh.boundary.enumerated() {
            let nn = block.type.nodeCount
            for c in 0..<block.count {
                let nodes = block.nodes(of: c)
                guard nodes.contains(where: { copies[$0] != nil }) else { continue }
                let centroid = nodes.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] } / Double(nn)
                guard plusSide(centroid) else { continue }
                for a in 0..<nn { if let copy = copies[block.connectivity[c * nn + a]] { out.boundary[b].connectivity[c * nn + a] = copy } }
            }
        }
        for (name, nodes) in mesh.nodeSets { out.nodeSets[name] = nodes + nodes.compactMap { copies[$0] } }
        // Cohesive elements on facets shared by a minus and a plus cell.
        var connectivity: [Int32] = []
        for key in minusFacets.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where plusKeys.contains(key) {
            var (f, cellCentroid) = minusFacets[key]!
            let facetCentroid = f.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] } / Double(f.count)
            guard bonded(facetCentroid) else { continue }
            if normal(f, type, mesh.nodes).dot(cellCentroid - facetCentroid) > 0 { f = flipped(f, type) }
            connectivity += f
            connectivity += f.map { copies[$0] ?? $0 }
        }
        guard !connectivity.isEmpty || minusFacets.keys.contains(where: plusKeys.contains) else {
            throw InputError("the node set \"\(interface)\" has no facet between a minus-side and a plus-side cell", suggestion: "check plusSide")
        }
        return SplitMesh(mesh: out, facetType: type, cohesiveConnectivity: connectivity, copies: copies)
    }

    /// Cohesive elements between the boundary facets in a node set and fixed "ground" copies
    /// of their nodes (which belong to no cell, so `DofMap` holds them at zero displacement):
    /// the interface of a symmetry plane. Normals point into the body (opening = the body
    /// moving away from the plane). Use a `MirroredLaw` so that the half model carries half
    /// of the full interface's energy at the full opening 2δ.
    public static func groundedBoundary(_ mesh: Mesh, nodeSet: String, bonded: (Vec3) -> Bool = { _ in true }) throws -> SplitMesh {
        guard let set = mesh.nodeSets[nodeSet] else {
            throw InputError("the mesh has no node set \"\(nodeSet)\"", suggestion: "known sets: \(mesh.nodeSets.keys.sorted().joined(separator: ", "))")
        }
        var inSet = [Bool](repeating: false, count: mesh.nodes.count)
        for n in set { inSet[Int(n)] = true }
        var out = mesh, facetType: CellType?, connectivity: [Int32] = [], ground: [Int32: Int32] = [:]
        for block in mesh.cells {
            guard let table = facets(of: block.type) else { throw InputError("cannot build cohesive facets on \(block.type.rawValue) cells") }
            for c in 0..<block.count {
                let nodes = Array(block.nodes(of: c))
                let centroid = nodes.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] } / Double(nodes.count)
                for local in table.nodes {
                    var f = local.map { nodes[$0] }
                    guard f.allSatisfy({ inSet[Int($0)] }) else { continue }
                    let facetCentroid = f.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] } / Double(f.count)
                    guard bonded(facetCentroid) else { continue }
                    facetType = table.type
                    if normal(f, table.type, mesh.nodes).dot(centroid - facetCentroid) < 0 { f = flipped(f, table.type) }
                    for n in f where ground[n] == nil { ground[n] = Int32(out.nodes.count); out.nodes.append(mesh.nodes[Int(n)]) }
                    connectivity += f.map { ground[$0]! }
                    connectivity += f
                }
            }
        }
        guard let type = facetType else { throw InputError("no boundary facet lies in the node set \"\(nodeSet)\"") }
        return SplitMesh(mesh: out, facetType: type, cohesiveConnectivity: connectivity, copies: ground)
    }
}
