import Testing
import SeamCore
import SeamFEM
import SeamTestSupport

/// A generic, moderately large deformation (J ≈ 1.05, stretches up to ~15%, shear).
let sampleDeformation = Mat3([1.12, 0.07, -0.04, 0.03, 0.95, 0.09, -0.05, 0.02, 1.04])
/// A rotation used for objectivity checks.
let sampleRotation = PotentialChecks.rotation(axis: Vec3(0.2, -0.7, 0.4), angle: 1.1)

/// Both isotropic hyperelastic models with the same constants (E = 1 eV/Å^3, ν = 0.3).
func isotropicMaterials() throws -> [any Material] {
    [try SaintVenantKirchhoff(youngsModulus: 1, poissonRatio: 0.3),
     try CompressibleNeoHookean(youngsModulus: 1, poissonRatio: 0.3)]
}

@Test(arguments: [0, 1])
func isotropicStressIsEnergyDerivativeAndTangentIsStressDerivative(_ which: Int) throws {
    let m = try isotropicMaterials()[which]
    for f in [Mat3.identity + 0.01 * sampleDeformation, sampleDeformation] {
        #expect(try FEMChecks.materialStressError(m, at: f) < 1e-8)
        #expect(try FEMChecks.materialTangentError(m, at: f) < 1e-8)
        #expect(try MaterialChecks.tangentSymmetryError(m, at: f) < 1e-13)
    }
}

@Test(arguments: [0, 1])
func isotropicEnergyIsObjective(_ which: Int) throws {
    let m = try isotropicMaterials()[which]
    let e = try MaterialChecks.objectivityErrors(m, at: sampleDeformation, rotation: sampleRotation)
    #expect(e.energy < 1e-12)
    #expect(e.stress < 1e-12)
}

@Test(arguments: [0, 1])
func isotropicTangentAtIdentityIsLameTensor(_ which: Int) throws {
    let m = try isotropicMaterials()[which]
    let lame = try LameParameters(youngsModulus: 1, poissonRatio: 0.3)
    let r = try m.response(at: .identity, request: .all)
    #expect(abs(r.energyDensity) < 1e-15)
    #expect(r.stress.maxAbs < 1e-15)
    var diff = 0.0
    for (x, y) in zip(r.tangent.components, lame.isotropicTensor.components) { diff = max(diff, abs(x - y)) }
    #expect(diff < 1e-14)
    // Small strain: P ≈ C : ε to first order (error O(ε²)).
    let eps = 1e-6 * Mat3([1, 0.3, -0.2, 0.3, -0.5, 0.1, -0.2, 0.1, 0.7])
    let p = try m.response(at: .identity + eps, request: .stress).stress
    let linear = lame.lambda * eps.trace * Mat3.identity + 2 * lame.mu * eps
    #expect((p - linear).maxAbs < 1e-11)
}

@Test func lameConversionRoundTripsAndRejectsBadInput() throws {
    let l = try LameParameters(youngsModulus: 2.5, poissonRatio: 0.25)
    #expect(abs(l.youngsModulus - 2.5) < 1e-14)
    #expect(abs(l.poissonRatio - 0.25) < 1e-14)
    #expect(abs(l.lambda - l.mu) < 1e-14)  // ν = 1/4 gives λ = μ
    #expect(throws: InputError.self) { try LameParameters(youngsModulus: 1, poissonRatio: 0.5) }
    #expect(throws: InputError.self) { try LameParameters(lambda: 1, mu: -1) }
    #expect(throws: InputError.self) { try SaintVenantKirchhoff(youngsModulus: -1, poissonRatio: 0.3) }
}

@Test func neoHookeanRejectsInvertedDeformation() throws {
    let m = try CompressibleNeoHookean(lambda: 1, mu: 0.5)
    #expect(throws: NumericalError.self) { try m.response(at: Mat3(diagonal: 1, 1, -0.1), request: .all) }
    // Energy grows without bound under compression toward J → 0 (unlike Saint Venant-Kirchhoff).
    let w1 = try m.response(at: Mat3(diagonal: 1, 1, 0.1), request: .energy).energyDensity
    let w2 = try m.response(at: Mat3(diagonal: 1, 1, 0.01), request: .energy).energyDensity
    #expect(w2 > w1 && w1 > 0)
    let svk = try SaintVenantKirchhoff(lambda: 1, mu: 0.5)
    let s1 = try svk.response(at: Mat3(diagonal: 1, 1, 0.01), request: .energy).energyDensity
    #expect(s1 < w2)
}

/// Neo-Hookean with a deliberately wrong stress (shear part scaled) or tangent (one
/// component perturbed): the checkers must see it.
struct BrokenMaterial: Material {
    let base: CompressibleNeoHookean
    let breakStress: Bool
    func response(at f: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        var r = try base.response(at: f, request: .all)
        if breakStress { r.stress[0, 1] *= 1.01 } else { r.tangent[0, 1, 2, 2] += 1e-3 }
        return r
    }
}

@Test func materialCheckersDetectInconsistentStressAndTangent() throws {
    let nh = try CompressibleNeoHookean(youngsModulus: 1, poissonRatio: 0.3)
    let badStress = BrokenMaterial(base: nh, breakStress: true), badTangent = BrokenMaterial(base: nh, breakStress: false)
    #expect(try FEMChecks.materialStressError(badStress, at: sampleDeformation) > 1e-4)
    #expect(try FEMChecks.materialTangentError(badTangent, at: sampleDeformation) > 1e-4)
    #expect(try MaterialChecks.tangentSymmetryError(badTangent, at: sampleDeformation) > 1e-4)
    #expect(try FEMChecks.materialStressError(badTangent, at: sampleDeformation) < 1e-8)
}
