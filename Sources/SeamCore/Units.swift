/// Seam's one units module.
///
/// Internal units everywhere: energy eV, length Å, mass amu, time fs, temperature K.
/// Derived internal units: force eV/Å, stress eV/Å^3, energy per area eV/Å^2, traction eV/Å^3.
/// GPa, J/m^2 and other external units appear only at deck, CLI and file boundaries through
/// the named factors below (CODATA 2018 values).
public enum Units {
    /// 1 eV/Å^3 in GPa.
    public static let gigapascalPerEvPerCubicAngstrom = 160.21766208
    /// 1 eV/Å^2 in J/m^2.
    public static let joulePerSquareMetrePerEvPerSquareAngstrom = 16.021766208
    /// 1 Bohr in Å.
    public static let angstromPerBohr = 0.529177210903
    /// 1 Hartree in eV.
    public static let evPerHartree = 27.211386245988
    /// Boltzmann constant in eV/K.
    public static let boltzmannEvPerKelvin = 8.617333262e-5
    /// 1 amu·Å^2/fs^2 in eV (so that a = F/m with F in eV/Å and m in amu gives Å/fs^2 after dividing by this).
    public static let evPerAmuAngstromSquaredPerFemtosecondSquared = 103.642_696_562_122_2
    /// Reduced Planck constant in eV·fs.
    public static let hbarEvFemtosecond = 0.658_211_956_9
    /// 1 fs^-1 angular frequency to cm^-1 wavenumber: ω/(2πc), c = 2.99792458e-5 cm/fs.
    public static let wavenumberPerAngularFrequency = 1.0 / (2.0 * Double.pi * 2.99792458e-5)

    /// 1 eV/Å^{5/2} (stress intensity factor) in MPa·m^{1/2}: 1 eV/Å^{5/2} = 1 eV/Å^3 · Å^{1/2}
    /// = 160.218 GPa · 1e-5 m^{1/2} = 1.60218 MPa·m^{1/2} (1 Å^{1/2} = 1e-5 m^{1/2}); derived from
    /// the stress factor so that stress and K conversions agree exactly.
    public static let megapascalRootMetrePerEvPerAngstromToTheFiveHalves = gigapascalPerEvPerCubicAngstrom * 1e-5 * 1e3
    /// Converts a stress intensity factor from eV/Å^{5/2} to MPa·m^{1/2}.
    @inlinable public static func megapascalRootMetre(fromEvPerAngstromToTheFiveHalves k: Double) -> Double {
        k * megapascalRootMetrePerEvPerAngstromToTheFiveHalves
    }
    /// Converts a stress intensity factor from MPa·m^{1/2} to eV/Å^{5/2}.
    @inlinable public static func evPerAngstromToTheFiveHalves(fromMegapascalRootMetre k: Double) -> Double {
        k / megapascalRootMetrePerEvPerAngstromToTheFiveHalves
    }

    /// Converts stress from eV/Å^3 to GPa.
    @inlinable public static func gigapascal(fromEvPerCubicAngstrom s: Double) -> Double { s * gigapascalPerEvPerCubicAngstrom }
    /// Converts stress from GPa to eV/Å^3.
    @inlinable public static func evPerCubicAngstrom(fromGigapascal p: Double) -> Double { p / gigapascalPerEvPerCubicAngstrom }
}

/// A length unit a user may declare for a potential file (n2p2 files carry none).
public enum LengthUnit: String, Sendable, CaseIterable, Codable {
    case angstrom, bohr
    /// Size of one of this unit in Å.
    public var inAngstrom: Double { self == .angstrom ? 1 : Units.angstromPerBohr }
}

/// An energy unit a user may declare for a potential file.
public enum EnergyUnit: String, Sendable, CaseIterable, Codable {
    case ev, hartree
    /// Size of one of this unit in eV.
    public var inElectronvolt: Double { self == .ev ? 1 : Units.evPerHartree }
}
