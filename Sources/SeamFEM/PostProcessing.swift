import SeamCore

/// Strain, Cauchy stress and von Mises stress at one point of a cell.
public struct PointValues: Sendable, Equatable {
    /// Small strain sym(H) (linearised) or Green-Lagrange strain ½(FᵀF - I) (finite strain); ε_33
    /// from σ_33 = 0 in plane stress.
    public var strain: Mat3
    /// Cauchy stress σ = P Fᵀ / det F (= P in the linearised setting), eV/Å^3.
    public var stress: Mat3
    /// von Mises equivalent stress sqrt(3/2 s:s), s the deviator of σ (eV/Å^3).
    public var vonMises: Double

    public static func vonMises(_ s: Mat3) -> Double {
        let a = s[0, 0] - s[1, 1], b = s[1, 1] - s[2, 2], c = s[2, 2] - s[0, 0]
        let sh = s[0, 1] * s[0, 1] + s[1, 2] * s[1, 2] + s[0, 2] * s[0, 2]
        return (0.5 * (a * a + b * b + c * c) + 3 * sh).squareRoot()
    }
}

extension ElasticityModel {
    /// Physical shape gradients ∂N_a/∂X (1/Å) of a cell at reference point ξ.
    public func shapeGradients(block b: Int, cell c: Int, at xi: Vec3) throws -> [Vec3] {
        let type = mesh.cells[b].type, nn = type.nodeCount
        var v = [Double](repeating: 0, count: nn), g = [Vec3](repeating: .zero, count: nn)
        ReferenceElement.evaluate(type, at: xi, values: &v, gradients: &g)
        let nodes = mesh.cells[b].nodes(of: c)
        var jac = Mat3.zero
        for (a, n) in nodes.enumerated() { jac += mesh.nodes[Int(n)].outer(g[a]) }
        if dimension == 2 { jac[2, 2] = 1 }
        guard jac.determinant > 0 else { throw InputError("cell \(c) of block \(b) is inverted or degenerate at \(xi)") }
        let jinvT = jac.inverse.transposed
        return g.map { jinvT * $0 }
    }

    /// Displacement gradient H_iJ = Σ_a u_a,i ∂N_a/∂X_J (3x3, zero out-of-plane rows in 2D).
    func displacementGradient(_ u: [Double], block b: Int, cell c: Int, gradients g: [Vec3]) -> Mat3 {
        var h = Mat3.zero
        for (a, n) in mesh.cells[b].nodes(of: c).enumerated() { h += displacement(u, node: Int(n)).outer(g[a]) }
        return h
    }

    /// Strain and stress at reference point ξ of a cell for the full nodal displacement `u` (Å).
    /// - Parameter linearized: small-strain response with the tangent at F = I (true), or the
    ///   material's finite-strain response at F = I + H (false).
    public func pointValues(_ u: [Double], block b: Int, cell c: Int, at xi: Vec3, linearized: Bool = true) throws -> PointValues {
        let h = displacementGradient(u, block: b, cell: c, gradients: try shapeGradients(block: b, cell: c, at: xi))
        if linearized {
            let a = try material.response(at: .identity, request: .tangent).tangent
            var eps = h.symmetric
            if analysis.isPlaneStress {
                var s = 0.0
                for k in 0..<2 { for l in 0..<2 { s += a[2, 2, k, l] * eps[k, l] } }
                eps[2, 2] = -s / a[2, 2, 2, 2]
            }
            let sigma = a.contract(eps)
            return PointValues(strain: eps, stress: sigma, vonMises: PointValues.vonMises(sigma))
        }
        let f = Mat3.identity + h
        let p = try material.response(at: f, request: .stress).stress
        let sigma = (p * f.transposed) / f.determinant
        let e = 0.5 * (f.transposed * f - .identity)
        return PointValues(strain: e, stress: sigma, vonMises: PointValues.vonMises(sigma))
    }

    /// Values at every stiffness quadrature point: `[block][cell * pointCount + q]`.
    public func quadraturePointValues(_ u: [Double], linearized: Bool = true) throws -> [[PointValues]] {
        try mesh.cells.indices.map { b in
            let rule = geometry[b].table.rule
            var out: [PointValues] = []
            out.reserveCapacity(mesh.cells[b].count * rule.count)
            for c in 0..<mesh.cells[b].count {
                for q in 0..<rule.count { out.append(try pointValues(u, block: b, cell: c, at: rule.points[q], linearized: linearized)) }
            }
            return out
        }
    }

    /// Values averaged over the quadrature points of each cell (weights w_q det J):
    /// `[block][cell]`.
    public func cellAverageValues(_ u: [Double], linearized: Bool = true) throws -> [[PointValues]] {
        let all = try quadraturePointValues(u, linearized: linearized)
        return mesh.cells.indices.map { b in
            let nq = geometry[b].table.rule.count
            return (0..<mesh.cells[b].count).map { c in
                var strain = Mat3.zero, stress = Mat3.zero, volume = 0.0
                for q in 0..<nq {
                    let w = geometry[b].measures[c * nq + q]
                    strain += w * all[b][c * nq + q].strain; stress += w * all[b][c * nq + q].stress; volume += w
                }
                let s = stress / volume
                return PointValues(strain: strain / volume, stress: s, vonMises: PointValues.vonMises(s))
            }
        }
    }

