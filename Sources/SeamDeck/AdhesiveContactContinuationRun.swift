import Foundation
import SeamCore
import SeamCoupling
import SeamIO

/// Runs an `adhesive-contact` deck with `[load] control = "load"` or `"arc-length"`: the
/// load-controlled path to the pull-off (`AdhesiveCylinderContact.followLoadControl`) or the
/// arc-length continuation of approach and retraction through every turning point
/// (`traceArcLength`). Writes per accepted state a VTU of the substrate, the path as CSV (with
/// the stability of each state) and SVG (force against indenter displacement, the states
/// unstable under displacement control as a second series), and the summary with the located
/// turning points and the Maugis-Dugdale reference. Checkpoints hold the path's whole
/// `ContactContinuationState`; a rerun continues from it with bitwise the same records.
enum AdhesiveContactContinuationRun {
    private struct StopRequested: Error {}

    static let columns: [LoadPathColumn] = [
        .init("indenter_displacement", "Angstrom"), .init("force", "N/m"),
        .init("contact_half_width", "Angstrom"), .init("cohesive_zone_half_width", "Angstrom"), .init("minimum_gap", "Angstrom"),
        .init("elastic_energy", "eV/Angstrom"), .init("adhesive_energy", "eV/Angstrom"), .init("external_work", "eV/Angstrom"),
        .init("energy_balance_error", "eV/Angstrom"), .init("arc_length", "Angstrom"), .init("indenter_stiffness", "N/m/Angstrom"),
        .init("negative_eigenvalues"), .init("stable_displacement_control"), .init("stable_load_control"), .init("retracting"),
        .init("iterations"),
    ]

    static func values(_ r: ContactContinuation.Record) -> [Double] {
        let jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom
        return [r.indenterDisplacement, r.forceNewtonsPerMetre,
                r.contactHalfWidth, r.cohesiveZoneHalfWidth, r.minimumGap, r.elasticEnergy, r.adhesiveEnergy, r.externalWork,
                r.balanceError, r.arcLength, r.indenterStiffness * jm2, Double(r.negativeEigenvalues),
                r.stableUnderDisplacementControl ? 1 : 0, r.stableUnderLoadControl ? 1 : 0, r.phase == .retract ? 1 : 0, Double(r.iterations)]
    }

