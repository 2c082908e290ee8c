import Testing
import SeamCore
import SeamFEM

/// A uniform-strain field u = u0 + G X and its stress.
private struct LinearField {
    let g: Mat3, u0: Vec3
    func u(_ x: Vec3) -> Vec3 { u0 + g * x }
}

private let material = try! LinearElasticIsotropic(youngsModulus: 2.0, poissonRatio: 0.3)

/// Expected Cauchy stress for strain ε: 3D/plane strain σ = λ tr ε I + 2 μ ε (ε_33 = 0 in 2D);
/// plane stress σ_αβ = E/(1-ν²) ((1-ν) ε_αβ + ν tr ε δ_αβ).
private func expectedStress(_ eps: Mat3, planeStress: Bool) -> Mat3 {
    let e = material.youngsModulus, nu = material.poissonRatio
    var s = Mat3.zero
    if planeStress {
        let tr = eps[0, 0] + eps[1, 1]
        for i in 0..<2 { for j in 0..<2 { s[i, j] = e / (1 - nu * nu) * ((1 - nu) * eps[i, j] + (i == j ? nu * tr : 0)) } }
        return s
    }
    s = 2 * material.shearModulus * eps
    for i in 0..<3 { s[i, i] += material.lambda * eps.trace }
    return s
}

private func mesh(_ type: CellType) throws -> Mesh {
    type.dimension == 2
        ? try StructuredMesh.rectangle(cellsX: 4, cellsY: 3, width: 2, height: 1.5, origin: Vec3(0.3, -0.2, 0),
                                       cellType: type, distortion: 0.2, seed: 7)
        : try StructuredMesh.box(cellsX: 3, cellsY: 3, cellsZ: 2, size: Vec3(1.5, 1.2, 1), origin: Vec3(-0.1, 0.2, 0.05),
                                 cellType: type, distortion: 0.2, seed: 7)
}

private func field(dimension d: Int) -> LinearField {
    d == 2 ? LinearField(g: Mat3([1e-3, 4e-4, 0, -2e-4, -5e-4, 0, 0, 0, 0]), u0: Vec3(1e-3, -2e-3, 0))
           : LinearField(g: Mat3([1e-3, 4e-4, -3e-4, -2e-4, -5e-4, 6e-4, 2.5e-4, 1e-4, 7e-4]), u0: Vec3(1e-3, -2e-3, 5e-4))
}

private let cases: [(CellType, Analysis)] = [
    (.triangle3, .planeStrain()), (.triangle3, .planeStress()), (.triangle6, .planeStrain()), (.triangle6, .planeStress(thickness: 0.5)),
    (.quadrilateral4, .planeStrain(thickness: 2)), (.quadrilateral4, .planeStress()),
    (.tetrahedron4, .solid), (.tetrahedron10, .solid), (.hexahedron8, .solid),
]

/// Checks nodal displacements and quadrature-point stresses against the uniform-strain field.
private func checkReproduces(_ model: ElasticityModel<LinearElasticIsotropic>, _ u: [Double], _ f: LinearField, planeStress: Bool) throws {
    let scale = f.g.maxAbs * 2 + f.u0.maxAbs
    var worstU = 0.0
    for n in model.mesh.nodes.indices { worstU = max(worstU, (model.displacement(u, node: n) - f.u(model.mesh.nodes[n])).maxAbs) }
    #expect(worstU / scale < 1e-10, "displacement error \(worstU / scale)")
    let sigma = expectedStress(f.g.symmetric, planeStress: planeStress)
    var worstS = 0.0
    for block in try model.quadraturePointValues(u) { for v in block { worstS = max(worstS, (v.stress - sigma).maxAbs) } }
    #expect(worstS / sigma.maxAbs < 1e-10, "stress error \(worstS / sigma.maxAbs)")
    for block in try model.cellAverageValues(u) { for v in block {
        #expect((v.stress - sigma).maxAbs < 1e-10 * sigma.maxAbs)
        #expect(abs(v.vonMises - PointValues.vonMises(sigma)) < 1e-10 * sigma.maxAbs)
    } }
}

