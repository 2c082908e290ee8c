import SeamCore

/// Symmetry-function scaling mode (n2p2-format.md section 6).
public enum ScalingMode: Sendable, Hashable {
    /// G unchanged.
    case none
    /// Smin + (Smax - Smin)(G - Gmin)/(Gmax - Gmin).
    case scale
    /// G - Gmean.
    case center
    /// Smin + (Smax - Smin)(G - Gmean)/(Gmax - Gmin).
    case scaleCenter
    /// Smin + (Smax - Smin)(G - Gmean)/Gsigma.
    case scaleSigma
}

/// Activation function of a neuron, by n2p2 letter (section 7).
public enum Activation: Character, Sendable, Hashable, CaseIterable {
    case identity = "l", tanh = "t", logistic = "s", softplus = "p", relu = "r"
    case gaussian = "g", cosine = "c", reverseLogistic = "S", exponential = "e", square = "h"
}

/// Data-set normalisation of an n2p2 potential (`mean_energy`, `conv_energy`, `conv_length`).
public struct N2P2Normalization: Sendable, Hashable {
    /// Mean energy per atom, in the potential's file energy unit.
    public var meanEnergy: Double
    /// Internal energy per file energy unit.
    public var energyConversion: Double
    /// Internal length per file length unit.
    public var lengthConversion: Double
}

/// The prediction-relevant settings of an n2p2 `input.nn` (n2p2-format.md sections 2, 4-8).
///
/// Parsing follows n2p2's quirks: comments from `#` or `!`, whitespace collapsed, repeated
/// keywords fatal except the whitelisted ones, unknown (training or RuNNer) keywords kept as
/// warnings, elements sorted by atomic number, symmetry functions sorted in n2p2's order.
public struct N2P2Settings: Sendable, Hashable {
    /// Elements sorted by atomic number; element index = position here.
    public var elements: [Element]
    /// Offset energy per element index (file energy unit), `atom_energy`.
    public var atomEnergies: [Double]
    public var cutoffKind: CutoffKind
    public var cutoffAlpha: Double
    /// Symmetry functions per element index, in n2p2's sorted order (= network input order).
    public var symmetryFunctions: [[SymmetryFunction]]
    public var scalingMode: ScalingMode
    public var scaleMin: Double
    public var scaleMax: Double
    /// Neurons per layer per element, input and output (1) included.
    public var layerSizes: [[Int]]
    /// Activation per non-input layer per element.
    public var activations: [[Activation]]
    public var normalizeNodes: Bool
    public var normalization: N2P2Normalization?
    /// Non-fatal remarks (ignored keywords), with their lines.
    public var warnings: [String]

    static let repeatable: Set<String> = ["symfunction_short", "atom_energy", "element_nodes_short", "fixed_gausswidth", "initial_hardness"]
    static let aliases: [String: String] = ["symfunction": "symfunction_short", "nnp_generation": "nnp_type",
                                            "nnp_type_gen": "nnp_type", "nnp_gen": "nnp_type"]
    static let used: Set<String> = ["number_of_elements", "elements", "atom_energy", "cutoff_type", "symfunction_short",
                                    "scale_symmetry_functions", "center_symmetry_functions", "scale_symmetry_functions_sigma",
                                    "scale_min_short", "scale_max_short", "global_hidden_layers_short", "global_nodes_short",
                                    "global_activation_short", "normalize_nodes", "mean_energy", "conv_energy", "conv_length",
                                    "conv_charge", "nnp_type", "element_hidden_layers_short", "element_nodes_short",
                                    "element_activation_short"]

