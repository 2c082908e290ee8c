import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

struct N2P2DataTests {
    @Test("the RuNNer-style water data set reads as 20 labelled structures of the documented sizes")
    func readsDataSet() throws {
        let configs = try N2P2Data.read(ReferenceData.url("n2p2/H2O_RPBE-D3/input.data.dft_set_20"))
        #expect(configs.count == 20)
        let sizes = configs.map(\.structure.count)
        #expect(sizes.filter { $0 == 192 }.count == 7 && sizes.filter { $0 == 48 }.count == 11 && sizes.filter { $0 == 96 }.count == 2)
        #expect(configs.allSatisfy { $0.energy != nil && $0.structure.isBulk })
        #expect(abs(configs[0].energy! - -4900.37328433) < 1e-9)
        #expect(configs[0].structure.elements[0] == Element(symbol: "O"))
        #expect(abs(configs[0].forces[0].z - -0.027992554) < 1e-12)
        #expect(abs(configs[0].charges[1] - 0.120793430) < 1e-12)
    }

    @Test("periodic structures are remapped into the cell; atoms inside move by at most a few ulps")
    func remapsIntoCell() throws {
        let url = ReferenceData.url("n2p2/H2O_RPBE-D3/input.data.h2o_64")
        let text = try String(contentsOf: url, encoding: .utf8)
        let s = try N2P2Data.parse(text, source: url.path)[0].structure
        let inv = s.cell.inverse
        var moved = 0
        let original = text.split(separator: "\n").filter { $0.hasPrefix("atom") }.map { l -> Vec3 in
            let t = l.split(separator: " "); return Vec3(Double(t[1])!, Double(t[2])!, Double(t[3])!)
        }
        for (r, r0) in zip(s.positions, original) {
            let f = r * inv
            for c in 0..<3 { #expect(f[c] >= -1e-15 && f[c] < 1 + 1e-15) }
            if (r - r0).maxAbs > 1e-9 { moved += 1 } else { #expect((r - r0).maxAbs < 1e-13) }
        }
        #expect(moved > 0)
    }

    @Test("writing and reading back reproduces structures and labels")
    func roundTrip() throws {
        let configs = Array(try N2P2Data.read(ReferenceData.url("n2p2/Cu2S_PBE/input.data.dft_set_20")).prefix(2))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seam-n2p2-roundtrip-\(getpid()).data")
        defer { try? FileManager.default.removeItem(at: url) }
        try N2P2Data.write(configs, to: url)
        let back = try N2P2Data.read(url)
        #expect(back.count == 2)
        for (a, b) in zip(configs, back) {
            #expect(a.energy == b.energy)
            #expect(a.structure.cell == b.structure.cell)
            #expect(a.structure.elements == b.structure.elements)
            for (p, q) in zip(a.structure.positions, b.structure.positions) { #expect((p - q).maxAbs < 1e-12) }
            #expect(a.forces == b.forces)
        }
    }

    @Test("a non-periodic molecule stays non-periodic and unchanged")
    func molecule() throws {
        let c = try N2P2Data.read(ReferenceData.url("n2p2/DMABN_SCAN/input.data.dmabn_21"))[0]
        #expect(!c.structure.isPeriodic)
        #expect(c.structure.count == 21)
        let scaled = c.structure.scaledLengths(by: 2)
        #expect(scaled.positions[3] == 2 * c.structure.positions[3])
    }

    static let bad: [(String, String, Int)] = [
        ("begin\nlattice 1 0 0\nlattice 0 1 0\natom 0 0 0 H 0 0 0 0 0\nend\n", "0 or 3 'lattice'", 5),
        ("begin\natom 0 0 0 H 0 0 0 0\nend\n", "10 fields", 2),
        ("begin\natom 0 0 x H 0 0 0 0 0\nend\n", "not a number", 2),
        ("begin\natom 0 0 0 Xx 0 0 0 0 0\nend\n", "unknown element", 2),
        ("begin\nvelocity 0 0 0\nend\n", "unknown keyword", 2),
        ("begin set=validation\nend\n", "after 'begin'", 1),
        ("begin\natom 0 0 0 H 0 0 0 0 0\n", "no 'end'", 1),
        ("atom 0 0 0 H 0 0 0 0 0\n", "outside a begin/end", 1),
        ("begin\nlattice 5 0 0\nlattice 0 5 0\nlattice 0 0 5\natom 0 0 0 H 0 0 0 0 0\ncharge 1\nend\n", "neutral", 7),
    ]

    @Test("malformed input.data gives an error naming file and line", arguments: 0..<bad.count)
    func malformed(_ k: Int) throws {
        let (text, fragment, line) = Self.bad[k]
        do {
            _ = try N2P2Data.parse(text, source: "bad.data")
            Issue.record("no error for case \(k)")
        } catch let e as InputError {
            #expect(e.location?.source == "bad.data")
            #expect(e.location?.line == line)
            #expect(e.description.contains(fragment), "\(e)")
        }
    }
}
