import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO
import SeamTestSupport

@Suite struct DatasetTests {
    @Test func mlearnSiliconTrainingSetParsesWithEnergiesAndForces() throws {
        let train = try MlearnData.read(ReferenceData.url("mlearn/Si/training.json"))
        let test = try MlearnData.read(ReferenceData.url("mlearn/Si/test.json"))
        #expect(train.count == 214)
        #expect(test.count == 25)
        let first = train[0]
        #expect(first.structure.count == 63)
        #expect(first.energy == -295.49753016)
        #expect(first.forces[0] == Vec3(-2.98187262, 0.6069187, 3.48143607))
        // Net force of a periodic DFT cell is close to zero.
        let net = first.forces.reduce(Vec3.zero, +)
        #expect(net.norm < 1e-2)
        // Energies per atom of silicon near the PBE cohesive range.
        for c in train { let e = c.energy / Double(c.structure.count); #expect(e > -6 && e < -4) }
    }

    @Test func mlearnErrorsNameTheEntry() {
        let text = #"[{"structure": {"lattice": {"matrix": [[5,0,0],[0,5,0],[0,0,5]]}, "sites": []}, "outputs": {"forces": []}}]"#
        #expect(throws: InputError.self) { try MlearnData.parse(text, source: "x.json") }
        do { _ = try MlearnData.parse(text, source: "x.json") } catch let e as InputError {
            #expect(e.message.contains("entry 0") && e.message.contains("outputs.energy"))
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func inputDataConvertsUnitsToElectronvoltAndAngstrom() throws {
        let text = """
        begin
        lattice 10 0 0
        lattice 0 10 0
        lattice 0 0 10
        atom 1 1 1 H 0 0 0.5 0 0
        atom 2 1 1 H 0 0 -0.5 0 0
        energy -1.0
        charge 0
        end
        """
        let configs = try N2P2Data.parse(text, source: "input.data")
        let t = try N2P2Data.trainingConfigurations(configs, source: "input.data", lengthUnit: .bohr, energyUnit: .hartree)
        #expect(abs(t[0].energy - -Units.evPerHartree) < 1e-12)
        #expect(abs(t[0].forces[0].x - 0.5 * Units.evPerHartree / Units.angstromPerBohr) < 1e-12)
        #expect(abs(t[0].structure.cell.r0.x - 10 * Units.angstromPerBohr) < 1e-12)
    }

    @Test func splitIsByConfigurationReproducibleAndComplete() throws {
        let data = try LennardJonesData.configurations(count: 20, latticeRange: 3.0...3.4, seed: 1)
        let a = try DataSplit(data, validationFraction: 0.25, seed: 42)
        let b = try DataSplit(data, validationFraction: 0.25, seed: 42)
        let c = try DataSplit(data, validationFraction: 0.25, seed: 43)
        #expect(a.validation.count == 5 && a.training.count == 15)
        #expect(a.validation.map(\.name) == b.validation.map(\.name))
        #expect(a.validation.map(\.name) != c.validation.map(\.name))
        #expect(Set(a.training.map(\.name)).union(a.validation.map(\.name)) == Set(data.map(\.name)))
    }

    @Test func referenceEnergiesRecoverExactPerElementOffsets() throws {
        // E = 3 n_Ar - 7 n_Kr exactly: least squares must return the offsets.
        let data = try LennardJonesData.configurations(count: 6, latticeRange: 3.0...3.4, seed: 2, second: Element(symbol: "Kr")!)
        var varied: [TrainingConfiguration] = []
        for (k, c) in data.enumerated() {
            var s = c.structure
            if k % 2 == 1 { s.elements[1] = Element(symbol: "Kr")! }   // vary the composition
            let nKr = Double(s.elements.filter { $0.symbol == "Kr" }.count)
            varied.append(try TrainingConfiguration(structure: s, energy: 3 * (Double(s.count) - nKr) - 7 * nKr, forces: c.forces))
        }
        let eps = try ReferenceEnergies.fit(varied, elements: [Element(symbol: "Ar")!, Element(symbol: "Kr")!])
        #expect(abs(eps[Element(symbol: "Ar")!]! - 3) < 1e-9)
        #expect(abs(eps[Element(symbol: "Kr")!]! + 7) < 1e-9)
    }
}
