import SeamCore
import SeamNumerics

/// A discretised elasticity problem: mesh, analysis, material and boundary conditions, with
/// the dof map, the sparse pattern with per-cell positions, cell geometry and the external load
/// vector computed once at construction.
///
/// The material is a generic parameter so that the per-quadrature-point loops are specialised
/// (no existential dispatch in the hot loop). Units: lengths Å, stress eV/Å^3, forces eV/Å.
public struct ElasticityModel<M: Material>: Sendable {
    public let mesh: Mesh
    public let analysis: Analysis
    public let material: M
    public let dofMap: DofMap
    public let assembly: AssemblyPattern
    /// Geometry per cell block at the stiffness quadrature rule.
    public let geometry: [CellGeometry]
    /// External force (eV/Å) per full dof at load factor 1: tractions and body forces.
    public let externalForce: [Double]

    /// Builds the discretisation.
    /// - Parameters:
    ///   - tractions: boundary tractions by boundary group name (eV/Å^3).
    ///   - bodyForce: force per reference volume b(X) (eV/Å^4).
    public init(mesh: Mesh, analysis: Analysis, material: M, dirichlet: [DirichletCondition],
                tractions: [TractionLoad] = [], bodyForce: (@Sendable (Vec3) -> Vec3)? = nil) throws {
        guard mesh.dimension == analysis.dimension else {
            throw InputError("a \(mesh.dimension)D mesh cannot be used for a \(analysis.dimension)D analysis")
        }
        guard analysis.thickness > 0 else { throw InputError("thickness must be positive (got \(analysis.thickness))") }
        self.mesh = mesh; self.analysis = analysis; self.material = material
        dofMap = try DofMap(mesh: mesh, componentsPerNode: analysis.dimension, dirichlet: dirichlet)
        assembly = AssemblyPattern(mesh: mesh, dofMap: dofMap)
        geometry = try mesh.cells.indices.map {
            try CellGeometry(mesh: mesh, block: $0, rule: .stiffness(mesh.cells[$0].type), thickness: analysis.thickness)
        }
        externalForce = try LoadAssembler.externalForce(mesh: mesh, analysis: analysis, tractions: tractions, bodyForce: bodyForce)
    }

    /// Spatial dimension d (= components per node).
    public var dimension: Int { analysis.dimension }

    /// The small-strain tangent C_iJkL at F = I restricted to the d in-plane indices,
    /// flattened as ((i d + J) d + k) d + L; for plane stress condensed on σ_33 = 0:
    /// C̃_iJkL = C_iJkL - C_iJ33 C_33kL / C_3333 (exact when in-plane and out-of-plane shear
    /// decouple, e.g. isotropic and cubic materials in their axes).
    public func linearizedTangent() throws -> [Double] {
        let a = try material.response(at: .identity, request: .tangent).tangent
        let d = dimension
        var c = [Double](repeating: 0, count: d * d * d * d)
        for i in 0..<d { for j in 0..<d { for k in 0..<d { for l in 0..<d {
            var v = a[i, j, k, l]
            if analysis.isPlaneStress { v -= a[i, j, 2, 2] * a[2, 2, k, l] / a[2, 2, 2, 2] }
            c[((i * d + j) * d + k) * d + l] = v
        } } } }
        return c
    }

