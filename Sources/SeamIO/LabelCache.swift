import Foundation
import SeamCore
import SeamPotential
import SeamTraining

/// Oracle labels keyed by configuration, kept in an append-only extended XYZ file (eV, Å,
/// eV/Å, eV/Å^3), so that an expensive oracle (DFT, tight binding) is asked about each
/// configuration once, ever: a rerun of an active-learning deck, or a benchmark that samples
/// randomly from the same trajectories, replays the labels it already has.
///
/// The key is the species, the periodicity, the cell and the positions written with 6
/// decimals (1e-6 Å): a deterministic rerun reproduces positions bit for bit, and labels of
/// configurations closer than that are interchangeable at any oracle's precision.
///
/// A `final class`: it owns a file and grows as labels arrive (identity matters).
public final class LabelCache {
    /// The cache file (created on the first stored label).
    public let url: URL
    private var table: [String: OracleLabel] = [:]

    /// Opens the cache at `url`, reading every frame already there and, read-only, the labelled
    /// frames of `sources` (e.g. an active-learning run's `dataset.xyz`); files that do not
    /// exist are skipped. Each frame needs `energy` and forces (otherwise a located error).
    public init(url: URL, sources: [URL] = []) throws {
        self.url = url
        for file in sources + [url] where FileManager.default.fileExists(atPath: file.path) {
            for (k, f) in try ExtendedXYZ.read(from: file).enumerated() {
                guard let e = f.energy, let forces = f.forces else {
                    throw InputError("label-cache frame \(k + 1) has no energy or forces", at: SourceLocation(source: file.path))
                }
                table[Self.key(f.structure)] = OracleLabel(energy: e, forces: forces, stress: f.stress)
            }
        }
    }

    /// Labelled configurations in the cache.
    public var count: Int { table.count }

    /// The key of a configuration: species, periodicity, cell and positions to 1e-6 Å.
    public static func key(_ s: Structure) -> String {
        var k = s.elements.map(\.symbol).joined(separator: " ") + "|" + s.periodic.map { $0 ? "T" : "F" }.joined()
        for v in [s.cell.r0, s.cell.r1, s.cell.r2] + s.positions {
            k += String(format: "|%.6f %.6f %.6f", v.x, v.y, v.z)
        }
        return k
    }

    /// The cached label of `structure`, if any.
    public func label(for structure: Structure) -> OracleLabel? { table[Self.key(structure)] }

    /// Stores a label (appended to the file at once).
    public func store(_ label: OracleLabel, for structure: Structure) throws {
        let key = Self.key(structure)
        guard table[key] == nil else { return }
        try AppendOnlyFile.append(ExtendedXYZ.format(ExtendedXYZ.Frame(structure: structure, energy: label.energy, stress: label.stress,
                                                                       forces: label.forces)), to: url)
        table[key] = label
    }
}

/// An oracle that answers from a `LabelCache` and asks `base` only about configurations the
/// cache does not hold, storing each new success. Failures are not cached (the loop logs them).
public struct CachedOracle: QuantumOracle {
    public let cache: LabelCache
    public let base: any QuantumOracle
    public init(cache: LabelCache, base: any QuantumOracle) { self.cache = cache; self.base = base }

    public func label(_ structure: Structure) throws -> Result<OracleLabel, OracleFailure> {
        if let l = cache.label(for: structure) { return l.validated(for: structure) }
        let r = try base.label(structure)
        if case .success(let l) = r { try cache.store(l, for: structure) }
        return r
    }
}
