import Foundation
import SeamCore
import SeamIO
import SeamNumerics
import SeamPotential

/// Potential cases: the shipped default HDNNP (forces and virial against finite differences of
/// its energy), the LJ13 global minimum, and n2p2 parity on the shared reference data (only
/// with `--reference-data`: that data is GPL and not shipped).
enum PotentialCases {
    static var all: [VerificationCase] {
        [hdnnpForces, hdnnpVirial, lj13] + parity.map(parityCase)
    }

    static let silicon = Element(symbol: "Si")!

    /// The default potential, one evaluation thread (the verification runs beside other work).
    static func defaultPotential(_ ctx: VerificationContext) throws -> HDNNP {
        guard FileManager.default.fileExists(atPath: ctx.potentialDirectory.appendingPathComponent("input.nn").path) else {
            throw InputError("no n2p2 potential (input.nn) in '\(ctx.potentialDirectory.path)'",
                             suggestion: "run from the Seam source folder or pass --potential DIR (default examples/potentials/Si-mlearn-nnp)")
        }
        return try N2P2PotentialLoader.load(directory: ctx.potentialDirectory, threadCount: 1)
    }

    /// A 64-atom periodic diamond-Si cell (a = 5.43 Å) with seeded random displacements
    /// (σ = 0.08 Å) and a small shear of the cell: no symmetry makes any force vanish.
    static func rattledSilicon() throws -> Structure {
        var s = Crystal.diamond(silicon, a: 5.43).replicated(2, 2, 2)
        var g = SeededGenerator(seed: 11)
        s.positions = s.positions.map { $0 + 0.08 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
        return s.deformed(by: Mat3([1.01, 0.02, 0, 0, 0.99, 0.01, 0, 0, 1]))
    }

    /// Largest |F_analytic + ∂E/∂x (central difference)| over the chosen atoms, relative to the
    /// largest force component, smallest over the steps h, h/2, h/4 (1e-4 Å).
    static var hdnnpForces: VerificationCase {
        VerificationCase(name: "hdnnp-si-forces-fd", family: .potential,
                         quantity: "max relative error of default-potential (Si HDNNP) forces vs -dE/dx by central differences",
                         reference: .value(0), source: "consistency: F = -∂E/∂x (central differences, O(h^2))", tolerance: .absolute(1e-6)) { ctx in
            let p = try defaultPotential(ctx)
            let s = try rattledSilicon()
            let atoms = ctx.pick(quick: [0, 37], full: [0, 9, 18, 27, 36, 45, 54, 63])
            let forces = try p.evaluate(s, request: [.energy, .forces]).forces
            let scale = forces.map(\.maxAbs).max() ?? 1
            var best = Double.infinity
            for h in [1e-4, 5e-5, 2.5e-5] {
                var worst = 0.0
                for i in atoms { for a in 0..<3 {
                    var plus = s, minus = s
                    plus.positions[i][a] += h; minus.positions[i][a] -= h
                    let fd = -(try p.energy(plus) - p.energy(minus)) / (2 * h)
                    worst = max(worst, abs(fd - forces[i][a]) / scale)
                } }
                best = min(best, worst)
            }
            return VerificationMeasurement(best, note: "\(s.count) atoms, \(atoms.count) checked, largest force \(VerificationFormat.number(scale)) eV/Å")
        }
    }

    /// Largest |W_ab + ∂E/∂ε_ab (central difference, h = 1e-5)| relative to max|W|: the virial
    /// W = -∂E/∂ε under the homogeneous deformation I + ε of cell and atoms.
    static var hdnnpVirial: VerificationCase {
        VerificationCase(name: "hdnnp-si-virial-fd", family: .potential,
                         quantity: "max relative error of the default-potential virial vs -dE/dε by finite strain",
                         reference: .value(0), source: "consistency: W = -∂E/∂ε (central differences, O(h^2))", tolerance: .absolute(1e-6)) { ctx in
            let p = try defaultPotential(ctx)
            let s = try rattledSilicon()
            let w = try p.evaluate(s, request: [.energy, .virial]).virial
            let h = 1e-5
            var worst = 0.0
            for a in 0..<3 { for b in 0..<3 {
                var ep = Mat3.identity, em = Mat3.identity
                ep[a, b] += h; em[a, b] -= h
                let fd = -(try p.energy(s.deformed(by: ep)) - p.energy(s.deformed(by: em))) / (2 * h)
                worst = max(worst, abs(fd - w[a, b]) / w.maxAbs)
            } }
            return VerificationMeasurement(worst, note: "largest virial component \(VerificationFormat.number(w.maxAbs)) eV")
        }
    }

    /// A perturbed 13-atom icosahedron relaxed with L-BFGS under plain 12-6 LJ (every pair
    /// inside the switch onset): the global minimum energy of LJ13.
    static var lj13: VerificationCase {
        VerificationCase(name: "lj13-global-minimum", family: .potential, quantity: "relaxed energy of a perturbed LJ13 icosahedron, ε",
                         reference: .value(-44.326801), source: "Wales & Doye, J. Phys. Chem. A 101, 5111 (1997)",
                         tolerance: .absolute(1e-6)) { _ in
            let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 4, switchWidth: 1)
            let phi = (1 + 5.0.squareRoot()) / 2
            var v: [Vec3] = [.zero]
            for a in [-1.0, 1.0] { for b in [-phi, phi] { v += [Vec3(0, a, b), Vec3(a, b, 0), Vec3(b, 0, a)] } }
            let scale = 1.12 / (1 + phi * phi).squareRoot()
            var g = SeededGenerator(seed: 3)
            let start = v.map { scale * $0 + 0.08 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
            let s = try Structure(elements: Array(repeating: Element(symbol: "Ar")!, count: 13), positions: start)
            let r = try Relaxation.relaxPositions(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-7, maxIterations: 2000))
            guard r.converged else { throw NumericalError(.noConvergence, "LJ13 relaxation stopped at max force \(r.maxForce) after \(r.iterations) iterations") }
            return VerificationMeasurement(r.energy, note: String(format: "start %.4f ε, %d iterations", try lj.energy(s), r.iterations))
        }
    }

