import Testing
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

@Suite struct CoupledSolverTests {
    @Test("Alternating solve from the reference state under a uniform boundary stretch converges to the homogeneous state")
    func solveRecoversHomogeneousState() throws {
        let f = Fixtures.stretch
        let problem = try Fixtures.argonProblem(f)
        var options = CouplingSolverOptions()
        options.forceTolerance = 1e-5
        let solution = try problem.solve(options: options)
        let exact = try problem.uniformState(f)
        let atomError = problem.realAtoms.map { (solution.final.state.positions[$0] - exact.positions[$0]).norm }.max()!
        let used = Set(problem.model.mesh.cells[0].connectivity.map { Int($0) })
        let nodeError = used.map { n in (0..<2).map { abs(solution.final.state.displacement[2 * n + $0] - exact.displacement[2 * n + $0]) }.max()! }.max()!
        print("solve: \(solution.iterations) iterations, \(solution.factorizations) factorisations, \(solution.continuumSolves) solves; atom error \(atomError) Å, node error \(nodeError) Å; history \(solution.atomForceHistory)")
        #expect(solution.final.maximumAtomForce < 1e-5 && solution.final.maximumNodeForce < 1e-5)
        #expect(atomError < 1e-3, "largest atom position error \(atomError) Å")
        #expect(nodeError < 1e-3, "largest nodal displacement error \(nodeError) Å")
        // The factor is reused: far fewer factorisations than continuum solves.
        #expect(solution.factorizations < solution.continuumSolves)
        #expect(!solution.leftStableRange)
    }
}
