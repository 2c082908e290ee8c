import ArgumentParser
import Foundation
import SeamCore
import SeamIO
import SeamPotential

/// `seam predict`: energies, forces and stress of every frame, written as extended XYZ.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Evaluate a potential on structures: energy (eV), forces (eV/Å), stress (periodic, eV/Å^3 as ASE writes it).",
        discussion: """
            IN is extended XYZ (Å) or n2p2 input.data (in the potential's length unit). OUT is \
            extended XYZ in Å and eV that ASE and OVITO read, with per-atom energies and \
            extrapolation flags, and per frame the number of extrapolation warnings; for a committee \
            (a directory of member-K folders, or --potential repeated) also the energy spread (eV) \
            and the largest force disagreement between members (eV/Å). \
            Example: seam predict --potential examples/potentials/Si-seam-committee in.xyz -o out.xyz
            """)

    @OptionGroup var potentialOptions: PotentialOptions

    @Argument(help: "Input structures (extended XYZ or n2p2 input.data).")
    var input: String

    @Option(name: .shortAndLong, help: "Output extended XYZ file.")
    var output: String

    @Option(name: .long, help: "Stop with an error when a frame has more extrapolation warnings than this (default: warn only).")
    var maxExtrapolations: Int?

    func run() throws {
        let potential = try potentialOptions.load()
        let scale = (potentialOptions.lengthUnit ?? (potential as? HDNNP)?.lengthUnit ?? (potential as? Committee)?.lengthUnit ?? .angstrom).inAngstrom
        let frames = try readStructures(input, n2p2LengthScale: scale)
        var out: [ExtendedXYZ.Frame] = []
        for (k, frame) in frames.enumerated() {
            let s = frame.structure
            try s.checkOverlaps()
            // A committee also reports its disagreement (the uncertainty estimate).
            let committeeResult = try (potential as? Committee)?.evaluateCommittee(s, request: .all)
            let result = try committeeResult?.mean ?? potential.evaluate(s, request: .all)
            try result.checkFinite()
            var f = ExtendedXYZ.Frame(structure: s, energy: result.energy, forces: result.forces, info: frame.info)
            if s.isBulk { f.stress = result.stress(volume: s.volume) }
            var flags = [Int](repeating: 0, count: s.count)
            for w in result.extrapolationWarnings { flags[w.atom] = 1 }
            f.atomProperties = [
                .init(name: "energies", width: 1, values: .real(result.atomEnergies)),
                .init(name: "extrapolation", width: 1, values: .integer(flags)),
            ]
            f.info["extrapolation_warnings"] = String(result.extrapolationCount)
            if let c = committeeResult {
                f.info["committee_energy_spread"] = String(c.energySpread)
                f.info["committee_force_disagreement"] = String(c.maximumForceDisagreement)
            }
            out.append(f)
            let fmax = result.forces.map(\.norm).max() ?? 0
            print(String(format: "frame %d: %d atoms  E = %.8f eV  (%.6f eV/atom)  max |F| = %.4f eV/Å  extrapolation warnings: %d",
                         k, s.count, result.energy, result.energy / Double(max(1, s.count)), fmax, result.extrapolationCount))
            if let c = committeeResult {
                print(String(format: "  committee of %d: energy spread %.6f eV (%.6f eV/atom), max force disagreement %.4f eV/Å",
                             c.memberEnergies.count, c.energySpread, c.energySpread / Double(max(1, s.count)), c.maximumForceDisagreement))
            }
            for w in result.extrapolationWarnings.prefix(5) { note("warning: frame \(k): \(w)") }
            if let limit = maxExtrapolations, result.extrapolationCount > limit {
                throw InputError("frame \(k) has \(result.extrapolationCount) extrapolation warnings (limit \(limit))", at: SourceLocation(source: input))
            }
        }
        try ExtendedXYZ.write(out, to: URL(fileURLWithPath: output))
        print("wrote \(out.count) frame(s) to \(output)")
    }
}
