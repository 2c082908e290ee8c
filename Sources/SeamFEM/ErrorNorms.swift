import SeamCore

/// Discretisation errors against a known exact solution (manufactured solutions, convergence
/// studies), integrated with a high-order rule independent of the assembly rule.
public struct ErrorNorms: Sendable, Equatable {
    /// ‖u - u_h‖_L2 = sqrt(∫ |u - u_h|^2 dV) (Å · Å^(d/2)).
    public var l2: Double
    /// Energy norm sqrt(∫ ε(e):C:ε(e) dV), e = u - u_h, with the small-strain tangent at F = I
    /// (condensed for plane stress); units sqrt(eV) per unit thickness in 2D.
    public var energy: Double
}

extension ElasticityModel {
    /// L2 and energy-norm errors of the full nodal displacement `u` against an exact field.
    /// - Parameters:
    ///   - degree: quadrature degree of the error integrals (default 6).
    ///   - exact: u(X) (Å); `gradient`: ∂u_i/∂X_J (3x3, in-plane block used in 2D).
    public func errorNorms(_ u: [Double], degree: Int = 6, exact: (Vec3) -> Vec3, gradient: (Vec3) -> Mat3) throws -> ErrorNorms {
        let d = dimension, c = try linearizedTangent()
        var l2 = 0.0, energy = 0.0
        for (b, block) in mesh.cells.enumerated() {
            let geo = try CellGeometry(mesh: mesh, block: b, rule: .gauss(block.type, degree: degree), thickness: analysis.thickness)
            let nn = block.type.nodeCount, nq = geo.table.rule.count
            for cell in 0..<block.count {
                for q in 0..<nq {
                    var x = Vec3.zero, uh = Vec3.zero, h = Mat3.zero
                    let base = (cell * nq + q) * nn * d
                    for a in 0..<nn {
                        let n = Int(block.connectivity[cell * nn + a]), na = geo.table.values[q * nn + a]
                        let ua = displacement(u, node: n)
                        x += na * mesh.nodes[n]; uh += na * ua
                        for i in 0..<d { for j in 0..<d { h[i, j] += ua[i] * geo.gradients[base + a * d + j] } }
                    }
                    let m = geo.measures[cell * nq + q]
                    l2 += m * (exact(x) - uh).normSquared
                    let e = (gradient(x) - h).symmetric
                    var w = 0.0
                    for i in 0..<d { for j in 0..<d { for k in 0..<d { for l in 0..<d {
                        w += e[i, j] * c[((i * d + j) * d + k) * d + l] * e[k, l]
                    } } } }
                    energy += m * w
                }
            }
        }
        return ErrorNorms(l2: l2.squareRoot(), energy: energy.squareRoot())
    }
}
