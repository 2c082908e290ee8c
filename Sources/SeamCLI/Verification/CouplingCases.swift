import Foundation
import SeamCohesive
import SeamCore
import SeamFEM
import SeamPotential
import SeamCoupling

/// Coupling and contact cases: the patch test of the atomistic-continuum coupling (no ghost
/// forces under uniform deformation, LJ and the Si HDNNP), the masked-interface work ratio,
/// and rigid-indenter contact against Hertz (cylinder and sphere).
enum CouplingCases {
    static var all: [VerificationCase] {
        [patchLennardJones, patchSilicon, masking(isolated: true), masking(isolated: false),
         hertzCylinder(peakPressure: false), hertzCylinder(peakPressure: true), hertzSphere(peakPressure: false), hertzSphere(peakPressure: true)]
    }

    static let argon = Element(symbol: "Ar")!, silicon = Element(symbol: "Si")!
    /// Plane-strain deformations: a biaxial stretch and a simple shear with some rotation.
    static let stretch = Mat3(rows: Vec3(1.012, 0, 0), Vec3(0, 0.994, 0), Vec3(0, 0, 1))
    static let shear = Mat3(rows: Vec3(1, 0.015, 0), Vec3(0.004, 1, 0), Vec3(0, 0, 1))

    /// u = (F - I) X on the four outer sides.
    static func uniformBoundary(_ f: Mat3) -> [DirichletCondition] {
        ["left", "right", "bottom", "top"].map { side in DirichletCondition.prescribed(side, components: [0, 1]) { x in f * x - x } }
    }

    /// Argon-like LJ: ε = 0.0104 eV, σ = 3.405 Å, r_c = 8 Å with a 1.5 Å switch; fcc a = 5.26 Å.
    static func argonLJ() throws -> LennardJones { try LennardJones(epsilon: 0.0104, sigma: 3.405, cutoff: 8.0, switchWidth: 1.5) }

