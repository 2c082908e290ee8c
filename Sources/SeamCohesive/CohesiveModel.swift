import SeamCore
import SeamFEM

/// Which matrix the cohesive elements contribute to the iteration matrix.
public enum CohesiveTangent: Sendable, Equatable {
    /// K = ∂T/∂δ of the law (Newton; indefinite on the softening branch).
    case consistent
    /// K = t(λ*)/λ* · diag(1, β², β²) with λ* = max(λ, λmax) (plus the contact penalty):
    /// positive semi-definite, so the assembled matrix stays SPD and Cholesky never fails;
    /// linear convergence (Alfano & Crisfield, IJNME 50, 1701 (2001)).
    case secant
}

/// Energies of a cohesive model at a state, eV (in 2D per the model's thickness).
public struct CohesiveEnergies: Sendable, Equatable {
    /// Bulk strain energy ∫ W dV.
    public var bulkStrain: Double
    /// Recoverable cohesive energy ∫ ½ k* λ² dA (secant unloading; plus contact penalty).
    public var cohesiveStored: Double
    /// Dissipated energy ∫ [φ(λ*) - ½ t(λ*) λ*] dA: what secant unloading cannot return.
    public var dissipated: Double
    public init(bulkStrain: Double, cohesiveStored: Double, dissipated: Double) {
        self.bulkStrain = bulkStrain; self.cohesiveStored = cohesiveStored; self.dissipated = dissipated
    }
}

/// A bulk elasticity model plus zero-thickness cohesive elements with an irreversible
/// effective-opening law, assembled into one sparse matrix.
///
/// Design notes (cohesive finite elements):
/// - One matrix: the cohesive elements enter the bulk `AssemblyPattern` as extra connectivity
///   (`ExtraConnectivity`, SeamFEM), so their face-to-face couplings are part of the single
///   CSC pattern that CHOLMOD analyses once; `addCohesive` scatters into the same value array.
/// - Geometry (`CohesiveInterface`) is computed once on the reference mid-surface; the local
///   frame is fixed (small rotations), which keeps residual and tangent exact derivatives of
///   one energy and the matrix symmetric. Nodal (Lobatto) integration by default.
/// - History is a plain array owned by the caller (`followPath`), committed only at
///   converged steps; the model is an immutable value.
/// - Indefinite tangents (softening) are met with the secant matrix for that iteration, not
///   with an indefinite factorisation: `CholeskySolver` is LLᵀ only.
/// - Meshes are split by `InterfaceSplitter` (node duplication along a named node set, or
///   grounded copies on a symmetry plane with `MirroredLaw`); `CohesiveSpecimens` builds the
///   regression specimens (bonded blocks, DCB, centre-cracked quarter plate).
///
/// Total potential for a load step with committed history λmax (one value per cohesive
/// quadrature point): Π(u) = ∫ W(F) dV + Σ_q w_q J_q φ_λmax(R δ_q) - λ f_extᵀ u, where
/// φ_λmax follows the law on the envelope and the secant below λmax
/// (`CohesiveLaw.response(opening:history:)`; reversible laws such as Xu-Needleman and PPR
/// ignore it). The history is an explicit value passed in and
/// returned by `updatedHistory`, committed by the path-following driver only at converged
/// steps, so the model itself stays an immutable value.
public struct CohesiveModel<M: Material, L: CohesiveLaw>: Sendable {
    /// Bulk discretisation whose pattern includes the cohesive couplings.
    public let bulk: ElasticityModel<M>
    public let interface: CohesiveInterface
    public let law: L
    /// Value-array position of each upper-triangle local pair of each cohesive element
    /// (-1 when a dof is constrained).
    public let positions: [Int32]

    /// - Parameters: as `ElasticityModel`; `interface` built on `mesh.nodes` (same dimension).
    /// - Throws: `InputError` for a dimension mismatch or bad boundary conditions.
    public init(mesh: Mesh, analysis: Analysis, material: M, law: L, interface: CohesiveInterface,
                dirichlet: [DirichletCondition], tractions: [TractionLoad] = []) throws {
        guard interface.dimension == mesh.dimension else {
            throw InputError("the cohesive interface is \(interface.dimension)D but the mesh is \(mesh.dimension)D")
        }
        bulk = try ElasticityModel(mesh: mesh, analysis: analysis, material: material, dirichlet: dirichlet,
                                   tractions: tractions, extra: [interface.extraConnectivity])
        positions = bulk.assembly.positions[mesh.cells.count]
        self.interface = interface; self.law = law
    }

    /// Zero history (undamaged interface).
    public var initialHistory: [Double] { [Double](repeating: 0, count: interface.pointCount) }

