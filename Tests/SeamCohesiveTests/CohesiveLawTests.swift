import Testing
import SeamCore
import SeamCohesive
#if canImport(Glibc)
import Glibc
#endif

/// Largest relative error of T against the central difference of φ, and of K against the
/// central difference of T, at opening d; the smallest over a step scan (h^2 truncation).
func derivativeErrors(_ law: some CohesiveLaw, at d: Vec3) -> (traction: Double, tangent: Double) {
    let scan = [1e-5, 1e-6, 1e-7].map { derivativeErrors(law, at: d, h: $0) }
    return (scan.map(\.traction).min()!, scan.map(\.tangent).min()!)
}

func derivativeErrors(_ law: some CohesiveLaw, at d: Vec3, h: Double) -> (traction: Double, tangent: Double) {
    let r = law.response(opening: d)
    let tScale = max(law.peakTraction * 1e-3, r.traction.maxAbs)
    let kScale = max(law.peakTraction / law.peakOpening * 1e-3, r.tangent.maxAbs)
    var et = 0.0, ek = 0.0
    for a in 0..<3 {
        var p = d, m = d
        p[a] += h; m[a] -= h
        let rp = law.response(opening: p), rm = law.response(opening: m)
        et = max(et, abs((rp.energy - rm.energy) / (2 * h) - r.traction[a]) / tScale)
        for b in 0..<3 { ek = max(ek, abs((rp.traction[b] - rm.traction[b]) / (2 * h) - r.tangent[b, a]) / kScale) }
    }
    return (et, ek)
}

let sampleOpenings: [Vec3] = [
    Vec3(0.3, 0, 0), Vec3(0.9, 0.2, -0.1), Vec3(1.7, 0.05, 0.3), Vec3(0.45, -0.4, 0.2), Vec3(2.5, 0.7, 0.1), Vec3(-0.1, 0.3, 0),
]

@Test func uberTractionAndTangentAreDerivativesOfEnergy() {
    let law = UniversalBindingLaw(workOfSeparation: 0.1, length: 0.6, shearWeight: 0.7)
    for d in sampleOpenings {
        let e = derivativeErrors(law, at: d)
        #expect(e.traction < 1e-7 && e.tangent < 1e-6, "opening \(d): \(e)")
    }
}

@Test func xuNeedlemanTractionAndTangentAreDerivativesOfEnergy() {
    let law = XuNeedlemanLaw(normalStrength: 0.05, normalLength: 0.5, shearStrength: 0.04, shearLength: 0.7, r: 0.2)
    for d in sampleOpenings {
        let e = derivativeErrors(law, at: d)
        #expect(e.traction < 1e-7 && e.tangent < 1e-6, "opening \(d): \(e)")
    }
}

@Test func pprTractionAndTangentAreDerivativesOfEnergy() throws {
    for (pn, pt) in [(0.1, 0.1), (0.1, 0.15), (0.12, 0.08)] {
        let law = try ParkPaulinoRoeslerLaw(normalEnergy: pn, shearEnergy: pt, normalStrength: 0.06, shearStrength: 0.05,
                                            alpha: 3, beta: 2.5, lambdaN: 0.15, lambdaT: 0.1)
        for d in [Vec3(0.3, 0, 0), Vec3(0.5, 0.3, -0.2), Vec3(1.1, 0.1, 0.4), Vec3(-0.05, 0.2, 0.1)] {
            let e = derivativeErrors(law, at: d)
            #expect(e.traction < 1e-6 && e.tangent < 1e-5, "φn \(pn) φt \(pt) opening \(d): \(e)")
        }
    }
}

@Test func bilinearAndTabulatedTractionsAreDerivativesOfEnergy() throws {
    let bilinear = BilinearLaw(strength: 0.08, peakOpening: 0.2, finalOpening: 1.5, shearWeight: 0.8)
    let uber = UniversalBindingLaw(workOfSeparation: 0.1, length: 0.5)
    let xs = stride(from: 0.0, through: 8.0, by: 0.1).map { $0 }
    let table = try TabulatedLaw(openings: xs, energies: xs.map { uber.normalEnergy($0) }, tractions: xs.map { uber.normalTraction($0) })
    for d in [Vec3(0.1, 0, 0), Vec3(0.7, 0.2, 0.1), Vec3(1.2, -0.3, 0.05), Vec3(-0.02, 0, 0)] {
        let eb = derivativeErrors(bilinear, at: d)
        #expect(eb.traction < 1e-6 && eb.tangent < 1e-5, "bilinear \(d): \(eb)")
        let et = derivativeErrors(table, at: d + Vec3(0.013, 0, 0))
        #expect(et.traction < 1e-6 && et.tangent < 1e-4, "tabulated \(d): \(et)")
    }
}

