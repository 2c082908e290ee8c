import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

extension MeshedBodyCohesiveContact {
    /// Traces the whole equilibrium curve of approach and retraction of the gripped body by
    /// arc-length continuation on (u, d), d the grip displacement (Å, toward the lower body):
    /// the same driver, step control, turning-point location and stability flags as
    /// `AdhesiveCylinderContact.traceArcLength` (see `ContactContinuation.ArcLengthSettings`),
    /// with the grip as the load pattern: the prescribed dofs u_c = d g of "upper.top"
    /// (g = (0, -1) per node) become part of the unknowns through d, the bordered column is
    /// K_fc g and the force P = gᵀ f_int (the grip's reaction, compressive positive, per unit
    /// length of the full body, eV/Å^2). ψ weights d against the free dofs of both bodies.
    /// The Newton corrections need a smooth gap: put the flatter face on the upper body (the
    /// master surface), since points resting on nodes of a faceted master leave kinks that can
    /// stall them (see the design notes of `SeamCouplingModule`).
    ///
    /// - Parameters:
    ///   - resumingFrom: a state captured by `progress` of the same problem and settings (nil:
    ///     from the start); the path continues bitwise as if it had never stopped.
    ///   - progress: called after each accepted state with its record, the displacement (full
    ///     dofs of the combined mesh, Å) and the path's state; an error it throws ends the path
    ///     and is rethrown.
    public func traceArcLength(_ settings: ContactContinuation.ArcLengthSettings, resumingFrom state: ContactContinuationState? = nil,
                               progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void = { _, _, _ in })
        throws -> ContactContinuation.ArcLengthResult {
        try arcLength(material: material, law: law, settings: settings, resumingFrom: state, progress: progress)
    }

    /// Load control of the grip to the pull-off (see `ContactContinuation.LoadControlSettings`):
    /// displacement control up to the initial compression, then the grip force is prescribed
    /// and stepped toward tension until no equilibrium stable under load control exists.
    /// `resumingFrom` and `progress` as for `traceArcLength`.
    public func followLoadControl(_ settings: ContactContinuation.LoadControlSettings, resumingFrom state: ContactContinuationState? = nil,
                                  progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void = { _, _, _ in })
        throws -> ContactContinuation.LoadControlResult {
        try loadControl(material: material, law: law, settings: settings, resumingFrom: state, progress: progress)
    }

    /// The bordered system's pieces at (u, d), for checks (model thickness, not scaled to the
    /// full body): Π = U_el + E_interface with the grip dofs set to d g.
    public struct GripEvaluation: Sendable {
        /// u with the grip dofs set from d (full dofs, Å).
        public var displacement: [Double]
        /// ∂Π/∂u per full dof (eV/Å; zero at constrained dofs).
        public var residual: [Double]
        /// ∂²Π/∂u∂d = K_fc g per full dof (eV/Å^2; zero at constrained dofs).
        public var coupling: [Double]
        /// ∂²Π/∂d² = gᵀ K_cc g (eV/Å^2).
        public var stiffness: Double
        /// ∂Π/∂d = gᵀ f_int, the grip's reaction (eV/Å, compressive positive).
        public var force: Double
        /// Π (eV).
        public var energy: Double
    }

    /// Evaluates the bordered system at full displacement `u` (combined mesh, Å; its grip dofs
    /// are overwritten) and grip displacement `gripDisplacement` (Å).
    public func gripEvaluation(displacement u: [Double], gripDisplacement d: Double) throws -> GripEvaluation {
        try gripEvaluation(law: law, u: u, d: d)
    }

