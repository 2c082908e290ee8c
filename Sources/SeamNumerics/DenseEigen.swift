import CLapack
import SeamCore

/// Dense symmetric eigenproblems and general linear systems through LAPACK (LAPACKE, netlib
/// front end over OpenBLAS): one Swift function per C routine, status codes turned into
/// `NumericalError`s.
///
/// Matrices are flat `[Double]` of n·n values in row-major order. For the symmetric routine only
/// the lower triangle (row-major entries with i ≥ j) is read. Sizes are limited to 32-bit
/// LAPACK indices (n·n < 2^31). Intended for Hessians and normal modes (3N x 3N) of systems up to
/// a few thousand degrees of freedom; `dsyevd` (divide and conquer) costs O(n^3).
public enum DenseLinearAlgebra {
    /// Eigenvalues (ascending) and orthonormal eigenvectors of a real symmetric matrix.
    public struct SymmetricEigen: Sendable {
        public let dimension: Int
        /// Eigenvalues in ascending order.
        public let values: [Double]
        /// Eigenvectors stored one after another: vector k is `vectors[k*n ..< (k+1)*n]`
        /// (empty when only values were asked for).
        public let vectors: [Double]
        /// Eigenvector k (unit length; its overall sign is arbitrary).
        public func vector(_ k: Int) -> ArraySlice<Double> { vectors[k * dimension ..< (k + 1) * dimension] }
    }

    /// Symmetric eigendecomposition A v_k = λ_k v_k with LAPACK `dsyevd`.
    /// - Parameters:
    ///   - matrix: n·n values, row-major; the lower triangle is used.
    ///   - vectors: also compute eigenvectors.
    /// - Throws: `NumericalError(.notANumber)` for non-finite entries, `.noConvergence` when
    ///   LAPACK reports that the divide-and-conquer iteration failed (info > 0).
    public static func symmetricEigen(_ matrix: [Double], dimension n: Int, vectors: Bool = true) throws -> SymmetricEigen {
        precondition(n >= 0 && matrix.count == n * n, "symmetricEigen needs \(n)x\(n) = \(n * n) values, got \(matrix.count)")
        precondition(n * n < Int(Int32.max), "matrix too large for 32-bit LAPACK")
        if let k = matrix.firstIndex(where: { !$0.isFinite }) {
            throw NumericalError(.notANumber, "dsyevd: matrix entry (\(k / n), \(k % n)) is \(matrix[k])")
        }
        if n == 0 { return SymmetricEigen(dimension: 0, values: [], vectors: []) }
        // Column-major with uplo 'U' reads A(i, j), i ≤ j, at j*n + i: the row-major lower triangle.
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let jobz = CChar(UInt8(ascii: vectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "U"))
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, uplo, Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        try check(info, routine: "dsyevd", positive: .noConvergence,
                  "\(info) off-diagonal elements of an intermediate tridiagonal form did not converge")
        return SymmetricEigen(dimension: n, values: w, vectors: vectors ? a : [])
    }

    /// Solves A X = B for a general square A with LAPACK `dgesv` (LU with partial pivoting).
    /// - Parameters:
    ///   - matrix: n·n values, row-major.
    ///   - rightHandSides: n·m values, row-major (row i holds the i-th component of each of the
    ///     m right-hand sides).
    /// - Returns: X in the layout of `rightHandSides`.
    /// - Throws: `NumericalError(.singular)` when U(i,i) is exactly zero (info > 0),
    ///   `.notANumber` for non-finite input.
    public static func solve(_ matrix: [Double], dimension n: Int, rightHandSides b: [Double]) throws -> [Double] {
        precondition(n >= 1 && matrix.count == n * n, "solve needs \(n)x\(n) = \(n * n) matrix values, got \(matrix.count)")
        precondition(b.count % n == 0, "right-hand sides must be n x m, got \(b.count) values for n = \(n)")
        let m = b.count / n
        if let k = matrix.firstIndex(where: { !$0.isFinite }) {
            throw NumericalError(.notANumber, "dgesv: matrix entry (\(k / n), \(k % n)) is \(matrix[k])")
        }
        if b.contains(where: { !$0.isFinite }) { throw NumericalError(.notANumber, "dgesv: right-hand side is not finite") }
        var a = matrix, x = b
        var pivots = [Int32](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { ap in
            x.withUnsafeMutableBufferPointer { xp in
                pivots.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(m), ap.baseAddress, Int32(n), pp.baseAddress,
                                  xp.baseAddress, Int32(m))
                }
            }
        }
        try check(info, routine: "dgesv", positive: .singular, "U(\(info),\(info)) is exactly zero: the matrix is singular")
        return x
    }

    /// info < 0: an argument was illegal, a bug in this wrapper; info > 0: a numerical failure.
    private static func check(_ info: Int32, routine: String, positive kind: NumericalError.Kind, _ message: @autoclosure () -> String) throws {
        precondition(info >= 0, "\(routine): argument \(-info) had an illegal value")
        if info > 0 { throw NumericalError(kind, "\(routine): \(message())") }
    }
}
