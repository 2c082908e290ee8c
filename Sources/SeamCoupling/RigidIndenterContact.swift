import SeamCore
import SeamFEM
import SeamNumerics

/// Frictionless contact of a rigid cylinder (2D, plane strain; surface along x, normal y) or a
/// rigid sphere (3D; surface in x-y, normal z) with the nodes of an elastic body's surface,
/// enforced by a penalty: a node that has moved inside the indenter by the penetration
/// g = R - |x - c| > 0 gets the energy ½ κ ℓ g² (κ: pressure per penetration, eV/Å^4; ℓ: the
/// node's tributary length (2D, Å) or area (3D, Å^2)), i.e. a radial force κ ℓ g. The contact
/// pressure is κ g. Newton uses the positive semi-definite part κ ℓ n⊗n of the penalty tangent
/// (see `solve`), so the matrix stays SPD for CHOLMOD.
///
/// The indenter is displacement controlled: its lowest point sits at `depth` below the
/// undeformed surface height. `solve` runs Newton on the total energy with the bulk's own
/// CHOLMOD analysis reused for every iteration and depth step.
public struct RigidIndenterContact: Sendable {
    /// Radius R, Å.
    public let radius: Double
    /// In-plane position of the axis (2D: x) or centre (3D: x, y), Å.
    public let center: Vec3
    /// 2 (cylinder) or 3 (sphere).
    public let dimension: Int
    /// Height of the undeformed surface, Å.
    public let surfaceHeight: Double
    /// Penalty κ, eV/Å^4 (pressure per penetration).
    public let stiffness: Double
    /// Candidate nodes and their tributary lengths (Å), and any symmetry factor on the ends.
    public let nodes: [Int32]
    public let tributary: [Double]

    /// - Parameters: the candidate node set: a straight surface along x at constant y (2D), or a
    ///   plane surface at constant z whose boundary faces carry the set's name (3D);
    ///   `center`: the axis x (2D) or the centre's x and y (3D), Å.
    public init(mesh: Mesh, nodeSet: String, radius: Double, center: Vec3, stiffness: Double) throws {
        guard let set = mesh.nodeSets[nodeSet], set.count >= 2 else { throw InputError("contact surface '\(nodeSet)' needs at least two nodes") }
        guard radius > 0, stiffness > 0 else { throw InputError("contact needs a positive radius and penalty stiffness") }
        dimension = mesh.dimension
        self.radius = radius; self.center = center; self.stiffness = stiffness
        if mesh.dimension == 2 {
            let sorted = set.sorted { mesh.nodes[Int($0)].x < mesh.nodes[Int($1)].x }
            let xs = sorted.map { mesh.nodes[Int($0)].x }
            var trib = [Double](repeating: 0, count: xs.count)
            for k in 0..<(xs.count - 1) { let h = 0.5 * (xs[k + 1] - xs[k]); trib[k] += h; trib[k + 1] += h }
            nodes = sorted; tributary = trib
            surfaceHeight = mesh.nodes[Int(sorted[0])].y
        } else {
            // Tributary areas: each boundary face of the set's tag shares its area equally.
            guard let tag = mesh.groupNames.first(where: { $0.value == nodeSet })?.key else {
                throw InputError("no boundary faces are named '\(nodeSet)'")
            }
            var area = [Int32: Double]()
            for block in mesh.boundary where block.type == .quadrilateral4 || block.type == .triangle3 {
                for f in 0..<block.count where block.tags[f] == tag {
                    let v = block.nodes(of: f).map { mesh.nodes[Int($0)] }
                    let a = block.type == .triangle3 ? 0.5 * (v[1] - v[0]).cross(v[2] - v[0]).norm
                        : 0.5 * ((v[1] - v[0]).cross(v[2] - v[0]).norm + (v[2] - v[0]).cross(v[3] - v[0]).norm)
                    for n in block.nodes(of: f) { area[n, default: 0] += a / Double(v.count) }
                }
            }
            guard !area.isEmpty else { throw InputError("contact surface '\(nodeSet)' has no linear faces") }
            nodes = set.filter { area[$0] != nil }
            tributary = nodes.map { area[$0]! }
            surfaceHeight = mesh.nodes[Int(set[0])].z
        }
    }

