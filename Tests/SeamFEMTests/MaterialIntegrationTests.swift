import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamIO

/// The hyperelastic materials inside the finite-element solver, on Seam's own meshes.

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Test func cauchyBornBlockUnderHomogeneousStretchCarriesTheCauchyBornStress() throws {
    // Plane strain, every boundary node on u = (F - I) X: the FE solution is the homogeneous
    // one, and the reaction on the right edge is P_xx × height × thickness.
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 0.5)
    let material = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: 1.55, element: argon))
    let f = Mat3(diagonal: 1.01, 0.995, 1)
    let mesh = try StructuredMesh.rectangle(cellsX: 3, cellsY: 3, width: 12, height: 9, cellType: .quadrilateral4)
    let boundary = StructuredMesh.sideNames.prefix(4).map { side in
        DirichletCondition.prescribed(side, components: [0, 1]) { x in f * x - x }
    }
    let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(thickness: 2), material: material, dirichlet: Array(boundary))
    let solution = try model.solveNonlinear()
    let u = solution.displacement
    for n in 0..<mesh.nodes.count {
        let x = mesh.nodes[n], exact = f * x - x
        #expect(abs(u[2 * n] - exact.x) < 1e-10 && abs(u[2 * n + 1] - exact.y) < 1e-10)
    }
    let p = try material.response(at: f, request: .stress).stress
    let reaction = try model.reactionForces(u, linearized: false)["right"]!
    #expect(abs(reaction.x - p[0, 0] * 9 * 2) < 1e-8 * abs(p[0, 0] * 9 * 2))
}

@Test func plateWithHoleNeoHookeanMatchesLinearElasticityAtSmallLoad() throws {
    // The committed Gmsh mesh (Å) with symmetry on "left" and "bottom" and a 1e-5 strain
    // pulled on "right": neo-Hookean (Newton) and linear elasticity agree to O(strain).
    let mesh = try Gmsh.read(packageRoot.appendingPathComponent("meshes/plate-with-hole.msh"))
    let e = 0.5, nu = 0.3, stretch = 1e-5
    let supports: [DirichletCondition] = [.fixed("left", components: [0]), .fixed("bottom", components: [1]),
                                          .prescribed("right", components: [0]) { _ in Vec3(100 * stretch, 0, 0) }]
    let linear = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                     dirichlet: supports).solveLinear()
    let neo = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: CompressibleNeoHookean(youngsModulus: e, poissonRatio: nu),
                                  dirichlet: supports).solveNonlinear().displacement
    let scale = linear.reduce(0) { max($0, abs($1)) }
    #expect(scale > 0.5 * 100 * stretch)
    #expect(zip(linear, neo).reduce(0) { max($0, abs($1.0 - $1.1)) } < 1e-4 * scale)
    // The displacement field goes to a VTU that an XML reader accepts with every node.
    let u = (0..<mesh.nodes.count).map { Vec3(neo[2 * $0], neo[2 * $0 + 1], 0) }
    let text = VTU.render(mesh: mesh, pointData: [.vector("displacement", u, unit: "Å")], encoding: .base64)
    #expect(text.contains("NumberOfPoints=\"\(mesh.nodes.count)\" NumberOfCells=\"\(mesh.cellCount)\""))
}
