import Foundation
import SeamCore
import SeamPotential

/// Langevin dynamics with the BAOAB splitting (Leimkuhler and Matthews, Appl. Math. Res.
/// Express. 2013, 34): half kick B, half drift A, the exact Ornstein-Uhlenbeck step O, half
/// drift A, new forces, half kick B:
///
///     v ← v + (Δt/2) F/m;  x ← x + (Δt/2) v;  v ← c₁ v + c₂ sqrt(k_B T/m) ξ;
///     x ← x + (Δt/2) v;   F ← F(x);           v ← v + (Δt/2) F/m,
///
/// with c₁ = exp(-γΔt), c₂ = sqrt(1 - c₁²) and ξ standard normal. Units: positions Å,
/// velocities Å/fs, time fs, friction γ in 1/fs, masses amu (`Element.mass`), forces eV/Å;
/// F/m in eV/(Å amu) is converted to Å/fs² by `Units.evPerAmuAngstromSquaredPerFemtosecondSquared`.
///
/// Hand-written: a sampler for active learning needs only a thermostatted trajectory, and
/// BAOAB samples configurations with O(Δt²) error at large steps, which is what matters here.
public struct LangevinIntegrator: Sendable, Hashable {
    /// Target temperature, K.
    public var temperatureKelvin: Double
    /// Time step, fs.
    public var timeStep: Double
    /// Friction γ, 1/fs.
    public var friction: Double

    public init(temperatureKelvin: Double, timeStep: Double, friction: Double) throws {
        guard temperatureKelvin >= 0, timeStep > 0, friction >= 0 else {
            throw InputError("Langevin dynamics needs T >= 0 K, a positive time step (fs) and friction >= 0 (1/fs); got \(temperatureKelvin), \(timeStep), \(friction)")
        }
        self.temperatureKelvin = temperatureKelvin; self.timeStep = timeStep; self.friction = friction
    }

    /// Maxwell-Boltzmann velocities (Å/fs) at the target temperature.
    public func thermalVelocities(masses: [Double], using rng: inout SeededGenerator) -> [Vec3] {
        let kT = Units.boltzmannEvPerKelvin * temperatureKelvin / Units.evPerAmuAngstromSquaredPerFemtosecondSquared
        return masses.map { m in (kT / m).squareRoot() * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian()) }
    }

    /// Advances one step. `forces` holds F(x) on entry and F(x') on exit; `force` evaluates
    /// forces (eV/Å) at new positions.
    public func step(positions: inout [Vec3], velocities: inout [Vec3], forces: inout [Vec3], masses: [Double],
                     using rng: inout SeededGenerator, force: ([Vec3]) throws -> [Vec3]) rethrows {
        let dt = timeStep, conv = 1 / Units.evPerAmuAngstromSquaredPerFemtosecondSquared
        let c1 = exp(-friction * dt), c2 = (1 - c1 * c1).squareRoot()
        let kT = Units.boltzmannEvPerKelvin * temperatureKelvin * conv
        for i in positions.indices {
            velocities[i] += (0.5 * dt * conv / masses[i]) * forces[i]
            positions[i] += (0.5 * dt) * velocities[i]
            velocities[i] = c1 * velocities[i] + (c2 * (kT / masses[i]).squareRoot()) * Vec3(rng.gaussian(), rng.gaussian(), rng.gaussian())
            positions[i] += (0.5 * dt) * velocities[i]
        }
        forces = try force(positions)
        for i in positions.indices { velocities[i] += (0.5 * dt * conv / masses[i]) * forces[i] }
    }

    /// Instantaneous kinetic temperature 2 K / (3 N k_B), K.
    public static func kineticTemperature(velocities: [Vec3], masses: [Double]) -> Double {
        var k = 0.0
        for (v, m) in zip(velocities, masses) { k += 0.5 * m * v.normSquared }
        return 2 * k * Units.evPerAmuAngstromSquaredPerFemtosecondSquared / (3 * Double(max(1, velocities.count)) * Units.boltzmannEvPerKelvin)
    }
}
