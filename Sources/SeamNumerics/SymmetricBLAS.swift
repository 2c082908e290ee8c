import CLapack

/// Level-2 BLAS on dense symmetric matrices (OpenBLAS through CBLAS), one Swift function per C
/// routine. The matrix is n·n values, row-major, and only its lower triangle (entries (i, j)
/// with i ≥ j, at i·n + j) is read or written; the upper triangle is left untouched.
///
/// Written for the extended Kalman filter of training (`KalmanTrainer`), whose O(n²) covariance
/// update P ← P − X Xᵀ/a with X = P H is the hot loop (`seam-bench training`, EKF throughput):
/// one `dsymv` and one `dsyr` per update. Pointers are taken, not arrays, because the
/// covariance (n ≈ 1,300: 13 MB) is updated in place thousands of times.
public enum SymmetricBLAS {
    /// y ← α A x + β y with `dsymv` (A symmetric, lower triangle read).
    ///
    /// - Parameters:
    ///   - matrix: n·n values, row-major.
    ///   - vector: x, n values.
    ///   - result: y, n values (read when β ≠ 0).
    public static func multiply(_ matrix: UnsafePointer<Double>, dimension n: Int, _ vector: UnsafePointer<Double>,
                                into result: UnsafeMutablePointer<Double>, alpha: Double = 1, beta: Double = 0) {
        precondition(n >= 1 && n < Int(Int32.max), "dsymv: dimension \(n) out of range")
        cblas_dsymv(CblasRowMajor, CblasLower, Int32(n), alpha, matrix, Int32(n), vector, 1, beta, result, 1)
    }

    /// A ← A + α x xᵀ on the lower triangle with `dsyr`.
    ///
    /// - Parameters:
    ///   - matrix: n·n values, row-major (lower triangle updated).
    ///   - vector: x, n values.
    public static func rankOneUpdate(_ matrix: UnsafeMutablePointer<Double>, dimension n: Int, alpha: Double,
                                     _ vector: UnsafePointer<Double>) {
        precondition(n >= 1 && n < Int(Int32.max), "dsyr: dimension \(n) out of range")
        cblas_dsyr(CblasRowMajor, CblasLower, Int32(n), alpha, vector, 1, matrix, Int32(n))
    }
}
