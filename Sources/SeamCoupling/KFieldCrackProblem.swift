import SeamCore
import SeamNumerics
import SeamPotential
import SeamFEM

/// The state of a crack problem: atom positions (Å; the mode's atoms, in the order of
/// `KFieldCrackProblem.atoms(_:)`) and, for the coupled mode, the nodal displacement of the
/// mesh (Å, two components per node of `coupled.model.mesh`; empty in full-atomistic mode).
public struct CrackState: Sendable {
    public var positions: [Vec3]
    public var displacement: [Double]
    public init(positions: [Vec3], displacement: [Double]) { self.positions = positions; self.displacement = displacement }
}

/// One solved load step of a crack problem.
public struct CrackStepRecord: Sendable {
    public var mode: CrackSolverMode
    /// Applied K_I, eV/Å^{5/2}.
    public var k: Double
    /// Tip x after relaxation (broken-bond criterion), Å; and relative to the inserted tip's
    /// last open column (positive: advanced), Å.
    public var tipX: Double
    public var tipAdvance: Double
    /// Bonds across the plane in the atomistic region beyond the broken stretch.
    public var brokenBonds: Int
    /// Alternating iterations (coupled) or L-BFGS iterations (full atomistic).
    public var iterations: Int
    /// Energy of the free atoms (real atoms, or all unheld atoms), eV; continuum stored energy, eV (0 when full).
    public var atomisticEnergy: Double
    public var continuumEnergy: Double
    /// Largest residual force on a free atom, eV/Å.
    public var maximumForce: Double
    /// The relaxed state (positions for extended XYZ, mesh displacement for VTU).
    public var state: CrackState
    /// K in MPa·m^{1/2}.
    public var kMegapascalRootMetre: Double { Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: k) }
}

/// A straight crack under the anisotropic K-field, solved coupled (atoms near the tip,
/// Cauchy-Born continuum outside) or fully atomistic, with the tip tracked by broken bonds.
///
/// Set-up (see `KFieldCrackConfiguration`): the elastic constants C_ijkl are the Cauchy-Born
/// tangent of the potential at F = I, the K-field (`AnisotropicKField`) is centred on the
/// initial tip on the cleavage plane; at every K the boundary band (`padDepth` deep: the mesh
/// nodes there in the coupled mode, the atoms there in the full-atomistic mode, so that both
/// solve the same problem) is placed at K u_K(X − X_tip), the rest relaxed. The pre-crack is an
/// interaction mask across the plane up to a little behind the tip (the crack can heal over
/// the unmasked part) and, in the coupled mode, a gap in the mesh between the two face layers.
///
/// Lattice trapping: a crack is trapped for K_- < K < K_+; Griffith's K_G = √(2γE') (γ the
/// relaxed surface energy of the plane from the same potential) lies in between.
public struct KFieldCrackProblem<P: Potential>: Sendable {
    public let configuration: KFieldCrackConfiguration
    public let potential: P
    public let layout: CouplingLayout
    /// The continuum: Cauchy-Born within `configuration.cauchyBornBand` of the atoms, the
    /// linear law with the Cauchy-Born constants at F = I beyond. (Measured on LJ, 64 cells:
    /// a frame-invariant Saint Venant-Kirchhoff far field with the same C put K_+ 4.8% below
    /// the full-atomistic value, the linear law 2.4%: LJ softens in tension, which SVK
    /// stiffens; only a wider Cauchy-Born band closes the gap.)
    public let material: CellSwitchedMaterial<CauchyBornMaterial<P>, LinearElasticAnisotropic>
    /// Cauchy-Born stiffness at F = I (eV/Å^3), crack frame.
    public let elasticConstants: Tensor4
    public let kField: AnisotropicKField
    /// Initial tip (reference), Å.
    public let tip: Vec3
    /// The coupled problem (boundary values for K = 1 eV/Å^{5/2}; scaled per step).
    public let coupled: CoupledProblem<P, CellSwitchedMaterial<CauchyBornMaterial<P>, LinearElasticAnisotropic>>
    /// The full-atomistic structure, its held band, and its mask.
    public let fullStructure: Structure
    public let fullHeld: Set<Int>
    public let fullMask: InteractionMask
    /// Tip trackers of the two modes (same region, same criterion).
    public let coupledBonds: CleavageBonds
    public let fullBonds: CleavageBonds
    /// Unit-K displacement of every atom (per mode) and every mesh node, Å per eV/Å^{5/2}.
    let unitAtomsCoupled: [Vec3]
    let unitAtomsFull: [Vec3]
    let unitNodes: [Double]

