import SeamCore
import SeamCohesive

/// The adhesive rigid cylinder acting on atoms: a one-body field that applies a `CohesiveLaw`
/// per area to each surface atom i with its share A_i of the surface area (Å^2),
///   E = Σ_i A_i [φ(g_i) - W],   g_i = |x_i - c| - R,
///   F_i = -∂E/∂x_i = -A_i T(g_i) n_i,   n_i = (x_i - c)/|x_i - c| (in-plane),
/// with φ the normal part of the law (eV/Å^2), T = dφ/dδ (eV/Å^3), W its work of separation
/// (so E = 0 for separated bodies) and c the cylinder's axis (z direction) at
/// (axisX, surfaceHeight - depth + R).
///
/// Why a field on atoms with area weights: the law is an energy per area of surface (derived
/// from the same potential, `LawDerivation.rigid`); the mesh surface integrates it with
/// `SurfacePoint`s (`RigidCylinderAdhesion`), and an atom of the top layer stands for the
/// surface area it tiles (a_x c_z / atoms per surface cell). The gap is the same as the mesh
/// surface's (`RigidCylinderAdhesion.gap`): the mesh's top nodes sit on the top atom layer.
/// Units: Å, eV, eV/Å.
public struct RigidCylinderField<L: CohesiveLaw>: Sendable {
    public var law: L
    /// Cylinder radius R, Å.
    public var radius: Double
    /// x of the cylinder's axis, Å.
    public var axisX: Double
    /// Height of the undeformed surface (the top atom layer), Å.
    public var surfaceHeight: Double
    /// Indenter displacement d: depth of the cylinder's lowest point below the undeformed
    /// surface (negative: above it), Å.
    public var depth: Double
    /// Indices of the surface atoms the field acts on (in the structure it is evaluated on).
    public let atoms: [Int]
    /// Surface area A_i of each of them, Å^2.
    public let weights: [Double]

    /// - Throws: `InputError` when the lists differ in length, a weight is negative or not
    ///   finite, or the radius is not positive.
    public init(law: L, radius: Double, axisX: Double, surfaceHeight: Double, depth: Double, atoms: [Int], weights: [Double]) throws {
        guard radius > 0, radius.isFinite else { throw InputError("cylinder field: the radius must be positive (got \(radius) Å)") }
        guard atoms.count == weights.count else {
            throw InputError("cylinder field: \(atoms.count) atoms but \(weights.count) area weights")
        }
        if let k = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw InputError("cylinder field: the area weight of atom \(atoms[k]) is \(weights[k]) Å^2 (must be finite and non-negative)")
        }
        self.law = law; self.radius = radius; self.axisX = axisX; self.surfaceHeight = surfaceHeight; self.depth = depth
        self.atoms = atoms; self.weights = weights
    }

    /// The cylinder's axis, Å.
    public var center: Vec3 { RigidCylinderAdhesion<L>.center(axisX: axisX, surfaceHeight: surfaceHeight, depth: depth, radius: radius) }

    /// Energy (eV), forces on every atom of `positions` (eV/Å; zero on atoms the field does not
    /// act on) and the per-atom energies A_i [φ(g_i) - W] (eV, zero elsewhere).
    public func evaluate(_ positions: [Vec3]) -> (energy: Double, forces: [Vec3], atomEnergies: [Double]) {
        var forces = [Vec3](repeating: .zero, count: positions.count)
        var atomEnergies = [Double](repeating: 0, count: positions.count)
        let c = center, w0 = law.workOfSeparation
        var energy = 0.0
        for (k, i) in atoms.enumerated() {
            let (g, n, _) = RigidCylinderAdhesion<L>.gap(of: positions[i], center: c, radius: radius)
            let response = law.response(opening: Vec3(g, 0, 0))
            let e = weights[k] * (response.energy - w0)
            energy += e; atomEnergies[i] = e
            forces[i] = -(weights[k] * response.traction.x) * n
        }
        return (energy, forces, atomEnergies)
    }

    /// Force the surface exerts on the cylinder along y, Σ A_i T(g_i) n_{y,i} = ∂E/∂d (eV/Å for
    /// the slab's thickness; positive: compressive, the surface pushes the cylinder up).
    public func cylinderForce(_ positions: [Vec3]) -> Double {
        let c = center
        var f = 0.0
        for (k, i) in atoms.enumerated() {
            let (g, n, _) = RigidCylinderAdhesion<L>.gap(of: positions[i], center: c, radius: radius)
            f += weights[k] * law.response(opening: Vec3(g, 0, 0)).traction.x * n.y
        }
        return f
    }

    /// Smallest gap over the field's atoms, Å.
    public func minimumGap(_ positions: [Vec3]) -> Double {
        let c = center
        return atoms.reduce(Double.infinity) { min($0, RigidCylinderAdhesion<L>.gap(of: positions[$1], center: c, radius: radius).g) }
    }
}
