#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// A `QuantumOracle` that runs an external program (a DFT or tight-binding code behind a small
/// adapter script) once per structure.
///
/// Contract with the program (see `examples/oracles/README.md`):
/// - Input: the structure as one extended XYZ frame (`Lattice` and `pbc` for periodic cells,
///   positions in Å), in a file whose path is the program's last argument
///   (`InputMode.pathArgument`) or on its standard input (`InputMode.standardInput`). The
///   working directory is a fresh scratch folder, removed afterwards.
/// - Output: one extended XYZ frame on standard output with the same atoms in the same order,
///   `energy=` in eV, a `forces:R:3` column in eV/Å and, for periodic cells, optionally
///   `stress=` in eV/Å^3 (ASE sign: tension positive). Lines before the frame are not allowed;
///   diagnostics go to standard error.
/// - Exit status 0 on success; `scfFailureExitStatus` (default 3) when the SCF did not
///   converge; anything else is a failure.
/// - Runs longer than `timeout` seconds are killed (SIGKILL to the program's whole process
///   group, so children such as `sleep` or an MPI launcher die too).
/// Every failure comes back as `.failure(OracleFailure)`; none is thrown.
///
/// Hand-written over `posix_spawn` because Foundation's `Process` cannot put the child in its own
/// process group, and killing only the adapter script would leave its children running.
public struct ExternalProgramOracle: QuantumOracle, Sendable {
    public enum InputMode: Sendable, Hashable { case pathArgument, standardInput }

    /// Program to run (absolute path, or a name looked up in PATH).
    public var executable: String
    /// Arguments before the input path.
    public var arguments: [String]
    public var inputMode: InputMode
    /// Wall-clock limit per structure, s.
    public var timeout: Double
    /// Exit status by which the adapter reports SCF non-convergence.
    public var scfFailureExitStatus: Int32
    /// Extra environment variables (added to the inherited environment).
    public var environment: [String: String]
    /// Folder in which per-call scratch folders are made (default: the system temporary folder).
    public var scratchDirectory: URL

    public init(executable: String, arguments: [String] = [], inputMode: InputMode = .pathArgument, timeout: Double = 3600,
                scfFailureExitStatus: Int32 = 3, environment: [String: String] = [:], scratchDirectory: URL? = nil) throws {
        guard timeout > 0 else { throw InputError("oracle timeout must be positive, got \(timeout) s") }
        guard !executable.isEmpty else { throw InputError("oracle executable is empty") }
        self.executable = executable; self.arguments = arguments; self.inputMode = inputMode; self.timeout = timeout
        self.scfFailureExitStatus = scfFailureExitStatus; self.environment = environment
        self.scratchDirectory = scratchDirectory ?? FileManager.default.temporaryDirectory
    }

    /// The program's full path: `executable` itself when it contains a slash, else the first
    /// executable match in PATH.
    func resolvedExecutable() -> String? {
        if executable.contains("/") { return access(executable, X_OK) == 0 ? executable : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    public func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure> {
        guard let program = resolvedExecutable() else {
            return .failure(OracleFailure(.launch, "'\(executable)' is not an executable file nor found in PATH"))
        }
        let fm = FileManager.default
        let scratch = scratchDirectory.appendingPathComponent("seam-oracle-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do { try fm.createDirectory(at: scratch, withIntermediateDirectories: true) } catch {
            throw InputError("cannot create the oracle scratch folder: \(error.localizedDescription)", at: SourceLocation(source: scratch.path))
        }
        defer { try? fm.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("input.xyz"), output = scratch.appendingPathComponent("stdout.txt")
        let errors = scratch.appendingPathComponent("stderr.txt")
        try AtomicFile.write(ExtendedXYZ.format(ExtendedXYZ.Frame(structure: structure)), to: input)
        let args = [program] + arguments + (inputMode == .pathArgument ? [input.path] : [])
        let status = try Self.run(args, stdin: inputMode == .standardInput ? input.path : "/dev/null", stdout: output.path,
                                  stderr: errors.path, directory: scratch.path, environment: environment, timeout: timeout)
        let errorTail = String((try? String(contentsOf: errors, encoding: .utf8))?.suffix(400) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch status {
        case .launchFailed(let e): return .failure(OracleFailure(.launch, "posix_spawn failed: \(String(cString: strerror(e)))"))
        case .timedOut: return .failure(OracleFailure(.timeout(seconds: timeout), errorTail))
        case .signalled(let s): return .failure(OracleFailure(.exitStatus(128 + s), "killed by signal \(s). \(errorTail)"))
        case .exited(let code) where code == scfFailureExitStatus: return .failure(OracleFailure(.scfNotConverged, errorTail))
        case .exited(let code) where code != 0: return .failure(OracleFailure(.exitStatus(code), errorTail))
        case .exited: break
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Self.parseOutput(text, for: structure)
    }

    /// Labels from the program's standard output (one extended XYZ frame), checked against
    /// the input structure: same atom count and elements, an energy and forces present.
    public static func parseOutput(_ text: String, for structure: Structure) -> Result<OracleLabel, OracleFailure> {
        let frames: [ExtendedXYZ.Frame]
        do { frames = try ExtendedXYZ.parse(text, source: "<oracle output>") } catch {
            return .failure(OracleFailure(.unparsableOutput, "\(error)"))
        }
        guard frames.count == 1, let f = frames.first else {
            return .failure(OracleFailure(.unparsableOutput, "expected one extended XYZ frame, got \(frames.count)"))
        }
        guard f.structure.elements == structure.elements else {
            return .failure(OracleFailure(.unparsableOutput, "output atoms differ from the input's (\(f.structure.count) vs \(structure.count))"))
        }
        guard let e = f.energy, let forces = f.forces else {
            return .failure(OracleFailure(.unparsableOutput, "output lacks energy= or a forces column"))
        }
        return OracleLabel(energy: e, forces: forces, stress: f.stress).validated(for: structure)
    }

    enum Status { case exited(Int32), signalled(Int32), timedOut, launchFailed(Int32) }

    /// Spawns `args` in a new process group with redirected standard streams and waits at most
    /// `timeout` seconds (polling every 5 ms); on timeout the whole group gets SIGKILL.
    static func run(_ args: [String], stdin: String, stdout: String, stderr: String, directory: String,
                    environment: [String: String], timeout: Double) throws -> Status {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        // The child's working directory: posix_spawn has no portable chdir action, so run it
        // through /bin/sh `cd dir && exec program args`.
        let shellArgs = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + args
        func cStrings(_ a: [String]) -> [UnsafeMutablePointer<CChar>?] { a.map { strdup($0) } + [nil] }
        let argv = cStrings(shellArgs), envp = cStrings(envStrings)
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard rc == 0 else { return .launchFailed(rc) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let w = waitpid(pid, &status, WNOHANG)
            if w == pid { break }
            if w < 0 && errno != EINTR { throw InputError("waitpid failed for the oracle program: \(String(cString: strerror(errno)))") }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .timedOut
            }
            usleep(5000)
        }
        kill(-pid, SIGKILL)   // leftover children of a finished adapter
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(low)
    }
}
