import SeamCore
import SeamNumerics
import SeamPotential
import SeamFEM

/// The state of a coupled problem: positions of all atoms (real and pad, Å) and the full nodal
/// displacement vector of the mesh (Å, node-major, 2 components per node).
public struct CoupledState: Sendable {
    public var positions: [Vec3]
    public var displacement: [Double]
    public init(positions: [Vec3], displacement: [Double]) { self.positions = positions; self.displacement = displacement }
}

/// Forces of a coupled state (after placing the pads and slaving the interface nodes).
public struct CoupledForces: Sendable {
    /// The consistent state the forces were evaluated in.
    public var state: CoupledState
    /// Force on every atom from the potential (real and pad), eV/Å.
    public var atomForces: [Vec3]
    /// Continuum force -r on each free dof (0 on slaved and prescribed dofs), eV/Å, full vector.
    public var nodeForces: [Double]
    /// Largest |F| (Euclidean) over the real atoms, eV/Å.
    public var maximumAtomForce: Double
    /// Largest |f| (Euclidean, per node) over the free nodes, eV/Å.
    public var maximumNodeForce: Double
    /// Σ over real atoms of the per-atom energies, eV.
    public var atomisticEnergy: Double
    /// Σ_e ∫ W(F) dV over the elements, eV.
    public var continuumEnergy: Double
}

/// A static atomistic/continuum problem in plane strain: real atoms in a hole of a
/// finite-element mesh, pad atoms slaved to the mesh and interface nodes slaved to the atoms
/// (see the design notes in `SeamCouplingModule`).
///
/// Generic over the potential and the continuum material (specialised inner loops); by default
/// the material is the `CauchyBornMaterial` of the same potential so that atoms and continuum
/// agree under uniform strain. Units: Å, eV, eV/Å.
public struct CoupledProblem<P: Potential, M: Material>: Sendable {
    /// The potential of the atoms (a `var` so that a driver can move an external field, e.g.
    /// the cylinder of `CylinderFieldPotential`, between solves without rebuilding the problem).
    public var potential: P
    public let layout: CouplingLayout
    /// The continuum (mesh with the hole; outer conditions plus the slaved interface nodes).
    public let model: ElasticityModel<M>
    /// Reference atoms (real and pad), periodic along z.
    public let reference: Structure
    public let roles: [AtomRole]
    public let realAtoms: [Int]
    public let padAtoms: [Int]
    /// Interface nodes and, for each, the atoms of its column.
    public let interfaceNodes: [Int]
    public let interfaceColumns: [[Int]]
    /// Optional mask between groups of atoms (passed to every evaluation).
    public let mask: InteractionMask?
    /// Cell (of block 0) containing each pad atom and its barycentric weights.
    let padCells: [Int]
    let padWeights: [Vec3]
    /// Basis index of each atom (0 without a shift provider).
    let sublattice: [Int]
    let shifts: (any BasisShiftProviding)?
    /// An energy term on the mesh's free dofs added to the continuum (e.g. the adhesive
    /// cylinder on the mesh surface outside the atoms, `CoupledAdhesiveContact`); its gradient
    /// enters every continuum residual and its positive-part Hessian the Newton tangent.
    var surfaceTerm: (any InterfaceTerm & Sendable)?

    /// Builds the problem.
    /// - Parameters:
    ///   - dirichlet: conditions on the outer node sets ("left", "right", "bottom", "top").
    ///   - mask: optional interaction mask over the atoms of `layout.atoms()` (same order),
    ///     passed to every evaluation of the potential.
    public init(layout: CouplingLayout, potential: P, material: M, dirichlet: [DirichletCondition],
                tractions: [TractionLoad] = [], mask: InteractionMask? = nil) throws {
        self.layout = layout; self.potential = potential
        let mesh = try layout.mesh()
        let interface = mesh.nodeSets["interface"] ?? []
        model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(thickness: layout.thickness), material: material,
                                    dirichlet: dirichlet + [DirichletCondition(.nodes(interface), components: [0, 1]) { _ in .zero }],
                                    tractions: tractions)
        let (structure, roles) = try layout.atoms()
        try potential.checkElements(structure)
        if let mask, mask.groups.count != structure.count {
            throw InputError("the interaction mask has \(mask.groups.count) atoms but the coupled problem has \(structure.count)")
        }
        self.reference = structure; self.roles = roles; self.mask = mask
        realAtoms = roles.indices.filter { roles[$0] == .real }
        padAtoms = roles.indices.filter { roles[$0] == .pad }
        shifts = material as? any BasisShiftProviding

