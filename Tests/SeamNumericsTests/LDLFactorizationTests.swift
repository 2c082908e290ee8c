import Foundation
import Testing
import SeamCore
import SeamNumerics

/// The `.ldlt` form of `CholeskySolver` on the shifted 1D Laplacian tridiag(-1, 2 + s, -1),
/// whose eigenvalues are known in closed form: 2 - 2 cos(kπ/(n+1)) + s, k = 1…n.
@Suite struct LDLFactorizationTests {
    static func shiftedLaplacian(_ n: Int, shift: Double) -> (SparseMatrixPattern, [Double]) {
        var starts: [Int32] = [0], rows: [Int32] = [], values: [Double] = []
        for j in 0..<n {
            if j > 0 { rows.append(Int32(j - 1)); values.append(-1) }
            rows.append(Int32(j)); values.append(2 + shift)
            starts.append(Int32(rows.count))
        }
        return (SparseMatrixPattern(dimension: n, columnStarts: starts, rowIndices: rows), values)
    }

    @Test("LDLᵀ: an indefinite matrix is factorised, solved to round-off, and its negative-eigenvalue count is the closed form's",
          arguments: [-0.05, -0.3, 0.2])
    func inertiaMatchesClosedForm(shift: Double) throws {
        let n = 120
        let (p, v) = Self.shiftedLaplacian(n, shift: shift)
        let solver = try CholeskySolver(pattern: p, ordering: .amd, form: .ldlt)
        try solver.factorize(values: v)
        let expected = (1...n).filter { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) + shift < 0 }.count
        #expect(solver.negativeEigenvalueCount == expected)
        #expect(shift > 0 ? expected == 0 : expected > 0)
        let b = (0..<n).map { cos(0.3 * Double($0)) }
        let x = try solver.solve(rhs: b)
        let ax = p.multiply(values: v, x)
        let error = zip(ax, b).map { abs($0 - $1) }.max()!
        #expect(error < 1e-9)
        // The Cholesky form refuses the same matrix when it is indefinite.
        let cholesky = try CholeskySolver(pattern: p, ordering: .amd)
        if expected > 0 { #expect(throws: NumericalError.self) { try cholesky.factorize(values: v) } }
    }
}