    /// Parses `input.nn` text. `source` names the file in error messages.
    public static func parse(_ text: String, source: String) throws -> N2P2Settings {
        struct Entry { var value: String; var line: Int; var spelling: String }
        var entries: [String: [Entry]] = [:]
        var warnings: [String] = []
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(raw)
            if let h = line.firstIndex(of: "#") { line = line[..<h] }
            if let b = line.firstIndex(of: "!") { line = line[..<b] }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = tokens.first else { continue }
            let key = aliases[first] ?? first
            let entry = Entry(value: tokens.dropFirst().joined(separator: " "), line: n + 1, spelling: first)
            if let previous = entries[key]?.first {
                if previous.spelling != first {
                    throw InputError("keyword '\(first)' repeats '\(previous.spelling)' (line \(previous.line))",
                                     at: SourceLocation(source: source, line: n + 1))
                }
                if !repeatable.contains(key) {
                    throw InputError("keyword '\(first)' given twice (first at line \(previous.line))",
                                     at: SourceLocation(source: source, line: n + 1))
                }
            }
            if !used.contains(key) { warnings.append("\(source):\(n + 1): ignored keyword '\(first)'") }
            entries[key, default: []].append(entry)
        }
        func loc(_ e: Entry) -> SourceLocation { SourceLocation(source: source, line: e.line) }
        func single(_ key: String) -> Entry? { entries[key]?.first }
        func required(_ key: String) throws -> Entry {
            guard let e = single(key) else { throw InputError("missing keyword '\(key)'", at: SourceLocation(source: source)) }
            return e
        }
        func double(_ s: String, _ e: Entry, _ what: String) throws -> Double {
            guard let v = Double(s), v.isFinite else { throw InputError("expected a number for \(what), got '\(s)'", at: loc(e)) }
            return v
        }
        func int(_ s: String, _ e: Entry, _ what: String) throws -> Int {
            guard let v = Int(s) else { throw InputError("expected an integer for \(what), got '\(s)'", at: loc(e)) }
            return v
        }

