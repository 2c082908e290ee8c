import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamTestSupport

/// hcp (ideal c/a) with the switched 12-6 potential: its atoms sit on sites without inversion
/// symmetry, so a homogeneous strain drives the two sublattices apart (internal strain) and
/// the inner relaxation is not trivial — the pair-potential stand-in for Kleinman relaxation
/// in diamond.
let hcpPotential = SwitchedPairPotential(switchStart: 2.5, cutoff: 3.0)
let hcpNearestNeighbour = 1.09
let shearedStretch = Mat3.identity + 0.03 * Mat3([1, 0.4, -0.2, 0.1, -0.6, 0.3, -0.3, 0.2, 0.5])

@Test func hcpInnerRelaxationLowersTheEnergyAndLeavesNoForce() throws {
    let lattice = try Lattice.hcp(latticeConstant: hcpNearestNeighbour, element: argon)
    let relaxed = try CauchyBornMaterial(potential: hcpPotential, lattice: lattice)
    let fixed = try CauchyBornMaterial(potential: hcpPotential, lattice: lattice, relaxesBasis: false)
    let r = try relaxed.relaxation(at: shearedStretch)
    let u = try fixed.relaxation(at: shearedStretch)
    #expect(r.converged)
    #expect(r.maximumForce < 1e-10)
    #expect(u.maximumForce > 0.1)  // the unrelaxed basis is far from equilibrium
    #expect(r.energy < u.energy - 1e-3)
    #expect(r.shifts[1].norm > 1e-3)
    // The forces the potential reports at the relaxed positions vanish.
    let s = try lattice.structure(deformedBy: shearedStretch, shifts: r.shifts)
    let forces = try hcpPotential.evaluate(s, request: .forces).forces
    #expect(forces.allSatisfy { $0.maxAbs < 1e-10 })
}

@Test func relaxedCauchyBornStressAndTangentAreDerivativesOfTheRelaxedEnergy() throws {
    let lattice = try Lattice.hcp(latticeConstant: hcpNearestNeighbour, element: argon)
    let m = try CauchyBornMaterial(potential: hcpPotential, lattice: lattice)
    // P has no relaxation term (envelope theorem); A includes it (Schur complement).
    #expect(try FEMChecks.materialStressError(m, at: shearedStretch) < 1e-7)
    #expect(try FEMChecks.materialTangentError(m, at: shearedStretch, h: 1e-4) < 1e-6)
    let e = try MaterialChecks.objectivityErrors(m, at: shearedStretch, rotation: sampleRotation)
    #expect(e.energy < 1e-11)
    #expect(e.stress < 1e-9)
}

@Test func innerRelaxationSoftensTheHcpTangentOnlyWhereInternalStrainCouples() throws {
    let lattice = try Lattice.hcp(latticeConstant: hcpNearestNeighbour, element: argon)
    let rel = try CauchyBornMaterial(potential: hcpPotential, lattice: lattice).response(at: .identity, request: .all)
    let unrel = try CauchyBornMaterial(potential: hcpPotential, lattice: lattice, relaxesBasis: false)
        .response(at: .identity, request: .all)
    #expect(rel.stable && unrel.stable)
    // In-plane shear (C66) couples to the sublattice shift and softens; C44 (xz) does not.
    #expect(rel.tangent[0, 1, 0, 1] < 0.9 * unrel.tangent[0, 1, 0, 1])
    #expect(abs(rel.tangent[0, 2, 0, 2] - unrel.tangent[0, 2, 0, 2]) < 1e-6 * unrel.tangent.maxAbs)
    // A_unrelaxed - A_relaxed = Gᵀ H⁻¹ G / V0 is positive semidefinite.
    var g = SeededGenerator(seed: 7)
    let diff = Tensor4(components: zip(unrel.tangent.components, rel.tangent.components).map { $0 - $1 })
    for _ in 0..<20 {
        let e = Mat3((0..<9).map { _ in Double(g.next() % 2001) / 1000 - 1 })
        #expect(e.contract(diff.contract(e)) > -1e-7 * diff.maxAbs)
    }
}

@Test func relaxedResponseIsIndependentOfTheChoiceOfCell() throws {
    // The 4-atom orthohexagonal cell relaxes 9 internal coordinates instead of 3.
    let a = hcpNearestNeighbour, c = (8.0 / 3.0).squareRoot() * a, r3 = 3.0.squareRoot()
    let primitive = try Lattice.hcp(latticeConstant: a, element: argon)
    let ortho = try Lattice(cell: Mat3(diagonal: a, r3 * a, c),
                            basis: [.zero, Vec3(a / 2, r3 * a / 2, 0), Vec3(a / 2, r3 * a / 6, c / 2), Vec3(0, 2 * r3 * a / 3, c / 2)],
                            elements: [argon, argon, argon, argon])
    let p = try CauchyBornMaterial(potential: hcpPotential, lattice: primitive).response(at: shearedStretch, request: .all)
    let o = try CauchyBornMaterial(potential: hcpPotential, lattice: ortho).response(at: shearedStretch, request: .all)
    #expect(abs(p.energyDensity - o.energyDensity) < 1e-12 * abs(p.energyDensity))
    #expect((p.stress - o.stress).maxAbs < 1e-12)
    #expect(maxDifference(p.tangent, o.tangent) < 1e-7 * p.tangent.maxAbs)
}
