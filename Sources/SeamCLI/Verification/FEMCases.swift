import Foundation
import SeamCore
import SeamFEM
import SeamPotential

/// Finite-element reference cases: patch tests, a convergence rate, Kirsch, Timoshenko, and
/// the Cauchy-Born Lennard-Jones crystal against Born lattice sums (the physics of
/// Tests/SeamFEMTests, run through the public library API).
enum FEMCases {
    static var all: [VerificationCase] {
        [CellType.triangle3, .quadrilateral4, .triangle6, .tetrahedron4, .hexahedron8].map(patch)
            + [convergence, kirsch, timoshenko] + CauchyBornCases.all
    }

    // MARK: Patch tests

    /// Displacement patch test on a randomly distorted mesh: the exact nodal values of a linear
    /// field u = u0 + G X on the boundary must give that field (and its uniform stress)
    /// everywhere, to round-off (Irons & Razzaque 1972; Zienkiewicz & Taylor, The Finite
    /// Element Method, vol. 1, ch. 9). Value: the larger of the relative nodal-displacement and
    /// quadrature-point-stress errors.
    static func patch(_ type: CellType) -> VerificationCase {
        VerificationCase(name: "patch-\(type.rawValue)", family: .fem,
                         quantity: "max relative error of u and σ vs the exact linear field (distorted \(type.rawValue) mesh)",
                         reference: .value(0), source: "patch test, Irons & Razzaque 1972 (exact for linear fields)",
                         tolerance: .absolute(1e-10)) { ctx in
            let d = type.dimension
            let n = ctx.pick(quick: 3, full: 6)
            let mesh = d == 2
                ? try StructuredMesh.rectangle(cellsX: n + 1, cellsY: n, width: 2, height: 1.5, origin: Vec3(0.3, -0.2, 0), cellType: type,
                                               distortion: 0.2, seed: 7)
                : try StructuredMesh.box(cellsX: n, cellsY: n, cellsZ: max(2, n - 1), size: Vec3(1.5, 1.2, 1), origin: Vec3(-0.1, 0.2, 0.05),
                                         cellType: type, distortion: 0.2, seed: 7)
            let g = d == 2 ? Mat3([1e-3, 4e-4, 0, -2e-4, -5e-4, 0, 0, 0, 0]) : Mat3([1e-3, 4e-4, -3e-4, -2e-4, -5e-4, 6e-4, 2.5e-4, 1e-4, 7e-4])
            let u0 = d == 2 ? Vec3(1e-3, -2e-3, 0) : Vec3(1e-3, -2e-3, 5e-4)
            let exact: @Sendable (Vec3) -> Vec3 = { u0 + g * $0 }
            let material = try LinearElasticIsotropic(youngsModulus: 2.0, poissonRatio: 0.3)
            let sides = d == 2 ? ["left", "right", "bottom", "top"] : StructuredMesh.sideNames
            let model = try ElasticityModel(mesh: mesh, analysis: d == 2 ? .planeStrain() : .solid, material: material,
                                            dirichlet: sides.map { .prescribed($0, components: Array(0..<d)) { exact($0) } })
            let u = try model.solveLinear()
            let scale = 2 * g.maxAbs + u0.maxAbs
            var worstU = 0.0
            for k in mesh.nodes.indices { worstU = max(worstU, (model.displacement(u, node: k) - exact(mesh.nodes[k])).maxAbs) }
            // σ = λ tr ε I + 2 μ ε (plane strain: ε_33 = 0, the same formula).
            let eps = g.symmetric
            var sigma = 2 * material.shearModulus * eps
            for i in 0..<3 { sigma[i, i] += material.lambda * eps.trace }
            var worstS = 0.0
            for block in try model.quadraturePointValues(u) { for v in block { worstS = max(worstS, (v.stress - sigma).maxAbs) } }
            return VerificationMeasurement(max(worstU / scale, worstS / sigma.maxAbs),
                                           note: "\(mesh.cellCount) cells; displacement \(VerificationFormat.number(worstU / scale)), stress \(VerificationFormat.number(worstS / sigma.maxAbs))")
        }
    }

    // MARK: Convergence

