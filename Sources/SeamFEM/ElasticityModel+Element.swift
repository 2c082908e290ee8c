import SeamCore

/// Scratch arrays of the finite-strain element routine for cells of one type (reused across
/// cells so that the element loop allocates nothing).
struct ElementWork {
    /// Element stiffness, row-major (nodes·dim)², eV/Å^2.
    var ke: [Double]
    /// Element internal force, nodes·dim, eV/Å.
    var fe: [Double]
    var scratch: [Double]
    var a2: [Double]

    init(nodes nn: Int, dimension d: Int) {
        ke = [Double](repeating: 0, count: nn * d * nn * d)
        fe = [Double](repeating: 0, count: nn * d)
        scratch = [Double](repeating: 0, count: nn * d * d * d)
        a2 = [Double](repeating: 0, count: d * d * d * d)
    }
}

extension ElasticityModel {
    /// The finite-strain element routine, shared by `residualAndTangent` and
    /// `loadPatternDerivatives`: internal force f_e[a·d + i] = Σ_q m_q P_ij(F_q) ∂N_a/∂X_j and,
    /// when `tangent`, the consistent stiffness k_e = Σ_q m_q ∂N ⊗ A ⊗ ∂N (A = ∂P/∂F, through
    /// `ElasticityKernels.addStiffness`) of cell `cell` of block `b` at the full nodal
    /// displacement u (Å), with F = I + Σ_a u_a ⊗ ∂N_a/∂X (total Lagrangian; F_33 = 1 in plane
    /// strain). Overwrites `work.fe` (eV/Å) and, when `tangent`, `work.ke` (eV/Å^2).
    func integrateCell(block b: Int, cell: Int, _ u: [Double], tangent: Bool, work: inout ElementWork) throws {
        let d = dimension, block = mesh.cells[b], geo = geometry[b]
        let nn = block.type.nodeCount, nq = geo.table.rule.count, nd = nn * d
        let gradients = geo.gradients, connectivity = block.connectivity
        let request: MaterialRequest = tangent ? [.stress, .tangent] : .stress
        for k in 0..<nd { work.fe[k] = 0 }
        if tangent { for k in 0..<(nd * nd) { work.ke[k] = 0 } }
        for q in 0..<nq {
            let base = (cell * nq + q) * nn * d
            var h = Mat3.zero
            for a in 0..<nn {
                let n = Int(connectivity[cell * nn + a])
                for i in 0..<d { for j in 0..<d { h[i, j] += u[n * d + i] * gradients[base + a * d + j] } }
            }
            let response = try material.response(at: .identity + h, block: b, cell: cell, request: request)
            let p = response.stress, m = geo.measures[cell * nq + q]
            for a in 0..<nn {
                for i in 0..<d {
                    var s = 0.0
                    for j in 0..<d { s += p[i, j] * gradients[base + a * d + j] }
                    work.fe[a * d + i] += m * s
                }
            }
            guard tangent else { continue }
            let t = response.tangent
            for i in 0..<d { for j in 0..<d { for k in 0..<d { for l in 0..<d {
                work.a2[((i * d + j) * d + k) * d + l] = t[i, j, k, l]
            } } } }
            gradients.withUnsafeBufferPointer { g in
                work.a2.withUnsafeBufferPointer { c in
                    work.scratch.withUnsafeMutableBufferPointer { s in
                        work.ke.withUnsafeMutableBufferPointer { k in
                            ElasticityKernels.addStiffness(nodes: nn, dim: d, gradients: g.baseAddress! + base, tangent: c.baseAddress!,
                                                           measure: m, scratch: s.baseAddress!, into: k.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}
