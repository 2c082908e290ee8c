import Testing
import SeamCore
import SeamFEM
import SeamCohesive

/// Total step energy Π(u) = ∫W dV + Σ w J φ_λmax(R δ) of a cohesive model (no external load).
func stepEnergy<M, L>(_ model: CohesiveModel<M, L>, _ u: [Double], history: [Double]) throws -> Double {
    var f = [Double](repeating: 0, count: u.count), none: [Double] = []
    let cohesive = model.addCohesive(u, history: history, tangent: nil, force: &f, values: &none)
    return try model.energies(u, history: history).bulkStrain + cohesive
}

/// Dense symmetric matrix from the stored upper triangle.
func denseMatrix(_ pattern: SparseMatrixPatternView, _ values: [Double]) -> [Double] {
    let n = pattern.dimension
    var k = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for p in Int(pattern.columnStarts[j])..<Int(pattern.columnStarts[j + 1]) {
        let i = Int(pattern.rowIndices[p]); k[i * n + j] = values[p]; k[j * n + i] = values[p]
    } }
    return k
}
typealias SparseMatrixPatternView = (dimension: Int, columnStarts: [Int32], rowIndices: [Int32])

/// A bonded-blocks model of the given bulk cell type (which fixes the facet type) with a
/// smooth UBER law, one corner held so the matrix is a plain tangent (no rigid modes needed).
func bondedModel(_ cellType: CellType, integration: CohesiveInterface.Integration) throws
    -> (CohesiveModel<LinearElasticIsotropic, UniversalBindingLaw>, duplicated: Int) {
    let is3D = cellType.dimension == 3
    let split = try CohesiveSpecimens.bondedBlocks(cellType: cellType, cellsX: 2, cellsY: 2, cellsZ: 1,
                                                   size: Vec3(2, 2, 1.5), distortion: 0)
    var mesh = split.mesh
    // Tilt the geometry (shear map) so the interface frame is not the global one.
    mesh.nodes = mesh.nodes.map { Vec3($0.x + 0.3 * $0.y, $0.y - 0.2 * $0.x, $0.z + (is3D ? 0.1 * $0.x : 0)) }
    let interface = try CohesiveInterface(nodes: mesh.nodes, facetType: split.facetType, connectivity: split.cohesiveConnectivity,
                                          integration: integration)
    let law = UniversalBindingLaw(workOfSeparation: 0.05, length: 0.2, shearWeight: 0.8)
    let model = try CohesiveModel(mesh: mesh, analysis: is3D ? .solid : .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: 0.5, poissonRatio: 0.25),
                                  law: law, interface: interface, dirichlet: [.fixed("bottom", components: is3D ? [0, 1, 2] : [0, 1])])
    return (model, split.copies.count)
}

/// A displacement that opens every cohesive point (plus face moved along the mean normal) with
/// random perturbations of a fraction of the law length.
func openingDisplacement<M, L>(_ model: CohesiveModel<M, L>, seed: UInt64) -> [Double] {
    let d = model.bulk.dimension
    var rng = SeededGenerator(seed: seed)
    var u = (0..<(model.bulk.mesh.nodes.count * d)).map { _ in Double.random(in: -0.03...0.03, using: &rng) }
    let iface = model.interface, n = iface.facetNodeCount
    let normal = iface.frames[0].r0
    var moved = Set<Int32>()
    for e in 0..<iface.count { for a in 0..<n { moved.insert(iface.connectivity[e * 2 * n + n + a]) } }
    for node in moved { for i in 0..<d { u[Int(node) * d + i] += 0.25 * normal[i] } }
    for k in 0..<u.count where model.bulk.dofMap.equation[k] < 0 { u[k] = 0 }
    return u
}

struct ElementCase: CustomStringConvertible, Sendable {
    var cellType: CellType
    var integration: CohesiveInterface.Integration
    var description: String { "\(cellType.rawValue)/\(integration)" }
}

