import ArgumentParser
import Foundation
import SeamCore
import SeamIO
import SeamNumerics
import SeamPotential

/// `seam minimize`: relax atomic positions (and optionally the cell) of every frame.
struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Relax structures to a local energy minimum (positions, optionally the periodic cell at a pressure in GPa).",
        discussion: """
            Uses L-BFGS (default) or FIRE until the largest force component is below --fmax (eV/Å). \
            With --relax-cell the cell of a fully periodic structure relaxes too, at --pressure GPa. \
            Writes the relaxed frames as extended XYZ with energy, forces and stress. \
            Example: seam minimize --potential examples/potentials/Si-seam-committee examples/structures/si-vacancy.xyz -o relaxed.xyz
            """)

    enum Algorithm: String, ExpressibleByArgument { case lbfgs, fire }

    @OptionGroup var potentialOptions: PotentialOptions
    @Argument(help: "Input structures (extended XYZ or n2p2 input.data).") var input: String
    @Option(name: .shortAndLong, help: "Output extended XYZ file.") var output: String
    @Option(help: "Force tolerance, eV/Å.") var fmax: Double = 0.01
    @Option(help: "Maximum iterations.") var maxSteps: Int = 2000
    @Option(help: "Minimiser: lbfgs or fire.") var algorithm: Algorithm = .lbfgs
    @Flag(help: "Also relax the periodic cell.") var relaxCell = false
    @Option(help: "External pressure for --relax-cell, GPa.") var pressure: Double = 0
    @Option(help: "Indices (0-based, comma-separated) of atoms to hold fixed.") var fixed: String?

    func run() throws {
        let potential = try potentialOptions.load()
        let scale = (potentialOptions.lengthUnit ?? (potential as? HDNNP)?.lengthUnit ?? (potential as? Committee)?.lengthUnit ?? .angstrom).inAngstrom
        let frames = try readStructures(input, n2p2LengthScale: scale)
        let held = try Set((fixed ?? "").split(separator: ",").map { t -> Int in
            guard let i = Int(t.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--fixed: '\(t)' is not an atom index") }
            return i
        })
        var out: [ExtendedXYZ.Frame] = []
        for (k, frame) in frames.enumerated() {
            try frame.structure.checkOverlaps()
            let progress: (MinimizationProgress) -> Void = { p in
                if p.iteration % 10 == 0 {
                    note(String(format: "frame %d step %4d  E = %.8f eV  max force %.3e eV/Å", k, p.iteration, p.value, p.maxForce))
                }
            }
            let result: Relaxation.Result
            switch (algorithm, relaxCell) {
            case (.lbfgs, false):
                result = try Relaxation.relaxPositions(frame.structure, potential: potential, minimizer: LBFGS(forceTolerance: fmax, maxIterations: maxSteps), fixed: held, progress: progress)
            case (.fire, false):
                result = try Relaxation.relaxPositions(frame.structure, potential: potential, minimizer: FIRE(forceTolerance: fmax, maxIterations: maxSteps), fixed: held, progress: progress)
            case (.lbfgs, true):
                result = try Relaxation.relaxCell(frame.structure, potential: potential, minimizer: LBFGS(forceTolerance: fmax, maxIterations: maxSteps),
                                                  pressure: Units.evPerCubicAngstrom(fromGigapascal: pressure), fixed: held, progress: progress)
            case (.fire, true):
                result = try Relaxation.relaxCell(frame.structure, potential: potential, minimizer: FIRE(forceTolerance: fmax, maxIterations: maxSteps),
                                                  pressure: Units.evPerCubicAngstrom(fromGigapascal: pressure), fixed: held, progress: progress)
            }
            let final = try potential.evaluate(result.structure, request: [.energy, .forces, .virial])
            var f = ExtendedXYZ.Frame(structure: result.structure, energy: final.energy, forces: final.forces, info: frame.info)
            if result.structure.isBulk { f.stress = final.stress(volume: result.structure.volume) }
            f.info["converged"] = result.converged ? "T" : "F"
            out.append(f)
            print(String(format: "frame %d: E = %.8f eV after %d iterations, max force %.3e eV/Å%@", k, final.energy, result.iterations,
                         result.maxForce, result.converged ? "" : " (NOT converged)"))
            if relaxCell, let s = result.stress {
                print(String(format: "  stress diagonal %.4f %.4f %.4f GPa", Units.gigapascal(fromEvPerCubicAngstrom: s[0, 0]),
                             Units.gigapascal(fromEvPerCubicAngstrom: s[1, 1]), Units.gigapascal(fromEvPerCubicAngstrom: s[2, 2])))
            }
        }
        try ExtendedXYZ.write(out, to: URL(fileURLWithPath: output))
        print("wrote \(out.count) frame(s) to \(output)")
    }
}