    private func gripEvaluation<L: CohesiveLaw>(law: L, u start: [Double], d: Double) throws -> GripEvaluation {
        let driver = try continuation(material: AnyMaterial(material), law: law)
        let system = driver.system, eq = system.equation
        guard start.count == eq.count else { throw InputError("displacement has \(start.count) values; the model has \(eq.count) dofs") }
        var u = start
        system.load.impose(d, on: &u)
        let e = try system.evaluate(u, d)
        let derivatives = try system.load.derivatives(model: system.model, term: system.load.term(at: d), u: u, d: d)
        var residual = [Double](repeating: 0, count: u.count)
        for k in 0..<u.count where eq[k] >= 0 { residual[k] = e.residual[Int(eq[k])] }
        return GripEvaluation(displacement: u, residual: residual, coupling: derivatives.mixed, stiffness: derivatives.curvature,
                              force: derivatives.force, energy: try system.model.storedEnergy(u) + e.energy)
    }

    private func arcLength<M: Material, L: CohesiveLaw>(material: M, law: L, settings: ContactContinuation.ArcLengthSettings,
                                                         resumingFrom saved: ContactContinuationState?,
                                                         progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.ArcLengthResult {
        try continuation(material: material, law: law).arcLength(settings: settings, resumingFrom: saved, progress: progress)
    }

    private func loadControl<M: Material, L: CohesiveLaw>(material: M, law: L, settings: ContactContinuation.LoadControlSettings,
                                                           resumingFrom saved: ContactContinuationState?,
                                                           progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void)
        throws -> ContactContinuation.LoadControlResult {
        try continuation(material: material, law: law).loadControl(settings: settings, resumingFrom: saved, progress: progress)
    }

    /// The continuation driver: the combined model, the interface and the grip pattern
    /// g = `dofMap.prescribed` (the displacement of the gripped dofs per unit d), checked not to
    /// share a node with the interface (whose Hessian the bordered column would then miss).
    private func continuation<M: Material, L: CohesiveLaw>(material: M, law: L) throws -> ContactContinuationDriver<M, GripLoad<SurfaceCohesion<L>>> {
        let mesh = combinedMesh()
        let term = try interface(law: law, mesh: mesh)
        let model = try model(material: material, mesh: mesh, extra: surfaceConnectivity(points: term.points, candidates: term.candidates))
        let eq = model.dofMap.equation
        var pattern = model.dofMap.prescribed
        for k in 0..<pattern.count where eq[k] >= 0 { pattern[k] = 0 }
        var interfaceNodes = Set<Int>()
        for p in term.points { interfaceNodes.insert(p.nodeA); interfaceNodes.insert(p.nodeB) }
        for c in term.candidates { for (a, b) in c { interfaceNodes.insert(a); interfaceNodes.insert(b) } }
        if let n = interfaceNodes.first(where: { pattern[2 * $0] != 0 || pattern[2 * $0 + 1] != 0 }) {
            throw InputError("meshed-body contact: node \(n) is both gripped ('top' of the upper body) and on the contact face",
                             suggestion: "give the upper body a height of at least one cell between its contact face and its top")
        }
        let scale = (symmetric ? 2 : 1) / thickness
        let shortest = term.points.map(\.weight).min()! / thickness
        let forceScale = law.peakTraction * shortest * thickness
        let x = term.points.map(\.reference.x)
        let order = x.indices.sorted { x[$0] < x[$1] }
        let dugdaleRange = law.workOfSeparation / law.peakTraction, peakOpening = law.peakOpening
        var initial = [Double](repeating: 0, count: eq.count)
        for n in lower.nodes.count..<mesh.nodes.count { initial[2 * n + 1] = loadPath.startSeparation }
        let system = try IndenterBorderedSystem(model: model, load: GripLoad(interface: term, pattern: pattern), tolerance: tolerance,
                                                maxIterations: min(maxIterations, 15), forceScale: forceScale)
        let nodes = mesh.nodes
        return ContactContinuationDriver(system: system, loadPath: loadPath, scale: scale, forceScale: forceScale, tolerance: tolerance,
                                         maxIterations: maxIterations, initial: initial, measure: { u, _ in
            let gaps = term.gaps(u, nodes: nodes)
            return ContactMeasurement(force: .nan, contactHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: peakOpening),
                                      cohesiveZoneHalfWidth: zoneHalfWidth(gaps: gaps, x: x, order: order, below: dugdaleRange),
                                      minimumGap: gaps.min() ?? .infinity)
        })
    }
}
