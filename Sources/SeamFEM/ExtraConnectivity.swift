import SeamCore

/// Extra element connectivity that couples degrees of freedom without being a bulk cell
/// (zero-thickness cohesive elements: the nodes of both faces of an interface).
///
/// The assembly pattern needs only which nodes share an element, so these elements enter the
/// pattern construction exactly like cells; their matrix entries then live in the same CSC
/// value array as the bulk stiffness (one matrix, one CHOLMOD analysis).
public struct ExtraConnectivity: Sendable, Equatable {
    /// Nodes per element (4, 6 or 8: two faces of 2, 3 or 4 nodes).
    public let nodesPerElement: Int
    /// Element e has nodes `connectivity[e * nodesPerElement ..< (e + 1) * nodesPerElement]`.
    public let connectivity: [Int32]
    public init(nodesPerElement: Int, connectivity: [Int32]) {
        precondition(connectivity.count % max(1, nodesPerElement) == 0, "connectivity length not a multiple of \(nodesPerElement)")
        precondition(ExtraConnectivity.carrier(nodesPerElement) != nil, "extra elements must have 4, 6, 8 or 10 nodes")
        self.nodesPerElement = nodesPerElement; self.connectivity = connectivity
    }
    public var count: Int { connectivity.count / nodesPerElement }

    /// A cell type with the same node count: `AssemblyPattern` reads only node counts and
    /// connectivity, so the extra elements travel through it as a block of that type.
    static func carrier(_ n: Int) -> CellType? {
        switch n {
        case 4: .quadrilateral4
        case 6: .triangle6
        case 8: .hexahedron8
        case 10: .tetrahedron10
        default: nil
        }
    }
}

extension AssemblyPattern {
    /// The pattern of the mesh cells plus extra elements. `positions` holds the mesh's blocks
    /// first (same indices as `mesh.cells`), then one entry per extra block, in the same
    /// upper-triangle pair order as cells (local dof I = localNode * d + component).
    public init(mesh: Mesh, dofMap: DofMap, extra: [ExtraConnectivity]) {
        var augmented = mesh
        for block in extra {
            augmented.cells.append(CellBlock(type: ExtraConnectivity.carrier(block.nodesPerElement)!, connectivity: block.connectivity))
        }
        self.init(mesh: augmented, dofMap: dofMap)
    }
}

extension ElasticityModel {
    /// The same discretisation as `init(mesh:analysis:material:dirichlet:tractions:bodyForce:)`,
    /// with a sparse pattern that also couples the nodes of `extra` elements (their positions
    /// follow the mesh blocks in `assembly.positions`). Bulk assembly is unchanged; whoever owns
    /// the extra elements adds their entries to the same value array.
    public init(mesh: Mesh, analysis: Analysis, material: M, dirichlet: [DirichletCondition],
                tractions: [TractionLoad] = [], bodyForce: (@Sendable (Vec3) -> Vec3)? = nil,
                extra: [ExtraConnectivity]) throws {
        guard mesh.dimension == analysis.dimension else {
            throw InputError("a \(mesh.dimension)D mesh cannot be used for a \(analysis.dimension)D analysis")
        }
        guard analysis.thickness > 0 else { throw InputError("thickness must be positive (got \(analysis.thickness))") }
        for block in extra {
            for n in block.connectivity where n < 0 || Int(n) >= mesh.nodes.count {
                throw InputError("extra element names node \(n), but the mesh has \(mesh.nodes.count) nodes")
            }
        }
        self.mesh = mesh; self.analysis = analysis; self.material = material
        dofMap = try DofMap(mesh: mesh, componentsPerNode: analysis.dimension, dirichlet: dirichlet)
        assembly = AssemblyPattern(mesh: mesh, dofMap: dofMap, extra: extra)
        geometry = try mesh.cells.indices.map {
            try CellGeometry(mesh: mesh, block: $0, rule: .stiffness(mesh.cells[$0].type), thickness: analysis.thickness)
        }
        externalForce = try LoadAssembler.externalForce(mesh: mesh, analysis: analysis, tractions: tractions, bodyForce: bodyForce)
    }
}
