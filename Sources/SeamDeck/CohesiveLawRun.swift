import Foundation
import SeamCohesive
import SeamCore
import SeamIO
import SeamPotential

/// Builds the objects of a `cohesive-law` deck (the cleaved slab, `LawDerivation`) and hands the
/// stepped problem to the driver.
enum CohesiveLawSetup {
    static func slab(_ spec: CohesiveLawSpec, cutoff: Double) throws -> (slab: InterfaceSlab, bulk: Structure, description: String) {
        try CleavedInterface.build(lattice: spec.lattice, latticeConstant: spec.latticeConstant, c: spec.cConstant, element: spec.element,
                                   miller: spec.miller, repetitions: spec.repetitions, halfThickness: spec.halfThickness ?? (2 * cutoff + 1))
    }

    static func run<P: Potential>(_ spec: CohesiveLawSpec, potential: P, potentialName: String, deck: Deck,
                                  drive: (any SteppedProblem) throws -> RunSummary) throws -> RunSummary {
        let built = try slab(spec, cutoff: potential.cutoff)
        let derivation = try LawDerivation(potential: potential, slab: built.slab)
        let a = built.slab.structure.cell.r0.normalized
        let mode: SeparationMode
        switch spec.mode {
        case .opening: mode = .opening
        case .slipA: mode = .slip(a)
        case .slipB: mode = .slip(built.slab.normal.cross(a))
        }
        return try drive(CohesiveLawProblem(spec: spec, derivation: derivation, mode: mode, bulk: built.bulk, description: built.description,
                                            potentialName: potentialName, title: deck.title))
    }
}

/// A traction-separation law derived from a potential (`LawDerivation`), one load step per
/// opening: φ(δ) (J/m^2) and T(δ) (GPa) per step, rigid or relaxed. Every step evaluates its own
/// reference energy E(0), so a step depends only on its opening (restart-safe by construction).
/// Per step, an extended XYZ frame of the separated slab with per-atom energies (eV) and an
/// extrapolation flag per atom (1 where a descriptor left the training range; flags come from
/// the first few hundred warnings the potential reports).
struct CohesiveLawProblem<P: Potential>: SteppedProblem {
    let spec: CohesiveLawSpec
    let derivation: LawDerivation<P>
    let mode: SeparationMode
    let bulk: Structure
    let description: String
    let potentialName: String
    let title: String

    var stepCount: Int { spec.openings.count }
    var columns: [LoadPathColumn] {
        [.init("opening", "Angstrom"), .init("energy_per_area", "J/m^2"), .init("traction", "GPa"), .init("extrapolation_warnings")]
    }
    var plot: (x: Int, y: [Int], title: String) { (0, [1, 2], "Cohesive law: \(description)") }
    /// Totals: extrapolation warnings over all steps.
    var totalsCount: Int { 1 }

    func step(_ k: Int, state: [Double], totals: inout [Double]) throws -> (record: StepRecord, state: [Double], files: StepFiles) {
        let delta = spec.openings[k]
        let law: DerivedLaw
        var structure = derivation.slab.displaced(by: delta * direction)
        if spec.relaxed {
            let relaxer = StructureRelaxer(potential: derivation.potential, forceTolerance: spec.forceTolerance, warn: { _ in })
            var last: Structure?
            law = try derivation.relaxed(mode, separations: [delta], gripThickness: spec.grip,
                                         relax: { s, held in let r = try relaxer.relax(s, held: held); last = r; return r })
            if let last { structure = last }
        } else {
            law = try derivation.rigid(mode, separations: [delta])
        }
        let r = try derivation.potential.evaluate(structure, request: [.energy, .atomEnergies])
        totals[0] += Double(r.extrapolationCount)
        let record = StepRecord(values: [delta, law.energies[0] * Units.joulePerSquareMetrePerEvPerSquareAngstrom,
                                         law.tractions[0] * Units.gigapascalPerEvPerCubicAngstrom, Double(r.extrapolationCount)])
        let files = StepFiles { directory, prefix, k, output in
            guard output.xyz else { return [] }
            let flagged = Set(r.extrapolationWarnings.map(\.atom))
            let frame = ExtendedXYZ.Frame(structure: structure, energy: r.energy, atomProperties: [
                .init(name: "energy", width: 1, values: .real(r.atomEnergies)),
                .init(name: "extrapolation", width: 1, values: .integer(structure.positions.indices.map { flagged.contains($0) ? 1 : 0 })),
                .init(name: "upper", width: 1, values: .integer(derivation.slab.upper.map { $0 ? 1 : 0 })),
            ], info: ["opening_Angstrom": String(delta), "step": String(k + 1)])
            let name = String(format: "%@_%04d.xyz", prefix, k)
            try ExtendedXYZ.write([frame], to: directory.appendingPathComponent(name))
            return [name]
        }
        return (record, [], files)
    }

    var direction: Vec3 {
        switch mode {
        case .opening: return derivation.slab.normal
        case .slip(let d):
            let n = derivation.slab.normal
            return (d - d.dot(n) * n).normalized
        }
    }

    /// The derived law in internal units from the records (J/m^2 and GPa back to eV/Å^2, eV/Å^3).
    func law(_ records: [StepRecord]) -> DerivedLaw {
        let d = direction
        return DerivedLaw(mode: spec.mode == .opening ? "opening" : "slip", direction: [d.x, d.y, d.z], relaxed: spec.relaxed,
                          constraint: spec.relaxed ? "grips of \(spec.grip) Å at both outer faces held; all other atoms relaxed" : "rigid blocks",
                          openings: records.map { $0.values[0] },
                          energies: records.map { $0.values[1] / Units.joulePerSquareMetrePerEvPerSquareAngstrom },
                          tractions: records.map { $0.values[2] / Units.gigapascalPerEvPerCubicAngstrom }, area: derivation.slab.area)
    }

    func finish(records: [StepRecord], totals: [Double], directory: URL, prefix: String, output: OutputSpec) throws -> [String] {
        guard records.count == stepCount else { return [] }
        let gamma = try derivation.surfaceEnergy(bulk: bulk)
        let file = try CohesiveLawFile(provenance: .init(potential: potentialName, structure: description, plane: spec.miller),
                                       law: law(records), surfaceEnergy: gamma)
        try AtomicFile.write(try file.encoded(), to: directory.appendingPathComponent(prefix + ".law.json"))
        return [prefix + ".law.json"]
    }

    func figures(records: [StepRecord], totals: [Double]) throws -> [SummaryFigure] {
        let l = law(records)
        let jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom, gpa = Units.gigapascalPerEvPerCubicAngstrom
        let gamma = try derivation.surfaceEnergy(bulk: bulk) * jm2
        return [
            .init("interface_area", derivation.slab.area, "Angstrom^2"), .init("atoms", Double(derivation.slab.structure.count), ""),
            .init("largest_opening", l.openings.last!, "Angstrom"),
            .init("work_of_separation", l.workOfSeparation * jm2, "J/m^2"), .init("peak_traction", l.peakTraction * gpa, "GPa"),
            .init("opening_at_peak_traction", l.peakOpening, "Angstrom"), .init("surface_energy", gamma, "J/m^2"),
            .init("twice_surface_energy", 2 * gamma, "J/m^2"), .init("extrapolation_warnings", totals[0], ""),
        ]
    }
}
