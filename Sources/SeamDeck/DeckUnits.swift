import SeamCore

/// Physical dimensions a deck quantity can have, each with the units a deck may write and their
/// size in Seam's internal units (eV, Å; stress eV/Å^3; energy per area eV/Å^2).
///
/// A quantity is written as a string with its unit (`"10 nm"`, `"2.1 J/m^2"`, `"130 GPa"`), or
/// as a bare number when the deck's `[units]` table declares a default for that dimension
/// (`length = "nm"`). A bare number without a declared default is an error: Seam never guesses.
public enum Dimension: String, Sendable, CaseIterable {
    case length, energy, stress, energyPerArea = "energy_per_area", stiffnessPerArea = "penalty"
    case stressIntensity = "stress_intensity"

    /// Accepted unit spellings and their size in internal units.
    public var units: [(name: String, factor: Double)] {
        let gpa = 1 / Units.gigapascalPerEvPerCubicAngstrom
        let jm2 = 1 / Units.joulePerSquareMetrePerEvPerSquareAngstrom
        switch self {
        case .length:
            return [("angstrom", 1), ("Å", 1), ("Angstrom", 1), ("nm", 10), ("pm", 0.01), ("bohr", Units.angstromPerBohr)]
        case .energy:
            return [("eV", 1), ("ev", 1), ("meV", 1e-3), ("hartree", Units.evPerHartree), ("Ha", Units.evPerHartree)]
        case .stress:
            return [("GPa", gpa), ("MPa", 1e-3 * gpa), ("eV/angstrom^3", 1), ("eV/Å^3", 1)]
        case .energyPerArea:
            // N/m (force per length of a cylinder) has the same size as J/m^2.
            return [("J/m^2", jm2), ("mJ/m^2", 1e-3 * jm2), ("N/m", jm2), ("eV/angstrom^2", 1), ("eV/Å^2", 1)]
        case .stiffnessPerArea:
            return [("GPa/angstrom", gpa), ("GPa/Å", gpa), ("GPa/nm", 0.1 * gpa), ("eV/angstrom^4", 1), ("eV/Å^4", 1)]
        case .stressIntensity:
            let k = 1 / Units.megapascalRootMetrePerEvPerAngstromToTheFiveHalves
            return [("MPa*m^0.5", k), ("MPa*m^1/2", k), ("MPa√m", k), ("eV/angstrom^2.5", 1), ("eV/Å^2.5", 1)]
        }
    }

    /// Human-readable dimension name.
    public var label: String {
        switch self {
        case .length: "a length"
        case .energy: "an energy"
        case .stress: "a stress"
        case .energyPerArea: "an energy per area (or force per length)"
        case .stiffnessPerArea: "a penalty stiffness (pressure per length)"
        case .stressIntensity: "a stress intensity factor"
        }
    }

    /// The internal-unit size of `unit` in this dimension, if it is one of its spellings.
    public func factor(of unit: String) -> Double? { units.first { $0.name == unit }?.factor }

    /// The dimension a unit spelling belongs to (for "wrong unit" messages).
    public static func of(unit: String) -> Dimension? { allCases.first { $0.factor(of: unit) != nil } }

    /// A short list of the preferred spellings, for messages.
    public var spellings: String {
        units.map(\.name).filter { !$0.contains("Å") && $0 != "Angstrom" && $0 != "ev" && $0 != "Ha" }.joined(separator: ", ")
    }
}

/// Splits `"12.5 nm"` into (12.5, "nm"); nil if the text does not start with a number.
func splitQuantity(_ text: String) -> (value: Double, unit: String)? {
    let t = text.trimmingCharacters(in: " \t")
    var end = t.startIndex
    while end < t.endIndex, "0123456789+-.eE_".contains(t[end]) {
        // An 'e' followed by a letter starts the unit ("5 eV" is split by the space anyway).
        if t[end] == "e" || t[end] == "E" {
            let next = t.index(after: end)
            if next == t.endIndex || !"0123456789+-".contains(t[next]) { break }
        }
        end = t.index(after: end)
    }
    guard end > t.startIndex, let v = Double(t[t.startIndex..<end].filter { $0 != "_" }) else { return nil }
    return (v, String(t[end...]).trimmingCharacters(in: " \t"))
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
