import Foundation
import Testing
import SeamCore
import SeamIO
import SeamPotential
import SeamTestSupport

/// Symmetry functions against an independent textbook implementation (Behler, JCP 134,
/// 074106 (2011)): brute-force loops over periodic images, radial type 2 and angular type 3
/// with the tanh^3 cutoff, in the file's length unit (G is dimensionless, so normalisation
/// must not change it).
enum TextbookDescriptors {
    static func cutoff(_ r: Double, _ rc: Double) -> Double { let t = tanh(1 - r / rc); return t * t * t }

    /// G[atom][sf] for a water-like potential of types 2 and 3 (cutoff type 2).
    static func values(_ s: Structure, settings: N2P2Settings, mask: InteractionMask? = nil, atoms: [Int]? = nil) -> [[Double]] {
        let rc = settings.maximumCutoff
        let h = s.cellHeights
        var range = [0, 0, 0]
        for a in 0..<3 where s.periodic[a] { range[a] = Int((rc / h[a]).rounded(.up)) }
        return (atoms ?? Array(0..<s.count)).map { i in
            // Every image within rc: (atom, vector from i).
            var nb: [(Int, Vec3)] = []
            for j in 0..<s.count {
                for n0 in -range[0]...range[0] { for n1 in -range[1]...range[1] { for n2 in -range[2]...range[2] {
                    if j == i && n0 == 0 && n1 == 0 && n2 == 0 { continue }
                    if let mask, !mask.interacts(i, j) { continue }
                    let v = s.positions[j] + Double(n0) * s.cell.r0 + Double(n1) * s.cell.r1 + Double(n2) * s.cell.r2 - s.positions[i]
                    if v.norm < rc { nb.append((j, v)) }
                } } }
            }
            let e = settings.elements.firstIndex(of: s.elements[i])!
            return settings.symmetryFunctions[e].map { sf -> Double in
                var g = 0.0
                if sf.type == 2 {
                    for (j, v) in nb where settings.elements.firstIndex(of: s.elements[j]) == sf.element1 {
                        let r = v.norm
                        if r < sf.cutoff { g += exp(-sf.eta * (r - sf.rs) * (r - sf.rs)) * cutoff(r, sf.cutoff) }
                    }
                    return g
                }
                precondition(sf.type == 3)
                for a in 0..<nb.count { for b in (a + 1)..<nb.count {
                    let (j, vj) = nb[a], (k, vk) = nb[b]
                    let ej = settings.elements.firstIndex(of: s.elements[j])!, ek = settings.elements.firstIndex(of: s.elements[k])!
                    guard (ej == sf.element1 && ek == sf.element2) || (ej == sf.element2 && ek == sf.element1) else { continue }
                    if let mask, !mask.interacts(j, k) { continue }
                    let rij = vj.norm, rik = vk.norm, rjk = (vj - vk).norm
                    guard rij < sf.cutoff, rik < sf.cutoff, rjk < sf.cutoff else { continue }
                    let c = vj.dot(vk) / (rij * rik)
                    g += pow(1 + sf.lambda * c, sf.zeta) * exp(-sf.eta * (rij * rij + rik * rik + rjk * rjk))
                        * cutoff(rij, sf.cutoff) * cutoff(rik, sf.cutoff) * cutoff(rjk, sf.cutoff)
                } }
                return pow(2, 1 - sf.zeta) * g
            }
        }
    }
}

struct HDNNPDescriptorTests {
    /// The water potential and a structure in its own length unit (Bohr) and in Å.
    static func water(_ file: String, compress: Double = 1) throws -> (HDNNP, bohr: Structure, angstrom: Structure) {
        let p = try HDNNPFixtures.potential(HDNNPFixtures.water)
        var s = try N2P2Data.read(ReferenceData.url("n2p2/H2O_RPBE-D3/" + file))[0].structure
        s = s.scaledLengths(by: compress)
        return (p, s, s.scaledLengths(by: LengthUnit.bohr.inAngstrom))
    }

