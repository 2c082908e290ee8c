import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// Reader of the mlearn data sets (github.com/materialsvirtuallab/mlearn, `data/<El>/*.json`):
/// a JSON array of entries, each with a pymatgen `Structure` (`structure.lattice.matrix` rows
/// in Å, `structure.sites[].xyz` Cartesian Å, `species[0].element`) and `outputs.energy`
/// (total, eV) and `outputs.forces` (eV/Å, one triple per site).
///
/// Hand-written over `JSONSerialization` because pymatgen's schema has many optional fields we
/// ignore; errors name the entry (0-based) and the missing field.
public enum MlearnData {
    /// Parses the text of an mlearn JSON file. `source` names it in errors and configuration names.
    public static func parse(_ text: String, source: String) throws -> [TrainingConfiguration] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw InputError("not valid JSON: \(error.localizedDescription)", at: SourceLocation(source: source))
        }
        guard let entries = object as? [Any] else {
            throw InputError("expected a JSON array of entries at the top level", at: SourceLocation(source: source))
        }
        return try entries.enumerated().map { index, raw in
            let at = SourceLocation(source: source)
            func fail(_ what: String) -> InputError { InputError("entry \(index): \(what)", at: at) }
            func number(_ x: Any?) -> Double? { (x as? NSNumber)?.doubleValue }
            func triple(_ x: Any?, _ what: String) throws -> Vec3 {
                guard let a = x as? [Any], a.count == 3, let u = number(a[0]), let v = number(a[1]), let w = number(a[2]) else {
                    throw fail("\(what) is not a list of three numbers")
                }
                return Vec3(u, v, w)
            }
            guard let entry = raw as? [String: Any] else { throw fail("not a JSON object") }
            guard let structure = entry["structure"] as? [String: Any] else { throw fail("missing 'structure'") }
            guard let lattice = structure["lattice"] as? [String: Any], let matrix = lattice["matrix"] as? [Any], matrix.count == 3 else {
                throw fail("missing 'structure.lattice.matrix' (three rows)")
            }
            let rows = try matrix.enumerated().map { try triple($1, "lattice row \($0)") }
            guard let sites = structure["sites"] as? [Any] else { throw fail("missing 'structure.sites'") }
            var elements: [Element] = [], positions: [Vec3] = []
            for (k, s) in sites.enumerated() {
                guard let site = s as? [String: Any] else { throw fail("site \(k) is not an object") }
                positions.append(try triple(site["xyz"], "site \(k) 'xyz'"))
                guard let species = site["species"] as? [Any], species.count == 1,
                      let sp = species[0] as? [String: Any], let symbol = sp["element"] as? String else {
                    throw fail("site \(k) needs exactly one species with an 'element'")
                }
                if let occ = number(sp["occu"]), occ != 1 { throw fail("site \(k) has partial occupancy \(occ)") }
                elements.append(try Element.parse(symbol, at: at))
            }
            guard let outputs = entry["outputs"] as? [String: Any] else { throw fail("missing 'outputs'") }
            guard let energy = number(outputs["energy"]) else { throw fail("missing 'outputs.energy'") }
            guard let forceList = outputs["forces"] as? [Any] else { throw fail("missing 'outputs.forces'") }
            let forces = try forceList.enumerated().map { try triple($1, "force \($0)") }
            let s: Structure
            do {
                s = try Structure(elements: elements, positions: positions, cell: Mat3(rows: rows[0], rows[1], rows[2]),
                                  periodic: [true, true, true])
            } catch let e as InputError { throw fail(e.message) }
            // Name: "file#index (group: description)", e.g. "(Surface: Si_surface_mp/Si_mp-149_(1_1_1))".
            let labels = [entry["group"] as? String, entry["description"] as? String].compactMap { $0 }.filter { !$0.isEmpty }
            let group = labels.isEmpty ? "" : " (" + labels.joined(separator: ": ") + ")"
            do {
                return try TrainingConfiguration(structure: s, energy: energy, forces: forces,
                                                 name: "\(source)#\(index)\(group)")
            } catch let e as InputError { throw InputError(e.message, at: at) }
        }
    }

    /// Reads an mlearn JSON file.
    public static func read(_ url: URL) throws -> [TrainingConfiguration] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read mlearn data: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try parse(text, source: url.path)
    }
}

extension N2P2Data {
    /// Converts parsed `input.data` structures into training configurations in eV and Å.
    ///
    /// - Parameters:
    ///   - lengthUnit, energyUnit: the file's units (n2p2 files carry none).
    /// - Throws: `InputError` at the structure's `begin` line when it has no `energy`.
    public static func trainingConfigurations(_ configurations: [N2P2Configuration], source: String,
                                              lengthUnit: LengthUnit, energyUnit: EnergyUnit) throws -> [TrainingConfiguration] {
        let l = lengthUnit.inAngstrom, e = energyUnit.inElectronvolt
        return try configurations.map { c in
            let at = SourceLocation(source: source, line: c.line)
            guard let energy = c.energy else { throw InputError("structure has no 'energy' line; training needs one", at: at) }
            do {
                return try TrainingConfiguration(structure: l == 1 ? c.structure : c.structure.scaledLengths(by: l),
                                                 energy: energy * e, forces: c.forces.map { $0 * (e / l) },
                                                 name: "\(source):\(c.line)")
            } catch let err as InputError { throw InputError(err.message, at: at) }
        }
    }
}
