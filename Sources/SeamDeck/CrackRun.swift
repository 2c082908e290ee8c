import Foundation
import SeamCore
import SeamCoupling
import SeamFEM
import SeamIO
import SeamPotential

/// Builds a `crack` deck's `KFieldCrackProblem` (fcc (010)[001] crack under the anisotropic
/// K-field of the potential's own Cauchy-Born constants) and hands the stepped problem over.
enum CrackSetup {
    static func configuration(_ spec: CrackSpec) throws -> KFieldCrackConfiguration {
        precondition(spec.lattice == .fcc, "the parser admits fcc only")
        var config = try KFieldCrackConfiguration.fcc(try Element.parse(spec.element), latticeConstant: spec.latticeConstant,
                                                      cellsX: spec.cells[0], cellsY: spec.cells[1], atomisticCellsX: spec.atomisticCells[0],
                                                      atomisticCellsY: spec.atomisticCells[1], padDepth: spec.padDepth)
        config.coarseningRatio = spec.coarsening
        config.cauchyBornBand = spec.cauchyBornBand
        config.solver.forceTolerance = spec.forceTolerance
        config.solver.maxIterations = spec.maxIterations
        config.fullAtomisticForceTolerance = spec.forceTolerance
        return config
    }

    static func run<P: Potential>(_ spec: CrackSpec, potential: P, drive: (any SteppedProblem) throws -> RunSummary) throws -> RunSummary {
        let problem = try KFieldCrackProblem(configuration: try configuration(spec), potential: potential)
        let gamma = try problem.surfaceEnergy()
        let kG = problem.kField.griffithStressIntensity(surfaceEnergy: gamma)
        let schedule = spec.relativeToGriffith ? spec.k.map { $0 * kG } : spec.k
        return try drive(CrackProblem(problem: problem, mode: spec.mode == .coupled ? .coupled : .fullAtomistic, schedule: schedule,
                                      griffith: kG, surfaceEnergy: gamma))
    }
}

/// The crack under a K schedule: each load step relaxes at its K starting from the previous
/// step's relaxed state (moved by ΔK u_K), reporting the tip position (broken-bond criterion),
/// the energies and the residual force. State for checkpoints: [K, atom positions, mesh
/// displacement]. Per step: an extended XYZ frame of the atoms with per-atom energies
/// (evaluated with the crack's interaction mask) and extrapolation flags, and, coupled, a VTU of
/// the continuum.
struct CrackProblem<P: Potential>: SteppedProblem {
    let problem: KFieldCrackProblem<P>
    let mode: CrackSolverMode
    /// K of each step, eV/Å^{5/2}.
    let schedule: [Double]
    /// Griffith K_G = √(2γE'), eV/Å^{5/2}; relaxed surface energy γ, eV/Å^2.
    let griffith: Double
    let surfaceEnergy: Double

    var stepCount: Int { schedule.count }
    var columns: [LoadPathColumn] {
        [.init("K", "MPa*m^0.5"), .init("K_over_K_G"), .init("tip_x", "Angstrom"), .init("tip_advance", "Angstrom"),
         .init("broken_bonds"), .init("iterations"), .init("atomistic_energy", "eV"), .init("continuum_energy", "eV"),
         .init("max_force", "eV/Angstrom"), .init("extrapolation_warnings")]
    }
    var plot: (x: Int, y: [Int], title: String) { (1, [3], "Crack: tip advance against K/K_G") }
    var totalsCount: Int { 1 }

    var atomCount: Int { problem.atoms(mode).count }

