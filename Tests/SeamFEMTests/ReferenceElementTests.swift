import Foundation
import Testing
import SeamCore
import SeamFEM

private let allTypes = CellType.allCases

@Test(arguments: allTypes)
func shapeFunctionsInterpolateNodesAndSumToOne(type: CellType) {
    let nodes = ReferenceElement.nodeCoordinates(type), n = type.nodeCount
    #expect(nodes.count == n)
    var v = [Double](repeating: 0, count: n), g = [Vec3](repeating: .zero, count: n)
    for (b, xb) in nodes.enumerated() {
        ReferenceElement.evaluate(type, at: xb, values: &v, gradients: &g)
        for a in 0..<n { #expect(abs(v[a] - (a == b ? 1 : 0)) < 1e-14) }
    }
    // Partition of unity and zero gradient sum at an interior point.
    let p = Vec3(0.21, 0.17, type.dimension == 3 ? 0.13 : 0)
    ReferenceElement.evaluate(type, at: p, values: &v, gradients: &g)
    #expect(abs(v.reduce(0, +) - 1) < 1e-14)
    #expect(g.reduce(Vec3.zero, +).maxAbs < 1e-14)
}

@Test(arguments: allTypes)
func shapeGradientsMatchFiniteDifferences(type: CellType) {
    let n = type.nodeCount, h = 1e-6
    var v = [Double](repeating: 0, count: n), g = [Vec3](repeating: .zero, count: n)
    var vp = v, vm = v, scratch = g
    let p = Vec3(0.21, 0.17, type.dimension == 3 ? 0.13 : 0)
    ReferenceElement.evaluate(type, at: p, values: &v, gradients: &g)
    for axis in 0..<type.dimension {
        var xp = p, xm = p
        xp[axis] += h; xm[axis] -= h
        ReferenceElement.evaluate(type, at: xp, values: &vp, gradients: &scratch)
        ReferenceElement.evaluate(type, at: xm, values: &vm, gradients: &scratch)
        for a in 0..<n { #expect(abs((vp[a] - vm[a]) / (2 * h) - g[a][axis]) < 1e-8) }
    }
}

/// ∫ x^i y^j z^k over the reference cell, in closed form.
private func monomialIntegral(_ type: CellType, _ e: [Int]) -> Double {
    func fact(_ n: Int) -> Double { n <= 1 ? 1 : Double(n) * fact(n - 1) }
    switch type.dimension == 1 ? CellType.line2 : type {
    case .line2: return e[0] % 2 == 1 ? 0 : 2 / Double(e[0] + 1)
    case .quadrilateral4, .hexahedron8:
        return (0..<type.dimension).reduce(1.0) { $0 * (e[$1] % 2 == 1 ? 0 : 2 / Double(e[$1] + 1)) }
    case .triangle3, .triangle6: return fact(e[0]) * fact(e[1]) / fact(e[0] + e[1] + 2)
    default: return fact(e[0]) * fact(e[1]) * fact(e[2]) / fact(e[0] + e[1] + e[2] + 3)
    }
}

@Test(arguments: allTypes, [1, 2, 3, 4, 5, 6, 8])
func gaussRulesIntegrateMonomialsUpToTheirDegreeExactly(type: CellType, degree: Int) {
    let rule = QuadratureRule.gauss(type, degree: degree)
    let d = type.dimension
    for i in 0...degree { for j in 0...(d >= 2 ? degree - i : 0) { for k in 0...(d == 3 ? degree - i - j : 0) {
        let e = [i, j, k]
        var s = 0.0
        for q in 0..<rule.count { s += rule.weights[q] * pow(rule.points[q].x, Double(i)) * pow(rule.points[q].y, Double(j)) * pow(rule.points[q].z, Double(k)) }
        #expect(abs(s - monomialIntegral(type, e)) < 1e-13, "\(type) degree \(degree) monomial \(e)")
    } } }
}

@Test(arguments: [CellType.triangle3, .triangle6, .quadrilateral4, .tetrahedron4, .tetrahedron10, .hexahedron8])
func structuredMeshesTileTheDomainAndNameTheirBoundaries(type: CellType) throws {
    let d = type.dimension
    let mesh = d == 2
        ? try StructuredMesh.rectangle(cellsX: 5, cellsY: 3, width: 2.5, height: 1.5, cellType: type,
                                       grading: Grading(toward: Vec3(0, 1.5, 0), exponent: 1.5), distortion: 0.0)
        : try StructuredMesh.box(cellsX: 3, cellsY: 2, cellsZ: 4, size: Vec3(1.5, 1, 2), cellType: type,
                                 grading: Grading(toward: .zero, exponents: Vec3(1.5, 1, 1.2)))
    let geo = try CellGeometry(mesh: mesh, block: 0, rule: .stiffness(type))
    let volume = geo.measures.reduce(0, +)
    #expect(abs(volume - (d == 2 ? 2.5 * 1.5 : 3.0)) < 1e-12)
    // Boundary cells: total measure equals the perimeter / surface area; each side's node set
    // holds exactly the nodes on that side.
    let bounds: [(String, Int, Double)] = d == 2 ? [("left", 0, 0), ("right", 0, 2.5), ("bottom", 1, 0), ("top", 1, 1.5)]
        : [("left", 0, 0), ("right", 0, 1.5), ("bottom", 1, 0), ("top", 1, 1), ("back", 2, 0), ("front", 2, 2)]
    for (tag, (name, axis, value)) in bounds.enumerated() {
        #expect(mesh.groupNames[Int32(tag + 1)] == name)
        let onSide = mesh.nodes.indices.filter { abs(mesh.nodes[$0][axis] - value) < 1e-12 }.map { Int32($0) }
        #expect(mesh.nodeSets[name]!.sorted() == onSide)
        let block = mesh.boundary[0], nn = block.type.nodeCount
        for c in 0..<block.count where block.tags[c] == Int32(tag + 1) {
            for a in 0..<nn { #expect(onSide.contains(block.connectivity[c * nn + a])) }
        }
    }
    // No duplicate nodes (mid-edge nodes are shared between neighbouring cells).
    var seen = Set<Vec3>()
    for x in mesh.nodes { #expect(seen.insert(x).inserted) }
}
