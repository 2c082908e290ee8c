import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// One integration point of a contact surface: a point on a linear edge (nodes a, b) at
/// X = (1 - ξ) X_a + ξ X_b, with weight w = (edge length) × (Gauss weight) × thickness (Å^2).
struct SurfacePoint: Sendable {
    var nodeA: Int, nodeB: Int
    var xi: Double
    var weight: Double
    var reference: Vec3
}

extension SurfacePoint {
    /// Composite two-point Gauss rule on every edge of `edges` (node pairs), `subdivisions`
    /// sub-intervals per edge.
    static func rule(mesh: Mesh, edges: [(Int32, Int32)], subdivisions: Int, thickness: Double) -> [SurfacePoint] {
        let g = 0.5 / 3.0.squareRoot()
        var points: [SurfacePoint] = []
        for (a, b) in edges {
            let xa = mesh.nodes[Int(a)], xb = mesh.nodes[Int(b)]
            let length = (xb - xa).norm, m = Double(subdivisions)
            for k in 0..<subdivisions {
                for s in [0.5 - g, 0.5 + g] {
                    let xi = (Double(k) + s) / m
                    points.append(SurfacePoint(nodeA: Int(a), nodeB: Int(b), xi: xi, weight: 0.5 * length / m * thickness,
                                               reference: (1 - xi) * xa + xi * xb))
                }
            }
        }
        return points
    }

    /// The edges of boundary group `name` (2D, linear edges), sorted by their first node's x.
    static func edges(of mesh: Mesh, group name: String) throws -> [(Int32, Int32)] {
        guard let tag = mesh.groupNames.first(where: { $0.value == name })?.key else {
            throw InputError("the mesh has no boundary group named '\(name)'")
        }
        var edges: [(Int32, Int32)] = []
        for block in mesh.boundary where block.type == .line2 {
            for e in 0..<block.count where block.tags[e] == tag {
                let n = block.nodes(of: e)
                edges.append((n[n.startIndex], n[n.startIndex + 1]))
            }
        }
        guard !edges.isEmpty else { throw InputError("boundary group '\(name)' has no linear edges") }
        return edges.sorted { min(mesh.nodes[Int($0.0)].x, mesh.nodes[Int($0.1)].x) < min(mesh.nodes[Int($1.0)].x, mesh.nodes[Int($1.1)].x) }
    }
}

/// Adhesion between a rigid cylinder (axis along z, at x = 0, lowest point `depth` below the
/// undeformed surface height) and the surface points of a 2D elastic body: energy
/// E = Σ_q w_q [φ(g_q) - W] with the gap g = |x_q - c| - R (Å), φ the normal part of the law
/// (eV/Å^2) and W its work of separation, so that E = 0 for separated bodies. Gradient
/// ∂E/∂u_a = w N_a T(g) n, n = (x - c)/|x - c|; Hessian
/// w N_a N_b [T'(g) n⊗n + T(g) (I - n⊗n)/|x - c|] (the second term: curvature of the gap).
struct RigidCylinderAdhesion<L: CohesiveLaw>: InterfaceTerm {
    let law: L
    let radius: Double
    let surfaceHeight: Double
    var depth: Double
    let points: [SurfacePoint]
    /// x of the cylinder's axis, Å (0: on the symmetry plane of a half model).
    var axisX: Double = 0

    var center: Vec3 { Self.center(axisX: axisX, surfaceHeight: surfaceHeight, depth: depth, radius: radius) }

    /// The axis of a cylinder of radius R whose lowest point lies `depth` below the surface
    /// height h: (x_axis, h - depth + R), Å.
    @inline(__always) static func center(axisX: Double, surfaceHeight: Double, depth: Double, radius: Double) -> Vec3 {
        Vec3(axisX, surfaceHeight - depth + radius, 0)
    }

    /// Gap g = |x - c| - R (Å), outward normal n = (x - c)/|x - c| and distance r = |x - c|
    /// of a point x (in-plane, Å) from the cylinder with axis c: the one gap definition of the
    /// mesh surface and of atoms (`RigidCylinderField`).
    @inline(__always) static func gap(of x: Vec3, center: Vec3, radius: Double) -> (g: Double, n: Vec3, r: Double) {
        let v = Vec3(x.x - center.x, x.y - center.y, 0), r = v.norm
        return (r - radius, v / r, r)
    }

