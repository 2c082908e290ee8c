import Foundation
import SeamCore
import SeamPotential

/// Loads n2p2 potential directories (`input.nn`, `scaling.data`, `weights.ZZZ.data`) into
/// `HDNNP` or `Committee` values; the only part of the HDNNP engine that opens files.
///
/// n2p2 files carry no units. They come from the arguments or, failing that, from a small
/// `seam-units.txt` beside the potential with the lines `length = angstrom|bohr` and
/// `energy = ev|hartree`; with neither, loading fails rather than guess.
public enum N2P2PotentialLoader {
    /// Name of the optional units file in a potential directory.
    public static let unitsFileName = "seam-units.txt"

    /// Loads one potential.
    ///
    /// - Parameters:
    ///   - directory: the potential folder.
    ///   - lengthUnit, energyUnit: the files' units; override `seam-units.txt`.
    ///   - threadCount: evaluation threads (nil = all processors).
    public static func load(directory: URL, lengthUnit: LengthUnit? = nil, energyUnit: EnergyUnit? = nil,
                            threadCount: Int? = nil) throws -> HDNNP {
        let parts = try readParts(directory)
        let units = try resolveUnits(directory: directory, lengthUnit: lengthUnit, energyUnit: energyUnit)
        return try HDNNP(settings: parts.settings, scaling: parts.scaling, networks: parts.networks,
                         lengthUnit: units.length, energyUnit: units.energy, threadCount: threadCount)
    }

    /// Loads a committee: several potential directories with identical settings and scaling
    /// but different weights. Units are resolved from the first directory.
    public static func loadCommittee(directories: [URL], lengthUnit: LengthUnit? = nil, energyUnit: EnergyUnit? = nil,
                                     threadCount: Int? = nil) throws -> Committee {
        guard let first = directories.first else { throw InputError("a committee needs at least one potential directory") }
        let parts = try directories.map(readParts)
        let units = try resolveUnits(directory: first, lengthUnit: lengthUnit, energyUnit: energyUnit)
        for (k, p) in parts.enumerated().dropFirst() {
            let a = p.settings, b = parts[0].settings
            guard a.symmetryFunctions.map({ $0.map(\.withoutLocation) }) == b.symmetryFunctions.map({ $0.map(\.withoutLocation) }),
                  a.elements == b.elements, a.cutoffKind == b.cutoffKind, a.cutoffAlpha == b.cutoffAlpha,
                  a.scalingMode == b.scalingMode, a.scaleMin == b.scaleMin, a.scaleMax == b.scaleMax,
                  a.normalization == b.normalization, a.atomEnergies == b.atomEnergies else {
                throw InputError("committee member differs from the first in elements, symmetry functions, cutoff, scaling or normalisation",
                                 at: SourceLocation(source: directories[k].appendingPathComponent("input.nn").path))
            }
            guard p.scaling == parts[0].scaling else {
                throw InputError("committee member has different scaling data than the first",
                                 at: SourceLocation(source: directories[k].appendingPathComponent("scaling.data").path))
            }
        }
        return try Committee(settings: parts[0].settings, scaling: parts[0].scaling, members: parts.map(\.networks),
                             lengthUnit: units.length, energyUnit: units.energy, threadCount: threadCount)
    }

    /// Member folders of a committee directory: its subdirectories named `member-K` (K = 0, 1,
    /// ...; the layout `seam train` writes for `committee_size` > 1), in order of K. Empty when
    /// `directory` has none (for example when it is a single potential).
    public static func committeeMemberDirectories(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name -> (Int, URL)? in
            guard name.hasPrefix("member-"), let k = Int(name.dropFirst("member-".count)) else { return nil }
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("input.nn").path) else { return nil }
            return (k, url)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Loads a committee directory (`member-0`, `member-1`, ... subfolders, each an n2p2
    /// potential; units from `seam-units.txt` in the first member unless given).
    ///
    /// - Throws: `InputError` at `directory` when it holds no member folders, or as
    ///   `loadCommittee(directories:)` does.
    public static func loadCommittee(directory: URL, lengthUnit: LengthUnit? = nil, energyUnit: EnergyUnit? = nil,
                                     threadCount: Int? = nil) throws -> Committee {
        let members = committeeMemberDirectories(in: directory)
        guard !members.isEmpty else {
            throw InputError("no committee member folders (member-0, member-1, ... with input.nn) in this directory",
                             at: SourceLocation(source: directory.path))
        }
        return try loadCommittee(directories: members, lengthUnit: lengthUnit, energyUnit: energyUnit, threadCount: threadCount)
    }

    /// Loads the potential a directory holds: one n2p2 potential (`input.nn` in it) or a committee
    /// directory (`member-0`, `member-1`, ... subfolders). Used wherever a user names a potential
    /// by its folder (CLI `--potential`, decks' `[potential] n2p2`).
    public static func loadAny(directory: URL, lengthUnit: LengthUnit? = nil, energyUnit: EnergyUnit? = nil,
                               threadCount: Int? = nil) throws -> any Potential {
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("input.nn").path),
           !committeeMemberDirectories(in: directory).isEmpty {
            return try loadCommittee(directory: directory, lengthUnit: lengthUnit, energyUnit: energyUnit, threadCount: threadCount)
        }
        return try load(directory: directory, lengthUnit: lengthUnit, energyUnit: energyUnit, threadCount: threadCount)
    }

