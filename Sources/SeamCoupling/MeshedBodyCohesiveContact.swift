import Foundation
import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

/// Contact between two meshed elastic bodies (plane strain) through a cohesive law, with
/// non-matching interface meshes: a lower body (contact face: boundary group "top", held at
/// node set "bottom") and an upper body (contact face: group "bottom", driven at node set
/// "top" by a rigid grip). Tractions follow the law at the normal gap between the lower face's
/// integration points and the upper face's segments (`SurfaceCohesion`: slave = lower face,
/// composite Gauss; master = upper face); frictionless.
///
/// The grip moves the upper body along y by -d (d = indenter displacement, positive toward the
/// lower body) and holds it in x; the load path, records, jump detection and energy
/// bookkeeping are those of `AdhesiveCylinderContact` (forces compressive positive, per unit
/// length of the full body; with `symmetric` the bodies are half models about x = 0, u_x = 0
/// on both "left" sets, and values are doubled). One material for both bodies. In the
/// reference state the faces should touch or be apart (the law's opening is the gap itself).
public struct MeshedBodyCohesiveContact: Sendable {
    public var lower: Mesh
    public var upper: Mesh
    public var material: any Material
    public var law: any CohesiveLaw
    public var loadPath: AdhesiveCylinderContact.LoadPath
    /// Half models about the plane x = 0.
    public var symmetric: Bool
    public var thickness: Double
    public var surfaceSubdivisions: Int
    /// Upper-face segments within this distance (Å, along x in the reference state) of a lower-face
    /// point are its contact candidates (sliding beyond it is not followed).
    public var searchMargin: Double
    public var tolerance: Double
    public var maxIterations: Int

    public init(lower: Mesh, upper: Mesh, material: any Material, law: any CohesiveLaw, loadPath: AdhesiveCylinderContact.LoadPath,
                symmetric: Bool, thickness: Double = 1, surfaceSubdivisions: Int = 4, searchMargin: Double = 2,
                tolerance: Double = 1e-8, maxIterations: Int = 200) throws {
        guard lower.dimension == 2, upper.dimension == 2 else { throw InputError("meshed-body contact is 2D (plane strain)") }
        for (mesh, name, sets) in [(lower, "lower", ["top", "bottom"]), (upper, "upper", ["bottom", "top"])] {
            guard mesh.groupNames.values.contains(sets[0]) else { throw InputError("the \(name) body has no boundary group '\(sets[0])' (its contact face)") }
            guard mesh.nodeSets[sets[1]] != nil else { throw InputError("the \(name) body has no node set '\(sets[1])'") }
            if symmetric, mesh.nodeSets["left"] == nil { throw InputError("a symmetric \(name) body needs a node set 'left' (x = 0)") }
        }
        guard thickness > 0, surfaceSubdivisions >= 1, searchMargin > 0, tolerance > 0, maxIterations >= 1 else {
            throw InputError("meshed-body contact: thickness, subdivisions, search margin, tolerance and iterations must be positive")
        }
        guard law.workOfSeparation > 0, law.peakTraction > 0 else { throw InputError("meshed-body contact: the law \(law.summary) has no adhesion") }
        self.lower = lower; self.upper = upper; self.material = material; self.law = law; self.loadPath = loadPath
        self.symmetric = symmetric; self.thickness = thickness; self.surfaceSubdivisions = surfaceSubdivisions
        self.searchMargin = searchMargin; self.tolerance = tolerance; self.maxIterations = maxIterations
    }

    /// Both bodies in one mesh: lower nodes first; groups and node sets prefixed "lower." and
    /// "upper." (upper group tags shifted by 100).
    public func combinedMesh() -> Mesh {
        let offset = Int32(lower.nodes.count)
        var cells = lower.cells, boundary = lower.boundary
        for b in upper.cells { cells.append(CellBlock(type: b.type, connectivity: b.connectivity.map { $0 + offset }, tags: b.tags)) }
        for b in upper.boundary { boundary.append(CellBlock(type: b.type, connectivity: b.connectivity.map { $0 + offset }, tags: b.tags.map { $0 + 100 })) }
        var names: [Int32: String] = [:], sets: [String: [Int32]] = [:]
        for (t, n) in lower.groupNames { names[t] = "lower." + n }
        for (t, n) in upper.groupNames { names[t + 100] = "upper." + n }
        for (n, s) in lower.nodeSets { sets["lower." + n] = s }
        for (n, s) in upper.nodeSets { sets["upper." + n] = s.map { $0 + offset } }
        return Mesh(dimension: 2, nodes: lower.nodes + upper.nodes, cells: cells, boundary: boundary, groupNames: names, nodeSets: sets)
    }

