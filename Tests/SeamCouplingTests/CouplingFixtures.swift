import Foundation
import SeamCore
import SeamPotential
import SeamFEM
import SeamIO
import SeamCoupling

/// Shared set-ups of the coupling tests: argon-like Lennard-Jones fcc and the mlearn Si HDNNP
/// on diamond, both with [001] along z (one atom per column and out-of-plane period).
enum Fixtures {
    static let argon = Element(symbol: "Ar")!
    static let silicon = Element(symbol: "Si")!
    /// ε = 0.0104 eV, σ = 3.405 Å, r_c = 8.0 Å with a 1.5 Å switch.
    static func lennardJones() throws -> LennardJones {
        try LennardJones(epsilon: 0.0104, sigma: 3.405, cutoff: 8.0, switchWidth: 1.5)
    }
    /// fcc lattice constant used for argon, Å (near the potential's minimum).
    static let argonLattice = 5.26

    static func siliconPotential() throws -> HDNNP {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try N2P2PotentialLoader.load(directory: root.appendingPathComponent("examples/potentials/Si-mlearn-nnp"), threadCount: 1)
    }
    static let siliconLattice = 5.43

    /// Dirichlet conditions u = (F - I) X on the four outer sides.
    static func uniformBoundary(_ f: Mat3) -> [DirichletCondition] {
        ["left", "right", "bottom", "top"].map { side in
            DirichletCondition.prescribed(side, components: [0, 1]) { x in f * x - x }
        }
    }

    /// Plane-strain deformations: a biaxial stretch and a simple shear with some rotation.
    static let stretch = Mat3(rows: Vec3(1.012, 0, 0), Vec3(0, 0.994, 0), Vec3(0, 0, 1))
    static let shear = Mat3(rows: Vec3(1, 0.015, 0), Vec3(0.004, 1, 0), Vec3(0, 0, 1))

    /// An LJ fcc problem: domain 6 x 6 cells, atoms in cells 2..<4, pads `padDepth` deep.
    static func argonProblem(_ f: Mat3, padDepth: Double = 8.0, cells: Int = 6, coarseningRatio: Double = 1) throws -> CoupledProblem<LennardJones, CauchyBornMaterial<LennardJones>> {
        let lj = try lennardJones()
        let lo = cells / 2 - 1
        let layout = try CouplingLayout(crystal: Crystal.fcc(argon, a: argonLattice), cellsX: cells, cellsY: cells,
                                        atomisticX: lo..<(lo + 2), atomisticY: lo..<(lo + 2), meshDivisions: 2, padDepth: padDepth,
                                        coarseningRatio: coarseningRatio)
        let material = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: argonLattice, element: argon))
        return try CoupledProblem(layout: layout, potential: lj, material: material, dirichlet: uniformBoundary(f))
    }
}

extension Fixtures {
    /// A Si diamond problem with the HDNNP: domain 8 x 8 conventional cells, atoms in cells
    /// 3..<5, one mesh division per cell (nodes on first-basis-site columns).
    static func siliconProblem(_ f: Mat3, padDepth: Double) throws -> CoupledProblem<HDNNP, CauchyBornMaterial<HDNNP>> {
        let nnp = try siliconPotential()
        let layout = try CouplingLayout(crystal: Crystal.diamond(silicon, a: siliconLattice), cellsX: 8, cellsY: 8,
                                        atomisticX: 3..<5, atomisticY: 3..<5, meshDivisions: 1, padDepth: padDepth)
        let material = try CauchyBornMaterial(potential: nnp, lattice: .diamond(latticeConstant: siliconLattice, elements: [silicon]))
        return try CoupledProblem(layout: layout, potential: nnp, material: material, dirichlet: uniformBoundary(f))
    }
}