    /// n2p2's own regression values (shared/data/README.md): total energy of the example
    /// configuration in the potential's unit; tolerance 1e-10 per atom.
    struct Parity: Sendable {
        var name: String, folder: String, file: String, atoms: Int, energy: Double, length: LengthUnit, energyUnit: EnergyUnit
    }
    static let parity = [
        Parity(name: "n2p2-parity-h2o", folder: "n2p2/H2O_RPBE-D3", file: "input.data.h2o_360_liquid", atoms: 1080,
               energy: -2.7564547347815904E+04, length: .bohr, energyUnit: .hartree),
        Parity(name: "n2p2-parity-cu2s", folder: "n2p2/Cu2S_PBE", file: "input.data.cu2s_144", atoms: 144,
               energy: -5.7365603183874578E+02, length: .angstrom, energyUnit: .ev),
        Parity(name: "n2p2-parity-dmabn", folder: "n2p2/DMABN_SCAN", file: "input.data.dmabn_21", atoms: 21,
               energy: -7.6864264790108564E+01, length: .bohr, energyUnit: .hartree),
    ]

    static func parityCase(_ p: Parity) -> VerificationCase {
        VerificationCase(name: p.name, family: .potential,
                         quantity: "total energy of \(p.folder)/\(p.file) (\(p.atoms) atoms), the potential's own energy unit",
                         reference: .value(p.energy), source: "n2p2 regression value (CompPhysVienna/n2p2 examples; shared/data/README.md)",
                         tolerance: .absolute(1e-10 * Double(p.atoms)), needsReferenceData: true) { ctx in
            guard let root = ctx.referenceData else { throw InputError("\(p.name) needs --reference-data DIR") }
            let dir = root.appendingPathComponent(p.folder)
            let potential = try N2P2PotentialLoader.load(directory: dir, lengthUnit: p.length, energyUnit: p.energyUnit, threadCount: 1)
            guard let config = try N2P2Data.read(dir.appendingPathComponent(p.file)).first else {
                throw InputError("no configuration in the file", at: SourceLocation(source: dir.appendingPathComponent(p.file).path))
            }
            let s = config.structure.scaledLengths(by: p.length.inAngstrom)
            guard s.count == p.atoms else { throw InputError("\(p.file) has \(s.count) atoms, expected \(p.atoms)") }
            return VerificationMeasurement(try potential.energy(s) / p.energyUnit.inElectronvolt)
        }
    }
}
