import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// Small periodic Lennard-Jones data sets for training tests: perturbed fcc cells at several
/// lattice constants, labelled with `LennardJones` (ε = 0.0104 eV, σ = 2 Å, cutoff 5 Å).
enum LennardJonesData {
    static let potential = try! LennardJones(epsilon: 0.0104, sigma: 2.0, cutoff: 5.0, switchWidth: 1.0)
    /// fcc nearest-neighbour distance 2^(1/6) σ -> a = sqrt(2) 2^(1/6) σ.
    static let equilibriumLattice = 2.0.squareRoot() * pow(2.0, 1.0 / 6.0) * 2.0

    /// `count` configurations; lattice constants uniform in `latticeRange` (Å), Gaussian
    /// displacements of `displacement` Å, cells of 2x1x1 (8 atoms) or 2x2x1 (16 atoms).
    static func configurations(count: Int, latticeRange: ClosedRange<Double>, displacement: Double = 0.12,
                               seed: UInt64, element: Element = Element(symbol: "Ar")!,
                               second: Element? = nil) throws -> [TrainingConfiguration] {
        var rng = SeededGenerator(seed: seed)
        return try (0..<count).map { k in
            let a = latticeRange.lowerBound + rng.uniform() * (latticeRange.upperBound - latticeRange.lowerBound)
            var s = Crystal.fcc(element, a: a).replicated(2, k % 2 == 0 ? 1 : 2, 1)
            for i in 0..<s.count {
                s.positions[i] += displacement * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian())
                if let second, i % 3 == 0 { s.elements[i] = second }
            }
            let r = try potential.evaluate(s)
            return try TrainingConfiguration(structure: s, energy: r.energy, forces: r.forces, name: "LJ \(k) a=\(a)")
        }
    }
}
