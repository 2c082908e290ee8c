import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamTestSupport

/// Compressible neo-Hookean solid (test-only): W = μ/2 (tr FᵀF - 3) - μ ln J + λ/2 (ln J)²,
/// P = μ (F - F⁻ᵀ) + λ ln J F⁻ᵀ,
/// A_iJkL = μ δ_ik δ_JL + (μ - λ ln J) F⁻¹_Li F⁻¹_Jk + λ F⁻¹_Ji F⁻¹_Lk.
struct TestNeoHooke: Material {
    var mu = 1.0, lambda = 1.5
    func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        let j = f.determinant
        guard j > 0 else { throw InputError("det F = \(j) <= 0") }
        let finv = f.inverse, lnj = log(j)
        var r = MaterialResponse()
        r.energyDensity = mu / 2 * (f.contract(f) - 3) - mu * lnj + lambda / 2 * lnj * lnj
        r.stress = mu * (f - finv.transposed) + lambda * lnj * finv.transposed
        if request.contains(.tangent) {
            for i in 0..<3 { for jj in 0..<3 { for k in 0..<3 { for l in 0..<3 {
                r.tangent[i, jj, k, l] = (i == k && jj == l ? mu : 0) + (mu - lambda * lnj) * finv[l, i] * finv[jj, k]
                    + lambda * finv[jj, i] * finv[l, k]
            } } } }
        }
        return r
    }
}

private let deformations = [
    Mat3([1.05, 0.02, -0.01, 0.03, 0.97, 0.04, -0.02, 0.01, 1.1]),
    Mat3([0.9, -0.15, 0.05, 0.1, 1.2, 0.0, 0.02, -0.05, 0.95]),
]

@Test(arguments: deformations)
func materialStressAndTangentMatchFiniteDifferences(f: Mat3) throws {
    let materials: [any Material] = [
        try LinearElasticIsotropic(youngsModulus: 2.0, poissonRatio: 0.3),
        try LinearElasticCubic(c11GPa: 165.7, c12GPa: 63.9, c44GPa: 79.6),
        TestNeoHooke(),
    ]
    for m in materials {
        #expect(try FEMChecks.materialStressError(m, at: f) < 1e-7, "\(m)")
        #expect(try FEMChecks.materialTangentError(m, at: f) < 1e-7, "\(m)")
    }
}

@Test func cubicMaterialWithC44EqualHalfDifferenceIsIsotropic() throws {
    // C44 = (C11 - C12)/2 makes a cubic crystal isotropic with λ = C12, μ = C44.
    let cubic = try LinearElasticCubic(c11: 3.0, c12: 1.0, c44: 1.0)
    let mu = 1.0, lambda = 1.0
    let iso = try LinearElasticIsotropic(youngsModulus: mu * (3 * lambda + 2 * mu) / (lambda + mu), poissonRatio: lambda / (2 * (lambda + mu)))
    let f = deformations[1]
    #expect((try cubic.response(at: f, request: .stress).stress - iso.response(at: f, request: .stress).stress).maxAbs < 1e-14)
}

private func model<M: Material>(_ type: CellType, _ material: M, loaded: Bool = true) throws -> ElasticityModel<M> {
    let mesh = type.dimension == 2
        ? try StructuredMesh.rectangle(cellsX: 3, cellsY: 2, width: 1.5, height: 1, cellType: type, distortion: 0.15, seed: 3)
        : try StructuredMesh.box(cellsX: 2, cellsY: 1, cellsZ: 1, size: Vec3(2, 1, 1), cellType: type, distortion: 0.15, seed: 3)
    let d = type.dimension
    return try ElasticityModel(mesh: mesh, analysis: d == 2 ? .planeStrain() : .solid, material: material,
                               dirichlet: [.fixed("left", components: Array(0..<d))],
                               tractions: loaded ? [TractionLoad(boundary: "right") { _ in Vec3(0.05, -0.08, d == 3 ? 0.03 : 0) }] : [])
}

