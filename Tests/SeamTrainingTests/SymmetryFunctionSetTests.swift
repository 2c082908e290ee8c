import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining
import SeamIO
import SeamTestSupport

@Suite struct SymmetryFunctionSetTests {
    let ar = Element(symbol: "Ar")!, kr = Element(symbol: "Kr")!

    @Test func generatedSetHasRadialPerPairAndAngularPerTriple() throws {
        let gen = try SymmetryFunctionGenerator(cutoff: 6, radialCount: 5, radialLower: 1.0, angularCount: 2)
        let lines = gen.lines(elements: [kr, ar])
        // Per central element: 2 neighbour elements x 5 radial + 3 pairs x 2 eta x 4 zeta x 2 lambda.
        #expect(lines.count == 2 * (2 * 5 + 3 * 2 * 4 * 2))
        let def = try PotentialDefinition(elements: [ar, kr], symmetryFunctionLines: lines, hiddenLayers: [4], activations: [.tanh, .identity])
        let settings = try def.settings()
        #expect(settings.symmetryFunctions[0].count == 58)
        let radial = settings.symmetryFunctions[0].filter { $0.type == 2 }
        let angular = settings.symmetryFunctions[0].filter { $0.type == 3 }
        #expect(Set(angular.map(\.zeta)) == [1, 2, 4, 16])
        #expect(Set(angular.map(\.lambda)) == [-1, 1])
        // Centred grid: rs = 0 and eta = 1/(2 r^2) with r from 1 to 6 Å.
        #expect(radial.allSatisfy { $0.rs == 0 })
        #expect(abs(radial.map(\.eta).max()! - 0.5) < 1e-15)
        #expect(abs(radial.map(\.eta).min()! - 1 / 72.0) < 1e-15)
        let shifted = try SymmetryFunctionGenerator(cutoff: 6, radialCount: 6, radialLower: 1.0, radialGrid: .shifted, angularCount: 0)
        let s2 = try PotentialDefinition(elements: [ar], symmetryFunctionLines: shifted.lines(elements: [ar]), hiddenLayers: [], activations: [.identity]).settings()
        #expect(s2.symmetryFunctions[0].map(\.rs).sorted() == [1, 2, 3, 4, 5, 6])
        #expect(s2.symmetryFunctions[0].allSatisfy { abs($0.eta - 0.5) < 1e-15 })
    }

    @Test func scalingStatisticsMatchDirectDescriptorsAndRoundTripBitExactly() throws {
        let data = try LennardJonesData.configurations(count: 4, latticeRange: 3.0...3.4, seed: 3)
        let gen = try SymmetryFunctionGenerator(cutoff: 4.5, radialCount: 3, angularCount: 1)
        let settings = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]),
                                               hiddenLayers: [3], activations: [.tanh, .identity]).settings()
        let stats = try ScalingStatistics.compute(data.map(\.structure), settings: settings)
        let calc = try DescriptorCalculator(settings: settings, scaling: nil)
        var all: [[Double]] = []
        for c in data { let d = try calc.compute(c.structure, derivatives: false); for i in 0..<d.atomCount { all.append(Array(d.values[d.valueOffsets[i]..<d.valueOffsets[i + 1]])) } }
        for k in 0..<settings.symmetryFunctions[0].count {
            let col = all.map { $0[k] }
            let mean = col.reduce(0, +) / Double(col.count)
            let sigma = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
            let e = stats.entries[0][k]
            #expect(e.minimum == col.min()! && e.maximum == col.max()!)
            #expect(abs(e.mean - mean) <= 1e-12 * abs(mean))
            #expect(abs(e.sigma! - sigma) <= 1e-6 * sigma + 1e-14)
        }
        let text = ScalingStatistics.format(stats)
        let back = try ScalingData.parse(text, source: "scaling.data", counts: [settings.symmetryFunctions[0].count])
        #expect(back == stats)
    }

    @Test func descriptorDerivativesMatchCentralDifferences() throws {
        let c = try LennardJonesData.configurations(count: 1, latticeRange: 3.1...3.1, seed: 9, second: kr)[0]
        let gen = try SymmetryFunctionGenerator(cutoff: 4.5, radialCount: 2, angularCount: 1, zetas: [2])
        let settings = try PotentialDefinition(elements: [ar, kr], symmetryFunctionLines: gen.lines(elements: [ar, kr]),
                                               hiddenLayers: [3], activations: [.tanh, .identity]).settings()
        let calc = try DescriptorCalculator(settings: settings, scaling: nil)
        let d = try calc.compute(c.structure, derivatives: true)
        let h = 1e-5
        var worst = 0.0, scale = 0.0
        for j in [0, 3] {
            for a in 0..<3 {
                var sp = c.structure, sm = c.structure
                sp.positions[j][a] += h; sm.positions[j][a] -= h
                let dp = try calc.compute(sp, derivatives: false), dm = try calc.compute(sm, derivatives: false)
                for i in 0..<d.atomCount {
                    let nsf = d.valueOffsets[i + 1] - d.valueOffsets[i]
                    let entry = (d.entryOffsets[i]..<d.entryOffsets[i + 1]).first { d.entryAtoms[$0] == Int32(j) }
                    for s in 0..<nsf {
                        let fd = (dp.values[d.valueOffsets[i] + s] - dm.values[d.valueOffsets[i] + s]) / (2 * h)
                        let an = entry.map { d.derivatives[d.derivativeOffsets[$0] + 3 * s + a] } ?? 0
                        worst = max(worst, abs(fd - an)); scale = max(scale, abs(an))
                    }
                }
            }
        }
        #expect(scale > 0)
        #expect(worst < 1e-7 * scale, "worst \(worst) vs scale \(scale)")
    }

    @Test func mlearnSymmetryFunctionsConvertedToAngstromGiveTheSameDescriptors() throws {
        // The published Si set is in Bohr; rendered in Å it must describe the same functions.
        let url = ReferenceData.url("mlearn/Si/nnp/input.nn")
        let bohrSettings = try N2P2Settings.parse(try String(contentsOf: url, encoding: .utf8), source: url.path)
        let b = LengthUnit.bohr.inAngstrom
        let lines = try bohrSettings.symmetryFunctions.joined().map { try $0.scaledLengths(by: b).line(elements: bohrSettings.elements) }
        let si = Element(symbol: "Si")!
        let angstrom = try PotentialDefinition(elements: [si], cutoffKind: bohrSettings.cutoffKind, symmetryFunctionLines: lines, hiddenLayers: [2], activations: [.tanh, .identity]).settings()
        #expect(angstrom.symmetryFunctions[0].count == 27)
        let structure = try MlearnData.read(ReferenceData.url("mlearn/Si/test.json"))[0].structure
        let inAngstrom = try DescriptorCalculator(settings: angstrom, scaling: nil, lengthUnit: .angstrom).compute(structure, derivatives: true)
        let inBohr = try DescriptorCalculator(settings: bohrSettings, scaling: nil, lengthUnit: .bohr).compute(structure, derivatives: true)
        let scale = inBohr.values.map(abs).max()!
        let worst = zip(inAngstrom.values, inBohr.values).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-12 * scale, "values differ by \(worst) of \(scale)")
        let dscale = inBohr.derivatives.map(abs).max()!
        #expect(inAngstrom.derivatives.count == inBohr.derivatives.count)
        #expect(zip(inAngstrom.derivatives, inBohr.derivatives).allSatisfy { abs($0 - $1) <= 1e-11 * dscale })
    }
}
