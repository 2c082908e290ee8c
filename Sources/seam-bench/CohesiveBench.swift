import Foundation
import SeamCore
import SeamFEM
import SeamCohesive
import CLapack
import SeamNumerics
import SeamPotential
import SeamIO

/// Cohesive-fracture benchmark: a double cantilever beam (plane strain, E = 100 eV/Å^3,
/// ν = 0.3, arms h = 1 Å, a0 = 4 h, bilinear law σc = 2 eV/Å^3, G_c = 0.01 eV/Å^2) opened by
/// displacement control past the peak, on a refined mesh (`--cells-per-arm N`, default 20;
/// crack-path cells h/(2N)). Reports the time per load step and in total, Newton/secant
/// iterations, numeric factorisations against symbolic analyses (1), and the peak load against
/// corrected beam theory.
///
/// With `--relaxed`: the relaxed mode-I law of Si(111) with the n2p2 potential in
/// `--potential DIR` (default examples/potentials/Si-mlearn-nnp), diamond a = 5.5011 Å (the potential's own), about
/// `--atoms N` (default 2000) atoms, 40 openings 0...7.8 Å, grips of 3 Å held, L-BFGS to
/// 0.01 eV/Å at every opening (the `seam cohesive --relaxed` path); reports the total time,
/// time per opening, L-BFGS iterations, the work of separation and the peak traction.
///
/// Arguments: `--cells-per-arm N`, `--steps N` (displacement steps, default 70), `--relaxed`,
/// `--potential DIR`, `--atoms N`.
func runCohesiveBenchmarks(arguments: [String]) {
    if arguments.contains("--relaxed") { runRelaxedLawBenchmark(arguments: arguments); return }
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let cellsPerArm = value("--cells-per-arm").flatMap { Int($0) } ?? 20
    let stepCount = value("--steps").flatMap { Int($0) } ?? 70
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let e = 100.0, nu = 0.3, h = 1.0, a0 = 4.0, length = 8.0, maximumOpening = 0.7
        let law = BilinearLaw(strength: 2, peakOpening: 0.001, finalOpening: 0.01)
        let t0 = now()
        let split = try CohesiveSpecimens.doubleCantileverBeam(armHeight: h, length: length, initialCrack: a0, cellsPerArm: cellsPerArm,
                                                               refinedCellSize: h / Double(2 * cellsPerArm), refinedZone: (a0 - 0.3)...(a0 + 2.5))
        let half = 0.5 * maximumOpening
        let model = try CohesiveModel(mesh: split.mesh, analysis: .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                      law: law, interface: try split.interface(),
                                      dirichlet: [.prescribed("loadPlus", components: [1]) { _ in Vec3(0, half, 0) },
                                                  .prescribed("loadMinus", components: [1]) { _ in Vec3(0, -half, 0) },
                                                  .fixed("right", components: [0])])
        let setup = now() - t0
        print("# cohesive benchmark (OpenBLAS core \(String(cString: openblas_get_corename()))): DCB plane strain, \(split.mesh.cellCount) Q4 cells, \(model.interface.count) cohesive elements, \(model.bulk.dofMap.freeCount) dofs, \(stepCount) steps")
        let t1 = now()
        var options = PathFollowingOptions(control: .loadFactor(increment: 1 / Double(stepCount), maximum: 1))
        // The peak comes near 73% of the final opening; stop a few steps into propagation.
        options.maximumSteps = Int((0.85 * Double(stepCount)).rounded())
        let result = try model.followPath(options: options)
        let total = now() - t1
        let loads = result.steps.map { $0.reactions["loadPlus"]!.y }
        let ePrime = e / (1 - nu * nu), aEff = a0 + 0.64 * h
        let beam = (law.workOfSeparation * ePrime * h * h * h / (12 * aEff * aEff)).squareRoot()
        let iterations = result.steps.reduce(0) { $0 + $1.iterations }, secant = result.steps.reduce(0) { $0 + $1.secantIterations }
        print("RESULT cohesive_dcb_dofs \(model.bulk.dofMap.freeCount) dofs")
        print("RESULT cohesive_dcb_setup \(String(format: "%.3f", setup)) s")
        print("RESULT cohesive_dcb_total \(String(format: "%.3f", total)) s")
        print("RESULT cohesive_dcb_per_step \(String(format: "%.2f", total / Double(result.steps.count) * 1e3)) ms")
        print("RESULT cohesive_dcb_steps \(result.steps.count) steps")
        print("RESULT cohesive_dcb_iterations \(iterations) iterations")
        print("RESULT cohesive_dcb_secant_iterations \(secant) iterations")
        print("RESULT cohesive_dcb_factorizations \(result.factorizations) factorizations")
        print("RESULT cohesive_dcb_rejected_factorizations \(result.rejectedFactorizations) factorizations")
        print("RESULT cohesive_dcb_analyses \(result.analyses) analyses")
        // Cost split at the final state: one assembly (residual + consistent matrix), the bulk
        // part alone, one numeric factorisation of the secant matrix, one solve.
        let u = result.displacement, hist = result.history
        var t = now()
        let assembled = try model.residual(u, loadFactor: result.steps.last!.loadFactor, history: hist, tangent: .secant)
        let assembly = now() - t
        t = now()
        _ = try model.bulk.residualAndTangent(u, loadFactor: 1, tangent: true)
        let bulkAssembly = now() - t
        let solver = try CholeskySolver(pattern: model.bulk.assembly.pattern, ordering: .amd)
        t = now()
        try solver.factorize(values: assembled.values!)
        let factorize = now() - t
        t = now()
        _ = try solver.solve(rhs: assembled.residual)
        let solve = now() - t
        print("RESULT cohesive_dcb_assembly \(String(format: "%.2f", assembly * 1e3)) ms")
        print("RESULT cohesive_dcb_bulk_assembly \(String(format: "%.2f", bulkAssembly * 1e3)) ms")
        print("RESULT cohesive_dcb_factorize \(String(format: "%.2f", factorize * 1e3)) ms")
        print("RESULT cohesive_dcb_solve \(String(format: "%.2f", solve * 1e3)) ms")
        print("RESULT cohesive_dcb_peak_over_beam_theory \(String(format: "%.4f", loads.max()! / beam)) ratio")
    } catch {
        print("cohesive benchmark failed: \(error)")
    }
}

