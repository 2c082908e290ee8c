import Foundation
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling
import SeamIO

/// Crack benchmark: a (010)[001] crack in argon-like Lennard-Jones fcc (ε = 0.0104 eV,
/// σ = 3.405 Å, r_c = 8 Å with a 1.5 Å switch, lattice constant at the potential's minimum)
/// under the anisotropic K-field of the potential's own Cauchy-Born constants. For each domain
/// size N x N cells (atomistic region R x R cells about the tip), the coupled and the
/// full-atomistic problem find K_+ (crack advance, bisection on fresh relaxations) and print
/// K_+ of each, their difference, the wall and CPU times and the cost ratio full/coupled
/// (process CPU time: the shared machine's load changes wall times by 2-5x within one run).
/// The last two lines are the headline for the largest size:
/// `RESULT crack_kplus_coupled_vs_full` and `RESULT crack_cost_ratio_full_over_coupled`.
///
/// The continuum is Cauchy-Born within a band about the atoms and the linear law with the same
/// constants beyond: `--bands 8,all` runs the coupled problem for each band width (Å; `all` =
/// Cauchy-Born everywhere, the cost before the switch), default 8; the cost ratio uses the first.
///
/// Both solvers converge to `--tolerance` eV/Å (default 1e-5). Why not 1e-4 (the default
/// before): the full-atomistic relaxation stopped after 21-83 L-BFGS iterations with its long
/// wavelengths unrelaxed, and its K_+ was not converged — K_+/K_G 1.044 → 1.034 at N = 64 and
/// 1.047 → 1.022 at N = 128 between 1e-4 and 1e-5 (N = 32: 1.058, 1.059, 1.053 at 1e-4, 1e-5,
/// 1e-6, within the 0.6% bracket); the coupled K_+ moved less (N = 64: 1.019 → 1.016).
///
/// `--silicon DIR` runs the Si HDNNP case instead (`runSiliconCrack`; `--sizes N --region R`).
///
/// Arguments: `--sizes N1,N2,...` (default 16,32,64), `--region R` (default 6),
/// `--coarsening r` (default 1.5), `--bisections n` (default 2), `--trapping` (also K_-),
/// `--phases` (one coupled solve at K_G, or at `--phases-k r` × K_G, with the baseline and the configured solver settings,
/// timed per phase, against the full-atomistic one), `--compare-baseline` (also the trapping
/// run with the settings before: Aitken, exact inner solves), `--anderson d` and
/// `--inner-factor f` (`CouplingSolverOptions.andersonDepth`, `.innerToleranceFactor`),
/// `--restart-growth g` (`.andersonRestartGrowth`, `inf` = off), `--max-alternations m`,
/// `--pad d` (pad and held-band depth, Å, default 8), `--no-full` (coupled only; with
/// `--phases`, `--no-baseline` also skips the baseline solve). Diagnostics: `--field-k r` (coupled and full relaxed at
/// r × K_G: displacement difference per ring about the tip, crack-opening ratio along the
/// faces, `--faces` prints the profile; `CrackFieldDiagnostic.swift`), `--schedule-k
/// r1,r2,...` (both modes loaded by continuation through r × K_G, tip per step).
///
/// Cost of the coupled solve (2026-11-25, same shared 2-core Zen machine, load average 5-6,
/// ratios from one process): the phase timing showed the continuum residuals (Cauchy-Born
/// points, 348 of the triangles) taking 2/3 of a solve, the atoms 1/8. Per-cell memo of the
/// Cauchy-Born responses (`CellSwitchedMaterial`), a one-evaluation stress-only Cauchy-Born
/// response, and Anderson acceleration (depth 3) of the interface map cut one solve at K_G
/// on 32 cells from 3.25 s to 0.63 s (alternations 19 → 13), on 64 cells from 29 to 14
/// alternations (1.36 → 0.80 s with the memo and stress change in both); the single-solve
/// ratio full/coupled at 64 cells is now 2.2 (1.3 with Aitken). The trapping run (K_+ search,
/// 4 relaxations at 64 cells) gives 1.2-1.6 (before 0.87; runs differ with the load): its
/// advancing-tip solves still take 17-60 alternations (at 1.0125 K_G, 64 cells: 54
/// alternations, 111 continuum Newton steps, 2.6 s against 2.4 s full atomistic; Aitken 87
/// alternations, 3.0 s). Inexact inner solves (`--inner-factor` 0.05-0.2 × the outer
/// residual) cut the L-BFGS iterations but mostly not the time: at 64 cells with Anderson,
/// factor 0.05 took 1.27 → 1.71 s at K_G, 2.9 → 5.2 s at 1.05 K_G, 2.6 → 1.8 s at 1.0125 K_G
/// (more alternations), so they stay off. At 64 cells the goal of 20 is not met this way;
/// the ratio grows with the domain instead (below).
///
/// Measured before (2026-11-25, 2 shared Zen cores, region 6, 2 bisections, tolerance 1e-4):
/// K_+/K_G full atomistic 1.106 (N = 16), 1.056 (32), 1.044 (64); coupled with an 8 Å
/// Cauchy-Born band 0.0%, −1.2%, −2.4% from it; K_-/K_G full 0.994 at every size, coupled
/// 0.994, 0.981, 0.969. Cost full/coupled 0.18, 1.47, 1.6 (wall).
///
/// Issue 6 follow-up (2026-11-25 evening, same machine, load average 6-13 from the other
/// engineers, so ratios are of process CPU time within one process; `seam-bench crack
/// --sizes N --bisections 3 --region R`):
/// - The drift of the difference with N was not the linear far field: Cauchy-Born everywhere
///   now converges at N = 64 and gives the same K_+ bracket as the 8 Å band (1.0125-1.025 K_G,
///   −2.4% at 1e-4); so do a uniform mesh (coarsening 1, 32,480 triangles) and the gap mesh
///   below. Pad depth 8/12/16 Å at N = 32 gives −1.8/−2.1/−1.5%. It was mostly the
///   unconverged full-atomistic reference (above): at tolerance 1e-5 the difference is −1.77%
///   (N = 32), −1.81% (64), −1.83% (128, region 10); at 1e-6, N = 32: −1.19%.
/// - At 1e-5 the continuum law does matter, a little: N = 64, K_+/K_G coupled 1.0156 with
///   Cauchy-Born bands of 8, 24 and 64 Å (region 6) and with regions 10 and 14 (band 8);
///   Cauchy-Born everywhere 1.0219 (region 6, −1.2%) and 1.0281 (regions 10 and 14, −0.6%)
///   against full 1.0344, at 2.3x the coupled CPU time (21.3 s against 9.4 s, region 10).
///   (Brackets are 0.6% wide: differences of one bracket are at the resolution.)
/// - What remains is near the tip: at 0.9 K_G, with the same tip state in both, the coupled
///   crack opening is 1-5% wider within 10 Å of the tip (`--field-k 0.9`; 1-2% with
///   Cauchy-Born everywhere at 1e-6), and by continuation (`--schedule-k`) the coupled tip
///   breaks its bonds 1-2% of K_G earlier, with intermediate a/4 steps the full model skips.
/// - N = 128 with region 6: the coupled solve at 1.05 K_G fails (the tip runs towards the
///   region's edge, the full-atomistic crack advances 7.9 Å there; Anderson without restart:
///   Cauchy-Born tangent not positive definite; with it: no convergence in 100 or 200
///   alternations). With region 10 it converges: K_+/K_G coupled 1.0031, full 1.0219,
///   −1.83%; CPU coupled 13.1 s (5 relaxations, 172 alternations), full 153.1 s (5
///   relaxations, 1315 L-BFGS iterations on 65,536 atoms): ratio 11.6 (wall 16.6). Cauchy-Born
///   everywhere (region 10): K_+/K_G 1.0094, −1.22%, CPU 36.9 s (171 alternations): ratio 4.2.
///   N = 64 at 1e-5, region 6: ratio 3.8 (wall; full 164-183 L-BFGS iterations per relaxation).
/// - N = 256 (262,144 atoms), region 12, band 8 (`--sizes 256 --bisections 3 --region 12`,
///   one process, load average 8-9): K_+/K_G coupled 0.9969 (bracket 0.9938-1.0000), full
///   1.0156 (1.0125-1.0188): −1.85%, within the 2% goal; CPU coupled 16.5 s (5 relaxations,
///   165 alternations), full 890.5 s (5 relaxations, 1912 L-BFGS iterations): cost ratio
///   54.0, goal of 20 met (wall 2313 s against 110 s, 21.0, with the load changing between
///   the two halves). The coupled K_+ lies just below K_G there (full: 1.016 K_G): the
///   −1.8% is the same near-tip bias as at 32-128 cells, not a new effect.
/// The cost ratio grows like N² over the coupled cost, which is nearly flat in N (graded mesh:
/// 13.1 s CPU at 128 cells with region 10, 16.5 s at 256 with region 12).
func runCrackBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    if let dir = value("--silicon") {
        runSiliconCrack(directory: dir, cells: value("--sizes").flatMap { Int($0) } ?? 10,
                        region: value("--region").flatMap { Int($0) } ?? 4)
        return
    }
    let sizes = (value("--sizes") ?? "16,32,64").split(separator: ",").compactMap { Int($0) }
    let region = value("--region").flatMap { Int($0) } ?? 6
    let ratio = value("--coarsening").flatMap { Double($0) } ?? 1.5
    let bisections = value("--bisections").flatMap { Int($0) } ?? 2
    let trapping = arguments.contains("--trapping")
    let tolerance = value("--tolerance").flatMap { Double($0) } ?? 1e-5
    let bands = (value("--bands") ?? "8").split(separator: ",").compactMap { $0 == "all" ? Double.infinity : Double($0) }
    let innerFactor = value("--inner-factor").flatMap { Double($0) } ?? CouplingSolverOptions().innerToleranceFactor
    let compareBaseline = arguments.contains("--compare-baseline")
    let phases = arguments.contains("--phases")
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let argon = Element(symbol: "Ar")!
        let lj = try LennardJones(epsilon: 0.0104, sigma: 3.405, cutoff: 8.0, switchWidth: 1.5)
        let a = try equilibriumFCCLatticeConstant(lj, argon, near: 5.26)
        print("# crack benchmark: LJ fcc (010)[001], a = \(String(format: "%.4f", a)) Å, region \(region) x \(region) cells, coarsening \(ratio), Cauchy-Born bands \(bands) Å (linear law with the same C_ij beyond)")
        print("# goal: coupled K_+ within 2% of full atomistic; cost ratio full/coupled >= 20 on the largest case")
        var last: (n: Int, ratio: Double, cpuRatio: Double, diff: Double, coupled: Double, full: Double)?
        for n in sizes {
            var kPlus: [String: Double] = [:], time: [String: Double] = [:], cpu: [String: Double] = [:]
            var kG = 0.0
            for (b, band) in bands.enumerated() {
                var config = try KFieldCrackConfiguration.fcc(argon, latticeConstant: a, cellsX: n, cellsY: n,
                                                              atomisticCellsX: region, atomisticCellsY: region,
                                                              padDepth: value("--pad").flatMap { Double($0) } ?? 8.0)
                config.coarseningRatio = ratio
                config.cauchyBornBand = band.isFinite ? band : nil
                config.solver.forceTolerance = tolerance
                config.solver.innerToleranceFactor = innerFactor
                if let d = value("--anderson").flatMap({ Int($0) }) { config.solver.andersonDepth = d }
                if let m = value("--max-alternations").flatMap({ Int($0) }) { config.solver.maxIterations = m }
                if let g = value("--restart-growth").flatMap({ Double($0) }) { config.solver.andersonRestartGrowth = g }
                config.fullAtomisticForceTolerance = tolerance
                let problem = try KFieldCrackProblem(configuration: config, potential: lj)
                let cbCells = problem.material.usesNear.filter { $0 }.count
                if b == 0 {
                    let gamma = try problem.surfaceEnergy()
                    kG = problem.kField.griffithStressIntensity(surfaceEnergy: gamma)
                    print("# N = \(n): \(problem.coupled.realAtoms.count) real + \(problem.coupled.padAtoms.count) pad atoms, \(problem.coupled.model.mesh.cellCount) triangles; full \(problem.fullStructure.count) atoms")
                    print("RESULT crack_surface_energy_N\(n) \(String(format: "%.6f", gamma)) eV/A^2 (\(String(format: "%.4f", gamma * Units.joulePerSquareMetrePerEvPerSquareAngstrom)) J/m^2)")
                    print("RESULT crack_griffith_K_N\(n) \(String(format: "%.5f", kG)) eV/A^2.5 (\(String(format: "%.5f", Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: kG))) MPa m^0.5; E' = \(String(format: "%.5f", problem.kField.modeIModulus)) eV/A^3)")
                    if let list = value("--schedule-k") {
                        let ks = list.split(separator: ",").compactMap { Double($0) }.map { $0 * kG }
                        for mode in [CrackSolverMode.coupled, .fullAtomistic] {
                            let t0 = now()
                            _ = try problem.run(mode, schedule: ks) { r in
                                print("#   \(mode.rawValue) K/K_G \(String(format: "%.4f", r.k / kG)): tip \(String(format: "%+.3f", r.tipAdvance)) Å, \(r.brokenBonds) broken, \(r.iterations) it, \(String(format: "%.2f", now() - t0)) s")
                            }
                        }
                        return
                    }
                    if let r = value("--field-k").flatMap({ Double($0) }) { try crackFieldDiagnostic(problem, k: r * kG, arguments: arguments); return }
                    if phases { try crackPhases(problem, k: kG * (value("--phases-k").flatMap { Double($0) } ?? 1), cells: n, now: now) }
                }
                // (mode, baseline solver settings: Aitken, exact inner solves)
                var modes: [(CrackSolverMode, Bool)] = [(.coupled, false)]
                if compareBaseline { modes.append((.coupled, true)) }
                if b == 0 && !arguments.contains("--no-full") { modes.append((.fullAtomistic, false)) }
                for (mode, exact) in modes { do {
                    var problem = problem
                    if exact {
                        var c = config
                        c.solver.innerToleranceFactor = 0; c.solver.andersonDepth = 0
                        problem = try KFieldCrackProblem(configuration: c, potential: lj)
                    }
                    let name = mode == .coupled ? "coupled\(exact ? "_baseline" : "")_band\(band.isFinite ? String(Int(band)) : "all")" : "full"
                    if mode == .coupled { print("# \(name): \(cbCells) of \(problem.coupled.model.mesh.cellCount) triangles Cauchy-Born") }
                    let t0 = now(), c0 = crackCPUSeconds()
                    let result = try problem.latticeTrapping(mode, start: kG, relativeStep: 0.05, bisections: bisections,
                                                             healing: trapping, progress: { r, o in
                        print("#   \(name) K = \(String(format: "%.5f", r.k)) (K/K_G \(String(format: "%.4f", r.k / kG))): tip \(String(format: "%+.3f", r.tipAdvance)) Å, \(r.brokenBonds) broken, \(r.iterations) it, \(o.rawValue)")
                    })
                    time[name] = now() - t0
                    cpu[name] = crackCPUSeconds() - c0
                    kPlus[name] = result.advanceK
                    print("RESULT crack_K_plus_\(name)_N\(n) \(String(format: "%.5f", result.advanceK)) eV/A^2.5 (K_+/K_G \(String(format: "%.4f", result.advanceK / kG)), bracket \(String(format: "%.4f", result.advanceBracket.trapped / kG))-\(String(format: "%.4f", result.advanceBracket.advanced / kG)) K_G)")
                    if trapping {
                        print("RESULT crack_K_minus_\(name)_N\(n) \(String(format: "%.5f", result.healingK!)) eV/A^2.5 (K_-/K_G \(String(format: "%.4f", result.healingK! / kG)), bracket \(String(format: "%.4f", result.healingBracket!.healed / kG))-\(String(format: "%.4f", result.healingBracket!.trapped / kG)) K_G)")
                    }
                    print("RESULT crack_time_\(name)_N\(n) \(String(format: "%.3f", time[name]!)) s (\(result.records.count) relaxations, \(result.records.reduce(0) { $0 + $1.record.iterations }) \(mode == .coupled ? "alternations" : "L-BFGS iterations"); CPU \(String(format: "%.3f", cpu[name]!)) s)")
                } catch { print("# \(mode.rawValue)\(exact ? " (baseline: Aitken, exact inner solves)" : "") N = \(n), band \(band) Å failed: \(error)") } }
            }
            guard let full = kPlus["full"] else { continue }
            for (name, k) in kPlus.sorted(by: { $0.key < $1.key }) where name != "full" {
                let diff = (k - full) / full
                print("RESULT crack_K_plus_difference_\(name)_N\(n) \(String(format: "%+.4f", 100 * diff)) % (goal |d| <= 2%)")
                print("RESULT crack_cost_ratio_\(name)_N\(n) \(String(format: "%.3f", time["full"]! / time[name]!)) ratio (full/coupled, wall; CPU \(String(format: "%.3f", cpu["full"]! / cpu[name]!)))")
            }
            let first = "coupled_band\(bands[0].isFinite ? String(Int(bands[0])) : "all")"
            if let t = time[first], let k = kPlus[first] {
                last = (n, time["full"]! / t, cpu["full"]! / cpu[first]!, (k - full) / full, k / kG, full / kG)
            }
        }
        // The headline figures: the largest size run, first band.
        if let last {
            print("RESULT crack_kplus_coupled_vs_full \(String(format: "%+.3f", 100 * last.diff)) %  (goal |d| <= 2%, N = \(last.n): K_+/K_G coupled \(String(format: "%.4f", last.coupled)), full \(String(format: "%.4f", last.full)); force tolerance \(tolerance) eV/A both)")
            print("RESULT crack_cost_ratio_full_over_coupled \(String(format: "%.3f", last.cpuRatio)) ratio  (goal >= 20, N = \(last.n), K_+ diff \(String(format: "%+.2f", 100 * last.diff))%; process CPU time of the whole K_+ search, same tolerance and bisections; wall-time ratio \(String(format: "%.3f", last.ratio)))")
        }
    } catch {
        print("crack benchmark failed: \(error)")
    }
}

