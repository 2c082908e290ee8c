import SeamCore
import SeamNumerics
import SeamPotential
import SeamFEM
import SeamCohesive

/// One solved step of a coupled or full-atomistic adhesive contact path. Forces per unit
/// length of the cylinder (eV/Å^2; N/m in `forceNewtonsPerMetre`), energies per unit length
/// (eV/Å).
public struct CoupledContactRecord: Sendable {
    public var mode: ContactSolverMode
    public var phase: AdhesiveCylinderContact.Phase
    /// Indenter displacement d (Å): depth of the cylinder's lowest point below the undeformed
    /// surface (negative: above it).
    public var indenterDisplacement: Double
    /// Force P the substrate exerts on the cylinder, compressive positive, eV/Å^2.
    public var force: Double
    public var forceNewtonsPerMetre: Double { force * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
    /// Energy of the atoms (real atoms coupled, all free atoms full) less their energy in the
    /// undeformed reference crystal, the cylinder's field excluded, eV/Å.
    public var atomisticEnergy: Double
    /// Stored energy of the continuum less its value at u = 0 (0 full atomistic), eV/Å.
    public var continuumEnergy: Double
    /// Adhesive energy Σ A [φ(g) - W] on atoms and mesh surface, eV/Å.
    public var adhesiveEnergy: Double
    /// Smallest gap over the surface atoms the field acts on, Å.
    public var minimumGap: Double
    /// Alternations (coupled) or L-BFGS iterations (full atomistic).
    public var iterations: Int
    /// The relaxed state (positions; nodal displacement, empty full atomistic).
    public var state: CoupledState
    /// Coupled solve phases (wall time, s): atomistic relaxations, continuum solves, checks
    /// (`CoupledSolution`); zero full atomistic.
    public var atomisticSeconds = 0.0, continuumSeconds = 0.0, checkSeconds = 0.0
}

/// Load path of an adhesive contact: the records in path order (the retraction refinements
/// inserted in place), the pull-off and the peak compressive load.
public struct CoupledContactResult: Sendable {
    public var records: [CoupledContactRecord]
    /// Most tensile force on the retraction, eV/Å^2 (negative), refined by step refinement
    /// about the extreme step and a parabola through it and its neighbours.
    public var pullOffForce: Double
    /// Indenter displacement at the pull-off, Å.
    public var pullOffDisplacement: Double
    /// Largest compressive force on the approach, eV/Å^2.
    public var peakForce: Double
    public var pullOffForceNewtonsPerMetre: Double { pullOffForce * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
    public var peakForceNewtonsPerMetre: Double { peakForce * Units.joulePerSquareMetrePerEvPerSquareAngstrom }
}

/// A rigid adhesive cylinder on a crystal substrate, solved coupled (atoms under the contact,
/// Cauchy-Born band and linear far field outside) or fully atomistic, with the same potential
/// and the same rigid law per area in both (see `CoupledAdhesiveContactConfiguration`).
///
/// The cylinder: the law φ(δ) (eV/Å^2; e.g. `LawDerivation.rigid` of the same potential) at the
/// gap g = |x - c| - R acts on every top-layer atom with its share A of the surface area
/// (`RigidCylinderField`, a c / atoms per surface cell; the two atoms on the region's edges
/// half of it) and, outside the atomistic region, on the mesh's top surface by the Gauss rule of
/// `AdhesiveCylinderContact` (`RigidCylinderAdhesion`), so the coupled model sees the law's
/// tail too. The full-atomistic twin applies it to every top-layer atom.
///
/// Path: displacement control from d = -startSeparation to the approach depth and back to
/// -endSeparation, each step warm-started from the previous one; the first relaxes the free
/// surface. A coupled step whose accelerated Schwarz iteration fails (at a jump) is re-solved
/// from the same start with plain alternation. The pull-off is the most tensile force on the retraction, refined by re-solving
/// the two steps about it with quarter steps (`pullOffRefinements` times) and a parabola
/// through the extreme and its neighbours. Energies per term are recorded per step.
/// Units: Å, eV; forces per unit length eV/Å^2 (N/m at the boundary).
public struct CoupledAdhesiveContact<P: Potential, L: CohesiveLaw>: Sendable {
    public typealias Continuum = CellSwitchedMaterial<CauchyBornMaterial<P>, LinearElasticAnisotropic>
    public let configuration: CoupledAdhesiveContactConfiguration
    public let law: L
    public let layout: CouplingLayout
    /// Height of the top surface (top atom layer and the mesh's top nodes), Å; axis x, Å.
    public let surfaceHeight: Double
    public let axisX: Double
    /// The coupled problem (the field's depth and the mesh term are set per step).
    public let coupled: CoupledProblem<CylinderFieldPotential<P, L>, Continuum>
    /// The law on the mesh surface outside the atomistic region.
    let meshTerm: RigidCylinderAdhesion<L>
    /// Full atomistic: structure, held band, potential with the field on every top atom.
    public let fullStructure: Structure
    public let fullHeld: Set<Int>
    public let fullPotential: CylinderFieldPotential<P, L>
    /// Energy of each atom in the undeformed reference (per mode's atom order), eV.
    let referenceEnergiesCoupled: [Double]
    let referenceEnergiesFull: [Double]
    /// Continuum energy at u = 0 (a Cauchy-Born W counts the crystal's cohesive energy), eV.
    let referenceContinuumEnergy: Double