    /// Held lower base, gripped upper top (u_x = 0, u_y = -d: the prescribed value is the
    /// displacement per unit d), symmetry planes when `symmetric`.
    public var boundaryConditions: [DirichletCondition] {
        var bcs: [DirichletCondition] = [.fixed("lower.bottom", components: [0, 1]),
                                         .prescribed("upper.top", components: [0, 1]) { _ in Vec3(0, -1, 0) }]
        if symmetric { bcs += [.fixed("lower.left", components: [0]), .fixed("upper.left", components: [0])] }
        return bcs
    }

    /// The interface's integration points, candidate segments and sparse-pattern coupling.
    func interface<L: CohesiveLaw>(law: L, mesh: Mesh) throws -> SurfaceCohesion<L> {
        let (points, candidates) = try interfaceGeometry(mesh: mesh)
        return SurfaceCohesion(law: law, points: points, candidates: candidates, nodes: mesh.nodes)
    }

    func interfaceGeometry(mesh: Mesh) throws -> (points: [SurfacePoint], candidates: [[(Int, Int)]]) {
        let slaveEdges = try SurfacePoint.edges(of: mesh, group: "lower.top")
        let points = SurfacePoint.rule(mesh: mesh, edges: slaveEdges, subdivisions: surfaceSubdivisions, thickness: thickness)
        // Master segments ordered so that the outward normal (τ_y, -τ_x)/L points down (toward
        // the lower body): increasing x.
        let master = try SurfacePoint.edges(of: mesh, group: "upper.bottom").map { e -> (Int, Int) in
            mesh.nodes[Int(e.0)].x <= mesh.nodes[Int(e.1)].x ? (Int(e.0), Int(e.1)) : (Int(e.1), Int(e.0))
        }
        let candidates = points.map { p in
            master.filter { m in
                let x0 = mesh.nodes[m.0].x, x1 = mesh.nodes[m.1].x
                return p.reference.x >= x0 - searchMargin && p.reference.x <= x1 + searchMargin
            }
        }
        return (points, candidates)
    }

    func model<M: Material>(material: M, mesh: Mesh, extra: ExtraConnectivity) throws -> ElasticityModel<M> {
        try ElasticityModel(mesh: mesh, analysis: .planeStrain(thickness: thickness), material: material,
                            dirichlet: boundaryConditions, extra: [extra])
    }

    /// The discretisation with a type-erased material, for output (`FEMResultWriter`).
    public func outputModel() throws -> ElasticityModel<AnyMaterial> {
        let mesh = combinedMesh()
        let geometry = try interfaceGeometry(mesh: mesh)
        return try model(material: AnyMaterial(material), mesh: mesh, extra: surfaceConnectivity(points: geometry.points, candidates: geometry.candidates))
    }

    /// The interface term alone (energy, gradient, consistent Hessian on the model's pattern) at
    /// displacement `u` (full dofs of the combined mesh), for checks.
    public func interfaceEvaluation(displacement u: [Double]) throws -> AdhesiveCylinderContact.InterfaceEvaluation {
        try evaluateInterface(law: law, u: u)
    }

    private func evaluateInterface<L: CohesiveLaw>(law: L, u: [Double]) throws -> AdhesiveCylinderContact.InterfaceEvaluation {
        let mesh = combinedMesh()
        let term = try interface(law: law, mesh: mesh)
        let m = try model(material: AnyMaterial(material), mesh: mesh, extra: surfaceConnectivity(points: term.points, candidates: term.candidates))
        guard u.count == m.dofMap.equation.count else { throw InputError("displacement has \(u.count) values; the model has \(m.dofMap.equation.count) dofs") }
        var gradient = [Double](repeating: 0, count: u.count), hessian = [Double](repeating: 0, count: m.assembly.pattern.nonzeroCount)
        let e = term.evaluate(u, gradient: &gradient, tangent: .consistent, values: &hessian, pattern: m.assembly.pattern, equation: m.dofMap.equation)
        return .init(energy: e, gradient: gradient, hessian: hessian, pattern: m.assembly.pattern, equation: m.dofMap.equation)
    }

    /// The Maugis-Dugdale reference for a cylinder body of radius R on the lower body: the
    /// combined modulus 1/E* = 2/E*_material (same material), σ0 = peak traction, W = the law's.
    public func maugisDugdaleReference(radius: Double) throws -> MaugisDugdaleLineContact {
        try MaugisDugdaleLineContact(radius: radius, reducedModulus: 0.5 * (try AdhesiveCylinderContact.contactModulus(of: material)),
                                     workOfAdhesion: law.workOfSeparation, stress: law.peakTraction)
    }

