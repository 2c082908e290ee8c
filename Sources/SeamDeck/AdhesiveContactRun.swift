import Foundation
import SeamCohesive
import SeamCore
import SeamCoupling
import SeamFEM
import SeamIO
import SeamPotential

/// Runs an `adhesive-contact` deck on `AdhesiveCylinderContact`: builds the law (a law file, or
/// the rigid opening law of a cleaved slab derived from the potential), the substrate material
/// and the graded half-model mesh, runs approach and pull-off, and writes per step a VTU of the
/// substrate, the load-path CSV and SVG, and the summary with the Maugis-Dugdale reference.
///
/// Resumable like the other kinds, though not through `SteppedProblem`: the adaptive path
/// (step growth and halving, jump location) has no step count known in advance and its state
/// is the driver's whole `ContactPathState`, so this kind drives `AdhesiveCylinderContact.run(
/// resumingFrom:progress:)` itself and writes the same fingerprinted checkpoint (with the path
/// state in `contactPath`) after each step; a rerun continues from it and ends with the same
/// records, bit for bit, as an uninterrupted run.
enum AdhesiveContactSetup {
    /// Thrown from the progress callback to stop after `--stop-after-steps` steps.
    private struct StopRequested: Error {}

    static let columns: [LoadPathColumn] = [
        .init("indenter_displacement", "Angstrom"), .init("force", "N/m"), .init("contact_half_width", "Angstrom"),
        .init("cohesive_zone_half_width", "Angstrom"), .init("minimum_gap", "Angstrom"), .init("elastic_energy", "eV/Angstrom"),
        .init("adhesive_energy", "eV/Angstrom"), .init("external_work", "eV/Angstrom"), .init("energy_lost_in_jumps", "eV/Angstrom"),
        .init("jump"), .init("retracting"), .init("iterations"),
    ]