    /// Builds both modes. - Throws: `InputError` for an invalid configuration, a law without
    /// adhesion or elements the potential does not know; errors of the Cauchy-Born material.
    public init(configuration: CoupledAdhesiveContactConfiguration, potential: P, law: L) throws {
        guard law.workOfSeparation > 0, law.peakTraction > 0 else {
            throw InputError("adhesive contact: the law \(law.summary) has no adhesion (work of separation and peak traction must be positive)")
        }
        self.configuration = configuration; self.law = law
        let layout = try configuration.layout()
        self.layout = layout
        let a = layout.crystal.cell[0, 0], b = layout.crystal.cell[1, 1], c = layout.thickness
        let width = Double(layout.cellsX) * a, height = Double(layout.cellsY) * b
        surfaceHeight = height; axisX = 0.5 * width
        // Surface area per top-layer atom: a c over the basis atoms on the plane y ≡ 0 (mod b).
        let onPlane = layout.crystal.positions.filter { p in let f = p.y / b; return abs(f - f.rounded()) < 1e-6 }.count
        guard onPlane > 0 else { throw InputError("adhesive contact: the crystal has no atom on the plane y = 0 (the top surface layer)") }
        let area = a * c / Double(onPlane)

        // Continuum: Cauchy-Born in a band about the atoms, the linear law beyond.
        let mesh = try layout.mesh()
        let cells = mesh.cells[0]
        let usesNear = (0..<cells.count).map { k -> Bool in
            guard let band = configuration.cauchyBornBand else { return true }
            let ids = cells.nodes(of: k)
            let centroid = (1.0 / Double(ids.count)) * ids.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] }
            return layout.distanceToRegion(centroid) <= band
        }
        let cauchyBorn = try CauchyBornMaterial(potential: potential, lattice: configuration.lattice)
        let linear = try LinearElasticAnisotropic(stiffness: try cauchyBorn.response(at: .identity, request: .tangent).tangent)
        let material = try CellSwitchedMaterial(near: cauchyBorn, far: linear, usesNear: usesNear)
        // Held band (left, right, bottom), the same as the full-atomistic one.
        var used = [Bool](repeating: false, count: mesh.nodes.count)
        for n in cells.connectivity { used[Int(n)] = true }
        let pad = configuration.padDepth
        let held = mesh.nodes.indices.filter { used[$0] && min(mesh.nodes[$0].x, width - mesh.nodes[$0].x, mesh.nodes[$0].y) < pad }
        let dirichlet = [DirichletCondition(.nodes(held.map { Int32($0) }), components: [0, 1]) { _ in .zero }]

