import SeamCore

/// Sparse Cholesky factorisation A = L L^T of a symmetric positive-definite matrix (CHOLMOD).
///
/// The symbolic analysis (fill-reducing ordering, elimination tree, supernodes) is done once
/// in `init`; `factorize(values:)` then refactorises numerically for any values on the same
/// pattern, which is what Newton iterations and load steps need. Thin wrapper: one method per
/// CHOLMOD routine, CHOLMOD's status turned into `NumericalError`.
///
/// A `final class` because it owns a C resource with identity (the factor); not `Sendable`.
public final class CholeskySolver {
    /// Fill-reducing ordering for the symbolic analysis.
    public enum Ordering: Sendable {
        /// CHOLMOD's default strategy (tries AMD, then METIS/NESDIS when fill is large).
        case automatic
        /// Approximate minimum degree: cheap analysis, the best choice for 2D meshes.
        case amd
        /// METIS nested dissection: costlier analysis, about half the flops for 3D meshes.
        case metis
        /// No reordering (for tests).
        case natural
        /// AMD for 2D problems and METIS for 3D ones (measured in swift-recipe.md).
        public static func recommended(spatialDimension: Int) -> Ordering { spatialDimension >= 3 ? .metis : .amd }
    }

    private let handle: CholmodHandle
    /// The pattern this solver was analysed for.
    public let pattern: SparseMatrixPattern
    /// Whether `factorize(values:)` has succeeded at least once since the last failure.
    public private(set) var isFactorized = false
    /// Flops of one numeric factorisation, as counted by CHOLMOD's analysis (`Common->fl`).
    public let factorizationFlops: Double
    /// Nonzeros of the factor L (`Common->lnz`), the fill.
    public let factorNonzeros: Double

    /// Pivots with L_jj^2 < `singularityTolerance` x A_jj are reported as a numerically singular
    /// (not positive definite) matrix: LL^T of a positive semi-definite matrix (a structure with a
    /// rigid-body mode) otherwise "succeeds" with round-off pivots. 0 disables the check.
    public let singularityTolerance: Double

    /// The form of the factor.
    public enum Form: Sendable {
        /// A = L L^T (supernodal where CHOLMOD chooses it): positive-definite matrices only; an
        /// indefinite one is reported as `notPositiveDefinite`.
        case cholesky
        /// A = L D L^T, simplicial, without pivoting: symmetric indefinite matrices whose leading
        /// minors do not vanish (e.g. a stiffness made indefinite by a softening interface on an
        /// unstable equilibrium branch). Slower than the supernodal LL^T for large problems; gives
        /// the inertia (`negativeEigenvalueCount`). Used by path following through turning points.
        case ldlt
    }

    /// The form of the factor this solver computes.
    public let form: Form

    /// Number of negative eigenvalues of the last factorised matrix (count of negative entries of
    /// D, Sylvester's law of inertia); 0 for the `.cholesky` form, which only factors
    /// positive-definite matrices.
    public private(set) var negativeEigenvalueCount = 0

    /// Analyses the pattern symbolically (`cholmod_analyze`).
    public init(pattern: SparseMatrixPattern, ordering: Ordering = .automatic, singularityTolerance: Double = 1e-13,
                form: Form = .cholesky) throws {
        self.pattern = pattern
        self.singularityTolerance = singularityTolerance
        self.form = form
        handle = CholmodHandle(pattern: pattern, ordering: ordering, ldl: form == .ldlt)
        try handle.analyze()
        factorizationFlops = handle.flops
        factorNonzeros = handle.factorNonzeros
    }

    /// Numeric (re)factorisation with new values on the analysed pattern (`cholmod_factorize`).
    ///
    /// - Throws: `NumericalError(.notPositiveDefinite)` naming the column (in the factor's
    ///   permuted order) where the pivot failed or fell below `singularityTolerance`.
    public func factorize(values: [Double]) throws {
        precondition(values.count == pattern.nonzeroCount, "values must have \(pattern.nonzeroCount) entries")
        isFactorized = false
        try values.withUnsafeBufferPointer { try handle.factorize(values: $0) }
        if form == .ldlt {
            // Singularity test on |D_jj| relative to the diagonal (the analogue of L_jj^2 / A_jj).
            let (negative, ratio, column) = handle.inertia()
            if singularityTolerance > 0 && !(ratio >= singularityTolerance) {
                throw NumericalError(.singular, "matrix is numerically singular: LDL^T pivot at column \(column) of \(pattern.dimension) keeps only \(ratio) of its diagonal")
            }
            negativeEigenvalueCount = negative
            isFactorized = true
            return
        }
        if singularityTolerance > 0 {
            let (ratio, column) = handle.smallestPivotRatio()
            if !(ratio >= singularityTolerance) {
                throw NumericalError(.notPositiveDefinite, "matrix is numerically singular: pivot at column \(column) of \(pattern.dimension) keeps only \(ratio) of its diagonal (a mechanism or missing constraint?)")
            }
        }
        isFactorized = true
    }

    /// Solves A x = b with the current factor (`cholmod_solve`).
    public func solve(rhs: [Double]) throws -> [Double] {
        try solve(rhs: rhs, count: 1)
    }

    /// Solves A X = B for `count` right-hand sides stored one after another (column-major).
    public func solve(rhs: [Double], count: Int) throws -> [Double] {
        precondition(isFactorized, "factorize(values:) must succeed before solve")
        precondition(rhs.count == pattern.dimension * count, "rhs must have dimension x count entries")
        var out = [Double](repeating: 0, count: rhs.count)
        try rhs.withUnsafeBufferPointer { r in
            try out.withUnsafeMutableBufferPointer { try handle.solve(rhs: r, count: count, into: $0) }
        }
        return out
    }
}
