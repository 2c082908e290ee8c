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
            let nn = block.type.nodeCount, nd = nn * d
            var work = ElementWork(nodes: nn, dimension: d)
            var ge = [Double](repeating: 0, count: nd)
            let connectivity = block.connectivity
            for cell in 0..<block.count {
                var touched = false
                for a in 0..<nn {
                    let n = Int(connectivity[cell * nn + a])
                    for i in 0..<d { ge[a * d + i] = g[n * d + i]; if g[n * d + i] != 0 { touched = true } }
                }
                guard touched else { continue }
                try integrateCell(block: b, cell: cell, u, tangent: true, work: &work)
                for a in 0..<nn {
                    let n = Int(connectivity[cell * nn + a])
                    for i in 0..<d {
                        let row = (a * d + i) * nd
                        var s = 0.0
                        for J in 0..<nd { s += work.ke[row + J] * ge[J] }
                        coupling[n * d + i] += s
                        force += ge[a * d + i] * work.fe[a * d + i]
                    }
                }
            }
        }
        var stiffness = 0.0
        for k in 0..<u.count where g[k] != 0 { stiffness += g[k] * coupling[k] }
        return (force, coupling, stiffness)
    }
}
