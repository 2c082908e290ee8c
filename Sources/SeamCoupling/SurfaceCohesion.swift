import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// Cohesive interaction between two meshed surfaces whose nodes need not match (2D): each
/// integration point s of the slave surface (composite Gauss on its edges) interacts with the
/// master segment [y1, y2] it projects onto, through the signed normal gap
///
///   g = ((s - y1) × τ) / L,   τ = y2 - y1, L = |τ|,   (a × b = a_x b_y - a_y b_x)
///
/// positive on the side the master's outward normal J τ/L = (τ_y, -τ_x)/L points to (master
/// segments are ordered so that it points toward the slave body in the reference state).
/// Energy E = Σ_q w_q [φ(g_q) - W]. Because (s - y1)·ν does not depend on where along the
/// segment s projects, g is a closed-form function of the six coordinates, so gradient and
/// Hessian are exact (no projection-parameter linearisation):
///   ∂g/∂p = Jτ/L,  ∂g/∂τ = -Jp/L - C τ/L³   (p = s - y1, C = p × τ, Jv = (v_y, -v_x)),
///   ∂²g/∂p∂τ_j = J_ij/L - (Jτ)_i τ_j/L³,
///   ∂²g/∂τ_i∂τ_j = [(Jp)_i τ_j + (Jp)_j τ_i - C δ_ij]/L³ + 3 C τ_i τ_j/L⁵.
/// The segment is chosen per point and evaluation among precomputed candidates (those within
/// the search margin in the reference state, which also fixes the sparse pattern): the one
/// whose projection parameter η = p·τ/L² lies in [0, 1], else the nearest in η.
struct SurfaceCohesion<L: CohesiveLaw>: InterfaceTerm {
    let law: L
    let points: [SurfacePoint]
    /// Candidate master segments (node pairs, ordered) per point.
    let candidates: [[(Int, Int)]]
    /// Reference node positions of the mesh holding both surfaces, Å.
    let nodes: [Vec3]

    @inline(__always) static func position(_ u: [Double], _ mesh: [Vec3], _ n: Int) -> Vec3 {
        Vec3(mesh[n].x + u[2 * n], mesh[n].y + u[2 * n + 1], 0)
    }

    /// The master segment for point k and the gap kinematics.
    func pair(_ k: Int, _ u: [Double], _ nodes: [Vec3]) -> (m1: Int, m2: Int, s: Vec3, y1: Vec3, tau: Vec3)? {
        let p = points[k]
        let ua = Vec3(u[2 * p.nodeA], u[2 * p.nodeA + 1], 0), ub = Vec3(u[2 * p.nodeB], u[2 * p.nodeB + 1], 0)
        let s = p.reference + (1 - p.xi) * ua + p.xi * ub
        var best: (m1: Int, m2: Int, s: Vec3, y1: Vec3, tau: Vec3)? = nil, bestOut = Double.infinity
        for (m1, m2) in candidates[k] {
            let y1 = Self.position(u, nodes, m1), y2 = Self.position(u, nodes, m2)
            let tau = y2 - y1
            let eta = (s - y1).dot(tau) / tau.normSquared
            let out = eta < 0 ? -eta : (eta > 1 ? eta - 1 : 0)
            if out < bestOut { bestOut = out; best = (m1, m2, s, y1, tau) }
            if out == 0 { break }
        }
        return best
    }

    /// Gap at every point (Å; +∞ where a point has no candidate).
    func gaps(_ u: [Double], nodes: [Vec3]) -> [Double] {
        points.indices.map { k in
            guard let q = pair(k, u, nodes) else { return .infinity }
            let p = q.s - q.y1
            return (p.x * q.tau.y - p.y * q.tau.x) / q.tau.norm
        }
    }

    func evaluate(_ u: [Double], gradient: inout [Double], tangent: InterfaceTangent?, values: inout [Double],
                  pattern: SparseMatrixPattern, equation eq: [Int32]) -> Double {
        let w0 = law.workOfSeparation
        var energy = 0.0
        for k in points.indices {
            guard let q = pair(k, u, nodes) else { continue }
            let pt = points[k]
            let p = q.s - q.y1, tau = q.tau
            let l2 = tau.normSquared, l = l2.squareRoot(), l3 = l2 * l
            let c = p.x * tau.y - p.y * tau.x
            let g = c / l
            let response = law.response(opening: Vec3(g, 0, 0))
            energy += pt.weight * (response.energy - w0)
            let t = response.traction.x
            let jt = (tau.y, -tau.x), jp = (p.y, -p.x)
            let gp = [jt.0 / l, jt.1 / l]
            let gt = [-jp.0 / l - c * tau.x / l3, -jp.1 / l - c * tau.y / l3]
            let nodeList = [pt.nodeA, pt.nodeB, q.m1, q.m2]
            let cp = [1 - pt.xi, pt.xi, -1.0, 0.0], ct = [0.0, 0.0, -1.0, 1.0]
            var grad = [Double](repeating: 0, count: 8)
            for a in 0..<4 { for i in 0..<2 { grad[2 * a + i] = cp[a] * gp[i] + ct[a] * gt[i] } }
            for a in 0..<4 { for i in 0..<2 { gradient[2 * nodeList[a] + i] += pt.weight * t * grad[2 * a + i] } }
            guard let tangent else { continue }
            var kk = response.tangent[0, 0]
            var curvature = t
            if tangent == .positive { kk = max(kk, 0); curvature = 0 }
            let tv = [tau.x, tau.y], pv = [jp.0, jp.1], jtv = [jt.0, jt.1]
            let jm = [[0.0, 1.0], [-1.0, 0.0]]
            func gpt(_ i: Int, _ j: Int) -> Double { jm[i][j] / l - jtv[i] * tv[j] / l3 }
            func gtt(_ i: Int, _ j: Int) -> Double {
                (pv[i] * tv[j] + pv[j] * tv[i] - (i == j ? c : 0)) / l3 + 3 * c * tv[i] * tv[j] / (l3 * l2)
            }
            for a in 0..<4 { for b in 0..<4 { for i in 0..<2 { for j in 0..<2 {
                let ia = eq[2 * nodeList[a] + i], jb = eq[2 * nodeList[b] + j]
                guard ia >= 0, jb >= 0, ia <= jb else { continue }
                // Slave and master nodes are distinct (disjoint bodies), so each (a, i), (b, j)
                // pair is a distinct matrix entry.
                var h = 0.0
                if curvature != 0 {
                    h = cp[a] * ct[b] * gpt(i, j) + ct[a] * cp[b] * gpt(j, i) + ct[a] * ct[b] * gtt(i, j)
                }
                let v = pt.weight * (kk * grad[2 * a + i] * grad[2 * b + j] + curvature * h)
                pattern.add(&values, ia, jb, v)
            } } } }
        }
        return energy
    }
}

/// The extra connectivity (slave edge nodes + master segment nodes) the pattern needs.
func surfaceConnectivity(points: [SurfacePoint], candidates: [[(Int, Int)]]) -> ExtraConnectivity {
    var seen = Set<[Int32]>(), conn: [Int32] = []
    for (p, list) in zip(points, candidates) {
        for (m1, m2) in list {
            let element = [Int32(p.nodeA), Int32(p.nodeB), Int32(m1), Int32(m2)]
            if seen.insert(element).inserted { conn += element }
        }
    }
    return ExtraConnectivity(nodesPerElement: 4, connectivity: conn)
}

