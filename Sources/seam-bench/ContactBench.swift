import CLapack
import Foundation
import SeamCore
import SeamFEM
import SeamPotential
import SeamCohesive
import SeamCoupling
import SeamIO

/// Contact benchmark: adhesive pull-off of a rigid cylinder (R = 10 nm by default) from a
/// silicon substrate, the README's main job. The interface law is the rigid Si(111) mode-I law
/// derived from the default potential (`--potential DIR`, default
/// examples/potentials/Si-mlearn-nnp; diamond a = 5.5011 Å, the potential's own); the
/// substrate is linear cubic with C11, C12, C44 of the same potential (Cauchy-Born tangent at
/// F = I, inner relaxation included), cube axes along x and y (the substrate's orientation is
/// not rotated to (111): the law and the elasticity are taken from the same potential but the
/// bulk is [001]-oriented). Prints the FE pull-off force, the Maugis-Dugdale prediction at the
/// law's equivalent σ0 = peak traction and W (and the JKR and DMT limits), and the wall time.
/// Options: `--radius Å` (100), `--fine Å` (finest cell, 0.25), `--step Å` (0.1), `--quick`
/// (coarser: fine 0.5 Å, step 0.2 Å), `--verbose` (every step of the load path).
func runContactBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    let quick = arguments.contains("--quick")
    let directory = value("--potential") ?? "examples/potentials/Si-mlearn-nnp"
    let radius = value("--radius").flatMap(Double.init) ?? 100
    let fine = value("--fine").flatMap(Double.init) ?? (quick ? 0.5 : 0.25)
    let step = value("--step").flatMap(Double.init) ?? (quick ? 0.2 : 0.1)
    let gpa = Units.gigapascalPerEvPerCubicAngstrom, jm2 = Units.joulePerSquareMetrePerEvPerSquareAngstrom
    do {
        let t0 = now()
        let potential = try N2P2PotentialLoader.load(directory: URL(fileURLWithPath: directory))
        let silicon = Element(symbol: "Si")!
        let a = 5.5011
        // Elastic constants of the potential (Cauchy-Born, inner relaxation).
        let cb = try CauchyBornMaterial(potential: potential, lattice: .diamond(latticeConstant: a, elements: [silicon]))
        let c = try cb.response(at: .identity, request: .tangent).tangent
        let material = try LinearElasticCubic(c11: c[0, 0, 0, 0], c12: c[0, 0, 1, 1], c44: c[0, 1, 0, 1])
        // Rigid Si(111) law.
        let oriented = try Crystal.oriented(Crystal.diamond(silicon, a: a), miller: (1, 1, 1))
        let slab = try InterfaceSlab.cleaving(oriented, halfThickness: 2 * potential.cutoff + 1)
        let openings = stride(from: 0.0, through: 8.0, by: 0.05).map { $0 }
        let law = try LawDerivation(potential: potential, slab: slab).rigid(.opening, separations: openings).tabulated()
        let tSetup = now() - t0
        let eStar = try AdhesiveCylinderContact.contactModulus(of: material)
        let md = try MaugisDugdaleLineContact(radius: radius, reducedModulus: eStar, workOfAdhesion: law.workOfSeparation, stress: law.peakTraction)
        let reference = md.pullOff()
        let jkr = MaugisDugdaleLineContact.jkrPullOff(radius: radius, reducedModulus: eStar, workOfAdhesion: law.workOfSeparation)
        let dmt = MaugisDugdaleLineContact.dmtPullOff(radius: radius, workOfAdhesion: law.workOfSeparation, stress: law.peakTraction)
        // Fine zone: twice the JKR half-width at pull-off along the surface, half of it in depth.
        let aJ = MaugisDugdaleLineContact.jkrPullOffHalfWidth(radius: radius, reducedModulus: eStar, workOfAdhesion: law.workOfSeparation)
        let problem = try AdhesiveCylinderContact(
            radius: radius, substrateWidth: 20 * radius, substrateDepth: 10 * radius, material: material, law: law,
            grading: try ContactMeshGrading(fineSize: fine, fineWidth: 2.5 * aJ, fineDepth: aJ, growth: 1.2),
            loadPath: try .init(startSeparation: 5, approach: .load(-0.25 * reference.load), endSeparation: 25, step: step,
                                minimumStep: step / 8, maximumStep: 8 * step),
            surfaceSubdivisions: 4)
        let mesh = try problem.substrateMesh()
        let t1 = now()
        let verbose = arguments.contains("--verbose")
        let result = try problem.run { r, _ in
            guard verbose else { return }
            print(String(format: "# %@ d %.3f Å  P %.4f N/m  a %.2f Å  c %.2f Å  gmin %.3f Å  U_el %.5f  E_adh %.5f  W_ext %.5f eV/Å%@  (%d it)",
                         r.phase.rawValue, r.indenterDisplacement, r.forceNewtonsPerMetre, r.contactHalfWidth, r.cohesiveZoneHalfWidth,
                         r.minimumGap, r.elasticEnergy, r.adhesiveEnergy, r.externalWork, r.jump ? "  JUMP" : "", r.iterations))
        }
        let tRun = now() - t1
        let iterations = result.records.map(\.iterations).reduce(0, +)
        print("# contact benchmark (OpenBLAS core \(String(cString: openblas_get_corename()))): rigid cylinder R = \(radius) Å on Si, law \(law.summary)")
        print("# C11 \(String(format: "%.1f", c[0, 0, 0, 0] * gpa)) C12 \(String(format: "%.1f", c[0, 0, 1, 1] * gpa)) C44 \(String(format: "%.1f", c[0, 1, 0, 1] * gpa)) GPa; E* = \(String(format: "%.1f", eStar * gpa)) GPa; W = \(String(format: "%.3f", law.workOfSeparation * jm2)) J/m^2, peak \(String(format: "%.2f", law.peakTraction * gpa)) GPa at \(String(format: "%.2f", law.peakOpening)) Å; λ = \(String(format: "%.3f", md.transitionParameter))")
        print("# mesh: \(mesh.cellCount) cells, \(2 * mesh.nodes.count) dofs, finest \(fine) Å; \(result.records.count) steps, \(iterations) Newton iterations, jumps at d = \(result.records.filter(\.jump).map { String(format: "%.2f", $0.indenterDisplacement) }.joined(separator: ", "))")
        guard result.separated else {
            print("contact benchmark: the cylinder did not separate by the end of the path (contact half-width \(result.records.last!.contactHalfWidth) Å)")
            return
        }
        print("RESULT contact_pull_off \(String(format: "%.4f", -result.pullOffForceNewtonsPerMetre)) N/m # Maugis-Dugdale at the law's σ0, W: \(String(format: "%.4f", -reference.load * jm2)) N/m (ratio \(String(format: "%.3f", result.pullOffForce / reference.load)))")
        print("RESULT contact_pull_off_maugis_dugdale \(String(format: "%.4f", -reference.load * jm2)) N/m # JKR \(String(format: "%.4f", -jkr * jm2)), DMT \(String(format: "%.4f", -dmt * jm2)) N/m")
        print("RESULT contact_max_load \(String(format: "%.4f", result.maximumForce * jm2)) N/m")
        print("RESULT contact_run_time \(String(format: "%.2f", tRun)) s # goal: the main job within a few minutes on 2 cores")
        print("RESULT contact_setup_time \(String(format: "%.2f", tSetup)) s # potential, Cauchy-Born constants and the rigid law")
        print("RESULT contact_time_per_step \(String(format: "%.3f", tRun / Double(result.records.count))) s")
        print("RESULT contact_energy_lost_in_jumps \(String(format: "%.4f", result.records.last!.balanceError)) eV/Å")
    } catch {
        print("contact benchmark failed: \(error)")
    }
    runContactContinuationBenchmarks(arguments: arguments)
    runMeshedContinuationBenchmarks(arguments: arguments)
}