    /// Adds the cohesive internal force (full node-major vector) and, when `tangent` is given,
    /// its matrix entries on the pattern; returns the cohesive step energy Σ w J φ_λmax.
    ///
    /// f⁺_a = -f⁻_a = Σ_q w J N_a Rᵀ T(R δ_q); K_(I a i)(J b j) = Σ_q w J s_I s_J N_a N_b (Rᵀ K R)_ij,
    /// s = -1 on the minus face, +1 on the plus face.
    @discardableResult @inlinable
    public func addCohesive(_ u: [Double], history: [Double], tangent: CohesiveTangent?,
                            force: inout [Double], values: inout [Double]) -> Double {
        let n = interface.facetNodeCount, d = interface.dimension, nq = interface.pointsPerElement
        let nd = 2 * n * d, pairs = AssemblyPattern.pairCount(localDofs: nd)
        var ke = [Double](repeating: 0, count: nd * nd)
        var energy = 0.0
        for e in 0..<interface.count {
            if tangent != nil { for k in 0..<(nd * nd) { ke[k] = 0 } }
            for q in 0..<nq {
                let r = interface.frames[e * nq + q], m = interface.measures[e * nq + q]
                let local = r * interface.globalOpening(element: e, point: q, displacement: u)
                let lambdaMax = history[e * nq + q]
                let response = law.response(opening: local, history: lambdaMax)
                energy += m * response.energy
                let tg = response.traction * r  // Rᵀ T
                for a in 0..<n {
                    let w = m * interface.shapeValues[q * n + a]
                    let minus = Int(interface.connectivity[e * 2 * n + a]), plus = Int(interface.connectivity[e * 2 * n + n + a])
                    for i in 0..<d { force[plus * d + i] += w * tg[i]; force[minus * d + i] -= w * tg[i] }
                }
                guard let mode = tangent else { continue }
                let k = mode == .consistent ? response.tangent : secantTangent(local, lambdaMax: lambdaMax)
                let kg = r.transposed * k * r
                for a in 0..<n { for b in 0..<n {
                    let w = m * interface.shapeValues[q * n + a] * interface.shapeValues[q * n + b]
                    for fa in 0..<2 { for fb in 0..<2 {
                        let sa: Double = fa == 0 ? -1 : 1, sb: Double = fb == 0 ? -1 : 1
                        let row = (fa * n + a) * d, col = (fb * n + b) * d
                        for i in 0..<d { for j in 0..<d { ke[(row + i) * nd + col + j] += sa * sb * w * kg[i, j] } }
                    } }
                } }
            }
            if tangent != nil {
                var k = e * pairs
                for I in 0..<nd { for J in I..<nd {
                    let p = positions[k]; k += 1
                    if p >= 0 { values[Int(p)] += ke[I * nd + J] }
                } }
            }
        }
        return energy
    }

    /// The positive semi-definite secant matrix of the law at δ with history λmax.
    @inlinable public func secantTangent(_ d: Vec3, lambdaMax: Double) -> Mat3 {
        law.secantTangent(opening: d, history: lambdaMax)
    }

    /// Residual r = f_int(u) + f_coh(u) - λ f_ext on the free dofs and, when `tangent` is
    /// given, the matrix values (bulk consistent tangent + cohesive `tangent`).
    @inlinable public func residual(_ u: [Double], loadFactor: Double, history: [Double],
                         tangent: CohesiveTangent?) throws -> (residual: [Double], values: [Double]?) {
        var (r, values) = try bulk.residualAndTangent(u, loadFactor: loadFactor, tangent: tangent != nil)
        var force = [Double](repeating: 0, count: u.count)
        var v = values ?? []
        addCohesive(u, history: history, tangent: tangent, force: &force, values: &v)
        let equation = bulk.dofMap.equation
        for k in 0..<force.count where equation[k] >= 0 { r[Int(equation[k])] += force[k] }
        return (r, tangent != nil ? v : nil)
    }

    /// Total internal force (bulk + cohesive) at every dof of the full vector u, eV/Å: at
    /// constrained dofs these are the reactions.
    @inlinable public func internalForce(_ u: [Double], history: [Double]) throws -> [Double] {
        var f = try bulk.internalForce(u, linearized: false)
        var none: [Double] = []
        addCohesive(u, history: history, tangent: nil, force: &f, values: &none)
        return f
    }

    /// History after accepting state u: λmax ← max(λmax, λ(R δ_q)).
    @inlinable public func updatedHistory(_ u: [Double], history: [Double]) -> [Double] {
        var h = history
        let nq = interface.pointsPerElement
        for e in 0..<interface.count { for q in 0..<nq {
            h[e * nq + q] = max(h[e * nq + q], law.historyVariable(opening: interface.localOpening(element: e, point: q, displacement: u)))
        } }
        return h
    }

    /// Bulk strain, recoverable cohesive and dissipated energies at u with history λmax.
    @inlinable public func energies(_ u: [Double], history: [Double]) throws -> CohesiveEnergies {
        var bulkEnergy = 0.0
        let d = bulk.dimension
        for (b, block) in bulk.mesh.cells.enumerated() {
            let geo = bulk.geometry[b], nn = block.type.nodeCount, nq = geo.table.rule.count
            for cell in 0..<block.count { for q in 0..<nq {
                let base = (cell * nq + q) * nn * d
                var h = Mat3.zero
                for a in 0..<nn {
                    let node = Int(block.connectivity[cell * nn + a])
                    for i in 0..<d { for j in 0..<d { h[i, j] += u[node * d + i] * geo.gradients[base + a * d + j] } }
                }
                bulkEnergy += geo.measures[cell * nq + q] * (try bulk.material.response(at: .identity + h, request: .energy).energyDensity)
            } }
        }
        var stored = 0.0, dissipated = 0.0
        let nq = interface.pointsPerElement
        for e in 0..<interface.count { for q in 0..<nq {
            let m = interface.measures[e * nq + q]
            let local = interface.localOpening(element: e, point: q, displacement: u)
            let split = law.energySplit(opening: local, history: history[e * nq + q])
            stored += m * split.stored
            dissipated += m * split.dissipated
        } }
        return CohesiveEnergies(bulkStrain: bulkEnergy, cohesiveStored: stored, dissipated: dissipated)
    }
}
