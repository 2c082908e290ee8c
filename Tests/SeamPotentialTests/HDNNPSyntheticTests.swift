import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Symmetry-function types, cutoff functions, activations and normalisation that no shipped
/// potential uses, checked on synthetic potentials (random weights): forces and virial against
/// finite differences, and closed-form values for small molecules.
enum SyntheticHDNNP {
    /// SF lines of the "classic" set (types 2, 3, 9, 12, 13, shifted and unshifted).
    static let classic = """
    symfunction_short H 2 O 0.5 0.0 4.0
    symfunction_short H 2 H 0.3 1.2 4.0
    symfunction_short H 3 O H 0.2 1.0 2.0 4.0
    symfunction_short H 9 O O 0.1 -1.0 1.5 4.0 0.8
    symfunction_short H 12 0.4 0.5 4.0
    symfunction_short H 13 0.2 0.9 -1.0 3.0 4.0
    symfunction_short O 2 H 0.5 0.0 4.0
    symfunction_short O 3 H H 0.3 -1.0 1.0 4.0 1.1
    symfunction_short O 3 H O 0.2 1.0 4.0 4.0
    symfunction_short O 9 H H 0.2 1.0 2.0 3.5
    symfunction_short O 12 0.1 0.0 3.5
    symfunction_short O 13 0.1 0.0 1.0 2.0 4.0
    """
    /// SF lines of the compact set (types 20-25, symmetric and asymmetric cores, windows
    /// centred at 0 and 180 degrees).
    static let compact = """
    symfunction_short H 20 O 0.5 4.0 p2
    symfunction_short H 20 H -4.0 4.0 p3a
    symfunction_short H 21 H O 0.0 4.0 30.0 150.0 p3
    symfunction_short H 22 O O -4.0 4.0 60.0 300.0 e
    symfunction_short H 23 -4.0 3.5 p1
    symfunction_short H 24 0.2 4.0 -40.0 40.0 p4
    symfunction_short H 25 -4.0 4.0 10.0 170.0 p2a
    symfunction_short O 20 H 0.3 4.0 p4a
    symfunction_short O 22 H H -4.0 4.0 20.0 160.0 p2
    symfunction_short O 21 H O -4.0 4.0 100.0 260.0 p1
    symfunction_short O 25 -4.0 4.0 0.0 180.0 e
    symfunction_short O 23 0.1 4.0 p2
    """

    static func settingsText(sfs: String, cutoff: String, activations: String, normalize: Bool, normalization: Bool) -> String {
        var t = """
        number_of_elements 2
        elements H O
        cutoff_type \(cutoff)
        \(sfs)
        global_hidden_layers_short 2
        global_nodes_short 5 4
        global_activation_short \(activations)
        atom_energy O -2.5
        """
        if normalize { t += "\nnormalize_nodes" }
        if normalization { t += "\nmean_energy -0.7\nconv_energy 3.1\nconv_length 1.7" }
        return t
    }

    /// A potential with scaling `none` (or scale+center with synthetic ranges) and seeded random weights.
    static func potential(sfs: String, cutoff: String = "1", activations: String = "t t l", normalize: Bool = false,
                          normalization: Bool = false, seed: UInt64 = 7) throws -> HDNNP {
        var text = settingsText(sfs: sfs, cutoff: cutoff, activations: activations, normalize: normalize, normalization: normalization)
        if normalization { text += "\nscale_symmetry_functions\ncenter_symmetry_functions" }
        let settings = try N2P2Settings.parse(text, source: "synthetic.nn")
        var scalingText = ""
        for (e, list) in settings.symmetryFunctions.enumerated() {
            for s in list.indices { scalingText += "\(e + 1) \(s + 1) 0.0 \(2.0 + Double(s)) 0.5 0.3\n" }
        }
        let scaling = try ScalingData.parse(scalingText, source: "synthetic.scaling", counts: settings.symmetryFunctions.map(\.count))
        var g = SeededGenerator(seed: seed)
        let networks = try settings.elements.indices.map { e -> ElementNetwork in
            var count = 0
            let sizes = settings.layerSizes[e]
            for l in 1..<sizes.count { count += (sizes[l - 1] + 1) * sizes[l] }
            return try ElementNetwork(layerSizes: sizes, activations: settings.activations[e], normalizeNodes: settings.normalizeNodes,
                                      parameters: (0..<count).map { _ in g.uniform() - 0.5 })
        }
        return try HDNNP(settings: settings, scaling: scaling, networks: networks, lengthUnit: .angstrom, energyUnit: .ev, threadCount: 2)
    }

    /// Two water-like molecules in a 5 Å periodic cube (shorter than twice the 4 Å cutoff).
    static func box() throws -> Structure {
        let e = ["O", "H", "H", "O", "H", "H"].map { Element(symbol: $0)! }
        let p = [Vec3(0.3, 0.2, 0.1), Vec3(1.2, 0.5, -0.2), Vec3(-0.1, 1.0, 0.4),
                 Vec3(2.6, 2.4, 2.7), Vec3(3.3, 2.9, 2.2), Vec3(2.2, 3.1, 3.3)]
        return try Structure(elements: e, positions: p, cell: Mat3(rows: Vec3(5, 0, 0), Vec3(0.4, 5.2, 0), Vec3(-0.3, 0.2, 4.9)),
                             periodic: [true, true, true])
    }

    /// The same atoms as a cluster.
    static func cluster() throws -> Structure {
        let b = try box()
        return try Structure(elements: b.elements, positions: b.positions)
    }
}

