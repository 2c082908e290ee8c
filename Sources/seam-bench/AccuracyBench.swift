import Foundation
import SeamCohesive
import SeamCore
import SeamFEM
import SeamIO
import SeamNumerics
import SeamPotential
import SeamTraining

/// The figures of `examples/potentials/Si-seam-committee/ACCURACY.md`, measured: energy and
/// force RMSE/MAE on the mlearn Si test (25) and training (214) configurations for the
/// committee mean, each member and the published mlearn n2p2 potential; zero-pressure lattice
/// constant (`Relaxation.relaxCell` of the 8-atom diamond cell), elastic constants C11, C12,
/// C44 (Cauchy-Born tangent at that lattice constant with the internal shift relaxed) and the
/// unrelaxed (111) surface energy (shuffle-plane cleavage, `LawDerivation.surfaceEnergy`) for
/// the committee and the published potential, and the (111) surface energy on the relaxed DFT slab
/// geometry of the mlearn data against DFT's own; and the correlation (Spearman and Pearson) of
/// the committee disagreement with the true error of the committee mean on the test set, per
/// configuration and per atom, with an SVG scatter plot (`--svg PATH`).
///
/// Arguments: `--committee DIR` [examples/potentials/Si-seam-committee], `--published DIR`
/// [examples/potentials/Si-mlearn-nnp], `--mlearn DIR` (training.json and test.json)
/// [examples/training/data/mlearn-Si], `--svg PATH` [none], `--potential DIR` (one potential
/// directory, evaluated as a one-member committee, instead of `--committee`), `--errors-only`
/// (energy and force errors and correlations, no materials properties). Paths relative to the
/// working directory (run from the repository root).
func runAccuracyBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let committeeURL = URL(fileURLWithPath: value("--committee") ?? "examples/potentials/Si-seam-committee")
    let publishedURL = URL(fileURLWithPath: value("--published") ?? "examples/potentials/Si-mlearn-nnp")
    let dataURL = URL(fileURLWithPath: value("--mlearn") ?? "examples/training/data/mlearn-Si")
    do {
        let committee = try value("--potential").map { try N2P2PotentialLoader.loadCommittee(directories: [URL(fileURLWithPath: $0)]) }
            ?? N2P2PotentialLoader.loadCommittee(directory: committeeURL)
        let published = try N2P2PotentialLoader.load(directory: publishedURL)
        let sets = [("test", try MlearnData.read(dataURL.appendingPathComponent("test.json"))),
                    ("training", try MlearnData.read(dataURL.appendingPathComponent("training.json")))]
        print("# accuracy: committee of \(committee.members.count) (\(committeeURL.path)) and published n2p2 (\(publishedURL.path)); RMSE/MAE of energy per atom and force components")
        func report(_ name: String, _ set: String, _ e: PredictionErrors) {
            print(String(format: "RESULT si_%@_%@_energy_rmse %.2f meV/atom", set, name, 1000 * e.energyRMSE))
            print(String(format: "RESULT si_%@_%@_energy_mae %.2f meV/atom", set, name, 1000 * e.energyMAE))
            print(String(format: "RESULT si_%@_%@_force_rmse %.1f meV/Å", set, name, 1000 * e.forceRMSE))
            print(String(format: "RESULT si_%@_%@_force_mae %.1f meV/Å", set, name, 1000 * e.forceMAE))
        }
        var testResults: [CommitteeResult] = []
        for (setName, set) in sets {
            let results = try set.map { try committee.evaluateCommittee($0.structure, request: [.energy, .forces]) }
            if setName == "test" { testResults = results }
            report("committee", setName, PredictionErrors(energies: results.map(\.mean.energy), forces: results.map(\.mean.forces), references: set))
            for m in committee.members.indices {
                report("member\(m)", setName, PredictionErrors(energies: results.map { $0.memberEnergies[m] },
                                                               forces: results.map { $0.memberForces[m] }, references: set))
            }
            report("mlearn_n2p2", setName, try PredictionErrors.measure(published, on: set))
        }
        // Disagreement against true error on the test set.
        let test = sets[0].1
        var configDisagreement: [Double] = [], configError: [Double] = [], spreadPerAtom: [Double] = [], energyError: [Double] = []
        var atomDisagreement: [Double] = [], atomError: [Double] = []
        for (c, r) in zip(test, testResults) {
            let n = c.structure.count, members = Double(r.memberForces.count)
            var worst = 0.0
            for i in 0..<n {
                let mean = r.mean.forces[i]
                // Member standard deviation of the force on atom i, sqrt(Σ_m |F_m - F̄|^2 / M), eV/Å.
                let sd = (r.memberForces.reduce(0) { $0 + ($1[i] - mean).normSquared } / members).squareRoot()
                let err = (mean - c.forces[i]).norm
                atomDisagreement.append(sd); atomError.append(err); worst = max(worst, err)
            }
            configDisagreement.append(r.maximumForceDisagreement); configError.append(worst)
            spreadPerAtom.append(r.energySpread / Double(n)); energyError.append(abs(r.mean.energy - c.energy) / Double(n))
        }
        func corr(_ name: String, _ x: [Double], _ y: [Double]) {
            print(String(format: "RESULT si_test_%@_spearman %.3f", name, Correlation.spearman(x, y) ?? .nan))
            print(String(format: "RESULT si_test_%@_pearson %.3f", name, Correlation.pearson(x, y) ?? .nan))
        }
        print("# correlations over \(test.count) test configurations and \(atomError.count) atoms (committee mean error)")
        corr("config_max_force_disagreement_vs_max_force_error", configDisagreement, configError)
        corr("atom_force_sd_vs_force_error", atomDisagreement, atomError)
        corr("config_energy_spread_vs_energy_error", spreadPerAtom, energyError)
        if let svg = value("--svg") {
            let plot = SVGPlot(title: "Si committee on the mlearn test set: disagreement vs true error",
                               xLabel: "committee force standard deviation per atom (eV/Å)",
                               yLabel: "|F_mean - F_DFT| per atom (eV/Å)",
                               series: [.init(name: "atoms (\(atomError.count))", x: atomDisagreement, y: atomError, markers: true, line: false)])
            try plot.write(to: URL(fileURLWithPath: svg))
            print("# wrote \(svg)")
        }
        if arguments.contains("--errors-only") { return }
        // Materials properties.
        let silicon = Element(symbol: "Si")!
        func properties(_ name: String, _ p: some Potential) throws {
            var bulk = Crystal.diamond(silicon, a: 5.47)
            let relaxed = try Relaxation.relaxCell(bulk, potential: p, minimizer: LBFGS(forceTolerance: 1e-6))
            if !relaxed.converged { print("# warning: \(name): cell relaxation did not converge (max force \(relaxed.maxForce) eV/Å)") }
            bulk = relaxed.structure
            let a = pow(bulk.volume, 1.0 / 3)  // the relaxed 8-atom cell stays cubic
            print(String(format: "RESULT si_%@_lattice_constant %.4f Å", name, a))
            let material = try CauchyBornMaterial(potential: p, lattice: .diamond(latticeConstant: a, elements: [silicon]))
            let c = try material.response(at: .identity, request: .all).tangent
            print(String(format: "RESULT si_%@_c11 %.1f GPa", name, Units.gigapascal(fromEvPerCubicAngstrom: c[0, 0, 0, 0])))
            print(String(format: "RESULT si_%@_c12 %.1f GPa", name, Units.gigapascal(fromEvPerCubicAngstrom: c[0, 0, 1, 1])))
            print(String(format: "RESULT si_%@_c44 %.1f GPa", name, Units.gigapascal(fromEvPerCubicAngstrom: c[1, 2, 1, 2])))
            let cubic = Crystal.diamond(silicon, a: a)
            let slab = try InterfaceSlab.cleaving(try Crystal.oriented(cubic, miller: (1, 1, 1)), halfThickness: 2 * p.cutoff + 1)
            let gamma = try LawDerivation(potential: p, slab: slab).surfaceEnergy(bulk: cubic)
            print(String(format: "RESULT si_%@_surface_energy_111_unrelaxed %.3f J/m^2", name,
                         gamma * Units.joulePerSquareMetrePerEvPerSquareAngstrom))
        }
        // (111) surface energy on the DFT geometry: the relaxed, unreconstructed 12-atom (111) slab of
        // the mlearn training set, γ = (E_slab - N e_bulk)/(2A), with DFT e_bulk = the lowest
        // "Elastic" energy per atom of the data and each potential's e_bulk from its relaxed crystal.
        let training = sets[1].1
        if let slab = training.first(where: { $0.name.contains("Si_mp-149_(1_1_1))") }) {
            let elastic = training.filter { $0.name.contains("(Elastic") }.map { $0.energy / Double($0.structure.count) }
            let area = slab.structure.cell.r0.cross(slab.structure.cell.r1).norm, n = Double(slab.structure.count)
            if let eBulk = elastic.min() {
                print(String(format: "RESULT si_dft_surface_energy_111_mlearn_slab %.3f J/m^2", (slab.energy - n * eBulk) / (2 * area) * Units.joulePerSquareMetrePerEvPerSquareAngstrom))
            }
            for (name, p) in [("committee", committee as any Potential), ("mlearn_n2p2", published as any Potential)] {
                let bulk = try Relaxation.relaxCell(Crystal.diamond(silicon, a: 5.47), potential: p, minimizer: LBFGS(forceTolerance: 1e-6))
                let gamma = (try p.energy(slab.structure) - n * bulk.energy / Double(bulk.structure.count)) / (2 * area)
                print(String(format: "RESULT si_%@_surface_energy_111_on_dft_slab %.3f J/m^2", name, gamma * Units.joulePerSquareMetrePerEvPerSquareAngstrom))
            }
        }
        try properties("committee", committee)
        try properties("mlearn_n2p2", published)
    } catch {
        print("# accuracy benchmark failed: \(error)")
    }
}