/// A smooth nonzero displacement field to linearise about.
private func perturbed(_ m: ElasticityModel<some Material>) -> [Double] {
    var u = [Double](repeating: 0, count: m.dofMap.equation.count)
    for n in m.mesh.nodes.indices {
        let x = m.mesh.nodes[n]
        for i in 0..<m.dimension { u[n * m.dimension + i] = 0.04 * sin(1.3 * x.x + Double(i)) * x.x + 0.02 * x.y * Double(i + 1) }
    }
    for k in u.indices where m.dofMap.equation[k] < 0 { u[k] = 0 }
    return u
}

@Test(arguments: [CellType.triangle3, .triangle6, .quadrilateral4, .tetrahedron4, .tetrahedron10, .hexahedron8])
func assembledTangentMatchesFiniteDifferenceOfInternalForce(type: CellType) throws {
    let neo = try model(type, TestNeoHooke())
    #expect(try FEMChecks.stiffnessError(neo, at: perturbed(neo)) < 1e-7)
    let linear = try model(type, try LinearElasticIsotropic(youngsModulus: 2.0, poissonRatio: 0.3))
    #expect(try FEMChecks.stiffnessError(linear, at: perturbed(linear)) < 1e-7)
    // For a linear material the finite-strain tangent is the small-strain stiffness matrix.
    let k = try linear.assembleLinearSystem().values
    let kt = try linear.residualAndTangent(perturbed(linear), loadFactor: 1, tangent: true).values!
    let scale = k.reduce(0) { max($0, abs($1)) }
    #expect(zip(k, kt).reduce(0) { max($0, abs($1.0 - $1.1)) } < 1e-13 * scale)
}

@Test func newtonConvergesQuadraticallyOnANeoHookeanBlock() throws {
    let mesh = try StructuredMesh.box(cellsX: 3, cellsY: 2, cellsZ: 2, size: Vec3(3, 1, 1), cellType: .hexahedron8)
    // Stretch by 30 % with a transverse shear: strongly nonlinear, reached in two increments.
    let m = try ElasticityModel(mesh: mesh, analysis: .solid, material: TestNeoHooke(),
                                dirichlet: [.fixed("left", components: [0, 1, 2]),
                                            .prescribed("right", components: [0, 1, 2]) { _ in Vec3(0.9, 0.3, 0) }])
    var options = NewtonOptions()
    options.loadSteps = 2
    let solution = try m.solveNonlinear(options: options)
    #expect(solution.steps.count == 2)
    for step in solution.steps {
        let r = step.residualNorms
        #expect(r.count <= 8, "iterations \(r)")
        #expect(step.stepLengths.allSatisfy { $0 == 1 })
        // Quadratic: e_{k+1} / e_k^2 bounded (e = ‖r‖ / ‖r_0‖) while above round-off.
        let e = r.map { $0 / r[0] }
        var ratios: [Double] = []
        for k in 1..<(e.count - 1) where e[k + 1] > 1e-13 { ratios.append(e[k + 1] / (e[k] * e[k])) }
        #expect(!ratios.isEmpty)
        #expect(ratios.allSatisfy { $0 < 10 }, "ratios \(ratios), history \(e)")
        #expect(e.last! < 1e-10)
    }
    // One symbolic analysis served every factorisation.
    #expect(solution.factorizations == solution.steps.reduce(0) { $0 + $1.stepLengths.count })
    // Equilibrium: the reactions on both ends balance.
    let r = try m.reactionForces(solution.displacement, linearized: false)
    #expect((r["left"]! + r["right"]!).maxAbs < 1e-8 * r["right"]!.maxAbs)
}

@Test func newtonOnALinearMaterialMatchesTheLinearSolveInOneStep() throws {
    let m = try model(.quadrilateral4, try LinearElasticIsotropic(youngsModulus: 2.0, poissonRatio: 0.3))
    let linear = try m.solveLinear()
    let newton = try m.solveNonlinear()
    #expect(newton.steps[0].residualNorms.count == 2)
    let scale = linear.reduce(0) { max($0, abs($1)) }
    #expect(zip(linear, newton.displacement).reduce(0) { max($0, abs($1.0 - $1.1)) } < 1e-10 * scale)
}