        // The field on the real top-layer atoms (half weight on the region's two edge columns).
        let (atoms, roles) = try layout.atoms()
        let h = layout.hole, tol = 1e-6
        var top: [Int] = [], weights: [Double] = []
        for i in atoms.positions.indices where roles[i] == .real && abs(atoms.positions[i].y - height) < tol {
            let x = atoms.positions[i].x
            top.append(i); weights.append(abs(x - h.x0) < tol || abs(x - h.x1) < tol ? 0.5 * area : area)
        }
        let start = -configuration.startSeparation
        let field = try RigidCylinderField(law: law, radius: configuration.radius, axisX: axisX, surfaceHeight: height,
                                           depth: start, atoms: top, weights: weights)
        var problem = try CoupledProblem(layout: layout, potential: CylinderFieldPotential(base: potential, field: field),
                                         material: material, dirichlet: dirichlet)
        // The law on the mesh's top edges outside the region (both nodes in use).
        let edges = try SurfacePoint.edges(of: mesh, group: "top").filter { e in
            let xa = mesh.nodes[Int(e.0)].x, xb = mesh.nodes[Int(e.1)].x
            let mid = 0.5 * (xa + xb)
            return used[Int(e.0)] && used[Int(e.1)] && (mid < h.x0 - tol || mid > h.x1 + tol)
        }
        let points = configuration.meshSurfaceAdhesion
            ? SurfacePoint.rule(mesh: mesh, edges: edges, subdivisions: configuration.surfaceSubdivisions, thickness: c) : []
        let term = RigidCylinderAdhesion(law: law, radius: configuration.radius, surfaceHeight: height, depth: start, points: points,
                                         axisX: axisX)
        problem.surfaceTerm = term
        meshTerm = term
        coupled = problem
        referenceEnergiesCoupled = try potential.evaluate(problem.reference, request: [.energy, .atomEnergies]).atomEnergies
        referenceContinuumEnergy = try problem.continuumEnergy([Double](repeating: 0, count: problem.model.dofMap.equation.count))

        // Full atomistic: the field on every top-layer atom, full weight.
        let (full, fullRoles) = try layout.fullAtomistic()
        try potential.checkElements(full)
        fullStructure = full
        fullHeld = Set(fullRoles.indices.filter { fullRoles[$0] == .pad })
        let fullTop = full.positions.indices.filter { abs(full.positions[$0].y - height) < tol }
        fullPotential = CylinderFieldPotential(base: potential, field: try RigidCylinderField(
            law: law, radius: configuration.radius, axisX: axisX, surfaceHeight: height, depth: start, atoms: fullTop,
            weights: [Double](repeating: area, count: fullTop.count)))
        referenceEnergiesFull = try potential.evaluate(full, request: [.energy, .atomEnergies]).atomEnergies
    }

    /// The coupled problem with the cylinder at indenter displacement d (Å): field and mesh term.
    public func coupledProblem(depth d: Double) -> CoupledProblem<CylinderFieldPotential<P, L>, Continuum> {
        var problem = coupled
        problem.potential.field.depth = d
        var term = meshTerm
        term.depth = d
        problem.surfaceTerm = term
        return problem
    }

    /// The mesh surface term alone (outside the atomistic region) at nodal displacement `u`
    /// (full dofs of `coupled.model`, Å) with the cylinder at d (Å), for checks: energy
    /// Σ w [φ(g) - W] (eV, slab thickness), gradient (eV/Å per full dof) and consistent Hessian
    /// (eV/Å^2) on the model's pattern (free dofs, one triangle).
    public func meshSurfaceEvaluation(displacement u: [Double], depth d: Double) throws -> AdhesiveCylinderContact.InterfaceEvaluation {
        guard u.count == coupled.model.dofMap.equation.count else {
            throw InputError("displacement has \(u.count) values; the coupled mesh has \(coupled.model.dofMap.equation.count) dofs")
        }
        var term = meshTerm
        term.depth = d
        let pattern = coupled.model.assembly.pattern, eq = coupled.model.dofMap.equation
        var gradient = [Double](repeating: 0, count: u.count), hessian = [Double](repeating: 0, count: pattern.nonzeroCount)
        let e = term.evaluate(u, gradient: &gradient, tangent: .consistent, values: &hessian, pattern: pattern, equation: eq)
        return AdhesiveCylinderContact.InterfaceEvaluation(energy: e, gradient: gradient, hessian: hessian, pattern: pattern, equation: eq)
    }

