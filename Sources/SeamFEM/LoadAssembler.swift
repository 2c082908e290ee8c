import SeamCore

/// Consistent nodal forces f_a = ∫ N_a t dA (boundary tractions) and f_a = ∫ N_a b dV (body
/// forces), integrated with the load quadrature rules (degree 2p).
enum LoadAssembler {
    static func externalForce(mesh: Mesh, analysis: Analysis, tractions: [TractionLoad],
                              bodyForce: (@Sendable (Vec3) -> Vec3)?) throws -> [Double] {
        let d = analysis.dimension
        var f = [Double](repeating: 0, count: mesh.nodes.count * d)
        for load in tractions {
            let tags = Set(mesh.groupNames.filter { $0.value == load.boundary }.map(\.key))
            guard !tags.isEmpty else {
                throw InputError("traction names the boundary \"\(load.boundary)\", which the mesh does not have",
                                 suggestion: "known groups: \(Set(mesh.groupNames.values).sorted().joined(separator: ", "))")
            }
            var found = false
            for block in mesh.boundary where block.type.dimension == d - 1 {
                let table = ShapeTable(block.type, rule: .load(block.type))
                let nn = block.type.nodeCount
                for c in 0..<block.count where tags.contains(block.tags[c]) {
                    found = true
                    for q in 0..<table.rule.count {
                        var x = Vec3.zero, t1 = Vec3.zero, t2 = Vec3.zero
                        for a in 0..<nn {
                            let xa = mesh.nodes[Int(block.connectivity[c * nn + a])], g = table.gradients[q * nn + a]
                            x += table.values[q * nn + a] * xa; t1 += g.x * xa; t2 += g.y * xa
                        }
                        let jac = d == 2 ? t1.norm * analysis.thickness : t1.cross(t2).norm
                        let t = load.traction(x), w = table.rule.weights[q] * jac
                        for a in 0..<nn {
                            let n = Int(block.connectivity[c * nn + a]), s = w * table.values[q * nn + a]
                            for i in 0..<d { f[n * d + i] += s * t[i] }
                        }
                    }
                }
            }
            guard found else { throw InputError("the boundary \"\(load.boundary)\" has no \(d - 1)D cells to carry a traction") }
        }
        if let bodyForce {
            for (b, block) in mesh.cells.enumerated() {
                let geo = try CellGeometry(mesh: mesh, block: b, rule: .load(block.type), thickness: analysis.thickness)
                let nn = block.type.nodeCount, nq = geo.table.rule.count
                for c in 0..<block.count {
                    for q in 0..<nq {
                        var x = Vec3.zero
                        for a in 0..<nn { x += geo.table.values[q * nn + a] * mesh.nodes[Int(block.connectivity[c * nn + a])] }
                        let bf = bodyForce(x), w = geo.measures[c * nq + q]
                        for a in 0..<nn {
                            let n = Int(block.connectivity[c * nn + a]), s = w * geo.table.values[q * nn + a]
                            for i in 0..<d { f[n * d + i] += s * bf[i] }
                        }
                    }
                }
            }
        }
        return f
    }
}