    /// Atoms compared in debug-friendly checks (every fourth).
    static let sample = Array(stride(from: 0, to: 48, by: 4))

    static func maxRelativeDifference(_ a: [[Double]], _ b: [[Double]], atoms: [Int]) -> Double {
        var worst = 0.0
        for (x, y) in zip(atoms.map { a[$0] }, b) { for (u, v) in zip(x, y) { worst = max(worst, abs(u - v) / max(1e-3, abs(v))) } }
        return worst
    }

    @Test("water symmetry functions equal a brute-force textbook evaluation (small periodic cell)")
    func waterDescriptorsMatchTextbook() throws {
        let (p, bohr, angstrom) = try Self.water("input.data.h2o_16_smallcell")
        let engine = try p.symmetryFunctionValues(angstrom)
        let reference = TextbookDescriptors.values(bohr, settings: p.settings, atoms: Self.sample)
        let d = Self.maxRelativeDifference(engine, reference, atoms: Self.sample)
        print("descriptor difference \(d)")
        #expect(d < 1e-12)
    }

    @Test("angular triplets whose two neighbours are masked from each other are skipped")
    func maskedTripletsAreSkipped() throws {
        let (p, bohr, angstrom) = try Self.water("input.data.h2o_16_smallcell")
        var groups = bohr.positions.map { $0.x < 0.5 * bohr.cell.r0.x ? 0 : 1 }
        for i in stride(from: 0, to: groups.count, by: 3) { groups[i] = 2 }
        let mask = InteractionMask(groups: groups, separated: [(0, 1)])
        let engine = try p.symmetryFunctionValues(angstrom, mask: mask)
        let reference = TextbookDescriptors.values(bohr, settings: p.settings, mask: mask, atoms: Self.sample)
        let unmasked = TextbookDescriptors.values(bohr, settings: p.settings, atoms: Self.sample)
        #expect(Self.maxRelativeDifference(engine, reference, atoms: Self.sample) < 1e-12)
        #expect(Self.maxRelativeDifference(engine, unmasked, atoms: Self.sample) > 1e-3)
    }

    /// One molecule in a 9 Bohr box (shared data README: n2p2 prints 46 warnings for it) and
    /// the same box compressed by 10 %.
    @Test("extrapolation warnings count exactly the descriptors outside the training range", arguments: [1.0, 0.9])
    func extrapolationCountMatchesRecount(_ compress: Double) throws {
        let (p, bohr, angstrom) = try Self.water("input.data.h2o_1_selfimage", compress: compress)
        let r = try p.evaluate(angstrom, request: [.energy])
        let reference = TextbookDescriptors.values(bohr, settings: p.settings)
        let eps = 1000 * Double.ulpOfOne
        var count = 0
        for (i, g) in reference.enumerated() {
            let e = p.settings.elements.firstIndex(of: bohr.elements[i])!
            for (k, v) in g.enumerated() {
                let range = p.scaling.entries[e][k]
                if v + eps < range.minimum || v - eps > range.maximum { count += 1 }
            }
        }
        print("extrapolation: engine \(r.extrapolationCount), recount \(count)")
        #expect(count > 20)
        if compress == 1 { #expect(count == 46) }
        #expect(r.extrapolationCount == count)
        #expect(r.extrapolationWarnings.count == min(count, 300))
        #expect(r.energy.isFinite)
        // The reported values are the descriptors themselves (never clamped).
        for w in r.extrapolationWarnings.prefix(20) {
            let v = reference[w.atom][w.symmetryFunction - 1]
            #expect(abs(w.value - v) <= 1e-12 * max(1, abs(v)))
            #expect(w.value < w.minimum || w.value > w.maximum)
        }
        // The uncompressed box of the training set extrapolates nowhere.
        let (_, _, inside) = try Self.water("input.data.h2o_16_smallcell")
        #expect(try p.evaluate(inside, request: [.energy]).extrapolationCount == 0)
    }
}
