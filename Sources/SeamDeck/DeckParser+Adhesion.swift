import SeamCore

extension Deck {
    /// `[interface]` (law file or derived law), `[material]`, `[substrate]`, `[mesh]`, `[indenter]`
    /// and `[load]` of an adhesive-contact deck.
    static func parseAdhesiveContact(_ deck: DeckSection, hasPotential: Bool, _ c: inout DeckContext) -> AdhesiveContactSpec? {
        var law: AdhesiveContactSpec.Law?
        if let i = deck.section("interface", allowed: ["law_file", "lattice", "lattice_constant", "element", "miller", "openings"], required: true, &c) {
            if let file = i.string("law_file", "a law file written by seam cohesive or a cohesive-law deck", required: false, &c) {
                for k in ["lattice", "lattice_constant", "element", "miller", "openings"] where i.has(k) {
                    c.error("[interface] \(k) does not apply with law_file", line: i.line(k))
                }
                law = .file(file)
            } else {
                if !hasPotential { c.error("[interface] derives the law from the potential: add [potential] or give law_file", line: i.table.line) }
                let lattice = i.choice("lattice", LatticeKind.self, required: true, &c)
                let a = i.quantity("lattice_constant", .length, required: true, positive: true, &c)
                let element = i.string("element", "element symbol", required: true, &c)
                if let e = element, (try? Element.parse(e)) == nil { c.error("[interface] element = \"\(e)\" is not an element symbol", line: i.line("element")) }
                let miller = i.integers("miller", "Miller indices of the cleavage plane", count: 3...3, required: true, &c)
                let openings = i.has("openings") ? Deck.openings(in: i, &c) : stride(from: 0.0, through: 8.0 + 1e-9, by: 0.05).map { $0 }
                if let lattice, let a, let element, let miller, let openings {
                    law = .derived(lattice: lattice, latticeConstant: a, element: element, miller: miller, openings: openings)
                }
            }
        }
        enum Kind: String, CaseIterable { case isotropic, cubic, cauchyBornConstants = "cauchy-born-constants" }
        var material: AdhesiveContactSpec.Substrate?
        if let m = deck.section("material", allowed: ["kind", "youngs_modulus", "poisson_ratio", "c11", "c12", "c44", "lattice",
                                                       "lattice_constant", "element"], required: true, &c),
           let kind = m.choice("kind", Kind.self, required: true, &c) {
            switch kind {
            case .isotropic:
                let e = m.quantity("youngs_modulus", .stress, required: true, positive: true, &c)
                let nu = m.number("poisson_ratio", "dimensionless", required: true, in: -0.999...0.499, &c)
                if let e, let nu { material = .isotropic(youngsModulus: e, poissonRatio: nu) }
            case .cubic:
                let c11 = m.quantity("c11", .stress, required: true, positive: true, &c)
                let c12 = m.quantity("c12", .stress, required: true, &c)
                let c44 = m.quantity("c44", .stress, required: true, positive: true, &c)
                if let c11, let c12, let c44 { material = .cubic(c11: c11, c12: c12, c44: c44) }
            case .cauchyBornConstants:
                if !hasPotential { c.error("[material] kind = \"cauchy-born-constants\" needs a [potential]", line: m.line("kind")) }
                let lattice = m.choice("lattice", LatticeKind.self, required: true, &c)
                let a = m.quantity("lattice_constant", .length, required: true, positive: true, &c)
                let element = m.string("element", "element symbol", required: true, &c)
                if let lattice, let a, let element { material = .cauchyBornConstants(lattice: lattice, latticeConstant: a, element: element) }
            }
        }
        let sub = deck.section("substrate", allowed: ["width", "depth"], required: true, &c)
        let width = sub?.quantity("width", .length, required: true, positive: true, &c)
        let depth = sub?.quantity("depth", .length, required: true, positive: true, &c)
        let mesh = deck.section("mesh", allowed: ["fine_size", "fine_width", "fine_depth", "growth"], required: true, &c)
        let fine = mesh?.quantity("fine_size", .length, required: true, positive: true, &c)
        let fineWidth = mesh?.quantity("fine_width", .length, required: true, positive: true, &c)
        let fineDepth = mesh?.quantity("fine_depth", .length, required: true, positive: true, &c)
        let growth = mesh?.number("growth", "cell size ratio away from the fine zone", required: false, default: 1.15, in: 1...2, &c)
        let ind = deck.section("indenter", allowed: ["radius", "body", "body_width", "body_height"], required: true, &c)
        let radius = ind?.quantity("radius", .length, required: true, positive: true, &c)
        let indenter = ind.flatMap { Deck.adhesiveIndenter(in: $0, radius: radius, &c) }
        let load = deck.section("load", allowed: ["start_separation", "approach_depth", "approach_load", "end_separation", "step", "control",
                                                  "initial_load", "load_step", "minimum_load_step", "arc_step", "minimum_arc_step",
                                                  "maximum_arc_step", "indenter_weight"], required: true, &c)
        let control = load.flatMap { Deck.adhesiveControl(in: $0, &c) }
        let start = load?.quantity("start_separation", .length, required: true, &c)
        let end = load?.quantity("end_separation", .length, required: true, &c)
        let step = load?.quantity("step", .length, required: true, positive: true, &c)
        let approachDepth = load?.quantity("approach_depth", .length, required: false, &c)
        let approachLoad = load?.quantity("approach_load", .energyPerArea, required: false, positive: true, &c)
        if let load, load.has("approach_depth") == load.has("approach_load") {
            c.error("[load] needs exactly one of approach_depth (Å) and approach_load (N/m, per length of the cylinder)", line: load.table.line)
        }
        for (k, v) in [("start_separation", start), ("end_separation", end)] where v.map({ $0 < 0 }) == true {
            c.error("[load] \(k) must not be negative (height above the surface)", line: load?.line(k) ?? 0)
        }
        guard let law, let material, let width, let depth, let fine, let fineWidth, let fineDepth, let growth, let radius,
              let start, let end, let step, let control, let indenter, c.errors.isEmpty else { return nil }
        var spec = AdhesiveContactSpec(law: law, material: material, radius: radius, width: width, depth: depth, fineSize: fine,
                                   fineWidth: fineWidth, fineDepth: fineDepth, growth: growth, startSeparation: start,
                                   approachDepth: approachDepth, approachLoad: approachLoad, endSeparation: end, step: step,
                                   control: control)
        spec.indenter = indenter
        return spec
    }