    /// Assembles the reduced linear(ised) system K_ff u_f = f_f - K_fc ū_c at load factor 1.
    ///
    /// K is the small-strain stiffness ∫ ∂N_a/∂X_J C_iJkL ∂N_b/∂X_L dV with the tangent of the
    /// material at F = I. Returns the values on `assembly.pattern` and the right-hand side.
    public func assembleLinearSystem() throws -> (values: [Double], rhs: [Double]) {
        let c = try linearizedTangent()
        var values = [Double](repeating: 0, count: assembly.pattern.nonzeroCount)
        var rhs = dofMap.restrict(externalForce)
        let d = dimension
        for (b, block) in mesh.cells.enumerated() {
            let geo = geometry[b], nn = block.type.nodeCount, nq = geo.table.rule.count, nd = nn * d
            let pairs = AssemblyPattern.pairCount(localDofs: nd)
            var ke = [Double](repeating: 0, count: nd * nd)
            var t = [Double](repeating: 0, count: nn * d * d * d)
            var eqs = [Int32](repeating: 0, count: nd)
            var ubar = [Double](repeating: 0, count: nd)
            values.withUnsafeMutableBufferPointer { val in
            rhs.withUnsafeMutableBufferPointer { r in
            ke.withUnsafeMutableBufferPointer { ke in
            t.withUnsafeMutableBufferPointer { t in
            eqs.withUnsafeMutableBufferPointer { eqs in
            ubar.withUnsafeMutableBufferPointer { ubar in
            c.withUnsafeBufferPointer { c in
            geo.gradients.withUnsafeBufferPointer { grad in
            geo.measures.withUnsafeBufferPointer { measures in
            block.connectivity.withUnsafeBufferPointer { conn in
            dofMap.equation.withUnsafeBufferPointer { equation in
            dofMap.prescribed.withUnsafeBufferPointer { prescribed in
            assembly.positions[b].withUnsafeBufferPointer { pos in
                for cell in 0..<block.count {
                    for k in 0..<(nd * nd) { ke[k] = 0 }
                    for q in 0..<nq {
                        ElasticityKernels.addStiffness(nodes: nn, dim: d, gradients: grad.baseAddress! + (cell * nq + q) * nn * d,
                                                       tangent: c.baseAddress!, measure: measures[cell * nq + q],
                                                       scratch: t.baseAddress!, into: ke.baseAddress!)
                    }
                    var k = cell * pairs
                    for I in 0..<nd {
                        let row = I * nd
                        for J in I..<nd {
                            let p = pos[k]; k += 1
                            if p >= 0 { val[Int(p)] += ke[row + J] }
                        }
                    }
                    // Prescribed displacements move to the right-hand side.
                    var anyPrescribed = false
                    var I = 0
                    for a in 0..<nn {
                        let dof = Int(conn[cell * nn + a]) * d
                        for i in 0..<d {
                            eqs[I] = equation[dof + i]; ubar[I] = prescribed[dof + i]
                            if eqs[I] < 0 && ubar[I] != 0 { anyPrescribed = true }
                            I += 1
                        }
                    }
                    if anyPrescribed {
                        for J in 0..<nd where eqs[J] < 0 && ubar[J] != 0 {
                            for I in 0..<nd where eqs[I] >= 0 { r[Int(eqs[I])] -= ke[I * nd + J] * ubar[J] }
                        }
                    }
                }
            } } } } } } } } } } } } }
        }
        return (values, rhs)
    }

    /// Solves the linear(ised) problem with CHOLMOD; returns the full nodal displacement.
    public func solveLinear(ordering: CholeskySolver.Ordering? = nil) throws -> [Double] {
        let (values, rhs) = try assembleLinearSystem()
        let solver = try CholeskySolver(pattern: assembly.pattern, ordering: ordering ?? .recommended(spatialDimension: dimension))
        try solver.factorize(values: values)
        return dofMap.expand(try solver.solve(rhs: rhs))
    }

    /// Displacement of node `n` from a full nodal vector (z = 0 in 2D).
    public func displacement(_ u: [Double], node n: Int) -> Vec3 {
        let d = dimension
        return Vec3(u[n * d], u[n * d + 1], d == 3 ? u[n * d + 2] : 0)
    }
}

/// The small dense kernels of the assembly loops (concrete `Double` code on raw pointers: the
/// hot loop of the FEM benchmark).
public enum ElasticityKernels {
    /// ke[(a i), (b k)] += m Σ_JL G_aJ C_iJkL G_bL for one quadrature point.
    @inlinable
    public static func addStiffness(nodes nn: Int, dim d: Int, gradients g: UnsafePointer<Double>,
                                    tangent c: UnsafePointer<Double>, measure m: Double,
                                    scratch t: UnsafeMutablePointer<Double>, into ke: UnsafeMutablePointer<Double>) {
        let d2 = d * d, d3 = d2 * d, nd = nn * d
        // t[a][i][k][L] = m Σ_J G_aJ C_iJkL
        for a in 0..<nn { for i in 0..<d { for k in 0..<d { for l in 0..<d {
            var s = 0.0
            for j in 0..<d { s += g[a * d + j] * c[i * d3 + j * d2 + k * d + l] }
            t[a * d3 + i * d2 + k * d + l] = m * s
        } } } }
        for a in 0..<nn { for i in 0..<d {
            let row = (a * d + i) * nd
            for b in 0..<nn { for k in 0..<d {
                var s = 0.0
                for l in 0..<d { s += t[a * d3 + i * d2 + k * d + l] * g[b * d + l] }
                ke[row + b * d + k] += s
            } }
        } }
    }
}