    func step(_ k: Int, state: [Double], totals: inout [Double]) throws -> (record: StepRecord, state: [Double], files: StepFiles) {
        var start: (state: CrackState, k: Double)?
        if !state.isEmpty {
            let n = atomCount
            precondition(state.count >= 1 + 3 * n, "crack state too short")
            let positions = (0..<n).map { Vec3(state[1 + 3 * $0], state[2 + 3 * $0], state[3 + 3 * $0]) }
            start = (CrackState(positions: positions, displacement: Array(state[(1 + 3 * n)...])), state[0])
        }
        let kValue = schedule[k]
        let r = try problem.solve(mode, k: kValue, from: start)
        let structure = problem.structure(of: r)
        let mask = mode == .coupled ? problem.coupled.mask : problem.fullMask
        let e = try problem.potential.evaluate(structure, mask: mask, request: [.energy, .atomEnergies])
        totals[0] += Double(e.extrapolationCount)
        let record = StepRecord(values: [r.kMegapascalRootMetre, r.k / griffith, r.tipX, r.tipAdvance, Double(r.brokenBonds),
                                         Double(r.iterations), r.atomisticEnergy, r.continuumEnergy, r.maximumForce, Double(e.extrapolationCount)])
        var next = [kValue]
        next.reserveCapacity(1 + 3 * r.state.positions.count + r.state.displacement.count)
        for p in r.state.positions { next.append(p.x); next.append(p.y); next.append(p.z) }
        next.append(contentsOf: r.state.displacement)
        let files = StepFiles { directory, prefix, k, output in
            var names: [String] = []
            if output.xyz {
                let flagged = Set(e.extrapolationWarnings.map(\.atom))
                var properties: [ExtendedXYZ.AtomProperty] = [
                    .init(name: "energy", width: 1, values: .real(e.atomEnergies)),
                    .init(name: "extrapolation", width: 1, values: .integer(structure.positions.indices.map { flagged.contains($0) ? 1 : 0 })),
                ]
                if mode == .coupled {
                    let pads = Set(problem.coupled.padAtoms)
                    properties.append(.init(name: "pad", width: 1, values: .integer(structure.positions.indices.map { pads.contains($0) ? 1 : 0 })))
                }
                let frame = ExtendedXYZ.Frame(structure: structure, energy: e.energy, atomProperties: properties,
                                              info: ["K_MPa_m05": String(r.kMegapascalRootMetre), "step": String(k + 1)])
                let name = String(format: "%@_%04d.xyz", prefix, k)
                try ExtendedXYZ.write([frame], to: directory.appendingPathComponent(name))
                names.append(name)
            }
            if output.vtu && mode == .coupled {
                let model = problem.coupled.model, u = r.state.displacement
                let disp = (0..<model.mesh.nodes.count).map { Vec3(u[2 * $0], u[2 * $0 + 1], 0) }
                let name = String(format: "%@_%04d.vtu", prefix, k)
                try VTU.write(mesh: model.mesh, pointData: [.vector("displacement", disp, unit: "Å")],
                              comment: "crack step \(k + 1), K = \(r.kMegapascalRootMetre) MPa m^0.5", encoding: .base64,
                              to: directory.appendingPathComponent(name))
                names.append(name)
            }
            return names
        }
        return (record, next, files)
    }

    func finish(records: [StepRecord], totals: [Double], directory: URL, prefix: String, output: OutputSpec) throws -> [String] {
        guard output.vtu && mode == .coupled else { return [] }
        let entries = records.indices.map { PVD.Entry(time: Double($0 + 1), file: String(format: "%@_%04d.vtu", prefix, $0)) }
        try PVD.write(entries, timeUnit: "load step", to: directory.appendingPathComponent(prefix + ".pvd"))
        return [prefix + ".pvd"]
    }

    func figures(records: [StepRecord], totals: [Double]) throws -> [SummaryFigure] {
        let mpa = Units.megapascalRootMetrePerEvPerAngstromToTheFiveHalves
        var out: [SummaryFigure] = [
            .init("surface_energy", surfaceEnergy * Units.joulePerSquareMetrePerEvPerSquareAngstrom, "J/m^2"),
            .init("griffith_K", griffith * mpa, "MPa*m^0.5"),
            .init("atoms", Double(atomCount), ""),
            .init("largest_K", records.map { $0.values[0] }.max() ?? 0, "MPa*m^0.5"),
            .init("final_tip_advance", records.last!.values[3], "Angstrom"),
            .init("extrapolation_warnings", totals[0], ""),
        ]
        // The first K at which the tip stands beyond its inserted position (by more than 0.01 Å).
        if let first = records.first(where: { $0.values[3] > 0.01 }) {
            out.append(.init("first_advance_K_over_K_G", first.values[1], ""))
        }
        return out
    }
}