    /// Builds both modes. - Throws: `InputError` for an invalid configuration or elements the
    /// potential does not know; errors of the Cauchy-Born material.
    public init(configuration: KFieldCrackConfiguration, potential: P) throws {
        self.configuration = configuration; self.potential = potential
        let layout = try configuration.layout()
        self.layout = layout
        let cauchyBorn = try CauchyBornMaterial(potential: potential, lattice: configuration.lattice)
        let linear = try LinearElasticAnisotropic(stiffness: try cauchyBorn.response(at: .identity, request: .tangent).tangent)
        elasticConstants = linear.stiffness
        let field = try AnisotropicKField(stiffness: elasticConstants)
        kField = field
        let tip = configuration.tipPosition(in: layout)
        self.tip = tip
        let crack = layout.crack!

        // Coupled: boundary at unit K. Every node sits at its own side of the plane (the mesh
        // has a gap between the face layers, `CouplingLayout.splitAlongCrack`), so the field
        // is evaluated at the node itself, as at the atoms of the full-atomistic band.
        let mesh = try layout.mesh()
        let cells = mesh.cells[0]
        let usesNear = (0..<cells.count).map { c -> Bool in
            guard let band = configuration.cauchyBornBand else { return true }
            let ids = cells.nodes(of: c)
            let centroid = (1.0 / Double(ids.count)) * ids.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] }
            return layout.distanceToRegion(centroid) <= band
        }
        material = try CellSwitchedMaterial(near: cauchyBorn, far: linear, usesNear: usesNear)
        // The held boundary band is the same in both modes: every node closer than padDepth to
        // the outer boundary (the full-atomistic mode holds the atoms there), the sides included.
        var boundary = Set<Int32>()
        for side in ["left", "right", "bottom", "top"] { boundary.formUnion(mesh.nodeSets[side] ?? []) }
        let width = Double(layout.cellsX) * layout.crystal.cell[0, 0], height = Double(layout.cellsY) * layout.crystal.cell[1, 1]
        var used = [Bool](repeating: false, count: mesh.nodes.count)
        for n in cells.connectivity { used[Int(n)] = true }
        for (n, x) in mesh.nodes.enumerated() where used[n] && min(x.x, width - x.x, x.y, height - x.y) < configuration.padDepth {
            boundary.insert(Int32(n))
        }
        @Sendable func unit(_ x: Vec3) -> Vec3 { field.displacement(at: x - tip, modeI: 1) }
        let dirichlet = [DirichletCondition(.nodes(boundary.sorted()), components: [0, 1]) { x in unit(x) }]
        let (atoms, _) = try layout.atoms()
        coupled = try CoupledProblem(layout: layout, potential: potential, material: material, dirichlet: dirichlet,
                                     mask: crack.mask(for: atoms.positions))
        unitAtomsCoupled = coupled.reference.positions.map { unit($0) }
        var nodal = [Double](repeating: 0, count: 2 * mesh.nodes.count)
        for (n, x) in mesh.nodes.enumerated() {
            let u = unit(x)
            nodal[2 * n] = u.x; nodal[2 * n + 1] = u.y
        }
        unitNodes = nodal

        // Full atomistic.
        let (full, roles) = try layout.fullAtomistic()
        try potential.checkElements(full)
        fullStructure = full
        fullHeld = Set(roles.indices.filter { roles[$0] == .pad })
        fullMask = crack.mask(for: full.positions)
        unitAtomsFull = full.positions.map { unit($0) }

        // Tip trackers over the atomistic region (the same atoms in both modes).
        let h = layout.hole, c = layout.thickness
        let band = 1.5 * configuration.crystal.cell[1, 1]
        coupledBonds = try CleavageBonds(reference: coupled.reference.positions, candidates: coupled.realAtoms, crack: crack,
                                         xRange: h.x0...h.x1, yBand: band, period: c, brokenStretch: configuration.brokenBondStretch)
        fullBonds = try CleavageBonds(reference: full.positions, candidates: Array(full.positions.indices), crack: crack,
                                      xRange: h.x0...h.x1, yBand: band, period: c, brokenStretch: configuration.brokenBondStretch)
    }

    /// Reference atoms of a mode (coupled: real and pad atoms; full: the whole domain).
    public func atoms(_ mode: CrackSolverMode) -> Structure { mode == .coupled ? coupled.reference : fullStructure }

    /// The structure of a record's relaxed state (for extended XYZ).
    public func structure(of record: CrackStepRecord) -> Structure {
        var s = atoms(record.mode)
        s.positions = record.state.positions
        return s
    }

    /// The state with every atom and node at X + K u_K(X − X_tip).
    public func insertedState(_ mode: CrackSolverMode, k: Double) -> CrackState {
        switch mode {
        case .coupled:
            return CrackState(positions: zip(coupled.reference.positions, unitAtomsCoupled).map { $0 + k * $1 },
                              displacement: unitNodes.map { k * $0 })
        case .fullAtomistic:
            return CrackState(positions: zip(fullStructure.positions, unitAtomsFull).map { $0 + k * $1 }, displacement: [])
        }
    }

    /// The inserted tip's last open column relative to which advance is measured, Å.
    public var insertedTipColumn: Double {
        coupledBonds.columns.last { $0 < tip.x } ?? layout.hole.x0
    }

    /// Relaxes at K (eV/Å^{5/2}) from `start` (default: the inserted state at K). A start at
    /// another K is moved by ΔK u_K (atoms and nodes) and its boundary set to K u_K.
    /// - Throws: `NumericalError` when the solver does not converge.
    public func solve(_ mode: CrackSolverMode, k: Double, from start: (state: CrackState, k: Double)? = nil) throws -> CrackStepRecord {
        var state = start.map { s -> CrackState in
            let dk = k - s.k
            let units = mode == .coupled ? unitAtomsCoupled : unitAtomsFull
            return CrackState(positions: zip(s.state.positions, units).map { $0 + dk * $1 },
                              displacement: mode == .coupled ? zip(s.state.displacement, unitNodes).map { $0 + dk * $1 } : [])
        } ?? insertedState(mode, k: k)
        switch mode {
        case .coupled:
            let equation = coupled.model.dofMap.equation
            for d in state.displacement.indices where equation[d] < 0 { state.displacement[d] = k * coupled.model.dofMap.prescribed[d] }
            let solution = try coupled.solve(from: CoupledState(positions: state.positions, displacement: state.displacement),
                                             options: configuration.solver)
            let f = solution.final
            let tip = coupledBonds.tip(f.state.positions)
            return CrackStepRecord(mode: mode, k: k, tipX: tip.x, tipAdvance: tip.x - insertedTipColumn, brokenBonds: tip.brokenBonds,
                                   iterations: solution.iterations, atomisticEnergy: f.atomisticEnergy, continuumEnergy: f.continuumEnergy,
                                   maximumForce: f.maximumAtomForce,
                                   state: CrackState(positions: f.state.positions, displacement: f.state.displacement))
        case .fullAtomistic:
            for i in fullHeld { state.positions[i] = fullStructure.positions[i] + k * unitAtomsFull[i] }
            var s = fullStructure
            s.positions = state.positions
            let r = try Relaxation.relaxPositions(s, potential: potential,
                                                  minimizer: LBFGS(forceTolerance: configuration.fullAtomisticForceTolerance,
                                                                   maxIterations: configuration.fullAtomisticMaxIterations),
                                                  fixed: fullHeld, mask: fullMask, neighborSkin: 0.5)
            guard r.converged else {
                throw NumericalError(.noConvergence, "full-atomistic crack relaxation at K = \(k) eV/Å^(5/2) did not converge in \(r.iterations) iterations (max force \(r.maxForce) eV/Å)")
            }
            let tip = fullBonds.tip(r.structure.positions)
            return CrackStepRecord(mode: mode, k: k, tipX: tip.x, tipAdvance: tip.x - insertedTipColumn, brokenBonds: tip.brokenBonds,
                                   iterations: r.iterations, atomisticEnergy: r.energy, continuumEnergy: 0, maximumForce: r.maxForce,
                                   state: CrackState(positions: r.structure.positions, displacement: []))
        }
    }

    /// Runs a K schedule (eV/Å^{5/2}) by continuation: each step starts from the previous
    /// relaxed state (the first from the inserted crack) and reports its record.
    public func run(_ mode: CrackSolverMode, schedule: [Double], progress: (CrackStepRecord) -> Void = { _ in }) throws -> [CrackStepRecord] {
        var records: [CrackStepRecord] = []
        var previous: (state: CrackState, k: Double)?
        for k in schedule {
            let r = try solve(mode, k: k, from: previous)
            progress(r)
            records.append(r)
            previous = (r.state, k)
        }
        return records
    }

    /// Runs `configuration.kSchedule` with `configuration.mode` (see `run(_:schedule:progress:)`).
    /// - Throws: `InputError` when the schedule is empty or not finite; solver errors.
    public func run(progress: (CrackStepRecord) -> Void = { _ in }) throws -> [CrackStepRecord] {
        guard !configuration.kSchedule.isEmpty, configuration.kSchedule.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw InputError("the K schedule must be a non-empty list of non-negative values (got \(configuration.kSchedule) eV/Å^(5/2))")
        }
        return try run(configuration.mode, schedule: configuration.kSchedule, progress: progress)
    }

    /// Relaxed surface energy γ (eV/Å^2) of the cleavage plane: a slab of the crystal cut at the
    /// plane (periodic along x and z, at least 4 r_c thick), relaxed, against the bulk:
    /// γ = (E_slab − N e_bulk)/(2A).
    public func surfaceEnergy() throws -> Double {
        let crystal = configuration.crystal, b = crystal.cell[1, 1]
        let layers = max(2, Int((4 * potential.cutoff / b).rounded(.up)))
        let bulk = crystal.replicated(1, layers, 1)
        let eBulk = try potential.energy(bulk) / Double(bulk.count)
        let thickness = Double(layers) * b, cut = layout.crack!.height
        let positions = bulk.positions.map { p -> Vec3 in
            var y = (p.y - cut).truncatingRemainder(dividingBy: thickness)
            if y < 0 { y += thickness }
            return Vec3(p.x, y, p.z)
        }
        let slab = try Structure(elements: bulk.elements, positions: positions, cell: bulk.cell, periodic: [true, false, true])
        let relaxed = try Relaxation.relaxPositions(slab, potential: potential, minimizer: LBFGS(forceTolerance: 1e-7, maxIterations: 5000))
        let area = crystal.cell[0, 0] * crystal.cell[2, 2]
        return (relaxed.energy - Double(slab.count) * eBulk) / (2 * area)
    }

    /// Griffith K_G = √(2γE') (eV/Å^{5/2}) with the relaxed surface energy of the plane.
    public func griffithStressIntensity() throws -> Double { kField.griffithStressIntensity(surfaceEnergy: try surfaceEnergy()) }
}
