import Foundation
import SeamCore
import SeamPotential
import SeamCohesive
import SeamCoupling

/// Coupled against full-atomistic adhesive contact (issue 6): a rigid cylinder with the rigid
/// (001) law of argon-like Lennard-Jones (ε = 0.0104 eV, σ = 3.405 Å, r_c = 8 Å, 1.5 Å switch;
/// fcc at the potential's lattice constant) approaches a (010) surface to `--depth`, then is
/// pulled off (`CoupledAdhesiveContact`). For each size N (domain N x N/2 cells, atomistic
/// region `--region X,Y` cells at the top centre, Cauchy-Born band 8 Å, linear far field,
/// coarsening 1.5) both modes run the same path and print the pull-off and the peak
/// compressive load, their differences, the CPU times (process CPU time: the shared machine's
/// load changes wall times) and the cost ratio full/coupled. The last lines are the headline
/// for the largest size: `RESULT contact_pulloff_coupled_vs_full`,
/// `RESULT contact_peak_load_coupled_vs_full` and `RESULT contact_cost_ratio_full_over_coupled`.
///
/// Measured (2026-11-25, the shared 2-core Zen machine at load average 3-8 from the other
/// engineers, so costs are process CPU time; `seam-bench coupled-contact --sizes 16,32,64`
/// with the defaults: R = 30 Å, region 8 x 5 cells, path 5 Å above → 2 Å deep → 4 Å above in
/// 0.25 Å steps, two pull-off refinements, tolerance 1e-5 eV/Å for both solvers; the law's
/// W = 0.00436 eV/Å^2 = 0.0698 J/m^2):
///
///     N   full atoms  pull-off full   coupled CB all / band 8   peak full    coupled CB all / band 8
///     16      544     0.5279 N/m      +0.09% / +0.06%           0.4170 N/m   -0.57% / -0.92%
///     32     2112     0.5204 N/m      +0.26% / +0.34%           0.2464 N/m   -1.50% / -3.24%
///     64     8320     0.5175 N/m      +0.27% / +0.36%           0.1791 N/m   -1.10% / -2.43%
///
///     N   CPU full   CPU coupled CB all / band 8   ratio full/coupled CB all / band 8
///     16     3.4 s       17.3 s / 13.7 s            0.20 / 0.25
///     32    34.4 s       52.4 s / 25.0 s            0.66 / 1.38
///     64   269.0 s       90.0 s / 36.9 s            2.99 / 7.29
///
/// At N = 64 with Cauchy-Born bands of 16 and 32 Å (`--bands 32,16 --no-full`, the same
/// full-atomistic figures): pull-off +0.33%, +0.30%; peak load -2.03%, -1.65%; CPU 49.3 s,
/// 63.4 s: ratio 5.5, 4.2. At the accuracy asked (both within 2%) the best ratio at N = 64 is
/// 4.2 (32 Å band).
///
/// The pull-off is within 0.4% at every size with either continuum. The peak compressive load
/// at 2 Å (the net of the repulsion and the adhesion around it, so a small difference of large
/// terms: a 1% error in the contact stiffness is 2-4% of it) is within 2% only with
/// Cauchy-Born everywhere or a wide (32 Å) band; with the linear law beyond an 8 Å band the
/// coupled substrate is too soft in compression (-2.4% to -3.2% from N = 32; a 16 Å band:
/// -2.7% at N = 32, -2.0% at N = 64). Two further parts, from coupled-only runs against the
/// same full-atomistic figures: (i) the surface beside the region (continuum, neither relaxed
/// nor with the surface layers' own elasticity): at N = 32 with Cauchy-Born everywhere, region
/// 8 x 5 -1.50%, 8 x 8 -1.29%, 16 x 5 -0.46% (pull-off +0.06%); at N = 64 region 16 x 5 takes
/// the 8 and 16 Å bands from -2.43/-2.03% to -2.20/-1.89% (CPU 68.0/80.7 s: ratio 4.0/3.3);
/// (ii) the state reached at the jump-in: region 12 x 7 at N = 32 gave -6.0% (band 8) and
/// -5.1% (Cauchy-Born everywhere) with the pull-off within 0.1%, its force already 2% more
/// tensile right after the jump (the coupled and the full solvers are different minimisers
/// and may land in different minima at an instability), so the peak load at fixed depth also
/// measures which state the jump reached.
/// Both models show the same discrete surface events on the approach (at d = -1.25 and
/// +0.75 Å at N = 32) and atoms of the contact patch that follow the cylinder on retraction
/// (the same-potential law is as strong as the crystal's own planes). The free surface relaxes
/// outward by 0.048 Å in the full model; in the coupled one by 0.041-0.050 Å across the region
/// (N = 32, `--surface`): its edges are pinned to the unrelaxed continuum surface.
///
/// Cost: the full-atomistic CPU time grew 10x and 7.8x per doubling of N (atoms x L-BFGS
/// iterations: 4977, 10650, 20903), the coupled one 3x and 1.7x (Cauchy-Born everywhere,
/// continuum phase 2/3 of it) or 1.8x and 1.5x (band 8, atomistic relaxations 60% of it). The
/// goal of 20 is not reached at the sizes that fit in ~10 CPU-minutes: at N = 64 the ratio is
/// 3.0 (Cauchy-Born everywhere) to 4.2 (32 Å band) at the accuracy asked, and 7.3 with the
/// 8 Å band (peak -2.4%).
/// N = 128 (33,024 atoms; measured 2026-11-25/26, process CPU time, one core per run):
/// `seam-bench coupled-contact --sizes 128 --bands 32,all` ran the full-atomistic path (pull-off
/// 0.516288 N/m, peak load 0.142328 N/m, 41,978 L-BFGS iterations, **2028.7 s CPU**) but the
/// coupled solve at the 1e-5 eV/Å tolerance stalled (the Schwarz iteration crept from 3e-4 to
/// 2.6e-5 eV/Å in 400 alternations: its contraction slows as the continuum grows); rerun coupled
/// only at 3e-5 eV/Å (`--no-full --tolerance 3e-5`): 32 Å band pull-off 0.518193 N/m (+0.37%),
/// peak load 0.142282 N/m (-0.03%), 44.9 s CPU: **ratio 45.2**; Cauchy-Born everywhere +0.34%,
/// +0.68%, 73.4 s: ratio 27.6. Caveats: the coupled tolerance is 3x looser than the full one,
/// and the full path's most tensile state is its last one (d = -4.0 Å, the path's end; the
/// coupled maxima lie at -3.80/-3.85 Å inside it), so the full pull-off is a lower bound there.
///
/// Arguments: `--sizes N1,N2,...` (default 16,32,64), `--region X,Y` (default 8,5),
/// `--radius Å` (default 30), `--depth Å` (approach depth, default 2), `--step Å` (0.25),
/// `--start Å` / `--end Å` (separations, 5 and 4), `--tolerance eV/Å` (both solvers,
/// default 1e-5), `--refinements n` (2), `--bands b1,b2` (Cauchy-Born bands about the atoms, Å
/// or `all`, each run coupled against the one full-atomistic run; the headline uses the first;
/// default all,8),
/// `--coarsening r` (1.5), `--no-full`, `--verbose` (every step), `--surface` (top-layer
/// heights of both modes after the free-surface relaxation, no path).
func runCoupledContactBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let sizes = (value("--sizes") ?? "16,32,64").split(separator: ",").compactMap { Int($0) }
    let region = (value("--region") ?? "8,5").split(separator: ",").compactMap { Int($0) }
    let radius = value("--radius").flatMap(Double.init) ?? 30
    let depth = value("--depth").flatMap(Double.init) ?? 2
    let step = value("--step").flatMap(Double.init) ?? 0.25
    let start = value("--start").flatMap(Double.init) ?? 5
    let end = value("--end").flatMap(Double.init) ?? 4
    let tolerance = value("--tolerance").flatMap(Double.init) ?? 1e-5
    let refinements = value("--refinements").flatMap { Int($0) } ?? 2
    let bands = (value("--bands") ?? "all,8").split(separator: ",").compactMap { $0 == "all" ? Double.infinity : Double($0) }
    let verbose = arguments.contains("--verbose")
    do {
        let argon = Element(symbol: "Ar")!
        let lj = try LennardJones(epsilon: 0.0104, sigma: 3.405, cutoff: 8.0, switchWidth: 1.5)
        let a = try equilibriumFCCLatticeConstant(lj, argon, near: 5.26)
        let slab = try InterfaceSlab.cleaving(Crystal.fcc(argon, a: a), halfThickness: 2 * lj.cutoff + 1)
        let law = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: stride(from: 0.0, through: 9.0, by: 0.05).map { $0 }).tabulated()
        print("# coupled-contact benchmark: LJ fcc a = \(String(format: "%.4f", a)) Å, (010) surface, rigid cylinder R = \(radius) Å, law \(law.summary)")
        print("# path: from \(start) Å above to \(depth) Å deep and back to \(end) Å above, step \(step) Å, \(refinements) pull-off refinements; region \(region[0]) x \(region[1]) cells; tolerance \(tolerance) eV/Å")
        print("# goal: coupled pull-off and peak load within 2% of full atomistic; cost ratio full/coupled >= 20 on the largest case")
        var last: (n: Int, pull: Double, peak: Double, ratio: Double)?
        for n in sizes {
            var config = try CoupledAdhesiveContactConfiguration.fcc(argon, latticeConstant: a, cellsX: n, cellsY: n / 2,
                                                                     atomisticCellsX: region[0], atomisticCellsY: region[1], padDepth: 8,
                                                                     radius: radius, startSeparation: start, approachDepth: depth,
                                                                     endSeparation: end, step: step)
            config.solver.forceTolerance = tolerance
            config.fullAtomisticForceTolerance = tolerance
            config.pullOffRefinements = refinements
            if let r = value("--coarsening").flatMap(Double.init) { config.coarseningRatio = r }
            let problem = try CoupledAdhesiveContact(configuration: config, potential: lj, law: law)
            print("# N = \(n) (\(n) x \(n / 2) cells): coupled \(problem.coupled.realAtoms.count) real + \(problem.coupled.padAtoms.count) pad atoms, \(problem.coupled.model.mesh.cellCount) triangles; full \(problem.fullStructure.count) atoms (\(problem.fullHeld.count) held)")
            if arguments.contains("--surface") {
                // The free surface relaxed with the cylinder out of range: top-layer heights.
                let c = try problem.solve(.coupled, depth: -start), f = try problem.solve(.fullAtomistic, depth: -start)
                let top = problem.surfaceHeight
                for i in problem.coupled.realAtoms where abs(problem.coupled.reference.positions[i].y - top) < 1e-6 {
                    let x = problem.coupled.reference.positions[i]
                    let j = problem.fullStructure.positions.indices.first { (problem.fullStructure.positions[$0] - x).norm < 1e-6 }!
                    print(String(format: "#   surface x - axis %+.3f Å: u_y coupled %+.5f, full %+.5f Å", x.x - problem.axisX,
                                 c.state.positions[i].y - top, f.state.positions[j].y - top))
                }
                continue
            }
            // Runs one mode of one problem; returns the result and its CPU time.
            func run(_ problem: CoupledAdhesiveContact<LennardJones, TabulatedLaw>, _ mode: ContactSolverMode, _ name: String) throws -> (CoupledContactResult, Double) {
                let c0 = contactCPUSeconds()
                var work = 0, phases = (0.0, 0.0, 0.0)
                let result = try problem.run(mode) { r in
                    work += r.iterations
                    phases.0 += r.atomisticSeconds; phases.1 += r.continuumSeconds; phases.2 += r.checkSeconds
                    if verbose {
                        print(String(format: "#   %@ %@ d %+.4f Å  P %+.6f N/m  gmin %+.3f Å  E_at %.6f  U_el %.6f  E_adh %.6f eV/Å  (%d it)",
                                     name, r.phase.rawValue, r.indenterDisplacement, r.forceNewtonsPerMetre, r.minimumGap,
                                     r.atomisticEnergy, r.continuumEnergy, r.adhesiveEnergy, r.iterations))
                    }
                }
                let cpu = contactCPUSeconds() - c0
                if mode == .coupled {
                    print("#   \(name): \(problem.coupled.model.mesh.cellCount) triangles, phases (wall): atoms \(String(format: "%.1f", phases.0)) s, continuum \(String(format: "%.1f", phases.1)) s, checks \(String(format: "%.1f", phases.2)) s")
                }
                print("RESULT contact_pulloff_\(name)_N\(n) \(String(format: "%.6f", -result.pullOffForceNewtonsPerMetre)) N/m (at d = \(String(format: "%.4f", result.pullOffDisplacement)) Å; peak load \(String(format: "%.6f", result.peakForceNewtonsPerMetre)) N/m; \(result.records.count) steps, \(work) \(mode == .coupled ? "alternations" : "L-BFGS iterations"), CPU \(String(format: "%.1f", cpu)) s)")
                return (result, cpu)
            }
            let full = arguments.contains("--no-full") ? nil : try run(problem, .fullAtomistic, "full")
            for (b, band) in bands.enumerated() {
                var c = config
                c.cauchyBornBand = band.isFinite ? band : nil
                let name = "coupled_band\(band.isFinite ? String(Int(band)) : "all")"
                let coupled = try run(try CoupledAdhesiveContact(configuration: c, potential: lj, law: law), .coupled, name)
                guard let full else { continue }
                let pull = 100 * (coupled.0.pullOffForce / full.0.pullOffForce - 1), peak = 100 * (coupled.0.peakForce / full.0.peakForce - 1)
                let ratio = full.1 / coupled.1
                print("RESULT contact_pulloff_\(name)_vs_full_N\(n) \(String(format: "%+.3f", pull)) % (tolerance 2 %)")
                print("RESULT contact_peak_load_\(name)_vs_full_N\(n) \(String(format: "%+.3f", peak)) % (tolerance 2 %)")
                print("RESULT contact_cost_ratio_full_over_\(name)_N\(n) \(String(format: "%.2f", ratio)) ratio (CPU; goal >= 20)")
                if b == 0 { last = (n, pull, peak, ratio) }
            }
        }
        if let last {
            print("RESULT contact_pulloff_coupled_vs_full \(String(format: "%+.3f", last.pull)) % (N = \(last.n); tolerance 2 %)")
            print("RESULT contact_peak_load_coupled_vs_full \(String(format: "%+.3f", last.peak)) % (N = \(last.n); tolerance 2 %)")
            print("RESULT contact_cost_ratio_full_over_coupled \(String(format: "%.2f", last.ratio)) ratio (N = \(last.n), CPU; goal >= 20)")
        }
    } catch {
        print("coupled-contact benchmark failed: \(error)")
    }
}

/// CPU time of the process (all threads), s.
private func contactCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}
