import SeamCore
import SeamPotential
import SeamCohesive

/// An atomistic potential plus a cohesive law acting between the facing surface layers of two
/// bodies: E = E_atoms + A φ(δ), with δ the relative mean displacement of the two layers in
/// the interface frame (normal, t1, t2) and A the interface area.
///
/// Used with an `InteractionMask` that isolates the bodies, the law carries all the adhesion
/// between them (see the design notes on why it should be the rigid law). Forces of the
/// cohesive term: -A T/n_upper on each atom of the upper layer and +A T/n_lower on each atom of
/// the lower layer (T = ∂φ/∂δ in global axes), so they sum to zero. Virial W = Σ_i f_i ⊗ x_i of
/// those forces; per-atom energies share A φ equally among the layer atoms. Units: eV, Å.
public struct CohesiveInterfacePotential<P: Potential, L: CohesiveLaw>: Potential {
    public let base: P
    public let law: L
    /// Interface area A, Å^2.
    public let area: Double
    /// Unit normal (lower → upper) and two tangents completing a right-handed frame.
    public let normal: Vec3, tangent1: Vec3, tangent2: Vec3
    public let lowerLayer: [Int], upperLayer: [Int]
    /// Mean upper-layer position minus mean lower-layer position in the reference state, Å.
    public let referenceGap: Vec3

    public var cutoff: Double { base.cutoff }
    public var supportedElements: [Element]? { base.supportedElements }

    /// - Parameters: `reference`: the structure whose layer gap defines δ = 0.
    public init(base: P, law: L, area: Double, normal: Vec3, lowerLayer: [Int], upperLayer: [Int], reference: Structure) throws {
        guard !lowerLayer.isEmpty, !upperLayer.isEmpty else { throw InputError("both facing surface layers need atoms") }
        guard area > 0 else { throw InputError("interface area must be positive (got \(area) Å^2)") }
        guard (lowerLayer + upperLayer).allSatisfy({ $0 >= 0 && $0 < reference.count }) else {
            throw InputError("a surface-layer atom index lies outside the structure of \(reference.count) atoms")
        }
        self.base = base; self.law = law; self.area = area
        let n = normal.normalized
        let helper = abs(n.x) < 0.9 ? Vec3(1, 0, 0) : Vec3(0, 1, 0)
        let t1 = (helper - helper.dot(n) * n).normalized
        self.normal = n; tangent1 = t1; tangent2 = n.cross(t1)
        self.lowerLayer = lowerLayer; self.upperLayer = upperLayer
        referenceGap = Self.mean(upperLayer, reference.positions) - Self.mean(lowerLayer, reference.positions)
    }

    static func mean(_ atoms: [Int], _ x: [Vec3]) -> Vec3 {
        var s = Vec3.zero
        for i in atoms { s += x[i] }
        return (1.0 / Double(atoms.count)) * s
    }

    /// The opening δ in the interface frame (normal, t1, t2), Å.
    public func opening(_ s: Structure) -> Vec3 {
        let d = Self.mean(upperLayer, s.positions) - Self.mean(lowerLayer, s.positions) - referenceGap
        return Vec3(d.dot(normal), d.dot(tangent1), d.dot(tangent2))
    }

    /// The cohesive term alone: energy A φ (eV) and the law's response.
    public func cohesiveEnergy(_ s: Structure) -> Double { area * law.response(opening: opening(s)).energy }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, request: EvaluationRequest) throws -> PotentialResult {
        var r = try base.evaluate(structure, neighbors: neighbors, request: request)
        let response = law.response(opening: opening(structure))
        let t = response.traction.x * normal + response.traction.y * tangent1 + response.traction.z * tangent2
        let e = area * response.energy
        r.energy += e
        let fu = (-area / Double(upperLayer.count)) * t, fl = (area / Double(lowerLayer.count)) * t
        if request.contains(.forces) {
            for i in upperLayer { r.forces[i] += fu }
            for i in lowerLayer { r.forces[i] += fl }
        }
        if request.contains(.virial) {
            for i in upperLayer { r.virial += fu.outer(structure.positions[i]) }
            for i in lowerLayer { r.virial += fl.outer(structure.positions[i]) }
        }
        if request.contains(.atomEnergies) {
            let share = e / Double(upperLayer.count + lowerLayer.count)
            for i in upperLayer + lowerLayer { r.atomEnergies[i] += share }
        }
        return r
    }
}