        // Sublattice of every atom.
        var sub = [Int](repeating: 0, count: structure.count)
        if let lattice = shifts?.lattice, lattice.atomCount > 1 {
            let inv = lattice.cell.inverse
            for (i, x) in structure.positions.enumerated() {
                guard let k = lattice.basis.indices.first(where: { k in
                    let f = (x - lattice.basis[k]) * inv
                    return (0..<3).allSatisfy { abs(f[$0] - f[$0].rounded()) < 1e-6 }
                }) else {
                    throw InputError("atom \(i) at \(x) Å is on no site of the material's lattice",
                                     suggestion: "build the crystal and the Cauchy-Born lattice with the same lattice constant, orientation and origin")
                }
                sub[i] = k
            }
        }
        sublattice = sub

        // Pads: containing triangle and barycentric weights.
        let block = mesh.cells[0]
        var cells: [Int] = [], weights: [Vec3] = []
        let x0 = layout.hole.x0
        for i in padAtoms {
            let x = structure.positions[i]
            var found = false
            for c in 0..<block.count {
                let n = block.nodes(of: c).map { mesh.nodes[Int($0)] }
                // Left of the region a pre-crack opens a gap in the mesh: a pad takes an element on
                // its own side of the crack (face atoms lie on an edge of the gap).
                if let crack = layout.crack, x.x < x0 + 1e-6,
                   ((n[0].y + n[1].y + n[2].y) / 3 > crack.height) != crack.isAbove(x) { continue }
                let w = Self.barycentric(x, n[0], n[1], n[2])
                if w.x > -1e-9 && w.y > -1e-9 && w.z > -1e-9 { cells.append(c); weights.append(w); found = true; break }
            }
            guard found else {
                throw InputError("pad atom \(i) at \(x) Å lies in no element of the mesh", suggestion: "enlarge the domain around the atomistic region")
            }
        }
        padCells = cells; padWeights = weights

