import SeamCore

extension Deck {
    static func parseMaterial(_ deck: DeckSection, hasPotential: Bool, _ c: inout DeckContext) -> MaterialSpec? {
        enum Kind: String, CaseIterable { case isotropic, cubic, cauchyBorn = "cauchy-born" }
        guard let m = deck.section("material", allowed: ["kind", "youngs_modulus", "poisson_ratio", "c11", "c12", "c44", "lattice",
                                                          "lattice_constant", "element", "orientation"], required: true, &c),
              let kind = m.choice("kind", Kind.self, required: true, &c) else { return nil }
        let keys: [Kind: [String]] = [.isotropic: ["youngs_modulus", "poisson_ratio"], .cubic: ["c11", "c12", "c44"],
                                      .cauchyBorn: ["lattice", "lattice_constant", "element", "orientation"]]
        for (other, list) in keys where other != kind {
            for k in list where m.has(k) && !(keys[kind]!.contains(k)) {
                c.error("[material] \(k) does not apply to kind = \"\(kind.rawValue)\"", line: m.line(k))
            }
        }
        switch kind {
        case .isotropic:
            let e = m.quantity("youngs_modulus", .stress, required: true, positive: true, &c)
            let nu = m.number("poisson_ratio", "dimensionless", required: true, in: -0.999...0.499, &c)
            guard let e, let nu else { return nil }
            return .isotropic(youngsModulus: e, poissonRatio: nu)
        case .cubic:
            let c11 = m.quantity("c11", .stress, required: true, positive: true, &c)
            let c12 = m.quantity("c12", .stress, required: true, &c)
            let c44 = m.quantity("c44", .stress, required: true, positive: true, &c)
            guard let c11, let c12, let c44 else { return nil }
            return .cubic(c11: c11, c12: c12, c44: c44)
        case .cauchyBorn:
            if !hasPotential { c.error("[material] kind = \"cauchy-born\" needs a [potential]", line: m.line("kind")) }
            let lattice = m.choice("lattice", LatticeKind.self, required: true, &c)
            let a = m.quantity("lattice_constant", .length, required: true, positive: true, &c)
            let element = m.string("element", "element symbol", required: true, &c)
            var orientation: [[Int]]?
            if let o = m.section("orientation", allowed: ["x", "y", "z"], required: false, &c) {
                let axes = ["x", "y", "z"].map { o.integers($0, "Miller indices", count: 3...3, required: true, &c) }
                if axes.allSatisfy({ $0 != nil }) { orientation = axes.map { $0! } }
            }
            guard let lattice, let a, let element, hasPotential else { return nil }
            return .cauchyBorn(lattice: lattice, latticeConstant: a, element: element, orientation: orientation)
        }
    }

