import ArgumentParser
import CLapack
import Foundation
import SeamCore
import SeamDeck

/// The `seam` command: multiscale contact and fracture with neural-network potentials.
///
/// A thin layer: every subcommand parses its options, calls the library and prints results;
/// errors from the library (`InputError`, `NumericalError`) are printed with their location
/// and exit with a non-zero status.
public struct SeamCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "seam",
        abstract: "Multiscale simulation of contact and fracture with neural-network potentials (units: eV, Å, amu, fs; GPa in files).",
        discussion: """
            Start with `seam predict` to evaluate a potential on structures, `seam minimize` to relax \
            them, and `seam cohesive` to derive a traction-separation law from a potential; `seam check` \
            and `seam run` validate and run input decks (see examples/). Each \
            subcommand's --help explains its options with units.
            """,
        version: SeamCommand.versionString,
        subcommands: [PredictCommand.self, MinimizeCommand.self, CohesiveCommand.self, TrainCommand.self, LearnCommand.self, CheckCommand.self, RunCommand.self,
                      VerifyCommand.self, InfoCommand.self])

    public init() {}

    static var versionString: String { "seam 0.1.0" }

    /// Runs the command line; turns Seam's typed errors into located messages and exit code 1.
    public static func run(arguments: [String]? = nil) {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let e as InputError {
            FileHandle.standardError.write(Data("seam: \(e)\n".utf8))
            Foundation.exit(1)
        } catch let e as DeckErrors {
            FileHandle.standardError.write(Data("\(e)\n".utf8))
            Foundation.exit(1)
        } catch let e as NumericalError {
            FileHandle.standardError.write(Data("seam: \(e)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// `seam info`: version and numerical back-ends.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the version and the numerical libraries in use.")
    func run() throws {
        print(SeamCommand.versionString)
        print("OpenBLAS core: \(String(cString: openblas_get_corename()))  threads: \(openblas_get_num_threads())")
        print("units: energy eV, length Å, mass amu, time fs; stress GPa at files and the command line")
    }
}

/// Writes a line to standard error (progress and warnings).
func note(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