    /// L2 convergence rate of P1 triangles (plane strain) on the manufactured solution
    /// u_i = A_i sin(πx) sin(πy) on a shifted unit square with the matching body force
    /// b = -div σ(u). A priori estimate: ‖u - u_h‖_L2 = O(h²) (Ciarlet 1978, Thm 3.2.5).
    static var convergence: VerificationCase {
        VerificationCase(name: "convergence-tri3-l2", family: .fem,
                         quantity: "least-squares slope of log ‖u - u_h‖_L2 vs log h (P1 triangles, manufactured solution)",
                         reference: .value(2), source: "a priori estimate O(h^2), Ciarlet 1978 Thm 3.2.5", tolerance: .absolute(0.1)) { ctx in
            let cells = ctx.pick(quick: [8, 16, 32], full: [8, 16, 32, 64, 128])
            let material = try LinearElasticIsotropic(youngsModulus: 3.0, poissonRatio: 0.25)
            let mu = material.shearModulus, lam = material.lambda, k = Double.pi
            let amp = Vec3(1e-2, -7e-3, 0)
            let s: @Sendable (Vec3) -> Double = { sin(k * $0.x) * sin(k * $0.y) }
            let exact: @Sendable (Vec3) -> Vec3 = { s($0) * amp }
            let gradient: @Sendable (Vec3) -> Mat3 = { x in
                let dx = k * cos(k * x.x) * sin(k * x.y), dy = k * sin(k * x.x) * cos(k * x.y)
                return Mat3([amp.x * dx, amp.x * dy, 0, amp.y * dx, amp.y * dy, 0, 0, 0, 0])
            }
            // b_i = 2 k² μ A_i s - (λ + μ) Σ_j A_j ∂_i∂_j s.
            let body: @Sendable (Vec3) -> Vec3 = { x in
                let sxy = k * k * cos(k * x.x) * cos(k * x.y)
                let hess = Mat3([-k * k * s(x), sxy, 0, sxy, -k * k * s(x), 0, 0, 0, 0])
                let div = hess * amp
                return Vec3(2 * k * k * mu * amp.x * s(x) - (lam + mu) * div.x, 2 * k * k * mu * amp.y * s(x) - (lam + mu) * div.y, 0)
            }
            var errors: [Double] = []
            for n in cells {
                let mesh = try StructuredMesh.rectangle(cellsX: n, cellsY: n, width: 1, height: 1, origin: Vec3(0.2, 0.1, 0), cellType: .triangle3)
                let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: material,
                                                dirichlet: ["left", "right", "bottom", "top"].map { .prescribed($0, components: [0, 1]) { exact($0) } },
                                                bodyForce: body)
                errors.append(try model.errorNorms(try model.solveLinear(), degree: 3, exact: exact, gradient: gradient).l2)
            }
            let slope = logLogSlope(cells.map { 1 / Double($0) }, errors)
            return VerificationMeasurement(slope, note: "cells per side \(cells.map(String.init).joined(separator: ", "))")
        }
    }

    /// Least-squares slope of log y against log x.
    static func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
        let lx = x.map { log($0) }, ly = y.map { log($0) }
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        var num = 0.0, den = 0.0
        for i in lx.indices { num += (lx[i] - mx) * (ly[i] - my); den += (lx[i] - mx) * (lx[i] - mx) }
        return num / den
    }

    // MARK: Kirsch

    /// Kirsch (1898): hoop stress at the edge of a circular hole (radius a) in an infinite plate
    /// under remote uniaxial σ∞ is 3σ∞ at θ = 90°. Quarter plate of outer radius 8a, plane
    /// stress, P2 triangles graded toward the hole, exact Kirsch tractions on the outer arc.
    static var kirsch: VerificationCase {
        VerificationCase(name: "kirsch-hole-scf", family: .fem, quantity: "stress concentration σ_xx(0, a)/σ∞ at a circular hole",
                         reference: .value(3), source: "Kirsch 1898", tolerance: .relative(0.01)) { ctx in
            let a = 1.0, b = 8.0, remote = 0.01
            let n = ctx.pick(quick: (16, 12), full: (32, 24))
            let mesh = try StructuredMesh.rectangle(cellsX: n.0, cellsY: n.1, width: 1, height: 1, cellType: .triangle6,
                                                    grading: Grading(toward: .zero, exponents: Vec3(2, 1, 1))) { p in
                let r = a + (b - a) * p.x, th = 0.5 * Double.pi * p.y
                return Vec3(r * cos(th), r * sin(th), 0)
            }
            // Kirsch: σ_rr, σ_rθ on r = b; traction t = σ_rr e_r + σ_rθ e_θ.
            let traction: @Sendable (Vec3) -> Vec3 = { x in
                let r = (x.x * x.x + x.y * x.y).squareRoot(), th = atan2(x.y, x.x)
                let a2 = a * a / (r * r), a4 = a2 * a2
                let srr = remote / 2 * (1 - a2) + remote / 2 * (1 - 4 * a2 + 3 * a4) * cos(2 * th)
                let srt = -remote / 2 * (1 + 2 * a2 - 3 * a4) * sin(2 * th)
                return srr * Vec3(cos(th), sin(th), 0) + srt * Vec3(-sin(th), cos(th), 0)
            }
            let model = try ElasticityModel(mesh: mesh, analysis: .planeStress(), material: try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3),
                                            dirichlet: [.fixed("bottom", components: [1]), .fixed("top", components: [0])],
                                            tractions: [TractionLoad(boundary: "right", traction: traction)])
            let u = try model.solveLinear()
            let hole = mesh.nodes.indices.min { (mesh.nodes[$0] - Vec3(0, a, 0)).norm < (mesh.nodes[$1] - Vec3(0, a, 0)).norm }!
            return VerificationMeasurement(try model.nodalStress(u, node: hole)[0, 0] / remote, note: "\(mesh.cellCount) P2 triangles")
        }
    }

    // MARK: Timoshenko

    /// Timoshenko & Goodier cantilever (L = 48, D = 12, E = 3e7, ν = 0.3, P = 1000; as in
    /// Augarde & Deeks 2008): exact displacements on x = 0, parabolic end shear, plane stress.
    /// Tip deflection u_y(L, 0) = P/(6EI) [(4 + 5ν) D² L/4 + 2 L³].
    static var timoshenko: VerificationCase {
        let length = 48.0, depth = 12.0, e = 3e7, nu = 0.3, load = 1000.0
        let inertia = depth * depth * depth / 12
        let uy: @Sendable (Vec3) -> Double = { x in
            load / (6 * e * inertia) * (3 * nu * x.y * x.y * (length - x.x) + (4 + 5 * nu) * depth * depth * x.x / 4 + (3 * length - x.x) * x.x * x.x)
        }
        let ux: @Sendable (Vec3) -> Double = { x in
            -load * x.y / (6 * e * inertia) * ((6 * length - 3 * x.x) * x.x + (2 + nu) * (x.y * x.y - depth * depth / 4))
        }
        return VerificationCase(name: "timoshenko-cantilever", family: .fem, quantity: "tip deflection u_y(L, 0) of the cantilever (length units)",
                                reference: .value(uy(Vec3(length, 0, 0))),
                                source: "Timoshenko & Goodier, Theory of Elasticity 1951, §21; Augarde & Deeks 2008", tolerance: .relative(0.002)) { ctx in
            let n = ctx.pick(quick: (24, 6), full: (48, 12))
            let mesh = try StructuredMesh.rectangle(cellsX: n.0, cellsY: n.1, width: length, height: depth, origin: Vec3(0, -depth / 2, 0), cellType: .triangle6)
            let model = try ElasticityModel(
                mesh: mesh, analysis: .planeStress(thickness: 1), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                dirichlet: [.prescribed("left", components: [0, 1]) { Vec3(ux($0), uy($0), 0) }],
                tractions: [TractionLoad(boundary: "right") { x in Vec3(0, load / (2 * inertia) * (depth * depth / 4 - x.y * x.y), 0) }])
            let u = try model.solveLinear()
            guard let tip = mesh.nodes.indices.first(where: { (mesh.nodes[$0] - Vec3(length, 0, 0)).norm < 1e-9 }) else {
                throw InputError("no mesh node at the beam tip (L, 0)")
            }
            return VerificationMeasurement(model.displacement(u, node: tip).y, note: "\(mesh.cellCount) P2 triangles")
        }
    }
}
