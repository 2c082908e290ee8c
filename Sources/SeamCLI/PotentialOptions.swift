import ArgumentParser
import Foundation
import SeamCore
import SeamIO
import SeamPotential

extension LengthUnit: ExpressibleByArgument {}
extension EnergyUnit: ExpressibleByArgument {}

/// Options that choose a potential: an n2p2 directory (HDNNP), several (a committee), or
/// Lennard-Jones parameters.
struct PotentialOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("n2p2 potential directory (input.nn, scaling.data, weights.ZZZ.data), or a committee directory with member-0, member-1, ... subdirectories; repeat for a committee of single directories.", valueName: "dir"))
    var potential: [String] = []

    @Option(name: .long, help: "Length unit of the n2p2 files (angstrom|bohr); overrides seam-units.txt beside the potential.")
    var lengthUnit: LengthUnit?

    @Option(name: .long, help: "Energy unit of the n2p2 files (ev|hartree); overrides seam-units.txt beside the potential.")
    var energyUnit: EnergyUnit?

    @Option(name: .customLong("lj"), help: ArgumentHelp("Lennard-Jones instead: 'epsilon,sigma,cutoff' in eV and Å (switched over the last 20% of the cutoff).", valueName: "e,s,rc"))
    var lennardJones: String?

    @Option(name: .long, help: "Threads for the potential (default: all cores).")
    var threads: Int?

    func validate() throws {
        if potential.isEmpty && lennardJones == nil {
            throw ValidationError("give a potential: --potential DIR (n2p2) or --lj epsilon,sigma,cutoff")
        }
        if !potential.isEmpty && lennardJones != nil { throw ValidationError("--potential and --lj exclude each other") }
    }

    /// A human-readable name of the chosen potential.
    var name: String { lennardJones.map { "lj:\($0)" } ?? potential.joined(separator: ",") }

    /// Loads the potential.
    func load() throws -> any Potential {
        if let lj = lennardJones {
            let v = lj.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard v.count == 3, let e = v[0], let s = v[1], let rc = v[2] else {
                throw InputError("--lj needs three numbers 'epsilon,sigma,cutoff', got '\(lj)'")
            }
            return try LennardJones(epsilon: e, sigma: s, cutoff: rc, switchWidth: 0.2 * rc)
        }
        let urls = potential.map { URL(fileURLWithPath: $0) }
        if urls.count == 1 {
            return try N2P2PotentialLoader.loadAny(directory: urls[0], lengthUnit: lengthUnit, energyUnit: energyUnit, threadCount: threads)
        }
        return try N2P2PotentialLoader.loadCommittee(directories: urls, lengthUnit: lengthUnit, energyUnit: energyUnit, threadCount: threads)
    }
}

/// Reads structures from extended XYZ (Å) or n2p2 `input.data` (the potential's length unit,
/// converted to Å with `lengthScale`). Returns frames with any reference data.
func readStructures(_ path: String, n2p2LengthScale: Double) throws -> [ExtendedXYZ.Frame] {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        throw InputError("cannot read '\(path)'", at: SourceLocation(source: path))
    }
    let firstToken = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
    if firstToken == "begin" || url.lastPathComponent.hasPrefix("input.data") || url.pathExtension == "data" {
        return try N2P2Data.parse(text, source: path).map { c in
            ExtendedXYZ.Frame(structure: c.structure.scaledLengths(by: n2p2LengthScale), info: c.comment.isEmpty ? [:] : ["comment": c.comment])
        }
    }
    return try ExtendedXYZ.parse(text, source: path)
}
