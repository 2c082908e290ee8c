import SeamCore
import SeamFEM
import SeamNumerics
import SeamCohesive

extension AdhesiveCylinderContact {
    /// Traces the whole equilibrium curve of approach and retraction by arc-length continuation
    /// (see `ContactContinuation.ArcLengthSettings`): through the jump-in, the pull-off (load
    /// maximum in tension) and the snap-off (turning point of d), including the branches that are
    /// unstable under load or displacement control, with the stability of every state and the
    /// located turning points. The approach starts at d = -startSeparation and ends at the load
    /// path's approach target; the retraction retraces the curve to d = -endSeparation.
    ///
    /// - Parameters:
    ///   - resumingFrom: a state captured by `progress` of the same problem and settings (nil:
    ///     from the start); the path continues bitwise as if it had never stopped.
    ///   - progress: called after each accepted state with its record, the displacement (full
    ///     dofs of the half model, Å) and the path's state (to checkpoint); an error it throws
    ///     ends the path and is rethrown.
    public func traceArcLength(_ settings: ContactContinuation.ArcLengthSettings, resumingFrom state: ContactContinuationState? = nil,
                               progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void = { _, _, _ in })
        throws -> ContactContinuation.ArcLengthResult {
        try arcLength(material: material, law: law, settings: settings, resumingFrom: state, progress: progress)
    }

    /// Load control to the pull-off (see `ContactContinuation.LoadControlSettings`): the force is
    /// stepped from the initial compression toward tension until no equilibrium stable under
    /// load control exists; returns the last converged force and the located limit point.
    /// `resumingFrom` and `progress` as for `traceArcLength`.
    public func followLoadControl(_ settings: ContactContinuation.LoadControlSettings, resumingFrom state: ContactContinuationState? = nil,
                                  progress: (ContactContinuation.Record, _ displacement: [Double], ContactContinuationState) throws -> Void = { _, _, _ in })
        throws -> ContactContinuation.LoadControlResult {
        try loadControl(material: material, law: law, settings: settings, resumingFrom: state, progress: progress)
    }

    /// The interface energy's derivatives with respect to the indenter displacement d at (u, d),
    /// for checks (half model, model thickness): ∂²E/∂u∂d per full dof (eV/Å^2, zero at
    /// constrained dofs), ∂²E/∂d² (eV/Å^2) and ∂E/∂d (eV/Å).
    public func indenterDerivatives(displacement u: [Double], indenterDisplacement d: Double) throws
        -> (mixed: [Double], curvature: Double, force: Double) {
        try indenterDerivatives(law: law, u: u, d: d)
    }

    private func indenterDerivatives<L: CohesiveLaw>(law: L, u: [Double], d: Double) throws -> (mixed: [Double], curvature: Double, force: Double) {
        let setup = try discretisation(material: AnyMaterial(material), law: law)
        guard u.count == setup.model.dofMap.equation.count else {
            throw InputError("displacement has \(u.count) values; the half model has \(setup.model.dofMap.equation.count) dofs")
        }
        var term = setup.term
        term.depth = d
        return term.indenterDerivatives(u, equation: setup.model.dofMap.equation)
    }


    /// The continuation driver of this problem (half model, Newton limited to 15 iterations
    /// per step, as the step control expects).
    private func continuation<M: Material, L: CohesiveLaw>(material: M, law: L) throws -> ContactContinuationDriver<M, RigidIndenterLoad<L>> {
        let setup = try discretisation(material: material, law: law)
        let system = try IndenterBorderedSystem(model: setup.model, load: RigidIndenterLoad(adhesion: setup.term), tolerance: tolerance,
                                                maxIterations: min(maxIterations, 15), forceScale: setup.forceScale)
        return ContactContinuationDriver(system: system, loadPath: loadPath, scale: setup.scale, forceScale: setup.forceScale,
                                         tolerance: tolerance, maxIterations: maxIterations,
                                         initial: [Double](repeating: 0, count: setup.model.dofMap.equation.count), measure: setup.measure)
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
}
