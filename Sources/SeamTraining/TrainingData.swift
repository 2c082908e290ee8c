import SeamCore
import SeamPotential

/// One labelled configuration for training: a structure with its reference total energy (eV)
/// and the reference force on every atom (eV/Å), typically from DFT.
public struct TrainingConfiguration: Sendable {
    /// Atoms and cell, Å.
    public var structure: Structure
    /// Reference total energy, eV.
    public var energy: Double
    /// Reference forces, eV/Å, one per atom.
    public var forces: [Vec3]
    /// Where it came from (file and entry), for messages.
    public var name: String

    /// Throws `InputError` naming the configuration when the force count differs from the atom
    /// count or a label is not finite.
    public init(structure: Structure, energy: Double, forces: [Vec3], name: String = "") throws {
        guard forces.count == structure.count else {
            throw InputError("configuration '\(name)' has \(structure.count) atoms but \(forces.count) forces")
        }
        guard energy.isFinite else { throw InputError("configuration '\(name)' has a non-finite energy \(energy)") }
        if let bad = forces.firstIndex(where: { !$0.isFinite }) {
            throw InputError("configuration '\(name)': force on atom \(bad) is not finite (\(forces[bad]))")
        }
        self.structure = structure; self.energy = energy; self.forces = forces; self.name = name
    }
}

/// A data set split by configuration into training and validation parts.
public struct DataSplit: Sendable {
    public var training: [TrainingConfiguration]
    public var validation: [TrainingConfiguration]

    /// Splits `configurations` at random (fixed `seed`): about `validationFraction` of them,
    /// rounded, go to validation, at least one when the fraction is positive and there are two
    /// or more configurations. Order within each part follows the input order.
    public init(_ configurations: [TrainingConfiguration], validationFraction: Double, seed: UInt64) throws {
        guard validationFraction >= 0 && validationFraction < 1 else {
            throw InputError("validation fraction must be in [0, 1), got \(validationFraction)")
        }
        var count = Int((validationFraction * Double(configurations.count)).rounded())
        if validationFraction > 0 && configurations.count >= 2 { count = max(1, count) }
        count = min(count, configurations.count - 1)
        var rng = SeededGenerator(seed: seed)
        var order = Array(configurations.indices)
        order.shuffle(using: &rng)
        let chosen = Set(order.prefix(max(0, count)))
        training = configurations.indices.filter { !chosen.contains($0) }.map { configurations[$0] }
        validation = configurations.indices.filter { chosen.contains($0) }.map { configurations[$0] }
    }

    public init(training: [TrainingConfiguration], validation: [TrainingConfiguration]) {
        self.training = training; self.validation = validation
    }
}
