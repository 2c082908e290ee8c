import Testing
import SeamCore
import SeamFEM
import SeamCohesive
#if canImport(Glibc)
import Glibc
#endif

/// Double cantilever beam in plane strain, E' = E/(1-ν²). Corrected beam theory (Kanninen's
/// root rotation, a → a + 0.64 h): P_c = sqrt(G_c E' b² h³ / (12 (a + 0.64 h)²)).
struct DCBCase: Sendable {
    var e = 100.0, nu = 0.3, armHeight = 1.0, initialCrack = 4.0, length = 8.0, cellsPerArm = 8
    var refinedCellSize = 0.0625
    /// Bilinear law, G_c = ½ σc λf = 0.01 eV/Å^2: σc = 2 eV/Å^3 gives the characteristic
    /// length E'G_c/σc² = 0.27 h (a cohesive zone short against the arm, resolved by about
    /// 4 refined cells); λ0 = λf/10 makes the initial stiffness σc/λ0 = 20 E/h so the elastic
    /// interface adds little compliance.
    var law = BilinearLaw(strength: 2, peakOpening: 0.001, finalOpening: 0.01)
    var stepCount = 70
    var maximumOpening = 0.7

    var planeStrainModulus: Double { e / (1 - nu * nu) }
    var beamTheoryPeak: Double {
        let a = initialCrack + 0.64 * armHeight
        return (law.workOfSeparation * planeStrainModulus * pow(armHeight, 3) / (12 * a * a)).squareRoot()
    }

    func model() throws -> CohesiveModel<LinearElasticIsotropic, BilinearLaw> {
        let split = try CohesiveSpecimens.doubleCantileverBeam(armHeight: armHeight, length: length, initialCrack: initialCrack, cellsPerArm: cellsPerArm,
                                                                   refinedCellSize: refinedCellSize, refinedZone: (initialCrack - 0.3)...(initialCrack + 1.2))
        let half = 0.5 * maximumOpening
        return try CohesiveModel(mesh: split.mesh, analysis: .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                 law: law, interface: try split.interface(),
                                 dirichlet: [.prescribed("loadPlus", components: [1]) { _ in Vec3(0, half, 0) },
                                             .prescribed("loadMinus", components: [1]) { _ in Vec3(0, -half, 0) },
                                             .fixed("right", components: [0])])
    }
}

@Test func doubleCantileverBeamPeakLoadMatchesCorrectedBeamTheory() throws {
    let dcb = DCBCase()
    let model = try dcb.model()
    var options = PathFollowingOptions(control: .loadFactor(increment: 1 / Double(dcb.stepCount), maximum: 1))
    // The peak comes near Δ = 0.51 Å (step 51); a few steps past it show the drop.
    options.maximumSteps = 56
    let result = try model.followPath(options: options)
    let loads = result.steps.map { $0.reactions["loadPlus"]!.y }
    let peak = loads.max()!
    let peakIndex = loads.firstIndex(of: peak)!
    #expect(peakIndex < loads.count - 3, "the peak must be passed")
    #expect(abs(peak / dcb.beamTheoryPeak - 1) < 0.05, "peak \(peak) eV/Å vs beam theory \(dcb.beamTheoryPeak) eV/Å")
    // Before any damage the compliance is the corrected beam theory's, Δ/P = 8 (a + 0.64h)³/(E' h³).
    let first = result.steps[0]
    let compliance = first.loadFactor * dcb.maximumOpening / first.reactions["loadPlus"]!.y
    let a = dcb.initialCrack + 0.64 * dcb.armHeight
    #expect(abs(compliance / (8 * a * a * a / (dcb.planeStrainModulus * pow(dcb.armHeight, 3))) - 1) < 0.05)
    #expect(result.analyses == 1)
}

/// Centre crack 2a in a plate of width W (plane strain), quarter model: Griffith with the
/// Feddersen finite-width correction, σ_c = K_Ic/(sqrt(π a) Y), K_Ic = sqrt(E' G_c),
/// Y = sqrt(sec(π a/W)). Plate height H = 3 W: the Feddersen form is for long strips (a square
/// plate is about 5% more compliant at the crack mouth, measured).
struct CentreCrackCase: Sendable {
    var e = 100.0, nu = 0.3, crackHalfLength = 5.0, halfWidth = 20.0, halfHeight = 60.0
    var tipCellSize = 0.025
    /// Bilinear, G_c = 0.01 eV/Å^2, σc = 2.5 eV/Å^3: E'G_c/σc² = 0.18 Å = 0.035 a, a cohesive
    /// zone small against the crack, resolved by about 7 cells of 0.025 Å.
    var law = BilinearLaw(strength: 2.5, peakOpening: 0.0008, finalOpening: 0.008)
    var planeStrainModulus: Double { e / (1 - nu * nu) }
    var griffithStress: Double {
        let w = 2 * halfWidth
        let y = (1 / cos(Double.pi * crackHalfLength / w)).squareRoot()
        return (planeStrainModulus * law.workOfSeparation).squareRoot() / ((Double.pi * crackHalfLength).squareRoot() * y)
    }
}

@Test func centreCrackPropagatesAtTheGriffithLoadWithFiniteWidthCorrection() throws {
    let c = CentreCrackCase()
    let split = try CohesiveSpecimens.centreCrackQuarterPlate(halfWidth: c.halfWidth, halfHeight: c.halfHeight, crackHalfLength: c.crackHalfLength,
                                                              tipCellSize: c.tipCellSize, refinedZone: (c.crackHalfLength - 0.2)...(c.crackHalfLength + 0.8), outerCells: 20)
    let model = try CohesiveModel(mesh: split.mesh, analysis: .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: c.e, poissonRatio: c.nu),
                                  law: MirroredLaw(c.law), interface: try split.interface(),
                                  dirichlet: [.fixed("left", components: [0])],
                                  tractions: [TractionLoad(boundary: "top") { _ in Vec3(0, 1, 0) }])
    // Control the crack-centre half-opening (node at the origin, u_y): it grows monotonically
    // through the unstable propagation that force control cannot pass.
    let mouth = Int(split.mesh.nodes.firstIndex { $0.norm < 1e-12 }!)
    let lefmOpening = 2 * c.griffithStress * c.crackHalfLength / c.planeStrainModulus
    var options = PathFollowingOptions(control: .opening(weights: [2 * mouth + 1: 1], increment: lefmOpening / 25, maximum: 3 * lefmOpening))
    options.stopBelowPeakFraction = 0.94
    let result = try model.followPath(options: options)
    let loads = result.steps.map(\.loadFactor)
    // The propagation load: the first local maximum (the crack then runs unstably).
    let peakIndex = loads.indices.dropLast().first { loads[$0 + 1] < loads[$0] } ?? loads.count - 1
    let peak = loads[peakIndex]
    #expect(peakIndex < loads.count - 2, "the path must pass the peak")
    #expect(loads.last! < 0.95 * peak, "the load must drop after the peak")
    #expect(abs(peak / c.griffithStress - 1) < 0.05, "peak \(peak) vs Griffith \(c.griffithStress)")
    // Energy balance on the traced path, including the unstable branch.
    let last = result.steps.last!
    let balance = last.externalWork - last.energies.bulkStrain - last.energies.cohesiveStored - last.energies.dissipated
    #expect(abs(balance) < 0.02 * last.externalWork)
}