@Test func areaUnderUBERAndXuNeedlemanIsEulerTimesPeakTimesLength() {
    let uber = UniversalBindingLaw(peakTraction: 0.05, peakOpening: 0.6)
    #expect(abs(uber.integratedWork(upTo: 60) - exp(1) * 0.05 * 0.6) < 1e-9)
    // The peak traction of the mode-I curve is where the formula says.
    let peak = (1...2000).map { uber.normalTraction(Double($0) * 0.001) }.max()!
    #expect(abs(peak - 0.05) < 1e-6)
    let xn = XuNeedlemanLaw(normalStrength: 0.07, normalLength: 0.4, shearStrength: 0.05, shearLength: 0.5, r: 0)
    #expect(abs(xn.integratedWork(upTo: 40) - exp(1) * 0.07 * 0.4) < 1e-9)
    #expect(abs(xn.normalEnergy(40) - exp(1) * 0.07 * 0.4) < 1e-12)
    #expect(abs(xn.normalTraction(0.4) - 0.07) < 1e-12)
}

@Test func pprAreaEqualsFractureEnergyWithPeakAtSetPosition() throws {
    let law = try ParkPaulinoRoeslerLaw(normalEnergy: 0.1, shearEnergy: 0.2, normalStrength: 0.06, shearStrength: 0.05,
                                        alpha: 4, beta: 3, lambdaN: 0.2, lambdaT: 0.1)
    #expect(abs(law.integratedWork(upTo: law.deltaN) - 0.1) < 1e-8)
    #expect(abs(law.normalEnergy(law.deltaN) - 0.1) < 1e-12)
    #expect(abs(law.normalEnergy(0)) < 1e-14)
    // Peak traction σmax at λn δn.
    let xs = (0...20000).map { Double($0) / 20000 * law.deltaN }
    let ts = xs.map { law.normalTraction($0) }
    let k = ts.indices.max { ts[$0] < ts[$1] }!
    #expect(abs(ts[k] - 0.06) < 1e-6)
    #expect(abs(xs[k] - law.peakOpening) < 2 * law.deltaN / 20000)
}

@Test func bilinearAreaIsHalfStrengthTimesFinalOpening() {
    let law = BilinearLaw(strength: 0.08, peakOpening: 0.2, finalOpening: 1.5)
    #expect(abs(law.integratedWork(upTo: 2) - 0.5 * 0.08 * 1.5) < 1e-9)
    #expect(abs(law.workOfSeparation - 0.06) < 1e-15)
}

@Test func damageDoesNotHealOnUnloading() {
    let law = UniversalBindingLaw(workOfSeparation: 0.1, length: 0.5)
    let lmax = 1.2  // past the peak at 0.5
    let envelope = law.effectiveResponse(opening: Vec3(lmax, 0, 0), maximumOpening: lmax).traction.x
    let unloaded = law.effectiveResponse(opening: Vec3(0.6, 0, 0), maximumOpening: lmax).traction.x
    #expect(abs(unloaded - envelope * 0.6 / lmax) < 1e-14)          // secant to the origin
    #expect(unloaded < law.normalTraction(0.6))                       // weaker than the virgin law
    let beyond = law.effectiveResponse(opening: Vec3(1.5, 0, 0), maximumOpening: lmax).traction.x
    #expect(abs(beyond - law.normalTraction(1.5)) < 1e-14)            // back on the envelope
}

