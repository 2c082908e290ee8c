import SeamCore

/// Shape functions N_a(ξ) and their reference derivatives ∂N_a/∂ξ for every `CellType`,
/// in Gmsh node order.
///
/// Node orders (reference coordinates):
/// - line2: -1, 1; line3: -1, 1, 0.
/// - triangle3: (0,0), (1,0), (0,1); triangle6 adds the mid-edges of 0-1, 1-2, 2-0.
/// - quadrilateral4: (-1,-1), (1,-1), (1,1), (-1,1).
/// - tetrahedron4: origin and the unit points; tetrahedron10 adds the mid-edges of
///   0-1, 1-2, 2-0, 3-0, 3-2, 3-1 (Gmsh order; VTK swaps the last two).
/// - hexahedron8: the quadrilateral at ζ = -1, then at ζ = +1.
public enum ReferenceElement {
    /// Reference coordinates of the nodes.
    public static func nodeCoordinates(_ type: CellType) -> [Vec3] {
        switch type {
        case .line2: [Vec3(-1, 0, 0), Vec3(1, 0, 0)]
        case .line3: [Vec3(-1, 0, 0), Vec3(1, 0, 0), Vec3(0, 0, 0)]
        case .triangle3: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0)]
        case .triangle6: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0.5, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0, 0.5, 0)]
        case .quadrilateral4: [Vec3(-1, -1, 0), Vec3(1, -1, 0), Vec3(1, 1, 0), Vec3(-1, 1, 0)]
        case .tetrahedron4: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
        case .tetrahedron10:
            [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1),
             Vec3(0.5, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0, 0.5, 0), Vec3(0, 0, 0.5), Vec3(0, 0.5, 0.5), Vec3(0.5, 0, 0.5)]
        case .hexahedron8:
            [Vec3(-1, -1, -1), Vec3(1, -1, -1), Vec3(1, 1, -1), Vec3(-1, 1, -1),
             Vec3(-1, -1, 1), Vec3(1, -1, 1), Vec3(1, 1, 1), Vec3(-1, 1, 1)]
        }
    }

    /// Edges of the mid-edge nodes of quadratic simplices (corner pairs), in node order.
    public static let tetrahedron10Edges = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    public static let triangle6Edges = [(0, 1), (1, 2), (2, 0)]

    /// Fills `values[a] = N_a(ξ)` and `gradients[a] = ∂N_a/∂ξ` (unused components zero).
    @inlinable
    public static func evaluate(_ type: CellType, at xi: Vec3, values: inout [Double], gradients: inout [Vec3]) {
        let x = xi.x, y = xi.y, z = xi.z
        switch type {
        case .line2:
            values[0] = 0.5 * (1 - x); values[1] = 0.5 * (1 + x)
            gradients[0] = Vec3(-0.5, 0, 0); gradients[1] = Vec3(0.5, 0, 0)
        case .line3:
            values[0] = 0.5 * x * (x - 1); values[1] = 0.5 * x * (x + 1); values[2] = 1 - x * x
            gradients[0] = Vec3(x - 0.5, 0, 0); gradients[1] = Vec3(x + 0.5, 0, 0); gradients[2] = Vec3(-2 * x, 0, 0)
        case .triangle3:
            values[0] = 1 - x - y; values[1] = x; values[2] = y
            gradients[0] = Vec3(-1, -1, 0); gradients[1] = Vec3(1, 0, 0); gradients[2] = Vec3(0, 1, 0)
        case .triangle6:
            let l0 = 1 - x - y, l1 = x, l2 = y
            let dl = [Vec3(-1, -1, 0), Vec3(1, 0, 0), Vec3(0, 1, 0)]
            let l = [l0, l1, l2]
            for a in 0..<3 { values[a] = l[a] * (2 * l[a] - 1); gradients[a] = (4 * l[a] - 1) * dl[a] }
            for (m, e) in triangle6Edges.enumerated() {
                values[3 + m] = 4 * l[e.0] * l[e.1]
                gradients[3 + m] = 4 * (l[e.1] * dl[e.0] + l[e.0] * dl[e.1])
            }
        case .quadrilateral4:
            let s: [(Double, Double)] = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
            for a in 0..<4 {
                let (sx, sy) = s[a]
                values[a] = 0.25 * (1 + sx * x) * (1 + sy * y)
                gradients[a] = Vec3(0.25 * sx * (1 + sy * y), 0.25 * sy * (1 + sx * x), 0)
            }
        case .tetrahedron4:
            values[0] = 1 - x - y - z; values[1] = x; values[2] = y; values[3] = z
            gradients[0] = Vec3(-1, -1, -1); gradients[1] = Vec3(1, 0, 0); gradients[2] = Vec3(0, 1, 0); gradients[3] = Vec3(0, 0, 1)
        case .tetrahedron10:
            let l = [1 - x - y - z, x, y, z]
            let dl = [Vec3(-1, -1, -1), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
            for a in 0..<4 { values[a] = l[a] * (2 * l[a] - 1); gradients[a] = (4 * l[a] - 1) * dl[a] }
            for (m, e) in tetrahedron10Edges.enumerated() {
                values[4 + m] = 4 * l[e.0] * l[e.1]
                gradients[4 + m] = 4 * (l[e.1] * dl[e.0] + l[e.0] * dl[e.1])
            }
        case .hexahedron8:
            let s: [(Double, Double, Double)] = [(-1, -1, -1), (1, -1, -1), (1, 1, -1), (-1, 1, -1),
                                                 (-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1)]
            for a in 0..<8 {
                let (sx, sy, sz) = s[a]
                let fx = 1 + sx * x, fy = 1 + sy * y, fz = 1 + sz * z
                values[a] = 0.125 * fx * fy * fz
                gradients[a] = Vec3(0.125 * sx * fy * fz, 0.125 * sy * fx * fz, 0.125 * sz * fx * fy)
            }
        }
    }
}

/// Shape values and reference gradients tabulated at the points of a quadrature rule
/// (computed once per cell type, reused for every cell).
public struct ShapeTable: Sendable {
    public let type: CellType
    public let rule: QuadratureRule
    /// N_a at point q: `values[q * nodeCount + a]`.
    public let values: [Double]
    /// ∂N_a/∂ξ at point q: `gradients[q * nodeCount + a]`.
    public let gradients: [Vec3]

    public init(_ type: CellType, rule: QuadratureRule) {
        self.type = type; self.rule = rule
        let n = type.nodeCount
        var v = [Double](repeating: 0, count: n * rule.count), g = [Vec3](repeating: .zero, count: n * rule.count)
        var vv = [Double](repeating: 0, count: n), gg = [Vec3](repeating: .zero, count: n)
        for q in 0..<rule.count {
            ReferenceElement.evaluate(type, at: rule.points[q], values: &vv, gradients: &gg)
            for a in 0..<n { v[q * n + a] = vv[a]; g[q * n + a] = gg[a] }
        }
        values = v; gradients = g
    }
}