    /// `[indenter] body = "rigid" | "elastic"`; an elastic body needs `body_width` (full width,
    /// below 2R) and `body_height` (above the arc's drop at its edge), lengths; both are errors
    /// with a rigid cylinder.
    static func adhesiveIndenter(in ind: DeckSection, radius: Double?, _ c: inout DeckContext) -> AdhesiveContactSpec.Indenter? {
        enum Kind: String, CaseIterable { case rigid, elastic }
        guard let kind = ind.choice("body", Kind.self, required: false, default: .rigid, &c) else { return nil }
        guard kind == .elastic else {
            for k in ["body_width", "body_height"] where ind.has(k) {
                c.error("[indenter] \(k) applies to body = \"elastic\", not \"rigid\"", line: ind.line(k))
            }
            return .rigid
        }
        let width = ind.quantity("body_width", .length, required: true, positive: true, &c)
        let height = ind.quantity("body_height", .length, required: true, positive: true, &c)
        guard let width, let height, let radius else { return nil }
        if width >= 2 * radius {
            c.error("[indenter] body_width (\(width) Å) must be below the cylinder's diameter (\(2 * radius) Å)", line: ind.line("body_width"))
            return nil
        }
        let drop = radius - (radius * radius - width * width / 4).squareRoot()
        if height <= drop {
            c.error("[indenter] body_height (\(height) Å) must exceed the arc's drop at the body's edge (\(drop) Å)", line: ind.line("body_height"))
            return nil
        }
        return .elastic(width: width, height: height)
    }

    /// `[load] control = "displacement" | "load" | "arc-length"` with its keys: load control
    /// `initial_load`, `load_step` (forces per length), optional `minimum_load_step`; arc length
    /// `arc_step` (Å), optional `minimum_arc_step`, `maximum_arc_step`, `indenter_weight` (ψ).
    /// A key of another control is an error at its line.
    static func adhesiveControl(in load: DeckSection, _ c: inout DeckContext) -> AdhesiveContactSpec.Control? {
        enum Kind: String, CaseIterable { case displacement, load, arcLength = "arc-length" }
        let kind = load.choice("control", Kind.self, required: false, default: .displacement, &c)
        let keys: [Kind: [String]] = [.displacement: [], .load: ["initial_load", "load_step", "minimum_load_step"],
                                      .arcLength: ["arc_step", "minimum_arc_step", "maximum_arc_step", "indenter_weight"]]
        guard let kind else { return nil }
        for (other, names) in keys where other != kind {
            for k in names where load.has(k) {
                c.error("[load] \(k) applies to control = \"\(other.rawValue)\", not \"\(kind.rawValue)\"", line: load.line(k))
            }
        }
        switch kind {
        case .displacement: return .displacement
        case .load:
            let initial = load.quantity("initial_load", .energyPerArea, required: true, positive: true, &c)
            let step = load.quantity("load_step", .energyPerArea, required: true, positive: true, &c)
            let minimum = load.quantity("minimum_load_step", .energyPerArea, required: false, positive: true, &c)
            if let step, let minimum, minimum > step { c.error("[load] minimum_load_step must not exceed load_step", line: load.line("minimum_load_step")) }
            guard let initial, let step else { return nil }
            return .load(initialLoad: initial, step: step, minimumStep: minimum)
        case .arcLength:
            let step = load.quantity("arc_step", .length, required: true, positive: true, &c)
            let minimum = load.quantity("minimum_arc_step", .length, required: false, positive: true, &c)
            let maximum = load.quantity("maximum_arc_step", .length, required: false, positive: true, &c)
            let weight = load.number("indenter_weight", "ψ, the weight of the indenter displacement in the arc length", required: false,
                                     default: 1, in: 1e-6...1e6, &c)
            if let step, let minimum, minimum > step { c.error("[load] minimum_arc_step must not exceed arc_step", line: load.line("minimum_arc_step")) }
            if let step, let maximum, maximum < step { c.error("[load] maximum_arc_step must not be below arc_step", line: load.line("maximum_arc_step")) }
            guard let step, let weight else { return nil }
            return .arcLength(step: step, minimumStep: minimum, maximumStep: maximum, indenterWeight: weight)
        }
    }
}
