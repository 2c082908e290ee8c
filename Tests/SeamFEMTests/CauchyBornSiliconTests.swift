import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamIO
import SeamTestSupport

/// The shipped mlearn Si neural-network potential (n2p2 format, units from seam-units.txt).
func siliconPotential() throws -> HDNNP {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try N2P2PotentialLoader.load(directory: root.appendingPathComponent("examples/potentials/Si-mlearn-nnp"), threadCount: 1)
}
let silicon = Element(symbol: "Si")!

@Test func diamondSiliconInnerRelaxationLowersC44Only() throws {
    // Kleinman internal strain: under shear the two fcc sublattices of diamond shift
    // relative to each other, which softens C44; C11 and C12 involve no internal strain.
    let nnp = try siliconPotential()
    var lo = 5.3, hi = 5.7
    for _ in 0..<30 {  // zero-pressure lattice constant of the potential
        let mid = 0.5 * (lo + hi)
        let m = try CauchyBornMaterial(potential: nnp, lattice: .diamond(latticeConstant: mid, elements: [silicon]))
        if try m.response(at: .identity, request: .stress).stress.trace > 0 { hi = mid } else { lo = mid }
    }
    let lattice = try Lattice.diamond(latticeConstant: 0.5 * (lo + hi), elements: [silicon])
    let relaxed = try CauchyBornMaterial(potential: nnp, lattice: lattice).response(at: .identity, request: .all)
    let fixed = try CauchyBornMaterial(potential: nnp, lattice: lattice, relaxesBasis: false).response(at: .identity, request: .all)
    #expect(relaxed.stable && fixed.stable)
    let r = relaxed.tangent, u = fixed.tangent
    #expect(r[1, 2, 1, 2] < 0.9 * u[1, 2, 1, 2])
    #expect(abs(r[0, 0, 0, 0] - u[0, 0, 0, 0]) < 1e-6 * u.maxAbs)
    #expect(abs(r[0, 0, 1, 1] - u[0, 0, 1, 1]) < 1e-6 * u.maxAbs)
    // Cubic symmetry of the relaxed tangent.
    #expect(abs(r[0, 1, 0, 1] - r[1, 2, 1, 2]) < 1e-6 * u.maxAbs)
    #expect(abs(r[2, 2, 2, 2] - r[0, 0, 0, 0]) < 1e-6 * u.maxAbs)
}

@Test func diamondSiliconRelaxedResponseIsConsistentUnderShear() throws {
    let nnp = try siliconPotential()
    let m = try CauchyBornMaterial(potential: nnp, lattice: .diamond(latticeConstant: 5.50, elements: [silicon]))
    let f = Mat3.identity + 0.02 * Mat3([1, 0.4, -0.2, 0.1, -0.6, 0.3, -0.3, 0.2, 0.5])
    let relaxation = try m.relaxation(at: f)
    #expect(relaxation.converged && relaxation.shifts[1].norm > 1e-3)
    #expect(try FEMChecks.materialStressError(m, at: f) < 1e-6)
    #expect(try FEMChecks.materialTangentError(m, at: f, h: 1e-4) < 1e-6)
}