    static func law(_ spec: AdhesiveContactSpec, deck: Deck, potential: (any Potential)?) throws -> any CohesiveLaw {
        switch spec.law {
        case .file(let path):
            let url = DeckRunner.resolve(path, in: deck)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw InputError("[interface] law_file '\(path)' cannot be read (looked in \(url.path))", at: SourceLocation(source: deck.source))
            }
            return try CohesiveLawFile.decode(text, source: url.path).cohesiveLaw()
        case .derived(let lattice, let a, let element, let miller, let openings):
            guard let potential else { preconditionFailure("the parser requires [potential] for a derived law") }
            return try derivedLaw(potential, lattice: lattice, a: a, element: element, miller: miller, openings: openings)
        }
    }

    static func derivedLaw<P: Potential>(_ potential: P, lattice: LatticeKind, a: Double, element: String, miller: [Int],
                                         openings: [Double]) throws -> any CohesiveLaw {
        let built = try CleavedInterface.build(lattice: lattice, latticeConstant: a, c: nil, element: element, miller: miller,
                                               repetitions: [1, 1], halfThickness: 2 * potential.cutoff + 1)
        return try LawDerivation(potential: potential, slab: built.slab).rigid(.opening, separations: openings).tabulated()
    }

    static func material(_ spec: AdhesiveContactSpec, potential: (any Potential)?) throws -> any Material {
        switch spec.material {
        case .isotropic(let e, let nu): return try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu)
        case .cubic(let c11, let c12, let c44): return try LinearElasticCubic(c11: c11, c12: c12, c44: c44)
        case .cauchyBornConstants(let kind, let a, let element):
            guard let potential else { preconditionFailure("the parser requires [potential] for cauchy-born-constants") }
            return try cauchyBornConstants(potential, kind: kind, a: a, element: try Element.parse(element))
        }
    }

    /// Linear cubic law with C11, C12, C44 of the Cauchy-Born tangent at F = I (inner relaxation included).
    static func cauchyBornConstants<P: Potential>(_ potential: P, kind: LatticeKind, a: Double, element: Element) throws -> any Material {
        let lattice: Lattice
        switch kind {
        case .fcc: lattice = try .fcc(latticeConstant: a, element: element)
        case .bcc: lattice = try .bcc(latticeConstant: a, element: element)
        case .diamond: lattice = try .diamond(latticeConstant: a, elements: [element, element])
        case .sc, .hcp: throw InputError("[material] cauchy-born-constants needs a cubic lattice (fcc, bcc or diamond), not \(kind.rawValue)")
        }
        let c = try CauchyBornMaterial(potential: potential, lattice: lattice).response(at: .identity, request: .tangent).tangent
        return try LinearElasticCubic(c11: c[0, 0, 0, 0], c12: c[0, 0, 1, 1], c44: c[0, 1, 0, 1])
    }

    static func contact(_ spec: AdhesiveContactSpec, deck: Deck) throws -> any AdhesiveContactProblem {
        let potential = try deck.potential.map { try DeckRunner.loadPotential($0, deck: deck) }
        let approach: AdhesiveCylinderContact.ApproachTarget = spec.approachDepth.map { .depth($0) } ?? .load(spec.approachLoad!)
        if case .elastic(let width, let height) = spec.indenter {
            return try ElasticCylinderContact(
                radius: spec.radius, bodyWidth: width, bodyHeight: height, substrateWidth: spec.width, substrateDepth: spec.depth,
                material: try material(spec, potential: potential), law: try law(spec, deck: deck, potential: potential),
                grading: try ContactMeshGrading(fineSize: spec.fineSize, fineWidth: spec.fineWidth, fineDepth: spec.fineDepth, growth: spec.growth),
                loadPath: try .init(startSeparation: spec.startSeparation, approach: approach, endSeparation: spec.endSeparation, step: spec.step),
                tolerance: deck.solver.given ? deck.solver.tolerance : 1e-8, maxIterations: deck.solver.given ? deck.solver.maxIterations : 200)
        }
        return try AdhesiveCylinderContact(
            radius: spec.radius, substrateWidth: spec.width, substrateDepth: spec.depth,
            material: try material(spec, potential: potential), law: try law(spec, deck: deck, potential: potential),
            grading: try ContactMeshGrading(fineSize: spec.fineSize, fineWidth: spec.fineWidth, fineDepth: spec.fineDepth, growth: spec.growth),
            loadPath: try .init(startSeparation: spec.startSeparation, approach: approach, endSeparation: spec.endSeparation, step: spec.step),
            tolerance: deck.solver.given ? deck.solver.tolerance : 1e-8, maxIterations: deck.solver.given ? deck.solver.maxIterations : 200)
    }

    static func run(_ spec: AdhesiveContactSpec, deck: Deck, directory: URL, options: RunOptions) throws -> RunSummary {
        let prefix = deck.output.prefix, output = deck.output
        let contact = try contact(spec, deck: deck)
        if spec.control != .displacement {
            return try AdhesiveContactContinuationRun.run(spec, contact: contact, deck: deck, directory: directory, options: options)
        }
        let model = try contact.outputModel()
        let jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom
        let writer = LoadPathWriter(directory: directory, prefix: prefix, output: output, columns: columns, plotX: 0, plotY: [1],
                                    plotTitle: "Adhesive contact: force on the cylinder against its displacement")
        let ckURL = DeckRunner.checkpointURL(deck, directory: directory)
        var records: [StepRecord] = []
        var saved: ContactPathState?
        if let ck = try Checkpoint.resuming(deck, directory: directory, fresh: options.fresh, consistent: { ck in
            ck.contactPath.map { $0.records.count == ck.completedSteps } == true && ck.records.count == ck.completedSteps
                && ck.records.allSatisfy({ $0.values.count == columns.count })
        }), let path = ck.contactPath {
            records = ck.records; saved = path
            options.progress("resuming from the checkpoint after step \(ck.completedSteps)" + (path.finished ? " (the load path had ended; outputs rewritten)" : ""))
        }
        let start = records.count
        options.progress("adhesive-contact: law \(contact.law.summary)")
        var ran = 0
        var result: AdhesiveCylinderContact.Result?
        do {
            result = try contact.run(resumingFrom: saved) { r, u, state in
                let record = StepRecord(values: [r.indenterDisplacement, r.forceNewtonsPerMetre, r.contactHalfWidth, r.cohesiveZoneHalfWidth,
                                                 r.minimumGap, r.elasticEnergy, r.adhesiveEnergy, r.externalWork, r.balanceError,
                                                 r.jump ? 1 : 0, r.phase == .retract ? 1 : 0, Double(r.iterations)])
                records.append(record)
                if output.vtu {
                    let disp = (0..<model.mesh.nodes.count).map { Vec3(u[2 * $0], u[2 * $0 + 1], 0) }
                    try VTU.write(mesh: model.mesh, pointData: [.vector("displacement", disp, unit: "Å")],
                                  comment: "adhesive contact step \(records.count), d = \(r.indenterDisplacement) Å", encoding: .base64,
                                  to: directory.appendingPathComponent(String(format: "%@_%04d.vtu", prefix, records.count - 1)))
                    try writePVD(count: records.count, directory: directory, prefix: prefix)
                }
                try writer.write(records)
                if deck.checkpoint.enabled, records.count % deck.checkpoint.every == 0 || state.finished {
                    try Checkpoint(fingerprint: deck.fingerprint, kind: deck.problem.kind.rawValue, completedSteps: records.count, records: records,
                                   stateBits: [], contactPath: state).write(ckURL)
                }
                let line = zip(columns, record.values).map { String(format: "%@ %.6g%@", $0.name, $1, $0.unit.isEmpty ? "" : " " + $0.unit) }
                options.progress("step \(records.count)  \(r.phase.rawValue)  " + line.joined(separator: "  "))
                ran += 1
                if let stop = options.stopAfterSteps, ran >= stop, !state.finished { throw StopRequested() }
            }
        } catch is StopRequested {
            result = nil
        }
        // Rewritten in full (a resume from a finished path takes no step).
        try writer.write(records)
        if output.vtu && !records.isEmpty { try writePVD(count: records.count, directory: directory, prefix: prefix) }
        var files = [prefix + ".csv", prefix + ".svg", prefix + ".summary.json", prefix + ".summary.txt"]
        if output.vtu { files += [prefix + ".pvd", prefix + "_*.vtu (one per load step)"] }
        files = files.filter { output.csv || !$0.hasSuffix(".csv") }
        guard let result else {
            let summary = RunSummary(deck: deck.source, title: deck.title, kind: deck.problem.kind.rawValue, fingerprint: deck.fingerprint,
                                     stepsCompleted: records.count, stepsTotal: -1, resumedFromStep: start,
                                     figures: [.init("steps", Double(records.count), "")], files: files)
            try writer.writeSummary(summary)
            return summary
        }
        let md = try contact.reference()
        let pull = md.pullOff()
        var figures: [SummaryFigure] = [
            .init("pull_off_force", -result.pullOffForceNewtonsPerMetre, "N/m"),
            .init("maugis_dugdale_pull_off_force", -pull.load * jm2, "N/m"),
            .init("pull_off_over_maugis_dugdale", result.pullOffForce / pull.load, ""),
            .init("maugis_dugdale_lambda", md.transitionParameter, ""),
            .init("maximum_force", result.maximumForce * jm2, "N/m"),
            .init("work_of_separation", contact.law.workOfSeparation * jm2, "J/m^2"),
            .init("peak_traction", contact.law.peakTraction * Units.gigapascalPerEvPerCubicAngstrom, "GPa"),
            .init("contact_modulus", try contact.contactModulus() * Units.gigapascalPerEvPerCubicAngstrom, "GPa"),
            .init("energy_lost_in_jumps", result.records.last?.balanceError ?? 0, "eV/Angstrom"),
            .init("jumps", Double(result.records.filter(\.jump).count), ""),
            .init("steps", Double(result.records.count), ""),
            .init("substrate_cells", Double(model.mesh.cellCount), ""),
        ]
        figures.append(.init("jkr_pull_off_force", -MaugisDugdaleLineContact.jkrPullOff(radius: contact.indenterRadius, reducedModulus: md.reducedModulus,
                                                                                         workOfAdhesion: contact.law.workOfSeparation) * jm2, "N/m"))
        let summary = RunSummary(deck: deck.source, title: deck.title, kind: deck.problem.kind.rawValue, fingerprint: deck.fingerprint,
                                 stepsCompleted: records.count, stepsTotal: records.count, resumedFromStep: start, figures: figures, files: files)
        try writer.writeSummary(summary)
        return summary
    }

    /// The .pvd series of the per-step VTU files 0..<count.
    static func writePVD(count: Int, directory: URL, prefix: String) throws {
        try PVD.write((0..<count).map { PVD.Entry(time: Double($0 + 1), file: String(format: "%@_%04d.vtu", prefix, $0)) },
                      timeUnit: "load step", to: directory.appendingPathComponent(prefix + ".pvd"))
    }
}
