/// Every reference case `seam verify` knows, in the order they run (family by family).
///
/// Design notes. The cases restate the physics of the regression tests (Tests/SeamFEMTests,
/// SeamPotentialTests, SeamCohesiveTests, SeamCouplingTests) through the public library API,
/// so that an installed `seam` can check itself without the test bundle. Each case is a value
/// (`VerificationCase`): name, family, quantity with its unit, reference and its source,
/// tolerance, and a closure that computes the quantity at the size the context asks for.
/// References are closed forms or published values where such exist; where the reference is
/// itself a computation (a Born lattice sum, 2γ from slab energies, Hertz at the computed
/// load) it is written independently here and evaluated in the same run. Nothing is cached
/// between cases and nothing global is read: a case sees only its `VerificationContext`.
/// To add a case, append it to its family's `all` list; the CLI tests then require it to pass
/// at the quick size and to be listed with its reference.
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
