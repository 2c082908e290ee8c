import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// One labelled structure of an mlearn `test.json` (pymatgen JSON): Å, eV, eV/Å.
struct MlearnEntry {
    var structure: Structure
    var energy: Double
    var forces: [Vec3]
    var group: String

    /// Reads `test.json` / `training.json`: a list of {structure: {lattice: {matrix}, sites:
    /// [{species: [{element}], xyz}]}, outputs: {energy, forces}, group}.
    static func read(_ url: URL) throws -> [MlearnEntry] {
        let data = try Data(contentsOf: url)
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { throw InputError("not a list", at: SourceLocation(source: url.path)) }
        return try list.map { item in
            let st = item["structure"] as! [String: Any]
            let m = (st["lattice"] as! [String: Any])["matrix"] as! [[Double]]
            let sites = st["sites"] as! [[String: Any]]
            let elements = try sites.map { try Element.parse(((($0["species"] as! [[String: Any]])[0])["element"] as! String)) }
            let positions = sites.map { s -> Vec3 in let x = s["xyz"] as! [Double]; return Vec3(x[0], x[1], x[2]) }
            let cell = Mat3(rows: Vec3(m[0][0], m[0][1], m[0][2]), Vec3(m[1][0], m[1][1], m[1][2]), Vec3(m[2][0], m[2][1], m[2][2]))
            let out = item["outputs"] as! [String: Any]
            let f = (out["forces"] as! [[Double]]).map { Vec3($0[0], $0[1], $0[2]) }
            return MlearnEntry(structure: try Structure(elements: elements, positions: positions, cell: cell, periodic: [true, true, true]),
                               energy: out["energy"] as! Double, forces: f, group: item["group"] as? String ?? "")
        }
    }
}

struct HDNNPMlearnTests {
    /// Sanity check of the whole chain (units, parsers, cutoff type 1, atom_energy offsets):
    /// on the structures inside the training range (no extrapolation warning) the energy RMSE
    /// is below 15 meV/atom and the force RMSE below 0.3 eV/Å (Zuo et al. report a few
    /// meV/atom and 0.1-0.2 eV/Å). Strained Cu/Ni "Elastic" cells extrapolate and miss by
    /// 0.1-0.2 eV/atom, so they are excluded, and at least 2/3 of each set must remain.
    @Test("mlearn potentials (Bohr/Hartree files) reproduce their DFT test labels inside the training range",
          arguments: ["Si", "Ge", "Mo", "Cu", "Ni", "Li"])
    func testSetEnergies(_ element: String) throws {
        let p = try N2P2PotentialLoader.load(directory: ReferenceData.url("mlearn/\(element)/nnp"), lengthUnit: .bohr, energyUnit: .hartree)
        let entries = try MlearnEntry.read(ReferenceData.url("mlearn/\(element)/test.json"))
        var sum = 0.0, fsum = 0.0, fcount = 0.0, used = 0
        for e in entries {
            let r = try p.evaluate(e.structure, request: [.energy, .forces])
            guard r.extrapolationCount == 0 else { continue }
            let d = (r.energy - e.energy) / Double(e.structure.count)
            sum += d * d; used += 1
            for (a, b) in zip(r.forces, e.forces) { fsum += (a - b).normSquared; fcount += 3 }
        }
        let rmse = (sum / Double(used)).squareRoot()
        let frmse = (fsum / fcount).squareRoot()
        print("mlearn \(element): \(used) of \(entries.count) structures in range, energy RMSE \(rmse * 1000) meV/atom, force RMSE \(frmse) eV/Å")
        #expect(3 * used >= 2 * entries.count)
        #expect(rmse < 0.015)
        #expect(frmse < 0.3)
    }

    /// Units are declared, never guessed: reading the same files as Å/eV gives nonsense.
    @Test("declaring the wrong units for an mlearn potential is off by far more than its accuracy")
    func wrongUnitsAreWrong() throws {
        let p = try N2P2PotentialLoader.load(directory: ReferenceData.url("mlearn/Si/nnp"), lengthUnit: .angstrom, energyUnit: .ev)
        let e = try MlearnEntry.read(ReferenceData.url("mlearn/Si/test.json"))[0]
        #expect(abs(try p.energy(e.structure) - e.energy) / Double(e.structure.count) > 0.5)
    }
}