    static func run(_ spec: AdhesiveContactSpec, contact: any AdhesiveContactProblem, deck: Deck, directory: URL, options: RunOptions) throws -> RunSummary {
        let prefix = deck.output.prefix, output = deck.output
        let model = try contact.outputModel()
        let jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom
        var csvOnly = output
        csvOnly.svg = false
        let writer = LoadPathWriter(directory: directory, prefix: prefix, output: csvOnly, columns: columns, plotX: 0, plotY: [1],
                                    plotTitle: "")
        // The SVG: P against d for all states, and the states unstable under displacement and
        // under load control as marked series (gaps where stable).
        func writePlot(_ records: [StepRecord]) throws {
            guard output.svg, !records.isEmpty else { return }
            let d = records.map { $0.values[0] }, p = records.map { $0.values[1] }
            func only(_ column: Int) -> [Double] { records.map { $0.values[column] == 0 ? $0.values[1] : .nan } }
            let plot = SVGPlot(title: "Adhesive contact (\(label(spec.control)) control): force on the cylinder against its displacement",
                               xLabel: "indenter displacement [Angstrom]", yLabel: "force [N/m]",
                               series: [.init(name: "equilibrium path", x: d, y: p, markers: true),
                                        .init(name: "unstable under load control", x: d, y: only(13), markers: true),
                                        .init(name: "unstable under displacement control", x: d, y: only(12), markers: true)])
            try plot.write(to: directory.appendingPathComponent(prefix + ".svg"))
        }
        let ckURL = DeckRunner.checkpointURL(deck, directory: directory)
        var records: [StepRecord] = []
        var saved: ContactContinuationState?
        if let ck = try Checkpoint.resuming(deck, directory: directory, fresh: options.fresh, consistent: { ck in
            ck.continuationPath.map { $0.records.count == ck.completedSteps } == true && ck.records.count == ck.completedSteps
                && ck.records.allSatisfy({ $0.values.count == columns.count })
        }), let path = ck.continuationPath {
            records = ck.records; saved = path
            options.progress("resuming from the checkpoint after state \(ck.completedSteps)" + (path.finished ? " (the path had ended; outputs rewritten)" : ""))
        }
        let start = records.count
        options.progress("adhesive-contact (\(label(spec.control)) control): law \(contact.law.summary)")
        var ran = 0
        let progress: (ContactContinuation.Record, [Double], ContactContinuationState) throws -> Void = { r, u, state in
            let record = StepRecord(values: values(r))
            records.append(record)
            if output.vtu {
                let disp = (0..<model.mesh.nodes.count).map { Vec3(u[2 * $0], u[2 * $0 + 1], 0) }
                try VTU.write(mesh: model.mesh, pointData: [.vector("displacement", disp, unit: "Å")],
                              comment: "adhesive contact state \(records.count), d = \(r.indenterDisplacement) Å", encoding: .base64,
                              to: directory.appendingPathComponent(String(format: "%@_%04d.vtu", prefix, records.count - 1)))
                try AdhesiveContactSetup.writePVD(count: records.count, directory: directory, prefix: prefix)
            }
            try writer.write(records)
            try writePlot(records)
            if deck.checkpoint.enabled, records.count % deck.checkpoint.every == 0 || state.finished {
                try Checkpoint(fingerprint: deck.fingerprint, kind: deck.problem.kind.rawValue, completedSteps: records.count, records: records,
                               stateBits: [], continuationPath: state).write(ckURL)
            }
            let stability = r.stableUnderLoadControl ? "stable" : (!r.stableUnderDisplacementControl ? "unstable"
                : (r.indenterStiffness == 0 ? "apart" : "unstable under load control"))
            options.progress(String(format: "state %d  %@  d %.6g Angstrom  P %.6g N/m  a %.4g Angstrom  %@  iterations %d",
                                    records.count, r.phase.rawValue, r.indenterDisplacement, r.forceNewtonsPerMetre, r.contactHalfWidth,
                                    stability, r.iterations))
            ran += 1
            if let stop = options.stopAfterSteps, ran >= stop, !state.finished { throw StopRequested() }
        }
        let md = try contact.reference()
        let pull = md.pullOff()
        var figures: [SummaryFigure] = []
        var finished = true
        do {
            switch spec.control {
            case .displacement: preconditionFailure("displacement control runs in AdhesiveContactSetup")
            case .load(let initial, let step, let minimum):
                let result = try contact.followLoadControl(try .init(initialLoad: initial, step: step, minimumStep: minimum),
                                                           resumingFrom: saved, progress: progress)
                figures = [.init("pull_off_force", -result.limitLoadNewtonsPerMetre, "N/m"),
                           .init("last_converged_force", result.lastConvergedLoad * jm2, "N/m"),
                           .init("limit_indenter_displacement", result.limitIndenterDisplacement, "Angstrom"),
                           .init("rejected_steps", Double(result.rejectedSteps), "")]
            case .arcLength(let step, let minimum, let maximum, let weight):
                let result = try contact.traceArcLength(try .init(step: step, minimumStep: minimum, maximumStep: maximum, indenterWeight: weight),
                                                        resumingFrom: saved, progress: progress)
                figures = [.init("pull_off_force", -result.pullOffForceNewtonsPerMetre, "N/m")]
                let retract = result.turningPoints.filter { $0.phase == .retract }
                for (kind, name) in [(ContactContinuation.TurningPoint.Kind.snapOff, "snap_off"), (.jumpIn, "jump_in")] {
                    if let t = retract.first(where: { $0.kind == kind }) {
                        figures += [.init(name + "_indenter_displacement", t.indenterDisplacement, "Angstrom"), .init(name + "_force", t.force * jm2, "N/m")]
                    }
                }
                figures += [.init("energy_balance_error", result.records.last!.balanceError, "eV/Angstrom"),
                            .init("unstable_states", Double(result.records.filter { !$0.stableUnderDisplacementControl }.count), ""),
                            .init("rejected_steps", Double(result.rejectedSteps), "")]
            }
        } catch is StopRequested {
            finished = false
        }
        try writer.write(records)
        try writePlot(records)
        if output.vtu && !records.isEmpty { try AdhesiveContactSetup.writePVD(count: records.count, directory: directory, prefix: prefix) }
        var files = [prefix + ".csv", prefix + ".svg", prefix + ".summary.json", prefix + ".summary.txt"]
        if output.vtu { files += [prefix + ".pvd", prefix + "_*.vtu (one per state)"] }
        files = files.filter { output.csv || !$0.hasSuffix(".csv") }
        guard finished else {
            let summary = RunSummary(deck: deck.source, title: deck.title, kind: deck.problem.kind.rawValue, fingerprint: deck.fingerprint,
                                     stepsCompleted: records.count, stepsTotal: -1, resumedFromStep: start,
                                     figures: [.init("steps", Double(records.count), "")], files: files)
            try writer.writeSummary(summary)
            return summary
        }
        if let p = figures.first(where: { $0.name == "pull_off_force" })?.value {
            figures.insert(.init("pull_off_over_maugis_dugdale", p / (-pull.load * jm2), ""), at: 1)
        }
        figures += [.init("maugis_dugdale_pull_off_force", -pull.load * jm2, "N/m"),
                    .init("maugis_dugdale_lambda", md.transitionParameter, ""),
                    .init("steps", Double(records.count), ""),
                    .init("substrate_cells", Double(model.mesh.cellCount), "")]
        let summary = RunSummary(deck: deck.source, title: deck.title, kind: deck.problem.kind.rawValue, fingerprint: deck.fingerprint,
                                 stepsCompleted: records.count, stepsTotal: records.count, resumedFromStep: start, figures: figures, files: files)
        try writer.writeSummary(summary)
        return summary
    }

    static func label(_ c: AdhesiveContactSpec.Control) -> String {
        switch c {
        case .displacement: "displacement"
        case .load: "load"
        case .arcLength: "arc-length"
        }
    }
}
