import SeamCore
import SeamFEM
import SeamNumerics

/// Frictionless contact of a rigid cylinder (2D, plane strain) with the nodes of an elastic
/// body's surface, enforced by a penalty: a node that has moved inside the cylinder by the
/// penetration g = R - |x - c| > 0 gets the energy ½ κ ℓ g² (κ: pressure per penetration,
/// eV/Å^4; ℓ: the node's tributary length, Å), i.e. a radial force κ ℓ g. The contact pressure is
/// κ g. The exact penalty energy gives a symmetric tangent κ ℓ [n⊗n - g (I - n⊗n)/|x - c|].
///
/// The indenter is displacement controlled: its lowest point sits at `depth` below the
/// undeformed surface height. `solve` runs Newton on the total energy with the bulk's own
/// CHOLMOD analysis reused for every iteration and depth step.
public struct RigidCylinderContact: Sendable {
    /// Radius R, Å.
    public let radius: Double
    /// x of the cylinder axis, Å.
    public let centerX: Double
    /// Height of the undeformed surface, Å.
    public let surfaceHeight: Double
    /// Penalty κ, eV/Å^4 (pressure per penetration).
    public let stiffness: Double
    /// Candidate nodes and their tributary lengths (Å), and any symmetry factor on the ends.
    public let nodes: [Int32]
    public let tributary: [Double]

    /// - Parameters: the candidate node set (a straight surface along x at `surfaceHeight`).
    public init(mesh: Mesh, nodeSet: String, radius: Double, centerX: Double, stiffness: Double) throws {
        guard mesh.dimension == 2 else { throw InputError("rigid cylinder contact is two-dimensional (plane strain)") }
        guard let set = mesh.nodeSets[nodeSet], set.count >= 2 else { throw InputError("contact surface '\(nodeSet)' needs at least two nodes") }
        guard radius > 0, stiffness > 0 else { throw InputError("contact needs a positive radius and penalty stiffness") }
        let sorted = set.sorted { mesh.nodes[Int($0)].x < mesh.nodes[Int($1)].x }
        let xs = sorted.map { mesh.nodes[Int($0)].x }
        var trib = [Double](repeating: 0, count: xs.count)
        for k in 0..<(xs.count - 1) { let h = 0.5 * (xs[k + 1] - xs[k]); trib[k] += h; trib[k + 1] += h }
        nodes = sorted; tributary = trib
        self.radius = radius; self.centerX = centerX; self.stiffness = stiffness
        surfaceHeight = mesh.nodes[Int(sorted[0])].y
    }

    /// Penetration g (Å), unit outward normal n and distance from the axis at a node.
    func penetration(_ p: Vec3, depth: Double) -> (g: Double, n: Vec3, r: Double) {
        let c = Vec3(centerX, surfaceHeight - depth + radius, 0)
        let v = p - c, r = v.norm
        return (radius - r, v / r, r)
    }

    /// The contact result at one depth: displacement, total load per unit thickness (eV/Å per
    /// Å of thickness, i.e. eV/Å^2 times the model thickness), nodal pressures (eV/Å^3).
    public struct State: Sendable {
        public var depth: Double
        public var displacement: [Double]
        public var load: Double
        /// (x of the node in the reference configuration, pressure κ g) of the active nodes.
        public var pressures: [(x: Double, pressure: Double)]
        public var iterations: Int
    }

    /// Solves the contact problem at each depth in turn (Newton from the previous state).
    public func solve<M: Material>(_ model: ElasticityModel<M>, depths: [Double], tolerance: Double = 1e-10,
                                   maxIterations: Int = 60) throws -> [State] {
        let dofs = model.dofMap, eq = dofs.equation
        let pattern = model.assembly.pattern
        let solver = try CholeskySolver(pattern: pattern, ordering: .recommended(spatialDimension: 2))
        func add(_ values: inout [Double], _ i: Int32, _ j: Int32, _ v: Double) {
            guard i >= 0, j >= 0 else { return }
            if let p = pattern.position(row: Int(i), column: Int(j)) ?? pattern.position(row: Int(j), column: Int(i)) { values[p] += v }
        }
        var u = [Double](repeating: 0, count: eq.count)
        for k in 0..<u.count where eq[k] < 0 { u[k] = dofs.prescribed[k] }
        var states: [State] = []
        for depth in depths {
            var iterations = 0
            var reference = 0.0
            while true {
                var (r, values) = try model.residualAndTangent(u, loadFactor: 1, tangent: true)
                var v = values!
                var load = 0.0
                for (k, node) in nodes.enumerated() {
                    let n = Int(node)
                    let p = mesh(model).nodes[n] + Vec3(u[2 * n], u[2 * n + 1], 0)
                    let (g, nrm, dist) = penetration(p, depth: depth)
                    guard g > 0 else { continue }
                    let kl = stiffness * tributary[k]
                    let ex = eq[2 * n], ey = eq[2 * n + 1]
                    // Residual += dE/dx = -κ ℓ g n.
                    if ex >= 0 { r[Int(ex)] -= kl * g * nrm.x }
                    if ey >= 0 { r[Int(ey)] -= kl * g * nrm.y }
                    load += kl * g * (-nrm.y)
                    let t = kl * g / dist
                    add(&v, ex, ex, kl * nrm.x * nrm.x - t * (1 - nrm.x * nrm.x))
                    add(&v, ey, ey, kl * nrm.y * nrm.y - t * (1 - nrm.y * nrm.y))
                    add(&v, ex, ey, kl * nrm.x * nrm.y + t * nrm.x * nrm.y)
                }
                let rn = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
                reference = max(reference, abs(load), rn)
                if rn <= tolerance * max(reference, 1e-300) || (iterations > 0 && rn <= 1e-14) {
                    var pressures: [(x: Double, pressure: Double)] = []
                    for node in nodes {
                        let n = Int(node)
                        let g = penetration(mesh(model).nodes[n] + Vec3(u[2 * n], u[2 * n + 1], 0), depth: depth).g
                        if g > 0 { pressures.append((mesh(model).nodes[n].x, stiffness * g)) }
                    }
                    states.append(State(depth: depth, displacement: u, load: load, pressures: pressures, iterations: iterations))
                    break
                }
                guard iterations < maxIterations else {
                    throw NumericalError(.noConvergence, "contact at depth \(depth) Å: no convergence in \(maxIterations) iterations (residual \(rn))")
                }
                try solver.factorize(values: v)
                let du = try solver.solve(rhs: r.map { -$0 })
                for k in 0..<u.count where eq[k] >= 0 { u[k] += du[Int(eq[k])] }
                iterations += 1
            }
        }
        return states
    }

    @inline(__always) private func mesh<M: Material>(_ model: ElasticityModel<M>) -> Mesh { model.mesh }
}