/// Part (b) of the cohesive benchmark: relaxed law extraction (see `runCohesiveBenchmarks`).
func runRelaxedLawBenchmark(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    let directory = value("--potential") ?? "examples/potentials/Si-mlearn-nnp"
    let targetAtoms = value("--atoms").flatMap { Int($0) } ?? 2000
    do {
        let potential = try N2P2PotentialLoader.load(directory: URL(fileURLWithPath: directory))
        let silicon = Element(symbol: "Si")!
        let oriented = try Crystal.oriented(Crystal.diamond(silicon, a: 5.5011), miller: (1, 1, 1))  // the potential's zero-pressure a
        let half = 2 * potential.cutoff + 1
        let one = try InterfaceSlab.cleaving(oriented, halfThickness: half)
        let n = max(1, Int((Double(targetAtoms) / Double(one.structure.count)).squareRoot().rounded()))
        let slab = try InterfaceSlab.cleaving(oriented, halfThickness: half, inPlane: (n, n))
        let openings = (0..<40).map { 0.2 * Double($0) }
        var iterations = 0, evaluations = 0
        let derivation = try LawDerivation(potential: potential, slab: slab)
        let t0 = now()
        let law = try derivation.relaxed(.opening, separations: openings, gripThickness: 3) { s, held in
            let fixed = Set(held.indices.filter { held[$0] })
            let r = try Relaxation.relaxPositions(s, potential: potential, minimizer: LBFGS(forceTolerance: 0.01, maxIterations: 2000), fixed: fixed)
            iterations += r.iterations; evaluations += r.energyHistory.count
            return r.structure
        }
        let total = now() - t0
        print("# relaxed law benchmark (OpenBLAS core \(String(cString: openblas_get_corename()))): Si(111), \(slab.structure.count) atoms, \(openings.count) openings, \(ProcessInfo.processInfo.activeProcessorCount) processors")
        print("RESULT cohesive_relaxed_atoms \(slab.structure.count) atoms")
        print("RESULT cohesive_relaxed_total \(String(format: "%.2f", total)) s # goal: under 60 s on 2 cores")
        print("RESULT cohesive_relaxed_per_opening \(String(format: "%.3f", total / Double(openings.count))) s")
        print("RESULT cohesive_relaxed_lbfgs_iterations \(iterations) iterations")
        print("RESULT cohesive_relaxed_work_of_separation \(String(format: "%.4f", law.workOfSeparation * Units.joulePerSquareMetrePerEvPerSquareAngstrom)) J/m^2")
        print("RESULT cohesive_relaxed_peak_traction \(String(format: "%.3f", law.peakTraction * Units.gigapascalPerEvPerCubicAngstrom)) GPa")
    } catch {
        print("relaxed law benchmark failed: \(error)")
    }
}