    static func parseMesh(_ deck: DeckSection, _ c: inout DeckContext) -> (MeshSpec, AnalysisSpec, Double)? {
        enum Generator: String, CaseIterable { case rectangle, box }
        guard let m = deck.section("mesh", allowed: ["generator", "file", "width", "height", "depth", "cells", "cell_type",
                                                      "grading", "analysis"], required: true, &c) else { return nil }
        var spec: MeshSpec?
        var dimension = 2
        if m.has("file") && m.has("generator") {
            c.error("[mesh] gives both file and generator: choose one", line: m.line("generator"))
        } else if let path = m.string("file", "a Gmsh .msh file", required: false, &c) {
            spec = .file(path: path)
            for k in ["width", "height", "depth", "cells", "cell_type", "grading"] where m.has(k) {
                c.error("[mesh] \(k) applies to generated meshes, not to file", line: m.line(k))
            }
        } else if let g = m.choice("generator", Generator.self, required: !m.has("file"), &c) {
            let grading = m.number("grading", "exponent toward the contact point, 1 = uniform", required: false, default: 1, in: 1...4, &c)
            switch g {
            case .rectangle:
                let w = m.quantity("width", .length, required: true, positive: true, &c)
                let h = m.quantity("height", .length, required: true, positive: true, &c)
                let cells = m.integers("cells", "cells along x and y", count: 2...2, required: true, &c)
                let types = ["quadrilateral4", "triangle3", "triangle6"]
                let type = m.string("cell_type", types.joined(separator: ", "), required: false, &c) ?? "quadrilateral4"
                if !types.contains(type) {
                    c.error("[mesh] cell_type = \"\(type)\" is not one of \(types.joined(separator: ", "))", line: m.line("cell_type"),
                            suggestion: closestMatch(type, in: types).map { "did you mean '\($0)'?" })
                }
                if let cells, cells.contains(where: { $0 < 1 || $0 > 2000 }) {
                    c.error("[mesh] cells must be between 1 and 2000 per direction", line: m.line("cells"))
                }
                if m.has("depth") { c.error("[mesh] depth applies to the box generator", line: m.line("depth")) }
                if let w, let h, let cells, let grading { spec = .rectangle(width: w, height: h, cells: cells, cellType: type, grading: grading) }
            case .box:
                dimension = 3
                let w = m.quantity("width", .length, required: true, positive: true, &c)
                let h = m.quantity("height", .length, required: true, positive: true, &c)
                let d = m.quantity("depth", .length, required: true, positive: true, &c)
                let cells = m.integers("cells", "cells along x, y and z", count: 3...3, required: true, &c)
                if let cells, cells.contains(where: { $0 < 1 || $0 > 200 }) {
                    c.error("[mesh] cells must be between 1 and 200 per direction", line: m.line("cells"))
                }
                if m.has("cell_type") { c.error("[mesh] the box generator makes hexahedron8 cells; remove cell_type", line: m.line("cell_type")) }
                if let w, let h, let d, let cells, let grading { spec = .box(size: [w, h, d], cells: cells, grading: grading) }
            }
        }
        let analysis = m.choice("analysis", AnalysisSpec.self, required: false, default: dimension == 3 ? .solid : .planeStrain, &c)
        var isFile = false
        if case .file = spec { isFile = true }
        if !isFile, let analysis, (analysis == .solid) != (dimension == 3) {
            c.error("[mesh] analysis = \"\(analysis.rawValue)\" does not fit a \(dimension)D mesh", line: m.line("analysis"))
        }
        guard let spec, let analysis else { return nil }
        return (spec, analysis, 1)
    }

