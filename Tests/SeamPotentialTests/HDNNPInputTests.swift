import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Parsing rules of input.nn / scaling.data / weights (n2p2 quirks) and located errors.
struct HDNNPInputTests {
    static let minimal = """
    # comment line
    number_of_elements 2   ! RuNNer comment
    elements O H
    cutoff_type 2
    symfunction_short H 2 O 0.01 0.0 6.0
    symfunction_short O 3 H H 0.01 1.0 1.0 6.0
    symfunction_short O 2 H 0.01 0.0 6.0
    symfunction_short H 2 H 0.01 0.0 6.0\r
    global_hidden_layers_short 1
    global_nodes_short 3
    global_activation_short t l
    runner_mode 3
    """

    @Test("input.nn: comments, CRLF, element Z order, SF sort, ignored RuNNer keywords")
    func parsesQuirks() throws {
        let s = try N2P2Settings.parse(Self.minimal, source: "input.nn")
        #expect(s.elements.map(\.symbol) == ["H", "O"])
        #expect(s.symmetryFunctions[0].map(\.element1) == [0, 1])  // H: H-H then H-O (element index order)
        #expect(s.symmetryFunctions[1].map(\.type) == [2, 3])
        #expect(s.layerSizes == [[2, 3, 1], [2, 3, 1]])
        #expect(s.warnings.contains { $0.contains("runner_mode") && $0.contains("input.nn:12") })
        #expect(s.cutoffKind == .tanhUnnormalized && s.scalingMode == .none && s.normalization == nil)
    }

    @Test("the water potential's SFs are sorted as n2p2 sorts them")
    func waterSortOrder() throws {
        let text = try String(contentsOf: ReferenceData.url("n2p2/H2O_RPBE-D3/input.nn"), encoding: .utf8)
        let s = try N2P2Settings.parse(text, source: "input.nn")
        let o = s.symmetryFunctions[1]
        #expect(s.symmetryFunctions.map(\.count) == [27, 30])
        #expect(o[0].type == 2 && o[0].element1 == 0 && o[0].eta == 0.001)
        #expect(o[1].type == 2 && o[1].element1 == 1 && o[1].eta == 0.001)
        #expect(o[2].type == 2 && o[2].element1 == 0 && o[2].eta == 0.01)
        #expect(o[16].type == 3 && o[16].element1 == 0 && o[16].element2 == 1 && o[16].zeta == 4 && o[16].lambda == -1)
        #expect(o[17].type == 3 && o[17].element1 == 1 && o[17].element2 == 1 && o[17].lambda == -1)
        #expect(o[18].type == 3 && o[18].element1 == 0 && o[18].element2 == 1 && o[18].lambda == 1)
        #expect(s.scalingMode == .scaleCenter && s.normalization?.lengthConversion == 5.8038448995319847)
    }

    static let badSettingLines: [(String, String, Int)] = [
        ("symfunction_short H 2 H abc 0.0 6.0", "number for eta", 5),
        ("symfunction_short H 27 H 0.1 0.0 6.0", "type 27 is not supported", 5),
        ("symfunction_short Xx 2 H 0.1 0.0 6.0", "unknown element 'Xx'", 5),
        ("symfunction_short H 2 C 0.1 0.0 6.0", "not in 'elements'", 5),
        ("cutoff_type 2", "given twice", 5),
        ("nnp_type 4G-HDNNP", "not supported", 5),
        ("mean_energy 1.0", "together", 5),
        ("global_activation_short t", "given twice", 8),
        ("symfunction H 2 H 0.1 0.0 6.0", "repeats 'symfunction_short'", 5),
        ("element_nodes_short H 4", "not supported", 5),
        ("symfunction_short H 3 H H 0.1 0.0 1.0 6.0", "lambda must be non-zero", 5),
    ]

    @Test("malformed input.nn lines give errors naming file and line", arguments: 0..<badSettingLines.count)
    func badSettings(_ k: Int) throws {
        let (line, fragment, lineNumber) = Self.badSettingLines[k]
        let text = """
        number_of_elements 1
        elements H
        cutoff_type 1
        symfunction_short H 2 H 0.01 0.0 6.0
        \(line)
        global_hidden_layers_short 1
        global_nodes_short 3
        global_activation_short t l
        """
        do {
            _ = try N2P2Settings.parse(text, source: "pot/input.nn")
            Issue.record("no error for '\(line)'")
        } catch let e as InputError {
            #expect(e.location?.source == "pot/input.nn")
            #expect(e.location?.line == lineNumber)
            #expect(e.description.contains(fragment), "\(e)")
        }
    }

