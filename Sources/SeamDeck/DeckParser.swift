import SeamCore

extension Deck {
    /// Top-level tables a deck may have.
    static let topLevelKeys = ["title", "units", "problem", "potential", "material", "mesh", "boundary", "indenter",
                               "interface", "crystal", "domain", "crack", "substrate", "load", "solver", "output", "checkpoint"]

    /// Parses and validates a deck. Every error (syntax, unknown keys with a "did you mean",
    /// missing keys, wrong types, wrong or missing units, out-of-range values) is collected and
    /// thrown together as `DeckErrors`, each naming the key and its line.
    ///
    /// - Parameters:
    ///   - text: the TOML text; `source`: its name (file path) for messages and relative paths.
    ///   - overrides: `section.key = value` lines (TOML syntax) that replace or add deck entries
    ///     (the CLI's `--set`), e.g. `mesh.cells = [8, 4]`; they are part of the fingerprint.
    public static func parse(_ text: String, source: String, overrides: [String] = []) throws(DeckErrors) -> Deck {
        var (root, errors) = TOMLReader.parse(text, source: source)
        var c = DeckContext(source: source)
        c.errors = errors
        for (k, line) in overrides.enumerated() {
            let (o, oerr) = TOMLReader.parse(line, source: "--set \(k + 1)")
            c.errors += oerr
            merge(o, into: &root)
        }
        // Syntax errors do not stop the schema checks: the readable part of the deck is still
        // checked, so that one run reports every error.
        let syntaxErrors = c.errors.count
        let deck = DeckSection(root, name: "the deck", allowed: topLevelKeys, context: &c)
        let result = build(deck, text: text, overrides: overrides, &c)
        if syntaxErrors > 0 {
            // A syntax error explains any schema error on its own line: keep only the former there.
            let syntaxLines = Set(c.errors.prefix(syntaxErrors).compactMap { $0.location?.line })
            c.errors = Array(c.errors.prefix(syntaxErrors))
                + c.errors.dropFirst(syntaxErrors).filter { e in e.location?.line.map { !syntaxLines.contains($0) } ?? true }
        }
        guard c.errors.isEmpty, let result else {
            if c.errors.isEmpty { c.error("the deck is incomplete", line: 0) }
            throw DeckErrors(c.errors.sorted { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) })
        }
        return result
    }

    /// Replaces leaf values of `root` by those of `patch` (tables merge recursively).
    static func merge(_ patch: TOMLTable, into root: inout TOMLTable) {
        for e in patch.entries {
            if case .table(let p) = e.value.kind, case .table(var r)? = root[e.key]?.kind {
                merge(p, into: &r)
                root.set(e.key, TOMLValue(.table(r), line: root.entry(e.key)!.value.line), line: root.entry(e.key)!.line)
            } else {
                root.set(e.key, e.value, line: root.entry(e.key)?.line ?? e.line)
            }
        }
    }

    static func build(_ deck: DeckSection, text: String, overrides: [String], _ c: inout DeckContext) -> Deck? {
        // Units first: they set the defaults for bare numbers everywhere else.
        if let units = deck.section("units", allowed: Dimension.allCases.map(\.rawValue), required: false, &c) {
            for dim in Dimension.allCases {
                guard let name = units.string(dim.rawValue, "a unit of \(dim.label)", required: false, &c) else { continue }
                if let f = dim.factor(of: name) { c.defaultUnits[dim] = (name, f) } else {
                    let hint = closestMatch(name, in: dim.units.map(\.name)).map { "did you mean '\($0)'? " } ?? ""
                    c.error("[units] \(dim.rawValue) = \"\(name)\" is not a unit of \(dim.label)", line: units.line(dim.rawValue),
                            suggestion: "\(hint)units: \(dim.spellings)")
                }
            }
        }
        let title = deck.string("title", "a one-line description", required: false, &c) ?? ""
        let problemSection = deck.section("problem", allowed: ["kind"], required: true, &c)
        var kind: Kind?
        if let p = problemSection {
            c.kindLine = p.line("kind")
            if let s = p.string("kind", "the problem kind", required: true, &c) {
                kind = Kind(rawValue: s)
                if kind == nil {
                    let known = Kind.allCases.map(\.rawValue)
                    let hint = closestMatch(s, in: known).map { "did you mean '\($0)'?" }
                    let later = ""
                    c.error("[problem] kind = \"\(s)\" is not a problem kind\(later)", line: p.line("kind"),
                            suggestion: hint ?? "kinds: \(known.joined(separator: ", "))")
                    // Check the rest of the deck as the nearest kind, so that its errors show too.
                    kind = closestMatch(s, in: known).flatMap(Kind.init(rawValue:))
                }
            }
        }
        let potential = parsePotential(deck, required: kind == .cohesiveLaw || kind == .crack, &c)
        let solver = parseSolver(deck, &c)
        let output = parseOutput(deck, source: c.source, &c)
        let checkpoint = parseCheckpoint(deck, &c)

        var problem: Problem?
        switch kind {
        case .adhesiveContact:
            rejectSections(deck, ["boundary", "crystal", "domain", "crack"], for: "adhesive-contact", &c)
            if let spec = parseAdhesiveContact(deck, hasPotential: potential != nil, &c) { problem = .adhesiveContact(spec) }
        case .crack:
            rejectSections(deck, ["material", "mesh", "boundary", "indenter", "interface", "solver", "substrate"], for: "crack", &c)
            if let spec = parseCrack(deck, &c) { problem = .crack(spec) }
        case .indentation:
            rejectSections(deck, ["interface", "crystal", "domain", "crack", "substrate"], for: "indentation", &c)
            if let spec = parseIndentation(deck, hasPotential: potential != nil, &c) { problem = .indentation(spec) }
        case .cohesiveLaw:
            rejectSections(deck, ["material", "mesh", "boundary", "indenter", "solver", "crystal", "domain", "crack", "substrate"], for: "cohesive-law", &c)
            if let spec = parseCohesiveLaw(deck, &c) { problem = .cohesiveLaw(spec) }
        case nil: break
        }
        guard let problem, let solver, let output, let checkpoint else { return nil }
        var hasher = FNV1a()
        hasher.add(text)
        for o in overrides { hasher.add("\n--set " + o) }
        return Deck(source: c.source, title: title, problem: problem, potential: potential, solver: solver, output: output,
                    checkpoint: checkpoint, fingerprint: hasher.hex)
    }

    static func rejectSections(_ deck: DeckSection, _ names: [String], for kind: String, _ c: inout DeckContext) {
        for n in names where deck.has(n) {
            c.error("[\(n)] does not apply to a \(kind) problem", line: deck.line(n), suggestion: "remove it or change [problem] kind")
        }
    }

    static func parsePotential(_ deck: DeckSection, required: Bool, _ c: inout DeckContext) -> PotentialSpec? {
        guard let s = deck.section("potential", allowed: ["n2p2", "lj", "length_unit", "energy_unit", "threads"], required: required, &c) else {
            return nil
        }
        let line = s.table.line
        var source: PotentialSpec.Source?
        if s.has("n2p2") && s.has("lj") {
            c.error("[potential] gives both n2p2 and lj: choose one", line: s.line("lj"))
        } else if let v = s.table["n2p2"] {
            switch v.kind {
            case .string(let p): source = .n2p2([p])
            case .array(let items):
                var paths: [String] = []
                for item in items { if case .string(let p) = item.kind { paths.append(p) } }
                if paths.count == items.count, !paths.isEmpty { source = .n2p2(paths) } else {
                    c.error("[potential] n2p2 must be a directory path or a non-empty array of paths (a committee)", line: v.line)
                }
            default: s.typeError("n2p2", expected: "a directory path (string)", got: v, &c)
            }
        } else if let lj = s.section("lj", allowed: ["epsilon", "sigma", "cutoff"], required: false, &c) {
            let e = lj.quantity("epsilon", .energy, required: true, positive: true, &c)
            let sg = lj.quantity("sigma", .length, required: true, positive: true, &c)
            let rc = lj.quantity("cutoff", .length, required: true, positive: true, &c)
            if let e, let sg, let rc { source = .lennardJones(epsilon: e, sigma: sg, cutoff: rc) }
        } else {
            c.error("[potential] needs n2p2 = \"DIR\" or lj = { epsilon, sigma, cutoff }", line: line)
        }
        var length: LengthUnit?, energy: EnergyUnit?
        if let u = s.string("length_unit", "angstrom or bohr", required: false, &c) {
            length = LengthUnit(rawValue: u.lowercased())
            if length == nil { c.error("[potential] length_unit = \"\(u)\" must be angstrom or bohr", line: s.line("length_unit")) }
        }
        if let u = s.string("energy_unit", "eV or hartree", required: false, &c) {
            energy = EnergyUnit(rawValue: u.lowercased())
            if energy == nil { c.error("[potential] energy_unit = \"\(u)\" must be eV or hartree", line: s.line("energy_unit")) }
        }
        if (length != nil || energy != nil), case .lennardJones? = source {
            c.error("[potential] length_unit/energy_unit apply to n2p2 files only (lj takes units in its values)", line: line)
        }
        let threads = s.integer("threads", "evaluation threads", required: false, minimum: 1, &c)
        guard let source else { return nil }
        return PotentialSpec(source: source, lengthUnit: length, energyUnit: energy, threads: threads, line: line)
    }

    static func parseSolver(_ deck: DeckSection, _ c: inout DeckContext) -> SolverSpec? {
        var spec = SolverSpec()
        guard let s = deck.section("solver", allowed: ["tolerance", "max_iterations"], required: false, &c) else { return spec }
        let before = c.errors.count
        spec.given = true
        spec.tolerance = s.number("tolerance", "relative residual", required: false, default: spec.tolerance, in: 1e-16...1e-2, &c) ?? spec.tolerance
        spec.maxIterations = s.integer("max_iterations", "Newton iterations per step", required: false, default: spec.maxIterations, minimum: 1, &c) ?? spec.maxIterations
        return c.errors.count == before ? spec : nil
    }

    static func parseOutput(_ deck: DeckSection, source: String, _ c: inout DeckContext) -> OutputSpec? {
        let stem = source.split(separator: "/").last.map { String($0) }?.replacingSuffix(".toml") ?? "seam"
        var spec = OutputSpec(directory: stem + "-out", prefix: stem)
        guard let s = deck.section("output", allowed: ["directory", "prefix", "vtu", "xyz", "csv", "svg", "summary"], required: false, &c) else {
            return spec
        }
        let before = c.errors.count
        spec.directory = s.string("directory", "output folder", required: false, &c) ?? spec.directory
        spec.prefix = s.string("prefix", "file-name prefix", required: false, &c) ?? spec.prefix
        if spec.prefix.isEmpty || spec.prefix.contains("/") {
            c.error("[output] prefix must be a plain file-name prefix (no '/')", line: s.line("prefix"))
        }
        spec.vtu = s.bool("vtu", default: true, &c)
        spec.xyz = s.bool("xyz", default: true, &c)
        spec.csv = s.bool("csv", default: true, &c)
        spec.svg = s.bool("svg", default: true, &c)
        spec.summary = s.bool("summary", default: true, &c)
        return c.errors.count == before ? spec : nil
    }

    static func parseCheckpoint(_ deck: DeckSection, _ c: inout DeckContext) -> CheckpointSpec? {
        var spec = CheckpointSpec()
        guard let s = deck.section("checkpoint", allowed: ["enabled", "every"], required: false, &c) else { return spec }
        let before = c.errors.count
        spec.enabled = s.bool("enabled", default: true, &c)
        spec.every = s.integer("every", "load steps between checkpoints", required: false, default: 1, minimum: 1, &c) ?? 1
        return c.errors.count == before ? spec : nil
    }
}

/// FNV-1a, 64 bit: a stable fingerprint of the deck text (not a security hash).
struct FNV1a {
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ s: String) { for b in s.utf8 { state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
    var hex: String { let h = String(state, radix: 16); return String(repeating: "0", count: 16 - h.count) + h }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