    static func parseIndentation(_ deck: DeckSection, hasPotential: Bool, _ c: inout DeckContext) -> IndentationSpec? {
        let material = parseMaterial(deck, hasPotential: hasPotential, &c)
        let mesh = parseMesh(deck, &c)
        var boundaries: [FixedBoundary] = []
        let axes = ["x", "y", "z"]
        let bsections = deck.sections("boundary", allowed: ["set", "fix"], &c)
        if bsections.isEmpty { c.error("an indentation deck needs [[boundary]] tables (set = \"bottom\", fix = [\"y\"])", line: c.kindLine) }
        for b in bsections {
            let set = b.string("set", "a node set of the mesh", required: true, &c)
            var comps: [Int] = []
            if let v = b.table["fix"] {
                if case .array(let items) = v.kind {
                    for item in items {
                        if case .string(let s) = item.kind, let k = axes.firstIndex(of: s) { comps.append(k) } else {
                            c.error("\(b.name) fix must list components \"x\", \"y\" or \"z\"", line: item.line); break
                        }
                    }
                    if items.isEmpty { c.error("\(b.name) fix is empty", line: v.line) }
                } else { b.typeError("fix", expected: "an array like [\"x\", \"y\"]", got: v, &c) }
            } else { b.missing("fix", "the fixed components", &c) }
            if let set, !comps.isEmpty { boundaries.append(FixedBoundary(set: set, components: comps, line: b.line("set"))) }
        }
        let ind = deck.section("indenter", allowed: ["shape", "radius", "center", "surface", "penalty"], required: true, &c)
        let shape = ind?.choice("shape", IndentationSpec.Shape.self, required: true, &c)
        let radius = ind?.quantity("radius", .length, required: true, positive: true, &c)
        let surface = ind?.string("surface", "the node set under the indenter", required: false, &c) ?? "top"
        let penalty = ind?.quantity("penalty", .stiffnessPerArea, required: true, positive: true, &c)
        var center: [Double]? = shape == .sphere ? [0, 0] : [0]
        if let ind, let v = ind.table["center"] {
            if case .array(let items) = v.kind, items.count == (shape == .sphere ? 2 : 1) {
                let xs = items.map { DeckSection.quantity($0, .length, what: "[indenter] center", &c) }
                center = xs.allSatisfy({ $0 != nil }) ? xs.map { $0! } : nil
            } else {
                c.error("[indenter] center must be an array of \(shape == .sphere ? "two lengths (x, y)" : "one length (the axis x)")", line: v.line)
                center = nil
            }
        }
        if let shape, let mesh, (shape == .sphere) != (mesh.1 == .solid) {
            c.error("[indenter] shape = \"\(shape.rawValue)\" needs a \(shape == .sphere ? "3D (box)" : "2D") mesh", line: ind?.line("shape") ?? 0)
        }
        let path = parseDepthPath(deck, &c)
        if let mesh, mesh.1 == .planeStress {
            c.error("[mesh] analysis = \"plane-stress\" is not available for indentation (the contact energy needs plane strain)", line: c.kindLine)
        }
        guard let material, let mesh, let shape, let radius, let penalty, let center, let path, c.errors.isEmpty else { return nil }
        let depths = path.depths
        return IndentationSpec(material: material, mesh: mesh.0, analysis: mesh.1, thickness: mesh.2, boundaries: boundaries,
                               shape: shape, radius: radius, center: center, surface: surface, surfaceLine: ind?.line("surface") ?? 0, penalty: penalty,
                               startDepth: path.start, depths: depths)
    }

    /// `[load] start` and `segments = [{ to, steps }, ...]`: piecewise-linear indenter depth path.
    static func parseDepthPath(_ deck: DeckSection, _ c: inout DeckContext) -> (start: Double, depths: [Double])? {
        guard let load = deck.section("load", allowed: ["start", "segments"], required: true, &c) else { return nil }
        let start = load.quantity("start", .length, required: false, default: 0, &c)
        let segments = load.sections("segments", allowed: ["to", "steps"], &c)
        if segments.isEmpty { c.error("[load] needs segments = [{ to = \"2 angstrom\", steps = 10 }, ...]", line: load.line("segments")) }
        var depths: [Double] = []
        var from = start ?? 0
        var ok = start != nil
        for s in segments {
            let to = s.quantity("to", .length, required: true, &c)
            let steps = s.integer("steps", "load steps in the segment", required: true, minimum: 1, &c)
            guard let to, let steps else { ok = false; continue }
            for k in 1...steps { depths.append(from + (to - from) * Double(k) / Double(steps)) }
            from = to
        }
        if depths.count > 10_000 { c.error("[load] has \(depths.count) steps; at most 10000", line: load.line("segments")); ok = false }
        return ok && !depths.isEmpty ? (start ?? 0, depths) : nil
    }

