import SeamCore

/// The kinematic setting of an elasticity problem.
public enum Analysis: Sendable, Equatable {
    /// 2D, ε_33 = 0 (F_33 = 1); forces per unit length scale with `thickness` (Å).
    case planeStrain(thickness: Double = 1)
    /// 2D, σ_33 = 0 (the 3D tangent is condensed on ε_33); linearised analyses only.
    case planeStress(thickness: Double = 1)
    /// 3D solid.
    case solid

    /// Spatial dimension = displacement components per node.
    public var dimension: Int { self == .solid ? 3 : 2 }
    /// Out-of-plane thickness (Å); 1 in 3D.
    public var thickness: Double {
        switch self {
        case .planeStrain(let t), .planeStress(let t): t
        case .solid: 1
        }
    }
    public var isPlaneStress: Bool { if case .planeStress = self { true } else { false } }
}

/// Prescribed displacement components on a set of nodes (Dirichlet condition), eliminated from
/// the system (the prescribed values move to the right-hand side, the reduced matrix stays SPD).
public struct DirichletCondition: Sendable {
    /// Which nodes: a named node set of the mesh, or explicit node indices.
    public enum Target: Sendable, Equatable { case nodeSet(String), nodes([Int32]) }
    public var target: Target
    /// Constrained components (0 = x, 1 = y, 2 = z).
    public var components: [Int]
    /// Prescribed displacement (Å) as a function of the reference position (Å); only the
    /// constrained components are used.
    public var displacement: @Sendable (Vec3) -> Vec3

    public init(_ target: Target, components: [Int], displacement: @escaping @Sendable (Vec3) -> Vec3) {
        self.target = target; self.components = components; self.displacement = displacement
    }
    /// Zero displacement of `components` on the named node set.
    public static func fixed(_ set: String, components: [Int]) -> DirichletCondition {
        DirichletCondition(.nodeSet(set), components: components) { _ in .zero }
    }
    /// Prescribed displacement field on the named node set.
    public static func prescribed(_ set: String, components: [Int], _ u: @escaping @Sendable (Vec3) -> Vec3) -> DirichletCondition {
        DirichletCondition(.nodeSet(set), components: components, displacement: u)
    }
}

/// A traction (force per reference area, eV/Å^3; in 2D force per length per thickness) on the
/// boundary cells whose physical group has the given name.
public struct TractionLoad: Sendable {
    public var boundary: String
    /// t(X): traction vector at reference position X (Å).
    public var traction: @Sendable (Vec3) -> Vec3
    public init(boundary: String, traction: @escaping @Sendable (Vec3) -> Vec3) {
        self.boundary = boundary; self.traction = traction
    }
}

/// Map from (node, component) to equation numbers of the reduced system.
///
/// Free degrees of freedom are numbered node by node (then by component), skipping constrained
/// ones, so that rows inside a column of the assembled matrix come out sorted. Nodes not used
/// by any cell carry no equation (their displacement is zero).
public struct DofMap: Sendable {
    public let nodeCount: Int
    /// Components per node (2 or 3).
    public let componentsPerNode: Int
    /// Equation of dof `node * componentsPerNode + component`, or -1 when constrained.
    public let equation: [Int32]
    /// Prescribed displacement (Å) of each constrained dof (0 for free dofs).
    public let prescribed: [Double]
    /// Number of free dofs = size of the reduced system.
    public let freeCount: Int

    /// Builds the map, evaluating the Dirichlet conditions at the nodes.
    public init(mesh: Mesh, componentsPerNode d: Int, dirichlet: [DirichletCondition]) throws {
        nodeCount = mesh.nodes.count; componentsPerNode = d
        var constrained = [Bool](repeating: false, count: nodeCount * d)
        var values = [Double](repeating: 0, count: nodeCount * d)
        var used = [Bool](repeating: false, count: nodeCount)
        for block in mesh.cells { for n in block.connectivity { used[Int(n)] = true } }
        for n in 0..<nodeCount where !used[n] { for c in 0..<d { constrained[n * d + c] = true } }
        for bc in dirichlet {
            let nodes: [Int32]
            switch bc.target {
            case .nodes(let list): nodes = list
            case .nodeSet(let name):
                guard let list = mesh.nodeSets[name] else {
                    throw InputError("Dirichlet condition names the node set \"\(name)\", which the mesh does not have",
                                     suggestion: "known sets: \(mesh.nodeSets.keys.sorted().joined(separator: ", "))")
                }
                nodes = list
            }
            for c in bc.components where c < 0 || c >= d {
                throw InputError("Dirichlet component \(c) is out of range for \(d) components per node")
            }
            for n in nodes {
                guard n >= 0 && Int(n) < nodeCount else { throw InputError("Dirichlet condition names node \(n), but the mesh has \(nodeCount) nodes") }
                let u = bc.displacement(mesh.nodes[Int(n)])
                for c in bc.components { constrained[Int(n) * d + c] = true; values[Int(n) * d + c] = u[c] }
            }
        }
        var eq = [Int32](repeating: -1, count: nodeCount * d)
        var next: Int32 = 0
        for k in 0..<(nodeCount * d) where !constrained[k] { eq[k] = next; next += 1 }
        equation = eq; prescribed = values; freeCount = Int(next)
    }

    /// Scatters a reduced vector into a full nodal vector (prescribed values times `scale`
    /// at constrained dofs).
    public func expand(_ reduced: [Double], prescribedScale: Double = 1) -> [Double] {
        precondition(reduced.count == freeCount)
        var full = [Double](repeating: 0, count: equation.count)
        for k in 0..<equation.count {
            full[k] = equation[k] >= 0 ? reduced[Int(equation[k])] : prescribedScale * prescribed[k]
        }
        return full
    }

    /// Gathers the free entries of a full nodal vector.
    public func restrict(_ full: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: freeCount)
        for k in 0..<equation.count where equation[k] >= 0 { r[Int(equation[k])] = full[k] }
        return r
    }
}
