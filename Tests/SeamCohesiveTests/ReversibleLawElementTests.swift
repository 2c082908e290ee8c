import Testing
import SeamCore
import SeamFEM
import SeamCohesive
import SeamPotential

/// Bonded blocks under uniform tension σ with any law: the interface opens by T⁻¹(σ) (the root
/// on the rising branch) and the bulk carries the uniform stress.
func uniformTensionOpening<L: CohesiveLaw>(_ law: L, cellType: CellType, sigma: Double) throws -> (opening: Double, expected: Double) {
    let size = Vec3(2, 2, 1)
    let split = try CohesiveSpecimens.bondedBlocks(cellType: cellType, cellsX: 3, cellsY: 2, cellsZ: 2, size: size)
    let is3D = cellType.dimension == 3
    let model = try CohesiveModel(mesh: split.mesh, analysis: is3D ? .solid : .planeStrain(),
                                  material: try LinearElasticIsotropic(youngsModulus: 2, poissonRatio: 0.3),
                                  law: law, interface: try split.interface(), dirichlet: minimalSupports(split.mesh, size: size),
                                  tractions: [TractionLoad(boundary: "top") { _ in Vec3(0, sigma, 0) }])
    var options = PathFollowingOptions(control: .loadFactor(increment: 0.25, maximum: 1))
    options.relativeTolerance = 1e-12
    let u = try model.followPath(options: options).displacement
    var lo = 0.0, hi = law.peakOpening
    for _ in 0..<200 { let mid = 0.5 * (lo + hi); if law.normalTraction(mid) < sigma { lo = mid } else { hi = mid } }
    var worst = 0.0
    for q in 0..<model.interface.pointCount {
        let local = model.interface.localOpening(element: q / model.interface.pointsPerElement, point: q % model.interface.pointsPerElement, displacement: u)
        worst = max(worst, abs(local.x - 0.5 * (lo + hi)))
    }
    return (0.5 * (lo + hi) + worst, 0.5 * (lo + hi))
}

@Test(arguments: [CellType.quadrilateral4, .hexahedron8])
func xuNeedlemanAndPPRLawsWorkInCohesiveElements(_ cellType: CellType) throws {
    let xn = XuNeedlemanLaw(normalStrength: 0.05, normalLength: 0.01, shearStrength: 0.04, shearLength: 0.02, r: 0)
    let a = try uniformTensionOpening(xn, cellType: cellType, sigma: 0.02)
    #expect(abs(a.opening - a.expected) < 1e-9 * a.expected)
    let ppr = try ParkPaulinoRoeslerLaw(normalEnergy: 0.002, shearEnergy: 0.003, normalStrength: 0.05, shearStrength: 0.04,
                                        alpha: 3, beta: 3, lambdaN: 0.2, lambdaT: 0.2)
    let b = try uniformTensionOpening(ppr, cellType: cellType, sigma: 0.02)
    #expect(abs(b.opening - b.expected) < 1e-9 * b.expected)
}

@Test func reversibleLawsHaveNoHistoryAndAPositiveSecant() {
    let xn = XuNeedlemanLaw(normalStrength: 0.05, normalLength: 0.5, shearStrength: 0.04, shearLength: 0.7, r: 0)
    for d in [Vec3(0.3, 0.1, -0.2), Vec3(1.5, -0.4, 0.3), Vec3(0, 0, 0)] {
        #expect(xn.historyVariable(opening: d) == 0)
        let k = xn.secantTangent(opening: d, history: 0)
        for a in 0..<3 { #expect(k[a, a] >= 0) }
        let split = xn.energySplit(opening: d, history: 0)
        #expect(split.dissipated == 0 && split.stored == xn.response(opening: d).energy)
    }
    // Damage laws keep their own rules: secant unloading with dissipation φ(λ*) - ½ t(λ*) λ*.
    let uber = UniversalBindingLaw(workOfSeparation: 0.1, length: 0.5)
    let split = uber.energySplit(opening: Vec3(0.2, 0, 0), history: 1.0)
    let s = uber.scalar(1.0)
    #expect(abs(split.dissipated - (s.energy - 0.5 * s.traction)) < 1e-15)
}

@Test func aLawFileDerivedFromAPotentialDrivesTheContinuumInterface() throws {
    // Derive an LJ fcc(111) law, write and read the law file, and use each law kind it offers
    // in cohesive elements: the interface opens by T⁻¹(σ) of that law.
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
    let slab = try InterfaceSlab.cleaving(try Crystal.oriented(Crystal.fcc(Element(symbol: "Ar")!, a: 1.5496), miller: (1, 1, 1)), halfThickness: 6)
    let derived = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: stride(from: 0.0, through: 3.0, by: 0.05).map { $0 })
    let text = try CohesiveLawFile(provenance: .init(potential: "lj", structure: "fcc(111)", plane: [1, 1, 1]), law: derived).encoded()
    let file = try CohesiveLawFile.decode(text, source: "lj111.law.json")
    for kind in ["tabulated", "uber", "xu-needleman", "ppr", "bilinear"] {
        let law = try file.cohesiveLaw(kind)
        let sigma = 0.3 * law.peakTraction
        let r = try uniformTensionOpening(law, cellType: .quadrilateral4, sigma: sigma)
        #expect(abs(r.opening - r.expected) < 1e-8 * r.expected, "\(kind)")
    }
}