        if let t = single("nnp_type") {
            guard ["2", "2G-HDNNP"].contains(t.value) else {
                throw InputError("nnp_type '\(t.value)' is not supported", at: loc(t), suggestion: "only 2G-HDNNP (short-range) potentials are implemented")
            }
        }
        // Elements.
        let elementsEntry = try required("elements")
        var elements: [Element] = []
        for s in elementsEntry.value.split(separator: " ") {
            let e = try Element.parse(String(s), at: loc(elementsEntry))
            if elements.contains(e) { throw InputError("element \(e) listed twice", at: loc(elementsEntry)) }
            elements.append(e)
        }
        guard !elements.isEmpty else { throw InputError("'elements' lists no element", at: loc(elementsEntry)) }
        elements.sort()
        let countEntry = try required("number_of_elements")
        guard try int(countEntry.value, countEntry, "number_of_elements") == elements.count else {
            throw InputError("number_of_elements \(countEntry.value) differs from the \(elements.count) elements listed", at: loc(countEntry))
        }
        func elementIndex(_ s: Substring, _ e: Entry) throws -> Int {
            let el = try Element.parse(String(s), at: loc(e))
            guard let i = elements.firstIndex(of: el) else { throw InputError("element \(el) is not in 'elements'", at: loc(e)) }
            return i
        }
        var atomEnergies = [Double](repeating: 0, count: elements.count)
        for e in entries["atom_energy"] ?? [] {
            let t = e.value.split(separator: " ")
            guard t.count == 2 else { throw InputError("atom_energy needs an element and an energy", at: loc(e)) }
            atomEnergies[try elementIndex(t[0], e)] = try double(String(t[1]), e, "atom_energy")
        }
        // Cutoff.
        let cutEntry = try required("cutoff_type")
        let ct = cutEntry.value.split(separator: " ")
        guard let kindNumber = ct.first.flatMap({ Int($0) }), let kind = CutoffKind(rawValue: kindNumber), ct.count <= 2 else {
            throw InputError("cutoff_type must be an integer 0-8 and an optional alpha, got '\(cutEntry.value)'", at: loc(cutEntry))
        }
        let alpha = ct.count == 2 ? try double(String(ct[1]), cutEntry, "cutoff alpha") : 0
        guard alpha >= 0 && alpha < 1 else { throw InputError("cutoff alpha must satisfy 0 <= alpha < 1", at: loc(cutEntry)) }
        // Symmetry functions.
        var sfs = [[SymmetryFunction]](repeating: [], count: elements.count)
        for e in entries["symfunction_short"] ?? [] {
            let sf = try SymmetryFunction.parse(e.value, elements: elements, at: loc(e))
            sfs[sf.centralElement].append(sf)
        }
        for i in elements.indices {
            guard !sfs[i].isEmpty else {
                throw InputError("element \(elements[i]) has no symmetry function", at: SourceLocation(source: source))
            }
            sfs[i].sort(by: SymmetryFunction.precedes)
        }
        // Scaling.
        let scale = single("scale_symmetry_functions") != nil
        let center = single("center_symmetry_functions") != nil
        let sigma = single("scale_symmetry_functions_sigma") != nil
        let mode: ScalingMode = scale ? (center ? .scaleCenter : .scale) : (center ? .center : (sigma ? .scaleSigma : .none))
        let smin = try single("scale_min_short").map { try double($0.value, $0, "scale_min_short") } ?? 0
        let smax = try single("scale_max_short").map { try double($0.value, $0, "scale_max_short") } ?? 1
        // Networks.
        for k in ["element_hidden_layers_short", "element_nodes_short", "element_activation_short"] {
            if let e = single(k) {
                throw InputError("per-element network keyword '\(k)' is not supported", at: loc(e),
                                 suggestion: "n2p2 applies it with quirks (section 7 of the format notes); use the global_* keywords")
            }
        }
        let layersEntry = try required("global_hidden_layers_short")
        let hidden = try int(layersEntry.value, layersEntry, "global_hidden_layers_short")
        guard hidden >= 0 else { throw InputError("negative number of hidden layers", at: loc(layersEntry)) }
        var widths: [Int] = []
        if hidden > 0 {
            let nodesEntry = try required("global_nodes_short")
            widths = try nodesEntry.value.split(separator: " ").map { try int(String($0), nodesEntry, "global_nodes_short") }
            guard widths.count == hidden, widths.allSatisfy({ $0 > 0 }) else {
                throw InputError("global_nodes_short needs \(hidden) positive widths", at: loc(nodesEntry))
            }
        }
        let actEntry = try required("global_activation_short")
        let letters = actEntry.value.split(separator: " ")
        guard letters.count == hidden + 1 else {
            throw InputError("global_activation_short needs \(hidden + 1) letters (hidden layers and output)", at: loc(actEntry))
        }
        let acts: [Activation] = try letters.map { l in
            guard l.count == 1, let a = Activation(rawValue: l.first!) else {
                throw InputError("unknown activation '\(l)'", at: loc(actEntry), suggestion: "use one of l t s p r g c S e h")
            }
            return a
        }
        // Normalisation: all three or none.
        let normKeys = ["mean_energy", "conv_energy", "conv_length"]
        let present = normKeys.filter { single($0) != nil }
        var normalization: N2P2Normalization?
        if present.count == 3 {
            let m = try single("mean_energy").map { try double($0.value, $0, "mean_energy") }!
            let ce = try single("conv_energy").map { try double($0.value, $0, "conv_energy") }!
            let cl = try single("conv_length").map { try double($0.value, $0, "conv_length") }!
            guard ce > 0 && cl > 0 else { throw InputError("conv_energy and conv_length must be positive", at: loc(single("conv_energy")!)) }
            normalization = N2P2Normalization(meanEnergy: m, energyConversion: ce, lengthConversion: cl)
        } else if !present.isEmpty {
            throw InputError("normalisation needs mean_energy, conv_energy and conv_length together; found only \(present.joined(separator: ", "))",
                             at: loc(single(present[0])!))
        }
        return N2P2Settings(
            elements: elements, atomEnergies: atomEnergies, cutoffKind: kind, cutoffAlpha: alpha, symmetryFunctions: sfs,
            scalingMode: mode, scaleMin: smin, scaleMax: smax,
            layerSizes: sfs.map { [$0.count] + widths + [1] }, activations: sfs.map { _ in acts },
            normalizeNodes: single("normalize_nodes") != nil, normalization: normalization, warnings: warnings)
    }

    /// Largest symmetry-function cutoff over all elements (file length unit).
    public var maximumCutoff: Double { symmetryFunctions.joined().map(\.cutoff).max() ?? 0 }
}