let elementCases: [ElementCase] = [
    ElementCase(cellType: .quadrilateral4, integration: .lobatto), ElementCase(cellType: .quadrilateral4, integration: .gauss),
    ElementCase(cellType: .triangle6, integration: .lobatto), ElementCase(cellType: .triangle6, integration: .gauss),
    ElementCase(cellType: .hexahedron8, integration: .lobatto), ElementCase(cellType: .hexahedron8, integration: .gauss),
    ElementCase(cellType: .tetrahedron4, integration: .lobatto), ElementCase(cellType: .tetrahedron4, integration: .gauss),
]

@Test(arguments: elementCases)
func cohesiveResidualIsTheGradientOfTheEnergy(_ c: ElementCase) throws {
    let (model, _) = try bondedModel(c.cellType, integration: c.integration)
    let u = openingDisplacement(model, seed: 7)
    // Half the points carry history above their current opening: the secant branch.
    var history = model.initialHistory
    for q in stride(from: 0, to: history.count, by: 2) { history[q] = 0.6 }
    let r = try model.residual(u, loadFactor: 0, history: history, tangent: nil).residual
    let scale = r.reduce(0) { max($0, abs($1)) }
    var best = Double.infinity
    for h in [1e-5, 5e-6, 2.5e-6] {
        var worst = 0.0
        for (dof, e) in model.bulk.dofMap.equation.enumerated() where e >= 0 {
            var up = u, um = u
            up[dof] += h; um[dof] -= h
            let fd = (try stepEnergy(model, up, history: history) - stepEnergy(model, um, history: history)) / (2 * h)
            worst = max(worst, abs(fd - r[Int(e)]) / scale)
        }
        best = min(best, worst)
    }
    #expect(model.interface.count > 0)
    #expect(best < 1e-7, "\(c): relative residual error \(best)")
}

@Test(arguments: elementCases)
func cohesiveTangentIsTheDerivativeOfTheResidual(_ c: ElementCase) throws {
    let (model, _) = try bondedModel(c.cellType, integration: c.integration)
    let u = openingDisplacement(model, seed: 11)
    var history = model.initialHistory
    for q in stride(from: 1, to: history.count, by: 3) { history[q] = 0.6 }
    let values = try model.residual(u, loadFactor: 0, history: history, tangent: .consistent).values!
    let p = model.bulk.assembly.pattern
    let k = denseMatrix((p.dimension, p.columnStarts, p.rowIndices), values)
    let n = p.dimension, scale = k.reduce(0) { max($0, abs($1)) }
    var best = Double.infinity
    for h in [1e-5, 5e-6, 2.5e-6] {
        var worst = 0.0
        for (dof, j) in model.bulk.dofMap.equation.enumerated() where j >= 0 {
            var up = u, um = u
            up[dof] += h; um[dof] -= h
            let rp = try model.residual(up, loadFactor: 0, history: history, tangent: nil).residual
            let rm = try model.residual(um, loadFactor: 0, history: history, tangent: nil).residual
            for i in 0..<n { worst = max(worst, abs((rp[i] - rm[i]) / (2 * h) - k[i * n + Int(j)]) / scale) }
        }
        best = min(best, worst)
    }
    #expect(best < 1e-7, "\(c): relative tangent error \(best)")
}

@Test func secantMatrixIsPositiveSemiDefiniteWhereTheTangentIsNot() throws {
    let (model, _) = try bondedModel(.quadrilateral4, integration: .lobatto)
    // UBER softens beyond λ = ℓ = 0.2 Å.
    for d in [Vec3(0.35, 0.05, 0), Vec3(0.5, -0.2, 0.1), Vec3(-0.01, 0.4, 0)] {
        let tangent = model.law.effectiveResponse(opening: d, maximumOpening: 0).tangent
        #expect(d.dot(tangent * d) < 0, "opening \(d) should be on the softening branch")
        let secant = model.secantTangent(d, lambdaMax: 0)
        for a in 0..<3 { #expect(secant[a, a] >= 0); for b in 0..<3 where b != a { #expect(secant[a, b] == 0) } }
        #expect(secant[1, 1] > 0)
    }
}