    /// Parses `seam-units.txt`: lines `length = angstrom|bohr`, `energy = ev|hartree`, `#` comments.
    public static func parseUnits(_ text: String, source: String) throws -> (length: LengthUnit?, energy: EnergyUnit?) {
        var length: LengthUnit?, energy: EnergyUnit?
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(raw)
            if let h = line.firstIndex(of: "#") { line = line[..<h] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let at = SourceLocation(source: source, line: n + 1)
            let kv = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard kv.count == 2 else { throw InputError("expected 'key = value', got '\(trimmed)'", at: at) }
            let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            switch kv[0] {
            case "length":
                guard let u = LengthUnit(rawValue: value) else { throw InputError("unknown length unit '\(value)'", at: at, suggestion: "angstrom or bohr") }
                length = u
            case "energy":
                guard let u = EnergyUnit(rawValue: value) else { throw InputError("unknown energy unit '\(value)'", at: at, suggestion: "ev or hartree") }
                energy = u
            default:
                throw InputError("unknown key '\(kv[0])'", at: at, suggestion: "length or energy")
            }
        }
        return (length, energy)
    }

    static func resolveUnits(directory: URL, lengthUnit: LengthUnit?, energyUnit: EnergyUnit?) throws -> (length: LengthUnit, energy: EnergyUnit) {
        var l = lengthUnit, e = energyUnit
        let file = directory.appendingPathComponent(unitsFileName)
        if (l == nil || e == nil), FileManager.default.fileExists(atPath: file.path) {
            let parsed = try parseUnits(try readText(file), source: file.path)
            l = l ?? parsed.length; e = e ?? parsed.energy
        }
        guard let l, let e else {
            throw InputError("n2p2 files carry no units; pass --length-unit/--energy-unit or add seam-units.txt",
                             at: SourceLocation(source: directory.path))
        }
        return (l, e)
    }

    struct Parts { var settings: N2P2Settings; var scaling: ScalingData; var networks: [ElementNetwork] }

    static func readParts(_ directory: URL) throws -> Parts {
        let inputURL = directory.appendingPathComponent("input.nn")
        let settings = try N2P2Settings.parse(try readText(inputURL), source: inputURL.path)
        let scalingURL = directory.appendingPathComponent("scaling.data")
        let scaling = try ScalingData.parse(try readText(scalingURL), source: scalingURL.path,
                                            counts: settings.symmetryFunctions.map(\.count))
        let networks = try settings.elements.indices.map { k -> ElementNetwork in
            let name = String(format: "weights.%03d.data", settings.elements[k].atomicNumber)
            let url = directory.appendingPathComponent(name)
            return try ElementNetwork.parse(try readText(url), source: url.path, layerSizes: settings.layerSizes[k],
                                            activations: settings.activations[k], normalizeNodes: settings.normalizeNodes)
        }
        return Parts(settings: settings, scaling: scaling, networks: networks)
    }

    static func readText(_ url: URL) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw InputError("missing file", at: SourceLocation(source: url.path))
        }
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError("cannot read file: \(error.localizedDescription)", at: SourceLocation(source: url.path))
        }
    }
}

extension SymmetryFunction {
    /// The same function without its source location (for comparing committee members).
    var withoutLocation: SymmetryFunction { var s = self; s.location = nil; return s }
}