/// One coupled solve at K (eV/Å^{5/2}) from the inserted state, with the baseline settings
/// (exact inner solves, Aitken) and with the configured ones (`--inner-factor`, `--anderson`), and the
/// full-atomistic relaxation from the same start: prints the time of each phase (atomistic
/// relaxations, continuum solves, checks), the alternations and L-BFGS iterations, and the
/// cost ratio of this single solve.
func crackPhases(_ problem: KFieldCrackProblem<LennardJones>, k: Double, cells n: Int, now: () -> Double) throws {
    var timings: [String: Double] = [:]
    var baseline = problem.configuration.solver
    baseline.innerToleranceFactor = 0; baseline.andersonDepth = 0
    for (name, options) in [("baseline", baseline), ("configured", problem.configuration.solver)] where !(name == "baseline" && CommandLine.arguments.contains("--no-baseline")) {
        var c = problem.configuration
        c.solver = options
        let p = try KFieldCrackProblem(configuration: c, potential: problem.potential)
        var start = p.insertedState(.coupled, k: k)
        let equation = p.coupled.model.dofMap.equation
        for d in start.displacement.indices where equation[d] < 0 { start.displacement[d] = k * p.coupled.model.dofMap.prescribed[d] }
        let t0 = now()
        let s: CoupledSolution
        do { s = try p.coupled.solve(from: CoupledState(positions: start.positions, displacement: start.displacement), options: c.solver) }
        catch { print("# phases \(name) failed: \(String(describing: error).prefix(300))"); continue }
        timings[name] = now() - t0
        print("RESULT crack_phases_\(name)_N\(n) \(String(format: "%.3f", timings[name]!)) s (inner factor \(options.innerToleranceFactor), Anderson depth \(options.andersonDepth): \(s.iterations) alternations, \(s.relaxationSteps) L-BFGS its, \(s.factorizations) factorisations, \(s.continuumSolves) continuum solves, \(s.andersonRestarts) Anderson restarts; atoms \(String(format: "%.3f", s.atomisticSeconds)) s, continuum \(String(format: "%.3f", s.continuumSeconds)) s (tangents \(String(format: "%.3f", s.tangentSeconds)) s), checks \(String(format: "%.3f", s.checkSeconds)) s)")
    }
    if CommandLine.arguments.contains("--no-full") { return }
    let t0 = now()
    let r = try problem.solve(.fullAtomistic, k: k)
    let full = now() - t0
    print("RESULT crack_phases_full_N\(n) \(String(format: "%.3f", full)) s (\(r.iterations) L-BFGS its)")
    for name in ["baseline", "configured"] {
        guard let t = timings[name] else { continue }
        print("RESULT crack_phases_cost_ratio_\(name)_N\(n) \(String(format: "%.3f", full / t)) ratio (full/coupled, one solve at K = \(String(format: "%.4f", k)); goal >= 20)")
    }
}

