import Foundation

/// Paths to the shared reference data (`../shared/data` beside the project root).
public enum ReferenceData {
    /// Root of the shared data folder, found by walking up from this source file or the
    /// working directory; override with SEAM_SHARED_DATA.
    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["SEAM_SHARED_DATA"] { return URL(fileURLWithPath: env) }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("../shared/data").standardized
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/data").standardized
    }
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
