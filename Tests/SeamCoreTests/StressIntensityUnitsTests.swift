import Testing
import SeamCore

/// 1 eV/Å^{5/2} = 1.602176634e-19 J / (1e-10 m)^{5/2} = 1.602176634e6 Pa·m^{1/2} (SI definitions
/// of the eV and the Å), independent of the stress factor the conversion is derived from.
@Test func stressIntensityConversionMatchesSIDefinitions() {
    let si = 1.602176634e-19 / (1e-10 * 1e-10 * 1e-5) / 1e6
    #expect(abs(Units.megapascalRootMetrePerEvPerAngstromToTheFiveHalves / si - 1) < 1e-8)
    let k = 0.37
    #expect(abs(Units.evPerAngstromToTheFiveHalves(fromMegapascalRootMetre: Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: k)) - k) < 1e-15)
}
