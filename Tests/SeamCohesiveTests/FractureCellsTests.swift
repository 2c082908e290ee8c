import Testing
import SeamCore
import SeamPotential
import SeamCohesive

private let silicon = Element(symbol: "Si")!
private let argon = Element(symbol: "Ar")!

/// Si(111) shuffle-plane slab from the primitive diamond cell: 2 atoms per 1×1 bilayer.
private func siliconSlab(inPlane: (Int, Int) = (1, 1), a: Double = 5.43) throws -> InterfaceSlab {
    let oriented = try Crystal.oriented(Crystal.diamondPrimitive(silicon, a: a), miller: (1, 1, 1))
    return try InterfaceSlab.cleaving(oriented, halfThickness: 6, inPlane: inPlane)
}

/// Distance of the nearest periodic image of j from i (images -1...1 along a and b, and along
/// c unless `alongC` is false).
private func distance(_ s: Structure, _ i: Int, _ j: Int, alongC: Bool = true) -> Double {
    var best = Double.infinity
    for p in -1...1 { for q in -1...1 { for r in (alongC ? -1 : 0)...(alongC ? 1 : 0) {
        let t = Double(p) * s.cell.r0 + Double(q) * s.cell.r1 + Double(r) * s.cell.r2
        let d = (s.positions[j] + t - s.positions[i]).norm
        if i != j || d > 1e-9 { best = min(best, d) }
    } } }
    return best
}

/// Neighbours within `radius` Å (all images within one cell), per atom.
private func coordination(_ s: Structure, radius: Double) -> [Int] {
    (0..<s.count).map { i in
        var n = 0
        for j in 0..<s.count {
            for p in -1...1 { for q in -1...1 { for r in -1...1 {
                let t = Double(p) * s.cell.r0 + Double(q) * s.cell.r1 + Double(r) * s.cell.r2
                let d = (s.positions[j] + t - s.positions[i]).norm
                if d > 1e-9 && d < radius { n += 1 }
            } } }
        }
        return n
    }
}

@Test func primitiveDiamondCellHasTheBondLengthAndDensityOfTheConventionalCell() throws {
    let a = 5.43
    let p = Crystal.diamondPrimitive(silicon, a: a)
    #expect(abs(p.volume - a * a * a / 4) < 1e-9)          // 2 of the 8 atoms of a³
    #expect(abs(distance(p, 0, 1) - a * 3.0.squareRoot() / 4) < 1e-12)
    #expect(coordination(p.replicated(2, 2, 2), radius: 2.6).allSatisfy { $0 == 4 })
}

@Test func closedBicrystalIsThePerfectCrystalAndOpeningCutsOnlyTheBondsAcrossTheCut() throws {
    let a = 5.43, bond = a * 3.0.squareRoot() / 4
    let slab = try siliconSlab(inPlane: (2, 2), a: a)
    let closed = FractureCells.openedBicrystal(slab, opening: 0)
    #expect(closed.isBulk)
    #expect(coordination(closed, radius: 1.1 * bond).allSatisfy { $0 == 4 })
    let delta = 1.5
    let opened = FractureCells.openedBicrystal(slab, opening: delta)
    let z = coordination(opened, radius: 1.1 * bond)
    // (111) shuffle plane: one bond per surface atom, normal to the plane; 4 atoms per layer in 2×2.
    #expect(z.filter { $0 == 3 }.count == 8)
    #expect(z.filter { $0 == 4 }.count == opened.count - 8)
    var across = Double.infinity
    for i in 0..<opened.count where slab.upper[i] { for j in 0..<opened.count where !slab.upper[j] { across = min(across, distance(opened, i, j, alongC: false)) } }
    #expect(abs(across - (bond + delta)) < 1e-9)
    #expect(abs(opened.volume - closed.volume - delta * slab.area) < 1e-9)
}

@Test func openedBicrystalEnergyChangeEqualsTheRigidCohesiveLawOfTheSameCut() throws {
    // LJ fcc(111), halves thicker than the cutoff: the bicrystal's energy change on opening is
    // only the cut's, φ(δ)·A, which LawDerivation computes on the free slab.
    let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.3)
    let oriented = try Crystal.oriented(Crystal.fcc(argon, a: 1.5496), miller: (1, 1, 1))
    let slab = try InterfaceSlab.cleaving(oriented, halfThickness: 3.5, inPlane: (2, 2))
    let law = try LawDerivation(potential: lj, slab: slab).rigid(.opening, separations: [0.2, 0.6, 1.2])
    let e0 = try lj.energy(FractureCells.openedBicrystal(slab, opening: 0))
    for (k, delta) in [0.2, 0.6, 1.2].enumerated() {
        let phi = (try lj.energy(FractureCells.openedBicrystal(slab, opening: delta)) - e0) / slab.area
        #expect(abs(phi - law.energies[k]) < 1e-9 * max(1, abs(phi)))
        #expect(phi > 0)
    }
}

@Test func crackedSlabOpensTheCutWithTheSquareRootProfileAndClosesAtTheTips() throws {
    let a = 5.43, bond = a * 3.0.squareRoot() / 4
    let slab = try siliconSlab(inPlane: (8, 1), a: a)
    let f = 0.5, delta = 3.0
    let s = try FractureCells.crackedSlab(slab, opening: delta, crackedFraction: f, vacuum: 8)
    #expect(s.isBulk && s.count == slab.structure.count)
    var checked = 0
    for i in 0..<s.count where slab.upper[i] {
        for j in 0..<s.count where !slab.upper[j] && distance(slab.structure, i, j, alongC: false) < 1.1 * bond {
            // Bonds across the shuffle plane are normal to it: the stretch is ½δ(w_i + w_j).
            let sa = slab.structure.fractional(slab.structure.positions[i]).x
            let sb = slab.structure.fractional(slab.structure.positions[j]).x
            let wi = FractureCells.crackOpeningWeight(distance: abs(sa - sa.rounded()), crackedFraction: f)
            let wj = FractureCells.crackOpeningWeight(distance: abs(sb - sb.rounded()), crackedFraction: f)
            #expect(abs(distance(s, i, j) - (bond + 0.5 * delta * (wi + wj))) < 1e-9)
            checked += 1
        }
    }
    #expect(checked == 8)                                  // one bond per 1×1 cell, 8 cells along a
    #expect(FractureCells.crackOpeningWeight(distance: 0, crackedFraction: f) == 1)
    #expect(FractureCells.crackOpeningWeight(distance: 0.25, crackedFraction: f) == 0)
    #expect(abs(FractureCells.crackOpeningWeight(distance: 0.1875, crackedFraction: f) - 0.5) < 1e-15)   // √(1/4)
    // The vacuum between the outer surfaces and their images is as asked.
    let n = slab.normal
    let h = s.positions.map { $0.dot(n) }
    #expect(abs(s.cell.r2.dot(n) - (h.max()! - h.min()!) - 8) < 1e-9)
    #expect(throws: InputError.self) { try FractureCells.crackedSlab(slab, opening: 1, crackedFraction: 1.2, vacuum: 8) }
}