@Test(arguments: cases)
func displacementPatchTestReproducesUniformStrainOnDistortedMesh(type: CellType, analysis: Analysis) throws {
    let m = try mesh(type)
    let f = field(dimension: m.dimension)
    let sides = m.dimension == 2 ? ["left", "right", "bottom", "top"] : StructuredMesh.sideNames
    let bcs = sides.map { DirichletCondition.prescribed($0, components: Array(0..<m.dimension)) { f.u($0) } }
    let model = try ElasticityModel(mesh: m, analysis: analysis, material: material, dirichlet: bcs)
    #expect(model.dofMap.freeCount > 0)
    let u = try model.solveLinear()
    try checkReproduces(model, u, f, planeStress: analysis.isPlaneStress)
}

@Test(arguments: cases)
func tractionPatchTestReproducesUniformStrainOnDistortedMesh(type: CellType, analysis: Analysis) throws {
    let m = try mesh(type)
    let f = field(dimension: m.dimension)
    let sigma = expectedStress(f.g.symmetric, planeStress: analysis.isPlaneStress)
    // Exact displacement on the min sides, exact traction σ n on the max sides.
    let fixed = m.dimension == 2 ? ["left", "bottom"] : ["left", "bottom", "back"]
    let loaded: [(String, Int)] = m.dimension == 2 ? [("right", 0), ("top", 1)] : [("right", 0), ("top", 1), ("front", 2)]
    let bcs = fixed.map { DirichletCondition.prescribed($0, components: Array(0..<m.dimension)) { f.u($0) } }
    let loads = loaded.map { name, axis in TractionLoad(boundary: name) { _ in Vec3(sigma[0, axis], sigma[1, axis], sigma[2, axis]) } }
    let model = try ElasticityModel(mesh: m, analysis: analysis, material: material, dirichlet: bcs, tractions: loads)
    let u = try model.solveLinear()
    try checkReproduces(model, u, f, planeStress: analysis.isPlaneStress)
    // Global equilibrium: the support forces on the fixed nodes balance the applied tractions.
    var withFixedUnion = model.mesh
    withFixedUnion.nodeSets = ["fixed": Array(Set(fixed.flatMap { m.nodeSets[$0]! })).sorted()]
    let unionModel = try ElasticityModel(mesh: withFixedUnion, analysis: analysis, material: material, dirichlet: bcs.map {
        var c = $0; c.target = .nodes(m.nodeSets[fixed[0]]!); return c }, tractions: loads)
    let reaction = try unionModel.reactionForces(u)["fixed"]!
    var applied = Vec3.zero
    for n in m.nodes.indices { applied += model.displacement(model.externalForce, node: n) }
    #expect((reaction + applied).maxAbs < 1e-10 * applied.maxAbs, "reaction \(reaction) vs applied \(applied)")
}

@Test func invertedCellIsReportedByBlockAndCell() throws {
    var m = try StructuredMesh.rectangle(cellsX: 2, cellsY: 2, width: 1, height: 1, cellType: .quadrilateral4)
    m.cells[0].connectivity.swapAt(4 + 1, 4 + 3)   // cell 1 now runs clockwise
    #expect {
        _ = try ElasticityModel(mesh: m, analysis: .planeStrain(), material: material, dirichlet: [.fixed("left", components: [0, 1])])
    } throws: { e in (e as? InputError)?.message.contains("cell 1 of block 0") == true && (e as? InputError)?.message.contains("inverted") == true }
}

@Test func unknownNodeSetIsAnInputError() throws {
    let m = try StructuredMesh.rectangle(cellsX: 2, cellsY: 2, width: 1, height: 1)
    #expect(throws: InputError.self) {
        _ = try ElasticityModel(mesh: m, analysis: .planeStrain(), material: material, dirichlet: [.fixed("clamp", components: [0])])
    }
}

@Test func vonMisesStressOfUniaxialAndShearStatesMatchesClosedForms() {
    #expect(abs(PointValues.vonMises(Mat3(diagonal: 2.5, 0, 0)) - 2.5) < 1e-15)
    #expect(abs(PointValues.vonMises(Mat3([0, 1, 0, 1, 0, 0, 0, 0, 0])) - 3.0.squareRoot()) < 1e-15)
    // Hydrostatic stress has no deviator.
    #expect(PointValues.vonMises(Mat3(diagonal: -4, -4, -4)) < 1e-15)
}
