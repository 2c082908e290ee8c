import SeamCore

extension ElasticityModel {
    /// The derivatives of the elastic energy along a load pattern g of prescribed displacements
    /// (u_c = d g at the constrained dofs, d the load parameter), for bordered Newton systems
    /// that make d an unknown (load control, arc-length continuation of a grip):
    ///   force     = gᵀ f_int(u)             = ∂U/∂d          (eV/Å),
    ///   coupling  = K(u) g (every full dof)  (∂²U/∂u∂d at the free dofs, eV/Å^2),
    ///   stiffness = gᵀ K(u) g                = ∂²U/∂d²        (eV/Å^2),
    /// with f_int and K = ∂f_int/∂u the total-Lagrangian internal force and consistent tangent
    /// of `residualAndTangent` (F = I + ∂u/∂X, F_33 = 1 in plane strain). Only cells with a
    /// node where g ≠ 0 contribute, so the cost is that of the gripped layer of cells.
    ///
    /// Why here: the free-dof tangent of `residualAndTangent` drops the free-constrained block
    /// K_fc that the load pattern needs.
    /// - Parameters:
    ///   - u: full nodal displacement (Å).
    ///   - pattern: g per full dof (Å per unit of d), usually `dofMap.prescribed` of a
    ///     prescribed-displacement condition.
    public func loadPatternDerivatives(_ u: [Double], pattern g: [Double]) throws -> (force: Double, coupling: [Double], stiffness: Double) {
        precondition(u.count == dofMap.equation.count && g.count == u.count)
        let d = dimension
        var coupling = [Double](repeating: 0, count: u.count)
        var force = 0.0
        for (b, block) in mesh.cells.enumerated() {
            let geo = geometry[b], nn = block.type.nodeCount, nq = geo.table.rule.count, nd = nn * d
            var ke = [Double](repeating: 0, count: nd * nd)
            var scratch = [Double](repeating: 0, count: nn * d * d * d)
            var a2 = [Double](repeating: 0, count: d * d * d * d)
            var fe = [Double](repeating: 0, count: nd), ge = [Double](repeating: 0, count: nd)
            let gradients = geo.gradients, connectivity = block.connectivity
            for cell in 0..<block.count {
                var touched = false
                for a in 0..<nn {
                    let n = Int(connectivity[cell * nn + a])
                    for i in 0..<d { ge[a * d + i] = g[n * d + i]; if g[n * d + i] != 0 { touched = true } }
                }
                guard touched else { continue }
                for k in 0..<(nd * nd) { ke[k] = 0 }
                for k in 0..<nd { fe[k] = 0 }
                for q in 0..<nq {
                    let base = (cell * nq + q) * nn * d
                    var h = Mat3.zero
                    for a in 0..<nn {
                        let n = Int(connectivity[cell * nn + a])
                        for i in 0..<d { for j in 0..<d { h[i, j] += u[n * d + i] * gradients[base + a * d + j] } }
                    }
                    let response = try material.response(at: .identity + h, block: b, cell: cell, request: [.stress, .tangent])
                    let p = response.stress, m = geo.measures[cell * nq + q], t = response.tangent
                    for a in 0..<nn {
                        for i in 0..<d {
                            var s = 0.0
                            for j in 0..<d { s += p[i, j] * gradients[base + a * d + j] }
                            fe[a * d + i] += m * s
                        }
                    }
                    for i in 0..<d { for j in 0..<d { for k in 0..<d { for l in 0..<d {
                        a2[((i * d + j) * d + k) * d + l] = t[i, j, k, l]
                    } } } }
                    gradients.withUnsafeBufferPointer { gp in
                        a2.withUnsafeBufferPointer { c in
                            scratch.withUnsafeMutableBufferPointer { s in
                                ke.withUnsafeMutableBufferPointer { k in
                                    ElasticityKernels.addStiffness(nodes: nn, dim: d, gradients: gp.baseAddress! + base, tangent: c.baseAddress!,
                                                                   measure: m, scratch: s.baseAddress!, into: k.baseAddress!)
                                }
                            }
                        }
                    }
                }
                for a in 0..<nn {
                    let n = Int(connectivity[cell * nn + a])
                    for i in 0..<d {
                        let row = (a * d + i) * nd
                        var s = 0.0
                        for J in 0..<nd { s += ke[row + J] * ge[J] }
                        coupling[n * d + i] += s
                        force += ge[a * d + i] * fe[a * d + i]
                    }
                }
            }
        }
        var stiffness = 0.0
        for k in 0..<u.count where g[k] != 0 { stiffness += g[k] * coupling[k] }
        return (force, coupling, stiffness)
    }
}