    /// A copy of the water potential in a temporary folder, optionally altered.
    static func copyWater(edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-hdnnp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in ["input.nn", "scaling.data", "weights.001.data", "weights.008.data"] {
            try FileManager.default.copyItem(at: ReferenceData.url("n2p2/H2O_RPBE-D3/" + f), to: dir.appendingPathComponent(f))
        }
        try edit(dir)
        return dir
    }

    @Test("loading without declared units fails with the fix in the message; seam-units.txt supplies them")
    func units() throws {
        let dir = try Self.copyWater()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try N2P2PotentialLoader.load(directory: dir)
            Issue.record("loaded without units")
        } catch let e as InputError {
            #expect(e.message == "n2p2 files carry no units; pass --length-unit/--energy-unit or add seam-units.txt")
        }
        try "# units of the water potential\nlength = bohr\nenergy = hartree\n".write(to: dir.appendingPathComponent("seam-units.txt"), atomically: true, encoding: .utf8)
        let p = try N2P2PotentialLoader.load(directory: dir)
        #expect(p.lengthUnit == .bohr && p.energyUnit == .hartree)
        #expect(abs(p.cutoff - 12 * LengthUnit.bohr.inAngstrom) < 1e-12)
        try "length = furlong\n".write(to: dir.appendingPathComponent("seam-units.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try N2P2PotentialLoader.load(directory: dir)
            Issue.record("accepted a bad unit")
        } catch let e as InputError {
            #expect(e.location?.line == 1 && e.message.contains("furlong"))
        }
    }

    @Test("a weights file with a wrong count names the file and line")
    func wrongWeightCount() throws {
        let dir = try Self.copyWater { dir in
            let url = dir.appendingPathComponent("weights.008.data")
            var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            lines.removeLast(3)
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try N2P2PotentialLoader.load(directory: dir, lengthUnit: .bohr, energyUnit: .hartree)
            Issue.record("loaded a short weights file")
        } catch let e as InputError {
            #expect(e.location?.source.hasSuffix("weights.008.data") == true)
            #expect(e.location?.line != nil)
            #expect(e.message.contains("1451"), "\(e)")
        }
        let extra = try Self.copyWater { dir in
            let url = dir.appendingPathComponent("weights.001.data")
            try (String(contentsOf: url, encoding: .utf8) + "0.5\n").write(to: url, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: extra) }
        #expect(throws: InputError.self) { try N2P2PotentialLoader.load(directory: extra, lengthUnit: .bohr, energyUnit: .hartree) }
    }

    @Test("a missing weights file and an empty scaling line are located errors")
    func missingFileAndEmptyScalingLine() throws {
        let dir = try Self.copyWater { try FileManager.default.removeItem(at: $0.appendingPathComponent("weights.001.data")) }
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try N2P2PotentialLoader.load(directory: dir, lengthUnit: .bohr, energyUnit: .hartree)
            Issue.record("loaded without weights")
        } catch let e as InputError {
            #expect(e.location?.source.hasSuffix("weights.001.data") == true && e.message.contains("missing"))
        }
        let scaling = try String(contentsOf: ReferenceData.url("n2p2/H2O_RPBE-D3/scaling.data"), encoding: .utf8)
        var lines = scaling.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstData = lines.firstIndex { !$0.hasPrefix("#") }!
        lines.insert("", at: firstData + 2)
        do {
            _ = try ScalingData.parse(lines.joined(separator: "\n"), source: "scaling.data", counts: [27, 30])
            Issue.record("accepted an empty scaling line")
        } catch let e as InputError {
            #expect(e.location?.line == firstData + 3)
        }
    }

    @Test("an atom of an element the potential lacks is named")
    func unknownAtom() throws {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.water)
        var s = try HDNNPFixtures.structure(HDNNPFixtures.water, "input.data.h2o_1_selfimage")
        s.elements[2] = Element(symbol: "C")!
        do {
            _ = try p.evaluate(s)
            Issue.record("evaluated carbon with a water potential")
        } catch let e as InputError {
            #expect(e.message.contains("atom 2 is C"), "\(e)")
        }
    }
}
