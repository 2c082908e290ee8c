import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamIO

private let si = Element(symbol: "Si")!

/// Verbatim output of ASE 3.29 `ase.io.write(f, atoms, format="extxyz")` for a periodic Si
/// cell with a SinglePointCalculator (energy, forces, stress), `info["config_type"]` and an
/// integer per-atom array.
private let aseSample = """
2
Lattice="5.43 0.0 0.0 0.0 5.43 0.0 0.0 0.0 5.43" Properties=species:S:1:pos:R:3:extrapolation:I:1:forces:R:3 config_type=bulk energy=-10.84 stress="0.01 0.002 0.0 0.002 -0.03 0.0 0.0 0.0 0.005" pbc="T T T"
Si       0.00000000       0.00000000       0.00000000        0       0.01000000      -0.02000000       0.03000000
Si       1.35750000       1.35750000       1.35750000        3      -0.01000000       0.02000000      -0.03000000

"""

/// What OVITO 3 writes: tab-separated columns, extra per-atom columns, an Origin key, a
/// two-dimensional periodicity, and a Voigt stress (xx yy zz yz xz xy).
private let ovitoSample = """
3
Lattice="10.0 0.0 0.0 0.0 10.0 0.0 0.0 0.0 20.0" Origin="0.0 0.0 0.0" pbc="T T F" Properties=species:S:1:pos:R:3:id:I:1:c_pe:R:1:selected:L:1 Time=12.5 stress="1 2 3 4 5 6"
Cu\t1.0\t2.0\t3.0\t1\t-3.5\tT
Cu\t4.0\t5.0\t6.0\t2\t-3.4\tF
Ni\t7.0\t8.0\t9.5\t3\t-4.1\tT
"""

@Test func parsesTheFrameThatASEWrites() throws {
    let frames = try ExtendedXYZ.parse(aseSample, source: "ase.xyz")
    #expect(frames.count == 1)
    let f = frames[0]
    #expect(f.structure.elements == [si, si])
    #expect(f.structure.cell == Mat3(diagonal: 5.43, 5.43, 5.43))
    #expect(f.structure.periodic == [true, true, true])
    #expect(f.structure.positions[1] == Vec3(1.3575, 1.3575, 1.3575))
    #expect(f.energy == -10.84)
    #expect(f.forces == [Vec3(0.01, -0.02, 0.03), Vec3(-0.01, 0.02, -0.03)])
    #expect(f.stress == Mat3([0.01, 0.002, 0, 0.002, -0.03, 0, 0, 0, 0.005]))
    #expect(f.info == ["config_type": "bulk"])
    #expect(f.atomProperties == [.init(name: "extrapolation", width: 1, values: .integer([0, 3]))])
}

@Test func parsesTheFrameThatOVITOWrites() throws {
    let f = try ExtendedXYZ.parse(ovitoSample, source: "ovito.xyz")[0]
    #expect(f.structure.elements.map(\.symbol) == ["Cu", "Cu", "Ni"])
    #expect(f.structure.periodic == [true, true, false])
    #expect(f.structure.positions[2] == Vec3(7, 8, 9.5))
    #expect(f.property("id")?.values == .integer([1, 2, 3]))
    #expect(f.property("c_pe")?.values == .real([-3.5, -3.4, -4.1]))
    #expect(f.property("selected")?.values == .logical([true, false, true]))
    #expect(f.info["Origin"] == "0.0 0.0 0.0" && f.info["Time"] == "12.5")
    // Voigt (xx yy zz yz xz xy) = (1 2 3 4 5 6) expands to a symmetric tensor.
    #expect(f.stress == Mat3([1, 6, 5, 6, 2, 4, 5, 4, 3]))
    #expect(f.forces == nil && f.energy == nil)
}

@Test func atomicNumbersInAZColumnReplaceSpecies() throws {
    let text = "2\nProperties=Z:I:1:pos:R:3 note=\"two words\" flag\n14 0 0 0\n8 1.6 0 0\n"
    let f = try ExtendedXYZ.parse(text, source: "z.xyz")[0]
    #expect(f.structure.elements.map(\.symbol) == ["Si", "O"])
    #expect(!f.structure.isPeriodic)
    #expect(f.info == ["note": "two words", "flag": "T"])
}

@Test func windowsLineEndingsParseLikeUnixOnes() throws {
    let unix = try ExtendedXYZ.parse(aseSample, source: "ase.xyz")
    let windows = try ExtendedXYZ.parse(aseSample.replacingOccurrences(of: "\n", with: "\r\n"), source: "ase.xyz")
    #expect(windows == unix)
}

