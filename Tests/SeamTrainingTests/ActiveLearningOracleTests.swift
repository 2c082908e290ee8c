import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO

/// The oracle interface: the in-process LJ oracle and the external-program contract with its
/// failure modes (non-zero exit, SCF failure, hang past the timeout, garbage output).
@Suite struct ActiveLearningOracleTests {
    static let ar = Element(symbol: "Ar")!

    /// A folder with executable shell scripts `name -> body`. Tests run them as `/bin/sh SCRIPT`
    /// (`oracle(_:_:...)`), not by exec'ing the script: a script just written can be held open for
    /// writing by a child that another test thread forked meanwhile, and exec'ing it then fails
    /// with ETXTBSY ("Text file busy"); reading it through sh cannot.
    static func scripts(_ bodies: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-oracle-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, body) in bodies {
            let url = dir.appendingPathComponent(name)
            try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return dir
    }

    /// The external-program oracle running the script `name` in `dir` through /bin/sh.
    static func oracle(_ dir: URL, _ name: String, inputMode: ExternalProgramOracle.InputMode = .pathArgument,
                       timeout: Double) throws -> ExternalProgramOracle {
        try ExternalProgramOracle(executable: "/bin/sh", arguments: [dir.appendingPathComponent(name).path], inputMode: inputMode, timeout: timeout)
    }

    /// Harmonic toy oracle: copies the input frame, adds forces F = -x (eV/Å) and energy -1.5 eV.
    static let harmonic = """
    awk 'NR==1{print; next} NR==2{print "Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc=\\"F F F\\""; next} {print $1, $2, $3, $4, -$2, -$3, -$4}' "$@"
    """

    static func cluster() throws -> Structure {
        try Structure(elements: [ar, ar, ar], positions: [Vec3(0, 0, 0), Vec3(3.8, 0.1, 0), Vec3(1.9, 3.3, 0.2)])
    }

    @Test func lennardJonesOracleReturnsThePotentialsLabelsAndStressOnlyForBulk() throws {
        let lj = try LennardJones(epsilon: 0.0104, sigma: 3.4, cutoff: 8.5, switchWidth: 1.0)
        let oracle = PotentialOracle(potential: lj)
        let bulk = Crystal.fcc(Self.ar, a: 5.3).replicated(2, 2, 2).deformed(by: Mat3(diagonal: 1.01, 0.99, 1.0))
        let label = try oracle.label(bulk).get()
        let r = try lj.evaluate(bulk)
        #expect(label.energy == r.energy)
        #expect(label.forces == r.forces)
        let stress = try #require(label.stress)
        // Compressed along y, stretched along x: σ_xx > σ_yy (tension positive).
        #expect(stress.r0.x > stress.r1.y)
        #expect(try oracle.label(Self.cluster()).get().stress == nil)
    }

    @Test(arguments: [ExternalProgramOracle.InputMode.pathArgument, .standardInput])
    func externalProgramLabelsAreParsedFromItsExtendedXYZOutput(mode: ExternalProgramOracle.InputMode) throws {
        let dir = try Self.scripts(["harmonic.sh": Self.harmonic])
        defer { try? FileManager.default.removeItem(at: dir) }
        let oracle = try Self.oracle(dir, "harmonic.sh", inputMode: mode, timeout: 20)
        let s = try Self.cluster()
        let label = try oracle.label(s).get()
        #expect(label.energy == -1.5)
        for i in 0..<s.count { #expect((label.forces[i] + s.positions[i]).norm < 1e-12) }
        #expect(label.stress == nil)
    }

    @Test func externalProgramFailuresComeBackAsTypedFailuresNotErrors() throws {
        let dir = try Self.scripts([
            "exit2.sh": "echo 'segmentation fault in module X' >&2; exit 2",
            "scf.sh": "echo 'SCF did not converge in 250 cycles' >&2; exit 3",
            "hang.sh": "sleep 30; \(Self.harmonic)",
            "garbage.sh": "echo 'hello world'; echo 'this is not xyz'",
            "wrongatoms.sh": "printf '1\\nProperties=species:S:1:pos:R:3:forces:R:3 energy=1.0\\nAr 0 0 0 0 0 0\\n'",
            "noforces.sh": "awk 'NR==2{print \"Properties=species:S:1:pos:R:3 energy=-1.0\"; next} {print}' \"$@\"",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.cluster()
        func failure(_ name: String, timeout: Double = 20) throws -> OracleFailure {
            let oracle = try Self.oracle(dir, name, timeout: timeout)
            switch try oracle.label(s) {
            case .success: Issue.record("\(name) should fail"); return OracleFailure(.launch, "")
            case .failure(let f): return f
            }
        }
        let exit2 = try failure("exit2.sh")
        #expect(exit2.kind == .exitStatus(2))
        #expect(exit2.message.contains("segmentation fault"))
        #expect(try failure("scf.sh").kind == .scfNotConverged)
        let start = Date()
        #expect(try failure("hang.sh", timeout: 0.5).kind == .timeout(seconds: 0.5))
        #expect(Date().timeIntervalSince(start) < 10, "the hung program (and its sleeping child) must be killed at the timeout")
        #expect(try failure("garbage.sh").kind == .unparsableOutput)
        #expect(try failure("wrongatoms.sh").kind == .unparsableOutput)
        #expect(try failure("noforces.sh").kind == .unparsableOutput)
        let missing = try ExternalProgramOracle(executable: dir.appendingPathComponent("does-not-exist.sh").path, timeout: 20)
        guard case .failure(let launch) = try missing.label(s) else { Issue.record("a missing program should fail"); return }
        #expect(launch.kind == .launch)
    }
}