@Test(arguments: [CellType.quadrilateral4, .tetrahedron4])
func mechanismWithoutSupportsGivesTypedErrorNotACrash(type: CellType) throws {
    let mesh = type.dimension == 2
        ? try StructuredMesh.rectangle(cellsX: 6, cellsY: 4, width: 1.5, height: 1, cellType: type)
        : try StructuredMesh.box(cellsX: 4, cellsY: 3, cellsZ: 3, size: Vec3(2, 1, 1), cellType: type)
    let d = type.dimension
    let loads = [TractionLoad(boundary: "right") { _ in Vec3(0.01, 0, 0) }, TractionLoad(boundary: "left") { _ in Vec3(-0.01, 0, 0) }]
    let linear = try ElasticityModel(mesh: mesh, analysis: d == 2 ? .planeStrain() : .solid,
                                     material: try LinearElasticIsotropic(youngsModulus: 2, poissonRatio: 0.3), dirichlet: [], tractions: loads)
    #expect { _ = try linear.solveLinear() } throws: { ($0 as? NumericalError)?.kind == .notPositiveDefinite }
    let nonlinear = try ElasticityModel(mesh: mesh, analysis: d == 2 ? .planeStrain() : .solid, material: TestNeoHooke(), dirichlet: [], tractions: loads)
    var options = NewtonOptions()
    options.maxStepCuts = 2
    #expect { _ = try nonlinear.solveNonlinear(options: options) } throws: { e in
        guard let e = e as? NumericalError else { return false }
        return e.kind == .notPositiveDefinite && e.message.contains("load step 1") && e.message.contains("iteration 0")
            && e.message.contains("residual history")
    }
}

@Test func finiteStrainPlaneStressIsRejectedWithAnInputError() throws {
    let mesh = try StructuredMesh.rectangle(cellsX: 2, cellsY: 2, width: 1, height: 1)
    let m = try ElasticityModel(mesh: mesh, analysis: .planeStress(), material: TestNeoHooke(), dirichlet: [.fixed("left", components: [0, 1])])
    #expect(throws: InputError.self) { _ = try m.solveNonlinear() }
}

@Test func loadStepIsCutWhenTheFullIncrementInvertsElements() throws {
    // Compressing a unit cube by 55 % in one increment moves the right face past the interior
    // nodes (det F < 0 in the last cell layer); halved increments succeed.
    let mesh = try StructuredMesh.box(cellsX: 2, cellsY: 2, cellsZ: 2, size: Vec3(1, 1, 1), cellType: .hexahedron8)
    let m = try ElasticityModel(mesh: mesh, analysis: .solid, material: TestNeoHooke(),
                                dirichlet: [.fixed("left", components: [0, 1, 2]),
                                            .prescribed("right", components: [0, 1, 2]) { _ in Vec3(-0.55, 0, 0) }])
    let solution = try m.solveNonlinear()
    #expect(solution.steps.count > 1)
    #expect(solution.steps.last!.loadFactor == 1)
    let r = try m.reactionForces(solution.displacement, linearized: false)
    #expect(r["right"]!.x < 0)   // the support pushes the right face toward -x to compress the block
    #expect((r["left"]! + r["right"]!).maxAbs < 1e-8 * r["right"]!.maxAbs)
}

/// The stored energy is the potential of the internal forces: ∂U/∂u_k (central differences)
/// equals the nonlinear internal force f_k on every dof, for 2D and 3D cells.
@Test(arguments: [CellType.triangle3, .quadrilateral4, .hexahedron8])
func storedEnergyGradientIsTheInternalForce(type: CellType) throws {
    let m = try model(type, TestNeoHooke(), loaded: false)
    let u = perturbed(m)
    let f = try m.internalForce(u, linearized: false)
    let h = 1e-6
    var worst = 0.0, scale = 0.0
    for k in u.indices {
        var up = u, um = u
        up[k] += h; um[k] -= h
        let fd = (try m.storedEnergy(up) - m.storedEnergy(um)) / (2 * h)
        worst = max(worst, abs(fd - f[k])); scale = max(scale, abs(f[k]))
    }
    #expect(scale > 1e-3)
    #expect(worst < 1e-7 * scale, "∂U/∂u vs internal force: \(worst) of \(scale)")
}