    static var patchLennardJones: VerificationCase {
        VerificationCase(name: "coupling-patch-lj", family: .coupling,
                         quantity: "largest force on a real atom or free node under uniform stretch and shear (LJ fcc, pads 8 Å), eV/Å",
                         reference: .value(0), source: "patch test: a uniform deformation is an equilibrium (no ghost forces)",
                         tolerance: .absolute(1e-8)) { _ in
            let lj = try argonLJ()
            let layout = try CouplingLayout(crystal: Crystal.fcc(argon, a: 5.26), cellsX: 6, cellsY: 6, atomisticX: 2..<4, atomisticY: 2..<4,
                                            meshDivisions: 2, padDepth: 8.0)
            let material = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: 5.26, element: argon))
            var worst = 0.0
            for f in [stretch, shear] {
                let problem = try CoupledProblem(layout: layout, potential: lj, material: material, dirichlet: uniformBoundary(f))
                let forces = try problem.forces(problem.uniformState(f))
                worst = max(worst, forces.maximumAtomForce, forces.maximumNodeForce)
            }
            return VerificationMeasurement(worst)
        }
    }

    static var patchSilicon: VerificationCase {
        VerificationCase(name: "coupling-patch-si-hdnnp", family: .coupling,
                         quantity: "largest force on a real atom or free node under uniform deformation (default Si HDNNP, pads 2 r_c), eV/Å",
                         reference: .value(0), source: "patch test: a uniform deformation is an equilibrium (no ghost forces)",
                         tolerance: .absolute(1e-8)) { ctx in
            let nnp = try PotentialCases.defaultPotential(ctx)
            let layout = try CouplingLayout(crystal: Crystal.diamond(silicon, a: 5.43), cellsX: 8, cellsY: 8, atomisticX: 3..<5, atomisticY: 3..<5,
                                            meshDivisions: 1, padDepth: 2 * nnp.cutoff)
            let material = try CauchyBornMaterial(potential: nnp, lattice: .diamond(latticeConstant: 5.43, elements: [silicon]))
            var worst = 0.0
            // Shear needs the Kleinman inner shifts in pads and continuum alike: the harder case.
            for f in ctx.pick(quick: [shear], full: [stretch, shear]) {
                let problem = try CoupledProblem(layout: layout, potential: nnp, material: material, dirichlet: uniformBoundary(f))
                let forces = try problem.forces(problem.uniformState(f))
                worst = max(worst, forces.maximumAtomForce, forces.maximumNodeForce)
            }
            return VerificationMeasurement(worst, note: ctx.pick(quick: "shear only", full: "stretch and shear"))
        }
    }

    /// Two rigid LJ fcc half-crystals, (001) interface, pulled apart by their grips; their
    /// adhesion is carried by the rigid law derived from the same potential. With the mask the
    /// external work is the law's G × A (ratio 1); without it atoms also interact across the
    /// interface and the adhesion is counted twice (ratio 2).
    static func masking(isolated: Bool) -> VerificationCase {
        VerificationCase(name: isolated ? "masking-work-ratio-on" : "masking-work-ratio-off", family: .coupling,
                         quantity: "work to separate masked LJ half-crystals / (law G × area), mask \(isolated ? "on" : "off")",
                         reference: .value(isolated ? 1 : 2),
                         source: isolated ? "energy counted once: cohesive law replaces the masked cross-interface bonds"
                                          : "no mask: cross bonds and cohesive law both act (double counting)",
                         tolerance: isolated ? .relative(0.02) : .relative(0.1)) { ctx in
            let lj = try argonLJ()
            let slab = try InterfaceSlab.cleaving(Crystal.fcc(argon, a: 5.26), halfThickness: 7)
            let step = ctx.pick(quick: 0.1, full: 0.05)
            let law = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: stride(from: 0.0, through: 10.0 + 1e-9, by: 0.05).map { $0 }).tabulated()
            let separation = try InterfaceSeparation(slab: slab, potential: lj, law: law, isolated: isolated, gripThickness: nil)
            let steps = try separation.run(displacements: stride(from: 0.0, through: 12.0 + 1e-9, by: step).map { $0 })
            let expected = law.workOfSeparation * slab.area
            let worstBalance = steps.map { abs($0.balanceError) }.max() ?? 0
            return VerificationMeasurement(steps[steps.count - 1].externalWork / expected,
                                           note: String(format: "G A = %.5g eV, worst energy-balance error %.2g of G A", expected, worstBalance / expected))
        }
    }

    /// Half model (symmetry plane x = 0) of a rigid cylinder (R = 40) pressed into an elastic
    /// block (E = 1, ν = 0.3, 40 × 40, plane strain), penalty contact. Hertz (Johnson, Contact
    /// Mechanics 1985, eqs. 4.43 and 4.45): a = sqrt(4PR/(πE*)), p0 = 2P/(πa), E* = E/(1-ν²).
    /// The half-width is read from the second moment of the pressure (a²/4 for Hertz).
    static func hertzCylinder(peakPressure: Bool) -> VerificationCase {
        VerificationCase(name: peakPressure ? "hertz-cylinder-peak-pressure" : "hertz-cylinder-half-width", family: .coupling,
                         quantity: peakPressure ? "peak contact pressure p0 under a rigid cylinder (E = 1)" : "contact half-width a under a rigid cylinder (R = 40)",
                         reference: .computed(peakPressure ? "Hertz p0 = 2P/(πa) at the computed load P" : "Hertz a = sqrt(4PR/(πE*)) at the computed load P"),
                         source: "Hertz 1882; Johnson, Contact Mechanics 1985, eqs. 4.43, 4.45", tolerance: .relative(0.03)) { ctx in
            let size = 40.0, radius = 40.0, e = 1.0, nu = 0.3
            let n = ctx.pick(quick: 80, full: 120)
            let mesh = try StructuredMesh.rectangle(cellsX: n, cellsY: n, width: size, height: size, cellType: .quadrilateral4,
                                                    grading: Grading(toward: Vec3(0, size, 0), exponent: 2))
            let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                            dirichlet: [.fixed("left", components: [0]), .fixed("bottom", components: [1])])
            let contact = try RigidIndenterContact(mesh: mesh, nodeSet: "top", radius: radius, centerX: 0, stiffness: 1e3)
            guard let s = try contact.solve(model, depths: [0.06]).last else { throw NumericalError(.noConvergence, "no contact state") }
            let load = 2 * s.load, eStar = e / (1 - nu * nu)
            let hertzA = (4 * load * radius / (Double.pi * eStar)).squareRoot()
            let moments = pressureMoments(contact, s, mesh) { $0.x * $0.x }
            let note = String(format: "%d x %d quad4, load P = %.5g per unit thickness, %d nodes in contact", n, n, load, s.pressures.count)
            if peakPressure {
                guard let p0 = s.pressures.first(where: { $0.position.x == 0 })?.pressure else { throw NumericalError(.noConvergence, "no contact at x = 0") }
                return VerificationMeasurement(p0, reference: 2 * load / (Double.pi * hertzA), note: note)
            }
            return VerificationMeasurement(2 * (moments.1 / moments.0).squareRoot(), reference: hertzA, note: note)
        }
    }

    /// Quarter model of a rigid sphere (R = 30) on an elastic block (30³, E = 1, ν = 0.3).
    /// Hertz (Johnson 1985, eqs. 4.22-4.23): a = (3PR/(4E*))^(1/3), p0 = 3P/(2πa²); the radius
    /// is read from the second moment of the pressure (2a²/5 for Hertz).
    static func hertzSphere(peakPressure: Bool) -> VerificationCase {
        VerificationCase(name: peakPressure ? "hertz-sphere-peak-pressure" : "hertz-sphere-radius", family: .coupling,
                         quantity: peakPressure ? "peak contact pressure p0 under a rigid sphere (E = 1)" : "contact radius a under a rigid sphere (R = 30)",
                         reference: .computed(peakPressure ? "Hertz p0 = 3P/(2πa²) at the computed load P" : "Hertz a = (3PR/(4E*))^(1/3) at the computed load P"),
                         source: "Hertz 1882; Johnson, Contact Mechanics 1985, eqs. 4.22, 4.23", tolerance: .relative(0.03)) { ctx in
            let size = 30.0, radius = 30.0, e = 1.0, nu = 0.3
            let n = ctx.pick(quick: 16, full: 24)
            let mesh = try StructuredMesh.box(cellsX: n, cellsY: n, cellsZ: n, size: Vec3(size, size, size), cellType: .hexahedron8,
                                              grading: Grading(toward: Vec3(0, 0, size), exponent: 2))
            let model = try ElasticityModel(mesh: mesh, analysis: .solid, material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                            dirichlet: [.fixed("left", components: [0]), .fixed("bottom", components: [1]), .fixed("back", components: [2])])
            let contact = try RigidIndenterContact(mesh: mesh, nodeSet: "front", radius: radius, center: .zero, stiffness: 1e3)
            guard let s = try contact.solve(model, depths: [-1e-6, 0.5]).last else { throw NumericalError(.noConvergence, "no contact state") }
            let load = 4 * s.load, eStar = e / (1 - nu * nu)
            let hertzA = pow(3 * load * radius / (4 * eStar), 1.0 / 3)
            let note = String(format: "%d^3 hex8, load P = %.5g, %d nodes in contact", n, load, s.pressures.count)
            if peakPressure {
                guard let p0 = s.pressures.first(where: { $0.position.x == 0 && $0.position.y == 0 })?.pressure else {
                    throw NumericalError(.noConvergence, "no contact at the axis")
                }
                return VerificationMeasurement(p0, reference: 3 * load / (2 * Double.pi * hertzA * hertzA), note: note)
            }
            let moments = pressureMoments(contact, s, mesh) { $0.x * $0.x + $0.y * $0.y }
            return VerificationMeasurement((2.5 * moments.1 / moments.0).squareRoot(), reference: hertzA, note: note)
        }
    }

    /// (∫p dA, ∫p r² dA) over the contact nodes with their tributary areas.
    static func pressureMoments(_ contact: RigidIndenterContact, _ s: RigidIndenterContact.State, _ mesh: Mesh,
                                _ r2: (Vec3) -> Double) -> (Double, Double) {
        var m0 = 0.0, m2 = 0.0
        for (k, node) in contact.nodes.enumerated() {
            let x = mesh.nodes[Int(node)]
            guard let p = s.pressures.first(where: { $0.position == x })?.pressure else { continue }
            m0 += p * contact.tributary[k]; m2 += p * contact.tributary[k] * r2(x)
        }
        return (m0, m2)
    }
}
