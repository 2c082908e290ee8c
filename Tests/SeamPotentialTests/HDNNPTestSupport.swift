import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Shared fixtures of the HDNNP tests: the shipped n2p2 potentials with their declared units
/// (from their READMEs) and their configurations converted to Å.
enum HDNNPFixtures {
    struct Case: Sendable, CustomStringConvertible {
        var potential: String
        var length: LengthUnit
        var energy: EnergyUnit
        var description: String { potential }
    }
    static let water = Case(potential: "n2p2/H2O_RPBE-D3", length: .bohr, energy: .hartree)
    static let cu2s = Case(potential: "n2p2/Cu2S_PBE", length: .angstrom, energy: .ev)
    /// DMABN's units are not stated by n2p2 (Bohr/Hartree most likely); parity in the file's
    /// own units does not depend on the choice.
    static let dmabn = Case(potential: "n2p2/DMABN_SCAN", length: .bohr, energy: .hartree)
    /// mlearn potentials: internal units Bohr and Hartree (shared/data/mlearn/README.md).
    static let silicon = Case(potential: "mlearn/Si/nnp", length: .bohr, energy: .hartree)

    static func potential(_ c: Case, threads: Int? = nil) throws -> HDNNP {
        try N2P2PotentialLoader.load(directory: ReferenceData.url(c.potential), lengthUnit: c.length, energyUnit: c.energy, threadCount: threads)
    }

    /// The first structure of a data file of the case, converted to Å.
    static func structure(_ c: Case, _ file: String) throws -> Structure {
        let configs = try N2P2Data.read(ReferenceData.url(c.potential + "/" + file))
        return configs[0].structure.scaledLengths(by: c.length.inAngstrom)
    }
}
