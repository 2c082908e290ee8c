import SeamCore
import SeamPotential

/// Energy and force errors of predictions against reference labels, the figures potentials
/// are compared by (Zuo et al., J. Phys. Chem. A 124, 731 (2020), tables 2-3 use the same
/// definitions): energy per atom, RMSE = sqrt(mean_c ((E_c - E_c^ref)/N_c)^2) and MAE =
/// mean_c |E_c - E_c^ref|/N_c over configurations c; forces per Cartesian component, RMSE =
/// sqrt(mean_{c,i,k} (F_cik - F_cik^ref)^2) and MAE likewise, over all atoms of all
/// configurations. Units: eV/atom and eV/Å.
public struct PredictionErrors: Sendable, Equatable {
    /// Energy-per-atom root mean square and mean absolute errors, eV/atom.
    public var energyRMSE: Double, energyMAE: Double
    /// Force-component root mean square and mean absolute errors, eV/Å.
    public var forceRMSE: Double, forceMAE: Double
    /// Number of configurations and of force components (3 per atom) averaged over.
    public var configurations: Int, forceComponents: Int

    /// Accumulates errors from predicted energies (eV) and forces (eV/Å), one entry per
    /// configuration, against the labels of `references`.
    public init(energies: [Double], forces: [[Vec3]], references: [TrainingConfiguration]) {
        precondition(energies.count == references.count && forces.count == references.count, "one prediction per reference configuration")
        var e2 = 0.0, e1 = 0.0, f2 = 0.0, f1 = 0.0, components = 0
        for (k, c) in references.enumerated() {
            let de = (energies[k] - c.energy) / Double(c.structure.count)
            e2 += de * de; e1 += abs(de)
            precondition(forces[k].count == c.forces.count, "one force per atom")
            for (f, r) in zip(forces[k], c.forces) {
                let d = f - r
                f2 += d.normSquared; f1 += abs(d.x) + abs(d.y) + abs(d.z); components += 3
            }
        }
        let nc = Double(max(1, references.count)), nf = Double(max(1, components))
        energyRMSE = (e2 / nc).squareRoot(); energyMAE = e1 / nc
        forceRMSE = (f2 / nf).squareRoot(); forceMAE = f1 / nf
        configurations = references.count; forceComponents = components
    }

    /// Evaluates `potential` (energy and forces) on every configuration and returns its errors.
    public static func measure(_ potential: some Potential, on references: [TrainingConfiguration]) throws -> PredictionErrors {
        let results = try references.map { try potential.evaluate($0.structure, request: [.energy, .forces]) }
        return PredictionErrors(energies: results.map(\.energy), forces: results.map(\.forces), references: references)
    }
}
