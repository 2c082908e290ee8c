import SeamCore

/// Reference-to-physical geometry of one cell block at the points of a quadrature rule:
/// physical shape gradients ∂N_a/∂X and integration measures w_q |det J| t, computed once.
///
/// Construction detects inverted (det J < 0) and degenerate (det J ≈ 0) cells and throws an
/// `InputError` naming the block and cell.
public struct CellGeometry: Sendable {
    public let type: CellType
    public let table: ShapeTable
    public let dimension: Int
    public let cellCount: Int
    /// ∂N_a/∂X_J at point q of cell c: `gradients[((c * nq + q) * nn + a) * dimension + J]` (1/Å).
    public let gradients: [Double]
    /// w_q det J_q × thickness at point q of cell c: `measures[c * nq + q]` (Å^d, Å^3 in 2D with thickness).
    public let measures: [Double]

    public init(mesh: Mesh, block b: Int, rule: QuadratureRule, thickness: Double = 1) throws {
        let block = mesh.cells[b]
        type = block.type; dimension = mesh.dimension; cellCount = block.count
        guard block.type.dimension == mesh.dimension else {
            throw InputError("cell block \(b) has \(block.type.rawValue) cells, which are not \(mesh.dimension)D")
        }
        let table = ShapeTable(block.type, rule: rule)
        self.table = table
        let nn = block.type.nodeCount, nq = rule.count, d = dimension
        var grads = [Double](repeating: 0, count: block.count * nq * nn * d)
        var meas = [Double](repeating: 0, count: block.count * nq)
        try grads.withUnsafeMutableBufferPointer { g in
            try meas.withUnsafeMutableBufferPointer { m in
                var x = [Vec3](repeating: .zero, count: nn)
                for c in 0..<block.count {
                    var scale = 0.0
                    for a in 0..<nn {
                        x[a] = mesh.nodes[Int(block.connectivity[c * nn + a])]
                        scale = max(scale, (x[a] - x[0]).maxAbs)
                    }
                    for q in 0..<nq {
                        // J_iα = Σ_a x_a,i ∂N_a/∂ξ_α
                        var jac = Mat3.zero
                        for a in 0..<nn { jac += x[a].outer(table.gradients[q * nn + a]) }
                        if d == 2 { jac[2, 2] = 1 }
                        let det = jac.determinant
                        let tol = 1e-12 * pow(scale, Double(d))
                        if !(abs(det) > tol) {
                            throw InputError("cell \(c) of block \(b) (\(block.type.rawValue)) is degenerate (det J = \(det))",
                                             suggestion: "check for repeated or collinear nodes")
                        }
                        if det < 0 {
                            throw InputError("cell \(c) of block \(b) (\(block.type.rawValue)) is inverted (det J = \(det) at quadrature point \(q))",
                                             suggestion: "check the node order (Gmsh convention) or reduce the mesh distortion")
                        }
                        // ∂N/∂X = J^{-T} ∂N/∂ξ
                        let jinvT = jac.inverse.transposed
                        for a in 0..<nn {
                            let gx = jinvT * table.gradients[q * nn + a]
                            for j in 0..<d { g[((c * nq + q) * nn + a) * d + j] = gx[j] }
                        }
                        m[c * nq + q] = rule.weights[q] * det * thickness
                    }
                }
            }
        }
        gradients = grads; measures = meas
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
