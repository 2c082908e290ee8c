import Foundation
import SeamCore
import SeamFEM
import SeamCohesive
import SeamCoupling

/// Arc-length and load-control benchmark (part of `seam-bench contact`): the rigid cylinder
/// (R = 100 Å) on an isotropic substrate (E = 1 eV/Å^3, ν = 0.3) with a Dugdale law
/// (σ0 = 0.06 eV/Å^3, W = 0.05 eV/Å^2, 10% end ramps: λ ≈ 0.97), the case of
/// `ContactContinuationTests`, traced by arc length through jump-in, pull-off and snap-off, and
/// by load control to its limit. Prints the arc-length pull-off beside the Maugis-Dugdale value
/// and the load-control limit, the step counts and times. `--quick`: 0.5 Å cells (default 0.25 Å).
func runContactContinuationBenchmarks(arguments: [String]) {
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    let fine = arguments.contains("--quick") ? 0.5 : 0.25
    do {
        let law = try DugdaleLaw(stress: 0.06, workOfSeparation: 0.05, transitionFraction: 0.1)
        let problem = try AdhesiveCylinderContact(
            radius: 100, substrateWidth: 400, substrateDepth: 200, material: try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3),
            law: law, grading: try ContactMeshGrading(fineSize: fine, fineWidth: 16, fineDepth: 8, growth: 1.3),
            loadPath: try .init(startSeparation: 1.5, approach: .depth(-0.5), endSeparation: 3.0, step: 0.2, minimumStep: 0.05, maximumStep: 0.4),
            surfaceSubdivisions: 4)
        let md = try problem.maugisDugdaleReference()
        let reference = md.pullOff().load
        var t = now()
        let arc = try problem.traceArcLength(try .init(step: 0.5, minimumStep: 1e-4, maximumStep: 4, indenterWeight: 20))
        let tArc = now() - t
        t = now()
        let load = try problem.followLoadControl(try .init(initialLoad: 0.05, step: 0.05, minimumStep: 1e-4))
        let tLoad = now() - t
        let snap = arc.turningPoints.first { $0.kind == .snapOff && $0.phase == .retract }
        let unstable = arc.records.filter { !$0.stableUnderDisplacementControl }.count
        print("# arc length and load control: Dugdale law σ0 0.06 eV/Å^3, W 0.05 eV/Å^2, R 100 Å, E* \(String(format: "%.4f", md.reducedModulus)) eV/Å^3, λ \(String(format: "%.3f", md.transitionParameter)); finest cell \(fine) Å")
        print("# arc: \(arc.records.count) states (\(unstable) unstable under displacement control), snap-off at d = \(snap.map { String(format: "%.4f", $0.indenterDisplacement) } ?? "-") Å; load control limit at d = \(String(format: "%.4f", load.limitIndenterDisplacement)) Å")
        print("RESULT contact_arc_pull_off \(String(format: "%.5f", -arc.pullOffForce)) eV/Å^2 # Maugis-Dugdale \(String(format: "%.5f", -reference)) eV/Å^2 (ratio \(String(format: "%.4f", arc.pullOffForce / reference)))")
        print("RESULT contact_arc_over_load_control_pull_off \(String(format: "%.6f", arc.pullOffForce / load.limitLoad)) # goal 1 (the same limit point; load control \(String(format: "%.5f", -load.limitLoad)) eV/Å^2)")
        print("RESULT contact_arc_steps \(arc.records.count) states # \(arc.rejectedSteps) rejected and retried shorter")
        print("RESULT contact_load_control_steps \(load.records.count) states # \(load.rejectedSteps) rejected (halved) until the step fell below 1e-4 eV/Å^2")
        print("RESULT contact_arc_energy_balance \(String(format: "%.2e", arc.records.last!.balanceError)) eV/Å # goal 0 on a closed path without jumps")
        print("RESULT contact_arc_time \(String(format: "%.2f", tArc)) s # load control \(String(format: "%.2f", tLoad)) s")
    } catch {
        print("contact continuation benchmark failed: \(error)")
    }
}
