import Foundation
import SeamCore
import SeamIO
import SeamPotential
import SeamTraining

/// Retraining modes on one fixed data sequence: the labels of an active-learning run
/// (`dataset.xyz`, in order of arrival, grouped by `al_iteration`) are fed to the deck's first
/// fit and then, batch by batch, to two retrainings of equal cost (the deck's optimiser and
/// `retrain_epochs`): `continue` (from the last weights; a Kalman filter restarts with
/// P₀ = I/ε) and `refit` (every member from its seeded fresh weights). The held-out force and
/// energy RMSE (eV/Å, eV/atom) after each batch separate what the training absorbs from what
/// the selection chose. `seam-bench active --silicon --compare-retraining=DATASET [--deck=...]`.
func runRetrainingComparison(job: ActiveLearningJob, dataset: URL) throws {
    let frames = try ExtendedXYZ.read(from: dataset)
    let data = try frames.map { f in
        (iteration: Int(f.info["al_iteration"] ?? "0") ?? 0,
         configuration: try TrainingConfiguration(structure: f.structure, energy: f.energy ?? .nan, forces: f.forces ?? []))
    }
    let iterations = Array(Set(data.map(\.iteration))).sorted()
    var o = job.deck.options
    func prefix(_ k: Int) -> [TrainingConfiguration] { data.filter { $0.iteration <= k }.map(\.configuration) }
    let first = try ActiveCommittee.train(data: prefix(iterations[0]), definition: job.deck.definition, options: o)
    let e0 = try ActiveLearningRun.heldOutErrors(first.committee(), job.heldOut)!
    print("# retraining on a fixed sequence: \(data.count) labels from \(dataset.path), \(job.heldOut.count) held-out; optimiser \(o.retrainingOptimizer.rawValue), \(o.retraining.epochs) epochs per retraining")
    print(String(format: "# %d labels: first fit %.4f eV/Å, %.4f eV/atom", prefix(iterations[0]).count, e0.force, e0.energy))
    var continued = first, refit = first
    for k in iterations.dropFirst() {
        let d = prefix(k)
        var t0 = Date()
        o.retrainMode = .continue
        continued = try continued.retrained(on: d, options: o)
        let tc = Date().timeIntervalSince(t0)
        t0 = Date()
        o.retrainMode = .refit
        refit = try refit.retrained(on: d, options: o)
        let tr = Date().timeIntervalSince(t0)
        let ec = try ActiveLearningRun.heldOutErrors(continued.committee(), job.heldOut)!
        let er = try ActiveLearningRun.heldOutErrors(refit.committee(), job.heldOut)!
        print(String(format: "# %d labels: continue %.4f eV/Å %.4f eV/atom (%.0f s) | refit %.4f eV/Å %.4f eV/atom (%.0f s)",
                     d.count, ec.force, ec.energy, tc, er.force, er.energy, tr))
        if k == iterations.last! {
            print(String(format: "RESULT retrain_continue_final_force_rmse %.4f eV/A  # beside refit", ec.force))
            print(String(format: "RESULT retrain_refit_final_force_rmse %.4f eV/A  # beside continue, same epochs", er.force))
        }
    }
}
