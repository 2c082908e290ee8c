/// Every reference case `seam verify` knows, in the order they run (family by family).
public enum VerificationCatalogue {
    public static var cases: [VerificationCase] {
        FEMCases.all + PotentialCases.all + CohesiveCases.all + CouplingCases.all
    }

    /// The cases selected by name or family (neither: all). Unknown names are input errors that
    /// list the known ones.
    public static func select(name: String?, family: String?) throws -> [VerificationCase] {
        var chosen = cases
        if let family {
            guard let f = VerificationFamily(rawValue: family.lowercased()) else {
                throw VerificationSelectionError("unknown family '\(family)'; families: \(VerificationFamily.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            chosen = chosen.filter { $0.family == f }
        }
        if let name {
            guard let c = chosen.first(where: { $0.name == name }) else {
                let near = cases.map(\.name).filter { $0.contains(name) || name.contains($0) }
                throw VerificationSelectionError("unknown case '\(name)'" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")
                                                 + " (seam verify --list shows every case)")
            }
            chosen = [c]
        }
        return chosen
    }
}

/// A `--case` or `--family` that names nothing `seam verify` knows.
public struct VerificationSelectionError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
