import SeamCore
import SeamPotential
import SeamCohesive

/// A potential plus the adhesive rigid cylinder acting on its surface atoms
/// (`RigidCylinderField`): E = E_base + Σ_i A_i [φ(g_i) - W], forces and per-atom energies
/// summed (the field's energy is booked on its atom, so the per-atom energies still sum to E).
/// Virial: the base virial plus W_ab = Σ_i F_ia x_ib of the field (W = -∂E/∂ε with the atoms
/// strained homogeneously and the cylinder held).
///
/// Why a wrapper rather than an extra term in each solver: the coupled problem's atomistic
/// relaxations and the full-atomistic reference both relax atoms under a `Potential`, so one
/// conformance puts the cylinder into both with the same code. Units: Å, eV, eV/Å.
public struct CylinderFieldPotential<P: Potential, L: CohesiveLaw>: Potential {
    public var base: P
    public var field: RigidCylinderField<L>

    public init(base: P, field: RigidCylinderField<L>) { self.base = base; self.field = field }

    public var cutoff: Double { base.cutoff }
    public var supportedElements: [Element]? { base.supportedElements }

    /// - Throws: `InputError` when the field names an atom the structure does not have;
    ///   errors of the base potential.
    public func evaluate(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        if let i = field.atoms.first(where: { $0 < 0 || $0 >= structure.count }) {
            throw InputError("the cylinder field acts on atom \(i) but the structure has \(structure.count) atoms")
        }
        var r = try base.evaluate(structure, neighbors: neighbors, request: request)
        let f = field.evaluate(structure.positions)
        r.energy += f.energy
        if !r.forces.isEmpty { for i in field.atoms { r.forces[i] += f.forces[i] } }
        if !r.atomEnergies.isEmpty { for i in field.atoms { r.atomEnergies[i] += f.atomEnergies[i] } }
        if request.contains(.virial) {
            for i in field.atoms {
                let x = structure.positions[i], g = f.forces[i]
                for a in 0..<3 { for b in 0..<3 { r.virial[a, b] += g[a] * x[b] } }
            }
        }
        return r
    }
}