    /// The mode's starting state: reference atoms (coupled: pads placed, interface slaved).
    public func initialState(_ mode: ContactSolverMode) throws -> CoupledState {
        switch mode {
        case .coupled: return try coupled.initialState()
        case .fullAtomistic: return CoupledState(positions: fullStructure.positions, displacement: [])
        }
    }

    /// Relaxes the mode at indenter displacement d (Å) from `start` (default: the initial state).
    /// - Throws: `NumericalError` when the solver does not converge.
    public func solve(_ mode: ContactSolverMode, depth d: Double, from start: CoupledState? = nil) throws -> CoupledContactRecord {
        let state = try start ?? initialState(mode)
        let t = layout.thickness
        switch mode {
        case .coupled:
            let problem = coupledProblem(depth: d)
            let solution: CoupledSolution
            do {
                solution = try problem.solve(from: state, options: configuration.solver)
            } catch is NumericalError {
                // At a jump (the atoms snapping to the cylinder or letting go) the accelerated
                // interface values can overshoot into a Cauchy-Born state without a positive
                // tangent (measured at jump-in, 64 x 32 cells); plain alternation follows the
                // atoms' jump without extrapolating it.
                var plain = configuration.solver
                plain.andersonDepth = 0; plain.aitkenRelaxation = false
                plain.maxIterations = max(plain.maxIterations, 400)
                solution = try problem.solve(from: state, options: plain)
            }
            let f = solution.final, x = f.state.positions
            let field = problem.potential.field
            let atomField = field.evaluate(x)
            let fieldEnergy = field.atoms.reduce(0.0) { $0 + atomField.atomEnergies[$1] }
            let reference = problem.realAtoms.reduce(0.0) { $0 + referenceEnergiesCoupled[$1] }
            var term = meshTerm
            term.depth = d
            var g = [Double](repeating: 0, count: f.state.displacement.count), v: [Double] = []
            let meshEnergy = term.evaluate(f.state.displacement, gradient: &g, tangent: nil, values: &v,
                                           pattern: problem.model.assembly.pattern, equation: problem.model.dofMap.equation)
            var record = CoupledContactRecord(mode: mode, phase: .approach, indenterDisplacement: d,
                                              force: (field.cylinderForce(x) + term.force(f.state.displacement)) / t,
                                              atomisticEnergy: (f.atomisticEnergy - fieldEnergy - reference) / t,
                                              continuumEnergy: (f.continuumEnergy - referenceContinuumEnergy) / t,
                                              adhesiveEnergy: (fieldEnergy + meshEnergy) / t,
                                              minimumGap: field.minimumGap(x), iterations: solution.iterations, state: f.state)
            record.atomisticSeconds = solution.atomisticSeconds
            record.continuumSeconds = solution.continuumSeconds
            record.checkSeconds = solution.checkSeconds
            return record
        case .fullAtomistic:
            var potential = fullPotential
            potential.field.depth = d
            var s = fullStructure
            s.positions = state.positions
            let r = try Relaxation.relaxPositions(s, potential: potential,
                                                  minimizer: LBFGS(forceTolerance: configuration.fullAtomisticForceTolerance,
                                                                   maxIterations: configuration.fullAtomisticMaxIterations),
                                                  fixed: fullHeld, neighborSkin: 0.5)
            guard r.converged else {
                throw NumericalError(.noConvergence, "full-atomistic contact relaxation at d = \(d) Å did not converge in \(r.iterations) iterations (max force \(r.maxForce) eV/Å)")
            }
            let x = r.structure.positions
            let e = try potential.base.evaluate(r.structure, request: [.energy, .atomEnergies]).atomEnergies
            let free = fullStructure.positions.indices.filter { !fullHeld.contains($0) }
            let atomistic = free.reduce(0.0) { $0 + e[$1] - referenceEnergiesFull[$1] }
            return CoupledContactRecord(mode: mode, phase: .approach, indenterDisplacement: d, force: potential.field.cylinderForce(x) / t,
                                        atomisticEnergy: atomistic / t, continuumEnergy: 0,
                                        adhesiveEnergy: potential.field.evaluate(x).energy / t, minimumGap: potential.field.minimumGap(x),
                                        iterations: r.iterations, state: CoupledState(positions: x, displacement: []))
        }
    }