/// CPU time of the process (all threads), s. Why: on the shared 2-core machine the wall time
/// of a long run depends on the other users' load; the CPU time of the same work does not.
private func crackCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
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

/// The same crack in Si with the default HDNNP (`--silicon examples/potentials/Si-mlearn-nnp`),
/// full atomistic only (the coupled mode's Cauchy-Born continuum with inner relaxation is too
/// expensive at 160 µs per atom and force call): diamond (010)[001], lattice constant at the
/// potential's minimum, held band and pads 2 r_c deep, tip a/4 past the region centre (between
/// two bond columns), K_G from the relaxed (001) surface energy (unreconstructed 1x1, as the
/// 2D-periodic cell along z allows) and the Cauchy-Born constants of the same potential.
///
/// Measured (2026-11-25, 10 x 10 cells = 800 atoms, region 4 x 4, 137 s): a = 5.501 Å,
/// γ(001) = 1.774 J/m², E' = 126.8 GPa, K_G = 0.671 MPa·m^{1/2}; K_-/K_G in (0.80, 0.85),
/// K_+/K_G in (2.05, 2.10). The domain (27 Å from tip to the held band) is far from size
/// convergence — with LJ, K_+ fell from 1.11 to 1.04 K_G between 16 and 64 cells — and the
/// broken-bond threshold (1.3 x bond length) was chosen for LJ, so the Si K_+ is a
/// demonstration of the set-up, not a material figure.
func runSiliconCrack(directory: String, cells: Int, region: Int) {
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let si = Element(symbol: "Si")!
        let nnp = try N2P2PotentialLoader.load(directory: URL(fileURLWithPath: directory), threadCount: 1)
        func e(_ a: Double) throws -> Double { try nnp.energy(Crystal.diamond(si, a: a)) }
        var lo = 5.3, hi = 5.6
        let g = (5.0.squareRoot() - 1) / 2
        while hi - lo > 1e-5 {
            let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
            if try e(x1) < e(x2) { hi = x2 } else { lo = x1 }
        }
        let a = 0.5 * (lo + hi)
        var config = KFieldCrackConfiguration(crystal: Crystal.diamond(si, a: a), lattice: try .diamond(latticeConstant: a, elements: [si]),
                                              cellsX: cells, cellsY: cells, atomisticCellsX: region, atomisticCellsY: region,
                                              padDepth: 2 * nnp.cutoff, advanceSpacing: a / 2)
        config.meshDivisions = 1
        config.fullAtomisticForceTolerance = 1e-3
        let lx = (cells - region) / 2
        config.tipX = (Double(lx) + 0.5 * Double(region)) * a + 0.25 * a
        let t0 = now()
        let problem = try KFieldCrackProblem(configuration: config, potential: nnp)
        let gamma = try problem.surfaceEnergy()
        let kG = problem.kField.griffithStressIntensity(surfaceEnergy: gamma)
        print("# Si HDNNP crack (010)[001]: a = \(String(format: "%.4f", a)) Å, \(cells) x \(cells) cells (\(problem.fullStructure.count) atoms), region \(region) x \(region), r_c = \(String(format: "%.3f", nnp.cutoff)) Å")
        print("RESULT crack_si_surface_energy \(String(format: "%.4f", gamma * Units.joulePerSquareMetrePerEvPerSquareAngstrom)) J/m^2 (unreconstructed 1x1 (001), relaxed)")
        print("RESULT crack_si_griffith_K \(String(format: "%.4f", Units.megapascalRootMetre(fromEvPerAngstromToTheFiveHalves: kG))) MPa m^0.5 (E' = \(String(format: "%.1f", Units.gigapascal(fromEvPerCubicAngstrom: problem.kField.modeIModulus))) GPa)")
        let result = try problem.latticeTrapping(.fullAtomistic, start: kG, relativeStep: 0.1, bisections: 1) { r, o in
            print("#   full K/K_G \(String(format: "%.3f", r.k / kG)): tip \(String(format: "%+.3f", r.tipAdvance)) Å, \(r.brokenBonds) broken, \(r.iterations) it, \(o.rawValue)")
        }
        print("RESULT crack_si_K_plus_over_griffith \(String(format: "%.3f", result.advanceK / kG)) ratio (bracket \(String(format: "%.3f", result.advanceBracket.trapped / kG))-\(String(format: "%.3f", result.advanceBracket.advanced / kG)))")
        print("RESULT crack_si_K_minus_over_griffith \(String(format: "%.3f", result.healingK! / kG)) ratio (bracket \(String(format: "%.3f", result.healingBracket!.healed / kG))-\(String(format: "%.3f", result.healingBracket!.trapped / kG)))")
        print("RESULT crack_si_time \(String(format: "%.1f", now() - t0)) s (\(result.records.count) relaxations)")
    } catch {
        print("silicon crack benchmark failed: \(error)")
    }
}
