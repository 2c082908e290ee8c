import Foundation
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Meshed-body continuation benchmark (part of `seam-bench contact`): the case of
/// `MeshedBodyContinuationTests`, an elastic cylinder body (R = 20 Å, 8 Å half-width, 10 Å high,
/// E = 1.5 eV/Å^3, ν = 0.3) and a 40 x 20 Å block of the same material gripped at its top, a
/// universal binding law (W = 0.05 eV/Å^2, l = 0.15 Å), symmetric half model, 0.5 Å cells at
/// the contact. Traced by arc length on (u, d) through jump-in, pull-off and snap-off, by load
/// control of the grip force to its limit and by displacement control of the grip; prints the
/// arc-length pull-off beside the other two, the step counts, the energy balances and the
/// times. `--quick` runs the same (small) case.
func runMeshedContinuationBenchmarks(arguments: [String]) {
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    do {
        let grading = try ContactMeshGrading(fineSize: 0.5, fineWidth: 6, fineDepth: 3, growth: 1.4)
        let radius = 20.0
        let cylinder = try grading.rectangle(width: 8, depth: 10) { x in -(radius - (radius * radius - x * x).squareRoot()) }
        let block = try MeshedBodyCohesiveContact.cylinderBody(radius: 1e7, width: 40, height: 20, grading: grading)
        let problem = try MeshedBodyCohesiveContact(
            lower: cylinder, upper: block, material: try LinearElasticIsotropic(youngsModulus: 1.5, poissonRatio: 0.3),
            law: UniversalBindingLaw(workOfSeparation: 0.05, length: 0.15),
            loadPath: try .init(startSeparation: 3, approach: .depth(0.2), endSeparation: 3, step: 0.1, minimumStep: 0.02, maximumStep: 0.2),
            symmetric: true)
        var t = now()
        let arc = try problem.traceArcLength(try .init(step: 0.5, minimumStep: 1e-4, maximumStep: 4, indenterWeight: 20))
        let tArc = now() - t
        t = now()
        let load = try problem.followLoadControl(try .init(initialLoad: 0.02, step: 0.05, minimumStep: 1e-5))
        let tLoad = now() - t
        t = now()
        let displacement = try problem.run()
        let tDisplacement = now() - t
        let scale = arc.records.map { abs($0.elasticEnergy) + abs($0.adhesiveEnergy) }.max()!
        let kinds = arc.turningPoints.filter { $0.phase == .retract }.map(\.kind.rawValue).joined(separator: ", ")
        print("# meshed body: cylinder R 20 Å on a block, E 1.5 eV/Å^3, UBER W 0.05 eV/Å^2 l 0.15 Å; grip displacement d as the load parameter")
        print("# arc: \(arc.records.count) states, retraction turning points: \(kinds); \(arc.records.filter { !$0.stableUnderDisplacementControl }.count) states unstable under displacement control")
        print("RESULT meshed_arc_pull_off \(String(format: "%.6f", -arc.pullOffForce)) eV/Å^2 # load control \(String(format: "%.6f", -load.limitLoad)), displacement control \(String(format: "%.6f", -displacement.pullOffForce)) eV/Å^2")
        print("RESULT meshed_arc_over_load_control_pull_off \(String(format: "%.6f", arc.pullOffForce / load.limitLoad)) # goal 1 (the same limit point)")
        print("RESULT meshed_arc_over_displacement_control_pull_off \(String(format: "%.4f", arc.pullOffForce / displacement.pullOffForce)) # goal 1 within the displacement step (\(displacement.records.count) steps)")
        print("RESULT meshed_arc_steps \(arc.records.count) states # \(arc.rejectedSteps) rejected; load control \(load.records.count) states (\(load.rejectedSteps) rejected), displacement control \(displacement.records.count) steps")
        print("RESULT meshed_arc_energy_balance \(String(format: "%.2e", arc.records.last!.balanceError / scale)) of the energy scale # goal 0; displacement control loses \(String(format: "%.3f", displacement.records.last!.balanceError / scale)) in \(displacement.records.filter(\.jump).count) jumps")
        print("RESULT meshed_arc_time \(String(format: "%.2f", tArc)) s # load control \(String(format: "%.2f", tLoad)) s, displacement control \(String(format: "%.2f", tDisplacement)) s")
    } catch {
        print("meshed-body continuation benchmark failed: \(error)")
    }
}
