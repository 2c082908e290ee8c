import Foundation
import Testing
import SeamCore
import SeamNumerics

/// The n x n 1D Dirichlet Laplacian tridiag(-1, 2, -1): eigenvalues 2 - 2cos(kπ/(n+1)),
/// eigenvectors sin(jkπ/(n+1)).
private func laplacian(_ n: Int) -> [Double] {
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        a[i * n + i] = 2
        if i > 0 { a[i * n + i - 1] = -1; a[(i - 1) * n + i] = -1 }
    }
    return a
}

@Test(arguments: [1, 7, 60])
func dsyevdGivesTheLaplacianSpectrumAscendingWithOrthonormalVectors(_ n: Int) throws {
    let a = laplacian(n)
    let e = try DenseLinearAlgebra.symmetricEigen(a, dimension: n)
    for k in 1...n {
        let exact = 2 - 2 * cos(Double(k) * Double.pi / Double(n + 1))
        #expect(abs(e.values[k - 1] - exact) < 1e-13)
    }
    for k in 0..<n {
        let v = Array(e.vector(k))
        // A v = λ v.
        for i in 0..<n {
            var av = 0.0
            for j in 0..<n { av += a[i * n + j] * v[j] }
            #expect(abs(av - e.values[k] * v[i]) < 1e-12)
        }
        // Parallel to the analytic mode, unit length.
        let mode = (1...n).map { sin(Double($0 * (k + 1)) * Double.pi / Double(n + 1)) }
        let norm = mode.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let overlap = zip(v, mode).reduce(0) { $0 + $1.0 * $1.1 } / norm
        #expect(abs(abs(overlap) - 1) < 1e-12)
    }
    let valuesOnly = try DenseLinearAlgebra.symmetricEigen(a, dimension: n, vectors: false)
    #expect(valuesOnly.vectors.isEmpty)
    #expect(zip(valuesOnly.values, e.values).allSatisfy { abs($0 - $1) < 1e-13 })
}

@Test func dsyevdReadsOnlyTheLowerTriangle() throws {
    // Garbage above the diagonal must not matter.
    var a = laplacian(5)
    for i in 0..<5 { for j in (i + 1)..<5 { a[i * 5 + j] = 99 } }
    let e = try DenseLinearAlgebra.symmetricEigen(a, dimension: 5)
    #expect(abs(e.values[0] - (2 - 2 * cos(Double.pi / 6))) < 1e-13)
}

@Test func dgesvSolvesAndReportsSingularMatrices() throws {
    let n = 30
    let x = (0..<(2 * n)).map { sin(Double($0)) }  // two right-hand sides, row-major n x 2
    let a = laplacian(n)
    var b = [Double](repeating: 0, count: 2 * n)
    for i in 0..<n { for j in 0..<n { for c in 0..<2 { b[i * 2 + c] += a[i * n + j] * x[j * 2 + c] } } }
    let solved = try DenseLinearAlgebra.solve(a, dimension: n, rightHandSides: b)
    #expect(zip(solved, x).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(throws: NumericalError.self) {
        try DenseLinearAlgebra.solve([1, 2, 2, 4], dimension: 2, rightHandSides: [1, 1])
    }
    #expect(throws: NumericalError.self) {
        try DenseLinearAlgebra.symmetricEigen([1, .nan, .nan, 1], dimension: 2)
    }
}
