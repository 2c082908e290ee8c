import SeamCore

extension Deck {
    /// `[crystal]`, `[domain]`, `[crack]` and `[load] k` or `k_over_griffith` of a crack deck.
    static func parseCrack(_ deck: DeckSection, _ c: inout DeckContext) -> CrackSpec? {
        let crystal = deck.section("crystal", allowed: ["lattice", "lattice_constant", "element"], required: true, &c)
        let lattice = crystal?.choice("lattice", LatticeKind.self, required: true, &c)
        if let lattice, lattice != .fcc {
            c.error("[crystal] lattice = \"\(lattice.rawValue)\": the crack kind builds fcc (010)[001] cracks only", line: crystal?.line("lattice") ?? 0)
        }
        let a = crystal?.quantity("lattice_constant", .length, required: true, positive: true, &c)
        let element = crystal?.string("element", "element symbol", required: true, &c)
        if let e = element, (try? Element.parse(e)) == nil {
            c.error("[crystal] element = \"\(e)\" is not an element symbol", line: crystal?.line("element") ?? 0)
        }
        let domain = deck.section("domain", allowed: ["cells", "atomistic_cells", "pad_depth", "coarsening", "cauchy_born_band"], required: true, &c)
        let cells = domain?.integers("cells", "crystal cells along x and y", count: 2...2, required: true, &c)
        let region = domain?.integers("atomistic_cells", "atomistic region in cells (x, y)", count: 2...2, required: true, &c)
        if let cells, let region, let d = domain {
            if region.contains(where: { $0 < 2 }) { c.error("[domain] atomistic_cells must be at least 2 x 2", line: d.line("atomistic_cells")) }
            if region[0] >= cells[0] || region[1] >= cells[1] || cells.contains(where: { $0 > 400 }) {
                c.error("[domain] cells must exceed atomistic_cells in both directions (and be at most 400)", line: d.line("cells"))
            }
        }
        let pad = domain?.quantity("pad_depth", .length, required: true, positive: true, &c)
        let coarsening = domain?.number("coarsening", "mesh coarsening ratio, 1 = uniform", required: false, default: 1, in: 1...4, &c)
        let band = domain?.quantity("cauchy_born_band", .length, required: false, positive: true, &c)
        let crack = deck.section("crack", allowed: ["mode", "force_tolerance", "max_iterations"], required: false, &c)
        let mode = crack?.choice("mode", CrackSpec.Mode.self, required: false, default: .coupled, &c) ?? .coupled
        let ftol = crack?.number("force_tolerance", "eV/Å", required: false, default: 1e-5, in: 1e-10...1, &c) ?? 1e-5
        let iterations = crack?.integer("max_iterations", "solver iterations per step", required: false, default: 100, minimum: 1, &c) ?? 100

        var k: [Double]?
        var relative = false
        if let load = deck.section("load", allowed: ["k", "k_over_griffith"], required: true, &c) {
            if load.has("k") && load.has("k_over_griffith") {
                c.error("[load] gives both k and k_over_griffith: choose one", line: load.line("k_over_griffith"))
            } else if let v = load.table["k"] {
                if case .array(let items) = v.kind, !items.isEmpty {
                    let xs = items.map { DeckSection.quantity($0, .stressIntensity, what: "[load] k", &c) }
                    if xs.allSatisfy({ $0 != nil }) { k = xs.map { $0! } }
                } else { c.error("[load] k must be a non-empty array of stress intensities like \"0.1 MPa*m^0.5\"", line: v.line) }
            } else if let v = load.table["k_over_griffith"] {
                relative = true
                if case .array(let items) = v.kind, !items.isEmpty {
                    var xs: [Double] = []
                    for item in items {
                        switch item.kind {
                        case .integer(let i): xs.append(Double(i))
                        case .float(let f): xs.append(f)
                        default: c.error("[load] k_over_griffith must be numbers (multiples of K_G)", line: item.line)
                        }
                    }
                    if xs.count == items.count { k = xs }
                } else { c.error("[load] k_over_griffith must be a non-empty array of numbers", line: v.line) }
            } else {
                c.error("[load] needs k = [\"0.1 MPa*m^0.5\", ...] or k_over_griffith = [0.9, 1.0, ...]", line: load.table.line)
            }
            if let ks = k, ks.contains(where: { !($0 > 0) }) {
                c.error("[load] stress intensities must be positive", line: load.line(relative ? "k_over_griffith" : "k")); k = nil
            }
        }
        guard let lattice, let a, let element, let cells, let region, let pad, let coarsening, let k, c.errors.isEmpty else { return nil }
        return CrackSpec(lattice: lattice, latticeConstant: a, element: element, cells: cells, atomisticCells: region, padDepth: pad,
                         coarsening: coarsening, cauchyBornBand: band, mode: mode, forceTolerance: ftol, maxIterations: iterations, k: k, relativeToGriffith: relative)
    }
}