@Test func writtenFramesReadBackIdentically() throws {
    var g = SeededGenerator(seed: 4)
    let cell = Mat3(rows: Vec3(5.1, 0, 0), Vec3(0.3, 4.9, 0), Vec3(-0.2, 0.1, 6.3))
    let els = [si, Element(symbol: "O")!, si, si]
    let pos = (0..<4).map { _ in Vec3(g.uniform(), g.uniform(), g.uniform()) * cell }
    let bulk = try Structure(elements: els, positions: pos, cell: cell, periodic: [true, false, true])
    let forces = (0..<4).map { _ in Vec3(g.gaussian(), g.gaussian(), 1e-7 * g.gaussian()) }
    let first = ExtendedXYZ.Frame(
        structure: bulk, energy: -37.123456789012345, stress: Mat3([1e-3, 2e-4, 0, 2e-4, -5e-3, 1e-5, 0, 1e-5, 3.3e-3]),
        forces: forces,
        atomProperties: [.init(name: "energies", width: 1, values: .real([-9.1, -8.2, -9.3, -9.0])),
                         .init(name: "extrapolation", width: 1, values: .integer([0, 2, 0, 1])),
                         .init(name: "tag", width: 2, values: .string(["a", "b", "c", "d", "e", "f", "g", "h"]))],
        info: ["comment": "relaxed \"twice\" = done", "step": "12"])
    let cluster = try Structure(elements: [si, si], positions: [.zero, Vec3(2.35, 0, 0)])
    let second = ExtendedXYZ.Frame(structure: cluster, energy: -8)
    let text = ExtendedXYZ.format(first) + ExtendedXYZ.format(second)
    let back = try ExtendedXYZ.parse(text, source: "roundtrip.xyz")
    #expect(back == [first, second])
}

@Test func atomicFileWritesThroughATemporaryAndReplaces() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seam-atomic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("frames.xyz")
    try AtomicFile.write("old", to: url)
    let frames = try ExtendedXYZ.parse(aseSample, source: "ase.xyz")
    try ExtendedXYZ.write(frames + frames, to: url)
    #expect(try ExtendedXYZ.read(from: url) == frames + frames)
    // No temporary left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["frames.xyz"])
    #expect(throws: InputError.self) { try AtomicFile.write("x", to: folder.appendingPathComponent("missing/out.xyz")) }
}

/// Malformed inputs: (text, expected line, a fragment of the message).
private let malformed: [(String, Int, String)] = [
    ("two\nProperties=species:S:1:pos:R:3\nSi 0 0 0\n", 1, "number of atoms"),
    ("1\nProperties=species:S:1:pos:R:3\nSi 0 0 0\nx\n", 4, "number of atoms"),
    ("2\nProperties=species:S:1:pos:R:3\nSi 0 0 0\n", 4, "1 of 2 atom lines"),
    ("1\n", 2, "comment line"),
    ("1\nProperties=species:S:1:pos:R:3\nSi 0 0\n", 3, "3 columns"),
    ("2\nProperties=species:S:1:pos:R:3\nSi 0 0 0\nSi 1.0 abc 0\n", 4, "'abc'"),
    ("1\nProperties=species:S:1:pos:R:3\nSi 0 0 nan\n", 3, "finite"),
    ("2\nProperties=species:S:1:pos:R:3\nSi 0 0 0\nSI 2 0 0\n", 4, "did you mean 'Si'"),
    ("1\nProperties=species:S:1:pos:R:3\n14 0 0 0\n", 3, "did you mean 'Si'"),
    ("1\nProperties=species:S:1:pos:R:3\nQq 0 0 0\n", 3, "unknown element 'Qq'"),
    ("1\nProperties=species:S:1:forces:R:3\nSi 0 0 0\n", 2, "pos:R:3"),
    ("1\nProperties=pos:R:3\n0 0 0\n", 2, "species"),
    ("1\nProperties=species:S:1:pos:X:3\nSi 0 0 0\n", 2, "type 'X'"),
    ("1\nLattice=\"1 0 0 0 1 0 0 0\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n", 2, "Lattice needs 9"),
    ("1\nLattice=\"1 0 0 0 1 0 0 0 1\" pbc=\"T T\"\nSi 0 0 0\n", 2, "pbc needs 3"),
    ("1\nLattice=\"1 0 0 0 1 0 0 0 1\" pbc=\"T Q T\"\nSi 0 0 0\n", 2, "logical"),
    ("1\nLattice=\"1 0 0 0 1 0 0 0 1\" energy=high\nSi 0 0 0\n", 2, "energy 'high'"),
    ("1\nLattice=\"1 0 0 0 1 0 0 0 1\" stress=\"1 2 3 4\"\nSi 0 0 0\n", 2, "stress needs 9 or 6"),
    ("1\ncomment=\"unterminated\nSi 0 0 0\n", 2, "unterminated"),
    ("1\npbc=\"T T T\"\nSi 0 0 0\n", 2, "cell vector 0 is zero"),
    ("1\nProperties=species:S:1:pos:R:3:n:I:1\nSi 0 0 0 1.5\n", 3, "not an integer"),
    ("1\nProperties=species:S:1:pos:R:3\nSi 0 0 0\n1\nProperties=species:S:1:pos:R:3\nXx 0 0 0\n", 6, "unknown element"),
]

@Test(arguments: malformed.indices)
func malformedInputNamesTheOffendingLine(_ k: Int) {
    let (text, line, fragment) = malformed[k]
    do {
        _ = try ExtendedXYZ.parse(text, source: "bad.xyz")
        Issue.record("case \(k) parsed without error")
    } catch let error as InputError {
        #expect(error.location == SourceLocation(source: "bad.xyz", line: line), "case \(k): \(error)")
        #expect(error.description.contains(fragment), "case \(k): \(error)")
    } catch {
        Issue.record("case \(k): unexpected error \(error)")
    }
}