    static func parseCohesiveLaw(_ deck: DeckSection, _ c: inout DeckContext) -> CohesiveLawSpec? {
        guard let s = deck.section("interface", allowed: ["lattice", "lattice_constant", "c", "element", "miller", "repeat",
                                                           "half_thickness", "mode", "relaxed", "grip", "force_tolerance"], required: true, &c)
        else { _ = parseOpenings(deck, &c); return nil }
        let lattice = s.choice("lattice", LatticeKind.self, required: true, &c)
        let a = s.quantity("lattice_constant", .length, required: true, positive: true, &c)
        let cc = s.quantity("c", .length, required: false, positive: true, &c)
        if s.has("c") && lattice != .hcp { c.error("[interface] c applies to hcp lattices only", line: s.line("c")) }
        let element = s.string("element", "element symbol", required: true, &c)
        if let e = element, (try? Element.parse(e)) == nil { c.error("[interface] element = \"\(e)\" is not an element symbol", line: s.line("element")) }
        let miller = s.integers("miller", "Miller indices of the cleavage plane", count: 3...3, required: true, &c)
        if let m = miller, m.allSatisfy({ $0 == 0 }) { c.error("[interface] miller must not be 0 0 0", line: s.line("miller")) }
        let rep = s.integers("repeat", "in-plane repetitions", count: 2...2, required: false, default: [1, 1], &c)
        if let r = rep, r.contains(where: { $0 < 1 || $0 > 20 }) { c.error("[interface] repeat must be between 1 and 20", line: s.line("repeat")) }
        let half = s.quantity("half_thickness", .length, required: false, positive: true, &c)
        let mode = s.choice("mode", CohesiveLawSpec.Mode.self, required: false, default: .opening, &c)
        let relaxed = s.bool("relaxed", default: false, &c)
        let grip = s.quantity("grip", .length, required: false, default: 3, positive: true, &c)
        let ftol = s.number("force_tolerance", "eV/Å", required: false, default: 0.01, in: 1e-8...1, &c)
        let openings = parseOpenings(deck, &c)
        guard let lattice, let a, let element, let miller, let rep, let mode, let grip, let ftol, let openings, c.errors.isEmpty else { return nil }
        return CohesiveLawSpec(lattice: lattice, latticeConstant: a, cConstant: cc, element: element, miller: miller, repetitions: rep,
                               halfThickness: half, mode: mode, relaxed: relaxed, grip: grip, forceTolerance: ftol, openings: openings)
    }

    /// `[load] openings = { start, stop, step }` or an array of lengths; must start at 0 and increase.
    static func parseOpenings(_ deck: DeckSection, _ c: inout DeckContext) -> [Double]? {
        guard let load = deck.section("load", allowed: ["openings"], required: true, &c) else { return nil }
        return openings(in: load, &c)
    }

    /// `openings` of a table: `{ start, stop, step }` or an array of lengths, from 0, increasing.
    static func openings(in load: DeckSection, _ c: inout DeckContext) -> [Double]? {
        guard let v = load.table["openings"] else { load.missing("openings", "{ start, stop, step } or a list of lengths", &c); return nil }
        var list: [Double] = []
        switch v.kind {
        case .table:
            guard let r = load.section("openings", allowed: ["start", "stop", "step"], required: true, &c) else { return nil }
            let a = r.quantity("start", .length, required: false, default: 0, &c)
            let b = r.quantity("stop", .length, required: true, &c)
            let h = r.quantity("step", .length, required: true, positive: true, &c)
            guard let a, let b, let h else { return nil }
            guard b > a else { c.error("\(load.name) openings: stop must exceed start", line: v.line); return nil }
            guard (b - a) / h <= 5000 else { c.error("\(load.name) openings: more than 5000 steps", line: v.line); return nil }
            list = stride(from: a, through: b + 1e-9 * h, by: h).map { $0 }
        case .array(let items):
            let xs = items.map { DeckSection.quantity($0, .length, what: "\(load.name) openings", &c) }
            guard xs.allSatisfy({ $0 != nil }) else { return nil }
            list = xs.map { $0! }
        default:
            load.typeError("openings", expected: "{ start, stop, step } or an array of lengths", got: v, &c); return nil
        }
        guard list.count >= 2, list.first == 0, zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) else {
            c.error("\(load.name) openings must start at 0 and increase (at least two)", line: v.line); return nil
        }
        return list
    }
}