        // Interface columns.
        let tol = 1e-6
        var columns: [[Int]] = []
        for n in interface {
            let p = mesh.nodes[Int(n)]
            let column = realAtoms.filter { abs(structure.positions[$0].x - p.x) < tol && abs(structure.positions[$0].y - p.y) < tol }
            guard !column.isEmpty else {
                throw InputError("interface node \(n) at (\(p.x), \(p.y)) Å has no atom column",
                                 suggestion: "choose meshDivisions so that the mesh spacing is a multiple of the atom-column spacing")
            }
            if let k = column.first(where: { sub[$0] != 0 }) {
                throw InputError("interface node \(n) sits on atom \(k) of basis site \(sub[k]); interface nodes must sit on the first basis site (zero inner shift)")
            }
            columns.append(column)
        }
        interfaceNodes = interface.map { Int($0) }; interfaceColumns = columns
    }

    /// Barycentric coordinates of x in the triangle (a, b, c), in the xy plane.
    static func barycentric(_ x: Vec3, _ a: Vec3, _ b: Vec3, _ c: Vec3) -> Vec3 {
        let det = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)
        let l1 = ((x.x - a.x) * (c.y - a.y) - (c.x - a.x) * (x.y - a.y)) / det
        let l2 = ((b.x - a.x) * (x.y - a.y) - (x.x - a.x) * (b.y - a.y)) / det
        return Vec3(1 - l1 - l2, l1, l2)
    }

    // MARK: - States

    /// Reference atoms, prescribed outer displacements, pads placed and interface slaved.
    public func initialState() throws -> CoupledState {
        try consistent(CoupledState(positions: reference.positions, displacement: model.dofMap.expand([Double](repeating: 0, count: model.dofMap.freeCount))))
    }

    /// The homogeneous deformation F (F_33 = 1, in-plane): every atom at F(X + s_k(F)) and
    /// every node displaced by (F - I)X, prescribed dofs included (for patch tests).
    public func uniformState(_ f: Mat3) throws -> CoupledState {
        let s = try shifts?.basisShifts(at: f)
        let positions = reference.positions.indices.map { i -> Vec3 in
            var x = reference.positions[i]
            if let s { x += s[sublattice[i]] }
            return f * x
        }
        var u = [Double](repeating: 0, count: model.dofMap.equation.count)
        for (n, x) in model.mesh.nodes.enumerated() {
            let d = f * x - x
            u[2 * n] = d.x; u[2 * n + 1] = d.y
        }
        return CoupledState(positions: positions, displacement: u)
    }

    /// Deformation gradient of cell c (constant on a triangle; F_33 = 1).
    public func deformationGradient(cell c: Int, _ u: [Double]) -> Mat3 {
        let geo = model.geometry[0], nq = geo.table.rule.count
        var f = Mat3.identity
        let block = model.mesh.cells[0]
        for a in 0..<3 {
            let n = Int(block.connectivity[3 * c + a])
            for i in 0..<2 { for j in 0..<2 { f[i, j] += u[2 * n + i] * geo.gradients[((c * nq) * 3 + a) * 2 + j] } }
        }
        return f
    }

    /// The finite-element displacement u_h(X) (in-plane, Å) at a reference point X of the mesh,
    /// or nil when X lies in the atomistic region or outside the domain.
    public func interpolatedDisplacement(at x: Vec3, _ u: [Double]) -> Vec3? {
        let block = model.mesh.cells[0]
        for c in 0..<block.count {
            let nodes = block.nodes(of: c).map { Int($0) }
            let w = Self.barycentric(x, model.mesh.nodes[nodes[0]], model.mesh.nodes[nodes[1]], model.mesh.nodes[nodes[2]])
            if w.x > -1e-9 && w.y > -1e-9 && w.z > -1e-9 {
                var d = Vec3.zero
                for a in 0..<3 { d += w[a] * Vec3(u[2 * nodes[a]], u[2 * nodes[a] + 1], 0) }
                return d
            }
        }
        return nil
    }

    /// Pads placed from the displacement field (x = X + u_h(X) + F_e s_k(F_e)), interface
    /// nodes given the mean in-plane displacement of their columns.
    public func consistent(_ state: CoupledState) throws -> CoupledState {
        var out = state
        try placePads(&out)
        slaveInterface(&out)
        return out
    }

    /// Moves the pads to the finite-element interpolation of `state.displacement`.
    public func placePads(_ state: inout CoupledState) throws {
        let block = model.mesh.cells[0]
        var cache: [Int: [Vec3]] = [:]
        for (k, i) in padAtoms.enumerated() {
            let c = padCells[k], w = padWeights[k]
            var d = Vec3.zero
            for a in 0..<3 {
                let n = Int(block.connectivity[3 * c + a])
                d += w[a] * Vec3(state.displacement[2 * n], state.displacement[2 * n + 1], 0)
            }
            var x = reference.positions[i] + d
            if let shifts, shifts.lattice.atomCount > 1, sublattice[i] != 0 {
                let f = deformationGradient(cell: c, state.displacement)
                if cache[c] == nil { cache[c] = try shifts.basisShifts(at: f) }
                x += f * cache[c]![sublattice[i]]
            }
            state.positions[i] = x
        }
    }

    /// Sets the interface nodes' displacement to the mean in-plane displacement of their columns.
    public func slaveInterface(_ state: inout CoupledState) {
        for (k, n) in interfaceNodes.enumerated() {
            var d = Vec3.zero
            for i in interfaceColumns[k] { d += state.positions[i] - reference.positions[i] }
            d = (1.0 / Double(interfaceColumns[k].count)) * d
            state.displacement[2 * n] = d.x; state.displacement[2 * n + 1] = d.y
        }
    }

    // MARK: - Forces and energies

    /// Forces on atoms and free nodes, and the energy terms, of `state` exactly as given (use
    /// `consistent(_:)` first unless the state was built consistent, e.g. `uniformState`).
    /// With `energies` false the energy terms are left at zero (they cost a material
    /// evaluation per element).
    public func forces(_ state: CoupledState, energies: Bool = true) throws -> CoupledForces {
        var s = reference
        s.positions = state.positions
        let r = try potential.evaluate(s, mask: mask, request: [.energy, .forces, .atomEnergies])
        try r.checkFinite()
        let fmax = realAtoms.reduce(0.0) { max($0, r.forces[$1].norm) }
        let eAtoms = realAtoms.reduce(0.0) { $0 + r.atomEnergies[$1] }
        let residual = try continuumResidual(state.displacement, tangent: false).residual
        var nodeForces = [Double](repeating: 0, count: state.displacement.count)
        var nmax = 0.0
        for n in 0..<model.mesh.nodes.count {
            var f2 = 0.0
            for c in 0..<2 {
                let e = model.dofMap.equation[2 * n + c]
                if e >= 0 { nodeForces[2 * n + c] = -residual[Int(e)]; f2 += residual[Int(e)] * residual[Int(e)] }
            }
            nmax = max(nmax, f2.squareRoot())
        }
        return CoupledForces(state: state, atomForces: r.forces, nodeForces: nodeForces, maximumAtomForce: fmax,
                             maximumNodeForce: nmax, atomisticEnergy: energies ? eAtoms : 0,
                             continuumEnergy: energies ? try continuumEnergy(state.displacement) : 0)
    }

    /// The continuum residual (free equations, eV/Å) and, with `tangent`, the tangent values on
    /// the model's pattern: the elastic part plus the surface term (its gradient, and the
    /// positive part of its Hessian, which keeps the matrix positive definite for CHOLMOD;
    /// the solver's Newton is a modified one anyway).
    func continuumResidual(_ u: [Double], tangent: Bool) throws -> (residual: [Double], values: [Double]?) {
        var (r, values) = try model.residualAndTangent(u, loadFactor: 1, tangent: tangent)
        guard let surfaceTerm else { return (r, values) }
        let eq = model.dofMap.equation
        var g = [Double](repeating: 0, count: u.count)
        var extra: [Double] = tangent ? [Double](repeating: 0, count: values!.count) : []
        _ = surfaceTerm.evaluate(u, gradient: &g, tangent: tangent ? .positive : nil, values: &extra,
                                 pattern: model.assembly.pattern, equation: eq)
        for k in 0..<u.count where eq[k] >= 0 { r[Int(eq[k])] += g[k] }
        if tangent { for k in extra.indices { values![k] += extra[k] } }
        return (r, values)
    }

    /// Σ_e Σ_q W(F_q) w_q det J t: the stored energy of the continuum, eV.
    public func continuumEnergy(_ u: [Double]) throws -> Double {
        let geo = model.geometry[0], nq = geo.table.rule.count
        var e = 0.0
        for c in 0..<model.mesh.cells[0].count {
            // Triangles: F is constant per cell.
            let f = deformationGradient(cell: c, u)
            var m = 0.0
            for q in 0..<nq { m += geo.measures[c * nq + q] }
            e += m * (try model.material.response(at: f, block: 0, cell: c, request: .energy).energyDensity)
        }
        return e
    }

    /// Cells adjacent to the atomistic region (sharing an interface node or holding a pad)
    /// whose material tangent is not stable (Cauchy-Born acoustic tensor not positive
    /// definite, or no inner-relaxation minimum).
    public func unstableCellsNearRegion(_ u: [Double]) throws -> [Int] {
        var near = Set(padCells)
        let interface = Set(interfaceNodes)
        let block = model.mesh.cells[0]
        for c in 0..<block.count where block.nodes(of: c).contains(where: { interface.contains(Int($0)) }) { near.insert(c) }
        var bad: [Int] = []
        for c in near.sorted() {
            let f = deformationGradient(cell: c, u)
            if !(try model.material.response(at: f, block: 0, cell: c, request: .tangent).stable) { bad.append(c) }
        }
        return bad
    }
}
