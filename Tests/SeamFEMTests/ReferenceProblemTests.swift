import Foundation
import Testing
import SeamCore
import SeamFEM

/// Kirsch (1898): infinite plate with a circular hole of radius a under remote uniaxial stress
/// σ∞ along x. Polar stresses (plane stress or strain alike):
/// σ_rr = σ∞/2 (1 - a²/r²) + σ∞/2 (1 - 4a²/r² + 3a⁴/r⁴) cos 2θ,
/// σ_θθ = σ∞/2 (1 + a²/r²) - σ∞/2 (1 + 3a⁴/r⁴) cos 2θ,
/// σ_rθ = -σ∞/2 (1 + 2a²/r² - 3a⁴/r⁴) sin 2θ; at (r = a, θ = 90°) σ_θθ = σ_xx = 3 σ∞.
private func kirschTraction(at x: Vec3, a: Double, remote s: Double) -> Vec3 {
    let r = (x.x * x.x + x.y * x.y).squareRoot(), th = atan2(x.y, x.x)
    let a2 = a * a / (r * r), a4 = a2 * a2
    let srr = s / 2 * (1 - a2) + s / 2 * (1 - 4 * a2 + 3 * a4) * cos(2 * th)
    let srt = -s / 2 * (1 + 2 * a2 - 3 * a4) * sin(2 * th)
    // t = σ n with n = e_r: t = σ_rr e_r + σ_rθ e_θ.
    let er = Vec3(cos(th), sin(th), 0), et = Vec3(-sin(th), cos(th), 0)
    return srr * er + srt * et
}

@Test(arguments: [CellType.triangle6, .quadrilateral4])
func kirschHoopStressAtTheHoleIsThreeTimesTheRemoteStress(type: CellType) throws {
    let a = 1.0, b = 8.0, remote = 0.01
    let n = type == .triangle6 ? (16, 12) : (40, 32)
    // Quarter plate in polar coordinates, radial grading toward the hole.
    let mesh = try StructuredMesh.rectangle(
        cellsX: n.0, cellsY: n.1, width: 1, height: 1, cellType: type,
        grading: Grading(toward: .zero, exponents: Vec3(2, 1, 1))) { p in
            let r = a + (b - a) * p.x, th = 0.5 * Double.pi * p.y
            return Vec3(r * cos(th), r * sin(th), 0)
        }
    let material = try LinearElasticIsotropic(youngsModulus: 1.0, poissonRatio: 0.3)
    // left = hole (free), right = outer arc (exact tractions), bottom: y = 0 (u_y = 0), top: x = 0 (u_x = 0).
    let model = try ElasticityModel(
        mesh: mesh, analysis: .planeStress(), material: material,
        dirichlet: [.fixed("bottom", components: [1]), .fixed("top", components: [0])],
        tractions: [TractionLoad(boundary: "right") { kirschTraction(at: $0, a: a, remote: remote) }])
    let u = try model.solveLinear()
    let hole = mesh.nodes.indices.min { (mesh.nodes[$0] - Vec3(0, a, 0)).norm < (mesh.nodes[$1] - Vec3(0, a, 0)).norm }!
    #expect((mesh.nodes[hole] - Vec3(0, a, 0)).norm < 1e-12)
    let hoop = try model.nodalStress(u, node: hole)[0, 0]
    #expect(abs(hoop / (3 * remote) - 1) < 0.01, "hoop stress \(hoop / remote) x remote")
    // At (a, 0) the exact hoop stress is -σ∞.
    let side = mesh.nodes.indices.min { (mesh.nodes[$0] - Vec3(a, 0, 0)).norm < (mesh.nodes[$1] - Vec3(a, 0, 0)).norm }!
    let compressive = try model.nodalStress(u, node: side)[1, 1]
    #expect(abs(compressive / remote + 1) < 0.02, "σ_yy at (a, 0) = \(compressive / remote) x remote")
}

/// Timoshenko & Goodier cantilever (as in Augarde & Deeks 2008): x ∈ [0, L], y ∈ [-D/2, D/2],
/// parabolic shear t_y = P/(2I) (D²/4 - y²) at x = L, exact displacements on x = 0:
/// u_x = -P y/(6EI) [(6L - 3x) x + (2 + ν)(y² - D²/4)],
/// u_y = P/(6EI) [3ν y² (L - x) + (4 + 5ν) D² x/4 + (3L - x) x²].
@Test(arguments: [CellType.triangle6, .quadrilateral4])
func timoshenkoCantileverTipDeflectionMatchesTheExactSolution(type: CellType) throws {
    let length = 48.0, depth = 12.0, e = 3e7, nu = 0.3, load = 1000.0
    let inertia = depth * depth * depth / 12
    let ux: @Sendable (Vec3) -> Double = { x in
        -load * x.y / (6 * e * inertia) * ((6 * length - 3 * x.x) * x.x + (2 + nu) * (x.y * x.y - depth * depth / 4))
    }
    let uy: @Sendable (Vec3) -> Double = { x in
        load / (6 * e * inertia) * (3 * nu * x.y * x.y * (length - x.x) + (4 + 5 * nu) * depth * depth * x.x / 4
                                    + (3 * length - x.x) * x.x * x.x)
    }
    let n = type == .triangle6 ? (24, 6) : (96, 24)
    let mesh = try StructuredMesh.rectangle(cellsX: n.0, cellsY: n.1, width: length, height: depth,
                                            origin: Vec3(0, -depth / 2, 0), cellType: type)
    let model = try ElasticityModel(
        mesh: mesh, analysis: .planeStress(thickness: 1), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
        dirichlet: [.prescribed("left", components: [0, 1]) { Vec3(ux($0), uy($0), 0) }],
        tractions: [TractionLoad(boundary: "right") { x in Vec3(0, load / (2 * inertia) * (depth * depth / 4 - x.y * x.y), 0) }])
    let u = try model.solveLinear()
    let tip = mesh.nodes.indices.first { (mesh.nodes[$0] - Vec3(length, 0, 0)).norm < 1e-9 }!
    let deflection = model.displacement(u, node: tip).y
    let exact = uy(Vec3(length, 0, 0))
    #expect(abs(deflection / 8.900e-3 - 1) < 0.01, "tip deflection \(deflection)")
    #expect(abs(deflection / exact - 1) < 0.002, "tip deflection \(deflection) vs closed form \(exact)")
    // The support carries the whole shear force P (and no net axial force).
    let reaction = try model.reactionForces(u)["left"]!
    #expect(abs(reaction.y + load) < 1e-6 * load, "reaction \(reaction)")
    #expect(abs(reaction.x) < 1e-6 * load)
}
