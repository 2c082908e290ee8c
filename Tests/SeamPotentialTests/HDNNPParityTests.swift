import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Energies of the shipped n2p2 potentials against n2p2's own regression values
/// (shared/data/README.md), per atom in each potential's own energy unit.
struct HDNNPParityTests {
    struct Reference: Sendable, CustomStringConvertible {
        var fixture: HDNNPFixtures.Case
        var file: String
        var atoms: Int
        var energy: Double
        var description: String { "\(fixture.potential)/\(file)" }
    }
    static let references = [
        Reference(fixture: HDNNPFixtures.water, file: "input.data.h2o_360_liquid", atoms: 1080, energy: -2.7564547347815904E+04),
        Reference(fixture: HDNNPFixtures.cu2s, file: "input.data.cu2s_144", atoms: 144, energy: -5.7365603183874578E+02),
        Reference(fixture: HDNNPFixtures.dmabn, file: "input.data.dmabn_21", atoms: 21, energy: -7.6864264790108564E+01),
    ]

    @Test("total energy matches n2p2's regression value to 1e-10 per atom", arguments: references)
    func energyParity(_ r: Reference) throws {
        let p = try HDNNPFixtures.potential(r.fixture)
        let s = try HDNNPFixtures.structure(r.fixture, r.file)
        #expect(s.count == r.atoms)
        let e = try p.energy(s) / r.fixture.energy.inElectronvolt
        let perAtom = abs(e - r.energy) / Double(r.atoms)
        print("parity \(r): E = \(e), reference \(r.energy), |dE|/N = \(perAtom)")
        #expect(perAtom < 1e-10)
    }
}