    /// Runs the load path; `progress` sees every converged step with the full nodal
    /// displacement of the combined mesh (Å).
    public func run(progress: (AdhesiveCylinderContact.StepRecord, _ displacement: [Double]) -> Void = { _, _ in }) throws -> AdhesiveCylinderContact.Result {
        try solve(material: material, law: law, resumingFrom: nil) { record, u, _ in progress(record, u) }
    }

    /// Runs the load path from a saved state (nil: from the start). `progress` sees every
    /// accepted step with the displacement and the driver's state after it: save the state
    /// (it is `Codable`, exact through JSON) to resume a stopped run later with identical
    /// results; an error `progress` throws stops the path and is rethrown.
    public func run(resumingFrom state: ContactPathState?,
                    progress: (AdhesiveCylinderContact.StepRecord, _ displacement: [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result {
        try solve(material: material, law: law, resumingFrom: state, progress: progress)
    }

    private func solve<M: Material, L: CohesiveLaw>(material: M, law: L,
                                                     resumingFrom state: ContactPathState?,
                                                     progress: (AdhesiveCylinderContact.StepRecord, [Double], ContactPathState) throws -> Void) throws -> AdhesiveCylinderContact.Result {
        let mesh = combinedMesh()
        let term = try interface(law: law, mesh: mesh)
        let model = try model(material: material, mesh: mesh, extra: surfaceConnectivity(points: term.points, candidates: term.candidates))
        let equilibrium = try ContactEquilibrium(model: model, tolerance: tolerance, maxIterations: maxIterations)
        let dofs = model.dofMap, eq = dofs.equation
        let scale = (symmetric ? 2 : 1) / thickness
        let shortest = term.points.map(\.weight).min()! / thickness
        let forceScale = law.peakTraction * shortest * thickness
        let x = term.points.map(\.reference.x)
        let order = x.indices.sorted { x[$0] < x[$1] }
        let dugdaleRange = law.workOfSeparation / law.peakTraction
        var initial = [Double](repeating: 0, count: eq.count)
        for n in lower.nodes.count..<mesh.nodes.count { initial[2 * n + 1] = loadPath.startSeparation }
        return try traceLoadPath(loadPath, initial: initial, resumingFrom: state, dissipationFloor: 1e-3 * law.workOfSeparation * shortest,
            solve: { d, start in
                var u = start
                for k in 0..<u.count where eq[k] < 0 { u[k] = d * dofs.prescribed[k] }
                let o = try equilibrium.minimize(term, from: u, forceScale: forceScale)
                return (o.displacement, o.iterations, scale * o.elasticEnergy, scale * o.interfaceEnergy)
            },
            measure: { u, _ in
                // Grip force from the elastic internal forces at the gripped nodes: the body is
                // held by -f_int there; P = -(y-force of the grip on the body).
                let fint = (try? model.reactionForces(u, loadFactor: 0, linearized: false)) ?? [:]
                let gaps = term.gaps(u, nodes: mesh.nodes)
                return ContactMeasurement(force: -scale * (fint["upper.top"]?.y ?? .nan),
                                          contactHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: law.peakOpening),
                                          cohesiveZoneHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: dugdaleRange),
                                          minimumGap: gaps.min() ?? .infinity)
            }, progress: progress)
    }

    /// A half cylinder body for `MeshedBodyCohesiveContact`: x ∈ [0, width], its lower face the
    /// arc y = R - sqrt(R² - x²) (lowest point at the origin, boundary group "bottom"), its
    /// upper face flat at y = height (node set "top"), "left" the symmetry plane; graded toward
    /// the origin. Requires width < R.
    public static func cylinderBody(radius: Double, width: Double, height: Double, grading: ContactMeshGrading) throws -> Mesh {
        guard width < radius, height > radius - (radius * radius - width * width).squareRoot() + grading.fineSize else {
            throw InputError("cylinder body: width must be below the radius and the height above the arc (R \(radius), width \(width), height \(height) Å)")
        }
        // Built upside down (fine toward y = 0, the arc as a lowered top face), then mirrored.
        var m = try grading.rectangle(width: width, depth: height, top: 0) { x in -(radius - (radius * radius - x * x).squareRoot()) }
        m.nodes = m.nodes.map { Vec3($0.x, -$0.y, 0) }
        for b in m.cells.indices {
            var conn = m.cells[b].connectivity
            for c in 0..<m.cells[b].count { conn.swapAt(4 * c + 1, 4 * c + 3) }  // restore counter-clockwise order
            m.cells[b].connectivity = conn
        }
        func swap(_ s: String) -> String { s == "top" ? "bottom" : (s == "bottom" ? "top" : s) }
        m.groupNames = m.groupNames.mapValues(swap)
        m.nodeSets = Dictionary(uniqueKeysWithValues: m.nodeSets.map { (swap($0.key), $0.value) })
        return m
    }
}