@Test func fitsRecoverTheLawsTheyWereSampledFrom() throws {
    let truth = UniversalBindingLaw(workOfSeparation: 0.095, length: 0.55)
    let xs = stride(from: 0.0, through: 10.0, by: 0.05).map { $0 }
    let table = try TabulatedLaw(openings: xs, energies: xs.map { truth.normalEnergy($0) }, tractions: xs.map { truth.normalTraction($0) })
    let uber = CohesiveFitting.universalBinding(table)
    #expect(abs(uber.law.length - 0.55) < 1e-6 && abs(uber.law.separationEnergy - 0.095) < 1e-8)
    #expect(uber.relativeResidual < 1e-8)
    let xn = CohesiveFitting.xuNeedleman(table)
    #expect(abs(xn.law.normalLength - 0.55) < 1e-6 && xn.relativeResidual < 1e-8)
    let bl = CohesiveFitting.bilinear(table)
    #expect(abs(bl.law.workOfSeparation - table.workOfSeparation) < 1e-12)
    #expect(bl.relativeResidual > 1e-3)  // a triangle cannot match an exponential exactly: the residual says so
    let ppr = try CohesiveFitting.parkPaulinoRoesler(table)
    #expect(abs(ppr.law.workOfSeparation - table.workOfSeparation) < 1e-12)
    #expect(abs(ppr.law.peakOpening - table.peakOpening) < 1e-6)
    #expect(ppr.relativeResidual < 0.1)
}

@Test func tabulatedLawRejectsBadTables() {
    #expect(throws: InputError.self) { try TabulatedLaw(openings: [0, 1], energies: [0, 1], tractions: [0, 0]) }
    #expect(throws: InputError.self) { try TabulatedLaw(openings: [0, 2, 1], energies: [0, 1, 2], tractions: [0, 0, 0]) }
    #expect(throws: InputError.self) { try TabulatedLaw(openings: [0.1, 1, 2], energies: [0, 1, 2], tractions: [0, 0, 0]) }
}

@Test func lawFileRoundTripsAndRebuildsEveryFittedLaw() throws {
    let truth = UniversalBindingLaw(workOfSeparation: 0.1, length: 0.5)
    let xs = stride(from: 0.0, through: 8.0, by: 0.1).map { $0 }
    let derived = DerivedLaw(mode: "opening", direction: [0, 0, 1], relaxed: false, constraint: "rigid blocks",
                             openings: xs, energies: xs.map { truth.normalEnergy($0) }, tractions: xs.map { truth.normalTraction($0) }, area: 10)
    let file = try CohesiveLawFile(provenance: .init(potential: "test", structure: "synthetic", plane: [1, 1, 1]), law: derived, surfaceEnergy: 0.05)
    let text = try file.encoded()
    #expect(text.contains("\"energy_per_area\" : \"eV/angstrom^2\""))
    let back = try CohesiveLawFile.decode(text, source: "mem.json")
    #expect(back == file)
    for kind in ["tabulated", "uber", "xu-needleman", "ppr", "bilinear"] {
        let law = try back.cohesiveLaw(kind)
        #expect(abs(law.workOfSeparation - derived.workOfSeparation) < 1e-3 * derived.workOfSeparation, "\(kind)")
    }
    #expect(throws: InputError.self) { try CohesiveLawFile.decode("{\"format\": 3}", source: "bad.json") }
    #expect(throws: InputError.self) { try back.cohesiveLaw("nonsense") }
}

/// The smoothed Dugdale law (the Maugis-Dugdale comparisons' law): traction and tangent are the
/// derivatives of its energy, its area is W = σ0 h0, and it carries σ0 on its plateau.
@Test func dugdaleLawIsConsistentAndCarriesItsStressOverItsRange() throws {
    let law = try DugdaleLaw(stress: 0.1, workOfSeparation: 0.2, transitionFraction: 0.3, shearWeight: 0.8)
    for d in sampleOpenings {
        let e = derivativeErrors(law, at: d)
        #expect(e.traction < 1e-6 && e.tangent < 1e-5, "opening \(d): \(e)")
    }
    #expect(abs(law.integratedWork(upTo: 10) - 0.2) < 1e-7)
    #expect(abs(law.workOfSeparation - 0.2) < 1e-15)
    #expect(abs(law.normalTraction(1.0) - 0.1) < 1e-15)
    #expect(law.normalTraction(2.6) == 0)
}