    /// Cauchy stress at a node, averaged over the cells that contain it (each evaluated at the
    /// node's own reference coordinates).
    public func nodalStress(_ u: [Double], node: Int, linearized: Bool = true) throws -> Mat3 {
        var sum = Mat3.zero, count = 0
        for (b, block) in mesh.cells.enumerated() {
            let ref = ReferenceElement.nodeCoordinates(block.type), nn = block.type.nodeCount
            for c in 0..<block.count {
                for a in 0..<nn where block.connectivity[c * nn + a] == Int32(node) {
                    sum += try pointValues(u, block: b, cell: c, at: ref[a], linearized: linearized).stress; count += 1
                }
            }
        }
        guard count > 0 else { throw InputError("node \(node) belongs to no cell") }
        return sum / Double(count)
    }

    /// Displacement gradient H = ∂u/∂X at quadrature point `q` of cell `cell` of block `b`, from
    /// the full nodal vector `u` (Å); F = I + H.
    func quadratureGradient(_ u: [Double], block b: Int, cell: Int, point q: Int) -> Mat3 {
        let d = dimension, block = mesh.cells[b], geo = geometry[b]
        let nn = block.type.nodeCount, nq = geo.table.rule.count
        let base = (cell * nq + q) * nn * d
        var h = Mat3.zero
        for a in 0..<nn {
            let n = Int(block.connectivity[cell * nn + a])
            for i in 0..<d { for j in 0..<d { h[i, j] += u[n * d + i] * geo.gradients[base + a * d + j] } }
        }
        return h
    }

    /// Stored elastic energy U = Σ_blocks Σ_cells Σ_q W(F_q) w_q |J_q| t (eV; per Å of length in
    /// plane strain with t = 1 Å) of the full displacement vector `u` (Å), with the material's
    /// per-cell response (so position-switched materials count each cell with its own law).
    public func storedEnergy(_ u: [Double]) throws -> Double {
        var energy = 0.0
        for (b, block) in mesh.cells.enumerated() {
            let geo = geometry[b], nq = geo.table.rule.count
            for cell in 0..<block.count {
                for q in 0..<nq {
                    let h = quadratureGradient(u, block: b, cell: cell, point: q)
                    energy += try material.response(at: .identity + h, block: b, cell: cell, request: .energy).energyDensity
                        * geo.measures[cell * nq + q]
                }
            }
        }
        return energy
    }

    /// Internal force f_a,i = ∫ P_iJ ∂N_a/∂X_J dV (eV/Å) for every dof of the full vector `u`.
    public func internalForce(_ u: [Double], linearized: Bool = true) throws -> [Double] {
        let d = dimension
        var f = [Double](repeating: 0, count: u.count)
        let c = linearized ? try linearizedTangent() : []
        for (b, block) in mesh.cells.enumerated() {
            let geo = geometry[b], nn = block.type.nodeCount, nq = geo.table.rule.count
            for cell in 0..<block.count {
                for q in 0..<nq {
                    let base = (cell * nq + q) * nn * d
                    let h = quadratureGradient(u, block: b, cell: cell, point: q)
                    var p = Mat3.zero
                    if linearized {
                        for i in 0..<d { for j in 0..<d {
                            var s = 0.0
                            for k in 0..<d { for l in 0..<d { s += c[((i * d + j) * d + k) * d + l] * h[k, l] } }
                            p[i, j] = s
                        } }
                    } else {
                        p = try material.response(at: .identity + h, block: b, cell: cell, request: .stress).stress
                    }
                    let m = geo.measures[cell * nq + q]
                    for a in 0..<nn {
                        let n = Int(block.connectivity[cell * nn + a])
                        for i in 0..<d {
                            var s = 0.0
                            for j in 0..<d { s += p[i, j] * geo.gradients[base + a * d + j] }
                            f[n * d + i] += m * s
                        }
                    }
                }
            }
        }
        return f
    }

    /// Reaction forces (eV/Å) summed over each named node set: Σ_nodes (f_int - λ f_ext).
    /// At free dofs the summand is the (near-zero) equilibrium residual, so only constrained
    /// dofs contribute in a converged solution.
    public func reactionForces(_ u: [Double], loadFactor: Double = 1, linearized: Bool = true) throws -> [String: Vec3] {
        let fint = try internalForce(u, linearized: linearized), d = dimension
        var out: [String: Vec3] = [:]
        for (name, nodes) in mesh.nodeSets {
            var r = Vec3.zero
            for n in nodes { for i in 0..<d { r[i] += fint[Int(n) * d + i] - loadFactor * externalForce[Int(n) * d + i] } }
            out[name] = r
        }
        return out
    }
}
