import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// The continuum next to the atoms is flagged when its Cauchy-Born tangent loses strong
/// ellipticity (here: a 15% equibiaxial in-plane stretch of LJ fcc, beyond its ideal strength).
@Suite struct StabilityFlagTests {
    @Test("Cells next to the atomistic region are flagged beyond the Cauchy-Born stable range, and not below it")
    func flagsUnstableContinuumNearAtoms() throws {
        let small = Mat3(diagonal: 1.01, 1, 1), large = Mat3(diagonal: 1.15, 1.15, 1)
        let problem = try Fixtures.argonProblem(small)
        let material = problem.model.material
        #expect(try material.response(at: small, request: .tangent).stable)
        #expect(try !material.response(at: large, request: .tangent).stable)
        #expect(try problem.unstableCellsNearRegion(problem.uniformState(small).displacement).isEmpty)
        let flagged = try problem.unstableCellsNearRegion(problem.uniformState(large).displacement)
        print("flagged \(flagged.count) cells near the region at 15% biaxial stretch")
        #expect(!flagged.isEmpty)
    }
}