    /// Current point, gap, normal and distance from the axis.
    @inline(__always) func kinematics(_ p: SurfacePoint, _ u: [Double]) -> (x: Vec3, g: Double, n: Vec3, r: Double) {
        let ua = Vec3(u[2 * p.nodeA], u[2 * p.nodeA + 1], 0), ub = Vec3(u[2 * p.nodeB], u[2 * p.nodeB + 1], 0)
        let x = p.reference + (1 - p.xi) * ua + p.xi * ub
        let k = Self.gap(of: x, center: center, radius: radius)
        return (x, k.g, k.n, k.r)
    }

    func evaluate(_ u: [Double], gradient: inout [Double], tangent: InterfaceTangent?, values: inout [Double],
                  pattern: SparseMatrixPattern, equation eq: [Int32]) -> Double {
        let w0 = law.workOfSeparation
        var energy = 0.0
        for p in points {
            let (_, g, n, r) = kinematics(p, u)
            let response = law.response(opening: Vec3(g, 0, 0))
            energy += p.weight * (response.energy - w0)
            let t = response.traction.x
            let shape = [(p.nodeA, 1 - p.xi), (p.nodeB, p.xi)]
            for (node, nv) in shape { for i in 0..<2 { gradient[2 * node + i] += p.weight * nv * t * n[i] } }
            guard let tangent else { continue }
            var k = response.tangent[0, 0], c = t / r
            if tangent == .positive { k = max(k, 0); c = max(c, 0) }
            for (na, va) in shape { for (nb, vb) in shape {
                for i in 0..<2 { for j in 0..<2 {
                    let ia = eq[2 * na + i], jb = eq[2 * nb + j]
                    // Each unordered pair of distinct dofs once (the pattern stores one triangle).
                    guard ia >= 0, jb >= 0, ia <= jb else { continue }
                    let v = p.weight * va * vb * (k * n[i] * n[j] + c * ((i == j ? 1 : 0) - n[i] * n[j]))
                    pattern.add(&values, ia, jb, v)
                } }
            } }
        }
        return energy
    }

    /// Force on the cylinder along y, Σ w T(g) n_y = ∂E/∂d (eV/Å for the model's thickness and
    /// this (half) model; positive = the body pushes the cylinder up).
    func force(_ u: [Double]) -> Double {
        var f = 0.0
        for p in points {
            let (_, g, n, _) = kinematics(p, u)
            f += p.weight * law.response(opening: Vec3(g, 0, 0)).traction.x * n.y
        }
        return f
    }

    /// The derivatives of the energy with respect to the indenter displacement d, for the
    /// bordered (u, d) systems of load control and arc-length continuation (same thickness and
    /// half model as `evaluate`). Moving the cylinder down by δd changes every gap as moving the
    /// surface point up by δd (g depends on x - c, c_y = h - d + R), so with k = T'(g),
    /// c = T(g)/|x - c|:
    ///   ∂E/∂d = Σ w T n_y  (= `force`),
    ///   ∂²E/∂u_ai∂d = Σ w N_a [k n_i n_y + c (δ_iy - n_i n_y)],
    ///   ∂²E/∂d² = Σ w [k n_y² + c (1 - n_y²)].
    /// - Returns: `mixed` per full dof (eV/Å^2, zero at constrained dofs), `curvature` (eV/Å^2)
    ///   and `force` (eV/Å).
    func indenterDerivatives(_ u: [Double], equation eq: [Int32]) -> (mixed: [Double], curvature: Double, force: Double) {
        var mixed = [Double](repeating: 0, count: u.count)
        var curvature = 0.0, force = 0.0
        for p in points {
            let (_, g, n, r) = kinematics(p, u)
            let response = law.response(opening: Vec3(g, 0, 0))
            let t = response.traction.x, k = response.tangent[0, 0], c = t / r
            force += p.weight * t * n.y
            curvature += p.weight * (k * n.y * n.y + c * (1 - n.y * n.y))
            for (node, nv) in [(p.nodeA, 1 - p.xi), (p.nodeB, p.xi)] {
                for i in 0..<2 where eq[2 * node + i] >= 0 {
                    mixed[2 * node + i] += p.weight * nv * (k * n[i] * n.y + c * ((i == 1 ? 1 : 0) - n[i] * n.y))
                }
            }
        }
        return (mixed, curvature, force)
    }

    /// Gap at every point (in the order of `points`), Å.
    func gaps(_ u: [Double]) -> [Double] { points.map { kinematics($0, u).g } }
}