    /// Indenter displacements from `from` to `to` (Å) in steps of at most `step`, `to` included,
    /// `from` excluded.
    static func stations(from: Double, to: Double, step: Double) -> [Double] {
        let n = max(1, Int((abs(to - from) / step - 1e-9).rounded(.up)))
        return (1...n).map { from + (to - from) * Double($0) / Double(n) }
    }

    /// Runs the path in `mode` (see the type's notes); `progress` sees every solved step.
    /// - Throws: solver errors (`NumericalError`).
    public func run(_ mode: ContactSolverMode, progress: (CoupledContactRecord) -> Void = { _ in }) throws -> CoupledContactResult {
        let cfg = configuration
        var records: [CoupledContactRecord] = []
        var first = try solve(mode, depth: -cfg.startSeparation)
        progress(first)
        records.append(first)
        for d in Self.stations(from: -cfg.startSeparation, to: cfg.approachDepth, step: cfg.step) {
            first = try solve(mode, depth: d, from: records.last!.state)
            progress(first)
            records.append(first)
        }
        let peak = records.map(\.force).max()!
        var retract: [CoupledContactRecord] = []
        var previous = records.last!.state
        for d in Self.stations(from: cfg.approachDepth, to: -cfg.endSeparation, step: cfg.step) {
            var r = try solve(mode, depth: d, from: previous)
            r.phase = .retract
            progress(r)
            retract.append(r)
            previous = r.state
        }
        // Step refinement about the most tensile retraction step.
        var h = cfg.step
        for _ in 0..<cfg.pullOffRefinements {
            guard let m = retract.indices.min(by: { retract[$0].force < retract[$1].force }), m > 0, m + 1 < retract.count else { break }
            h /= 4
            let lo = retract[m - 1], hi = retract[m + 1].indenterDisplacement
            var fine: [CoupledContactRecord] = []
            var state = lo.state
            for d in Self.stations(from: lo.indenterDisplacement, to: hi, step: h).dropLast() {
                var r = try solve(mode, depth: d, from: state)
                r.phase = .retract
                progress(r)
                fine.append(r)
                state = r.state
            }
            retract = Array(retract[..<m]) + fine + Array(retract[(m + 1)...])
        }
        // Parabola through the extreme and its neighbours (vertex kept inside the bracket).
        var pullOff = retract.map(\.force).min() ?? 0
        var pullOffD = retract.first { $0.force == pullOff }?.indenterDisplacement ?? cfg.approachDepth
        if let m = retract.indices.min(by: { retract[$0].force < retract[$1].force }), m > 0, m + 1 < retract.count {
            let (x0, x1, x2) = (retract[m - 1].indenterDisplacement, retract[m].indenterDisplacement, retract[m + 1].indenterDisplacement)
            let (y0, y1, y2) = (retract[m - 1].force, retract[m].force, retract[m + 1].force)
            let d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1), curvature = (d12 - d01) / (x2 - x0)
            if curvature > 0 {
                let xv = 0.5 * (x0 + x1) - d01 / (2 * curvature)
                let vertex = min(max(xv, min(x0, x2)), max(x0, x2))
                let value = y1 + d01 * (vertex - x1) + curvature * (vertex - x0) * (vertex - x1)
                if value <= pullOff { pullOff = value; pullOffD = vertex }
            }
        }
        return CoupledContactResult(records: records + retract, pullOffForce: pullOff, pullOffDisplacement: pullOffD, peakForce: peak)
    }
}
