import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// A training deck: a plain `key = value` text file (one setting per line, `#` starts a
/// comment, values may be quoted, lists are space-separated). Paths are relative to the deck.
///
/// Keys (defaults in brackets):
/// - data: `training_data` (one or more files; `.json` = mlearn, otherwise n2p2 input.data),
///   `validation_data` [none: split off `validation_fraction` = 0.1], `data_length_unit`
///   [angstrom] and `data_energy_unit` [ev] for input.data files, `seed` [1].
/// - symmetry functions: `elements` [all in the data], `cutoff` [5.5 Å], `cutoff_type` [6, n2p2
///   number], `radial_count` [8], `radial_lower` [1.0 Å], `radial_grid` [shifted|centered],
///   `angular_count` [3], `angular_lower` [1.5 Å], `zetas` [1 2 4 16]; or
///   `symmetry_functions_from` (an input.nn whose functions, and cutoff type unless
///   `cutoff_type` is given, are used) with `symmetry_functions_length_unit` [angstrom|bohr].
/// - network: `hidden_layers` [16 16], `activation` [t] (hidden layers; output is linear),
///   `scaling` [scale_center|scale|center|sigma|none].
/// - optimiser: `optimizer` [adam|lbfgs: full-batch L-BFGS, `epochs` = iterations, no
///   checkpoints|kalman: n2p2's extended Kalman filter, `KalmanTrainer`, with `kalman_epsilon`
///   [0.01], `kalman_q0` [0.01], `kalman_qtau` [2.302], `kalman_qmin` [1e-6], `kalman_eta`
///   [0.01], `kalman_etatau` [2.302], `kalman_etamax` [1], `energy_fraction` [1],
///   `force_fraction` [0.02315], `energy_error_threshold` [0], `force_error_threshold` [1],
///   `threshold_trials` [3], `kalman_energy_unit` and `kalman_length_unit` [ev|hartree,
///   angstrom|bohr: units of the filter's observations], `kalman_energy_observation`
///   [per_atom|total], `polish_iterations` [0: full-batch L-BFGS iterations after the filter on
///   energy_weight · (ΔE/N)² + (ΔF)²]; `force_weight` (of the filter's force observations)
///   defaults to 10 here], `epochs` [100], `batch_size` [8], `learning_rate` [0.001], `lr_schedule`
///   [exponential|step|constant], `lr_decay` [0.99], `lr_step` [10], `energy_weight` [1],
///   `force_weight` [1], `patience` [none], `threads` [all processors].
/// - output: `output` (potential directory, required), `checkpoint` [none],
///   `checkpoint_interval` [10], `resume` [false], `committee_size` [1], `bootstrap` [true],
///   `subset_fraction` [none: with `bootstrap = false` each member trains on its own random
///   subset, without replacement, of this fraction of the training configurations],
///   `members` [all: 0 ..< committee_size; a list trains only those members, so that several
///   processes can share one committee: each member depends only on the deck and its index].
///
/// Hand-written because TOML is not yet a dependency; the format is a strict subset of TOML
/// for these keys (strings may be left unquoted).
public struct TrainingDeck: Sendable {
    /// Raw values by key, with the line they came from.
    public let values: [String: (value: String, line: Int)]
    public let source: String

    public static let keys: Set<String> = [
        "training_data", "validation_data", "validation_fraction", "data_length_unit", "data_energy_unit", "seed",
        "elements", "cutoff", "cutoff_type", "radial_count", "radial_lower", "radial_grid", "angular_count", "angular_lower", "zetas",
        "symmetry_functions_from", "symmetry_functions_length_unit", "hidden_layers", "activation", "scaling",
        "optimizer", "epochs", "batch_size", "learning_rate", "lr_schedule", "lr_decay", "lr_step", "energy_weight", "force_weight", "patience", "threads",
        "kalman_epsilon", "kalman_q0", "kalman_qtau", "kalman_qmin", "kalman_eta", "kalman_etatau", "kalman_etamax",
        "energy_fraction", "force_fraction", "energy_error_threshold", "force_error_threshold", "threshold_trials",
        "kalman_energy_unit", "kalman_length_unit", "kalman_energy_observation", "polish_iterations",
        "output", "checkpoint", "checkpoint_interval", "resume", "committee_size", "bootstrap", "members", "subset_fraction",
    ]

    /// Parses deck text; unknown or repeated keys and malformed lines are located errors.
    public static func parse(_ text: String, source: String) throws -> TrainingDeck {
        try parse(text, source: source, allowedKeys: keys)
    }

    /// Parses a deck of the same `key = value` format with another key set (e.g. the
    /// active-learning deck, `ActiveLearningDeck`).
    public static func parse(_ text: String, source: String, allowedKeys keys: Set<String>) throws -> TrainingDeck {
        var values: [String: (value: String, line: Int)] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let h = line.firstIndex(of: "#") { line = line[..<h] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let at = SourceLocation(source: source, line: n + 1)
            guard let eq = trimmed.firstIndex(of: "=") else { throw InputError("expected 'key = value', got '\(trimmed)'", at: at) }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f { value = String(value.dropFirst().dropLast()) }
            guard keys.contains(key) else {
                let close = keys.min { distance($0, key) < distance($1, key) }!
                throw InputError("unknown key '\(key)'", at: at, suggestion: "did you mean '\(close)'?")
            }
            if let previous = values[key] { throw InputError("key '\(key)' given twice (first at line \(previous.line))", at: at) }
            guard !value.isEmpty else { throw InputError("key '\(key)' has no value", at: at) }
            values[key] = (value, n + 1)
        }
        return TrainingDeck(values: values, source: source)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var prev = row[0]; row[0] = i
            for j in 1...max(1, y.count) where !y.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[y.count]
    }

    public func location(_ key: String) -> SourceLocation { SourceLocation(source: source, line: values[key]?.line) }

    public func string(_ key: String) -> String? { values[key]?.value }

    public func double(_ key: String, default d: Double) throws -> Double {
        guard let v = values[key] else { return d }
        guard let x = Double(v.value), x.isFinite else { throw InputError("'\(key)' must be a number, got '\(v.value)'", at: location(key)) }
        return x
    }

    public func int(_ key: String, default d: Int) throws -> Int {
        guard let v = values[key] else { return d }
        guard let x = Int(v.value) else { throw InputError("'\(key)' must be an integer, got '\(v.value)'", at: location(key)) }
        return x
    }

    public func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = values[key] else { return d }
        switch v.value.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw InputError("'\(key)' must be true or false, got '\(v.value)'", at: location(key))
        }
    }

    public func list(_ key: String) -> [String]? { values[key].map { $0.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init) } }

    public func doubles(_ key: String, default d: [Double]) throws -> [Double] {
        guard let l = list(key) else { return d }
        return try l.map { s in
            guard let x = Double(s), x.isFinite else { throw InputError("'\(key)': '\(s)' is not a number", at: location(key)) }
            return x
        }
    }

    public func choice<T>(_ key: String, _ options: [String: T], default d: T) throws -> T {
        guard let v = values[key] else { return d }
        guard let x = options[v.value.lowercased()] else {
            throw InputError("'\(key)' must be one of \(options.keys.sorted().joined(separator: ", ")), got '\(v.value)'", at: location(key))
        }
        return x
    }

    /// A path value resolved against the deck's folder.
    public func url(_ value: String) -> URL {
        if value.hasPrefix("/") { return URL(fileURLWithPath: value) }
        return URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent(value).standardized
    }
}