struct HDNNPSyntheticTests {
    @Test("all cutoff types: forces and virial match finite differences (classic SF types)", arguments: ["0", "1 0.2", "2", "3", "4 0.1", "5", "6 0.3", "7", "8"])
    func cutoffTypes(_ cutoff: String) throws {
        let p = try SyntheticHDNNP.potential(sfs: SyntheticHDNNP.classic, cutoff: cutoff)
        let s = try SyntheticHDNNP.box()
        let f = try PotentialChecks.forceError(p, s, h: 1e-5)
        let w = try PotentialChecks.virialError(p, s)
        #expect(f < 1e-6, "cutoff \(cutoff): force error \(f)")
        #expect(w < 1e-6, "cutoff \(cutoff): virial error \(w)")
    }

    @Test("compact SF types 20-25: forces and virial match finite differences, periodic and cluster")
    func compactTypes() throws {
        let p = try SyntheticHDNNP.potential(sfs: SyntheticHDNNP.compact, cutoff: "6")
        for s in [try SyntheticHDNNP.box(), try SyntheticHDNNP.cluster()] {
            let values = try p.symmetryFunctionValues(s)
            #expect(values.joined().filter { $0 != 0 }.count > values.joined().count / 2)
            #expect(try PotentialChecks.forceError(p, s, h: 1e-5) < 1e-6)
            if s.isPeriodic { #expect(try PotentialChecks.virialError(p, s) < 1e-6) }
        }
    }

    @Test("activations, normalize_nodes and data-set normalisation keep forces consistent",
          arguments: ["s s l", "p g l", "c S e", "h t l", "r t p"])
    func activations(_ letters: String) throws {
        let p = try SyntheticHDNNP.potential(sfs: SyntheticHDNNP.classic, activations: letters, normalize: true, normalization: true)
        let s = try SyntheticHDNNP.box()
        #expect(try PotentialChecks.forceError(p, s, h: 1e-5) < 1e-6)
        let r = try p.evaluate(s)
        #expect(abs(r.atomEnergies.reduce(0, +) - r.energy) < 1e-10 * max(1, abs(r.energy)))
    }

    @Test("types 12 and 13 weight neighbours by atomic number (closed form for a bent triatomic)")
    func weightedClosedForm() throws {
        let p = try SyntheticHDNNP.potential(sfs: SyntheticHDNNP.classic)
        // O at the origin, H at distance a along x and H at distance b at angle t.
        let a = 0.96, b = 1.1, t = 1.8
        let s = try Structure(elements: ["O", "H", "H"].map { Element(symbol: $0)! },
                              positions: [.zero, Vec3(a, 0, 0), Vec3(b * cos(t), b * sin(t), 0)])
        let g = try p.symmetryFunctionValues(s)
        let oSF = p.settings.symmetryFunctions[1]
        func fc(_ r: Double, _ rc: Double) -> Double { 0.5 * (cos(Double.pi * r / rc) + 1) }
        let rhh = (s.positions[1] - s.positions[2]).norm
        for (k, sf) in oSF.enumerated() where sf.type == 12 || sf.type == 13 {
            let expected: Double
            if sf.type == 12 {
                expected = [a, b].map { 1 * exp(-sf.eta * ($0 - sf.rs) * ($0 - sf.rs)) * fc($0, sf.cutoff) }.reduce(0, +)
            } else {
                let sq = (a - sf.rs) * (a - sf.rs) + (b - sf.rs) * (b - sf.rs) + (rhh - sf.rs) * (rhh - sf.rs)
                expected = pow(2, 1 - sf.zeta) * 1 * 1 * pow(1 + sf.lambda * cos(t), sf.zeta) * exp(-sf.eta * sq)
                    * fc(a, sf.cutoff) * fc(b, sf.cutoff) * fc(rhh, sf.cutoff)
            }
            #expect(abs(g[0][k] - expected) < 1e-13 * max(1, abs(expected)), "O SF \(k + 1) type \(sf.type)")
        }
        // Seen from an H atom, type 12 weights the O neighbour by Z = 8.
        let hSF = p.settings.symmetryFunctions[0]
        let k12 = hSF.firstIndex { $0.type == 12 }!, sf = hSF[k12]
        let expectedH = 8 * exp(-sf.eta * (a - sf.rs) * (a - sf.rs)) * fc(a, sf.cutoff)
            + 1 * exp(-sf.eta * (rhh - sf.rs) * (rhh - sf.rs)) * fc(rhh, sf.cutoff)
        #expect(abs(g[1][k12] - expectedH) < 1e-13 * expectedH)
    }

    @Test("compact radial window with rl = -rc is the polynomial cutoff core (closed form)")
    func compactRadialClosedForm() throws {
        let p = try SyntheticHDNNP.potential(sfs: SyntheticHDNNP.compact, cutoff: "6")
        let s = try Structure(elements: ["H", "H"].map { Element(symbol: $0)! }, positions: [.zero, Vec3(1.3, 0, 0)])
        let g = try p.symmetryFunctionValues(s)
        let hSF = p.settings.symmetryFunctions[0]
        // Type 23 p1 window on (-4, 3.5): x = |r - c|/w; core = (2x - 3)x^2 + 1; weighted by Z_H = 1.
        let k = hSF.firstIndex { $0.type == 23 }!
        let c = (3.5 - 4.0) / 2, w = (3.5 + 4.0) / 2, x = abs(1.3 - c) / w
        #expect(abs(g[0][k] - ((2 * x - 3) * x * x + 1)) < 1e-14)
    }
}