    /// 2D convenience: a cylinder whose axis is at x = `centerX`.
    public init(mesh: Mesh, nodeSet: String, radius: Double, centerX: Double, stiffness: Double) throws {
        guard mesh.dimension == 2 else { throw InputError("a cylinder indenter needs a 2D (plane strain) mesh") }
        try self.init(mesh: mesh, nodeSet: nodeSet, radius: radius, center: Vec3(centerX, 0, 0), stiffness: stiffness)
    }

    /// Penetration g (Å), unit outward normal n and distance from the axis at a node.
    func penetration(_ p: Vec3, depth: Double) -> (g: Double, n: Vec3, r: Double) {
        let c = dimension == 2 ? Vec3(center.x, surfaceHeight - depth + radius, 0)
            : Vec3(center.x, center.y, surfaceHeight - depth + radius)
        let v = p - c, r = v.norm
        return (radius - r, v / r, r)
    }

    /// The contact result at one depth: displacement, total load per unit thickness (eV/Å per
    /// Å of thickness, i.e. eV/Å^2 times the model thickness), nodal pressures (eV/Å^3).
    public struct State: Sendable {
        public var depth: Double
        public var displacement: [Double]
        public var load: Double
        /// (reference position of the node, pressure κ g) of the active nodes.
        public var pressures: [(position: Vec3, pressure: Double)]
        public var iterations: Int
    }

    /// Solves the contact problem at each depth in turn (Newton from the previous state).
    /// - Parameter initialDisplacement: the full displacement (Å, per node and component) to
    ///   start the first Newton iteration from, e.g. the converged state of the previous depth
    ///   saved in a checkpoint; nil starts from the prescribed values (zero elsewhere). Passing
    ///   the state of depth k reproduces the uninterrupted sequence exactly.
    public func solve<M: Material>(_ model: ElasticityModel<M>, depths: [Double], tolerance: Double = 1e-10,
                                   maxIterations: Int = 60, initialDisplacement: [Double]? = nil) throws -> [State] {
        let dofs = model.dofMap, eq = dofs.equation
        let pattern = model.assembly.pattern
        let d = dimension
        precondition(model.dimension == d, "mesh and contact dimensions differ")
        let solver = try CholeskySolver(pattern: pattern, ordering: .recommended(spatialDimension: d))
        func add(_ values: inout [Double], _ i: Int32, _ j: Int32, _ v: Double) {
            guard i >= 0, j >= 0 else { return }
            if let p = pattern.position(row: Int(i), column: Int(j)) ?? pattern.position(row: Int(j), column: Int(i)) { values[p] += v }
        }
        var u = [Double](repeating: 0, count: eq.count)
        if let initialDisplacement {
            precondition(initialDisplacement.count == eq.count, "initial displacement has \(initialDisplacement.count) values for \(eq.count) dofs")
            u = initialDisplacement
        }
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
                    var disp = Vec3.zero
                    for i in 0..<d { disp[i] = u[d * n + i] }
                    let (g, nrm, dist) = penetration(mesh(model).nodes[n] + disp, depth: depth)
                    guard g > 0 else { continue }
                    let kl = stiffness * tributary[k]
                    // Residual += dE/dx = -κ ℓ g n; Newton matrix κ ℓ n⊗n. The exact tangent has the
                    // extra -κ ℓ g (I - n⊗n)/|x - c|, which is negative (a pushed node may slide out
                    // from under the indenter) and makes the first iterations indefinite when the
                    // indenter starts deep in the body; it vanishes as g = p/κ → 0 at convergence.
                    for i in 0..<d { let e = eq[d * n + i]; if e >= 0 { r[Int(e)] -= kl * g * nrm[i] } }
                    load -= kl * g * nrm[d - 1]
                    _ = dist
                    for i in 0..<d { for j in i..<d { add(&v, eq[d * n + i], eq[d * n + j], kl * nrm[i] * nrm[j]) } }
                }
                let rn = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
                reference = max(reference, abs(load), rn)
                if rn <= tolerance * max(reference, 1e-300) || (iterations > 0 && rn <= 1e-14) {
                    var pressures: [(position: Vec3, pressure: Double)] = []
                    for node in nodes {
                        let n = Int(node)
                        var disp = Vec3.zero
                        for i in 0..<d { disp[i] = u[d * n + i] }
                        let g = penetration(mesh(model).nodes[n] + disp, depth: depth).g
                        if g > 0 { pressures.append((mesh(model).nodes[n], stiffness * g)) }
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
