import Foundation
import Testing
import SeamCore
import SeamNumerics

/// Upper triangle of the 1D Laplacian-plus-shift tridiagonal matrix (2+s on the diagonal, -1 off it).
private func tridiagonal(_ n: Int, shift: Double) -> (SparseMatrixPattern, [Double]) {
    var starts: [Int32] = [0], rows: [Int32] = [], values: [Double] = []
    for j in 0..<n {
        if j > 0 { rows.append(Int32(j - 1)); values.append(-1) }
        rows.append(Int32(j)); values.append(2 + shift)
        starts.append(Int32(rows.count))
    }
    return (SparseMatrixPattern(dimension: n, columnStarts: starts, rowIndices: rows), values)
}

private func residual(_ p: SparseMatrixPattern, _ v: [Double], _ x: [Double], _ b: [Double]) -> Double {
    let ax = p.multiply(values: v, x)
    var r = 0.0, s = 0.0
    for i in 0..<b.count { r = max(r, abs(ax[i] - b[i])); s = max(s, abs(b[i])) }
    return r / s
}

@Test(arguments: [CholeskySolver.Ordering.amd, .metis, .automatic, .natural])
func choleskySolveOfSPDMatrixHasRoundOffResidual(ordering: CholeskySolver.Ordering) throws {
    let (p, v) = tridiagonal(200, shift: 0.01)
    let solver = try CholeskySolver(pattern: p, ordering: ordering)
    try solver.factorize(values: v)
    let b = (0..<200).map { sin(Double($0) * 0.1) + 1 }
    let x = try solver.solve(rhs: b)
    #expect(residual(p, v, x, b) < 1e-12)
    #expect(solver.factorizationFlops > 0)
    #expect(solver.factorNonzeros >= 200)
}

@Test func choleskySolvesSeveralRightHandSidesAtOnce() throws {
    let (p, v) = tridiagonal(50, shift: 0.5)
    let solver = try CholeskySolver(pattern: p)
    try solver.factorize(values: v)
    let b1 = [Double](repeating: 1, count: 50), b2 = (0..<50).map { Double($0) }
    let x = try solver.solve(rhs: b1 + b2, count: 2)
    #expect(residual(p, v, Array(x[0..<50]), b1) < 1e-13)
    #expect(residual(p, v, Array(x[50..<100]), b2) < 1e-13)
}

@Test func refactorisationWithNewValuesGivesTheNewSolution() throws {
    let (p, v1) = tridiagonal(100, shift: 0.1)
    let (_, v2) = tridiagonal(100, shift: 3.0)
    let solver = try CholeskySolver(pattern: p, ordering: .amd)
    let b = [Double](repeating: 1, count: 100)
    try solver.factorize(values: v1)
    let x1 = try solver.solve(rhs: b)
    try solver.factorize(values: v2)
    let x2 = try solver.solve(rhs: b)
    #expect(residual(p, v1, x1, b) < 1e-12)
    #expect(residual(p, v2, x2, b) < 1e-12)
    // The two systems differ, so the solutions must too (the new values were used).
    #expect(abs(x1[50] - x2[50]) > 1e-2)
}

@Test func indefiniteMatrixGivesNotPositiveDefiniteErrorNamingTheColumn() throws {
    var (p, v) = tridiagonal(30, shift: 0.1)
    // Make the diagonal at column 10 negative: the leading 11x11 minor is indefinite.
    let k = p.position(row: 10, column: 10)!
    v[k] = -5
    let solver = try CholeskySolver(pattern: p, ordering: .natural)
    do {
        try solver.factorize(values: v)
        Issue.record("expected a NumericalError")
    } catch let e as NumericalError {
        #expect(e.kind == .notPositiveDefinite)
        #expect(e.message.contains("column 10"))
    }
    // A later successful refactorisation recovers.
    let (_, good) = tridiagonal(30, shift: 0.1)
    try solver.factorize(values: good)
    let x = try solver.solve(rhs: [Double](repeating: 1, count: 30))
    #expect(residual(p, good, x, [Double](repeating: 1, count: 30)) < 1e-12)
}

@Test func singularPositiveSemidefiniteMatrixIsReportedAsNotPositiveDefinite() throws {
    // The 1D Laplacian with free ends (graph Laplacian) has the constant null vector; its LL^T
    // "succeeds" with a round-off last pivot unless the singularity check catches it.
    let n = 300
    var (p, v) = tridiagonal(n, shift: 0)
    v[p.position(row: 0, column: 0)!] = 1
    v[p.position(row: n - 1, column: n - 1)!] = 1
    for ordering in [CholeskySolver.Ordering.amd, .natural] {
        let solver = try CholeskySolver(pattern: p, ordering: ordering)
        #expect(throws: NumericalError.self) { try solver.factorize(values: v) }
    }
}
