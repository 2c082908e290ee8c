import Foundation
import Testing
import SeamCore
import SeamFEM

/// Manufactured solution u_i = A_i s(X), s = Π_k sin(k X_k), on a shifted unit square/cube
/// (so the boundary values are not zero), with the body force b = -div σ(u) of isotropic
/// linear elasticity: b_i = d k² μ A_i s - (λ* + μ) Σ_j A_j ∂_i∂_j s (λ* = 2λμ/(λ+2μ) in plane stress).
private struct Manufactured: Sendable {
    let d: Int, lambda: Double, mu: Double, k: Double
    let amplitude = Vec3(1e-2, -7e-3, 5e-3)
    func s(_ x: Vec3) -> Double { (0..<d).reduce(1.0) { $0 * sin(k * x[$1]) } }
    func ds(_ x: Vec3, _ j: Int) -> Double {
        (0..<d).reduce(1.0) { $0 * ($1 == j ? k * cos(k * x[$1]) : sin(k * x[$1])) }
    }
    func dds(_ x: Vec3, _ i: Int, _ j: Int) -> Double {
        if i == j { return -k * k * s(x) }
        return (0..<d).reduce(1.0) { $0 * ($1 == i || $1 == j ? k * cos(k * x[$1]) : sin(k * x[$1])) }
    }
    func u(_ x: Vec3) -> Vec3 { var v = s(x) * amplitude; if d == 2 { v.z = 0 }; return v }
    func gradient(_ x: Vec3) -> Mat3 {
        var g = Mat3.zero
        for i in 0..<d { for j in 0..<d { g[i, j] = amplitude[i] * ds(x, j) } }
        return g
    }
    func bodyForce(_ x: Vec3) -> Vec3 {
        var b = Vec3.zero
        for i in 0..<d {
            var div = 0.0
            for j in 0..<d { div += amplitude[j] * dds(x, i, j) }
            b[i] = Double(d) * k * k * mu * amplitude[i] * s(x) - (lambda + mu) * div
        }
        return b
    }
}

/// Least-squares slope of log(error) against log(h).
private func slope(_ h: [Double], _ e: [Double]) -> Double {
    let x = h.map { log($0) }, y = e.map { log($0) }
    let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
    var num = 0.0, den = 0.0
    for i in x.indices { num += (x[i] - mx) * (y[i] - my); den += (x[i] - mx) * (x[i] - mx) }
    return num / den
}

private let material = try! LinearElasticIsotropic(youngsModulus: 3.0, poissonRatio: 0.25)

private func errors(type: CellType, analysis: Analysis, n: Int) throws -> ErrorNorms {
    let d = type.dimension
    let mu = material.shearModulus, lam = material.lambda
    let ms = Manufactured(d: d, lambda: analysis.isPlaneStress ? 2 * lam * mu / (lam + 2 * mu) : lam, mu: mu,
                          k: d == 2 ? Double.pi : 0.5 * Double.pi)
    let origin = Vec3(0.2, 0.1, d == 3 ? 0.15 : 0)
    let mesh = d == 2
        ? try StructuredMesh.rectangle(cellsX: n, cellsY: n, width: 1, height: 1, origin: origin, cellType: type)
        : try StructuredMesh.box(cellsX: n, cellsY: n, cellsZ: n, size: Vec3(1, 1, 1), origin: origin, cellType: type)
    let sides = d == 2 ? ["left", "right", "bottom", "top"] : StructuredMesh.sideNames
    let model = try ElasticityModel(mesh: mesh, analysis: analysis, material: material,
                                    dirichlet: sides.map { .prescribed($0, components: Array(0..<d)) { ms.u($0) } },
                                    bodyForce: { ms.bodyForce($0) })
    let u = try model.solveLinear()
    return try model.errorNorms(u, degree: type == .triangle6 ? 6 : 3, exact: { ms.u($0) }, gradient: { ms.gradient($0) })
}

@Test(arguments: [
    (CellType.triangle3, Analysis.planeStrain(), [6, 12, 24, 48], 2.0),
    (.triangle3, .planeStress(), [6, 12, 24, 48], 2.0),
    (.quadrilateral4, .planeStrain(), [6, 12, 24, 48], 2.0),
    (.triangle6, .planeStrain(), [3, 6, 12, 24], 3.0),
    (.triangle6, .planeStress(), [3, 6, 12, 24], 3.0),
    (.tetrahedron4, .solid, [4, 6, 9, 12], 2.0),
])
func manufacturedSolutionConvergesAtTheoreticalRates(type: CellType, analysis: Analysis, cells: [Int], l2Order: Double) throws {
    let h = cells.map { 1.0 / Double($0) }
    let e = try cells.map { try errors(type: type, analysis: analysis, n: $0) }
    let l2Slope = slope(h, e.map(\.l2)), energySlope = slope(h, e.map(\.energy))
    #expect(abs(l2Slope - l2Order) < 0.1, "L2 slope \(l2Slope), errors \(e.map(\.l2))")
    #expect(abs(energySlope - (l2Order - 1)) < 0.1, "energy slope \(energySlope), errors \(e.map(\.energy))")
}
