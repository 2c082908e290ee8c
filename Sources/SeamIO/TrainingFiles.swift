import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// File side of training: writes trained potentials as n2p2 directories and training
/// checkpoints, each file atomically (temporary file + rename), and reads checkpoints back.
public enum TrainingFiles {
    /// Writes `input.nn`, `scaling.data`, `weights.ZZZ.data` and `seam-units.txt` into
    /// `directory` (created if missing). `N2P2PotentialLoader.load(directory:)` reads it back.
    public static func write(_ potential: TrainedPotential, to directory: URL) throws {
        try createDirectory(directory)
        for f in potential.files { try AtomicFile.write(f.text, to: directory.appendingPathComponent(f.name)) }
    }

    /// Writes a checkpoint atomically: a crash leaves either the previous or the new file.
    public static func writeCheckpoint(_ state: TrainingState, to url: URL) throws {
        try createDirectory(url.deletingLastPathComponent())
        try AtomicFile.write(state.format(), to: url)
    }

    /// Reads a checkpoint written by `writeCheckpoint`.
    public static func readCheckpoint(_ url: URL) throws -> TrainingState {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read checkpoint: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try TrainingState.parse(text, source: url.path)
    }

    /// Writes a Kalman-filter checkpoint (weights and covariance) atomically.
    public static func writeKalmanCheckpoint(_ state: KalmanState, to url: URL) throws {
        try createDirectory(url.deletingLastPathComponent())
        try AtomicFile.write(state.format(), to: url)
    }

    /// Reads a checkpoint written by `writeKalmanCheckpoint`.
    public static func readKalmanCheckpoint(_ url: URL) throws -> KalmanState {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read checkpoint: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
        return try KalmanState.parse(text, source: url.path)
    }

    static func createDirectory(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw InputError("cannot create directory: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
    }
}
