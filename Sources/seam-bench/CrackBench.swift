import Foundation
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// Crack benchmark: a (010)[001] crack in argon-like Lennard-Jones fcc (ε = 0.0104 eV,
/// σ = 3.405 Å, r_c = 8 Å with a 1.5 Å switch, lattice constant at the potential's minimum)
/// under the anisotropic K-field of the potential's own Cauchy-Born constants. For each domain
/// size N x N cells (atomistic region R x R cells about the tip), the coupled and the
/// full-atomistic problem find K_+ (crack advance, bisection on fresh relaxations) and print
/// K_+ of each, their difference, the wall times and the cost ratio full/coupled.
///
/// The continuum is Cauchy-Born within a band about the atoms and the linear law with the same
/// constants beyond: `--bands 8,all` runs the coupled problem for each band width (Å; `all` =
/// Cauchy-Born everywhere, the cost before the switch), default 8; the cost ratio uses the first.
///
/// Both solvers converge to `--tolerance` eV/Å (default 1e-4; the tip criterion needs no more).
///
/// Arguments: `--sizes N1,N2,...` (default 16,24,32), `--region R` (default 8),
/// `--coarsening r` (default 1.5), `--bisections n` (default 3), `--trapping` (also K_-).
func runCrackBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let sizes = (value("--sizes") ?? "16,24,32").split(separator: ",").compactMap { Int($0) }
    let region = value("--region").flatMap { Int($0) } ?? 8
    let ratio = value("--coarsening").flatMap { Double($0) } ?? 1.5
    let bisections = value("--bisections").flatMap { Int($0) } ?? 3
    let trapping = arguments.contains("--trapping")
    let tolerance = value("--tolerance").flatMap { Double($0) } ?? 1e-4
    let bands = (value("--bands") ?? "8").split(separator: ",").compactMap { $0 == "all" ? Double.infinity : Double($0) }
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let argon = Element(symbol: "Ar")!
        let lj = try LennardJones(epsilon: 0.0104, sigma: 3.405, cutoff: 8.0, switchWidth: 1.5)
        let a = try equilibriumFCCLatticeConstant(lj, argon, near: 5.26)
        print("# crack benchmark: LJ fcc (010)[001], a = \(String(format: "%.4f", a)) Å, region \(region) x \(region) cells, coarsening \(ratio), Cauchy-Born bands \(bands) Å (linear law with the same C_ij beyond)")
        var lastRatio = 0.0
        for n in sizes {
            var kPlus: [String: Double] = [:], time: [String: Double] = [:]
            var kG = 0.0
            for (b, band) in bands.enumerated() {
                var config = try KFieldCrackConfiguration.fcc(argon, latticeConstant: a, cellsX: n, cellsY: n,
                                                              atomisticCellsX: region, atomisticCellsY: region, padDepth: 8.0)
                config.coarseningRatio = ratio
                config.cauchyBornBand = band.isFinite ? band : nil
                config.solver.forceTolerance = tolerance
                config.fullAtomisticForceTolerance = tolerance
                let problem = try KFieldCrackProblem(configuration: config, potential: lj)
                let cbCells = problem.material.usesNear.filter { $0 }.count
                if b == 0 {
                    let gamma = try problem.surfaceEnergy()
                    kG = problem.kField.griffithStressIntensity(surfaceEnergy: gamma)
                    print("# N = \(n): \(problem.coupled.realAtoms.count) real + \(problem.coupled.padAtoms.count) pad atoms, \(problem.coupled.model.mesh.cellCount) triangles; full \(problem.fullStructure.count) atoms")
                    print("RESULT crack_surface_energy_N\(n) \(String(format: "%.6f", gamma)) eV/A^2 (\(String(format: "%.4f", gamma * Units.joulePerSquareMetrePerEvPerSquareAngstrom)) J/m^2)")
                    print("RESULT crack_griffith_K_N\(n) \(String(format: "%.5f", kG)) eV/A^2.5 (\(String(format: "%.5f", Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: kG))) MPa m^0.5; E' = \(String(format: "%.5f", problem.kField.modeIModulus)) eV/A^3)")
                }
                let modes: [CrackSolverMode] = b == 0 ? [.coupled, .fullAtomistic] : [.coupled]
                for mode in modes {
                    let name = mode == .coupled ? "coupled_band\(band.isFinite ? String(Int(band)) : "all")" : "full"
                    if mode == .coupled { print("# \(name): \(cbCells) of \(problem.coupled.model.mesh.cellCount) triangles Cauchy-Born") }
                    let t0 = now()
                    let result = try problem.latticeTrapping(mode, start: kG, relativeStep: 0.05, bisections: bisections,
                                                             healing: trapping, progress: { r, o in
                        print("#   \(name) K = \(String(format: "%.5f", r.k)) (K/K_G \(String(format: "%.4f", r.k / kG))): tip \(String(format: "%+.3f", r.tipAdvance)) Å, \(r.brokenBonds) broken, \(r.iterations) it, \(o.rawValue)")
                    })
                    time[name] = now() - t0
                    kPlus[name] = result.advanceK
                    print("RESULT crack_K_plus_\(name)_N\(n) \(String(format: "%.5f", result.advanceK)) eV/A^2.5 (K_+/K_G \(String(format: "%.4f", result.advanceK / kG)), bracket \(String(format: "%.4f", result.advanceBracket.trapped / kG))-\(String(format: "%.4f", result.advanceBracket.advanced / kG)) K_G)")
                    if trapping {
                        print("RESULT crack_K_minus_\(name)_N\(n) \(String(format: "%.5f", result.healingK!)) eV/A^2.5 (K_-/K_G \(String(format: "%.4f", result.healingK! / kG)), bracket \(String(format: "%.4f", result.healingBracket!.healed / kG))-\(String(format: "%.4f", result.healingBracket!.trapped / kG)) K_G)")
                    }
                    print("RESULT crack_time_\(name)_N\(n) \(String(format: "%.3f", time[name]!)) s (\(result.records.count) relaxations)")
                }
            }
            for (name, k) in kPlus.sorted(by: { $0.key < $1.key }) where name != "full" {
                let diff = (k - kPlus["full"]!) / kPlus["full"]!
                print("RESULT crack_K_plus_difference_\(name)_N\(n) \(String(format: "%+.4f", 100 * diff)) % (goal |d| <= 2%)")
                print("RESULT crack_cost_ratio_\(name)_N\(n) \(String(format: "%.3f", time["full"]! / time[name]!)) ratio (full/coupled)")
            }
            let first = bands[0]
            lastRatio = time["full"]! / time["coupled_band\(first.isFinite ? String(Int(first)) : "all")"]!
        }
        print("RESULT crack_cost_ratio_full_over_coupled \(String(format: "%.3f", lastRatio)) ratio (goal >= 20 on the largest case, first band)")
    } catch {
        print("crack benchmark failed: \(error)")
    }
}

/// Lattice constant (Å) minimising the energy per atom of the fcc crystal (golden section in
/// [0.95 a, 1.05 a] about the guess).
func equilibriumFCCLatticeConstant(_ potential: some Potential, _ element: Element, near guess: Double) throws -> Double {
    func e(_ a: Double) throws -> Double { try potential.energy(Crystal.fcc(element, a: a)) }
    var lo = 0.95 * guess, hi = 1.05 * guess
    let g = (5.0.squareRoot() - 1) / 2
    var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
    var f1 = try e(x1), f2 = try e(x2)
    while hi - lo > 1e-7 {
        if f1 < f2 { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = try e(x1) }
        else { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = try e(x2) }
    }
    return 0.5 * (lo + hi)
}
